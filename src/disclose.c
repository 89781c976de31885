/*
 * disclose.c - suppression over a linked release (see disclose.h): exact
 * determinacy of unknown cells by sparse Gauss-Jordan elimination modulo
 * a prime, and the greedy choice of complementary cells.
 */
#include "disclose.h"

#include <stdlib.h>
#include <string.h>

/* ---- arithmetic modulo the Mersenne prime 2^61 - 1 ---- */

#define MOD_P ((uint64_t)0x1FFFFFFFFFFFFFFFull)

static uint64_t mod_mul(uint64_t a, uint64_t b)
{
	unsigned __int128 z = (unsigned __int128)a * b;
	uint64_t r = (uint64_t)(z & MOD_P) + (uint64_t)(z >> 61);
	return r >= MOD_P ? r - MOD_P : r;
}

/* a^(p-2) = a^-1 (Fermat), a != 0. */
static uint64_t mod_inv(uint64_t a)
{
	uint64_t r = 1, e = MOD_P - 2;
	while (e) {
		if (e & 1)
			r = mod_mul(r, a);
		a = mod_mul(a, a);
		e >>= 1;
	}
	return r;
}

/* ---- sparse rows ---- */

typedef struct srow {
	int n;
	int *col;
	uint64_t *val;
} srow;

/* The elimination's state: k unknowns, a dense accumulator with the list
 * of its touched columns, and the basis rows in reduced row echelon form
 * (each pivot column is zero in every other basis row). */
typedef struct elim {
	int k;
	uint64_t *acc;
	int *touched, ntouched;
	unsigned char *in_touched;
	int *pivot_of; /* column -> basis row, -1 */
	srow *rows;
	int nrows;
	int first; /* the first basis row of the current component */
} elim;

static void acc_add(elim *m, int c, uint64_t v)
{
	if (!m->in_touched[c]) {
		m->in_touched[c] = 1;
		m->touched[m->ntouched++] = c;
	}
	m->acc[c] = (m->acc[c] + v) % MOD_P;
}

/* Move the accumulator's non-zeros into r (replacing it); clears it.
 * Returns -1 on no memory. */
static int acc_gather(elim *m, srow *r)
{
	int nz = 0;
	for (int i = 0; i < m->ntouched; i++)
		nz += m->acc[m->touched[i]] != 0;
	int *col = malloc(((size_t)nz + 1) * sizeof(int));
	uint64_t *val = malloc(((size_t)nz + 1) * sizeof(uint64_t));
	if (!col || !val) {
		free(col);
		free(val);
		return -1;
	}
	int j = 0;
	for (int i = 0; i < m->ntouched; i++) {
		int c = m->touched[i];
		if (m->acc[c]) {
			col[j] = c;
			val[j++] = m->acc[c];
		}
		m->acc[c] = 0;
		m->in_touched[c] = 0;
	}
	m->ntouched = 0;
	free(r->col);
	free(r->val);
	*r = (srow){nz, col, val};
	return 0;
}

/* acc -= a * row */
static void acc_sub_row(elim *m, uint64_t a, const srow *row)
{
	for (int i = 0; i < row->n; i++)
		acc_add(m, row->col[i], MOD_P - mod_mul(a, row->val[i]));
}

/* Add the row in the accumulator to the basis: reduce it by every pivot,
 * and when something is left make its first column a pivot and clear that
 * column from the other basis rows. */
static int elim_add(elim *m)
{
	int nt = m->ntouched;
	for (int i = 0; i < nt; i++) {
		int c = m->touched[i];
		int p = m->pivot_of[c];
		if (p >= 0 && m->acc[c])
			acc_sub_row(m, m->acc[c], &m->rows[p]);
	}
	srow nr = {0, NULL, NULL};
	if (acc_gather(m, &nr))
		return -1;
	if (nr.n == 0) {
		free(nr.col);
		free(nr.val);
		return 0;
	}
	int pc = nr.col[0];
	uint64_t inv = mod_inv(nr.val[0]);
	for (int i = 0; i < nr.n; i++)
		nr.val[i] = mod_mul(nr.val[i], inv);
	for (int b = m->first; b < m->nrows; b++) {
		srow *r = &m->rows[b];
		uint64_t a = 0;
		for (int i = 0; i < r->n; i++)
			if (r->col[i] == pc)
				a = r->val[i];
		if (!a)
			continue;
		for (int i = 0; i < r->n; i++)
			acc_add(m, r->col[i], r->val[i]);
		acc_sub_row(m, a, &nr);
		if (acc_gather(m, r))
			return -1;
	}
	m->rows[m->nrows] = nr;
	m->pivot_of[pc] = m->nrows++;
	return 0;
}

