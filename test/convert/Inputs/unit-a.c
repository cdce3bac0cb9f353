#include "klp_reloc.h"
#include "livepatch.h"

KLP_TEST_LIVEPATCH_MODINFO;

extern int foo(int);

KLP_MODULE_RELOC(vmlinux) relocs_a[] = {
	KLP_SYMPOS(foo, 0),
};

int use_a(void)
{
	return foo(1);
}
