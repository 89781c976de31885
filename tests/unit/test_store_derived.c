/*
 * test_store_derived.c - buffered derived writes: what a deferred
 * connection records is what the writer applies (every value type, NULL
 * rules, rowid order across the multi-row inserts), the same as direct
 * writes; a failing batch leaves the previous rows and no step. A run's
 * stage: its rows reach the store only when published, a worker reads
 * them under the tables' own names; a dead run (its process gone) is
 * reaped, a live one is not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store.h"
#include "store_derived.h"
#include "store_sql.h"
#include "testutil.h"

typedef struct dump {
	buf b;
	int rows;
} dump;

/* Every exported value as text, one line per row. */
static int dump_cb(void *ctx, int ncol, const char *const *names,
                   const store_value *v)
{
	dump *d = ctx;
	(void)names;
	for (int k = 0; k < ncol; k++) {
		if (k)
			buf_addc(&d->b, '|');
		switch (v[k].type) {
		case SV_INT:
			buf_printf(&d->b, "%lld", (long long)v[k].i);
			break;
		case SV_REAL:
			buf_printf(&d->b, "%.17g", v[k].d);
			break;
		case SV_TEXT:
			buf_printf(&d->b, "'%s'", v[k].s);
			break;
		case SV_NULL:
			buf_adds(&d->b, "NULL");
			break;
		default:
			buf_adds(&d->b, "?");
		}
	}
	buf_addc(&d->b, '\n');
	d->rows++;
	return 0;
}

static char *table_text(store *s, const char *table, int *rows)
{
	dump d = {.rows = 0};
	buf_init(&d.b);
	att_err e;
	err_clear(&e);
	assert_int_equal(store_export(s, table, dump_cb, &d, &e), ATT_OK);
	*rows = d.rows;
	buf_addc(&d.b, '\0');
	return buf_detach(&d.b);
}

/* 37 rows of va_group (2 full multi-row inserts and 5 single ones) with
 * every value kind: negative and large integers, NULL by dv_id < 0, NaN and
 * infinity as NULL, text with quotes and UTF-8, NULL text. */
static int write_rows(store *s, int64_t run, int bad, att_err *e)
{
	int rc = store_derived_begin(s, e);
	if (!rc)
		rc = store_derived_clear(s, "va_group", e);
	dwriter *w = rc ? NULL : store_dw_open(s, "va_group", e);
	if (!rc && !w)
		rc = ATT_EIO;
	for (int i = 0; i < 37 && !rc; i++) {
		const char *model = i % 3 == 0   ? "regression"
		                    : i % 3 == 1 ? "it's \xc3\xa9t\xc3\xa9"
		                                 : "band";
		/* model is NOT NULL: the bad batch breaks it on row 30 */
		rc = STORE_DW_ROW(
		    w, e, dv_int(run), dv_text(bad && i == 30 ? NULL : model),
		    dv_text("org"), dv_text("school"),
		    dv_id(i % 4 == 0 ? -1 : i), dv_id(-5), dv_null(), dv_null(),
		    dv_null(),
		    dv_int(i % 2 ? -(INT64_C(1) << 40) - i : INT64_MAX - i),
		    dv_num(i % 5 == 0 ? NAN : i * 0.25 - 3.0),
		    dv_num(i % 7 == 0 ? INFINITY : 1e-300 * i),
		    dv_num(-0.5 * i), dv_null(), dv_int(i % 2));
	}
	if (w) {
		if (!rc && store_dw_count(w) != 37)
			rc = ATT_EIO;
		store_dw_close(w);
	}
	if (!rc)
		rc = store_derived_commit(s, e);
	else
		store_rollback(s);
	return rc;
}

/* The writer refuses what does not fit the declaration: an undeclared
 * table, a row of the wrong length, a value of the wrong type; nothing
 * is written. The older writer (a column list and a format) still
 * writes. */
