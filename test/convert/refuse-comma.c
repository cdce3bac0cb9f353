// A symbol name with a comma cannot be written as .klp.sym.<obj>.<sym>,<pos>.
//
// RUN: %kcc %s -o %t.o
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: %S/Inputs/expect-exit 2 klp-convert %t.o %t.d/out.ko 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: count 1 < %t.err
// RUN: ls -A %t.d | count 0
// CHECK: klp-convert: error: {{.*}}.o: .klp.module_relocs.vmlinux: symbol 'odd,name' contains a ','{{.*}}; reach it through a symbol without one
#include "klp_reloc.h"
#include "Inputs/livepatch.h"

KLP_TEST_LIVEPATCH_MODINFO;

extern int odd_name(void) __asm__("\"odd,name\"");

KLP_MODULE_RELOC(vmlinux) relocs[] = {
	KLP_SYMPOS(odd_name, 0),
};

int use(void)
{
	return odd_name();
}
