/*
 * store_collect_survey.c - surveys: defining one, loading and listing,
 * answering once (an anonymous response unlinkable to its respondent, see
 * store_collect.h and docs/COLLECTION.md), whether one is open to an
 * account (consent included: SURVEY_CONSENT_SQL), the students one skips
 * for want of consent, and per-question results.
 */
#include "store_collect_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attendance.h"
#include "auth.h"
#include "collect_input.h"
#include "store_account.h"
#include "store_derived.h"

static int audience_ok(const char *a)
{
	return a && (!strcmp(a, "student") || !strcmp(a, "parent") ||
	             !strcmp(a, "staff"));
}

int store_survey_create(store *s, const collect_survey *sp,
                        const collect_actor *who, int64_t *id_out, att_err *e)
{
	if (!sp->title || !*sp->title || strlen(sp->title) > 200)
		return err_set(e, ATT_EINPUT,
		               "a survey needs a title (at most 200 bytes)");
	if (!audience_ok(sp->audience))
		return err_set(
		    e, ATT_EINPUT,
		    "survey audience must be student, parent or staff");
	if (!sp->open_date || !sp->close_date ||
	    date_parse(sp->open_date) < 0 || date_parse(sp->close_date) < 0 ||
	    strlen(sp->open_date) != 10 || strlen(sp->close_date) != 10 ||
	    strcmp(sp->open_date, sp->close_date) > 0)
		return err_set(e, ATT_EINPUT,
		               "a survey needs an open and a close date "
		               "(YYYY-MM-DD, open first)");
	if (sp->needs_consent && strcmp(sp->audience, "student"))
		return err_set(e, ATT_EINPUT,
		               "only a survey of students asks for consent");
	if (sp->nq < 1 || sp->nq > 100)
		return err_set(e, ATT_EINPUT,
		               "a survey needs 1 to 100 questions");
	for (int i = 0; i < sp->nq; i++) {
		const collect_question *q = &sp->q[i];
		if (!q->kind ||
		    (strcmp(q->kind, "likert") && strcmp(q->kind, "text")))
			return err_set(
			    e, ATT_EINPUT,
			    "question %d: kind must be likert or text", i + 1);
		if (!q->text || !*q->text || strlen(q->text) > 500)
			return err_set(
			    e, ATT_EINPUT,
			    "question %d needs its text (at most 500 bytes)",
			    i + 1);
	}
	int rc = sc_begin(s, e);
	if (rc)
		return rc;
	char gen[64];
	const char *code = sp->code;
	if (!code || !*code) {
		sc_gen_code(s, "survey", "SURVEY-", gen, sizeof(gen));
		code = gen;
	} else if (store_collect_id(s, "survey", code) >= 0) {
		return sc_fail(s, err_set(e, ATT_EINPUT,
		                          "survey code '%s' is taken", code));
	}
	sql_stmt *st = sql_prep(
	    s,
	    "INSERT INTO survey(code, title, audience, anonymous, "
	    "needs_consent, year_id, org_id,"
	    " open_date, close_date) VALUES (?1, ?2, ?3, ?4, ?8,"
	    " (SELECT id FROM academic_year WHERE start_date <= ?5 AND "
	    "end_date >= ?5"
	    "  ORDER BY start_date DESC LIMIT 1), ?6, ?5, ?7)"
	    " RETURNING id",
	    e);
	if (!st)
		return sc_fail(s, ATT_EIO);
	sql_bind_text(st, 1, code);
	sql_bind_text(st, 2, sp->title);
	sql_bind_text(st, 3, sp->audience);
	sql_bind_int(st, 4, sp->anonymous ? 1 : 0);
	sql_bind_text(st, 5, sp->open_date);
	if (sp->org_id > 0)
		sql_bind_int(st, 6, sp->org_id);
	else
		sql_bind_null(st, 6);
	sql_bind_text(st, 7, sp->close_date);
	sql_bind_int(st, 8, sp->needs_consent ? 1 : 0);
	int64_t id;
	if ((rc = sc_insert_id(s, st, &id, e, "cannot create survey")))
		return sc_fail(s, rc);
	for (int i = 0; i < sp->nq; i++) {
		st = sql_prep(
		    s,
		    "INSERT INTO survey_question(survey_id, seq, kind, text)"
		    " VALUES (?1, ?2, ?3, ?4)",
		    e);
		if (!st)
			return sc_fail(s, ATT_EIO);
		sql_bind_int(st, 1, id);
		sql_bind_int(st, 2, i + 1);
		sql_bind_text(st, 3, sp->q[i].kind);
		sql_bind_text(st, 4, sp->q[i].text);
		if ((rc = sc_step_done(s, st, e, "cannot add question")))
			return sc_fail(s, rc);
	}
	if ((rc = sc_audit(s, who, "survey.create", "survey", code, NULL, e)))
		return sc_fail(s, rc);
	if ((rc = sc_finish(s, e)))
		return rc;
	if (id_out)
		*id_out = id;
	return ATT_OK;
}

