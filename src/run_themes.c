/*
 * run_themes.c - the "themes" analysis: codebook themes on lesson
 * observation notes and survey free text (an_themes). A text carries the
 * themes it was tagged with (text_theme); an untagged text carries the
 * themes whose keywords it contains. Counts per org at every level and
 * source go to theme_count (with the number of texts of that org and
 * source); up to themes.quotes example quotes per theme and source, with
 * every student, staff and guardian name, e-mail, long number and code
 * replaced, go to theme_quote.
 */
#include <stdlib.h>
#include <string.h>

#include "an_themes.h"
#include "analysis.h"
#include "run_an2.h"
#include "store_an2.h"

typedef struct text {
	int src; /* 0 observation, 1 survey */
	int64_t id, qid;
	int32_t org;
	const char *s;
	size_t len;
	int32_t ntheme, theme_off; /* into tx->th */
} text;

typedef struct themes_ctx {
	const engine *g;
	arena a;
	/* codebook */
	int32_t nt;
	size_t tcap;
	int64_t *tid;
	const char **tkw;
	/* texts */
	text *t;
	size_t n, cap;
	/* tags */
	struct tag {
		int src;
		int64_t id, qid;
		int32_t theme;
	} * tag;
	size_t ntag, tagcap;
	/* names */
	const char **names;
	size_t nnames, ncap;
} themes_ctx;

static int32_t theme_index(const themes_ctx *x, int64_t id)
{
	for (int32_t k = 0; k < x->nt; k++)
		if (x->tid[k] == id)
			return k;
	return -1;
}

static int on_theme(void *ctx, const se_row *r)
{
	themes_ctx *x = ctx;
	size_t need = (size_t)x->nt + 1;
	if (need > x->tcap) {
		x->tcap = need * 2;
		x->tid = xrealloc(x->tid, sizeof(int64_t) * x->tcap);
		x->tkw = xrealloc(x->tkw, sizeof(char *) * x->tcap);
	}
	x->tid[x->nt] = r->i[0];
	x->tkw[x->nt] = arena_strdup(&x->a, r->s[3] ? r->s[3] : "");
	x->nt++;
	return 0;
}

static int on_text(void *ctx, const se_row *r)
{
	themes_ctx *x = ctx;
	xgrow((void **)&x->t, &x->cap, x->n + 1, sizeof(text));
	text *t = &x->t[x->n++];
	memset(t, 0, sizeof(*t));
	t->src = r->s[0] && r->s[0][0] == 's';
	t->id = r->i[1];
	t->qid = r->i[2];
	t->org = r->isnull[3] ? -1 : eng_index(&x->g->org, r->i[3]);
	t->s = arena_strdup(&x->a, r->s[4] ? r->s[4] : "");
	t->len = strlen(t->s);
	return 0;
}

static int on_tag(void *ctx, const se_row *r)
{
	themes_ctx *x = ctx;
	int32_t th = theme_index(x, r->i[3]);
	if (th < 0)
		return 0;
	xgrow((void **)&x->tag, &x->tagcap, x->ntag + 1, sizeof(*x->tag));
	x->tag[x->ntag].src = r->s[0] && r->s[0][0] == 's';
	x->tag[x->ntag].id = r->i[1];
	x->tag[x->ntag].qid = r->i[2];
	x->tag[x->ntag].theme = th;
	x->ntag++;
	return 0;
}

static int on_name(void *ctx, const se_row *r)
{
	themes_ctx *x = ctx;
	if (!r->s[0])
		return 0;
	xgrow((void **)&x->names, &x->ncap, x->nnames + 1, sizeof(char *));
	x->names[x->nnames++] = arena_strdup(&x->a, r->s[0]);
	return 0;
}

/* compare (src, id, qid) */
static int key_cmp(int s1, int64_t i1, int64_t q1, int s2, int64_t i2,
                   int64_t q2)
{
	if (s1 != s2)
		return s1 < s2 ? -1 : 1;
	if (i1 != i2)
		return i1 < i2 ? -1 : 1;
	return (q1 > q2) - (q1 < q2);
}

