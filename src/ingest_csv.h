/*
 * ingest_csv.h - `attain import --csv KIND FILE`: a CSV file of one kind,
 * columns matched by header name in any order, optionally renamed and its
 * codes translated by a map file (docs/IMPORT.md). Reads with csvin
 * (libcsv) and hands rows to the ingest batch.
 */
#ifndef ATTAIN_INGEST_CSV_H
#define ATTAIN_INGEST_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "ingest.h"

/* A map file: rows "rename,,FROM,TO" (file header FROM is kind column TO)
 * and "value,COLUMN,FROM,TO" (code FROM in kind column COLUMN means TO). */
typedef struct ingest_map ingest_map;
int ingest_map_load(const char *path, ingest_map **out, att_err *e);
void ingest_map_free(ingest_map *m);
/* Header name after renaming (borrowed), or name itself. */
const char *ingest_map_column(const ingest_map *m, const char *name);
/* Translated value for a kind column, or value itself. */
const char *ingest_map_value(const ingest_map *m, const char *col,
                             const char *value);

/*
 * Import one CSV file of kind k into the batch g (which must have begun).
 * Problems are recorded in g; *hash receives the file's content hash.
 * Returns ATT_OK when the file was read (even with rejected rows),
 * ATT_EINPUT when it could not be read as CSV (e filled), ATT_EIO on a
 * database failure.
 */
int ingest_csv_file(ingest *g, const ing_kind *k, const char *path,
                    const ingest_map *m, uint64_t *hash, att_err *e);

/* The same for CSV text in memory (label names it in messages). */
int ingest_csv_mem(ingest *g, const ing_kind *k, const char *label,
                   const char *data, size_t len, const ingest_map *m,
                   att_err *e);

/* A whole `import --csv` batch: begin, the file, finish (commit or roll
 * back, record, summary). Returns ATT_OK, ATT_EINPUT when problems were
 * found, ATT_EIO on failure. */
int ingest_csv_run(ingest *g, const ing_kind *k, const char *path,
                   const ingest_map *m, att_err *e);
#endif