static void test_writer_refuses(void **state)
{
	(void)state;
	char path[256];
	tmp_path(path, sizeof(path), "refuse.db");
	store *s = NULL;
	att_err e;
	err_clear(&e);
	assert_int_equal(store_open(path, &s, &e), ATT_OK);
	int64_t run;
	assert_int_equal(
	    store_run_begin(s, "va", "{}", 1, 1700000000, &run, &e), ATT_OK);
	assert_int_equal(store_derived_begin(s, &e), ATT_OK);
	assert_null(store_dw_open(s, "student", &e));
	assert_int_equal(e.code, ATT_EUSAGE);
	dwriter *w = store_dw_open(s, "triang", &e);
	assert_non_null(w);
	/* triang: run_id, year_id, level, x, y, n, r, lo, hi, label */
	assert_int_equal(STORE_DW_ROW(w, &e, dv_int(run), dv_null()),
	                 ATT_EUSAGE);
	assert_non_null(strstr(e.msg, "2 values for 10 columns"));
	assert_int_equal(STORE_DW_ROW(w, &e, dv_int(run), dv_null(),
	                              dv_text("org"), dv_text("a"),
	                              dv_text("b"), dv_num(3.0), dv_num(0.5),
	                              dv_null(), dv_null(), dv_text("x")),
	                 ATT_EUSAGE);
	assert_non_null(strstr(e.msg, "triang.n"));
	assert_int_equal(store_dw_count(w), 0);
	assert_int_equal(STORE_DW_ROW(w, &e, dv_int(run), dv_null(),
	                              dv_text("org"), dv_text("a"),
	                              dv_text("b"), dv_int(3), dv_num(0.5),
	                              dv_null(), dv_num(NAN), dv_text("x")),
	                 ATT_OK);
	store_dw_close(w);
	dwriter *d = store_dw_open(s, "ews_summary", &e);
	assert_non_null(d);
	assert_int_equal(STORE_DW_ROW(d, &e, dv_int(run), dv_null(),
	                              dv_text("all"), dv_null(), dv_int(5),
	                              dv_int(1), dv_int(2), dv_int(0),
	                              dv_int(1)),
	                 ATT_OK);
	assert_int_equal(store_dw_count(d), 1);
	store_dw_close(d);
	assert_int_equal(store_derived_commit(s, &e), ATT_OK);
	int n = 0;
	char *t = table_text(s, "triang", &n);
	assert_int_equal(n, 1);
	assert_non_null(strstr(t, "|'org'|'a'|'b'|3|0.5|NULL|NULL|'x'"));
	free(t);
	t = table_text(s, "ews_summary", &n);
	assert_int_equal(n, 1);
	assert_non_null(strstr(t, "|NULL|'all'|NULL|5|1|2|0|1"));
	free(t);
	store_close(s);
	unlink(path);
}

static void test_deferred_equals_direct(void **state)
{
	(void)state;
	char pa[256], pb[256];
	tmp_path(pa, sizeof(pa), "direct.db");
	tmp_path(pb, sizeof(pb), "deferred.db");
	store *a = NULL, *b = NULL, *w = NULL;
	att_err e;
	err_clear(&e);
	assert_int_equal(store_open(pa, &a, &e), ATT_OK);
	assert_int_equal(store_open(pb, &b, &e), ATT_OK);
	int64_t ra, rb;
	assert_int_equal(store_run_begin(a, "va", "{}", 1, 1700000000, &ra, &e),
	                 ATT_OK);
	assert_int_equal(store_run_begin(b, "va", "{}", 1, 1700000000, &rb, &e),
	                 ATT_OK);
	assert_int_equal(ra, rb);

	/* direct */
	assert_int_equal(write_rows(a, ra, 0, &e), ATT_OK);
	/* deferred on one connection, applied by another */
	assert_int_equal(store_open_existing(pb, &w, &e), ATT_OK);
	store_derived_defer(w, 1);
	assert_int_equal(write_rows(w, rb, 0, &e), ATT_OK);
	dbatch *bt = store_derived_take(w);
	assert_non_null(bt);
	assert_null(store_derived_take(w));
	assert_int_equal(store_dbatch_rows(bt), 37);
	assert_true(store_dbatch_bytes(bt) > 37 * 10);
	int nb = 0;
	char *before = table_text(b, "va_group", &nb);
	assert_int_equal(nb, 0); /* nothing written until applied */
	free(before);
	double ws = -1;
	assert_int_equal(store_derived_apply(b, bt, "va_student va_group", rb,
	                                     "va", 1.5, 37, &ws, &e),
	                 ATT_OK);
	assert_true(ws >= 0);
	store_dbatch_free(bt);

	int na = 0;
	char *ta = table_text(a, "va_group", &na);
	char *tb = table_text(b, "va_group", &nb);
	assert_int_equal(na, 37);
	assert_int_equal(nb, 37);
	assert_string_equal(ta, tb);
	/* spot checks of the NULL rules and extremes */
	assert_non_null(strstr(ta, "9223372036854775807"));
	assert_non_null(strstr(ta, "-1099511627777"));
	assert_non_null(strstr(ta, "it's \xc3\xa9t\xc3\xa9"));
	free(ta);
	free(tb);
	int ns = 0;
	char *steps = table_text(b, "analysis_step", &ns);
	assert_int_equal(ns, 1);
	assert_non_null(strstr(steps, "'va'"));
	free(steps);

	/* A second, failing batch: rolled back whole, the rows and steps of
	 * the first remain. */
	int64_t r2;
	assert_int_equal(store_run_begin(b, "va", "{}", 1, 1700000000, &r2, &e),
	                 ATT_OK);
	assert_int_equal(write_rows(w, r2, 1, &e), ATT_OK);
	bt = store_derived_take(w);
	assert_non_null(bt);
	assert_int_not_equal(store_derived_apply(b, bt, "va_student va_group",
	                                         r2, "va", 1.0, 37, NULL, &e),
	                     ATT_OK);
	store_dbatch_free(bt);
	tb = table_text(b, "va_group", &nb);
	assert_int_equal(nb, 37);
	/* no row of run 2 (run_id is the first column) */
	assert_true(strncmp(tb, "2|", 2) != 0 && !strstr(tb, "\n2|"));
	free(tb);
	steps = table_text(b, "analysis_step", &ns);
	assert_int_equal(ns, 1);
	free(steps);

	/* Writes outside a batch are refused; a discarded batch is gone. */
	assert_int_not_equal(store_derived_clear(w, "va_group", &e), ATT_OK);
	assert_int_equal(store_derived_begin(w, &e), ATT_OK);
	store_derived_discard(w);
	assert_null(store_derived_take(w));
	/* An undeclared table fails in the run function, as when direct. */
	assert_int_equal(store_derived_begin(w, &e), ATT_OK);
	assert_null(store_dw_open(w, "no_such_table", &e));
	dwriter *dw = store_dw_open(w, "va_group", &e);
	assert_non_null(dw);
	store_dw_close(dw);
	store_close(w); /* frees the open batch */
	store_close(a);
	store_close(b);
}

