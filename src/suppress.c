/*
 * suppress.c - small-cell suppression with complementary suppression
 * (method and references in suppress.h).
 */
#include "suppress.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

int suppress_is_small(long n, int min, int flags)
{
	if (n < 0)
		return 1;
	if (n == 0)
		return (flags & SUPPRESS_ZEROS) ? 1 : 0;
	return n < min;
}

int suppress_list(const long *counts, int n, int min, int flags,
                  unsigned char *mask)
{
	if (n < 0 || min < 1 || (n > 0 && !counts) || !mask)
		return -1;
	long total = 0;
	for (int i = 0; i < n; i++) {
		if (counts[i] < 0)
			return -1;
		total += counts[i];
	}
	int nsup = 0;
	for (int i = 0; i <= n; i++) {
		long v = i < n ? counts[i] : total;
		mask[i] = suppress_is_small(v, min, flags) ? SUPPRESS_PRIMARY
		                                           : SUPPRESS_SHOWN;
		nsup += mask[i] != SUPPRESS_SHOWN;
	}
	if (nsup != 1)
		return 0;
	int best = -1;
	long bestv = 0;
	for (int i = 0; i <= n; i++) {
		long v = i < n ? counts[i] : total;
		if (mask[i] != SUPPRESS_SHOWN)
			continue;
		if (v == 0 && !(flags & SUPPRESS_ZEROS))
			continue;
		if (best < 0 || v < bestv) {
			best = i;
			bestv = v;
		}
	}
	if (best >= 0)
		mask[best] = SUPPRESS_COMPLEMENTARY;
	return 0;
}

/* The extended (R+1) x (C+1) table and its graph. Node r < R+1 is row r;
 * node R+1+c is column c. */
typedef struct sup_ctx {
	int R1, C1; /* rows and columns including the margins */
	long *val;  /* R1 * C1 */
	unsigned char *mask;
	int flags;
	/* scratch */
	int *queue;
	int *prev_cell; /* cell index used to reach a node, -1 none */
	long long *dist;
	unsigned char *seen;
	int *heap;
	long long *hkey;
} sup_ctx;

/* Is there a path from node `from` to node `to` through suppressed cells
 * other than cell `skip`? Breadth-first. */
static int sup_connected(sup_ctx *s, int from, int to, int skip)
{
	int nn = s->R1 + s->C1;
	memset(s->seen, 0, (size_t)nn);
	int head = 0, tail = 0;
	s->queue[tail++] = from;
	s->seen[from] = 1;
	while (head < tail) {
		int u = s->queue[head++];
		if (u == to)
			return 1;
		int isrow = u < s->R1;
		int lim = isrow ? s->C1 : s->R1;
		for (int k = 0; k < lim; k++) {
			int cell =
			    isrow ? u * s->C1 + k : k * s->C1 + (u - s->R1);
			if (cell == skip || s->mask[cell] == SUPPRESS_SHOWN)
				continue;
			int v = isrow ? s->R1 + k : k;
			if (!s->seen[v]) {
				s->seen[v] = 1;
				s->queue[tail++] = v;
			}
		}
	}
	return 0;
}

/* Binary min-heap keyed on (dist, node) for Dijkstra, lazy deletion. */
static int heap_less(const sup_ctx *s, int i, int j)
{
	if (s->hkey[i] != s->hkey[j])
		return s->hkey[i] < s->hkey[j];
	return s->heap[i] < s->heap[j];
}

static void heap_swap(sup_ctx *s, int i, int j)
{
	int t = s->heap[i];
	s->heap[i] = s->heap[j];
	s->heap[j] = t;
	long long k = s->hkey[i];
	s->hkey[i] = s->hkey[j];
	s->hkey[j] = k;
}

