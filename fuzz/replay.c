// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fuzz targets without libFuzzer: run each file named (or each file
 * in each directory named) through LLVMFuzzerTestOneInput() once. A
 * finding aborts, or shows as a sanitizer report in a sanitizer build.
 *
 *	fuzz-convert fuzz/regressions/convert fuzz/corpus/convert
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "util.h"

static int replay_file(const char *path)
{
	size_t len;
	char *buf = read_file(path, &len);
	uint8_t *copy;

	if (!buf)
		return error("%s: cannot read: %s", path, strerror(errno));
	/* An exact-size copy: ASan then sees a read one byte past the input. */
	copy = xmalloc(len ? len : 1);
	memcpy(copy, buf, len);
	free(buf);
	LLVMFuzzerTestOneInput(copy, len);
	free(copy);
	return 0;
}

/* A directory's files in name order, so a run is reproducible. */
static int replay_dir(const char *dir, size_t *nr)
{
	struct dirent **list;
	int n, i, ret = 0;

	n = scandir(dir, &list, NULL, alphasort);
	if (n < 0)
		return error("%s: cannot read: %s", dir, strerror(errno));
	for (i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, list[i]->d_name);
		struct stat st;

		if (list[i]->d_name[0] != '.' && !stat(path, &st) && S_ISREG(st.st_mode)) {
			if (replay_file(path))
				ret = -1;
			++*nr;
		}
		free(path);
		free(list[i]);
	}
	free(list);
	return ret;
}

int main(int argc, char **argv)
{
	size_t nr = 0;
	int i, ret = 0;

	progname = argv[0];
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st)) {
			ret = error("%s: %s", argv[i], strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			if (replay_dir(argv[i], &nr))
				ret = -1;
		} else {
			if (replay_file(argv[i]))
				ret = -1;
			nr++;
		}
	}
	/* stdout: the messages of the code under test go to stderr. */
	printf("%s: replayed %zu inputs\n", argv[0], nr);
	return ret ? 2 : 0;
}
