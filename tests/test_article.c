/*
 * The article rewrite as a whole: directives in, page in, page out.
 */

#include <stdarg.h>
#include <unistd.h>

#include "art_test.h"
#include "art_article.h"


/* configurations live as long as a pool in nginx: here, a test */
static art_arena_t  arena;


static void
arena_setup(void)
{
    art_arena_init(&arena);
}


static void
arena_empty(void)
{
    art_arena_empty(&arena);
}


/* both found, a before b */
#define ck_assert_before(a, b)                                              \
    ck_assert_msg((a) != NULL && (b) != NULL && (const char *) (a)          \
                  < (const char *) (b), "%s is not before %s", #a, #b)


typedef struct {
    art_buf_t  out;
} sink_t;


static int
sink(void *ud, const unsigned char *p, size_t n, int from_input)
{
    sink_t  *s = ud;

    return art_buf_append(&s->out, p, n);
}


/* a configuration from lines of "directive args" */
static art_conf_t *
conf_of(const char *first, ...)
{
    va_list          ap;
    const char      *line;
    art_conf_t      *c;
    art_conf_ctx_t   ctx;
    char             err[512], buf[1024], *words[32], *p;
    art_str_t        args[32];
    size_t           n, i;

    c = art_conf_create(&arena.alloc);
    ck_assert_ptr_nonnull(c);

    ctx.alloc = &arena.alloc;
    ctx.base_dir = ".";
    ctx.err = err;
    ctx.errlen = sizeof(err);

    va_start(ap, first);

    for (line = first; line != NULL; line = va_arg(ap, const char *)) {
        snprintf(buf, sizeof(buf), "%s", line);
        n = 0;

        for (p = strtok(buf, " "); p != NULL && n < 32;
             p = strtok(NULL, " "))
        {
            words[n++] = p;
        }

        for (i = 1; i < n; i++) {
            /* "_" stands for a space inside one argument */
            char  *q;

            for (q = words[i]; *q; q++) {
                if (*q == '_' && q[1] == '_') {
                    *q = ' ';
                    memmove(q + 1, q + 2, strlen(q + 2) + 1);
                }
            }

            args[i - 1].data = (unsigned char *) words[i];
            args[i - 1].len = strlen(words[i]);
        }

        err[0] = '\0';
        ck_assert_msg(art_conf_set(c, &ctx, words[0], args, n - 1)
                      == ART_CONF_OK, "%s: %s", line, err);
    }

    va_end(ap);

    ck_assert_int_eq(art_conf_merge(c, NULL, &ctx), ART_CONF_OK);

    return c;
}


/* rewrite a page, fed in chunks of the given size (0: whole) */
static char *
rewrite(art_conf_t *c, const char *url_host, const char *uri,
    const char *page, size_t chunk, art_page_t **keep)
{
    art_request_t   req;
    art_page_t     *pg;
    sink_t          s;
    size_t          len, i, n;

    memset(&req, 0, sizeof(req));
    req.scheme = (const unsigned char *) "https";
    req.scheme_len = 5;
    req.host = (const unsigned char *) url_host;
    req.host_len = strlen(url_host);
    req.uri = (const unsigned char *) uri;
    req.uri_len = strlen(uri);

    art_buf_init(&s.out, &art_malloc_allocator);

    pg = art_page_create(&art_malloc_allocator, c, &req, sink, &s);
    ck_assert_ptr_nonnull(pg);

    len = strlen(page);
    if (chunk == 0) {
        chunk = len ? len : 1;
    }

    for (i = 0; i < len; i += n) {
        n = len - i < chunk ? len - i : chunk;
        ck_assert_int_eq(art_page_write(pg, (const unsigned char *) page + i,
                                        n), 0);
    }

    ck_assert_int_eq(art_page_end(pg), 0);
    art_buf_append_byte(&s.out, '\0');

    if (keep != NULL) {
        *keep = pg;
    } else {
        art_page_destroy(pg);
    }

    return (char *) s.out.data;
}


static size_t
count(const char *hay, const char *needle)
{
    size_t       n;
    const char  *p;

    n = 0;

    for (p = strstr(hay, needle); p != NULL; p = strstr(p + 1, needle)) {
        n++;
    }

    return n;
}


static const char  page_plain[] =
    "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
    "<title>Ferry link reopens - Example News</title></head>\n"
    "<body><header><a href=\"https://www.example.org/\">Home</a></header>"
    "<article><h1>Ferry link reopens</h1><p>Text.</p></article>"
    "</body></html>\n";


START_TEST(test_nothing_configured_is_identity)
{
    art_conf_t  *c;
    char        *out;

    c = conf_of("article on", NULL);
    out = rewrite(c, "www.example.org", "/a", page_plain, 0, NULL);
    ck_assert_str_eq(out, page_plain);
    free(out);
}
END_TEST


START_TEST(test_metadata_added_once)
{
    art_conf_t  *c;
    char        *out;

    c = conf_of("article_canonical https://www.example.org",
                "article_metadata on",
                "article_site_name Example__News", NULL);

    out = rewrite(c, "www.example.org", "/world/ferry?utm_source=x&id=2",
                  page_plain, 0, NULL);

    ck_assert_uint_eq(count(out, "rel=\"canonical\""), 1);
    ck_assert_ptr_nonnull(strstr(out, "<link rel=\"canonical\" "
                          "href=\"https://www.example.org/world/ferry?id=2\">"
                          ));
    ck_assert_ptr_nonnull(strstr(out, "og:url\" content=\""
                          "https://www.example.org/world/ferry?id=2\""));
    ck_assert_ptr_nonnull(strstr(out, "og:site_name\" content=\"Example "
                                      "News\""));
    ck_assert_uint_eq(count(out, "application/ld+json"), 1);
    /* the metadata is inside the head */
    ck_assert_before(strstr(out, "og:url"), strstr(out, "</head>"));
    /* the JSON-LD is inside the body */
    ck_assert_before(strstr(out, "application/ld+json"),
                     strstr(out, "</body>"));
    free(out);
}
END_TEST


START_TEST(test_metadata_rewritten_twice_is_stable)
{
    art_conf_t  *c;
    char        *once, *twice;

    c = conf_of("article_canonical https://www.example.org",
                "article_metadata on",
                "article_mirrors www.example.org m.example.net",
                "article_share x email", NULL);

    once = rewrite(c, "www.example.org", "/a", page_plain, 0, NULL);
    twice = rewrite(c, "www.example.org", "/a", once, 0, NULL);

    ck_assert_str_eq(twice, once);
    ck_assert_uint_eq(count(twice, "data-article-share"), 1);
    ck_assert_uint_eq(count(twice, "data-article-mirrors"), 1);
    ck_assert_uint_eq(count(twice, "application/ld+json"), 1);
    free(once);
    free(twice);
}
END_TEST


START_TEST(test_canonical_fix_keep_replace)
{
    static const char  page[] =
        "<html><head><link rel=\"canonical\" "
        "href=\"https://m.example.net/b?q=1\">"
        "<link rel=canonical href=/other></head><body></body></html>";
    art_conf_t  *c;
    char        *out;
    art_page_t  *pg;
    art_buf_t    link;

    c = conf_of("article_canonical https://www.example.org",
                "article_metadata on",
                "article_mirrors www.example.org m.example.net", NULL);
    out = rewrite(c, "m.example.net", "/a", page, 0, &pg);

    /* fix: the page's path on the canonical origin; the second one goes */
    ck_assert_ptr_nonnull(strstr(out, "href=\"https://www.example.org/b?q=1"
                                      "\""));
    ck_assert_uint_eq(count(out, "canonical"), 1);

    /* the Link header says the same */
    art_buf_init(&link, &art_malloc_allocator);
    ck_assert_int_eq(art_page_link_header(pg, &link), 0);
    art_buf_append_byte(&link, '\0');
    ck_assert_str_eq((char *) link.data,
                     "<https://www.example.org/b?q=1>; rel=\"canonical\"");
    art_buf_free(&link);
    art_page_destroy(pg);
    free(out);

    c = conf_of("article_canonical https://www.example.org",
                "article_metadata on", "article_canonical_existing keep",
                "article_mirrors www.example.org m.example.net", NULL);
    out = rewrite(c, "m.example.net", "/a", page, 0, NULL);
    ck_assert_ptr_nonnull(strstr(out, "href=\"https://m.example.net/b?q=1\""));
    free(out);

    c = conf_of("article_canonical https://www.example.org",
                "article_metadata on", "article_canonical_existing replace",
                NULL);
    out = rewrite(c, "www.example.org", "/a?fbclid=1", page, 0, NULL);
    ck_assert_ptr_nonnull(strstr(out, "href=\"https://www.example.org/a\""));
    free(out);
}
END_TEST


START_TEST(test_mirror_links_and_block)
{
    static const char  page[] =
        "<html><head><link rel=canonical href=https://www.example.org/a>"
        "</head><body><a href=\"https://www.example.org/x\">x</a>"
        "<img src=\"//www.example.org/i.png\" "
        "srcset=\"https://www.example.org/1.png 1x, "
        "https://cdn.other.example/2.png 2x\">"
        "<a href=\"https://elsewhere.example/\">e</a></body></html>";
    art_conf_t  *c;
    char        *out;

    c = conf_of("article_canonical https://www.example.org",
                "article_metadata on",
                "article_mirrors www.example.org m.example.net "
                "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion",
                "article_mirror_links on", NULL);

    out = rewrite(c, "M.Example.NET:443", "/a", page, 0, NULL);

    ck_assert_ptr_nonnull(strstr(out, "href=\"https://m.example.net/x\""));
    ck_assert_ptr_nonnull(strstr(out, "src=\"//m.example.net/i.png\""));
    ck_assert_ptr_nonnull(strstr(out, "https://m.example.net/1.png 1x, "
                                      "https://cdn.other.example/2.png 2x"));
    ck_assert_ptr_nonnull(strstr(out, "https://elsewhere.example/"));
    /* the canonical link keeps the canonical host */
    ck_assert_ptr_nonnull(strstr(out, "href=https://www.example.org/a>"));
    /* the list: canonical first, onion last, the current one left out */
    ck_assert_ptr_nonnull(strstr(out, "data-article-mirrors"));
    ck_assert_before(strstr(out, ">www.example.org<"),
                     strstr(out, ".onion<"));
    ck_assert_ptr_null(strstr(out, ">m.example.net<"));
    ck_assert_before(strstr(out, "data-article-mirrors"),
                     strstr(out, "</body>"));
    free(out);
}
END_TEST


/*
 * Every URL attribute of mirror links is found in any case, a duplicate
 * is not read, nor are names of other lengths; a link other than the
 * canonical one moves to the mirror too.
 */
START_TEST(test_mirror_links_by_name)
{
    static const char  page[] =
        "<html><head>"
        "<link rel=\"Alternate\" HREF=\"https://www.example.org/feed\">"
        "<link REL=\"CANONICAL\" Href=\"https://www.example.org/a\">"
        "</head><body>"
        "<a HREF=\"//www.example.org/1\" href=\"//www.example.org/dup\" "
        "hreff=\"//www.example.org/2\" xhref=\"//www.example.org/3\">a</a>"
        "<img SRC=\"https://WWW.EXAMPLE.ORG/4\" "
        "SrcSet=\"https://www.example.org/5 1x, /6 2x\">"
        "<video Poster=\"https://www.example.org/7\"></video>"
        "<object DATA=\"https://www.example.org/8\"></object>"
        "<form ACTION=\"https://www.example.org/9\">"
        "<button FormAction=\"https://www.example.org/10\">b</button>"
        "</form>"
        "<p title=\"https://www.example.org/11\" "
        "data-x=\"https://www.example.org/12\" "
        "src=\"https://www.example.org&#47;13\">p</p>"
        "</body></html>";
    art_conf_t  *c;
    char        *out;

    c = conf_of("article_canonical https://www.example.org",
                "article_metadata on",
                "article_mirrors www.example.org m.example.net",
                "article_mirror_links on", NULL);
    out = rewrite(c, "m.example.net", "/a", page, 5, NULL);

    ck_assert_ptr_nonnull(strstr(out, "HREF=\"https://m.example.net/feed\""));
    ck_assert_ptr_nonnull(strstr(out, "Href=\"https://www.example.org/a\""));
    /* the first of two goes to the mirror, an edited tag drops the other */
    ck_assert_ptr_nonnull(strstr(out, "<a HREF=\"//m.example.net/1\" "
                                      "hreff=\"//www.example.org/2\" "
                                      "xhref=\"//www.example.org/3\">"));
    ck_assert_ptr_nonnull(strstr(out, "SRC=\"https://m.example.net/4\""));
    ck_assert_ptr_nonnull(strstr(out, "SrcSet=\"https://m.example.net/5 1x, "
                                      "/6 2x\""));
    ck_assert_ptr_nonnull(strstr(out, "Poster=\"https://m.example.net/7\""));
    ck_assert_ptr_nonnull(strstr(out, "DATA=\"https://m.example.net/8\""));
    ck_assert_ptr_nonnull(strstr(out, "ACTION=\"https://m.example.net/9\""));
    ck_assert_ptr_nonnull(strstr(out, "FormAction=\"https://m.example.net/10"
                                      "\""));
    ck_assert_ptr_nonnull(strstr(out, "title=\"https://www.example.org/11\""));
    ck_assert_ptr_nonnull(strstr(out, "data-x=\"https://www.example.org/12\""));
    ck_assert_ptr_nonnull(strstr(out, "src=\"https://m.example.net/13\""));
    free(out);
}
END_TEST


/* the marks of an earlier rewrite are found in any case */
START_TEST(test_marks_any_case)
{
    static const char  page[] =
        "<html><head><title>T</title></head><body><h1>T</h1>"
        "<nav DATA-ARTICLE-MIRRORS><a href=\"https://www.example.org/a\">"
        "w</a></nav><div Data-Article-Share>s</div></body></html>";
    art_conf_t  *c;
    char        *out;

    c = conf_of("article_canonical https://www.example.org",
                "article_mirrors www.example.org m.example.net",
                "article_mirror_links on", "article_share x", NULL);
    out = rewrite(c, "m.example.net", "/a", page, 0, NULL);

    /* no second list or bar; the list's own links are kept */
    ck_assert_uint_eq(count(out, "data-article-mirrors"), 0);
    ck_assert_uint_eq(count(out, "data-article-share"), 0);
    ck_assert_ptr_nonnull(strstr(out, "href=\"https://www.example.org/a\""));
    free(out);
}
END_TEST


START_TEST(test_unknown_host_never_reflected)
{
    art_conf_t  *c;
    char        *out;

    c = conf_of("article_canonical https://www.example.org",
                "article_metadata on",
                "article_mirrors www.example.org m.example.net",
                "article_mirror_links on", "article_share x", NULL);

    out = rewrite(c, "evil.example", "/a", page_plain, 0, NULL);
    ck_assert_ptr_null(strstr(out, "evil"));
    ck_assert_ptr_nonnull(strstr(out, "https://www.example.org/a"));
    free(out);
}
END_TEST


START_TEST(test_share_after_first_article_h1)
{
    static const char  page[] =
        "<html><head><title>T - Example News</title></head><body>"
        "<h1>Site</h1><article><h1>Story</h1><p>x</p><h1>Second</h1>"
        "</article></body></html>";
    art_conf_t  *c;
    char        *out, *bar;

    c = conf_of("article_canonical https://www.example.org",
                "article_share x email",
                "article_share_title_strip __-__Example__News", NULL);

    out = rewrite(c, "www.example.org", "/s", page, 0, NULL);
    bar = strstr(out, "data-article-share");
    ck_assert_ptr_nonnull(bar);
    ck_assert_uint_eq(count(out, "data-article-share"), 1);
    /* right after </h1> of the article's first h1 */
    ck_assert_before(strstr(out, "<h1>Story</h1>"), bar);
    ck_assert_before(bar, strstr(out, "<p>x</p>"));
    /* the title, with the site suffix gone */
    ck_assert_ptr_nonnull(strstr(out, "subject=T&amp;"));
    free(out);
}
END_TEST


/* the site suffix goes once, as article_share_title_strip says */
START_TEST(test_share_title_strip_once)
{
    static const char  page[] =
        "<html><head><title>A - Example News - Example News</title></head>"
        "<body><h1>A</h1></body></html>";
    art_conf_t  *c;
    char        *out;

    c = conf_of("article_canonical https://www.example.org",
                "article_share email",
                "article_share_title_strip __-__Example__News", NULL);

    out = rewrite(c, "www.example.org", "/s", page, 0, NULL);
    ck_assert_ptr_nonnull(strstr(out,
                                 "subject=A%20-%20Example%20News&amp;"));
    free(out);
}
END_TEST


START_TEST(test_share_fallback_body_and_none)
{
    static const char  page[] =
        "<html><head><title>No article</title></head><body><p>x</p>"
        "</body></html>";
    art_conf_t  *c;
    char        *out;

    c = conf_of("article_canonical https://www.example.org",
                "article_share x", NULL);
    out = rewrite(c, "www.example.org", "/s", page, 0, NULL);
    ck_assert_ptr_nonnull(strstr(out, "data-article-share"));
    ck_assert_before(strstr(out, "data-article-share"),
                     strstr(out, "</body>"));
    free(out);

    c = conf_of("article_canonical https://www.example.org",
                "article_share x",
                "article_share_anchor article__h1 after fallback=none", NULL);
    out = rewrite(c, "www.example.org", "/s", page, 0, NULL);
    ck_assert_ptr_null(strstr(out, "data-article-share"));
    free(out);
}
END_TEST


START_TEST(test_share_hostile_title_is_text)
{
    static const char  page[] =
        "<html><head><title>\"&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
        "</title></head><body><article><h1>h</h1></article></body></html>";
    art_conf_t  *c;
    char        *out;

    c = conf_of("article_canonical https://www.example.org",
                "article_metadata on", "article_share x email", NULL);
    out = rewrite(c, "www.example.org", "/s", page, 0, NULL);

    /* the only <script> is the JSON-LD one */
    ck_assert_uint_eq(count(out, "<script"), 1);
    ck_assert_ptr_null(strstr(out, "<script>alert"));
    ck_assert_ptr_nonnull(strstr(out, "%3Cscript%3E"));
    free(out);
}
END_TEST


START_TEST(test_page_without_title_or_body)
{
    art_conf_t  *c;
    char        *out;

    c = conf_of("article_canonical https://www.example.org",
                "article_metadata on", "article_share x",
                "article_mirrors www.example.org m.example.net", NULL);
    out = rewrite(c, "www.example.org", "/f", "<p>fragment only", 0, NULL);

    ck_assert(strncmp(out, "<p>fragment only", 16) == 0);
    ck_assert_ptr_nonnull(strstr(out, "data-article-share"));
    ck_assert_ptr_nonnull(strstr(out, "data-article-mirrors"));
    free(out);
}
END_TEST


START_TEST(test_chunked_equals_whole)
{
    art_conf_t  *c;
    char        *whole, *piece;
    size_t       chunk;
    static const size_t  chunks[] = { 1, 2, 3, 7, 64, 4096 };
    size_t       i;

    c = conf_of("article_canonical https://www.example.org",
                "article_metadata on",
                "article_mirrors www.example.org m.example.net",
                "article_mirror_links on", "article_share x facebook", NULL);

    whole = rewrite(c, "m.example.net", "/a", page_plain, 0, NULL);

    for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
        chunk = chunks[i];
        piece = rewrite(c, "m.example.net", "/a", page_plain, chunk, NULL);
        ck_assert_msg(strcmp(piece, whole) == 0, "chunk %zu differs", chunk);
        free(piece);
    }

    free(whole);
}
END_TEST


