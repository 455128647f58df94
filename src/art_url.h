/*
 * Canonical URLs and mirror hosts.
 *
 * Pure functions over URL strings: the rewriter hands over attribute
 * values and header values, nothing here parses HTML.  Every URL written
 * is safe to put into a header as is, and into an attribute after
 * art_escape_html_attr(): controls, spaces, non-ASCII bytes, quotes and
 * angle brackets in paths and queries come out percent-encoded.
 *
 * Functions that write return -1 when the buffer failed to grow (or, where
 * said, when the input is not a URL they can read); functions that may
 * leave a value alone return 1 when they wrote something and 0, with the
 * buffer untouched, when there was nothing to change.
 */

#ifndef ART_URL_H
#define ART_URL_H

#include <stddef.h>

#include "art_buf.h"
#include "art_conf.h"


/*
 * article_mirror_block positions, in the order of art_position_e of
 * art_rewriter.h.
 */
#define ART_URL_POS_BEFORE   0
#define ART_URL_POS_AFTER    1
#define ART_URL_POS_PREPEND  2
#define ART_URL_POS_APPEND   3


typedef struct {
    char    *name;                  /* lower case, NUL-terminated */
    size_t   len;
    int      onion;
} art_url_host_t;


typedef struct {
    /* article_canonical: "scheme://host[:port]", NULL when unset */
    char                  *origin;
    size_t                 origin_len;
    /* the host part of origin (no port), NUL-terminated */
    char                  *canonical_host;
    size_t                 canonical_host_len;
    /* origin + 3 + canonical_host_len: "host[:port]" */
    const char            *canonical_authority;
    size_t                 canonical_authority_len;
    int                    canonical_https;

    /* article_canonical_strip_args; a name ending in '*' is a prefix */
    const art_str_t       *strip_args;
    size_t                 nstrip_args;
    int                    strip_args_set;      /* ART_UNSET until set */

    /* article_mirrors, in configured order; NULL when unset */
    art_url_host_t        *mirrors;
    size_t                 nmirrors;

    int                    mirror_links;        /* ART_UNSET, 0, 1 */

    /* article_mirror_block: mirror_block is ART_UNSET, 0 (off) or 1 */
    int                    mirror_block;
    const char            *mirror_block_selector;
    int                    mirror_block_position;   /* ART_URL_POS_* */

    const char            *mirror_label;        /* NULL when unset */
} art_url_conf_t;


void art_url_conf_init(art_url_conf_t *c);
int art_url_conf_set(art_url_conf_t *c, art_conf_ctx_t *ctx,
    const char *name, const art_str_t *args, size_t nargs);
void art_url_conf_merge(art_url_conf_t *c, const art_url_conf_t *parent);


/*
 * RFC 3986 6.2.2 syntax-based normalization of an absolute http or https
 * URL (scheme and host in lower case, default port and fragment dropped,
 * percent-escapes in upper case, escaped unreserved characters decoded,
 * dot segments removed, an empty path made "/") with bytes that may not
 * appear in a URL percent-encoded.  Returns 0, or -1 (out untouched) when
 * url is not an absolute http(s) URL with a valid host.
 */
int art_url_normalize(art_buf_t *out, const unsigned char *url, size_t len);

/*
 * The canonical URL of a request: the article_canonical origin plus the
 * request URI as the client sent it (nginx's $request_uri), normalized,
 * without the query arguments named by article_canonical_strip_args (and
 * without empty ones), the rest in their order.  An absolute-form URI
 * gives its path and query; "*" and other forms give "/".  -1 when no
 * origin is configured.
 */
int art_url_canonical(art_buf_t *out, const art_url_conf_t *c,
    const unsigned char *uri, size_t len);

/* 1 if host (a trailing dot allowed) ends in ".onion", any case */
int art_url_is_onion(const unsigned char *host, size_t len);

/*
 * The mirror a request came in on: its Host header value (any case, port
 * and trailing dot dropped) when that is the canonical host or one of the
 * article_mirrors, else the canonical host; NULL when neither applies.
 * The result points into the configuration (lower case, NUL-terminated),
 * so an unknown Host is never reflected.
 */
const char *art_url_current_mirror(const art_url_conf_t *c,
    const unsigned char *host, size_t len, size_t *outlen);

/*
 * One URL attribute value (href, src, action, poster, data, formaction):
 * when it is absolute http(s) or protocol-relative, and its host is a
 * mirror or the canonical host other than current_host, write it with the
 * host moved to current_host and return 1.  The scheme stays as written
 * (http when current_host is an onion, the canonical scheme when moving
 * from an onion to a clearnet host), userinfo, path, query, fragment and
 * the whitespace around the value stay byte for byte, and a URL with an
 * explicit port other than its scheme's default (or the canonical port for
 * the canonical host) names another service and is left alone.  The
 * canonical host written as current_host gets the canonical port.
 */
int art_url_rewrite_mirror(art_buf_t *out, const art_url_conf_t *c,
    const char *current_host, const unsigned char *url, size_t len);

/*
 * The same for every URL of a srcset value (HTML's srcset parsing rules),
 * descriptors, commas and whitespace kept byte for byte.
 */
int art_url_rewrite_srcset(art_buf_t *out, const art_url_conf_t *c,
    const char *current_host, const unsigned char *srcset, size_t len);

/*
 * Could art_url_rewrite_mirror() (srcset 0) or art_url_rewrite_srcset()
 * (srcset 1) change the value?  0 is sure: they move only a host right
 * after "//" (the first one, for a single URL) that is the canonical host
 * or a mirror (in any case), or one after userinfo, and the value has no
 * such "//", or has "//" but no "@".  1 says only that they must be asked.
 */
int art_url_may_rewrite(const art_url_conf_t *c, const unsigned char *v,
    size_t n, int srcset);

/* a Location header value: the same as art_url_rewrite_mirror() */
int art_url_rewrite_location(art_buf_t *out, const art_url_conf_t *c,
    const char *current_host, const unsigned char *value, size_t len);

/*
 * A Refresh header value ("5; url=https://mirror/x", quotes allowed, or
 * "5; https://mirror/x"): only the URL part is rewritten.
 */
int art_url_rewrite_refresh(art_buf_t *out, const art_url_conf_t *c,
    const char *current_host, const unsigned char *value, size_t len);

/*
 * The same article on another mirror: canonical_url (as made by
 * art_url_canonical()) with its origin replaced by mirror_host, with http
 * for an onion host and the canonical scheme for the others; the
 * canonical host keeps the canonical origin.  0, or -1.
 */
int art_url_mirror_url(art_buf_t *out, const art_url_conf_t *c,
    const char *mirror_host, const char *canonical_url);

/*
 * The Onion-Location header value: the article on the first onion mirror.
 * 1 when written, 0 when no onion mirror is configured, -1 on failure.
 */
int art_url_onion_location(art_buf_t *out, const art_url_conf_t *c,
    const char *canonical_url);

/*
 * The mirror list markup: the article on every mirror but current_host,
 * the canonical host first, then the others in configured order, onions
 * last:
 *   <nav class="article-mirrors" data-article-mirrors aria-label="LABEL">
 *   <p>LABEL</p><ul><li><a href="URL">HOST</a></li>...</ul></nav>
 * (one line).  1 when written, 0 when there is no other mirror (or no
 * canonical origin), -1 on failure.
 */
int art_url_render_mirror_block(art_buf_t *out, const art_url_conf_t *c,
    const char *current_host, const char *canonical_url);


#endif /* ART_URL_H */
