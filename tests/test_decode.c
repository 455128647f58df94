/*
 * Decoding of text and attribute values, against a plain reference that
 * goes a byte at a time and looks names up one by one in the whole table:
 * the decoded bytes, the byte map and the spans must be the same, on
 * inputs made of the bytes that need decoding ("&", CR, NUL), the names of
 * the table (the common ones the decoder tries first, others, legacy ones
 * without ";") and plain bytes, in runs long and short.
 */

#include "art_test.h"
#include "art_tokenizer.h"


typedef struct {
    const char     *name;
    unsigned char   name_len;
    const char     *value;
    unsigned char   value_len;
} art_entity_t;

#include "art_entities.inc"

#define NENTITIES  (sizeof(art_entities) / sizeof(art_entities[0]))


/* the reference: decoded bytes, and for each the source offset */
typedef struct {
    art_buf_t  out;
    art_buf_t  src;     /* size_t per decoded byte */
    art_buf_t  spans;   /* art_decode_span_t */
} ref_t;


static const art_entity_t *
ref_find(const unsigned char *p, size_t n)
{
    size_t  i;

    for (i = 0; i < NENTITIES; i++) {
        if (art_entities[i].name_len == n
            && memcmp(art_entities[i].name, p, n) == 0)
        {
            return &art_entities[i];
        }
    }

    return NULL;
}


static int
ref_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')
           || (c >= 'A' && c <= 'Z');
}


static void
ref_put(ref_t *r, size_t from, const void *p, size_t n, int whole)
{
    size_t             k, f;
    art_decode_span_t  sp;

    if (n == 0) {
        return;
    }

    sp.dec = r->out.len;
    sp.raw = from;
    sp.len = n;
    sp.whole = whole;
    art_buf_append(&r->spans, &sp, sizeof(sp));

    for (k = 0; k < n; k++) {
        f = whole ? from : from + k;
        art_buf_append(&r->src, &f, sizeof(f));
    }

    art_buf_append(&r->out, p, n);
}


/* the UTF-8 of cp */
static size_t
ref_utf8(unsigned long cp, unsigned char *b)
{
    if (cp < 0x80) {
        b[0] = (unsigned char) cp;
        return 1;
    }

    if (cp < 0x800) {
        b[0] = (unsigned char) (0xc0 | (cp >> 6));
        b[1] = (unsigned char) (0x80 | (cp & 0x3f));
        return 2;
    }

    if (cp < 0x10000) {
        b[0] = (unsigned char) (0xe0 | (cp >> 12));
        b[1] = (unsigned char) (0x80 | ((cp >> 6) & 0x3f));
        b[2] = (unsigned char) (0x80 | (cp & 0x3f));
        return 3;
    }

    b[0] = (unsigned char) (0xf0 | (cp >> 18));
    b[1] = (unsigned char) (0x80 | ((cp >> 12) & 0x3f));
    b[2] = (unsigned char) (0x80 | ((cp >> 6) & 0x3f));
    b[3] = (unsigned char) (0x80 | (cp & 0x3f));
    return 4;
}


/* a reference at raw[i]: bytes used, 0 for none */
static size_t
ref_ref(ref_t *r, const unsigned char *raw, size_t i, size_t n, int in_attr)
{
    static const unsigned short  c1[32] = {
        0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
        0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
        0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
        0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178
    };
    size_t               j, run, len;
    unsigned long        cp;
    int                  hex, digits, d;
    unsigned char        u[4];
    const art_entity_t  *e;

    j = i + 1;

    if (j < n && raw[j] == '#') {
        j++;
        hex = j < n && (raw[j] == 'x' || raw[j] == 'X');
        j += hex;
        cp = 0;
        digits = 0;

        for ( /* void */ ; j < n; j++, digits++) {
            if (raw[j] >= '0' && raw[j] <= '9') {
                d = raw[j] - '0';
            } else if (hex && raw[j] >= 'a' && raw[j] <= 'f') {
                d = raw[j] - 'a' + 10;
            } else if (hex && raw[j] >= 'A' && raw[j] <= 'F') {
                d = raw[j] - 'A' + 10;
            } else {
                break;
            }

            if (cp <= 0x10ffff) {
                cp = cp * (hex ? 16 : 10) + (unsigned long) d;
            }
        }

        if (digits == 0) {
            return 0;
        }

        j += j < n && raw[j] == ';';

        if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            cp = 0xfffd;
        } else if (cp >= 0x80 && cp <= 0x9f) {
            cp = c1[cp - 0x80];
        }

        ref_put(r, i, u, ref_utf8(cp, u), 1);
        return j - i;
    }

    for (run = 0; j + run < n && run < 32 && ref_alnum(raw[j + run]); run++) {
        /* void */
    }

    if (run == 0) {
        return 0;
    }

    if (j + run < n && raw[j + run] == ';') {
        e = ref_find(raw + j, run + 1);
        if (e != NULL) {
            ref_put(r, i, e->value, e->value_len, 1);
            return run + 2;
        }
    }

    for (len = run; len >= 2; len--) {
        e = ref_find(raw + j, len);
        if (e == NULL) {
            continue;
        }

        if (in_attr && j + len < n
            && (raw[j + len] == '=' || ref_alnum(raw[j + len])))
        {
            return 0;
        }

        ref_put(r, i, e->value, e->value_len, 1);
        return len + 1;
    }

    return 0;
}


