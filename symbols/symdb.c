// SPDX-License-Identifier: GPL-2.0-only
/*
 * The index behind symdb.h: objects, their symbols in kallsyms order,
 * and hash tables from a name to its occurrences, its export and its
 * GCC clones. The loaders in symvers.c, kallsyms.c and elfsyms.c fill
 * it through symdb_private.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "symdb_private.h"
#include "util.h"

/* Symbols and strings come from bump-allocated chunks: a whole kernel
 * is a few million small objects that all die together. */
#define ARENA_CHUNK (1024 * 1024)

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, size;
	char data[];
};

/* ---- string map ---- */

static size_t strmap_slot(const struct strmap *map, const char *key, uint32_t hash)
{
	size_t mask = map->size - 1, i = hash & mask;

	while (map->tab[i].key) {
		if (map->tab[i].hash == hash && !strcmp(map->tab[i].key, key))
			break;
		i = (i + 1) & mask;
	}
	return i;
}

void *strmap_get(const struct strmap *map, const char *key)
{
	size_t i;

	if (!map->size)
		return NULL;
	i = strmap_slot(map, key, str_hash(key));
	return map->tab[i].key ? map->tab[i].val : NULL;
}

static void strmap_grow(struct strmap *map)
{
	struct strmap_entry *old = map->tab;
	size_t old_size = map->size, i;

	map->size = old_size ? old_size * 2 : 64;
	map->tab = xcalloc(map->size, sizeof(*map->tab));
	for (i = 0; i < old_size; i++) {
		if (old[i].key)
			map->tab[strmap_slot(map, old[i].key, old[i].hash)] = old[i];
	}
	free(old);
}

void strmap_reserve(struct strmap *map, size_t nr)
{
	while (nr * 2 > map->size)
		strmap_grow(map);
}

void **strmap_ref(struct strmap *map, const char *key)
{
	uint32_t hash = str_hash(key);
	size_t i;

	/* Keep the load under 1/2: probes stay short. */
	if ((map->nr + 1) * 2 > map->size)
		strmap_grow(map);
	i = strmap_slot(map, key, hash);
	if (!map->tab[i].key) {
		map->tab[i].key = key;
		map->tab[i].hash = hash;
		map->tab[i].val = NULL;
		map->nr++;
	}
	return &map->tab[i].val;
}

void strmap_put(struct strmap *map, const char *key, void *val)
{
	*strmap_ref(map, key) = val;
}

void strmap_clear(struct strmap *map)
{
	free(map->tab);
	map->tab = NULL;
	map->nr = map->size = 0;
}

/* ---- memory ---- */

void *symdb_alloc(struct symdb *db, size_t size)
{
	struct arena_chunk *c = db->arena;
	void *p;

	size = (size + 7) & ~(size_t)7;
	if (!c || c->size - c->used < size) {
		size_t chunk = size > ARENA_CHUNK / 4 ? size : ARENA_CHUNK;

		c = xmalloc(sizeof(*c) + chunk);
		c->size = chunk;
		c->used = 0;
		c->next = db->arena;
		db->arena = c;
	}
	p = c->data + c->used;
	c->used += size;
	return p;
}

