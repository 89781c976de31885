/*
 * store_ingest.h - the SQL side of import: generic upserts keyed by a
 * table's external key, reference maps loaded once (code -> id), the bulk
 * path for results and item responses, attendance blobs, deletions and the
 * import_batch record. Only this file's implementation speaks SQL for
 * ingest; the ingest_* modules decide what to write.
 */
#ifndef ATTAIN_STORE_INGEST_H
#define ATTAIN_STORE_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* A value to bind: t is STI_NULL, STI_INT, STI_REAL or STI_TEXT. */
enum { STI_NULL = 0, STI_INT, STI_REAL, STI_TEXT };
typedef struct sti_val {
	int t;
	int64_t i;
	double d;
	const char *s;
} sti_val;

/* What sti_put did. */
enum { STI_UNCHANGED = 0, STI_INSERTED = 1, STI_UPDATED = 2 };

/*
 * A writer upserts rows of one table by a key: the first nkey of cols.
 * sti_put looks the key up; absent -> INSERT; present with any differing
 * column -> UPDATE of the given columns; present and equal -> nothing.
 * has_id: the table has an INTEGER PRIMARY KEY `id`, returned in *id.
 * Returns ATT_OK or ATT_EIO (e filled with SQLite's message, e.g. a CHECK
 * constraint); a failed statement changes nothing.
 */
typedef struct sti_writer sti_writer;
sti_writer *sti_writer_alloc(store *s, const char *table,
                             const char *const *cols, int ncols, int nkey,
                             int has_id, att_err *e);
int sti_put(sti_writer *w, const sti_val *v, int *outcome, int64_t *id,
            att_err *e);
/* Delete the row with the key in v[0..nkey-1]; *deleted is 1 if it was
 * there. */
int sti_delete(sti_writer *w, const sti_val *v, int *deleted, att_err *e);
void sti_writer_free(sti_writer *w);

/* Reference entities whose codes the importers resolve. */
enum {
	STE_ORG,
	STE_YEAR,
	STE_TERM,
	STE_STUDENT,
	STE_STAFF,
	STE_GUARDIAN,
	STE_SUBJECT,
	STE_CLASS,
	STE_STANDARD,
	STE_ASSESSMENT,
	STE_ITEM, /* key: assessment code, US (0x1f), item code */
	STE_SURVEY,
	STE_QUESTION, /* key: survey code, US, seq */
	STE_RESPONSE,
	STE_THEME,
	STE_OBSERVATION,
	STE_INTERVENTION,
	STE_EVENT,
	STE_LEVEL, /* org_level name -> depth */
	STE_COUNT
};

/* One loaded entity: code, id, a number (assessment max_score, item
 * max_points, level depth, survey anonymous), the year it belongs to
 * (terms, classes, assessments, interventions, events) and, for years,
 * the start and end dates. */
typedef void (*sti_entity_fn)(void *ctx, const char *code, int64_t id,
                              double num, int64_t year_id, const char *start,
                              const char *end);
int sti_load(store *s, int entity, sti_entity_fn fn, void *ctx, att_err *e);

/* Does the table's primary key start with column `col`? 1 yes, 0 no,
 * -1 on error. Score loaders keep their rows in the table's key order. */
int sti_key_leads_with(store *s, const char *table, const char *col,
                       att_err *e);

/* Rows of a table (for counting inserts in bulk paths); -1 on error. */
int64_t sti_count(store *s, const char *table);

/* Bulk scores: rows sorted by (a, b) without duplicates. table is
 * "result" (a = assessment_id, b = student_id, score) or "item_response"
 * (a = item_id, b = student_id, points). When the table was empty the rows
 * are plainly inserted, otherwise upserted (a changed value is updated).
 * Counts what happened. */
typedef struct sti_score {
	int64_t a, b;
	double v;
} sti_score;
int sti_scores_put(store *s, const char *table, const sti_score *rows, size_t n,
                   int64_t *inserted, int64_t *updated, int64_t *unchanged,
                   att_err *e);
/* The same in chunks: begin (prepares, counts the table), put sorted
 * chunks (the whole sequence sorted and without duplicates), end (counts
 * what happened and frees). sti_bulk_free abandons. */
typedef struct sti_bulk sti_bulk;
sti_bulk *sti_bulk_begin(store *s, const char *table, att_err *e);
int sti_bulk_put(sti_bulk *b, const sti_score *rows, size_t n, att_err *e);
int sti_bulk_end(sti_bulk *b, int64_t *inserted, int64_t *updated,
                 int64_t *unchanged, att_err *e);
void sti_bulk_free(sti_bulk *b);

/* Secondary indexes of a table are dropped before a large load and built
 * again after it (inside the same transaction). */
typedef struct sti_indexes sti_indexes;
sti_indexes *sti_indexes_drop_alloc(store *s, const char *table, att_err *e);
int sti_indexes_restore(store *s, sti_indexes *x, att_err *e);
void sti_indexes_free(sti_indexes *x);

/* Attendance blob of (student, year): copies up to cap bytes into out,
 * sets *len; returns 1 if found, 0 if not, -1 on error. */
int sti_att_get(store *s, int64_t student_id, int64_t year_id, uint8_t *out,
                size_t cap, size_t *len, att_err *e);
int sti_att_put(store *s, int64_t student_id, int64_t year_id,
                const uint8_t *marks, size_t len, att_err *e);

/* Ensure an org level name exists (depth: next free if depth < 0). */
int sti_level_ensure(store *s, const char *name, int depth, att_err *e);

/* The import_batch record. */
typedef struct sti_batch {
	const char *kind, *source, *hash, *started_at, *finished_at, *status;
	int64_t read, inserted, updated, unchanged, rejected;
} sti_batch;
int sti_batch_record(store *s, const sti_batch *b, att_err *e);

/* Configure the connection for a large write (cache size, threads). */
void sti_tune(store *s);
/* Foreign-key enforcement on or off (outside a transaction only). The
 * bulk score loader turns it off: its ids come from maps read inside the
 * batch's own transaction, so every reference is already known to exist. */
int sti_foreign_keys(store *s, int on, att_err *e);

#endif
