// Object names the kernel cannot carry in .klp.sym.<obj>.<sym>,<pos> are
// refused: with a dot (the kernel reads up to the first one), over 55
// characters (MODULE_NAME_LEN - 1), or with '-' (modules are named with '_').
//
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: %kcc -DDOT %s -o %t.dot.o
// RUN: %S/Inputs/expect-exit 2 klp-convert %t.dot.o %t.d/out.ko 2> %t.dot.err
// RUN: FileCheck --check-prefix=DOT %s < %t.dot.err
// RUN: count 1 < %t.dot.err
// RUN: %kcc -DLONG %s -o %t.long.o
// RUN: %S/Inputs/expect-exit 2 klp-convert %t.long.o %t.d/out.ko 2> %t.long.err
// RUN: FileCheck --check-prefix=LONG %s < %t.long.err
// RUN: %kcc -DDASH %s -o %t.dash.o
// RUN: %S/Inputs/expect-exit 2 klp-convert %t.dash.o %t.d/out.ko 2> %t.dash.err
// RUN: FileCheck --check-prefix=DASH %s < %t.dash.err
// RUN: ls -A %t.d | count 0
//
// 55 characters is still fine.
// RUN: %kcc -DMAX %s -o %t.max.o
// RUN: klp-convert %t.max.o %t.max.ko
// RUN: %readelf -sW %t.max.ko | FileCheck --check-prefix=MAX %s
//
// DOT: klp-convert: error: {{.*}}.dot.o: .klp.module_relocs.ext4.ko: object name 'ext4.ko' contains a '.'{{.*}}; use the module name as the kernel knows it
// LONG: klp-convert: error: {{.*}}.long.o: .klp.module_relocs.{{a+}}: object name '{{a+}}' is 56 characters, over the kernel's limit of 55
// DASH: klp-convert: error: {{.*}}.dash.o: .klp.module_relocs.nf-conntrack: object name 'nf-conntrack' contains '-'; the kernel names modules with '_'
// MAX: .klp.sym.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.foo,0
#include "klp_reloc.h"
#include "Inputs/livepatch.h"

KLP_TEST_LIVEPATCH_MODINFO;

extern int foo(void);

#if defined(DOT)
#define SEC ".klp.module_relocs.ext4.ko"
#elif defined(LONG)
#define SEC ".klp.module_relocs.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#elif defined(MAX)
#define SEC ".klp.module_relocs.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#else
#define SEC ".klp.module_relocs.nf-conntrack"
#endif

/* KLP_MODULE_RELOC() stringizes an identifier; write the section by hand. */
static struct klp_module_reloc relocs[] __attribute__((used, section(SEC))) = {
	KLP_SYMPOS(foo, 0),
};

int use(void)
{
	return foo();
}
