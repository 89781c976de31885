/*
 * an_themes.c - codebook matching, theme counts, name scrubbing and quote
 * choice (rules in an_themes.h).
 */
#include "an_themes.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Bytes of a word: ASCII letters and digits, and every byte of a
 * multi-byte UTF-8 sequence (so Devanagari words stay whole). */
static int word_byte(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

static int lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

/* Does keyword kw[0..kl) match text at t (a word start)? */
static int match_at(const char *t, const char *kw, size_t kl, int prefix)
{
	size_t i = 0, j = 0;
	while (j < kl) {
		if (kw[j] == ' ') {
			if (!isspace((unsigned char)t[i]))
				return 0;
			while (isspace((unsigned char)t[i]))
				i++;
			while (j < kl && kw[j] == ' ')
				j++;
			continue;
		}
		if (!t[i] ||
		    lower((unsigned char)t[i]) != lower((unsigned char)kw[j]))
			return 0;
		i++;
		j++;
	}
	return prefix || !word_byte((unsigned char)t[i]);
}

int themes_match(const char *text, const char *keywords)
{
	if (!text || !keywords)
		return 0;
	const char *k = keywords;
	while (*k) {
		while (*k == ',' || *k == ';' || isspace((unsigned char)*k))
			k++;
		const char *e = k;
		while (*e && *e != ',' && *e != ';')
			e++;
		const char *end = e;
		while (end > k && isspace((unsigned char)end[-1]))
			end--;
		int prefix = 0;
		if (end > k && end[-1] == '*') {
			prefix = 1;
			end--;
		}
		size_t kl = (size_t)(end - k);
		if (kl > 0) {
			for (const char *t = text; *t; t++) {
				if (t > text && word_byte((unsigned char)t[-1]))
					continue;
				if (match_at(t, k, kl, prefix))
					return 1;
			}
		}
		k = e;
	}
	return 0;
}

void themes_count(const int32_t *tag_text, const int32_t *tag_theme,
                  size_t ntags, const int32_t *text_group, int32_t ngroups,
                  int32_t nthemes, int64_t *counts)
{
	for (size_t i = 0; i < ntags; i++) {
		if (i > 0 && tag_text[i] == tag_text[i - 1] &&
		    tag_theme[i] == tag_theme[i - 1])
			continue;
		int32_t t = tag_theme[i], x = tag_text[i];
		if (t < 0 || t >= nthemes || x < 0)
			continue;
		int32_t g = text_group[x];
		if (g < 0 || g >= ngroups)
			continue;
		counts[(size_t)g * nthemes + t]++;
	}
}

struct themes_names {
	size_t cap; /* power of two */
	char **slot;
	arena a;
};

static uint64_t word_hash(const char *w, size_t len)
{
	char tmp[64];
	if (len > sizeof(tmp))
		len = sizeof(tmp);
	for (size_t i = 0; i < len; i++)
		tmp[i] = (char)lower((unsigned char)w[i]);
	return hash64(tmp, len, 0);
}

static int word_eq(const char *stored, const char *w, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (stored[i] != lower((unsigned char)w[i]))
			return 0;
	return stored[len] == '\0';
}

static int name_sep(unsigned char c)
{
	return isspace(c) || c == '-' || c == '\'' || c == '.' || c == ',';
}

themes_names *themes_names_alloc(const char *const *names, size_t n)
{
	themes_names *s = xcalloc(1, sizeof(*s));
	arena_init(&s->a);
	size_t words = 0;
	for (size_t i = 0; i < n; i++)
		for (const char *p = names[i]; p && *p; p++)
			words +=
			    !name_sep((unsigned char)*p) &&
			    (p == names[i] || name_sep((unsigned char)p[-1]));
	s->cap = 16;
	while (s->cap < 2 * words + 16)
		s->cap *= 2;
	s->slot = xcalloc(s->cap, sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		const char *p = names[i];
		while (p && *p) {
			while (*p && name_sep((unsigned char)*p))
				p++;
			const char *b = p;
			while (*p && !name_sep((unsigned char)*p))
				p++;
			size_t len = (size_t)(p - b);
			if (len < 2 || len > 63)
				continue;
			size_t h = (size_t)word_hash(b, len) & (s->cap - 1);
			while (s->slot[h] && !word_eq(s->slot[h], b, len))
				h = (h + 1) & (s->cap - 1);
			if (s->slot[h])
				continue;
			char *w = arena_alloc(&s->a, len + 1);
			for (size_t k = 0; k < len; k++)
				w[k] = (char)lower((unsigned char)b[k]);
			s->slot[h] = w;
		}
	}
	return s;
}

void themes_names_free(themes_names *s)
{
	if (!s)
		return;
	arena_free(&s->a);
	free(s->slot);
	free(s);
}

int themes_names_has(const themes_names *s, const char *word, size_t len)
{
	if (!s || len < 2 || len > 63)
		return 0;
	size_t h = (size_t)word_hash(word, len) & (s->cap - 1);
	while (s->slot[h]) {
		if (word_eq(s->slot[h], word, len))
			return 1;
		h = (h + 1) & (s->cap - 1);
	}
	return 0;
}

static int is_title(const char *w, size_t len)
{
	static const char *titles[] = {"mr",  "mrs",   "ms",    "miss",
	                               "dr",  "sir",   "madam", "shri",
	                               "smt", "kumari"};
	for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++)
		if (strlen(titles[i]) == len && word_eq(titles[i], w, len))
			return 1;
	return 0;
}

