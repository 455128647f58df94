#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "art_escape.h"
#include "art_grapheme.h"
#include "art_share.h"


#define ART_SHARE_DEFAULT_LABEL     "Share this article"
#define ART_SHARE_DEFAULT_MASTODON  "https://share.joinmastodon.org/#text="
#define ART_SHARE_DEFAULT_SELECTOR  "article h1"

#define ART_SHARE_TEMPLATE_MAX      (64 * 1024)

/* X: twitter-text v3, every URL counts as a t.co link */
#define ART_SHARE_X_LIMIT           280
#define ART_SHARE_X_URL             23
/* Bluesky: graphemes, and bytes of UTF-8 (app.bsky.feed.post) */
#define ART_SHARE_BSKY_LIMIT        300
#define ART_SHARE_BSKY_BYTES        3000

#define ART_SHARE_ELLIPSIS          "\xe2\x80\xa6"

/* s: a string literal or a char array, whose length is known here */
#define art_share_put(b, s)         art_buf_append(b, s, sizeof(s) - 1)


enum {
    ART_NET_X = 0,
    ART_NET_FACEBOOK,
    ART_NET_LINKEDIN,
    ART_NET_REDDIT,
    ART_NET_TELEGRAM,
    ART_NET_WHATSAPP,
    ART_NET_VK,
    ART_NET_BLUESKY,
    ART_NET_MASTODON,
    ART_NET_THREADS,
    ART_NET_PINTEREST,
    ART_NET_HACKERNEWS,
    ART_NET_EMAIL,
    ART_NET_LINE,
    ART_NET_WEIBO,
    ART_NET_COUNT
};


typedef struct {
    const char  *id;
    const char  *name;
    const char  *aria_label;
    const char  *icon;          /* the inside of an <svg> */
} art_share_network_t;


/*
 * The icons are drawn for this module: strokes on a 16 x 16 grid in the
 * current text colour, so that they follow the theme and need no request.
 */
static const art_share_network_t  art_share_networks[ART_NET_COUNT] = {
    { "x", "X", "Share on X",
      "<path d=\"M3 3l10 10M13 3L3 13\"/>" },
    { "facebook", "Facebook", "Share on Facebook",
      "<path d=\"M10.5 2.5H9A2.5 2.5 0 0 0 6.5 5v9M4.5 7.5h5\"/>" },
    { "linkedin", "LinkedIn", "Share on LinkedIn",
      "<path d=\"M4 7v6M4 3.5v.5M7.5 13V7m0 3a2.5 2.5 0 0 1 5 0v3\"/>" },
    { "reddit", "Reddit", "Share on Reddit",
      "<circle cx=\"8\" cy=\"10\" r=\"4\"/>"
      "<path d=\"M8 6l1-3.5 3 .8\"/><circle cx=\"12.5\" cy=\"3.5\" r=\"1\"/>" },
    { "telegram", "Telegram", "Share on Telegram",
      "<path d=\"M14 2.5L1.5 7.5l4 1.5 1.5 4.5 2.3-2.8 3.2 2.3zM5.5 9L14 "
      "2.5\"/>" },
    { "whatsapp", "WhatsApp", "Share on WhatsApp",
      "<path d=\"M2.5 13.5l.9-2.8a5.5 5.5 0 1 1 2 2z\"/>" },
    { "vk", "VK", "Share on VK",
      "<path d=\"M2 5l3 6.5L8 5M10 4.5v7M14 4.5L10.5 8l3.5 3.5\"/>" },
    { "bluesky", "Bluesky", "Share on Bluesky",
      "<path d=\"M8 8C6 3 2 1.5 2 4.5S4 9 6.5 8.5C4 10 4.5 13.5 8 11c3.5 2.5 "
      "4-1 1.5-2.5C12 9 14 7.5 14 4.5S10 3 8 8z\"/>" },
    { "mastodon", "Mastodon", "Share on Mastodon",
      "<rect x=\"2.5\" y=\"2.5\" width=\"11\" height=\"10\" rx=\"3\"/>"
      "<path d=\"M5.5 10V7a1.25 1.25 0 0 1 2.5 0v3M8 7a1.25 1.25 0 0 1 2.5 "
      "0v3\"/>" },
    { "threads", "Threads", "Share on Threads",
      "<path d=\"M11 8a3 3 0 1 1-6 0 3 3 0 0 1 6 0v1a1.5 1.5 0 0 0 3 0V8a6 6 "
      "0 1 0-2.5 4.9\"/>" },
    { "pinterest", "Pinterest", "Share on Pinterest",
      "<circle cx=\"8\" cy=\"8\" r=\"6\"/>"
      "<path d=\"M6.5 12V5h2a2 2 0 0 1 0 4h-2\"/>" },
    { "hackernews", "Hacker News", "Share on Hacker News",
      "<rect x=\"2\" y=\"2\" width=\"12\" height=\"12\" rx=\"1\"/>"
      "<path d=\"M5.5 5L8 8.5 10.5 5M8 8.5v3\"/>" },
    { "email", "Email", "Share by email",
      "<rect x=\"2\" y=\"3.5\" width=\"12\" height=\"9\" rx=\"1\"/>"
      "<path d=\"M2.5 4.5L8 9l5.5-4.5\"/>" },
    { "line", "LINE", "Share on LINE",
      "<path d=\"M8 2.5c3.3 0 6 2 6 4.5s-2.7 4.5-6 4.5c-.6 0-1.2 0-1.7-.2L4 "
      "13.5v-2.3C2.8 10.4 2 9.3 2 7c0-2.5 2.7-4.5 6-4.5z\"/>" },
    { "weibo", "Weibo", "Share on Weibo",
      "<ellipse cx=\"7\" cy=\"10\" rx=\"5\" ry=\"3.5\"/>"
      "<circle cx=\"6.5\" cy=\"10.5\" r=\"1.2\"/>"
      "<path d=\"M10.5 3a3 3 0 0 1 3 3.5\"/>" }
};


static const char  art_share_svg_open[] =
    "<svg class=\"article-share-icon\" viewBox=\"0 0 16 16\" width=\"16\" "
    "height=\"16\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" "
    "stroke-linecap=\"round\" stroke-linejoin=\"round\" aria-hidden=\"true\" "
    "focusable=\"false\">";

static const char  art_share_native_icon[] =
    "<circle cx=\"12\" cy=\"3.5\" r=\"1.5\"/><circle cx=\"4\" cy=\"8\" "
    "r=\"1.5\"/><circle cx=\"12\" cy=\"12.5\" r=\"1.5\"/>"
    "<path d=\"M5.3 7.3l5.4-3M5.3 8.7l5.4 3\"/>";


/*
 * The default look: a row that wraps, full-width pills on a phone, logical
 * properties so that dir="rtl" mirrors it, a dark variant, and a focus
 * ring that keyboard users can see.  "[hidden]" must beat the display of
 * the links for the native button to stay hidden without script.
 */
