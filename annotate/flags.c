// SPDX-License-Identifier: GPL-2.0-only
/*
 * The command line, and the compile command each source is parsed with:
 * after "--", from compile_commands.json (-p), from kbuild's .FILE.o.cmd,
 * or, as kbuild's CHECK= tool, straight from kbuild's own argument list.
 */
#include "annotate.h"

#include <clang-c/CXCompilationDatabase.h>
#include <errno.h>
#include <glob.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "symdb.h"
#include "util.h"

static const char usage[] =
	"usage: klp-annotate [options] FILE.c... [-- compiler flags]\n"
	"\n"
	"  --fix               rewrite the sources in place\n"
	"  --check             exit 1 if any source needs an edit; write nothing\n"
	"  --diff              print the edits as a unified diff\n"
	"  --refs              list every kernel symbol the sources reference, with what\n"
	"                      what it needs (exported, defined, sympos OBJ POS, weak, ...)\n"
	"  --parseable-fixits  print fix-its (as clang's -fdiagnostics-parseable-fixits)\n"
	"                      with --check too (the default mode always does)\n"
	"  --export-fixes FILE write the edits as clang-tidy YAML (clang-apply-replacements)\n"
	"  --sarif FILE        write the findings and their fixes as SARIF 2.1.0\n"
	"  --lsp               serve the Language Server Protocol on stdin/stdout\n"
	"  --stdin             read the one FILE.c's text from stdin (e.g. git show :FILE.c)\n"
	"  -p DIR              read flags from DIR/compile_commands.json\n"
	"  --cmd FILE          read flags from a kbuild .FILE.o.cmd\n"
	"  -C, --directory DIR run the compile command from DIR\n"
	"  --extra-arg FLAG    one more compiler flag, after the found ones\n"
	"  --kernel DIR        kernel build or headers dir (Module.symvers, System.map, ...)\n"
	"  --symvers FILE      Module.symvers\n"
	"  --kallsyms FILE     /proc/kallsyms or a copy\n"
	"  --system-map FILE   System.map\n"
	"  --vmlinux FILE, --ko FILE   an ELF symbol table\n"
	"  --modules DIR       every .ko below DIR\n"
	"  --origin FILE       kernel source file the copied code came from\n"
	"  --klp-object OBJ    as if the patch had a klp_object for OBJ (vmlinux or a\n"
	"                      module): for code analysed before its registration exists\n"
	"  --object FILE       cross-check with the built .o or .ko\n"
	"  --extra-arg-before ARG  a compiler flag ahead of the command's own\n"
	"  --module-object FILE  the whole module linked (kbuild's NAME.o): what its\n"
	"                      other files define is the module's own\n"
	"  -v, --verbose       explain every decision\n"
	"  -h, --help          show this help\n"
	"  --version           show the version\n"
	"\n"
	"The symbols are cached in an index, used while their files are unchanged:\n"
	"$KLP_SYMDB_CACHE (\"off\": none), else ~/.cache/klp-tools. So are the\n"
	"headers each unit's leading #include lines bring in, precompiled in the\n"
	"background after a run: KLP_PREAMBLE_CACHE=on (default), wait or off.\n"
	"\n"
	"Exit status: 0 nothing to do (or all fixed), 1 findings, 2 error.\n";

/* Options of ours that take a value: name, and what to do with it. */
enum opt_id { O_P, O_CMD, O_DIR, O_ORIGIN, O_OBJECT, O_EXPORT_FIXES, O_SARIF, O_EXTRA_ARG,
	      O_KLP_OBJECT, O_MODULE_OBJECT, O_EXTRA_ARG_BEFORE };

static const struct {
	const char *name;
	enum opt_id id;
} value_opts[] = {
	{ "-p", O_P },			{ "--cmd", O_CMD },
	{ "-C", O_DIR },		{ "--directory", O_DIR },
	{ "--origin", O_ORIGIN },
	{ "--object", O_OBJECT },	{ "--export-fixes", O_EXPORT_FIXES },
	{ "--sarif", O_SARIF },		{ "--extra-arg", O_EXTRA_ARG },
	{ "--klp-object", O_KLP_OBJECT }, { "--module-object", O_MODULE_OBJECT },
	{ "--extra-arg-before", O_EXTRA_ARG_BEFORE },
};

