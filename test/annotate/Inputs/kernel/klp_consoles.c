// SPDX-License-Identifier: GPL-2.0-only
/*
 * A livepatch for /proc/cmdline and /proc/consoles, with code copied from
 * fs/proc: it reads an unexported variable (saved_command_line) and calls
 * c_next(), one of three static functions of that name in vmlinux.
 */
#include <linux/console.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/tty_driver.h>

extern char *saved_command_line;
extern void *c_next(struct seq_file *m, void *v, loff_t *pos);

static int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_puts(m, saved_command_line);
	seq_puts(m, " klp=1\n");
	return 0;
}

static int livepatch_show_console_dev(struct seq_file *m, void *v)
{
	struct console *con = v;
	loff_t pos = 0;

	seq_printf(m, "%s%d", con->name, con->index);
	if (c_next(m, v, &pos))
		seq_puts(m, " +");
	seq_putc(m, '\n');
	return 0;
}

static struct klp_func funcs[] = {
	{ .old_name = "cmdline_proc_show", .new_func = livepatch_cmdline_proc_show, },
	{ .old_name = "show_console_dev", .new_func = livepatch_show_console_dev, },
	{ }
};

static struct klp_object objs[] = {
	{ .funcs = funcs, },
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
