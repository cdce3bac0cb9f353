// SPDX-License-Identifier: GPL-2.0-only
/*
 * Find the kernel symbols each parsed unit needs:
 * every function or variable that evaluated code references and that the
 * unit does not define.
 *
 * The walk starts at the main file's definitions (function bodies and
 * variable initialisers, which covers function pointers in static data)
 * and follows calls into header static inlines, so an inline's references
 * count only when the inline is used. It skips what is never evaluated:
 * sizeof/alignof, the types of declarations and casts (typeof), and the
 * branches of if/?:/&&/|| that a constant condition rules out, because gcc
 * emits no relocation for them.
 */
#include "annotate.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

struct ref *unit_find_ref(struct unit *u, const char *name)
{
	for (size_t i = 0; i < u->nr_refs; i++)
		if (!strcmp(u->refs[i].name, name))
			return &u->refs[i];
	return NULL;
}

struct ref *unit_find_ref_symbol(struct unit *u, const char *symbol)
{
	for (size_t i = 0; i < u->nr_refs; i++)
		if (!strcmp(ref_symbol(&u->refs[i]), symbol))
			return &u->refs[i];
	return NULL;
}

bool unit_defines(const struct unit *u, const char *name)
{
	for (size_t i = 0; i < u->nr_defined; i++)
		if (!strcmp(u->defined[i], name))
			return true;
	return false;
}

bool job_defines(const struct job *job, const char *name)
{
	for (size_t i = 0; i < job->nr_units; i++)
		if (unit_defines(&job->units[i], name))
			return true;
	for (size_t i = 0; i < job->nr_module_syms; i++)
		if (!strcmp(job->module_syms[i], name))
			return true;
	return false;
}

/* ---- the libclang walk ------------------------------------------------ */

/* A header inline reached from the main file, and where it was reached. */
struct pending {
	CXCursor def;
	unsigned int offset;
	char *via;
};

struct include_site {
	CXFile file;
	unsigned int offset;	/* of the #include in the main file */
};

/* A file-scope declaration in the main file of a name the unit may need. */
struct decl_info {
	char *name;
	unsigned int end;
	bool is_static_func;
	unsigned int static_off;
};

struct walk {
	struct job *job;
	struct unit *u;
	/* Set while walking an inline body: the main-file use that reached it. */
	bool in_inline;
	unsigned int ctx_offset;
	const char *ctx_via;
	int jump_label;
	bool skip_first;
	/* The function the innermost call names directly: a use that is not it takes the address. */
	CXCursor callee;
	/* Where the file-scope declaration being walked starts (its line). */
	unsigned int root_start;
	struct pending *queue;
	size_t nr_queue, alloc_queue;
	unsigned int *seen_hash;
	CXCursor *seen;
	size_t nr_seen, alloc_seen, alloc_seen_hash;
	struct decl_info *decls;
	size_t nr_decls, alloc_decls;
	/* Each header, and the main file's #include that brings it in. */
	struct include_site *includes;
	size_t nr_includes, alloc_includes;
};

static bool in_main_file(struct walk *w, CXCursor c, unsigned int *offset)
{
	CXFile f;
	unsigned int off;

	clang_getExpansionLocation(clang_getCursorLocation(c), &f, NULL, NULL, &off);
	if (!f || !clang_File_isEqual(f, w->u->file))
		return false;
	if (offset)
		*offset = off;
	return true;
}

static void queue_inline(struct walk *w, CXCursor def, const char *name, unsigned int offset)
{
	unsigned int h = clang_hashCursor(def);

	for (size_t i = 0; i < w->nr_seen; i++)
		if (w->seen_hash[i] == h && clang_equalCursors(w->seen[i], def))
			return;
	ALLOC_GROW(w->seen, w->nr_seen, w->alloc_seen);
	ALLOC_GROW(w->seen_hash, w->nr_seen, w->alloc_seen_hash);
	w->seen[w->nr_seen] = def;
	w->seen_hash[w->nr_seen++] = h;
	ALLOC_GROW(w->queue, w->nr_queue, w->alloc_queue);
	w->queue[w->nr_queue].def = def;
	w->queue[w->nr_queue].offset = offset;
	w->queue[w->nr_queue++].via = xstrdup(w->ctx_via ? w->ctx_via : name);
}

static bool is_compiler_builtin(const char *name)
{
	return starts_with(name, "__builtin_") || starts_with(name, "__sync_") ||
	       starts_with(name, "__atomic_");
}

/*
 * The annotation block lives at file scope: a name declared only inside a
 * function ("extern int x;" in a body) cannot go into it. The first
 * declaration tells: clang keeps redeclarations in order.
 */
static bool file_scope_declared(CXCursor decl)
{
	CXCursor first = clang_getCanonicalCursor(decl);

	return clang_getCursorKind(clang_getCursorLexicalParent(first)) ==
	       CXCursor_TranslationUnit;
}

/* What a declaration's attributes say about the symbol behind it. */
struct decl_attrs {
	bool error;	/* __attribute__((error)): gcc refuses any call it keeps */
	bool warning;	/* __attribute__((warning)): gcc warns on any call it keeps */
	bool weak;
	bool used;	/* __attribute__((used)): emitted even when nothing refers to it */
	bool alias;	/* __attribute__((alias)): a definition, whatever libclang says */
	char *label;	/* asm("name"), when it differs from the C name */
};

/*
 * libclang exposes error, warning and weak only as "unexposed" attributes;
 * the declaration's printed form spells them. Attributes of a first
 * declaration carry over to later ones, which print without them, so the
 * first declaration is read too.
 */
static void attrs_scan(CXCursor decl, struct decl_attrs *a)
{
	CXPrintingPolicy pol = clang_getCursorPrintingPolicy(decl);
	char *text = cx_string(clang_getCursorPrettyPrinted(decl, pol));
	const char *p = text;

	clang_PrintingPolicy_dispose(pol);
	while ((p = strstr(p, "__attribute__(("))) {
		const char *end = strstr(p, "))");
		size_t n = end ? (size_t)(end - p) : strlen(p);

		p += 15;
		n -= 15;
		for (const char *q = p; q < p + n; q++) {
			if (q > p && (is_ident(q[-1]) || q[-1] == '"'))
				continue;
			if (!strncmp(q, "error(", 6) || !strncmp(q, "__error__(", 10))
				a->error = true;
			else if (!strncmp(q, "warning(", 8) || !strncmp(q, "__warning__(", 12))
				a->warning = true;
			else if ((!strncmp(q, "weak", 4) && !is_ident(q[4])) ||
				 (!strncmp(q, "__weak__", 8) && !is_ident(q[8])))
				a->weak = true;
			else if (!strncmp(q, "alias(", 6) || !strncmp(q, "__alias__(", 10))
				a->alias = true;
			else if ((!strncmp(q, "used", 4) && !is_ident(q[4])) ||
				 (!strncmp(q, "__used__", 8) && !is_ident(q[8])))
				a->used = true;
		}
	}
	free(text);
}

