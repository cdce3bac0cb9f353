// SPDX-License-Identifier: GPL-2.0-only
/*
 * The patches: unified diffs as git diff, git format-patch and diff -u
 * write them, read with -p1 into one list of hunks per file, and applied
 * to the original text as patch(1) applies them: a hunk may have moved
 * (an offset), but every context line must match (no fuzz).
 *
 * The patched text can carry #line directives that give the code outside
 * the hunks its original line numbers, so that a function which only
 * moved down compiles to the same object code (WARN_ON() and friends
 * record __LINE__).
 *
 * A file changed by several diffs (two patches of a series, or two
 * commits in one mbox) stays one file_patch: the later diff's hunks are
 * marked next_diff and apply to the result of those before them.
 */
#include "create.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* ---- Reading ---- */

struct reader {
	struct patchset *ps;
	const char *name;	/* the patch file, for messages */
	const char *p, *end;	/* the current line; the end of the text */
	unsigned int lineno;	/* the current line's, 1-based */
	size_t found;		/* file changes read from this patch file */
};

/* The start of the line after the one at P. */
static const char *after_line(const struct reader *r, const char *p)
{
	const char *nl = memchr(p, '\n', r->end - p);

	return nl ? nl + 1 : r->end;
}

static void next_line(struct reader *r)
{
	r->p = after_line(r, r->p);
	r->lineno++;
}

/* Does the Nth line after the current one start with PREFIX? */
static bool line_starts(const struct reader *r, unsigned int n, const char *prefix)
{
	const char *p = r->p;

	while (n--)
		p = after_line(r, p);
	return p < r->end && starts_with(p, prefix);
}

/* The length from FROM, in the current line, to its end (without the newline). */
static size_t line_text_len(const struct reader *r, const char *from)
{
	const char *e = after_line(r, r->p);

	while (e > from && (e[-1] == '\n' || e[-1] == '\r'))
		e--;
	return e - from;
}

/* No absolute paths, no "..": patched copies are written under --work. */
static bool path_ok(const char *path)
{
	const char *c = path;

	if (!*path || *path == '/' || path[strlen(path) - 1] == '/')
		return false;
	while (c) {
		if (!strncmp(c, "..", 2) && (c[2] == '/' || !c[2]))
			return false;
		c = strchr(c, '/');
		if (c)
			c++;
	}
	return true;
}

/* NAME (N bytes) with its first component ("a/", "b/") stripped, as -p1. */
static int strip_p1(const struct reader *r, const char *name, size_t n, char **out)
{
	const char *slash = memchr(name, '/', n);
	size_t len = slash ? n - (slash + 1 - name) : 0;

	*out = NULL;
	if (!slash)
		return error("%s:%u: %.*s: no leading directory to strip (the patch must apply with -p1)",
			     r->name, r->lineno, (int)n, name);
	if (memchr(slash + 1, '\0', len))
		return error("%s:%u: a NUL byte in a file name", r->name, r->lineno);
	*out = xstrndup(slash + 1, len);
	if (!path_ok(*out)) {
		free(*out);
		*out = NULL;
		return error("%s:%u: %.*s: not a path inside the tree", r->name, r->lineno,
			     (int)n, name);
	}
	return 0;
}

/*
 * The file name on a "--- " or "+++ " line, -p1; NULL for /dev/null. diff
 * -u follows it with a tab and a timestamp (*STAMP, else NULL), git with
 * a tab when the name has a space. git quotes unusual names: refused.
 */
static int parse_name(const struct reader *r, char **name, const char **stamp)
{
	const char *s = r->p + 4;
	size_t n = line_text_len(r, s);
	const char *tab = memchr(s, '\t', n);

	*name = NULL;
	*stamp = NULL;
	if (tab) {
		*stamp = tab + 1;
		n = tab - s;
	}
	if (n && *s == '"')
		return error("%s:%u: quoted file names are not supported: %.*s",
			     r->name, r->lineno, (int)n, s);
	if (n == strlen("/dev/null") && !memcmp(s, "/dev/null", n))
		return 0;
	return strip_p1(r, s, n, name);
}

