
/*
 * ngx_http_article_module: directives, the header and body filters, and
 * the variables.
 */


#include "ngx_http_article_module.h"
#include "ngx_http_article_cache.h"


#define NGX_HTTP_ARTICLE_BUFFERED    0x20
#define NGX_HTTP_ARTICLE_HOLD_HEAD   (64 * 1024)
/* input pieces shorter than this are copied into a block, not pointed to */
#define NGX_HTTP_ARTICLE_COPY_MAX    512
#define NGX_HTTP_ARTICLE_BLOCK       (16 * 1024)


/* what the request pool's cleanup needs: the ctx, and r for the counters */
typedef struct {
    ngx_http_request_t             *request;
    ngx_http_article_ctx_t         *ctx;
} ngx_http_article_cleanup_t;


static ngx_int_t ngx_http_article_header_filter(ngx_http_request_t *r);
static ngx_int_t ngx_http_article_body_filter(ngx_http_request_t *r,
    ngx_chain_t *in);
static ngx_int_t ngx_http_article_output(ngx_http_request_t *r,
    ngx_http_article_ctx_t *ctx);
static ngx_int_t ngx_http_article_release(ngx_http_request_t *r,
    ngx_http_article_ctx_t *ctx);
static ngx_int_t ngx_http_article_send_header(ngx_http_request_t *r,
    ngx_http_article_ctx_t *ctx);
static int ngx_http_article_sink(void *ud, const unsigned char *p, size_t n,
    int from_input);
static void ngx_http_article_consume(ngx_chain_t *in);
static ngx_int_t ngx_http_article_send_blocked(ngx_http_request_t *r,
    ngx_http_article_ctx_t *ctx, ngx_http_article_loc_conf_t *alcf);
static void ngx_http_article_log_page(ngx_http_request_t *r,
    ngx_http_article_ctx_t *ctx);

static ngx_int_t ngx_http_article_add_variables(ngx_conf_t *cf);
static void *ngx_http_article_create_loc_conf(ngx_conf_t *cf);
static char *ngx_http_article_merge_loc_conf(ngx_conf_t *cf, void *parent,
    void *child);
static ngx_int_t ngx_http_article_init(ngx_conf_t *cf);
static char *ngx_http_article_core_directive(ngx_conf_t *cf,
    ngx_command_t *cmd, void *conf);


#define NGX_HTTP_ARTICLE_ANY_CONF                                           \
    (NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF)

#define ngx_http_article_core_command(name, args)                           \
    { ngx_string(name), NGX_HTTP_ARTICLE_ANY_CONF|args,                     \
      ngx_http_article_core_directive, NGX_HTTP_LOC_CONF_OFFSET, 0, NULL }


static ngx_command_t  ngx_http_article_commands[] = {

    ngx_http_article_core_command("article", NGX_CONF_TAKE1),
    ngx_http_article_core_command("article_types", NGX_CONF_1MORE),
    ngx_http_article_core_command("article_max_size", NGX_CONF_TAKE1),
    ngx_http_article_core_command("article_last_modified", NGX_CONF_TAKE1),
    ngx_http_article_core_command("article_max_token_size", NGX_CONF_TAKE1),

    ngx_http_article_core_command("article_canonical", NGX_CONF_TAKE1),
    ngx_http_article_core_command("article_canonical_strip_args",
                                  NGX_CONF_1MORE),
    ngx_http_article_core_command("article_canonical_existing",
                                  NGX_CONF_TAKE1),
    ngx_http_article_core_command("article_metadata", NGX_CONF_TAKE1),
    ngx_http_article_core_command("article_site_name", NGX_CONF_TAKE1),
    ngx_http_article_core_command("article_twitter_site", NGX_CONF_TAKE1),
    ngx_http_article_core_command("article_publisher_logo", NGX_CONF_TAKE1),

    ngx_http_article_core_command("article_mirrors", NGX_CONF_1MORE),
    ngx_http_article_core_command("article_mirror_links", NGX_CONF_TAKE1),
    ngx_http_article_core_command("article_mirror_block", NGX_CONF_TAKE12),
    ngx_http_article_core_command("article_mirror_label", NGX_CONF_TAKE1),

    ngx_http_article_core_command("article_share", NGX_CONF_1MORE),
    ngx_http_article_core_command("article_share_anchor", NGX_CONF_TAKE123),
    ngx_http_article_core_command("article_share_label", NGX_CONF_TAKE1),
    ngx_http_article_core_command("article_share_utm", NGX_CONF_TAKE1),
    ngx_http_article_core_command("article_share_via", NGX_CONF_TAKE1),
    ngx_http_article_core_command("article_share_hashtags", NGX_CONF_1MORE),
    ngx_http_article_core_command("article_share_template", NGX_CONF_TAKE1),
    ngx_http_article_core_command("article_share_style", NGX_CONF_TAKE1),
    ngx_http_article_core_command("article_share_native", NGX_CONF_TAKE1),
    ngx_http_article_core_command("article_share_mastodon", NGX_CONF_TAKE1),
    ngx_http_article_core_command("article_share_title_strip",
                                  NGX_CONF_1MORE),

    { ngx_string("article_share_nonce"),
      NGX_HTTP_ARTICLE_ANY_CONF|NGX_CONF_TAKE1,
      ngx_http_set_complex_value_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_article_loc_conf_t, share_nonce),
      NULL },

    ngx_http_article_core_command("article_moderation", NGX_CONF_1MORE),
    ngx_http_article_core_command("article_moderation_mode", NGX_CONF_TAKE1),
    ngx_http_article_core_command("article_moderation_attrs",
                                  NGX_CONF_1MORE),
    ngx_http_article_core_command("article_moderation_block_page",
                                  NGX_CONF_TAKE1),
    ngx_http_article_core_command("article_moderation_blocked_by",
                                  NGX_CONF_TAKE1),
    ngx_http_article_core_command("article_moderation_oversize",
                                  NGX_CONF_TAKE1),

      ngx_null_command
};


static ngx_http_module_t  ngx_http_article_module_ctx = {
    ngx_http_article_add_variables,        /* preconfiguration */
    ngx_http_article_init,                 /* postconfiguration */

    NULL,                                  /* create main configuration */
    NULL,                                  /* init main configuration */

    NULL,                                  /* create server configuration */
    NULL,                                  /* merge server configuration */

    ngx_http_article_create_loc_conf,      /* create location configuration */
    ngx_http_article_merge_loc_conf        /* merge location configuration */
};