static void attrs_get(CXCursor decl, const char *name, struct decl_attrs *a)
{
	char *mangled = cx_string(clang_Cursor_getMangling(decl));
	CXCursor first = clang_getCanonicalCursor(decl);

	memset(a, 0, sizeof(*a));
	/* C names mangle to themselves; an asm label is the object's name. */
	if (*mangled && strcmp(mangled, name))
		a->label = mangled;
	else
		free(mangled);
	attrs_scan(decl, a);
	if (!clang_equalCursors(first, decl))
		attrs_scan(first, a);
}

/*
 * Did the source spell this use itself? A macro's body or a header
 * inline is the kernel's idiom (link-time assertions such as
 * __bad_size_call_parameter() that only the optimiser removes); a macro
 * argument is the author's.
 */
static bool authors_use(struct walk *w, CXCursor use, const char *name)
{
	size_t n = strlen(name);
	unsigned int off;
	CXFile f;

	if (w->in_inline)
		return false;
	clang_getFileLocation(clang_getCursorLocation(use), &f, NULL, NULL, &off);
	if (!f || !clang_File_isEqual(f, w->u->file) || off + n > w->u->len)
		return false;
	return !memcmp(w->u->text + off, name, n) && !is_ident(w->u->text[off + n]);
}

static struct ref *ref_add(struct walk *w, CXCursor use, CXCursor decl, const char *name,
			   unsigned int offset)
{
	struct unit *u = w->u;
	struct ref *r = unit_find_ref(u, name);
	struct decl_attrs a;

	if (r) {
		r->jump_label |= w->jump_label > 0;
		r->authors_use |= authors_use(w, use, name);
		return r;
	}
	attrs_get(decl, name, &a);
	/*
	 * Never a reference: gcc stops with an error if a call to it stays.
	 * Or the unit's own asm defines the object's name.
	 */
	if (a.error || (a.label && unit_defines(u, a.label))) {
		free(a.label);
		return NULL;
	}
	ALLOC_GROW(u->refs, u->nr_refs, u->alloc_refs);
	r = &u->refs[u->nr_refs++];
	memset(r, 0, sizeof(*r));
	r->name = xstrdup(name);
	r->label = a.label;
	r->weak = a.weak;
	r->warning_attr = a.warning;
	r->authors_use = authors_use(w, use, name);
	r->is_func = clang_getCursorKind(decl) == CXCursor_FunctionDecl;
	r->jump_label = w->jump_label > 0;
	r->declared = file_scope_declared(decl);
	r->header_decl = !in_main_file(w, clang_getCanonicalCursor(decl), NULL);
	r->offset = offset;
	offset_to_linecol(u, offset, &r->line, &r->col);
	r->via = w->in_inline ? xstrdup(w->ctx_via) : NULL;
	r->diag = -1;
	r->ibt_diag = -1;
	return r;
}

/*
 * A wrapper's prototype, from the declaration's type: "int", "struct x *a0,
 * long a1" and "a0, a1". A type whose spelling cannot prefix a name (a
 * function pointer's) goes through __typeof__.
 */
static char *type_decl(CXType t, const char *name)
{
	char *sp = cx_string(clang_getTypeSpelling(t)), *out;

	if (strpbrk(sp, "()[]"))
		out = xasprintf("__typeof__(%s)%s%s", sp, *name ? " " : "", name);
	else
		out = xasprintf("%s%s%s", sp, *name && sp[strlen(sp) - 1] != '*' ? " " : "", name);
	free(sp);
	return out;
}

static void signature_get(struct ref *r, CXCursor decl)
{
	CXType t = clang_getCursorType(decl);
	int n = clang_getNumArgTypes(t);
	struct buf params = { 0 }, args = { 0 };

	if (n < 0 || clang_isFunctionTypeVariadic(t))
		return;
	for (int i = 0; i < n; i++) {
		char *name = xasprintf("a%d", i), *p = type_decl(clang_getArgType(t, (unsigned int)i), name);

		buf_addf(&params, "%s%s", i ? ", " : "", p);
		buf_addf(&args, "%s%s", i ? ", " : "", name);
		free(p);
		free(name);
	}
	r->sig_ret = type_decl(clang_getResultType(t), "");
	r->sig_params = n ? params.s : xstrdup("void");
	r->sig_args = n ? args.s : xstrdup("");
}

static bool in_block(const struct unit *u, unsigned int offset);

/* USE names function R without calling it: its address goes into the module's code or data. */
static void address_taken(struct walk *w, struct ref *r, CXCursor use, CXCursor decl,
			  unsigned int offset)
{
	unsigned int off;
	CXFile f;

	if (in_block(w->u, offset))
		return;		/* KLP_SYMPOS(func, pos) itself */
	if (!r->nr_addr_sites && !r->nr_addr_hidden) {
		r->addr_first = offset;
		r->addr_root = w->in_inline ? offset : w->root_start;
		if (w->u->ibt)
			signature_get(r, decl);
	}
	clang_getFileLocation(clang_getCursorLocation(use), &f, NULL, NULL, &off);
	if (!authors_use(w, use, r->name)) {
		r->nr_addr_hidden++;
		return;
	}
	for (size_t i = 0; i < r->nr_addr_sites; i++)
		if (r->addr_sites[i] == off)
			return;	/* a macro argument expanded twice */
	ALLOC_GROW(r->addr_sites, r->nr_addr_sites, r->alloc_addr_sites);
	r->addr_sites[r->nr_addr_sites++] = off;
}

