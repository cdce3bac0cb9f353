// SPDX-License-Identifier: GPL-2.0-only
/*
 * The livepatch source of one unit, cut from its patched copy.
 *
 * libclang parses the patched unit with kbuild's flags (klp-annotate's
 * front end, with macro definitions kept). The unit's own files are its
 * main .c and any .c it #includes; their top-level declarations and
 * macro definitions are the pieces. From the functions the plan replaces
 * or copies, the references are followed: a type, enum, typedef or macro
 * of the unit is copied; a function is copied when the plan says so (it
 * changed, is new, or has no symbol in the kernel), else declared; a
 * file-scope variable is declared when the kernel has its symbol (its
 * data lives there), else copied. A `static` declaration of something the
 * kernel has is what klp-annotate then turns into an annotated extern.
 *
 * Everything keeps the unit's order, so what C needed declared first
 * still is. The #include lines come first, with the macros that precede
 * them (pr_fmt and its kind configure the headers).
 */
#include "create.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annotate.h"

enum want { WANT_NONE, WANT_DECLARE, WANT_COPY };

struct piece {
	CXCursor cursor;
	enum CXCursorKind kind;
	char *name;
	char *usr;
	const char *text;	/* its file's text */
	unsigned int start, end;	/* whole lines */
	unsigned int body;	/* a function definition's "{", else 0 */
	unsigned int init;	/* a variable's initialiser's "=", else 0 */
	bool def, is_static, global_func;
	bool has_init;		/* a variable with an initialiser, in the text or a macro's */
	bool from_macro;	/* written by a macro (EXPORT_SYMBOL's extern, DEFINE_MUTEX) */
	enum want want;
	size_t *refs;		/* pieces it uses */
	size_t nr_refs, alloc_refs;
};

struct extract {
	const struct create *c;
	const struct build_unit *u;
	struct job job;
	CXTranslationUnit tu;
	CXFile files[16];	/* the unit's own files */
	const char *texts[16];
	size_t lens[16];
	size_t nr_files;
	struct piece *pieces;
	size_t nr, alloc;
	size_t last_include;	/* index of the last #include piece */
	int ret;
};

static int file_index(const struct extract *x, CXFile f)
{
	for (size_t i = 0; i < x->nr_files; i++)
		if (clang_File_isEqual(x->files[i], f))
			return (int)i;
	return -1;
}

/* The byte offset of LOC where it was expanded, in one of the unit's files. */
static int loc_offset(const struct extract *x, CXSourceLocation loc, unsigned int *off)
{
	CXFile f;

	clang_getExpansionLocation(loc, &f, NULL, NULL, off);
	return f ? file_index(x, f) : -1;
}

static unsigned int line_begin(const char *t, unsigned int off)
{
	while (off && t[off - 1] != '\n')
		off--;
	return off;
}

static unsigned int line_end(const char *t, size_t len, unsigned int off)
{
	while (off < len && t[off] != '\n')
		off++;
	return off < len ? off + 1 : off;
}

static bool is_unit_file(const char *name, const char *main)
{
	return !strcmp(name, main) || ends_with(name, ".c");
}

/* The .c files of the unit: the main one, and the ones it includes. */
static void inclusion_visit(CXFile included, CXSourceLocation *stack, unsigned len, CXClientData data)
{
	struct extract *x = data;
	char *name = cx_string(clang_getFileName(included));

	(void)stack;
	(void)len;
	if (is_unit_file(name, x->u->patched_src) && x->nr_files < ARRAY_SIZE(x->files) &&
	    file_index(x, included) < 0) {
		size_t n;

		x->files[x->nr_files] = included;
		x->texts[x->nr_files] = clang_getFileContents(x->tu, included, &n);
		x->lens[x->nr_files++] = n;
	}
	free(name);
}

static struct piece *piece_add(struct extract *x, CXCursor c, int fi, unsigned int start,
			       unsigned int end)
{
	struct piece *p;

	ALLOC_GROW(x->pieces, x->nr, x->alloc);
	p = &x->pieces[x->nr++];
	memset(p, 0, sizeof(*p));
	p->cursor = c;
	p->kind = clang_getCursorKind(c);
	p->name = cx_string(clang_getCursorSpelling(c));
	p->usr = cx_string(clang_getCursorUSR(clang_getCanonicalCursor(c)));
	p->text = x->texts[fi];
	p->start = line_begin(p->text, start);
	p->end = line_end(p->text, x->lens[fi], end);
	return p;
}

