// SPDX-License-Identifier: GPL-2.0-only
#include <linux/kernel.h>

int zz_util(int x)
{
	return x + 2;
}
