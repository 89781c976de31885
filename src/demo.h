/*
 * demo.h - the demo district generator behind `attain demo`.
 *
 * demo_generate() builds a whole school system (one state down to schools
 * of 50-600 students, three years of grades 3-10 with assessments down to
 * the item, attendance, behaviour, attitude, surveys, observations,
 * interventions, goals, calendar and accounts) into a freshly created
 * database and describes the truths it planted (school effects, a subgroup
 * gap, weak learning outcomes, slowing progress, chronic absence, two
 * interventions) as JSON. docs/DEMO.md documents the model and the JSON.
 *
 * Determinism: every random draw comes from a counter-based generator
 * keyed by (seed, purpose, entity), never from the clock, rand() or
 * addresses, so the same parameters give the same rows.
 */
#ifndef ATTAIN_DEMO_H
#define ATTAIN_DEMO_H

#include <stdint.h>

#include "store.h"
#include "util.h"

#define DEMO_MIN_STUDENTS 200
#define DEMO_MAX_STUDENTS 5000000
#define DEMO_MAX_YEARS 6

typedef struct demo_params {
	int64_t students; /* distinct students over all years */
	uint64_t seed;    /* same seed, same data */
	int years;        /* academic years, the last one last_year */
	int last_year;    /* the first calendar year of the latest academic year
	                     (April to March): 2025 for 2025-26; 0 means 2025 */
	const char *password; /* demo accounts' password; NULL: random */
	const char *db_name;  /* database file name recorded in the manifest */
	int64_t now; /* the command's clock (seconds since 1970, UTC): the
	                demo's import batch time */
} demo_params;

/* The first calendar year of the academic year (1 April to 31 March)
 * holding the day `days` (days since 1970): the demo's latest year on that
 * day. -1 when days is negative. */
int demo_year_of(long days);

typedef struct demo_summary {
	int64_t rows; /* rows written, all tables */
	int schools;
	int64_t students;
	char password[64];   /* the password the demo accounts were given */
	char usernames[256]; /* "admin state district ..." */
} demo_summary;

/*
 * Generate the demo into s, a freshly created, empty database no other
 * connection uses (the caller discards the file on failure: the bulk load
 * cannot roll back). The data version becomes base_version + 1. The truth
 * manifest's JSON text is appended to *truth. Returns ATT_OK, ATT_EUSAGE
 * for parameters out of range, or ATT_EIO; fills e.
 */
int demo_generate(store *s, const demo_params *p, int64_t base_version,
                  buf *truth, demo_summary *out, att_err *e);

#endif
