/*
 * store_collect_obs.c - lesson observations: recording one with its rubric
 * scores, listing a teacher's or a school's, and per-criterion aggregates
 * under an org for officers.
 */
#include "store_collect_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attendance.h"
#include "collect_input.h"
#include "store_account.h"

int store_observation_add(store *s, const collect_observation *o,
                          const collect_actor *who, int64_t *id_out, att_err *e)
{
	if (!o->date || strlen(o->date) != 10 || date_parse(o->date) < 0)
		return err_set(e, ATT_EINPUT, "'%s' is not a date (YYYY-MM-DD)",
		               o->date ? o->date : "");
	if (o->nscores < 1 || o->nscores > 40)
		return err_set(e, ATT_EINPUT,
		               "an observation needs 1 to 40 criterion scores");
	for (int i = 0; i < o->nscores; i++) {
		const collect_crit_score *c = &o->scores[i];
		if (!c->criterion || !*c->criterion ||
		    strlen(c->criterion) > 60)
			return err_set(e, ATT_EINPUT,
			               "criterion %d has no name", i + 1);
		if (c->score < 1 || c->score > 4)
			return err_set(e, ATT_EINPUT,
			               "criterion '%s': score must be 1 to 4",
			               c->criterion);
		for (int j = 0; j < i; j++)
			if (!strcmp(o->scores[j].criterion, c->criterion))
				return err_set(e, ATT_EINPUT,
				               "criterion '%s' appears twice",
				               c->criterion);
	}
	if ((o->notes && strlen(o->notes) > 8000) ||
	    (o->next_steps && strlen(o->next_steps) > 8000))
		return err_set(e, ATT_EINPUT,
		               "notes are longer than 8000 bytes");
	int rc = sc_begin(s, e);
	if (rc)
		return rc;
	int64_t org = o->org_id;
	sql_stmt *st = sql_prep(
	    s, "SELECT coalesce(org_id, 0) FROM staff WHERE id = ?1", e);
	if (!st)
		return sc_fail(s, ATT_EIO);
	sql_bind_int(st, 1, o->staff_id);
	int found = sql_step(st) == SQL_ROW;
	if (found && !org)
		org = sql_int(st, 0);
	sql_reset(st);
	if (!found)
		return sc_fail(s, err_set(e, ATT_ENOTFOUND,
		                          "no staff member with id %lld",
		                          (long long)o->staff_id));
	if (!org)
		return sc_fail(s,
		               err_set(e, ATT_EINPUT,
		                       "the observed teacher has no school"));
	char gen[64];
	const char *code = o->code;
	if (!code || !*code) {
		sc_gen_code(s, "observation", "OBS-", gen, sizeof(gen));
		code = gen;
	} else if (store_collect_id(s, "observation", code) >= 0) {
		return sc_fail(s,
		               err_set(e, ATT_EINPUT,
		                       "observation code '%s' is taken", code));
	}
	int64_t observer =
	    o->observer_id ? o->observer_id : (who ? who->staff_id : 0);
	st = sql_prep(
	    s,
	    "INSERT INTO observation(code, staff_id, observer_id, "
	    "org_id, class_id,"
	    " date, rubric, notes, next_steps) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, ?7, ?8, ?9) RETURNING id",
	    e);
	if (!st)
		return sc_fail(s, ATT_EIO);
	sql_bind_text(st, 1, code);
	sql_bind_int(st, 2, o->staff_id);
	if (observer > 0)
		sql_bind_int(st, 3, observer);
	else
		sql_bind_null(st, 3);
	sql_bind_int(st, 4, org);
	if (o->class_id > 0)
		sql_bind_int(st, 5, o->class_id);
	else
		sql_bind_null(st, 5);
	sql_bind_text(st, 6, o->date);
	sql_bind_text(st, 7, o->rubric && *o->rubric ? o->rubric : "default");
	sql_bind_text(st, 8, o->notes && *o->notes ? o->notes : NULL);
	sql_bind_text(st, 9,
	              o->next_steps && *o->next_steps ? o->next_steps : NULL);
	int64_t id;
	if ((rc = sc_insert_id(s, st, &id, e, "cannot record observation")))
		return sc_fail(s, rc);
	for (int i = 0; i < o->nscores; i++) {
		st = sql_prep(s,
		              "INSERT INTO observation_score(observation_id, "
		              "criterion, score)"
		              " VALUES (?1, ?2, ?3)",
		              e);
		if (!st)
			return sc_fail(s, ATT_EIO);
		sql_bind_int(st, 1, id);
		sql_bind_text(st, 2, o->scores[i].criterion);
		sql_bind_int(st, 3, o->scores[i].score);
		if ((rc = sc_step_done(s, st, e, "cannot record score")))
			return sc_fail(s, rc);
	}
	if ((rc = sc_audit(s, who, "observation.add", "observation", code, NULL,
	                   e)))
		return sc_fail(s, rc);
	if ((rc = sc_finish(s, e)))
		return rc;
	if (id_out)
		*id_out = id;
	return ATT_OK;
}

