// SPDX-License-Identifier: GPL-2.0-only
/*
 * The preamble cache, for one-shot runs (--check, --fix, the kbuild
 * checker, the pre-commit hook). A kernel unit takes about a second to
 * parse, nearly all of it in the headers its leading #include lines bring
 * in, and those rarely change between two runs. So a run that finds no
 * cache leaves a builder behind (klp-annotate --preamble-build, detached)
 * that precompiles the unit's leading lines; the next run loads that and
 * parses only the rest of the text.
 *
 * The rest is parsed as the main file's own text with the leading lines
 * blanked (spaces, the newlines kept), after -include-pch: the tokens are
 * the same, and so are the offsets and lines of everything below, and
 * nothing in the preamble is read twice, so include guards play no part.
 *
 * An entry is used only when all of this holds, else it is a miss, parsed
 * as if there were no cache and built again:
 *
 *   the key            libclang's version, the compile command word for
 *                      word and its directory, the parse options, the
 *                      source's directory (quoted #includes look there)
 *                      and the leading lines' bytes; hashed into the
 *                      file name and compared in full (pre-KEY.manifest,
 *                      pre-KEY.h)
 *   the files read     as they were when the builder parsed them: device,
 *                      inode, size, mtime and ctime to the nanosecond, as
 *                      the symbol index checks its inputs
 *   the .pch           the size and hash the builder recorded
 *
 * The builder proves an entry parses before marking it usable (else it
 * marks it bad, until a file it read changes), and a warm parse with
 * errors all the same is done again without the cache, the entry dropped
 * for the builder to decide again: the findings never depend on the cache.
 * After --fix, the entry built is the fixed text's, which the next run
 * (a check, a compile) reads. At most KLP_PREAMBLE_CACHE_MAX entries stay.
 *
 * What a precompiled preamble hides from libclang's API is given back
 * from the manifest: the inclusions it made (unit_inclusions()), which
 * clang_getInclusions() lists only for the unit's own part.
 */
#include "annotate.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "preamble.h"
#include "util.h"

extern char **environ;

enum cache_mode preamble_mode(void)
{
	const char *m = getenv("KLP_PREAMBLE_CACHE");

	if (m && !strcmp(m, "off"))
		return CACHE_OFF;
	return m && !strcmp(m, "wait") ? CACHE_WAIT : CACHE_ON;
}

static uint64_t fnv64(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	while (n--)
		h = (h ^ *s++) * 1099511628211ull;
	return h;
}

/* A hash of the .pch, eight bytes at a time: 12 MB take a few ms. */
uint64_t preamble_pch_hash(const char *path, uint64_t *size)
{
	uint64_t h = 14695981039346656037ull;
	struct stat st;
	const unsigned char *p;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	*size = 0;
	if (fd < 0 || fstat(fd, &st) || !st.st_size) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return 0;
	for (size_t i = 0; i + 8 <= (size_t)st.st_size; i += 8) {
		uint64_t w;

		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ull;
		h ^= h >> 29;
	}
	h = fnv64(h, p + (st.st_size & ~7ll), (size_t)st.st_size & 7);
	munmap((void *)p, (size_t)st.st_size);
	*size = (uint64_t)st.st_size;
	return h;
}

static void entry_free(struct preamble_entry *e)
{
	free(e->dir);
	free(e->base);
	free(e->key);
	free(e->srcdir);
}

static bool arg_is_include(const struct compile_cmd *cmd, size_t i)
{
	return !strcmp(cmd->argv[i], "-include") && i + 1 < cmd->argc;
}

/* The key, as one string: every word on a line of its own. */
char *preamble_key(const struct compile_cmd *cmd, unsigned int options, const char *srcdir)
{
	struct buf b = { 0 };
	char *version = cx_string(clang_getClangVersion());

	buf_addf(&b, "libclang %s\noptions %u\nsrcdir %s\ndir %s\n", version, options, srcdir,
		 cmd->dir);
	free(version);
	for (size_t i = 0; i < cmd->argc; i++)
		buf_addf(&b, "arg %s\n", cmd->argv[i]);
	return b.s;
}

