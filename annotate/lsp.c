// SPDX-License-Identifier: GPL-2.0-only
/*
 * klp-annotate --lsp: a Language Server (LSP 3.17) over stdin/stdout.
 *
 * Each open document is analysed as the command line would analyse it
 * (job_analyse(): the same flags, symbol inputs and steps), with the
 * editor's buffer in place of the file's bytes. What it renders:
 *
 *   textDocument/publishDiagnostics   one per finding, as the text mode
 *   textDocument/codeAction           "quickfix": every edit of the file
 *                                     in one WorkspaceEdit (what --fix
 *                                     writes); for an ambiguous symbol,
 *                                     one action per candidate;
 *                                     "source.fixAll.klp-annotate" too
 *
 * Positions are LSP's default: lines and UTF-16 code units (fixes.c).
 *
 * Editing is interactive because little is done again per change: the
 * symbols load once for the session (again only if an input file
 * changes), and each document keeps its libclang unit (struct
 * kept_parse), which each new text is reparsed into. libclang keeps the
 * headers the leading #includes bring in as a precompiled preamble, so an
 * edit below them costs a parse of the main file only.
 *
 * The newest text wins. A document is analysed when no message is
 * waiting, so a burst of didChange costs one analysis, of its last text;
 * and what an analysis found is published only after the messages that
 * came meanwhile are read, so a newer didChange among them drops it, and
 * no client ever sees an older version's findings after a newer one's.
 * A codeAction on a changed buffer analyses it first, so its edits always
 * match the text the client has.
 *
 * Only stdout carries protocol; errors and the compiler's messages go to
 * stderr, which editors show as the server's log.
 */
#include "annotate.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json.h"
#include "util.h"

#ifndef KLP_VERSION
#define KLP_VERSION "unknown"
#endif

/* JSON-RPC and LSP error codes. */
#define RPC_PARSE_ERROR		-32700
#define RPC_INVALID_REQUEST	-32600
#define RPC_METHOD_NOT_FOUND	-32601
#define RPC_INVALID_PARAMS	-32602
#define LSP_NOT_INITIALIZED	-32002

/* A message over this is refused: nothing an editor sends comes close. */
#define LSP_MAX_MESSAGE (64u << 20)

/* A finding as the client sees it, and its candidates' edits. */
struct lsp_diag {
	unsigned int start, end;	/* byte offsets in the analysed text */
	int severity;			/* LSP: 1 error, 2 warning, 3 information */
	char *code, *message;
	struct fix *alts;
	size_t nr_alts;
};

struct document {
	char *uri, *path;
	char *text;
	size_t len;
	long version;
	bool dirty;		/* changed since the last analysis */
	bool unpublished;	/* analysed, the findings not yet sent */
	struct kept_parse parse;	/* libclang's unit, reparsed with each text */
	struct lsp_diag *diags;
	size_t nr_diags;
	struct fix *fixes;	/* the whole file's edits, one WorkspaceEdit */
	size_t nr_fixes;
};

struct server {
	const struct options *base;
	struct keep keep;	/* the symbols and the index, for every analysis */
	struct file_stamp *inputs;	/* the symbol inputs, as they were loaded */
	struct document *docs;
	size_t nr_docs, alloc_docs;
	bool initialized, shutdown;
	/* Input not yet consumed. */
	char *in;
	size_t in_len, in_alloc;
	bool eof;
	int stop_signal;	/* SIGTERM or the like came: ends as "exit" does */
};

/* ---- framing ------------------------------------------------------------- */

/*
 * SIGTERM, SIGINT and SIGHUP end the server as the end of its input
 * does, once the analysis running (if one is) returns: the documents'
 * units are disposed of, and with them libclang's preamble files in
 * $TMPDIR (11 MiB for a kernel unit), which it does not remove on a
 * signal itself. The handler only writes the signal's number to a pipe
 * the reader polls: it may run on any thread, libclang's too.
 */