/* Compiler options whose value is the next argument. */
static const char *const separate_value_flags[] = {
	"-include", "-isystem", "-I", "-D", "-U", "-o", "-x", "-MF", "-MT", "-MQ", "-idirafter",
	"-iquote", "-imacros", "-iprefix", "-Xclang", "-target", "--param", "-isysroot",
};

static void add_input(struct options *opt, enum symdb_input_kind kind, const char *path)
{
	ALLOC_GROW(opt->inputs, opt->nr_inputs, opt->alloc_inputs);
	opt->inputs[opt->nr_inputs].kind = kind;
	opt->inputs[opt->nr_inputs++].path = path;
}

static void add_cflag(struct options *opt, const char *flag)
{
	ALLOC_GROW(opt->cflags, opt->nr_cflags, opt->alloc_cflags);
	opt->cflags[opt->nr_cflags++] = xstrdup(flag);
}

static int set_value(struct options *opt, enum opt_id id, const char *v)
{
	switch (id) {
	case O_P:	 opt->compdb_dir = v; break;
	case O_CMD:	 opt->cmd_file = v; break;
	case O_DIR:	 opt->workdir = v; break;
	case O_ORIGIN:
		ALLOC_GROW(opt->origins, opt->nr_origins, opt->alloc_origins);
		opt->origins[opt->nr_origins++] = v;
		break;
	case O_OBJECT:	 opt->object = v; break;
	case O_MODULE_OBJECT: opt->module_object = v; break;
	case O_KLP_OBJECT:
		ALLOC_GROW(opt->klp_objects, opt->nr_klp_objects, opt->alloc_klp_objects);
		opt->klp_objects[opt->nr_klp_objects++] = v;
		break;
	case O_EXPORT_FIXES: opt->export_fixes = v; break;
	case O_SARIF:	 opt->sarif = v; break;
	case O_EXTRA_ARG_BEFORE:
		if (opt->nr_first_args >= ARRAY_SIZE(opt->first_args))
			return error("too many --extra-arg-before options");
		opt->first_args[opt->nr_first_args++] = v;
		break;
	case O_EXTRA_ARG:
		if (opt->nr_extra_args == ARRAY_SIZE(opt->extra_args))
			return error("more than %zu --extra-arg: use -- FLAGS or -p instead",
				     ARRAY_SIZE(opt->extra_args));
		opt->extra_args[opt->nr_extra_args++] = v;
		break;
	}
	return 0;
}

/* "--kernel=DIR" or "--kernel DIR": 1 if ARG was ours (*i advanced), 0 if not, -1 on error. */
static int parse_value_opt(struct options *opt, int argc, char **argv, int *i)
{
	const char *arg = argv[*i];
	size_t len = strcspn(arg, "=");
	char *name = xstrndup(arg, len);
	int kind = symdb_input_option(name);

	free(name);
	/* the symbol inputs: the options every tool takes alike */
	if (kind >= 0) {
		if (arg[len] == '=') {
			add_input(opt, kind, arg + len + 1);
			return 1;
		}
		if (*i + 1 >= argc)
			return error("%s needs a value", arg);
		add_input(opt, kind, argv[++*i]);
		return 1;
	}

	for (size_t k = 0; k < ARRAY_SIZE(value_opts); k++) {
		size_t n = strlen(value_opts[k].name);

		if (strncmp(arg, value_opts[k].name, n))
			continue;
		if (arg[n] == '=')
			return set_value(opt, value_opts[k].id, arg + n + 1) ? -1 : 1;
		if (arg[n])
			continue;
		if (*i + 1 >= argc)
			return error("%s needs a value", arg);
		return set_value(opt, value_opts[k].id, argv[++*i]) ? -1 : 1;
	}
	return 0;
}

static bool is_source(const char *arg)
{
	return arg[0] != '-' && ends_with(arg, ".c");
}

static bool takes_separate_value(const char *flag)
{
	for (size_t k = 0; k < ARRAY_SIZE(separate_value_flags); k++)
		if (!strcmp(flag, separate_value_flags[k]))
			return true;
	return false;
}

static void add_file(struct options *opt, const char *file)
{
	ALLOC_GROW(opt->files, opt->nr_files, opt->alloc_files);
	opt->files[opt->nr_files++] = file;
}

