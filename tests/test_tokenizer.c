/*
 * The tokenizer state by state: exact token sequences (types, raw bytes,
 * spans), and for every input the two promises of the interface: the raw
 * bytes of the tokens put together are the input, and the tokens do not
 * depend on where the input is cut (fed whole, a byte at a time, and cut
 * in two at every point), except that text may come in more pieces.
 */

#include "art_test.h"
#include "art_tokenizer.h"


#define KB  1024


typedef struct {
    art_token_type_e   type;
    art_token_type_e   opaque_of;
    art_text_state_e   text_state;
    unsigned char     *raw;
    size_t             raw_len;
    art_span_t         name;
    char               lname[32];
    size_t             lname_len;
    art_attr_t        *attrs;
    size_t             nattrs;
    int                self_closing;
    art_span_t         data;
    art_span_t         public_id;
    art_span_t         system_id;
    int                has_name;
    int                has_public_id;
    int                has_system_id;
    int                force_quirks;
    int                in_chunk;    /* not compared: it depends on cuts */
} rtok_t;


/* how a case is run */
typedef struct {
    art_text_state_e   state;       /* set once before the input */
    const char        *last;        /* the last start tag for it */
    int                set;         /* call art_tokenizer_set_state() */
    int                foreign;
    int                switching;   /* switch states after start tags */
    size_t             max_token;
    size_t             max_attrs;
    int                stop_at;     /* the callback stops at this token */
} opts_t;


typedef struct {
    rtok_t                *toks;
    size_t                 n;
    size_t                 cap;
    art_buf_t              all;         /* every token's raw bytes */
    art_tokenizer_t       *t;
    const opts_t          *o;
    int                    light;       /* keep only "all" and counts */
    size_t                 count[8];
    size_t                 calls;
    const unsigned char   *chunk;       /* being fed (NULL in finish) */
    size_t                 chunk_len;
} rec_t;


typedef struct {
    art_token_type_e   type;
    const char        *raw;
    /* tags: name as written; comment, CDATA: data; DOCTYPE: name */
    const char        *what;
    art_text_state_e   state;       /* text */
} exp_t;


#define TXT(r, s)    { ART_TOK_TEXT, r, NULL, s }
#define DTXT(r)      { ART_TOK_TEXT, r, NULL, ART_STATE_DATA }
#define STAG(r, n)   { ART_TOK_START_TAG, r, n, 0 }
#define ETAG(r, n)   { ART_TOK_END_TAG, r, n, 0 }
#define COMM(r, d)   { ART_TOK_COMMENT, r, d, 0 }
#define CDAT(r, d)   { ART_TOK_CDATA, r, d, 0 }
#define OPAQ(r)      { ART_TOK_OPAQUE, r, NULL, 0 }
#define NEXP(e)      (sizeof(e) / sizeof((e)[0]))


static const opts_t  plain;


/* recording */

static art_text_state_e
content_state(const char *tag, int *found)
{
    static const struct {
        const char        *tag;
        art_text_state_e   state;
    } m[] = {
        { "script", ART_STATE_SCRIPT_DATA },
        { "title", ART_STATE_RCDATA },
        { "textarea", ART_STATE_RCDATA },
        { "style", ART_STATE_RAWTEXT },
        { "xmp", ART_STATE_RAWTEXT },
        { "iframe", ART_STATE_RAWTEXT },
        { "plaintext", ART_STATE_PLAINTEXT },
    };
    size_t  i;

    for (i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
        if (strcmp(m[i].tag, tag) == 0) {
            *found = 1;
            return m[i].state;
        }
    }

    *found = 0;

    return ART_STATE_DATA;
}


static int
rec_token(void *ud, art_token_t *tok)
{
    rec_t             *r = ud;
    rtok_t            *k;
    art_text_state_e   st;
    int                found;

    ck_assert_msg(tok->type >= ART_TOK_TEXT && tok->type <= ART_TOK_OPAQUE,
                  "a token of type %d, raw \"%.*s\"", (int) tok->type,
                  (int) tok->raw_len, tok->raw);
    ck_assert(tok->raw_len > 0);

    /* "in chunk" raw bytes are a slice of the chunk being fed */
    if (tok->raw_in_chunk) {
        ck_assert_ptr_nonnull(r->chunk);
        ck_assert(tok->raw >= r->chunk
                  && tok->raw + tok->raw_len <= r->chunk + r->chunk_len);
    }

    art_buf_append(&r->all, tok->raw, tok->raw_len);
    r->count[tok->type]++;
    r->calls++;

    if (r->o->switching && tok->type == ART_TOK_START_TAG) {
        st = content_state(tok->lname, &found);

        if (found) {
            art_tokenizer_set_state(r->t, st, tok->lname);
        }
    }

    if (r->light) {
        return 0;
    }

    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->toks = realloc(r->toks, r->cap * sizeof(rtok_t));
        ck_assert_ptr_nonnull(r->toks);
    }

    k = &r->toks[r->n++];
    memset(k, 0, sizeof(rtok_t));

    k->type = tok->type;
    k->opaque_of = tok->type == ART_TOK_OPAQUE ? tok->opaque_of : 0;
    k->text_state = tok->type == ART_TOK_TEXT ? tok->text_state : 0;
    k->raw = malloc(tok->raw_len);
    ck_assert_ptr_nonnull(k->raw);
    memcpy(k->raw, tok->raw, tok->raw_len);
    k->raw_len = tok->raw_len;
    k->in_chunk = tok->raw_in_chunk;

    if (tok->type == ART_TOK_START_TAG || tok->type == ART_TOK_END_TAG
        || tok->type == ART_TOK_DOCTYPE)
    {
        k->name = tok->name;
    }

    if (tok->type == ART_TOK_START_TAG || tok->type == ART_TOK_END_TAG) {
        /* nothing of a comment or DOCTYPE before is left in a tag */
        ck_assert_msg(tok->data.off == 0 && tok->data.len == 0
                      && tok->public_id.off == 0 && tok->public_id.len == 0
                      && tok->system_id.off == 0 && tok->system_id.len == 0
                      && !tok->has_name && !tok->has_public_id
                      && !tok->has_system_id && !tok->force_quirks
                      && !tok->opaque_of && !tok->opaque_first
                      && !tok->opaque_last,
                      "a tag with fields of another token: \"%.*s\"",
                      (int) tok->raw_len, tok->raw);
        ck_assert_uint_lt(tok->lname_len, sizeof(k->lname));
        memcpy(k->lname, tok->lname, sizeof(k->lname));
        k->lname_len = tok->lname_len;
        k->self_closing = tok->self_closing;
        k->nattrs = tok->nattrs;

        if (tok->nattrs > 0) {
            k->attrs = malloc(tok->nattrs * sizeof(art_attr_t));
            ck_assert_ptr_nonnull(k->attrs);
            memcpy(k->attrs, tok->attrs, tok->nattrs * sizeof(art_attr_t));
        }
    }

    if (tok->type == ART_TOK_COMMENT || tok->type == ART_TOK_CDATA) {
        k->data = tok->data;
    }

    if (tok->type == ART_TOK_DOCTYPE) {
        k->public_id = tok->public_id;
        k->system_id = tok->system_id;
        k->has_name = tok->has_name;
        k->has_public_id = tok->has_public_id;
        k->has_system_id = tok->has_system_id;
        k->force_quirks = tok->force_quirks;
    }

    if (r->o->stop_at > 0 && r->calls == (size_t) r->o->stop_at) {
        return 7;
    }

    return 0;
}


static void
rec_free(rec_t *r)
{
    size_t  i;

    for (i = 0; i < r->n; i++) {
        free(r->toks[i].raw);
        free(r->toks[i].attrs);
    }

    free(r->toks);
    art_buf_free(&r->all);
    art_tokenizer_destroy(r->t);
    r->t = NULL;
}


/* a recorder and its tokenizer, with the limits of o (0: the defaults) */
static void
rec_open(rec_t *r, const opts_t *o)
{
    art_tokenizer_settings_t  s;

    memset(r, 0, sizeof(rec_t));
    art_buf_init(&r->all, &art_malloc_allocator);
    r->o = o;

    s.max_token_size = o->max_token;
    s.max_attrs = o->max_attrs;

    r->t = art_tokenizer_create(&art_malloc_allocator, &s, rec_token, r);
    ck_assert_ptr_nonnull(r->t);
}


static void
feed(rec_t *r, const unsigned char *p, size_t n)
{
    r->chunk = p;
    r->chunk_len = n;
    ck_assert_int_eq(art_tokenizer_feed(r->t, p, n), 0);
}


/*
 * One run: fed whole (chunk 0, split > n), in chunks of a size, or cut in
 * two at split (chunk 0).
 */
static void
run(rec_t *r, const opts_t *o, const void *in, size_t n, size_t chunk,
    size_t split, int light)
{
    const unsigned char  *p = in;
    size_t                off, len;

    rec_open(r, o);
    r->light = light;

    if (o->set) {
        art_tokenizer_set_state(r->t, o->state, o->last);
    }

    if (o->foreign) {
        art_tokenizer_set_foreign(r->t, 1);
    }

    if (chunk > 0) {
        for (off = 0; off < n; off += len) {
            len = n - off < chunk ? n - off : chunk;
            feed(r, p + off, len);
        }

    } else if (split <= n) {
        feed(r, p, split);
        feed(r, p + split, n - split);

    } else {
        feed(r, p, n);
    }

    r->chunk = NULL;
    r->chunk_len = 0;
    ck_assert_int_eq(art_tokenizer_finish(r->t), 0);
    ck_assert_int_eq(r->all.failed, 0);
}


/* the raw bytes of every token, in order, are the input */
static int
raw_is(const rec_t *r, const void *in, size_t n)
{
    return r->all.len == n && (n == 0 || memcmp(r->all.data, in, n) == 0);
}


