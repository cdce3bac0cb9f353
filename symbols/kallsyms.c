// SPDX-License-Identifier: GPL-2.0-only
/*
 * /proc/kallsyms and System.map share one line format:
 *
 *	ffffffff81000000 T startup_64
 *	ffffffffc0a01000 t zram_open	[zram]
 *
 * Lines without a "[module]" tag are vmlinux symbols. A non-root read of
 * /proc/kallsyms shows every address as zero but keeps the order, and the
 * order is what sympos counts:
 *
 *  - vmlinux: /proc/kallsyms lists vmlinux symbols in the kernel's table
 *    order, which scripts/kallsyms sorted by address. System.map is
 *    "nm -n" output, the same input scripts/kallsyms sorted. Sorting either
 *    with scripts/kallsyms' comparison gives the kernel's order (sorting
 *    the kernel's own order again changes nothing). All-zero addresses:
 *    the file order is all we have, and for /proc/kallsyms it is right.
 *  - a module: the order of its lines, which is the order of the
 *    module's kept symbol table.
 *
 * The two files differ in what they contain. System.map still has the
 * absolute symbols scripts/kallsyms drops ('A'), while /proc/kallsyms
 * shows per-cpu variables as 'A' with their per-cpu offset, and those
 * count. So a file whose name starts with "System.map" is read as
 * System.map, anything else as /proc/kallsyms.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "symdb_private.h"
#include "util.h"

struct ksym_line {
	const char *name;
	uint64_t addr;
	size_t obj;             /* index into the file's object list */
	char type;
};

struct ksym_file {
	const char *path;
	bool system_map;
	struct ksym_line *lines;
	size_t nr, alloc;
	const char **objs;      /* object names, in order of first appearance */
	size_t nr_objs, alloc_objs;
	struct strmap obj_map;  /* name -> index + 1 */
	size_t last_obj;
	size_t skipped;         /* bpf programs, ftrace and kprobe trampolines */
};

bool kallsyms_ignores(const char *name, char type, bool keep_absolute)
{
	static const char *const names[] = {
		/* scripts/kallsyms: added after the first link pass. */
		"kallsyms_addresses", "kallsyms_offsets", "kallsyms_relative_base",
		"kallsyms_num_syms", "kallsyms_names", "kallsyms_markers",
		"kallsyms_token_table", "kallsyms_token_index", "kallsyms_seqs_of_names",
	};
	size_t i;

	switch (type) {
	case 'U': case 'u': case 'N': case 'n':
		return true;
	case 'A': case 'a':
		if (!keep_absolute)
			return true;
		break;
	}
	/* Local labels, mapping symbols, CRCs and CFI ids: never in kallsyms. */
	if (name[0] == '$' || starts_with(name, ".L") || starts_with(name, "__crc_") ||
	    starts_with(name, "__kcfi_typeid_"))
		return true;
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (!strcmp(name, names[i]))
			return true;
	}
	return false;
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int hex_value(char c)
{
	if (c <= '9')
		return c - '0';
	return (c | 0x20) - 'a' + 10;
}

/* Tags that are not modules: the livepatch core never looks there. */
static bool is_pseudo_module(const char *tag)
{
	return !strcmp(tag, "bpf") || starts_with(tag, "__builtin__");
}

static size_t file_obj(struct ksym_file *f, const char *name)
{
	uintptr_t i;

	/* Lines of one object come together: check the last one first. */
	if (f->nr_objs && !strcmp(f->objs[f->last_obj], name))
		return f->last_obj;
	i = (uintptr_t)strmap_get(&f->obj_map, name);
	if (i)
		return f->last_obj = i - 1;
	ALLOC_GROW(f->objs, f->nr_objs, f->alloc_objs);
	f->objs[f->nr_objs] = name;
	strmap_put(&f->obj_map, name, (void *)(uintptr_t)(f->nr_objs + 1));
	return f->last_obj = f->nr_objs++;
}

