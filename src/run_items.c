/*
 * run_items.c - the "items" analysis: an_items over the engine, written to
 * item_stat, test_stat, mastery_student and mastery_group.
 */
#include <stdlib.h>

#include "an_items.h"
#include "analysis.h"
#include "store_derived.h"

static int64_t id_or(const eng_dict *d, int32_t i)
{
	return i >= 0 ? d->id[i] : -1;
}

static int write_items(an_ctx *c, const items_out *r)
{
	const engine *g = c->eng;
	dins *w = store_dins_begin(
	    c->st, "item_stat",
	    "run_id,assessment_id,item_id,standard_id,n,max_points,"
	    "difficulty,sd,pbis,alpha_if_deleted,flag",
	    c->e);
	if (!w)
		return ATT_EIO;
	int rc = ATT_OK;
	char flag[128];
	for (int64_t i = 0; i < r->nitems && !rc; i++) {
		const item_row *x = &r->items[i];
		an_items_flag_words(x->flags, flag, sizeof(flag));
		rc = store_dins_row(
		    w, c->e, "iiiIidddddt", c->run_id, g->ass.id[x->ass],
		    g->item.id[x->item],
		    id_or(&g->standard, g->item_standard[x->item]), x->n,
		    g->item_max[x->item], x->difficulty, x->sd, x->pbis,
		    x->alpha_del, flag);
	}
	c->rows += store_dins_count(w);
	store_dins_end(w);
	if (rc)
		return rc;
	w = store_dins_begin(c->st, "test_stat",
	                     "run_id,assessment_id,n,items,mean,sd,reliability,"
	                     "method,sem,flagged",
	                     c->e);
	if (!w)
		return ATT_EIO;
	for (int64_t i = 0; i < r->ntests && !rc; i++) {
		const test_row *t = &r->tests[i];
		rc = store_dins_row(
		    w, c->e, "iiiidddtdi", c->run_id, g->ass.id[t->ass], t->n,
		    (int64_t)t->items, t->mean, t->sd, t->reliability,
		    t->kr20 ? "KR-20" : "alpha", t->sem, (int64_t)t->flagged);
	}
	c->rows += store_dins_count(w);
	store_dins_end(w);
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

static int write_mastery(an_ctx *c, const items_out *r, double cut)
{
	const engine *g = c->eng;
	int rc = ATT_OK;
	dins *w = store_dins_begin(
	    c->st, "mastery_student",
	    "run_id,student_id,assessment_id,standard_id,points,"
	    "max_points,pct,mastered",
	    c->e);
	if (!w)
		return ATT_EIO;
	for (int64_t i = 0; i < r->nms && !rc; i++) {
		const mastery_st *m = &r->ms[i];
		double pct = m->max > 0 ? (double)m->points / m->max : 0;
		rc = store_dins_row(
		    w, c->e, "iiiidddi", c->run_id, g->student.id[m->student],
		    g->ass.id[m->ass], g->standard.id[m->standard],
		    (double)m->points, (double)m->max, pct * 100,
		    (int64_t)(pct >= cut));
		if (c->prog && (i & 65535) == 0)
			progress_update(c->prog, (uint64_t)i);
	}
	c->rows += store_dins_count(w);
	store_dins_end(w);
	if (rc)
		return rc;
	w = store_dins_begin(
	    c->st, "mastery_group",
	    "run_id,assessment_id,standard_id,group_kind,level,org_id,"
	    "class_id,n,mean_pct,share_mastered,rel_pct,rank_in_group",
	    c->e);
	if (!w)
		return ATT_EIO;
	for (int64_t i = 0; i < r->nmg && !rc; i++) {
		const mastery_grp *m = &r->mg[i];
		const char *kind = grp_kind(m), *level = grp_level(g, m);
		rc = store_dins_row(
		    w, c->e, "iiittIIidddi", c->run_id, g->ass.id[m->ass],
		    g->standard.id[m->standard], kind, level,
		    m->kind == 1 ? g->org.id[m->id] : (int64_t)-1,
		    m->kind == 2 ? g->cls.id[m->id] : (int64_t)-1, m->n,
		    m->mean_pct, m->share_mastered, m->rel_pct,
		    (int64_t)m->rank);
	}
	c->rows += store_dins_count(w);
	store_dins_end(w);
	if (rc)
		return rc;
	w = store_dins_begin(
	    c->st, "mastery_pooled",
	    "run_id,standard_id,subject_id,grade,group_kind,level,org_id,"
	    "class_id,n,mean_pct,share_mastered,rel_pct,rank_in_group",
	    c->e);
	if (!w)
		return ATT_EIO;
	for (int64_t i = 0; i < r->nmp && !rc; i++) {
		const mastery_grp *m = &r->mp[i];
		const char *kind = grp_kind(m), *level = grp_level(g, m);
		int32_t sd = m->standard;
		rc = store_dins_row(
		    w, c->e, "iiIIttIIidddi", c->run_id, g->standard.id[sd],
		    id_or(&g->subject, g->standard_subject[sd]),
		    (int64_t)g->standard_grade[sd], kind, level,
		    m->kind == 1 ? g->org.id[m->id] : (int64_t)-1,
		    m->kind == 2 ? g->cls.id[m->id] : (int64_t)-1, m->n,
		    m->mean_pct, m->share_mastered, m->rel_pct,
		    (int64_t)m->rank);
	}
	c->rows += store_dins_count(w);
	store_dins_end(w);
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
	int rc = store_derived_begin(c->st, c->e);
	const char *tables[] = {"item_stat", "test_stat", "mastery_student",
	                        "mastery_group", "mastery_pooled"};
	for (size_t i = 0; i < ARRAY_LEN(tables) && !rc; i++)
		rc = store_derived_clear(c->st, tables[i], c->e);
	if (!rc)
		rc = write_items(c, &r);
	if (!rc)
		rc = write_mastery(c, &r, o.mastery_cut);
	if (!rc)
		rc = store_derived_commit(c->st, c->e);
	else
		store_rollback(c->st);
	int64_t flagged = 0;
	for (int64_t i = 0; i < r.nitems; i++)
		flagged += r.items[i].flags != 0;
	snprintf(c->note, sizeof(c->note),
	         "%lld items in %lld assessments, %lld flagged",
	         (long long)r.nitems, (long long)r.ntests, (long long)flagged);
	an_items_free(&r);
	return rc;
}
