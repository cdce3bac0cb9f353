// SPDX-License-Identifier: GPL-2.0-only
/*
 * The cached index: a loaded symbol database in one file, mapped and
 * read in place, so that a run which looks up a few names starts in
 * milliseconds instead of re-reading 4,000 .ko files.
 *
 * symdb_load() writes it after a full load and uses it the next time the
 * same inputs are asked for, if none changed: every file a loader read,
 * and every directory it listed or probed, is recorded with its stat
 * (symdb_depend(), in the order the load used them); one that differs
 * means a full load and a new index.
 *
 * Checked lazily, as little as each query needs: stating the 5,000 files
 * and directories of a whole kernel takes longer than the rest of a run.
 * Inputs load in order and the first to describe an object wins, so an
 * object's symbols depend on the inputs recorded up to the moment it was
 * finished (its deps_end) and on nothing after: a query about vmlinux
 * from a kallsyms capture checks that capture and the directories probed
 * to find it, not the 4,000 modules read after it. A query about every
 * object (symdb_find(): its chain says which objects have the name and
 * which do not), about an object the index does not have, or about
 * exports, checks them all. The checked part only grows; a change found
 * at any point means loading the inputs again, there and then.
 *
 * Queries fault symbols in: a struct symdb_sym is built from its record
 * the first time a query reaches it, with what its links reach, so the
 * pointers callers follow stay plain pointers: within its object when
 * an object's query built it, in every object once symdb_find() or
 * symdb_find_clone() walked its chain. Objects' records are laid out in
 * the order the loaders finished them, which is the order of every
 * chain: a chain only points forward, so even a corrupt file cannot make
 * a query loop.
 *
 * The file is a cache, local to the machine that wrote it: native byte
 * order, checked by the header. Every offset read from it is checked
 * against its bounds before use.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "symdb_private.h"
#include "util.h"

#define INDEX_MAGIC "KLPSYMDB"
#define INDEX_VERSION 4	/* 2: a vmlinux without code (BTF only) describes nothing;
				   3: a /proc/kallsyms capture keeps every vmlinux line;
				   4: inputs in load order, objects' deps_end */
#define INDEX_BYTE_ORDER 0x01020304u
#define NO_STRING UINT32_MAX

/* A section of the file: byte offset, and count of elements (of bytes for strings). */
struct ix_range {
	uint64_t off, nr;
};

struct ix_header {
	char magic[8];
	uint32_t version, byte_order;
	uint64_t size;                  /* of the whole file */
	uint64_t nr_exports;
	struct ix_range key;            /* the inputs, as text: "KIND PATH\n"... */
	struct ix_range deps, warnings, objs, syms;
	struct ix_range names, clones, exports, export_names;
	struct ix_range strings;        /* NUL-terminated, offset 0 is "" */
};

struct ix_dep {
	uint32_t path, kind;
	uint64_t dev, ino, size;
	int64_t mtime_sec, mtime_nsec, ctime_sec, ctime_nsec;
};

struct ix_obj {
	uint32_t name, source, first, nr, has_exports;
	uint32_t deps_end;              /* the inputs its symbols depend on: deps [0, deps_end) */
};

struct ix_sym {
	uint64_t addr;
	uint32_t name, file, obj, sympos, count, load_sympos, load_count;
	uint32_t next, next_clone;      /* record index + 1; 0: none */
	char type, pad[3];
};

/* Open-addressing hash tables: name -> record index + 1 (0: empty slot). */
struct ix_slot {
	uint32_t hash, key, val;
};

struct ix_export {
	uint32_t name, obj, ns, crc, gpl_only;
};

struct symdb_index {
	const char *map;
	size_t size;
	const struct ix_header *h;
	const struct ix_sym *syms;
	const struct ix_slot *names, *clones, *export_names;
	const struct ix_export *exports;
	const char *strings;
	struct symdb_sym **cache;       /* symbols already built, by record */
	uint8_t *linked;                /* how far each built symbol's links are set */
	size_t checked;                 /* deps [0, checked) found unchanged */
	size_t any_symbols_end;         /* the deps_end of the first object with symbols */
	bool stale;                     /* one was found changed: its inputs loaded again */
};

/* index_sym(): links not set yet, set within the symbol's object, set everywhere. */
enum { LINKED_NONE, LINKED_OBJ, LINKED_ALL };

/* ---- checking what a load depends on ---- */

/*
 * Stating 5,000 paths ten directories deep is mostly the kernel walking
 * the same directories again. Sorted, paths come grouped by directory:
 * keep the directories of the current path open, one per level, and look
 * each path up from its own directory, a single name.
 */
#define WALK_DEPTH 64

struct dir_walk {
	int fd[WALK_DEPTH];
	size_t end[WALK_DEPTH];         /* level I is path[0, end[I]) */
	size_t depth;
	const char *path;               /* the last path walked */
};

static void walk_pop(struct dir_walk *w)
{
	close(w->fd[--w->depth]);
}

