/*
 * libFuzzer target of the tokenizer alone (art_tokenizer.h), started in
 * each of its content states, which the rewriter reaches only through
 * its tree builder: data, RCDATA, RAWTEXT, script data, PLAINTEXT and
 * CDATA section, with a last start tag that may or may not be the one
 * whose end tag closes the state, and with CDATA allowed or not.  The
 * first byte picks the state, the tag and foreign content; the next four
 * the sizes of the pieces; the rest is the document.
 *
 * (a) Fed in pieces (each a fresh copy, freed after the feed), the raw
 *     bytes of the tokens are the input, byte for byte, and a token whose
 *     raw lies in the chunk lies inside it; every span (name,
 *     attributes, comment data, DOCTYPE ids) lies inside the token; the
 *     lower-cased name is the name, lower-cased.
 * (b) The tokens do not depend on the cuts: fed in pieces, they are the
 *     tokens of the whole (text and opaque bytes may come in more
 *     pieces).
 * (c) The html5lib dump (art_tokdump.h: names lower-cased, text decoded)
 *     is the same fed whole, in pieces of one size and of another, and
 *     is valid UTF-8.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "art_alloc.h"
#include "art_buf.h"
#include "art_tokdump.h"
#include "art_tokenizer.h"

#include "fz_common.h"


#define NSIZES  4


static const char  *fz_tags[] = {
    "title", "textarea", "style", "xmp", "iframe", "noembed", "noframes",
    "script", "noscript", "plaintext", "p", "TITLE", "scripts", "", NULL
};


typedef struct {
    art_buf_t             tokens;       /* what (b) compares */
    art_buf_t             raw;          /* every raw byte, in order */
    int                   in_text;
    const unsigned char  *chunk;
    size_t                chunk_len;
} fz_run_t;


static void
fz_span(const art_token_t *t, art_span_t s)
{
    if ((size_t) s.off + s.len > t->raw_len) {
        abort();
    }
}


static int
fz_token(void *ud, art_token_t *t)
{
    fz_run_t   *r = ud;
    size_t      i, n;
    uintptr_t   a, c;

    if (t->raw_len > 0 && t->raw == NULL) {
        abort();
    }

    /* (an empty token, as at the end, points nowhere in particular) */
    if (t->raw_in_chunk && t->raw_len > 0) {
        a = (uintptr_t) t->raw;
        c = (uintptr_t) r->chunk;

        if (r->chunk == NULL || a < c || a + t->raw_len > c + r->chunk_len) {
            abort();
        }
    }

    if (t->raw_len > 0) {
        art_buf_append(&r->raw, t->raw, t->raw_len);
    }

    switch (t->type) {

    case ART_TOK_TEXT:
    case ART_TOK_OPAQUE:
        /* pieces of one run are one: the cuts may split it */
        if (!r->in_text) {
            art_buf_printf(&r->tokens, "\n%d:", (int) t->type);
            r->in_text = 1;
        }

        if (t->raw_len > 0) {
            art_buf_append(&r->tokens, t->raw, t->raw_len);
        }

        return 0;

    case ART_TOK_START_TAG:
    case ART_TOK_END_TAG:
        fz_span(t, t->name);

        n = t->name.len < 31 ? t->name.len : 31;

        if (t->lname_len != n || t->lname[n] != '\0') {
            abort();
        }

        for (i = 0; i < n; i++) {
            unsigned char  ch = t->raw[t->name.off + i];

            if ((unsigned char) t->lname[i]
                != ((ch >= 'A' && ch <= 'Z') ? ch + 32 : ch))
            {
                abort();
            }
        }

        if (t->nattrs > 0 && t->attrs == NULL) {
            abort();
        }

        for (i = 0; i < t->nattrs; i++) {
            fz_span(t, t->attrs[i].name);
            fz_span(t, t->attrs[i].value);

            if (t->attrs[i].quote != 0 && t->attrs[i].quote != '"'
                && t->attrs[i].quote != '\'')
            {
                abort();
            }
        }

        break;

    case ART_TOK_COMMENT:
        fz_span(t, t->data);
        break;

    case ART_TOK_DOCTYPE:
        fz_span(t, t->data);
        fz_span(t, t->public_id);
        fz_span(t, t->system_id);
        break;

    case ART_TOK_CDATA:
        break;

    default:
        abort();
    }

    r->in_text = 0;

    art_buf_printf(&r->tokens, "\n%d %s %zu %d %d %d %d %d:", (int) t->type,
                   t->type == ART_TOK_START_TAG
                   || t->type == ART_TOK_END_TAG ? t->lname : "",
                   t->nattrs, t->self_closing, t->has_name,
                   t->has_public_id, t->has_system_id, t->force_quirks);

    for (i = 0; i < t->nattrs; i++) {
        art_buf_printf(&r->tokens, "%u+%u=%u+%u%c%d,",
                       t->attrs[i].name.off, t->attrs[i].name.len,
                       t->attrs[i].value.off, t->attrs[i].value.len,
                       t->attrs[i].quote ? t->attrs[i].quote : '-',
                       t->attrs[i].duplicate);
    }

    art_buf_append(&r->tokens, t->raw, t->raw_len);

    return 0;
}


