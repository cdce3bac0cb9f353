// SPDX-License-Identifier: GPL-2.0-only
/*
 * klp-annotate: find every reference of a livepatch source to a static or
 * unexported kernel symbol, and write the KLP_MODULE_RELOC annotations
 * klp-convert needs, with the position the kernel will count.
 *
 *   flags -> parse -> references -> object cross-check -> classify ->
 *   plan edits -> emit -> start the preamble cache's builders
 *
 * --lsp runs the same steps, up to the edit list, on each buffer an
 * editor sends (lsp.c).
 *
 * The steps themselves are job_analyse() (job.c), which klp-create runs
 * too, on the livepatch source it writes. The symbol database loads on a
 * second thread while libclang parses.
 */
#include "annotate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "symdb.h"
#include "util.h"

#ifndef KLP_VERSION
#define KLP_VERSION "unknown"
#endif

int main(int argc, char **argv)
{
	struct job job = { 0 };
	int ret = 2;

	progname = "klp-annotate";
	/* The preamble cache's builder, which a one-shot run leaves behind (preamble.c). */
	if (argc > 1 && !strcmp(argv[1], PREAMBLE_BUILD_ARG))
		return preamble_build_main(argc - 2, argv + 2);
	if (options_parse(&job.opt, argc, argv))
		goto out;
	if (job.opt.version) {
		printf("klp-annotate %s\n", KLP_VERSION);
		ret = 0;
		goto out;
	}
	/* The server runs the same analysis on each buffer an editor sends. */
	if (job.opt.lsp) {
		ret = lsp_serve(&job.opt);
		goto out;
	}
	if (job_analyse(&job))
		goto out;
	ret = edits_emit(&job);
	/* For the next run: each unit's headers precompiled, now the answer is out. */
	preamble_builders_start(&job);
out:
	job_free(&job);
	return ret;
}

