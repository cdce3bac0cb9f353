// SPDX-License-Identifier: GPL-2.0-only
/*
 * References x symbol database: what each needed symbol asks of the patch.
 *
 *   defined by the module, or the loader's     nothing
 *   exported by vmlinux                         nothing (a normal relocation)
 *   local or unexported, or exported only by a  KLP_SYMPOS(name, pos) in
 *   module (no load-order dependency)           KLP_MODULE_RELOC(owner)
 *
 * The position must be what klp_find_object_symbol() counts: 0 when the
 * name is unique in its object, else the 1-based rank of the right
 * occurrence in kallsyms order. When a name has several occurrences, the
 * right one is found, in order, from
 *   1. the source file it came from (--origin or a klp-origin comment)
 *      when the database knows each occurrence's file (STT_FILE);
 *   2. anchors: the kernel links an object file's text (and data)
 *      contiguously, so the right candidate is the one nearest to symbols
 *      known to come from the same file: the functions the patch replaces
 *      (klp_func.old_name) and the unique local symbols it also uses;
 *   3. the entry the source already has, if it names a real candidate.
 * Otherwise it is an error that lists every candidate.
 */
#include "annotate.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "symdb.h"
#include "util.h"

/* A candidate must be this many times closer than the next one to win. */
#define ANCHOR_MARGIN 2

struct anchor {
	const struct symdb_sym *sym;
	const char *why;	/* "klp_func" or "unique local" */
};

struct anchors {
	struct anchor *a;
	size_t nr, alloc;
};

static bool provided_by_module(const char *name)
{
	/*
	 * __this_module comes from the .mod.c modpost writes. (Not so
	 * __start_SEC/__stop_SEC: a module is linked with ld -r, which
	 * defines none; the kernel's linker script symbols of that name are
	 * the kernel's, like any other.)
	 */
	return !strcmp(name, "__this_module");
}

static char section_kind(const struct symdb_sym *s)
{
	return symdb_is_text(s->type) ? 't' : (char)tolower((unsigned char)s->type);
}

static bool kind_matches(const struct ref *r, const struct symdb_sym *s)
{
	if (r->from_object || !s->type || s->type == '?')
		return true;
	return r->is_func == symdb_is_text(s->type);
}

/* The klp_object names the patch has; vmlinux is a klp_object without a name. */
static bool patch_targets(const struct job *job, const char *obj)
{
	for (size_t i = 0; i < job->opt.nr_klp_objects; i++)
		if (!strcmp(job->opt.klp_objects[i], obj))
			return true;
	for (size_t i = 0; i < job->nr_units; i++) {
		const struct unit *u = &job->units[i];

		for (size_t j = 0; j < u->nr_objects; j++) {
			const char *n = u->objects[j].name ? u->objects[j].name : "vmlinux";

			if (!strcmp(n, obj))
				return true;
		}
	}
	return false;
}

static bool patch_has_objects(const struct job *job)
{
	if (job->opt.nr_klp_objects)
		return true;
	for (size_t i = 0; i < job->nr_units; i++)
		if (job->units[i].nr_objects)
			return true;
	return false;
}

/* Does the database's file for S match the origin the author named? */
static bool file_matches(const char *file, const char *origin)
{
	size_t lf = strlen(file), lo = strlen(origin);
	const char *base;

	if (!strcmp(file, origin))
		return true;
	if (lf < lo && origin[lo - lf - 1] == '/' && !strcmp(origin + lo - lf, file))
		return true;
	if (lo < lf && file[lf - lo - 1] == '/' && !strcmp(file + lf - lo, origin))
		return true;
	base = strrchr(origin, '/');
	return !strchr(file, '/') && base && !strcmp(base + 1, file);
}

struct cands {
	const struct symdb_sym **s;
	size_t nr, alloc;
};

static void cands_add(struct cands *c, const struct symdb_sym *s)
{
	ALLOC_GROW(c->s, c->nr, c->alloc);
	c->s[c->nr++] = s;
}

static void cands_keep(struct cands *c, const bool *keep)
{
	size_t n = 0;

	for (size_t i = 0; i < c->nr; i++)
		if (keep[i])
			c->s[n++] = c->s[i];
	c->nr = n;
}

