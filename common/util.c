// SPDX-License-Identifier: GPL-2.0-only
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *progname = "klp-tools";

static void vreport(const char *kind, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: %s: ", progname, kind);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("error", fmt, ap);
	va_end(ap);
	return -1;
}

void warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("warning", fmt, ap);
	va_end(ap);
}

void note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("note", fmt, ap);
	va_end(ap);
}

void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("fatal", fmt, ap);
	va_end(ap);
	exit(2);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		die("out of memory");
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		die("out of memory");
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (!p)
		die("out of memory");
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		die("out of memory");
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);

	if (!p)
		die("out of memory");
	return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	char *p;

	if (vasprintf(&p, fmt, ap) < 0)
		die("out of memory");
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

void buf_add(struct buf *b, const void *data, size_t n)
{
	ALLOC_GROW(b->s, b->len + n + 1, b->alloc);
	memcpy(b->s + b->len, data, n);
	b->len += n;
	b->s[b->len] = 0;
}

void buf_addstr(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	buf_addstr(b, s);
	free(s);
}

bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

char *read_file(const char *path, size_t *len)
{
	size_t alloc = 0, nr = 0;
	char *buf = NULL;
	ssize_t got;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	for (;;) {
		ALLOC_GROW(buf, nr + 65536, alloc);
		got = read(fd, buf + nr, alloc - nr - 1);
		if (got < 0) {
			int saved = errno;

			if (saved == EINTR)
				continue;
			free(buf);
			close(fd);
			errno = saved;
			return NULL;
		}
		if (!got)
			break;
		nr += got;
	}
	close(fd);
	buf[nr] = '\0';
	if (len)
		*len = nr;
	return buf;
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= n;
	}
	return 0;
}

int file_check_writable(const char *path)
{
	int fd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

	if (fd >= 0) {
		close(fd);
		return 0;
	}
	if (errno == ENOENT)
		return 0;
	return error("%s: cannot write: %s; left as it is", path, strerror(errno));
}

int write_file_atomic_with(const char *path, unsigned int mode,
			   int (*fill)(int fd, void *arg), void *arg)
{
	char *tmp;
	int fd, saved;

	if (file_check_writable(path))
		return -1;
	tmp = xasprintf("%s.tmp.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		saved = errno;
		free(tmp);
		return error("%s: cannot create temporary file: %s", path, strerror(saved));
	}
	/* FILL reports its own errors; errno is only ours to report after it. */
	if (fill(fd, arg)) {
		close(fd);
		goto fail;
	}
	if (fchmod(fd, mode & 07777) || fsync(fd)) {
		error("%s: write failed: %s", path, strerror(errno));
		close(fd);
		goto fail;
	}
	if (close(fd)) {
		error("%s: write failed: %s", path, strerror(errno));
		goto fail;
	}
	if (rename(tmp, path)) {
		error("%s: cannot replace file: %s", path, strerror(errno));
		goto fail;
	}
	free(tmp);
	return 0;
fail:
	unlink(tmp);
	free(tmp);
	return -1;
}

struct buffer {
	const char *path;
	const void *buf;
	size_t len;
};

static int fill_buffer(int fd, void *arg)
{
	struct buffer *b = arg;

	if (write_all(fd, b->buf, b->len))
		return error("%s: write failed: %s", b->path, strerror(errno));
	return 0;
}

int write_file_atomic(const char *path, const void *buf, size_t len, unsigned int mode)
{
	struct buffer b = { path, buf, len };

	return write_file_atomic_with(path, mode, fill_buffer, &b);
}

/*
 * Split a kbuild command line into words the way the shell would: kbuild
 * quotes -DKBUILD_MODNAME='"foo"' and escapes '#' as '\#' in .cmd files.
 */
char **shell_split(const char *s, size_t *argc)
{
	char **argv = NULL;
	size_t nr = 0, alloc = 0;

	for (;;) {
		char *w, *o;

		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == '\n' || *s == ';')
			break;
		w = o = xmalloc(strlen(s) + 1);
		while (*s && *s != ' ' && *s != '\t' && *s != '\n' && *s != ';') {
			if (*s == '\'') {
				for (s++; *s && *s != '\''; s++)
					*o++ = *s;
				if (*s)
					s++;
			} else if (*s == '"') {
				for (s++; *s && *s != '"'; s++) {
					if (*s == '\\' && s[1])
						s++;
					*o++ = *s;
				}
				if (*s)
					s++;
			} else if (*s == '\\' && s[1]) {
				*o++ = s[1];
				s += 2;
			} else {
				*o++ = *s++;
			}
		}
		*o = 0;
		ALLOC_GROW(argv, nr, alloc);
		argv[nr++] = w;
	}
	*argc = nr;
	return argv;
}

void strv_free(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

/* DIR and its missing parents, as mkdir -p. */
int mkdir_p(const char *dir)
{
	char *p = xstrdup(dir), *slash;
	int ret = 0;

	for (slash = strchr(p + 1, '/'); slash && !ret; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(p, 0777) && errno != EEXIST)
			ret = -1;
		*slash = '/';
	}
	if (!ret && mkdir(p, 0777) && errno != EEXIST)
		ret = -1;
	free(p);
	return ret;
}
