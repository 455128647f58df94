
/*
 * The counters of the rewriting, shared by every worker, and the status
 * page: the counters and those of each cache zone, as JSON or in the
 * Prometheus text format.
 */


#include "ngx_http_article_cache.h"


/* the name of the zone of the counters */
#define NGX_HTTP_ARTICLE_STATS_ZONE  "ngx_http_article_stats"


typedef struct {
    /* pages rewritten, to their end or cut */
    ngx_atomic_t                    pages;
    /* of those, the ones that never reached their end */
    ngx_atomic_t                    cut;
    ngx_atomic_t                    passed[NGX_HTTP_ARTICLE_PASS_REASONS];
    /* pages over article_max_size answered 451 without their end scanned */
    ngx_atomic_t                    oversize_blocked;
    ngx_atomic_t                    bytes_in;
    ngx_atomic_t                    bytes_out;
    ngx_atomic_t                    mask;
    ngx_atomic_t                    replace;
    ngx_atomic_t                    flag;
    ngx_atomic_t                    block;
} ngx_http_article_stats_sh_t;


typedef struct {
    ngx_http_article_stats_sh_t    *sh;
} ngx_http_article_stats_ctx_t;


static ngx_int_t ngx_http_article_status_handler(ngx_http_request_t *r);


/* in the order of ngx_http_article_pass_e */
static ngx_str_t  ngx_http_article_pass_names[] = {
    ngx_string("type"),
    ngx_string("status"),
    ngx_string("encoded"),
    ngx_string("oversize"),
    ngx_string("head")
};


/* the zone's tag: its own, so that a cache zone cannot take its name */
static u_char  ngx_http_article_stats_tag;


static ngx_int_t
ngx_http_article_stats_init_zone(ngx_shm_zone_t *shm_zone, void *data)
{
    ngx_http_article_stats_ctx_t  *octx = data;

    ngx_slab_pool_t               *shpool;
    ngx_http_article_stats_ctx_t  *ctx;

    ctx = shm_zone->data;

    if (octx != NULL) {
        /* a reload: the counts go on */
        ctx->sh = octx->sh;
        return NGX_OK;
    }

    shpool = (ngx_slab_pool_t *) shm_zone->shm.addr;

    if (shm_zone->shm.exists) {
        ctx->sh = shpool->data;
        return NGX_OK;
    }

    ctx->sh = ngx_slab_calloc(shpool, sizeof(ngx_http_article_stats_sh_t));
    if (ctx->sh == NULL) {
        return NGX_ERROR;
    }

    shpool->data = ctx->sh;

    return NGX_OK;
}


ngx_int_t
ngx_http_article_stats_add_zone(ngx_conf_t *cf,
    ngx_http_article_cache_main_conf_t *cmcf)
{
    ngx_str_t                      name;
    ngx_shm_zone_t                *shm_zone;
    ngx_http_article_stats_ctx_t  *ctx;

    ngx_str_set(&name, NGX_HTTP_ARTICLE_STATS_ZONE);

    shm_zone = ngx_shared_memory_add(cf, &name, 8 * ngx_pagesize,
                                     &ngx_http_article_stats_tag);
    if (shm_zone == NULL) {
        return NGX_ERROR;
    }

    if (shm_zone->data == NULL) {
        ctx = ngx_pcalloc(cf->pool, sizeof(ngx_http_article_stats_ctx_t));
        if (ctx == NULL) {
            return NGX_ERROR;
        }

        shm_zone->init = ngx_http_article_stats_init_zone;
        shm_zone->data = ctx;
    }

    cmcf->stats = shm_zone;

    return NGX_OK;
}


static ngx_http_article_stats_sh_t *
ngx_http_article_stats_sh(ngx_http_request_t *r)
{
    ngx_http_article_stats_ctx_t        *ctx;
    ngx_http_article_cache_main_conf_t  *cmcf;

    cmcf = ngx_http_get_module_main_conf(r, ngx_http_article_cache_module);

    if (cmcf == NULL || cmcf->stats == NULL) {
        return NULL;
    }

    ctx = cmcf->stats->data;

    return ctx->sh;
}


void
ngx_http_article_stats_passed(ngx_http_request_t *r,
    ngx_http_article_pass_e reason)
{
    ngx_http_article_stats_sh_t  *sh;

    sh = ngx_http_article_stats_sh(r);

    if (sh == NULL || (ngx_uint_t) reason >= NGX_HTTP_ARTICLE_PASS_REASONS) {
        return;
    }

    (void) ngx_atomic_fetch_add(&sh->passed[reason], 1);
}


