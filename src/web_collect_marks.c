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

static void fmt_score(buf *b, int has, double v)
{
	if (has)
		buf_printf(b, "%g", v);
}

static const char *score_str(web_req *r, int has, double v)
{
	return has ? arena_printf(&r->a, "%g", v) : "";
}

/* ---- the list and the "new assessment" form ---- */

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
	buf_adds(
	    &b,
	    "<div class=\"scroll\" tabindex=\"0\" role=\"region\" "
	    "aria-label=\"assessments\"><table><thead><tr><th scope=\"col\">");
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
	buf_adds(&b, "</tbody></table></div>\n<h2>");
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
	static const char *kinds[] = {"formative", "diagnostic", "summative",
	                              "baseline"};
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

/* What the user typed, aligned with the markbook's students and columns
 * (ncols = nitems, or 1 for the total). */
typedef struct typed {
	const char **v; /* nstudents * ncols, NULL: not posted */
	int *bad;       /* 1 when the value did not parse or is out of range */
	int *conflict;  /* 1 when someone else saved a different value */
	const char **theirs;
} typed;

static int ncols_of(const collect_markbook *mb)
{
	return mb->nitems ? mb->nitems : 1;
}

static double col_max(const collect_markbook *mb, int j)
{
	return mb->nitems ? mb->items[j].max_points : mb->max_score;
}

static void cell_now(const collect_markbook *mb, int i, int j, int *has,
                     double *v)
{
	if (mb->nitems) {
		*has = mb->students[i].has_points[j];
		*v = mb->students[i].points[j];
	} else {
		*has = mb->students[i].has_score;
		*v = mb->students[i].score;
	}
}