int options_parse(struct options *opt, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		int ret;

		if (!strcmp(arg, "--")) {
			opt->have_dashdash = true;
			for (i++; i < argc; i++)
				add_cflag(opt, argv[i]);
			break;
		}
		if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			fputs(usage, stdout);
			exit(0);
		}
		if (!strcmp(arg, "--fix"))
			opt->mode = MODE_FIX;
		else if (!strcmp(arg, "--check"))
			opt->mode = MODE_CHECK;
		else if (!strcmp(arg, "--diff"))
			opt->mode = MODE_DIFF;
		else if (!strcmp(arg, "--refs"))
			opt->mode = MODE_REFS;
		else if (!strcmp(arg, "-v") || !strcmp(arg, "--verbose"))
			opt->verbose = true;
		else if (!strcmp(arg, "--version"))
			opt->version = true;
		else if (!strcmp(arg, "--parseable-fixits"))
			opt->parseable_fixits = true;
		else if (!strcmp(arg, "--lsp"))
			opt->lsp = true;
		else if (!strcmp(arg, "--stdin"))
			opt->text_from_stdin = true;
		else if ((ret = parse_value_opt(opt, argc, argv, &i)) < 0)
			return -1;
		else if (ret)
			continue;
		else if (is_source(arg))
			add_file(opt, arg);
		else if (arg[0] == '-') {
			/*
			 * Not ours: we are kbuild's checker
			 * ("make C=2 CHECK=klp-annotate"), which passes
			 * $(CHECKFLAGS) $(c_flags) FILE.c. Our own options
			 * then come through CF="--kernel=DIR ...".
			 */
			opt->checker = true;
			add_cflag(opt, arg);
			if (takes_separate_value(arg) && i + 1 < argc)
				add_cflag(opt, argv[++i]);
		} else {
			return error("%s: not a C source (expected FILE.c); run with --help", arg);
		}
	}
	if (opt->version)
		return 0;
	if (opt->lsp) {
		/* The editor names the files; each is analysed as it opens it. */
		if (opt->nr_files)
			return error("--lsp takes no source files: the editor sends them");
		if (opt->mode != MODE_DIAG || opt->export_fixes || opt->sarif)
			return error("--lsp cannot be combined with --fix, --check, --diff, --refs, --export-fixes or --sarif");
		return 0;
	}
	if (!opt->nr_files)
		return error("no source file given; run with --help");
	if (opt->text_from_stdin && (opt->nr_files != 1 || opt->mode == MODE_FIX))
		return error("--stdin reads the text of one file, and cannot --fix it: name one file, and use --check, --diff or the default mode");
	checker_find_object(opt);
	return 0;
}

/*
 * Flags clang rejects or must not see. gcc-only ones first (measured on
 * Debian 6.1 units, clang 14 and 19), then sparse's (kbuild's CHECKFLAGS),
 * then the ones that would make libclang write files: left in, -Wp,-MMD
 * rewrites kbuild's .d file.
 */
static const char *const dropped_flags[] = {
	"-fconserve-stack", "-fno-allow-store-data-races", "-mindirect-branch-register",
	"-mrecord-mcount", "-mindirect-branch-cs-prefix", "-ftrivial-auto-var-init=zero",
	"-fno-var-tracking-assignments", "-fno-ipa-sra", "-fmin-function-alignment=16",
	"-mlittle-endian", "-mbig-endian", "-Wbitwise", "-Wno-return-void",
	"-Wno-unknown-attribute", "-D__STDC__",
	"-fno-code-hoisting",	/* crypto/aes_generic.o's own gcc flag */
	"-c", "-MD", "-MMD", "-MP",
};
static const char *const dropped_prefixes[] = {
	"-mindirect-branch=", "-mpreferred-stack-boundary=", "-mfunction-return=",
	"--arch=", "-Wp,-MD", "-Wp,-MMD", "-fsanitize-coverage", "-fpatchable-function-entry=",
};
static const char *const dropped_with_value[] = { "-o", "-MF", "-MT", "-MQ" };

