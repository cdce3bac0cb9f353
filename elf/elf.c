// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading and writing relocatable ELF objects with libelf. Everything
 * else in klp-convert works on struct elf and never sees an index.
 */
#include "elfobj.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#define elf_error(elf, what) \
	error("%s: %s: %s", (elf)->path, (what), elf_errmsg(-1))

/* --- hash tables by name --------------------------------------------- */

static size_t bucket_count(size_t nr)
{
	size_t n = 64;

	while (n < nr * 2)
		n *= 2;
	return n;
}

static void section_hash_add(struct elf *elf, struct section *sec)
{
	size_t b = str_hash(sec->name) & (elf->section_buckets - 1);

	sec->hash_next = elf->section_hash[b];
	elf->section_hash[b] = sec;
}

static void symbol_hash_add(struct elf *elf, struct symbol *sym)
{
	size_t b = str_hash(sym->name) & (elf->symbol_buckets - 1);

	sym->hash_next = elf->symbol_hash[b];
	elf->symbol_hash[b] = sym;
}

static void symbol_hash_del(struct elf *elf, struct symbol *sym)
{
	size_t b = str_hash(sym->name) & (elf->symbol_buckets - 1);
	struct symbol **p;

	for (p = &elf->symbol_hash[b]; *p; p = &(*p)->hash_next) {
		if (*p == sym) {
			*p = sym->hash_next;
			return;
		}
	}
}

struct section *find_section_by_name(const struct elf *elf, const char *name)
{
	struct section *sec;

	sec = elf->section_hash[str_hash(name) & (elf->section_buckets - 1)];
	for (; sec; sec = sec->hash_next)
		if (!sec->removed && !strcmp(sec->name, name))
			return sec;
	return NULL;
}

/* The hash chains are newest first; return the lowest index to be predictable. */
struct symbol *find_symbol_by_name(const struct elf *elf, const char *name)
{
	struct symbol *sym, *found = NULL;

	sym = elf->symbol_hash[str_hash(name) & (elf->symbol_buckets - 1)];
	for (; sym; sym = sym->hash_next)
		if (!sym->removed && !strcmp(sym->name, name) && (!found || sym->idx < found->idx))
			found = sym;
	return found;
}

/* An undefined symbol named NAME, or NULL: a defined local may share the name. */
struct symbol *find_undef_symbol_by_name(const struct elf *elf, const char *name)
{
	struct symbol *sym;

	sym = elf->symbol_hash[str_hash(name) & (elf->symbol_buckets - 1)];
	for (; sym; sym = sym->hash_next)
		if (!sym->removed && sym_is_undef(sym) && !strcmp(sym->name, name))
			return sym;
	return NULL;
}

/* --- reading ----------------------------------------------------------- */

/*
 * The writer lays the output out with libelf, which pads each section to
 * its sh_addralign: a corrupt 1 GiB alignment would write a 1 GiB file.
 * The loader's ALIGN() needs a power of two; no module needs more than a
 * huge page.
 */
#define SECTION_ALIGN_MAX (2UL << 20)

static int section_align_check(struct elf *elf, const struct section *sec)
{
	uint64_t align = sec->sh.sh_addralign;

	if (align & (align - 1))
		return error("%s: section %s: alignment %#lx is not a power of two; the file is corrupt",
			     elf->path, sec->name, (unsigned long)align);
	if (align > SECTION_ALIGN_MAX)
		return error("%s: section %s: alignment %#lx is over %#lx; the file is corrupt",
			     elf->path, sec->name, (unsigned long)align, SECTION_ALIGN_MAX);
	return 0;
}

/*
 * A name offset past its string table: libelf's own message names
 * neither the section nor the table, and the loader refuses the module
 * (elf_validity_cache_secstrings(), elf_validity_cache_strtab()).
 */
static int name_offset_check(struct elf *elf, const char *what, size_t off, size_t strndx)
{
	GElf_Shdr sh;

	if (!gelf_getshdr(elf_getscn(elf->elf, strndx), &sh))
		return elf_error(elf, "cannot read a string table's header");
	if (off < sh.sh_size)
		return 0;
	return error("%s: %s: name offset %zu is past the end of its string table (section %zu, "
		     "%lu bytes); the file is corrupt, rebuild it", elf->path, what, off, strndx,
		     (unsigned long)sh.sh_size);
}

