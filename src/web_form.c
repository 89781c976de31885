/*
 * web_form.c - the entry forms of the page model (web.h): building a form
 * (inputs, choices, grids of inputs) and rendering it as HTML and as JSON
 * for web_page.c, which places forms on a page like its tables. Every
 * value and label goes out through escape.h; a POST form carries the
 * session's CSRF token; nothing needs JavaScript (the entry script only
 * adds conveniences to a form with a key, see web_frame.c).
 */
#include <string.h>

#include "escape.h"
#include "i18n.h"
#include "web.h"

/* ---- building ---- */

web_form *web_page_form(web_req *r, web_page *p, const char *id,
                        const char *action, const char *submit)
{
	if (p->nforms >= WEB_MAX_FORMS)
		return NULL;
	web_form *f = &p->forms[p->nforms++];
	memset(f, 0, sizeof(*f));
	f->id = id;
	f->action = action;
	f->submit = submit;
	f->a = &r->a;
	return f;
}

web_input *web_form_input(web_form *f, int kind, const char *name,
                          const char *label, const char *value)
{
	if (f->nin == f->cap) {
		int cap = f->cap ? 2 * f->cap : 16;
		web_input **n = arena_alloc(f->a, (size_t)cap * sizeof(*n));
		if (f->nin)
			memcpy(n, f->in, (size_t)f->nin * sizeof(*n));
		f->in = n;
		f->cap = cap;
	}
	web_input *in = arena_alloc(f->a, sizeof(*in));
	in->kind = kind;
	in->name = name;
	in->label = label;
	in->value = value;
	f->in[f->nin++] = in;
	return in;
}

web_input *web_form_choice(web_form *f, int kind, const char *name,
                           const char *label, const char *value,
                           const web_option *opts, int nopts)
{
	web_input *in = web_form_input(f, kind, name, label, value);
	in->opts = opts;
	in->nopts = nopts;
	return in;
}

web_grid *web_form_grid(web_form *f, const char *label, const char *aside,
                        const char *corner, int nrows, int ncols)
{
	web_grid *g = arena_alloc(f->a, sizeof(*g));
	g->corner = corner;
	g->nrows = nrows > 0 ? nrows : 0;
	g->ncols = ncols > 0 ? ncols : 0;
	g->rows = arena_alloc(f->a, (size_t)(g->nrows + 1) * sizeof(web_head));
	g->cols = arena_alloc(f->a, (size_t)(g->ncols + 1) * sizeof(web_head));
	g->cells = arena_alloc(f->a, ((size_t)g->nrows * (size_t)g->ncols + 1) *
	                                 sizeof(web_input));
	for (int i = 0; i < g->nrows * g->ncols; i++)
		g->cells[i].kind = WI_SHOW;
	web_input *in = web_form_input(f, WI_GRID, NULL, label, NULL);
	in->aside = aside;
	in->grid = g;
	return g;
}

web_input *web_grid_cell(web_grid *g, int row, int col)
{
	return &g->cells[row * g->ncols + col];
}

/* ---- HTML ---- */

/* ` name="value"`, the value escaped for an attribute. */
static void attr(buf *b, const char *name, const char *value)
{
	buf_printf(b, " %s=\"", name);
	esc_attr(b, value ? value : "");
	buf_addc(b, '"');
}

static const char *input_id(const web_form *f, const web_input *in)
{
	return in->id ? in->id : arena_printf(f->a, "i-%s", in->name);
}

/* The label text with its aside in small type. */
static void label_text(buf *b, const char *label, const char *aside,
                       const char *title)
{
	esc_html(b, label ? label : "");
	if (!aside || !*aside)
		return;
	buf_adds(b, " <span class=\"small\">");
	if (title) {
		buf_adds(b, "<abbr");
		attr(b, "title", title);
		buf_addc(b, '>');
	}
	esc_html(b, aside);
	if (title)
		buf_adds(b, "</abbr>");
	buf_adds(b, "</span>");
}

static void html_options(buf *b, const web_input *in)
{
	for (int k = 0; k < in->nopts; k++) {
		buf_adds(b, "<option");
		attr(b, "value", in->opts[k].value);
		if (in->kind == WI_SELECT && in->value &&
		    strcmp(in->value, in->opts[k].value) == 0)
			buf_adds(b, " selected");
		buf_addc(b, '>');
		if (in->kind == WI_SELECT)
			esc_html(b, in->opts[k].label);
		buf_adds(b, "</option>");
	}
}