static int render_grid(web_req *r, web_resp *w, const scope_hit *h,
                       const collect_markbook *mb, const typed *t,
                       const char *notice, const char *error, int status)
{
	buf b;
	buf_init(&b);
	wc_open(r, &b,
	        arena_printf(&r->a, "%s \xc2\xb7 %s", mb->name, mb->class_name),
	        h, notice, error);
	int nc = ncols_of(mb);
	buf_adds(&b, "<p class=\"small\">");
	esc_html(&b,
	         arena_printf(
	             &r->a,
	             _("%s, %s, out of %g. Tab or Enter moves on; "
	               "paste a column from a spreadsheet into the first box "
	               "or into the box under the column."),
	             _(mb->kind), *mb->date ? mb->date : "-", mb->max_score));
	buf_adds(&b,
	         "</p>\n<form method=\"post\" class=\"entry marks\" action=\"");
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
	for (int j = 0; j < nc; j++) {
		buf_printf(&b, "<input type=\"hidden\" name=\"q%d\" value=\"",
		           j);
		esc_attr(&b, mb->nitems ? mb->items[j].code : "");
		buf_adds(&b, "\">");
	}
	buf_adds(&b, "\n<div class=\"scroll\"><table "
	             "class=\"grid\"><thead><tr><th scope=\"col\">");
	esc_html(&b, _("Student"));
	buf_adds(&b, "</th>");
	for (int j = 0; j < nc; j++) {
		buf_adds(&b, "<th scope=\"col\">");
		if (mb->nitems) {
			esc_html(&b, mb->items[j].code);
			buf_printf(&b, " <span class=\"small\">/%g",
			           mb->items[j].max_points);
			if (*mb->items[j].standard_code) {
				buf_adds(&b, "<br><abbr title=\"");
				esc_attr(&b, mb->items[j].standard);
				buf_adds(&b, "\">");
				esc_html(&b, mb->items[j].standard_code);
				buf_adds(&b, "</abbr>");
			}
			buf_adds(&b, "</span>");
		} else {
			esc_html(&b, _("Score"));
			buf_printf(&b, " <span class=\"small\">/%g</span>",
			           mb->max_score);
		}
		buf_adds(&b, "</th>");
	}
	if (mb->nitems) {
		buf_adds(&b, "<th scope=\"col\" class=\"num\">");
		esc_html(&b, _("Total"));
		buf_adds(&b, "</th>");
	}
	buf_adds(&b, "</tr></thead>\n<tbody>\n");
	for (int i = 0; i < mb->nstudents; i++) {
		const collect_mb_student *s = &mb->students[i];
		buf_printf(&b,
		           "<tr><th scope=\"row\"><input type=\"hidden\" "
		           "name=\"s%d\" value=\"",
		           i);
		esc_attr(&b, s->code);
		buf_adds(&b, "\">");
		esc_html(&b, s->name);
		buf_adds(&b, "</th>");
		for (int j = 0; j < nc; j++) {
			int has;
			double now;
			cell_now(mb, i, j, &has, &now);
			int k = i * nc + j;
			const char *val =
			    t && t->v[k] ? t->v[k] : score_str(r, has, now);
			int bad = t && t->bad[k], conf = t && t->conflict[k];
			buf_adds(&b, conf ? "<td class=\"conflict\">" : "<td>");
			buf_printf(
			    &b,
			    "<input type=\"hidden\" name=\"o%d_%d\" value=\"",
			    i, j);
			fmt_score(&b, has, now);
			buf_printf(&b,
			           "\"><input type=\"text\" "
			           "inputmode=\"decimal\" autocomplete=\"off\""
			           " name=\"c%d_%d\" data-r=\"%d\" "
			           "data-c=\"%d\" data-max=\"%g\"",
			           i, j, i, j, col_max(mb, j));
			if (bad)
				buf_adds(
				    &b, " class=\"bad\" aria-invalid=\"true\"");
			buf_adds(&b, " aria-label=\"");
			esc_attr(&b, arena_printf(&r->a, "%s, %s", s->name,
			                          mb->nitems ? mb->items[j].code
			                                     : _("Score")));
			buf_adds(&b, "\" value=\"");
			esc_attr(&b, val);
			buf_adds(&b, "\">");
			if (conf) {
				buf_adds(&b, "<br><span class=\"small\">");
				esc_html(&b, arena_printf(&r->a, _("saved: %s"),
				                          *t->theirs[k]
				                              ? t->theirs[k]
				                              : _("none")));
				buf_adds(&b, "</span>");
			}
			buf_adds(&b, "</td>");
		}
		if (mb->nitems) {
			buf_adds(&b, "<td class=\"num\">");
			fmt_score(&b, s->has_score, s->score);
			buf_adds(&b, "</td>");
		}
		buf_adds(&b, "</tr>\n");
	}
	buf_adds(&b, "</tbody><tfoot><tr><th scope=\"row\">");
	esc_html(&b, _("Paste a column"));
	buf_adds(&b, "</th>");
	for (int j = 0; j < nc; j++) {
		buf_printf(
		    &b, "<td><textarea name=\"p%d\" rows=\"2\" aria-label=\"",
		    j);
		esc_attr(&b, arena_printf(
		                 &r->a,
		                 _("Paste the column %s, one value per line"),
		                 mb->nitems ? mb->items[j].code : _("Score")));
		buf_adds(&b, "\"></textarea></td>");
	}
	if (mb->nitems)
		buf_adds(&b, "<td></td>");
	buf_adds(&b, "</tr></tfoot></table></div>\n<button type=\"submit\">");
	esc_html(&b, _("Save marks"));
	buf_adds(&b, "</button></form>\n");
	wc_close(r, &b);
	return wc_send(w, &b, status);
}

static int load(web_req *r, web_resp *w, scope_hit *h, collect_markbook *mb,
                int *answered)
{
	att_err e;
	err_clear(&e);
	*answered = 1;
	if (!wc_class(r, h, &e) || r->nparams < 2)
		return wc_refuse(r, w, &e);
	int64_t id = store_collect_id(r->s, "assessment", r->params[1]);
	if (id < 0 || store_markbook_load(r->s, id, h->cls.id, &r->a, mb, &e))
		return wc_refuse(r, w, e.code == ATT_EIO ? &e : NULL);
	*answered = 0;
	return 0;
}

