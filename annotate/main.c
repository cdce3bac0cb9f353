// SPDX-License-Identifier: GPL-2.0-only
/* Placeholder until klp-annotate lands. */
#include <stdio.h>
int main(void)
{
	fputs("klp-annotate: not built yet\n", stderr);
	return 2;
}
