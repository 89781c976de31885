/*
 * ingest_oneroster.c - OneRoster 1.1 / 1.2 CSV bundles (see
 * ingest_oneroster.h and the mapping table in docs/IMPORT.md).
 *
 * Each listed file is read whole with csvin into a small in-memory table
 * (rosters are thousands of rows; results stream through the same batch
 * and are bulk-loaded by the core). The files are then turned into rows of
 * attain's kinds in dependency order -- orgs parents first, school years
 * before terms, users before enrolments and guardian links, line items
 * before results -- and handed to the ingest batch, one pass per target
 * kind, each row carrying its file, line and source columns so problems
 * point into the bundle. Rows with status=tobedeleted in a delta file
 * delete the matching row.
 */
#include "ingest_oneroster.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvin.h"
#include "store_ingest.h"

/* ---- in-memory tables -------------------------------------------------- */

typedef struct ortab {
	const char *name; /* e.g. "users" */
	char *path;
	int mode; /* 0 absent, 1 bulk, 2 delta */
	int nh;
	char **h;
	int n, cap;
	char ***rows;
	int *nf;
	long *line;
	int *used;          /* per header column: read by the mapping */
	int *done;          /* per row: passed to the batch */
	struct orindex *ix; /* hashed lookups by column value (lazy) */
	int nix;
	arena mem; /* the rows: one block each, pointers then field bytes */
} ortab;

/*
 * A hash index over one column of a table: value -> the first row holding
 * it, and from each row the next row holding the same value (file order).
 * Built on first use, so every lookup by sourcedId, userSourcedId or
 * schoolYear is O(1) instead of a scan of the whole file.
 */
typedef struct orindex {
	int col;
	size_t cap; /* slots, a power of two */
	int *slot;  /* first row + 1 with the slot's value, 0 empty */
	int *next;  /* per row: next row with the same value, -1 none */
} orindex;

/* A set of strings (guardian-student pairs already emitted). */
typedef struct strset {
	const char **slot;
	size_t cap, n;
} strset;

enum {
	F_MANIFEST_ONLY = -1,
	T_ORGS,
	T_SESSIONS,
	T_COURSES,
	T_CLASSES,
	T_ROLES,
	T_USERS,
	T_DEMOGRAPHICS,
	T_ENROLLMENTS,
	T_CATEGORIES,
	T_SCALES,
	T_LINEITEMS,
	T_RESULTS,
	T_ALI,
	T_ARESULTS,
	T_NTAB
};
static const char *const tab_names[T_NTAB] = {
    "orgs",
    "academicSessions",
    "courses",
    "classes",
    "roles",
    "users",
    "demographics",
    "enrollments",
    "categories",
    "scoreScales",
    "lineItems",
    "results",
    "assessmentLineItems",
    "assessmentResults",
};

typedef struct orctx {
	ingest *g;
	att_err *e;
	const char *dir;
	ortab t[T_NTAB];
	char version[16];
	uint64_t hash;
	arena a;
	/* emission of one row */
	const ing_kind *k;
	const char *vals[64];
	int cols[64];
} orctx;

typedef struct load_ctx {
	ortab *t;
	ingest *g;
	int header;
} load_ctx;

static int load_cb(void *ctx, const csvin_row *r)
{
	load_ctx *L = ctx;
	ortab *t = L->t;
	int nul = csvin_row_nul(r);
	if (nul && L->header) {
		/* refused here, before anything reads or looks it up */
		ingest_reject_nul(L->g, t->path, t->h, t->nh, r->line, nul,
		                  r->f, r->nf);
		return 0;
	}
	if (nul) {
		att_err ne;
		csvin_check_nul(r, t->path, &ne);
		ingest_problem(L->g, t->path, r->line, nul, ne.msg, NULL);
		ingest_fatal(L->g);
	}
	if (!L->header) {
		L->header = 1;
		t->nh = r->nf;
		t->h = xcalloc((size_t)r->nf, sizeof(char *));
		t->used = xcalloc((size_t)r->nf, sizeof(int));
		for (int i = 0; i < r->nf; i++)
			t->h[i] = xstrdup(r->f[i]);
		return 0;
	}
	if (t->n + 1 > t->cap) {
		int nc = t->cap ? t->cap * 2 : 64;
		t->rows = xrealloc(t->rows, (size_t)nc * sizeof(char **));
		t->nf = xrealloc(t->nf, (size_t)nc * sizeof(int));
		t->line = xrealloc(t->line, (size_t)nc * sizeof(long));
		t->cap = nc;
	}
	/* One arena block per row (no allocation per field). */
	size_t bytes = ((size_t)r->nf + 1) * sizeof(char *);
	for (int i = 0; i < r->nf; i++)
		bytes += r->len[i] + 1;
	char **row = arena_alloc(&t->mem, bytes);
	char *p = (char *)(row + r->nf + 1);
	for (int i = 0; i < r->nf; i++) {
		memcpy(p, r->f[i], r->len[i] + 1);
		row[i] = p;
		p += r->len[i] + 1;
	}
	t->rows[t->n] = row;
	t->nf[t->n] = r->nf;
	t->line[t->n] = r->line;
	t->n++;
	return 0;
}

static void tab_free(ortab *t)
{
	for (int i = 0; i < t->nix; i++) {
		free(t->ix[i].slot);
		free(t->ix[i].next);
	}
	free(t->ix);
	arena_free(&t->mem);
	for (int i = 0; i < t->nh; i++)
		free(t->h[i]);
	free(t->h);
	free(t->rows);
	free(t->nf);
	free(t->line);
	free(t->used);
	free(t->done);
	free(t->path);
}

