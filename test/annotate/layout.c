#include "klp_reloc.h"

extern int local_fn(int);
extern int local_var;

KLP_MODULE_RELOC(vmlinux) relocs[] = { KLP_SYMPOS(local_var, 0), KLP_SYMPOS(local_fn, 0) };

int patched(int x)
{
	return local_fn(x) + local_var;
}

// A hand-written block with the right entries in another layout: a
// warning says why it changes, and --fix rewrites it in the one layout,
// keeping its name and place.
//
// RUN: not klp-annotate --kallsyms %S/Inputs/kallsyms %s -- -I%klp-headers 2>&1 | FileCheck %s
// RUN: cp %s %t.c && klp-annotate --fix --kallsyms %S/Inputs/kallsyms %t.c -- -I%klp-headers
// RUN: klp-annotate --check --kallsyms %S/Inputs/kallsyms %t.c -- -I%klp-headers
// RUN: FileCheck --check-prefix=FIXED --match-full-lines --strict-whitespace %s < %t.c
// CHECK: layout.c:6:1: warning: KLP_MODULE_RELOC(vmlinux) is not in the canonical layout: one entry a line, sorted by name [klp-annotation-layout]
// CHECK: fix-it:"{{.*}}layout.c":{6:1-6:92}:"KLP_MODULE_RELOC(vmlinux) relocs[] = {\n\tKLP_SYMPOS(local_fn, 0),\n\tKLP_SYMPOS(local_var, 0),\n};"
// FIXED:extern int local_var;
// FIXED-EMPTY:
// FIXED-NEXT:KLP_MODULE_RELOC(vmlinux) relocs[] = {
// FIXED-NEXT:	KLP_SYMPOS(local_fn, 0),
// FIXED-NEXT:	KLP_SYMPOS(local_var, 0),
// FIXED-NEXT:};
// FIXED-EMPTY:
// FIXED-NEXT:int patched(int x)