static void survey_row(sql_stmt *st, arena *a, void *elem)
{
	collect_survey *o = elem;
	o->id = sql_int(st, 0);
	o->code = sc_col_dup(a, st, 1);
	o->title = sc_col_dup(a, st, 2);
	o->audience = sc_col_dup(a, st, 3);
	o->anonymous = (int)sql_int(st, 4);
	o->org_id = sql_int(st, 5);
	o->open_date = sc_col_dup(a, st, 6);
	o->close_date = sc_col_dup(a, st, 7);
	o->responses = (int)sql_int(st, 8);
	o->org_code = sc_col_dup(a, st, 9);
	o->needs_consent = (int)sql_int(st, 10);
}

static void question_row(sql_stmt *st, arena *a, void *elem)
{
	collect_question *q = elem;
	q->id = sql_int(st, 0);
	q->seq = (int)sql_int(st, 1);
	q->kind = sc_col_dup(a, st, 2);
	q->text = sc_col_dup(a, st, 3);
}

#define SURVEY_COLS                                                            \
	"SELECT v.id, v.code, label('survey', v.code, v.title) AS title, "     \
	"v.audience, v.anonymous,"                                             \
	" coalesce(v.org_id, 0), coalesce(v.open_date, ''),"                   \
	" coalesce(v.close_date, ''), (SELECT count(*) FROM survey_response r" \
	" WHERE r.survey_id = v.id), coalesce((SELECT o.code FROM org o "      \
	"WHERE o.id = v.org_id), ''), v.needs_consent FROM survey v "

int store_survey_load(store *s, int64_t survey_id, arena *a,
                      collect_survey *out, att_err *e)
{
	memset(out, 0, sizeof(*out));
	sql_stmt *st = sql_prep(s, SURVEY_COLS "WHERE v.id = ?1", e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, survey_id);
	int rc = sql_step(st);
	if (rc == SQL_ROW)
		survey_row(st, a, out);
	sql_reset(st);
	if (rc == SQL_DONE)
		return err_set(e, ATT_ENOTFOUND, "no survey with id %lld",
		               (long long)survey_id);
	if (rc != SQL_ROW)
		return sql_fail(s, e, "cannot read survey");
	st = sql_prep(
	    s,
	    "SELECT id, seq, kind, label('question', (SELECT v.code FROM"
	    " survey v WHERE v.id = survey_id) || '/' || seq, text) AS text"
	    " FROM survey_question WHERE "
	    "survey_id = ?1 ORDER BY seq",
	    e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, survey_id);
	return sc_list(s, st, sizeof(*out->q), question_row, a,
	               (void **)&out->q, &out->nq, e, "cannot read questions");
}

