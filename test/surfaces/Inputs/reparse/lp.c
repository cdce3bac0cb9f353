/* A livepatch being edited: its leading #include lines are the preamble. */
#include "lp.h"

extern int local_fn(int);

int patched(int x)
{
	x += LP_EXTRA;
	return local_fn(x) + lp_get();
}