/* USE references DECL: note it if the unit needs it from the kernel. */
static void note_decl_ref(struct walk *w, CXCursor use, CXCursor decl)
{
	enum CXCursorKind k = clang_getCursorKind(decl);
	unsigned int offset = w->ctx_offset;
	CXCursor def;
	char *name;

	if (k != CXCursor_FunctionDecl && k != CXCursor_VarDecl)
		return;
	if (!w->in_inline && !in_main_file(w, use, &offset))
		return;
	/*
	 * Locals and static locals are the unit's own; so is a static
	 * variable a header defines, but its initialiser's references count
	 * once it is used (trace events' classes point at their functions).
	 */
	if (k == CXCursor_VarDecl && clang_Cursor_getStorageClass(decl) != CX_SC_Extern) {
		if (clang_Cursor_getStorageClass(decl) == CX_SC_Static &&
		    clang_getCursorKind(clang_getCursorSemanticParent(decl)) == CXCursor_TranslationUnit) {
			def = clang_getCursorDefinition(decl);
			if (!clang_Cursor_isNull(def) && !in_main_file(w, def, NULL) &&
			    !clang_Cursor_isNull(clang_Cursor_getVarDeclInitializer(def))) {
				name = cx_string(clang_getCursorSpelling(decl));
				queue_inline(w, def, name, offset);
				free(name);
			}
		}
		return;
	}
	name = cx_string(clang_getCursorSpelling(decl));
	def = clang_getCursorDefinition(decl);
	if (!clang_Cursor_isNull(def)) {
		/* Defined here; a header's definition counts once it is used. */
		if (!in_main_file(w, def, NULL))
			queue_inline(w, def, name, offset);
	} else if (!is_compiler_builtin(name) && !unit_defines(w->u, name)) {
		struct ref *r = ref_add(w, use, decl, name, offset);

		if (r && k == CXCursor_FunctionDecl && !clang_equalCursors(use, w->callee))
			address_taken(w, r, use, decl, offset);
	}
	free(name);
}

static enum CXChildVisitResult walk_cursor(CXCursor c, struct walk *w);

static enum CXChildVisitResult visit_child(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	return walk_cursor(c, data);
}

static void walk(struct walk *w, CXCursor c)
{
	if (walk_cursor(c, w) == CXChildVisit_Recurse)
		clang_visitChildren(c, visit_child, w);
}

struct children {
	CXCursor c[8];
	unsigned int n;
};

static enum CXChildVisitResult collect_child(CXCursor c, CXCursor parent, CXClientData data)
{
	struct children *ch = data;

	(void)parent;
	if (ch->n < ARRAY_SIZE(ch->c))
		ch->c[ch->n] = c;
	ch->n++;
	return CXChildVisit_Continue;
}

static struct children children_of(CXCursor c)
{
	struct children ch = { .n = 0 };

	clang_visitChildren(c, collect_child, &ch);
	return ch;
}

/* Does C fold to an integer constant? */
static bool fold_int(CXCursor c, long long *v)
{
	CXEvalResult r;
	bool ok;

	if (!clang_isExpression(clang_getCursorKind(c)))
		return false;
	r = clang_Cursor_Evaluate(c);
	if (!r)
		return false;
	ok = clang_EvalResult_getKind(r) == CXEval_Int;
	if (ok && v)
		*v = clang_EvalResult_getAsLongLong(r);
	clang_EvalResult_dispose(r);
	return ok;
}

/* Every child, however many. */
struct child_list {
	CXCursor *c;
	size_t nr, alloc;
};

static enum CXChildVisitResult list_child(CXCursor c, CXCursor parent, CXClientData data)
{
	struct child_list *l = data;

	(void)parent;
	ALLOC_GROW(l->c, l->nr, l->alloc);
	l->c[l->nr++] = c;
	return CXChildVisit_Continue;
}

/*
 * The operator of a unary or binary expression, which libclang 14 does
 * not tell: read where the cursor points, which is the operator itself.
 * Inside a macro's body that is the macro's name instead, and nothing
 * matches: the caller then knows no more than clang's own evaluation.
 */
static bool op_is(CXCursor c, const char *op)
{
	CXTranslationUnit tu = clang_Cursor_getTranslationUnit(c);
	size_t n = strlen(op), size;
	const char *text;
	unsigned int off;
	CXFile f;

	clang_getFileLocation(clang_getCursorLocation(c), &f, NULL, NULL, &off);
	if (!f || !(text = clang_getFileContents(tu, f, &size)) || off + n > size)
		return false;
	return !memcmp(text + off, op, n);
}

/* '&' for "lhs && rhs", '|' for "lhs || rhs", else 0. */
static char binary_op(CXCursor c)
{
	return op_is(c, "&&") ? '&' : op_is(c, "||") ? '|' : 0;
}

#define FOLD_DEPTH 8

static bool fold(CXCursor c, long long *v, int depth);

/* Under implicit casts and parentheses. */
static CXCursor strip(CXCursor c)
{
	for (;;) {
		enum CXCursorKind k = clang_getCursorKind(c);
		struct children ch;

		if (k != CXCursor_UnexposedExpr && k != CXCursor_ParenExpr)
			return c;
		ch = children_of(c);
		if (ch.n != 1)
			return c;
		c = ch.c[0];
	}
}

/* The function a call names: "f(x)", "(f)(x)"; a null cursor for a call through a pointer. */
static CXCursor direct_callee(CXCursor call)
{
	struct children ch = children_of(call);
	CXCursor c;

	if (!ch.n)
		return clang_getNullCursor();
	c = strip(ch.c[0]);
	return clang_getCursorKind(c) == CXCursor_DeclRefExpr ? c : clang_getNullCursor();
}

/*
 * __builtin_constant_p(x), as gcc answers it: 1 for what folds; 0 for a
 * load gcc cannot know, a writable variable of file scope or a field read
 * through a pointer (udelay(some_param) never reaches __bad_udelay()).
 * A parameter or a local may turn constant once inlined: undecided.
 */
static bool constant_p(CXCursor arg, long long *v, int depth)
{
	CXCursor c = strip(arg), d;
	enum CXCursorKind k = clang_getCursorKind(c);

	if (fold(arg, v, depth + 1)) {
		*v = 1;
		return true;
	}
	if (k == CXCursor_MemberRefExpr) {
		struct children ch = children_of(c);

		/* base->field: the base is a pointer */
		if (ch.n == 1 && clang_getCursorType(strip(ch.c[0])).kind == CXType_Pointer) {
			*v = 0;
			return true;
		}
		return false;
	}
	if (k != CXCursor_DeclRefExpr)
		return false;
	d = clang_getCursorReferenced(c);
	if (clang_getCursorKind(d) != CXCursor_VarDecl ||
	    clang_getCursorKind(clang_getCursorSemanticParent(d)) != CXCursor_TranslationUnit ||
	    clang_isConstQualifiedType(clang_getCursorType(d)))
		return false;
	*v = 0;
	return true;
}

