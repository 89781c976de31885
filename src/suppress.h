/*
 * suppress.h - small-cell suppression: what may be shown of an aggregate to
 * people who may not see the individuals behind it.
 *
 * One rule for the whole program: every aggregate shown outside the people
 * who may see the individuals (a principal's school to an officer, a
 * district to the public, a report leaving a school) passes through this
 * module. Callers give the COUNT of people behind each cell (not the mean or
 * share shown in it); the returned mask says which cells to blank. A
 * suppressed cell blanks every figure of that cell (n, mean, share, ...).
 *
 * Rules (the configured minimum m, default 10 = SUPPRESS_MIN_DEFAULT):
 *   1. Primary suppression: a cell with 0 < n < m is suppressed. A cell of
 *      exactly m is shown. A zero cell names nobody and is shown as 0
 *      unless SUPPRESS_ZEROS is given, when it counts as small too.
 *   2. Complementary (secondary) suppression: a suppressed cell must not be
 *      recoverable from the cells and totals still shown, by subtraction or
 *      any linear combination of row, column and grand totals.
 *
 * Method for rule 2 (tables with margins). Put the interior R x C counts
 * with their row totals (column C), column totals (row R) and grand total
 * (R, C) into an (R+1) x (C+1) table. Every row and column of it is one
 * linear equation "cells sum to the total". Read the table as a bipartite
 * graph whose nodes are its R+1 rows and C+1 columns and whose edges are
 * the suppressed cells. After moving the shown cells to the right-hand
 * side, each equation involves only the edges at one node, all with
 * coefficient +1 once the margins are negated. A suppressed cell's value is
 * then determined by the equations exactly when its edge is a bridge of
 * that graph (it lies on no cycle): a bridge's value is the sum of the
 * known right-hand sides on one side of it, while an edge on a cycle can be
 * moved by +d, -d, +d, ... around the cycle without changing any total.
 * So the method is: while some suppressed edge is a bridge (found with
 * Tarjan's bridge algorithm), add the cheapest set of shown cells that
 * closes a cycle through it: a shortest path between the bridge's two ends
 * avoiding the bridge, where already-suppressed cells cost 0 and a shown
 * cell costs its count (then one unit per cell, so among equal totals
 * fewer cells win; ties go to the lower row, then column). In the common
 * case of one small cell in a row this suppresses the smallest remaining
 * cell of the row and of the column and the cell where they cross, the
 * textbook "smallest remaining cell" rule. Zero cells are never used as
 * complements (an empty group is often known). This is the hypercube /
 * network-flow family of heuristics (Cox 1980, "Suppression methodology
 * and statistical disclosure control", JASA 75:377-385; Hundepool et al.
 * 2012, "Statistical Disclosure Control", Wiley, ch. 4); it guarantees no
 * exact recovery, not a minimum width of the interval an intruder can
 * derive from non-negativity.
 *
 * Pure functions over caller arrays; no globals, no I/O.
 */
#ifndef ATTAIN_SUPPRESS_H
#define ATTAIN_SUPPRESS_H

#include <stddef.h>

#define SUPPRESS_MIN_DEFAULT 10

/* Mask values. */
enum {
	SUPPRESS_SHOWN = 0,
	SUPPRESS_PRIMARY = 1,       /* fewer than the minimum */
	SUPPRESS_COMPLEMENTARY = 2, /* blanked so a primary cannot be derived */
};

/* Flags. */
enum {
	SUPPRESS_ZEROS = 1, /* treat zero cells as small (suppress them) */
};

/*
 * Is a single aggregate of n people too small to show? Returns 1 when
 * 0 < n < min (or n == 0 with SUPPRESS_ZEROS), else 0. For a lone figure
 * with no total beside it (a school's mean on its own page).
 */
int suppress_is_small(long n, int min, int flags);

/*
 * Suppress a list of cells with its total (a one-way table: schools of a
 * block and the block total). counts: n cells; mask: n + 1 entries filled,
 * mask[n] for the total. The total is primary when 0 < total < min. When
 * exactly one entry of the line is suppressed, the smallest remaining
 * non-zero entry is suppressed too (lowest index on ties; the total only if
 * no cell is left). Returns 0, or -1 (mask untouched) when n < 0, min < 1 or
 * a count is negative.
 */
int suppress_list(const long *counts, int n, int min, int flags,
                  unsigned char *mask);

/*
 * Suppress a two-way table with all its margins (see the method above).
 * counts: the interior, nrows * ncols, row-major. mask: (nrows + 1) *
 * (ncols + 1) entries, row-major, filled for the interior, the row totals
 * (last column), the column totals (last row) and the grand total (last
 * entry). Margins are computed from counts. Returns the number of cells
 * suppressed (primary + complementary, margins included), or -1 (mask
 * untouched) when a dimension is < 1, min < 1 or a count is negative.
 * Allocates only scratch it frees. Cost: a bridge search and a shortest
 * path per added cycle, O(k (R+1)(C+1)) for k suppressed cells.
 */
int suppress_table(const long *counts, int nrows, int ncols, int min, int flags,
                   unsigned char *mask);

#endif