static int stop_pipe[2] = { -1, -1 };

static void on_stop_signal(int sig)
{
	unsigned char c = (unsigned char)sig;
	int saved = errno;

	/* Failing, the pipe is full: a stop is on its way already. */
	if (write(stop_pipe[1], &c, 1) < 0) {
	}
	errno = saved;
}

static void stop_signals_catch(void)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP };
	struct sigaction sa = { .sa_handler = on_stop_signal, .sa_flags = SA_RESTART };

	if (pipe2(stop_pipe, O_CLOEXEC | O_NONBLOCK))
		return;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
}

/* Did a stop signal come? Then there is no more input. */
static bool stop_requested(struct server *s)
{
	unsigned char c;

	if (stop_pipe[0] < 0 || read(stop_pipe[0], &c, 1) != 1)
		return false;
	s->stop_signal = c;
	s->eof = true;
	return true;
}

static void send_message(const struct buf *b)
{
	printf("Content-Length: %zu\r\n\r\n", b->len);
	fwrite(b->s, 1, b->len, stdout);
	fflush(stdout);
}

static bool fill(struct server *s)
{
	struct pollfd p[2] = { { .fd = 0, .events = POLLIN }, { .fd = stop_pipe[0], .events = POLLIN } };
	ssize_t n;

	if (s->eof)
		return false;
	ALLOC_GROW(s->in, s->in_len + 65536, s->in_alloc);
	while (poll(p, 2, -1) < 0 && errno == EINTR)
		;
	if (stop_requested(s))
		return false;
	do {
		n = read(0, s->in + s->in_len, s->in_alloc - s->in_len);
	} while (n < 0 && errno == EINTR);
	if (n <= 0) {
		s->eof = true;
		return false;
	}
	s->in_len += (size_t)n;
	return true;
}

static const char *find_header_end(const struct server *s)
{
	for (size_t i = 0; i + 3 < s->in_len; i++)
		if (!memcmp(s->in + i, "\r\n\r\n", 4))
			return s->in + i;
	return NULL;
}

/* Content-Length, case-insensitively, as HTTP headers are; -1 if absent. */
static long content_length(const char *h, const char *end)
{
	static const char name[] = "content-length:";

	while (h < end) {
		const char *eol = memchr(h, '\r', (size_t)(end - h));

		if (!eol)
			eol = end;
		if ((size_t)(eol - h) > strlen(name) && !strncasecmp(h, name, strlen(name))) {
			char *e;
			long v = strtol(h + strlen(name), &e, 10);

			return e == h + strlen(name) || v < 0 ? -1 : v;
		}
		h = eol + 2;
	}
	return -1;
}

/* The next message's body (malloc'd, *len bytes), NULL at end of input. */
static char *read_message(struct server *s, size_t *len)
{
	const char *hend;
	long n;
	size_t hlen;
	char *body;

	while (!(hend = find_header_end(s)))
		if (!fill(s))
			return NULL;
	hlen = (size_t)(hend - s->in) + 4;
	n = content_length(s->in, hend);
	if (n < 0 || (unsigned long)n > LSP_MAX_MESSAGE) {
		error("lsp: a message without a valid Content-Length; stopping");
		s->eof = true;
		return NULL;
	}
	while (s->in_len < hlen + (size_t)n)
		if (!fill(s))
			return NULL;
	body = xmalloc((size_t)n + 1);
	memcpy(body, s->in + hlen, (size_t)n);
	body[n] = 0;
	memmove(s->in, s->in + hlen + n, s->in_len - hlen - (size_t)n);
	s->in_len -= hlen + (size_t)n;
	*len = (size_t)n;
	return body;
}

/* Is a whole message already here, or more input waiting? */
static bool input_pending(struct server *s)
{
	struct pollfd p[2] = { { .fd = 0, .events = POLLIN }, { .fd = stop_pipe[0], .events = POLLIN } };

	if (s->in_len)
		return true;
	return !s->eof && poll(p, 2, 0) > 0;
}