int store_survey_list(store *s, int64_t org_id, arena *a, collect_survey **out,
                      int *n, att_err *e)
{
	*out = NULL;
	*n = 0;
	sql_stmt *st = sql_prep(
	    s,
	    "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL SELECT o.id FROM "
	    "org o"
	    " JOIN sub ON o.parent_id = sub.id), "
	    " anc(id) AS (SELECT ?1 UNION ALL SELECT o.parent_id FROM org o"
	    " JOIN anc ON o.id = anc.id WHERE o.parent_id IS NOT "
	    "NULL) " SURVEY_COLS "WHERE ?1 = 0 OR v.org_id IS NULL OR v.org_id "
	    "IN (SELECT id FROM sub) OR v.org_id IN (SELECT id FROM anc)"
	    " ORDER BY v.open_date DESC, v.id DESC LIMIT 500",
	    e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, org_id);
	return sc_list(s, st, sizeof(**out), survey_row, a, (void **)out, n, e,
	               "cannot list surveys");
}

int store_survey_taken(store *s, int64_t survey_id, int64_t account_id)
{
	sql_stmt *st = sql_prep(s,
	                        "SELECT 1 FROM survey_taken WHERE survey_id = "
	                        "?1 AND account_id = ?2",
	                        NULL);
	if (!st)
		return 0;
	sql_bind_int(st, 1, survey_id);
	sql_bind_int(st, 2, account_id);
	int r = sql_step(st) == SQL_ROW;
	sql_reset(st);
	return r;
}

static int taken_insert(store *s, int64_t survey_id, int64_t account_id,
                        att_err *e)
{
	sql_stmt *st = sql_prep(
	    s,
	    "INSERT INTO survey_taken(survey_id, account_id) VALUES (?1, ?2)",
	    e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, survey_id);
	sql_bind_int(st, 2, account_id);
	return sc_step_done(s, st, e, "cannot record survey taken");
}

/* Record that the account answered. For an anonymous survey, rewrite
 * survey_taken's rows of the survey in key order with the account among
 * them: afterwards the cells sit as if inserted in account order, so
 * their physical placement says nothing about who answered when. */
static int taken_write(store *s, int64_t survey_id, int64_t account_id,
                       int anonymous, att_err *e)
{
	if (!anonymous)
		return taken_insert(s, survey_id, account_id, e);
	sql_stmt *st =
	    sql_prep(s,
	             "SELECT account_id FROM survey_taken WHERE survey_id = ?1"
	             " ORDER BY account_id",
	             e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, survey_id);
	size_t cap = 0, k = 0, pos = 0;
	int64_t *ids = NULL;
	int rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		xgrow((void **)&ids, &cap, k + 2, sizeof(*ids));
		ids[k++] = sql_int(st, 0);
	}
	sql_reset(st);
	if (rc != SQL_DONE) {
		free(ids);
		return sql_fail(s, e, "cannot read survey_taken");
	}
	xgrow((void **)&ids, &cap, k + 1, sizeof(*ids));
	while (pos < k && ids[pos] < account_id)
		pos++;
	memmove(&ids[pos + 1], &ids[pos], (k - pos) * sizeof(*ids));
	ids[pos] = account_id;
	k++;
	st = sql_prep(s, "DELETE FROM survey_taken WHERE survey_id = ?1", e);
	rc = st ? ATT_OK : ATT_EIO;
	if (st) {
		sql_bind_int(st, 1, survey_id);
		rc = sc_step_done(s, st, e, "cannot rewrite survey_taken");
	}
	for (size_t i = 0; i < k && !rc; i++)
		rc = taken_insert(s, survey_id, ids[i], e);
	free(ids);
	return rc;
}

/* Check an answer before anything is written: a signed-in account of
 * the survey's audience, inside its window, each question of the survey
 * at most once with a value it takes. */
