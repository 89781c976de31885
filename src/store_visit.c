/*
 * store_visit.c - the officer's school visit (store_visit.h): a visit
 * recorded whole in one transaction, a school's visits, actions and
 * facilities, and an action marked done by the school. On the statement
 * interface (store_sql.h), in SQL both engines read (no boolean
 * arithmetic, no date functions).
 */
#include "store_visit.h"

#include <stdio.h>
#include <string.h>

#include "store_account.h"
#include "store_sql.h"

const char *const visit_facility_items[] = {
    "drinking_water", "toilets_girls", "toilets_boys",
    "electricity",    "library",       "ramps",
};
const int visit_nfacility_items =
    (int)(sizeof(visit_facility_items) / sizeof(visit_facility_items[0]));

static int is_date(const char *d)
{
	return d && strlen(d) == 10 && date_parse(d) >= 0;
}

static int is_item(const char *item)
{
	for (int i = 0; item && i < visit_nfacility_items; i++)
		if (!strcmp(item, visit_facility_items[i]))
			return 1;
	return 0;
}

/* 1 when id is an open action of the school; -1 on a store error. */
static int action_open(store *s, int64_t org_id, int64_t id, att_err *e)
{
	sql_stmt *q = sql_prep(s,
	                       "SELECT 1 FROM visit_action WHERE id = ? AND "
	                       "org_id = ? AND status = 'open'",
	                       e);
	if (!q)
		return -1;
	sql_bind_int(q, 1, id);
	sql_bind_int(q, 2, org_id);
	int st = sql_step(q);
	sql_reset(q);
	if (st == SQL_ERR)
		return sql_fail(s, e, "cannot read actions"), -1;
	return st == SQL_ROW;
}

static int check_actions(const visit_new *v, att_err *e)
{
	for (int i = 0; i < v->nactions; i++) {
		const visit_action_new *a = &v->actions[i];
		if (!a->text || !*a->text || strlen(a->text) > 2000)
			return err_set(e, ATT_EINPUT,
			               "action %d has no text (or more than "
			               "2000 bytes)",
			               i + 1);
		if (!a->owner || !*a->owner || strlen(a->owner) > 200)
			return err_set(e, ATT_EINPUT, "action %d has no owner",
			               i + 1);
		if (!is_date(a->due_date) || strcmp(a->due_date, v->date) < 0)
			return err_set(e, ATT_EINPUT,
			               "action %d: the due date must be a date "
			               "on or after the visit",
			               i + 1);
	}
	return ATT_OK;
}

int store_visit_check(store *s, const visit_new *v, att_err *e)
{
	if (!is_date(v->date))
		return err_set(e, ATT_EINPUT, "'%s' is not a date (YYYY-MM-DD)",
		               v->date ? v->date : "");
	if (v->notes && strlen(v->notes) > 8000)
		return err_set(e, ATT_EINPUT,
		               "notes are longer than 8000 bytes");
	for (int i = 0; i < v->nchecks; i++) {
		if (!is_item(v->checks[i].item))
			return err_set(
			    e, ATT_EINPUT, "'%s' is not a facility item",
			    v->checks[i].item ? v->checks[i].item : "");
		for (int j = 0; j < i; j++)
			if (!strcmp(v->checks[j].item, v->checks[i].item))
				return err_set(e, ATT_EINPUT,
				               "facility '%s' appears twice",
				               v->checks[i].item);
	}
	int rc = check_actions(v, e);
	if (rc)
		return rc;
	for (int i = 0; i < v->nfollowups; i++) {
		const visit_followup *f = &v->followups[i];
		if (f->note && strlen(f->note) > 2000)
			return err_set(e, ATT_EINPUT,
			               "a follow-up is longer than 2000 bytes");
		int open = action_open(s, v->org_id, f->action_id, e);
		if (open < 0)
			return ATT_EIO;
		if (!open)
			return err_set(e, ATT_EINPUT,
			               "action %lld is not an open action of "
			               "this school",
			               (long long)f->action_id);
	}
	return ATT_OK;
}