static enum CXChildVisitResult find_body(CXCursor c, CXCursor parent, CXClientData data)
{
	CXCursor *body = data;

	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_CompoundStmt) {
		*body = c;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Continue;
}

/* A variable's initialiser: the last child that is an expression. */
static enum CXChildVisitResult find_init(CXCursor c, CXCursor parent, CXClientData data)
{
	CXCursor *init = data;

	(void)parent;
	if (clang_isExpression(clang_getCursorKind(c)))
		*init = c;
	return CXChildVisit_Continue;
}

static void piece_details(struct extract *x, struct piece *p, int fi)
{
	CXCursor inner = clang_getNullCursor();
	unsigned int off;

	unsigned int at;

	/*
	 * A name a macro wrote is found, where the macro was expanded, at
	 * the macro's name instead (libclang's spelling locations do not
	 * tell macros apart).
	 */
	p->from_macro = loc_offset(x, clang_getCursorLocation(p->cursor), &at) != fi ||
			strncmp(p->text + at, p->name, strlen(p->name)) ||
			is_ident(p->text[at + strlen(p->name)]);
	p->def = clang_isCursorDefinition(p->cursor);
	p->is_static = clang_Cursor_getStorageClass(p->cursor) == CX_SC_Static;
	if (p->kind == CXCursor_FunctionDecl) {
		p->global_func = !p->is_static;
		clang_visitChildren(p->cursor, find_body, &inner);
		if (!clang_Cursor_isNull(inner) &&
		    loc_offset(x, clang_getCursorLocation(inner), &off) == fi)
			p->body = off;
	} else if (p->kind == CXCursor_VarDecl && p->def) {
		clang_visitChildren(p->cursor, find_init, &inner);
		p->has_init = !clang_Cursor_isNull(inner);
		if (!clang_Cursor_isNull(inner) &&
		    loc_offset(x, clang_getRangeStart(clang_getCursorExtent(inner)), &off) == fi) {
			/* back to the '=' */
			while (off > p->start && p->text[off - 1] != '=')
				off--;
			if (off > p->start)
				p->init = off - 1;
		}
	}
}

static enum CXChildVisitResult top_visit(CXCursor c, CXCursor parent, CXClientData data)
{
	struct extract *x = data;
	CXSourceRange r = clang_getCursorExtent(c);
	unsigned int start, end;
	enum CXCursorKind kind = clang_getCursorKind(c);
	int fi = loc_offset(x, clang_getRangeStart(r), &start);
	struct piece *p;

	(void)parent;
	if (fi < 0 || loc_offset(x, clang_getRangeEnd(r), &end) != fi)
		return CXChildVisit_Continue;
	switch (kind) {
	case CXCursor_InclusionDirective: {
		char *name = cx_string(clang_getFileName(clang_getIncludedFile(c)));

		/* An included .c is part of the unit, not a header to include. */
		if (!ends_with(name, ".c")) {
			piece_add(x, c, fi, start, end)->want = WANT_COPY;
			x->last_include = x->nr;
		}
		free(name);
		return CXChildVisit_Continue;
	}
	case CXCursor_MacroDefinition:
		/* end: the macro's last token; a continued line ends past it */
		p = piece_add(x, c, fi, start, end);
		while (p->end >= 2 && p->text[p->end - 2] == '\\')
			p->end = line_end(p->text, x->lens[fi], p->end);
		return CXChildVisit_Continue;
	case CXCursor_FunctionDecl:
	case CXCursor_VarDecl:
	case CXCursor_StructDecl:
	case CXCursor_UnionDecl:
	case CXCursor_EnumDecl:
	case CXCursor_TypedefDecl:
		p = piece_add(x, c, fi, start, end);
		piece_details(x, p, fi);
		return CXChildVisit_Continue;
	default:
		return CXChildVisit_Continue;
	}
}

