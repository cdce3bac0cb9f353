// Removing the annotation sections renumbers everything after them:
// st_shndx, sh_link, sh_info of every relocation section, the members of
// section groups (a relocation section emptied by the move leaves its
// group too), and the symbol table's sh_info (first non-local symbol).
//
// RUN: %kcc -g %s -o %t.o
// RUN: klp-convert %t.o %t.ko
// One readelf run, so that indices captured from the section headers can
// be checked in the relocations, symbols and groups that follow them.
// RUN: %readelf -SrsgW %t.ko | FileCheck --check-prefixes=SEC,REL,SYM,GROUP %s
//
// In the input, .rela.text.grp is in the group and sections move up once
// it and the annotation sections are gone.
// RUN: %readelf -gW %t.o | FileCheck --check-prefix=IN %s
// IN: COMDAT group section {{.*}} [grp_func] contains 2 sections:
// IN: .text.grp
// IN-NEXT: .rela.text.grp
// RUN: %readelf -SW %t.ko | FileCheck --check-prefix=GONE %s
// GONE-NOT: .rela.text.grp
// GONE-NOT: .klp.module_relocs
//
// SEC: [{{ *}}[[#%u,GRP:]]] .text.grp PROGBITS {{.*}} AXG
// SEC: [{{ *}}[[#%u,USE:]]] .text.use PROGBITS
// SEC: .rela.text.use RELA {{[0-9a-f]+ [0-9a-f]+ [0-9a-f]+}} 18 I [[#%u,SYMTAB:]] [[#USE]] 8
// SEC: [{{ *}}[[#%u,BSS:]]] .bss.counter NOBITS
// SEC: [{{ *}}[[#SYMTAB]]] .symtab SYMTAB {{[0-9a-f]+ [0-9a-f]+ [0-9a-f]+}} 18 [[#%u,STRTAB:]] [[#%u,FIRSTGLOBAL:]] 8
// SEC: [{{ *}}[[#STRTAB]]] .strtab STRTAB
// SEC: .klp.rela.vmlinux..text.grp RELA {{.*}} AIo [[#SYMTAB]] [[#GRP]] 8
// SEC: .klp.rela.vmlinux..text.use RELA {{.*}} AIo [[#SYMTAB]] [[#USE]] 8
//
// Relocations against local symbols still name the right ones.
// REL-LABEL: '.rela.text.use'
// REL-DAG: R_X86_64_PC32 {{.*}} {{(.bss.)?}}counter - 4
// REL-DAG: R_X86_64_PLT32 {{.*}} grp_func - 4
//
// Locals first, then globals, with sh_info at the boundary.
// SYM: OBJECT LOCAL DEFAULT [[#BSS]] counter
// SYM: [[#FIRSTGLOBAL-1]]: {{.*}} LOCAL
// SYM-NEXT: [[#FIRSTGLOBAL]]: {{.*}} GLOBAL
// SYM: {{^ *}}[[#FIRSTGLOBAL+1]]: 0000000000000000 0 NOTYPE GLOBAL DEFAULT {{.*}}0xff20{{.*}} .klp.sym.vmlinux.foo,0
//
// The group keeps its code, its signature, and loses the emptied .rela.
// GROUP: COMDAT group section [{{ *}}[[#]]] `.group' [grp_func] contains 1 sections:
// GROUP-NEXT: [Index] Name
// GROUP-NEXT: [{{ *}}[[#GRP]]] .text.grp
#include "klp_reloc.h"
#include "Inputs/livepatch.h"

extern int foo(void);

KLP_MODULE_RELOC(vmlinux) relocs[] = {
	KLP_SYMPOS(foo, 0),
};

KLP_TEST_LIVEPATCH_MODINFO;

static int counter;

/* A COMDAT group, as C++ inline functions or some asm make them. */
asm(".section .text.grp,\"axG\",@progbits,grp_func,comdat\n"
    ".globl grp_func\n"
    ".type grp_func,@function\n"
    "grp_func: call foo\n"
    "ret\n"
    ".previous");
int grp_func(void);

int use(void)
{
	return foo() + grp_func() + ++counter;
}
