// SPDX-License-Identifier: GPL-2.0-only
/*
 * Parse each unit once, with libclang, from the directory its compile
 * command runs in; or, for a caller that keeps the first unit's parse
 * between analyses (the language server), reparse that (kept.c). A unit
 * with errors stops the job: nothing is written for a file the compiler
 * does not understand, and its errors are shown.
 */
#include "annotate.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

char *cx_string(CXString s)
{
	char *r = xstrdup(clang_getCString(s) ? clang_getCString(s) : "");

	clang_disposeString(s);
	return r;
}

static bool diags_show_errors(struct unit *u)
{
	unsigned int n = clang_getNumDiagnostics(u->tu);
	bool failed = false;

	for (unsigned int i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(u->tu, i);

		if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error) {
			char *s = cx_string(clang_formatDiagnostic(d,
					clang_defaultDiagnosticDisplayOptions()));

			fprintf(stderr, "%s\n", s);
			free(s);
			failed = true;
		}
		clang_disposeDiagnostic(d);
	}
	return failed;
}

/* The file's bytes: the disk's, or the editor's buffer (UNSAVED, LEN). */
static int unit_read(struct unit *u, const char *unsaved, size_t len)
{
	struct stat st;

	u->abspath = realpath(u->path, NULL);
	if (unsaved && !u->abspath && errno == ENOENT && u->path[0] == '/') {
		/* A file still to be written (klp-create's): the text is all there is. */
		u->abspath = xstrdup(u->path);
		st.st_mode = 0644;
	} else if (!u->abspath || stat(u->abspath, &st)) {
		return error("%s: %s", u->path, strerror(errno));
	}
	u->mode = st.st_mode & 07777;
	if (unsaved) {
		u->text = xmalloc(len + 1);
		memcpy(u->text, unsaved, len);
		u->text[len] = 0;
		u->len = len;
		return 0;
	}
	u->text = read_file(u->abspath, &u->len);
	if (!u->text)
		return error("%s: %s", u->path, strerror(errno));
	return 0;
}

double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static unsigned int parse_options(const struct job *job)
{
	return job->opt.macro_record ? CXTranslationUnit_DetailedPreprocessingRecord :
				       CXTranslationUnit_None;
}

/* The caller's kept parse for U, or NULL: the unit is parsed once. */
static struct kept_parse *unit_kept(const struct job *job, const struct unit *u)
{
	return job->keep && u == &job->units[0] ? job->keep->parse : NULL;
}

static int unit_parse(struct job *job, struct unit *u, bool unsaved)
{
	/* An editor's buffer: libclang parses our copy, not the disk's. */
	struct CXUnsavedFile buffer = { u->abspath, u->text, u->len };
	struct kept_parse *kept = unit_kept(job, u);
	enum CXErrorCode err;
	double t0;
	int cwd = open(".", O_RDONLY | O_DIRECTORY);

	if (cwd < 0)
		return error("cannot open the current directory: %s", strerror(errno));
	if (job->opt.verbose) {
		fprintf(stderr, "%s: note: parsing %s from %s with:", progname, u->path, u->cmd.dir);
		for (size_t i = 0; i < u->cmd.argc; i++)
			fprintf(stderr, " %s", u->cmd.argv[i]);
		fputc('\n', stderr);
	}
	/* Relative -I paths of kbuild are relative to the kernel build dir. */
	if (chdir(u->cmd.dir)) {
		close(cwd);
		return error("%s: %s (the compile command's directory)", u->cmd.dir, strerror(errno));
	}
	t0 = now();
	if (kept)
		err = kept_parse_update(job, u, kept, unsaved ? &buffer : NULL, unsaved ? 1 : 0,
					parse_options(job));
	else
		err = preamble_parse(job, u, unsaved ? &buffer : NULL, parse_options(job));
	if (job->opt.verbose)
		note("%s: %s in %.3f s", u->path, kept && kept->reparsed ? "reparsed" : "parsed",
		     now() - t0);
	if (fchdir(cwd))
		die("cannot return to the working directory: %s", strerror(errno));
	close(cwd);
	if (err != CXError_Success || !u->tu)
		return error("%s: libclang could not parse it (error %d)", u->path, (int)err);
	if (diags_show_errors(u)) {
		job->parse_failed = true;
		return error("%s: does not parse; nothing changed (fix the errors above, or the flags)",
			     u->path);
	}
	u->file = clang_getFile(u->tu, u->abspath);
	return 0;
}

/* --stdin: the text comes from there, the flags and the name from the file. */
static int stdin_read(struct job *job)
{
	size_t len = 0, alloc = 0;
	char *buf = NULL;
	size_t n;

	do {
		ALLOC_GROW(buf, len + 65536, alloc);
		n = fread(buf + len, 1, alloc - len, stdin);
		len += n;
	} while (n);
	if (ferror(stdin)) {
		free(buf);
		return error("cannot read the text of %s from stdin", job->opt.files[0]);
	}
	job->stdin_text = buf;
	job->opt.unsaved_text = buf;
	job->opt.unsaved_len = len;
	return 0;
}

int units_parse(struct job *job)
{
	int ret = 0;

	if (job->opt.text_from_stdin && stdin_read(job))
		return -1;

	/* A caller that analyses again and again lends its own (struct keep). */
	if (!job->index)
		job->index = clang_createIndex(0, 0);
	job->units = xcalloc(job->opt.nr_files, sizeof(*job->units));
	job->nr_units = job->opt.nr_files;
	for (size_t i = 0; i < job->nr_units; i++) {
		struct unit *u = &job->units[i];

		const char *unsaved = i == 0 ? job->opt.unsaved_text : NULL;

		u->path = job->opt.files[i];
		if (unit_read(u, unsaved, job->opt.unsaved_len) ||
		    compile_cmd_find(&job->opt, u->abspath, &u->cmd) || unit_parse(job, u, unsaved))
			ret = -1;
	}
	return ret;
}
