/*
 * demo.c - demo_generate: builds the world (demo_world.c), bulk-loads every
 * table (demo_tables.c through store_demo.c) in one transaction with one
 * data-version bump, and renders the truth manifest (demo_truth.c).
 */
#include "demo.h"

#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "demo_internal.h"

int demo_year_of(long days)
{
	if (days < 0)
		return -1;
	char d[11];
	date_format(days, d);
	int y = atoi(d), m = atoi(d + 5);
	return m >= 4 ? y : y - 1;
}

int demo_generate(store *s, const demo_params *p, int64_t base_version,
                  buf *truth, demo_summary *out, att_err *e)
{
	memset(out, 0, sizeof(*out));
	if (p->password && strlen(p->password) >= sizeof(out->password))
		return err_set(e, ATT_EUSAGE,
		               "--password is longer than %d characters",
		               (int)sizeof(out->password) - 1);
	dm_world w;
	int rc = dm_world_build(&w, p, e);
	if (rc) {
		dm_world_free(&w);
		return rc;
	}
	if (p->password)
		snprintf(out->password, sizeof(out->password), "%s",
		         p->password);
	else
		auth_random_hex(out->password, 8);
	char hash[128];
	if (!out->password[0] || auth_hash_password(out->password, hash) != 0) {
		dm_world_free(&w);
		return err_set(e, ATT_EIO, "cannot hash the demo password");
	}
	store_demo_load *l = store_demo_load_alloc(s, e);
	if (!l) {
		dm_world_free(&w);
		return ATT_EIO;
	}
	double per_year = (double)w.nstudents * DM_NGRADES / w.ncohort;
	progress prog;
	progress_start(&prog, "demo",
	               (uint64_t)(per_year * w.years * 58 + w.nstudents * 7.0));
	dm_out o = {.l = l, .prog = &prog, .pw_hash = hash, .sum = out};
	rc = dm_write_tables(&w, &o, e);
	/* The load's connection, its row stream closed (store_demo_store). */
	s = store_demo_store(l);
	char v[32];
	if (!rc) {
		snprintf(v, sizeof(v), "%llu", (unsigned long long)p->seed);
		rc = store_meta_set(s, "demo_seed", v, e);
	}
	if (!rc) {
		snprintf(v, sizeof(v), "%lld", (long long)p->students);
		rc = store_meta_set(s, "demo_students", v, e);
	}
	if (!rc) {
		snprintf(v, sizeof(v), "%d", p->years);
		rc = store_meta_set(s, "demo_years", v, e);
	}
	if (!rc)
		rc = dm_truth_json(&w, base_version + 1, l, truth, e);
	out->rows = (int64_t)o.done;
	out->schools = w.nschools;
	out->students = w.nstudents;
	if (rc) {
		store_demo_load_abort(l);
		progress_finish(&prog);
		dm_world_free(&w);
		return rc;
	}
	rc = store_demo_load_finish(l, base_version, e);
	progress_finish(&prog);
	dm_world_free(&w);
	return rc;
}
