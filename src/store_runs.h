/*
 * store_runs.h - the life of an analysis run in the store: its row in
 * analysis_run, the lock that tells a live run from a dead one, the stage
 * its derived rows are written to, and the one transaction that publishes
 * them.
 *
 * A run's life (docs/ANALYTICS.md, "Runs"):
 *
 *     store_run_reap(s, now, ...)          // dead 'running' runs -> failed
 *     store_run_begin(s, ..., &run, e)     // 'running', lock held
 *     store_stage_open(s, run, tables, e)  // derived writes go to the stage
 *     ... store_derived_apply(s, ...) per analysis, into the stage ...
 *     store_stage_publish(s, run, tables, now, e)  // replace + 'done'
 *   or
 *     store_run_finish(s, run, "failed", now, e)   // stage dropped
 *
 * Invariants:
 *  1. Readers see the derived tables of complete runs only: a run's rows
 *     reach the store's derived tables in the transaction that marks the
 *     run done, replacing the rows of the analyses it ran and nothing
 *     else. A run killed at any point leaves the previous complete run's
 *     rows exactly as they were.
 *  2. The stage is a scratch database beside the store (PATH-runN, with
 *     its -wal and -shm), attached as "stage" to the connection that
 *     writes; it has each derived table's columns and no index. It is
 *     removed when the run is published or fails, or when a dead run is
 *     reaped. (Attaching a file is SQLite's way; a PostgreSQL store would
 *     stage into a schema of the same database.)
 *  3. A running run is live while its process holds a write lock on byte
 *     RUN_ID of the lock file PATH-runlock (POSIX fcntl; the kernel drops
 *     it when the process dies, however it dies). The lock is taken in the
 *     transaction that inserts the run's row, and the reaper tests it in a
 *     write transaction, so no reaper sees a live run unlocked. A process
 *     cannot see its own locks: it reaps before it begins a run.
 */
#ifndef ATTAIN_STORE_RUNS_H
#define ATTAIN_STORE_RUNS_H

#include <stdint.h>

#include "store.h"
#include "util.h"

/* Insert a running analysis_run row started at `now` (seconds since 1970,
 * UTC: the command's clock) and take its lock, committed at once; *run_id
 * set. The lock is held until store_run_finish, store_stage_publish or the
 * end of the process. */
int store_run_begin(store *s, const char *analyses, const char *params_json,
                    int64_t data_version, int64_t now, int64_t *run_id,
                    att_err *e);
/* Mark the run done or failed ("done"/"failed"), finished at `now`; drop
 * its stage when one is open and release its lock. A run published by
 * store_stage_publish is already done. */
int store_run_finish(store *s, int64_t run_id, const char *status, int64_t now,
                     att_err *e);
/* Record one analysis's time and rows within a run (own transaction when
 * none is open; into the stage when one is open on s). */
int store_run_step(store *s, int64_t run_id, const char *analysis,
                   double seconds, int64_t rows, att_err *e);
/* Id of the latest finished run that wrote `analysis` (NULL: any), 0 when
 * none, -1 on error. */
int64_t store_run_latest(store *s, const char *analysis);
/* Seconds the latest finished run spent on `analysis` (analysis_step),
 * -1 when none ran or on error. */
double store_run_seconds(store *s, const char *analysis);

/* Mark failed, finished at `now`, every 'running' run whose lock no
 * process holds (its process died: killed, crashed, or the machine
 * stopped), and remove its stage. Returns how many were marked, or -1
 * with e filled. A store that is busy (another writer) is left for the
 * next open: 0. */
int store_run_reap(store *s, int64_t now, att_err *e);

/* A run that did not finish: failed, or still running (live: its lock is
 * held). `resolved` when a later run finished (its analyses' rows are
 * that run's or older complete runs'), so the failure is history. */
typedef struct store_run_info {
	int64_t id;
	const char *started_at, *finished_at; /* finished_at "" when none */
	const char *status;                   /* "failed" or "running" */
	const char *analyses;
	int live, resolved;
} store_run_info;
typedef void (*store_run_fn)(void *ctx, const store_run_info *r);
/* Every run that did not finish, oldest first; returns how many are not
 * resolved (failed or dead, with no later run done; a live run is not
 * counted), or -1 with e filled. */
int store_runs_unfinished(store *s, store_run_fn fn, void *ctx, att_err *e);

/* ---- the stage ---- */

/* Create the stage of run_id with every table of `tables` (space-separated
 * derived tables) and attach it to s: from here store_derived_apply on s
 * writes into the stage. */
int store_stage_open(store *s, int64_t run_id, const char *tables, att_err *e);
/* Attach run_id's stage to a worker's connection so that the tables of
 * `shadow` (analyses this run already wrote, which a later analysis reads)
 * read the stage's rows under their own names (temporary views). */
int store_stage_attach(store *s, int64_t run_id, const char *shadow,
                       att_err *e);
/* In one transaction of the store: empty every table of `tables`, fill it
 * with the stage's rows, add the stage's analysis_step rows and mark the
 * run done at `now`; then drop the stage and release the run's lock. On
 * failure nothing of the store changes (the run stays running; the caller
 * marks it failed). */
int store_stage_publish(store *s, int64_t run_id, const char *tables,
                        int64_t now, att_err *e);
/* 1 when a stage is open on s (derived writes go to it). */
int store_stage_is_open(const store *s);

#endif
