// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel's rules for a livepatch module, checked on the converted
 * object so that what the kernel would refuse at load (or get wrong
 * silently) fails here, with the symbol, the section and a fix. Each rule
 * cites where Linux 6.1 enforces it.
 */
#include "convert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "symdb.h"
#include "util.h"

/*
 * kernel/module/main.c check_modinfo_livepatch(): without a livepatch tag
 * the module is not a livepatch module, so the loader does not keep the
 * ELF information the livepatch core reads later (copy_module_elf()) and
 * klp_enable_patch() refuses it. The kernel only asks get_modinfo()
 * whether the tag exists; MODULE_INFO(livepatch, "Y") is how it is set.
 */
static int verify_modinfo(struct convert *c)
{
	const struct section *sec = find_section_by_name(c->elf, ".modinfo");
	const char *p, *end;

	if (sec && sec->data) {
		p = sec->data;
		end = p + sec->size;
		while (p < end) {
			size_t n = strnlen(p, end - p);

			/* Within the section: a cut tag must not read on into the next one. */
			if (n >= strlen("livepatch=") && !strncmp(p, "livepatch=", strlen("livepatch=")))
				return 0;
			p += n + 1;
		}
	}
	return error("%s: not marked as a livepatch module (no livepatch tag in .modinfo); "
		     "add MODULE_INFO(livepatch, \"Y\") to the module source", c->elf->path);
}

/* kernel/livepatch/core.c klp_apply_section_relocs(): ".klp.rela.%55[^.]". */
static char *klp_rela_objname(const struct convert *c, const struct section *sec)
{
	bool named = starts_with(sec->name, KLP_RELA_PREFIX);
	const char *s = named ? sec->name + strlen(KLP_RELA_PREFIX) : "";
	const char *dot = strchr(s, '.');
	char *obj;

	if (!named || !dot || !dot[1]) {
		error("%s: section %s has SHF_RELA_LIVEPATCH but is not named "
		      ".klp.rela.<obj>.<section>", c->elf->path, sec->name);
		return NULL;
	}
	obj = xstrndup(s, dot - s);
	if (objname_check(c, obj, sec->name)) {
		free(obj);
		return NULL;
	}
	return obj;
}

static int verify_klp_section_header(const struct convert *c, const struct section *sec)
{
	if (sec->sh.sh_type != SHT_RELA)
		return error("%s: %s is not SHT_RELA; the livepatch core applies RELA only",
			     c->elf->path, sec->name);
	/* The core reads the relocations from module memory after load. */
	if (!(sec->sh.sh_flags & SHF_ALLOC))
		return error("%s: %s lacks SHF_ALLOC; the kernel would read freed memory",
			     c->elf->path, sec->name);
	if (!sec->base || !(sec->base->sh.sh_flags & SHF_ALLOC))
		return error("%s: %s applies to %s, which the kernel does not load",
			     c->elf->path, sec->name, sec->base ? sec->base->name : "no section");
	return 0;
}

/* A .klp.sym symbol's name, split and checked once for all its relocations. */
struct klp_sym_parts {
	enum { PARTS_UNREAD, PARTS_OK, PARTS_BAD } state;
	char *obj, *name;
	bool vmlinux;		/* obj is vmlinux */
};

/* What the rules ask of a .klp.rela section, answered once for all its relocations. */
struct klp_rela_facts {
	bool vmlinux;		/* .klp.rela.vmlinux.* */
	bool init;		/* it patches an .init* section */
	bool special;		/* it patches a special section (arch.c) */
};

static int klp_sym_parts_read(struct convert *c, const struct symbol *sym,
			      struct klp_sym_parts *p)
{
	unsigned long pos;

	if (klp_sym_parse(sym->name, &p->obj, &p->name, &pos))
		return error("%s: symbol '%s' is not .klp.sym.<obj>.<sym>,<pos>",
			     c->elf->path, sym->name);
	if (objname_check(c, p->obj, sym->name) || symname_check(c, p->name, sym->name))
		return -1;
	p->vmlinux = !strcmp(p->obj, "vmlinux");
	return 0;
}

/*
 * klp_resolve_symbols(): every symbol must be SHN_LIVEPATCH and well
 * named. A badly named symbol is reported at its first relocation only.
 */