/*
 * Adjacent text pieces read in the same state become one token, and so do
 * adjacent opaque pieces: both may come in as many pieces as the input.
 */
static void
rec_merge_text(rec_t *r)
{
    size_t   i, m;
    rtok_t  *a, *b;

    m = 0;

    for (i = 0; i < r->n; i++) {
        b = &r->toks[i];
        a = m > 0 ? &r->toks[m - 1] : NULL;

        if (a != NULL
            && ((a->type == ART_TOK_TEXT && b->type == ART_TOK_TEXT
                 && a->text_state == b->text_state)
                || (a->type == ART_TOK_OPAQUE && b->type == ART_TOK_OPAQUE)))
        {
            a->raw = realloc(a->raw, a->raw_len + b->raw_len);
            ck_assert_ptr_nonnull(a->raw);
            memcpy(a->raw + a->raw_len, b->raw, b->raw_len);
            a->raw_len += b->raw_len;
            if (b->type == ART_TOK_OPAQUE && b->opaque_of) {
                /* the last piece says what the bytes were */
                a->opaque_of = b->opaque_of;
            }
            free(b->raw);
            continue;
        }

        r->toks[m++] = *b;
    }

    r->n = m;
}


static int
span_eq(art_span_t a, art_span_t b)
{
    return a.off == b.off && a.len == b.len;
}


static int
attrs_eq(const rtok_t *a, const rtok_t *b)
{
    size_t             i;
    const art_attr_t  *x, *y;

    if (a->nattrs != b->nattrs) {
        return 0;
    }

    for (i = 0; i < a->nattrs; i++) {
        x = &a->attrs[i];
        y = &b->attrs[i];

        if (!span_eq(x->name, y->name) || !span_eq(x->value, y->value)
            || x->quote != y->quote || x->has_value != y->has_value
            || x->duplicate != y->duplicate)
        {
            return 0;
        }
    }

    return 1;
}


static int
rtok_eq(const rtok_t *a, const rtok_t *b)
{
    return a->type == b->type && a->opaque_of == b->opaque_of
           && a->text_state == b->text_state && a->raw_len == b->raw_len
           && memcmp(a->raw, b->raw, a->raw_len) == 0
           && span_eq(a->name, b->name) && a->lname_len == b->lname_len
           && memcmp(a->lname, b->lname, a->lname_len) == 0
           && attrs_eq(a, b)
           && a->self_closing == b->self_closing
           && span_eq(a->data, b->data)
           && span_eq(a->public_id, b->public_id)
           && span_eq(a->system_id, b->system_id)
           && a->has_name == b->has_name
           && a->has_public_id == b->has_public_id
           && a->has_system_id == b->has_system_id
           && a->force_quirks == b->force_quirks;
}


static void
dump_tokens(const char *label, const rec_t *r)
{
    size_t  i;

    fprintf(stderr, "  %s:\n", label);

    for (i = 0; i < r->n; i++) {
        fprintf(stderr, "    type %d (of %d) state %d raw \"%.*s\"\n",
                r->toks[i].type, r->toks[i].opaque_of, r->toks[i].text_state,
                (int) r->toks[i].raw_len, r->toks[i].raw);
    }
}


static const char *
what_of(const rtok_t *k, size_t *len)
{
    art_span_t  s;

    switch (k->type) {
    case ART_TOK_START_TAG:
    case ART_TOK_END_TAG:
    case ART_TOK_DOCTYPE:
        s = k->name;
        break;
    case ART_TOK_COMMENT:
    case ART_TOK_CDATA:
        s = k->data;
        break;
    default:
        *len = 0;
        return NULL;
    }

    ck_assert_uint_le(s.off + s.len, k->raw_len);
    *len = s.len;

    return (const char *) k->raw + s.off;
}


static void
expect(const char *label, const rec_t *r, const exp_t *e, size_t ne)
{
    size_t       i, len;
    const char  *w;
    int          ok;

    ok = r->n == ne;

    for (i = 0; ok && i < ne; i++) {
        ok = r->toks[i].type == e[i].type
             && r->toks[i].raw_len == strlen(e[i].raw)
             && memcmp(r->toks[i].raw, e[i].raw, r->toks[i].raw_len) == 0;

        if (ok && e[i].type == ART_TOK_TEXT) {
            ok = r->toks[i].text_state == e[i].state;
        }

        if (ok && e[i].what != NULL) {
            w = what_of(&r->toks[i], &len);
            ok = w != NULL && len == strlen(e[i].what)
                 && memcmp(w, e[i].what, len) == 0;
        }
    }

    if (!ok) {
        fprintf(stderr, "%s: unexpected tokens\n", label);
        dump_tokens("got", r);
        fprintf(stderr, "  expected:\n");

        for (i = 0; i < ne; i++) {
            fprintf(stderr, "    type %d raw \"%s\" what \"%s\"\n",
                    e[i].type, e[i].raw, e[i].what ? e[i].what : "-");
        }
    }

    ck_assert_msg(ok, "%s: unexpected tokens (see stderr)", label);
}


static void
same_as_whole(const char *label, const char *how, const rec_t *whole,
    const rec_t *r)
{
    size_t  i;
    int     ok;

    ok = whole->n == r->n;

    for (i = 0; ok && i < r->n; i++) {
        ok = rtok_eq(&whole->toks[i], &r->toks[i]);
    }

    if (!ok) {
        fprintf(stderr, "%s: %s differs from the whole input\n", label, how);
        dump_tokens("whole", whole);
        dump_tokens(how, r);
    }

    ck_assert_msg(ok, "%s: %s gives other tokens than the whole input",
                  label, how);
}


/*
 * Runs in whole, byte by byte and cut at every point; checks the raw
 * bytes and the tokens, and gives back the whole run (merged) in *out
 * when out is not NULL.
 */
static void
check_n(const char *label, const opts_t *o, const void *in, size_t n,
    const exp_t *e, size_t ne, rec_t *out)
{
    rec_t   whole, r;
    size_t  k;
    char    how[64];

    run(&whole, o, in, n, 0, (size_t) -1, 0);
    ck_assert_msg(raw_is(&whole, in, n),
                  "%s: the raw bytes are not the input", label);
    rec_merge_text(&whole);

    if (e != NULL) {
        expect(label, &whole, e, ne);
    }

    run(&r, o, in, n, 1, 0, 0);
    ck_assert_msg(raw_is(&r, in, n),
                  "%s: byte by byte, the raw bytes are not the input",
                  label);
    rec_merge_text(&r);
    same_as_whole(label, "byte by byte", &whole, &r);
    rec_free(&r);

    for (k = 0; k <= n; k++) {
        run(&r, o, in, n, 0, k, 0);
        snprintf(how, sizeof(how), "cut at %zu", k);
        ck_assert_msg(raw_is(&r, in, n),
                      "%s: %s, the raw bytes are not the input", label, how);
        rec_merge_text(&r);
        same_as_whole(label, how, &whole, &r);
        rec_free(&r);
    }

    if (out != NULL) {
        *out = whole;
    } else {
        rec_free(&whole);
    }
}


static void
check(const char *in, const opts_t *o, const exp_t *e, size_t ne)
{
    check_n(in, o, in, strlen(in), e, ne, NULL);
}


static void
check_r(const char *in, const opts_t *o, const exp_t *e, size_t ne,
    rec_t *out)
{
    check_n(in, o, in, strlen(in), e, ne, out);
}


/* the first token of a type in a merged run */
static const rtok_t *
find(const rec_t *r, art_token_type_e type)
{
    size_t  i;

    for (i = 0; i < r->n; i++) {
        if (r->toks[i].type == type) {
            return &r->toks[i];
        }
    }

    ck_abort_msg("no token of type %d", type);

    return NULL;
}


static int
span_is(const rtok_t *k, art_span_t s, const char *lit)
{
    return s.len == strlen(lit) && s.off + s.len <= k->raw_len
           && memcmp(k->raw + s.off, lit, s.len) == 0;
}


static void
check_attr(const rtok_t *k, size_t i, const char *name, const char *value,
    int has_value, unsigned char quote, int duplicate)
{
    const art_attr_t  *a;

    ck_assert_uint_lt(i, k->nattrs);
    a = &k->attrs[i];

    ck_assert_msg(span_is(k, a->name, name), "attribute %zu: name %.*s, "
                  "expected %s", i, (int) a->name.len,
                  k->raw + a->name.off, name);
    ck_assert_msg(span_is(k, a->value, value), "attribute %zu: value %.*s, "
                  "expected %s", i, (int) a->value.len,
                  k->raw + a->value.off, value);
    ck_assert_int_eq(a->has_value, has_value);
    ck_assert_int_eq(a->quote, quote);
    ck_assert_int_eq(a->duplicate, duplicate);
}


/* data state text */

START_TEST(test_data_text)
{
    static const exp_t  e1[] = { DTXT("hello, world") };
    static const exp_t  e2[] = { DTXT("a < b <3 <> &amp; &#60;") };
    static const exp_t  e3[] = { DTXT("tail<") };
    static const exp_t  e4[] = { DTXT("x"), STAG("<b>", "b"), DTXT("y") };

    check("", &plain, NULL, 0);
    check("hello, world", &plain, e1, NEXP(e1));
    check("a < b <3 <> &amp; &#60;", &plain, e2, NEXP(e2));
    check("tail<", &plain, e3, NEXP(e3));
    check("x<b>y", &plain, e4, NEXP(e4));
}
END_TEST


/* tags and attributes */

