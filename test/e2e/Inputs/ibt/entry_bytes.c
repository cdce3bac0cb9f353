// SPDX-License-Identifier: GPL-2.0
/*
 * entry_bytes - print the first bytes of kernel functions as the running
 * kernel has them, after its boot-time patching (IBT sealing of ENDBR64,
 * ftrace's NOPs over the __fentry__ calls).
 *
 *	insmod entry_bytes.ko addr=0xADDR[,0xADDR...]
 *
 * The addresses come from /proc/kallsyms (read as root: real values).
 * One line per address, then init succeeds and the module can go:
 *
 *	entry_bytes: <addr> <symbol>: <8 bytes> (-16: <symbol+off/size>)
 *
 * "-16" names what kallsyms has 16 bytes before the function: on a
 * kernel with call padding, its __pfx_ symbol.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/uaccess.h>

#define NBYTES 8

static unsigned long addr[16];
static int naddr;
module_param_array(addr, ulong, &naddr, 0);
MODULE_PARM_DESC(addr, "kernel addresses to read (e.g. from /proc/kallsyms)");

static int __init entry_bytes_init(void)
{
	u8 buf[NBYTES];
	int i;

	if (!naddr) {
		pr_err("entry_bytes: no addr= given\n");
		return -EINVAL;
	}
	for (i = 0; i < naddr; i++) {
		void *p = (void *)addr[i];

		if (copy_from_kernel_nofault(buf, p, sizeof(buf))) {
			pr_info("entry_bytes: %px unreadable\n", p);
			continue;
		}
		pr_info("entry_bytes: %px %ps: %*ph (-16: %pS)\n",
			p, p, NBYTES, buf, p - 16);
	}
	return 0;
}

static void __exit entry_bytes_exit(void)
{
}

module_init(entry_bytes_init);
module_exit(entry_bytes_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("print the entry bytes of kernel functions");