ngx_module_t  ngx_http_article_module = {
    NGX_MODULE_V1,
    &ngx_http_article_module_ctx,          /* module context */
    ngx_http_article_commands,             /* module directives */
    NGX_HTTP_MODULE,                       /* module type */
    NULL,                                  /* init master */
    NULL,                                  /* init module */
    NULL,                                  /* init process */
    NULL,                                  /* init thread */
    NULL,                                  /* exit thread */
    NULL,                                  /* exit process */
    NULL,                                  /* exit master */
    NGX_MODULE_V1_PADDING
};


static ngx_http_output_header_filter_pt  ngx_http_next_header_filter;
static ngx_http_output_body_filter_pt    ngx_http_next_body_filter;


static ngx_str_t  ngx_http_article_link = ngx_string("Link");
static ngx_str_t  ngx_http_article_onion = ngx_string("Onion-Location");


/* allocators: the configuration pool, and the request pool */

static void *
ngx_http_article_palloc(void *ctx, size_t size)
{
    return ngx_palloc(ctx, size);
}


static void
ngx_http_article_pfree(void *ctx, void *p)
{
    /* only large allocations go back; small ones live with the pool */
    (void) ngx_pfree(ctx, p);
}


static art_allocator_t *
ngx_http_article_conf_allocator(ngx_conf_t *cf)
{
    art_allocator_t  *a;

    a = ngx_palloc(cf->pool, sizeof(art_allocator_t));
    if (a == NULL) {
        return NULL;
    }

    a->alloc = ngx_http_article_palloc;
    a->free = NULL;
    a->ctx = cf->pool;

    return a;
}


static void
ngx_http_article_conf_cleanup(void *data)
{
    art_conf_free(data);
}


static void *
ngx_http_article_create_loc_conf(ngx_conf_t *cf)
{
    ngx_pool_cleanup_t           *cln;
    ngx_http_article_loc_conf_t  *conf;
    art_allocator_t              *a;

    conf = ngx_pcalloc(cf->pool, sizeof(ngx_http_article_loc_conf_t));
    if (conf == NULL) {
        return NULL;
    }

    a = ngx_http_article_conf_allocator(cf);
    if (a == NULL) {
        return NULL;
    }

    conf->core = art_conf_create(a);
    if (conf->core == NULL) {
        return NULL;
    }

    /* compiled rules live outside the pool: they go with it */
    cln = ngx_pool_cleanup_add(cf->pool, 0);
    if (cln == NULL) {
        return NULL;
    }

    cln->handler = ngx_http_article_conf_cleanup;
    cln->data = conf->core;

    conf->share_nonce = NGX_CONF_UNSET_PTR;

    return conf;
}


static char *
ngx_http_article_merge_loc_conf(ngx_conf_t *cf, void *parent, void *child)
{
    ngx_http_article_loc_conf_t *prev = parent;
    ngx_http_article_loc_conf_t *conf = child;

    char            err[512];
    art_conf_ctx_t  ctx;

    ctx.alloc = ngx_http_article_conf_allocator(cf);
    if (ctx.alloc == NULL) {
        return NGX_CONF_ERROR;
    }

    ctx.base_dir = (const char *) cf->cycle->conf_prefix.data;
    ctx.err = err;
    ctx.errlen = sizeof(err);
    err[0] = '\0';

    if (art_conf_merge(conf->core, prev->core, &ctx) != ART_CONF_OK) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "%s", err);
        return NGX_CONF_ERROR;
    }

    ngx_conf_merge_ptr_value(conf->share_nonce, prev->share_nonce, NULL);

    return NGX_CONF_OK;
}


/* every directive of the core: nginx hands over the words, the core checks */
static char *
ngx_http_article_core_directive(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf)
{
    ngx_http_article_loc_conf_t *alcf = conf;

    char            err[512], *dir;
    size_t          n;
    ngx_str_t      *value;
    art_str_t      *args;
    ngx_uint_t      i;
    art_conf_ctx_t  ctx;

    value = cf->args->elts;
    n = cf->args->nelts - 1;

    args = ngx_palloc(cf->pool, (n ? n : 1) * sizeof(art_str_t));
    if (args == NULL) {
        return NGX_CONF_ERROR;
    }

    for (i = 0; i < n; i++) {
        args[i].data = value[i + 1].data;
        args[i].len = value[i + 1].len;
    }

    dir = ngx_pnalloc(cf->pool, cf->cycle->conf_prefix.len + 1);
    if (dir == NULL) {
        return NGX_CONF_ERROR;
    }

    /* the prefix ends in "/": relative files are taken as nginx does */
    ngx_cpystrn((u_char *) dir, cf->cycle->conf_prefix.data,
                cf->cycle->conf_prefix.len + 1);

    if (cf->cycle->conf_prefix.len > 1
        && dir[cf->cycle->conf_prefix.len - 1] == '/')
    {
        dir[cf->cycle->conf_prefix.len - 1] = '\0';
    }

    ctx.alloc = ngx_http_article_conf_allocator(cf);
    if (ctx.alloc == NULL) {
        return NGX_CONF_ERROR;
    }

    ctx.base_dir = dir;
    ctx.err = err;
    ctx.errlen = sizeof(err);
    err[0] = '\0';

    switch (art_conf_set(alcf->core, &ctx, (const char *) cmd->name.data,
                         args, n))
    {
    case ART_CONF_OK:
        alcf->core_set = 1;
        return NGX_CONF_OK;

    case ART_CONF_DECLINED:
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "\"%V\" is not handled by the article core",
                           &cmd->name);
        return NGX_CONF_ERROR;

    default:
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "%s", err);
        return NGX_CONF_ERROR;
    }
}


/* the header filter: decide, then clear what no longer holds */

static void
ngx_http_article_charset(ngx_http_request_t *r, art_request_t *req)
{
    u_char  *p, *last;

    req->charset = NULL;
    req->charset_len = 0;

    if (r->headers_out.charset.len) {
        req->charset = r->headers_out.charset.data;
        req->charset_len = r->headers_out.charset.len;
        return;
    }

    p = r->headers_out.content_type.data;
    last = p + r->headers_out.content_type.len;

    if (p == NULL) {
        return;
    }

    p = ngx_strlcasestrn(p, last, (u_char *) "charset=", 8 - 1);
    if (p == NULL) {
        return;
    }

    p += 8;

    if (p < last && *p == '"') {
        p++;
    }

    req->charset = p;

    while (p < last && *p != ';' && *p != '"' && *p != ' ') {
        p++;
    }

    req->charset_len = p - req->charset;
}


