// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-arch tables. Each one is read off the kernel it targets:
 * relocation types from arch/<arch>/kernel/module.c apply_relocate_add(),
 * special sections from the users of module sections in the core and
 * arch code (jump labels, static calls, alternatives, paravirt,
 * exception tables, SMP lock prefixes).
 */
#include "arch.h"

#include <elf.h>
#include <stdio.h>
#include <string.h>

/* arch/x86/kernel/module.c (6.1): everything else is "Unknown rela relocation". */
static const struct arch_reloc x86_64_relocs[] = {
	{ R_X86_64_NONE,  "R_X86_64_NONE",  0 },
	{ R_X86_64_64,    "R_X86_64_64",    8 },
	{ R_X86_64_32,    "R_X86_64_32",    4 },
	{ R_X86_64_32S,   "R_X86_64_32S",   4 },
	{ R_X86_64_PC32,  "R_X86_64_PC32",  4 },
	{ R_X86_64_PLT32, "R_X86_64_PLT32", 4 },
	{ R_X86_64_PC64,  "R_X86_64_PC64",  8 },
};

/* Names for the types the loader refuses, so that errors can say which. */
static const struct arch_reloc x86_64_refused[] = {
	{ R_X86_64_GOT32,         "R_X86_64_GOT32",         0 },
	{ R_X86_64_GOTPCREL,      "R_X86_64_GOTPCREL",      0 },
	{ R_X86_64_16,            "R_X86_64_16",            0 },
	{ R_X86_64_PC16,          "R_X86_64_PC16",          0 },
	{ R_X86_64_8,             "R_X86_64_8",             0 },
	{ R_X86_64_PC8,           "R_X86_64_PC8",           0 },
	{ R_X86_64_TPOFF32,       "R_X86_64_TPOFF32",       0 },
	{ R_X86_64_GOTPCRELX,     "R_X86_64_GOTPCRELX",     0 },
	{ R_X86_64_REX_GOTPCRELX, "R_X86_64_REX_GOTPCRELX", 0 },
	{ 0, NULL, 0 },
};

static const char *const x86_64_special[] = {
	"__jump_table",
	".static_call_sites",
	".altinstructions",
	".parainstructions",
	"__ex_table",
	".smp_locks",
	NULL,
};

static const struct klp_arch arches[] = {
	{
		.name = "x86_64",
		.machine = EM_X86_64,
		.elfclass = ELFCLASS64,
		.record_reloc = R_X86_64_64,
		.relocs = x86_64_relocs,
		.nr_relocs = sizeof(x86_64_relocs) / sizeof(x86_64_relocs[0]),
		.target_must_be_zero = true,
		.refused = x86_64_refused,
		.special_sections = x86_64_special,
	},
};

const struct klp_arch *arch_find(uint16_t machine, unsigned char elfclass)
{
	size_t i;

	for (i = 0; i < sizeof(arches) / sizeof(arches[0]); i++)
		if (arches[i].machine == machine && arches[i].elfclass == elfclass)
			return &arches[i];
	return NULL;
}

const struct arch_reloc *arch_find_reloc(const struct klp_arch *arch, uint32_t type)
{
	size_t i;

	for (i = 0; i < arch->nr_relocs; i++)
		if (arch->relocs[i].type == type)
			return &arch->relocs[i];
	return NULL;
}

const char *arch_reloc_name(const struct klp_arch *arch, uint32_t type)
{
	static char buf[32];
	const struct arch_reloc *r = arch_find_reloc(arch, type);

	if (r)
		return r->name;
	for (r = arch->refused; r && r->name; r++)
		if (r->type == type)
			return r->name;
	snprintf(buf, sizeof(buf), "type %u", type);
	return buf;
}

int arch_is_special_section(const struct klp_arch *arch, const char *name)
{
	const char *const *s;

	for (s = arch->special_sections; *s; s++)
		if (!strcmp(*s, name))
			return 1;
	return 0;
}
