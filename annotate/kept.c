// SPDX-License-Identifier: GPL-2.0-only
/*
 * A unit's parse kept from one analysis to the next: the language
 * server's documents (lsp.c) are parsed again with each change, and a
 * whole kernel unit takes a second to parse, almost all of it in the
 * headers. libclang keeps those as a precompiled preamble (the leading
 * #include lines and what they bring in) and reparses the rest of the
 * text with it, while nothing the preamble depends on changes: here is
 * what decides that, and what libclang does not check itself.
 *
 *   the compile command         the same, word for word (else a new parse)
 *   the leading lines           the same bytes (else a new parse)
 *   the files the parse read    as they were on disk (struct file_stamp)
 *
 * The analysis after the parse is the same (job.c), and so must the
 * findings be: a unit whose preamble would change them is parsed without
 * one (cmdline_macro_redefined()).
 */
#include "annotate.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

static bool cmd_same(const struct compile_cmd *a, const struct compile_cmd *b)
{
	if (a->argc != b->argc || strcmp(a->dir, b->dir))
		return false;
	for (size_t i = 0; i < a->argc; i++)
		if (strcmp(a->argv[i], b->argv[i]))
			return false;
	return true;
}

static void cmd_copy(struct compile_cmd *to, const struct compile_cmd *from)
{
	compile_cmd_free(to);
	to->argv = xcalloc(from->argc + 1, sizeof(*to->argv));
	for (size_t i = 0; i < from->argc; i++)
		to->argv[i] = xstrdup(from->argv[i]);
	to->argc = to->alloc = from->argc;
	to->dir = xstrdup(from->dir);
}

static void stamps_free(struct kept_parse *kept)
{
	for (size_t i = 0; i < kept->nr_files; i++)
		free(kept->files[i].path);
	free(kept->files);
	kept->files = NULL;
	kept->nr_files = 0;
}

struct stamp_walk {
	struct kept_parse *kept;
	size_t alloc;
	time_t since;
};

static void stamp_inclusion(CXFile f, CXSourceLocation *stack, unsigned int depth,
			    CXClientData data)
{
	struct stamp_walk *sw = data;
	struct kept_parse *kept = sw->kept;
	struct kept_file *kf;
	char *path;

	(void)stack;
	/* Depth 0 is the main file: its text is the caller's, not the disk's. */
	if (!depth)
		return;
	path = cx_string(clang_File_tryGetRealPathName(f));
	if (!*path) {
		free(path);
		path = cx_string(clang_getFileName(f));
	}
	ALLOC_GROW(kept->files, kept->nr_files, sw->alloc);
	kf = &kept->files[kept->nr_files++];
	/*
	 * Written while the parse ran, or just before (timestamps are
	 * coarse): the parse may have read the older bytes. A stamp that
	 * matches nothing makes the next analysis parse anew.
	 */
	if (file_stamp_take(&kf->st, path) && kf->st.mtime_sec >= sw->since - 1)
		kf->st.size = ~0ull;
	kf->path = path;
}

/* What the parse that started at SINCE read, as it is now: the next analysis compares. */
static void stamps_take(struct kept_parse *kept, time_t since)
{
	struct stamp_walk sw = { kept, 0, since };

	stamps_free(kept);
	clang_getInclusions(kept->tu, stamp_inclusion, &sw);
}

static bool stamps_changed(const struct kept_parse *kept)
{
	for (size_t i = 0; i < kept->nr_files; i++) {
		struct file_stamp now;

		if (!file_stamp_take(&now, kept->files[i].path) ||
		    !file_stamp_same(&now, &kept->files[i].st))
			return true;
	}
	return false;
}

static size_t skip_comment(const char *t, size_t len, size_t i)
{
	if (t[i + 1] == '/') {
		while (i < len && t[i] != '\n')
			i++;
		return i;
	}
	for (i += 2; i + 1 < len; i++)
		if (t[i] == '*' && t[i + 1] == '/')
			return i + 2;
	return len;
}

/* Past the directive at I: its lines joined by backslashes, its comments, its strings. */
static size_t skip_directive(const char *t, size_t len, size_t i)
{
	while (i < len && t[i] != '\n') {
		char q = t[i];

		if (q == '\\' && i + 1 < len) {
			i += 2;
		} else if (q == '/' && (t[i + 1] == '*' || t[i + 1] == '/')) {
			i = skip_comment(t, len, i);
		} else if (q == '"' || q == '\'') {
			for (i++; i < len && t[i] != q && t[i] != '\n'; i++)
				if (t[i] == '\\')
					i++;
			if (i < len)
				i++;
		} else {
			i++;
		}
	}
	return i;
}

