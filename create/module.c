// SPDX-License-Identifier: GPL-2.0-only
/*
 * The module directory: NAME.c (the extracted source, the registration),
 * a Kbuild that builds it against the kernel's headers with the unit's
 * own include paths and defines, and a copy of klp_reloc.h, so that
 * `make -C KDIR M=DIR` needs nothing else.
 *
 * Before anything is written, klp-annotate's analysis runs on NAME.c
 * in-process, with the unit's kbuild flags: each reference to a static or
 * unexported kernel symbol gets its KLP_MODULE_RELOC entry. Its findings
 * print as klp-annotate prints them; an error stops the write.
 */
#include "create.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "annotate.h"

/*
 * The name klp_func's .new_func uses: the copy itself in a one-unit
 * module; in a module of several units, an alias the unit's file exports
 * (klp_new_<unit>_<func>), since the copy is static there.
 */
static char *new_func_ref(const struct create *c, size_t unit, size_t func)
{
	if (c->nr_units == 1)
		return xstrdup(c->units[unit].funcs[func].new_name);
	return xasprintf("klp_new_%zu_%zu", unit, func);
}

/* One klp_func array per object: units of one object share it. */
static void registration(const struct create *c, struct buf *out)
{
	buf_addstr(out, "\n/* The livepatch: what it replaces, in which object. */\n"
			"#include <linux/livepatch.h>\n");
	for (size_t i = 0; c->nr_units > 1 && i < c->nr_units; i++)
		for (size_t j = 0; j < c->units[i].nr_funcs; j++)
			buf_addf(out, "%svoid klp_new_%zu_%zu(void);\t/* %s, in %s */\n",
				 i + j ? "" : "\n", i, j, c->units[i].funcs[j].name, c->units[i].src);
	for (size_t i = 0; i < c->nr_units; i++) {
		bool first = true;

		for (size_t k = 0; k < i; k++)
			first &= strcmp(c->units[k].object, c->units[i].object) != 0;
		if (!first)
			continue;
		buf_addf(out, "\nstatic struct klp_func funcs_%zu[] = {\n", i);
		for (size_t u = i; u < c->nr_units; u++) {
			if (strcmp(c->units[u].object, c->units[i].object))
				continue;
			for (size_t j = 0; j < c->units[u].nr_funcs; j++) {
				const struct patch_func *f = &c->units[u].funcs[j];
				char *ref = new_func_ref(c, u, j);

				buf_addf(out, "\t{\n\t\t.old_name = \"%s\",\n\t\t.new_func = %s,\n",
					 f->old_name, ref);
				if (f->sympos)
					buf_addf(out, "\t\t.old_sympos = %lu,\n", f->sympos);
				buf_addstr(out, "\t},\n");
				free(ref);
			}
		}
		buf_addstr(out, "\t{ }\n};\n");
	}
	buf_addstr(out, "\nstatic struct klp_object objs[] = {\n");
	for (size_t i = 0; i < c->nr_units; i++) {
		const struct build_unit *u = &c->units[i];
		bool first = true;

		for (size_t k = 0; k < i; k++)
			first &= strcmp(c->units[k].object, u->object) != 0;
		if (!first)
			continue;
		if (u->module)
			buf_addf(out, "\t{\n\t\t.name = \"%s\",\n\t\t.funcs = funcs_%zu,\n\t},\n",
				 u->object, i);
		else
			buf_addf(out, "\t{\n\t\t/* vmlinux */\n\t\t.funcs = funcs_%zu,\n\t},\n", i);
	}
	buf_addstr(out, "\t{ }\n};\n\n"
			"static struct klp_patch patch = {\n"
			"\t.mod = THIS_MODULE,\n"
			"\t.objs = objs,\n"
			"};\n\n"
			"static int livepatch_init(void)\n"
			"{\n"
			"\treturn klp_enable_patch(&patch);\n"
			"}\n\n"
			"static void livepatch_exit(void)\n"
			"{\n"
			"}\n\n"
			"module_init(livepatch_init);\n"
			"module_exit(livepatch_exit);\n"
			"MODULE_LICENSE(\"GPL\");\n"
			"MODULE_INFO(livepatch, \"Y\");\n");
}

/* In a unit's own file: the names livepatch.c registers its copies by. */
static void aliases(const struct create *c, size_t unit, struct buf *out)
{
	const struct build_unit *u = &c->units[unit];

	buf_addstr(out, "\n/* For livepatch.c's klp_func entries: the copies are static here. */\n");
	for (size_t j = 0; j < u->nr_funcs; j++)
		buf_addf(out, "extern typeof(%s) klp_new_%zu_%zu __attribute__((alias(\"%s\")));\n",
			 u->funcs[j].new_name, unit, j, u->funcs[j].new_name);
}

