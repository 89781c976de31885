/*
 * web_collect_register.c - the attendance register of a class for a day:
 * every enrolled student present by default, one tap to mark absent, late
 * or excused, one save per class-day (a second save edits it, audited by
 * the store). Big tap targets, radio buttons, no script needed.
 * GET/POST /classes/{code}/register[?date=YYYY-MM-DD].
 */
#include <stdlib.h>
#include <string.h>

#include "attendance.h"
#include "escape.h"
#include "i18n.h"
#include "web_collect.h"

static const struct {
	char letter;
	int code;
	const char *label;
} marks[] = {
    {'P', ATT_PRESENT, N_("Present")},
    {'A', ATT_ABSENT, N_("Absent")},
    {'L', ATT_LATE, N_("Late")},
    {'E', ATT_EXCUSED, N_("Excused")},
};

static int mark_of_letter(const char *v)
{
	for (size_t i = 0; i < ARRAY_LEN(marks); i++)
		if (v && v[0] == marks[i].letter && !v[1])
			return marks[i].code;
	return -1;
}

static const char *date_arg(web_req *r)
{
	const char *d = web_field_get(r, "date");
	return d && *d ? d : wc_today(r);
}

/* The letter of a mark; NULL for none. */
static const char *letter_of(web_req *r, int mark)
{
	for (size_t i = 0; i < ARRAY_LEN(marks); i++)
		if (marks[i].code == mark)
			return arena_printf(&r->a, "%c", marks[i].letter);
	return NULL;
}

/* The register page: a form to open another day and the register form,
 * one row of tap targets per student; `posted` (may be NULL) overrides
 * each row's mark. */
static int render(web_req *r, web_resp *w, const scope_hit *h,
                  const collect_register *g, const int *posted, int posted_form,
                  const char *notice, const char *error, int status)
{
	web_page p;
	wc_page(r, &p, "register", g->class_code,
	        arena_printf(&r->a, "%s: %s \xc2\xb7 %s", _("Register"),
	                     g->class_name, g->date),
	        h);
	p.notice = notice;
	p.error = error;
	p.subtitle = g->taken
	                 ? arena_printf(&r->a,
	                                _("Taken (saved %s, %lld saves). "
	                                  "Saving again edits it."),
	                                g->saved_at, (long long)g->version)
	                 : _("Not taken yet. Everyone is present unless you "
	                     "mark them otherwise.");
	const char *path =
	    arena_printf(&r->a, "%s/register", wc_class_path(r, g->class_code));
	web_form *day = web_page_form(r, &p, "day", path, _("Open"));
	day->get = 1;
	web_form_input(day, WI_DATE, "date", _("Day"), g->date)->id = "d";
	web_form *f =
	    web_page_form(r, &p, "register", path, _("Save register"));
	f->cls = "register";
	f->key = arena_printf(&r->a, "reg:%s:%s", g->class_code, g->date);
	f->saved = notice && *notice;
	f->posted = posted_form;
	web_form_input(f, WI_HIDDEN, "date", NULL, g->date);
	web_form_input(f, WI_HIDDEN, "version", NULL,
	               arena_printf(&r->a, "%lld", (long long)g->version));
	web_option *opts =
	    arena_alloc(&r->a, ARRAY_LEN(marks) * sizeof(web_option));
	for (size_t k = 0; k < ARRAY_LEN(marks); k++)
		opts[k] = (web_option){letter_of(r, marks[k].code),
		                       _(marks[k].label)};
	for (int i = 0; i < g->n; i++) {
		const collect_reg_row *row = &g->rows[i];
		int m = posted && posted[i] > 0 ? posted[i] : row->mark;
		web_input *in = web_form_choice(
		    f, WI_TAPS, arena_printf(&r->a, "m_%s", row->code),
		    row->name, letter_of(r, m), opts, (int)ARRAY_LEN(marks));
		in->aside = row->code;
	}
	if (g->n == 0)
		web_form_input(
		    f, WI_SHOW, NULL, NULL,
		    _("No student is enrolled in this class on this day."));
	return web_page_answer(r, w, &p, status);
}

