// SPDX-License-Identifier: GPL-2.0-only
/* Not configured in this kernel (CONFIG_ABSENT). */
int absent_fn(int x)
{
	return x;
}
