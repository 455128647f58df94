#include <stdio.h>
#include <string.h>

#include "art_escape.h"
#include "art_url.h"


#define ART_URL_MAX_HOST   253
#define ART_URL_MAX_LABEL  63
#define ART_URL_V3_ONION   56

/* art_url_pct() flags */
#define ART_PCT_LOWER      1        /* lower-case letters (a host) */
#define ART_PCT_AT         2        /* keep no bare "@" (userinfo) */


typedef struct {
    const unsigned char  *scheme;       /* NULL: protocol-relative */
    size_t                scheme_len;
    int                   https;
    const unsigned char  *userinfo;     /* NULL: none */
    size_t                userinfo_len;
    const unsigned char  *host;
    size_t                host_len;
    const unsigned char  *port;         /* NULL: no ":" */
    size_t                port_len;
    const unsigned char  *path;         /* up to "?" or "#" */
    size_t                path_len;
    const unsigned char  *query;        /* after "?"; NULL: none */
    size_t                query_len;
    const unsigned char  *rest;         /* the path onwards */
    size_t                rest_len;
} art_url_parts_t;


static const char  art_url_hex[] = "0123456789ABCDEF";

/* tracking arguments that never change what a page shows */
static const art_str_t  art_url_default_strip[] = {
    { (const unsigned char *) "utm_*", 5 },
    { (const unsigned char *) "fbclid", 6 },
    { (const unsigned char *) "gclid", 5 },
    { (const unsigned char *) "dclid", 5 },
    { (const unsigned char *) "gbraid", 6 },
    { (const unsigned char *) "wbraid", 6 },
    { (const unsigned char *) "msclkid", 7 },
    { (const unsigned char *) "mc_cid", 6 },
    { (const unsigned char *) "mc_eid", 6 },
    { (const unsigned char *) "igshid", 6 },
    { (const unsigned char *) "yclid", 5 },
    { (const unsigned char *) "_ga", 3 },
    { (const unsigned char *) "_gl", 3 },
    { (const unsigned char *) "ref_src", 7 }
};

static const char  art_url_default_label[] = "Also available at";


static int
art_url_lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}


static int
art_url_ci_eq(const unsigned char *a, const char *b, size_t n)
{
    size_t  i;

    for (i = 0; i < n; i++) {
        if (art_url_lower(a[i]) != art_url_lower((unsigned char) b[i])) {
            return 0;
        }
    }

    return 1;
}


static int
art_url_is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}


static int
art_url_hexval(unsigned char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }

    c = (unsigned char) art_url_lower(c);

    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }

    return -1;
}


static int
art_url_unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
           || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'
           || c == '~';
}


/* bytes that may not appear in a URL as they are */
static int
art_url_illegal(unsigned char c)
{
    return c <= 0x20 || c >= 0x7f || strchr("\"<>\\^`{|}", c) != NULL;
}


static void
art_url_append_pct(art_buf_t *b, unsigned char c)
{
    unsigned char  e[3];

    e[0] = '%';
    e[1] = (unsigned char) art_url_hex[c >> 4];
    e[2] = (unsigned char) art_url_hex[c & 0xf];

    art_buf_append(b, e, 3);
}


/*
 * Percent-encoding normalization of one component: escapes of unreserved
 * characters decoded, the other escapes in upper case, a "%" that starts
 * no escape and every illegal byte encoded.
 */
static void
art_url_pct(art_buf_t *b, const unsigned char *p, size_t n, int flags)
{
    size_t         i;
    int            hi, lo;
    unsigned char  c;

    for (i = 0; i < n; i++) {
        c = p[i];

        if (c == '%') {
            hi = -1;
            lo = -1;

            if (i + 2 < n) {
                hi = art_url_hexval(p[i + 1]);
                lo = art_url_hexval(p[i + 2]);
            }

            if (hi < 0 || lo < 0) {
                art_buf_append(b, "%25", 3);
                continue;
            }

            c = (unsigned char) (hi << 4 | lo);
            i += 2;

            if (!art_url_unreserved(c)) {
                art_url_append_pct(b, c);
                continue;
            }

        } else if (art_url_illegal(c) || (c == '@' && (flags & ART_PCT_AT))) {
            art_url_append_pct(b, c);
            continue;
        }

        if (flags & ART_PCT_LOWER) {
            c = (unsigned char) art_url_lower(c);
        }

        art_buf_append_byte(b, c);
    }
}


/*
 * Can the authority at p (n bytes to the end of the URL) hold the host
 * name (len bytes) with no userinfo before it?  The host would start at
 * p and end at a port, at the end of the authority or at a trailing dot:
 * the byte after the name is looked at before the name is compared,
 * as most names of other sites share a first few bytes with ours.
 */
static int
art_url_host_at(const unsigned char *p, size_t n, const char *name,
    size_t len)
{
    if (n < len) {
        return 0;
    }

    if (n > len && p[len] != '/' && p[len] != '?' && p[len] != '#'
        && p[len] != ':' && p[len] != '.')
    {
        return 0;
    }

    return art_url_ci_eq(p, name, len);
}


/*
 * Could the URL whose authority starts at p be on the canonical host or
 * a mirror?  Without an "@" there is no userinfo, so the host starts at
 * p and must be one of those names (any case, a trailing dot allowed):
 * a test per name rules most URLs out before their authority is scanned.
 */
static int
art_url_may_be_listed(const art_url_conf_t *c, const unsigned char *p,
    size_t n)
{
    size_t  i;

    if (c->canonical_host != NULL
        && art_url_host_at(p, n, c->canonical_host, c->canonical_host_len))
    {
        return 1;
    }

    for (i = 0; i < c->nmirrors; i++) {
        if (art_url_host_at(p, n, c->mirrors[i].name, c->mirrors[i].len)) {
            return 1;
        }
    }

    return memchr(p, '@', n) != NULL;
}


