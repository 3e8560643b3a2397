/* zip-deflate.c - raw deflate (RFC 1951) in independent sync-flushed chunks, compressed by worker threads. */
#include "zip.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

/*
 * Chunks go round a ring of jobs. The caller fills the current job's
 * text; a full job goes to the thread pool and the caller moves on to
 * the next job, first writing that job's output if it still holds one.
 * Outputs are written strictly in order, so the file is the chunks'
 * concatenation; their CRCs combine with crc32_combine(). Each job owns
 * its z_stream, so a worker needs no state of its own.
 */
#define MAX_THREADS 4

enum job_state { JOB_FREE, JOB_QUEUED, JOB_DONE };

struct job {
	GString *in;
	guint8 *out;
	size_t out_len, out_cap;
	uint32_t crc;
	z_stream z;
	bool z_ready;
	int zerr;		/* zlib's error, Z_OK when done well */
	enum job_state state;	/* under the lock */
};

struct cr_deflate {
	int fd, level;
	GThreadPool *pool;	/* NULL: compress in the calling thread */
	struct job *jobs;
	unsigned njobs, cur;	/* cur: the job being filled */
	unsigned next_out;	/* the job whose output goes to fd next */
	GMutex lock;
	GCond done;
	struct cr_deflate_sum sum;
	int failed;		/* errno of a failed write, or EIO for a zlib failure */
};

static void compress_job(struct job *j, int level)
{
	const size_t bound = deflateBound(&j->z, j->in->len) + 64;

	j->crc = (uint32_t)crc32(0, (const Bytef *)j->in->str, (uInt)j->in->len);
	if (!j->z_ready) {
		j->zerr = deflateInit2(&j->z, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
		if (j->zerr != Z_OK)
			return;
		j->z_ready = true;
	} else {
		deflateReset(&j->z);
	}
	if (j->out_cap < bound) {
		g_free(j->out);
		j->out_cap = MAX(bound, j->in->len + j->in->len / 8 + 1024);
		j->out = g_malloc(j->out_cap);
	}
	j->z.next_in = (Bytef *)j->in->str;
	j->z.avail_in = (uInt)j->in->len;
	j->z.next_out = j->out;
	j->z.avail_out = (uInt)j->out_cap;
	j->zerr = deflate(&j->z, Z_SYNC_FLUSH);
	if (j->zerr == Z_OK && (j->z.avail_in != 0 || j->z.avail_out == 0))
		j->zerr = Z_BUF_ERROR;	/* the bound is generous: not expected */
	j->out_len = j->out_cap - j->z.avail_out;
}

static void worker(gpointer data, gpointer user)
{
	struct job *j = data;
	struct cr_deflate *d = user;

	compress_job(j, d->level);
	g_mutex_lock(&d->lock);
	j->state = JOB_DONE;
	g_cond_broadcast(&d->done);
	g_mutex_unlock(&d->lock);
}

struct cr_deflate *cr_deflate_new(int fd, int level, int threads)
{
	struct cr_deflate *d = g_new0(struct cr_deflate, 1);

	if (threads <= 0)
		threads = (int)MIN(g_get_num_processors(), MAX_THREADS);
	d->fd = fd;
	d->level = level;
	d->njobs = threads > 1 ? 2 * (unsigned)threads + 1 : 1;
	d->jobs = g_new0(struct job, d->njobs);
	for (unsigned i = 0; i < d->njobs; i++)
		d->jobs[i].in = g_string_sized_new(CR_DEFLATE_CHUNK + 64 * 1024);
	g_mutex_init(&d->lock);
	g_cond_init(&d->done);
	if (threads > 1)
		d->pool = g_thread_pool_new(worker, d, threads, FALSE, NULL);
	return d;
}

GString *cr_deflate_buf(struct cr_deflate *d)
{
	return d->jobs[d->cur].in;
}

/* Wait for job i (the oldest one out), write its output, free it. */
static void retire(struct cr_deflate *d, unsigned i)
{
	struct job *j = &d->jobs[i];

	g_mutex_lock(&d->lock);
	while (j->state == JOB_QUEUED)
		g_cond_wait(&d->done, &d->lock);
	g_mutex_unlock(&d->lock);
	if (j->state != JOB_DONE)
		return;
	if (!d->failed && j->zerr != Z_OK)
		d->failed = EIO;
	if (!d->failed && cr_write_all(d->fd, j->out, j->out_len) != 0)
		d->failed = errno ? errno : EIO;
	if (!d->failed) {
		d->sum.crc = (uint32_t)crc32_combine(d->sum.crc, j->crc, (z_off_t)j->in->len);
		d->sum.raw += j->in->len;
		d->sum.packed += j->out_len;
	}
	g_string_truncate(j->in, 0);
	j->state = JOB_FREE;
	d->next_out = (i + 1) % d->njobs;
}

/* Hand the current job over (or compress it here) and move to the next free one. */
static void submit(struct cr_deflate *d)
{
	struct job *j = &d->jobs[d->cur];

	if (j->in->len == 0)
		return;
	if (!d->pool) {
		compress_job(j, d->level);
		j->state = JOB_DONE;
		retire(d, d->cur);
		return;
	}
	j->state = JOB_QUEUED;
	g_thread_pool_push(d->pool, j, NULL);
	d->cur = (d->cur + 1) % d->njobs;
	if (d->jobs[d->cur].state != JOB_FREE)	/* the ring is full: the oldest is this one */
		retire(d, d->cur);
}

int cr_deflate_push(struct cr_deflate *d)
{
	if (d->jobs[d->cur].in->len >= CR_DEFLATE_CHUNK)
		submit(d);
	if (d->failed) {
		errno = d->failed;
		return -1;
	}
	return 0;
}

int cr_deflate_end(struct cr_deflate *d, struct cr_deflate_sum *sum)
{
	unsigned first;

	submit(d);
	first = d->next_out;	/* retire() moves next_out on */
	for (unsigned k = 0; k < d->njobs; k++) {
		unsigned i = (first + k) % d->njobs;
		if (d->jobs[i].state != JOB_FREE)
			retire(d, i);
	}
	d->next_out = d->cur;
	*sum = d->sum;
	memset(&d->sum, 0, sizeof(d->sum));
	if (d->failed) {
		errno = d->failed;
		return -1;
	}
	return 0;
}

void cr_deflate_free(struct cr_deflate *d)
{
	if (!d)
		return;
	if (d->pool)
		g_thread_pool_free(d->pool, FALSE, TRUE);	/* waits for queued jobs */
	for (unsigned i = 0; i < d->njobs; i++) {
		if (d->jobs[i].z_ready)
			deflateEnd(&d->jobs[i].z);
		g_free(d->jobs[i].out);
		g_string_free(d->jobs[i].in, TRUE);
	}
	g_mutex_clear(&d->lock);
	g_cond_clear(&d->done);
	g_free(d->jobs);
	g_free(d);
}

void cr_deflate_bytes(const void *data, size_t len, int level, bool final, GByteArray *out)
{
	z_stream z = { 0 };
	guint start = out->len;
	uLong bound;

	deflateInit2(&z, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
	bound = deflateBound(&z, (uLong)len) + 64;
	g_byte_array_set_size(out, start + (guint)bound);
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)len;
	z.next_out = out->data + start;
	z.avail_out = (uInt)bound;
	deflate(&z, final ? Z_FINISH : Z_SYNC_FLUSH);
	g_byte_array_set_size(out, start + (guint)(bound - z.avail_out));
	deflateEnd(&z);
}
