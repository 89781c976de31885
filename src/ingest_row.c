/*
 * ingest_row.c - one row of the import applied: its fields checked for
 * valid UTF-8 and its names, codes and free text for the characters they
 * may not hold (escape.h), its values validated (ingest_check.c), then handed
 * to the attendance or score accumulators or upserted through store_ingest's
 * keyed writer (inserted, updated or unchanged), the codes a row defines
 * entering the maps at once so later rows may reference them; and rows
 * deleted by key (OneRoster deltas), each deletion written to the audit
 * log in the batch's transaction, as is each consent row written (a
 * change of consent: consent-grant or consent-withdraw).
 */
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "ingest_internal.h"
#include "store_account.h"
#include "store_erase.h"

static int build_writer(ingest *g, const char *const *vals, att_err *e)
{
	const ing_kind *k = g->k;
	const char *cols[64];
	int n = 0, nkey = 0;
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < k->ncols; i++) {
			const ing_col *c = &k->cols[i];
			if (!c->db || (c->flags & IF_NOSTORE))
				continue;
			int key = (c->flags & IF_KEY) != 0;
			if (key != (pass == 0))
				continue;
			if (c->type != IT_CONST && !vals[i])
				continue;
			cols[n] = c->db;
			g->wcols[n++] = i;
			nkey += key;
		}
	}
	g->nw = n;
	int has_id =
	    k->defines >= 0 || strcmp(k->table, "behaviour_event") == 0 ||
	    strcmp(k->table, "goal") == 0 || strcmp(k->table, "consent") == 0;
	g->w = sti_writer_alloc(g->s, k->table, cols, n, nkey, has_id, e);
	if (g->w)
		g->wdel = sti_writer_alloc(g->s, k->table, cols, nkey, nkey,
		                           has_id, e);
	return g->w && g->wdel ? ATT_OK : ATT_EIO;
}

/* Key string of a defined entity (items and questions are scoped). */
static const char *entity_key(ingest *g, const char *const *vals)
{
	const ing_kind *k = g->k;
	buf_clear(&g->tmp);
	if (k->defines == STE_ITEM) {
		buf_printf(&g->tmp, "%s\x1f%s",
		           vals[ingest_col_find(k, "assessment")],
		           vals[ingest_col_find(k, "code")]);
	} else if (k->defines == STE_QUESTION) {
		int64_t seq = 0;
		ig_parse_int(vals[ingest_col_find(k, "seq")], &seq);
		buf_printf(&g->tmp, "%s\x1f%lld",
		           vals[ingest_col_find(k, "survey")], (long long)seq);
	} else {
		buf_adds(&g->tmp, vals[ingest_col_find(k, "code")]);
	}
	return g->tmp.data;
}
/* Every field must be valid UTF-8: a problem names the first bad byte. */
static void check_utf8(ingest *g, long line, char *const *raw, int nraw)
{
	for (int i = 0; i < nraw; i++) {
		const char *f = raw[i];
		size_t n = strlen(f);
		const unsigned char *p = (const unsigned char *)f;
		size_t j = 0;
		while (j < n && p[j] < 0x80)
			j++;
		if (j == n)
			continue;
		if (!utf8_valid(f, n)) {
			size_t at = 0;
			while (at < n) {
				int l = utf8_seq_len(p + at);
				if (!l)
					break;
				at += (size_t)l;
			}
			char what[80];
			snprintf(what, sizeof(what),
			         "invalid UTF-8 (byte 0x%02x at byte %zu of "
			         "the field)",
			         at < n ? p[at] : 0, at + 1);
			ig_bad(g, line, i + 1, f, "%s", what);
		}
	}
}

/* Names and codes hold no character that could let them pose as another
 * or be cut short, free text none whose effect runs past its end
 * (escape.h, text_check): each refused field is a problem naming the
 * character and its byte. */
static void check_chars(ingest *g, const char *const *vals, const int *cols,
                        long line)
{
	const ing_kind *k = g->k;
	for (int j = 0; j < k->ncols && j < 64; j++) {
		const ing_col *c = &k->cols[j];
		const char *v = vals[j];
		if (!v || (c->type != IT_TEXT && c->type != IT_REF))
			continue;
		int free_text = (c->flags & IF_FREE) != 0;
		text_bad tb;
		if (!text_check(v, strlen(v), free_text ? TEXT_FREE : TEXT_NAME,
		                &tb))
			continue;
		ig_bad(g, line, cols && cols[j] ? cols[j] : j + 1, v,
		       "%s U+%04X at byte %zu of the field, not allowed in %s",
		       text_why_words(tb.why), (unsigned)tb.cp, tb.at + 1,
		       free_text ? "text" : "a name or code");
	}
}

