// SPDX-License-Identifier: GPL-2.0-only
/*
 * klp-create: from a kernel fix (a source patch) to a livepatch module's
 * source, for a stock distribution kernel, without building the kernel.
 *
 *   flags -> read patches -> units and objects (kbuild Makefiles, .o.cmd)
 *   -> rebuild each unit, original and patched -> changed functions from
 *   the compiled code -> plan (replace, copy, refuse) -> report ->
 *   bodies from the patched source -> annotate -> write DIR
 *
 * Exit 0: DIR written (or --dry-run's report). 1: nothing to patch (the
 * compiled code is the same). 2: an error, or a change a livepatch cannot
 * make; nothing written.
 */
#include "create.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "symdb.h"

#ifndef KLP_VERSION
#define KLP_VERSION "unknown"
#endif

static int paths_resolve(struct create *c)
{
	char *work;

	c->source = realpath(c->opt.source, NULL);
	if (!c->source)
		return error("--source %s: %s", c->opt.source, strerror(errno));
	c->build = realpath(c->opt.build, NULL);
	if (!c->build)
		return error("--build %s: %s", c->opt.build, strerror(errno));
	/* Never in the source tree: the build tree (or --work) holds our objects. */
	work = c->opt.work ? xstrdup(c->opt.work) : xasprintf("%s/klp-create", c->build);
	c->work = xasprintf("%s/%s", work, c->opt.name ? c->opt.name : "dry-run");
	free(work);
	return 0;
}

static int patches_read(struct create *c)
{
	for (size_t i = 0; i < c->opt.nr_patches; i++)
		if (patch_read(&c->patches, c->opt.patches[i]))
			return -1;
	return 0;
}

static int units_compare(struct create *c)
{
	for (size_t i = 0; i < c->nr_units; i++) {
		struct build_unit *u = &c->units[i];

		if (objects_compare(u->orig_o, u->patched_o, &u->changes))
			return -1;
	}
	return 0;
}

static bool nothing_changed(const struct create *c)
{
	for (size_t i = 0; i < c->nr_units; i++)
		if (c->units[i].changes.nr)
			return false;
	return true;
}

/* Only new or vanished code: nothing the kernel runs would run differently. */
static bool nothing_replaced(const struct create *c)
{
	for (size_t i = 0; i < c->nr_units; i++)
		if (c->units[i].nr_funcs)
			return false;
	return true;
}

static int symbols_load(const struct create *c, struct symdb **db)
{
	char *cache = symdb_cache_dir();
	int ret;

	*db = symdb_new();
	if (!c->opt.nr_inputs) {
		free(cache);
		return error("no target kernel symbols: pass --kernel DIR (scripts/kernel-fetch), or --symvers and --kallsyms");
	}
	ret = symdb_load(*db, c->opt.inputs, c->opt.nr_inputs, cache);
	free(cache);
	return ret;
}

static const char *kind_name(enum change_kind k)
{
	return k == CHANGE_NEW ? "new" : k == CHANGE_GONE ? "gone" : "changed";
}

/* What changed, what is replaced and why: stderr, for the author. */
static void report(const struct create *c)
{
	for (size_t i = 0; i < c->nr_units; i++) {
		const struct build_unit *u = &c->units[i];

		fprintf(stderr, "%s (%s, in %s):\n", u->src, u->obj, u->object);
		for (size_t j = 0; j < u->changes.nr; j++) {
			const struct change *ch = &u->changes.v[j];

			fprintf(stderr, "  %-7s %s %s: %s\n", kind_name(ch->kind),
				ch->func ? "function" : "data", ch->name, ch->why);
		}
		for (size_t j = 0; j < u->nr_funcs; j++) {
			const struct patch_func *f = &u->funcs[j];

			fprintf(stderr, "  replace %s", f->old_name);
			if (f->sympos)
				fprintf(stderr, " (old_sympos %lu: %s)", f->sympos, f->sympos_why);
			if (strcmp(f->new_name, f->name))
				fprintf(stderr, " with %s", f->new_name);
			fprintf(stderr, ": %s\n", f->why);
		}
		for (size_t j = 0; j < u->nr_copies; j++)
			fprintf(stderr, "  copy    %s: new, or has no symbol of its own in the kernel\n",
				u->copies[j]);
	}
}

static void create_free(struct create *c)
{
	for (size_t i = 0; i < c->nr_units; i++)
		build_unit_free(&c->units[i]);
	free(c->units);
	patchset_free(&c->patches);
	free(c->source);
	free(c->build);
	free(c->work);
	free(c->opt.patches);
	free(c->opt.inputs);
	free(c->opt.units);
}

int main(int argc, char **argv)
{
	struct create c = { 0 };
	struct symdb *db = NULL;
	int ret = 2;

	progname = "klp-create";
	if (create_options_parse(&c.opt, argc, argv))
		goto out;
	if (c.opt.version) {
		printf("klp-create %s\n", KLP_VERSION);
		ret = 0;
		goto out;
	}
	if (paths_resolve(&c) || patches_read(&c))
		goto out;
	if (units_find(&c) || units_build(&c) || units_compare(&c))
		goto out;
	if (nothing_changed(&c)) {
		fprintf(stderr, "%s: nothing to patch: the patched code compiles to the same code\n",
			progname);
		ret = 1;
		goto out;
	}
	if (symbols_load(&c, &db) || units_plan(&c, db)) {
		report(&c);
		goto out;
	}
	report(&c);
	if (nothing_replaced(&c)) {
		fprintf(stderr, "%s: nothing to patch: no function the kernel runs changed\n",
			progname);
		ret = 1;
		goto out;
	}
	if (c.opt.dry_run) {
		ret = 0;
		goto out;
	}
	if (module_write(&c))
		goto out;
	fprintf(stderr, "%s: wrote %s: build it with make -C KERNEL_BUILD_DIR M=%s\n", progname,
		c.opt.outdir, c.opt.outdir);
	ret = 0;
out:
	if (db)
		symdb_free(db);
	create_free(&c);
	return ret;
}