static ngx_int_t
ngx_http_article_add_header(ngx_http_request_t *r, ngx_str_t *key,
    u_char *prefix, size_t prefix_len, art_buf_t *value, u_char *suffix,
    size_t suffix_len)
{
    u_char           *p;
    ngx_table_elt_t  *h;

    h = ngx_list_push(&r->headers_out.headers);
    if (h == NULL) {
        return NGX_ERROR;
    }

    p = ngx_pnalloc(r->pool, prefix_len + value->len + suffix_len);
    if (p == NULL) {
        return NGX_ERROR;
    }

    h->hash = 1;
    h->key = *key;
    h->value.data = p;
    /* (no copy from a NULL prefix or suffix, even of 0 bytes) */
    if (prefix_len) {
        p = ngx_cpymem(p, prefix, prefix_len);
    }

    if (value->len) {
        p = ngx_cpymem(p, value->data, value->len);
    }

    if (suffix_len) {
        p = ngx_cpymem(p, suffix, suffix_len);
    }
    h->value.len = p - h->value.data;

    return NGX_OK;
}


static void
ngx_http_article_cleanup(void *data)
{
    ngx_http_article_cleanup_t  *cln = data;

    ngx_http_article_ctx_t  *ctx;

    ctx = cln->ctx;

    /*
     * The request goes with its page not ended: the upstream closed early,
     * the client went away, or an error ended the request.  A page that
     * ended was counted by ngx_http_article_finish(); one passed through
     * (grown over article_max_size) is no rewritten page, and one blocked
     * is answered 451 instead and counted as it always was.
     */
    if (ctx->page != NULL && !ctx->ended && !ctx->passthrough
        && !ctx->blocked)
    {
        ngx_log_debug2(NGX_LOG_DEBUG_HTTP, cln->request->connection->log, 0,
                       "article: page cut after %O bytes in, %O out",
                       ctx->bytes_in, ctx->bytes_out);

        ngx_http_article_stats_cut(cln->request, ctx->bytes_in,
                                   ctx->bytes_out);
    }

    art_page_destroy(ctx->page);
    ctx->page = NULL;
    art_request_info_free(&ctx->info);
}


static ngx_int_t
ngx_http_article_request(ngx_http_request_t *r, art_conf_t *core,
    ngx_http_article_loc_conf_t *alcf, art_request_t *req,
    art_request_info_t *info, art_allocator_t *alloc)
{
    ngx_str_t  nonce;

    alloc->alloc = ngx_http_article_palloc;
    alloc->free = ngx_http_article_pfree;
    alloc->ctx = r->pool;

    ngx_memzero(req, sizeof(art_request_t));

#if (NGX_HTTP_SSL)
    if (r->connection->ssl) {
        req->scheme = (u_char *) "https";
        req->scheme_len = 5;
    } else
#endif
    {
        req->scheme = (u_char *) "http";
        req->scheme_len = 4;
    }

    if (r->headers_in.server.len) {
        req->host = r->headers_in.server.data;
        req->host_len = r->headers_in.server.len;

    } else {
        req->host = (u_char *) "";
    }

    req->uri = r->unparsed_uri.data;
    req->uri_len = r->unparsed_uri.len;

    if (alcf != NULL && alcf->share_nonce != NULL) {
        if (ngx_http_complex_value(r, alcf->share_nonce, &nonce) != NGX_OK) {
            return NGX_ERROR;
        }

        if (nonce.len) {
            req->nonce = (char *) ngx_pnalloc(r->pool, nonce.len + 1);
            if (req->nonce == NULL) {
                return NGX_ERROR;
            }

            ngx_cpystrn((u_char *) req->nonce, nonce.data, nonce.len + 1);
        }
    }

    if (art_request_info(info, alloc, core, req) != 0) {
        return NGX_ERROR;
    }

    return NGX_OK;
}


static void
ngx_http_article_redirect(ngx_http_request_t *r,
    ngx_http_article_loc_conf_t *alcf)
{
    art_buf_t            out;
    ngx_uint_t           i;
    ngx_list_part_t     *part;
    ngx_table_elt_t     *h;
    art_request_t        req;
    art_allocator_t      alloc;
    art_request_info_t   info;

    if (ngx_http_article_request(r, alcf->core, alcf, &req, &info, &alloc)
        != NGX_OK)
    {
        return;
    }

    art_buf_init(&out, &alloc);

    part = &r->headers_out.headers.part;
    h = part->elts;

    for (i = 0; /* void */; i++) {

        if (i >= part->nelts) {
            if (part->next == NULL) {
                break;
            }

            part = part->next;
            h = part->elts;
            i = 0;
        }

        if (h[i].hash == 0) {
            continue;
        }

        out.len = 0;

        if (h[i].key.len == 8
            && ngx_strncasecmp(h[i].key.data, (u_char *) "Location", 8) == 0)
        {
            if (art_rewrite_location(&out, alcf->core, &info, h[i].value.data,
                                     h[i].value.len, 0) != 1)
            {
                continue;
            }

        } else if (h[i].key.len == 7
                   && ngx_strncasecmp(h[i].key.data, (u_char *) "Refresh", 7)
                      == 0)
        {
            if (art_rewrite_location(&out, alcf->core, &info,
                                     h[i].value.data, h[i].value.len, 1)
                != 1)
            {
                continue;
            }

        } else {
            continue;
        }

        h[i].value.data = ngx_pnalloc(r->pool, out.len);
        if (h[i].value.data == NULL) {
            h[i].value.len = 0;
            continue;
        }

        ngx_memcpy(h[i].value.data, out.data, out.len);
        h[i].value.len = out.len;
    }

    art_buf_free(&out);
    art_request_info_free(&info);
}


