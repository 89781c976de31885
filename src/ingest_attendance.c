/*
 * ingest_attendance.c - attendance rows of an import: each (student, day,
 * status) set in a per-student-year marks buffer (a hash map of the
 * batch; a day given twice is a duplicate), then at the end of the file
 * merged into the stored 4-bit-per-day blobs (attendance.h), counting the
 * days inserted, updated and unchanged.
 */
#include <stdlib.h>
#include <string.h>

#include "attendance.h"
#include "ingest_internal.h"

static uint64_t ihash(int64_t a, int64_t b)
{
	uint64_t h = (uint64_t)a * 0x9e3779b97f4a7c15ULL ^
	             ((uint64_t)b + 0x632be59bd9b4e019ULL);
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	return h ^ (h >> 32);
}

static att_ent *att_find(att_map *m, int64_t sid, int64_t yid, int ndays)
{
	if ((m->n + 1) * 2 > m->cap) {
		size_t nc = m->cap ? m->cap * 2 : 1024;
		att_ent *ns = xcalloc(nc, sizeof(att_ent));
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->slot[i].marks)
				continue;
			size_t j =
			    (size_t)ihash(m->slot[i].sid, m->slot[i].yid) &
			    (nc - 1);
			while (ns[j].marks)
				j = (j + 1) & (nc - 1);
			ns[j] = m->slot[i];
		}
		free(m->slot);
		m->slot = ns;
		m->cap = nc;
	}
	size_t i = (size_t)ihash(sid, yid) & (m->cap - 1);
	while (m->slot[i].marks) {
		if (m->slot[i].sid == sid && m->slot[i].yid == yid)
			return &m->slot[i];
		i = (i + 1) & (m->cap - 1);
	}
	att_ent *a = &m->slot[i];
	a->sid = sid;
	a->yid = yid;
	a->ndays = ndays;
	a->marks = arena_alloc(&m->mem, attendance_bytes(ndays) + 1);
	a->seen = arena_alloc(&m->mem, (size_t)ndays / 8 + 1);
	m->n++;
	return a;
}

int ig_put_attendance(ingest *g, const char *const *vals, const int *cols,
                      long line)
{
	const ing_kind *k = g->k;
	int ci = ingest_col_find(k, "date");
	long day = (long)g->val[ci].i;
	ent *y = ig_year_of_day(g, day);
	if (!y) {
		ig_bad(g, line, cols ? cols[ci] : ci + 1, vals[ci],
		       "date outside every academic year");
		return 1;
	}
	int ndays = (int)(y->d1 - y->d0 + 1);
	int64_t sid = g->val[ingest_col_find(k, "student")].i;
	att_ent *a = att_find(&g->att, sid, y->id, ndays);
	int d = (int)(day - y->d0);
	if (a->seen[d / 8] & (1u << (d % 8))) {
		ig_bad(
		    g, line, cols ? cols[ci] : ci + 1, vals[ci],
		    "duplicate row, same student and date as an earlier line");
		return 1;
	}
	a->seen[d / 8] |= (uint8_t)(1u << (d % 8));
	attendance_set(a->marks, attendance_bytes(ndays), d,
	               (int)g->val[ingest_col_find(k, "status")].i);
	return 0;
}

int ig_flush_attendance(ingest *g, att_err *e)
{
	uint8_t old[400];
	for (size_t i = 0; i < g->att.cap; i++) {
		att_ent *a = &g->att.slot[i];
		if (!a->marks)
			continue;
		size_t nb = attendance_bytes(a->ndays), len = 0;
		if (nb > sizeof(old))
			nb = sizeof(old);
		memset(old, 0, sizeof(old));
		int found = sti_att_get(g->s, a->sid, a->yid, old, nb, &len, e);
		if (found < 0)
			return ATT_EIO;
		uint8_t merged[400];
		memcpy(merged, old, nb);
		int changed = 0;
		for (int d = 0; d < a->ndays; d++) {
			if (!(a->seen[d / 8] & (1u << (d % 8))))
				continue;
			int nv = attendance_get(a->marks, nb, d);
			int ov = attendance_get(old, len, d);
			if (nv == ov) {
				g->c.unchanged++;
				continue;
			}
			if (ov == ATT_NONE)
				g->c.inserted++;
			else
				g->c.updated++;
			attendance_set(merged, nb, d, nv);
			changed = 1;
		}
		if ((changed || !found) &&
		    sti_att_put(g->s, a->sid, a->yid, merged, nb, e))
			return ATT_EIO;
	}
	return ATT_OK;
}
