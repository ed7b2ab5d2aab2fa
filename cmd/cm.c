/*
 * cm: global options, the command table, and dispatch through it. The
 * dispatcher does the set-up every command shares (database path, acting
 * user, opening the store) so commands only parse their own options.
 */
#include <getopt.h>
#include <pwd.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cm.h"
#include "cm/access.h"
#include "cm/case.h"
#include "cm/contact.h"
#include "cm/store.h"
#include "cm/text.h"
#include "cm/suggest.h"
#include "cm_config.h"
#include "cm/i18n.h"

/*
 * The command table, sorted by name: one row drives dispatch, `cm help`,
 * `cm --list-commands` and completion (`cm --list-options NAME`).
 */
const struct cm_command cm_commands[] = {
	{ "assess", cmd_assess, CM_CMD_DB | CM_CMD_WRITE, N_("record an assessment by life domain"),
	  N_("cm assess CASE --domain DOMAIN=SCORE[:NOTE]... [--strengths TEXT] [--final] [--format F]\n"
	  "cm assess CASE --json [--final] [--format F] < ASSESSMENT.json\n"
	  "cm assess CASE --list [--format F]\n"
	  "\n"
	  "  --domain D=S[:NOTE]  score a domain 0 (no problem) to 4 (severe); repeat per domain:\n"
	  "                       education, work-history, health, mental-health, housing, debts,\n"
	  "                       family, mobility, language, justice, addiction, digital\n"
	  "  --strengths TEXT     the person's strengths and resources\n"
	  "  --final              the reassessment at closure\n"
	  "  --json               read {\"domains\": {\"housing\": {\"score\": 3, \"note\": \"...\"}},\n"
	  "                       \"strengths\": \"...\"} from standard input\n"
	  "  --list               list the case's assessments\n"
	  "  --format F           text (prints the assessment id), json, csv, tsv\n"),
	  "--domain --strengths --final --json --list --format" },
	{ "assign", cmd_assign, CM_CMD_DB | CM_CMD_WRITE, N_("hand a case to another worker, with a reason"),
	  N_("cm assign CASE WORKER --reason TEXT [--format F]\n"
	  "cm assign --from W1 --to W2 [--programme P] [--state S] [--limit N] --reason TEXT\n"
	  "        [--dry-run] [--format F]\n"
	  "\n"
	  "  --reason TEXT  why the case changes hands (required)\n"
	  "  --from W1      every open case of W1 (who may have been deactivated)...\n"
	  "  --to W2        ...goes to W2, in one transaction, each case audited\n"
	  "  --programme P  only cases of this programme\n"
	  "  --state S      only cases in this state\n"
	  "  --limit N      at most N cases, the oldest first\n"
	  "  --dry-run      list what would move; change nothing\n"
	  "  --format F     text, json, csv or tsv: the case after the change, or the\n"
	  "                 cases that move (case, programme, state, from, to)\n"),
	  "--reason --from --to --programme --state --limit --dry-run --format" },
	{ "audit", cmd_audit, CM_CMD_DB | CM_CMD_WRITE | CM_CMD_LOGS,
	  N_("the audit log and the access log; --verify checks their hash chains"),
	  N_("cm audit [CASE] [--data] [--format FORMAT]\n"
	  "cm audit --verify [--head COUNT:HASH]\n"
	  "cm audit --head\n"
	  "cm audit --access [CASE | --person P | --worker W] [--from D] [--to D] [--format F]\n"
	  "\n"
	  "  CASE           only the records of this case (a number or ext:ID)\n"
	  "  --data         include before/after JSON and hashes (always in json/csv/tsv)\n"
	  "  --verify       check the file, the hash chain, the triggers, the redactions and\n"
	  "                 the data against the log; exit 1 naming the first fault\n"
	  "  --head         print the chain's head as COUNT:HASH, to keep elsewhere; with\n"
	  "                 --verify, check that the log still holds that head\n"
	  "  --access       the log of who looked at which file, and of listings\n"
	  "  --person P     with --access: one person's file (a number, ext:ID or case:N)\n"
	  "  --worker W     with --access: what one worker looked at\n"
	  "  --from, --to   with --access: the days, both included (YYYY-MM-DD)\n"
	  "  --format F     text, json, csv or tsv\n"),
	  "--data --verify --head --access --person --worker --from --to --format" },
	{ "close", cmd_close, CM_CMD_DB | CM_CMD_WRITE, N_("close a case with an outcome; follow-ups; reopen"),
	  N_("cm close CASE --outcome CODE [--date DATE] [--note TEXT] [--force] [--format F]\n"
	  "cm close CASE --follow-up 6|12|18 --situation CODE [--date DATE]\n"
	  "cm close CASE --reopen --reason TEXT [--format F]\n"
	  "\n"
	  "  --outcome CODE   employment, subsidised-employment, self-employment, apprenticeship,\n"
	  "                   training, education, other-service, moved, declined, lost-contact,\n"
	  "                   deceased, other\n"
	  "  --date DATE      closing or follow-up date, YYYY-MM-DD (default today)\n"
	  "  --note TEXT      a closing note\n"
	  "  --force          cancel open referrals and drop open plan actions (audited)\n"
	  "  --follow-up N    the situation N months after exit, on a closed case\n"
	  "  --situation CODE an outcome code, or unemployed, inactive, unknown\n"
	  "  --reopen         reopen into the state the case had before closing\n"
	  "  --reason TEXT    why the case is reopened (required with --reopen)\n"
	  "  --format F       text, json, csv or tsv: the case after the change\n"),
	  "--outcome --date --note --force --follow-up --situation --reopen --reason --format" },
	{ "consent", cmd_consent, CM_CMD_DB | CM_CMD_WRITE, N_("give or withdraw consent, by scope"),
	  N_("cm consent CASE give|withdraw SCOPE[,SCOPE]\n"
	  "cm consent CASE [--format FORMAT]\n"
	  "\n"
	  "  SCOPE          case-management or share-partners (or all)\n"
	  "  Without an action, prints the case's consent history.\n"),
	  "--format" },
	{ "contact", cmd_contact, CM_CMD_DB | CM_CMD_WRITE, N_("record a contact; the case's contact interval"),
	  N_("cm contact CASE --channel CHANNEL --duration MIN [--kind KIND] [--participants LIST]\n"
	  "        [--at DATETIME] [--note TEXT] [--format F]\n"
	  "cm contact CASE --every N[d|w|m]|default\n"
	  "cm contact CASE --list [--format F]\n"
	  "cm contact --edit ID [--channel C] [--duration MIN] ... [--reason TEXT]\n"
	  "cm contact --withdraw ID --reason TEXT\n"
	  "\n"
	  "  --channel C       in-person, phone, video, e-mail, letter, home-visit\n"
	  "  --duration MIN    minutes, 1 to 600 (optional for a no-show)\n"
	  "  --kind K          interview (default), case-conference, no-show\n"
	  "  --participants L  who took part (required for a case-conference)\n"
	  "  --at DATETIME     YYYY-MM-DD or YYYY-MM-DDTHH:MM, not in the future (default now)\n"
	  "  --note TEXT       what was discussed\n"
	  "  --every N         this case's minimum contact interval: N days, Nd, Nw (weeks) or\n"
	  "                    Nm (30-day months); default: back to the programme's rule\n"
	  "  --list            the case's contacts, oldest first\n"
	  "  --edit ID         correct contact ID with the options given (audited)\n"
	  "  --withdraw ID     take a contact recorded by mistake out of the case\n"
	  "  --reason TEXT     why (required with --withdraw)\n"
	  "  --format F        text (prints the contact id), json, csv, tsv\n"),
	  "--channel --duration --kind --participants --at --note --every --list --format --edit "
	  "--withdraw --reason" },
	{ "db", cmd_db, 0, N_("check, back up, migrate and copy the database"),
	  N_("cm db check\n"
	  "cm db backup FILE\n"
	  "cm db migrate\n"
	  "cm db copy --to TARGET\n"
	  "\n"
	  "  check          integrity, audit and access chains, triggers, redactions, data\n"
	  "                 against the audit log, file modes: one verdict a line, exit 1 on\n"
	  "                 any failure\n"
	  "  backup FILE    a consistent copy, made while others work (mode 0600)\n"
	  "  migrate        bring the schema up to this cm's version\n"
	  "  copy --to T    the whole database into a new file or an empty server\n"
	  "                 database, checked before it is kept\n"),
	  "--to" },
	{ "help", cmd_help, 0, N_("show help for a command"),
	  N_("cm help [COMMAND]\n"),
	  "" },
	{ "init", cmd_init, 0, N_("create the database and load the built-in programmes"),
	  N_("cm init [--programme P] [--group GROUP]\n"
	  "\n"
	  "  --programme P  default programme for intake (default be-accompagnement)\n"
	  "  --group GROUP  the file and its directory readable and writable by this group\n"
	  "                 (a team on one server; see cm-deploy(7))\n"
	  "  The acting user becomes the first admin.\n"),
	  "--programme --group" },
	{ "intake", cmd_intake, CM_CMD_DB | CM_CMD_WRITE, N_("register a person and open a case"),
	  N_("cm intake --first-name NAME --last-name NAME [options]\n"
	  "cm intake --case CASE [--criteria LIST] [--consent LIST] [--condition LIST]\n"
	  "cm intake --import FILE --map MAP.json [--dry-run] [--strict] [--update-only]\n"
	  "          [--rejects PATH]\n"
	  "\n"
	  "  --first-name, --last-name NAME   required\n"
	  "  --birth-date DATE   YYYY-MM-DD, not in the future\n"
	  "  --sex S             male, female, other, unknown\n"
	  "  --ext-id ID         the person's identifier at the PES\n"
	  "  --source NAME       whose identifier it is (default local)\n"
	  "  --postcode, --phone, --email, --language, --notes TEXT\n"
	  "  --registered-on DATE  registration date at the PES\n"
	  "  --unemployed-since DATE, --left-education-on DATE  when the person became\n"
	  "                      unemployed, left formal education (Youth Guarantee clock)\n"
	  "  --benefit-status S  benefit, insertion-internship or none (trajectory quota)\n"
	  "  --condition LIST    the programme's own entry conditions met (be-trajet-specifique:\n"
	  "                      pms-factors, incapacity-33:permanent, incapacity-33:temporary:M)\n"
	  "  --unemployment-ended-on DATE  when the person's unemployment ended\n"
	  "  --programme P       default: the database's default programme\n"
	  "  --worker W          default: the acting user\n"
	  "  --referral-source S pes, school, partner, self, other\n"
	  "  --criteria LIST     complex,self-management,multi-provider,cooperation (or all)\n"
	  "  --consent LIST      case-management,share-partners (or all)\n"
	  "  --incapacity PCT    predicted permanent incapacity in percent (work-accident)\n"
	  "  --force             open the case even though the programme's eligibility rules\n"
	  "                      (age range, required dates, incapacity) exclude the person\n"
	  "  --person ID         the case is for this registered person (a likely duplicate)\n"
	  "  --new-person        a different person from the registered one they match\n"
	  "  --format F          text (prints the case number), json, csv, tsv\n"),
	  "--first-name --last-name --birth-date --sex --ext-id --source --postcode --phone "
	  "--email --language --notes --registered-on --unemployed-since --left-education-on "
	  "--benefit-status --unemployment-ended-on --condition "
	  "--programme --worker --referral-source "
	  "--criteria --consent --incapacity --force --person --new-person --case --import --map "
	  "--dry-run --strict --update-only --rejects --format" },
	{ "list", cmd_list, CM_CMD_DB | CM_CMD_WRITE | CM_CMD_LOGS, N_("list cases, filtered and sorted"),
	  N_("cm list [--worker W | --mine] [--state S] [--programme P] [--open | --closed | --any]\n"
	  "        [--name TEXT] [--sort case|name|opened|worker|state] [--format FORMAT]\n"
	  "\n"
	  "  Lists open cases by default. --name finds TEXT in the first and last names,\n"
	  "  ignoring case and accents.\n"),
	  "--worker --mine --state --programme --open --closed --any --name --sort --format" },
	{ "log", cmd_log, CM_CMD_DB | CM_CMD_WRITE | CM_CMD_LOGS, N_("a case's timeline, newest first"),
	  N_("cm log CASE [--format FORMAT]\n"),
	  "--format" },
	{ "offer", cmd_offer, CM_CMD_DB | CM_CMD_WRITE, N_("record a Youth Guarantee offer"),
	  N_("cm offer CASE --kind KIND --accepted yes|no [--date DATE] [--format F]\n"
	  "\n"
	  "  --kind KIND       job, education, apprenticeship or traineeship\n"
	  "  --accepted yes|no whether the person took it up\n"
	  "  --date DATE       when it was made, YYYY-MM-DD (default today)\n"
	  "  --format F        text, json, csv or tsv: the offer and its deadline\n"),
	  "--kind --accepted --date --format" },
	{ "partner", cmd_partner, CM_CMD_DB | CM_CMD_WRITE, N_("the network: partner institutions"),
	  N_("cm partner add NAME --domain D [--agreement REF] [--agreement-date DATE]\n"
	  "        [--phone P] [--email E] [--address A] [--format F]\n"
	  "cm partner list [--all] [--domain D] [--format F]\n"
	  "cm partner show ID [--format F]\n"
	  "cm partner edit ID [--name NAME] [--domain D] [--agreement REF] ...\n"
	  "cm partner deactivate ID\n"
	  "\n"
	  "  --domain D        employment, training, education, health, mental-health, housing,\n"
	  "                    debt, childcare, family, youth, disability, migration, justice,\n"
	  "                    addiction, seniors, social-assistance, other\n"
	  "  --agreement REF   reference of the cooperation agreement\n"
	  "  --agreement-date  its date, YYYY-MM-DD\n"
	  "  --all             list deactivated partners too\n"
	  "  On edit, an empty value clears an optional field.\n"
	  "  --format F        text (add prints the partner id), json, csv, tsv\n"),
	  "--name --domain --agreement --agreement-date --phone --email --address --all --format" },
	{ "person", cmd_person, CM_CMD_DB | CM_CMD_WRITE,
	  N_("a person's data: corrections, full export, pseudonymisation, duplicates"),
	  N_("cm person edit PERSON --FIELD VALUE... [--reason TEXT]\n"
	  "cm person export PERSON\n"
	  "cm person pseudonymise PERSON --reason TEXT [--dry-run] [--format F]\n"
	  "cm person pseudonymise --closed-before DATE --reason TEXT [--dry-run] [--format F]\n"
	  "cm person duplicates [--format F]\n"
	  "cm person link A B [--reason TEXT] | unlink A B\n"
	  "\n"
	  "  PERSON         a person number, ext:ID, or case:N (the person of case N)\n"
	  "  edit           correct --first-name, --last-name, --birth-date, --sex, --ext-id,\n"
	  "                 --source, --postcode, --phone, --email, --language,\n"
	  "                 --registered-on, --notes (\"\" clears), audited\n"
	  "  export         everything held about the person, as JSON (right of access)\n"
	  "  pseudonymise   remove names, identifiers, contact details and notes\n"
	  "                 (all the person's cases must be closed)\n"
	  "  --closed-before DATE  everyone whose cases all closed before DATE\n"
	  "  duplicates     likely pairs: the same name and birth date, the names\n"
	  "                 swapped, or one external id under two sources\n"
	  "  link, unlink   record that persons A and B are one person, or undo it\n"),
	  "--reason --closed-before --dry-run --format --first-name --last-name --birth-date --sex "
	  "--ext-id --source --postcode --phone --email --language --registered-on --notes" },
	{ "plan", cmd_plan, CM_CMD_DB | CM_CMD_WRITE, N_("goals, actions, signatures and versions of the plan"),
	  N_("cm plan CASE goal add TEXT [--due DATE] [--priority N]\n"
	  "cm plan CASE goal edit GOAL [--text TEXT] [--due DATE] [--priority N]\n"
	  "cm plan CASE goal done|drop GOAL\n"
	  "cm plan CASE action add GOAL TEXT --owner client|worker|partner:ID --due DATE\n"
	  "cm plan CASE action edit ACTION [--text TEXT] [--owner OWNER] [--due DATE]\n"
	  "cm plan CASE action done|drop ACTION [--note TEXT]\n"
	  "cm plan CASE sign --by client|worker\n"
	  "cm plan CASE show [--format F] [-o FILE]\n"
	  "\n"
	  "  goal add and action add print the new id (text) or a record (json, csv, tsv).\n"
	  "  A change to a signed plan starts a new version that both must sign again.\n"
	  "  --priority N   the goal's priority, 1 (first) to 9; plan show lists goals by it\n"
	  "  --format F     text, json, csv or tsv; html for show: the plan to sign\n"
	  "  -o FILE        with show --format html: write the page to FILE\n"),
	  "--due --owner --note --by --priority --text --format --output" },
	{ "programme", cmd_programme, CM_CMD_DB | CM_CMD_WRITE, N_("list, show, add and edit programme profiles"),
	  N_("cm programme list [--format F]\n"
	  "cm programme show ID [--format F]\n"
	  "cm programme add FILE\n"
	  "cm programme edit ID FILE\n"
	  "\n"
	  "  FILE          a profile (JSON; see cm-programme(1)); - reads standard input\n"
	  "  --format F    text, json, csv or tsv; show --format json prints the profile\n"
	  "                itself, ready to edit and load back\n"),
	  "--format" },
	{ "refer", cmd_refer, CM_CMD_DB | CM_CMD_WRITE, N_("refer to a partner; status, feedback, disclosures"),
	  N_("cm refer CASE --partner ID --reason TEXT --share FIELD,...|none [--feedback-days N]\n"
	  "cm refer --update REF [--status STATUS] [--feedback TEXT] [--date DATE]\n"
	  "cm refer --packet REF [--format json|html] [-o FILE]\n"
	  "cm refer --list CASE [--format F]\n"
	  "cm refer --register CASE [--format F]\n"
	  "\n"
	  "  --share FIELDS    what the partner receives: first_name, last_name, birth_date,\n"
	  "                    phone, email, postcode, language, assessment, plan; or none.\n"
	  "                    Sharing needs the case's share-partners consent.\n"
	  "  --feedback-days N feedback due N days after sending (default: programme, else 14)\n"
	  "  --status S        accepted, declined, started, completed, no-show, cancelled\n"
	  "  --packet REF      the minimal packet for the partner, as JSON\n"
	  "  --list            the case's referrals\n"
	  "  --register        the person's disclosure register: what went to whom, when,\n"
	  "                    under which consent\n"
	  "  --format F        text (prints the referral id), json, csv, tsv; json or html\n"
	  "                    (a page) for --packet\n"
	  "  -o FILE           with --packet --format html: write the page to FILE\n"),
	  "--partner --reason --share --feedback-days --update --status --feedback --date --packet "
	  "--list --register --format --output" },
	{ "remind", cmd_remind, CM_CMD_DB | CM_CMD_WRITE | CM_CMD_LOGS, N_("what is due or overdue, per worker, for cron"),
	  N_("cm remind [--worker W | --all] [--within DAYS] [--exit-code] [--format F]\n"
	  "\n"
	  "  --worker W     this worker's cases (default: the acting user's)\n"
	  "  --all          every worker's cases, grouped by worker\n"
	  "  --within DAYS  what falls due within DAYS days, and everything overdue (default 7)\n"
	  "  --exit-code    exit 3 when anything is due\n"
	  "  --format F     text, json, csv or tsv\n"
	  "  Kinds: contact, action, referral-feedback, deadline, follow-up, plan-signature.\n"),
	  "--worker --all --within --exit-code --format" },
	{ "renew", cmd_renew, CM_CMD_DB | CM_CMD_WRITE, N_("record the renewal or extension a programme allows"),
	  N_("cm renew CASE --months N [--reason TEXT] [--format F]\n"
	  "\n"
	  "  --months N     by how many months (at most the programme's limit)\n"
	  "  --reason TEXT  why the case is renewed\n"
	  "  --format F     text, json, csv or tsv: the renewal and the case's new end\n"),
	  "--months --reason --format" },
	{ "report", cmd_report, CM_CMD_DB | CM_CMD_WRITE | CM_CMD_LOGS, N_("aggregate reports, small cells withheld"),
	  N_("cm report NAME [--from DATE] [--to DATE] [--programme P] [--team T]\n"
	  "        [--by worker|programme|month] [--min-cell N] [--format FORMAT]\n"
	  "\n"
	  "  NAME           caseload, outcomes, durations, youth-guarantee, quota, referrals,\n"
	  "                 contacts\n"
	  "  --from, --to   the window, both days included (default: the last full month);\n"
	  "                 caseload and quota count on --to (default: today)\n"
	  "  --programme P  only cases of this programme\n"
	  "  --team T       only cases of the workers of this team\n"
	  "  --by G         one row (or block) per worker, programme or month\n"
	  "  --min-cell N   withhold counts below N (default 5; below 5 for managers and admins)\n"
	  "  --format F     text, json, csv, tsv, or html: a page (NAME may then be all)\n"
	  "  -o FILE        with --format html: write the page to FILE\n"),
	  "--from --to --programme --team --by --min-cell --format --output" },
	{ "resume", cmd_resume, CM_CMD_DB | CM_CMD_WRITE, N_("take up a suspended case in the state it had"),
	  N_("cm resume CASE [--format F]\n"),
	  "--format" },
	{ "show", cmd_show, CM_CMD_DB | CM_CMD_WRITE | CM_CMD_LOGS, N_("one case: person, state, screening, consent"),
	  N_("cm show CASE [--format FORMAT]\n"),
	  "--format" },
	{ "suspend", cmd_suspend, CM_CMD_DB | CM_CMD_WRITE, N_("put a case on hold, with a reason"),
	  N_("cm suspend CASE --reason TEXT [--format F]\n"
	  "\n"
	  "  --reason TEXT  why the case is on hold (required)\n"
	  "  --format F     text, json, csv or tsv: the case after the change\n"),
	  "--reason --format" },
	{ "worker", cmd_worker, CM_CMD_DB | CM_CMD_WRITE,
	  N_("the staff: logins, names, teams, roles (worker, manager, admin)"),
	  N_("cm worker add LOGIN --name NAME [--team T] [--role R] [--email ADDR]\n"
	  "cm worker list [--all] [--team T] [--format F]\n"
	  "cm worker show LOGIN [--format F]\n"
	  "cm worker edit LOGIN [--name NAME] [--team T] [--role R] [--email ADDR]\n"
	  "cm worker deactivate LOGIN\n"
	  "cm worker visibility [own|team]\n"
	  "\n"
	  "  LOGIN          1 to 64 characters of a-z 0-9 . _ -\n"
	  "  --name NAME    the worker's full name\n"
	  "  --team T       the team they belong to (an empty value clears it)\n"
	  "  --role R       worker (default): their own cases; manager: the team's cases\n"
	  "                 and reports; admin: programmes, partners, staff, database\n"
	  "  --email ADDR   where the daily digest goes\n"
	  "  --all          list deactivated workers too\n"
	  "  visibility     own (default): workers see their own cases; team: their team's\n"
	  "  Only an admin adds, edits or deactivates workers and sets the visibility.\n"
	  "  --format F     text, json, csv or tsv\n"),
	  "--name --team --role --email --all --format" },
};

