/*
 * web_login.c - signing in and out, the account's own page (/me) and the
 * start page that lists what the account may open.
 *
 * Sign-in protections: Argon2id password check (auth.c); a fresh random
 * session token per sign-in, kept in the store only as its hash; the
 * cookie is HttpOnly and SameSite=Strict, and Secure whenever the request
 * came over HTTPS. Failed checks slow the next attempt down instead of
 * locking the account (auth.h): counted per account and per (account,
 * address) pair, an attempt during its wait is refused (429 with
 * Retry-After) without looking at the password, and every refusal is
 * audited. The check is shared with the password change
 * (web_password.c). The sign-in form carries a CSRF token bound to a
 * pre-sign-in cookie (double submit). A client that sends no cookie and no
 * Origin header (a script using the API, not a browser) may sign in
 * without it.
 */
#include <pthread.h>
#include <string.h>

#include "auth.h"
#include "escape.h"
#include "i18n.h"
#include "store_account.h"
#include "web.h"
#include "web_cache.h"
#include "web_collect.h"

static char dummy_hash[128];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static void dummy_init(void)
{
	auth_hash_password("not a password anyone has", dummy_hash);
}

static const char *cookie(web_req *r, const char *name, const char *value,
                          int max_age)
{
	return arena_printf(
	    &r->a, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s",
	    name, value, max_age, r->https ? "; Secure" : "");
}

/* Record the attempt as a failure before the password is checked, in one
 * transaction with the count, so that attempts arriving together are
 * counted one after another (a success removes it again). *wait gets
 * the wait still to run (nothing recorded then). */
static int attempt_begin(web_req *r, const char *user, const char *addr,
                         auth_failures *f, int64_t *wait)
{
	att_err e;
	err_clear(&e);
	memset(f, 0, sizeof(*f));
	if (store_begin(r->s, &e))
		return ATT_EIO;
	int rc =
	    store_web_failures(r->s, user, addr, r->now - AUTH_WINDOW, f, &e);
	*wait = rc ? 0 : auth_wait(f, r->now);
	if (!rc && *wait == 0)
		rc = store_web_failure_add(r->s, user, addr, r->now,
		                           r->now - AUTH_WINDOW, &e);
	if (rc) {
		store_rollback(r->s);
		return rc;
	}
	return store_commit(r->s, &e);
}

/* Argon2id check of pw against the account's hash; the same work when
 * there is no such account. *id gets the account (0: none). */
static int password_good(web_req *r, const char *user, const char *pw,
                         int64_t *id)
{
	att_err e;
	err_clear(&e);
	account_row a;
	int found = store_account_get(r->s, user, &a, &e) == ATT_OK;
	char hash[256] = "";
	int disabled = 1;
	*id = 0;
	if (found) {
		snprintf(hash, sizeof(hash), "%s", a.pw_hash);
		*id = a.id;
		disabled = a.disabled;
		/* release the statement store_account_get keeps active */
		store_account_get(r->s, "", &a, NULL);
	}
	if (!found) {
		pthread_once(&dummy_once, dummy_init);
		auth_verify_password(dummy_hash, pw);
		return 0;
	}
	int good = auth_verify_password(hash, pw); /* disabled: same work */
	return good && !disabled;
}

int web_password_check(web_req *r, const char *user, const char *pw,
                       int64_t *id, int64_t *wait)
{
	const char *addr = r->address ? r->address : "";
	auth_failures f;
	*id = 0;
	if (attempt_begin(r, user, addr, &f, wait))
		return WEB_PW_BUSY;
	if (*wait > 0)
		return WEB_PW_WAIT;
	if (password_good(r, user, pw, id)) {
		store_web_failures_clear(r->s, user, addr, NULL, NULL);
		return WEB_PW_OK;
	}
	f.pair++;
	f.account++;
	f.pair_last = f.account_last = r->now;
	*wait = auth_wait(&f, r->now);
	return WEB_PW_WRONG;
}

const char *web_wait_words(web_req *r, int64_t wait)
{
	return arena_printf(&r->a,
	                    _("Too many failed attempts; try again in %lld s"),
	                    (long long)wait);
}

/* A local path to go to after signing in, or "/". */
static const char *safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' ||
	    strlen(next) > 512)
		return "/";
	for (const char *c = next; *c; c++)
		if ((unsigned char)*c < 0x20)
			return "/";
	return next;
}

