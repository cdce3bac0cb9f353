// Symbol names the kernel cannot carry in .klp.sym.<obj>.<sym>,<pos> are
// refused: one with a comma (it ends the name), and one over 511
// characters (KSYM_NAME_LEN - 1 in 6.1). 511 characters is fine.
//
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: %kcc %s -o %t.o
// RUN: %S/Inputs/expect-exit 2 klp-convert %t.o %t.d/out.ko 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: count 1 < %t.err
// RUN: %kcc -DLONG=512 %s -o %t.long.o
// RUN: %S/Inputs/expect-exit 2 klp-convert %t.long.o %t.d/out.ko 2> %t.long.err
// RUN: FileCheck --check-prefix=LONG %s < %t.long.err
// RUN: ls -A %t.d | count 0
// RUN: %kcc -DLONG=511 %s -o %t.max.o
// RUN: klp-convert %t.max.o %t.max.ko
// RUN: %readelf -sW %t.max.ko | FileCheck --check-prefix=MAX %s
// CHECK: klp-convert: error: {{.*}}.o: .klp.module_relocs.vmlinux: symbol 'odd,name' contains a ','{{.*}}; reach it through a symbol without one
// LONG: klp-convert: error: {{.*}}.long.o: .klp.module_relocs.vmlinux: symbol '{{a+}}...' is 512 characters, over the kernel's limit of 511
// MAX: .klp.sym.vmlinux.{{a+b}},0
#include "klp_reloc.h"
#include "Inputs/livepatch.h"

KLP_TEST_LIVEPATCH_MODINFO;

#define A16 "aaaaaaaaaaaaaaaa"
#define A64 A16 A16 A16 A16
#define A448 A64 A64 A64 A64 A64 A64 A64
#if LONG == 512
#define NAME A448 A16 A16 A16 "aaaaaaaaaaaaaaab"
#elif LONG == 511
#define NAME A448 A16 A16 A16 "aaaaaaaaaaaaaab"
#else
#define NAME "odd,name"
#endif

extern int odd_name(void) __asm__("\"" NAME "\"");

KLP_MODULE_RELOC(vmlinux) relocs[] = {
	KLP_SYMPOS(odd_name, 0),
};

int use(void)
{
	return odd_name();
}