const int cm_command_count = (int)(sizeof cm_commands / sizeof cm_commands[0]);

const struct cm_command *cm_command_find(const char *name)
{
	int i;

	for (i = 0; i < cm_command_count; i++)
		if (strcmp(cm_commands[i].name, name) == 0)
			return &cm_commands[i];
	return NULL;
}

/* Code points, so a translated "usage:" lines up the synopsis. */
static size_t utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

void cm_print_usage(const struct cm_command *c, FILE *out)
{
	const char *p = _(c->usage), *nl;
	/* TRANSLATORS: before the first synopsis line of a command's help. */
	const char *usage = _("usage:");
	/* TRANSLATORS: before the other synopsis lines, right-aligned under "usage:". */
	const char *or_label = _("or:");
	int width = (int)utf8_len(usage);
	int first = 1;

	/* Synopsis lines get "usage:" / "or:"; the rest is printed as is. */
	while (*p && strncmp(p, "cm ", 3) == 0) {
		nl = strchr(p, '\n');
		if (first)
			fprintf(out, "%s %.*s\n", usage, (int)(nl - p), p);
		else
			fprintf(out, "%*s%s %.*s\n", width - (int)utf8_len(or_label), "", or_label,
				(int)(nl - p), p);
		first = 0;
		p = nl + 1;
		while (*p == ' ') {
			nl = strchr(p, '\n');
			fprintf(out, "%*s %.*s\n", width, "", (int)(nl - p), p);
			p = nl + 1;
		}
	}
	fputs(p, out);
}