const char *symdb_strndup(struct symdb *db, const char *s, size_t n)
{
	char *p = symdb_alloc(db, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

const char *symdb_strdup(struct symdb *db, const char *s)
{
	return symdb_strndup(db, s, strlen(s));
}

void symdb_keep(struct symdb *db, void *buf)
{
	ALLOC_GROW(db->kept, db->nr_kept, db->alloc_kept);
	db->kept[db->nr_kept++] = buf;
}

struct symdb *symdb_new(void)
{
	return xcalloc(1, sizeof(struct symdb));
}

void symdb_free(struct symdb *db)
{
	struct arena_chunk *c, *next;
	size_t i;

	if (!db)
		return;
	index_close(db->index);
	index_close(db->old_index);
	free(db->deps);
	free(db->warnings);
	for (i = 0; i < db->nr_objs; i++)
		free(db->objs[i]->syms);
	free(db->objs);
	for (i = 0; i < db->nr_kept; i++)
		free(db->kept[i]);
	free(db->kept);
	strmap_clear(&db->obj_map);
	strmap_clear(&db->export_map);
	strmap_clear(&db->name_map);
	strmap_clear(&db->clone_map);
	for (c = db->arena; c; c = next) {
		next = c->next;
		free(c);
	}
	free(db);
}

void symdb_forget(struct symdb *db)
{
	db->nr_objs = 0;
	db->nr_finished = 0;
	strmap_clear(&db->obj_map);
	strmap_clear(&db->export_map);
	strmap_clear(&db->name_map);
	strmap_clear(&db->clone_map);
	db->nr_exports = 0;
	db->nr_syms = 0;
	db->nr_deps = 0;
	db->nr_warnings = 0;
	db->uncacheable = NULL;
}

/* ---- objects ---- */

const char *symdb_obj_name(struct symdb *db, const char *path, size_t len)
{
	static const char *const exts[] = { ".ko", ".ko.xz", ".ko.gz", ".ko.zst" };
	const char *base = path, *p;
	char *name;
	size_t i, n;

	for (p = path; p < path + len; p++) {
		if (*p == '/')
			base = p + 1;
	}
	n = path + len - base;
	for (i = 0; i < ARRAY_SIZE(exts); i++) {
		size_t e = strlen(exts[i]);

		if (n > e && !memcmp(base + n - e, exts[i], e)) {
			n -= e;
			break;
		}
	}
	name = (char *)symdb_strndup(db, base, n);
	for (i = 0; i < n; i++) {
		if (name[i] == '-')
			name[i] = '_';
	}
	return name;
}

char *symdb_module_name(const char *path)
{
	struct symdb *tmp = symdb_new();
	char *name = xstrdup(symdb_obj_name(tmp, path, strlen(path)));

	symdb_free(tmp);
	return name;
}

const struct symdb_obj *symdb_obj_lookup(const struct symdb *db, const char *name)
{
	return strmap_get(&db->obj_map, name);
}

static struct symdb_obj *obj_new(struct symdb *db, const char *name)
{
	struct symdb_obj *obj = symdb_alloc(db, sizeof(*obj));

	memset(obj, 0, sizeof(*obj));
	obj->name = name;
	ALLOC_GROW(db->objs, db->nr_objs, db->alloc_objs);
	db->objs[db->nr_objs++] = obj;
	return obj;
}

struct symdb_obj *symdb_obj_get(struct symdb *db, const char *name)
{
	struct symdb_obj *obj = strmap_get(&db->obj_map, name);

	if (obj)
		return obj;
	obj = obj_new(db, symdb_strdup(db, name));
	strmap_put(&db->obj_map, obj->name, obj);
	return obj;
}

struct symdb_obj *symdb_obj_get_kept(struct symdb *db, const char *name)
{
	struct symdb_obj **ref = (struct symdb_obj **)strmap_ref(&db->obj_map, name);

	if (!*ref)
		*ref = obj_new(db, name);
	return *ref;
}

bool symdb_obj_claim(struct symdb *db, struct symdb_obj *obj, const char *source)
{
	/* The index's chains are final: nothing can be added to them. */
	if (db->index)
		die("%s: loaded after symdb_load() read an index; load every input with it",
		    source);
	if (obj->source)
		return false;
	obj->source = symdb_strdup(db, source);
	return true;
}

struct symdb_sym *symdb_obj_add(struct symdb *db, struct symdb_obj *obj, const char *name,
				uint64_t addr, char type, const char *file)
{
	struct symdb_sym *sym = symdb_alloc(db, sizeof(*sym));

	memset(sym, 0, sizeof(*sym));
	sym->name = name;
	sym->obj = obj->name;
	sym->addr = addr;
	sym->type = type;
	sym->file = file;
	sym->order = obj->nr;   /* input position, the last tie-break */
	ALLOC_GROW(obj->syms, obj->nr, obj->alloc);
	obj->syms[obj->nr++] = sym;
	return sym;
}

/* ---- kallsyms order ---- */

static int cmp_input(const struct symdb_sym *a, const struct symdb_sym *b)
{
	return (a->order > b->order) - (a->order < b->order);
}

/* scripts/kallsyms' guess at linker-script PROVIDE()d symbols, sorted last. */
static bool is_linker_provided(const struct symdb_sym *s)
{
	const char *name = s->name;
	size_t len = strlen(name);

	if (len < 8 || name[0] != '_' || name[1] != '_')
		return false;
	if (!strncmp(name + 2, "start_", 6) || !strncmp(name + 2, "stop_", 5) ||
	    !strncmp(name + 2, "end_", 4))
		return true;
	return !strcmp(name + len - 6, "_start") || !strcmp(name + len - 4, "_end");
}

static bool is_weak(const struct symdb_sym *s)
{
	return s->type == 'w' || s->type == 'W';
}

/* scripts/kallsyms.c compare_symbols(), with our input order as start_pos. */
static int cmp_kallsyms_build(const void *pa, const void *pb)
{
	const struct symdb_sym *a = *(const struct symdb_sym **)pa;
	const struct symdb_sym *b = *(const struct symdb_sym **)pb;
	int wa, wb;

	if (a->addr != b->addr)
		return a->addr < b->addr ? -1 : 1;
	wa = is_weak(a);
	wb = is_weak(b);
	if (wa != wb)
		return wa - wb;
	wa = is_linker_provided(a);
	wb = is_linker_provided(b);
	if (wa != wb)
		return wa - wb;
	wa = strspn(a->name, "_");
	wb = strspn(b->name, "_");
	if (wa != wb)
		return wa - wb;
	return cmp_input(a, b);
}

static void obj_sort(struct symdb_obj *obj, enum symdb_order order)
{
	size_t i;

	switch (order) {
	case SYMDB_ORDER_INPUT:
		break;
	case SYMDB_ORDER_KALLSYMS_BUILD:
		for (i = 0; i < obj->nr; i++) {
			if (obj->syms[i]->addr)
				break;
		}
		if (i < obj->nr)
			qsort(obj->syms, obj->nr, sizeof(*obj->syms), cmp_kallsyms_build);
		break;
	}
}

/*
 * The suffixes GCC (and clang's ThinLTO) give a function's clones, which
 * may follow each other: "foo.constprop.0.isra.0", "foo.part.0.cold".
 */
static const char *const clone_tags[] = {
	"isra", "constprop", "part", "cold", "llvm", "lto_priv", "localalias", "specialized",
};

static bool is_clone_suffix(const char *s)
{
	size_t i, n;

	while (*s) {
		if (*s++ != '.')
			return false;
		for (i = 0; i < ARRAY_SIZE(clone_tags); i++) {
			n = strlen(clone_tags[i]);
			if (!strncmp(s, clone_tags[i], n) && (s[n] == '.' || !s[n]))
				break;
		}
		if (i == ARRAY_SIZE(clone_tags))
			return false;
		s += n;
		/* An optional ".N" (decimal; hex-ish hashes for .llvm). */
		if (s[0] == '.' && s[1] >= '0' && s[1] <= '9') {
			s++;
			while ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))
				s++;
		}
	}
	return true;
}