static int login_page(web_req *r, web_resp *w, int status, const char *error)
{
	char pre[33];
	auth_random_hex(pre, 16);
	w->set_cookie[w->nset_cookie++] = cookie(r, WEB_PRE_COOKIE, pre, 3600);
	w->content_type = "text/html; charset=utf-8";
	buf *b = &w->body;
	buf_clear(b);
	web_frame_open(r, b, _("Sign in"));
	buf_adds(b, "<h1>");
	esc_html(b, _("Sign in"));
	buf_adds(b, "</h1>\n");
	if (error) {
		buf_adds(b, "<p class=\"error\" role=\"alert\">");
		esc_html(b, error);
		buf_adds(b, "</p>\n");
	}
	buf_adds(b, "<form class=\"login\" method=\"post\" action=\"/login\">"
	            "<input type=\"hidden\" name=\"csrf\" value=\"");
	esc_attr(b, pre);
	buf_adds(b, "\"><input type=\"hidden\" name=\"next\" value=\"");
	esc_attr(b, safe_next(web_field_get(r, "next")));
	buf_adds(b, "\"><label for=\"username\">");
	esc_html(b, _("User name"));
	buf_adds(b, "</label><input id=\"username\" name=\"username\" "
	            "autocomplete=\"username\" required maxlength=\"128\">"
	            "<label for=\"password\">");
	esc_html(b, _("Password"));
	buf_adds(b,
	         "</label><input id=\"password\" name=\"password\" "
	         "type=\"password\" autocomplete=\"current-password\" required "
	         "maxlength=\"1024\"><button type=\"submit\">");
	esc_html(b, _("Sign in"));
	buf_adds(b, "</button></form>\n");
	web_frame_close(r, b);
	return status;
}

int web_login_form(web_req *r, web_resp *w)
{
	if (r->signed_in)
		return web_redirect(w, 303,
		                    safe_next(web_field_get(r, "next")));
	return login_page(r, w, 200, NULL);
}

static int login_fail(web_req *r, web_resp *w, int status, const char *msg)
{
	if (r->format == WEB_HTML)
		return login_page(r, w, status, msg);
	return web_error(r, w, status, msg);
}

/* The origin of a browser request must be this server. */
static int origin_ok(web_req *r)
{
	if (!r->origin)
		return 1;
	if (!r->host)
		return 0;
	const char *o = r->origin;
	if (strncmp(o, "http://", 7) == 0)
		o += 7;
	else if (strncmp(o, "https://", 8) == 0)
		o += 8;
	else
		return 0;
	return strcmp(o, r->host) == 0;
}

int web_login(web_req *r, web_resp *w)
{
	const char *user = web_field_get(r, "username");
	const char *pw = web_field_get(r, "password");
	const char *tok = web_field_get(r, "csrf");
	if (!origin_ok(r))
		return login_fail(r, w, 403,
		                  _("Sign-in from another site was refused"));
	if (tok) {
		const char *pre = web_cookie_get(r, WEB_PRE_COOKIE);
		if (!pre || strlen(pre) != strlen(tok) || strcmp(pre, tok) != 0)
			return login_fail(
			    r, w, 403,
			    _("The form has expired; please try again"));
	} else if (r->origin || r->cookie) {
		return login_fail(r, w, 403,
		                  _("The form has expired; please try again"));
	}
	if (!user || !pw || !*user || !*pw || strlen(user) > 128 ||
	    strlen(pw) > 1024)
		return login_fail(r, w, 400,
		                  _("Enter your user name and password"));
	int64_t id, wait;
	int pw_rc = web_password_check(r, user, pw, &id, &wait);
	if (pw_rc == WEB_PW_BUSY)
		return web_error(r, w, 503,
		                 _("The service is busy; try again"));
	if (pw_rc == WEB_PW_WAIT) {
		web_audit_as(
		    r, 0, user, "login-delayed", "account", user,
		    arena_printf(&r->a, "retry in %lld s", (long long)wait));
		w->retry_after = (int)wait;
		return login_fail(r, w, 429, web_wait_words(r, wait));
	}
	if (pw_rc == WEB_PW_WRONG) {
		web_audit_as(r, id, user, "login-failed", "account", user,
		             wait
		                 ? arena_printf(&r->a, "next attempt in %lld s",
		                                (long long)wait)
		                 : NULL);
		if (wait)
			w->retry_after = (int)wait;
		return login_fail(r, w, 401, _("Wrong user name or password"));
	}
	const char *addr = r->address ? r->address : "";
	att_err e;
	err_clear(&e);
	char token[65], csrf[33], th[65];
	auth_random_hex(token, 32);
	auth_random_hex(csrf, 16);
	auth_token_hash(token, th);
	if (store_web_session_add(r->s, th, id, csrf, addr, r->now,
	                          r->now + WEB_SESSION_TTL, &e))
		return web_error(r, w, 503,
		                 _("The service is busy; try again"));
	web_audit_as(r, id, user, "login", "account", user, NULL);
	w->set_cookie[w->nset_cookie++] =
	    cookie(r, WEB_COOKIE, arena_strdup(&r->a, token), WEB_SESSION_TTL);
	w->set_cookie[w->nset_cookie++] = cookie(r, WEB_PRE_COOKIE, "", 0);
	if (r->format == WEB_JSON) {
		w->content_type = "application/json";
		buf_adds(&w->body, "{\"username\":");
		esc_json(&w->body, user);
		buf_adds(&w->body, ",\"csrf\":");
		esc_json(&w->body, csrf);
		buf_adds(&w->body, "}\n");
		return 200;
	}
	return web_redirect(
	    w, 303, arena_strdup(&r->a, safe_next(web_field_get(r, "next"))));
}

