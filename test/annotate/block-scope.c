int patched(int x)
{
	extern int local_var;
	extern int local_fn(int);

	return local_fn(x) + local_var;
}

extern int local_fn(int);

// Declarations inside a function: the file-scope annotation block cannot
// name them. One declared again at file scope is fine (the block goes
// after that declaration); the other is an error that says what to do,
// and --fix does not write an entry that would not compile.
//
// RUN: not klp-annotate --kallsyms %S/Inputs/kallsyms %s 2>&1 | FileCheck %s
// RUN: cp %s %t.c && not klp-annotate --fix --kallsyms %S/Inputs/kallsyms %t.c
// RUN: %cc -fsyntax-only -Wall -Werror -I%klp-headers %t.c
// RUN: FileCheck --check-prefix=FIXED %s < %t.c
// CHECK: block-scope.c:6:9: warning: 'local_fn' is local to vmlinux: it needs KLP_SYMPOS(local_fn, 0) in KLP_MODULE_RELOC(vmlinux) [klp-unannotated]
// CHECK: fix-it:"{{.*}}block-scope.c":{10:1-10:1}:"\nKLP_MODULE_RELOC(vmlinux) klp_relocs_vmlinux[] = {\n\tKLP_SYMPOS(local_fn, 0),\n};\n"
// CHECK: block-scope.c:6:23: error: 'local_var' needs KLP_SYMPOS(local_var, 0) in KLP_MODULE_RELOC(vmlinux), but has no file-scope declaration for it to use: declare it at file scope [klp-undeclared]
// FIXED: {{^}}extern int local_fn(int);
// FIXED-EMPTY:
// FIXED-NEXT: {{^}}KLP_MODULE_RELOC(vmlinux) klp_relocs_vmlinux[] = {
// FIXED-NEXT: {{^}}{{[[:space:]]}}KLP_SYMPOS(local_fn, 0),
// FIXED-NEXT: {{^}}};