static const char  art_share_style_css[] =
    "<style>"
    ".article-share{margin-block:1.5em;font-size:.875rem;line-height:1.2}"
    ".article-share-label{display:block;margin-block-end:.5em;"
    "font-weight:600}"
    ".article-share-list{display:flex;flex-wrap:wrap;gap:.5em;margin:0;"
    "padding:0;list-style:none}"
    ".article-share-link{display:inline-flex;align-items:center;gap:.4em;"
    "box-sizing:border-box;padding-block:.45em;padding-inline:.8em;"
    "border:1px solid #c4c4c4;border-radius:999px;background:#fff;"
    "color:#1a1a1a;font:inherit;text-decoration:none;cursor:pointer}"
    ".article-share-link:hover{background:#efefef}"
    ".article-share-link:focus-visible{outline:3px solid #0b57d0;"
    "outline-offset:2px}"
    ".article-share-icon{width:1.15em;height:1.15em;flex:none}"
    ".article-share [hidden]{display:none}"
    "@media(max-width:40em){.article-share-list>li{flex:1 1 9em}"
    ".article-share-link{width:100%;justify-content:center}}"
    "@media(prefers-color-scheme:dark){.article-share-link{background:#1f1f1f;"
    "color:#ececec;border-color:#5a5a5a}"
    ".article-share-link:hover{background:#2e2e2e}"
    ".article-share-link:focus-visible{outline-color:#8ab4f8}}"
    "</style>";


/*
 * The script of article_share_native, the same on every page (the values
 * are in the button's attributes), so that a CSP may also allow it by
 * hash.  It shows the button, and a hidden parent (the list item of the
 * built-in markup), only where navigator.share exists.
 */
static const char  art_share_native_js[] =
    "(function(){var s=document.currentScript,"
    "b=s&&s.previousElementSibling;"
    "if(!b||!navigator.share)return;"
    "b.hidden=false;b.parentNode.hidden=false;"
    "b.addEventListener(\"click\",function(){"
    "navigator.share({title:b.getAttribute(\"data-title\"),"
    "url:b.getAttribute(\"data-url\")}).catch(function(){});"
    "});})();";


/* template */

enum {
    ART_TPL_TEXT = 0,
    ART_TPL_LABEL,
    ART_TPL_TITLE,
    ART_TPL_PAGE_URL,
    ART_TPL_DIR,
    ART_TPL_STYLE,
    ART_TPL_NATIVE,
    /* the rest only inside {{#items}} */
    ART_TPL_ID,
    ART_TPL_NAME,
    ART_TPL_URL,
    ART_TPL_ARIA_LABEL,
    ART_TPL_ICON,
    ART_TPL_TARGET
};


static const char  *const art_tpl_names[] = {
    "", "label", "title", "page_url", "dir", "style", "native",
    "id", "name", "url", "aria_label", "icon", "target", NULL
};


typedef struct {
    int                   type;
    const unsigned char  *data;     /* ART_TPL_TEXT */
    size_t                len;
} art_share_tpl_seg_t;


struct art_share_tpl_s {
    art_share_tpl_seg_t  *segs;
    size_t                nsegs;
    size_t                items_begin;      /* the block: [begin, end) */
    size_t                items_end;
};


/*
 * What one page's rendering needs.  The title and the URL go into most
 * share URLs: they are percent-encoded once, not once for each network.
 */
typedef struct {
    const art_share_conf_t  *conf;
    const unsigned char     *url;
    size_t                   url_len;
    const unsigned char     *title;         /* cleaned */
    size_t                   title_len;
    const unsigned char     *etitle;        /* title, percent-encoded */
    size_t                   etitle_len;
    const unsigned char     *eurl;          /* url, percent-encoded; NULL */
    size_t                   eurl_len;      /*   with utm (one per network) */
    const char              *dir;           /* NULL or a valid value */
    const char              *nonce;         /* NULL or not empty */
} art_share_page_t;


/* text */

/* White_Space, and controls, which have no business in a title either */
static int
art_share_is_space(uint32_t cp)
{
    return cp <= 0x20 || (cp >= 0x7f && cp <= 0xa0) || cp == 0x1680
           || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028
           || cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000;
}


/*
 * Append p as valid UTF-8 with runs of whitespace as one space, none at
 * the end, and none at the start unless lead is set.
 */
static void
art_share_collapse(art_buf_t *b, const unsigned char *p, size_t n, int lead)
{
    int       space;
    size_t    i, len, start, run;
    uint32_t  cp;

    start = b->len;
    space = 0;

    /* the bytes from run to i are kept as they are, and copied at once */
    run = 0;

    for (i = 0; i < n; i += len) {
        len = 1;
        cp = p[i];

        /* printable ASCII, the space aside, is neither white nor invalid */
        if (cp <= 0x20 || cp >= 0x7f) {
            len = art_utf8_decode(p + i, n - i, &cp);

            if (art_share_is_space(cp)) {
                art_buf_append(b, p + run, i - run);
                run = i + len;
                space = 1;
                continue;
            }
        }

        /* a space ends a run: run is i here, and all before is written */
        if (space && (b->len > start || lead)) {
            art_buf_append_byte(b, ' ');
        }

        space = 0;

        if (cp == 0xfffd) {
            /* the bytes may be ill-formed: write the replacement itself */
            art_buf_append(b, p + run, i - run);
            art_buf_append_utf8(b, cp);
            run = i + len;
        }
    }

    art_buf_append(b, p + run, n - run);
}


int
art_share_clean_title(art_buf_t *out, const art_share_conf_t *c,
    const unsigned char *title, size_t len)
{
    size_t          i, start, slen, tlen;
    const char     *s;
    unsigned char  *t;

    start = out->len;

    art_share_collapse(out, title, len, 0);

    if (out->failed) {
        return -1;
    }

    tlen = out->len - start;

    if (tlen == 0) {
        return 0;
    }

    t = out->data + start;

    for (i = 0; i < c->ntitle_strip; i++) {
        s = c->title_strip[i];
        slen = strlen(s);

        if (slen == 0 || slen >= tlen
            || memcmp(t + tlen - slen, s, slen) != 0)
        {
            continue;
        }

        tlen -= slen;

        while (tlen > 0 && t[tlen - 1] == ' ') {
            tlen--;
        }

        /* a title that is only the site's name stays as it is */
        if (tlen > 0) {
            out->len = start + tlen;
        }

        break;
    }

    return 0;
}


/* X's weight of a code point: twitter-text v3 ranges, 2 outside them */
static size_t
art_share_x_cp_weight(uint32_t cp)
{
    return (cp <= 4351 || (cp >= 8192 && cp <= 8205)
            || (cp >= 8208 && cp <= 8223) || (cp >= 8242 && cp <= 8247))
           ? 1 : 2;
}


/*
 * X's weight of a grapheme cluster, never less than X's own count: X
 * counts a whole emoji sequence it knows as 2, but a sequence it does not
 * know as its parts, so each pictograph of a ZWJ sequence counts 2 and
 * each ZWJ 1; selectors, skin tones and tags count nothing after one.
 */
static size_t
art_share_x_weight(const unsigned char *p, size_t n)
{
    size_t     i, len, w;
    uint32_t   cp;
    art_gcb_e  first;

    len = art_utf8_decode(p, n, &cp);
    first = art_grapheme_property(cp);

    if (first == ART_GCB_RI) {
        return 2;
    }

    w = 0;

    for (i = 0; i < n; i += len) {
        len = art_utf8_decode(p + i, n - i, &cp);

        if (first == ART_GCB_PICT) {
            if (art_grapheme_property(cp) == ART_GCB_PICT) {
                w += 2;
                continue;
            }

            if ((cp >= 0xfe00 && cp <= 0xfe0f)
                || (cp >= 0x1f3fb && cp <= 0x1f3ff)
                || (cp >= 0xe0020 && cp <= 0xe007f) || cp == 0x20e3)
            {
                continue;
            }
        }

        w += art_share_x_cp_weight(cp);
    }

    return w;
}


