/*
 * The article rewrite: settings of every feature, and the handlers that
 * each feature registers on the rewriter for one page.
 */

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

#include "art_article.h"
#include "art_escape.h"
#include "art_meta.h"
#include "art_moderation.h"
#include "art_selector.h"
#include "art_share.h"
#include "art_url.h"


#define ART_DEFAULT_MAX_SIZE  (8LL * 1024 * 1024)


struct art_conf_s {
    const art_allocator_t  *alloc;

    int                     enabled;
    art_str_t              *types;
    size_t                  ntypes;
    long long               max_size;
    int                     last_modified;
    long long               max_token;

    art_url_conf_t          url;
    art_meta_conf_t         meta;
    art_mod_conf_t          mod;
    art_share_conf_t        share;

    /* the selectors of a page, parsed once (NULL where it is off) */
    art_rewriter_plan_t    *plan;

    /* what was configured at this level, for the fingerprint */
    art_buf_t               transcript;
    unsigned char           fingerprint[32];
    int                     merged;
};


struct art_page_s {
    const art_allocator_t  *alloc;
    const art_conf_t       *conf;
    art_rewriter_t         *rw;
    art_request_info_t      info;
    art_meta_facts_t        facts;

    int                     head_done;
    int                     head_seen;
    int                     body_seen;
    int                     canonical_links;
    art_buf_t               canonical;      /* NUL-terminated */
    int                     h1_done;

    int                     mirrors_seen;
    int                     mirrors_placed;
    int                     in_mirrors;
    int                     mirror_marks;
    int                     mirror_links;
    int                     share_off;

    /* what the <meta> handler looks for: metadata, the charset */
    int                     meta_facts;
    int                     meta_charset;

    art_mod_scanner_t      *scanner;
    int                     moderation_skipped;
    unsigned                moderation_errors;
    art_text_t             *text;           /* the run being moderated */
    art_buf_t               attr_value;

    int                     share_seen;
    int                     share_claimed;
    int                     share_placed;
    char                    dir[4];
    char                   *nonce;


    art_buf_t               tmp;
    size_t                  peak;
};


/* settings */

art_conf_t *
art_conf_create(const art_allocator_t *a)
{
    art_conf_t  *c;

    c = art_calloc(a, sizeof(art_conf_t));
    if (c == NULL) {
        return NULL;
    }

    c->alloc = a;
    c->enabled = ART_UNSET;
    c->max_size = ART_UNSET;
    c->last_modified = ART_UNSET;
    c->max_token = ART_UNSET;
    art_buf_init(&c->transcript, a);

    art_url_conf_init(&c->url);
    art_meta_conf_init(&c->meta);
    art_mod_conf_init(&c->mod);
    art_share_conf_init(&c->share);

    return c;
}


/*
 * The digest of a file's contents, into the transcript; for a rule file
 * also of the word lists it names ("words ACTION FILE" lines).
 */
static int
art_conf_hash_file(art_conf_t *c, art_conf_ctx_t *ctx, const art_str_t *name,
    int rules)
{
    char           *path, *slash, line[4096], *p, *w;
    FILE           *f;
    size_t          n;
    unsigned int    mdlen;
    unsigned char   buf[8192], md[EVP_MAX_MD_SIZE];
    EVP_MD_CTX     *md_ctx;
    art_conf_ctx_t  sub;
    art_str_t       words;

    path = art_conf_path(ctx, name);
    if (path == NULL) {
        return ART_CONF_ERROR;
    }

    f = fopen(path, "rb");

    if (f == NULL) {
        /* the feature that reads it says why */
        art_free(ctx->alloc, path);
        return ART_CONF_OK;
    }

    md_ctx = EVP_MD_CTX_new();
    if (md_ctx == NULL || EVP_DigestInit_ex(md_ctx, EVP_sha256(), NULL) != 1)
    {
        EVP_MD_CTX_free(md_ctx);
        fclose(f);
        art_free(ctx->alloc, path);
        return art_conf_error(ctx, "SHA-256 is not available");
    }

    while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
        EVP_DigestUpdate(md_ctx, buf, n);
    }

    EVP_DigestFinal_ex(md_ctx, md, &mdlen);
    EVP_MD_CTX_free(md_ctx);
    art_buf_append(&c->transcript, md, mdlen);

    if (rules) {
        sub = *ctx;
        slash = strrchr(path, '/');

        if (slash != NULL) {
            *slash = '\0';
            sub.base_dir = path;

        } else {
            sub.base_dir = ".";
        }

        rewind(f);

        while (fgets(line, sizeof(line), f) != NULL) {
            p = line + strspn(line, " \t");

            if (strncmp(p, "words", 5) != 0 || (p[5] != ' ' && p[5] != '\t'))
            {
                continue;
            }

            /* words ACTION FILE */
            strtok(p, " \t\r\n");
            strtok(NULL, " \t\r\n");
            w = strtok(NULL, " \t\r\n");

            if (w != NULL) {
                words.data = (const unsigned char *) w;
                words.len = strlen(w);

                if (art_conf_hash_file(c, &sub, &words, 0) != ART_CONF_OK) {
                    fclose(f);
                    art_free(ctx->alloc, path);
                    return ART_CONF_ERROR;
                }
            }
        }
    }

    fclose(f);
    art_free(ctx->alloc, path);

    return ART_CONF_OK;
}


static int
art_conf_set_core(art_conf_t *c, art_conf_ctx_t *ctx, const char *name,
    const art_str_t *args, size_t nargs)
{
    size_t     i;
    long long  v;

    if (strcmp(name, "article") == 0) {
        if (nargs != 1) {
            return art_conf_error(ctx, "invalid number of arguments in "
                                  "\"article\"");
        }

        if (c->enabled != ART_UNSET) {
            return art_conf_error(ctx, "\"article\" directive is duplicate");
        }

        return art_conf_flag(ctx, name, &args[0], &c->enabled);
    }

    if (strcmp(name, "article_last_modified") == 0) {
        if (nargs != 1) {
            return art_conf_error(ctx, "invalid number of arguments in "
                                  "\"article_last_modified\"");
        }

        if (c->last_modified != ART_UNSET) {
            return art_conf_error(ctx, "\"article_last_modified\" directive "
                                  "is duplicate");
        }

        return art_conf_flag(ctx, name, &args[0], &c->last_modified);
    }

    if (strcmp(name, "article_max_size") == 0
        || strcmp(name, "article_max_token_size") == 0)
    {
        long long  *field;

        field = name[12] == 's' ? &c->max_size : &c->max_token;

        if (nargs != 1) {
            return art_conf_error(ctx, "invalid number of arguments in "
                                  "\"%s\"", name);
        }

        if (*field != ART_UNSET) {
            return art_conf_error(ctx, "\"%s\" directive is duplicate", name);
        }

        v = art_conf_parse_size(&args[0]);
        if (v < 0 || (field == &c->max_token && v < 1024)) {
            return art_conf_error(ctx, "invalid size \"%.*s\" in \"%s\"%s",
                                  (int) args[0].len,
                                  (const char *) args[0].data, name,
                                  field == &c->max_token
                                  ? ": at least 1k" : "");
        }

        *field = v;
        return ART_CONF_OK;
    }

    if (strcmp(name, "article_types") == 0) {
        if (nargs == 0) {
            return art_conf_error(ctx, "invalid number of arguments in "
                                  "\"article_types\"");
        }

        if (c->types != NULL) {
            return art_conf_error(ctx, "\"article_types\" directive is "
                                  "duplicate");
        }

        c->types = art_alloc(ctx->alloc, nargs * sizeof(art_str_t));
        if (c->types == NULL) {
            return art_conf_error(ctx, "out of memory");
        }

        for (i = 0; i < nargs; i++) {
            const unsigned char  *slash;

            slash = memchr(args[i].data, '/', args[i].len);

            if (!(args[i].len == 1 && args[i].data[0] == '*')
                && (slash == NULL || slash == args[i].data
                    || slash == args[i].data + args[i].len - 1
                    || memchr(args[i].data, ';', args[i].len) != NULL))
            {
                return art_conf_error(ctx, "invalid MIME type \"%.*s\" in "
                                      "\"article_types\"",
                                      (int) args[i].len,
                                      (const char *) args[i].data);
            }

            c->types[i].data = (const unsigned char *)
                               art_conf_strdup(ctx, &args[i]);
            if (c->types[i].data == NULL) {
                return ART_CONF_ERROR;
            }

            c->types[i].len = args[i].len;
        }

        c->ntypes = nargs;
        return ART_CONF_OK;
    }

    return ART_CONF_DECLINED;
}


