/*
 * libFuzzer target of the share bar: article_share_template files and
 * the rendering of the bar (art_share.h).  Three control bytes pick the
 * networks and the switches (style, native, utm, via and hashtags, a
 * title suffix to strip); the rest, up to a NUL, is the template file;
 * what follows a NUL is a title.
 *
 * (a) The template is read through article_share_template, as nginx
 *     does.  Refused, it says why with the line: "line N" where N is a
 *     line of the file.  A template without "{{" is always refused.
 * (b) Accepted, it is rendered twice, by two configurations that differ
 *     only in the label: plain values (label, title, URL, nonce) against
 *     hostile ones (quotes, < > &, controls, NUL, U+2028, invalid UTF-8,
 *     "{{title}}", the fuzzed title).  Values are escaped, so both
 *     renderings hold the same number of raw < > " ' and control bytes:
 *     none comes from a value.  A template of valid UTF-8 renders as valid
 *     UTF-8 whatever the values.
 * (c) The same for the built-in markup, and every network's share URL
 *     (art_share_url) is of URL bytes only.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "art_alloc.h"
#include "art_buf.h"
#include "art_share.h"

#include "fz_common.h"


static const char  *fz_networks[] = {
    "x", "facebook", "linkedin", "reddit", "telegram", "whatsapp", "vk",
    "bluesky", "mastodon", "threads", "pinterest", "hackernews", "email",
    "line", "weibo", NULL
};


typedef struct {
    size_t  lt, gt, dq, sq, ctl;
} fz_counts_t;


static FZ_NOCOV void
fz_count(const art_buf_t *b, fz_counts_t *n)
{
    size_t  i;

    memset(n, 0, sizeof(fz_counts_t));

    for (i = 0; i < b->len; i++) {
        switch (b->data[i]) {
        case '<': n->lt++; break;
        case '>': n->gt++; break;
        case '"': n->dq++; break;
        case '\'': n->sq++; break;
        default:
            if (b->data[i] < 0x20 || b->data[i] == 0x7f) {
                n->ctl++;
            }
        }
    }
}


static void
fz_set(art_share_conf_t *c, art_conf_ctx_t *ctx, const char *name,
    const char *const *values)
{
    art_str_t  args[16];
    size_t     n;

    for (n = 0; values[n] != NULL; n++) {
        args[n].data = (const unsigned char *) values[n];
        args[n].len = strlen(values[n]);
    }

    if (art_share_conf_set(c, ctx, name, args, n) != ART_CONF_OK) {
        abort();
    }
}


static void
fz_set1(art_share_conf_t *c, art_conf_ctx_t *ctx, const char *name,
    const char *value)
{
    const char  *v[2];

    v[0] = value;
    v[1] = NULL;

    fz_set(c, ctx, name, v);
}


/* a configuration; template NULL: the built-in markup */
static int
fz_conf(art_share_conf_t *c, art_conf_ctx_t *ctx, const unsigned char *ctl,
    const char *label, const char *template)
{
    size_t       i, n;
    const char  *nets[16];
    art_str_t    arg;
    static const char  *tags[] = { "news", "#Ferry", "café", NULL };

    art_share_conf_init(c);

    n = 0;

    for (i = 0; fz_networks[i] != NULL; i++) {
        if ((ctl[i / 8] >> (i % 8)) & 1) {
            nets[n++] = fz_networks[i];
        }
    }

    if (n == 0) {
        nets[n++] = "x";
    }

    nets[n] = NULL;

    fz_set(c, ctx, "article_share", nets);
    fz_set1(c, ctx, "article_share_label", label);
    fz_set1(c, ctx, "article_share_style", (ctl[2] & 1) ? "on" : "off");
    fz_set1(c, ctx, "article_share_native", (ctl[2] & 2) ? "on" : "off");
    fz_set1(c, ctx, "article_share_utm", (ctl[2] & 4) ? "on" : "off");

    if (ctl[2] & 8) {
        fz_set1(c, ctx, "article_share_via", "@example_news");
        fz_set(c, ctx, "article_share_hashtags", tags);
    }

    if (ctl[2] & 16) {
        fz_set1(c, ctx, "article_share_title_strip", " - The Post");
    }

    if (ctl[2] & 32) {
        fz_set1(c, ctx, "article_share_mastodon",
                "https://toot.example/share?text=");
    }

    if (template != NULL) {
        ctx->err[0] = '\0';

        arg.data = (const unsigned char *) template;
        arg.len = strlen(template);

        if (art_share_conf_set(c, ctx, "article_share_template", &arg, 1)
            != ART_CONF_OK)
        {
            return -1;
        }
    }

    art_share_conf_merge(c, NULL);

    return 0;
}


/* (a): the error names a line of the file */
static void
fz_refused(const char *err, const unsigned char *tpl, size_t n)
{
    const char     *p;
    unsigned long   line, lines;
    size_t          i;

    p = strstr(err, ", line ");
    if (p == NULL) {
        abort();
    }

    line = strtoul(p + 7, NULL, 10);
    lines = 1;

    for (i = 0; i < n; i++) {
        lines += tpl[i] == '\n';
    }

    if (line < 1 || line > lines) {
        abort();
    }
}