/*
 * How far TEXT's leading blank lines, comments and preprocessor lines go:
 * the part libclang precompiles as the preamble (it stops at the first
 * token of code as well). TEXT is NUL-terminated.
 */
size_t text_head(const char *t, size_t len)
{
	size_t i = 0;

	while (i < len) {
		if (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r' || t[i] == '\f' ||
		    t[i] == '\v')
			i++;
		else if (t[i] == '/' && (t[i + 1] == '*' || t[i + 1] == '/'))
			i = skip_comment(t, len, i);
		else if (t[i] == '#')
			i = skip_directive(t, len, i);
		else
			break;
	}
	return i < len ? i : len;
}

/* The directive's name at T[I] ('#'): "include", "if", ...; its length in *N. */
static const char *directive_name(const char *t, size_t len, size_t i, size_t *n)
{
	for (i++; i < len && (t[i] == ' ' || t[i] == '\t'); i++)
		;
	for (*n = 0; i + *n < len && is_ident(t[i + *n]); (*n)++)
		;
	return t + i;
}

static bool word_is(const char *w, size_t n, const char *s)
{
	return n == strlen(s) && !memcmp(w, s, n);
}

/*
 * The leading lines up to the end of the last #include (or of the
 * #endif that closes a conditional holding one): what the preamble cache
 * precompiles (preamble.c). 0 when there is no such line. Directives
 * below it stay with the rest of the text.
 */
size_t text_preamble_cut(const char *t, size_t len)
{
	size_t head = text_head(t, len), i = 0, cut = 0;
	int depth = 0;
	bool included = false;

	while (i < head) {
		const char *w;
		size_t n;

		if (t[i] == '/' && (t[i + 1] == '*' || t[i + 1] == '/')) {
			i = skip_comment(t, len, i);
			continue;
		}
		if (t[i] != '#') {
			i++;
			continue;
		}
		w = directive_name(t, len, i, &n);
		if (word_is(w, n, "include") || word_is(w, n, "include_next"))
			included = true;
		else if (word_is(w, n, "if") || word_is(w, n, "ifdef") || word_is(w, n, "ifndef"))
			depth++;
		else if (word_is(w, n, "endif"))
			depth--;
		i = skip_directive(t, len, i);
		if (i < len)
			i++;
		if (depth < 0)
			return 0;
		if (!depth && included)
			cut = i;
		included = included && depth;
	}
	return cut;
}

void kept_parse_free(struct kept_parse *kept)
{
	if (kept->tu)
		clang_disposeTranslationUnit(kept->tu);
	kept->tu = NULL;
	stamps_free(kept);
	compile_cmd_free(&kept->cmd);
	free(kept->head);
	kept->head = NULL;
	kept->head_len = 0;
}

/*
 * Can the kept parse take U's text by a reparse? With the same command,
 * the same leading lines, and the files it read as they were. libclang
 * would notice the last two itself and build the preamble again, but
 * other headers may come in then, and only a new parse lists (and
 * checks, kept_parse_new()) them. And libclang compares the preamble's
 * headers by size and by mtime in whole seconds: a header saved with the
 * same size within a second of the parse goes unseen there. The stamps
 * compare nanoseconds and the inode's change time too.
 */
static bool kept_parse_current(const struct kept_parse *kept, const struct unit *u)
{
	size_t head = text_head(u->text, u->len);

	return kept->tu && cmd_same(&kept->cmd, &u->cmd) && head == kept->head_len &&
	       !memcmp(u->text, kept->head, head) && !stamps_changed(kept);
}

/* Does T #define or #undef NAME? Lines #if'd out count too: that costs a whole parse, no more. */
bool text_defines(const char *t, size_t len, const char *name)
{
	size_t n = strlen(name);
	const char *end = t + len;

	for (const char *p = t; (p = memmem(p, (size_t)(end - p), name, n)); p += n) {
		const char *q = p, *word;

		if ((p + n < end && is_ident(p[n])) || (p > t && is_ident(p[-1])))
			continue;
		while (q > t && (q[-1] == ' ' || q[-1] == '\t'))
			q--;
		for (word = q; q > t && is_ident(q[-1]); q--)
			;
		if (!((word - q == 6 && !memcmp(q, "define", 6)) ||
		      (word - q == 5 && !memcmp(q, "undef", 5))))
			continue;
		while (q > t && (q[-1] == ' ' || q[-1] == '\t'))
			q--;
		if (q == t || q[-1] != '#')
			continue;
		for (q--; q > t && (q[-1] == ' ' || q[-1] == '\t'); q--)
			;
		if (q == t || q[-1] == '\n')
			return true;
	}
	return false;
}