void cm_print_synopsis(FILE *out)
{
	fputs(_("usage: cm [--db PATH] [--user NAME] <command> [<options>] [<args>]\n"
		"       cm --version | --list-commands | --list-options COMMAND\n"
		"       cm help [COMMAND]\n"), out);
}

void cm_print_overview(FILE *out)
{
	int i;

	cm_print_synopsis(out);
	fputs(_("\ncommands:\n"), out);
	for (i = 0; i < cm_command_count; i++)
		fprintf(out, "  %-10s %s\n", cm_commands[i].name, _(cm_commands[i].summary));
	fputs(_("\n'cm help COMMAND' or 'cm COMMAND -h' tells more about a command.\n"), out);
}

static int unknown_command(const char *name)
{
	const char *best = NULL;
	size_t d, best_d = (size_t)-1;
	int i;

	for (i = 0; i < cm_command_count; i++) {
		d = cm_edit_distance(name, cm_commands[i].name);
		if (strncmp(name, cm_commands[i].name, strlen(name)) == 0 && *name)
			d = 1;
		if (d < best_d) {
			best_d = d;
			best = cm_commands[i].name;
		}
	}
	if (best && best_d <= 3)
		return cm_usage_error("unknown command '%s'; did you mean '%s'?", name, best);
	return cm_usage_error("unknown command '%s'; see 'cm help'", name);
}

