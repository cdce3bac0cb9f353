// SPDX-License-Identifier: GPL-2.0-only
/*
 * From what changed in the compiled code to what the livepatch does.
 *
 * A changed function the kernel has by its own name is replaced: its
 * klp_func names it, with the position the kernel counts when the name is
 * not unique. A changed GCC clone (foo.isra.0, foo.constprop.1, foo.part.0)
 * is not: gcc changed its calling convention, and a copy compiled from the
 * source has the original's, so its callers are replaced instead, and call
 * a copy of foo. A new function is copied along with its callers.
 *
 * Refused, since the kernel would not run the new code or would run it on
 * data laid out for the old: a changed initial value of existing data (it
 * never runs again); a change to __init or __exit code (it has run, or is
 * gone); a change to code ftrace cannot patch (notrace, noinstr).
 */
#include "create.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elfobj.h"

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

bool unit_kernel_has(const struct build_unit *u, const char *sym)
{
	return u->nr_syms && bsearch(&sym, u->syms, u->nr_syms, sizeof(*u->syms), str_cmp);
}

bool unit_copies(const struct build_unit *u, const char *name)
{
	for (size_t i = 0; i < u->nr_copies; i++)
		if (!strcmp(u->copies[i], name))
			return true;
	return false;
}

const struct patch_func *unit_find_func(const struct build_unit *u, const char *name)
{
	for (size_t i = 0; i < u->nr_funcs; i++)
		if (!strcmp(u->funcs[i].name, name))
			return &u->funcs[i];
	return NULL;
}

static void copy_add(struct build_unit *u, const char *name)
{
	if (unit_copies(u, name))
		return;
	ALLOC_GROW(u->copies, u->nr_copies, u->alloc_copies);
	u->copies[u->nr_copies++] = xstrdup(name);
}

/* "foo.isra.0" -> "foo"; NULL when NAME is no clone. */
static char *clone_base(const char *name)
{
	const char *dot = strchr(name, '.');

	return dot ? xstrndup(name, dot - name) : NULL;
}

static void syms_read(struct build_unit *u, struct elf *elf)
{
	struct symbol *s;
	size_t n = 0;

	u->syms = xcalloc(elf->nr_symbols, sizeof(*u->syms));
	for_each_sym(elf, s) {
		unsigned int t = GELF_ST_TYPE(s->sym.st_info);

		if (s->sec && (t == STT_FUNC || t == STT_OBJECT) && *s->name)
			u->syms[n++] = xstrdup(s->name);
	}
	u->nr_syms = n;
	if (n)
		qsort(u->syms, n, sizeof(*u->syms), str_cmp);
	/* per-CPU data needs DECLARE_PER_CPU: an offset, not an address */
	n = 0;
	u->percpu = xcalloc(elf->nr_symbols, sizeof(*u->percpu));
	for_each_sym(elf, s)
		if (s->sec && GELF_ST_TYPE(s->sym.st_info) == STT_OBJECT && *s->name &&
		    starts_with(s->sec->name, ".data..percpu"))
			u->percpu[n++] = xstrdup(s->name);
	u->nr_percpu = n;
	if (n)
		qsort(u->percpu, n, sizeof(*u->percpu), str_cmp);
}

bool unit_percpu(const struct build_unit *u, const char *name)
{
	return u->nr_percpu &&
	       bsearch(&name, u->percpu, u->nr_percpu, sizeof(*u->percpu), str_cmp);
}

/* The function symbol whose bytes hold OFFSET of SEC. */
static struct symbol *func_at(struct elf *elf, struct section *sec, uint64_t offset)
{
	struct symbol *s;

	for_each_sym(elf, s)
		if (s->sec == sec && GELF_ST_TYPE(s->sym.st_info) == STT_FUNC &&
		    offset >= s->sym.st_value && offset < s->sym.st_value + s->sym.st_size)
			return s;
	return NULL;
}

/* ftrace patches a function at its __fentry__ call: without one, it cannot. */
static bool traceable(const struct symbol *fn)
{
	struct reloc *r;

	if (!fn->sec || !fn->sec->rela)
		return false;
	for_each_reloc(fn->sec->rela, r)
		if (r->sym && !strcmp(r->sym->name, "__fentry__") &&
		    r->offset >= fn->sym.st_value && r->offset < fn->sym.st_value + 16)
			return true;
	return false;
}

