/*
 * test_analysis.c - the derived batch of a run function (an_out in
 * analysis.h): its tables cleared and their writers opened in the order
 * named, the rows counted into the run, committed whole on success; on a
 * failure (of the run, or of a table that cannot be opened) nothing of the
 * batch is left and the earlier rows stay; a batch never begun ends as a
 * no-op.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "store.h"
#include "store_derived.h"
#include "testutil.h"

static int count_cb(void *ctx, int ncol, const char *const *names,
                    const store_value *v)
{
	(void)ncol;
	(void)names;
	(void)v;
	(*(int *)ctx)++;
	return 0;
}

static int rows_of(store *s, const char *table)
{
	int n = 0;
	att_err e;
	err_clear(&e);
	assert_int_equal(store_export(s, table, count_cb, &n, &e), ATT_OK);
	return n;
}

/* One triang row (run_id, year_id, level, x, y, n, r, lo, hi, label). */
static int triang_row(dwriter *w, int64_t run, const char *x, att_err *e)
{
	return STORE_DW_ROW(w, e, dv_int(run), dv_null(), dv_text("school"),
	                    dv_text(x), dv_text("y"), dv_int(3), dv_num(0.5),
	                    dv_num(NAN), dv_num(NAN), dv_text("association"));
}

/* One ews_summary row (run_id, year_id, level, org_id, counts). */
static int summary_row(dwriter *w, int64_t run, att_err *e)
{
	return STORE_DW_ROW(w, e, dv_int(run), dv_null(), dv_text("all"),
	                    dv_null(), dv_int(5), dv_int(1), dv_int(2),
	                    dv_int(0), dv_int(1));
}

static void test_an_out(void **state)
{
	(void)state;
	char path[256];
	tmp_path(path, sizeof(path), "an_out.db");
	store *s = NULL;
	att_err e;
	err_clear(&e);
	assert_int_equal(store_open(path, &s, &e), ATT_OK);
	int64_t run;
	assert_int_equal(
	    store_run_begin(s, "triang", "{}", 1, 1700000000, &run, &e),
	    ATT_OK);
	an_ctx c = {.st = s, .run_id = run, .e = &e};

	/* Two tables, writers in the order named; committed. */
	an_out o;
	assert_int_equal(an_out_begin(&c, &o, "triang ews_summary"), ATT_OK);
	assert_int_equal(o.n, 2);
	assert_int_equal(triang_row(o.w[0], run, "a", &e), ATT_OK);
	assert_int_equal(triang_row(o.w[0], run, "b", &e), ATT_OK);
	assert_int_equal(summary_row(o.w[1], run, &e), ATT_OK);
	assert_int_equal(an_out_end(&o, ATT_OK), ATT_OK);
	assert_int_equal(c.rows, 3);
	assert_int_equal(rows_of(s, "triang"), 2);
	assert_int_equal(rows_of(s, "ews_summary"), 1);

	/* A run that fails after writing: its clear and its row are rolled
	 * back, the run's status comes back, the earlier rows stay. */
	assert_int_equal(an_out_begin(&c, &o, "triang"), ATT_OK);
	assert_int_equal(triang_row(o.w[0], run, "c", &e), ATT_OK);
	assert_int_equal(an_out_end(&o, ATT_EINPUT), ATT_EINPUT);
	assert_int_equal(rows_of(s, "triang"), 2);
	assert_int_equal(rows_of(s, "ews_summary"), 1);

	/* A table that is not declared: begin fails on it after clearing
	 * the one before; ending rolls that back. */
	int rc = an_out_begin(&c, &o, "ews_summary no_such_table");
	assert_int_not_equal(rc, ATT_OK);
	assert_non_null(strstr(e.msg, "no_such_table"));
	assert_int_equal(an_out_end(&o, rc), rc);
	assert_int_equal(rows_of(s, "ews_summary"), 1);

	/* More tables than an_out holds: refused, nothing cleared. */
	char many[16 * (AN_OUT_MAX + 1)] = "";
	for (int i = 0; i <= AN_OUT_MAX; i++)
		strcat(many, i ? " triang" : "triang");
	assert_int_equal(an_out_begin(&c, &o, many), ATT_EUSAGE);
	assert_int_equal(an_out_end(&o, ATT_EUSAGE), ATT_EUSAGE);
	assert_int_equal(rows_of(s, "triang"), 2);

	/* Never begun: the run's status, nothing touched. */
	an_out z = {0};
	assert_int_equal(an_out_end(&z, ATT_EIO), ATT_EIO);
	assert_int_equal(an_out_end(&z, ATT_OK), ATT_OK);

	/* The store is usable afterwards: no transaction left open. */
	assert_int_equal(an_out_begin(&c, &o, "ews_summary"), ATT_OK);
	assert_int_equal(an_out_end(&o, ATT_OK), ATT_OK);
	assert_int_equal(rows_of(s, "ews_summary"), 0);
	store_close(s);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_an_out),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
