/*
 * libFuzzer target of the canonical metadata (art_meta.h): the values a
 * page gives (title and h1 text, <meta> keys and contents, an <img src>,
 * a <time datetime>, a JSON-LD script) and article_site_name, all from
 * the input, and what is rendered from them.  The first byte picks the
 * sizes of the pieces text comes in and a few switches; the rest is cut
 * at NUL bytes into: title, h1, key, content, key, content, img src,
 * datetime, JSON-LD, site name, canonical URL.
 *
 * (a) Collected in pieces or whole, the facts are the same, and every
 *     value is at most ART_META_MAX_VALUE bytes, and valid UTF-8 when
 *     what it came from was.
 * (b) The head tags: as many "<" and ">" as tags, an even number of '"',
 *     each tag on its line; the URLs in them (og:url, og:image, the
 *     canonical link) have no space, control or non-ASCII byte left.
 * (c) The JSON-LD script: "<script type=\"application/ld+json\">", one
 *     JSON object, "</script>\n": no "<" inside, valid JSON (checked by a
 *     small parser), valid UTF-8, no raw U+2028 or U+2029.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "art_alloc.h"
#include "art_buf.h"
#include "art_meta.h"

#include "fz_common.h"


#define FZ_NPARTS  11

enum {
    FZ_TITLE = 0, FZ_H1, FZ_KEY1, FZ_CONTENT1, FZ_KEY2, FZ_CONTENT2,
    FZ_IMG, FZ_TIME, FZ_JSONLD, FZ_SITE, FZ_CANONICAL
};


typedef struct {
    const unsigned char  *p[FZ_NPARTS];
    size_t                n[FZ_NPARTS];
} fz_parts_t;


/* feed p to fn in pieces of size k (0: whole) */
static void
fz_feed(art_meta_facts_t *f, void (*fn)(art_meta_facts_t *,
    const unsigned char *, size_t), const unsigned char *p, size_t n,
    size_t k)
{
    size_t  off, len;

    if (k == 0) {
        fn(f, p, n);
        return;
    }

    for (off = 0; off < n; off += len) {
        len = n - off < k ? n - off : k;
        fn(f, p + off, len);
    }
}


static void
fz_collect(art_meta_facts_t *f, const fz_parts_t *in, size_t k, int twice)
{
    art_meta_facts_init(f, &art_malloc_allocator);

    art_meta_facts_link(f, in->p[FZ_KEY1], in->n[FZ_KEY1]);

    fz_feed(f, art_meta_facts_title, in->p[FZ_TITLE], in->n[FZ_TITLE], k);
    art_meta_facts_title_end(f);

    art_meta_facts_meta_tag(f, in->p[FZ_KEY1], in->n[FZ_KEY1],
                            in->p[FZ_CONTENT1], in->n[FZ_CONTENT1]);

    fz_feed(f, art_meta_facts_h1, in->p[FZ_H1], in->n[FZ_H1], k);
    art_meta_facts_h1_end(f);

    art_meta_facts_meta_tag(f, in->p[FZ_KEY2], in->n[FZ_KEY2],
                            in->p[FZ_CONTENT2], in->n[FZ_CONTENT2]);
    art_meta_facts_image(f, in->p[FZ_IMG], in->n[FZ_IMG]);
    art_meta_facts_time(f, in->p[FZ_TIME], in->n[FZ_TIME]);

    /* (whatever the type says: the scanner takes any text) */
    (void) art_meta_is_jsonld_type(in->p[FZ_KEY2], in->n[FZ_KEY2]);
    fz_feed(f, art_meta_facts_jsonld, in->p[FZ_JSONLD], in->n[FZ_JSONLD], k);
    art_meta_facts_jsonld_end(f);

    if (twice) {
        /* a second title and h1 are not the document's */
        art_meta_facts_title(f, in->p[FZ_H1], in->n[FZ_H1]);
        art_meta_facts_title_end(f);
        art_meta_facts_h1(f, in->p[FZ_TITLE], in->n[FZ_TITLE]);
        art_meta_facts_h1_end(f);
    }
}


static void
fz_same_value(const art_meta_value_t *a, const art_meta_value_t *b)
{
    if (a->buf.len != b->buf.len || a->rank != b->rank
        || (a->buf.len && memcmp(a->buf.data, b->buf.data, a->buf.len)))
    {
        abort();
    }

    if (a->buf.len > ART_META_MAX_VALUE) {
        abort();
    }
}


