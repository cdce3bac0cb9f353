// SPDX-License-Identifier: GPL-2.0-only
/*
 * A livepatch that gives objtool something for each section it writes
 * into a module (on the kernels whose config asks for them): a function
 * only ever called directly (.ibt_endbr_seal), an indirect call
 * (.retpoline_sites), returns (.return_sites), calls (.call_sites), a
 * static call (.static_call_sites, cond_resched() under PREEMPT_DYNAMIC),
 * a static branch on an unexported vmlinux key (__jump_table), and ORC;
 * the compiler adds __patchable_function_entries (CALL_PADDING) and
 * pahole .BTF. Three unexported vmlinux symbols go through klp-convert.
 */
#include <linux/init.h>
#include <linux/jump_label.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/stat.h>
#include <linux/seq_file.h>

#include "klp_reloc.h"

DECLARE_STATIC_KEY_FALSE(sched_schedstats);

KLP_MODULE_RELOC(vmlinux) klp_relocs_vmlinux[] = {
	KLP_SYMPOS(saved_command_line, 0),
	KLP_SYMPOS(nr_threads, 0),
	KLP_SYMPOS(sched_schedstats, 0),
};

/* Global, so gcc gives it an ENDBR; never address-taken, so objtool seals it. */
noinline int livepatch_objtool_threads(void)
{
	cond_resched();
	return nr_threads;
}

static int livepatch_objtool_one(void)
{
	return 1;
}

/* volatile: the call stays indirect (a retpoline site). */
static int (*volatile livepatch_objtool_fn)(void) = livepatch_objtool_one;

static int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	int n = livepatch_objtool_threads() + livepatch_objtool_fn();

	if (static_branch_unlikely(&sched_schedstats))
		seq_printf(m, "%s schedstats=on (%d)\n", saved_command_line, n);
	else
		seq_printf(m, "%s schedstats=off (%d)\n", saved_command_line, n);
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
MODULE_DESCRIPTION("klp-tools test: objtool's sections through klp-convert");
MODULE_INFO(livepatch, "Y");
