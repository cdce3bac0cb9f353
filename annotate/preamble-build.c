// SPDX-License-Identifier: GPL-2.0-only
/*
 * The preamble cache's builder: klp-annotate --preamble-build, which a
 * one-shot run starts once it has answered (preamble.c). It precompiles
 * the unit's leading lines (BASE.h, written by the run) into BASE.pch,
 * proves the unit parses with it, and writes BASE.manifest last: the key,
 * the .pch's size and hash, and every file the parse read with its stamp
 * and the main file's #include that brought it in. Then it evicts the
 * entries used longest ago.
 */
#include "annotate.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "preamble.h"
#include "util.h"

struct built {
	CXFile head;		/* BASE.h */
	struct buf out;		/* the manifest's file and include lines */
	time_t since;
	bool racy;		/* a file changed while it was parsed */
};

static void built_visit(CXFile f, CXSourceLocation *stack, unsigned int depth, CXClientData data)
{
	struct built *b = data;
	struct file_stamp st;
	unsigned int off;
	CXFile top;
	char *path = cx_string(clang_File_tryGetRealPathName(f));

	if (!*path) {
		free(path);
		path = cx_string(clang_getFileName(f));
	}
	/* Depth 0 is BASE.h, which a run compares byte for byte. */
	if (!depth) {
		free(path);
		return;
	}
	/* Written while the parse ran, or just before (timestamps are coarse). */
	if (strchr(path, '\n') || !file_stamp_take(&st, path) || st.mtime_sec >= b->since - 1)
		b->racy = true;
	buf_addf(&b->out, "file %u %llu %llu %llu %lld %lld %lld %lld %s\n", st.kind, st.dev, st.ino,
		 st.size, st.mtime_sec, st.mtime_nsec, st.ctime_sec, st.ctime_nsec, path);
	clang_getFileLocation(stack[depth - 1], &top, NULL, NULL, &off);
	buf_addf(&b->out, "include %ld %s\n",
		 top && clang_File_isEqual(top, b->head) ? (long)off : -1, path);
	free(path);
}

struct aged {
	char *base;
	struct timespec used;
};

static int aged_cmp(const void *a, const void *b)
{
	const struct aged *x = a, *y = b;

	if (x->used.tv_sec != y->used.tv_sec)
		return x->used.tv_sec < y->used.tv_sec ? 1 : -1;
	return x->used.tv_nsec < y->used.tv_nsec ? 1 : x->used.tv_nsec > y->used.tv_nsec ? -1 : 0;
}

/*
 * A .pch is 10-25 MB for a kernel unit, and each new set of leading lines
 * makes one: keep the KLP_PREAMBLE_CACHE_MAX (default 32) used last, the
 * one just built among them.
 */
static void cache_evict(const char *base)
{
	static const char *const exts[] = { ".manifest", ".pch", ".h", ".lock" };
	const char *env = getenv("KLP_PREAMBLE_CACHE_MAX");
	size_t max = env && *env ? strtoul(env, NULL, 10) : 32, nr = 0, alloc = 0;
	char *dir = xstrdup(base), *slash = strrchr(dir, '/');
	struct aged *all = NULL;
	struct dirent *de;
	DIR *d;

	*slash = 0;
	if (!(d = opendir(dir))) {
		free(dir);
		return;
	}
	while ((de = readdir(d))) {
		struct stat st;
		char *path;

		if (!starts_with(de->d_name, "pre-") || !ends_with(de->d_name, ".manifest"))
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		if (!stat(path, &st)) {
			ALLOC_GROW(all, nr, alloc);
			path[strlen(path) - strlen(".manifest")] = 0;
			all[nr].base = path;
			all[nr++].used = st.st_mtim;
		} else {
			free(path);
		}
	}
	closedir(d);
	qsort(all, nr, sizeof(*all), aged_cmp);
	for (size_t i = 0; i < nr; i++) {
		for (size_t k = 0; i >= (max ? max : 1) && strcmp(all[i].base, base) &&
				   k < ARRAY_SIZE(exts); k++) {
			char *path = xasprintf("%s%s", all[i].base, exts[k]);

			unlink(path);
			free(path);
		}
		free(all[i].base);
	}
	free(all);
	free(dir);
}

static int build_fail(const char *base, const char *key, const char *why, const struct built *b)
{
	struct preamble_entry e = { .base = (char *)base, .key = (char *)key };

	preamble_mark_bad(&e, why, b->out.s ? b->out.s : "");
	return error("%s: %s", base, why);
}

