/*
 * report_student.c - the report card for parents and carers: who the
 * student is and who teaches them, progress over time per subject (chart
 * and table), growth in words, mastery by learning outcome, attendance,
 * attitude to learning, goals, and next steps in plain language.
 */
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "an_text.h"
#include "i18n.h"
#include "report_words.h"

/* Distinct assessment windows in date order: "YEAR TERM" labels. */
typedef struct window {
	const char *label;
	const char *date; /* earliest date in the window */
} window;

static int win_cmp(const void *a, const void *b)
{
	const window *x = a, *y = b;
	int r = strcmp(x->date, y->date);
	return r ? r : strcmp(x->label, y->label);
}

static const char *attitude_word(int g)
{
	switch (g) {
	case 1:
		return _("excellent");
	case 2:
		return _("good");
	case 3:
		return _("requires improvement");
	case 4:
		return _("poor");
	}
	return "\xE2\x80\x93";
}

/* Growth percentile in words (the usual SGP bands: below 35 lower growth,
 * 35-65 typical, above 65 higher). */
static const char *growth_words(arena *a, double sgp)
{
	int p = (int)lround(sgp);
	const char *band = p < 35    ? _("lower growth than most")
	                   : p <= 65 ? _("typical growth")
	                             : _("higher growth than most");
	return arena_printf(a,
	                    _("%s: grew more than %d out of 100 students who "
	                      "started from similar scores"),
	                    band, p);
}

/* The window of result i: "YEAR TERM", or "YEAR DATE" when the
 * assessment has no term. */
static const char *window_label(arena *a, const srep_rows *res, int i)
{
	return arena_printf(a, "%s %s", rows_text(res, i, "year"),
	                    *rows_text(res, i, "term")
	                        ? rows_text(res, i, "term")
	                        : rows_text(res, i, "date"));
}

/* Progress over time: the mean score (percent of the maximum) in each
 * subject and assessment window (line chart), and for each subject its
 * latest result, level and change since its first (table). */
static void progress_section(rdoc *d, const char *lang, const srep_rows *res)
{
	arena *a = rdoc_arena(d);
	rdoc_h2(d, _("Progress over time"));
	if (res->nrow == 0) {
		rdoc_p(d, "%s", _("No assessment results are recorded yet."));
		return;
	}
	/* windows and subjects */
	window *w = arena_alloc(a, sizeof(window) * (size_t)res->nrow);
	int nw = 0;
	const char **subj = arena_alloc(a, sizeof(char *) * (size_t)res->nrow);
	int ns = 0;
	for (int i = 0; i < res->nrow; i++) {
		const char *lab = window_label(a, res, i);
		int k;
		for (k = 0; k < nw; k++)
			if (strcmp(w[k].label, lab) == 0)
				break;
		if (k == nw) {
			w[nw].label = lab;
			w[nw].date = rows_text(res, i, "date");
			nw++;
		} else if (strcmp(rows_text(res, i, "date"), w[k].date) < 0) {
			w[k].date = rows_text(res, i, "date");
		}
		for (k = 0; k < ns; k++)
			if (strcmp(subj[k], rows_text(res, i, "subject")) == 0)
				break;
		if (k == ns)
			subj[ns++] = rows_text(res, i, "subject");
	}
	qsort(w, (size_t)nw, sizeof(window), win_cmp);
	/* mean percent per subject and window */
	double *sum = arena_alloc(a, sizeof(double) * (size_t)(ns * nw));
	int *cnt = arena_alloc(a, sizeof(int) * (size_t)(ns * nw));
	for (int i = 0; i < res->nrow; i++) {
		const char *lab = window_label(a, res, i);
		int wi = 0, si = 0;
		while (wi < nw && strcmp(w[wi].label, lab))
			wi++;
		while (si < ns &&
		       strcmp(subj[si], rows_text(res, i, "subject")))
			si++;
		sum[si * nw + wi] += rows_num(res, i, "pct");
		cnt[si * nw + wi]++;
	}
	chart_series *ser = arena_alloc(a, sizeof(*ser) * (size_t)ns);
	const char **cats = arena_alloc(a, sizeof(char *) * (size_t)nw);
	for (int k = 0; k < nw; k++)
		cats[k] = w[k].label;
	for (int s = 0; s < ns; s++) {
		double *v = arena_alloc(a, sizeof(double) * (size_t)nw);
		for (int k = 0; k < nw; k++)
			v[k] = cnt[s * nw + k]
			           ? sum[s * nw + k] / cnt[s * nw + k]
			           : NAN;
		ser[s].name = subj[s];
		ser[s].v = v;
	}
	chart_spec ch = {.kind = CHART_LINE,
	                 .title = _("Score in each subject over time"),
	                 .ncat = nw,
	                 .cats = cats,
	                 .nseries = ns,
	                 .series = ser,
	                 /* xgettext:no-c-format */
	                 .y_label = _("score, % of the maximum")};
	chart_pct_scale(&ch);
	rdoc_chart(d, &ch);
	/* table: latest result per subject and the change since the first */
	const char *heads[] = {_("Subject"), _("Latest assessment"), _("Score"),
	                       _("Level reached"),
	                       _("Change since first (points)")};
	rtable *t =
	    rdoc_table(d, "progress", _("Latest results"), 5, heads, "llrlr");
	for (int s = 0; s < ns; s++) {
		int first = -1, last = -1;
		for (int i = 0; i < res->nrow; i++)
			if (strcmp(rows_text(res, i, "subject"), subj[s]) ==
			    0) {
				if (first < 0)
					first = i;
				last = i;
			}
		double chg =
		    rows_num(res, last, "pct") - rows_num(res, first, "pct");
		const char *cells[5] = {
		    subj[s], rows_text(res, last, "assessment"),
		    report_fmt_pct(a, lang, rows_num(res, last, "pct"), 0),
		    *rows_text(res, last, "band") ? rows_text(res, last, "band")
		                                  : "\xE2\x80\x93",
		    first == last
		        ? "\xE2\x80\x93"
		        : arena_printf(a, "%s%s", chg > 0 ? "+" : "",
		                       report_fmt_num(a, lang, chg, 0))};
		rtable_row(t, 0, cells);
	}
}

