/*
 * fuzz_collect_input.c - libFuzzer harness for the data-entry parsers:
 * a typed score, a pasted spreadsheet column, an item list and a pasted
 * table of marks, all from the same input. Checks the contracts: no crash,
 * every parsed score is finite and non-negative, a column has no more
 * cells than lines, an item list's maxima are above zero, a table's rows
 * sit on lines of the input with 1 to 8 cells.
 *   clang -fsanitize=fuzzer,address,undefined -Isrc fuzz/fuzz_collect_input.c \
 *     src/collect_input.c src/util.c -lm
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collect_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	size_t lines = 1;
	for (size_t i = 0; i < strlen(s); i++)
		lines += s[i] == '\n';
	arena a;
	arena_init(&a);
	att_err e;
	err_clear(&e);
	int has;
	double v;
	if (collect_parse_score(s, &has, &v, &e) == 0 && has &&
	    (!isfinite(v) || v < 0))
		abort();
	collect_cell *c;
	int n, nbad;
	collect_parse_column(s, 5000, &a, &c, &n, &nbad, &e);
	if ((size_t)n > lines || nbad > n)
		abort();
	for (int i = 0; i < n; i++)
		if (!c[i].bad && c[i].has && (!isfinite(c[i].v) || c[i].v < 0))
			abort();
	collect_item_line *it;
	if (collect_parse_items(s, 100, &a, &it, &n, &e) == 0)
		for (int i = 0; i < n; i++)
			if (!(it[i].max_points > 0) || !it[i].code[0])
				abort();
	collect_row *rw;
	if (collect_parse_table(s, 5000, 8, &a, &rw, &n, &e) == 0)
		for (int i = 0; i < n; i++)
			if ((size_t)rw[i].line > lines || rw[i].n < 1 ||
			    rw[i].n > 8)
				abort();
	arena_free(&a);
	free(s);
	return 0;
}
