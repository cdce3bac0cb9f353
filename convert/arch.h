/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What klp-convert needs to know about a target architecture, in one
 * table per arch (arch.c). The core never names an arch or a relocation
 * type; adding arm64, ppc64le or s390x means adding a table here.
 */
#ifndef KLP_CONVERT_ARCH_H
#define KLP_CONVERT_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arch_reloc {
	uint32_t type;
	const char *name;
	unsigned int size;	/* bytes the loader writes (and requires to be zero) */
};

struct klp_arch {
	const char *name;
	uint16_t machine;	/* e_machine */
	unsigned char elfclass;
	/* The relocation a KLP_SYMPOS() record's 64-bit slot gets. */
	uint32_t record_reloc;
	/* Relocation types the module loader (apply_relocate_add) applies. */
	const struct arch_reloc *relocs;
	size_t nr_relocs;
	/*
	 * Does the loader refuse to write over nonzero bytes? (x86_64 does;
	 * arches whose relocations patch instruction fields cannot.)
	 */
	bool target_must_be_zero;
	/* Names of some types the loader refuses, for messages; NULL-terminated. */
	const struct arch_reloc *refused;
	/*
	 * Sections the kernel processes while the livepatch module loads,
	 * before a module's klp relocations can have been applied: they
	 * must not need a klp relocation against a module symbol.
	 */
	const char *const *special_sections;
};

/* The table for this ELF machine/class, or NULL. */
const struct klp_arch *arch_find(uint16_t machine, unsigned char elfclass);
/* The loader's entry for TYPE, or NULL when the loader refuses it. */
const struct arch_reloc *arch_find_reloc(const struct klp_arch *arch, uint32_t type);
/* "R_X86_64_PC32", or "type 42" for unknown types (static buffer). */
const char *arch_reloc_name(const struct klp_arch *arch, uint32_t type);
int arch_is_special_section(const struct klp_arch *arch, const char *name);

#endif