static bool entry_find(struct job *job, struct unit *u, unsigned int options, struct preamble_entry *e)
{
	uint64_t h;
	char *slash;

	memset(e, 0, sizeof(*e));
	if (job->keep || !job->symbols_cache || preamble_mode() == CACHE_OFF)
		return false;
	e->cut = text_preamble_cut(u->text, u->len);
	if (!e->cut)
		return false;
	e->srcdir = xstrdup(u->abspath);
	slash = strrchr(e->srcdir, '/');
	*(slash == e->srcdir ? slash + 1 : slash) = 0;
	e->key = preamble_key(&u->cmd, options, e->srcdir);
	/* A word with a newline would make two lines of the key. */
	if (strchr(e->srcdir, '\n') || strchr(u->cmd.dir, '\n'))
		return false;
	for (size_t i = 0; i < u->cmd.argc; i++)
		if (strchr(u->cmd.argv[i], '\n'))
			return false;
	h = fnv64(14695981039346656037ull, e->key, strlen(e->key));
	h = fnv64(h, u->text, e->cut);
	e->dir = xasprintf("%s/preamble", job->symbols_cache);
	e->base = xasprintf("%s/pre-%016llx", e->dir, (unsigned long long)h);
	return true;
}

/* The manifest, as read back. */
struct manifest {
	bool ok;
	bool bad;		/* the builder found it does not parse: no use building it again */
	const char *why;	/* when not usable: the -v note's reason */
	struct pre_inc *incs;
	size_t nr_incs, alloc_incs;
};

static void manifest_free(struct manifest *m)
{
	for (size_t i = 0; i < m->nr_incs; i++)
		free(m->incs[i].path);
	free(m->incs);
}

static bool stamp_line(const char *line, struct file_stamp *st, const char **path)
{
	int n = 0;

	memset(st, 0, sizeof(*st));
	if (sscanf(line, "file %u %llu %llu %llu %lld %lld %lld %lld %n", &st->kind, &st->dev,
		   &st->ino, &st->size, &st->mtime_sec, &st->mtime_nsec, &st->ctime_sec,
		   &st->ctime_nsec, &n) != 8 || !n)
		return false;
	*path = line + n;
	return true;
}

static const char *line_check(const char *line, struct manifest *m)
{
	struct file_stamp then, now;
	const char *path;
	long off;
	int n = 0;

	if (starts_with(line, "file ")) {
		if (!stamp_line(line, &then, &path))
			return "the manifest is damaged";
		if (!file_stamp_take(&now, path) || !file_stamp_same(&now, &then))
			return "a file it read changed";
		return NULL;
	}
	if (starts_with(line, "include ")) {
		if (sscanf(line, "include %ld %n", &off, &n) != 1 || !n)
			return "the manifest is damaged";
		ALLOC_GROW(m->incs, m->nr_incs, m->alloc_incs);
		m->incs[m->nr_incs].offset = off;
		m->incs[m->nr_incs++].path = xstrdup(line + n);
		return NULL;
	}
	return "the manifest is damaged";
}

static bool own_file(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
	       !(st.st_mode & 022);
}

/*
 * Is E's entry usable for TEXT? M gets the inclusions, or the reason it
 * is not. The manifest is written last, by rename: without one there is
 * no entry.
 */
