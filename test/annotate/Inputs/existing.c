#include "klp_reloc.h"

extern int dup_fn(int);
extern int exported_fn(void);
extern int near_c(int);

KLP_MODULE_RELOC(vmlinux) my_relocs[] = {
	KLP_SYMPOS(dup_fn, 2),
	KLP_SYMPOS(exported_fn, 0),
};

int patched(int x)
{
#ifdef USE_NEAR_C
	x += near_c(x);
#endif
	return dup_fn(x) + exported_fn();
}