static int verify_klp_reloc(struct convert *c, const struct section *sec,
			    const struct klp_rela_facts *facts, const struct reloc *r,
			    struct klp_sym_parts *parts)
{
	const char *path = c->elf->path, *secname = sec->base->name;
	unsigned long off = r->offset;
	const char *obj, *name;
	struct klp_sym_parts *p;

	if (!r->sym || !sym_is_livepatch(r->sym))
		return error("%s: %s+0x%lx: relocation in %s against '%s', which is not a "
			     ".klp.sym symbol with SHN_LIVEPATCH; the kernel refuses it",
			     path, secname, off, sec->name, r->sym ? r->sym->name : "(none)");
	p = &parts[r->sym->idx];
	if (p->state == PARTS_UNREAD)
		p->state = klp_sym_parts_read(c, r->sym, p) ? PARTS_BAD : PARTS_OK;
	if (p->state == PARTS_BAD)
		return -1;
	obj = p->obj;
	name = p->name;

	if (!facts->vmlinux && p->vmlinux) {
		/* Since 5.8: "invalid access to vmlinux symbol". */
		return error("%s: %s+0x%lx: vmlinux symbol '%s' in module-specific section %s; "
			     "the kernel refuses it: put it in .klp.rela.vmlinux.%s (annotate it "
			     "for vmlinux), or reference it normally if it is exported",
			     path, secname, off, name, sec->name, secname);
	}
	if (!facts->vmlinux && facts->init) {
		/*
		 * kernel/module/main.c module_init_section(): .init* is freed
		 * once the module is live, and relocations to a module are
		 * written later, into freed memory.
		 */
		return error("%s: %s+0x%lx refers to '%s' of module %s from an init section, which is "
			     "freed before relocations to %s are applied; move the reference out of "
			     "__init code", path, secname, off, name, obj, obj);
	}
	if (!p->vmlinux && facts->special) {
		/*
		 * Special sections are processed when the livepatch module
		 * loads; relocations to a module are applied only later, when
		 * the patch is enabled with that module present.
		 */
		return error("%s: %s+0x%lx refers to '%s' of module %s; %s is used when the livepatch "
			     "loads, before relocations to %s are applied: use static_key_enabled() "
			     "instead of a static branch on a module key, or call through a normal "
			     "reference", path, secname, off, name, obj, secname, obj);
	}
	return 0;
}

static int verify_klp_sections(struct convert *c)
{
	struct klp_sym_parts *parts = xcalloc(c->elf->nr_symbols, sizeof(*parts));
	struct section *sec;
	struct reloc *r;
	size_t i;
	int ret = 0;

	for_each_sec(c->elf, sec) {
		struct klp_rela_facts facts;
		char *sec_obj;

		if (!(sec->sh.sh_flags & SHF_RELA_LIVEPATCH))
			continue;
		sec_obj = klp_rela_objname(c, sec);
		if (!sec_obj || verify_klp_section_header(c, sec)) {
			free(sec_obj);
			ret = -1;
			continue;
		}
		facts.vmlinux = !strcmp(sec_obj, "vmlinux");
		facts.init = starts_with(sec->base->name, ".init");
		facts.special = arch_is_special_section(c->arch, sec->base->name);
		for_each_reloc(sec, r)
			if (verify_klp_reloc(c, sec, &facts, r, parts))
				ret = -1;
		free(sec_obj);
	}
	for (i = 0; i < c->elf->nr_symbols; i++) {
		free(parts[i].obj);
		free(parts[i].name);
	}
	free(parts);
	return ret;
}

/*
 * arch/x86/kernel/module.c apply_relocate_add() (and its peers) refuse
 * unknown types, and refuse a target whose bytes are not zero.
 */