static int col_of(ortab *t, const char *name)
{
	for (int i = 0; i < t->nh; i++)
		if (strcmp(t->h[i], name) == 0) {
			t->used[i] = 1;
			return i;
		}
	return -1;
}

/* Field `name` of row r ("" when the column or field is absent). */
static const char *fld(ortab *t, int r, const char *name)
{
	int c = col_of(t, name);
	if (c < 0 || c >= t->nf[r])
		return "";
	return t->rows[r][c];
}

static uint64_t str_hash(const char *s)
{
	return hash64(s, strlen(s), 0x6f6e65726f737465ULL);
}

/* The index of column c of t, built on first use. */
static orindex *index_of(ortab *t, int c)
{
	for (int i = 0; i < t->nix; i++)
		if (t->ix[i].col == c)
			return &t->ix[i];
	t->ix = xrealloc(t->ix, (size_t)(t->nix + 1) * sizeof(orindex));
	orindex *x = &t->ix[t->nix++];
	x->col = c;
	x->cap = 16;
	while (x->cap < (size_t)t->n * 2)
		x->cap *= 2;
	x->slot = xcalloc(x->cap, sizeof(int));
	x->next = xmalloc(((size_t)t->n + 1) * sizeof(int));
	int *last = xmalloc(((size_t)t->n + 1) * sizeof(int));
	for (int r = 0; r < t->n; r++) {
		x->next[r] = -1;
		const char *v = c < t->nf[r] ? t->rows[r][c] : "";
		size_t i = (size_t)str_hash(v) & (x->cap - 1);
		for (;;) {
			int q = x->slot[i] - 1;
			if (q < 0) {
				x->slot[i] = r + 1;
				last[r] = r;
				break;
			}
			const char *w = c < t->nf[q] ? t->rows[q][c] : "";
			if (strcmp(v, w) == 0) {
				x->next[last[q]] = r;
				last[q] = r;
				break;
			}
			i = (i + 1) & (x->cap - 1);
		}
	}
	free(last);
	return x;
}

/* First row (file order) whose column `name` holds v, or -1; further rows
 * with the same value follow through index_next. */
static int row_where(ortab *t, const char *name, const char *v, orindex **ix)
{
	int c = col_of(t, name);
	*ix = NULL;
	if (c < 0 || t->n == 0)
		return -1;
	orindex *x = index_of(t, c);
	*ix = x;
	size_t i = (size_t)str_hash(v) & (x->cap - 1);
	for (int q; (q = x->slot[i] - 1) >= 0; i = (i + 1) & (x->cap - 1)) {
		const char *w = c < t->nf[q] ? t->rows[q][c] : "";
		if (strcmp(v, w) == 0)
			return q;
	}
	return -1;
}

static int index_next(const orindex *x, int r)
{
	return x->next[r];
}

static int row_of(ortab *t, const char *sourced_id)
{
	orindex *ix;
	return row_where(t, "sourcedId", sourced_id, &ix);
}

/* Add s to the set; 1 if it was new, 0 if already there. s is borrowed
 * (it must outlive the set). */
static int strset_add(strset *m, const char *s)
{
	if ((m->n + 1) * 2 > m->cap) {
		size_t nc = m->cap ? m->cap * 2 : 64;
		const char **ns = xcalloc(nc, sizeof(char *));
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->slot[i])
				continue;
			size_t j = (size_t)str_hash(m->slot[i]) & (nc - 1);
			while (ns[j])
				j = (j + 1) & (nc - 1);
			ns[j] = m->slot[i];
		}
		free(m->slot);
		m->slot = ns;
		m->cap = nc;
	}
	size_t i = (size_t)str_hash(s) & (m->cap - 1);
	for (; m->slot[i]; i = (i + 1) & (m->cap - 1))
		if (strcmp(m->slot[i], s) == 0)
			return 0;
	m->slot[i] = s;
	m->n++;
	return 1;
}

static int is_delete(ortab *t, int r)
{
	return t->mode == 2 &&
	       strcasecmp(fld(t, r, "status"), "tobedeleted") == 0;
}

/* First element of a comma-separated list, copied into the arena. */
static const char *first_of(orctx *x, const char *list)
{
	const char *comma = strchr(list, ',');
	size_t n = comma ? (size_t)(comma - list) : strlen(list);
	char *s = arena_alloc(&x->a, n + 1);
	memcpy(s, list, n);
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
	return s;
}

/* OneRoster grade (CEDS): 01..13 -> n, KG/TK -> 0, PK -> -1, IT/PR -> -2. */
static const char *grade_of(orctx *x, const char *grades)
{
	const char *g = first_of(x, grades);
	if (!*g)
		return "";
	if (strcasecmp(g, "KG") == 0 || strcasecmp(g, "TK") == 0)
		return "0";
	if (strcasecmp(g, "PK") == 0)
		return "-1";
	if (strcasecmp(g, "IT") == 0 || strcasecmp(g, "PR") == 0)
		return "-2";
	char *end;
	long v = strtol(g, &end, 10);
	if (*end || end == g)
		return g; /* reported by validation */
	return arena_printf(&x->a, "%ld", v);
}

static const char *date_of(orctx *x, const char *s)
{
	/* dueDate/assignDate may be full date-times: keep the date. */
	if (strlen(s) > 10 && s[10] == 'T')
		return arena_printf(&x->a, "%.10s", s);
	return s;
}

/* ---- emission ---------------------------------------------------------- */

static int pass_begin(orctx *x, ortab *t, const char *kind)
{
	x->k = ingest_kind_find(kind);
	for (int i = 0; i < 64; i++) {
		x->vals[i] = NULL;
		x->cols[i] = 0;
	}
	return ingest_file_begin(x->g, t->path, x->k, t->h, t->nh, x->e);
}

