/*
 * test_an_text.c - the analyses' stored codes in words: each code of
 * goal_progress.status, gap_trend.verdict, impact.status and
 * item_stat.flag has its English words, an unknown code is shown as it
 * is, and in Hindi (po/hi.po) none is left in English.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "an_text.h"
#include "i18n.h"

static int setup(void **state)
{
	(void)state;
	i18n_init("locale"); /* tests run from the repository root */
	return i18n_known("hi") ? 0 : -1;
}

static const char *const goal[] = {"on track", "off track", "unknown"};
static const char *const verdict[] = {"narrowing", "widening",
                                      "no clear change", "one point"};
static const char *const impact[] = {"ok", "insufficient data",
                                     "no subject or year"};

static const char *flags(const char *codes, buf *b)
{
	buf_clear(b);
	an_text_item_flags(codes, b);
	return b->data;
}

static void test_english(void **state)
{
	(void)state;
	i18n_set_lang("en");
	assert_string_equal(an_text_goal_status("on track"), "on track");
	assert_string_equal(an_text_goal_status("unknown"), "not known yet");
	assert_string_equal(an_text_gap_verdict("one point"), "one point only");
	assert_string_equal(an_text_impact_status("ok"), "estimated");
	assert_string_equal(an_text_impact_status("insufficient data"),
	                    "too few matched pairs");
	assert_string_equal(an_text_goal_status("later code"), "later code");
	assert_string_equal(an_text_gap_verdict(NULL), "");
	buf b;
	buf_init(&b);
	assert_string_equal(flags("too hard; low discrimination", &b),
	                    "too hard; low discrimination");
	assert_string_equal(flags("", &b), "");
	assert_string_equal(flags("too easy;new flag", &b),
	                    "too easy; new flag");
	buf_free(&b);
}

static int has_latin(const char *s)
{
	for (; *s; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
			return 1;
	return 0;
}

static void test_hindi(void **state)
{
	(void)state;
	i18n_set_lang("hi");
	for (size_t i = 0; i < sizeof(goal) / sizeof(goal[0]); i++)
		assert_false(has_latin(an_text_goal_status(goal[i])));
	for (size_t i = 0; i < sizeof(verdict) / sizeof(verdict[0]); i++)
		assert_false(has_latin(an_text_gap_verdict(verdict[i])));
	for (size_t i = 0; i < sizeof(impact) / sizeof(impact[0]); i++)
		assert_false(has_latin(an_text_impact_status(impact[i])));
	buf b;
	buf_init(&b);
	const char *w = flags("too hard; too easy; negative discrimination; "
	                      "low discrimination",
	                      &b);
	assert_false(has_latin(w));
	assert_non_null(strstr(w, "; "));
	buf_free(&b);
	i18n_set_lang("en");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_english),
	    cmocka_unit_test(test_hindi),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
