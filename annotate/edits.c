// SPDX-License-Identifier: GPL-2.0-only
/*
 * Plan the edits: one list of byte-offset edits per unit, whatever the
 * output mode. What it can hold:
 *
 *   #include "klp_reloc.h"          after the last #include, if missing
 *   static -> extern                on a declaration-only function the
 *                                   kernel defines
 *   KLP_MODULE_RELOC(obj) blocks    one per object, entries sorted by name,
 *                                   placed after the last declaration they
 *                                   need; rewritten when they differ,
 *                                   removed when nothing needs them
 *
 * The rendering is fixed, so planning again on the result finds nothing
 * to do: that is what makes --fix idempotent.
 */
#include "annotate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "symdb.h"
#include "util.h"

struct entry {
	const char *sym;
	unsigned long pos;
};

struct obj_plan {
	const char *obj;
	struct entry *e;
	size_t nr, alloc;
	unsigned int min_offset;	/* the block must start at or after this */
	int diag;			/* first finding about this object's block */
};

struct plan {
	struct obj_plan *objs;
	size_t nr, alloc;
};

static int obj_cmp(const char *a, const char *b)
{
	/* vmlinux first, then modules by name. */
	bool va = !strcmp(a, "vmlinux"), vb = !strcmp(b, "vmlinux");

	if (va != vb)
		return va ? -1 : 1;
	return strcmp(a, b);
}

static int obj_plan_cmp(const void *a, const void *b)
{
	return obj_cmp(((const struct obj_plan *)a)->obj, ((const struct obj_plan *)b)->obj);
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->sym, ((const struct entry *)b)->sym);
}

static int edit_cmp(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;

	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	/* At one offset, insertions go before what replaces the bytes there. */
	if (!x->len != !y->len)
		return x->len ? 1 : -1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static struct obj_plan *plan_obj(struct plan *p, const char *obj)
{
	for (size_t i = 0; i < p->nr; i++)
		if (!strcmp(p->objs[i].obj, obj))
			return &p->objs[i];
	ALLOC_GROW(p->objs, p->nr, p->alloc);
	memset(&p->objs[p->nr], 0, sizeof(p->objs[0]));
	p->objs[p->nr].obj = obj;
	p->objs[p->nr].diag = -1;
	return &p->objs[p->nr++];
}

static void plan_entry(struct obj_plan *op, const char *sym, unsigned long pos)
{
	ALLOC_GROW(op->e, op->nr, op->alloc);
	op->e[op->nr].sym = sym;
	op->e[op->nr++].pos = pos;
}

static void plan_free(struct plan *p)
{
	for (size_t i = 0; i < p->nr; i++)
		free(p->objs[i].e);
	free(p->objs);
}

void edit_add(struct unit *u, unsigned int offset, unsigned int len, unsigned int seq,
		     char *text, int diag)
{
	ALLOC_GROW(u->edits, u->nr_edits, u->alloc_edits);
	u->edits[u->nr_edits++] = (struct edit){ offset, len, seq, text, diag };
}

static const struct reloc_block *block_of(const struct unit *u, const char *obj)
{
	for (size_t i = 0; i < u->nr_blocks; i++)
		if (!strcmp(u->blocks[i].obj, obj))
			return &u->blocks[i];
	return NULL;
}

static const struct reloc_entry *block_entry(const struct reloc_block *b, const char *sym)
{
	for (size_t i = 0; b && i < b->nr_entries; i++)
		if (!strcmp(b->entries[i].sym, sym))
			return &b->entries[i];
	return NULL;
}

static char *block_render(const char *array, const char *obj, const struct entry *e, size_t nr)
{
	size_t len = 0, alloc = 0;
	char *s = NULL;

	for (size_t i = 0; i <= nr + 1; i++) {
		char *line = i == 0 ? xasprintf("KLP_MODULE_RELOC(%s) %s[] = {\n", obj, array) :
			     i <= nr ? xasprintf("\tKLP_SYMPOS(%s, %lu),\n", e[i - 1].sym, e[i - 1].pos) :
				       xstrdup("};");
		size_t n = strlen(line);

		ALLOC_GROW(s, len + n + 1, alloc);
		memcpy(s + len, line, n + 1);
		len += n;
		free(line);
	}
	return s;
}

/* Where the include goes (or is): after the last #include line. */
static unsigned int include_offset(const struct unit *u)
{
	return u->include_end;
}

/*
 * In a block of its own, after a blank line: tools that sort includes
 * (clang-format, and clang-apply-replacements before LLVM 18 even without
 * --format) sort within a block only, so neither the new line nor the
 * file's own includes move, and the YAML applies as --fix writes.
 */
static char *include_render(const struct unit *u)
{
	unsigned int at = include_offset(u);

	return xstrdup(at ? "\n#include \"klp_reloc.h\"\n" : "#include \"klp_reloc.h\"\n");
}

static bool directive_is(const char *p, const char *name)
{
	size_t n = strlen(name);

	return !strncmp(p, name, n) && (p[n] == ' ' || p[n] == '\t' || p[n] == '\n' ||
					p[n] == '(' || !p[n]);
}

/* +1 for a line opening a conditional, -1 for #endif, 0 otherwise. */
static int line_conditional(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p++ != '#')
		return 0;
	while (*p == ' ' || *p == '\t')
		p++;
	if (directive_is(p, "if") || directive_is(p, "ifdef") || directive_is(p, "ifndef"))
		return 1;
	return directive_is(p, "endif") ? -1 : 0;
}

