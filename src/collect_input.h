/*
 * collect_input.h - the pure logic of data entry: parsing a typed score and
 * a pasted spreadsheet column, the default observation rubric, the
 * collection-status rule, weekday counting and the entry clock. No SQL, no
 * I/O beyond reading $ATTAIN_TODAY; no allocation except into a caller's
 * arena.
 */
#ifndef ATTAIN_COLLECT_INPUT_H
#define ATTAIN_COLLECT_INPUT_H

#include "util.h"

/*
 * Parse one typed score. Leading/trailing blanks are ignored; "", "-" and
 * "abs" (any case) mean no score (*has = 0). Otherwise a plain decimal
 * number with '.' or ',' as the decimal mark ("7", "7.5", "7,5"), no sign,
 * exponent, hex, inf or nan. Returns ATT_OK, or ATT_EINPUT with e naming
 * the text. Range is checked by the caller (it knows the maximum).
 */
int collect_parse_score(const char *s, int *has, double *v, att_err *e);

/* One value of a pasted column. */
typedef struct collect_cell {
	int has;
	double v;
	int bad; /* 1 when the line did not parse */
} collect_cell;

/*
 * Parse a column pasted from a spreadsheet: one value per line (LF or
 * CRLF); when a line holds several fields separated by tabs or commas
 * (several columns copied), the first field is the value. Blank lines keep
 * their place as "no score"; blank lines at the end are dropped. At most
 * max_lines lines (more is ATT_EINPUT). A line that does not parse is kept
 * with bad = 1 and counted in *nbad; e names the first such line
 * ("line 3: ..."). Cells are allocated in a; returns ATT_OK when every line
 * parsed, ATT_EINPUT otherwise (cells still filled).
 */
int collect_parse_column(const char *text, int max_lines, arena *a,
                         collect_cell **cells, int *n, int *nbad, att_err *e);

/* One row of a pasted table. */
typedef struct collect_row {
	int line;       /* its line in the text, from 1 */
	int n;          /* fields */
	const char **f; /* trimmed fields */
} collect_row;

/*
 * Parse a table pasted from a spreadsheet (a student code and its marks
 * per line): one row per non-blank line (LF or CRLF); fields separated by
 * tabs, or on a line without a tab by commas or semicolons (so a decimal
 * comma needs tab-separated cells). Fields are trimmed; an empty field
 * keeps its place. At most max_rows rows and max_fields fields in a row:
 * more is ATT_EINPUT naming the line. Rows and fields are allocated in a.
 */
int collect_parse_table(const char *text, int max_rows, int max_fields,
                        arena *a, collect_row **rows, int *n, att_err *e);

/* One line of an item list typed into the "new assessment" form. */
typedef struct collect_item_line {
	const char *code;
	double max_points;
	const char *outcome; /* "" when none */
} collect_item_line;

/*
 * Parse an item list: one item per line, "CODE MAX [OUTCOME]", fields
 * separated by blanks, tabs or commas; blank lines are skipped. CODE and
 * OUTCOME are at most 60 bytes of printable text; MAX a score above 0
 * (collect_parse_score rules). At most max_items items. Returns ATT_OK, or
 * ATT_EINPUT with e naming the first bad line ("line 2: ..."). Strings and
 * the array are allocated in a.
 */
int collect_parse_items(const char *text, int max_items, arena *a,
                        collect_item_line **out, int *n, att_err *e);

/*
 * How an assessment's total relates to its item marks (docs/COLLECTION.md
 * "Totals and items"):
 *   TYPED   no items: the total is what is entered.
 *   SUM     items, scale 'raw' and max_score equal to the sum of the
 *           items' max_points: the total is the sum of the student's item
 *           points, recomputed whenever an item mark is saved (removed
 *           when the student has none); a total cannot be entered.
 *   SCALED  items and a scale (any other scale name, or a max_score that
 *           is not the sum of the item maxima): the total is entered (or
 *           imported) and is never replaced by a sum. Saving a student's
 *           item marks without their total keeps the total and flags it
 *           for review (result_review, migration 013); saving the total
 *           (changed, or the same value to confirm it) clears the flag.
 */
typedef enum {
	COLLECT_TOTAL_TYPED = 0,
	COLLECT_TOTAL_SUM,
	COLLECT_TOTAL_SCALED
} collect_total;

/* The rule of an assessment: TYPED when nitems is 0; SUM when scale is
 * "raw" (or NULL or "") and max_score equals sum_max, the sum of its items'
 * max_points (to a millionth of a point); SCALED otherwise. */
collect_total collect_total_rule(const char *scale, double max_score,
                                 int nitems, double sum_max);

/* The default lesson-observation rubric: criterion keys, in order. */
extern const char *const collect_rubric_default[];
extern const int collect_rubric_default_n;
/* Display label (untranslated; pass through _()) of a criterion key, or the
 * key itself when unknown. */
const char *collect_rubric_label(const char *key);

/* Weekdays (Monday..Friday) from first to last inclusive; 0 when
 * last < first or either date is invalid. */
long collect_weekdays(const char *first, const char *last);

/*
 * The completeness of a data-collection window, decided once (the org
 * page, the collection page, the plan, the school report, the calendar,
 * `attain check` and the reminders all read it through
 * store_collect_status). A line is one class, or one school where a
 * window is counted per school (docs/COLLECTION.md):
 *
 *   COLLECT_COMPLETE  everything expected is in (done >= expected > 0)
 *                     and it was in by the due date
 *   COLLECT_LATE      everything is in, but it came after the due date
 *   COLLECT_PARTIAL   the due date has passed with some but not all in
 *   COLLECT_MISSING   the due date has passed with nothing in (or nothing
 *                     was expected: no class, no audience)
 *   COLLECT_PENDING   not yet due (today <= due) and not complete
 *
 * So before the due date a line is complete or pending; after it,
 * complete, late, partial or missing. Partial and missing are overdue.
 */
typedef enum {
	COLLECT_COMPLETE,
	COLLECT_LATE,
	COLLECT_PARTIAL,
	COLLECT_MISSING,
	COLLECT_PENDING,
	COLLECT_NSTATES
} collect_state;

/* The state of a line with done of expected in, given whether the data
 * came after the due date (late) and whether today is past it. */
collect_state collect_state_of(long done, long expected, int late,
                               int due_passed);
/* The state of a school from the states of its class lines (n[state]
 * lines in each): complete when every class is complete, late when every
 * class is in and one came late, pending before the due date, partial
 * when something is in, missing when nothing is or there is no class. */
collect_state collect_state_merge(const long n[COLLECT_NSTATES],
                                  int due_passed);
/* The state's code: "complete", "late", "partial", "missing",
 * "pending" (JSON, CSV and the words of report_words.h). */
const char *collect_state_code(collect_state s);
/* 1 for a state past its due date without everything in (partial,
 * missing): an overdue collection. */
int collect_state_overdue(collect_state s);

#endif
