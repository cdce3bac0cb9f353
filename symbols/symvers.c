// SPDX-License-Identifier: GPL-2.0-only
/*
 * Module.symvers, as modpost writes it, one export a line:
 *
 *	0x1234abcd<TAB>name<TAB>object<TAB>EXPORT_SYMBOL[_GPL]<TAB>namespace
 *
 * "object" is "vmlinux" or the module's path without ".ko"
 * ("drivers/net/foo-bar" is module "foo_bar"). Kernels before 5.4 had
 * no namespace column; we take both.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "symdb_private.h"
#include "util.h"

#define SYMVERS_FIELDS 5

/* Split LINE at tabs into at most SYMVERS_FIELDS fields; returns how many. */
static int split_tabs(char *line, char **field)
{
	int n = 0;

	field[n++] = line;
	for (; *line; line++) {
		if (*line != '\t')
			continue;
		if (n == SYMVERS_FIELDS)
			return n + 1;   /* too many */
		*line = '\0';
		field[n++] = line + 1;
	}
	return n;
}

static int parse_crc(const char *s, uint32_t *crc)
{
	unsigned long long v;
	char *end;

	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X') || !s[2])
		return -1;
	errno = 0;
	v = strtoull(s + 2, &end, 16);
	if (errno || *end || v > 0xffffffffull)
		return -1;
	*crc = v;
	return 0;
}

static int parse_line(struct symdb *db, const char *path, size_t lineno, char *line,
		      struct symdb_export *exp)
{
	char *field[SYMVERS_FIELDS];
	int n = split_tabs(line, field);
	const char *kind;

	if (n < 4 || n > SYMVERS_FIELDS)
		return error("%s:%zu: expected 4 or 5 tab-separated fields, found %d; "
			     "is this a Module.symvers?", path, lineno, n);
	if (parse_crc(field[0], &exp->crc))
		return error("%s:%zu: bad CRC '%s', expected 0x followed by hex digits",
			     path, lineno, field[0]);
	if (!*field[1] || !*field[2])
		return error("%s:%zu: empty symbol or object name", path, lineno);
	kind = field[3];
	if (!strcmp(kind, "EXPORT_SYMBOL"))
		exp->gpl_only = false;
	else if (!strcmp(kind, "EXPORT_SYMBOL_GPL"))
		exp->gpl_only = true;
	else
		return error("%s:%zu: unknown export type '%s' for '%s'", path, lineno, kind,
			     field[1]);
	exp->name = field[1];
	exp->obj = symdb_obj_name(db, field[2], strlen(field[2]));
	exp->ns = n == 5 ? field[4] : "";
	return 0;
}

int symdb_load_symvers(struct symdb *db, const char *path)
{
	struct symdb_export *exps = NULL;
	size_t nr = 0, alloc = 0, lineno = 0, len, i;
	char *buf, *pos, *end, *line;

	buf = symdb_read_text(path, "a Module.symvers", &len);
	if (!buf)
		return -1;
	pos = buf;
	end = buf + len;
	while ((line = next_line(&pos, end))) {
		lineno++;
		if (!*line)
			continue;
		ALLOC_GROW(exps, nr, alloc);
		if (parse_line(db, path, lineno, line, &exps[nr])) {
			free(exps);
			free(buf);
			return -1;
		}
		nr++;
	}

	/* Only now touch the database: a bad line above left it unchanged. */
	symdb_keep(db, buf);
	for (i = 0; i < nr; i++) {
		struct symdb_export *exp = symdb_alloc(db, sizeof(*exp));

		*exp = exps[i];

		symdb_add_export(db, exp);
	}
	free(exps);
	return 0;
}
