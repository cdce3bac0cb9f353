extern int dup_fn(int);

int patched(int x)
{
	return dup_fn(x);
}

// Nothing tells the three dup_fn apart: an error that lists every
// candidate, with one fix-it per candidate; --fix cannot resolve it, so it
// writes nothing and exits 1.
//
// RUN: not klp-annotate --kallsyms %S/Inputs/kallsyms %s 2>&1 | FileCheck %s --match-full-lines
// RUN: cp %s %t.c && sh %S/Inputs/status.sh klp-annotate --fix --kallsyms %S/Inputs/kallsyms %t.c 2>/dev/null | FileCheck --check-prefix=STATUS %s
// RUN: cmp %s %t.c
//
// CHECK:{{.*}}sympos-ambiguous.c:5:9: error: 'dup_fn' has 3 candidates and nothing tells them apart [klp-ambiguous-sympos]
// CHECK-NEXT:{{.*}}return dup_fn(x);
// CHECK-NEXT:{{.*}}^
// CHECK-NEXT:{{.*}}sympos-ambiguous.c:5:9: note: candidate KLP_SYMPOS(dup_fn, 1) in vmlinux: t ffffffff81000100
// CHECK-NEXT:{{.*}}sympos-ambiguous.c:5:9: note: candidate KLP_SYMPOS(dup_fn, 2) in vmlinux: t ffffffff81100100
// CHECK-NEXT:{{.*}}sympos-ambiguous.c:5:9: note: candidate KLP_SYMPOS(dup_fn, 3) in vmlinux: t ffffffff81200100
// CHECK-NEXT:{{.*}}sympos-ambiguous.c:5:9: note: no anchor (a replaced function or a unique local symbol) in the same object and section kind; the symbols carry no source files (a vmlinux or .ko with its file symbols would), so write one of the entries below
// CHECK-NEXT:fix-it:"{{.*}}sympos-ambiguous.c":{2:1-2:1}:"\nKLP_MODULE_RELOC(vmlinux) klp_relocs_vmlinux[] = {\n\tKLP_SYMPOS(dup_fn, 1),\n};\n"
// CHECK-NEXT:fix-it:"{{.*}}sympos-ambiguous.c":{2:1-2:1}:"\nKLP_MODULE_RELOC(vmlinux) klp_relocs_vmlinux[] = {\n\tKLP_SYMPOS(dup_fn, 2),\n};\n"
// CHECK-NEXT:fix-it:"{{.*}}sympos-ambiguous.c":{2:1-2:1}:"\nKLP_MODULE_RELOC(vmlinux) klp_relocs_vmlinux[] = {\n\tKLP_SYMPOS(dup_fn, 3),\n};\n"
// CHECK-EMPTY:
// STATUS: status: 1
//
// An entry the author wrote that names no candidate is called out: 0 on
// a duplicated name, or a position past the last one.
// RUN: sed 's/^extern int dup_fn(int);$/&\n#include "klp_reloc.h"\nKLP_MODULE_RELOC(vmlinux) klp_relocs_vmlinux[] = {\n\tKLP_SYMPOS(dup_fn, 4),\n};/' %s > %t.beyond.c
// RUN: not klp-annotate --check --kallsyms %S/Inputs/kallsyms %t.beyond.c -- -I%klp-headers 2>&1 | FileCheck --check-prefix=BEYOND %s
// RUN: sed 's/dup_fn, 4/dup_fn, 0/' %t.beyond.c > %t.zero.c
// RUN: not klp-annotate --check --kallsyms %S/Inputs/kallsyms %t.zero.c -- -I%klp-headers 2>&1 | FileCheck --check-prefix=ZERO %s
// BEYOND: error: 'dup_fn' has 3 candidates and nothing tells them apart [klp-ambiguous-sympos]
// BEYOND: note: the source's KLP_SYMPOS(dup_fn, 4) names no symbol: vmlinux has 3 named 'dup_fn'
// ZERO: note: the source's KLP_SYMPOS(dup_fn, 0) says the name is unique in vmlinux, but vmlinux has 3 of them