START_TEST(test_tags)
{
    static const exp_t  e1[] = {
        STAG("<DiV>", "DiV"), ETAG("</dIv>", "dIv"),
        STAG("<h1\n>", "h1"), ETAG("</P class=\"x\">", "P")
    };
    rec_t  r;

    check_r("<DiV></dIv><h1\n></P class=\"x\">", &plain, e1, NEXP(e1), &r);
    ck_assert_str_eq(r.toks[0].lname, "div");
    ck_assert_uint_eq(r.toks[0].lname_len, 3);
    ck_assert_str_eq(r.toks[1].lname, "div");
    ck_assert_str_eq(r.toks[3].lname, "p");
    ck_assert_uint_eq(r.toks[3].nattrs, 1);
    rec_free(&r);

    /* a long name: the span is whole, lname is cut at 31 bytes */
    {
        static const exp_t  e[] = {
            STAG("<abcdefghijklmnopqrstuvwxyzABCDEFGHIJ>",
                 "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ")
        };

        check_r(e[0].raw, &plain, e, 1, &r);
        ck_assert_str_eq(r.toks[0].lname, "abcdefghijklmnopqrstuvwxyzabcde");
        ck_assert_uint_eq(r.toks[0].lname_len, 31);
        rec_free(&r);
    }

    /* a name runs until space, / or >: "<" and quotes are in it */
    {
        static const exp_t  e[] = { STAG("<a<b\"c>", "a<b\"c"), DTXT("d") };

        check("<a<b\"c>d", &plain, e, NEXP(e));
    }
}
END_TEST


START_TEST(test_attrs)
{
    static const char   *in = "<a href=\"x y\" title='it''s' data-z=w/x "
                              "checked B = \"c\"d =e >";
    static const exp_t   e[] = {
        STAG("<a href=\"x y\" title='it''s' data-z=w/x checked B = \"c\"d "
             "=e >", "a")
    };
    rec_t                r;
    const rtok_t        *k;

    check_r(in, &plain, e, NEXP(e), &r);
    k = &r.toks[0];
    ck_assert_uint_eq(k->nattrs, 7);
    check_attr(k, 0, "href", "x y", 1, '"', 0);
    check_attr(k, 1, "title", "it", 1, '\'', 0);
    /* after a quoted value, no space: a new attribute, its name "'s'" */
    check_attr(k, 2, "'s'", "", 0, 0, 0);
    check_attr(k, 3, "data-z", "w/x", 1, 0, 0);
    check_attr(k, 4, "checked", "", 0, 0, 0);
    check_attr(k, 5, "B", "c", 1, '"', 0);
    check_attr(k, 6, "d", "e", 1, 0, 0);
    ck_assert_int_eq(k->self_closing, 0);
    rec_free(&r);

    /* duplicates, compared case-insensitively; the first one counts */
    check_r("<p ID=1 id=2 Id id='4' x>", &plain, NULL, 0, &r);
    k = &r.toks[0];
    ck_assert_int_eq(k->type, ART_TOK_START_TAG);
    ck_assert_uint_eq(k->nattrs, 5);
    check_attr(k, 0, "ID", "1", 1, 0, 0);
    check_attr(k, 1, "id", "2", 1, 0, 1);
    check_attr(k, 2, "Id", "", 0, 0, 1);
    check_attr(k, 3, "id", "4", 1, '\'', 1);
    check_attr(k, 4, "x", "", 0, 0, 0);
    rec_free(&r);

    /* "=" first is part of the name; "=" then ">" is an empty value */
    check_r("<a =b c=>", &plain, NULL, 0, &r);
    k = &r.toks[0];
    ck_assert_uint_eq(k->nattrs, 2);
    check_attr(k, 0, "=b", "", 0, 0, 0);
    check_attr(k, 1, "c", "", 1, 0, 0);
    rec_free(&r);

    /* an empty quoted value; a value with ">" inside quotes */
    check_r("<a b=\"\" c='>'>", &plain, NULL, 0, &r);
    k = &r.toks[0];
    ck_assert_uint_eq(r.n, 1);
    check_attr(k, 0, "b", "", 1, '"', 0);
    check_attr(k, 1, "c", ">", 1, '\'', 0);
    rec_free(&r);
}
END_TEST


START_TEST(test_self_closing)
{
    static const exp_t  e1[] = {
        STAG("<br/>", "br"), STAG("<br />", "br"), STAG("<img src=x/>", "img"),
        STAG("<a/b>", "a"), STAG("<c d='e'/>", "c"), ETAG("</f/>", "f")
    };
    rec_t  r;

    check_r("<br/><br /><img src=x/><a/b><c d='e'/></f/>", &plain,
            e1, NEXP(e1), &r);
    ck_assert_int_eq(r.toks[0].self_closing, 1);
    ck_assert_int_eq(r.toks[1].self_closing, 1);
    /* "/" in an unquoted value belongs to the value */
    ck_assert_int_eq(r.toks[2].self_closing, 0);
    check_attr(&r.toks[2], 0, "src", "x/", 1, 0, 0);
    /* "/" not before ">" is nothing */
    ck_assert_int_eq(r.toks[3].self_closing, 0);
    check_attr(&r.toks[3], 0, "b", "", 0, 0, 0);
    ck_assert_int_eq(r.toks[4].self_closing, 1);
    ck_assert_int_eq(r.toks[5].self_closing, 1);
    rec_free(&r);
}
END_TEST


/* RCDATA, RAWTEXT and their end tags */

START_TEST(test_rcdata)
{
    static const opts_t  o = { ART_STATE_RCDATA, "title", 1, 0, 0, 0, 0, 0 };
    static const opts_t  none = { ART_STATE_RCDATA, NULL, 1, 0, 0, 0, 0, 0 };
    static const exp_t   e1[] = {
        TXT("a<b>&amp;</b></titlex></tit>", ART_STATE_RCDATA),
        ETAG("</TITLE>", "TITLE"), STAG("<i>", "i"), DTXT("z")
    };
    static const exp_t   e2[] = {
        TXT("x", ART_STATE_RCDATA), ETAG("</title foo=\"bar\">", "title")
    };
    static const exp_t   e3[] = {
        TXT("x", ART_STATE_RCDATA), ETAG("</title/>", "title")
    };
    static const exp_t   e4[] = { TXT("a</title>", ART_STATE_RCDATA) };
    static const exp_t   e5[] = { TXT("a</titl", ART_STATE_RCDATA) };
    static const exp_t   e6[] = { TXT("</title", ART_STATE_RCDATA) };
    static const exp_t   e7[] = { TXT("x</ title></3", ART_STATE_RCDATA) };

    /* text up to the appropriate end tag, then the data state */
    check("a<b>&amp;</b></titlex></tit></TITLE><i>z", &o, e1, NEXP(e1));
    check("x</title foo=\"bar\">", &o, e2, NEXP(e2));
    check("x</title/>", &o, e3, NEXP(e3));
    /* with no last start tag no end tag is appropriate */
    check("a</title>", &none, e4, NEXP(e4));
    check("a</titl", &o, e5, NEXP(e5));
    /* the end of the input before the name ends: still text */
    check("</title", &o, e6, NEXP(e6));
    check("x</ title></3", &o, e7, NEXP(e7));
}
END_TEST


START_TEST(test_rawtext)
{
    static const opts_t  o = { ART_STATE_RAWTEXT, "style", 1, 0, 0, 0, 0, 0 };
    static const opts_t  sw = { 0, NULL, 0, 0, 1, 0, 0, 0 };
    static const exp_t   e1[] = {
        TXT("p>a{}</p></styl><!--</style", ART_STATE_RAWTEXT),
        ETAG("</style\t>", "style"), DTXT("x")
    };
    static const exp_t   e2[] = {
        STAG("<xmp>", "xmp"), TXT("<b>&lt;</xm", ART_STATE_RAWTEXT),
        ETAG("</XMP >", "XMP"), STAG("<b>", "b")
    };

    check("p>a{}</p></styl><!--</style</style\t>x", &o, e1, NEXP(e1));
    /* the state switched from the callback, as the rewriter does it */
    check("<xmp><b>&lt;</xm</XMP ><b>", &sw, e2, NEXP(e2));
}
END_TEST


/* script data: plain, escaped, double-escaped */

START_TEST(test_script)
{
    static const opts_t  sw = { 0, NULL, 0, 0, 1, 0, 0, 0 };
    static const exp_t   e1[] = {
        STAG("<script>", "script"),
        TXT("if (a<b && c>d) x = '</scrip>'", ART_STATE_SCRIPT_DATA),
        ETAG("</script>", "script"), DTXT("t")
    };
    static const exp_t   e2[] = {
        STAG("<script>", "script"), TXT("a", ART_STATE_SCRIPT_DATA),
        ETAG("</SCRIPT foo>", "SCRIPT")
    };
    static const exp_t   e3[] = {
        STAG("<script>", "script"), TXT("a</script", ART_STATE_SCRIPT_DATA)
    };

    check("<script>if (a<b && c>d) x = '</scrip>'</script>t", &sw,
          e1, NEXP(e1));
    check("<script>a</SCRIPT foo>", &sw, e2, NEXP(e2));
    check("<script>a</script", &sw, e3, NEXP(e3));
}
END_TEST