/*
 * Splits "scheme://authority/path?query#fragment" (or "//authority..."
 * when relative_ok) up to rest, leaving path and query unset.  The
 * authority is taken up to the first "/", "?" or "#"; a backslash, a
 * control or a space in it makes the URL unreadable here, as browsers
 * would read such an authority differently.  With listed, a URL that
 * cannot be on one of its hosts is unreadable too.
 */
static int
art_url_parse_head(const unsigned char *p, size_t n, int relative_ok,
    const art_url_conf_t *listed, art_url_parts_t *u)
{
    size_t                i, start, end, at, k;
    const unsigned char  *h;

    i = 0;

    if (n >= 5 && art_url_ci_eq(p, "http:", 5)) {
        i = 5;

    } else if (n >= 6 && art_url_ci_eq(p, "https:", 6)) {
        i = 6;

    } else if (!relative_ok) {
        return -1;
    }

    if (n - i < 2 || p[i] != '/' || p[i + 1] != '/') {
        return -1;
    }

    if (listed != NULL && !art_url_may_be_listed(listed, p + i + 2, n - i - 2))
    {
        return -1;
    }

    /* u is left as it was where the URL is unreadable: no caller reads it */
    memset(u, 0, sizeof(art_url_parts_t));

    if (i > 0) {
        u->scheme = p;
        u->scheme_len = i - 1;
        u->https = (i == 6);
    }

    i += 2;
    start = i;
    at = (size_t) -1;

    for ( /* void */ ; i < n; i++) {
        if (p[i] == '/' || p[i] == '?' || p[i] == '#') {
            break;
        }

        if (p[i] <= 0x20 || p[i] >= 0x7f || p[i] == '\\') {
            return -1;
        }

        if (p[i] == '@') {
            at = i;
        }
    }

    end = i;

    if (at != (size_t) -1) {
        u->userinfo = p + start;
        u->userinfo_len = at - start;
        start = at + 1;
    }

    h = p + start;
    k = start;

    if (k < end && p[k] == '[') {
        while (k < end && p[k] != ']') {
            k++;
        }

        if (k == end) {
            return -1;
        }

        k++;

        if (k < end && p[k] != ':') {
            return -1;
        }

    } else {
        while (k < end && p[k] != ':') {
            k++;
        }
    }

    u->host = h;
    u->host_len = k - start;

    if (u->host_len == 0) {
        return -1;
    }

    if (k < end) {
        u->port = p + k + 1;
        u->port_len = end - k - 1;

        for (k++; k < end; k++) {
            if (p[k] < '0' || p[k] > '9') {
                return -1;
            }
        }
    }

    u->rest = p + end;
    u->rest_len = n - end;

    return 0;
}


/* art_url_parse_head(), and the rest split into path and query */
static int
art_url_parse(const unsigned char *p, size_t n, int relative_ok,
    art_url_parts_t *u)
{
    size_t  i, end;

    if (art_url_parse_head(p, n, relative_ok, NULL, u) != 0) {
        return -1;
    }

    end = (size_t) (u->rest - p);

    for (i = end; i < n && p[i] != '?' && p[i] != '#'; i++) {
        /* void */
    }

    u->path = p + end;
    u->path_len = i - end;

    if (i < n && p[i] == '?') {
        u->query = p + i + 1;

        for (i++; i < n && p[i] != '#'; i++) {
            /* void */
        }

        u->query_len = (size_t) (p + i - u->query);
    }

    return 0;
}


/* a port's value, -1 when it is out of range; leading zeros allowed */
static long
art_url_port_value(const unsigned char *p, size_t n)
{
    size_t  i;
    long    v;

    v = 0;

    for (i = 0; i < n; i++) {
        v = v * 10 + (p[i] - '0');
        if (v > 65535) {
            return -1;
        }
    }

    return v;
}


/* removes the last segment and its "/" from out, not below base */
static void
art_url_pop_segment(art_buf_t *out, size_t base)
{
    size_t  k;

    if (out->failed) {
        return;
    }

    k = out->len;

    while (k > base && out->data[k - 1] != '/') {
        k--;
    }

    if (k > base) {
        k--;
    }

    out->len = k;
}


/*
 * RFC 3986 5.2.4, from in (a normalized path) onto out.  The path is
 * absolute (it follows an authority), so the rules for a leading "./",
 * "../", "." and ".." never apply and only segments that start with "/"
 * are moved.
 */
static void
art_url_remove_dots(art_buf_t *out, const unsigned char *in, size_t n)
{
    size_t                i, j, rem, base;
    const unsigned char  *s;

    base = out->len;
    i = 0;

    while (i < n) {
        s = in + i;
        rem = n - i;

        if (rem >= 3 && memcmp(s, "/./", 3) == 0) {
            i += 2;

        } else if (rem == 2 && memcmp(s, "/.", 2) == 0) {
            art_buf_append_byte(out, '/');
            break;

        } else if (rem >= 4 && memcmp(s, "/../", 4) == 0) {
            art_url_pop_segment(out, base);
            i += 3;

        } else if (rem == 3 && memcmp(s, "/..", 3) == 0) {
            art_url_pop_segment(out, base);
            art_buf_append_byte(out, '/');
            break;

        } else {
            for (j = i + 1; j < n && in[j] != '/'; j++) {
                /* void */
            }

            art_buf_append(out, s, j - i);
            i = j;
        }
    }
}


/* a normalized path; tmp is scratch space */
static void
art_url_write_path(art_buf_t *out, art_buf_t *tmp, const unsigned char *p,
    size_t n)
{
    if (n == 0) {
        art_buf_append_byte(out, '/');
        return;
    }

    tmp->len = 0;
    art_url_pct(tmp, p, n, 0);

    if (tmp->failed) {
        out->failed = 1;
        return;
    }

    art_url_remove_dots(out, tmp->data, tmp->len);
}