START_TEST(test_directive_errors)
{
    art_conf_t      *c;
    art_conf_ctx_t   ctx;
    char             err[512];
    art_str_t        arg;

    c = art_conf_create(&arena.alloc);
    ctx.alloc = &arena.alloc;
    ctx.base_dir = ".";
    ctx.err = err;
    ctx.errlen = sizeof(err);

    arg.data = (const unsigned char *) "maybe";
    arg.len = 5;
    ck_assert_int_eq(art_conf_set(c, &ctx, "article", &arg, 1),
                     ART_CONF_ERROR);
    ck_assert_ptr_nonnull(strstr(err, "\"maybe\""));

    arg.data = (const unsigned char *) "texthtml";
    arg.len = 8;
    ck_assert_int_eq(art_conf_set(c, &ctx, "article_types", &arg, 1),
                     ART_CONF_ERROR);
    ck_assert_ptr_nonnull(strstr(err, "invalid MIME type"));

    arg.data = (const unsigned char *) "12q";
    arg.len = 3;
    ck_assert_int_eq(art_conf_set(c, &ctx, "article_max_size", &arg, 1),
                     ART_CONF_ERROR);
    ck_assert_ptr_nonnull(strstr(err, "invalid size"));

    arg.data = (const unsigned char *) "data-thirty-two-bytes-long-name1";
    arg.len = 32;
    ck_assert_int_eq(art_conf_set(c, &ctx, "article_moderation_attrs", &arg,
                                  1), ART_CONF_ERROR);
    ck_assert_str_eq(err, "attribute name \"data-thirty-two-bytes-long-name1\""
                     " in \"article_moderation_attrs\" is longer than 31 "
                     "bytes");

    ck_assert_int_eq(art_conf_set(c, &ctx, "article_nonsense", &arg, 1),
                     ART_CONF_DECLINED);
}
END_TEST