/* The one expression a function returns: "{ return expr; }". */
static bool fold_call(CXCursor call, long long *v, int depth)
{
	CXCursor callee = clang_getCursorReferenced(call), def, body, ret;
	struct children ch;
	char *name;
	bool ok = false;

	if (clang_Cursor_isNull(callee))
		return false;
	name = cx_string(clang_getCursorSpelling(callee));
	/* __builtin_expect(x, hint) is x: likely() and unlikely(). */
	if (!strcmp(name, "__builtin_expect")) {
		ch = children_of(call);
		ok = ch.n == 3 && fold(ch.c[1], v, depth);
		free(name);
		return ok;
	}
	if (!strcmp(name, "__builtin_constant_p")) {
		ch = children_of(call);
		ok = ch.n == 2 && constant_p(ch.c[1], v, depth);
		free(name);
		return ok;
	}
	free(name);
	def = clang_getCursorDefinition(callee);
	if (clang_Cursor_isNull(def) || !clang_Cursor_isFunctionInlined(def))
		return false;
	ch = children_of(def);
	if (!ch.n || ch.n > ARRAY_SIZE(ch.c))
		return false;
	body = ch.c[ch.n - 1];
	if (clang_getCursorKind(body) != CXCursor_CompoundStmt)
		return false;
	ch = children_of(body);
	if (ch.n != 1 || clang_getCursorKind(ch.c[0]) != CXCursor_ReturnStmt)
		return false;
	ret = ch.c[0];
	ch = children_of(ret);
	return ch.n == 1 && fold(ch.c[0], v, depth);
}

/*
 * Does C fold to a constant, as gcc's optimiser sees it? Beyond clang's
 * own constant evaluation: the side of && or || that decides, !, and
 * calls to inline functions that return a constant (the kernel's
 * "static inline bool foo(void) { return false; }" stubs for what the
 * config leaves out). gcc removes the code these rule out, so the
 * references in it are no relocations.
 */
static bool fold(CXCursor c, long long *v, int depth)
{
	enum CXCursorKind k = clang_getCursorKind(c);
	struct children ch;
	long long x;

	if (fold_int(c, v))
		return true;
	if (depth >= FOLD_DEPTH)
		return false;
	ch = children_of(c);
	switch (k) {
	case CXCursor_ParenExpr:
	case CXCursor_UnexposedExpr:	/* implicit casts */
		return ch.n == 1 && fold(ch.c[0], v, depth + 1);
	case CXCursor_CStyleCastExpr:
		return ch.n && ch.n <= ARRAY_SIZE(ch.c) && fold(ch.c[ch.n - 1], v, depth + 1);
	case CXCursor_UnaryOperator: {
		if (ch.n != 1 || !op_is(c, "!") || !fold(ch.c[0], &x, depth + 1))
			return false;
		*v = !x;
		return true;
	}
	case CXCursor_BinaryOperator: {
		char op;

		if (ch.n != 2 || !fold(ch.c[0], &x, depth + 1))
			return false;
		op = binary_op(c);
		if ((op == '&' && !x) || (op == '|' && x)) {
			*v = op == '|';
			return true;
		}
		if ((op == '&' || op == '|') && fold(ch.c[1], v, depth + 1)) {
			*v = !!*v;
			return true;
		}
		return false;
	}
	case CXCursor_CallExpr:
		return fold_call(c, v, depth + 1);
	default:
		return false;
	}
}

static bool fold_cond(CXCursor c, long long *v)
{
	long long dummy;

	return fold(c, v ? v : &dummy, 0);
}

/* if (c) a; else b;  and  c ? a : b  -- a constant c leaves one arm. */
static void walk_conditional(struct walk *w, CXCursor c)
{
	struct children ch = children_of(c);
	long long v;

	if (ch.n < 2 || ch.n > ARRAY_SIZE(ch.c) || !fold_cond(ch.c[0], &v)) {
		clang_visitChildren(c, visit_child, w);
		return;
	}
	if (v)
		walk(w, ch.c[1]);
	else if (ch.n > 2)
		walk(w, ch.c[2]);
}

/* "0 && rhs" and "1 || rhs": the right side is never evaluated. */
static void walk_binary(struct walk *w, CXCursor c)
{
	struct children ch = children_of(c);
	long long x;
	char op;

	if (ch.n == 2 && fold_cond(ch.c[0], &x) && !fold_int(ch.c[1], NULL)) {
		/* clang folds the whole only when the left side decides it */
		op = fold_int(c, NULL) ? 'y' : binary_op(c);
		if (op == 'y' || (op == '&' && !x) || (op == '|' && x)) {
			walk(w, ch.c[0]);
			return;
		}
	}
	clang_visitChildren(c, visit_child, w);
}

/* Does statement C always leave the block (return, goto, break, continue)? */
static bool always_leaves(CXCursor c)
{
	enum CXCursorKind k = clang_getCursorKind(c);
	struct children ch;
	long long v;

	if (k == CXCursor_ReturnStmt || k == CXCursor_GotoStmt || k == CXCursor_BreakStmt ||
	    k == CXCursor_ContinueStmt)
		return true;
	ch = children_of(c);
	if (!ch.n || ch.n > ARRAY_SIZE(ch.c))
		return false;
	if (k == CXCursor_CompoundStmt)
		return always_leaves(ch.c[ch.n - 1]);
	if (k == CXCursor_IfStmt && ch.n >= 2 && fold_cond(ch.c[0], &v))
		return v ? always_leaves(ch.c[1]) : ch.n > 2 && always_leaves(ch.c[2]);
	return false;
}

/*
 * A block's statements after one that always leaves never run, up to
 * the next label (a goto may land there) or case.
 */
static void walk_compound(struct walk *w, CXCursor c)
{
	struct child_list body = { 0 };
	bool dead = false;

	clang_visitChildren(c, list_child, &body);
	for (size_t i = 0; i < body.nr; i++) {
		enum CXCursorKind k = clang_getCursorKind(body.c[i]);

		/* A label, or a switch's case, is a way in. */
		if (k == CXCursor_LabelStmt || k == CXCursor_CaseStmt || k == CXCursor_DefaultStmt)
			dead = false;
		if (dead)
			continue;
		walk(w, body.c[i]);
		dead = always_leaves(body.c[i]);
	}
	free(body.c);
}

