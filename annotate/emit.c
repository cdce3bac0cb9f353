// SPDX-License-Identifier: GPL-2.0-only
/*
 * Renderings of the findings and of the one edit list:
 *
 *   (default)  clang-style diagnostics on stderr, each with the source
 *              line, a caret, and its fix-its in clang's parseable form
 *              (fix-it:"file":{l1:c1-l2:c2}:"text"), so editors and
 *              clang-apply-replacements-like tools can use them
 *   --check    the diagnostics without fix-its; exit 1 if anything would
 *              change; nothing written
 *   --diff     a unified diff on stdout; errors on stderr
 *   --fix      the edits written atomically (temp file + rename, mode
 *              kept); errors on stderr
 *   --parseable-fixits  fix-its with --check too
 *   --refs     every kernel symbol the units reference, one a line, with
 *              its verdict (what the analysis decided, before any edit)
 *
 * --export-fixes and --sarif (export.c) are written first, in any mode.
 *
 * Exit codes: 0 nothing to do (or all fixed), 1 findings, 2 error.
 */
#include "annotate.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void offset_to_linecol(const struct unit *u, unsigned int offset, unsigned int *line,
		       unsigned int *col)
{
	unsigned int l = 1, c = 1;

	for (unsigned int i = 0; i < offset && i < u->len; i++) {
		if (u->text[i] == '\n') {
			l++;
			c = 1;
		} else {
			c++;
		}
	}
	*line = l;
	*col = c;
}

static char *vxasprintf(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		die("out of memory");
	return s;
}

int diag_add(struct job *job, enum severity sev, struct unit *u, unsigned int offset,
	     const char *id, const char *fmt, ...)
{
	struct diag *d;
	va_list ap;

	ALLOC_GROW(job->diags, job->nr_diags, job->alloc_diags);
	d = &job->diags[job->nr_diags];
	memset(d, 0, sizeof(*d));
	d->sev = sev;
	d->unit = u;
	d->offset = offset;
	if (offset != ~0u)
		offset_to_linecol(u, offset, &d->line, &d->col);
	d->id = xstrdup(id);
	va_start(ap, fmt);
	d->msg = vxasprintf(fmt, ap);
	va_end(ap);
	return (int)job->nr_diags++;
}

void diag_note(struct job *job, int i, const char *fmt, ...)
{
	struct diag *d = &job->diags[i];
	va_list ap;

	ALLOC_GROW(d->notes, d->nr_notes, d->alloc_notes);
	va_start(ap, fmt);
	d->notes[d->nr_notes++] = vxasprintf(fmt, ap);
	va_end(ap);
}

static const char *const sev_name[] = { "note", "warning", "error" };

static void print_source_line(const struct unit *u, unsigned int line, unsigned int col)
{
	const char *p = u->text;

	for (unsigned int l = 1; l < line && p; l++) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (!p)
		return;
	fprintf(stderr, "%.*s\n", (int)strcspn(p, "\n"), p);
	for (unsigned int c = 1; c < col; c++)
		fputc(p[c - 1] == '\t' ? '\t' : ' ', stderr);
	fputs("^\n", stderr);
}

/* As clang's -fdiagnostics-parseable-fixits escapes: octal for the unprintable. */
static void print_escaped(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			fprintf(f, "\\%03o", *p);
		else
			fputc(*p, f);
	}
}

static void print_fixit(const struct unit *u, const struct edit *e)
{
	unsigned int l1, c1, l2, c2;

	offset_to_linecol(u, e->offset, &l1, &c1);
	offset_to_linecol(u, e->offset + e->len, &l2, &c2);
	fprintf(stderr, "fix-it:\"%s\":{%u:%u-%u:%u}:\"", u->path, l1, c1, l2, c2);
	print_escaped(stderr, e->text);
	fputs("\"\n", stderr);
}

static void print_diag(const struct job *job, size_t i, bool fixits)
{
	const struct diag *d = &job->diags[i];
	const struct unit *u = d->unit;

	if (d->line)
		fprintf(stderr, "%s:%u:%u: ", u->path, d->line, d->col);
	else
		fprintf(stderr, "%s: ", u->path);
	fprintf(stderr, "%s: %s [%s]\n", sev_name[d->sev], d->msg, d->id);
	if (d->line)
		print_source_line(u, d->line, d->col);
	for (size_t n = 0; n < d->nr_notes; n++) {
		if (d->line)
			fprintf(stderr, "%s:%u:%u: ", u->path, d->line, d->col);
		else
			fprintf(stderr, "%s: ", u->path);
		fprintf(stderr, "note: %s\n", d->notes[n]);
	}
	if (!fixits)
		return;
	for (size_t e = 0; e < u->nr_edits; e++)
		if (u->edits[e].diag == (int)i)
			print_fixit(u, &u->edits[e]);
	for (size_t a = 0; a < d->nr_alts; a++)
		print_fixit(u, &d->alts[a]);
}

