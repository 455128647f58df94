/*
 * libFuzzer target of the rewriter.  The first bytes choose how the rest
 * is cut into chunks (and a token size cap); the rest is the document.
 *
 * (a) With no handlers the output must be the input, however cut.
 * (b) With handlers of every kind, the output must not depend on the
 *     cuts: fed in pieces it equals the same document fed whole.
 * (c) As (b), with a small max_token_size and max_depth, so that the caps
 *     are reached (a deep document costs the depth in time per tag: small
 *     caps keep the fuzzer fast there).
 * (d) Handlers that only read (attributes, text, captures) leave the
 *     output equal to the input.
 *
 * Every chunk is a fresh copy freed after art_rewriter_write(), so that
 * AddressSanitizer sees a slice kept past its chunk; slices flagged
 * from_input must lie in the chunk.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "art_rewriter.h"


#define NSIZES  4


typedef struct {
    art_buf_t             out;
    const unsigned char  *chunk;
    size_t                chunk_len;
} fz_sink_t;


static int
fz_sink(void *ud, const unsigned char *p, size_t n, int from_input)
{
    fz_sink_t  *s = ud;
    uintptr_t   a, c;

    if (from_input) {
        a = (uintptr_t) p;
        c = (uintptr_t) s->chunk;

        if (s->chunk == NULL || a < c || a + n > c + s->chunk_len) {
            abort();
        }
    }

    return art_buf_append(&s->out, p, n);
}


static int
fz_insert(void *ud, art_element_t *el)
{
    static const unsigned char  html[] = "<p class=\"share\">x</p>";

    return art_element_insert(el, (art_position_e) (uintptr_t) ud, html,
                              sizeof(html) - 1);
}


static int
fz_set_href(void *ud, art_element_t *el)
{
    static const unsigned char  v[] = "https://m.example/?a=1&b=\"2\"";
    const unsigned char        *old;
    size_t                      n;

    old = art_element_get_attr(el, "href", &n);
    if (old == NULL) {
        return -1;
    }

    if (art_element_set_attr(el, "data-old", old, n) != 0) {
        return -1;
    }

    return art_element_set_attr(el, "href", v, sizeof(v) - 1);
}


static int
fz_remove_attr(void *ud, art_element_t *el)
{
    /* and an empty value, new or replacing one */
    if (art_element_set_attr(el, "data-e", (const unsigned char *) "", 0)
        != 0
        || art_element_set_attr(el, "title", (const unsigned char *) "", 0)
           != 0)
    {
        return -1;
    }

    return art_element_remove_attr(el, "onclick");
}


static int
fz_remove(void *ud, art_element_t *el)
{
    return art_element_remove(el);
}


static int
fz_capture_done(void *ud, art_text_t *t)
{
    const unsigned char  *d;
    size_t                n, i;
    unsigned              sum;

    /* read all of it, for AddressSanitizer to check the span */
    d = art_text_data(t, &n);
    sum = 0;

    for (i = 0; i < n; i++) {
        sum += d[i];
    }

    /* volatile: the reads must happen */
    *(volatile unsigned *) &sum = sum + (unsigned) art_text_parent(t)[0];

    return 0;
}


static int
fz_capture(void *ud, art_element_t *el)
{
    return art_element_capture_text(el, fz_capture_done, NULL);
}


static int
fz_close_insert(void *ud, art_rewriter_t *rw)
{
    return art_rewriter_insert(rw, (const unsigned char *) "<!--c-->", 8);
}


static int
fz_on_close(void *ud, art_element_t *el)
{
    if (art_element_on_close(el, ART_POS_APPEND, fz_close_insert, NULL)
        != 0)
    {
        return -1;
    }

    return art_element_on_close(el, ART_POS_AFTER, fz_close_insert, NULL);
}


