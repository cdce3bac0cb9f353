struct klp_func { const char *old_name; void *new_func; unsigned long old_sympos; };
struct klp_object { const char *name; struct klp_func *funcs; };

static int new_fn(int x)
{
	return x;
}

static struct klp_func funcs[] = {
	{ .old_name = "dup_fn", .new_func = new_fn, },
	{ .old_name = "dup_fn", .new_func = new_fn, .old_sympos = 5, },
	{ .old_name = "dup_fn", .new_func = new_fn, .old_sympos = 2, },
	{ .old_name = "no_such_fn", .new_func = new_fn, },
	{ .old_name = "clone_only", .new_func = new_fn, },
	{ .old_name = "local_fn", .new_func = new_fn, },
	{ }
};
static struct klp_object objs[] = { { .funcs = funcs, }, { } };

// The functions the patch replaces are looked up with the same count as
// the annotations: an old_name that is not unique needs its old_sympos,
// which must exist; an old_name the kernel does not have, or has only as a
// GCC clone, can never be patched.
//
// RUN: not klp-annotate --kallsyms %S/Inputs/kallsyms %s 2>&1 | FileCheck %s --implicit-check-not=error:
// CHECK: old-name.c:10:2: error: klp_func "dup_fn" has 3 candidates in vmlinux: set .old_sympos, or the kernel refuses the patch [klp-ambiguous-old-name]
// CHECK: note: candidate KLP_SYMPOS(dup_fn, 1) in vmlinux
// CHECK: note: candidate KLP_SYMPOS(dup_fn, 2) in vmlinux
// CHECK: note: candidate KLP_SYMPOS(dup_fn, 3) in vmlinux
// CHECK: old-name.c:11:2: error: klp_func "dup_fn" has .old_sympos = 5, but vmlinux has 3 of that name [klp-wrong-old-sympos]
// CHECK: old-name.c:13:2: error: klp_func.old_name "no_such_fn" is not in vmlinux [klp-unknown-old-name]
// CHECK: old-name.c:14:2: error: klp_func.old_name "clone_only" exists only as a GCC clone in vmlinux: patch its callers, or the clone by its full name [klp-gcc-clone]
