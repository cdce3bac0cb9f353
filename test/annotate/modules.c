struct klp_func { const char *old_name; void *new_func; unsigned long old_sympos; };
struct klp_object { const char *name; struct klp_func *funcs; };
struct static_key { int enabled; };
struct static_key_false { struct static_key key; };

/* The kernel's jump label shape: the key reaches __jump_table through asm goto. */
static inline __attribute__((always_inline)) int arch_static_branch(struct static_key *key, int branch)
{
	asm goto("" : : "r"(key), "i"(branch) : : l_yes);
	return 0;
l_yes:
	return 1;
}
#define static_branch_unlikely(x) arch_static_branch(&(x)->key, 0)

extern int mod_local(int);
extern int mod_exported(int);
extern int other_local(int);
extern struct static_key_false mod_key, vm_key;

static int patched_vmlinux(int x)
{
	if (static_branch_unlikely(&vm_key))
		x++;
	return x;
}

static int patched_fakemod(int x)
{
	if (static_branch_unlikely(&mod_key))
		x++;
	return mod_local(x) + mod_exported(x) + other_local(x);
}

static struct klp_func vfuncs[] = { { .old_name = "local_fn", .new_func = patched_vmlinux, }, { } };
static struct klp_func mfuncs[] = { { .old_name = "mod_local", .new_func = patched_fakemod, }, { } };
static struct klp_object objs[] = {
	{ .funcs = vfuncs, },
	{ .name = "fakemod", .funcs = mfuncs, },
	{ }
};

// Symbols of modules: a module's local, and a module's export (a normal
// reference would make the patch depend on the module's load order) go
// into KLP_MODULE_RELOC(<module>); a module the patch has no klp_object
// for is an error with the fix; a static branch on a module's key is
// refused (its __jump_table entry is read at load), one on a vmlinux key
// is fine.
//
// RUN: not klp-annotate --symvers %S/Inputs/symvers --kallsyms %S/Inputs/kallsyms %s 2>&1 | FileCheck %s
// RUN: cp %s %t.c && not klp-annotate --fix --symvers %S/Inputs/symvers --kallsyms %S/Inputs/kallsyms %t.c -- -I%klp-headers
// RUN: FileCheck --check-prefix=FIXED %s < %t.c
//
// CHECK: modules.c:23:6: warning: 'vm_key' is local to vmlinux: it needs KLP_SYMPOS(vm_key, 0) in KLP_MODULE_RELOC(vmlinux) [klp-unannotated]
// CHECK: modules.c:30:6: error: static branch on 'mod_key', a key in module fakemod: its jump table entry cannot be resolved [klp-module-static-key]
// CHECK: note: test it with static_key_enabled(&mod_key.key) instead
// CHECK: modules.c:32:9: warning: 'mod_local' is local to fakemod: it needs KLP_SYMPOS(mod_local, 0) in KLP_MODULE_RELOC(fakemod) [klp-unannotated]
// CHECK: modules.c:32:24: warning: 'mod_exported' is exported only by module fakemod: it needs KLP_SYMPOS(mod_exported, 0) in KLP_MODULE_RELOC(fakemod) [klp-unannotated]
// CHECK: modules.c:32:42: error: 'other_local' belongs to module othermod, but the patch has no klp_object for othermod: the reference would never be resolved [klp-missing-klp-object]
// CHECK: note: add { .name = "othermod", .funcs = ... } to the patch's klp_object array
//
// FIXED: KLP_MODULE_RELOC(vmlinux) klp_relocs_vmlinux[] = {
// FIXED-NEXT: KLP_SYMPOS(vm_key, 0),
// FIXED-NEXT: };
// FIXED: KLP_MODULE_RELOC(fakemod) klp_relocs_fakemod[] = {
// FIXED-NEXT: KLP_SYMPOS(mod_exported, 0),
// FIXED-NEXT: KLP_SYMPOS(mod_local, 0),
// FIXED-NEXT: };
// FIXED: KLP_MODULE_RELOC(othermod) klp_relocs_othermod[] = {
// FIXED-NEXT: KLP_SYMPOS(other_local, 0),
// FIXED-NEXT: };
