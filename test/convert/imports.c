// What modpost recorded for exports that the conversion hands to the
// livepatch core goes too: their __versions CRCs, and (with --symvers) the
// depends= modules nothing else needs. A module export annotated so that
// the patch does not depend on the module must not keep modprobe loading
// that module first.
//
// zs_malloc and zs_free (zsmalloc) are annotated; crypto_thing
// (crypto_algapi) and exported_helper (vmlinux) stay ordinary imports.
//
// RUN: %kcc -g %s -o %t.o
// RUN: cp %t.o %t.orig.o
// RUN: klp-convert --verbose --symvers %S/Inputs/imports.symvers %t.o %t.ko | FileCheck --check-prefix=VERBOSE %s
//
// __versions and .modinfo are edited where the input was read into
// memory (a private mapping): the input file itself stays as it was.
// RUN: cmp %t.o %t.orig.o
// RUN: %readelf -x __versions %t.ko | FileCheck --check-prefix=VERSIONS %s
// RUN: %readelf -p .modinfo %t.ko | FileCheck --check-prefix=MODINFO %s
// RUN: %readelf -sW %t.ko | FileCheck --check-prefix=SYMS %s
// RUN: modinfo -F depends %t.ko | FileCheck --check-prefix=DEPENDS %s
//
// VERBOSE-DAG: __versions: dropped zs_malloc
// VERBOSE-DAG: __versions: dropped zs_free
// VERBOSE-DAG: depends: dropped zsmalloc
// VERBOSE-NOT: dropped crypto_algapi
//
// Three 64-byte entries left, in their order: 0xc0 bytes.
// VERSIONS: 0x00000000 01ee0000 00000000 6d6f6475 6c655f6c {{.*}}module_l
// VERSIONS: 0x00000040 33000000 00000000 63727970 746f5f74 {{.*}}crypto_t
// VERSIONS: 0x00000080 44000000 00000000 6578706f 72746564 {{.*}}exported
// VERSIONS-NOT: 0x000000c0
//
// MODINFO-DAG: livepatch=Y
// MODINFO-DAG: depends=crypto_algapi{{$}}
// MODINFO-NOT: zsmalloc
//
// SYMS: {{ 192 OBJECT +LOCAL +DEFAULT +[0-9]+ ____versions}}
// SYMS-DAG: .klp.sym.zsmalloc.zs_malloc,0
// SYMS-DAG: .klp.sym.zsmalloc.zs_free,0
//
// DEPENDS: {{^crypto_algapi$}}
//
// Without --symvers the CRCs still go, and klp-convert says why depends= stays.
// RUN: klp-convert %t.o %t.nosymvers.ko 2> %t.err
// RUN: FileCheck --check-prefix=WARN %s < %t.err
// RUN: modinfo -F depends %t.nosymvers.ko | FileCheck --check-prefix=KEPT %s
// WARN: klp-convert: warning: {{.*}}: depends=zsmalloc,crypto_algapi kept: pass --symvers so that klp-convert can drop the modules only converted symbols needed
// KEPT: {{^zsmalloc,crypto_algapi$}}
#include "klp_reloc.h"

struct modversion_info {
	unsigned long crc;
	char name[64 - sizeof(unsigned long)];
};

/* What modpost writes into the .mod.c. */
static const struct modversion_info ____versions[]
	__attribute__((used, section("__versions"), aligned(8))) = {
	{ 0xee01, "module_layout" },
	{ 0x1, "zs_malloc" },
	{ 0x33, "crypto_thing" },
	{ 0x2, "zs_free" },
	{ 0x44, "exported_helper" },
};
static const char modinfo_lp[] __attribute__((used, section(".modinfo"), aligned(1))) =
	"livepatch=Y";
static const char modinfo_dep[] __attribute__((used, section(".modinfo"), aligned(1))) =
	"depends=zsmalloc,crypto_algapi";

extern void *zs_malloc(unsigned long size);
extern void zs_free(void *p);
extern int crypto_thing(void);
extern int exported_helper(void);

KLP_MODULE_RELOC(zsmalloc) relocs_zsmalloc[] = {
	KLP_SYMPOS(zs_malloc, 0),
	KLP_SYMPOS(zs_free, 0),
};

int use(void)
{
	void *p = zs_malloc(8);

	zs_free(p);
	return crypto_thing() + exported_helper();
}
