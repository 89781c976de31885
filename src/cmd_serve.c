/*
 * cmd_serve.c - `attain serve`: the web app on libmicrohttpd until SIGINT
 * or SIGTERM, over HTTPS when given a certificate and key, behind trusted
 * reverse proxies when named.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "store_runs.h"
#include "web_server.h"

typedef struct serve_opts {
	const char *listen, *tls_cert, *tls_key;
	long long threads, min_cell;
	int no_warm, routes;
	cli_list proxies;
} serve_opts;

static const cli_opt options[] = {
    CLI_STR("--listen", "ADDRESS:PORT",
            "where to listen (default 127.0.0.1:8080)", serve_opts, listen),
    CLI_INT("--threads", "N", "worker threads (default: one per core)",
            serve_opts, threads, 1, 64),
    CLI_INT("--min-cell", "N",
            "suppress aggregates of fewer than N students on officers' "
            "pages (default 10)",
            serve_opts, min_cell, 0, 1000000),
    CLI_FLAG("--no-warm",
             "do not build the org pages into the cache at start (by "
             "default a background thread does, and prints 'cache warm' "
             "when done)",
             serve_opts, no_warm),
    CLI_STR("--tls-cert", "FILE",
            "serve HTTPS with this certificate (PEM, the chain after it); "
            "cookies are then Secure and every answer carries HSTS",
            serve_opts, tls_cert),
    CLI_STR("--tls-key", "FILE",
            "the certificate's private key (PEM; needed with --tls-cert)",
            serve_opts, tls_key),
    CLI_LIST("--trusted-proxy", "ADDR",
             "a reverse proxy (IP address) in front of attain: from it, "
             "X-Forwarded-For gives the client's address (sign-in delays, "
             "audit) and X-Forwarded-Proto: https makes cookies Secure with "
             "HSTS (repeat it for several)",
             serve_opts, proxies),
    CLI_FLAG("--routes", "print the route table and exit", serve_opts, routes),
    CLI_OPT_END,
};

/* Free the certificate and key read for TLS, the key's bytes cleared. */
static void forget_pem(char *cert, char *key)
{
	if (key)
		explicit_bzero(key, strlen(key));
	free(key);
	free(cert);
}

static void print_routes(void)
{
	for (int k = 0; k < web_nroutes; k++) {
		const web_route *r = &web_routes[k];
		printf("%-12s %-5s %-16s%s%s%s%s%s\n", r->name, r->method,
		       r->pattern, r->flags & WR_AUTH ? " auth" : "",
		       r->flags & WR_CSRF ? " csrf" : "",
		       r->flags & WR_API ? " api" : "",
		       r->flags & WR_CSV ? " csv" : "",
		       r->flags & WR_NAMED ? " named" : "");
	}
}

static int serve_main(cli_ctx *ctx, int argc, char **argv)
{
	/* one worker per core: more only adds queueing on the same cores
	 * (bench/bench_web.sh: 8 threads on 2 cores doubled the p99) */
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	serve_opts so = {.listen = "127.0.0.1:8080",
	                 .threads = cores < 2    ? 2
	                            : cores > 16 ? 16
	                                         : cores};
	if (cli_parse(&cmd_serve, &so, argc, argv, 1, NULL, 0) < 0)
		return EXIT_USAGE;
	if (so.routes) {
		print_routes();
		return EXIT_OK;
	}
	const char *listen = so.listen;
	int threads = (int)so.threads, min_cell = (int)so.min_cell;
	int warm = !so.no_warm;
	char host[64];
	const char *colon = strrchr(listen, ':');
	if (!colon || colon == listen ||
	    (size_t)(colon - listen) >= sizeof(host))
		return cli_usage_error(
		    "serve", "--listen wants ADDRESS:PORT, not '%s'", listen);
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535)
		return cli_usage_error("serve", "'%s' is not a port",
		                       colon + 1);
	if (!so.tls_cert != !so.tls_key)
		return cli_usage_error("serve",
		                       "--tls-cert and --tls-key go together");
	/* migrate (adds the web tables) before the threads open it, and mark
	 * failed the analysis runs that died (store_runs.h) */
	store *s = cli_open(ctx, 0);
	if (!s)
		return EXIT_INPUT;
	att_err e;
	err_clear(&e);
	if (store_run_reap(s, clock_now(), &e) < 0)
		err_print(&e);
	store_close(s);
	err_clear(&e);
	s = NULL;
	if (store_open(ctx->db_path, &s, &e))
		return cli_fail(&e);
	store_close(s);
	i18n_init(NULL);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	web_server_opts o = {.db_path = ctx->db_path,
	                     .host = host,
	                     .port = (int)port,
	                     .threads = threads,
	                     .min_cell = min_cell,
	                     .warm = warm,
	                     .proxies = so.proxies.v,
	                     .nproxies = so.proxies.n};
	char *cert = NULL, *key = NULL;
	if (so.tls_cert && (!(cert = file_read_alloc(so.tls_cert, NULL, &e)) ||
	                    !(key = file_read_alloc(so.tls_key, NULL, &e)))) {
		free(cert);
		return cli_fail(&e);
	}
	o.tls_cert = cert;
	o.tls_key = key;
	web_server *srv;
	int bound = 0;
	int rc = web_server_start(&o, &srv, &bound, &e);
	if (rc) {
		forget_pem(cert, key);
		return cli_fail(&e);
	}
	printf("serving %s://%s:%d\n", cert ? "https" : "http", host, bound);
	fflush(stdout);
	int sig;
	sigwait(&set, &sig);
	web_server_stop(srv);
	forget_pem(cert, key);
	return EXIT_OK;
}

const command cmd_serve = {
    .name = "serve",
    .fn = serve_main,
    .summary = "serve the web app and its JSON API",
    .about =
        "Serve the role-scoped pages, the JSON API (/api/...) and CSV "
        "downloads\n"
        "of the database until interrupted. Pages read the latest analysis\n"
        "results; run 'attain analyze' first.\n"
        "\n"
        "With --tls-cert and --tls-key it serves HTTPS only (TLS 1.2 and "
        "1.3);\n"
        "behind a reverse proxy that ends TLS, name the proxy with\n"
        "--trusted-proxy so that the client's address and scheme it "
        "forwards\n"
        "are believed. Whenever a request came over HTTPS, cookies are "
        "Secure\n"
        "and the answer carries Strict-Transport-Security.\n",
    .opts = options,
};