static enum CXChildVisitResult walk_after_first(CXCursor c, CXCursor parent, CXClientData data)
{
	struct walk *w = data;

	(void)parent;
	if (w->skip_first) {
		w->skip_first = false;
		return CXChildVisit_Continue;
	}
	return walk_cursor(c, w);
}

/*
 * _Generic(ctl, T: a, ...): the controlling expression is never evaluated.
 * libclang does not say which association is chosen, so all of them count.
 */
static void walk_generic(struct walk *w, CXCursor c)
{
	bool saved = w->skip_first;

	w->skip_first = true;
	clang_visitChildren(c, walk_after_first, w);
	w->skip_first = saved;
}

/* Only the last child is evaluated; the others are the type (and its typeofs). */
static void walk_last_child(struct walk *w, CXCursor c)
{
	struct children ch = children_of(c);

	if (ch.n && ch.n <= ARRAY_SIZE(ch.c))
		walk(w, ch.c[ch.n - 1]);
	else if (ch.n)
		clang_visitChildren(c, visit_child, w);
}

/*
 * Does the label statement C (case or default, possibly several stacked:
 * "case 1: case 2: stmt") take the value V? *body is the statement under
 * the labels.
 */
static bool label_takes(CXCursor c, long long v, bool want_default, CXCursor *body)
{
	bool hit = false;

	for (;;) {
		enum CXCursorKind k = clang_getCursorKind(c);
		struct children ch;

		if (k != CXCursor_CaseStmt && k != CXCursor_DefaultStmt)
			break;
		ch = children_of(c);
		if (!ch.n || ch.n > ARRAY_SIZE(ch.c))
			break;
		if (k == CXCursor_DefaultStmt) {
			hit |= want_default;
		} else if (!want_default) {
			long long lo, hi;

			/* "case lo ... hi:" has both bounds before the statement. */
			if (fold_int(ch.c[0], &lo)) {
				hi = lo;
				if (ch.n == 3)
					fold_int(ch.c[1], &hi);
				hit |= v >= lo && v <= hi;
			}
		}
		c = ch.c[ch.n - 1];
	}
	*body = c;
	return hit;
}

/*
 * switch on a constant: only the statements from the matching label to
 * the next break at the top of the body run. The kernel's size-dispatch
 * macros (this_cpu_read(), xchg(), get_user()) call a function that
 * exists nowhere in the default case, which gcc removes.
 */
static void walk_switch(struct walk *w, CXCursor c)
{
	struct children ch = children_of(c);
	struct child_list body = { 0 };
	CXCursor first;
	size_t start = SIZE_MAX;
	long long v;

	if (ch.n != 2 || !fold_cond(ch.c[0], &v) ||
	    clang_getCursorKind(ch.c[1]) != CXCursor_CompoundStmt) {
		clang_visitChildren(c, visit_child, w);
		return;
	}
	clang_visitChildren(ch.c[1], list_child, &body);
	for (int pass = 0; pass < 2 && start == SIZE_MAX; pass++)
		for (size_t i = 0; i < body.nr && start == SIZE_MAX; i++)
			if (label_takes(body.c[i], v, pass == 1, &first))
				start = i;
	/* No label takes it: nothing in the body runs. */
	if (start != SIZE_MAX && clang_getCursorKind(first) != CXCursor_BreakStmt) {
		walk(w, first);
		for (size_t i = start + 1; i < body.nr; i++) {
			CXCursor stmt;

			label_takes(body.c[i], v, false, &stmt);
			if (clang_getCursorKind(stmt) == CXCursor_BreakStmt)
				break;
			walk(w, stmt);
		}
	}
	free(body.c);
}

static bool is_jump_label_call(CXCursor call)
{
	CXCursor callee = clang_getCursorReferenced(call);
	char *name;
	bool yes;

	if (clang_Cursor_isNull(callee))
		return false;
	name = cx_string(clang_getCursorSpelling(callee));
	yes = !strcmp(name, "arch_static_branch") || !strcmp(name, "arch_static_branch_jump");
	free(name);
	return yes;
}

static enum CXChildVisitResult walk_cursor(CXCursor c, struct walk *w)
{
	CXCursor init;

	switch (clang_getCursorKind(c)) {
	case CXCursor_DeclRefExpr:
		note_decl_ref(w, c, clang_getCursorReferenced(c));
		return CXChildVisit_Continue;
	case CXCursor_UnaryExpr:	/* sizeof, _Alignof: never evaluated */
	case CXCursor_StaticAssert:
	case CXCursor_TypedefDecl:
	case CXCursor_StructDecl:
	case CXCursor_UnionDecl:
	case CXCursor_EnumDecl:
	case CXCursor_FieldDecl:
	case CXCursor_ParmDecl:
	case CXCursor_TypeRef:
	case CXCursor_FunctionDecl:	/* block-scope prototypes */
		return CXChildVisit_Continue;
	case CXCursor_VarDecl:
		/* The type may hold typeof(expr); only the initialiser runs. */
		init = clang_Cursor_getVarDeclInitializer(c);
		if (!clang_Cursor_isNull(init))
			walk(w, init);
		return CXChildVisit_Continue;
	case CXCursor_CStyleCastExpr:
	case CXCursor_CompoundLiteralExpr:
		walk_last_child(w, c);
		return CXChildVisit_Continue;
	case CXCursor_IfStmt:
	case CXCursor_ConditionalOperator:
		walk_conditional(w, c);
		return CXChildVisit_Continue;
	case CXCursor_SwitchStmt:
		walk_switch(w, c);
		return CXChildVisit_Continue;
	case CXCursor_CompoundStmt:
		walk_compound(w, c);
		return CXChildVisit_Continue;
	case CXCursor_BinaryOperator:
		walk_binary(w, c);
		return CXChildVisit_Continue;
	case CXCursor_GenericSelectionExpr:
		walk_generic(w, c);
		return CXChildVisit_Continue;
	case CXCursor_UnexposedExpr:
		/*
		 * __builtin_types_compatible_p (the kernel's __same_type),
		 * __builtin_constant_p and friends are "unexposed" in libclang
		 * 14; their operands are never evaluated. Any unexposed
		 * expression that folds to an integer is a compile-time
		 * constant, with no relocation in the object.
		 */
		if (fold_int(c, NULL))
			return CXChildVisit_Continue;
		return CXChildVisit_Recurse;
	case CXCursor_CallExpr:
		w->callee = direct_callee(c);
		if (is_jump_label_call(c)) {
			w->jump_label++;
			clang_visitChildren(c, visit_child, w);
			w->jump_label--;
			return CXChildVisit_Continue;
		}
		return CXChildVisit_Recurse;
	default:
		return CXChildVisit_Recurse;
	}
}

