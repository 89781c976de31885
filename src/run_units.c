/*
 * run_units.c - the "units" analysis: an_units over the engine, written to
 * unit_stat and unit_result.
 */
#include <stdio.h>
#include <stdlib.h>

#include "an_desc.h"
#include "an_units.h"
#include "analysis.h"

/* unit_stat: students, schools, classes and attendance days. */
static int write_stats(an_ctx *c, dwriter *w, const unit_row *rows, int64_t n)
{
	const engine *g = c->eng;
	int rc = ATT_OK;
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
	return rc;
}

/* unit_result: summative results, the group named as desc_stat names it. */
static int write_results(an_ctx *c, dwriter *w, const unit_res_row *rr,
                         int64_t n)
{
	const engine *g = c->eng;
	int rc = ATT_OK;
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
	return rc;
}

int run_units(an_ctx *c)
{
	unit_row *rows = NULL;
	unit_res_row *rr = NULL;
	int64_t n = 0, nr = 0;
	an_units_compute(c->eng, c->year, &rows, &n);
	an_units_results(c->eng, c->year, &rr, &nr);
	an_out out;
	int rc = an_out_begin(c, &out, "unit_stat unit_result");
	if (!rc)
		rc = write_stats(c, out.w[0], rows, n);
	if (!rc)
		rc = write_results(c, out.w[1], rr, nr);
	rc = an_out_end(&out, rc);
	snprintf(c->note, sizeof(c->note), "%lld units and classes x years",
	         (long long)n);
	free(rows);
	free(rr);
	return rc;
}
