/*
 * libFuzzer target of the URL functions (art_url.h) and of the canonical
 * link's URL work in art_meta.h.  The first byte picks one of four
 * configurations (origin, mirrors, strip list) and a few switches; the
 * rest is cut at NUL bytes into a URL, a request URI and a Host value
 * (missing parts are empty).
 *
 * (a) art_url_normalize(): a URL it takes comes out as "http://" or
 *     "https://", a host, then "/", with legal URL bytes only (no control,
 *     space, non-ASCII, " < > \ ^ ` { | } or #), and normalizing that
 *     again gives it back byte for byte.
 * (b) art_url_canonical() of the request URI: the origin, then "/" (no
 *     host but the configured one), legal bytes, no empty argument and no
 *     argument that the strip list names; the result's own path and query
 *     give it back, and so does art_url_normalize() of it.
 * (c) art_url_current_mirror() of the Host value: the canonical host or a
 *     configured mirror (a pointer into the configuration), never the
 *     value itself; NULL only without an origin and a known host.
 * (d) The rewrites (href, srcset, Location, Refresh) of the URL towards
 *     the current mirror: 0 leaves the buffer as it was; 1 writes a value
 *     that a second pass leaves alone, whose URL names the current host.
 * (e) art_url_mirror_url(), art_url_onion_location() and the mirror
 *     block: legal URLs on the configured hosts; the block lists every
 *     host but the current one, once each.
 * (f) art_meta_fix_canonical() of the URL as a page's canonical href:
 *     keep changes nothing, replace gives the canonical URL, fix gives a
 *     URL on the canonical origin that a second fix leaves alone; and
 *     art_meta_link_header() is "<" legal URL ">; rel=\"canonical\"".
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "art_alloc.h"
#include "art_buf.h"
#include "art_meta.h"
#include "art_url.h"


#define FZ_NCONF  4


static const char  *fz_conf_text[FZ_NCONF][4] = {
    /* origin, mirrors, strip args (NULL: default), label */
    { "https://www.example.org",
      "mirror.example.net www.example.com "
      "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion",
      NULL, NULL },
    { "http://News.Example:8080/",
      "m1.example xn--bcher-kva.example news.example",
      "ref sess* a _", "Mirrors & <copies>" },
    { "https://abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd"
      ".onion",
      "www.example.org 2222222222222222.onion",
      "off", NULL },
    { "https://www.example.org:443",
      NULL,
      "utm_* x*", "\"quoted\" 'label'" }
};


typedef struct {
    art_arena_t     arena;
    art_url_conf_t  conf[FZ_NCONF];
    int             ready;
} fz_state_t;


static fz_state_t  fz_state;


/* "a b c" into arguments pointing into the (static) text */
static size_t
fz_split(const char *s, art_str_t *args, size_t max)
{
    size_t  n, k;

    n = 0;

    while (*s != '\0' && n < max) {
        while (*s == ' ') {
            s++;
        }

        k = strcspn(s, " ");
        if (k == 0) {
            break;
        }

        args[n].data = (const unsigned char *) s;
        args[n].len = k;
        n++;
        s += k;
    }

    return n;
}


static void
fz_set(art_url_conf_t *c, art_conf_ctx_t *ctx, const char *name,
    const char *value)
{
    art_str_t  args[8];
    size_t     n;

    if (value == NULL) {
        return;
    }

    n = fz_split(value, args, 8);

    if (art_url_conf_set(c, ctx, name, args, n) != ART_CONF_OK) {
        abort();
    }
}


static void
fz_init(void)
{
    size_t          i;
    char            err[256];
    art_conf_ctx_t  ctx;

    /* the configurations live as long as the process, as in nginx */
    art_arena_init(&fz_state.arena);

    ctx.alloc = &fz_state.arena.alloc;
    ctx.base_dir = NULL;
    ctx.err = err;
    ctx.errlen = sizeof(err);

    for (i = 0; i < FZ_NCONF; i++) {
        art_url_conf_init(&fz_state.conf[i]);
        fz_set(&fz_state.conf[i], &ctx, "article_canonical",
               fz_conf_text[i][0]);
        fz_set(&fz_state.conf[i], &ctx, "article_mirrors",
               fz_conf_text[i][1]);
        fz_set(&fz_state.conf[i], &ctx, "article_canonical_strip_args",
               fz_conf_text[i][2]);

        if (fz_conf_text[i][3] != NULL) {
            art_str_t  label;

            label.data = (const unsigned char *) fz_conf_text[i][3];
            label.len = strlen(fz_conf_text[i][3]);

            if (art_url_conf_set(&fz_state.conf[i], &ctx,
                                 "article_mirror_label", &label, 1)
                != ART_CONF_OK)
            {
                abort();
            }
        }

        art_url_conf_merge(&fz_state.conf[i], NULL);
    }

    fz_state.ready = 1;
}


