// Extended modversions (Linux 6.14+, modpost -x): __version_ext_crcs is
// an array of 32-bit CRCs, __version_ext_names the names, NUL-terminated,
// one after the other, in the same order; when they are there the
// loader checks them and not __versions, and a name too long for
// __versions (56 bytes) is only there. klp-convert drops the CRC of each
// converted symbol from both arrays, at the same index, as it does from
// __versions; the sections shrink in place and modpost's arrays with them.
//
// zs_malloc, zs_free and the long-named one are annotated; crypto_thing
// and exported_helper stay ordinary imports.
//
// RUN: %kcc -g %s -o %t.o
// RUN: klp-convert --verbose %t.o %t.ko | FileCheck --check-prefix=VERBOSE %s
// RUN: %readelf -x __version_ext_crcs %t.ko | FileCheck --check-prefix=CRCS %s
// RUN: %readelf -x __version_ext_names %t.ko | FileCheck --check-prefix=NAMES %s
// RUN: %readelf -x __versions %t.ko | FileCheck --check-prefix=VERSIONS %s
// RUN: %readelf -sW %t.ko | FileCheck --check-prefix=SYMS %s
// RUN: %python %S/Inputs/elfcheck.py loader %t.ko | FileCheck --check-prefix=LOADER %s
//
// VERBOSE-DAG: __versions: dropped zs_malloc
// VERBOSE-DAG: __versions: dropped zs_free
// VERBOSE-DAG: __version_ext_crcs[1], __version_ext_names: dropped zs_malloc
// VERBOSE-DAG: __version_ext_crcs[3], __version_ext_names: dropped zs_free
// VERBOSE-DAG: __version_ext_crcs[5], __version_ext_names: dropped zs_pool_with_a_name_far_too_long_for_struct_modversion_info
// VERBOSE-NOT: dropped crypto_thing
// VERBOSE-NOT: dropped exported_helper
//
// The CRCs of module_layout, crypto_thing and exported_helper, in order;
// their names at the same indices; modpost's trailing NUL stays.
// CRCS: Hex dump of section '__version_ext_crcs':
// CRCS-NEXT: 0x00000000 01ee0000 33000000 44000000 ....3...D...
// CRCS-NOT: 0x00000010
// NAMES: Hex dump of section '__version_ext_names':
// NAMES-NEXT: 0x00000000 6d6f6475 6c655f6c 61796f75 74006372 module_layout.cr
// NAMES-NEXT: 0x00000010 7970746f 5f746869 6e670065 78706f72 ypto_thing.expor
// NAMES-NEXT: 0x00000020 7465645f 68656c70 65720000 ted_helper..
// NAMES-NOT: 0x00000030
// VERSIONS: Hex dump of section '__versions':
// VERSIONS-NEXT: 0x00000000 01ee0000 00000000 6d6f6475 6c655f6c {{.*}}module_l
// VERSIONS: 0x00000040 33000000 00000000 63727970 746f5f74 {{.*}}crypto_t
// VERSIONS: 0x00000080 44000000 00000000 6578706f 72746564 {{.*}}exported
// VERSIONS-NOT: 0x000000c0
//
// SYMS-DAG: {{ 12 OBJECT +LOCAL +DEFAULT +[0-9]+ ____version_ext_crcs}}
// SYMS-DAG: {{ 44 OBJECT +LOCAL +DEFAULT +[0-9]+ ____version_ext_names}}
// SYMS-DAG: {{ 192 OBJECT +LOCAL +DEFAULT +[0-9]+ ____versions}}
// LOADER: loader: ok
//
// Without __versions (BASIC_MODVERSIONS=n), the extended arrays alone.
// RUN: %kcc -g -DNO_BASIC %s -o %t.nobasic.o
// RUN: klp-convert %t.nobasic.o %t.nobasic.ko
// RUN: %readelf -x __version_ext_crcs %t.nobasic.ko | FileCheck --check-prefix=CRCS %s
// RUN: %readelf -x __version_ext_names %t.nobasic.ko | FileCheck --check-prefix=NAMES %s
// RUN: %readelf -SW %t.nobasic.ko | FileCheck --check-prefix=NOBASIC %s
// NOBASIC-NOT: __versions
//
// Without modversions at all: nothing to drop, and no complaint.
// RUN: %kcc -g -DNO_BASIC -DNO_EXT %s -o %t.none.o
// RUN: klp-convert --verbose %t.none.o %t.none.ko > %t.none.out 2>&1
// RUN: FileCheck --check-prefix=NONE --input-file=%t.none.out %s
// NONE-NOT: {{__version|error|warning}}
// NONE: symbol zs_malloc -> .klp.sym.zsmalloc.zs_malloc,0
// NONE-NOT: {{__version|error|warning}}
// RUN: %readelf -SW %t.none.ko | FileCheck --check-prefix=NONESEC %s
// NONESEC-NOT: __version
//
// One array without the other, or fewer names than CRCs: the loader
// (elf_validity_cache_index_versions()) refuses the module, so does
// klp-convert, and writes nothing.
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: %kcc -g -DNO_NAMES %s -o %t.nonames.o
// RUN: %S/Inputs/expect-exit 2 klp-convert %t.nonames.o %t.d/out.ko 2>&1 | FileCheck --check-prefix=NONAMES %s
// NONAMES: klp-convert: error: {{.*}}.nonames.o: __version_ext_crcs without __version_ext_names; the loader refuses the module: rebuild it with the kernel's modpost
// RUN: %python %S/Inputs/elfcheck.py corrupt %t.o %t.short.o ext-names-short
// RUN: %S/Inputs/expect-exit 2 klp-convert %t.short.o %t.d/out.ko 2>&1 | FileCheck --check-prefix=SHORT %s
// SHORT: klp-convert: error: {{.*}}.short.o: __version_ext_crcs has more CRCs than __version_ext_names has names; the loader refuses the module: rebuild it with the kernel's modpost
// RUN: not %python %S/Inputs/elfcheck.py loader %t.short.o | FileCheck --check-prefix=CSHORT %s
// CSHORT: FAIL: {{.*}}: more extended version crcs than names
// RUN: ls -A %t.d | count 0
#include "klp_reloc.h"
#include "Inputs/livepatch.h"

