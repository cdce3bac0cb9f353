/* A copied function and what it needs, with non-ASCII text around it. */
#include "hdr.h"

extern int local_var;

int patched(int x)
{
	/* café 😀 */ local_var++;
	return x;
}
