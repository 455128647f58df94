#include <stdint.h>
#include <unistd.h>

#include "art_test.h"
#include "art_escape.h"
#include "art_grapheme.h"
#include "art_share.h"


#define T1   "Tom & Jerry's \"big\" #1 + more"
#define ET1  "Tom%20%26%20Jerry%27s%20%22big%22%20%231%20%2B%20more"
#define U1   "https://example.com/a/b?id=1&lang=en"
#define EU1  "https%3A%2F%2Fexample.com%2Fa%2Fb%3Fid%3D1%26lang%3Den"

/* Arabic: "marhaban bil-alam" and a waving hand */
#define AR   "\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7 \xd8\xa8\xd8\xa7" \
             "\xd9\x84\xd8\xb9\xd8\xa7\xd9\x84\xd9\x85 \xf0\x9f\x91\x8b"
#define EAR  "%D9%85%D8%B1%D8%AD%D8%A8%D8%A7%20%D8%A8%D8%A7%D9%84%D8%B9%D8%A7" \
             "%D9%84%D9%85%20%F0%9F%91%8B"
/* Persian with a ZWNJ inside "mi-khaham", and the flag of Iran */
#define FA   "\xd8\xae\xd8\xa8\xd8\xb1 \xd9\x81\xd9\x88\xd8\xb1\xdb\x8c: " \
             "\xd9\x85\xdb\x8c\xe2\x80\x8c\xd8\xae\xd9\x88\xd8\xa7\xd9\x87" \
             "\xd9\x85 \xf0\x9f\x87\xae\xf0\x9f\x87\xb7"
#define EFA  "%D8%AE%D8%A8%D8%B1%20%D9%81%D9%88%D8%B1%DB%8C%3A%20%D9%85%DB%8C" \
             "%E2%80%8C%D8%AE%D9%88%D8%A7%D9%87%D9%85%20%F0%9F%87%AE%F0%9F%87" \
             "%B7"

#define ELLIPSIS  "\xe2\x80\xa6"
#define FAMILY    "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d" \
                  "\xf0\x9f\x91\xa7\xe2\x80\x8d\xf0\x9f\x91\xa6"
#define FLAG_FR   "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7"


/*
 * A pool: the configuration's allocations live until the test ends, as
 * they live with nginx's configuration pool.
 */
typedef struct {
    void    **p;
    size_t    n;
    size_t    cap;
} pool_t;


static void *
pool_alloc(void *ctx, size_t size)
{
    pool_t  *pl = ctx;
    void   **np;

    if (pl->n == pl->cap) {
        pl->cap = pl->cap ? pl->cap * 2 : 64;
        np = realloc(pl->p, pl->cap * sizeof(void *));
        ck_assert_ptr_nonnull(np);
        pl->p = np;
    }

    pl->p[pl->n] = malloc(size ? size : 1);
    ck_assert_ptr_nonnull(pl->p[pl->n]);

    return pl->p[pl->n++];
}


typedef struct {
    pool_t            pool;
    art_allocator_t   a;
    art_conf_ctx_t    ctx;
    char              err[512];
    art_share_conf_t  c;
    art_share_conf_t  parent;
} env_t;


static void
env_init(env_t *e)
{
    memset(e, 0, sizeof(env_t));
    e->a.alloc = pool_alloc;
    e->a.free = NULL;
    e->a.ctx = &e->pool;
    e->ctx.alloc = &e->a;
    e->ctx.base_dir = "/nonexistent";
    e->ctx.err = e->err;
    e->ctx.errlen = sizeof(e->err);
    art_share_conf_init(&e->c);
    art_share_conf_init(&e->parent);
}


static void
env_free(env_t *e)
{
    size_t  i;

    for (i = 0; i < e->pool.n; i++) {
        free(e->pool.p[i]);
    }

    free(e->pool.p);
}


/*
 * One directive, as "name arg arg"; an argument in double quotes may hold
 * spaces.
 */
static int
set_on(env_t *e, art_share_conf_t *c, const char *line)
{
    char       *copy, *p, *name;
    size_t      n;
    art_str_t   args[16];

    copy = pool_alloc(&e->pool, strlen(line) + 1);
    strcpy(copy, line);

    name = copy;
    p = strchr(copy, ' ');
    n = 0;

    if (p != NULL) {
        *p++ = '\0';

        while (*p != '\0') {
            ck_assert_uint_lt(n, 16);

            if (*p == '"') {
                args[n].data = (unsigned char *) ++p;
                p = strchr(p, '"');
                ck_assert_ptr_nonnull(p);
                args[n].len = (size_t) (p - (char *) args[n].data);
                p++;

            } else {
                args[n].data = (unsigned char *) p;
                while (*p != ' ' && *p != '\0') {
                    p++;
                }
                args[n].len = (size_t) (p - (char *) args[n].data);
            }

            n++;

            while (*p == ' ') {
                p++;
            }
        }
    }

    e->err[0] = '\0';

    return art_share_conf_set(c, &e->ctx, name, args, n);
}


static void
set(env_t *e, const char *line)
{
    int  rc;

    rc = set_on(e, &e->c, line);
    ck_assert_msg(rc == ART_CONF_OK, "\"%s\": %d %s", line, rc, e->err);
}


/* the directive fails, and the message holds want */
static void
set_fails(env_t *e, const char *line, const char *want)
{
    int  rc;

    rc = set_on(e, &e->c, line);
    ck_assert_msg(rc == ART_CONF_ERROR, "\"%s\" gave %d", line, rc);
    ck_assert_msg(strstr(e->err, want) != NULL, "\"%s\": \"%s\" lacks "
                  "\"%s\"", line, e->err, want);
}


/* a NUL-terminated copy of b, owned by the pool */
static char *
take(env_t *e, art_buf_t *b)
{
    char  *s;

    ck_assert_int_eq(b->failed, 0);
    s = pool_alloc(&e->pool, b->len + 1);
    if (b->len) {
        memcpy(s, b->data, b->len);
    }
    s[b->len] = '\0';
    art_buf_free(b);

    return s;
}


static char *
share_url(env_t *e, const char *net, const char *url, const char *title)
{
    art_buf_t  b;

    art_buf_init(&b, &art_malloc_allocator);
    ck_assert_int_eq(art_share_url(&b, &e->c, net, url,
                                   (const unsigned char *) title,
                                   strlen(title)), 0);

    return take(e, &b);
}