/* Growth this year in words: each subject's student growth percentile
 * (the growth analysis) in its band, or why there is none. */
static void growth_section(report_ctx *c, rdoc *d, int64_t sid)
{
	rdoc_h2(d, _("Growth"));
	srep_rows g;
	arena *a = rdoc_arena(d);
	if (!srep_analysis_ran(c->s, "growth", "growth") ||
	    srep_query(c->s, SRQ_STUDENT_GROWTH,
	               (srep_args){.id = {sid, c->year_id}}, a, &g, NULL)) {
		rdoc_missing(d, _("Growth percentile"),
		             _("The growth analysis (student growth "
		               "percentiles) has not been run on this data."));
		return;
	}
	if (g.nrow == 0) {
		rdoc_p(d, "%s",
		       _("No growth percentile this year: it needs results "
		         "from an earlier assessment in the same subject."));
		return;
	}
	for (int i = 0; i < g.nrow; i++) {
		if (rows_null(&g, i, "sgp"))
			rdoc_kv(d, rows_text(&g, i, "name"),
			        _("not calculated: too few students with the "
			          "same earlier assessments to compare with"));
		else
			rdoc_kv(d, rows_text(&g, i, "name"),
			        growth_words(a, rows_num(&g, i, "sgp")));
	}
	rdoc_note(d, "%s",
	          _("A growth percentile compares a student's progress with "
	            "students across the district who had similar scores "
	            "before; 50 is typical."));
}

/* What the report card reads of one student this year. */
typedef struct card {
	report_ctx *c;
	rdoc *d;
	arena *a;
	const char *lang;
	int64_t sid;
	srep_rows st, cls, gu, res, att, goals, beh;
	attendance_tally at;
	srep_rows m;            /* mastery by learning outcome */
	int weakest, strongest; /* rows of m, -1 when none */
} card;

/* Everything but the student row and mastery (read in their sections);
 * ATT_OK or the first error. Each query takes the student (?1) and those
 * of a year the year (?2). */
static int card_read(card *k, att_err *e)
{
	report_ctx *c = k->c;
	const srep_args args = {.id = {k->sid, c->year_id}};
	const struct {
		srep_qid q;
		srep_rows *out;
	} reads[] = {
	    {SRQ_STUDENT_CLASSES, &k->cls}, {SRQ_GUARDIANS, &k->gu},
	    {SRQ_STUDENT_RESULTS, &k->res}, {SRQ_STUDENT_ATTITUDE, &k->att},
	    {SRQ_STUDENT_GOALS, &k->goals}, {SRQ_STUDENT_BEHAVIOUR, &k->beh},
	};
	for (size_t i = 0; i < ARRAY_LEN(reads); i++) {
		int rc =
		    srep_query(c->s, reads[i].q, args, k->a, reads[i].out, e);
		if (rc)
			return rc;
	}
	return srep_student_attendance(c->s, k->sid, c->year_id, &k->at, e);
}

/* Who the student is: name, code, school, grade, the responsible teacher
 * (the first class's teacher), parents and carers, and each subject's
 * teacher (with the class unless hide_classes). */
