// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the source text itself says, read from the bytes (libclang sees
 * the code, not the layout we must preserve): the annotation blocks
 * already there, the #include lines, and the klp-origin comments.
 */
#include "annotate.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

unsigned int line_start(const char *t, unsigned int off)
{
	while (off > 0 && t[off - 1] != '\n')
		off--;
	return off;
}

unsigned int line_after(const char *text, size_t len, unsigned int offset)
{
	while (offset < len && text[offset] != '\n')
		offset++;
	return offset < len ? offset + 1 : (unsigned int)len;
}

static const char *skip_space(const char *p)
{
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (p[0] == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");

			p = e ? e + 2 : p + strlen(p);
		} else if (p[0] == '/' && p[1] == '/') {
			while (*p && *p != '\n')
				p++;
		} else {
			return p;
		}
	}
}

static const char *take_ident(const char *p, char **out)
{
	const char *s = p;

	while (is_ident(*p))
		p++;
	if (p == s)
		return NULL;
	*out = xstrndup(s, p - s);
	return p;
}

static const char *take_char(const char *p, char c)
{
	p = skip_space(p);
	return *p == c ? p + 1 : NULL;
}

static void block_free(struct reloc_block *b)
{
	for (size_t i = 0; i < b->nr_entries; i++)
		free(b->entries[i].sym);
	free(b->entries);
	free(b->obj);
	free(b->array);
}

/*
 * "KLP_MODULE_RELOC(obj) name[] = { KLP_SYMPOS(sym, pos), ... };" at P.
 * Anything we cannot read is left alone: we only rewrite blocks we fully
 * understand.
 */
static bool block_parse(const char *text, const char *p, struct reloc_block *b)
{
	memset(b, 0, sizeof(*b));
	b->start = p - text;
	p += strlen("KLP_MODULE_RELOC");
	if (!(p = take_char(p, '(')) || !(p = take_ident(skip_space(p), &b->obj)) ||
	    !(p = take_char(p, ')')) || !(p = take_ident(skip_space(p), &b->array)) ||
	    !(p = take_char(p, '[')) || !(p = take_char(p, ']')) || !(p = take_char(p, '=')) ||
	    !(p = take_char(p, '{')))
		goto fail;
	for (;;) {
		struct reloc_entry e = { 0 };
		char *end;

		p = skip_space(p);
		if (*p == '}')
			break;
		if (!starts_with(p, "KLP_SYMPOS"))
			goto fail;
		p += strlen("KLP_SYMPOS");
		if (!(p = take_char(p, '(')) || !(p = take_ident(skip_space(p), &e.sym)))
			goto fail;
		if (!(p = take_char(p, ','))) {
			free(e.sym);
			goto fail;
		}
		p = skip_space(p);
		e.pos = strtoul(p, &end, 0);
		if (end == p || !(p = take_char(end, ')'))) {
			free(e.sym);
			goto fail;
		}
		ALLOC_GROW(b->entries, b->nr_entries, b->alloc_entries);
		b->entries[b->nr_entries++] = e;
		p = skip_space(p);
		if (*p == ',')
			p++;
	}
	if (!(p = take_char(p + 1, ';')))
		goto fail;
	b->end = p - text;
	return true;
fail:
	block_free(b);
	return false;
}

void origin_add(struct unit *u, const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	ALLOC_GROW(u->origins, u->nr_origins, u->alloc_origins);
	u->origins[u->nr_origins++] = xstrndup(s, n);
}

/*
 * One pass over the bytes, outside strings: the klp-origin comments, the
 * #include lines, and our annotation blocks at the start of a line.
 */
void text_scan(struct unit *u)
{
	const char *t = u->text, *p = t;
	bool bol = true;

	while (*p) {
		if (p[0] == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/"), *o = strstr(p, "klp-origin:");

			if (!e)
				break;
			if (o && o < e) {
				o = skip_space(o + strlen("klp-origin:"));
				origin_add(u, o, strcspn(o, " \t\n*"));
			}
			p = e + 2;
			continue;
		}
		if (p[0] == '/' && p[1] == '/') {
			while (*p && *p != '\n')
				p++;
			continue;
		}
		if (*p == '"' || *p == '\'') {
			char q = *p++;

			while (*p && *p != q && *p != '\n')
				p += (*p == '\\' && p[1]) ? 2 : 1;
			if (*p)
				p++;
			continue;
		}
		if (bol && *p == '#') {
			const char *d = p + 1;

			while (*d == ' ' || *d == '\t')
				d++;
			if (starts_with(d, "include")) {
				const char *eol = strchr(d, '\n');
				size_t n = eol ? (size_t)(eol - d) : strlen(d);

				if (memmem(d, n, "klp_reloc.h", 11))
					u->has_include = true;
				u->include_end = line_after(t, u->len, d - t);
			}
		}
		if (bol && starts_with(p, "KLP_MODULE_RELOC") && !is_ident(p[16])) {
			struct reloc_block b;

			if (block_parse(t, p, &b)) {
				ALLOC_GROW(u->blocks, u->nr_blocks, u->alloc_blocks);
				u->blocks[u->nr_blocks++] = b;
				p = t + b.end;
				bol = false;
				continue;
			}
			if (!u->has_unreadable_block) {
				u->has_unreadable_block = true;
				u->unreadable_block = p - t;
			}
		}
		if (*p == '\n')
			bol = true;
		else if (*p != ' ' && *p != '\t')
			bol = false;
		p++;
	}
}
