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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_word_next),
	    cmocka_unit_test(test_buf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
