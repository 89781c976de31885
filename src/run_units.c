/*
 * run_units.c - the "units" analysis: an_units over the engine, written to
 * unit_stat and unit_result through the declared writer
 * (store_dtables.c).
 */
#include <stdio.h>
#include <stdlib.h>

#include "an_desc.h"
#include "an_units.h"
#include "analysis.h"
#include "store_derived.h"

/* unit_stat: students, schools, classes and attendance days. */
static int write_stats(an_ctx *c)
{
	const engine *g = c->eng;
	unit_row *rows = NULL;
	int64_t n = 0;
	an_units_compute(g, c->year, &rows, &n);
	dwriter *w = store_dw_open(c->st, "unit_stat", c->e);
	int rc = w ? ATT_OK : ATT_EIO;
	for (int64_t i = 0; i < n && !rc; i++) {
		const unit_row *r = &rows[i];
		rc = STORE_DW_ROW(w, c->e, dv_int(c->run_id),
		                  dv_id(r->is_class ? -1 : g->org.id[r->unit]),
		                  dv_id(r->is_class ? g->cls.id[r->unit] : -1),
		                  dv_int(g->year.id[r->year]), dv_id(r->grade),
		                  dv_int(r->students), dv_int(r->schools),
		                  dv_int(r->classes), dv_int(r->present),
		                  dv_int(r->possible));
	}
	if (w) {
		c->rows += store_dw_count(w);
		store_dw_close(w);
	}
	snprintf(c->note, sizeof(c->note), "%lld units and classes x years",
	         (long long)n);
	free(rows);
	return rc;
}

/* unit_result: summative results, the group named as desc_stat names it. */
static int write_results(an_ctx *c)
{
	const engine *g = c->eng;
	unit_res_row *rr = NULL;
	int64_t n = 0;
	an_units_results(g, c->year, &rr, &n);
	dwriter *w = store_dw_open(c->st, "unit_result", c->e);
	int rc = w ? ATT_OK : ATT_EIO;
	for (int64_t i = 0; i < n && !rc; i++) {
		const unit_res_row *r = &rr[i];
		char grp[96];
		an_desc_subgroup(g, r->dim, r->val, grp, sizeof(grp));
		rc = STORE_DW_ROW(
		    w, c->e, dv_int(c->run_id),
		    dv_id(r->is_class ? -1 : g->org.id[r->unit]),
		    dv_id(r->is_class ? g->cls.id[r->unit] : -1),
		    dv_int(g->year.id[r->year]),
		    dv_id(r->subject >= 0 ? g->subject.id[r->subject] : -1),
		    dv_id(r->grade), dv_text(grp), dv_int(r->n),
		    dv_int(r->n_cut), dv_int(r->n_prof), dv_num(r->sum),
		    dv_num(r->sumsq));
	}
	if (w) {
		c->rows += store_dw_count(w);
		store_dw_close(w);
	}
	free(rr);
	return rc;
}

int run_units(an_ctx *c)
{
	int rc = store_derived_begin(c->st, c->e);
	if (!rc)
		rc = store_derived_clear(c->st, "unit_stat", c->e);
	if (!rc)
		rc = store_derived_clear(c->st, "unit_result", c->e);
	if (!rc)
		rc = write_stats(c);
	if (!rc)
		rc = write_results(c);
	if (!rc)
		rc = store_derived_commit(c->st, c->e);
	return rc;
}
