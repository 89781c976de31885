/*
 * web_collect_marks.c - the markbook: a class's assessments (the shared
 * ones of its subject and grade, and ad hoc ones it creates), and for one
 * assessment a grid of students x items (or one total column) with
 * keyboard-friendly entry, scores checked as typed and on the server, a
 * box under each column to paste a spreadsheet column, and optimistic
 * concurrency: a save against a stale version is refused and shows both
 * values of every cell that differs.
 * GET/POST /classes/{code}/marks, GET/POST /classes/{code}/marks/{assessment}.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "collect_input.h"
#include "escape.h"
#include "i18n.h"
#include "web_collect.h"

/* ---- the list and the "new assessment" form ---- */

/* For someone who may write the whole school's marks (a principal, an
 * admin): a link per shared assessment to paste them at once. */
static void school_links(web_req *r, buf *b, const scope_hit *h,
                         const collect_asmt_ref *l, int n)
{
	web_target school;
	if (!h->npath ||
	    web_target_resolve(r, WT_ORG, h->path[h->npath - 1].code,
	                       ACCESS_WRITE, &school, NULL) != ATT_OK ||
	    school.level != SCOPE_NAMED)
		return;
	int any = 0;
	for (int i = 0; i < n; i++) {
		if (!l[i].shared)
			continue;
		if (!any++) {
			buf_adds(b, "<h2>");
			esc_html(b, _("The whole school at once"));
			buf_adds(b, "</h2>\n<ul>");
		}
		buf_adds(b, "<li><a href=\"/orgs/");
		esc_url_path(b, h->path[h->npath - 1].code);
		buf_adds(b, "/marks/");
		esc_url_path(b, l[i].code);
		buf_adds(b, "\">");
		esc_html(b,
		         arena_printf(&r->a, _("Paste the school's marks: %s"),
		                      l[i].name));
		buf_adds(b, "</a></li>");
	}
	if (any)
		buf_adds(b, "</ul>\n");
}

static int render_list(web_req *r, web_resp *w, const scope_hit *h,
                       const char *error, int status)
{
	att_err e;
	err_clear(&e);
	collect_asmt_ref *l;
	int n;
	if (store_markbook_list(r->s, h->cls.id, &r->a, &l, &n, &e))
		return wc_refuse(r, w, &e);
	buf b;
	buf_init(&b);
	wc_open(r, &b, arena_printf(&r->a, "%s: %s", _("Marks"), h->cls.name),
	        h, NULL, error);
	const char *path = wc_class_path(r, h->cls.code);
	buf_adds(&b, "<div class=\"scroll\" tabindex=\"0\" role=\"region\" "
	             "aria-label=\"");
	esc_attr(&b, _("assessments"));
	buf_adds(&b, "\"><table><thead><tr><th scope=\"col\">");
	esc_html(&b, _("Assessment"));
	buf_adds(&b, "</th><th scope=\"col\">");
	esc_html(&b, _("Kind"));
	buf_adds(&b, "</th><th scope=\"col\">");
	esc_html(&b, _("Date"));
	buf_adds(&b, "</th><th scope=\"col\" class=\"num\">");
	esc_html(&b, _("Out of"));
	buf_adds(&b, "</th><th scope=\"col\" class=\"num\">");
	esc_html(&b, _("Items"));
	buf_adds(&b, "</th><th scope=\"col\" class=\"num\">");
	esc_html(&b, _("Entered"));
	buf_adds(&b, "</th></tr></thead><tbody>\n");
	for (int i = 0; i < n; i++) {
		buf_adds(&b, "<tr><th scope=\"row\"><a href=\"");
		esc_attr(&b, path);
		buf_adds(&b, "/marks/");
		esc_url_path(&b, l[i].code);
		buf_adds(&b, "\">");
		esc_html(&b, l[i].name);
		buf_adds(&b, "</a></th><td>");
		esc_html(&b, _(l[i].kind));
		buf_adds(&b, "</td><td>");
		esc_html(&b, l[i].date);
		buf_printf(
		    &b,
		    "</td><td class=\"num\">%g</td><td class=\"num\">%d</td>"
		    "<td class=\"num\">%d</td></tr>\n",
		    l[i].max_score, l[i].nitems, l[i].entered);
	}
	buf_adds(&b, "</tbody></table></div>\n");
	school_links(r, &b, h, l, n);
	buf_adds(&b, "<h2>");
	esc_html(&b, _("New assessment for this class"));
	buf_adds(&b, "</h2>\n<form method=\"post\" class=\"entry\" action=\"");
	esc_attr(&b, path);
	buf_adds(&b, "/marks\" data-key=\"");
	esc_attr(&b, arena_printf(&r->a, "new:%s", h->cls.code));
	buf_adds(&b, "\">");
	wc_csrf(r, &b);
	const char *name = web_field_get(r, "name"),
	           *kind = web_field_get(r, "kind"),
	           *date = web_field_get(r, "date"),
	           *max = web_field_get(r, "max"),
	           *items = web_field_get(r, "items");
	buf_adds(&b, "<label class=\"f\" for=\"n\">");
	esc_html(&b, _("Name"));
	buf_adds(&b, "</label><input type=\"text\" id=\"n\" name=\"name\" "
	             "required maxlength=\"200\" value=\"");
	esc_attr(&b, name ? name : "");
	buf_adds(&b, "\"><label class=\"f\" for=\"k\">");
	esc_html(&b, _("Kind"));
	buf_adds(&b, "</label><select id=\"k\" name=\"kind\">");
	static const char *kinds[] = {N_("formative"), N_("diagnostic"),
	                              N_("summative"), N_("baseline")};
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++) {
		buf_adds(&b, "<option value=\"");
		esc_attr(&b, kinds[i]);
		buf_adds(&b, kind && !strcmp(kind, kinds[i]) ? "\" selected>"
		                                             : "\">");
		esc_html(&b, _(kinds[i]));
		buf_adds(&b, "</option>");
	}
	buf_adds(&b, "</select><label class=\"f\" for=\"dt\">");
	esc_html(&b, _("Date"));
	buf_adds(
	    &b,
	    "</label><input type=\"date\" id=\"dt\" name=\"date\" value=\"");
	esc_attr(&b, date ? date : wc_today(r));
	buf_adds(&b, "\"><label class=\"f\" for=\"mx\">");
	esc_html(&b, _("Maximum score (when there are no items)"));
	buf_adds(&b, "</label><input type=\"text\" inputmode=\"decimal\" "
	             "id=\"mx\" name=\"max\" value=\"");
	esc_attr(&b, max ? max : "");
	buf_adds(&b, "\"><label class=\"f\" for=\"it\">");
	esc_html(&b, _("Items, one per line: code, maximum, learning outcome "
	               "code (optional)"));
	buf_adds(&b, "</label><textarea id=\"it\" name=\"items\" rows=\"5\" "
	             "cols=\"30\" placeholder=\"Q1 2 M5.1\">");
	esc_html(&b, items ? items : "");
	buf_adds(&b, "</textarea><br><button type=\"submit\">");
	esc_html(&b, _("Create and open"));
	buf_adds(&b, "</button></form>\n");
	wc_close(r, &b);
	return wc_send(w, &b, status);
}

