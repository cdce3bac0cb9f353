// SPDX-License-Identifier: GPL-2.0-only
static int part_calls;

noinline int part_work(int x)
{
	part_calls++;
	return x * 7;
}

/* An #include inside an initialiser, as kernel/sched/debug.c has one. */
static const char *const part_names[] = {
#include "part_names.h"
};

const char *part_name(int x)
{
	return part_names[x & 1];
}
