// SPDX-License-Identifier: GPL-2.0-only
#include <linux/kernel.h>

static int zz_opened;

static noinline int zz_open(int flags)
{
	zz_opened++;
	return flags & 1;
}

int zz_ioctl(int cmd)
{
	return zz_open(cmd) + 10;
}
