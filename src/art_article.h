/*
 * The article rewrite: every feature put together over the rewriter.
 *
 * A configuration (art_conf_t) holds the settings of one nginx location or
 * of one article-rewrite -c file.  A page (art_page_t) is one response
 * going through: it is created with what is known of the request, takes
 * the body in chunks, and sends the rewritten page to a sink.
 */

#ifndef ART_ARTICLE_H
#define ART_ARTICLE_H

#include <stddef.h>

#include "art_alloc.h"
#include "art_buf.h"
#include "art_conf.h"
#include "art_rewriter.h"


typedef struct art_conf_s  art_conf_t;
typedef struct art_page_s  art_page_t;


/* configuration */

art_conf_t *art_conf_create(const art_allocator_t *a);
/*
 * One directive: ART_CONF_OK, ART_CONF_ERROR (ctx->err says why) or
 * ART_CONF_DECLINED (not a directive of the core).
 */
int art_conf_set(art_conf_t *c, art_conf_ctx_t *ctx, const char *name,
    const art_str_t *args, size_t nargs);
/* fill what c leaves unset from parent (NULL: defaults only) */
int art_conf_merge(art_conf_t *c, const art_conf_t *parent,
    art_conf_ctx_t *ctx);

/* release what a level loaded itself (rules); call once per level */
void art_conf_free(art_conf_t *c);

int art_conf_enabled(const art_conf_t *c);
long long art_conf_max_size(const art_conf_t *c);
int art_conf_last_modified(const art_conf_t *c);
/* is this MIME type (without parameters) one to rewrite? */
int art_conf_type_ok(const art_conf_t *c, const unsigned char *type,
    size_t len);
/* does the page decide a response header (the canonical Link)? */
int art_conf_page_headers(const art_conf_t *c);
/* does the moderation include block rules (the page must be held)? */
int art_conf_holds_page(const art_conf_t *c);
int art_conf_oversize_blocks(const art_conf_t *c);
/* the block page (NULL when none is set) and the blocked-by URL */
const unsigned char *art_conf_block_page(const art_conf_t *c, size_t *len);
const char *art_conf_blocked_by(const art_conf_t *c);
/* SHA-256 of every setting and every file the settings read */
void art_conf_fingerprint(const art_conf_t *c, unsigned char out[32]);


/* what is known of the request before the body */
typedef struct {
    const unsigned char  *scheme;       /* "http" or "https" */
    size_t                scheme_len;
    const unsigned char  *host;         /* the Host header, as sent */
    size_t                host_len;
    const unsigned char  *uri;          /* the request URI with arguments */
    size_t                uri_len;
    const char           *nonce;        /* for inline script; NULL if none */
    /* the charset of the Content-Type header; empty when not given */
    const unsigned char  *charset;
    size_t                charset_len;
} art_request_t;


/*
 * Values decided from the request alone, for headers and variables; they
 * are the same whatever the page holds.
 */
typedef struct {
    art_buf_t             canonical_url;
    art_buf_t             mirror_host;
    art_buf_t             onion_location;   /* empty when none */
} art_request_info_t;

int art_request_info(art_request_info_t *info, const art_allocator_t *a,
    const art_conf_t *c, const art_request_t *req);
void art_request_info_free(art_request_info_t *info);

/*
 * A Location or Refresh header of a redirect pointing at a mirror, moved
 * to the current mirror: 1 and out filled when it changes, else 0.
 */
int art_rewrite_location(art_buf_t *out, const art_conf_t *c,
    const art_request_info_t *info, const unsigned char *value, size_t len,
    int refresh);


/* pages */

art_page_t *art_page_create(const art_allocator_t *a, const art_conf_t *c,
    const art_request_t *req, art_sink_fn sink, void *ud);
int art_page_write(art_page_t *pg, const unsigned char *p, size_t n);
int art_page_end(art_page_t *pg);
void art_page_destroy(art_page_t *pg);

/*
 * The canonical URL that the page's own <link rel="canonical"> carries
 * after rewriting, for the Link header; final once art_page_head_done()
 * says so (the end of <head>, or the end of the page).
 */
int art_page_head_done(const art_page_t *pg);
const char *art_page_canonical(const art_page_t *pg);
/* the Link header value for it ("<URL>; rel=\"canonical\""), if any */
int art_page_link_header(const art_page_t *pg, art_buf_t *out);

typedef struct {
    unsigned  mask;
    unsigned  replace;
    unsigned  flag;
    unsigned  block;
} art_page_counts_t;

void art_page_moderation(const art_page_t *pg, art_page_counts_t *counts);
/* "mask=N replace=N flag=N block=N" */
int art_page_moderation_string(const art_page_t *pg, art_buf_t *out);
/* "rules.txt:3 rules.txt:7": the rules that fired */
int art_page_fired_rules(const art_page_t *pg, art_buf_t *out);
int art_page_blocked(const art_page_t *pg);
/* the page's charset is not UTF-8 or ASCII: moderation was skipped */
int art_page_moderation_skipped(const art_page_t *pg);
size_t art_page_peak_memory(const art_page_t *pg);


#endif /* ART_ARTICLE_H */
