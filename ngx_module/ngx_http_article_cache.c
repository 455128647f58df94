
/*
 * ngx_http_article_cache_module: rewritten pages kept in shared memory.
 *
 * A page is stored as the filter produces it and answered again before
 * the content phase, straight from the zone: the body is not copied per
 * request, the entry is pinned instead until the request is done.  One
 * slab allocation holds an entry's node, headers and body; the nodes are
 * in a red-black tree by the SHA-256 of the key and in a queue by last
 * use, the least recently used going first when memory runs out.
 */


#include "ngx_http_article_cache.h"


#define NGX_HTTP_ARTICLE_CACHE_HASH        32

/* how often a request waiting for the lock looks again, in milliseconds */
#define NGX_HTTP_ARTICLE_CACHE_LOCK_POLL   20

#define NGX_HTTP_ARTICLE_CACHE_STALE_OFF       0x0002
#define NGX_HTTP_ARTICLE_CACHE_STALE_UPDATING  0x0004
#define NGX_HTTP_ARTICLE_CACHE_STALE_ERROR     0x0008


/* $article_cache_status */
enum {
    NGX_HTTP_ARTICLE_CACHE_NONE = 0,
    NGX_HTTP_ARTICLE_CACHE_MISS,
    NGX_HTTP_ARTICLE_CACHE_HIT,
    NGX_HTTP_ARTICLE_CACHE_EXPIRED,
    NGX_HTTP_ARTICLE_CACHE_STALE,
    NGX_HTTP_ARTICLE_CACHE_UPDATING,
    NGX_HTTP_ARTICLE_CACHE_BYPASS
};


/* what a lookup decided */
enum {
    NGX_HTTP_ARTICLE_CACHE_GO = 0,
    NGX_HTTP_ARTICLE_CACHE_SERVE,
    NGX_HTTP_ARTICLE_CACHE_WAIT
};


typedef struct {
    ngx_str_t                       key;
    ngx_str_t                       value;
} ngx_http_article_cache_hdr_t;


/* in shared memory */

typedef struct {
    ngx_rbtree_node_t               node;
    ngx_queue_t                     queue;
    u_char                          hash[NGX_HTTP_ARTICLE_CACHE_HASH];

    /* requests sending this entry's body now */
    ngx_uint_t                      refs;

    /* the request fetching the page, while lock_expire is ahead */
    ngx_pid_t                       lock_pid;
    uintptr_t                       lock_ctx;
    ngx_msec_t                      lock_expire;

    time_t                          date;
    time_t                          expire;
    time_t                          accessed;
    time_t                          last_modified;

    /* no data: only the lock of a page being fetched for the first time */
    unsigned                        data:1;
    /* out of the tree and the queue, freed by the last reader */
    unsigned                        removed:1;

    ngx_uint_t                      status;
    size_t                          content_type_len;
    ngx_str_t                       content_type;
    ngx_str_t                       charset;
    ngx_str_t                       etag;
    ngx_str_t                       path;
    /* the Vary header, and the hash of what it names in the request */
    ngx_str_t                       vary;
    u_char                          variant[NGX_HTTP_ARTICLE_CACHE_HASH];
    ngx_uint_t                      nheaders;
    ngx_http_article_cache_hdr_t   *headers;
    u_char                         *body;
    size_t                          body_len;
} ngx_http_article_cache_node_t;


typedef struct {
    ngx_rbtree_t                    rbtree;
    ngx_rbtree_node_t               sentinel;
    /* most recently used first */
    ngx_queue_t                     lru;

    ngx_atomic_t                    entries;
    ngx_atomic_t                    hits;
    ngx_atomic_t                    misses;
    ngx_atomic_t                    expired;
    ngx_atomic_t                    stale;
    ngx_atomic_t                    updating;
    ngx_atomic_t                    bypasses;
    ngx_atomic_t                    stores;
    ngx_atomic_t                    evictions;
    ngx_atomic_t                    purged;
} ngx_http_article_cache_sh_t;


/* in the configuration */

typedef struct {
    ngx_http_article_cache_sh_t    *sh;
    ngx_slab_pool_t                *shpool;
    ngx_shm_zone_t                 *shm_zone;
    time_t                          inactive;
    size_t                          max_entry;
} ngx_http_article_cache_zone_t;


typedef struct {
    ngx_uint_t                      status;        /* 0: any */
    time_t                          valid;
} ngx_http_article_cache_valid_t;


struct ngx_http_article_cache_conf_s {
    ngx_shm_zone_t                 *zone;
    ngx_http_complex_value_t       *key;
    ngx_array_t                    *valid;
    ngx_array_t                    *bypass;
    ngx_array_t                    *no_store;
    ngx_uint_t                      methods;
    ngx_flag_t                      lock;
    ngx_msec_t                      lock_timeout;
    ngx_uint_t                      use_stale;
    ngx_array_t                    *purge;         /* ngx_cidr_t */

    /*
     * this location's configurations with the article filter off: a
     * page answered from the cache is not rewritten a second time
     */
    void                          **loc_conf_off;
};


/* per request */

struct ngx_http_article_cache_ctx_s {
    ngx_http_request_t             *request;
    ngx_http_article_cache_conf_t  *conf;
    ngx_http_article_cache_zone_t  *zone;
    u_char                          hash[NGX_HTTP_ARTICLE_CACHE_HASH];
    ngx_str_t                       path;

    ngx_uint_t                      cache_status;
    /* the entry this request answers with, or may answer with on error */
    ngx_http_article_cache_node_t  *pinned;
    ngx_msec_t                      wait_start;

    /* the page being stored */
    EVP_MD_CTX                     *md;
    u_char                         *body;
    size_t                          len;
    size_t                          size;
    time_t                          date;
    time_t                          valid;
    ngx_uint_t                      status;
    size_t                          content_type_len;
    ngx_str_t                       content_type;
    ngx_str_t                       charset;
    time_t                          last_modified;
    ngx_str_t                       vary;
    u_char                          variant[NGX_HTTP_ARTICLE_CACHE_HASH];
    ngx_array_t                     headers;

    unsigned                        locked:1;
    unsigned                        waiting:1;
    unsigned                        no_store:1;
    unsigned                        store:1;
    unsigned                        headers_done:1;
    unsigned                        stale_error:1;
    unsigned                        serving_stale:1;
    unsigned                        stale_sent:1;
};


static ngx_int_t ngx_http_article_cache_handler(ngx_http_request_t *r);
static ngx_int_t ngx_http_article_cache_lookup(ngx_http_request_t *r,
    ngx_http_article_cache_ctx_t *ctx);
static ngx_int_t ngx_http_article_cache_send(ngx_http_request_t *r,
    ngx_http_article_cache_ctx_t *ctx);
static ngx_int_t ngx_http_article_cache_wait(ngx_http_request_t *r,
    ngx_http_article_cache_ctx_t *ctx);
static void ngx_http_article_cache_wait_handler(ngx_http_request_t *r);
static ngx_int_t ngx_http_article_cache_purge(ngx_http_request_t *r,
    ngx_http_article_cache_conf_t *conf, ngx_http_article_loc_conf_t *alcf);
static void ngx_http_article_cache_unlock(ngx_http_article_cache_ctx_t *ctx);
static void ngx_http_article_cache_unpin(ngx_http_article_cache_ctx_t *ctx);
static void ngx_http_article_cache_give_up(ngx_http_article_cache_ctx_t *ctx);
static void ngx_http_article_cache_insert(ngx_http_request_t *r,
    ngx_http_article_cache_ctx_t *ctx);

static ngx_int_t ngx_http_article_cache_header_filter(ngx_http_request_t *r);
static ngx_int_t ngx_http_article_cache_body_filter(ngx_http_request_t *r,
    ngx_chain_t *in);

static ngx_int_t ngx_http_article_cache_add_variables(ngx_conf_t *cf);
static void *ngx_http_article_cache_create_main_conf(ngx_conf_t *cf);
static void *ngx_http_article_cache_create_loc_conf(ngx_conf_t *cf);
static char *ngx_http_article_cache_merge_loc_conf(ngx_conf_t *cf,
    void *parent, void *child);
static ngx_int_t ngx_http_article_cache_init(ngx_conf_t *cf);
static char *ngx_http_article_cache_zone(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_article_cache(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_article_cache_valid(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_article_cache_purge_conf(ngx_conf_t *cf,
    ngx_command_t *cmd, void *conf);


static ngx_conf_bitmask_t  ngx_http_article_cache_methods_mask[] = {
    { ngx_string("GET"), NGX_HTTP_GET },
    { ngx_string("HEAD"), NGX_HTTP_HEAD },
    { ngx_null_string, 0 }
};


static ngx_conf_bitmask_t  ngx_http_article_cache_stale_mask[] = {
    { ngx_string("off"), NGX_HTTP_ARTICLE_CACHE_STALE_OFF },
    { ngx_string("updating"), NGX_HTTP_ARTICLE_CACHE_STALE_UPDATING },
    { ngx_string("error"), NGX_HTTP_ARTICLE_CACHE_STALE_ERROR },
    { ngx_null_string, 0 }
};


#define NGX_HTTP_ARTICLE_CACHE_ANY_CONF                                     \
    (NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF)


static char *ngx_http_article_cache_bitmask(ngx_conf_t *cf,
    ngx_command_t *cmd, void *conf);
static char *ngx_http_article_cache_msec(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);


static ngx_command_t  ngx_http_article_cache_commands[] = {

    { ngx_string("article_cache_zone"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_2MORE,
      ngx_http_article_cache_zone,
      NGX_HTTP_MAIN_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("article_cache"),
      NGX_HTTP_ARTICLE_CACHE_ANY_CONF|NGX_CONF_TAKE1,
      ngx_http_article_cache,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("article_cache_key"),
      NGX_HTTP_ARTICLE_CACHE_ANY_CONF|NGX_CONF_TAKE1,
      ngx_http_set_complex_value_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_article_cache_conf_t, key),
      NULL },

    { ngx_string("article_cache_valid"),
      NGX_HTTP_ARTICLE_CACHE_ANY_CONF|NGX_CONF_1MORE,
      ngx_http_article_cache_valid,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("article_cache_bypass"),
      NGX_HTTP_ARTICLE_CACHE_ANY_CONF|NGX_CONF_1MORE,
      ngx_http_set_predicate_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_article_cache_conf_t, bypass),
      NULL },

    { ngx_string("article_cache_no_store"),
      NGX_HTTP_ARTICLE_CACHE_ANY_CONF|NGX_CONF_1MORE,
      ngx_http_set_predicate_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_article_cache_conf_t, no_store),
      NULL },

    { ngx_string("article_cache_methods"),
      NGX_HTTP_ARTICLE_CACHE_ANY_CONF|NGX_CONF_1MORE,
      ngx_http_article_cache_bitmask,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_article_cache_conf_t, methods),
      &ngx_http_article_cache_methods_mask },

    { ngx_string("article_cache_lock"),
      NGX_HTTP_ARTICLE_CACHE_ANY_CONF|NGX_CONF_FLAG,
      ngx_conf_set_flag_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_article_cache_conf_t, lock),
      NULL },

    { ngx_string("article_cache_lock_timeout"),
      NGX_HTTP_ARTICLE_CACHE_ANY_CONF|NGX_CONF_TAKE1,
      ngx_http_article_cache_msec,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_article_cache_conf_t, lock_timeout),
      NULL },

    { ngx_string("article_cache_use_stale"),
      NGX_HTTP_ARTICLE_CACHE_ANY_CONF|NGX_CONF_1MORE,
      ngx_http_article_cache_bitmask,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_article_cache_conf_t, use_stale),
      &ngx_http_article_cache_stale_mask },

    { ngx_string("article_cache_purge"),
      NGX_HTTP_ARTICLE_CACHE_ANY_CONF|NGX_CONF_1MORE,
      ngx_http_article_cache_purge_conf,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("article_status"),
      NGX_HTTP_LOC_CONF|NGX_CONF_NOARGS,
      ngx_http_article_status,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

      ngx_null_command
};


