// A module without a livepatch tag in .modinfo is refused: the kernel would
// not treat it as a livepatch module. No output is written. (The kernel
// checks only that the tag exists, so any value passes, as "Y" does.)
//
// RUN: %kcc %s -o %t.o
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: %S/Inputs/expect-exit 2 klp-convert %t.o %t.d/out.ko 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: count 1 < %t.err
// RUN: ls -A %t.d | count 0
// CHECK: klp-convert: error: {{.*}}.o: not marked as a livepatch module (no livepatch tag in .modinfo); add MODULE_INFO(livepatch, "Y")
//
// A tag named like it is not it.
// RUN: %kcc -DNEAR %s -o %t.near.o
// RUN: %S/Inputs/expect-exit 2 klp-convert %t.near.o %t.d/out.ko 2>&1 | FileCheck %s
// RUN: %kcc -DVALUE %s -o %t.value.o
// RUN: klp-convert %t.value.o %t.value.ko
#include "klp_reloc.h"

static const char modinfo[] __attribute__((section(".modinfo"), used, aligned(1))) =
#if defined(NEAR)
	"license=GPL\0livepatched=Y\0xlivepatch=Y";
#elif defined(VALUE)
	"license=GPL\0livepatch=1";
#else
	"license=GPL\0description=no livepatch tag";
#endif

extern int foo(void);

KLP_MODULE_RELOC(vmlinux) relocs[] = {
	KLP_SYMPOS(foo, 0),
};

int use(void)
{
	return foo();
}