static void manifest_read(const struct preamble_entry *e, const char *text, struct manifest *m)
{
	char *path = xasprintf("%s.manifest", e->base), *pch = xasprintf("%s.pch", e->base);
	char *h = xasprintf("%s.h", e->base);
	size_t len, hlen, klen = strlen(e->key);
	char *s = read_file(path, &len), *head = read_file(h, &hlen), *line, *end;
	unsigned long long size, hash, size_now;
	bool bad;

	memset(m, 0, sizeof(*m));
	m->why = "none yet";
	if (!s)
		goto out;
	/* libclang loads the .pch as it is: only the user's own, as the index. */
	m->why = "not the user's own, or writable by others";
	if (!own_file(path) || !own_file(h))
		goto out;
	m->why = "the manifest is damaged";
	if (!starts_with(s, MANIFEST_MAGIC) || strlen(s) != len)
		goto out;
	line = s + strlen(MANIFEST_MAGIC);
	if (strncmp(line, e->key, klen) || strncmp(line + klen, "end key\n", 8)) {
		m->why = "another unit's (the hash matched, the key did not)";
		goto out;
	}
	if (!head || hlen != e->cut || memcmp(head, text, e->cut)) {
		m->why = "another unit's (its leading lines differ)";
		goto out;
	}
	line += klen + 8;
	/* A bad entry has no .pch; it stays bad while the files it read do. */
	bad = starts_with(line, "bad ");
	if (!bad && !own_file(pch)) {
		m->why = access(pch, F_OK) ? "its .pch is damaged or gone" :
					     "not the user's own, or writable by others";
		goto out;
	}
	if (!bad && sscanf(line, "pch %llu %llx\n", &size, &hash) != 2)
		goto out;
	if (!bad && ((unsigned long long)preamble_pch_hash(pch, (uint64_t *)&size_now) != hash ||
		     size_now != size)) {
		m->why = "its .pch is damaged or gone";
		goto out;
	}
	for (line = strchr(line, '\n') + 1; *line; line = end + 1) {
		if (!(end = strchr(line, '\n'))) {
			m->why = "the manifest is damaged";
			goto out;
		}
		*end = 0;
		if (!strcmp(line, "end")) {
			if (end[1])
				break;
			m->bad = bad;
			m->ok = !bad;
			m->why = bad ? "marked bad: the unit does not parse with it" : NULL;
			goto out;
		}
		if ((m->why = line_check(line, m)))
			goto out;
	}
	m->why = "the manifest is damaged";
out:
	if (!m->ok) {
		manifest_free(m);
		m->incs = NULL;
		m->nr_incs = 0;
	}
	free(s);
	free(head);
	free(h);
	free(pch);
	free(path);
}

/* The command of a parse with the cache: its -include files are in the .pch. */
static char **warm_argv(const struct compile_cmd *cmd, const char *pch, size_t *argc)
{
	char **argv = xcalloc(cmd->argc + 3, sizeof(*argv));
	size_t n = 0;

	for (size_t i = 0; i < cmd->argc; i++) {
		if (arg_is_include(cmd, i)) {
			i++;
			continue;
		}
		argv[n++] = cmd->argv[i];
	}
	argv[n++] = (char *)"-include-pch";
	argv[n++] = (char *)pch;
	*argc = n;
	return argv;
}

/* TEXT with its first CUT bytes blanked, newlines kept: what the .pch stands for. */
static char *text_blanked(const char *text, size_t len, size_t cut)
{
	char *t = xmalloc(len + 1);

	memcpy(t, text, len);
	t[len] = 0;
	for (size_t i = 0; i < cut; i++)
		if (t[i] != '\n')
			t[i] = ' ';
	return t;
}

bool tu_has_errors(CXTranslationUnit tu)
{
	unsigned int n = clang_getNumDiagnostics(tu);
	bool bad = false;

	for (unsigned int i = 0; i < n && !bad; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);

		bad = clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error;
		clang_disposeDiagnostic(d);
	}
	return bad;
}

enum CXErrorCode preamble_warm_parse(CXIndex index, const char *path, const struct compile_cmd *cmd,
				   const char *text, size_t len, size_t cut, const char *pch,
				   unsigned int options, CXTranslationUnit *tu)
{
	char *blank = text_blanked(text, len, cut);
	struct CXUnsavedFile buffer = { path, blank, len };
	size_t argc;
	char **argv = warm_argv(cmd, pch, &argc);
	enum CXErrorCode err;

	err = clang_parseTranslationUnit2(index, path, (const char *const *)argv, (int)argc,
					  &buffer, 1, options, tu);
	free(argv);
	free(blank);
	return err;
}

