/* Idioms of the kernel's headers that leave no reference in gcc's object. */
#define __compiletime_error(msg) __attribute__((__error__(msg)))
#define __compiletime_warning(msg) __attribute__((__warning__(msg)))
#define __weak __attribute__((__weak__))
#define __RENAME(x) __asm__(#x)

extern void __bad_size_call_parameter(void);
extern void __xchg_wrong_size(void) __compiletime_error("Bad argument size for xchg");
extern void __write_overflow_field(void) __compiletime_warning("detected write beyond size of field");
extern unsigned long __real_strnlen(const char *, unsigned long) __RENAME(strnlen);
extern int __real_local(int) __RENAME(local_impl);
extern void absent_weak(void) __weak;
extern void present_weak(void) __weak;
extern void typo_helper(void);
extern void __SCT__tp_func_own(void);

/* The unit's own static call trampoline, as DEFINE_STATIC_CALL writes it. */
asm(".pushsection .static_call.text, \"ax\"\n"
    ".globl __SCT__tp_func_own\n"
    "__SCT__tp_func_own:\n"
    "	ret\n"
    ".popsection\n"
    ".set own_alias, __SCT__tp_func_own\n");
extern void own_alias(void);

#define size_call(x)                                    \
	({                                              \
		long r__ = 0;                           \
		switch (sizeof(x)) {                    \
		case 1: case 2: r__ = 1; break;         \
		case 4: r__ = 4; break;                 \
		case 8: r__ = (long)(x); break;         \
		default: __bad_size_call_parameter();   \
			 break;                         \
		}                                       \
		r__;                                    \
	})
#define checked(x) ({ if (sizeof(x) > 8) __write_overflow_field(); (x); })
#define from_macro() __bad_size_call_parameter()

/* Only gcc's inlining proves these calls dead. */
static inline void xchg_check(int size)
{
	if (size != 8)
		__xchg_wrong_size();
}

static inline void want8(int size)
{
	if (size != 8)
		from_macro();
}

long patched(const char *p, long v, int n)
{
	long r = size_call(v);

	xchg_check(sizeof(v));
	want8(sizeof(v));
	r += __real_strnlen(p, 8) + __real_local(n);
	if (absent_weak)
		absent_weak();
	present_weak();
	__SCT__tp_func_own();
	own_alias();
	r += checked(n);
	if (n > 1000)
		__write_overflow_field();
	if (n == 4)
		typo_helper();
	return r;
}

// A switch on a constant runs only its matching case; a function declared
// __attribute__((error)) is never a reference (gcc refuses a call it
// keeps); an asm label is the object's name, exported or not; an absent
// weak declaration resolves to NULL; the unit's own asm defines the
// trampoline and its .set alias. What stays undecided is a warning when a macro or an
// inline makes the call, an error when the source spells it.
//
// RUN: not klp-annotate --refs --symvers %S/Inputs/compile-time.symvers --kallsyms %S/Inputs/compile-time.kallsyms %s -- -I%klp-headers > %t.refs 2> %t.err
// RUN: FileCheck --check-prefix=REFS %s < %t.refs
// RUN: FileCheck --check-prefix=DIAG %s < %t.err
//
// REFS: compile-time.c:51:3{{[[:space:]]}}__bad_size_call_parameter{{[[:space:]]}}warning{{[[:space:]]}}-{{[[:space:]]}}-{{[[:space:]]}}klp-unknown-symbol
// REFS-NEXT: compile-time.c:60:7{{[[:space:]]}}strnlen{{[[:space:]]}}exported{{[[:space:]]}}-{{[[:space:]]}}-{{[[:space:]]}}-
// REFS-NEXT: compile-time.c:60:30{{[[:space:]]}}local_impl{{[[:space:]]}}sympos{{[[:space:]]}}vmlinux{{[[:space:]]}}0{{[[:space:]]}}klp-unannotated
// REFS-NEXT: compile-time.c:61:6{{[[:space:]]}}absent_weak{{[[:space:]]}}weak{{[[:space:]]}}-{{[[:space:]]}}-{{[[:space:]]}}-
// REFS-NEXT: compile-time.c:63:2{{[[:space:]]}}present_weak{{[[:space:]]}}sympos{{[[:space:]]}}vmlinux{{[[:space:]]}}0{{[[:space:]]}}klp-unannotated
// REFS-NEXT: compile-time.c:68:3{{[[:space:]]}}__write_overflow_field{{[[:space:]]}}warning{{[[:space:]]}}-{{[[:space:]]}}-{{[[:space:]]}}klp-unknown-symbol
// REFS-NEXT: compile-time.c:70:3{{[[:space:]]}}typo_helper{{[[:space:]]}}error{{[[:space:]]}}-{{[[:space:]]}}-{{[[:space:]]}}klp-unknown-symbol
// REFS-NOT: {{.}}
//
// DIAG: compile-time.c:51:3: warning: '__bad_size_call_parameter' is not in the target kernel's symbols; it comes from a macro{{.*}}[klp-unknown-symbol]
// DIAG: compile-time.c:60:30: warning: '__real_local' is local to vmlinux: it needs KLP_SYMPOS(__real_local, 0) in KLP_MODULE_RELOC(vmlinux) [klp-unannotated]
// DIAG: note: an asm label names it local_impl in the object
// DIAG: compile-time.c:68:3: warning: '__write_overflow_field' is not in the target kernel's symbols; it is declared __attribute__((warning)), a compile-time check the optimiser is meant to remove{{.*}}[klp-unknown-symbol]
// DIAG: compile-time.c:70:3: error: 'typo_helper' is not in the target kernel's symbols{{.*}}[klp-unknown-symbol]
//
// With gcc's object, it decides: the inlined check is gone, the two
// calls it kept are errors (modpost would find them undefined).
// RUN: %kcc -w -o %t.o %s
// RUN: not klp-annotate --refs --object %t.o --symvers %S/Inputs/compile-time.symvers --kallsyms %S/Inputs/compile-time.kallsyms %s -- -I%klp-headers 2>/dev/null | FileCheck --check-prefix=OBJ %s
// OBJ: __bad_size_call_parameter{{[[:space:]]}}optimised-away
// OBJ: __write_overflow_field{{[[:space:]]}}error
// OBJ: typo_helper{{[[:space:]]}}error
//
// The entry names the C declaration; klp-convert sees the label.
// RUN: cp %s %t.c && not klp-annotate --fix --symvers %S/Inputs/compile-time.symvers --kallsyms %S/Inputs/compile-time.kallsyms %t.c -- -I%klp-headers 2>/dev/null
// RUN: FileCheck --check-prefix=FIX %s < %t.c
// FIX: KLP_MODULE_RELOC(vmlinux) klp_relocs_vmlinux[] = {
// FIX-NEXT: KLP_SYMPOS(__real_local, 0),
// FIX-NEXT: KLP_SYMPOS(present_weak, 0),
// FIX-NEXT: };
