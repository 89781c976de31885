/*
 * ingest_check.c - validation of one row of the import against the kind
 * catalogue (ingest_kinds.c): each value parsed by its column's type
 * (whole numbers, numbers with a fast exact path, dates, yes/no, enums,
 * attendance statuses) and range, references resolved (scoped codes for
 * items and questions), then the checks across columns (0..max of the
 * referenced assessment or item, dates within the academic year), the
 * checks of a kind (a year ends after it starts, a goal names one owner,
 * an anonymous survey names no one) and duplicate keys within a file.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "attendance.h"
#include "ingest_internal.h"

int ig_parse_int(const char *s, int64_t *out)
{
	char *end;
	if (!*s)
		return -1;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (*end || errno)
		return -1;
	*out = v;
	return 0;
}

static int parse_real(const char *s, double *out)
{
	/* Fast path: [-]digits[.digits] with at most 15 significant digits is
	 * exact: an integer mantissa divided by an exact power of ten, which
	 * IEEE division rounds correctly (the same value strtod gives). */
	static const double p10[] = {1e0,  1e1,  1e2,  1e3, 1e4,  1e5,
	                             1e6,  1e7,  1e8,  1e9, 1e10, 1e11,
	                             1e12, 1e13, 1e14, 1e15};
	const char *p = s;
	int neg = *p == '-';
	p += neg;
	uint64_t m = 0;
	int nd = 0, frac = 0, dot = 0;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			m = m * 10 + (uint64_t)(*p - '0');
			nd++;
			frac += dot;
		} else if (*p == '.' && !dot) {
			dot = 1;
		} else {
			break;
		}
	}
	if (!*p && nd > 0 && nd <= 15) {
		double v = (double)m / p10[frac];
		*out = neg ? -v : v;
		return 0;
	}
	char *end;
	if (!*s)
		return -1;
	double v = strtod(s, &end);
	if (*end || !isfinite(v))
		return -1;
	/* No hex floats or words like "inf"/"nan". */
	for (const char *q = s; *q; q++)
		if (!strchr("0123456789+-.eE", *q))
			return -1;
	*out = v;
	return 0;
}

static int parse_bool(const char *s)
{
	static const char *const t[] = {"1", "true", "yes", "y", "t"};
	static const char *const f[] = {"0", "false", "no", "n", "f"};
	for (size_t i = 0; i < ARRAY_LEN(t); i++)
		if (strcasecmp(s, t[i]) == 0)
			return 1;
	for (size_t i = 0; i < ARRAY_LEN(f); i++)
		if (strcasecmp(s, f[i]) == 0)
			return 0;
	return -1;
}

static int enum_ok(const char *list, const char *s)
{
	size_t n = strlen(s);
	const char *p = list;
	while (p && *p) {
		const char *bar = strchr(p, '|');
		size_t l = bar ? (size_t)(bar - p) : strlen(p);
		if (l == n && strncmp(p, s, n) == 0)
			return 1;
		p = bar ? bar + 1 : NULL;
	}
	return 0;
}

static void fmt_num(char *out, size_t n, double v)
{
	snprintf(out, n, "%.15g", v);
}

/* Resolve a reference (IT_REF) value v of column i into x and g->refs[i]:
 * a scoped code (an item of an assessment, a question of a survey) is
 * looked up under its scope; an unknown code is a problem. */
static int check_ref(ingest *g, int i, const char *v, long col, long line,
                     const char *const *vals, sti_val *x, att_err *e)
{
	const ing_kind *k = g->k;
	const ing_col *c = &k->cols[i];
	smap *m = ig_map_of(g, c->ref, e);
	if (!m)
		return ATT_EIO;
	const char *key = v;
	if (c->scope) {
		int si = ingest_col_find(k, c->scope);
		const char *sv = si >= 0 ? vals[si] : NULL;
		if (!sv || !*sv)
			return ATT_OK; /* the scope is reported */
		buf_clear(&g->tmp);
		if (c->ref == STE_QUESTION) {
			int64_t q;
			if (ig_parse_int(v, &q)) {
				ig_bad(g, line, col, v,
				       "not a question number");
				return ATT_OK;
			}
			buf_printf(&g->tmp, "%s\x1f%lld", sv, (long long)q);
		} else {
			buf_printf(&g->tmp, "%s\x1f%s", sv, v);
		}
		key = g->tmp.data;
	}
	/* A file that defines no entities leaves the maps
	 * alone, so the entry found for the previous row's
	 * code stays valid: a student code repeated row after
	 * row (one row per assessment) is looked up once. */
	refcache *rc = &g->rcache[i];
	ent *r;
	if (!c->scope && k->defines < 0 && rc->e && strcmp(rc->key, v) == 0) {
		r = rc->e;
	} else {
		r = ig_smap_get(m, key);
		size_t kl = strlen(v);
		rc->e = NULL;
		if (r && !c->scope && k->defines < 0 && kl < sizeof(rc->key)) {
			memcpy(rc->key, v, kl + 1);
			rc->e = r;
		}
	}
	if (!r) {
		if (c->scope)
			ig_bad(g, line, col, v, "unknown %s in %s '%s'",
			       ig_ent_name[c->ref], c->scope,
			       vals[ingest_col_find(k, c->scope)]);
		else
			ig_bad(g, line, col, v, "unknown %s",
			       ig_ent_name[c->ref]);
		return ATT_OK;
	}
	g->refs[i] = r;
	x->t = STI_INT;
	x->i = r->id;
	return ATT_OK;
}