/* What modpost writes into the .mod.c (scripts/mod/modpost.c add_versions(), add_extended_versions()). */
#ifndef NO_BASIC
struct modversion_info {
	unsigned long crc;
	char name[64 - sizeof(unsigned long)];
};

static const struct modversion_info ____versions[]
	__attribute__((used, section("__versions"), aligned(8))) = {
	{ 0xee01, "module_layout" },
	{ 0x1, "zs_malloc" },
	{ 0x33, "crypto_thing" },
	{ 0x2, "zs_free" },
	{ 0x44, "exported_helper" },
};
#endif

#ifndef NO_EXT
static const unsigned int ____version_ext_crcs[]
	__attribute__((used, section("__version_ext_crcs"))) = {
	0xee01,
	0x1,
	0x33,
	0x2,
	0x44,
	0x5,
};
#ifndef NO_NAMES
static const char ____version_ext_names[]
	__attribute__((used, section("__version_ext_names"), aligned(1))) =
	"module_layout\0"
	"zs_malloc\0"
	"crypto_thing\0"
	"zs_free\0"
	"exported_helper\0"
	"zs_pool_with_a_name_far_too_long_for_struct_modversion_info\0";
#endif
#endif

KLP_TEST_LIVEPATCH_MODINFO;

extern void *zs_malloc(unsigned long size);
extern void zs_free(void *p);
extern int zs_pool_with_a_name_far_too_long_for_struct_modversion_info;
extern int crypto_thing(void);
extern int exported_helper(void);

KLP_MODULE_RELOC(zsmalloc) relocs_zsmalloc[] = {
	KLP_SYMPOS(zs_malloc, 0),
	KLP_SYMPOS(zs_free, 0),
	KLP_SYMPOS(zs_pool_with_a_name_far_too_long_for_struct_modversion_info, 0),
};

int use(void)
{
	void *p = zs_malloc(8);

	zs_free(p);
	return crypto_thing() + exported_helper() +
	       zs_pool_with_a_name_far_too_long_for_struct_modversion_info;
}
