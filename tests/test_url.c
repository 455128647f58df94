#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "art_test.h"
#include "art_url.h"


#define ONION   "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion"
#define ONION2  "bbcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion"


/* every allocation of a test lives until its teardown */
typedef struct {
    void    **ptrs;
    size_t    n;
    size_t    cap;
    size_t    fail_after;       /* 0: never fail */
} test_arena_t;

static test_arena_t     arena;


static void *
arena_alloc(void *ctx, size_t size)
{
    test_arena_t  *a = ctx;
    void         **np;
    void          *p;

    if (a->fail_after != 0 && a->n + 1 >= a->fail_after) {
        return NULL;
    }

    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 64;
        np = realloc(a->ptrs, a->cap * sizeof(void *));
        ck_assert_ptr_nonnull(np);
        a->ptrs = np;
    }

    p = malloc(size ? size : 1);
    ck_assert_ptr_nonnull(p);
    a->ptrs[a->n++] = p;

    return p;
}


static const art_allocator_t  arena_allocator = {
    arena_alloc, NULL, &arena
};


static void
setup(void)
{
    memset(&arena, 0, sizeof(arena));
}


static void
teardown(void)
{
    size_t  i;

    for (i = 0; i < arena.n; i++) {
        free(arena.ptrs[i]);
    }

    free(arena.ptrs);
    memset(&arena, 0, sizeof(arena));
}


/*
 * Applies "name arg ...; name arg ...;" to c (arguments split on spaces,
 * "..." quoted); returns the first result other than ART_CONF_OK, with
 * its message in err.
 */
static int
apply(art_url_conf_t *c, const char *text, char *err, size_t errlen)
{
    art_conf_ctx_t  ctx;
    art_str_t       args[16];
    const char     *p, *name;
    char            namebuf[64];
    size_t          n, nargs;
    int             rc, word;

    ctx.alloc = &arena_allocator;
    ctx.base_dir = NULL;
    ctx.err = err;
    ctx.errlen = errlen;
    err[0] = '\0';

    p = text;

    for ( ;; ) {
        while (*p == ' ') {
            p++;
        }

        if (*p == '\0') {
            return ART_CONF_OK;
        }

        name = NULL;
        nargs = 0;
        word = 0;

        while (*p != ';' && *p != '\0') {
            const char  *s;

            if (*p == ' ') {
                p++;
                continue;
            }

            if (*p == '"') {
                s = ++p;
                while (*p != '"') {
                    p++;
                }
                n = (size_t) (p++ - s);

            } else {
                s = p;
                while (*p != ' ' && *p != ';' && *p != '\0') {
                    p++;
                }
                n = (size_t) (p - s);
            }

            if (word++ == 0) {
                ck_assert_uint_lt(n, sizeof(namebuf));
                memcpy(namebuf, s, n);
                namebuf[n] = '\0';
                name = namebuf;

            } else {
                ck_assert_uint_lt(nargs, 16);
                args[nargs].data = (const unsigned char *) s;
                args[nargs].len = n;
                nargs++;
            }
        }

        if (*p == ';') {
            p++;
        }

        ck_assert_ptr_nonnull(name);

        rc = art_url_conf_set(c, &ctx, name, args, nargs);
        if (rc != ART_CONF_OK) {
            return rc;
        }
    }
}


/* a merged configuration from directives that must all be accepted */
static art_url_conf_t *
conf_of(const char *text)
{
    art_url_conf_t  *c;
    char             err[256];

    c = arena_alloc(&arena, sizeof(art_url_conf_t));
    art_url_conf_init(c);
    ck_assert_msg(apply(c, text, err, sizeof(err)) == ART_CONF_OK,
                  "\"%s\": %s", text, err);
    art_url_conf_merge(c, NULL);

    return c;
}


static void
expect_error(const char *text, const char *msg)
{
    art_url_conf_t  c;
    char            err[256];

    art_url_conf_init(&c);
    ck_assert_msg(apply(&c, text, err, sizeof(err)) == ART_CONF_ERROR,
                  "\"%s\" was accepted", text);
    ck_assert_str_eq(err, msg);
}


static const char *
buf_str(art_buf_t *b)
{
    art_buf_append_byte(b, '\0');
    ck_assert(!b->failed);
    b->len--;

    return (const char *) b->data;
}


#define STD_CONF                                                            \
    "article_canonical https://www.example.org;"                            \
    "article_mirrors www.example.org " ONION " mirror1.example.net "        \
    "mirror2.example.com;"


/* normalization */

static const struct {
    const char  *in;
    const char  *out;       /* NULL: not an absolute http(s) URL */
} norm_cases[] = {

    /* RFC 3986 5.4.1 and 5.4.2, merged with the base http://a/b/c/d;p?q */
    { "http://a/b/c/g", "http://a/b/c/g" },
    { "http://a/b/c/./g", "http://a/b/c/g" },
    { "http://a/b/c/g/", "http://a/b/c/g/" },
    { "http://a/g", "http://a/g" },
    { "http://g", "http://g/" },
    { "http://a/b/c/d;p?y", "http://a/b/c/d;p?y" },
    { "http://a/b/c/g?y", "http://a/b/c/g?y" },
    { "http://a/b/c/d;p?q#s", "http://a/b/c/d;p?q" },
    { "http://a/b/c/g#s", "http://a/b/c/g" },
    { "http://a/b/c/g?y#s", "http://a/b/c/g?y" },
    { "http://a/b/c/;x", "http://a/b/c/;x" },
    { "http://a/b/c/g;x?y#s", "http://a/b/c/g;x?y" },
    { "http://a/b/c/.", "http://a/b/c/" },
    { "http://a/b/c/./", "http://a/b/c/" },
    { "http://a/b/c/..", "http://a/b/" },
    { "http://a/b/c/../", "http://a/b/" },
    { "http://a/b/c/../g", "http://a/b/g" },
    { "http://a/b/c/../..", "http://a/" },
    { "http://a/b/c/../../", "http://a/" },
    { "http://a/b/c/../../g", "http://a/g" },
    { "http://a/b/c/../../../g", "http://a/g" },
    { "http://a/b/c/../../../../g", "http://a/g" },
    { "http://a/./g", "http://a/g" },
    { "http://a/../g", "http://a/g" },
    { "http://a/b/c/g.", "http://a/b/c/g." },
    { "http://a/b/c/.g", "http://a/b/c/.g" },
    { "http://a/b/c/g..", "http://a/b/c/g.." },
    { "http://a/b/c/..g", "http://a/b/c/..g" },
    { "http://a/b/c/./../g", "http://a/b/g" },
    { "http://a/b/c/./g/.", "http://a/b/c/g/" },
    { "http://a/b/c/g/./h", "http://a/b/c/g/h" },
    { "http://a/b/c/g/../h", "http://a/b/c/h" },
    { "http://a/b/c/g;x=1/./y", "http://a/b/c/g;x=1/y" },
    { "http://a/b/c/g;x=1/../y", "http://a/b/c/y" },
    { "http://a/b/c/g?y/./x", "http://a/b/c/g?y/./x" },
    { "http://a/b/c/g?y/../x", "http://a/b/c/g?y/../x" },
    { "http://a/b/c/g#s/./x", "http://a/b/c/g" },
    { "http://a/b/c/g#s/../x", "http://a/b/c/g" },

    /* RFC 3986 5.2.4 */
    { "http://a/a/b/c/./../../g", "http://a/a/g" },

    /* RFC 3986 6.2.2 and 6.2.3 */
    { "HTTP://www.Example.com/", "http://www.example.com/" },
    { "HTTP://a/./b/../b/%63/%7bfoo%7d", "http://a/b/c/%7Bfoo%7D" },
    { "http://example.com/%7Euser", "http://example.com/~user" },
    { "http://example.com", "http://example.com/" },
    { "http://example.com:/", "http://example.com/" },
    { "http://example.com:80/", "http://example.com/" },
    { "https://example.com:443/a", "https://example.com/a" },
    { "hTTpS://example.com:80/a", "https://example.com:80/a" },
    { "http://example.com:0080/", "http://example.com/" },
    { "http://example.com:8080", "http://example.com:8080/" },
    { "http://example.com/a%2fb%3f", "http://example.com/a%2Fb%3F" },
    { "http://example.com/%2e%2E/x", "http://example.com/x" },
    { "http://example.com/a/%2e/b", "http://example.com/a/b" },
    { "http://example.com/a/./b/../../c/", "http://example.com/c/" },
    { "http://example.com//a//../b", "http://example.com//a/b" },
    { "http://ex%41mple.com/", "http://example.com/" },
    { "http://User:Pa%73s@Example.COM/", "http://User:Pass@example.com/" },
    { "http://a@b@example.com/", "http://a%40b@example.com/" },
    { "http://[2001:DB8::1]:80/", "http://[2001:db8::1]/" },
    { "http://example.com?", "http://example.com/?" },
    { "http://example.com/?a=%41&b=%e2%82%ac&&",
      "http://example.com/?a=A&b=%E2%82%AC&&" },

    /* bytes that may not appear in a URL */
    { "http://example.com/a b", "http://example.com/a%20b" },
    { "http://example.com/caf\xc3\xa9", "http://example.com/caf%C3%A9" },
    { "http://example.com/x?q=\"<>\"", "http://example.com/x?q=%22%3C%3E%22" },
    { "http://example.com/%00", "http://example.com/%00" },
    { "http://example.com/100%", "http://example.com/100%25" },
    { "http://example.com/%zz%4", "http://example.com/%25zz%254" },
    { "http://a/b\\c{|}^`", "http://a/b%5Cc%7B%7C%7D%5E%60" },
    { "http://a/x\ty\r\n", "http://a/x%09y%0D%0A" },

    /* not absolute http(s) URLs */
    { "ftp://example.com/", NULL },
    { "/relative/path", NULL },
    { "//example.com/", NULL },
    { "http:example.com", NULL },
    { "http:/example.com/", NULL },
    { "http://", NULL },
    { "http:///path", NULL },
    { "https://user@/", NULL },
    { "http://example.com:99999/", NULL },
    { "http://example.com:8a/", NULL },
    { "http://exa\\mple.com/", NULL },
    { "http://ex ample.com/", NULL },
    { "http://caf%C3%A9.example/", NULL },
    { "http://ex<a>mple.com/", NULL },
    { "http://[::1/", NULL },
    { "http://[v1.x]/", NULL },
    { "", NULL }
};


