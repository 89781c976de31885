/*
 * analysis.h - the analysis registry and runner behind `attain analyze`.
 *
 * One table row per analysis (analysis.c): its name, the analyses it needs
 * first, the parts of the store its engine must load, the derived tables
 * it writes (these are also what `attain export` offers) and its run
 * function. A run function (run_<name>.c) takes the loaded engine and the
 * options, calls the pure an_<name> functions and writes their results
 * through store_derived.h inside one transaction (an_out below). Adding an
 * analysis: write an_<name>.[ch] and run_<name>.c, declare the run function
 * below and add one row to the table.
 *
 * The runner (analysis_execute) computes analyses on worker threads, each
 * with its own store connection in deferred mode (store_derived.h), and
 * writes each finished analysis's rows on the caller's connection into the
 * run's stage in one transaction, so that computing overlaps writing and
 * only one connection ever writes. An analysis starts once everything it
 * needs is written. The whole run then becomes visible at once
 * (analysis_publish), so readers see only complete runs.
 */
#ifndef ATTAIN_ANALYSIS_H
#define ATTAIN_ANALYSIS_H

#include <stdint.h>

#include "config.h"
#include "engine.h"
#include "store.h"
#include "store_derived.h"
#include "util.h"

typedef struct an_ctx {
	store *st;
	const engine *eng;
	const config *cfg;
	int32_t year;   /* engine year index to restrict outcomes to, -1 all */
	int64_t run_id; /* analysis_run id stamped on every derived row */
	int64_t rows;   /* rows written (the run function adds to it) */
	progress *prog; /* started by the runner; update it if you can */
	char note[200]; /* one line for the summary, e.g. "412 schools" */
	att_err *e;
} an_ctx;

typedef int (*analysis_fn)(an_ctx *c);

/* ---- the derived batch of one run function ----
 *
 * What every run function does around its rows, written once:
 *
 *     an_out o;
 *     int rc = an_out_begin(c, &o, "gap gap_trend"); // begin, clear, open
 *     ... STORE_DW_ROW(o.w[0], c->e, ...);  // gap
 *     ... STORE_DW_ROW(o.w[1], c->e, ...);  // gap_trend
 *     rc = an_out_end(&o, rc);                        // close, commit
 *
 * an_out_begin begins the derived batch (store_derived_begin), clears each
 * table named in `tables` (space-separated, at most AN_OUT_MAX) and opens a
 * writer on each: o->w[k] writes the k-th. an_out_end closes the writers,
 * adds the rows they wrote to c->rows, and commits the batch when rc is
 * ATT_OK, else rolls it back; it returns the run's status (rc, or the
 * commit's error). A run that fails before beginning keeps its an_out
 * zeroed (`an_out o = {0};`): an_out_end of that returns rc and touches
 * nothing. */
#define AN_OUT_MAX 8
typedef struct an_out {
	an_ctx *c; /* NULL until begun */
	int begun; /* the batch was begun: end commits or rolls back */
	int n;
	dwriter *w[AN_OUT_MAX];
} an_out;

int an_out_begin(an_ctx *c, an_out *o, const char *tables);
int an_out_end(an_out *o, int rc);

typedef struct analysis_def {
	const char *name;
	const char *needs;  /* space-separated analyses run first, "" none */
	unsigned loads;     /* ENG_LOAD_* parts of the store it reads */
	const char *tables; /* space-separated derived tables it writes */
	analysis_fn run;
	const char *summary;
	double cost; /* rough seconds on the 1,000,000-student demo: the
	                runner starts the longest ready analysis first (by
	                its latest run on the store when there is one) */
} analysis_def;

const analysis_def *analysis_list(int *n);
const analysis_def *analysis_find(const char *name);

/* The analyses to run, in dependency order: all of them, or `only` and
 * what it needs. Fills plan (room for every analysis); returns the count,
 * or -1 with e set when `only` is unknown. */
int analysis_plan(const char *only, const analysis_def **plan, att_err *e);

/* 1 if `table` is a derived table of some analysis. */
int analysis_is_derived(const char *table);

/* One analysis written by analysis_execute. */
typedef struct analysis_done {
	const analysis_def *def;
	int64_t rows;
	double compute_seconds; /* the run function, on its worker */
	double write_seconds;   /* applying its rows on the writer */
	const char *note;
} analysis_done;

typedef struct analysis_exec {
	store *st; /* the caller's connection: the only one that writes */
	const engine *eng;
	const config *cfg;
	int32_t year;
	int64_t run_id;
	int jobs;        /* worker threads computing analyses (>= 1) */
	int status_line; /* redraw a one-line status on stderr (a terminal) */
	/* Called on the caller's thread after each analysis is written. */
	void (*written)(void *ctx, const analysis_done *d);
	void *ctx;
} analysis_exec;

/* Run the analyses of plan (from analysis_plan) with x->jobs workers
 * into the stage of run x->run_id (store_runs.h), which it opens on x->st:
 * each worker opens its own connection to the store, picks the costliest
 * analysis whose needs are written, runs it with derived writes buffered,
 * and hands the rows to the caller's thread, which writes each analysis
 * (rows and analysis_step row) into the stage in one transaction of x->st.
 * An analysis that needs another reads that one's rows from the stage.
 * After a failure no new analysis starts. Nothing reaches the store's
 * derived tables until analysis_publish. Returns ATT_OK, or an error with
 * e naming the first analysis that failed. */
int analysis_execute(const analysis_exec *x, const analysis_def *const *plan,
                     int np, att_err *e);
/* After analysis_execute succeeded: publish the stage (every table of the
 * plan replaced by the run's rows and the run marked done at `now`, in one
 * transaction), then checkpoint the store's log. */
int analysis_publish(const analysis_exec *x, const analysis_def *const *plan,
                     int np, int64_t now, att_err *e);

/* Run functions of the analyses (run_<name>.c). */
int run_desc(an_ctx *c);
int run_gaps(an_ctx *c);
int run_items(an_ctx *c);
int run_va(an_ctx *c);
/* engine II (run_<name>.c) */
int run_ews(an_ctx *c);
int run_impact(an_ctx *c);
int run_goals(an_ctx *c);
int run_triang(an_ctx *c);
int run_groups(an_ctx *c);
int run_peer(an_ctx *c);
int run_themes(an_ctx *c);
int run_growth(an_ctx *c);
int run_units(an_ctx *c);
int run_release(an_ctx *c);

#endif