static const char *unpatchable(const struct symbol *fn)
{
	const char *sec = fn->sec ? fn->sec->name : "";

	if (starts_with(sec, ".init.") || starts_with(sec, ".exit."))
		return "an __init or __exit function: it has run, or is gone, by the time a livepatch loads";
	if (starts_with(sec, ".noinstr.") || starts_with(sec, ".entry.text"))
		return "noinstr code: ftrace cannot patch it";
	if (!traceable(fn))
		return "notrace (no __fentry__ call): ftrace cannot patch it";
	return NULL;
}

/*
 * How many of the unit's own symbols surround S in kallsyms, without a
 * stranger in between: a unit's code is linked in one piece. Names
 * objtool adds at link time (__pfx_) are not the unit's, nor strangers.
 */
static unsigned long run_around(struct symdb *db, const struct build_unit *u,
				const struct symdb_sym *s)
{
	unsigned long n = 0;

	for (int dir = -1; dir <= 1; dir += 2) {
		for (long d = dir; d * dir <= 32; d += dir) {
			const struct symdb_sym *nb = symdb_neighbour(db, s, d);

			if (!nb)
				break;
			if (starts_with(nb->name, "__pfx_") || !strcmp(nb->name, s->name))
				continue;
			if (!unit_kernel_has(u, nb->name))
				break;
			n++;
		}
	}
	return n;
}

/*
 * Which occurrence of NAME in OBJ is this unit's: the one among the
 * unit's other symbols. 0 when NAME is unique; -1 with an error listing
 * the candidates when the neighbours do not tell.
 */
static long sympos_find(struct symdb *db, const struct build_unit *u, const char *name,
			char **why, bool quiet)
{
	unsigned long n = symdb_count(db, u->object, name), best = 0, best_score = 0, ties = 0;
	struct buf cands = { 0 };

	if (n <= 1)
		return 0;
	for (unsigned long pos = 1; pos <= n; pos++) {
		const struct symdb_sym *s = symdb_find_in_obj(db, u->object, name, pos);
		unsigned long score = s ? run_around(db, u, s) : 0;

		buf_addf(&cands, "%s%lu (among %lu of its symbols)", pos > 1 ? ", " : "", pos, score);
		if (score > best_score) {
			best = pos;
			best_score = score;
			ties = 0;
		} else if (score == best_score) {
			ties++;
		}
	}
	if (!best || ties) {
		if (!quiet)
			error("%s: %s has %lu symbols named %s, and their kallsyms neighbours do not tell which is this unit's: %s",
			      u->src, u->object, n, name, cands.s);
		free(cands.s);
		return -1;
	}
	*why = xasprintf("%lu of %lu in %s: the one among %lu of %s's symbols in kallsyms", best, n,
			 u->object, best_score, u->obj);
	free(cands.s);
	return (long)best;
}

unsigned long unit_local_pos(const struct build_unit *u, const char *name)
{
	for (size_t i = 0; i < u->nr_local_pos; i++)
		if (!strcmp(u->local_pos[i].name, name))
			return u->local_pos[i].pos;
	return 0;
}

/*
 * The unit's local symbols whose name is not unique in the object, with
 * the position the neighbours give: what the livepatch source declares
 * of them needs it, and klp-annotate alone could only list candidates.
 */
static void local_pos_find(struct symdb *db, struct build_unit *u, struct elf *elf)
{
	struct symbol *s;

	for_each_sym(elf, s) {
		unsigned int t = GELF_ST_TYPE(s->sym.st_info);
		char *why = NULL;
		long pos;

		if (!s->sec || (t != STT_FUNC && t != STT_OBJECT) || !*s->name ||
		    GELF_ST_BIND(s->sym.st_info) != STB_LOCAL ||
		    symdb_count(db, u->object, s->name) < 2)
			continue;
		pos = sympos_find(db, u, s->name, &why, true);
		free(why);
		if (pos <= 0)
			continue;
		ALLOC_GROW(u->local_pos, u->nr_local_pos, u->alloc_local_pos);
		u->local_pos[u->nr_local_pos].name = xstrdup(s->name);
		u->local_pos[u->nr_local_pos++].pos = (unsigned long)pos;
	}
}

