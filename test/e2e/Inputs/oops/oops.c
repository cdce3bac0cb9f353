// SPDX-License-Identifier: GPL-2.0
/* A module whose init oopses: proves a crash ends the guest at once. */
#include <linux/module.h>

static int __init oops_init(void)
{
	volatile int *p = NULL;

	pr_info("klp-oops: about to fault\n");
	return *p;
}

module_init(oops_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("oopses on load, for the guest harness test");