static size_t
art_share_grapheme_weight(const unsigned char *p, size_t n)
{
    return 1;
}


typedef size_t (*art_share_weight_fn)(const unsigned char *p, size_t n);


static size_t
art_share_weigh(const unsigned char *p, size_t n, art_share_weight_fn fn)
{
    size_t  i, len, w;

    w = 0;

    for (i = 0; i < n; i += len) {
        len = art_grapheme_next(p + i, n - i);
        w += fn(p + i, len);
    }

    return w;
}


/* whether all of p, valid UTF-8, fits in limit (in fn's units) and bytes */
static int
art_share_fits(const unsigned char *p, size_t n, long limit, long max_bytes,
    art_share_weight_fn fn)
{
    if (limit < 0 || max_bytes < 0 || (long) n > max_bytes) {
        return 0;
    }

    /*
     * No cluster of valid UTF-8 weighs more than its bytes: a cluster is
     * at least one byte, and X weighs a code point at most 1 below U+0800
     * (one or two bytes), at most 2 above (three or four), a pictograph
     * 2 (two bytes or more) and a flag 2 (eight).  So a text no longer in
     * bytes than the limit needs no weighing.
     */
    return (long) n <= limit || (long) art_share_weigh(p, n, fn) <= limit;
}


/*
 * Append as much of p as fits in limit (in fn's units) and max_bytes,
 * cut between grapheme clusters, with an ellipsis when cut.  Nothing when
 * no cluster fits besides the ellipsis.  p is valid UTF-8.
 */
static void
art_share_cut(art_buf_t *b, const unsigned char *p, size_t n, long limit,
    long max_bytes, art_share_weight_fn fn)
{
    long    w, room, broom, cw;
    size_t  i, len;

    if (limit < 0 || max_bytes < 0) {
        return;
    }

    if (art_share_fits(p, n, limit, max_bytes, fn)) {
        art_buf_append(b, p, n);
        return;
    }

    room = limit - (long) fn((const unsigned char *) ART_SHARE_ELLIPSIS, 3);
    broom = max_bytes - 3;
    w = 0;

    for (i = 0; i < n; i += len) {
        len = art_grapheme_next(p + i, n - i);
        cw = (long) fn(p + i, len);

        if (w + cw > room || (long) (i + len) > broom) {
            break;
        }

        w += cw;
    }

    while (i > 0 && p[i - 1] == ' ') {
        i--;
    }

    if (i == 0) {
        return;
    }

    art_buf_append(b, p, i);
    art_buf_append_str(b, ART_SHARE_ELLIPSIS);
}


/* share URLs */

/*
 * A literal part of a share URL.  In an href (attr set) it is escaped
 * for the attribute; the percent-encoded parts need not be, as they hold
 * only unreserved bytes and %XX, none of which HTML escapes.
 */
static void
art_share_lit(art_buf_t *b, const char *s, int attr)
{
    if (attr) {
        art_escape_html_attr(b, (const unsigned char *) s, strlen(s));

    } else {
        art_buf_append_str(b, s);
    }
}


/* name=value, the value percent-encoded already */
static void
art_share_param(art_buf_t *b, const char *name, const unsigned char *v,
    size_t n, int attr)
{
    art_share_lit(b, name, attr);
    art_buf_append(b, v, n);
}


/* "title url", or the URL alone, as one value; both percent-encoded */
static void
art_share_text_url(art_buf_t *b, const unsigned char *t, size_t tlen,
    const unsigned char *u, size_t ulen)
{
    if (tlen > 0) {
        art_buf_append(b, t, tlen);
        art_share_put(b, "%20");
    }

    art_buf_append(b, u, ulen);
}


/* the page's URL with utm_source=ID&utm_medium=social before any # */
static void
art_share_utm(art_buf_t *b, const unsigned char *u, size_t n, const char *id)
{
    size_t                qlen;
    const unsigned char  *hash, *q;

    hash = memchr(u, '#', n);
    qlen = hash ? (size_t) (hash - u) : n;

    art_buf_append(b, u, qlen);

    q = memchr(u, '?', qlen);

    if (q == NULL) {
        art_buf_append_byte(b, '?');

    } else if (u[qlen - 1] != '?' && u[qlen - 1] != '&') {
        art_buf_append_byte(b, '&');
    }

    art_buf_printf(b, "utm_source=%s&utm_medium=social", id);
    art_buf_append(b, u + qlen, n - qlen);
}


/* X's budget for the text: what the URL, hashtags and via leave */
static long
art_share_x_room(const art_share_conf_t *c)
{
    long    room;
    size_t  i;

    room = ART_SHARE_X_LIMIT - ART_SHARE_X_URL - 1;

    for (i = 0; i < c->nhashtags; i++) {
        /* " #tag" */
        room -= 2 + (long) art_share_weigh((const unsigned char *)
                                           c->hashtags[i],
                                           strlen(c->hashtags[i]),
                                           art_share_x_weight);
    }

    if (c->via != NULL) {
        /* " via @handle" */
        room -= 6 + (long) strlen(c->via);
    }

    return room;
}


/*
 * Append the title cut to fit (art_share_cut), percent-encoded: the
 * page's encoding of the whole title when it all fits, as it mostly does.
 */
static void
art_share_cut_encoded(art_buf_t *b, const art_share_page_t *pg, long limit,
    long max_bytes, art_share_weight_fn fn)
{
    art_buf_t  cut;

    if (art_share_fits(pg->title, pg->title_len, limit, max_bytes, fn)) {
        art_buf_append(b, pg->etitle, pg->etitle_len);
        return;
    }

    art_buf_init(&cut, b->alloc);

    art_share_cut(&cut, pg->title, pg->title_len, limit, max_bytes, fn);
    art_escape_url_component(b, cut.data, cut.len);

    if (cut.failed) {
        b->failed = 1;
    }

    art_buf_free(&cut);
}


/*
 * Append the share URL of network net, plain, or escaped for an
 * attribute when attr is set.
 */