/* How many words, from F on, clang must not see: 0, 1, or 2 for "-o FILE". */
static size_t flag_drop_words(const char *f)
{
	for (size_t k = 0; k < ARRAY_SIZE(dropped_with_value); k++)
		if (!strcmp(f, dropped_with_value[k]))
			return 2;
	for (size_t k = 0; k < ARRAY_SIZE(dropped_flags); k++)
		if (!strcmp(f, dropped_flags[k]))
			return 1;
	for (size_t k = 0; k < ARRAY_SIZE(dropped_prefixes); k++)
		if (starts_with(f, dropped_prefixes[k]))
			return 1;
	return 0;
}

static void cmd_push(struct compile_cmd *cmd, const char *arg)
{
	ALLOC_GROW(cmd->argv, cmd->argc, cmd->alloc);
	cmd->argv[cmd->argc++] = xstrdup(arg);
}

/* Copy ARGV into CMD without what clang must not see and without the source itself. */
static void cmd_add_filtered(struct compile_cmd *cmd, char **argv, size_t argc)
{
	for (size_t i = 0; i < argc; i++) {
		const char *f = argv[i];
		size_t drop = flag_drop_words(f);

		if (drop) {
			i += drop - 1;
			continue;
		}
		/*
		 * A compile command names one source: ours, or, for a copy of
		 * the file or a .o.cmd given with --cmd, the one it was made
		 * for. Either way the unit we parse is ABSPATH.
		 */
		if (f[0] != '-' && ends_with(f, ".c"))
			continue;
		cmd_push(cmd, f);
		if (takes_separate_value(f) && i + 1 < argc)
			cmd_push(cmd, argv[++i]);
	}
	/* What clang does not know of a gcc command line is noise, not an error. */
	cmd_push(cmd, "-Wno-unknown-warning-option");
	cmd_push(cmd, "-Wno-ignored-optimization-argument");
	cmd_push(cmd, "-Wno-unused-command-line-argument");
}

void compile_cmd_free(struct compile_cmd *cmd)
{
	for (size_t i = 0; i < cmd->argc; i++)
		free(cmd->argv[i]);
	free(cmd->argv);
	free(cmd->dir);
	memset(cmd, 0, sizeof(*cmd));
}

static char *cwd_dup(void)
{
	char *d = getcwd(NULL, 0);

	if (!d)
		die("getcwd: %s", strerror(errno));
	return d;
}

