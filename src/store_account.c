/*
 * store_account.c - SQL for accounts, account scopes, ending an account's
 * sessions when its password changes, and the audit log (written with the
 * caller's time, read back through filters).
 */
#include "store_account.h"

#include <stdint.h>
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
	sql_stmt *st = sql_prep(s, sql, NULL);
	if (!st)
		return -1;
	sql_bind_text(st, 1, code);
	int64_t id = -1;
	if (sql_step(st) == SQL_ROW)
		id = sql_int(st, 0);
	sql_reset(st);
	return id;
}

static int bind_ref(store *s, sql_stmt *st, int col, const char *table,
                    const char *code, att_err *e)
{
	if (!code) {
		sql_bind_null(st, col);
		return ATT_OK;
	}
	int64_t id = id_of(s, table, code);
	if (id < 0)
		return err_set(e, ATT_ENOTFOUND, "no %s with code '%s'", table,
		               code);
	sql_bind_int(st, col, id);
	return ATT_OK;
}

int store_account_add(store *s, const char *username, const char *pw_hash,
                      const char *role, const char *staff_code,
                      const char *student_code, const char *guardian_code,
                      const account_scope_ref *scopes, int nscopes,
                      int64_t *id_out, att_err *e)
{
	int own_tx;
	if (store_tx_open(s, &own_tx, e))
		return ATT_EIO;
	sql_stmt *st = sql_prep(
	    s,
	    "INSERT INTO account(username, pw_hash, role, staff_id, student_id,"
	    " guardian_id) VALUES (?, ?, ?, ?, ?, ?)",
	    e);
	int rc = ATT_OK;
	if (!st) {
		rc = ATT_EIO;
		goto out;
	}
	sql_bind_text(st, 1, username);
	sql_bind_text(st, 2, pw_hash);
	sql_bind_text(st, 3, role);
	if ((rc = bind_ref(s, st, 4, "staff", staff_code, e)) ||
	    (rc = bind_ref(s, st, 5, "student", student_code, e)) ||
	    (rc = bind_ref(s, st, 6, "guardian", guardian_code, e)))
		goto out;
	int step = sql_step(st);
	int why = step == SQL_ERR ? sql_err_kind(s) : SQL_EOTHER;
	sql_reset(st);
	if (step != SQL_DONE) {
		if (why == SQL_EUNIQUE)
			rc = err_set(e, ATT_EINPUT,
			             "account '%s' already exists", username);
		else if (why == SQL_ECHECK)
			rc = err_set(e, ATT_EINPUT, "'%s' is not a role", role);
		else
			rc = sql_fail(s, e, "cannot add account");
		goto out;
	}
	int64_t id = sql_last_id(s);
	for (int i = 0; i < nscopes; i++) {
		sql_stmt *sc = sql_prep(
		    s,
		    "INSERT INTO account_scope(account_id, org_id, class_id,"
		    " student_id) VALUES (?, ?, ?, ?)",
		    e);
		if (!sc) {
			rc = ATT_EIO;
			goto out;
		}
		sql_bind_int(sc, 1, id);
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
		step = sql_step(sc);
		sql_reset(sc);
		if (step != SQL_DONE) {
			rc = sql_fail(s, e, "cannot add account scope");
			goto out;
		}
	}
	if (id_out)
		*id_out = id;
out:
	return store_tx_close(s, own_tx, rc, e);
}

/* End the sessions of an account (by username) but the one whose token
 * hash is keep (NULL: every one); *ended gets how many. */
static int end_sessions(store *s, const char *username, const char *keep,
                        int *ended, att_err *e)
{
	sql_stmt *st = sql_prep(s,
	                        "DELETE FROM web_session WHERE account_id ="
	                        " (SELECT id FROM account WHERE username = ?1)"
	                        " AND (?2 IS NULL OR token_hash <> ?2)",
	                        e);
	if (!st)
		return ATT_EIO;
	sql_bind_text(st, 1, username);
	sql_bind_text(st, 2, keep);
	if (sql_run(st, e, "cannot end sessions"))
		return ATT_EIO;
	if (ended)
		*ended = (int)sql_changes(s);
	return ATT_OK;
}

int store_account_set_password(store *s, const char *username,
                               const char *pw_hash, const char *keep,
                               int *ended, att_err *e)
{
	int own_tx;
	if (store_tx_open(s, &own_tx, e))
		return ATT_EIO;
	int rc = ATT_OK;
	sql_stmt *st =
	    sql_prep(s, "UPDATE account SET pw_hash = ? WHERE username = ?", e);
	if (!st) {
		rc = ATT_EIO;
		goto out;
	}
	sql_bind_text(st, 1, pw_hash);
	sql_bind_text(st, 2, username);
	if (sql_run(st, e, "cannot set password")) {
		rc = ATT_EIO;
		goto out;
	}
	if (sql_changes(s) == 0) {
		rc = err_set(e, ATT_ENOTFOUND, "no account '%s'", username);
		goto out;
	}
	rc = end_sessions(s, username, keep, ended, e);
out:
	return store_tx_close(s, own_tx, rc, e);
}

int store_account_set_lang(store *s, const char *username, const char *lang,
                           att_err *e)
{
	sql_stmt *st =
	    sql_prep(s, "UPDATE account SET lang = ? WHERE username = ?", e);
	if (!st)
		return ATT_EIO;
	sql_bind_text(st, 1, lang);
	sql_bind_text(st, 2, username);
	if (sql_run(st, e, "cannot set language"))
		return ATT_EIO;
	if (sql_changes(s) == 0)
		return err_set(e, ATT_ENOTFOUND, "no account '%s'", username);
	return ATT_OK;
}

