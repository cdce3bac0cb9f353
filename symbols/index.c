// SPDX-License-Identifier: GPL-2.0-only
/*
 * The cached index: a loaded symbol database in one file, mapped and
 * read in place, so that a run which looks up a few names starts in
 * milliseconds instead of re-reading 4,000 .ko files.
 *
 * symdb_load() writes it after a full load and uses it the next time the
 * same inputs are asked for, if none changed: every file a loader read,
 * and every directory it listed or probed, is recorded with its stat
 * (symdb_depend()); one that differs means a full load and a new index.
 *
 * Queries fault symbols in: a struct symdb_sym is built from its record
 * the first time a query reaches it, together with all that its ->next
 * and ->next_clone reach, so the pointers callers follow stay plain
 * pointers. Objects' records are laid out in the order the loaders
 * finished them, which is the order of every chain: a chain only points
 * forward, so even a corrupt file cannot make a query loop.
 *
 * The file is a cache, local to the machine that wrote it: native byte
 * order, checked by the header. Every offset read from it is checked
 * against its bounds before use.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "symdb_private.h"
#include "util.h"

#define INDEX_MAGIC "KLPSYMDB"
#define INDEX_VERSION 3	/* 2: a vmlinux without code (BTF only) describes nothing;
				   3: a /proc/kallsyms capture keeps every vmlinux line */
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
	uint32_t name, source, first, nr, has_exports, pad;
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
};

/* ---- what a load depends on ---- */

/* Stat NAME in directory DIRFD (AT_FDCWD and a whole path will do) into D. */
static void dep_take_at(struct symdb_dep *d, const char *path, int dirfd, const char *name)
{
	struct stat st;

	memset(d, 0, sizeof(*d));
	d->path = path;
	if (fstatat(dirfd, name, &st, 0))
		return;
	d->kind = st.st_mode & S_IFMT;
	d->dev = st.st_dev;
	d->ino = st.st_ino;
	d->size = st.st_size;
	d->mtime_sec = st.st_mtim.tv_sec;
	d->mtime_nsec = st.st_mtim.tv_nsec;
	d->ctime_sec = st.st_ctim.tv_sec;
	d->ctime_nsec = st.st_ctim.tv_nsec;
}

static void dep_take(struct symdb_dep *d, const char *path)
{
	dep_take_at(d, path, AT_FDCWD, path);
}

static bool dep_same(const struct symdb_dep *a, const struct symdb_dep *b)
{
	return a->kind == b->kind && a->dev == b->dev && a->ino == b->ino &&
	       a->size == b->size && a->mtime_sec == b->mtime_sec &&
	       a->mtime_nsec == b->mtime_nsec && a->ctime_sec == b->ctime_sec &&
	       a->ctime_nsec == b->ctime_nsec;
}

void symdb_depend(struct symdb *db, const char *path)
{
	struct symdb_dep *d;
	char *abs = NULL, *cwd;

	/* Absolute, so that the next run may start elsewhere. */
	if (path[0] != '/' && (cwd = getcwd(NULL, 0))) {
		abs = xasprintf("%s/%s", cwd, path);
		free(cwd);
		path = abs;
	}
	ALLOC_GROW(db->deps, db->nr_deps, db->alloc_deps);
	d = &db->deps[db->nr_deps++];
	dep_take(d, symdb_strdup(db, path));
	free(abs);
}

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
		dep_take(d, path);
	else
		dep_take_at(d, path, fd, slash + 1);
}

static void walk_end(struct dir_walk *w)
{
	while (w->depth)
		walk_pop(w);
}

void symdb_no_cache(struct symdb *db, const char *why)
{
	if (!db->uncacheable)
		db->uncacheable = why;
}