static int
art_url_strip_match(const art_url_conf_t *c, const unsigned char *name,
    size_t n)
{
    size_t           i, len;
    const art_str_t  *s;

    for (i = 0; i < c->nstrip_args; i++) {
        s = &c->strip_args[i];
        len = s->len;

        if (len > 0 && s->data[len - 1] == '*') {
            len--;
            if (n >= len && memcmp(name, s->data, len) == 0) {
                return 1;
            }

        } else if (n == len && memcmp(name, s->data, len) == 0) {
            return 1;
        }
    }

    return 0;
}


/*
 * A normalized query.  With a configuration, empty arguments and the ones
 * named by strip_args go, and no "?" is left when nothing remains.
 */
static void
art_url_write_query(art_buf_t *out, art_buf_t *tmp, const unsigned char *p,
    size_t n, const art_url_conf_t *c)
{
    size_t                i, j, k;
    int                   first;
    const unsigned char  *q;

    tmp->len = 0;
    art_url_pct(tmp, p, n, 0);

    if (tmp->failed) {
        out->failed = 1;
        return;
    }

    if (c == NULL) {
        art_buf_append_byte(out, '?');
        art_buf_append(out, tmp->data, tmp->len);
        return;
    }

    q = tmp->data;
    first = 1;

    for (i = 0; i < tmp->len; i = j + 1) {
        for (j = i; j < tmp->len && q[j] != '&'; j++) {
            /* void */
        }

        if (j == i) {
            continue;
        }

        for (k = i; k < j && q[k] != '='; k++) {
            /* void */
        }

        if (art_url_strip_match(c, q + i, k - i)) {
            continue;
        }

        art_buf_append_byte(out, first ? '?' : '&');
        art_buf_append(out, q + i, j - i);
        first = 0;
    }
}


/* the normalized host; -1 when it holds what no host may hold */
static int
art_url_write_host(art_buf_t *out, const unsigned char *p, size_t n)
{
    size_t          i, start;
    unsigned char   c;

    start = out->len;
    art_url_pct(out, p, n, ART_PCT_LOWER);

    if (out->failed) {
        return -1;
    }

    if (out->data[start] == '[') {
        if (out->data[out->len - 1] != ']' || out->len - start < 3) {
            return -1;
        }

        for (i = start + 1; i < out->len - 1; i++) {
            c = out->data[i];
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')
                  || c == ':' || c == '.'))
            {
                return -1;
            }
        }

        return 0;
    }

    for (i = start; i < out->len; i++) {
        c = out->data[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')
              || c == '-' || c == '.' || c == '_' || c == '~'))
        {
            return -1;
        }
    }

    return 0;
}


int
art_url_normalize(art_buf_t *out, const unsigned char *url, size_t len)
{
    size_t           start;
    long             port;
    art_buf_t        tmp;
    art_url_parts_t  u;

    if (out->failed) {
        return -1;
    }

    if (art_url_parse(url, len, 0, &u) != 0) {
        return -1;
    }

    port = -1;

    if (u.port_len > 0) {
        port = art_url_port_value(u.port, u.port_len);
        if (port < 0) {
            return -1;
        }

        if (port == (u.https ? 443 : 80)) {
            port = -1;
        }
    }

    start = out->len;

    art_buf_append_str(out, u.https ? "https://" : "http://");

    if (u.userinfo != NULL) {
        art_url_pct(out, u.userinfo, u.userinfo_len, ART_PCT_AT);
        art_buf_append_byte(out, '@');
    }

    if (art_url_write_host(out, u.host, u.host_len) != 0) {
        if (!out->failed) {
            out->len = start;
            return -1;
        }
    }

    if (port >= 0) {
        art_buf_printf(out, ":%ld", port);
    }

    art_buf_init(&tmp, out->alloc);

    art_url_write_path(out, &tmp, u.path, u.path_len);

    if (u.query != NULL) {
        art_url_write_query(out, &tmp, u.query, u.query_len, NULL);
    }

    art_buf_free(&tmp);

    return out->failed ? -1 : 0;
}


int
art_url_canonical(art_buf_t *out, const art_url_conf_t *c,
    const unsigned char *uri, size_t len)
{
    size_t                i, plen, qlen;
    art_buf_t             tmp;
    art_url_parts_t       u;
    const unsigned char  *p, *q;

    if (out->failed || c->origin == NULL) {
        return -1;
    }

    if (len > 0 && uri[0] == '/') {
        p = uri;

    } else if (art_url_parse(uri, len, 0, &u) == 0) {
        p = u.rest;
        len = u.rest_len;

    } else {
        p = uri;
        len = 0;
    }

    for (i = 0; i < len && p[i] != '?' && p[i] != '#'; i++) {
        /* void */
    }

    plen = i;
    q = NULL;
    qlen = 0;

    if (i < len && p[i] == '?') {
        q = p + i + 1;

        for (i++; i < len && p[i] != '#'; i++) {
            /* void */
        }

        qlen = (size_t) (p + i - q);
    }

    art_buf_append(out, c->origin, c->origin_len);

    art_buf_init(&tmp, out->alloc);

    art_url_write_path(out, &tmp, p, plen);

    if (q != NULL) {
        art_url_write_query(out, &tmp, q, qlen, c);
    }

    art_buf_free(&tmp);

    return out->failed ? -1 : 0;
}


/*
 * Host name syntax (RFC 1123 labels, ASCII only); NULL when valid, else
 * why not.  An onion name needs a base32 service label before ".onion",
 * and a 56-character (version 3) one ends in "d", its version byte.
 */
