/* What gcc's optimiser removes, and clang's constant evaluation alone does not. */
#include <stdbool.h>

extern void live_a(void), live_b(void), live_udelay(unsigned long), live_field(void);
extern void live_case1(void), live_case2(void), live_default(void);
extern void dead_stub(void), dead_and(void), dead_after_return(void), dead_after_break(void);
extern void dead_bcp_global(void), dead_bcp_field(void), dead_not(void);
extern unsigned long delay_param;

#define IS_ENABLED_OFF 0
#define unlikely(x) __builtin_expect(!!(x), 0)

struct port {
	unsigned long frame_time;
};

/* A config stub, and a feature test behind a config option that is off. */
static inline bool feature_stub(void)
{
	return false;
}

static inline bool feature_on(void)
{
	return IS_ENABLED_OFF && unlikely(({ live_a(); 1; }));
}

#define delay(n) ({ if (__builtin_constant_p(n)) dead_bcp_global(); else live_udelay(n); })
#define field_delay(n) ({ if (__builtin_constant_p(n)) dead_bcp_field(); else live_field(); })

static int pick(void)
{
	if (1 || feature_stub())
		return 1;
	dead_after_return();
	return 0;
}

int patched(struct port *p)
{
	if (feature_stub())
		dead_stub();
	if (feature_on())
		dead_and();
	if (!!feature_stub())
		dead_not();
	do {
		if (__builtin_types_compatible_p(int, int)) {
			live_b();
			break;
		}
		dead_after_break();
	} while (0);
	switch (p->frame_time) {	/* after a break, the next case is a way in */
	case 1:
		live_case1();
		break;
	case 2:
		live_case2();
		break;
	default:
		live_default();
	}
	delay(delay_param);
	field_delay(p->frame_time);
	return pick();
}

// The references are exactly the undefined symbols of gcc's object.
//
// RUN: %kcc -o %t.o %s
// RUN: nm -u %t.o | awk '{ print $2 }' | sort > %t.gcc
// RUN: klp-annotate --refs --kallsyms %S/Inputs/fold.kallsyms %s -- -I%klp-headers 2>/dev/null > %t.refs || true
// RUN: cut -f2 %t.refs | sort | diff %t.gcc -
// RUN: FileCheck %s < %t.refs --implicit-check-not=dead_
// CHECK-DAG: live_b
// CHECK-DAG: live_udelay
// CHECK-DAG: live_field
// CHECK-DAG: delay_param
// CHECK-DAG: live_case2
// CHECK-DAG: live_default
