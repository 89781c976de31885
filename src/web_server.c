/*
 * web_server.c - the HTTP transport: libmicrohttpd with a thread pool,
 * over TLS (GnuTLS, through libmicrohttpd) when given a certificate. It
 * collects a request (method, decoded path, query arguments, the headers
 * the web layer reads, the client's address and scheme as a trusted proxy
 * forwards them, a body within its route's limit, web_limits_for), hands
 * it to web_dispatch and sends the answer with the security headers every
 * response carries (HSTS on every HTTPS answer, Retry-After when the
 * answer asks a client to wait). A body declared or found larger than its limit
 * is not kept: the request is answered 413 (at once when the declared
 * length is too large, so the body need not be sent). Each pool thread opens
 * its own store connection on first use (SQLite connections are not shared
 * between threads; WAL lets the readers run side by side).
 */
#include "web_server.h"
#include "web_collect.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "auth.h"
#include "i18n.h"
#include "store_account.h"
#include "store_web.h"
#include "web.h"

struct web_server {
	struct MHD_Daemon *d;
	web_app app;
	char csp[512];
	char hsts[64];
	char proxy[WEB_MAX_PROXIES][64];
	pthread_t warm, auditor;
	int warming, auditing;
	volatile int stop;
};

/*
 * Warm the page cache: build every org page above the schools once (root
 * first), as an admin would see it, so the first officer to open a state or
 * district page does not wait for its aggregates. Runs on its own thread
 * and store connection; prints "cache warm" when done.
 */
static void *warm_main(void *arg)
{
	web_server *srv = arg;
	store *s = web_thread_store(&srv->app);
	if (!s)
		return NULL;
	double t0 = now_seconds();
	arena a;
	arena_init(&a);
	sw_rows orgs;
	int n = 0;
	if (store_web_query(s, SWQ_UNIT_ORGS, NULL, 0, &a, &orgs, NULL) ==
	    ATT_OK) {
		for (int i = 0; i < orgs.nrow && !srv->stop; i++) {
			web_req r;
			web_resp w;
			web_req_init(&r, &srv->app, s);
			web_resp_init(&w);
			r.format = WEB_JSON;
			r.method = "GET";
			r.signed_in = 1;
			r.who.role = ROLE_ADMIN;
			r.sess.username = "";
			r.params[0] = rows_text(&orgs, i, "code");
			r.nparams = 1;
			r.lang = "en";
			i18n_enter(r.lang);
			web_route_call(&r, &w, "org");
			i18n_leave();
			web_resp_release(&w);
			web_req_release(&r);
			n++;
		}
	}
	arena_free(&a);
	if (!srv->stop) {
		printf("cache warm: %d org pages in %.1f s\n", n,
		       now_seconds() - t0);
		fflush(stdout);
	}
	return NULL;
}

/* ---- the audit writer ---- */

/* A queued entry owns copies of its strings. */
typedef struct audit_item {
	audit_entry a;
	char *str[6]; /* username, action, kind, target, address, detail */
} audit_item;

static pthread_mutex_t aq_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t aq_cond = PTHREAD_COND_INITIALIZER;
static audit_item *aq;
static size_t aq_n, aq_cap;
static int aq_running;

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

int web_audit_queue(const audit_entry *a)
{
	pthread_mutex_lock(&aq_lock);
	if (!aq_running) {
		pthread_mutex_unlock(&aq_lock);
		return 0;
	}
	xgrow((void **)&aq, &aq_cap, aq_n + 1, sizeof(*aq));
	audit_item *it = &aq[aq_n++];
	it->a = *a;
	const char *src[6] = {a->username, a->action,  a->target_kind,
	                      a->target,   a->address, a->detail};
	const char **dst[6] = {&it->a.username,    &it->a.action,
	                       &it->a.target_kind, &it->a.target,
	                       &it->a.address,     &it->a.detail};
	for (int k = 0; k < 6; k++)
		*dst[k] = it->str[k] = dup_or_null(src[k]);
	pthread_mutex_unlock(&aq_lock);
	return 1;
}

static void audit_flush(store *s)
{
	pthread_mutex_lock(&aq_lock);
	audit_item *items = aq;
	size_t n = aq_n;
	aq = NULL;
	aq_n = aq_cap = 0;
	pthread_mutex_unlock(&aq_lock);
	if (!n)
		return;
	att_err e;
	err_clear(&e);
	int rc = store_begin(s, &e);
	for (size_t i = 0; i < n && !rc; i++)
		rc = store_audit_add(s, &items[i].a, &e);
	if (!rc)
		rc = store_commit(s, &e);
	else
		store_rollback(s);
	if (rc)
		fprintf(stderr, "attain: serve: audit: %s\n", e.msg);
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < 6; k++)
			free(items[i].str[k]);
	free(items);
}