/* The body of a function definition, without its prototype's types. */
static void walk_function(struct walk *w, CXCursor fn)
{
	struct children ch = children_of(fn);

	if (ch.n && ch.n <= ARRAY_SIZE(ch.c)) {
		if (clang_getCursorKind(ch.c[ch.n - 1]) == CXCursor_CompoundStmt)
			walk(w, ch.c[ch.n - 1]);
		return;
	}
	/* Many parameters: find the body among all children. */
	clang_visitChildren(fn, visit_child, w);
}

/* ---- the patch's own livepatch structures ----------------------------- */

struct init_field {
	char *field;		/* designator, or NULL when positional */
	unsigned int index;	/* position in the initialiser list */
	CXCursor value;
};

struct field_list {
	struct init_field f[16];
	unsigned int n;
};

static enum CXChildVisitResult collect_field(CXCursor c, CXCursor parent, CXClientData data)
{
	struct field_list *fl = data;
	struct init_field *f;
	struct children ch;

	(void)parent;
	if (fl->n >= ARRAY_SIZE(fl->f))
		return CXChildVisit_Break;
	f = &fl->f[fl->n];
	f->index = fl->n++;
	f->field = NULL;
	f->value = c;
	/* ".name = v" is a designated initialiser: MemberRef, then the value. */
	ch = children_of(c);
	if (ch.n == 2 && clang_getCursorKind(ch.c[0]) == CXCursor_MemberRef) {
		f->field = cx_string(clang_getCursorSpelling(ch.c[0]));
		f->value = ch.c[1];
	}
	return CXChildVisit_Continue;
}

static enum CXChildVisitResult find_value(CXCursor c, CXCursor parent, CXClientData data)
{
	CXCursor *out = data;
	enum CXCursorKind k = clang_getCursorKind(c);

