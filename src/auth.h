/*
 * auth.h - password hashing and random tokens (libsodium). Passwords are
 * stored only as Argon2id strings (crypto_pwhash_str, which embeds the salt
 * and cost parameters); tokens come from the OS CSPRNG.
 */
#ifndef ATTAIN_AUTH_H
#define ATTAIN_AUTH_H

#include <stddef.h>

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

#endif
