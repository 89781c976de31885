/*
 * ingest.h - the import core every source goes through: the catalogue of
 * importable kinds (ingest_kinds.c), and a batch that validates rows,
 * resolves external codes to ids through in-memory maps, upserts them in
 * one transaction, collects problems as FILE:LINE:COLUMN messages, writes
 * rejected rows (--skip-bad) and records the batch in import_batch.
 *
 * A batch's life: ingest_alloc -> ingest_begin -> for each source file
 * ingest_file_begin, ingest_row (or ingest_delete) per row,
 * ingest_file_end -> ingest_finish -> ingest_free. The CSV, OneRoster and
 * xAPI readers (ingest_csv.c, ingest_oneroster.c, ingest_xapi.c) translate
 * their input into rows of kinds and call ingest_row.
 */
#ifndef ATTAIN_INGEST_H
#define ATTAIN_INGEST_H

#include <stdint.h>
#include <stdio.h>

#include "store.h"

/* Column value types. */
enum {
	IT_TEXT,   /* any UTF-8 text */
	IT_INT,    /* integer, range [min, max] when min < max */
	IT_REAL,   /* number, range [min, max] when min < max */
	IT_DATE,   /* YYYY-MM-DD */
	IT_BOOL,   /* 1/0, true/false, yes/no, y/n */
	IT_ENUM,   /* one of arg's "a|b|c" */
	IT_REF,    /* external code of entity ref (STE_*) */
	IT_STATUS, /* attendance status word or letter */
	IT_CONST,  /* not in the file: the constant arg */
};

/* Column flags. */
#define IF_REQ 1     /* value required */
#define IF_KEY 2     /* part of the row's key (upsert, duplicates) */
#define IF_NOSTORE 4 /* read and checked but not a column of the table */
#define IF_EMPTY 8   /* empty text is stored as '' rather than NULL */
#define IF_FREE                                                                \
	16 /* free text (notes, answers, descriptions): checked                \
	      with escape.h's TEXT_FREE rule, not as a name */

typedef struct ing_col {
	const char *name; /* header name in the file */
	const char *db;   /* table column (NULL: not stored) */
	int type;
	int flags;
	int ref;            /* IT_REF: STE_* entity */
	const char *arg;    /* IT_ENUM values "a|b"; IT_CONST value */
	double min, max;    /* numeric range when min < max */
	const char *def;    /* value used when the field is empty */
	const char *scope;  /* IT_REF to a scoped entity: column of its scope */
	const char *maxof;  /* numeric: 0..max of this referenced column */
	const char *yearof; /* date: within the year of this column */
	const char *desc;
} ing_col;

/* Special handling a kind may need beyond the generic upsert. */
enum {
	IK_PLAIN = 0,
	IK_SCORES,     /* results / item responses: bulk sorted load */
	IK_ATTENDANCE, /* one row per student-date, stored as blobs */
	IK_ORG,        /* ensures the org level exists */
	IK_YEAR,       /* start < end */
	IK_GOAL,       /* exactly one of student, class, org */
};

typedef struct ing_kind {
	const char *name; /* as given to --csv and template */
	const char *table;
	int special;
	int defines;         /* STE_* entity the kind's rows define, or -1 */
	const char *numcol;  /* column giving the entity's number (max) */
	const char *yearcol; /* column giving the entity's year */
	const char *desc;
	const ing_col *cols;
	int ncols;
} ing_kind;

const ing_kind *ingest_kind_find(const char *name);
/* The catalogue: all kinds in import order (dependencies first). */
const ing_kind *ingest_kinds(int *n);
/* Index of column name in k, or -1. */
int ingest_col_find(const ing_kind *k, const char *name);

/* Batch options. */
typedef struct ingest_opts {
	int skip_bad;      /* commit good rows, write rejects */
	int max_messages;  /* problems printed in full (default 50) */
	FILE *msg;         /* where problems go (default stderr) */
	int quiet;         /* no summary line */
	int64_t now;       /* the batch's start (seconds since 1970, UTC; the
	                      command's clock): import_batch.started_at, and
	                      finished_at is it plus the batch's duration */
	const char *actor; /* who imports (the audit entry of each row a
	                      deletion removes); NULL: "import" */
} ingest_opts;

