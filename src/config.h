/*
 * config.h - the analysis options (thresholds, minimum sizes, model
 * choices) read from a JSON file with documented defaults.
 *
 * Every option has one row in the table in config.c: its dotted key
 * ("va.cap_sd"), type, default and a line of documentation (printed by
 * `attain analyze --config-help` and copied into docs/ANALYTICS.md). A file
 * may nest objects ({"va": {"cap_sd": 3}}) or use dotted keys; unknown keys
 * and values of the wrong type are errors, so a typo never silently falls
 * back to a default. Adding an option: add a row to the table.
 *
 * Ownership: config_load_alloc hands a config the caller frees with
 * config_free; strings returned by config_str are borrowed from it.
 */
#ifndef ATTAIN_CONFIG_H
#define ATTAIN_CONFIG_H

#include "util.h"

typedef struct config config;

typedef enum { CFG_NUM, CFG_BOOL, CFG_STR } cfg_type;

typedef struct config_option {
	const char *key;
	cfg_type type;
	double num;      /* default for CFG_NUM / CFG_BOOL (0 or 1) */
	const char *str; /* default for CFG_STR */
	const char *doc;
} config_option;

/* Read path (NULL: defaults only). Returns ATT_OK, or ATT_EINPUT with e
 * naming the file, line and the offending key. */
int config_load_alloc(const char *path, config **out, att_err *e);
void config_free(config *c);

/* Value of a key (the default when the file does not set it). Asking for a
 * key that is not in the table is a programming error: it aborts. */
double config_num(const config *c, const char *key);
int config_bool(const config *c, const char *key);
const char *config_str(const config *c, const char *key);

/* The effective options as one JSON object (for analysis_run.params);
 * caller frees. */
char *config_json_dup(const config *c);

/* The table of options, for documentation. */
const config_option *config_options(int *n);

#endif