START_TEST(test_normalize)
{
    art_buf_t    b;
    const char  *in;
    int          rc;

    in = norm_cases[_i].in;

    art_buf_init(&b, &arena_allocator);
    art_buf_append_str(&b, "keep:");

    rc = art_url_normalize(&b, (const unsigned char *) in, strlen(in));

    if (norm_cases[_i].out == NULL) {
        ck_assert_msg(rc == -1, "\"%s\" accepted", in);
        ck_assert_str_eq(buf_str(&b), "keep:");

    } else {
        ck_assert_msg(rc == 0, "\"%s\" refused", in);
        ck_assert_str_eq(buf_str(&b) + 5, norm_cases[_i].out);
        ck_assert(memcmp(b.data, "keep:", 5) == 0);
    }
}
END_TEST


/* canonical URLs of request URIs, with the default strip list */

static const struct {
    const char  *uri;
    const char  *path;      /* what follows https://www.example.org */
} canon_cases[] = {
    { "/", "/" },
    { "", "/" },
    { "*", "/" },
    { "/news/2024/story.html?utm_source=twitter&utm_medium=social"
      "&utm_campaign=spring", "/news/2024/story.html" },
    { "/a?id=42&utm_source=fb&fbclid=IwAR0abcDEF", "/a?id=42" },
    { "/a?fbclid=x&page=2&gclid=Cj0KCQ&sort=new", "/a?page=2&sort=new" },
    { "/a?tag=a&tag=b&utm_term=x&tag=c", "/a?tag=a&tag=b&tag=c" },
    { "/a?fbclid=IwAR2&fbclid=again", "/a" },
    { "/a?&&", "/a" },
    { "/a?&&id=1&&", "/a?id=1" },
    { "/a?", "/a" },
    { "/a?q=&id=", "/a?q=&id=" },
    { "/a?next=/b?c=d&x=a=b", "/a?next=/b?c=d&x=a=b" },
    { "/a?utm%5Fsource=x&id=1", "/a?id=1" },
    { "/a?UTM_SOURCE=x", "/a?UTM_SOURCE=x" },
    { "/a?utm_source", "/a" },
    { "/a?utm_=1&utm=2", "/a?utm=2" },
    { "/a?gclidx=1&xgclid=2", "/a?gclidx=1&xgclid=2" },
    { "/a?_ga=2.1234.5678&_gl=1*abc*_ga*MTI&ref_src=twsrc%5Etfw"
      "&mc_cid=1a2b&mc_eid=3c4d", "/a" },
    { "/a?igshid=x&yclid=y&msclkid=z&dclid=d&gbraid=g&wbraid=w&p=1",
      "/a?p=1" },
    { "/search?q=%e2%82%ac&utm_source=newsletter&utm_medium=email&page=2",
      "/search?q=%E2%82%AC&page=2" },
    { "/a?%3D=1&x&utm_content=%3D", "/a?%3D=1&x" },
    { "/a?b=%7e&c=%2f", "/a?b=~&c=%2F" },
    { "/a+b?q=a+b&utm_id=7", "/a+b?q=a+b" },
    { "/a#frag", "/a" },
    { "/a?x=1#frag?utm_source=y", "/a?x=1" },
    { "/a/../b/./c", "/b/c" },
    { "/../../etc/passwd", "/etc/passwd" },
    { "/%7euser/%2e%2e/x", "/x" },
    { "/a b\"<>'", "/a%20b%22%3C%3E'" },
    { "/caf\xc3\xa9?q=\xe2\x82\xac", "/caf%C3%A9?q=%E2%82%AC" },
    { "/a%00b?c=%00", "/a%00b?c=%00" },
    { "/a\r\nSet-Cookie: x=1", "/a%0D%0ASet-Cookie:%20x=1" },
    { "/Story.HTML", "/Story.HTML" },
    { "//evil.example/x", "//evil.example/x" },
    { "http://evil.example/path?utm_source=x&a=1", "/path?a=1" },
    { "HTTPS://Other.Example", "/" },
    { "http://other.example?a=1", "/?a=1" },
    { "ftp://other.example/x", "/" },
    { "index.html", "/" }
};


START_TEST(test_canonical)
{
    art_url_conf_t  *c;
    art_buf_t        b;
    const char      *uri;
    char             want[512];

    c = conf_of("article_canonical https://www.example.org;");
    uri = canon_cases[_i].uri;

    art_buf_init(&b, &arena_allocator);
    ck_assert_int_eq(art_url_canonical(&b, c, (const unsigned char *) uri,
                                       strlen(uri)), 0);

    snprintf(want, sizeof(want), "https://www.example.org%s",
             canon_cases[_i].path);
    ck_assert_str_eq(buf_str(&b), want);
}
END_TEST


static const char *
canonical(const art_url_conf_t *c, const char *uri)
{
    art_buf_t  b;

    art_buf_init(&b, &arena_allocator);
    ck_assert_int_eq(art_url_canonical(&b, c, (const unsigned char *) uri,
                                       strlen(uri)), 0);

    return buf_str(&b);
}


