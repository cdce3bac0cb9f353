/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Small helpers every tool uses: git-style messages, allocation that
 * dies on OOM, a growable array and buffer, a string hash.
 */
#ifndef KLP_UTIL_H
#define KLP_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Set once by main(); prefixes every message ("klp-convert: error: ..."). */
extern const char *progname;

/* Print "PROG: error: ..." to stderr and return -1, so callers can
 * "return error(...)". */
int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* For the impossible: print and exit(2). */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Grow *arr (holding *alloc elements) so that index nr is valid. */
#define ALLOC_GROW(arr, nr, alloc)                                         \
	do {                                                               \
		if ((size_t)(nr) >= (size_t)(alloc)) {                     \
			(alloc) = (alloc) ? (alloc) * 2 : 16;              \
			if ((size_t)(alloc) <= (size_t)(nr))               \
				(alloc) = (nr) + 1;                        \
			(arr) = xrealloc((arr), (alloc) * sizeof(*(arr))); \
		}                                                          \
	} while (0)

/* A growing buffer, kept NUL-terminated so that text can be read as a string. */
struct buf {
	char *s;
	size_t len, alloc;
};

void buf_add(struct buf *b, const void *data, size_t n);
void buf_addstr(struct buf *b, const char *s);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

bool starts_with(const char *s, const char *prefix);
bool ends_with(const char *s, const char *suffix);

/* Read a whole file; NUL-terminated; *len excludes the NUL. NULL + errno on failure. */
char *read_file(const char *path, size_t *len);

/*
 * Write a whole output file atomically: a temp file beside PATH,
 * fsync'd, renamed over PATH. MODE is applied to the new file (pass
 * the old file's mode to keep it). Never leaves a partial PATH.
 */
int write_file_atomic(const char *path, const void *buf, size_t len, unsigned int mode);
/*
 * The same, for writers that need the file descriptor (libelf): FILL
 * writes the new contents to FD and returns 0, or -1 after printing an
 * error. This is the only place a temp file is renamed over an output.
 */
int write_file_atomic_with(const char *path, unsigned int mode,
			   int (*fill)(int fd, void *arg), void *arg);
/*
 * Could we write PATH in place (or create it)? A rename only needs the
 * directory's permission, so without this a read-only file would be
 * replaced, and change owner. Prints the error.
 */
int file_check_writable(const char *path);
int mkdir_p(const char *dir);

/*
 * Split a command line into words the way the shell would (quotes,
 * backslashes; stops at ';' or a newline): kbuild's .cmd files quote
 * -DKBUILD_MODNAME='"foo"' and escape '#' as '\#'.
 */
char **shell_split(const char *s, size_t *argc);
/* Free N strings and the array. */
void strv_free(char **v, size_t n);

/* FNV-1a, for the hash tables. */
static inline uint32_t str_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

#endif
