// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the module still imports through the loader, once converted.
 *
 * modpost recorded a __versions CRC and a depends= entry for every
 * exported symbol the module used, including module exports that were
 * annotated so that the livepatch core resolves them instead. Left in
 * place, those make modprobe load the exporting module before the patch:
 * the load-order dependency that annotating a module export is meant to
 * avoid. So drop the CRCs of converted symbols, and (knowing the exports
 * from Module.symvers) the dependencies nothing else needs.
 */
#include "convert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "symdb.h"
#include "util.h"

/* struct modversion_info: an unsigned long CRC, then the name; 64 bytes. */
#define MODVERSION_SIZE 64

static bool converted(const struct convert *c, const char *name)
{
	for (size_t i = 0; i < c->nr_refs; i++)
		if (!strcmp(c->refs[i].name, name))
			return true;
	return false;
}

/*
 * Sections are edited in place: their bytes live in the buffer the module
 * was read into, and they only ever shrink.
 */
static bool editable(const struct elf *elf, const struct section *sec)
{
	const char *p = sec->data;

	return p && p >= elf->buf && p + sec->size <= elf->buf + elf->len;
}

static void versions_prune(struct convert *c)
{
	struct section *sec = find_section_by_name(c->elf, "__versions");
	size_t word = c->elf->ehdr.e_ident[EI_CLASS] == ELFCLASS64 ? 8 : 4;
	size_t in, out = 0, old;
	struct symbol *sym;
	char *p;

	if (!sec || !editable(c->elf, sec) || sec->size % MODVERSION_SIZE)
		return;
	p = sec->data;
	old = sec->size;
	for (in = 0; in < old; in += MODVERSION_SIZE) {
		const char *name = p + in + word;

		if (strnlen(name, MODVERSION_SIZE - word) < MODVERSION_SIZE - word &&
		    converted(c, name) && !find_undef_symbol_by_name(c->elf, name)) {
			if (c->verbose)
				printf("__versions: dropped %s\n", name);
			continue;
		}
		memmove(p + out, p + in, MODVERSION_SIZE);
		out += MODVERSION_SIZE;
	}
	if (out == old)
		return;
	sec->size = out;
	c->elf->changed = true;
	/* modpost's ____versions array covers the whole section. */
	for_each_sym(c->elf, sym)
		if (sym->sec == sec && sym->sym.st_value + sym->sym.st_size > out)
			sym->sym.st_size = sym->sym.st_value < out ? out - sym->sym.st_value : 0;
}

/* Does a symbol still left to the loader come from module MOD? */
static bool module_needed(const struct convert *c, const char *mod)
{
	const struct symdb_export *exp;
	struct symbol *sym;

	for_each_sym(c->elf, sym) {
		if (!sym_is_undef(sym) || !*sym->name)
			continue;
		exp = symdb_find_export(c->exports, sym->name);
		if (exp && !strcmp(exp->obj, mod))
			return true;
	}
	return false;
}

/*
 * Rewrite "depends=a,b,c" within its own bytes, padding with NULs: the
 * kernel's and kmod's modinfo readers skip the padding, and no symbol
 * in .modinfo moves.
 */
static void depends_rewrite(struct convert *c, char *entry, size_t len)
{
	char *list = xstrndup(entry + strlen("depends="), len - strlen("depends="));
	char *out = entry + strlen("depends="), *mod, *save = NULL;
	bool first = true;

	memset(out, 0, len - strlen("depends="));
	for (mod = strtok_r(list, ",", &save); mod; mod = strtok_r(NULL, ",", &save)) {
		if (!module_needed(c, mod)) {
			if (c->verbose)
				printf("depends: dropped %s\n", mod);
			continue;
		}
		out += sprintf(out, "%s%s", first ? "" : ",", mod);
		first = false;
	}
	free(list);
	c->elf->changed = true;
}

static void depends_prune(struct convert *c)
{
	struct section *sec = find_section_by_name(c->elf, ".modinfo");
	char *p, *end;

	if (!sec || !editable(c->elf, sec))
		return;
	for (p = sec->data, end = p + sec->size; p < end; p += strnlen(p, end - p) + 1) {
		size_t len = strnlen(p, end - p);

		if (len == (size_t)(end - p) || !starts_with(p, "depends=") || !p[8])
			continue;
		if (!c->exports) {
			if (c->nr_refs)
				warning("%s: %s kept: pass --symvers so that klp-convert can drop the "
					"modules only converted symbols needed", c->elf->path, p);
			return;
		}
		depends_rewrite(c, p, len);
	}
}

void imports_prune(struct convert *c)
{
	if (!c->nr_refs)
		return;
	versions_prune(c);
	depends_prune(c);
}
