#include "hdr.h"

#ifdef CONFIG_FEATURE
extern int local_fn(int);
# if 1
extern int local_var;
# endif
#endif

int patched(int x)
{
#ifdef CONFIG_FEATURE
	return local_fn(x) + local_var;
#else
	return x;
#endif
}

// A block never lands inside the #if of the declaration it follows: it
// would vanish with that branch. It goes after the closing #endif.
//
// RUN: not klp-annotate --kallsyms %S/Inputs/kallsyms %s -- -I%S/Inputs -DCONFIG_FEATURE 2>&1 | FileCheck %s
// CHECK: fix-it:"{{.*}}conditional.c":{9:1-9:1}:"\nKLP_MODULE_RELOC(vmlinux) klp_relocs_vmlinux[] = {\n\tKLP_SYMPOS(local_fn, 0),\n\tKLP_SYMPOS(local_var, 0),\n};\n"
// RUN: cp %s %t.c && klp-annotate --fix --kallsyms %S/Inputs/kallsyms %t.c -- -I%S/Inputs -I%klp-headers -DCONFIG_FEATURE
// RUN: klp-annotate --check --kallsyms %S/Inputs/kallsyms %t.c -- -I%S/Inputs -I%klp-headers -DCONFIG_FEATURE
// RUN: %kcc -Wall -Werror -I%S/Inputs -DCONFIG_FEATURE %t.c -o %t.o