int web_collect_marks(web_req *r, web_resp *w)
{
	att_err e;
	err_clear(&e);
	scope_hit h;
	if (!wc_class(r, &h, &e))
		return wc_refuse(r, w, &e);
	return render_list(r, w, &h, NULL, 200);
}

int web_collect_marks_new(web_req *r, web_resp *w)
{
	att_err e;
	err_clear(&e);
	scope_hit h;
	if (!wc_class(r, &h, &e))
		return wc_refuse(r, w, &e);
	collect_item_line *il;
	int nl;
	if (collect_parse_items(web_field_get(r, "items"), 100, &r->a, &il, &nl,
	                        &e))
		return render_list(
		    r, w, &h,
		    arena_printf(&r->a, "%s: %s", _("Not created"), e.msg),
		    422);
	collect_item_spec *sp =
	    arena_alloc(&r->a, sizeof(*sp) * (size_t)(nl ? nl : 1));
	for (int i = 0; i < nl; i++)
		sp[i] = (collect_item_spec){il[i].code, il[i].max_points,
		                            il[i].outcome};
	double max = 0;
	int has = 0;
	if (!nl &&
	    (collect_parse_score(web_field_get(r, "max"), &has, &max, &e) ||
	     !has))
		return render_list(r, w, &h,
		                   _("Not created: give a maximum score, or "
		                     "items with their maxima."),
		                   422);
	collect_actor who = wc_actor(r);
	int64_t id;
	if (store_markbook_create(
	        r->s, h.cls.id, NULL, web_field_get(r, "name"),
	        web_field_get(r, "kind"), web_field_get(r, "date"), max, sp, nl,
	        &who, &id, &e)) {
		if (e.code == ATT_EIO)
			return wc_refuse(r, w, &e);
		return render_list(
		    r, w, &h,
		    arena_printf(&r->a, "%s: %s", _("Not created"), e.msg),
		    422);
	}
	collect_markbook mb;
	if (store_markbook_load(r->s, id, h.cls.id, &r->a, &mb, &e))
		return wc_refuse(r, w, &e);
	buf p;
	buf_init(&p);
	buf_adds(&p, wc_class_path(r, h.cls.code));
	buf_adds(&p, "/marks/");
	esc_url_path(&p, mb.assessment_code);
	const char *loc = arena_strdup(&r->a, p.data);
	buf_free(&p);
	return web_redirect(w, 303, loc);
}

/* ---- the grid ---- */

/*
 * Columns of the grid: one per item, then the total when it is entered
 * (no items, or a scaled total; a total that is the sum of the items is
 * shown beside them, not typed). Column j < nitems is item j.
 */