/* "foo.isra.0" -> length of "foo"; 0 when NAME is not a clone. */
static size_t clone_base_len(const char *name)
{
	const char *dot = strchr(name, '.');

	if (!dot || dot == name || !is_clone_suffix(dot))
		return 0;
	return dot - name;
}

static struct name_chain *chain_get(struct symdb *db, struct strmap *map, const char *key)
{
	struct name_chain **ref = (struct name_chain **)strmap_ref(map, key);

	if (!*ref) {
		*ref = symdb_alloc(db, sizeof(**ref));
		(*ref)->first = (*ref)->last = NULL;
	}
	return *ref;
}

/* Each run of same-named symbols of OBJ, linked by ->next, learns its length. */
static void obj_count(struct symdb_obj *obj)
{
	struct symdb_sym *s, *run;
	size_t i;

	for (i = 0; i < obj->nr; i++) {
		run = obj->syms[i];
		if (run->sympos != 1)
			continue;
		for (s = run; s->next && s->next->obj == obj->name; s = (struct symdb_sym *)s->next)
			;
		for (; run != s; run = (struct symdb_sym *)run->next)
			run->count = s->sympos;
		s->count = s->sympos;
	}
}

static void obj_index(struct symdb *db, struct symdb_obj *obj)
{
	struct symdb_sym *s;
	struct name_chain *c;
	size_t i, n;

	for (i = 0; i < obj->nr; i++) {
		s = obj->syms[i];
		s->order = i;

		/*
		 * This object's symbols are appended to each name's chain
		 * together: the chain's tail, if it is ours, is the previous
		 * symbol of this name in kallsyms order.
		 */
		c = chain_get(db, &db->name_map, s->name);
		s->sympos = c->last && c->last->obj == obj->name ? c->last->sympos + 1 : 1;
		if (c->last)
			c->last->next = s;
		else
			c->first = s;
		c->last = s;

		n = clone_base_len(s->name);
		if (n) {
			const char *base = symdb_strndup(db, s->name, n);

			c = chain_get(db, &db->clone_map, base);
			if (c->last)
				c->last->next_clone = s;
			else
				c->first = s;
			c->last = s;
		}
	}
	obj_count(obj);
	db->nr_syms += obj->nr;
}