int
art_conf_set(art_conf_t *c, art_conf_ctx_t *ctx, const char *name,
    const art_str_t *args, size_t nargs)
{
    int     rc;
    size_t  i;

    rc = art_conf_set_core(c, ctx, name, args, nargs);

    if (rc == ART_CONF_DECLINED) {
        rc = art_url_conf_set(&c->url, ctx, name, args, nargs);
    }

    if (rc == ART_CONF_DECLINED) {
        rc = art_meta_conf_set(&c->meta, ctx, name, args, nargs);
    }

    if (rc == ART_CONF_DECLINED) {
        rc = art_mod_conf_set(&c->mod, ctx, name, args, nargs);
    }


    if (rc == ART_CONF_DECLINED) {
        rc = art_share_conf_set(&c->share, ctx, name, args, nargs);
    }

    if (rc != ART_CONF_OK) {
        return rc;
    }

    /* a selector is checked now, not found wrong on the first page */
    if (strcmp(name, "article_mirror_block") == 0
        || strcmp(name, "article_share_anchor") == 0)
    {
        const char      *src;
        int              bit;
        char             why[256];
        art_selector_t  *sel;

        src = name[8] == 'm' ? c->url.mirror_block_selector
                             : c->share.anchor_selector;

        if (src != NULL) {
            bit = 0;
            sel = art_selector_parse(ctx->alloc, src, &bit, why, sizeof(why));

            if (sel == NULL) {
                return art_conf_error(ctx, "%s in \"%s\"", why, name);
            }

            art_selector_free(ctx->alloc, sel);
        }
    }

    /* a changed rule file or page must change the fingerprint */
    if (strcmp(name, "article_moderation") == 0
        || strcmp(name, "article_moderation_block_page") == 0
        || strcmp(name, "article_share_template") == 0)
    {
        for (i = 0; i < nargs; i++) {
            if (art_conf_hash_file(c, ctx, &args[i],
                                   strcmp(name, "article_moderation") == 0)
                != ART_CONF_OK)
            {
                return ART_CONF_ERROR;
            }
        }
    }

    art_buf_append_str(&c->transcript, name);

    for (i = 0; i < nargs; i++) {
        art_buf_append_byte(&c->transcript, ' ');
        art_buf_append(&c->transcript, args[i].data, args[i].len);
    }

    art_buf_append_byte(&c->transcript, '\n');

    if (c->transcript.failed) {
        return art_conf_error(ctx, "out of memory");
    }

    return ART_CONF_OK;
}


/*
 * A page puts the selectors of a level on one rewriter, where their
 * ancestor compounds share ART_SEL_MAX_ANCESTOR_BITS: each was checked
 * alone when set, here they are checked together as a page will use them.
 */
static int
art_conf_check_selectors(art_conf_t *c, art_conf_ctx_t *ctx)
{
    const char      *src[3], *name[3];
    char             why[256];
    size_t           i, n;
    int              bit;
    art_selector_t  *sel;

    n = 0;

    if (c->meta.enable == 1) {
        /* the one built-in selector with an ancestor */
        src[n] = "article img[src]";
        name[n++] = "article_metadata";
    }

    if (c->share.enabled == 1 && c->share.nnetworks
        && c->share.anchor_selector != NULL)
    {
        src[n] = c->share.anchor_selector;
        name[n++] = "article_share_anchor";
    }

    if (c->url.mirror_block == 1 && c->url.nmirrors > 1
        && c->url.mirror_block_selector != NULL)
    {
        src[n] = c->url.mirror_block_selector;
        name[n++] = "article_mirror_block";
    }

    bit = 0;

    for (i = 0; i < n; i++) {
        sel = art_selector_parse(ctx->alloc, src[i], &bit, why, sizeof(why));

        if (sel == NULL && i == 0) {
            return art_conf_error(ctx, "%s in \"%s\"", why, name[0]);
        }

        if (sel == NULL && i == 1) {
            return art_conf_error(ctx, "%s in \"%s\" together with \"%s\"",
                                  why, name[1], name[0]);
        }

        if (sel == NULL) {
            return art_conf_error(ctx, "%s in \"%s\" together with \"%s\" "
                                  "and \"%s\"", why, name[2], name[0],
                                  name[1]);
        }

        art_selector_free(ctx->alloc, sel);
    }

    return ART_CONF_OK;
}


/*
 * The selectors a page of this level puts on its rewriter, parsed here
 * once rather than for every page (a selector missing here is parsed by
 * the page); the ones with ancestor bits in the order a page puts them.
 */
static int
art_conf_plan(art_conf_t *c, art_conf_ctx_t *ctx)
{
    static const char  *builtin[] = {
        "head", "title", "meta", "link", "script", "time", "article img",
        "h1", "body", "html", "*"
    };
    char                why[256];
    size_t              i;
    int                 rc;

    if (c->enabled != 1 || c->plan != NULL) {
        return ART_CONF_OK;
    }

    c->plan = art_rewriter_plan_create(c->alloc);
    if (c->plan == NULL) {
        return art_conf_error(ctx, "out of memory");
    }

    rc = 0;

    for (i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++) {
        rc |= art_rewriter_plan_add(c->plan, builtin[i], why, sizeof(why));
    }

    if (c->share.enabled == 1 && c->share.nnetworks
        && c->share.anchor_selector != NULL)
    {
        rc |= art_rewriter_plan_add(c->plan, c->share.anchor_selector, why,
                                    sizeof(why));
    }

    if (c->url.mirror_block == 1 && c->url.nmirrors > 1
        && c->url.mirror_block_selector != NULL)
    {
        rc |= art_rewriter_plan_add(c->plan, c->url.mirror_block_selector,
                                    why, sizeof(why));
    }

    if (rc != 0) {
        /* out of memory: the selectors were checked together above */
        return art_conf_error(ctx, "%s", why);
    }

    return ART_CONF_OK;
}