static void elim_free(elim *m)
{
	for (int b = 0; b < m->nrows; b++) {
		free(m->rows[b].col);
		free(m->rows[b].val);
	}
	free(m->rows);
	free(m->acc);
	free(m->touched);
	free(m->in_touched);
	free(m->pivot_of);
}

static int uf_find(int *p, int x)
{
	while (p[x] != x) {
		p[x] = p[p[x]];
		x = p[x];
	}
	return x;
}

/*
 * The relations that hold an unknown, grouped by component of the
 * unknowns (two unknowns of one relation are in one component): order[q]
 * for q < nrel the relation index (-1 past the last), order[nrel + q] its
 * component. Returns a malloc'd array, or NULL on no memory.
 */
static int *rel_order(const dc_release *r, const int *colof, int k)
{
	int *p = malloc(((size_t)k + 1) * sizeof(int));
	int *comp = malloc(((size_t)r->nrel + 1) * sizeof(int));
	int *order = malloc((2 * (size_t)r->nrel + 1) * sizeof(int));
	int *start = calloc((size_t)k + 2, sizeof(int));
	if (!p || !comp || !order || !start) {
		free(p);
		free(comp);
		free(order);
		free(start);
		return NULL;
	}
	for (int c = 0; c < k; c++)
		p[c] = c;
	for (int i = 0; i < r->nrel; i++) {
		int first = -1;
		for (int j = r->rel_off[i]; j < r->rel_off[i + 1]; j++) {
			int c = colof[r->rel_cell[j]];
			if (c < 0)
				continue;
			if (first < 0)
				first = uf_find(p, c);
			else
				p[uf_find(p, c)] = first = uf_find(p, first);
		}
		comp[i] = first;
	}
	/* counting sort of the relations by their component's root */
	int n = 0;
	for (int i = 0; i < r->nrel; i++)
		if (comp[i] >= 0) {
			comp[i] = uf_find(p, comp[i]);
			start[comp[i] + 1]++;
			n++;
		}
	for (int c = 0; c < k; c++)
		start[c + 1] += start[c];
	for (int i = 0; i < r->nrel; i++)
		if (comp[i] >= 0) {
			int at = start[comp[i]]++;
			order[at] = i;
			order[r->nrel + at] = comp[i];
		}
	for (int q = n; q < r->nrel; q++)
		order[q] = -1;
	free(p);
	free(comp);
	free(start);
	return order;
}

static int release_ok(const dc_release *r)
{
	if (!r || r->ncell < 0 || r->nrel < 0 || (r->ncell && !r->n) ||
	    (r->nrel && (!r->rel_off || !r->rel_cell)))
		return 0;
	for (int c = 0; c < r->ncell; c++)
		if (r->n[c] < 0)
			return 0;
	for (int i = 0; i < r->nrel; i++)
		if (r->rel_off[i] > r->rel_off[i + 1])
			return 0;
	for (int j = r->nrel ? r->rel_off[0] : 0;
	     r->nrel && j < r->rel_off[r->nrel]; j++)
		if (r->rel_cell[j] < 0 || r->rel_cell[j] >= r->ncell)
			return 0;
	return 1;
}

int disclose_determined(const dc_release *r, const unsigned char *unknown,
                        unsigned char *det)
{
	if (!release_ok(r) || (r->ncell && (!unknown || !det)))
		return -1;
	int *colof = malloc(((size_t)r->ncell + 1) * sizeof(int));
	if (!colof)
		return -1;
	int k = 0;
	for (int c = 0; c < r->ncell; c++)
		colof[c] = unknown[c] ? k++ : -1;
	elim m = {k, NULL, NULL, 0, NULL, NULL, NULL, 0, 0};
	m.acc = calloc((size_t)k + 1, sizeof(uint64_t));
	m.touched = malloc(((size_t)k + 1) * sizeof(int));
	m.in_touched = calloc((size_t)k + 1, 1);
	m.pivot_of = malloc(((size_t)k + 1) * sizeof(int));
	m.rows = calloc((size_t)k + 1, sizeof(srow));
	int rc =
	    m.acc && m.touched && m.in_touched && m.pivot_of && m.rows ? 0 : -1;
	for (int c = 0; !rc && c < k; c++)
		m.pivot_of[c] = -1;
	/* the relations component by component (unknowns linked through
	 * relations): a component's rows never hold another's columns, so
	 * a new pivot is cleared from its own component's rows only */
	int *order = rc ? NULL : rel_order(r, colof, k);
	if (!rc && !order)
		rc = -1;
	int prev = -1;
	for (int q = 0; !rc && order && q < r->nrel; q++) {
		int i = order[q];
		if (i < 0)
			break;
		/* every relation, as a row over the unknowns: -total + parts */
		for (int j = r->rel_off[i]; j < r->rel_off[i + 1]; j++) {
			int c = colof[r->rel_cell[j]];
			if (c >= 0)
				acc_add(&m, c,
				        j == r->rel_off[i] ? MOD_P - 1 : 1);
		}
		int comp = order[r->nrel + q];
		if (comp != prev)
			m.first = m.nrows;
		prev = comp;
		if (m.ntouched)
			rc = elim_add(&m);
	}
	free(order);
	/* a pivot row with no other column: that unknown is a number */
	for (int c = 0; !rc && c < r->ncell; c++) {
		int p = colof[c] >= 0 ? m.pivot_of[colof[c]] : -1;
		det[c] = p >= 0 && m.rows[p].n == 1;
	}
	elim_free(&m);
	free(colof);
	return rc;
}