/* A batch of write_rows recorded on a deferred connection to path. */
static dbatch *batch_of(const char *path, int64_t run)
{
	store *w = NULL;
	att_err e;
	err_clear(&e);
	assert_int_equal(store_open_existing(path, &w, &e), ATT_OK);
	store_derived_defer(w, 1);
	assert_int_equal(write_rows(w, run, 0, &e), ATT_OK);
	dbatch *b = store_derived_take(w);
	store_close(w);
	assert_non_null(b);
	return b;
}

static int64_t count_of(store *s, const char *sql)
{
	return sql_one_int(s, sql);
}

/* Run 1 written directly; run 2 through a stage: the store keeps run 1's
 * rows and step until the publish, a worker's connection reads run 2's
 * rows as va_group; the publish replaces them whole, adds run 2's step
 * and marks it done; the stage file goes. */
static void test_stage_publish(void **state)
{
	(void)state;
	char path[256], stage[300];
	tmp_path(path, sizeof(path), "stage.db");
	store *s = NULL, *wk = NULL;
	att_err e;
	err_clear(&e);
	assert_int_equal(store_open(path, &s, &e), ATT_OK);
	int64_t r1, r2;
	assert_int_equal(store_run_begin(s, "va", "{}", 1, 1700000000, &r1, &e),
	                 ATT_OK);
	assert_int_equal(write_rows(s, r1, 0, &e), ATT_OK);
	assert_int_equal(store_run_step(s, r1, "va", 1.0, 37, &e), ATT_OK);
	assert_int_equal(store_run_finish(s, r1, "done", 1700000001, &e),
	                 ATT_OK);
	assert_int_equal(store_run_begin(s, "va", "{}", 1, 1700000002, &r2, &e),
	                 ATT_OK);
	assert_int_equal(store_stage_open(s, r2, "va_student va_group", &e),
	                 ATT_OK);
	assert_true(store_stage_is_open(s));
	snprintf(stage, sizeof(stage), "%s-run%lld", path, (long long)r2);
	assert_int_equal(access(stage, F_OK), 0);
	dbatch *b = batch_of(path, r2);
	assert_int_equal(store_derived_apply(s, b, "va_student va_group", r2,
	                                     "va", 2.0, 37, NULL, &e),
	                 ATT_OK);
	store_dbatch_free(b);
	/* the store: still run 1 alone */
	assert_int_equal(count_of(s, "SELECT count(*) FROM main.va_group"
	                             " WHERE run_id = 1"),
	                 37);
	assert_int_equal(count_of(s, "SELECT count(*) FROM main.va_group"
	                             " WHERE run_id <> 1"),
	                 0);
	assert_int_equal(count_of(s, "SELECT count(*) FROM main.analysis_step"),
	                 1);
	assert_int_equal(store_run_latest(s, "va"), r1);
	/* a worker sees run 2's rows under the table's name */
	assert_int_equal(store_open_thread(path, &wk, &e), ATT_OK);
	assert_int_equal(store_stage_attach(wk, r2, "va_group", &e), ATT_OK);
	assert_int_equal(count_of(wk, "SELECT count(*) FROM va_group"
	                              " WHERE run_id = 2"),
	                 37);
	store_close(wk);
	assert_int_equal(
	    store_stage_publish(s, r2, "va_student va_group", 1700000003, &e),
	    ATT_OK);
	assert_false(store_stage_is_open(s));
	assert_int_not_equal(access(stage, F_OK), 0);
	assert_int_equal(count_of(s, "SELECT count(*) FROM va_group"
	                             " WHERE run_id = 2"),
	                 37);
	assert_int_equal(count_of(s, "SELECT count(*) FROM va_group"
	                             " WHERE run_id = 1"),
	                 0);
	assert_int_equal(count_of(s, "SELECT count(*) FROM analysis_step"
	                             " WHERE run_id = 2 AND rows = 37"),
	                 1);
	assert_int_equal(store_run_latest(s, "va"), r2);
	assert_int_equal(store_runs_unfinished(s, NULL, NULL, &e), 0);
	/* A run that fails: its stage goes, the store keeps run 2. */
	int64_t r3;
	assert_int_equal(store_run_begin(s, "va", "{}", 1, 1700000004, &r3, &e),
	                 ATT_OK);
	assert_int_equal(store_stage_open(s, r3, "va_student va_group", &e),
	                 ATT_OK);
	b = batch_of(path, r3);
	assert_int_equal(store_derived_apply(s, b, "va_student va_group", r3,
	                                     "va", 2.0, 37, NULL, &e),
	                 ATT_OK);
	store_dbatch_free(b);
	assert_int_equal(store_run_finish(s, r3, "failed", 1700000005, &e),
	                 ATT_OK);
	snprintf(stage, sizeof(stage), "%s-run%lld", path, (long long)r3);
	assert_int_not_equal(access(stage, F_OK), 0);
	assert_int_equal(count_of(s, "SELECT count(DISTINCT run_id) || min("
	                             "run_id) FROM va_group"),
	                 12);
	assert_int_equal(store_runs_unfinished(s, NULL, NULL, &e), 1);
	store_close(s);
	snprintf(stage, sizeof(stage), "%s-runlock", path);
	unlink(stage);
	unlink(path);
}