/* ---- replies --------------------------------------------------------------- */

static void add_id(struct buf *b, const struct json *id)
{
	if (id && id->type == JSON_STRING)
		buf_add_json_string(b, id->str, id->str_len);
	else if (id && id->type == JSON_NUMBER)
		buf_addf(b, "%.0f", id->num);
	else
		buf_addstr(b, "null");
}

/* RESULT is JSON text. */
static void reply(const struct json *id, const char *result)
{
	struct buf b = { 0 };

	buf_addstr(&b, "{\"jsonrpc\":\"2.0\",\"id\":");
	add_id(&b, id);
	buf_addf(&b, ",\"result\":%s}", result);
	send_message(&b);
	free(b.s);
}

static void reply_error(const struct json *id, int code, const char *msg)
{
	struct buf b = { 0 };

	buf_addstr(&b, "{\"jsonrpc\":\"2.0\",\"id\":");
	add_id(&b, id);
	buf_addf(&b, ",\"error\":{\"code\":%d,\"message\":", code);
	buf_add_json_string(&b, msg, strlen(msg));
	buf_addstr(&b, "}}");
	send_message(&b);
	free(b.s);
}

/* ---- documents --------------------------------------------------------------- */

static void doc_clear_analysis(struct document *d)
{
	for (size_t i = 0; i < d->nr_diags; i++) {
		free(d->diags[i].code);
		free(d->diags[i].message);
		fixes_free(d->diags[i].alts, d->diags[i].nr_alts);
	}
	free(d->diags);
	d->diags = NULL;
	d->nr_diags = 0;
	fixes_free(d->fixes, d->nr_fixes);
	d->fixes = NULL;
	d->nr_fixes = 0;
}

static void doc_free(struct document *d)
{
	doc_clear_analysis(d);
	kept_parse_free(&d->parse);
	free(d->uri);
	free(d->path);
	free(d->text);
}

static struct document *doc_find(struct server *s, const char *uri)
{
	for (size_t i = 0; uri && i < s->nr_docs; i++)
		if (!strcmp(s->docs[i].uri, uri))
			return &s->docs[i];
	return NULL;
}

static const char *params_uri(const struct json *params)
{
	return json_str(json_get(json_get(params, "textDocument"), "uri"));
}

static void add_position(struct buf *b, const struct document *d, unsigned int offset)
{
	unsigned int line, character;

	offset_to_utf16(d->text, d->len, offset, &line, &character);
	buf_addf(b, "{\"line\":%u,\"character\":%u}", line, character);
}

static void add_range(struct buf *b, const struct document *d, unsigned int start,
		      unsigned int end)
{
	buf_addstr(b, "{\"start\":");
	add_position(b, d, start);
	buf_addstr(b, ",\"end\":");
	add_position(b, d, end);
	buf_addstr(b, "}");
}

static void add_diagnostic(struct buf *b, const struct document *d, const struct lsp_diag *ld)
{
	buf_addstr(b, "{\"range\":");
	add_range(b, d, ld->start, ld->end);
	buf_addf(b, ",\"severity\":%d,\"source\":\"klp-annotate\",\"code\":", ld->severity);
	buf_add_json_string(b, ld->code, strlen(ld->code));
	buf_addstr(b, ",\"message\":");
	buf_add_json_string(b, ld->message, strlen(ld->message));
	buf_addstr(b, "}");
}

static void publish(struct document *d)
{
	struct buf b = { 0 };

	d->unpublished = false;
	buf_addstr(&b, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/publishDiagnostics\","
		       "\"params\":{\"uri\":");
	buf_add_json_string(&b, d->uri, strlen(d->uri));
	buf_addf(&b, ",\"version\":%ld,\"diagnostics\":[", d->version);
	for (size_t i = 0; i < d->nr_diags; i++) {
		if (i)
			buf_addstr(&b, ",");
		add_diagnostic(&b, d, &d->diags[i]);
	}
	buf_addstr(&b, "]}}");
	send_message(&b);
	free(b.s);
}

