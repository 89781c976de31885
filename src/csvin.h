/*
 * csvin.h - the streaming CSV reader every importer uses, built on libcsv.
 * It reads a file (or a memory block) in large chunks, strips a UTF-8 byte
 * order mark, accepts LF and CRLF line ends, and hands each record to a
 * callback with its fields NUL-terminated and the physical line number on
 * which the record starts. Field storage is reused from record to record:
 * no allocation per row once the buffers have grown. Files of 8 MiB and
 * more are read and parsed by a second thread while the callback runs in
 * the caller's thread (records still arrive in order, one at a time;
 * $ATTAIN_CSVIN_THREAD_MIN lowers the threshold for tests).
 *
 * A NUL byte inside a field is kept (the field's length counts it), so a
 * reader can tell such a field from a shorter one (csvin_row_nul).
 *
 * Blank lines are skipped. Quoting follows RFC 4180 strictly (libcsv's
 * strict mode): a stray quote inside an unquoted field or an unterminated
 * quoted field is an error reported as FILE:LINE:COLUMN. Unquoted fields
 * have surrounding spaces and tabs trimmed (libcsv's default).
 */
#ifndef ATTAIN_CSVIN_H
#define ATTAIN_CSVIN_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

typedef struct csvin_row {
	int nf;            /* number of fields */
	char **f;          /* fields, NUL-terminated (borrowed) */
	const size_t *len; /* byte length of each field */
	long line;         /* physical line where the record starts (1-based) */
	uint64_t offset;   /* bytes consumed so far (for progress) */
} csvin_row;

/* The 1-based column of the first field of r holding a NUL byte (its
 * NUL-terminated text would be cut short there), or 0 when none does.
 * Every reader refuses such a row: a NUL is never data. */
int csvin_row_nul(const csvin_row *r);
/* ATT_EINPUT with e filled as LABEL:LINE:COLUMN "NUL byte at byte N of
 * the field" when a field of r holds a NUL byte, else ATT_OK: for files
 * read whole before an import (map files, actors maps, manifests). */
int csvin_check_nul(const csvin_row *r, const char *label, att_err *e);

/* Called once per record; return 0 to go on, non-zero to stop reading
 * (csvin_run then returns that value). */
typedef int (*csvin_row_fn)(void *ctx, const csvin_row *r);

typedef struct csvin csvin;

/* Open a file for reading. `label` names it in messages (NULL: path). */
int csvin_open(const char *path, csvin **out, att_err *e);
/* Read from memory (borrowed, must outlive the reader). */
csvin *csvin_mem_alloc(const void *data, size_t len, const char *label);
void csvin_free(csvin *c);

/* Read every record, calling fn for each. Returns ATT_OK, the callback's
 * non-zero value, or ATT_EINPUT/ATT_EIO with e filled (malformed quoting,
 * read failure). */
int csvin_run(csvin *c, csvin_row_fn fn, void *ctx, att_err *e);

/* File size in bytes (0 for unknown), and the content hash (64-bit
 * multiply-xorshift over 8-byte words) of every byte read (valid after
 * csvin_run). */
uint64_t csvin_size(const csvin *c);
uint64_t csvin_hash(const csvin *c);
/* 1 if the input began with a UTF-8 byte order mark. */
int csvin_had_bom(const csvin *c);

#endif
