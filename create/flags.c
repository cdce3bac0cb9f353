// SPDX-License-Identifier: GPL-2.0-only
/*
 * klp-create's command line. The target kernel's symbols are named as
 * klp-annotate names them (--kernel DIR, --symvers, --kallsyms, ...).
 */
#include "create.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: klp-create [options] PATCH... -o DIR --name NAME\n"
	"\n"
	"  -o DIR              write the livepatch module's source here\n"
	"  --name NAME         the module's name\n"
	"  --source DIR        the kernel's source tree (never written)\n"
	"  --build DIR         its prepared kbuild tree (O=), where units' .o.cmd are\n"
	"  --build-cmd CMD     run 'CMD UNIT.o...' to build units not built there yet\n"
	"  --work DIR          objects and patched copies (default: BUILD/klp-create)\n"
	"  --kernel DIR        the target kernel (scripts/kernel-fetch's cache dir)\n"
	"  --symvers, --kallsyms, --system-map, --vmlinux, --ko FILE, --modules DIR\n"
	"                      the target's symbols, as klp-annotate takes them\n"
	"  --unit FILE.c       patch a header change in this unit (repeatable)\n"
	"  --dry-run           print the report only\n"
	"  -v, --verbose       say what runs\n";

/* "--opt=V" or "--opt V": V, or NULL when ARG is not OPT. */
static const char *value_of(const char *opt, int argc, char **argv, int *i, int *bad)
{
	size_t n = strlen(opt);

	if (strncmp(argv[*i], opt, n))
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n])
		return NULL;
	if (*i + 1 >= argc) {
		*bad = error("%s needs a value", opt);
		return NULL;
	}
	return argv[++*i];
}

static int option(struct create_options *opt, int argc, char **argv, int *i)
{
	const char *v;
	int bad = 0;

	{
		size_t len = strcspn(argv[*i], "=");
		char *name = xstrndup(argv[*i], len);
		int kind = symdb_input_option(name);

		if (kind >= 0 && (v = value_of(name, argc, argv, i, &bad))) {
			ALLOC_GROW(opt->inputs, opt->nr_inputs, opt->alloc_inputs);
			opt->inputs[opt->nr_inputs].kind = kind;
			opt->inputs[opt->nr_inputs++].path = v;
			if (kind == SYMDB_KERNEL)
				opt->kernel = v;
		}
		free(name);
		if (kind >= 0)
			return bad ? -1 : 1;
	}
	if ((v = value_of("-o", argc, argv, i, &bad)))
		opt->outdir = v;
	else if ((v = value_of("--name", argc, argv, i, &bad)))
		opt->name = v;
	else if ((v = value_of("--source", argc, argv, i, &bad)))
		opt->source = v;
	else if ((v = value_of("--build-cmd", argc, argv, i, &bad)))
		opt->build_cmd = v;
	else if ((v = value_of("--build", argc, argv, i, &bad)))
		opt->build = v;
	else if ((v = value_of("--work", argc, argv, i, &bad)))
		opt->work = v;
	else if ((v = value_of("--unit", argc, argv, i, &bad))) {
		ALLOC_GROW(opt->units, opt->nr_units, opt->alloc_units);
		opt->units[opt->nr_units++] = v;
	}
	return bad ? -1 : v ? 1 : 0;
}

static bool is_ident_char(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* A module name kbuild and the kernel take: [A-Za-z0-9_-], not empty. */
static bool name_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!(is_ident_char(*s) || *s == '-'))
			return false;
	return true;
}

int create_options_parse(struct create_options *opt, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int r;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage, stdout);
			exit(0);
		} else if (!strcmp(a, "--version")) {
			opt->version = true;
			return 0;
		} else if (!strcmp(a, "--dry-run")) {
			opt->dry_run = true;
		} else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
			opt->verbose = true;
		} else if ((r = option(opt, argc, argv, &i))) {
			if (r < 0)
				return -1;
		} else if (a[0] == '-' && a[1]) {
			return error("unknown option %s (klp-create --help)", a);
		} else {
			ALLOC_GROW(opt->patches, opt->nr_patches, opt->alloc_patches);
			opt->patches[opt->nr_patches++] = a;
		}
	}
	if (!opt->nr_patches)
		return error("no patch given\n%s", usage);
	if (!opt->source || !opt->build)
		return error("--source and --build are needed: the kernel's source and its prepared kbuild tree (scripts/kernel-source, scripts/kernel-build prepare)");
	if (!opt->dry_run && (!opt->outdir || !opt->name))
		return error("-o DIR and --name NAME are needed (or --dry-run)");
	if (opt->name && !name_ok(opt->name))
		return error("--name %s: a module name is letters, digits, '_' and '-'", opt->name);
	return 0;
}
