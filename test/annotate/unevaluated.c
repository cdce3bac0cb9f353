#include "hdr.h"

extern int in_sizeof, in_typeof, in_cast_typeof, in_dead_if, in_dead_else, in_dead_and;
extern int in_dead_cond, in_generic_ctl, in_same_type, in_alignof;
extern void wrong_branch_error(void);
extern int live_if, live_cond, live_or;

#define IS_ENABLED_OFF 0
#define __same_type(a, b) __builtin_types_compatible_p(typeof(a), typeof(b))

int patched(int x)
{
	typeof(in_typeof) y = sizeof(in_sizeof) + _Alignof(in_alignof);

	if (IS_ENABLED_OFF)
		in_dead_if++;
	if (!IS_ENABLED_OFF)
		y++;
	else
		in_dead_else++;
	if (__same_type(x, int))
		y++;
	else
		wrong_branch_error();
	if (IS_ENABLED_OFF && in_dead_and)
		y++;
	if (live_if || live_or)
		y++;
	y += IS_ENABLED_OFF ? in_dead_cond : live_cond;
	y += (typeof(in_cast_typeof))x;
	y += _Generic(in_generic_ctl, int: 1, default: 2);
	y += __same_type(in_same_type, int);
	return y;
}

// Only evaluated code counts: sizeof, _Alignof, typeof (in declarations
// and casts), _Generic's controlling expression, __builtin_types_compatible_p,
// branches a constant condition rules out, and the right side of a
// constant-false &&, emit no relocation. Header inlines that are never
// called do not count either.
//
// RUN: not klp-annotate --kallsyms %S/Inputs/kallsyms %s -- -I%S/Inputs 2>&1 | FileCheck %s --implicit-check-not="'in_" --implicit-check-not="'wrong_branch" --implicit-check-not="'unused_by_inline"
// CHECK: unevaluated.c:27:6: error: 'live_if' is not in the target kernel's symbols
// CHECK: unevaluated.c:27:17: error: 'live_or' is not in the target kernel's symbols
// CHECK: unevaluated.c:29:39: error: 'live_cond' is not in the target kernel's symbols
