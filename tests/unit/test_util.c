/*
 * test_util.c - the small helpers of util.h: the space-separated word
 * walker (word_next) and the growable buffer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Collect the words of s joined by '|' so one string states the walk. */
static void walk(const char *s, char *out, size_t n)
{
	const char *p = s, *w;
	size_t len;
	out[0] = '\0';
	while ((w = word_next(&p, &len))) {
		size_t at = strlen(out);
		snprintf(out + at, n - at, "%s%.*s", at ? "|" : "", (int)len,
		         w);
	}
}

static void test_word_next(void **state)
{
	(void)state;
	char got[128];
	walk("desc_stat desc_trend desc_cohort", got, sizeof(got));
	assert_string_equal(got, "desc_stat|desc_trend|desc_cohort");
	walk("  va   peer ", got, sizeof(got));
	assert_string_equal(got, "va|peer");
	walk("", got, sizeof(got));
	assert_string_equal(got, "");
	walk("   ", got, sizeof(got));
	assert_string_equal(got, "");
	walk("one", got, sizeof(got));
	assert_string_equal(got, "one");
	/* A NULL list has no words; the walker stays at the end after it. */
	const char *p = NULL;
	size_t len = 99;
	assert_null(word_next(&p, &len));
	p = "a";
	assert_non_null(word_next(&p, &len));
	assert_int_equal(len, 1);
	assert_null(word_next(&p, &len));
	assert_null(word_next(&p, &len));
}

static void test_buf(void **state)
{
	(void)state;
	buf b;
	buf_init(&b);
	for (int i = 0; i < 1000; i++)
		buf_add(&b, "ab", 2);
	assert_int_equal(b.len, 2000);
	assert_true(b.cap >= b.len);
	assert_memory_equal(b.data + 1998, "ab", 2);
	assert_int_equal(b.data[2000], 0); /* NUL-terminated */
	buf_free(&b);
}

/* The clock helpers against dates computed by hand (and by
 * `date -u -d @T`): parse, format, and the ATTAIN_NOW / ATTAIN_TODAY
 * overrides, which are all clock_now() reads in a test. */
static void test_clock(void **state)
{
	(void)state;
	char iso[21], d[11];
	assert_int_equal(clock_parse("1970-01-01T00:00:00Z"), 0);
	assert_int_equal(clock_parse("2026-11-23"), INT64_C(1795435200));
	assert_int_equal(clock_parse("2000-02-29T23:59:59Z"),
	                 INT64_C(951868799));
	assert_int_equal(clock_parse("1795435200"), INT64_C(1795435200));
	assert_int_equal(clock_parse("2026-02-30"), -1);
	assert_int_equal(clock_parse("2026-11-23T24:00:00Z"), -1);
	assert_int_equal(clock_parse("2026-11-23 10:00"), -1);
	assert_int_equal(clock_parse(""), -1);
	assert_int_equal(clock_parse(NULL), -1);
	clock_iso(INT64_C(951868799), iso);
	assert_string_equal(iso, "2000-02-29T23:59:59Z");
	clock_iso(INT64_C(2066860800) + 3723, iso); /* 2035-07-01 */
	assert_string_equal(iso, "2035-07-01T01:02:03Z");
	clock_date(-1, d);
	assert_string_equal(d, "1969-12-31");
	clock_iso(-1, iso);
	assert_string_equal(iso, "1969-12-31T23:59:59Z");

	setenv("ATTAIN_NOW", "2031-05-06T07:08:09Z", 1);
	setenv("ATTAIN_TODAY", "2020-01-01", 1);
	clock_iso(clock_now(), iso);
	assert_string_equal(iso, "2031-05-06T07:08:09Z");
	unsetenv("ATTAIN_NOW");
	clock_iso(clock_now(), iso);
	assert_string_equal(iso, "2020-01-01T12:00:00Z");
	unsetenv("ATTAIN_TODAY");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_word_next),
	    cmocka_unit_test(test_buf),
	    cmocka_unit_test(test_clock),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
