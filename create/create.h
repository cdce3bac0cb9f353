/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * klp-create's data, in the order main() produces it:
 *
 *   struct create_options the command line (flags.c)
 *   struct patchset       the unified diffs, per file (patch.c)
 *   struct build_unit           one compilation unit the patch touches: its
 *                         object (vmlinux or a module), its kbuild command,
 *                         its original and patched objects (kbuild.c)
 *   struct changes        what differs between the two objects, function
 *                         by function (objdiff.c)
 *   struct plan           what the module patches and why (plan.c)
 *
 * The livepatch source is written by extract.c from the patched unit's
 * libclang parse, then annotated by klp-annotate's own analysis
 * (annotate/job.c), in-process.
 */
#ifndef KLP_CREATE_H
#define KLP_CREATE_H

#include <stdbool.h>
#include <stddef.h>

#include "symdb.h"
#include "util.h"

struct create_options {
	const char **patches;
	size_t nr_patches, alloc_patches;
	const char *outdir;	/* -o */
	const char *name;	/* --name: the module's name */
	const char *source;	/* --source: the kernel tree; never written */
	const char *build;	/* --build: kbuild's O= tree, with each unit's .o.cmd */
	const char *build_cmd;	/* --build-cmd: builds units missing from --build */
	const char *work;	/* --work: objects and patched copies (a cache) */
	const char *kernel;	/* --kernel: the target's cache dir (symbols, headers) */
	struct symdb_input *inputs;	/* symbol inputs, as klp-annotate takes them */
	size_t nr_inputs, alloc_inputs;
	const char **units;	/* --unit: the units a header change is patched in */
	size_t nr_units, alloc_units;
	bool dry_run;
	bool verbose;
	bool version;
};

int create_options_parse(struct create_options *opt, int argc, char **argv);

/* patch.c: unified diffs (git diff, git format-patch, diff -u), -p1. */
struct hunk {
	unsigned int old_start, old_len;	/* 1-based, as "@@ -a,b" says */
	unsigned int new_start, new_len;
	unsigned int patch_line;	/* of the "@@" line, for messages */
	const char *patch;	/* the patch file it came from */
	/*
	 * The first hunk of a later diff of the same file (the next patch of
	 * a series, or a later commit in one mbox): it and the hunks after it
	 * apply to the result of the hunks before.
	 */
	bool next_diff;
	const char *body;	/* the lines after "@@", up to the next hunk */
	size_t body_len;
};

struct file_patch {
	char *path;		/* in the tree, -p1 stripped (the new name) */
	const char *patch;	/* the patch file it came from (the first of several) */
	bool created, deleted;	/* absent before all its diffs; after them */
	struct hunk *hunks;
	size_t nr_hunks, alloc_hunks;
};

struct patchset {
	char **texts;		/* the patch files' bytes; hunks point into them */
	size_t nr_texts, alloc_texts;
	struct file_patch *files;
	size_t nr_files, alloc_files;
};

/*
 * Add the diffs in the patch file PATH to PS (PATH must outlive PS). A
 * file already in PS gets the new hunks after its own, marked next_diff:
 * one file_patch per path. Renames, copies, mode-only and binary changes
 * are refused. -1 after an error naming the patch file and line.
 */
int patch_read(struct patchset *ps, const char *path);
/* The file_patch of PATH (in the tree, -p1 stripped), or NULL. */
struct file_patch *patch_find_file(struct patchset *ps, const char *path);
/*
 * Apply FP to OLD (OLD_LEN bytes; NULL for a created file), appending the
 * result to OUT. Hunks may have moved (an offset, as patch(1) finds), never
 * fuzzed. When LINE_FILE is not NULL, every run of unchanged lines after a
 * hunk starts with a `#line N "LINE_FILE"` directive: the patched file
 * then compiles with the original's __LINE__ and __FILE__ outside the
 * hunks, so that code which only moved is not a change. LINE_FILE should
 * be the name the unit's command gives gcc for it, as __FILE__ is that.
 * A run starting inside a comment or a backslash continuation gets its
 * directive at its first line outside them; one in a group an #if may
 * skip gets another after the group. -1 after an error naming the file
 * and the hunk.
 */
int patch_apply(const struct file_patch *fp, const char *old, size_t old_len,
		const char *line_file, struct buf *out);
void patchset_free(struct patchset *ps);

/* objdiff.c: two builds of one unit (-ffunction-sections -fdata-sections). */
enum change_kind {
	CHANGE_CHANGED,	/* in both, different code or data */
	CHANGE_NEW,	/* only in the patched object */
	CHANGE_GONE,	/* only in the original (inlined now, or removed) */
};

struct change {
	char *name;		/* the symbol, as the object names it ("foo.isra.0") */
	enum change_kind kind;
	bool func;		/* STT_FUNC; else STT_OBJECT (named data) */
	bool global;		/* STB_GLOBAL or STB_WEAK */
	char *section;		/* where it lives in the original (patched if new) */
	char *why;		/* "code", "calls bar instead of baz", ... */
};