/* Set kind column `name` to v, located at source column `src` of t. */
static void set(orctx *x, ortab *t, const char *name, const char *v,
                const char *src)
{
	int i = ingest_col_find(x->k, name);
	if (i < 0)
		return;
	x->vals[i] = v ? v : "";
	int c = src ? col_of(t, src) : -1;
	x->cols[i] = c >= 0 ? c + 1 : 1;
}

static int emit(orctx *x, ortab *t, int r)
{
	if (!t->done)
		t->done = xcalloc((size_t)t->n + 1, sizeof(int));
	t->done[r] = 1;
	int rc;
	if (is_delete(t, r))
		rc = ingest_delete(x->g, x->vals, x->cols, t->line[r], x->e);
	else
		rc = ingest_row(x->g, x->vals, x->cols, t->line[r], t->rows[r],
		                t->nf[r], x->e);
	return rc == ATT_EIO ? ATT_EIO : ATT_OK;
}

static int pass_end(orctx *x)
{
	return ingest_file_end(x->g, x->e);
}

/* ---- the files ---------------------------------------------------------- */

static const char *const org_depth_names[] = {
    "national", "state", "local", "district", "school", "department"};

/* Depth of org row r within the file (parents first); cycles stop at 64. */
static int org_depth(ortab *t, int r)
{
	int d = 0;
	while (d < 64) {
		const char *p = fld(t, r, "parentSourcedId");
		if (!*p)
			break;
		int q = row_of(t, p);
		if (q < 0)
			break;
		r = q;
		d++;
	}
	return d;
}

static int do_orgs(orctx *x)
{
	ortab *t = &x->t[T_ORGS];
	if (!t->mode)
		return ATT_OK;
	for (size_t i = 0; i < ARRAY_LEN(org_depth_names); i++)
		if (ingest_level_ensure(x->g, org_depth_names[i], (int)i, x->e))
			return ATT_EIO;
	int *depth = xcalloc((size_t)t->n + 1, sizeof(int));
	int maxd = 0;
	for (int r = 0; r < t->n; r++) {
		depth[r] = org_depth(t, r);
		if (depth[r] > maxd)
			maxd = depth[r];
	}
	int rc = pass_begin(x, t, "orgs");
	/* Deletions children first, everything else parents first. */
	for (int d = 0; !rc && d <= maxd; d++)
		for (int r = 0; !rc && r < t->n; r++) {
			if (depth[r] != d || is_delete(t, r))
				continue;
			const char *type = fld(t, r, "type");
			set(x, t, "code", fld(t, r, "sourcedId"), "sourcedId");
			set(x, t, "name", fld(t, r, "name"), "name");
			set(x, t, "parent", fld(t, r, "parentSourcedId"),
			    "parentSourcedId");
			set(x, t, "level", type, "type");
			set(x, t, "is_school",
			    strcmp(type, "school") == 0 ? "1" : "0", "type");
			rc = emit(x, t, r);
		}
	for (int d = maxd; !rc && d >= 0; d--)
		for (int r = 0; !rc && r < t->n; r++)
			if (depth[r] == d && is_delete(t, r)) {
				set(x, t, "code", fld(t, r, "sourcedId"),
				    "sourcedId");
				rc = emit(x, t, r);
			}
	free(depth);
	col_of(t, "identifier");
	return rc ? rc : pass_end(x);
}

/* The schoolYear session a session belongs to (by parent links, or by the
 * schoolYear column naming a schoolYear session's schoolYear). */
static int session_year(ortab *t, int r)
{
	for (int d = 0; d < 16 && r >= 0; d++) {
		if (strcmp(fld(t, r, "type"), "schoolYear") == 0)
			return r;
		const char *p = fld(t, r, "parentSourcedId");
		if (!*p)
			break;
		r = row_of(t, p);
	}
	return -1;
}

static int session_year_any(ortab *t, int r)
{
	int y = session_year(t, r);
	if (y >= 0 || r < 0)
		return y;
	const char *sy = fld(t, r, "schoolYear");
	if (!*sy)
		return -1;
	orindex *ix;
	for (int q = row_where(t, "schoolYear", sy, &ix); q >= 0;
	     q = index_next(ix, q))
		if (strcmp(fld(t, q, "type"), "schoolYear") == 0)
			return q;
	return -1;
}

/* Order of sessions for term numbering: by year, then start date. */
typedef struct sess_key {
	int year;
	const char *start;
} sess_key;

static int sess_cmp(const void *a, const void *b, void *ctx)
{
	const sess_key *k = ctx;
	int x = *(const int *)a, y = *(const int *)b;
	if (k[x].year != k[y].year)
		return k[x].year < k[y].year ? -1 : 1;
	return strcmp(k[x].start, k[y].start);
}