/* (a) */
static void
fz_same_facts(const art_meta_facts_t *a, const art_meta_facts_t *b)
{
    if (a->failed || b->failed
        || a->has_canonical_link != b->has_canonical_link
        || a->has_og_title != b->has_og_title
        || a->has_og_image != b->has_og_image
        || a->has_twitter_card != b->has_twitter_card
        || a->has_jsonld_article != b->has_jsonld_article)
    {
        abort();
    }

    fz_same_value(&a->og_title, &b->og_title);
    fz_same_value(&a->title, &b->title);
    fz_same_value(&a->h1, &b->h1);
    fz_same_value(&a->site_name, &b->site_name);
    fz_same_value(&a->image, &b->image);
    fz_same_value(&a->description, &b->description);
    fz_same_value(&a->published, &b->published);
    fz_same_value(&a->modified, &b->modified);
}


static void
fz_valid_if(const art_meta_value_t *v, const unsigned char *from, size_t n)
{
    if (fz_utf8_valid(from, n) && !fz_utf8_valid(v->buf.data, v->buf.len)) {
        abort();
    }
}


static FZ_NOCOV size_t
fz_count(const art_buf_t *b, unsigned char c)
{
    size_t  i, n;

    n = 0;

    for (i = 0; i < b->len; i++) {
        n += b->data[i] == c;
    }

    return n;
}


/* (b): the content="..." of a URL tag holds URL bytes only */
static FZ_NOCOV void
fz_url_attrs(const art_buf_t *b)
{
    static const char  *marks[] = { "property=\"og:url\" content=\"",
                                    "property=\"og:image\" content=\"",
                                    "<link rel=\"canonical\" href=\"", NULL };
    size_t              i, k, len;
    const unsigned char *p, *end;

    for (i = 0; marks[i] != NULL; i++) {
        len = strlen(marks[i]);
        end = b->data + b->len;

        for (p = b->data; p + len <= end; p++) {
            if (memcmp(p, marks[i], len) != 0) {
                continue;
            }

            for (k = len; p + k < end && p[k] != '"'; k++) {
                if (p[k] <= 0x20 || p[k] >= 0x7f) {
                    abort();
                }
            }
        }
    }
}


/* (c): a small JSON parser; returns the end of the value, or NULL */
static const unsigned char *
fz_json_value(const unsigned char *p, const unsigned char *end, int depth);


static const unsigned char *
fz_json_ws(const unsigned char *p, const unsigned char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
    {
        p++;
    }

    return p;
}


static const unsigned char *
fz_json_string(const unsigned char *p, const unsigned char *end)
{
    int  k;

    if (p == end || *p != '"') {
        return NULL;
    }

    for (p++; p < end; p++) {
        if (*p == '"') {
            return p + 1;
        }

        if (*p < 0x20) {
            return NULL;
        }

        if (*p == '\\') {
            p++;

            if (p == end) {
                return NULL;
            }

            if (*p == 'u') {
                for (k = 0; k < 4; k++) {
                    p++;
                    if (p == end || !((*p >= '0' && *p <= '9')
                                      || (*p >= 'a' && *p <= 'f')
                                      || (*p >= 'A' && *p <= 'F')))
                    {
                        return NULL;
                    }
                }

            } else if (strchr("\"\\/bfnrt", *p) == NULL || *p == '\0') {
                return NULL;
            }
        }
    }

    return NULL;
}


static const unsigned char *
fz_json_value(const unsigned char *p, const unsigned char *end, int depth)
{
    int  first;

    if (depth > 16) {
        return NULL;
    }

    p = fz_json_ws(p, end);

    if (p == end) {
        return NULL;
    }

    if (*p == '"') {
        return fz_json_string(p, end);
    }

    if (*p != '{') {
        /* the script holds strings and objects only */
        return NULL;
    }

    first = 1;

    for (p++; ; ) {
        p = fz_json_ws(p, end);

        if (p < end && *p == '}') {
            return p + 1;
        }

        if (!first) {
            if (p == end || *p != ',') {
                return NULL;
            }
            p = fz_json_ws(p + 1, end);
        }

        first = 0;

        p = fz_json_string(p, end);
        if (p == NULL) {
            return NULL;
        }

        p = fz_json_ws(p, end);
        if (p == end || *p != ':') {
            return NULL;
        }

        p = fz_json_value(p + 1, end, depth + 1);
        if (p == NULL) {
            return NULL;
        }
    }
}