static int diag_cmp_job_order(const struct job *job, size_t a, size_t b)
{
	const struct diag *x = &job->diags[a], *y = &job->diags[b];

	if (x->unit != y->unit)
		return x->unit < y->unit ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* Diagnostics in file and line order; ERRORS_ONLY for --fix and --diff. */
void diags_print(const struct job *job, bool errors_only, bool fixits)
{
	size_t *order = xcalloc(job->nr_diags + 1, sizeof(*order));

	for (size_t i = 0; i < job->nr_diags; i++)
		order[i] = i;
	/* Insertion sort: a handful of findings, and it keeps ties stable. */
	for (size_t i = 1; i < job->nr_diags; i++)
		for (size_t j = i; j > 0 && diag_cmp_job_order(job, order[j - 1], order[j]) > 0; j--) {
			size_t t = order[j];

			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (size_t i = 0; i < job->nr_diags; i++)
		if (!errors_only || job->diags[order[i]].sev == SEV_ERROR)
			print_diag(job, order[i], fixits);
	free(order);
}

/* ---- --diff ------------------------------------------------------------ */

static unsigned int count_lines(const char *s, size_t n)
{
	unsigned int l = 0;

	for (size_t i = 0; i < n; i++)
		l += s[i] == '\n';
	if (n && s[n - 1] != '\n')
		l++;
	return l;
}

/* A run of whole old lines [a, b) that becomes NEW. */
struct change {
	unsigned int a, b;
	char *new;
	size_t new_len;
};

static void print_lines(char prefix, const char *s, size_t n)
{
	const char *end = s + n;

	while (s < end) {
		const char *nl = memchr(s, '\n', end - s);
		size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);

		printf("%c%.*s\n", prefix, (int)len, s);
		if (!nl)
			printf("\\ No newline at end of file\n");
		s += len + (nl ? 1 : 0);
	}
}

static size_t changes_build(const struct unit *u, struct change **out)
{
	struct change *c = NULL;
	size_t nr = 0, alloc = 0;

	for (size_t i = 0; i < u->nr_edits; i++) {
		const struct edit *e = &u->edits[i];
		unsigned int a = line_start(u->text, e->offset), b;
		size_t tl = strlen(e->text);

		if (!e->len && a == e->offset && tl && e->text[tl - 1] == '\n')
			b = a;	/* whole new lines before a line */
		else if (e->len && (e->offset + e->len == u->len ||
				    u->text[e->offset + e->len - 1] == '\n') && a == e->offset)
			b = e->offset + e->len;	/* whole lines replaced */
		else
			b = line_after(u->text, u->len, e->offset + e->len);
		if (nr && a <= c[nr - 1].b) {
			if (b > c[nr - 1].b)
				c[nr - 1].b = b;
		} else {
			ALLOC_GROW(c, nr, alloc);
			c[nr++] = (struct change){ a, b, NULL, 0 };
		}
	}
	for (size_t i = 0, e = 0; i < nr; i++) {
		struct unit part = { .text = u->text + c[i].a, .len = c[i].b - c[i].a };
		struct edit *local = xcalloc(u->nr_edits + 1, sizeof(*local));
		size_t n = 0;

		for (; e < u->nr_edits && u->edits[e].offset <= c[i].b; e++) {
			if (u->edits[e].offset < c[i].a)
				break;
			local[n] = u->edits[e];
			local[n++].offset -= c[i].a;
		}
		c[i].new = edits_apply(&part, local, n, &c[i].new_len);
		free(local);
	}
	*out = c;
	return nr;
}

static void diff_print(const struct unit *u)
{
	struct change *c;
	size_t nr = changes_build(u, &c);
	const unsigned int ctx = 3;
	long delta = 0;

	if (!nr)
		return;
	/* git's a/ b/ prefixes, unless the path is absolute (patch -p0 then). */
	if (u->path[0] == '/')
		printf("--- %s\n+++ %s\n", u->path, u->path);
	else
		printf("--- a/%s\n+++ b/%s\n", u->path, u->path);
	for (size_t i = 0; i < nr;) {
		size_t j = i;
		unsigned int first = c[i].a, last;
		unsigned int ol, nl, oa, ob;

		/* Changes closer than twice the context share a hunk. */
		while (j + 1 < nr && count_lines(u->text + c[j].b, c[j + 1].a - c[j].b) <= 2 * ctx)
			j++;
		for (unsigned int k = 0; k < ctx && first > 0; k++)
			first = line_start(u->text, first - 1);
		last = c[j].b;
		for (unsigned int k = 0; k < ctx && last < u->len; k++)
			last = line_after(u->text, u->len, last);
		oa = count_lines(u->text, first) + 1;
		ol = count_lines(u->text + first, last - first);
		nl = ol;
		for (size_t k = i; k <= j; k++)
			nl += count_lines(c[k].new, c[k].new_len) -
			      count_lines(u->text + c[k].a, c[k].b - c[k].a);
		ob = oa + delta;
		printf("@@ -%u,%u +%u,%u @@\n", ol ? oa : oa - 1, ol, nl ? ob : ob - 1, nl);
		for (size_t k = i; k <= j; k++) {
			unsigned int from = k == i ? first : c[k - 1].b;

			print_lines(' ', u->text + from, c[k].a - from);
			print_lines('-', u->text + c[k].a, c[k].b - c[k].a);
			print_lines('+', c[k].new, c[k].new_len);
		}
		print_lines(' ', u->text + c[j].b, last - c[j].b);
		delta += (long)nl - (long)ol;
		i = j + 1;
	}
	for (size_t i = 0; i < nr; i++)
		free(c[i].new);
	free(c);
}

/* ---- --fix ------------------------------------------------------------- */

static int unit_write(const struct unit *u)
{
	size_t len;
	char *out;
	int ret;

	if (!u->nr_edits)
		return 0;
	out = edits_apply(u, u->edits, u->nr_edits, &len);
	ret = write_file_atomic(u->abspath, out, len, u->mode);
	free(out);
	if (ret)
		return error("%s: could not be rewritten; it is unchanged", u->path);
	return 0;
}

bool diags_any_errors(const struct job *job)
{
	for (size_t i = 0; i < job->nr_diags; i++)
		if (job->diags[i].sev == SEV_ERROR)
			return true;
	return false;
}

static bool any_edits(const struct job *job)
{
	for (size_t i = 0; i < job->nr_units; i++)
		if (job->units[i].nr_edits)
			return true;
	return false;
}

/* What --refs calls a reference's verdict. */
static const char *ref_verdict(const struct job *job, const struct ref *r)
{
	const struct symdb_export *e;

	switch (r->verdict) {
	case V_SYMPOS:
		return "sympos";
	case V_ERROR:
		return "error";
	case V_UNDECIDED:
		return "warning";
	case V_NOTHING:
		if (r->optimised_away)
			return "optimised-away";
		if (r->weak && !job_defines(job, ref_symbol(r)) &&
		    !symdb_find_export(job->db, ref_symbol(r)))
			return "weak";
		e = symdb_find_export(job->db, ref_symbol(r));
		return e && !strcmp(e->obj, "vmlinux") ? "exported" : "defined";
	case V_UNKNOWN:
		break;
	}
	return "unknown";
}

/*
 * PATH:LINE:COL NAME VERDICT OBJ POS DETAIL, tab-separated: the object's
 * name for the symbol (an asm label's, not the C name), "-" where a field
 * does not apply, 0:0 for a reference only the object showed.
 */
static void refs_print(const struct job *job)
{
	for (size_t i = 0; i < job->nr_units; i++) {
		const struct unit *u = &job->units[i];

		for (size_t j = 0; j < u->nr_refs; j++) {
			const struct ref *r = &u->refs[j];
			const char *detail = r->diag >= 0 ? job->diags[r->diag].id : "-";

			printf("%s:%u:%u\t%s\t%s\t", u->path, r->from_object ? 0 : r->line,
			       r->from_object ? 0 : r->col, ref_symbol(r), ref_verdict(job, r));
			if (r->verdict == V_SYMPOS)
				printf("%s\t%lu\t%s\n", r->obj, r->pos, detail);
			else
				printf("-\t-\t%s\n", detail);
		}
	}
	fflush(stdout);
}

int edits_emit(struct job *job)
{
	bool findings = job->nr_diags || any_edits(job);

	if (job->opt.export_fixes && fixes_export_yaml(job, job->opt.export_fixes))
		return 2;
	if (job->opt.sarif && sarif_export(job, job->opt.sarif))
		return 2;

	switch (job->opt.mode) {
	case MODE_DIAG:
		diags_print(job, false, true);
		return findings ? 1 : 0;
	case MODE_CHECK:
		diags_print(job, false, job->opt.parseable_fixits);
		return findings ? 1 : 0;
	case MODE_DIFF:
		diags_print(job, true, false);
		for (size_t i = 0; i < job->nr_units; i++)
			diff_print(&job->units[i]);
		fflush(stdout);
		return findings ? 1 : 0;
	case MODE_REFS:
		diags_print(job, false, false);
		refs_print(job);
		return findings ? 1 : 0;
	case MODE_FIX:
		diags_print(job, true, false);
		for (size_t i = 0; i < job->nr_units; i++)
			if (unit_write(&job->units[i]))
				return 2;
		return diags_any_errors(job) ? 1 : 0;
	}
	return 2;
}
