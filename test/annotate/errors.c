extern int clone_only(int);
extern int no_such_function(int);
extern int local_fn(int);

int patched(int x)
{
	return clone_only(x) + no_such_function(x) + local_fn(x);
}

// Symbols that cannot be annotated: only GCC clones of it exist (their
// calling convention differs), or it is not in the kernel at all. The
// annotatable one is still written by --fix; the exit status stays 1.
// With only Module.symvers there is no symbol table to find owners in.
//
// RUN: not klp-annotate --symvers %S/Inputs/symvers --kallsyms %S/Inputs/kallsyms %s 2>&1 | FileCheck %s
// RUN: cp %s %t.c && sh %S/Inputs/status.sh klp-annotate --fix --symvers %S/Inputs/symvers --kallsyms %S/Inputs/kallsyms %t.c 2>&1 | FileCheck --check-prefix=FIX %s
// RUN: FileCheck --check-prefix=FIXED %s < %t.c
// RUN: not klp-annotate --symvers %S/Inputs/symvers %s 2>&1 | FileCheck --check-prefix=NOSYMS %s
//
// CHECK: errors.c:7:9: error: 'clone_only' exists only as a GCC clone, whose calling convention differs: copy the function into the patch instead [klp-gcc-clone]
// CHECK: note: clone clone_only.isra.0 in vmlinux
// CHECK: note: clone clone_only.cold in vmlinux
// CHECK: errors.c:7:25: error: 'no_such_function' is not in the target kernel's symbols: check the name, give the owning module's symbols (--modules, --ko), or copy its definition into the patch [klp-unknown-symbol]
// CHECK: errors.c:7:47: warning: 'local_fn' is local to vmlinux
//
// FIX: error: 'clone_only' exists only as a GCC clone
// FIX: error: 'no_such_function' is not in the target kernel's symbols
// FIX-NOT: warning
// FIX: status: 1
// FIXED: {{^}}KLP_MODULE_RELOC(vmlinux) klp_relocs_vmlinux[] = {
// FIXED-NEXT: {{^}}{{[[:space:]]}}KLP_SYMPOS(local_fn, 0),
// FIXED-NEXT: {{^}}};
//
// NOSYMS: errors.c:7:9: error: 'clone_only' is not exported, and no symbol table was loaded to find its object: pass --kallsyms, --system-map or --kernel [klp-no-symbols]
