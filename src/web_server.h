/*
 * web_server.h - the HTTP or HTTPS server (libmicrohttpd, thread pool) in
 * front of web_dispatch. One web_server per `attain serve`.
 */
#ifndef ATTAIN_WEB_SERVER_H
#define ATTAIN_WEB_SERVER_H

#include "store.h"
#include "util.h"
#include "web.h"

typedef struct web_server web_server;

typedef struct web_server_opts {
	const char *db_path;
	const char *host; /* IPv4 address to listen on */
	int port;         /* 0: any free port */
	int threads;      /* pool size; 0: 4 */
	int min_cell;     /* suppression minimum; 0: the default */
	int warm;         /* warm the page cache on a background thread */
	/* HTTPS (libmicrohttpd's TLS through GnuTLS) when both are set: the
	 * certificate chain and its private key as PEM text */
	const char *tls_cert, *tls_key;
	/* reverse proxies (IPv4 or IPv6 addresses) whose X-Forwarded-For and
	 * X-Forwarded-Proto headers are believed */
	const char *const *proxies;
	int nproxies;
} web_server_opts;

/* Start listening; *port_out (if non-NULL) receives the bound port.
 * ATT_EUSAGE for a bad address (to listen on, or of a proxy), ATT_EIO when
 * the port cannot be bound or TLS cannot start with the certificate and
 * key given. */
int web_server_start(const web_server_opts *o, web_server **out, int *port_out,
                     att_err *e);
void web_server_stop(web_server *srv);

/* The calling thread's store connection (opened on first use, closed when
 * the thread ends); NULL when the database cannot be opened. */
store *web_thread_store(const web_app *app);

#endif