static void who_section(card *k, const char *name, const char *school)
{
	rdoc *d = k->d;
	const srep_rows *cls = &k->cls, *gu = &k->gu;
	rdoc_kv(d, _("Student"), name);
	rdoc_kv(d, _("Student code"), rows_text(&k->st, 0, "code"));
	rdoc_kv(d, _("School"), school);
	if (!rows_null(&k->st, 0, "grade"))
		rdoc_kv(d, _("Grade"), rows_text(&k->st, 0, "grade"));
	const char *teacher = NULL;
	for (int i = 0; i < cls->nrow && !teacher; i++)
		if (*rows_text(cls, i, "teachers"))
			teacher = rows_text(cls, i, "teachers");
	rdoc_kv(d, _("Responsible teacher"),
	        teacher ? teacher : _("(not recorded)"));
	if (gu->nrow) {
		buf g;
		buf_init(&g);
		for (int i = 0; i < gu->nrow; i++)
			buf_printf(&g, "%s%s", i ? ", " : "",
			           rows_text(gu, i, "name"));
		rdoc_kv(d, _("Parents and carers"), g.data);
		buf_free(&g);
	}
	for (int i = 0; i < cls->nrow; i++)
		if (*rows_text(cls, i, "subject") &&
		    *rows_text(cls, i, "teachers"))
			rdoc_kv(
			    d, rows_text(cls, i, "subject"),
			    k->c->hide_classes
			        ? rows_text(cls, i, "teachers")
			        : arena_printf(k->a, _("%s (teacher: %s)"),
			                       rows_text(cls, i, "class_name"),
			                       rows_text(cls, i, "teachers")));
}

/* Mastery by learning outcome this year: the catalogue's mastery of each
 * outcome (store_figures_mastery, as the student page shows it), mastered
 * at the mastery cut; notes the weakest and strongest outcome for the
 * next steps. ATT_OK or the error. */
static int outcomes_section(card *k, att_err *e)
{
	report_ctx *c = k->c;
	rdoc *d = k->d;
	arena *a = k->a;
	k->weakest = k->strongest = -1;
	int rc = report_mastery(
	    c, d, _("Learning outcomes"), SF_M_STUDENT, k->sid, c->year_id,
	    _("No item-level results by learning outcome this year."), &k->m,
	    e);
	if (rc || k->m.nrow == 0)
		return rc;
	const srep_rows *m = &k->m;
	const char *heads[] = {_("Subject"), _("Learning outcome"), _("Score"),
	                       _("Mastered"), _("Evidence")};
	rtable *t = rdoc_table(d, "outcomes", _("Mastery by learning outcome"),
	                       5, heads, "llrlr");
	for (int i = 0; i < m->nrow; i++) {
		double pct = rows_num(m, i, "mastery_pct");
		int enough = rows_int(m, i, "enough") != 0;
		const char *cells[5] = {
		    rows_text(m, i, "subject"),
		    arena_printf(a, "%s %s", rows_text(m, i, "standard"),
		                 rows_text(m, i, "description")),
		    enough ? report_fig(a, FIG_MASTERY_PCT, pct, k->lang,
		                        REPORT_ABSENT)
		           : _("not enough evidence"),
		    !enough                               ? ""
		    : rows_num(m, i, "mastery_share") > 0 ? _("yes")
		                                          : _("not yet"),
		    /* the evidence behind it: item points of how many items */
		    arena_printf(a, _("%s points, %s items"),
		                 report_fig(a, FIG_MASTERY_POINTS,
		                            rows_num(m, i, "mastery_points"),
		                            k->lang, REPORT_ABSENT),
		                 report_fig(a, FIG_MASTERY_ITEMS,
		                            rows_num(m, i, "mastery_items"),
		                            k->lang, REPORT_ABSENT))};
		rtable_row(t, 0, cells);
		if (!enough)
			continue; /* no next step on too little evidence */
		if (k->weakest < 0 ||
		    pct < rows_num(m, k->weakest, "mastery_pct"))
			k->weakest = i;
		if (k->strongest < 0 ||
		    pct > rows_num(m, k->strongest, "mastery_pct"))
			k->strongest = i;
	}
	rdoc_note(d, "%s",
	          /* xgettext:no-c-format */
	          _("Score: the share of the points available on the "
	            "outcome's items earned this year; mastered means 60% or "
	            "more."));
	return ATT_OK;
}

/* Attendance this year: rate, days present of possible, absent (with
 * permission), late. */
