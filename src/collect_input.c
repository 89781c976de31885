/*
 * collect_input.c - parsing of typed and pasted scores, the default
 * observation rubric, the collection-status rule and weekday counting.
 */
#include "collect_input.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

void collect_today(char out[11])
{
	const char *env = getenv("ATTAIN_TODAY");
	if (env && strlen(env) == 10 && date_parse(env) >= 0) {
		memcpy(out, env, 11);
		return;
	}
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* Parse s[0..n) (already trimmed) as a score. */
static int parse_span(const char *s, size_t n, int *has, double *v, att_err *e)
{
	*has = 0;
	*v = 0;
	if (n == 0 || (n == 1 && s[0] == '-') ||
	    (n == 3 && strncasecmp(s, "abs", 3) == 0))
		return ATT_OK;
	char tmp[40];
	if (n >= sizeof(tmp))
		return err_set(e, ATT_EINPUT, "'%.20s...' is not a score", s);
	int digits = 0, marks = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			digits++;
			tmp[i] = c;
		} else if ((c == '.' || c == ',') && marks == 0) {
			marks++;
			tmp[i] = '.';
		} else {
			return err_set(e, ATT_EINPUT, "'%.*s' is not a score",
			               (int)n, s);
		}
	}
	if (digits == 0)
		return err_set(e, ATT_EINPUT, "'%.*s' is not a score", (int)n,
		               s);
	tmp[n] = 0;
	double d = strtod(tmp, NULL);
	if (!isfinite(d))
		return err_set(e, ATT_EINPUT, "'%.*s' is not a score", (int)n,
		               s);
	*has = 1;
	*v = d;
	return ATT_OK;
}

static void trim(const char **s, size_t *n)
{
	while (*n && isspace((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && isspace((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

int collect_parse_score(const char *s, int *has, double *v, att_err *e)
{
	if (!s)
		s = "";
	size_t n = strlen(s);
	trim(&s, &n);
	return parse_span(s, n, has, v, e);
}

int collect_parse_column(const char *text, int max_lines, arena *a,
                         collect_cell **cells, int *n, int *nbad, att_err *e)
{
	*cells = NULL;
	*n = 0;
	*nbad = 0;
	if (!text)
		text = "";
	/* Count lines, dropping trailing blank ones. */
	int lines = 0, last_nonblank = 0;
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		const char *q = p;
		size_t m = len;
		trim(&q, &m);
		lines++;
		if (m)
			last_nonblank = lines;
		if (!nl)
			break;
		p = nl + 1;
	}
	lines = last_nonblank;
	if (lines > max_lines)
		return err_set(e, ATT_EINPUT,
		               "pasted column has %d lines, at most %d allowed",
		               lines, max_lines);
	collect_cell *c =
	    arena_alloc(a, sizeof(*c) * (size_t)(lines ? lines : 1));
	p = text;
	int first_bad = 0;
	for (int i = 0; i < lines; i++) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		/* First field: up to a tab or comma. A comma directly between
		 * digits with no tab on the line is a decimal mark only when
		 * the line has no other separator ("7,5"): spreadsheets in
		 * comma- decimal locales copy that way. */
		size_t f = 0;
		int tabs = memchr(p, '\t', len) != NULL;
		int commas = 0;
		for (size_t k = 0; k < len; k++)
			commas += p[k] == ',';
		while (f < len && p[f] != '\t' &&
		       !(p[f] == ',' && (tabs || commas > 1)))
			f++;
		const char *q = p;
		size_t m = f;
		trim(&q, &m);
		att_err le;
		err_clear(&le);
		if (parse_span(q, m, &c[i].has, &c[i].v, &le)) {
			c[i].bad = 1;
			(*nbad)++;
			if (!first_bad) {
				first_bad = 1;
				err_set(e, ATT_EINPUT, "line %d: %s", i + 1,
				        le.msg);
			}
		}
		p = nl ? nl + 1 : p + len;
	}
	*cells = c;
	*n = lines;
	return *nbad ? ATT_EINPUT : ATT_OK;
}

const char *const collect_rubric_default[] = {
    "planning",   "questioning", "feedback",
    "engagement", "inclusion",   "assessment",
};
const int collect_rubric_default_n =
    (int)(sizeof(collect_rubric_default) / sizeof(collect_rubric_default[0]));

const char *collect_rubric_label(const char *key)
{
	static const struct {
		const char *key, *label;
	} labels[] = {
	    {"planning", "Lesson planning and objectives"},
	    {"questioning", "Questioning and discussion"},
	    {"feedback", "Feedback to students"},
	    {"engagement", "Student engagement"},
	    {"inclusion", "Inclusion of every learner"},
	    {"assessment", "Checking for understanding"},
	};
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcmp(labels[i].key, key) == 0)
			return labels[i].label;
	return key;
}

long collect_weekdays(const char *first, const char *last)
{
	long a = date_parse(first), b = date_parse(last);
	if (a < 0 || b < 0 || b < a)
		return 0;
	long n = 0;
	for (long d = a; d <= b; d++)
		n += date_weekday(d) < 5;
	return n;
}

const char *collect_status_word(long done, long expected, int late)
{
	if (expected <= 0 || done <= 0)
		return "missing";
	if (done < expected)
		return "partial";
	return late ? "late" : "complete";
}
