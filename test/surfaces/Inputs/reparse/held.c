/* Below the preamble, so read on every parse: held.h is a FIFO the client feeds. */
#include "lp.h"

extern int local_fn(int);
#include "held.h"

int patched(int x)
{
	return local_fn(x);
}