static int
art_share_build(art_buf_t *b, const art_share_page_t *pg, unsigned net,
    int attr)
{
    int                      rc;
    long                     room;
    size_t                   i, ulen, eulen, tlen, etlen;
    art_buf_t                ub, eub, cut;
    const unsigned char     *u, *eu, *et;
    const art_share_conf_t  *c;

    c = pg->conf;
    tlen = pg->title_len;
    et = pg->etitle;
    etlen = pg->etitle_len;

    art_buf_init(&ub, b->alloc);
    art_buf_init(&eub, b->alloc);
    art_buf_init(&cut, b->alloc);

    if (c->utm) {
        art_share_utm(&ub, pg->url, pg->url_len, art_share_networks[net].id);
        art_escape_url_component(&eub, ub.data, ub.len);

        if (ub.failed || eub.failed) {
            art_buf_free(&ub);
            art_buf_free(&eub);
            b->failed = 1;
            return -1;
        }

        u = ub.data;
        ulen = ub.len;
        eu = eub.data;
        eulen = eub.len;

    } else {
        u = pg->url;
        ulen = pg->url_len;
        eu = pg->eurl;
        eulen = pg->eurl_len;
    }

    switch (net) {

    case ART_NET_X:
        /*
         * The byte cap only bounds clusters that weigh little for their
         * size (a pictograph with many tags); no real title reaches it.
         */
        art_share_cut_encoded(&cut, pg, art_share_x_room(c),
                              ART_SHARE_X_LIMIT * 4, art_share_x_weight);
        art_share_lit(b, "https://x.com/intent/tweet?", attr);

        if (cut.len > 0) {
            art_share_param(b, "text=", cut.data, cut.len, attr);
            art_share_lit(b, "&", attr);
        }

        art_share_param(b, "url=", eu, eulen, attr);

        if (c->via != NULL) {
            art_share_lit(b, "&via=", attr);
            art_escape_url_component(b, (const unsigned char *) c->via,
                                     strlen(c->via));
        }

        for (i = 0; i < c->nhashtags; i++) {
            art_share_lit(b, i == 0 ? "&hashtags=" : ",", attr);
            art_escape_url_component(b, (const unsigned char *) c->hashtags[i],
                                     strlen(c->hashtags[i]));
        }

        break;

    case ART_NET_FACEBOOK:
        art_share_lit(b, "https://www.facebook.com/sharer/sharer.php?", attr);
        art_share_param(b, "u=", eu, eulen, attr);
        break;

    case ART_NET_LINKEDIN:
        art_share_lit(b, "https://www.linkedin.com/sharing/share-offsite/?",
                      attr);
        art_share_param(b, "url=", eu, eulen, attr);
        break;

    case ART_NET_REDDIT:
        art_share_lit(b, "https://www.reddit.com/submit?", attr);
        art_share_param(b, "url=", eu, eulen, attr);
        if (tlen > 0) {
            art_share_param(b, "&title=", et, etlen, attr);
        }
        break;

    case ART_NET_TELEGRAM:
        art_share_lit(b, "https://t.me/share/url?", attr);
        art_share_param(b, "url=", eu, eulen, attr);
        if (tlen > 0) {
            art_share_param(b, "&text=", et, etlen, attr);
        }
        break;

    case ART_NET_WHATSAPP:
        art_share_lit(b, "https://wa.me/?text=", attr);
        art_share_text_url(b, et, etlen, eu, eulen);
        break;

    case ART_NET_VK:
        art_share_lit(b, "https://vk.com/share.php?", attr);
        art_share_param(b, "url=", eu, eulen, attr);
        if (tlen > 0) {
            art_share_param(b, "&title=", et, etlen, attr);
        }
        break;

    case ART_NET_BLUESKY:
        /*
         * "title url": the URL and its space come off the budget.  The
         * URL has no more clusters than bytes, so when the title fits
         * beside its bytes, they need not be counted.
         */
        if (tlen + ulen <= ART_SHARE_BSKY_LIMIT - 1) {
            room = ART_SHARE_BSKY_LIMIT - 1 - (long) ulen;

        } else {
            room = ART_SHARE_BSKY_LIMIT - 1
                   - (long) art_grapheme_count(u, ulen);
        }

        art_share_cut_encoded(&cut, pg, room,
                              ART_SHARE_BSKY_BYTES - 1 - (long) ulen,
                              art_share_grapheme_weight);
        art_share_lit(b, "https://bsky.app/intent/compose?text=", attr);
        art_share_text_url(b, cut.data, cut.len, eu, eulen);
        break;

    case ART_NET_MASTODON:
        art_share_lit(b, c->mastodon, attr);
        art_share_text_url(b, et, etlen, eu, eulen);
        break;

    case ART_NET_THREADS:
        art_share_lit(b, "https://www.threads.net/intent/post?text=", attr);
        art_share_text_url(b, et, etlen, eu, eulen);
        break;

    case ART_NET_PINTEREST:
        art_share_lit(b, "https://pinterest.com/pin/create/button/?", attr);
        art_share_param(b, "url=", eu, eulen, attr);
        if (tlen > 0) {
            art_share_param(b, "&description=", et, etlen, attr);
        }
        break;

    case ART_NET_HACKERNEWS:
        art_share_lit(b, "https://news.ycombinator.com/submitlink?", attr);
        art_share_param(b, "u=", eu, eulen, attr);
        if (tlen > 0) {
            art_share_param(b, "&t=", et, etlen, attr);
        }
        break;

    case ART_NET_EMAIL:
        /* RFC 6068: %20, never "+", for a space */
        art_share_lit(b, "mailto:?", attr);
        if (tlen > 0) {
            art_share_param(b, "subject=", et, etlen, attr);
            art_share_lit(b, "&", attr);
        }
        art_share_param(b, "body=", eu, eulen, attr);
        break;

    case ART_NET_LINE:
        art_share_lit(b, "https://social-plugins.line.me/lineit/share?",
                      attr);
        art_share_param(b, "url=", eu, eulen, attr);
        break;

    case ART_NET_WEIBO:
        art_share_lit(b, "https://service.weibo.com/share/share.php?", attr);
        art_share_param(b, "url=", eu, eulen, attr);
        if (tlen > 0) {
            art_share_param(b, "&title=", et, etlen, attr);
        }
        break;
    }

    rc = (ub.failed || eub.failed || cut.failed || b->failed) ? -1 : 0;

    art_buf_free(&ub);
    art_buf_free(&eub);
    art_buf_free(&cut);

    return rc;
}


/*
 * Set up pg for url and the cleaned title, their encodings in esc,
 * which must stay as it is while pg is in use.
 */
static int
art_share_page_init(art_share_page_t *pg, const art_share_conf_t *c,
    const unsigned char *url, size_t url_len, const unsigned char *title,
    size_t title_len, art_buf_t *esc)
{
    memset(pg, 0, sizeof(art_share_page_t));

    pg->conf = c;
    pg->url = url;
    pg->url_len = url_len;
    pg->title = title;
    pg->title_len = title_len;

    art_escape_url_component(esc, title, title_len);
    pg->etitle_len = esc->len;

    if (!c->utm) {
        art_escape_url_component(esc, url, url_len);
        pg->eurl_len = esc->len - pg->etitle_len;
    }

    if (esc->failed) {
        return -1;
    }

    /* esc may have moved while it grew: point into it only now */
    pg->etitle = esc->data;

    if (!c->utm) {
        pg->eurl = esc->data + pg->etitle_len;
    }

    return 0;
}


static int
art_share_network_find(const unsigned char *p, size_t n)
{
    unsigned  i;

    if (n == 7 && memcmp(p, "twitter", 7) == 0) {
        return ART_NET_X;
    }

    for (i = 0; i < ART_NET_COUNT; i++) {
        if (strlen(art_share_networks[i].id) == n
            && memcmp(art_share_networks[i].id, p, n) == 0)
        {
            return (int) i;
        }
    }

    return -1;
}


int
art_share_url(art_buf_t *out, const art_share_conf_t *c,
    const char *network, const char *canonical_url,
    const unsigned char *title, size_t title_len)
{
    int               net, rc;
    art_buf_t         t, esc;
    art_share_page_t  pg;

    net = art_share_network_find((const unsigned char *) network,
                                 strlen(network));

    if (net < 0 || canonical_url == NULL || canonical_url[0] == '\0') {
        return -1;
    }

    art_buf_init(&t, out->alloc);
    art_buf_init(&esc, out->alloc);

    rc = -1;

    if (art_share_clean_title(&t, c, title, title_len) == 0
        && art_share_page_init(&pg, c, (const unsigned char *) canonical_url,
                               strlen(canonical_url), t.data, t.len, &esc)
           == 0)
    {
        rc = art_share_build(out, &pg, (unsigned) net, 0);
    }

    art_buf_free(&t);
    art_buf_free(&esc);

    return rc;
}