static const char *
art_url_check_host(const unsigned char *h, size_t n)
{
    size_t         i, label, prev;
    unsigned char  c;

    if (n == 0) {
        return "it is empty";
    }

    if (n > ART_URL_MAX_HOST) {
        return "it is longer than 253 characters";
    }

    if (h[0] == '[') {
        return "IPv6 literals are not supported";
    }

    label = 0;

    for (i = 0; i <= n; i++) {
        c = i < n ? (unsigned char) art_url_lower(h[i]) : '.';

        if (c == '.') {
            if (label == 0) {
                return "it has an empty label";
            }

            if (label > ART_URL_MAX_LABEL) {
                return "a label is longer than 63 characters";
            }

            if (h[i - 1] == '-') {
                return "a label ends with a hyphen";
            }

            label = 0;
            continue;
        }

        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
              || c == '-'))
        {
            return "it may hold only letters, digits, hyphens and dots "
                   "(an international name in its xn-- form)";
        }

        if (label == 0 && c == '-') {
            return "a label starts with a hyphen";
        }

        label++;
    }

    if (!art_url_is_onion(h, n)) {
        return NULL;
    }

    /* the service label: the one right before ".onion" */
    prev = n - 6;

    for (i = prev; i > 0 && h[i - 1] != '.'; i--) {
        /* void */
    }

    label = prev - i;

    for ( /* void */ ; i < prev; i++) {
        c = (unsigned char) art_url_lower(h[i]);
        if (!((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))) {
            return "an onion service name is base32 (a-z, 2-7)";
        }
    }

    if (label == ART_URL_V3_ONION && art_url_lower(h[prev - 1]) != 'd') {
        return "a version 3 onion name ends in \"d\"";
    }

    return NULL;
}


int
art_url_is_onion(const unsigned char *host, size_t len)
{
    if (len > 0 && host[len - 1] == '.') {
        len--;
    }

    return len >= 6 && art_url_ci_eq(host + len - 6, ".onion", 6);
}


static char *
art_url_lower_dup(art_conf_ctx_t *ctx, const unsigned char *p, size_t n)
{
    size_t  i;
    char   *s;

    s = art_alloc(ctx->alloc, n + 1);
    if (s == NULL) {
        art_conf_error(ctx, "out of memory");
        return NULL;
    }

    for (i = 0; i < n; i++) {
        s[i] = (char) art_url_lower(p[i]);
    }

    s[n] = '\0';

    return s;
}


static int
art_url_bad_origin(art_conf_ctx_t *ctx, const char *name, const art_str_t *a,
    const char *why)
{
    return art_conf_error(ctx, "invalid origin \"%.*s\" in \"%s\": %s",
                          (int) a->len, (const char *) a->data, name, why);
}


static int
art_url_set_canonical(art_url_conf_t *c, art_conf_ctx_t *ctx,
    const char *name, const art_str_t *a)
{
    size_t                i, n, slen, hstart, hend;
    long                  port;
    int                   https;
    char                 *o;
    const char           *why;
    const unsigned char  *p;

    p = a->data;
    n = a->len;

    for (i = 0; i + 2 < n; i++) {
        if (p[i] == ':' && p[i + 1] == '/' && p[i + 2] == '/') {
            break;
        }
    }

    if (i + 2 >= n) {
        return art_url_bad_origin(ctx, name, a,
                                  "it must look like https://host");
    }

    if (i == 4 && art_url_ci_eq(p, "http", 4)) {
        https = 0;

    } else if (i == 5 && art_url_ci_eq(p, "https", 5)) {
        https = 1;

    } else {
        return art_url_bad_origin(ctx, name, a,
                                  "the scheme must be http or https");
    }

    slen = i;
    hstart = i + 3;

    /* "https://" alone: no host, and no byte to look at */
    if (hstart < n && p[hstart] == '[') {
        return art_url_bad_origin(ctx, name, a,
                                  "IPv6 literals are not supported");
    }

    for (i = hstart; i < n; i++) {
        if (p[i] == '@') {
            return art_url_bad_origin(ctx, name, a,
                                      "it may not hold a user name");
        }

        if (p[i] == '/' || p[i] == '?' || p[i] == '#' || p[i] == ':') {
            break;
        }
    }

    hend = i;
    port = -1;

    if (i < n && p[i] == ':') {
        for (i++; i < n && p[i] >= '0' && p[i] <= '9'; i++) {
            /* void */
        }

        port = art_url_port_value(p + hend + 1, i - hend - 1);

        if (i == hend + 1 || port < 1
            || (i < n && p[i] != '/' && p[i] != '?' && p[i] != '#'))
        {
            return art_url_bad_origin(ctx, name, a,
                                "the port must be a number from 1 to 65535");
        }

        if (port == (https ? 443 : 80)) {
            port = -1;
        }
    }

    if (i < n && p[i] == '/') {
        i++;
    }

    if (i < n) {
        why = p[i] == '?' ? "it may not have a query"
              : p[i] == '#' ? "it may not have a fragment"
              : "it may not have a path";
        return art_url_bad_origin(ctx, name, a, why);
    }

    if (hend > hstart && p[hend - 1] == '.') {
        hend--;
    }

    why = art_url_check_host(p + hstart, hend - hstart);
    if (why != NULL) {
        return art_url_bad_origin(ctx, name, a, why);
    }

    c->canonical_host = art_url_lower_dup(ctx, p + hstart, hend - hstart);
    if (c->canonical_host == NULL) {
        return ART_CONF_ERROR;
    }

    c->canonical_host_len = hend - hstart;

    o = art_alloc(ctx->alloc, slen + 3 + c->canonical_host_len + 7);
    if (o == NULL) {
        return art_conf_error(ctx, "out of memory");
    }

    memcpy(o, https ? "https://" : "http://", slen + 3);
    memcpy(o + slen + 3, c->canonical_host, c->canonical_host_len);
    n = slen + 3 + c->canonical_host_len;

    if (port > 0) {
        n += (size_t) sprintf(o + n, ":%ld", port);
    }

    o[n] = '\0';

    c->origin = o;
    c->origin_len = n;
    c->canonical_authority = o + slen + 3;
    c->canonical_authority_len = n - slen - 3;
    c->canonical_https = https;

    return ART_CONF_OK;
}


