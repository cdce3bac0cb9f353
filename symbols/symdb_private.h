/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the loaders (symvers.c, kallsyms.c, elfsyms.c, kerneldir.c) share
 * with the database in symdb.c, the record of what they read in deps.c,
 * and the cached index in index.c. Not for the tools: they use symdb.h
 * only.
 *
 * A loader parses its whole input first and only then hands symbols to
 * the database, object by object: add every symbol with symdb_obj_add()
 * in input order, then symdb_obj_finish() puts them in kallsyms order and
 * indexes them. So a file that turns out malformed half-way leaves the
 * database as it was.
 */
#ifndef KLP_SYMDB_PRIVATE_H
#define KLP_SYMDB_PRIVATE_H

#include <string.h>

#include "stamp.h"
#include "symdb.h"

/* Open-addressing string -> pointer table; keys are not copied. */
struct strmap_entry {
	const char *key;
	void *val;
	uint32_t hash;
};

struct strmap {
	struct strmap_entry *tab;
	size_t nr, size;        /* size: a power of two, or 0 */
};

void *strmap_get(const struct strmap *map, const char *key);
/* Insert or replace. */
void strmap_put(struct strmap *map, const char *key, void *val);
/* The value slot of KEY, inserted holding NULL if new: one lookup for get-or-create. */
void **strmap_ref(struct strmap *map, const char *key);
void strmap_clear(struct strmap *map);
/* Room for NR keys without growing. */
void strmap_reserve(struct strmap *map, size_t nr);

/* How to turn the order symbols were added in into kallsyms order. */
enum symdb_order {
	/* Input order is kallsyms order: .ko symbol tables, module lines of kallsyms. */
	SYMDB_ORDER_INPUT,
	/*
	 * vmlinux: what scripts/kallsyms does with "nm -n" output. By
	 * address, then non-weak before weak, then linker-script symbols
	 * last, then fewer leading underscores first, then input order.
	 * When every address is zero (a non-root read of /proc/kallsyms),
	 * the input order is kept: it is the kernel's.
	 */
	SYMDB_ORDER_KALLSYMS_BUILD,
};

struct symdb_obj {
	const char *name;
	const char *source;             /* file its symbols came from, or NULL */
	struct symdb_sym **syms;        /* kallsyms order once finished */
	size_t nr, alloc;
	bool has_exports;
	size_t seq;                     /* 1 + how many objects were finished before */
	size_t first;                   /* index mode: its first symbol's record */
	/*
	 * How many files and directories the load had recorded when this
	 * object was finished (symdb_depend()). Its symbols depend on those
	 * only: a later input cannot claim it, and an earlier one could have.
	 */
	size_t deps_end;
};

/* All occurrences of one name, in object load order then kallsyms order. */
struct name_chain {
	struct symdb_sym *first, *last;
};

/* What a file or directory looked like when a loader used it (deps.c). */
struct symdb_dep {
	const char *path;
	struct file_stamp st;           /* st.kind 0: it did not exist */
};

struct symdb_index;

struct symdb {
	struct arena_chunk *arena;
	void **kept;
	size_t nr_kept, alloc_kept;

	struct symdb_obj **objs;        /* in creation order */
	size_t nr_objs, alloc_objs;
	size_t nr_finished;
	struct strmap obj_map;          /* name -> struct symdb_obj */

	struct strmap export_map;       /* name -> struct symdb_export */
	size_t nr_exports;

	struct strmap name_map;         /* name -> struct name_chain */
	struct strmap clone_map;        /* base name -> struct name_chain (next_clone) */
	size_t nr_syms;

	/* For the cached index: what the loaders read, in order, and what they said. */
	struct symdb_dep *deps;
	size_t nr_deps, alloc_deps;
	const char **warnings;
	size_t nr_warnings, alloc_warnings;
	const char *uncacheable;        /* why this load cannot be cached, or NULL */
	struct symdb_index *index;      /* the mapped index queries read, or NULL */
	const char *index_state, *index_path;
	/*
	 * Index mode: what symdb_load() was given, to load it again when a
	 * query finds an input changed; and the index that was, kept mapped
	 * for what queries returned from it.
	 */
	struct symdb_input *inputs;
	size_t nr_inputs;
	const char *load_cwd, *cache_dir, *index_key;
	struct symdb_index *old_index;
};

/* The object named NAME, created empty if new. */
struct symdb_obj *symdb_obj_get(struct symdb *db, const char *name);
/* The same, for a NAME that lives as long as DB (the index's): not copied. */
struct symdb_obj *symdb_obj_get_kept(struct symdb *db, const char *name);
const struct symdb_obj *symdb_obj_lookup(const struct symdb *db, const char *name);

/*
 * Start loading OBJ's symbols from SOURCE. False when another input
 * already gave them: the first input loaded for an object wins.
 */
bool symdb_obj_claim(struct symdb *db, struct symdb_obj *obj, const char *source);

