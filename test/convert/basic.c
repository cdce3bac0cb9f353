// A module with references to unexported kernel symbols from text, cold
// text, init text, data and rodata, annotated for vmlinux and for a module:
// every relocation against an annotated symbol moves into the
// .klp.rela.<obj>.<section> of its object, nothing else changes, and the
// annotation arrays go, with the debug-info relocations against them.
//
// RUN: %kcc -g %s -o %t.o
// RUN: klp-convert %t.o %t.ko 2>&1 | count 0
// RUN: %readelf -SW %t.ko > %t.sec
// RUN: FileCheck --check-prefix=SEC --input-file=%t.sec %s
// RUN: FileCheck --check-prefix=GONE --input-file=%t.sec %s
// RUN: %readelf -sW %t.ko | FileCheck --check-prefix=SYM %s
// RUN: %readelf -sW %t.ko | FileCheck --check-prefix=NOSYM %s
// RUN: %readelf -rW %t.ko > %t.rel
// RUN: sed -n "/'.klp.rela.vmlinux..text.patched_show'/,/^$/p" %t.rel | FileCheck --check-prefix=VTEXT %s
// RUN: sed -n "/'.klp.rela.ext4..text.patched_show'/,/^$/p" %t.rel | FileCheck --check-prefix=ETEXT %s
// RUN: sed -n "/'.klp.rela.vmlinux..init.text'/,/^$/p" %t.rel | FileCheck --check-prefix=VINIT %s
// RUN: sed -n "/'.rela.text.patched_show'/,/^$/p" %t.rel | FileCheck --check-prefix=KTEXT %s
// RUN: sed -n "/'.rela.text.unlikely.patched_cold'/,/^$/p" %t.rel | FileCheck --check-prefix=KCOLD %s
// RUN: sed -n "/'.rela.init.text'/,/^$/p" %t.rel | FileCheck --check-prefix=KINIT %s
// RUN: sed -n "/'.rela.debug_info'/,/^$/p" %t.rel | FileCheck --check-prefix=DEBUG %s
//
// Symbol table: the annotated symbols renamed, with SHN_LIVEPATCH (0xff20)
// and value 0; the others untouched; the arrays gone.
// SYM: Symbol table '.symtab'
// SYM-DAG: 0000000000000000 0 NOTYPE GLOBAL DEFAULT {{.*}}0xff20{{.*}} .klp.sym.vmlinux.saved_command_line_len,0
// SYM-DAG: 0000000000000000 0 NOTYPE GLOBAL DEFAULT {{.*}}0xff20{{.*}} .klp.sym.vmlinux.core_helper,2
// SYM-DAG: 0000000000000000 0 NOTYPE GLOBAL DEFAULT {{.*}}0xff20{{.*}} .klp.sym.vmlinux.early_helper,0
// SYM-DAG: 0000000000000000 0 NOTYPE GLOBAL DEFAULT {{.*}}0xff20{{.*}} .klp.sym.ext4.ext4_helper,1
// SYM-DAG: NOTYPE GLOBAL DEFAULT UND exported_helper
// SYM-DAG: FUNC GLOBAL DEFAULT {{[0-9]+}} patched_show
// NOSYM-NOT: relocs_vmlinux
// NOSYM-NOT: relocs_ext4
// NOSYM-NOT: {{ UND (saved_command_line_len|core_helper|early_helper|ext4_helper)$}}
//
// Section headers: one .klp.rela per (object, target section); SHT_RELA,
// flags SHF_ALLOC | SHF_INFO_LINK | SHF_RELA_LIVEPATCH ("AIo"), sh_link the
// symtab, sh_info the patched section.
// SEC: [{{ *}}[[TEXT:[0-9]+]]] .text.patched_show PROGBITS
// SEC: [{{ *}}[[COLD:[0-9]+]]] .text.unlikely.patched_cold PROGBITS
// SEC: [{{ *}}[[INIT:[0-9]+]]] .init.text PROGBITS
// SEC: [{{ *}}[[RODATA:[0-9]+]]] .rodata.len_ptr PROGBITS
// SEC: [{{ *}}[[DATA:[0-9]+]]] .data.helper_ptr PROGBITS
// SEC: [{{ *}}[[SYMTAB:[0-9]+]]] .symtab SYMTAB
// SEC-DAG: .klp.rela.vmlinux..text.patched_show RELA {{[0-9a-f]+ [0-9a-f]+}} 000030 18 AIo [[SYMTAB]] [[TEXT]] 8
// SEC-DAG: .klp.rela.ext4..text.patched_show RELA {{[0-9a-f]+ [0-9a-f]+}} 000018 18 AIo [[SYMTAB]] [[TEXT]] 8
// SEC-DAG: .klp.rela.vmlinux..text.unlikely.patched_cold RELA {{[0-9a-f]+ [0-9a-f]+}} 000018 18 AIo [[SYMTAB]] [[COLD]] 8
// SEC-DAG: .klp.rela.vmlinux..init.text RELA {{[0-9a-f]+ [0-9a-f]+}} 000018 18 AIo [[SYMTAB]] [[INIT]] 8
// SEC-DAG: .klp.rela.ext4..data.helper_ptr RELA {{[0-9a-f]+ [0-9a-f]+}} 000018 18 AIo [[SYMTAB]] [[DATA]] 8
// SEC-DAG: .klp.rela.vmlinux..rodata.len_ptr RELA {{[0-9a-f]+ [0-9a-f]+}} 000018 18 AIo [[SYMTAB]] [[RODATA]] 8
//
// GONE-NOT: .klp.module_relocs
// GONE-NOT: .rela.data.helper_ptr
// GONE-NOT: .rela.rodata.len_ptr
//
// Moved relocations keep type, offset and addend.
// VTEXT: '.klp.rela.vmlinux..text.patched_show' at offset {{.*}} contains 2 entries:
// VTEXT-DAG: R_X86_64_PC32 {{.*}} .klp.sym.vmlinux.saved_command_line_len,0 - 4
// VTEXT-DAG: R_X86_64_PLT32 {{.*}} .klp.sym.vmlinux.core_helper,2 - 4
// ETEXT: '.klp.rela.ext4..text.patched_show' at offset {{.*}} contains 1 entries:
// ETEXT: R_X86_64_PLT32 {{.*}} .klp.sym.ext4.ext4_helper,1 - 4
// VINIT: '.klp.rela.vmlinux..init.text' at offset {{.*}} contains 1 entries:
// VINIT: R_X86_64_PLT32 {{.*}} .klp.sym.vmlinux.early_helper,0 - 4
//
// Unrelated relocations stay where they were.
// KTEXT: '.rela.text.patched_show' at offset {{.*}} contains 1 entries:
// KTEXT: R_X86_64_PLT32 {{.*}} exported_helper - 4
// KCOLD: '.rela.text.unlikely.patched_cold' at offset {{.*}} contains 1 entries:
// KCOLD: R_X86_64_PLT32 {{.*}} exported_helper - 4
// KINIT: '.rela.init.text' at offset {{.*}} contains 1 entries:
// KINIT: R_X86_64_PLT32 {{.*}} patched_show - 4
//
// Debug info no longer points at the arrays, and still at the code.
// DEBUG: '.rela.debug_info'
// DEBUG-NOT: relocs_
// DEBUG: .text.patched_show
// DEBUG-NOT: relocs_
#include "klp_reloc.h"
#include "Inputs/livepatch.h"

KLP_TEST_LIVEPATCH_MODINFO;

extern int saved_command_line_len;	/* static in vmlinux */
extern int core_helper(int);		/* unexported, second of its name */
extern int early_helper(void);
extern void ext4_helper(void);		/* in module ext4 */
extern int exported_helper(int);

__attribute__((noinline)) int patched_show(int x)
{
	ext4_helper();
	return core_helper(x) + saved_command_line_len + exported_helper(x);
}

__attribute__((cold, noinline)) int patched_cold(int x)
{
	return core_helper(x) + exported_helper(x);
}

__attribute__((section(".init.text"), noinline)) int patched_init(void)
{
	return early_helper() + patched_show(1);
}

void (*helper_ptr)(void) = ext4_helper;
int *const len_ptr = &saved_command_line_len;

KLP_MODULE_RELOC(vmlinux) relocs_vmlinux[] = {
	KLP_SYMPOS(saved_command_line_len, 0),
	KLP_SYMPOS(core_helper, 2),
	KLP_SYMPOS(early_helper, 0),
};

KLP_MODULE_RELOC(ext4) relocs_ext4[] = {
	KLP_SYMPOS(ext4_helper, 1),
};