static int
art_url_set_strip(art_url_conf_t *c, art_conf_ctx_t *ctx, const char *name,
    const art_str_t *args, size_t nargs)
{
    size_t      i, j;
    art_str_t  *s;
    char       *d;

    if (nargs == 1 && art_str_eq(&args[0], "off")) {
        c->strip_args = NULL;
        c->nstrip_args = 0;
        c->strip_args_set = 1;
        return ART_CONF_OK;
    }

    for (i = 0; i < nargs; i++) {
        const art_str_t  *a = &args[i];

        if (art_str_eq(a, "off")) {
            return art_conf_error(ctx, "\"off\" in \"%s\" must be its only "
                                  "argument", name);
        }

        if (a->len == 0) {
            return art_conf_error(ctx, "empty argument name in \"%s\"",
                                  name);
        }

        for (j = 0; j < a->len; j++) {
            unsigned char  ch = a->data[j];

            if (ch <= 0x20 || ch >= 0x7f || ch == '&' || ch == '='
                || ch == '#' || ch == '?' || (ch == '*' && j != a->len - 1))
            {
                return art_conf_error(ctx, "invalid argument name "
                                      "\"%.*s\" in \"%s\": it may not hold "
                                      "spaces, controls, & = # ? or a * "
                                      "other than a last one",
                                      (int) a->len, (const char *) a->data,
                                      name);
            }
        }
    }

    s = art_alloc(ctx->alloc, nargs * sizeof(art_str_t));
    if (s == NULL) {
        return art_conf_error(ctx, "out of memory");
    }

    for (i = 0; i < nargs; i++) {
        d = art_conf_strdup(ctx, &args[i]);
        if (d == NULL) {
            return ART_CONF_ERROR;
        }

        s[i].data = (const unsigned char *) d;
        s[i].len = args[i].len;
    }

    c->strip_args = s;
    c->nstrip_args = nargs;
    c->strip_args_set = 1;

    return ART_CONF_OK;
}


static int
art_url_set_mirrors(art_url_conf_t *c, art_conf_ctx_t *ctx, const char *name,
    const art_str_t *args, size_t nargs)
{
    size_t           i, j, n;
    const char      *why;
    art_url_host_t  *m;

    m = art_calloc(ctx->alloc, nargs * sizeof(art_url_host_t));
    if (m == NULL) {
        return art_conf_error(ctx, "out of memory");
    }

    for (i = 0; i < nargs; i++) {
        const art_str_t  *a = &args[i];

        n = a->len;
        why = NULL;

        for (j = 0; j < n; j++) {
            if (a->data[j] == '/') {
                why = "a mirror is a host name, without scheme or path";
                break;
            }

            if (a->data[j] == ':') {
                why = "a mirror is a host name, without scheme or port";
                break;
            }
        }

        if (why == NULL) {
            if (n > 1 && a->data[n - 1] == '.') {
                n--;
            }

            why = art_url_check_host(a->data, n);
        }

        if (why != NULL) {
            return art_conf_error(ctx, "invalid mirror \"%.*s\" in \"%s\": "
                                  "%s", (int) a->len,
                                  (const char *) a->data, name, why);
        }

        m[i].name = art_url_lower_dup(ctx, a->data, n);
        if (m[i].name == NULL) {
            return ART_CONF_ERROR;
        }

        m[i].len = n;
        m[i].onion = art_url_is_onion(a->data, n);

        for (j = 0; j < i; j++) {
            if (m[j].len == n && memcmp(m[j].name, m[i].name, n) == 0) {
                return art_conf_error(ctx, "duplicate mirror \"%.*s\" in "
                                      "\"%s\"", (int) a->len,
                                      (const char *) a->data, name);
            }
        }
    }

    c->mirrors = m;
    c->nmirrors = nargs;

    return ART_CONF_OK;
}


static int
art_url_set_block(art_url_conf_t *c, art_conf_ctx_t *ctx, const char *name,
    const art_str_t *args, size_t nargs)
{
    static const char  *positions[] = {
        "before", "after", "prepend", "append"
    };
    int                 i;
    char               *sel;

    if (nargs == 1 && art_str_eq(&args[0], "off")) {
        c->mirror_block = 0;
        return ART_CONF_OK;
    }

    if (nargs != 2) {
        return art_conf_error(ctx, "invalid number of arguments in \"%s\" "
                              "directive: it takes a selector and a "
                              "position, or \"off\"", name);
    }

    for (i = 0; i < 4; i++) {
        if (art_str_eq(&args[1], positions[i])) {
            break;
        }
    }

    if (i == 4) {
        return art_conf_error(ctx, "invalid position \"%.*s\" in \"%s\": "
                              "it must be before, after, prepend or append",
                              (int) args[1].len,
                              (const char *) args[1].data, name);
    }

    if (args[0].len == 0) {
        return art_conf_error(ctx, "empty selector in \"%s\"", name);
    }

    sel = art_conf_strdup(ctx, &args[0]);
    if (sel == NULL) {
        return ART_CONF_ERROR;
    }

    c->mirror_block = 1;
    c->mirror_block_selector = sel;
    c->mirror_block_position = i;

    return ART_CONF_OK;
}


int
art_url_conf_set(art_url_conf_t *c, art_conf_ctx_t *ctx, const char *name,
    const art_str_t *args, size_t nargs)
{
    static const char  *names[] = {
        "article_canonical", "article_canonical_strip_args",
        "article_mirrors", "article_mirror_links", "article_mirror_block",
        "article_mirror_label"
    };
    int                 d, dup;
    char               *s;

    for (d = 0; d < 6; d++) {
        if (strcmp(name, names[d]) == 0) {
            break;
        }
    }

    switch (d) {
    case 0: dup = c->origin != NULL; break;
    case 1: dup = c->strip_args_set != ART_UNSET; break;
    case 2: dup = c->mirrors != NULL; break;
    case 3: dup = c->mirror_links != ART_UNSET; break;
    case 4: dup = c->mirror_block != ART_UNSET; break;
    case 5: dup = c->mirror_label != NULL; break;
    default: return ART_CONF_DECLINED;
    }

    if (dup) {
        return art_conf_error(ctx, "\"%s\" directive is duplicate", name);
    }

    /* canonical, links and label take exactly one argument */
    if (nargs == 0 || (nargs != 1 && (d == 0 || d == 3 || d == 5))) {
        return art_conf_error(ctx, "invalid number of arguments in \"%s\" "
                              "directive", name);
    }

    switch (d) {
    case 0:
        return art_url_set_canonical(c, ctx, name, &args[0]);
    case 1:
        return art_url_set_strip(c, ctx, name, args, nargs);
    case 2:
        return art_url_set_mirrors(c, ctx, name, args, nargs);
    case 3:
        return art_conf_flag(ctx, name, &args[0], &c->mirror_links);
    case 4:
        return art_url_set_block(c, ctx, name, args, nargs);
    }

    if (args[0].len == 0) {
        return art_conf_error(ctx, "empty label in \"%s\"", name);
    }

    s = art_conf_strdup(ctx, &args[0]);
    if (s == NULL) {
        return ART_CONF_ERROR;
    }

    c->mirror_label = s;

    return ART_CONF_OK;
}


