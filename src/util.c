/*
 * util.c - implementation of the shared facilities declared in util.h.
 */
#include "util.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void err_clear(att_err *e)
{
	if (e)
		memset(e, 0, sizeof(*e));
}

int err_set(att_err *e, int code, const char *fmt, ...)
{
	if (!e)
		return code;
	va_list ap;
	e->code = code;
	e->file[0] = '\0';
	e->line = e->col = 0;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return code;
}

int err_set_at(att_err *e, int code, const char *file, long line, long col,
               const char *fmt, ...)
{
	if (!e)
		return code;
	va_list ap;
	e->code = code;
	snprintf(e->file, sizeof(e->file), "%s", file ? file : "");
	e->line = line;
	e->col = col;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return code;
}

void err_print(const att_err *e)
{
	if (e->file[0] && e->line > 0)
		fprintf(stderr, "attain: %s:%ld:%ld: %s\n", e->file, e->line,
		        e->col, e->msg);
	else if (e->file[0])
		fprintf(stderr, "attain: %s: %s\n", e->file, e->msg);
	else
		fprintf(stderr, "attain: %s\n", e->msg);
}

static void oom(size_t n)
{
	fprintf(stderr, "attain: out of memory allocating %zu bytes\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void xgrow(void **p, size_t *cap, size_t need, size_t sz)
{
	if (need <= *cap)
		return;
	size_t c = *cap ? *cap : 16;
	while (c < need)
		c *= 2;
	*p = xrealloc(*p, c * sz);
	*cap = c;
}

void buf_init(buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void buf_free(buf *b)
{
	free(b->data);
	buf_init(b);
}

void buf_clear(buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void buf_reserve(buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	size_t c = b->cap ? b->cap : 64;
	while (c < need)
		c *= 2;
	b->data = xrealloc(b->data, c);
	b->cap = c;
}

void buf_add(buf *b, const void *p, size_t n)
{
	buf_reserve(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_adds(buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addc(buf *b, char c)
{
	buf_reserve(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void buf_vprintf(buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	buf_reserve(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_printf(buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *buf_detach(buf *b)
{
	char *p = b->data ? b->data : xstrdup("");
	buf_init(b);
	return p;
}

struct arena_block {
	arena_block *next;
	size_t used, size;
	_Alignas(16) unsigned char mem[];
};

void arena_init(arena *a)
{
	a->head = NULL;
}

void *arena_alloc(arena *a, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	arena_block *b = a->head;
	if (!b || b->used + n > b->size) {
		size_t size = n > 65536 ? n : 65536;
		b = xmalloc(sizeof(*b) + size);
		b->size = size;
		b->used = 0;
		b->next = a->head;
		a->head = b;
	}
	void *p = b->mem + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

char *arena_strdup(arena *a, const char *s)
{
	size_t n = strlen(s);
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n + 1);
	return p;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
	va_list ap, cp;
	va_start(ap, fmt);
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0) {
		va_end(ap);
		return arena_strdup(a, "");
	}
	char *p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void arena_free(arena *a)
{
	arena_block *b = a->head;
	while (b) {
		arena_block *n = b->next;
		free(b);
		b = n;
	}
	a->head = NULL;
}

double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int64_t clock_parse(const char *s)
{
	if (!s || !*s)
		return -1;
	size_t n = strlen(s);
	if (strspn(s, "0123456789") == n && n <= 12)
		return (int64_t)strtoll(s, NULL, 10);
	char day[11];
	if (n < 10)
		return -1;
	memcpy(day, s, 10);
	day[10] = 0;
	long d = date_parse(day);
	if (d < 0)
		return -1;
	if (n == 10)
		return (int64_t)d * 86400 + 12 * 3600;
	unsigned hh, mm, ss;
	char z = 0;
	if (n == 20 &&
	    sscanf(s + 10, "T%2u:%2u:%2u%c", &hh, &mm, &ss, &z) == 4 &&
	    z == 'Z' && hh < 24 && mm < 60 && ss < 61)
		return (int64_t)d * 86400 + hh * 3600 + mm * 60 + ss;
	return -1;
}

int64_t clock_now(void)
{
	int64_t t = clock_parse(getenv("ATTAIN_NOW"));
	if (t >= 0)
		return t;
	const char *today = getenv("ATTAIN_TODAY");
	if (today && strlen(today) == 10 && (t = clock_parse(today)) >= 0)
		return t;
	return (int64_t)time(NULL);
}

void kill_point(const char *point)
{
	const char *at = getenv("ATTAIN_TEST_KILL_AT");
	size_t n = strlen(point);
	if (!at || strncmp(at, point, n) != 0)
		return;
	fflush(NULL);
	if (at[n] == '\0')
		raise(SIGKILL);
	else if (strcmp(at + n, "/stop") == 0)
		raise(SIGSTOP);
}

void clock_date(int64_t t, char out[11])
{
	int64_t d = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	date_format((long)d, out);
}

void clock_local_date(int64_t t, char out[11])
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!localtime_r(&tt, &tm)) {
		clock_date(t, out);
		return;
	}
	strftime(out, 11, "%Y-%m-%d", &tm);
}

void clock_iso(int64_t t, char out[21])
{
	clock_date(t, out);
	int64_t r = t - (t >= 0 ? t / 86400 : -((-t + 86399) / 86400)) * 86400;
	int h = (int)(r / 3600), m = (int)(r / 60 % 60), sec = (int)(r % 60);
	out[10] = 'T';
	out[11] = (char)('0' + h / 10);
	out[12] = (char)('0' + h % 10);
	out[13] = ':';
	out[14] = (char)('0' + m / 10);
	out[15] = (char)('0' + m % 10);
	out[16] = ':';
	out[17] = (char)('0' + sec / 10);
	out[18] = (char)('0' + sec % 10);
	out[19] = 'Z';
	out[20] = 0;
}

void progress_start(progress *p, const char *label, uint64_t total)
{
	p->label = label;
	p->total = total;
	p->done = 0;
	p->start = now_seconds();
	p->last_draw = 0;
	p->enabled = isatty(STDERR_FILENO) && !getenv("ATTAIN_NO_PROGRESS");
}

static void progress_draw(progress *p, int final)
{
	double t = now_seconds() - p->start;
	double rate = t > 0 ? (double)p->done / t : 0;
	if (p->total) {
		double f = (double)p->done / (double)p->total;
		if (f > 1)
			f = 1;
		int w = 30, filled = (int)(f * w);
		char bar[31];
		for (int i = 0; i < w; i++)
			bar[i] = i < filled ? '#' : '.';
		bar[w] = '\0';
		fprintf(stderr, "\r%s [%s] %3.0f%% %llu/%llu %.0f/s%s",
		        p->label, bar, f * 100, (unsigned long long)p->done,
		        (unsigned long long)p->total, rate, final ? "\n" : "");
	} else {
		fprintf(stderr, "\r%s %llu %.0f/s%s", p->label,
		        (unsigned long long)p->done, rate, final ? "\n" : "");
	}
	fflush(stderr);
}

void progress_update(progress *p, uint64_t done)
{
	p->done = done;
	if (!p->enabled)
		return;
	double t = now_seconds();
	if (t - p->last_draw < 0.1)
		return;
	p->last_draw = t;
	progress_draw(p, 0);
}

void progress_finish(progress *p)
{
	if (p->enabled)
		progress_draw(p, 1);
}

/* Days from civil date (Howard Hinnant's algorithm, proleptic Gregorian). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

long date_parse(const char *s)
{
	if (!s)
		return -1;
	int y, m, d;
	char tail;
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return -1;
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1)
		return -1;
	static const int mdays[] = {31, 28, 31, 30, 31, 30,
	                            31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	int max = mdays[m - 1] + (m == 2 && leap);
	if (d > max)
		return -1;
	return days_from_civil(y, (unsigned)m, (unsigned)d);
}

void date_format(long z, char out[11])
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = (long)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	unsigned d = doy - (153 * mp + 2) / 5 + 1;
	unsigned m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	if (y < 0 || y > 9999)
		y = 0;
	unsigned uy = (unsigned)y;
	out[0] = (char)('0' + uy / 1000);
	out[1] = (char)('0' + uy / 100 % 10);
	out[2] = (char)('0' + uy / 10 % 10);
	out[3] = (char)('0' + uy % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

int date_weekday(long days)
{
	/* 1970-01-01 was a Thursday (3 with Monday = 0). */
	long w = (days + 3) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

uint64_t hash64(const void *p, size_t n, uint64_t seed)
{
	const unsigned char *s = p;
	uint64_t h = 1469598103934665603ULL ^ seed;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

char *file_read_alloc(const char *path, size_t *len, att_err *e)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		err_set(e, ATT_EIO, "cannot open '%s': %s", path,
		        strerror(errno));
		return NULL;
	}
	buf b;
	buf_init(&b);
	char tmp[65536];
	size_t n;
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		buf_add(&b, tmp, n);
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		buf_free(&b);
		err_set(e, ATT_EIO, "cannot read '%s'", path);
		return NULL;
	}
	if (len)
		*len = b.len;
	return buf_detach(&b);
}

const char *word_next(const char **p, size_t *len)
{
	const char *w = *p;
	if (!w)
		return NULL;
	while (*w == ' ')
		w++;
	*len = strcspn(w, " ");
	*p = w + *len;
	return *len ? w : NULL;
}
