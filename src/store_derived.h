/*
 * store_derived.h - SQL for the derived tables the analyses write, and the
 * table exports of `attain export` (a run's life, its stage and its
 * publication: store_runs.h).
 *
 * Writing: an analysis's rows are written in one transaction that first
 * deletes the table's earlier rows (only the latest run's rows are kept;
 * analysis_run keeps every run's history), so a failed analysis leaves the
 * previous results in place and never half a table. On a connection with
 * a run's stage open (store_stage_open) the rows go to the stage, and
 * reach the store's tables only when the whole run is published. Each
 * derived table is
 * declared once (store_dtables.c: its columns and their types) and written
 * by one generic writer, a row being one value per declared column in the
 * declared order:
 *
 *     store_derived_begin(s, e);                  // BEGIN, no version bump
 *     store_derived_clear(s, "va_group", e);      // DELETE earlier rows
 *     dwriter *w = store_dw_open(s, "va_group", e);
 *     STORE_DW_ROW(w, e, dv_int(run), dv_text("regression"), ...);
 *     store_dw_close(w);
 *     store_derived_commit(s, e);                 // or store_rollback(s)
 *
 * A value says how it becomes NULL: dv_id(v) when v < 0 (an engine index
 * of -1 means none), dv_num(v) when NaN or infinite, dv_text(v) when v is
 * NULL; dv_int(v) never. A value of the wrong type for its column, or a
 * row of the wrong length, is refused (ATT_EUSAGE).
 */
#ifndef ATTAIN_STORE_DERIVED_H
#define ATTAIN_STORE_DERIVED_H

#include <math.h>
#include <stdint.h>

#include "store.h"
#include "store_runs.h"
#include "util.h"

/* Runs (store_run_begin, _finish, _step, _latest, ...): store_runs.h. */

/* ---- writing derived tables ---- */

int store_derived_begin(store *s, att_err *e);
int store_derived_commit(store *s, att_err *e);
/* Delete every row of a derived table (the latest-only policy). */
int store_derived_clear(store *s, const char *table, att_err *e);

/* ---- declared derived tables ---- */

typedef enum { DT_INT, DT_REAL, DT_TEXT } dt_type;
typedef struct dt_col {
	const char *name;
	dt_type type;
} dt_col;
typedef struct dt_table {
	const char *name;
	const dt_col *cols;
	int ncol;
} dt_table;

/* Every derived table (store_dtables.c), and one by name (NULL: none). */
extern const dt_table store_dtables[];
extern const int store_ndtables;
const dt_table *store_dtable(const char *name);

/* One value of a row: its type (DV_NULL for NULL) and the value. */
typedef enum { DV_NULL, DV_INT, DV_REAL, DV_TEXT } dv_type;
typedef struct dval {
	dv_type type;
	int64_t i;
	double d;
	const char *s;
} dval;

static inline dval dv_int(int64_t v)
{
	return (dval){DV_INT, v, 0, NULL};
}
static inline dval dv_id(int64_t v) /* NULL when v < 0 */
{
	return (dval){v < 0 ? DV_NULL : DV_INT, v, 0, NULL};
}
static inline dval dv_num(double v) /* NULL when NaN or infinite */
{
	return (dval){isfinite(v) ? DV_REAL : DV_NULL, 0, v, NULL};
}
static inline dval dv_text(const char *v) /* NULL when v is NULL */
{
	return (dval){v ? DV_TEXT : DV_NULL, 0, 0, v};
}
static inline dval dv_null(void)
{
	return (dval){DV_NULL, 0, 0, NULL};
}

typedef struct dwriter dwriter;
/* A writer of rows of a declared derived table (inside
 * store_derived_begin/commit). NULL with e filled when the table is not
 * declared or the database does not have it as declared. */
dwriter *store_dw_open(store *s, const char *table, att_err *e);
/* Write one row of n values (n = the table's columns). */
int store_dw_put(dwriter *w, const dval *v, int n, att_err *e);
#define STORE_DW_ROW(w, e, ...)                                                \
	store_dw_put((w), (const dval[]){__VA_ARGS__},                         \
	             (int)(sizeof((dval[]){__VA_ARGS__}) / sizeof(dval)), (e))