static const char *existing_in_obj(const struct unit *u, const char *name, const char *obj,
				   unsigned long *pos)
{
	for (size_t i = 0; i < u->nr_blocks; i++) {
		const struct reloc_block *b = &u->blocks[i];

		if (obj && strcmp(b->obj, obj))
			continue;
		for (size_t j = 0; j < b->nr_entries; j++)
			if (!strcmp(b->entries[j].sym, name)) {
				*pos = b->entries[j].pos;
				return b->obj;
			}
	}
	return NULL;
}

static void decide(struct ref *r, const struct symdb_sym *s, char *evidence)
{
	r->verdict = V_SYMPOS;
	r->sym = s;
	r->obj = s->obj;
	r->pos = s->count > 1 ? s->sympos : 0;
	free(r->evidence);
	r->evidence = evidence;
}

/* 1. The origin file, where the database knows files. */
static bool decide_by_file(struct unit *u, struct ref *r, struct cands *c)
{
	bool *keep = xcalloc(c->nr, sizeof(*keep));
	size_t hits = 0;
	const char *origin = NULL;

	for (size_t i = 0; i < c->nr; i++)
		for (size_t j = 0; j < u->nr_origins; j++)
			if (c->s[i]->file && file_matches(c->s[i]->file, u->origins[j])) {
				keep[i] = true;
				origin = u->origins[j];
			}
	for (size_t i = 0; i < c->nr; i++)
		hits += keep[i];
	if (hits == 1) {
		for (size_t i = 0; i < c->nr; i++)
			if (keep[i])
				decide(r, c->s[i], xasprintf("chosen by its file %s (origin %s)",
							     c->s[i]->file, origin));
		free(keep);
		return true;
	}
	/* Several in files of that name: the anchors choose among those. */
	if (hits > 1)
		cands_keep(c, keep);
	free(keep);
	return false;
}

/*
 * How far apart two symbols of one object are: in bytes when both have
 * addresses, else in places of kallsyms order (a non-root kallsyms read
 * has zero addresses but keeps the order).
 */
static size_t sym_distance(const struct symdb_sym *a, const struct symdb_sym *b)
{
	if (a->addr && b->addr)
		return a->addr > b->addr ? a->addr - b->addr : b->addr - a->addr;
	return a->order > b->order ? a->order - b->order : b->order - a->order;
}

/* Nearest anchor of the same object and section kind: its distance, and which. */
static size_t nearest_anchor(const struct anchors *an, const struct symdb_sym *s,
			     const struct anchor **which)
{
	size_t best = SIZE_MAX;

	*which = NULL;
	for (size_t i = 0; i < an->nr; i++) {
		const struct symdb_sym *a = an->a[i].sym;
		size_t d;

		if (a == s || strcmp(a->obj, s->obj) || section_kind(a) != section_kind(s))
			continue;
		d = sym_distance(a, s);
		if (d < best) {
			best = d;
			*which = &an->a[i];
		}
	}
	return best;
}

/* 2. Anchors: the nearest candidate, if it is clearly the nearest. */
static bool decide_by_anchor(struct ref *r, const struct cands *c, const struct anchors *an)
{
	size_t best = SIZE_MAX, second = SIZE_MAX, bi = 0;
	const struct anchor *best_anchor = NULL;
	const char *unit;

	for (size_t i = 0; i < c->nr; i++) {
		const struct anchor *a;
		size_t d = nearest_anchor(an, c->s[i], &a);

		if (d < best) {
			second = best;
			best = d;
			bi = i;
			best_anchor = a;
		} else if (d < second) {
			second = d;
		}
	}
	if (best == SIZE_MAX || (second != SIZE_MAX && best * ANCHOR_MARGIN >= second))
		return false;
	unit = c->s[bi]->addr && best_anchor->sym->addr ? "bytes" : "symbols";
	if (second == SIZE_MAX)
		decide(r, c->s[bi], xasprintf("chosen by anchor %s (%s), %zu %s away; no other candidate near an anchor",
					      best_anchor->sym->name, best_anchor->why, best, unit));
	else
		decide(r, c->s[bi], xasprintf("chosen by anchor %s (%s), %zu %s away; the next candidate is %zu away",
					      best_anchor->sym->name, best_anchor->why, best, unit, second));
	return true;
}

/* Did any candidate have an anchor of its object and section kind? */
static bool any_anchor(const struct anchors *an, const struct cands *c)
{
	const struct anchor *a;

	for (size_t i = 0; i < c->nr; i++)
		if (nearest_anchor(an, c->s[i], &a) != SIZE_MAX)
			return true;
	return false;
}