static int ncols_of(const collect_markbook *mb)
{
	return mb->nitems + (mb->total == COLLECT_TOTAL_SUM ? 0 : 1);
}

static int is_total(const collect_markbook *mb, int j)
{
	return j >= mb->nitems;
}

static double col_max(const collect_markbook *mb, int j)
{
	return is_total(mb, j) ? mb->max_score : mb->items[j].max_points;
}

static const char *col_name(const collect_markbook *mb, int j)
{
	return is_total(mb, j) ? _("Total") : mb->items[j].code;
}

static void cell_now(const collect_markbook *mb, int i, int j, int *has,
                     double *v)
{
	const collect_mb_student *m = &mb->students[i];
	*has = is_total(mb, j) ? m->has_score : m->has_points[j];
	*v = is_total(mb, j) ? m->score : m->points[j];
}

/* The form fields the grid posts: a value and its value when opened per
 * cell, a code per student and per column, a pasted column per column, a
 * confirmation per flagged total, the version and the token. The page
 * never renders a grid its route's limit would refuse. */
static long grid_fields(const collect_markbook *mb)
{
	long s = mb->nstudents, c = ncols_of(mb);
	return 2 * s * c + s + 2 * c + mb->nreview + 2;
}

/* What the user typed, aligned with the markbook's students and columns. */
typedef struct typed {
	const char **v; /* nstudents * ncols, NULL: not posted */
	int *bad;       /* 1 when the value did not parse or is out of range */
	int *conflict;  /* 1 when someone else saved a different value */
	const char **theirs;
} typed;

/* The column headings. */
static void grid_head(web_req *r, buf *b, const collect_markbook *mb)
{
	int nc = ncols_of(mb);
	buf_adds(b, "\n<div class=\"scroll\"><table "
	            "class=\"grid\"><thead><tr><th scope=\"col\">");
	esc_html(b, _("Student"));
	buf_adds(b, "</th>");
	for (int j = 0; j < nc; j++) {
		buf_adds(b, "<th scope=\"col\">");
		esc_html(b, col_name(mb, j));
		buf_printf(b, " <span class=\"small\">/%g", col_max(mb, j));
		if (!is_total(mb, j) && *mb->items[j].standard_code) {
			buf_adds(b, "<br><abbr title=\"");
			esc_attr(b, mb->items[j].standard);
			buf_adds(b, "\">");
			esc_html(b, mb->items[j].standard_code);
			buf_adds(b, "</abbr>");
		}
		buf_adds(b, "</span></th>");
	}
	if (mb->total == COLLECT_TOTAL_SUM) {
		buf_adds(b, "<th scope=\"col\" class=\"num\">");
		esc_html(b, _("Total"));
		buf_adds(b, "</th>");
	}
	buf_adds(b, "</tr></thead>\n<tbody>\n");
}

/* One input cell (with the value when the page was opened beside it). */
static void grid_cell(web_req *r, buf *b, const collect_markbook *mb,
                      const typed *t, int i, int j)
{
	const collect_mb_student *s = &mb->students[i];
	int has, k = i * ncols_of(mb) + j;
	double now;
	cell_now(mb, i, j, &has, &now);
	const char *val = t && t->v[k] ? t->v[k]
	                  : has        ? arena_printf(&r->a, "%g", now)
	                               : "";
	int conf = t && t->conflict[k];
	int review = is_total(mb, j) && s->review;
	buf_adds(b, conf     ? "<td class=\"conflict\">"
	            : review ? "<td class=\"review\">"
	                     : "<td>");
	buf_printf(b, "<input type=\"hidden\" name=\"o%d_%d\" value=\"", i, j);
	if (has)
		buf_printf(b, "%g", now);
	buf_printf(b,
	           "\"><input type=\"text\" inputmode=\"decimal\" "
	           "autocomplete=\"off\" name=\"c%d_%d\" data-r=\"%d\" "
	           "data-c=\"%d\" data-max=\"%g\"",
	           i, j, i, j, col_max(mb, j));
	if (t && t->bad[k])
		buf_adds(b, " class=\"bad\" aria-invalid=\"true\"");
	buf_adds(b, " aria-label=\"");
	esc_attr(b, arena_printf(&r->a, "%s, %s", s->name, col_name(mb, j)));
	buf_adds(b, "\" value=\"");
	esc_attr(b, val);
	buf_adds(b, "\">");
	if (conf) {
		buf_adds(b, "<br><span class=\"small\">");
		esc_html(
		    b, arena_printf(&r->a, _("saved: %s"),
		                    *t->theirs[k] ? t->theirs[k] : _("none")));
		buf_adds(b, "</span>");
	}
	if (review) {
		buf_printf(
		    b,
		    "<br><label class=\"small\"><input type=\"checkbox\" "
		    "name=\"k%d\" value=\"1\"> ",
		    i);
		esc_html(b, _("to review: items changed; tick to keep"));
		buf_adds(b, "</label>");
	}
	buf_adds(b, "</td>");
}

