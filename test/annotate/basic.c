#include "hdr.h"

extern int local_fn(int);
static int bar_static(int);
extern int exported_fn(void);
extern int local_var;
extern int global_unexported(void);

int (*const fn_table[])(int) = { local_fn };

int patched(int x)
{
	local_var++;
	return bar_static(x) + exported_fn() + global_unexported() + used_inline() + CALL_VIA_MACRO(x);
}

// Calls and data references to symbols the unit declares but does not
// define: exported ones need nothing, local ones get a diagnostic with the
// entry they need, a "static" declaration of a kernel function gets
// turned into "extern". Exit 1: there are findings.
//
// RUN: not klp-annotate --symvers %S/Inputs/symvers --kallsyms %S/Inputs/kallsyms %s -- -I%klp-headers -I%S/Inputs 2>&1 | FileCheck %s --match-full-lines --strict-whitespace
// RUN: sh %S/Inputs/status.sh klp-annotate --symvers %S/Inputs/symvers --kallsyms %S/Inputs/kallsyms %s -- -I%klp-headers -I%S/Inputs 2>/dev/null | FileCheck --check-prefix=STATUS %s
// STATUS: status: 1
//
// CHECK:{{.*}}basic.c:4:1: warning: 'bar_static' is declared static but defined by vmlinux: the declaration must be extern [klp-static-declaration]
// CHECK-NEXT:static int bar_static(int);
// CHECK-NEXT:^
// CHECK-NEXT:fix-it:"{{.*}}basic.c":{4:1-4:7}:"extern"
// CHECK-NEXT:{{.*}}basic.c:9:34: warning: 'local_fn' is local to vmlinux: it needs KLP_SYMPOS(local_fn, 0) in KLP_MODULE_RELOC(vmlinux) [klp-unannotated]
// CHECK-NEXT:int (*const fn_table[])(int) = { local_fn };
// CHECK-NEXT:                                 ^
// CHECK-NEXT:fix-it:"{{.*}}basic.c":{2:1-2:1}:"\n#include \"klp_reloc.h\"\n"
// CHECK-NEXT:fix-it:"{{.*}}basic.c":{8:1-8:1}:"\nKLP_MODULE_RELOC(vmlinux) klp_relocs_vmlinux[] = {\n\tKLP_SYMPOS(bar_static, 0),\n\tKLP_SYMPOS(global_unexported, 0),\n\tKLP_SYMPOS(local_fn, 0),\n\tKLP_SYMPOS(local_var, 0),\n\tKLP_SYMPOS(macro_target, 0),\n\tKLP_SYMPOS(used_by_inline, 0),\n};\n"
// CHECK-NEXT:{{.*}}basic.c:13:2: warning: 'local_var' is local to vmlinux: it needs KLP_SYMPOS(local_var, 0) in KLP_MODULE_RELOC(vmlinux) [klp-unannotated]
// CHECK-NEXT:{{[[:space:]]}}local_var++;
// CHECK-NEXT:{{[[:space:]]}}^
// CHECK-NEXT:{{.*}}basic.c:14:9: warning: 'bar_static' is local to vmlinux: it needs KLP_SYMPOS(bar_static, 0) in KLP_MODULE_RELOC(vmlinux) [klp-unannotated]
// CHECK:{{.*}}basic.c:14:41: warning: 'global_unexported' is not exported by vmlinux: it needs KLP_SYMPOS(global_unexported, 0) in KLP_MODULE_RELOC(vmlinux) [klp-unannotated]
// CHECK:{{.*}}basic.c:14:63: warning: 'used_by_inline' is local to vmlinux: it needs KLP_SYMPOS(used_by_inline, 0) in KLP_MODULE_RELOC(vmlinux) [klp-unannotated]
// CHECK:{{.*}}basic.c:14:63: note: used through used_inline, a header's definition
// CHECK:{{.*}}basic.c:14:79: warning: 'macro_target' is local to vmlinux: it needs KLP_SYMPOS(macro_target, 0) in KLP_MODULE_RELOC(vmlinux) [klp-unannotated]
// CHECK-NOT:exported_fn'
// CHECK-NOT:unused_by_inline