static int
fz_illegal(unsigned char c)
{
    return c <= 0x20 || c >= 0x7f || strchr("\"<>\\^`{|}#", c) != NULL;
}


static void
fz_legal(const unsigned char *p, size_t n)
{
    size_t  i;

    for (i = 0; i < n; i++) {
        if (fz_illegal(p[i])) {
            abort();
        }
    }
}


static int
fz_ci_eq(const unsigned char *a, const char *b, size_t n)
{
    size_t  i;

    for (i = 0; i < n; i++) {
        if ((a[i] | 0x20) != ((unsigned char) b[i] | 0x20)) {
            return 0;
        }
    }

    return 1;
}


/* the length of "http://" or "https://" at p, or 0 */
static size_t
fz_scheme(const unsigned char *p, size_t n)
{
    if (n >= 7 && memcmp(p, "http://", 7) == 0) {
        return 7;
    }

    if (n >= 8 && memcmp(p, "https://", 8) == 0) {
        return 8;
    }

    return 0;
}


/* whether the byte after an authority ends it as a URL parser reads it */
static int
fz_after_authority(const unsigned char *p, size_t n, size_t at)
{
    return at == n || p[at] == '/' || p[at] == '?' || p[at] == '#';
}


/* (a) */
static void
fz_normalize(const unsigned char *url, size_t len)
{
    art_buf_t  a, b;
    size_t     s, i;

    art_buf_init(&a, &art_malloc_allocator);
    art_buf_init(&b, &art_malloc_allocator);

    if (art_url_normalize(&a, url, len) == 0) {
        fz_legal(a.data, a.len);

        s = fz_scheme(a.data, a.len);
        if (s == 0) {
            abort();
        }

        /* a host, then the path */
        for (i = s; i < a.len && a.data[i] != '/'; i++) {
            if (a.data[i] == '?') {
                abort();
            }
        }

        if (i == s || i == a.len) {
            abort();
        }

        if (art_url_normalize(&b, a.data, a.len) != 0 || a.len != b.len
            || memcmp(a.data, b.data, a.len) != 0)
        {
            abort();
        }

    } else if (a.len != 0) {
        /* out untouched */
        abort();
    }

    art_buf_free(&a);
    art_buf_free(&b);
}


/* whether the strip list names an argument */
static int
fz_stripped(const art_url_conf_t *c, const unsigned char *name, size_t n)
{
    size_t           i, len;
    const art_str_t  *s;

    for (i = 0; i < c->nstrip_args; i++) {
        s = &c->strip_args[i];
        len = s->len;

        if (len > 0 && s->data[len - 1] == '*') {
            if (n >= len - 1 && memcmp(name, s->data, len - 1) == 0) {
                return 1;
            }

        } else if (n == len && memcmp(name, s->data, n) == 0) {
            return 1;
        }
    }

    return 0;
}


