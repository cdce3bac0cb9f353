// SPDX-License-Identifier: GPL-2.0-only
/* Another unit with a static function of the same name as demo.c's. */
#include <linux/kernel.h>

static int other_state;

static noinline int helper(int x)
{
	return x - other_state;
}

int other_entry(int x)
{
	other_state++;
	return helper(x) + 5;
}