static int answer_check(const collect_survey *sv, const collect_respondent *r,
                        const collect_answer *ans, int n, const char *today,
                        att_err *e)
{
	if (!r || r->account_id <= 0)
		return err_set(e, ATT_EINPUT,
		               "only a signed-in account can answer a survey");
	if (!r->role || strcmp(r->role, sv->audience) != 0)
		return err_set(e, ATT_EINPUT, "survey '%s' is for %s, not %s",
		               sv->code, sv->audience, r->role ? r->role : "?");
	if (!today || (*sv->open_date && strcmp(today, sv->open_date) < 0) ||
	    (*sv->close_date && strcmp(today, sv->close_date) > 0))
		return err_set(e, ATT_EINPUT,
		               "survey '%s' is open from %s to %s", sv->code,
		               sv->open_date, sv->close_date);
	for (int i = 0; i < n; i++) {
		const collect_question *q = NULL;
		for (int j = 0; j < sv->nq; j++)
			if (sv->q[j].id == ans[i].question_id)
				q = &sv->q[j];
		if (!q)
			return err_set(e, ATT_EINPUT,
			               "question %lld is not in survey '%s'",
			               (long long)ans[i].question_id, sv->code);
		for (int j = 0; j < i; j++)
			if (ans[j].question_id == ans[i].question_id)
				return err_set(e, ATT_EINPUT,
				               "question %d answered twice",
				               q->seq);
		if (!strcmp(q->kind, "likert") &&
		    (ans[i].value < 0 || ans[i].value > 5))
			return err_set(e, ATT_EINPUT,
			               "question %d: answer must be 1 to 5",
			               q->seq);
		if (ans[i].text && strlen(ans[i].text) > 4000)
			return err_set(
			    e, ATT_EINPUT,
			    "question %d: answer longer than 4000 bytes",
			    q->seq);
	}
	return ATT_OK;
}

/* The response row: for an anonymous survey a random positive 62-bit id
 * (retried on the unlikely collision) and the audience as role, which
 * every respondent shares; for a named one the person, school and date. */
static int response_insert(store *s, const collect_survey *sv,
                           const collect_respondent *r, const char *today,
                           int64_t *rid, att_err *e)
{
	sql_stmt *st;
	int rc;
	*rid = 0;
	for (int tries = 0; sv->anonymous && tries < 8 && !*rid; tries++) {
		char hex[17];
		auth_random_hex(hex, 8);
		uint64_t x = strtoull(hex, NULL, 16);
		st = sql_prep(s,
		              "INSERT INTO survey_response(id, survey_id,"
		              " respondent_role) VALUES (?1, ?2, ?3)"
		              " ON CONFLICT (id) DO NOTHING RETURNING id",
		              e);
		if (!st)
			return ATT_EIO;
		sql_bind_int(st, 1, (int64_t)(x >> 2) + 1);
		sql_bind_int(st, 2, sv->id);
		sql_bind_text(st, 3, sv->audience);
		if ((rc =
		         sc_insert_id(s, st, rid, e, "cannot record response")))
			return rc;
	}
	if (sv->anonymous)
		return *rid ? ATT_OK
		            : err_set(e, ATT_EIO, "cannot draw a response id");
	st =
	    sql_prep(s,
	             "INSERT INTO survey_response(survey_id, respondent_role,"
	             " student_id, guardian_id, staff_id, org_id, submitted_on)"
	             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
	             e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, sv->id);
	sql_bind_text(st, 2, sv->audience);
	const int64_t ids[4] = {r->student_id, r->guardian_id, r->staff_id,
	                        r->org_id};
	for (int i = 0; i < 4; i++) {
		if (ids[i] > 0)
			sql_bind_int(st, 3 + i, ids[i]);
		else
			sql_bind_null(st, 3 + i);
	}
	sql_bind_text(st, 7, today);
	return sc_insert_id(s, st, rid, e, "cannot record response");
}

/* The answers of response rid (unanswered questions are left out). */
static int answers_insert(store *s, int64_t rid, const collect_answer *ans,
                          int n, att_err *e)
{
	for (int i = 0; i < n; i++) {
		int has_text = ans[i].text && *ans[i].text;
		if (!ans[i].value && !has_text)
			continue;
		sql_stmt *st = sql_prep(
		    s,
		    "INSERT INTO survey_answer(response_id, "
		    "question_id, value, text) VALUES (?1, ?2, ?3, ?4)",
		    e);
		if (!st)
			return ATT_EIO;
		sql_bind_int(st, 1, rid);
		sql_bind_int(st, 2, ans[i].question_id);
		if (ans[i].value)
			sql_bind_int(st, 3, ans[i].value);
		else
			sql_bind_null(st, 3);
		sql_bind_text(st, 4, has_text ? ans[i].text : NULL);
		int rc = sc_step_done(s, st, e, "cannot record answer");
		if (rc)
			return rc;
	}
	return ATT_OK;
}

