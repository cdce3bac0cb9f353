// An annotated symbol that the module defines itself is refused, whether
// global or static: the kernel's symbol would never be used.
//
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: %kcc %s -o %t.g.o
// RUN: %S/Inputs/expect-exit 2 klp-convert %t.g.o %t.d/out.ko 2> %t.g.err
// RUN: FileCheck --check-prefix=GLOBAL %s < %t.g.err
// RUN: count 1 < %t.g.err
// RUN: %kcc -DSTATIC %s -o %t.s.o
// RUN: %S/Inputs/expect-exit 2 klp-convert %t.s.o %t.d/out.ko 2> %t.s.err
// RUN: FileCheck --check-prefix=STATIC %s < %t.s.err
// RUN: ls -A %t.d | count 0
// GLOBAL: klp-convert: error: {{.*}}.g.o: .klp.module_relocs.vmlinux: symbol 'foo' is defined in this module (section .text.foo), not in vmlinux; drop it from KLP_MODULE_RELOC(vmlinux)
// STATIC: klp-convert: error: {{.*}}.s.o: .klp.module_relocs.vmlinux: symbol '{{(counter|.bss.counter)}}' is defined in this module (section .bss.counter), not in vmlinux
#include "klp_reloc.h"
#include "Inputs/livepatch.h"

KLP_TEST_LIVEPATCH_MODINFO;

#ifdef STATIC
static int counter;
KLP_MODULE_RELOC(vmlinux) relocs[] = {
	KLP_SYMPOS(counter, 0),
};
int use(void)
{
	return ++counter;
}
#else
int foo(void)
{
	return 1;
}
KLP_MODULE_RELOC(vmlinux) relocs[] = {
	KLP_SYMPOS(foo, 0),
};
#endif
