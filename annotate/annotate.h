/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * klp-annotate's data, in the order main() produces it:
 *
 *   struct options        the command line (flags.c)
 *   struct unit           one source file: its compile command, its text,
 *                         the libclang unit, and what the walk found in it
 *   struct ref            one kernel symbol the unit needs (refs.c), with
 *                         the classification filled in by classify.c
 *   struct diag           one finding to report
 *   struct edit           one byte-offset edit of a unit's text (edits.c)
 *
 * The edit list does not know about output modes: emit.c renders the same
 * list as diagnostics with fix-its, a rewritten file, or a diff; export.c
 * as clang-tidy's YAML and as SARIF; lsp.c as LSP diagnostics and code
 * actions. None of them analyses anything.
 */
#ifndef KLP_ANNOTATE_H
#define KLP_ANNOTATE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include <clang-c/Index.h>

#include "stamp.h"
#include "symdb.h"
#include "util.h"

struct symdb;
struct symdb_sym;

enum mode {
	MODE_DIAG,	/* default: diagnostics with fix-its on stderr */
	MODE_FIX,	/* rewrite the file in place */
	MODE_CHECK,	/* exit 1 if anything would change, write nothing */
	MODE_DIFF,	/* unified diff on stdout */
	MODE_REFS,	/* every referenced kernel symbol and its verdict, on stdout */
};

struct options {
	enum mode mode;
	const char **files;
	size_t nr_files, alloc_files;
	/* Compiler flags given after "--", or passed through in checker mode. */
	char **cflags;
	size_t nr_cflags, alloc_cflags;
	bool have_dashdash;
	bool checker;		/* invoked as kbuild's CHECK= */
	const char *compdb_dir;	/* -p */
	/* --extra-arg, appended to any command; fixed, so nothing to free */
	const char *extra_args[64];
	size_t nr_extra_args;
	/* --extra-arg-before: ahead of the command's flags (an -I that must win) */
	const char *first_args[16];
	size_t nr_first_args;
	const char *cmd_file;	/* --cmd: a kbuild .FILE.o.cmd */
	const char *workdir;	/* -C: where the compile command runs */
	struct symdb_input *inputs;	/* loaded in command-line order */
	size_t nr_inputs, alloc_inputs;
	const char **origins;	/* --origin */
	size_t nr_origins, alloc_origins;
	const char **klp_objects;	/* --klp-object */
	size_t nr_klp_objects, alloc_klp_objects;
	const char *object;	/* --object */
	const char *module_object;	/* --module-object: the module, all files linked */
	char *object_owned;	/* the checker's FILE.o, when we found it */
	bool verbose;
	bool version;		/* --version */
	bool parseable_fixits;	/* fix-its with --check too */
	const char *export_fixes;	/* clang-tidy YAML */
	const char *sarif;
	bool lsp;		/* serve LSP on stdin/stdout */
	bool text_from_stdin;	/* --stdin: files[0]'s text (the staged one, say) */
	/* The language server's buffer for files[0], instead of the disk's. */
	const char *unsaved_text;
	size_t unsaved_len;
	/* Keep macro definitions and expansions as cursors (klp-create's extraction). */
	bool macro_record;
};

/* A compile command: the arguments libclang gets, and where it runs. */
struct compile_cmd {
	char **argv;
	size_t argc, alloc;
	char *dir;
};

enum verdict {
	V_UNKNOWN,
	V_NOTHING,	/* defined by the module, exported by vmlinux, or the loader's */
	V_SYMPOS,	/* needs KLP_SYMPOS(name, pos) in KLP_MODULE_RELOC(obj) */
	V_ERROR,	/* cannot be annotated; a diag says why */
	V_UNDECIDED,	/* not in the kernel, needed only if the compiler keeps it; a warning */
};

