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
 * characters a name may not hold (direction controls, invisible ones) as
 * <U+XXXX>, so that a message cannot itself be reordered or hide
 * anything; at most 60 bytes. */
void ig_show(buf *b, const char *s)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p && n < 60) {
		int l = *p >= 0x20 && *p != 0x7f ? utf8_seq_len(p) : 0;
		text_bad tb;
		if (l == 0) {
			buf_printf(b, "\\x%02x", *p);
			p++;
			n += 4;
		} else if (l > 1 && text_check((const char *)p, (size_t)l,
		                               TEXT_NAME, &tb)) {
			buf_printf(b, "<U+%04X>", (unsigned)tb.cp);
			p += l;
			n += 8;
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

/* Open FILE.rejects.csv for appending rows (created with the header row
 * the first time the batch rejects a row of FILE); NULL when it cannot
 * be written. *path receives its name (malloc'd). */
static FILE *rejects_open(ingest *g, const char *file, char *const *header,
                          int nheader, char **path)
{
	*path = xmalloc(strlen(file) + 16);
	sprintf(*path, "%s.rejects.csv", file);
	int again = 0;
	for (size_t i = 0; i < g->nrejseen; i++)
		again |= strcmp(g->rejseen[i], *path) == 0;
	FILE *f = fopen(*path, again ? "a" : "w");
	if (!again) {
		xgrow((void **)&g->rejseen, &g->caprejseen, g->nrejseen + 1,
		      sizeof(char *));
		g->rejseen[g->nrejseen++] = xstrdup(*path);
	}
	if (!f) {
		fprintf(g->o.msg, "attain: cannot write '%s'\n", *path);
		return NULL;
	}
	if (!again) {
		buf_clear(&g->tmp);
		for (int i = 0; i < nheader; i++) {
			esc_csv(&g->tmp, header[i]);
			buf_addc(&g->tmp, ',');
		}
		buf_adds(&g->tmp, "line,reason\n");
		fwrite(g->tmp.data, 1, g->tmp.len, f);
	}
	return f;
}

/* One rejected row: its nheader fields as found, its line and the reason
 * (g->reason). */
static void rejects_write(ingest *g, FILE *f, int nheader, long line,
                          char *const *raw, int nraw)
{
	buf_clear(&g->tmp);
	for (int i = 0; i < nheader; i++) {
		const char *fv = raw && i < nraw ? raw[i] : "";
		/* Rejected text is written as found, except invalid UTF-8,
		 * which is shown as \xNN. */
		if (!utf8_valid(fv, strlen(fv))) {
			buf b2;
			buf_init(&b2);
			ig_show(&b2, fv);
			esc_csv(&g->tmp, b2.data);
			buf_free(&b2);
		} else {
			esc_csv(&g->tmp, fv);
		}
		buf_addc(&g->tmp, ',');
	}
	buf_printf(&g->tmp, "%ld,", line);
	esc_csv(&g->tmp, g->reason.data ? g->reason.data : "");
	buf_addc(&g->tmp, '\n');
	fwrite(g->tmp.data, 1, g->tmp.len, f);
}

void ig_reject(ingest *g, long line, char *const *raw, int nraw)
{
	g->c.rejected++;
	if (g->o.skip_bad && !g->rej && !g->rejpath)
		g->rej = rejects_open(g, g->file, g->header, g->nheader,
		                      &g->rejpath);
	if (g->o.skip_bad && g->rej)
		rejects_write(g, g->rej, g->nheader, line, raw, nraw);
	buf_clear(&g->reason);
}

void ingest_reject_nul(ingest *g, const char *file, char *const *header,
                       int nheader, long line, int col, char *const *raw,
                       int nraw)
{
	const char *f = raw && col >= 1 && col <= nraw ? raw[col - 1] : "";
	char what[80];
	snprintf(what, sizeof(what), "NUL byte at byte %zu of the field",
	         strlen(f) + 1);
	g->c.read++;
	buf_clear(&g->reason);
	ingest_problem(g, file, line, col, what, f);
	if (g->file && strcmp(g->file, file) == 0) {
		ig_reject(g, line, raw, nraw);
		return;
	}
	/* a row refused while its file is read whole (OneRoster), before
	 * any pass over the file: its rejects file is opened for it alone */
	g->c.rejected++;
	if (header && col >= 1 && col <= nheader) {
		char *r = xstrdup(g->reason.data ? g->reason.data : "");
		buf_clear(&g->reason);
		buf_printf(&g->reason, "%s: %s", header[col - 1], r);
		free(r);
	}
	char *path = NULL;
	size_t seen = g->nrejseen;
	FILE *rf = g->o.skip_bad ? rejects_open(g, file, header, nheader, &path)
	                         : NULL;
	if (rf) {
		rejects_write(g, rf, nheader, line, raw, nraw);
		fclose(rf);
		if (g->nrejseen > seen)
			fprintf(g->o.msg, "rejected rows written to %s\n",
			        path);
	}
	free(path);
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