/*
 * A block placed after a declaration inside "#ifdef CONFIG_X" would vanish
 * with that branch: move it past the #endif that closes every conditional
 * open at OFFSET.
 */
static unsigned int outside_conditionals(const struct unit *u, unsigned int offset)
{
	unsigned int at = 0;
	int depth = 0;

	for (; at < offset && at < u->len; at = line_after(u->text, u->len, at))
		depth += line_conditional(u->text + at);
	for (; depth > 0 && at < u->len; at = line_after(u->text, u->len, at))
		depth += line_conditional(u->text + at);
	return depth > 0 ? offset : at;
}

/* The bytes a removed block takes: its lines, and one blank line before it. */
static void block_span(const struct unit *u, const struct reloc_block *b, unsigned int *start,
		       unsigned int *end)
{
	unsigned int s = b->start, e = line_after(u->text, u->len, b->end);

	while (s > 0 && (u->text[s - 1] == ' ' || u->text[s - 1] == '\t'))
		s--;
	if (s >= 2 && u->text[s - 1] == '\n' && u->text[s - 2] == '\n')
		s--;
	*start = s;
	*end = e;
}

/* The edit that makes OBJ's block hold exactly OP's entries; false if none needed. */
static bool block_edit(const struct unit *u, const struct obj_plan *op, struct edit *out)
{
	const struct reloc_block *b = block_of(u, op->obj);
	char *array = b ? xstrdup(b->array) : xasprintf("klp_relocs_%s", op->obj);
	char *text = block_render(array, op->obj, op->e, op->nr);
	unsigned int at = op->min_offset;

	free(array);
	if (b && b->start >= op->min_offset) {
		if (strlen(text) == b->end - b->start &&
		    !memcmp(text, u->text + b->start, b->end - b->start)) {
			free(text);
			return false;
		}
		*out = (struct edit){ b->start, b->end - b->start, 1, text, op->diag };
		return true;
	}
	/* New, or it must move below a declaration it needs. */
	*out = (struct edit){ at, 0, 1,
			      xasprintf("%s\n%s\n", at && u->text[at - 1] != '\n' ? "\n" : "", text),
			      op->diag };
	free(text);
	return true;
}

static const char *ref_status(const struct ref *r)
{
	if (r->module_export)
		return "exported only by module";	/* linking it would pin load order */
	if (r->sym && !symdb_is_local(r->sym->type))
		return "not exported by";
	return "local to";
}

