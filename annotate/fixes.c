// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the machine-readable renderings share:
 *
 *   fixes     the unit's edit list with the edits that share or touch an
 *             offset merged into one replacement. The list may insert
 *             twice at one offset (the include, then a block) or insert
 *             where a replacement starts; clang-apply-replacements calls
 *             that a conflict and LSP leaves its order to the client, so
 *             these formats get one replacement there, in --fix's order.
 *   UTF-16    LSP positions (and SARIF's default columns) count UTF-16
 *             code units within a line, not bytes: a 4-byte UTF-8
 *             sequence is two units, any shorter one is one.
 *   buf       a growing string for the writers.
 */
#include "annotate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The finding an edit is reported under: its own, else the unit's first. */
static int edit_owner(const struct job *job, const struct unit *u, const struct edit *e)
{
	if (e->diag >= 0)
		return e->diag;
	for (size_t i = 0; i < job->nr_diags; i++)
		if (job->diags[i].unit == u)
			return (int)i;
	return -1;
}

size_t fixes_build(const struct job *job, const struct unit *u, struct fix **out)
{
	struct fix *f = NULL;
	size_t nr = 0, alloc = 0;

	/* u->edits is sorted by offset, insertions first at one offset. */
	for (size_t i = 0; i < u->nr_edits; i++) {
		const struct edit *e = &u->edits[i];
		struct fix *last = nr ? &f[nr - 1] : NULL;

		if (last && e->offset <= last->offset + last->len) {
			char *text;

			if (e->offset < last->offset + last->len)
				die("overlapping edits at offset %u", e->offset);
			text = xasprintf("%s%s", last->text, e->text);
			free(last->text);
			last->text = text;
			last->len = e->offset + e->len - last->offset;
			if (last->diag < 0)
				last->diag = edit_owner(job, u, e);
			continue;
		}
		ALLOC_GROW(f, nr, alloc);
		f[nr++] = (struct fix){ e->offset, e->len, xstrdup(e->text), edit_owner(job, u, e) };
	}
	*out = f;
	return nr;
}

void fixes_free(struct fix *f, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		free(f[i].text);
	free(f);
}

/* Bytes of the UTF-8 sequence at P (1 for a stray byte), and its UTF-16 units. */
static unsigned int utf8_seq(const unsigned char *p, size_t avail, unsigned int *units)
{
	unsigned int n = *p < 0x80 ? 1 : (*p & 0xe0) == 0xc0 ? 2 : (*p & 0xf0) == 0xe0 ? 3 :
		         (*p & 0xf8) == 0xf0 ? 4 : 1;

	if (n > avail)
		n = 1;
	for (unsigned int i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			n = 1;
	*units = n == 4 ? 2 : 1;
	return n;
}

/* LSP's line ends: "\n", "\r\n" and a lone "\r". Returns its length, 0 if none. */
static unsigned int line_end_at(const char *text, size_t len, size_t i)
{
	if (text[i] == '\n')
		return 1;
	if (text[i] == '\r')
		return i + 1 < len && text[i + 1] == '\n' ? 2 : 1;
	return 0;
}

void offset_to_utf16(const char *text, size_t len, unsigned int offset, unsigned int *line,
		     unsigned int *character)
{
	unsigned int l = 0, c = 0, units;
	size_t i = 0;

	if (offset > len)
		offset = len;
	while (i < offset) {
		unsigned int eol = line_end_at(text, len, i);

		if (eol) {
			/* An offset between '\r' and '\n' is the end of that line. */
			if (i + eol > offset)
				break;
			i += eol;
			l++;
			c = 0;
			continue;
		}
		i += utf8_seq((const unsigned char *)text + i, len - i, &units);
		c += units;
	}
	*line = l;
	*character = c;
}

unsigned int utf16_to_offset(const char *text, size_t len, unsigned int line,
			     unsigned int character)
{
	size_t i = 0;
	unsigned int units;

	for (unsigned int l = 0; l < line; l++) {
		while (i < len && !line_end_at(text, len, i))
			i++;
		if (i == len)
			return len;
		i += line_end_at(text, len, i);
	}
	/* Past the end of the line (or inside a surrogate pair): its end. */
	while (i < len && !line_end_at(text, len, i)) {
		unsigned int n = utf8_seq((const unsigned char *)text + i, len - i, &units);

		if (units > character)
			break;
		character -= units;
		i += n;
	}
	return i;
}

/* A finding covers the identifier it points at (a point if none). */
unsigned int diag_end_offset(const struct diag *d)
{
	const struct unit *u = d->unit;
	unsigned int e = d->offset;

	if (e == ~0u || e > u->len)
		return e;
	while (e < u->len && is_ident(u->text[e]))
		e++;
	return e;
}

/* file:///a%20b.c: RFC 3986's unreserved characters and '/' stay as they are. */
char *path_to_uri(const char *path)
{
	struct buf b = { 0 };

	buf_addstr(&b, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p))
			buf_add(&b, (const char *)p, 1);
		else
			buf_addf(&b, "%%%02X", *p);
	}
	return b.s;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The local path of a file: URI ("file:///x", "file://localhost/x"), or NULL. */
char *uri_to_path(const char *uri)
{
	struct buf b = { 0 };
	const char *p;

	if (!starts_with(uri, "file://"))
		return NULL;
	p = uri + strlen("file://");
	if (starts_with(p, "localhost/"))
		p += strlen("localhost");
	if (*p != '/')
		return NULL;
	for (; *p && *p != '?' && *p != '#'; p++) {
		int hi, lo;

		if (*p == '%' && (hi = hex_digit(p[1])) >= 0 && (lo = hex_digit(p[2])) >= 0) {
			char c = (char)(hi << 4 | lo);

			if (!c) {
				free(b.s);
				return NULL;
			}
			buf_add(&b, &c, 1);
			p += 2;
		} else {
			buf_add(&b, p, 1);
		}
	}
	return b.s;
}
