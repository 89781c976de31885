/*
 * web_consent.c - a student's consent on the web (GET/POST
 * /students/{code}/consent): for each purpose whether it is given, since
 * when and by whom; and, for the student's parent, the form that gives or
 * withdraws it. The dispatcher has resolved the student and decided its
 * scope (a parent reaches only their own children; anyone else out of
 * scope gets 404); only a parent may change consent (403 for the others
 * who may read it). A change is saved with the request's day, audited by
 * the store and takes effect on the next request: the store's data
 * version moves, so no cached page survives it (web_cache.h).
 */
#include <string.h>

#include "i18n.h"
#include "web_collect.h"

/* The words of a purpose (its code when attain does not know it) and
 * what it allows. */
static const char *purpose_words(const char *p, const char **help)
{
	*help = NULL;
	if (!strcmp(p, CONSENT_SURVEY)) {
		*help = _("a survey marked as needing consent may be "
		          "offered to the student, who may answer it.");
		return _("Surveys");
	}
	if (!strcmp(p, CONSENT_DATA_SHARE)) {
		*help = _("the student's data may be shared outside the "
		          "school system (for research, for example).");
		return _("Sharing data");
	}
	return p;
}

static const char *state_words(int granted)
{
	return granted == 1   ? _("given")
	       : granted == 0 ? _("refused or withdrawn")
	                      : _("not given (never asked)");
}

/* Who gave it: an account's name, a person's name as imported, or the
 * role words an import may use ("parent", "student"), which are read in
 * the page's language. */
static const char *given_by_words(const char *g)
{
	if (!strcmp(g, "parent"))
		return _("parent");
	if (!strcmp(g, "student"))
		return _("student");
	return g;
}

/* The consent table (purpose, state, since, by whom), and what each
 * purpose attain knows allows, as notes. */
static void consent_table(web_req *r, web_page *p, const collect_consent *c,
                          int n)
{
	enum { CS_NAME, CS_STATE, CS_DATE, CS_GIVEN_BY, CS_NCOL };
	static const char *const names[CS_NCOL] = {[CS_NAME] = "name",
	                                           [CS_STATE] = "state",
	                                           [CS_DATE] = "date",
	                                           [CS_GIVEN_BY] = "given_by"};
	sw_rows t = wc_rows(r, names, CS_NCOL, n);
	for (int i = 0; i < n; i++) {
		const char *help;
		const char *words = purpose_words(c[i].purpose, &help);
		*sw_at(&t, i, CS_NAME) = wc_text(words);
		*sw_at(&t, i, CS_STATE) = wc_text(state_words(c[i].granted));
		*sw_at(&t, i, CS_DATE) = wc_text(c[i].date);
		*sw_at(&t, i, CS_GIVEN_BY) =
		    wc_text(given_by_words(c[i].given_by));
		if (help)
			web_page_note(
			    p, arena_printf(&r->a, "%s: %s", words, help));
	}
	web_col *cols = arena_alloc(&r->a, 4 * sizeof(web_col));
	cols[0] = (web_col){names[CS_NAME], _("Purpose"), WC_TEXT, NULL, NULL};
	cols[1] = (web_col){names[CS_STATE], _("Consent"), WC_TEXT, NULL, NULL};
	cols[2] = (web_col){names[CS_DATE], _("Since"), WC_DATE, NULL, NULL};
	cols[3] =
	    (web_col){names[CS_GIVEN_BY], _("Given by"), WC_TEXT, NULL, NULL};
	web_page_table(p, "consent", _("Consent"), cols, 4, &t);
}

