/*
 * ingest_oneroster.h - `attain import --oneroster DIR`: a OneRoster 1.1 or
 * 1.2 CSV bundle (manifest.csv and the files it lists as bulk or delta)
 * mapped onto attain's kinds and imported as one batch. The mapping table
 * is in docs/IMPORT.md; whatever the bundle holds that attain has no place
 * for is reported once as skipped.
 */
#ifndef ATTAIN_INGEST_ONEROSTER_H
#define ATTAIN_INGEST_ONEROSTER_H

#include "ingest.h"

/* Import the bundle in dir as one batch of g. Returns ATT_OK, ATT_EINPUT
 * (problems found, or not a bundle: e filled), ATT_EIO. */
int ingest_oneroster_run(ingest *g, const char *dir, att_err *e);
/* The same without ingest_finish: the batch stays open (for the fuzzer,
 * which rolls it back). */
int ingest_oneroster_run_open(ingest *g, const char *dir, att_err *e);

#endif
