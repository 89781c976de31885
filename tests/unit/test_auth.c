/*
 * test_auth.c - passwords, tokens, the sign-in throttle's rule (auth.h)
 * and the store's side of accounts: a password change ending the
 * account's sessions, the failures the throttle counts, and the audit log
 * written with the caller's time and read back through its filters.
 * Every time is passed in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "store.h"
#include "store_account.h"
#include "store_web.h"
#include "testutil.h"

/* The delay computed another way: start at one second and double once
 * per failure past the free ones, stopping at the cap. */
static int64_t delay_by_doubling(int failures, int free_tries, int64_t cap)
{
	if (failures < free_tries)
		return 0;
	int64_t d = 1;
	for (int k = free_tries; k < failures && d < cap; k++)
		d *= 2;
	return d < cap ? d : cap;
}

static void test_delay(void **state)
{
	(void)state;
	for (int n = 0; n <= 80; n++) {
		assert_int_equal(
		    auth_delay(n, AUTH_PAIR_FREE, AUTH_PAIR_CAP),
		    delay_by_doubling(n, AUTH_PAIR_FREE, AUTH_PAIR_CAP));
		assert_int_equal(
		    auth_delay(n, AUTH_ACCOUNT_FREE, AUTH_ACCOUNT_CAP),
		    delay_by_doubling(n, AUTH_ACCOUNT_FREE, AUTH_ACCOUNT_CAP));
	}
	/* the documented points: free until the 3rd failure, then 1, 2,
	 * 4 ... seconds, at most 15 minutes; an account: a minute */
	assert_int_equal(auth_delay(2, 3, 900), 0);
	assert_int_equal(auth_delay(3, 3, 900), 1);
	assert_int_equal(auth_delay(4, 3, 900), 2);
	assert_int_equal(auth_delay(12, 3, 900), 512);
	assert_int_equal(auth_delay(13, 3, 900), 900);
	assert_int_equal(auth_delay(1000, 3, 900), 900);
	assert_int_equal(auth_delay(9, 10, 60), 0);
	assert_int_equal(auth_delay(15, 10, 60), 32);
	assert_int_equal(auth_delay(16, 10, 60), 60);
	assert_int_equal(auth_delay(5, 3, 0), 0);
}

static void test_wait(void **state)
{
	(void)state;
	/* the pair's 5th failure at t=1000 asks for 4 s */
	auth_failures f = {5, 5, 1000, 1000};
	assert_int_equal(auth_wait(&f, 1000), 4);
	assert_int_equal(auth_wait(&f, 1003), 1);
	assert_int_equal(auth_wait(&f, 1004), 0);
	/* another address of the account: only the account's delay */
	auth_failures other = {0, 20, 0, 1000};
	assert_int_equal(auth_wait(&other, 1010), 50);
	assert_int_equal(auth_wait(&other, 1060), 0);
	/* the longer of the two */
	auth_failures both = {4, 16, 990, 1000};
	assert_int_equal(auth_wait(&both, 1000), 60);
	both.account = 11;
	both.account_last = 980; /* its 2 s have run */
	assert_int_equal(auth_wait(&both, 991), 1);
	assert_int_equal(auth_wait(&both, 992), 0);
}

/* 30 failures from one address, each attempt made as soon as allowed: the
 * owner at another address then waits at most a minute, another account
 * behind the same address not at all. */