/*
 * Does option opt take a value? The usage text says so: "--note TEXT",
 * "--due DATE", a placeholder in capitals after the option's name.
 */
static int takes_value(const struct cm_command *c, const char *opt)
{
	size_t n = strlen(opt);
	const char *p;

	if (strncmp(opt, "--", 2) != 0 || strchr(opt, '='))
		return 0;
	for (p = strstr(c->usage, opt); p; p = strstr(p + 1, opt))
		if (p[n] == ' ' && p[n + 1] >= 'A' && p[n + 1] <= 'Z')
			return 1;
	return 0;
}

/* -h anywhere asks for help, except as the value of an option (--note -h). */
static int wants_help(const struct cm_command *c, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if ((strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
		    && (i == 1 || !takes_value(c, argv[i - 1])))
			return 1;
	}
	return 0;
}

static char *default_db_path(void)
{
	const char *env = getenv("CM_DB"), *base = getenv("XDG_DATA_HOME"), *home;
	char *path = NULL;

	if (env && *env)
		return strdup(env);
	if (base && *base) {
		if (asprintf(&path, "%s/cm/cm.db", base) < 0)
			return NULL;
		return path;
	}
	home = getenv("HOME");
	if (!home || !*home) {
		struct passwd *pw = getpwuid(getuid());
		home = pw ? pw->pw_dir : "/";
	}
	if (asprintf(&path, "%s/.local/share/cm/cm.db", home) < 0)
		return NULL;
	return path;
}