START_TEST(test_script_escaped)
{
    static const opts_t  sw = { 0, NULL, 0, 0, 1, 0, 0, 0 };
    static const opts_t  sd = { ART_STATE_SCRIPT_DATA, "script", 1, 0, 0, 0,
                                0, 0 };

    /* double-escaped: the inner </script> does not end the element */
    {
        static const exp_t  e[] = {
            STAG("<script>", "script"),
            TXT("<!--<script></script>-->", ART_STATE_SCRIPT_DATA),
            ETAG("</script>", "script")
        };

        check("<script><!--<script></script>--></script>", &sw,
              e, NEXP(e));
    }

    /* escaped only: the first </script> ends it */
    {
        static const exp_t  e[] = {
            TXT("<!--", ART_STATE_SCRIPT_DATA), ETAG("</script>", "script"),
            DTXT("-->")
        };

        check("<!--</script>-->", &sd, e, NEXP(e));
    }

    /* "-->" leaves the double escape for script data */
    {
        static const exp_t  e[] = {
            TXT("<!--<script>-->", ART_STATE_SCRIPT_DATA),
            ETAG("</script>", "script")
        };

        check("<!--<script>--></script>", &sd, e, NEXP(e));
    }

    /* "<scripts>" starts no double escape */
    {
        static const exp_t  e[] = {
            TXT("<!--<scripts>", ART_STATE_SCRIPT_DATA),
            ETAG("</script>", "script"), DTXT("x"),
            ETAG("</script>", "script")
        };

        check("<!--<scripts></script>x</script>", &sd, e, NEXP(e));
    }

    /* the double escape ends at "</script" and a space, then "-->" */
    {
        static const exp_t  e[] = {
            TXT("<!--<SCRIPT>x</script >y", ART_STATE_SCRIPT_DATA),
            ETAG("</script>", "script")
        };

        check("<!--<SCRIPT>x</script >y</script>", &sd, e, NEXP(e));
    }

    /* dashes and "<" inside the escapes */
    {
        static const exp_t  e[] = {
            TXT("<!-- a-b -<x --<script> - -- <y </x ---!></script >-->",
                ART_STATE_SCRIPT_DATA),
            ETAG("</script>", "script")
        };
        static const exp_t  f[] = {
            TXT("<!-- a-b -<x --<script> - -- <y </x ---!></script>",
                ART_STATE_SCRIPT_DATA)
        };

        check("<!-- a-b -<x --<script> - -- <y </x ---!></script >-->"
              "</script>", &sd, e, NEXP(e));
        check("<!-- a-b -<x --<script> - -- <y </x ---!></script>",
              &sd, f, NEXP(f));
    }

    /* "<!-" not followed by "-" is no escape */
    {
        static const exp_t  e[] = {
            TXT("<!-x<!", ART_STATE_SCRIPT_DATA), ETAG("</script>", "script")
        };

        check("<!-x<!</script>", &sd, e, NEXP(e));
    }

    /* the end of the input in each of them */
    {
        static const exp_t  e1[] = { TXT("<!--", ART_STATE_SCRIPT_DATA) };
        static const exp_t  e2[] = {
            TXT("<!--<script>a</scr", ART_STATE_SCRIPT_DATA)
        };
        static const exp_t  e3[] = { TXT("<!--a-", ART_STATE_SCRIPT_DATA) };
        static const exp_t  e4[] = { TXT("<!--<scr", ART_STATE_SCRIPT_DATA) };

        check("<!--", &sd, e1, NEXP(e1));
        check("<!--<script>a</scr", &sd, e2, NEXP(e2));
        check("<!--a-", &sd, e3, NEXP(e3));
        check("<!--<scr", &sd, e4, NEXP(e4));
    }
}
END_TEST


START_TEST(test_plaintext)
{
    static const opts_t  o = { ART_STATE_PLAINTEXT, NULL, 1, 0, 0, 0, 0, 0 };
    static const opts_t  sw = { 0, NULL, 0, 0, 1, 0, 0, 0 };
    static const exp_t   e1[] = {
        TXT("a</plaintext><b>&amp;<!--", ART_STATE_PLAINTEXT)
    };
    static const exp_t   e2[] = {
        STAG("<PLAINTEXT>", "PLAINTEXT"),
        TXT("</plaintext>x", ART_STATE_PLAINTEXT)
    };

    check("a</plaintext><b>&amp;<!--", &o, e1, NEXP(e1));
    check("<PLAINTEXT></plaintext>x", &sw, e2, NEXP(e2));
}
END_TEST


/* comments */

START_TEST(test_comments)
{
    static const exp_t  e1[] = {
        COMM("<!-- a -->", " a "), COMM("<!---->", ""), COMM("<!-->", ""),
        COMM("<!--->", ""), COMM("<!--a--!>", "a"),
        COMM("<!--a--!b-->", "a--!b"), COMM("<!--a---->", "a--"),
        COMM("<!--a-b--c-->", "a-b--c"), COMM("<!---a-->", "-a"),
        COMM("<!--<!-- x --!-->", "<!-- x --!"), COMM("<!--a--->", "a-")
    };
    static const exp_t  e2[] = {
        DTXT("x"), COMM("<!-- -- >-->", " -- >"), DTXT("y")
    };

    check("<!-- a --><!----><!--><!---><!--a--!><!--a--!b-->"
          "<!--a----><!--a-b--c--><!---a--><!--<!-- x --!--><!--a--->",
          &plain, e1, NEXP(e1));
    check("x<!-- -- >-->y", &plain, e2, NEXP(e2));
}
END_TEST


START_TEST(test_bogus_comments)
{
    static const exp_t  e1[] = {
        COMM("<?xml version=\"1.0\"?>", "?xml version=\"1.0\"?"),
        COMM("</1>", "1"), COMM("<!x>", "x"), COMM("<!-x>", "-x"),
        COMM("<!DOCTYP>", "DOCTYP"), COMM("<!>", ""), COMM("<? -- >", "? -- "),
        COMM("</ a>", " a"), COMM("<![CDATA[x]]>", "[CDATA[x]]")
    };

    /* "<![CDATA[" outside foreign content is a bogus comment */
    check("<?xml version=\"1.0\"?></1><!x><!-x><!DOCTYP><!><? -- ></ a>"
          "<![CDATA[x]]>", &plain, e1, NEXP(e1));
}
END_TEST


/* DOCTYPE */

static void
check_doctype(const char *in, const char *name, const char *pub,
    const char *sys, int quirks)
{
    rec_t                r;
    const rtok_t        *k;

    check_r(in, &plain, NULL, 0, &r);
    ck_assert_msg(r.n == 1, "%s: %zu tokens", in, r.n);
    k = find(&r, ART_TOK_DOCTYPE);
    ck_assert_uint_eq(k->raw_len, strlen(in));

    ck_assert_msg(k->has_name == (name != NULL)
                  && (name == NULL || span_is(k, k->name, name)),
                  "%s: name", in);
    ck_assert_msg(k->has_public_id == (pub != NULL)
                  && (pub == NULL || span_is(k, k->public_id, pub)),
                  "%s: public id", in);
    ck_assert_msg(k->has_system_id == (sys != NULL)
                  && (sys == NULL || span_is(k, k->system_id, sys)),
                  "%s: system id", in);
    ck_assert_msg(k->force_quirks == quirks, "%s: force-quirks %d", in,
                  k->force_quirks);

    rec_free(&r);
}


START_TEST(test_doctype)
{
    check_doctype("<!DOCTYPE html>", "html", NULL, NULL, 0);
    check_doctype("<!doctype HTML >", "HTML", NULL, NULL, 0);
    check_doctype("<!DocType html PUBLIC \"-//W3C//DTD HTML 4.01//EN\" "
                  "\"http://www.w3.org/TR/html4/strict.dtd\">", "html",
                  "-//W3C//DTD HTML 4.01//EN",
                  "http://www.w3.org/TR/html4/strict.dtd", 0);
    check_doctype("<!DOCTYPE html system 'about:legacy-compat'>", "html",
                  NULL, "about:legacy-compat", 0);
    check_doctype("<!DOCTYPE html PUBLIC\"x\"'y'>", "html", "x", "y", 0);
    check_doctype("<!DOCTYPE html PUBLIC '' >", "html", "", NULL, 0);
    check_doctype("<!DOCTYPEhtml>", "html", NULL, NULL, 0);
    check_doctype("<!DOCTYPE>", NULL, NULL, NULL, 1);
    check_doctype("<!DOCTYPE  >", NULL, NULL, NULL, 1);
    check_doctype("<!DOCTYPE html bogus>", "html", NULL, NULL, 1);
    check_doctype("<!DOCTYPE html pub>", "html", NULL, NULL, 1);
    check_doctype("<!DOCTYPE html PUBLIC>", "html", NULL, NULL, 1);
    check_doctype("<!DOCTYPE html PUBLIC x>", "html", NULL, NULL, 1);
    check_doctype("<!DOCTYPE html PUBLIC \"a>", "html", "a", NULL, 1);
    check_doctype("<!DOCTYPE html SYSTEM 'b>", "html", NULL, "b", 1);
    check_doctype("<!DOCTYPE html SYSTEM>", "html", NULL, NULL, 1);
    check_doctype("<!DOCTYPE html PUBLIC 'p' x>", "html", "p", NULL, 1);
    /* junk after the system id: bogus, but not quirks */
    check_doctype("<!DOCTYPE html SYSTEM \"s\" junk>", "html", NULL, "s", 0);
    /* the end of the input */
    check_doctype("<!DOCTYPE", NULL, NULL, NULL, 1);
    check_doctype("<!DOCTYPE ", NULL, NULL, NULL, 1);
    check_doctype("<!DOCTYPE html", "html", NULL, NULL, 1);
    check_doctype("<!DOCTYPE html ", "html", NULL, NULL, 1);
    check_doctype("<!DOCTYPE html PUB", "html", NULL, NULL, 1);
    check_doctype("<!DOCTYPE html PUBLIC \"ab", "html", "ab", NULL, 1);
    check_doctype("<!DOCTYPE html PUBLIC \"a\" 'b", "html", "a", "b", 1);
    check_doctype("<!DOCTYPE html SYSTEM \"s\" junk", "html", NULL, "s", 0);
}
END_TEST


/* CDATA sections */

