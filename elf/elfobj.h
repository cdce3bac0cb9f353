/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The in-memory model of a relocatable ELF object (a .ko), and the only
 * code in klp-tools that talks to libelf (klp-convert writes with it,
 * klp-create compares objects with it).
 *
 * Sections, symbols and relocations are our own structs that point at each
 * other instead of holding indices, so that the converter can rename,
 * remove, add and move things freely. Indices are recomputed once, by
 * elf_write(): st_shndx, sh_link, sh_info, r_info symbol indices, group
 * members, and the symtab's first-non-local sh_info.
 */
#ifndef KLP_ELFOBJ_H
#define KLP_ELFOBJ_H

#include <gelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* From the kernel's include/uapi/linux/elf.h; glibc's elf.h lacks them. */
#ifndef SHF_RELA_LIVEPATCH
#define SHF_RELA_LIVEPATCH 0x00100000
#endif
#ifndef SHN_LIVEPATCH
#define SHN_LIVEPATCH 0xff20
#endif

struct section;
struct symbol;

/* Ordered so that no padding falls between the members: 40 bytes, not 48. */
struct reloc {
	struct section *sec;	/* the SHT_RELA/SHT_REL section holding it */
	uint64_t offset;
	int64_t addend;
	struct symbol *sym;
	uint32_t type;
	bool removed;
};

struct section {
	struct section *hash_next;
	char *name;
	GElf_Shdr sh;
	unsigned int idx;	/* input index; the output index after elf_write() */
	/* File bytes (not for symtab/rela/group, which are parsed below). */
	void *data;
	size_t size;
	bool removed;

	struct section *link;	/* sh_link, when it names a section */
	struct section *base;	/* sh_info of a relocation section: the section it patches */
	struct section *rela;	/* the relocation section patching this one, if any */
	struct symbol *sym;	/* STT_SECTION symbol, if any */

	/* SHT_RELA / SHT_REL */
	struct reloc *relocs;
	size_t nr_relocs, alloc_relocs;

	/* SHT_GROUP: sh_info names the signature symbol, data lists members */
	struct symbol *group_sig;
	uint32_t group_flags;
	struct section **group;
	size_t nr_group;
};

struct symbol {
	struct symbol *hash_next;
	char *name;
	GElf_Sym sym;		/* st_shndx is only meaningful when sec is NULL */
	unsigned int idx;	/* input index; the output index after elf_write() */
	struct section *sec;	/* defining section, NULL for UNDEF/ABS/COMMON/LIVEPATCH */
	bool removed;
};

struct elf {
	const char *path;
	char *buf;		/* the whole input file; libelf reads from it */
	size_t len;
	bool mapped;		/* buf is a private mapping of the file, not malloc'd */
	unsigned int mode;
	Elf *elf;
	GElf_Ehdr ehdr;
	bool changed;

	struct section **sections;	/* [0] is the null section */
	size_t nr_sections, alloc_sections;
	struct symbol **symbols;	/* [0] is the null symbol */
	size_t nr_symbols, alloc_symbols;
	struct symbol *symbol_block;	/* where the input's symbols live */
	struct section *symtab, *shstrtab;

	struct section **section_hash;
	struct symbol **symbol_hash;
	size_t section_buckets, symbol_buckets;
};

/*
 * Map PATH privately (read it, when it cannot be mapped) and parse it.
 * NULL after printing an error.
 */
struct elf *elf_read(const char *path);
/*
 * The same on bytes already in memory: a malloc'd BUF of LEN bytes, which
 * the object takes over (freed on failure too). PATH names it in
 * messages; MODE is the mode elf_write() gives the output. For the fuzz
 * targets, which have no file.
 */
struct elf *elf_read_mem(const char *path, char *buf, size_t len, unsigned int mode);
/*
 * Write the object to PATH through a temp file and rename, with the
 * input's mode. An unchanged object is written byte for byte as read.
 */
int elf_write(struct elf *elf, const char *path);
void elf_close(struct elf *elf);

struct section *find_section_by_name(const struct elf *elf, const char *name);
/* First symbol named NAME (local or global). */
struct symbol *find_symbol_by_name(const struct elf *elf, const char *name);
/* An undefined symbol named NAME, or NULL. */
struct symbol *find_undef_symbol_by_name(const struct elf *elf, const char *name);

#define for_each_sec(elf, s)                                                       \
	for (size_t __i = 1; __i < (elf)->nr_sections && ((s) = (elf)->sections[__i]); \
	     __i++)                                                                \
		if (!(s)->removed)

#define for_each_sym(elf, y)                                                      \
	for (size_t __j = 1; __j < (elf)->nr_symbols && ((y) = (elf)->symbols[__j]); \
	     __j++)                                                               \
		if (!(y)->removed)

#define for_each_reloc(sec, r)                                             \
	for (size_t __k = 0; __k < (sec)->nr_relocs && ((r) = &(sec)->relocs[__k]); \
	     __k++)                                                        \
		if (!(r)->removed)

static inline bool is_reloc_sec(const struct section *sec)
{
	return sec->sh.sh_type == SHT_RELA || sec->sh.sh_type == SHT_REL;
}

static inline bool sym_is_undef(const struct symbol *sym)
{
	return !sym->sec && sym->sym.st_shndx == SHN_UNDEF;
}

static inline bool sym_is_livepatch(const struct symbol *sym)
{
	return !sym->sec && sym->sym.st_shndx == SHN_LIVEPATCH;
}

/* Read the 32-bit word at OFFSET of SEC's bytes, in the object's byte order. */
uint32_t section_read32(const struct elf *elf, const struct section *sec, uint64_t offset);

/* Rename SYM (the name is copied). */
void symbol_rename(struct elf *elf, struct symbol *sym, const char *name);

/*
 * Mark SEC removed, with the relocation section that patches it and its
 * STT_SECTION symbol. Symbols defined in it must be removed by the caller
 * (elf_write() refuses dangling ones).
 */
void section_remove(struct elf *elf, struct section *sec);
void symbol_remove(struct elf *elf, struct symbol *sym);
void reloc_remove(struct elf *elf, struct reloc *reloc);

/*
 * Drop SEC's removed relocations from its array (keeping the order of the
 * others), so that the passes after many were moved out do not step over
 * them one by one.
 */
void section_compact_relocs(struct section *sec);

/* Number of relocations left in SEC. */
size_t section_nr_relocs(const struct section *sec);

/*
 * Create an empty relocation section NAME patching BASE (same type and
 * entry size as the object's other relocation sections would use).
 */
struct section *rela_section_create(struct elf *elf, const char *name, struct section *base,
				    uint64_t flags);
struct reloc *reloc_add(struct elf *elf, struct section *rsec, const struct reloc *from);
/* Make room in RSEC for NR more relocations, before adding them one by one. */
void section_reserve_relocs(struct section *rsec, size_t nr);

#endif
