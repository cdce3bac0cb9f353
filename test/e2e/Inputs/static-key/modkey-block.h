/*
 * Appended to klp_e2e_key.c by static-key-module.test: the annotation
 * klp-annotate refuses to write for a module-owned key, written by hand,
 * so that klp-convert's own check is exercised too.
 */
#include <klp_reloc.h>

KLP_MODULE_RELOC(nf_tables) klp_relocs_nf_tables[] = {
	KLP_SYMPOS(nft_trace_enabled, 0),
};
