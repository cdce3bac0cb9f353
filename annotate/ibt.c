// SPDX-License-Identifier: GPL-2.0-only
/*
 * Indirect branch tracking (CONFIG_X86_KERNEL_IBT, Debian's 6.12 series).
 *
 * A function whose address vmlinux never takes has no ENDBR64 at its
 * entry: gcc leaves it out of a static function called only directly, and
 * at boot the kernel seals the rest, writing a NOP over the ENDBR64 of
 * each function objtool saw called only directly (6.12.117 writes
 * 66 0f 1f 00). An indirect call to either faults with "Missing ENDBR".
 * A pointer the patch itself makes (&func, a callback argument, a static
 * initialiser) to a function it reaches through a klp relocation is
 * exactly that case, and the source cannot tell whether vmlinux takes
 * the address somewhere too. Calling it directly is always fine, so the
 * fix is a small wrapper in the module, whose own address is taken
 * (objtool leaves its ENDBR64), that calls the kernel's function
 * directly.
 */
#include "annotate.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

struct autoconf_find {
	bool ibt;
};

static void autoconf_visit(struct unit *u, CXFile included, long main_offset, void *data)
{
	static const char line[] = "\n#define CONFIG_X86_KERNEL_IBT 1\n";
	struct autoconf_find *af = data;
	char *name = cx_string(clang_getFileName(included)), *copy = NULL;
	const char *text;
	size_t size;

	(void)main_offset;
	if (!ends_with(name, "/generated/autoconf.h")) {
		free(name);
		return;
	}
	/* A cached preamble's file has no contents in the unit: the disk's are the same. */
	text = clang_getFileContents(u->tu, included, &size);
	if (!text)
		text = copy = read_file(name, &size);
	if (text && memmem(text, size, line, sizeof(line) - 1))
		af->ibt = true;
	free(copy);
	free(name);
}

/* The unit's own kernel configuration (the autoconf.h it includes) decides. */
bool unit_has_ibt(struct unit *u)
{
	struct autoconf_find af = { false };

	unit_inclusions(u, autoconf_visit, &af);
	return af.ibt;
}

static char *wrapper_name(const struct ref *r)
{
	return xasprintf("klp_ibt_%s", r->name);
}

/* A reference to report: the kernel's function, its address taken here. */
static bool at_risk(const struct ref *r)
{
	return r->is_func && r->verdict == V_SYMPOS && (r->nr_addr_sites || r->nr_addr_hidden);
}

void ibt_check(struct job *job, struct unit *u)
{
	if (!u->ibt)
		return;
	for (size_t i = 0; i < u->nr_refs; i++) {
		struct ref *r = &u->refs[i];
		char *wrapper;
		int d;

		if (!at_risk(r))
			continue;
		wrapper = wrapper_name(r);
		d = r->ibt_diag = diag_add(job, SEV_WARNING, u, r->addr_first, "klp-ibt-address",
					   "the address of '%s' is taken, but the kernel is built with IBT: unless %s takes its address too, it has no ENDBR64 (the compiler left it out, or the kernel sealed it at boot) and an indirect call faults (Missing ENDBR); call it from a wrapper in the module and take the wrapper's address",
					   r->name, r->obj);
		if (r->sig_ret && r->nr_addr_sites)
			diag_note(job, d, "a direct call through the klp relocation is fine: %s(...) calls %s directly",
				  wrapper, r->name);
		if (r->nr_addr_hidden)
			diag_note(job, d, "%u use%s of its address come%s from a macro's body or a header: the fix-it cannot reach %s",
				  r->nr_addr_hidden, r->nr_addr_hidden > 1 ? "s" : "",
				  r->nr_addr_hidden > 1 ? "" : "s", r->nr_addr_hidden > 1 ? "them" : "it");
		if (!r->sig_ret)
			diag_note(job, d, "'%s' takes variable arguments: no wrapper can forward them; write one for the arguments the patch passes",
				  r->name);
		free(wrapper);
	}
}

static char *wrapper_render(const struct ref *r, const char *name)
{
	bool is_void = !strcmp(r->sig_ret, "void");

	return xasprintf("/* IBT: %s() may have no ENDBR64 in the kernel; an indirect call lands here instead. */\n"
			 "static %s%s%s(%s)\n{\n\t%s%s(%s);\n}\n\n",
			 r->name, r->sig_ret, r->sig_ret[strlen(r->sig_ret) - 1] == '*' ? "" : " ",
			 name, r->sig_params, is_void ? "" : "return ", r->name, r->sig_args);
}

/* The wrapper before the first declaration that takes the address, and every name the author spelled pointing at it. */
void ibt_plan(struct job *job, struct unit *u)
{
	(void)job;
	for (size_t i = 0; i < u->nr_refs; i++) {
		struct ref *r = &u->refs[i];
		char *name;

		if (r->ibt_diag < 0 || !r->sig_ret || !r->nr_addr_sites)
			continue;
		name = wrapper_name(r);
		if (!unit_defines(u, name))
			edit_add(u, r->addr_root, 0, 100 + (unsigned int)i, wrapper_render(r, name),
				 r->ibt_diag);
		for (size_t j = 0; j < r->nr_addr_sites; j++)
			edit_add(u, r->addr_sites[j], (unsigned int)strlen(r->name), 0, xstrdup(name),
				 r->ibt_diag);
		free(name);
	}
}