/* FILES: the "file" lines of what the failed parse read, or "". */
void preamble_mark_bad(const struct preamble_entry *e, const char *why, const char *files)
{
	char *path = xasprintf("%s.manifest", e->base);
	char *s = xasprintf("%s%send key\nbad %s\n%send\n", MANIFEST_MAGIC, e->key, why, files);

	write_file_atomic(path, s, strlen(s), 0644);
	free(s);
	free(path);
}

static void entry_drop(const struct preamble_entry *e)
{
	char *path = xasprintf("%s.manifest", e->base);

	unlink(path);
	free(path);
}

/* Used now: the builder evicts the entries used longest ago. */
static void entry_touch(const struct preamble_entry *e)
{
	char *path = xasprintf("%s.manifest", e->base);

	utimensat(AT_FDCWD, path, NULL, 0);
	free(path);
}

/*
 * Start the builder for E; with KLP_PREAMBLE_CACHE=wait, wait for it (the
 * tests do, and a script that wants the next run warm). Its output goes
 * nowhere: the run that starts it has said what it had to.
 */
static void builder_start(struct job *job, struct unit *u, const struct preamble_entry *e,
			  unsigned int options)
{
	char *h = xasprintf("%s.h", e->base), *opts = xasprintf("%u", options);
	char **argv = xcalloc(u->cmd.argc + 8, sizeof(*argv));
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	size_t n = 0;
	pid_t pid;
	int status;
	bool wait = preamble_mode() == CACHE_WAIT;

	if (mkdir_p(e->dir) || write_file_atomic(h, u->text, e->cut, 0644))
		goto out;
	argv[n++] = (char *)"klp-annotate";
	argv[n++] = (char *)PREAMBLE_BUILD_ARG;
	argv[n++] = e->base;
	argv[n++] = opts;
	argv[n++] = e->srcdir;
	argv[n++] = u->cmd.dir;
	argv[n++] = (char *)"--";
	for (size_t i = 0; i < u->cmd.argc; i++)
		argv[n++] = u->cmd.argv[i];
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	if (!(wait && job->opt.verbose))
		posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	posix_spawnattr_init(&attr);
	/* Its own session: a ^C at the prompt the run returned to is not for it. */
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID);
	if (posix_spawn(&pid, "/proc/self/exe", &fa, &attr, argv, environ)) {
		if (job->opt.verbose)
			note("%s: could not start the preamble cache's builder", u->path);
	} else if (wait) {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (job->opt.verbose)
			note("%s: preamble cache: the builder %s", u->path,
			     WIFEXITED(status) && !WEXITSTATUS(status) ? "finished" : "failed");
	} else if (job->opt.verbose) {
		note("%s: preamble cache: builder started (pid %d)", u->path, (int)pid);
	}
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
out:
	free(argv);
	free(opts);
	free(h);
}

static enum CXErrorCode cold_parse(struct job *job, struct unit *u, struct CXUnsavedFile *buffer,
				   unsigned int options)
{
	return clang_parseTranslationUnit2(job->index, u->abspath,
					   (const char *const *)u->cmd.argv, (int)u->cmd.argc,
					   buffer, buffer ? 1 : 0, options, &u->tu);
}

/*
 * Parse U, with its preamble from the cache when there is a usable one;
 * else as if there were none, and start the builder for the next run.
 * Called from the compile command's directory, as every parse is.
 */
