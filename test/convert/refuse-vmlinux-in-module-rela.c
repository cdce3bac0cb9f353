// A module-specific .klp.rela section must not reference a vmlinux symbol:
// since 5.8 the kernel refuses it ("invalid access to vmlinux symbol").
// SUSE's KLP_RELOC_SYMBOL(ext4, vmlinux, sym) asks for exactly that.
//
// RUN: %kcc %s -o %t.o
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: %S/Inputs/expect-exit 2 klp-convert %t.o %t.d/out.ko 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: count 1 < %t.err
// RUN: ls -A %t.d | count 0
// CHECK: klp-convert: error: {{.*}}.o: .text.use+0x{{[0-9a-f]+}}: vmlinux symbol 'jiffies_helper' in module-specific section .klp.rela.ext4..text.use; the kernel refuses it: put it in .klp.rela.vmlinux..text.use
#include "Inputs/livepatch.h"

KLP_TEST_LIVEPATCH_MODINFO;

extern int jiffies_helper(void) __asm__("\".klp.sym.rela.ext4.vmlinux.jiffies_helper,0\"");

int use(void)
{
	return jiffies_helper();
}
