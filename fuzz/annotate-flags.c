// SPDX-License-Identifier: GPL-2.0-only
/*
 * klp-annotate's command line and compile commands: options_parse() on an
 * argument list, then compile_cmd_find() for each source, with the flags
 * from "--" or checker mode, a kbuild .o.cmd file, or a
 * compile_commands.json.
 *
 * The input: one byte that picks where the flags come from (0: the
 * command line, 1: .unit.o.cmd found beside the source, 2: the same file
 * through --cmd, 3: compile_commands.json through -p), the arguments
 * separated by NULs, then two NULs and the file's text.
 *
 * The harness reads only files it wrote: -p and --cmd in the arguments
 * are overridden, and --help (which exits) is skipped.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "annotate.h"
#include "fuzz.h"
#include "util.h"

/*
 * flags.c times the symbol load with now(), from parse.c, which would
 * bring the whole libclang parse along; the same clock, here.
 */
double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void options_free(struct options *opt)
{
	for (size_t i = 0; i < opt->nr_cflags; i++)
		free(opt->cflags[i]);
	free(opt->cflags);
	free(opt->files);
	free(opt->inputs);
	free(opt->origins);
	free(opt->klp_objects);
	free(opt->object_owned);
}

/* Split "a\0b\0c" into argv[1..]; argv[0] is the program. */
static char **args_split(const char *s, size_t len, int *argc)
{
	char **argv = xcalloc(len + 3, sizeof(*argv));
	size_t i = 0;
	int n = 0;

	argv[n++] = xstrdup("klp-annotate");
	while (i < len) {
		size_t w = strnlen(s + i, len - i);
		char *arg = xstrndup(s + i, w);

		if (!strcmp(arg, "-h") || !strcmp(arg, "--help"))
			free(arg);
		else
			argv[n++] = arg;
		i += w + 1;
	}
	*argc = n;
	return argv;
}

/* The flags of flags.c's separate_value_flags[] that a header or macro name may follow. */
static bool takes_value(const char *flag)
{
	static const char *const flags[] = {
		"-include", "-isystem", "-I", "-D", "-U", "-o", "-x", "-MF", "-MT", "-MQ",
		"-idirafter", "-iquote", "-imacros", "-iprefix", "-Xclang", "-target", "--param",
		"-isysroot",
	};

	for (size_t i = 0; i < ARRAY_SIZE(flags); i++)
		if (!strcmp(flag, flags[i]))
			return true;
	return false;
}

static void cmd_check(const struct compile_cmd *cmd)
{
	if (!cmd->dir)
		die("compile command without a directory");
	for (size_t i = 0; i < cmd->argc; i++) {
		if (!cmd->argv[i])
			die("compile command argument %zu is NULL", i);
		/*
		 * These would make libclang write kbuild's files or ours,
		 * unless they are the value of the flag before ("-include
		 * -Wp,-MD.h" names a header).
		 */
		if ((starts_with(cmd->argv[i], "-Wp,-MMD") || starts_with(cmd->argv[i], "-Wp,-MD")) &&
		    !(i && takes_value(cmd->argv[i - 1])))
			die("compile command keeps %s", cmd->argv[i]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *sep = size > 1 ? memmem(data + 1, size - 1, "\0\0", 2) : NULL;
	const char *args = (const char *)data + 1, *text = "";
	size_t args_len = size ? size - 1 : 0, text_len = 0;
	struct options opt = { 0 };
	char *unit, *cmdfile;
	char **argv;
	int argc, mode;

	if (!size)
		return 0;
	progname = "klp-annotate";
	mode = data[0] % 4;
	if (sep) {
		args_len = sep - args;
		text = sep + 2;
		text_len = (const char *)data + size - text;
	}
	unit = xstrdup(fuzz_path("unit.c"));
	cmdfile = xstrdup(fuzz_path(".unit.o.cmd"));
	fuzz_write(unit, "", 0);
	if (mode == 1 || mode == 2)
		fuzz_write(cmdfile, text, text_len);
	else if (mode == 3)
		fuzz_write(fuzz_path("compile_commands.json"), text, text_len);

	argv = args_split(args, args_len, &argc);
	if (!options_parse(&opt, argc, argv)) {
		opt.cmd_file = mode == 2 ? cmdfile : NULL;
		opt.compdb_dir = mode == 3 ? fuzz_dir() : NULL;
		for (size_t i = 0; i < opt.nr_files; i++) {
			struct compile_cmd cmd = { 0 };

			if (!compile_cmd_find(&opt, unit, &cmd))
				cmd_check(&cmd);
			compile_cmd_free(&cmd);
		}
	}
	options_free(&opt);
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
	free(unit);
	free(cmdfile);
	fuzz_clean();
	return 0;
}