/*
 * diff -N shows a missing file as an empty one dated the epoch: that is a
 * creation (or a deletion), as patch(1) takes it. The epoch, in any time
 * zone, is the first of January 1970 or the last day of 1969.
 */
static bool is_epoch(const char *stamp)
{
	return stamp && (starts_with(stamp, "1970-01-01 ") || starts_with(stamp, "1969-12-31 "));
}

static bool parse_uint(const char **p, unsigned int *v)
{
	const char *s = *p;
	unsigned long n = 0;

	if (*s < '0' || *s > '9')
		return false;
	while (*s >= '0' && *s <= '9') {
		n = n * 10 + (*s++ - '0');
		/* Small enough that start + len never overflows. */
		if (n > INT_MAX / 2)
			return false;
	}
	*v = n;
	*p = s;
	return true;
}

/* "a,b" or "a" (then b is 1), after the '-' or '+'. */
static bool parse_range(const char **p, unsigned int *start, unsigned int *len)
{
	if (!parse_uint(p, start))
		return false;
	*len = 1;
	if (**p == ',') {
		(*p)++;
		if (!parse_uint(p, len))
			return false;
	}
	/* Line 0 only names the place before line 1 of an empty range. */
	return *len == 0 || *start > 0;
}

static bool parse_hunk_header(const char *p, struct hunk *h)
{
	if (!starts_with(p, "@@ -"))
		return false;
	p += 4;
	if (!parse_range(&p, &h->old_start, &h->old_len) || !starts_with(p, " +"))
		return false;
	p += 2;
	if (!parse_range(&p, &h->new_start, &h->new_len) || !starts_with(p, " @@"))
		return false;
	/* What follows is the function it is in, for the reader. */
	return true;
}

/* The index of the first old line the hunk covers (0-based). */
static size_t hunk_begin(const struct hunk *h)
{
	/* An empty range names the line it follows. */
	return h->old_len ? h->old_start - 1 : h->old_start;
}

/*
 * One hunk, the "@@" line current. The body is counted against the
 * header: it ends exactly where the header says, so that a signature
 * ("-- ") or the next file's "--- " after it is not taken for a line.
 */
static int read_hunk(struct reader *r, struct file_patch *fp)
{
	struct hunk h = { .patch_line = r->lineno, .patch = r->name };
	unsigned int old, new;
	bool any = false;

	if (!parse_hunk_header(r->p, &h))
		return error("%s:%u: malformed hunk header: %.*s", r->name, r->lineno,
			     (int)line_text_len(r, r->p), r->p);
	if (fp->nr_hunks) {
		const struct hunk *prev = &fp->hunks[fp->nr_hunks - 1];

		if (hunk_begin(&h) < hunk_begin(prev) + prev->old_len)
			return error("%s:%u: hunk overlaps the one before it, or is out of order",
				     r->name, r->lineno);
	}
	next_line(r);
	h.body = r->p;
	old = h.old_len;
	new = h.new_len;
	while (old || new) {
		char c = r->p < r->end ? *r->p : 0;

		/* An empty line is an empty context line whose space was lost. */
		if ((c == ' ' || c == '\n') && old && new) {
			old--;
			new--;
		} else if (c == '-' && old) {
			old--;
		} else if (c == '+' && new) {
			new--;
		} else if (c == '\\' && any) {
			/* "\ No newline at end of file": about the line before */
		} else if (r->p >= r->end) {
			return error("%s: the patch ends inside the hunk at line %u (%u old and %u new lines missing)",
				     r->name, h.patch_line, old, new);
		} else {
			return error("%s:%u: malformed line in the hunk at line %u: expected %s, found: %.*s",
				     r->name, r->lineno, h.patch_line,
				     old && new ? "' ', '-' or '+'" : old ? "'-'" : "'+'",
				     (int)line_text_len(r, r->p), r->p);
		}
		any = true;
		next_line(r);
	}
	if (any && r->p < r->end && *r->p == '\\')
		next_line(r);
	h.body_len = r->p - h.body;
	ALLOC_GROW(fp->hunks, fp->nr_hunks, fp->alloc_hunks);
	fp->hunks[fp->nr_hunks++] = h;
	return 0;
}