struct ref {
	char *name;		/* the C name, as the source spells it */
	char *label;		/* the object's name, when an asm label renames it */
	bool is_func;
	bool weak;		/* declared weak: resolves to NULL when absent */
	bool warning_attr;	/* __attribute__((warning)): a compile-time check */
	bool authors_use;	/* spelled by the source itself, not by a macro or inline */
	bool optimised_away;	/* --object: gcc kept no reference to it */
	bool header_decl;	/* declared by a header: it binds to a global symbol */
	bool jump_label;	/* the key of a static branch (asm goto + __jump_table) */
	bool from_object;	/* only the object's relocations show it */
	bool declared;		/* has a declaration the annotation can use */
	/* Where the unit first uses it, in the main file. */
	unsigned int offset, line, col;
	char *via;		/* header inline it was reached through, or NULL */
	/* A file-scope declaration in the main file (for placing the block). */
	bool main_decl;
	unsigned int decl_end;	/* start of the line after its last one */
	bool static_decl;	/* "static" on a declaration with no definition */
	unsigned int static_off;
	/*
	 * A function whose address the unit takes instead of calling it
	 * (ibt.c): the names the author spelled, how many uses a fix-it
	 * cannot reach (a macro's body, a header), and where the first use's
	 * file-scope declaration starts.
	 */
	unsigned int *addr_sites;
	size_t nr_addr_sites, alloc_addr_sites;
	unsigned int nr_addr_hidden;
	unsigned int addr_first, addr_root;
	/* Its prototype, for a wrapper: NULL when it cannot have one (variadic). */
	char *sig_ret, *sig_params, *sig_args;
	int ibt_diag;		/* the finding about its address, or -1 */

	/* classify.c */
	enum verdict verdict;
	bool module_export;	/* exported, but only by a module */
	const char *obj;
	unsigned long pos;
	const struct symdb_sym *sym;	/* the chosen occurrence, if known */
	char *evidence;		/* how pos was chosen, for notes */
	bool kept_existing;	/* ambiguous, but the source's own entry is valid */
	int diag;		/* the finding that asks for its entry, or -1 */
	/* When ambiguous: every candidate, for the error's fix-its. */
	const struct symdb_sym **cands;
	size_t nr_cands;
};

/* One entry of an existing KLP_MODULE_RELOC block in the source. */
struct reloc_entry {
	char *sym;
	unsigned long pos;
};

struct reloc_block {
	char *obj;
	char *array;
	unsigned int start, end;	/* "KLP_MODULE_RELOC" .. past "};" */
	struct reloc_entry *entries;
	size_t nr_entries, alloc_entries;
};

/* What the patch's own klp_func / klp_object initialisers say. */
struct klp_func_info {
	char *array;		/* the klp_func[] variable */
	char *old_name;
	unsigned long old_sympos;
	unsigned int offset;	/* of its initialiser, in the main file */
};

struct klp_object_info {
	char *name;		/* NULL: vmlinux */
	char *funcs;		/* the klp_func[] it points to, or NULL */
};

enum severity { SEV_NOTE, SEV_WARNING, SEV_ERROR };

struct diag {
	enum severity sev;
	struct unit *unit;
	unsigned int line, col;	/* 0: no location */
	unsigned int offset;	/* ~0u: no location */
	char *id;		/* "klp-unannotated" ... */
	char *msg;
	char **notes;
	size_t nr_notes, alloc_notes;
	/* Alternative fix-its (one per candidate), rendered but never applied. */
	struct edit *alts;
	size_t nr_alts, alloc_alts;
};

struct edit {
	unsigned int offset, len;	/* bytes [offset, offset+len) become text */
	unsigned int seq;		/* orders insertions at one offset */
	char *text;
	int diag;			/* the finding it fixes, or -1 */
};

/* A file the cached preamble included: OFFSET is the main file's #include, or -1. */
struct pre_inc {
	char *path;
	long offset;
};

struct unit {
	const char *path;	/* as given */
	char *abspath;
	char *text;		/* the bytes as read, NUL-terminated */
	size_t len;
	unsigned int mode;	/* file mode, kept by --fix */
	struct compile_cmd cmd;
	CXTranslationUnit tu;
	CXFile file;