static void *audit_main(void *arg)
{
	const web_app *app = arg;
	store *s = web_thread_store(app);
	for (;;) {
		pthread_mutex_lock(&aq_lock);
		int running = aq_running;
		if (running) {
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_nsec += 50 * 1000000L;
			if (ts.tv_nsec >= 1000000000L) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000L;
			}
			pthread_cond_timedwait(&aq_cond, &aq_lock, &ts);
			running = aq_running;
		}
		pthread_mutex_unlock(&aq_lock);
		if (s)
			audit_flush(s);
		if (!running)
			return NULL;
	}
}

static pthread_key_t store_key;
static pthread_once_t store_once = PTHREAD_ONCE_INIT;

static void store_destroy(void *p)
{
	store_close(p);
}
static void store_key_init(void)
{
	pthread_key_create(&store_key, store_destroy);
}

store *web_thread_store(const web_app *app)
{
	pthread_once(&store_once, store_key_init);
	store *s = pthread_getspecific(store_key);
	if (s)
		return s;
	att_err e;
	err_clear(&e);
	if (store_open_existing(app->db_path, &s, &e) ||
	    store_web_prepare(s, &e)) {
		fprintf(stderr, "attain: serve: %s\n", e.msg);
		if (s)
			store_close(s);
		return NULL;
	}
	pthread_setspecific(store_key, s);
	return s;
}

typedef struct conn_ctx {
	buf body;
	const web_limits *limits;
	int too_large;
	int answered; /* refused on its declared length */
} conn_ctx;

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind,
                               const char *key, const char *value)
{
	(void)kind;
	buf *q = cls;
	if (q->len)
		buf_addc(q, '&');
	/* re-encode so web_form_parse sees one format */
	for (const char *k = key; k && *k; k++)
		buf_printf(q, "%%%02X", (unsigned char)*k);
	buf_addc(q, '=');
	for (const char *v = value; v && *v; v++)
		buf_printf(q, "%%%02X", (unsigned char)*v);
	return q->len > WEB_MAX_QUERY ? MHD_NO : MHD_YES;
}

static const char *peer(struct MHD_Connection *c, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	out[0] = '\0';
	if (!ci || !ci->client_addr)
		return out;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
		          out, (socklen_t)n);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
		          &((const struct sockaddr_in6 *)sa)->sin6_addr, out,
		          (socklen_t)n);
	return out;
}

/* An IPv4 or IPv6 address in its one textual form into out (64 bytes);
 * 0, or -1 when s is not an address. */
static int addr_norm(const char *s, size_t len, char out[64])
{
	char t[64];
	unsigned char bin[16];
	if (len == 0 || len >= sizeof(t))
		return -1;
	memcpy(t, s, len);
	t[len] = '\0';
	if (inet_pton(AF_INET, t, bin) == 1)
		return inet_ntop(AF_INET, bin, out, 64) ? 0 : -1;
	if (inet_pton(AF_INET6, t, bin) == 1)
		return inet_ntop(AF_INET6, bin, out, 64) ? 0 : -1;
	return -1;
}

/* The last comma-separated element of a header, spaces trimmed: the one
 * the nearest proxy wrote. */
static const char *last_element(const char *h, size_t *len)
{
	const char *c = strrchr(h, ',');
	c = c ? c + 1 : h;
	while (*c == ' ' || *c == '\t')
		c++;
	size_t n = strlen(c);
	while (n && (c[n - 1] == ' ' || c[n - 1] == '\t'))
		n--;
	*len = n;
	return c;
}

/*
 * The client's address and whether it came over HTTPS. Served with TLS,
 * every request did. Behind a reverse proxy named by --trusted-proxy, a
 * request whose peer is that proxy is believed about the client's address
 * (the last X-Forwarded-For element, the one the proxy added) and its
 * scheme (X-Forwarded-Proto: https); anyone else's headers are ignored.
 */
static void client_of(const web_server *srv, struct MHD_Connection *c,
                      web_req *r, char addr[64])
{
	r->address = peer(c, addr, 64);
	r->https = srv->app.tls;
	int trusted = 0;
	for (int i = 0; i < srv->app.nproxies && !trusted; i++)
		trusted = strcmp(srv->app.proxies[i], addr) == 0;
	if (!trusted)
		return;
	size_t n;
	const char *h =
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For");
	char fwd[64];
	if (h) {
		const char *v = last_element(h, &n);
		if (addr_norm(v, n, fwd) == 0)
			memcpy(addr, fwd, 64);
	}
	h = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	                                "X-Forwarded-Proto");
	if (h) {
		const char *v = last_element(h, &n);
		if (n == 5 && strncasecmp(v, "https", 5) == 0)
			r->https = 1;
	}
}

/* Build the request from the connection, dispatch it and queue the
 * answer with the headers every response carries. */