static int section_name_check(struct elf *elf, size_t idx, const GElf_Shdr *sh, size_t shstrndx)
{
	char what[32];

	snprintf(what, sizeof(what), "section [%zu]", idx);
	return name_offset_check(elf, what, sh->sh_name, shstrndx);
}

static int read_sections(struct elf *elf)
{
	size_t nr, shstrndx, i;

	if (elf_getshdrnum(elf->elf, &nr) || elf_getshdrstrndx(elf->elf, &shstrndx))
		return elf_error(elf, "cannot read section headers");
	if (nr < 2)
		return error("%s: no sections", elf->path);
	/* Modules never need extended numbering; refuse rather than mangle it. */
	if (nr >= SHN_LORESERVE)
		return error("%s: %zu sections: extended section numbering is not supported",
			     elf->path, nr);
	if (shstrndx == 0 || shstrndx >= nr)
		return error("%s: no section name table (e_shstrndx %zu); the file is corrupt, rebuild it",
			     elf->path, shstrndx);

	elf->section_buckets = bucket_count(nr + 64);
	elf->section_hash = xcalloc(elf->section_buckets, sizeof(*elf->section_hash));
	/* Zeroed: elf_close() must cope with a table read halfway. */
	elf->sections = xcalloc(nr, sizeof(*elf->sections));
	elf->alloc_sections = nr;
	elf->sections[0] = xcalloc(1, sizeof(struct section));
	elf->sections[0]->name = xstrdup("");
	elf->nr_sections = nr;

	for (i = 1; i < nr; i++) {
		Elf_Scn *scn = elf_getscn(elf->elf, i);
		struct section *sec = xcalloc(1, sizeof(*sec));
		const char *name;

		elf->sections[i] = sec;
		sec->idx = i;
		if (!scn || !gelf_getshdr(scn, &sec->sh))
			return elf_error(elf, "cannot read section header");
		if (section_name_check(elf, i, &sec->sh, shstrndx))
			return -1;
		name = elf_strptr(elf->elf, shstrndx, sec->sh.sh_name);
		if (!name)
			return elf_error(elf, "cannot read section name");
		sec->name = xstrdup(name);
		section_hash_add(elf, sec);
		if (section_align_check(elf, sec))
			return -1;

		switch (sec->sh.sh_type) {
		case SHT_SYMTAB:
			/* The loader too (elf_validity_cache_index_sym()). */
			if (elf->symtab)
				return error("%s: more than one symbol table (%s and %s); the loader "
					     "takes exactly one: the file is corrupt, rebuild it",
					     elf->path, elf->symtab->name, sec->name);
			elf->symtab = sec;
			break;
		case SHT_SYMTAB_SHNDX:
			return error("%s: extended section indices (%s) are not supported",
				     elf->path, sec->name);
		case SHT_RELA:
		case SHT_REL:
		case SHT_GROUP:
			break;		/* parsed once the symbols are known */
		case SHT_NOBITS:
			sec->size = sec->sh.sh_size;
			break;
		default: {
			Elf_Data *data = elf_rawdata(scn, NULL);

			if (!data)
				return elf_error(elf, "cannot read section data");
			sec->data = data->d_buf;
			sec->size = data->d_size;
		}
		}
	}
	elf->shstrtab = elf->sections[shstrndx];
	return 0;
}

static struct section *section_at(struct elf *elf, size_t idx, const char *what,
				  const struct section *from)
{
	if (!idx || idx >= elf->nr_sections) {
		error("%s: section %s has an invalid %s (%zu)", elf->path, from->name, what, idx);
		return NULL;
	}
	return elf->sections[idx];
}

/* Turn sh_link / sh_info indices into pointers. */
static int link_sections(struct elf *elf)
{
	size_t i;

	for (i = 1; i < elf->nr_sections; i++) {
		struct section *sec = elf->sections[i];

		if (sec->sh.sh_link) {
			sec->link = section_at(elf, sec->sh.sh_link, "sh_link", sec);
			if (!sec->link)
				return -1;
		}
		if (is_reloc_sec(sec) || (sec->sh.sh_flags & SHF_INFO_LINK)) {
			sec->base = section_at(elf, sec->sh.sh_info, "sh_info", sec);
			if (!sec->base)
				return -1;
			if (is_reloc_sec(sec)) {
				if (sec->link != elf->symtab)
					return error("%s: relocation section %s does not use the symbol table",
						     elf->path, sec->name);
				sec->base->rela = sec;
			}
		}
	}
	return 0;
}

