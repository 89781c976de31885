/*
 * run_items.c - the "items" analysis: an_items over the engine, written to
 * item_stat, test_stat, mastery_student, mastery_group and mastery_pooled;
 * and the mastery of learning outcomes by year (an_mastery) written to
 * mastery_year and mastery_unit, the figure's one source.
 */
#include <stdlib.h>

#include "an_items.h"
#include "an_mastery.h"
#include "analysis.h"
#include "run_an2.h"

/* item_stat and test_stat (o->w[0], o->w[1]). */
static int write_items(an_ctx *c, const an_out *o, const items_out *r)
{
	const engine *g = c->eng;
	dwriter *w = o->w[0];
	int rc = ATT_OK;
	char flag[128];
	for (int64_t i = 0; i < r->nitems && !rc; i++) {
		const item_row *x = &r->items[i];
		an_items_flag_codes(x->flags, flag, sizeof(flag));
		rc = STORE_DW_ROW(
		    w, c->e, dv_int(c->run_id), dv_int(g->ass.id[x->ass]),
		    dv_int(g->item.id[x->item]),
		    dv_id(an2_id(&g->standard, g->item_standard[x->item])),
		    dv_int(x->n), dv_num(g->item_max[x->item]),
		    dv_num(x->difficulty), dv_num(x->sd), dv_num(x->pbis),
		    dv_num(x->alpha_del), dv_text(flag));
	}
	w = o->w[1];
	for (int64_t i = 0; i < r->ntests && !rc; i++) {
		const test_row *t = &r->tests[i];
		rc = STORE_DW_ROW(w, c->e, dv_int(c->run_id),
		                  dv_int(g->ass.id[t->ass]), dv_int(t->n),
		                  dv_int((int64_t)t->items), dv_num(t->mean),
		                  dv_num(t->sd), dv_num(t->reliability),
		                  dv_text(t->kr20 ? "KR-20" : "alpha"),
		                  dv_num(t->sem), dv_int((int64_t)t->flagged));
	}
	return rc;
}

/* The group_kind column of a mastery group: all, org or class. */
static const char *grp_kind(const mastery_grp *m)
{
	return m->kind == 0 ? "all" : m->kind == 1 ? "org" : "class";
}

/* The level column: "all", "class", or the org's level name. */
static const char *grp_level(const engine *g, const mastery_grp *m)
{
	if (m->kind == 0)
		return "all";
	if (m->kind == 2)
		return "class";
	return m->level >= 0 && m->level < g->nlevels ? g->level_name[m->level]
	                                              : "org";
}

/* mastery_student, mastery_group and mastery_pooled (o->w[2..4]). */
static int write_mastery(an_ctx *c, const an_out *o, const items_out *r,
                         double cut)
{
	const engine *g = c->eng;
	int rc = ATT_OK;
	dwriter *w = o->w[2];
	for (int64_t i = 0; i < r->nms && !rc; i++) {
		const mastery_st *m = &r->ms[i];
		double pct = m->max > 0 ? (double)m->points / m->max : 0;
		rc = STORE_DW_ROW(w, c->e, dv_int(c->run_id),
		                  dv_int(g->student.id[m->student]),
		                  dv_int(g->ass.id[m->ass]),
		                  dv_int(g->standard.id[m->standard]),
		                  dv_num((double)m->points),
		                  dv_num((double)m->max), dv_num(pct * 100),
		                  dv_int((int64_t)(pct >= cut)));
		if (c->prog && (i & 65535) == 0)
			progress_update(c->prog, (uint64_t)i);
	}
	w = o->w[3];
	for (int64_t i = 0; i < r->nmg && !rc; i++) {
		const mastery_grp *m = &r->mg[i];
		const char *kind = grp_kind(m), *level = grp_level(g, m);
		rc = STORE_DW_ROW(
		    w, c->e, dv_int(c->run_id), dv_int(g->ass.id[m->ass]),
		    dv_int(g->standard.id[m->standard]), dv_text(kind),
		    dv_text(level),
		    dv_id(m->kind == 1 ? g->org.id[m->id] : (int64_t)-1),
		    dv_id(m->kind == 2 ? g->cls.id[m->id] : (int64_t)-1),
		    dv_int(m->n), dv_num(m->mean_pct),
		    dv_num(m->share_mastered), dv_int((int64_t)m->rank),
		    dv_num(m->rel_pct));
	}
	w = o->w[4];
	for (int64_t i = 0; i < r->nmp && !rc; i++) {
		const mastery_grp *m = &r->mp[i];
		const char *kind = grp_kind(m), *level = grp_level(g, m);
		int32_t sd = m->standard;
		rc = STORE_DW_ROW(
		    w, c->e, dv_int(c->run_id), dv_int(g->standard.id[sd]),
		    dv_id(an2_id(&g->subject, g->standard_subject[sd])),
		    dv_id((int64_t)g->standard_grade[sd]), dv_text(kind),
		    dv_text(level),
		    dv_id(m->kind == 1 ? g->org.id[m->id] : (int64_t)-1),
		    dv_id(m->kind == 2 ? g->cls.id[m->id] : (int64_t)-1),
		    dv_int(m->n), dv_num(m->mean_pct),
		    dv_num(m->share_mastered), dv_num(m->rel_pct),
		    dv_int((int64_t)m->rank));
	}
	return rc;
}