enum CXErrorCode preamble_parse(struct job *job, struct unit *u, struct CXUnsavedFile *buffer,
				unsigned int options)
{
	struct preamble_entry e;
	struct manifest m;
	enum CXErrorCode err;
	char *pch;

	u->pre_options = options;
	if (!entry_find(job, u, options, &e)) {
		entry_free(&e);
		return cold_parse(job, u, buffer, options);
	}
	manifest_read(&e, u->text, &m);
	if (m.ok) {
		pch = xasprintf("%s.pch", e.base);
		err = preamble_warm_parse(job->index, u->abspath, &u->cmd, u->text, u->len, e.cut, pch,
				 options, &u->tu);
		free(pch);
		if (err == CXError_Success && !tu_has_errors(u->tu)) {
			entry_touch(&e);
			if (job->opt.verbose)
				note("%s: preamble cache: used %s.pch (%zu leading bytes)", u->path,
				     e.base, e.cut);
			u->pre_incs = m.incs;
			u->nr_pre_incs = m.nr_incs;
			entry_free(&e);
			return err;
		}
		if (u->tu)
			clang_disposeTranslationUnit(u->tu);
		u->tu = NULL;
		manifest_free(&m);
		/* Gone, so the builder decides again (only it marks an entry bad). */
		entry_drop(&e);
		m.why = "it gave errors here: dropped";
	}
	if (job->opt.verbose)
		note("%s: preamble cache: not used (%s)", u->path, m.why);
	err = cold_parse(job, u, buffer, options);
	/*
	 * Only what parses is worth precompiling; a bad entry stays so until
	 * its files change. The builder starts once the run has answered.
	 */
	if (err == CXError_Success && !tu_has_errors(u->tu) && !m.bad)
		u->pre_build = true;
	entry_free(&e);
	return err;
}

/* Build the entry for TEXT, unless it has a usable one already. */
static void entry_build(struct job *job, struct unit *u, char *text, size_t len)
{
	char *was = u->text;
	size_t was_len = u->len;
	struct preamble_entry e;
	struct manifest m = { 0 };

	u->text = text;
	u->len = len;
	if (entry_find(job, u, u->pre_options, &e)) {
		manifest_read(&e, u->text, &m);
		if (!m.ok && !m.bad)
			builder_start(job, u, &e, u->pre_options);
		manifest_free(&m);
	}
	entry_free(&e);
	u->text = was;
	u->len = was_len;
}

/*
 * The last step of a one-shot run: start the builders its cold parses
 * asked for. After --fix, for the text as fixed (its leading lines have
 * the new #include "klp_reloc.h"): that is what the next run reads.
 */
void preamble_builders_start(struct job *job)
{
	for (size_t i = 0; i < job->nr_units; i++) {
		struct unit *u = &job->units[i];
		size_t len;
		char *fixed = NULL;

		if (job->opt.mode == MODE_FIX && job->keep == NULL &&
		    (fixed = read_file(u->abspath, &len)) && (len != u->len || memcmp(fixed, u->text, len)))
			u->pre_build = true;
		if (!u->pre_build) {
			free(fixed);
			continue;
		}
		/* Done with: freeing a kernel unit's parse takes a while, not alongside. */
		if (u->tu) {
			clang_disposeTranslationUnit(u->tu);
			u->tu = NULL;
		}
		if (fixed)
			entry_build(job, u, fixed, len);
		else
			entry_build(job, u, u->text, u->len);
		free(fixed);
	}
}

/* Each file the unit included, with the offset of the main file's #include that did it. */
struct incl_walk {
	struct unit *u;
	inclusion_fn fn;
	void *data;
};

static void incl_visit(CXFile f, CXSourceLocation *stack, unsigned int depth, CXClientData data)
{
	struct incl_walk *w = data;
	unsigned int off;
	CXFile top;

	if (!depth)
		return;
	/* The stack ends with the outermost #include. */
	clang_getFileLocation(stack[depth - 1], &top, NULL, NULL, &off);
	w->fn(w->u, f, top && clang_File_isEqual(top, w->u->file) ? (long)off : -1, w->data);
}

void unit_inclusions(struct unit *u, inclusion_fn fn, void *data)
{
	struct incl_walk w = { u, fn, data };

	clang_getInclusions(u->tu, incl_visit, &w);
	/* The preamble's, which libclang lists only for a unit's own part. */
	for (size_t i = 0; i < u->nr_pre_incs; i++) {
		CXFile f = clang_getFile(u->tu, u->pre_incs[i].path);

		if (f)
			fn(u, f, u->pre_incs[i].offset, data);
	}
}
