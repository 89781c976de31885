/*
 * an_text.c - the analyses' stored codes in words (an_text.h).
 */
#include "an_text.h"

#include <string.h>

#include "i18n.h"

typedef struct code_word {
	const char *code, *word; /* word: marked with N_(), translated here */
} code_word;

static const char *word_of(const code_word *t, size_t n, const char *code)
{
	for (size_t i = 0; code && i < n; i++)
		if (strcmp(t[i].code, code) == 0)
			return _(t[i].word);
	return code ? code : "";
}

const char *an_text_goal_status(const char *code)
{
	static const code_word t[] = {
	    {"on track", N_("on track")},
	    {"off track", N_("off track")},
	    {"unknown", N_("not known yet")},
	};
	return word_of(t, ARRAY_LEN(t), code);
}

const char *an_text_gap_verdict(const char *code)
{
	static const code_word t[] = {
	    {"narrowing", N_("narrowing")},
	    {"widening", N_("widening")},
	    {"no clear change", N_("no clear change")},
	    {"one point", N_("one point only")},
	};
	return word_of(t, ARRAY_LEN(t), code);
}

const char *an_text_impact_status(const char *code)
{
	static const code_word t[] = {
	    {"ok", N_("estimated")},
	    {"insufficient data", N_("too few matched pairs")},
	    {"no subject or year", N_("no subject or year given")},
	};
	return word_of(t, ARRAY_LEN(t), code);
}

const char *an_text_gap_group(const char *code)
{
	static const code_word t[] = {
	    {"F", N_("Girls")},
	    {"M", N_("Boys")},
	    {"X", N_("Other gender")},
	    {"disadvantaged", N_("disadvantaged")},
	    {"not disadvantaged", N_("not disadvantaged")},
	    {"special needs", N_("special needs")},
	    {"no special needs", N_("no special needs")},
	    {"others", N_("the others")},
	};
	return word_of(t, ARRAY_LEN(t), code);
}

void an_text_item_flags(const char *codes, buf *out)
{
	static const code_word t[] = {
	    {"too hard", N_("too hard")},
	    {"too easy", N_("too easy")},
	    {"negative discrimination", N_("negative discrimination")},
	    {"low discrimination", N_("low discrimination")},
	};
	char one[64];
	int first = 1;
	for (const char *p = codes ? codes : ""; *p;) {
		size_t n = strcspn(p, ";");
		while (n && p[n - 1] == ' ')
			n--;
		if (n && n < sizeof(one)) {
			memcpy(one, p, n);
			one[n] = 0;
			buf_adds(out, first ? "" : "; ");
			buf_adds(out, word_of(t, ARRAY_LEN(t), one));
			first = 0;
		}
		p += strcspn(p, ";");
		while (*p == ';' || *p == ' ')
			p++;
	}
	if (!out->data)
		buf_adds(out, "");
}
