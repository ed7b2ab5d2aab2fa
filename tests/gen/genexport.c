/*
 * A deterministic generator of realistic employment-service exports in the
 * Belgian style of mappings/be-actiris.json: ';'-separated, windows-1252,
 * dd/mm/yyyy dates, French headers, CRLF line ends, some quoted notes with
 * delimiters, quotes and line breaks inside. The same arguments always give
 * the same bytes, so benchmarks and demos are repeatable.
 *
 *   genexport [--rows N] [--seed S] [--bad-every N] [--change-every N]
 *
 * --bad-every N spoils every Nth row in turn (impossible date, missing id,
 * unknown sex code, short row, an id repeated with other data);
 * --change-every N gives every Nth row another phone number, as a later
 * export of the same people would.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Names with the accents real files carry, written in windows-1252. */
static const char *const first_names[] = {
	"L\351a", "Jan", "Fatima", "Mohamed", "Ana\xefs", "Pieter", "Chlo\xe9", "No\xe9mie",
	"Youssef", "In\xe8s", "Lars", "Fran\xe7ois", "Sofie", "Jos\xe9", "Aur\xe9lie",
	"Kevin", "Ma\xebl", "Emre", "Ana", "Thibault", "Zo\xe9", "Hamza", "Lotte", "Ren\xe9",
};
static const char *const last_names[] = {
	"Dupont", "Peeters", "Janssens", "Maes", "El Amrani", "Lef\xe8vre", "Van den Berg",
	"Dubois", "Mertens", "B\351n\351dicte", "Willems", "Claes", "Lambert", "Goossens",
	"D'Hondt", "M\xfcller", "Yilmaz", "Fran\xe7ois", "Wouters", "De Smet", "Leclercq",
};
static const char *const workers[] = {
	"amartin", "bdesmet", "cvanacker", "dlambert", "eyilmaz", "fclaes", "",
};
static const char *const sexes[] = { "M", "F", "M", "F", "X" };
static const char *const postcodes[] = {
	"1000", "1030", "1050", "1060", "1070", "1080", "1090", "1180", "1200", "4000",
	"5000", "6000", "7000", "1300", "1348",
};
static const char *const notes[] = {
	"", "", "", "", "", "",
	"\"Suivi CPAS; demande de logement\"",
	"\"Dit \"\"disponible\"\" d\xe8s lundi\"",
	"\"Permis B\r\nCherche dans la logistique\"",
	"Formation en cours",
};

static uint64_t state;

/* splitmix64: small, fast and the same everywhere. */
static uint64_t next(void)
{
	uint64_t z = (state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned pick(unsigned n)
{
	return (unsigned)(next() % n);
}

#define PICK(a) a[pick(sizeof a / sizeof a[0])]

/* Distinct ids in no particular order: i times a number prime to 10^9. */
static unsigned long long ext_id(long i)
{
	return ((unsigned long long)i * 7919ULL + 12345ULL) % 1000000000ULL;
}

static long arg_long(const char *opt, const char *v)
{
	char *end;
	long n = strtol(v, &end, 10);

	if (!*v || *end || n < 0) {
		fprintf(stderr, "genexport: %s: not a number: %s\n", opt, v);
		exit(2);
	}
	return n;
}

static void row(long i, long bad_every, long change_every)
{
	unsigned long long id = ext_id(i);
	int day = 1 + (int)pick(28), month = 1 + (int)pick(12), year = 1960 + (int)pick(48);
	int rday = 1 + (int)pick(28), rmonth = 1 + (int)pick(12), ryear = 2015 + (int)pick(10);
	const char *first = PICK(first_names), *last = PICK(last_names), *sex = PICK(sexes);
	const char *postcode = PICK(postcodes), *worker = PICK(workers), *note = PICK(notes);
	unsigned phone = 470000000u + pick(29999999u);
	long kind = bad_every && i % bad_every == 0 ? (i / bad_every) % 5 : -1;

	if (change_every && i % change_every == 0)
		phone++;
	switch (kind) {
	case 0:
		printf("BE%09llu;%s;%s;31/02/%04d;%s;%s;0%u;;fr;%02d/%02d/%04d;%s;%s\r\n", id, last,
		       first, year, sex, postcode, phone, rday, rmonth, ryear, worker, note);
		return;
	case 1:
		printf(";%s;%s;%02d/%02d/%04d;%s;%s;0%u;;fr;%02d/%02d/%04d;%s;%s\r\n", last, first,
		       day, month, year, sex, postcode, phone, rday, rmonth, ryear, worker, note);
		return;
	case 2:
		sex = "?";
		break;
	case 3:
		printf("BE%09llu;%s;%s\r\n", id, last, first);
		return;
	case 4:
		/* The previous row's id with other data: a conflicting duplicate. */
		id = ext_id(i - 1);
		break;
	default:
		break;
	}
	printf("BE%09llu;%s;%s;%02d/%02d/%04d;%s;%s;0%u;%s%s%llu@example.org;%s;%02d/%02d/%04d;%s;%s\r\n",
	       id, last, first, day, month, year, sex, postcode, phone,
	       pick(2) ? "" : "contact.", pick(2) ? "be" : "jobs", id % 100000, pick(3) ? "fr" : "nl",
	       rday, rmonth, ryear, worker, note);
}

int main(int argc, char **argv)
{
	long rows = 1000, bad_every = 0, change_every = 0, i;
	uint64_t seed = 1;

	/* Options come in pairs: a name and its value. */
	for (i = 1; i < argc; i += 2) {
		if (i + 1 >= argc) {
			fprintf(stderr, "usage: genexport [--rows N] [--seed S] [--bad-every N] "
				"[--change-every N]\n");
			return 2;
		}
		if (strcmp(argv[i], "--rows") == 0)
			rows = arg_long(argv[i], argv[i + 1]);
		else if (strcmp(argv[i], "--seed") == 0)
			seed = (uint64_t)arg_long(argv[i], argv[i + 1]);
		else if (strcmp(argv[i], "--bad-every") == 0)
			bad_every = arg_long(argv[i], argv[i + 1]);
		else if (strcmp(argv[i], "--change-every") == 0)
			change_every = arg_long(argv[i], argv[i + 1]);
		else {
			fprintf(stderr, "genexport: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	if (rows > 1000000000L) {
		fprintf(stderr, "genexport: at most 1000000000 rows\n");
		return 2;
	}
	printf("identifiant;nom;prenom;date_naissance;sexe;code_postal;telephone;email;langue;"
	       "date_inscription;conseiller;remarques\r\n");
	for (i = 1; i <= rows; i++) {
		/* Each row draws from its own stream, so --change-every alters nothing else. */
		state = seed * 0x100000001b3ULL + (uint64_t)i;
		row(i, bad_every, change_every);
	}
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
