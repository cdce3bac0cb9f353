// SPDX-License-Identifier: GPL-2.0-only
/* The second unit of a two-unit livepatch: it reads saved_command_line. */
#include <linux/seq_file.h>

extern char *saved_command_line;

void lp_show_cmdline(struct seq_file *m)
{
	seq_puts(m, saved_command_line);
}