static int do_sessions(orctx *x)
{
	ortab *t = &x->t[T_SESSIONS];
	if (!t->mode)
		return ATT_OK;
	int rc = pass_begin(x, t, "years");
	for (int r = 0; !rc && r < t->n; r++) {
		if (strcmp(fld(t, r, "type"), "schoolYear") != 0 &&
		    !(is_delete(t, r) &&
		      ingest_lookup(x->g, STE_YEAR, fld(t, r, "sourcedId")) >=
		          0))
			continue;
		set(x, t, "code", fld(t, r, "sourcedId"), "sourcedId");
		set(x, t, "name", fld(t, r, "title"), "title");
		set(x, t, "start_date", fld(t, r, "startDate"), "startDate");
		set(x, t, "end_date", fld(t, r, "endDate"), "endDate");
		rc = emit(x, t, r);
	}
	if (!rc)
		rc = pass_end(x);
	if (!rc)
		rc = pass_begin(x, t, "terms");
	/* seq of a session: how many other sessions of its year (school
	 * years themselves aside) start before it -- one sort instead of a
	 * scan per session. */
	sess_key *sk = xcalloc((size_t)t->n + 1, sizeof(sess_key));
	int *ord = xcalloc((size_t)t->n + 1, sizeof(int));
	int *seqof = xcalloc((size_t)t->n + 1, sizeof(int));
	int nord = 0;
	for (int r = 0; r < t->n; r++) {
		sk[r].year = session_year_any(t, r);
		sk[r].start = fld(t, r, "startDate");
		if (strcmp(fld(t, r, "type"), "schoolYear") != 0)
			ord[nord++] = r;
	}
	qsort_r(ord, (size_t)nord, sizeof(int), sess_cmp, sk);
	for (int i = 0, first = 0; i < nord; i++) {
		if (i == 0 || sk[ord[i]].year != sk[ord[i - 1]].year)
			first = i;
		int eq = i;
		while (eq > first && sk[ord[eq - 1]].year == sk[ord[i]].year &&
		       strcmp(sk[ord[eq - 1]].start, sk[ord[i]].start) == 0)
			eq--;
		seqof[ord[i]] = eq - first;
	}
	for (int r = 0; !rc && r < t->n; r++) {
		if (t->done && t->done[r])
			continue;
		const char *type = fld(t, r, "type");
		int y = sk[r].year;
		int seq = seqof[r]; /* (school years were all emitted above) */
		set(x, t, "code", fld(t, r, "sourcedId"), "sourcedId");
		set(x, t, "year", y >= 0 ? fld(t, y, "sourcedId") : "",
		    "parentSourcedId");
		set(x, t, "name", fld(t, r, "title"), "title");
		set(x, t, "kind",
		    strcmp(type, "gradingPeriod") == 0 ? "window" : "term",
		    "type");
		set(x, t, "seq", arena_printf(&x->a, "%d", seq), "startDate");
		set(x, t, "start_date", fld(t, r, "startDate"), "startDate");
		set(x, t, "end_date", fld(t, r, "endDate"), "endDate");
		rc = emit(x, t, r);
	}
	free(sk);
	free(ord);
	free(seqof);
	col_of(t, "schoolYear");
	return rc ? rc : pass_end(x);
}

static int do_courses(orctx *x)
{
	ortab *t = &x->t[T_COURSES];
	if (!t->mode)
		return ATT_OK;
	int rc = pass_begin(x, t, "subjects");
	for (int r = 0; !rc && r < t->n; r++) {
		set(x, t, "code", fld(t, r, "sourcedId"), "sourcedId");
		set(x, t, "name", fld(t, r, "title"), "title");
		rc = emit(x, t, r);
	}
	return rc ? rc : pass_end(x);
}

/* Academic-year sourcedId of a class (from its first term), or "". */
static const char *class_year(orctx *x, int r)
{
	ortab *c = &x->t[T_CLASSES], *s = &x->t[T_SESSIONS];
	const char *term = first_of(x, fld(c, r, "termSourcedIds"));
	int q = row_of(s, term);
	int y = session_year_any(s, q);
	return y >= 0 ? fld(s, y, "sourcedId") : "";
}

static int do_classes(orctx *x)
{
	ortab *t = &x->t[T_CLASSES];
	if (!t->mode)
		return ATT_OK;
	int rc = pass_begin(x, t, "classes");
	for (int r = 0; !rc && r < t->n; r++) {
		set(x, t, "code", fld(t, r, "sourcedId"), "sourcedId");
		set(x, t, "name", fld(t, r, "title"), "title");
		set(x, t, "org", fld(t, r, "schoolSourcedId"),
		    "schoolSourcedId");
		set(x, t, "year", class_year(x, r), "termSourcedIds");
		set(x, t, "grade", grade_of(x, fld(t, r, "grades")), "grades");
		set(x, t, "subject", fld(t, r, "courseSourcedId"),
		    "courseSourcedId");
		rc = emit(x, t, r);
	}
	return rc ? rc : pass_end(x);
}

/* Role of user row r: the users file's role (1.1) or the primary role in
 * roles.csv (1.2). */
static const char *user_role(orctx *x, int r)
{
	ortab *u = &x->t[T_USERS], *ro = &x->t[T_ROLES];
	if (col_of(u, "role") >= 0)
		return fld(u, r, "role");
	const char *id = fld(u, r, "sourcedId");
	const char *any = "";
	orindex *ix;
	for (int q = row_where(ro, "userSourcedId", id, &ix); q >= 0;
	     q = index_next(ix, q)) {
		if (strcmp(fld(ro, q, "roleType"), "primary") == 0)
			return fld(ro, q, "role");
		any = fld(ro, q, "role");
	}
	return any;
}

static const char *user_org(orctx *x, int r)
{
	ortab *u = &x->t[T_USERS], *ro = &x->t[T_ROLES];
	if (col_of(u, "primaryOrgSourcedId") >= 0 &&
	    *fld(u, r, "primaryOrgSourcedId"))
		return fld(u, r, "primaryOrgSourcedId");
	if (col_of(u, "orgSourcedIds") >= 0)
		return first_of(x, fld(u, r, "orgSourcedIds"));
	orindex *ix;
	int q = row_where(ro, "userSourcedId", fld(u, r, "sourcedId"), &ix);
	return q >= 0 ? fld(ro, q, "orgSourcedId") : "";
}

enum { R_OTHER, R_STUDENT, R_STAFF, R_GUARDIAN };