/* markup */

static void
art_share_attr(art_buf_t *b, const char *s)
{
    art_escape_html_attr(b, (const unsigned char *) s, strlen(s));
}


static void
art_share_icon(art_buf_t *b, const char *body)
{
    art_share_put(b, art_share_svg_open);
    art_buf_append_str(b, body);
    art_share_put(b, "</svg>");
}


/* the href of one network, escaped for an attribute */
static void
art_share_href(art_buf_t *b, const art_share_page_t *pg, unsigned net)
{
    if (art_share_build(b, pg, net, 1) != 0) {
        b->failed = 1;
    }
}


static void
art_share_native(art_buf_t *b, const art_share_page_t *pg)
{
    art_share_put(b, "<button type=\"button\" class=\"article-share-link "
                       "article-share-native\" data-url=\"");
    art_escape_html_attr(b, pg->url, pg->url_len);
    art_share_put(b, "\" data-title=\"");
    art_escape_html_attr(b, pg->title, pg->title_len);
    art_share_put(b, "\" hidden>");
    art_share_icon(b, art_share_native_icon);
    art_share_put(b, "<span>Share</span></button><script");

    if (pg->nonce != NULL) {
        art_share_put(b, " nonce=\"");
        art_share_attr(b, pg->nonce);
        art_buf_append_byte(b, '"');
    }

    art_buf_append_byte(b, '>');
    art_share_put(b, art_share_native_js);
    art_share_put(b, "</script>");
}


static void
art_share_render_default(art_buf_t *b, const art_share_page_t *pg)
{
    size_t                      i;
    const art_share_conf_t     *c;
    const art_share_network_t  *net;

    c = pg->conf;

    art_share_put(b, "<nav class=\"article-share\" data-article-share "
                       "aria-label=\"");
    art_share_attr(b, c->label);
    art_buf_append_byte(b, '"');

    if (pg->dir != NULL) {
        art_buf_printf(b, " dir=\"%s\"", pg->dir);
    }

    art_buf_append_byte(b, '>');

    if (c->style) {
        art_share_put(b, art_share_style_css);
    }

    /* the nav's aria-label names it already: no second reading */
    art_share_put(b, "<span class=\"article-share-label\" "
                       "aria-hidden=\"true\">");
    art_share_attr(b, c->label);
    art_share_put(b, "</span><ul class=\"article-share-list\">");

    for (i = 0; i < c->nnetworks; i++) {
        net = &art_share_networks[c->networks[i]];

        art_share_put(b, "<li><a class=\"article-share-link "
                           "article-share-");
        art_buf_append_str(b, net->id);
        art_share_put(b, "\" href=\"");
        art_share_href(b, pg, c->networks[i]);
        art_share_put(b, "\" rel=\"noopener noreferrer\"");

        if (c->networks[i] != ART_NET_EMAIL) {
            art_share_put(b, " target=\"_blank\"");
        }

        art_share_put(b, " aria-label=\"");
        art_share_attr(b, net->aria_label);
        art_share_put(b, "\">");
        art_share_icon(b, net->icon);
        art_share_put(b, "<span>");
        art_share_attr(b, net->name);
        art_share_put(b, "</span></a></li>");
    }

    if (c->native) {
        art_share_put(b, "<li hidden>");
        art_share_native(b, pg);
        art_share_put(b, "</li>");
    }

    art_share_put(b, "</ul></nav>");
}


static void
art_share_render_seg(art_buf_t *b, const art_share_page_t *pg,
    const art_share_tpl_seg_t *seg, unsigned net)
{
    const art_share_network_t  *n;

    n = &art_share_networks[net];

    switch (seg->type) {

    case ART_TPL_TEXT:
        art_buf_append(b, seg->data, seg->len);
        break;

    case ART_TPL_LABEL:
        art_share_attr(b, pg->conf->label);
        break;

    case ART_TPL_TITLE:
        art_escape_html_attr(b, pg->title, pg->title_len);
        break;

    case ART_TPL_PAGE_URL:
        art_escape_html_attr(b, pg->url, pg->url_len);
        break;

    case ART_TPL_DIR:
        if (pg->dir != NULL) {
            art_buf_append_str(b, pg->dir);
        }
        break;

    case ART_TPL_STYLE:
        if (pg->conf->style) {
            art_share_put(b, art_share_style_css);
        }
        break;

    case ART_TPL_NATIVE:
        if (pg->conf->native) {
            art_share_native(b, pg);
        }
        break;

    case ART_TPL_ID:
        art_share_attr(b, n->id);
        break;

    case ART_TPL_NAME:
        art_share_attr(b, n->name);
        break;

    case ART_TPL_URL:
        art_share_href(b, pg, net);
        break;

    case ART_TPL_ARIA_LABEL:
        art_share_attr(b, n->aria_label);
        break;

    case ART_TPL_ICON:
        art_share_icon(b, n->icon);
        break;

    case ART_TPL_TARGET:
        art_buf_append_str(b, net == ART_NET_EMAIL ? "_self" : "_blank");
        break;
    }
}


static void
art_share_render_template(art_buf_t *b, const art_share_page_t *pg)
{
    size_t                  i, k;
    const art_share_tpl_t  *tpl;

    tpl = pg->conf->template;

    for (i = 0; i < tpl->items_begin; i++) {
        art_share_render_seg(b, pg, &tpl->segs[i], 0);
    }

    for (k = 0; k < pg->conf->nnetworks; k++) {
        for (i = tpl->items_begin; i < tpl->items_end; i++) {
            art_share_render_seg(b, pg, &tpl->segs[i],
                                 pg->conf->networks[k]);
        }
    }

    for (i = tpl->items_end; i < tpl->nsegs; i++) {
        art_share_render_seg(b, pg, &tpl->segs[i], 0);
    }
}


int
art_share_render(art_buf_t *out, const art_share_conf_t *c,
    const char *canonical_url, const unsigned char *title, size_t title_len,
    const char *dir, const char *nonce)
{
    int               rc;
    art_buf_t         t, esc;
    art_share_page_t  pg;

    if (c->enabled != 1 || c->nnetworks == 0) {
        return 0;
    }

    if (canonical_url == NULL || canonical_url[0] == '\0') {
        return -1;
    }

    art_buf_init(&t, out->alloc);
    art_buf_init(&esc, out->alloc);

    if (art_share_clean_title(&t, c, title, title_len) != 0
        || art_share_page_init(&pg, c, (const unsigned char *) canonical_url,
                               strlen(canonical_url), t.data, t.len, &esc)
           != 0)
    {
        out->failed = 1;
        art_buf_free(&t);
        art_buf_free(&esc);
        return -1;
    }

    pg.nonce = (nonce != NULL && nonce[0] != '\0') ? nonce : NULL;
    pg.dir = NULL;

    if (dir != NULL
        && (strcmp(dir, "rtl") == 0 || strcmp(dir, "ltr") == 0
            || strcmp(dir, "auto") == 0))
    {
        pg.dir = dir;
    }

    if (c->template != NULL) {
        art_share_render_template(out, &pg);

    } else {
        art_share_render_default(out, &pg);
    }

    rc = out->failed ? -1 : 0;

    art_buf_free(&t);
    art_buf_free(&esc);

    return rc;
}


/* configuration */

void
art_share_conf_init(art_share_conf_t *c)
{
    memset(c, 0, sizeof(art_share_conf_t));

    c->enabled = ART_UNSET;
    c->anchor_position = ART_UNSET;
    c->anchor_fallback = ART_UNSET;
    c->utm = ART_UNSET;
    c->style = ART_UNSET;
    c->native = ART_UNSET;
    c->template_set = 0;
}


