/* A vmlinux linker-script symbol, and an alias the unit defines. */
extern char __start___jump_table[], __stop___jump_table[];

static int impl(void)
{
	return 1;
}

int weak_alias(void) __attribute__((weak, alias("impl")));

long patched(void)
{
	return (__stop___jump_table - __start___jump_table) + weak_alias();
}

// A module is linked with ld -r, which defines no __start_SEC/__stop_SEC:
// those are the kernel's linker-script symbols, annotated like any other.
// An alias declaration is a definition of the unit's, though libclang
// does not call it one. The references are gcc's.
//
// RUN: %kcc -o %t.o %s
// RUN: nm -u %t.o | awk '{ print $2 }' | sort > %t.gcc
// RUN: not klp-annotate --refs --kallsyms %S/Inputs/linker-symbols.kallsyms %s 2>/dev/null > %t.refs
// RUN: cut -f2 %t.refs | sort | diff %t.gcc -
// RUN: FileCheck %s < %t.refs
// CHECK: __stop___jump_table{{[[:space:]]}}sympos{{[[:space:]]}}vmlinux{{[[:space:]]}}0
// CHECK: __start___jump_table{{[[:space:]]}}sympos{{[[:space:]]}}vmlinux{{[[:space:]]}}0