void
ngx_http_article_stats_oversize_blocked(ngx_http_request_t *r)
{
    ngx_http_article_stats_sh_t  *sh;

    sh = ngx_http_article_stats_sh(r);

    if (sh == NULL) {
        return;
    }

    (void) ngx_atomic_fetch_add(&sh->oversize_blocked, 1);
}


void
ngx_http_article_stats_rewritten(ngx_http_request_t *r, off_t in, off_t out,
    const art_page_counts_t *moderation)
{
    ngx_http_article_stats_sh_t  *sh;

    sh = ngx_http_article_stats_sh(r);

    if (sh == NULL) {
        return;
    }

    (void) ngx_atomic_fetch_add(&sh->pages, 1);
    (void) ngx_atomic_fetch_add(&sh->bytes_in, (ngx_atomic_int_t) in);
    (void) ngx_atomic_fetch_add(&sh->bytes_out, (ngx_atomic_int_t) out);

    if (moderation == NULL) {
        return;
    }

    if (moderation->mask) {
        (void) ngx_atomic_fetch_add(&sh->mask, moderation->mask);
    }

    if (moderation->replace) {
        (void) ngx_atomic_fetch_add(&sh->replace, moderation->replace);
    }

    if (moderation->flag) {
        (void) ngx_atomic_fetch_add(&sh->flag, moderation->flag);
    }

    if (moderation->block) {
        (void) ngx_atomic_fetch_add(&sh->block, moderation->block);
    }
}


/*
 * A page whose rewriting began and that went away before the last buffer
 * (the upstream closed early, the client left, an error ended the
 * request): it counts as a page, as a cut one, with the bytes it had.
 * Its moderation counts are not added: a block rule that fired in a page
 * held whole blocked nothing, the page never being answered.
 */
void
ngx_http_article_stats_cut(ngx_http_request_t *r, off_t in, off_t out)
{
    ngx_http_article_stats_sh_t  *sh;

    sh = ngx_http_article_stats_sh(r);

    if (sh == NULL) {
        return;
    }

    (void) ngx_atomic_fetch_add(&sh->pages, 1);
    (void) ngx_atomic_fetch_add(&sh->cut, 1);
    (void) ngx_atomic_fetch_add(&sh->bytes_in, (ngx_atomic_int_t) in);
    (void) ngx_atomic_fetch_add(&sh->bytes_out, (ngx_atomic_int_t) out);
}


char *
ngx_http_article_status(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_core_loc_conf_t  *clcf;

    clcf = ngx_http_conf_get_module_loc_conf(cf, ngx_http_core_module);
    clcf->handler = ngx_http_article_status_handler;

    return NGX_CONF_OK;
}


/* the status page */

/* a zone name as a Prometheus label value */
static u_char *
ngx_http_article_status_label(u_char *p, ngx_str_t *name)
{
    ngx_uint_t  i;

    for (i = 0; i < name->len; i++) {
        switch (name->data[i]) {

        case '\\':
        case '"':
            *p++ = '\\';
            *p++ = name->data[i];
            break;

        case '\n':
            *p++ = '\\';
            *p++ = 'n';
            break;

        default:
            *p++ = name->data[i];
        }
    }

    return p;
}


typedef struct {
    const char                     *name;
    const char                     *type;
    const char                     *help;
    size_t                          offset;
} ngx_http_article_status_metric_t;


#define ngx_http_article_status_zone_field(f)                                \
    offsetof(ngx_http_article_cache_zone_stats_t, f)


static ngx_http_article_status_metric_t  ngx_http_article_status_zone[] = {

    { "size_bytes", "gauge", "Size of the cache zone.",
      ngx_http_article_status_zone_field(size) },
    { "used_bytes", "gauge", "Memory of the cache zone in use.",
      ngx_http_article_status_zone_field(used) },
    { "entries", "gauge", "Pages in the cache zone.",
      ngx_http_article_status_zone_field(entries) },
    { "hits_total", "counter", "Pages answered from the cache.",
      ngx_http_article_status_zone_field(hits) },
    { "misses_total", "counter", "Pages not in the cache.",
      ngx_http_article_status_zone_field(misses) },
    { "expired_total", "counter", "Pages found expired and fetched again.",
      ngx_http_article_status_zone_field(expired) },
    { "stale_total", "counter",
      "Expired pages sent because the upstream failed.",
      ngx_http_article_status_zone_field(stale) },
    { "updating_total", "counter",
      "Expired pages sent while being fetched again.",
      ngx_http_article_status_zone_field(updating) },
    { "bypasses_total", "counter", "Requests that bypassed the cache.",
      ngx_http_article_status_zone_field(bypasses) },
    { "stores_total", "counter", "Pages stored.",
      ngx_http_article_status_zone_field(stores) },
    { "evictions_total", "counter",
      "Pages removed to make room for others.",
      ngx_http_article_status_zone_field(evictions) },
    { "purged_total", "counter", "Pages removed by PURGE.",
      ngx_http_article_status_zone_field(purged) },

    { NULL, NULL, NULL, 0 }
};


