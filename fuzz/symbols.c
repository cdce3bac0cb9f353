// SPDX-License-Identifier: GPL-2.0-only
/*
 * One symbol-database loader on one file. Each parser is its own target
 * (fuzz-symvers, fuzz-kallsyms, fuzz-system-map, fuzz-elfsyms), with its
 * own corpus.
 *
 * Checked beyond "no crash":
 *  - a failed load leaves the database as it was (symdb.h promises it);
 *  - every symbol loaded is found again by each query at the place the
 *    walk met it: name and position, count, neighbours, the clone list.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "symdb.h"
#include "util.h"

/*
 * From CMake: FUZZ_LOAD is the loader, FUZZ_INPUT the file name it reads
 * (the kallsyms loader tells System.map from /proc/kallsyms by name).
 */
#if !defined(FUZZ_LOAD) || !defined(FUZZ_INPUT)
#error "build with -DFUZZ_LOAD=symdb_load_... -DFUZZ_INPUT=\"name\""
#endif

static void sym_check(const struct symdb *db, const char *obj, size_t order,
		      const struct symdb_sym *s)
{
	const struct symdb_sym *t;
	bool found = false;

	if (strcmp(s->obj, obj) || s->order != order || !s->sympos || s->sympos > s->count)
		die("%s: %s #%zu: inconsistent entry", obj, s->name, order);
	if (symdb_find_in_obj(db, obj, s->name, s->sympos) != s)
		die("%s: %s,%lu is not found at its own position", obj, s->name, s->sympos);
	if (symdb_count(db, obj, s->name) != s->count)
		die("%s: %s: count %lu, but symdb_count() says %lu", obj, s->name, s->count,
		    symdb_count(db, obj, s->name));
	if (symdb_neighbour(db, s, 0) != s ||
	    (order && symdb_neighbour(db, s, -1) != symdb_obj_sym(db, obj, order - 1)) ||
	    symdb_neighbour(db, s, 1) != symdb_obj_sym(db, obj, order + 1))
		die("%s: %s: neighbours disagree with the object's order", obj, s->name);
	for_each_symdb_sym(db, s->name, t)
		if (t == s)
			found = true;
	if (!found)
		die("%s: %s is not on its name's list", obj, s->name);
	for (t = symdb_find_clone(db, s->name); t; t = symdb_next_clone(db, t))
		if (!t->name)
			die("%s: a clone of %s has no name", obj, s->name);
}

static void db_check(const struct symdb *db)
{
	const struct symdb_sym *s;
	const char *obj;
	size_t i, j;

	for (i = 0; (obj = symdb_obj_at(db, i)); i++) {
		/* Listed with no symbols is fine: an object is known by symbols or exports. */
		if (symdb_obj_nr_syms(db, obj) && !symdb_has_obj(db, obj))
			die("%s: has symbols but is not known", obj);
		for (j = 0; (s = symdb_obj_sym(db, obj, j)); j++) {
			sym_check(db, obj, j, s);
			symdb_find_export(db, s->name);
		}
		if (j != symdb_obj_nr_syms(db, obj))
			die("%s: %zu symbols walked, %zu counted", obj, j, symdb_obj_nr_syms(db, obj));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_path(FUZZ_INPUT);
	struct symdb *db = symdb_new();
	struct symdb_stats st;

	progname = "klp-symbols";
	fuzz_write(path, data, size);
	if (FUZZ_LOAD(db, path)) {
		symdb_get_stats(db, &st);
		if (st.objs || st.syms || st.exports)
			die("a failed load left %zu objects, %zu symbols, %zu exports", st.objs,
			    st.syms, st.exports);
	} else {
		db_check(db);
	}
	symdb_free(db);
	fuzz_clean();
	return 0;
}