void symdb_obj_finish(struct symdb *db, struct symdb_obj *obj, enum symdb_order order)
{
	/* The index lays objects out in this order: its chains then point forward. */
	obj->seq = ++db->nr_finished;
	/* Every input that could have claimed it, and its own, are recorded by now. */
	obj->deps_end = db->nr_deps;
	obj_sort(obj, order);
	obj_index(db, obj);
}

/* ---- exports ---- */

bool symdb_add_export(struct symdb *db, struct symdb_export *exp)
{
	if (strmap_get(&db->export_map, exp->name))
		return false;
	strmap_put(&db->export_map, exp->name, exp);
	symdb_obj_get(db, exp->obj)->has_exports = true;
	db->nr_exports++;
	return true;
}

/*
 * In index mode the maps below are empty, but for the exports already
 * read: a miss asks the index, which builds what it finds (and keeps an
 * export in the map). Each query first has the inputs its answer comes
 * from checked (index_need_*()), which may load them all again and leave
 * index mode. That is invisible to callers, hence the casts from const.
 */
const struct symdb_export *symdb_find_export(const struct symdb *db, const char *name)
{
	const struct symdb_export *exp;

	index_need_all((struct symdb *)db);
	exp = strmap_get(&db->export_map, name);
	if (!exp && db->index)
		exp = index_find_export((struct symdb *)db, name);
	return exp;
}

/* ---- queries ---- */

const struct symdb_sym *symdb_find(const struct symdb *db, const char *name)
{
	const struct name_chain *c;

	/* Which objects have NAME, and which do not: every input says. */
	index_need_all((struct symdb *)db);
	c = strmap_get(&db->name_map, name);
	if (c)
		return c->first;
	return db->index ? index_find((struct symdb *)db, name) : NULL;
}

struct symdb_sym *symdb_obj_sym_at(struct symdb *db, const struct symdb_obj *obj, size_t order)
{
	if (order >= obj->nr)
		return NULL;
	return db->index ? index_sym(db, obj->first + order, false) : obj->syms[order];
}

/*
 * The first occurrence of NAME in OBJ: a name's chain groups each
 * object's. Symbols point at their object's own name string, so a
 * pointer compare does: "init_module" has 4,000 modules to skip.
 */
static const struct symdb_sym *find_first_in_obj(const struct symdb *db, const char *obj,
						  const char *name)
{
	const struct symdb_obj *o;
	const struct symdb_sym *s;

	index_need_obj((struct symdb *)db, obj);
	o = symdb_obj_lookup(db, obj);
	if (!o || !o->nr)
		return NULL;
	/* Not through symdb_find(): that would check every object's inputs. */
	if (db->index)
		return index_find_in_obj((struct symdb *)db, o, name);
	for_each_symdb_sym(db, name, s) {
		if (s->obj == o->name)
			return s;
	}
	return NULL;
}

const struct symdb_sym *symdb_find_in_obj(const struct symdb *db, const char *obj,
					  const char *name, unsigned long sympos)
{
	const struct symdb_sym *s = find_first_in_obj(db, obj, name);

	if (!s)
		return NULL;
	/* As the livepatch core: 0 needs a unique name, 1 also takes one. */
	if (sympos == 0)
		return s->count == 1 ? s : NULL;
	if (sympos > s->count)
		return NULL;
	/* The test for NULL is for a corrupt index's sake. */
	while (s && s->sympos != sympos)
		s = s->next;
	return s;
}

unsigned long symdb_count(const struct symdb *db, const char *obj, const char *name)
{
	const struct symdb_sym *s = find_first_in_obj(db, obj, name);

	return s ? s->count : 0;
}