void
art_url_conf_init(art_url_conf_t *c)
{
    memset(c, 0, sizeof(art_url_conf_t));

    c->strip_args_set = ART_UNSET;
    c->mirror_links = ART_UNSET;
    c->mirror_block = ART_UNSET;
    c->mirror_block_position = ART_UNSET;
}


void
art_url_conf_merge(art_url_conf_t *c, const art_url_conf_t *parent)
{
    if (c->origin == NULL && parent != NULL && parent->origin != NULL) {
        c->origin = parent->origin;
        c->origin_len = parent->origin_len;
        c->canonical_host = parent->canonical_host;
        c->canonical_host_len = parent->canonical_host_len;
        c->canonical_authority = parent->canonical_authority;
        c->canonical_authority_len = parent->canonical_authority_len;
        c->canonical_https = parent->canonical_https;
    }

    if (c->strip_args_set == ART_UNSET) {
        if (parent != NULL && parent->strip_args_set != ART_UNSET) {
            c->strip_args = parent->strip_args;
            c->nstrip_args = parent->nstrip_args;

        } else {
            c->strip_args = art_url_default_strip;
            c->nstrip_args = sizeof(art_url_default_strip)
                             / sizeof(art_url_default_strip[0]);
        }

        c->strip_args_set = 1;
    }

    if (c->mirrors == NULL && parent != NULL) {
        c->mirrors = parent->mirrors;
        c->nmirrors = parent->nmirrors;
    }

    if (c->mirror_links == ART_UNSET) {
        c->mirror_links = (parent != NULL && parent->mirror_links != ART_UNSET)
                          ? parent->mirror_links : 0;
    }

    if (c->mirror_block == ART_UNSET) {
        if (parent != NULL && parent->mirror_block != ART_UNSET) {
            c->mirror_block = parent->mirror_block;
            c->mirror_block_selector = parent->mirror_block_selector;
            c->mirror_block_position = parent->mirror_block_position;

        } else {
            c->mirror_block = 1;
            c->mirror_block_selector = "body";
            c->mirror_block_position = ART_URL_POS_APPEND;
        }
    }

    if (c->mirror_label == NULL) {
        c->mirror_label = (parent != NULL && parent->mirror_label != NULL)
                          ? parent->mirror_label : art_url_default_label;
    }
}


/* the configured name of a host (the canonical one or a mirror), or NULL */
static const char *
art_url_find_host(const art_url_conf_t *c, const unsigned char *h, size_t n,
    size_t *outlen)
{
    size_t  i;

    if (n > 0 && h[n - 1] == '.') {
        n--;
    }

    if (n == 0) {
        return NULL;
    }

    if (c->canonical_host != NULL && n == c->canonical_host_len
        && art_url_ci_eq(h, c->canonical_host, n))
    {
        *outlen = n;
        return c->canonical_host;
    }

    for (i = 0; i < c->nmirrors; i++) {
        if (n == c->mirrors[i].len && art_url_ci_eq(h, c->mirrors[i].name, n))
        {
            *outlen = n;
            return c->mirrors[i].name;
        }
    }

    return NULL;
}


static int
art_url_same_host(const char *a, const char *b)
{
    size_t  n;

    n = strlen(a);

    return n == strlen(b) && art_url_ci_eq((const unsigned char *) a, b, n);
}


static int
art_url_is_canonical(const art_url_conf_t *c, const char *host)
{
    return c->canonical_host != NULL
           && art_url_same_host(host, c->canonical_host);
}


const char *
art_url_current_mirror(const art_url_conf_t *c, const unsigned char *host,
    size_t len, size_t *outlen)
{
    size_t       s, e, k;
    const char  *name;

    *outlen = 0;

    for (s = 0; s < len && art_url_is_ws(host[s]); s++) {

        /* void */

    }
    for (e = len; e > s && art_url_is_ws(host[e - 1]); e--) {
        /* void */
    }

    k = s;

    if (k < e && host[k] == '[') {
        while (k < e && host[k] != ']') {
            k++;
        }

        if (k < e) {
            k++;
        }

    } else {
        while (k < e && host[k] != ':') {
            k++;
        }
    }

    name = art_url_find_host(c, host + s, k - s, outlen);

    if (name == NULL && c->canonical_host != NULL) {
        name = c->canonical_host;
        *outlen = c->canonical_host_len;
    }

    return name;
}


/*
 * Whether a URL's explicit port is the one its host is served on: the
 * canonical port for the canonical host, the scheme's default for the
 * others (either default for a protocol-relative URL).
 */
static int
art_url_port_ok(const art_url_conf_t *c, const art_url_parts_t *u,
    int canonical)
{
    long         port, want;
    const char  *colon;

    if (u->port_len == 0) {
        return 1;
    }

    port = art_url_port_value(u->port, u->port_len);

    if (canonical) {
        colon = strchr(c->canonical_authority, ':');

        if (colon != NULL) {
            want = art_url_port_value((const unsigned char *) colon + 1,
                                      strlen(colon + 1));
            return port == want;
        }
    }

    if (u->scheme == NULL) {
        return port == 80 || port == 443;
    }

    return port == (u->https ? 443 : 80);
}