/* The operating-system login: who really acts, whatever --user says. */
static const char *os_login(void)
{
	struct passwd *pw = getpwuid(geteuid());
	const char *env;

	if (pw)
		return pw->pw_name;
	env = getenv("LOGNAME");
	return env && *env ? env : "unknown";
}

static int list_options(const char *name)
{
	const struct cm_command *c = cm_command_find(name);

	if (!c)
		return unknown_command(name);
	printf("%s\n", c->options);
	return 0;
}

/*
 * A writing command's one transaction is committed only once what it printed
 * has reached stdout, so a full disk or a closed pipe cannot report failure
 * over a committed change (or success over a lost one). Exit 3 (done, with
 * something to look at) keeps the change too.
 */
static int commit_after_output(struct cm_store *s, int rc)
{
	struct cm_error err = { 0 };
	int keep = rc == 0 || rc == 3;

	if (keep && (fflush(stdout) != 0 || ferror(stdout))) {
		fprintf(stderr, _("cm: error: cannot write output: %m; nothing was changed\n"));
		keep = 0;
		rc = 1;
	}
	if (cm_store_finish(s, keep, &err) < 0)
		return cm_fail(&err);
	return rc;
}

/*
 * user is --user or $CM_USER (NULL when neither): a registered worker acting
 * through a shared account; the library checks the claim.
 */