static void file_patch_release(struct file_patch *fp)
{
	free(fp->path);
	free(fp->hunks);
}

/*
 * Add FP (read from lines starting at LINENO) to the set, or its hunks
 * to the file's, after those of the diffs before it.
 */
static int file_add(struct reader *r, struct file_patch *fp, unsigned int lineno)
{
	struct file_patch *e = patch_find_file(r->ps, fp->path);
	int ret = 0;

	r->found++;
	if (!e) {
		ALLOC_GROW(r->ps->files, r->ps->nr_files, r->ps->alloc_files);
		r->ps->files[r->ps->nr_files++] = *fp;
		return 0;
	}
	if (fp->created && !e->deleted) {
		ret = error("%s: %s:%u creates it, but an earlier diff has it already",
			    fp->path, r->name, lineno);
	} else if (!fp->created && e->deleted) {
		ret = error("%s: %s:%u changes it, but an earlier diff deleted it",
			    fp->path, r->name, lineno);
	} else {
		for (size_t i = 0; i < fp->nr_hunks; i++) {
			ALLOC_GROW(e->hunks, e->nr_hunks, e->alloc_hunks);
			e->hunks[e->nr_hunks] = fp->hunks[i];
			e->hunks[e->nr_hunks].next_diff = !i && e->nr_hunks;
			e->nr_hunks++;
		}
		e->deleted = fp->deleted;
	}
	file_patch_release(fp);
	return ret;
}

/* What a "diff --git" header says besides the names. */
struct git_header {
	char *name;		/* from "diff --git a/X b/X", -p1, or "rename to X" */
	char *raw;		/* that line's names, for messages when NAME is NULL */
	unsigned int lineno;
	bool created, deleted, mode, renamed, copied, binary;
};

/*
 * The "--- " and "+++ " lines and the hunks after them; G is the git
 * header before them, if any.
 */
static int read_diff(struct reader *r, const struct git_header *g)
{
	struct file_patch fp = { .patch = r->name };
	unsigned int lineno = g ? g->lineno : r->lineno;
	const char *old_stamp, *new_stamp;
	char *old, *new;
	bool all_empty = true;

	if (parse_name(r, &old, &old_stamp))
		return -1;
	next_line(r);
	if (parse_name(r, &new, &new_stamp)) {
		free(old);
		return -1;
	}
	if (!old && !new)
		return error("%s:%u: both file names are /dev/null", r->name, r->lineno);
	if (old && new && strcmp(old, new)) {
		error("%s: renamed from %s (%s:%u); renames are not supported",
		      new, old, r->name, lineno);
		free(old);
		free(new);
		return -1;
	}
	fp.created = !old || (g && g->created);
	fp.deleted = !new || (g && g->deleted);
	fp.path = new ? new : old;
	if (new && old)
		free(old);
	next_line(r);
	if (r->p >= r->end || !starts_with(r->p, "@@ ")) {
		error("%s:%u: %s: no hunk after the file names", r->name, r->lineno, fp.path);
		goto fail;
	}
	while (r->p < r->end && starts_with(r->p, "@@ ")) {
		if (read_hunk(r, &fp))
			goto fail;
	}
	for (size_t i = 0; i < fp.nr_hunks; i++)
		if (fp.hunks[i].old_len || fp.hunks[i].new_len)
			all_empty = false;
	if (!g) {
		bool old_empty = true, new_empty = true;

		for (size_t i = 0; i < fp.nr_hunks; i++) {
			old_empty &= !fp.hunks[i].old_len;
			new_empty &= !fp.hunks[i].new_len;
		}
		fp.created |= old_empty && is_epoch(old_stamp);
		fp.deleted |= new_empty && is_epoch(new_stamp);
	}
	if (all_empty) {
		error("%s:%u: %s: the hunks change nothing", r->name, lineno, fp.path);
		goto fail;
	}
	return file_add(r, &fp, lineno);
fail:
	file_patch_release(&fp);
	return -1;
}

