/*
 * store_release.h - the families of counts an aggregate view releases,
 * as the release analysis (run_release.c) and the figures reader
 * (store_figures.c) name them in release_cell.family.
 *
 * A cell of the release is one count of people: (family, org, year,
 * subject, grade, subgroup). Every figure shown of a cell (its count,
 * mean, share, attendance, value-added, growth) is blanked with it.
 */
#ifndef ATTAIN_STORE_RELEASE_H
#define ATTAIN_STORE_RELEASE_H

typedef enum release_family {
	RL_STUDENTS = 1, /* unit_stat.students: per grade, and every grade */
	RL_RESULTS = 2,  /* unit_result.n: per subject x (grade | group) */
	RL_FLAGGED = 3,  /* ews_summary: early warning or at risk */
	RL_RISK = 4,     /* ews_summary: at risk */
	RL_CHRONIC = 5,  /* ews_summary: chronically absent */
	RL_SLOWING = 6,  /* ews_summary: progress slowing */
} release_family;

#endif
