/*
 * web_cache.h - the cache of hot page queries. Pages run the same named
 * queries over and over (a district's child units, a school's grades);
 * their results change only when the data version or the latest analysis
 * run changes, so a result is kept under (query, arguments, the request's
 * language: names come in the reader's language, store_label.h) and
 * served until either moves. Shared by every server thread (one lock); results
 * are copied into the asking request's arena, so handlers may change them.
 * The cache sits after the scope check: a handler only asks for what
 * scope_decide allowed.
 */
#ifndef ATTAIN_WEB_CACHE_H
#define ATTAIN_WEB_CACHE_H

#include "web.h"

/* store_web_query through the cache. Same contract as store_web_query. */
int web_query(web_req *r, sw_query q, const int64_t *args, int nargs,
              sw_rows *out, att_err *e);
/* Results a page computes from queries, cached the same way under a key
 * of its own (key >= WEB_CACHE_COMPUTED, below it are sw_query ids).
 * web_cache_get fills out and returns 1 on a hit. */
enum { WEB_CACHE_COMPUTED = 1000, WEB_CACHE_OUTCOMES, WEB_CACHE_PAGE };
int web_cache_get(web_req *r, int key, const int64_t *args, int nargs,
                  sw_rows *out);
void web_cache_put(web_req *r, int key, const int64_t *args, int nargs,
                   const sw_rows *rows);

/* Drop every entry (tests, benchmarks). */
void web_cache_clear(void);
/* Hits and misses since start. */
void web_cache_stats(long *hits, long *misses);

#endif