/* Entries the unit needs, by object. */
static void plan_needed(struct job *job, struct unit *u, struct plan *p)
{
	for (size_t i = 0; i < u->nr_refs; i++) {
		struct ref *r = &u->refs[i];
		const struct reloc_block *b;
		const struct reloc_entry *e;
		struct obj_plan *op;

		if (r->verdict != V_SYMPOS)
			continue;
		op = plan_obj(p, r->obj);
		plan_entry(op, r->name, r->pos);
		if (r->main_decl && r->decl_end > op->min_offset)
			op->min_offset = r->decl_end;
		b = block_of(u, r->obj);
		e = block_entry(b, r->name);
		if (e && e->pos == r->pos)
			continue;
		if (e)
			r->diag = diag_add(job, SEV_WARNING, u, b->start, "klp-wrong-sympos",
					   "KLP_SYMPOS(%s, %lu) has the wrong position: %s has it at %lu",
					   r->name, e->pos, r->obj, r->pos);
		else if (!r->declared)
			r->diag = diag_add(job, SEV_ERROR, u, r->offset, "klp-undeclared",
					   "'%s' needs KLP_SYMPOS(%s, %lu) in KLP_MODULE_RELOC(%s), but has no file-scope declaration for it to use: declare it at file scope",
					   r->name, r->name, r->pos, r->obj);
		else
			r->diag = diag_add(job, SEV_WARNING, u, r->offset, "klp-unannotated",
					   "'%s' is %s %s: it needs KLP_SYMPOS(%s, %lu) in KLP_MODULE_RELOC(%s)",
					   r->name, ref_status(r),
					   r->obj, r->name, r->pos, r->obj);
		if (r->diag >= 0 && r->via)
			diag_note(job, r->diag, "used through %s, a header's definition", r->via);
		if (r->diag >= 0 && r->label)
			diag_note(job, r->diag, "an asm label names it %s in the object: that is the symbol the kernel resolves",
				  r->label);
		if (r->diag >= 0 && r->from_object)
			diag_note(job, r->diag, "only the object shows this reference (asm or compiler-made)");
		if (r->diag >= 0 && r->evidence)
			diag_note(job, r->diag, "position %lu %s", r->pos, r->evidence);
		if (op->diag < 0)
			op->diag = r->diag;
	}
	/* An undeclared symbol cannot go into the block: it would not compile. */
	for (size_t i = 0; i < p->nr; i++) {
		struct obj_plan *op = &p->objs[i];
		size_t n = 0;

		for (size_t j = 0; j < op->nr; j++) {
			struct ref *r = unit_find_ref(u, op->e[j].sym);

			if (r->declared)
				op->e[n++] = op->e[j];
		}
		op->nr = n;
	}
}

/* Entries the source has that nothing needs. */
static void plan_stale(struct job *job, struct unit *u, struct plan *p)
{
	for (size_t i = 0; i < u->nr_blocks; i++) {
		const struct reloc_block *b = &u->blocks[i];

		for (size_t j = 0; j < b->nr_entries; j++) {
			const struct ref *r = unit_find_ref(u, b->entries[j].sym);
			struct obj_plan *op;
			int d;

			if (r && r->verdict == V_SYMPOS && !strcmp(r->obj, b->obj))
				continue;
			if (r && r->verdict == V_ERROR)
				continue;	/* reported already; the entry stays until resolved */
			if (r && r->verdict == V_SYMPOS)
				d = diag_add(job, SEV_WARNING, u, b->start, "klp-wrong-object",
					     "'%s' belongs to %s, not %s", r->name, r->obj, b->obj);
			else
				d = diag_add(job, SEV_WARNING, u, b->start, "klp-stale-annotation",
					     "KLP_SYMPOS(%s, %lu) is not needed: %s", b->entries[j].sym,
					     b->entries[j].pos,
					     r ? "the symbol is exported or the module's own"
					       : "the unit no longer references it");
			op = plan_obj(p, b->obj);
			if (op->diag < 0)
				op->diag = d;
		}
	}
	/* Keep an entry whose symbol is unresolved, so the error is the only change. */
	for (size_t i = 0; i < u->nr_blocks; i++) {
		const struct reloc_block *b = &u->blocks[i];

		for (size_t j = 0; j < b->nr_entries; j++) {
			const struct ref *r = unit_find_ref(u, b->entries[j].sym);

			if (r && r->verdict == V_ERROR)
				plan_entry(plan_obj(p, b->obj), b->entries[j].sym, b->entries[j].pos);
		}
	}
}

static void plan_static_decls(struct job *job, struct unit *u)
{
	for (size_t i = 0; i < u->nr_refs; i++) {
		struct ref *r = &u->refs[i];
		int d;

		if (!r->static_decl || r->verdict != V_SYMPOS)
			continue;
		d = diag_add(job, SEV_WARNING, u, r->static_off, "klp-static-declaration",
			     "'%s' is declared static but defined by %s: the declaration must be extern",
			     r->name, r->obj);
		edit_add(u, r->static_off, 6, 0, xstrdup("extern"), d);
	}
}

