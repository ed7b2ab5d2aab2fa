/*
 * libFuzzer harness for batch intake (scripts/fuzz builds and runs it).
 * The first byte picks what the rest of the input is:
 *   0  a CSV file for the reader alone, under each delimiter and encoding
 *   1  a mapping file
 *   2  a CSV file imported (dry run) with a fixed mapping into an in-memory store
 *   3  a date, parsed under every pattern
 * Any crash, leak, or undefined behaviour is a bug to fix; the input that
 * caused it goes into tests/fuzz/regressions/ so it is run every time.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cm/date.h"
#include "cm/import.h"
#include "cm/programme.h"
#include "cm/store.h"
#include "lib/csvin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char mapping[] =
	"{\"source\": \"fuzz\", \"delimiter\": \"auto\", \"encoding\": \"auto\","
	" \"programme\": \"eu-youth-guarantee\", \"fields\": {"
	" \"ext_id\": {\"column\": \"id\"}, \"last_name\": {\"column\": \"nom\"},"
	" \"first_name\": {\"column\": \"prenom\"},"
	" \"birth_date\": {\"column\": \"naissance\", \"date\": [\"dd/mm/yy\", \"yyyy-mm-dd\","
	" \"dd.mm.yyyy\", \"d/m/yyyy\", \"dd-mm-yy\", \"dd-mon-yy\", \"dd-mon-yyyy\", \"iso\"]},"
	" \"registered_on\": {\"column\": \"inscrit\", \"date\": \"iso\", \"on_error\": \"empty\"},"
	" \"notes\": {\"column\": [\"notes\", \"remarques\"]},"
	" \"deleted\": {\"column\": \"supprime\"},"
	" \"sex\": {\"column\": \"sexe\", \"map\": {\"M\": \"male\", \"F\": \"female\", \"\": \"\"}},"
	" \"email\": {\"column\": \"email\", \"default\": \"x@example.org\"},"
	" \"worker\": {\"value\": \"fuzz\"}}}";

static void read_all(const uint8_t *data, size_t size, char delimiter, enum cm_csv_encoding enc)
{
	struct cm_csv_opts o = { delimiter, enc, CM_ENC_ISO_8859_1 };
	const struct cm_csv_record *rec;
	struct cm_error err;
	struct cm_csv *r;
	size_t i, total = 0;
	FILE *f;

	if (size == 0)
		return;
	f = fmemopen((void *)(uintptr_t)data, size, "rb");
	if (!f)
		return;
	if (cm_csv_open(&r, f, "fuzz.csv", &o, &err) == 0) {
		while (cm_csv_next(r, &rec, &err) == 1) {
			for (i = 0; i < rec->nfields && i < CM_CSV_MAX_FIELDS; i++)
				total += strlen(rec->field[i]) == rec->len[i];
			total += rec->raw_len;
			/* What the importer does to a record a quote left open. */
			if (rec->first_len < rec->raw_len && (total & 1) &&
			    cm_csv_reread_after_first_line(r, &err) < 0)
				break;
		}
		free(cm_csv_to_file_encoding(r, "caf\xc3\xa9 \xe2\x98\x83"));
		cm_csv_free(r);
	}
	fclose(f);
	(void)total;
}

/* Every pattern on the same text: none may read past it or accept an impossible date. */
static void parse_dates(const uint8_t *data, size_t size)
{
	char text[64];
	enum cm_date_pattern p;
	cm_days d;
	int y, m, day;

	if (size >= sizeof text)
		size = sizeof text - 1;
	memcpy(text, data, size);
	text[size] = '\0';
	for (p = CM_DATE_ISO; p <= CM_DATE_ISO_TIME; p++) {
		if (cm_date_parse(text, p, 20527, &d) != 0)
			continue;
		cm_date_to_ymd(d, &y, &m, &day);
		if (y < 1 || y > 9999 || m < 1 || m > 12 || day < 1 || day > 31)
			abort();
	}
}

static struct cm_store *store;
static struct cm_mapping *map;
static char path[64];

static void remove_file(void)
{
	unlink(path);
}

static int set_up(void)
{
	struct cm_error err;
	int fd;

	setenv("CM_TODAY", "2026-03-15", 1);
	setenv("CM_NOW", "2026-03-15T09:00:00Z", 1);
	if (cm_store_open_memory(&store, &err) < 0 || cm_programme_seed_builtin(store, &err) < 0 ||
	    cm_mapping_parse(mapping, strlen(mapping), "fuzz.json", &map, &err) < 0)
		return -1;
	cm_store_set_actor(store, "fuzz", "intake");
	snprintf(path, sizeof path, "/tmp/cm-fuzz-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	atexit(remove_file);
	return 0;
}

static void import_dry(const uint8_t *data, size_t size)
{
	struct cm_import_opts o = { .path = path, .dry_run = 1 };
	struct cm_import_counts n;
	struct cm_error err;
	char *rejects = NULL;
	FILE *f;

	if (!store && set_up() < 0)
		abort();
	o.map = map;
	f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
	cm_import(store, &o, &n, &rejects, &err);
	free(rejects);
	/* A dry run must leave nothing behind. */
	if (cm_store_count(store, "person") != 0 || n.read != n.created + n.updated +
	    n.unchanged + n.rejected + n.deleted)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char delimiters[] = { 0, ';', ',', '\t', '|' };
	struct cm_mapping *m;
	struct cm_error err;
	size_t i;

	if (size < 1)
		return 0;
	switch (data[0] % 4) {
	case 0:
		for (i = 0; i < sizeof delimiters; i++)
			read_all(data + 1, size - 1, delimiters[i], (enum cm_csv_encoding)(i % 4));
		break;
	case 1:
		if (cm_mapping_parse((const char *)data + 1, size - 1, "fuzz.json", &m, &err) == 0)
			cm_mapping_free(m);
		break;
	case 2:
		import_dry(data + 1, size - 1);
		break;
	default:
		parse_dates(data + 1, size - 1);
		break;
	}
	return 0;
}