START_TEST(test_cdata)
{
    static const opts_t  f = { 0, NULL, 0, 1, 0, 0, 0, 0 };
    static const exp_t   e1[] = {
        CDAT("<![CDATA[a<b>&amp;]]]>", "a<b>&amp;]"), DTXT("&amp;"),
        CDAT("<![CDATA[]]>", ""), CDAT("<![CDATA[]]]]>", "]]"),
        CDAT("<![CDATA[x]>]]>", "x]>")
    };
    static const exp_t   e2[] = { CDAT("<![CDATA[ab", "ab") };
    static const exp_t   e3[] = { CDAT("<![CDATA[ab]", "ab]") };
    static const exp_t   e4[] = { CDAT("<![CDATA[ab]]", "ab]]") };
    static const exp_t   e5[] = { COMM("<![cdata[x]]>", "[cdata[x]]") };
    static const exp_t   e6[] = { COMM("<![CDAT", "[CDAT") };

    check("<![CDATA[a<b>&amp;]]]>&amp;<![CDATA[]]><![CDATA[]]]]>"
          "<![CDATA[x]>]]>", &f, e1, NEXP(e1));
    check("<![CDATA[ab", &f, e2, NEXP(e2));
    check("<![CDATA[ab]", &f, e3, NEXP(e3));
    check("<![CDATA[ab]]", &f, e4, NEXP(e4));
    /* the keyword is case-sensitive */
    check("<![cdata[x]]>", &f, e5, NEXP(e5));
    check("<![CDAT", &f, e6, NEXP(e6));
}
END_TEST


/*
 * CDATA section as the initial state: the characters up to "]]>" are the
 * section's data, and then the data state decodes as usual.
 */
START_TEST(test_cdata_initial_state)
{
    static const opts_t  o = { ART_STATE_CDATA_SECTION, NULL, 1, 1, 0, 0, 0,
                               0 };
    static const exp_t   e1[] = { CDAT("a&amp;]]>", "a&amp;"), DTXT("&amp;") };
    static const exp_t   e2[] = { CDAT("ab", "ab") };

    check("a&amp;]]>&amp;", &o, e1, NEXP(e1));
    check("ab", &o, e2, NEXP(e2));
}
END_TEST


/* bytes that form no token */

START_TEST(test_opaque)
{
    static const exp_t  e1[] = { DTXT("a"), OPAQ("</>"), DTXT("b") };
    rec_t               r;

    check_r("a</>b", &plain, e1, NEXP(e1), &r);
    ck_assert_int_eq(r.toks[1].opaque_of, 0);
    rec_free(&r);
}
END_TEST


/* the end of the input inside each construct */

START_TEST(test_eof)
{
    static const struct {
        const char  *in;
        exp_t        e[2];
        size_t       n;
    } cases[] = {
        { "<", { DTXT("<") }, 1 },
        { "a</", { DTXT("a</") }, 1 },
        { "<a", { OPAQ("<a") }, 1 },
        { "</a", { OPAQ("</a") }, 1 },
        { "x<a ", { DTXT("x"), OPAQ("<a ") }, 2 },
        { "<a b", { OPAQ("<a b") }, 1 },
        { "<a b ", { OPAQ("<a b ") }, 1 },
        { "<a b=", { OPAQ("<a b=") }, 1 },
        { "<a b='x", { OPAQ("<a b='x") }, 1 },
        { "<a b=\"x", { OPAQ("<a b=\"x") }, 1 },
        { "<a b=x", { OPAQ("<a b=x") }, 1 },
        { "<a b='x'", { OPAQ("<a b='x'") }, 1 },
        { "<a /", { OPAQ("<a /") }, 1 },
        { "<!", { COMM("<!", "") }, 1 },
        { "<!-", { COMM("<!-", "-") }, 1 },
        { "<!--", { COMM("<!--", "") }, 1 },
        { "<!---", { COMM("<!---", "") }, 1 },
        { "<!-- a", { COMM("<!-- a", " a") }, 1 },
        { "<!-- a-", { COMM("<!-- a-", " a") }, 1 },
        { "<!-- a--", { COMM("<!-- a--", " a") }, 1 },
        { "<!-- a--!", { COMM("<!-- a--!", " a") }, 1 },
        { "<!-- a---", { COMM("<!-- a---", " a-") }, 1 },
        { "<?x", { COMM("<?x", "?x") }, 1 },
        { "</1", { COMM("</1", "1") }, 1 },
        { "<!DOC", { COMM("<!DOC", "DOC") }, 1 },
    };
    size_t  i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        check(cases[i].in, &plain, cases[i].e, cases[i].n);
    }
}
END_TEST


START_TEST(test_eof_script)
{
    static const opts_t  sw = { 0, NULL, 0, 0, 1, 0, 0, 0 };
    static const exp_t   e1[] = {
        STAG("<script>", "script"), TXT("var a = 1;", ART_STATE_SCRIPT_DATA)
    };
    static const exp_t   e2[] = {
        STAG("<script>", "script"), TXT("<!--<script>", ART_STATE_SCRIPT_DATA)
    };
    static const exp_t   e3[] = { OPAQ("<script") };
    static const exp_t   e4[] = {
        STAG("<title>", "title"), TXT("a</title", ART_STATE_RCDATA)
    };

    check("<script>var a = 1;", &sw, e1, NEXP(e1));
    check("<script><!--<script>", &sw, e2, NEXP(e2));
    check("<script", &sw, e3, NEXP(e3));
    check("<title>a</title", &sw, e4, NEXP(e4));
}
END_TEST


/* NUL and invalid UTF-8 pass through untouched */

START_TEST(test_nul)
{
    static const char   in[] = "a\0b<x\0Y c\0=\0><!--\0-->\0";
    rec_t               r;
    const rtok_t       *k;

    check_n("NUL", &plain, in, sizeof(in) - 1, NULL, 0, &r);
    ck_assert_uint_eq(r.n, 4);

    ck_assert_int_eq(r.toks[0].type, ART_TOK_TEXT);
    ck_assert_uint_eq(r.toks[0].raw_len, 3);
    ck_assert(memcmp(r.toks[0].raw, "a\0b", 3) == 0);

    k = &r.toks[1];
    ck_assert_int_eq(k->type, ART_TOK_START_TAG);
    ck_assert_uint_eq(k->raw_len, 10);
    ck_assert_uint_eq(k->name.len, 3);
    ck_assert(memcmp(k->raw + k->name.off, "x\0Y", 3) == 0);
    ck_assert_uint_eq(k->lname_len, 3);
    ck_assert(memcmp(k->lname, "x\0y", 3) == 0);
    ck_assert_uint_eq(k->nattrs, 1);
    ck_assert_uint_eq(k->attrs[0].name.len, 2);
    ck_assert(memcmp(k->raw + k->attrs[0].name.off, "c\0", 2) == 0);
    ck_assert_uint_eq(k->attrs[0].value.len, 1);
    ck_assert_int_eq(k->raw[k->attrs[0].value.off], 0);

    k = &r.toks[2];
    ck_assert_int_eq(k->type, ART_TOK_COMMENT);
    ck_assert_uint_eq(k->data.len, 1);
    ck_assert_int_eq(k->raw[k->data.off], 0);

    ck_assert_int_eq(r.toks[3].type, ART_TOK_TEXT);
    ck_assert_uint_eq(r.toks[3].raw_len, 1);
    rec_free(&r);
}
END_TEST


START_TEST(test_invalid_utf8)
{
    static const char   in[] = "\xff\xfe<a \xc0=\xe2\x82>\x80\xed\xa0\x80"
                               "<!--\xf8-->";
    rec_t               r;
    const rtok_t       *k;

    check_n("UTF-8", &plain, in, sizeof(in) - 1, NULL, 0, &r);
    ck_assert_uint_eq(r.n, 4);
    ck_assert_uint_eq(r.toks[0].raw_len, 2);
    ck_assert(memcmp(r.toks[0].raw, "\xff\xfe", 2) == 0);

    k = &r.toks[1];
    ck_assert_int_eq(k->type, ART_TOK_START_TAG);
    check_attr(k, 0, "\xc0", "\xe2\x82", 1, 0, 0);

    ck_assert_uint_eq(r.toks[2].raw_len, 4);
    ck_assert(memcmp(r.toks[2].raw, "\x80\xed\xa0\x80", 4) == 0);
    ck_assert(span_is(&r.toks[3], r.toks[3].data, "\xf8"));
    rec_free(&r);
}
END_TEST


/* the size cap */

static unsigned char *
big_input(const char *head, size_t fill, unsigned char c, const char *tail,
    size_t *n)
{
    unsigned char  *p;
    size_t          h, t;

    h = strlen(head);
    t = strlen(tail);
    *n = h + fill + t;

    p = malloc(*n);
    ck_assert_ptr_nonnull(p);
    memcpy(p, head, h);
    memset(p + h, c, fill);
    memcpy(p + h + fill, tail, t);

    return p;
}


/* the tokens of a capped run: no tag, then the text after it */
static void
check_capped(const char *label, const opts_t *o, const unsigned char *in,
    size_t n, size_t chunk, const char *after, art_token_type_e was)
{
    rec_t          r;
    const rtok_t  *last;
    size_t         i, opaque;

    run(&r, o, in, n, chunk, (size_t) -1, 0);

    ck_assert_msg(raw_is(&r, in, n),
                  "%s, chunk %zu: the raw bytes are not the input",
                  label, chunk);
    ck_assert_uint_le(art_tokenizer_peak_carry(r.t), o->max_token);
    ck_assert_uint_eq(art_tokenizer_carry_size(r.t), 0);
    ck_assert_msg(r.count[ART_TOK_START_TAG] + r.count[ART_TOK_END_TAG]
                  + r.count[ART_TOK_COMMENT] + r.count[ART_TOK_DOCTYPE]
                  + r.count[ART_TOK_CDATA] == 0,
                  "%s, chunk %zu: a token of %zu bytes past the cap was "
                  "reported", label, chunk, n - strlen(after));

    rec_merge_text(&r);
    ck_assert_uint_ge(r.n, 2);

    opaque = 0;

    for (i = 0; i + 1 < r.n; i++) {
        ck_assert_int_eq(r.toks[i].type, ART_TOK_OPAQUE);
        opaque += r.toks[i].raw_len;
    }

    ck_assert_uint_eq(opaque, n - strlen(after));
    /* the last piece says what it was */
    ck_assert_int_eq(r.toks[r.n - 2].opaque_of, was);

    last = &r.toks[r.n - 1];
    ck_assert_int_eq(last->type, ART_TOK_TEXT);
    ck_assert_int_eq(last->text_state, ART_STATE_DATA);
    ck_assert_uint_eq(last->raw_len, strlen(after));
    ck_assert(memcmp(last->raw, after, last->raw_len) == 0);

    rec_free(&r);
}


