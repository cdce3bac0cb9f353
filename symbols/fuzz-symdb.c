// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer entry point for the loaders: the first byte picks one
 * (Module.symvers, /proc/kallsyms, System.map, ELF), the rest is the
 * file. Every symbol loaded is then walked through the queries, so an
 * index the loader got wrong shows up under ASan too.
 *
 *	cmake -DCMAKE_C_COMPILER=clang-14 -DKLP_FUZZ=ON ...
 *	bin/fuzz-symdb -close_fd_mask=2 CORPUS_DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "symdb.h"
#include "util.h"

static char *dir;

static const char *input_path(unsigned int kind)
{
	/* The kallsyms loader tells System.map from /proc/kallsyms by name. */
	static const char *const names[] = { "Module.symvers", "kallsyms", "System.map", "x.ko" };
	static char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, names[kind % 4]);
	return path;
}

static void walk(const struct symdb *db)
{
	const struct symdb_sym *s, *t;
	const char *obj;
	size_t i, j;

	for (i = 0; (obj = symdb_obj_at(db, i)); i++) {
		for (j = 0; (s = symdb_obj_sym(db, obj, j)); j++) {
			t = symdb_find_in_obj(db, obj, s->name, s->sympos);
			if (t != s || symdb_count(db, obj, s->name) != s->count ||
			    symdb_neighbour(db, s, 0) != s)
				abort();
			for (t = symdb_find_clone(db, s->name); t; t = symdb_next_clone(db, t))
				;
			symdb_find_export(db, s->name);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int (*const load[])(struct symdb *, const char *) = {
		symdb_load_symvers, symdb_load_kallsyms, symdb_load_kallsyms, symdb_load_elf,
	};
	struct symdb *db;
	const char *path;
	FILE *fp;

	if (!dir) {
		char tmpl[] = "/tmp/fuzz-symdb.XXXXXX";

		progname = "fuzz-symdb";
		dir = mkdtemp(tmpl) ? xstrdup(tmpl) : NULL;
		if (!dir)
			abort();
	}
	if (!size)
		return 0;
	path = input_path(data[0]);
	fp = fopen(path, "wb");
	if (!fp || fwrite(data + 1, 1, size - 1, fp) != size - 1 || fclose(fp))
		abort();
	db = symdb_new();
	if (!load[data[0] % 4](db, path))
		walk(db);
	symdb_free(db);
	unlink(path);
	return 0;
}
