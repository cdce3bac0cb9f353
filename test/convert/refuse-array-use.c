// Code that uses an annotation array itself is refused: klp-convert
// removes the arrays, so the reference would point at nothing.
//
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: %kcc %s -o %t.o
// RUN: %S/Inputs/expect-exit 2 klp-convert %t.o %t.d/out.ko 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: count 1 < %t.err
// RUN: ls -A %t.d | count 0
// CHECK: klp-convert: error: {{.*}}.o: .text.use+0x{{[0-9a-f]+}} uses '{{relocs|.klp.module_relocs.vmlinux}}' from .klp.module_relocs.vmlinux, an annotation array that klp-convert removes
#include "klp_reloc.h"
#include "Inputs/livepatch.h"

KLP_TEST_LIVEPATCH_MODINFO;

extern int foo(void);

KLP_MODULE_RELOC(vmlinux) relocs[] = {
	KLP_SYMPOS(foo, 0),
};

unsigned int use(void)
{
	return relocs[0].sympos + foo();
}