static int role_class(const char *role)
{
	static const char *const staff[] = {"teacher",
	                                    "administrator",
	                                    "aide",
	                                    "proctor",
	                                    "districtAdministrator",
	                                    "siteAdministrator",
	                                    "systemAdministrator",
	                                    "principal",
	                                    "counselor"};
	static const char *const guard[] = {"parent", "guardian", "relative"};
	if (strcmp(role, "student") == 0)
		return R_STUDENT;
	for (size_t i = 0; i < ARRAY_LEN(staff); i++)
		if (strcmp(role, staff[i]) == 0)
			return R_STAFF;
	for (size_t i = 0; i < ARRAY_LEN(guard); i++)
		if (strcmp(role, guard[i]) == 0)
			return R_GUARDIAN;
	return R_OTHER;
}

/* Which kind a user row goes to; a delta deletion without a role is
 * matched against what the store holds. */
static int user_class(orctx *x, int r)
{
	ortab *u = &x->t[T_USERS];
	int c = role_class(user_role(x, r));
	if (c != R_OTHER || !is_delete(u, r))
		return c;
	const char *id = fld(u, r, "sourcedId");
	if (ingest_lookup(x->g, STE_STUDENT, id) >= 0)
		return R_STUDENT;
	if (ingest_lookup(x->g, STE_STAFF, id) >= 0)
		return R_STAFF;
	if (ingest_lookup(x->g, STE_GUARDIAN, id) >= 0)
		return R_GUARDIAN;
	return R_OTHER;
}

static int do_users(orctx *x)
{
	ortab *u = &x->t[T_USERS];
	if (!u->mode)
		return ATT_OK;
	static const char *const kinds[] = {NULL, "students", "staff",
	                                    "guardians"};
	int rc = ATT_OK;
	int *cls = xcalloc((size_t)u->n + 1, sizeof(int));
	for (int r = 0; r < u->n; r++)
		cls[r] = user_class(x, r);
	for (int k = R_STUDENT; !rc && k <= R_GUARDIAN; k++) {
		rc = pass_begin(x, u, kinds[k]);
		for (int r = 0; !rc && r < u->n; r++) {
			if (cls[r] != k)
				continue;
			set(x, u, "code", fld(u, r, "sourcedId"), "sourcedId");
			set(x, u, "given_name", fld(u, r, "givenName"),
			    "givenName");
			set(x, u, "family_name", fld(u, r, "familyName"),
			    "familyName");
			if (k != R_STUDENT)
				set(x, u, "email", fld(u, r, "email"), "email");
			if (k != R_GUARDIAN)
				set(x, u, "active",
				    strcasecmp(fld(u, r, "enabledUser"),
				               "false") == 0
				        ? "0"
				        : "1",
				    "enabledUser");
			if (k == R_STAFF) {
				set(x, u, "org", user_org(x, r),
				    "orgSourcedIds");
				set(x, u, "title", user_role(x, r), "role");
			}
			if (k == R_GUARDIAN) {
				const char *ph = fld(u, r, "phone");
				set(x, u, "phone", *ph ? ph : fld(u, r, "sms"),
				    "phone");
			}
			rc = emit(x, u, r);
		}
		if (!rc)
			rc = pass_end(x);
	}
	int other = 0;
	for (int r = 0; r < u->n; r++)
		if (cls[r] == R_OTHER) {
			other++;
			ingest_count_read(x->g, 1);
		}
	if (other)
		ingest_note(x->g,
		            "%s: %d users of other roles skipped (attain keeps "
		            "students, staff and guardians)",
		            u->path, other);
	/* Guardian links from agentSourcedIds, in either direction. */
	if (!rc && col_of(u, "agentSourcedIds") >= 0) {
		rc = pass_begin(x, u, "guardian_links");
		int n = 0;
		/* Emit each (guardian, student) pair once. */
		strset seen = {NULL, 0, 0};
		for (int r = 0; !rc && r < u->n; r++) {
			if (is_delete(u, r) ||
			    (cls[r] != R_STUDENT && cls[r] != R_GUARDIAN))
				continue;
			const char *list = fld(u, r, "agentSourcedIds");
			const char *me = fld(u, r, "sourcedId");
			while (*list && !rc) {
				const char *a = first_of(x, list);
				const char *comma = strchr(list, ',');
				list = comma ? comma + 1 : "";
				while (*a == ' ')
					a++;
				int q = row_of(u, a);
				int other_cls = q >= 0 ? cls[q] : R_OTHER;
				const char *gd, *st;
				if (cls[r] == R_STUDENT &&
				    other_cls == R_GUARDIAN)
					gd = a, st = me;
				else if (cls[r] == R_GUARDIAN &&
				         other_cls == R_STUDENT)
					gd = me, st = a;
				else
					continue;
				char *key =
				    arena_printf(&x->a, "%s\x1f%s", gd, st);
				if (!strset_add(&seen, key))
					continue;
				set(x, u, "guardian", gd, "agentSourcedIds");
				set(x, u, "student", st, "sourcedId");
				set(x, u, "relation", "parent", NULL);
				int rr = ingest_row(x->g, x->vals, x->cols,
				                    u->line[r], u->rows[r],
				                    u->nf[r], x->e);
				rc = rr == ATT_EIO ? ATT_EIO : ATT_OK;
				n++;
			}
		}
		free(seen.slot);
		if (!rc)
			rc = pass_end(x);
	}
	free(cls);
	return rc;
}

