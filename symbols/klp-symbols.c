// SPDX-License-Identifier: GPL-2.0-only
/*
 * klp-symbols: load the same inputs klp-annotate and klp-convert would,
 * and answer one query about them. For tests, and for a human asking
 * "why did it pick sympos 2?".
 *
 * Exit status: 0 found, 1 not found, 2 error; of several commands, the
 * worst.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "symdb.h"
#include "util.h"

static const char usage_text[] =
	"usage: klp-symbols [-v] [INPUT...] COMMAND [ARG...] [';' COMMAND [ARG...]]...\n"
	"\n"
	"Inputs, loaded in order (the first input to describe an object wins):\n"
	"  -s, --symvers FILE       Module.symvers\n"
	"  -k, --kallsyms FILE      /proc/kallsyms or System.map\n"
	"  -e, --elf FILE           vmlinux or a .ko (or .ko.xz, .ko.zst, .ko.gz)\n"
	"  -m, --modules DIR        every .ko (.ko.xz, .ko.zst, .ko.gz) below DIR\n"
	"  -K, --kernel-dir DIR     kbuild output or headers dir, or an unpacked kernel\n"
	"\n"
	"What they load is cached in an index ($KLP_SYMDB_CACHE, else\n"
	"$XDG_CACHE_HOME/klp-tools or ~/.cache/klp-tools; KLP_SYMDB_CACHE=off: none),\n"
	"used while none of the files read has changed. Each command checks the files\n"
	"its answer comes from: a command about one object, those read up to it.\n"
	"  -v, --verbose            say how many of them the commands checked\n"
	"\n"
	"Several commands, each after a ';' argument, ask the one database in turn,\n"
	"as a tool with several questions does. Commands:\n"
	"  export NAME              is NAME exported: object, license, namespace, CRC\n"
	"  find NAME                every occurrence of NAME, in every object\n"
	"  sympos OBJ NAME [POS]    NAME's occurrences in OBJ, or the one the kernel\n"
	"                           resolves for POS (0: the name must be unique)\n"
	"  count OBJ NAME           how many symbols named NAME OBJ has\n"
	"  neighbours OBJ NAME POS N\n"
	"                           the N symbols before and after that occurrence\n"
	"  clones NAME              GCC clones of NAME (NAME.isra.0, NAME.cold, ...)\n"
	"  dump [OBJ]               all symbols (of OBJ) in kallsyms order\n"
	"  objects                  objects, their symbol counts and sources\n"
	"  object OBJ               is OBJ known (symbols or exports), from where\n"
	"  module-name PATH         the object name the kernel gives module PATH\n"
	"  stats                    totals, load time and the index used\n"
	"\n"
	"A symbol prints as: OBJ #ORDER NAME SYMPOS/COUNT TYPE ADDRESS FILE, and for a\n"
	"module read from its .ko whose position differs while it is loading (its\n"
	".init symbols still count then), \"while-loading SYMPOS/COUNT\" too.\n";

static void usage(void)
{
	fputs(usage_text, stderr);
	exit(2);
}

static void print_sym(const struct symdb_sym *s)
{
	printf("%s #%zu %s %lu/%lu %c %016llx %s", s->obj, s->order, s->name, s->sympos,
	       s->count, s->type, (unsigned long long)s->addr, s->file ? s->file : "-");
	/* The module counts differently while it loads: worth a warning. */
	if (s->load_count && (s->load_sympos != s->sympos || s->load_count != s->count))
		printf(" while-loading %lu/%lu", s->load_sympos, s->load_count);
	putchar('\n');
}

static int parse_ulong(const char *s, const char *what, unsigned long *val)
{
	char *end;

	*val = 0;
	if (!*s || *s == '-')
		return error("%s '%s' is not a number", what, s);
	*val = strtoul(s, &end, 10);
	if (*end)
		return error("%s '%s' is not a number", what, s);
	return 0;
}

static int cmd_export(struct symdb *db, int argc, char **argv)
{
	const struct symdb_export *e;

	if (argc != 1)
		usage();
	e = symdb_find_export(db, argv[0]);
	if (!e) {
		printf("%s not exported\n", argv[0]);
		return 1;
	}
	printf("%s %s %s %s 0x%08x\n", e->name, e->obj,
	       e->gpl_only ? "EXPORT_SYMBOL_GPL" : "EXPORT_SYMBOL", *e->ns ? e->ns : "-",
	       e->crc);
	return 0;
}

static int cmd_find(struct symdb *db, int argc, char **argv)
{
	const struct symdb_sym *s;
	int found = 0;

	if (argc != 1)
		usage();
	for_each_symdb_sym(db, argv[0], s) {
		print_sym(s);
		found = 1;
	}
	if (!found)
		printf("%s not found\n", argv[0]);
	return !found;
}

