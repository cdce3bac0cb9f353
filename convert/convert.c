// SPDX-License-Identifier: GPL-2.0-only
/*
 * From annotations to the kernel's livepatch format.
 *
 * Input, two dialects:
 *  - KLP_MODULE_RELOC(obj) arrays (headers/klp_reloc.h): 12-byte records
 *    in .klp.module_relocs.<obj>; a record's symbol is named by the
 *    relocation at the record's start, its sympos is the 32-bit word at +8;
 *  - SUSE's KLP_RELOC_SYMBOL[_POS](): an undefined symbol already named
 *    .klp.sym.rela.<lp_obj>.<sym_obj>.<sym>,<pos> (or .<pos>).
 *
 * Output: the symbol renamed .klp.sym.<obj>.<sym>,<pos> with SHN_LIVEPATCH,
 * every relocation against it that the loader applies moved into
 * .klp.rela.<obj>.<target section>, and the annotation arrays gone.
 */
#include "convert.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "symdb.h"
#include "util.h"

int convert_init(struct convert *c, struct elf *elf, bool verbose)
{
	memset(c, 0, sizeof(*c));
	c->elf = elf;
	c->verbose = verbose;
	c->arch = arch_find(elf->ehdr.e_machine, elf->ehdr.e_ident[EI_CLASS]);
	if (!c->arch)
		return error("%s: unsupported architecture (e_machine %u); klp-convert knows x86_64",
			     elf->path, elf->ehdr.e_machine);
	c->ref_of = xcalloc(elf->nr_symbols, sizeof(*c->ref_of));
	c->ref_slot = xcalloc(elf->nr_symbols, sizeof(*c->ref_slot));
	return 0;
}

void convert_release(struct convert *c)
{
	size_t i;

	for (i = 0; i < c->nr_refs; i++)
		free(c->refs[i].name);
	free(c->refs);
	for (i = 0; i < c->nr_objs; i++)
		free(c->objs[i]);
	free(c->objs);
	free(c->obj_slots);
	free(c->ref_of);
	free(c->ref_slot);
	free(c->records);
	free(c->rela_of_obj);
	free(c->moves_to_obj);
	free(c->touched_objs);
	symdb_free(c->exports);
}

int objname_check(const struct convert *c, const char *obj, const char *where)
{
	const char *path = c->elf->path;

	if (!*obj)
		return error("%s: %s: empty object name; use vmlinux or a module name", path, where);
	if (strchr(obj, '.'))
		return error("%s: %s: object name '%s' contains a '.', which ends the object name in "
			     ".klp.* names; use the module name as the kernel knows it (no '.ko')",
			     path, where, obj);
	if (strlen(obj) > KLP_OBJNAME_MAX)
		return error("%s: %s: object name '%s' is %zu characters, over the kernel's limit of %d",
			     path, where, obj, strlen(obj), KLP_OBJNAME_MAX);
	if (strchr(obj, '-'))
		return error("%s: %s: object name '%s' contains '-'; the kernel names modules with '_'",
			     path, where, obj);
	return 0;
}