int web_collect_register(web_req *r, web_resp *w)
{
	att_err e;
	err_clear(&e);
	scope_hit h = r->target.hit;
	collect_register g;
	if (store_register_load(r->s, h.cls.id, date_arg(r), &r->a, &g, &e))
		return web_fail(r, w, &e);
	const char *saved = web_field_get(r, "saved");
	return render(r, w, &h, &g, NULL, 0,
	              saved ? _("Register saved.") : NULL, NULL, 200);
}

int web_collect_register_save(web_req *r, web_resp *w)
{
	att_err e;
	err_clear(&e);
	scope_hit h = r->target.hit;
	const char *date = web_field_get(r, "date");
	collect_register g;
	if (!date || store_register_load(r->s, h.cls.id, date, &r->a, &g, &e))
		return e.code == ATT_EIO ? web_fail(r, w, &e)
		                         : web_error(r, w, 400, _("Bad date"));
	int *posted = arena_alloc(&r->a, sizeof(int) * (size_t)(g.n ? g.n : 1));
	collect_mark *mk =
	    arena_alloc(&r->a, sizeof(*mk) * (size_t)(g.n ? g.n : 1));
	int nm = 0;
	const char *bad = NULL;
	for (int i = 0; i < g.n; i++) {
		const char *v = web_field_get(
		    r, arena_printf(&r->a, "m_%s", g.rows[i].code));
		int m = v ? mark_of_letter(v) : ATT_PRESENT;
		if (m < 0) {
			bad = g.rows[i].name;
			continue;
		}
		posted[i] = m;
		mk[nm].student_id = g.rows[i].student_id;
		mk[nm].mark = m;
		nm++;
	}
	if (bad)
		return render(
		    r, w, &h, &g, posted, 1, NULL,
		    arena_printf(&r->a,
		                 _("Unknown mark for %s: nothing was saved."),
		                 bad),
		    422);
	const char *vs = web_field_get(r, "version");
	char *end = NULL;
	long long ver = vs && *vs ? strtoll(vs, &end, 10) : -1;
	if (vs && *vs && (!end || *end || ver < 0))
		ver = -1;
	collect_actor who = wc_actor(r);
	int rc = store_register_save(r->s, h.cls.id, g.date, mk, nm, ver, &who,
	                             NULL, &e);
	if (rc == ATT_OK) {
		buf p;
		buf_init(&p);
		buf_adds(&p, wc_class_path(r, g.class_code));
		buf_adds(&p, "/register?date=");
		esc_url_arg(&p, g.date);
		const char *loc = arena_strdup(&r->a, p.data);
		buf_free(&p);
		return wc_done(r, w, loc);
	}
	if (rc == ATT_ECONFLICT) {
		/* Show the marks typed against the register as saved now;
		 * saving again replaces the other save. */
		collect_register now;
		if (store_register_load(r->s, h.cls.id, g.date, &r->a, &now,
		                        &e))
			return web_fail(r, w, &e);
		int *p2 = arena_alloc(&r->a, sizeof(int) *
		                                 (size_t)(now.n ? now.n : 1));
		for (int i = 0; i < now.n; i++)
			for (int j = 0; j < g.n; j++)
				if (g.rows[j].student_id ==
				    now.rows[i].student_id)
					p2[i] = posted[j];
		return render(
		    r, w, &h, &now, p2, 1, NULL,
		    _("Someone else saved this register after you opened it. "
		      "Your marks are shown below and were not saved; save "
		      "again "
		      "to replace theirs."),
		    web_status(rc, 1));
	}
	if (rc == ATT_EINPUT)
		return render(
		    r, w, &h, &g, posted, 1, NULL,
		    arena_printf(&r->a, "%s: %s", _("Not saved"), e.msg),
		    web_status(rc, 1));
	return render(
	    r, w, &h, &g, posted, 1, NULL,
	    _("The register could not be saved (the server is busy or was "
	      "restarting). What you marked is kept below: save again."),
	    web_status(rc, 1));
}