/*
 * The file name on "diff --git a/X b/X", -p1, or NULL. X may have spaces:
 * the line splits where both sides name the same file.
 */
static char *git_name(const struct reader *r)
{
	const char *s = r->p + strlen("diff --git ");
	const char *end = s + line_text_len(r, s);

	for (const char *sp = s; (sp = memchr(sp, ' ', end - sp)); sp++) {
		/* "P/NAME Q/NAME": the same NAME after the first slash of each. */
		const char *a = memchr(s, '/', sp - s);
		const char *b = memchr(sp + 1, '/', end - sp - 1);

		if (a && b && sp - a == end - b && sp - a > 1 && !memcmp(a, b, sp - a))
			return xstrndup(b + 1, end - b - 1);
	}
	return NULL;
}

/*
 * One extended header line after "diff --git" into G; false at the end
 * of them. "rename to X" names the file without a prefix, which the
 * "diff --git" line, with two names, could not.
 */
static bool git_header_line(const struct reader *r, struct git_header *g)
{
	const char *p = r->p;

	if (starts_with(p, "new file mode "))
		g->created = true;
	else if (starts_with(p, "deleted file mode "))
		g->deleted = true;
	else if (starts_with(p, "old mode ") || starts_with(p, "new mode "))
		g->mode = true;
	else if (starts_with(p, "rename from ") || starts_with(p, "rename to "))
		g->renamed = true;
	else if (starts_with(p, "copy from ") || starts_with(p, "copy to "))
		g->copied = true;
	else if (starts_with(p, "GIT binary patch") || starts_with(p, "Binary files "))
		g->binary = true;
	else if (!starts_with(p, "index ") && !starts_with(p, "similarity index ") &&
		 !starts_with(p, "dissimilarity index "))
		return false;
	if (!g->name && (starts_with(p, "rename to ") || starts_with(p, "copy to "))) {
		p = strchr(p, ' ') + strlen(" to ");
		g->name = xstrndup(p, line_text_len(r, p));
	}
	return true;
}

/* "diff --git", its extended header lines, and the diff after them. */
static int read_git(struct reader *r)
{
	struct git_header g = { .lineno = r->lineno };
	const char *names = r->p + strlen("diff --git ");
	const char *what;
	int ret;

	if (*names == '"')
		return error("%s:%u: quoted file names are not supported", r->name, r->lineno);
	g.name = git_name(r);
	g.raw = xstrndup(names, line_text_len(r, names));
	for (next_line(r); r->p < r->end && git_header_line(r, &g); next_line(r))
		;
	what = g.name ? g.name : g.raw;
	if (g.binary) {
		ret = error("%s: binary patches are not supported (%s:%u)", what, r->name, g.lineno);
	} else if (g.renamed) {
		ret = error("%s: renames are not supported (%s:%u)", what, r->name, g.lineno);
	} else if (g.copied) {
		ret = error("%s: copies are not supported (%s:%u)", what, r->name, g.lineno);
	} else if (line_starts(r, 0, "--- ") && line_starts(r, 1, "+++ ")) {
		ret = read_diff(r, &g);
	} else if ((g.created || g.deleted) && g.name && path_ok(g.name)) {
		/* An empty file: git writes no "---" line and no hunk. */
		struct file_patch fp = {
			.path = xstrdup(g.name), .patch = r->name,
			.created = g.created, .deleted = g.deleted,
		};

		ret = file_add(r, &fp, g.lineno);
	} else if (g.created || g.deleted) {
		ret = error("%s:%u: %s: cannot tell the file name", r->name, g.lineno, what);
	} else if (g.mode) {
		ret = error("%s: mode changes are not supported: nothing to patch (%s:%u)",
			    what, r->name, g.lineno);
	} else {
		ret = error("%s:%u: %s: a \"diff --git\" header without changes",
			    r->name, g.lineno, what);
	}
	free(g.name);
	free(g.raw);
	return ret;
}

