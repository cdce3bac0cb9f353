/* A copied function and what it needs: every byte outside the edits stays. */
#include "hdr.h"
#include <stddef.h>

extern int local_fn(int);   /* a comment after the declaration */
static int bar_static(int);
extern int local_var;

int patched(int x)
{
	local_var++;
	return local_fn(x) + bar_static(x) + used_inline();
}
/* no newline at the end of the file */
int tail;
int tail2;