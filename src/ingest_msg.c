/*
 * ingest_msg.c - the import's problems and rejects: each problem printed
 * as FILE:LINE:COLUMN: what (found 'value'), up to a limit; the first
 * problem of a row kept as its reason; rejected rows written as found to
 * FILE.rejects.csv with their line and reason (--skip-bad), including
 * rows known only by their line number, read back from the file.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "csvin.h"
#include "escape.h"
#include "ingest_internal.h"

/* Printable form of a found value: control and invalid bytes as \xNN,
 * at most 60 bytes. */
void ig_show(buf *b, const char *s)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p && n < 60) {
		int l = *p >= 0x20 && *p != 0x7f ? utf8_seq_len(p) : 0;
		if (l == 0) {
			buf_printf(b, "\\x%02x", *p);
			p++;
			n += 4;
		} else {
			buf_add(b, p, (size_t)l);
			p += l;
			n += (size_t)l;
		}
	}
	if (*p)
		buf_adds(b, "...");
}

void ingest_problem(ingest *g, const char *file, long line, long col,
                    const char *what, const char *found)
{
	g->c.problems++;
	buf m;
	buf_init(&m);
	buf_adds(&m, what);
	if (found) {
		buf_adds(&m, " (found '");
		ig_show(&m, found);
		buf_adds(&m, "')");
	}
	if (g->shown < g->o.max_messages) {
		fprintf(g->o.msg, "%s:%ld:%ld: %s\n", file ? file : "-", line,
		        col, m.data);
		g->shown++;
	}
	if (!g->reason.len) {
		buf_clear(&g->reason);
		if (g->k && col >= 1 && g->header && col <= g->nheader)
			buf_printf(&g->reason, "%s: ", g->header[col - 1]);
		buf_adds(&g->reason, m.data);
	}
	buf_free(&m);
}

void ingest_note(ingest *g, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("note: ", g->o.msg);
	vfprintf(g->o.msg, fmt, ap);
	fputc('\n', g->o.msg);
	va_end(ap);
}

/* A problem in the current file, for the current row. */
void ig_bad(ingest *g, long line, long col, const char *found, const char *fmt,
            ...)
{
	char what[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	ingest_problem(g, g->file, line, col, what, found);
	g->row_bad = 1;
}

void ig_reject(ingest *g, long line, char *const *raw, int nraw)
{
	g->c.rejected++;
	if (!g->o.skip_bad) {
		buf_clear(&g->reason);
		return;
	}
	if (!g->rej && !g->rejpath) {
		g->rejpath = xmalloc(strlen(g->file) + 16);
		sprintf(g->rejpath, "%s.rejects.csv", g->file);
		int again = 0;
		for (size_t i = 0; i < g->nrejseen; i++)
			again |= strcmp(g->rejseen[i], g->rejpath) == 0;
		g->rej = fopen(g->rejpath, again ? "a" : "w");
		if (!again) {
			xgrow((void **)&g->rejseen, &g->caprejseen,
			      g->nrejseen + 1, sizeof(char *));
			g->rejseen[g->nrejseen++] = xstrdup(g->rejpath);
		}
		if (!g->rej) {
			fprintf(g->o.msg, "attain: cannot write '%s'\n",
			        g->rejpath);
			return;
		}
		buf_clear(&g->tmp);
		for (int i = 0; i < g->nheader; i++) {
			esc_csv(&g->tmp, g->header[i]);
			buf_addc(&g->tmp, ',');
		}
		buf_adds(&g->tmp, "line,reason\n");
		if (!again)
			fwrite(g->tmp.data, 1, g->tmp.len, g->rej);
	}
	if (!g->rej) {
		buf_clear(&g->reason);
		return;
	}
	buf_clear(&g->tmp);
	for (int i = 0; i < g->nheader; i++) {
		const char *f = raw && i < nraw ? raw[i] : "";
		/* Rejected text is written as found, except invalid UTF-8,
		 * which is shown as \xNN. */
		if (!utf8_valid(f, strlen(f))) {
			buf b2;
			buf_init(&b2);
			ig_show(&b2, f);
			esc_csv(&g->tmp, b2.data);
			buf_free(&b2);
		} else {
			esc_csv(&g->tmp, f);
		}
		buf_addc(&g->tmp, ',');
	}
	buf_printf(&g->tmp, "%ld,", line);
	esc_csv(&g->tmp, g->reason.data ? g->reason.data : "");
	buf_addc(&g->tmp, '\n');
	fwrite(g->tmp.data, 1, g->tmp.len, g->rej);
	buf_clear(&g->reason);
}

void ingest_reject_raw(ingest *g, long line, char *const *raw, int nraw)
{
	ig_reject(g, line, raw, nraw);
	buf_clear(&g->reason);
}

/* Reject a row known only by its line's offset in the file: its text is
 * read back and parsed with csvin for the rejects file. */
typedef struct reject_ctx {
	ingest *g;
	long line;
	int done;
} reject_ctx;

static int reject_cb(void *ctx, const csvin_row *r)
{
	reject_ctx *x = ctx;
	ig_reject(x->g, x->line, r->f, r->nf);
	x->done = 1;
	return 1;
}

/* Rejected duplicate rows are read back from the file by line number. */
void ig_reject_lines(ingest *g, const uint32_t *lines, size_t n)
{
	FILE *f = g->o.skip_bad ? fopen(g->file, "rb") : NULL;
	long at = 1;
	int c = 0;
	for (size_t i = 0; i < n; i++) {
		/* lines are ascending: skip forward to the line's start */
		while (f && at < (long)lines[i] && (c = getc(f)) != EOF)
			at += c == '\n';
		char text[4096];
		if (f && at == (long)lines[i] && fgets(text, sizeof(text), f)) {
			at += strchr(text, '\n') != NULL;
			reject_ctx x = {g, (long)lines[i], 0};
			csvin *cv =
			    csvin_mem_alloc(text, strlen(text), g->file);
			csvin_run(cv, reject_cb, &x, NULL);
			csvin_free(cv);
			if (x.done)
				continue;
		}
		ig_reject(g, (long)lines[i], NULL, 0);
	}
	if (f)
		fclose(f);
}
