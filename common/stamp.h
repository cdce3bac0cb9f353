/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * How a file looked when a cache was made from it: the symbol index
 * (symbols/deps.c), the language server's kept parses and the preamble
 * cache (annotate/) compare it with the disk before trusting the cache.
 * Size and mtime alone miss a same-size save within the mtime's
 * granularity; the inode's change time does not.
 */
#ifndef KLP_STAMP_H
#define KLP_STAMP_H

#include <stdbool.h>

struct file_stamp {
	unsigned int kind;		/* S_IFREG, S_IFDIR, ...; 0: it did not exist */
	unsigned long long dev, ino, size;
	long long mtime_sec, mtime_nsec, ctime_sec, ctime_nsec;
};

/* NAME relative to DIRFD (AT_FDCWD: a path); false, and all zero, if it is gone. */
bool file_stamp_at(struct file_stamp *st, int dirfd, const char *name);
bool file_stamp_take(struct file_stamp *st, const char *path);
bool file_stamp_same(const struct file_stamp *a, const struct file_stamp *b);

#endif
