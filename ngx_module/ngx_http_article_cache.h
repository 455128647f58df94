
/*
 * The cache of rewritten pages and the status counters: what the filter
 * calls.  Implemented by ngx_http_article_cache_module, which lives in the
 * same shared object as the filter.
 */


#ifndef _NGX_HTTP_ARTICLE_CACHE_H_INCLUDED_
#define _NGX_HTTP_ARTICLE_CACHE_H_INCLUDED_


/* nginx's headers first: they set the feature macros for the system's */
#include "ngx_http_article_module.h"

#include <openssl/evp.h>


/* why a response went through unchanged, for the status counters */
typedef enum {
    NGX_HTTP_ARTICLE_PASS_TYPE = 0,
    NGX_HTTP_ARTICLE_PASS_STATUS,
    NGX_HTTP_ARTICLE_PASS_ENCODED,
    NGX_HTTP_ARTICLE_PASS_OVERSIZE,
    NGX_HTTP_ARTICLE_PASS_HEAD,
    NGX_HTTP_ARTICLE_PASS_REASONS
} ngx_http_article_pass_e;


/*
 * The header filter decided to rewrite this response: the cache decides
 * whether the result may be stored (and sets ctx->cache when it may).
 */
ngx_int_t ngx_http_article_cache_header(ngx_http_request_t *r,
    ngx_http_article_ctx_t *ctx);

/* the response headers are final and go out now (Link etc. are in) */
ngx_int_t ngx_http_article_cache_headers_out(ngx_http_request_t *r,
    ngx_http_article_ctx_t *ctx);

/* bytes of the rewritten page, in order */
ngx_int_t ngx_http_article_cache_body(ngx_http_request_t *r,
    ngx_http_article_ctx_t *ctx, const u_char *p, size_t n);

/* the page is complete (last buffer seen): store it if it may be */
ngx_int_t ngx_http_article_cache_end(ngx_http_request_t *r,
    ngx_http_article_ctx_t *ctx);

/* counters */
void ngx_http_article_stats_passed(ngx_http_request_t *r,
    ngx_http_article_pass_e reason);
void ngx_http_article_stats_rewritten(ngx_http_request_t *r, off_t in,
    off_t out, const art_page_counts_t *moderation);
/*
 * a page over article_max_size answered 451 before its end was scanned
 * (article_moderation_oversize block, or a block rule in what was)
 */
void ngx_http_article_stats_oversize_blocked(ngx_http_request_t *r);
/* a page whose rewriting began and never reached its end */
void ngx_http_article_stats_cut(ngx_http_request_t *r, off_t in, off_t out);


/*
 * Between the cache and the status page (ngx_http_article_status.c), both
 * parts of ngx_http_article_cache_module.
 */

typedef struct {
    /* ngx_shm_zone_t *: the zones of article_cache_zone, in order */
    ngx_array_t                     zones;
    /* the counters of the rewriting, in a zone of their own */
    ngx_shm_zone_t                 *stats;
    /* an article configuration with the filter off, for cached answers */
    art_conf_t                     *core_off;
    /* SHA-256, fetched once rather than for every digest */
    const EVP_MD                   *sha256;
} ngx_http_article_cache_main_conf_t;


typedef struct {
    size_t                          size;
    size_t                          used;
    ngx_uint_t                      entries;
    ngx_uint_t                      hits;
    ngx_uint_t                      misses;
    ngx_uint_t                      expired;
    ngx_uint_t                      stale;
    ngx_uint_t                      updating;
    ngx_uint_t                      bypasses;
    ngx_uint_t                      stores;
    ngx_uint_t                      evictions;
    ngx_uint_t                      purged;
} ngx_http_article_cache_zone_stats_t;


extern ngx_module_t  ngx_http_article_cache_module;


/* a cache zone's counters, and its memory in use now */
void ngx_http_article_cache_zone_stats(ngx_shm_zone_t *shm_zone,
    ngx_http_article_cache_zone_stats_t *st);

/* the zone of the counters, added at the end of the http block */
ngx_int_t ngx_http_article_stats_add_zone(ngx_conf_t *cf,
    ngx_http_article_cache_main_conf_t *cmcf);

/* the "article_status" directive */
char *ngx_http_article_status(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);


#endif /* _NGX_HTTP_ARTICLE_CACHE_H_INCLUDED_ */