START_TEST(test_cap)
{
    static const opts_t   o = { 0, NULL, 0, 0, 0, 64 * KB, 0, 0 };
    unsigned char        *in;
    size_t                n;
    rec_t                 r;

    in = big_input("<a href=\"", 2048 * KB, 'x', "\">after", &n);
    check_capped("attribute", &o, in, n, 4 * KB, "after", ART_TOK_START_TAG);
    check_capped("attribute", &o, in, n, 0, "after", ART_TOK_START_TAG);
    check_capped("attribute", &o, in, n, 64 * KB + 1, "after",
                 ART_TOK_START_TAG);
    free(in);

    in = big_input("<!--", 2048 * KB, '-', "->x", &n);
    check_capped("comment", &o, in, n, 4 * KB, "x", ART_TOK_COMMENT);
    free(in);

    /* byte by byte, only the raw bytes and the carry are looked at */
    in = big_input("<p title='", 200 * KB, 'y', "'>z", &n);
    run(&r, &o, in, n, 1, 0, 1);
    ck_assert(raw_is(&r, in, n));
    ck_assert_uint_le(art_tokenizer_peak_carry(r.t), 64 * KB);
    ck_assert_uint_eq(r.count[ART_TOK_START_TAG], 0);
    rec_free(&r);
    free(in);

    /* text is no token: it is never held, whatever its size */
    in = big_input("", 2048 * KB - 1, 't', "<b>", &n);
    run(&r, &o, in, n, 4 * KB, 0, 1);
    ck_assert(raw_is(&r, in, n));
    ck_assert_uint_le(art_tokenizer_peak_carry(r.t), 3);
    ck_assert_uint_eq(r.count[ART_TOK_START_TAG], 1);
    ck_assert_uint_eq(r.count[ART_TOK_OPAQUE], 0);
    rec_free(&r);
    free(in);

    /* a tag just under the cap is still a tag */
    in = big_input("<a href=\"", 64 * KB - 12, 'x', "\">", &n);
    ck_assert_uint_eq(n, 64 * KB - 1);
    run(&r, &o, in, n, 4 * KB, 0, 0);
    ck_assert_uint_eq(r.count[ART_TOK_START_TAG], 1);
    ck_assert_uint_eq(r.count[ART_TOK_OPAQUE], 0);
    ck_assert_uint_eq(r.toks[0].attrs[0].value.len, 64 * KB - 12);
    rec_free(&r);
    free(in);
}
END_TEST


/*
 * Every kind of token past the cap, fed whole and in chunks: the cap must
 * not depend on where the input is cut.
 */
static const opts_t  cap64 = { 0, NULL, 0, 0, 0, 64 * KB, 0, 0 };
static const opts_t  cap64_foreign = { 0, NULL, 0, 1, 0, 64 * KB, 0, 0 };

static const struct {
    const char        *head;
    unsigned char      fill;
    const char        *tail;
    art_token_type_e   was;
    const opts_t      *o;
} cap_forms[] = {
    { "<a", 'a', ">after", ART_TOK_START_TAG, &cap64 },
    { "<a ", 'b', ">after", ART_TOK_START_TAG, &cap64 },
    { "<a b=", 'v', ">after", ART_TOK_START_TAG, &cap64 },
    { "<a b=\"", 'v', "\">after", ART_TOK_START_TAG, &cap64 },
    { "<a b='", 'v', "'>after", ART_TOK_START_TAG, &cap64 },
    { "<a", ' ', ">after", ART_TOK_START_TAG, &cap64 },
    { "</a", 'a', ">after", ART_TOK_END_TAG, &cap64 },
    { "<?", 'q', ">after", ART_TOK_COMMENT, &cap64 },
    { "<!--", 'c', "-->after", ART_TOK_COMMENT, &cap64 },
    { "<!DOCTYPE ", 'd', ">after", ART_TOK_DOCTYPE, &cap64 },
    { "<!DOCTYPE html PUBLIC \"", 'p', "\">after", ART_TOK_DOCTYPE, &cap64 },
    { "<![CDATA[", 'c', "]]>after", ART_TOK_CDATA, &cap64_foreign },
};


START_TEST(test_cap_forms)
{
    static const size_t  chunks[] = { 4 * KB, 1000, 0 };
    unsigned char       *in;
    size_t               k, n;
    char                 label[64];

    in = big_input(cap_forms[_i].head, 100 * KB, cap_forms[_i].fill,
                   cap_forms[_i].tail, &n);
    snprintf(label, sizeof(label), "%s...%s", cap_forms[_i].head,
             cap_forms[_i].tail);

    for (k = 0; k < sizeof(chunks) / sizeof(chunks[0]); k++) {
        check_capped(label, cap_forms[_i].o, in, n, chunks[k], "after",
                     cap_forms[_i].was);
    }

    free(in);
}
END_TEST


/*
 * Tiny caps on small inputs, cut everywhere: whatever becomes opaque, the
 * bytes all come out in order and the carry stays under the cap.
 */
/*
 * A token that crosses the cap in the chunk that completes it: the carry
 * must not take in more than the cap to put it together.
 */
START_TEST(test_cap_peak)
{
    /* 64 KB held at a chunk's end (not past the cap), then 2 KB more */
    static const struct {
        const char        *head;
        size_t             fill;
        const char        *tail;
        art_token_type_e   was;
    } forms[] = {
        { "<", 66 * KB - 2, ">after", ART_TOK_START_TAG },
        { "<a b=", 66 * KB - 6, ">after", ART_TOK_START_TAG },
        { "<?", 66 * KB - 3, ">after", ART_TOK_COMMENT },
        { "<!--", 66 * KB - 7, "-->after", ART_TOK_COMMENT },
    };
    unsigned char  *in;
    size_t          n;

    in = big_input(forms[_i].head, forms[_i].fill, 'c', forms[_i].tail, &n);
    check_capped(forms[_i].head, &cap64, in, n, 4 * KB, "after",
                 forms[_i].was);
    free(in);
}
END_TEST


static const char  *cap_small_inputs[] = {
    "a<b c=\"d\" e='f' g=h i>j</b><br/>",
    "<!-- x --><!----><!--a--!><?p><!x></1></>",
    "<!DOCTYPE html PUBLIC \"a\" 'b'><!DOCTYPE x SYSTEM \"s\" y>",
    "<![CDATA[a]]]><![CDATA[b",
    "<script><!--<script></script>--></script>x</script>",
    "<title>a</b></title><xmp>&</xmp><plaintext></plaintext>",
    "<a b='x",
    "<!-- a--",
};


START_TEST(test_cap_small)
{
    const char  *in = cap_small_inputs[_i];
    opts_t       o;
    rec_t        r;
    size_t       cap, k, n;

    memset(&o, 0, sizeof(opts_t));
    o.switching = 1;
    o.foreign = strstr(in, "CDATA") != NULL;
    n = strlen(in);

    for (cap = 1; cap <= 12; cap++) {
        o.max_token = cap;

        /* cut at k, then byte by byte, then whole */
        for (k = 0; k <= n + 2; k++) {
            if (k == n + 1) {
                run(&r, &o, in, n, 1, 0, 1);
            } else if (k == n + 2) {
                run(&r, &o, in, n, 0, (size_t) -1, 1);
            } else {
                run(&r, &o, in, n, 0, k, 1);
            }

            ck_assert_msg(raw_is(&r, in, n),
                          "%s, cap %zu, run %zu: the raw bytes are not the "
                          "input", in, cap, k);
            ck_assert_msg(art_tokenizer_peak_carry(r.t) <= cap,
                          "%s, cap %zu, run %zu: carried %zu bytes",
                          in, cap, k, art_tokenizer_peak_carry(r.t));
            ck_assert_uint_eq(art_tokenizer_carry_size(r.t), 0);
            rec_free(&r);
        }
    }
}
END_TEST


/* zero copy: tokens inside a chunk point into it, cut ones are copied */
START_TEST(test_in_chunk)
{
    static const char  *in = "ab<p title=x>cd<!--e-->";
    rec_t               r;
    size_t              i;

    run(&r, &plain, in, strlen(in), 0, (size_t) -1, 0);
    ck_assert_uint_eq(r.n, 4);

    for (i = 0; i < r.n; i++) {
        ck_assert_int_eq(r.toks[i].in_chunk, 1);
    }

    rec_free(&r);

    /* cut inside the start tag, then inside the comment */
    run(&r, &plain, in, strlen(in), 0, 5, 0);
    ck_assert_uint_eq(r.n, 4);
    ck_assert_int_eq(r.toks[0].in_chunk, 1);
    ck_assert_int_eq(r.toks[1].type, ART_TOK_START_TAG);
    ck_assert_int_eq(r.toks[1].in_chunk, 0);
    ck_assert_int_eq(r.toks[2].in_chunk, 1);
    ck_assert_int_eq(r.toks[3].in_chunk, 1);
    rec_free(&r);

    /* a comment cut short by the end of the input comes from the carry */
    run(&r, &plain, "<!-- x", 6, 0, (size_t) -1, 0);
    ck_assert_uint_eq(r.n, 1);
    ck_assert_int_eq(r.toks[0].in_chunk, 0);
    rec_free(&r);
}
END_TEST