static int preamble_build(const char *base, unsigned int options, const char *srcdir,
			  struct compile_cmd *cmd)
{
	char *h = xasprintf("%s.h", base), *pch = xasprintf("%s.pch", base);
	char *tmp = xasprintf("%s.pch.%d", base, (int)getpid());
	char *manifest = xasprintf("%s.manifest", base), *check = xasprintf("%s.c", base);
	char *key = preamble_key(cmd, options, srcdir);
	char **argv = xcalloc(cmd->argc + 5, sizeof(*argv));
	CXIndex index = clang_createIndex(0, 0);
	CXTranslationUnit tu = NULL, warm = NULL;
	struct built b = { .since = time(NULL) };
	size_t len, n = 0;
	char *text = read_file(h, &len), *s = NULL;
	unsigned long long size;
	uint64_t hash;
	int ret = -1;

	for (size_t i = 0; i < cmd->argc; i++)
		argv[n++] = cmd->argv[i];
	/* A header, and its quoted #includes looked up where the source is. */
	argv[n++] = (char *)"-x";
	argv[n++] = (char *)"c-header";
	argv[n++] = (char *)"-iquote";
	argv[n++] = (char *)srcdir;
	if (!text) {
		error("%s: %s", h, strerror(errno));
		goto out;
	}
	if (clang_parseTranslationUnit2(index, h, (const char *const *)argv, (int)n, NULL, 0,
					options | CXTranslationUnit_ForSerialization |
						CXTranslationUnit_Incomplete,
					&tu) != CXError_Success) {
		ret = build_fail(base, key, "libclang could not parse its leading lines", &b);
		goto out;
	}
	b.head = clang_getFile(tu, h);
	clang_getInclusions(tu, built_visit, &b);
	if (b.racy) {
		ret = error("%s: a header changed while it was parsed; not cached", base);
		goto out;
	}
	if (tu_has_errors(tu)) {
		ret = build_fail(base, key, "its leading lines do not parse on their own", &b);
		goto out;
	}
	/* 0644 whatever the umask: a run loads no .pch that others may write. */
	if (clang_saveTranslationUnit(tu, tmp, clang_defaultSaveOptions(tu)) != CXSaveError_None ||
	    chmod(tmp, 0644) || rename(tmp, pch)) {
		unlink(tmp);
		ret = error("%s: cannot write it", pch);
		goto out;
	}
	/* Proof that it parses: the leading lines blanked, as a warm run has them. */
	if (preamble_warm_parse(index, check, cmd, text, len, len, pch, options, &warm) != CXError_Success ||
	    tu_has_errors(warm)) {
		ret = build_fail(base, key, "the unit does not parse with it", &b);
		goto out;
	}
	hash = preamble_pch_hash(pch, (uint64_t *)&size);
	s = xasprintf("%s%send key\npch %llu %llx\n%send\n", MANIFEST_MAGIC, key, size,
		      (unsigned long long)hash, b.out.s ? b.out.s : "");
	ret = write_file_atomic(manifest, s, strlen(s), 0644);
	if (!ret)
		cache_evict(base);
out:
	if (warm)
		clang_disposeTranslationUnit(warm);
	if (tu)
		clang_disposeTranslationUnit(tu);
	clang_disposeIndex(index);
	free(b.out.s);
	free(s);
	free(text);
	free(argv);
	free(key);
	free(check);
	free(manifest);
	free(tmp);
	free(pch);
	free(h);
	return ret;
}

/*
 * One builder per entry: another run's builder may be on it already.
 * Then a waiting run waits for it, and a detached one leaves it be. The
 * lock goes with the process, however it ends.
 */
static int entry_lock(const char *base)
{
	char *path = xasprintf("%s.lock", base);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);

	free(path);
	if (fd >= 0 && flock(fd, LOCK_EX | (preamble_mode() == CACHE_WAIT ? 0 : LOCK_NB))) {
		close(fd);
		return -1;
	}
	return fd;
}

int preamble_build_main(int argc, char **argv)
{
	struct compile_cmd cmd = { 0 };
	int fd, ret;

	if (argc < 5 || strcmp(argv[4], "--")) {
		error("usage: klp-annotate %s BASE OPTIONS SRCDIR DIR -- ARGS (klp-annotate runs it)",
		      PREAMBLE_BUILD_ARG);
		return 2;
	}
	if ((fd = entry_lock(argv[0])) < 0)
		return 0;
	/* Work for later runs: what the user runs now goes first. */
	if (nice(10) == -1 && errno)
		errno = 0;
	if (chdir(argv[3])) {
		error("%s: %s", argv[3], strerror(errno));
		close(fd);
		return 2;
	}
	cmd.dir = xstrdup(argv[3]);
	for (int i = 5; i < argc; i++) {
		ALLOC_GROW(cmd.argv, cmd.argc, cmd.alloc);
		cmd.argv[cmd.argc++] = xstrdup(argv[i]);
	}
	ret = preamble_build(argv[0], (unsigned int)strtoul(argv[1], NULL, 10), argv[2], &cmd);
	compile_cmd_free(&cmd);
	close(fd);
	return ret ? 2 : 0;
}