static int cmd_from_compdb(const struct options *opt, const char *abspath, struct compile_cmd *cmd)
{
	CXCompilationDatabase_Error err;
	CXCompilationDatabase db = clang_CompilationDatabase_fromDirectory(opt->compdb_dir, &err);
	CXCompileCommands cmds;
	CXString s;
	char **argv;
	size_t argc;

	if (err != CXCompilationDatabase_NoError)
		return error("%s/compile_commands.json: cannot be read; fix -p", opt->compdb_dir);
	cmds = clang_CompilationDatabase_getCompileCommands(db, abspath);
	if (!cmds || !clang_CompileCommands_getSize(cmds)) {
		if (cmds)
			clang_CompileCommands_dispose(cmds);
		clang_CompilationDatabase_dispose(db);
		return error("%s: no entry in %s/compile_commands.json", abspath, opt->compdb_dir);
	}
	CXCompileCommand c = clang_CompileCommands_getCommand(cmds, 0);

	s = clang_CompileCommand_getDirectory(c);
	cmd->dir = xstrdup(opt->workdir ? opt->workdir : clang_getCString(s));
	clang_disposeString(s);
	argc = clang_CompileCommand_getNumArgs(c);
	argv = xcalloc(argc, sizeof(*argv));
	for (size_t i = 0; i < argc; i++) {
		s = clang_CompileCommand_getArg(c, i);
		argv[i] = xstrdup(clang_getCString(s));
		clang_disposeString(s);
	}
	/* argv[0] is the compiler. */
	if (argc)
		cmd_add_filtered(cmd, argv + 1, argc - 1);
	for (size_t i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
	clang_CompileCommands_dispose(cmds);
	clang_CompilationDatabase_dispose(db);
	return 0;
}

static char *kbuild_cmd_path(const char *abspath)
{
	const char *slash = strrchr(abspath, '/');
	char *base = xstrdup(slash + 1);
	char *path;

	base[strlen(base) - 2] = 0;	/* drop ".c" */
	path = xasprintf("%.*s/.%s.o.cmd", (int)(slash - abspath), abspath, base);
	free(base);
	return path;
}

/* The kernel dir the user gave. */
static const char *kernel_input(const struct options *opt)
{
	for (size_t i = 0; i < opt->nr_inputs; i++)
		if (opt->inputs[i].kind == SYMDB_KERNEL)
			return opt->inputs[i].path;
	return NULL;
}

/*
 * Where kbuild ran the compiler: the kernel dir itself if it is a kbuild
 * tree (it has include/generated/autoconf.h), else the one kbuild headers
 * directory inside it, as in unpacked Debian packages
 * ([root/]usr/src/linux-headers-<kver>). NULL if neither.
 */
static char *kbuild_dir_in(const char *kernel)
{
	static const char *const patterns[] = {
		"%s/usr/src/linux-headers-*/include/generated/autoconf.h",
		"%s/root/usr/src/linux-headers-*/include/generated/autoconf.h",
	};
	char *p = xasprintf("%s/include/generated/autoconf.h", kernel);
	char *dir = NULL;
	struct stat st;

	if (stat(p, &st) == 0) {
		free(p);
		return xstrdup(kernel);
	}
	free(p);
	for (size_t i = 0; i < ARRAY_SIZE(patterns) && !dir; i++) {
		glob_t g;

		p = xasprintf(patterns[i], kernel);
		if (glob(p, 0, NULL, &g) == 0 && g.gl_pathc == 1)
			dir = xstrndup(g.gl_pathv[0],
				       strlen(g.gl_pathv[0]) - strlen("/include/generated/autoconf.h"));
		globfree(&g);
		free(p);
	}
	return dir;
}

static int cmd_from_kbuild(const struct options *opt, const char *path, struct compile_cmd *cmd)
{
	char *text = read_file(path, NULL), *line;
	char **argv;
	size_t argc;
	const char *kernel = kernel_input(opt);

	if (!text)
		return error("%s: %s", path, strerror(errno));
	/* "cmd_foo.o := gcc ..." (6.1), "savedcmd_foo.o := ..." (6.3 and later). */
	line = strstr(text, " := ");
	if (!(starts_with(text, "cmd_") || starts_with(text, "savedcmd_")) || !line) {
		free(text);
		return error("%s: not a kbuild .o.cmd file (no \"cmd_...\" line)", path);
	}
	/* kbuild ran the compiler from the kernel build dir: -I./include is relative to it. */
	if (opt->workdir) {
		cmd->dir = xstrdup(opt->workdir);
	} else if (kernel) {
		cmd->dir = kbuild_dir_in(kernel);
		if (!cmd->dir)
			cmd->dir = xstrdup(kernel);
	} else {
		cmd->dir = cwd_dup();
	}
	argv = shell_split(line + 4, &argc);
	if (argc)
		cmd_add_filtered(cmd, argv + 1, argc - 1);
	for (size_t i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
	free(text);
	return 0;
}

/*
 * As kbuild's checker we run right after kbuild compiled FILE.o from
 * FILE.c: that object is the cross-check, unless it is older than the
 * source (then it is not this source's).
 */
void checker_find_object(struct options *opt)
{
	struct stat src, obj;
	char *path;

	if (!opt->checker || opt->object || opt->nr_files != 1)
		return;
	path = xstrdup(opt->files[0]);
	path[strlen(path) - 1] = 'o';
	if (stat(opt->files[0], &src) == 0 && stat(path, &obj) == 0 &&
	    obj.st_mtim.tv_sec >= src.st_mtim.tv_sec) {
		opt->object = path;
		opt->object_owned = path;
		return;
	}
	free(path);
}

/*
 * --extra-arg flags go last, after whichever command was found (as
 * clang-tidy's), through the same filter: "-Wp,-MD,..." must not make
 * libclang write a file there either.
 */
static int cmd_add_extra(const struct options *opt, struct compile_cmd *cmd, int ret)
{
	for (size_t i = 0; !ret && i < opt->nr_first_args; i++) {
		ALLOC_GROW(cmd->argv, cmd->argc, cmd->alloc);
		memmove(cmd->argv + i + 1, cmd->argv + i, (cmd->argc - i) * sizeof(*cmd->argv));
		cmd->argc++;
		cmd->argv[i] = xstrdup(opt->first_args[i]);
	}
	for (size_t i = 0; !ret && i < opt->nr_extra_args; i++) {
		const char *f = opt->extra_args[i];
		size_t drop = flag_drop_words(f);

		if (drop)
			i += drop - 1;
		else
			cmd_push(cmd, f);
	}
	return ret;
}

static int cmd_find(const struct options *opt, const char *abspath, struct compile_cmd *cmd)
{
	char *kcmd;
	int ret;

	if (opt->have_dashdash || opt->checker) {
		cmd->dir = opt->workdir ? xstrdup(opt->workdir) : cwd_dup();
		cmd_add_filtered(cmd, opt->cflags, opt->nr_cflags);
		return 0;
	}
	if (opt->compdb_dir)
		return cmd_from_compdb(opt, abspath, cmd);
	if (opt->cmd_file)
		return cmd_from_kbuild(opt, opt->cmd_file, cmd);
	kcmd = kbuild_cmd_path(abspath);
	if (access(kcmd, R_OK) == 0) {
		ret = cmd_from_kbuild(opt, kcmd, cmd);
		free(kcmd);
		return ret;
	}
	free(kcmd);
	/* A plain C file: no flags at all. Parse errors still stop us. */
	cmd->dir = opt->workdir ? xstrdup(opt->workdir) : cwd_dup();
	cmd_add_filtered(cmd, NULL, 0);
	return 0;
}

int compile_cmd_find(const struct options *opt, const char *abspath, struct compile_cmd *cmd)
{
	return cmd_add_extra(opt, cmd, cmd_find(opt, abspath, cmd));
}

static int symbols_load(struct job *job)
{
	const struct options *opt = &job->opt;
	/* As kbuild's checker we run from the kernel build dir (checked in main). */
	struct symdb_input cwd_kernel = { SYMDB_KERNEL, job->symbols_from_cwd };

	job->db = symdb_new();
	if (opt->nr_inputs)
		return symdb_load(job->db, opt->inputs, opt->nr_inputs, job->symbols_cache);
	if (job->symbols_from_cwd)
		return symdb_load(job->db, &cwd_kernel, 1, job->symbols_cache);
	return error("no kernel symbols: give --kernel DIR, --symvers, --kallsyms or "
		     "--system-map");
}

static void symbols_note(const struct job *job)
{
	struct symdb_stats st;

	symdb_get_stats(job->db, &st);
	note("symbols loaded in %.3f s, alongside the parse (index %s%s%s)",
	     job->symbols_time, st.index, st.index_path ? ": " : "",
	     st.index_path ? st.index_path : "");
}

static void *symbols_thread(void *data)
{
	struct job *job = data;
	double t0 = now();

	job->symbols_ret = symbols_load(job);
	job->symbols_time = now() - t0;
	return NULL;
}

/*
 * Parsing takes a core for most of a second and reading a full kallsyms
 * about a tenth of that; libclang parses on one thread, so the symbols
 * load on another meanwhile, and the run costs about one parse.
 */
int symbols_load_start(struct job *job)
{
	struct options *opt = &job->opt;
	char *cwd = cwd_dup();
	struct stat st;

	/* The parse changes directory meanwhile: the loader needs absolute paths. */
	job->input_paths = xcalloc(opt->nr_inputs + 1, sizeof(*job->input_paths));
	for (size_t i = 0; i < opt->nr_inputs; i++) {
		const char *p = opt->inputs[i].path;

		job->input_paths[i] = p[0] == '/' ? xstrdup(p) : xasprintf("%s/%s", cwd, p);
		opt->inputs[i].path = job->input_paths[i];
	}
	job->symbols_cache = symdb_cache_dir();
	if (!opt->nr_inputs && opt->checker && stat("Module.symvers", &st) == 0)
		job->symbols_from_cwd = cwd;
	else
		free(cwd);
	if (pthread_create(&job->symbols_tid, NULL, symbols_thread, job)) {
		job->symbols_ret = symbols_load(job);
		return job->symbols_ret;
	}
	job->symbols_started = true;
	return 0;
}

int symbols_load_wait(struct job *job)
{
	if (job->symbols_started) {
		pthread_join(job->symbols_tid, NULL);
		job->symbols_started = false;
		if (job->opt.verbose && !job->symbols_ret)
			symbols_note(job);
	}
	return job->symbols_ret;
}