int
art_url_rewrite_mirror(art_buf_t *out, const art_url_conf_t *c,
    const char *current_host, const unsigned char *url, size_t len)
{
    size_t           s, e, n;
    const char      *name;
    art_url_parts_t  u;

    if (out->failed) {
        return -1;
    }

    if (current_host == NULL || *current_host == '\0') {
        return 0;
    }

    for (s = 0; s < len && art_url_is_ws(url[s]); s++) {

        /* void */

    }
    for (e = len; e > s && art_url_is_ws(url[e - 1]); e--) {
        /* void */
    }

    /* only the host and the rest are needed, not the path split */
    if (art_url_parse_head(url + s, e - s, 1, c, &u) != 0) {
        return 0;
    }

    name = art_url_find_host(c, u.host, u.host_len, &n);

    if (name == NULL || art_url_same_host(name, current_host)
        || !art_url_port_ok(c, &u, name == c->canonical_host))
    {
        return 0;
    }

    art_buf_append(out, url, s);

    if (u.scheme != NULL) {
        if (art_url_is_onion((const unsigned char *) current_host,
                             strlen(current_host)))
        {
            art_buf_append_str(out, "http");

        } else if (art_url_is_onion((const unsigned char *) name, n)) {
            art_buf_append_str(out, (c->origin == NULL || c->canonical_https)
                                    ? "https" : "http");

        } else {
            art_buf_append(out, u.scheme, u.scheme_len);
        }

        art_buf_append_byte(out, ':');
    }

    art_buf_append(out, "//", 2);

    if (u.userinfo != NULL) {
        art_buf_append(out, u.userinfo, u.userinfo_len);
        art_buf_append_byte(out, '@');
    }

    if (art_url_is_canonical(c, current_host)) {
        art_buf_append(out, c->canonical_authority,
                       c->canonical_authority_len);

    } else {
        art_buf_append_str(out, current_host);
    }

    art_buf_append(out, u.rest, u.rest_len);
    art_buf_append(out, url + e, len - e);

    return out->failed ? -1 : 1;
}


/* does a host that the mirror rewrite moves start at h, in any case? */
static int
art_url_listed_at(const art_url_conf_t *c, const unsigned char *h, size_t n)
{
    size_t  i;

    if (c->canonical_host != NULL && n >= c->canonical_host_len
        && art_url_ci_eq(h, c->canonical_host, c->canonical_host_len))
    {
        return 1;
    }

    for (i = 0; i < c->nmirrors; i++) {
        if (n >= c->mirrors[i].len
            && art_url_ci_eq(h, c->mirrors[i].name, c->mirrors[i].len))
        {
            return 1;
        }
    }

    return 0;
}


int
art_url_may_rewrite(const art_url_conf_t *c, const unsigned char *v,
    size_t n, int srcset)
{
    int                   at;
    const unsigned char  *p, *end;

    end = v + n;
    at = -1;

    for (p = v; p + 1 < end; p++) {
        p = memchr(p, '/', (size_t) (end - p - 1));
        if (p == NULL) {
            return 0;
        }

        if (p[1] != '/') {
            continue;
        }

        if (art_url_listed_at(c, p + 2, (size_t) (end - p - 2))) {
            return 1;
        }

        if (at == -1) {
            at = memchr(v, '@', n) != NULL;
        }

        if (at || !srcset) {
            /*
             * A single URL's host can only follow the first "//": what
             * comes before it is whitespace and a scheme, neither of
             * which holds a "/".
             */
            return at;
        }

        p++;
    }

    return 0;
}


int
art_url_rewrite_srcset(art_buf_t *out, const art_url_conf_t *c,
    const char *current_host, const unsigned char *srcset, size_t len)
{
    size_t                i, us, ue, mark, start;
    int                   changed, rc, paren;
    const unsigned char  *p;

    if (out->failed) {
        return -1;
    }

    p = srcset;
    start = out->len;
    mark = 0;
    changed = 0;
    i = 0;

    for ( ;; ) {
        while (i < len && (art_url_is_ws(p[i]) || p[i] == ',')) {
            i++;
        }

        if (i == len) {
            break;
        }

        us = i;

        while (i < len && !art_url_is_ws(p[i])) {
            i++;
        }

        ue = i;

        if (p[ue - 1] == ',') {
            /* trailing commas end the candidate: no descriptors */
            while (ue > us && p[ue - 1] == ',') {
                ue--;
            }

        } else {
            /* descriptors run to a comma outside parentheses */
            paren = 0;

            for ( /* void */ ; i < len; i++) {
                if (paren) {
                    paren = p[i] != ')';

                } else if (p[i] == '(') {
                    paren = 1;

                } else if (p[i] == ',') {
                    i++;
                    break;
                }
            }
        }

        if (ue == us) {
            continue;
        }

        art_buf_append(out, p + mark, us - mark);

        rc = art_url_rewrite_mirror(out, c, current_host, p + us, ue - us);
        if (rc < 0) {
            return -1;
        }

        if (rc == 0) {
            art_buf_append(out, p + us, ue - us);

        } else {
            changed = 1;
        }

        mark = ue;
    }

    if (!changed) {
        if (!out->failed) {
            out->len = start;
        }

        return out->failed ? -1 : 0;
    }

    art_buf_append(out, p + mark, len - mark);

    return out->failed ? -1 : 1;
}


int
art_url_rewrite_location(art_buf_t *out, const art_url_conf_t *c,
    const char *current_host, const unsigned char *value, size_t len)
{
    return art_url_rewrite_mirror(out, c, current_host, value, len);
}


