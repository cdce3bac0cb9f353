// SPDX-License-Identifier: GPL-2.0-only
/* Placeholder until klp-convert lands. */
#include <stdio.h>
int main(void)
{
	fputs("klp-convert: not built yet\n", stderr);
	return 2;
}