static int verify_reloc(struct convert *c, const struct section *sec, const struct reloc *r)
{
	const char *path = c->elf->path, *secname = sec->base->name;
	const char *symname = r->sym ? r->sym->name : "(none)";
	const struct arch_reloc *ar = arch_find_reloc(c->arch, r->type);
	const struct section *base = sec->base;
	unsigned long off = r->offset;
	size_t i;

	if (!ar)
		return error("%s: %s+0x%lx: relocation %s against '%s' is not one the %s module "
			     "loader applies; build with the kernel's flags (-mcmodel=kernel -fno-pic)",
			     path, secname, off, arch_reloc_name(c->arch, r->type), symname,
			     c->arch->name);
	if (r->sym && sym_is_livepatch(r->sym) && !(sec->sh.sh_flags & SHF_RELA_LIVEPATCH))
		return error("%s: %s+0x%lx: relocation in %s against livepatch symbol '%s'; the loader "
			     "would write 0 there: it belongs in a .klp.rela section",
			     path, secname, off, sec->name, symname);
	/* Not off + size > base->size: a hostile offset wraps that sum. */
	if (off > base->size || base->size - off < ar->size)
		return error("%s: %s+0x%lx: relocation %s runs past the end of the section",
			     path, secname, off, ar->name);
	if (!c->arch->target_must_be_zero || base->sh.sh_type == SHT_NOBITS || !base->data)
		return 0;
	for (i = 0; i < ar->size; i++)
		if (((const unsigned char *)base->data)[off + i])
			return error("%s: %s+0x%lx: bytes under relocation %s against '%s' are not zero; "
				     "the kernel refuses to apply it", path, secname, off, ar->name,
				     symname);
	return 0;
}

static int verify_relocs(struct convert *c)
{
	struct section *sec;
	struct reloc *r;
	int ret = 0;

	for_each_sec(c->elf, sec) {
		/* The loader skips relocations of sections it does not load. */
		if (!is_reloc_sec(sec) || !(sec->base->sh.sh_flags & SHF_ALLOC))
			continue;
		for_each_reloc(sec, r)
			if (verify_reloc(c, sec, r))
				ret = -1;
	}
	return ret;
}

/*
 * kernel/module/main.c: elf_validity_cache_secstrings() (6.12 has it)
 * refuses a module whose section name table does not end with a NUL;
 * elf_validity_cache_strtab() (after 6.12) one whose symbol string table
 * does not both start and end with one. The gABI asks both of every
 * string table; so do we, of the input's tables: the writer rebuilds
 * them, but from names a bad table already garbled (offset 0 names the
 * null and the section symbols), and an object with nothing to convert
 * is written as it was read.
 */
static int verify_strtab(const struct convert *c, const struct section *sec, const char *role)
{
	const char *p = sec->data;

	if (sec->sh.sh_type != SHT_STRTAB || !p || !sec->size)
		return error("%s: %s %s is empty or not SHT_STRTAB; the loader refuses the module: "
			     "the file is corrupt, rebuild it", c->elf->path, role, sec->name);
	if (p[0])
		return error("%s: %s %s does not start with a NUL byte; the loader refuses the "
			     "module: the file is corrupt, rebuild it", c->elf->path, role, sec->name);
	if (p[sec->size - 1])
		return error("%s: %s %s does not end with a NUL byte; the loader refuses the "
			     "module: the file is corrupt, rebuild it", c->elf->path, role, sec->name);
	return 0;
}

static int verify_strtabs(const struct convert *c)
{
	int ret = 0;

	if (verify_strtab(c, c->elf->shstrtab, "section name table"))
		ret = -1;
	if (c->elf->symtab->link != c->elf->shstrtab &&
	    verify_strtab(c, c->elf->symtab->link, "symbol string table"))
		ret = -1;
	return ret;
}

/* What the loader's find_sec() finds: the first SHF_ALLOC section named NAME. */
static const struct section *find_loaded_section(const struct convert *c, const char *name)
{
	const struct section *sec;

	for_each_sec(c->elf, sec)
		if ((sec->sh.sh_flags & SHF_ALLOC) && !strcmp(sec->name, name))
			return sec;
	return NULL;
}

/*
 * elf_validity_cache_index_versions() (6.14+): extended modversions
 * come as both arrays or neither, with a name for every CRC.
 */