/* The top-level piece a referenced cursor belongs to, or -1. */
static long piece_of(const struct extract *x, CXCursor ref, bool want_def)
{
	CXCursor c = ref;
	char *usr;
	long found = -1;

	if (clang_getCursorKind(c) == CXCursor_MacroDefinition) {
		usr = cx_string(clang_getCursorSpelling(c));
		for (size_t i = 0; i < x->nr; i++)
			if (x->pieces[i].kind == CXCursor_MacroDefinition &&
			    !strcmp(x->pieces[i].name, usr))
				found = (long)i;
		free(usr);
		return found;
	}
	while (!clang_Cursor_isNull(c) && clang_getCursorKind(clang_getCursorSemanticParent(c)) !=
						  CXCursor_TranslationUnit) {
		if (clang_getCursorKind(c) == CXCursor_TranslationUnit)
			return -1;
		c = clang_getCursorSemanticParent(c);
	}
	if (clang_Cursor_isNull(c))
		return -1;
	usr = cx_string(clang_getCursorUSR(clang_getCanonicalCursor(c)));
	for (size_t i = 0; *usr && i < x->nr; i++) {
		if (strcmp(x->pieces[i].usr, usr))
			continue;
		if (found < 0 || (want_def && x->pieces[i].def))
			found = (long)i;
	}
	free(usr);
	return found;
}

static void ref_add(struct piece *p, long target)
{
	if (target < 0)
		return;
	for (size_t i = 0; i < p->nr_refs; i++)
		if (p->refs[i] == (size_t)target)
			return;
	ALLOC_GROW(p->refs, p->nr_refs, p->alloc_refs);
	p->refs[p->nr_refs++] = (size_t)target;
}

struct ref_walk {
	struct extract *x;
	struct piece *p;
};

static enum CXChildVisitResult ref_visit(CXCursor c, CXCursor parent, CXClientData data)
{
	struct ref_walk *w = data;
	CXCursor r = clang_getCursorReferenced(c);

	(void)parent;
	if (!clang_Cursor_isNull(r) && !clang_equalCursors(r, c))
		ref_add(w->p, piece_of(w->x, r, true));
	return CXChildVisit_Recurse;
}

/* Macros a macro's body names, by its tokens. */
static void macro_refs(struct extract *x, size_t i)
{
	struct piece *p = &x->pieces[i];
	CXToken *toks;
	unsigned int n;

	clang_tokenize(x->tu, clang_getCursorExtent(p->cursor), &toks, &n);
	for (unsigned int t = 1; t < n; t++) {
		char *s;

		if (clang_getTokenKind(toks[t]) != CXToken_Identifier)
			continue;
		s = cx_string(clang_getTokenSpelling(x->tu, toks[t]));
		for (size_t j = 0; j < x->nr; j++)
			if (j != i && x->pieces[j].kind == CXCursor_MacroDefinition &&
			    !strcmp(x->pieces[j].name, s))
				ref_add(p, (long)j);
		free(s);
	}
	clang_disposeTokens(x->tu, toks, n);
}

/* Macro expansions are the unit's children: each belongs to the piece around it. */
static enum CXChildVisitResult expansion_visit(CXCursor c, CXCursor parent, CXClientData data)
{
	struct extract *x = data;
	unsigned int off;
	int fi;

	(void)parent;
	if (clang_getCursorKind(c) != CXCursor_MacroExpansion)
		return CXChildVisit_Continue;
	fi = loc_offset(x, clang_getCursorLocation(c), &off);
	if (fi < 0)
		return CXChildVisit_Continue;
	for (size_t i = 0; i < x->nr; i++) {
		struct piece *p = &x->pieces[i];

		if (p->text == x->texts[fi] && off >= p->start && off < p->end &&
		    p->kind != CXCursor_MacroDefinition)
			ref_add(p, piece_of(x, clang_getCursorReferenced(c), false));
	}
	return CXChildVisit_Continue;
}