int patch_read(struct patchset *ps, const char *path)
{
	struct reader r = { .ps = ps, .name = path, .lineno = 1 };
	size_t len;
	char *text = read_file(path, &len);

	if (!text)
		return error("%s: %s", path, strerror(errno));
	/* A last line without its newline still ends a hunk line. */
	if (len && text[len - 1] != '\n') {
		text = xrealloc(text, len + 2);
		text[len++] = '\n';
		text[len] = '\0';
	}
	ALLOC_GROW(ps->texts, ps->nr_texts, ps->alloc_texts);
	ps->texts[ps->nr_texts++] = text;
	r.p = text;
	r.end = text + len;
	while (r.p < r.end) {
		if (starts_with(r.p, "diff --git ")) {
			if (read_git(&r))
				return -1;
		} else if (starts_with(r.p, "--- ") && line_starts(&r, 1, "+++ ") &&
			   line_starts(&r, 2, "@@ ")) {
			/* diff -u: no git header; a quote of a diff needs all three lines. */
			if (read_diff(&r, NULL))
				return -1;
		} else if (starts_with(r.p, "Binary files ")) {
			return error("%s:%u: binary changes are not supported: %.*s", path, r.lineno,
				     (int)line_text_len(&r, r.p), r.p);
		} else {
			/* Mail headers, the message, the diffstat, the signature. */
			next_line(&r);
		}
	}
	if (!r.found)
		return error("%s: no changes found: not a unified diff?", path);
	return 0;
}

struct file_patch *patch_find_file(struct patchset *ps, const char *path)
{
	for (size_t i = 0; i < ps->nr_files; i++)
		if (!strcmp(ps->files[i].path, path))
			return &ps->files[i];
	return NULL;
}

void patchset_free(struct patchset *ps)
{
	for (size_t i = 0; i < ps->nr_texts; i++)
		free(ps->texts[i]);
	free(ps->texts);
	for (size_t i = 0; i < ps->nr_files; i++)
		file_patch_release(&ps->files[i]);
	free(ps->files);
	memset(ps, 0, sizeof(*ps));
}

/* ---- Applying ---- */

struct line {
	const char *s;
	size_t len;		/* with its '\n', if it has one */
	unsigned int origin;	/* its number in the original file; 0 if added */
};

struct lines {
	struct line *v;
	size_t nr, alloc;
};

static void lines_add(struct lines *l, const char *s, size_t len, unsigned int origin)
{
	ALLOC_GROW(l->v, l->nr, l->alloc);
	l->v[l->nr++] = (struct line){ s, len, origin };
}

static void line_copy(struct lines *l, const struct line *from)
{
	lines_add(l, from->s, from->len, from->origin);
}

static void split_lines(const char *text, size_t len, struct lines *out)
{
	size_t i = 0;

	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) + 1 : len;

		lines_add(out, text + i, end - i, out->nr + 1);
		i = end;
	}
}

/* A hunk's lines: OP is ' ', '-' or '+'; S and LEN are the text. */
struct hunk_line {
	char op;
	const char *s;
	size_t len;
};

struct hunk_lines {
	struct hunk_line *v;
	size_t nr, alloc;
	size_t old;		/* how many are ' ' or '-' */
	size_t lead, trail;	/* context lines before the first change, after the last */
};

