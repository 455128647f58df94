
/*
 * ngx_http_article_module: the nginx side.  The rewriting itself is the
 * core's (src/); this side decides which responses go through it, feeds
 * it the body as it arrives and sends what it gives back.
 */


#ifndef _NGX_HTTP_ARTICLE_MODULE_H_INCLUDED_
#define _NGX_HTTP_ARTICLE_MODULE_H_INCLUDED_


#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>

#include "art_article.h"


typedef struct ngx_http_article_cache_conf_s  ngx_http_article_cache_conf_t;
typedef struct ngx_http_article_cache_ctx_s   ngx_http_article_cache_ctx_t;


typedef struct {
    art_conf_t                     *core;
    /* directive lines given at this level, for error-free merging */
    ngx_flag_t                      core_set;
    ngx_http_complex_value_t       *share_nonce;
} ngx_http_article_loc_conf_t;


typedef struct {
    ngx_uint_t                      pages;
    ngx_uint_t                      passed;
    ngx_uint_t                      bytes_in;
    ngx_uint_t                      bytes_out;
} ngx_http_article_counters_t;


typedef struct {
    art_page_t                     *page;
    art_request_info_t              info;
    art_allocator_t                 alloc;

    ngx_chain_t                    *out;
    ngx_chain_t                   **last_out;
    ngx_chain_t                    *busy;
    ngx_chain_t                    *free;
    /* storage blocks: the one taking bytes now, and those sent */
    ngx_buf_t                      *tail;
    ngx_chain_t                    *blocks;

    /* the input buffer being fed, and the last output that points in it */
    ngx_buf_t                      *input;
    ngx_buf_t                      *last_from_input;

    off_t                           bytes_in;
    off_t                           bytes_out;

    /* headers are held until the canonical URL of the page is final */
    unsigned                        hold_headers:1;
    /* the whole page is held until it is scanned for block rules */
    unsigned                        hold_page:1;
    unsigned                        headers_sent:1;
    unsigned                        passthrough:1;
    unsigned                        ended:1;
    unsigned                        blocked:1;
    /* the page is complete: store it once the headers are out */
    unsigned                        store:1;
    /* answered (451): the rest of the input is read and dropped */
    unsigned                        discard:1;

    ngx_http_article_cache_ctx_t   *cache;
} ngx_http_article_ctx_t;


extern ngx_module_t  ngx_http_article_module;


#endif /* _NGX_HTTP_ARTICLE_MODULE_H_INCLUDED_ */