/* A fresh visit code: "VIS-N", N from the count of visits up. */
static void visit_code(store *s, char out[32])
{
	int64_t k = sql_one_int(s, "SELECT count(*) FROM visit") + 1;
	for (;; k++) {
		snprintf(out, 32, "VIS-%lld", (long long)k);
		sql_stmt *q =
		    sql_prep(s, "SELECT 1 FROM visit WHERE code = ?", NULL);
		if (!q)
			return;
		sql_bind_text(q, 1, out);
		int st = sql_step(q);
		sql_reset(q);
		if (st != SQL_ROW)
			return;
	}
}

/* The visit's facility checks, actions, follow-ups and observations. */
static int visit_parts(store *s, const visit_new *v, int64_t id, att_err *e)
{
	for (int i = 0; i < v->nchecks; i++) {
		sql_stmt *q = sql_prep(s,
		                       "INSERT INTO visit_facility(visit_id, "
		                       "item, working) VALUES (?, ?, ?)",
		                       e);
		if (!q)
			return ATT_EIO;
		sql_bind_int(q, 1, id);
		sql_bind_text(q, 2, v->checks[i].item);
		sql_bind_int(q, 3, v->checks[i].working ? 1 : 0);
		if (sql_run(q, e, "cannot record a facility"))
			return ATT_EIO;
	}
	for (int i = 0; i < v->nactions; i++) {
		sql_stmt *q =
		    sql_prep(s,
		             "INSERT INTO visit_action(visit_id, org_id, text, "
		             "owner, due_date) VALUES (?, ?, ?, ?, ?)",
		             e);
		if (!q)
			return ATT_EIO;
		sql_bind_int(q, 1, id);
		sql_bind_int(q, 2, v->org_id);
		sql_bind_text(q, 3, v->actions[i].text);
		sql_bind_text(q, 4, v->actions[i].owner);
		sql_bind_text(q, 5, v->actions[i].due_date);
		if (sql_run(q, e, "cannot record an action"))
			return ATT_EIO;
	}
	for (int i = 0; i < v->nfollowups; i++) {
		const visit_followup *f = &v->followups[i];
		sql_stmt *q = sql_prep(
		    s,
		    "UPDATE visit_action SET followup = coalesce(?, followup), "
		    "followup_date = ?, followup_visit = ?, status = CASE WHEN "
		    "? = 1 THEN 'done' ELSE status END WHERE id = ? AND org_id "
		    "= ?",
		    e);
		if (!q)
			return ATT_EIO;
		sql_bind_text(q, 1, f->note && *f->note ? f->note : NULL);
		sql_bind_text(q, 2, v->date);
		sql_bind_int(q, 3, id);
		sql_bind_int(q, 4, f->done ? 1 : 0);
		sql_bind_int(q, 5, f->action_id);
		sql_bind_int(q, 6, v->org_id);
		if (sql_run(q, e, "cannot record a follow-up"))
			return ATT_EIO;
	}
	for (int i = 0; i < v->nobservations; i++) {
		sql_stmt *q =
		    sql_prep(s,
		             "INSERT INTO visit_observation(visit_id, "
		             "observation_id) VALUES (?, ?)",
		             e);
		if (!q)
			return ATT_EIO;
		sql_bind_int(q, 1, id);
		sql_bind_int(q, 2, v->observations[i]);
		if (sql_run(q, e, "cannot link an observation"))
			return ATT_EIO;
	}
	return ATT_OK;
}

static int audit(store *s, const collect_actor *who, const char *action,
                 const char *target, const char *detail, att_err *e)
{
	audit_entry a = {.at = who ? who->now : 0,
	                 .account_id = who ? who->account_id : 0,
	                 .username = who ? who->username : NULL,
	                 .action = action,
	                 .target_kind = "visit",
	                 .target = target,
	                 .address = who ? who->address : NULL,
	                 .detail = detail};
	return store_audit_add(s, &a, e);
}