static void hunk_split(const struct hunk *h, struct hunk_lines *hl)
{
	const char *p = h->body, *end = h->body + h->body_len;
	size_t i;

	hl->nr = hl->old = hl->lead = hl->trail = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);

		if (*p == '\\' && hl->nr) {
			/* "\ No newline at end of file": the line before has none. */
			struct hunk_line *prev = &hl->v[hl->nr - 1];

			if (prev->len && prev->s[prev->len - 1] == '\n')
				prev->len--;
		} else {
			ALLOC_GROW(hl->v, hl->nr, hl->alloc);
			/* An empty line is an empty context line (its space lost). */
			if (*p == '\n')
				hl->v[hl->nr++] = (struct hunk_line){ ' ', p, n };
			else
				hl->v[hl->nr++] = (struct hunk_line){ *p, p + 1, n - 1 };
			hl->old += *p != '+';
		}
		p += n;
	}
	for (i = 0; i < hl->nr && hl->v[i].op == ' '; i++)
		hl->lead++;
	for (i = hl->nr; i > 0 && hl->v[i - 1].op == ' '; i--)
		hl->trail++;
}

/* Do the hunk's old lines match OLD from line index AT? */
static bool hunk_matches(const struct hunk_lines *hl, const struct lines *old, size_t at)
{
	if (at + hl->old > old->nr)
		return false;
	for (size_t i = 0; i < hl->nr; i++) {
		const struct hunk_line *l = &hl->v[i];
		const struct line *o;

		if (l->op == '+')
			continue;
		o = &old->v[at++];
		if (o->len != l->len || memcmp(o->s, l->s, l->len))
			return false;
	}
	return true;
}

static bool hunk_fits(const struct hunk_lines *hl, const struct lines *old,
		      long lo, long hi, long at)
{
	return at >= lo && at <= hi && hunk_matches(hl, old, at);
}

/*
 * Where the hunk applies, as patch(1) finds it without fuzz: at the line
 * it names (moved by the offset the hunk before had), else at the nearest
 * line where it matches (at equal distances, the later one), but never
 * before FROM, where the changes of the hunk before ended. A hunk with less
 * context before its changes than after is at the start of the file (if
 * it says so), one with less after is at the end: it only matches there.
 * -1 if nowhere.
 */
static long hunk_locate(const struct hunk *h, const struct hunk_lines *hl,
			const struct lines *old, size_t from, long offset)
{
	long guess = (long)hunk_begin(h) + offset;
	long lo = from, hi = (long)old->nr - (long)hl->old;

	if (!hl->old)
		return guess >= lo && guess <= (long)old->nr ? guess : -1;
	if (hl->lead < hl->trail && h->old_start <= 1)
		return hunk_fits(hl, old, lo, hi, 0) ? 0 : -1;
	if (hl->trail < hl->lead)
		return hunk_fits(hl, old, lo, hi, hi) ? hi : -1;
	for (long d = 0; guess + d <= hi || guess - d >= lo; d++) {
		if (hunk_fits(hl, old, lo, hi, guess + d))
			return guess + d;
		if (d && hunk_fits(hl, old, lo, hi, guess - d))
			return guess - d;
	}
	return -1;
}

/* Apply FP's hunks FIRST to LAST (one diff) to OLD, into NEW. */
static int apply_diff(const struct file_patch *fp, size_t first, size_t last,
		      const struct lines *old, struct lines *new)
{
	struct hunk_lines hl = { 0 };
	size_t pos = 0;
	long offset = 0;
	int ret = 0;

	for (size_t i = first; i < last; i++) {
		const struct hunk *h = &fp->hunks[i];
		long at;

		hunk_split(h, &hl);
		at = hunk_locate(h, &hl, old, pos, offset);
		if (at < 0) {
			ret = error("%s: hunk %zu (@@ -%u,%u +%u,%u @@, %s line %u) does not apply",
				    fp->path, i - first + 1, h->old_start, h->old_len,
				    h->new_start, h->new_len, h->patch ? h->patch : fp->patch,
				    h->patch_line);
			break;
		}
		offset = at - (long)hunk_begin(h);
		for (; pos < (size_t)at; pos++)
			line_copy(new, &old->v[pos]);
		/*
		 * The context after the last change stays in OLD, copied
		 * with the lines after it: the next hunk's context may
		 * overlap it (lines between the hunks went), as patch(1)
		 * lets it.
		 */
		for (size_t j = 0; j < hl.nr - hl.trail; j++) {
			const struct hunk_line *l = &hl.v[j];

			if (l->op == '+') {
				lines_add(new, l->s, l->len, 0);
			} else {
				if (l->op == ' ')
					line_copy(new, &old->v[pos]);
				pos++;
			}
		}
	}
	for (; !ret && pos < old->nr; pos++)
		line_copy(new, &old->v[pos]);
	free(hl.v);
	return ret;
}