static void obs_row(sql_stmt *st, arena *a, void *elem)
{
	collect_observation *o = elem;
	o->id = sql_int(st, 0);
	o->code = sc_col_dup(a, st, 1);
	o->staff_id = sql_int(st, 2);
	o->staff_name = sc_col_dup(a, st, 3);
	o->observer_id = sql_int(st, 4);
	o->observer_name = sc_col_dup(a, st, 5);
	o->org_id = sql_int(st, 6);
	o->class_id = sql_int(st, 7);
	o->date = sc_col_dup(a, st, 8);
	o->rubric = sc_col_dup(a, st, 9);
	o->notes = sc_col_dup(a, st, 10);
	o->next_steps = sc_col_dup(a, st, 11);
}

static void crit_row(sql_stmt *st, arena *a, void *elem)
{
	collect_crit_score *c = elem;
	c->criterion = sc_col_dup(a, st, 0);
	c->score = (int)sql_int(st, 1);
}

static void agg_row(sql_stmt *st, arena *a, void *elem)
{
	collect_crit_agg *v = elem;
	v->criterion = sc_col_dup(a, st, 0);
	v->n = sql_int(st, 1);
	v->mean = sql_num(st, 2);
	for (int j = 0; j < 4; j++)
		v->counts[j] = sql_int(st, 3 + j);
}

int store_observation_list(store *s, int64_t staff_id, int64_t org_id, arena *a,
                           collect_observation **out, int *n, att_err *e)
{
	*out = NULL;
	*n = 0;
	sql_stmt *st = sql_prep(
	    s,
	    "SELECT o.id, o.code, o.staff_id, t.given_name || ' ' || "
	    "t.family_name,"
	    " coalesce(o.observer_id, 0), coalesce(b.given_name || ' ' || "
	    "b.family_name, ''),"
	    " o.org_id, coalesce(o.class_id, 0), o.date, o.rubric,"
	    " coalesce(o.notes, ''), coalesce(o.next_steps, '')"
	    " FROM observation o JOIN staff t ON t.id = o.staff_id"
	    " LEFT JOIN staff b ON b.id = o.observer_id"
	    " WHERE (?1 = 0 OR o.staff_id = ?1) AND (?2 = 0 OR o.org_id = ?2)"
	    " ORDER BY o.date DESC, o.id DESC LIMIT 500",
	    e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, staff_id);
	sql_bind_int(st, 2, org_id);
	int rc = sc_list(s, st, sizeof(**out), obs_row, a, (void **)out, n, e,
	                 "cannot list observations");
	for (int i = 0; !rc && i < *n; i++) {
		collect_observation *o = &(*out)[i];
		st = sql_prep(s,
		              "SELECT criterion, score FROM observation_score"
		              " WHERE observation_id = ?1 ORDER BY criterion",
		              e);
		if (!st)
			return ATT_EIO;
		sql_bind_int(st, 1, o->id);
		rc = sc_list(s, st, sizeof(*o->scores), crit_row, a,
		             (void **)&o->scores, &o->nscores, e,
		             "cannot read observation scores");
	}
	return rc;
}

int store_observation_aggregate(store *s, int64_t org_id, arena *a,
                                collect_crit_agg **out, int *n,
                                long *observations, long *teachers, att_err *e)
{
	*out = NULL;
	*n = 0;
	*observations = 0;
	*teachers = 0;
	sql_stmt *st = sql_prep(
	    s,
	    "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL SELECT o.id FROM "
	    "org o"
	    " JOIN sub ON o.parent_id = sub.id)"
	    " SELECT count(*), count(DISTINCT staff_id) FROM observation"
	    " WHERE ?1 = 0 OR org_id IN (SELECT id FROM sub)",
	    e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, org_id);
	if (sql_step(st) == SQL_ROW) {
		*observations = sql_int(st, 0);
		*teachers = sql_int(st, 1);
	}
	sql_reset(st);
	st = sql_prep(s,
	              "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL SELECT "
	              "o.id FROM org o"
	              " JOIN sub ON o.parent_id = sub.id)"
	              " SELECT sc.criterion, count(*), avg(sc.score),"
	              " sum(CASE WHEN sc.score = 1 THEN 1 ELSE 0 END),"
	              " sum(CASE WHEN sc.score = 2 THEN 1 ELSE 0 END),"
	              " sum(CASE WHEN sc.score = 3 THEN 1 ELSE 0 END),"
	              " sum(CASE WHEN sc.score = 4 THEN 1 ELSE 0 END)"
	              " FROM observation_score sc JOIN observation o ON o.id = "
	              "sc.observation_id"
	              " WHERE ?1 = 0 OR o.org_id IN (SELECT id FROM sub) GROUP "
	              "BY sc.criterion"
	              " ORDER BY sc.criterion",
	              e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, org_id);
	return sc_list(s, st, sizeof(**out), agg_row, a, (void **)out, n, e,
	               "cannot aggregate observations");
}
