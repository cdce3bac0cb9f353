// SPDX-License-Identifier: GPL-2.0-only
/* A patch that takes the address of two static vmlinux functions, and calls one directly. */
#include <linux/module.h>
#include <linux/kernel_stat.h>
#include <linux/notifier.h>

extern u64 get_iowait_time(struct kernel_cpustat *kcs, int cpu);
extern int notifier_call_chain(struct notifier_block **nl, unsigned long val, void *v,
			       int nr_to_call, int *nr_calls);

void *klp_addrs[2];

void takes(void)
{
	klp_addrs[0] = get_iowait_time;
	klp_addrs[1] = &notifier_call_chain;
}

u64 calls(void)
{
	return get_iowait_time(NULL, 0);
}