/* selectors fine each alone, too many ancestors together on one page */
START_TEST(test_selectors_checked_together)
{
    static const char  *words[][3] = {
        { "article_canonical", "https://www.example.org", NULL },
        { "article_mirrors", "m.example.net", "www.example.org" },
        { "article_share", "x", NULL },
        { "article_share_anchor", NULL, "after" },
        { "article_mirror_block", NULL, "before" },
    };
    art_conf_t      *c;
    art_conf_ctx_t   ctx;
    art_str_t        args[2];
    char             err[512], sel[256];
    size_t           i, k, n;

    /* 15 x 2 ancestor compounds a list entry, three entries: 45 bits */
    snprintf(sel, sizeof(sel), "%s", "a b c d e f g h i j k l m n o p, "
             "a b c d e f g h i j k l m n o p, a b c d e f g h i j k l m n o p");

    c = art_conf_create(&arena.alloc);
    ctx.alloc = &arena.alloc;
    ctx.base_dir = ".";
    ctx.err = err;
    ctx.errlen = sizeof(err);

    for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        n = 0;

        for (k = 1; k < 3; k++) {
            const char  *w = words[i][k];

            if (k == 1 && w == NULL) {
                w = sel;
            }

            if (w != NULL) {
                args[n].data = (const unsigned char *) w;
                args[n++].len = strlen(w);
            }
        }

        ck_assert_msg(art_conf_set(c, &ctx, words[i][0], args, n)
                      == ART_CONF_OK, "%s: %s", words[i][0], err);
    }

    ck_assert_int_eq(art_conf_merge(c, NULL, &ctx), ART_CONF_ERROR);
    ck_assert_ptr_nonnull(strstr(err, "too many ancestor conditions"));
    ck_assert_ptr_nonnull(strstr(err, "in \"article_mirror_block\" together "
                                      "with \"article_share_anchor\""));
}
END_TEST


