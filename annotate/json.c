// SPDX-License-Identifier: GPL-2.0-only
/*
 * JSON for the language server: the reader (json.h) and the string
 * writer the other renderings share (buf_add_json_string).
 */
#include "json.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "annotate.h"
#include "util.h"

/* Deeper than any LSP message; keeps recursion bounded. */
#define JSON_MAX_DEPTH 64

struct reader {
	const char *p, *end;
	const char *err;
};

static void skip_ws(struct reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

static bool fail(struct reader *r, const char *msg)
{
	if (!r->err)
		r->err = msg;
	return false;
}

static bool literal(struct reader *r, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n))
		return fail(r, "invalid literal");
	r->p += n;
	return true;
}

static int hex4(const char *p)
{
	int v = 0;

	for (int i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

static void put_utf8(struct buf *b, uint32_t cp)
{
	char s[4];
	size_t n;

	if (cp < 0x80) {
		s[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		s[0] = (char)(0xc0 | cp >> 6);
		s[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		s[0] = (char)(0xe0 | cp >> 12);
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		s[0] = (char)(0xf0 | cp >> 18);
		s[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		s[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	buf_add(b, s, n);
}

/* "\uD83D\uDE00": a surrogate pair is one code point; a lone half is U+FFFD. */
static bool read_escape_u(struct reader *r, struct buf *b)
{
	int hi, lo;

	if (r->end - r->p < 5 || (hi = hex4(r->p + 1)) < 0)
		return fail(r, "bad \\u escape");
	r->p += 5;
	if (hi >= 0xd800 && hi < 0xdc00 && r->end - r->p >= 6 && r->p[0] == '\\' &&
	    r->p[1] == 'u' && (lo = hex4(r->p + 2)) >= 0xdc00 && lo < 0xe000) {
		r->p += 6;
		put_utf8(b, 0x10000 + (((uint32_t)hi - 0xd800) << 10) + ((uint32_t)lo - 0xdc00));
	} else if (hi >= 0xd800 && hi < 0xe000) {
		put_utf8(b, 0xfffd);
	} else {
		put_utf8(b, (uint32_t)hi);
	}
	return true;
}

static bool read_string(struct reader *r, struct buf *b)
{
	static const char esc_in[] = "\"\\/bfnrt", esc_out[] = "\"\\/\b\f\n\r\t";

	r->p++;	/* the opening quote */
	while (r->p < r->end && *r->p != '"') {
		const char *q;

		if ((unsigned char)*r->p < 0x20)
			return fail(r, "control character in string");
		if (*r->p != '\\') {
			buf_add(b, r->p++, 1);
			continue;
		}
		r->p++;
		if (r->p == r->end)
			break;
		if (*r->p == 'u') {
			if (!read_escape_u(r, b))
				return false;
			continue;
		}
		q = strchr(esc_in, *r->p);
		if (!q || !*r->p)
			return fail(r, "bad escape in string");
		buf_add(b, &esc_out[q - esc_in], 1);
		r->p++;
	}
	if (r->p == r->end)
		return fail(r, "unterminated string");
	r->p++;
	if (!b->s)
		buf_add(b, "", 0);
	return true;
}

static bool read_number(struct reader *r, struct json *j)
{
	const char *s = r->p;
	char *tmp, *endp;

	if (r->p < r->end && *r->p == '-')
		r->p++;
	if (r->p == r->end || *r->p < '0' || *r->p > '9')
		return fail(r, "bad number");
	if (*r->p == '0')
		r->p++;
	else
		while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
			r->p++;
	if (r->p < r->end && *r->p == '.') {
		r->p++;
		if (r->p == r->end || *r->p < '0' || *r->p > '9')
			return fail(r, "bad number");
		while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
			r->p++;
	}
	if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
		r->p++;
		if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
			r->p++;
		if (r->p == r->end || *r->p < '0' || *r->p > '9')
			return fail(r, "bad number");
		while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
			r->p++;
	}
	/* strtod needs a terminated copy: the message is not NUL-terminated. */
	tmp = xstrndup(s, (size_t)(r->p - s));
	j->type = JSON_NUMBER;
	j->num = strtod(tmp, &endp);
	free(tmp);
	return true;
}

static bool read_value(struct reader *r, struct json *j, int depth);

static struct json *add_kid(struct json *j)
{
	ALLOC_GROW(j->kids, j->nr, j->alloc);
	memset(&j->kids[j->nr], 0, sizeof(j->kids[0]));
	return &j->kids[j->nr++];
}

static bool read_members(struct reader *r, struct json *j, int depth)
{
	bool object = j->type == JSON_OBJECT;
	char close = object ? '}' : ']';

	r->p++;
	skip_ws(r);
	if (r->p < r->end && *r->p == close) {
		r->p++;
		return true;
	}
	for (;;) {
		struct buf key = { 0 };

		skip_ws(r);
		if (object) {
			if (r->p == r->end || *r->p != '"')
				return fail(r, "expected a member name");
			if (!read_string(r, &key)) {
				free(key.s);
				return false;
			}
			skip_ws(r);
			if (r->p == r->end || *r->p != ':') {
				free(key.s);
				return fail(r, "expected ':'");
			}
			r->p++;
			/* keys[] grows with kids[]: same index. */
			j->keys = xrealloc(j->keys, (j->nr + 1) * sizeof(*j->keys));
			j->keys[j->nr] = key.s;
		}
		if (!read_value(r, add_kid(j), depth + 1))
			return false;
		skip_ws(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == close) {
			r->p++;
			return true;
		}
		return fail(r, object ? "expected ',' or '}'" : "expected ',' or ']'");
	}
}

static bool read_value(struct reader *r, struct json *j, int depth)
{
	if (depth > JSON_MAX_DEPTH)
		return fail(r, "nested too deeply");
	skip_ws(r);
	if (r->p == r->end)
		return fail(r, "unexpected end");
	switch (*r->p) {
	case '{':
		j->type = JSON_OBJECT;
		return read_members(r, j, depth);
	case '[':
		j->type = JSON_ARRAY;
		return read_members(r, j, depth);
	case '"': {
		struct buf b = { 0 };

		j->type = JSON_STRING;
		if (!read_string(r, &b)) {
			free(b.s);
			return false;
		}
		j->str = b.s;
		j->str_len = b.len;
		return true;
	}
	case 't':
		j->type = JSON_TRUE;
		return literal(r, "true");
	case 'f':
		j->type = JSON_FALSE;
		return literal(r, "false");
	case 'n':
		j->type = JSON_NULL;
		return literal(r, "null");
	default:
		return read_number(r, j);
	}
}

static void json_free_contents(struct json *j)
{
	for (size_t i = 0; i < j->nr; i++) {
		json_free_contents(&j->kids[i]);
		if (j->type == JSON_OBJECT)
			free(j->keys[i]);
	}
	free(j->kids);
	free(j->keys);
	free(j->str);
}

void json_free(struct json *j)
{
	if (!j)
		return;
	json_free_contents(j);
	free(j);
}

struct json *json_parse(const char *text, size_t len, const char **err)
{
	struct reader r = { text, text + len, NULL };
	struct json *j = xcalloc(1, sizeof(*j));

	if (read_value(&r, j, 0)) {
		skip_ws(&r);
		if (r.p == r.end)
			return j;
		fail(&r, "trailing data");
	}
	*err = r.err;
	json_free(j);
	return NULL;
}

const struct json *json_get(const struct json *j, const char *key)
{
	if (!j || j->type != JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < j->nr; i++)
		if (!strcmp(j->keys[i], key))
			return &j->kids[i];
	return NULL;
}

const char *json_str(const struct json *j)
{
	return j && j->type == JSON_STRING ? j->str : NULL;
}

bool json_uint(const struct json *j, unsigned int *out)
{
	if (!j || j->type != JSON_NUMBER || j->num < 0 || j->num > 4294967295.0 ||
	    j->num != floor(j->num))
		return false;
	*out = (unsigned int)j->num;
	return true;
}

/*
 * A JSON string literal for N bytes of S. The bytes are UTF-8 as read
 * from a source file; a byte that is not part of a valid sequence would
 * make the whole message invalid, so it becomes U+FFFD.
 */
void buf_add_json_string(struct buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	buf_add(b, "\"", 1);
	while (p < end) {
		unsigned int len = *p < 0x80 ? 1 : (*p & 0xe0) == 0xc0 && *p >= 0xc2 ? 2 :
				   (*p & 0xf0) == 0xe0 ? 3 : (*p & 0xf8) == 0xf0 && *p <= 0xf4 ? 4 : 0;
		bool valid = len && (size_t)(end - p) >= len;

		for (unsigned int i = 1; valid && i < len; i++)
			valid = (p[i] & 0xc0) == 0x80;
		if (!valid) {
			buf_addstr(b, "\\ufffd");
			p++;
			continue;
		}
		if (*p == '"' || *p == '\\') {
			buf_add(b, "\\", 1);
			buf_add(b, (const char *)p, 1);
		} else if (*p == '\n') {
			buf_addstr(b, "\\n");
		} else if (*p == '\t') {
			buf_addstr(b, "\\t");
		} else if (*p == '\r') {
			buf_addstr(b, "\\r");
		} else if (*p < 0x20 || *p == 0x7f) {
			buf_addf(b, "\\u%04x", *p);
		} else {
			buf_add(b, (const char *)p, len);
		}
		p += len;
	}
	buf_add(b, "\"", 1);
}