const struct symdb_sym *symdb_neighbour(const struct symdb *db, const struct symdb_sym *sym,
					long delta)
{
	const struct symdb_obj *obj;
	const struct symdb_sym *at;
	long i;

	index_need_obj((struct symdb *)db, sym->obj);
	obj = symdb_obj_lookup(db, sym->obj);
	at = obj ? symdb_obj_sym_at((struct symdb *)db, obj, sym->order) : NULL;
	/*
	 * SYM is this database's. Or was: when a query found an input changed
	 * and the inputs were loaded again, what the index gave before has
	 * its double in memory now.
	 */
	if (!at || (at != sym && strcmp(at->name, sym->name)))
		return NULL;
	i = (long)sym->order + delta;
	if (i < 0)
		return NULL;
	return symdb_obj_sym_at((struct symdb *)db, obj, i);
}

const struct symdb_sym *symdb_find_clone(const struct symdb *db, const char *name)
{
	const struct name_chain *c;

	index_need_all((struct symdb *)db);
	c = strmap_get(&db->clone_map, name);
	if (c)
		return c->first;
	return db->index ? index_find_clone((struct symdb *)db, name) : NULL;
}

const struct symdb_sym *symdb_next_clone(const struct symdb *db, const struct symdb_sym *clone)
{
	(void)db;
	return clone->next_clone;
}

/* An object's symbols answer for it; without them, it takes every input (exports). */
bool symdb_has_obj(const struct symdb *db, const char *obj)
{
	const struct symdb_obj *o;

	index_need_obj((struct symdb *)db, obj);
	o = symdb_obj_lookup(db, obj);
	return o && (o->nr || o->has_exports);
}

bool symdb_has_symbols(const struct symdb *db)
{
	index_need_any_symbols((struct symdb *)db);
	return db->nr_syms > 0;
}

const char *symdb_obj_at(const struct symdb *db, size_t i)
{
	index_need_all((struct symdb *)db);
	return i < db->nr_objs ? db->objs[i]->name : NULL;
}

size_t symdb_obj_nr_syms(const struct symdb *db, const char *obj)
{
	const struct symdb_obj *o;

	index_need_obj((struct symdb *)db, obj);
	o = symdb_obj_lookup(db, obj);
	return o ? o->nr : 0;
}

const struct symdb_sym *symdb_obj_sym(const struct symdb *db, const char *obj, size_t order)
{
	const struct symdb_obj *o;

	index_need_obj((struct symdb *)db, obj);
	o = symdb_obj_lookup(db, obj);
	return o ? symdb_obj_sym_at((struct symdb *)db, o, order) : NULL;
}

const char *symdb_obj_source(const struct symdb *db, const char *obj)
{
	const struct symdb_obj *o;

	index_need_obj((struct symdb *)db, obj);
	o = symdb_obj_lookup(db, obj);
	return o ? o->source : NULL;
}

void symdb_get_stats(const struct symdb *db, struct symdb_stats *st)
{
	index_need_all((struct symdb *)db);
	st->objs = db->nr_objs;
	st->syms = db->nr_syms;
	st->exports = db->nr_exports;
	st->index = db->index_state ? db->index_state : "none";
	st->index_path = db->index_path;
}

char *symdb_read_text(const char *path, const char *what, size_t *len)
{
	char *buf = read_file(path, len);

	if (!buf) {
		error("%s: cannot read %s: %s", path, what, strerror(errno));
		return NULL;
	}
	if (memchr(buf, '\0', *len)) {
		free(buf);
		error("%s: binary file, not %s", path, what);
		return NULL;
	}
	return buf;
}

int symdb_input_option(const char *option)
{
	static const struct {
		const char *name;
		enum symdb_input_kind kind;
	} options[] = {
		{ "--kernel", SYMDB_KERNEL },	  { "--symvers", SYMDB_SYMVERS },
		{ "--kallsyms", SYMDB_KALLSYMS }, { "--system-map", SYMDB_KALLSYMS },
		{ "--vmlinux", SYMDB_ELF },	  { "--ko", SYMDB_ELF },
		{ "--modules", SYMDB_MODULES },
	};

	for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++)
		if (!strcmp(option, options[i].name))
			return (int)options[i].kind;
	return -1;
}
