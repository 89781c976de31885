/*
 * store_pseudo.h - pseudonyms: the keyed hash that stands for a person in
 * pseudonymised exports and in the audit log once the person is erased
 * (docs/PRIVACY.md, "Erasure and pseudonymisation").
 *
 * The key is 32 random bytes made once per database and kept in the meta
 * table (key `pseudonym_key`), which no export reaches. A person's
 * pseudonym is a letter for the kind of person, a hyphen and the first 20
 * hex digits (80 bits) of HMAC-SHA256(key, "KIND:CODE"):
 *
 *     student STU0000159  ->  S-3f9a0c1d2e4b5a6f7081
 *
 * so it is the same in every export of one database and different in
 * another database (another key), and nobody without the key can tell
 * which code it stands for, even by hashing every possible code.
 *
 * A pseudonymised export (store_export_pseudo) writes the same rows and
 * columns as store_export, with, in every table:
 *   - a person's code or id (student_id, staff_id, observer_id,
 *     guardian_id; the student and staff columns of the joined raw
 *     tables; id and code of the student, staff and guardian tables)
 *     replaced by the person's pseudonym;
 *   - given_name replaced by the pseudonym and family_name emptied;
 *   - birth dates cut to year and month (YYYY-MM);
 *   - e-mail addresses and phone numbers, and free text that may name
 *     anyone (behaviour notes, observation notes and next steps, goal
 *     titles, intervention descriptions, student attribute values), NULL.
 */
#ifndef ATTAIN_STORE_PSEUDO_H
#define ATTAIN_STORE_PSEUDO_H

#include "store.h"
#include "store_derived.h"
#include "util.h"

typedef enum {
	PSEUDO_STUDENT,
	PSEUDO_STAFF,
	PSEUDO_GUARDIAN,
	PSEUDO_ACCOUNT
} pseudo_kind;

/* Characters of a pseudonym (without the terminating NUL). */
#define PSEUDO_LEN 22

/* The database's key as 64 hex digits into key_hex (65 bytes), made and
 * stored on first use (in the caller's transaction when one is open, else
 * in its own). ATT_EIO when it can be neither read nor stored. */
int store_pseudo_key(store *s, char key_hex[65], att_err *e);

/* The pseudonym of the person of kind k with code `code` under key_hex,
 * into out (PSEUDO_LEN + 1 bytes). */
void store_pseudonym(const char *key_hex, pseudo_kind k, const char *code,
                     char out[PSEUDO_LEN + 1]);

/* Stream every row of a table as store_export does, pseudonymised as
 * described above. A pseudonymised export is data shared outside the
 * school system: a row of a student (a student_id column, or the student
 * table's own row) without consent for CONSENT_DATA_SHARE on `today`
 * (store_consent_given's rule) is left out and counted in *skipped. Makes
 * the key when the database has none. Same returns as store_export. */
int store_export_pseudo(store *s, const char *table, const char *today,
                        store_export_fn fn, void *ctx, int64_t *skipped,
                        att_err *e);

#endif