START_TEST(test_fingerprint_changes_with_settings)
{
    art_conf_t     *a, *b, *a2;
    unsigned char   fa[32], fb[32], fa2[32];

    a = conf_of("article_canonical https://www.example.org", NULL);
    a2 = conf_of("article_canonical https://www.example.org", NULL);
    b = conf_of("article_canonical https://www.example.net", NULL);

    art_conf_fingerprint(a, fa);
    art_conf_fingerprint(a2, fa2);
    art_conf_fingerprint(b, fb);

    ck_assert(memcmp(fa, fa2, 32) == 0);
    ck_assert(memcmp(fa, fb, 32) != 0);
}
END_TEST


START_TEST(test_types)
{
    art_conf_t  *c;

    c = conf_of("article on", NULL);
    ck_assert(art_conf_type_ok(c, (const unsigned char *) "text/html", 9));
    ck_assert(art_conf_type_ok(c, (const unsigned char *) "TEXT/HTML", 9));
    ck_assert(!art_conf_type_ok(c, (const unsigned char *) "text/plain",
                                10));

    c = conf_of("article_types application/xhtml+xml", NULL);
    ck_assert(art_conf_type_ok(c, (const unsigned char *)
                               "application/xhtml+xml", 21));
    ck_assert(!art_conf_type_ok(c, (const unsigned char *) "text/html", 9));
}
END_TEST