	(void)parent;
	if (k == CXCursor_StringLiteral || k == CXCursor_DeclRefExpr ||
	    k == CXCursor_IntegerLiteral) {
		*out = c;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

/* The literal or name under implicit casts and parentheses. */
static CXCursor value_core(CXCursor v)
{
	CXCursor out = clang_getNullCursor();
	enum CXCursorKind k = clang_getCursorKind(v);

	if (k == CXCursor_StringLiteral || k == CXCursor_DeclRefExpr || k == CXCursor_IntegerLiteral)
		return v;
	clang_visitChildren(v, find_value, &out);
	return out;
}

/*
 * The text of a string literal as printed or spelled ("a" "b" joined,
 * escapes undone): a klp_func's old_name, a file-scope asm().
 */
static char *literal_text(const char *printed)
{
	const char *p = strchr(printed, '"');
	char *out, *o;

	if (!p)
		return NULL;
	out = o = xmalloc(strlen(p) + 1);
	for (p++; *p; p++) {
		if (*p == '"') {
			/* "a" "b": adjacent literals, as the printer may keep them */
			const char *q = p + 1;

			while (*q == ' ' || *q == '\n')
				q++;
			if (*q != '"')
				break;
			p = q;
			continue;
		}
		if (*p == '\\' && p[1]) {
			p++;
			*o++ = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
			continue;
		}
		*o++ = *p;
	}
	*o = 0;
	return out;
}

static char *value_string(CXCursor v)
{
	CXCursor c = value_core(v);
	char *spelling, *s;

	if (clang_Cursor_isNull(c))
		return NULL;
	if (clang_getCursorKind(c) == CXCursor_DeclRefExpr)
		return cx_string(clang_getCursorSpelling(c));
	if (clang_getCursorKind(c) != CXCursor_StringLiteral)
		return NULL;
	spelling = cx_string(clang_getCursorSpelling(c));
	s = literal_text(spelling);
	free(spelling);
	return s;
}

static const struct init_field *field_get(const struct field_list *fl, const char *name,
					  unsigned int position)
{
	for (unsigned int i = 0; i < fl->n; i++)
		if (fl->f[i].field ? !strcmp(fl->f[i].field, name) : fl->f[i].index == position)
			return &fl->f[i];
	return NULL;
}

static void field_list_free(struct field_list *fl)
{
	for (unsigned int i = 0; i < fl->n; i++)
		free(fl->f[i].field);
}

struct patch_walk {
	struct unit *u;
	char *array;
	bool is_object;
};

/* One element of a klp_func[] or klp_object[] initialiser. */
static enum CXChildVisitResult patch_element(CXCursor c, CXCursor parent, CXClientData data)
{
	struct patch_walk *pw = data;
	struct unit *u = pw->u;
	struct field_list fl = { .n = 0 };
	const struct init_field *f;

	(void)parent;
	if (clang_getCursorKind(c) != CXCursor_InitListExpr) {
		/* [0] = { ... }: a designator before the element. */
		struct children ch = children_of(c);

		if (ch.n && ch.n <= ARRAY_SIZE(ch.c) &&
		    clang_getCursorKind(ch.c[ch.n - 1]) == CXCursor_InitListExpr)
			return patch_element(ch.c[ch.n - 1], c, data);
		return CXChildVisit_Continue;
	}
	clang_visitChildren(c, collect_field, &fl);
	if (!fl.n) {
		field_list_free(&fl);
		return CXChildVisit_Continue;	/* the { } terminator */
	}
	if (pw->is_object) {
		struct klp_object_info o = { 0 };

		if ((f = field_get(&fl, "name", 0)))
			o.name = value_string(f->value);
		if ((f = field_get(&fl, "funcs", 1)))
			o.funcs = value_string(f->value);
		ALLOC_GROW(u->objects, u->nr_objects, u->alloc_objects);
		u->objects[u->nr_objects++] = o;
	} else {
		struct klp_func_info fi = { .array = xstrdup(pw->array) };
		long long pos;

		clang_getExpansionLocation(clang_getCursorLocation(c), NULL, NULL, NULL, &fi.offset);
		if ((f = field_get(&fl, "old_name", 0)))
			fi.old_name = value_string(f->value);
		if ((f = field_get(&fl, "old_sympos", 2)) && fold_int(value_core(f->value), &pos))
			fi.old_sympos = pos;
		if (fi.old_name) {
			ALLOC_GROW(u->funcs, u->nr_funcs, u->alloc_funcs);
			u->funcs[u->nr_funcs++] = fi;
		} else {
			free(fi.array);
		}
	}
	field_list_free(&fl);
	return CXChildVisit_Continue;
}

/* "static struct klp_func funcs[] = { { .old_name = "x", ... }, { } };" */
static void patch_structs_read(struct unit *u, CXCursor var, CXCursor init)
{
	char *type = cx_string(clang_getTypeSpelling(clang_getCursorType(var)));
	struct patch_walk pw = { .u = u };
	bool array = strchr(type, '[') != NULL;

	if (strstr(type, "struct klp_func"))
		pw.is_object = false;
	else if (strstr(type, "struct klp_object"))
		pw.is_object = true;
	else
		goto out;
	pw.array = cx_string(clang_getCursorSpelling(var));
	if (array)
		clang_visitChildren(init, patch_element, &pw);
	else
		patch_element(init, var, &pw);
	free(pw.array);
out:
	free(type);
}

/* ---- the main file's own declarations --------------------------------- */

static struct decl_info *decl_get(struct walk *w, const char *name)
{
	for (size_t i = 0; i < w->nr_decls; i++)
		if (!strcmp(w->decls[i].name, name))
			return &w->decls[i];
	ALLOC_GROW(w->decls, w->nr_decls, w->alloc_decls);
	memset(&w->decls[w->nr_decls], 0, sizeof(w->decls[0]));
	w->decls[w->nr_decls].name = xstrdup(name);
	return &w->decls[w->nr_decls++];
}

/* The end of a declaration: past its ';', at the start of the next line. */
static unsigned int decl_end(struct unit *u, CXCursor c)
{
	CXSourceRange r = clang_getCursorExtent(c);
	unsigned int off;

	clang_getExpansionLocation(clang_getRangeEnd(r), NULL, NULL, NULL, &off);
	while (off < u->len && u->text[off] != ';')
		off++;
	return line_after(u->text, u->len, off);
}

static void note_declaration(struct walk *w, CXCursor c, const char *name, bool is_func)
{
	struct unit *u = w->u;
	struct decl_info *d = decl_get(w, name);
	unsigned int start;

	d->end = decl_end(u, c);
	clang_getExpansionLocation(clang_getRangeStart(clang_getCursorExtent(c)), NULL, NULL, NULL,
				   &start);
	/* "static int foo(int);" copied from the kernel: the body is the kernel's. */
	if (is_func && clang_Cursor_getStorageClass(c) == CX_SC_Static &&
	    start + 6 <= u->len && !memcmp(u->text + start, "static", 6) &&
	    !is_ident(u->text[start + 6])) {
		d->is_static_func = true;
		d->static_off = start;
	}
}

static void defined_add(struct unit *u, const char *name)
{
	ALLOC_GROW(u->defined, u->nr_defined, u->alloc_defined);
	u->defined[u->nr_defined++] = xstrdup(name);
}


static bool is_asm_ident(char c)
{
	return is_ident(c) || c == '.' || c == '$';
}

/*
 * A file-scope asm() the unit emits may define symbols: static call
 * trampolines of the unit's own tracepoints, for one. Each "name:" label
 * and ".set name, ..." is a symbol the object defines.
 */
static void asm_defines(struct unit *u, CXCursor c)
{
	CXPrintingPolicy pol = clang_getCursorPrintingPolicy(c);
	char *printed = cx_string(clang_getCursorPrettyPrinted(c, pol));
	char *text, *line, *save = NULL;

	clang_PrintingPolicy_dispose(pol);
	if (strncmp(printed, "__asm", 5) || !(text = literal_text(printed))) {
		free(printed);
		return;
	}
	for (line = strtok_r(text, "\n;", &save); line; line = strtok_r(NULL, "\n;", &save)) {
		char *p = line, *name;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!strncmp(p, ".set", 4) && (p[4] == ' ' || p[4] == '\t')) {
			for (p += 4; *p == ' ' || *p == '\t'; p++)
				;
			name = p;
			while (is_asm_ident(*p))
				p++;
			if (p > name && (*p == ',' || *p == ' ')) {
				*p = 0;
				defined_add(u, name);
			}
			continue;
		}
		name = p;
		while (is_asm_ident(*p))
			p++;
		if (p > name && *p == ':' && !(name[0] >= '0' && name[0] <= '9')) {
			*p = 0;
			defined_add(u, name);
		}
	}
	free(text);
	free(printed);
}

static bool in_block(const struct unit *u, unsigned int offset)
{
	for (size_t i = 0; i < u->nr_blocks; i++)
		if (offset >= u->blocks[i].start && offset < u->blocks[i].end)
			return true;
	return false;
}

static void note_include(struct unit *u, CXFile included, long main_offset, void *data)
{
	struct walk *w = data;

	(void)u;
	if (main_offset < 0)
		return;
	ALLOC_GROW(w->includes, w->nr_includes, w->alloc_includes);
	w->includes[w->nr_includes].file = included;
	w->includes[w->nr_includes++].offset = (unsigned int)main_offset;
}

/* Where the main file brings in the header that holds C: its #include. */
static unsigned int include_offset(struct walk *w, CXCursor c)
{
	CXFile f;

	if (!w->nr_includes)
		unit_inclusions(w->u, note_include, w);
	clang_getExpansionLocation(clang_getCursorLocation(c), &f, NULL, NULL, NULL);
	for (size_t i = 0; f && i < w->nr_includes; i++)
		if (clang_File_isEqual(w->includes[i].file, f))
			return w->includes[i].offset;
	return 0;
}

/*
 * A definition in a header. gcc emits it, and its references, whether the
 * main file uses it or not, when it has external linkage (and is no
 * inline) or is marked used: the trace events a unit creates with
 * CREATE_TRACE_POINTS, for one. Those are walked as header inlines are,
 * from the main file's #include that brings them in. Other header definitions count only
 * once used.
 */
static void header_definition(struct walk *w, CXCursor c, enum CXCursorKind k)
{
	struct decl_attrs a;
	bool emitted;
	char *name;

	if (k == CXCursor_FunctionDecl) {
		/*
		 * Inlined first: on a unit with a precompiled preamble (the
		 * language server's), asking for a definition deserialises
		 * every header inline's body.
		 */
		if (clang_Cursor_isFunctionInlined(c) || !clang_isCursorDefinition(c))
			return;
	} else if (clang_Cursor_isNull(clang_Cursor_getVarDeclInitializer(c))) {
		return;
	}
	name = cx_string(clang_getCursorSpelling(c));
	emitted = clang_getCursorLinkage(c) == CXLinkage_External;
	if (!emitted) {
		attrs_get(c, name, &a);
		free(a.label);
		emitted = a.used;
	} else {
		defined_add(w->u, name);
	}
	if (emitted)
		queue_inline(w, c, name, include_offset(w, c));
	free(name);
}

/* "int f(void) __attribute__((alias("g")));" defines f (module_init() too). */
static bool is_alias(CXCursor c, const char *name)
{
	struct decl_attrs a;

	if (!clang_Cursor_hasAttrs(c))
		return false;
	attrs_get(c, name, &a);
	free(a.label);
	return a.alias;
}

struct roots {
	CXCursor *c;
	size_t nr, alloc;
};

struct top_walk {
	struct walk *w;
	struct roots roots;
};

/*
 * The main file's file-scope declarations: what it defines (roots of the
 * walk), what it only declares (where the annotation block may go), and
 * the patch's klp_func/klp_object tables.
 */
static enum CXChildVisitResult top_decl(CXCursor c, CXCursor parent, CXClientData data)
{
	struct top_walk *tw = data;
	struct walk *w = tw->w;
	struct unit *u = w->u;
	enum CXCursorKind k = clang_getCursorKind(c);
	unsigned int offset;
	char *name;