/*
 * Writing the result with #line directives. A directive only works where
 * the preprocessor reads one: at the start of a line, outside a comment,
 * not after a backslash-newline; and it is ignored inside a group an #if
 * leaves out. So the text is followed as far as that needs: comments,
 * literals, continuations and the #if nesting.
 */
enum lex_state { LEX_CODE, LEX_COMMENT, LEX_LINE_COMMENT, LEX_STRING, LEX_CHAR };

struct emitter {
	struct buf *out;
	char *file;		/* LINE_FILE, escaped for the directive */
	enum lex_state state;	/* at the start of the next line */
	bool cont;		/* the last line ended in a backslash */
	unsigned int depth;	/* of #if nesting */
	unsigned int unsure;	/* the depth of our last directive: an #if may skip it */
	bool pending;		/* the next unchanged line needs a directive */
};

static char *escape_name(const char *s)
{
	struct buf b = { 0 };

	buf_add(&b, "", 0);
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			buf_add(&b, "\\", 1);
		if (*s == '\n')
			buf_addstr(&b, "\\n");
		else
			buf_add(&b, s, 1);
	}
	return b.s;
}

static bool word_is(const char *w, size_t n, const char *s)
{
	return n == strlen(s) && !memcmp(w, s, n);
}

/*
 * An #if, #else or #endif line at depth E->depth. Once the group our last
 * directive is in ends or switches, the lines after it may be numbered
 * from a directive the preprocessor skipped: the next unchanged line
 * gets its own.
 */
static void lex_conditional(struct emitter *e, const char *s, size_t n)
{
	size_t i = 0, w;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == n || s[i++] != '#')
		return;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	for (w = i; w < n && ((s[w] >= 'a' && s[w] <= 'z')); w++)
		;
	s += i;
	w -= i;
	if (word_is(s, w, "if") || word_is(s, w, "ifdef") || word_is(s, w, "ifndef")) {
		e->depth++;
		return;
	}
	if (!word_is(s, w, "else") && !word_is(s, w, "elif") && !word_is(s, w, "elifdef") &&
	    !word_is(s, w, "elifndef") && !word_is(s, w, "endif"))
		return;
	if (!e->depth)
		return;
	if (e->unsure && e->depth <= e->unsure)
		e->pending = true;
	if (word_is(s, w, "endif"))
		e->depth--;
}

/*
 * Follow one line of C: what is the next line's start in? MORE: lines
 * follow (a last line without its newline gets one then).
 */