static void refs_collect(struct extract *x)
{
	for (size_t i = 0; i < x->nr; i++) {
		struct ref_walk w = { x, &x->pieces[i] };

		if (x->pieces[i].kind == CXCursor_MacroDefinition)
			macro_refs(x, i);
		else if (x->pieces[i].kind != CXCursor_InclusionDirective)
			clang_visitChildren(x->pieces[i].cursor, ref_visit, &w);
	}
	clang_visitChildren(clang_getTranslationUnitCursor(x->tu), expansion_visit, x);
}

/* What a use of piece P needs: its definition, or a declaration of the kernel's. */
static enum want want_of(const struct extract *x, const struct piece *p)
{
	switch (p->kind) {
	case CXCursor_FunctionDecl:
		if (unit_copies(x->u, p->name) || unit_find_func(x->u, p->name))
			return WANT_COPY;
		if (unit_kernel_has(x->u, p->name))
			return WANT_DECLARE;
		/* inlined into every caller in the kernel: no symbol to call */
		return WANT_COPY;
	case CXCursor_VarDecl:
		if (unit_kernel_has(x->u, p->name))
			return WANT_DECLARE;
		return WANT_COPY;
	default:
		return WANT_COPY;
	}
}

static void want(struct extract *x, size_t i, enum want w)
{
	struct piece *p = &x->pieces[i];

	if (p->want >= w)
		return;
	p->want = w;
	/* All declarations of a name share its fate; the definition carries the body. */
	for (size_t j = 0; j < x->nr; j++) {
		if (j != i && *p->usr && !strcmp(x->pieces[j].usr, p->usr) &&
		    p->kind != CXCursor_MacroDefinition) {
			enum want wj = x->pieces[j].def && w == WANT_DECLARE ? WANT_DECLARE : w;

			if (!x->pieces[j].def && x->pieces[j].want < WANT_COPY)
				x->pieces[j].want = WANT_COPY;	/* a prototype: as it is */
			else if (x->pieces[j].def && x->pieces[j].want < wj)
				want(x, j, wj);
		}
	}
	if (w == WANT_DECLARE && p->def && p->kind != CXCursor_FunctionDecl &&
	    p->kind != CXCursor_VarDecl)
		p->want = WANT_COPY;
	/* A declaration needs the types in it; a copy needs everything it uses. */
	for (size_t k = 0; k < p->nr_refs; k++) {
		struct piece *q = &x->pieces[p->refs[k]];

		if (w == WANT_DECLARE && (p->kind == CXCursor_VarDecl ||
					  (p->kind == CXCursor_FunctionDecl && p->body)) &&
		    q->kind != CXCursor_StructDecl && q->kind != CXCursor_UnionDecl &&
		    q->kind != CXCursor_EnumDecl && q->kind != CXCursor_TypedefDecl &&
		    q->kind != CXCursor_MacroDefinition)
			continue;
		want(x, p->refs[k], want_of(x, q));
	}
}

/* Apply the renames of replaced global functions inside [start, end) of TEXT. */
struct rename_walk {
	const struct extract *x;
	const char *text;
	unsigned int start, end;
	unsigned int *offs;
	size_t nr, alloc;
};

static void rename_at(struct rename_walk *w, CXCursor ref, CXSourceLocation loc)
{
	const struct patch_func *f;
	unsigned int off;
	char *name;
	int fi;

	if (clang_getCursorKind(ref) != CXCursor_FunctionDecl ||
	    clang_Cursor_getStorageClass(ref) == CX_SC_Static)
		return;
	name = cx_string(clang_getCursorSpelling(ref));
	f = unit_find_func(w->x->u, name);
	fi = loc_offset(w->x, loc, &off);
	if (f && fi >= 0 && w->x->texts[fi] == w->text && off >= w->start && off < w->end &&
	    !strncmp(w->text + off, name, strlen(name))) {
		ALLOC_GROW(w->offs, w->nr, w->alloc);
		w->offs[w->nr++] = off;
	}
	free(name);
}

static enum CXChildVisitResult rename_visit(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_DeclRefExpr)
		rename_at(data, clang_getCursorReferenced(c), clang_getCursorLocation(c));
	return CXChildVisit_Recurse;
}

static int off_cmp(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	return x < y ? -1 : x > y;
}

