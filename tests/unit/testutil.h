/*
 * testutil.h - helpers shared by the unit tests (header-only).
 */
#ifndef ATTAIN_TESTUTIL_H
#define ATTAIN_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* A per-process scratch file name under $TMPDIR (or /tmp). */
static inline void tmp_path(char *out, size_t n, const char *name)
{
	const char *d = getenv("TMPDIR");
	snprintf(out, n, "%s/attain-test-%ld-%s", d && *d ? d : "/tmp",
	         (long)getpid(), name);
	unlink(out);
	char wal[300];
	snprintf(wal, sizeof(wal), "%s-wal", out);
	unlink(wal);
	snprintf(wal, sizeof(wal), "%s-shm", out);
	unlink(wal);
}

#endif