static int do_demographics(orctx *x)
{
	ortab *t = &x->t[T_DEMOGRAPHICS], *u = &x->t[T_USERS];
	if (!t->mode)
		return ATT_OK;
	int rc = pass_begin(x, t, "students");
	int skipped = 0;
	int *stu = xcalloc((size_t)t->n + 1, sizeof(int));
	for (int r = 0; !rc && r < t->n; r++) {
		const char *id = fld(t, r, "sourcedId");
		int q = row_of(u, id);
		if (is_delete(t, r) || q < 0 ||
		    role_class(user_role(x, q)) != R_STUDENT) {
			skipped++;
			ingest_count_read(x->g, 1);
			continue;
		}
		stu[r] = 1;
		const char *sex = fld(t, r, "sex");
		const char *g = strcmp(sex, "female") == 0 ? "F"
		                : strcmp(sex, "male") == 0 ? "M"
		                : *sex                     ? "X"
		                                           : "";
		set(x, t, "code", id, "sourcedId");
		set(x, t, "given_name", fld(u, q, "givenName"), "sourcedId");
		set(x, t, "family_name", fld(u, q, "familyName"), "sourcedId");
		set(x, t, "gender", g, "sex");
		set(x, t, "birth_date", fld(t, r, "birthDate"), "birthDate");
		rc = emit(x, t, r);
	}
	if (!rc)
		rc = pass_end(x);
	/* Race, ethnicity and birthplace become student attributes. */
	static const char *const race[] = {
	    "americanIndianOrAlaskaNative",
	    "asian",
	    "blackOrAfricanAmerican",
	    "nativeHawaiianOrOtherPacificIslander",
	    "white",
	    "demographicRaceTwoOrMoreRaces"};
	static const char *const plain[][2] = {
	    {"hispanicOrLatinoEthnicity", "hispanic_or_latino"},
	    {"countryOfBirthCode", "country_of_birth"},
	    {"stateOfBirthAbbreviation", "state_of_birth"},
	    {"cityOfBirth", "city_of_birth"},
	    {"publicSchoolResidenceStatus", "residence_status"}};
	if (!rc)
		rc = pass_begin(x, t, "student_attributes");
	for (int r = 0; !rc && r < t->n; r++) {
		if (!stu[r])
			continue;
		buf b;
		buf_init(&b);
		for (size_t i = 0; i < ARRAY_LEN(race); i++)
			if (strcasecmp(fld(t, r, race[i]), "true") == 0)
				buf_printf(&b, "%s%s", b.len ? "," : "",
				           race[i]);
		const char *id = fld(t, r, "sourcedId");
		if (b.len) {
			set(x, t, "student", id, "sourcedId");
			set(x, t, "key", "race", NULL);
			set(x, t, "value", arena_strdup(&x->a, b.data),
			    race[0]);
			int rr = ingest_row(x->g, x->vals, x->cols, t->line[r],
			                    t->rows[r], t->nf[r], x->e);
			if (rr == ATT_EIO)
				rc = ATT_EIO;
		}
		buf_free(&b);
		for (size_t i = 0; !rc && i < ARRAY_LEN(plain); i++) {
			const char *v = fld(t, r, plain[i][0]);
			if (!*v)
				continue;
			set(x, t, "student", id, "sourcedId");
			set(x, t, "key", plain[i][1], NULL);
			set(x, t, "value", v, plain[i][0]);
			int rr = ingest_row(x->g, x->vals, x->cols, t->line[r],
			                    t->rows[r], t->nf[r], x->e);
			if (rr == ATT_EIO)
				rc = ATT_EIO;
		}
	}
	free(stu);
	if (!rc)
		rc = pass_end(x);
	if (skipped)
		ingest_note(x->g,
		            "%s: %d rows of users who are not students skipped "
		            "(attain keeps demographics for students)",
		            t->path, skipped);
	return rc;
}

static int do_enrollments(orctx *x)
{
	ortab *t = &x->t[T_ENROLLMENTS];
	if (!t->mode)
		return ATT_OK;
	int rc = pass_begin(x, t, "enrolments");
	int skipped = 0;
	for (int r = 0; !rc && r < t->n; r++) {
		if (strcmp(fld(t, r, "role"), "student") != 0)
			continue;
		set(x, t, "class", fld(t, r, "classSourcedId"),
		    "classSourcedId");
		set(x, t, "student", fld(t, r, "userSourcedId"),
		    "userSourcedId");
		set(x, t, "start_date", date_of(x, fld(t, r, "beginDate")),
		    "beginDate");
		set(x, t, "end_date", date_of(x, fld(t, r, "endDate")),
		    "endDate");
		rc = emit(x, t, r);
	}
	if (!rc)
		rc = pass_end(x);
	if (!rc)
		rc = pass_begin(x, t, "teachers");
	for (int r = 0; !rc && r < t->n; r++) {
		const char *role = fld(t, r, "role");
		if (strcmp(role, "student") == 0)
			continue;
		if (role_class(role) != R_STAFF) {
			skipped++;
			ingest_count_read(x->g, 1);
			continue;
		}
		set(x, t, "class", fld(t, r, "classSourcedId"),
		    "classSourcedId");
		set(x, t, "staff", fld(t, r, "userSourcedId"), "userSourcedId");
		set(x, t, "role",
		    strcmp(role, "teacher") == 0 &&
		            strcasecmp(fld(t, r, "primary"), "false") != 0
		        ? "lead"
		        : "assistant",
		    "primary");
		rc = emit(x, t, r);
	}
	if (!rc)
		rc = pass_end(x);
	if (skipped)
		ingest_note(x->g, "%s: %d enrolments of other roles skipped",
		            t->path, skipped);
	return rc;
}

static const char *scale_name(orctx *x, const char *id)
{
	ortab *s = &x->t[T_SCALES];
	int r = *id ? row_of(s, id) : -1;
	return r >= 0 ? fld(s, r, "title") : "raw";
}

/* One assessment row from a line item whose class gives subject, year and
 * grade. */
