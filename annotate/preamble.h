/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the preamble cache's two sides share: a run (preamble.c), which
 * looks an entry up and parses with it, and the builder it starts
 * (preamble-build.c), which writes one.
 */
#ifndef KLP_PREAMBLE_H
#define KLP_PREAMBLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <clang-c/Index.h>

#include "annotate.h"

#define MANIFEST_MAGIC "klp-annotate preamble 2\n"

/* What a unit needs to look its preamble up, and to build it. */
struct preamble_entry {
	char *dir;		/* $cache/preamble */
	char *base;		/* DIR/pre-KEY: .h, .pch, .manifest, .lock */
	char *key;		/* everything but the leading lines, as the manifest holds it */
	char *srcdir;
	size_t cut;		/* the leading lines' length */
};

/* KLP_PREAMBLE_CACHE: off, on (the builder detached) or wait (for it). */
enum cache_mode { CACHE_OFF, CACHE_ON, CACHE_WAIT };
enum cache_mode preamble_mode(void);

/* The key, as the manifest holds it: every word on a line of its own. */
char *preamble_key(const struct compile_cmd *cmd, unsigned int options, const char *srcdir);
uint64_t preamble_pch_hash(const char *path, uint64_t *size);
/* FILES: the "file" lines of what the failed parse read, or "". */
void preamble_mark_bad(const struct preamble_entry *e, const char *why, const char *files);
/* PATH's TEXT parsed with the .pch PCH standing for its first CUT bytes. */
enum CXErrorCode preamble_warm_parse(CXIndex index, const char *path, const struct compile_cmd *cmd,
				     const char *text, size_t len, size_t cut, const char *pch,
				     unsigned int options, CXTranslationUnit *tu);
bool tu_has_errors(CXTranslationUnit tu);

#endif