/*
 * Every argument is text that may be stored and printed: refuse invalid
 * UTF-8, control characters (newline and tab aside, for notes) and oversized
 * values before anything is opened, naming the option they belong to.
 * Single-line fields are checked again where they are stored.
 */
static int check_arguments(int argc, char **argv)
{
	const char *why, *eq;
	int i;

	for (i = 1; i < argc; i++) {
		why = cm_text_problem(argv[i], CM_TEXT_NOTE);
		if (!why)
			continue;
		eq = strchr(argv[i], '=');
		if (strncmp(argv[i], "--", 2) == 0 && eq)
			return cm_usage_error("%.*s: the value %s", (int)(eq - argv[i]), argv[i], why);
		if (i > 1 && strncmp(argv[i - 1], "--", 2) == 0)
			return cm_usage_error("%s: the value %s", argv[i - 1], why);
		return cm_usage_error("argument %d %s", i, why);
	}
	return 0;
}

static int run_command(const struct cm_command *c, int argc, char **argv, const char *db,
		       const char *user)
{
	struct cm_ctx ctx = { .db_path = db, .user = user ? user : os_login(),
			      .os_user = os_login(), .command = c->name, .flags = c->flags,
			      .claimed_user = user };
	int rc;

	if ((rc = check_arguments(argc, argv)))
		return rc;
	if (wants_help(c, argc, argv)) {
		cm_print_usage(c, stdout);
		return 0;
	}
	if (c->flags & CM_CMD_DB)
		cm_pager_start();
	optind = 0;
	rc = c->fn(argc, argv, &ctx);
	if (ctx.store && (c->flags & CM_CMD_WRITE))
		rc = commit_after_output(ctx.store, rc);
	cm_store_close(ctx.store);
	return cm_pager_finish(rc);
}

