/*
 * fuzz_oneroster.c - libFuzzer harness for the OneRoster importer. The
 * input's first byte chooses bulk or delta; the rest is split at lines
 * "%%" into the bundle's files (orgs, academicSessions, courses, classes,
 * roles, users, demographics, enrollments, lineItems, results,
 * assessmentLineItems, assessmentResults), written to a scratch folder
 * with a manifest, imported into a seeded store and rolled back.
 */
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "ingest_oneroster.h"

static char dir[256];
static const char *const files[] = {"orgs",
                                    "academicSessions",
                                    "courses",
                                    "classes",
                                    "roles",
                                    "users",
                                    "demographics",
                                    "enrollments",
                                    "lineItems",
                                    "results",
                                    "assessmentLineItems",
                                    "assessmentResults"};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("ATTAIN_NO_PROGRESS", "1", 1);
	fuzz_init_store();
	snprintf(dir, sizeof(dir), "%s/attain-fuzz-or-%ld",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid());
	mkdir(dir, 0700);
	return 0;
}

static void put(const char *name, const char *p, size_t n)
{
	char path[400];
	snprintf(path, sizeof(path), "%s/%s.csv", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(p, 1, n, f);
	fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *mode = data[0] & 1 ? "delta" : "bulk";
	buf m;
	buf_init(&m);
	buf_adds(&m, "propertyName,value\noneroster.version,1.2\n");
	const char *p = (const char *)data + 1,
	           *end = (const char *)data + size;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		const char *sep =
		    p < end ? memmem(p, (size_t)(end - p), "\n%%\n", 4) : NULL;
		const char *e = sep ? sep + 1 : end;
		put(files[i], p, p < end ? (size_t)(e - p) : 0);
		buf_printf(&m, "file.%s,%s\n", files[i], mode);
		p = sep ? sep + 4 : end;
	}
	put("manifest", m.data, m.len);
	buf_free(&m);
	static FILE *devnull;
	if (!devnull)
		devnull = fopen("/dev/null", "w");
	ingest_opts o = {.quiet = 1, .msg = devnull};
	ingest *g = ingest_alloc(fuzz_store, &o);
	att_err err;
	err_clear(&err);
	ingest_oneroster_run_open(g, dir, &err);
	ingest_free(g);
	return 0;
}
