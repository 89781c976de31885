/*
 * store_account.c - SQL for accounts, account scopes and the audit log.
 */
#include "store_account.h"

#include <string.h>

#include "store_internal.h"

/* Resolve an external code to an internal id in one of the coded tables. */
static int64_t id_of(store *s, const char *table, const char *code)
{
	static const char *org_sql = "SELECT id FROM org WHERE code = ?";
	static const char *class_sql = "SELECT id FROM class WHERE code = ?";
	static const char *student_sql =
	    "SELECT id FROM student WHERE code = ?";
	static const char *staff_sql = "SELECT id FROM staff WHERE code = ?";
	static const char *guardian_sql =
	    "SELECT id FROM guardian WHERE code = ?";
	const char *sql = strcmp(table, "org") == 0       ? org_sql
	                  : strcmp(table, "class") == 0   ? class_sql
	                  : strcmp(table, "student") == 0 ? student_sql
	                  : strcmp(table, "staff") == 0   ? staff_sql
	                                                  : guardian_sql;
	sqlite3_stmt *st = st_prep(s, sql, NULL);
	if (!st)
		return -1;
	st_bind_text(st, 1, code);
	int64_t id = -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return id;
}

static int bind_ref(store *s, sqlite3_stmt *st, int col, const char *table,
                    const char *code, att_err *e)
{
	if (!code) {
		sqlite3_bind_null(st, col);
		return ATT_OK;
	}
	int64_t id = id_of(s, table, code);
	if (id < 0)
		return err_set(e, ATT_ENOTFOUND, "no %s with code '%s'", table,
		               code);
	sqlite3_bind_int64(st, col, id);
	return ATT_OK;
}

int store_account_add(store *s, const char *username, const char *pw_hash,
                      const char *role, const char *staff_code,
                      const char *student_code, const char *guardian_code,
                      const account_scope_ref *scopes, int nscopes,
                      int64_t *id_out, att_err *e)
{
	int own_tx = sqlite3_get_autocommit(s->db);
	if (own_tx && store_begin(s, e))
		return ATT_EIO;
	sqlite3_stmt *st = st_prep(
	    s,
	    "INSERT INTO account(username, pw_hash, role, staff_id, student_id,"
	    " guardian_id) VALUES (?, ?, ?, ?, ?, ?)",
	    e);
	int rc = ATT_OK;
	if (!st) {
		rc = ATT_EIO;
		goto out;
	}
	st_bind_text(st, 1, username);
	st_bind_text(st, 2, pw_hash);
	st_bind_text(st, 3, role);
	if ((rc = bind_ref(s, st, 4, "staff", staff_code, e)) ||
	    (rc = bind_ref(s, st, 5, "student", student_code, e)) ||
	    (rc = bind_ref(s, st, 6, "guardian", guardian_code, e)))
		goto out;
	int step = sqlite3_step(st);
	sqlite3_reset(st);
	if (step != SQLITE_DONE) {
		if (step == SQLITE_CONSTRAINT_UNIQUE)
			rc = err_set(e, ATT_EINPUT,
			             "account '%s' already exists", username);
		else if (step == SQLITE_CONSTRAINT_CHECK)
			rc = err_set(e, ATT_EINPUT, "'%s' is not a role", role);
		else
			rc = st_fail(s, e, "cannot add account");
		goto out;
	}
	int64_t id = sqlite3_last_insert_rowid(s->db);
	for (int i = 0; i < nscopes; i++) {
		sqlite3_stmt *sc = st_prep(
		    s,
		    "INSERT INTO account_scope(account_id, org_id, class_id,"
		    " student_id) VALUES (?, ?, ?, ?)",
		    e);
		if (!sc) {
			rc = ATT_EIO;
			goto out;
		}
		sqlite3_bind_int64(sc, 1, id);
		const char *code = scopes[i].code;
		if ((rc = bind_ref(s, sc, 2, "org",
		                   scopes[i].kind == SCOPE_ORG ? code : NULL,
		                   e)) ||
		    (rc = bind_ref(s, sc, 3, "class",
		                   scopes[i].kind == SCOPE_CLASS ? code : NULL,
		                   e)) ||
		    (rc = bind_ref(
		         s, sc, 4, "student",
		         scopes[i].kind == SCOPE_STUDENT ? code : NULL, e)))
			goto out;
		step = sqlite3_step(sc);
		sqlite3_reset(sc);
		if (step != SQLITE_DONE) {
			rc = st_fail(s, e, "cannot add account scope");
			goto out;
		}
	}
	if (id_out)
		*id_out = id;
out:
	if (own_tx) {
		if (rc)
			store_rollback(s);
		else
			rc = store_commit(s, e);
	}
	return rc;
}