int cm_ctx_open(struct cm_ctx *ctx)
{
	struct cm_error err = { 0 };
	unsigned f = ctx->flags;

	if (ctx->store || !(f & CM_CMD_DB))
		return 0;
	if (cm_access_open(&ctx->store, ctx->db_path,
			   (f & CM_CMD_LOGS) ? CM_OPEN_READ_SETUP
			   : (f & CM_CMD_WRITE) ? CM_OPEN_WRITE : CM_OPEN_READ,
			   ctx->os_user, ctx->claimed_user, ctx->command, &err) < 0) {
		ctx->store = NULL;
		return cm_fail(&err);
	}
	ctx->user = cm_store_user(ctx->store);
	if (f & CM_CMD_WRITE)
		cm_store_hold(ctx->store);
	return 0;
}

/* A full disk or a closed pipe is a failure, not a silent success. */
static int finish_output(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		if (rc == 0)
			fprintf(stderr, _("cm: error: cannot write output: %m\n"));
		return rc ? rc : 1;
	}
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "user", required_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "list-commands", no_argument, NULL, 'L' },
		{ "list-options", required_argument, NULL, 'O' },
		{ "list-values", required_argument, NULL, 'W' },
		{ NULL, 0, NULL, 0 },
	};
	const char *user = NULL;
	char *db = NULL;
	const struct cm_command *c;
	int opt, rc, i;

	cm_i18n_init();
	/* cm is single-threaded: stdio need not lock stdout for every character. */
	__fsetlocking(stdout, FSETLOCKING_BYCALLER);
	opterr = 0;
	while ((opt = cm_getopt(argc, argv, "+:h", longopts)) != -1) {
		switch (opt) {
		case 'd':
			free(db);
			db = strdup(optarg);
			break;
		case 'u':
			user = optarg;
			break;
		case 'h':
			cm_print_overview(stdout);
			free(db);
			return finish_output(0);
		case 'V':
			printf("cm %s\n", CM_VERSION);
			free(db);
			return finish_output(0);
		case 'L':
			for (i = 0; i < cm_command_count; i++)
				printf("%s\n", cm_commands[i].name);
			free(db);
			return finish_output(0);
		case 'O':
			free(db);
			return finish_output(list_options(optarg));
		case 'W':
			free(db);
			return finish_output(cm_list_values(optarg,
							    optind < argc ? argv[optind] : NULL));
		default:
			free(db);
			if (opt == CM_OPT_REPEATED)
				return 2;
			if (opt == ':')
				return cm_usage_error("option '%s' requires a value", argv[optind - 1]);
			return cm_usage_error("unknown option '%s'; see 'cm --help'", argv[optind - 1]);
		}
	}
	if (optind >= argc) {
		free(db);
		cm_print_synopsis(stderr);
		return 2;
	}
	c = cm_command_find(argv[optind]);
	if (!c) {
		free(db);
		return unknown_command(argv[optind]);
	}
	if (user && !*user) {
		free(db);
		return cm_usage_error("--user: must not be empty");
	}
	if (!db)
		db = default_db_path();
	if (!db)
		return cm_failure("out of memory");
	if (!user && getenv("CM_USER") && *getenv("CM_USER"))
		user = getenv("CM_USER");
	rc = run_command(c, argc - optind, argv + optind, db, user);
	free(db);
	return finish_output(rc);
}
