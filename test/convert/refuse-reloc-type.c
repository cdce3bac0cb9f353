// A relocation type that the x86_64 module loader does not apply is
// refused, whether it was moved to a .klp.rela section or not: here a
// GOT-relative load, which -fpic code or a hand-written asm makes.
//
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: %kcc %s -o %t.o
// RUN: %readelf -rW %t.o | FileCheck --check-prefix=IN %s
// IN: R_X86_64_REX_GOTPCRELX {{.*}} foo - 4
// RUN: %S/Inputs/expect-exit 2 klp-convert %t.o %t.d/out.ko 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: count 1 < %t.err
// RUN: %kcc -DUNANNOTATED %s -o %t.u.o
// RUN: %S/Inputs/expect-exit 2 klp-convert %t.u.o %t.d/out.ko 2> %t.u.err
// RUN: FileCheck --check-prefix=PLAIN %s < %t.u.err
// RUN: ls -A %t.d | count 0
// CHECK: klp-convert: error: {{.*}}.o: .text.use+0x3: relocation R_X86_64_REX_GOTPCRELX against '.klp.sym.vmlinux.foo,0' is not one the x86_64 module loader applies; build with the kernel's flags (-mcmodel=kernel -fno-pic)
// PLAIN: klp-convert: error: {{.*}}.u.o: .text.use+0x3: relocation R_X86_64_REX_GOTPCRELX against 'foo' is not one the x86_64 module loader applies
#include "klp_reloc.h"
#include "Inputs/livepatch.h"

KLP_TEST_LIVEPATCH_MODINFO;

extern int foo;

int use(void)
{
	int *p;

	asm("movq foo@GOTPCREL(%%rip), %0" : "=r" (p));
	return *p;
}

#ifndef UNANNOTATED
KLP_MODULE_RELOC(vmlinux) relocs[] = {
	KLP_SYMPOS(foo, 0),
};
#endif