int web_logout(web_req *r, web_resp *w)
{
	store_web_session_remove(r->s, r->token_hash, NULL);
	web_audit(r, "logout", "account", r->sess.username);
	w->set_cookie[w->nset_cookie++] = cookie(r, WEB_COOKIE, "", 0);
	if (r->format == WEB_JSON) {
		w->content_type = "application/json";
		buf_adds(&w->body, "{\"signed_out\":true}\n");
		return 200;
	}
	return web_redirect(w, 303, "/login");
}

int web_me(web_req *r, web_resp *w)
{
	att_err e;
	err_clear(&e);
	account_row a;
	const char *scope = "";
	if (store_account_get(r->s, r->sess.username, &a, &e) == ATT_OK) {
		scope = arena_strdup(&r->a, a.scope);
		store_account_get(r->s, "", &a, NULL);
	}
	if (r->format == WEB_JSON) {
		buf *b = &w->body;
		w->content_type = "application/json";
		buf_adds(b, "{\"username\":");
		esc_json(b, r->sess.username);
		buf_adds(b, ",\"role\":");
		esc_json(b, r->sess.role);
		buf_adds(b, ",\"scope\":[");
		/* "kind:code kind:code" -> [{"kind":..,"code":..}] */
		const char *c = scope;
		int first = 1;
		while (*c) {
			const char *sp = strchr(c, ' ');
			size_t len = sp ? (size_t)(sp - c) : strlen(c);
			const char *colon = memchr(c, ':', len);
			if (colon) {
				char *k = arena_alloc(&r->a, len + 1);
				memcpy(k, c, (size_t)(colon - c));
				char *v = arena_alloc(&r->a, len + 1);
				memcpy(v, colon + 1,
				       len - (size_t)(colon - c) - 1);
				buf_adds(b,
				         first ? "{\"kind\":" : ",{\"kind\":");
				esc_json(b, k);
				buf_adds(b, ",\"code\":");
				esc_json(b, v);
				buf_addc(b, '}');
				first = 0;
			}
			c += len;
			while (*c == ' ')
				c++;
		}
		buf_adds(b, "],\"lang\":");
		esc_json(b, r->sess.lang);
		buf_adds(b, ",\"csrf\":");
		esc_json(b, r->sess.csrf);
		buf_adds(b, "}\n");
		return 200;
	}
	web_page p;
	web_page_init(&p, "me", NULL, _("Your account"));
	sw_val v = {SWV_TEXT, 0, r->sess.username};
	web_page_fig(&p, "username", _("User name"), WC_TEXT, &v);
	sw_val rv = {SWV_TEXT, 0, _(r->sess.role)};
	web_page_fig(&p, "role", _("Role"), WC_TEXT, &rv);
	sw_val sv = {SWV_TEXT, 0, *scope ? scope : _("everything")};
	web_page_fig(&p, "scope", _("Scope"), WC_TEXT, &sv);
	sw_val lv = {SWV_TEXT, 0, web_lang_name(r->lang ? r->lang : "en")};
	web_page_fig(&p, "lang", _("Language"), WC_TEXT, &lv);
	web_page_action(&p, _("Change the language"), "/me/lang");
	web_page_action(&p, _("Change your password"), "/me/password");
	return web_page_render(r, w, &p);
}

