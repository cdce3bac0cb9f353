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
 * The file is mapped, not read, and parsed where it lies, fields as
 * pointer and length: reading the kernel's 1.7 MB into memory cost more
 * than parsing it, and copying each line cut in pieces almost as much.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "symdb_private.h"
#include "util.h"

#define SYMVERS_FIELDS 5

/* A tab-separated field: not NUL-terminated. */
struct field {
	const char *s;
	size_t len;
};

/* One line, checked; its fields point into the text. */
struct symvers_line {
	uint32_t crc;
	struct field name;
	struct field obj_path;  /* as written: "vmlinux", "drivers/net/foo-bar" */
	struct field ns;        /* empty if none */
	bool gpl_only;
};

/*
 * Split [LINE, END) at tabs into at most SYMVERS_FIELDS fields; returns
 * how many, or SYMVERS_FIELDS + 1 for too many.
 */
static int split_tabs(const char *line, const char *end, struct field *field)
{
	const char *tab;
	int n = 0;

	for (;;) {
		if (n == SYMVERS_FIELDS)
			return n + 1;
		tab = memchr(line, '\t', end - line);
		field[n].s = line;
		field[n].len = (tab ? tab : end) - line;
		n++;
		if (!tab)
			return n;
		line = tab + 1;
	}
}

static bool field_is(const struct field *f, const char *s)
{
	return f->len == strlen(s) && !memcmp(f->s, s, f->len);
}

/*
 * 1 + the value of a hex digit, 0 for any other character. A table, not
 * comparisons: the digits of CRCs are random, and a branch on digit or
 * letter was mispredicted half the time, the most costly part of a line.
 */
static const unsigned char hex_value[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5,
	['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
	['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
	['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

/* "0x" and hex digits, at most 32 bits. */
static int parse_crc(const struct field *f, uint32_t *crc)
{
	uint64_t v = 0;
	size_t i;
	int d;

	if (f->len < 3 || f->s[0] != '0' || (f->s[1] != 'x' && f->s[1] != 'X'))
		return -1;
	for (i = 2; i < f->len; i++) {
		d = hex_value[(unsigned char)f->s[i]];
		if (!d)
			return -1;
		v = v << 4 | (d - 1);
		if (v > 0xffffffffu)
			return -1;
	}
	*crc = v;
	return 0;
}

static int parse_line(const char *path, size_t lineno, const char *line, const char *end,
		      struct symvers_line *out)
{
	struct field field[SYMVERS_FIELDS] = { { NULL, 0 } };
	int n = split_tabs(line, end, field);

	if (n < 4 || n > SYMVERS_FIELDS)
		return error("%s:%zu: expected 4 or 5 tab-separated fields, found %d; "
			     "is this a Module.symvers?", path, lineno, n);
	if (parse_crc(&field[0], &out->crc))
		return error("%s:%zu: bad CRC '%.*s', expected 0x followed by hex digits",
			     path, lineno, (int)field[0].len, field[0].s);
	if (!field[1].len || !field[2].len)
		return error("%s:%zu: empty symbol or object name", path, lineno);
	if (field_is(&field[3], "EXPORT_SYMBOL"))
		out->gpl_only = false;
	else if (field_is(&field[3], "EXPORT_SYMBOL_GPL"))
		out->gpl_only = true;
	else
		return error("%s:%zu: unknown export type '%.*s' for '%.*s'", path, lineno,
			     (int)field[3].len, field[3].s, (int)field[1].len, field[1].s);
	out->name = field[1];
	out->obj_path = field[2];
	out->ns = field[4];	/* empty when there are 4 */
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

/* A wanted line, its strings copied to DB's memory (they pointed into the text). */
static void export_fill(struct symdb *db, const struct symvers_line *line,
			struct symdb_export *exp)
{
	exp->name = symdb_strndup(db, line->name.s, line->name.len);
	exp->obj = symdb_obj_name(db, line->obj_path.s, line->obj_path.len);
	exp->ns = line->ns.len ? symdb_strndup(db, line->ns.s, line->ns.len) : "";
	exp->crc = line->crc;
	exp->gpl_only = line->gpl_only;
}

int symdb_load_symvers_filtered(struct symdb *db, const char *path,
				bool (*want)(const char *name, size_t len, void *arg),
				void *arg)
{
	struct symdb_export *exps = NULL;
	size_t nr = 0, alloc = 0, lineno = 0, name_alloc = 0, i;
	struct symvers_text text;
	const char *pos, *end;
	char *name = NULL;
	int ret = -1;

	if (text_open(path, &text))
		return -1;
	for (pos = text.buf, end = text.buf + text.len; pos < end; ) {
		const char *nl = memchr(pos, '\n', end - pos);
		const char *eol = nl ? nl : end;
		struct symvers_line line = { 0 };

		lineno++;
		if (eol == pos) {
			pos = eol + 1;
			continue;
		}
		if (parse_line(path, lineno, pos, eol, &line))
			goto out;
		pos = eol + 1;
		if (want) {
			/* The caller's test takes a string. */
			ALLOC_GROW(name, line.name.len, name_alloc);
			memcpy(name, line.name.s, line.name.len);
			name[line.name.len] = '\0';
			if (!want(name, line.name.len, arg))
				continue;
		}
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
	free(name);
	text_close(&text);
	return ret;
}

int symdb_load_symvers(struct symdb *db, const char *path)
{
	return symdb_load_symvers_filtered(db, path, NULL, NULL);
}