/* The control of a text-like input, a drop-down or a text area; `id` is
 * NULL in a grid cell, which is named by aria-label instead. */
static void html_control(const web_form *f, buf *b, const web_input *in,
                         const char *id)
{
	static const char *const type[] = {[WI_TEXT] = "text",
	                                   [WI_NUMBER] = "number",
	                                   [WI_SCORE] = "text",
	                                   [WI_DATE] = "date",
	                                   [WI_PASSWORD] = "password"};
	const char *tag = in->kind == WI_SELECT     ? "select"
	                  : in->kind == WI_TEXTAREA ? "textarea"
	                                            : "input";
	buf_printf(b, "<%s", tag);
	if (!strcmp(tag, "input"))
		attr(b, "type", type[in->kind]);
	if (id)
		attr(b, "id", id);
	else
		attr(b, "aria-label", in->label);
	attr(b, "name", in->name);
	if (in->required)
		buf_adds(b, " required");
	if (in->maxlen > 0)
		buf_printf(b, " maxlength=\"%d\"", in->maxlen);
	if (in->placeholder)
		attr(b, "placeholder", in->placeholder);
	if (in->autocomplete)
		attr(b, "autocomplete", in->autocomplete);
	if (in->kind == WI_NUMBER && in->min < in->max)
		buf_printf(b, " min=\"%g\" max=\"%g\"", in->min, in->max);
	if (in->kind == WI_SCORE) {
		buf_adds(b, " inputmode=\"decimal\" autocomplete=\"off\"");
		if (!id)
			buf_printf(b, " data-r=\"%d\" data-c=\"%d\"", in->row,
			           in->col);
		if (in->max > 0)
			buf_printf(b, " data-max=\"%g\"", in->max);
	}
	if (in->bad)
		buf_adds(b, " class=\"bad\" aria-invalid=\"true\"");
	if (in->kind == WI_TEXT && in->size > 0)
		buf_printf(b, " size=\"%d\"", in->size);
	if (in->kind == WI_TEXT && in->nopts)
		attr(b, "list", arena_printf(f->a, "%s-l", id ? id : in->name));
	if (in->kind == WI_TEXTAREA) {
		buf_printf(b, " rows=\"%d\"%s>", in->size > 0 ? in->size : 3,
		           id ? " cols=\"40\"" : "");
		esc_html(b, in->value ? in->value : "");
		buf_adds(b, "</textarea>");
	} else if (in->kind == WI_SELECT) {
		buf_addc(b, '>');
		html_options(b, in);
		buf_adds(b, "</select>");
	} else {
		if (in->kind != WI_PASSWORD)
			attr(b, "value", in->value);
		buf_addc(b, '>');
	}
	if (in->kind == WI_TEXT && in->nopts) {
		buf_adds(b, "<datalist");
		attr(b, "id", arena_printf(f->a, "%s-l", id ? id : in->name));
		buf_addc(b, '>');
		html_options(b, in);
		buf_adds(b, "</datalist>");
	}
	if (in->hint) {
		buf_adds(b, "<br><span class=\"small\">");
		esc_html(b, in->hint);
		buf_adds(b, "</span>");
	}
}

/* Radio buttons drawn as tap targets, in a fieldset with its legend. */
static void html_taps(buf *b, const web_input *in)
{
	buf_adds(b, "<fieldset class=\"mark taps\"><legend>");
	label_text(b, in->label, in->aside, NULL);
	buf_adds(b, "</legend>");
	for (int k = 0; k < in->nopts; k++) {
		buf_adds(b, "<label><input type=\"radio\"");
		attr(b, "name", in->name);
		attr(b, "value", in->opts[k].value);
		if (in->value && strcmp(in->value, in->opts[k].value) == 0)
			buf_adds(b, " checked");
		buf_adds(b, "><span>");
		esc_html(b, in->opts[k].label);
		buf_adds(b, "</span></label>");
	}
	buf_adds(b, "</fieldset>\n");
}

static void html_input(const web_form *f, buf *b, const web_input *in,
                       int cell);

static void html_head(buf *b, const web_head *h, const char *scope)
{
	buf_printf(b, "<th scope=\"%s\">", scope);
	label_text(b, h->label, h->aside, h->title);
	buf_adds(b, "</th>");
}