/* (b); the canonical URL, NUL-terminated, into out */
static void
fz_canonical(const art_url_conf_t *c, const unsigned char *uri, size_t len,
    art_buf_t *out)
{
    art_buf_t  again;
    size_t     i, j, k, q;

    if (art_url_canonical(out, c, uri, len) != 0) {
        if (c->origin != NULL) {
            abort();
        }
        return;
    }

    if (out->len <= c->origin_len
        || memcmp(out->data, c->origin, c->origin_len) != 0
        || out->data[c->origin_len] != '/')
    {
        abort();
    }

    fz_legal(out->data, out->len);

    /* the arguments left */
    for (q = c->origin_len; q < out->len && out->data[q] != '?'; q++) {
        /* void */
    }

    for (i = q + 1; i < out->len; i = j + 1) {
        for (j = i; j < out->len && out->data[j] != '&'; j++) {
            /* void */
        }

        if (j == i) {
            abort();
        }

        for (k = i; k < j && out->data[k] != '='; k++) {
            /* void */
        }

        if (fz_stripped(c, out->data + i, k - i)) {
            abort();
        }
    }

    /* idempotent, as a request URI and as a URL */
    art_buf_init(&again, &art_malloc_allocator);

    if (art_url_canonical(&again, c, out->data + c->origin_len,
                          out->len - c->origin_len) != 0
        || again.len != out->len
        || memcmp(again.data, out->data, out->len) != 0)
    {
        abort();
    }

    again.len = 0;

    if (art_url_normalize(&again, out->data, out->len) != 0
        || again.len != out->len
        || memcmp(again.data, out->data, out->len) != 0)
    {
        abort();
    }

    art_buf_free(&again);

    art_buf_append_byte(out, '\0');
    if (out->failed) {
        abort();
    }
    out->len--;
}


/* (c) */
static const char *
fz_current(const art_url_conf_t *c, const unsigned char *host, size_t len)
{
    size_t       i, n;
    const char  *name;

    name = art_url_current_mirror(c, host, len, &n);

    if (name == NULL) {
        if (c->canonical_host != NULL) {
            abort();
        }
        return NULL;
    }

    if (name == c->canonical_host) {
        if (n != c->canonical_host_len) {
            abort();
        }
        return name;
    }

    for (i = 0; i < c->nmirrors; i++) {
        if (name == c->mirrors[i].name) {
            if (n != c->mirrors[i].len) {
                abort();
            }
            return name;
        }
    }

    /* a name from nowhere: the Host value reflected */
    abort();
}


/* the authority of the URL in a rewritten value, after whitespace */
static void
fz_names_host(const art_url_conf_t *c, const char *current,
    const unsigned char *p, size_t n)
{
    size_t  i, s, e, at, hlen;

    for (s = 0; s < n && strchr(" \t\n\r\f", p[s]) != NULL; s++) {
        /* void */
    }

    i = s;

    if (n - i >= 5 && fz_ci_eq(p + i, "http:", 5)) {
        i += 5;
    } else if (n - i >= 6 && fz_ci_eq(p + i, "https:", 6)) {
        i += 6;
    }

    if (n - i < 2 || p[i] != '/' || p[i + 1] != '/') {
        abort();
    }

    i += 2;
    at = i;

    for (e = i; e < n && p[e] != '/' && p[e] != '?' && p[e] != '#'
                && strchr(" \t\n\r\f", p[e]) == NULL; e++)
    {
        if (p[e] == '@') {
            at = e + 1;
        }
    }

    hlen = strlen(current);

    if (c->canonical_host != NULL && strcmp(current, c->canonical_host) == 0)
    {
        if (e - at != c->canonical_authority_len
            || memcmp(p + at, c->canonical_authority, e - at) != 0)
        {
            abort();
        }

    } else if (e - at != hlen || memcmp(p + at, current, hlen) != 0) {
        abort();
    }
}


typedef int (*fz_rewrite_fn)(art_buf_t *out, const art_url_conf_t *c,
    const char *current_host, const unsigned char *v, size_t len);


/* (d) */
static void
fz_rewrite(const art_url_conf_t *c, const char *current, fz_rewrite_fn fn,
    const unsigned char *v, size_t len, int check_host)
{
    int        rc;
    art_buf_t  a, b;

    art_buf_init(&a, &art_malloc_allocator);
    art_buf_init(&b, &art_malloc_allocator);

    /* something before, which a rewrite must keep */
    art_buf_append(&a, "x", 1);

    rc = fn(&a, c, current, v, len);

    if (rc < 0 || rc > 1 || a.failed || a.data[0] != 'x') {
        abort();
    }

    if (rc == 0 && a.len != 1) {
        abort();
    }

    if (rc == 1) {
        if (check_host) {
            fz_names_host(c, current, a.data + 1, a.len - 1);
        }

        if (fn(&b, c, current, a.data + 1, a.len - 1) != 0 || b.len != 0) {
            abort();
        }
    }

    art_buf_free(&a);
    art_buf_free(&b);
}


