/*
 * auth.c - Argon2id password hashing and random tokens through libsodium,
 * and the sign-in throttle's delays (auth.h).
 * Cost: crypto_pwhash OPSLIMIT/MEMLIMIT_INTERACTIVE (libsodium's advice for
 * online logins: about 64 MiB and tens of milliseconds per hash).
 */
#include "auth.h"

#include <sodium.h>
#include <string.h>

int auth_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

int auth_hash_password(const char *pw, char out[128])
{
	if (auth_init())
		return -1;
	return crypto_pwhash_str(out, pw, strlen(pw),
	                         crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                         crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

int auth_verify_password(const char *hash, const char *pw)
{
	if (auth_init())
		return 0;
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

void auth_random_hex(char *out, size_t nbytes)
{
	unsigned char tmp[64];
	if (auth_init()) {
		out[0] = '\0';
		return;
	}
	size_t done = 0;
	while (done < nbytes) {
		size_t k =
		    nbytes - done < sizeof(tmp) ? nbytes - done : sizeof(tmp);
		randombytes_buf(tmp, k);
		sodium_bin2hex(out + 2 * done, 2 * k + 1, tmp, k);
		done += k;
	}
	out[2 * nbytes] = '\0';
}

void auth_token_hash(const char *token, char out[65])
{
	unsigned char h[32];
	if (auth_init()) {
		out[0] = '\0';
		return;
	}
	crypto_generichash(h, sizeof(h), (const unsigned char *)token,
	                   strlen(token), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

int auth_keyed_hash(const char *key_hex, const char *msg, char out[65])
{
	unsigned char key[128], h[crypto_auth_hmacsha256_BYTES];
	size_t klen = 0, hexlen = strlen(key_hex);
	out[0] = '\0';
	if (auth_init() || hexlen == 0 || hexlen % 2 ||
	    hexlen / 2 > sizeof(key))
		return -1;
	if (sodium_hex2bin(key, sizeof(key), key_hex, hexlen, NULL, &klen,
	                   NULL) != 0 ||
	    klen != hexlen / 2)
		return -1;
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, key, klen);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg,
	                              strlen(msg));
	crypto_auth_hmacsha256_final(&st, h);
	sodium_memzero(key, sizeof(key));
	sodium_memzero(&st, sizeof(st));
	sodium_bin2hex(out, 65, h, sizeof(h));
	return 0;
}

int64_t auth_delay(int failures, int free_tries, int64_t cap)
{
	if (failures < free_tries || cap <= 0)
		return 0;
	int k = failures - free_tries;
	if (k >= 62)
		return cap;
	int64_t d = (int64_t)1 << k;
	return d < cap ? d : cap;
}

/* What remains of a wait of d seconds after the failure at last. */
static int64_t remaining(int64_t d, int64_t last, int64_t now)
{
	int64_t left = last + d - now;
	return d > 0 && left > 0 ? left : 0;
}

int64_t auth_wait(const auth_failures *f, int64_t now)
{
	int64_t p =
	    remaining(auth_delay(f->pair, AUTH_PAIR_FREE, AUTH_PAIR_CAP),
	              f->pair_last, now);
	int64_t a = remaining(
	    auth_delay(f->account, AUTH_ACCOUNT_FREE, AUTH_ACCOUNT_CAP),
	    f->account_last, now);
	return p > a ? p : a;
}