static ngx_http_module_t  ngx_http_article_cache_module_ctx = {
    ngx_http_article_cache_add_variables,  /* preconfiguration */
    ngx_http_article_cache_init,           /* postconfiguration */

    ngx_http_article_cache_create_main_conf, /* create main configuration */
    NULL,                                  /* init main configuration */

    NULL,                                  /* create server configuration */
    NULL,                                  /* merge server configuration */

    ngx_http_article_cache_create_loc_conf, /* create location configuration */
    ngx_http_article_cache_merge_loc_conf  /* merge location configuration */
};


ngx_module_t  ngx_http_article_cache_module = {
    NGX_MODULE_V1,
    &ngx_http_article_cache_module_ctx,    /* module context */
    ngx_http_article_cache_commands,       /* module directives */
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


static ngx_str_t  ngx_http_article_cache_status_names[] = {
    ngx_null_string,
    ngx_string("MISS"),
    ngx_string("HIT"),
    ngx_string("EXPIRED"),
    ngx_string("STALE"),
    ngx_string("UPDATING"),
    ngx_string("BYPASS")
};


/* the response headers a stored page keeps, besides the ones nginx owns */
static ngx_str_t  ngx_http_article_cache_kept[] = {
    ngx_string("Link"),
    ngx_string("Onion-Location"),
    ngx_string("Vary"),
    ngx_null_string
};


/* helpers */

static void *
ngx_http_article_cache_palloc(void *ctx, size_t size)
{
    return ngx_palloc(ctx, size);
}


static void
ngx_http_article_cache_pfree(void *ctx, void *p)
{
    (void) ngx_pfree(ctx, p);
}


static const EVP_MD *
ngx_http_article_cache_md(ngx_http_request_t *r)
{
    ngx_http_article_cache_main_conf_t  *cmcf;

    cmcf = ngx_http_get_module_main_conf(r, ngx_http_article_cache_module);

    return cmcf->sha256;
}


static ngx_int_t
ngx_http_article_cache_sha256(const EVP_MD *type, ngx_str_t *parts,
    ngx_uint_t n, u_char *out)
{
    ngx_uint_t   i;
    EVP_MD_CTX  *md;

    md = EVP_MD_CTX_new();
    if (md == NULL) {
        return NGX_ERROR;
    }

    if (EVP_DigestInit_ex(md, type, NULL) != 1) {
        EVP_MD_CTX_free(md);
        return NGX_ERROR;
    }

    for (i = 0; i < n; i++) {
        if (parts[i].len
            && EVP_DigestUpdate(md, parts[i].data, parts[i].len) != 1)
        {
            EVP_MD_CTX_free(md);
            return NGX_ERROR;
        }
    }

    if (EVP_DigestFinal_ex(md, out, NULL) != 1) {
        EVP_MD_CTX_free(md);
        return NGX_ERROR;
    }

    EVP_MD_CTX_free(md);

    return NGX_OK;
}


static ngx_table_elt_t *
ngx_http_article_cache_find_header(ngx_list_t *list, u_char *name,
    size_t len, ngx_table_elt_t *after)
{
    ngx_uint_t        i;
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h;

    part = &list->part;
    h = part->elts;

    for (i = 0; /* void */; i++) {

        if (i >= part->nelts) {
            if (part->next == NULL) {
                return NULL;
            }

            part = part->next;
            h = part->elts;
            i = 0;
        }

        if (after != NULL) {
            if (&h[i] == after) {
                after = NULL;
            }

            continue;
        }

        if (h[i].hash != 0
            && h[i].key.len == len
            && ngx_strncasecmp(h[i].key.data, name, len) == 0)
        {
            return &h[i];
        }
    }
}


/*
 * What the response came with: the upstream's own headers where there is
 * an upstream.  What add_header, expires or userid put on it in this
 * location is put on every answer from the cache too, so it neither keeps
 * a page out nor is stored with it.
 */
static ngx_list_t *
ngx_http_article_cache_origin_headers(ngx_http_request_t *r)
{
    if (r->upstream != NULL) {
        return &r->upstream->headers_in.headers;
    }

    return &r->headers_out.headers;
}


/* a response header that the upstream sent as it is */
static ngx_uint_t
ngx_http_article_cache_from_upstream(ngx_http_request_t *r,
    ngx_table_elt_t *h)
{
    ngx_list_t       *list;
    ngx_table_elt_t  *u;

    if (r->upstream == NULL) {
        return 0;
    }

    list = &r->upstream->headers_in.headers;

    for (u = ngx_http_article_cache_find_header(list, h->key.data,
                                                h->key.len, NULL);
         u;
         u = ngx_http_article_cache_find_header(list, h->key.data,
                                                h->key.len, u))
    {
        if (u->value.len == h->value.len
            && ngx_strncmp(u->value.data, h->value.data, h->value.len) == 0)
        {
            return 1;
        }
    }

    return 0;
}


/*
 * The hash of the request headers that a Vary header names.  The stored
 * page is never encoded (the filter only takes identity responses, and
 * gzip comes after the cache), so Accept-Encoding does not split it.
 */
static ngx_int_t
ngx_http_article_cache_variant(ngx_http_request_t *r, ngx_str_t *vary,
    u_char *out)
{
    u_char           *p, *last, *name, c;
    size_t            len;
    ngx_uint_t        i;
    EVP_MD_CTX       *md;
    ngx_table_elt_t  *h;
    u_char            lower[64];

    md = EVP_MD_CTX_new();
    if (md == NULL) {
        return NGX_ERROR;
    }

    if (EVP_DigestInit_ex(md, ngx_http_article_cache_md(r), NULL) != 1) {
        goto failed;
    }

    p = vary->data;
    last = p + vary->len;

    while (p < last) {

        while (p < last && (*p == ',' || *p == ' ' || *p == '\t')) {
            p++;
        }

        name = p;

        while (p < last && *p != ',' && *p != ' ' && *p != '\t') {
            p++;
        }

        len = p - name;

        if (len == 0 || len > sizeof(lower)) {
            continue;
        }

        if (len == sizeof("Accept-Encoding") - 1
            && ngx_strncasecmp(name, (u_char *) "Accept-Encoding", len) == 0)
        {
            continue;
        }

        for (i = 0; i < len; i++) {
            c = name[i];
            lower[i] = (c >= 'A' && c <= 'Z') ? (u_char) (c | 0x20) : c;
        }

        if (EVP_DigestUpdate(md, lower, len) != 1
            || EVP_DigestUpdate(md, ":", 1) != 1)
        {
            goto failed;
        }

        for (h = ngx_http_article_cache_find_header(&r->headers_in.headers,
                                                    name, len, NULL);
             h;
             h = ngx_http_article_cache_find_header(&r->headers_in.headers,
                                                    name, len, h))
        {
            if (EVP_DigestUpdate(md, h->value.data, h->value.len) != 1
                || EVP_DigestUpdate(md, "\n", 1) != 1)
            {
                goto failed;
            }
        }

        if (EVP_DigestUpdate(md, "\0", 1) != 1) {
            goto failed;
        }
    }

    if (EVP_DigestFinal_ex(md, out, NULL) != 1) {
        goto failed;
    }

    EVP_MD_CTX_free(md);

    return NGX_OK;

failed:

    EVP_MD_CTX_free(md);

    return NGX_ERROR;
}


/*
 * The request's page: its canonical path and arguments when the location
 * has a canonical origin (tracking arguments gone), else the URI as sent;
 * and the host the reader came through, never a Host that is not listed.
 */
static ngx_int_t
ngx_http_article_cache_page(ngx_http_request_t *r,
    ngx_http_article_loc_conf_t *alcf, u_char *uri, size_t len,
    ngx_str_t *path, ngx_str_t *host)
{
    u_char              *p, *last;
    art_request_t        req;
    art_allocator_t      alloc;
    art_request_info_t   info;

    alloc.alloc = ngx_http_article_cache_palloc;
    alloc.free = ngx_http_article_cache_pfree;
    alloc.ctx = r->pool;

    ngx_memzero(&req, sizeof(art_request_t));

#if (NGX_HTTP_SSL)
    if (r->connection->ssl) {
        req.scheme = (u_char *) "https";
        req.scheme_len = 5;
    } else
#endif
    {
        req.scheme = (u_char *) "http";
        req.scheme_len = 4;
    }

    req.host = r->headers_in.server.len ? r->headers_in.server.data
                                        : (u_char *) "";
    req.host_len = r->headers_in.server.len;
    req.uri = uri;
    req.uri_len = len;

    if (art_request_info(&info, &alloc, alcf->core, &req) != 0) {
        art_request_info_free(&info);
        return NGX_ERROR;
    }

    if (info.canonical_url.len) {
        p = info.canonical_url.data;
        last = p + info.canonical_url.len;

        p = ngx_strlcasestrn(p, last, (u_char *) "://", 3 - 1);
        p = (p == NULL) ? info.canonical_url.data : p + 3;

        while (p < last && *p != '/') {
            p++;
        }

        uri = p;
        len = last - p;
    }

    path->len = len ? len : 1;
    path->data = ngx_pnalloc(r->pool, path->len);
    if (path->data == NULL) {
        art_request_info_free(&info);
        return NGX_ERROR;
    }

    if (len) {
        ngx_memcpy(path->data, uri, len);

    } else {
        path->data[0] = '/';
    }

    if (host != NULL) {
        if (info.mirror_host.len) {
            host->len = info.mirror_host.len;
            host->data = ngx_pnalloc(r->pool, host->len);
            if (host->data == NULL) {
                art_request_info_free(&info);
                return NGX_ERROR;
            }

            ngx_memcpy(host->data, info.mirror_host.data, host->len);

        } else {
            ngx_http_core_srv_conf_t  *cscf;

            /* no mirrors known: the server's own name */
            cscf = ngx_http_get_module_srv_conf(r, ngx_http_core_module);
            *host = cscf->server_name;
        }
    }

    art_request_info_free(&info);

    return NGX_OK;
}


static void
ngx_http_article_cache_cleanup(void *data)
{
    ngx_http_article_cache_ctx_t  *ctx = data;

    if (ctx->md != NULL) {
        EVP_MD_CTX_free(ctx->md);
        ctx->md = NULL;
    }

    ngx_http_article_cache_unlock(ctx);
    ngx_http_article_cache_unpin(ctx);
}


static ngx_http_article_cache_ctx_t *
ngx_http_article_cache_create(ngx_http_request_t *r,
    ngx_http_article_cache_conf_t *conf, ngx_http_article_loc_conf_t *alcf)
{
    u_char                         fp[32];
    ngx_str_t                      key, host, scheme, parts[2];
    ngx_pool_cleanup_t            *cln;
    ngx_http_article_cache_ctx_t  *ctx;

    ctx = ngx_pcalloc(r->pool, sizeof(ngx_http_article_cache_ctx_t));
    if (ctx == NULL) {
        return NULL;
    }

    ctx->request = r;
    ctx->conf = conf;
    ctx->zone = conf->zone->data;
    ctx->last_modified = -1;

    if (ngx_http_article_cache_page(r, alcf, r->unparsed_uri.data,
                                    r->unparsed_uri.len, &ctx->path, &host)
        != NGX_OK)
    {
        return NULL;
    }

    if (conf->key != NULL) {
        if (ngx_http_complex_value(r, conf->key, &key) != NGX_OK) {
            return NULL;
        }

    } else {
        /* scheme://host/path?args */
        ngx_str_set(&scheme, "http");

#if (NGX_HTTP_SSL)
        if (r->connection->ssl) {
            ngx_str_set(&scheme, "https");
        }
#endif

        key.len = scheme.len + 3 + host.len + ctx->path.len;
        key.data = ngx_pnalloc(r->pool, key.len);
        if (key.data == NULL) {
            return NULL;
        }

        ngx_sprintf(key.data, "%V://%V%V", &scheme, &host, &ctx->path);
    }

    /* rewriting settings of another fingerprint make another page */
    art_conf_fingerprint(alcf->core, fp);

    ngx_log_debug3(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                   "article cache key: \"%V\", settings %*xs", &key,
                   (size_t) 8, fp);

    parts[0].data = fp;
    parts[0].len = sizeof(fp);
    parts[1] = key;

    if (ngx_http_article_cache_sha256(ngx_http_article_cache_md(r), parts, 2,
                                      ctx->hash)
        != NGX_OK)
    {
        return NULL;
    }

    if (ngx_array_init(&ctx->headers, r->pool, 4,
                       sizeof(ngx_http_article_cache_hdr_t))
        != NGX_OK)
    {
        return NULL;
    }

    cln = ngx_pool_cleanup_add(r->pool, 0);
    if (cln == NULL) {
        return NULL;
    }

    cln->handler = ngx_http_article_cache_cleanup;
    cln->data = ctx;

    ngx_http_set_ctx(r, ctx, ngx_http_article_cache_module);

    return ctx;
}


/* the tree and the queue; the zone's mutex is held */

static void
ngx_http_article_cache_rbtree_insert_value(ngx_rbtree_node_t *temp,
    ngx_rbtree_node_t *node, ngx_rbtree_node_t *sentinel)
{
    ngx_rbtree_node_t              **p;
    ngx_http_article_cache_node_t   *n, *t;

    for ( ;; ) {

        if (node->key < temp->key) {
            p = &temp->left;

        } else if (node->key > temp->key) {
            p = &temp->right;

        } else {
            n = (ngx_http_article_cache_node_t *) node;
            t = (ngx_http_article_cache_node_t *) temp;

            p = (ngx_memcmp(n->hash, t->hash, NGX_HTTP_ARTICLE_CACHE_HASH)
                 < 0) ? &temp->left : &temp->right;
        }

        if (*p == sentinel) {
            break;
        }

        temp = *p;
    }

    *p = node;
    node->parent = temp;
    node->left = sentinel;
    node->right = sentinel;
    ngx_rbt_red(node);
}


static ngx_rbtree_key_t
ngx_http_article_cache_tree_key(u_char *hash)
{
    ngx_rbtree_key_t  key;

    ngx_memcpy(&key, hash, sizeof(ngx_rbtree_key_t));

    return key;
}


static ngx_http_article_cache_node_t *
ngx_http_article_cache_find(ngx_http_article_cache_zone_t *zone, u_char *hash)
{
    ngx_int_t                       rc;
    ngx_rbtree_key_t                key;
    ngx_rbtree_node_t              *node, *sentinel;
    ngx_http_article_cache_node_t  *cn;

    key = ngx_http_article_cache_tree_key(hash);

    node = zone->sh->rbtree.root;
    sentinel = zone->sh->rbtree.sentinel;

    while (node != sentinel) {

        if (key < node->key) {
            node = node->left;
            continue;
        }

        if (key > node->key) {
            node = node->right;
            continue;
        }

        cn = (ngx_http_article_cache_node_t *) node;

        rc = ngx_memcmp(hash, cn->hash, NGX_HTTP_ARTICLE_CACHE_HASH);

        if (rc == 0) {
            return cn;
        }

        node = (rc < 0) ? node->left : node->right;
    }

    return NULL;
}


static void
ngx_http_article_cache_link(ngx_http_article_cache_zone_t *zone,
    ngx_http_article_cache_node_t *cn)
{
    cn->node.key = ngx_http_article_cache_tree_key(cn->hash);
    ngx_rbtree_insert(&zone->sh->rbtree, &cn->node);
    ngx_queue_insert_head(&zone->sh->lru, &cn->queue);

    if (cn->data) {
        zone->sh->entries++;
    }
}


static void
ngx_http_article_cache_remove(ngx_http_article_cache_zone_t *zone,
    ngx_http_article_cache_node_t *cn)
{
    ngx_rbtree_delete(&zone->sh->rbtree, &cn->node);
    ngx_queue_remove(&cn->queue);

    if (cn->data) {
        zone->sh->entries--;
    }

    if (cn->refs) {
        /* requests still send its body: the last one frees it */
        cn->removed = 1;
        return;
    }

    ngx_slab_free_locked(zone->shpool, cn);
}


static ngx_uint_t
ngx_http_article_cache_locked(ngx_http_article_cache_node_t *cn)
{
    return cn->lock_pid != 0
           && (ngx_msec_int_t) (cn->lock_expire - ngx_current_msec) > 0;
}


static void
ngx_http_article_cache_take_lock(ngx_http_article_cache_ctx_t *ctx,
    ngx_http_article_cache_node_t *cn)
{
    cn->lock_pid = ngx_pid;
    cn->lock_ctx = (uintptr_t) ctx;
    cn->lock_expire = ngx_current_msec + ctx->conf->lock_timeout;
    ctx->locked = 1;
}


/* entries not used for "inactive" go, a couple at a time */
static void
ngx_http_article_cache_expire(ngx_http_article_cache_zone_t *zone,
    time_t now)
{
    ngx_uint_t                      n;
    ngx_queue_t                    *q;
    ngx_http_article_cache_node_t  *cn;

    for (n = 0; n < 2; n++) {

        if (ngx_queue_empty(&zone->sh->lru)) {
            return;
        }

        q = ngx_queue_last(&zone->sh->lru);
        cn = ngx_queue_data(q, ngx_http_article_cache_node_t, queue);

        if (now - cn->accessed < zone->inactive
            || ngx_http_article_cache_locked(cn))
        {
            return;
        }

        ngx_http_article_cache_remove(zone, cn);
    }
}


/* slab memory, the least recently used entries going while it lacks */
static void *
ngx_http_article_cache_alloc(ngx_http_article_cache_zone_t *zone,
    size_t size)
{
    void                           *p;
    ngx_queue_t                    *q;
    ngx_http_article_cache_node_t  *cn;

    for ( ;; ) {
        p = ngx_slab_alloc_locked(zone->shpool, size);
        if (p != NULL) {
            return p;
        }

        if (ngx_queue_empty(&zone->sh->lru)) {
            return NULL;
        }

        q = ngx_queue_last(&zone->sh->lru);
        cn = ngx_queue_data(q, ngx_http_article_cache_node_t, queue);

        if (cn->data) {
            zone->sh->evictions++;
        }

        ngx_http_article_cache_remove(zone, cn);
    }
}


/* the access side */

static ngx_int_t
ngx_http_article_cache_handler(ngx_http_request_t *r)
{
    ngx_int_t                       rc;
    ngx_http_article_cache_ctx_t   *ctx;
    ngx_http_article_loc_conf_t    *alcf;
    ngx_http_article_cache_conf_t  *conf;

    if (r != r->main) {
        return NGX_DECLINED;
    }

    conf = ngx_http_get_module_loc_conf(r, ngx_http_article_cache_module);

    if (conf->zone == NULL) {
        return NGX_DECLINED;
    }

    alcf = ngx_http_get_module_loc_conf(r, ngx_http_article_module);

    if (!art_conf_enabled(alcf->core)) {
        /* nothing is rewritten here, so nothing is ever stored */
        return NGX_DECLINED;
    }

    ctx = ngx_http_get_module_ctx(r, ngx_http_article_cache_module);

    if (ctx != NULL) {
        if (!ctx->waiting) {
            return NGX_DECLINED;
        }

        ctx->waiting = 0;
        goto lookup;
    }

    if (r->method == NGX_HTTP_UNKNOWN
        && r->method_name.len == 5
        && ngx_strncmp(r->method_name.data, "PURGE", 5) == 0)
    {
        if (conf->purge == NULL) {
            return NGX_DECLINED;
        }

        rc = ngx_http_article_cache_purge(r, conf, alcf);

        if (rc == NGX_DONE) {
            return NGX_DONE;
        }

        return (rc == NGX_ERROR) ? NGX_HTTP_INTERNAL_SERVER_ERROR : rc;
    }

    if (!(r->method & conf->methods)) {
        return NGX_DECLINED;
    }

    ctx = ngx_http_article_cache_create(r, conf, alcf);
    if (ctx == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (r->headers_in.authorization != NULL) {
        /* a page for one reader: neither taken from the cache nor stored */
        ctx->cache_status = NGX_HTTP_ARTICLE_CACHE_BYPASS;
        ctx->no_store = 1;
        (void) ngx_atomic_fetch_add(&ctx->zone->sh->bypasses, 1);
        return NGX_DECLINED;
    }

    switch (ngx_http_test_predicates(r, conf->bypass)) {

    case NGX_ERROR:
        return NGX_HTTP_INTERNAL_SERVER_ERROR;

    case NGX_DECLINED:
        /* fetched from the upstream, and not stored either */
        ctx->cache_status = NGX_HTTP_ARTICLE_CACHE_BYPASS;
        ctx->no_store = 1;
        (void) ngx_atomic_fetch_add(&ctx->zone->sh->bypasses, 1);
        return NGX_DECLINED;

    default: /* NGX_OK */
        break;
    }

lookup:

    switch (ngx_http_article_cache_lookup(r, ctx)) {

    case NGX_HTTP_ARTICLE_CACHE_SERVE:
        rc = ngx_http_article_cache_send(r, ctx);
        ngx_http_finalize_request(r, rc);
        return NGX_DONE;

    case NGX_HTTP_ARTICLE_CACHE_WAIT:
        return ngx_http_article_cache_wait(r, ctx);

    case NGX_ERROR:
        return NGX_HTTP_INTERNAL_SERVER_ERROR;

    default: /* NGX_HTTP_ARTICLE_CACHE_GO */
        return NGX_DECLINED;
    }
}


static ngx_int_t
ngx_http_article_cache_lookup(ngx_http_request_t *r,
    ngx_http_article_cache_ctx_t *ctx)
{
    time_t                          now;
    ngx_int_t                       rc;
    ngx_uint_t                      may_lock, may_wait;
    u_char                          variant[NGX_HTTP_ARTICLE_CACHE_HASH];
    ngx_http_article_cache_sh_t    *sh;
    ngx_http_article_cache_node_t  *cn;
    ngx_http_article_cache_zone_t  *zone;
    ngx_http_article_cache_conf_t  *conf;

    conf = ctx->conf;
    zone = ctx->zone;
    sh = zone->sh;
    now = ngx_time();

    /*
     * A request that has waited for the lock either finds the page or goes
     * to the upstream without storing what it gets; it never takes the
     * lock itself.  The lock lasts lock_timeout: a request that comes
     * later than that after the one holding it fetches the page too.
     */
    may_wait = conf->lock
               && (ctx->wait_start == 0
                   || ngx_current_msec - ctx->wait_start < conf->lock_timeout);
    may_lock = conf->lock && r->method == NGX_HTTP_GET && ctx->wait_start == 0;

    rc = NGX_HTTP_ARTICLE_CACHE_GO;

    ngx_shmtx_lock(&zone->shpool->mutex);

    ngx_http_article_cache_expire(zone, now);

    cn = ngx_http_article_cache_find(zone, ctx->hash);

    if (cn != NULL && cn->data) {

        if (cn->expire > now) {

            if (cn->vary.len
                && (ngx_http_article_cache_variant(r, &cn->vary, variant)
                    != NGX_OK
                    || ngx_memcmp(variant, cn->variant,
                                  NGX_HTTP_ARTICLE_CACHE_HASH)
                       != 0))
            {
                /* another variant: fetched, and stored in its place */
                ctx->cache_status = NGX_HTTP_ARTICLE_CACHE_MISS;
                sh->misses++;
                goto done;
            }

            cn->refs++;
            ctx->pinned = cn;
            cn->accessed = now;
            ngx_queue_remove(&cn->queue);
            ngx_queue_insert_head(&sh->lru, &cn->queue);

            ctx->cache_status = NGX_HTTP_ARTICLE_CACHE_HIT;
            sh->hits++;
            rc = NGX_HTTP_ARTICLE_CACHE_SERVE;
            goto done;
        }

        /* expired */

        if (ngx_http_article_cache_locked(cn)) {

            if (conf->use_stale & NGX_HTTP_ARTICLE_CACHE_STALE_UPDATING) {
                cn->refs++;
                ctx->pinned = cn;
                ctx->cache_status = NGX_HTTP_ARTICLE_CACHE_UPDATING;
                sh->updating++;
                rc = NGX_HTTP_ARTICLE_CACHE_SERVE;
                goto done;
            }

            if (may_wait) {
                rc = NGX_HTTP_ARTICLE_CACHE_WAIT;
                goto done;
            }

        } else if (may_lock
                   || ((conf->use_stale
                        & NGX_HTTP_ARTICLE_CACHE_STALE_UPDATING)
                       && r->method == NGX_HTTP_GET
                       && ctx->wait_start == 0))
        {
            ngx_http_article_cache_take_lock(ctx, cn);
        }

        if (conf->use_stale & NGX_HTTP_ARTICLE_CACHE_STALE_ERROR) {
            cn->refs++;
            ctx->pinned = cn;
            ctx->stale_error = 1;
        }

        ctx->cache_status = NGX_HTTP_ARTICLE_CACHE_EXPIRED;
        sh->expired++;
        goto done;
    }

    if (cn != NULL) {
        /* the lock of a page fetched for the first time */

        if (ngx_http_article_cache_locked(cn)) {
            if (may_wait) {
                rc = NGX_HTTP_ARTICLE_CACHE_WAIT;
                goto done;
            }

        } else if (may_lock) {
            ngx_http_article_cache_take_lock(ctx, cn);
        }

    } else if (may_lock) {
        cn = ngx_http_article_cache_alloc(zone,
                                       sizeof(ngx_http_article_cache_node_t));

        if (cn != NULL) {
            ngx_memzero(cn, sizeof(ngx_http_article_cache_node_t));
            ngx_memcpy(cn->hash, ctx->hash, NGX_HTTP_ARTICLE_CACHE_HASH);
            cn->accessed = now;
            cn->last_modified = -1;
            ngx_http_article_cache_take_lock(ctx, cn);
            ngx_http_article_cache_link(zone, cn);
        }
    }

    ctx->cache_status = NGX_HTTP_ARTICLE_CACHE_MISS;
    sh->misses++;

done:

    ngx_shmtx_unlock(&zone->shpool->mutex);

    if (rc == NGX_HTTP_ARTICLE_CACHE_GO && ctx->wait_start) {
        /* waited for the lock in vain: fetched, not stored */
        ctx->no_store = 1;
    }

    ngx_log_debug2(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                   "article cache lookup: %V, %i",
                   &ngx_http_article_cache_status_names[ctx->cache_status],
                   rc);

    return rc;
}


/* wait for the request that fetches the page, looking again now and then */
static ngx_int_t
ngx_http_article_cache_wait(ngx_http_request_t *r,
    ngx_http_article_cache_ctx_t *ctx)
{
    ngx_msec_t  delay, waited;

    if (ctx->wait_start == 0) {
        ctx->wait_start = ngx_current_msec ? ngx_current_msec : 1;
    }

    waited = ngx_current_msec - ctx->wait_start;
    delay = NGX_HTTP_ARTICLE_CACHE_LOCK_POLL;

    if (ctx->conf->lock_timeout > waited
        && ctx->conf->lock_timeout - waited < delay)
    {
        delay = ctx->conf->lock_timeout - waited;
    }

    ngx_log_debug1(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                   "article cache: waiting for the lock, %M ms", waited);

    ctx->waiting = 1;

    r->read_event_handler = ngx_http_test_reading;
    r->write_event_handler = ngx_http_article_cache_wait_handler;

    r->connection->write->delayed = 1;
    ngx_add_timer(r->connection->write, delay);

    return NGX_AGAIN;
}


static void
ngx_http_article_cache_wait_handler(ngx_http_request_t *r)
{
    ngx_event_t  *wev;

    wev = r->connection->write;

    if (wev->delayed) {

        if (ngx_handle_write_event(wev, 0) != NGX_OK) {
            ngx_http_finalize_request(r, NGX_HTTP_INTERNAL_SERVER_ERROR);
        }

        return;
    }

    if (ngx_handle_read_event(r->connection->read, 0) != NGX_OK) {
        ngx_http_finalize_request(r, NGX_HTTP_INTERNAL_SERVER_ERROR);
        return;
    }

    r->read_event_handler = ngx_http_block_reading;
    r->write_event_handler = ngx_http_core_run_phases;

    ngx_http_core_run_phases(r);
}


/* the response headers of an entry */
static ngx_int_t
ngx_http_article_cache_set_headers(ngx_http_request_t *r,
    ngx_http_article_cache_node_t *cn)
{
    time_t                         age;
    u_char                        *p;
    ngx_uint_t                     i;
    ngx_table_elt_t               *h;
    ngx_http_article_cache_hdr_t  *hdr;

    r->headers_out.status = cn->status;
    r->headers_out.status_line.len = 0;
    r->headers_out.content_type = cn->content_type;
    r->headers_out.content_type_len = cn->content_type_len;
    r->headers_out.content_type_lowcase = NULL;
    r->headers_out.charset = cn->charset;
    r->headers_out.content_length_n = cn->body_len;
    r->headers_out.last_modified_time = cn->last_modified;

    hdr = cn->headers;

    for (i = 0; i < cn->nheaders; i++) {
        h = ngx_list_push(&r->headers_out.headers);
        if (h == NULL) {
            return NGX_ERROR;
        }

        h->hash = 1;
        h->key = hdr[i].key;
        h->value = hdr[i].value;
        h->lowcase_key = NULL;
    }

    h = ngx_list_push(&r->headers_out.headers);
    if (h == NULL) {
        return NGX_ERROR;
    }

    h->hash = 1;
    ngx_str_set(&h->key, "ETag");
    h->value = cn->etag;
    h->lowcase_key = NULL;
    r->headers_out.etag = h;

    h = ngx_list_push(&r->headers_out.headers);
    if (h == NULL) {
        return NGX_ERROR;
    }

    p = ngx_pnalloc(r->pool, NGX_TIME_T_LEN);
    if (p == NULL) {
        return NGX_ERROR;
    }

    age = ngx_time() - cn->date;

    h->hash = 1;
    ngx_str_set(&h->key, "Age");
    h->value.data = p;
    h->value.len = ngx_sprintf(p, "%T", age > 0 ? age : 0) - p;
    h->lowcase_key = NULL;

    r->allow_ranges = 1;

    return NGX_OK;
}


/* the headers go out past the article filter: the page is rewritten already */
static ngx_int_t
ngx_http_article_cache_next_header(ngx_http_request_t *r,
    ngx_http_article_cache_conf_t *conf, ngx_uint_t top)
{
    void       **loc_conf, **off;
    ngx_int_t    rc;

    ngx_http_article_cache_main_conf_t  *cmcf;

    off = conf->loc_conf_off;

    if (off == NULL
        || off[ngx_http_article_cache_module.ctx_index] != conf)
    {
        /* a configuration it was not made for: make one for this request */
        ngx_http_article_loc_conf_t  *alcf;

        cmcf = ngx_http_get_module_main_conf(r, ngx_http_article_cache_module);

        off = ngx_palloc(r->pool, sizeof(void *) * ngx_http_max_module);
        alcf = ngx_palloc(r->pool, sizeof(ngx_http_article_loc_conf_t));
        if (off == NULL || alcf == NULL) {
            return NGX_ERROR;
        }

        ngx_memcpy(off, r->loc_conf, sizeof(void *) * ngx_http_max_module);
        *alcf = *(ngx_http_article_loc_conf_t *)
                   r->loc_conf[ngx_http_article_module.ctx_index];
        alcf->core = cmcf->core_off;
        off[ngx_http_article_module.ctx_index] = alcf;
    }

    loc_conf = r->loc_conf;
    r->loc_conf = off;

    rc = top ? ngx_http_send_header(r) : ngx_http_next_header_filter(r);

    r->loc_conf = loc_conf;

    return rc;
}


static ngx_int_t
ngx_http_article_cache_body_out(ngx_http_request_t *r,
    ngx_http_article_cache_node_t *cn, ngx_uint_t top)
{
    ngx_buf_t    *b;
    ngx_chain_t   out;

    b = ngx_calloc_buf(r->pool);
    if (b == NULL) {
        return NGX_ERROR;
    }

    if (cn->body_len) {
        /* the zone's memory itself: the entry is pinned until the end */
        b->memory = 1;
        b->pos = cn->body;
        b->last = cn->body + cn->body_len;
    }

    b->last_buf = (r == r->main) ? 1 : 0;
    b->last_in_chain = 1;

    out.buf = b;
    out.next = NULL;

    return top ? ngx_http_output_filter(r, &out)
               : ngx_http_next_body_filter(r, &out);
}


static ngx_int_t
ngx_http_article_cache_send(ngx_http_request_t *r,
    ngx_http_article_cache_ctx_t *ctx)
{
    ngx_int_t  rc;

    rc = ngx_http_discard_request_body(r);
    if (rc != NGX_OK) {
        return rc;
    }

    if (ngx_http_article_cache_set_headers(r, ctx->pinned) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    rc = ngx_http_article_cache_next_header(r, ctx->conf, 1);

    if (rc == NGX_ERROR || rc > NGX_OK || r->header_only) {
        return rc;
    }

    return ngx_http_article_cache_body_out(r, ctx->pinned, 1);
}


/* PURGE /path and PURGE /prefix* */
static ngx_int_t
ngx_http_article_cache_purge(ngx_http_request_t *r,
    ngx_http_article_cache_conf_t *conf, ngx_http_article_loc_conf_t *alcf)
{
    u_char                         *p, *last;
    size_t                          len;
    ngx_int_t                       rc;
    ngx_str_t                       path;
    ngx_uint_t                      prefix, n;
    ngx_queue_t                    *q, *next;
    ngx_http_article_cache_node_t  *cn;
    ngx_http_article_cache_zone_t  *zone;

    if (ngx_cidr_match(r->connection->sockaddr, conf->purge) != NGX_OK) {
        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                      "article cache: purge from %V is not allowed",
                      &r->connection->addr_text);
        return NGX_HTTP_FORBIDDEN;
    }

    rc = ngx_http_discard_request_body(r);
    if (rc != NGX_OK) {
        return rc;
    }

    p = r->unparsed_uri.data;
    len = r->unparsed_uri.len;

    prefix = 0;

    last = ngx_strlchr(p, p + len, '?');
    if (last != NULL) {
        len = last - p;
    }

    if (len && p[len - 1] == '*') {
        /* a prefix of paths: arguments, if any, are not looked at */
        prefix = 1;
        len--;

    } else {
        len = r->unparsed_uri.len;
    }

    if (ngx_http_article_cache_page(r, alcf, p, len, &path, NULL) != NGX_OK) {
        return NGX_ERROR;
    }

    if (prefix && len == 0) {
        path.len = 0;
    }

    zone = conf->zone->data;
    n = 0;

    ngx_shmtx_lock(&zone->shpool->mutex);

    for (q = ngx_queue_head(&zone->sh->lru);
         q != ngx_queue_sentinel(&zone->sh->lru);
         q = next)
    {
        next = ngx_queue_next(q);
        cn = ngx_queue_data(q, ngx_http_article_cache_node_t, queue);

        if (!cn->data) {
            continue;
        }

        if (prefix ? (cn->path.len >= path.len
                      && ngx_memcmp(cn->path.data, path.data, path.len) == 0)
                   : (cn->path.len == path.len
                      && ngx_memcmp(cn->path.data, path.data, path.len) == 0))
        {
            ngx_http_article_cache_remove(zone, cn);
            n++;
        }
    }

    zone->sh->purged += n;

    ngx_shmtx_unlock(&zone->shpool->mutex);

    ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                  "article cache: purge of \"%V%s\" removed %ui entries",
                  &path, prefix ? "*" : "", n);

    if (n == 0) {
        return NGX_HTTP_NOT_FOUND;
    }

    r->headers_out.status = NGX_HTTP_NO_CONTENT;
    r->headers_out.content_length_n = 0;
    r->header_only = 1;

    rc = ngx_http_send_header(r);

    ngx_http_finalize_request(r, rc);

    return NGX_DONE;
}


/* a pinned entry is let go; a removed one is freed by its last reader */
static void
ngx_http_article_cache_unpin(ngx_http_article_cache_ctx_t *ctx)
{
    ngx_http_article_cache_node_t  *cn;
    ngx_http_article_cache_zone_t  *zone;

    cn = ctx->pinned;

    if (cn == NULL) {
        return;
    }

    ctx->pinned = NULL;
    zone = ctx->zone;

    ngx_shmtx_lock(&zone->shpool->mutex);

    cn->refs--;

    if (cn->refs == 0 && cn->removed) {
        ngx_slab_free_locked(zone->shpool, cn);
    }

    ngx_shmtx_unlock(&zone->shpool->mutex);
}


/* others waiting for this page go on */
static void
ngx_http_article_cache_unlock(ngx_http_article_cache_ctx_t *ctx)
{
    ngx_http_article_cache_node_t  *cn;
    ngx_http_article_cache_zone_t  *zone;

    if (!ctx->locked) {
        return;
    }

    ctx->locked = 0;
    zone = ctx->zone;

    ngx_shmtx_lock(&zone->shpool->mutex);

    cn = ngx_http_article_cache_find(zone, ctx->hash);

    if (cn != NULL
        && cn->lock_pid == ngx_pid
        && cn->lock_ctx == (uintptr_t) ctx)
    {
        if (cn->data) {
            cn->lock_pid = 0;
            cn->lock_ctx = 0;

        } else {
            ngx_http_article_cache_remove(zone, cn);
        }
    }

    ngx_shmtx_unlock(&zone->shpool->mutex);
}


static void
ngx_http_article_cache_give_up(ngx_http_article_cache_ctx_t *ctx)
{
    ctx->store = 0;

    if (ctx->body != NULL) {
        (void) ngx_pfree(ctx->request->pool, ctx->body);
        ctx->body = NULL;
        ctx->len = 0;
        ctx->size = 0;
    }

    if (ctx->md != NULL) {
        EVP_MD_CTX_free(ctx->md);
        ctx->md = NULL;
    }

    ngx_http_article_cache_unlock(ctx);
}


/* the filter's side: storing */

static time_t
ngx_http_article_cache_valid_for(ngx_array_t *valid, ngx_uint_t status)
{
    ngx_uint_t                       i;
    ngx_http_article_cache_valid_t  *v;

    if (valid == NULL) {
        return 0;
    }

    v = valid->elts;

    for (i = 0; i < valid->nelts; i++) {
        if (v[i].status == 0 || v[i].status == status) {
            return v[i].valid;
        }
    }

    return 0;
}


/*
 * What Cache-Control says: -1 when the page may not be kept, else the
 * max-age (s-maxage first, this being a shared cache), NGX_MAX_INT_T_VALUE
 * when it gives none.
 */
static time_t
ngx_http_article_cache_control(ngx_str_t *value, time_t max)
{
    u_char  *p, *last, *name;
    size_t   len;
    time_t   n, s_maxage, max_age;

    s_maxage = -1;
    max_age = -1;

    p = value->data;
    last = p + value->len;

    while (p < last) {

        while (p < last && (*p == ',' || *p == ' ' || *p == '\t')) {
            p++;
        }

        name = p;

        while (p < last && *p != ',' && *p != '=' && *p != ' ') {
            p++;
        }

        len = p - name;

        if ((len == 7 && ngx_strncasecmp(name, (u_char *) "private", 7) == 0)
            || (len == 8
                && ngx_strncasecmp(name, (u_char *) "no-store", 8) == 0)
            || (len == 8
                && ngx_strncasecmp(name, (u_char *) "no-cache", 8) == 0))
        {
            return -1;
        }

        n = -1;

        if (p < last && *p == '=') {
            u_char  *v;

            p++;

            if (p < last && *p == '"') {
                p++;
            }

            v = p;

            while (p < last && *p >= '0' && *p <= '9') {
                p++;
            }

            if (p > v) {
                n = ngx_atotm(v, p - v);
            }

            while (p < last && *p != ',') {
                p++;
            }
        }

        if (len == 8 && ngx_strncasecmp(name, (u_char *) "s-maxage", 8) == 0) {
            s_maxage = n;

        } else if (len == 7
                   && ngx_strncasecmp(name, (u_char *) "max-age", 7) == 0)
        {
            max_age = n;
        }

        while (p < last && *p != ',') {
            p++;
        }
    }

    n = (s_maxage >= 0) ? s_maxage : max_age;

    if (n < 0) {
        return max;
    }

    return n;
}


ngx_int_t
ngx_http_article_cache_header(ngx_http_request_t *r,
    ngx_http_article_ctx_t *actx)
{
    time_t                          valid, now, t;
    ngx_str_t                      *vary;
    ngx_list_t                     *origin;
    const char                     *why;
    ngx_table_elt_t                *h;
    ngx_http_article_cache_ctx_t   *ctx;
    ngx_http_article_loc_conf_t    *alcf;
    ngx_http_article_cache_conf_t  *conf;

    conf = ngx_http_get_module_loc_conf(r, ngx_http_article_cache_module);

    if (conf->zone == NULL || r != r->main) {
        return NGX_OK;
    }

    ctx = ngx_http_get_module_ctx(r, ngx_http_article_cache_module);

    if (ctx == NULL) {
        /* the page was not looked up here (an internal redirect) */

        if (r->method != NGX_HTTP_GET || !(conf->methods & NGX_HTTP_GET)) {
            return NGX_OK;
        }

        alcf = ngx_http_get_module_loc_conf(r, ngx_http_article_module);

        ctx = ngx_http_article_cache_create(r, conf, alcf);
        if (ctx == NULL) {
            return NGX_ERROR;
        }

        ctx->cache_status = NGX_HTTP_ARTICLE_CACHE_MISS;
    }

    now = ngx_time();
    why = NULL;
    vary = NULL;
    valid = 0;

    if (r->method != NGX_HTTP_GET) {
        why = "the method";

    } else if (ctx->no_store) {
        why = "the request";

    } else if (r->headers_in.authorization != NULL) {
        why = "Authorization";

    } else {
        switch (ngx_http_test_predicates(r, conf->no_store)) {

        case NGX_ERROR:
            return NGX_ERROR;

        case NGX_DECLINED:
            why = "article_cache_no_store";
            break;

        default:
            valid = ngx_http_article_cache_valid_for(conf->valid,
                                                     r->headers_out.status);
            if (valid <= 0) {
                why = "the status";
            }
        }
    }

    origin = ngx_http_article_cache_origin_headers(r);

    if (why == NULL
        && ngx_http_article_cache_find_header(origin, (u_char *) "Set-Cookie",
                                              sizeof("Set-Cookie") - 1, NULL))
    {
        why = "Set-Cookie";
    }

    if (why == NULL) {
        ngx_uint_t  cc;

        cc = 0;

        for (h = ngx_http_article_cache_find_header(origin,
                                   (u_char *) "Cache-Control", 13, NULL);
             h;
             h = ngx_http_article_cache_find_header(origin,
                                   (u_char *) "Cache-Control", 13, h))
        {
            t = ngx_http_article_cache_control(&h->value, valid);

            if (t < 0) {
                why = "Cache-Control";
                break;
            }

            if (t != valid) {
                cc = 1;
            }

            if (t < valid) {
                valid = t;
            }
        }

        if (why == NULL && !cc) {
            /* max-age, where given, wins over Expires */
            h = ngx_http_article_cache_find_header(origin,
                                                   (u_char *) "Expires", 7,
                                                   NULL);
            if (h != NULL) {
                t = ngx_parse_http_time(h->value.data, h->value.len);

                if (t == NGX_ERROR || t - now < valid) {
                    valid = (t == NGX_ERROR) ? 0 : t - now;
                }
            }
        }

        if (why == NULL && valid <= 0) {
            why = "its validity";
        }
    }

    for (h = ngx_http_article_cache_find_header(origin, (u_char *) "Vary", 4,
                                                NULL);
         why == NULL && h;
         h = ngx_http_article_cache_find_header(origin, (u_char *) "Vary", 4,
                                                h))
    {
        if (ngx_strlchr(h->value.data, h->value.data + h->value.len, '*')) {
            why = "Vary: *";
        }
    }

    if (why == NULL) {
        size_t   len;
        u_char  *p;

        /* the Vary that the reader gets from the upstream: the page's own */

        len = 0;

        for (h = ngx_http_article_cache_find_header(&r->headers_out.headers,
                                                    (u_char *) "Vary", 4,
                                                    NULL);
             h;
             h = ngx_http_article_cache_find_header(&r->headers_out.headers,
                                                    (u_char *) "Vary", 4, h))
        {
            if (ngx_http_article_cache_from_upstream(r, h)) {
                len += h->value.len + 2;
            }
        }

        if (len) {
            p = ngx_pnalloc(r->pool, len);
            if (p == NULL) {
                return NGX_ERROR;
            }

            ctx->vary.data = p;

            for (h = ngx_http_article_cache_find_header(
                         &r->headers_out.headers, (u_char *) "Vary", 4, NULL);
                 h;
                 h = ngx_http_article_cache_find_header(
                         &r->headers_out.headers, (u_char *) "Vary", 4, h))
            {
                if (!ngx_http_article_cache_from_upstream(r, h)) {
                    continue;
                }

                if (p != ctx->vary.data) {
                    *p++ = ',';
                    *p++ = ' ';
                }

                p = ngx_cpymem(p, h->value.data, h->value.len);
            }

            ctx->vary.len = p - ctx->vary.data;
            vary = &ctx->vary;
        }
    }

    if (why != NULL) {
        ngx_log_debug1(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                       "article cache: not stored because of %s", why);
        ngx_http_article_cache_give_up(ctx);
        return NGX_OK;
    }

    if (vary != NULL
        && ngx_http_article_cache_variant(r, vary, ctx->variant) != NGX_OK)
    {
        ngx_http_article_cache_give_up(ctx);
        return NGX_OK;
    }

    ctx->md = EVP_MD_CTX_new();

    if (ctx->md == NULL
        || EVP_DigestInit_ex(ctx->md, ngx_http_article_cache_md(r), NULL) != 1)
    {
        ngx_http_article_cache_give_up(ctx);
        return NGX_OK;
    }

    ctx->date = now;
    ctx->valid = valid;
    ctx->store = 1;
    actx->cache = ctx;

    return NGX_OK;
}


ngx_int_t
ngx_http_article_cache_headers_out(ngx_http_request_t *r,
    ngx_http_article_ctx_t *actx)
{
    ngx_uint_t                      i, k;
    art_buf_t                       link;
    ngx_list_part_t                *part;
    ngx_table_elt_t                *h;
    ngx_http_article_cache_ctx_t   *ctx;
    ngx_http_article_cache_hdr_t   *hdr;

    ctx = actx->cache;

    if (ctx == NULL || !ctx->store) {
        return NGX_OK;
    }

    /* the canonical Link of the filter: as it has just been added */
    art_buf_init(&link, &actx->alloc);

    if (art_page_link_header(actx->page, &link) != 0) {
        art_buf_free(&link);
        return NGX_ERROR;
    }

    ctx->status = r->headers_out.status;
    ctx->content_type = r->headers_out.content_type;
    ctx->content_type_len = r->headers_out.content_type_len;
    ctx->charset = r->headers_out.charset;
    ctx->last_modified = r->headers_out.last_modified_time;

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

        for (k = 0; ngx_http_article_cache_kept[k].len; k++) {
            if (h[i].key.len == ngx_http_article_cache_kept[k].len
                && ngx_strncasecmp(h[i].key.data,
                                   ngx_http_article_cache_kept[k].data,
                                   h[i].key.len)
                   == 0)
            {
                break;
            }
        }

        if (ngx_http_article_cache_kept[k].len == 0) {
            continue;
        }

        /*
         * Kept: what the upstream sent, the canonical Link and the
         * Onion-Location of the article filter; not what this location
         * adds to every answer, the cached ones included.
         */

        if (!ngx_http_article_cache_from_upstream(r, &h[i])
            && !(k == 0
                 && link.len == h[i].value.len
                 && ngx_strncmp(link.data, h[i].value.data, link.len) == 0)
            && !(k == 1
                 && actx->info.onion_location.len == h[i].value.len
                 && ngx_strncmp(actx->info.onion_location.data,
                                h[i].value.data, h[i].value.len)
                    == 0))
        {
            continue;
        }

        hdr = ngx_array_push(&ctx->headers);
        if (hdr == NULL) {
            art_buf_free(&link);
            return NGX_ERROR;
        }

        hdr->key = ngx_http_article_cache_kept[k];
        hdr->value = h[i].value;
    }

    art_buf_free(&link);

    ctx->headers_done = 1;

    return NGX_OK;
}