START_TEST(test_canonical_settings)
{
    art_url_conf_t  *c, *child;
    art_buf_t        b;

    c = conf_of("article_canonical https://www.example.org;"
                "article_canonical_strip_args off;");
    ck_assert_str_eq(canonical(c, "/a?utm_source=x&fbclid=y"),
                     "https://www.example.org/a?utm_source=x&fbclid=y");

    c = conf_of("article_canonical https://www.example.org;"
                "article_canonical_strip_args sid ref*;");
    ck_assert_str_eq(canonical(c, "/a?ref=1&referrer=2&sid=3&sids=4"
                                  "&utm_source=5"),
                     "https://www.example.org/a?sids=4&utm_source=5");

    c = conf_of("article_canonical https://www.example.org;"
                "article_canonical_strip_args *;");
    ck_assert_str_eq(canonical(c, "/a?x=1&y"), "https://www.example.org/a");

    c = conf_of("article_canonical HTTP://News.Example.ORG:8080/;");
    ck_assert_str_eq(canonical(c, "/x/"), "http://news.example.org:8080/x/");

    /* inherited origin and strip list, default list where none is set */
    c = conf_of("article_canonical https://www.example.org;"
                "article_canonical_strip_args sid;");
    child = arena_alloc(&arena, sizeof(art_url_conf_t));
    art_url_conf_init(child);
    art_url_conf_merge(child, c);
    ck_assert_str_eq(canonical(child, "/a?sid=1&utm_source=2"),
                     "https://www.example.org/a?utm_source=2");

    /* no origin: no canonical URL */
    c = conf_of("article_mirrors a.example;");
    art_buf_init(&b, &arena_allocator);
    ck_assert_int_eq(art_url_canonical(&b, c, (const unsigned char *) "/",
                                       1), -1);
    ck_assert_uint_eq(b.len, 0);
}
END_TEST


/* directives */

START_TEST(test_conf_values)
{
    art_url_conf_t  *c, *child;
    art_url_conf_t   parent;
    char             err[256];

    c = conf_of("article_canonical HTTPS://WWW.Example.ORG:443/;");
    ck_assert_str_eq(c->origin, "https://www.example.org");
    ck_assert_uint_eq(c->origin_len, 23);
    ck_assert_str_eq(c->canonical_host, "www.example.org");
    ck_assert_int_eq(c->canonical_https, 1);

    c = conf_of("article_canonical http://example.org.:8080;");
    ck_assert_str_eq(c->origin, "http://example.org:8080");
    ck_assert_str_eq(c->canonical_host, "example.org");
    ck_assert_str_eq(c->canonical_authority, "example.org:8080");
    ck_assert_int_eq(c->canonical_https, 0);

    /* defaults */
    c = conf_of("");
    ck_assert_ptr_null(c->origin);
    ck_assert_uint_eq(c->nstrip_args, 14);
    ck_assert_int_eq(c->mirror_links, 0);
    ck_assert_int_eq(c->mirror_block, 1);
    ck_assert_str_eq(c->mirror_block_selector, "body");
    ck_assert_int_eq(c->mirror_block_position, ART_URL_POS_APPEND);
    ck_assert_str_eq(c->mirror_label, "Also available at");
    ck_assert_uint_eq(c->nmirrors, 0);

    c = conf_of("article_mirrors Mirror1.Example.NET " ONION " b.example.;"
                "article_mirror_links on;"
                "article_mirror_block \"main > article\" after;"
                "article_mirror_label \"Read it at\";");
    ck_assert_uint_eq(c->nmirrors, 3);
    ck_assert_str_eq(c->mirrors[0].name, "mirror1.example.net");
    ck_assert_int_eq(c->mirrors[0].onion, 0);
    ck_assert_str_eq(c->mirrors[1].name, ONION);
    ck_assert_int_eq(c->mirrors[1].onion, 1);
    ck_assert_str_eq(c->mirrors[2].name, "b.example");
    ck_assert_uint_eq(c->mirrors[2].len, 9);
    ck_assert_int_eq(c->mirror_links, 1);
    ck_assert_str_eq(c->mirror_block_selector, "main > article");
    ck_assert_int_eq(c->mirror_block_position, ART_URL_POS_AFTER);
    ck_assert_str_eq(c->mirror_label, "Read it at");

    c = conf_of("article_mirror_block off;"
                "article_canonical_strip_args off;");
    ck_assert_int_eq(c->mirror_block, 0);
    ck_assert_uint_eq(c->nstrip_args, 0);

    c = conf_of("article_mirror_block .x before;");
    ck_assert_int_eq(c->mirror_block_position, ART_URL_POS_BEFORE);
    c = conf_of("article_mirror_block .x prepend;");
    ck_assert_int_eq(c->mirror_block_position, ART_URL_POS_PREPEND);

    /* a child inherits what it does not set, and keeps what it sets */
    art_url_conf_init(&parent);
    ck_assert_int_eq(apply(&parent, STD_CONF "article_mirror_links on;"
                           "article_mirror_block off;"
                           "article_mirror_label Mirrors;"
                           "article_canonical_strip_args off;",
                           err, sizeof(err)), ART_CONF_OK);
    art_url_conf_merge(&parent, NULL);

    child = arena_alloc(&arena, sizeof(art_url_conf_t));
    art_url_conf_init(child);
    ck_assert_int_eq(apply(child, "article_mirror_links off;"
                           "article_mirrors other.example;",
                           err, sizeof(err)), ART_CONF_OK);
    art_url_conf_merge(child, &parent);
    ck_assert_str_eq(child->origin, "https://www.example.org");
    ck_assert_str_eq(child->canonical_host, "www.example.org");
    ck_assert_int_eq(child->mirror_links, 0);
    ck_assert_int_eq(child->mirror_block, 0);
    ck_assert_str_eq(child->mirror_label, "Mirrors");
    ck_assert_uint_eq(child->nstrip_args, 0);
    ck_assert_uint_eq(child->nmirrors, 1);
    ck_assert_str_eq(child->mirrors[0].name, "other.example");

    child = arena_alloc(&arena, sizeof(art_url_conf_t));
    art_url_conf_init(child);
    art_url_conf_merge(child, &parent);
    ck_assert_uint_eq(child->nmirrors, 4);
    ck_assert_int_eq(child->mirror_links, 1);
}
END_TEST


START_TEST(test_conf_declined)
{
    art_url_conf_t  c;
    art_conf_ctx_t  ctx;
    art_str_t       a;
    char            err[64];

    art_url_conf_init(&c);
    ctx.alloc = &arena_allocator;
    ctx.base_dir = NULL;
    ctx.err = err;
    ctx.errlen = sizeof(err);
    a.data = (const unsigned char *) "on";
    a.len = 2;

    ck_assert_int_eq(art_url_conf_set(&c, &ctx, "article_share", &a, 1),
                     ART_CONF_DECLINED);
    ck_assert_int_eq(art_url_conf_set(&c, &ctx, "article_mirror", &a, 1),
                     ART_CONF_DECLINED);
    ck_assert_int_eq(art_url_conf_set(&c, &ctx, "article_canonicals", &a, 1),
                     ART_CONF_DECLINED);
}
END_TEST