/* NAME and FILE must live as long as DB (see symdb_strdup, symdb_keep). */
struct symdb_sym *symdb_obj_add(struct symdb *db, struct symdb_obj *obj, const char *name,
				uint64_t addr, char type, const char *file);
void symdb_obj_finish(struct symdb *db, struct symdb_obj *obj, enum symdb_order order);

/*
 * The symbol at ORDER of OBJ's kallsyms order. In index mode it is read
 * from the index the first time; hence DB is not const. The caller has
 * had OBJ's inputs checked (index_need_obj()).
 */
struct symdb_sym *symdb_obj_sym_at(struct symdb *db, const struct symdb_obj *obj, size_t order);

/*
 * Forget every object, symbol, export and recorded input, for index.c to
 * load the inputs again. The memory stays: what queries returned lives
 * as long as DB.
 */
void symdb_forget(struct symdb *db);

/*
 * deps.c, for the cached index: record that the load depends on PATH
 * as it is now, a file read or a directory listed or probed (a path
 * that does not exist counts too: creating it changes the result).
 * Call before reading, so that a change during the read is seen next time.
 */
void symdb_depend(struct symdb *db, const char *path);
/* A load whose result the recorded stats cannot vouch for is not cached. */
void symdb_no_cache(struct symdb *db, const char *why);
/* A warning about the load: printed now, and again whenever the index is used (all checked). */
void symdb_warning(struct symdb *db, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* D: PATH as it is now; NAME looked up in directory DIRFD (AT_FDCWD: NAME is PATH). */
void dep_stat_at(struct symdb_dep *d, const char *path, int dirfd, const char *name);
void dep_stat(struct symdb_dep *d, const char *path);

/*
 * index.c. Before it reads the index, a query has the inputs its answer
 * comes from checked; when one changed, the inputs are loaded again (DB
 * leaves index mode, or the run dies if they no longer load). Then it
 * may fall back to the index for what is not in memory yet.
 */
/* Everything: a query about every object (or none, or an export). */
void index_need_all(struct symdb *db);
/* The symbols, count and source of object NAME (all, if it has none). */
void index_need_obj(struct symdb *db, const char *name);
/* Whether there are symbols at all: the first object's inputs. */
void index_need_any_symbols(struct symdb *db);
struct symdb_sym *index_find(struct symdb *db, const char *name);
struct symdb_sym *index_find_clone(struct symdb *db, const char *base);
struct symdb_export *index_find_export(struct symdb *db, const char *name);
/* The first occurrence of NAME in OBJ; no other object's symbol is read. */
struct symdb_sym *index_find_in_obj(struct symdb *db, const struct symdb_obj *obj,
				    const char *name);
/*
 * Record ID's symbol. Its links within its object are set; links to
 * other objects only with ALL (a query about every object: symdb_find()).
 */
struct symdb_sym *index_sym(struct symdb *db, size_t id, bool all);
void index_close(struct symdb_index *ix);
/*
 * For the fuzz target: read PATH as an index whatever inputs it names and
 * whether or not they changed. 0, or -1 when it is no index we can read.
 */
int index_open_any(struct symdb *db, const char *path);

/* Memory, strings and buffers that live as long as the database. */
void *symdb_alloc(struct symdb *db, size_t size);
const char *symdb_strdup(struct symdb *db, const char *s);
const char *symdb_strndup(struct symdb *db, const char *s, size_t n);
/* Hand a malloc'ed buffer to DB; freed by symdb_free(). */
void symdb_keep(struct symdb *db, void *buf);

/* The export table, for symvers.c. False if NAME was already exported. */
bool symdb_add_export(struct symdb *db, struct symdb_export *exp);

/*
 * Module.symvers object path or .ko file name -> module name: basename,
 * no ".ko" (or ".ko.xz", ".ko.gz", ".ko.zst"), '-' -> '_'. "vmlinux" stays.
 * Returns a string owned by DB.
 */
const char *symdb_obj_name(struct symdb *db, const char *path, size_t len);

/*
 * Would scripts/kallsyms drop this "nm" line? Undefined and debugging
 * symbols, its own tables, and absolute symbols unless KEEP_ABSOLUTE
 * (/proc/kallsyms shows per-cpu variables as 'A').
 */
bool kallsyms_ignores(const char *name, char type, bool keep_absolute);

/*
 * Read a text input whole: NULL after an error naming PATH and WHAT it
 * should have been (a NUL byte means it is not text).
 */
char *symdb_read_text(const char *path, const char *what, size_t *len);

/* symdb_load_elf(); QUIET: a file a directory search found, skipped without a word if useless. */
int elf_load(struct symdb *db, const char *path, bool quiet);

/* Cut the next line out of [*pos, end) and NUL-terminate it; NULL at the end. */
static inline char *next_line(char **pos, char *end)
{
	char *line = *pos, *nl;

	if (line >= end)
		return NULL;
	nl = memchr(line, '\n', end - line);
	if (nl) {
		*nl = '\0';
		*pos = nl + 1;
	} else {
		*pos = end;
	}
	return line;
}

#endif