	struct ref *refs;
	size_t nr_refs, alloc_refs;
	struct reloc_block *blocks;
	size_t nr_blocks, alloc_blocks;
	struct klp_func_info *funcs;
	size_t nr_funcs, alloc_funcs;
	struct klp_object_info *objects;
	size_t nr_objects, alloc_objects;
	char **origins;		/* klp-origin comments and --origin */
	size_t nr_origins, alloc_origins;
	char **defined;		/* names the unit defines at file scope */
	size_t nr_defined, alloc_defined;
	bool has_include;	/* includes klp_reloc.h already */
	/* Built for CONFIG_X86_KERNEL_IBT: the kernel seals what it never calls indirectly. */
	bool ibt;
	/* A KLP_MODULE_RELOC block we cannot read: we change nothing then. */
	bool has_unreadable_block;
	unsigned int unreadable_block;
	unsigned int include_end;	/* start of the line after the last #include */
	/* Parsed with the preamble cache: the inclusions its .pch made (preamble.c). */
	struct pre_inc *pre_incs;
	size_t nr_pre_incs;
	/* Parsed without it: its entry is to be built once the run has answered. */
	bool pre_build;
	unsigned int pre_options;

	struct edit *edits;
	size_t nr_edits, alloc_edits;
};

/* A file a unit read, and how it looked then: a change on disk means a new parse. */
struct kept_file {
	char *path;
	struct file_stamp st;
};

/*
 * A unit's parse, kept from one analysis to the next (the language
 * server's documents, kept.c): each new text is reparsed into it, and
 * libclang reuses the precompiled preamble (the headers the leading
 * #includes bring in) as long as those lines and headers stay the same.
 */
struct kept_parse {
	CXTranslationUnit tu;
	struct compile_cmd cmd;		/* the command it was parsed with */
	struct kept_file *files;	/* what it read besides the main file */
	size_t nr_files;
	char *head;			/* the text's leading directives, as parsed */
	size_t head_len;
	bool reparsed;			/* the last analysis reparsed it */
};

/*
 * What a caller that analyses again and again (lsp.c) keeps between
 * analyses and lends each job; job_free() hands it back, not freeing it.
 * NULL members are created by the job and kept from then on.
 */
struct keep {
	CXIndex index;
	struct symdb *db;		/* the symbols, loaded once */
	struct kept_parse *parse;	/* files[0]'s */
};

struct job {
	struct options opt;
	struct keep *keep;	/* NULL: everything is the job's own */
	struct symdb *db;
	/* The symbols load on their own thread while the units parse. */
	pthread_t symbols_tid;
	bool symbols_started;
	int symbols_ret;
	double symbols_time;
	char *symbols_from_cwd;
	char *symbols_cache;	/* symdb_cache_dir(), taken before the parse moves */
	char **input_paths;
	CXIndex index;
	char *stdin_text;	/* --stdin */
	struct unit *units;
	size_t nr_units;
	struct diag *diags;
	size_t nr_diags, alloc_diags;
	bool parse_failed;
	/* --object: the symbols its code and data relocations need. */
	char **object_syms;
	size_t nr_object_syms, alloc_object_syms;
	bool have_object;
	/* --module-object: what the module's other files define. */
	char **module_syms;
	size_t nr_module_syms, alloc_module_syms;
};

int job_analyse(struct job *job);
void job_free(struct job *job);

/* flags.c */
int options_parse(struct options *opt, int argc, char **argv);
void checker_find_object(struct options *opt);
int compile_cmd_find(const struct options *opt, const char *file, struct compile_cmd *cmd);
void compile_cmd_free(struct compile_cmd *cmd);
int symbols_load_start(struct job *job);
int symbols_load_wait(struct job *job);

/* parse.c */
int units_parse(struct job *job);
char *cx_string(CXString s);	/* a copy, and the CXString disposed */

/* kept.c */
enum CXErrorCode kept_parse_update(struct job *job, struct unit *u, struct kept_parse *kept,
				   struct CXUnsavedFile *buffer, unsigned int nr_buffers,
				   unsigned int options);