static const struct {
    const char  *conf;
    const char  *err;
} error_cases[] = {
    { "article_canonical ftp://x;",
      "invalid origin \"ftp://x\" in \"article_canonical\": "
      "the scheme must be http or https" },
    { "article_canonical www.example.org;",
      "invalid origin \"www.example.org\" in \"article_canonical\": "
      "it must look like https://host" },
    { "article_canonical https://user@example.org;",
      "invalid origin \"https://user@example.org\" in \"article_canonical\":"
      " it may not hold a user name" },
    { "article_canonical https://example.org/news;",
      "invalid origin \"https://example.org/news\" in \"article_canonical\":"
      " it may not have a path" },
    { "article_canonical https://example.org/?a=1;",
      "invalid origin \"https://example.org/?a=1\" in \"article_canonical\":"
      " it may not have a query" },
    { "article_canonical https://example.org#top;",
      "invalid origin \"https://example.org#top\" in \"article_canonical\":"
      " it may not have a fragment" },
    { "article_canonical https://example.org:0;",
      "invalid origin \"https://example.org:0\" in \"article_canonical\":"
      " the port must be a number from 1 to 65535" },
    { "article_canonical https://example.org:65536;",
      "invalid origin \"https://example.org:65536\" in "
      "\"article_canonical\": the port must be a number from 1 to 65535" },
    { "article_canonical https://example.org:;",
      "invalid origin \"https://example.org:\" in \"article_canonical\":"
      " the port must be a number from 1 to 65535" },
    { "article_canonical https://example.org:8a;",
      "invalid origin \"https://example.org:8a\" in \"article_canonical\":"
      " the port must be a number from 1 to 65535" },
    { "article_canonical https://;",
      "invalid origin \"https://\" in \"article_canonical\": it is empty" },
    { "article_canonical https://exa_mple.org;",
      "invalid origin \"https://exa_mple.org\" in \"article_canonical\":"
      " it may hold only letters, digits, hyphens and dots (an "
      "international name in its xn-- form)" },
    { "article_canonical https://caf\xc3\xa9.example;",
      "invalid origin \"https://caf\xc3\xa9.example\" in "
      "\"article_canonical\": it may hold only letters, digits, hyphens "
      "and dots (an international name in its xn-- form)" },
    { "article_canonical https://-x.org;",
      "invalid origin \"https://-x.org\" in \"article_canonical\":"
      " a label starts with a hyphen" },
    { "article_canonical https://x-.org;",
      "invalid origin \"https://x-.org\" in \"article_canonical\":"
      " a label ends with a hyphen" },
    { "article_canonical https://a..b;",
      "invalid origin \"https://a..b\" in \"article_canonical\":"
      " it has an empty label" },
    { "article_canonical https://[::1];",
      "invalid origin \"https://[::1]\" in \"article_canonical\":"
      " IPv6 literals are not supported" },
    { "article_canonical https://a.org; article_canonical https://b.org;",
      "\"article_canonical\" directive is duplicate" },
    { "article_canonical https://a.org https://b.org;",
      "invalid number of arguments in \"article_canonical\" directive" },
    { "article_canonical;",
      "invalid number of arguments in \"article_canonical\" directive" },

    { "article_canonical_strip_args;",
      "invalid number of arguments in \"article_canonical_strip_args\" "
      "directive" },
    { "article_canonical_strip_args sid off;",
      "\"off\" in \"article_canonical_strip_args\" must be its only "
      "argument" },
    { "article_canonical_strip_args sid \"\";",
      "empty argument name in \"article_canonical_strip_args\"" },
    { "article_canonical_strip_args a=b;",
      "invalid argument name \"a=b\" in \"article_canonical_strip_args\": "
      "it may not hold spaces, controls, & = # ? or a * other than a last "
      "one" },
    { "article_canonical_strip_args *utm;",
      "invalid argument name \"*utm\" in \"article_canonical_strip_args\": "
      "it may not hold spaces, controls, & = # ? or a * other than a last "
      "one" },
    { "article_canonical_strip_args \"a b\";",
      "invalid argument name \"a b\" in \"article_canonical_strip_args\": "
      "it may not hold spaces, controls, & = # ? or a * other than a last "
      "one" },
    { "article_canonical_strip_args off; article_canonical_strip_args x;",
      "\"article_canonical_strip_args\" directive is duplicate" },

    { "article_mirrors;",
      "invalid number of arguments in \"article_mirrors\" directive" },
    { "article_mirrors a.example https://b.example;",
      "invalid mirror \"https://b.example\" in \"article_mirrors\": "
      "a mirror is a host name, without scheme or port" },
    { "article_mirrors b.example/news;",
      "invalid mirror \"b.example/news\" in \"article_mirrors\": "
      "a mirror is a host name, without scheme or path" },
    { "article_mirrors b.example:8080;",
      "invalid mirror \"b.example:8080\" in \"article_mirrors\": "
      "a mirror is a host name, without scheme or port" },
    { "article_mirrors bad_host.example;",
      "invalid mirror \"bad_host.example\" in \"article_mirrors\": "
      "it may hold only letters, digits, hyphens and dots (an "
      "international name in its xn-- form)" },
    { "article_mirrors .example;",
      "invalid mirror \".example\" in \"article_mirrors\": "
      "it has an empty label" },
    { "article_mirrors \"\";",
      "invalid mirror \"\" in \"article_mirrors\": it is empty" },
    { "article_mirrors "
      "a123456789012345678901234567890123456789012345678901234567890123.x;",
      "invalid mirror "
      "\"a123456789012345678901234567890123456789012345678901234567890123.x\""
      " in \"article_mirrors\": a label is longer than 63 characters" },
    { "article_mirrors a.example A.Example.;",
      "duplicate mirror \"A.Example.\" in \"article_mirrors\"" },
    { "article_mirrors news0site.onion;",
      "invalid mirror \"news0site.onion\" in \"article_mirrors\": "
      "an onion service name is base32 (a-z, 2-7)" },
    { "article_mirrors my-site.onion;",
      "invalid mirror \"my-site.onion\" in \"article_mirrors\": "
      "an onion service name is base32 (a-z, 2-7)" },
    { "article_mirrors "
      "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx.onion;",
      "invalid mirror "
      "\"abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx.onion\" in "
      "\"article_mirrors\": a version 3 onion name ends in \"d\"" },
    { "article_mirrors onion;",
      NULL },
    { "article_mirrors a.example; article_mirrors b.example;",
      "\"article_mirrors\" directive is duplicate" },

    { "article_mirror_links maybe;",
      "invalid value \"maybe\" in \"article_mirror_links\": "
      "it must be \"on\" or \"off\"" },
    { "article_mirror_links on off;",
      "invalid number of arguments in \"article_mirror_links\" directive" },
    { "article_mirror_links on; article_mirror_links on;",
      "\"article_mirror_links\" directive is duplicate" },

    { "article_mirror_block body;",
      "invalid number of arguments in \"article_mirror_block\" directive: "
      "it takes a selector and a position, or \"off\"" },
    { "article_mirror_block body append extra;",
      "invalid number of arguments in \"article_mirror_block\" directive: "
      "it takes a selector and a position, or \"off\"" },
    { "article_mirror_block body middle;",
      "invalid position \"middle\" in \"article_mirror_block\": "
      "it must be before, after, prepend or append" },
    { "article_mirror_block \"\" append;",
      "empty selector in \"article_mirror_block\"" },
    { "article_mirror_block off; article_mirror_block body append;",
      "\"article_mirror_block\" directive is duplicate" },

    { "article_mirror_label \"\";",
      "empty label in \"article_mirror_label\"" },
    { "article_mirror_label Also at;",
      "invalid number of arguments in \"article_mirror_label\" directive" },
    { "article_mirror_label a; article_mirror_label b;",
      "\"article_mirror_label\" directive is duplicate" }
};


START_TEST(test_conf_errors)
{
    art_url_conf_t  c;
    char            err[256];

    if (error_cases[_i].err == NULL) {
        /* a single-label name that only looks like the onion suffix */
        art_url_conf_init(&c);
        ck_assert_int_eq(apply(&c, error_cases[_i].conf, err, sizeof(err)),
                         ART_CONF_OK);
        ck_assert_int_eq(c.mirrors[0].onion, 0);
        return;
    }

    expect_error(error_cases[_i].conf, error_cases[_i].err);
}
END_TEST


/*
 * An origin that ends right after "//", given in storage of its own
 * length as nginx and article-rewrite may give it: nothing past it is
 * read (AddressSanitizer watches), and it is refused for its empty host.
 */
START_TEST(test_conf_origin_no_host)
{
    static const char  *origins[] = { "https://", "http://", "HTTP://" };
    art_url_conf_t      c;
    art_conf_ctx_t      ctx;
    art_str_t           arg;
    unsigned char      *copy;
    char                err[256], want[256];
    size_t              i, n;

    for (i = 0; i < sizeof(origins) / sizeof(origins[0]); i++) {
        n = strlen(origins[i]);
        copy = malloc(n);
        ck_assert_ptr_nonnull(copy);
        memcpy(copy, origins[i], n);

        arg.data = copy;
        arg.len = n;
        ctx.alloc = &arena_allocator;
        ctx.base_dir = NULL;
        ctx.err = err;
        ctx.errlen = sizeof(err);

        art_url_conf_init(&c);
        ck_assert_int_eq(art_url_conf_set(&c, &ctx, "article_canonical",
                                          &arg, 1),
                         ART_CONF_ERROR);

        snprintf(want, sizeof(want), "invalid origin \"%s\" in "
                 "\"article_canonical\": it is empty", origins[i]);
        ck_assert_str_eq(err, want);
        ck_assert_ptr_null(c.origin);

        free(copy);
    }
}
END_TEST