int
art_conf_merge(art_conf_t *c, const art_conf_t *parent, art_conf_ctx_t *ctx)
{
    unsigned int  mdlen;
    EVP_MD_CTX   *md_ctx;

    if (parent != NULL && !parent->merged) {
        /* the http level is never merged itself: take it as it is */
    }

    if (c->enabled == ART_UNSET) {
        c->enabled = parent != NULL && parent->enabled != ART_UNSET
                     ? parent->enabled : 0;
    }

    if (c->max_size == ART_UNSET) {
        c->max_size = parent != NULL && parent->max_size != ART_UNSET
                      ? parent->max_size : ART_DEFAULT_MAX_SIZE;
    }

    if (c->last_modified == ART_UNSET) {
        c->last_modified = parent != NULL
                           && parent->last_modified != ART_UNSET
                           ? parent->last_modified : 0;
    }

    if (c->max_token == ART_UNSET) {
        c->max_token = parent != NULL && parent->max_token != ART_UNSET
                       ? parent->max_token : 0;
    }

    if (c->types == NULL && parent != NULL) {
        c->types = parent->types;
        c->ntypes = parent->ntypes;
    }

    art_url_conf_merge(&c->url, parent != NULL ? &parent->url : NULL);
    art_meta_conf_merge(&c->meta, parent != NULL ? &parent->meta : NULL);
    art_mod_conf_merge(&c->mod, parent != NULL ? &parent->mod : NULL);
    art_share_conf_merge(&c->share, parent != NULL ? &parent->share : NULL);

    if (art_conf_check_selectors(c, ctx) != ART_CONF_OK
        || art_conf_plan(c, ctx) != ART_CONF_OK)
    {
        return ART_CONF_ERROR;
    }

    /*
     * The fingerprint: the enclosing level's, then this level's lines.  A
     * level that sets nothing (an "if", a nested location) is its parent's.
     */
    if (parent != NULL && parent->merged && c->transcript.len == 0) {
        memcpy(c->fingerprint, parent->fingerprint, 32);
        c->merged = 1;
        return ART_CONF_OK;
    }

    md_ctx = EVP_MD_CTX_new();
    if (md_ctx == NULL || EVP_DigestInit_ex(md_ctx, EVP_sha256(), NULL) != 1)
    {
        EVP_MD_CTX_free(md_ctx);
        return art_conf_error(ctx, "SHA-256 is not available");
    }

    if (parent != NULL) {
        if (parent->merged) {
            EVP_DigestUpdate(md_ctx, parent->fingerprint, 32);
        } else {
            EVP_DigestUpdate(md_ctx, parent->transcript.data,
                             parent->transcript.len);
        }
    }

    EVP_DigestUpdate(md_ctx, "|", 1);
    EVP_DigestUpdate(md_ctx, c->transcript.data, c->transcript.len);
    EVP_DigestFinal_ex(md_ctx, c->fingerprint, &mdlen);
    EVP_MD_CTX_free(md_ctx);

    c->merged = 1;

    return ART_CONF_OK;
}


void
art_conf_free(art_conf_t *c)
{
    /* what lives outside the allocator: compiled rules (PCRE2 JIT code) */
    art_mod_conf_free(&c->mod);

    art_rewriter_plan_destroy(c->plan);
    c->plan = NULL;
}


int
art_conf_enabled(const art_conf_t *c)
{
    return c->enabled == 1;
}


long long
art_conf_max_size(const art_conf_t *c)
{
    return c->max_size == ART_UNSET ? ART_DEFAULT_MAX_SIZE : c->max_size;
}


int
art_conf_last_modified(const art_conf_t *c)
{
    return c->last_modified == 1;
}


int
art_conf_type_ok(const art_conf_t *c, const unsigned char *type, size_t len)
{
    size_t  i, k;

    if (type == NULL) {
        return 0;
    }

    if (c->types == NULL) {
        return len == 9 && strncasecmp((const char *) type, "text/html", 9)
                           == 0;
    }

    for (i = 0; i < c->ntypes; i++) {
        if (c->types[i].len == 1 && c->types[i].data[0] == '*') {
            return 1;
        }

        if (c->types[i].len != len) {
            continue;
        }

        for (k = 0; k < len; k++) {
            unsigned char  a = type[k], b = c->types[i].data[k];

            if ((a | 0x20) != (b | 0x20)) {
                break;
            }
        }

        if (k == len) {
            return 1;
        }
    }

    return 0;
}


int
art_conf_page_headers(const art_conf_t *c)
{
    return c->meta.enable == 1 && c->url.origin != NULL;
}


int
art_conf_holds_page(const art_conf_t *c)
{
    return c->mod.rules != NULL && c->mod.mode != ART_MOD_REPORT
           && art_mod_has_block_rules(&c->mod);
}


int
art_conf_oversize_blocks(const art_conf_t *c)
{
    return c->mod.oversize == ART_MOD_OVERSIZE_BLOCK;
}


const unsigned char *
art_conf_block_page(const art_conf_t *c, size_t *len)
{
    *len = c->mod.block_page_len;
    return c->mod.block_page;
}


const char *
art_conf_blocked_by(const art_conf_t *c)
{
    return c->mod.blocked_by;
}


void
art_conf_fingerprint(const art_conf_t *c, unsigned char out[32])
{
    memcpy(out, c->fingerprint, 32);
}


/* requests */

int
art_request_info(art_request_info_t *info, const art_allocator_t *a,
    const art_conf_t *c, const art_request_t *req)
{
    const char  *host;
    size_t       len;

    art_buf_init(&info->canonical_url, a);
    art_buf_init(&info->mirror_host, a);
    art_buf_init(&info->onion_location, a);

    if (c->url.origin == NULL) {
        return 0;
    }

    if (art_url_canonical(&info->canonical_url, &c->url, req->uri,
                          req->uri_len) != 0)
    {
        info->canonical_url.len = 0;
        art_buf_append_str(&info->canonical_url, c->url.origin);
        art_buf_append_byte(&info->canonical_url, '/');
    }

    art_buf_append_byte(&info->canonical_url, '\0');
    info->canonical_url.len--;

    host = art_url_current_mirror(&c->url, req->host, req->host_len, &len);
    if (host != NULL) {
        art_buf_append(&info->mirror_host, host, len);
        art_buf_append_byte(&info->mirror_host, '\0');
        info->mirror_host.len--;
    }

    if (host != NULL && !art_url_is_onion((const unsigned char *) host, len)
        && art_url_onion_location(&info->onion_location, &c->url,
                                  (const char *) info->canonical_url.data)
           < 0)
    {
        return -1;
    }

    if (info->canonical_url.failed || info->mirror_host.failed
        || info->onion_location.failed)
    {
        return -1;
    }

    return 0;
}


void
art_request_info_free(art_request_info_t *info)
{
    art_buf_free(&info->canonical_url);
    art_buf_free(&info->mirror_host);
    art_buf_free(&info->onion_location);
}


int
art_rewrite_location(art_buf_t *out, const art_conf_t *c,
    const art_request_info_t *info, const unsigned char *value, size_t len,
    int refresh)
{
    if (c->url.mirror_links != 1 || info->mirror_host.len == 0) {
        return 0;
    }

    if (refresh) {
        return art_url_rewrite_refresh(out, &c->url,
                                       (const char *) info->mirror_host.data,
                                       value, len);
    }

    return art_url_rewrite_location(out, &c->url,
                                    (const char *) info->mirror_host.data,
                                    value, len);
}


/* pages: helpers */

/*
 * The article's one canonical URL: the page's own canonical link as
 * rewritten, where it has an absolute one, else the request's.
 */
static const char *
art_page_canonical_url(const art_page_t *pg)
{
    if (pg->canonical.len) {
        return (const char *) pg->canonical.data;
    }

    return pg->info.canonical_url.len
           ? (const char *) pg->info.canonical_url.data : NULL;
}


static int
art_page_insert(art_page_t *pg, art_rewriter_t *rw, art_buf_t *b)
{
    if (b->failed) {
        return -1;
    }

    return art_rewriter_insert(rw, b->data, b->len);
}


