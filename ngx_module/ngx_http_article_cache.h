
/*
 * The cache of rewritten pages and the status counters: what the filter
 * calls.  Implemented by ngx_http_article_cache_module, which lives in the
 * same shared object as the filter.
 */


#ifndef _NGX_HTTP_ARTICLE_CACHE_H_INCLUDED_
#define _NGX_HTTP_ARTICLE_CACHE_H_INCLUDED_


#include "ngx_http_article_module.h"


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


#endif /* _NGX_HTTP_ARTICLE_CACHE_H_INCLUDED_ */