/* the MIME type without parameters, whatever set it */
static ngx_int_t
ngx_http_article_type_ok(ngx_http_request_t *r,
    ngx_http_article_loc_conf_t *alcf)
{
    size_t   len;
    u_char  *p;

    p = r->headers_out.content_type.data;
    len = r->headers_out.content_type_len;

    if (p == NULL || len == 0) {
        return 0;
    }

    if (len > r->headers_out.content_type.len) {
        len = r->headers_out.content_type.len;
    }

    while (len && p[len - 1] != ';' && ngx_strlchr(p, p + len, ';')) {
        len--;
    }

    while (len && (p[len - 1] == ';' || p[len - 1] == ' ')) {
        len--;
    }

    return art_conf_type_ok(alcf->core, p, len);
}


static ngx_int_t
ngx_http_article_header_filter(ngx_http_request_t *r)
{
    off_t                         max;
    art_request_t                 req;
    ngx_pool_cleanup_t           *cln;
    ngx_http_article_ctx_t       *ctx;
    ngx_http_article_cleanup_t   *acln;
    ngx_http_article_loc_conf_t  *alcf;

    alcf = ngx_http_get_module_loc_conf(r, ngx_http_article_module);

    if (!art_conf_enabled(alcf->core) || r != r->main) {
        return ngx_http_next_header_filter(r);
    }

    switch (r->headers_out.status) {

    case NGX_HTTP_MOVED_PERMANENTLY:
    case NGX_HTTP_MOVED_TEMPORARILY:
    case NGX_HTTP_SEE_OTHER:
    case NGX_HTTP_TEMPORARY_REDIRECT:
    case NGX_HTTP_PERMANENT_REDIRECT:
        ngx_http_article_redirect(r, alcf);
        return ngx_http_next_header_filter(r);

    case NGX_HTTP_OK:
        break;

    default:
        ngx_http_article_stats_passed(r, NGX_HTTP_ARTICLE_PASS_STATUS);
        return ngx_http_next_header_filter(r);
    }

    if (r->header_only || r->method == NGX_HTTP_HEAD) {
        ngx_http_article_stats_passed(r, NGX_HTTP_ARTICLE_PASS_HEAD);
        return ngx_http_next_header_filter(r);
    }

    if (!ngx_http_article_type_ok(r, alcf)) {
        ngx_http_article_stats_passed(r, NGX_HTTP_ARTICLE_PASS_TYPE);
        return ngx_http_next_header_filter(r);
    }

    if (r->headers_out.content_encoding
        && r->headers_out.content_encoding->value.len
        && !(r->headers_out.content_encoding->value.len == 8
             && ngx_strncasecmp(r->headers_out.content_encoding->value.data,
                                (u_char *) "identity", 8) == 0))
    {
        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                      "article: \"%V\" encoded response passed through "
                      "unchanged", &r->headers_out.content_encoding->value);
        ngx_http_article_stats_passed(r, NGX_HTTP_ARTICLE_PASS_ENCODED);
        return ngx_http_next_header_filter(r);
    }

    max = (off_t) art_conf_max_size(alcf->core);

    if (r->headers_out.content_length_n > max
        && !(art_conf_holds_page(alcf->core)
             && art_conf_oversize_blocks(alcf->core)))
    {
        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                      "article: response of %O bytes is over "
                      "article_max_size, passed through unchanged",
                      r->headers_out.content_length_n);
        ngx_http_article_stats_passed(r, NGX_HTTP_ARTICLE_PASS_OVERSIZE);
        return ngx_http_next_header_filter(r);
    }

    ctx = ngx_pcalloc(r->pool, sizeof(ngx_http_article_ctx_t));
    if (ctx == NULL) {
        return NGX_ERROR;
    }

    ctx->last_out = &ctx->out;

    if (r->headers_out.content_length_n > max) {
        /* too long to scan, and unscanned pages may not pass: 451 */
        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                      "article: response of %O bytes is over "
                      "article_max_size, blocked (article_moderation_oversize)",
                      r->headers_out.content_length_n);
        ctx->blocked = 1;
        ngx_http_article_stats_oversize_blocked(r);
    }

    if (ngx_http_article_request(r, alcf->core, alcf, &req, &ctx->info,
                                 &ctx->alloc)
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    ngx_http_article_charset(r, &req);

    ctx->page = art_page_create(&ctx->alloc, alcf->core, &req,
                                ngx_http_article_sink, r);
    if (ctx->page == NULL) {
        art_request_info_free(&ctx->info);
        return NGX_ERROR;
    }

    cln = ngx_pool_cleanup_add(r->pool, sizeof(ngx_http_article_cleanup_t));
    if (cln == NULL) {
        art_page_destroy(ctx->page);
        art_request_info_free(&ctx->info);
        return NGX_ERROR;
    }

    cln->handler = ngx_http_article_cleanup;
    acln = cln->data;
    acln->request = r;
    acln->ctx = ctx;

    ngx_http_set_ctx(r, ctx, ngx_http_article_module);

    ngx_http_clear_content_length(r);
    ngx_http_clear_accept_ranges(r);
    ngx_http_weak_etag(r);

    if (!art_conf_last_modified(alcf->core)) {
        ngx_http_clear_last_modified(r);
    }

    if (ctx->info.onion_location.len
        && req.scheme_len == 5
        && ngx_http_article_add_header(r, &ngx_http_article_onion, NULL, 0,
                                       &ctx->info.onion_location, NULL, 0)
           != NGX_OK)
    {
        return NGX_ERROR;
    }

    /* the Link header waits for the page's own canonical link */
    ctx->hold_headers = art_conf_page_headers(alcf->core);
    ctx->hold_page = art_conf_holds_page(alcf->core);

    r->filter_need_in_memory = 1;

    if (ngx_http_article_cache_header(r, ctx) != NGX_OK) {
        return NGX_ERROR;
    }

    if (ctx->hold_headers || ctx->hold_page) {
        /* sent from the body filter, once the page has decided them */
        return NGX_OK;
    }

    return ngx_http_article_send_header(r, ctx);
}


/* the body filter */

static ngx_chain_t *
ngx_http_article_get_link(ngx_http_request_t *r, ngx_http_article_ctx_t *ctx)
{
    ngx_chain_t  *cl;

    if (ctx->free) {
        cl = ctx->free;
        ctx->free = cl->next;
        cl->next = NULL;
        ngx_memzero(cl->buf, sizeof(ngx_buf_t));

    } else {
        cl = ngx_alloc_chain_link(r->pool);
        if (cl == NULL) {
            return NULL;
        }

        cl->buf = ngx_calloc_buf(r->pool);
        if (cl->buf == NULL) {
            return NULL;
        }

        cl->next = NULL;
    }

    cl->buf->tag = (ngx_buf_tag_t) &ngx_http_article_module;

    *ctx->last_out = cl;
    ctx->last_out = &cl->next;

    /* a storage block before this link takes no more bytes */
    ctx->tail = NULL;

    return cl;
}