/* the URL part of a Refresh value, as HTML's declarative refresh reads it */
int
art_url_rewrite_refresh(art_buf_t *out, const art_url_conf_t *c,
    const char *current_host, const unsigned char *value, size_t len)
{
    size_t                i, j, us, ue, start;
    int                   rc;
    unsigned char         quote;
    const unsigned char  *p;

    if (out->failed) {
        return -1;
    }

    p = value;

    for (i = 0; i < len && art_url_is_ws(p[i]); i++) {

        /* void */

    }

    if (i == len || !((p[i] >= '0' && p[i] <= '9') || p[i] == '.')) {
        return 0;
    }

    while (i < len && ((p[i] >= '0' && p[i] <= '9') || p[i] == '.')) {
        i++;
    }

    if (i < len && !art_url_is_ws(p[i]) && p[i] != ';' && p[i] != ',') {
        return 0;
    }

    while (i < len && art_url_is_ws(p[i])) {
        i++;
    }

    if (i < len && (p[i] == ';' || p[i] == ',')) {
        i++;
    }

    while (i < len && art_url_is_ws(p[i])) {
        i++;
    }

    us = i;
    ue = len;

    if (len - i >= 3 && art_url_ci_eq(p + i, "url", 3)) {
        for (j = i + 3; j < len && art_url_is_ws(p[j]); j++) {
            /* void */
        }

        if (j < len && p[j] == '=') {
            for (j++; j < len && art_url_is_ws(p[j]); j++) {
                /* void */
            }

            us = j;

            if (j < len && (p[j] == '\'' || p[j] == '"')) {
                quote = p[j];
                us = j + 1;

                for (j = us; j < len && p[j] != quote; j++) {

                    /* void */

                }

                ue = j;
            }
        }
    }

    if (us >= ue) {
        return 0;
    }

    start = out->len;
    art_buf_append(out, p, us);

    rc = art_url_rewrite_mirror(out, c, current_host, p + us, ue - us);

    if (rc <= 0) {
        if (!out->failed) {
            out->len = start;
        }

        return out->failed ? -1 : rc;
    }

    art_buf_append(out, p + ue, len - ue);

    return out->failed ? -1 : 1;
}


int
art_url_mirror_url(art_buf_t *out, const art_url_conf_t *c,
    const char *mirror_host, const char *canonical_url)
{
    size_t           n;
    art_url_parts_t  u;

    if (out->failed || c->origin == NULL || mirror_host == NULL
        || canonical_url == NULL)
    {
        return -1;
    }

    n = strlen(canonical_url);

    if (art_url_parse((const unsigned char *) canonical_url, n, 0, &u) != 0) {
        return -1;
    }

    if (art_url_is_canonical(c, mirror_host)) {
        art_buf_append(out, c->origin, c->origin_len);

    } else {
        n = strlen(mirror_host);

        if (art_url_is_onion((const unsigned char *) mirror_host, n)) {
            art_buf_append_str(out, "http://");

        } else {
            art_buf_append_str(out, c->canonical_https ? "https://"
                                                       : "http://");
        }

        art_buf_append(out, mirror_host, n);
    }

    if (u.path_len == 0) {
        art_buf_append_byte(out, '/');
    }

    art_escape_url(out, u.rest, u.rest_len);

    return out->failed ? -1 : 0;
}


int
art_url_onion_location(art_buf_t *out, const art_url_conf_t *c,
    const char *canonical_url)
{
    size_t  i;

    for (i = 0; i < c->nmirrors; i++) {
        if (c->mirrors[i].onion) {
            return art_url_mirror_url(out, c, c->mirrors[i].name,
                                      canonical_url) == 0 ? 1 : -1;
        }
    }

    return 0;
}


static int
art_url_block_item(art_buf_t *out, art_buf_t *tmp, const art_url_conf_t *c,
    const char *host, const char *canonical_url)
{
    tmp->len = 0;

    if (art_url_mirror_url(tmp, c, host, canonical_url) != 0) {
        return -1;
    }

    art_buf_append_str(out, "<li><a href=\"");
    art_escape_html_attr(out, tmp->data, tmp->len);
    art_buf_append_str(out, "\">");
    art_escape_html_text(out, (const unsigned char *) host, strlen(host));
    art_buf_append_str(out, "</a></li>");

    return 0;
}


int
art_url_render_mirror_block(art_buf_t *out, const art_url_conf_t *c,
    const char *current_host, const char *canonical_url)
{
    size_t       i, start, items;
    int          pass, rc;
    const char  *label, *host;
    art_buf_t    tmp;

    if (out->failed) {
        return -1;
    }

    if (c->origin == NULL || canonical_url == NULL) {
        return 0;
    }

    label = c->mirror_label != NULL ? c->mirror_label : art_url_default_label;
    start = out->len;
    items = 0;
    rc = 0;

    art_buf_init(&tmp, out->alloc);

    art_buf_append_str(out, "<nav class=\"article-mirrors\" "
                            "data-article-mirrors aria-label=\"");
    art_escape_html_attr(out, (const unsigned char *) label, strlen(label));
    art_buf_append_str(out, "\"><p>");
    art_escape_html_text(out, (const unsigned char *) label, strlen(label));
    art_buf_append_str(out, "</p><ul>");

    /* the canonical host, the clearnet mirrors, the onion ones */
    for (pass = 0; pass < 3 && rc == 0; pass++) {
        for (i = 0; i < (pass == 0 ? 1 : c->nmirrors); i++) {
            if (pass == 0) {
                host = c->canonical_host;

            } else if (c->mirrors[i].onion == (pass == 2)
                       && !art_url_is_canonical(c, c->mirrors[i].name))
            {
                host = c->mirrors[i].name;

            } else {
                continue;
            }

            if (current_host != NULL && art_url_same_host(host, current_host))
            {
                continue;
            }

            rc = art_url_block_item(out, &tmp, c, host, canonical_url);
            if (rc != 0) {
                break;
            }

            items++;
        }
    }

    art_buf_free(&tmp);

    art_buf_append_str(out, "</ul></nav>");

    if (rc != 0 || items == 0 || out->failed) {
        if (!out->failed) {
            out->len = start;
        }

        return (rc != 0 || out->failed) ? -1 : 0;
    }

    return 1;
}