static void
ref_decode(ref_t *r, const unsigned char *raw, size_t n, int refs,
    int in_attr, int nul_to_fffd)
{
    size_t  i, start, used;

    start = 0;
    i = 0;

    while (i < n) {
        if (raw[i] != '&' && raw[i] != '\r' && raw[i] != '\0') {
            i++;
            continue;
        }

        ref_put(r, start, raw + start, i - start, 0);

        if (raw[i] == '&') {
            used = refs ? ref_ref(r, raw, i, n, in_attr) : 0;
            if (used == 0) {
                ref_put(r, i, "&", 1, 1);
                used = 1;
            }

        } else if (raw[i] == '\r') {
            ref_put(r, i, "\n", 1, 1);
            used = (i + 1 < n && raw[i + 1] == '\n') ? 2 : 1;

        } else {
            ref_put(r, i, nul_to_fffd ? "\xef\xbf\xbd" : "", nul_to_fffd ? 3 : 1,
                    1);
            used = 1;
        }

        i += used;
        start = i;
    }

    ref_put(r, start, raw + start, n - start, 0);
}


static void
ref_init(ref_t *r)
{
    art_buf_init(&r->out, &art_malloc_allocator);
    art_buf_init(&r->src, &art_malloc_allocator);
    art_buf_init(&r->spans, &art_malloc_allocator);
}


static void
ref_free(ref_t *r)
{
    art_buf_free(&r->out);
    art_buf_free(&r->src);
    art_buf_free(&r->spans);
}


/* field by field: a span's padding is not part of it */
static void
check_spans(const art_buf_t *got, const art_buf_t *want)
{
    const art_decode_span_t  *g, *w;
    size_t                    i, n;

    g = (const art_decode_span_t *) (void *) got->data;
    w = (const art_decode_span_t *) (void *) want->data;
    n = got->len / sizeof(art_decode_span_t);

    for (i = 0; i < n; i++) {
        ck_assert_uint_eq(g[i].dec, w[i].dec);
        ck_assert_uint_eq(g[i].raw, w[i].raw);
        ck_assert_uint_eq(g[i].len, w[i].len);
        ck_assert_int_eq(g[i].whole, w[i].whole);
    }
}


static const art_text_state_e  states[] = {
    ART_STATE_DATA, ART_STATE_RCDATA, ART_STATE_RAWTEXT,
    ART_STATE_SCRIPT_DATA, ART_STATE_PLAINTEXT, ART_STATE_CDATA_SECTION
};