/* Rows written so far. */
int64_t store_dw_count(const dwriter *w);
void store_dw_close(dwriter *w);

/* ---- buffered writes (the parallel runner) ----
 *
 * A connection in deferred mode records what store_derived_begin, _clear,
 * store_dw_* and store_derived_commit would write as one in-memory
 * batch instead of writing it; another connection (the runner's single
 * writer) then applies the batch in one transaction. Run functions do not
 * change: they call the same functions on whichever connection they get.
 *
 *     store_derived_defer(ws, 1);           // worker's own connection
 *     run(&ctx);                            // begin/clear/rows/commit
 *     dbatch *b = store_derived_take(ws);   // NULL if nothing committed
 *     store_derived_apply(writer, b, "va_student va_group", run, "va",
 *                         secs, rows, &wsec, e);
 *     store_dbatch_free(b);
 *
 * A run that fails leaves its batch uncommitted: store_derived_discard
 * drops it (store_close does too). Reads on a deferred connection (for
 * example store_an2_scan) still read the store. */
typedef struct dbatch dbatch;

void store_derived_defer(store *s, int on);
/* The batch completed by the last store_derived_commit on s (caller frees
 * it with store_dbatch_free), or NULL when none was committed. */
dbatch *store_derived_take(store *s);
/* Drop a batch in progress or not yet taken. */
void store_derived_discard(store *s);
/* Write batch b (NULL: no rows) on s in one transaction: first empty every
 * table of `tables` (space-separated: the analysis's derived tables, so
 * the latest-only policy holds even for a table its run function forgot to
 * clear), then the batch, then the analysis_step row of `analysis` (seconds =
 * compute `seconds` plus the time of this write). Into the run's stage when
 * one is open on s (a deferred transaction that locks the stage alone),
 * else into the store, where tables receiving many rows have their
 * secondary indexes dropped and rebuilt within the transaction.
 * Foreign-key checks are off for it (the rows reference run_id, which
 * exists). On failure everything is rolled back: the analysis is written
 * whole or not at all. *write_seconds (may be NULL) gets the time spent
 * here. */
int store_derived_apply(store *s, const dbatch *b, const char *tables,
                        int64_t run_id, const char *analysis, double seconds,
                        int64_t rows, double *write_seconds, att_err *e);
void store_dbatch_free(dbatch *b);
/* Buffered bytes and rows of a batch. */
size_t store_dbatch_bytes(const dbatch *b);
int64_t store_dbatch_rows(const dbatch *b);

/* WAL checkpoints of a long run of writes: the runner turns the writer's
 * automatic checkpoint off (pages 0; SQLite's default is 1000) while it
 * writes the stage, whose log is never worth copying (the stage is
 * removed), and checkpoints the store once after the publish.
 * store_wal_checkpoint copies what it can without waiting (passive), or
 * with truncate also waits for readers and empties the log file; busy is
 * not an error. */
int store_wal_autocheckpoint(store *s, int pages);
int store_wal_checkpoint(store *s, int truncate, att_err *e);

/* ---- exports ---- */

/* Exported values are store_values (store.h); the older names: */
typedef stv_type sv_type;
#define SV_NULL STV_NULL
#define SV_INT STV_INT
#define SV_REAL STV_REAL
#define SV_TEXT STV_TEXT
#define SV_BLOB STV_BLOB

typedef int (*store_export_fn)(void *ctx, int ncol, const char *const *names,
                               const store_value *vals);

/* 1 if `table` names an existing table or view of the store. */
int store_table_exists(store *s, const char *table);
/* 1 if the rows of an existing table name people: the student, staff and
 * guardian tables themselves, and every table with a column that points
 * at one (student_id, staff_id, guardian_id, observer_id); 0 otherwise.
 * Exports of such tables are audited. */
int store_table_names_people(store *s, const char *table);

/* Stream every row of a table (derived or raw) in rowid order. Raw tables
 * whose rows name other entities by id are exported with their codes
 * instead (see store_derived.c: export_views). Returns ATT_OK, ATT_ENOTFOUND
 * for an unknown table, ATT_EIO. */
int store_export(store *s, const char *table, store_export_fn fn, void *ctx,
                 att_err *e);

#endif