	(void)parent;
	if (k == CXCursor_UnexposedDecl)	/* file-scope asm, from any file */
		asm_defines(u, c);
	if (k != CXCursor_FunctionDecl && k != CXCursor_VarDecl)
		return CXChildVisit_Continue;
	if (!in_main_file(w, c, &offset)) {
		header_definition(w, c, k);
		return CXChildVisit_Continue;
	}
	if (in_block(u, offset))
		return CXChildVisit_Continue;
	name = cx_string(clang_getCursorSpelling(c));
	if (k == CXCursor_FunctionDecl) {
		if (clang_isCursorDefinition(c) || is_alias(c, name)) {
			defined_add(u, name);
			ALLOC_GROW(tw->roots.c, tw->roots.nr, tw->roots.alloc);
			tw->roots.c[tw->roots.nr++] = c;
		} else {
			note_declaration(w, c, name, true);
		}
	} else {
		CXCursor init = clang_Cursor_getVarDeclInitializer(c);

		/* A tentative "int x;" is a definition too, whatever libclang says. */
		if (clang_Cursor_getStorageClass(c) != CX_SC_Extern || !clang_Cursor_isNull(init))
			defined_add(u, name);
		else
			note_declaration(w, c, name, false);
		if (!clang_Cursor_isNull(init)) {
			patch_structs_read(u, c, init);
			ALLOC_GROW(tw->roots.c, tw->roots.nr, tw->roots.alloc);
			tw->roots.c[tw->roots.nr++] = c;
		}
	}
	free(name);
	return CXChildVisit_Continue;
}

static void refs_attach_decls(struct walk *w)
{
	struct unit *u = w->u;

	for (size_t i = 0; i < u->nr_refs; i++) {
		struct ref *r = &u->refs[i];

		for (size_t j = 0; j < w->nr_decls; j++) {
			struct decl_info *d = &w->decls[j];

			if (strcmp(d->name, r->name))
				continue;
			r->main_decl = true;
			r->declared = true;
			r->decl_end = d->end;
			r->static_decl = d->is_static_func;
			r->static_off = d->static_off;
		}
	}
}

static void walk_free(struct walk *w)
{
	for (size_t i = 0; i < w->nr_queue; i++)
		free(w->queue[i].via);
	free(w->queue);
	free(w->seen);
	free(w->seen_hash);
	for (size_t i = 0; i < w->nr_decls; i++)
		free(w->decls[i].name);
	free(w->decls);
	free(w->includes);
}

static void unit_refs_find(struct job *job, struct unit *u)
{
	struct walk w = { .job = job, .u = u };
	struct top_walk tw = { .w = &w };

	text_scan(u);
	u->ibt = unit_has_ibt(u);
	for (size_t i = 0; i < job->opt.nr_origins; i++)
		origin_add(u, job->opt.origins[i], strlen(job->opt.origins[i]));
	clang_visitChildren(clang_getTranslationUnitCursor(u->tu), top_decl, &tw);

	for (size_t i = 0; i < tw.roots.nr; i++) {
		CXCursor c = tw.roots.c[i];
		unsigned int start;

		clang_getFileLocation(clang_getRangeStart(clang_getCursorExtent(c)), NULL, NULL, NULL,
				      &start);
		w.root_start = line_start(u->text, start);

		if (clang_getCursorKind(c) == CXCursor_FunctionDecl)
			walk_function(&w, c);
		else
			walk(&w, clang_Cursor_getVarDeclInitializer(c));
	}
	/* Header inlines, in the order the main file first reached them. */
	w.in_inline = true;
	for (size_t i = 0; i < w.nr_queue; i++) {
		CXCursor def = w.queue[i].def;

		w.ctx_offset = w.queue[i].offset;
		w.ctx_via = w.queue[i].via;
		if (clang_getCursorKind(def) == CXCursor_VarDecl)
			walk(&w, clang_Cursor_getVarDeclInitializer(def));
		else
			walk_function(&w, def);
	}
	refs_attach_decls(&w);
	free(tw.roots.c);
	walk_free(&w);
}

int refs_find(struct job *job)
{
	for (size_t i = 0; i < job->nr_units; i++) {
		double t0 = now();

		unit_refs_find(job, &job->units[i]);
		if (job->opt.verbose)
			note("%s: %zu kernel symbols referenced, found in %.3f s", job->units[i].path,
			     job->units[i].nr_refs, now() - t0);
	}
	return 0;
}