void symdb_warning(struct symdb *db, const char *fmt, ...)
{
	char *msg;
	va_list ap;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	warning("%s", msg);
	ALLOC_GROW(db->warnings, db->nr_warnings, db->alloc_warnings);
	db->warnings[db->nr_warnings++] = symdb_strdup(db, msg);
	free(msg);
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

static int cmp_dep_path(const void *a, const void *b)
{
	return strcmp(((const struct symdb_dep *)a)->path, ((const struct symdb_dep *)b)->path);
}

/* Sorted by path, for walk_stat(). */
static void write_deps(struct writer *w, struct buf *out)
{
	size_t i;

	if (w->db->nr_deps)
		qsort(w->db->deps, w->db->nr_deps, sizeof(*w->db->deps), cmp_dep_path);
	for (i = 0; i < w->db->nr_deps; i++) {
		const struct symdb_dep *d = &w->db->deps[i];
		struct ix_dep r = {
			.path = str_put(w, d->path), .kind = d->kind,
			.dev = d->dev, .ino = d->ino, .size = d->size,
			.mtime_sec = d->mtime_sec, .mtime_nsec = d->mtime_nsec,
			.ctime_sec = d->ctime_sec, .ctime_nsec = d->ctime_nsec,
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
			.path = path, .kind = r->kind,
			.dev = r->dev, .ino = r->ino, .size = r->size,
			.mtime_sec = r->mtime_sec, .mtime_nsec = r->mtime_nsec,
			.ctime_sec = r->ctime_sec, .ctime_nsec = r->ctime_nsec,
		};

		if (!path) {
			c->ok = false;
			break;
		}
		walk_stat(&walk, &now, path);
		c->ok = dep_same(&was, &now);
	}
	walk_end(&walk);
	return NULL;
}

/*
 * Same inputs, and none changed? A whole kernel is 5,000 stats, most of
 * the time a cached run takes: above a thousand, a second thread takes
 * half (the two halves share few directories, being sorted).
 */
static bool index_current(const struct symdb_index *ix, const char *key)
{
	const struct ix_header *h = ix->h;
	struct dep_check first = { .ix = ix, .to = h->deps.nr };
	struct dep_check second = { .ix = ix, .from = h->deps.nr, .to = h->deps.nr, .ok = true };
	pthread_t tid;
	bool threaded = false;

	if (h->key.nr != strlen(key) || memcmp(ix->map + h->key.off, key, h->key.nr))
		return false;
	if (h->deps.nr > 1000) {
		first.to = second.from = h->deps.nr / 2;
		threaded = !pthread_create(&tid, NULL, deps_check, &second);
		if (!threaded)
			first.to = h->deps.nr;
	}
	deps_check(&first);
	if (threaded)
		pthread_join(tid, NULL);
	return first.ok && second.ok;
}

/* Objects are few (4,000): they are built at once, in their creation order. */
static int index_load_objs(struct symdb *db, struct symdb_index *ix)
{
	const struct ix_obj *objs = (const void *)(ix->map + ix->h->objs.off);
	size_t i;

	strmap_reserve(&db->obj_map, ix->h->objs.nr);
	for (i = 0; i < ix->h->objs.nr; i++) {
		const char *name = ix_str(ix, objs[i].name);
		struct symdb_obj *o;

		if (!name || objs[i].first > ix->h->syms.nr ||
		    objs[i].nr > ix->h->syms.nr - objs[i].first)
			return -1;
		o = symdb_obj_get_kept(db, name);
		if (o->nr || o->source)
			return -1;      /* the same object twice */
		o->source = ix_str(ix, objs[i].source);
		o->first = objs[i].first;
		o->nr = objs[i].nr;
		o->has_exports = objs[i].has_exports;
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
	free(ix);
}

/* Map PATH; NULL if it is missing, unreadable or not a current index for KEY (any: NULL). */
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
	if (!index_check(ix)) {
		index_close(ix);
		return NULL;
	}
	ix->syms = (const void *)(ix->map + ix->h->syms.off);
	ix->names = (const void *)(ix->map + ix->h->names.off);
	ix->clones = (const void *)(ix->map + ix->h->clones.off);
	ix->exports = (const void *)(ix->map + ix->h->exports.off);
	ix->export_names = (const void *)(ix->map + ix->h->export_names.off);
	ix->strings = ix->map + ix->h->strings.off;
	if (key && !index_current(ix, key)) {
		index_close(ix);
		return NULL;
	}
	/* Large and zeroed: the kernel hands out pages as they are touched. */
	ix->cache = xcalloc(ix->h->syms.nr + 1, sizeof(*ix->cache));
	return ix;
}

static int index_open(struct symdb *db, const char *path, const char *key)
{
	struct symdb_index *ix = index_map(path, key);

	if (!ix)
		return -1;
	if (index_load_objs(db, ix)) {
		index_close(ix);
		return -1;
	}
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

/* The record a link names, or 0: links only point forward (see the top). */
static size_t link_target(const struct symdb_index *ix, size_t id, uint32_t link)
{
	return link > id + 1 && link <= ix->h->syms.nr ? link - 1 : 0;
}

/*
 * The symbol of record ID, built with everything it links to: a chain of
 * "init_module" reaches 4,000 of them. A work list, not recursion: one
 * name's chain can be that long.
 */
struct symdb_sym *index_sym(struct symdb *db, size_t id)
{
	struct symdb_index *ix = db->index;
	size_t *todo = NULL, nr = 0, alloc = 0, *built = NULL, nr_built = 0, alloc_built = 0;
	size_t i;

	if (id >= ix->h->syms.nr)
		return NULL;
	if (ix->cache[id])
		return ix->cache[id];
	ALLOC_GROW(todo, nr, alloc);
	todo[nr++] = id;
	while (nr) {
		size_t x = todo[--nr], next, clone;

		if (ix->cache[x])
			continue;
		ix->cache[x] = sym_build(db, x);
		ALLOC_GROW(built, nr_built, alloc_built);
		built[nr_built++] = x;
		next = link_target(ix, x, ix->syms[x].next);
		clone = link_target(ix, x, ix->syms[x].next_clone);
		ALLOC_GROW(todo, nr + 1, alloc);
		if (next && !ix->cache[next])
			todo[nr++] = next;
		if (clone && !ix->cache[clone])
			todo[nr++] = clone;
	}
	for (i = 0; i < nr_built; i++) {
		size_t x = built[i], next = link_target(ix, x, ix->syms[x].next);
		size_t clone = link_target(ix, x, ix->syms[x].next_clone);

		ix->cache[x]->next = next ? ix->cache[next] : NULL;
		ix->cache[x]->next_clone = clone ? ix->cache[clone] : NULL;
	}
	free(todo);
	free(built);
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

	return val ? index_sym(db, val - 1) : NULL;
}

struct symdb_sym *index_find_clone(struct symdb *db, const char *base)
{
	uint32_t val = table_get(db->index, &db->index->h->clones, base);

	return val ? index_sym(db, val - 1) : NULL;
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
	if (db->deps[db->nr_deps - 1].kind != S_IFREG || !db->deps[db->nr_deps - 1].size)
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

static int mkdir_p(const char *dir)
{
	char *p = xstrdup(dir), *slash;
	int ret = 0;

	for (slash = strchr(p + 1, '/'); slash && !ret; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(p, 0777) && errno != EEXIST)
			ret = -1;
		*slash = '/';
	}
	if (!ret && mkdir(p, 0777) && errno != EEXIST)
		ret = -1;
	free(p);
	return ret;
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

int symdb_load(struct symdb *db, const struct symdb_input *inputs, size_t nr,
	       const char *cache_dir)
{
	/* No inputs (klp-symbols module-name): nothing worth a file. */
	char *key = cache_dir && nr ? inputs_key(inputs, nr) : NULL;
	char *path = NULL;
	size_t i;

	if (key) {
		path = xasprintf("%s/symdb-%016llx.idx", cache_dir,
				 (unsigned long long)key_hash(key));
		db->index_path = symdb_strdup(db, path);
		if (!index_open(db, path, key)) {
			db->index_state = "used";
			goto out;
		}
	}
	for (i = 0; i < nr; i++) {
		if (input_load(db, &inputs[i])) {
			free(path);
			free(key);
			return -1;
		}
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