static void test_thirty_failures(void **state)
{
	(void)state;
	auth_failures guesser = {0}, owner = {0}, neighbour = {0};
	int64_t now = 1000000, last_wait = 0;
	for (int i = 0; i < 30; i++) {
		now += auth_wait(&guesser, now);
		assert_int_equal(auth_wait(&guesser, now), 0);
		guesser.pair++, guesser.account++;
		guesser.pair_last = guesser.account_last = now;
		int64_t w = auth_wait(&guesser, now);
		assert_true(w >= last_wait && w <= AUTH_PAIR_CAP);
		last_wait = w;
	}
	assert_int_equal(last_wait, AUTH_PAIR_CAP);
	owner.account = guesser.account;
	owner.account_last = guesser.account_last;
	assert_true(auth_wait(&owner, now) <= AUTH_ACCOUNT_CAP);
	assert_int_equal(auth_wait(&owner, now + AUTH_ACCOUNT_CAP), 0);
	assert_int_equal(auth_wait(&neighbour, now), 0);
	assert_int_equal(auth_wait(&guesser, now + AUTH_ACCOUNT_CAP),
	                 AUTH_PAIR_CAP - AUTH_ACCOUNT_CAP);
}

static void test_password_and_token(void **state)
{
	(void)state;
	char h1[128], h2[128];
	assert_int_equal(auth_hash_password("correct horse", h1), 0);
	assert_int_equal(auth_hash_password("correct horse", h2), 0);
	assert_string_not_equal(h1, h2); /* salted */
	assert_int_equal(strncmp(h1, "$argon2id$", 10), 0);
	assert_int_equal(auth_verify_password(h1, "correct horse"), 1);
	assert_int_equal(auth_verify_password(h2, "correct horse"), 1);
	assert_int_equal(auth_verify_password(h1, "correct horsE"), 0);
	assert_int_equal(auth_verify_password(h1, ""), 0);
	/* BLAKE2b-256 of "abc" (Python's hashlib.blake2b, digest_size=32) */
	char th[65];
	auth_token_hash("abc", th);
	assert_string_equal(th, "bddd813c634239723171ef3fee98579b"
	                        "94964e3bb1cb3e427262c8c068d52319");
	char tok[65];
	auth_random_hex(tok, 32);
	assert_int_equal(strlen(tok), 64);
	assert_int_equal(strspn(tok, "0123456789abcdef"), 64);
}

/* HMAC-SHA256 against RFC 4231's test cases 1 and 2; keys that are not
 * hex are refused. */
static void test_keyed_hash(void **state)
{
	(void)state;
	char h[65];
	assert_int_equal(
	    auth_keyed_hash("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
	                    "Hi There", h),
	    0);
	assert_string_equal(h, "b0344c61d8db38535ca8afceaf0bf12b"
	                       "881dc200c9833da726e9376c2e32cff7");
	assert_int_equal(
	    auth_keyed_hash("4a656665", "what do ya want for nothing?", h), 0);
	assert_string_equal(h, "5bdcc146bf60754e6a042426089575c7"
	                       "5a003f089d2739839dec58b964ec3843");
	assert_int_equal(auth_keyed_hash("4a65666", "x", h), -1);
	assert_string_equal(h, "");
	assert_int_equal(auth_keyed_hash("zz", "x", h), -1);
	assert_int_equal(auth_keyed_hash("", "x", h), -1);
}

static store *open_store(const char *name)
{
	char path[256];
	tmp_path(path, sizeof(path), name);
	store *s = NULL;
	att_err e;
	err_clear(&e);
	assert_int_equal(store_open(path, &s, &e), ATT_OK);
	return s;
}

static int64_t add_account(store *s, const char *name)
{
	int64_t id = 0;
	att_err e;
	err_clear(&e);
	assert_int_equal(store_account_add(s, name, "h", "admin", NULL, NULL,
	                                   NULL, NULL, 0, &id, &e),
	                 ATT_OK);
	return id;
}

static int live(store *s, const char *token_hash)
{
	arena a;
	arena_init(&a);
	sw_session ss;
	int rc =
	    store_web_session_get(s, token_hash, 5000, 3600, &a, &ss, NULL);
	arena_free(&a);
	return rc == ATT_OK;
}

