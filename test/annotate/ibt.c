#include <generated/autoconf.h>

extern int local_fn(int);
extern int exported_fn(void);
extern int a_helper1(void (*cb)(int), unsigned long n);
extern int optimized_out(const char *fmt, ...);
extern void macro_target(void);

#define TAKE_TARGET() ((void *)macro_target)

int (*const fn_table[])(int) = { local_fn };
static int (*hook)(int);
static int (*helper)(void (*)(int), unsigned long);
static void *saved[3];

int patched(int x)
{
	hook = &local_fn;
	helper = a_helper1;
	saved[0] = (void *)exported_fn;
	saved[1] = (void *)optimized_out;
	saved[2] = TAKE_TARGET();
	return local_fn(x) + hook(x) + helper(0, 1) + exported_fn();
}

// With IBT (the unit's autoconf.h says CONFIG_X86_KERNEL_IBT), every
// address the patch takes of a kernel function it reaches through a klp
// relocation is reported, once per function, at its first use; the
// fix-it adds a wrapper that calls the function directly and points each
// use the author spelled at it. Direct calls (local_fn(x)) and exported
// functions (exported_fn) are never reported; neither is the address
// KLP_SYMPOS itself takes once the block exists.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: not klp-annotate --symvers %S/Inputs/symvers --kallsyms %S/Inputs/kallsyms %s -- -I%klp-headers -I%S/Inputs/ibt/on 2> %t/diag
// RUN: FileCheck %s --check-prefix=IBT < %t/diag
// IBT:      ibt.c:11:34: warning: the address of 'local_fn' is taken, but the kernel is built with IBT: unless vmlinux takes its address too, it has no ENDBR64 (the compiler left it out, or the kernel sealed it at boot) and an indirect call faults (Missing ENDBR); call it from a wrapper in the module and take the wrapper's address [klp-ibt-address]
// IBT:      note: a direct call through the klp relocation is fine: klp_ibt_local_fn(...) calls local_fn directly
// IBT:      fix-it:"{{.*}}ibt.c":{11:1-11:1}:"/* IBT: local_fn() may have no ENDBR64 in the kernel; an indirect call lands here instead. */\nstatic int klp_ibt_local_fn(int a0)\n{\n\treturn local_fn(a0);\n}\n\n"
// IBT-NEXT: fix-it:"{{.*}}ibt.c":{11:34-11:42}:"klp_ibt_local_fn"
// IBT-NEXT: fix-it:"{{.*}}ibt.c":{18:10-18:18}:"klp_ibt_local_fn"
// IBT:      ibt.c:19:11: warning: the address of 'a_helper1' is taken{{.*}}[klp-ibt-address]
// IBT:      fix-it:"{{.*}}ibt.c":{16:1-16:1}:"/* IBT: a_helper1() may have no ENDBR64 in the kernel; an indirect call lands here instead. */\nstatic int klp_ibt_a_helper1(__typeof__(void (*)(int)) a0, unsigned long a1)\n{\n\treturn a_helper1(a0, a1);\n}\n\n"
// IBT-NEXT: fix-it:"{{.*}}ibt.c":{19:11-19:20}:"klp_ibt_a_helper1"
// IBT:      ibt.c:21:21: warning: the address of 'optimized_out' is taken{{.*}}[klp-ibt-address]
// IBT-NOT:  note: a direct call
// IBT:      note: 'optimized_out' takes variable arguments: no wrapper can forward them; write one for the arguments the patch passes
// IBT-NOT:  fix-it:{{.*}}klp_ibt_optimized_out
// IBT:      ibt.c:22:13: warning: the address of 'macro_target' is taken{{.*}}[klp-ibt-address]
// IBT:      note: 1 use of its address comes from a macro's body or a header: the fix-it cannot reach it
// IBT-NOT:  exported_fn'
//
// --fix applies it; the result compiles, and a second run changes
// nothing (the wrappers are the module's own, called directly). Only the
// macro's and the variadic function's warnings remain.
// RUN: cp %s %t/ibt.c
// RUN: klp-annotate --fix --symvers %S/Inputs/symvers --kallsyms %S/Inputs/kallsyms %t/ibt.c -- -I%klp-headers -I%S/Inputs/ibt/on 2>/dev/null
// RUN: FileCheck %s --check-prefix=FIXED < %t/ibt.c
// FIXED:      static int klp_ibt_local_fn(int a0)
// FIXED:      int (*const fn_table[])(int) = { klp_ibt_local_fn };
// FIXED:      static int klp_ibt_a_helper1(__typeof__(void (*)(int)) a0, unsigned long a1)
// FIXED-NEXT: {
// FIXED-NEXT: 	return a_helper1(a0, a1);
// FIXED-NEXT: }
// FIXED:      	hook = &klp_ibt_local_fn;
// FIXED-NEXT: 	helper = klp_ibt_a_helper1;
// FIXED-NEXT: 	saved[0] = (void *)exported_fn;
// FIXED-NEXT: 	saved[1] = (void *)optimized_out;
// RUN: %kcc -I%S/Inputs/ibt/on -o %t/ibt.o %t/ibt.c
// RUN: cp %t/ibt.c %t/once.c
// RUN: klp-annotate --fix --symvers %S/Inputs/symvers --kallsyms %S/Inputs/kallsyms %t/ibt.c -- -I%klp-headers -I%S/Inputs/ibt/on
// RUN: cmp %t/once.c %t/ibt.c
// RUN: not klp-annotate --symvers %S/Inputs/symvers --kallsyms %S/Inputs/kallsyms %t/ibt.c -- -I%klp-headers -I%S/Inputs/ibt/on 2> %t/again
// RUN: FileCheck %s --check-prefix=AGAIN < %t/again
// AGAIN-NOT:  'local_fn'
// AGAIN-NOT:  'a_helper1'
// AGAIN:      warning: the address of 'optimized_out' is taken
// AGAIN:      warning: the address of 'macro_target' is taken
//
// Without IBT nothing is said about addresses.
// RUN: not klp-annotate --symvers %S/Inputs/symvers --kallsyms %S/Inputs/kallsyms %s -- -I%klp-headers -I%S/Inputs/ibt/off 2>&1 | FileCheck %s --check-prefix=OFF
// OFF-NOT: klp-ibt-address
// OFF:     warning: 'local_fn' is local to vmlinux
// OFF-NOT: klp-ibt-address