/*
 * Storage for bytes that are copied: new markup, and small pieces of the
 * input (a few large buffers make fewer writev() vectors than many small
 * ones).  ctx->blocks lists the blocks of the request, the one being
 * filled first; the buf of each link describes its block (start, end,
 * last: how far it is filled, shadow: the last output buf in it).  A
 * piece copied after a zero-copy buf goes on in the same block with a
 * buf of its own, so that a page that alternates them fills a block
 * instead of starting one each time.  Output goes in order, so a block
 * is free again once the last buf in it has been sent.
 */
static ngx_buf_t *
ngx_http_article_get_block(ngx_http_request_t *r,
    ngx_http_article_ctx_t *ctx)
{
    u_char       *p;
    ngx_buf_t    *b, *blk;
    ngx_chain_t  *cl, **prev;

    cl = ctx->blocks;

    if (cl == NULL || cl->buf->last == cl->buf->end) {
        /* a free block, made the current one, or a new one */
        for (prev = &ctx->blocks; *prev; prev = &(*prev)->next) {
            if ((*prev)->buf->shadow == NULL) {
                break;
            }
        }

        if (*prev != NULL) {
            cl = *prev;
            *prev = cl->next;

        } else {
            cl = ngx_alloc_chain_link(r->pool);
            if (cl == NULL) {
                return NULL;
            }

            blk = ngx_calloc_buf(r->pool);
            p = ngx_palloc(r->pool, NGX_HTTP_ARTICLE_BLOCK);
            if (blk == NULL || p == NULL) {
                return NULL;
            }

            blk->start = p;
            blk->end = p + NGX_HTTP_ARTICLE_BLOCK;
            cl->buf = blk;
        }

        cl->buf->last = cl->buf->start;
        cl->next = ctx->blocks;
        ctx->blocks = cl;
    }

    blk = cl->buf;

    cl = ngx_http_article_get_link(r, ctx);
    if (cl == NULL) {
        return NULL;
    }

    b = cl->buf;
    b->temporary = 1;
    b->start = blk->start;
    b->end = blk->end;
    b->pos = blk->last;
    b->last = blk->last;

    blk->shadow = b;
    ctx->tail = b;

    return b;
}


/* a copy buf has been sent: its block may be free */
static void
ngx_http_article_sent_block(ngx_http_article_ctx_t *ctx, ngx_buf_t *b)
{
    ngx_chain_t  *cl;

    for (cl = ctx->blocks; cl; cl = cl->next) {
        if (cl->buf->start == b->start) {
            if (cl->buf->shadow == b) {
                cl->buf->shadow = NULL;
                cl->buf->last = cl->buf->start;
            }

            return;
        }
    }
}


static int
ngx_http_article_sink(void *ud, const unsigned char *p, size_t n,
    int from_input)
{
    ngx_http_request_t *r = ud;

    size_t                   k;
    ngx_buf_t               *b;
    ngx_chain_t             *cl;
    ngx_http_article_ctx_t  *ctx;

    ctx = ngx_http_get_module_ctx(r, ngx_http_article_module);

    ctx->bytes_out += n;

    if (ctx->cache != NULL
        && ngx_http_article_cache_body(r, ctx, p, n) != NGX_OK)
    {
        return -1;
    }

    if (from_input && n >= NGX_HTTP_ARTICLE_COPY_MAX
        && !ctx->hold_headers && !ctx->hold_page)
    {
        /* zero-copy: the input buffer stays ours until this is sent */
        cl = ngx_http_article_get_link(r, ctx);
        if (cl == NULL) {
            return -1;
        }

        b = cl->buf;
        b->memory = 1;
        b->pos = (u_char *) p;
        b->last = (u_char *) p + n;
        ctx->last_from_input = b;

        return 0;
    }

    while (n) {
        b = ctx->tail;

        if (b == NULL || b->last == b->end) {
            b = ngx_http_article_get_block(r, ctx);
            if (b == NULL) {
                return -1;
            }
        }

        k = ngx_min(n, (size_t) (b->end - b->last));
        b->last = ngx_cpymem(b->last, p, k);
        ctx->blocks->buf->last = b->last;
        p += k;
        n -= k;
    }

    return 0;
}


static ngx_int_t
ngx_http_article_feed(ngx_http_request_t *r, ngx_http_article_ctx_t *ctx,
    ngx_buf_t *in)
{
    size_t                        size;
    ngx_chain_t                  *cl;
    ngx_http_article_loc_conf_t  *alcf;

    size = in->last - in->pos;
    ctx->input = in;
    ctx->last_from_input = NULL;

    if (ctx->passthrough) {
        if (size == 0) {
            return NGX_OK;
        }

        cl = ngx_http_article_get_link(r, ctx);
        if (cl == NULL) {
            return NGX_ERROR;
        }

        cl->buf->memory = 1;
        cl->buf->pos = in->pos;
        cl->buf->last = in->last;
        ctx->last_from_input = cl->buf;
        ctx->bytes_out += size;
        goto done;
    }

    ctx->bytes_in += size;

    alcf = ngx_http_get_module_loc_conf(r, ngx_http_article_module);

    if (ctx->bytes_in > (off_t) art_conf_max_size(alcf->core)) {
        /* the length was not known in advance: the rest goes as it is */
        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                      "article: response grew over article_max_size, "
                      "the rest is passed through unchanged");

        if (art_page_end(ctx->page) != 0) {
            return NGX_ERROR;
        }

        /*
         * Where block rules apply, what was scanned decides, and with
         * "article_moderation_oversize block" the rest cannot pass.
         */
        if (ctx->hold_page
            && (art_page_blocked(ctx->page)
                || art_conf_oversize_blocks(alcf->core)))
        {
            ctx->blocked = 1;
            ngx_http_article_stats_oversize_blocked(r);
            return NGX_OK;
        }

        ctx->passthrough = 1;
        ctx->hold_page = 0;
        ngx_http_article_stats_passed(r, NGX_HTTP_ARTICLE_PASS_OVERSIZE);

        return ngx_http_article_feed(r, ctx, in);
    }

    if (size && art_page_write(ctx->page, in->pos, size) != 0) {
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                      "article: rewriting failed");
        return NGX_ERROR;
    }

