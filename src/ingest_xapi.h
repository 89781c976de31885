/*
 * ingest_xapi.h - `attain import --xapi FILE --actors MAPFILE`: scored xAPI
 * statements (result.score) recorded as results of the assessment, or
 * item responses of the item, named by the statement's object (or its
 * parent activities), for the student the actors map names. JSON is read
 * with jansson; the actors map is a CSV file read with csvin.
 */
#ifndef ATTAIN_INGEST_XAPI_H
#define ATTAIN_INGEST_XAPI_H

#include "ingest.h"

/* Import FILE (a JSON array of statements, one statement, or JSON lines)
 * as one batch. Returns ATT_OK, ATT_EINPUT (problems, or unreadable input
 * with e filled) or ATT_EIO. */
int ingest_xapi_run(ingest *g, const char *file, const char *actors,
                    att_err *e);

/* Parse a buffer of statements and emit its rows into an open batch
 * (used by ingest_xapi_run and the fuzzer). Returns ATT_OK or ATT_EIO;
 * problems are recorded in g. */
typedef struct xapi_actor_map xapi_actor_map;
int ingest_xapi_buffer(ingest *g, const char *label, const char *data,
                       size_t len, const xapi_actor_map *m, att_err *e);
int xapi_actor_map_load(const char *path, xapi_actor_map **out, att_err *e);
xapi_actor_map *xapi_actor_map_mem_alloc(const char *csv, size_t len);
void xapi_actor_map_free(xapi_actor_map *m);

#endif
