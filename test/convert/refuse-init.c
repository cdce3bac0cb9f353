// A module symbol referenced from __init code is refused: the module's
// klp relocations are written when the patch is enabled with the module
// present, after .init.text was freed. A vmlinux symbol is fine there.
//
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: %kcc %s -o %t.o
// RUN: %S/Inputs/expect-exit 2 klp-convert %t.o %t.d/out.ko 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: count 1 < %t.err
// RUN: ls -A %t.d | count 0
// CHECK: klp-convert: error: {{.*}}.o: .init.text+0x{{[0-9a-f]+}} refers to 'ext4_setup' of module ext4 from an init section, which is freed before relocations to ext4 are applied; move the reference out of __init code
#include "klp_reloc.h"
#include "Inputs/livepatch.h"

KLP_TEST_LIVEPATCH_MODINFO;

extern int ext4_setup(void);
extern int early_setup(void);

__attribute__((section(".init.text"))) int patch_init(void)
{
	return early_setup() + ext4_setup();
}

KLP_MODULE_RELOC(ext4) relocs_ext4[] = {
	KLP_SYMPOS(ext4_setup, 0),
};

KLP_MODULE_RELOC(vmlinux) relocs_vmlinux[] = {
	KLP_SYMPOS(early_setup, 0),
};