/* The command line's options, for this one document and its buffer. */
static void options_for(struct options *o, const struct options *base, const struct document *d)
{
	*o = *base;
	o->lsp = false;
	o->mode = MODE_DIAG;
	o->files = xcalloc(1, sizeof(*o->files));
	o->files[0] = d->path;
	o->nr_files = o->alloc_files = 1;
	o->cflags = xcalloc(base->nr_cflags + 1, sizeof(*o->cflags));
	for (size_t i = 0; i < base->nr_cflags; i++)
		o->cflags[i] = xstrdup(base->cflags[i]);
	o->alloc_cflags = base->nr_cflags + 1;
	o->inputs = xcalloc(base->nr_inputs + 1, sizeof(*o->inputs));
	if (base->nr_inputs)
		memcpy(o->inputs, base->inputs, base->nr_inputs * sizeof(*o->inputs));
	o->alloc_inputs = base->nr_inputs + 1;
	o->origins = xcalloc(base->nr_origins + 1, sizeof(*o->origins));
	if (base->nr_origins)
		memcpy(o->origins, base->origins, base->nr_origins * sizeof(*o->origins));
	o->alloc_origins = base->nr_origins + 1;
	o->object = NULL;
	o->object_owned = NULL;
	o->unsaved_text = d->text;
	o->unsaved_len = d->len;
}

static const int lsp_severity[] = { 3, 2, 1 };	/* note, warning, error */

static void doc_take_diag(struct document *d, const struct diag *g)
{
	struct lsp_diag *ld = &d->diags[d->nr_diags++];
	struct buf msg = { 0 };

	buf_addstr(&msg, g->msg);
	for (size_t n = 0; n < g->nr_notes; n++)
		buf_addf(&msg, "\nnote: %s", g->notes[n]);
	ld->start = g->offset == ~0u ? 0 : g->offset;
	ld->end = g->offset == ~0u ? 0 : diag_end_offset(g);
	ld->severity = lsp_severity[g->sev];
	ld->code = xstrdup(g->id);
	ld->message = msg.s;
	ld->alts = xcalloc(g->nr_alts + 1, sizeof(*ld->alts));
	for (size_t a = 0; a < g->nr_alts; a++)
		ld->alts[a] = (struct fix){ g->alts[a].offset, g->alts[a].len,
					    xstrdup(g->alts[a].text), -1 };
	ld->nr_alts = g->nr_alts;
}

/*
 * The symbols stay loaded for the session unless an input changed (a new
 * kallsyms, a rebuilt Module.symvers): then the next analysis loads them
 * again. The paths given are what is checked, so a file replaced inside
 * a --kernel or --modules directory goes unseen until the server restarts.
 */
static void symbols_check(struct server *s)
{
	const struct options *o = s->base;
	bool changed = false;

	for (size_t i = 0; s->keep.db && i < o->nr_inputs; i++) {
		struct file_stamp now;

		if (!file_stamp_take(&now, o->inputs[i].path) ||
		    !file_stamp_same(&now, &s->inputs[i])) {
			note("lsp: %s changed: loading the symbols again", o->inputs[i].path);
			changed = true;
			break;
		}
	}
	if (changed) {
		symdb_free(s->keep.db);
		s->keep.db = NULL;
	}
	if (s->keep.db)
		return;
	/* Before the load: a change during it shows next time. */
	free(s->inputs);
	s->inputs = xcalloc(o->nr_inputs + 1, sizeof(*s->inputs));
	for (size_t i = 0; i < o->nr_inputs; i++)
		file_stamp_take(&s->inputs[i], o->inputs[i].path);
}

