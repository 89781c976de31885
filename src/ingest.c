/*
 * ingest.c - the import batch's life (see ingest.h): allocation, the one
 * transaction from ingest_begin to ingest_finish, each file's start and
 * end (its scores or attendance written, its state reset), the counts,
 * the progress bar and the import_batch record. The row path lives in
 * ingest_row.c, ingest_check.c, ingest_refs.c, ingest_scores.c,
 * ingest_attendance.c and ingest_msg.c (see ingest_internal.h).
 *
 * Invariants:
 *  1. Everything a batch writes happens inside one transaction, begun in
 *     ingest_begin and ended in ingest_finish; a killed process leaves the
 *     database as it was before the batch.
 *  2. A row is written only after all of its values passed validation, and
 *     a written row's code enters the maps at once, so later rows of the
 *     batch may reference it.
 *  3. Without skip_bad, one problem anywhere rolls the whole batch back.
 *  4. The data version moves only when a row was inserted, updated or
 *     deleted.
 */
#include "ingest_internal.h"

#include <stdlib.h>
#include <string.h>

/* $ATTAIN_IMPORT_TRACE=1: the phases of a scores file on stderr, as
 * "trace SECONDS PHASE" (monotonic clock), for profiling the loader. */
void ig_trace(const char *phase)
{
	static int on = -1;
	if (on < 0) {
		const char *v = getenv("ATTAIN_IMPORT_TRACE");
		on = v && *v && strcmp(v, "0") != 0;
	}
	if (on)
		fprintf(stderr, "trace %.3f %s\n", now_seconds(), phase);
}

const char *const ig_ent_name[STE_COUNT] = {
    [STE_ORG] = "organisation",
    [STE_YEAR] = "academic year",
    [STE_TERM] = "term",
    [STE_STUDENT] = "student",
    [STE_STAFF] = "staff member",
    [STE_GUARDIAN] = "guardian",
    [STE_SUBJECT] = "subject",
    [STE_CLASS] = "class",
    [STE_STANDARD] = "standard",
    [STE_ASSESSMENT] = "assessment",
    [STE_ITEM] = "item",
    [STE_SURVEY] = "survey",
    [STE_QUESTION] = "question",
    [STE_RESPONSE] = "response",
    [STE_THEME] = "theme",
    [STE_OBSERVATION] = "observation",
    [STE_INTERVENTION] = "intervention",
    [STE_EVENT] = "calendar event",
    [STE_LEVEL] = "org level",
};

ingest *ingest_alloc(store *s, const ingest_opts *o)
{
	ingest *g = xcalloc(1, sizeof(*g));
	g->s = s;
	g->row_off = -1;
	if (o)
		g->o = *o;
	if (g->o.max_messages <= 0)
		g->o.max_messages = 50;
	if (!g->o.msg)
		g->o.msg = stderr;
	for (int i = 0; i < STE_COUNT; i++)
		ig_smap_init(&g->map[i]);
	ig_smap_init(&g->dups);
	arena_init(&g->att.mem);
	buf_init(&g->tmp);
	buf_init(&g->reason);
	return g;
}

static void file_reset(ingest *g)
{
	ig_stream_abandon(g);
	sti_writer_free(g->w);
	sti_writer_free(g->wdel);
	g->w = g->wdel = NULL;
	if (g->rej)
		fclose(g->rej);
	g->rej = NULL;
	free(g->rejpath);
	g->rejpath = NULL;
	free(g->file);
	g->file = NULL;
	ig_smap_free(&g->dups);
	ig_smap_init(&g->dups);
	ig_scores_free(g);
	free(g->att.slot);
	arena_free(&g->att.mem);
	memset(&g->att, 0, sizeof(g->att));
	arena_init(&g->att.mem);
	g->k = NULL;
	g->header = NULL;
	g->nheader = 0;
}

void ingest_free(ingest *g)
{
	if (!g)
		return;
	ig_stream_abandon(g);
	if (g->in_tx)
		store_rollback(g->s);
	if (g->fk_off)
		sti_foreign_keys(g->s, 1, NULL);
	file_reset(g);
	for (int i = 0; i < STE_COUNT; i++)
		ig_smap_free(&g->map[i]);
	ig_smap_free(&g->dups);
	arena_free(&g->att.mem);
	free(g->years);
	for (size_t i = 0; i < g->nrejseen; i++)
		free(g->rejseen[i]);
	free(g->rejseen);
	free(g->kind);
	free(g->source);
	buf_free(&g->tmp);
	buf_free(&g->reason);
	free(g);
}

void ingest_get_counts(const ingest *g, ingest_counts *c)
{
	*c = g->c;
}

int ingest_begin(ingest *g, const char *kind, const char *source, att_err *e)
{
	clock_iso(g->o.now, g->started);
	g->t0 = now_seconds();
	free(g->kind);
	free(g->source);
	g->kind = xstrdup(kind);
	g->source = xstrdup(source);
	ig_trace("begin");
	sti_tune(g->s);
	const ing_kind *k = ingest_kind_find(kind);
	if (k && k->special == IK_SCORES) {
		if (sti_foreign_keys(g->s, 0, e))
			return ATT_EIO;
		g->fk_off = 1;
	}
	if (store_begin(g->s, e))
		return ATT_EIO;
	g->in_tx = 1;
	/* Load the maps inside the transaction so they match what we see. */
	for (int i = 0; i < STE_COUNT; i++)
		g->loaded[i] = 0, ig_smap_free(&g->map[i]),
		ig_smap_init(&g->map[i]);
	if (!ig_map_of(g, STE_YEAR, e))
		return ATT_EIO;
	progress_start(&g->prog, g->plabel, 0);
	g->prog_on = 1;
	return ATT_OK;
}

