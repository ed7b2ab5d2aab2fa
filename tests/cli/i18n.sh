#!/bin/sh
# cm in French, Dutch and German: the language follows LANGUAGE, LC_ALL,
# LC_MESSAGES and LANG, even with no locale generated (C.UTF-8); a French
# run of the README's tour with its whole text outputs; each command's
# error in French, Dutch and German; and what scripts read (json, csv,
# tsv, exit statuses, the database, what the audit chain hashes) is the
# same in every language, byte for byte.
. "$TESTS_DIR/lib/cli.sh"

# Run cm in language $1 the way a machine without that locale does.
in_lang()
{
	local lang=$1
	shift
	current="LANGUAGE=$lang cm $*"
	env -u LC_ALL LANG=C.UTF-8 LANGUAGE="$lang" "$CM" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
	code=$?
	out=$(cat "$TMP/out")
	err=$(cat "$TMP/err")
}

fr() { in_lang fr "$@"; }

# cm in language $1 fails with exit code $2 and the one-line message $3.
expect_failure()
{
	local lang=$1 want_code=$2 want=$3
	shift 3
	in_lang "$lang" "$@"
	expect_code "$want_code"
	checks=$((checks + 1))
	[ "$err" = "$want" ] || fail "stderr: $err
  expected: $want"
}

# What the database holds, save what differs between any two runs (the
# real time and login of each record, and the hashes that cover them):
# the same in every language.
stored()
{
	local CM_DB=$1 order
	db_tables | grep -vx 'audit\|access\|audit_head\|access_head' |
	while read -r t; do
		printf '== %s\n' "$t"
		# A server's rows in the order of their whole value, column by column.
		order=rowid
		db_is_server && order="\"$t\""
		db_sql "SELECT * FROM \"$t\" ORDER BY $order"
	done
	db_sql "SELECT id, at, actor, command, entity, entity_id, case_id, summary,
		summary_sha, before, after, before_sha, after_sha FROM audit ORDER BY id"
}

# ---- choosing the language ----

# Unset or C is English; glibc ignores LANGUAGE under the C locale.
run env -u LC_ALL -u LANG -u LANGUAGE "$CM" help nosuch
expect_code 2
expect_err <<'X'
cm: error: no such command 'nosuch'; see 'cm help'
X
run env LC_ALL=C LANGUAGE=fr "$CM" help nosuch
expect_err <<'X'
cm: error: no such command 'nosuch'; see 'cm help'
X
fr help nosuch
expect_code 2
expect_err <<'X'
cm : erreur : commande inexistante « nosuch » ; voir « cm help »
X
# A locale that is not generated on the machine still chooses the language.
run env -u LC_ALL -u LANGUAGE LANG=fr_BE.UTF-8 "$CM" help nosuch
expect_err <<'X'
cm : erreur : commande inexistante « nosuch » ; voir « cm help »
X
run env -u LC_ALL -u LANGUAGE LANG=C.UTF-8 LC_MESSAGES=nl_BE.UTF-8 "$CM" help nosuch
expect_err <<'X'
cm: fout: opdracht 'nosuch' bestaat niet; zie 'cm help'
X
in_lang de help nosuch
expect_err <<'X'
cm: Fehler: Befehl „nosuch“ gibt es nicht; siehe „cm help“
X
# Several synopsis lines: "ou :" is aligned under "utilisation :".
fr consent -h
expect_out <<'X'
utilisation : cm consent CASE give|withdraw SCOPE[,SCOPE]
         ou : cm consent CASE [--format FORMAT]

  SCOPE          case-management ou share-partners (ou all)
  Sans action, affiche l'historique des consentements du dossier.
X

