// SPDX-License-Identifier: GPL-2.0-only
/*
 * The symbol index reader on any file: symdb_load() maps whatever it
 * finds in the cache directory, and a cache can be truncated, half
 * overwritten or left by another version. The header checks must turn
 * that away, and what passes them must still never read out of bounds
 * or loop, however its records point.
 *
 * Nothing is asserted of the answers: a corrupt index may give wrong
 * ones (it is rebuilt as soon as an input changes). Every query is made
 * of every symbol, so that each record and link the walk can reach is
 * read.
 */
#include "fuzz.h"
#include "symdb.h"
#include "symdb_private.h"
#include "util.h"

static void sym_walk(const struct symdb *db, const char *obj, const struct symdb_sym *s)
{
	const struct symdb_sym *t;

	symdb_find_in_obj(db, obj, s->name, s->sympos);
	symdb_find_in_obj(db, obj, s->name, 0);
	symdb_count(db, obj, s->name);
	symdb_neighbour(db, s, -1);
	symdb_neighbour(db, s, 1);
	for_each_symdb_sym(db, s->name, t)
		;
	for (t = symdb_find_clone(db, s->name); t; t = symdb_next_clone(db, t))
		;
	symdb_find_export(db, s->name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_path("symdb.idx");
	const struct symdb_sym *s;
	struct symdb *db = symdb_new();
	const char *obj;
	size_t i, j;

	progname = "klp-symbols";
	fuzz_write(path, data, size);
	if (!index_open_any(db, path)) {
		for (i = 0; (obj = symdb_obj_at(db, i)); i++) {
			symdb_has_obj(db, obj);
			symdb_obj_source(db, obj);
			for (j = 0; (s = symdb_obj_sym(db, obj, j)); j++)
				sym_walk(db, obj, s);
		}
		symdb_find(db, "");
		symdb_find_export(db, "printk");
	}
	symdb_free(db);
	fuzz_clean();
	return 0;
}