/* Open PATH's directory, level by level, reusing what the last path opened. */
static int walk_dir(struct dir_walk *w, const char *path, size_t dir_len)
{
	size_t keep = 0, start;

	while (keep < w->depth && w->end[keep] <= dir_len &&
	       !memcmp(w->path, path, w->end[keep]) &&
	       (path[w->end[keep]] == '/' || w->end[keep] == dir_len))
		keep++;
	while (w->depth > keep)
		walk_pop(w);
	w->path = path;
	if (!w->depth) {
		w->fd[0] = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (w->fd[0] < 0)
			return -1;
		w->end[0] = 0;
		w->depth = 1;
	}
	while (w->end[w->depth - 1] < dir_len) {
		char *name;
		int fd;

		start = w->end[w->depth - 1] + 1;
		if (w->depth == WALK_DEPTH)
			return -1;
		name = xstrndup(path + start, strcspn(path + start, "/"));
		fd = openat(w->fd[w->depth - 1], name, O_PATH | O_DIRECTORY | O_CLOEXEC);
		w->end[w->depth] = start + strlen(name);
		free(name);
		if (fd < 0)
			return -1;
		w->fd[w->depth++] = fd;
	}
	return w->fd[w->depth - 1];
}

static void walk_stat(struct dir_walk *w, struct symdb_dep *d, const char *path)
{
	const char *slash = strrchr(path, '/');
	int fd = path[0] == '/' ? walk_dir(w, path, slash - path) : -1;

	/* Relative, too deep, or a directory gone: the plain way. */
	if (fd < 0 || !slash[1])
		dep_stat(d, path);
	else
		dep_stat_at(d, path, fd, slash + 1);
}

static void walk_end(struct dir_walk *w)
{
	while (w->depth)
		walk_pop(w);
}

/* ---- writing ---- */

struct writer {
	struct symdb *db;
	struct buf strings;
	struct strmap interned;         /* string -> its offset + 1 */
	struct strmap obj_ids;          /* object name -> its index + 1 */
	struct symdb_obj **laid_out;    /* objects with symbols, in finish order */
	size_t nr_laid_out;
};

static uint32_t str_put(struct writer *w, const char *s)
{
	void **ref;

	if (!s)
		return NO_STRING;
	ref = strmap_ref(&w->interned, s);
	if (!*ref) {
		*ref = (void *)(uintptr_t)(w->strings.len + 1);
		buf_add(&w->strings, s, strlen(s) + 1);
	}
	return (uint32_t)((uintptr_t)*ref - 1);
}