ngx_int_t
ngx_http_article_cache_body(ngx_http_request_t *r,
    ngx_http_article_ctx_t *actx, const u_char *p, size_t n)
{
    size_t                         size;
    u_char                        *body;
    ngx_http_article_cache_ctx_t  *ctx;

    ctx = actx->cache;

    if (ctx == NULL || !ctx->store || n == 0) {
        return NGX_OK;
    }

    if (ctx->len + n > ctx->zone->max_entry) {
        ngx_log_debug1(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                       "article cache: not stored, over max_entry %uz",
                       ctx->zone->max_entry);
        ngx_http_article_cache_give_up(ctx);
        return NGX_OK;
    }

    if (ctx->len + n > ctx->size) {
        size = ngx_max(ctx->size * 2, ctx->len + n);
        size = ngx_max(size, 16384);
        size = ngx_min(size, ctx->zone->max_entry);

        body = ngx_pnalloc(r->pool, size);
        if (body == NULL) {
            ngx_http_article_cache_give_up(ctx);
            return NGX_OK;
        }

        if (ctx->body != NULL) {
            ngx_memcpy(body, ctx->body, ctx->len);
            (void) ngx_pfree(r->pool, ctx->body);
        }

        ctx->body = body;
        ctx->size = size;
    }

    ngx_memcpy(ctx->body + ctx->len, p, n);
    ctx->len += n;

    if (EVP_DigestUpdate(ctx->md, p, n) != 1) {
        ngx_http_article_cache_give_up(ctx);
    }

    return NGX_OK;
}