static void
write_file(const char *path, const char *text)
{
    FILE  *f;

    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}


START_TEST(test_moderation_in_page)
{
    art_conf_t  *c;
    char        *out, dir[] = "/tmp/art-test-XXXXXX", rules[64], line[128];

    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(rules, sizeof(rules), "%s/rules", dir);
    write_file(rules, "mask /darn/iw\n");
    snprintf(line, sizeof(line), "article_moderation %s", rules);

    c = conf_of(line, "article_canonical https://www.example.org",
                "article_share x", NULL);
    out = rewrite(c, "www.example.org", "/a",
                  "<html><head><title>Darn news</title></head><body>"
                  "<p title=\"darn\">d&#97;rn it, da<b>r</b>n"
                  "<script>darn()</script></p></body></html>", 7, NULL);

    /* the whole reference goes, the split word and the script stay */
    ck_assert_ptr_nonnull(strstr(out, "<p title=\"darn\">**** it, "
                                      "da<b>r</b>n<script>darn()</script>"));
    /* the title is moderated, and the share bar carries it so */
    ck_assert_ptr_nonnull(strstr(out, "<title>**** news</title>"));
    ck_assert_ptr_nonnull(strstr(out, "text=%2A%2A%2A%2A%20news"));
    free(out);

    unlink(rules);
    rmdir(dir);
}
END_TEST