static int cmp_seq(const void *a, const void *b)
{
	const struct symdb_obj *x = *(struct symdb_obj *const *)a;
	const struct symdb_obj *y = *(struct symdb_obj *const *)b;

	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Records in finish order: each object's ->first. */
static void layout_objs(struct writer *w)
{
	struct symdb *db = w->db;
	size_t i, first = 0;

	w->laid_out = xcalloc(db->nr_objs + 1, sizeof(*w->laid_out));
	for (i = 0; i < db->nr_objs; i++) {
		strmap_put(&w->obj_ids, db->objs[i]->name, (void *)(uintptr_t)(i + 1));
		db->objs[i]->first = 0;
		if (db->objs[i]->nr)
			w->laid_out[w->nr_laid_out++] = db->objs[i];
	}
	qsort(w->laid_out, w->nr_laid_out, sizeof(*w->laid_out), cmp_seq);
	for (i = 0; i < w->nr_laid_out; i++) {
		w->laid_out[i]->first = first;
		first += w->laid_out[i]->nr;
	}
}

static uint32_t obj_id(struct writer *w, const char *name)
{
	return (uint32_t)((uintptr_t)strmap_get(&w->obj_ids, name) - 1);
}

/* A symbol's record index + 1, 0 for none. */
static uint32_t sym_ref(struct writer *w, const struct symdb_sym *s)
{
	if (!s)
		return 0;
	return w->db->objs[obj_id(w, s->obj)]->first + s->order + 1;
}

static void write_syms(struct writer *w, struct buf *out)
{
	size_t i, j;

	for (i = 0; i < w->nr_laid_out; i++) {
		const struct symdb_obj *o = w->laid_out[i];
		uint32_t id = obj_id(w, o->name);

		for (j = 0; j < o->nr; j++) {
			const struct symdb_sym *s = o->syms[j];
			struct ix_sym r = {
				.addr = s->addr,
				.name = str_put(w, s->name),
				.file = str_put(w, s->file),
				.obj = id,
				.sympos = s->sympos,
				.count = s->count,
				.load_sympos = s->load_sympos,
				.load_count = s->load_count,
				.next = sym_ref(w, s->next),
				.next_clone = sym_ref(w, s->next_clone),
				.type = s->type,
			};

			buf_add(out, &r, sizeof(r));
		}
	}
}

static void write_objs(struct writer *w, struct buf *out)
{
	size_t i;

	for (i = 0; i < w->db->nr_objs; i++) {
		const struct symdb_obj *o = w->db->objs[i];
		struct ix_obj r = {
			.name = str_put(w, o->name),
			.source = str_put(w, o->source),
			.first = o->first,
			.nr = o->nr,
			.has_exports = o->has_exports,
			.deps_end = o->deps_end,
		};

		buf_add(out, &r, sizeof(r));
	}
}

static size_t table_size(size_t nr)
{
	size_t size = 1;

	while (size < nr * 2)
		size *= 2;
	return size;
}

static void slot_put(struct ix_slot *tab, size_t size, uint32_t hash, uint32_t key, uint32_t val)
{
	size_t i = hash & (size - 1);

	while (tab[i].val)
		i = (i + 1) & (size - 1);
	tab[i] = (struct ix_slot){ .hash = hash, .key = key, .val = val };
}

/* A name -> chain map as a table of slots naming each chain's first symbol. */
static void write_chains(struct writer *w, const struct strmap *map, struct buf *out,
			 uint64_t *nr_slots)
{
	size_t size = table_size(map->nr), i;
	struct ix_slot *tab = xcalloc(size, sizeof(*tab));

	for (i = 0; i < map->size; i++) {
		const struct strmap_entry *e = &map->tab[i];
		const struct name_chain *c = e->val;

		if (e->key && c->first)
			slot_put(tab, size, e->hash, str_put(w, e->key), sym_ref(w, c->first));
	}
	buf_add(out, tab, size * sizeof(*tab));
	*nr_slots = size;
	free(tab);
}

static void write_exports(struct writer *w, struct buf *out, struct buf *hash_out,
			  uint64_t *nr_slots)
{
	const struct strmap *map = &w->db->export_map;
	size_t size = table_size(map->nr), i, n = 0;
	struct ix_slot *tab = xcalloc(size, sizeof(*tab));

	for (i = 0; i < map->size; i++) {
		const struct strmap_entry *e = &map->tab[i];
		const struct symdb_export *exp = e->val;
		struct ix_export r;

		if (!e->key)
			continue;
		r = (struct ix_export){
			.name = str_put(w, exp->name),
			.obj = str_put(w, exp->obj),
			.ns = str_put(w, exp->ns),
			.crc = exp->crc,
			.gpl_only = exp->gpl_only,
		};
		buf_add(out, &r, sizeof(r));
		slot_put(tab, size, e->hash, r.name, ++n);
	}
	buf_add(hash_out, tab, size * sizeof(*tab));
	*nr_slots = size;
	free(tab);
}

/*
 * In load order: objects' deps_end count them. That is also nearly path
 * order (directories are listed in name order), which walk_stat() likes.
 */
static void write_deps(struct writer *w, struct buf *out)
{
	size_t i;

	for (i = 0; i < w->db->nr_deps; i++) {
		const struct symdb_dep *d = &w->db->deps[i];
		struct ix_dep r = {
			.path = str_put(w, d->path), .kind = d->st.kind,
			.dev = d->st.dev, .ino = d->st.ino, .size = d->st.size,
			.mtime_sec = d->st.mtime_sec, .mtime_nsec = d->st.mtime_nsec,
			.ctime_sec = d->st.ctime_sec, .ctime_nsec = d->st.ctime_nsec,
		};

		buf_add(out, &r, sizeof(r));
	}
}

static void write_warnings(struct writer *w, struct buf *out)
{
	size_t i;

	for (i = 0; i < w->db->nr_warnings; i++) {
		uint32_t off = str_put(w, w->db->warnings[i]);

		buf_add(out, &off, sizeof(off));
	}
}

/* Append SECTION to FILE at an 8-byte boundary; its range in the file. */
static struct ix_range place(struct buf *file, const struct buf *section, size_t elem_size)
{
	static const char zero[8];
	struct ix_range r;

	buf_add(file, zero, (8 - file->len % 8) % 8);
	r.off = file->len;
	r.nr = section->len / elem_size;
	if (section->len)
		buf_add(file, section->s, section->len);
	return r;
}

/* The whole index file, in memory. */
static void index_build(struct symdb *db, const char *key, struct buf *file)
{
	struct writer w = { .db = db };
	struct buf deps = { 0 }, warnings = { 0 }, objs = { 0 }, syms = { 0 };
	struct buf names = { 0 }, clones = { 0 }, exports = { 0 }, export_names = { 0 };
	struct buf keybuf = { .s = (char *)key, .len = strlen(key) };
	struct ix_header h = { .version = INDEX_VERSION, .byte_order = INDEX_BYTE_ORDER };
	uint64_t nr_names, nr_clones, nr_export_names;

	memcpy(h.magic, INDEX_MAGIC, sizeof(h.magic));
	buf_add(&w.strings, "", 1);
	layout_objs(&w);
	write_deps(&w, &deps);
	write_warnings(&w, &warnings);
	write_objs(&w, &objs);
	write_syms(&w, &syms);
	write_chains(&w, &db->name_map, &names, &nr_names);
	write_chains(&w, &db->clone_map, &clones, &nr_clones);
	write_exports(&w, &exports, &export_names, &nr_export_names);

	buf_add(file, &h, sizeof(h));
	h.key = place(file, &keybuf, 1);
	h.deps = place(file, &deps, sizeof(struct ix_dep));
	h.warnings = place(file, &warnings, sizeof(uint32_t));
	h.objs = place(file, &objs, sizeof(struct ix_obj));
	h.syms = place(file, &syms, sizeof(struct ix_sym));
	h.names = place(file, &names, sizeof(struct ix_slot));
	h.clones = place(file, &clones, sizeof(struct ix_slot));
	h.exports = place(file, &exports, sizeof(struct ix_export));
	h.export_names = place(file, &export_names, sizeof(struct ix_slot));
	h.strings = place(file, &w.strings, 1);
	h.nr_exports = db->nr_exports;
	h.size = file->len;
	memcpy(file->s, &h, sizeof(h));

	free(deps.s);
	free(warnings.s);
	free(objs.s);
	free(syms.s);
	free(names.s);
	free(clones.s);
	free(exports.s);
	free(export_names.s);
	free(w.strings.s);
	free(w.laid_out);
	strmap_clear(&w.interned);
	strmap_clear(&w.obj_ids);
}

/* ---- reading ---- */

static const char *ix_str(const struct symdb_index *ix, uint32_t off)
{
	if (off == NO_STRING || off >= ix->h->strings.nr)
		return NULL;
	return ix->strings + off;
}

static bool range_ok(const struct symdb_index *ix, const struct ix_range *r, size_t elem_size)
{
	return r->off % 8 == 0 && r->off <= ix->size &&
	       r->nr <= (ix->size - r->off) / elem_size && r->nr < UINT32_MAX;
}

static bool table_ok(const struct symdb_index *ix, const struct ix_range *r)
{
	return range_ok(ix, r, sizeof(struct ix_slot)) && r->nr && !(r->nr & (r->nr - 1));
}

/* Is the mapped file an index we can read? Not yet whether it is current. */
static bool index_check(const struct symdb_index *ix)
{
	const struct ix_header *h = ix->h;

	if (ix->size < sizeof(*h) || memcmp(h->magic, INDEX_MAGIC, sizeof(h->magic)) ||
	    h->version != INDEX_VERSION || h->byte_order != INDEX_BYTE_ORDER ||
	    h->size != ix->size)
		return false;
	return range_ok(ix, &h->key, 1) && range_ok(ix, &h->deps, sizeof(struct ix_dep)) &&
	       range_ok(ix, &h->warnings, sizeof(uint32_t)) &&
	       range_ok(ix, &h->objs, sizeof(struct ix_obj)) &&
	       range_ok(ix, &h->syms, sizeof(struct ix_sym)) &&
	       range_ok(ix, &h->exports, sizeof(struct ix_export)) &&
	       table_ok(ix, &h->names) && table_ok(ix, &h->clones) &&
	       table_ok(ix, &h->export_names) && range_ok(ix, &h->strings, 1) &&
	       h->strings.nr && !ix->map[h->strings.off + h->strings.nr - 1];
}

struct dep_check {
	const struct symdb_index *ix;
	size_t from, to;
	bool ok;
};

/* Are deps [from, to) as they were? */
static void *deps_check(void *arg)
{
	struct dep_check *c = arg;
	const struct symdb_index *ix = c->ix;
	const struct ix_dep *deps = (const void *)(ix->map + ix->h->deps.off);
	struct dir_walk walk = { .depth = 0 };
	size_t i;

	c->ok = true;
	for (i = c->from; c->ok && i < c->to; i++) {
		const struct ix_dep *r = &deps[i];
		const char *path = ix_str(ix, r->path);
		struct symdb_dep now, was = {
			.path = path, .st = {
				.kind = r->kind, .dev = r->dev, .ino = r->ino, .size = r->size,
				.mtime_sec = r->mtime_sec, .mtime_nsec = r->mtime_nsec,
				.ctime_sec = r->ctime_sec, .ctime_nsec = r->ctime_nsec,
			},
		};

		if (!path) {
			c->ok = false;
			break;
		}
		walk_stat(&walk, &now, path);
		c->ok = file_stamp_same(&was.st, &now.st);
	}
	walk_end(&walk);
	return NULL;
}

/*
 * Deps [from, to) unchanged? A whole kernel is 5,000 stats, most of the
 * time a run through the index takes when it needs them all: above a
 * thousand, a second thread takes half (the two halves share few
 * directories, being in load order, which is mostly path order).
 */
static bool deps_unchanged(const struct symdb_index *ix, size_t from, size_t to)
{
	struct dep_check first = { .ix = ix, .from = from, .to = to };
	struct dep_check second = { .ix = ix, .from = to, .to = to, .ok = true };
	pthread_t tid;
	bool threaded = false;

	if (to - from > 1000) {
		first.to = second.from = from + (to - from) / 2;
		threaded = !pthread_create(&tid, NULL, deps_check, &second);
		if (!threaded)
			first.to = to;
	}
	deps_check(&first);
	if (threaded)
		pthread_join(tid, NULL);
	return first.ok && second.ok;
}

static void index_reload(struct symdb *db);

/*
 * The first END inputs the load recorded are as they were: check those
 * not checked yet. When one changed, everything the index says may be
 * stale from there on: load the inputs again.
 */
static void index_need(struct symdb *db, size_t end)
{
	struct symdb_index *ix = db->index;

	if (!ix || end <= ix->checked)
		return;
	if (deps_unchanged(ix, ix->checked, end)) {
		ix->checked = end;
		return;
	}
	ix->stale = true;
	index_reload(db);
}

void index_need_all(struct symdb *db)
{
	if (db->index)
		index_need(db, db->index->h->deps.nr);
}

void index_need_obj(struct symdb *db, const char *name)
{
	const struct symdb_obj *o;

	if (!db->index)
		return;
	/*
	 * An object without symbols, or not in the index, is a statement
	 * about every input: none described it (or a changed one now does).
	 */
	o = symdb_obj_lookup(db, name);
	index_need(db, o && o->nr ? o->deps_end : db->index->h->deps.nr);
}

void index_need_any_symbols(struct symdb *db)
{
	if (db->index)
		index_need(db, db->index->any_symbols_end);
}

/* Objects are few (4,000): they are built at once, in their creation order. */
static int index_load_objs(struct symdb *db, struct symdb_index *ix)
{
	const struct ix_obj *objs = (const void *)(ix->map + ix->h->objs.off);
	size_t i;

	/* No symbols: that says something of every input. */
	ix->any_symbols_end = ix->h->deps.nr;
	strmap_reserve(&db->obj_map, ix->h->objs.nr);
	for (i = 0; i < ix->h->objs.nr; i++) {
		const char *name = ix_str(ix, objs[i].name);
		struct symdb_obj *o;

		if (!name || objs[i].first > ix->h->syms.nr ||
		    objs[i].nr > ix->h->syms.nr - objs[i].first ||
		    objs[i].deps_end > ix->h->deps.nr)
			return -1;
		o = symdb_obj_get_kept(db, name);
		if (o->nr || o->source)
			return -1;      /* the same object twice */
		o->source = ix_str(ix, objs[i].source);
		o->first = objs[i].first;
		o->nr = objs[i].nr;
		o->has_exports = objs[i].has_exports;
		o->deps_end = objs[i].deps_end;
		/* Laid out first: the first object finished. */
		if (o->nr && !o->first)
			ix->any_symbols_end = o->deps_end;
	}
	return 0;
}

static void index_replay_warnings(const struct symdb_index *ix)
{
	const uint32_t *w = (const void *)(ix->map + ix->h->warnings.off);
	size_t i;

	for (i = 0; i < ix->h->warnings.nr; i++) {
		const char *msg = ix_str(ix, w[i]);

		if (msg)
			warning("%s", msg);
	}
}

void index_close(struct symdb_index *ix)
{
	if (!ix)
		return;
	munmap((void *)ix->map, ix->size);
	free(ix->cache);
	free(ix->linked);
	free(ix);
}

/*
 * Map PATH; NULL if it is missing, unreadable, no index we can read, or
 * one of other inputs than KEY says (any: NULL). Whether those inputs
 * changed is for the queries to check (index_need()).
 */
static struct symdb_index *index_map(const char *path, const char *key)
{
	struct symdb_index *ix;
	struct stat st;
	void *map;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	/*
	 * Positions from an index decide which function a livepatch binds:
	 * one that someone else could have written is not trusted.
	 */
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & 022) || (size_t)st.st_size < sizeof(struct ix_header)) {
		close(fd);
		return NULL;
	}
	map = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return NULL;
	ix = xcalloc(1, sizeof(*ix));
	ix->map = map;
	ix->size = st.st_size;
	ix->h = map;
	if (!index_check(ix) || (key && (ix->h->key.nr != strlen(key) ||
					 memcmp(ix->map + ix->h->key.off, key, ix->h->key.nr)))) {
		index_close(ix);
		return NULL;
	}
	ix->syms = (const void *)(ix->map + ix->h->syms.off);
	ix->names = (const void *)(ix->map + ix->h->names.off);
	ix->clones = (const void *)(ix->map + ix->h->clones.off);
	ix->exports = (const void *)(ix->map + ix->h->exports.off);
	ix->export_names = (const void *)(ix->map + ix->h->export_names.off);
	ix->strings = ix->map + ix->h->strings.off;
	/* Large and zeroed: the kernel hands out pages as they are touched. */
	ix->cache = xcalloc(ix->h->syms.nr + 1, sizeof(*ix->cache));
	ix->linked = xcalloc(ix->h->syms.nr + 1, sizeof(*ix->linked));
	return ix;
}