ngx_int_t
ngx_http_article_cache_end(ngx_http_request_t *r,
    ngx_http_article_ctx_t *actx)
{
    ngx_http_article_cache_ctx_t  *ctx;

    ctx = actx->cache;

    if (ctx == NULL || !ctx->store) {
        return NGX_OK;
    }

    if (ctx->headers_done) {
        ngx_http_article_cache_insert(r, ctx);
    }

    ngx_http_article_cache_give_up(ctx);

    return NGX_OK;
}


/* a string into the entry at p; an empty one may have no data at all */
static u_char *
ngx_http_article_cache_copy(u_char *p, ngx_str_t *to, ngx_str_t *from)
{
    to->data = p;
    to->len = from->len;

    if (from->len == 0) {
        return p;
    }

    return ngx_cpymem(p, from->data, from->len);
}


static void
ngx_http_article_cache_insert(ngx_http_request_t *r,
    ngx_http_article_cache_ctx_t *ctx)
{
    u_char                         *p;
    size_t                          size;
    ngx_str_t                       digest, b64, body, stored;
    ngx_uint_t                      i;
    ngx_http_article_cache_hdr_t   *hdr, *shdr;
    ngx_http_article_cache_node_t  *cn, *old;
    ngx_http_article_cache_zone_t  *zone;
    u_char                          md[EVP_MAX_MD_SIZE];
    u_char                          etag[64];

    if (EVP_DigestFinal_ex(ctx->md, md, NULL) != 1) {
        return;
    }

    /* a strong ETag: the page's SHA-256, base64url */
    digest.data = md;
    digest.len = 32;
    b64.data = etag + 1;
    ngx_encode_base64url(&b64, &digest);
    etag[0] = '"';
    etag[b64.len + 1] = '"';
    b64.data = etag;
    b64.len += 2;

    hdr = ctx->headers.elts;

    size = sizeof(ngx_http_article_cache_node_t)
           + ctx->headers.nelts * sizeof(ngx_http_article_cache_hdr_t)
           + ctx->content_type.len + ctx->charset.len + b64.len
           + ctx->path.len + ctx->vary.len + ctx->len;

    for (i = 0; i < ctx->headers.nelts; i++) {
        size += hdr[i].value.len;
    }

    zone = ctx->zone;

    ngx_shmtx_lock(&zone->shpool->mutex);

    cn = ngx_http_article_cache_alloc(zone, size);

    if (cn == NULL) {
        ngx_shmtx_unlock(&zone->shpool->mutex);

        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                      "article cache: no room for a page of %uz bytes "
                      "in zone \"%V\", served uncached",
                      ctx->len, &zone->shm_zone->shm.name);
        return;
    }

    ngx_memzero(cn, sizeof(ngx_http_article_cache_node_t));

    ngx_memcpy(cn->hash, ctx->hash, NGX_HTTP_ARTICLE_CACHE_HASH);
    cn->date = ctx->date;
    cn->expire = ctx->date + ctx->valid;
    cn->accessed = ngx_time();
    cn->last_modified = ctx->last_modified;
    cn->data = 1;
    cn->status = ctx->status;
    cn->content_type_len = ctx->content_type_len;
    ngx_memcpy(cn->variant, ctx->variant, NGX_HTTP_ARTICLE_CACHE_HASH);

    shdr = (ngx_http_article_cache_hdr_t *) (cn + 1);
    p = (u_char *) (shdr + ctx->headers.nelts);

    cn->headers = shdr;
    cn->nheaders = ctx->headers.nelts;

    for (i = 0; i < ctx->headers.nelts; i++) {
        shdr[i].key = hdr[i].key;
        p = ngx_http_article_cache_copy(p, &shdr[i].value, &hdr[i].value);
    }

    p = ngx_http_article_cache_copy(p, &cn->content_type, &ctx->content_type);
    p = ngx_http_article_cache_copy(p, &cn->charset, &ctx->charset);
    p = ngx_http_article_cache_copy(p, &cn->etag, &b64);
    p = ngx_http_article_cache_copy(p, &cn->path, &ctx->path);
    p = ngx_http_article_cache_copy(p, &cn->vary, &ctx->vary);

    body.data = ctx->body;
    body.len = ctx->len;
    (void) ngx_http_article_cache_copy(p, &stored, &body);
    cn->body = stored.data;
    cn->body_len = stored.len;

    old = ngx_http_article_cache_find(zone, ctx->hash);
    if (old != NULL) {
        ngx_http_article_cache_remove(zone, old);
    }

    ngx_http_article_cache_link(zone, cn);

    zone->sh->stores++;

    ngx_shmtx_unlock(&zone->shpool->mutex);

    /* the lock went with the node it was on */
    ctx->locked = 0;

    ngx_log_debug2(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                   "article cache: stored %uz bytes for %T s",
                   ctx->len, ctx->valid);
}


