// SPDX-License-Identifier: GPL-2.0-only
/*
 * A livepatch whose replacement takes a static branch on an unexported
 * vmlinux key, sched_schedstats: the key is referenced only from
 * __jump_table, so its relocation must become .klp.rela.vmlinux.__jump_table
 * for the kernel to resolve it when the module loads, before it patches
 * the module's jump labels.
 */
#include <linux/init.h>
#include <linux/jump_label.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/seq_file.h>

#include "klp_reloc.h"

DECLARE_STATIC_KEY_FALSE(sched_schedstats);

KLP_MODULE_RELOC(vmlinux) klp_relocs_vmlinux[] = {
	KLP_SYMPOS(saved_command_line, 0),
	KLP_SYMPOS(sched_schedstats, 0),
};

static int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	if (static_branch_unlikely(&sched_schedstats))
		seq_printf(m, "%s schedstats-branch=on\n", saved_command_line);
	else
		seq_printf(m, "%s schedstats-branch=off\n", saved_command_line);
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