/* 3. The author's own entry, when it names a real candidate. */
static bool decide_by_existing(struct unit *u, struct ref *r, const struct cands *c)
{
	unsigned long pos;

	for (size_t i = 0; i < c->nr; i++) {
		if (!existing_in_obj(u, r->name, c->s[i]->obj, &pos) || pos != c->s[i]->sympos)
			continue;
		decide(r, c->s[i], xasprintf("kept the source's KLP_SYMPOS(%s, %lu)", r->name, pos));
		r->kept_existing = true;
		return true;
	}
	return false;
}

static void candidate_note(struct job *job, int d, const struct symdb_sym *s)
{
	diag_note(job, d, "candidate KLP_SYMPOS(%s, %lu) in %s: %c %016llx%s%s", s->name,
		  s->sympos, s->obj, s->type, (unsigned long long)s->addr,
		  s->file ? " from " : "", s->file ? s->file : "");
}

/* The author's entry for R, when it names no candidate: say what is wrong with it. */
static void note_wrong_entry(struct job *job, struct unit *u, struct ref *r, const struct cands *c)
{
	const struct symdb_sym *s = c->s[0];
	unsigned long pos;

	if (!existing_in_obj(u, r->name, s->obj, &pos))
		return;
	if (!pos)
		diag_note(job, r->diag, "the source's KLP_SYMPOS(%s, 0) says the name is unique in %s, but %s has %lu of them",
			  r->name, s->obj, s->obj, s->count);
	else if (pos > s->count)
		diag_note(job, r->diag, "the source's KLP_SYMPOS(%s, %lu) names no symbol: %s has %lu named '%s'",
			  r->name, pos, s->obj, s->count, r->name);
}

static void report_ambiguous(struct job *job, struct unit *u, struct ref *r, const struct cands *c,
			     bool had_anchors)
{
	bool files = false;

	for (size_t i = 0; i < c->nr; i++)
		files |= c->s[i]->file != NULL;
	r->verdict = V_ERROR;
	r->diag = diag_add(job, SEV_ERROR, u, r->offset, "klp-ambiguous-sympos",
			   "'%s' has %zu candidates and nothing tells them apart", r->name, c->nr);
	for (size_t i = 0; i < c->nr; i++)
		candidate_note(job, r->diag, c->s[i]);
	note_wrong_entry(job, u, r, c);
	/* --origin only helps where the symbols carry their source files. */
	diag_note(job, r->diag, "%s; %s",
		  had_anchors ? "the anchors do not separate the candidates clearly"
			      : "no anchor (a replaced function or a unique local symbol) in the same object and section kind",
		  files ? "name the source file with --origin FILE or a /* klp-origin: FILE */ comment, or write one of the entries below"
			: "the symbols carry no source files (a vmlinux or .ko with its file symbols would), so write one of the entries below");
	r->cands = xcalloc(c->nr, sizeof(*r->cands));
	r->nr_cands = c->nr;
	memcpy(r->cands, c->s, c->nr * sizeof(*c->s));
}

static void report_missing(struct job *job, struct unit *u, struct ref *r)
{
	const struct symdb_sym *clone = symdb_find_clone(job->db, ref_symbol(r));
	int d;

	r->verdict = V_ERROR;
	if (!clone) {
		r->diag = diag_add(job, SEV_ERROR, u, r->offset, "klp-unknown-symbol",
				   "'%s' is not in the target kernel's symbols: check the name, give the owning module's symbols (--modules, --ko), or copy its definition into the patch",
				   ref_symbol(r));
		return;
	}
	d = r->diag = diag_add(job, SEV_ERROR, u, r->offset, "klp-gcc-clone",
			       "'%s' exists only as a GCC clone, whose calling convention differs: copy the function into the patch instead",
			       ref_symbol(r));
	for (; clone; clone = symdb_next_clone(job->db, clone))
		diag_note(job, d, "clone %s in %s", clone->name, clone->obj);
}

static bool object_references(const struct job *job, const char *symbol)
{
	for (size_t i = 0; i < job->nr_object_syms; i++)
		if (!strcmp(job->object_syms[i], symbol))
			return true;
	return false;
}

/*
 * A symbol the target kernel does not have. Certainly wrong only when the
 * object keeps the reference, or the source itself spells the call; the
 * kernel's headers use functions that exist nowhere as link-time
 * assertions (__bad_size_call_parameter(), __xchg_wrong_size()), and only
 * the optimiser decides whether the call stays.
 */