/*
 * article_cache_use_stale error: the upstream's error answer is replaced
 * by the expired page, before the article filter sees it.
 */
static ngx_int_t
ngx_http_article_cache_header_filter(ngx_http_request_t *r)
{
    ngx_uint_t                     status;
    ngx_http_article_cache_ctx_t  *ctx;

    ctx = ngx_http_get_module_ctx(r, ngx_http_article_cache_module);

    if (ctx == NULL || !ctx->stale_error || ctx->pinned == NULL
        || r != r->main)
    {
        return ngx_http_next_header_filter(r);
    }

    status = r->headers_out.status;

    if (status != NGX_HTTP_INTERNAL_SERVER_ERROR
        && status != NGX_HTTP_BAD_GATEWAY
        && status != NGX_HTTP_SERVICE_UNAVAILABLE
        && status != NGX_HTTP_GATEWAY_TIME_OUT)
    {
        return ngx_http_next_header_filter(r);
    }

    ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                  "article cache: upstream answered %ui, "
                  "the expired page is sent", status);

    ctx->stale_error = 0;
    ctx->serving_stale = 1;
    ctx->cache_status = NGX_HTTP_ARTICLE_CACHE_STALE;
    (void) ngx_atomic_fetch_add(&ctx->zone->sh->stale, 1);

    ngx_memzero(&r->headers_out.status,
                sizeof(ngx_http_headers_out_t)
                    - offsetof(ngx_http_headers_out_t, status));

    r->headers_out.headers.part.nelts = 0;
    r->headers_out.headers.part.next = NULL;
    r->headers_out.headers.last = &r->headers_out.headers.part;
    r->headers_out.content_length_n = -1;
    r->headers_out.last_modified_time = -1;
    r->err_status = 0;

    /* the upstream turned it off: the stale page has its validators */
    r->disable_not_modified = 0;

    if (ngx_http_article_cache_set_headers(r, ctx->pinned) != NGX_OK) {
        return NGX_ERROR;
    }

    return ngx_http_article_cache_next_header(r, ctx->conf, 0);
}