static void set_assessment(orctx *x, ortab *t, int r, const char *term)
{
	ortab *c = &x->t[T_CLASSES];
	const char *cls = fld(t, r, "classSourcedId");
	int q = *cls ? row_of(c, cls) : -1;
	const char *mx = fld(t, r, "resultValueMax");
	set(x, t, "code", fld(t, r, "sourcedId"), "sourcedId");
	set(x, t, "name", fld(t, r, "title"), "title");
	set(x, t, "subject", q >= 0 ? fld(c, q, "courseSourcedId") : "",
	    "classSourcedId");
	set(x, t, "year", q >= 0 ? class_year(x, q) : "", "classSourcedId");
	set(x, t, "grade", q >= 0 ? grade_of(x, fld(c, q, "grades")) : "",
	    "classSourcedId");
	set(x, t, "class", cls, "classSourcedId");
	set(x, t, "term", term, "gradingPeriodSourcedId");
	set(x, t, "kind", "formative", NULL);
	set(x, t, "date", date_of(x, fld(t, r, "dueDate")), "dueDate");
	set(x, t, "max_score", *mx ? mx : "100", "resultValueMax");
	set(x, t, "scale", scale_name(x, fld(t, r, "scoreScaleSourcedId")),
	    "scoreScaleSourcedId");
}

/* A term code only if that session is a term we imported (not a year). */
static const char *term_of(orctx *x, const char *id)
{
	ortab *s = &x->t[T_SESSIONS];
	int r = *id ? row_of(s, id) : -1;
	if (r >= 0 && strcmp(fld(s, r, "type"), "schoolYear") == 0)
		return "";
	return id;
}

static int do_lineitems(orctx *x)
{
	ortab *t = &x->t[T_LINEITEMS];
	int rc = ATT_OK;
	if (t->mode) {
		rc = pass_begin(x, t, "assessments");
		for (int r = 0; !rc && r < t->n; r++) {
			const char *gp = fld(t, r, "gradingPeriodSourcedId");
			if (!*gp)
				gp = fld(t, r, "academicSessionSourcedId");
			set_assessment(x, t, r, term_of(x, gp));
			rc = emit(x, t, r);
		}
		col_of(t, "categorySourcedId");
		if (!rc)
			rc = pass_end(x);
	}
	ortab *res = &x->t[T_RESULTS];
	if (!rc && res->mode) {
		rc = pass_begin(x, res, "results");
		for (int r = 0; !rc && r < res->n; r++) {
			set(x, res, "assessment",
			    fld(res, r, "lineItemSourcedId"),
			    "lineItemSourcedId");
			set(x, res, "student", fld(res, r, "studentSourcedId"),
			    "studentSourcedId");
			set(x, res, "score", fld(res, r, "score"), "score");
			rc = emit(x, res, r);
		}
		if (!rc)
			rc = pass_end(x);
	}
	return rc;
}

/* 1.2 assessment line items: top-level ones are assessments, children
 * are items of their parent. */
static int do_assessment_items(orctx *x)
{
	ortab *t = &x->t[T_ALI];
	int rc = ATT_OK;
	if (t->mode) {
		rc = pass_begin(x, t, "assessments");
		for (int r = 0; !rc && r < t->n; r++) {
			if (*fld(t, r, "parentAssessmentLineItemSourcedId"))
				continue;
			set_assessment(x, t, r, "");
			rc = emit(x, t, r);
		}
		if (!rc)
			rc = pass_end(x);
		if (!rc)
			rc = pass_begin(x, t, "items");
		int seq = 0;
		for (int r = 0; !rc && r < t->n; r++) {
			const char *p =
			    fld(t, r, "parentAssessmentLineItemSourcedId");
			if (!*p)
				continue;
			const char *mx = fld(t, r, "resultValueMax");
			set(x, t, "assessment", p,
			    "parentAssessmentLineItemSourcedId");
			set(x, t, "code", fld(t, r, "sourcedId"), "sourcedId");
			set(x, t, "seq", arena_printf(&x->a, "%d", ++seq),
			    "sourcedId");
			set(x, t, "max_points", *mx ? mx : "1",
			    "resultValueMax");
			rc = emit(x, t, r);
		}
		if (!rc)
			rc = pass_end(x);
	}
	ortab *res = &x->t[T_ARESULTS];
	if (rc || !res->mode)
		return rc;
	/* Results of top-level line items are results; of children, item
	 * responses. */
	for (int pass = 0; pass < 2 && !rc; pass++) {
		rc = pass_begin(x, res,
		                pass == 0 ? "results" : "item_responses");
		for (int r = 0; !rc && r < res->n; r++) {
			const char *li =
			    fld(res, r, "assessmentLineItemSourcedId");
			int q = row_of(t, li);
			const char *parent =
			    q >= 0
			        ? fld(t, q, "parentAssessmentLineItemSourcedId")
			        : "";
			if ((pass == 0) != (*parent == '\0'))
				continue;
			if (pass == 0) {
				set(x, res, "assessment", li,
				    "assessmentLineItemSourcedId");
			} else {
				set(x, res, "assessment", parent,
				    "assessmentLineItemSourcedId");
				set(x, res, "item", li,
				    "assessmentLineItemSourcedId");
			}
			set(x, res, "student", fld(res, r, "studentSourcedId"),
			    "studentSourcedId");
			set(x, res, pass == 0 ? "score" : "points",
			    fld(res, r, "score"), "score");
			rc = emit(x, res, r);
		}
		if (!rc)
			rc = pass_end(x);
	}
	return rc;
}

/* ---- manifest and driver ----------------------------------------------- */

typedef struct man_ctx {
	orctx *x;
	const char *path;
	int header;
	int extra_n;
	char extra[1024];
} man_ctx;

