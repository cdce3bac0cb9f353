// SPDX-License-Identifier: GPL-2.0-only
#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static char *dir;

static void fuzz_dir_remove(void)
{
	fuzz_clean();
	rmdir(dir);
}

const char *fuzz_dir(void)
{
	if (!dir) {
		const char *tmp = getenv("TMPDIR");
		char *tmpl = xasprintf("%s/klp-fuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");

		if (!mkdtemp(tmpl))
			die("%s: cannot create: %m", tmpl);
		dir = tmpl;
		atexit(fuzz_dir_remove);
	}
	return dir;
}

const char *fuzz_path(const char *name)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/%s", fuzz_dir(), name);
	return path;
}

void fuzz_write(const char *path, const void *data, size_t size)
{
	FILE *fp = fopen(path, "wb");

	if (!fp || (size && fwrite(data, 1, size, fp) != size) || fclose(fp))
		die("%s: cannot write: %m", path);
}

/* The harnesses make plain files only. */
void fuzz_clean(void)
{
	DIR *d = opendir(fuzz_dir());
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			unlink(fuzz_path(de->d_name));
	closedir(d);
}