static enum MHD_Result answer(web_server *srv, struct MHD_Connection *c,
                              const char *url, const char *method, conn_ctx *cx)
{
	store *s = web_thread_store(&srv->app);
	web_req r;
	web_resp w;
	web_req_init(&r, &srv->app, s);
	web_resp_init(&w);
	char addr[64];
	buf q;
	buf_init(&q);
	int qbad = MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_arg,
	                                     &q) < 0 ||
	           q.len > WEB_MAX_QUERY;
	r.method = method;
	r.path = url;
	r.query = q.len ? q.data : NULL;
	r.cookie = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Cookie");
	r.origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
	r.host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	r.csrf_header =
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token");
	r.accept_language =
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Language");
	client_of(srv, c, &r, addr);
	r.body = cx->body.data;
	r.body_len = cx->body.len;
	r.limits = cx->limits;
	r.body_too_large = cx->too_large || qbad;
	if (!s)
		web_error(&r, &w, 503, "database unavailable");
	else
		web_dispatch(&r, &w);
	size_t len = w.body.len;
	char *data = buf_detach(&w.body);
	struct MHD_Response *resp =
	    MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
	MHD_add_response_header(resp, "Content-Type",
	                        w.content_type ? w.content_type
	                                       : "text/plain; charset=utf-8");
	for (int i = 0; i < w.nset_cookie; i++)
		MHD_add_response_header(resp, "Set-Cookie", w.set_cookie[i]);
	if (w.location)
		MHD_add_response_header(resp, "Location", w.location);
	if (w.disposition)
		MHD_add_response_header(resp, "Content-Disposition",
		                        w.disposition);
	int is_static = strcmp(url, "/style.css") == 0;
	MHD_add_response_header(resp, "Cache-Control",
	                        is_static ? "public, max-age=3600"
	                                  : "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Content-Security-Policy", srv->csp);
	if (r.https)
		MHD_add_response_header(resp, "Strict-Transport-Security",
		                        srv->hsts);
	if (w.retry_after > 0) {
		char ra[24];
		snprintf(ra, sizeof(ra), "%d", w.retry_after);
		MHD_add_response_header(resp, "Retry-After", ra);
	}
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)w.status, resp);
	MHD_destroy_response(resp);
	web_resp_release(&w);
	web_req_release(&r);
	buf_free(&q);
	return ret;
}

/*
 * libmicrohttpd calls this first with the headers, then once per piece of
 * the body, then once more at its end. The route's body limit is applied
 * to the declared Content-Length on the first call (answered 413 at once,
 * before the client sends the body) and to what arrives; a body over it is
 * dropped, never parsed.
 */