static void emit_renamed(const struct extract *x, const struct piece *p, unsigned int end,
			 struct buf *out)
{
	struct rename_walk w = { x, p->text, p->start, end, NULL, 0, 0 };
	unsigned int at = p->start;

	if (p->kind == CXCursor_FunctionDecl) {
		rename_at(&w, p->cursor, clang_getCursorLocation(p->cursor));
		if (unit_find_func(x->u, p->name) && p->global_func)
			buf_addstr(out, "static ");
	}
	clang_visitChildren(p->cursor, rename_visit, &w);
	/* offsets only: every rename at one offset is the same name */
	if (w.nr)
		qsort(w.offs, w.nr, sizeof(*w.offs), off_cmp);
	for (size_t i = 0; i < w.nr; i++) {
		const struct patch_func *f;
		char *name;

		if (w.offs[i] < at)
			continue;
		buf_add(out, p->text + at, w.offs[i] - at);
		name = xstrndup(p->text + w.offs[i], strspn(p->text + w.offs[i],
			"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"));
		f = unit_find_func(x->u, name);
		buf_addstr(out, f ? f->new_name : name);
		at = w.offs[i] + strlen(name);
		free(name);
	}
	buf_add(out, p->text + at, end - at);
	free(w.offs);
}

/*
 * The kernel's variable, declared: "extern" where the unit said "static"
 * (a static without initialiser would be a definition of the module's
 * own), no initialiser. klp-annotate then gives it its KLP_SYMPOS.
 */
static void declare_var(const struct extract *x, const struct piece *p, struct buf *out)
{
	unsigned int end = p->init ? p->init : p->end;
	const char *t = p->text + p->start, *st;
	CXSourceLocation loc = clang_getCursorLocation(p->cursor);
	CXFile file;
	unsigned int off;

	if (unit_percpu(x->u, p->name)) {
		/* the kernel's per-CPU copy: its declaration says which section */
		char *type = cx_string(clang_getTypeSpelling(clang_getCursorType(p->cursor)));

		buf_addf(out, "DECLARE_PER_CPU(%s, %s);\n", type, p->name);
		free(type);
		return;
	}
	clang_getSpellingLocation(loc, &file, NULL, NULL, &off);
	if (!file || file_index(x, file) < 0 || off < p->start || off >= p->end ||
	    p->from_macro || (p->has_init && !p->init)) {
		/* written by a macro (DEFINE_MUTEX(x)): declare it from its type */
		char *type = cx_string(clang_getTypeSpelling(clang_getCursorType(p->cursor)));
		char *br = strchr(type, '[');

		if (br) {
			while (br > type && br[-1] == ' ')
				br--;
			buf_addf(out, "extern %.*s %s%s;\n", (int)(br - type), type, p->name,
				 strchr(type, '['));
		} else {
			buf_addf(out, "extern %s %s;\n", type, p->name);
		}
		free(type);
		return;
	}
	while (end > p->start && strchr(" \t\n;", p->text[end - 1]))
		end--;
	st = strstr(t, "static");
	if (st && st < p->text + end && (st == t || !is_ident(st[-1])) && !is_ident(st[6])) {
		buf_add(out, t, st - t);
		buf_addstr(out, "extern");
		t = st + 6;
	} else {
		buf_addstr(out, "extern ");
	}
	buf_add(out, t, p->text + end - t);
	buf_addstr(out, ";\n");
}

static void emit_piece(const struct extract *x, const struct piece *p, struct buf *out)
{
	if (p->want == WANT_DECLARE && p->kind == CXCursor_FunctionDecl && p->body) {
		/* the definition's head, as a prototype */
		unsigned int end = p->body;

		while (end > p->start && (p->text[end - 1] == ' ' || p->text[end - 1] == '\n' ||
					  p->text[end - 1] == '\t'))
			end--;
		buf_add(out, p->text + p->start, end - p->start);
		buf_addstr(out, ";\n");
		return;
	}
	if (p->want == WANT_DECLARE && p->kind == CXCursor_VarDecl) {
		declare_var(x, p, out);
		return;
	}
	if (p->kind == CXCursor_FunctionDecl && p->global_func && !p->def &&
	    unit_find_func(x->u, p->name))
		return;		/* the header's prototype of a function we rename */
	if (p->kind == CXCursor_FunctionDecl && !p->def && p->from_macro)
		return;		/* EXPORT_SYMBOL(x)'s declaration: the export is the kernel's */
	emit_renamed(x, p, p->end, out);
}

