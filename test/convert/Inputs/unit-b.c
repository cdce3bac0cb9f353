#include "klp_reloc.h"

extern int foo(int);
extern int bar;
extern int baz;
extern void ext4_thing(void);

KLP_MODULE_RELOC(vmlinux) relocs_b[] = {
	KLP_SYMPOS(bar, 3),
	KLP_SYMPOS(baz, 0),
};

KLP_MODULE_RELOC(ext4) relocs_b_ext4[] = {
	KLP_SYMPOS(ext4_thing, 7),
};

int use_b(void)
{
	ext4_thing();
	return foo(bar) + baz;
}
