// Sections the kernel processes while the livepatch module loads
// (__jump_table, .static_call_sites, .altinstructions, .parainstructions,
// __ex_table, .smp_locks) may need a klp relocation to a vmlinux symbol,
// applied at load, but not to a module symbol, applied only later.
//
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: %kcc -DSEC='"__jump_table"' %s -o %t.0.o
// RUN: %S/Inputs/expect-exit 2 klp-convert %t.0.o %t.d/out.ko 2> %t.0.err
// RUN: FileCheck --check-prefix=MOD0 %s < %t.0.err
// RUN: %kcc -DSEC='".static_call_sites"' %s -o %t.1.o
// RUN: %S/Inputs/expect-exit 2 klp-convert %t.1.o %t.d/out.ko 2> %t.1.err
// RUN: FileCheck --check-prefix=MOD1 %s < %t.1.err
// RUN: %kcc -DSEC='".altinstructions"' %s -o %t.2.o
// RUN: %S/Inputs/expect-exit 2 klp-convert %t.2.o %t.d/out.ko 2> %t.2.err
// RUN: FileCheck --check-prefix=MOD2 %s < %t.2.err
// RUN: %kcc -DSEC='".parainstructions"' %s -o %t.3.o
// RUN: %S/Inputs/expect-exit 2 klp-convert %t.3.o %t.d/out.ko 2> %t.3.err
// RUN: FileCheck --check-prefix=MOD3 %s < %t.3.err
// RUN: %kcc -DSEC='"__ex_table"' %s -o %t.4.o
// RUN: %S/Inputs/expect-exit 2 klp-convert %t.4.o %t.d/out.ko 2> %t.4.err
// RUN: FileCheck --check-prefix=MOD4 %s < %t.4.err
// RUN: %kcc -DSEC='".smp_locks"' %s -o %t.5.o
// RUN: %S/Inputs/expect-exit 2 klp-convert %t.5.o %t.d/out.ko 2> %t.5.err
// RUN: FileCheck --check-prefix=MOD5 %s < %t.5.err
// RUN: ls -A %t.d | count 0
//
// MOD0: klp-convert: error: {{.*}}.0.o: __jump_table+0x0 refers to 'ext4_key' of module ext4; __jump_table is used when the livepatch loads, before relocations to ext4 are applied: use static_key_enabled() instead of a static branch on a module key, or call through a normal reference
// MOD1: klp-convert: error: {{.*}}.1.o: .static_call_sites+0x0 refers to 'ext4_key' of module ext4; .static_call_sites is used when the livepatch loads
// MOD2: klp-convert: error: {{.*}}.2.o: .altinstructions+0x0 refers to 'ext4_key' of module ext4; .altinstructions is used when the livepatch loads
// MOD3: klp-convert: error: {{.*}}.3.o: .parainstructions+0x0 refers to 'ext4_key' of module ext4; .parainstructions is used when the livepatch loads
// MOD4: klp-convert: error: {{.*}}.4.o: __ex_table+0x0 refers to 'ext4_key' of module ext4; __ex_table is used when the livepatch loads
// MOD5: klp-convert: error: {{.*}}.5.o: .smp_locks+0x0 refers to 'ext4_key' of module ext4; .smp_locks is used when the livepatch loads
//
// The same references to a vmlinux symbol convert.
// RUN: %kcc -DVMLINUX -DSEC='"__jump_table"' %s -o %t.v0.o
// RUN: klp-convert %t.v0.o %t.v0.ko
// RUN: %readelf -rW %t.v0.ko | FileCheck --check-prefix=VML0 %s
// RUN: %kcc -DVMLINUX -DSEC='".static_call_sites"' %s -o %t.v1.o
// RUN: klp-convert %t.v1.o %t.v1.ko
// RUN: %readelf -rW %t.v1.ko | FileCheck --check-prefix=VML1 %s
// RUN: %kcc -DVMLINUX -DSEC='".altinstructions"' %s -o %t.v2.o
// RUN: klp-convert %t.v2.o %t.v2.ko
// RUN: %readelf -rW %t.v2.ko | FileCheck --check-prefix=VML2 %s
// RUN: %kcc -DVMLINUX -DSEC='".parainstructions"' %s -o %t.v3.o
// RUN: klp-convert %t.v3.o %t.v3.ko
// RUN: %readelf -rW %t.v3.ko | FileCheck --check-prefix=VML3 %s
// RUN: %kcc -DVMLINUX -DSEC='"__ex_table"' %s -o %t.v4.o
// RUN: klp-convert %t.v4.o %t.v4.ko
// RUN: %readelf -rW %t.v4.ko | FileCheck --check-prefix=VML4 %s
// RUN: %kcc -DVMLINUX -DSEC='".smp_locks"' %s -o %t.v5.o
// RUN: klp-convert %t.v5.o %t.v5.ko
// RUN: %readelf -rW %t.v5.ko | FileCheck --check-prefix=VML5 %s
// VML0: '.klp.rela.vmlinux.__jump_table' at offset {{.*}} contains 1 entries:
// VML0: R_X86_64_64 {{.*}} .klp.sym.vmlinux.ext4_key,0 + 0
// VML1: '.klp.rela.vmlinux..static_call_sites' at offset {{.*}} contains 1 entries:
// VML1: R_X86_64_64 {{.*}} .klp.sym.vmlinux.ext4_key,0 + 0
// VML2: '.klp.rela.vmlinux..altinstructions' at offset {{.*}} contains 1 entries:
// VML2: R_X86_64_64 {{.*}} .klp.sym.vmlinux.ext4_key,0 + 0
// VML3: '.klp.rela.vmlinux..parainstructions' at offset {{.*}} contains 1 entries:
// VML3: R_X86_64_64 {{.*}} .klp.sym.vmlinux.ext4_key,0 + 0
// VML4: '.klp.rela.vmlinux.__ex_table' at offset {{.*}} contains 1 entries:
// VML4: R_X86_64_64 {{.*}} .klp.sym.vmlinux.ext4_key,0 + 0
// VML5: '.klp.rela.vmlinux..smp_locks' at offset {{.*}} contains 1 entries:
// VML5: R_X86_64_64 {{.*}} .klp.sym.vmlinux.ext4_key,0 + 0
#include "klp_reloc.h"
#include "Inputs/livepatch.h"

KLP_TEST_LIVEPATCH_MODINFO;

extern int ext4_key;

/* The entry's layout does not matter, only that it points at the symbol. */
static int *const entry __attribute__((used, section(SEC))) = &ext4_key;

#ifdef VMLINUX
KLP_MODULE_RELOC(vmlinux) relocs[] = {
#else
KLP_MODULE_RELOC(ext4) relocs[] = {
#endif
	KLP_SYMPOS(ext4_key, 0),
};