#define art_share_merge_int(field, def)                                      \
    if (c->field == ART_UNSET) {                                             \
        c->field = (parent && parent->field != ART_UNSET)                    \
                   ? parent->field : (def);                                  \
    }

#define art_share_merge_ptr(field, def)                                      \
    if (c->field == NULL) {                                                  \
        c->field = (parent && parent->field != NULL) ? parent->field : (def);\
    }


void
art_share_conf_merge(art_share_conf_t *c, const art_share_conf_t *parent)
{
    if (c->enabled == ART_UNSET) {
        if (parent != NULL && parent->enabled != ART_UNSET) {
            c->enabled = parent->enabled;
            c->nnetworks = parent->nnetworks;
            memcpy(c->networks, parent->networks, sizeof(c->networks));

        } else {
            c->enabled = 0;
            c->nnetworks = 0;
        }
    }

    if (c->anchor_selector == NULL) {
        if (parent != NULL && parent->anchor_selector != NULL) {
            c->anchor_selector = parent->anchor_selector;
            c->anchor_position = parent->anchor_position;
            c->anchor_fallback = parent->anchor_fallback;

        } else {
            c->anchor_selector = ART_SHARE_DEFAULT_SELECTOR;
            c->anchor_position = ART_POS_AFTER;
            c->anchor_fallback = ART_SHARE_FALLBACK_BODY;
        }
    }

    art_share_merge_ptr(label, ART_SHARE_DEFAULT_LABEL);
    art_share_merge_ptr(mastodon, ART_SHARE_DEFAULT_MASTODON);
    art_share_merge_ptr(via, NULL);
    art_share_merge_int(utm, 0);
    art_share_merge_int(style, 1);
    art_share_merge_int(native, 0);

    if (c->hashtags == NULL && parent != NULL) {
        c->hashtags = parent->hashtags;
        c->nhashtags = parent->nhashtags;
    }

    if (c->title_strip == NULL && parent != NULL) {
        c->title_strip = parent->title_strip;
        c->ntitle_strip = parent->ntitle_strip;
    }

    if (!c->template_set && parent != NULL) {
        c->template_set = parent->template_set;
        c->template = parent->template;
    }
}


static int
art_share_duplicate(art_conf_ctx_t *ctx, const char *name)
{
    return art_conf_error(ctx, "\"%s\" directive is duplicate", name);
}


static int
art_share_nargs(art_conf_ctx_t *ctx, const char *name, size_t nargs,
    size_t min, size_t max)
{
    if (nargs < min || nargs > max) {
        return art_conf_error(ctx, "invalid number of arguments in \"%s\"",
                              name);
    }

    return ART_CONF_OK;
}


static int
art_share_set_networks(art_share_conf_t *c, art_conf_ctx_t *ctx,
    const char *name, const art_str_t *args, size_t nargs)
{
    int     net;
    size_t  i, k;

    if (nargs == 1 && art_str_eq(&args[0], "off")) {
        c->enabled = 0;
        c->nnetworks = 0;
        return ART_CONF_OK;
    }

    c->nnetworks = 0;

    for (i = 0; i < nargs; i++) {
        if (art_str_eq(&args[i], "off")) {
            return art_conf_error(ctx, "\"off\" must stand alone in "
                                  "\"%s\"", name);
        }

        net = art_share_network_find(args[i].data, args[i].len);

        if (net < 0) {
            return art_conf_error(ctx, "unknown network \"%.*s\" in \"%s\"",
                                  (int) args[i].len,
                                  (const char *) args[i].data, name);
        }

        for (k = 0; k < c->nnetworks; k++) {
            if (c->networks[k] == net) {
                return art_conf_error(ctx, "network \"%.*s\" is listed "
                                      "twice in \"%s\"", (int) args[i].len,
                                      (const char *) args[i].data, name);
            }
        }

        c->networks[c->nnetworks++] = (unsigned char) net;
    }

    c->enabled = 1;

    return ART_CONF_OK;
}


static int
art_share_set_anchor(art_share_conf_t *c, art_conf_ctx_t *ctx,
    const char *name, const art_str_t *args, size_t nargs)
{
    size_t                    i;
    char                     *sel;
    static const int          values[] = { ART_POS_BEFORE, ART_POS_AFTER,
                                           ART_POS_PREPEND, ART_POS_APPEND };
    static const char *const  positions[] = { "before", "after", "prepend",
                                               "append", NULL };

    if (art_share_nargs(ctx, name, nargs, 2, 3) != ART_CONF_OK) {
        return ART_CONF_ERROR;
    }

    if (args[0].len == 0) {
        return art_conf_error(ctx, "empty selector in \"%s\"", name);
    }

    c->anchor_position = ART_UNSET;

    for (i = 0; positions[i] != NULL; i++) {
        if (art_str_eq(&args[1], positions[i])) {
            c->anchor_position = values[i];
        }
    }

    if (c->anchor_position == ART_UNSET) {
        return art_conf_error(ctx, "invalid position \"%.*s\" in \"%s\": it "
                              "must be \"before\", \"after\", \"prepend\" "
                              "or \"append\"", (int) args[1].len,
                              (const char *) args[1].data, name);
    }

    c->anchor_fallback = ART_SHARE_FALLBACK_BODY;

    if (nargs == 3) {
        if (art_str_eq(&args[2], "fallback=body")) {
            c->anchor_fallback = ART_SHARE_FALLBACK_BODY;

        } else if (art_str_eq(&args[2], "fallback=none")) {
            c->anchor_fallback = ART_SHARE_FALLBACK_NONE;

        } else {
            return art_conf_error(ctx, "invalid parameter \"%.*s\" in "
                                  "\"%s\": it must be \"fallback=body\" or "
                                  "\"fallback=none\"", (int) args[2].len,
                                  (const char *) args[2].data, name);
        }
    }

    sel = art_conf_strdup(ctx, &args[0]);
    if (sel == NULL) {
        return ART_CONF_ERROR;
    }

    c->anchor_selector = sel;

    return ART_CONF_OK;
}


/* a copy with whitespace collapsed: how titles are compared */
static char *
art_share_collapsed(art_conf_ctx_t *ctx, const art_str_t *arg, int lead)
{
    char       *p;
    art_buf_t   b;

    art_buf_init(&b, ctx->alloc);
    art_share_collapse(&b, arg->data, arg->len, lead);
    art_buf_append_byte(&b, '\0');

    if (b.failed) {
        art_buf_free(&b);
        art_conf_error(ctx, "out of memory");
        return NULL;
    }

    p = (char *) b.data;

    return p;
}