static char *
render(env_t *e, const char *url, const char *title, const char *dir,
    const char *nonce)
{
    art_buf_t  b;

    art_buf_init(&b, &art_malloc_allocator);
    ck_assert_int_eq(art_share_render(&b, &e->c, url,
                                      (const unsigned char *) title,
                                      strlen(title), dir, nonce), 0);

    return take(e, &b);
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


static int
hexval(int c)
{
    return c <= '9' ? c - '0' : c - 'A' + 10;
}


/* the percent-decoded value of parameter name (as "text=") in url */
static char *
param(env_t *e, const char *url, const char *name)
{
    char        *out, *o;
    const char  *p;

    p = strstr(url, name);
    ck_assert_msg(p != NULL, "no %s in %s", name, url);
    p += strlen(name);

    out = pool_alloc(&e->pool, strlen(p) + 1);

    for (o = out; *p != '\0' && *p != '&'; p++) {
        if (*p == '%') {
            ck_assert(p[1] != '\0' && p[2] != '\0');
            *o++ = (char) (hexval(p[1]) * 16 + hexval(p[2]));
            p += 2;

        } else {
            /* everything else must have been encoded */
            ck_assert_msg((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')
                          || (*p >= '0' && *p <= '9') || strchr("-._~", *p),
                          "raw '%c' in %s", *p, url);
            *o++ = *p;
        }
    }

    *o = '\0';

    return out;
}


static char *
repeat(env_t *e, const char *s, size_t n)
{
    char    *out;
    size_t   i, len;

    len = strlen(s);
    out = pool_alloc(&e->pool, len * n + 1);

    for (i = 0; i < n; i++) {
        memcpy(out + i * len, s, len);
    }

    out[len * n] = '\0';

    return out;
}


/*
 * text is title cut: a prefix of it that ends where a grapheme cluster
 * of the title ends, then an ellipsis.  Returns the prefix length.
 */
static size_t
assert_cut(const char *title, const char *text)
{
    size_t                n, i, tl;
    const unsigned char  *t;

    n = strlen(text);
    ck_assert_uint_gt(n, 3);
    ck_assert_str_eq(text + n - 3, ELLIPSIS);
    n -= 3;

    ck_assert_msg(strncmp(title, text, n) == 0, "not a prefix: %s", text);

    t = (const unsigned char *) title;
    tl = strlen(title);

    for (i = 0; i < n; i += art_grapheme_next(t + i, tl - i)) {
        /* walk the title's clusters */
    }

    ck_assert_msg(i == n, "cut at byte %zu splits the cluster ending at %zu",
                  n, i);

    return n;
}


/* directives */

START_TEST(test_conf_defaults)
{
    env_t  e;

    env_init(&e);
    art_share_conf_merge(&e.c, NULL);

    ck_assert_int_eq(e.c.enabled, 0);
    ck_assert_uint_eq(e.c.nnetworks, 0);
    ck_assert_str_eq(e.c.anchor_selector, "article h1");
    ck_assert_int_eq(e.c.anchor_position, ART_POS_AFTER);
    ck_assert_int_eq(e.c.anchor_fallback, ART_SHARE_FALLBACK_BODY);
    ck_assert_str_eq(e.c.label, "Share this article");
    ck_assert_int_eq(e.c.utm, 0);
    ck_assert_int_eq(e.c.style, 1);
    ck_assert_int_eq(e.c.native, 0);
    ck_assert_ptr_null(e.c.via);
    ck_assert_uint_eq(e.c.nhashtags, 0);
    ck_assert_uint_eq(e.c.ntitle_strip, 0);
    ck_assert_ptr_null(e.c.template);
    ck_assert_str_eq(e.c.mastodon, "https://share.joinmastodon.org/#text=");

    /* off by default: no bar at all */
    ck_assert_str_eq(render(&e, U1, T1, NULL, NULL), "");

    env_free(&e);
}
END_TEST


START_TEST(test_conf_set_and_merge)
{
    env_t   e;
    char   *out;

    env_init(&e);

    ck_assert_int_eq(set_on(&e, &e.parent, "article_share telegram x"),
                     ART_CONF_OK);
    ck_assert_int_eq(set_on(&e, &e.parent, "article_share_anchor main>h2 "
                            "append fallback=none"), ART_CONF_OK);
    ck_assert_int_eq(set_on(&e, &e.parent, "article_share_label Teilen"),
                     ART_CONF_OK);
    ck_assert_int_eq(set_on(&e, &e.parent, "article_share_via @Example_1"),
                     ART_CONF_OK);
    ck_assert_int_eq(set_on(&e, &e.parent, "article_share_style off"),
                     ART_CONF_OK);
    art_share_conf_merge(&e.parent, NULL);

    set(&e, "article_share_native on");
    set(&e, "article_share_hashtags #news world");
    art_share_conf_merge(&e.c, &e.parent);

    ck_assert_int_eq(e.c.enabled, 1);
    ck_assert_uint_eq(e.c.nnetworks, 2);
    ck_assert_str_eq(e.c.anchor_selector, "main>h2");
    ck_assert_int_eq(e.c.anchor_position, ART_POS_APPEND);
    ck_assert_int_eq(e.c.anchor_fallback, ART_SHARE_FALLBACK_NONE);
    ck_assert_str_eq(e.c.label, "Teilen");
    ck_assert_str_eq(e.c.via, "Example_1");
    ck_assert_int_eq(e.c.style, 0);
    ck_assert_int_eq(e.c.native, 1);
    ck_assert_uint_eq(e.c.nhashtags, 2);
    ck_assert_str_eq(e.c.hashtags[0], "news");
    ck_assert_str_eq(e.c.hashtags[1], "world");

    /* the order of the directive is the order of the bar */
    out = render(&e, U1, T1, NULL, NULL);
    ck_assert_ptr_nonnull(strstr(out, "x.com"));
    ck_assert(strstr(out, "t.me") < strstr(out, "x.com"));

    env_free(&e);
}
END_TEST


START_TEST(test_conf_off_overrides_parent)
{
    env_t  e;

    env_init(&e);

    ck_assert_int_eq(set_on(&e, &e.parent, "article_share x"), ART_CONF_OK);
    art_share_conf_merge(&e.parent, NULL);
    set(&e, "article_share off");
    art_share_conf_merge(&e.c, &e.parent);

    ck_assert_int_eq(e.c.enabled, 0);
    ck_assert_str_eq(render(&e, U1, T1, NULL, NULL), "");

    env_free(&e);
}
END_TEST


START_TEST(test_conf_errors)
{
    env_t  e;

    env_init(&e);

    set_fails(&e, "article_share x myspace", "unknown network \"myspace\"");
    art_share_conf_init(&e.c);
    set_fails(&e, "article_share x facebook x", "\"x\" is listed twice");
    art_share_conf_init(&e.c);
    set_fails(&e, "article_share twitter x", "listed twice");
    art_share_conf_init(&e.c);
    set_fails(&e, "article_share x off", "\"off\" must stand alone");
    art_share_conf_init(&e.c);
    set_fails(&e, "article_share", "invalid number of arguments");
    art_share_conf_init(&e.c);
    set(&e, "article_share x");
    set_fails(&e, "article_share facebook", "is duplicate");

    set_fails(&e, "article_share_anchor h1 inside", "invalid position "
              "\"inside\"");
    set_fails(&e, "article_share_anchor h1 after fallback=head",
              "\"fallback=head\"");
    set_fails(&e, "article_share_anchor h1", "invalid number of arguments");
    set_fails(&e, "article_share_anchor \"\" after", "empty selector");

    set_fails(&e, "article_share_label \"  \"", "empty label");
    set_fails(&e, "article_share_utm yes", "it must be \"on\" or \"off\"");
    set_fails(&e, "article_share_style 1", "\"on\" or \"off\"");
    set_fails(&e, "article_share_native", "invalid number of arguments");
    set_fails(&e, "article_share_via @", "invalid handle");
    set_fails(&e, "article_share_via @much_too_long_handle", "invalid handle");
    set_fails(&e, "article_share_via @a-b", "invalid handle");
    set_fails(&e, "article_share_hashtags a,b", "invalid hashtag \"a,b\"");
    set_fails(&e, "article_share_hashtags \"a b\"", "invalid hashtag");
    set_fails(&e, "article_share_hashtags #", "invalid hashtag");
    set_fails(&e, "article_share_title_strip \" \"", "empty suffix");
    set_fails(&e, "article_share_mastodon ftp://x/", "invalid URL");
    set_fails(&e, "article_share_mastodon https://a/?t=<x>", "invalid URL");

    set(&e, "article_share_utm on");
    set_fails(&e, "article_share_utm off", "is duplicate");

    ck_assert_int_eq(set_on(&e, &e.c, "article_canonical https://a"),
                     ART_CONF_DECLINED);
    ck_assert_int_eq(set_on(&e, &e.c, "article_sharex on"),
                     ART_CONF_DECLINED);

    env_free(&e);
}
END_TEST


/* share URLs */

START_TEST(test_network_urls)
{
    env_t  e;

    env_init(&e);
    art_share_conf_merge(&e.c, NULL);

    ck_assert_str_eq(share_url(&e, "x", U1, T1),
                     "https://x.com/intent/tweet?text=" ET1 "&url=" EU1);
    ck_assert_str_eq(share_url(&e, "twitter", U1, T1),
                     "https://x.com/intent/tweet?text=" ET1 "&url=" EU1);
    ck_assert_str_eq(share_url(&e, "facebook", U1, T1),
                     "https://www.facebook.com/sharer/sharer.php?u=" EU1);
    ck_assert_str_eq(share_url(&e, "linkedin", U1, T1),
                     "https://www.linkedin.com/sharing/share-offsite/?url="
                     EU1);
    ck_assert_str_eq(share_url(&e, "reddit", U1, T1),
                     "https://www.reddit.com/submit?url=" EU1 "&title=" ET1);
    ck_assert_str_eq(share_url(&e, "telegram", U1, T1),
                     "https://t.me/share/url?url=" EU1 "&text=" ET1);
    ck_assert_str_eq(share_url(&e, "whatsapp", U1, T1),
                     "https://wa.me/?text=" ET1 "%20" EU1);
    ck_assert_str_eq(share_url(&e, "vk", U1, T1),
                     "https://vk.com/share.php?url=" EU1 "&title=" ET1);
    ck_assert_str_eq(share_url(&e, "bluesky", U1, T1),
                     "https://bsky.app/intent/compose?text=" ET1 "%20" EU1);
    ck_assert_str_eq(share_url(&e, "mastodon", U1, T1),
                     "https://share.joinmastodon.org/#text=" ET1 "%20" EU1);
    ck_assert_str_eq(share_url(&e, "threads", U1, T1),
                     "https://www.threads.net/intent/post?text=" ET1 "%20"
                     EU1);
    ck_assert_str_eq(share_url(&e, "pinterest", U1, T1),
                     "https://pinterest.com/pin/create/button/?url=" EU1
                     "&description=" ET1);
    ck_assert_str_eq(share_url(&e, "hackernews", U1, T1),
                     "https://news.ycombinator.com/submitlink?u=" EU1 "&t="
                     ET1);
    ck_assert_str_eq(share_url(&e, "email", U1, T1),
                     "mailto:?subject=" ET1 "&body=" EU1);
    ck_assert_str_eq(share_url(&e, "line", U1, T1),
                     "https://social-plugins.line.me/lineit/share?url=" EU1);
    ck_assert_str_eq(share_url(&e, "weibo", U1, T1),
                     "https://service.weibo.com/share/share.php?url=" EU1
                     "&title=" ET1);

    env_free(&e);
}
END_TEST


START_TEST(test_network_urls_rtl_and_emoji)
{
    env_t  e;

    env_init(&e);
    art_share_conf_merge(&e.c, NULL);

    ck_assert_str_eq(share_url(&e, "x", U1, AR),
                     "https://x.com/intent/tweet?text=" EAR "&url=" EU1);
    ck_assert_str_eq(share_url(&e, "telegram", U1, FA),
                     "https://t.me/share/url?url=" EU1 "&text=" EFA);
    ck_assert_str_eq(share_url(&e, "bluesky", U1, FA),
                     "https://bsky.app/intent/compose?text=" EFA "%20" EU1);
    ck_assert_str_eq(share_url(&e, "whatsapp", U1, AR),
                     "https://wa.me/?text=" EAR "%20" EU1);
    ck_assert_str_eq(share_url(&e, "email", U1, FA),
                     "mailto:?subject=" EFA "&body=" EU1);
    ck_assert_str_eq(share_url(&e, "weibo", U1, AR),
                     "https://service.weibo.com/share/share.php?url=" EU1
                     "&title=" EAR);

    env_free(&e);
}
END_TEST


START_TEST(test_unknown_network_url)
{
    env_t      e;
    art_buf_t  b;

    env_init(&e);
    art_share_conf_merge(&e.c, NULL);
    art_buf_init(&b, &art_malloc_allocator);

    ck_assert_int_eq(art_share_url(&b, &e.c, "myspace", U1,
                                   (const unsigned char *) "t", 1), -1);
    ck_assert_int_eq(art_share_url(&b, &e.c, "x", "",
                                   (const unsigned char *) "t", 1), -1);
    ck_assert_uint_eq(b.len, 0);

    art_buf_free(&b);
    env_free(&e);
}
END_TEST


START_TEST(test_utm)
{
    env_t  e;

    env_init(&e);
    set(&e, "article_share_utm on");
    art_share_conf_merge(&e.c, NULL);

    /* a query: & */
    ck_assert_str_eq(share_url(&e, "facebook", U1, T1),
                     "https://www.facebook.com/sharer/sharer.php?u=" EU1
                     "%26utm_source%3Dfacebook%26utm_medium%3Dsocial");
    /* no query: ? */
    ck_assert_str_eq(param(&e, share_url(&e, "linkedin", "https://e.com/a",
                                         T1), "url="),
                     "https://e.com/a?utm_source=linkedin&utm_medium=social");
    /* a fragment stays last */
    ck_assert_str_eq(param(&e, share_url(&e, "telegram",
                                         "https://e.com/a?b=1#c", T1),
                           "url="),
                     "https://e.com/a?b=1&utm_source=telegram"
                     "&utm_medium=social#c");
    ck_assert_str_eq(param(&e, share_url(&e, "reddit", "https://e.com/a#c?d",
                                         T1), "url="),
                     "https://e.com/a?utm_source=reddit&utm_medium=social#c?d");
    /* a query that ends with ? or & takes no second separator */
    ck_assert_str_eq(param(&e, share_url(&e, "vk", "https://e.com/a?", T1),
                           "url="),
                     "https://e.com/a?utm_source=vk&utm_medium=social");
    ck_assert_str_eq(param(&e, share_url(&e, "vk", "https://e.com/a?b=1&",
                                         T1), "url="),
                     "https://e.com/a?b=1&utm_source=vk&utm_medium=social");
    /* the text of WhatsApp carries the tagged URL too */
    ck_assert_str_eq(param(&e, share_url(&e, "whatsapp", "https://e.com/a",
                                         "Hi"), "text="),
                     "Hi https://e.com/a?utm_source=whatsapp"
                     "&utm_medium=social");
    ck_assert_str_eq(param(&e, share_url(&e, "email", "https://e.com/a", "Hi"),
                           "body="),
                     "https://e.com/a?utm_source=email&utm_medium=social");

    env_free(&e);
}
END_TEST


START_TEST(test_via_hashtags)
{
    env_t  e;

    env_init(&e);
    set(&e, "article_share_via @ExampleNews");
    set(&e, "article_share_hashtags #news world "
            "\xd8\xae\xd8\xa8\xd8\xb1");
    art_share_conf_merge(&e.c, NULL);

    ck_assert_str_eq(share_url(&e, "x", U1, "Hi"),
                     "https://x.com/intent/tweet?text=Hi&url=" EU1
                     "&via=ExampleNews&hashtags=news,world,%D8%AE%D8%A8%D8%B1");
    /* X only */
    ck_assert_str_eq(share_url(&e, "telegram", U1, "Hi"),
                     "https://t.me/share/url?url=" EU1 "&text=Hi");

    env_free(&e);
}
END_TEST


START_TEST(test_mastodon_chooser)
{
    env_t  e;

    env_init(&e);
    set(&e, "article_share_mastodon https://toot.kytta.dev/?text=");
    art_share_conf_merge(&e.c, NULL);

    ck_assert_str_eq(share_url(&e, "mastodon", U1, T1),
                     "https://toot.kytta.dev/?text=" ET1 "%20" EU1);
    /* no title: the URL alone */
    ck_assert_str_eq(share_url(&e, "mastodon", U1, ""),
                     "https://toot.kytta.dev/?text=" EU1);

    env_free(&e);
}
END_TEST


START_TEST(test_empty_title)
{
    env_t   e;
    char   *out;

    env_init(&e);
    set(&e, "article_share x whatsapp email reddit");
    art_share_conf_merge(&e.c, NULL);

    ck_assert_str_eq(share_url(&e, "x", U1, ""),
                     "https://x.com/intent/tweet?url=" EU1);
    ck_assert_str_eq(share_url(&e, "whatsapp", U1, " \t\n"),
                     "https://wa.me/?text=" EU1);
    ck_assert_str_eq(share_url(&e, "email", U1, ""), "mailto:?body=" EU1);
    ck_assert_str_eq(share_url(&e, "reddit", U1, ""),
                     "https://www.reddit.com/submit?url=" EU1);
    ck_assert_str_eq(share_url(&e, "bluesky", U1, ""),
                     "https://bsky.app/intent/compose?text=" EU1);

    out = render(&e, U1, "", NULL, NULL);
    ck_assert_uint_eq(count(out, "<a "), 4);
    ck_assert_ptr_nonnull(strstr(out, "href=\"https://wa.me/?text=" EU1
                                      "\""));

    env_free(&e);
}
END_TEST


/* truncation */

START_TEST(test_x_cut_ascii)
{
    env_t   e;
    char   *title, *text;

    env_init(&e);
    art_share_conf_merge(&e.c, NULL);

    /* 280 - 23 (URL) - 1 (space) = 256, minus 2 for the ellipsis */
    title = repeat(&e, "a", 300);
    text = param(&e, share_url(&e, "x", U1, title), "text=");
    ck_assert_uint_eq(assert_cut(title, text), 254);

    /* exactly at the limit: not cut */
    title = repeat(&e, "b", 256);
    ck_assert_str_eq(param(&e, share_url(&e, "x", U1, title), "text="),
                     title);

    /* one more: cut */
    title = repeat(&e, "b", 257);
    text = param(&e, share_url(&e, "x", U1, title), "text=");
    ck_assert_uint_eq(assert_cut(title, text), 254);

    /* no space before the ellipsis: the 254th character is one */
    title = repeat(&e, "a ", 200);
    text = param(&e, share_url(&e, "x", U1, title), "text=");
    ck_assert_uint_eq(assert_cut(title, text), 253);
    ck_assert_int_eq(text[252], 'a');

    env_free(&e);
}
END_TEST


START_TEST(test_x_cut_with_via_hashtags)
{
    env_t   e;
    char   *title, *text;

    env_init(&e);
    set(&e, "article_share_via example");
    set(&e, "article_share_hashtags news world");
    art_share_conf_merge(&e.c, NULL);

    /* 256 - " #news" - " #world" - " via @example" = 230 */
    title = repeat(&e, "a", 300);
    text = param(&e, share_url(&e, "x", U1, title), "text=");
    ck_assert_uint_eq(assert_cut(title, text), 228);

    env_free(&e);
}
END_TEST


START_TEST(test_x_cut_emoji_flags)
{
    env_t   e;
    char   *title, *text;
    size_t  n;

    env_init(&e);
    art_share_conf_merge(&e.c, NULL);

    /* a family counts 2 per person and 1 per ZWJ: 11; 254 / 11 = 23 */
    title = repeat(&e, FAMILY, 30);
    text = param(&e, share_url(&e, "x", U1, title), "text=");
    n = assert_cut(title, text);
    ck_assert_uint_eq(n, 23 * strlen(FAMILY));

    /* a flag counts 2: 127 of them, never half of one */
    title = repeat(&e, FLAG_FR, 200);
    text = param(&e, share_url(&e, "x", U1, title), "text=");
    n = assert_cut(title, text);
    ck_assert_uint_eq(n, 127 * strlen(FLAG_FR));

    /* HEART + VS16 and THUMBS UP + SKIN TONE count 2 like one emoji */
    title = repeat(&e, "\xe2\x9d\xa4\xef\xb8\x8f"
                       "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd", 100);
    text = param(&e, share_url(&e, "x", U1, title), "text=");
    ck_assert_uint_eq(assert_cut(title, text), 63 * 14 + 6);

    /* CJK counts 2 a character: 127 of 200 */
    title = repeat(&e, "\xe6\x96\xb0", 200);
    text = param(&e, share_url(&e, "x", U1, title), "text=");
    ck_assert_uint_eq(assert_cut(title, text), 127 * 3);

    env_free(&e);
}
END_TEST


START_TEST(test_x_cut_marks)
{
    env_t   e;
    char   *title, *text;
    size_t  n;

    env_init(&e);
    art_share_conf_merge(&e.c, NULL);

    /* BEH + KASRA: a cluster of weight 2; 127 of them, marks kept */
    title = repeat(&e, "\xd8\xa8\xd9\x90", 200);
    text = param(&e, share_url(&e, "x", U1, title), "text=");
    n = assert_cut(title, text);
    ck_assert_uint_eq(n, 127 * 4);

    /* e + COMBINING ACUTE + COMBINING DOT BELOW: weight 3, 84 fit in 254 */
    title = repeat(&e, "e\xcc\x81\xcc\xa3", 100);
    text = param(&e, share_url(&e, "x", U1, title), "text=");
    n = assert_cut(title, text);
    ck_assert_uint_eq(n, 84 * 5);

    /*
     * A Persian ZWNJ stays with the letter before it: MEEM (1) then YEH +
     * ZWNJ (2); 84 pairs, then a MEEM fits, and not YEH without its ZWNJ
     */
    title = repeat(&e, "\xd9\x85\xdb\x8c\xe2\x80\x8c", 200);
    text = param(&e, share_url(&e, "x", U1, title), "text=");
    n = assert_cut(title, text);
    ck_assert_uint_eq(n, 84 * 7 + 2);

    env_free(&e);
}
END_TEST


/* the Bluesky text: at most 300 graphemes and 3000 bytes with the URL */
static void
check_bsky(env_t *e, const char *title, size_t want_prefix)
{
    char    *text, *cut;
    size_t   n, ul;

    text = param(e, share_url(e, "bluesky", U1, title), "text=");
    n = strlen(text);
    ul = strlen(U1);

    ck_assert_uint_le(art_grapheme_count((const unsigned char *) text, n),
                      300);
    ck_assert_uint_le(n, 3000);
    ck_assert_str_eq(text + n - ul, U1);
    ck_assert_int_eq(text[n - ul - 1], ' ');

    cut = pool_alloc(&e->pool, n);
    memcpy(cut, text, n - ul - 1);
    cut[n - ul - 1] = '\0';

    ck_assert_uint_eq(assert_cut(title, cut), want_prefix);
}


START_TEST(test_bluesky_cut)
{
    env_t   e;
    char   *title, *want;

    env_init(&e);
    art_share_conf_merge(&e.c, NULL);

    /* 300 - 1 (space) - 36 (URL) - 1 (ellipsis) = 262 */
    check_bsky(&e, repeat(&e, "a", 400), 262);
    check_bsky(&e, repeat(&e, "\xd8\xa8\xd9\x90", 400), 262 * 4);
    check_bsky(&e, repeat(&e, FLAG_FR, 400), 262 * 8);
    /* families are one grapheme, but 25 bytes: the byte limit decides */
    check_bsky(&e, repeat(&e, FAMILY, 400),
               ((3000 - 1 - 36 - 3) / 25) * 25);

    /* 263 graphemes fit without a cut, 264 do not */
    title = repeat(&e, FLAG_FR, 263);
    want = pool_alloc(&e.pool, strlen(title) + 1 + strlen(U1) + 1);
    sprintf(want, "%s %s", title, U1);
    ck_assert_str_eq(param(&e, share_url(&e, "bluesky", U1, title), "text="),
                     want);
    check_bsky(&e, repeat(&e, FLAG_FR, 264), 262 * 8);

    env_free(&e);
}
END_TEST


/*
 * The cuts skip weighing a title no longer in bytes than the limit, and
 * counting the URL's clusters when the title fits beside its bytes: at
 * and around those bounds, the result is the one of weighing everything.
 */
START_TEST(test_cut_bounds)
{
    env_t        e;
    char        *title, *url, *want, *text;
    const char  *iri;

    env_init(&e);
    art_share_conf_merge(&e.c, NULL);

    /* e acute: 2 bytes, weight 1; 256 fit (512 bytes), 257 do not */
    title = repeat(&e, "\xc3\xa9", 256);
    ck_assert_str_eq(param(&e, share_url(&e, "x", U1, title), "text="),
                     title);
    title = repeat(&e, "\xc3\xa9", 257);
    text = param(&e, share_url(&e, "x", U1, title), "text=");
    ck_assert_uint_eq(assert_cut(title, text), 254 * 2);

    /* CJK: 3 bytes, weight 2; 128 fit, 129 do not */
    title = repeat(&e, "\xe6\x96\xb0", 128);
    ck_assert_str_eq(param(&e, share_url(&e, "x", U1, title), "text="),
                     title);
    title = repeat(&e, "\xe6\x96\xb0", 129);
    text = param(&e, share_url(&e, "x", U1, title), "text=");
    ck_assert_uint_eq(assert_cut(title, text), 127 * 3);

    /* Bluesky, an ASCII URL of 36 bytes: 263 characters fit, 264 not */
    title = repeat(&e, "a", 263);
    want = pool_alloc(&e.pool, strlen(title) + 1 + strlen(U1) + 1);
    sprintf(want, "%s %s", title, U1);
    ck_assert_str_eq(param(&e, share_url(&e, "bluesky", U1, title), "text="),
                     want);
    check_bsky(&e, repeat(&e, "a", 264), 262);

    /*
     * A URL of 120 bytes but 70 clusters leaves room for 229: more than
     * its bytes leave, so the clusters must be counted
     */
    iri = "https://example.com/";
    url = pool_alloc(&e.pool, 200);
    sprintf(url, "%s%s", iri, repeat(&e, "\xc3\xa9", 50));

    /* just past what its bytes leave, still well within what it leaves */
    title = repeat(&e, "a", 300 - 120);
    text = param(&e, share_url(&e, "bluesky", url, title), "text=");
    ck_assert_uint_eq(strlen(text), 180 + 1 + 120);

    title = repeat(&e, "a", 229);
    text = param(&e, share_url(&e, "bluesky", url, title), "text=");
    ck_assert_uint_eq(strlen(text), 229 + 1 + 120);
    ck_assert_int_eq(strncmp(text, title, 229), 0);

    title = repeat(&e, "a", 230);
    text = param(&e, share_url(&e, "bluesky", url, title), "text=");
    ck_assert_uint_eq(strlen(text), 228 + 3 + 1 + 120);
    ck_assert_int_eq(strncmp(text, title, 228), 0);
    ck_assert_int_eq(strncmp(text + 228, ELLIPSIS " ", 4), 0);

    env_free(&e);
}
END_TEST


/*
 * Each href of the bar is the network's share URL (art_share_url)
 * escaped for an attribute, whatever the settings: the bar writes the
 * percent-encoded parts as they are and escapes only the rest.
 */
static void
check_hrefs(env_t *e, const char *url, const char *title)
{
    static const char  *nets[] = {
        "x", "facebook", "linkedin", "reddit", "telegram", "whatsapp", "vk",
        "bluesky", "mastodon", "threads", "pinterest", "hackernews", "email",
        "line", "weibo"
    };

    char        *out, *p, *u;
    size_t       i;
    art_buf_t    b;

    out = render(e, url, title, NULL, NULL);
    p = out;

    for (i = 0; i < sizeof(nets) / sizeof(nets[0]); i++) {
        u = share_url(e, nets[i], url, title);

        art_buf_init(&b, &art_malloc_allocator);
        art_buf_append_str(&b, "href=\"");
        art_escape_html_attr(&b, (const unsigned char *) u, strlen(u));
        art_buf_append_str(&b, "\"");
        u = take(e, &b);

        p = strstr(p, u);
        ck_assert_msg(p != NULL, "%s: no %s", nets[i], u);
        p += strlen(u);
    }
}


START_TEST(test_href_is_escaped_url)
{
    env_t        e;
    size_t       k;
    const char  *titles[] = {
        T1, AR, FA, "", "A & B <c> \"d\" 'e'", "  x\xff\xe2\x82 y  ",
        NULL
    };

    for (k = 0; k < 3; k++) {
        size_t  i;

        env_init(&e);
        set(&e, "article_share x facebook linkedin reddit telegram whatsapp "
                "vk bluesky mastodon threads pinterest hackernews email line "
                "weibo");

        if (k >= 1) {
            /* a chooser with a query of its own: its & is &amp; */
            set(&e, "article_share_mastodon https://m.example/share?l=en&t=");
            set(&e, "article_share_via example");
            set(&e, "article_share_hashtags news caf\xc3\xa9");
        }

        if (k == 2) {
            set(&e, "article_share_utm on");
        }

        art_share_conf_merge(&e.c, NULL);

        for (i = 0; titles[i] != NULL; i++) {
            check_hrefs(&e, U1, titles[i]);
            check_hrefs(&e, "https://e.com/a?b=<1>&c='2'#f", titles[i]);
        }

        /* long titles, which X and Bluesky cut */
        check_hrefs(&e, U1, repeat(&e, "ab & cd ", 60));
        check_hrefs(&e, U1, repeat(&e, FAMILY, 150));

        if (k == 1) {
            ck_assert_ptr_nonnull(strstr(render(&e, U1, T1, NULL, NULL),
                                         "href=\"https://m.example/share?"
                                         "l=en&amp;t=" ET1 "%20" EU1 "\""));
        }

        env_free(&e);
    }
}
END_TEST


/* titles */

static char *
clean_n(env_t *e, const char *title, size_t len)
{
    art_buf_t  b;

    art_buf_init(&b, &art_malloc_allocator);
    ck_assert_int_eq(art_share_clean_title(&b, &e->c,
                                           (const unsigned char *) title,
                                           len), 0);

    return take(e, &b);
}


static char *
clean(env_t *e, const char *title)
{
    return clean_n(e, title, strlen(title));
}


START_TEST(test_clean_title)
{
    env_t  e;

    env_init(&e);
    set(&e, "article_share_title_strip \" - Example  News\" \" | Example\"");
    art_share_conf_merge(&e.c, NULL);

    ck_assert_str_eq(clean(&e, "  Big\n\t news \r\n today  "),
                     "Big news today");
    ck_assert_str_eq(clean(&e, "Storm hits coast - Example News"),
                     "Storm hits coast");
    ck_assert_str_eq(clean(&e, "Storm hits coast  -\xc2\xa0" "Example News "),
                     "Storm hits coast");
    ck_assert_str_eq(clean(&e, "Storm | Example"), "Storm");
    /* only at the end, and only once */
    ck_assert_str_eq(clean(&e, "A | Example | Example"), "A | Example");
    ck_assert_str_eq(clean(&e, "Example | Example News"),
                     "Example | Example News");
    /* a title that is only the suffix stays */
    ck_assert_str_eq(clean(&e, " - Example News"), "- Example News");
    /* ill-formed UTF-8 becomes U+FFFD; controls are spaces; ZWNJ stays */
    ck_assert_str_eq(clean(&e, "a\xff" "b\xe2\x82" "c\x01" "d"),
                     "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c d");
    ck_assert_str_eq(clean(&e, "\xd9\x85\xdb\x8c\xe2\x80\x8c\xd8\xae"),
                     "\xd9\x85\xdb\x8c\xe2\x80\x8c\xd8\xae");
    ck_assert_str_eq(clean_n(&e, "x\0y", 3), "x y");
    ck_assert_str_eq(clean(&e, ""), "");
    /* IDEOGRAPHIC SPACE, EM SPACE, NARROW NO-BREAK SPACE, NEL */
    ck_assert_str_eq(clean(&e, "\xe3\x80\x80Tokyo\xe3\x80\x80news\xe2\x80\x83"
                              "\xe2\x80\xaf" "now\xc2\x85"),
                     "Tokyo news now");

    /* a suffix without its own leading space leaves none behind */
    art_share_conf_init(&e.c);
    set(&e, "article_share_title_strip \"| Site\"");
    art_share_conf_merge(&e.c, NULL);
    ck_assert_str_eq(clean(&e, "Title  | Site"), "Title");

    env_free(&e);
}
END_TEST


/* the title cleaning of art_share.h one code point at a time */
static int
ref_is_space(uint32_t cp)
{
    return cp <= 0x20 || (cp >= 0x7f && cp <= 0xa0) || cp == 0x1680
           || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028
           || cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000;
}


static char *
ref_clean(env_t *e, const unsigned char *p, size_t n)
{
    int        space;
    size_t     i, len;
    uint32_t   cp;
    art_buf_t  b;

    art_buf_init(&b, &art_malloc_allocator);
    space = 0;

    for (i = 0; i < n; i += len) {
        len = art_utf8_decode(p + i, n - i, &cp);

        if (ref_is_space(cp)) {
            space = 1;
            continue;
        }

        if (space && b.len > 0) {
            art_buf_append_byte(&b, ' ');
        }

        space = 0;
        art_buf_append_utf8(&b, cp);
    }

    return take(e, &b);
}


/*
 * Titles made of runs of printable ASCII, which are copied whole, and
 * of everything that ends a run: spaces of all kinds, controls, DEL,
 * ill-formed bytes, U+FFFD itself, other characters.
 */
START_TEST(test_clean_title_reference)
{
    static const char  *pieces[] = {
        "a", "Bc", "~!", " ", "  ", "\t", "\r\n", "\x7f", "\x01",
        "\xc2\xa0", "\xe3\x80\x80", "\xe2\x80\x8c", "\xc3\xa9", "\xff",
        "\xe2\x82", "\xef\xbf\xbd", "\xf0\x9f\x91\x8d", "\xc2", "\x80"
    };

    env_t          e;
    char          *got, *want;
    size_t         round, k, n, len, npieces;
    uint32_t       x;
    unsigned char  s[128];

    env_init(&e);
    art_share_conf_merge(&e.c, NULL);

    npieces = sizeof(pieces) / sizeof(pieces[0]);
    x = 7;

    for (round = 0; round < 5000; round++) {
        n = 0;

        for (k = 0; k < round % 12; k++) {
            x = x * 1103515245 + 12345;
            len = strlen(pieces[(x >> 16) % npieces]);
            memcpy(s + n, pieces[(x >> 16) % npieces], len);
            n += len;
        }

        got = clean_n(&e, (const char *) s, n);
        want = ref_clean(&e, s, n);

        if (strcmp(got, want) != 0) {
            ck_abort_msg("round %zu: \"%s\", expected \"%s\"", round, got,
                         want);
        }
    }

    env_free(&e);
}
END_TEST


/* markup */

START_TEST(test_markup_exact)
{
    env_t  e;

    env_init(&e);
    set(&e, "article_share x email");
    set(&e, "article_share_style off");
    art_share_conf_merge(&e.c, NULL);

    ck_assert_str_eq(render(&e, "https://e.com/a?b=1&c=2", "A & B", "rtl",
                            NULL),
        "<nav class=\"article-share\" data-article-share "
        "aria-label=\"Share this article\" dir=\"rtl\">"
        "<span class=\"article-share-label\" aria-hidden=\"true\">"
        "Share this article</span><ul class=\"article-share-list\">"
        "<li><a class=\"article-share-link article-share-x\" "
        "href=\"https://x.com/intent/tweet?text=A%20%26%20B&amp;"
        "url=https%3A%2F%2Fe.com%2Fa%3Fb%3D1%26c%3D2\" "
        "rel=\"noopener noreferrer\" target=\"_blank\" "
        "aria-label=\"Share on X\">"
        "<svg class=\"article-share-icon\" viewBox=\"0 0 16 16\" width=\"16\" "
        "height=\"16\" fill=\"none\" stroke=\"currentColor\" "
        "stroke-width=\"1.5\" stroke-linecap=\"round\" "
        "stroke-linejoin=\"round\" aria-hidden=\"true\" focusable=\"false\">"
        "<path d=\"M3 3l10 10M13 3L3 13\"/></svg><span>X</span></a></li>"
        "<li><a class=\"article-share-link article-share-email\" "
        "href=\"mailto:?subject=A%20%26%20B&amp;"
        "body=https%3A%2F%2Fe.com%2Fa%3Fb%3D1%26c%3D2\" "
        "rel=\"noopener noreferrer\" aria-label=\"Share by email\">"
        "<svg class=\"article-share-icon\" viewBox=\"0 0 16 16\" width=\"16\" "
        "height=\"16\" fill=\"none\" stroke=\"currentColor\" "
        "stroke-width=\"1.5\" stroke-linecap=\"round\" "
        "stroke-linejoin=\"round\" aria-hidden=\"true\" focusable=\"false\">"
        "<rect x=\"2\" y=\"3.5\" width=\"12\" height=\"9\" rx=\"1\"/>"
        "<path d=\"M2.5 4.5L8 9l5.5-4.5\"/></svg><span>Email</span></a></li>"
        "</ul></nav>");

    env_free(&e);
}
END_TEST


START_TEST(test_markup_every_network)
{
    env_t   e;
    char   *out;

    env_init(&e);
    set(&e, "article_share x facebook linkedin reddit telegram whatsapp vk "
            "bluesky mastodon threads pinterest hackernews email line weibo");
    art_share_conf_merge(&e.c, NULL);

    out = render(&e, U1, T1, NULL, NULL);

    ck_assert_uint_eq(count(out, "<a "), 15);
    ck_assert_uint_eq(count(out, "rel=\"noopener noreferrer\""), 15);
    ck_assert_uint_eq(count(out, "target=\"_blank\""), 14);
    ck_assert_uint_eq(count(out, "<svg "), 15);
    ck_assert_uint_eq(count(out, "aria-label=\"Share on "), 14);
    ck_assert_ptr_nonnull(strstr(out, "<span>Hacker News</span>"));
    ck_assert_ptr_nonnull(strstr(out, "aria-label=\"Share on LINE\""));
    ck_assert_ptr_null(strstr(out, " dir="));

    /* nothing that loads: no image, font, frame, script or stylesheet */
    ck_assert_ptr_null(strstr(out, "<script"));
    ck_assert_ptr_null(strstr(out, "<img"));
    ck_assert_ptr_null(strstr(out, "<link"));
    ck_assert_ptr_null(strstr(out, "<iframe"));
    ck_assert_ptr_null(strstr(out, "src="));
    ck_assert_ptr_null(strstr(out, "url("));
    ck_assert_ptr_null(strstr(out, "@import"));
    ck_assert_ptr_null(strstr(out, "xlink:href"));

    env_free(&e);
}
END_TEST


START_TEST(test_markup_dir)
{
    env_t  e;

    env_init(&e);
    set(&e, "article_share x");
    art_share_conf_merge(&e.c, NULL);

    ck_assert_ptr_nonnull(strstr(render(&e, U1, AR, "rtl", NULL),
                                 "\" dir=\"rtl\">"));
    ck_assert_ptr_nonnull(strstr(render(&e, U1, T1, "ltr", NULL),
                                 "\" dir=\"ltr\">"));
    /* anything else: no attribute */
    ck_assert_ptr_null(strstr(render(&e, U1, T1, "\"><b>", NULL), "dir="));
    ck_assert_ptr_null(strstr(render(&e, U1, T1, NULL, NULL), "dir="));

    env_free(&e);
}
END_TEST


START_TEST(test_hostile_title)
{
    env_t        e;
    char        *out;
    const char  *evil;

    env_init(&e);
    set(&e, "article_share x facebook email");
    set(&e, "article_share_native on");
    art_share_conf_merge(&e.c, NULL);

    evil = "\"><script>alert(1)</script><img src=x onerror=alert(2)> '&";
    out = render(&e, U1, evil, NULL, NULL);

    /* only the module's own script, and no element from the title */
    ck_assert_uint_eq(count(out, "<script"), 1);
    ck_assert_uint_eq(count(out, "</script>"), 1);
    ck_assert_ptr_null(strstr(out, "<img"));
    ck_assert_ptr_null(strstr(out, "alert(1)</"));
    ck_assert_ptr_nonnull(strstr(out, "data-title=\"&quot;&gt;&lt;script&gt;"
                                      "alert(1)&lt;/script&gt;&lt;img src=x "
                                      "onerror=alert(2)&gt; &#39;&amp;\""));
    ck_assert_ptr_nonnull(strstr(out, "text=%22%3E%3Cscript%3Ealert%281%29"));

    /* a hostile URL is encoded too */
    out = render(&e, "https://e.com/\"><svg onload=alert(3)>", "t", NULL,
                 "\"><script>");
    ck_assert_ptr_null(strstr(out, "<svg onload"));
    ck_assert_ptr_nonnull(strstr(out, "data-url=\"https://e.com/&quot;&gt;"
                                      "&lt;svg onload=alert(3)&gt;\""));
    ck_assert_ptr_nonnull(strstr(out, "u=https%3A%2F%2Fe.com%2F%22%3E%3Csvg"));
    ck_assert_ptr_nonnull(strstr(out, "<script nonce=\"&quot;&gt;&lt;script"
                                      "&gt;\">"));
    ck_assert_uint_eq(count(out, "<script"), 1);

    env_free(&e);
}
END_TEST


START_TEST(test_hostile_config)
{
    env_t   e;
    char   *out;

    env_init(&e);
    set(&e, "article_share x");
    set(&e, "article_share_label \"<b onclick='x'>Share & go</b>\"");
    art_share_conf_merge(&e.c, NULL);

    out = render(&e, U1, T1, NULL, NULL);
    ck_assert_ptr_null(strstr(out, "<b "));
    ck_assert_ptr_nonnull(strstr(out, "aria-label=\"&lt;b onclick=&#39;x&#39;"
                                      "&gt;Share &amp;"));

    env_free(&e);
}
END_TEST


START_TEST(test_style)
{
    env_t        e;
    char        *out;
    const char  *s, *end;

    env_init(&e);
    set(&e, "article_share x");
    art_share_conf_merge(&e.c, NULL);

    out = render(&e, U1, T1, NULL, NULL);
    ck_assert_uint_eq(count(out, "<style>"), 1);

    s = strstr(out, "<style>");
    end = strstr(out, "</style>");
    ck_assert_ptr_nonnull(end);
    ck_assert_uint_lt((size_t) (end - s) + 8, 1500);

    ck_assert_ptr_nonnull(strstr(s, "prefers-color-scheme:dark"));
    ck_assert_ptr_nonnull(strstr(s, ":focus-visible{outline"));
    ck_assert_ptr_nonnull(strstr(s, "flex-wrap:wrap"));
    ck_assert_ptr_nonnull(strstr(s, "padding-inline"));
    ck_assert_ptr_nonnull(strstr(s, "[hidden]{display:none}"));
    /* logical properties only: nothing that a right-to-left page breaks */
    ck_assert_ptr_null(strstr(s, "-left"));
    ck_assert_ptr_null(strstr(s, "-right"));
    ck_assert_ptr_null(strstr(s, "url("));
    ck_assert_ptr_null(strstr(s, "@import"));

    art_share_conf_init(&e.c);
    set(&e, "article_share x");
    set(&e, "article_share_style off");
    art_share_conf_merge(&e.c, NULL);
    ck_assert_ptr_null(strstr(render(&e, U1, T1, NULL, NULL), "<style"));

    env_free(&e);
}
END_TEST


START_TEST(test_native)
{
    env_t   e;
    char   *out;

    env_init(&e);
    set(&e, "article_share x");
    art_share_conf_merge(&e.c, NULL);

    out = render(&e, U1, T1, NULL, "abc");
    ck_assert_ptr_null(strstr(out, "<script"));
    ck_assert_ptr_null(strstr(out, "<button"));
    ck_assert_ptr_null(strstr(out, "navigator"));

    art_share_conf_init(&e.c);
    set(&e, "article_share x");
    set(&e, "article_share_native on");
    art_share_conf_merge(&e.c, NULL);

    out = render(&e, U1, T1, NULL, NULL);
    ck_assert_uint_eq(count(out, "<script>"), 1);
    ck_assert_ptr_null(strstr(out, "nonce"));
    ck_assert_ptr_nonnull(strstr(out, "navigator.share"));
    /* hidden until the script finds navigator.share; the links stay */
    ck_assert_ptr_nonnull(strstr(out, "<li hidden><button type=\"button\""));
    ck_assert_ptr_nonnull(strstr(out, "data-url=\"https://example.com/a/b?"
                                      "id=1&amp;lang=en\""));
    ck_assert_ptr_nonnull(strstr(out, "<a class=\"article-share-link "
                                      "article-share-x\" href=\""));

    out = render(&e, U1, T1, NULL, "");
    ck_assert_ptr_null(strstr(out, "nonce"));

    out = render(&e, U1, T1, NULL, "r4nd0m+/=");
    ck_assert_uint_eq(count(out, "<script nonce=\"r4nd0m+/=\">"), 1);
    ck_assert_uint_eq(count(out, "<script"), 1);

    env_free(&e);
}
END_TEST


START_TEST(test_render_errors)
{
    env_t      e;
    art_buf_t  b;

    env_init(&e);
    set(&e, "article_share x");
    art_share_conf_merge(&e.c, NULL);
    art_buf_init(&b, &art_malloc_allocator);

    ck_assert_int_eq(art_share_render(&b, &e.c, NULL,
                                      (const unsigned char *) "t", 1, NULL,
                                      NULL), -1);
    ck_assert_int_eq(art_share_render(&b, &e.c, "",
                                      (const unsigned char *) "t", 1, NULL,
                                      NULL), -1);
    ck_assert_uint_eq(b.len, 0);

    art_buf_free(&b);
    env_free(&e);
}
END_TEST


/* an allocator that fails after a number of allocations */
typedef struct {
    size_t  left;
} failing_t;


static void *
failing_alloc(void *ctx, size_t size)
{
    failing_t  *f = ctx;

    if (f->left == 0) {
        return NULL;
    }

    f->left--;

    return malloc(size ? size : 1);
}


static void
failing_free(void *ctx, void *p)
{
    free(p);
}


START_TEST(test_render_out_of_memory)
{
    int              rc;
    env_t            e;
    size_t           n;
    char            *full;
    art_buf_t        b;
    failing_t        f;
    art_allocator_t  a;

    env_init(&e);
    set(&e, "article_share x bluesky whatsapp");
    set(&e, "article_share_native on");
    set(&e, "article_share_utm on");
    art_share_conf_merge(&e.c, NULL);

    full = render(&e, U1, T1, "rtl", "n");
    a.alloc = failing_alloc;
    a.free = failing_free;
    a.ctx = &f;

    for (n = 0; n < 200; n++) {
        f.left = n;
        art_buf_init(&b, &a);
        rc = art_share_render(&b, &e.c, U1, (const unsigned char *) T1,
                              strlen(T1), "rtl", "n");

        if (rc == 0) {
            ck_assert_uint_eq(b.len, strlen(full));
            ck_assert_int_eq(memcmp(b.data, full, b.len), 0);
            art_buf_free(&b);
            break;
        }

        ck_assert_int_eq(rc, -1);
        art_buf_free(&b);
    }

    ck_assert_uint_lt(n, 200);

    env_free(&e);
}
END_TEST


/* templates */

static char  tmpdir[64];


static void
tmpdir_setup(void)
{
    strcpy(tmpdir, "/tmp/art_share_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}


static void
tmpdir_teardown(void)
{
    char  cmd[128];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}


static void
write_file(const char *name, const char *text)
{
    char   path[256];
    FILE  *f;

    snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fputs(text, f) >= 0, 1);
    fclose(f);
}


/* "article_share_template NAME" with NAME relative to tmpdir */
static int
set_template(env_t *e, const char *name, const char *text)
{
    char  line[256];

    if (text != NULL) {
        write_file(name, text);
    }

    art_share_conf_init(&e->c);
    e->ctx.base_dir = tmpdir;
    snprintf(line, sizeof(line), "article_share_template %s", name);

    return set_on(e, &e->c, line);
}


static void
template_fails(env_t *e, const char *text, const char *want)
{
    ck_assert_int_eq(set_template(e, "bad.html", text), ART_CONF_ERROR);
    ck_assert_msg(strstr(e->err, want) != NULL, "\"%s\" lacks \"%s\"",
                  e->err, want);
}


START_TEST(test_template_render)
{
    env_t  e;

    env_init(&e);

    ck_assert_int_eq(set_template(&e, "share.html",
        "<div class=\"s\" aria-label=\"{{label}}\" dir=\"{{dir}}\">\n"
        "<ul>{{#items}}<li><a href=\"{{url}}\" class=\"s-{{id}}\" "
        "target=\"{{target}}\" aria-label=\"{{ aria_label }}\">{{name}}</a>"
        "</li>{{/items}}</ul>\n"
        "<p data-url=\"{{page_url}}\">{{title}}</p>{{style}}{{native}}"
        "</div>\n"),
        ART_CONF_OK);
    set(&e, "article_share x email");
    set(&e, "article_share_style off");
    set(&e, "article_share_label \"Share & go\"");
    art_share_conf_merge(&e.c, NULL);

    ck_assert_str_eq(render(&e, "https://e.com/?a=1&b=2", "<Hi> \"you\"",
                            "rtl", NULL),
        "<div class=\"s\" aria-label=\"Share &amp; go\" dir=\"rtl\">\n"
        "<ul><li><a href=\"https://x.com/intent/tweet?"
        "text=%3CHi%3E%20%22you%22&amp;"
        "url=https%3A%2F%2Fe.com%2F%3Fa%3D1%26b%3D2\" class=\"s-x\" "
        "target=\"_blank\" aria-label=\"Share on X\">X</a></li>"
        "<li><a href=\"mailto:?subject=%3CHi%3E%20%22you%22&amp;"
        "body=https%3A%2F%2Fe.com%2F%3Fa%3D1%26b%3D2\" class=\"s-email\" "
        "target=\"_self\" aria-label=\"Share by email\">Email</a></li></ul>\n"
        "<p data-url=\"https://e.com/?a=1&amp;b=2\">&lt;Hi&gt; "
        "&quot;you&quot;</p></div>\n");

    env_free(&e);
}
END_TEST


START_TEST(test_template_style_native_icon)
{
    env_t   e;
    char   *out;

    env_init(&e);

    ck_assert_int_eq(set_template(&e, "t.html",
                                  "{{style}}{{#items}}{{icon}}{{/items}}"
                                  "{{native}}"), ART_CONF_OK);
    set(&e, "article_share vk");
    set(&e, "article_share_native on");
    art_share_conf_merge(&e.c, NULL);

    out = render(&e, U1, T1, NULL, "n1");
    ck_assert_int_eq(strncmp(out, "<style>", 7), 0);
    ck_assert_uint_eq(count(out, "<svg "), 2);      /* vk and the button */
    ck_assert_ptr_nonnull(strstr(out, "L10.5 8l3.5 3.5\"/></svg>"));
    ck_assert_ptr_nonnull(strstr(out, "<script nonce=\"n1\">"));

    /* off by its directive: nothing of either */
    ck_assert_int_eq(set_template(&e, "t.html", NULL), ART_CONF_OK);
    set(&e, "article_share vk");
    set(&e, "article_share_style off");
    art_share_conf_merge(&e.c, NULL);

    out = render(&e, U1, T1, NULL, "n1");
    ck_assert_int_eq(strncmp(out, "<svg ", 5), 0);
    ck_assert_ptr_null(strstr(out, "<style"));
    ck_assert_ptr_null(strstr(out, "<script"));

    env_free(&e);
}
END_TEST


START_TEST(test_template_off_and_inherit)
{
    env_t  e;

    env_init(&e);

    write_file("p.html", "<i>{{#items}}{{id}} {{/items}}</i>");
    e.ctx.base_dir = tmpdir;
    ck_assert_int_eq(set_on(&e, &e.parent, "article_share_template p.html"),
                     ART_CONF_OK);
    ck_assert_int_eq(set_on(&e, &e.parent, "article_share x line"),
                     ART_CONF_OK);
    art_share_conf_merge(&e.parent, NULL);

    art_share_conf_merge(&e.c, &e.parent);
    ck_assert_str_eq(render(&e, U1, T1, NULL, NULL), "<i>x line </i>");

    art_share_conf_init(&e.c);
    set(&e, "article_share_template off");
    art_share_conf_merge(&e.c, &e.parent);
    ck_assert_int_eq(strncmp(render(&e, U1, T1, NULL, NULL), "<nav ", 5), 0);

    env_free(&e);
}
END_TEST


START_TEST(test_template_errors)
{
    env_t  e;

    env_init(&e);

    template_fails(&e, "<p>\n<a>{{nope}}</a>\n{{#items}}{{/items}}",
                   "line 2: unknown placeholder \"{{nope}}\"");
    template_fails(&e, "a\nb\n{{#items}}<a href=\"{{url}}\">\n</ul>\n",
                   "line 3: \"{{#items}}\" without \"{{/items}}\"");
    template_fails(&e, "<p>{{label}}</p>\n<p>\n",
                   "line 3: no \"{{#items}}\"");
    template_fails(&e, "", "line 1: no \"{{#items}}\"");
    template_fails(&e, "{{#items}}{{/items}}\n\n<p>{{label</p>",
                   "line 3: \"{{\" without \"}}\"");
    template_fails(&e, "x\n{{/items}}", "line 2: \"{{/items}}\" without "
                   "\"{{#items}}\"");
    template_fails(&e, "{{#items}}{{/items}}\n{{#items}}{{/items}}",
                   "line 2: a second \"{{#items}}\"");
    template_fails(&e, "{{#items}}\n{{#items}}{{/items}}{{/items}}",
                   "line 2: a second \"{{#items}}\"");
    template_fails(&e, "<a href=\"{{url}}\">\n{{#items}}{{/items}}",
                   "line 1: \"{{url}}\" outside \"{{#items}}\"");
    template_fails(&e, "{{#items}}{{Name}}{{/items}}",
                   "unknown placeholder \"{{Name}}\"");

    /* the file name is in every message */
    ck_assert_ptr_nonnull(strstr(e.err, "/bad.html\""));

    ck_assert_int_eq(set_template(&e, "missing.html", NULL), ART_CONF_ERROR);
    ck_assert_ptr_nonnull(strstr(e.err, "cannot open template"));
    ck_assert_ptr_nonnull(strstr(e.err, "missing.html"));

    ck_assert_int_eq(set_template(&e, ".", NULL), ART_CONF_ERROR);
    ck_assert_ptr_nonnull(strstr(e.err, "is not a regular file"));

    ck_assert_int_eq(set_template(&e, "big.html",
                                  repeat(&e, "{{#items}}{{/items}}", 4000)),
                     ART_CONF_ERROR);
    ck_assert_ptr_nonnull(strstr(e.err, "larger than"));

    env_free(&e);
}
END_TEST


START_TEST(test_template_unreadable)
{
    env_t  e;
    char   path[256];

    if (geteuid() == 0) {
        /* root reads a file whatever its mode */
        return;
    }

    env_init(&e);
    write_file("secret.html", "{{#items}}{{/items}}");
    snprintf(path, sizeof(path), "%s/secret.html", tmpdir);
    ck_assert_int_eq(chmod(path, 0), 0);

    ck_assert_int_eq(set_template(&e, "secret.html", NULL), ART_CONF_ERROR);
    ck_assert_ptr_nonnull(strstr(e.err, "cannot open template"));

    env_free(&e);
}
END_TEST


static Suite *
share_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("share");

    tc = tcase_create("conf");
    tcase_add_test(tc, test_conf_defaults);
    tcase_add_test(tc, test_conf_set_and_merge);
    tcase_add_test(tc, test_conf_off_overrides_parent);
    tcase_add_test(tc, test_conf_errors);
    suite_add_tcase(s, tc);

    tc = tcase_create("urls");
    tcase_add_test(tc, test_network_urls);
    tcase_add_test(tc, test_network_urls_rtl_and_emoji);
    tcase_add_test(tc, test_unknown_network_url);
    tcase_add_test(tc, test_utm);
    tcase_add_test(tc, test_via_hashtags);
    tcase_add_test(tc, test_mastodon_chooser);
    tcase_add_test(tc, test_empty_title);
    suite_add_tcase(s, tc);

    tc = tcase_create("cut");
    tcase_add_test(tc, test_x_cut_ascii);
    tcase_add_test(tc, test_x_cut_with_via_hashtags);
    tcase_add_test(tc, test_x_cut_emoji_flags);
    tcase_add_test(tc, test_x_cut_marks);
    tcase_add_test(tc, test_bluesky_cut);
    tcase_add_test(tc, test_cut_bounds);
    tcase_add_test(tc, test_href_is_escaped_url);
    tcase_add_test(tc, test_clean_title);
    tcase_add_test(tc, test_clean_title_reference);
    suite_add_tcase(s, tc);

    tc = tcase_create("markup");
    tcase_add_test(tc, test_markup_exact);
    tcase_add_test(tc, test_markup_every_network);
    tcase_add_test(tc, test_markup_dir);
    tcase_add_test(tc, test_hostile_title);
    tcase_add_test(tc, test_hostile_config);
    tcase_add_test(tc, test_style);
    tcase_add_test(tc, test_native);
    tcase_add_test(tc, test_render_errors);
    tcase_add_test(tc, test_render_out_of_memory);
    suite_add_tcase(s, tc);

    tc = tcase_create("template");
    tcase_add_checked_fixture(tc, tmpdir_setup, tmpdir_teardown);
    tcase_add_test(tc, test_template_render);
    tcase_add_test(tc, test_template_style_native_icon);
    tcase_add_test(tc, test_template_off_and_inherit);
    tcase_add_test(tc, test_template_errors);
    tcase_add_test(tc, test_template_unreadable);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    return art_test_run(share_suite());
}
