// SPDX-License-Identifier: GPL-2.0
/*
 * Copied code that tests a static key with static_branch_unlikely(): a
 * jump label. The key is referenced only from the __jump_table entry the
 * branch emits.
 *
 * By default the key is vmlinux's unexported delayacct_key, which
 * /proc/sys/kernel/task_delayacct switches at run time: the klp relocation
 * in .klp.rela.vmlinux.__jump_table is applied at load, so the kernel can
 * find and patch our branch when the key flips. Observable through
 * /proc/cmdline.
 *
 * With -DKLP_E2E_MODULE_KEY the key is nf_tables' nft_trace_enabled
 * instead: a klp relocation to a module symbol in __jump_table, which the
 * kernel would apply too late (jump labels are set up when the livepatch
 * module loads). klp-annotate must refuse to annotate it, and klp-convert
 * must refuse it when annotated by hand (Inputs/static-key/modkey-block.h).
 */
#include <linux/jump_label.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/delayacct.h>	/* needs linux/sched.h first */

#ifdef KLP_E2E_MODULE_KEY
extern struct static_key_false nft_trace_enabled;
#define KEY nft_trace_enabled
#else
#define KEY delayacct_key
#endif

static int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	if (static_branch_unlikely(&KEY))
		seq_puts(m, "klp-e2e key on\n");
	else
		seq_puts(m, "klp-e2e key off\n");
	return 0;
}

static struct klp_func funcs[] = {
	{
		.old_name = "cmdline_proc_show",
		.new_func = livepatch_cmdline_proc_show,
	},
	{ }
};

static struct klp_object objs[] = {
	{
		.funcs = funcs,
	},
	{ }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int livepatch_init(void)
{
	return klp_enable_patch(&patch);
}

static void livepatch_exit(void)
{
}

module_init(livepatch_init);
module_exit(livepatch_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