START_TEST(test_max_attrs)
{
    static const opts_t  o = { 0, NULL, 0, 0, 0, 0, 2, 0 };
    rec_t                r;

    check_r("<a b=1 c=2 d=3 e>x", &o, NULL, 0, &r);
    ck_assert_uint_eq(r.n, 2);
    ck_assert_uint_eq(r.toks[0].nattrs, 2);
    check_attr(&r.toks[0], 0, "b", "1", 1, 0, 0);
    check_attr(&r.toks[0], 1, "c", "2", 1, 0, 0);
    ck_assert_uint_eq(r.toks[0].raw_len, 17);
    rec_free(&r);
}
END_TEST


/*
 * More attributes than the array first holds: it grows as the tag goes
 * on, wherever the tag is cut, up to the default cap of 256.
 */
START_TEST(test_many_attrs)
{
    art_buf_t  in;
    rec_t      r;
    size_t     i, k;
    char       name[16], value[16];

    art_buf_init(&in, &art_malloc_allocator);
    art_buf_append_str(&in, "<p");

    for (i = 0; i < 300; i++) {
        art_buf_printf(&in, " a%zu=\"v%zu\"", i, i);
    }

    art_buf_append_str(&in, ">x");
    art_buf_append_byte(&in, '\0');

    check_r((const char *) in.data, &plain, NULL, 0, &r);
    ck_assert_uint_eq(r.toks[0].type, ART_TOK_START_TAG);
    ck_assert_uint_eq(r.toks[0].nattrs, 256);

    for (k = 0; k < 8; k++) {
        static const size_t  at[8] = { 0, 1, 15, 16, 17, 31, 32, 255 };

        i = at[k];
        snprintf(name, sizeof(name), "a%zu", i);
        snprintf(value, sizeof(value), "v%zu", i);
        check_attr(&r.toks[0], i, name, value, 1, '"', 0);
    }

    rec_free(&r);
    art_buf_free(&in);
}
END_TEST


/*
 * A tag that lies wholly in the chunk is read at once, as far as the
 * last ">" of the chunk goes; each of these is also read byte by byte
 * and cut at every point, where the tag is read state by state: the
 * tokens must be the same.
 */
START_TEST(test_whole_tags)
{
    static const char  *ins[] = {
        "<a b='c'd=e f = \"g\" h>i</a>",
        "<a title=\"1>2\" x",
        "<a title=\"1>2\" x>y",
        "<a title='1>2'>y<b c='>'",
        "<a b=\"c",
        "<a b='c'",
        "<a b=c",
        "<a b=",
        "<a b",
        "<a ",
        "<a/ b>",
        "<a b / >",
        "<a b = 'c' / >",
        "<a b=c/>",
        "<a b=>",
        "<a b =>",
        "<a b= >",
        "<a b/c>",
        "<a b=\"c\"/d>",
        "<a b=\"c\"/",
        "<a b=\"c\"",
        "<a b=\"c\" ",
        "<a/",
        "<a/>",
        "<a/x",
        "<a\tb\n=\fc\r>",
        "<p>>",
        "<>",
        "x<a",
        "x<a>",
        "</a",
        "</a>",
        "</>",
        "</ a>",
        "</a b=c d='e'>",
        "<a =b ==c>",
        "<a b='c'=d>",
        "<a b='c'>d<e f>",
        "t<b>",
        "<A HREF=x HREF=y hReF hrefs>",
        "<ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ k=L>",
        "<a b=\"x\" c='y' d=z e>f</a><g h>",
        "<1a>",
        "<a<b c<d=e<f>",
        "<!DOCTYPE html PUBLIC \"a\" \"b\"><a b=c><!--d--><e><![CDATA[f]]><g>",
    };
    static const exp_t  e1[] = {
        STAG("<a b='c'd=e f = \"g\" h>", "a"), DTXT("i"), ETAG("</a>", "a")
    };
    static const exp_t  e2[] = {
        STAG("<a title=\"1>2\" x>", "a"), DTXT("y")
    };
    static const exp_t  e3[] = { OPAQ("<a title=\"1>2\" x") };
    char                label[64];
    size_t              k;
    rec_t               r;
    const rtok_t       *t;

    for (k = 0; k < sizeof(ins) / sizeof(ins[0]); k++) {
        snprintf(label, sizeof(label), "whole tag %zu", k);
        check_n(label, &plain, ins[k], strlen(ins[k]), NULL, 0, NULL);
    }

    check_r(ins[0], &plain, e1, NEXP(e1), &r);
    t = &r.toks[0];
    ck_assert_uint_eq(t->nattrs, 4);
    check_attr(t, 0, "b", "c", 1, '\'', 0);
    check_attr(t, 1, "d", "e", 1, 0, 0);
    check_attr(t, 2, "f", "g", 1, '"', 0);
    check_attr(t, 3, "h", "", 0, 0, 0);
    rec_free(&r);

    check_r(ins[2], &plain, e2, NEXP(e2), &r);
    check_attr(&r.toks[0], 0, "title", "1>2", 1, '"', 0);
    check_attr(&r.toks[0], 1, "x", "", 0, 0, 0);
    rec_free(&r);

    check(ins[1], &plain, e3, NEXP(e3));

    check_r(ins[39], &plain, NULL, 0, &r);
    t = &r.toks[0];
    ck_assert_str_eq(t->lname, "a");
    ck_assert_uint_eq(t->nattrs, 4);
    check_attr(t, 0, "HREF", "x", 1, 0, 0);
    check_attr(t, 1, "HREF", "y", 1, 0, 1);
    check_attr(t, 2, "hReF", "", 0, 0, 1);
    check_attr(t, 3, "hrefs", "", 0, 0, 0);
    rec_free(&r);

    /* names alike in length and first byte, only some the same */
    check_r("<a ab=1 ac=2 AB=3 b=4 @c `c B>", &plain, NULL, 0, &r);
    t = &r.toks[0];
    ck_assert_uint_eq(t->nattrs, 7);
    check_attr(t, 0, "ab", "1", 1, 0, 0);
    check_attr(t, 1, "ac", "2", 1, 0, 0);
    check_attr(t, 2, "AB", "3", 1, 0, 1);
    check_attr(t, 3, "b", "4", 1, 0, 0);
    check_attr(t, 4, "@c", "", 0, 0, 0);
    check_attr(t, 5, "`c", "", 0, 0, 0);
    check_attr(t, 6, "B", "", 0, 0, 1);
    rec_free(&r);

    check_r(ins[40], &plain, NULL, 0, &r);
    t = &r.toks[0];
    ck_assert_str_eq(t->lname, "abcdefghijklmnopqrstuvwxyzabcde");
    ck_assert_uint_eq(t->name.len, 36);
    check_attr(t, 0, "k", "L", 1, 0, 0);
    rec_free(&r);

    /* NUL bytes are kept in the names, also in the lower-case one */
    {
        static const char  in[] = "<DiV\0X c\0=d\0>";

        check_r(in, &plain, NULL, 0, &r);
        rec_free(&r);
        check_n("NUL in names", &plain, in, sizeof(in) - 1, NULL, 0, &r);
        t = &r.toks[0];
        ck_assert_int_eq(t->type, ART_TOK_START_TAG);
        ck_assert_uint_eq(t->lname_len, 5);
        ck_assert_int_eq(memcmp(t->lname, "div\0x", 6), 0);
        ck_assert_uint_eq(t->nattrs, 1);
        ck_assert_uint_eq(t->attrs[0].name.len, 2);
        ck_assert_uint_eq(t->attrs[0].value.len, 2);
        ck_assert_int_eq(memcmp(t->raw + t->attrs[0].value.off, "d\0", 2),
                         0);
        rec_free(&r);
    }

    /* after a tag, the state the callback switches to takes the text */
    {
        static const opts_t  sw = { 0, NULL, 0, 0, 1, 0, 0, 0 };
        static const exp_t   e[] = {
            STAG("<script type=x>", "script"),
            TXT("<a b>", ART_STATE_SCRIPT_DATA),
            ETAG("</script>", "script"), STAG("<b c=\"d\">", "b"),
            STAG("<title>", "title"), TXT("<i>", ART_STATE_RCDATA),
            ETAG("</title>", "title"), DTXT("x")
        };

        check("<script type=x><a b></script><b c=\"d\"><title><i></title>x",
              &sw, e, NEXP(e));
    }
}
END_TEST


/* the callback stops the tokenizer at the text before a tag, or at it */
START_TEST(test_stop_in_tag)
{
    static const char  *in = "a<b c=d e='f'>g<h>";
    rec_t               r;
    opts_t              o;
    int                 k;

    for (k = 1; k <= 3; k++) {
        memset(&o, 0, sizeof(opts_t));
        o.stop_at = k;

        rec_open(&r, &o);

        r.chunk = (const unsigned char *) in;
        r.chunk_len = strlen(in);
        ck_assert_int_eq(art_tokenizer_feed(r.t, r.chunk, r.chunk_len), 7);
        ck_assert_uint_eq(r.calls, (size_t) k);

        if (k == 2) {
            ck_assert_int_eq(r.toks[1].type, ART_TOK_START_TAG);
            ck_assert_uint_eq(r.toks[1].nattrs, 2);
            check_attr(&r.toks[1], 1, "e", "f", 1, '\'', 0);
        }

        rec_free(&r);
    }
}
END_TEST


/*
 * Real pages, with the state switches of a tree builder: whole (tags read
 * at once) and byte by byte or in small pieces (tags read state by state
 * where cut) give the same tokens.
 */