done:

    if (ctx->last_from_input) {
        ctx->last_from_input->shadow = in;
        ctx->last_from_input->recycled = in->recycled;

    } else {
        in->pos = in->last;
    }

    return NGX_OK;
}


static ngx_int_t
ngx_http_article_finish(ngx_http_request_t *r, ngx_http_article_ctx_t *ctx,
    ngx_buf_t *in)
{
    ngx_chain_t  *cl;

    if (!ctx->passthrough && art_page_end(ctx->page) != 0) {
        return NGX_ERROR;
    }

    ctx->ended = 1;

    if (art_page_blocked(ctx->page)) {
        ctx->blocked = 1;
    }

    if (!ctx->passthrough) {
        art_page_counts_t  counts;

        art_page_moderation(ctx->page, &counts);
        ngx_http_article_stats_rewritten(r, ctx->bytes_in, ctx->bytes_out,
                                         &counts);
    }

    cl = ngx_http_article_get_link(r, ctx);
    if (cl == NULL) {
        return NGX_ERROR;
    }

    cl->buf->last_buf = in->last_buf;
    cl->buf->last_in_chain = in->last_in_chain;
    cl->buf->flush = in->flush;
    cl->buf->sync = 1;

    if (!ctx->passthrough) {
        ngx_http_article_log_page(r, ctx);
    }

    /* stored once the headers, which go with it, are final */
    ctx->store = ctx->cache != NULL && !ctx->blocked && !ctx->passthrough;

    return NGX_OK;
}


static ngx_int_t
ngx_http_article_body_filter(ngx_http_request_t *r, ngx_chain_t *in)
{
    ngx_int_t                rc;
    ngx_buf_t               *b;
    ngx_chain_t             *cl, *fl;
    ngx_http_article_ctx_t  *ctx;

    ctx = ngx_http_get_module_ctx(r, ngx_http_article_module);

    if (ctx == NULL || ctx->ended) {
        return ngx_http_next_body_filter(r, in);
    }

    if (ctx->discard) {
        /* blocked and answered: the rest of the page is read and dropped */
        ngx_http_article_consume(in);
        return NGX_OK;
    }

    for (cl = in; cl; cl = cl->next) {
        b = cl->buf;

        if (!ctx->blocked && ngx_http_article_feed(r, ctx, b) != NGX_OK) {
            return NGX_ERROR;
        }

        if (ctx->blocked) {
            /* answered now with 451, whatever is still to come */
            ngx_http_article_consume(in);
            ctx->discard = 1;
            return ngx_http_article_release(r, ctx);
        }

        if (b->last_buf || b->last_in_chain) {
            if (ngx_http_article_finish(r, ctx, b) != NGX_OK) {
                return NGX_ERROR;
            }
            break;
        }

        if (b->flush) {
            fl = ngx_http_article_get_link(r, ctx);
            if (fl == NULL) {
                return NGX_ERROR;
            }

            fl->buf->flush = 1;
        }
    }

    if (ctx->hold_page && !ctx->ended) {
        r->buffered |= NGX_HTTP_ARTICLE_BUFFERED;
        return NGX_OK;
    }

    if (ctx->hold_headers) {
        if (!ctx->ended && !art_page_head_done(ctx->page)
            && ctx->bytes_out < NGX_HTTP_ARTICLE_HOLD_HEAD)
        {
            r->buffered |= NGX_HTTP_ARTICLE_BUFFERED;
            return NGX_OK;
        }
    }

    if (!ctx->headers_sent) {
        rc = ngx_http_article_release(r, ctx);

    } else {
        rc = ngx_http_article_output(r, ctx);
    }

    if (ctx->store && ctx->headers_sent && rc != NGX_ERROR) {
        ctx->store = 0;

        if (ngx_http_article_cache_end(r, ctx) != NGX_OK) {
            return NGX_ERROR;
        }
    }

    return rc;
}


/* does a link-value carry rel="canonical" (rel=canonical, any case)? */
static ngx_uint_t
ngx_http_article_rel_canonical(u_char *p, u_char *last)
{
    u_char  *q;

    /* the parameters come after the URI reference */
    q = ngx_strlchr(p, last, '>');
    if (q == NULL) {
        return 0;
    }

    for (q++; q < last; q++) {
        if (last - q >= 3 && ngx_strncasecmp(q, (u_char *) "rel", 3) == 0) {
            q += 3;

            while (q < last && (*q == ' ' || *q == '=' || *q == '"')) {
                q++;
            }

            /* rel may hold several space-separated types */
            while (q < last && *q != ';' && *q != '"') {
                if (last - q >= 9
                    && ngx_strncasecmp(q, (u_char *) "canonical", 9) == 0
                    && (q + 9 == last || q[9] == '"' || q[9] == ' '
                        || q[9] == ';'))
                {
                    return 1;
                }

                while (q < last && *q != ' ' && *q != ';' && *q != '"') {
                    q++;
                }

                while (q < last && *q == ' ') {
                    q++;
                }
            }
        }
    }

    return 0;
}


/*
 * Link headers that name a canonical URL already (from an upstream, or a
 * page rewritten before) lose those link-values: the module's is the one.
 */