static bool is_header_config(const struct piece *p)
{
	/* It would define the unit's tracepoints again, in the module. */
	return !strcmp(p->name, "CREATE_TRACE_POINTS");
}

/*
 * The kernel's same-named symbols this unit declares: which one is the
 * unit's, as its kallsyms neighbours say (plan.c). klp-annotate keeps an
 * entry that is valid, and adds the others to the block.
 */
static void emit_positions(const struct extract *x, struct buf *out)
{
	bool any = false;

	for (size_t i = 0; i < x->nr; i++) {
		const struct piece *p = &x->pieces[i];
		unsigned long pos;

		if (p->want != WANT_DECLARE || !p->is_static ||
		    (p->kind != CXCursor_FunctionDecl && p->kind != CXCursor_VarDecl))
			continue;
		pos = unit_local_pos(x->u, p->name);
		if (!pos)
			continue;
		if (!any)
			buf_addf(out, "\n/* Which of %s's same-named symbols are %s's: its kallsyms neighbours. */\n"
				      "#include \"klp_reloc.h\"\n"
				      "KLP_MODULE_RELOC(%s) klp_relocs_%s[] = {\n",
				 x->u->object, x->u->src, x->u->object, x->u->object);
		any = true;
		buf_addf(out, "\tKLP_SYMPOS(%s, %lu),\n", p->name, pos);
	}
	if (any)
		buf_addstr(out, "};\n");
}

static void emit(struct extract *x, struct buf *out)
{
	const char *last_text = NULL;
	unsigned int last_end = 0;

	buf_addf(out, "/* From %s, as patched. */\n", x->u->src);
	for (size_t i = 0; i < x->nr; i++) {
		struct piece *p = &x->pieces[i];

		if (i < x->last_include && p->kind == CXCursor_MacroDefinition && !is_header_config(p))
			p->want = WANT_COPY;
		if (p->want == WANT_NONE)
			continue;
		/* Pieces sharing lines ("int a, b;") are emitted once. */
		if (p->text == last_text && p->start < last_end)
			continue;
		if (p->kind != CXCursor_InclusionDirective && p->kind != CXCursor_MacroDefinition)
			buf_addstr(out, "\n");
		emit_piece(x, p, out);
		last_text = p->text;
		last_end = p->end;
	}
	emit_positions(x, out);
}

/*
 * libclang's parse of PATH as kbuild compiles U (klp-annotate's front end):
 * the unit's .o.cmd flags, run from the build tree; quoted #includes
 * not found beside PATH come from the original's directory.
 */
static int parse_as_unit(const struct create *c, const struct build_unit *u, const char *path,
			 bool macros, struct job *job)
{
	struct options *opt = &job->opt;
	const char *files[1] = { path };
	char *heads[ARRAY_SIZE(opt->first_args)];
	size_t nh = 0;
	char *cmd = unit_cmd_path(c, u);
	char *quote = unit_quote_flag(c, u);
	int ret;

	opt->files = files;
	opt->nr_files = 1;
	opt->cmd_file = cmd;
	opt->workdir = c->build;
	opt->macro_record = macros;
	opt->extra_args[opt->nr_extra_args++] = quote;
	/* the patched source sees the patched headers, as the module will */
	if (path == u->patched_src) {
		char *root = xasprintf("%s/plain", u->patched_dir);

		nh = unit_header_flags(u, root, heads, ARRAY_SIZE(heads));
		free(root);
		for (size_t i = 0; i < nh; i++)
			opt->first_args[opt->nr_first_args++] = heads[i];
	}
	ret = units_parse(job);
	opt->cmd_file = NULL;
	opt->nr_extra_args = 0;
	opt->nr_first_args = 0;
	opt->files = NULL;
	free(cmd);
	free(quote);
	for (size_t i = 0; i < nh; i++)
		free(heads[i]);
	return ret;
}

