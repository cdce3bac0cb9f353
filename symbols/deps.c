// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a load read: the record the loaders keep for the cached index.
 *
 * A loader calls symdb_depend() on every file it reads and every
 * directory it lists or path it probes, before using it; index.c writes
 * the list, in that order, with the index, and compares it with the disk
 * before trusting what the index says. Both sides use this file, so the
 * loaders never call up into index.c.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "symdb_private.h"
#include "util.h"

void dep_stat_at(struct symdb_dep *d, const char *path, int dirfd, const char *name)
{
	struct stat st;

	memset(d, 0, sizeof(*d));
	d->path = path;
	if (fstatat(dirfd, name, &st, 0))
		return;
	d->kind = st.st_mode & S_IFMT;
	d->dev = st.st_dev;
	d->ino = st.st_ino;
	d->size = st.st_size;
	d->mtime_sec = st.st_mtim.tv_sec;
	d->mtime_nsec = st.st_mtim.tv_nsec;
	d->ctime_sec = st.st_ctim.tv_sec;
	d->ctime_nsec = st.st_ctim.tv_nsec;
}

void dep_stat(struct symdb_dep *d, const char *path)
{
	dep_stat_at(d, path, AT_FDCWD, path);
}

bool dep_same(const struct symdb_dep *a, const struct symdb_dep *b)
{
	return a->kind == b->kind && a->dev == b->dev && a->ino == b->ino &&
	       a->size == b->size && a->mtime_sec == b->mtime_sec &&
	       a->mtime_nsec == b->mtime_nsec && a->ctime_sec == b->ctime_sec &&
	       a->ctime_nsec == b->ctime_nsec;
}

void symdb_depend(struct symdb *db, const char *path)
{
	struct symdb_dep *d;
	char *abs = NULL, *cwd;

	/* Absolute, so that the next run may start elsewhere. */
	if (path[0] != '/' && (cwd = getcwd(NULL, 0))) {
		abs = xasprintf("%s/%s", cwd, path);
		free(cwd);
		path = abs;
	}
	ALLOC_GROW(db->deps, db->nr_deps, db->alloc_deps);
	d = &db->deps[db->nr_deps++];
	dep_stat(d, symdb_strdup(db, path));
	free(abs);
}

void symdb_no_cache(struct symdb *db, const char *why)
{
	if (!db->uncacheable)
		db->uncacheable = why;
}

void symdb_warning(struct symdb *db, const char *fmt, ...)
{
	char *msg;
	va_list ap;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	warning("%s", msg);
	ALLOC_GROW(db->warnings, db->nr_warnings, db->alloc_warnings);
	db->warnings[db->nr_warnings++] = symdb_strdup(db, msg);
	free(msg);
}