static int
art_share_set_via(art_share_conf_t *c, art_conf_ctx_t *ctx, const char *name,
    const art_str_t *arg)
{
    size_t                i, n;
    const unsigned char  *p;
    art_str_t             h;

    p = arg->data;
    n = arg->len;

    if (n > 0 && p[0] == '@') {
        p++;
        n--;
    }

    /* an X user name: 1 to 15 of A-Z a-z 0-9 _ */
    if (n == 0 || n > 15) {
        goto invalid;
    }

    for (i = 0; i < n; i++) {
        if (!((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z')
              || (p[i] >= '0' && p[i] <= '9') || p[i] == '_'))
        {
            goto invalid;
        }
    }

    h.data = p;
    h.len = n;

    c->via = art_conf_strdup(ctx, &h);

    return c->via ? ART_CONF_OK : ART_CONF_ERROR;

invalid:

    return art_conf_error(ctx, "invalid handle \"%.*s\" in \"%s\": it must "
                          "be 1 to 15 letters, digits or \"_\"",
                          (int) arg->len, (const char *) arg->data, name);
}


/* a hashtag: valid UTF-8 without whitespace, "#" or "," */
static int
art_share_valid_tag(const unsigned char *p, size_t n)
{
    size_t    i, len;
    uint32_t  cp;

    if (n == 0) {
        return 0;
    }

    for (i = 0; i < n; i += len) {
        len = art_utf8_decode(p + i, n - i, &cp);

        if (cp == 0xfffd || art_share_is_space(cp) || cp == '#'
            || cp == ',')
        {
            return 0;
        }
    }

    return 1;
}


static int
art_share_set_list(art_conf_ctx_t *ctx, const char *name,
    const art_str_t *args, size_t nargs, int hashtags, const char ***list,
    size_t *n)
{
    size_t        i;
    art_str_t     a;
    const char  **l;

    if (art_share_nargs(ctx, name, nargs, 1, (size_t) -1) != ART_CONF_OK) {
        return ART_CONF_ERROR;
    }

    l = art_alloc(ctx->alloc, nargs * sizeof(char *));
    if (l == NULL) {
        return art_conf_error(ctx, "out of memory");
    }

    for (i = 0; i < nargs; i++) {
        a = args[i];

        if (hashtags) {
            if (a.len > 0 && a.data[0] == '#') {
                a.data++;
                a.len--;
            }

            if (!art_share_valid_tag(a.data, a.len)) {
                return art_conf_error(ctx, "invalid hashtag \"%.*s\" in "
                                      "\"%s\"", (int) args[i].len,
                                      (const char *) args[i].data, name);
            }

            l[i] = art_conf_strdup(ctx, &a);

        } else {
            l[i] = art_share_collapsed(ctx, &a, 1);

            if (l[i] != NULL && l[i][0] == '\0') {
                return art_conf_error(ctx, "empty suffix in \"%s\"", name);
            }
        }

        if (l[i] == NULL) {
            return ART_CONF_ERROR;
        }
    }

    *list = l;
    *n = nargs;

    return ART_CONF_OK;
}


/* template parsing */

static int
art_share_tpl_add(art_share_tpl_t *tpl, size_t *cap, art_conf_ctx_t *ctx,
    int type, const unsigned char *p, size_t n)
{
    art_share_tpl_seg_t  *segs;

    if (type == ART_TPL_TEXT && n == 0) {
        return ART_CONF_OK;
    }

    if (tpl->nsegs == *cap) {
        *cap = *cap ? *cap * 2 : 16;

        segs = art_alloc(ctx->alloc, *cap * sizeof(art_share_tpl_seg_t));
        if (segs == NULL) {
            return art_conf_error(ctx, "out of memory");
        }

        if (tpl->nsegs) {
            memcpy(segs, tpl->segs, tpl->nsegs * sizeof(art_share_tpl_seg_t));
        }

        art_free(ctx->alloc, tpl->segs);
        tpl->segs = segs;
    }

    tpl->segs[tpl->nsegs].type = type;
    tpl->segs[tpl->nsegs].data = p;
    tpl->segs[tpl->nsegs].len = n;
    tpl->nsegs++;

    return ART_CONF_OK;
}


static unsigned
art_share_line(const unsigned char *start, const unsigned char *p)
{
    unsigned  line;

    line = 1;

    while (start < p) {
        if (*start++ == '\n') {
            line++;
        }
    }

    return line;
}


/* parse the template text p (which the result points into) */
static art_share_tpl_t *
art_share_tpl_parse(art_conf_ctx_t *ctx, const char *path,
    const unsigned char *p, size_t n)
{
    int                   type;
    size_t                cap, nlen, i;
    unsigned              open_line;
    art_share_tpl_t      *tpl;
    const unsigned char  *s, *last, *q, *e, *name;

    tpl = art_calloc(ctx->alloc, sizeof(art_share_tpl_t));
    if (tpl == NULL) {
        art_conf_error(ctx, "out of memory");
        return NULL;
    }

    cap = 0;
    open_line = 0;
    tpl->items_begin = (size_t) -1;
    tpl->items_end = (size_t) -1;

    s = p;
    last = p + n;

    for ( ;; ) {
        for (q = s; q + 1 < last; q++) {
            if (q[0] == '{' && q[1] == '{') {
                break;
            }
        }

        if (q + 1 >= last) {
            break;
        }

        if (art_share_tpl_add(tpl, &cap, ctx, ART_TPL_TEXT, s,
                              (size_t) (q - s))
            != ART_CONF_OK)
        {
            return NULL;
        }

        for (e = q + 2; e + 1 < last; e++) {
            if (e[0] == '}' && e[1] == '}') {
                break;
            }
        }

        if (e + 1 >= last) {
            art_conf_error(ctx, "template \"%s\", line %u: \"{{\" without "
                           "\"}}\"", path, art_share_line(p, q));
            return NULL;
        }

        name = q + 2;
        nlen = (size_t) (e - name);

        while (nlen > 0 && (*name == ' ' || *name == '\t')) {
            name++;
            nlen--;
        }

        while (nlen > 0 && (name[nlen - 1] == ' ' || name[nlen - 1] == '\t'))
        {
            nlen--;
        }

        if (nlen == 6 && memcmp(name, "#items", 6) == 0) {
            if (open_line != 0 || tpl->items_begin != (size_t) -1) {
                art_conf_error(ctx, "template \"%s\", line %u: a second "
                               "\"{{#items}}\" (only one block is allowed, "
                               "and it does not nest)", path,
                               art_share_line(p, q));
                return NULL;
            }

            open_line = art_share_line(p, q);
            tpl->items_begin = tpl->nsegs;

        } else if (nlen == 6 && memcmp(name, "/items", 6) == 0) {
            if (open_line == 0) {
                art_conf_error(ctx, "template \"%s\", line %u: "
                               "\"{{/items}}\" without \"{{#items}}\"",
                               path, art_share_line(p, q));
                return NULL;
            }

            open_line = 0;
            tpl->items_end = tpl->nsegs;

        } else {
            type = -1;

            for (i = 1; art_tpl_names[i] != NULL; i++) {
                if (strlen(art_tpl_names[i]) == nlen
                    && memcmp(art_tpl_names[i], name, nlen) == 0)
                {
                    type = (int) i;
                    break;
                }
            }

            if (type < 0) {
                art_conf_error(ctx, "template \"%s\", line %u: unknown "
                               "placeholder \"{{%.*s}}\"", path,
                               art_share_line(p, q), (int) nlen,
                               (const char *) name);
                return NULL;
            }

            if (type >= ART_TPL_ID && open_line == 0) {
                art_conf_error(ctx, "template \"%s\", line %u: "
                               "\"{{%s}}\" outside \"{{#items}}\"", path,
                               art_share_line(p, q), art_tpl_names[type]);
                return NULL;
            }

            if (art_share_tpl_add(tpl, &cap, ctx, type, NULL, 0)
                != ART_CONF_OK)
            {
                return NULL;
            }
        }

        s = e + 2;
    }

    if (open_line != 0) {
        art_conf_error(ctx, "template \"%s\", line %u: \"{{#items}}\" "
                       "without \"{{/items}}\"", path, open_line);
        return NULL;
    }

    if (tpl->items_begin == (size_t) -1) {
        art_conf_error(ctx, "template \"%s\", line %u: no \"{{#items}}\" "
                       "... \"{{/items}}\" block for the links", path,
                       art_share_line(p, last));
        return NULL;
    }

    if (art_share_tpl_add(tpl, &cap, ctx, ART_TPL_TEXT, s,
                          (size_t) (last - s))
        != ART_CONF_OK)
    {
        return NULL;
    }

    return tpl;
}


static int
art_share_set_template(art_share_conf_t *c, art_conf_ctx_t *ctx,
    const char *name, const art_str_t *arg)
{
    int             err;
    FILE           *f;
    char           *path;
    size_t          size;
    struct stat     st;
    unsigned char  *data;

    c->template_set = 1;

    if (art_str_eq(arg, "off")) {
        c->template = NULL;
        return ART_CONF_OK;
    }

    path = art_conf_path(ctx, arg);
    if (path == NULL) {
        return ART_CONF_ERROR;
    }

    f = fopen(path, "rb");
    if (f == NULL) {
        return art_conf_error(ctx, "cannot open template \"%s\": %s", path,
                              strerror(errno));
    }

    if (fstat(fileno(f), &st) != 0) {
        err = errno;
        fclose(f);
        return art_conf_error(ctx, "cannot read template \"%s\": %s", path,
                              strerror(err));
    }

    if (!S_ISREG(st.st_mode)) {
        fclose(f);
        return art_conf_error(ctx, "template \"%s\" is not a regular file",
                              path);
    }

    if (st.st_size > ART_SHARE_TEMPLATE_MAX) {
        fclose(f);
        return art_conf_error(ctx, "template \"%s\" is larger than %d "
                              "bytes", path, ART_SHARE_TEMPLATE_MAX);
    }

    size = (size_t) st.st_size;

    data = art_alloc(ctx->alloc, size + 1);
    if (data == NULL) {
        fclose(f);
        return art_conf_error(ctx, "out of memory");
    }

    if (fread(data, 1, size, f) != size) {
        err = ferror(f) ? errno : EIO;
        fclose(f);
        return art_conf_error(ctx, "cannot read template \"%s\": %s", path,
                              strerror(err));
    }

    fclose(f);

    c->template = art_share_tpl_parse(ctx, path, data, size);

    return c->template ? ART_CONF_OK : ART_CONF_ERROR;
}


/* the Mastodon chooser: an http(s) URL the text is appended to */
static int
art_share_valid_prefix(const art_str_t *arg)
{
    size_t  i;

    if (!((arg->len > 8 && memcmp(arg->data, "https://", 8) == 0)
          || (arg->len > 7 && memcmp(arg->data, "http://", 7) == 0)))
    {
        return 0;
    }

    for (i = 0; i < arg->len; i++) {
        if (arg->data[i] <= 0x20 || arg->data[i] >= 0x7f
            || strchr("\"'<>`\\", arg->data[i]) != NULL)
        {
            return 0;
        }
    }

    return 1;
}


static int
art_share_set_flag(art_conf_ctx_t *ctx, const char *name,
    const art_str_t *args, size_t nargs, int *flag)
{
    if (*flag != ART_UNSET) {
        return art_share_duplicate(ctx, name);
    }

    if (art_share_nargs(ctx, name, nargs, 1, 1) != ART_CONF_OK) {
        return ART_CONF_ERROR;
    }

    return art_conf_flag(ctx, name, &args[0], flag);
}


int
art_share_conf_set(art_share_conf_t *c, art_conf_ctx_t *ctx,
    const char *name, const art_str_t *args, size_t nargs)
{
    char  *s;

    if (strcmp(name, "article_share") == 0) {
        if (c->enabled != ART_UNSET) {
            return art_share_duplicate(ctx, name);
        }

        if (art_share_nargs(ctx, name, nargs, 1, (size_t) -1) != ART_CONF_OK)
        {
            return ART_CONF_ERROR;
        }

        return art_share_set_networks(c, ctx, name, args, nargs);
    }

    if (strcmp(name, "article_share_anchor") == 0) {
        if (c->anchor_selector != NULL) {
            return art_share_duplicate(ctx, name);
        }

        return art_share_set_anchor(c, ctx, name, args, nargs);
    }

    if (strcmp(name, "article_share_label") == 0) {
        if (c->label != NULL) {
            return art_share_duplicate(ctx, name);
        }

        if (art_share_nargs(ctx, name, nargs, 1, 1) != ART_CONF_OK) {
            return ART_CONF_ERROR;
        }

        s = art_share_collapsed(ctx, &args[0], 0);
        if (s == NULL) {
            return ART_CONF_ERROR;
        }

        if (s[0] == '\0') {
            return art_conf_error(ctx, "empty label in \"%s\"", name);
        }

        c->label = s;

        return ART_CONF_OK;
    }

    if (strcmp(name, "article_share_utm") == 0) {
        return art_share_set_flag(ctx, name, args, nargs, &c->utm);
    }

    if (strcmp(name, "article_share_style") == 0) {
        return art_share_set_flag(ctx, name, args, nargs, &c->style);
    }

    if (strcmp(name, "article_share_native") == 0) {
        return art_share_set_flag(ctx, name, args, nargs, &c->native);
    }

    if (strcmp(name, "article_share_via") == 0) {
        if (c->via != NULL) {
            return art_share_duplicate(ctx, name);
        }

        if (art_share_nargs(ctx, name, nargs, 1, 1) != ART_CONF_OK) {
            return ART_CONF_ERROR;
        }

        return art_share_set_via(c, ctx, name, &args[0]);
    }

    if (strcmp(name, "article_share_hashtags") == 0) {
        if (c->hashtags != NULL) {
            return art_share_duplicate(ctx, name);
        }

        return art_share_set_list(ctx, name, args, nargs, 1, &c->hashtags,
                                  &c->nhashtags);
    }

    if (strcmp(name, "article_share_title_strip") == 0) {
        if (c->title_strip != NULL) {
            return art_share_duplicate(ctx, name);
        }

        return art_share_set_list(ctx, name, args, nargs, 0, &c->title_strip,
                                  &c->ntitle_strip);
    }

    if (strcmp(name, "article_share_template") == 0) {
        if (c->template_set) {
            return art_share_duplicate(ctx, name);
        }

        if (art_share_nargs(ctx, name, nargs, 1, 1) != ART_CONF_OK) {
            return ART_CONF_ERROR;
        }

        return art_share_set_template(c, ctx, name, &args[0]);
    }

    if (strcmp(name, "article_share_mastodon") == 0) {
        if (c->mastodon != NULL) {
            return art_share_duplicate(ctx, name);
        }

        if (art_share_nargs(ctx, name, nargs, 1, 1) != ART_CONF_OK) {
            return ART_CONF_ERROR;
        }

        if (!art_share_valid_prefix(&args[0])) {
            return art_conf_error(ctx, "invalid URL \"%.*s\" in \"%s\": it "
                                  "must start with https:// or http:// and "
                                  "hold no space, quote or angle bracket",
                                  (int) args[0].len,
                                  (const char *) args[0].data, name);
        }

        c->mastodon = art_conf_strdup(ctx, &args[0]);

        return c->mastodon ? ART_CONF_OK : ART_CONF_ERROR;
    }

    return ART_CONF_DECLINED;
}
