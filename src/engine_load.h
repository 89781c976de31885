/*
 * engine_load.h - loading the engine (engine.h) from the store: every
 * table streamed once through store_engine.h into the engine's builders.
 */
#ifndef ATTAIN_ENGINE_LOAD_H
#define ATTAIN_ENGINE_LOAD_H

#include "engine.h"
#include "store.h"

/*
 * Load the store into a new engine. `parts` (ENG_LOAD_*) selects the large
 * tables; dictionaries, the org tree, students, placements, classes and
 * assessments are always loaded. Item responses and attendance are read
 * on a second connection in a second thread while the first reads results
 * and the rest. Returns ATT_OK and sets *out, or fills e and returns
 * ATT_EIO/ATT_EINPUT (the store references something that is not there)
 * or ATT_EUSAGE (a table grew while it was read). The caller frees *out
 * with engine_free.
 */
int engine_load_alloc(store *s, unsigned parts, engine **out, att_err *e);

#endif
