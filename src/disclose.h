/*
 * disclose.h - suppression over a whole release: which counts of a set of
 * linked tables to blank so that no blanked count follows from the rest.
 *
 * suppress.h protects one table with its margins. What a reader is given
 * is never one table: an officer sees a block, its clusters and its
 * schools, each broken down by grade, by subject and by group of students,
 * on pages, JSON, CSV downloads, reports and the plan, and combines them.
 * This module takes the whole release as one linear system:
 *
 *   - cells: the counts released (or implied), each a number of people;
 *   - relations: "the total equals the sum of the parts" (a unit's
 *     students are the sum over its grades; a cluster's girls are the sum
 *     of its schools' girls; results in every subject are the sum over
 *     the subjects).
 *
 * A reader who knows every shown cell and every relation can solve for a
 * blanked cell exactly when its unit vector lies in the row space of the
 * relations restricted to the blanked cells (the "published linear
 * relations" of statistical disclosure control: Hundepool et al. 2012,
 * "Statistical Disclosure Control", Wiley, sec. 4.2-4.3; Cox 1980, JASA
 * 75:377-385). disclose_determined computes that for every unknown cell;
 * disclose_protect blanks every cell of fewer than `min` people (primary)
 * and then adds complementary cells until no blanked cell is determined.
 *
 * Implied cells. A relation whose parts do not add up to its total (some
 * students have no recorded gender) has an unreleased remainder: it is an
 * implied cell, never shown but derivable. It is protected like any cell
 * when it is small (0 < n < min), and it is an unknown of the system.
 *
 * Exactness. Determinacy is decided by Gauss-Jordan elimination over the
 * integers modulo the prime 2^61 - 1: a cell determined over the rationals
 * is determined modulo p unless p divides a minor of the 0/1 relation
 * matrix, which for these sizes has probability below 1e-15; the tests
 * check the results against exact rational arithmetic. What this does not
 * protect against is said in docs/PRIVACY.md (bounds from non-negativity,
 * differences between two releases, attribute disclosure at 0% or 100%).
 *
 * Pure functions over caller arrays; no globals, no I/O.
 */
#ifndef ATTAIN_DISCLOSE_H
#define ATTAIN_DISCLOSE_H

#include <stdint.h>

/* A linked release: ncell counts, cell flags, and nrel relations. The
 * cells of relation r are rel_cell[rel_off[r] .. rel_off[r + 1]): the
 * first is the total, the rest are its parts (a cell may be the total of
 * one relation and a part of others). */
typedef struct dc_release {
	int ncell;
	const int64_t *n;           /* the count of each cell, >= 0 */
	const unsigned char *flags; /* DC_* per cell, or NULL */
	int nrel;
	const int *rel_off; /* nrel + 1 offsets */
	const int *rel_cell;
} dc_release;

enum {
	DC_IMPLIED = 1, /* never shown: an unknown of the system */
};

/* Mask values (the same as suppress.h). */
enum {
	DC_SHOWN = 0,
	DC_PRIMARY = 1,       /* fewer than the minimum people */
	DC_COMPLEMENTARY = 2, /* blanked so that no blanked cell follows */
};

/*
 * Which unknown cells the relations determine. unknown[c] != 0 marks the
 * cells the reader does not see (blanked or implied); det[c] is set to 1
 * for an unknown cell whose value follows from the shown cells and the
 * relations, else 0. Returns 0, or -1 on bad input or no memory.
 */
int disclose_determined(const dc_release *r, const unsigned char *unknown,
                        unsigned char *det);

/*
 * Blank the cells of r: primary cells (0 < n < min, shown or implied),
 * then complementary cells until no primary cell is determined; last, a
 * complement the relations determine anyway is shown again (it tells the
 * reader nothing new), so that no blanked cell is determined. A complement is
 * the smallest shown non-zero cell of a relation that holds the determined cell
 * (lowest index on ties); when no relation of that cell has one, a relation of
 * another unknown it is linked to. mask[c] gets DC_SHOWN, DC_PRIMARY or
 * DC_COMPLEMENTARY (an implied cell is DC_PRIMARY when small, else DC_SHOWN: it
 * is never released anyway). Returns the number of cells that could not be
 * protected (0 in every release with a shown total), or -1 on bad input
 * or no memory.
 */
int disclose_protect(const dc_release *r, int min, unsigned char *mask);

#endif
