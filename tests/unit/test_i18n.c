/*
 * test_i18n.c - the language gate under threads: Hindi and English
 * regions on four threads at once, thousands of times, each translation
 * checked against its own region's language (a switch of LANGUAGE while
 * another language's region is open would hand a thread the wrong
 * string); regions of one language overlap while the other language's
 * never do; nesting and i18n_set_lang inside a region; and the number
 * formats per language (report.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "i18n.h"
#include "report.h"

#define HI_SIGN_OUT                                                            \
	"\xe0\xa4\xb8\xe0\xa4\xbe\xe0\xa4\x87\xe0\xa4\xa8 "                    \
	"\xe0\xa4\x86\xe0\xa4\x89\xe0\xa4\x9f" /* po/hi.po: Sign out */

static int setup(void **state)
{
	(void)state;
	i18n_init("locale"); /* tests run from the repository root */
	return i18n_known("hi") ? 0 : -1;
}

static atomic_int in_lang[2];  /* regions open per language */
static atomic_int overlap_bad; /* en and hi open at once */
static atomic_int wrong;       /* translations in the wrong language */
static atomic_int max_same;    /* most regions of one language at once */

static void *worker(void *arg)
{
	int me = (int)(intptr_t)arg;
	for (int i = 0; i < 3000; i++) {
		int hi = (me + i / 7) % 2; /* runs of the same language */
		i18n_enter(hi ? "hi" : "en");
		int n = atomic_fetch_add(&in_lang[hi], 1) + 1;
		int m = atomic_load(&max_same);
		while (n > m && !atomic_compare_exchange_weak(&max_same, &m, n))
			;
		if (atomic_load(&in_lang[!hi]) > 0)
			atomic_fetch_add(&overlap_bad, 1);
		const char *s = _("Sign out");
		if (strcmp(s, hi ? HI_SIGN_OUT : "Sign out") != 0)
			atomic_fetch_add(&wrong, 1);
		if (strcmp(i18n_lang(), hi ? "hi" : "en") != 0)
			atomic_fetch_add(&wrong, 1);
		atomic_fetch_sub(&in_lang[hi], 1);
		i18n_leave();
	}
	return NULL;
}

static void test_threads(void **state)
{
	(void)state;
	pthread_t th[4];
	for (int i = 0; i < 4; i++)
		assert_int_equal(
		    pthread_create(&th[i], NULL, worker, (void *)(intptr_t)i),
		    0);
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	assert_int_equal(atomic_load(&wrong), 0);
	assert_int_equal(atomic_load(&overlap_bad), 0);
	/* same-language regions did run side by side */
	assert_true(atomic_load(&max_same) >= 2);
}

static void test_nesting(void **state)
{
	(void)state;
	i18n_enter("hi");
	assert_string_equal(_("Sign out"), HI_SIGN_OUT);
	i18n_enter("en");
	assert_string_equal(_("Sign out"), "Sign out");
	i18n_set_lang("hi");
	assert_string_equal(_("Sign out"), HI_SIGN_OUT);
	i18n_leave(); /* back to the outer region's language */
	assert_string_equal(i18n_lang(), "hi");
	assert_string_equal(_("Sign out"), HI_SIGN_OUT);
	i18n_leave();
	/* an unknown language is English */
	i18n_enter("xx");
	assert_string_equal(i18n_lang(), "en");
	assert_string_equal(_("Sign out"), "Sign out");
	i18n_leave();
	assert_int_equal(i18n_known("../hi"), 0);
	assert_int_equal(i18n_known("fr"), 0);
	assert_int_equal(i18n_known("en"), 1);
	/* outside a region: the process's language */
	i18n_set_lang("hi");
	assert_string_equal(_("Sign out"), HI_SIGN_OUT);
	i18n_set_lang("en");
	assert_string_equal(_("Sign out"), "Sign out");
}

static void test_formats(void **state)
{
	(void)state;
	arena a;
	arena_init(&a);
	assert_string_equal(report_fmt_int(&a, "en", 1234567), "1,234,567");
	assert_string_equal(report_fmt_int(&a, "hi", 1234567), "12,34,567");
	assert_string_equal(report_fmt_int(&a, "hi", -100000), "-1,00,000");
	assert_string_equal(report_fmt_num(&a, "hi", 123456.78, 1),
	                    "1,23,456.8");
	assert_string_equal(report_fmt_pct(&a, "en", 12.345, 1), "12.3%");
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_threads),
	    cmocka_unit_test(test_nesting),
	    cmocka_unit_test(test_formats),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