typedef struct ingest ingest;

ingest *ingest_alloc(store *s, const ingest_opts *o);
void ingest_free(ingest *g);

/* Start the batch's transaction. source and kind are recorded in
 * import_batch. */
int ingest_begin(ingest *g, const char *kind, const char *source, att_err *e);

/* A source file within the batch: its name for messages, its header (for
 * the rejects file, NULL if none is wanted) and the kind of its rows.
 * Rejected rows go to PATH.rejects.csv when skip_bad. */
int ingest_file_begin(ingest *g, const char *path, const ing_kind *k,
                      char *const *header, int nheader, att_err *e);

/* One row of the current file's kind: vals[i] is the text of kind column
 * i (NULL when the file has no such column), cols[i] its 1-based column
 * number in the file for messages; raw/nraw the original fields for the
 * rejects file. Returns 0 when the row was taken, 1 when rejected (the
 * problem is recorded), or ATT_EIO on a database failure (e filled). */
int ingest_row(ingest *g, const char *const *vals, const int *cols, long line,
               char *const *raw, int nraw, att_err *e);

/* Byte offset in the file of the next row's (last) line, for reading a
 * rejected row back; -1 when the source is not a CSV file. */
void ingest_set_offset(ingest *g, int64_t off);

/* Size in bytes of the current file, to size the bulk arrays once. */
void ingest_set_size_hint(ingest *g, uint64_t bytes);

/* Delete the row whose key columns are in vals (OneRoster delta). */
int ingest_delete(ingest *g, const char *const *vals, const int *cols,
                  long line, att_err *e);

/* Record a problem at FILE:LINE:COL: "what (found 'value')"; value may be
 * NULL to omit the found part (then `what` should carry it). */
void ingest_problem(ingest *g, const char *file, long line, long col,
                    const char *what, const char *found);
/* A note printed once (skipped parts of a source). */
void ingest_note(ingest *g, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Reject a raw row of the current file with the problem just recorded
 * (written to the rejects file under skip_bad). */
void ingest_reject_raw(ingest *g, long line, char *const *raw, int nraw);
/* Refuse a row of FILE whose field col (1-based) holds a NUL byte (a
 * reader found it, csvin_row_nul): counted read and rejected, the problem
 * "NUL byte at byte N of the field" recorded at FILE:LINE:COL, and under
 * skip_bad the row written to FILE.rejects.csv (header: FILE's header
 * row). FILE need not be the current file: OneRoster refuses rows while
 * it reads its files whole, before any pass over them. */
void ingest_reject_nul(ingest *g, const char *file, char *const *header,
                       int nheader, long line, int col, char *const *raw,
                       int nraw);
/* The batch cannot be committed at all (unreadable source). */
void ingest_fatal(ingest *g);

/* Count a read row of the current file that is not passed to ingest_row
 * (skipped by design). */
void ingest_count_read(ingest *g, int64_t n);

/* Report progress in bytes of the current file. */
void ingest_progress(ingest *g, uint64_t done, uint64_t total);

int ingest_file_end(ingest *g, att_err *e);

/* Commit (or roll back when any row was rejected and skip_bad is off),
 * record the batch, print the summary line. content_hash names the
 * source's content. Returns ATT_OK, or ATT_EINPUT when problems were found
 * (the batch is then rolled back unless skip_bad), ATT_EIO on failure. */
int ingest_finish(ingest *g, const char *content_hash, att_err *e);

/* Ensure an org level name exists, at depth if that is free. */
int ingest_level_ensure(ingest *g, const char *name, int depth, att_err *e);

/* Counters of the batch so far. */
typedef struct ingest_counts {
	int64_t read, inserted, updated, unchanged, rejected, deleted;
	int64_t problems;
} ingest_counts;
void ingest_get_counts(const ingest *g, ingest_counts *c);

/* Resolve an entity code to its id through the batch's maps (store and
 * batch so far); -1 if unknown. */
int64_t ingest_lookup(ingest *g, int entity, const char *code);

#endif