static void test_password_ends_sessions(void **state)
{
	(void)state;
	store *s = open_store("auth-sessions.db");
	int64_t a = add_account(s, "ana"), b = add_account(s, "ben");
	const char *tok[4] = {"a1", "a2", "a3", "b1"};
	int64_t owner[4] = {a, a, a, b};
	for (int i = 0; i < 4; i++)
		assert_int_equal(store_web_session_add(s, tok[i], owner[i], "c",
		                                       "10.0.0.1", 4000, 9000,
		                                       NULL),
		                 ATT_OK);
	int ended = -1;
	att_err e;
	err_clear(&e);
	/* from the web: every other session of the account ends */
	assert_int_equal(
	    store_account_set_password(s, "ana", "h2", "a2", &ended, &e),
	    ATT_OK);
	assert_int_equal(ended, 2);
	assert_false(live(s, "a1"));
	assert_true(live(s, "a2"));
	assert_false(live(s, "a3"));
	assert_true(live(s, "b1"));
	account_row r;
	assert_int_equal(store_account_get(s, "ana", &r, &e), ATT_OK);
	assert_string_equal(r.pw_hash, "h2");
	store_account_get(s, "", &r, NULL);
	/* a reset: every one */
	assert_int_equal(
	    store_account_set_password(s, "ana", "h3", NULL, &ended, &e),
	    ATT_OK);
	assert_int_equal(ended, 1);
	assert_false(live(s, "a2"));
	assert_true(live(s, "b1"));
	assert_int_equal(
	    store_account_set_password(s, "nobody", "h", NULL, &ended, &e),
	    ATT_ENOTFOUND);
	/* demo --password: every account's, every session */
	assert_int_equal(store_account_set_all_passwords(s, "h4", &e), ATT_OK);
	assert_false(live(s, "b1"));
	store_close(s);
}

static void test_failures(void **state)
{
	(void)state;
	store *s = open_store("auth-failures.db");
	att_err e;
	err_clear(&e);
	struct {
		const char *user, *addr;
		int64_t at;
	} f[] = {{"u", "x", 100},
	         {"u", "x", 101},
	         {"u", "x", 102},
	         {"u", "y", 103},
	         {"v", "x", 104}};
	for (size_t i = 0; i < ARRAY_LEN(f); i++)
		assert_int_equal(store_web_failure_add(s, f[i].user, f[i].addr,
		                                       f[i].at, 0, &e),
		                 ATT_OK);
	auth_failures got;
	assert_int_equal(store_web_failures(s, "u", "x", 0, &got, &e), ATT_OK);
	assert_int_equal(got.pair, 3);
	assert_int_equal(got.account, 4);
	assert_int_equal(got.pair_last, 102);
	assert_int_equal(got.account_last, 103);
	assert_int_equal(store_web_failures(s, "u", "x", 102, &got, &e),
	                 ATT_OK);
	assert_int_equal(got.pair, 1);
	assert_int_equal(got.account, 2);
	assert_int_equal(store_web_failures(s, "w", "x", 0, &got, &e), ATT_OK);
	assert_int_equal(got.pair + got.account, 0);
	assert_int_equal(got.pair_last + got.account_last, 0);
	/* pruning: a failure at 200 forgets those before 102 */
	assert_int_equal(store_web_failure_add(s, "u", "z", 200, 102, &e),
	                 ATT_OK);
	assert_int_equal(store_web_failures(s, "u", "x", 0, &got, &e), ATT_OK);
	assert_int_equal(got.pair, 1);
	int cleared = -1;
	assert_int_equal(store_web_failures_clear(s, "u", "x", &cleared, &e),
	                 ATT_OK);
	assert_int_equal(cleared, 1);
	assert_int_equal(store_web_failures_clear(s, "u", NULL, &cleared, &e),
	                 ATT_OK);
	assert_int_equal(cleared, 2);
	assert_int_equal(store_web_failures(s, "v", "x", 0, &got, &e), ATT_OK);
	assert_int_equal(got.pair, 1);
	store_close(s);
}

typedef struct seen {
	char line[16][160];
	int n;
} seen;

