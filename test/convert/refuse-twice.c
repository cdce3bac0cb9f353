// The same symbol annotated twice with different positions or objects is
// refused; the same annotation twice (two units, one header) is fine.
//
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: %kcc -DPOS %s -o %t.pos.o
// RUN: %S/Inputs/expect-exit 2 klp-convert %t.pos.o %t.d/out.ko 2> %t.pos.err
// RUN: FileCheck --check-prefix=POS %s < %t.pos.err
// RUN: count 1 < %t.pos.err
// RUN: %kcc -DOBJ %s -o %t.obj.o
// RUN: %S/Inputs/expect-exit 2 klp-convert %t.obj.o %t.d/out.ko 2> %t.obj.err
// RUN: FileCheck --check-prefix=OBJ %s < %t.obj.err
// RUN: ls -A %t.d | count 0
// RUN: %kcc -DSAME %s -o %t.same.o
// RUN: klp-convert %t.same.o %t.same.ko
// RUN: %readelf -sW %t.same.ko | FileCheck --check-prefix=SAME %s
// POS: klp-convert: error: {{.*}}.pos.o: symbol 'foo' is annotated twice, as vmlinux,{{[12]}} in .klp.module_relocs.vmlinux and as vmlinux,{{[12]}} in .klp.module_relocs.vmlinux; keep one annotation
// OBJ: klp-convert: error: {{.*}}.obj.o: symbol 'foo' is annotated twice, as {{(vmlinux,0 in .klp.module_relocs.vmlinux and as ext4,0 in .klp.module_relocs.ext4|ext4,0 in .klp.module_relocs.ext4 and as vmlinux,0 in .klp.module_relocs.vmlinux)}}; keep one annotation
// SAME: .klp.sym.vmlinux.foo,1
#include "klp_reloc.h"
#include "Inputs/livepatch.h"

KLP_TEST_LIVEPATCH_MODINFO;

extern int foo(void);

#if defined(POS)
KLP_MODULE_RELOC(vmlinux) relocs_a[] = { KLP_SYMPOS(foo, 1) };
KLP_MODULE_RELOC(vmlinux) relocs_b[] = { KLP_SYMPOS(foo, 2) };
#elif defined(OBJ)
KLP_MODULE_RELOC(vmlinux) relocs_a[] = { KLP_SYMPOS(foo, 0) };
KLP_MODULE_RELOC(ext4) relocs_b[] = { KLP_SYMPOS(foo, 0) };
#else
KLP_MODULE_RELOC(vmlinux) relocs_a[] = { KLP_SYMPOS(foo, 1) };
KLP_MODULE_RELOC(vmlinux) relocs_b[] = { KLP_SYMPOS(foo, 1) };
#endif

int use(void)
{
	return foo();
}