static void doc_analyse(struct server *s, struct document *d)
{
	struct job job = { .keep = &s->keep };
	double t0 = now();

	if (s->base->verbose)
		note("lsp: %s: analysing version %ld", d->path, d->version);
	symbols_check(s);
	s->keep.parse = &d->parse;
	doc_clear_analysis(d);
	d->dirty = false;
	d->unpublished = true;
	options_for(&job.opt, s->base, d);
	if (job_analyse(&job)) {
		/* Mid-edit, a file often does not parse: say so once, gently. */
		d->diags = xcalloc(1, sizeof(*d->diags));
		d->diags[0] = (struct lsp_diag){ 0, 0, 3, xstrdup("klp-not-analysed"),
			xstrdup(job.parse_failed ?
				"klp-annotate: the file does not parse with its flags, so its annotations are not checked (the compiler's errors are in the server log)" :
				"klp-annotate: cannot analyse this file (the reason is in the server log)"),
			NULL, 0 };
		d->nr_diags = 1;
	} else {
		const struct unit *u = &job.units[0];

		d->diags = xcalloc(job.nr_diags + 1, sizeof(*d->diags));
		for (size_t i = 0; i < job.nr_diags; i++)
			doc_take_diag(d, &job.diags[i]);
		d->nr_fixes = fixes_build(&job, u, &d->fixes);
	}
	job_free(&job);
	s->keep.parse = NULL;
	if (s->base->verbose)
		note("lsp: %s: version %ld analysed in %.3f s", d->path, d->version, now() - t0);
}

/* ---- requests and notifications ------------------------------------------------ */

static void did_open(struct server *s, const struct json *params)
{
	const struct json *td = json_get(params, "textDocument");
	const char *uri = json_str(json_get(td, "uri"));
	const struct json *text = json_get(td, "text");
	struct document *d;
	char *path;

	if (!uri || !text || text->type != JSON_STRING)
		return;
	path = uri_to_path(uri);
	if (!path) {
		warning("lsp: %s: not a local file; not analysed", uri);
		return;
	}
	d = doc_find(s, uri);
	if (d) {
		doc_free(d);
	} else {
		ALLOC_GROW(s->docs, s->nr_docs, s->alloc_docs);
		d = &s->docs[s->nr_docs++];
	}
	memset(d, 0, sizeof(*d));
	d->uri = xstrdup(uri);
	d->path = path;
	d->text = xmalloc(text->str_len + 1);
	memcpy(d->text, text->str, text->str_len + 1);
	d->len = text->str_len;
	d->version = json_get(td, "version") ? (long)json_get(td, "version")->num : 0;
	d->dirty = true;
}

/* One contentChange: the whole text, or a range (UTF-16 positions) replaced. */
static void apply_change(struct document *d, const struct json *change)
{
	const struct json *text = json_get(change, "text"), *range = json_get(change, "range");
	unsigned int l1, c1, l2, c2;
	size_t a, b;
	char *t;

	if (!text || text->type != JSON_STRING)
		return;
	if (!range) {
		free(d->text);
		d->text = xmalloc(text->str_len + 1);
		memcpy(d->text, text->str, text->str_len + 1);
		d->len = text->str_len;
		return;
	}
	if (!json_uint(json_get(json_get(range, "start"), "line"), &l1) ||
	    !json_uint(json_get(json_get(range, "start"), "character"), &c1) ||
	    !json_uint(json_get(json_get(range, "end"), "line"), &l2) ||
	    !json_uint(json_get(json_get(range, "end"), "character"), &c2))
		return;
	a = utf16_to_offset(d->text, d->len, l1, c1);
	b = utf16_to_offset(d->text, d->len, l2, c2);
	if (b < a)
		b = a;
	t = xmalloc(d->len - (b - a) + text->str_len + 1);
	memcpy(t, d->text, a);
	memcpy(t + a, text->str, text->str_len);
	memcpy(t + a + text->str_len, d->text + b, d->len - b);
	d->len = d->len - (b - a) + text->str_len;
	t[d->len] = 0;
	free(d->text);
	d->text = t;
}