/*
 * Names HTML allows but a selector cannot spell, more than a selector list
 * holds, and 31 bytes long: each is moderated, and the page is made.
 */
START_TEST(test_moderation_attrs_any_name)
{
    art_conf_t  *c;
    char        *out, dir[] = "/tmp/art-test-XXXXXX", rules[64], line[128];

    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(rules, sizeof(rules), "%s/rules", dir);
    write_file(rules, "mask /darn/\n");
    snprintf(line, sizeof(line), "article_moderation %s", rules);

    c = conf_of(line,
                "article_moderation_attrs a1 a2 a3 a4 a5 a6 a7 a8 a9 a10 a11 "
                "a12 a13 a14 a15 a16 title xlink:href @click v-on:click "
                "data-thirty-one-bytes-long-name", NULL);
    out = rewrite(c, "www.example.org", "/a",
                  "<p title=\"darn\" XLINK:HREF=\"#darn\" @click=\"darn()\" "
                  "v-on:click=\"go\" alt=\"darn\" "
                  "data-thirty-one-bytes-long-name=\"darn\">"
                  "darn</p>", 5, NULL);

    ck_assert_str_eq(out, "<p title=\"****\" XLINK:HREF=\"#****\" "
                          "@click=\"****()\" v-on:click=\"go\" "
                          "alt=\"darn\" data-thirty-one-bytes-long-name"
                          "=\"****\">****</p>");
    free(out);

    unlink(rules);
    rmdir(dir);
}
END_TEST