static void
fz_render(const art_share_conf_t *c, const char *url, const unsigned char *t,
    size_t tlen, const char *dir, const char *nonce, art_buf_t *out)
{
    if (art_share_render(out, c, url, t, tlen, dir, nonce) != 0
        || out->failed || out->len == 0)
    {
        abort();
    }
}


static void
fz_same_counts(const art_buf_t *a, const art_buf_t *b)
{
    fz_counts_t  x, y;

    fz_count(a, &x);
    fz_count(b, &y);

    if (x.lt != y.lt || x.gt != y.gt || x.dq != y.dq || x.sq != y.sq
        || x.ctl != y.ctl)
    {
        abort();
    }
}


/* (c): share URLs */
static void
fz_urls(const art_share_conf_t *c, const char *url, const unsigned char *t,
    size_t tlen)
{
    size_t     i, k;
    art_buf_t  b;

    art_buf_init(&b, &art_malloc_allocator);

    for (i = 0; fz_networks[i] != NULL; i++) {
        b.len = 0;

        if (art_share_url(&b, c, fz_networks[i], url, t, tlen) != 0) {
            abort();
        }

        for (k = 0; k < b.len; k++) {
            if (b.data[k] <= 0x20 || b.data[k] >= 0x7f
                || strchr("\"<>\\^`{|}'", b.data[k]) != NULL)
            {
                abort();
            }
        }
    }

    art_buf_free(&b);
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char  plain_title[] = "Ferry link reopens - The Post";
    static const char  hostile_prefix[] =
        "\"'<b>&amp;</b>\xe2\x80\xa8 \x01\x1f\x7f{{title}}\xff\xc0\xaf"
        "</script><!-- \"'>";
    static const char  plain_url[] = "https://www.example.org/a/b.html";
    static const char  hostile_url[] =
        "https://www.example.org/\"'><script>x</script>?a=1&b=<2>";

    int                 ok;
    size_t              tlen, i;
    char                err[512], *tpl_path;
    art_buf_t           title, a, b;
    art_arena_t         arena;
    art_conf_ctx_t      ctx;
    const uint8_t      *nul, *tpl;
    art_share_conf_t    plain, hostile;

    if (size < 3) {
        return 0;
    }

    tpl = data + 3;
    nul = memchr(tpl, '\0', size - 3);
    tlen = nul ? (size_t) (nul - tpl) : size - 3;

    art_arena_init(&arena);

    ctx.alloc = &arena.alloc;
    ctx.base_dir = fz_tmpdir();
    ctx.err = err;
    ctx.errlen = sizeof(err);

    fz_write_file("share.tpl", tpl, tlen);
    tpl_path = "share.tpl";

    /* (a) */
    ok = fz_conf(&plain, &ctx, data, "Share", tpl_path) == 0;

    if (!ok) {
        if (err[0] == '\0') {
            abort();
        }

        fz_refused(err, tpl, tlen);

    } else {
        for (i = 0; i + 1 < tlen; i++) {
            if (tpl[i] == '{' && tpl[i + 1] == '{') {
                break;
            }
        }

        if (i + 1 >= tlen) {
            abort();
        }
    }

    /* the hostile title, with the fuzzed one */
    art_buf_init(&title, &art_malloc_allocator);
    art_buf_append(&title, hostile_prefix, sizeof(hostile_prefix) - 1);
    art_buf_append_byte(&title, '\0');

    if (nul != NULL) {
        art_buf_append(&title, nul + 1, (size_t) (data + size - nul - 1));
    }

    art_buf_init(&a, &art_malloc_allocator);
    art_buf_init(&b, &art_malloc_allocator);

    /* (b) then (c): with the template, then with the built-in markup */
    for (i = ok ? 0 : 1; i < 2; i++) {
        if (fz_conf(&plain, &ctx, data, "Share", i ? NULL : tpl_path) != 0
            || fz_conf(&hostile, &ctx, data,
                       "Share \"this\" <b>&amp;</b> 'now'\xe2\x80\xa8",
                       i ? NULL : tpl_path) != 0)
        {
            abort();
        }

        a.len = 0;
        b.len = 0;

        fz_render(&plain, plain_url, (const unsigned char *) plain_title,
                  sizeof(plain_title) - 1, "ltr", "r4nd0m", &a);
        fz_render(&hostile, hostile_url, title.data, title.len, "rtl",
                  "\"><script>alert(1)</script>", &b);

        fz_same_counts(&a, &b);

        if ((i == 1 || fz_utf8_valid(tpl, tlen))
            && (!fz_utf8_valid(a.data, a.len)
                || !fz_utf8_valid(b.data, b.len)))
        {
            abort();
        }
    }

    fz_urls(&hostile, hostile_url, title.data, title.len);

    art_buf_free(&a);
    art_buf_free(&b);
    art_buf_free(&title);
    art_arena_empty(&arena);

    return 0;
}