static void classify_absent(struct job *job, struct unit *u, struct ref *r)
{
	if (r->weak) {
		r->verdict = V_NOTHING;
		r->evidence = xasprintf("declared weak and not in the target kernel: it resolves to NULL");
		return;
	}
	if (job->have_object && !r->from_object) {
		if (!object_references(job, ref_symbol(r))) {
			r->verdict = V_NOTHING;
			r->optimised_away = true;
			r->evidence = xasprintf("not in the target kernel, and the object does not reference it (optimised away)");
			return;
		}
		report_missing(job, u, r);
		return;
	}
	if (r->authors_use && !r->warning_attr) {
		report_missing(job, u, r);
		return;
	}
	r->verdict = V_UNDECIDED;
	r->diag = diag_add(job, SEV_WARNING, u, r->offset, "klp-unknown-symbol",
			   "'%s' is not in the target kernel's symbols; %s: if the call stays, modpost reports it undefined and klp-convert --symvers refuses the module",
			   ref_symbol(r),
			   r->warning_attr ? "it is declared __attribute__((warning)), a compile-time check the optimiser is meant to remove"
			   : r->via ? "it is reached through a header's definition, as the kernel's link-time assertions are"
				    : "it comes from a macro, as the kernel's link-time assertions do");
	diag_note(job, r->diag, "build the module and pass --object FILE.o (scripts/livepatch-build does) to decide from gcc's object");
}

/* Every occurrence that could be the one the unit means. */
static void candidates_find(struct job *job, struct ref *r, const char *only_obj,
			    struct cands *c)
{
	const struct symdb_sym *s;

	for_each_symdb_sym(job->db, ref_symbol(r), s)
		if ((!only_obj || !strcmp(s->obj, only_obj)) && kind_matches(r, s))
			cands_add(c, s);
	if (c->nr)
		return;
	/* The kind letter disagrees (a function in a data section?): keep them all. */
	for_each_symdb_sym(job->db, ref_symbol(r), s)
		if (!only_obj || !strcmp(s->obj, only_obj))
			cands_add(c, s);
}

/*
 * A header's extern declaration links against a global symbol: a
 * local one of the same name elsewhere is not what the unit means.
 * (A declaration in the patch itself may be a copied static one.)
 */
static void candidates_prefer_global(const struct ref *r, struct cands *c)
{
	bool *keep;
	size_t n = 0;

	if (!r->header_decl)
		return;
	keep = xcalloc(c->nr, sizeof(*keep));
	for (size_t i = 0; i < c->nr; i++)
		n += keep[i] = c->s[i]->type && !symdb_is_local(c->s[i]->type);
	if (n)
		cands_keep(c, keep);
	free(keep);
}

/* Several objects have it: those the patch has a klp_object for. */
static void candidates_prefer_targets(struct job *job, struct cands *c)
{
	bool *keep;
	size_t n = 0;

	if (!patch_has_objects(job))
		return;
	keep = xcalloc(c->nr, sizeof(*keep));
	for (size_t i = 0; i < c->nr; i++)
		n += keep[i] = patch_targets(job, c->s[i]->obj);
	if (n)
		cands_keep(c, keep);
	free(keep);
}

/*
 * The first pass: everything that needs no anchors. Returns true when the
 * ref waits for the second pass (several candidates).
 */
static bool classify_first(struct job *job, struct unit *u, struct ref *r, struct cands *c)
{
	const struct symdb_export *e;

	if (job_defines(job, r->name) || job_defines(job, ref_symbol(r)) ||
	    provided_by_module(ref_symbol(r))) {
		r->verdict = V_NOTHING;
		return false;
	}
	e = symdb_find_export(job->db, ref_symbol(r));
	if (e && !strcmp(e->obj, "vmlinux")) {
		r->verdict = V_NOTHING;
		return false;
	}
	if (!e && !symdb_has_symbols(job->db)) {
		r->verdict = V_ERROR;
		r->diag = diag_add(job, SEV_ERROR, u, r->offset, "klp-no-symbols",
				   "'%s' is not exported, and no symbol table was loaded to find its object: pass --kallsyms, --system-map or --kernel",
				   r->name);
		return false;
	}
	/* Exported by a module: annotate it against that module, no dependency. */
	candidates_find(job, r, e ? e->obj : NULL, c);
	r->module_export = e != NULL;
	if (e && !c->nr) {
		r->verdict = V_SYMPOS;
		r->obj = e->obj;
		r->pos = 0;
		r->evidence = xasprintf("exported by %s, whose symbol table is not loaded", e->obj);
		return false;
	}
	if (!c->nr) {
		classify_absent(job, u, r);
		return false;
	}
	if (c->nr > 1)
		candidates_prefer_global(r, c);
	if (c->nr > 1)
		candidates_prefer_targets(job, c);
	if (c->nr == 1) {
		decide(r, c->s[0], c->s[0]->count > 1 ?
			xasprintf("the only %s of that name", r->is_func ? "function" : "variable") :
			NULL);
		return false;
	}
	return true;
}