void kept_parse_free(struct kept_parse *kept);
size_t text_head(const char *t, size_t len);
size_t text_preamble_cut(const char *t, size_t len);
bool text_defines(const char *t, size_t len, const char *name);

/* preamble.c */
#define PREAMBLE_BUILD_ARG "--preamble-build"
enum CXErrorCode preamble_parse(struct job *job, struct unit *u, struct CXUnsavedFile *buffer,
				unsigned int options);
void preamble_builders_start(struct job *job);
int preamble_build_main(int argc, char **argv);
/*
 * Each file the unit included, and the offset of the main file's
 * #include that brought it in (-1: none, a -include of the command's).
 */
typedef void (*inclusion_fn)(struct unit *u, CXFile f, long main_offset, void *data);
void unit_inclusions(struct unit *u, inclusion_fn fn, void *data);

/* source.c */
void text_scan(struct unit *u);
void origin_add(struct unit *u, const char *s, size_t n);

/* refs.c */
int refs_find(struct job *job);

/* object.c */
int object_cross_check(struct job *job);

/* classify.c */
int refs_classify(struct job *job);

/* ibt.c */
bool unit_has_ibt(struct unit *u);
void ibt_check(struct job *job, struct unit *u);
void ibt_plan(struct job *job, struct unit *u);

/* edits.c */
int edits_plan(struct job *job);
void edit_add(struct unit *u, unsigned int offset, unsigned int len, unsigned int seq, char *text,
	      int diag);
char *edits_apply(const struct unit *u, const struct edit *edits, size_t nr, size_t *len);

/* emit.c */
int edits_emit(struct job *job);
/* The findings, as the default mode prints them (klp-create's too). */
void diags_print(const struct job *job, bool errors_only, bool fixits);
bool diags_any_errors(const struct job *job);

/* diag helpers (emit.c) */
int diag_add(struct job *job, enum severity sev, struct unit *u, unsigned int offset,
	     const char *id, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void diag_note(struct job *job, int d, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void offset_to_linecol(const struct unit *u, unsigned int offset, unsigned int *line,
		       unsigned int *col);

/*
 * fixes.c: the edit list as non-overlapping, non-touching replacements,
 * each owned by one finding, for formats whose consumers reject edits
 * that share an offset (clang-apply-replacements, LSP clients); and
 * positions in UTF-16 code units, as LSP and SARIF count them.
 */
struct fix {
	unsigned int offset, len;
	char *text;
	int diag;	/* the finding it is reported under, or -1 */
};

size_t fixes_build(const struct job *job, const struct unit *u, struct fix **out);
void fixes_free(struct fix *f, size_t nr);
void offset_to_utf16(const char *text, size_t len, unsigned int offset, unsigned int *line,
		     unsigned int *character);
unsigned int utf16_to_offset(const char *text, size_t len, unsigned int line,
			     unsigned int character);
unsigned int diag_end_offset(const struct diag *d);
char *path_to_uri(const char *path);
char *uri_to_path(const char *uri);

/* struct buf is common/util.h's. */
void buf_add_json_string(struct buf *b, const char *s, size_t n);

/* export.c */
int fixes_export_yaml(const struct job *job, const char *path);
int sarif_export(const struct job *job, const char *path);

/* lsp.c */
int lsp_serve(const struct options *opt);

/* The symbol the object references: an asm label renames the C name. */
static inline const char *ref_symbol(const struct ref *r)
{
	return r->label ? r->label : r->name;
}

/* Shared small helpers. */
double now(void);		/* monotonic seconds, for -v */
struct ref *unit_find_ref(struct unit *u, const char *name);
struct ref *unit_find_ref_symbol(struct unit *u, const char *symbol);
bool unit_defines(const struct unit *u, const char *name);
bool job_defines(const struct job *job, const char *name);
unsigned int line_after(const char *text, size_t len, unsigned int offset);
unsigned int line_start(const char *text, unsigned int offset);

static inline bool is_ident(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

#endif