/* mirrors */

static const char *
current(const art_url_conf_t *c, const char *host)
{
    const char  *m;
    size_t       n;

    n = 99;
    m = art_url_current_mirror(c, (const unsigned char *) host, strlen(host),
                               &n);
    if (m == NULL) {
        ck_assert_uint_eq(n, 0);
        return NULL;
    }

    ck_assert_uint_eq(n, strlen(m));

    return m;
}


START_TEST(test_current_mirror)
{
    art_url_conf_t  *c;

    c = conf_of(STD_CONF);

    ck_assert_str_eq(current(c, "mirror1.example.net"), "mirror1.example.net");
    ck_assert_str_eq(current(c, "MIRROR1.Example.NET:8080"),
                     "mirror1.example.net");
    ck_assert_str_eq(current(c, "mirror1.example.net."),
                     "mirror1.example.net");
    ck_assert_str_eq(current(c, "mirror1.example.net.:443"),
                     "mirror1.example.net");
    ck_assert_str_eq(current(c, "mirror1.example.net:"),
                     "mirror1.example.net");
    ck_assert_str_eq(current(c, "www.example.org"), "www.example.org");
    ck_assert_str_eq(current(c, ONION), ONION);

    /* an unknown Host is never reflected */
    ck_assert_str_eq(current(c, "evil.example"), "www.example.org");
    ck_assert_str_eq(current(c, "mirror1.example.net.evil.example"),
                     "www.example.org");
    ck_assert_str_eq(current(c, "evil.mirror1.example.net"),
                     "www.example.org");
    ck_assert_str_eq(current(c, "mirror1.example"), "www.example.org");
    ck_assert_str_eq(current(c, "<script>"), "www.example.org");
    ck_assert_str_eq(current(c, ""), "www.example.org");
    ck_assert_str_eq(current(c, "[::1]:80"), "www.example.org");
    ck_assert_str_eq(current(c, "."), "www.example.org");

    /* the canonical host counts as a mirror when not listed */
    c = conf_of("article_canonical https://news.example;"
                "article_mirrors a.example;");
    ck_assert_str_eq(current(c, "News.Example"), "news.example");
    ck_assert_str_eq(current(c, "a.example"), "a.example");
    ck_assert_str_eq(current(c, "b.example"), "news.example");

    /* neither listed nor a canonical host to fall back to */
    c = conf_of("article_mirrors a.example;");
    ck_assert_str_eq(current(c, "a.example"), "a.example");
    ck_assert_ptr_null(current(c, "b.example"));
}
END_TEST


START_TEST(test_is_onion)
{
    ck_assert(art_url_is_onion((const unsigned char *) ONION, strlen(ONION)));
    ck_assert(art_url_is_onion((const unsigned char *) "x.ONION.", 8));
    ck_assert(!art_url_is_onion((const unsigned char *) "onion", 5));
    ck_assert(!art_url_is_onion((const unsigned char *) "x.onion.example",
                                15));
    ck_assert(!art_url_is_onion((const unsigned char *) "xonion", 6));
}
END_TEST


static const struct {
    const char  *current;
    const char  *in;
    const char  *out;       /* NULL: left alone */
} rewrite_cases[] = {
    { "mirror2.example.com", "https://www.example.org/a?b=1#c",
      "https://mirror2.example.com/a?b=1#c" },
    { "mirror2.example.com", "https://mirror1.example.net/x",
      "https://mirror2.example.com/x" },
    { "mirror2.example.com", "http://mirror1.example.net/x",
      "http://mirror2.example.com/x" },
    { "mirror2.example.com", "HTTPS://WWW.EXAMPLE.ORG/Path",
      "HTTPS://mirror2.example.com/Path" },
    { "mirror2.example.com", "//www.example.org/img.png",
      "//mirror2.example.com/img.png" },
    { "mirror2.example.com", " \n https://www.example.org/a \t",
      " \n https://mirror2.example.com/a \t" },
    { "mirror2.example.com", "https://user:pw@www.example.org/",
      "https://user:pw@mirror2.example.com/" },
    { "mirror2.example.com", "https://www.example.org:443/a",
      "https://mirror2.example.com/a" },
    { "mirror2.example.com", "http://mirror1.example.net:80/a",
      "http://mirror2.example.com/a" },
    { "mirror2.example.com", "//mirror1.example.net:443/a",
      "//mirror2.example.com/a" },
    { "mirror2.example.com", "https://www.example.org",
      "https://mirror2.example.com" },
    { "mirror2.example.com", "https://www.example.org?x=1",
      "https://mirror2.example.com?x=1" },
    { "mirror2.example.com", "https://www.example.org./a",
      "https://mirror2.example.com/a" },
    { "mirror2.example.com", "https://www.example.org/a b\"<>",
      "https://mirror2.example.com/a b\"<>" },

    /* from an onion to a clearnet mirror: the canonical scheme */
    { "mirror2.example.com", "http://" ONION "/x",
      "https://mirror2.example.com/x" },
    { "mirror2.example.com", "//" ONION "/x", "//mirror2.example.com/x" },

    /* to an onion: http */
    { ONION, "https://www.example.org/a", "http://" ONION "/a" },
    { ONION, "HTTPS://mirror1.example.net", "http://" ONION },
    { ONION, "//mirror1.example.net/a", "//" ONION "/a" },
    { ONION, "http://" ONION "/a", NULL },

    /* to the canonical host */
    { "www.example.org", "https://mirror1.example.net/a",
      "https://www.example.org/a" },
    { "www.example.org", "https://www.example.org/a", NULL },

    /* left alone */
    { "mirror2.example.com", "https://mirror2.example.com/a", NULL },
    { "mirror2.example.com", "https://MIRROR2.example.com./a", NULL },
    { "mirror2.example.com", "https://www.example.org:8443/a", NULL },
    { "mirror2.example.com", "http://www.example.org:443/a", NULL },
    { "mirror2.example.com", "https://evil.example/a", NULL },
    { "mirror2.example.com", "https://www.example.org.evil.example/", NULL },
    { "mirror2.example.com", "https://evilwww.example.org/", NULL },
    { "mirror2.example.com", "https://evil.example/?u=https://www.example.org/",
      NULL },
    { "mirror2.example.com", "https://evil.example\\@www.example.org/", NULL },
    { "mirror2.example.com", "https://www.example.org@evil.example/", NULL },
    { "mirror2.example.com", "/relative", NULL },
    { "mirror2.example.com", "page.html", NULL },
    { "mirror2.example.com", "#top", NULL },
    { "mirror2.example.com", "?page=2", NULL },
    { "mirror2.example.com", "mailto:news@www.example.org", NULL },
    { "mirror2.example.com", "javascript:location='https://www.example.org/'",
      NULL },
    { "mirror2.example.com", "ftp://www.example.org/file", NULL },
    { "mirror2.example.com", "https:www.example.org/a", NULL },
    { "mirror2.example.com", "https://[::1]/a", NULL },
    { "mirror2.example.com", "", NULL },
    { "mirror2.example.com", "   ", NULL },

    /*
     * Around the early test of the host: a listed name must start the
     * authority unless there is an "@" (userinfo) in the URL.
     */
    { "mirror2.example.com", "//news@mirror1.example.net/a",
      "//news@mirror2.example.com/a" },
    { "mirror2.example.com", "https://a@b@www.example.org/x",
      "https://a@b@mirror2.example.com/x" },
    { "mirror2.example.com", "https://evil.example@www.example.org/x",
      "https://evil.example@mirror2.example.com/x" },
    { "mirror2.example.com", "https://www.example.org/@x",
      "https://mirror2.example.com/@x" },
    { "mirror2.example.com", "https://evil.example/@www.example.org/", NULL },
    { "mirror2.example.com", "https://x@evil.example/www.example.org", NULL },
    { "mirror2.example.com", "//MiRrOr1.ExAmPlE.NeT", "//mirror2.example.com" },
    { "mirror2.example.com", "//mirror1.example.net?q", "//mirror2.example.com?q" },
    { "mirror2.example.com", "//mirror1.example.net#f", "//mirror2.example.com#f" },
    { "mirror2.example.com", "//mirror1.example.net:80",
      "//mirror2.example.com" },
    { "mirror2.example.com", "//mirror1.example.net.", "//mirror2.example.com" },
    { "mirror2.example.com", "//mirror1.example.ne", NULL },
    { "mirror2.example.com", "//mirror1", NULL },
    { "mirror2.example.com", "//", NULL },
    { "mirror2.example.com", "https://", NULL },
    { "mirror2.example.com", "//mirror1.example.netx/a", NULL },
    { "mirror2.example.com", "//mirror1.example.net..", NULL },
    { "mirror2.example.com", "//mirror1.example.net\\/a", NULL },
    { "mirror2.example.com", "//mirror1.example.net /a", NULL },
    { "mirror2.example.com", "//mirror1.example.net:8080/a", NULL },
    { "mirror2.example.com", "//mirror1.example.net:x/a", NULL },
    { "mirror2.example.com", "//mmirror1.example.net/a", NULL },
    { "mirror2.example.com", "//" ONION2 "/a", NULL }
};


