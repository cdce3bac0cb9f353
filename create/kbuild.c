// SPDX-License-Identifier: GPL-2.0-only
/*
 * The units a patch touches, built as kbuild builds them.
 *
 * Which unit compiles a file comes from the kernel's own Makefiles; which
 * object the unit ends in (vmlinux or a module) from the command kbuild
 * ran for it, its .o.cmd: -DMODULE and KBUILD_MODNAME say it exactly,
 * composite modules (zram-y := zcomp.o zram_drv.o) included.
 *
 * Each unit is then compiled twice with that command, from the original
 * source and from a patched copy, adding only -ffunction-sections
 * -fdata-sections: Debian's kernels are reproducible, so the original
 * object is the kernel's own code, one section per function. The
 * patched copy compiles with the original's line numbers outside the
 * hunks (#line, patch.c), so code that only moved does not differ.
 */
#include "create.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <dirent.h>
#include <unistd.h>

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? xstrndup(path, slash - path) : xstrdup(".");
}

static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static bool file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* The value of CONFIG_X in the build's .config: "y", "m", or NULL (not set). */
static const char *config_value(const char *config, const char *opt)
{
	size_t n = strlen(opt);

	for (const char *l = config; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		if (!strncmp(l, opt, n) && l[n] == '=')
			return l[n + 1] == 'y' ? "y" : l[n + 1] == 'm' ? "m" : NULL;
	}
	return NULL;
}

/*
 * A Makefile's text with continuation lines joined and comments dropped,
 * one logical line per line.
 */
static char *makefile_read(const char *path)
{
	char *text = read_file(path, NULL);
	struct buf b = { 0 };

	if (!text)
		return NULL;
	for (char *p = text; *p; p++) {
		if (*p == '\\' && p[1] == '\n') {
			buf_addstr(&b, " ");
			p++;
		} else if (*p == '#') {
			while (p[1] && p[1] != '\n')
				p++;
		} else {
			buf_add(&b, p, 1);
		}
	}
	free(text);
	return b.s ? b.s : xstrdup("");
}

/* Does LINE's right-hand side name WORD ("pipe.o") as a whole word? */
static bool rhs_names(const char *rhs, size_t len, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = rhs; p + n <= rhs + len; p++) {
		if (strncmp(p, word, n))
			continue;
		if ((p == rhs || p[-1] == ' ' || p[-1] == '\t' || p[-1] == '=' || p[-1] == '/') &&
		    (p + n == rhs + len || p[n] == ' ' || p[n] == '\t'))
			return true;
	}
	return false;
}

/*
 * Find the Makefile line that builds WORD ("pipe.o"): "obj-y += pipe.o",
 * "obj-$(CONFIG_X) += x.o", "zram-y := zcomp.o zram_drv.o". Returns its
 * left-hand side ("obj-$(CONFIG_X)"), or NULL.
 */
static char *makefile_find(const char *mk, const char *word)
{
	for (const char *l = mk; *l;) {
		const char *end = strchrnul(l, '\n');
		const char *op = NULL;

		for (const char *p = l; p < end; p++) {
			if (*p == '=' ) {
				op = p;
				break;
			}
		}
		if (op && rhs_names(op + 1, end - op - 1, word)) {
			const char *lhs_end = op;

			while (lhs_end > l && strchr("+:? \t", lhs_end[-1]))
				lhs_end--;
			while (*l == ' ' || *l == '\t')
				l++;
			return xstrndup(l, lhs_end - l);
		}
		l = *end ? end + 1 : end;
	}
	return NULL;
}

/*
 * Is the object built at all? An "obj-$(CONFIG_X)" or "name-$(CONFIG_X)"
 * whose option is not set is not: say so, instead of letting kbuild say
 * "No rule to make target". Composite parts are followed to their module
 * ("zram-y" -> "obj-$(CONFIG_ZRAM) += zram.o").
 */
