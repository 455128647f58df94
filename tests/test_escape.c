#include <stdint.h>

#include "art_test.h"
#include "art_escape.h"


typedef int (*escape_fn)(art_buf_t *b, const unsigned char *p, size_t n);


/* escape p with fn into a fresh buffer and compare with exp */
static void
expect(escape_fn fn, const char *p, const char *exp)
{
    art_buf_t  b;

    art_buf_init(&b, &art_malloc_allocator);

    ck_assert_int_eq(fn(&b, (const unsigned char *) p, strlen(p)), 0);
    ck_assert_msg(b.len == strlen(exp)
                  && (b.len == 0 || memcmp(b.data, exp, b.len) == 0),
                  "\"%s\": \"%.*s\", expected \"%s\"", p, (int) b.len,
                  (const char *) b.data, exp);

    art_buf_free(&b);
}


/*
 * The escapes one byte at a time, written from the specifications in
 * art_escape.h, to check the table-driven functions against.
 */
static const char *
ref_text(unsigned char c)
{
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    default: return NULL;
    }
}


static const char *
ref_attr(unsigned char c)
{
    switch (c) {
    case '"': return "&quot;";
    case '\'': return "&#39;";
    default: return ref_text(c);
    }
}


static int
ref_component_keeps(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
           || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'
           || c == '~';
}


static int
ref_url_keeps(unsigned char c)
{
    return c > 0x20 && c < 0x7f && c != '"' && c != '<' && c != '>'
           && c != '\\' && c != '^' && c != '`' && c != '{' && c != '|'
           && c != '}';
}


static void
ref_escape(art_buf_t *b, const unsigned char *p, size_t n, int kind)
{
    size_t       i;
    char         pct[4];
    const char  *rep;

    for (i = 0; i < n; i++) {
        rep = NULL;

        switch (kind) {
        case 0:
            rep = ref_text(p[i]);
            break;
        case 1:
            rep = ref_attr(p[i]);
            break;
        default:
            if (!(kind == 2 ? ref_component_keeps(p[i])
                            : ref_url_keeps(p[i])))
            {
                snprintf(pct, sizeof(pct), "%%%02X", p[i]);
                rep = pct;
            }
        }

        if (rep != NULL) {
            art_buf_append_str(b, rep);
        } else {
            art_buf_append_byte(b, p[i]);
        }
    }
}


static const escape_fn  fns[] = {
    art_escape_html_text, art_escape_html_attr, art_escape_url_component,
    art_escape_url
};

static const char  *const fn_names[] = {
    "html_text", "html_attr", "url_component", "url"
};


/* p through fns[kind] and through the reference: the same bytes */
static void
compare(int kind, const unsigned char *p, size_t n, const char *what)
{
    art_buf_t  got, exp;

    art_buf_init(&got, &art_malloc_allocator);
    art_buf_init(&exp, &art_malloc_allocator);

    /* something before, which the escape must leave alone */
    art_buf_append_str(&got, "<prefix>");
    art_buf_append_str(&exp, "<prefix>");

    ck_assert_int_eq(fns[kind](&got, p, n), 0);
    ref_escape(&exp, p, n, kind);

    ck_assert_msg(got.len == exp.len && memcmp(got.data, exp.data, exp.len)
                  == 0, "%s of %s (%zu bytes): %zu bytes, expected %zu",
                  fn_names[kind], what, n, got.len, exp.len);

    art_buf_free(&got);
    art_buf_free(&exp);
}


START_TEST(test_html)
{
    expect(art_escape_html_text, "", "");
    expect(art_escape_html_text, "plain", "plain");
    expect(art_escape_html_text, "a<b>&\"c'", "a&lt;b&gt;&amp;\"c'");
    expect(art_escape_html_attr, "a<b>&\"c'", "a&lt;b&gt;&amp;&quot;c&#39;");
    expect(art_escape_html_attr, "&&", "&amp;&amp;");
    expect(art_escape_html_attr, "\"", "&quot;");
    expect(art_escape_html_attr, "caf\xc3\xa9 'x'",
           "caf\xc3\xa9 &#39;x&#39;");
}
END_TEST


START_TEST(test_url)
{
    expect(art_escape_url_component, "AZaz09-._~", "AZaz09-._~");
    expect(art_escape_url_component, "a b+c/d?e=f&g",
           "a%20b%2Bc%2Fd%3Fe%3Df%26g");
    expect(art_escape_url_component, "approuv\xc3\xa9 \xc3\xa0 l'Assembl",
           "approuv%C3%A9%20%C3%A0%20l%27Assembl");
    expect(art_escape_url_component, "%", "%25");
    expect(art_escape_url, "https://example.com/a b?q=\"x\"#f",
           "https://example.com/a%20b?q=%22x%22#f");
    expect(art_escape_url, "/caf\xc3\xa9/%41{|}^`\\<>",
           "/caf%C3%A9/%41%7B%7C%7D%5E%60%5C%3C%3E");
}
END_TEST


/*
 * Every byte alone, and every pair: for each byte c, one value of c
 * before and after each byte, so that each change from a byte to copy to
 * a byte to escape and back is met.
 */
START_TEST(test_every_byte)
{
    int            kind;
    unsigned       c, d;
    unsigned char  s[512];

    for (kind = 0; kind < 4; kind++) {
        for (c = 0; c < 256; c++) {
            s[0] = (unsigned char) c;
            compare(kind, s, 1, "one byte");

            for (d = 0; d < 256; d++) {
                s[2 * d] = (unsigned char) c;
                s[2 * d + 1] = (unsigned char) d;
            }

            compare(kind, s, sizeof(s), "every pair");
        }
    }
}
END_TEST


/* longer values, where runs to copy and bytes to escape alternate */
START_TEST(test_random)
{
    int            kind;
    size_t         i, n, round;
    uint32_t       x;
    unsigned char  s[300];

    x = 12345;

    for (round = 0; round < 2000; round++) {
        n = round % sizeof(s);

        for (i = 0; i < n; i++) {
            x = x * 1103515245 + 12345;
            /* mostly letters, as in real text, now and then any byte */
            s[i] = (x >> 16) % 4 ? (unsigned char) ('a' + (x >> 20) % 26)
                                 : (unsigned char) (x >> 24);
        }

        for (kind = 0; kind < 4; kind++) {
            compare(kind, s, n, "random bytes");
        }
    }
}
END_TEST


/* an empty value may have no storage; a failed buffer stays failed */
START_TEST(test_empty_and_failed)
{
    int        kind;
    art_buf_t  b;

    for (kind = 0; kind < 4; kind++) {
        art_buf_init(&b, &art_malloc_allocator);
        ck_assert_int_eq(fns[kind](&b, NULL, 0), 0);
        ck_assert_uint_eq(b.len, 0);

        b.failed = 1;
        ck_assert_int_eq(fns[kind](&b, NULL, 0), -1);
        ck_assert_int_eq(fns[kind](&b, (const unsigned char *) "a b<", 4),
                         -1);
        ck_assert_int_eq(fns[kind](&b, (const unsigned char *) "ab", 2), -1);
        ck_assert_uint_eq(b.len, 0);
        art_buf_free(&b);
    }
}
END_TEST


static Suite *
escape_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("escape");
    tc = tcase_create("core");

    tcase_add_test(tc, test_html);
    tcase_add_test(tc, test_url);
    tcase_add_test(tc, test_every_byte);
    tcase_add_test(tc, test_random);
    tcase_add_test(tc, test_empty_and_failed);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    return art_test_run(escape_suite());
}
