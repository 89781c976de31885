/*
 * store_demo.h - bulk loading for the demo generator and table checksums.
 *
 * The demo writes tens of millions of rows into a freshly created database.
 * store_demo_load_alloc() prepares one INSERT per table once, switches the
 * connection to bulk-load settings (no journal, no fsync, foreign-key
 * enforcement off, a large page cache), drops the secondary indexes and
 * opens one transaction; rows are then added in primary-key order with
 * store_demo_put(); store_demo_load_finish() rebuilds the indexes, bumps the
 * data version once, commits and restores the normal settings (WAL, foreign
 * keys on). Because the journal is off, a failed load cannot be rolled back:
 * the caller loads into a scratch file and discards it on failure (this is
 * what cmd_demo does), so a failure never leaves half a demo behind.
 *
 * store_checksum_tables() hashes every table's rows in primary-key order so
 * that two databases can be compared for identical contents (determinism
 * tests, `attain info --checksums`).
 */
#ifndef ATTAIN_STORE_DEMO_H
#define ATTAIN_STORE_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* The tables the demo fills, one prepared INSERT each (columns listed in
 * store_demo.c in the order store_demo_put expects them). */
typedef enum {
	SD_ORG_LEVEL,
	SD_ORG,
	SD_ACADEMIC_YEAR,
	SD_TERM,
	SD_SCHOOL_PROFILE,
	SD_STUDENT,
	SD_STUDENT_ATTR,
	SD_STAFF,
	SD_GUARDIAN,
	SD_GUARDIAN_LINK,
	SD_SUBJECT,
	SD_CLASS,
	SD_TEACHER_OF,
	SD_ENROLMENT,
	SD_PLACEMENT,
	SD_STANDARD,
	SD_ASSESSMENT,
	SD_CUT_SCORE,
	SD_ITEM,
	SD_RESULT,
	SD_ITEM_RESPONSE,
	SD_ATTENDANCE,
	SD_BEHAVIOUR_EVENT,
	SD_ATTITUDE_GRADE,
	SD_SURVEY,
	SD_SURVEY_QUESTION,
	SD_SURVEY_RESPONSE,
	SD_SURVEY_ANSWER,
	SD_SURVEY_TAKEN,
	SD_THEME,
	SD_OBSERVATION,
	SD_OBSERVATION_SCORE,
	SD_TEXT_THEME,
	SD_INTERVENTION,
	SD_PARTICIPANT,
	SD_GOAL,
	SD_CONSENT,
	SD_CALENDAR_EVENT,
	SD_COLLECTION_SUBMISSION,
	SD_IMPORT_BATCH,
	SD_LABEL,
	SD_NTABLES
} store_demo_table;

/* Name of the table behind t ("result", ...). */
const char *store_demo_table_name(store_demo_table t);

/* One bound value. Build them with the SV_* macros; text and blobs are
 * copied by SQLite before store_demo_put returns. */
typedef struct sval {
	char type; /* 'n' NULL, 'i' integer, 'd' real, 's' text, 'b' blob */
	int64_t i;
	double d;
	const char *s;
	const void *b;
	size_t n;
} sval;

#define SV_NULL ((sval){.type = 'n'})
#define SV_I(x) ((sval){.type = 'i', .i = (int64_t)(x)})
#define SV_D(x) ((sval){.type = 'd', .d = (double)(x)})
#define SV_S(x) sv_str(x)
#define SV_B(p, len) ((sval){.type = 'b', .b = (p), .n = (len)})
/* Integer or NULL when x < 0 (optional references). */
#define SV_REF(x) ((x) < 0 ? SV_NULL : SV_I(x))

static inline sval sv_str(const char *s)
{
	sval v = {.type = s ? 's' : 'n', .s = s};
	return v;
}

typedef struct store_demo_load store_demo_load;

/*
 * Start a bulk load on s, which must be a freshly created database that no
 * other connection uses. Returns NULL and fills e on failure (s is then
 * unusable for a load; close and delete it). The caller frees the result
 * with store_demo_load_finish or store_demo_load_abort.
 */
store_demo_load *store_demo_load_alloc(store *s, att_err *e);

/* Insert one row into t; v holds exactly the columns of t's INSERT (see
 * store_demo.c). Rows should come in primary-key order for speed. Returns
 * ATT_OK or ATT_EIO naming the table and SQLite's message. */
int store_demo_put(store_demo_load *l, store_demo_table t, const sval *v,
                   att_err *e);

/* Fast paths for the three largest tables (same effect as store_demo_put). */
int store_demo_put_result(store_demo_load *l, int64_t assessment_id,
                          int64_t student_id, double score, att_err *e);
int store_demo_put_item_response(store_demo_load *l, int64_t item_id,
                                 int64_t student_id, double points, att_err *e);
int store_demo_put_attitude(store_demo_load *l, int64_t student_id,
                            int64_t term_id, int64_t subject_id, int grade,
                            att_err *e);

/* Rows inserted so far into t. */
int64_t store_demo_rows(const store_demo_load *l, store_demo_table t);

/* The store under load (for store_account_add, store_meta_set, which run
 * inside the load's transaction). */
store *store_demo_store(store_demo_load *l);

/*
 * Finish: flush pending rows, rebuild the secondary indexes, bump the data
 * version to base_version + 1, commit, restore WAL and foreign keys, refresh
 * the planner statistics. Frees l whatever the outcome; on failure the
 * database must be discarded.
 */
int store_demo_load_finish(store_demo_load *l, int64_t base_version,
                           att_err *e);
/* Give up: free l; the database must be discarded. */
void store_demo_load_abort(store_demo_load *l);

/*
 * 1 in *empty when the database holds no user data: every table other than
 * meta, org_level and schema_migration is empty. Also returns the data
 * version in *version.
 */
int store_demo_is_empty(store *s, int *empty, int64_t *version, att_err *e);

/*
 * Checksum of every table (sqlite_* and schema_migration excepted): FNV-1a
 * over each row's column types and values, rows in primary-key order (rowid
 * order for rowid tables). Columns that hold wall-clock times or salted
 * password hashes (account.pw_hash, account.created_at, import_batch
 * started_at/finished_at, audit.at, analysis_run started_at/finished_at)
 * are skipped, so two demos with the same parameters hash alike. fn gets
 * each table's name, row count and hash, in name order.
 */
typedef void (*store_checksum_fn)(void *ctx, const char *table, int64_t rows,
                                  uint64_t hash);
int store_checksum_tables(store *s, store_checksum_fn fn, void *ctx,
                          att_err *e);

#endif