static void html_grid_rows(const web_form *f, buf *b, const web_grid *g,
                           int foot)
{
	for (int i = 0; i < g->nrows; i++) {
		if (g->rows[i].foot != foot)
			continue;
		buf_adds(b, "<tr>");
		html_head(b, &g->rows[i], "row");
		for (int j = 0; j < g->ncols; j++) {
			const web_input *c = &g->cells[i * g->ncols + j];
			buf_adds(b, c->flagged ? "<td class=\"conflict\">"
			                       : "<td>");
			html_input(f, b, c, 1);
			buf_adds(b, "</td>");
		}
		buf_adds(b, "</tr>\n");
	}
}

static void html_grid(const web_form *f, buf *b, const web_input *in)
{
	const web_grid *g = in->grid;
	if (in->label) {
		buf_adds(b, "<h2>");
		esc_html(b, in->label);
		buf_adds(b, "</h2>");
	}
	if (in->aside) {
		buf_adds(b, "<p class=\"small\">");
		esc_html(b, in->aside);
		buf_adds(b, "</p>");
	}
	buf_adds(b, "\n<div class=\"scroll\"><table class=\"grid\"><thead><tr>"
	            "<th scope=\"col\">");
	esc_html(b, g->corner ? g->corner : "");
	buf_adds(b, "</th>");
	for (int j = 0; j < g->ncols; j++)
		html_head(b, &g->cols[j], "col");
	buf_adds(b, "</tr></thead>\n<tbody>\n");
	html_grid_rows(f, b, g, 0);
	buf_adds(b, "</tbody>");
	int feet = 0;
	for (int i = 0; i < g->nrows; i++)
		feet += g->rows[i].foot != 0;
	if (feet) {
		buf_adds(b, "<tfoot>");
		html_grid_rows(f, b, g, 1);
		buf_adds(b, "</tfoot>");
	}
	buf_adds(b, "</table></div>\n");
}

/* One input; `cell` inside a grid (no visible label). */
static void html_input(const web_form *f, buf *b, const web_input *in, int cell)
{
	switch (in->kind) {
	case WI_HIDDEN:
		buf_adds(b, "<input type=\"hidden\"");
		attr(b, "name", in->name);
		attr(b, "value", in->value);
		buf_addc(b, '>');
		return;
	case WI_SHOW:
		if (!cell)
			buf_adds(b, "<p class=\"small\">");
		esc_html(b, in->value ? in->value : "");
		if (!cell)
			buf_adds(b, "</p>\n");
		return;
	case WI_GRID:
		html_grid(f, b, in);
		return;
	case WI_TAPS:
		html_taps(b, in);
		return;
	case WI_CHECK:
		buf_adds(b, "<label class=\"f\"><input type=\"checkbox\"");
		attr(b, "name", in->name);
		buf_adds(b, in->value ? " value=\"1\" checked> "
		                      : " value=\"1\"> ");
		esc_html(b, in->label);
		buf_adds(b, "</label>\n");
		return;
	default:
		break;
	}
	const char *id = cell ? NULL : input_id(f, in);
	if (id) {
		buf_adds(b, "<label class=\"f\"");
		attr(b, "for", id);
		buf_addc(b, '>');
		label_text(b, in->label, in->aside, NULL);
		buf_adds(b, "</label>");
	}
	html_control(f, b, in, id);
	if (!cell)
		buf_addc(b, '\n');
}

void web_form_html(web_req *r, buf *b, const web_form *f)
{
	buf_adds(b, f->get ? "<form method=\"get\"" : "<form method=\"post\"");
	attr(b, "class",
	     f->cls ? arena_printf(&r->a, "entry %s", f->cls) : "entry");
	attr(b, "action", f->action);
	if (f->key) {
		attr(b, "data-key", f->key);
		if (f->saved)
			buf_adds(b, " data-saved=\"1\"");
		if (f->posted)
			buf_adds(b, " data-posted=\"1\"");
	}
	buf_adds(b, ">");
	if (!f->get) {
		buf_adds(b, "<input type=\"hidden\" name=\"csrf\"");
		attr(b, "value", r->sess.csrf);
		buf_addc(b, '>');
	}
	buf_addc(b, '\n');
	for (int i = 0; i < f->nin; i++)
		html_input(f, b, f->in[i], 0);
	buf_adds(b, "<button type=\"submit\">");
	esc_html(b, f->submit ? f->submit : _("Save"));
	buf_adds(b, "</button></form>\n");
}