static int cmd_sympos(struct symdb *db, int argc, char **argv)
{
	const struct symdb_sym *s;
	unsigned long pos, count;

	if (argc != 2 && argc != 3)
		usage();
	count = symdb_count(db, argv[0], argv[1]);
	if (argc == 2) {
		for (pos = 1; pos <= count; pos++)
			print_sym(symdb_find_in_obj(db, argv[0], argv[1], pos));
		if (!count)
			printf("%s not found in %s\n", argv[1], argv[0]);
		return !count;
	}
	if (parse_ulong(argv[2], "position", &pos))
		return 2;
	s = symdb_find_in_obj(db, argv[0], argv[1], pos);
	if (s) {
		print_sym(s);
		return 0;
	}
	if (!count)
		printf("%s not found in %s\n", argv[1], argv[0]);
	else if (!pos)
		printf("%s is ambiguous in %s: %lu symbols, pass a position 1..%lu\n", argv[1],
		       argv[0], count, count);
	else
		printf("%s has no position %lu in %s: %lu symbols\n", argv[1], pos, argv[0],
		       count);
	return 1;
}

static int cmd_count(struct symdb *db, int argc, char **argv)
{
	unsigned long n;

	if (argc != 2)
		usage();
	n = symdb_count(db, argv[0], argv[1]);
	printf("%lu\n", n);
	return !n;
}

static int cmd_neighbours(struct symdb *db, int argc, char **argv)
{
	const struct symdb_sym *s, *n;
	unsigned long pos, width;
	long d;

	if (argc != 4)
		usage();
	if (parse_ulong(argv[2], "position", &pos) || parse_ulong(argv[3], "width", &width))
		return 2;
	s = symdb_find_in_obj(db, argv[0], argv[1], pos);
	if (!s) {
		printf("%s,%lu not found in %s\n", argv[1], pos, argv[0]);
		return 1;
	}
	if (width > 1000000)
		width = 1000000;
	for (d = -(long)width; d <= (long)width; d++) {
		n = symdb_neighbour(db, s, d);
		if (!n)
			continue;
		printf("%+ld ", d);
		print_sym(n);
	}
	return 0;
}

static int cmd_clones(struct symdb *db, int argc, char **argv)
{
	const struct symdb_sym *s;
	int found = 0;

	if (argc != 1)
		usage();
	for (s = symdb_find_clone(db, argv[0]); s; s = symdb_next_clone(db, s)) {
		print_sym(s);
		found = 1;
	}
	if (!found)
		printf("%s has no clones\n", argv[0]);
	return !found;
}

static void dump_obj(struct symdb *db, const char *obj)
{
	const struct symdb_sym *s;
	size_t i;

	for (i = 0; (s = symdb_obj_sym(db, obj, i)); i++)
		print_sym(s);
}

static int cmd_dump(struct symdb *db, int argc, char **argv)
{
	const char *obj;
	size_t i;

	if (argc > 1)
		usage();
	if (argc == 1) {
		if (!symdb_obj_sym(db, argv[0], 0)) {
			printf("%s has no symbols\n", argv[0]);
			return 1;
		}
		dump_obj(db, argv[0]);
		return 0;
	}
	for (i = 0; (obj = symdb_obj_at(db, i)); i++)
		dump_obj(db, obj);
	return 0;
}

static int cmd_objects(struct symdb *db, int argc)
{
	const char *obj, *src;
	size_t i;

	if (argc)
		usage();
	for (i = 0; (obj = symdb_obj_at(db, i)); i++) {
		src = symdb_obj_source(db, obj);
		printf("%s %zu %s\n", obj, symdb_obj_nr_syms(db, obj), src ? src : "-");
	}
	return 0;
}

static int cmd_object(struct symdb *db, int argc, char **argv)
{
	const char *src;

	if (argc != 1)
		usage();
	if (!symdb_has_obj(db, argv[0])) {
		printf("%s unknown\n", argv[0]);
		return 1;
	}
	src = symdb_obj_source(db, argv[0]);
	printf("%s %zu symbols from %s\n", argv[0], symdb_obj_nr_syms(db, argv[0]),
	       src ? src : "no symbol table (exports only)");
	return 0;
}

static int cmd_module_name(int argc, char **argv)
{
	char *name;

	if (argc != 1)
		usage();
	name = symdb_module_name(argv[0]);
	printf("%s\n", name);
	free(name);
	return 0;
}