static void lex_line(struct emitter *e, const char *s, size_t len, bool more)
{
	bool nl = len && s[len - 1] == '\n';
	size_t n = len - nl, k;

	if (e->state == LEX_CODE && !e->cont)
		lex_conditional(e, s, n);
	for (size_t i = 0; i < n; i++) {
		char c = s[i], next = i + 1 < n ? s[i + 1] : 0;

		switch (e->state) {
		case LEX_COMMENT:
			if (c == '*' && next == '/') {
				e->state = LEX_CODE;
				i++;
			}
			break;
		case LEX_LINE_COMMENT:
			break;
		case LEX_STRING:
		case LEX_CHAR:
			if (c == '\\')
				i++;
			else if (c == (e->state == LEX_STRING ? '"' : '\''))
				e->state = LEX_CODE;
			break;
		case LEX_CODE:
			if (c == '/' && next == '*') {
				e->state = LEX_COMMENT;
				i++;
			} else if (c == '/' && next == '/') {
				e->state = LEX_LINE_COMMENT;
			} else if (c == '"') {
				e->state = LEX_STRING;
			} else if (c == '\'') {
				e->state = LEX_CHAR;
			}
			break;
		}
	}
	/* gcc takes a backslash followed by blanks for one too, and warns. */
	for (k = n; k && (s[k - 1] == ' ' || s[k - 1] == '\t' || s[k - 1] == '\r'); k--)
		;
	e->cont = (nl || more) && k && s[k - 1] == '\\';
	/*
	 * Only a comment goes on past a newline without a backslash; an
	 * unterminated quote ("don't" in an #error or in #if 0) ends there.
	 */
	if (!e->cont && e->state != LEX_COMMENT)
		e->state = LEX_CODE;
}

static bool at_directive_start(const struct emitter *e)
{
	return e->state == LEX_CODE && !e->cont;
}

static void emit_directive(struct emitter *e, unsigned int line)
{
	buf_addf(e->out, "#line %u \"%s\"\n", line, e->file);
	e->unsure = e->depth;
	e->pending = false;
}

/*
 * A line without its newline is the last of a file; when the file it
 * was the last of has more lines here (the target differs from the
 * patch's original, which the context allowed), it gets one, as
 * patch(1) gives it.
 */
static void line_emit(struct buf *out, const struct lines *l, size_t i)
{
	const struct line *cur = &l->v[i];

	buf_add(out, cur->s, cur->len);
	if (i + 1 < l->nr && (!cur->len || cur->s[cur->len - 1] != '\n'))
		buf_add(out, "\n", 1);
}

/*
 * L into OUT, with a directive before line 1 (for __FILE__), and before
 * each run of unchanged lines after a change: at its first line where a
 * directive is read, with that line's number.
 */
static void emit_lines(const struct lines *l, const char *line_file, struct buf *out)
{
	struct emitter e = { .out = out };

	if (!line_file || !l->nr) {
		for (size_t i = 0; i < l->nr; i++)
			line_emit(out, l, i);
		return;
	}
	e.file = escape_name(line_file);
	emit_directive(&e, l->v[0].origin ? l->v[0].origin : 1);
	for (size_t i = 0; i < l->nr; i++) {
		const struct line *cur = &l->v[i], *prev = i ? &l->v[i - 1] : NULL;

		if (!cur->origin)
			e.pending = false;	/* added code: its numbers do not matter */
		else if (prev && (!prev->origin || cur->origin != prev->origin + 1))
			e.pending = true;
		if (e.pending && cur->origin && at_directive_start(&e))
			emit_directive(&e, cur->origin);
		line_emit(out, l, i);
		lex_line(&e, cur->s, cur->len, i + 1 < l->nr);
	}
	free(e.file);
}

int patch_apply(const struct file_patch *fp, const char *old, size_t old_len,
		const char *line_file, struct buf *out)
{
	struct lines cur = { 0 }, next = { 0 }, swap;
	int ret = 0;

	split_lines(old, old_len, &cur);
	for (size_t i = 0, j; i < fp->nr_hunks && !ret; i = j) {
		for (j = i + 1; j < fp->nr_hunks && !fp->hunks[j].next_diff; j++)
			;
		next.nr = 0;
		ret = apply_diff(fp, i, j, &cur, &next);
		swap = cur;
		cur = next;
		next = swap;
	}
	if (!ret && fp->deleted && cur.nr)
		ret = error("%s: the patch deletes it, but %zu lines remain after its hunks",
			    fp->path, cur.nr);
	if (!ret)
		emit_lines(&cur, line_file, out);
	free(cur.v);
	free(next.v);
	return ret;
}