static const char *const src_name[2] = {"observation", "survey"};

/* A theme of text t, once: appended to the CSR list th (t->theme_off on). */
static void text_theme_add(text *t, int32_t **th, size_t *nth, size_t *thcap,
                           int32_t theme)
{
	xgrow((void **)th, thcap, *nth + 1, sizeof(int32_t));
	(*th)[(*nth)++] = theme;
	t->ntheme++;
}

/* The themes of each text, as a CSR list (*th, texts' theme_off and
 * ntheme): its tags (texts and tags are both in key order, so merged in
 * one pass), else the themes whose keywords it contains. */
static void assign_themes(themes_ctx *x, int32_t **th, size_t *nth)
{
	size_t thcap = 0, q = 0;
	for (size_t i = 0; i < x->n; i++) {
		text *t = &x->t[i];
		t->theme_off = (int32_t)*nth;
		while (q < x->ntag &&
		       key_cmp(x->tag[q].src, x->tag[q].id, x->tag[q].qid,
		               t->src, t->id, t->qid) < 0)
			q++;
		while (q < x->ntag &&
		       key_cmp(x->tag[q].src, x->tag[q].id, x->tag[q].qid,
		               t->src, t->id, t->qid) == 0) {
			int dup = 0;
			for (int32_t k = 0; k < t->ntheme; k++)
				dup |=
				    (*th)[t->theme_off + k] == x->tag[q].theme;
			if (!dup)
				text_theme_add(t, th, nth, &thcap,
				               x->tag[q].theme);
			q++;
		}
		if (t->ntheme)
			continue;
		for (int32_t k = 0; k < x->nt; k++)
			if (x->tkw[k][0] && themes_match(t->s, x->tkw[k]))
				text_theme_add(t, th, nth, &thcap, k);
	}
}

/* Texts and theme counts per org (every level above the text's org, and
 * index norg for all) and source: row (org, src) holds nt theme counts
 * then the number of texts; stride 2 * (nt + 1) per org. */
static int64_t *count_themes(const themes_ctx *x, const int32_t *th)
{
	const engine *g = x->g;
	int32_t norg = g->org.n, nt = x->nt;
	size_t stride = (size_t)2 * (size_t)(nt + 1);
	int64_t *cnt = xcalloc((size_t)(norg + 1) * stride, sizeof(int64_t));
	for (size_t i = 0; i < x->n; i++) {
		const text *t = &x->t[i];
		int32_t chain[65];
		int nc = 0;
		chain[nc++] = norg;
		for (int32_t o = t->org; o >= 0 && nc < 65;
		     o = g->org_parent[o])
			chain[nc++] = o;
		for (int k = 0; k < nc; k++) {
			int64_t *row = cnt + (size_t)chain[k] * stride +
			               (size_t)t->src * (nt + 1);
			row[nt]++; /* texts */
			for (int32_t m = 0; m < t->ntheme; m++)
				row[th[t->theme_off + m]]++;
		}
	}
	return cnt;
}

/* theme_count: each org's (and all's) non-zero counts per source. */
static int write_counts(an_ctx *c, dwriter *w, const themes_ctx *x,
                        const int64_t *cnt)
{
	const engine *g = c->eng;
	int32_t norg = g->org.n, nt = x->nt;
	size_t stride = (size_t)2 * (size_t)(nt + 1);
	int rc = ATT_OK;
	for (int32_t o = 0; o <= norg && !rc; o++)
		for (int src = 0; src < 2 && !rc; src++) {
			const int64_t *row =
			    cnt + (size_t)o * stride + (size_t)src * (nt + 1);
			for (int32_t k = 0; k < nt && !rc; k++) {
				if (!row[k])
					continue;
				rc = STORE_DW_ROW(
				    w, c->e, dv_int(c->run_id),
				    dv_text(o == norg
				                ? "all"
				                : an2_level_name(
				                      g, g->org_level[o])),
				    dv_id(o == norg ? -1 : g->org.id[o]),
				    dv_text(src_name[src]), dv_int(x->tid[k]),
				    dv_int(row[k]), dv_int(row[nt]));
			}
		}
	return rc;
}