static int verify_ext_versions(const struct convert *c)
{
	const struct section *crcs = find_loaded_section(c, "__version_ext_crcs");
	const struct section *names = find_loaded_section(c, "__version_ext_names");
	const char *p, *end;
	size_t nr;

	if (!crcs && !names)
		return 0;
	if (!crcs || !names)
		return error("%s: %s without %s; the loader refuses the module: rebuild it with "
			     "the kernel's modpost", c->elf->path,
			     crcs ? crcs->name : names->name,
			     crcs ? "__version_ext_names" : "__version_ext_crcs");
	if (crcs->sh.sh_type == SHT_NOBITS || crcs->size % 4)
		return error("%s: %s is not an array of 32-bit CRCs (%zu bytes); the file is "
			     "corrupt, rebuild it with the kernel's modpost", c->elf->path,
			     crcs->name, crcs->size);
	/* No bytes (SHT_NOBITS): no names. */
	p = names->data;
	end = p ? p + names->size : p;
	for (nr = crcs->size / 4; nr; nr--) {
		const char *nul = p < end ? memchr(p, '\0', end - p) : NULL;

		if (!nul)
			return error("%s: %s has more CRCs than %s has names; the loader refuses "
				     "the module: rebuild it with the kernel's modpost",
				     c->elf->path, crcs->name, names->name);
		p = nul + 1;
	}
	return 0;
}

/* Undefined symbols the loader resolves without an export. */
static bool loader_provides(const char *name)
{
	/* Defined by the .mod.c that modpost generates; a .o has it undefined. */
	return !strcmp(name, "__this_module");
}

/*
 * Is NAME one the module leaves undefined? Asked of each of the kernel's
 * 25,000 exports, for a module that imports a few dozen names: most
 * answers must cost less than a hash lookup (which hashing the name made
 * the largest part of loading the file). A name of a length no
 * undefined symbol has is not one of them.
 */
struct imports_filter {
	const struct elf *elf;
	bool len_seen[KLP_SYMNAME_MAX + 2];	/* by length, longer ones at the end */
};

static size_t imports_filter_slot(size_t len)
{
	return len < KLP_SYMNAME_MAX + 1 ? len : KLP_SYMNAME_MAX + 1;
}

static bool module_imports(const char *name, size_t len, void *arg)
{
	const struct imports_filter *f = arg;

	if (!f->len_seen[imports_filter_slot(len)])
		return false;
	return find_undef_symbol_by_name(f->elf, name);
}

/*
 * Only the exports of names the module leaves undefined: all that the
 * checks here and imports_prune() ask about, since conversion only ever
 * takes undefined symbols away. The kernel's Module.symvers has some
 * 25,000 lines; loading them all took four times the conversion.
 */
int exports_load(struct convert *c, const char *symvers)
{
	struct imports_filter *f = xcalloc(1, sizeof(*f));
	struct symbol *sym;
	int ret;

	f->elf = c->elf;
	for_each_sym(c->elf, sym)
		if (sym_is_undef(sym))
			f->len_seen[imports_filter_slot(strlen(sym->name))] = true;
	c->exports = symdb_new();
	c->symvers = symvers;
	ret = symdb_load_symvers_filtered(c->exports, symvers, module_imports, f);
	free(f);
	return ret;
}

/*
 * kbuild's KBUILD_MODPOST_WARN=1, needed to link a module that uses
 * unexported symbols, also lets a typo or a forgotten annotation through.
 * After conversion, every undefined symbol must be exported: the loader's
 * simplify_symbols() fails on any other ("Unknown symbol").
 */
static int verify_exports(struct convert *c)
{
	struct symbol *sym;
	size_t nr = 0;

	for_each_sym(c->elf, sym) {
		if (!sym_is_undef(sym) || !*sym->name || GELF_ST_BIND(sym->sym.st_info) == STB_WEAK)
			continue;
		if (loader_provides(sym->name) || symdb_find_export(c->exports, sym->name))
			continue;
		if (!nr++)
			error("%s: undefined symbols that %s does not export (the loader would fail "
			      "with \"Unknown symbol\"):", c->elf->path, c->symvers);
		fprintf(stderr, "  %s\n", sym->name);
	}
	if (nr)
		note("annotate each with KLP_SYMPOS(sym, pos) in a KLP_MODULE_RELOC(obj) block "
		     "(klp-annotate writes them), or fix the name");
	return nr ? -1 : 0;
}

int module_verify(struct convert *c, const char *symvers)
{
	int ret = 0;

	if (verify_strtabs(c))
		ret = -1;
	if (verify_ext_versions(c))
		ret = -1;
	if (verify_modinfo(c))
		ret = -1;
	if (verify_klp_sections(c))
		ret = -1;
	if (verify_relocs(c))
		ret = -1;
	if (symvers && !c->exports && exports_load(c, symvers))
		return -1;
	if (c->exports && verify_exports(c))
		ret = -1;
	return ret;
}