static int index_open(struct symdb *db, const char *path, const char *key)
{
	struct symdb_index *ix = index_map(path, key);

	if (!ix)
		return -1;
	if (index_load_objs(db, ix)) {
		/* Names in the map are the index's: forget them before it goes. */
		symdb_forget(db);
		index_close(ix);
		return -1;
	}
	/* index_open_any(): whatever the inputs, nothing is ever checked. */
	if (!key)
		ix->checked = ix->h->deps.nr;
	/*
	 * A warning is about the load as a whole, printed before any query:
	 * replayed only if no input has changed since, else the load's again.
	 */
	if (ix->h->warnings.nr && !deps_unchanged(ix, ix->checked, ix->h->deps.nr)) {
		symdb_forget(db);
		index_close(ix);
		return -1;
	}
	if (ix->h->warnings.nr)
		ix->checked = ix->h->deps.nr;
	db->index = ix;
	db->nr_syms = ix->h->syms.nr;
	db->nr_exports = ix->h->nr_exports;
	index_replay_warnings(ix);
	return 0;
}

int index_open_any(struct symdb *db, const char *path)
{
	return index_open(db, path, NULL);
}

void symdb_index_use(const struct symdb *db, struct symdb_index_use *use)
{
	const struct symdb_index *ix = db->index ? db->index : db->old_index;

	memset(use, 0, sizeof(*use));
	if (!ix)
		return;
	use->recorded = ix->h->deps.nr;
	use->checked = ix->checked;
	use->stale = ix->stale;
}

