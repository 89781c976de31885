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

int cmd_serve(cli_ctx *ctx, int argc, char **argv)
{
	const char *listen = "127.0.0.1:8080";
	/* one worker per core: more only adds queueing on the same cores
	 * (bench/bench_web.sh: 8 threads on 2 cores doubled the p99) */
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int threads = cores < 2 ? 2 : cores > 16 ? 16 : (int)cores;
	int min_cell = 0, warm = 1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--listen") == 0 && i + 1 < argc)
			listen = argv[++i];
		else if (strcmp(a, "--no-warm") == 0)
			warm = 0;
		else if (strcmp(a, "--threads") == 0 && i + 1 < argc)
			threads = atoi(argv[++i]);
		else if (strcmp(a, "--routes") == 0) {
			for (int k = 0; k < web_nroutes; k++) {
				const web_route *r = &web_routes[k];
				printf("%-12s %-5s %-16s%s%s%s%s%s\n", r->name,
				       r->method, r->pattern,
				       r->flags & WR_AUTH ? " auth" : "",
				       r->flags & WR_CSRF ? " csrf" : "",
				       r->flags & WR_API ? " api" : "",
				       r->flags & WR_CSV ? " csv" : "",
				       r->flags & WR_NAMED ? " named" : "");
			}
			return EXIT_OK;
		} else if (strcmp(a, "--min-cell") == 0 && i + 1 < argc)
			min_cell = atoi(argv[++i]);
		else
			return cli_usage_error("serve", "unknown argument '%s'",
			                       a);
	}
	if (threads < 1 || threads > 64)
		return cli_usage_error("serve", "--threads must be 1..64");
	if (min_cell < 0)
		return cli_usage_error("serve", "--min-cell must be positive");
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
