/*
 * attendance.h - the compact attendance encoding stored in
 * attendance.marks: one 4-bit code per calendar day counted from the
 * academic year's start date, two days per byte, low nibble first.
 * A 365-day year takes 183 bytes. Pure functions; no allocation except
 * attendance_marks_alloc.
 */
#ifndef ATTAIN_ATTENDANCE_H
#define ATTAIN_ATTENDANCE_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
	ATT_NONE = 0, /* no mark: weekend, holiday, not enrolled */
	ATT_PRESENT = 1,
	ATT_ABSENT = 2,  /* unexcused */
	ATT_EXCUSED = 3, /* authorised absence */
	ATT_LATE = 4,    /* present, late */
	ATT_CLOSED = 5,  /* school closed */
	ATT_MAX_CODE = 5
} attendance_code;

/* Bytes needed for ndays days. */
static inline size_t attendance_bytes(int ndays)
{
	return ndays > 0 ? ((size_t)ndays + 1) / 2 : 0;
}

/* Zeroed marks for ndays days (caller frees). */
uint8_t *attendance_marks_alloc(int ndays);

/* Code of day `day` (0-based), ATT_NONE when outside the blob. */
static inline int attendance_get(const uint8_t *marks, size_t len, int day)
{
	if (day < 0 || (size_t)(day / 2) >= len)
		return ATT_NONE;
	uint8_t b = marks[day / 2];
	return (day & 1) ? (b >> 4) : (b & 15);
}

static inline void attendance_set(uint8_t *marks, size_t len, int day, int code)
{
	if (day < 0 || (size_t)(day / 2) >= len)
		return;
	uint8_t *b = &marks[day / 2];
	if (day & 1)
		*b = (uint8_t)((*b & 0x0f) | ((code & 15) << 4));
	else
		*b = (uint8_t)((*b & 0xf0) | (code & 15));
}

/* Counts over a blob: days with a mark, present (incl. late), absent
 * (unexcused + excused), excused, late. Closed days count as neither. */
typedef struct attendance_tally {
	int possible; /* present + late + absent + excused */
	int present;  /* present + late */
	int absent;   /* absent + excused */
	int excused;
	int late;
} attendance_tally;

void attendance_count(const uint8_t *marks, size_t len, attendance_tally *t);

/* Map a status word or letter (present/P, absent/A, excused/E, late/L,
 * closed/C, none/-) to its code; -1 if unknown. Case-insensitive. */
int attendance_code_parse(const char *s);
const char *attendance_code_name(int code);

#endif