/* The rows, the paste boxes and the save button. */
static void grid_body(web_req *r, buf *b, const collect_markbook *mb,
                      const typed *t)
{
	int nc = ncols_of(mb);
	for (int i = 0; i < mb->nstudents; i++) {
		const collect_mb_student *s = &mb->students[i];
		buf_printf(b,
		           "<tr><th scope=\"row\"><input type=\"hidden\" "
		           "name=\"s%d\" value=\"",
		           i);
		esc_attr(b, s->code);
		buf_adds(b, "\">");
		esc_html(b, s->name);
		buf_adds(b, "</th>");
		for (int j = 0; j < nc; j++)
			grid_cell(r, b, mb, t, i, j);
		if (mb->total == COLLECT_TOTAL_SUM) {
			buf_adds(b, "<td class=\"num\">");
			if (s->has_score)
				buf_printf(b, "%g", s->score);
			buf_adds(b, "</td>");
		}
		buf_adds(b, "</tr>\n");
	}
	buf_adds(b, "</tbody><tfoot><tr><th scope=\"row\">");
	esc_html(b, _("Paste a column"));
	buf_adds(b, "</th>");
	for (int j = 0; j < nc; j++) {
		buf_printf(
		    b, "<td><textarea name=\"p%d\" rows=\"2\" aria-label=\"",
		    j);
		esc_attr(b, arena_printf(
		                &r->a,
		                _("Paste the column %s, one value per line"),
		                col_name(mb, j)));
		buf_adds(b, "\"></textarea></td>");
	}
	if (mb->total == COLLECT_TOTAL_SUM)
		buf_adds(b, "<td></td>");
	buf_adds(b, "</tr></tfoot></table></div>\n<button type=\"submit\">");
	esc_html(b, _("Save marks"));
	buf_adds(b, "</button></form>\n");
}

/* The sentence under the title: what the grid is and how its total
 * follows the items. */
static const char *grid_intro(web_req *r, const collect_markbook *mb)
{
	const char *how =
	    mb->total == COLLECT_TOTAL_SUM
	        ? _("The total is the sum of the items.")
	    : mb->total == COLLECT_TOTAL_SCALED
	        ? _("The total is a scaled score: changing items keeps it and "
	            "marks it to review; type the total or tick it to keep "
	            "it.")
	        : "";
	return arena_printf(
	    &r->a,
	    _("%s, %s, out of %g. Tab or Enter moves on; paste a column from "
	      "a spreadsheet into the first box or into the box under the "
	      "column. %s"),
	    _(mb->kind), *mb->date ? mb->date : "-", mb->max_score, how);
}

static int render_grid(web_req *r, web_resp *w, const scope_hit *h,
                       const collect_markbook *mb, const typed *t,
                       const char *notice, const char *error, int status)
{
	const web_limits *lim = web_limits_for("POST", "/classes/{}/marks/{}");
	if (grid_fields(mb) > lim->fields && !error) {
		error = arena_printf(
		    &r->a,
		    _("This markbook is too large to enter on one page: %d "
		      "students by %d columns needs %ld form fields, and a "
		      "page takes at most %d. Paste the marks for the school "
		      "instead, or split the assessment."),
		    mb->nstudents, ncols_of(mb), grid_fields(mb), lim->fields);
		status = 422;
	}
	buf b;
	buf_init(&b);
	wc_open(r, &b,
	        arena_printf(&r->a, "%s \xc2\xb7 %s", mb->name, mb->class_name),
	        h, notice, error);
	buf_adds(&b, "<p class=\"small\">");
	esc_html(&b, grid_intro(r, mb));
	buf_adds(&b, "</p>\n");
	if (grid_fields(mb) > lim->fields) {
		wc_close(r, &b);
		return wc_send(w, &b, status);
	}
	buf_adds(&b, "<form method=\"post\" class=\"entry marks\" action=\"");
	esc_attr(&b, wc_class_path(r, mb->class_code));
	buf_adds(&b, "/marks/");
	esc_url_path(&b, mb->assessment_code);
	buf_adds(&b, "\" data-key=\"");
	esc_attr(&b, arena_printf(&r->a, "mb:%s:%s", mb->assessment_code,
	                          mb->class_code));
	buf_adds(&b, "\"");
	if (notice && *notice)
		buf_adds(&b, " data-saved=\"1\"");
	if (t)
		buf_adds(&b, " data-posted=\"1\"");
	buf_adds(&b, ">");
	wc_csrf(r, &b);
	buf_printf(&b,
	           "<input type=\"hidden\" name=\"version\" value=\"%lld\">",
	           (long long)mb->version);
	for (int j = 0; j < ncols_of(mb); j++) {
		buf_printf(&b, "<input type=\"hidden\" name=\"q%d\" value=\"",
		           j);
		esc_attr(&b, is_total(mb, j) ? "" : mb->items[j].code);
		buf_adds(&b, "\">");
	}
	grid_head(r, &b, mb);
	grid_body(r, &b, mb, t);
	wc_close(r, &b);
	return wc_send(w, &b, status);
}

