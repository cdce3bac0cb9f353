// SUSE's KLP_RELOC_SYMBOL[_POS](lp_obj, sym_obj, sym[, pos]) names the
// undefined symbol .klp.sym.rela.<lp_obj>.<sym_obj>.<sym>,<pos> (early
// versions: .<pos>). It converts like an annotation: the symbol becomes
// .klp.sym.<sym_obj>.<sym>,<pos>, its relocations go to
// .klp.rela.<lp_obj>.<section>. Both dialects can meet in one module.
//
// RUN: %kcc %s -o %t.o
// RUN: klp-convert --verbose %t.o %t.ko | FileCheck --check-prefix=VERBOSE %s
// RUN: %readelf -sW %t.ko | FileCheck --check-prefix=SYM %s
// RUN: %readelf -sW %t.ko | FileCheck --check-prefix=NOSYM %s
// RUN: %readelf -rW %t.ko | FileCheck --check-prefix=REL %s
//
// VERBOSE-DAG: symbol .klp.sym.rela.vmlinux.vmlinux.saved_command_line,0 -> .klp.sym.vmlinux.saved_command_line,0
// VERBOSE-DAG: symbol .klp.sym.rela.vmlinux.vmlinux.print_cpu_info.isra.0.2 -> .klp.sym.vmlinux.print_cpu_info.isra.0,2
// VERBOSE-DAG: symbol .klp.sym.rela.ext4.ext4.ext4_fill_super,1 -> .klp.sym.ext4.ext4_fill_super,1
// VERBOSE-DAG: symbol native_helper -> .klp.sym.vmlinux.native_helper,0
//
// SYM-DAG: {{0xff20|LIVEPATCH}}{{.*}} .klp.sym.vmlinux.saved_command_line,0
// SYM-DAG: {{0xff20|LIVEPATCH}}{{.*}} .klp.sym.vmlinux.print_cpu_info.isra.0,2
// SYM-DAG: {{0xff20|LIVEPATCH}}{{.*}} .klp.sym.ext4.ext4_fill_super,1
// SYM-DAG: {{0xff20|LIVEPATCH}}{{.*}} .klp.sym.vmlinux.native_helper,0
// NOSYM-NOT: .klp.sym.rela.
//
// REL-DAG: '.klp.rela.vmlinux..text.use'
// REL-DAG: '.klp.rela.ext4..text.use'
// REL-DAG: R_X86_64_PC32 {{.*}} .klp.sym.vmlinux.saved_command_line,0 - 4
// REL-DAG: R_X86_64_PLT32 {{.*}} .klp.sym.vmlinux.print_cpu_info.isra.0,2 - 4
// REL-DAG: R_X86_64_PLT32 {{.*}} .klp.sym.ext4.ext4_fill_super,1 - 4
// REL-DAG: R_X86_64_PLT32 {{.*}} .klp.sym.vmlinux.native_helper,0 - 4
#include "klp_reloc.h"
#include "Inputs/livepatch.h"

KLP_TEST_LIVEPATCH_MODINFO;

#define KLP_RELOC_SYMBOL_POS(LP_OBJ_NAME, SYM_OBJ_NAME, SYM_NAME, SYM_POS) \
	asm("\".klp.sym.rela." #LP_OBJ_NAME "." #SYM_OBJ_NAME "." #SYM_NAME "," #SYM_POS "\"")
#define KLP_RELOC_SYMBOL(LP_OBJ_NAME, SYM_OBJ_NAME, SYM_NAME) \
	KLP_RELOC_SYMBOL_POS(LP_OBJ_NAME, SYM_OBJ_NAME, SYM_NAME, 0)

extern char *saved_command_line KLP_RELOC_SYMBOL(vmlinux, vmlinux, saved_command_line);
extern int ext4_fill_super(void) KLP_RELOC_SYMBOL_POS(ext4, ext4, ext4_fill_super, 1);
/* The early form, with '.' before the position. */
extern void print_cpu(void) asm("\".klp.sym.rela.vmlinux.vmlinux.print_cpu_info.isra.0.2\"");
extern int native_helper(void);

KLP_MODULE_RELOC(vmlinux) relocs[] = {
	KLP_SYMPOS(native_helper, 0),
};

int use(void)
{
	print_cpu();
	return saved_command_line[0] + ext4_fill_super() + native_helper();
}