START_TEST(test_corpus_cuts)
{
    static const char  *pages[] = {
        "lemonde-1.html", "daringfireball-1.html", "ars-1.html",
    };
    static const size_t  chunks[] = { 1, 7, 100, 4096 };
    const char          *dir;
    char                 path[512], how[64];
    unsigned char       *in;
    size_t               n, k;
    rec_t                whole, r;
    opts_t               o;

    dir = art_test_shared_dir();
    if (dir == NULL) {
        return;
    }

    snprintf(path, sizeof(path), "%s/corpus/%s", dir, pages[_i]);
    in = art_test_read_file(path, &n);
    if (in == NULL) {
        return;
    }

    memset(&o, 0, sizeof(opts_t));
    o.switching = 1;

    run(&whole, &o, in, n, 0, (size_t) -1, 0);
    ck_assert(raw_is(&whole, in, n));
    rec_merge_text(&whole);
    ck_assert_uint_gt(whole.count[ART_TOK_START_TAG], 10);

    for (k = 0; k < sizeof(chunks) / sizeof(chunks[0]); k++) {
        run(&r, &o, in, n, chunks[k], 0, 0);
        ck_assert(raw_is(&r, in, n));
        rec_merge_text(&r);
        snprintf(how, sizeof(how), "in pieces of %zu", chunks[k]);
        same_as_whole(pages[_i], how, &whole, &r);
        rec_free(&r);
    }

    rec_free(&whole);
    free(in);
}
END_TEST


/*
 * The compact map of decoded text says what the byte map says, for text
 * full of references, CRs and NULs, in every content state.
 */
START_TEST(test_decode_spans)
{
    static const char *const   pieces[] = {
        "a", "b", "&", "&amp;", "&amp", "&lt", "&nGt;", "&notin;", "&not",
        "&#", "&#x", "&#65;", "&#x1F600;", "&#0;", "&#128;", "&#x110000;",
        ";", "\r", "\n", "\r\n", "\0", "\xc3\xa9", "\xff", " ", "#", "x"
    };
    static const art_text_state_e  states[] = {
        ART_STATE_DATA, ART_STATE_RCDATA, ART_STATE_RAWTEXT,
        ART_STATE_CDATA_SECTION
    };
    art_buf_t                  in, a, b, map, spans;
    const size_t              *m;
    const art_decode_span_t   *sp;
    size_t                     round, i, k, d, nsp, len;
    unsigned long              seed;
    const char                *piece;

    seed = 12345;
    art_buf_init(&in, &art_malloc_allocator);
    art_buf_init(&a, &art_malloc_allocator);
    art_buf_init(&b, &art_malloc_allocator);
    art_buf_init(&map, &art_malloc_allocator);
    art_buf_init(&spans, &art_malloc_allocator);

    for (round = 0; round < 2000; round++) {
        in.len = 0;
        len = 1 + round % 40;

        for (i = 0; i < len; i++) {
            seed = seed * 1103515245 + 12345;
            piece = pieces[(seed >> 16) % (sizeof(pieces) / sizeof(pieces[0]))];
            /* "\0" is one NUL byte */
            art_buf_append(&in, piece, piece[0] ? strlen(piece) : 1);
        }

        for (k = 0; k < sizeof(states) / sizeof(states[0]); k++) {
            a.len = 0;
            b.len = 0;
            map.len = 0;
            spans.len = 0;

            ck_assert_int_eq(art_decode_text(&a, in.data, in.len, states[k],
                                             &map), 0);
            ck_assert_int_eq(art_decode_text_spans(&b, in.data, in.len,
                                                   states[k], &spans), 0);
            ck_assert_uint_eq(a.len, b.len);
            ck_assert(a.len == 0 || memcmp(a.data, b.data, a.len) == 0);
            ck_assert_uint_eq(map.len, a.len * sizeof(size_t));

            m = (const size_t *) (void *) map.data;
            sp = (const art_decode_span_t *) (void *) spans.data;
            nsp = spans.len / sizeof(art_decode_span_t);
            d = 0;

            for (i = 0; i < nsp; i++) {
                ck_assert_uint_eq(sp[i].dec, d);
                ck_assert_uint_gt(sp[i].len, 0);

                for (len = 0; len < sp[i].len; len++) {
                    ck_assert_uint_eq(m[d + len], sp[i].whole
                                                  ? sp[i].raw
                                                  : sp[i].raw + len);
                }

                d += sp[i].len;
            }

            ck_assert_uint_eq(d, a.len);
        }
    }

    art_buf_free(&in);
    art_buf_free(&a);
    art_buf_free(&b);
    art_buf_free(&map);
    art_buf_free(&spans);
}
END_TEST


/*
 * Pseudo-random documents made of the pieces that matter to the states
 * (a fixed seed: the same documents every run), with the state switches
 * of a tree builder: the raw bytes and the tokens must not depend on
 * where they are cut.
 */
START_TEST(test_random_splits)
{
    static const char  *pieces[] = {
        "<", ">", "/", "!", "-", "--", "<!--", "-->", "--!>", "<!", "<?",
        "</", "<script>", "</script>", "<script", "</script ", "<title>",
        "</title>", "<style>", "</style>", "<plaintext>", "<![CDATA[", "]]>",
        "]", "'", "\"", "=", " ", "\t", "\n", "\r\n", "a", "B", "p",
        "x1", "&amp;", "&", "<!DOCTYPE", "<!doctype html", " PUBLIC ",
        " SYSTEM ", "<a href=", "<b ", "</b>", "<br/>", "\xff", "\xc3\xa9",
        "<a b='c'>", " d=e", "<i j=\"k>l\" m>", "/>", "=\"", "<A B>",
        "</p q=r>", "<p\t", " =", "x='y'",
    };
    char                doc[512], label[32];
    size_t              npieces, len, k, m, p;
    unsigned long       seed;
    opts_t              o;

    npieces = sizeof(pieces) / sizeof(pieces[0]);
    seed = 12345 + (unsigned long) _i;

    memset(&o, 0, sizeof(opts_t));
    o.switching = 1;
    o.foreign = _i % 3 == 0;

    for (k = 0; k < 25; k++) {
        len = 0;
        m = 1 + (seed >> 16) % 40;

        while (m-- > 0) {
            seed = seed * 1103515245 + 12345;
            p = (seed >> 16) % (npieces + 1);

            if (p == npieces) {
                if (len + 1 < sizeof(doc)) {
                    doc[len++] = '\0';
                }
                continue;
            }

            if (len + strlen(pieces[p]) < sizeof(doc)) {
                memcpy(doc + len, pieces[p], strlen(pieces[p]));
                len += strlen(pieces[p]);
            }
        }

        snprintf(label, sizeof(label), "random %d.%zu", _i, k);
        check_n(label, &o, doc, len, NULL, 0, NULL);
    }
}
END_TEST


/* the callback can stop the tokenizer */

START_TEST(test_stop)
{
    static const opts_t   o = { 0, NULL, 0, 0, 0, 0, 0, 2 };
    static const char    *in = "a<b>c<d>";
    rec_t                 r;

    rec_open(&r, &o);

    r.chunk = (const unsigned char *) in;
    r.chunk_len = strlen(in);
    ck_assert_int_eq(art_tokenizer_feed(r.t, r.chunk, r.chunk_len), 7);
    ck_assert_uint_eq(r.calls, 2);
    ck_assert_int_eq(r.toks[1].type, ART_TOK_START_TAG);

    rec_free(&r);
}
END_TEST


START_TEST(test_span_eq)
{
    static const unsigned char  raw[] = "<SCRIPT>";
    art_span_t                  s = { 1, 6 };

    ck_assert_int_eq(art_span_eq(raw, s, "script"), 1);
    ck_assert_int_eq(art_span_eq(raw, s, "scrip"), 0);
    ck_assert_int_eq(art_span_eq(raw, s, "scripts"), 0);
    ck_assert_int_eq(art_span_eq(raw, s, "style"), 0);
}
END_TEST


static Suite *
tokenizer_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("tokenizer");

    tc = tcase_create("states");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_data_text);
    tcase_add_test(tc, test_tags);
    tcase_add_test(tc, test_attrs);
    tcase_add_test(tc, test_self_closing);
    tcase_add_test(tc, test_rcdata);
    tcase_add_test(tc, test_rawtext);
    tcase_add_test(tc, test_script);
    tcase_add_test(tc, test_script_escaped);
    tcase_add_test(tc, test_plaintext);
    tcase_add_test(tc, test_comments);
    tcase_add_test(tc, test_bogus_comments);
    tcase_add_test(tc, test_doctype);
    tcase_add_test(tc, test_cdata);
    tcase_add_test(tc, test_cdata_initial_state);
    tcase_add_test(tc, test_opaque);
    tcase_add_test(tc, test_eof);
    tcase_add_test(tc, test_eof_script);
    tcase_add_test(tc, test_nul);
    tcase_add_test(tc, test_invalid_utf8);
    tcase_add_test(tc, test_max_attrs);
    tcase_add_test(tc, test_many_attrs);
    tcase_add_test(tc, test_whole_tags);
    tcase_add_test(tc, test_stop_in_tag);
    tcase_add_test(tc, test_decode_spans);
    tcase_add_test(tc, test_in_chunk);
    tcase_add_test(tc, test_stop);
    tcase_add_test(tc, test_span_eq);
    tcase_add_loop_test(tc, test_random_splits, 0, 12);
    suite_add_tcase(s, tc);

    tc = tcase_create("corpus");
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, test_corpus_cuts, 0, 3);
    suite_add_tcase(s, tc);

    tc = tcase_create("cap");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_cap);
    tcase_add_loop_test(tc, test_cap_forms, 0,
                        sizeof(cap_forms) / sizeof(cap_forms[0]));
    tcase_add_loop_test(tc, test_cap_peak, 0, 4);
    tcase_add_loop_test(tc, test_cap_small, 0, sizeof(cap_small_inputs)
                                               / sizeof(cap_small_inputs[0]));
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    return art_test_run(tokenizer_suite());
}
