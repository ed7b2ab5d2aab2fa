/* Printing a whole page (html): built in memory, then written out only when complete. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../cm.h"

int cm_opt_page_format(const char *arg, enum cm_format *out, int *html)
{
	*html = !strcmp(arg, "html");
	if (*html || cm_format_parse(arg, out) == 0)
		return 0;
	cm_usage_error("--format: unknown format '%s' (text, json, csv, tsv, html)", arg);
	return -1;
}

static int write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* A page may hold a person's data: a new file is readable by its owner only. */
static int write_file(const char *path, const char *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600), saved;

	if (fd < 0)
		return cm_failure("cannot write '%s': %s", path, strerror(errno));
	if (write_all(fd, buf, len) < 0) {
		saved = errno;
		close(fd);
		return cm_failure("cannot write '%s': %s", path, strerror(saved));
	}
	if (close(fd) < 0)
		return cm_failure("cannot write '%s': %s", path, strerror(errno));
	return 0;
}

int cm_print_page(cm_page_fn *page, struct cm_store *s, const void *arg, const char *path)
{
	struct cm_error err = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	int rc;

	if (!mem)
		return cm_failure("out of memory");
	rc = page(s, arg, mem, &err);
	if (fclose(mem) != 0 && rc == 0)
		rc = cm_error_set(&err, CM_ENOMEM, "out of memory");
	if (rc < 0) {
		free(buf);
		return cm_fail(&err);
	}
	if (path)
		rc = write_file(path, buf, len);
	else if (fwrite(buf, 1, len, stdout) != len || fflush(stdout) != 0)
		rc = cm_failure("cannot write output: %s", strerror(errno));
	free(buf);
	return rc;
}