/* 1 when survey_id lets student_id answer on today as far as consent
 * goes (SURVEY_CONSENT_SQL); 0 otherwise and on a store error. */
static int survey_consented(store *s, int64_t survey_id, int64_t student_id,
                            const char *today)
{
	sql_stmt *st =
	    sql_prep(s,
	             "SELECT " SURVEY_CONSENT_SQL(
	                 "?2", "?3") " FROM survey v WHERE v.id = ?1",
	             NULL);
	if (!st)
		return 0;
	sql_bind_int(st, 1, survey_id);
	sql_bind_id(st, 2, student_id);
	sql_bind_text(st, 3, today);
	int ok = sql_step(st) == SQL_ROW && sql_int(st, 0) == 1;
	sql_reset(st);
	return ok;
}

int store_survey_answer(store *s, int64_t survey_id,
                        const collect_respondent *r, const collect_answer *ans,
                        int n, const char *today, att_err *e)
{
	arena a;
	arena_init(&a);
	collect_survey sv;
	int64_t rid = 0;
	int rc = store_survey_load(s, survey_id, &a, &sv, e);
	if (rc || (rc = answer_check(&sv, r, ans, n, today, e)))
		goto out;
	if (sv.anonymous && sql_secure_delete(s, 1, e)) {
		rc = ATT_EIO;
		goto out;
	}
	if ((rc = sc_begin(s, e)))
		goto out;
	/* Consent is read inside the transaction: a withdrawal committed
	 * before it holds. */
	if (!survey_consented(s, survey_id, r->student_id, today)) {
		rc = err_set(e, ATT_EINPUT,
		             "survey '%s' needs consent for surveys, which is "
		             "not given for this student",
		             sv.code);
		goto fail;
	}
	if (store_survey_taken(s, survey_id, r->account_id)) {
		rc = err_set(e, ATT_ECONFLICT,
		             "you have already answered survey '%s'", sv.code);
		goto fail;
	}
	if ((rc = response_insert(s, &sv, r, today, &rid, e)) ||
	    (rc = answers_insert(s, rid, ans, n, e)) ||
	    (rc = taken_write(s, survey_id, r->account_id, sv.anonymous, e)))
		goto fail;
	if ((rc = sc_finish(s, e)))
		goto out;
	if (sv.anonymous) {
		/* Move the transaction's frames out of the WAL now rather than
		 * at the next automatic checkpoint (best effort: busy readers
		 * may delay it). */
		store_wal_checkpoint(s, 1, NULL);
	}
	goto out;
fail:
	sc_fail(s, rc);
out:
	if (sv.anonymous)
		sql_secure_delete(s, 0, NULL);
	arena_free(&a);
	return rc;
}

