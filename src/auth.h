/*
 * auth.h - password hashing, random tokens (libsodium) and the sign-in
 * throttle's rule. Passwords are stored only as Argon2id strings
 * (crypto_pwhash_str, which embeds the salt and cost parameters); tokens
 * come from the OS CSPRNG. The throttle's rule is pure: the caller passes
 * the failures it counted and the time. Pseudonyms are keyed hashes
 * (HMAC-SHA256) of a person's code under a secret the store keeps.
 */
#ifndef ATTAIN_AUTH_H
#define ATTAIN_AUTH_H

#include <stddef.h>
#include <stdint.h>

/* Initialise libsodium once; returns 0 on success. Thread-safe. */
int auth_init(void);
/* Hash pw into out (crypto_pwhash_STRBYTES = 128 bytes). 0 on success. */
int auth_hash_password(const char *pw, char out[128]);
/* 1 if pw matches the stored hash, else 0. */
int auth_verify_password(const char *hash, const char *pw);
/* nbytes random bytes as lower-case hex into out (2*nbytes+1 bytes). */
void auth_random_hex(char *out, size_t nbytes);

/* BLAKE2b-256 of a token, as 64 lower-case hex digits into out (65
 * bytes): what the store keeps instead of a session token. */
void auth_token_hash(const char *token, char out[65]);

/* HMAC-SHA256 (RFC 2104, libsodium's crypto_auth_hmacsha256) of the
 * bytes of msg under the key written as hex digits, as 64 lower-case hex
 * digits into out (65 bytes). The key may be any length; 0 on success,
 * -1 (out empty) when key_hex is not an even number of hex digits or is
 * empty. What pseudonyms and erasure tombstones are made of. */
int auth_keyed_hash(const char *key_hex, const char *msg, char out[65]);

/*
 * Sign-in throttling: a delay that grows with failed attempts instead of
 * a lock-out (docs/PRIVACY.md, "Sign-in"). Failures are counted per
 * account and per (account, address) pair within AUTH_WINDOW. After a
 * few free failures each further one doubles the wait before the next
 * attempt, from 1 second up to a cap: for a pair, 3 free and capped at 15
 * minutes, so one address guesses slowly; for an account from every
 * address together, 10 free and capped at one minute, so guessing from
 * many addresses is slowed too, while the owner signing in from another
 * address waits at most a minute and another account behind the same
 * address not at all. An attempt during a wait is refused unchecked.
 */
#define AUTH_WINDOW (24 * 3600)
#define AUTH_PAIR_FREE 3
#define AUTH_PAIR_CAP (15 * 60)
#define AUTH_ACCOUNT_FREE 10
#define AUTH_ACCOUNT_CAP 60
/* Shortest password a web form accepts. */
#define AUTH_MIN_PASSWORD 8

/* The wait (seconds) after `failures` failures: 0 for the first
 * free_tries, then 2^(failures - free_tries) seconds, at most cap. */
int64_t auth_delay(int failures, int free_tries, int64_t cap);

/* Failures of one account within the window: at its pair (this address)
 * and at every address, each with the time of its latest failure. */
typedef struct auth_failures {
	int pair, account;
	int64_t pair_last, account_last;
} auth_failures;

/* Seconds until the next attempt may be checked at time now (0: now),
 * the longer of the pair's and the account's waits. */
int64_t auth_wait(const auth_failures *f, int64_t now);

#endif