static int
fz_text(void *ud, art_text_t *t)
{
    const unsigned char  *d;
    size_t                n, i;

    d = art_text_data(t, &n);

    for (i = 0; i + 3 <= n; i++) {
        if (memcmp(d + i, "the", 3) == 0) {
            if (art_text_replace(t, i, i + 3, (const unsigned char *) "THE",
                                 3) != 0)
            {
                return -1;
            }
            i += 2;
        }
    }

    /* an empty replacement: "x" deleted wherever it starts the text */
    if (n >= 1 && d[0] == 'x') {
        if (art_text_replace(t, 0, 1, (const unsigned char *) "", 0) != 0) {
            return -1;
        }
    }

    /* and overlapping spans, the later dropped */
    if (n >= 4) {
        art_text_replace(t, 0, 2, (const unsigned char *) "<b>", 3);
        art_text_replace(t, 1, 4, (const unsigned char *) "<i>", 3);
    }

    return 0;
}


static int
fz_end(void *ud, art_rewriter_t *rw)
{
    return art_rewriter_insert(rw, (const unsigned char *) "<!--end-->", 10);
}


static int
fz_read_attrs(void *ud, art_element_t *el)
{
    static const char  *names[] = { "href", "class", "id", "title", "src",
                                    "onclick", NULL };
    const unsigned char *v;
    size_t               i, k, n;
    unsigned             sum;

    sum = 0;

    for (i = 0; names[i] != NULL; i++) {
        v = art_element_get_attr(el, names[i], &n);

        if (v != NULL) {
            for (k = 0; k < n; k++) {
                sum += v[k];
            }
        }

        sum += (unsigned) art_element_has_attr(el, names[i]);
    }

    sum += (unsigned) art_element_depth(el) + art_element_tag(el)[0];
    *(volatile unsigned *) &sum = sum;

    return 0;
}


static int
fz_read_text(void *ud, art_text_t *t)
{
    return fz_capture_done(ud, t);
}


static void
fz_readers(art_rewriter_t *rw)
{
    char  err[256];

    if (art_rewriter_on_element(rw, "*", fz_read_attrs, NULL, err,
                                sizeof(err)) != 0
        || art_rewriter_on_element(rw, "p, h1, a[href], title, script",
                                   fz_capture, NULL, err, sizeof(err)) != 0
        || art_rewriter_on_element(rw, "div > p a, ul li", fz_read_attrs,
                                   NULL, err, sizeof(err)) != 0
        || art_rewriter_on_text(rw, fz_read_text, NULL) != 0)
    {
        abort();
    }
}


static void
fz_handlers(art_rewriter_t *rw)
{
    char  err[256];

    if (art_rewriter_on_element(rw, "article h1, h1", fz_insert,
                                (void *) (uintptr_t) ART_POS_AFTER, err,
                                sizeof(err)) != 0
        || art_rewriter_on_element(rw, "body", fz_insert,
                                   (void *) (uintptr_t) ART_POS_APPEND, err,
                                   sizeof(err)) != 0
        || art_rewriter_on_element(rw, "div > p, li", fz_insert,
                                   (void *) (uintptr_t) ART_POS_PREPEND,
                                   err, sizeof(err)) != 0
        || art_rewriter_on_element(rw, "img, br", fz_insert,
                                   (void *) (uintptr_t) ART_POS_BEFORE, err,
                                   sizeof(err)) != 0
        || art_rewriter_on_element(rw, "a[href^=http]", fz_set_href, NULL,
                                   err, sizeof(err)) != 0
        || art_rewriter_on_element(rw, "[onclick]", fz_remove_attr, NULL,
                                   err, sizeof(err)) != 0
        || art_rewriter_on_element(rw, ".ad, iframe, svg path", fz_remove,
                                   NULL, err, sizeof(err)) != 0
        || art_rewriter_on_element(rw, "title, h2, script", fz_capture, NULL,
                                   err, sizeof(err)) != 0
        || art_rewriter_on_element(rw, "section, td", fz_on_close, NULL, err,
                                   sizeof(err)) != 0
        || art_rewriter_on_text(rw, fz_text, NULL) != 0
        || art_rewriter_on_end(rw, fz_end, NULL) != 0)
    {
        abort();
    }
}