static ngx_int_t
ngx_http_article_cache_body_filter(ngx_http_request_t *r, ngx_chain_t *in)
{
    ngx_chain_t                   *cl;
    ngx_http_article_cache_ctx_t  *ctx;

    ctx = ngx_http_get_module_ctx(r, ngx_http_article_cache_module);

    if (ctx == NULL || !ctx->serving_stale) {
        return ngx_http_next_body_filter(r, in);
    }

    /* the error page is dropped */
    for (cl = in; cl; cl = cl->next) {
        cl->buf->pos = cl->buf->last;
        cl->buf->file_pos = cl->buf->file_last;
    }

    if (ctx->stale_sent || r->header_only) {
        return ngx_http_next_body_filter(r, NULL);
    }

    ctx->stale_sent = 1;

    return ngx_http_article_cache_body_out(r, ctx->pinned, 0);
}


/* the zone's counters and its memory in use */
void
ngx_http_article_cache_zone_stats(ngx_shm_zone_t *shm_zone,
    ngx_http_article_cache_zone_stats_t *st)
{
    ngx_slab_pool_t                *shpool;
    ngx_http_article_cache_sh_t    *sh;
    ngx_http_article_cache_zone_t  *zone;

    ngx_memzero(st, sizeof(ngx_http_article_cache_zone_stats_t));

    zone = shm_zone->data;
    st->size = shm_zone->shm.size;

    if (zone == NULL || zone->sh == NULL) {
        return;
    }

    sh = zone->sh;
    shpool = zone->shpool;

    ngx_shmtx_lock(&shpool->mutex);

    st->used = (size_t) (shpool->last - shpool->pages - shpool->pfree)
               << ngx_pagesize_shift;
    st->entries = sh->entries;
    st->hits = sh->hits;
    st->misses = sh->misses;
    st->expired = sh->expired;
    st->stale = sh->stale;
    st->updating = sh->updating;
    st->bypasses = sh->bypasses;
    st->stores = sh->stores;
    st->evictions = sh->evictions;
    st->purged = sh->purged;

    ngx_shmtx_unlock(&shpool->mutex);
}