/* The form of a parent: give or withdraw each purpose. */
static void consent_form(web_req *r, web_page *p, const char *code,
                         const collect_consent *c, int n)
{
	static const char *const values[] = {"1", "0"};
	static const char *const labels[] = {N_("Yes, I give consent"),
	                                     N_("No")};
	web_option *o = wc_options(r, values, labels, 2);
	web_form *f = web_page_form(r, p, "consent",
	                            wc_path(r, "/students/", code, "/consent"),
	                            _("Save consent"));
	for (int i = 0; i < n; i++) {
		const char *help;
		const char *words = purpose_words(c[i].purpose, &help);
		web_input *in = web_form_choice(
		    f, WI_TAPS, arena_printf(&r->a, "consent_%s", c[i].purpose),
		    words,
		    c[i].granted < 0 ? NULL : values[c[i].granted ? 0 : 1], o,
		    2);
		if (in)
			in->hint = help;
	}
}

/* The page, with the notice of a save or the reason one was refused. */
static int consent_page(web_req *r, web_resp *w, const char *error, int status)
{
	scope_hit h = r->target.hit;
	collect_consent *c;
	int n;
	att_err e;
	err_clear(&e);
	if (store_consent_list(r->s, h.stu.id, &r->a, &c, &n, &e))
		return web_fail(r, w, &e);
	const char *name =
	    arena_printf(&r->a, "%s %s", h.stu.given_name, h.stu.family_name);
	web_page p;
	web_page_init(&p, "consent", h.stu.code, _("Consent"));
	p.subtitle = name;
	web_page_crumbs_from_path(r, &p, h.path, h.npath, 1);
	if (p.ncrumbs + 1 < WEB_MAX_CRUMBS) {
		p.crumbs[p.ncrumbs++] =
		    (web_crumb){name, wc_path(r, "/students/", h.stu.code, "")};
		p.crumbs[p.ncrumbs++] = (web_crumb){_("Consent"), NULL};
	}
	p.error = error;
	if (!error && web_field_get(r, "saved"))
		p.notice = _("Consent saved. It applies from now on: a survey "
		             "that needs consent is offered, or no longer "
		             "offered, from the next page opened.");
	p.notes_title = _("What consent allows");
	consent_table(r, &p, c, n);
	if (r->who.role == ROLE_PARENT)
		consent_form(r, &p, h.stu.code, c, n);
	else
		web_page_note(&p, _("Only a parent of the student gives or "
		                    "withdraws consent, on this page. Without "
		                    "consent, a survey that needs it is not "
		                    "offered to the student."));
	return web_page_answer(r, w, &p, status);
}

int web_consent(web_req *r, web_resp *w)
{
	return consent_page(r, w, NULL, 200);
}

int web_consent_save(web_req *r, web_resp *w)
{
	if (r->who.role != ROLE_PARENT)
		return consent_page(r, w,
		                    _("Not saved: only a parent of the student "
		                      "gives or withdraws consent."),
		                    403);
	scope_hit h = r->target.hit;
	collect_consent *cur;
	int n;
	att_err e;
	err_clear(&e);
	if (store_consent_list(r->s, h.stu.id, &r->a, &cur, &n, &e))
		return web_fail(r, w, &e);
	collect_consent *ch = arena_alloc(&r->a, sizeof(*ch) * (size_t)(n + 1));
	int k = 0;
	for (int i = 0; i < n; i++) {
		const char *v = web_field_get(
		    r, arena_printf(&r->a, "consent_%s", cur[i].purpose));
		if (!v || !*v)
			continue;
		if (strcmp(v, "1") && strcmp(v, "0"))
			return consent_page(
			    r, w, _("Not saved: answer yes or no."), 422);
		ch[k++] =
		    (collect_consent){cur[i].purpose, v[0] == '1', NULL, NULL};
	}
	collect_actor who = wc_actor(r);
	if (store_consent_save(r->s, h.stu.id, ch, k, wc_today(r), &who, NULL,
	                       &e))
		return consent_page(
		    r, w,
		    e.code == ATT_EIO
		        ? _("Not saved (the server is busy); try again.")
		        : arena_printf(&r->a, "%s: %s", _("Not saved"), e.msg),
		    web_status(e.code, 1));
	return wc_done(r, w, wc_path(r, "/students/", h.stu.code, "/consent"));
}
