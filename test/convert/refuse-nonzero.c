// The kernel writes a relocation only over zero bytes ("Invalid relocation
// target, existing value is nonzero"): a moved relocation whose target
// holds something is refused. gcc leaves zeros; .reloc over data does not.
//
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: %kcc %s -o %t.o
// RUN: %S/Inputs/expect-exit 2 klp-convert %t.o %t.d/out.ko 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: count 1 < %t.err
// RUN: ls -A %t.d | count 0
// CHECK: klp-convert: error: {{.*}}.o: .data.table+0x8: bytes under relocation R_X86_64_64 against '.klp.sym.vmlinux.foo,0' are not zero; the kernel refuses to apply it
#include "klp_reloc.h"
#include "Inputs/livepatch.h"

KLP_TEST_LIVEPATCH_MODINFO;

extern int foo(void);

asm(".pushsection .data.table, \"aw\"\n"
    ".balign 8\n"
    "table: .quad 0\n"
    "1: .quad 0x1234\n"
    ".reloc 1b, R_X86_64_64, foo\n"
    ".popsection");

KLP_MODULE_RELOC(vmlinux) relocs[] = {
	KLP_SYMPOS(foo, 0),
};