int store_account_set_all_passwords(store *s, const char *pw_hash, att_err *e)
{
	sql_stmt *st = sql_prep(s, "UPDATE account SET pw_hash = ?", e);
	if (!st)
		return ATT_EIO;
	sql_bind_text(st, 1, pw_hash);
	if (sql_run(st, e, "cannot set passwords"))
		return ATT_EIO;
	return sql_exec(s, "DELETE FROM web_session", e);
}

int store_account_remove(store *s, const char *username, att_err *e)
{
	sql_stmt *st = sql_prep(s, "DELETE FROM account WHERE username = ?", e);
	if (!st)
		return ATT_EIO;
	sql_bind_text(st, 1, username);
	if (sql_run(st, e, "cannot remove account"))
		return ATT_EIO;
	if (sql_changes(s) == 0)
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

static void fill_row(sql_stmt *st, account_row *r)
{
	r->id = sql_int(st, 0);
	r->username = sql_text(st, 1);
	r->role = sql_text(st, 2);
	r->pw_hash = sql_text(st, 3);
	r->lang = sql_text(st, 4);
	r->disabled = (int)sql_int(st, 5);
	r->scope = sql_text(st, 6);
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
	sql_stmt *st = sql_prep(s, sql, e);
	if (!st)
		return ATT_EIO;
	int rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		account_row r;
		fill_row(st, &r);
		fn(ctx, &r);
	}
	sql_reset(st);
	return rc == SQL_DONE ? ATT_OK : sql_fail(s, e, "cannot list accounts");
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
	sql_stmt *st = sql_prep(s, sql, e);
	if (!st)
		return ATT_EIO;
	sql_bind_text(st, 1, username);
	int rc = sql_step(st);
	if (rc == SQL_ROW) {
		fill_row(st, out);
		return ATT_OK; /* statement stays active until the next call */
	}
	sql_reset(st);
	if (rc == SQL_DONE)
		return err_set(e, ATT_ENOTFOUND, "no account '%s'", username);
	return sql_fail(s, e, "cannot read account");
}

int store_audit_add(store *s, const audit_entry *a, att_err *e)
{
	sql_stmt *st = sql_prep(
	    s,
	    "INSERT INTO audit(at, account_id, username, action, target_kind,"
	    " target, address, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	    e);
	if (!st)
		return ATT_EIO;
	char at[21];
	clock_iso(a->at, at);
	sql_bind_text(st, 1, at);
	if (a->account_id > 0)
		sql_bind_int(st, 2, a->account_id);
	else
		sql_bind_null(st, 2);
	sql_bind_text(st, 3, a->username);
	sql_bind_text(st, 4, a->action);
	sql_bind_text(st, 5, a->target_kind);
	sql_bind_text(st, 6, a->target);
	sql_bind_text(st, 7, a->address);
	sql_bind_text(st, 8, a->detail);
	return sql_run(st, e, "cannot write audit entry");
}

/* Optional filters are bound as NULL; `at` is ISO text, so a range of
 * times is a range of strings. A target part matches when removing
 * "/part/" changes "/target/": a substring test both engines write the
 * same way (SQLite's instr is PostgreSQL's strpos). */
static const char *audit_list_sql =
    "SELECT at, coalesce(account_id, 0), coalesce(username, ''), action,"
    " coalesce(target_kind, ''), coalesce(target, ''),"
    " coalesce(address, ''), coalesce(detail, '') FROM audit"
    " WHERE (?1 IS NULL OR action = ?1"
    "        OR substr(action, 1, length(?1) + 1) = ?1 || '-')"
    " AND (?2 IS NULL OR username = ?2)"
    " AND (?3 IS NULL OR target_kind = ?3)"
    " AND (?4 IS NULL OR replace('/' || target || '/', '/' || ?4 || '/', '')"
    "      <> '/' || target || '/')"
    " AND (?5 IS NULL OR at >= ?5) AND (?6 IS NULL OR at < ?6)"
    " ORDER BY id DESC LIMIT ?7";

static void bind_time(sql_stmt *st, int i, int64_t t)
{
	char iso[21];
	clock_iso(t, iso);
	sql_bind_text(st, i, t ? iso : NULL);
}

int store_audit_list(store *s, const audit_filter *f, audit_fn fn, void *ctx,
                     att_err *e)
{
	sql_stmt *st = sql_prep(s, audit_list_sql, e);
	if (!st)
		return ATT_EIO;
	sql_bind_text(st, 1, f->action);
	sql_bind_text(st, 2, f->username);
	sql_bind_text(st, 3, f->target_kind);
	sql_bind_text(st, 4, f->target);
	bind_time(st, 5, f->since);
	bind_time(st, 6, f->until);
	sql_bind_int(st, 7, f->limit > 0 ? f->limit : INT64_MAX);
	int rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		audit_entry a = {0};
		a.when = sql_text(st, 0);
		a.account_id = sql_int(st, 1);
		a.username = sql_text(st, 2);
		a.action = sql_text(st, 3);
		a.target_kind = sql_text(st, 4);
		a.target = sql_text(st, 5);
		a.address = sql_text(st, 6);
		a.detail = sql_text(st, 7);
		fn(ctx, &a);
	}
	sql_reset(st);
	return rc == SQL_DONE ? ATT_OK
	                      : sql_fail(s, e, "cannot read the audit log");
}
