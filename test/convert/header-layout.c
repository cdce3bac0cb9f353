// The annotation header gives 12-byte packed records in
// .klp.module_relocs.<obj>, one relocation per record at its start, on
// 64-bit and 32-bit alike, and the arrays survive -O2 unreferenced.
//
// RUN: %kcc %s -o %t.o
// RUN: %readelf -SW %t.o | FileCheck --check-prefix=SEC %s
// RUN: %readelf -rW %t.o | FileCheck --check-prefix=REL %s
// RUN: %cc -m32 -fno-pic -c -I%klp-headers %s -o %t32.o
// RUN: %readelf -rW %t32.o | FileCheck --check-prefix=REL32 %s
//
// SEC-DAG: .klp.module_relocs.vmlinux PROGBITS {{[0-9a-f]+}} {{[0-9a-f]+}} 000024
// SEC-DAG: .klp.module_relocs.ext4 PROGBITS {{[0-9a-f]+}} {{[0-9a-f]+}} 00000c
// REL-LABEL: '.rela.klp.module_relocs.ext4'
// REL: {{^0+ }}{{.*}}R_X86_64_64 {{.*}} ext4_thing + 0
// REL-LABEL: '.rela.klp.module_relocs.vmlinux'
// REL: {{^0+ }}{{.*}}R_X86_64_64 {{.*}} foo + 0
// REL: {{^0+c }}{{.*}}R_X86_64_64 {{.*}} bar + 0
// REL: {{^0+18 }}{{.*}}R_X86_64_64 {{.*}} baz + 0
// REL32-LABEL: '.rel.klp.module_relocs.vmlinux'
// REL32: {{^0+ }}{{.*}}R_386_32 {{.*}} foo
// REL32: {{^0+c }}{{.*}}R_386_32 {{.*}} bar
#include "klp_reloc.h"

extern int foo(void);
extern int bar;
extern char baz[];
extern void ext4_thing(void);

KLP_MODULE_RELOC(vmlinux) relocs_vmlinux[] = {
	KLP_SYMPOS(foo, 0),
	KLP_SYMPOS(bar, 2),
	KLP_SYMPOS(baz, 3),
};

KLP_MODULE_RELOC(ext4) relocs_ext4[] = {
	KLP_SYMPOS(ext4_thing, 1),
};

int use(void)
{
	return foo() + bar + baz[0];
}