static ngx_uint_t
ngx_http_article_status_value(ngx_http_article_cache_zone_stats_t *st,
    size_t offset)
{
    if (offset == ngx_http_article_status_zone_field(size)
        || offset == ngx_http_article_status_zone_field(used))
    {
        return *(size_t *) ((u_char *) st + offset);
    }

    return *(ngx_uint_t *) ((u_char *) st + offset);
}


static ngx_int_t
ngx_http_article_status_handler(ngx_http_request_t *r)
{
    size_t                                size;
    u_char                               *p, *last;
    ngx_int_t                             rc;
    ngx_str_t                             format, *name;
    ngx_buf_t                            *b;
    ngx_uint_t                            i, k, nzones, prometheus;
    ngx_chain_t                           out;
    ngx_shm_zone_t                      **zones;
    ngx_http_article_stats_sh_t          *sh, empty;
    ngx_http_article_cache_main_conf_t   *cmcf;
    ngx_http_article_cache_zone_stats_t  *st;
    ngx_http_article_status_metric_t     *m;

    if (!(r->method & (NGX_HTTP_GET|NGX_HTTP_HEAD))) {
        return NGX_HTTP_NOT_ALLOWED;
    }

    rc = ngx_http_discard_request_body(r);

    if (rc != NGX_OK) {
        return rc;
    }

    prometheus = 0;

    if (ngx_http_arg(r, (u_char *) "format", 6, &format) == NGX_OK) {
        if (format.len == 10
            && ngx_strncmp(format.data, "prometheus", 10) == 0)
        {
            prometheus = 1;

        } else if (!(format.len == 4
                     && ngx_strncmp(format.data, "json", 4) == 0))
        {
            return NGX_HTTP_BAD_REQUEST;
        }
    }

    cmcf = ngx_http_get_module_main_conf(r, ngx_http_article_cache_module);

    sh = ngx_http_article_stats_sh(r);

    if (sh == NULL) {
        ngx_memzero(&empty, sizeof(ngx_http_article_stats_sh_t));
        sh = &empty;
    }

    zones = cmcf->zones.elts;
    nzones = cmcf->zones.nelts;

    st = ngx_palloc(r->pool, (nzones ? nzones : 1)
                             * sizeof(ngx_http_article_cache_zone_stats_t));
    if (st == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    size = 4096;

    for (i = 0; i < nzones; i++) {
        ngx_http_article_cache_zone_stats(zones[i], &st[i]);
        /* every metric line names the zone, escaped at worst 6 times */
        size += 16 * (96 + 6 * zones[i]->shm.name.len);
    }

    size += 16 * 256;

    b = ngx_create_temp_buf(r->pool, size);
    if (b == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    p = b->last;
    last = b->end;

    if (!prometheus) {
        p = ngx_slprintf(p, last,
                         "{\"rewriting\":{\"pages\":%uA,\"cut\":%uA,"
                         "\"passed\":{",
                         sh->pages, sh->cut);

        for (k = 0; k < NGX_HTTP_ARTICLE_PASS_REASONS; k++) {
            p = ngx_slprintf(p, last, "%s\"%V\":%uA", k ? "," : "",
                             &ngx_http_article_pass_names[k],
                             sh->passed[k]);
        }

        p = ngx_slprintf(p, last,
                         "},\"oversize_blocked\":%uA,"
                         "\"bytes_in\":%uA,\"bytes_out\":%uA,"
                         "\"moderation\":{\"mask\":%uA,\"replace\":%uA,"
                         "\"flag\":%uA,\"block\":%uA}},\"zones\":{",
                         sh->oversize_blocked, sh->bytes_in, sh->bytes_out,
                         sh->mask, sh->replace, sh->flag, sh->block);

        for (i = 0; i < nzones; i++) {
            name = &zones[i]->shm.name;

            if (i) {
                p = ngx_slprintf(p, last, ",");
            }

            if (last - p < (ssize_t) (6 * name->len + 4)) {
                break;
            }

            *p++ = '"';
            p = (u_char *) ngx_escape_json(p, name->data, name->len);
            *p++ = '"';
            *p++ = ':';

            p = ngx_slprintf(p, last,
                             "{\"size\":%uz,\"used\":%uz,\"entries\":%ui,"
                             "\"hits\":%ui,\"misses\":%ui,\"expired\":%ui,"
                             "\"stale\":%ui,\"updating\":%ui,"
                             "\"bypasses\":%ui,\"stores\":%ui,"
                             "\"evictions\":%ui,\"purged\":%ui}",
                             st[i].size, st[i].used, st[i].entries,
                             st[i].hits, st[i].misses, st[i].expired,
                             st[i].stale, st[i].updating, st[i].bypasses,
                             st[i].stores, st[i].evictions, st[i].purged);
        }

        p = ngx_slprintf(p, last, "}}" CRLF);

        ngx_str_set(&r->headers_out.content_type, "application/json");

    } else {
        p = ngx_slprintf(p, last,
                "# HELP article_pages_rewritten_total Pages rewritten, "
                "cut ones included.\n"
                "# TYPE article_pages_rewritten_total counter\n"
                "article_pages_rewritten_total %uA\n"
                "# HELP article_pages_cut_total Pages rewritten in part: "
                "the upstream or the client went away before their end.\n"
                "# TYPE article_pages_cut_total counter\n"
                "article_pages_cut_total %uA\n"
                "# HELP article_pages_passed_total "
                "Responses passed through unchanged, by reason.\n"
                "# TYPE article_pages_passed_total counter\n",
                sh->pages, sh->cut);

        for (k = 0; k < NGX_HTTP_ARTICLE_PASS_REASONS; k++) {
            p = ngx_slprintf(p, last,
                             "article_pages_passed_total{reason=\"%V\"} %uA\n",
                             &ngx_http_article_pass_names[k], sh->passed[k]);
        }

        p = ngx_slprintf(p, last,
                "# HELP article_pages_oversize_blocked_total Pages over "
                "article_max_size answered 451 without their end scanned.\n"
                "# TYPE article_pages_oversize_blocked_total counter\n"
                "article_pages_oversize_blocked_total %uA\n"
                "# HELP article_bytes_in_total Bytes of pages rewritten, "
                "as they came, cut ones included.\n"
                "# TYPE article_bytes_in_total counter\n"
                "article_bytes_in_total %uA\n"
                "# HELP article_bytes_out_total Bytes of pages rewritten, "
                "as they went, cut ones included.\n"
                "# TYPE article_bytes_out_total counter\n"
                "article_bytes_out_total %uA\n"
                "# HELP article_moderation_actions_total "
                "Moderation rules applied, by action.\n"
                "# TYPE article_moderation_actions_total counter\n"
                "article_moderation_actions_total{action=\"mask\"} %uA\n"
                "article_moderation_actions_total{action=\"replace\"} %uA\n"
                "article_moderation_actions_total{action=\"flag\"} %uA\n"
                "article_moderation_actions_total{action=\"block\"} %uA\n",
                sh->oversize_blocked, sh->bytes_in, sh->bytes_out,
                sh->mask, sh->replace, sh->flag, sh->block);

        for (m = ngx_http_article_status_zone; nzones && m->name; m++) {
            p = ngx_slprintf(p, last,
                             "# HELP article_cache_%s %s\n"
                             "# TYPE article_cache_%s %s\n",
                             m->name, m->help, m->name, m->type);

            for (i = 0; i < nzones; i++) {
                name = &zones[i]->shm.name;

                p = ngx_slprintf(p, last, "article_cache_%s{zone=\"",
                                 m->name);

                if (last - p < (ssize_t) (2 * name->len + 32)) {
                    break;
                }

                p = ngx_http_article_status_label(p, name);

                p = ngx_slprintf(p, last, "\"} %ui\n",
                                 ngx_http_article_status_value(&st[i],
                                                               m->offset));
            }
        }

        ngx_str_set(&r->headers_out.content_type,
                    "text/plain; version=0.0.4");
    }

    b->last = p;
    b->last_buf = (r == r->main) ? 1 : 0;
    b->last_in_chain = 1;

    /* the MIME type alone, without the version parameter */
    r->headers_out.content_type_len = prometheus
                                      ? sizeof("text/plain") - 1
                                      : r->headers_out.content_type.len;
    r->headers_out.status = NGX_HTTP_OK;
    r->headers_out.content_length_n = b->last - b->pos;

    rc = ngx_http_send_header(r);

    if (rc == NGX_ERROR || rc > NGX_OK || r->header_only) {
        return rc;
    }

    out.buf = b;
    out.next = NULL;

    return ngx_http_output_filter(r, &out);
}
