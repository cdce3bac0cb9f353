/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The steps of klp-convert, shared state between them, and the naming
 * rules of the kernel's livepatch ELF format.
 */
#ifndef KLP_CONVERT_H
#define KLP_CONVERT_H

#include <stdbool.h>
#include <stddef.h>

#include "arch.h"
#include "elfobj.h"

struct symdb;

#define KLP_RECORD_SECTION_PREFIX ".klp.module_relocs."
#define KLP_RECORD_SIZE 12		/* struct klp_module_reloc, packed */
#define KLP_RECORD_SYMPOS_OFFSET 8
#define KLP_SUSE_PREFIX ".klp.sym.rela."
#define KLP_SYM_PREFIX ".klp.sym."
#define KLP_RELA_PREFIX ".klp.rela."

/*
 * Kernel limits (include/linux/module.h, include/linux/kallsyms.h, 6.1):
 * klp_resolve_symbols() reads ".klp.sym.%55[^.].%511[^,],%lu".
 */
#define KLP_OBJNAME_MAX 55
#define KLP_SYMNAME_MAX 511

/* One symbol that the kernel's livepatch core must resolve. */
struct klp_ref {
	struct symbol *sym;
	char *name;		/* the kernel symbol's name */
	const char *obj;	/* the object that defines it (in convert.objs) */
	const char *sec_obj;	/* the object of the .klp.rela sections its relocations go to */
	size_t sec_obj_nr;	/* sec_obj's index in convert.objs */
	unsigned long pos;
	const char *origin;	/* where it was declared, for messages (a section's name) */
};

struct convert {
	struct elf *elf;
	const struct klp_arch *arch;
	bool verbose;

	struct klp_ref *refs;
	size_t nr_refs, alloc_refs;
	struct klp_ref **ref_of;	/* by input symbol index */
	/* While pairing (refs moves as it grows): 1 + its index in refs, or 0. */
	size_t *ref_slot;		/* by input symbol index */
	struct section **records;	/* the .klp.module_relocs.* sections */
	size_t nr_records, alloc_records;
	/*
	 * The object names the refs use, each once (a patch reaches a
	 * handful), and while the relocations of one section move, the
	 * .klp.rela section for each and how many go there: found once per
	 * section, not once per relocation.
	 */
	char **objs;
	size_t nr_objs, alloc_objs;
	size_t *obj_slots;		/* hash table: 1 + index in objs, or 0 */
	size_t nr_obj_slots;		/* a power of two, or 0 */
	struct section **rela_of_obj;	/* by index in objs */
	size_t *moves_to_obj;		/* by index in objs */
	size_t *touched_objs;		/* indexes in objs, in the order first met */

	struct symdb *exports;		/* Module.symvers, when given */
	const char *symvers;
};

int convert_init(struct convert *c, struct elf *elf, bool verbose);
void convert_release(struct convert *c);

/* Step 1, with reading the module: the kernel's exports, from Module.symvers. */
int exports_load(struct convert *c, const char *symvers);
/* Step 2: pair each annotation record (and each SUSE-style symbol) with its symbol. */
int annotations_pair(struct convert *c);
/* Step 3: rename the symbols, move their relocations, drop the annotations
 * and (imports.c) the loader's CRCs and module dependencies they needed. */
int relocations_move(struct convert *c);
void imports_prune(struct convert *c);
/* Step 4 (verify.c): the kernel loader's rules, and the Module.symvers net. */
int module_verify(struct convert *c, const char *symvers);

/*
 * Split ".klp.sym.<obj>.<name>,<pos>" as the kernel does, but strictly.
 * OBJ and NAME are allocated. Returns 0, or -1 (nothing allocated).
 */
int klp_sym_parse(const char *s, char **obj, char **name, unsigned long *pos);
/* Is OBJ a name the kernel can carry in a .klp.* name? Prints why not. */
int objname_check(const struct convert *c, const char *obj, const char *where);
/* Is NAME a symbol name the kernel can carry (no ',', at most 511 chars)? */
int symname_check(const struct convert *c, const char *name, const char *where);

#endif
