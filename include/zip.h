/* zip.h - raw deflate in parallel chunks, and a zip rewritten with some entries replaced (APPNOTE 6.3.x, RFC 1951). */
#ifndef CR_ZIP_H
#define CR_ZIP_H

#include "outfile.h"
#include "capreport.h"

/*
 * A deflate stream built from independent chunks: each chunk of about
 * CR_DEFLATE_CHUNK bytes is compressed on its own (in worker threads when
 * there are several processors) and ends with a sync flush, so the chunks
 * concatenate into one valid stream that is not yet final. Compressed
 * chunks are appended, in order, to `fd` (owned by the caller, left open).
 * The caller appends text to cr_deflate_buf() and calls cr_deflate_push()
 * now and then; cr_deflate_end() compresses what is left and waits for
 * every chunk. cr_deflate_free() frees everything, finished or not.
 */
#define CR_DEFLATE_CHUNK (1u << 20)


struct cr_deflate_sum {
	uint32_t crc;		/* CRC-32 of the text */
	uint64_t raw;		/* bytes of text */
	uint64_t packed;	/* bytes written to fd */
};

struct cr_deflate;
/* threads: 0 = one per processor (at most 4), 1 = compress in the calling thread. */
struct cr_deflate *cr_deflate_new(int fd, int level, int threads);
GString *cr_deflate_buf(struct cr_deflate *d);
/* Hand the buffer over once it holds a chunk; -1 with errno set when fd could not be written. */
int cr_deflate_push(struct cr_deflate *d);
/* Everything so far, compressed and written; the sums since the last cr_deflate_end (then reset). */
int cr_deflate_end(struct cr_deflate *d, struct cr_deflate_sum *sum);
void cr_deflate_free(struct cr_deflate *d);

/* Compress `len` bytes at once into `out` (appended): a sync-flushed piece, or the final one. */
void cr_deflate_bytes(const void *data, size_t len, int level, bool final, GByteArray *out);

/* ---- zips ---- */

/* A replacement entry's compressed data, in pieces: memory, or a range of a file. */
struct cr_zip_piece {
	const guint8 *mem;	/* NULL: read from fd */
	int fd;
	uint64_t offset, len;
};

struct cr_zip_replace {
	const char *name;	/* an entry of the zip being read */
	struct cr_zip_piece piece[3];
	size_t npieces;
	uint32_t crc;		/* CRC-32 and size of the whole uncompressed entry */
	uint64_t raw;
};

/*
 * A zip opened for reading its central directory. ZIP64 archives and
 * archives of 4 GiB or more are refused: the zips read here are small.
 */
struct cr_zip;
struct cr_zip *cr_zip_open(const char *path, GError **err);
/* One entry, uncompressed (stored or deflated), NUL-terminated (g_free); NULL with err. */
char *cr_zip_read(struct cr_zip *z, const char *name, size_t *len, GError **err);
/*
 * Write the zip again to `fd`: every entry copied byte for byte in its
 * order, except those named in `rep`, whose data are the given deflated
 * pieces. A result that would need ZIP64 (4 GiB or more, an entry of
 * 4 GiB or more uncompressed) is refused. Errors name `what`.
 */
int cr_zip_rewrite(struct cr_zip *z, int fd, const struct cr_zip_replace *rep, size_t nrep, const char *what,
		   GError **err);
void cr_zip_close(struct cr_zip *z);

#endif