static void
art_page_set_canonical(art_page_t *pg, const unsigned char *p, size_t n)
{
    if (!((n > 7 && strncasecmp((const char *) p, "http://", 7) == 0)
          || (n > 8 && strncasecmp((const char *) p, "https://", 8) == 0))
        || memchr(p, '\0', n) != NULL)
    {
        /* a relative canonical is kept in the page, not taken for ours */
        return;
    }

    pg->canonical.len = 0;
    art_buf_append(&pg->canonical, p, n);
    art_buf_append_byte(&pg->canonical, '\0');
    pg->canonical.len--;
}


/* the end of <head>: metadata goes in before it */
static int
art_page_head_close(void *ud, art_rewriter_t *rw)
{
    art_page_t        *pg = ud;
    const art_conf_t  *c = pg->conf;
    const char        *url;

    url = art_page_canonical_url(pg);

    if (c->meta.enable == 1 && url != NULL && !pg->head_done) {
        pg->tmp.len = 0;

        if (art_meta_render_head(&pg->tmp, &c->meta, &pg->facts, url,
                                 pg->canonical_links == 0) < 0
            || art_page_insert(pg, rw, &pg->tmp) != 0)
        {
            return -1;
        }

        if (pg->canonical_links == 0) {
            art_page_set_canonical(pg, (const unsigned char *) url,
                                   strlen(url));
        }
    }

    pg->head_done = 1;

    return 0;
}


static int
art_page_on_head(void *ud, art_element_t *el)
{
    art_page_t  *pg = ud;

    if (pg->head_seen) {
        return 0;
    }

    pg->head_seen = 1;

    return art_element_on_close(el, ART_POS_APPEND, art_page_head_close, pg);
}


static int
art_page_title_text(void *ud, art_text_t *t)
{
    art_page_t           *pg = ud;
    const unsigned char  *p;
    size_t                n;

    p = art_text_data(t, &n);
    art_meta_facts_title(&pg->facts, p, n);
    art_meta_facts_title_end(&pg->facts);

    return 0;
}


static int
art_page_h1_text(void *ud, art_text_t *t)
{
    art_page_t           *pg = ud;
    const unsigned char  *p;
    size_t                n;

    p = art_text_data(t, &n);
    art_meta_facts_h1(&pg->facts, p, n);
    art_meta_facts_h1_end(&pg->facts);

    return 0;
}


static int
art_page_jsonld_text(void *ud, art_text_t *t)
{
    art_page_t           *pg = ud;
    const unsigned char  *p;
    size_t                n;

    p = art_text_data(t, &n);
    art_meta_facts_jsonld(&pg->facts, p, n);
    art_meta_facts_jsonld_end(&pg->facts);

    return 0;
}


static int
art_page_on_title(void *ud, art_element_t *el)
{
    art_page_t  *pg = ud;

    if (pg->body_seen) {
        return 0;
    }

    return art_element_capture_text(el, art_page_title_text, pg);
}


static int
art_page_on_h1(void *ud, art_element_t *el)
{
    art_page_t  *pg = ud;

    if (pg->h1_done) {
        return 0;
    }

    pg->h1_done = 1;

    return art_element_capture_text(el, art_page_h1_text, pg);
}


static int
art_page_on_script(void *ud, art_element_t *el)
{
    art_page_t           *pg = ud;
    const unsigned char  *type;
    size_t                n;

    if (art_element_attr_count(el) == 0) {
        /* most scripts: no type to look up */
        return 0;
    }

    type = art_element_get_attr(el, "type", &n);

    if (type == NULL || n != 19
        || strncasecmp((const char *) type, "application/ld+json", 19) != 0)
    {
        return 0;
    }

    return art_element_capture_text(el, art_page_jsonld_text, pg);
}


/*
 * Is the raw attribute name (any case) the lower-case lit, as the
 * rewriter compares names?  The callers pick lit by the name's length,
 * so lit has n bytes.  For lit's letters and "-", p[i] | 0x20 is equal
 * only for the letter in either case, for "-" and for CR, which ends a
 * name and so is never in one.
 */
static int
art_page_name_is(const unsigned char *p, size_t n, const char *lit)
{
    size_t  i;

    for (i = 0; i < n; i++) {
        if ((p[i] | 0x20) != (unsigned char) lit[i]) {
            return 0;
        }
    }

    return 1;
}


/* the attributes of <meta> looked at, as bits */
#define ART_PAGE_META_CONTENT     0x01
#define ART_PAGE_META_PROPERTY    0x02
#define ART_PAGE_META_NAME        0x04
#define ART_PAGE_META_ITEMPROP    0x08
#define ART_PAGE_META_CHARSET     0x10
#define ART_PAGE_META_HTTP_EQUIV  0x20

/* the names a <meta> has, and where each is among its attributes */
typedef struct {
    unsigned  attrs;
    size_t    content;
    size_t    property;
    size_t    name;
    size_t    itemprop;
    size_t    charset;
    size_t    http_equiv;
} art_page_meta_t;


static int art_page_meta_charset(art_page_t *pg, art_element_t *el,
    const art_page_meta_t *m);

/*
 * Which of them a <meta> has, from one pass over its attribute names
 * (by length, then first byte): a value is then fetched only for a name
 * that is there, where a lookup by name would scan every attribute for
 * each name asked for.  No handler before this one sets or removes one
 * of these attributes, so the names as written are the ones there.
 */
static void
art_page_meta_attrs(art_element_t *el, art_page_meta_t *m)
{
    const unsigned char  *an;
    size_t                i, n, alen;
    unsigned              attrs;

    memset(m, 0, sizeof(art_page_meta_t));
    attrs = 0;
    n = art_element_attr_count(el);

    for (i = 0; i < n; i++) {
        an = art_element_attr_name(el, i, &alen);

        if (an == NULL) {
            continue;
        }

        switch (alen) {
        case 4:
            if (art_page_name_is(an, alen, "name")) {
                attrs |= ART_PAGE_META_NAME;
                m->name = i;
            }
            break;

        case 7:
            if (art_page_name_is(an, alen, "content")) {
                attrs |= ART_PAGE_META_CONTENT;
                m->content = i;

            } else if (art_page_name_is(an, alen, "charset")) {
                attrs |= ART_PAGE_META_CHARSET;
                m->charset = i;
            }
            break;

        case 8:
            if (art_page_name_is(an, alen, "property")) {
                attrs |= ART_PAGE_META_PROPERTY;
                m->property = i;

            } else if (art_page_name_is(an, alen, "itemprop")) {
                attrs |= ART_PAGE_META_ITEMPROP;
                m->itemprop = i;
            }
            break;

        case 10:
            if (art_page_name_is(an, alen, "http-equiv")) {
                attrs |= ART_PAGE_META_HTTP_EQUIV;
                m->http_equiv = i;
            }
            break;
        }
    }

    m->attrs = attrs;
}


