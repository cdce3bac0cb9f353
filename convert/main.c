// SPDX-License-Identifier: GPL-2.0-only
/*
 * klp-convert - rewrite a built livepatch module into the kernel's
 * livepatch ELF format.
 *
 *   klp-convert [--symvers FILE] [--verbose] INPUT.ko OUTPUT.ko
 *
 * The job, one step per call: read the module, pair its annotations with
 * the symbols they name, move those symbols' relocations into .klp.rela
 * sections, check what the kernel's loader will check, write.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "convert.h"
#include "util.h"

#ifndef KLP_VERSION
#define KLP_VERSION "unknown"
#endif

static const char usage_text[] =
	"usage: klp-convert [--symvers FILE] [--verbose] INPUT.ko OUTPUT.ko\n"
	"\n"
	"Rewrite a livepatch module built with KLP_MODULE_RELOC()/KLP_SYMPOS()\n"
	"annotations (or SUSE's KLP_RELOC_SYMBOL()) into the kernel's livepatch\n"
	"ELF format: .klp.sym.<obj>.<sym>,<pos> symbols and .klp.rela.<obj>.<sec>\n"
	"sections. OUTPUT may be INPUT.\n"
	"\n"
	"  --symvers FILE  fail if a symbol left undefined is not exported in FILE\n"
	"                  (the kernel's Module.symvers)\n"
	"  --verbose       print each symbol renamed and relocation moved\n"
	"  --help          show this help\n"
	"  --version       show the version\n"
	"\n"
	"Exit status: 0 converted (or nothing to do), 2 error (no output written).\n";

struct options {
	const char *symvers;
	bool verbose;
	const char *input, *output;
};

static int parse_options(int argc, char **argv, struct options *opts)
{
	static const struct option longopts[] = {
		{ "symvers", required_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "s:vhV", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			opts->symvers = optarg;
			break;
		case 'v':
			opts->verbose = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit(0);
		case 'V':
			printf("klp-convert %s\n", KLP_VERSION);
			exit(0);
		default:
			fputs(usage_text, stderr);
			return -1;
		}
	}
	if (argc - optind != 2) {
		error("expected INPUT.ko and OUTPUT.ko");
		fputs(usage_text, stderr);
		return -1;
	}
	opts->input = argv[optind];
	opts->output = argv[optind + 1];
	return 0;
}

int main(int argc, char **argv)
{
	struct options opts = { 0 };
	struct convert conv;
	struct elf *elf;
	int ret = 2;

	progname = "klp-convert";
	if (parse_options(argc, argv, &opts))
		return 2;

	elf = elf_read(opts.input);
	if (!elf)
		return 2;
	if (convert_init(&conv, elf, opts.verbose))
		goto out_elf;
	if (opts.symvers && exports_load(&conv, opts.symvers))
		goto out;

	if (annotations_pair(&conv))
		goto out;
	if (relocations_move(&conv))
		goto out;
	if (module_verify(&conv, opts.symvers))
		goto out;
	if (elf_write(elf, opts.output))
		goto out;
	ret = 0;
out:
	convert_release(&conv);
out_elf:
	elf_close(elf);
	return ret;
}