static int check_configured(const char *mk, const char *config, const char *lhs,
			    const char *file, int depth)
{
	const char *dollar = strstr(lhs, "$(CONFIG_");

	if (dollar) {
		char *opt = xstrndup(dollar + 2, strcspn(dollar + 2, ")"));
		bool set = config_value(config, opt);

		if (!set) {
			error("%s is not built in this kernel: %s is not set", file, opt);
			free(opt);
			return -1;
		}
		free(opt);
	}
	if (!starts_with(lhs, "obj-") && !starts_with(lhs, "lib-") && depth < 4) {
		/* "zram-y": the composite object zram.o */
		char *name = xstrndup(lhs, strcspn(lhs, "-"));
		char *word = xasprintf("%s.o", name);
		char *parent = makefile_find(mk, word);
		int ret = 0;

		if (parent)
			ret = check_configured(mk, config, parent, file, depth + 1);
		free(parent);
		free(word);
		free(name);
		return ret;
	}
	return 0;
}

/* The dir's Makefile and Kbuild files, joined. */
static char *dir_makefiles(const struct create *c, const char *dir)
{
	struct buf b = { 0 };
	static const char *const names[] = { "Makefile", "Kbuild" };

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		char *path = xasprintf("%s/%s/%s", c->source, dir, names[i]);
		char *mk = makefile_read(path);

		if (mk) {
			buf_addstr(&b, mk);
			buf_addstr(&b, "\n");
		}
		free(mk);
		free(path);
	}
	return b.s;
}

/* Does TEXT have a line '#include "BASE"'? */
static bool includes(const char *text, const char *base)
{
	size_t n = strlen(base);

	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		const char *p = l + strspn(l, " \t");

		if (*p++ != '#')
			continue;
		p += strspn(p, " \t");
		if (!starts_with(p, "include"))
			continue;
		p += strlen("include");
		p += strspn(p, " \t");
		if (*p == '"' && !strncmp(p + 1, base, n) && p[n + 1] == '"')
			return true;
	}
	return false;
}

/* A sibling .c in DIR that #includes "BASE": 6.1's build_utility.c and psi.c. */
static char *find_includer(const struct create *c, const char *dir, const char *base)
{
	char *path = xasprintf("%s/%s", c->source, dir);
	DIR *d = opendir(path);
	struct dirent *e;
	char *found = NULL;

	while (d && !found && (e = readdir(d))) {
		char *file;
		char *text;

		if (!ends_with(e->d_name, ".c") || !strcmp(e->d_name, base))
			continue;
		file = xasprintf("%s/%s", path, e->d_name);
		text = read_file(file, NULL);
		if (text && includes(text, base))
			found = xasprintf("%s/%s", dir, e->d_name);
		free(text);
		free(file);
	}
	if (d)
		closedir(d);
	free(path);
	return found;
}

static struct build_unit *unit_get(struct create *c, const char *src)
{
	struct build_unit *u;

	for (size_t i = 0; i < c->nr_units; i++)
		if (!strcmp(c->units[i].src, src))
			return &c->units[i];
	ALLOC_GROW(c->units, c->nr_units, c->alloc_units);
	u = &c->units[c->nr_units++];
	memset(u, 0, sizeof(*u));
	u->src = xstrdup(src);
	u->obj = xstrdup(src);
	u->obj[strlen(u->obj) - 1] = 'o';
	return u;
}

static void unit_add_file(struct build_unit *u, const char *file)
{
	for (size_t i = 0; i < u->nr_files; i++)
		if (!strcmp(u->files[i], file))
			return;
	ALLOC_GROW(u->files, u->nr_files, u->alloc_files);
	u->files[u->nr_files++] = xstrdup(file);
}

/* The unit that compiles FILE (a .c in the tree), or NULL after an error. */
static char *unit_of(const struct create *c, const char *config, const char *file, int depth)
{
	char *dir = dir_of(file), *mk = dir_makefiles(c, dir);
	char *word = xasprintf("%.*s.o", (int)strlen(base_of(file)) - 2, base_of(file));
	char *lhs = mk ? makefile_find(mk, word) : NULL, *unit = NULL;

	if (lhs) {
		if (check_configured(mk, config, lhs, file, 0) == 0)
			unit = xstrdup(file);
	} else {
		char *includer = depth < 2 ? find_includer(c, dir, base_of(file)) : NULL;

		if (includer)
			unit = unit_of(c, config, includer, depth + 1);
		else
			error("%s: no unit compiles it: %s/Makefile does not name %s, and no .c in %s/ includes it",
			      file, dir, word, dir);
		free(includer);
	}
	free(lhs);
	free(word);
	free(mk);
	free(dir);
	return unit;
}