/* <meta>: the metadata it gives, and the charset it declares */
static int
art_page_on_meta(void *ud, art_element_t *el)
{
    art_page_t           *pg = ud;
    const unsigned char  *content, *key;
    size_t                clen, klen, i;
    unsigned              attrs;
    size_t                at[3];
    art_page_meta_t       m;
    static const unsigned bits[3] = {
        ART_PAGE_META_PROPERTY, ART_PAGE_META_NAME, ART_PAGE_META_ITEMPROP
    };

    art_page_meta_attrs(el, &m);
    attrs = m.attrs;
    at[0] = m.property;
    at[1] = m.name;
    at[2] = m.itemprop;

    if (pg->meta_facts
        && (attrs & ART_PAGE_META_CONTENT)
        && (attrs & (ART_PAGE_META_PROPERTY | ART_PAGE_META_NAME
                     | ART_PAGE_META_ITEMPROP)))
    {
        content = NULL;
        clen = 0;

        /*
         * In this order: a later key does not outrank an earlier one.  The
         * content is fetched (and decoded) only for a known key, which few
         * are.
         */
        for (i = 0; i < 3; i++) {
            if (!(attrs & bits[i])) {
                continue;
            }

            key = art_element_attr_value(el, at[i], &klen);

            if (key == NULL || !art_meta_is_fact_key(key, klen)) {
                continue;
            }

            if (content == NULL) {
                content = art_element_attr_value(el, m.content, &clen);
                if (content == NULL) {
                    break;
                }
            }

            art_meta_facts_meta_tag(&pg->facts, key, klen, content, clen);
        }
    }

    if (pg->meta_charset && pg->scanner != NULL
        && (attrs & (ART_PAGE_META_CHARSET | ART_PAGE_META_HTTP_EQUIV)))
    {
        return art_page_meta_charset(pg, el, &m);
    }

    return 0;
}


static int
art_page_on_time(void *ud, art_element_t *el)
{
    art_page_t           *pg = ud;
    const unsigned char  *dt;
    size_t                n;

    dt = art_element_get_attr(el, "datetime", &n);
    if (dt != NULL) {
        art_meta_facts_time(&pg->facts, dt, n);
    }

    return 0;
}


static int
art_page_on_article_img(void *ud, art_element_t *el)
{
    art_page_t           *pg = ud;
    const unsigned char  *src;
    size_t                n;

    src = art_element_get_attr(el, "src", &n);
    if (src != NULL) {
        art_meta_facts_image(&pg->facts, src, n);
    }

    return 0;
}


static int
art_page_is_mirror_host(void *ud, const unsigned char *host, size_t len)
{
    const art_url_conf_t  *u = ud;
    size_t                 i;

    if (len == u->canonical_host_len
        && strncasecmp((const char *) host, u->canonical_host, len) == 0)
    {
        return 1;
    }

    for (i = 0; i < u->nmirrors; i++) {
        if (u->mirrors[i].len == len
            && strncasecmp((const char *) host, u->mirrors[i].name, len) == 0)
        {
            return 1;
        }
    }

    return 0;
}


static int
art_page_is_canonical_link(art_element_t *el)
{
    const unsigned char  *rel;
    size_t                n;

    rel = art_element_get_attr(el, "rel", &n);

    return rel != NULL && art_meta_rel_is_canonical(rel, n);
}


static int
art_page_on_link(void *ud, art_element_t *el)
{
    art_page_t           *pg = ud;
    const art_conf_t     *c = pg->conf;
    const unsigned char  *href;
    size_t                n;
    const char           *url;
    int                   rc;

    if (pg->body_seen || pg->head_done || !art_page_is_canonical_link(el)) {
        return 0;
    }

    art_meta_facts_link(&pg->facts, (const unsigned char *) "canonical", 9);

    if (c->meta.enable != 1) {
        return 0;
    }

    if (++pg->canonical_links > 1) {
        /* one canonical URL per article: later ones go */
        return art_element_remove(el);
    }

    href = art_element_get_attr(el, "href", &n);
    url = art_page_canonical_url(pg);

    if (href == NULL || url == NULL) {
        if (url != NULL) {
            art_page_set_canonical(pg, (const unsigned char *) url,
                                   strlen(url));
            return art_element_set_attr(el, "href",
                                        (const unsigned char *) url,
                                        strlen(url));
        }
        return 0;
    }

    pg->tmp.len = 0;
    rc = art_meta_fix_canonical(&pg->tmp, &c->meta, href, n, url,
                                c->url.origin, art_page_is_mirror_host,
                                (void *) &c->url);
    if (rc < 0) {
        return -1;
    }

    if (rc == 0) {
        art_page_set_canonical(pg, href, n);

        if (pg->canonical.len == 0) {
            /*
             * A relative link kept as it is: the URL it names, resolved
             * as a browser would, is the page's canonical URL.
             */
            art_meta_conf_t  resolve;

            resolve = c->meta;
            resolve.canonical_existing = ART_META_CANONICAL_FIX;
            pg->tmp.len = 0;

            if (art_meta_fix_canonical(&pg->tmp, &resolve, href, n, url,
                                       c->url.origin, NULL, NULL) < 0)
            {
                return -1;
            }

            art_page_set_canonical(pg, pg->tmp.data, pg->tmp.len);
        }

        return 0;
    }

    art_page_set_canonical(pg, pg->tmp.data, pg->tmp.len);

    return art_element_set_attr(el, "href", pg->tmp.data, pg->tmp.len);
}


/* the URL attributes of mirror links, by length (3 to 10) */
static const char *
art_page_url_attr(const unsigned char *an, size_t alen)
{
    static const char  *names[] = {
        "src", "href", "data", "action", "poster", "srcset", "formaction"
    };
    size_t               k;

    switch (alen) {
    case 3: k = 0; break;
    case 4: k = (an[0] | 0x20) == 'h' ? 1 : 2; break;
    case 6:
        switch (an[0] | 0x20) {
        case 'a': k = 3; break;
        case 'p': k = 4; break;
        default: k = 5; break;
        }
        break;
    case 10: k = 6; break;
    default: return NULL;
    }

    return art_page_name_is(an, alen, names[k]) ? names[k] : NULL;
}


/* mirror links: URL attributes that point at a mirror */
static int
art_page_url_attrs(art_page_t *pg, art_element_t *el,
    const char *const *names, const size_t *idx, size_t nnames)
{
    const art_conf_t     *c = pg->conf;
    const char           *host, *name;
    const unsigned char  *v;
    size_t                n, i;
    int                   rc, srcset;

    if (pg->in_mirrors) {
        /* a list of mirrors from an earlier rewrite links to each on purpose */
        return 0;
    }

    host = (const char *) pg->info.mirror_host.data;

    for (i = 0; i < nnames; i++) {
        name = names[i];

        srcset = name[0] == 's' && name[1] == 'r' && name[3] == 's';

        v = art_element_attr_value(el, idx[i], &n);
        if (v == NULL || !art_url_may_rewrite(&c->url, v, n, srcset)) {
            continue;
        }

        pg->tmp.len = 0;

        if (srcset) {
            rc = art_url_rewrite_srcset(&pg->tmp, &c->url, host, v, n);
        } else {
            rc = art_url_rewrite_mirror(&pg->tmp, &c->url, host, v, n);
        }

        if (rc < 0) {
            return -1;
        }

        if (rc == 0) {
            continue;
        }

        /*
         * The canonical link keeps the canonical host: its rel is read
         * only for an href that would change, which few do.
         */
        if (name[0] == 'h' && strcmp(art_element_tag(el), "link") == 0
            && art_page_is_canonical_link(el))
        {
            continue;
        }

        if (art_element_set_attr(el, name, pg->tmp.data, pg->tmp.len) != 0) {
            return -1;
        }
    }

    return 0;
}


/*
 * A list from an earlier rewrite: kept when it comes before ours would go,
 * dropped when ours is already in, so a page rewritten twice has one.
 */
static int
art_page_mirrors_marker_close(void *ud, art_rewriter_t *rw)
{
    art_page_t  *pg = ud;

    pg->in_mirrors = 0;

    return 0;
}


static int
art_page_on_mirrors_marker(void *ud, art_element_t *el)
{
    art_page_t        *pg = ud;
    const art_conf_t  *c = pg->conf;

    if (pg->mirrors_placed && c->url.mirror_block == 1) {
        return art_element_remove(el);
    }

    pg->mirrors_seen = 1;
    pg->in_mirrors = 1;

    return art_element_on_close(el, ART_POS_AFTER,
                                art_page_mirrors_marker_close, pg);
}


