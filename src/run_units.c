/*
 * run_units.c - the "units" analysis: an_units over the engine, written to
 * unit_stat.
 */
#include <stdlib.h>

#include "an_units.h"
#include "analysis.h"
#include "store_derived.h"

int run_units(an_ctx *c)
{
	const engine *g = c->eng;
	unit_row *rows = NULL;
	int64_t n = 0;
	an_units_compute(g, c->year, &rows, &n);
	int rc = store_derived_begin(c->st, c->e);
	if (!rc)
		rc = store_derived_clear(c->st, "unit_stat", c->e);
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
		rc = store_derived_commit(c->st, c->e);
	c->rows += n;
	snprintf(c->note, sizeof(c->note), "%lld units and classes x years",
	         (long long)n);
	free(rows);
	return rc;
}
