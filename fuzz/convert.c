// SPDX-License-Identifier: GPL-2.0-only
/*
 * klp-convert's whole path on an in-memory object: read -> pair -> move
 * -> verify -> write, as convert/main.c runs it (without --symvers).
 *
 * Beyond "no crash", two properties of a run are checked:
 *  - a failed run leaves no output file, not even a temp file;
 *  - what a successful run wrote reads back, and converts again
 *    (klp-convert accepts its own output).
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "../convert/convert.h"
#include "fuzz.h"
#include "util.h"

/* Anything left in the scratch directory? */
static bool dir_is_empty(void)
{
	DIR *d = opendir(fuzz_dir());
	struct dirent *de;
	bool empty = true;

	while (d && (de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			empty = false;
	if (d)
		closedir(d);
	return empty;
}

/* One klp-convert run of ELF into OUT; 0 if it wrote OUT. */
static int convert_run(struct elf *elf, const char *out)
{
	struct convert conv;
	int ret = -1;

	if (!elf)
		return -1;
	if (convert_init(&conv, elf, false))
		goto out_elf;
	if (!annotations_pair(&conv) && !relocations_move(&conv) && !module_verify(&conv, NULL) &&
	    !elf_write(elf, out))
		ret = 0;
	convert_release(&conv);
out_elf:
	elf_close(elf);
	return ret;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = xmalloc(size ? size : 1);
	char *out, *again;

	progname = "klp-convert";
	memcpy(buf, data, size);
	out = xstrdup(fuzz_path("out.ko"));
	again = xstrdup(fuzz_path("again.ko"));

	if (convert_run(elf_read_mem("fuzz.ko", buf, size, 0644), out)) {
		if (!dir_is_empty())
			die("a failed conversion left a file in %s", fuzz_dir());
	} else {
		if (convert_run(elf_read(out), again))
			die("klp-convert cannot convert its own output");
	}
	fuzz_clean();
	free(out);
	free(again);
	return 0;
}
