// A module without livepatch=Y in .modinfo is refused: the kernel would
// not treat it as a livepatch module. No output is written.
//
// RUN: %kcc %s -o %t.o
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: %S/Inputs/expect-exit 2 klp-convert %t.o %t.d/out.ko 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: count 1 < %t.err
// RUN: ls -A %t.d | count 0
// CHECK: klp-convert: error: {{.*}}.o: not marked as a livepatch module (no livepatch=Y in .modinfo); add MODULE_INFO(livepatch, "Y")
#include "klp_reloc.h"

static const char modinfo[] __attribute__((section(".modinfo"), used, aligned(1))) =
	"license=GPL\0livepatch=N";

extern int foo(void);

KLP_MODULE_RELOC(vmlinux) relocs[] = {
	KLP_SYMPOS(foo, 0),
};

int use(void)
{
	return foo();
}
