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

#include "i18n.h"

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

/* Split one line (without its newline) into trimmed fields. */
static int table_row(const char *p, size_t len, int max_fields, arena *a,
                     collect_row *row)
{
	int tabs = memchr(p, '\t', len) != NULL, n = 1;
	for (size_t k = 0; k < len; k++)
		n += tabs ? p[k] == '\t' : p[k] == ',' || p[k] == ';';
	if (n > max_fields)
		return -1;
	row->f = arena_alloc(a, sizeof(char *) * (size_t)n);
	row->n = n;
	size_t start = 0;
	for (int i = 0; i < n; i++) {
		size_t end = start;
		while (end < len && !(tabs ? p[end] == '\t'
		                           : p[end] == ',' || p[end] == ';'))
			end++;
		const char *q = p + start;
		size_t m = end - start;
		trim(&q, &m);
		char *v = arena_alloc(a, m + 1);
		memcpy(v, q, m);
		row->f[i] = v;
		start = end + 1;
	}
	return 0;
}

int collect_parse_table(const char *text, int max_rows, int max_fields,
                        arena *a, collect_row **rows, int *n, att_err *e)
{
	*rows = NULL;
	*n = 0;
	if (!text)
		text = "";
	int lines = 0, k = 0;
	for (const char *c = text; *c; c++)
		lines += *c == '\n';
	collect_row *v = arena_alloc(a, sizeof(*v) * (size_t)(lines + 1));
	const char *p = text;
	for (int line = 1; *p; line++) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		const char *q = p;
		size_t m = len;
		trim(&q, &m);
		if (m) {
			if (k == max_rows)
				return err_set(e, ATT_EINPUT,
				               "more than %d lines", max_rows);
			v[k].line = line;
			if (table_row(p, len, max_fields, a, &v[k]))
				return err_set(e, ATT_EINPUT,
				               "line %d: more than %d cells",
				               line, max_fields);
			k++;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	*rows = v;
	*n = k;
	return ATT_OK;
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
	    {"planning", N_("Lesson planning and objectives")},
	    {"questioning", N_("Questioning and discussion")},
	    {"feedback", N_("Feedback to students")},
	    {"engagement", N_("Student engagement")},
	    {"inclusion", N_("Inclusion of every learner")},
	    {"assessment", N_("Checking for understanding")},
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

collect_state collect_state_of(long done, long expected, int late,
                               int due_passed)
{
	if (expected > 0 && done >= expected)
		return late ? COLLECT_LATE : COLLECT_COMPLETE;
	if (!due_passed)
		return COLLECT_PENDING;
	return done > 0 ? COLLECT_PARTIAL : COLLECT_MISSING;
}

collect_state collect_state_merge(const long n[COLLECT_NSTATES], int due_passed)
{
	long total = 0;
	for (int k = 0; k < COLLECT_NSTATES; k++)
		total += n[k];
	long in = n[COLLECT_COMPLETE] + n[COLLECT_LATE];
	if (total > 0 && in == total)
		return n[COLLECT_LATE] ? COLLECT_LATE : COLLECT_COMPLETE;
	if (!due_passed)
		return COLLECT_PENDING;
	return in + n[COLLECT_PARTIAL] > 0 ? COLLECT_PARTIAL : COLLECT_MISSING;
}

const char *collect_state_code(collect_state s)
{
	static const char *const codes[COLLECT_NSTATES] = {
	    "complete", "late", "partial", "missing", "pending"};
	return (int)s >= 0 && s < COLLECT_NSTATES ? codes[s] : "missing";
}

int collect_state_overdue(collect_state s)
{
	return s == COLLECT_PARTIAL || s == COLLECT_MISSING;
}

/* Next field of a line: skips separators, returns its length (0 at end). */
static size_t next_field(const char **p, const char *end)
{
	while (*p < end &&
	       (**p == ' ' || **p == '\t' || **p == ',' || **p == '\r'))
		(*p)++;
	const char *s = *p;
	while (*p < end && **p != ' ' && **p != '\t' && **p != ',' &&
	       **p != '\r')
		(*p)++;
	return (size_t)(*p - s);
}

static int printable(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x21 || s[i] == 0x7f)
			return 0;
	return 1;
}

int collect_parse_items(const char *text, int max_items, arena *a,
                        collect_item_line **out, int *n, att_err *e)
{
	*out = NULL;
	*n = 0;
	if (!text)
		text = "";
	int cap = max_items > 0 ? max_items : 1;
	collect_item_line *v = arena_alloc(a, sizeof(*v) * (size_t)cap);
	int k = 0, line = 0;
	const char *p = text;
	while (*p) {
		line++;
		const char *nl = strchr(p, '\n');
		const char *end = nl ? nl : p + strlen(p);
		const char *q = p;
		const char *f1 = NULL, *f2 = NULL, *f3 = NULL;
		size_t l1 = 0, l2 = 0, l3 = 0;
		l1 = next_field(&q, end);
		f1 = q - l1;
		if (l1) {
			l2 = next_field(&q, end);
			f2 = q - l2;
			l3 = next_field(&q, end);
			f3 = q - l3;
			const char *r = q;
			if (next_field(&r, end))
				return err_set(
				    e, ATT_EINPUT,
				    "line %d: an item is CODE MAX [OUTCOME]",
				    line);
			if (k >= max_items)
				return err_set(e, ATT_EINPUT,
				               "more than %d items", max_items);
			if (l1 > 60 || l3 > 60 || !printable(f1, l1) ||
			    !printable(f3, l3))
				return err_set(
				    e, ATT_EINPUT,
				    "line %d: code too long or not printable",
				    line);
			int has;
			double m;
			char num[48];
			if (!l2 || l2 >= sizeof(num))
				return err_set(e, ATT_EINPUT,
				               "line %d: item needs a maximum",
				               line);
			memcpy(num, f2, l2);
			num[l2] = 0;
			att_err le;
			err_clear(&le);
			if (collect_parse_score(num, &has, &m, &le) || !has ||
			    !(m > 0))
				return err_set(e, ATT_EINPUT,
				               "line %d: maximum '%s' is not a "
				               "number above 0",
				               line, num);
			for (int j = 0; j < k; j++)
				if (strlen(v[j].code) == l1 &&
				    !memcmp(v[j].code, f1, l1))
					return err_set(
					    e, ATT_EINPUT,
					    "line %d: item code appears twice",
					    line);
			char *c = arena_alloc(a, l1 + 1);
			memcpy(c, f1, l1);
			char *o = arena_alloc(a, l3 + 1);
			if (l3)
				memcpy(o, f3, l3);
			v[k].code = c;
			v[k].max_points = m;
			v[k].outcome = o;
			k++;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	*out = v;
	*n = k;
	return ATT_OK;
}

collect_total collect_total_rule(const char *scale, double max_score,
                                 int nitems, double sum_max)
{
	if (nitems <= 0)
		return COLLECT_TOTAL_TYPED;
	int raw = !scale || !*scale || strcmp(scale, "raw") == 0;
	return raw && fabs(max_score - sum_max) < 1e-6 ? COLLECT_TOTAL_SUM
	                                               : COLLECT_TOTAL_SCALED;
}
