/*
 * ingest_csv.c - one CSV file of one kind into an ingest batch, and the
 * map file (see ingest_csv.h). The header row decides which kind column
 * each field feeds; fields of unknown columns are reported once and
 * ignored; a missing required column stops the file.
 */
#include "ingest_csv.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvin.h"

typedef struct map_row {
	int rename; /* 1 rename, 0 value */
	char *col, *from, *to;
} map_row;

struct ingest_map {
	map_row *r;
	size_t n, cap;
};

typedef struct map_load {
	ingest_map *m;
	const char *path;
	int header;
	att_err *e;
	int ci[4];
} map_load;

static int map_row_cb(void *ctx, const csvin_row *r)
{
	map_load *L = ctx;
	static const char *const names[4] = {"type", "column", "from", "to"};
	if (csvin_check_nul(r, L->path, L->e))
		return ATT_EINPUT;
	if (!L->header) {
		L->header = 1;
		for (int j = 0; j < 4; j++) {
			L->ci[j] = -1;
			for (int i = 0; i < r->nf; i++)
				if (strcasecmp(r->f[i], names[j]) == 0)
					L->ci[j] = i;
			if (L->ci[j] < 0 && j != 1)
				return err_set_at(
				    L->e, ATT_EINPUT, L->path, 1, 1,
				    "map file needs columns "
				    "type,column,from,to (found no '%s')",
				    names[j]);
		}
		return 0;
	}
	const char *f[4];
	for (int j = 0; j < 4; j++)
		f[j] = L->ci[j] >= 0 && L->ci[j] < r->nf ? r->f[L->ci[j]] : "";
	int ren = strcasecmp(f[0], "rename") == 0;
	if (!ren && strcasecmp(f[0], "value") != 0)
		return err_set_at(
		    L->e, ATT_EINPUT, L->path, r->line, L->ci[0] + 1,
		    "map type must be rename or value (found '%s')", f[0]);
	if (!ren && !*f[1])
		return err_set_at(
		    L->e, ATT_EINPUT, L->path, r->line, L->ci[1] + 1,
		    "a value mapping needs its column (found '')");
	ingest_map *m = L->m;
	xgrow((void **)&m->r, &m->cap, m->n + 1, sizeof(map_row));
	map_row *x = &m->r[m->n++];
	x->rename = ren;
	x->col = xstrdup(f[1]);
	x->from = xstrdup(f[2]);
	x->to = xstrdup(f[3]);
	return 0;
}

int ingest_map_load(const char *path, ingest_map **out, att_err *e)
{
	csvin *c = NULL;
	if (csvin_open(path, &c, e))
		return ATT_EINPUT;
	ingest_map *m = xcalloc(1, sizeof(*m));
	map_load L = {m, path, 0, e, {0}};
	int rc = csvin_run(c, map_row_cb, &L, e);
	csvin_free(c);
	if (rc) {
		ingest_map_free(m);
		return ATT_EINPUT;
	}
	*out = m;
	return ATT_OK;
}

void ingest_map_free(ingest_map *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++) {
		free(m->r[i].col);
		free(m->r[i].from);
		free(m->r[i].to);
	}
	free(m->r);
	free(m);
}

const char *ingest_map_column(const ingest_map *m, const char *name)
{
	for (size_t i = 0; m && i < m->n; i++)
		if (m->r[i].rename && strcmp(m->r[i].from, name) == 0)
			return m->r[i].to;
	return name;
}

const char *ingest_map_value(const ingest_map *m, const char *col,
                             const char *value)
{
	for (size_t i = 0; m && i < m->n; i++)
		if (!m->r[i].rename && strcmp(m->r[i].col, col) == 0 &&
		    strcmp(m->r[i].from, value) == 0)
			return m->r[i].to;
	return value;
}

/* ---- the data file ------------------------------------------------------ */

