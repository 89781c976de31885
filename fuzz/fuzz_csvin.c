/*
 * fuzz_csvin.c - libFuzzer harness for the CSV reader (csvin on libcsv):
 * any bytes, read as a CSV stream; every field of every record is touched
 * and its length checked against its terminator.
 */
#include <stdint.h>
#include <string.h>

#include "csvin.h"

static int on_row(void *ctx, const csvin_row *r)
{
	size_t *sum = ctx;
	for (int i = 0; i < r->nf; i++) {
		if (strlen(r->f[i]) > r->len[i])
			__builtin_trap();
		*sum += r->len[i] + (size_t)r->line;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	csvin *c = csvin_mem_alloc(data, size, "fuzz");
	size_t sum = 0;
	att_err e;
	err_clear(&e);
	csvin_run(c, on_row, &sum, &e);
	csvin_free(c);
	return 0;
}