/* ---- JSON ---- */

static const char *const kind_names[] = {
    [WI_TEXT] = "text",         [WI_NUMBER] = "number",
    [WI_SCORE] = "score",       [WI_DATE] = "date",
    [WI_TEXTAREA] = "textarea", [WI_SELECT] = "select",
    [WI_TAPS] = "choice",       [WI_CHECK] = "check",
    [WI_HIDDEN] = "hidden",     [WI_SHOW] = "text-shown",
    [WI_GRID] = "grid",         [WI_PASSWORD] = "password"};

/* `,"key":"value"` when value is set. */
static void json_str(buf *b, const char *key, const char *value)
{
	if (!value)
		return;
	buf_printf(b, ",\"%s\":", key);
	esc_json(b, value);
}

static void json_input(buf *b, const web_input *in);

static void json_heads(buf *b, const web_head *h, int n)
{
	for (int i = 0; i < n; i++) {
		buf_adds(b, i ? ",{\"label\":" : "{\"label\":");
		esc_json(b, h[i].label ? h[i].label : "");
		json_str(b, "aside", h[i].aside);
		json_str(b, "title", h[i].title);
		buf_addc(b, '}');
	}
}

static void json_grid(buf *b, const web_grid *g)
{
	json_str(b, "corner", g->corner);
	buf_adds(b, ",\"columns\":[");
	json_heads(b, g->cols, g->ncols);
	buf_adds(b, "],\"rows\":[");
	for (int i = 0; i < g->nrows; i++) {
		buf_adds(b, i ? ",{\"label\":" : "{\"label\":");
		esc_json(b, g->rows[i].label ? g->rows[i].label : "");
		json_str(b, "aside", g->rows[i].aside);
		buf_adds(b, ",\"cells\":[");
		for (int j = 0; j < g->ncols; j++) {
			if (j)
				buf_addc(b, ',');
			json_input(b, &g->cells[i * g->ncols + j]);
		}
		buf_adds(b, "]}");
	}
	buf_addc(b, ']');
}

static void json_input(buf *b, const web_input *in)
{
	buf_adds(b, "{\"kind\":");
	esc_json(b, kind_names[in->kind]);
	json_str(b, "name", in->name);
	json_str(b, "label", in->label);
	json_str(b, "aside", in->aside);
	if (in->kind == WI_CHECK)
		buf_printf(b, ",\"value\":%s", in->value ? "true" : "false");
	else if (in->kind != WI_GRID) {
		buf_adds(b, ",\"value\":");
		if (in->value && in->kind != WI_PASSWORD)
			esc_json(b, in->value);
		else
			buf_adds(b, "null");
	}
	if (in->required)
		buf_adds(b, ",\"required\":true");
	if (in->kind == WI_NUMBER && in->min < in->max)
		buf_printf(b, ",\"min\":%g,\"max\":%g", in->min, in->max);
	if (in->kind == WI_SCORE && in->max > 0)
		buf_printf(b, ",\"max\":%g", in->max);
	if (in->bad)
		buf_adds(b, ",\"bad\":true");
	if (in->flagged)
		buf_adds(b, ",\"flagged\":true");
	json_str(b, "hint", in->hint);
	if (in->nopts) {
		buf_adds(b, ",\"options\":[");
		for (int k = 0; k < in->nopts; k++) {
			buf_adds(b, k ? ",{\"value\":" : "{\"value\":");
			esc_json(b, in->opts[k].value);
			buf_adds(b, ",\"label\":");
			esc_json(b, in->opts[k].label ? in->opts[k].label : "");
			buf_addc(b, '}');
		}
		buf_addc(b, ']');
	}
	if (in->kind == WI_GRID)
		json_grid(b, in->grid);
	buf_addc(b, '}');
}

void web_form_json(buf *b, const web_form *f)
{
	buf_adds(b, "{\"action\":");
	esc_json(b, f->action ? f->action : "");
	buf_printf(b, ",\"method\":\"%s\"", f->get ? "get" : "post");
	json_str(b, "submit", f->submit);
	buf_adds(b, ",\"fields\":[");
	for (int i = 0; i < f->nin; i++) {
		if (i)
			buf_addc(b, ',');
		json_input(b, f->in[i]);
	}
	buf_adds(b, "]}");
}
