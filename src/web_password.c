/*
 * web_password.c - the account's password on the web: the form (GET
 * /me/password) and the change (POST /me/password, CSRF-checked). The
 * current password is checked as a sign-in is (web_password_check: the
 * same throttle, counted on the same account and address), the new one is
 * stored as an Argon2id hash, and every other session of the account ends
 * in the same transaction; the session the change was made from stays.
 * Changes, wrong current passwords and delays are audited.
 */
#include <string.h>

#include "auth.h"
#include "i18n.h"
#include "store_account.h"
#include "web.h"

/* The form, with a notice after a change or the reason a change was
 * refused (`error`), answered with status. */
static int password_page(web_req *r, web_resp *w, const char *error, int status)
{
	web_page p;
	web_page_init(&p, "password", NULL, _("Change your password"));
	p.crumbs[p.ncrumbs++] = (web_crumb){_("Your account"), "/me"};
	p.crumbs[p.ncrumbs++] = (web_crumb){_("Password"), NULL};
	p.error = error;
	if (!error && web_field_get(r, "saved"))
		p.notice = _("Your password was changed. Every other session "
		             "of your account has been signed out.");
	web_form *f = web_page_form(r, &p, "password", "/me/password",
	                            _("Change the password"));
	static const struct {
		const char *name, *label, *complete;
	} in[] = {
	    {"current", N_("Current password"), "current-password"},
	    {"new", N_("New password"), "new-password"},
	    {"repeat", N_("New password again"), "new-password"},
	};
	for (size_t k = 0; k < ARRAY_LEN(in); k++) {
		web_input *x = web_form_input(f, WI_PASSWORD, in[k].name,
		                              _(in[k].label), NULL);
		x->required = 1;
		x->maxlen = 1024;
		x->autocomplete = in[k].complete;
	}
	f->in[1]->hint = arena_printf(&r->a, _("At least %d characters."),
	                              AUTH_MIN_PASSWORD);
	return web_page_answer(r, w, &p, status);
}

int web_password_form(web_req *r, web_resp *w)
{
	return password_page(r, w, NULL, 200);
}

/* Why the new password cannot be taken (NULL: it can). */
static const char *new_refused(web_req *r, const char *cur, const char *pw,
                               const char *again)
{
	if (!cur || !*cur || !pw || !again)
		return _("Enter your current password and the new one twice.");
	size_t n = strlen(pw);
	if (n < AUTH_MIN_PASSWORD || n > 1024)
		return arena_printf(&r->a,
		                    _("The new password must have %d to %d "
		                      "characters."),
		                    AUTH_MIN_PASSWORD, 1024);
	if (strcmp(pw, again) != 0)
		return _("The two new passwords differ.");
	return NULL;
}

int web_password_save(web_req *r, web_resp *w)
{
	const char *cur = web_field_get(r, "current");
	const char *pw = web_field_get(r, "new");
	const char *why = new_refused(r, cur, pw, web_field_get(r, "repeat"));
	if (why)
		return password_page(r, w, why, 422);
	const char *user = r->sess.username;
	int64_t id, wait;
	switch (web_password_check(r, user, cur, &id, &wait)) {
	case WEB_PW_OK:
		break;
	case WEB_PW_WAIT:
		web_audit_as(
		    r, r->sess.account_id, user, "passwd-delayed", "account",
		    user,
		    arena_printf(&r->a, "retry in %lld s", (long long)wait));
		w->retry_after = (int)wait;
		return password_page(r, w, web_wait_words(r, wait), 429);
	case WEB_PW_WRONG:
		web_audit_as(r, r->sess.account_id, user, "passwd-failed",
		             "account", user, NULL);
		w->retry_after = (int)wait;
		return password_page(r, w, _("The current password is wrong."),
		                     422);
	default:
		return password_page(
		    r, w, _("Not changed (the server is busy); try again."),
		    503);
	}
	char hash[128];
	int ended = 0;
	att_err e;
	err_clear(&e);
	if (auth_hash_password(pw, hash) ||
	    store_account_set_password(r->s, user, hash, r->token_hash, &ended,
	                               &e))
		return password_page(
		    r, w, _("Not changed (the server is busy); try again."),
		    503);
	web_audit_as(r, r->sess.account_id, user, "passwd", "account", user,
	             arena_printf(&r->a, "other sessions ended: %d", ended));
	return web_redirect(w, 303,
	                    r->format == WEB_JSON ? "/api/me/password?saved=1"
	                                          : "/me/password?saved=1");
}
