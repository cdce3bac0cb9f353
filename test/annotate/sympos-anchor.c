struct klp_func { const char *old_name; void *new_func; unsigned long old_sympos; };
struct klp_object { const char *name; struct klp_func *funcs; };

extern int dup_fn(int);
extern int dup_var;
#ifdef ANCHOR
extern int ANCHOR(int);
#endif
#ifdef ANCHOR2
extern int ANCHOR2(int);
#endif
#ifdef VAR_ANCHOR
extern int VAR_ANCHOR;
#endif

static int patched(int x)
{
#ifdef ANCHOR
	x += ANCHOR(x);
#endif
#ifdef ANCHOR2
	x += ANCHOR2(x);
#endif
#ifdef VAR_ANCHOR
	x += VAR_ANCHOR + dup_var;
#endif
	return dup_fn(x);
}

static struct klp_func funcs[] = {
#ifdef REPLACED
	{ .old_name = REPLACED, .new_func = patched, },
#endif
	{ }
};
static struct klp_object objs[] = { { .funcs = funcs, }, { } };

// Three functions named dup_fn in vmlinux, two variables named dup_var.
// Anchors at the same distance from two candidates, or only of another
// section kind (data for a function), decide nothing.
// With no file information, the right one is the one next to an anchor:
// a unique local symbol the copied code also uses, or the function the
// patch replaces (klp_func.old_name); on kallsyms with addresses (bytes)
// and on a non-root read where every address is zero (kallsyms order),
// and on a bare System.map.
//
// RUN: sed 's/^[0-9a-f]*/0000000000000000/' %S/Inputs/kallsyms > %t.nonroot
// RUN: not klp-annotate --kallsyms %S/Inputs/kallsyms %s -- -DANCHOR=anchor_a 2>&1 | FileCheck --check-prefix=POS1 %s
// RUN: not klp-annotate --kallsyms %t.nonroot %s -- -DANCHOR=anchor_a 2>&1 | FileCheck --check-prefix=POS1-ORDER %s
// RUN: not klp-annotate --kallsyms %S/Inputs/kallsyms %s -- -DREPLACED='"replaced_a"' 2>&1 | FileCheck --check-prefix=POS1-FUNC %s
// RUN: not klp-annotate --kallsyms %S/Inputs/kallsyms %s -- -DANCHOR=near_b 2>&1 | FileCheck --check-prefix=POS2 %s
// RUN: not klp-annotate --kallsyms %t.nonroot %s -- -DANCHOR=near_b 2>&1 | FileCheck --check-prefix=POS2 %s
// RUN: not klp-annotate --kallsyms %S/Inputs/kallsyms %s -- -DANCHOR=near_c 2>&1 | FileCheck --check-prefix=POS3 %s
// RUN: not klp-annotate --kallsyms %S/Inputs/kallsyms %s -- -DANCHOR=near_b -DANCHOR2=near_c 2>&1 | FileCheck --check-prefix=TIE %s
// RUN: not klp-annotate --kallsyms %S/Inputs/kallsyms %s -- -DVAR_ANCHOR=local_var 2>&1 | FileCheck --check-prefix=KIND %s
// RUN: grep -v '\[' %S/Inputs/kallsyms > %t.System.map
// RUN: not klp-annotate --system-map %t.System.map %s -- -DANCHOR=near_c 2>&1 | FileCheck --check-prefix=POS3 %s
// RUN: not klp-annotate --kallsyms %S/Inputs/kallsyms %s -- -DVAR_ANCHOR=var_anchor_b -DANCHOR=near_c 2>&1 | FileCheck --check-prefix=VAR %s
//
// POS1: warning: 'dup_fn' is local to vmlinux: it needs KLP_SYMPOS(dup_fn, 1) in KLP_MODULE_RELOC(vmlinux) [klp-unannotated]
// POS1: note: position 1 chosen by anchor anchor_a (unique local), 128 bytes away; the next candidate is 1048448 away
// POS1-ORDER: note: position 1 chosen by anchor anchor_a (unique local), 1 symbols away; the next candidate is 6 away
// POS1-FUNC: note: position 1 chosen by anchor replaced_a (replaced by the patch), 256 bytes away; the next candidate is 1048320 away
// TIE: error: 'dup_fn' has 3 candidates and nothing tells them apart [klp-ambiguous-sympos]
// TIE: note: the anchors do not separate the candidates clearly;
// KIND: error: 'dup_fn' has 3 candidates and nothing tells them apart [klp-ambiguous-sympos]
// KIND: note: no anchor (a replaced function or a unique local symbol) in the same object and section kind;
// POS2: KLP_SYMPOS(dup_fn, 2)
// POS2: note: position 2 chosen by anchor near_b (unique local)
// POS3: KLP_SYMPOS(dup_fn, 3)
// POS3: note: position 3 chosen by anchor near_c (unique local)
// VAR: 'dup_var' {{.*}} KLP_SYMPOS(dup_var, 2)
// VAR-NEXT: dup_var
// VAR-NEXT: ^
// VAR-NEXT: note: position 2 chosen by anchor var_anchor_b (unique local), 256 bytes away
// VAR: 'dup_fn' {{.*}} KLP_SYMPOS(dup_fn, 3)