/* Parse and check the value of kind column i (its text v, file column
 * col) into g->val[i]; problems are recorded with ig_bad. ATT_EIO only when
 * a map cannot be loaded. */
static int check_value(ingest *g, int i, const char *v, long col, long line,
                       const char *const *vals, att_err *e)
{
	const ing_col *c = &g->k->cols[i];
	sti_val *x = &g->val[i];
	g->refs[i] = NULL;
	x->t = STI_NULL;
	if (c->type == IT_CONST) {
		int64_t iv;
		if (ig_parse_int(c->arg, &iv) == 0)
			x->t = STI_INT, x->i = iv;
		else
			x->t = STI_TEXT, x->s = c->arg;
		return ATT_OK;
	}
	if (v && !*v && c->def)
		v = c->def;
	if (!v || !*v) {
		if (c->flags & IF_REQ)
			ig_bad(g, line, col, v ? "" : NULL,
			       v ? "required value missing"
			         : "required value missing (no column "
			           "'%s')",
			       c->name);
		else if (v && (c->flags & IF_EMPTY))
			x->t = STI_TEXT, x->s = "";
		return ATT_OK;
	}
	switch (c->type) {
	case IT_TEXT:
		x->t = STI_TEXT;
		x->s = v;
		break;
	case IT_INT:
		if (ig_parse_int(v, &x->i)) {
			ig_bad(g, line, col, v, "not a whole number");
			break;
		}
		if (c->min < c->max &&
		    ((double)x->i < c->min || (double)x->i > c->max)) {
			ig_bad(g, line, col, v, "out of range %.15g..%.15g",
			       c->min, c->max);
			break;
		}
		x->t = STI_INT;
		break;
	case IT_REAL:
		if (parse_real(v, &x->d)) {
			ig_bad(g, line, col, v, "not a number");
			break;
		}
		if (c->min < c->max && (x->d < c->min || x->d > c->max)) {
			if (c->min > 0 && c->min < 1e-6)
				ig_bad(g, line, col, v,
				       "must be greater than 0");
			else
				ig_bad(g, line, col, v,
				       "out of range %.15g..%.15g", c->min,
				       c->max);
			break;
		}
		x->t = STI_REAL;
		break;
	case IT_DATE: {
		long d = date_parse(v);
		if (d < 0) {
			ig_bad(g, line, col, v, "not a date YYYY-MM-DD");
			break;
		}
		x->t = STI_TEXT;
		x->s = v;
		x->i = d;
		break;
	}
	case IT_BOOL: {
		int b = parse_bool(v);
		if (b < 0) {
			ig_bad(g, line, col, v, "not a yes/no value (1/0)");
			break;
		}
		x->t = STI_INT;
		x->i = b;
		break;
	}
	case IT_ENUM:
		if (!enum_ok(c->arg, v)) {
			ig_bad(g, line, col, v, "not one of %s", c->arg);
			break;
		}
		x->t = STI_TEXT;
		x->s = v;
		break;
	case IT_STATUS: {
		int code = attendance_code_parse(v);
		if (code < 0) {
			ig_bad(g, line, col, v,
			       "not an attendance status (present, "
			       "absent, excused, late, closed, none)");
			break;
		}
		x->t = STI_INT;
		x->i = code;
		break;
	}
	case IT_REF:
		return check_ref(g, i, v, col, line, vals, x, e);
	}
	return ATT_OK;
}

/* Checks across columns: a score within 0..max of the referenced
 * assessment or item, a date within the referenced academic year. */