static void attendance_section(rdoc *d, const attendance_tally *at,
                               const char *lang)
{
	arena *a = rdoc_arena(d);
	rdoc_h2(d, _("Attendance"));
	if (at->possible == 0) {
		rdoc_p(d, "%s", _("No attendance is recorded this year."));
		return;
	}
	rdoc_kv(d, _("Attendance rate"),
	        report_fmt_pct(a, lang, 100.0 * at->present / at->possible, 1));
	rdoc_kv(d, _("Days present"),
	        arena_printf(a, _("%s of %s school days"),
	                     report_fmt_int(a, lang, at->present),
	                     report_fmt_int(a, lang, at->possible)));
	rdoc_kv(d, _("Days absent"),
	        arena_printf(a, _("%s (%s with permission)"),
	                     report_fmt_int(a, lang, at->absent),
	                     report_fmt_int(a, lang, at->excused)));
	rdoc_kv(d, _("Days late"), report_fmt_int(a, lang, at->late));
}

/* Attitude to learning per subject and term, and the year's positive and
 * negative behaviour entries. */
static void attitude_section(rdoc *d, const srep_rows *att,
                             const srep_rows *beh, const char *lang)
{
	rdoc_h2(d, _("Attitude to learning"));
	if (att->nrow == 0) {
		rdoc_p(d, "%s",
		       _("No attitude grades are recorded this year."));
	} else {
		const char *heads[] = {_("Subject"), _("Term"), _("Attitude")};
		rtable *t = rdoc_table(d, "attitude", NULL, 3, heads, "lll");
		for (int i = 0; i < att->nrow; i++) {
			const char *cells[3] = {
			    rows_text(att, i, "subject"),
			    rows_text(att, i, "term"),
			    attitude_word((int)rows_int(att, i, "grade"))};
			rtable_row(t, 0, cells);
		}
	}
	if (beh->nrow &&
	    (rows_int(beh, 0, "positive") || rows_int(beh, 0, "negative")))
		rdoc_p(d,
		       _("Behaviour this year: %s positive and %s negative "
		         "entries."),
		       report_fmt_int(rdoc_arena(d), lang,
		                      rows_int(beh, 0, "positive")),
		       report_fmt_int(rdoc_arena(d), lang,
		                      rows_int(beh, 0, "negative")));
}

/* The student's goals as set, then each one's projection when the goals
 * analysis has run (now, projected by the due date, status). */
static void goals_section(card *k, att_err *e)
{
	report_ctx *c = k->c;
	rdoc *d = k->d;
	arena *a = k->a;
	const char *lang = k->lang;
	const srep_rows *goals = &k->goals;
	rdoc_h2(d, _("Goals"));
	if (goals->nrow == 0) {
		rdoc_p(d, "%s", _("No goals are set yet."));
		return;
	}
	const char *heads[] = {_("Goal"),   _("Measure"), _("From"),
	                       _("Target"), _("By"),      _("Set by")};
	rtable *t = rdoc_table(d, "goals", NULL, 6, heads, "llrrll");
	for (int i = 0; i < goals->nrow; i++) {
		const char *cells[6] = {
		    rows_text(goals, i, "title"),
		    rw_word(RW_METRIC, rows_text(goals, i, "metric")),
		    report_fmt_num(a, lang, rows_num(goals, i, "baseline"), 0),
		    report_fmt_num(a, lang, rows_num(goals, i, "target"), 0),
		    report_fmt_date(a, lang, rows_text(goals, i, "due_date")),
		    rw_word(RW_SET_BY, rows_text(goals, i, "set_by"))};
		rtable_row(t, 0, cells);
	}
	srep_rows gp;
	if (!srep_analysis_ran(c->s, "goals", "goal_progress") ||
	    srep_query(c->s, SRQ_GOAL_PROGRESS, (srep_args){.id = {k->sid, 0}},
	               a, &gp, e) != ATT_OK)
		return;
	for (int i = 0; i < gp.nrow; i++)
		rdoc_kv(
		    d, rows_text(&gp, i, "title"),
		    arena_printf(
		        a, _("now %s, projected %s by %s: %s"),
		        report_fmt_num(a, lang, rows_num(&gp, i, "current"), 0),
		        report_fmt_num(a, lang, rows_num(&gp, i, "projected"),
		                       0),
		        report_fmt_date(a, lang, rows_text(&gp, i, "due_date")),
		        an_text_goal_status(rows_text(&gp, i, "status"))));
}

/* Next steps in plain language, from the figures above: praise for the
 * strongest outcome (mastered: SF_MASTERY_CUT or more), practice on the
 * weakest (below it),
 * attendance below 90%, an attitude grade of 3 or 4, the first goal; a
 * general word when none applies. */
