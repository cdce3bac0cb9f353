#include <klp_reloc.h>

extern int some_static_function(void);

KLP_MODULE_RELOC(vmlinux) relocs[] = {
	KLP_SYMPOS(some_static_function, 0),
};