static int read_symbols(struct elf *elf)
{
	struct section *symtab = elf->symtab;
	Elf_Data *data;
	size_t nr, i;

	if (!symtab)
		return error("%s: no symbol table (was the module stripped?)", elf->path);
	if (!symtab->link || symtab->link->sh.sh_type != SHT_STRTAB)
		return error("%s: symbol table has no string table", elf->path);
	data = elf_getdata(elf_getscn(elf->elf, symtab->idx), NULL);
	if (!data)
		return elf_error(elf, "cannot read the symbol table");
	nr = symtab->sh.sh_entsize ? symtab->sh.sh_size / symtab->sh.sh_entsize : 0;
	if (!nr)
		return error("%s: empty symbol table", elf->path);
	/* Before allocating for NR: a corrupt entry size claims millions. */
	if (nr > data->d_size / gelf_fsize(elf->elf, ELF_T_SYM, 1, EV_CURRENT))
		return error("%s: symbol table entry size %lu is not the ELF class's; the file is corrupt",
			     elf->path, (unsigned long)symtab->sh.sh_entsize);

	elf->symbol_buckets = bucket_count(nr);
	elf->symbol_hash = xcalloc(elf->symbol_buckets, sizeof(*elf->symbol_hash));
	elf->symbols = xcalloc(nr, sizeof(*elf->symbols));
	elf->alloc_symbols = nr;
	elf->nr_symbols = nr;
	/* One block for all: a module may have tens of thousands of symbols. */
	elf->symbol_block = xcalloc(nr, sizeof(*elf->symbol_block));

	for (i = 0; i < nr; i++) {
		struct symbol *sym = &elf->symbol_block[i];
		const char *name;

		elf->symbols[i] = sym;
		sym->idx = i;
		if (!gelf_getsym(data, i, &sym->sym))
			return elf_error(elf, "cannot read symbol");
		if (sym->sym.st_name >= symtab->link->size)
			return error("%s: symbol %zu: name offset %u is past the end of %s (%zu bytes); "
				     "the file is corrupt, rebuild it", elf->path, i,
				     sym->sym.st_name, symtab->link->name, symtab->link->size);
		name = elf_strptr(elf->elf, symtab->link->idx, sym->sym.st_name);
		if (!name)
			return elf_error(elf, "cannot read symbol name");
		sym->name = xstrdup(name);
		if (i)
			symbol_hash_add(elf, sym);

		if (sym->sym.st_shndx == SHN_XINDEX)
			return error("%s: symbol %s uses extended section indices, not supported",
				     elf->path, name);
		if (sym->sym.st_shndx != SHN_UNDEF && sym->sym.st_shndx < SHN_LORESERVE) {
			if (sym->sym.st_shndx >= elf->nr_sections)
				return error("%s: symbol %s has an invalid section index %u",
					     elf->path, name, sym->sym.st_shndx);
			sym->sec = elf->sections[sym->sym.st_shndx];
			if (GELF_ST_TYPE(sym->sym.st_info) == STT_SECTION && !sym->sec->sym)
				sym->sec->sym = sym;
		}
	}
	return 0;
}

static struct symbol *symbol_at(struct elf *elf, size_t idx, const struct section *from)
{
	if (idx >= elf->nr_symbols) {
		error("%s: %s refers to symbol index %zu, past the symbol table",
		      elf->path, from->name, idx);
		return NULL;
	}
	return idx ? elf->symbols[idx] : NULL;
}