static void anchors_add(struct anchors *an, const struct symdb_sym *s, const char *why)
{
	if (!s)
		return;
	ALLOC_GROW(an->a, an->nr, an->alloc);
	an->a[an->nr].sym = s;
	an->a[an->nr++].why = why;
}

static const char *func_object(const struct unit *u, const struct klp_func_info *f)
{
	for (size_t i = 0; i < u->nr_objects; i++)
		if (u->objects[i].funcs && !strcmp(u->objects[i].funcs, f->array))
			return u->objects[i].name ? u->objects[i].name : "vmlinux";
	return "vmlinux";
}

/* The functions the patch replaces, and the unique locals it uses. */
static void anchors_collect(struct job *job, struct unit *u, struct anchors *an)
{
	for (size_t i = 0; i < u->nr_funcs; i++) {
		const struct klp_func_info *f = &u->funcs[i];
		const char *obj = func_object(u, f);

		if (f->old_sympos || symdb_count(job->db, obj, f->old_name) == 1)
			anchors_add(an, symdb_find_in_obj(job->db, obj, f->old_name, f->old_sympos),
				    "replaced by the patch");
	}
	for (size_t i = 0; i < u->nr_refs; i++) {
		const struct ref *r = &u->refs[i];

		if (r->verdict == V_SYMPOS && r->sym && r->sym->count == 1 &&
		    symdb_is_local(r->sym->type))
			anchors_add(an, r->sym, "unique local");
	}
}

static void classify_second(struct job *job, struct unit *u, struct ref *r, struct cands *c,
			    const struct anchors *an)
{
	if (decide_by_file(u, r, c))
		return;
	if (c->nr == 1) {
		decide(r, c->s[0], xasprintf("the only candidate in a file named like the origin"));
		return;
	}
	if (decide_by_anchor(r, c, an) || decide_by_existing(u, r, c))
		return;
	report_ambiguous(job, u, r, c, any_anchor(an, c));
}

/* What a module-owned symbol needs beyond its entry. */
static void check_module_owned(struct job *job, struct unit *u, struct ref *r)
{
	bool key = r->jump_label;
	bool scall = starts_with(ref_symbol(r), "__SCT__") || starts_with(ref_symbol(r), "__SCK__");
	int d;

	if (r->verdict != V_SYMPOS || !strcmp(r->obj, "vmlinux"))
		return;
	if (key || scall) {
		/*
		 * Module klp relocations are applied late, but __jump_table and
		 * .static_call_sites are read when the patch module loads.
		 */
		r->verdict = V_ERROR;
		r->diag = diag_add(job, SEV_ERROR, u, r->offset,
				   key ? "klp-module-static-key" : "klp-module-static-call",
				   key ? "static branch on '%s', a key in module %s: its jump table entry cannot be resolved"
				       : "static call '%s' lives in module %s: its call site cannot be resolved",
				   r->name, r->obj);
		diag_note(job, r->diag, key ? "test it with static_key_enabled(&%s.key) instead"
					    : "call the target function through a normal reference instead",
			  r->name);
		return;
	}
	if (patch_targets(job, r->obj))
		return;
	d = diag_add(job, SEV_ERROR, u, r->offset, "klp-missing-klp-object",
		     "'%s' belongs to module %s, but the patch has no klp_object for %s: the reference would never be resolved",
		     r->name, r->obj, r->obj);
	diag_note(job, d, "add { .name = \"%s\", .funcs = ... } to the patch's klp_object array",
		  r->obj);
}

/*
 * With --object, gcc's object is the judge: a reference it does not keep
 * (a call removed after inlining or constant propagation) needs no entry.
 */
static void check_object_unneeded(struct job *job, struct unit *u, struct ref *r)
{
	if (!job->have_object || r->from_object || r->verdict != V_SYMPOS ||
	    object_references(job, ref_symbol(r)))
		return;
	r->verdict = V_NOTHING;
	r->optimised_away = true;
	diag_add(job, SEV_WARNING, u, r->offset, "klp-unneeded-annotation",
		 "the object does not reference '%s' (optimised away); it needs no annotation",
		 ref_symbol(r));
}

