/*
 * test_csvin.c - the CSV reader: fields, quoting, line numbers of records
 * with embedded line breaks, BOM, CRLF, blank lines, errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "csvin.h"

typedef struct seen {
	int n;
	char text[16][64];
	long line[16];
} seen;

/* Each record joined with '|', its start line recorded. */
static int collect(void *ctx, const csvin_row *r)
{
	seen *s = ctx;
	if (s->n >= 16)
		return 1;
	char *t = s->text[s->n];
	t[0] = '\0';
	for (int i = 0; i < r->nf; i++) {
		if (i)
			strcat(t, "|");
		strncat(t, r->f[i], 60 - strlen(t));
		assert_int_equal(strlen(r->f[i]), r->len[i]);
	}
	s->line[s->n++] = r->line;
	return 0;
}

static int run(const char *in, seen *s, att_err *e)
{
	memset(s, 0, sizeof(*s));
	err_clear(e);
	csvin *c = csvin_mem_alloc(in, strlen(in), "t.csv");
	int rc = csvin_run(c, collect, s, e);
	csvin_free(c);
	return rc;
}

static void test_fields_and_lines(void **state)
{
	(void)state;
	seen s;
	att_err e;
	assert_int_equal(run("\xef\xbb\xbf"
	                     "a,b\r\n\"x,1\",\"q\"\"q\"\r\n\r\n"
	                     "\"multi\nline\",z\nlast,row",
	                     &s, &e),
	                 ATT_OK);
	assert_int_equal(s.n, 4);
	assert_string_equal(s.text[0], "a|b");
	assert_string_equal(s.text[1], "x,1|q\"q");
	assert_string_equal(s.text[2], "multi\nline|z");
	assert_string_equal(s.text[3], "last|row");
	assert_int_equal(s.line[0], 1);
	assert_int_equal(s.line[1], 2);
	assert_int_equal(s.line[2], 4); /* line 3 is blank */
	assert_int_equal(s.line[3], 6);
}

static void test_errors(void **state)
{
	(void)state;
	seen s;
	att_err e;
	assert_int_equal(run("a,b\nc,\"open\n", &s, &e), ATT_EINPUT);
	assert_int_equal(e.line, 2);
	assert_int_equal(e.col, 2);
	assert_non_null(strstr(e.msg, "unterminated"));
	assert_int_equal(run("a,b\nx\"y,z\n", &s, &e), ATT_EINPUT);
	assert_int_equal(e.line, 2);
	assert_non_null(strstr(e.msg, "malformed CSV quoting"));
}

static void test_hash_and_stop(void **state)
{
	(void)state;
	seen s;
	att_err e;
	const char *a = "h\n1\n2\n", *b = "h\n1\n3\n";
	csvin *c1 = csvin_mem_alloc(a, strlen(a), "a");
	csvin *c2 = csvin_mem_alloc(b, strlen(b), "b");
	csvin *c3 = csvin_mem_alloc(a, strlen(a), "a");
	memset(&s, 0, sizeof(s));
	csvin_run(c1, collect, &s, &e);
	csvin_run(c2, collect, &s, &e);
	csvin_run(c3, collect, &s, &e);
	assert_true(csvin_hash(c1) != csvin_hash(c2));
	assert_true(csvin_hash(c1) == csvin_hash(c3));
	csvin_free(c1);
	csvin_free(c2);
	csvin_free(c3);
}

typedef struct nul_seen {
	int n;
	int col[4];
	size_t len[4];
	att_err e[4];
} nul_seen;

static int nul_collect(void *ctx, const csvin_row *r)
{
	nul_seen *s = ctx;
	if (s->n >= 4)
		return 1;
	s->col[s->n] = csvin_row_nul(r);
	s->len[s->n] = r->nf > 1 ? r->len[1] : 0;
	err_clear(&s->e[s->n]);
	assert_int_equal(csvin_check_nul(r, "t.csv", &s->e[s->n]),
	                 s->col[s->n] ? ATT_EINPUT : ATT_OK);
	s->n++;
	return 0;
}

/* A NUL byte inside a field is kept and counted, so a reader can refuse
 * the row instead of taking the field cut short at it. */
static void test_nul(void **state)
{
	(void)state;
	static const char in[] =
	    "a,b\nx,Ash\0a\n\"q\",\"in\0quotes\"\nok,row\n";
	nul_seen s;
	memset(&s, 0, sizeof(s));
	att_err e;
	err_clear(&e);
	csvin *c = csvin_mem_alloc(in, sizeof(in) - 1, "t.csv");
	assert_int_equal(csvin_run(c, nul_collect, &s, &e), ATT_OK);
	csvin_free(c);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.col[0], 0);
	assert_int_equal(s.col[1], 2);
	assert_int_equal(s.len[1], 5); /* "Ash", NUL, "a" */
	assert_int_equal(s.e[1].line, 2);
	assert_int_equal(s.e[1].col, 2);
	assert_string_equal(s.e[1].msg, "NUL byte at byte 4 of the field");
	assert_int_equal(s.col[2], 2);
	assert_int_equal(s.len[2], 9);
	assert_int_equal(s.col[3], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fields_and_lines),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_hash_and_stop),
	    cmocka_unit_test(test_nul),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