static void check_cross(ingest *g, const char *const *vals, const int *cols,
                        long line)
{
	const ing_kind *k = g->k;
	for (int i = 0; i < k->ncols; i++) {
		const ing_col *c = &k->cols[i];
		sti_val *x = &g->val[i];
		long col = cols ? cols[i] : i + 1;
		if (x->t == STI_NULL)
			continue;
		if (c->maxof) {
			int j = g->maxof_ix[i];
			ent *r = j >= 0 ? g->refs[j] : NULL;
			double v = x->t == STI_INT ? (double)x->i : x->d;
			if (r && (v < 0 || v > r->num)) {
				char mx[32];
				fmt_num(mx, sizeof(mx), r->num);
				ig_bad(g, line, col, vals[i],
				       "out of range 0..%s of %s '%s'", mx,
				       ig_ent_name[c->ref ? c->ref
				                          : k->cols[j].ref],
				       vals[j]);
			}
		}
		if (c->yearof && c->type == IT_DATE) {
			int j = g->yearof_ix[i];
			ent *r = j >= 0 ? g->refs[j] : NULL;
			ent *y = NULL;
			if (r)
				y = ig_year_by_id(g, k->cols[j].ref == STE_YEAR
				                         ? r->id
				                         : r->year);
			if (y && (x->i < y->d0 || x->i > y->d1)) {
				char a[11], b[11];
				date_format(y->d0, a);
				date_format(y->d1, b);
				ig_bad(g, line, col, vals[i],
				       "date outside academic year %s, %s..%s",
				       y->key, a, b);
			}
		}
	}
}

/* The checks of a kind: a year ends after it starts, a goal names
 * exactly one owner, an anonymous survey's response names no one. */
static void check_kind(ingest *g, const char *const *vals, const int *cols,
                       long line)
{
	const ing_kind *k = g->k;
	if (k->special == IK_YEAR && !g->row_bad) {
		int a = ingest_col_find(k, "start_date"),
		    b = ingest_col_find(k, "end_date");
		if (g->val[b].i <= g->val[a].i)
			ig_bad(g, line, cols ? cols[b] : b + 1, vals[b],
			       "end_date must be after start_date '%s'",
			       vals[a]);
	}
	if (k->special == IK_GOAL) {
		int n = 0, first = -1;
		static const char *const who[] = {"student", "class", "org"};
		for (int i = 0; i < 3; i++) {
			int j = ingest_col_find(k, who[i]);
			if (vals[j] && *vals[j]) {
				n++;
				if (first < 0)
					first = j;
			}
		}
		if (n != 1) {
			char found[16];
			snprintf(found, sizeof(found), "%d", n);
			ig_bad(
			    g, line, first >= 0 && cols ? cols[first] : 1,
			    found,
			    "exactly one of student, class, org must be given");
		}
	}
	if (g->is_response) {
		ent *sv = g->refs[ingest_col_find(k, "survey")];
		static const char *const who[] = {"student", "guardian",
		                                  "staff"};
		for (int i = 0; sv && sv->num != 0 && i < 3; i++) {
			int j = ingest_col_find(k, who[i]);
			if (vals[j] && *vals[j])
				ig_bad(g, line, cols ? cols[j] : j + 1, vals[j],
				       "survey '%s' is anonymous: no %s may be "
				       "named",
				       vals[ingest_col_find(k, "survey")],
				       who[i]);
		}
	}
}

/*
 * Validate vals into g->val (per kind column) and g->refs. Problems are
 * recorded; g->row_bad tells whether any was found.
 */
int ig_check_row(ingest *g, const char *const *vals, const int *cols, long line,
                 att_err *e)
{
	const ing_kind *k = g->k;
	g->row_bad = 0;
	buf_clear(&g->reason);
	for (int i = 0; i < k->ncols; i++)
		if (check_value(g, i, vals[i], cols ? cols[i] : i + 1, line,
		                vals, e))
			return ATT_EIO;
	check_cross(g, vals, cols, line);
	check_kind(g, vals, cols, line);
	return ATT_OK;
}
/* Duplicate key within the file: key columns' values joined by US. */
void ig_check_dup(ingest *g, const char *const *vals, const int *cols,
                  long line)
{
	const ing_kind *k = g->k;
	buf_clear(&g->tmp);
	int first = -1;
	for (int i = 0; i < k->ncols; i++) {
		if (!(k->cols[i].flags & IF_KEY) || k->cols[i].type == IT_CONST)
			continue;
		if (first < 0)
			first = i;
		const sti_val *x = &g->val[i];
		if (x->t == STI_INT)
			buf_printf(&g->tmp, "%lld\x1f", (long long)x->i);
		else
			buf_printf(&g->tmp, "%s\x1f", vals[i] ? vals[i] : "");
	}
	if (first < 0)
		return;
	int isnew;
	ent *d = ig_smap_put(&g->dups, g->tmp.data, &isnew);
	if (isnew) {
		d->line = line;
		return;
	}
	ig_bad(g, line, cols ? cols[first] : first + 1, vals[first],
	       "duplicate row, same key as line %ld", d->line);
}