static int parse(struct extract *x)
{
	x->ret = parse_as_unit(x->c, x->u, x->u->patched_src, true, &x->job);
	if (x->ret)
		return -1;
	x->tu = x->job.units[0].tu;
	x->files[0] = x->job.units[0].file;
	x->texts[0] = clang_getFileContents(x->tu, x->files[0], &x->lens[0]);
	x->nr_files = 1;
	clang_getInclusions(x->tu, inclusion_visit, x);
	return 0;
}

/*
 * An #include inside a declaration ("features.h" in an initialiser, as
 * kernel/sched/debug.c has it) is part of that declaration, not a header
 * the livepatch source includes at file scope.
 */
static void includes_nested(struct extract *x)
{
	x->last_include = 0;
	for (size_t i = 0; i < x->nr; i++) {
		struct piece *p = &x->pieces[i];

		if (p->kind != CXCursor_InclusionDirective)
			continue;
		for (size_t j = 0; j < x->nr && p->want; j++) {
			const struct piece *d = &x->pieces[j];

			if (j != i && d->text == p->text && d->kind != CXCursor_InclusionDirective &&
			    d->kind != CXCursor_MacroDefinition && p->start > d->start &&
			    p->start < d->end)
				p->want = WANT_NONE;
		}
		if (p->want)
			x->last_include = i + 1;
	}
}

/* ---- layouts ---------------------------------------------------------- */

static unsigned int line_of(const char *text, unsigned int off)
{
	unsigned int n = 1;

	for (unsigned int i = 0; i < off; i++)
		n += text[i] == '\n';
	return n;
}

/* The tree's name of file FI of the unit: "kernel/sched/psi.c". */
static const char *tree_path(const struct extract *x, int fi)
{
	char *name = cx_string(clang_getFileName(x->files[fi]));
	const char *found = NULL;

	for (size_t i = 0; i < x->u->nr_files && !found; i++)
		if (ends_with(name, x->u->files[i]) &&
		    name[strlen(name) - strlen(x->u->files[i]) - 1] == '/')
			found = x->u->files[i];
	free(name);
	return found;
}

/* Does a hunk of the patch touch piece P's lines? */
static bool piece_patched(const struct extract *x, const struct piece *p)
{
	int fi = -1;
	const struct file_patch *fp;
	unsigned int first, last;

	for (size_t i = 0; i < x->nr_files; i++)
		if (x->texts[i] == p->text)
			fi = (int)i;
	if (fi < 0 || !tree_path(x, fi))
		return false;
	fp = patch_find_file((struct patchset *)&x->c->patches, tree_path(x, fi));
	if (!fp)
		return false;
	first = line_of(p->text, p->start);
	last = first + line_of(p->text + p->start, p->end - p->start) - 1;
	for (size_t h = 0; h < fp->nr_hunks; h++) {
		unsigned int a = fp->hunks[h].new_start, b = a + fp->hunks[h].new_len;

		if (a <= last && b > first)
			return true;
	}
	return false;
}

struct type_find {
	const char *name;
	enum CXCursorKind kind;
	CXCursor found;
};

static enum CXChildVisitResult type_visit(CXCursor c, CXCursor parent, CXClientData data)
{
	struct type_find *t = data;
	char *name;

	(void)parent;
	if (clang_getCursorKind(c) != t->kind || !clang_isCursorDefinition(c))
		return CXChildVisit_Continue;
	name = cx_string(clang_getCursorSpelling(c));
	if (!strcmp(name, t->name))
		t->found = c;
	free(name);
	return CXChildVisit_Continue;
}

struct fields {
	CXType type;
	struct buf *out;
};

/* "name@offset" per field, "name=value" per enumerator: the layout, as text. */
static enum CXChildVisitResult field_visit(CXCursor c, CXCursor parent, CXClientData data)
{
	struct fields *f = data;
	char *name = cx_string(clang_getCursorSpelling(c));

	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_FieldDecl) {
		long long bits = clang_Type_getOffsetOf(f->type, name);

		/* bytes, as pahole says; bit-fields by the bit */
		if (bits % 8)
			buf_addf(f->out, " %s@bit %lld", name, bits);
		else
			buf_addf(f->out, " %s@%lld", name, bits / 8);
	}
	else if (clang_getCursorKind(c) == CXCursor_EnumConstantDecl)
		buf_addf(f->out, " %s=%lld", name, clang_getEnumConstantDeclValue(c));
	free(name);
	return CXChildVisit_Continue;
}

