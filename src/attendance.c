/*
 * attendance.c - tallying and naming the 4-bit attendance codes.
 */
#include "attendance.h"

#include <stdlib.h>
#include <strings.h>

#include "util.h"

uint8_t *attendance_marks_alloc(int ndays)
{
	return xcalloc(attendance_bytes(ndays) ? attendance_bytes(ndays) : 1,
	               1);
}

void attendance_count(const uint8_t *marks, size_t len, attendance_tally *t)
{
	int c[16] = {0};
	for (size_t i = 0; i < len; i++) {
		c[marks[i] & 15]++;
		c[marks[i] >> 4]++;
	}
	t->present = c[ATT_PRESENT] + c[ATT_LATE];
	t->late = c[ATT_LATE];
	t->excused = c[ATT_EXCUSED];
	t->absent = c[ATT_ABSENT] + c[ATT_EXCUSED];
	t->possible = t->present + t->absent;
}

static const struct {
	const char *word, *letter;
	int code;
} names[] = {
    {"none", "-", ATT_NONE},     {"present", "P", ATT_PRESENT},
    {"absent", "A", ATT_ABSENT}, {"excused", "E", ATT_EXCUSED},
    {"late", "L", ATT_LATE},     {"closed", "C", ATT_CLOSED},
};

int attendance_code_parse(const char *s)
{
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (strcasecmp(s, names[i].word) == 0 ||
		    strcasecmp(s, names[i].letter) == 0)
			return names[i].code;
	return -1;
}

const char *attendance_code_name(int code)
{
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (names[i].code == code)
			return names[i].word;
	return "unknown";
}
