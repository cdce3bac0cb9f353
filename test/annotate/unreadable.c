#include "klp_reloc.h"

#define DUP_POS 2
extern int dup_fn(int);
extern int local_fn(int);

KLP_MODULE_RELOC(vmlinux) relocs[] = {
	KLP_SYMPOS(dup_fn, DUP_POS),
};

int patched(int x)
{
	return dup_fn(x) + local_fn(x);
}

// A block we cannot read (a macro for the position) is never rewritten
// around: an error says so, and --fix leaves the file as it is.
//
// RUN: cp %s %t.c && sh %S/Inputs/status.sh klp-annotate --fix --kallsyms %S/Inputs/kallsyms %t.c -- -I%klp-headers 2>&1 | FileCheck %s
// RUN: cmp %s %t.c
// CHECK: {{.*}}.c:7:1: error: cannot read this KLP_MODULE_RELOC block, so nothing in the file is changed: write its entries as KLP_SYMPOS(symbol, number) [klp-unreadable-annotation]
// CHECK: status: 1
