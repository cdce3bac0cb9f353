// SHF_LINK_ORDER sections keep their sh_link to the same section when
// klp-convert renumbers: gcc-12 writes __patchable_function_entries
// (-fpatchable-function-entry, CALL_PADDING on 6.12) with SHF_LINK_ORDER
// and sh_link to the function's text section. Here the annotation array
// (and its .rela) come before .text.use in the object, and
// .rela.text.use (emptied by the move) between .text.use and
// __patchable_function_entries: all three go, so .text.use moves two up
// and __patchable_function_entries three.
//
// RUN: %kcc -fno-toplevel-reorder -fpatchable-function-entry=16,16 %s -o %t.o
// RUN: klp-convert %t.o %t.ko
// One FileCheck run over both, so that the input's indices can be
// checked in the output's.
// RUN: sh -c '%readelf -SW %t.o; %readelf -SW %t.ko' | FileCheck --check-prefixes=IN,OUT %s
// RUN: %readelf -SW %t.ko | FileCheck --check-prefix=GONE %s
//
// IN: [{{ *}}[[#%u,ANN:]]] .klp.module_relocs.vmlinux PROGBITS
// IN: [{{ *}}[[#%u,TEXT:]]] .text.use PROGBITS {{.*}} AX
// IN-NEXT: .rela.text.use RELA
// IN-NEXT: [{{ *}}[[#%u,PFE:]]] __patchable_function_entries PROGBITS {{[0-9a-f]+ [0-9a-f]+ [0-9a-f]+}} 00 WAL [[#TEXT]] 0 8
// IN-NEXT: [{{ *}}[[#PFE+1]]] .rela__patchable_function_entries RELA {{[0-9a-f]+ [0-9a-f]+ [0-9a-f]+}} 18 I [[#%u,SYMTAB:]] [[#PFE]] 8
//
// GONE-NOT: .klp.module_relocs
// OUT: [{{ *}}[[#TEXT-2]]] .text.use PROGBITS {{.*}} AX
// OUT-NEXT: [{{ *}}[[#PFE-3]]] __patchable_function_entries PROGBITS {{[0-9a-f]+ [0-9a-f]+ [0-9a-f]+}} 00 WAL [[#TEXT-2]] 0 8
// OUT-NEXT: [{{ *}}[[#PFE-2]]] .rela__patchable_function_entries RELA {{[0-9a-f]+ [0-9a-f]+ [0-9a-f]+}} 18 I [[#SYMTAB-3]] [[#PFE-3]] 8
// OUT: [{{ *}}[[#SYMTAB-3]]] .symtab SYMTAB
// OUT: .klp.rela.vmlinux..text.use RELA {{.*}} AIo [[#SYMTAB-3]] [[#TEXT-2]] 8
//
// The entries still point at the functions, and the result passes the
// loader's ELF checks and eu-elflint (but for the livepatch extensions).
// RUN: %readelf -rW %t.ko | FileCheck --check-prefix=REL %s
// REL: '.rela__patchable_function_entries'
// REL-NEXT: Offset
// REL-NEXT: R_X86_64_64 {{.*}} .text.use + 0
// RUN: %python %S/Inputs/elfcheck.py loader %t.ko | FileCheck --check-prefix=LOADER %s
// LOADER: loader: ok
// RUN: sh -c 'eu-elflint --gnu-ld %t.ko; true' > %t.lint
// RUN: FileCheck --check-prefix=LINT --input-file=%t.lint %s
// LINT: .klp.sym.vmlinux.foo,0): invalid section index
// LINT-NOT: __patchable_function_entries
// LINT-NOT: link
#include "klp_reloc.h"
#include "Inputs/livepatch.h"

extern int foo(void);

/* First in the object: -fno-toplevel-reorder keeps the source order. */
KLP_MODULE_RELOC(vmlinux) relocs[] = {
	KLP_SYMPOS(foo, 0),
};

KLP_TEST_LIVEPATCH_MODINFO;

int use(void)
{
	return foo() + 1;
}