/* ---- faulting symbols in ---- */

static struct symdb_sym *sym_build(struct symdb *db, size_t id)
{
	struct symdb_index *ix = db->index;
	const struct ix_sym *r = &ix->syms[id];
	struct symdb_sym *s = symdb_alloc(db, sizeof(*s));
	const char *name = ix_str(ix, r->name);

	memset(s, 0, sizeof(*s));
	s->name = name ? name : "";
	s->obj = "";
	if (r->obj < db->nr_objs) {
		const struct symdb_obj *o = db->objs[r->obj];

		/* A record outside its object's range is corrupt: leave it objectless. */
		if (id >= o->first && id < o->first + o->nr) {
			s->obj = o->name;
			s->order = id - o->first;
		}
	}
	s->addr = r->addr;
	s->type = r->type;
	s->sympos = r->sympos;
	s->count = r->count;
	s->load_sympos = r->load_sympos;
	s->load_count = r->load_count;
	s->file = ix_str(ix, r->file);
	return s;
}

static struct symdb_sym *sym_get(struct symdb *db, size_t id)
{
	struct symdb_index *ix = db->index;

	if (!ix->cache[id])
		ix->cache[id] = sym_build(db, id);
	return ix->cache[id];
}

/* The record a link names, or 0: links only point forward (see the top). */
static size_t link_target(const struct symdb_index *ix, size_t id, uint32_t link)
{
	return link > id + 1 && link <= ix->h->syms.nr ? link - 1 : 0;
}

