#include "header-defs.h"

struct ops *patched(void)
{
	return &hdr_ops;
}

// A header's definitions count as gcc emits them: external ones and
// __attribute__((used)) ones always, static ones once something the unit
// emits refers to them (a function, or a variable's initialiser). The
// references are exactly the undefined symbols of gcc's object.
//
// RUN: %kcc -o %t.o %s -I%S/Inputs
// RUN: nm -u %t.o | awk '{ print $2 }' | sort > %t.gcc
// RUN: not klp-annotate --refs --kallsyms %S/Inputs/header-defs.kallsyms %s -- -I%S/Inputs > %t.refs
// RUN: cut -f2 %t.refs | sort | diff %t.gcc -
// RUN: FileCheck %s < %t.refs
// A header's emitted definitions are reached from the #include that brings them.
// CHECK-DAG: header-definitions.c:1:10{{[[:space:]]}}ref_from_used{{[[:space:]]}}sympos{{[[:space:]]}}vmlinux{{[[:space:]]}}0
// CHECK-DAG: ref_from_external{{[[:space:]]}}sympos
// CHECK-DAG: ref_from_external_var{{[[:space:]]}}sympos
// CHECK-DAG: ref_from_static_var{{[[:space:]]}}sympos