static char *layout_of(CXCursor c)
{
	struct buf b = { 0 };
	struct fields f = { clang_getCursorType(c), &b };

	buf_addf(&b, "size %lld", clang_Type_getSizeOf(f.type));
	clang_visitChildren(c, field_visit, &f);
	return b.s;
}

static const char *kind_word(enum CXCursorKind k)
{
	return k == CXCursor_StructDecl ? "struct" : k == CXCursor_UnionDecl ? "union" : "enum";
}

/*
 * A struct, union or enum whose definition the patch touches must keep
 * its layout: the kernel's data was laid out by the old one, and the new
 * code would read it with the new. Compared with the original unit's
 * definition, parsed only when a hunk touches one.
 */
static int layouts_check(struct extract *x)
{
	struct job orig = { 0 };
	char *src = NULL;
	int ret = 0;
	bool parsed = false;

	for (size_t i = 0; i < x->nr && !ret; i++) {
		struct piece *p = &x->pieces[i];
		struct type_find t = { p->name, p->kind, clang_getNullCursor() };
		char *before, *after;

		if ((p->kind != CXCursor_StructDecl && p->kind != CXCursor_UnionDecl &&
		     p->kind != CXCursor_EnumDecl) || !p->def || !*p->name || !piece_patched(x, p))
			continue;
		if (!parsed) {
			parsed = true;
			src = xasprintf("%s/%s", x->c->source, x->u->src);
			if (parse_as_unit(x->c, x->u, src, false, &orig)) {
				ret = error("%s: the original does not parse: cannot compare the layouts the patch changes",
					    x->u->src);
				break;
			}
		}
		clang_visitChildren(clang_getTranslationUnitCursor(orig.units[0].tu), type_visit, &t);
		if (clang_Cursor_isNull(t.found))
			continue;	/* a new type: no data has it */
		before = layout_of(t.found);
		after = layout_of(p->cursor);
		if (strcmp(before, after))
			ret = error("%s: %s %s changes its layout (%s -> %s): data the kernel already has uses the old one (keep new state in a shadow variable: klp_shadow_*)",
				    x->u->src, kind_word(p->kind), p->name, before, after);
		free(before);
		free(after);
	}
	job_free(&orig);
	free(src);
	return ret;
}

int unit_extract(const struct create *c, const struct build_unit *u, struct buf *out)
{
	struct extract x = { .c = c, .u = u };
	int ret = 0;

	if (parse(&x)) {
		ret = -1;
		goto out;
	}
	clang_visitChildren(clang_getTranslationUnitCursor(x.tu), top_visit, &x);
	includes_nested(&x);
	if (layouts_check(&x)) {
		ret = -1;
		goto out;
	}
	refs_collect(&x);
	for (size_t i = 0; i < x.nr; i++) {
		struct piece *p = &x.pieces[i];

		if (p->kind == CXCursor_FunctionDecl && p->def &&
		    (unit_find_func(u, p->name) || unit_copies(u, p->name)))
			want(&x, i, WANT_COPY);
	}
	for (size_t i = 0; i < u->nr_funcs; i++) {
		bool found = false;

		for (size_t j = 0; j < x.nr; j++)
			found |= x.pieces[j].kind == CXCursor_FunctionDecl && x.pieces[j].def &&
				 !strcmp(x.pieces[j].name, u->funcs[i].name);
		if (!found)
			ret = error("%s: no definition of %s in the patched source (a macro defines it?): it cannot be copied",
				    u->src, u->funcs[i].name);
	}
	if (!ret)
		emit(&x, out);
out:
	for (size_t i = 0; i < x.nr; i++) {
		free(x.pieces[i].name);
		free(x.pieces[i].usr);
		free(x.pieces[i].refs);
	}
	free(x.pieces);
	job_free(&x.job);
	return ret;
}