/* Is record TO in the object record FROM belongs to? */
static bool same_obj(const struct symdb *db, size_t from, size_t to)
{
	uint32_t id = db->index->syms[from].obj;
	const struct symdb_obj *o;

	if (id >= db->nr_objs)
		return false;
	o = db->objs[id];
	return from >= o->first && from - o->first < o->nr && to >= o->first &&
	       to - o->first < o->nr;
}

/*
 * The symbol of record ID, built with what it links to: with ALL, a
 * chain of "init_module" reaches 4,000 of them. A work list, not
 * recursion: one name's chain can be that long. A symbol built for one
 * object's query keeps its links out of the object NULL until a query
 * about every object reaches it: those inputs may not have been checked.
 */
struct symdb_sym *index_sym(struct symdb *db, size_t id, bool all)
{
	struct symdb_index *ix = db->index;
	uint8_t want = all ? LINKED_ALL : LINKED_OBJ;
	size_t *todo = NULL, nr = 0, alloc = 0;

	if (id >= ix->h->syms.nr)
		return NULL;
	ALLOC_GROW(todo, nr, alloc);
	todo[nr++] = id;
	while (nr) {
		size_t x = todo[--nr], next, clone;
		struct symdb_sym *s = sym_get(db, x);

		if (ix->linked[x] >= want)
			continue;
		ix->linked[x] = want;
		next = link_target(ix, x, ix->syms[x].next);
		clone = link_target(ix, x, ix->syms[x].next_clone);
		ALLOC_GROW(todo, nr + 1, alloc);
		if (next && (all || same_obj(db, x, next))) {
			s->next = sym_get(db, next);
			todo[nr++] = next;
		}
		if (clone && (all || same_obj(db, x, clone))) {
			s->next_clone = sym_get(db, clone);
			todo[nr++] = clone;
		}
	}
	free(todo);
	return ix->cache[id];
}

