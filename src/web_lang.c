/*
 * web_lang.c - the account's language on the web: the settings form
 * (GET /me/lang) and saving the choice (POST /me/lang, CSRF-checked). The
 * choice is stored on the account (store_account_set_lang), so every page
 * the account opens afterwards, and a parent's children's report cards,
 * are in that language. Which language a request uses is decided in
 * web_dispatch (web_route.c).
 */
#include <string.h>

#include "escape.h"
#include "i18n.h"
#include "store_account.h"
#include "web.h"

/* The languages offered, each named in itself. */
static const struct {
	const char *code, *name;
} offered[] = {
    {"en", "English"},
    {"hi", "\xe0\xa4\xb9\xe0\xa4\xbf\xe0\xa4\xa8\xe0\xa5\x8d\xe0\xa4\xa6"
           "\xe0\xa5\x80"}, /* Hindi */
};

const char *web_lang_name(const char *code)
{
	for (size_t i = 0; i < ARRAY_LEN(offered); i++)
		if (code && strcmp(code, offered[i].code) == 0)
			return offered[i].name;
	return code;
}

int web_lang_form(web_req *r, web_resp *w)
{
	if (r->format == WEB_JSON) {
		buf *b = &w->body;
		w->content_type = "application/json";
		buf_adds(b, "{\"lang\":");
		esc_json(b, r->sess.lang ? r->sess.lang : "en");
		buf_adds(b, ",\"languages\":[");
		int first = 1;
		for (size_t i = 0; i < ARRAY_LEN(offered); i++) {
			if (!i18n_known(offered[i].code))
				continue;
			buf_adds(b, first ? "{\"code\":" : ",{\"code\":");
			esc_json(b, offered[i].code);
			buf_adds(b, ",\"name\":");
			esc_json(b, offered[i].name);
			buf_addc(b, '}');
			first = 0;
		}
		buf_adds(b, "]}\n");
		return 200;
	}
	w->content_type = "text/html; charset=utf-8";
	buf *b = &w->body;
	web_frame_open(r, b, _("Language"));
	buf_adds(b, "<h1>");
	esc_html(b, _("Language"));
	buf_adds(b, "</h1>\n<p>");
	esc_html(b, _("The language of your pages and of your children's "
	              "report cards."));
	buf_adds(b, "</p>\n<form class=\"login\" method=\"post\" "
	            "action=\"/me/lang\"><input type=\"hidden\" name=\"csrf\" "
	            "value=\"");
	esc_attr(b, r->sess.csrf);
	buf_adds(b, "\"><fieldset><legend>");
	esc_html(b, _("Language"));
	buf_adds(b, "</legend>");
	const char *mine = r->sess.lang ? r->sess.lang : "en";
	for (size_t i = 0; i < ARRAY_LEN(offered); i++) {
		if (!i18n_known(offered[i].code))
			continue;
		buf_adds(b, "<label lang=\"");
		esc_attr(b, offered[i].code);
		buf_adds(b, "\"><input type=\"radio\" name=\"lang\" value=\"");
		esc_attr(b, offered[i].code);
		buf_adds(b, strcmp(mine, offered[i].code) == 0 ? "\" checked> "
		                                               : "\"> ");
		esc_html(b, offered[i].name);
		buf_adds(b, "</label><br>");
	}
	buf_adds(b, "</fieldset><button type=\"submit\">");
	esc_html(b, _("Save"));
	buf_adds(b, "</button></form>\n");
	web_frame_close(r, b);
	return 200;
}

int web_lang_save(web_req *r, web_resp *w)
{
	const char *lang = web_field_get(r, "lang");
	if (!lang || !i18n_known(lang))
		return web_error(r, w, 400, _("Unknown language"));
	att_err e;
	err_clear(&e);
	if (store_account_set_lang(r->s, r->sess.username, lang, &e))
		return web_error(r, w, 500, _("The language was not saved"));
	web_audit(r, "set-lang", "account", r->sess.username);
	if (r->format == WEB_JSON) {
		w->content_type = "application/json";
		buf_adds(&w->body, "{\"lang\":");
		esc_json(&w->body, lang);
		buf_adds(&w->body, "}\n");
		return 200;
	}
	return web_redirect(w, 303, "/me");
}