static int read_relocs(struct elf *elf, struct section *sec)
{
	Elf_Data *data = elf_getdata(elf_getscn(elf->elf, sec->idx), NULL);
	bool rela = sec->sh.sh_type == SHT_RELA;
	size_t nr, i;

	if (!data)
		return elf_error(elf, "cannot read relocations");
	nr = sec->sh.sh_entsize ? sec->sh.sh_size / sec->sh.sh_entsize : 0;
	if (nr > data->d_size / gelf_fsize(elf->elf, rela ? ELF_T_RELA : ELF_T_REL, 1, EV_CURRENT))
		return error("%s: %s: entry size %lu is not the ELF class's; the file is corrupt",
			     elf->path, sec->name, (unsigned long)sec->sh.sh_entsize);
	/* Not zeroed: every member is set below, and there may be 100,000. */
	sec->relocs = xmalloc(nr * sizeof(*sec->relocs));
	sec->nr_relocs = sec->alloc_relocs = nr;

	for (i = 0; i < nr; i++) {
		struct reloc *r = &sec->relocs[i];
		uint64_t info;

		if (rela) {
			GElf_Rela in;

			if (!gelf_getrela(data, i, &in))
				return elf_error(elf, "cannot read relocation");
			r->offset = in.r_offset;
			r->addend = in.r_addend;
			info = in.r_info;
		} else {
			GElf_Rel rel;

			if (!gelf_getrel(data, i, &rel))
				return elf_error(elf, "cannot read relocation");
			r->offset = rel.r_offset;
			r->addend = 0;
			info = rel.r_info;
		}
		r->sec = sec;
		r->removed = false;
		r->type = GELF_R_TYPE(info);
		r->sym = symbol_at(elf, GELF_R_SYM(info), sec);
		if (GELF_R_SYM(info) && !r->sym)
			return -1;
	}
	return 0;
}

static int read_group(struct elf *elf, struct section *sec)
{
	Elf_Data *data = elf_getdata(elf_getscn(elf->elf, sec->idx), NULL);
	const uint32_t *words;
	size_t nr, i;

	if (!data || data->d_size < 4)
		return error("%s: group section %s is malformed", elf->path, sec->name);
	words = data->d_buf;
	nr = data->d_size / 4;
	sec->group_flags = words[0];
	sec->group = xcalloc(nr, sizeof(*sec->group));
	for (i = 1; i < nr; i++) {
		sec->group[sec->nr_group] = section_at(elf, words[i], "group member", sec);
		if (!sec->group[sec->nr_group++])
			return -1;
	}
	sec->group_sig = symbol_at(elf, sec->sh.sh_info, sec);
	if (!sec->group_sig)
		return error("%s: group section %s has no signature symbol", elf->path, sec->name);
	return 0;
}

static int read_relocs_and_groups(struct elf *elf)
{
	size_t i;

	for (i = 1; i < elf->nr_sections; i++) {
		struct section *sec = elf->sections[i];

		if (is_reloc_sec(sec) && read_relocs(elf, sec))
			return -1;
		if (sec->sh.sh_type == SHT_GROUP && read_group(elf, sec))
			return -1;
	}
	return 0;
}

/*
 * The input, mapped privately: copying a module into memory took longer
 * than anything done with most of its bytes. The sections edited in place
 * (imports.c) get their own copy of the pages they touch, the file stays
 * as it was, and the output goes to a new file renamed over it, so that
 * converting in place never writes under the mapping.
 */