/*
 * Every patched file to the units that compile it. A header needs the
 * author to name its units (--unit): other units use it too, and each
 * would need patching.
 */
int units_find(struct create *c)
{
	char *config_path = xasprintf("%s/.config", c->build);
	char *config = read_file(config_path, NULL);
	int ret = 0;

	if (!config) {
		ret = error("%s: %s (a kbuild tree prepared for this kernel: scripts/kernel-build prepare)",
			    config_path, strerror(errno));
		goto out;
	}
	for (size_t i = 0; i < c->patches.nr_files; i++) {
		const struct file_patch *fp = &c->patches.files[i];
		char *unit;

		if (ends_with(fp->path, ".h")) {
			if (!c->opt.nr_units) {
				ret = error("%s: a header change reaches every unit that includes it: name the units to patch with --unit FILE.c",
					    fp->path);
				continue;
			}
			for (size_t j = 0; j < c->opt.nr_units; j++) {
				unit = unit_of(c, config, c->opt.units[j], 0);
				if (!unit) {
					ret = -1;
					continue;
				}
				unit_add_file(unit_get(c, unit), fp->path);
				free(unit);
			}
			continue;
		}
		if (!ends_with(fp->path, ".c")) {
			ret = error("%s: not C source: klp-create patches .c files and the headers they include",
				    fp->path);
			continue;
		}
		if (fp->created || fp->deleted) {
			ret = error("%s: the patch %s the file: a livepatch replaces functions of files the kernel was built from",
				    fp->path, fp->created ? "creates" : "deletes");
			continue;
		}
		unit = unit_of(c, config, fp->path, 0);
		if (!unit) {
			ret = -1;
			continue;
		}
		unit_add_file(unit_get(c, unit), fp->path);
		free(unit);
	}
out:
	free(config);
	free(config_path);
	return ret;
}

char *unit_cmd_path(const struct create *c, const struct build_unit *u)
{
	char *dir = dir_of(u->obj);
	char *p = xasprintf("%s/%s/.%s.cmd", c->build, dir, base_of(u->obj));

	free(dir);
	return p;
}

