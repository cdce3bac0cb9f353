// SPDX-License-Identifier: GPL-2.0
/*
 * Reads a local vmlinux symbol whose name is not unique: every ACPICA
 * file has its own static _acpi_module_name[] (the file's name), 107 of
 * them on Debian's 6.1. Only a position (sympos >= 1) says which one; the
 * kernel counts it in kallsyms order. The replacement of
 * cmdline_proc_show() prints the address the kernel resolved and the
 * string there, so the test can compare it with /proc/kallsyms.
 *
 * No annotation here: klp-annotate cannot tell the 107 apart from the
 * kernel's symbols alone, says so and lists the candidates; build.sh then
 * appends the block a developer would write, with the right position and
 * two wrong ones.
 */
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/seq_file.h>

extern const char _acpi_module_name[];

static int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%px %s\n", _acpi_module_name, _acpi_module_name);
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