int web_collect_markbook(web_req *r, web_resp *w)
{
	scope_hit h;
	collect_markbook mb;
	int answered;
	int st = load(r, w, &h, &mb, &answered);
	if (answered)
		return st;
	web_audit(
	    r, "view", "markbook",
	    arena_printf(&r->a, "%s/%s", mb.assessment_code, mb.class_code));
	return render_grid(r, w, &h, &mb, NULL,
	                   web_field_get(r, "saved") ? _("Marks saved.") : NULL,
	                   NULL, 200);
}

int web_collect_markbook_save(web_req *r, web_resp *w)
{
	scope_hit h;
	collect_markbook mb;
	int answered;
	int st = load(r, w, &h, &mb, &answered);
	if (answered)
		return st;
	int nc = ncols_of(&mb), ns = mb.nstudents;
	size_t cells = (size_t)(ns * nc > 0 ? ns * nc : 1);
	typed t;
	t.v = arena_alloc(&r->a, cells * sizeof(char *));
	t.bad = arena_alloc(&r->a, cells * sizeof(int));
	t.conflict = arena_alloc(&r->a, cells * sizeof(int));
	t.theirs = arena_alloc(&r->a, cells * sizeof(char *));
	const char **orig = arena_alloc(&r->a, cells * sizeof(char *));
	/* Columns and rows of the posted form, matched by code. */
	int colmap[512];
	int pcols = 0;
	for (; pcols < 512; pcols++) {
		const char *q =
		    web_field_get(r, arena_printf(&r->a, "q%d", pcols));
		if (!q)
			break;
		colmap[pcols] = -1;
		for (int j = 0; j < nc; j++)
			if (!strcmp(q, mb.nitems ? mb.items[j].code : ""))
				colmap[pcols] = j;
	}
	int *rowmap =
	    arena_alloc(&r->a, sizeof(int) * (size_t)(r->nfields + 1));
	int prows = 0;
	for (; prows < r->nfields; prows++) {
		const char *sc =
		    web_field_get(r, arena_printf(&r->a, "s%d", prows));
		if (!sc)
			break;
		rowmap[prows] = -1;
		for (int i = 0; i < ns; i++)
			if (!strcmp(sc, mb.students[i].code))
				rowmap[prows] = i;
	}
	for (int pi = 0; pi < prows; pi++) {
		for (int pj = 0; pj < pcols; pj++) {
			int i = rowmap[pi], j = colmap[pj];
			if (i < 0 || j < 0)
				continue;
			t.v[i * nc + j] = web_field_get(
			    r, arena_printf(&r->a, "c%d_%d", pi, pj));
			orig[i * nc + j] = web_field_get(
			    r, arena_printf(&r->a, "o%d_%d", pi, pj));
		}
	}
	/* A pasted column fills its column from the first row down. */
	for (int pj = 0; pj < pcols; pj++) {
		const char *p =
		    web_field_get(r, arena_printf(&r->a, "p%d", pj));
		int j = colmap[pj];
		if (!p || !*p || j < 0)
			continue;
		collect_cell *cc;
		int n, nbad;
		att_err pe;
		err_clear(&pe);
		if (collect_parse_column(p, 5000, &r->a, &cc, &n, &nbad, &pe) &&
		    n == 0)
			return render_grid(r, w, &h, &mb, &t, NULL,
			                   arena_printf(&r->a, "%s: %s",
			                                _("Not saved"), pe.msg),
			                   422);
		for (int k = 0; k < n && k < prows; k++) {
			int i = rowmap[k];
			if (i < 0)
				continue;
			t.v[i * nc + j] =
			    cc[k].bad ? arena_strdup(&r->a, "?")
			              : score_str(r, cc[k].has, cc[k].v);
		}
	}
	collect_score *sc = arena_alloc(&r->a, cells * sizeof(*sc));
	int nsc = 0, nbad = 0;
	for (int i = 0; i < ns; i++) {
		for (int j = 0; j < nc; j++) {
			int k = i * nc + j;
			if (!t.v[k])
				continue;
			int has, ohas;
			double v, ov;
			att_err pe;
			err_clear(&pe);
			if (collect_parse_score(t.v[k], &has, &v, &pe) ||
			    (has && v > col_max(&mb, j))) {
				t.bad[k] = 1;
				nbad++;
				continue;
			}
			if (collect_parse_score(orig[k], &ohas, &ov, &pe))
				ohas = -1; /* unknown original: send it */
			if (ohas == has && (!has || fabs(ov - v) < 1e-9))
				continue;
			sc[nsc++] = (collect_score){
			    mb.students[i].student_id,
			    mb.nitems ? mb.items[j].id : 0, has, v};
		}
	}
	if (nbad)
		return render_grid(
		    r, w, &h, &mb, &t, NULL,
		    arena_printf(
		        &r->a,
		        _("%d values are not scores between 0 and the "
		          "maximum (marked in red). Nothing was saved."),
		        nbad),
		    422);
	const char *vs = web_field_get(r, "version");
	int64_t base = vs ? strtoll(vs, NULL, 10) : -1;
	collect_actor who = wc_actor(r);
	collect_conflict *cf;
	int ncf = 0;
	att_err e;
	err_clear(&e);
	int rc = store_markbook_save(r->s, mb.assessment_id, mb.class_id, base,
	                             sc, nsc, &who, &r->a, &cf, &ncf, NULL, &e);
	if (rc == ATT_OK) {
		buf p;
		buf_init(&p);
		buf_adds(&p, wc_class_path(r, mb.class_code));
		buf_adds(&p, "/marks/");
		esc_url_path(&p, mb.assessment_code);
		const char *loc = arena_strdup(&r->a, p.data);
		buf_free(&p);
		return wc_done(r, w, loc);
	}
	if (rc == ATT_ECONFLICT) {
		/* Reload what is saved now (new version) and show both values.
		 */
		collect_markbook now;
		if (store_markbook_load(r->s, mb.assessment_id, mb.class_id,
		                        &r->a, &now, &e))
			return wc_refuse(r, w, &e);
		for (int c = 0; c < ncf; c++) {
			for (int i = 0; i < ns; i++) {
				if (mb.students[i].student_id !=
				    cf[c].student_id)
					continue;
				for (int j = 0; j < nc; j++) {
					if (mb.nitems &&
					    mb.items[j].id != cf[c].item_id)
						continue;
					t.conflict[i * nc + j] = 1;
					t.theirs[i * nc + j] = score_str(
					    r, cf[c].theirs_has, cf[c].theirs);
				}
			}
		}
		/* Rows and columns are the same as mb's (same class and
		 * assessment); hand the typed values to the fresh markbook. */
		if (now.nstudents != ns || ncols_of(&now) != nc)
			return render_grid(
			    r, w, &h, &now, NULL, NULL,
			    _("Someone else saved this markbook and the class "
			      "changed since; your values were not saved."),
			    409);
		return render_grid(
		    r, w, &h, &now, &t, NULL,
		    ncf ? arena_printf(&r->a,
		                       _("Someone else saved this markbook "
		                         "after you opened it. "
		                         "Nothing of yours was saved. %d of "
		                         "your values differ "
		                         "from theirs (highlighted, with the "
		                         "saved value under "
		                         "each): keep yours or type theirs, "
		                         "then save again."),
		                       ncf)
		        : _("Someone else saved this markbook after you opened "
		            "it. None "
		            "of your values differ from theirs; save again to "
		            "apply yours."),
		    409);
	}
	if (rc == ATT_EINPUT)
		return render_grid(
		    r, w, &h, &mb, &t, NULL,
		    arena_printf(&r->a, "%s: %s", _("Not saved"), e.msg), 422);
	return render_grid(r, w, &h, &mb, &t, NULL,
	                   _("The marks could not be saved (the server is busy "
	                     "or was restarting). "
	                     "What you typed is kept below: save again."),
	                   503);
}
