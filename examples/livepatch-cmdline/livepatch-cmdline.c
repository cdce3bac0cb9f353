// SPDX-License-Identifier: GPL-2.0-only
/*
 * livepatch-cmdline - the kernel's livepatch sample, made to need
 * klp-convert: the replacement /proc/cmdline reads two vmlinux variables
 * that no module may link against (neither is exported), so it names them
 * in a KLP_MODULE_RELOC(vmlinux) block and klp-convert turns them into
 * livepatch relocations that the kernel resolves when the patch loads.
 *
 *	$ cat /proc/cmdline
 *	console=ttyS0 klp-tools: livepatched (123 threads)
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/sched/stat.h>
#include <linux/seq_file.h>

#include "klp_reloc.h"

/* Both are declared by the headers above, and both are unexported. */
KLP_MODULE_RELOC(vmlinux) klp_relocs_vmlinux[] = {
	KLP_SYMPOS(saved_command_line, 0),
	KLP_SYMPOS(nr_threads, 0),
};

static int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s klp-tools: livepatched (%d threads)\n",
		   saved_command_line, nr_threads);
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
		/* name being NULL means vmlinux */
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
MODULE_DESCRIPTION("klp-tools example: /proc/cmdline through unexported symbols");
MODULE_INFO(livepatch, "Y");