static int audit_row(ingest *g, const char *const *vals, long line,
                     const char *action, const char *kind, att_err *e);

/* A consent row written (inserted or changed) is audited as the web's
 * change of consent is: consent-grant or consent-withdraw, target
 * STUDENT/PURPOSE (docs/PRIVACY.md, "Consent"). */
static int audit_consent(ingest *g, const char *const *vals, long line,
                         int outcome, att_err *e)
{
	if (strcmp(g->k->table, "consent") ||
	    (outcome != STI_INSERTED && outcome != STI_UPDATED))
		return ATT_OK;
	int yes = g->val[ingest_col_find(g->k, "granted")].i == 1;
	return audit_row(g, vals, line,
	                 yes ? "consent-grant" : "consent-withdraw", "student",
	                 e);
}

/* Upsert a valid row through the kind's writer (made at its first row),
 * counting it inserted, updated or unchanged; the code a row defines
 * enters its map. 1 when the store refuses the row. */
static int put_row(ingest *g, const char *const *vals, long line,
                   char *const *raw, int nraw, att_err *e)
{
	const ing_kind *k = g->k;
	if (!g->w && build_writer(g, vals, e))
		return ATT_EIO;
	if (k->special == IK_ORG) {
		const char *lv = vals[ingest_col_find(k, "level")];
		smap *lm = ig_map_of(g, STE_LEVEL, e);
		if (!lm)
			return ATT_EIO;
		if (!ig_smap_get(lm, lv)) {
			if (sti_level_ensure(g->s, lv, -1, e))
				return ATT_EIO;
			ig_smap_put(lm, lv, NULL);
		}
	}
	sti_val wv[64];
	for (int i = 0; i < g->nw; i++)
		wv[i] = g->val[g->wcols[i]];
	int outcome;
	int64_t id = 0;
	att_err de;
	err_clear(&de);
	if (sti_put(g->w, wv, &outcome, &id, &de)) {
		ig_bad(g, line, 1, NULL, "%s", de.msg);
		ig_reject(g, line, raw, nraw);
		return 1;
	}
	if (outcome == STI_INSERTED)
		g->c.inserted++;
	else if (outcome == STI_UPDATED)
		g->c.updated++;
	else
		g->c.unchanged++;
	if (audit_consent(g, vals, line, outcome, e))
		return ATT_EIO;
	if (k->defines >= 0) {
		smap *m = ig_map_of(g, k->defines, e);
		if (!m)
			return ATT_EIO;
		ent *x = ig_smap_put(m, entity_key(g, vals), NULL);
		x->id = id;
		if (k->numcol) {
			const sti_val *nv =
			    &g->val[ingest_col_find(k, k->numcol)];
			x->num = nv->t == STI_INT ? (double)nv->i : nv->d;
		}
		if (k->yearcol) {
			int j = ingest_col_find(k, k->yearcol);
			x->year = g->val[j].t == STI_INT ? g->val[j].i : 0;
		}
		if (k->defines == STE_YEAR) {
			x->d0 =
			    (long)g->val[ingest_col_find(k, "start_date")].i;
			x->d1 = (long)g->val[ingest_col_find(k, "end_date")].i;
			ig_years_rebuild(g);
		}
	}
	return 0;
}

int ingest_row(ingest *g, const char *const *vals, const int *cols, long line,
               char *const *raw, int nraw, att_err *e)
{
	const ing_kind *k = g->k;
	g->c.read++;
	if ((g->c.read & 0x3fff) == 0 && g->prog.enabled)
		ingest_progress(g, g->prog.done, g->prog.total);
	g->row_bad = 0;
	buf_clear(&g->reason);
	check_utf8(g, line, raw, nraw);
	if (!g->row_bad)
		check_chars(g, vals, cols, line);
	if (g->row_bad) {
		ig_reject(g, line, raw, nraw);
		return 1;
	}
	if (ig_check_row(g, vals, cols, line, e))
		return ATT_EIO;
	if (!g->row_bad && k->special != IK_ATTENDANCE &&
	    k->special != IK_SCORES)
		ig_check_dup(g, vals, cols, line);
	if (g->row_bad) {
		ig_reject(g, line, raw, nraw);
		return 1;
	}
	if (k->special == IK_ATTENDANCE) {
		if (ig_put_attendance(g, vals, cols, line)) {
			ig_reject(g, line, raw, nraw);
			return 1;
		}
		return 0;
	}
	if (k->special == IK_SCORES)
		return ig_put_score(g, cols, line, raw, nraw, e);
	return put_row(g, vals, line, raw, nraw, e);
}
/* An audit entry about a row, in the batch's transaction: "ACTION
 * KIND:KEY" (a composite key's codes joined by '/'), with the file and
 * line that asked for it. */