/* ---- complementary suppression ---- */

/* cell -> relations holding it (CSR); is_total[c]: c is the total of
 * some relation (a margin: blanking one hides a headline figure, so an
 * interior cell is preferred as a complement) */
typedef struct incid {
	int *off, *rel;
	unsigned char *is_total;
} incid;

/* Is complement candidate d cheaper than best (-1: none)? Interior cells
 * before margins, then fewer people, then the lower index. */
static int cheaper(const dc_release *r, const incid *x, int d, int best)
{
	if (best < 0)
		return 1;
	if (x->is_total[d] != x->is_total[best])
		return x->is_total[d] < x->is_total[best];
	if (r->n[d] != r->n[best])
		return r->n[d] < r->n[best];
	return d < best;
}

static int incid_build(const dc_release *r, incid *x)
{
	x->off = calloc((size_t)r->ncell + 2, sizeof(int));
	int total = r->nrel ? r->rel_off[r->nrel] - r->rel_off[0] : 0;
	x->rel = malloc(((size_t)total + 1) * sizeof(int));
	x->is_total = calloc((size_t)r->ncell + 1, 1);
	if (!x->off || !x->rel || !x->is_total)
		return -1;
	for (int i = 0; i < r->nrel; i++)
		if (r->rel_off[i] < r->rel_off[i + 1])
			x->is_total[r->rel_cell[r->rel_off[i]]] = 1;
	for (int i = 0; i < r->nrel; i++)
		for (int j = r->rel_off[i]; j < r->rel_off[i + 1]; j++)
			x->off[r->rel_cell[j] + 2]++;
	for (int c = 0; c < r->ncell; c++)
		x->off[c + 2] += x->off[c + 1];
	for (int i = 0; i < r->nrel; i++)
		for (int j = r->rel_off[i]; j < r->rel_off[i + 1]; j++)
			x->rel[x->off[r->rel_cell[j] + 1]++] = i;
	return 0;
}

/* The smallest shown non-zero cell of the relations of cell c, or -1. */
static int cheapest_near(const dc_release *r, const incid *x,
                         const unsigned char *unknown, int c)
{
	int best = -1;
	for (int q = x->off[c]; q < x->off[c + 1]; q++) {
		int i = x->rel[q];
		for (int j = r->rel_off[i]; j < r->rel_off[i + 1]; j++) {
			int d = r->rel_cell[j];
			if (!unknown[d] && r->n[d] > 0 &&
			    cheaper(r, x, d, best))
				best = d;
		}
	}
	return best;
}

/* A complement for determined cell c: the cheapest shown cell of the
 * relations nearest to c, walking out from c through relations and the
 * unknown cells they hold (breadth first; seen[] is scratch of ncell
 * bytes, queue of ncell ints). */
static int complement_for(const dc_release *r, const incid *x,
                          const unsigned char *unknown, int c,
                          unsigned char *seen, int *queue)
{
	int head = 0, tail = 0, best = -1;
	queue[tail++] = c;
	seen[c] = 1;
	while (head < tail && best < 0) {
		int layer_end = tail;
		for (; head < layer_end; head++) {
			int u = queue[head];
			int b = cheapest_near(r, x, unknown, u);
			if (b >= 0 && cheaper(r, x, b, best))
				best = b;
			for (int q = x->off[u]; q < x->off[u + 1]; q++) {
				int i = x->rel[q];
				for (int j = r->rel_off[i];
				     j < r->rel_off[i + 1]; j++) {
					int v = r->rel_cell[j];
					if (unknown[v] && !seen[v]) {
						seen[v] = 1;
						queue[tail++] = v;
					}
				}
			}
		}
	}
	for (int i = 0; i < tail; i++)
		seen[queue[i]] = 0;
	return best;
}