static int parse_line(struct ksym_file *f, size_t lineno, char *p)
{
	uint64_t addr = 0;
	const char *name, *tag = "vmlinux";
	char type, *q;
	int digits = 0;

	while (is_hex(*p)) {
		if (++digits > 16)
			return error("%s:%zu: address longer than 64 bits", f->path, lineno);
		addr = addr << 4 | hex_value(*p++);
	}
	if (!digits || *p != ' ')
		return error("%s:%zu: expected 'ADDRESS TYPE NAME [MODULE]'; is this a "
			     "kallsyms or System.map file?", f->path, lineno);
	p++;
	type = *p++;
	if (type <= ' ' || type > '~' || *p != ' ')
		return error("%s:%zu: bad symbol type, expected one letter after the address",
			     f->path, lineno);
	while (*p == ' ')
		p++;
	name = p;
	while (*p > ' ')
		p++;
	if (p == name)
		return error("%s:%zu: missing symbol name", f->path, lineno);
	q = p;
	while (*p == ' ' || *p == '\t' || *p == '\r')
		p++;
	*q = '\0';
	if (*p == '[') {
		tag = ++p;
		while (*p && *p != ']' && *p > ' ')
			p++;
		if (*p != ']' || p == tag)
			return error("%s:%zu: bad module tag, expected '[name]'", f->path, lineno);
		*p++ = '\0';
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
	}
	if (*p)
		return error("%s:%zu: unexpected text after the symbol: '%.20s'", f->path, lineno,
			     p);

	if (is_pseudo_module(tag)) {
		f->skipped++;
		return 0;
	}
	/*
	 * scripts/kallsyms filters vmlinux symbols only: a module's kallsyms
	 * keeps its local labels (".LC0") and anything else it has a name
	 * for, but never lists an undefined symbol as one of its own. A
	 * System.map is nm's output, which scripts/kallsyms filters; a
	 * /proc/kallsyms capture is the kernel's own list, every line of it
	 * counted: which names scripts/kallsyms drops changes with the
	 * kernel (6.1 drops its own kallsyms_* tables, 6.12 lists them).
	 */
	if (!strcmp(tag, "vmlinux") && f->system_map ? kallsyms_ignores(name, type, false) :
						       (type == 'U' || type == 'u'))
		return 0;
	ALLOC_GROW(f->lines, f->nr, f->alloc);
	f->lines[f->nr].name = name;
	f->lines[f->nr].addr = addr;
	f->lines[f->nr].type = type;
	f->lines[f->nr].obj = file_obj(f, tag);
	f->nr++;
	return 0;
}

/* Hand the parsed lines to the database, object by object. */
static void file_commit(struct symdb *db, struct ksym_file *f)
{
	size_t *start = xcalloc(f->nr_objs + 1, sizeof(*start));
	size_t *next = xcalloc(f->nr_objs, sizeof(*next));
	struct ksym_line **sorted = xcalloc(f->nr, sizeof(*sorted));
	size_t i;

	/* A stable counting sort by object keeps each object's line order. */
	for (i = 0; i < f->nr; i++)
		start[f->lines[i].obj + 1]++;
	for (i = 0; i < f->nr_objs; i++) {
		start[i + 1] += start[i];
		next[i] = start[i];
	}
	for (i = 0; i < f->nr; i++)
		sorted[next[f->lines[i].obj]++] = &f->lines[i];

	for (i = 0; i < f->nr_objs; i++) {
		bool vmlinux = !strcmp(f->objs[i], "vmlinux");
		struct symdb_obj *obj = symdb_obj_get(db, f->objs[i]);
		size_t j;

		if (!symdb_obj_claim(db, obj, f->path))
			continue;
		for (j = start[i]; j < start[i + 1]; j++) {
			struct ksym_line *l = sorted[j];

			symdb_obj_add(db, obj, l->name, l->addr, l->type, NULL);
		}
		symdb_obj_finish(db, obj, vmlinux ? SYMDB_ORDER_KALLSYMS_BUILD : SYMDB_ORDER_INPUT);
	}
	free(sorted);
	free(next);
	free(start);
}

static bool is_system_map(const char *path)
{
	const char *base = strrchr(path, '/');

	return starts_with(base ? base + 1 : path, "System.map");
}

int symdb_load_kallsyms(struct symdb *db, const char *path)
{
	struct ksym_file f = { .path = path, .system_map = is_system_map(path) };
	char *buf, *pos, *end, *line;
	size_t len, lineno = 0;
	int ret = 0;

	buf = symdb_read_text(path, "a /proc/kallsyms or System.map text", &len);
	if (!buf)
		return -1;
	/* Debian's linux-image packages ship a one-line placeholder. */
	if (strstr(buf, "The real System.map is in")) {
		free(buf);
		return error("%s: a placeholder, not a symbol map: the real System.map is in the "
			     "kernel's -dbg package; use /proc/kallsyms or vmlinux", path);
	}
	pos = buf;
	end = buf + len;
	while ((line = next_line(&pos, end))) {
		lineno++;
		if (!*line)
			continue;
		ret = parse_line(&f, lineno, line);
		if (ret)
			break;
	}
	if (!ret && !f.nr)
		ret = error("%s: no symbols in this file", path);
	if (!ret) {
		symdb_keep(db, buf);
		file_commit(db, &f);
	} else {
		free(buf);
	}
	free(f.lines);
	free(f.objs);
	strmap_clear(&f.obj_map);
	return ret;
}