int store_visit_add(store *s, const visit_new *v, const collect_actor *who,
                    char code_out[32], att_err *e)
{
	code_out[0] = '\0';
	int rc = store_visit_check(s, v, e);
	if (rc)
		return rc;
	int own = 0;
	if (store_tx_open(s, &own, e))
		return ATT_EIO;
	char code[32], at[21];
	visit_code(s, code);
	clock_iso(who ? who->now : 0, at);
	sql_stmt *q = sql_prep(s,
	                       "INSERT INTO visit(code, org_id, account_id, "
	                       "officer, date, notes, created_at) VALUES (?, "
	                       "?, ?, ?, ?, ?, ?)",
	                       e);
	rc = q ? ATT_OK : ATT_EIO;
	if (!rc) {
		sql_bind_text(q, 1, code);
		sql_bind_int(q, 2, v->org_id);
		sql_bind_id(q, 3,
		            who && who->account_id > 0 ? who->account_id : -1);
		sql_bind_text(q, 4, who && who->username ? who->username : "");
		sql_bind_text(q, 5, v->date);
		sql_bind_text(q, 6, v->notes && *v->notes ? v->notes : NULL);
		sql_bind_text(q, 7, at);
		rc =
		    sql_run(q, e, "cannot record the visit") ? ATT_EIO : ATT_OK;
	}
	if (!rc)
		rc = visit_parts(s, v, sql_last_id(s), e);
	char detail[96];
	snprintf(detail, sizeof(detail),
	         "actions=%d followups=%d "
	         "observations=%d",
	         v->nactions, v->nfollowups, v->nobservations);
	if (!rc)
		rc = audit(s, who, "visit.add", code, detail, e);
	if (!rc)
		rc = store_bump_version(s, e);
	rc = store_tx_close(s, own, rc, e);
	if (!rc)
		snprintf(code_out, 32, "%s", code);
	return rc;
}

int store_visit_list(store *s, int64_t org_id, arena *a, rowset *out,
                     att_err *e)
{
	sql_stmt *q = sql_prep(
	    s,
	    "SELECT v.code, v.date, v.officer, coalesce(v.notes, '') AS notes,"
	    " (SELECT count(*) FROM visit_observation o WHERE o.visit_id ="
	    " v.id) AS observations,"
	    " (SELECT count(*) FROM visit_action x WHERE x.visit_id = v.id)"
	    " AS actions,"
	    " (SELECT count(*) FROM visit_action x WHERE x.followup_visit ="
	    " v.id) AS followups"
	    " FROM visit v WHERE v.org_id = ? ORDER BY v.date DESC, v.id DESC",
	    e);
	if (!q)
		return ATT_EIO;
	sql_bind_int(q, 1, org_id);
	return sql_rows(q, a, 0, out, e, "cannot read visits");
}

int store_visit_actions(store *s, int64_t org_id, int open_only,
                        const char *today, arena *a, rowset *out, att_err *e)
{
	sql_stmt *q =
	    sql_prep(s,
	             "SELECT x.id, x.text, x.owner, x.due_date, x.status,"
	             " CASE WHEN x.status = 'open' AND x.due_date < ? THEN 1 "
	             "ELSE 0 END AS overdue,"
	             " v.code AS visit, v.date AS visit_date,"
	             " coalesce(x.followup, '') AS followup,"
	             " coalesce(x.followup_date, '') AS followup_date"
	             " FROM visit_action x JOIN visit v ON v.id = x.visit_id"
	             " WHERE x.org_id = ? AND (? = 0 OR x.status = 'open')"
	             " ORDER BY CASE x.status WHEN 'open' THEN 0 ELSE 1 END, "
	             "x.due_date, x.id",
	             e);
	if (!q)
		return ATT_EIO;
	sql_bind_text(q, 1, today ? today : "");
	sql_bind_int(q, 2, org_id);
	sql_bind_int(q, 3, open_only ? 1 : 0);
	return sql_rows(q, a, 0, out, e, "cannot read actions");
}

int store_visit_action_done(store *s, int64_t org_id, int64_t action_id,
                            const char *note, const char *today,
                            const collect_actor *who, att_err *e)
{
	if (note && strlen(note) > 2000)
		return err_set(e, ATT_EINPUT,
		               "a follow-up is longer than 2000 bytes");
	if (!is_date(today))
		return err_set(e, ATT_EINPUT, "no date for the follow-up");
	int own = 0;
	if (store_tx_open(s, &own, e))
		return ATT_EIO;
	int open = action_open(s, org_id, action_id, e);
	int rc = open < 0 ? ATT_EIO
	         : !open  ? err_set(e, ATT_ENOTFOUND,
	                            "action %lld is not an open action of "
	                             "this school",
	                            (long long)action_id)
	                  : ATT_OK;
	sql_stmt *q = rc ? NULL
	                 : sql_prep(s,
	                            "UPDATE visit_action SET status = 'done', "
	                            "followup = coalesce(?, followup), "
	                            "followup_date = ? WHERE id = ?",
	                            e);
	if (!rc && !q)
		rc = ATT_EIO;
	if (!rc) {
		sql_bind_text(q, 1, note && *note ? note : NULL);
		sql_bind_text(q, 2, today);
		sql_bind_int(q, 3, action_id);
		rc = sql_run(q, e, "cannot mark the action done") ? ATT_EIO
		                                                  : ATT_OK;
	}
	char target[32];
	snprintf(target, sizeof(target), "%lld", (long long)action_id);
	if (!rc)
		rc = audit(s, who, "visit.action-done", target, NULL, e);
	if (!rc)
		rc = store_bump_version(s, e);
	return store_tx_close(s, own, rc, e);
}

