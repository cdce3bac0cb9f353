// SPDX-License-Identifier: GPL-2.0-only
/*
 * livepatch-demo - a livepatch source shaped like a kernel module's, but
 * self-contained, so that it builds anywhere with the kernel's code-model
 * flags:
 *
 *   gcc -c -O2 -mcmodel=kernel -fno-pic -ffunction-sections -fdata-sections
 *
 * The replacement functions reach symbols a module cannot link against:
 * static or unexported ones in vmlinux, and one in the ext4 module. The
 * KLP_MODULE_RELOC blocks say where each lives; klp-convert does the rest.
 * (examples/livepatch-cmdline is the same idea against real kernel headers;
 * test/convert/example-demo.test keeps this one converting.)
 */
#include "klp_reloc.h"

/* What <linux/module.h> would give. */
#define MODULE_INFO(tag, info)                                             \
	static const char __modinfo_##tag[]                                \
	__attribute__((section(".modinfo"), used, aligned(1))) = #tag "=" info
MODULE_INFO(license, "GPL");
MODULE_INFO(livepatch, "Y");

struct seq_file;
struct super_block;

extern int seq_printf(struct seq_file *m, const char *fmt, ...);	/* exported */
extern char *saved_command_line;		/* vmlinux, not exported */
extern int nr_threads;				/* vmlinux, not exported */
extern unsigned long calc_load_update;		/* vmlinux, not exported */
extern int ext4_fill_super(struct super_block *sb, void *data, int silent);	/* static in ext4 */

KLP_MODULE_RELOC(vmlinux) klp_relocs_vmlinux[] = {
	KLP_SYMPOS(saved_command_line, 0),
	KLP_SYMPOS(nr_threads, 0),
	KLP_SYMPOS(calc_load_update, 0),
};

KLP_MODULE_RELOC(ext4) klp_relocs_ext4[] = {
	KLP_SYMPOS(ext4_fill_super, 1),
};

int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	(void)v;
	seq_printf(m, "%s (livepatched, %d threads)\n", saved_command_line, nr_threads);
	return 0;
}

__attribute__((cold)) unsigned long livepatch_next_load_update(void)
{
	return calc_load_update + 5 * 100 + 1;
}

int livepatch_ext4_fill_super(struct super_block *sb, void *data, int silent)
{
	return ext4_fill_super(sb, data, silent);
}