static int
art_page_mirror_block(art_page_t *pg, art_rewriter_t *rw)
{
    const art_conf_t  *c = pg->conf;
    const char        *url;
    int                rc;

    url = art_page_canonical_url(pg);

    if (pg->mirrors_seen || pg->mirrors_placed || url == NULL
        || pg->info.mirror_host.len == 0)
    {
        return 0;
    }

    pg->mirrors_placed = 1;
    pg->tmp.len = 0;

    rc = art_url_render_mirror_block(&pg->tmp, &c->url,
                                     (const char *) pg->info.mirror_host.data,
                                     url);
    if (rc < 0) {
        return -1;
    }

    return rc ? art_page_insert(pg, rw, &pg->tmp) : 0;
}


static int
art_page_mirror_block_close(void *ud, art_rewriter_t *rw)
{
    return art_page_mirror_block(ud, rw);
}


static int
art_page_on_mirror_anchor(void *ud, art_element_t *el)
{
    art_page_t        *pg = ud;
    const art_conf_t  *c = pg->conf;
    art_position_e     pos;

    if (pg->mirrors_placed || pg->mirrors_seen) {
        return 0;
    }

    pos = (art_position_e) c->url.mirror_block_position;

    if (pos == ART_POS_APPEND || pos == ART_POS_AFTER) {
        return art_element_on_close(el, pos, art_page_mirror_block_close, pg);
    }

    pg->tmp.len = 0;

    if (art_url_render_mirror_block(&pg->tmp, &c->url,
                                    (const char *) pg->info.mirror_host.data,
                                    art_page_canonical_url(pg)) < 0)
    {
        return -1;
    }

    pg->mirrors_placed = 1;

    return art_element_insert(el, pos, pg->tmp.data, pg->tmp.len);
}


/* share buttons */

static int
art_page_share_bar(art_page_t *pg, art_buf_t *out)
{
    const art_conf_t        *c = pg->conf;
    const art_meta_facts_t  *f = &pg->facts;
    const art_buf_t         *title;
    int                      rc;

    pg->share_placed = 1;

    /* the title a reader sees: og:title, else <title>, else the h1 */
    title = f->og_title.buf.len ? &f->og_title.buf
            : f->title.buf.len ? &f->title.buf : &f->h1.buf;

    /* as it is: the bar cleans it (a second cleaning strips twice) */
    rc = art_share_render(out, &c->share, art_page_canonical_url(pg),
                          title->data ? title->data
                                      : (const unsigned char *) "",
                          title->len, pg->dir[0] ? pg->dir : NULL, pg->nonce);

    return rc < 0 ? -1 : 0;
}


static int
art_page_share_close(void *ud, art_rewriter_t *rw)
{
    art_page_t  *pg = ud;

    if (pg->share_placed || pg->share_seen) {
        return 0;
    }

    pg->tmp.len = 0;

    if (art_page_share_bar(pg, &pg->tmp) != 0) {
        return -1;
    }

    return art_page_insert(pg, rw, &pg->tmp);
}


static int
art_page_on_share_anchor(void *ud, art_element_t *el)
{
    art_page_t        *pg = ud;
    const art_conf_t  *c = pg->conf;
    art_position_e     pos;

    if (pg->share_claimed || pg->share_placed || pg->share_seen) {
        return 0;
    }

    pg->share_claimed = 1;
    pos = (art_position_e) c->share.anchor_position;

    if (pos == ART_POS_APPEND || pos == ART_POS_AFTER) {
        /* placed when the element closes: by then its text is known */
        return art_element_on_close(el, pos, art_page_share_close, pg);
    }

    pg->tmp.len = 0;

    if (art_page_share_bar(pg, &pg->tmp) != 0) {
        return -1;
    }

    return art_element_insert(el, pos, pg->tmp.data, pg->tmp.len);
}


/* a bar from an earlier rewrite: as for the list of mirrors */
static int
art_page_on_share_marker(void *ud, art_element_t *el)
{
    art_page_t  *pg = ud;

    if (pg->share_placed) {
        return art_element_remove(el);
    }

    pg->share_seen = 1;

    return 0;
}


static int
art_page_on_html(void *ud, art_element_t *el)
{
    art_page_t           *pg = ud;
    const unsigned char  *dir;
    size_t                n;

    dir = art_element_get_attr(el, "dir", &n);

    if (dir != NULL && n == 3 && (strncasecmp((const char *) dir, "rtl", 3)
                                  == 0
                                  || strncasecmp((const char *) dir, "ltr", 3)
                                     == 0))
    {
        pg->dir[0] = (char) (dir[0] | 0x20);
        pg->dir[1] = (char) (dir[1] | 0x20);
        pg->dir[2] = (char) (dir[2] | 0x20);
        pg->dir[3] = '\0';
    }

    return 0;
}


/* the end of <body>: JSON-LD, and what had no anchor */
static int
art_page_body_close(void *ud, art_rewriter_t *rw)
{
    art_page_t        *pg = ud;
    const art_conf_t  *c = pg->conf;
    const char        *url;

    url = art_page_canonical_url(pg);

    if (c->share.enabled == 1 && !pg->share_placed && !pg->share_seen
        && c->share.anchor_fallback == ART_SHARE_FALLBACK_BODY
        && art_page_share_close(pg, rw) != 0)
    {
        return -1;
    }

    if (c->meta.enable == 1 && url != NULL
        && !pg->facts.has_jsonld_article)
    {
        pg->tmp.len = 0;

        if (art_meta_render_jsonld(&pg->tmp, &c->meta, &pg->facts, url) < 0
            || art_page_insert(pg, rw, &pg->tmp) != 0)
        {
            return -1;
        }

        /* once only, even if a second body closes */
        pg->facts.has_jsonld_article = 1;
    }

    return 0;
}


static int
art_page_on_body(void *ud, art_element_t *el)
{
    art_page_t  *pg = ud;

    if (pg->body_seen) {
        return 0;
    }

    pg->body_seen = 1;

    if (!pg->head_done && !pg->head_seen && pg->conf->meta.enable == 1
        && art_page_canonical_url(pg) != NULL)
    {
        /* no <head> start tag: the head ends where <body> begins */
        pg->tmp.len = 0;

        if (art_meta_render_head(&pg->tmp, &pg->conf->meta, &pg->facts,
                                 art_page_canonical_url(pg),
                                 pg->canonical_links == 0) < 0
            || art_element_insert(el, ART_POS_BEFORE, pg->tmp.data,
                                  pg->tmp.len) != 0)
        {
            return -1;
        }
    }

    pg->head_done = 1;

    return art_element_on_close(el, ART_POS_APPEND, art_page_body_close, pg);
}


static int
art_page_on_end(void *ud, art_rewriter_t *rw)
{
    art_page_t  *pg = ud;

    pg->head_done = 1;

    if (pg->body_seen) {
        return 0;
    }

    /* a page without <body>: what goes before </body> goes last */
    if (art_page_body_close(pg, rw) != 0) {
        return -1;
    }

    if (pg->conf->url.mirror_block == 1 && pg->conf->url.nmirrors > 1) {
        return art_page_mirror_block(pg, rw);
    }

    return 0;
}


/* moderation */

static int
art_page_mod_text_match(void *ud, const art_mod_match_t *m)
{
    art_page_t  *pg = ud;

    if (!m->apply) {
        return 0;
    }

    return art_text_replace(pg->text, m->start, m->end, m->repl,
                            m->repl_len);
}