static int cmd_stats(struct symdb *db, int argc, double load_ms)
{
	struct symdb_stats st;

	if (argc)
		usage();
	symdb_get_stats(db, &st);
	printf("objects %zu\nsymbols %zu\nexports %zu\nsymbol-tables %s\nload-ms %.1f\n",
	       st.objs, st.syms, st.exports, symdb_has_symbols(db) ? "yes" : "no", load_ms);
	printf("index %s\n", st.index);
	if (st.index_path)
		printf("index-path %s\n", st.index_path);
	return 0;
}

/* How far the commands had the index checked: the -v note. */
static void index_note(struct symdb *db)
{
	struct symdb_index_use use;
	struct symdb_stats st;

	/* After the answers, when both go to one pipe. */
	fflush(stdout);
	symdb_index_use(db, &use);
	if (!use.recorded) {
		/* No index read: no check to wait for. */
		symdb_get_stats(db, &st);
		note("symbol index %s", st.index);
		return;
	}
	note("symbol index: %zu of the %zu files and directories it was built from checked%s",
	     use.checked, use.recorded,
	     use.stale ? "; one had changed, so the inputs were loaded again" : "");
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static enum symdb_input_kind input_kind(int opt)
{
	switch (opt) {
	case 's':
		return SYMDB_SYMVERS;
	case 'k':
		return SYMDB_KALLSYMS;
	case 'e':
		return SYMDB_ELF;
	case 'm':
		return SYMDB_MODULES;
	}
	return SYMDB_KERNEL;
}

static int run(struct symdb *db, int argc, char **argv, double load_ms)
{
	const char *cmd = argv[0];

	argc--;
	argv++;
	if (!strcmp(cmd, "export"))
		return cmd_export(db, argc, argv);
	if (!strcmp(cmd, "find"))
		return cmd_find(db, argc, argv);
	if (!strcmp(cmd, "sympos"))
		return cmd_sympos(db, argc, argv);
	if (!strcmp(cmd, "count"))
		return cmd_count(db, argc, argv);
	if (!strcmp(cmd, "neighbours") || !strcmp(cmd, "neighbors"))
		return cmd_neighbours(db, argc, argv);
	if (!strcmp(cmd, "clones"))
		return cmd_clones(db, argc, argv);
	if (!strcmp(cmd, "dump"))
		return cmd_dump(db, argc, argv);
	if (!strcmp(cmd, "objects"))
		return cmd_objects(db, argc);
	if (!strcmp(cmd, "object"))
		return cmd_object(db, argc, argv);
	if (!strcmp(cmd, "module-name"))
		return cmd_module_name(argc, argv);
	if (!strcmp(cmd, "stats"))
		return cmd_stats(db, argc, load_ms);
	error("unknown command '%s'; see klp-symbols --help", cmd);
	return 2;
}

/* Each command of ARGV, split at ";" arguments: the worst exit status. */
static int run_all(struct symdb *db, int argc, char **argv, double load_ms)
{
	int ret = 0, start, end, r;

	for (start = 0; start <= argc; start = end + 1) {
		for (end = start; end < argc && strcmp(argv[end], ";"); end++)
			;
		if (end == start)
			usage();
		r = run(db, end - start, argv + start, load_ms);
		if (r > ret)
			ret = r;
		if (end == argc)
			break;
	}
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "symvers", required_argument, NULL, 's' },
		{ "kallsyms", required_argument, NULL, 'k' },
		{ "elf", required_argument, NULL, 'e' },
		{ "modules", required_argument, NULL, 'm' },
		{ "kernel-dir", required_argument, NULL, 'K' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct symdb_input *inputs = xcalloc(argc, sizeof(*inputs));
	size_t nr_inputs = 0;
	struct symdb *db;
	char *cache_dir;
	double start, load_ms;
	bool verbose = false;
	int opt, ret;

	progname = "klp-symbols";
	/* "+": stop at the command, so its arguments may start with '-'. */
	while ((opt = getopt_long(argc, argv, "+s:k:e:m:K:vh", opts, NULL)) != -1) {
		if (opt == 'h') {
			fputs(usage_text, stdout);
			free(inputs);
			return 0;
		}
		if (opt == '?')
			usage();
		if (opt == 'v') {
			verbose = true;
			continue;
		}
		inputs[nr_inputs].kind = input_kind(opt);
		inputs[nr_inputs++].path = optarg;
	}
	if (optind >= argc)
		usage();
	db = symdb_new();
	cache_dir = symdb_cache_dir();
	start = now_ms();
	ret = symdb_load(db, inputs, nr_inputs, cache_dir);
	load_ms = now_ms() - start;
	if (!ret) {
		ret = run_all(db, argc - optind, argv + optind, load_ms);
		if (verbose)
			index_note(db);
	} else {
		ret = 2;
	}
	symdb_free(db);
	free(cache_dir);
	free(inputs);
	return ret;
}
