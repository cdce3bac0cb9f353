#include "decls.h"

int patched(void)
{
	return dev_attr_events() + shared_helper();
}

// An extern declaration from a header links against a global symbol: of
// three dev_attr_events, the one kallsyms types 'T' (the second). Two
// modules define shared_helper: the patch's klp_object decides, and
// --klp-object names it for a unit analysed before its registration
// exists.
//
// RUN: not klp-annotate --refs --kallsyms %S/Inputs/global/kallsyms %s -- -I%S/Inputs/global 2>%t.err | FileCheck %s
// RUN: FileCheck --check-prefix=AMBIG %s < %t.err
// CHECK: dev_attr_events{{[[:space:]]}}sympos{{[[:space:]]}}vmlinux{{[[:space:]]}}2
// CHECK: shared_helper{{[[:space:]]}}error{{[[:space:]]}}-{{[[:space:]]}}-{{[[:space:]]}}klp-ambiguous-sympos
// AMBIG: error: 'shared_helper' has 2 candidates
//
// RUN: not klp-annotate --refs --klp-object modb --kallsyms %S/Inputs/global/kallsyms %s -- -I%S/Inputs/global 2>/dev/null | FileCheck --check-prefix=MODB %s
// MODB: dev_attr_events{{[[:space:]]}}sympos{{[[:space:]]}}vmlinux{{[[:space:]]}}2
// MODB: shared_helper{{[[:space:]]}}sympos{{[[:space:]]}}modb{{[[:space:]]}}0
