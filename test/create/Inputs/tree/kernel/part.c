// SPDX-License-Identifier: GPL-2.0-only
static int part_calls;

noinline int part_work(int x)
{
	part_calls++;
	return x * 7;
}
