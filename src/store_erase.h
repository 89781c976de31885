/*
 * store_erase.h - erasing a student: every row about them, in raw and
 * derived tables, their accounts and sessions, and every mention of them
 * the audit log and free text keep, in one transaction that leaves an
 * audit tombstone without personal data (docs/PRIVACY.md, "Erasure and
 * pseudonymisation"). `attain erase student` and the deletions of imports
 * (a OneRoster delta's tobedeleted student) both come here.
 *
 * What goes, in order:
 *  1. the rows of every table with a student_id column, raw or derived,
 *     found in the catalogue at the time (so a table added later is not
 *     forgotten), and what hangs off them without a student_id: the
 *     progress rows of the student's goals, the theme tags of their survey
 *     answers and, when they wrote free text in one, every survey quote
 *     (chosen again by the next analysis), the sessions of every account
 *     whose scope named them;
 *  2. their guardians who have no other child in the store (with those
 *     guardians' accounts, links and survey responses);
 *  3. the student row itself;
 *  4. mentions: the student's code (and their guardians' and accounts'
 *     codes and usernames) and full names in the audit log (account,
 *     target and detail) and in free text (behaviour notes, observation
 *     notes and next steps, survey answers, goal titles, intervention
 *     descriptions) become the person's pseudonym (store_pseudo.h);
 *     sign-in failures under an erased account's name are forgotten;
 *  5. the data version is bumped (cached pages are rebuilt);
 *  6. the tombstone: an audit entry of action "erase", target
 *     "student:PSEUDONYM", detail the caller's words and the rows removed
 *     per table. Aggregates (counts, means) keep the student until the
 *     next `attain analyze`; they name nobody.
 */
#ifndef ATTAIN_STORE_ERASE_H
#define ATTAIN_STORE_ERASE_H

#include <stdint.h>

#include "store.h"
#include "store_account.h"
#include "store_pseudo.h"
#include "util.h"

/* What an erasure removed: the pseudonym it was recorded under, the rows
 * removed from all tables, and "table rows, table rows, ..." per table
 * (owned by the caller: buf_free). */
typedef struct erase_result {
	char pseudonym[PSEUDO_LEN + 1];
	int64_t rows;
	int64_t mentions; /* audit entries and texts rewritten */
	buf tables;
} erase_result;

/* Erase the student with code `code`. `by` says who asks and when: its
 * at, account_id, username and address are the tombstone's, its detail
 * (may be NULL) comes first in the tombstone's detail; its action and
 * target are not read. Runs in the caller's transaction when one is open
 * (an import batch), else in its own. out may be NULL; when not, the
 * caller frees out->tables. ATT_ENOTFOUND when no student has the code
 * (nothing changed), ATT_EIO on a database failure (the caller's
 * transaction must then be rolled back; its own is). */
int store_erase_student(store *s, const char *code, const audit_entry *by,
                        erase_result *out, att_err *e);

/* The tables holding a column that names a student by id (student_id),
 * in catalogue order, each passed to fn: what step 1 empties of the
 * student. For tests: a table naming students some other way must be
 * added to store_erase.c. */
typedef int (*erase_table_fn)(void *ctx, const char *table);
int store_erase_tables(store *s, erase_table_fn fn, void *ctx, att_err *e);

#endif