int web_home(web_req *r, web_resp *w)
{
	web_page p;
	web_page_init(&p, "home", NULL, _("Start"));
	att_err e;
	err_clear(&e);
	sw_rows rows;
	int64_t args[3] = {r->sess.account_id, 0, 0};
	const char *single = NULL; /* HTML goes straight to a lone place */
	const char *single_prefix = "/orgs/";
	web_col org_cols[3], class_cols[5], child_cols[2];
	org_cols[0] = (web_col){"name", _("Name"), WC_LINK, "/orgs/", "code"};
	org_cols[1] = (web_col){"level", _("Level"), WC_TEXT, NULL, NULL};
	org_cols[2] = (web_col){"code", _("Code"), WC_TEXT, NULL, NULL};
	class_cols[0] =
	    (web_col){"name", _("Class"), WC_LINK, "/classes/", "code"};
	class_cols[1] = (web_col){"grade", _("Grade"), WC_INT, NULL, NULL};
	class_cols[2] = (web_col){"subject", _("Subject"), WC_TEXT, NULL, NULL};
	class_cols[3] = (web_col){"year", _("Year"), WC_TEXT, NULL, NULL};
	class_cols[4] =
	    (web_col){"students", _("Students"), WC_INT, NULL, NULL};
	child_cols[0] =
	    (web_col){"name", _("Name"), WC_LINK, "/students/", "code"};
	child_cols[1] =
	    (web_col){"code", _("Student code"), WC_TEXT, NULL, NULL};
	int rc = ATT_OK;
	switch (r->who.role) {
	case ROLE_ADMIN:
		rc = web_query(r, SWQ_ROOT_ORGS, args, 1, &rows, &e);
		if (!rc)
			web_page_table(&p, "places", _("Your places"), org_cols,
			               3, &rows);
		break;
	case ROLE_OFFICER:
	case ROLE_PRINCIPAL:
		rc = web_query(r, SWQ_OFFICER_ORGS, args, 1, &rows, &e);
		if (!rc) {
			web_page_table(&p, "places", _("Your places"), org_cols,
			               3, &rows);
			if (rows.nrow == 1)
				single = rows_text(&rows, 0, "code");
		}
		break;
	case ROLE_TEACHER:
		args[1] = r->sess.staff_id;
		rc = web_query(r, SWQ_TEACHER_CLASSES, args, 2, &rows, &e);
		if (!rc)
			web_page_table(&p, "classes", _("Your classes"),
			               class_cols, 5, &rows);
		break;
	case ROLE_PARENT:
	case ROLE_STUDENT:
		args[1] = r->sess.guardian_id;
		args[2] = r->sess.student_id;
		rc = web_query(r, SWQ_PARENT_CHILDREN, args, 3, &rows, &e);
		if (!rc) {
			web_page_table(&p, "children",
			               r->who.role == ROLE_PARENT
			                   ? _("Your children")
			                   : _("Your profile"),
			               child_cols, 2, &rows);
			if (rows.nrow == 1) {
				single = rows_text(&rows, 0, "code");
				single_prefix = "/students/";
			}
		}
		break;
	default:
		break;
	}
	if (rc)
		return web_error(r, w, 500, _("Something went wrong"));
	/* A principal's or officer's lone school: the pages they act on */
	web_target t;
	if (single && r->who.role != ROLE_PARENT &&
	    r->who.role != ROLE_STUDENT &&
	    web_target_resolve(r, WT_ORG, single, ACCESS_READ, &t, NULL) ==
	        ATT_OK &&
	    t.org->is_school) {
		web_visit_links(r, &p, &t.hit);
	}
	/* What the account owes (data collection); a lone place is still
	 * opened directly when nothing is owed. */
	int before = p.ntables;
	web_collect_reminders(r, &p);
	if (p.ntables > before)
		single = NULL;
	if (single && r->format == WEB_HTML) {
		buf b;
		buf_init(&b);
		/* codes from the store are escaped as a path segment */
		buf_adds(&b, single_prefix);
		esc_url_path(&b, single);
		web_redirect(w, 303, arena_strdup(&r->a, b.data));
		buf_free(&b);
		return 303;
	}
	return web_page_render(r, w, &p);
}