/* Run ARGV in DIR; its output goes to stderr. The exit status, or -1. */
static int run(const char *dir, char *const argv[])
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return error("fork: %s", strerror(errno));
	if (pid == 0) {
		if (dir && chdir(dir)) {
			fprintf(stderr, "%s: %s\n", dir, strerror(errno));
			_exit(127);
		}
		dup2(2, 1);
		execvp(argv[0], argv);
		fprintf(stderr, "%s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return error("waitpid: %s", strerror(errno));
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* kbuild builds the units it has not built yet: that writes their .o.cmd. */
static int kbuild_missing(const struct create *c)
{
	struct buf list = { 0 };
	const char **units = xcalloc(c->nr_units + 1, sizeof(*units));
	size_t n = 0;
	int ret = 0;

	for (size_t i = 0; i < c->nr_units; i++) {
		char *p = unit_cmd_path(c, &c->units[i]);

		if (!file_exists(p)) {
			units[n++] = c->units[i].obj;
			buf_addf(&list, "%s%s", n > 1 ? " " : "", c->units[i].obj);
		}
		free(p);
	}
	if (!n) {
		free(units);
		return 0;
	}
	if (!c->opt.build_cmd) {
		ret = error("%s: not built in %s, and no --build-cmd to build it (scripts/kernel-build UNIT.o does)",
			    list.s, c->build);
	} else {
		/* the command as the shell would split it; the units as they are */
		size_t argc;
		char **words = shell_split(c->opt.build_cmd, &argc);
		char **argv = xcalloc(argc + n + 1, sizeof(*argv));

		memcpy(argv, words, argc * sizeof(*argv));
		memcpy(argv + argc, units, n * sizeof(*argv));
		if (c->opt.verbose)
			note("building %s", list.s);
		if (!argc || run(NULL, argv))
			ret = error("%s: kbuild failed (see above)", list.s);
		strv_free(words, argc);
		free(argv);
	}
	free(units);
	free(list.s);
	return ret;
}

/* kbuild's compiler command for U, and the object it ends in. */
static int unit_read_cmd(const struct create *c, struct build_unit *u)
{
	char *path = unit_cmd_path(c, u);
	char *text = read_file(path, NULL), *line;
	int ret = 0;

	if (!text) {
		ret = error("%s: %s", path, strerror(errno));
		goto out;
	}
	line = strstr(text, " := ");
	if (!(starts_with(text, "cmd_") || starts_with(text, "savedcmd_")) || !line) {
		ret = error("%s: not a kbuild .o.cmd file", path);
		goto out;
	}
	/* Up to the first ';': objtool and the rest only annotate the object. */
	u->argv = shell_split(line + 4, &u->argc);
	if (!u->argc) {
		ret = error("%s: empty command", path);
		goto out;
	}
	u->src_prefix = xasprintf("%s/", c->source);
	u->tree_prefix = xasprintf("%s/", c->source);
	for (size_t i = 0; i < u->argc; i++) {
		size_t n = strlen(u->argv[i]), m = strlen(u->src);

		/* __FILE__ is the name gcc is given: the patched copy must say the same */
		if (n >= m && !strcmp(u->argv[i] + n - m, u->src) &&
		    (n == m || u->argv[i][n - m - 1] == '/')) {
			free(u->src_prefix);
			u->src_prefix = xstrndup(u->argv[i], n - m);
		}
		if (!strcmp(u->argv[i], "-DMODULE"))
			u->module = true;
		if (starts_with(u->argv[i], "-DKBUILD_MODNAME=")) {
			const char *v = u->argv[i] + strlen("-DKBUILD_MODNAME=");
			size_t n = strlen(v);

			if (n >= 2 && v[0] == '"')
				u->object = xstrndup(v + 1, n - 2);
		}
	}
	if (!u->module) {
		free(u->object);
		u->object = xstrdup("vmlinux");
	} else if (!u->object) {
		ret = error("%s: -DMODULE without KBUILD_MODNAME", path);
	}
out:
	free(text);
	free(path);
	return ret;
}

static int mkdir_parent(const char *path)
{
	char *dir = dir_of(path);
	int ret = mkdir_p(dir) ? error("%s: %s", dir, strerror(errno)) : 0;

	free(dir);
	return ret;
}

static int write_whole(const char *path, const char *text, size_t len)
{
	return mkdir_parent(path) ?: write_file_atomic(path, text, len, 0644);
}

/*
 * The patched copies of U's files under U's patched dir: FILE.c as it
 * compiles (with #line), and the plain text for libclang beside it as
 * "plain/FILE.c". The unit's main file is copied even when unchanged,
 * so that its quoted #includes find the patched files first.
 */
static int unit_write_patched(const struct create *c, struct build_unit *u)
{
	bool main_patched = false;
	int ret = 0;

	u->patched_dir = xasprintf("%s/patched", c->work);
	for (size_t i = 0; i < u->nr_files && !ret; i++) {
		const struct file_patch *fp = patch_find_file((struct patchset *)&c->patches, u->files[i]);
		char *orig = xasprintf("%s/%s", c->source, u->files[i]);
		char *name = xasprintf("%s%s", u->src_prefix, u->files[i]);
		size_t len;
		char *text = read_file(orig, &len);
		struct buf lined = { 0 }, plain = { 0 };

		if (!text) {
			ret = error("%s: %s", orig, strerror(errno));
		} else if (patch_apply(fp, text, len, name, &lined) ||
			   patch_apply(fp, text, len, NULL, &plain)) {
			ret = -1;
		} else {
			char *out = xasprintf("%s/%s", u->patched_dir, u->files[i]);
			char *pout = xasprintf("%s/plain/%s", u->patched_dir, u->files[i]);

			ret = write_whole(out, lined.s ? lined.s : "", lined.len);
			if (!ret)
				ret = write_whole(pout, plain.s ? plain.s : "", plain.len);
			if (!strcmp(u->files[i], u->src)) {
				main_patched = true;
				u->patched_src = pout;
			} else {
				free(pout);
			}
			free(out);
		}
		free(lined.s);
		free(plain.s);
		free(text);
		free(orig);
		free(name);
	}
	if (!ret && !main_patched) {
		char *orig = xasprintf("%s/%s", c->source, u->src);
		size_t len;
		char *text = read_file(orig, &len);

		if (!text) {
			ret = error("%s: %s", orig, strerror(errno));
		} else {
			struct buf b = { 0 };
			char *out = xasprintf("%s/%s", u->patched_dir, u->src);

			u->patched_src = xasprintf("%s/plain/%s", u->patched_dir, u->src);
			buf_addf(&b, "#line 1 \"%s%s\"\n", u->src_prefix, u->src);
			buf_add(&b, text, len);
			ret = write_whole(out, b.s, b.len) ?: write_whole(u->patched_src, text, len);
			free(out);
			free(b.s);
		}
		free(text);
		free(orig);
	}
	return ret;
}

/*
 * kbuild's command, compiling SRC into OUT with one section per function
 * and per object. A patched header overrides the original where the
 * command's -I would find it.
 */
static char **compile_argv(const struct create *c, const struct build_unit *u, const char *src,
			   const char *out, bool patched)
{
	char **argv = xcalloc(u->argc + 3 * u->nr_files + 8, sizeof(*argv));
	size_t n = 0;
	char *orig_src = xasprintf("%s/%s", c->source, u->src);
	char *dir = dir_of(orig_src);

	argv[n++] = xstrdup(u->argv[0]);
	argv[n++] = xstrdup("-ffunction-sections");
	argv[n++] = xstrdup("-fdata-sections");
	if (patched)
		n += unit_header_flags(u, u->patched_dir, argv + n, 3 * u->nr_files);
	for (size_t i = 1; i < u->argc; i++) {
		const char *a = u->argv[i];

		if (!strcmp(a, "-o") && i + 1 < u->argc) {
			argv[n++] = xstrdup("-o");
			argv[n++] = xstrdup(out);
			i++;
		} else if (starts_with(a, "-Wp,-MMD,") || starts_with(a, "-Wp,-MD,")) {
			argv[n++] = xasprintf("-Wp,-MMD,%s.d", out);
		} else if (!strcmp(a, orig_src) || (ends_with(a, u->src) && i == u->argc - 1)) {
			/* the original as kbuild names it: __FILE__ is that name */
			if (patched)
				argv[n++] = xasprintf("-iquote%s", dir);
			argv[n++] = xstrdup(patched ? src : a);
		} else {
			argv[n++] = xstrdup(a);
		}
	}
	free(dir);
	free(orig_src);
	return argv;
}

static pid_t spawn(const char *dir, char *const argv[], const char *log)
{
	pid_t pid = fork();

	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		if (chdir(dir))
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	return pid;
}

static int wait_for(pid_t pid, const char *what, const char *log)
{
	int status;

	if (pid < 0)
		return error("fork: %s", strerror(errno));
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
		char *text = read_file(log, NULL);

		fprintf(stderr, "%s", text ? text : "");
		free(text);
		return error("%s does not compile (gcc's messages above)", what);
	}
	return 0;
}

/*
 * The original and the patched object, compiled side by side. The
 * original is cached in the work dir: it depends only on the kernel.
 */
static int unit_compile(const struct create *c, struct build_unit *u)
{
	char *orig_src = xasprintf("%s/%s", c->source, u->src);
	char *patched = xasprintf("%s/%s", u->patched_dir, u->src);
	char *cache = xasprintf("%s/../orig", c->work);
	char **oargv, **pargv;
	char *olog, *plog, *what;
	pid_t opid = -1, ppid;
	struct stat ost, cst;
	int ret = 0;

	u->orig_o = xasprintf("%s/%s", cache, u->obj);
	u->patched_o = xasprintf("%s/objects/%s", c->work, u->obj);
	olog = xasprintf("%s.log", u->orig_o);
	plog = xasprintf("%s.log", u->patched_o);
	if (mkdir_parent(u->orig_o) || mkdir_parent(u->patched_o)) {
		ret = -1;
		goto out;
	}
	oargv = compile_argv(c, u, orig_src, u->orig_o, false);
	pargv = compile_argv(c, u, patched, u->patched_o, true);
	{
		char *cmd = unit_cmd_path(c, u);
		bool fresh = stat(u->orig_o, &ost) == 0 && stat(cmd, &cst) == 0 &&
			     ost.st_mtime >= cst.st_mtime;

		free(cmd);
		if (!fresh)
			opid = spawn(c->build, oargv, olog);
	}
	ppid = spawn(c->build, pargv, plog);
	if (opid != -1 && wait_for(opid, orig_src, olog))
		ret = -1;
	what = xasprintf("the patched %s", u->src);
	if (wait_for(ppid, what, plog))
		ret = -1;
	free(what);
	for (size_t i = 0; oargv[i]; i++)
		free(oargv[i]);
	for (size_t i = 0; pargv[i]; i++)
		free(pargv[i]);
	free(oargv);
	free(pargv);
out:
	free(olog);
	free(plog);
	free(cache);
	free(patched);
	free(orig_src);
	return ret;
}

char *unit_quote_flag(const struct create *c, const struct build_unit *u)
{
	char *dir = dir_of(u->src);
	char *flag = xasprintf("-iquote%s/%s", c->source, dir);

	free(dir);
	return flag;
}

int units_build(struct create *c)
{
	if (kbuild_missing(c))
		return -1;
	for (size_t i = 0; i < c->nr_units; i++) {
		struct build_unit *u = &c->units[i];

		if (unit_read_cmd(c, u) || unit_write_patched(c, u) || unit_compile(c, u))
			return -1;
	}
	return 0;
}

const char *unit_header_root(const struct build_unit *u, const char *file, size_t *len)
{
	for (size_t j = 1; j < u->argc; j++) {
		const char *inc = u->argv[j];

		/* "-I/src/include": <linux/x.h> is include/linux/x.h */
		if (!starts_with(inc, "-I"))
			continue;
		if (starts_with(inc + 2, u->src_prefix))
			inc += 2 + strlen(u->src_prefix);
		else if (starts_with(inc + 2, u->tree_prefix))
			inc += 2 + strlen(u->tree_prefix);
		else
			continue;
		*len = strlen(inc);
		if (*len && !strncmp(file, inc, *len) && file[*len] == '/')
			return inc;
	}
	return NULL;
}

size_t unit_header_flags(const struct build_unit *u, const char *root, char **args, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < u->nr_files && n < max; i++) {
		const char *file = u->files[i], *inc;
		size_t len;

		if (!ends_with(file, ".h"))
			continue;
		inc = unit_header_root(u, file, &len);
		if (inc)
			args[n++] = xasprintf("-I%s/%.*s", root, (int)len, inc);
		else	/* the unit's own header, by a quoted #include */
			args[n++] = xasprintf("-iquote%s/%.*s", root,
					      (int)(strrchr(file, '/') ? strrchr(file, '/') - file : 0),
					      file);
	}
	return n;
}

void build_unit_free(struct build_unit *u)
{
	free(u->src);
	free(u->obj);
	free(u->object);
	strv_free(u->files, u->nr_files);
	strv_free(u->argv, u->argc);
	free(u->src_prefix);
	free(u->tree_prefix);
	free(u->orig_o);
	free(u->patched_o);
	free(u->patched_src);
	free(u->patched_dir);
	changes_free(&u->changes);
	for (size_t i = 0; i < u->nr_funcs; i++) {
		free(u->funcs[i].name);
		free(u->funcs[i].old_name);
		free(u->funcs[i].new_name);
		free(u->funcs[i].why);
		free(u->funcs[i].sympos_why);
	}
	free(u->funcs);
	strv_free(u->copies, u->nr_copies);
	strv_free(u->syms, u->nr_syms);
	strv_free(u->percpu, u->nr_percpu);
	for (size_t i = 0; i < u->nr_local_pos; i++)
		free(u->local_pos[i].name);
	free(u->local_pos);
}