START_TEST(test_rewrite_mirror)
{
    art_url_conf_t  *c;
    art_buf_t        b;
    const char      *in;
    int              rc;

    c = conf_of(STD_CONF);
    in = rewrite_cases[_i].in;

    art_buf_init(&b, &arena_allocator);
    art_buf_append_str(&b, "[");

    rc = art_url_rewrite_mirror(&b, c, rewrite_cases[_i].current,
                                (const unsigned char *) in, strlen(in));

    if (rewrite_cases[_i].out == NULL) {
        ck_assert_msg(rc == 0, "\"%s\" rewritten", in);
        ck_assert_str_eq(buf_str(&b), "[");

    } else {
        ck_assert_msg(rc == 1, "\"%s\" left alone", in);
        ck_assert_str_eq(buf_str(&b) + 1, rewrite_cases[_i].out);
    }
}
END_TEST


static const char *
rewrite(int (*fn)(art_buf_t *, const art_url_conf_t *, const char *,
    const unsigned char *, size_t), const art_url_conf_t *c,
    const char *cur, const char *in, int want)
{
    art_buf_t  b;

    art_buf_init(&b, &arena_allocator);
    ck_assert_int_eq(fn(&b, c, cur, (const unsigned char *) in, strlen(in)),
                     want);
    if (want == 0) {
        ck_assert_uint_eq(b.len, 0);
    }

    return buf_str(&b);
}


START_TEST(test_rewrite_ports)
{
    art_url_conf_t  *c;

    c = conf_of("article_canonical https://www.example.org:8443;"
                "article_mirrors mirror1.example.net;");

    ck_assert_str_eq(rewrite(art_url_rewrite_mirror, c, "www.example.org",
                             "https://mirror1.example.net/a", 1),
                     "https://www.example.org:8443/a");
    ck_assert_str_eq(rewrite(art_url_rewrite_mirror, c, "mirror1.example.net",
                             "https://www.example.org:8443/a", 1),
                     "https://mirror1.example.net/a");
    ck_assert_str_eq(rewrite(art_url_rewrite_mirror, c, "mirror1.example.net",
                             "https://www.example.org/a", 1),
                     "https://mirror1.example.net/a");
    rewrite(art_url_rewrite_mirror, c, "mirror1.example.net",
            "https://www.example.org:443/a", 0);
    rewrite(art_url_rewrite_mirror, c, "mirror1.example.net",
            "https://www.example.org:8444/a", 0);
    rewrite(art_url_rewrite_mirror, c, NULL, "https://www.example.org/a", 0);
    rewrite(art_url_rewrite_mirror, c, "", "https://www.example.org/a", 0);
}
END_TEST


/* without a canonical origin, the mirrors alone are the hosts listed */
START_TEST(test_rewrite_mirrors_only)
{
    art_url_conf_t  *c;

    c = conf_of("article_mirrors a.example b.example;");

    ck_assert_str_eq(rewrite(art_url_rewrite_mirror, c, "b.example",
                             "https://A.example/x", 1),
                     "https://b.example/x");
    ck_assert_str_eq(rewrite(art_url_rewrite_mirror, c, "b.example",
                             "//u@a.example", 1),
                     "//u@b.example");
    rewrite(art_url_rewrite_mirror, c, "b.example", "https://b.example/x", 0);
    rewrite(art_url_rewrite_mirror, c, "b.example", "https://c.example/x", 0);
    rewrite(art_url_rewrite_mirror, c, "b.example",
            "https://www.example.org/x", 0);
}
END_TEST


START_TEST(test_rewrite_srcset)
{
    art_url_conf_t  *c;
    const char      *m2 = "mirror2.example.com";

    c = conf_of(STD_CONF);

    ck_assert_str_eq(rewrite(art_url_rewrite_srcset, c, m2,
                             "https://www.example.org/a.jpg 1x, "
                             "https://www.example.org/b.jpg 2x", 1),
                     "https://mirror2.example.com/a.jpg 1x, "
                     "https://mirror2.example.com/b.jpg 2x");

    ck_assert_str_eq(rewrite(art_url_rewrite_srcset, c, m2,
                             "a.jpg 1x,//mirror1.example.net/b.jpg 2x", 1),
                     "a.jpg 1x,//mirror2.example.com/b.jpg 2x");

    /* a comma inside a URL, none after it */
    ck_assert_str_eq(rewrite(art_url_rewrite_srcset, c, m2,
                             "https://www.example.org/a,b.jpg 100w,"
                             "https://cdn.example/c,d.jpg 200w", 1),
                     "https://mirror2.example.com/a,b.jpg 100w,"
                     "https://cdn.example/c,d.jpg 200w");

    /* trailing commas end a candidate without descriptors */
    ck_assert_str_eq(rewrite(art_url_rewrite_srcset, c, m2,
                             "https://www.example.org/a.jpg,, "
                             "https://mirror1.example.net/b.jpg", 1),
                     "https://mirror2.example.com/a.jpg,, "
                     "https://mirror2.example.com/b.jpg");

    /* but without whitespace after them the commas are part of the URL */
    ck_assert_str_eq(rewrite(art_url_rewrite_srcset, c, m2,
                             "https://www.example.org/a.jpg,"
                             "https://mirror1.example.net/b.jpg", 1),
                     "https://mirror2.example.com/a.jpg,"
                     "https://mirror1.example.net/b.jpg");

    /* a comma in parentheses does not end the descriptors */
    ck_assert_str_eq(rewrite(art_url_rewrite_srcset, c, m2,
                             "a.jpg 1x (x, https://www.example.org/n.jpg), "
                             "https://www.example.org/b.jpg 2x", 1),
                     "a.jpg 1x (x, https://www.example.org/n.jpg), "
                     "https://mirror2.example.com/b.jpg 2x");

    ck_assert_str_eq(rewrite(art_url_rewrite_srcset, c, m2,
                             " \n https://www.example.org/a.jpg 640w , ,"
                             " https://" ONION "/b.jpg\t1280w \n", 1),
                     " \n https://mirror2.example.com/a.jpg 640w , ,"
                     " https://mirror2.example.com/b.jpg\t1280w \n");

    rewrite(art_url_rewrite_srcset, c, m2,
            "a.jpg 1x, https://cdn.example/b.jpg 2x", 0);
    rewrite(art_url_rewrite_srcset, c, m2,
            "https://mirror2.example.com/a.jpg 1x", 0);
    rewrite(art_url_rewrite_srcset, c, m2, "", 0);
    rewrite(art_url_rewrite_srcset, c, m2, " , ,, ", 0);
}
END_TEST


static int
may(const art_url_conf_t *c, const char *v, int srcset)
{
    return art_url_may_rewrite(c, (const unsigned char *) v, strlen(v),
                               srcset);
}