int store_survey_results(store *s, int64_t survey_id, arena *a,
                         collect_q_result **out, int *n, long *responses,
                         att_err *e)
{
	*out = NULL;
	*n = 0;
	collect_survey sv;
	int rc = store_survey_load(s, survey_id, a, &sv, e);
	if (rc)
		return rc;
	*responses = sv.responses;
	collect_q_result *res =
	    arena_alloc(a, sizeof(*res) * (size_t)(sv.nq ? sv.nq : 1));
	for (int i = 0; i < sv.nq; i++) {
		res[i].question_id = sv.q[i].id;
		res[i].kind = sv.q[i].kind;
		res[i].text = sv.q[i].text;
		sql_stmt *st = sql_prep(
		    s,
		    "SELECT value, coalesce(text, '') FROM survey_answer"
		    " WHERE question_id = ?1 ORDER BY response_id",
		    e);
		if (!st)
			return ATT_EIO;
		sql_bind_int(st, 1, sv.q[i].id);
		size_t cap = 0;
		const char **texts = NULL;
		double sum = 0;
		while ((rc = sql_step(st)) == SQL_ROW) {
			int v = sql_null(st, 0) ? 0 : (int)sql_int(st, 0);
			const char *t = sql_text(st, 1);
			if (v >= 1 && v <= 5) {
				res[i].counts[v - 1]++;
				sum += v;
				res[i].n++;
			} else if (*t) {
				xgrow((void **)&texts, &cap,
				      (size_t)res[i].ntexts + 1,
				      sizeof(*texts));
				texts[res[i].ntexts++] = arena_strdup(a, t);
				res[i].n++;
			}
		}
		sql_reset(st);
		if (rc != SQL_DONE) {
			free(texts);
			return sql_fail(s, e, "cannot read answers");
		}
		long nl = res[i].counts[0] + res[i].counts[1] +
		          res[i].counts[2] + res[i].counts[3] +
		          res[i].counts[4];
		res[i].mean = nl ? sum / (double)nl : 0;
		res[i].texts = arena_alloc(
		    a, sizeof(*texts) *
		           (size_t)(res[i].ntexts ? res[i].ntexts : 1));
		if (res[i].ntexts)
			memcpy(res[i].texts, texts,
			       sizeof(*texts) * (size_t)res[i].ntexts);
		free(texts);
	}
	*out = res;
	*n = sv.nq;
	return ATT_OK;
}

/* The survey open (want 1) or closed only for want of consent (want 0)
 * to the account on today: SURVEY_OPEN_SQL, and SURVEY_CONSENT_SQL as
 * want says. */
static int survey_for(store *s, int64_t survey_id, int64_t account_id,
                      const char *today, int want)
{
	sql_stmt *st = sql_prep(
	    s,
	    ACCOUNT_ORGS_CTE "SELECT " SURVEY_CONSENT_SQL(
	        ACCOUNT_STUDENT_SQL, "?3") " FROM survey v WHERE v.id = ?2"
	                                   " AND" SURVEY_OPEN_SQL,
	    NULL);
	if (!st)
		return 0;
	sql_bind_int(st, 1, account_id);
	sql_bind_int(st, 2, survey_id);
	sql_bind_text(st, 3, today);
	int r = sql_step(st) == SQL_ROW && sql_int(st, 0) == want;
	sql_reset(st);
	return r;
}

int store_survey_open_for(store *s, int64_t survey_id, int64_t account_id,
                          const char *today)
{
	return survey_for(s, survey_id, account_id, today, 1);
}

int store_survey_no_consent(store *s, int64_t survey_id, int64_t account_id,
                            const char *today)
{
	return survey_for(s, survey_id, account_id, today, 0);
}

long store_survey_skipped(store *s, int64_t survey_id, const char *today)
{
	sql_stmt *st = sql_prep(
	    s,
	    "WITH RECURSIVE sub(id) AS (SELECT org_id FROM survey WHERE id ="
	    " ?1 UNION ALL SELECT o.id FROM org o JOIN sub ON o.parent_id ="
	    " sub.id)"
	    " SELECT count(DISTINCT p.student_id) FROM survey v JOIN placement"
	    " p ON p.year_id = coalesce(v.year_id, (SELECT y.id FROM"
	    " academic_year y WHERE y.start_date <= ?2 AND y.end_date >= ?2"
	    " ORDER BY y.start_date DESC LIMIT 1))"
	    " WHERE v.id = ?1 AND (v.org_id IS NULL OR p.org_id IN (SELECT id "
	    "FROM sub))"
	    " AND NOT " SURVEY_CONSENT_SQL("p.student_id", "?2"),
	    NULL);
	if (!st)
		return -1;
	sql_bind_int(st, 1, survey_id);
	sql_bind_text(st, 2, today);
	long n = sql_step(st) == SQL_ROW ? (long)sql_int(st, 0) : -1;
	sql_reset(st);
	return n;
}
