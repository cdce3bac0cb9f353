/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Compressed kernel modules (CONFIG_MODULE_COMPRESS_XZ, _ZSTD, _GZIP:
 * foo.ko.xz, foo.ko.zst, foo.ko.gz), decompressed in memory with
 * liblzma, libzstd and zlib. The format is told by the data's magic
 * bytes, not by the file's name.
 */
#ifndef KLP_DECOMPRESS_H
#define KLP_DECOMPRESS_H

#include <stdbool.h>
#include <stddef.h>

enum compression {
	COMPRESS_NONE,
	COMPRESS_XZ,            /* FD 37 7A 58 5A 00 */
	COMPRESS_ZSTD,          /* 28 B5 2F FD */
	COMPRESS_GZIP,          /* 1F 8B */
};

/* Enough of a file's start for compression_detect(). */
#define COMPRESSION_MAGIC_MAX 6

/* What DATA (LEN bytes, the start of a file will do) is compressed with. */
enum compression compression_detect(const void *data, size_t len);

/* "xz", "zstd", "gzip"; "none". */
const char *compression_name(enum compression c);

/* The format a file name's suffix promises (".xz", ".zst", ".gz"), or COMPRESS_NONE. */
enum compression compression_by_name(const char *path);

/* Decompressed modules larger than this are refused: a bomb, not a module. */
#define DECOMPRESS_MAX ((size_t)512 << 20)

/*
 * Decompress IN (LEN bytes, compressed with C) into a malloc'ed buffer
 * of *OUT_LEN bytes (*OUT; one NUL byte follows them, not counted).
 * Concatenated streams (xz, gzip members, zstd frames) are read as one.
 * 0, or -1 after one error line naming PATH and the format: corrupt or
 * truncated data, trailing garbage, or more than MAX bytes of output.
 */
int decompress(const char *path, enum compression c, const void *in, size_t len,
	       size_t max, void **out, size_t *out_len);

#endif
