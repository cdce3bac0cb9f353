// SPDX-License-Identifier: GPL-2.0-only
/*
 * In-memory decompression of compressed modules: liblzma for xz, libzstd
 * for zstd, zlib for gzip (Debian's liblzma-dev, libzstd-dev, zlib1g-dev).
 *
 * Each decoder writes into one growing buffer, capped: a module that
 * decompresses past the cap is refused as a bomb. Input that is corrupt,
 * ends in the middle of a stream, or has trailing garbage is an error
 * naming the file and the format; the decoders check the streams' own
 * checksums (xz's check, gzip's CRC-32, zstd's when the frame has one).
 */
#include <limits.h>
#include <lzma.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "decompress.h"
#include "util.h"

static const unsigned char xz_magic[] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };
static const unsigned char zstd_magic[] = { 0x28, 0xb5, 0x2f, 0xfd };
static const unsigned char gzip_magic[] = { 0x1f, 0x8b };

enum compression compression_detect(const void *data, size_t len)
{
	if (len >= sizeof(xz_magic) && !memcmp(data, xz_magic, sizeof(xz_magic)))
		return COMPRESS_XZ;
	if (len >= sizeof(zstd_magic) && !memcmp(data, zstd_magic, sizeof(zstd_magic)))
		return COMPRESS_ZSTD;
	if (len >= sizeof(gzip_magic) && !memcmp(data, gzip_magic, sizeof(gzip_magic)))
		return COMPRESS_GZIP;
	return COMPRESS_NONE;
}

const char *compression_name(enum compression c)
{
	switch (c) {
	case COMPRESS_XZ:
		return "xz";
	case COMPRESS_ZSTD:
		return "zstd";
	case COMPRESS_GZIP:
		return "gzip";
	case COMPRESS_NONE:
		break;
	}
	return "none";
}

enum compression compression_by_name(const char *path)
{
	if (ends_with(path, ".xz"))
		return COMPRESS_XZ;
	if (ends_with(path, ".zst"))
		return COMPRESS_ZSTD;
	if (ends_with(path, ".gz"))
		return COMPRESS_GZIP;
	return COMPRESS_NONE;
}

/* The output: LEN bytes written, room for ALLOC, never more than MAX + 1. */
struct out {
	const char *path, *fmt;
	unsigned char *buf;
	size_t len, alloc, max;
};

static int bomb(const struct out *o)
{
	return error("%s: %s data decompresses to more than %zu MiB; refusing it "
		     "(a decompression bomb?)", o->path, o->fmt, o->max >> 20);
}

/* Room for more output: 0, or -1 after the error for a bomb. */
static int out_grow(struct out *o, size_t in_len)
{
	size_t n;

	/* One byte past MAX tells "exactly MAX" from "more". */
	if (o->alloc > o->max)
		return bomb(o);
	if (!o->alloc)
		n = in_len < (64 << 10) / 4 ? 64 << 10 : in_len * 4;   /* modules: ~4:1 */
	else
		n = o->alloc > o->max / 2 ? o->max + 1 : o->alloc * 2;
	if (n > o->max)
		n = o->max + 1;
	o->buf = xrealloc(o->buf, n);
	o->alloc = n;
	return 0;
}

/* After each step: more than MAX is a bomb. */
static int out_check(struct out *o)
{
	return o->len > o->max ? bomb(o) : 0;
}

static int corrupt(const struct out *o, const char *why)
{
	return error("%s: corrupt %s data (%s)", o->path, o->fmt, why);
}

static int truncated(const struct out *o)
{
	return error("%s: truncated %s data: the stream ends early", o->path, o->fmt);
}

static int unxz(struct out *o, const unsigned char *in, size_t len)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_ret ret;
	int err = -1;

	/* No memory limit but the system's: xz -9 needs 64 MiB, modules far less. */
	if (lzma_stream_decoder(&s, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK)
		return error("%s: cannot start the xz decoder", o->path);
	s.next_in = in;
	s.avail_in = len;
	for (;;) {
		if (o->len == o->alloc && out_grow(o, len))
			goto out;
		s.next_out = o->buf + o->len;
		s.avail_out = o->alloc - o->len;
		ret = lzma_code(&s, LZMA_FINISH);
		o->len = o->alloc - s.avail_out;
		if (out_check(o))
			goto out;
		switch (ret) {
		case LZMA_STREAM_END:
			err = 0;
			goto out;
		case LZMA_OK:
			continue;
		case LZMA_BUF_ERROR:
			/* No progress: with room left, the input ran out. */
			if (s.avail_out) {
				truncated(o);
				goto out;
			}
			continue;
		case LZMA_MEM_ERROR:
			error("%s: out of memory decompressing xz data", o->path);
			goto out;
		case LZMA_FORMAT_ERROR:
			corrupt(o, "not an xz stream");
			goto out;
		case LZMA_OPTIONS_ERROR:
			corrupt(o, "unsupported options");
			goto out;
		case LZMA_DATA_ERROR:
			corrupt(o, "bad compressed data or check");
			goto out;
		default:
			corrupt(o, "decoder error");
			goto out;
		}
	}
out:
	lzma_end(&s);
	return err;
}

