#include "klp_reloc.h"

extern int dup_fn(int);

int patched(int x)
{
	return dup_fn(x);
}
