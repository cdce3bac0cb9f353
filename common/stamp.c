// SPDX-License-Identifier: GPL-2.0-only
#include "stamp.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

bool file_stamp_at(struct file_stamp *st, int dirfd, const char *name)
{
	struct stat sb;

	memset(st, 0, sizeof(*st));
	if (fstatat(dirfd, name, &sb, 0))
		return false;
	st->kind = sb.st_mode & S_IFMT;
	st->dev = sb.st_dev;
	st->ino = sb.st_ino;
	st->size = (unsigned long long)sb.st_size;
	st->mtime_sec = sb.st_mtim.tv_sec;
	st->mtime_nsec = sb.st_mtim.tv_nsec;
	st->ctime_sec = sb.st_ctim.tv_sec;
	st->ctime_nsec = sb.st_ctim.tv_nsec;
	return true;
}

bool file_stamp_take(struct file_stamp *st, const char *path)
{
	return file_stamp_at(st, AT_FDCWD, path);
}

bool file_stamp_same(const struct file_stamp *a, const struct file_stamp *b)
{
	return a->kind == b->kind && a->dev == b->dev && a->ino == b->ino &&
	       a->size == b->size && a->mtime_sec == b->mtime_sec &&
	       a->mtime_nsec == b->mtime_nsec && a->ctime_sec == b->ctime_sec &&
	       a->ctime_nsec == b->ctime_nsec;
}
