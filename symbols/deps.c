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
#include <unistd.h>

#include "symdb_private.h"
#include "util.h"

void dep_stat_at(struct symdb_dep *d, const char *path, int dirfd, const char *name)
{
	d->path = path;
	file_stamp_at(&d->st, dirfd, name);
}

void dep_stat(struct symdb_dep *d, const char *path)
{
	dep_stat_at(d, path, AT_FDCWD, path);
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