/* ---- JSON ---- */

static void json_value(buf *b, int has, double v)
{
	if (has)
		buf_printf(b, "%.17g", v);
	else
		buf_adds(b, "null");
}

/* The markbook as JSON: what the grid shows. */
static int markbook_json(web_req *r, web_resp *w, const collect_markbook *mb)
{
	static const char *rules[] = {"typed", "sum", "scaled"};
	buf *b = &w->body;
	w->content_type = "application/json";
	buf_clear(b);
	buf_adds(b, "{\"assessment\":");
	esc_json(b, mb->assessment_code);
	buf_adds(b, ",\"class\":");
	esc_json(b, mb->class_code);
	buf_printf(b, ",\"version\":%lld,\"max_score\":%.17g,\"total\":\"%s\"",
	           (long long)mb->version, mb->max_score, rules[mb->total]);
	buf_adds(b, ",\"items\":[");
	for (int j = 0; j < mb->nitems; j++) {
		buf_adds(b, j ? ",{\"code\":" : "{\"code\":");
		esc_json(b, mb->items[j].code);
		buf_printf(b, ",\"max\":%.17g}", mb->items[j].max_points);
	}
	buf_adds(b, "],\"students\":[");
	for (int i = 0; i < mb->nstudents; i++) {
		const collect_mb_student *s = &mb->students[i];
		buf_adds(b, i ? ",\n{\"student\":" : "\n{\"student\":");
		esc_json(b, s->code);
		buf_adds(b, ",\"total\":");
		json_value(b, s->has_score, s->score);
		buf_printf(b, ",\"review\":%s,\"items\":[",
		           s->review ? "true" : "false");
		for (int j = 0; j < mb->nitems; j++) {
			if (j)
				buf_addc(b, ',');
			json_value(b, s->has_points[j], s->points[j]);
		}
		buf_adds(b, "]}");
	}
	buf_adds(b, "]}\n");
	(void)r;
	return 200;
}

/* A refused save as JSON: the reason, nothing saved, and for a stale save
 * each differing cell. */
static int refusal_json(web_resp *w, int status, const char *msg,
                        const collect_markbook *mb, const collect_conflict *cf,
                        int ncf)
{
	buf *b = &w->body;
	w->status = status;
	w->content_type = "application/json";
	buf_clear(b);
	buf_adds(b, "{\"error\":");
	esc_json(b, msg);
	buf_printf(b, ",\"status\":%d,\"saved\":false,\"conflicts\":[", status);
	for (int c = 0; c < ncf; c++) {
		const char *sc = "", *ic = "";
		for (int i = 0; i < mb->nstudents; i++)
			if (mb->students[i].student_id == cf[c].student_id)
				sc = mb->students[i].code;
		for (int j = 0; j < mb->nitems; j++)
			if (mb->items[j].id == cf[c].item_id)
				ic = mb->items[j].code;
		buf_adds(b, c ? ",{\"student\":" : "{\"student\":");
		esc_json(b, sc);
		buf_adds(b, ",\"item\":");
		esc_json(b, ic);
		buf_adds(b, ",\"mine\":");
		json_value(b, cf[c].mine_has, cf[c].mine);
		buf_adds(b, ",\"saved\":");
		json_value(b, cf[c].theirs_has, cf[c].theirs);
		buf_addc(b, '}');
	}
	buf_adds(b, "]}\n");
	return status;
}

/* The class (for writing) and the markbook of the request. */
typedef struct mb_req {
	scope_hit h;
	collect_markbook mb;
} mb_req;

/* Load the request's markbook: 0, or the status already answered (404
 * out of scope or unknown, 500 when the store failed). */
static int load(web_req *r, web_resp *w, mb_req *q)
{
	att_err e;
	err_clear(&e);
	if (!wc_class(r, &q->h, &e) || r->nparams < 2)
		return wc_refuse(r, w, &e);
	int64_t id = store_collect_id(r->s, "assessment", r->params[1]);
	if (id < 0 ||
	    store_markbook_load(r->s, id, q->h.cls.id, &r->a, &q->mb, &e))
		return wc_refuse(r, w, e.code == ATT_EIO ? &e : NULL);
	return 0;
}