static int man_cb(void *ctx, const csvin_row *r)
{
	man_ctx *M = ctx;
	if (csvin_check_nul(r, M->path, M->x->e))
		return ATT_EINPUT;
	if (!M->header) {
		M->header = 1;
		return 0;
	}
	if (r->nf < 2)
		return 0;
	const char *k = r->f[0], *v = r->f[1];
	if (strcmp(k, "oneroster.version") == 0) {
		snprintf(M->x->version, sizeof(M->x->version), "%s", v);
		return 0;
	}
	if (strncmp(k, "file.", 5) != 0)
		return 0;
	int mode = strcasecmp(v, "bulk") == 0    ? 1
	           : strcasecmp(v, "delta") == 0 ? 2
	                                         : 0;
	for (int i = 0; i < T_NTAB; i++)
		if (strcmp(k + 5, tab_names[i]) == 0) {
			M->x->t[i].mode = mode;
			return 0;
		}
	if (mode) {
		size_t l = strlen(M->extra);
		snprintf(M->extra + l, sizeof(M->extra) - l, "%s%s.csv",
		         M->extra_n++ ? ", " : "", k + 5);
	}
	return 0;
}

static int load_file(orctx *x, ortab *t)
{
	csvin *c = NULL;
	if (csvin_open(t->path, &c, x->e)) {
		ingest_problem(x->g, t->path, 0, 0,
		               "file listed in manifest.csv cannot be read",
		               t->path);
		ingest_fatal(x->g);
		err_clear(x->e);
		t->mode = 0;
		return ATT_OK;
	}
	load_ctx L = {t, x->g, 0};
	int rc = csvin_run(c, load_cb, &L, x->e);
	x->hash = hash64(&(uint64_t){csvin_hash(c)}, 8, x->hash);
	csvin_free(c);
	if (rc) {
		ingest_problem(x->g, x->e->file[0] ? x->e->file : t->path,
		               x->e->line, x->e->col, x->e->msg, NULL);
		ingest_fatal(x->g);
		err_clear(x->e);
		t->mode = 0;
	}
	return ATT_OK;
}

/* Report once the columns of a file the mapping never read. */
static void note_unused(orctx *x, ortab *t)
{
	buf b;
	buf_init(&b);
	for (int i = 0; i < t->nh; i++) {
		if (t->used[i])
			continue;
		/* Only columns holding data are worth a note. */
		int any = 0;
		for (int r = 0; r < t->n && !any; r++)
			any = i < t->nf[r] && *t->rows[r][i];
		if (any && strcmp(t->h[i], "dateLastModified") != 0)
			buf_printf(&b, "%s%s", b.len ? ", " : "", t->h[i]);
	}
	if (b.len)
		ingest_note(x->g,
		            "%s: columns with no place in attain skipped: %s",
		            t->path, b.data);
	buf_free(&b);
}

static int oneroster_run(ingest *g, const char *dir, int finish, att_err *e)
{
	orctx *x = xcalloc(1, sizeof(*x));
	x->g = g;
	x->e = e;
	x->dir = dir;
	arena_init(&x->a);
	int rc = ATT_OK;
	char *mpath = arena_printf(&x->a, "%s/manifest.csv", dir);
	csvin *c = NULL;
	if (csvin_open(mpath, &c, e)) {
		err_set(e, ATT_EINPUT,
		        "'%s' is not a OneRoster bundle: no manifest.csv", dir);
		rc = ATT_EINPUT;
		goto out;
	}
	man_ctx M;
	memset(&M, 0, sizeof(M));
	M.x = x;
	M.path = mpath;
	rc = csvin_run(c, man_cb, &M, e);
	x->hash = csvin_hash(c);
	csvin_free(c);
	if (rc)
		goto out;
	if (ingest_begin(g, "oneroster", dir, e)) {
		rc = ATT_EIO;
		goto out;
	}
	for (int i = 0; i < T_NTAB; i++) {
		ortab *t = &x->t[i];
		t->name = tab_names[i];
		t->path = xstrdup(
		    arena_printf(&x->a, "%s/%s.csv", dir, tab_names[i]));
		if (t->mode)
			load_file(x, t);
	}
	if (M.extra_n)
		ingest_note(g, "%s: files with no place in attain skipped: %s",
		            dir, M.extra);
	if (x->t[T_CATEGORIES].mode) {
		ingest_note(g,
		            "%s: %d categories skipped (attain has no "
		            "gradebook categories)",
		            x->t[T_CATEGORIES].path, x->t[T_CATEGORIES].n);
		ingest_count_read(g, x->t[T_CATEGORIES].n);
	}
	if (x->t[T_SCALES].mode)
		ingest_note(g,
		            "%s: %d score scales read for their names only "
		            "(assessment.scale)",
		            x->t[T_SCALES].path, x->t[T_SCALES].n);
	int (*steps[])(orctx *) = {
	    do_orgs,        do_sessions,  do_courses,
	    do_classes,     do_users,     do_demographics,
	    do_enrollments, do_lineitems, do_assessment_items};
	for (size_t i = 0; !rc && i < ARRAY_LEN(steps); i++)
		rc = steps[i](x);
	if (rc)
		goto out;
	for (int i = 0; i < T_NTAB; i++) {
		col_of(&x->t[i], "status");
		col_of(&x->t[i], "dateLastModified");
	}
	for (int i = 0; i < T_NTAB; i++)
		if (x->t[i].mode && i != T_CATEGORIES && i != T_SCALES &&
		    i != T_ROLES)
			note_unused(x, &x->t[i]);
	char hex[17];
	snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)x->hash);
	if (finish)
		rc = ingest_finish(g, hex, e);
out:
	for (int i = 0; i < T_NTAB; i++)
		tab_free(&x->t[i]);
	arena_free(&x->a);
	free(x);
	return rc;
}

int ingest_oneroster_run(ingest *g, const char *dir, att_err *e)
{
	return oneroster_run(g, dir, 1, e);
}

int ingest_oneroster_run_open(ingest *g, const char *dir, att_err *e)
{
	return oneroster_run(g, dir, 0, e);
}