/*
 * The early test never says no to a value that a rewrite changes: every
 * case of the table, alone and in srcset lists after others, with each
 * current host.
 */
START_TEST(test_may_rewrite_cases)
{
    art_url_conf_t  *c;
    art_buf_t        b, list;
    const char      *in, *cur;
    size_t           j, k;
    int              rc;

    c = conf_of(STD_CONF);
    in = rewrite_cases[_i].in;
    art_buf_init(&b, &arena_allocator);
    art_buf_init(&list, &arena_allocator);

    for (k = 0; k < sizeof(rewrite_cases) / sizeof(rewrite_cases[0]); k++) {
        cur = rewrite_cases[k].current;

        b.len = 0;
        rc = art_url_rewrite_mirror(&b, c, cur, (const unsigned char *) in,
                                    strlen(in));
        ck_assert_msg(rc == 0 || may(c, in, 0), "\"%s\" said no", in);
        ck_assert_msg(rc == 0 || may(c, in, 1), "\"%s\" said no", in);

        /* after each other case, as the second candidate of a srcset */
        for (j = 0; j < sizeof(rewrite_cases) / sizeof(rewrite_cases[0]);
             j += 7)
        {
            list.len = 0;
            art_buf_append_str(&list, rewrite_cases[j].in);
            art_buf_append_str(&list, k % 2 ? " 1x, " : ",, ");
            art_buf_append_str(&list, in);
            art_buf_append_str(&list, " 2x");

            b.len = 0;
            rc = art_url_rewrite_srcset(&b, c, cur, list.data, list.len);
            ck_assert_msg(rc == 0
                          || art_url_may_rewrite(c, list.data, list.len, 1),
                          "\"%.*s\" said no", (int) list.len, list.data);
        }
    }
}
END_TEST


/* what the early test rules out, and where it must leave it to the rewrite */
START_TEST(test_may_rewrite)
{
    art_url_conf_t  *c;

    c = conf_of(STD_CONF);

    ck_assert_int_eq(may(c, "", 0), 0);
    ck_assert_int_eq(may(c, "/relative/a/b", 0), 0);
    ck_assert_int_eq(may(c, "https://evil.example/a", 0), 0);
    ck_assert_int_eq(may(c, "https://evil.example/a", 1), 0);
    ck_assert_int_eq(may(c, "//www.example.org", 0), 1);
    ck_assert_int_eq(may(c, " https://WWW.Example.ORG/a", 0), 1);
    ck_assert_int_eq(may(c, "//www.example.or", 0), 0);
    ck_assert_int_eq(may(c, "//www.example.orgx", 0), 1);
    ck_assert_int_eq(may(c, "//mirror2.example.com/a", 0), 1);
    ck_assert_int_eq(may(c, "/www.example.org", 0), 0);
    ck_assert_int_eq(may(c, "/ /www.example.org", 0), 0);

    /* a single URL's host follows its first "//" only */
    ck_assert_int_eq(may(c, "https://evil.example/?u=//www.example.org/", 0),
                     0);
    ck_assert_int_eq(may(c, "https://evil.example/?u=//www.example.org/", 1),
                     1);
    ck_assert_int_eq(may(c, "///www.example.org", 0), 0);

    /* with an "@" and a "//", anything may be userinfo */
    ck_assert_int_eq(may(c, "https://evil.example/@x", 0), 1);
    ck_assert_int_eq(may(c, "https://evil.example/@x", 1), 1);
    ck_assert_int_eq(may(c, "mailto:news@www.example.org", 0), 0);

    ck_assert_int_eq(may(c, "a.jpg 1x, https://cdn.example/b.jpg 2x", 1), 0);
    ck_assert_int_eq(may(c, "a.jpg 1x,//mirror1.example.net/b.jpg 2x", 1),
                     1);
    ck_assert_int_eq(may(c, "//cdn.example/a.jpg 1x, "
                            "//cdn.example/b.jpg?u=//mirror1.example.net 2x",
                         1), 1);
    ck_assert_int_eq(may(c, "//cdn.example/a.jpg 1x, "
                            "//cdn.example/b.jpg 2x", 1), 0);
}
END_TEST


START_TEST(test_rewrite_headers)
{
    art_url_conf_t  *c;
    const char      *m2 = "mirror2.example.com";

    c = conf_of(STD_CONF);

    ck_assert_str_eq(rewrite(art_url_rewrite_location, c, m2,
                             "https://mirror1.example.net/login?next=/a", 1),
                     "https://mirror2.example.com/login?next=/a");
    ck_assert_str_eq(rewrite(art_url_rewrite_location, c, ONION,
                             "https://www.example.org/", 1),
                     "http://" ONION "/");
    rewrite(art_url_rewrite_location, c, m2, "/login", 0);
    rewrite(art_url_rewrite_location, c, m2, "https://sso.example/", 0);

    ck_assert_str_eq(rewrite(art_url_rewrite_refresh, c, m2,
                             "5; url=https://mirror1.example.net/x", 1),
                     "5; url=https://mirror2.example.com/x");
    ck_assert_str_eq(rewrite(art_url_rewrite_refresh, c, m2,
                             "0;URL='https://www.example.org/x'", 1),
                     "0;URL='https://mirror2.example.com/x'");
    ck_assert_str_eq(rewrite(art_url_rewrite_refresh, c, m2,
                             "3 , url = \"//www.example.org/z\" tail", 1),
                     "3 , url = \"//mirror2.example.com/z\" tail");
    ck_assert_str_eq(rewrite(art_url_rewrite_refresh, c, m2,
                             "5; https://www.example.org/y", 1),
                     "5; https://mirror2.example.com/y");
    ck_assert_str_eq(rewrite(art_url_rewrite_refresh, c, m2,
                             "1.5 https://www.example.org/y ", 1),
                     "1.5 https://mirror2.example.com/y ");
    rewrite(art_url_rewrite_refresh, c, m2, "5", 0);
    rewrite(art_url_rewrite_refresh, c, m2, "5; url=", 0);
    rewrite(art_url_rewrite_refresh, c, m2, "5; url=/local", 0);
    rewrite(art_url_rewrite_refresh, c, m2,
            "5; url=https://mirror2.example.com/", 0);
    rewrite(art_url_rewrite_refresh, c, m2,
            "abc; url=https://www.example.org/", 0);
    rewrite(art_url_rewrite_refresh, c, m2,
            "5x; url=https://www.example.org/", 0);
}
END_TEST


static const char *
mirror_url(const art_url_conf_t *c, const char *host, const char *url)
{
    art_buf_t  b;

    art_buf_init(&b, &arena_allocator);
    ck_assert_int_eq(art_url_mirror_url(&b, c, host, url), 0);

    return buf_str(&b);
}


START_TEST(test_mirror_url)
{
    art_url_conf_t  *c;
    art_buf_t        b;
    const char      *u = "https://www.example.org/a?b=1";

    c = conf_of(STD_CONF);

    ck_assert_str_eq(mirror_url(c, "mirror1.example.net", u),
                     "https://mirror1.example.net/a?b=1");
    ck_assert_str_eq(mirror_url(c, "www.example.org", u), u);
    ck_assert_str_eq(mirror_url(c, ONION, u), "http://" ONION "/a?b=1");
    ck_assert_str_eq(mirror_url(c, "mirror1.example.net",
                                "https://www.example.org"),
                     "https://mirror1.example.net/");
    ck_assert_str_eq(mirror_url(c, "mirror1.example.net",
                                "https://www.example.org?x"),
                     "https://mirror1.example.net/?x");
    ck_assert_str_eq(mirror_url(c, "mirror1.example.net",
                                "https://www.example.org/a b"),
                     "https://mirror1.example.net/a%20b");

    c = conf_of("article_canonical http://www.example.org:8080;"
                "article_mirrors mirror1.example.net " ONION ";");
    ck_assert_str_eq(mirror_url(c, "mirror1.example.net",
                                "http://www.example.org:8080/a"),
                     "http://mirror1.example.net/a");
    ck_assert_str_eq(mirror_url(c, "www.example.org",
                                "http://www.example.org:8080/a"),
                     "http://www.example.org:8080/a");

    art_buf_init(&b, &arena_allocator);
    ck_assert_int_eq(art_url_mirror_url(&b, c, "mirror1.example.net",
                                        "/not/absolute"), -1);
    ck_assert_uint_eq(b.len, 0);
}
END_TEST


