// SPDX-License-Identifier: GPL-2.0
/*
 * livepatch_demo - the example scripts/demo builds: a replacement for
 * fs/proc/cmdline.c's cmdline_proc_show() whose copied code needs kernel
 * symbols no module can link against:
 *
 *	saved_command_line	unexported global (init/main.c)
 *	nr_threads		unexported global (kernel/fork.c)
 *	total_forks		unexported global (kernel/fork.c)
 *	version_proc_show	static function (fs/proc/version.c)
 *
 * There are no annotations in this file on purpose: klp-annotate --fix
 * writes the KLP_MODULE_RELOC block from the target kernel's symbols, and
 * klp-convert turns the module into the kernel's livepatch format.
 *
 *	$ cat /proc/cmdline
 *	console=ttyS0 quiet
 *	livepatched: 42 threads, 117 forks since boot, running Linux version 6.1.0-...
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/sched/stat.h>
#include <linux/seq_file.h>

/* static in fs/proc/version.c: prints the /proc/version line */
int version_proc_show(struct seq_file *m, void *v);

static int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", saved_command_line);
	seq_printf(m, "livepatched: %d threads, %lu forks since boot, running ",
		   nr_threads, total_forks);
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

static int livepatch_demo_init(void)
{
	return klp_enable_patch(&patch);
}

static void livepatch_demo_exit(void)
{
}

module_init(livepatch_demo_init);
module_exit(livepatch_demo_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("klp-tools demo: /proc/cmdline through unexported symbols");
MODULE_INFO(livepatch, "Y");