static void heap_push(sup_ctx *s, int *n, int node, long long key)
{
	int i = (*n)++;
	s->heap[i] = node;
	s->hkey[i] = key;
	while (i > 0 && heap_less(s, i, (i - 1) / 2)) {
		heap_swap(s, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static int heap_pop(sup_ctx *s, int *n, long long *key)
{
	int top = s->heap[0];
	*key = s->hkey[0];
	(*n)--;
	if (*n > 0) {
		s->heap[0] = s->heap[*n];
		s->hkey[0] = s->hkey[*n];
		int i = 0;
		for (;;) {
			int l = 2 * i + 1, r = l + 1, m = i;
			if (l < *n && heap_less(s, l, m))
				m = l;
			if (r < *n && heap_less(s, r, m))
				m = r;
			if (m == i)
				break;
			heap_swap(s, i, m);
			i = m;
		}
	}
	return top;
}

/* Cost of using a cell in a protecting cycle; -1 when it may not be used. */
static long long cell_cost(const sup_ctx *s, int cell)
{
	if (s->mask[cell] != SUPPRESS_SHOWN)
		return 0;
	if (s->val[cell] == 0 && !(s->flags & SUPPRESS_ZEROS))
		return -1;
	return (long long)s->val[cell] * 65536 + 1;
}

/* Cheapest path from `from` to `to` avoiding cell `skip`; suppresses the
 * shown cells on it. Returns the number added, 0 when no path exists. */
static int sup_protect(sup_ctx *s, int from, int to, int skip)
{
	int nn = s->R1 + s->C1;
	for (int i = 0; i < nn; i++) {
		s->dist[i] = -1;
		s->prev_cell[i] = -1;
		s->seen[i] = 0;
	}
	/* each relaxation pushes once; bound the heap by the cell count */
	int hn = 0;
	s->dist[from] = 0;
	heap_push(s, &hn, from, 0);
	while (hn > 0) {
		long long d;
		int u = heap_pop(s, &hn, &d);
		if (s->seen[u] || d != s->dist[u])
			continue;
		s->seen[u] = 1;
		if (u == to)
			break;
		int isrow = u < s->R1;
		int lim = isrow ? s->C1 : s->R1;
		for (int k = 0; k < lim; k++) {
			int cell =
			    isrow ? u * s->C1 + k : k * s->C1 + (u - s->R1);
			if (cell == skip)
				continue;
			long long w = cell_cost(s, cell);
			if (w < 0)
				continue;
			int v = isrow ? s->R1 + k : k;
			if (s->seen[v])
				continue;
			if (s->dist[v] < 0 || d + w < s->dist[v]) {
				s->dist[v] = d + w;
				s->prev_cell[v] = cell;
				heap_push(s, &hn, v, d + w);
			}
		}
	}
	if (!s->seen[to])
		return 0;
	int added = 0;
	for (int v = to; v != from;) {
		int cell = s->prev_cell[v];
		if (s->mask[cell] == SUPPRESS_SHOWN) {
			s->mask[cell] = SUPPRESS_COMPLEMENTARY;
			added++;
		}
		int r = cell / s->C1, c = cell % s->C1;
		v = (v == r) ? s->R1 + c : r;
	}
	return added;
}

int suppress_table(const long *counts, int nrows, int ncols, int min, int flags,
                   unsigned char *mask)
{
	if (nrows < 1 || ncols < 1 || min < 1 || !counts || !mask)
		return -1;
	for (long i = 0; i < (long)nrows * ncols; i++)
		if (counts[i] < 0)
			return -1;
	sup_ctx s = {0};
	s.R1 = nrows + 1;
	s.C1 = ncols + 1;
	s.flags = flags;
	size_t ncell = (size_t)s.R1 * (size_t)s.C1;
	size_t nn = (size_t)s.R1 + (size_t)s.C1;
	s.val = xcalloc(ncell, sizeof(long));
	s.mask = mask;
	for (int r = 0; r < nrows; r++)
		for (int c = 0; c < ncols; c++) {
			long v = counts[(size_t)r * ncols + c];
			s.val[r * s.C1 + c] = v;
			s.val[r * s.C1 + ncols] += v;
			s.val[nrows * s.C1 + c] += v;
			s.val[nrows * s.C1 + ncols] += v;
		}
	int nsup = 0;
	for (size_t i = 0; i < ncell; i++) {
		mask[i] = suppress_is_small(s.val[i], min, flags)
		              ? SUPPRESS_PRIMARY
		              : SUPPRESS_SHOWN;
		nsup += mask[i] != SUPPRESS_SHOWN;
	}
	s.queue = xmalloc(nn * sizeof(int));
	s.prev_cell = xmalloc(nn * sizeof(int));
	s.dist = xmalloc(nn * sizeof(long long));
	s.seen = xmalloc(nn);
	s.heap = xmalloc((ncell + nn) * 2 * sizeof(int));
	s.hkey = xmalloc((ncell + nn) * 2 * sizeof(long long));

	/* Repeat passes until no suppressed cell is a bridge. Each protect
	 * adds at least one cell, so this ends after at most ncell passes. */
	int changed = nsup > 0;
	while (changed) {
		changed = 0;
		for (size_t cell = 0; cell < ncell; cell++) {
			if (mask[cell] == SUPPRESS_SHOWN)
				continue;
			int r = (int)(cell / (size_t)s.C1);
			int c = (int)(cell % (size_t)s.C1);
			int a = r, b = s.R1 + c;
			if (sup_connected(&s, a, b, (int)cell))
				continue;
			int added = sup_protect(&s, a, b, (int)cell);
			if (added > 0) {
				nsup += added;
				changed = 1;
			}
		}
	}
	free(s.val);
	free(s.queue);
	free(s.prev_cell);
	free(s.dist);
	free(s.seen);
	free(s.heap);
	free(s.hkey);
	return nsup;
}
