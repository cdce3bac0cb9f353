/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the fuzz targets share: one private scratch directory, and writing
 * an input there for the loaders that only take a path.
 *
 * Each target defines LLVMFuzzerTestOneInput(). Built with -DKLP_FUZZ=ON
 * (clang), libFuzzer drives it; otherwise replay.c does, running the
 * files named on the command line once each, so the checked-in crash
 * regressions run in every build's test suite.
 */
#ifndef KLP_FUZZ_H
#define KLP_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A directory of our own under $TMPDIR (or /tmp), made on first use. */
const char *fuzz_dir(void);
/* fuzz_dir()/NAME, in a static buffer. */
const char *fuzz_path(const char *name);
/* Write SIZE bytes to PATH, or abort: the harness failing is not a finding. */
void fuzz_write(const char *path, const void *data, size_t size);
/* Remove every file in fuzz_dir(), so no input sees the last one's files. */
void fuzz_clean(void);

#endif