static void on_unfinished(void *ctx, const store_run_info *r)
{
	buf *b = ctx;
	buf_printf(b, "%lld %s %d %d;", (long long)r->id, r->status, r->live,
	           r->resolved);
}

/* A child process begins a run. Dead (the child exited without
 * finishing it): reaped, marked failed at the reaper's time. Live (the
 * child waits): left running, listed as live; reaped once killed. */
static void test_reap(void **state)
{
	(void)state;
	char path[256];
	tmp_path(path, sizeof(path), "reap.db");
	store *s = NULL;
	att_err e;
	err_clear(&e);
	assert_int_equal(store_open(path, &s, &e), ATT_OK);
	for (int live = 0; live < 2; live++) {
		int fd[2];
		assert_int_equal(pipe(fd), 0);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			store *c = NULL;
			int64_t run = 0;
			att_err ce;
			int ok = store_open_existing(path, &c, &ce) == ATT_OK &&
			         store_run_begin(c, "desc", "{}", 1, 1700000000,
			                         &run, &ce) == ATT_OK;
			char k = ok ? 'y' : 'n';
			if (write(fd[1], &k, 1) != 1)
				_exit(2);
			if (live)
				pause();
			_exit(0); /* no finish, no close: as killed */
		}
		close(fd[1]);
		char k = 0;
		assert_int_equal(read(fd[0], &k, 1), 1);
		close(fd[0]);
		assert_int_equal(k, 'y');
		int64_t id = live + 1;
		if (!live)
			waitpid(pid, NULL, 0);
		assert_int_equal(store_run_reap(s, 1700000100, &e),
		                 live ? 0 : 1);
		buf b;
		buf_init(&b);
		int open = store_runs_unfinished(s, on_unfinished, &b, &e);
		if (live) {
			assert_int_equal(open, 1); /* run 1, failed */
			assert_string_equal(b.data,
			                    "1 failed 0 0;2 running 1 0;");
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			assert_int_equal(store_run_reap(s, 1700000200, &e), 1);
		}
		buf_free(&b);
		char q[160];
		snprintf(q, sizeof(q),
		         "SELECT status = 'failed' AND finished_at = '%s'"
		         " FROM analysis_run WHERE id = %lld",
		         live ? "2023-11-14T22:16:40Z" : "2023-11-14T22:15:00Z",
		         (long long)id);
		assert_int_equal(count_of(s, q), 1);
	}
	assert_int_equal(store_runs_unfinished(s, NULL, NULL, &e), 2);
	store_close(s);
	char lock[300];
	snprintf(lock, sizeof(lock), "%s-runlock", path);
	unlink(lock);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_deferred_equals_direct),
	    cmocka_unit_test(test_writer_refuses),
	    cmocka_unit_test(test_stage_publish),
	    cmocka_unit_test(test_reap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