/*
 * The <meta> attributes are found by name in any case and order, each
 * key of a tag counts, and a tag without content or key gives nothing.
 */
START_TEST(test_meta_attributes_any_case)
{
    static const char  page[] =
        "<html><head><meta charset=utf-8><title>Plain title</title>"
        "<meta NAME=\"description\" CONTENT=\"Desc &amp; more\">"
        "<meta Content=\"OG headline\" pRoPeRtY=\"og:title\" "
        "name=\"unknown\">"
        "<meta content=\"2024-05-01\" ITEMPROP=\"datePublished\">"
        "<meta content=\"no key\">"
        "<meta property=\"og:type\">"
        "<meta property=og:site_name content=First content=Second>"
        "<meta name=twitter:card property=og:image "
        "content=https://img.example/a.png>"
        "<meta property=\"fb:pages\" name=\"article:modified_time\" "
        "content=\"2024-06-&#48;2\">"
        "</head><body><h1>H</h1></body></html>";
    art_conf_t  *c;
    char        *out;

    c = conf_of("article_canonical https://www.example.org",
                "article_metadata on", NULL);
    out = rewrite(c, "www.example.org", "/a", page, 3, NULL);

    ck_assert_ptr_nonnull(strstr(out, "\"headline\":\"OG headline\""));
    ck_assert_ptr_nonnull(strstr(out, "\"description\":\"Desc \\u0026 more\""));
    ck_assert_ptr_nonnull(strstr(out, "\"datePublished\":\"2024-05-01\""));
    ck_assert_ptr_nonnull(strstr(out, "\"image\":"
                                      "\"https://img.example/a.png\""));
    ck_assert_ptr_nonnull(strstr(out, "\"name\":\"First\""));
    /* a known key after an unknown one */
    ck_assert_ptr_nonnull(strstr(out, "\"dateModified\":\"2024-06-02\""));
    /* the page has og:title and og:image, twitter:card, no og:type */
    ck_assert_uint_eq(count(out, "og:title"), 1);
    ck_assert_uint_eq(count(out, "og:image"), 1);
    ck_assert_uint_eq(count(out, "twitter:card"), 1);
    ck_assert_uint_eq(count(out, "og:type"), 2);
    free(out);
}
END_TEST


/* only a script typed as JSON-LD says the page has its article already */
START_TEST(test_jsonld_script_needs_type)
{
    static const char  *pages[] = {
        "<html><head><script>{\"@type\":\"NewsArticle\"}</script></head>"
        "<body></body></html>",
        "<html><head><script type=module>{\"@type\":\"NewsArticle\"}"
        "</script></head><body></body></html>",
        "<html><head><script TYPE=\"Application/LD+JSON\">"
        "{\"@type\":\"NewsArticle\"}</script></head><body></body></html>"
    };
    art_conf_t  *c;
    char        *out;
    size_t       i;

    c = conf_of("article_canonical https://www.example.org",
                "article_metadata on", NULL);

    for (i = 0; i < 3; i++) {
        out = rewrite(c, "www.example.org", "/a", pages[i], 0, NULL);
        ck_assert_uint_eq(count(out, "\"@context\""), i < 2 ? 1 : 0);
        free(out);
    }
}
END_TEST