static ngx_int_t
ngx_http_article_drop_canonical_links(ngx_http_request_t *r)
{
    u_char           *p, *last, *start, *q, *out, *o;
    ngx_uint_t        i, quoted, angle, canonical;
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h;

    part = &r->headers_out.headers.part;
    h = part->elts;

    for (i = 0; /* void */; i++) {

        if (i >= part->nelts) {
            if (part->next == NULL) {
                break;
            }

            part = part->next;
            h = part->elts;
            i = 0;
        }

        if (h[i].hash == 0 || h[i].key.len != 4
            || ngx_strncasecmp(h[i].key.data, (u_char *) "Link", 4) != 0
            || ngx_strlcasestrn(h[i].value.data,
                                h[i].value.data + h[i].value.len,
                                (u_char *) "canonical", 9 - 1)
               == NULL)
        {
            continue;
        }

        out = ngx_pnalloc(r->pool, h[i].value.len);
        if (out == NULL) {
            return NGX_ERROR;
        }

        o = out;
        p = h[i].value.data;
        last = p + h[i].value.len;

        /* link-values are separated by commas outside <> and quotes */
        while (p < last) {
            start = p;
            quoted = 0;
            angle = 0;

            for (q = p; q < last; q++) {
                if (*q == '"' && !angle) {
                    quoted = !quoted;
                } else if (*q == '<' && !quoted) {
                    angle = 1;
                } else if (*q == '>' && !quoted) {
                    angle = 0;
                } else if (*q == ',' && !quoted && !angle) {
                    break;
                }
            }

            canonical = ngx_http_article_rel_canonical(start, q);

            if (!canonical) {
                while (start < q && *start == ' ') {
                    start++;
                }

                if (o != out) {
                    *o++ = ',';
                    *o++ = ' ';
                }

                o = ngx_cpymem(o, start, q - start);
            }

            p = q < last ? q + 1 : q;
        }

        if (o == out) {
            h[i].hash = 0;

        } else {
            h[i].value.data = out;
            h[i].value.len = o - out;
        }
    }

    return NGX_OK;
}


/* the response headers go out, with what the page decided */
static ngx_int_t
ngx_http_article_send_header(ngx_http_request_t *r,
    ngx_http_article_ctx_t *ctx)
{
    art_buf_t  value;

    ctx->headers_sent = 1;
    ctx->hold_headers = 0;

    art_buf_init(&value, &ctx->alloc);

    if (art_page_link_header(ctx->page, &value) != 0
        || (value.len
            && (ngx_http_article_drop_canonical_links(r) != NGX_OK
                || ngx_http_article_add_header(r, &ngx_http_article_link,
                                               NULL, 0, &value, NULL, 0)
                   != NGX_OK)))
    {
        art_buf_free(&value);
        return NGX_ERROR;
    }

    art_buf_free(&value);

    if (ctx->cache != NULL
        && ngx_http_article_cache_headers_out(r, ctx) != NGX_OK)
    {
        return NGX_ERROR;
    }

    return ngx_http_next_header_filter(r);
}


/* input buffers are done with (their data is not going anywhere) */
static void
ngx_http_article_consume(ngx_chain_t *in)
{
    for ( /* void */ ; in; in = in->next) {
        in->buf->pos = in->buf->last;
    }
}


/* output that will not be sent, and the input it pointed into */
static void
ngx_http_article_drop_output(ngx_http_article_ctx_t *ctx)
{
    ngx_chain_t  *cl;

    for (cl = ctx->out; cl; cl = cl->next) {
        cl->buf->pos = cl->buf->last;

        if (cl->buf->shadow) {
            cl->buf->shadow->pos = cl->buf->shadow->last;
        }
    }

    ctx->out = NULL;
    ctx->last_out = &ctx->out;
}


/* the held headers go out, then what was held of the body */
static ngx_int_t
ngx_http_article_release(ngx_http_request_t *r, ngx_http_article_ctx_t *ctx)
{
    ngx_int_t                     rc;
    ngx_http_article_loc_conf_t  *alcf;

    r->buffered &= ~NGX_HTTP_ARTICLE_BUFFERED;

    alcf = ngx_http_get_module_loc_conf(r, ngx_http_article_module);

    if (ctx->blocked) {
        ctx->headers_sent = 1;
        return ngx_http_article_send_blocked(r, ctx, alcf);
    }

    rc = ngx_http_article_send_header(r, ctx);

    if (rc == NGX_ERROR || rc > NGX_OK || r->header_only) {
        /* the held body is dropped with the request */
        ngx_http_article_drop_output(ctx);
        return rc;
    }

    return ngx_http_article_output(r, ctx);
}


static ngx_int_t
ngx_http_article_send_blocked(ngx_http_request_t *r,
    ngx_http_article_ctx_t *ctx, ngx_http_article_loc_conf_t *alcf)
{
    size_t        len;
    ngx_int_t     rc;
    ngx_buf_t    *b;
    ngx_chain_t   out;
    const char   *by;
    art_buf_t     value;
    const u_char *page;

    static u_char  ngx_http_article_blocked_page[] =
        "<!DOCTYPE html>" CRLF
        "<html><head><meta charset=\"utf-8\">"
        "<title>451 Unavailable For Legal Reasons</title></head>" CRLF
        "<body><h1>451 Unavailable For Legal Reasons</h1></body></html>"
        CRLF;

    ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                  "article: page blocked by moderation rules");

    /* whatever was produced for the page is not sent */
    ngx_http_article_drop_output(ctx);
    ctx->discard = 1;

    page = art_conf_block_page(alcf->core, &len);
    if (page == NULL) {
        page = ngx_http_article_blocked_page;
        len = sizeof(ngx_http_article_blocked_page) - 1;
    }

    r->headers_out.status = 451;
    r->headers_out.status_line.len = sizeof("451 Unavailable For Legal "
                                            "Reasons") - 1;
    r->headers_out.status_line.data = (u_char *) "451 Unavailable For "
                                                 "Legal Reasons";
    r->headers_out.content_length_n = len;
    r->headers_out.content_type_len = sizeof("text/html") - 1;
    ngx_str_set(&r->headers_out.content_type, "text/html");
    r->headers_out.content_type_lowcase = NULL;
    r->headers_out.charset.len = 0;
    ngx_http_clear_etag(r);
    ngx_http_clear_last_modified(r);

    by = art_conf_blocked_by(alcf->core);

    if (by != NULL) {
        art_buf_init(&value, &ctx->alloc);

        if (art_buf_append_str(&value, by) != 0
            || ngx_http_article_add_header(r, &ngx_http_article_link,
                                           (u_char *) "<", 1, &value,
                                           (u_char *) ">; rel=\"blocked-by\"",
                                           sizeof(">; rel=\"blocked-by\"")
                                           - 1)
               != NGX_OK)
        {
            art_buf_free(&value);
            return NGX_ERROR;
        }

        art_buf_free(&value);
    }

    rc = ngx_http_next_header_filter(r);

    if (rc == NGX_ERROR || rc > NGX_OK || r->header_only) {
        return rc;
    }

    b = ngx_calloc_buf(r->pool);
    if (b == NULL) {
        return NGX_ERROR;
    }

    b->memory = 1;
    b->pos = (u_char *) page;
    b->last = (u_char *) page + len;
    b->last_buf = 1;

    out.buf = b;
    out.next = NULL;

    return ngx_http_next_body_filter(r, &out);
}