/* Mark the relations of cell c as changed in this round. */
static void touch_rels(const incid *x, int c, unsigned char *changed)
{
	for (int q = x->off[c]; q < x->off[c + 1]; q++)
		changed[x->rel[q]] = 1;
}

static int any_changed(const incid *x, int c, const unsigned char *changed)
{
	for (int q = x->off[c]; q < x->off[c + 1]; q++)
		if (changed[x->rel[q]])
			return 1;
	return 0;
}

/* A determined cell and the complement chosen for it, ordered cheapest
 * complement first (interior before margin, fewer people, lower index). */
typedef struct pending {
	int cell, comp;
	int margin;
	int64_t n;
} pending;

static int pending_cmp(const void *pa, const void *pb)
{
	const pending *a = pa, *b = pb;
	if (a->margin != b->margin)
		return a->margin < b->margin ? -1 : 1;
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	if (a->comp != b->comp)
		return a->comp < b->comp ? -1 : 1;
	return (a->cell > b->cell) - (a->cell < b->cell);
}

/*
 * Rounds: find the determined cells that must not be and the cheapest
 * complement of each; take the complements cheapest first, skipping a
 * cell whose relations another complement of this round changed (it may
 * be protected already: the next round tells); stop when a round adds
 * nothing.
 */
int disclose_protect(const dc_release *r, int min, unsigned char *mask)
{
	if (!release_ok(r) || min < 1 || (r->ncell && !mask))
		return -1;
	size_t nc = (size_t)r->ncell + 1;
	unsigned char *unknown = calloc(nc, 1), *need = calloc(nc, 1),
	              *det = calloc(nc, 1),
	              *changed = calloc((size_t)r->nrel + 1, 1);
	pending *pend = malloc(nc * sizeof(pending));
	unsigned char *seen = calloc(nc, 1);
	int *queue = malloc(nc * sizeof(int));
	incid x = {NULL, NULL, NULL};
	int rc = unknown && need && det && changed && pend && seen && queue
	             ? incid_build(r, &x)
	             : -1;
	for (int c = 0; !rc && c < r->ncell; c++) {
		int implied = r->flags && (r->flags[c] & DC_IMPLIED);
		int small = r->n[c] > 0 && r->n[c] < min;
		mask[c] = small ? DC_PRIMARY : DC_SHOWN;
		unknown[c] = (unsigned char)(small || implied);
		need[c] = (unsigned char)small;
	}
	while (!rc) {
		if (disclose_determined(r, unknown, det)) {
			rc = -1;
			break;
		}
		memset(changed, 0, (size_t)r->nrel + 1);
		int added = 0, left = 0;
		for (int c = 0; c < r->ncell; c++) {
			if (!need[c] || !det[c])
				continue;
			int b = complement_for(r, &x, unknown, c, seen, queue);
			if (b >= 0)
				pend[left] =
				    (pending){c, b, x.is_total[b], r->n[b]};
			else
				pend[left] = (pending){c, -1, 2, 0};
			left++;
		}
		qsort(pend, (size_t)left, sizeof(pending), pending_cmp);
		for (int i = 0; i < left; i++) {
			int c = pend[i].cell, b = pend[i].comp;
			if (b < 0 || any_changed(&x, c, changed) || unknown[b])
				continue;
			mask[b] = DC_COMPLEMENTARY;
			unknown[b] = 1;
			touch_rels(&x, c, changed);
			touch_rels(&x, b, changed);
			added++;
		}
		if (!added) {
			rc = left;
			break;
		}
	}
	/* A complement the relations determine anyway tells the reader
	 * nothing new when shown: show it (every blanked cell is then
	 * undetermined, and determinacy of the rest does not change). */
	if (rc >= 0 && disclose_determined(r, unknown, det) == 0)
		for (int c = 0; c < r->ncell; c++)
			if (mask[c] == DC_COMPLEMENTARY && det[c])
				mask[c] = DC_SHOWN;
	free(x.off);
	free(x.rel);
	free(x.is_total);
	free(unknown);
	free(need);
	free(det);
	free(changed);
	free(pend);
	free(seen);
	free(queue);
	return rc;
}