/* The notice after a save: what it changed (from the redirect's query). */
static const char *saved_notice(web_req *r)
{
	if (!web_field_get(r, "saved"))
		return NULL;
	const char *k[4] = {"changed", "totals", "flagged", "confirmed"};
	int v[4] = {0};
	for (int i = 0; i < 4; i++) {
		const char *f = web_field_get(r, k[i]);
		v[i] = f ? atoi(f) : 0;
	}
	buf b;
	buf_init(&b);
	buf_adds(&b, arena_printf(&r->a, _("Marks saved: %d values changed."),
	                          v[0]));
	if (v[1])
		buf_printf(&b, " %s",
		           arena_printf(
		               &r->a, _("%d totals recomputed from the items."),
		               v[1]));
	if (v[2])
		buf_printf(&b, " %s",
		           arena_printf(&r->a,
		                        _("%d scaled totals kept and marked to "
		                          "review: check them."),
		                        v[2]));
	if (v[3])
		buf_printf(
		    &b, " %s",
		    arena_printf(&r->a, _("%d totals confirmed."), v[3]));
	const char *s = arena_strdup(&r->a, b.data);
	buf_free(&b);
	return s;
}

int web_collect_markbook(web_req *r, web_resp *w)
{
	mb_req q;
	int st = load(r, w, &q);
	if (st)
		return st;
	const scope_hit h = q.h;
	const collect_markbook mb = q.mb;
	web_audit(
	    r, "view", "markbook",
	    arena_printf(&r->a, "%s/%s", mb.assessment_code, mb.class_code));
	if (r->format == WEB_JSON)
		return markbook_json(r, w, &mb);
	return render_grid(r, w, &h, &mb, NULL, saved_notice(r), NULL, 200);
}

/* ---- saving ---- */

/* Parse a field name PREFIX<a> or PREFIX<a>_<b> (decimal, below 10^7):
 * the number of indexes read (1 or 2), 0 when it is not one. */
static int name_ix(const char *name, char prefix, int *a, int *b)
{
	if (name[0] != prefix || name[1] < '0' || name[1] > '9')
		return 0;
	char *end;
	long x = strtol(name + 1, &end, 10);
	if (x < 0 || x >= 10000000 || end - name > 8)
		return 0;
	*a = (int)x;
	if (!*end)
		return 1;
	if (*end != '_' || end[1] < '0' || end[1] > '9')
		return 0;
	const char *p = end + 1;
	long y = strtol(p, &end, 10);
	if (*end || y < 0 || y >= 10000000)
		return 0;
	*b = (int)y;
	return 2;
}

/* The posted form mapped onto the markbook: posted row pi is student
 * rowmap[pi], posted column pj is column colmap[pj] (-1: unknown). */
typedef struct posted {
	int prows, pcols;
	int *rowmap, *colmap;
	const char **orig;   /* per cell: the value when the page was opened */
	unsigned char *keep; /* per student: confirm the flagged total */
} posted;

/* Read the form in two passes over its fields: the codes of rows and
 * columns first, then the cells, pasted columns and confirmations. */
static void posted_read(web_req *r, const collect_markbook *mb, typed *t,
                        posted *p)
{
	int nc = ncols_of(mb), a, b;
	p->prows = p->pcols = 0;
	/* a form the page drew numbers its rows and columns below its
	 * number of fields; larger numbers are ignored */
	for (int f = 0; f < r->nfields; f++) {
		const char *n = r->fields[f].name;
		if (name_ix(n, 's', &a, &b) == 1 && a >= p->prows &&
		    a < r->nfields)
			p->prows = a + 1;
		if (name_ix(n, 'q', &a, &b) == 1 && a >= p->pcols &&
		    a < r->nfields)
			p->pcols = a + 1;
	}
	p->rowmap = arena_alloc(&r->a, sizeof(int) * (size_t)(p->prows + 1));
	p->colmap = arena_alloc(&r->a, sizeof(int) * (size_t)(p->pcols + 1));
	for (int i = 0; i < p->prows; i++)
		p->rowmap[i] = -1;
	for (int j = 0; j < p->pcols; j++)
		p->colmap[j] = -1;
	for (int f = 0; f < r->nfields; f++) {
		const char *n = r->fields[f].name, *v = r->fields[f].value;
		if (name_ix(n, 's', &a, &b) == 1 && a < p->prows &&
		    p->rowmap[a] < 0)
			for (int i = 0; i < mb->nstudents; i++)
				if (!strcmp(v, mb->students[i].code))
					p->rowmap[a] = i;
		if (name_ix(n, 'q', &a, &b) == 1 && a < p->pcols &&
		    p->colmap[a] < 0)
			for (int j = 0; j < nc; j++)
				if (!strcmp(v, is_total(mb, j)
				                   ? ""
				                   : mb->items[j].code))
					p->colmap[a] = j;
	}
	for (int f = 0; f < r->nfields; f++) {
		const char *n = r->fields[f].name, *v = r->fields[f].value;
		char kind = n[0];
		int got = name_ix(n, kind, &a, &b);
		if (got == 2 && (kind == 'c' || kind == 'o') && a < p->prows &&
		    b < p->pcols && p->rowmap[a] >= 0 && p->colmap[b] >= 0) {
			int k = p->rowmap[a] * nc + p->colmap[b];
			if (kind == 'c' && !t->v[k])
				t->v[k] = v;
			else if (kind == 'o' && !p->orig[k])
				p->orig[k] = v;
		} else if (got == 1 && kind == 'k' && a < p->prows &&
		           p->rowmap[a] >= 0) {
			p->keep[p->rowmap[a]] = 1;
		}
	}
}