static enum MHD_Result handle(void *cls, struct MHD_Connection *c,
                              const char *url, const char *method,
                              const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
	(void)version;
	web_server *srv = cls;
	conn_ctx *cx = *con_cls;
	if (!cx) {
		cx = xcalloc(1, sizeof(*cx));
		buf_init(&cx->body);
		cx->limits = web_limits_for(method, url);
		*con_cls = cx;
		const char *cl = MHD_lookup_connection_value(
		    c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strtoull(cl, NULL, 10) > cx->limits->body) {
			cx->too_large = cx->answered = 1;
			return answer(srv, c, url, method, cx);
		}
		return MHD_YES;
	}
	if (*upload_size) {
		if (cx->body.len + *upload_size > cx->limits->body)
			cx->too_large = 1;
		else if (!cx->too_large)
			buf_add(&cx->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	return cx->answered ? MHD_YES : answer(srv, c, url, method, cx);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
	(void)cls, (void)c, (void)toe;
	conn_ctx *cx = *con_cls;
	if (cx) {
		buf_free(&cx->body);
		free(cx);
		*con_cls = NULL;
	}
}

/* The Content-Security-Policy header: the inline scripts (the frame's and
 * the entry pages') are allowed by their hashes. */
static void make_csp(web_server *srv)
{
	const char *scripts[2] = {web_frame_script(), web_collect_script()};
	char b64[2][64];
	for (int i = 0; i < 2; i++) {
		unsigned char h[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(h, (const unsigned char *)scripts[i],
		                   strlen(scripts[i]));
		sodium_bin2base64(b64[i], sizeof(b64[i]), h, sizeof(h),
		                  sodium_base64_VARIANT_ORIGINAL);
	}
	snprintf(srv->csp, sizeof(srv->csp),
	         "default-src 'none'; style-src 'self' 'unsafe-inline'; "
	         "img-src 'self' data:; script-src 'sha256-%s' 'sha256-%s'; "
	         "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
	         b64[0], b64[1]);
	snprintf(srv->hsts, sizeof(srv->hsts), "max-age=%d", WEB_HSTS_MAX_AGE);
}

/* The trusted proxies of o, each in its one textual form (what peer()
 * writes), into the app. */
static int set_proxies(web_server *srv, const web_server_opts *o, att_err *e)
{
	if (o->nproxies > WEB_MAX_PROXIES)
		return err_set(e, ATT_EUSAGE, "more than %d trusted proxies",
		               WEB_MAX_PROXIES);
	for (int i = 0; i < o->nproxies; i++) {
		const char *p = o->proxies[i];
		if (addr_norm(p, strlen(p), srv->proxy[i]))
			return err_set(
			    e, ATT_EUSAGE,
			    "trusted proxy '%s' is not an IP address", p);
		srv->app.proxies[i] = srv->proxy[i];
	}
	srv->app.nproxies = o->nproxies;
	return ATT_OK;
}

static struct MHD_Daemon *start_daemon(web_server *srv,
                                       const web_server_opts *o,
                                       const struct sockaddr_in *sa)
{
	/* TLS 1.2 and 1.3 only (GnuTLS priority string) */
	struct MHD_OptionItem tls[] = {
	    {MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)o->tls_key},
	    {MHD_OPTION_HTTPS_MEM_CERT, 0, (void *)o->tls_cert},
	    {MHD_OPTION_HTTPS_PRIORITIES, 0,
	     (void *)"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"},
	    {MHD_OPTION_END, 0, NULL},
	};
	unsigned flags =
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG;
	if (srv->app.tls)
		flags |= MHD_USE_TLS;
	unsigned threads = o->threads > 0 ? (unsigned)o->threads : 4;
	return MHD_start_daemon(
	    flags, 0, NULL, NULL, handle, srv, MHD_OPTION_SOCK_ADDR,
	    (const struct sockaddr *)sa, MHD_OPTION_THREAD_POOL_SIZE, threads,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
	    MHD_OPTION_CONNECTION_LIMIT, 1000u, MHD_OPTION_CONNECTION_TIMEOUT,
	    30u, MHD_OPTION_NOTIFY_COMPLETED, completed, srv, MHD_OPTION_ARRAY,
	    srv->app.tls ? tls : tls + 3, MHD_OPTION_END);
}

int web_server_start(const web_server_opts *o, web_server **out, int *port_out,
                     att_err *e)
{
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)o->port);
	if (inet_pton(AF_INET, o->host, &sa.sin_addr) != 1)
		return err_set(e, ATT_EUSAGE, "'%s' is not an IPv4 address",
		               o->host);
	if (auth_init())
		return err_set(e, ATT_EIO, "cannot initialise libsodium");
	if ((o->tls_cert != NULL) != (o->tls_key != NULL))
		return err_set(e, ATT_EUSAGE,
		               "TLS needs both a certificate and its key");
	if (o->tls_cert && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
		return err_set(e, ATT_EIO,
		               "this libmicrohttpd was built without TLS");
	web_server *srv = xcalloc(1, sizeof(*srv));
	srv->app.db_path = o->db_path;
	srv->app.min_cell = o->min_cell;
	srv->app.tls = o->tls_cert != NULL;
	if (set_proxies(srv, o, e)) {
		free(srv);
		return ATT_EUSAGE;
	}
	make_csp(srv);
	srv->d = start_daemon(srv, o, &sa);
	if (!srv->d) {
		free(srv);
		if (o->tls_cert)
			return err_set(
			    e, ATT_EIO,
			    "cannot listen on %s:%d with TLS (is the "
			    "key the certificate's?)",
			    o->host, o->port);
		return err_set(e, ATT_EIO, "cannot listen on %s:%d", o->host,
		               o->port);
	}
	const union MHD_DaemonInfo *di =
	    MHD_get_daemon_info(srv->d, MHD_DAEMON_INFO_BIND_PORT);
	if (port_out)
		*port_out = di ? di->port : o->port;
	if (o->warm && pthread_create(&srv->warm, NULL, warm_main, srv) == 0)
		srv->warming = 1;
	pthread_mutex_lock(&aq_lock);
	aq_running = 1;
	pthread_mutex_unlock(&aq_lock);
	if (pthread_create(&srv->auditor, NULL, audit_main, &srv->app) == 0) {
		srv->auditing = 1;
	} else {
		pthread_mutex_lock(&aq_lock);
		aq_running = 0;
		pthread_mutex_unlock(&aq_lock);
	}
	*out = srv;
	return ATT_OK;
}

void web_server_stop(web_server *srv)
{
	if (!srv)
		return;
	srv->stop = 1;
	MHD_stop_daemon(srv->d);
	if (srv->warming)
		pthread_join(srv->warm, NULL);
	if (srv->auditing) {
		/* the writer flushes what is queued, then ends */
		pthread_mutex_lock(&aq_lock);
		aq_running = 0;
		pthread_cond_signal(&aq_cond);
		pthread_mutex_unlock(&aq_lock);
		pthread_join(srv->auditor, NULL);
	}
	free(srv);
}