static int
art_page_on_text(void *ud, art_text_t *t)
{
    art_page_t           *pg = ud;
    const unsigned char  *p;
    size_t                n;

    if (pg->scanner == NULL) {
        return 0;
    }

    p = art_text_data(t, &n);
    pg->text = t;

    if (art_mod_scan(pg->scanner, p, n, art_page_mod_text_match, pg) < 0) {
        /*
         * PCRE2's match limit (or no memory) on this run: the run passes
         * as it is, counted, and the page goes on.
         */
        pg->moderation_errors++;
    }

    return 0;
}


typedef struct {
    art_buf_t            *out;
    const unsigned char  *value;
    size_t                pos;
} art_page_attr_edit_t;


static int
art_page_mod_attr_match(void *ud, const art_mod_match_t *m)
{
    art_page_attr_edit_t  *e = ud;

    if (!m->apply || m->start < e->pos) {
        return 0;
    }

    art_buf_append(e->out, e->value + e->pos, m->start - e->pos);
    art_buf_append(e->out, m->repl, m->repl_len);
    e->pos = m->end;

    return 0;
}


static int
art_page_on_mod_attrs(void *ud, art_element_t *el)
{
    art_page_t            *pg = ud;
    const art_conf_t      *c = pg->conf;
    const unsigned char   *v;
    const char            *name;
    size_t                 n, i;
    art_page_attr_edit_t   e;

    if (pg->scanner == NULL || art_element_attr_count(el) == 0) {
        return 0;
    }

    for (i = 0; i < c->mod.nattrs; i++) {
        /* stored in lower case and NUL-terminated */
        name = (const char *) c->mod.attrs[i].data;

        v = art_element_get_attr(el, name, &n);
        if (v == NULL) {
            continue;
        }

        pg->attr_value.len = 0;
        e.out = &pg->attr_value;
        e.value = v;
        e.pos = 0;

        if (art_mod_scan_plain(pg->scanner, v, n, art_page_mod_attr_match,
                               &e) != 0)
        {
            return -1;
        }

        if (e.pos == 0) {
            continue;
        }

        art_buf_append(&pg->attr_value, v + e.pos, n - e.pos);

        if (pg->attr_value.failed
            || art_element_set_attr(el, name, pg->attr_value.data,
                                    pg->attr_value.len) != 0)
        {
            return -1;
        }
    }

    return 0;
}


/* is this charset name UTF-8 or ASCII (whose text UTF-8 rules read)? */
static int
art_page_charset_ok(const unsigned char *p, size_t n)
{
    static const char  *ok[] = {
        "utf-8", "utf8", "us-ascii", "ascii", "unicode-1-1-utf-8", NULL
    };
    size_t              i;

    while (n && (*p == ' ' || *p == '"' || *p == '\'')) {
        p++;
        n--;
    }

    while (n && (p[n - 1] == ' ' || p[n - 1] == '"' || p[n - 1] == '\'')) {
        n--;
    }

    for (i = 0; ok[i] != NULL; i++) {
        if (strlen(ok[i]) == n && strncasecmp((const char *) p, ok[i], n) == 0)
        {
            return 1;
        }
    }

    return 0;
}


static void
art_page_skip_moderation(art_page_t *pg)
{
    if (pg->scanner != NULL) {
        art_mod_scanner_destroy(pg->scanner);
        pg->scanner = NULL;
        pg->moderation_skipped = 1;
    }
}


/*
 * <meta charset> and <meta http-equiv=content-type> (m: the names
 * art_page_meta_attrs() found)
 */
static int
art_page_meta_charset(art_page_t *pg, art_element_t *el,
    const art_page_meta_t *m)
{
    const unsigned char  *v, *p;
    size_t                n;

    v = NULL;

    if (m->attrs & ART_PAGE_META_CHARSET) {
        v = art_element_attr_value(el, m->charset, &n);
    }

    if (v == NULL) {
        if (!(m->attrs & ART_PAGE_META_HTTP_EQUIV)) {
            return 0;
        }

        v = art_element_attr_value(el, m->http_equiv, &n);

        if (v == NULL || n != 12
            || strncasecmp((const char *) v, "content-type", 12) != 0)
        {
            return 0;
        }

        v = (m->attrs & ART_PAGE_META_CONTENT)
            ? art_element_attr_value(el, m->content, &n) : NULL;
        if (v == NULL) {
            return 0;
        }

        for (p = v; p + 8 <= v + n; p++) {
            if (strncasecmp((const char *) p, "charset=", 8) == 0) {
                break;
            }
        }

        if (p + 8 > v + n) {
            return 0;
        }

        n -= (size_t) (p + 8 - v);
        v = p + 8;
    }

    if (!art_page_charset_ok(v, n)) {
        art_page_skip_moderation(pg);
    }

    return 0;
}


/*
 * The lengths of the attribute names that art_page_on_any() looks at, as
 * bits: the URL attributes of mirror links (see art_page_url_attr()) and
 * the marks of an earlier rewrite.
 */
#define ART_PAGE_URL_LENS   ((1u << 3) | (1u << 4) | (1u << 6) | (1u << 10))
#define ART_PAGE_MARK_LENS  ((1u << 18) | (1u << 20))


/*
 * Every element: the marks of an earlier rewrite, and mirror links.  One
 * handler that looks at the attributes once costs less than a selector
 * for each attribute.
 */
static int
art_page_on_any(void *ud, art_element_t *el)
{
    art_page_t           *pg = ud;
    const unsigned char  *an;
    const char           *urls[7], *name;
    size_t                i, n, alen, nurls, idx[7];
    unsigned              lens;
    int                   mirrors, share;

    n = art_element_attr_count(el);
    if (n == 0) {
        return 0;
    }

    mirrors = 0;
    share = 0;
    nurls = 0;
    lens = pg->mirror_links ? ART_PAGE_URL_LENS | ART_PAGE_MARK_LENS
                            : ART_PAGE_MARK_LENS;

    /*
     * One pass: the marks, and the URL attributes (each name once).  Most
     * names are ruled out by their length alone; a duplicate's is 0.
     */
    for (i = 0; i < n; i++) {
        an = art_element_attr_name(el, i, &alen);

        if (alen > 20 || !((lens >> alen) & 1)) {
            continue;
        }

        if (alen == 20) {
            mirrors |= art_page_name_is(an, alen, "data-article-mirrors");

        } else if (alen == 18) {
            share |= art_page_name_is(an, alen, "data-article-share");

        } else {
            name = art_page_url_attr(an, alen);

            if (name != NULL) {
                idx[nurls] = i;
                urls[nurls++] = name;
            }
        }
    }

    if (mirrors && pg->mirror_marks
        && art_page_on_mirrors_marker(pg, el) != 0)
    {
        return -1;
    }

    if (share && pg->conf->share.enabled == 1 && !pg->share_off
        && art_page_on_share_marker(pg, el) != 0)
    {
        return -1;
    }

    if (nurls) {
        return art_page_url_attrs(pg, el, urls, idx, nurls);
    }

    return 0;
}


static int
art_page_handler(art_page_t *pg, const char *selector, art_element_fn fn)
{
    char  err[256];

    return art_rewriter_on_element(pg->rw, selector, fn, pg, err,
                                   sizeof(err));
}


/*
 * Every element, its attributes looked up by name: any name HTML allows
 * (xlink:href, @click, v-on:click) and any number of them, where a
 * selector list would be held to selector syntax and its length.
 */