/* raw decoded in every state and as an attribute, against the reference */
static void
check_all(const unsigned char *raw, size_t n)
{
    art_buf_t          out, map, spans;
    ref_t              r;
    size_t             k;
    art_text_state_e   st;

    art_buf_init(&out, &art_malloc_allocator);
    art_buf_init(&map, &art_malloc_allocator);
    art_buf_init(&spans, &art_malloc_allocator);

    for (k = 0; k < sizeof(states) / sizeof(states[0]); k++) {
        st = states[k];
        ref_init(&r);
        ref_decode(&r, raw, n, st == ART_STATE_DATA || st == ART_STATE_RCDATA,
                   0, st != ART_STATE_DATA && st != ART_STATE_CDATA_SECTION);

        out.len = 0;
        map.len = 0;
        ck_assert_int_eq(art_decode_text(&out, raw, n, st, &map), 0);
        ck_assert_uint_eq(out.len, r.out.len);
        ck_assert(out.len == 0 || memcmp(out.data, r.out.data, out.len) == 0);
        ck_assert_uint_eq(map.len, r.src.len);
        ck_assert(map.len == 0 || memcmp(map.data, r.src.data, map.len) == 0);

        out.len = 0;
        spans.len = 0;
        ck_assert_int_eq(art_decode_text_spans(&out, raw, n, st, &spans), 0);
        ck_assert_uint_eq(out.len, r.out.len);
        ck_assert(out.len == 0 || memcmp(out.data, r.out.data, out.len) == 0);
        ck_assert_uint_eq(spans.len, r.spans.len);
        check_spans(&spans, &r.spans);

        ref_free(&r);
    }

    ref_init(&r);
    ref_decode(&r, raw, n, 1, 1, 1);
    out.len = 0;
    ck_assert_int_eq(art_decode_attr(&out, raw, n), 0);
    ck_assert_uint_eq(out.len, r.out.len);
    ck_assert(out.len == 0 || memcmp(out.data, r.out.data, out.len) == 0);
    ref_free(&r);

    art_buf_free(&out);
    art_buf_free(&map);
    art_buf_free(&spans);
}


static void
check_str(const char *s)
{
    check_all((const unsigned char *) s, strlen(s));
}


static void
expect_attr_n(const char *raw, size_t n, const char *want, size_t want_len)
{
    art_buf_t  out;

    art_buf_init(&out, &art_malloc_allocator);
    ck_assert_int_eq(art_decode_attr(&out, (const unsigned char *) raw, n),
                     0);
    ck_assert_uint_eq(out.len, want_len);
    ck_assert(want_len == 0 || memcmp(out.data, want, want_len) == 0);
    art_buf_free(&out);
}


static void
expect_attr(const char *raw, const char *want, size_t want_len)
{
    expect_attr_n(raw, strlen(raw), want, want_len);
}


START_TEST(test_known_values)
{
    expect_attr("a&amp;b", "a&b", 3);
    expect_attr("&nbsp;", "\xc2\xa0", 2);
    expect_attr("&quot;&lt;&gt;&apos;", "\"<>'", 4);
    /* the common names are case-sensitive, as the table is */
    expect_attr("&AMP;&Amp;", "&&Amp;", 6);
    expect_attr("&ampx;", "&ampx;", 6);
    expect_attr("&amp", "&", 1);
    expect_attr("&amp=1", "&amp=1", 6);
    expect_attr("&notin;&notit;", "\xe2\x88\x89&notit;", 10);
    expect_attr("&notin;&notit", "\xe2\x88\x89&notit", 9);
    expect_attr("&#39;&#x41;&#128;&#0;", "'A\xe2\x82\xac\xef\xbf\xbd", 8);
    expect_attr("x\r\ny\rz", "x\ny\nz", 5);
    expect_attr_n("a\0b", 3, "a\xef\xbf\xbd" "b", 5);
}
END_TEST


/* a value goes after what the buffer holds; NULs take the most room */
START_TEST(test_attr_appends)
{
    art_buf_t      out;
    unsigned char  raw[300];
    size_t         n, k;

    art_buf_init(&out, &art_malloc_allocator);

    for (n = 1; n < sizeof(raw); n += 37) {
        memset(raw, 0, n);
        out.len = 0;
        art_buf_append(&out, "ab", 2);

        ck_assert_int_eq(art_decode_attr(&out, raw, n), 0);
        ck_assert_uint_eq(out.len, 2 + 3 * n);
        ck_assert(memcmp(out.data, "ab", 2) == 0);

        for (k = 0; k < n; k++) {
            ck_assert(memcmp(out.data + 2 + 3 * k, "\xef\xbf\xbd", 3) == 0);
        }

        ck_assert_int_eq(art_decode_attr(&out, (const unsigned char *)
                                         "&amp;&#0;", 9), 0);
        ck_assert_uint_eq(out.len, 2 + 3 * n + 4);
        ck_assert(memcmp(out.data + out.len - 4, "&\xef\xbf\xbd", 4) == 0);
    }

    art_buf_free(&out);
}
END_TEST