/* A pasted column fills its column from the first posted row down; 0, or
 * -1 with msg set when a column cannot be read at all. */
static int posted_paste(web_req *r, const collect_markbook *mb, typed *t,
                        const posted *p, const char **msg)
{
	const web_limits *lim = web_limits_for("POST", "/classes/{}/marks/{}");
	int nc = ncols_of(mb);
	for (int pj = 0; pj < p->pcols; pj++) {
		const char *text =
		    web_field_get(r, arena_printf(&r->a, "p%d", pj));
		int j = p->colmap[pj];
		if (!text || !*text || j < 0)
			continue;
		collect_cell *cc;
		int n, nbad;
		att_err pe;
		err_clear(&pe);
		if (collect_parse_column(text, (int)lim->field / 2, &r->a, &cc,
		                         &n, &nbad, &pe) &&
		    n == 0) {
			*msg = pe.msg[0] ? arena_strdup(&r->a, pe.msg) : "";
			return -1;
		}
		for (int k = 0; k < n && k < p->prows; k++) {
			int i = p->rowmap[k];
			if (i >= 0)
				t->v[i * nc + j] =
				    cc[k].bad ? "?"
				    : cc[k].has
				        ? arena_printf(&r->a, "%g", cc[k].v)
				        : "";
		}
	}
	return 0;
}

/* The cells to save: those typed differently from when the page was
 * opened, and the flagged totals ticked to keep. Returns the number of
 * values that are not scores in range (marked in t->bad). */
static int posted_cells(web_req *r, const collect_markbook *mb, typed *t,
                        const posted *p, collect_score *sc, int *nsc)
{
	int nc = ncols_of(mb), nbad = 0;
	*nsc = 0;
	for (int i = 0; i < mb->nstudents; i++) {
		const collect_mb_student *m = &mb->students[i];
		for (int j = 0; j < nc; j++) {
			int k = i * nc + j, has, ohas;
			double v, ov;
			att_err pe;
			err_clear(&pe);
			int64_t item = is_total(mb, j) ? 0 : mb->items[j].id;
			if (!t->v[k]) {
				if (is_total(mb, j) && p->keep[i] &&
				    m->has_score)
					sc[(*nsc)++] = (collect_score){
					    m->student_id, 0, 1, m->score};
				continue;
			}
			if (collect_parse_score(t->v[k], &has, &v, &pe) ||
			    (has && v > col_max(mb, j))) {
				t->bad[k] = 1;
				nbad++;
				continue;
			}
			if (collect_parse_score(p->orig[k], &ohas, &ov, &pe))
				ohas = -1; /* unknown original: send it */
			if (ohas == has && (!has || fabs(ov - v) < 1e-9) &&
			    !(is_total(mb, j) && p->keep[i]))
				continue;
			sc[(*nsc)++] =
			    (collect_score){m->student_id, item, has, v};
		}
	}
	(void)r;
	return nbad;
}

/* Mark the cells of a stale save that differ from what is saved now. */
static void mark_conflicts(web_req *r, const collect_markbook *mb, typed *t,
                           const collect_conflict *cf, int ncf)
{
	int nc = ncols_of(mb);
	for (int c = 0; c < ncf; c++)
		for (int i = 0; i < mb->nstudents; i++) {
			if (mb->students[i].student_id != cf[c].student_id)
				continue;
			for (int j = 0; j < nc; j++) {
				int64_t item =
				    is_total(mb, j) ? 0 : mb->items[j].id;
				if (item != cf[c].item_id)
					continue;
				t->conflict[i * nc + j] = 1;
				t->theirs[i * nc + j] =
				    cf[c].theirs_has
				        ? arena_printf(&r->a, "%g",
				                       cf[c].theirs)
				        : "";
			}
		}
}

/* Answer a saved markbook: JSON says what changed; HTML goes back to the
 * markbook, whose notice says it. */
static int answer_saved(web_req *r, web_resp *w, const collect_markbook *mb,
                        const collect_save_info *in)
{
	if (r->format == WEB_JSON) {
		w->status = 200;
		w->content_type = "application/json";
		buf_clear(&w->body);
		buf_printf(&w->body,
		           "{\"saved\":true,\"version\":%lld,\"cells\":%d,"
		           "\"changed\":%d,\"totals\":%d,\"flagged\":%d,"
		           "\"confirmed\":%d}\n",
		           (long long)in->version, in->cells, in->changed,
		           in->totals, in->flagged, in->confirmed);
		return 200;
	}
	buf p;
	buf_init(&p);
	buf_adds(&p, wc_class_path(r, mb->class_code));
	buf_adds(&p, "/marks/");
	esc_url_path(&p, mb->assessment_code);
	buf_printf(&p, "?saved=1&changed=%d&totals=%d&flagged=%d&confirmed=%d",
	           in->changed, in->totals, in->flagged, in->confirmed);
	const char *loc = arena_strdup(&r->a, p.data);
	buf_free(&p);
	return web_redirect(w, 303, loc);
}

