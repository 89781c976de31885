/*
 * cmd_serve.c - `attain serve`: the web app on libmicrohttpd until SIGINT
 * or SIGTERM.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "web_server.h"

typedef struct serve_opts {
	const char *listen;
	long long threads, min_cell;
	int no_warm, routes;
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
    CLI_FLAG("--routes", "print the route table and exit", serve_opts, routes),
    CLI_OPT_END,
};

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
	/* migrate (adds the web tables) before the threads open it */
	store *s = cli_open(ctx, 0);
	if (!s)
		return EXIT_INPUT;
	store_close(s);
	att_err e;
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
	web_server_opts o = {ctx->db_path, host, (int)port, threads,
	                     min_cell,     0,    warm};
	web_server *srv;
	int bound = 0;
	if (web_server_start(&o, &srv, &bound, &e))
		return cli_fail(&e);
	printf("serving http://%s:%d\n", host, bound);
	fflush(stdout);
	int sig;
	sigwait(&set, &sig);
	web_server_stop(srv);
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
        "results; run 'attain analyze' first.\n",
    .opts = options,
};