static int unzstd(struct out *o, const unsigned char *in, size_t len)
{
	ZSTD_DCtx *dctx = ZSTD_createDCtx();
	ZSTD_inBuffer ib = { in, len, 0 };
	ZSTD_outBuffer ob;
	size_t r;
	int err = -1;

	if (!dctx)
		return error("%s: cannot start the zstd decoder", o->path);
	for (;;) {
		if (o->len == o->alloc && out_grow(o, len))
			break;
		ob.dst = o->buf;
		ob.size = o->alloc;
		ob.pos = o->len;
		r = ZSTD_decompressStream(dctx, &ob, &ib);
		o->len = ob.pos;
		if (ZSTD_isError(r)) {
			corrupt(o, ZSTD_getErrorName(r));
			break;
		}
		if (out_check(o))
			break;
		/* 0: a frame ended, and it was the last one. */
		if (!r && ib.pos == ib.size) {
			err = 0;
			break;
		}
		/* The decoder wants more input, had room to write, and there is none. */
		if (ib.pos == ib.size && ob.pos < ob.size) {
			truncated(o);
			break;
		}
	}
	ZSTD_freeDCtx(dctx);
	return err;
}

static int gunzip(struct out *o, const unsigned char *in, size_t len)
{
	z_stream z;
	size_t rest = len, before;
	int ret, err = -1;

	memset(&z, 0, sizeof(z));
	/* 16 + MAX_WBITS: gzip wrapper only, with its header and CRC-32 checked. */
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		return error("%s: cannot start the gzip decoder", o->path);
	z.next_in = (unsigned char *)in;
	for (;;) {
		/* zlib counts in uInt: feed and drain at most UINT_MAX at a time. */
		if (!z.avail_in && rest) {
			z.avail_in = rest > UINT_MAX ? UINT_MAX : rest;
			rest -= z.avail_in;
		}
		if (o->len == o->alloc && out_grow(o, len))
			goto out;
		z.next_out = o->buf + o->len;
		z.avail_out = o->alloc - o->len > UINT_MAX ? UINT_MAX : o->alloc - o->len;
		before = z.avail_out;
		ret = inflate(&z, Z_NO_FLUSH);
		o->len += before - z.avail_out;
		if (out_check(o))
			goto out;
		switch (ret) {
		case Z_STREAM_END:
			if (!z.avail_in && !rest) {
				err = 0;
				goto out;
			}
			/* Another member follows (gzip a b > c), or garbage. */
			if (compression_detect(z.next_in, z.avail_in + rest) != COMPRESS_GZIP) {
				corrupt(o, "trailing garbage after the stream");
				goto out;
			}
			if (inflateReset(&z) != Z_OK) {
				corrupt(o, "cannot restart the decoder");
				goto out;
			}
			continue;
		case Z_OK:
			continue;
		case Z_BUF_ERROR:
			/* No progress: with room left, the input ran out. */
			if (z.avail_out && !z.avail_in && !rest) {
				truncated(o);
				goto out;
			}
			if (z.avail_out && z.avail_in) {
				corrupt(o, "no progress");
				goto out;
			}
			continue;
		case Z_MEM_ERROR:
			error("%s: out of memory decompressing gzip data", o->path);
			goto out;
		case Z_NEED_DICT:
			corrupt(o, "needs a preset dictionary");
			goto out;
		default:
			corrupt(o, z.msg ? z.msg : "decoder error");
			goto out;
		}
	}
out:
	inflateEnd(&z);
	return err;
}

int decompress(const char *path, enum compression c, const void *in, size_t len,
	       size_t max, void **out, size_t *out_len)
{
	struct out o = { .path = path, .fmt = compression_name(c), .max = max };
	int ret;

	switch (c) {
	case COMPRESS_XZ:
		ret = unxz(&o, in, len);
		break;
	case COMPRESS_ZSTD:
		ret = unzstd(&o, in, len);
		break;
	case COMPRESS_GZIP:
		ret = gunzip(&o, in, len);
		break;
	default:
		return error("%s: not compressed data", path);
	}
	if (ret) {
		free(o.buf);
		return -1;
	}
	*out = o.buf;
	*out_len = o.len;
	return 0;
}