/* A refused save: the page again with what was typed and why (or JSON). */
static int answer_refused(web_req *r, web_resp *w, const scope_hit *h,
                          const collect_markbook *mb, const typed *t,
                          const char *msg, int status,
                          const collect_conflict *cf, int ncf)
{
	if (r->format == WEB_JSON)
		return refusal_json(w, status, msg, mb, cf, ncf);
	return render_grid(r, w, h, mb, t, NULL, msg, status);
}

/* A stale save: reload what is saved now and show both values of each
 * differing cell. */
static int answer_conflict(web_req *r, web_resp *w, const scope_hit *h,
                           const collect_markbook *mb, typed *t,
                           const collect_conflict *cf, int ncf)
{
	att_err e;
	err_clear(&e);
	collect_markbook now;
	if (store_markbook_load(r->s, mb->assessment_id, mb->class_id, &r->a,
	                        &now, &e))
		return wc_refuse(r, w, &e);
	mark_conflicts(r, mb, t, cf, ncf);
	if (now.nstudents != mb->nstudents || ncols_of(&now) != ncols_of(mb))
		return answer_refused(
		    r, w, h, &now, NULL,
		    _("Someone else saved this markbook and the class "
		      "changed since. Nothing of yours was saved."),
		    409, cf, ncf);
	return answer_refused(
	    r, w, h, &now, t,
	    ncf ? arena_printf(&r->a,
	                       _("Someone else saved this markbook after you "
	                         "opened it. Nothing of yours was saved. %d of "
	                         "your values differ from theirs "
	                         "(highlighted, with the saved value under "
	                         "each): keep yours or type theirs, then save "
	                         "again."),
	                       ncf)
	        : _("Someone else saved this markbook after you opened it. "
	            "Nothing of yours was saved. None of your values differ "
	            "from theirs; save again to apply yours."),
	    409, cf, ncf);
}

int web_collect_markbook_save(web_req *r, web_resp *w)
{
	mb_req q;
	int st = load(r, w, &q);
	if (st)
		return st;
	scope_hit h = q.h;
	collect_markbook mb = q.mb;
	size_t cells = (size_t)mb.nstudents * (size_t)ncols_of(&mb);
	cells = cells ? cells : 1;
	typed t = {arena_alloc(&r->a, cells * sizeof(char *)),
	           arena_alloc(&r->a, cells * sizeof(int)),
	           arena_alloc(&r->a, cells * sizeof(int)),
	           arena_alloc(&r->a, cells * sizeof(char *))};
	posted p = {0};
	p.orig = arena_alloc(&r->a, cells * sizeof(char *));
	p.keep = arena_alloc(&r->a, (size_t)mb.nstudents + 1);
	posted_read(r, &mb, &t, &p);
	const char *msg = NULL;
	if (posted_paste(r, &mb, &t, &p, &msg))
		return answer_refused(
		    r, w, &h, &mb, &t,
		    arena_printf(&r->a, "%s: %s", _("Nothing was saved"), msg),
		    422, NULL, 0);
	collect_score *sc = arena_alloc(&r->a, cells * sizeof(*sc));
	int nsc, nbad = posted_cells(r, &mb, &t, &p, sc, &nsc);
	if (nbad)
		return answer_refused(
		    r, w, &h, &mb, &t,
		    arena_printf(
		        &r->a,
		        _("%d values are not scores between 0 and the "
		          "maximum (marked in red). Nothing was saved."),
		        nbad),
		    422, NULL, 0);
	const char *vs = web_field_get(r, "version");
	int64_t base = vs ? strtoll(vs, NULL, 10) : -1;
	collect_actor who = wc_actor(r);
	collect_conflict *cf;
	int ncf = 0;
	collect_save_info info;
	att_err e;
	err_clear(&e);
	int rc =
	    store_markbook_save(r->s, mb.assessment_id, mb.class_id, base, sc,
	                        nsc, &who, &r->a, &cf, &ncf, &info, &e);
	if (rc == ATT_OK)
		return answer_saved(r, w, &mb, &info);
	if (rc == ATT_ECONFLICT)
		return answer_conflict(r, w, &h, &mb, &t, cf, ncf);
	if (rc == ATT_EINPUT)
		return answer_refused(r, w, &h, &mb, &t,
		                      arena_printf(&r->a, "%s: %s",
		                                   _("Nothing was saved"),
		                                   e.msg),
		                      422, NULL, 0);
	return answer_refused(r, w, &h, &mb, &t,
	                      _("The marks could not be saved (the server is "
	                        "busy or was restarting). Nothing was saved; "
	                        "what you typed is kept below: save again."),
	                      503, NULL, 0);
}