static bool standard_include(const char *dir)
{
	static const char *const ends[] = {
		"/include", "/include/generated", "/include/uapi", "/include/generated/uapi",
	};

	for (size_t i = 0; i < ARRAY_SIZE(ends); i++)
		if (ends_with(dir, ends[i]) || !strcmp(dir, ends[i] + 1))
			return true;
	return false;
}

/* The unit's own -I, -iquote and -D, which kbuild adds for its directory alone. */
static void unit_flags(const struct create *c, const struct build_unit *u, struct buf *out)
{
	for (size_t i = 1; i < u->argc; i++) {
		const char *a = u->argv[i], *v = NULL, *flag = NULL;

		if (!strcmp(a, "-I") || !strcmp(a, "-iquote")) {
			flag = a;
			v = i + 1 < u->argc ? u->argv[++i] : NULL;
		} else if (starts_with(a, "-I")) {
			flag = "-I";
			v = a + 2;
		} else if (starts_with(a, "-iquote")) {
			flag = "-iquote";
			v = a + 7;
		} else if (starts_with(a, "-D") && !strchr(a, '"') && !strchr(a, '\'') &&
			   !starts_with(a, "-DKBUILD_") && !starts_with(a, "-D__KBUILD_") &&
			   strcmp(a, "-DMODULE") && strcmp(a, "-D__KERNEL__") &&
			   !starts_with(a, "-DCC_USING_")) {
			buf_addf(out, " %s", a);
			continue;
		}
		if (!v || !*v || standard_include(v))
			continue;
		if (*v == '/')
			buf_addf(out, " %s%s", flag, v);
		else
			buf_addf(out, " %s%s/%s", flag, c->build, starts_with(v, "./") ? v + 2 : v);
	}
}

/* The file unit I's source goes to: NAME.c alone, else its own name. */
static char *unit_file(const struct create *c, size_t i)
{
	const char *base = strrchr(c->units[i].src, '/');
	char *name;

	if (c->nr_units == 1)
		return xasprintf("%s.c", c->opt.name);
	base = base ? base + 1 : c->units[i].src;
	name = xstrdup(base);
	for (size_t k = 0; k < c->nr_units; k++) {
		const char *other = strrchr(c->units[k].src, '/');

		other = other ? other + 1 : c->units[k].src;
		if ((k != i && !strcmp(other, base)) || !strcmp(base, "livepatch.c") ||
		    (!strncmp(base, c->opt.name, strlen(c->opt.name)) &&
		     !strcmp(base + strlen(c->opt.name), ".c"))) {
			free(name);
			name = xasprintf("%.*s_%zu.c", (int)strlen(base) - 2, base, i);
			break;
		}
	}
	return name;
}

/*
 * Patched headers: kbuild puts NOSTDINC_FLAGS ahead of the kernel's own
 * include paths, so a copy under patched-headers/include wins over
 * include/; a header of the unit's own directory sits beside the source,
 * where its quoted #include looks first.
 */
static void kbuild_headers(const struct create *c, struct buf *b)
{
	struct buf seen = { 0 };

	buf_addstr(&seen, " ");
	for (size_t i = 0; i < c->nr_units; i++) {
		const struct build_unit *u = &c->units[i];

		for (size_t j = 0; j < u->nr_files; j++) {
			size_t len;
			const char *inc = ends_with(u->files[j], ".h") ?
						  unit_header_root(u, u->files[j], &len) : NULL;
			char *flag;

			if (!inc)
				continue;
			flag = xasprintf("-I$(src)/patched-headers/%.*s ", (int)len, inc);
			if (!strstr(seen.s, flag)) {
				buf_addf(b, "NOSTDINC_FLAGS += %s\n", flag);
				buf_addstr(&seen, flag);
			}
			free(flag);
		}
	}
	free(seen.s);
}

/* Where DIR keeps a patched header: under patched-headers/, or beside the source. */
static char *header_file(const struct build_unit *u, const char *file)
{
	size_t len;
	const char *slash = strrchr(file, '/');

	if (unit_header_root(u, file, &len))
		return xasprintf("patched-headers/%s", file);
	return xstrdup(slash ? slash + 1 : file);
}

/*
 * One unit: NAME.o, with the unit's flags for all of it. Several: NAME.o
 * of livepatch.o (the registration) and one object per unit, each with
 * its own unit's flags.
 */