/* (e): a URL on host */
static void
fz_on_host(const art_url_conf_t *c, const char *host, const art_buf_t *u)
{
    size_t  s, n;

    fz_legal(u->data, u->len);

    if (strcmp(host, c->canonical_host) == 0) {
        if (u->len <= c->origin_len
            || memcmp(u->data, c->origin, c->origin_len) != 0
            || u->data[c->origin_len] != '/')
        {
            abort();
        }
        return;
    }

    s = fz_scheme(u->data, u->len);
    n = strlen(host);

    if (s == 0 || u->len <= s + n || memcmp(u->data + s, host, n) != 0
        || u->data[s + n] != '/')
    {
        abort();
    }

    if (art_url_is_onion((const unsigned char *) host, n) && s != 7) {
        abort();
    }
}


static size_t
fz_count(const art_buf_t *b, const char *s)
{
    size_t  i, n, k;

    k = strlen(s);
    n = 0;

    for (i = 0; i + k <= b->len; i++) {
        if (memcmp(b->data + i, s, k) == 0) {
            n++;
        }
    }

    return n;
}


static void
fz_mirrors(const art_url_conf_t *c, const char *current,
    const char *canonical)
{
    int        rc;
    size_t     i, expect;
    art_buf_t  b;
    char       item[300];

    art_buf_init(&b, &art_malloc_allocator);

    if (art_url_mirror_url(&b, c, c->canonical_host, canonical) != 0) {
        abort();
    }
    fz_on_host(c, c->canonical_host, &b);

    for (i = 0; i < c->nmirrors; i++) {
        b.len = 0;

        if (art_url_mirror_url(&b, c, c->mirrors[i].name, canonical) != 0) {
            abort();
        }
        fz_on_host(c, c->mirrors[i].name, &b);
    }

    b.len = 0;
    rc = art_url_onion_location(&b, c, canonical);

    if (rc < 0 || (rc == 0 && b.len != 0)) {
        abort();
    }

    if (rc == 1) {
        fz_legal(b.data, b.len);

        if (fz_scheme(b.data, b.len) != 7) {
            abort();
        }
    }

    /* the block: every host once, but the current one */
    b.len = 0;
    rc = art_url_render_mirror_block(&b, c, current, canonical);

    expect = strcmp(c->canonical_host, current) != 0;

    for (i = 0; i < c->nmirrors; i++) {
        if (strcmp(c->mirrors[i].name, current) != 0
            && strcmp(c->mirrors[i].name, c->canonical_host) != 0)
        {
            expect++;
        }
    }

    if (rc < 0 || rc != (expect > 0) || (rc == 0 && b.len != 0)
        || fz_count(&b, "<li>") != expect)
    {
        abort();
    }

    if (rc == 1) {
        snprintf(item, sizeof(item), "\">%s</a>", current);

        if (fz_count(&b, item) != 0) {
            abort();
        }
    }

    art_buf_free(&b);
}


static int
fz_is_mirror(void *ud, const unsigned char *host, size_t len)
{
    size_t                 i;
    const art_url_conf_t  *c = ud;

    for (i = 0; i < c->nmirrors; i++) {
        if (c->mirrors[i].len == len
            && memcmp(c->mirrors[i].name, host, len) == 0)
        {
            return 1;
        }
    }

    return 0;
}


