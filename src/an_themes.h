/*
 * an_themes.h - qualitative themes: codebook themes counted on lesson
 * observation notes and survey free text by school and org, with example
 * quotes that name no one, so numbers are read beside what people said.
 *
 * Coding. A text carries a theme when it was tagged with it (the
 * text_theme table) or, for untagged text, when one of the theme's
 * codebook keywords occurs in it (themes_match): keywords are separated by
 * commas or semicolons, matched case-insensitively (ASCII) on word
 * boundaries; a keyword ending in '*' matches any word starting with it
 * ("engag*" matches "engaged", "engagement"); a keyword of several words
 * matches them in sequence with any run of spaces between. This is
 * deductive (codebook) coding as in Miles, Huberman & Saldana 2014,
 * "Qualitative Data Analysis", ch. 4.
 *
 * Counting. themes_count adds, per (group, theme), the number of texts
 * carrying the theme; the caller rolls school counts up the org tree.
 *
 * Quotes that identify no one. themes_scrub copies a text replacing
 *   - every word found in a set of names (the given and family names of the
 *     students, guardians and staff the caller passes) by "[name]",
 *   - the word after a title (Mr, Mrs, Ms, Miss, Dr, Sir, Madam, Shri,
 *     Smt, Kumari) when it starts with a capital, by "[name]",
 *   - e-mail addresses by "[email]",
 *   - any run of 4 or more digits (phone numbers, roll numbers, codes) by
 *     "[number]",
 *   - words that contain a digit and a letter (codes like S000123) by
 *     "[code]".
 * themes_pick_quotes chooses up to k example texts deterministically: those
 * of 40 to 240 characters first, closest to 120 characters, then by index.
 *
 * Pure functions; no globals, no I/O; a name set is allocated for the
 * caller (themes_names_free).
 */
#ifndef ATTAIN_AN_THEMES_H
#define ATTAIN_AN_THEMES_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Does text carry one of the comma-separated keywords? 1 or 0. */
int themes_match(const char *text, const char *keywords);

/*
 * Count texts per group and theme. tag_text/tag_theme: ntags pairs (a text
 * index and a theme index; a text tagged twice with one theme counts once
 * if the pairs are adjacent, as a sorted tag list has them). text_group:
 * the group (school or org index) of each text, negative to skip. counts:
 * ngroups x nthemes, zeroed by the caller, row-major by group.
 */
void themes_count(const int32_t *tag_text, const int32_t *tag_theme,
                  size_t ntags, const int32_t *text_group, int32_t ngroups,
                  int32_t nthemes, int64_t *counts);

/* A set of names (lower-cased words). */
typedef struct themes_names themes_names;

/* Build a set from n names; each is split into words on spaces, hyphens
 * and apostrophes, words of one letter are skipped. Caller frees. */
themes_names *themes_names_alloc(const char *const *names, size_t n);
void themes_names_free(themes_names *s);
int themes_names_has(const themes_names *s, const char *word, size_t len);

/* Append text to out with everything that identifies someone replaced
 * (see above). names may be NULL. Returns the number of replacements. */
int themes_scrub(const char *text, const themes_names *names, buf *out);

/* Choose up to k quotes among n texts of the given lengths; writes their
 * indices to out (k entries) and returns how many were chosen. */
int themes_pick_quotes(const size_t *len, size_t n, int k, size_t *out);

#endif
