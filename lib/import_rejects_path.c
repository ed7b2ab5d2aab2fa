/*
 * Where the rejects file may go. cm replaces or removes a file at that path
 * only when it is a rejects file cm wrote itself: never the database or its
 * journal, the mapping, the export, a link, a pipe or a device, or a file
 * of someone else's. Temporary rejects files a killed import left behind
 * (they hold personal data) are found and removed.
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "import_impl.h"

#define HEAD_BYTES 8192
#define TMP_SUFFIX_LEN 6     /* mkstemp's XXXXXX */

static int same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* Does the first line (after a BOM and a sep= line) end with the two cm columns? */
static int ends_with_cm_columns(const char *line, size_t n)
{
	const char *t;

	if (n < 18)
		return 0;
	t = line + n - 17;
	return strchr(";,\t|:", t[-1]) && t[-1] && memcmp(t, "cm_line", 7) == 0 &&
		t[7] == t[-1] && memcmp(t + 8, "cm_reason", 9) == 0;
}

int cm_import_is_rejects_text(const char *head, size_t n)
{
	size_t len;

	if (n >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0) {
		head += 3;
		n -= 3;
	}
	for (;;) {
		len = strcspn(head, "\r\n");
		if (len > n)
			len = n;
		if (!(len > 4 && (strncmp(head, "sep=", 4) == 0 || strncmp(head, "\"sep=", 5) == 0)))
			break;
		head += len;
		n -= len;
		while (n > 0 && (*head == '\r' || *head == '\n')) {
			head++;
			n--;
		}
	}
	return ends_with_cm_columns(head, len);
}

/* Is the open file fd a rejects file cm wrote? Reads its start with pread. */
static int fd_is_rejects(int fd)
{
	char head[HEAD_BYTES + 1];
	ssize_t n = pread(fd, head, HEAD_BYTES, 0);

	if (n <= 0)
		return 0;
	head[n] = '\0';
	return cm_import_is_rejects_text(head, (size_t)n);
}

int cm_import_input_is_rejects(struct importer *im)
{
	struct stat sb;

	return fstat(fileno(im->in), &sb) == 0 && S_ISREG(sb.st_mode) &&
		fd_is_rejects(fileno(im->in));
}

/* The path with its directory made absolute, for comparing names of files that may not exist. */
static char *absolute(const char *path)
{
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX], *out = NULL;
	const char *base = slash ? slash + 1 : path;

	if (slash == path)
		strcpy(dir, "/");
	else if (!realpath(slash ? strndupa(path, (size_t)(slash - path)) : ".", dir))
		return NULL;
	if (asprintf(&out, "%s%s%s", dir, strcmp(dir, "/") == 0 ? "" : "/", base) < 0)
		return NULL;
	return out;
}

/* Is the rejects path (absolute) the database or one of the files SQLite keeps beside it? */
static int names_database(struct importer *im, const char *abs)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	const char *db = cm_db_filename(im->db);
	size_t n, i;

	if (!db || !*db || !abs)
		return 0;
	n = strlen(db);
	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++)
		if (strncmp(abs, db, n) == 0 && strcmp(abs + n, suffixes[i]) == 0)
			return 1;
	return 0;
}

/* A path cm will not write to: the message names it. */
#define refuse(im, fmt) cm_error_set((im)->err, CM_EUSAGE, fmt, (im)->rejects_path)

/* A file that exists at the rejects path: may cm replace or remove it? */
static int check_existing(struct importer *im, const struct stat *at)
{
	struct stat other;
	int fd, ours;

	if (S_ISLNK(at->st_mode))
		return refuse(im, "the rejects file '%s' is a symbolic link; cm does not follow links");
	if (!S_ISREG(at->st_mode))
		return refuse(im, "the rejects file '%s' is not a regular file");
	if (fstat(fileno(im->in), &other) == 0 && same_file(at, &other) && !im->round_trip)
		return refuse(im, "the rejects file '%s' is the export itself");
	if (stat(im->m->name, &other) == 0 && same_file(at, &other))
		return refuse(im, "the rejects file '%s' is the mapping file");
	fd = open(im->rejects_path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return cm_error_set(im->err, CM_EIO, "cannot read rejects file '%s': %s",
				    im->rejects_path, strerror(errno));
	ours = fstat(fd, &other) == 0 && same_file(at, &other) && fd_is_rejects(fd);
	close(fd);
	if (!ours)
		return refuse(im, "the rejects file '%s' exists and was not written by cm; move it "
			      "away or name another file with --rejects");
	return 0;
}

int cm_import_rejects_check(struct importer *im)
{
	struct stat at;
	char *abs = absolute(im->rejects_path);
	int database = names_database(im, abs);

	free(abs);
	if (database)
		return refuse(im, "the rejects file '%s' is the database or one of its files");
	if (lstat(im->rejects_path, &at) < 0) {
		im->rejects_existed = 0;
		return 0;
	}
	im->rejects_existed = 1;
	im->rejects_dev = at.st_dev;
	im->rejects_ino = at.st_ino;
	return check_existing(im, &at);
}

/* Just before replacing or removing: is the path still what was checked? */
int cm_import_rejects_unchanged(struct importer *im)
{
	struct stat at;

	if (lstat(im->rejects_path, &at) < 0)
		return errno == ENOENT;
	return im->rejects_existed && S_ISREG(at.st_mode) && at.st_dev == im->rejects_dev &&
		at.st_ino == im->rejects_ino;
}

/* --- temporary files a killed import left ----------------------------------- */

static int tmp_name_of(const char *entry, const char *base, size_t blen)
{
	size_t i;

	if (strncmp(entry, base, blen) != 0 || entry[blen] != '.' ||
	    strlen(entry + blen + 1) != TMP_SUFFIX_LEN)
		return 0;
	for (i = blen + 1; entry[i]; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
			    entry[i]))
			return 0;
	return 1;
}

/*
 * A temporary file is locked for as long as its import runs: one that can
 * be locked, is a regular file of this user and is not a link, is stale.
 */
static int remove_if_stale(struct importer *im, int dirfd, const char *dir, const char *name)
{
	struct stat sb, again;
	char *path = NULL;
	int fd, stale;

	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return 0;
	stale = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_uid == geteuid() &&
		flock(fd, LOCK_EX | LOCK_NB) == 0 &&
		fstatat(dirfd, name, &again, AT_SYMLINK_NOFOLLOW) == 0 && same_file(&sb, &again) &&
		unlinkat(dirfd, name, 0) == 0;
	close(fd);
	if (!stale)
		return 0;
	if (asprintf(&path, "%s%s", dir, name) < 0)
		return cm_import_oom(im);
	if (im->o->on_stale)
		im->o->on_stale(path, im->o->stale_arg);
	free(path);
	return 0;
}

int cm_import_rejects_clean_stale(struct importer *im)
{
	const char *slash = strrchr(im->rejects_path, '/');
	const char *base = slash ? slash + 1 : im->rejects_path;
	char *dir = slash ? strndup(im->rejects_path, (size_t)(slash - im->rejects_path + 1))
			  : strdup("");
	struct dirent *e;
	DIR *d;
	int rc = 0;

	if (!dir)
		return cm_import_oom(im);
	d = opendir(*dir ? dir : ".");
	if (d) {
		while (rc == 0 && (e = readdir(d)))
			if (tmp_name_of(e->d_name, base, strlen(base)))
				rc = remove_if_stale(im, dirfd(d), dir, e->d_name);
		closedir(d);
	}
	free(dir);
	return rc;
}
