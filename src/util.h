/*
 * util.h - small shared facilities: checked allocation, growable string
 * buffers, a bump arena, the error record every fallible call fills, and the
 * terminal progress bar.
 *
 * Ownership rule for the whole program: a function whose name ends in
 * _alloc or _dup hands the result to the caller, who frees it with the
 * matching _free (or free() for plain strings). Everything else borrows.
 * Allocation failure aborts the process in one place (xmalloc and friends):
 * attain never continues with a half-built structure.
 */
#ifndef ATTAIN_UTIL_H
#define ATTAIN_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Status codes returned by fallible functions. */
enum {
	ATT_OK = 0,
	ATT_EINPUT = 1, /* bad input: file content, values, references */
	ATT_EUSAGE = 2, /* bad command-line usage */
	ATT_EIO = 3,    /* I/O or database failure */
	ATT_ENOTFOUND = 4,
	ATT_ECONFLICT =
	    9, /* stale version or a second answer: nothing written */
};

/*
 * The error record. `msg` is one lower-case line without a trailing period
 * naming what failed first and its subject; file/line/col locate it in an
 * input file when known (0 when not).
 */
typedef struct att_err {
	int code;
	char file[256];
	long line;
	long col;
	char msg[512];
} att_err;

void err_clear(att_err *e);
/* Fill e (if non-NULL) with code and a printf-style message; returns code. */
int err_set(att_err *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Same, with an input location. */
int err_set_at(att_err *e, int code, const char *file, long line, long col,
               const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Print e as one line "attain: [file:line:col: ]msg" to stderr. */
void err_print(const att_err *e);

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Grow *p (of *cap elements of size sz) so it holds at least need elements. */
void xgrow(void **p, size_t *cap, size_t need, size_t sz);

/* Growable byte buffer, always NUL-terminated. */
typedef struct buf {
	char *data;
	size_t len;
	size_t cap;
} buf;

void buf_init(buf *b);
void buf_free(buf *b);
void buf_clear(buf *b);
void buf_reserve(buf *b, size_t extra);
void buf_add(buf *b, const void *p, size_t n);
void buf_adds(buf *b, const char *s);
void buf_addc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap);
/* Take the data (caller frees); b is reset to empty. */
char *buf_detach(buf *b);

/*
 * Bump arena: many small allocations freed together. Used per request and
 * per command so that what a unit of work allocates dies with it.
 */
typedef struct arena_block arena_block;
typedef struct arena {
	arena_block *head;
} arena;

void arena_init(arena *a);
void *arena_alloc(arena *a, size_t n); /* zeroed, 16-byte aligned */
char *arena_strdup(arena *a, const char *s);
char *arena_printf(arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void arena_free(arena *a);

/*
 * Progress bar on stderr, drawn only when stderr is a terminal. `total` may
 * be 0 when unknown (then only the count and rate are shown).
 */
typedef struct progress {
	const char *label;
	uint64_t total;
	uint64_t done;
	double start;
	double last_draw;
	int enabled;
} progress;

void progress_start(progress *p, const char *label, uint64_t total);
void progress_update(progress *p, uint64_t done);
void progress_finish(progress *p);

/* Monotonic seconds (durations only, never a date). */
double now_seconds(void);

/*
 * The wall clock, read in exactly one place. Library code never asks the
 * time: a command or a request reads clock_now() once at its edge and
 * passes the value (or the date made from it) to what it calls, so a test
 * passes a fixed time instead. ATTAIN_NOW (epoch seconds, an ISO date or
 * "YYYY-MM-DDTHH:MM:SSZ") or else ATTAIN_TODAY (an ISO date; noon UTC)
 * fixes the clock for demos and the shell tests.
 */
int64_t clock_now(void);
/* t (seconds since 1970, UTC) as "YYYY-MM-DDTHH:MM:SSZ" (21 bytes). */
void clock_iso(int64_t t, char out[21]);
/* The UTC date of t as "YYYY-MM-DD" (11 bytes). */
void clock_date(int64_t t, char out[11]);
/* The local calendar date of t (a school's "today"), "YYYY-MM-DD". */
void clock_local_date(int64_t t, char out[11]);
/* Parse what ATTAIN_NOW accepts; -1 when it is none of those. */
int64_t clock_parse(const char *s);
/* Days since 1970-01-01 for an ISO date "YYYY-MM-DD"; -1 if invalid. */
long date_parse(const char *s);
/* Format days since epoch as YYYY-MM-DD into out (11 bytes). */
void date_format(long days, char out[11]);
/* Day of week for days since epoch: 0 = Monday .. 6 = Sunday. */
int date_weekday(long days);

/* Test hook: when $ATTAIN_TEST_KILL_AT equals `point`, the process kills
 * itself with SIGKILL there (no cleanup, as a power cut or the OOM killer
 * would stop it); when it equals `point` followed by "/stop", it stops
 * itself (SIGSTOP) until a SIGCONT, so a test can look at a live run. The
 * one reading of that variable; the points are named in docs/ANALYTICS.md
 * ("Runs"). Does nothing when it is unset. */
void kill_point(const char *point);

/* FNV-1a 64-bit hash of a byte range (for content hashes and checksums). */
uint64_t hash64(const void *p, size_t n, uint64_t seed);

/* The next word of a space-separated list: skips spaces at *p, returns
 * the word's start with its length in *len and moves *p past it; NULL
 * when no word is left. Walks lists like analysis_def.needs/tables. */
const char *word_next(const char **p, size_t *len);

/* Read a whole file; returns NULL and fills e on failure. Caller frees. */
char *file_read_alloc(const char *path, size_t *len, att_err *e);

#endif