static ngx_int_t
ngx_http_article_output(ngx_http_request_t *r, ngx_http_article_ctx_t *ctx)
{
    ngx_int_t     rc;
    ngx_buf_t    *b;
    ngx_chain_t  *cl;

    /* what goes downstream now takes no more bytes */
    ctx->tail = NULL;

    if (ctx->out == NULL && ctx->busy == NULL) {
        return NGX_OK;
    }

    rc = ngx_http_next_body_filter(r, ctx->out);

    if (ctx->busy == NULL) {
        ctx->busy = ctx->out;

    } else {
        for (cl = ctx->busy; cl->next; cl = cl->next) { /* void */ }
        cl->next = ctx->out;
    }

    ctx->out = NULL;
    ctx->last_out = &ctx->out;

    while (ctx->busy) {

        cl = ctx->busy;
        b = cl->buf;

        if (ngx_buf_size(b) != 0) {
            break;
        }

        if (b->shadow) {
            /* the input that this output pointed into is done with */
            b->shadow->pos = b->shadow->last;
        }

        ctx->busy = cl->next;

        if (b->temporary) {
            ngx_http_article_sent_block(ctx, b);
        }

        cl->next = ctx->free;
        ctx->free = cl;
    }

    return rc;
}


/* one info line per rewritten page: the rules that fired, never the text */
static void
ngx_http_article_log_page(ngx_http_request_t *r, ngx_http_article_ctx_t *ctx)
{
    art_buf_t          counts, rules;
    art_page_counts_t  c;

    /* the strings below cost more than the page's rules: only when logged */
    if (r->connection->log->log_level < NGX_LOG_INFO) {
        return;
    }

    if (art_page_moderation_skipped(ctx->page)) {
        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                      "article: the page's charset is not UTF-8, "
                      "moderation skipped");
    }

    art_page_moderation(ctx->page, &c);

    if (c.mask + c.replace + c.flag + c.block == 0) {
        return;
    }

    art_buf_init(&counts, &ctx->alloc);
    art_buf_init(&rules, &ctx->alloc);

    if (art_page_moderation_string(ctx->page, &counts) == 0
        && art_page_fired_rules(ctx->page, &rules) == 0)
    {
        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                      "article: moderation %*s, rules: %*s",
                      counts.len, counts.data, rules.len, rules.data);
    }

    art_buf_free(&counts);
    art_buf_free(&rules);
}


/* variables */

static ngx_int_t
ngx_http_article_info_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    art_buf_t                    *b;
    art_request_t                 req;
    art_allocator_t               alloc;
    art_request_info_t            info;
    ngx_http_article_ctx_t       *ctx;
    ngx_http_article_loc_conf_t  *alcf;

    ctx = ngx_http_get_module_ctx(r->main, ngx_http_article_module);

    if (ctx != NULL) {
        b = data ? &ctx->info.mirror_host : &ctx->info.canonical_url;

        if (b->len == 0) {
            v->not_found = 1;
            return NGX_OK;
        }

        v->data = ngx_pnalloc(r->pool, b->len);
        if (v->data == NULL) {
            return NGX_ERROR;
        }

        ngx_memcpy(v->data, b->data, b->len);
        v->len = b->len;
        v->valid = 1;
        v->no_cacheable = 0;
        v->not_found = 0;

        return NGX_OK;
    }

    alcf = ngx_http_get_module_loc_conf(r, ngx_http_article_module);

    if (ngx_http_article_request(r, alcf->core, NULL, &req, &info, &alloc)
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    b = data ? &info.mirror_host : &info.canonical_url;

    if (b->len == 0) {
        art_request_info_free(&info);
        v->not_found = 1;
        return NGX_OK;
    }

    v->data = ngx_pnalloc(r->pool, b->len);
    if (v->data == NULL) {
        art_request_info_free(&info);
        return NGX_ERROR;
    }

    ngx_memcpy(v->data, b->data, b->len);
    v->len = b->len;
    v->valid = 1;
    v->no_cacheable = 0;
    v->not_found = 0;

    art_request_info_free(&info);

    return NGX_OK;
}


static ngx_int_t
ngx_http_article_moderation_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    art_buf_t                b;
    ngx_http_article_ctx_t  *ctx;

    ctx = ngx_http_get_module_ctx(r->main, ngx_http_article_module);

    if (ctx == NULL || ctx->page == NULL) {
        v->not_found = 1;
        return NGX_OK;
    }

    art_buf_init(&b, &ctx->alloc);

    if (art_page_moderation_string(ctx->page, &b) != 0) {
        art_buf_free(&b);
        return NGX_ERROR;
    }

    v->data = ngx_pnalloc(r->pool, b.len);
    if (v->data == NULL) {
        art_buf_free(&b);
        return NGX_ERROR;
    }

    ngx_memcpy(v->data, b.data, b.len);
    v->len = b.len;
    v->valid = 1;
    v->no_cacheable = 1;
    v->not_found = 0;

    art_buf_free(&b);

    return NGX_OK;
}


static ngx_http_variable_t  ngx_http_article_vars[] = {

    { ngx_string("article_canonical_url"), NULL,
      ngx_http_article_info_variable, 0, NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("article_mirror_host"), NULL,
      ngx_http_article_info_variable, 1, NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("article_moderation"), NULL,
      ngx_http_article_moderation_variable, 0, NGX_HTTP_VAR_NOCACHEABLE, 0 },

      ngx_http_null_variable
};


static ngx_int_t
ngx_http_article_add_variables(ngx_conf_t *cf)
{
    ngx_http_variable_t  *var, *v;

    for (v = ngx_http_article_vars; v->name.len; v++) {
        var = ngx_http_add_variable(cf, &v->name, v->flags);
        if (var == NULL) {
            return NGX_ERROR;
        }

        var->get_handler = v->get_handler;
        var->data = v->data;
    }

    return NGX_OK;
}


static ngx_int_t
ngx_http_article_init(ngx_conf_t *cf)
{
    ngx_http_next_header_filter = ngx_http_top_header_filter;
    ngx_http_top_header_filter = ngx_http_article_header_filter;

    ngx_http_next_body_filter = ngx_http_top_body_filter;
    ngx_http_top_body_filter = ngx_http_article_body_filter;

    return NGX_OK;
}