/* every name of the table stands for its value, alone and in text */
START_TEST(test_every_entity)
{
    size_t               i, n;
    char                 raw[64];
    const art_entity_t  *e;

    for (i = 0; i < NENTITIES; i++) {
        e = &art_entities[i];
        n = (size_t) snprintf(raw, sizeof(raw), "&%s", e->name);
        ck_assert_uint_lt(n, sizeof(raw));

        expect_attr(raw, e->value, e->value_len);

        n = (size_t) snprintf(raw, sizeof(raw), "ab &%s cd", e->name);
        check_all((const unsigned char *) raw, n);
    }
}
END_TEST


START_TEST(test_edges)
{
    static const char  *cases[] = {
        "", "&", "&&", "&;", "&#", "&#x", "&#;", "&#xg;", "\r", "\r\n",
        "\n\r", "\0", "abc", "abcdefgh", "abcdefghi", "abcdefgh&",
        "&abcdefgh", "1234567&amp;", "12345678&amp;", "&amp;&amp;",
        "&nbsp", "&nbsp;x", "&nbspx", "&nbsp=", "&lt", "&ltx", "&l",
        "&copy2", "&copy=", "&frac12;", "&frac12", "&frac1", "&sup23",
        "&xyzzy;", "&a", "&am", "&ampamp;", "&quot", "&quo;",
        "&#1114111;", "&#1114112;", "&#xD800;", "&#x9F;", "&#99999999999;",
        "\r\r\n\r", "a\r", "&amp;\r\0&lt;",
        "&aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;",
        "&CounterClockwiseContourIntegral;", NULL
    };
    size_t  i;

    for (i = 0; cases[i] != NULL; i++) {
        check_str(cases[i]);
    }

    /* a NUL inside, which strlen() would not see */
    check_all((const unsigned char *) "a\0&amp;\0\r\0", 10);

    /* a value that ends inside a reference: the bytes after are not its */
    check_all((const unsigned char *) "&amp;", 4);
    check_all((const unsigned char *) "x&amp;", 5);
    check_all((const unsigned char *) "&nbsp;", 5);
    check_all((const unsigned char *) "&#65;", 4);
    check_all((const unsigned char *) "\r\n", 1);
    check_str("&amp:");
    check_str("&amp;;");
    check_str("&amp;amp;");
}
END_TEST


/* pieces put together at random, long and short */
START_TEST(test_random)
{
    static const char  *pieces[] = {
        "&", "\r", "\n", "\r\n", "x", "hello world ", "=", ";", "#", "#x",
        "12", "9f", "&amp;", "&amp", "&nbsp;", "&nbsp", "&quot;", "&lt;",
        "&gt;", "&apos;", "&AMP;", "&copy", "&not", "&notin;", "&frac12",
        "&eacute", "&Eacute;", "&hellip;", "&#8217;", "&#x2014;", "&#",
        "&zz;", "abcdefghijklmnop", "0123456789", "\xc3\xa9", "lt", "amp"
    };
    art_buf_t      in;
    size_t         round, k, n, npieces;
    unsigned long  seed;

    art_buf_init(&in, &art_malloc_allocator);
    npieces = sizeof(pieces) / sizeof(pieces[0]) + 1;
    seed = 4242;

    for (round = 0; round < 3000; round++) {
        in.len = 0;
        n = 1 + round % 50;

        for (k = 0; k < n; k++) {
            seed = seed * 1103515245 + 12345;

            if ((seed >> 16) % npieces == npieces - 1) {
                art_buf_append(&in, "", 1);     /* a NUL */
            } else {
                art_buf_append_str(&in, pieces[(seed >> 16) % npieces]);
            }
        }

        check_all(in.data, in.len);
    }

    art_buf_free(&in);
}
END_TEST


static Suite *
decode_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("decode");
    tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_known_values);
    tcase_add_test(tc, test_attr_appends);
    tcase_add_test(tc, test_every_entity);
    tcase_add_test(tc, test_edges);
    tcase_add_test(tc, test_random);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    return art_test_run(decode_suite());
}