/*
 * The functions the patch replaces are found by the same count: an
 * old_name that is not unique needs the right old_sympos, or the kernel
 * refuses the patch ("unresolvable ambiguity").
 */
static void check_klp_funcs(struct job *job, struct unit *u)
{
	for (size_t i = 0; i < u->nr_funcs; i++) {
		const struct klp_func_info *f = &u->funcs[i];
		const char *obj = func_object(u, f);
		unsigned long n;
		const struct symdb_sym *s;
		int d;

		if (!symdb_has_symbols(job->db) || !symdb_has_obj(job->db, obj))
			continue;
		n = symdb_count(job->db, obj, f->old_name);
		if (!n) {
			if (!symdb_find_clone(job->db, f->old_name))
				diag_add(job, SEV_ERROR, u, f->offset, "klp-unknown-old-name",
					 "klp_func.old_name \"%s\" is not in %s", f->old_name, obj);
			else
				diag_add(job, SEV_ERROR, u, f->offset, "klp-gcc-clone",
					 "klp_func.old_name \"%s\" exists only as a GCC clone in %s: patch its callers, or the clone by its full name",
					 f->old_name, obj);
			continue;
		}
		if (f->old_sympos > n) {
			diag_add(job, SEV_ERROR, u, f->offset, "klp-wrong-old-sympos",
				 "klp_func \"%s\" has .old_sympos = %lu, but %s has %lu of that name",
				 f->old_name, f->old_sympos, obj, n);
			continue;
		}
		if (n == 1 || f->old_sympos)
			continue;
		d = diag_add(job, SEV_ERROR, u, f->offset, "klp-ambiguous-old-name",
			     "klp_func \"%s\" has %lu candidates in %s: set .old_sympos, or the kernel refuses the patch",
			     f->old_name, n, obj);
		for (s = symdb_find(job->db, f->old_name); s; s = s->next)
			if (!strcmp(s->obj, obj))
				candidate_note(job, d, s);
	}
}

static void unit_classify(struct job *job, struct unit *u)
{
	struct cands *pending = xcalloc(u->nr_refs ? u->nr_refs : 1, sizeof(*pending));
	struct anchors an = { 0 };

	for (size_t i = 0; i < u->nr_refs; i++)
		if (!classify_first(job, u, &u->refs[i], &pending[i]))
			pending[i].nr = 0;
	check_klp_funcs(job, u);
	anchors_collect(job, u, &an);
	for (size_t i = 0; i < u->nr_refs; i++)
		if (pending[i].nr)
			classify_second(job, u, &u->refs[i], &pending[i], &an);
	for (size_t i = 0; i < u->nr_refs; i++) {
		check_object_unneeded(job, u, &u->refs[i]);
		check_module_owned(job, u, &u->refs[i]);
		free(pending[i].s);
	}
	ibt_check(job, u);
	free(pending);
	free(an.a);
}

/* -v: every reference and what it asks of the patch. */
static void refs_explain(const struct job *job, const struct unit *u)
{
	for (size_t i = 0; i < u->nr_refs; i++) {
		const struct ref *r = &u->refs[i];
		const struct symdb_export *e = symdb_find_export(job->db, ref_symbol(r));

		if (r->verdict == V_SYMPOS)
			note("%s: %s: KLP_SYMPOS(%s, %lu) in %s%s%s", u->path, r->name, r->name, r->pos,
			     r->obj, r->evidence ? ", " : "", r->evidence ? r->evidence : "");
		else if (r->verdict == V_NOTHING)
			note("%s: %s: %s", u->path, r->name,
			     r->evidence ? r->evidence :
			     e ? "exported by vmlinux" : "defined by the module, or provided when it loads");
		else if (r->verdict == V_UNDECIDED)
			note("%s: %s: not in the kernel's symbols; needed only if the compiler keeps the call (see the warning)",
			     u->path, r->name);
		else
			note("%s: %s: cannot be annotated (see the error)", u->path, r->name);
	}
}

int refs_classify(struct job *job)
{
	for (size_t i = 0; i < job->nr_units; i++) {
		unit_classify(job, &job->units[i]);
		if (job->opt.verbose)
			refs_explain(job, &job->units[i]);
	}
	return 0;
}