/* $article_cache_status */
static ngx_int_t
ngx_http_article_cache_status_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_http_article_cache_ctx_t  *ctx;

    ctx = ngx_http_get_module_ctx(r->main, ngx_http_article_cache_module);

    if (ctx == NULL || ctx->cache_status == NGX_HTTP_ARTICLE_CACHE_NONE) {
        v->not_found = 1;
        return NGX_OK;
    }

    v->len = ngx_http_article_cache_status_names[ctx->cache_status].len;
    v->data = ngx_http_article_cache_status_names[ctx->cache_status].data;
    v->valid = 1;
    v->no_cacheable = 0;
    v->not_found = 0;

    return NGX_OK;
}


static ngx_int_t
ngx_http_article_cache_add_variables(ngx_conf_t *cf)
{
    ngx_str_t             name = ngx_string("article_cache_status");
    ngx_http_variable_t  *var;

    var = ngx_http_add_variable(cf, &name, NGX_HTTP_VAR_NOCACHEABLE);
    if (var == NULL) {
        return NGX_ERROR;
    }

    var->get_handler = ngx_http_article_cache_status_variable;

    return NGX_OK;
}


/* configuration */

static ngx_int_t
ngx_http_article_cache_init_zone(ngx_shm_zone_t *shm_zone, void *data)
{
    ngx_http_article_cache_zone_t  *ozone = data;

    size_t                          len;
    ngx_http_article_cache_zone_t  *zone;

    zone = shm_zone->data;

    if (ozone != NULL) {
        /* a reload: the pages stay */
        zone->sh = ozone->sh;
        zone->shpool = ozone->shpool;
        return NGX_OK;
    }

    zone->shpool = (ngx_slab_pool_t *) shm_zone->shm.addr;

    if (shm_zone->shm.exists) {
        zone->sh = zone->shpool->data;
        return NGX_OK;
    }

    zone->sh = ngx_slab_calloc(zone->shpool,
                               sizeof(ngx_http_article_cache_sh_t));
    if (zone->sh == NULL) {
        return NGX_ERROR;
    }

    zone->shpool->data = zone->sh;

    ngx_rbtree_init(&zone->sh->rbtree, &zone->sh->sentinel,
                    ngx_http_article_cache_rbtree_insert_value);

    ngx_queue_init(&zone->sh->lru);

    len = sizeof(" in article_cache_zone \"\"") + shm_zone->shm.name.len;

    zone->shpool->log_ctx = ngx_slab_alloc(zone->shpool, len);
    if (zone->shpool->log_ctx == NULL) {
        return NGX_ERROR;
    }

    ngx_sprintf(zone->shpool->log_ctx, " in article_cache_zone \"%V\"%Z",
                &shm_zone->shm.name);

    /* a page that does not fit is served uncached, which is not news */
    zone->shpool->log_nomem = 0;

    return NGX_OK;
}


#if (OPENSSL_VERSION_NUMBER >= 0x30000000L)

static void
ngx_http_article_cache_md_free(void *data)
{
    EVP_MD_free(data);
}

#endif


static void *
ngx_http_article_cache_create_main_conf(ngx_conf_t *cf)
{
    char                                 err[256];
    art_conf_ctx_t                       actx;
    art_allocator_t                     *a;
    ngx_http_article_cache_main_conf_t  *cmcf;

    cmcf = ngx_pcalloc(cf->pool, sizeof(ngx_http_article_cache_main_conf_t));
    if (cmcf == NULL) {
        return NULL;
    }

#if (OPENSSL_VERSION_NUMBER >= 0x30000000L)
    {
        EVP_MD              *md;
        ngx_pool_cleanup_t  *cln;

        /* an implicit fetch for every digest costs more than the digest */
        md = EVP_MD_fetch(NULL, "SHA256", NULL);
        if (md == NULL) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "SHA-256 is not available");
            return NULL;
        }

        cln = ngx_pool_cleanup_add(cf->pool, 0);
        if (cln == NULL) {
            EVP_MD_free(md);
            return NULL;
        }

        cln->handler = ngx_http_article_cache_md_free;
        cln->data = md;
        cmcf->sha256 = md;
    }
#else
    cmcf->sha256 = EVP_sha256();
#endif

    if (ngx_array_init(&cmcf->zones, cf->pool, 4, sizeof(ngx_shm_zone_t *))
        != NGX_OK)
    {
        return NULL;
    }

    a = ngx_palloc(cf->pool, sizeof(art_allocator_t));
    if (a == NULL) {
        return NULL;
    }

    a->alloc = ngx_http_article_cache_palloc;
    a->free = NULL;
    a->ctx = cf->pool;

    cmcf->core_off = art_conf_create(a);
    if (cmcf->core_off == NULL) {
        return NULL;
    }

    actx.alloc = a;
    actx.base_dir = (const char *) cf->cycle->conf_prefix.data;
    actx.err = err;
    actx.errlen = sizeof(err);
    err[0] = '\0';

    if (art_conf_merge(cmcf->core_off, NULL, &actx) != ART_CONF_OK) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "%s", err);
        return NULL;
    }

    return cmcf;
}


static void *
ngx_http_article_cache_create_loc_conf(ngx_conf_t *cf)
{
    ngx_http_article_cache_conf_t  *conf;

    conf = ngx_pcalloc(cf->pool, sizeof(ngx_http_article_cache_conf_t));
    if (conf == NULL) {
        return NULL;
    }

    /*
     * set by ngx_pcalloc():
     *
     *     conf->key = NULL;
     *     conf->methods = 0;
     *     conf->use_stale = 0;
     *     conf->loc_conf_off = NULL;
     */

    conf->zone = NGX_CONF_UNSET_PTR;
    conf->valid = NGX_CONF_UNSET_PTR;
    conf->bypass = NGX_CONF_UNSET_PTR;
    conf->no_store = NGX_CONF_UNSET_PTR;
    conf->lock = NGX_CONF_UNSET;
    conf->lock_timeout = NGX_CONF_UNSET_MSEC;
    conf->purge = NGX_CONF_UNSET_PTR;

    return conf;
}


static char *
ngx_http_article_cache_merge_loc_conf(ngx_conf_t *cf, void *parent,
    void *child)
{
    ngx_http_article_cache_conf_t *prev = parent;
    ngx_http_article_cache_conf_t *conf = child;

    void                               **loc_conf;
    ngx_http_conf_ctx_t                 *ctx;
    ngx_http_article_loc_conf_t         *alcf;
    ngx_http_article_cache_valid_t      *v;
    ngx_http_article_cache_main_conf_t  *cmcf;

    ngx_conf_merge_ptr_value(conf->zone, prev->zone, NULL);

    if (conf->key == NULL) {
        conf->key = prev->key;
    }

    if (conf->valid == NGX_CONF_UNSET_PTR) {
        if (prev->valid != NGX_CONF_UNSET_PTR) {
            conf->valid = prev->valid;

        } else {
            conf->valid = ngx_array_create(cf->pool, 1,
                                      sizeof(ngx_http_article_cache_valid_t));
            if (conf->valid == NULL) {
                return NGX_CONF_ERROR;
            }

            v = ngx_array_push(conf->valid);
            if (v == NULL) {
                return NGX_CONF_ERROR;
            }

            v->status = NGX_HTTP_OK;
            v->valid = 600;
        }
    }

    ngx_conf_merge_ptr_value(conf->bypass, prev->bypass, NULL);
    ngx_conf_merge_ptr_value(conf->no_store, prev->no_store, NULL);

    ngx_conf_merge_bitmask_value(conf->methods, prev->methods,
                                 (NGX_CONF_BITMASK_SET
                                  |NGX_HTTP_GET|NGX_HTTP_HEAD));

    ngx_conf_merge_value(conf->lock, prev->lock, 0);
    ngx_conf_merge_msec_value(conf->lock_timeout, prev->lock_timeout, 5000);

    ngx_conf_merge_bitmask_value(conf->use_stale, prev->use_stale,
                                 (NGX_CONF_BITMASK_SET
                                  |NGX_HTTP_ARTICLE_CACHE_STALE_OFF));

    if (conf->use_stale & NGX_HTTP_ARTICLE_CACHE_STALE_OFF) {
        conf->use_stale = NGX_CONF_BITMASK_SET
                          |NGX_HTTP_ARTICLE_CACHE_STALE_OFF;
    }

    ngx_conf_merge_ptr_value(conf->purge, prev->purge, NULL);

    if (conf->zone == NULL) {
        return NGX_CONF_OK;
    }

    /*
     * While locations merge, cf->ctx holds the configurations of the one
     * merged now; the article module, earlier in the list of modules, has
     * merged already.  A copy with the filter off is made for the answers
     * that come from the cache.
     */

    ctx = cf->ctx;

    if (ctx->loc_conf[ngx_http_article_cache_module.ctx_index] != conf) {
        return NGX_CONF_OK;
    }

    cmcf = ngx_http_conf_get_module_main_conf(cf,
                                              ngx_http_article_cache_module);

    loc_conf = ngx_palloc(cf->pool, sizeof(void *) * ngx_http_max_module);
    alcf = ngx_palloc(cf->pool, sizeof(ngx_http_article_loc_conf_t));
    if (loc_conf == NULL || alcf == NULL) {
        return NGX_CONF_ERROR;
    }

    ngx_memcpy(loc_conf, ctx->loc_conf, sizeof(void *) * ngx_http_max_module);

    *alcf = *(ngx_http_article_loc_conf_t *)
               ctx->loc_conf[ngx_http_article_module.ctx_index];
    alcf->core = cmcf->core_off;

    loc_conf[ngx_http_article_module.ctx_index] = alcf;
    conf->loc_conf_off = loc_conf;

    return NGX_CONF_OK;
}


