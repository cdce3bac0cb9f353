// A static key used only through a static branch is referenced only from
// __jump_table, by an R_X86_64_PC64 whose addend carries flag bits
// (Linux 6.1 x86: 2 | branch, so +2 for static_branch_unlikely()).
// A vmlinux key converts into .klp.rela.vmlinux.__jump_table, which the
// kernel applies when the livepatch loads; a module's key is refused.
//
// RUN: %kcc %s -o %t.o
// RUN: %readelf -rW %t.o | FileCheck --check-prefix=IN %s
// IN: '.rela__jump_table'
// IN: R_X86_64_PC64 {{.*}} sched_key + 2
//
// RUN: klp-convert %t.o %t.ko
// RUN: %readelf -rW %t.ko | FileCheck --check-prefix=OUT %s
// RUN: %readelf -SW %t.ko | FileCheck --check-prefix=SEC %s
// OUT: '.klp.rela.vmlinux.__jump_table' at offset {{.*}} contains 1 entries:
// OUT: R_X86_64_PC64 {{.*}} .klp.sym.vmlinux.sched_key,0 + 2
// SEC: [{{ *}}[[JT:[0-9]+]]] __jump_table PROGBITS
// SEC: .klp.rela.vmlinux.__jump_table RELA {{[0-9a-f]+ [0-9a-f]+ [0-9a-f]+}} 18 AIo {{[0-9]+}} [[JT]] 8
//
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: %kcc -DMODULE_KEY %s -o %t.m.o
// RUN: %S/Inputs/expect-exit 2 klp-convert %t.m.o %t.d/out.ko 2> %t.err
// RUN: FileCheck --check-prefix=MOD %s < %t.err
// RUN: ls -A %t.d | count 0
// MOD: klp-convert: error: {{.*}}.m.o: __jump_table+0x8 refers to 'sched_key' of module kvm; __jump_table is used when the livepatch loads{{.*}}use static_key_enabled()
#include "klp_reloc.h"
#include "Inputs/livepatch.h"

KLP_TEST_LIVEPATCH_MODINFO;

struct static_key { int enabled; };
extern struct static_key sched_key;

/* What Linux 6.1 arch/x86/include/asm/jump_label.h emits for static_branch_unlikely(). */
static inline __attribute__((always_inline)) int branch_unlikely(void)
{
	asm goto("1: .byte 0x0f,0x1f,0x44,0x00,0x00\n\t"
		 ".pushsection __jump_table, \"aw\"\n\t"
		 ".balign 8\n\t"
		 ".long 1b - .\n\t"
		 ".long %l[l_yes] - .\n\t"
		 ".quad %c0 + 2 - .\n\t"
		 ".popsection"
		 : : "i" (&sched_key) : : l_yes);
	return 0;
l_yes:
	return 1;
}

int patched(void)
{
	return branch_unlikely() ? 2 : 3;
}

#ifdef MODULE_KEY
KLP_MODULE_RELOC(kvm) relocs[] = {
#else
KLP_MODULE_RELOC(vmlinux) relocs[] = {
#endif
	KLP_SYMPOS(sched_key, 0),
};
