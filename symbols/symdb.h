/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The symbol database: everything klp-annotate and klp-convert know about
 * the target kernel's symbols, from whichever inputs the user has:
 *
 *   Module.symvers        which names are exported, and by which object
 *   /proc/kallsyms        every symbol the kernel keeps, in kallsyms order
 *   System.map            vmlinux symbols in address order
 *   vmlinux, *.ko         ELF symbol tables, with STT_FILE for source files
 *
 * Objects are named as the kernel names them: "vmlinux", or a module's name
 * with '-' turned into '_' and no ".ko".
 *
 * "kallsyms order" is the order in which kallsyms_on_each_symbol() and
 * module_kallsyms_on_each_symbol() visit symbols, which is what the
 * livepatch core counts when it resolves ".klp.sym.<obj>.<name>,<pos>":
 * address order for vmlinux (with scripts/kallsyms' tie-breaks), symbol
 * table order for a module, counting the symbols its kallsyms keeps once
 * it is live (see load_sympos for while it loads). The core matches on
 * the name alone, so every symbol of that name counts, whatever its
 * type: per-cpu variables ('A') and local labels (".LC0", modules) too.
 *
 * The header grew where the tools needed more; nothing was renamed or
 * removed. Added: next_clone, load_sympos and load_count in struct
 * symdb_sym, and the walking functions (symdb_obj_at() ...) at the end.
 * Changed with the lazily checked index: where ->next and ->next_clone
 * lead from a symbol an object's query returned (see struct symdb_sym).
 */
#ifndef KLP_SYMDB_H
#define KLP_SYMDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct symdb;

/* One occurrence of a symbol in one object. */
struct symdb_sym {
	const char *name;
	const char *obj;        /* "vmlinux" or a module name */
	uint64_t addr;          /* 0 when the input had none (non-root kallsyms) */
	/*
	 * kallsyms letter: t T d D b B r R A W V ... Upper case is global,
	 * except on the module lines of /proc/kallsyms, where the kernel
	 * uses upper case for exported symbols only (a .ko read from disk
	 * says global as nm does).
	 */
	char type;
	unsigned long sympos;   /* 1-based rank among same-named symbols of obj */
	unsigned long count;    /* how many symbols of this name obj has */
	const char *file;       /* source file from STT_FILE, or NULL if unknown */
	size_t order;           /* index in obj's kallsyms order */
	/*
	 * Next occurrence of the same name (any obj). From a symbol that
	 * symdb_find() reached (for_each_symdb_sym()), every later one. From
	 * one that only a query about its object returned
	 * (symdb_find_in_obj(), symdb_obj_sym(), symdb_neighbour()), when
	 * the database came from the cached index: the rest of its object's,
	 * then NULL until symdb_find() of the name links it on. Such a query
	 * checks only the inputs its object came from; a walk into other
	 * objects needs them all checked. To walk every object, start from
	 * symdb_find().
	 */
	const struct symdb_sym *next;
	/*
	 * Added for symdb_next_clone(): the next clone of the same base name;
	 * the same way, every object's once symdb_find_clone() reached it.
	 */
	const struct symdb_sym *next_clone;
	/*
	 * Added: a module's rank and count while it is still loading. Until
	 * its init function has run, the kernel's kallsyms for a module is
	 * its whole symbol table (.init*, .modinfo, ... included); that is
	 * what the livepatch core counts when the module loads after the
	 * patch (klp_module_coming). When these differ from sympos/count, no
	 * one position works in both cases. 0 when unknown: the input was
	 * not the module's .ko, or OBJ is vmlinux (no such difference).
	 */
	unsigned long load_sympos;
	unsigned long load_count;
};

/* An EXPORT_SYMBOL from Module.symvers. */
struct symdb_export {
	const char *name;
	const char *obj;        /* "vmlinux" or a module name */
	const char *ns;         /* symbol namespace, "" if none */
	uint32_t crc;
	bool gpl_only;
};

struct symdb *symdb_new(void);
void symdb_free(struct symdb *db);

/*
 * Loaders. Each returns 0, or -1 after printing one error line that
 * names the file (and the line or symbol). They may be called in any
 * order and combined; when two inputs describe the same object's symbols
 * (System.map and vmlinux, say), the first one loaded for that object
 * wins. A file that fails leaves the database as it was; the directory
 * loaders keep what they loaded before the file that failed.
 */
int symdb_load_symvers(struct symdb *db, const char *path);
/*
 * /proc/kallsyms (with "[module]" tags) or System.map: same line format.
 * A file whose name starts with "System.map" is read as System.map (its
 * 'A' symbols are not in kallsyms), any other as /proc/kallsyms (there 'A'
 * marks per-cpu variables, which count). Lines tagged [bpf] or
 * [__builtin__*] are no module's and are skipped. All-zero addresses
 * (non-root) keep the file's order.
 */
int symdb_load_kallsyms(struct symdb *db, const char *path);
/*
 * vmlinux (ET_EXEC or ET_DYN) or one .ko (ET_REL). A module is named by
 * its .modinfo "name=", else by its file name. Added: a module compressed
 * with xz, zstd or gzip (.ko.xz, .ko.zst, .ko.gz; told by its magic
 * bytes) is decompressed in memory and read the same way; corrupt or
 * truncated data, or more than 512 MiB of it decompressed, fails.
 */
int symdb_load_elf(struct symdb *db, const char *path);
/*
 * Every .ko below DIR, recursively, in name order, not following
 * symlinks, and (added) every .ko.xz, .ko.zst and .ko.gz, read as
 * symdb_load_elf() reads them; a module whose object an earlier input
 * described is not even opened.
 */
int symdb_load_module_dir(struct symdb *db, const char *dir);
/*
 * One kernel's directory, or its parent holding it as "root" beside a
 * captured "kallsyms": a kbuild output tree (Module.symvers, System.map,
 * vmlinux, modules.order), a headers directory (Module.symvers), or
 * unpacked Debian packages (the Module.symvers of
 * usr/src/linux-headers-<kver>, boot/System.map-<kver> unless it is the
 * placeholder, usr/lib/debug/boot/vmlinux-<kver> from the -dbg package,
 * lib/modules/<kver>). Loaded most exact first: kallsyms,
 * System.map, vmlinux, modules. Fails if it holds nothing usable, or
 * more than one kernel.
 */
int symdb_load_kernel_dir(struct symdb *db, const char *dir);

/*
 * Added: the cached index. Reading a whole kernel's symbols (kallsyms and
 * 4,000 .ko files) takes most of a second; a run that looks up a few
 * names should not pay that each time. symdb_load() loads INPUTS, in
 * order, with the loaders above, and then writes everything it loaded
 * to an index file in CACHE_DIR. The next symdb_load() of the same
 * inputs maps that file and reads symbols from it as queries reach
 * them, provided no file or directory the load used has changed (by
 * its stat: size, mtime, ctime, inode). An input whose stat cannot tell
 * (/proc/kallsyms) is never cached.
 *
 * Changed: each query checks those stats itself, only for the inputs
 * its answer comes from, before it reads the index: a query about one
 * object, those loaded up to that object (a kallsyms capture loaded
 * first: that file); about a name in every object (symdb_find()), an
 * export, an unknown object or the whole database, all of them. A
 * change found then loads the inputs again, there, and rebuilds the
 * index; so symdb_load() succeeds on a module that no longer loads,
 * and the run dies at the first query that needs it.
 *
 * CACHE_DIR NULL: no index, the same as calling the loaders. DB must be
 * new, and no loader may be called on it afterwards. Failing to write
 * the index is not an error: the database is complete without it.
 */
enum symdb_input_kind {
	SYMDB_SYMVERS,          /* symdb_load_symvers() */
	SYMDB_KALLSYMS,         /* symdb_load_kallsyms() */
	SYMDB_ELF,              /* symdb_load_elf() */
	SYMDB_MODULES,          /* symdb_load_module_dir() */
	SYMDB_KERNEL,           /* symdb_load_kernel_dir() */
};

struct symdb_input {
	enum symdb_input_kind kind;
	const char *path;
};

int symdb_load(struct symdb *db, const struct symdb_input *inputs, size_t nr,
	       const char *cache_dir);

/*
 * Where the tools keep the index: $KLP_SYMDB_CACHE, else
 * $XDG_CACHE_HOME/klp-tools, else $HOME/.cache/klp-tools, made absolute
 * against the current directory. NULL when $KLP_SYMDB_CACHE is "off" (or
 * empty) or there is no home. Caller frees.
 */
char *symdb_cache_dir(void);

/*
 * The command-line option every tool takes for each kind of input
 * ("--kernel" -> SYMDB_KERNEL, "--symvers", "--kallsyms", "--system-map",
 * "--vmlinux", "--ko", "--modules"): its kind, or -1 if OPTION is none.
 */
int symdb_input_option(const char *option);

/* Queries. Returned pointers live as long as the database. */

/* The export of NAME, or NULL when no object exports it. */
const struct symdb_export *symdb_find_export(const struct symdb *db, const char *name);

/* First occurrence of NAME (objects in load order, then kallsyms order); NULL if none. */
const struct symdb_sym *symdb_find(const struct symdb *db, const char *name);

#define for_each_symdb_sym(db, name, s) \
	for ((s) = symdb_find((db), (name)); (s); (s) = (s)->next)

/*
 * The occurrence of NAME in OBJ at 1-based SYMPOS (0: the only one), as
 * the livepatch core resolves it: NULL when SYMPOS is 0 and NAME is not
 * unique in OBJ, or SYMPOS is past the last one. 1 takes a unique name.
 */
const struct symdb_sym *symdb_find_in_obj(const struct symdb *db, const char *obj,
					  const char *name, unsigned long sympos);

/* How many symbols named NAME object OBJ has. */
unsigned long symdb_count(const struct symdb *db, const char *obj, const char *name);

/*
 * The symbol DELTA places away from SYM in its object's kallsyms order,
 * or NULL past either end. Used to find anchors next to a candidate.
 */
const struct symdb_sym *symdb_neighbour(const struct symdb *db, const struct symdb_sym *sym,
					long delta);

/*
 * GCC clones of NAME present in the kernel: "NAME.isra.0", "NAME.constprop.3",
 * "NAME.part.1", "NAME.cold", "NAME.cold.12", chains like
 * "NAME.constprop.0.isra.0", and .lto_priv, .localalias, .specialized and
 * clang's .llvm.<hash>; not static locals ("NAME.5"). In every object, in
 * load then kallsyms order. First one, then follow ->next_clone via
 * symdb_next_clone(). NULL if none.
 */
const struct symdb_sym *symdb_find_clone(const struct symdb *db, const char *name);
const struct symdb_sym *symdb_next_clone(const struct symdb *db, const struct symdb_sym *clone);

/* Is OBJ known to the database (has symbols or exports)? */
bool symdb_has_obj(const struct symdb *db, const char *obj);

/* Does the database hold any symbol table at all (not only exports)? */
bool symdb_has_symbols(const struct symdb *db);

/*
 * Walking the whole database, for klp-symbols and for diagnostics that
 * list candidates. Objects are numbered in the order they first appeared
 * (an export or a symbol table); NULL past the end.
 */
const char *symdb_obj_at(const struct symdb *db, size_t i);
size_t symdb_obj_nr_syms(const struct symdb *db, const char *obj);
/* The symbol at index ORDER of OBJ's kallsyms order, or NULL. */
const struct symdb_sym *symdb_obj_sym(const struct symdb *db, const char *obj, size_t order);
/* The file OBJ's symbols were loaded from, or NULL (exports only, or unknown OBJ). */
const char *symdb_obj_source(const struct symdb *db, const char *obj);

struct symdb_stats {
	size_t objs, syms, exports;
	/* Added with symdb_load(): "used", "written", "none" or why not cached. */
	const char *index;
	const char *index_path;         /* the index file, or NULL */
};
void symdb_get_stats(const struct symdb *db, struct symdb_stats *st);

/*
 * Added: how much of the index the queries so far have checked (see
 * symdb_load()), for a tool's -v. All 0 when no index was read.
 */
struct symdb_index_use {
	size_t recorded;        /* files and directories the index was built from */
	size_t checked;         /* of those, found unchanged so far */
	bool stale;             /* one had changed: the inputs were loaded again */
};
void symdb_index_use(const struct symdb *db, struct symdb_index_use *use);

/* "drivers/foo/bar-baz.ko" -> "bar_baz" (caller frees). */
char *symdb_module_name(const char *path);

/* Is this kallsyms type letter a text (function) symbol? */
static inline bool symdb_is_text(char type)
{
	return type == 't' || type == 'T' || type == 'W' || type == 'w';
}

static inline bool symdb_is_local(char type)
{
	return type >= 'a' && type <= 'z' && type != 'w' && type != 'v';
}

/*
 * Added: Module.symvers, keeping only the exports whose name WANT accepts
 * (called with the name, its length and ARG), for a tool that needs a few
 * names out of the kernel's 25,000 (klp-convert: what a module leaves
 * undefined). Every line is checked as symdb_load_symvers() checks it,
 * and fails the same way; a line not wanted costs no memory and leaves no
 * object behind.
 */
int symdb_load_symvers_filtered(struct symdb *db, const char *path,
				bool (*want)(const char *name, size_t len, void *arg),
				void *arg);

#endif
