/*
 * fuzz_ingest_csv.c - libFuzzer harness for every kind's row handling:
 * the first byte picks the kind, the rest is its CSV file (header and
 * rows), imported into a seeded in-memory store and rolled back.
 */
#include <stdint.h>

#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("ATTAIN_NO_PROGRESS", "1", 1);
	fuzz_init_store();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int n;
	const ing_kind *ks = ingest_kinds(&n);
	const ing_kind *k = &ks[data[0] % n];
	static FILE *devnull;
	if (!devnull)
		devnull = fopen("/dev/null", "w");
	ingest_opts o = {.quiet = 1, .msg = devnull};
	ingest *g = ingest_alloc(fuzz_store, &o);
	att_err e;
	err_clear(&e);
	if (ingest_begin(g, k->name, "fuzz", &e) == 0)
		ingest_csv_mem(g, k, "fuzz.csv", (const char *)data + 1,
		               size - 1, NULL, &e);
	ingest_free(g); /* rolls back */
	return 0;
}
