/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small JSON reader for the language server (RFC 8259): the whole
 * message becomes a tree; strings are UTF-8 with their length (a "\u0000"
 * stays in). Nesting is limited, so a hostile message cannot exhaust the
 * stack.
 */
#ifndef KLP_JSON_H
#define KLP_JSON_H

#include <stdbool.h>
#include <stddef.h>

enum json_type { JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING, JSON_ARRAY,
		 JSON_OBJECT };

struct json {
	enum json_type type;
	double num;
	char *str;		/* JSON_STRING, NUL-terminated */
	size_t str_len;
	/* JSON_ARRAY and JSON_OBJECT (keys only for objects) */
	struct json *kids;
	char **keys;
	size_t nr, alloc;
};

/* Parse TEXT (LEN bytes); NULL and *ERR set on malformed input. */
struct json *json_parse(const char *text, size_t len, const char **err);
void json_free(struct json *j);

/* The member KEY of an object, or NULL; NULL-safe in J. */
const struct json *json_get(const struct json *j, const char *key);
/* The string's text, or NULL if J is not a string. */
const char *json_str(const struct json *j);
/* The number as an unsigned int, false if J is not a non-negative integer. */
bool json_uint(const struct json *j, unsigned int *out);

#endif