int store_account_set_password(store *s, const char *username,
                               const char *pw_hash, att_err *e)
{
	sqlite3_stmt *st =
	    st_prep(s, "UPDATE account SET pw_hash = ? WHERE username = ?", e);
	if (!st)
		return ATT_EIO;
	st_bind_text(st, 1, pw_hash);
	st_bind_text(st, 2, username);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return st_fail(s, e, "cannot set password");
	if (sqlite3_changes(s->db) == 0)
		return err_set(e, ATT_ENOTFOUND, "no account '%s'", username);
	return ATT_OK;
}

int store_account_set_lang(store *s, const char *username, const char *lang,
                           att_err *e)
{
	sqlite3_stmt *st =
	    st_prep(s, "UPDATE account SET lang = ? WHERE username = ?", e);
	if (!st)
		return ATT_EIO;
	st_bind_text(st, 1, lang);
	st_bind_text(st, 2, username);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return st_fail(s, e, "cannot set language");
	if (sqlite3_changes(s->db) == 0)
		return err_set(e, ATT_ENOTFOUND, "no account '%s'", username);
	return ATT_OK;
}

int store_account_set_all_passwords(store *s, const char *pw_hash, att_err *e)
{
	sqlite3_stmt *st = st_prep(s, "UPDATE account SET pw_hash = ?", e);
	if (!st)
		return ATT_EIO;
	st_bind_text(st, 1, pw_hash);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ATT_OK
	                         : st_fail(s, e, "cannot set passwords");
}

int store_account_remove(store *s, const char *username, att_err *e)
{
	sqlite3_stmt *st =
	    st_prep(s, "DELETE FROM account WHERE username = ?", e);
	if (!st)
		return ATT_EIO;
	st_bind_text(st, 1, username);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return st_fail(s, e, "cannot remove account");
	if (sqlite3_changes(s->db) == 0)
		return err_set(e, ATT_ENOTFOUND, "no account '%s'", username);
	return ATT_OK;
}

static const char *account_sql =
    "SELECT a.id, a.username, a.role, a.pw_hash, a.lang, a.disabled,"
    " (SELECT group_concat(CASE WHEN sc.org_id IS NOT NULL THEN 'org:' || "
    "o.code"
    "   WHEN sc.class_id IS NOT NULL THEN 'class:' || c.code"
    "   ELSE 'student:' || st.code END, ' ')"
    "  FROM account_scope sc LEFT JOIN org o ON o.id = sc.org_id"
    "  LEFT JOIN class c ON c.id = sc.class_id"
    "  LEFT JOIN student st ON st.id = sc.student_id"
    "  WHERE sc.account_id = a.id)"
    " FROM account a";

static void fill_row(sqlite3_stmt *st, account_row *r)
{
	r->id = sqlite3_column_int64(st, 0);
	r->username = st_text(st, 1);
	r->role = st_text(st, 2);
	r->pw_hash = st_text(st, 3);
	r->lang = st_text(st, 4);
	r->disabled = sqlite3_column_int(st, 5);
	r->scope = st_text(st, 6);
}

int store_account_list(store *s, account_fn fn, void *ctx, att_err *e)
{
	static const char *sql = NULL;
	static char sqlbuf[1024];
	if (!sql) {
		snprintf(sqlbuf, sizeof(sqlbuf), "%s ORDER BY a.username",
		         account_sql);
		sql = sqlbuf;
	}
	sqlite3_stmt *st = st_prep(s, sql, e);
	if (!st)
		return ATT_EIO;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		account_row r;
		fill_row(st, &r);
		fn(ctx, &r);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ATT_OK
	                         : st_fail(s, e, "cannot list accounts");
}

int store_account_get(store *s, const char *username, account_row *out,
                      att_err *e)
{
	static const char *sql = NULL;
	static char sqlbuf[1024];
	if (!sql) {
		snprintf(sqlbuf, sizeof(sqlbuf), "%s WHERE a.username = ?",
		         account_sql);
		sql = sqlbuf;
	}
	sqlite3_stmt *st = st_prep(s, sql, e);
	if (!st)
		return ATT_EIO;
	st_bind_text(st, 1, username);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		fill_row(st, out);
		return ATT_OK; /* statement stays active until the next call */
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return err_set(e, ATT_ENOTFOUND, "no account '%s'", username);
	return st_fail(s, e, "cannot read account");
}

int store_audit_add(store *s, int64_t account_id, const char *username,
                    const char *action, const char *target_kind,
                    const char *target, const char *address, const char *detail,
                    att_err *e)
{
	sqlite3_stmt *st = st_prep(
	    s,
	    "INSERT INTO audit(account_id, username, action, target_kind,"
	    " target, address, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
	    e);
	if (!st)
		return ATT_EIO;
	if (account_id > 0)
		sqlite3_bind_int64(st, 1, account_id);
	else
		sqlite3_bind_null(st, 1);
	st_bind_text(st, 2, username);
	st_bind_text(st, 3, action);
	st_bind_text(st, 4, target_kind);
	st_bind_text(st, 5, target);
	st_bind_text(st, 6, address);
	st_bind_text(st, 7, detail);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ATT_OK
	                         : st_fail(s, e, "cannot write audit entry");
}