/* (f) */
static void
fz_fix(const art_url_conf_t *c, const char *canonical,
    const unsigned char *href, size_t len, int mode, int with_origin)
{
    int              rc;
    size_t           n, clen;
    art_buf_t        a, b;
    art_meta_conf_t  mc;
    const char      *origin;

    memset(&mc, 0, sizeof(mc));
    mc.enable = 1;
    mc.canonical_existing = mode;
    origin = with_origin ? c->origin : NULL;

    art_buf_init(&a, &art_malloc_allocator);
    art_buf_init(&b, &art_malloc_allocator);

    rc = art_meta_fix_canonical(&a, &mc, href, len, canonical, origin,
                                fz_is_mirror, (void *) c);

    if (rc < 0 || rc > 1 || (rc == 0 && a.len != 0)) {
        abort();
    }

    clen = strlen(canonical);

    if (mode == ART_META_CANONICAL_KEEP && rc != 0) {
        abort();
    }

    if (mode == ART_META_CANONICAL_REPLACE) {
        if (rc == 1
            ? a.len != clen || memcmp(a.data, canonical, clen) != 0
            : len != clen || memcmp(href, canonical, clen) != 0)
        {
            abort();
        }
    }

    if (mode == ART_META_CANONICAL_FIX && rc == 1) {
        /* on the canonical origin, and fixed for good */
        n = c->origin_len;

        if (a.len < n || memcmp(a.data, c->origin, n) != 0
            || !fz_after_authority(a.data, a.len, n))
        {
            abort();
        }

        if (art_meta_fix_canonical(&b, &mc, a.data, a.len, canonical, origin,
                                   fz_is_mirror, (void *) c)
            != 0)
        {
            abort();
        }
    }

    art_buf_free(&a);
    art_buf_free(&b);
}


static void
fz_link(const char *url)
{
    int        rc;
    size_t     n, tail;
    art_buf_t  b;

    art_buf_init(&b, &art_malloc_allocator);

    rc = art_meta_link_header(&b, url);
    tail = sizeof(">; rel=\"canonical\"") - 1;

    if (url[0] == '\0') {
        if (rc != 0 || b.len != 0) {
            abort();
        }

    } else {
        n = b.len;

        if (rc != 1 || n < 1 + tail || b.data[0] != '<'
            || memcmp(b.data + n - tail, ">; rel=\"canonical\"", tail) != 0)
        {
            abort();
        }

        /* a URL may hold "#": the header value may too */
        for (n = 1; n < b.len - tail; n++) {
            if (b.data[n] != '#' && fz_illegal(b.data[n])) {
                abort();
            }
        }
    }

    art_buf_free(&b);
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char          ctl;
    size_t                 i, k, len[3];
    const unsigned char   *part[3], *p, *end, *nul;
    const art_url_conf_t  *c;
    const char            *current;
    art_buf_t              canonical;
    char                  *url;

    if (!fz_state.ready) {
        fz_init();
    }

    if (size < 1) {
        return 0;
    }

    ctl = data[0];
    c = &fz_state.conf[ctl % FZ_NCONF];

    p = data + 1;
    end = data + size;

    for (k = 0; k < 3; k++) {
        nul = p < end ? memchr(p, '\0', (size_t) (end - p)) : NULL;
        part[k] = p;
        len[k] = nul ? (size_t) (nul - p) : (size_t) (end - p);
        p = nul ? nul + 1 : end;
    }

    fz_normalize(part[0], len[0]);
    fz_normalize(part[1], len[1]);

    art_buf_init(&canonical, &art_malloc_allocator);
    fz_canonical(c, part[1], len[1], &canonical);

    current = fz_current(c, part[2], len[2]);

    fz_rewrite(c, current, art_url_rewrite_mirror, part[0], len[0], 1);
    fz_rewrite(c, current, art_url_rewrite_location, part[0], len[0], 1);
    fz_rewrite(c, current, art_url_rewrite_srcset, part[0], len[0], 0);
    fz_rewrite(c, current, art_url_rewrite_refresh, part[0], len[0], 0);

    /* the rewrites towards every host */
    for (i = 0; i < c->nmirrors && (ctl & 0x10); i++) {
        fz_rewrite(c, c->mirrors[i].name, art_url_rewrite_mirror, part[0],
                   len[0], 1);
        fz_rewrite(c, c->mirrors[i].name, art_url_rewrite_srcset, part[0],
                   len[0], 0);
    }

    fz_mirrors(c, current, (const char *) canonical.data);

    fz_fix(c, (const char *) canonical.data, part[0], len[0],
           (ctl >> 2) % 3, ctl & 0x20);

    fz_link((const char *) canonical.data);

    /* the header of any URL, which holds no NUL */
    url = malloc(len[0] + 1);
    if (url == NULL) {
        abort();
    }
    if (len[0] > 0) {
        memcpy(url, part[0], len[0]);
    }
    url[len[0]] = '\0';
    fz_link(url);
    free(url);

    art_buf_free(&canonical);

    return 0;
}