static int email_byte(unsigned char c)
{
	return word_byte(c) || c == '.' || c == '_' || c == '%' || c == '+' ||
	       c == '-' || c == '@';
}

int themes_scrub(const char *text, const themes_names *names, buf *out)
{
	int nrep = 0, after_title = 0;
	const char *p = text ? text : "";
	while (*p) {
		unsigned char c = (unsigned char)*p;
		if (!word_byte(c)) {
			buf_addc(out, (char)c);
			/* a title's dot or spaces keep the title pending */
			if (!(c == '.' || c == ' '))
				after_title = 0;
			p++;
			continue;
		}
		/* an e-mail address? */
		const char *e = p;
		int at = 0;
		while (*e && email_byte((unsigned char)*e)) {
			at |= *e == '@';
			e++;
		}
		while (e > p && (e[-1] == '.' || e[-1] == '-'))
			e--;
		if (at) {
			const char *a = memchr(p, '@', (size_t)(e - p));
			if (a && a > p && a + 1 < e) {
				buf_adds(out, "[email]");
				nrep++;
				p = e;
				after_title = 0;
				continue;
			}
		}
		const char *w = p;
		while (*p && word_byte((unsigned char)*p))
			p++;
		size_t len = (size_t)(p - w);
		int digits = 0, letters = 0;
		for (size_t i = 0; i < len; i++) {
			if (isdigit((unsigned char)w[i]))
				digits++;
			else
				letters++;
		}
		const char *rep = NULL;
		if (letters == 0 && digits >= 4)
			rep = "[number]";
		else if (digits > 0 && letters > 0)
			rep = "[code]";
		else if (themes_names_has(names, w, len))
			rep = "[name]";
		else if (after_title && isupper((unsigned char)w[0]))
			rep = "[name]";
		after_title = rep == NULL && is_title(w, len);
		if (rep) {
			buf_adds(out, rep);
			nrep++;
		} else {
			buf_add(out, w, len);
		}
	}
	return nrep;
}

int themes_pick_quotes(const size_t *len, size_t n, int k, size_t *out)
{
	int got = 0;
	for (; got < k; got++) {
		long best = -1;
		int best_in = 0;
		size_t best_off = 0;
		for (size_t i = 0; i < n; i++) {
			int taken = 0;
			for (int q = 0; q < got; q++)
				taken |= out[q] == i;
			if (taken || len[i] == 0)
				continue;
			int in = len[i] >= 40 && len[i] <= 240;
			size_t off = len[i] > 120 ? len[i] - 120 : 120 - len[i];
			if (best < 0 || in > best_in ||
			    (in == best_in && off < best_off)) {
				best = (long)i;
				best_in = in;
				best_off = off;
			}
		}
		if (best < 0)
			break;
		out[got] = (size_t)best;
	}
	return got;
}