static void collect(void *ctx, const audit_entry *a)
{
	seen *x = ctx;
	if (x->n < 16)
		snprintf(x->line[x->n++], 160, "%s %s %s %s:%s %s", a->when,
		         a->username, a->action, a->target_kind, a->target,
		         a->detail);
}

static int list(store *s, audit_filter f, seen *x)
{
	memset(x, 0, sizeof(*x));
	att_err e;
	err_clear(&e);
	assert_int_equal(store_audit_list(s, &f, collect, x, &e), ATT_OK);
	return x->n;
}

static void test_audit(void **state)
{
	(void)state;
	store *s = open_store("auth-audit.db");
	int64_t day = 20000 * 86400LL; /* 2024-10-04 */
	audit_entry in[] = {
	    {.at = day + 3600,
	     .username = "ana",
	     .action = "login",
	     .target_kind = "account",
	     .target = "ana"},
	    {.at = day + 7200,
	     .username = "ana",
	     .action = "view",
	     .target_kind = "student",
	     .target = "S1"},
	    {.at = day + 86400,
	     .username = "ops",
	     .action = "delete",
	     .target_kind = "enrolments",
	     .target = "CL2/S1",
	     .address = "cli",
	     .detail = "import e.csv line 3"},
	    {.at = day + 86400 + 60,
	     .username = "ben",
	     .action = "login-failed",
	     .target_kind = "account",
	     .target = "ben"},
	    {.at = day + 2 * 86400,
	     .username = "ops",
	     .action = "loginx",
	     .target_kind = "account",
	     .target = "S10"},
	};
	att_err e;
	err_clear(&e);
	for (size_t i = 0; i < ARRAY_LEN(in); i++)
		assert_int_equal(store_audit_add(s, &in[i], &e), ATT_OK);
	seen x;
	assert_int_equal(list(s, (audit_filter){0}, &x), 5);
	assert_string_equal(x.line[0],
	                    "2024-10-06T00:00:00Z ops loginx account:S10 ");
	assert_string_equal(x.line[4],
	                    "2024-10-04T01:00:00Z ana login account:ana ");
	/* an action and its hyphenated kin, not a longer word */
	assert_int_equal(list(s, (audit_filter){.action = "login"}, &x), 2);
	assert_string_equal(x.line[0], "2024-10-05T00:01:00Z ben login-failed "
	                               "account:ben ");
	assert_int_equal(list(s, (audit_filter){.username = "ana"}, &x), 2);
	assert_int_equal(list(s, (audit_filter){.target_kind = "student"}, &x),
	                 1);
	/* a target matches whole or as one part of a composite key */
	assert_int_equal(list(s, (audit_filter){.target = "S1"}, &x), 2);
	assert_string_equal(x.line[0], "2024-10-05T00:00:00Z ops delete "
	                               "enrolments:CL2/S1 import e.csv line 3");
	assert_int_equal(list(s, (audit_filter){.target = "CL2/S1"}, &x), 1);
	assert_int_equal(list(s, (audit_filter){.target = "L2"}, &x), 0);
	/* [since, until) */
	assert_int_equal(
	    list(s,
	         (audit_filter){.since = day + 86400, .until = day + 2 * 86400},
	         &x),
	    2);
	assert_int_equal(list(s, (audit_filter){.until = day + 7200}, &x), 1);
	assert_int_equal(
	    list(s, (audit_filter){.since = day + 7200, .limit = 2}, &x), 2);
	assert_string_equal(x.line[1], "2024-10-05T00:01:00Z ben login-failed "
	                               "account:ben ");
	assert_int_equal(
	    list(s, (audit_filter){.action = "view", .username = "ben"}, &x),
	    0);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_delay),
	    cmocka_unit_test(test_wait),
	    cmocka_unit_test(test_thirty_failures),
	    cmocka_unit_test(test_password_and_token),
	    cmocka_unit_test(test_keyed_hash),
	    cmocka_unit_test(test_password_ends_sessions),
	    cmocka_unit_test(test_failures),
	    cmocka_unit_test(test_audit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