int store_visit_due(store *s, int64_t org_id, const char *today, int max,
                    arena *a, rowset *out, att_err *e)
{
	sql_stmt *q = sql_prep(
	    s,
	    "WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT o.id FROM"
	    " org o JOIN sub ON o.parent_id = sub.id),"
	    " sch AS (SELECT o.id, o.code, o.name FROM org o JOIN sub ON"
	    " sub.id = o.id WHERE o.is_school = 1),"
	    " last AS (SELECT org_id, max(date) AS d FROM visit GROUP BY"
	    " org_id),"
	    " act AS (SELECT org_id, count(*) AS n, sum(CASE WHEN due_date < ? "
	    "THEN 1 ELSE 0 END) AS late"
	    " FROM visit_action WHERE status = 'open' GROUP BY org_id)"
	    " SELECT sch.code, sch.name, last.d AS last_visit,"
	    " coalesce(act.n, 0) AS open_actions,"
	    " coalesce(act.late, 0) AS overdue"
	    " FROM sch LEFT JOIN last ON last.org_id = sch.id"
	    " LEFT JOIN act ON act.org_id = sch.id"
	    " ORDER BY overdue DESC, CASE WHEN last.d IS NULL THEN 0 ELSE 1 "
	    "END, last.d, sch.name"
	    " LIMIT ?",
	    e);
	if (!q)
		return ATT_EIO;
	sql_bind_int(q, 1, org_id);
	sql_bind_text(q, 2, today ? today : "");
	sql_bind_int(q, 3, max > 0 ? max : -1);
	return sql_rows(q, a, 0, out, e, "cannot read the visits due");
}

int store_visit_facilities(store *s, int64_t org_id, arena *a, rowset *out,
                           att_err *e)
{
	/* One row per item: the latest profile's column picked by a CASE,
	 * the latest visit's check by a correlated look-up. */
	sql_stmt *q = sql_prep(
	    s,
	    "WITH items(k, item) AS (VALUES (1, 'drinking_water'),"
	    " (2, 'toilets_girls'), (3, 'toilets_boys'), (4, 'electricity'),"
	    " (5, 'library'), (6, 'ramps')),"
	    " p AS (SELECT sp.* FROM school_profile sp JOIN academic_year y"
	    " ON y.id = sp.year_id WHERE sp.org_id = ?"
	    " ORDER BY y.start_date DESC LIMIT 1),"
	    " lv AS (SELECT v.id, v.date FROM visit v WHERE v.org_id = ? AND"
	    " EXISTS (SELECT 1 FROM visit_facility f WHERE f.visit_id = v.id)"
	    " ORDER BY v.date DESC, v.id DESC LIMIT 1)"
	    " SELECT items.item,"
	    " (SELECT CASE items.item WHEN 'drinking_water' THEN"
	    " p.drinking_water WHEN 'toilets_girls' THEN p.toilets_girls"
	    " WHEN 'toilets_boys' THEN p.toilets_boys WHEN 'electricity' THEN"
	    " p.electricity WHEN 'library' THEN p.library ELSE p.ramps END"
	    " FROM p) AS recorded,"
	    " (SELECT f.working FROM visit_facility f JOIN lv ON"
	    " lv.id = f.visit_id WHERE f.item = items.item) AS checked,"
	    " (SELECT lv.date FROM lv) AS checked_date"
	    " FROM items ORDER BY items.k",
	    e);
	if (!q)
		return ATT_EIO;
	sql_bind_int(q, 1, org_id);
	sql_bind_int(q, 2, org_id);
	return sql_rows(q, a, 0, out, e, "cannot read facilities");
}