int symname_check(const struct convert *c, const char *name, const char *where)
{
	if (!*name)
		return error("%s: %s: empty symbol name", c->elf->path, where);
	if (strchr(name, ','))
		return error("%s: %s: symbol '%s' contains a ',', which ends the name in "
			     ".klp.sym.<obj>.<sym>,<pos>; reach it through a symbol without one",
			     c->elf->path, where, name);
	if (strlen(name) > KLP_SYMNAME_MAX)
		return error("%s: %s: symbol '%.40s...' is %zu characters, over the kernel's limit of %d",
			     c->elf->path, where, name, strlen(name), KLP_SYMNAME_MAX);
	return 0;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

int klp_sym_parse(const char *s, char **obj, char **name, unsigned long *pos)
{
	const char *dot, *comma;

	if (!starts_with(s, KLP_SYM_PREFIX))
		return -1;
	s += strlen(KLP_SYM_PREFIX);
	dot = strchr(s, '.');
	comma = strrchr(s, ',');
	if (!dot || dot == s || !comma || comma < dot + 2 || !all_digits(comma + 1))
		return -1;
	if (memchr(dot + 1, ',', comma - dot - 1))
		return -1;
	*obj = xstrndup(s, dot - s);
	*name = xstrndup(dot + 1, comma - dot - 1);
	*pos = strtoul(comma + 1, NULL, 10);
	return 0;
}

/* The name of a symbol for messages: section symbols have none of their own. */
static const char *symbol_label(const struct symbol *sym)
{
	if (GELF_ST_TYPE(sym->sym.st_info) == STT_SECTION && sym->sec)
		return sym->sec->name;
	return sym->name;
}

/* By index, not a walk of refs: a module may annotate tens of thousands. */
static struct klp_ref *ref_find(const struct convert *c, const struct symbol *sym)
{
	size_t slot = c->ref_slot[sym->idx];

	return slot ? &c->refs[slot - 1] : NULL;
}

/*
 * The slot of OBJ in the open-addressing table over objs: holding its
 * index, or empty where it goes. A hash, not a walk of objs: each SUSE
 * symbol may name its own object, and a corrupt module has thousands.
 */
static size_t *obj_slot(const struct convert *c, const char *obj)
{
	size_t mask = c->nr_obj_slots - 1, i = str_hash(obj) & mask;

	while (c->obj_slots[i] && strcmp(c->objs[c->obj_slots[i] - 1], obj))
		i = (i + 1) & mask;
	return &c->obj_slots[i];
}

static void obj_slots_grow(struct convert *c)
{
	size_t i;

	c->nr_obj_slots = c->nr_obj_slots ? c->nr_obj_slots * 2 : 16;
	free(c->obj_slots);
	c->obj_slots = xcalloc(c->nr_obj_slots, sizeof(*c->obj_slots));
	for (i = 0; i < c->nr_objs; i++)
		*obj_slot(c, c->objs[i]) = i + 1;
}

/* OBJ's index in objs, added if new. */
static size_t obj_index(struct convert *c, const char *obj)
{
	size_t *slot;

	if (2 * (c->nr_objs + 1) > c->nr_obj_slots)
		obj_slots_grow(c);
	slot = obj_slot(c, obj);
	if (!*slot) {
		ALLOC_GROW(c->objs, c->nr_objs, c->alloc_objs);
		c->objs[c->nr_objs++] = xstrdup(obj);
		*slot = c->nr_objs;
	}
	return *slot - 1;
}

static int ref_add(struct convert *c, struct symbol *sym, const char *name, const char *obj,
		   const char *sec_obj, unsigned long pos, const char *origin)
{
	struct klp_ref *ref = ref_find(c, sym);
	size_t obj_nr;

	if (ref) {
		if (!strcmp(ref->obj, obj) && ref->pos == pos && !strcmp(ref->sec_obj, sec_obj))
			return 0;
		return error("%s: symbol '%s' is annotated twice, as %s,%lu in %s and as %s,%lu in %s; "
			     "keep one annotation", c->elf->path, name, ref->obj, ref->pos, ref->origin,
			     obj, pos, origin);
	}
	ALLOC_GROW(c->refs, c->nr_refs, c->alloc_refs);
	ref = &c->refs[c->nr_refs++];
	c->ref_slot[sym->idx] = c->nr_refs;
	ref->sym = sym;
	ref->name = xstrdup(name);
	/* Each call may grow objs: index it only after both. */
	obj_nr = obj_index(c, obj);
	ref->sec_obj_nr = obj_index(c, sec_obj);
	ref->obj = c->objs[obj_nr];
	ref->sec_obj = c->objs[ref->sec_obj_nr];
	ref->pos = pos;
	ref->origin = origin;
	return 0;
}

/* The refs array is final once pairing is done: index it by symbol. */
static void refs_index(struct convert *c)
{
	size_t i;

	for (i = 0; i < c->nr_refs; i++)
		c->ref_of[c->refs[i].sym->idx] = &c->refs[i];
}

static int record_check_symbol(struct convert *c, const struct section *sec,
			       const struct reloc *r, const char *obj)
{
	const char *path = c->elf->path;
	struct symbol *sym = r->sym;

	if (!sym)
		return error("%s: %s+0x%lx: record without a symbol; build records with KLP_SYMPOS()",
			     path, sec->name, (unsigned long)r->offset);
	if (r->addend)
		return error("%s: %s+0x%lx: record points %+ld bytes into '%s'; KLP_SYMPOS() takes "
			     "the symbol itself", path, sec->name, (unsigned long)r->offset,
			     (long)r->addend, symbol_label(sym));
	if (!sym_is_undef(sym))
		return error("%s: %s: symbol '%s' is defined in this module (section %s), not in %s; "
			     "drop it from KLP_MODULE_RELOC(%s) and declare the kernel's symbol extern",
			     path, sec->name, symbol_label(sym),
			     sym->sec ? sym->sec->name : "absolute", obj, obj);
	return 0;
}

/* One .klp.module_relocs.<obj> section: pair each record with its relocation, by offset. */
static int records_read(struct convert *c, struct section *sec)
{
	const char *obj = sec->name + strlen(KLP_RECORD_SECTION_PREFIX);
	const char *path = c->elf->path;
	struct reloc *r;

	if (objname_check(c, obj, sec->name))
		return -1;
	if (sec->sh.sh_type == SHT_NOBITS || (!sec->rela && sec->size))
		return error("%s: %s has no relocations, so its records name no symbol; "
			     "build it with KLP_MODULE_RELOC()/KLP_SYMPOS()", path, sec->name);
	if (!sec->rela)
		return 0;

	for_each_reloc(sec->rela, r) {
		unsigned long pos;

		if (r->type != c->arch->record_reloc)
			return error("%s: %s+0x%lx: relocation %s, expected %s; build records with "
				     "KLP_SYMPOS()", path, sec->name, (unsigned long)r->offset,
				     arch_reloc_name(c->arch, r->type),
				     arch_reloc_name(c->arch, c->arch->record_reloc));
		/* Not offset + size > sec->size: a hostile offset wraps that sum. */
		if (r->offset > sec->size || sec->size - r->offset < KLP_RECORD_SIZE)
			return error("%s: %s+0x%lx: record runs past the end of the section",
				     path, sec->name, (unsigned long)r->offset);
		if (record_check_symbol(c, sec, r, obj))
			return -1;
		if (symname_check(c, r->sym->name, sec->name))
			return -1;
		pos = section_read32(c->elf, sec, r->offset + KLP_RECORD_SYMPOS_OFFSET);
		if (ref_add(c, r->sym, r->sym->name, obj, obj, pos, sec->name))
			return -1;
	}
	ALLOC_GROW(c->records, c->nr_records, c->alloc_records);
	c->records[c->nr_records++] = sec;
	return 0;
}

/*
 * SUSE's KLP_RELOC_SYMBOL_POS(lp_obj, sym_obj, sym, pos) names the
 * undefined symbol ".klp.sym.rela.<lp_obj>.<sym_obj>.<sym>,<pos>" (older:
 * ".<pos>"). lp_obj is the patched object whose .klp.rela sections carry
 * the relocations; sym_obj is where the symbol lives.
 */
static int suse_symbol_read(struct convert *c, struct symbol *sym)
{
	const char *s = sym->name + strlen(KLP_SUSE_PREFIX);
	const char *dot1, *dot2, *sep;
	char *lp_obj = NULL, *sym_obj = NULL, *name = NULL;
	int ret = -1;

	dot1 = strchr(s, '.');
	dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
	sep = dot2 ? strrchr(dot2 + 1, ',') : NULL;
	if (dot2 && !sep)
		sep = strrchr(dot2 + 1, '.');
	if (!sep || sep == dot2 + 1 || !all_digits(sep + 1))
		return error("%s: symbol '%s' is not .klp.sym.rela.<lp_obj>.<sym_obj>.<sym>,<pos>; "
			     "check its KLP_RELOC_SYMBOL() arguments", c->elf->path, sym->name);
	lp_obj = xstrndup(s, dot1 - s);
	sym_obj = xstrndup(dot1 + 1, dot2 - dot1 - 1);
	name = xstrndup(dot2 + 1, sep - dot2 - 1);

	if (objname_check(c, lp_obj, sym->name) || objname_check(c, sym_obj, sym->name) ||
	    symname_check(c, name, sym->name))
		goto out;
	if (!sym_is_undef(sym)) {
		error("%s: symbol '%s' is defined in this module (section %s); KLP_RELOC_SYMBOL() "
		      "names a kernel symbol, declare it extern", c->elf->path, sym->name,
		      sym->sec ? sym->sec->name : "absolute");
		goto out;
	}
	ret = ref_add(c, sym, name, sym_obj, lp_obj, strtoul(sep + 1, NULL, 10),
			      "KLP_RELOC_SYMBOL");
out:
	free(lp_obj);
	free(sym_obj);
	free(name);
	return ret;
}

int annotations_pair(struct convert *c)
{
	struct section *sec;
	struct symbol *sym;

	for_each_sec(c->elf, sec)
		if (starts_with(sec->name, KLP_RECORD_SECTION_PREFIX) && records_read(c, sec))
			return -1;
	for_each_sym(c->elf, sym)
		if (starts_with(sym->name, KLP_SUSE_PREFIX) && suse_symbol_read(c, sym))
			return -1;
	refs_index(c);
	return 0;
}

/* --- moving ------------------------------------------------------------ */

static void symbols_rename(struct convert *c)
{
	/* Pairing checked both names against the kernel's limits. */
	char name[sizeof(KLP_SYM_PREFIX) + KLP_OBJNAME_MAX + 1 + KLP_SYMNAME_MAX + 1 + 20 + 1];
	size_t i;

	for (i = 0; i < c->nr_refs; i++) {
		struct klp_ref *ref = &c->refs[i];
		int n = snprintf(name, sizeof(name), KLP_SYM_PREFIX "%s.%s,%lu", ref->obj,
				 ref->name, ref->pos);

		if (n < 0 || (size_t)n >= sizeof(name))
			die("%s: .klp.sym name for '%s' too long", c->elf->path, ref->name);
		if (c->verbose)
			printf("symbol %s -> %s\n", ref->sym->name, name);
		symbol_rename(c->elf, ref->sym, name);
		ref->sym->sym.st_shndx = SHN_LIVEPATCH;
		ref->sym->sym.st_value = 0;
	}
}

/*
 * Remove the annotation arrays: their sections (with relocations), their
 * symbols, and the debug-info relocations that point at them (kbuild
 * builds with -g). Code or data that uses an array is an error: it would
 * point at nothing once the array is gone.
 */
static int records_remove(struct convert *c)
{
	struct section *sec;
	struct symbol *sym;
	struct reloc *r;
	size_t i;

	for (i = 0; i < c->nr_records; i++) {
		if (c->verbose)
			printf("removed %s\n", c->records[i]->name);
		section_remove(c->elf, c->records[i]);
	}
	for_each_sym(c->elf, sym)
		if (sym->sec && sym->sec->removed)
			symbol_remove(c->elf, sym);

	for_each_sec(c->elf, sec) {
		size_t dropped = 0;

		if (!is_reloc_sec(sec))
			continue;
		for_each_reloc(sec, r) {
			if (!r->sym || !r->sym->removed)
				continue;
			if (sec->base->sh.sh_flags & SHF_ALLOC)
				return error("%s: %s+0x%lx uses '%s' from %s, an annotation array that "
					     "klp-convert removes; do not reference KLP_MODULE_RELOC() arrays",
					     c->elf->path, sec->base->name, (unsigned long)r->offset,
					     symbol_label(r->sym), r->sym->sec->name);
			reloc_remove(c->elf, r);
			dropped++;
		}
		if (dropped && c->verbose)
			printf("dropped %zu relocations against annotations from %s\n", dropped, sec->name);
	}
	return 0;
}

static struct section *klp_rela_get(struct convert *c, const char *obj, struct section *base)
{
	char *name = xasprintf(KLP_RELA_PREFIX "%s.%s", obj, base->name);
	struct section *sec = find_section_by_name(c->elf, name);

	if (!sec)
		sec = rela_section_create(c->elf, name, base,
					  SHF_ALLOC | SHF_INFO_LINK | SHF_RELA_LIVEPATCH);
	free(name);
	return sec;
}

/*
 * Find (or create, in the order relocations need them) the .klp.rela
 * sections SEC's relocations move to, and make room in each for all of
 * them at once: grown one relocation at a time, the arrays were copied
 * over and over. Returns how many objects SEC's relocations go to; their
 * indexes are in c->touched_objs.
 */
static size_t klp_relas_prepare(struct convert *c, struct section *sec)
{
	size_t nr_touched = 0, i;
	struct reloc *r;

	for_each_reloc(sec, r) {
		struct klp_ref *ref = r->sym ? c->ref_of[r->sym->idx] : NULL;

		if (!ref)
			continue;
		if (!c->moves_to_obj[ref->sec_obj_nr]++) {
			c->rela_of_obj[ref->sec_obj_nr] = klp_rela_get(c, ref->sec_obj, sec->base);
			c->touched_objs[nr_touched++] = ref->sec_obj_nr;
		}
	}
	for (i = 0; i < nr_touched; i++)
		section_reserve_relocs(c->rela_of_obj[c->touched_objs[i]],
				       c->moves_to_obj[c->touched_objs[i]]);
	return nr_touched;
}

/*
 * Move every relocation against an annotated symbol out of SEC. Only
 * relocations the loader applies move (their target is SHF_ALLOC): it
 * ignores the others (debug info), which may keep pointing at the symbol.
 */
static void relocs_move_from(struct convert *c, struct section *sec)
{
	size_t before = section_nr_relocs(sec), moved = 0, nr_touched, i;
	struct reloc *r;

	if (!(sec->base->sh.sh_flags & SHF_ALLOC))
		return;
	nr_touched = klp_relas_prepare(c, sec);
	for_each_reloc(sec, r) {
		struct klp_ref *ref = r->sym ? c->ref_of[r->sym->idx] : NULL;
		struct section *klp;

		if (!ref)
			continue;
		klp = c->rela_of_obj[ref->sec_obj_nr];
		reloc_add(c->elf, klp, r);
		reloc_remove(c->elf, r);
		moved++;
		if (c->verbose)
			printf("%s+0x%lx %s -> %s\n", sec->base->name, (unsigned long)r->offset,
			       ref->sym->name, klp->name);
	}
	for (i = 0; i < nr_touched; i++)
		c->moves_to_obj[c->touched_objs[i]] = 0;
	/* kbuild never emits empty relocation sections; do not leave one. */
	if (moved && moved == before)
		section_remove(c->elf, sec);
	else if (moved)
		section_compact_relocs(sec);
}

int relocations_move(struct convert *c)
{
	size_t nr = c->elf->nr_sections, i;

	if (records_remove(c))
		return -1;
	symbols_rename(c);
	c->rela_of_obj = xcalloc(c->nr_objs, sizeof(*c->rela_of_obj));
	c->moves_to_obj = xcalloc(c->nr_objs, sizeof(*c->moves_to_obj));
	c->touched_objs = xcalloc(c->nr_objs, sizeof(*c->touched_objs));
	/* Only the input's sections: the .klp.rela ones created here are done. */
	for (i = 1; i < nr; i++) {
		struct section *sec = c->elf->sections[i];

		if (sec->removed || !is_reloc_sec(sec) || (sec->sh.sh_flags & SHF_RELA_LIVEPATCH))
			continue;
		relocs_move_from(c, sec);
	}
	imports_prune(c);
	return 0;
}
