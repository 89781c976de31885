/*
 * fuzz_xapi.c - libFuzzer harness for the xAPI importer: any bytes as a
 * JSON array, statement or JSON lines, against a seeded store and a fixed
 * actors map; rolled back after each run.
 */
#include <stdint.h>

#include "fuzz_common.h"
#include "ingest_xapi.h"

static xapi_actor_map *actors;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("ATTAIN_NO_PROGRESS", "1", 1);
	fuzz_init_store();
	const char *csv = "actor,student\nmailto:a@x,S1\nh|b,S2\nc,S3\n";
	actors = xapi_actor_map_mem_alloc(csv, strlen(csv));
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	if (!devnull)
		devnull = fopen("/dev/null", "w");
	ingest_opts o = {.quiet = 1, .msg = devnull};
	ingest *g = ingest_alloc(fuzz_store, &o);
	att_err e;
	err_clear(&e);
	if (ingest_begin(g, "xapi", "fuzz", &e) == 0)
		ingest_xapi_buffer(g, "fuzz.json", (const char *)data, size,
		                   actors, &e);
	ingest_free(g);
	return 0;
}
