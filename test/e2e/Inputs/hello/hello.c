// SPDX-License-Identifier: GPL-2.0
/* The smallest module: proves the cached headers build modules. */
#include <linux/module.h>

static int __init hello_init(void)
{
	pr_info("klp-hello: loaded\n");
	return 0;
}

static void __exit hello_exit(void)
{
}

module_init(hello_init);
module_exit(hello_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kbuild smoke test");
