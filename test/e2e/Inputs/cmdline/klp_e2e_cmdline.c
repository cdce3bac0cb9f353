// SPDX-License-Identifier: GPL-2.0
/*
 * Replaces fs/proc/cmdline.c's static cmdline_proc_show(). The copy calls
 * another static vmlinux function, fs/proc/version.c's
 * version_proc_show(), and reads an unexported global,
 * saved_command_line: neither can be linked against, so both need klp
 * relocations. The source carries no annotations: klp-annotate --fix
 * writes them from the booted kernel's symbols. Observable: /proc/cmdline
 * gains a marker line and the contents of /proc/version.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/seq_file.h>

/* static in fs/proc/version.c */
int version_proc_show(struct seq_file *m, void *v);

static int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "klp-e2e patched: %s\n", saved_command_line);
	return version_proc_show(m, v);
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
		/* name NULL: vmlinux */
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