static char *kbuild_text(const struct create *c)
{
	struct buf b = { 0 };

	buf_addf(&b, "# Built with: make -C KERNEL_BUILD_DIR M=$PWD\nobj-m := %s.o\n", c->opt.name);
	if (c->nr_units > 1) {
		buf_addf(&b, "%s-y := livepatch.o", c->opt.name);
		for (size_t i = 0; i < c->nr_units; i++) {
			char *f = unit_file(c, i);

			buf_addf(&b, " %.*s.o", (int)strlen(f) - 2, f);
			free(f);
		}
		buf_addstr(&b, "\n");
	}
	buf_addstr(&b, "ccflags-y += -I$(src)\n");
	kbuild_headers(c, &b);
	for (size_t i = 0; i < c->nr_units; i++) {
		const struct build_unit *u = &c->units[i];
		const char *slash = strrchr(u->src, '/');
		char *f = unit_file(c, i);

		if (c->nr_units > 1)
			buf_addf(&b, "CFLAGS_%.*s.o +=", (int)strlen(f) - 2, f);
		else
			buf_addstr(&b, "ccflags-y +=");
		buf_addf(&b, " -I%s/%.*s", c->source, (int)(slash ? slash - u->src : 0), u->src);
		unit_flags(c, u, &b);
		buf_addstr(&b, "\n");
		free(f);
	}
	return b.s;
}

/* klp-annotate's analysis on TEXT, as PATH would be compiled: with U's flags. */
static char *annotate(const struct create *c, const struct build_unit *u, const char *path,
		      const char *text, size_t *len)
{
	struct job job = { 0 };
	struct options *opt = &job.opt;
	const char *files[1] = { path };
	char *cmd, *quote, *inc, *out = NULL;
	char *heads[ARRAY_SIZE(opt->first_args)];
	size_t nh;

	opt->mode = MODE_FIX;
	opt->files = files;
	opt->nr_files = 1;
	opt->unsaved_text = text;
	opt->unsaved_len = strlen(text);
	cmd = unit_cmd_path(c, u);
	quote = unit_quote_flag(c, u);
	opt->cmd_file = cmd;
	opt->workdir = c->build;
	opt->extra_args[opt->nr_extra_args++] = "-DMODULE";
	opt->extra_args[opt->nr_extra_args++] = quote;
	/* klp_reloc.h, until DIR has its copy */
	inc = xasprintf("-I%s/include", c->work);
	opt->extra_args[opt->nr_extra_args++] = inc;
	{
		char *root = xasprintf("%s/plain", u->patched_dir);

		nh = unit_header_flags(u, root, heads, ARRAY_SIZE(heads));
		free(root);
		for (size_t i = 0; i < nh; i++)
			opt->first_args[opt->nr_first_args++] = heads[i];
	}
	/* the job owns its copy: the loader makes the paths absolute in it */
	opt->inputs = xcalloc(c->opt.nr_inputs, sizeof(*opt->inputs));
	if (c->opt.nr_inputs)
		memcpy(opt->inputs, c->opt.inputs, c->opt.nr_inputs * sizeof(*opt->inputs));
	opt->nr_inputs = c->opt.nr_inputs;
	opt->verbose = c->opt.verbose;
	/* livepatch.c has the klp_objects, for every unit's file */
	opt->klp_objects = xcalloc(c->nr_units, sizeof(*opt->klp_objects));
	for (size_t i = 0; i < c->nr_units; i++)
		opt->klp_objects[opt->nr_klp_objects++] = c->units[i].object;
	if (job_analyse(&job) == 0) {
		/* what it fixed is the point; what it cannot is the author's */
		diags_print(&job, !c->opt.verbose, false);
		if (!diags_any_errors(&job))
			out = edits_apply(&job.units[0], job.units[0].edits, job.units[0].nr_edits, len);
		else
			error("%s: klp-annotate's findings above: the module would not load", path);
	}
	opt->files = NULL;
	job_free(&job);
	free(cmd);
	free(quote);
	free(inc);
	for (size_t i = 0; i < nh; i++)
		free(heads[i]);
	return out;
}

struct out_file {
	char *name;
	char *text;
	size_t len;
};

static void header(const struct create *c, const char *what, struct buf *b)
{
	buf_addf(b, "// SPDX-License-Identifier: GPL-2.0-only\n"
		    "/*\n * Livepatch %s%s, written by klp-create from:", c->opt.name, what);
	for (size_t i = 0; i < c->opt.nr_patches; i++) {
		const char *slash = strrchr(c->opt.patches[i], '/');

		buf_addf(b, " %s", slash ? slash + 1 : c->opt.patches[i]);
	}
	buf_addstr(b, "\n */\n");
}