typedef struct csv_state {
	ingest *g;
	const ing_kind *k;
	const ingest_map *m;
	const char *path;
	csvin *c;
	att_err *e;
	int have_header;
	int nheader;
	char **header;
	int *colof;     /* file column -> kind column or -1 */
	int kcol[64];   /* kind column -> file column (0-based) or -1 */
	int cols[64];   /* kind column -> 1-based file column */
	int mapped[64]; /* kind column has value mappings */
	const char *vals[64];
	int status_col; /* file column of a deletion status, -1 none */
	int rc;
} csv_state;

static int header_cb(csv_state *S, const csvin_row *r)
{
	const ing_kind *k = S->k;
	S->nheader = r->nf;
	S->header = xcalloc((size_t)r->nf, sizeof(char *));
	S->colof = xcalloc((size_t)r->nf, sizeof(int));
	for (int j = 0; j < k->ncols; j++) {
		S->kcol[j] = -1;
		S->cols[j] = 0;
		S->mapped[j] = 0;
		for (size_t i = 0; S->m && i < S->m->n; i++)
			if (!S->m->r[i].rename &&
			    strcmp(S->m->r[i].col, k->cols[j].name) == 0)
				S->mapped[j] = 1;
	}
	int bad = 0;
	for (int i = 0; i < r->nf; i++) {
		S->header[i] = xstrdup(r->f[i]);
		S->colof[i] = -1;
		const char *name = ingest_map_column(S->m, r->f[i]);
		int j = -1;
		for (int q = 0; q < k->ncols; q++)
			if (k->cols[q].type != IT_CONST &&
			    strcasecmp(k->cols[q].name, name) == 0)
				j = q;
		if (j < 0 && strcasecmp(name, "status") == 0 &&
		    S->status_col < 0) {
			S->status_col = i; /* deletions (docs/IMPORT.md) */
			continue;
		}
		if (j < 0) {
			fprintf(
			    stderr,
			    "%s:%ld:%d: unknown column, ignored (found '%s')\n",
			    S->path, r->line, i + 1, r->f[i]);
			continue;
		}
		if (S->kcol[j] >= 0) {
			ingest_problem(S->g, S->path, r->line, i + 1,
			               "duplicate column", r->f[i]);
			bad = 1;
			continue;
		}
		S->kcol[j] = i;
		S->cols[j] = i + 1;
		S->colof[i] = j;
	}
	for (int j = 0; j < k->ncols; j++) {
		const ing_col *c = &k->cols[j];
		/* a file with deletions may hold only the keys: a row
		 * that is not a deletion reports what it lacks */
		if (S->kcol[j] < 0 && (c->flags & IF_REQ) &&
		    c->type != IT_CONST && !c->def &&
		    (S->status_col < 0 || (c->flags & IF_KEY))) {
			char what[160];
			snprintf(what, sizeof(what),
			         "required column '%s' missing", c->name);
			ingest_problem(S->g, S->path, r->line, r->nf + 1, what,
			               "");
			bad = 1;
		}
	}
	if (ingest_file_begin(S->g, S->path, k, S->header, S->nheader, S->e))
		return ATT_EIO;
	ingest_set_size_hint(S->g, csvin_size(S->c));
	return bad ? ATT_EINPUT : 0;
}