# ---- the README's tour, in French ----
export CM_TODAY=2026-11-20 CM_NOW=2026-11-20T09:00:00Z
fr init
expect_code 0
expect_out <<X
base de données créée : $CM_DB
X
fr intake --first-name Léa --last-name Dupont --birth-date 2003-04-05 --ext-id BE-4471 --source actiris --referral-source pes --criteria complex,cooperation --consent case-management
expect_code 0
expect_out <<'X'
1
X
fr intake --case 1 --criteria self-management,multi-provider
expect_code 0
expect_out <<'X'
1
X
fr consent ext:BE-4471 give share-partners
expect_code 0
expect_out <<'X'
dossier 1 : consentement donné : share-partners
X
fr assess 1 --domain housing=3:sofa-surfing --domain debts=2 --strengths motivated
expect_code 0
expect_out <<'X'
1
X
fr plan 1 goal add 'Find stable housing' --due 2027-02-28
expect_code 0
expect_out <<'X'
1
X
fr partner add 'CPAS Ixelles' --domain social-assistance
expect_code 0
expect_out <<'X'
1
X
fr plan 1 action add 1 'Apply for social housing' --owner client --due 2026-12-15
expect_code 0
expect_out <<'X'
1
X
fr plan 1 sign --by client
expect_code 0
expect_out <<'X'
dossier :         1
version du plan : 1
signé par :       demandeur d'emploi
état :            plan d'action
X
fr plan 1 sign --by worker
expect_code 0
expect_out <<'X'
dossier :         1
version du plan : 1
signé par :       conseiller
état :            accompagnement
X
fr contact 1 --channel in-person --duration 60 --note 'first interview'
expect_code 0
expect_out <<'X'
1
X
fr refer 1 --partner 1 --reason 'housing application' --share first_name,last_name,assessment
expect_code 0
expect_out <<'X'
1
X
expect_err <<'X'
cm : avertissement : le partenaire 1 (CPAS Ixelles) n'a pas de convention enregistrée ; le réseau devrait fonctionner par conventions entre institutions
X
fr refer --update 1 --status accepted --feedback 'appointment on 3 Dec'
expect_code 0
expect_out <<'X'
orientation 1 : statut accepted, retour enregistré
X
fr list --mine
expect_code 0
expect_out <<'X'
DOSSIER  PERSONNE  IDENTIFIANT EXTERNE  SOURCE   PRÉNOM  NOM     DATE DE NAISSANCE  PROGRAMME          CONSEILLER  ÉTAT            OUVERT LE   CLÔTURÉ LE  ISSUE
1        1         BE-4471              actiris  Léa     Dupont  2003-04-05         be-accompagnement  alice       accompagnement  2026-11-20  -           -
X
fr show 1
expect_code 0
expect_out <<'X'
dossier :                   1
personne :                  1
identifiant externe :       BE-4471
source :                    actiris
prénom :                    Léa
nom :                       Dupont
date de naissance :         2003-04-05
programme :                 be-accompagnement
conseiller :                alice
état :                      accompagnement
ouvert le :                 2026-11-20
clôturé le :                -
issue :                     -
origine du signalement :    service public de l'emploi
état depuis :               2026-11-20
jours dans l'état :         0
jours ouvert :              0
critères :                  complex,self-management,multi-provider,cooperation
consentement :              case-management,share-partners
personnes liées :           -
évaluation le :             2026-11-20
évaluation finale le :      -
évolution de l'évaluation : -
version du plan :           1
signé par le demandeur :    oui
signé par le conseiller :   oui
signature valide :          oui
actions faites :            0
actions ouvertes :          1
actions en retard :         0
contact tous les (jours) :  30
dernier contact :           2026-11-20
prochain contact dû :       2026-12-20
orientations ouvertes :     1
prochain retour dû :        -
X
fr log 1
expect_code 0
expect_out <<'X'
DATE ET HEURE         UTILISATEUR  COMMANDE  QUOI
2026-11-20T09:00:00Z  alice        refer     orientation 1 : envoyée -> acceptée, avec retour
2026-11-20T09:00:00Z  alice        refer     orientation 1 vers le partenaire 1 (CPAS Ixelles) : first_name,last_name,assessment partagés sous le consentement 2
2026-11-20T09:00:00Z  alice        contact   contact 1 le 2026-11-20T09:00:00Z : en présentiel, entretien, 60 min
2026-11-20T09:00:00Z  alice        plan      état plan d'action -> accompagnement : version 1 du plan signée par le demandeur d'emploi et le conseiller
2026-11-20T09:00:00Z  alice        plan      version 1 du plan signée par le conseiller
2026-11-20T09:00:00Z  alice        plan      version 1 du plan signée par le demandeur d'emploi
2026-11-20T09:00:00Z  alice        plan      action 1 ajoutée à l'objectif 1 : Apply for social housing
2026-11-20T09:00:00Z  alice        plan      objectif 1 ajouté : Find stable housing
2026-11-20T09:00:00Z  alice        assess    état évaluation -> plan d'action : première évaluation enregistrée
2026-11-20T09:00:00Z  alice        assess    évaluation 1 : housing=3 debts=2
2026-11-20T09:00:00Z  alice        consent   consentement « partage avec les partenaires » donné
2026-11-20T09:00:00Z  alice        intake    présélection terminée : état présélection -> évaluation
2026-11-20T09:00:00Z  alice        intake    présélection : self-management multi-provider remplis
2026-11-20T09:00:00Z  alice        intake    consentement « accompagnement » donné
2026-11-20T09:00:00Z  alice        intake    dossier ouvert dans be-accompagnement pour alice, personne 1
X
fr plan 1 show
expect_code 0
expect_out <<'X'
TYPE      ID  OBJECTIF  PRIORITÉ  TEXTE                                                                      RESPONSABLE         ÉCHÉANCE    STATUT      LE          NOTE  SIGNÉ PAR LE DEMANDEUR  SIGNÉ PAR LE CONSEILLER  CONTENU CONFORME
objectif  1   -         -         Find stable housing                                                        -                   2027-02-28  ouvert      2026-11-20  -     -                       -                        -
action    1   1         -         Apply for social housing                                                   demandeur d'emploi  2026-12-15  ouvert      2026-11-20  -     -                       -                        -
version   1   -         -         signé par le demandeur d'emploi et le conseiller ; contenu signé conforme  -                   -           en vigueur  -           -     2026-11-20              2026-11-20               oui
X
fr remind --within 60
expect_code 0
expect_out <<'X'
alice : 2 éléments
DOSSIER  PERSONNE    TYPE     ÉCHÉANCE    DÉLAI          QUOI
1        Léa Dupont  action   2026-12-15  dans 25 jours  action 1 (demandeur d'emploi) : Apply for social housing
1        Léa Dupont  contact  2026-12-20  dans 30 jours  dernier contact le 2026-11-20 ; tous les 30 jours
X
fr report caseload
expect_code 0
expect_out <<'X'
Charge de travail le 2026-11-20 ; programme : tous ; équipe : tous. Les dossiers par conseiller mesurent une charge de travail, pas des personnes : aucun effectif n'est masqué.
CONSEILLER  PROGRAMME          DOSSIERS OUVERTS  NORME DE CHARGE  AU-DESSUS DE LA NORME
alice       be-accompagnement  1                 200              non
alice       (tous)             1                 200              non
(tous)      (tous)             1                 -                -
X
fr programme list
expect_code 0
expect_out <<'X'
ID                    NOM                                                                        INTÉGRÉ  DOSSIERS OUVERTS
be-accompagnement     Accompagnement individualisé des demandeurs d'emploi (Wallonie/Bruxelles)  oui      1
be-trajet-specifique  Trajet spécifique : facteurs psycho-médico-sociaux (Belgique, 2014)        oui      0
ch-cmfp               Case management Formation professionnelle (Suisse)                         oui      0
dg-familles           Réseau pour familles multiproblématiques (Communauté germanophone)         oui      0
eu-youth-guarantee    Garantie pour la jeunesse (recommandation du Conseil du 22 avril 2013)     oui      0
work-accident         Case management des accidents du travail (retour au travail)               oui      0
X
fr plan 1 action done 1 --note 'file submitted'
expect_code 0
expect_out <<'X'
dossier :         1
action :          1
statut :          fait
version du plan : 1
état :            accompagnement
X
fr refer --update 1 --status started
expect_code 0
expect_out <<'X'
orientation 1 : statut started
X
fr refer --update 1 --status completed --feedback 'housing file complete'
expect_code 0
expect_out <<'X'
orientation 1 : statut completed, retour enregistré
X
fr assess 1 --final --domain housing=1 --domain debts=2
expect_code 0
expect_out <<'X'
2
X
fr close 1 --outcome training
expect_code 0
expect_out <<'X'
dossier :             1
personne :            1
identifiant externe : BE-4471
source :              actiris
prénom :              Léa
nom :                 Dupont
date de naissance :   2003-04-05
programme :           be-accompagnement
conseiller :          alice
état :                clôturé
ouvert le :           2026-11-20
clôturé le :          2026-11-20
issue :               formation
X
fr close 1 --follow-up 6 --situation employment
expect_code 2
expect_no_out
expect_err <<'X'
cm : erreur : dossier 1 clôturé le 2026-11-20 : son suivi à 6 mois ne peut pas être daté avant le 2027-04-20
X
fr audit --verify
expect_code 0
expect_out <<'X'
chaîne d'audit intacte : 24 enregistrements
chaîne du journal des accès intacte : 5 enregistrements
X
fr report outcomes --from 2026-11-01 --to 2026-11-30
expect_code 0
expect_out <<'X'
Issues du 2026-11-01 au 2026-11-30 ; programme : tous ; équipe : tous. Les effectifs inférieurs à 5 sont masqués.
ISSUE        SORTIE POSITIVE  CLÔTURES  PART
formation    oui              <5        *
(positives)  -                <5        *
(tous)       -                <5        *
<5 : moins de 5, masqué. * : masqué pour qu'un effectif masqué ne puisse pas être déduit d'un total.
X
fr report quota
expect_code 0
expect_out <<'X'
Quota des trajets le 2026-11-20 ; programme : tous ; équipe : tous. Les effectifs inférieurs à 5 sont masqués.
MESURE          DOSSIERS  DEMANDEURS D'EMPLOI COMPTÉS  PART  PLAFOND  AU-DESSUS DU PLAFOND
trajet          0         0                            -     15,0 %   -
renouvellement  0         0                            -     4,0 %    -
Demandeurs d'emploi comptés : les personnes que cm connaît comme chômeurs indemnisés ou en stage d'insertion, depuis 3 mois (moins de 25 ans) ou 6 mois, ce jour-là ; le compte n'est complet que si le registre importé l'est (cm intake --import).
<5 : moins de 5, masqué. * : masqué pour qu'un effectif masqué ne puisse pas être déduit d'un total.
X
fr report outcomes --from 2026-11-01 --to 2026-11-30 --min-cell 1
expect_code 0
expect_out <<'X'
Issues du 2026-11-01 au 2026-11-30 ; programme : tous ; équipe : tous. Aucun effectif n'est masqué (la base de données masque les effectifs inférieurs à 5).
ISSUE        SORTIE POSITIVE  CLÔTURES  PART
formation    oui              1         100,0 %
(positives)  -                1         100,0 %
(tous)       -                1         100,0 %
X

# The same tour in English, into another database: the same data are
# stored, and the same content enters the audit chain's hashes.
fr_db=$CM_DB
CM_DB=$(db_new en) || fail "cannot make a database"
while IFS= read -r step; do
	eval "set -- $step"
	LC_ALL=C "$CM" "$@" >/dev/null 2>&1 </dev/null
done <<'X'
init
intake --first-name Léa --last-name Dupont --birth-date 2003-04-05 --ext-id BE-4471 --source actiris --referral-source pes --criteria complex,cooperation --consent case-management
intake --case 1 --criteria self-management,multi-provider
consent ext:BE-4471 give share-partners
assess 1 --domain housing=3:sofa-surfing --domain debts=2 --strengths motivated
plan 1 goal add 'Find stable housing' --due 2027-02-28
partner add 'CPAS Ixelles' --domain social-assistance
plan 1 action add 1 'Apply for social housing' --owner client --due 2026-12-15
plan 1 sign --by client
plan 1 sign --by worker
contact 1 --channel in-person --duration 60 --note 'first interview'
refer 1 --partner 1 --reason 'housing application' --share first_name,last_name,assessment
refer --update 1 --status accepted --feedback 'appointment on 3 Dec'
list --mine
show 1
log 1
plan 1 show
remind --within 60
report caseload
programme list
plan 1 action done 1 --note 'file submitted'
refer --update 1 --status started
refer --update 1 --status completed --feedback 'housing file complete'
assess 1 --final --domain housing=1 --domain debts=2
close 1 --outcome training
close 1 --follow-up 6 --situation employment
audit --verify
report outcomes --from 2026-11-01 --to 2026-11-30
report quota
report outcomes --from 2026-11-01 --to 2026-11-30 --min-cell 1
X
stored "$fr_db" >"$TMP/fr.stored"
stored "$CM_DB" >"$TMP/en.stored"
run diff "$TMP/en.stored" "$TMP/fr.stored"
expect_code 0
expect_no_out

# ---- what scripts read is the same in every language ----
CM_DB=$fr_db
while IFS= read -r step; do
	eval "set -- $step"
	run env LC_ALL=C "$CM" "$@"
	english=$out english_code=$code
	for lang in fr nl de; do
		in_lang "$lang" "$@"
		checks=$((checks + 1))
		[ "$code" = "$english_code" ] && [ "$out" = "$english" ] ||
			fail "output in $lang differs from English (exit $code, not $english_code)"
	done
done <<'X'
show 1 --format json
list --any --format csv
log 1 --format json
log 1 --format tsv
plan 1 show --format tsv
remind --all --within 400 --format json
remind --all --within 400 --exit-code --format csv
report caseload --format csv
report outcomes --from 2026-11-01 --to 2026-11-30 --format json
report contacts --from 2026-11-01 --to 2026-11-30 --format tsv
programme list --format json
programme show eu-youth-guarantee --format json
refer --list 1 --format csv
refer --register 1 --format json
contact 1 --list --format tsv
assess 1 --list --format json
consent 1 --format csv
partner list --format json
audit 1 --format csv
close 1 --follow-up 6 --situation employment --format json
X

# ---- each command's error, in French, Dutch and German ----
export CM_TODAY=2026-03-15 CM_NOW=2026-03-15T09:00:00Z
CM_DB=$(db_new errors) || fail "cannot make a database"
run cm init
run cm intake --first-name Léa --last-name Dupont --birth-date 2003-04-05 --criteria all --consent all
expect_code 0
expect_failure fr 2 "cm : erreur : --domain : le score de housing doit aller de 0 à 4, pas « 9 »" assess 1 --domain housing=9
expect_failure nl 2 "cm: fout: --domain: de score voor housing moet 0 tot 4 zijn, niet '9'" assess 1 --domain housing=9
expect_failure de 2 "cm: Fehler: --domain: der Wert für housing muss 0 bis 4 sein, nicht „9“" assess 1 --domain housing=9
expect_failure fr 2 "cm : erreur : --reason est requis pour réattribuer un dossier" assign 1 bob
expect_failure nl 2 "cm: fout: --reason is verplicht om een dossier over te dragen" assign 1 bob
expect_failure de 2 "cm: Fehler: --reason ist erforderlich, um einen Fall neu zuzuweisen" assign 1 bob
expect_failure fr 2 "cm : erreur : --head=NOMBRE:EMPREINTE va avec --verify" audit --head=x
expect_failure nl 2 "cm: fout: --head=AANTAL:HASH hoort bij --verify" audit --head=x
expect_failure de 2 "cm: Fehler: --head=ANZAHL:HASH gehört zu --verify" audit --head=x
expect_failure fr 2 "cm : erreur : --outcome est requis ; voir « cm close -h »" close 1
expect_failure nl 2 "cm: fout: --outcome is verplicht; zie 'cm close -h'" close 1
expect_failure de 2 "cm: Fehler: --outcome ist erforderlich; siehe „cm close -h“" close 1
expect_failure fr 2 "cm : erreur : consent scope inconnu « everything » (case-management, share-partners)" consent 1 give everything
expect_failure nl 2 "cm: fout: onbekende consent scope 'everything' (case-management, share-partners)" consent 1 give everything
expect_failure de 2 "cm: Fehler: unbekannt: consent scope „everything“ (case-management, share-partners)" consent 1 give everything
expect_failure fr 2 "cm : erreur : --channel est requis ; voir « cm contact -h »" contact 1 --duration 30
expect_failure nl 2 "cm: fout: --channel is verplicht; zie 'cm contact -h'" contact 1 --duration 30
expect_failure de 2 "cm: Fehler: --channel ist erforderlich; siehe „cm contact -h“" contact 1 --duration 30
expect_failure fr 2 "cm : erreur : action inconnue « db frobnicate » ; utilisez check, backup, migrate ou copy" db frobnicate
expect_failure nl 2 "cm: fout: onbekende actie 'db frobnicate'; gebruik check, backup, migrate of copy" db frobnicate
expect_failure de 2 "cm: Fehler: unbekannte Aktion „db frobnicate“; verwenden Sie check, backup, migrate oder copy" db frobnicate
expect_failure fr 2 "cm : erreur : commande inexistante « frobnicate » ; voir « cm help »" help frobnicate
expect_failure nl 2 "cm: fout: opdracht 'frobnicate' bestaat niet; zie 'cm help'" help frobnicate
expect_failure de 2 "cm: Fehler: Befehl „frobnicate“ gibt es nicht; siehe „cm help“" help frobnicate
expect_failure fr 2 "cm : erreur : init ne prend pas d'argument (« extra »)" init extra
expect_failure nl 2 "cm: fout: init neemt geen argumenten ('extra')" init extra
expect_failure de 2 "cm: Fehler: init nimmt keine Argumente („extra“)" init extra
expect_failure fr 2 "cm : erreur : --first-name est requis ; voir « cm intake -h »" intake --last-name Dupont
expect_failure nl 2 "cm: fout: --first-name is verplicht; zie 'cm intake -h'" intake --last-name Dupont
expect_failure de 2 "cm: Fehler: --first-name ist erforderlich; siehe „cm intake -h“" intake --last-name Dupont
expect_failure fr 2 "cm : erreur : argument inattendu « extra » ; voir « cm list -h »" list extra
expect_failure nl 2 "cm: fout: onverwacht argument 'extra'; zie 'cm list -h'" list extra
expect_failure de 2 "cm: Fehler: unerwartetes Argument „extra“; siehe „cm list -h“" list extra
expect_failure fr 2 "cm : erreur : utilisation : cm log DOSSIER" log
expect_failure nl 2 "cm: fout: gebruik: cm log DOSSIER" log
expect_failure de 2 "cm: Fehler: Aufruf: cm log FALL" log
expect_failure fr 2 "cm : erreur : --accepted yes|no est requis" offer 1 --kind job
expect_failure nl 2 "cm: fout: --accepted yes|no is verplicht" offer 1 --kind job
expect_failure de 2 "cm: Fehler: --accepted yes|no ist erforderlich" offer 1 --kind job
expect_failure fr 2 "cm : erreur : action de partenaire inconnue « frobnicate » (add, list, show, edit, deactivate)" partner frobnicate
expect_failure nl 2 "cm: fout: onbekende partneractie 'frobnicate' (add, list, show, edit, deactivate)" partner frobnicate
expect_failure de 2 "cm: Fehler: unbekannte Partneraktion „frobnicate“ (add, list, show, edit, deactivate)" partner frobnicate
expect_failure fr 2 "cm : erreur : action inconnue sur une personne « frobnicate » (edit, export, pseudonymise, duplicates, link, unlink)" person frobnicate
expect_failure nl 2 "cm: fout: onbekende persoonsactie 'frobnicate' (edit, export, pseudonymise, duplicates, link, unlink)" person frobnicate
expect_failure de 2 "cm: Fehler: unbekannte Personenaktion „frobnicate“ (edit, export, pseudonymise, duplicates, link, unlink)" person frobnicate
expect_failure fr 2 "cm : erreur : action d'objectif inconnue « frobnicate » (add, edit, done, drop)" plan 1 goal frobnicate
expect_failure nl 2 "cm: fout: onbekende doelactie 'frobnicate' (add, edit, done, drop)" plan 1 goal frobnicate
expect_failure de 2 "cm: Fehler: unbekannte Zielaktion „frobnicate“ (add, edit, done, drop)" plan 1 goal frobnicate
expect_failure fr 1 "cm : erreur : programme inconnu « nowhere » ; voir « cm programme list »" programme show nowhere
expect_failure nl 1 "cm: fout: onbekend programma 'nowhere'; zie 'cm programme list'" programme show nowhere
expect_failure de 1 "cm: Fehler: unbekanntes Programm „nowhere“; siehe „cm programme list“" programme show nowhere
expect_failure fr 2 "cm : erreur : --partner est requis ; voir « cm partner list »" refer 1 --reason x --share none
expect_failure nl 2 "cm: fout: --partner is verplicht; zie 'cm partner list'" refer 1 --reason x --share none
expect_failure de 2 "cm: Fehler: --partner ist erforderlich; siehe „cm partner list“" refer 1 --reason x --share none
expect_failure fr 2 "cm : erreur : argument inattendu « extra » ; voir « cm remind -h »" remind extra
expect_failure nl 2 "cm: fout: onverwacht argument 'extra'; zie 'cm remind -h'" remind extra
expect_failure de 2 "cm: Fehler: unerwartetes Argument „extra“; siehe „cm remind -h“" remind extra
expect_failure fr 2 "cm : erreur : --months est requis ; voir « cm renew -h »" renew 1
expect_failure nl 2 "cm: fout: --months is verplicht; zie 'cm renew -h'" renew 1
expect_failure de 2 "cm: Fehler: --months ist erforderlich; siehe „cm renew -h“" renew 1
expect_failure fr 2 "cm : erreur : rapport inconnu « nowhere » (caseload, outcomes, durations, youth-guarantee, quota, referrals, contacts)" report nowhere
expect_failure nl 2 "cm: fout: onbekend rapport 'nowhere' (caseload, outcomes, durations, youth-guarantee, quota, referrals, contacts)" report nowhere
expect_failure de 2 "cm: Fehler: unbekannter Bericht „nowhere“ (caseload, outcomes, durations, youth-guarantee, quota, referrals, contacts)" report nowhere
expect_failure fr 1 "cm : erreur : le dossier 1 n'est pas suspendu (il est évaluation)" resume 1
expect_failure nl 1 "cm: fout: dossier 1 is niet opgeschort (het is screening)" resume 1
expect_failure de 1 "cm: Fehler: Fall 1 ist nicht ausgesetzt (er ist Bestandsaufnahme)" resume 1
expect_failure fr 2 "cm : erreur : un DOSSIER est attendu ; utilisation : cm show DOSSIER [--format FORMAT]" show
expect_failure nl 2 "cm: fout: een DOSSIER wordt verwacht; gebruik: cm show DOSSIER [--format FORMAAT]" show
expect_failure de 2 "cm: Fehler: ein FALL wird erwartet; Aufruf: cm show FALL [--format FORMAT]" show
expect_failure fr 2 "cm : erreur : --reason est requis pour suspendre un dossier" suspend 1
expect_failure nl 2 "cm: fout: --reason is verplicht om een dossier op te schorten" suspend 1
expect_failure de 2 "cm: Fehler: --reason ist erforderlich, um einen Fall auszusetzen" suspend 1
expect_failure fr 2 "cm : erreur : action de conseiller inconnue « frobnicate » (add, list, show, edit, deactivate, visibility)" worker frobnicate
expect_failure nl 2 "cm: fout: onbekende actie 'frobnicate' (add, list, show, edit, deactivate, visibility)" worker frobnicate
expect_failure de 2 "cm: Fehler: unbekannte Aktion „frobnicate“ (add, list, show, edit, deactivate, visibility)" worker frobnicate

finish