/* The value stored for KEY in a table, or 0. Probes are bounded: the file may lie. */
static uint32_t table_get(const struct symdb_index *ix, const struct ix_range *r,
			  const char *key)
{
	const struct ix_slot *tab = (const void *)(ix->map + r->off);
	uint32_t hash = str_hash(key);
	size_t mask = r->nr - 1, i = hash & mask, n;

	for (n = 0; n < r->nr; n++, i = (i + 1) & mask) {
		const char *k;

		if (!tab[i].val)
			return 0;
		k = tab[i].hash == hash ? ix_str(ix, tab[i].key) : NULL;
		if (k && !strcmp(k, key))
			return tab[i].val;
	}
	return 0;
}

struct symdb_sym *index_find(struct symdb *db, const char *name)
{
	uint32_t val = table_get(db->index, &db->index->h->names, name);

	return val ? index_sym(db, val - 1, true) : NULL;
}

struct symdb_sym *index_find_clone(struct symdb *db, const char *base)
{
	uint32_t val = table_get(db->index, &db->index->h->clones, base);

	return val ? index_sym(db, val - 1, true) : NULL;
}

/*
 * The name's records, not its symbols, are walked up to OBJ's: the
 * other objects' are neither built nor checked. Links point forward and
 * objects lie in chain order, so the walk ends at OBJ's last record.
 */
struct symdb_sym *index_find_in_obj(struct symdb *db, const struct symdb_obj *obj,
				    const char *name)
{
	struct symdb_index *ix = db->index;
	uint32_t val = table_get(ix, &ix->h->names, name);
	size_t x = val ? val - 1 : ix->h->syms.nr;

	while (x < ix->h->syms.nr && x < obj->first + obj->nr) {
		if (x >= obj->first)
			return index_sym(db, x, false);
		x = link_target(ix, x, ix->syms[x].next);
		if (!x)
			break;
	}
	return NULL;
}

struct symdb_export *index_find_export(struct symdb *db, const char *name)
{
	struct symdb_index *ix = db->index;
	uint32_t val = table_get(ix, &ix->h->export_names, name);
	const struct ix_export *r;
	struct symdb_export *exp;

	if (!val || val > ix->h->exports.nr)
		return NULL;
	r = &ix->exports[val - 1];
	exp = symdb_alloc(db, sizeof(*exp));
	exp->name = ix_str(ix, r->name);
	exp->obj = ix_str(ix, r->obj);
	exp->ns = ix_str(ix, r->ns);
	exp->crc = r->crc;
	exp->gpl_only = r->gpl_only;
	if (!exp->name || strcmp(exp->name, name) || !exp->obj || !exp->ns)
		return NULL;
	/* Built once: later lookups find it in memory. */
	strmap_put(&db->export_map, exp->name, exp);
	return exp;
}

/* ---- symdb_load() ---- */

static const char *const kind_names[] = {
	[SYMDB_SYMVERS] = "symvers",
	[SYMDB_KALLSYMS] = "kallsyms",
	[SYMDB_ELF] = "elf",
	[SYMDB_MODULES] = "modules",
	[SYMDB_KERNEL] = "kernel",
};

/* A file named on the command line, read whole. */
static void depend_file(struct symdb *db, const char *path)
{
	symdb_depend(db, path);
	/* /proc/kallsyms: size 0, and its contents change as modules load. */
	if (db->deps[db->nr_deps - 1].st.kind != S_IFREG || !db->deps[db->nr_deps - 1].st.size)
		symdb_no_cache(db, "an input's stat says nothing of its contents");
}

static int input_load(struct symdb *db, const struct symdb_input *in)
{
	switch (in->kind) {
	case SYMDB_SYMVERS:
		depend_file(db, in->path);
		return symdb_load_symvers(db, in->path);
	case SYMDB_KALLSYMS:
		depend_file(db, in->path);
		return symdb_load_kallsyms(db, in->path);
	case SYMDB_ELF:
		depend_file(db, in->path);
		return symdb_load_elf(db, in->path);
	case SYMDB_MODULES:
		return symdb_load_module_dir(db, in->path);
	case SYMDB_KERNEL:
		return symdb_load_kernel_dir(db, in->path);
	}
	return error("unknown symbol input kind %d", (int)in->kind);
}

static int inputs_load(struct symdb *db, const struct symdb_input *inputs, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		if (input_load(db, &inputs[i]))
			return -1;
	}
	return 0;
}

/*
 * The inputs, each by kind and absolute real path: the index's key.
 * NULL if one cannot be resolved; the loader will say why.
 */
static char *inputs_key(const struct symdb_input *inputs, size_t nr)
{
	struct buf b = { 0 };
	size_t i;

	for (i = 0; i < nr; i++) {
		char *real = realpath(inputs[i].path, NULL);

		if (!real || (size_t)inputs[i].kind >= ARRAY_SIZE(kind_names) ||
		    strchr(real, '\n')) {
			free(real);
			free(b.s);
			return NULL;
		}
		buf_addf(&b, "%s %s\n", kind_names[inputs[i].kind], real);
		free(real);
	}
	return b.s ? b.s : xstrdup("");
}