/* Unit I's source, annotated: NAME.c with the registration when alone. */
static int unit_source(const struct create *c, const char *dir, size_t i, struct out_file *f)
{
	struct buf src = { 0 };
	char *path;
	char *what = c->nr_units > 1 ? xasprintf(": %s", c->units[i].src) : xstrdup("");

	f->name = unit_file(c, i);
	header(c, what, &src);
	free(what);
	if (unit_extract(c, &c->units[i], &src)) {
		free(src.s);
		return -1;
	}
	if (c->nr_units == 1)
		registration(c, &src);
	else
		aliases(c, i, &src);
	path = xasprintf("%s/%s", dir, f->name);
	f->text = annotate(c, &c->units[i], path, src.s, &f->len);
	free(path);
	free(src.s);
	return f->text ? 0 : -1;
}

/* The directories of NAME (a path below DIR), made. */
static int mkdir_parents(const char *dir, const char *name)
{
	char *p = xasprintf("%s/%s", dir, name);
	int ret = 0;

	for (char *s = p + strlen(dir) + 1; *s && !ret; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		if (mkdir(p, 0755) && errno != EEXIST)
			ret = error("%s: %s", p, strerror(errno));
		*s = '/';
	}
	free(p);
	return ret;
}

static char *abs_path(const char *path)
{
	char cwd[4096];

	if (path[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		return xstrdup(path);
	return xasprintf("%s/%s", cwd, path);
}

/* Everything is made first: DIR is written only when all of it is. */
int module_write(const struct create *c)
{
	struct out_file files[64] = { 0 };
	size_t nr = 0;
	char *dir = abs_path(c->opt.outdir);
	int ret = 0;

	if (c->nr_units + 3 > ARRAY_SIZE(files)) {
		free(dir);
		return error("the patch changes %zu units: split it", c->nr_units);
	}
	{
		char *inc = xasprintf("%s/include", c->work), *h = xasprintf("%s/klp_reloc.h", inc);

		if ((mkdir(c->work, 0755) && errno != EEXIST) || (mkdir(inc, 0755) && errno != EEXIST))
			ret = error("%s: %s", inc, strerror(errno));
		else
			ret = write_file_atomic(h, klp_reloc_h, strlen(klp_reloc_h), 0644);
		free(h);
		free(inc);
	}
	for (size_t i = 0; i < c->nr_units && !ret; i++)
		ret = unit_source(c, dir, i, &files[nr++]);
	if (!ret && c->nr_units > 1) {
		struct buf b = { 0 };

		header(c, ": the registration", &b);
		registration(c, &b);
		files[nr].name = xstrdup("livepatch.c");
		files[nr].len = b.len;
		files[nr++].text = b.s;
	}
	/* the patched headers the sources include first (Kbuild's -include) */
	for (size_t i = 0; i < c->nr_units && !ret; i++) {
		const struct build_unit *u = &c->units[i];

		for (size_t j = 0; j < u->nr_files && !ret; j++) {
			char *plain;
			bool dup = false;

			if (!ends_with(u->files[j], ".h"))
				continue;
			char *name = header_file(u, u->files[j]);

			for (size_t k = 0; k < nr; k++)
				dup |= !strcmp(files[k].name, name);
			free(name);
			if (dup)
				continue;
			if (nr + 3 >= ARRAY_SIZE(files)) {
				ret = error("the patch changes too many headers: split it");
				break;
			}
			plain = xasprintf("%s/plain/%s", u->patched_dir, u->files[j]);
			files[nr].text = read_file(plain, &files[nr].len);
			if (!files[nr].text)
				ret = error("%s: %s", plain, strerror(errno));
			else
				files[nr++].name = header_file(u, u->files[j]);
			free(plain);
		}
	}
	if (!ret) {
		files[nr].name = xstrdup("Kbuild");
		files[nr].text = kbuild_text(c);
		files[nr].len = strlen(files[nr].text);
		nr++;
		files[nr].name = xstrdup("klp_reloc.h");
		files[nr].text = xstrdup(klp_reloc_h);
		files[nr].len = strlen(klp_reloc_h);
		nr++;
		if (mkdir(dir, 0755) && errno != EEXIST)
			ret = error("%s: %s", dir, strerror(errno));
	}
	for (size_t i = 0; i < nr && !ret; i++) {
		char *path = xasprintf("%s/%s", dir, files[i].name);

		ret = mkdir_parents(dir, files[i].name) ?:
		      write_file_atomic(path, files[i].text, files[i].len, 0644);
		free(path);
	}
	for (size_t i = 0; i < nr; i++) {
		free(files[i].name);
		free(files[i].text);
	}
	free(dir);
	return ret;
}