static bool files_define(const struct kept_parse *kept, const struct unit *u, const char *name)
{
	if (text_defines(u->text, kept->head_len, name))
		return true;
	for (size_t i = 0; i < kept->nr_files; i++) {
		size_t len;
		char *text = read_file(kept->files[i].path, &len);
		bool found = text && text_defines(text, len, name);

		free(text);
		if (found)
			return true;
	}
	return false;
}

/*
 * libclang 14 applies the command line's -D and -U again after loading
 * the preamble, so a macro of theirs that the preamble redefines or
 * undefines has the command line's value in the code below it, where a
 * parse without a preamble has the preamble's. A unit that does so (a
 * kernel .c file may #define KBUILD_MODNAME) goes without a preamble: a
 * whole parse per change, and the same findings. NAME gets the macro.
 */
static bool cmdline_macro_redefined(const struct kept_parse *kept, const struct unit *u,
				    char *name, size_t size)
{
	for (size_t i = 0; i < u->cmd.argc; i++) {
		const char *a = u->cmd.argv[i];
		size_t n;

		if (strncmp(a, "-D", 2) && strncmp(a, "-U", 2))
			continue;
		if (!a[2] && i + 1 < u->cmd.argc)
			a = u->cmd.argv[++i];
		else
			a += 2;
		n = strcspn(a, "=(");
		if (!n || n >= size)
			continue;
		memcpy(name, a, n);
		name[n] = 0;
		if (files_define(kept, u, name))
			return true;
	}
	return false;
}

static enum CXErrorCode kept_parse_new(struct job *job, struct unit *u, struct kept_parse *kept,
				       struct CXUnsavedFile *buffer, unsigned int nr_buffers,
				       unsigned int options)
{
	time_t since = time(NULL);
	char macro[256];
	enum CXErrorCode err;

	kept_parse_free(kept);
	err = clang_parseTranslationUnit2(job->index, u->abspath,
					  (const char *const *)u->cmd.argv, (int)u->cmd.argc,
					  buffer, nr_buffers,
					  options | CXTranslationUnit_PrecompiledPreamble |
						  CXTranslationUnit_CreatePreambleOnFirstParse,
					  &kept->tu);
	if (err != CXError_Success)
		return err;
	cmd_copy(&kept->cmd, &u->cmd);
	kept->head_len = text_head(u->text, u->len);
	kept->head = xmalloc(kept->head_len + 1);
	memcpy(kept->head, u->text, kept->head_len);
	stamps_take(kept, since);
	if (!cmdline_macro_redefined(kept, u, macro, sizeof(macro)))
		return err;
	if (job->opt.verbose)
		note("%s: its preamble redefines %s, a macro of the command line's: parsed "
		     "without one", u->path, macro);
	clang_disposeTranslationUnit(kept->tu);
	kept->tu = NULL;
	return clang_parseTranslationUnit2(job->index, u->abspath,
					   (const char *const *)u->cmd.argv, (int)u->cmd.argc,
					   buffer, nr_buffers, options, &kept->tu);
}

/*
 * The kept parse brought to U's text, which libclang reads in BUFFER:
 * reparsed when it can be, reusing the preamble, so that only the main
 * file is parsed; else parsed anew, the preamble built for next time.
 * Called from the compile command's directory, as the parse is.
 */
enum CXErrorCode kept_parse_update(struct job *job, struct unit *u, struct kept_parse *kept,
				   struct CXUnsavedFile *buffer, unsigned int nr_buffers,
				   unsigned int options)
{
	enum CXErrorCode err = CXError_Failure;

	kept->reparsed = kept_parse_current(kept, u);
	if (kept->reparsed) {
		err = clang_reparseTranslationUnit(kept->tu, nr_buffers, buffer,
						   clang_defaultReparseOptions(kept->tu));
		/* A failed reparse leaves a unit good for nothing but disposing. */
		kept->reparsed = err == CXError_Success;
	}
	if (!kept->reparsed)
		err = kept_parse_new(job, u, kept, buffer, nr_buffers, options);
	u->tu = kept->tu;
	return err;
}