/* theme_quote: up to nquotes quotes per theme and source
 * (themes_pick_quotes), each scrubbed of names; *nq counts them. */
static int write_quotes(an_ctx *c, dwriter *w, const themes_ctx *x,
                        const int32_t *th, const themes_names *names,
                        int nquotes, int64_t *nq)
{
	size_t *idx = xmalloc(sizeof(size_t) * (x->n + 1));
	size_t *len = xmalloc(sizeof(size_t) * (x->n + 1));
	size_t *pick = xmalloc(sizeof(size_t) * (size_t)nquotes);
	buf b;
	buf_init(&b);
	int rc = ATT_OK;
	for (int32_t k = 0; k < x->nt && !rc; k++)
		for (int src = 0; src < 2 && !rc; src++) {
			size_t m = 0;
			for (size_t i = 0; i < x->n; i++) {
				const text *t = &x->t[i];
				if (t->src != src)
					continue;
				for (int32_t j = 0; j < t->ntheme; j++)
					if (th[t->theme_off + j] == k) {
						idx[m] = i;
						len[m] = t->len;
						m++;
						break;
					}
			}
			int got = themes_pick_quotes(len, m, nquotes, pick);
			for (int r = 0; r < got && !rc; r++) {
				buf_clear(&b);
				themes_scrub(x->t[idx[pick[r]]].s, names, &b);
				rc = STORE_DW_ROW(
				    w, c->e, dv_int(c->run_id),
				    dv_int(x->tid[k]), dv_text(src_name[src]),
				    dv_id((int64_t)-1),
				    dv_int((int64_t)(r + 1)), dv_text(b.data));
				(*nq)++;
			}
		}
	buf_free(&b);
	free(idx);
	free(len);
	free(pick);
	return rc;
}

/* The codebook, the texts and their tags, from the store. */
static int themes_load(an_ctx *c, themes_ctx *x)
{
	memset(x, 0, sizeof(*x));
	x->g = c->eng;
	arena_init(&x->a);
	int rc = store_an2_scan(c->st, AN2_THEMES, NULL, on_theme, x, c->e);
	if (!rc)
		rc = store_an2_scan(c->st, AN2_TEXTS, NULL, on_text, x, c->e);
	if (!rc)
		rc = store_an2_scan(c->st, AN2_TAGS, NULL, on_tag, x, c->e);
	return rc;
}

static void themes_ctx_free(themes_ctx *x)
{
	free(x->tid);
	free(x->tkw);
	free(x->t);
	free(x->tag);
	free(x->names);
	arena_free(&x->a);
}

int run_themes(an_ctx *c)
{
	int nquotes = (int)config_num(c->cfg, "themes.quotes");
	themes_ctx x;
	int rc = themes_load(c, &x);
	int32_t *th = NULL;
	size_t nth = 0;
	if (!rc)
		assign_themes(&x, &th, &nth);
	int64_t *cnt = count_themes(&x, th);
	themes_names *names = NULL;
	int64_t nq = 0;
	an_out out = {0};
	if (!rc)
		rc = an_out_begin(c, &out, "theme_count theme_quote");
	if (!rc)
		rc = write_counts(c, out.w[0], &x, cnt);
	if (!rc && nquotes > 0 && nth > 0) {
		rc = store_an2_scan(c->st, AN2_NAMES, NULL, on_name, &x, c->e);
		names = themes_names_alloc(x.names, x.nnames);
	}
	if (!rc && nquotes > 0)
		rc = write_quotes(c, out.w[1], &x, th, names, nquotes, &nq);
	rc = an_out_end(&out, rc);
	snprintf(c->note, sizeof(c->note), "%zu texts, %d themes, %lld quotes",
	         x.n, (int)x.nt, (long long)nq);
	themes_names_free(names);
	free(cnt);
	free(th);
	themes_ctx_free(&x);
	return rc;
}
