// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the module still imports through the loader, once converted.
 *
 * modpost recorded a __versions CRC and a depends= entry for every
 * exported symbol the module used, including module exports that were
 * annotated so that the livepatch core resolves them instead. Left in
 * place, those make modprobe load the exporting module before the patch:
 * the load-order dependency that annotating a module export is meant to
 * avoid. So drop the CRCs of converted symbols (from __versions and from
 * the extended arrays of newer kernels), and (knowing the exports from
 * Module.symvers) the dependencies nothing else needs. A module built
 * without modversions has none of these sections: nothing to drop.
 */
#include "convert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "symdb.h"
#include "util.h"

/* struct modversion_info: an unsigned long CRC, then the name; 64 bytes. */
#define MODVERSION_SIZE 64
/*
 * Extended modversions (Linux 6.14+, modpost -x): parallel arrays, one
 * 32-bit CRC in __version_ext_crcs and one NUL-terminated name in
 * __version_ext_names per import. When they are there the loader's
 * check_version() reads them and ignores __versions, and modpost puts a
 * name too long for a modversion_info only there.
 */
#define VERSION_EXT_CRCS "__version_ext_crcs"
#define VERSION_EXT_NAMES "__version_ext_names"
#define VERSION_EXT_CRC_SIZE 4

static bool converted(const struct convert *c, const char *name)
{
	for (size_t i = 0; i < c->nr_refs; i++)
		if (!strcmp(c->refs[i].name, name))
			return true;
	return false;
}

/* The loader no longer checks NAME's CRC: the livepatch core resolves it. */
static bool version_unneeded(const struct convert *c, const char *name)
{
	return converted(c, name) && !find_undef_symbol_by_name(c->elf, name);
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

/* Entries move within it: a relocation into it would then point at the wrong one. */
static bool shrinkable(const struct elf *elf, const struct section *sec)
{
	return editable(elf, sec) && !sec->rela;
}

/* SEC is now SIZE bytes: modpost's arrays (____versions, ...) cover whole sections. */
static void section_shrunk(struct elf *elf, struct section *sec, size_t size)
{
	struct symbol *sym;

	sec->size = size;
	elf->changed = true;
	for_each_sym(elf, sym)
		if (sym->sec == sec && sym->sym.st_value + sym->sym.st_size > size)
			sym->sym.st_size = sym->sym.st_value < size ? size - sym->sym.st_value : 0;
}

static void versions_prune(struct convert *c)
{
	struct section *sec = find_section_by_name(c->elf, "__versions");
	size_t word = c->elf->ehdr.e_ident[EI_CLASS] == ELFCLASS64 ? 8 : 4;
	size_t in, out = 0, old;
	char *p;

	if (!sec || !shrinkable(c->elf, sec) || sec->size % MODVERSION_SIZE)
		return;
	p = sec->data;
	old = sec->size;
	for (in = 0; in < old; in += MODVERSION_SIZE) {
		const char *name = p + in + word;

		if (strnlen(name, MODVERSION_SIZE - word) < MODVERSION_SIZE - word &&
		    version_unneeded(c, name)) {
			if (c->verbose)
				printf("__versions: dropped %s\n", name);
			continue;
		}
		memmove(p + out, p + in, MODVERSION_SIZE);
		out += MODVERSION_SIZE;
	}
	if (out != old)
		section_shrunk(c->elf, sec, out);
}

/*
 * Does NAMES hold at least NR NUL-terminated names? The loader's
 * elf_validity_cache_index_versions() refuses fewer; module_verify()
 * says so, and the arrays are left as they are.
 */
static bool ext_names_cover(const struct section *names, size_t nr)
{
	const char *p = names->data, *end = p + names->size;

	for (; nr; nr--) {
		const char *nul = p < end ? memchr(p, '\0', end - p) : NULL;

		if (!nul)
			return false;
		p = nul + 1;
	}
	return true;
}

/*
 * The same CRCs as versions_prune() drops, from both extended arrays at
 * once: the loader pairs the i-th CRC with the i-th name, so an entry
 * goes from both or from neither.
 */
static void ext_versions_prune(struct convert *c)
{
	struct section *crcs = find_section_by_name(c->elf, VERSION_EXT_CRCS);
	struct section *names = find_section_by_name(c->elf, VERSION_EXT_NAMES);
	size_t nr, i, kept = 0, in = 0, out = 0;
	char *crc, *name;

	if (!crcs || !names || !shrinkable(c->elf, crcs) || !shrinkable(c->elf, names) ||
	    crcs->size % VERSION_EXT_CRC_SIZE)
		return;
	nr = crcs->size / VERSION_EXT_CRC_SIZE;
	if (!ext_names_cover(names, nr))
		return;
	crc = crcs->data;
	name = names->data;
	for (i = 0; i < nr; i++) {
		size_t len = strlen(name + in) + 1;

		if (version_unneeded(c, name + in)) {
			if (c->verbose)
				printf(VERSION_EXT_CRCS "[%zu], " VERSION_EXT_NAMES ": dropped %s\n",
				       i, name + in);
			in += len;
			continue;
		}
		memmove(crc + kept * VERSION_EXT_CRC_SIZE, crc + i * VERSION_EXT_CRC_SIZE,
			VERSION_EXT_CRC_SIZE);
		memmove(name + out, name + in, len);
		kept++;
		in += len;
		out += len;
	}
	if (kept == nr)
		return;
	/* Bytes past the last name the CRCs use (modpost writes none) stay behind the names. */
	memmove(name + out, name + in, names->size - in);
	section_shrunk(c->elf, crcs, kept * VERSION_EXT_CRC_SIZE);
	section_shrunk(c->elf, names, out + names->size - in);
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
	ext_versions_prune(c);
	depends_prune(c);
}