static char *
ngx_http_article_cache_zone(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_article_cache_main_conf_t *cmcf = conf;

    time_t                          inactive;
    ssize_t                         size, max_entry;
    ngx_str_t                      *value, s;
    ngx_uint_t                      i;
    ngx_shm_zone_t                 *shm_zone, **z;
    ngx_http_article_cache_zone_t  *zone;

    value = cf->args->elts;

    size = ngx_parse_size(&value[2]);

    if (size == NGX_ERROR) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid zone size \"%V\" in \"%V\"",
                           &value[2], &cmd->name);
        return NGX_CONF_ERROR;
    }

    if (size < (ssize_t) (8 * ngx_pagesize)) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "zone \"%V\" is too small in \"%V\"",
                           &value[1], &cmd->name);
        return NGX_CONF_ERROR;
    }

    inactive = 600;
    max_entry = ngx_min(1024 * 1024, size / 8);

    for (i = 3; i < cf->args->nelts; i++) {

        if (ngx_strncmp(value[i].data, "inactive=", 9) == 0) {
            s.len = value[i].len - 9;
            s.data = value[i].data + 9;

            inactive = ngx_parse_time(&s, 1);
            if (inactive == (time_t) NGX_ERROR || inactive == 0) {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "invalid inactive value \"%V\" in \"%V\"",
                                   &value[i], &cmd->name);
                return NGX_CONF_ERROR;
            }

            continue;
        }

        if (ngx_strncmp(value[i].data, "max_entry=", 10) == 0) {
            s.len = value[i].len - 10;
            s.data = value[i].data + 10;

            max_entry = ngx_parse_size(&s);
            if (max_entry == NGX_ERROR || max_entry == 0) {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "invalid max_entry value \"%V\" in \"%V\"",
                                   &value[i], &cmd->name);
                return NGX_CONF_ERROR;
            }

            if (max_entry > size / 2) {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "max_entry must be at most half "
                                   "of the zone size");
                return NGX_CONF_ERROR;
            }

            continue;
        }

        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid parameter \"%V\" in \"%V\"",
                           &value[i], &cmd->name);
        return NGX_CONF_ERROR;
    }

    shm_zone = ngx_shared_memory_add(cf, &value[1], size,
                                     &ngx_http_article_cache_module);
    if (shm_zone == NULL) {
        return NGX_CONF_ERROR;
    }

    if (shm_zone->data) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "duplicate zone \"%V\"", &value[1]);
        return NGX_CONF_ERROR;
    }

    zone = ngx_pcalloc(cf->pool, sizeof(ngx_http_article_cache_zone_t));
    if (zone == NULL) {
        return NGX_CONF_ERROR;
    }

    zone->shm_zone = shm_zone;
    zone->inactive = inactive;
    zone->max_entry = max_entry;

    shm_zone->init = ngx_http_article_cache_init_zone;
    shm_zone->data = zone;

    z = ngx_array_push(&cmcf->zones);
    if (z == NULL) {
        return NGX_CONF_ERROR;
    }

    *z = shm_zone;

    return NGX_CONF_OK;
}


static char *
ngx_http_article_cache(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_article_cache_conf_t *ccf = conf;

    ngx_str_t  *value;

    if (ccf->zone != NGX_CONF_UNSET_PTR) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (ngx_strcmp(value[1].data, "off") == 0) {
        ccf->zone = NULL;
        return NGX_CONF_OK;
    }

    /* the zone may be declared further down */
    ccf->zone = ngx_shared_memory_add(cf, &value[1], 0,
                                      &ngx_http_article_cache_module);
    if (ccf->zone == NULL) {
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


static char *
ngx_http_article_cache_valid(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_article_cache_conf_t *ccf = conf;

    time_t                           valid;
    ngx_str_t                       *value;
    ngx_int_t                        status;
    ngx_uint_t                       i, n;
    ngx_http_article_cache_valid_t  *v;
    static ngx_uint_t                statuses[] = { NGX_HTTP_OK };

    value = cf->args->elts;
    n = cf->args->nelts - 1;

    valid = ngx_parse_time(&value[n], 1);
    if (valid == (time_t) NGX_ERROR) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid time value \"%V\" in \"%V\"",
                           &value[n], &cmd->name);
        return NGX_CONF_ERROR;
    }

    if (ccf->valid == NGX_CONF_UNSET_PTR) {
        ccf->valid = ngx_array_create(cf->pool, 4,
                                      sizeof(ngx_http_article_cache_valid_t));
        if (ccf->valid == NULL) {
            return NGX_CONF_ERROR;
        }
    }

    if (n == 1) {
        v = ngx_array_push(ccf->valid);
        if (v == NULL) {
            return NGX_CONF_ERROR;
        }

        v->status = statuses[0];
        v->valid = valid;

        return NGX_CONF_OK;
    }

    for (i = 1; i < n; i++) {

        if (ngx_strcmp(value[i].data, "any") == 0) {
            status = 0;

        } else {
            status = ngx_atoi(value[i].data, value[i].len);
            if (status < 100 || status > 599) {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "invalid status \"%V\" in \"%V\"",
                                   &value[i], &cmd->name);
                return NGX_CONF_ERROR;
            }
        }

        v = ngx_array_push(ccf->valid);
        if (v == NULL) {
            return NGX_CONF_ERROR;
        }

        v->status = status;
        v->valid = valid;
    }

    return NGX_CONF_OK;
}


static char *
ngx_http_article_cache_purge_conf(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf)
{
    ngx_http_article_cache_conf_t *ccf = conf;

    ngx_int_t    rc;
    ngx_str_t   *value;
    ngx_uint_t   i;
    ngx_cidr_t  *cidr;

    if (ccf->purge != NGX_CONF_UNSET_PTR) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (cf->args->nelts == 2 && ngx_strcmp(value[1].data, "off") == 0) {
        ccf->purge = NULL;
        return NGX_CONF_OK;
    }

    if (ngx_strcmp(value[1].data, "from") != 0 || cf->args->nelts < 3) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "expected \"from ADDRESS ...\" or \"off\", "
                           "not \"%V\" in \"%V\"", &value[1], &cmd->name);
        return NGX_CONF_ERROR;
    }

    ccf->purge = ngx_array_create(cf->pool, cf->args->nelts - 2,
                                  sizeof(ngx_cidr_t));
    if (ccf->purge == NULL) {
        return NGX_CONF_ERROR;
    }

    for (i = 2; i < cf->args->nelts; i++) {

        cidr = ngx_array_push(ccf->purge);
        if (cidr == NULL) {
            return NGX_CONF_ERROR;
        }

        if (ngx_strcmp(value[i].data, "all") == 0) {
            ngx_memzero(cidr, sizeof(ngx_cidr_t));
            cidr->family = AF_INET;

#if (NGX_HAVE_INET6)
            cidr = ngx_array_push(ccf->purge);
            if (cidr == NULL) {
                return NGX_CONF_ERROR;
            }

            ngx_memzero(cidr, sizeof(ngx_cidr_t));
            cidr->family = AF_INET6;
#endif
            continue;
        }

        rc = ngx_ptocidr(&value[i], cidr);

        if (rc == NGX_ERROR) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "invalid address \"%V\" in \"%V\"",
                               &value[i], &cmd->name);
            return NGX_CONF_ERROR;
        }

        if (rc == NGX_DONE) {
            ngx_conf_log_error(NGX_LOG_WARN, cf, 0,
                               "low address bits of %V are meaningless",
                               &value[i]);
        }
    }

    return NGX_CONF_OK;
}


static ngx_int_t
ngx_http_article_cache_init(ngx_conf_t *cf)
{
    ngx_uint_t                           i;
    ngx_list_part_t                     *part;
    ngx_shm_zone_t                      *shm_zone;
    ngx_http_handler_pt                 *h;
    ngx_http_core_main_conf_t           *cmcf;
    ngx_http_article_cache_main_conf_t  *acmcf;

    acmcf = ngx_http_conf_get_module_main_conf(cf,
                                               ngx_http_article_cache_module);

    /* an "article_cache NAME" with no "article_cache_zone NAME ..." */

    part = &cf->cycle->shared_memory.part;
    shm_zone = part->elts;

    for (i = 0; /* void */; i++) {

        if (i >= part->nelts) {
            if (part->next == NULL) {
                break;
            }

            part = part->next;
            shm_zone = part->elts;
            i = 0;
        }

        if (shm_zone[i].tag == &ngx_http_article_cache_module
            && shm_zone[i].data == NULL)
        {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "article_cache zone \"%V\" is unknown: "
                               "declare it with article_cache_zone",
                               &shm_zone[i].shm.name);
            return NGX_ERROR;
        }
    }

    if (ngx_http_article_stats_add_zone(cf, acmcf) != NGX_OK) {
        return NGX_ERROR;
    }

    /*
     * Pages are looked up in the precontent phase: after allow/deny,
     * auth_basic, auth_request and limit_req, which a cached page must not
     * get round, and before the content handler, which a hit never runs.
     * (Handlers of a phase run in the reverse order of their registration,
     * so a handler of a module loaded last, registered in the access
     * phase, would run before the access checks.)
     */

    cmcf = ngx_http_conf_get_module_main_conf(cf, ngx_http_core_module);

    h = ngx_array_push(&cmcf->phases[NGX_HTTP_PRECONTENT_PHASE].handlers);
    if (h == NULL) {
        return NGX_ERROR;
    }

    *h = ngx_http_article_cache_handler;

    ngx_http_next_header_filter = ngx_http_top_header_filter;
    ngx_http_top_header_filter = ngx_http_article_cache_header_filter;

    ngx_http_next_body_filter = ngx_http_top_body_filter;
    ngx_http_top_body_filter = ngx_http_article_cache_body_filter;

    return NGX_OK;
}


/*
 * nginx's own slots, with a message that names the directive and the
 * value (theirs gives one or the other).
 */
static char *
ngx_http_article_cache_bitmask(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    char               *rv;
    ngx_str_t          *value;
    ngx_uint_t          i, m;
    ngx_conf_bitmask_t *mask;

    value = cf->args->elts;
    mask = cmd->post;

    for (i = 1; i < cf->args->nelts; i++) {
        for (m = 0; mask[m].name.len != 0; m++) {
            if (mask[m].name.len == value[i].len
                && ngx_strcmp(mask[m].name.data, value[i].data) == 0)
            {
                break;
            }
        }

        if (mask[m].name.len == 0) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "invalid value \"%V\" in \"%V\"",
                               &value[i], &cmd->name);
            return NGX_CONF_ERROR;
        }
    }

    rv = ngx_conf_set_bitmask_slot(cf, cmd, conf);

    return rv;
}


static char *
ngx_http_article_cache_msec(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    char       *rv;
    ngx_str_t  *value;

    rv = ngx_conf_set_msec_slot(cf, cmd, conf);

    if (rv != NGX_CONF_OK && rv != NGX_CONF_ERROR
        && ngx_strcmp(rv, "is duplicate") != 0)
    {
        value = cf->args->elts;

        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid time \"%V\" in \"%V\"",
                           &value[1], &cmd->name);
        return NGX_CONF_ERROR;
    }

    return rv;
}