static void
fz_jsonld(const art_buf_t *b, int rc)
{
    static const char    open[] = "<script type=\"application/ld+json\">";
    static const char    close[] = "</script>\n";
    size_t               lo, lc;
    const unsigned char *p, *end, *q;

    if (rc == 0) {
        if (b->len != 0) {
            abort();
        }
        return;
    }

    lo = sizeof(open) - 1;
    lc = sizeof(close) - 1;

    if (rc != 1 || b->len < lo + lc || memcmp(b->data, open, lo) != 0
        || memcmp(b->data + b->len - lc, close, lc) != 0)
    {
        abort();
    }

    p = b->data + lo;
    end = b->data + b->len - lc;

    if (memchr(p, '<', (size_t) (end - p)) != NULL) {
        abort();
    }

    if (!fz_utf8_valid(p, (size_t) (end - p))) {
        abort();
    }

    for (q = p; q + 3 <= end; q++) {
        if (q[0] == 0xe2 && q[1] == 0x80 && (q[2] == 0xa8 || q[2] == 0xa9)) {
            abort();
        }
    }

    q = fz_json_value(p, end, 0);

    if (q == NULL || fz_json_ws(q, end) != end) {
        abort();
    }
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int                rc, count, add;
    size_t             k, i;
    char              *canonical, err[512];
    const uint8_t     *p, *end, *nul;
    fz_parts_t         in;
    art_buf_t          a, b;
    art_str_t          arg;
    art_arena_t        arena;
    art_conf_ctx_t     ctx;
    art_meta_conf_t    conf;
    art_meta_facts_t   whole, cut;

    if (size < 1) {
        return 0;
    }

    k = 1 + data[0] % 13;
    add = (data[0] >> 4) & 1;

    p = data + 1;
    end = data + size;

    for (i = 0; i < FZ_NPARTS; i++) {
        nul = p < end ? memchr(p, '\0', (size_t) (end - p)) : NULL;
        in.p[i] = p < end ? p : (const unsigned char *) "";
        in.n[i] = nul ? (size_t) (nul - p) : (size_t) (end - p);
        p = nul ? nul + 1 : end;
    }

    /* (a) */
    fz_collect(&whole, &in, 0, data[0] >> 7);
    fz_collect(&cut, &in, k, data[0] >> 7);
    fz_same_facts(&whole, &cut);

    fz_valid_if(&whole.title, in.p[FZ_TITLE], in.n[FZ_TITLE]);

    /* an empty h1 leaves the place to a later one: the title's text */
    if (!(data[0] >> 7) || fz_utf8_valid(in.p[FZ_TITLE], in.n[FZ_TITLE])) {
        fz_valid_if(&whole.h1, in.p[FZ_H1], in.n[FZ_H1]);
    }

    /* the configuration, article_site_name from the input */
    art_arena_init(&arena);
    ctx.alloc = &arena.alloc;
    ctx.base_dir = NULL;
    ctx.err = err;
    ctx.errlen = sizeof(err);

    art_meta_conf_init(&conf);

    if (in.n[FZ_SITE] > 0 && memchr(in.p[FZ_SITE], '\0', in.n[FZ_SITE])
                             == NULL)
    {
        arg.data = in.p[FZ_SITE];
        arg.len = in.n[FZ_SITE];
        err[0] = '\0';

        rc = art_meta_conf_set(&conf, &ctx, "article_site_name", &arg, 1);
        if (rc != ART_CONF_OK && (rc != ART_CONF_ERROR || err[0] == '\0')) {
            abort();
        }
    }

    arg.data = (const unsigned char *) "@the_post";
    arg.len = 9;
    if (art_meta_conf_set(&conf, &ctx, "article_twitter_site", &arg, 1)
        != ART_CONF_OK)
    {
        abort();
    }

    art_meta_conf_merge(&conf, NULL);

    /* the canonical URL: the input's, else a plain one */
    canonical = malloc(in.n[FZ_CANONICAL] + 1);
    if (canonical == NULL) {
        abort();
    }
    memcpy(canonical, in.p[FZ_CANONICAL], in.n[FZ_CANONICAL]);
    canonical[in.n[FZ_CANONICAL]] = '\0';

    art_buf_init(&a, &art_malloc_allocator);
    art_buf_init(&b, &art_malloc_allocator);

    for (i = 0; i < 2; i++) {
        const char  *url = i ? "https://www.example.org/a/b.html?x=1"
                             : canonical;

        /* (b) */
        a.len = 0;
        b.len = 0;

        count = art_meta_render_head(&a, &conf, &whole, url, add);
        if (count < 0
            || art_meta_render_head(&b, &conf, &cut, url, add) != count
            || a.len != b.len || memcmp(a.data, b.data, a.len) != 0)
        {
            abort();
        }

        if (fz_count(&a, '<') != (size_t) count
            || fz_count(&a, '>') != (size_t) count
            || fz_count(&a, '\n') != (size_t) count
            || fz_count(&a, '"') % 2 != 0)
        {
            abort();
        }

        fz_url_attrs(&a);

        /* (c) */
        a.len = 0;
        rc = art_meta_render_jsonld(&a, &conf, &whole, url);
        fz_jsonld(&a, rc);
    }

    art_buf_free(&a);
    art_buf_free(&b);
    free(canonical);
    art_meta_facts_free(&whole);
    art_meta_facts_free(&cut);
    art_arena_empty(&arena);

    return 0;
}