static int func_replace(struct symdb *db, struct build_unit *u, const char *sym, bool global,
			const char *why)
{
	struct patch_func *f;
	char *sympos_why = NULL;
	long pos;

	if (unit_find_func(u, sym))
		return 0;
	pos = sympos_find(db, u, sym, &sympos_why, false);
	if (pos < 0)
		return -1;
	ALLOC_GROW(u->funcs, u->nr_funcs, u->alloc_funcs);
	f = &u->funcs[u->nr_funcs++];
	memset(f, 0, sizeof(*f));
	f->name = xstrdup(sym);
	f->old_name = xstrdup(sym);
	f->sympos = (unsigned long)pos;
	f->new_name = global ? xasprintf("livepatch_%s", sym) : xstrdup(sym);
	f->why = xstrdup(why);
	f->sympos_why = sympos_why;
	return 0;
}

static int change_plan(struct symdb *db, struct build_unit *u, struct elf *elf, const char *name,
		       const char *why, int depth);

/* Replace the callers of a clone, which cannot be replaced itself. */
static int callers_plan(struct symdb *db, struct build_unit *u, struct elf *elf,
			struct symbol *clone, int depth)
{
	struct section *sec;
	int ret = 0, found = 0;
	char *why = xasprintf("calls %s, which changed", clone->name);

	for_each_sec(elf, sec) {
		struct reloc *r;

		if (!is_reloc_sec(sec) || !sec->base || !(sec->base->sh.sh_flags & SHF_EXECINSTR))
			continue;
		for_each_reloc(sec, r) {
			struct symbol *caller;
			bool hit = r->sym == clone ||
				   (r->sym && r->sym->sec == clone->sec &&
				    GELF_ST_TYPE(r->sym->sym.st_info) == STT_SECTION);

			if (!hit)
				continue;
			caller = func_at(elf, sec->base, r->offset);
			if (!caller || caller == clone || ends_with(caller->name, ".cold"))
				continue;
			found++;
			if (change_plan(db, u, elf, caller->name, why, depth + 1))
				ret = -1;
		}
	}
	if (!found)
		ret = error("%s: %s changed, but nothing in %s calls it: cannot tell what to replace",
			    u->src, clone->name, u->obj);
	free(why);
	return ret;
}

static int change_plan(struct symdb *db, struct build_unit *u, struct elf *elf, const char *name,
		       const char *why, int depth)
{
	struct symbol *fn = find_symbol_by_name(elf, name);
	const char *no;
	char *base;
	int ret;

	if (!fn || depth > 8)
		return error("%s: %s: not in the original object", u->src, name);
	no = unpatchable(fn);
	if (no)
		return error("%s: %s changed (%s), but it is %s", u->src, name, why, no);
	base = clone_base(name);
	if (!base)
		return func_replace(db, u, name, GELF_ST_BIND(fn->sym.st_info) != STB_LOCAL, why);
	/* gcc's clone has its own calling convention: a copy of BASE serves the callers */
	copy_add(u, base);
	free(base);
	ret = callers_plan(db, u, elf, fn, depth);
	return ret;
}

int units_plan(struct create *c, struct symdb *db)
{
	int ret = 0;

	for (size_t i = 0; i < c->nr_units; i++) {
		struct build_unit *u = &c->units[i];
		struct elf *elf = elf_read(u->orig_o);

		if (!elf)
			return -1;
		syms_read(u, elf);
		local_pos_find(db, u, elf);
		for (size_t j = 0; j < u->changes.nr; j++) {
			const struct change *ch = &u->changes.v[j];

			if (!ch->func) {
				if (ch->kind == CHANGE_CHANGED)
					ret = error("%s: the initial value of %s changed: existing data keeps its old value, and the new one would never be set (change the code that sets it, or keep new state in a shadow variable: klp_shadow_*)",
						    u->src, ch->name);
				continue;
			}
			if (ch->kind == CHANGE_NEW) {
				char *base = clone_base(ch->name);

				copy_add(u, base ? base : ch->name);
				free(base);
			} else if (ch->kind == CHANGE_CHANGED) {
				if (change_plan(db, u, elf, ch->name, ch->why, 0))
					ret = -1;
			}
		}
		elf_close(elf);
	}
	return ret;
}
