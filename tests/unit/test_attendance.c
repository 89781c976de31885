/*
 * test_attendance.c - the nibble encoding of daily attendance and its tally.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>

#include "attendance.h"

static void test_roundtrip(void **state)
{
	(void)state;
	int ndays = 365;
	uint8_t *m = attendance_marks_alloc(ndays);
	size_t len = attendance_bytes(ndays);
	assert_int_equal(len, 183);
	for (int d = 0; d < ndays; d++)
		attendance_set(m, len, d, d % 6);
	for (int d = 0; d < ndays; d++)
		assert_int_equal(attendance_get(m, len, d), d % 6);
	/* Out of range reads give no mark and writes are ignored. */
	assert_int_equal(attendance_get(m, len, 366), ATT_NONE);
	assert_int_equal(attendance_get(m, len, -1), ATT_NONE);
	attendance_set(m, len, 400, ATT_ABSENT);
	free(m);
}

static void test_tally(void **state)
{
	(void)state;
	uint8_t *m = attendance_marks_alloc(10);
	size_t len = attendance_bytes(10);
	int codes[10] = {ATT_PRESENT, ATT_PRESENT, ATT_ABSENT, ATT_EXCUSED,
	                 ATT_LATE,    ATT_NONE,    ATT_NONE,   ATT_CLOSED,
	                 ATT_PRESENT, ATT_ABSENT};
	for (int d = 0; d < 10; d++)
		attendance_set(m, len, d, codes[d]);
	attendance_tally t;
	attendance_count(m, len, &t);
	assert_int_equal(t.present, 4); /* 3 present + 1 late */
	assert_int_equal(t.absent, 3);  /* 2 absent + 1 excused */
	assert_int_equal(t.excused, 1);
	assert_int_equal(t.late, 1);
	assert_int_equal(t.possible, 7);
	free(m);
}

static void test_names(void **state)
{
	(void)state;
	assert_int_equal(attendance_code_parse("P"), ATT_PRESENT);
	assert_int_equal(attendance_code_parse("absent"), ATT_ABSENT);
	assert_int_equal(attendance_code_parse("LATE"), ATT_LATE);
	assert_int_equal(attendance_code_parse("x"), -1);
	assert_string_equal(attendance_code_name(ATT_EXCUSED), "excused");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_roundtrip),
	    cmocka_unit_test(test_tally),
	    cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
