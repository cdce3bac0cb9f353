#include "hdr.h"

extern int local_fn(int);
static const char *modname = KBUILD_MODNAME;

int patched(int x)
{
	return local_fn(x) + (modname != 0);
}