static int row_cb(void *ctx, const csvin_row *r)
{
	csv_state *S = ctx;
	if (!S->have_header) {
		S->have_header = 1;
		att_err ne;
		err_clear(&ne);
		int rc = csvin_check_nul(r, S->path, &ne);
		if (rc) {
			/* a header with a NUL byte: a problem of the file */
			ingest_problem(S->g, S->path, r->line, ne.col, ne.msg,
			               NULL);
			S->rc = rc;
			return rc;
		}
		rc = header_cb(S, r);
		if (rc)
			S->rc = rc;
		return rc;
	}
	const ing_kind *k = S->k;
	int nul = csvin_row_nul(r);
	if (nul) {
		ingest_reject_nul(S->g, S->path, S->header, S->nheader, r->line,
		                  nul, r->f, r->nf);
		return 0;
	}
	if (r->nf != S->nheader) {
		/* Count the row, report it, reject it. */
		char found[32];
		snprintf(found, sizeof(found), "%d", r->nf);
		char what[96];
		snprintf(what, sizeof(what),
		         "wrong number of fields, expected %d", S->nheader);
		ingest_count_read(S->g, 1);
		ingest_problem(S->g, S->path, r->line,
		               (r->nf < S->nheader ? r->nf : S->nheader) + 1,
		               what, found);
		ingest_reject_raw(S->g, r->line, r->f, r->nf);
		return 0;
	}
	for (int j = 0; j < k->ncols; j++) {
		int i = S->kcol[j];
		if (i < 0) {
			S->vals[j] = NULL;
			continue;
		}
		const char *v = r->f[i];
		if (S->mapped[j])
			v = ingest_map_value(S->m, k->cols[j].name, v);
		S->vals[j] = v;
	}
	ingest_set_offset(S->g, (int64_t)r->offset);
	int rc = S->status_col >= 0 &&
	                 strcasecmp(r->f[S->status_col], "tobedeleted") == 0
	             ? ingest_delete(S->g, S->vals, S->cols, r->line, S->e)
	             : ingest_row(S->g, S->vals, S->cols, r->line, r->f, r->nf,
	                          S->e);
	if (rc == ATT_EIO) {
		S->rc = ATT_EIO;
		return ATT_EIO;
	}
	if ((r->line & 0x3fff) == 0)
		ingest_progress(S->g, r->offset, csvin_size(S->c));
	return 0;
}

static int csv_stream(ingest *g, const ing_kind *k, const char *path, csvin *c,
                      const ingest_map *m, uint64_t *hash, att_err *e)
{
	csv_state S;
	memset(&S, 0, sizeof(S));
	S.g = g;
	S.k = k;
	S.m = m;
	S.path = path;
	S.c = c;
	S.e = e;
	S.status_col = -1;
	int rc = csvin_run(c, row_cb, &S, e);
	if (hash)
		*hash = csvin_hash(c);
	if (rc == ATT_EINPUT && S.rc == 0) {
		/* Malformed CSV: a problem of the file, not a usage error. */
		ingest_problem(g, e->file[0] ? e->file : path, e->line, e->col,
		               e->msg, NULL);
		ingest_fatal(g);
		err_clear(e);
		rc = ATT_OK;
	} else if (rc == ATT_EINPUT && S.rc == ATT_EINPUT) {
		ingest_fatal(g); /* header problems are recorded */
		rc = ATT_OK;
	}
	if (!S.have_header && rc == ATT_OK) {
		ingest_problem(g, path, 1, 1, "empty file, no header row", "");
		ingest_fatal(g);
	}
	if (rc == ATT_OK && S.have_header)
		rc = ingest_file_end(g, e);
	for (int i = 0; i < S.nheader; i++)
		free(S.header[i]);
	free(S.header);
	free(S.colof);
	csvin_free(c);
	return rc;
}

int ingest_csv_file(ingest *g, const ing_kind *k, const char *path,
                    const ingest_map *m, uint64_t *hash, att_err *e)
{
	csvin *c = NULL;
	if (csvin_open(path, &c, e))
		return ATT_EINPUT;
	return csv_stream(g, k, path, c, m, hash, e);
}

int ingest_csv_mem(ingest *g, const ing_kind *k, const char *label,
                   const char *data, size_t len, const ingest_map *m,
                   att_err *e)
{
	csvin *c = csvin_mem_alloc(data, len, label);
	return csv_stream(g, k, label, c, m, NULL, e);
}

int ingest_csv_run(ingest *g, const ing_kind *k, const char *path,
                   const ingest_map *m, att_err *e)
{
	if (ingest_begin(g, k->name, path, e))
		return ATT_EIO;
	uint64_t h = 0;
	int rc = ingest_csv_file(g, k, path, m, &h, e);
	if (rc)
		return rc;
	char hex[17];
	snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)h);
	return ingest_finish(g, hex, e);
}
