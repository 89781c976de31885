/*
 * run_units.c - the "units" analysis: an_units over the engine, written to
 * unit_stat.
 */
#include <stdlib.h>

#include "an_desc.h"
#include "an_units.h"
#include "analysis.h"
#include "store_derived.h"

/* unit_result: one row per unit_res_row, the group named as desc_stat
 * names it. */
static int write_results(an_ctx *c, int64_t *rows)
{
	const engine *g = c->eng;
	unit_res_row *rr = NULL;
	int64_t n = 0;
	an_units_results(g, c->year, &rr, &n);
	dins *w = store_dins_begin(c->st, "unit_result",
	                           "run_id,org_id,class_id,year_id,subject_id,"
	                           "grade,subgroup,n,n_cut,n_prof,sum_pct,"
	                           "sumsq_pct",
	                           c->e);
	int rc = w ? ATT_OK : ATT_EIO;
	for (int64_t i = 0; i < n && !rc; i++) {
		const unit_res_row *r = &rr[i];
		char grp[96];
		an_desc_subgroup(g, r->dim, r->val, grp, sizeof(grp));
		rc = store_dins_row(
		    w, c->e, "iIIiIItiiidd", c->run_id,
		    r->is_class ? (int64_t)-1 : g->org.id[r->unit],
		    r->is_class ? g->cls.id[r->unit] : (int64_t)-1,
		    g->year.id[r->year],
		    r->subject >= 0 ? g->subject.id[r->subject] : (int64_t)-1,
		    (int64_t)r->grade, grp, r->n, r->n_cut, r->n_prof, r->sum,
		    r->sumsq);
	}
	if (w)
		store_dins_end(w);
	*rows += n;
	free(rr);
	return rc;
}

int run_units(an_ctx *c)
{
	const engine *g = c->eng;
	unit_row *rows = NULL;
	int64_t n = 0;
	an_units_compute(g, c->year, &rows, &n);
	int rc = store_derived_begin(c->st, c->e);
	if (!rc)
		rc = store_derived_clear(c->st, "unit_stat", c->e);
	if (!rc)
		rc = store_derived_clear(c->st, "unit_result", c->e);
	dins *w = NULL;
	if (!rc) {
		w = store_dins_begin(
		    c->st, "unit_stat",
		    "run_id,org_id,class_id,year_id,grade,"
		    "students,schools,classes,present,possible",
		    c->e);
		rc = w ? ATT_OK : ATT_EIO;
	}
	for (int64_t i = 0; i < n && !rc; i++) {
		const unit_row *r = &rows[i];
		int64_t org = r->is_class ? -1 : g->org.id[r->unit];
		int64_t cls = r->is_class ? g->cls.id[r->unit] : -1;
		rc = store_dins_row(w, c->e, "iIIiIiiiii", c->run_id, org, cls,
		                    g->year.id[r->year], (int64_t)r->grade,
		                    r->students, r->schools, r->classes,
		                    r->present, r->possible);
	}
	if (w)
		store_dins_end(w);
	if (!rc)
		rc = write_results(c, &c->rows);
	if (!rc)
		rc = store_derived_commit(c->st, c->e);
	c->rows += n;
	snprintf(c->note, sizeof(c->note), "%lld units and classes x years",
	         (long long)n);
	free(rows);
	return rc;
}
