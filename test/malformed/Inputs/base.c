/*
 * The object every malformed klp-convert input is made from (see
 * gen-convert.py): annotations for vmlinux and for a module, references
 * from text and data, an exported call, and the livepatch modinfo tag.
 * It converts cleanly as it is.
 */
#include "klp_reloc.h"

static const char modinfo[] __attribute__((section(".modinfo"), used, aligned(1))) =
	"license=GPL\0livepatch=Y";

extern int saved_command_line_len;	/* static in vmlinux */
extern int core_helper(int);		/* unexported, second of its name */
extern void ext4_helper(void);		/* in module ext4 */
extern int exported_helper(int);

__attribute__((noinline)) int patched_show(int x)
{
	ext4_helper();
	return core_helper(x) + saved_command_line_len + exported_helper(x);
}

void (*helper_ptr)(void) = ext4_helper;

KLP_MODULE_RELOC(vmlinux) relocs_vmlinux[] = {
	KLP_SYMPOS(saved_command_line_len, 0),
	KLP_SYMPOS(core_helper, 2),
};

KLP_MODULE_RELOC(ext4) relocs_ext4[] = {
	KLP_SYMPOS(ext4_helper, 1),
};