static char *map_input(const char *path, size_t *len)
{
	char *buf = MAP_FAILED;
	struct stat st;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	/* mmap refuses an empty file; the caller reads that one. */
	if (!fstat(fd, &st) && S_ISREG(st.st_mode) && st.st_size > 0) {
		*len = st.st_size;
		buf = mmap(NULL, *len, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	}
	close(fd);
	return buf == MAP_FAILED ? NULL : buf;
}

static struct elf *elf_parse(const char *path, char *buf, size_t len, unsigned int mode,
			     bool mapped);

struct elf *elf_read(const char *path)
{
	struct stat st;
	size_t len;
	char *buf;

	if (stat(path, &st)) {
		error("%s: cannot read: %s", path, strerror(errno));
		return NULL;
	}
	/* /dev/zero or a FIFO would be read until memory runs out. */
	if (!S_ISREG(st.st_mode)) {
		error("%s: not a regular file; pass the .ko that kbuild built", path);
		return NULL;
	}
	buf = map_input(path, &len);
	if (buf)
		return elf_parse(path, buf, len, st.st_mode & 07777, true);
	buf = read_file(path, &len);
	if (!buf) {
		error("%s: cannot read: %s", path, strerror(errno));
		return NULL;
	}
	return elf_parse(path, buf, len, st.st_mode & 07777, false);
}

struct elf *elf_read_mem(const char *path, char *buf, size_t len, unsigned int mode)
{
	return elf_parse(path, buf, len, mode, false);
}

static struct elf *elf_parse(const char *path, char *buf, size_t len, unsigned int mode,
			     bool mapped)
{
	struct elf *elf = xcalloc(1, sizeof(*elf));

	elf->path = path;
	elf->buf = buf;
	elf->len = len;
	elf->mode = mode;
	elf->mapped = mapped;

	elf_version(EV_CURRENT);
	elf->elf = elf_memory(elf->buf, elf->len);
	if (!elf->elf || elf_kind(elf->elf) != ELF_K_ELF) {
		error("%s: not an ELF file", path);
		goto fail;
	}
	if (!gelf_getehdr(elf->elf, &elf->ehdr)) {
		elf_error(elf, "cannot read the ELF header");
		goto fail;
	}
	if (elf->ehdr.e_type != ET_REL) {
		error("%s: not a relocatable object; pass the .ko that kbuild built", path);
		goto fail;
	}
	/*
	 * libelf reads the headers at their native size whatever e_shentsize
	 * says; the kernel's loader refuses the module (elf_validity_check).
	 */
	if (elf->ehdr.e_shnum &&
	    elf->ehdr.e_shentsize != gelf_fsize(elf->elf, ELF_T_SHDR, 1, EV_CURRENT)) {
		error("%s: section header size %u is not the ELF class's; the file is corrupt",
		      path, elf->ehdr.e_shentsize);
		goto fail;
	}
	if (read_sections(elf) || link_sections(elf) || read_symbols(elf) ||
	    read_relocs_and_groups(elf))
		goto fail;
	return elf;
fail:
	elf_close(elf);
	return NULL;
}

void elf_close(struct elf *elf)
{
	size_t i;

	if (!elf)
		return;
	for (i = 0; i < elf->nr_sections; i++) {
		struct section *sec = elf->sections[i];

		if (!sec)
			continue;
		free(sec->name);
		free(sec->relocs);
		free(sec->group);
		free(sec);
	}
	for (i = 0; i < elf->nr_symbols; i++) {
		if (!elf->symbols[i])
			continue;
		free(elf->symbols[i]->name);
	}
	free(elf->sections);
	free(elf->symbols);
	free(elf->symbol_block);
	free(elf->section_hash);
	free(elf->symbol_hash);
	if (elf->elf)
		elf_end(elf->elf);
	if (elf->mapped)
		munmap(elf->buf, elf->len);
	else
		free(elf->buf);
	free(elf);
}

/* --- editing ------------------------------------------------------------ */

uint32_t section_read32(const struct elf *elf, const struct section *sec, uint64_t offset)
{
	const unsigned char *p = (const unsigned char *)sec->data + offset;

	if (elf->ehdr.e_ident[EI_DATA] == ELFDATA2MSB)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

void symbol_rename(struct elf *elf, struct symbol *sym, const char *name)
{
	symbol_hash_del(elf, sym);
	free(sym->name);
	sym->name = xstrdup(name);
	symbol_hash_add(elf, sym);
	elf->changed = true;
}

void symbol_remove(struct elf *elf, struct symbol *sym)
{
	sym->removed = true;
	elf->changed = true;
}

void reloc_remove(struct elf *elf, struct reloc *reloc)
{
	reloc->removed = true;
	elf->changed = true;
}

void section_remove(struct elf *elf, struct section *sec)
{
	sec->removed = true;
	elf->changed = true;
	if (sec->rela)
		section_remove(elf, sec->rela);
	if (sec->sym)
		symbol_remove(elf, sec->sym);
	if (is_reloc_sec(sec) && sec->base && sec->base->rela == sec)
		sec->base->rela = NULL;
}

void section_compact_relocs(struct section *sec)
{
	size_t i, n = 0;

	for (i = 0; i < sec->nr_relocs; i++)
		if (!sec->relocs[i].removed)
			sec->relocs[n++] = sec->relocs[i];
	sec->nr_relocs = n;
}

size_t section_nr_relocs(const struct section *sec)
{
	struct reloc *r;
	size_t n = 0;

	for_each_reloc(sec, r)
		n++;
	return n;
}

struct section *rela_section_create(struct elf *elf, const char *name, struct section *base,
				    uint64_t flags)
{
	struct section *sec = xcalloc(1, sizeof(*sec));

	sec->name = xstrdup(name);
	sec->sh.sh_type = SHT_RELA;
	sec->sh.sh_flags = flags;
	sec->sh.sh_entsize = gelf_fsize(elf->elf, ELF_T_RELA, 1, EV_CURRENT);
	sec->sh.sh_addralign = elf->ehdr.e_ident[EI_CLASS] == ELFCLASS64 ? 8 : 4;
	sec->link = elf->symtab;
	sec->base = base;
	ALLOC_GROW(elf->sections, elf->nr_sections, elf->alloc_sections);
	elf->sections[elf->nr_sections++] = sec;
	section_hash_add(elf, sec);
	elf->changed = true;
	return sec;
}

void section_reserve_relocs(struct section *rsec, size_t nr)
{
	if (rsec->alloc_relocs - rsec->nr_relocs >= nr)
		return;
	rsec->alloc_relocs = rsec->nr_relocs + nr;
	rsec->relocs = xrealloc(rsec->relocs, rsec->alloc_relocs * sizeof(*rsec->relocs));
}

struct reloc *reloc_add(struct elf *elf, struct section *rsec, const struct reloc *from)
{
	struct reloc *r;

	ALLOC_GROW(rsec->relocs, rsec->nr_relocs, rsec->alloc_relocs);
	r = &rsec->relocs[rsec->nr_relocs++];
	*r = *from;
	r->sec = rsec;
	r->removed = false;
	elf->changed = true;
	return r;
}

/* --- writing ------------------------------------------------------------ */

/*
 * Everything the writer checks before it renumbers: a removed section,
 * symbol or group signature must not be referenced by anything that stays.
 */
static int check_dangling(struct elf *elf)
{
	struct section *sec;
	struct symbol *sym;
	struct reloc *r;

	for_each_sec(elf, sec) {
		if (sec->link && sec->link->removed)
			return error("%s: section %s links to removed section %s",
				     elf->path, sec->name, sec->link->name);
		if (sec->base && sec->base->removed)
			return error("%s: section %s applies to removed section %s",
				     elf->path, sec->name, sec->base->name);
		if (sec->group_sig && sec->group_sig->removed)
			return error("%s: group %s has a removed signature symbol %s",
				     elf->path, sec->name, sec->group_sig->name);
		if (!is_reloc_sec(sec))
			continue;
		for_each_reloc(sec, r)
			if (r->sym && r->sym->removed)
				return error("%s: %s keeps a relocation against removed symbol %s",
					     elf->path, sec->name, r->sym->name);
	}
	for_each_sym(elf, sym)
		if (sym->sec && sym->sec->removed)
			return error("%s: symbol %s is defined in removed section %s",
				     elf->path, sym->name, sym->sec->name);
	return 0;
}

/*
 * Drop removed members from groups (a group left empty goes too), and the
 * section symbols of removed sections.
 */
static void prune_removed(struct elf *elf)
{
	struct section *sec;
	struct symbol *sym;

	/* A section symbol means nothing without its section. */
	for_each_sym(elf, sym)
		if (sym->sec && sym->sec->removed && GELF_ST_TYPE(sym->sym.st_info) == STT_SECTION)
			symbol_remove(elf, sym);

	for_each_sec(elf, sec) {
		size_t i, n = 0;

		if (sec->sh.sh_type != SHT_GROUP)
			continue;
		for (i = 0; i < sec->nr_group; i++)
			if (!sec->group[i]->removed)
				sec->group[n++] = sec->group[i];
		sec->nr_group = n;
		if (!n)
			section_remove(elf, sec);
	}
}

static size_t renumber_sections(struct elf *elf)
{
	struct section *sec;
	size_t n = 1;

	for_each_sec(elf, sec)
		sec->idx = n++;
	return n;
}

/*
 * New symbol indices: the null symbol, then locals, then the rest, each in
 * input order (the ELF rule that sh_info of .symtab counts the locals).
 * Returns the first non-local index.
 */
static size_t renumber_symbols(struct elf *elf, struct symbol ***order, size_t *nr)
{
	struct symbol **out = xcalloc(elf->nr_symbols, sizeof(*out));
	struct symbol *sym;
	size_t n = 1, first_global = 1;	/* set by pass 0; gcc -O3 cannot tell */
	int pass;

	out[0] = elf->symbols[0];
	for (pass = 0; pass < 2; pass++) {
		for_each_sym(elf, sym) {
			bool local = GELF_ST_BIND(sym->sym.st_info) == STB_LOCAL;

			if (local != (pass == 0))
				continue;
			sym->idx = n;
			out[n++] = sym;
		}
		if (pass == 0)
			first_global = n;
	}
	*order = out;
	*nr = n;
	return first_global;
}

/* A string table being built: offsets of names appended in order. */
struct strtab {
	char *buf;
	size_t len, alloc;
};

/* Offset 0 is the empty string. */
static void strtab_init(struct strtab *st)
{
	st->alloc = 4096;
	st->buf = xcalloc(1, st->alloc);
	st->len = 1;
}

static uint32_t strtab_add(struct strtab *st, const char *s)
{
	size_t n = strlen(s) + 1;
	uint32_t off;

	if (!*s)
		return 0;
	ALLOC_GROW(st->buf, st->len + n, st->alloc);
	off = st->len;
	memcpy(st->buf + off, s, n);
	st->len += n;
	return off;
}

struct writer {
	struct elf *elf;
	Elf *out;
	struct symbol **syms;
	size_t nr_syms, first_global;
	struct strtab shstr, symstr, *symstrp;
	uint32_t *sec_name;	/* by output index */
	uint32_t *sym_name;	/* by output index */
	void **bufs;		/* freed after elf_end() */
	size_t nr_bufs, alloc_bufs;
};

static void *writer_alloc(struct writer *w, size_t size)
{
	void *p = xcalloc(1, size);

	ALLOC_GROW(w->bufs, w->nr_bufs, w->alloc_bufs);
	w->bufs[w->nr_bufs++] = p;
	return p;
}

/* Lay out both string tables before any section is emitted. */
static void build_strtabs(struct writer *w, size_t nr_sections)
{
	struct elf *elf = w->elf;
	struct section *sec;
	size_t i;

	strtab_init(&w->shstr);
	strtab_init(&w->symstr);
	/* One table may serve both (some assemblers share it). */
	w->symstrp = elf->symtab->link == elf->shstrtab ? &w->shstr : &w->symstr;

	w->sec_name = xcalloc(nr_sections, sizeof(*w->sec_name));
	for_each_sec(elf, sec)
		w->sec_name[sec->idx] = strtab_add(&w->shstr, sec->name);
	w->sym_name = xcalloc(w->nr_syms, sizeof(*w->sym_name));
	for (i = 1; i < w->nr_syms; i++)
		w->sym_name[i] = strtab_add(w->symstrp, w->syms[i]->name);
}

static int emit_symtab(struct writer *w, Elf_Data *data)
{
	size_t i, entsize = gelf_fsize(w->out, ELF_T_SYM, 1, EV_CURRENT);

	data->d_type = ELF_T_SYM;
	data->d_size = w->nr_syms * entsize;
	data->d_buf = writer_alloc(w, data->d_size);
	for (i = 0; i < w->nr_syms; i++) {
		struct symbol *sym = w->syms[i];
		GElf_Sym s = sym->sym;

		s.st_name = w->sym_name[i];
		if (sym->sec)
			s.st_shndx = sym->sec->idx;
		if (!gelf_update_sym(data, i, &s))
			return elf_error(w->elf, "cannot write symbol");
	}
	return 0;
}

static int emit_relocs(struct writer *w, struct section *sec, Elf_Data *data)
{
	bool rela = sec->sh.sh_type == SHT_RELA;
	size_t n = section_nr_relocs(sec), i = 0;
	struct reloc *r;

	data->d_type = rela ? ELF_T_RELA : ELF_T_REL;
	data->d_size = n * gelf_fsize(w->out, data->d_type, 1, EV_CURRENT);
	data->d_buf = writer_alloc(w, data->d_size);
	for_each_reloc(sec, r) {
		uint64_t info = GELF_R_INFO(r->sym ? r->sym->idx : 0, r->type);
		int ok;

		if (rela) {
			GElf_Rela out = { .r_offset = r->offset, .r_info = info, .r_addend = r->addend };

			ok = gelf_update_rela(data, i++, &out);
		} else {
			GElf_Rel out = { .r_offset = r->offset, .r_info = info };

			ok = gelf_update_rel(data, i++, &out);
		}
		if (!ok)
			return elf_error(w->elf, "cannot write relocation");
	}
	return 0;
}

static void emit_group(struct writer *w, struct section *sec, Elf_Data *data)
{
	uint32_t *words = writer_alloc(w, (sec->nr_group + 1) * 4);
	size_t i;

	words[0] = sec->group_flags;
	for (i = 0; i < sec->nr_group; i++)
		words[i + 1] = sec->group[i]->idx;
	data->d_type = ELF_T_WORD;
	data->d_buf = words;
	data->d_size = (sec->nr_group + 1) * 4;
}

static int emit_section(struct writer *w, struct section *sec)
{
	struct elf *elf = w->elf;
	Elf_Scn *scn = elf_newscn(w->out);
	GElf_Shdr sh = sec->sh;
	Elf_Data *data;

	if (!scn || !(data = elf_newdata(scn)))
		return elf_error(elf, "cannot create section");
	sh.sh_name = w->sec_name[sec->idx];
	sh.sh_link = sec->link ? sec->link->idx : 0;
	if (sec->base)
		sh.sh_info = sec->base->idx;
	else if (sec == elf->symtab)
		sh.sh_info = w->first_global;
	else if (sec->group_sig)
		sh.sh_info = sec->group_sig->idx;

	data->d_version = EV_CURRENT;
	data->d_align = sh.sh_addralign ? sh.sh_addralign : 1;
	data->d_type = ELF_T_BYTE;
	if (sec == elf->symtab) {
		if (emit_symtab(w, data))
			return -1;
	} else if (is_reloc_sec(sec)) {
		if (emit_relocs(w, sec, data))
			return -1;
	} else if (sec->sh.sh_type == SHT_GROUP) {
		emit_group(w, sec, data);
	} else if (sec == elf->shstrtab) {
		data->d_buf = w->shstr.buf;
		data->d_size = w->shstr.len;
	} else if (sec == elf->symtab->link) {
		data->d_buf = w->symstr.buf;
		data->d_size = w->symstr.len;
	} else {
		data->d_buf = sec->sh.sh_type == SHT_NOBITS ? NULL : sec->data;
		data->d_size = sec->size;
	}
	sh.sh_size = data->d_size;
	if (!gelf_update_shdr(scn, &sh))
		return elf_error(elf, "cannot write section header");
	return 0;
}

static int write_image(struct elf *elf, int fd)
{
	struct writer w = { .elf = elf };
	struct section *sec;
	GElf_Ehdr eh;
	size_t nr_sections, i;
	int ret = -1;

	prune_removed(elf);
	if (check_dangling(elf))
		return -1;
	nr_sections = renumber_sections(elf);
	w.first_global = renumber_symbols(elf, &w.syms, &w.nr_syms);
	build_strtabs(&w, nr_sections);

	w.out = elf_begin(fd, ELF_C_WRITE, NULL);
	if (!w.out || !gelf_newehdr(w.out, elf->ehdr.e_ident[EI_CLASS])) {
		elf_error(elf, "cannot create output");
		goto out;
	}
	eh = elf->ehdr;
	eh.e_shstrndx = elf->shstrtab->idx;
	eh.e_phoff = 0;
	eh.e_phnum = 0;
	if (!gelf_update_ehdr(w.out, &eh)) {
		elf_error(elf, "cannot write the ELF header");
		goto out;
	}
	for_each_sec(elf, sec)
		if (emit_section(&w, sec))
			goto out;
	if (elf_update(w.out, ELF_C_WRITE) < 0) {
		elf_error(elf, "cannot write output");
		goto out;
	}
	ret = 0;
out:
	if (w.out)
		elf_end(w.out);
	for (i = 0; i < w.nr_bufs; i++)
		free(w.bufs[i]);
	free(w.bufs);
	free(w.syms);
	free(w.sec_name);
	free(w.sym_name);
	free(w.shstr.buf);
	free(w.symstr.buf);
	return ret;
}

static int fill_image(int fd, void *arg)
{
	return write_image(arg, fd);
}

int elf_write(struct elf *elf, const char *path)
{
	if (!elf->changed)
		return write_file_atomic(path, elf->buf, elf->len, elf->mode);
	return write_file_atomic_with(path, elf->mode, fill_image, elf);
}