static void did_change(struct server *s, const struct json *params)
{
	struct document *d = doc_find(s, params_uri(params));
	const struct json *changes = json_get(params, "contentChanges");
	const struct json *version = json_get(json_get(params, "textDocument"), "version");

	if (!d || !changes || changes->type != JSON_ARRAY)
		return;
	for (size_t i = 0; i < changes->nr; i++)
		apply_change(d, &changes->kids[i]);
	if (d->unpublished && s->base->verbose)
		note("lsp: %s: version %ld's findings dropped: the text changed meanwhile", d->path,
		     d->version);
	if (version && version->type == JSON_NUMBER)
		d->version = (long)version->num;
	d->dirty = true;
	d->unpublished = false;
}

static void did_close(struct server *s, const struct json *params)
{
	struct document *d = doc_find(s, params_uri(params));

	if (!d)
		return;
	/* Its findings leave the editor with it. */
	doc_clear_analysis(d);
	publish(d);
	doc_free(d);
	*d = s->docs[--s->nr_docs];
}

static void add_text_edit(struct buf *b, const struct document *d, const struct fix *f)
{
	buf_addstr(b, "{\"range\":");
	add_range(b, d, f->offset, f->offset + f->len);
	buf_addstr(b, ",\"newText\":");
	buf_add_json_string(b, f->text, strlen(f->text));
	buf_addstr(b, "}");
}

/* A CodeAction whose WorkspaceEdit is FIXES; DIAGS (JSON) the findings it fixes. */
static void add_action(struct buf *b, const struct document *d, const char *title,
		       const char *kind, bool preferred, const char *diags,
		       const struct fix *fixes, size_t nr)
{
	if (b->len > 1)
		buf_addstr(b, ",");
	buf_addstr(b, "{\"title\":");
	buf_add_json_string(b, title, strlen(title));
	buf_addf(b, ",\"kind\":\"%s\"", kind);
	if (preferred)
		buf_addstr(b, ",\"isPreferred\":true");
	if (diags)
		buf_addf(b, ",\"diagnostics\":[%s]", diags);
	buf_addstr(b, ",\"edit\":{\"changes\":{");
	buf_add_json_string(b, d->uri, strlen(d->uri));
	buf_addstr(b, ":[");
	for (size_t i = 0; i < nr; i++) {
		if (i)
			buf_addstr(b, ",");
		add_text_edit(b, d, &fixes[i]);
	}
	buf_addstr(b, "]}}}");
}

/*
 * "klp-annotate: use KLP_SYMPOS(dup_fn, 2)": the entry candidate K adds,
 * found in its block by the name the message quotes.
 */
static char *candidate_title(const struct lsp_diag *ld, size_t k)
{
	const char *q = strchr(ld->message, '\'');
	const char *e = q ? strchr(q + 1, '\'') : NULL;
	char *needle = e ? xasprintf("KLP_SYMPOS(%.*s, ", (int)(e - q - 1), q + 1) : NULL;
	const char *at = needle ? strstr(ld->alts[k].text, needle) : NULL;
	const char *close = at ? strchr(at, ')') : NULL;
	char *title;

	if (close)
		title = xasprintf("klp-annotate: use %.*s", (int)(close + 1 - at), at);
	else
		title = xasprintf("klp-annotate: use candidate %zu of %zu", k + 1, ld->nr_alts);
	free(needle);
	return title;
}

/* Does the client's requested range [A, B] touch the finding's? */
static bool overlaps(unsigned int a, unsigned int b, const struct lsp_diag *ld)
{
	return a <= ld->end && ld->start <= b;
}

static bool wants_kind(const struct json *only, const char *kind)
{
	if (!only || only->type != JSON_ARRAY)
		return !strcmp(kind, "quickfix");
	for (size_t i = 0; i < only->nr; i++) {
		const char *k = json_str(&only->kids[i]);
		size_t n = k ? strlen(k) : 0;

		/* "source" asks for "source.fixAll.klp-annotate" too: kinds are a hierarchy. */
		if (k && !strncmp(kind, k, n) && (kind[n] == 0 || kind[n] == '.'))
			return true;
	}
	return false;
}

