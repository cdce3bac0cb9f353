// SPDX-License-Identifier: GPL-2.0-only
/*
 * Module.symvers, as modpost writes it, one export a line:
 *
 *	0x1234abcd<TAB>name<TAB>object<TAB>EXPORT_SYMBOL[_GPL]<TAB>namespace
 *
 * "object" is "vmlinux" or the module's path without ".ko"
 * ("drivers/net/foo-bar" is module "foo_bar"). Kernels before 5.4 had
 * no namespace column; we take both.
 *
 * Two loads share one line parser: the whole file, or only the exports a
 * caller wants (klp-convert needs the few names a module leaves
 * undefined, out of some 25,000). A line not wanted is still checked
 * whole, so a malformed file fails either way with the same message; it
 * only skips the object name and the database.
 *
 * The file is mapped, not read, and each line parsed in a copy: reading
 * the kernel's 1.7 MB into memory cost more than parsing it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "symdb_private.h"
#include "util.h"

#define SYMVERS_FIELDS 5

/* One line, checked; the strings point into the line. */
struct symvers_line {
	uint32_t crc;
	const char *name;
	const char *obj_path;   /* as written: "vmlinux", "drivers/net/foo-bar" */
	const char *ns;         /* "" if none */
	bool gpl_only;
};

/* Split LINE at tabs into at most SYMVERS_FIELDS fields; returns how many. */
static int split_tabs(char *line, char **field)
{
	char *tab;
	int n = 0;

	field[n++] = line;
	while ((tab = strchr(line, '\t'))) {
		if (n == SYMVERS_FIELDS)
			return n + 1;   /* too many */
		*tab = '\0';
		line = tab + 1;
		field[n++] = line;
	}
	return n;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* "0x" and hex digits, at most 32 bits. */
static int parse_crc(const char *s, uint32_t *crc)
{
	uint64_t v = 0;
	int d;

	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X') || !s[2])
		return -1;
	for (s += 2; *s; s++) {
		d = hex_digit(*s);
		if (d < 0)
			return -1;
		v = v << 4 | d;
		if (v > 0xffffffffu)
			return -1;
	}
	*crc = v;
	return 0;
}

static int parse_line(const char *path, size_t lineno, char *line, struct symvers_line *out)
{
	char *field[SYMVERS_FIELDS];
	int n = split_tabs(line, field);
	const char *kind;

	if (n < 4 || n > SYMVERS_FIELDS)
		return error("%s:%zu: expected 4 or 5 tab-separated fields, found %d; "
			     "is this a Module.symvers?", path, lineno, n);
	if (parse_crc(field[0], &out->crc))
		return error("%s:%zu: bad CRC '%s', expected 0x followed by hex digits",
			     path, lineno, field[0]);
	if (!*field[1] || !*field[2])
		return error("%s:%zu: empty symbol or object name", path, lineno);
	kind = field[3];
	if (!strcmp(kind, "EXPORT_SYMBOL"))
		out->gpl_only = false;
	else if (!strcmp(kind, "EXPORT_SYMBOL_GPL"))
		out->gpl_only = true;
	else
		return error("%s:%zu: unknown export type '%s' for '%s'", path, lineno, kind,
			     field[1]);
	out->name = field[1];
	out->obj_path = field[2];
	out->ns = n == 5 ? field[4] : "";
	return 0;
}

/* The file's bytes, mapped when it is a regular file; else read (a pipe). */
struct symvers_text {
	const char *buf;
	size_t len;
	char *copy;             /* read instead of mapped */
};

static int text_open(const char *path, struct symvers_text *t)
{
	struct stat st;
	void *map;
	int fd;

	memset(t, 0, sizeof(*t));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && !fstat(fd, &st) && S_ISREG(st.st_mode) && st.st_size > 0) {
		map = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map != MAP_FAILED) {
			close(fd);
			t->buf = map;
			t->len = st.st_size;
			if (memchr(t->buf, '\0', t->len)) {
				munmap(map, t->len);
				return error("%s: binary file, not a Module.symvers", path);
			}
			return 0;
		}
	}
	if (fd >= 0)
		close(fd);
	/* Empty, not regular or not mappable: read it, with the same messages. */
	t->copy = symdb_read_text(path, "a Module.symvers", &t->len);
	t->buf = t->copy;
	return t->copy ? 0 : -1;
}

static void text_close(struct symvers_text *t)
{
	if (t->copy)
		free(t->copy);
	else if (t->buf)
		munmap((void *)t->buf, t->len);
}

/* A wanted line, its strings copied to DB's memory (they pointed into a line). */
static void export_fill(struct symdb *db, const struct symvers_line *line,
			struct symdb_export *exp)
{
	exp->name = symdb_strdup(db, line->name);
	exp->obj = symdb_obj_name(db, line->obj_path, strlen(line->obj_path));
	exp->ns = *line->ns ? symdb_strdup(db, line->ns) : "";
	exp->crc = line->crc;
	exp->gpl_only = line->gpl_only;
}

int symdb_load_symvers_filtered(struct symdb *db, const char *path,
				bool (*want)(const char *name, void *arg), void *arg)
{
	struct symdb_export *exps = NULL;
	size_t nr = 0, alloc = 0, lineno = 0, copy_alloc = 0, i;
	struct symvers_text text;
	const char *pos, *end;
	char *copy = NULL;
	int ret = -1;

	if (text_open(path, &text))
		return -1;
	for (pos = text.buf, end = text.buf + text.len; pos < end; ) {
		const char *nl = memchr(pos, '\n', end - pos);
		size_t n = (nl ? nl : end) - pos;
		struct symvers_line line = { 0 };

		/* The parser cuts its line into fields: give it a copy, not the mapping. */
		ALLOC_GROW(copy, n, copy_alloc);
		memcpy(copy, pos, n);
		copy[n] = '\0';
		pos += n + 1;
		lineno++;
		if (!n)
			continue;
		if (parse_line(path, lineno, copy, &line))
			goto out;
		if (want && !want(line.name, arg))
			continue;
		ALLOC_GROW(exps, nr, alloc);
		export_fill(db, &line, &exps[nr++]);
	}

	/* Only now touch the export table: a bad line above left it unchanged. */
	for (i = 0; i < nr; i++) {
		struct symdb_export *exp = symdb_alloc(db, sizeof(*exp));

		*exp = exps[i];
		symdb_add_export(db, exp);
	}
	ret = 0;
out:
	free(exps);
	free(copy);
	text_close(&text);
	return ret;
}

int symdb_load_symvers(struct symdb *db, const char *path)
{
	return symdb_load_symvers_filtered(db, path, NULL, NULL);
}
