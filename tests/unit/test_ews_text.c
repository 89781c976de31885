/*
 * test_ews_text.c - early-warning reasons in words: stored codes with
 * their values and thresholds become one line per indicator, in English
 * exactly as written here by hand, and in Hindi from po/hi.po with no
 * English word left (only numbers, subject names and the level's words).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "ews_text.h"
#include "i18n.h"

static int setup(void **state)
{
	(void)state;
	i18n_init("locale"); /* tests run from the repository root */
	return i18n_known("hi") ? 0 : -1;
}

/* A student with every indicator: attendance below 80% and chronic,
 * 6 conduct incidents, below basic in two subjects, slowing and losing. */
static const ews_text_reason all[] = {
    {"attendance_very_low", 2, 0.78, 0.80, 44, 200, NULL},
    {"chronic_absence", 2, 0.22, 0.10, 44, 200, NULL},
    {"conduct_many", 2, 6, 5, -1, -1, NULL},
    {"serious_incident", 2, 1, 0, -1, -1, NULL},
    {"low_subject", 2, 31.5, 40, -1, -1, "Maths"},
    {"low_subject", 2, 28, 40, -1, -1, "Reading"},
    {"low_multi", 2, 2, 2, -1, -1, NULL},
    {"slowing", 2, 0.93, 0.4, 4, -1, NULL},
    {"losing", 2, 0.93, 0.8, 4, -1, NULL},
};

static void test_english(void **state)
{
	(void)state;
	i18n_set_lang("en");
	buf b;
	buf_init(&b);
	assert_int_equal(ews_text_reasons(all, 9, "\n", &b), 4);
	assert_string_equal(
	    b.data,
	    "at risk: attendance 78.0% is below 80% (44 of 200 days missed); "
	    "chronically absent: missed 22.0% of enrolled days (44 of 200; "
	    "10% or more is chronic)\n"
	    "at risk: 6 conduct incidents (more than 5); serious incidents: 1\n"
	    "at risk: below basic in 2 core subjects at once: Maths 31.5 "
	    "(basic from 40.0), Reading 28.0 (basic from 40.0)\n"
	    "at risk: progress slowing: standing among peers fell by 0.93 SD "
	    "over the last 4 windows (0.40 or more is slowing, 0.80 or more at "
	    "risk)");
	/* one indicator at early warning; its level is its worst reason */
	const ews_text_reason one[] = {
	    {"attendance_low", 1, 0.85, 0.88, 15, 100, NULL},
	    {"low_subject", 1, 30, 50, -1, -1, "Maths"},
	    {"slowing", 1, 0.45, 0.4, 4, -1, NULL},
	};
	buf_clear(&b);
	assert_int_equal(ews_text_reasons(one, 3, "; ", &b), 3);
	assert_string_equal(
	    b.data, "early warning: attendance 85.0% is below 88% (15 of 100 "
	            "days missed); early warning: below basic in a core "
	            "subject: Maths 30.0 (basic from 50.0); early warning: "
	            "progress slowing: standing among peers fell by 0.45 SD "
	            "over the last 4 windows (0.40 or more is slowing)");
	/* a code this version does not know is shown as it is */
	const ews_text_reason odd[] = {{"new_code", 1, 1, 1, -1, -1, NULL}};
	buf_clear(&b);
	assert_int_equal(ews_text_reasons(odd, 1, "; ", &b), 1);
	assert_string_equal(b.data, "early warning: new_code");
	buf_clear(&b);
	assert_int_equal(ews_text_reasons(NULL, 0, "; ", &b), 0);
	assert_string_equal(b.data, "");
	assert_string_equal(ews_text_level(2), "at risk");
	assert_string_equal(ews_text_level(0), "none");
	buf_free(&b);
}

static void test_hindi(void **state)
{
	(void)state;
	i18n_set_lang("hi");
	ews_text_reason hi[9];
	memcpy(hi, all, sizeof(all));
	hi[4].subject = "\xe0\xa4\x97\xe0\xa4\xa3\xe0\xa4\xbf\xe0\xa4\xa4";
	hi[5].subject = "\xe0\xa4\xb9\xe0\xa4\xbf\xe0\xa4\x82\xe0\xa4\xa6"
	                "\xe0\xa5\x80";
	buf b;
	buf_init(&b);
	assert_int_equal(ews_text_reasons(hi, 9, "\n", &b), 4);
	for (const char *p = b.data; *p; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
			fail_msg("English letter in the Hindi reasons: %s",
			         b.data);
	/* the figures are the stored ones */
	assert_non_null(strstr(b.data, "78.0%"));
	assert_non_null(strstr(b.data, "44"));
	assert_non_null(strstr(b.data, "0.93"));
	assert_string_equal(ews_text_level(1), _("early warning"));
	assert_string_not_equal(ews_text_level(1), "early warning");
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