static void next_steps(card *k)
{
	rdoc *d = k->d;
	arena *a = k->a;
	const char *lang = k->lang;
	const srep_rows *m = &k->m, *att = &k->att, *goals = &k->goals;
	const attendance_tally *at = &k->at;
	rdoc_h2(d, _("Next steps"));
	int steps = 0;
	if (k->strongest >= 0 &&
	    rows_num(m, k->strongest, "mastery_pct") >= SF_MASTERY_CUT) {
		rdoc_bullet(d, _("Well done in %s (%s): keep it up."),
		            rows_text(m, k->strongest, "description"),
		            report_fig(a, FIG_MASTERY_PCT,
		                       rows_num(m, k->strongest, "mastery_pct"),
		                       lang, REPORT_ABSENT));
		steps++;
	}
	if (k->weakest >= 0 &&
	    rows_num(m, k->weakest, "mastery_pct") < SF_MASTERY_CUT) {
		rdoc_bullet(d,
		            _("Practise %s in %s: this is the area to work on "
		              "next (%s so far)."),
		            rows_text(m, k->weakest, "description"),
		            rows_text(m, k->weakest, "subject"),
		            report_fig(a, FIG_MASTERY_PCT,
		                       rows_num(m, k->weakest, "mastery_pct"),
		                       lang, REPORT_ABSENT));
		steps++;
	}
	if (at->possible > 0 && 100.0 * at->present / at->possible < 90) {
		rdoc_bullet(d,
		            _("Every school day counts: %s days were missed "
		              "this year. Please help your child attend every "
		              "day."),
		            report_fmt_int(a, lang, at->absent));
		steps++;
	}
	for (int i = 0; i < att->nrow; i++)
		if (rows_int(att, i, "grade") >= 3) {
			rdoc_bullet(
			    d,
			    _("Talk with the %s teacher about effort and "
			      "attitude in class."),
			    rows_text(att, i, "subject"));
			steps++;
			break;
		}
	if (goals->nrow) {
		rdoc_bullet(
		    d, _("Work towards the goal: %s, by %s."),
		    rows_text(goals, 0, "title"),
		    report_fmt_date(a, lang, rows_text(goals, 0, "due_date")));
		steps++;
	}
	if (!steps)
		rdoc_bullet(d, "%s",
		            _("Keep reading at home every day and ask your "
		              "child what they learned at school."));
}

rdoc *report_student_alloc(report_ctx *c, const char *code, att_err *e)
{
	arena tmp;
	arena_init(&tmp);
	card k = {.c = c, .weakest = -1, .strongest = -1};
	if (srep_query(c->s, SRQ_STUDENT,
	               (srep_args){.code = code, .id = {c->year_id}}, &tmp,
	               &k.st, e)) {
		arena_free(&tmp);
		return NULL;
	}
	k.sid = rows_int(&k.st, 0, "id");
	k.lang = report_student_lang(c, k.sid);
	i18n_set_lang(k.lang);
	const char *name =
	    arena_printf(&tmp, "%s %s", rows_text(&k.st, 0, "given_name"),
	                 rows_text(&k.st, 0, "family_name"));
	k.d =
	    rdoc_alloc(arena_printf(&tmp, _("Report card: %s"), name), k.lang);
	k.a = rdoc_arena(k.d);
	report_stamp(c, k.d);
	const char *school = rows_null(&k.st, 0, "school_name")
	                         ? _("(no school this year)")
	                         : rows_text(&k.st, 0, "school_name");
	rdoc_subtitle(
	    k.d, rows_null(&k.st, 0, "grade")
	             ? arena_printf(k.a, "%s \xC2\xB7 %s", school, c->year_name)
	             : arena_printf(k.a,
	                            _("%s \xC2\xB7 grade %s "
	                              "\xC2\xB7 %s"),
	                            school, rows_text(&k.st, 0, "grade"),
	                            c->year_name));
	if (card_read(&k, e)) {
		rdoc_free(k.d);
		arena_free(&tmp);
		return NULL;
	}
	who_section(&k, name, school);
	progress_section(k.d, k.lang, &k.res);
	growth_section(c, k.d, k.sid);
	if (outcomes_section(&k, e)) {
		rdoc_free(k.d);
		arena_free(&tmp);
		return NULL;
	}
	attendance_section(k.d, &k.at, k.lang);
	attitude_section(k.d, &k.att, &k.beh, k.lang);
	goals_section(&k, e);
	next_steps(&k);
	rdoc_note(k.d, _("Prepared on %s."),
	          report_fmt_date(k.a, k.lang, c->today));
	arena_free(&tmp);
	return k.d;
}