static void plan_blocks(struct job *job, struct unit *u, struct plan *p)
{
	bool *done = xcalloc(u->nr_blocks + 1, sizeof(*done));
	bool any = false;

	if (p->nr)
		qsort(p->objs, p->nr, sizeof(*p->objs), obj_plan_cmp);
	for (size_t i = 0; i < p->nr; i++) {
		struct obj_plan *op = &p->objs[i];
		const struct reloc_block *b = block_of(u, op->obj);
		struct edit e;

		if (!op->nr)
			continue;
		any = true;
		qsort(op->e, op->nr, sizeof(*op->e), entry_cmp);
		if (op->min_offset < include_offset(u))
			op->min_offset = include_offset(u);
		op->min_offset = outside_conditionals(u, op->min_offset);
		if (block_edit(u, op, &e)) {
			/* Every edit is explained: here only the layout differs. */
			if (e.diag < 0)
				e.diag = diag_add(job, SEV_WARNING, u, e.offset, "klp-annotation-layout",
						  "KLP_MODULE_RELOC(%s) is not in the canonical layout: one entry a line, sorted by name",
						  op->obj);
			edit_add(u, e.offset, e.len, e.seq + (unsigned int)i, e.text, e.diag);
			/* A block that moves leaves its old place. */
			if (b && e.len == 0)
				continue;
		}
		if (b)
			done[b - u->blocks] = true;
	}
	/* Blocks nothing needs any more, and second blocks of one object. */
	for (size_t i = 0; i < u->nr_blocks; i++) {
		unsigned int s, e;
		int d = -1;

		if (done[i])
			continue;
		for (size_t j = 0; j < p->nr; j++)
			if (!strcmp(p->objs[j].obj, u->blocks[i].obj))
				d = p->objs[j].diag;
		block_span(u, &u->blocks[i], &s, &e);
		edit_add(u, s, e - s, 0, xstrdup(""), d);
	}
	if (any && !u->has_include)
		edit_add(u, include_offset(u), 0, 0, include_render(u), p->nr ? p->objs[0].diag : -1);
	free(done);
}

/* Each ambiguous symbol's error offers one fix-it per candidate. */
static void plan_alternatives(struct job *job, struct unit *u, struct plan *p)
{
	for (size_t i = 0; i < u->nr_refs; i++) {
		struct ref *r = &u->refs[i];
		struct diag *d;

		if (!r->nr_cands || r->diag < 0)
			continue;
		d = &job->diags[r->diag];
		for (size_t c = 0; c < r->nr_cands; c++) {
			const struct symdb_sym *s = r->cands[c];
			struct obj_plan op = { .obj = s->obj, .diag = -1 };
			struct obj_plan *have = plan_obj(p, s->obj);
			struct edit e;

			for (size_t j = 0; j < have->nr; j++)
				plan_entry(&op, have->e[j].sym, have->e[j].pos);
			plan_entry(&op, r->name, s->count > 1 ? s->sympos : 0);
			qsort(op.e, op.nr, sizeof(*op.e), entry_cmp);
			op.min_offset = have->min_offset > include_offset(u) ? have->min_offset
									     : include_offset(u);
			if (r->main_decl && r->decl_end > op.min_offset)
				op.min_offset = r->decl_end;
			op.min_offset = outside_conditionals(u, op.min_offset);
			if (block_edit(u, &op, &e)) {
				ALLOC_GROW(d->alts, d->nr_alts, d->alloc_alts);
				d->alts[d->nr_alts++] = e;
			}
			free(op.e);
		}
	}
}

int edits_plan(struct job *job)
{
	for (size_t i = 0; i < job->nr_units; i++) {
		struct unit *u = &job->units[i];
		struct plan p = { 0 };

		/* Rewriting around a block we do not understand could lose it. */
		if (u->has_unreadable_block) {
			diag_add(job, SEV_ERROR, u, u->unreadable_block, "klp-unreadable-annotation",
				 "cannot read this KLP_MODULE_RELOC block, so nothing in the file is changed: write its entries as KLP_SYMPOS(symbol, number)");
			continue;
		}
		plan_needed(job, u, &p);
		plan_stale(job, u, &p);
		plan_static_decls(job, u);
		ibt_plan(job, u);
		plan_blocks(job, u, &p);
		plan_alternatives(job, u, &p);
		if (u->nr_edits)
			qsort(u->edits, u->nr_edits, sizeof(*u->edits), edit_cmp);
		plan_free(&p);
	}
	return 0;
}

/* The unit's text with EDITS (sorted, not overlapping) applied. */
char *edits_apply(const struct unit *u, const struct edit *edits, size_t nr, size_t *len)
{
	size_t out_len = u->len, at = 0, o = 0;
	char *out;

	for (size_t i = 0; i < nr; i++)
		out_len += strlen(edits[i].text) - edits[i].len;
	out = xmalloc(out_len + 1);
	for (size_t i = 0; i < nr; i++) {
		const struct edit *e = &edits[i];
		size_t n = strlen(e->text);

		if (e->offset < at)
			die("overlapping edits at offset %u", e->offset);
		memcpy(out + o, u->text + at, e->offset - at);
		o += e->offset - at;
		memcpy(out + o, e->text, n);
		o += n;
		at = e->offset + e->len;
	}
	memcpy(out + o, u->text + at, u->len - at);
	o += u->len - at;
	out[o] = 0;
	*len = o;
	return out;
}