static void code_action(struct server *s, const struct json *id, const struct json *params)
{
	struct document *d = doc_find(s, params_uri(params));
	const struct json *range = json_get(params, "range");
	const struct json *only = json_get(json_get(params, "context"), "only");
	struct buf b = { 0 }, fixed = { 0 };
	unsigned int l1 = 0, c1 = 0, l2 = 0, c2 = 0, a, e;

	if (!d) {
		reply(id, "[]");
		return;
	}
	if (!json_uint(json_get(json_get(range, "start"), "line"), &l1) ||
	    !json_uint(json_get(json_get(range, "start"), "character"), &c1) ||
	    !json_uint(json_get(json_get(range, "end"), "line"), &l2) ||
	    !json_uint(json_get(json_get(range, "end"), "character"), &c2)) {
		reply_error(id, RPC_INVALID_PARAMS, "codeAction needs a range");
		return;
	}
	/* Edits must match the client's text: analyse a changed buffer first. */
	if (d->dirty)
		doc_analyse(s, d);
	if (d->unpublished)
		publish(d);
	/*
	 * Whole lines: editors ask with the cursor's empty range, and the
	 * light bulb belongs to every finding on the cursor's line.
	 */
	a = utf16_to_offset(d->text, d->len, l1, 0);
	e = utf16_to_offset(d->text, d->len, l2, ~0u);
	buf_addstr(&b, "[");
	for (size_t i = 0; i < d->nr_diags; i++) {
		const struct lsp_diag *ld = &d->diags[i];
		struct buf one = { 0 };

		if (!overlaps(a, e, ld))
			continue;
		add_diagnostic(&one, d, ld);
		if (d->nr_fixes && ld->severity != 1) {
			if (fixed.len)
				buf_addstr(&fixed, ",");
			buf_add(&fixed, one.s, one.len);
		}
		for (size_t k = 0; k < ld->nr_alts && wants_kind(only, "quickfix"); k++) {
			char *title = candidate_title(ld, k);

			add_action(&b, d, title, "quickfix", false, one.s, &ld->alts[k], 1);
			free(title);
		}
		free(one.s);
	}
	/* The edits depend on each other (one block holds every entry): one action. */
	if (fixed.len && wants_kind(only, "quickfix"))
		add_action(&b, d, "klp-annotate: fix the annotations of this file", "quickfix", true,
			   fixed.s, d->fixes, d->nr_fixes);
	if (d->nr_fixes && only && wants_kind(only, "source.fixAll.klp-annotate"))
		add_action(&b, d, "klp-annotate: fix the annotations of this file",
			   "source.fixAll.klp-annotate", false, NULL, d->fixes, d->nr_fixes);
	buf_addstr(&b, "]");
	reply(id, b.s);
	free(b.s);
	free(fixed.s);
}

static const char initialize_result[] =
	"{\"capabilities\":{"
	"\"positionEncoding\":\"utf-16\","
	"\"textDocumentSync\":{\"openClose\":true,\"change\":2,\"save\":{\"includeText\":false}},"
	"\"codeActionProvider\":{\"codeActionKinds\":[\"quickfix\",\"source.fixAll.klp-annotate\"]}"
	"},\"serverInfo\":{\"name\":\"klp-annotate\",\"version\":\"" KLP_VERSION "\"}}";