/* a charset other than UTF-8 turns moderation off, with metadata or not */
START_TEST(test_meta_charset_any_case)
{
    static const struct {
        const char  *meta;
        int          skipped;
    } cases[] = {
        { "<meta CHARSET=\"ISO-8859-1\">", 1 },
        { "<meta name=x charset=' windows-1252 '>", 1 },
        { "<meta charset=UTF-8>", 0 },
        { "<meta HTTP-EQUIV=\"Content-Type\" "
          "CONTENT=\"text/html; charset=windows-1252\">", 1 },
        { "<meta content=\"text/html; Charset=koi8-r\" "
          "http-equiv=content-type>", 1 },
        { "<meta http-equiv=\"content-type\" "
          "content=\"text/html; charset=utf-8\">", 0 },
        { "<meta http-equiv=refresh content=\"charset=latin1\">", 0 },
        { "<meta name=charset content=latin1>", 0 },
        { "<meta property=og:title content=\"charset=latin1\">", 0 }
    };
    art_conf_t  *c;
    art_page_t  *pg;
    char        *out, dir[] = "/tmp/art-test-XXXXXX", rules[64], line[128],
                 page[512];
    size_t       i, k;

    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(rules, sizeof(rules), "%s/rules", dir);
    write_file(rules, "mask /darn/\n");
    snprintf(line, sizeof(line), "article_moderation %s", rules);

    for (k = 0; k < 2; k++) {
        c = k == 0 ? conf_of(line, NULL)
                   : conf_of(line, "article_canonical https://www.example.org",
                             "article_metadata on", NULL);

        for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
            snprintf(page, sizeof(page), "<html><head>%s<title>t</title>"
                     "</head><body><p title=darn>darn</p></body></html>",
                     cases[i].meta);
            out = rewrite(c, "www.example.org", "/a", page, 0, &pg);

            ck_assert_msg(art_page_moderation_skipped(pg)
                          == cases[i].skipped, "%s (metadata %s)",
                          cases[i].meta, k ? "on" : "off");
            ck_assert_uint_eq(count(out, ">darn<"),
                              (size_t) (cases[i].skipped ? 1 : 0));

            art_page_destroy(pg);
            free(out);
        }
    }

    unlink(rules);
    rmdir(dir);
}
END_TEST


START_TEST(test_fingerprint_follows_word_lists)
{
    art_conf_t     *a, *b;
    unsigned char   fa[32], fb[32];
    char            dir[] = "/tmp/art-test-XXXXXX", rules[64], words[64],
                    line[128];

    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(rules, sizeof(rules), "%s/rules", dir);
    snprintf(words, sizeof(words), "%s/words.txt", dir);
    write_file(rules, "words mask words.txt\n");
    write_file(words, "alpha\n");
    snprintf(line, sizeof(line), "article_moderation %s", rules);

    a = conf_of(line, NULL);
    write_file(words, "alpha\nbeta\n");
    b = conf_of(line, NULL);

    art_conf_fingerprint(a, fa);
    art_conf_fingerprint(b, fb);
    ck_assert(memcmp(fa, fb, 32) != 0);

    art_conf_free(a);
    art_conf_free(b);
    unlink(words);
    unlink(rules);
    rmdir(dir);
}
END_TEST


static Suite *
article_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("article");
    tc = tcase_create("core");
    tcase_add_checked_fixture(tc, arena_setup, arena_empty);
    tcase_add_test(tc, test_nothing_configured_is_identity);
    tcase_add_test(tc, test_metadata_added_once);
    tcase_add_test(tc, test_metadata_rewritten_twice_is_stable);
    tcase_add_test(tc, test_canonical_fix_keep_replace);
    tcase_add_test(tc, test_mirror_links_and_block);
    tcase_add_test(tc, test_mirror_links_by_name);
    tcase_add_test(tc, test_marks_any_case);
    tcase_add_test(tc, test_unknown_host_never_reflected);
    tcase_add_test(tc, test_share_after_first_article_h1);
    tcase_add_test(tc, test_share_title_strip_once);
    tcase_add_test(tc, test_share_fallback_body_and_none);
    tcase_add_test(tc, test_share_hostile_title_is_text);
    tcase_add_test(tc, test_page_without_title_or_body);
    tcase_add_test(tc, test_chunked_equals_whole);
    tcase_add_test(tc, test_directive_errors);
    tcase_add_test(tc, test_fingerprint_changes_with_settings);
    tcase_add_test(tc, test_types);
    tcase_add_test(tc, test_moderation_in_page);
    tcase_add_test(tc, test_moderation_attrs_any_name);
    tcase_add_test(tc, test_selectors_checked_together);
    tcase_add_test(tc, test_fingerprint_follows_word_lists);
    tcase_add_test(tc, test_meta_attributes_any_case);
    tcase_add_test(tc, test_meta_charset_any_case);
    tcase_add_test(tc, test_jsonld_script_needs_type);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    return art_test_run(article_suite());
}