/* 64-bit FNV-1a: the index file's name. */
static uint64_t key_hash(const char *s)
{
	uint64_t h = 14695981039346656037ull;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

static void index_save(struct symdb *db, const char *cache_dir, const char *path,
		       const char *key)
{
	struct buf file = { 0 };

	if (db->uncacheable) {
		db->index_state = db->uncacheable;
		return;
	}
	/* Best effort: a read-only home only costs speed. */
	if (mkdir_p(cache_dir) || access(cache_dir, W_OK)) {
		db->index_state = "cache directory not writable";
		return;
	}
	index_build(db, key, &file);
	if (write_file_atomic(path, file.s, file.len, 0644)) {
		note("%s: symbol index not written; continuing without it", path);
		db->index_state = "write failed";
	} else {
		db->index_state = "written";
	}
	free(file.s);
}

/* For index_reload(): the inputs as given, and where from. */
static void inputs_keep(struct symdb *db, const struct symdb_input *inputs, size_t nr,
			const char *cache_dir, const char *key)
{
	char *cwd = getcwd(NULL, 0);
	size_t i;

	db->inputs = symdb_alloc(db, nr * sizeof(*db->inputs));
	for (i = 0; i < nr; i++) {
		db->inputs[i].kind = inputs[i].kind;
		db->inputs[i].path = symdb_strdup(db, inputs[i].path);
	}
	db->nr_inputs = nr;
	db->load_cwd = cwd ? symdb_strdup(db, cwd) : NULL;
	db->cache_dir = symdb_strdup(db, cache_dir);
	db->index_key = symdb_strdup(db, key);
	free(cwd);
}

/*
 * A query found an input changed since the index was written: load them
 * all as symdb_load() would have, and write the index anew. What earlier
 * queries returned stays as it was (the old index stays mapped): it came
 * from inputs they had checked. There is no way to fail a query, so
 * inputs that no longer load end the run, as they would have ended it
 * had the change been seen at first.
 */
static void index_reload(struct symdb *db)
{
	char *cwd = getcwd(NULL, 0);
	bool moved = !cwd || !db->load_cwd || strcmp(cwd, db->load_cwd);
	int ret = 0;
	size_t i;

	db->old_index = db->index;
	db->index = NULL;
	symdb_forget(db);
	for (i = 0; !ret && i < db->nr_inputs; i++) {
		struct symdb_input in = db->inputs[i];
		char *abs = NULL;

		/* The caller changed directory since (klp-annotate's parse does). */
		if (moved && in.path[0] != '/' && db->load_cwd)
			in.path = abs = xasprintf("%s/%s", db->load_cwd, in.path);
		ret = input_load(db, &in);
		free(abs);
	}
	free(cwd);
	if (ret)
		die("symbol inputs changed since their index was written, and no longer load; "
		    "fix the one named above");
	index_save(db, db->cache_dir, db->index_path, db->index_key);
}

int symdb_load(struct symdb *db, const struct symdb_input *inputs, size_t nr,
	       const char *cache_dir)
{
	/* No inputs (klp-symbols module-name): nothing worth a file. */
	char *key = cache_dir && nr ? inputs_key(inputs, nr) : NULL;
	char *path = NULL;

	if (key) {
		path = xasprintf("%s/symdb-%016llx.idx", cache_dir,
				 (unsigned long long)key_hash(key));
		db->index_path = symdb_strdup(db, path);
		if (!index_open(db, path, key)) {
			db->index_state = "used";
			inputs_keep(db, inputs, nr, cache_dir, key);
			goto out;
		}
	}
	if (inputs_load(db, inputs, nr)) {
		free(path);
		free(key);
		return -1;
	}
	if (key)
		index_save(db, cache_dir, path, key);
	else
		db->index_state = cache_dir && nr ? "an input is not a file on disk" : "none";
out:
	free(path);
	free(key);
	return 0;
}

char *symdb_cache_dir(void)
{
	const char *dir = getenv("KLP_SYMDB_CACHE");

	char *cwd, *abs;

	if (dir && (!*dir || !strcmp(dir, "off")))
		return NULL;
	/* Absolute: klp-annotate's parse changes directory while symbols load. */
	if (dir && *dir != '/' && (cwd = getcwd(NULL, 0))) {
		abs = xasprintf("%s/%s", cwd, dir);
		free(cwd);
		return abs;
	}
	if (dir)
		return xstrdup(dir);
	dir = getenv("XDG_CACHE_HOME");
	if (dir && *dir == '/')
		return xasprintf("%s/klp-tools", dir);
	dir = getenv("HOME");
	if (dir && *dir == '/')
		return xasprintf("%s/.cache/klp-tools", dir);
	return NULL;
}