/* false: the exit notification came. */
static bool handle(struct server *s, const struct json *msg, int *exit_code)
{
	const char *method = json_str(json_get(msg, "method"));
	const struct json *id = json_get(msg, "id");
	const struct json *params = json_get(msg, "params");
	struct document *d;

	if (!method) {
		/* A response to a request of ours: we send none. Or garbage. */
		if (id && !json_get(msg, "result") && !json_get(msg, "error"))
			reply_error(id, RPC_INVALID_REQUEST, "a request needs a method");
		return true;
	}
	if (!strcmp(method, "exit")) {
		*exit_code = s->shutdown ? 0 : 1;
		return false;
	}
	if (!strcmp(method, "initialize")) {
		s->initialized = true;
		reply(id, initialize_result);
		return true;
	}
	if (!s->initialized) {
		if (id)
			reply_error(id, LSP_NOT_INITIALIZED, "initialize first");
		return true;
	}
	if (s->shutdown && id) {
		reply_error(id, RPC_INVALID_REQUEST, "shutting down");
		return true;
	}
	if (!strcmp(method, "shutdown")) {
		s->shutdown = true;
		reply(id, "null");
	} else if (!strcmp(method, "textDocument/didOpen")) {
		did_open(s, params);
	} else if (!strcmp(method, "textDocument/didChange")) {
		did_change(s, params);
	} else if (!strcmp(method, "textDocument/didSave")) {
		/* The disk changed: its .o.cmd or the headers may have too. */
		d = doc_find(s, params_uri(params));
		if (d)
			d->dirty = true;
	} else if (!strcmp(method, "textDocument/didClose")) {
		did_close(s, params);
	} else if (!strcmp(method, "textDocument/codeAction")) {
		code_action(s, id, params);
	} else if (id) {
		reply_error(id, RPC_METHOD_NOT_FOUND, method);
	}
	/* Other notifications ($/cancelRequest, initialized, ...): nothing to do. */
	return true;
}

/*
 * What to do while no message is waiting: publish what an analysis found
 * (the messages that came during it are read by now, and changed nothing),
 * else analyse a changed document. False: nothing to do.
 */
static bool idle_work(struct server *s)
{
	for (size_t i = 0; i < s->nr_docs; i++) {
		if (s->docs[i].unpublished) {
			publish(&s->docs[i]);
			return true;
		}
	}
	for (size_t i = 0; i < s->nr_docs; i++) {
		if (s->docs[i].dirty) {
			doc_analyse(s, &s->docs[i]);
			return true;
		}
	}
	return false;
}

int lsp_serve(const struct options *opt)
{
	struct server s = { .base = opt };
	int exit_code = 1;
	char *body;
	size_t len;

	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	/*
	 * libclang parses on threads of its own, and the first preamble's
	 * temporary file, registered for removal on a signal, makes LLVM
	 * install its signal handlers and an alternate signal stack for the
	 * thread doing it: one that AddressSanitizer cannot unmap when that
	 * thread ends. Installed now, on the main thread, they are there
	 * once and for all; and a crash in libclang leaves a stack trace in
	 * the server's log.
	 */
	clang_enableStackTraces();
	/* After LLVM's: these three are ours now. */
	stop_signals_catch();
	for (;;) {
		const char *err = NULL;
		struct json *msg;
		bool more;

		if (!input_pending(&s) && idle_work(&s))
			continue;
		body = read_message(&s, &len);
		if (!body)
			break;
		msg = json_parse(body, len, &err);
		free(body);
		if (!msg) {
			reply_error(NULL, RPC_PARSE_ERROR, err ? err : "invalid JSON");
			continue;
		}
		more = handle(&s, msg, &exit_code);
		json_free(msg);
		if (!more)
			break;
	}
	for (size_t i = 0; i < s.nr_docs; i++)
		doc_free(&s.docs[i]);
	free(s.docs);
	free(s.in);
	free(s.inputs);
	/* The units are gone: now their index can go. */
	if (s.keep.db)
		symdb_free(s.keep.db);
	if (s.keep.index)
		clang_disposeIndex(s.keep.index);
	if (s.stop_signal)
		return 128 + s.stop_signal;
	/* End of input without "exit": the client is gone; LSP says 1. */
	return exit_code;
}