struct changes {
	struct change *v;
	size_t nr, alloc;
};

/*
 * Compare ORIG and PATCHED, function by function and named object by
 * named object: bytes and relocations, relocation targets by name (or, for
 * unnamed data such as strings, by content), a .cold part counted as its
 * function's. Appends to OUT. -1 after an error.
 */
int objects_compare(const char *orig, const char *patched, struct changes *out);
void changes_free(struct changes *c);

/* Which of the same-named symbols of its object a local symbol is. */
struct local_pos {
	char *name;
	unsigned long pos;
};

/* One function the module replaces. */
struct patch_func {
	char *name;		/* the C function, in the patched source */
	char *old_name;		/* the kernel's symbol */
	unsigned long sympos;	/* 0: the name is unique in its object */
	char *new_name;		/* the module's copy (a global is renamed: livepatch_NAME) */
	char *why;		/* for the report */
	char *sympos_why;
};

/*
 * kbuild.c: the units a patch touches, as kbuild builds them.
 *
 * A unit is the .c file kbuild compiles (fs/pipe.c -> fs/pipe.o). A patched
 * .c that no Makefile names but a sibling #includes (6.1's
 * kernel/sched/psi.c, in build_utility.c) belongs to that sibling's unit.
 */
struct build_unit {
	char *src;		/* "fs/pipe.c", in the tree */
	char *obj;		/* "fs/pipe.o" */
	char *object;		/* "vmlinux", or the module's name ("zram") */
	bool module;
	char **files;		/* patched files it compiles: itself, #included .c, headers */
	size_t nr_files, alloc_files;
	char **argv;		/* kbuild's compiler command, from its .o.cmd */
	size_t argc;
	char *src_prefix;	/* the tree as that command names it ("/usr/src/linux/") */
	char *tree_prefix;	/* and as --source names it, absolute */
	char *orig_o, *patched_o;	/* built with -ffunction-sections -fdata-sections */
	char *patched_src;	/* the patched main file, plain (what libclang reads) */
	char *patched_dir;	/* the patched copies' root, mirroring the tree */
	struct changes changes;

	/* plan.c */
	struct patch_func *funcs;	/* replaced, registered in klp_func */
	size_t nr_funcs, alloc_funcs;
	char **copies;		/* C functions copied along: new, or with no symbol */
	size_t nr_copies, alloc_copies;
	char **syms;		/* what the original object defines, sorted */
	size_t nr_syms;
	char **percpu;		/* those of them that are per-CPU data, sorted */
	size_t nr_percpu;
	/* The unit's local symbols whose name its object has more than once. */
	struct local_pos *local_pos;
	size_t nr_local_pos, alloc_local_pos;
};

/* What klp-create works on: the trees, the patches, the units. */
struct create {
	struct create_options opt;
	char *source;		/* absolute */
	char *build;		/* absolute */
	char *work;		/* absolute: this patch's own work directory */
	struct patchset patches;
	struct build_unit *units;
	size_t nr_units, alloc_units;
};

int units_find(struct create *c);
/*
 * Where a patched header of U is found: the -I root of U's command it
 * sits under ("include" for include/linux/x.h, LEN its length), or NULL
 * for a header of the unit's own, found by a quoted #include.
 */
const char *unit_header_root(const struct build_unit *u, const char *file, size_t *len);
/*
 * The flags that make U's patched headers, copied under ROOT as in the
 * tree, win over the originals: -I ROOT/include ... (to put ahead of the
 * command's own), -iquote for the unit's own headers. At most MAX, in
 * ARGS; returns how many.
 */
size_t unit_header_flags(const struct build_unit *u, const char *root, char **args, size_t max);
int units_build(struct create *c);
/* U's .o.cmd in the build tree: the command libclang parses with too. */
char *unit_cmd_path(const struct create *c, const struct build_unit *u);
/* "-iquote SRC/DIR": the original's directory, for quoted #includes of a copy. */
char *unit_quote_flag(const struct create *c, const struct build_unit *u);
void build_unit_free(struct build_unit *u);


/* plan.c: the changes -> what to replace, what to copy, what to refuse. */
int units_plan(struct create *c, struct symdb *db);
bool unit_kernel_has(const struct build_unit *u, const char *sym);
bool unit_copies(const struct build_unit *u, const char *name);
const struct patch_func *unit_find_func(const struct build_unit *u, const char *name);
unsigned long unit_local_pos(const struct build_unit *u, const char *name);
bool unit_percpu(const struct build_unit *u, const char *name);

/* extract.c: the livepatch source of one unit, from its patched copy. */
int unit_extract(const struct create *c, const struct build_unit *u, struct buf *out);

/* module.c: DIR, with the source annotated by klp-annotate's analysis. */
int module_write(const struct create *c);

/* The header livepatch sources include, built in (module.c copies it). */
extern const char klp_reloc_h[];

#endif