static int audit_row(ingest *g, const char *const *vals, long line,
                     const char *action, const char *kind, att_err *e)
{
	const ing_kind *k = g->k;
	buf key;
	buf_init(&key);
	for (int i = 0; i < g->nw; i++) {
		const ing_col *c = &k->cols[g->wcols[i]];
		if (!(c->flags & IF_KEY) || c->type == IT_CONST)
			continue;
		if (key.len)
			buf_addc(&key, '/');
		buf_adds(&key, vals[g->wcols[i]]);
	}
	char detail[600];
	snprintf(detail, sizeof(detail), "import %s line %ld",
	         g->file ? g->file : "", line);
	audit_entry a = {.at = g->o.now,
	                 .username = g->o.actor ? g->o.actor : "import",
	                 .action = action,
	                 .target_kind = kind,
	                 .target = key.data ? key.data : "",
	                 .address = "cli",
	                 .detail = detail};
	int rc = store_audit_add(g->s, &a, e);
	buf_free(&key);
	return rc;
}

/* A student's deletion is an erasure (store_erase.h): every row about
 * them goes, their mentions become their pseudonym, and the tombstone,
 * naming the file and line, is the deletion's audit entry -- all in the
 * batch's transaction. 1 when the row is refused. */
static int erase_student(ingest *g, const char *const *vals, const int *cols,
                         long line, att_err *e)
{
	int ci = ingest_col_find(g->k, "code");
	const char *code = ci >= 0 ? vals[ci] : NULL;
	if (!code || !*code) {
		ig_bad(g, line, cols && ci >= 0 ? cols[ci] : 1, "",
		       "required value missing");
		g->c.rejected++;
		return 1;
	}
	char detail[600];
	snprintf(detail, sizeof(detail), "import %s line %ld",
	         g->file ? g->file : "", line);
	audit_entry by = {.at = g->o.now,
	                  .username = g->o.actor ? g->o.actor : "import",
	                  .address = "cli",
	                  .detail = detail};
	int rc = store_erase_student(g->s, code, &by, NULL, e);
	if (rc == ATT_ENOTFOUND) { /* nothing to delete */
		err_clear(e);
		g->c.unchanged++;
		return 0;
	}
	if (rc)
		return ATT_EIO;
	g->c.deleted++;
	ent *x = ig_smap_get(&g->map[STE_STUDENT], code);
	if (x)
		x->id = -1; /* keep the slot; mark gone */
	return 0;
}

int ingest_delete(ingest *g, const char *const *vals, const int *cols,
                  long line, att_err *e)
{
	const ing_kind *k = g->k;
	g->c.read++;
	if (k->defines == STE_STUDENT)
		return erase_student(g, vals, cols, line, e);
	if (!g->w && build_writer(g, vals, e))
		return ATT_EIO;
	sti_val kv[64];
	int nk = 0;
	for (int i = 0; i < g->nw; i++) {
		int ci = g->wcols[i];
		const ing_col *c = &k->cols[ci];
		if (!(c->flags & IF_KEY))
			continue;
		const char *v = vals[ci];
		if (c->type == IT_CONST) {
			kv[nk].t = STI_TEXT;
			kv[nk++].s = c->arg;
			continue;
		}
		if (!v || !*v) {
			ig_bad(g, line, cols ? cols[ci] : ci + 1, "",
			       "required value missing");
			g->c.rejected++;
			return 1;
		}
		if (c->type == IT_REF) {
			int64_t id = ingest_lookup(g, c->ref, v);
			if (id < 0) { /* nothing to delete */
				g->c.unchanged++;
				return 0;
			}
			kv[nk].t = STI_INT;
			kv[nk++].i = id;
		} else {
			kv[nk].t = STI_TEXT;
			kv[nk++].s = v;
		}
	}
	int deleted = 0;
	att_err de;
	err_clear(&de);
	if (sti_delete(g->wdel, kv, &deleted, &de)) {
		ig_bad(g, line, 1, NULL, "%s", de.msg);
		g->c.rejected++;
		return 1;
	}
	if (deleted) {
		if (audit_row(g, vals, line, "delete", k->name, e))
			return ATT_EIO;
		g->c.deleted++;
		if (k->defines >= 0 && k->defines != STE_ITEM &&
		    k->defines != STE_QUESTION) {
			ent *x = ig_smap_get(&g->map[k->defines], vals[0]);
			if (x)
				x->id = -1; /* keep the slot; mark gone */
		}
	} else {
		g->c.unchanged++;
	}
	return 0;
}