static int
art_page_mod_attr_handler(art_page_t *pg)
{
    return art_page_handler(pg, "*", art_page_on_mod_attrs);
}


art_page_t *
art_page_create(const art_allocator_t *a, const art_conf_t *c,
    const art_request_t *req, art_sink_fn sink, void *ud)
{
    art_page_t               *pg;
    art_rewriter_settings_t   settings;
    int                       rc;

    pg = art_calloc(a, sizeof(art_page_t));
    if (pg == NULL) {
        return NULL;
    }

    pg->alloc = a;
    pg->conf = c;
    art_buf_init(&pg->tmp, a);
    art_buf_init(&pg->canonical, a);
    art_buf_init(&pg->attr_value, a);
    art_meta_facts_init(&pg->facts, a);

    if (art_request_info(&pg->info, a, c, req) != 0) {
        art_page_destroy(pg);
        return NULL;
    }

    memset(&settings, 0, sizeof(settings));
    settings.max_token_size = (size_t) (c->max_token > 0 ? c->max_token : 0);
    settings.plan = c->plan;

    pg->rw = art_rewriter_create(a, &settings, sink, ud);
    if (pg->rw == NULL) {
        art_page_destroy(pg);
        return NULL;
    }

    rc = 0;

    if (c->meta.enable == 1 && pg->info.canonical_url.len) {
        rc |= art_page_handler(pg, "head", art_page_on_head);
        rc |= art_page_handler(pg, "title", art_page_on_title);
        rc |= art_page_handler(pg, "meta", art_page_on_meta);
        pg->meta_facts = 1;
        rc |= art_page_handler(pg, "link", art_page_on_link);
        rc |= art_page_handler(pg, "script", art_page_on_script);
        /*
         * No [datetime] or [src] in the selectors: the handlers look the
         * attribute up anyway, where a selector would look it up first.
         */
        rc |= art_page_handler(pg, "time", art_page_on_time);
        rc |= art_page_handler(pg, "article img", art_page_on_article_img);
        rc |= art_page_handler(pg, "h1", art_page_on_h1);
    }

    rc |= art_page_handler(pg, "body", art_page_on_body);

    if (c->share.enabled == 1 && c->share.nnetworks
        && pg->info.canonical_url.len)
    {
        if (c->meta.enable != 1) {
            /* the title comes from the head even without metadata */
            rc |= art_page_handler(pg, "title", art_page_on_title);
            rc |= art_page_handler(pg, "meta", art_page_on_meta);
            pg->meta_facts = 1;
            rc |= art_page_handler(pg, "h1", art_page_on_h1);
        }

        rc |= art_page_handler(pg, "html", art_page_on_html);
        rc |= art_page_handler(pg, c->share.anchor_selector,
                               art_page_on_share_anchor);

        if (req->nonce != NULL) {
            pg->nonce = art_strndup(a, req->nonce, strlen(req->nonce));
        }

    } else {
        pg->share_placed = 1;
        pg->share_off = 1;
    }

    pg->mirror_links = c->url.mirror_links == 1 && pg->info.mirror_host.len;
    pg->mirror_marks = pg->info.mirror_host.len
                       && (c->url.mirror_links == 1
                           || (c->url.mirror_block == 1
                               && c->url.nmirrors > 1));

    if (pg->mirror_marks
        || (c->share.enabled == 1 && c->share.nnetworks
            && pg->info.canonical_url.len))
    {
        rc |= art_page_handler(pg, "*", art_page_on_any);
    }

    if (c->url.mirror_block == 1 && c->url.nmirrors > 1
        && pg->info.mirror_host.len)
    {
        rc |= art_page_handler(pg, c->url.mirror_block_selector,
                               art_page_on_mirror_anchor);
    }

    if (c->mod.rules != NULL) {
        if (req->charset_len
            && !art_page_charset_ok(req->charset, req->charset_len))
        {
            pg->moderation_skipped = 1;

        } else {
            pg->scanner = art_mod_scanner_create(a, &c->mod);
            if (pg->scanner == NULL) {
                art_page_destroy(pg);
                return NULL;
            }

            rc |= art_rewriter_on_text(pg->rw, art_page_on_text, pg);

            /*
             * The charset is read by the metadata's <meta> handler where
             * there is one: it runs before this element's other handlers
             * rather than after, which none of them can tell, and still
             * before its attributes are moderated, the one thing the
             * charset decides at this element.
             */
            if (!pg->meta_facts) {
                rc |= art_page_handler(pg, "meta", art_page_on_meta);
            }

            pg->meta_charset = 1;

            if (c->mod.nattrs) {
                rc |= art_page_mod_attr_handler(pg);
            }
        }
    }

    rc |= art_rewriter_on_end(pg->rw, art_page_on_end, pg);

    if (rc != 0) {
        art_page_destroy(pg);
        return NULL;
    }

    return pg;
}


int
art_page_write(art_page_t *pg, const unsigned char *p, size_t n)
{
    return art_rewriter_write(pg->rw, p, n);
}


int
art_page_end(art_page_t *pg)
{
    int  rc;

    rc = art_rewriter_end(pg->rw);
    pg->head_done = 1;
    pg->peak = art_rewriter_peak_memory(pg->rw);

    return rc;
}


void
art_page_destroy(art_page_t *pg)
{
    if (pg == NULL) {
        return;
    }

    art_rewriter_destroy(pg->rw);
    art_mod_scanner_destroy(pg->scanner);
    art_buf_free(&pg->attr_value);
    art_free(pg->alloc, pg->nonce);
    art_meta_facts_free(&pg->facts);
    art_request_info_free(&pg->info);
    art_buf_free(&pg->tmp);
    art_buf_free(&pg->canonical);
    art_free(pg->alloc, pg);
}


int
art_page_head_done(const art_page_t *pg)
{
    return pg->head_done;
}


const char *
art_page_canonical(const art_page_t *pg)
{
    return art_page_canonical_url(pg);
}


int
art_page_link_header(const art_page_t *pg, art_buf_t *out)
{
    const char  *url;

    if (pg->conf->meta.enable != 1) {
        return 0;
    }

    url = art_page_canonical(pg);
    if (url == NULL) {
        return 0;
    }

    return art_meta_link_header(out, url) < 0 ? -1 : 0;
}


size_t
art_page_peak_memory(const art_page_t *pg)
{
    return pg->rw ? art_rewriter_peak_memory(pg->rw) : pg->peak;
}


static const art_mod_counts_t  art_page_no_counts;


static const art_mod_counts_t *
art_page_counts(const art_page_t *pg)
{
    return pg->scanner != NULL ? art_mod_counts(pg->scanner)
                               : &art_page_no_counts;
}


void
art_page_moderation(const art_page_t *pg, art_page_counts_t *counts)
{
    const art_mod_counts_t  *m;

    m = art_page_counts(pg);
    counts->mask = m->mask;
    counts->replace = m->replace;
    counts->flag = m->flag;
    counts->block = m->block;
}


int
art_page_moderation_string(const art_page_t *pg, art_buf_t *out)
{
    return art_mod_format_counts(out, art_page_counts(pg));
}


int
art_page_fired_rules(const art_page_t *pg, art_buf_t *out)
{
    return pg->scanner != NULL ? art_mod_fired_rules(pg->scanner, out) : 0;
}


int
art_page_blocked(const art_page_t *pg)
{
    return pg->scanner != NULL && pg->conf->mod.mode != ART_MOD_REPORT
           && art_mod_blocked(pg->scanner);
}


int
art_page_moderation_skipped(const art_page_t *pg)
{
    return pg->moderation_skipped;
}