/* mastery_year and mastery_unit (o->w[5], o->w[6]). */
static int write_mastery_year(an_ctx *c, const an_out *o,
                              const mastery_year_out *m)
{
	const engine *g = c->eng;
	int rc = ATT_OK;
	for (int64_t i = 0; i < m->nst && !rc; i++) {
		const mastery_yr *x = &m->st[i];
		rc = STORE_DW_ROW(o->w[5], c->e, dv_int(c->run_id),
		                  dv_int(g->student.id[x->student]),
		                  dv_int(g->year.id[x->year]),
		                  dv_int(g->standard.id[x->standard]),
		                  dv_num(x->points), dv_num(x->max),
		                  dv_int(x->items), dv_int(x->assessments),
		                  dv_int(x->enough), dv_int(x->mastered));
	}
	for (int64_t i = 0; i < m->nun && !rc; i++) {
		const mastery_un *x = &m->un[i];
		rc = STORE_DW_ROW(
		    o->w[6], c->e, dv_int(c->run_id), dv_int(g->org.id[x->org]),
		    dv_int(g->year.id[x->year]),
		    dv_int(g->standard.id[x->standard]), dv_int(x->n),
		    dv_int(x->n_mastered), dv_num(x->sum), dv_num(x->sumsq));
	}
	return rc;
}

int run_items(an_ctx *c)
{
	items_opts o = {.year = c->year,
	                .pbis_flag = config_num(c->cfg, "items.pbis_flag"),
	                .p_low = config_num(c->cfg, "items.p_low"),
	                .p_high = config_num(c->cfg, "items.p_high"),
	                .mastery_cut = config_num(c->cfg, "items.mastery_cut"),
	                .student_rows =
	                    config_bool(c->cfg, "items.student_mastery"),
	                .min_n = (int64_t)config_num(c->cfg, "min_group"),
	                .nthreads = 2};
	items_out r;
	an_items_compute(c->eng, &o, &r);
	if (c->prog)
		c->prog->total = (uint64_t)r.nms;
	an_out out;
	mastery_year_out my;
	an_mastery_year(c->eng, o.mastery_cut,
	                config_num(c->cfg, "items.min_evidence"), &my);
	int rc = an_out_begin(c, &out,
	                      "item_stat test_stat mastery_student "
	                      "mastery_group mastery_pooled mastery_year "
	                      "mastery_unit");
	if (!rc)
		rc = write_items(c, &out, &r);
	if (!rc)
		rc = write_mastery(c, &out, &r, o.mastery_cut);
	if (!rc)
		rc = write_mastery_year(c, &out, &my);
	an_mastery_free(&my);
	rc = an_out_end(&out, rc);
	int64_t flagged = 0;
	for (int64_t i = 0; i < r.nitems; i++)
		flagged += r.items[i].flags != 0;
	snprintf(c->note, sizeof(c->note),
	         "%lld items in %lld assessments, %lld flagged",
	         (long long)r.nitems, (long long)r.ntests, (long long)flagged);
	an_items_free(&r);
	return rc;
}