int ingest_file_begin(ingest *g, const char *path, const ing_kind *k,
                      char *const *header, int nheader, att_err *e)
{
	file_reset(g);
	g->file = xstrdup(path);
	g->k = k;
	g->header = (char **)header;
	g->nheader = nheader;
	g->row_off = -1;
	g->size_hint = 0;
	for (int i = 0; i < k->ncols && i < 64; i++) {
		const ing_col *c = &k->cols[i];
		g->maxof_ix[i] = c->maxof ? ingest_col_find(k, c->maxof) : -1;
		g->yearof_ix[i] =
		    c->yearof ? ingest_col_find(k, c->yearof) : -1;
	}
	g->is_response = strcmp(k->table, "survey_response") == 0;
	memset(g->rcache, 0, sizeof(g->rcache));
	g->skey_bfirst = 0;
	if (k->special == IK_SCORES) {
		int lead = sti_key_leads_with(g->s, k->table, "student_id", e);
		if (lead < 0)
			return ATT_EIO;
		g->skey_bfirst = lead;
	}
	return ATT_OK;
}

void ingest_count_read(ingest *g, int64_t n)
{
	g->c.read += n;
}

void ingest_progress(ingest *g, uint64_t done, uint64_t total)
{
	if (!g->prog.enabled)
		return;
	/* The bar counts bytes (percent of the file); the label carries the
	 * rows and rows per second. */
	double t = now_seconds() - g->prog.start;
	snprintf(g->plabel, sizeof(g->plabel), "import: %lld rows, %.0f rows/s",
	         (long long)g->c.read, t > 0 ? (double)g->c.read / t : 0.0);
	g->prog.total = total;
	progress_update(&g->prog, done);
}

void ingest_fatal(ingest *g)
{
	g->fatal = 1;
}

void ingest_set_size_hint(ingest *g, uint64_t bytes)
{
	g->size_hint = bytes;
}

void ingest_set_offset(ingest *g, int64_t off)
{
	g->row_off = off;
}

int ingest_file_end(ingest *g, att_err *e)
{
	int rc = ATT_OK;
	if (g->k && g->k->special == IK_SCORES)
		rc = ig_flush_scores(g, e);
	else if (g->k && g->k->special == IK_ATTENDANCE)
		rc = ig_flush_attendance(g, e);
	if (g->rejpath && g->rej)
		fprintf(g->o.msg, "rejected rows written to %s\n", g->rejpath);
	file_reset(g);
	return rc;
}

int ingest_finish(ingest *g, const char *content_hash, att_err *e)
{
	if (g->prog_on) {
		snprintf(g->plabel, sizeof(g->plabel), "import: %lld rows",
		         (long long)g->c.read);
		progress_finish(&g->prog);
	}
	if (g->c.problems > g->shown)
		fprintf(g->o.msg, "... and %lld more problems not shown\n",
		        (long long)(g->c.problems - g->shown));
	int failed = (g->c.problems > 0 && !g->o.skip_bad) || g->fatal;
	char finished[21];
	clock_iso(g->o.now + (int64_t)(now_seconds() - g->t0 + 0.5), finished);
	sti_batch b = {g->kind,        g->source,     content_hash,
	               g->started,     finished,      "committed",
	               g->c.read,      g->c.inserted, g->c.updated,
	               g->c.unchanged, g->c.rejected};
	int rc = ATT_OK;
	if (failed) {
		store_rollback(g->s);
		g->in_tx = 0;
		b.status = "failed";
		b.inserted = b.updated = b.unchanged = 0;
		att_err e2;
		if (!store_begin(g->s, &e2)) {
			if (sti_batch_record(g->s, &b, &e2) ||
			    store_commit(g->s, &e2))
				store_rollback(g->s);
		}
		rc = ATT_EINPUT;
	} else {
		if (g->c.rejected)
			b.status = "partial";
		if (g->c.inserted + g->c.updated + g->c.deleted > 0)
			rc = store_bump_version(g->s, e);
		if (!rc)
			rc = sti_batch_record(g->s, &b, e);
		if (!rc)
			rc = store_commit(g->s, e);
		else
			store_rollback(g->s);
		ig_trace("committed");
		g->in_tx = 0;
		if (!rc && g->c.rejected)
			rc = ATT_EINPUT;
	}
	if (!g->o.quiet) {
		printf("import %s: %lld read, %lld inserted, %lld updated, "
		       "%lld unchanged, %lld deleted, %lld rejected; %s\n",
		       g->source, (long long)g->c.read,
		       (long long)(failed ? 0 : g->c.inserted),
		       (long long)(failed ? 0 : g->c.updated),
		       (long long)(failed ? 0 : g->c.unchanged),
		       (long long)(failed ? 0 : g->c.deleted),
		       (long long)g->c.rejected,
		       failed ? "nothing committed"
		              : (g->c.rejected ? "good rows committed"
		                               : "committed"));
		fflush(stdout);
	}
	if (g->fk_off) {
		sti_foreign_keys(g->s, 1, NULL);
		g->fk_off = 0;
	}
	if (rc == ATT_EINPUT && e && !e->msg[0])
		err_set(e, ATT_EINPUT, "import of '%s' found %lld problem%s",
		        g->source, (long long)g->c.problems,
		        g->c.problems == 1 ? "" : "s");
	return rc;
}