/* the chunk size a control byte stands for */
static size_t
fz_size(unsigned char b)
{
    if (b < 128) {
        return 1 + b % 16;
    }

    if (b < 240) {
        return 1 + (size_t) (b - 128) * 37;
    }

    return 4096;
}


/*
 * Rewrite doc fed in pieces (sizes NULL: whole).  Returns the output, or
 * NULL with *rc set when the rewriter failed.
 */
static art_buf_t
fz_run(const unsigned char *doc, size_t len, const size_t *sizes,
    int handlers, size_t max_token, size_t max_depth, int *rc)
{
    art_rewriter_settings_t   st;
    art_rewriter_t           *rw;
    fz_sink_t                 sk;
    size_t                    off, n, k;
    unsigned char            *chunk;

    memset(&st, 0, sizeof(st));
    st.max_token_size = max_token;
    st.max_depth = max_depth;

    memset(&sk, 0, sizeof(sk));
    art_buf_init(&sk.out, &art_malloc_allocator);

    rw = art_rewriter_create(&art_malloc_allocator, &st, fz_sink, &sk);
    if (rw == NULL) {
        abort();
    }

    if (handlers == 1) {
        fz_handlers(rw);

    } else if (handlers == 2) {
        fz_readers(rw);
    }

    *rc = 0;
    off = 0;
    k = 0;

    while (off < len && *rc == 0) {
        n = sizes == NULL ? len - off : sizes[k++ % NSIZES];
        if (n > len - off) {
            n = len - off;
        }

        chunk = malloc(n);
        if (chunk == NULL) {
            abort();
        }

        memcpy(chunk, doc + off, n);
        sk.chunk = chunk;
        sk.chunk_len = n;

        *rc = art_rewriter_write(rw, chunk, n);

        sk.chunk = NULL;
        free(chunk);
        off += n;
    }

    if (*rc == 0) {
        *rc = art_rewriter_end(rw);
    }

    art_rewriter_destroy(rw);

    if (sk.out.failed) {
        abort();
    }

    return sk.out;
}


static void
fz_same(art_buf_t *a, art_buf_t *b)
{
    if (a->len != b->len || (a->len && memcmp(a->data, b->data, a->len)))
    {
        abort();
    }
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t      sizes[NSIZES], k, max_token, max_depth;
    art_buf_t   whole, cut;
    int         rc1, rc2;

    if (size < NSIZES + 1) {
        return 0;
    }

    for (k = 0; k < NSIZES; k++) {
        sizes[k] = fz_size(data[k]);
    }

    max_token = ART_REWRITER_MIN_TOKEN + (size_t) data[NSIZES] * 4;
    max_depth = 1 + data[NSIZES] % 32;
    data += NSIZES + 1;
    size -= NSIZES + 1;

    /* (a) no handlers: the input itself */
    cut = fz_run(data, size, sizes, 0, 0, 0, &rc1);
    if (rc1 != 0 || cut.len != size
        || (size && memcmp(cut.data, data, size) != 0))
    {
        abort();
    }
    art_buf_free(&cut);

    /* (b) handlers: the same however cut */
    whole = fz_run(data, size, NULL, 1, 0, 0, &rc1);
    cut = fz_run(data, size, sizes, 1, 0, 0, &rc2);
    if (rc1 != rc2) {
        abort();
    }
    if (rc1 == 0) {
        fz_same(&whole, &cut);
    }
    art_buf_free(&whole);
    art_buf_free(&cut);

    /* (c) the same with small caps */
    whole = fz_run(data, size, NULL, 1, max_token, max_depth, &rc1);
    cut = fz_run(data, size, sizes, 1, max_token, max_depth,
                 &rc2);
    if (rc1 != rc2) {
        abort();
    }
    if (rc1 == 0) {
        fz_same(&whole, &cut);
    }
    art_buf_free(&whole);
    art_buf_free(&cut);

    /* (d) handlers that only read: the input itself */
    cut = fz_run(data, size, sizes, 2, 0, 0, &rc1);
    if (rc1 != 0 || cut.len != size
        || (size && memcmp(cut.data, data, size) != 0))
    {
        abort();
    }
    art_buf_free(&cut);

    return 0;
}