START_TEST(test_onion_location)
{
    art_url_conf_t  *c;
    art_buf_t        b;

    c = conf_of(STD_CONF);
    art_buf_init(&b, &arena_allocator);
    ck_assert_int_eq(art_url_onion_location(&b, c,
                         "https://www.example.org/news/a.html?p=2"), 1);
    ck_assert_str_eq(buf_str(&b), "http://" ONION "/news/a.html?p=2");

    /* the first onion mirror */
    c = conf_of("article_canonical https://www.example.org;"
                "article_mirrors " ONION2 " " ONION ";");
    art_buf_init(&b, &arena_allocator);
    ck_assert_int_eq(art_url_onion_location(&b, c,
                         "https://www.example.org/"), 1);
    ck_assert_str_eq(buf_str(&b), "http://" ONION2 "/");

    c = conf_of("article_canonical https://www.example.org;"
                "article_mirrors mirror1.example.net;");
    art_buf_init(&b, &arena_allocator);
    ck_assert_int_eq(art_url_onion_location(&b, c,
                         "https://www.example.org/"), 0);
    ck_assert_uint_eq(b.len, 0);
}
END_TEST


static const char *
block(const art_url_conf_t *c, const char *cur, const char *url, int want)
{
    art_buf_t  b;

    art_buf_init(&b, &arena_allocator);
    ck_assert_int_eq(art_url_render_mirror_block(&b, c, cur, url), want);
    if (want == 0) {
        ck_assert_uint_eq(b.len, 0);
    }

    return buf_str(&b);
}


#define NAV(label, text)                                                    \
    "<nav class=\"article-mirrors\" data-article-mirrors aria-label=\""     \
    label "\"><p>" text "</p><ul>"
#define LI(url, host)  "<li><a href=\"" url "\">" host "</a></li>"
#define END_NAV        "</ul></nav>"


START_TEST(test_mirror_block)
{
    art_url_conf_t  *c;
    const char      *u = "https://www.example.org/a?x=1&y=2";

    /* onion listed before the clearnet mirrors still goes last */
    c = conf_of("article_canonical https://www.example.org;"
                "article_mirrors " ONION " mirror1.example.net "
                "www.example.org mirror2.example.com;");

    ck_assert_str_eq(block(c, "mirror2.example.com", u, 1),
        NAV("Also available at", "Also available at")
        LI("https://www.example.org/a?x=1&amp;y=2", "www.example.org")
        LI("https://mirror1.example.net/a?x=1&amp;y=2",
           "mirror1.example.net")
        LI("http://" ONION "/a?x=1&amp;y=2", ONION)
        END_NAV);

    ck_assert_str_eq(block(c, "www.example.org", u, 1),
        NAV("Also available at", "Also available at")
        LI("https://mirror1.example.net/a?x=1&amp;y=2",
           "mirror1.example.net")
        LI("https://mirror2.example.com/a?x=1&amp;y=2",
           "mirror2.example.com")
        LI("http://" ONION "/a?x=1&amp;y=2", ONION)
        END_NAV);

    ck_assert_str_eq(block(c, ONION, u, 1),
        NAV("Also available at", "Also available at")
        LI("https://www.example.org/a?x=1&amp;y=2", "www.example.org")
        LI("https://mirror1.example.net/a?x=1&amp;y=2",
           "mirror1.example.net")
        LI("https://mirror2.example.com/a?x=1&amp;y=2",
           "mirror2.example.com")
        END_NAV);

    /* the label escaped in the attribute and in the text */
    c = conf_of("article_canonical https://www.example.org;"
                "article_mirrors mirror1.example.net;"
                "article_mirror_label \"<News> & 'more'\";");

    ck_assert_str_eq(block(c, "www.example.org",
                           "https://www.example.org/\"><script>", 1),
        NAV("&lt;News&gt; &amp; &#39;more&#39;", "&lt;News&gt; &amp; 'more'")
        LI("https://mirror1.example.net/%22%3E%3Cscript%3E",
           "mirror1.example.net")
        END_NAV);

    /* no other mirror, no origin, an unreadable canonical URL */
    block(c, "www.example.org", NULL, 0);
    c = conf_of("article_canonical https://www.example.org;");
    block(c, "www.example.org", u, 0);
    c = conf_of("article_canonical https://www.example.org;"
                "article_mirrors www.example.org;");
    block(c, "www.example.org", u, 0);
    c = conf_of("article_mirrors a.example b.example;");
    block(c, "a.example", u, 0);
    c = conf_of(STD_CONF);
    block(c, "www.example.org", "not a url", -1);
}
END_TEST


START_TEST(test_out_of_memory)
{
    art_url_conf_t  *c;
    art_buf_t        b;
    const char      *u = "https://www.example.org/a?utm_source=x&y=1";

    c = conf_of(STD_CONF);

    /* every later allocation fails */
    arena.fail_after = arena.n + 1;

    art_buf_init(&b, &arena_allocator);
    ck_assert_int_eq(art_url_normalize(&b, (const unsigned char *) u,
                                       strlen(u)), -1);

    art_buf_init(&b, &arena_allocator);
    ck_assert_int_eq(art_url_canonical(&b, c, (const unsigned char *) "/a",
                                       2), -1);

    art_buf_init(&b, &arena_allocator);
    ck_assert_int_eq(art_url_rewrite_mirror(&b, c, "mirror1.example.net",
                         (const unsigned char *) u, strlen(u)), -1);

    art_buf_init(&b, &arena_allocator);
    ck_assert_int_eq(art_url_rewrite_srcset(&b, c, "mirror1.example.net",
                         (const unsigned char *) u, strlen(u)), -1);

    art_buf_init(&b, &arena_allocator);
    ck_assert_int_eq(art_url_render_mirror_block(&b, c, "mirror1.example.net",
                                                 u), -1);

    /* a failed buffer stays failed */
    ck_assert_int_eq(art_url_mirror_url(&b, c, "mirror1.example.net", u), -1);
}
END_TEST


static Suite *
url_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("url");

    tc = tcase_create("normalize");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_normalize, 0,
                        sizeof(norm_cases) / sizeof(norm_cases[0]));
    suite_add_tcase(s, tc);

    tc = tcase_create("canonical");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_canonical, 0,
                        sizeof(canon_cases) / sizeof(canon_cases[0]));
    tcase_add_test(tc, test_canonical_settings);
    suite_add_tcase(s, tc);

    tc = tcase_create("conf");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_conf_values);
    tcase_add_test(tc, test_conf_declined);
    tcase_add_loop_test(tc, test_conf_errors, 0,
                        sizeof(error_cases) / sizeof(error_cases[0]));
    tcase_add_test(tc, test_conf_origin_no_host);
    suite_add_tcase(s, tc);

    tc = tcase_create("mirrors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_current_mirror);
    tcase_add_test(tc, test_is_onion);
    tcase_add_loop_test(tc, test_rewrite_mirror, 0,
                        sizeof(rewrite_cases) / sizeof(rewrite_cases[0]));
    tcase_add_test(tc, test_rewrite_ports);
    tcase_add_test(tc, test_rewrite_mirrors_only);
    tcase_add_test(tc, test_rewrite_srcset);
    tcase_add_loop_test(tc, test_may_rewrite_cases, 0,
                        sizeof(rewrite_cases) / sizeof(rewrite_cases[0]));
    tcase_add_test(tc, test_may_rewrite);
    tcase_add_test(tc, test_rewrite_headers);
    tcase_add_test(tc, test_mirror_url);
    tcase_add_test(tc, test_onion_location);
    tcase_add_test(tc, test_mirror_block);
    tcase_add_test(tc, test_out_of_memory);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    return art_test_run(url_suite());
}