/* the document fed in pieces (sizes NULL: whole) */
static void
fz_tokenize(const unsigned char *doc, size_t len, const size_t *sizes,
    art_text_state_e state, const char *tag, int foreign, fz_run_t *r)
{
    int               rc;
    size_t            off, n, k;
    unsigned char    *chunk;
    art_tokenizer_t  *t;

    memset(r, 0, sizeof(fz_run_t));
    art_buf_init(&r->tokens, &art_malloc_allocator);
    art_buf_init(&r->raw, &art_malloc_allocator);

    t = art_tokenizer_create(&art_malloc_allocator, NULL, fz_token, r);
    if (t == NULL) {
        abort();
    }

    art_tokenizer_set_state(t, state, tag);
    art_tokenizer_set_foreign(t, foreign);

    rc = 0;
    off = 0;
    k = 0;

    while (off < len && rc == 0) {
        n = sizes == NULL ? len - off : sizes[k++ % NSIZES];
        if (n > len - off) {
            n = len - off;
        }

        chunk = malloc(n);
        if (chunk == NULL) {
            abort();
        }

        memcpy(chunk, doc + off, n);
        r->chunk = chunk;
        r->chunk_len = n;

        rc = art_tokenizer_feed(t, chunk, n);

        r->chunk = NULL;
        free(chunk);
        off += n;
    }

    if (rc == 0) {
        rc = art_tokenizer_finish(t);
    }

    art_tokenizer_destroy(t);

    if (rc != 0 || r->tokens.failed || r->raw.failed) {
        abort();
    }

    /* (a) */
    if (r->raw.len != len || (len > 0 && memcmp(r->raw.data, doc, len) != 0))
    {
        abort();
    }
}


static void
fz_free(fz_run_t *r)
{
    art_buf_free(&r->tokens);
    art_buf_free(&r->raw);
}


static void
fz_same(const art_buf_t *a, const art_buf_t *b)
{
    if (a->len != b->len || (a->len && memcmp(a->data, b->data, a->len)))
    {
        abort();
    }
}


/* the size of a piece a control byte stands for */
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


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t             sizes[NSIZES], k, ntags;
    art_text_state_e   state;
    const char        *tag;
    int                foreign;
    fz_run_t           whole, cut;
    art_buf_t          d0, d1, d2;

    if (size < NSIZES + 1) {
        return 0;
    }

    for (ntags = 0; fz_tags[ntags] != NULL; ntags++) {
        /* void */
    }

    state = (art_text_state_e) (data[0] % 6);
    k = (data[0] / 6) % (ntags + 1);
    tag = k < ntags ? fz_tags[k] : NULL;
    foreign = data[0] >= 128;

    for (k = 0; k < NSIZES; k++) {
        sizes[k] = fz_size(data[1 + k]);
    }

    data += NSIZES + 1;
    size -= NSIZES + 1;

    /* (a) and (b) */
    fz_tokenize(data, size, NULL, state, tag, foreign, &whole);
    fz_tokenize(data, size, sizes, state, tag, foreign, &cut);
    fz_same(&whole.tokens, &cut.tokens);
    fz_free(&whole);
    fz_free(&cut);

    /* (c) */
    art_buf_init(&d0, &art_malloc_allocator);
    art_buf_init(&d1, &art_malloc_allocator);
    art_buf_init(&d2, &art_malloc_allocator);

    if (art_tokens_dump_json(&d0, &art_malloc_allocator, data, size, state,
                             tag, 0) != 0
        || art_tokens_dump_json(&d1, &art_malloc_allocator, data, size,
                                state, tag, sizes[0]) != 0
        || art_tokens_dump_json(&d2, &art_malloc_allocator, data, size,
                                state, tag, sizes[1]) != 0)
    {
        abort();
    }

    fz_same(&d0, &d1);
    fz_same(&d0, &d2);

    if (!fz_utf8_valid(d0.data, d0.len)) {
        abort();
    }

    art_buf_free(&d0);
    art_buf_free(&d1);
    art_buf_free(&d2);

    return 0;
}
