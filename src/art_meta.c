#include <string.h>

#include "art_escape.h"
#include "art_meta.h"


/* the headline of the JSON-LD, in characters (Google's limit) */
#define ART_META_HEADLINE_MAX  110

/* JSON-LD scanner levels: kind, object state and flags in one byte */
#define ART_JSON_OBJ        0x01
#define ART_JSON_ARR        0x02
#define ART_JSON_KIND       0x03
#define ART_JSON_KEY        0x00    /* a key is expected */
#define ART_JSON_COLON      0x04    /* a key was read, ":" is expected */
#define ART_JSON_VALUE      0x08    /* after ":", the value is expected */
#define ART_JSON_AFTER      0x0c    /* after the value, "," is expected */
#define ART_JSON_STATE      0x0c
#define ART_JSON_TYPE_KEY   0x10    /* the current key is "@type" */
#define ART_JSON_TYPE_ARR   0x20    /* an array that is an @type value */

/* value ranks */
#define ART_RANK_LOW        1
#define ART_RANK_MID        2
#define ART_RANK_HIGH       3


typedef struct {
    const unsigned char  *p;
    size_t                n;
} art_meta_span_t;


/* the parts of a URI reference (RFC 3986 section 3) */
typedef struct {
    art_meta_span_t  scheme;
    art_meta_span_t  authority;
    art_meta_span_t  path;
    art_meta_span_t  query;
    art_meta_span_t  fragment;
    int              has_scheme;
    int              has_authority;
    int              has_query;
    int              has_fragment;
} art_meta_uri_t;


/* Article and its schema.org subtypes whose names do not end in Article */
static const char *const  art_meta_article_types[] = {
    "Report", "SocialMediaPosting", "BlogPosting", "LiveBlogPosting",
    "DiscussionForumPosting", "APIReference", NULL
};


static int
art_meta_lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}


/*
 * Is p (n bytes) lit, in any case?  lit's end is found on the way, not
 * by strlen() first: most keys differ from most literals at once.
 */
static int
art_meta_eq_ci(const unsigned char *p, size_t n, const char *lit)
{
    size_t  i;

    for (i = 0; i < n; i++) {
        if (lit[i] == '\0'
            || art_meta_lower(p[i]) != art_meta_lower((unsigned char) lit[i]))
        {
            return 0;
        }
    }

    return lit[n] == '\0';
}


static int
art_meta_is_space(unsigned char c)
{
    /* HTML white space and the other controls: none belongs in a value */
    return c <= 0x20 || c == 0x7f;
}


static void
art_meta_trim(const unsigned char **p, size_t *n)
{
    while (*n > 0 && art_meta_is_space((*p)[0])) {
        (*p)++;
        (*n)--;
    }

    while (*n > 0 && art_meta_is_space((*p)[*n - 1])) {
        (*n)--;
    }
}


/*
 * The length of the valid UTF-8 sequence at p (no overlong forms, no
 * surrogates, nothing past U+10FFFF), or 0.
 */
static size_t
art_meta_utf8_len(const unsigned char *p, size_t n)
{
    unsigned char  c, lo, hi;
    size_t         len, i;

    c = p[0];
    lo = 0x80;
    hi = 0xbf;

    if (c < 0x80) {
        return 1;

    } else if (c >= 0xc2 && c <= 0xdf) {
        len = 2;

    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        if (c == 0xe0) {
            lo = 0xa0;
        } else if (c == 0xed) {
            hi = 0x9f;
        }

    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        if (c == 0xf0) {
            lo = 0x90;
        } else if (c == 0xf4) {
            hi = 0x8f;
        }

    } else {
        return 0;
    }

    if (n < len || p[1] < lo || p[1] > hi) {
        return 0;
    }

    for (i = 2; i < len; i++) {
        if (p[i] < 0x80 || p[i] > 0xbf) {
            return 0;
        }
    }

    return len;
}


typedef int (*art_meta_escape_fn)(art_buf_t *b, const unsigned char *p,
    size_t n);


/* text through an escape function, invalid UTF-8 as U+FFFD */
static int
art_meta_put_text(art_buf_t *out, const unsigned char *p, size_t n,
    art_meta_escape_fn escape)
{
    static const unsigned char  repl[] = { 0xef, 0xbf, 0xbd };
    size_t                      i, start, len;

    start = 0;
    i = 0;

    while (i < n) {
        if (p[i] < 0x80) {
            /* ASCII, most of the text: no sequence to check */
            i++;
            continue;
        }

        len = art_meta_utf8_len(p + i, n - i);
        if (len > 0) {
            i += len;
            continue;
        }

        escape(out, p + start, i - start);
        escape(out, repl, sizeof(repl));
        i++;
        start = i;
    }

    return escape(out, p + start, n - start);
}


/* a URL: escaped as a URL, then by escape */
static int
art_meta_put_url(art_buf_t *out, const unsigned char *p, size_t n,
    art_meta_escape_fn escape)
{
    art_buf_t  tmp;

    art_buf_init(&tmp, out->alloc);

    if (art_escape_url(&tmp, p, n) != 0) {
        art_buf_free(&tmp);
        out->failed = 1;
        return -1;
    }

    escape(out, tmp.data, tmp.len);
    art_buf_free(&tmp);

    return out->failed ? -1 : 0;
}


/* directives */

void
art_meta_conf_init(art_meta_conf_t *c)
{
    c->enable = ART_UNSET;
    c->canonical_existing = ART_UNSET;
    c->site_name = NULL;
    c->twitter_site = NULL;
    c->publisher_logo = NULL;
}


static int
art_meta_valid_text(const art_str_t *s)
{
    size_t  i, len;

    if (s->len == 0 || s->len > ART_META_MAX_VALUE) {
        return 0;
    }

    for (i = 0; i < s->len; i += len) {
        if (s->data[i] < 0x20 || s->data[i] == 0x7f) {
            return 0;
        }

        len = art_meta_utf8_len(s->data + i, s->len - i);
        if (len == 0) {
            return 0;
        }
    }

    return 1;
}


static int
art_meta_valid_handle(const art_str_t *s)
{
    size_t         i;
    unsigned char  c;

    /* X handles: 1 to 15 letters, digits and underscores */
    if (s->len < 2 || s->len > 16 || s->data[0] != '@') {
        return 0;
    }

    for (i = 1; i < s->len; i++) {
        c = s->data[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9') || c == '_'))
        {
            return 0;
        }
    }

    return 1;
}


static int
art_meta_valid_http_url(const unsigned char *p, size_t n)
{
    size_t         i, skip;
    unsigned char  c;

    if (n >= 7 && art_meta_eq_ci(p, 7, "http://")) {
        skip = 7;

    } else if (n >= 8 && art_meta_eq_ci(p, 8, "https://")) {
        skip = 8;

    } else {
        return 0;
    }

    /* a host */
    if (skip == n || p[skip] == '/' || p[skip] == '?' || p[skip] == '#'
        || p[skip] == ':' || p[skip] == '@')
    {
        return 0;
    }

    for (i = 0; i < n; i++) {
        c = p[i];
        if (c <= 0x20 || c >= 0x7f || strchr("\"<>\\^`{|}", c) != NULL) {
            return 0;
        }
    }

    return 1;
}


int
art_meta_conf_set(art_meta_conf_t *c, art_conf_ctx_t *ctx,
    const char *name, const art_str_t *args, size_t nargs)
{
    int    *ip;
    char  **sp;

    ip = NULL;
    sp = NULL;

    if (strcmp(name, "article_metadata") == 0) {
        ip = &c->enable;

    } else if (strcmp(name, "article_canonical_existing") == 0) {
        ip = &c->canonical_existing;

    } else if (strcmp(name, "article_site_name") == 0) {
        sp = &c->site_name;

    } else if (strcmp(name, "article_twitter_site") == 0) {
        sp = &c->twitter_site;

    } else if (strcmp(name, "article_publisher_logo") == 0) {
        sp = &c->publisher_logo;

    } else {
        return ART_CONF_DECLINED;
    }

    if (nargs != 1) {
        return art_conf_error(ctx, "invalid number of arguments in \"%s\"",
                              name);
    }

    if ((ip != NULL && *ip != ART_UNSET) || (sp != NULL && *sp != NULL)) {
        return art_conf_error(ctx, "\"%s\" directive is duplicate", name);
    }

    if (ip == &c->enable) {
        return art_conf_flag(ctx, name, &args[0], &c->enable);
    }

    if (ip == &c->canonical_existing) {
        if (art_str_eq(&args[0], "fix")) {
            c->canonical_existing = ART_META_CANONICAL_FIX;

        } else if (art_str_eq(&args[0], "keep")) {
            c->canonical_existing = ART_META_CANONICAL_KEEP;

        } else if (art_str_eq(&args[0], "replace")) {
            c->canonical_existing = ART_META_CANONICAL_REPLACE;

        } else {
            return art_conf_error(ctx, "invalid value \"%.*s\" in \"%s\": "
                                  "it must be \"fix\", \"keep\" or "
                                  "\"replace\"", (int) args[0].len,
                                  (const char *) args[0].data, name);
        }

        return ART_CONF_OK;
    }

    if (sp == &c->site_name && !art_meta_valid_text(&args[0])) {
        return art_conf_error(ctx, "invalid value in \"%s\": it must be "
                              "non-empty UTF-8 text without control "
                              "characters, at most %d bytes", name,
                              ART_META_MAX_VALUE);
    }

    if (sp == &c->twitter_site && !art_meta_valid_handle(&args[0])) {
        return art_conf_error(ctx, "invalid value \"%.*s\" in \"%s\": it "
                              "must be \"@\" and 1 to 15 letters, digits "
                              "or underscores", (int) args[0].len,
                              (const char *) args[0].data, name);
    }

    if (sp == &c->publisher_logo
        && !art_meta_valid_http_url(args[0].data, args[0].len))
    {
        return art_conf_error(ctx, "invalid value \"%.*s\" in \"%s\": it "
                              "must be an absolute http or https URL",
                              (int) args[0].len, (const char *) args[0].data,
                              name);
    }

    *sp = art_conf_strdup(ctx, &args[0]);

    return *sp != NULL ? ART_CONF_OK : ART_CONF_ERROR;
}


void
art_meta_conf_merge(art_meta_conf_t *c, const art_meta_conf_t *parent)
{
    if (parent != NULL) {
        if (c->enable == ART_UNSET) {
            c->enable = parent->enable;
        }

        if (c->canonical_existing == ART_UNSET) {
            c->canonical_existing = parent->canonical_existing;
        }

        if (c->site_name == NULL) {
            c->site_name = parent->site_name;
        }

        if (c->twitter_site == NULL) {
            c->twitter_site = parent->twitter_site;
        }

        if (c->publisher_logo == NULL) {
            c->publisher_logo = parent->publisher_logo;
        }
    }

    if (c->enable == ART_UNSET) {
        c->enable = 0;
    }

    if (c->canonical_existing == ART_UNSET) {
        c->canonical_existing = ART_META_CANONICAL_FIX;
    }
}


/* facts */

static void
art_meta_value_init(art_meta_value_t *v, const art_allocator_t *a)
{
    art_buf_init(&v->buf, a);
    v->rank = 0;
    v->done = 0;
    v->space = 0;
    v->full = 0;
}


void
art_meta_facts_init(art_meta_facts_t *f, const art_allocator_t *a)
{
    memset(f, 0, sizeof(art_meta_facts_t));

    f->alloc = a;

    art_meta_value_init(&f->og_title, a);
    art_meta_value_init(&f->title, a);
    art_meta_value_init(&f->h1, a);
    art_meta_value_init(&f->site_name, a);
    art_meta_value_init(&f->image, a);
    art_meta_value_init(&f->description, a);
    art_meta_value_init(&f->published, a);
    art_meta_value_init(&f->modified, a);
}


void
art_meta_facts_free(art_meta_facts_t *f)
{
    art_buf_free(&f->og_title.buf);
    art_buf_free(&f->title.buf);
    art_buf_free(&f->h1.buf);
    art_buf_free(&f->site_name.buf);
    art_buf_free(&f->image.buf);
    art_buf_free(&f->description.buf);
    art_buf_free(&f->published.buf);
    art_buf_free(&f->modified.buf);
}


/* drop a multi-byte sequence cut short at the end of a capped value */
static void
art_meta_cut_partial(art_buf_t *b)
{
    size_t         start, need;
    unsigned char  c;

    start = b->len;
    while (start > 0 && b->len - start < 4
           && (b->data[start - 1] & 0xc0) == 0x80)
    {
        start--;
    }

    if (start == 0) {
        return;
    }

    c = b->data[start - 1];
    if (c < 0xc0) {
        return;
    }

    need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
    if (b->len - (start - 1) < need) {
        b->len = start - 1;
    }
}


/* append text with white space collapsed; 1 once the cap is reached */
static int
art_meta_value_add_text(art_meta_facts_t *f, art_meta_value_t *v,
    const unsigned char *p, size_t n)
{
    size_t  i, j, room;

    if (v->full) {
        return 1;
    }

    i = 0;

    while (i < n) {
        if (art_meta_is_space(p[i])) {
            if (v->buf.len > 0) {
                v->space = 1;
            }
            i++;
            continue;
        }

        /*
         * Words with one " " between them are already as they are kept:
         * when all of them fit, they go in at once, as they would one by
         * one.
         */
        for (j = i + 1; j < n; j++) {
            if (art_meta_is_space(p[j])
                && (p[j] != ' ' || j + 1 == n || art_meta_is_space(p[j + 1])))
            {
                break;
            }
        }

        room = ART_META_MAX_VALUE - v->buf.len;

        if (j - i + v->space <= room) {
            if (v->space) {
                art_buf_append_byte(&v->buf, ' ');
                v->space = 0;
            }

            if (art_buf_append(&v->buf, p + i, j - i) != 0) {
                f->failed = 1;
                return 1;
            }

            i = j;
            continue;
        }

        /* else a word at a time, as far as the cap allows */
        for (j = i + 1; j < n && !art_meta_is_space(p[j]); j++) {
            /* void */
        }

        if (room < (v->space ? 2 : 1)) {
            art_meta_cut_partial(&v->buf);
            v->space = 0;
            v->full = 1;
            return 1;
        }

        if (v->space) {
            art_buf_append_byte(&v->buf, ' ');
            v->space = 0;
            room--;
        }

        if (art_buf_append(&v->buf, p + i, j - i < room ? j - i : room)
            != 0)
        {
            f->failed = 1;
            return 1;
        }

        if (j - i > room) {
            art_meta_cut_partial(&v->buf);
            v->full = 1;
            return 1;
        }

        i = j;
    }

    return 0;
}


/*
 * A value from an attribute, kept when its source ranks above the one
 * it has.  Text has its white space collapsed and is cut at the cap; a
 * URL or a date is only trimmed, and dropped when longer than the cap.
 */
static void
art_meta_value_set(art_meta_facts_t *f, art_meta_value_t *v, int rank,
    const unsigned char *p, size_t n, int text)
{
    art_meta_trim(&p, &n);

    if (n == 0 || rank <= v->rank) {
        return;
    }

    if (!text && n > ART_META_MAX_VALUE) {
        return;
    }

    v->buf.len = 0;
    v->space = 0;
    v->full = 0;
    v->rank = rank;

    if (text) {
        art_meta_value_add_text(f, v, p, n);
        return;
    }

    if (art_buf_append(&v->buf, p, n) != 0) {
        f->failed = 1;
    }
}


int
art_meta_rel_is_canonical(const unsigned char *rel, size_t len)
{
    size_t  i, start;

    if (len <= 9) {
        /* too short for "canonical" with anything around it */
        return art_meta_eq_ci(rel, len, "canonical");
    }

    i = 0;

    while (i < len) {
        while (i < len && art_meta_is_space(rel[i])) {
            i++;
        }

        start = i;
        while (i < len && !art_meta_is_space(rel[i])) {
            i++;
        }

        if (art_meta_eq_ci(rel + start, i - start, "canonical")) {
            return 1;
        }
    }

    return 0;
}


int
art_meta_facts_link(art_meta_facts_t *f, const unsigned char *rel,
    size_t len)
{
    if (!art_meta_rel_is_canonical(rel, len)) {
        return 0;
    }

    f->has_canonical_link++;

    return 1;
}


/* the <meta> keys known, each with what it sets */
typedef enum {
    ART_META_KEY_OG_TITLE = 0,
    ART_META_KEY_OG_URL,
    ART_META_KEY_OG_TYPE,
    ART_META_KEY_OG_SITE_NAME,
    ART_META_KEY_OG_IMAGE,
    ART_META_KEY_OG_DESCRIPTION,
    ART_META_KEY_OG_UPDATED_TIME,
    ART_META_KEY_TWITTER_CARD,
    ART_META_KEY_TWITTER_SITE,
    ART_META_KEY_TWITTER_IMAGE,
    ART_META_KEY_TWITTER_DESCRIPTION,
    ART_META_KEY_DESCRIPTION,
    ART_META_KEY_PUBLISHED,
    ART_META_KEY_MODIFIED,
    ART_META_KEY_NONE
} art_meta_key_e;


typedef struct {
    const char      *name;      /* lower case */
    size_t           len;
    art_meta_key_e   key;
} art_meta_key_t;


#define ART_META_KEY(name, key)  { name, sizeof(name) - 1, key }

static const art_meta_key_t  art_meta_keys[] = {
    ART_META_KEY("og:title", ART_META_KEY_OG_TITLE),
    ART_META_KEY("og:url", ART_META_KEY_OG_URL),
    ART_META_KEY("og:type", ART_META_KEY_OG_TYPE),
    ART_META_KEY("og:site_name", ART_META_KEY_OG_SITE_NAME),
    ART_META_KEY("og:image", ART_META_KEY_OG_IMAGE),
    ART_META_KEY("og:image:url", ART_META_KEY_OG_IMAGE),
    ART_META_KEY("og:description", ART_META_KEY_OG_DESCRIPTION),
    ART_META_KEY("og:updated_time", ART_META_KEY_OG_UPDATED_TIME),
    ART_META_KEY("twitter:card", ART_META_KEY_TWITTER_CARD),
    ART_META_KEY("twitter:site", ART_META_KEY_TWITTER_SITE),
    ART_META_KEY("twitter:image", ART_META_KEY_TWITTER_IMAGE),
    ART_META_KEY("twitter:image:src", ART_META_KEY_TWITTER_IMAGE),
    ART_META_KEY("twitter:description", ART_META_KEY_TWITTER_DESCRIPTION),
    ART_META_KEY("description", ART_META_KEY_DESCRIPTION),
    ART_META_KEY("article:published_time", ART_META_KEY_PUBLISHED),
    ART_META_KEY("datepublished", ART_META_KEY_PUBLISHED),
    ART_META_KEY("article:modified_time", ART_META_KEY_MODIFIED),
    ART_META_KEY("datemodified", ART_META_KEY_MODIFIED),
    { NULL, 0, ART_META_KEY_NONE }
};


/*
 * A key's entry: the length and the first byte rule out most entries
 * (and most keys, which a page has many of and knows none of here)
 * before any comparison.
 */
static art_meta_key_e
art_meta_key(const unsigned char *key, size_t klen)
{
    const art_meta_key_t  *k;
    int                    c;

    if (klen == 0) {
        return ART_META_KEY_NONE;
    }

    c = art_meta_lower(key[0]);

    if (c != 'o' && c != 't' && c != 'd' && c != 'a') {
        /* the first bytes of the names in art_meta_keys */
        return ART_META_KEY_NONE;
    }

    for (k = art_meta_keys; k->name != NULL; k++) {
        if (k->len == klen && k->name[0] == c
            && art_meta_eq_ci(key, klen, k->name))
        {
            return k->key;
        }
    }

    return ART_META_KEY_NONE;
}


int
art_meta_is_fact_key(const unsigned char *key, size_t klen)
{
    art_meta_trim(&key, &klen);

    return art_meta_key(key, klen) != ART_META_KEY_NONE;
}


void
art_meta_facts_meta_tag(art_meta_facts_t *f, const unsigned char *key,
    size_t klen, const unsigned char *content, size_t clen)
{
    art_meta_trim(&key, &klen);

    switch (art_meta_key(key, klen)) {

    case ART_META_KEY_OG_TITLE:
        f->has_og_title = 1;
        art_meta_value_set(f, &f->og_title, ART_RANK_HIGH, content, clen, 1);
        break;

    case ART_META_KEY_OG_URL:
        f->has_og_url = 1;
        break;

    case ART_META_KEY_OG_TYPE:
        f->has_og_type = 1;
        break;

    case ART_META_KEY_OG_SITE_NAME:
        f->has_og_site_name = 1;
        art_meta_value_set(f, &f->site_name, ART_RANK_HIGH, content, clen,
                           1);
        break;

    case ART_META_KEY_OG_IMAGE:
        f->has_og_image = 1;
        art_meta_value_set(f, &f->image, ART_RANK_HIGH, content, clen, 0);
        break;

    case ART_META_KEY_OG_DESCRIPTION:
        f->has_og_description = 1;
        art_meta_value_set(f, &f->description, ART_RANK_MID, content, clen,
                           1);
        break;

    case ART_META_KEY_OG_UPDATED_TIME:
        art_meta_value_set(f, &f->modified, ART_RANK_MID, content, clen, 0);
        break;

    case ART_META_KEY_TWITTER_CARD:
        f->has_twitter_card = 1;
        break;

    case ART_META_KEY_TWITTER_SITE:
        f->has_twitter_site = 1;
        break;

    case ART_META_KEY_TWITTER_IMAGE:
        f->has_twitter_image = 1;
        art_meta_value_set(f, &f->image, ART_RANK_MID, content, clen, 0);
        break;

    case ART_META_KEY_TWITTER_DESCRIPTION:
        art_meta_value_set(f, &f->description, ART_RANK_LOW, content, clen,
                           1);
        break;

    case ART_META_KEY_DESCRIPTION:
        art_meta_value_set(f, &f->description, ART_RANK_HIGH, content, clen,
                           1);
        break;

    case ART_META_KEY_PUBLISHED:
        art_meta_value_set(f, &f->published, ART_RANK_HIGH, content, clen,
                           0);
        break;

    case ART_META_KEY_MODIFIED:
        art_meta_value_set(f, &f->modified, ART_RANK_HIGH, content, clen, 0);
        break;

    case ART_META_KEY_NONE:
        break;
    }
}


void
art_meta_facts_title(art_meta_facts_t *f, const unsigned char *text,
    size_t len)
{
    if (!f->title.done) {
        art_meta_value_add_text(f, &f->title, text, len);
    }
}


void
art_meta_facts_title_end(art_meta_facts_t *f)
{
    /* the document's title is its first <title>, even an empty one */
    f->title.done = 1;
    f->title.space = 0;
}


void
art_meta_facts_h1(art_meta_facts_t *f, const unsigned char *text,
    size_t len)
{
    if (!f->h1.done) {
        art_meta_value_add_text(f, &f->h1, text, len);
    }
}


void
art_meta_facts_h1_end(art_meta_facts_t *f)
{
    /* an <h1> with only a logo image in it is no headline */
    if (f->h1.buf.len > 0) {
        f->h1.done = 1;
    }

    f->h1.space = 0;
}


void
art_meta_facts_time(art_meta_facts_t *f, const unsigned char *datetime,
    size_t len)
{
    art_meta_value_set(f, &f->published, ART_RANK_LOW, datetime, len, 0);
}


/* the scheme of a URI reference, or length 0 */
static size_t
art_meta_scheme_len(const unsigned char *p, size_t n)
{
    size_t         i;
    unsigned char  c;

    if (n == 0 || !((p[0] >= 'a' && p[0] <= 'z')
                    || (p[0] >= 'A' && p[0] <= 'Z')))
    {
        return 0;
    }

    for (i = 1; i < n; i++) {
        c = p[i];

        if (c == ':') {
            return i;
        }

        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))
        {
            return 0;
        }
    }

    return 0;
}


static int
art_meta_is_http(const unsigned char *scheme, size_t n)
{
    return art_meta_eq_ci(scheme, n, "http")
           || art_meta_eq_ci(scheme, n, "https");
}


int
art_meta_facts_image(art_meta_facts_t *f, const unsigned char *src,
    size_t len)
{
    size_t  slen;

    art_meta_trim(&src, &len);

    if (len == 0 || len > ART_META_MAX_VALUE || f->image.rank > 0) {
        return 0;
    }

    slen = art_meta_scheme_len(src, len);
    if (slen > 0 && !art_meta_is_http(src, slen)) {
        return 0;
    }

    art_meta_value_set(f, &f->image, ART_RANK_LOW, src, len, 0);

    return 1;
}


int
art_meta_is_jsonld_type(const unsigned char *type, size_t len)
{
    size_t  i;

    art_meta_trim(&type, &len);

    /* parameters ("; charset=utf-8") do not change the type */
    for (i = 0; i < len; i++) {
        if (type[i] == ';') {
            len = i;
            art_meta_trim(&type, &len);
            break;
        }
    }

    return art_meta_eq_ci(type, len, "application/ld+json");
}


/* JSON-LD */

static int
art_meta_is_article_type(const unsigned char *s, size_t n)
{
    size_t  i, start;

    /* "schema:NewsArticle", "https://schema.org/NewsArticle" */
    start = 0;
    for (i = 0; i < n; i++) {
        if (s[i] == '/' || s[i] == ':' || s[i] == '#') {
            start = i + 1;
        }
    }

    s += start;
    n -= start;

    if (n >= 7 && art_meta_eq_ci(s + n - 7, 7, "article")) {
        return 1;
    }

    for (i = 0; art_meta_article_types[i] != NULL; i++) {
        if (art_meta_eq_ci(s, n, art_meta_article_types[i])) {
            return 1;
        }
    }

    return 0;
}


/* the level on top, NULL when there is none or it is past the depth kept */
static unsigned char *
art_meta_json_top(art_meta_json_t *j)
{
    if (j->depth == 0 || j->depth > ART_META_JSON_DEPTH) {
        return NULL;
    }

    return &j->level[j->depth - 1];
}


static void
art_meta_json_string(art_meta_facts_t *f)
{
    art_meta_json_t  *j;
    unsigned char    *top;
    int               fits;

    j = &f->json;
    top = art_meta_json_top(j);
    fits = j->slen <= sizeof(j->s);

    if (top == NULL) {
        return;
    }

    if ((*top & ART_JSON_KIND) == ART_JSON_ARR) {
        if ((*top & ART_JSON_TYPE_ARR) && fits
            && art_meta_is_article_type(j->s, j->slen))
        {
            f->has_jsonld_article = 1;
        }
        return;
    }

    if ((*top & ART_JSON_STATE) == ART_JSON_VALUE) {
        if ((*top & ART_JSON_TYPE_KEY) && fits
            && art_meta_is_article_type(j->s, j->slen))
        {
            f->has_jsonld_article = 1;
        }

        *top = (unsigned char) ((*top & ~ART_JSON_STATE) | ART_JSON_AFTER);
        return;
    }

    /* a key, also where a "," or a ":" is missing */
    *top = ART_JSON_OBJ | ART_JSON_COLON;
    if (fits && j->slen == 5 && memcmp(j->s, "@type", 5) == 0) {
        *top |= ART_JSON_TYPE_KEY;
    }
}


static void
art_meta_json_push(art_meta_json_t *j, unsigned char kind)
{
    unsigned char  *top, lv;

    top = art_meta_json_top(j);
    lv = kind;

    if (kind == ART_JSON_ARR && top != NULL) {
        if (((*top & ART_JSON_KIND) == ART_JSON_OBJ
             && (*top & ART_JSON_STATE) == ART_JSON_VALUE
             && (*top & ART_JSON_TYPE_KEY))
            || ((*top & ART_JSON_KIND) == ART_JSON_ARR
                && (*top & ART_JSON_TYPE_ARR)))
        {
            lv |= ART_JSON_TYPE_ARR;
        }
    }

    if (j->depth < ART_META_JSON_DEPTH) {
        j->level[j->depth] = lv;
    }

    /* past the depth kept only the count matters; it cannot overflow */
    if (j->depth < (size_t) -1) {
        j->depth++;
    }
}


static void
art_meta_json_pop(art_meta_json_t *j)
{
    unsigned char  *top;

    /* a stray closing bracket is ignored */
    if (j->depth == 0) {
        return;
    }

    j->depth--;

    top = art_meta_json_top(j);
    if (top != NULL && (*top & ART_JSON_KIND) == ART_JSON_OBJ
        && (*top & ART_JSON_STATE) == ART_JSON_VALUE)
    {
        *top = (unsigned char) ((*top & ~ART_JSON_STATE) | ART_JSON_AFTER);
    }
}


static void
art_meta_json_char(art_meta_json_t *j, unsigned char c)
{
    if (j->slen < sizeof(j->s)) {
        j->s[j->slen] = c;
    }

    if (j->slen <= sizeof(j->s)) {
        j->slen++;
    }
}


static int
art_meta_hex(unsigned char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }

    c = (unsigned char) art_meta_lower(c);
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }

    return -1;
}


void
art_meta_facts_jsonld(art_meta_facts_t *f, const unsigned char *p,
    size_t len)
{
    art_meta_json_t  *j;
    unsigned char    *top;
    unsigned char     c;
    size_t            i;
    int               h;

    j = &f->json;

    for (i = 0; i < len; i++) {
        c = p[i];

        if (j->in_string) {
            if (j->esc == 1) {
                j->esc = 0;
                if (c == 'u') {
                    j->esc = 2;
                    j->u = 0;
                } else {
                    switch (c) {
                    case 'n': c = '\n'; break;
                    case 't': c = '\t'; break;
                    case 'r': c = '\r'; break;
                    case 'b': c = '\b'; break;
                    case 'f': c = '\f'; break;
                    default: break;
                    }
                    art_meta_json_char(j, c);
                }
                continue;
            }

            if (j->esc >= 2) {
                h = art_meta_hex(c);
                if (h >= 0) {
                    j->u = j->u * 16 + (unsigned long) h;
                    if (++j->esc < 6) {
                        continue;
                    }
                }

                /* only ASCII matters to the types looked for */
                art_meta_json_char(j, j->u < 0x80 && h >= 0
                                      ? (unsigned char) j->u : 0x80);
                j->esc = 0;

                if (h >= 0) {
                    continue;
                }
            }

            if (c == '\\') {
                j->esc = 1;

            } else if (c == '"') {
                j->in_string = 0;
                art_meta_json_string(f);

            } else if (c == '\n' || c == '\r') {
                /* no JSON string holds a raw line break: it was not closed */
                j->in_string = 0;
                art_meta_json_string(f);

            } else {
                art_meta_json_char(j, c);
            }

            continue;
        }

        switch (c) {
        case '"':
            j->in_string = 1;
            j->esc = 0;
            j->slen = 0;
            break;

        case '{':
            art_meta_json_push(j, ART_JSON_OBJ);
            break;

        case '[':
            art_meta_json_push(j, ART_JSON_ARR);
            break;

        case '}':
        case ']':
            art_meta_json_pop(j);
            break;

        case ':':
            top = art_meta_json_top(j);
            if (top != NULL && (*top & ART_JSON_KIND) == ART_JSON_OBJ
                && (*top & ART_JSON_STATE) == ART_JSON_COLON)
            {
                *top = (unsigned char) ((*top & ~ART_JSON_STATE)
                                        | ART_JSON_VALUE);
            }
            break;

        case ',':
            top = art_meta_json_top(j);
            if (top != NULL && (*top & ART_JSON_KIND) == ART_JSON_OBJ) {
                *top = ART_JSON_OBJ | ART_JSON_KEY;
            }
            break;

        default:
            break;
        }
    }
}


void
art_meta_facts_jsonld_end(art_meta_facts_t *f)
{
    art_meta_json_t  *j;

    j = &f->json;

    /* a string cut off by the end of the script is still looked at */
    if (j->in_string) {
        j->in_string = 0;
        art_meta_json_string(f);
    }

    memset(j, 0, sizeof(art_meta_json_t));
}


/* URI references (RFC 3986) */

/*
 * The bytes before the first a or b: memchr() finds them faster than a
 * loop over a long path.
 */
static size_t
art_meta_span_to(const unsigned char *p, size_t n, int a, int b)
{
    const unsigned char  *x, *y;

    x = memchr(p, a, n);
    y = memchr(p, b, x != NULL ? (size_t) (x - p) : n);

    return y != NULL ? (size_t) (y - p) : x != NULL ? (size_t) (x - p) : n;
}


static void
art_meta_uri_parse(art_meta_uri_t *u, const unsigned char *p, size_t n)
{
    size_t                i, s;
    const unsigned char  *q;

    memset(u, 0, sizeof(art_meta_uri_t));

    /* an empty buffer has no storage: its spans must point somewhere */
    if (n == 0) {
        p = (const unsigned char *) "";
    }

    i = art_meta_scheme_len(p, n);
    if (i > 0) {
        u->has_scheme = 1;
        u->scheme.p = p;
        u->scheme.n = i;
        i++;
    }

    if (n - i >= 2 && p[i] == '/' && p[i + 1] == '/') {
        i += 2;
        s = i;
        while (i < n && p[i] != '/' && p[i] != '?' && p[i] != '#') {
            i++;
        }
        u->has_authority = 1;
        u->authority.p = p + s;
        u->authority.n = i - s;
    }

    s = i;
    i += art_meta_span_to(p + i, n - i, '?', '#');
    u->path.p = p + s;
    u->path.n = i - s;

    if (i < n && p[i] == '?') {
        i++;
        s = i;
        q = memchr(p + i, '#', n - i);
        i = q != NULL ? (size_t) (q - p) : n;
        u->has_query = 1;
        u->query.p = p + s;
        u->query.n = i - s;
    }

    if (i < n && p[i] == '#') {
        i++;
        u->has_fragment = 1;
        u->fragment.p = p + i;
        u->fragment.n = n - i;
    }
}


/* the host of an authority in lower case, without user info and port */
static size_t
art_meta_uri_host(const art_meta_span_t *auth, unsigned char *host,
    size_t size)
{
    const unsigned char  *p;
    size_t                n, i;

    p = auth->p;
    n = auth->n;

    for (i = n; i > 0; i--) {
        if (p[i - 1] == '@') {
            p += i;
            n -= i;
            break;
        }
    }

    if (n > 0 && p[0] == '[') {
        for (i = 0; i < n && p[i] != ']'; i++) { /* void */ }
        n = i < n ? i + 1 : n;

    } else {
        for (i = 0; i < n && p[i] != ':'; i++) { /* void */ }
        n = i;
    }

    /* a fully qualified name is the same host */
    if (n > 1 && p[n - 1] == '.') {
        n--;
    }

    if (n == 0 || n > size) {
        return 0;
    }

    for (i = 0; i < n; i++) {
        host[i] = (unsigned char) art_meta_lower(p[i]);
    }

    return n;
}


static void
art_meta_pop_segment(art_buf_t *b, size_t base)
{
    size_t  i;

    for (i = b->len; i > base; i--) {
        if (b->data[i - 1] == '/') {
            break;
        }
    }

    b->len = i > base ? i - 1 : base;
}


/* remove_dot_segments (RFC 3986 5.2.4), appending to out */
static void
art_meta_remove_dots(art_buf_t *out, const unsigned char *p, size_t n)
{
    size_t                base, i, j, rem;
    const unsigned char  *q;

    base = out->len;
    i = 0;

    while (i < n && !out->failed) {
        q = p + i;
        rem = n - i;

        if (rem >= 3 && memcmp(q, "../", 3) == 0) {
            i += 3;

        } else if (rem >= 2 && memcmp(q, "./", 2) == 0) {
            i += 2;

        } else if (rem >= 3 && memcmp(q, "/./", 3) == 0) {
            i += 2;

        } else if (rem == 2 && memcmp(q, "/.", 2) == 0) {
            art_buf_append_byte(out, '/');
            break;

        } else if (rem >= 4 && memcmp(q, "/../", 4) == 0) {
            art_meta_pop_segment(out, base);
            i += 3;

        } else if (rem == 3 && memcmp(q, "/..", 3) == 0) {
            art_meta_pop_segment(out, base);
            art_buf_append_byte(out, '/');
            break;

        } else if ((rem == 1 && q[0] == '.')
                   || (rem == 2 && memcmp(q, "..", 2) == 0))
        {
            break;

        } else {
            j = q[0] == '/' ? 1 : 0;
            while (j < rem && q[j] != '/') {
                j++;
            }
            art_buf_append(out, q, j);
            i += j;
        }
    }
}


static void
art_meta_append_span(art_buf_t *out, const art_meta_span_t *s)
{
    art_buf_append(out, s->p, s->n);
}


static void
art_meta_append_tail(art_buf_t *out, const art_meta_uri_t *r)
{
    if (r->has_query) {
        art_buf_append_byte(out, '?');
        art_meta_append_span(out, &r->query);
    }

    if (r->has_fragment) {
        art_buf_append_byte(out, '#');
        art_meta_append_span(out, &r->fragment);
    }
}


/*
 * Resolve a reference without a scheme against an absolute base
 * (RFC 3986 5.2.2), appending the target to out.
 */
static void
art_meta_uri_resolve(art_buf_t *out, const art_meta_uri_t *b,
    const art_meta_uri_t *r)
{
    art_buf_t  merged;
    size_t     i;

    art_meta_append_span(out, &b->scheme);
    art_buf_append_byte(out, ':');

    if (r->has_authority) {
        art_buf_append_str(out, "//");
        art_meta_append_span(out, &r->authority);
        art_meta_remove_dots(out, r->path.p, r->path.n);
        art_meta_append_tail(out, r);
        return;
    }

    if (b->has_authority) {
        art_buf_append_str(out, "//");
        art_meta_append_span(out, &b->authority);
    }

    if (r->path.n == 0) {
        art_meta_append_span(out, &b->path);

        if (r->has_query) {
            art_buf_append_byte(out, '?');
            art_meta_append_span(out, &r->query);

        } else if (b->has_query) {
            art_buf_append_byte(out, '?');
            art_meta_append_span(out, &b->query);
        }

        if (r->has_fragment) {
            art_buf_append_byte(out, '#');
            art_meta_append_span(out, &r->fragment);
        }

        return;
    }

    if (r->path.p[0] == '/') {
        art_meta_remove_dots(out, r->path.p, r->path.n);
        art_meta_append_tail(out, r);
        return;
    }

    /* merge (5.2.3) */
    art_buf_init(&merged, out->alloc);

    if (b->has_authority && b->path.n == 0) {
        art_buf_append_byte(&merged, '/');

    } else {
        for (i = b->path.n; i > 0; i--) {
            if (b->path.p[i - 1] == '/') {
                break;
            }
        }
        art_buf_append(&merged, b->path.p, i);
    }

    art_buf_append(&merged, r->path.p, r->path.n);

    if (merged.failed) {
        out->failed = 1;

    } else {
        art_meta_remove_dots(out, merged.data, merged.len);
    }

    art_buf_free(&merged);
    art_meta_append_tail(out, r);
}


/* an absolute http(s) URL with a host */
static int
art_meta_uri_is_http(const art_meta_uri_t *u)
{
    unsigned char  host[256];

    return u->has_scheme && art_meta_is_http(u->scheme.p, u->scheme.n)
           && u->has_authority
           && art_meta_uri_host(&u->authority, host, sizeof(host)) > 0;
}


/* the image known, as an absolute http(s) URL; 1 when there is one */
static int
art_meta_image_url(art_buf_t *out, const art_meta_facts_t *f,
    const char *canonical_url)
{
    art_meta_uri_t  r, b;

    if (f->image.buf.len == 0) {
        return 0;
    }

    art_meta_uri_parse(&r, f->image.buf.data, f->image.buf.len);

    if (r.has_scheme) {
        if (!art_meta_uri_is_http(&r)) {
            return 0;
        }

        art_buf_append(out, f->image.buf.data, f->image.buf.len);
        return 1;
    }

    if (canonical_url == NULL) {
        return 0;
    }

    art_meta_uri_parse(&b, (const unsigned char *) canonical_url,
                       strlen(canonical_url));
    if (!art_meta_uri_is_http(&b)) {
        return 0;
    }

    art_meta_uri_resolve(out, &b, &r);

    return 1;
}


/* rendering */

static int
art_meta_has(const char *s)
{
    return s != NULL && s[0] != '\0';
}


static void
art_meta_tag(art_buf_t *out, const char *prefix, const char *key,
    const unsigned char *value, size_t n, int url)
{
    art_buf_append_str(out, "<meta ");
    art_buf_append_str(out, prefix);
    art_buf_append_str(out, "=\"");
    art_buf_append_str(out, key);
    art_buf_append_str(out, "\" content=\"");

    if (url) {
        art_meta_put_url(out, value, n, art_escape_html_attr);

    } else {
        art_meta_put_text(out, value, n, art_escape_html_attr);
    }

    art_buf_append_str(out, "\">\n");
}


int
art_meta_render_head(art_buf_t *out, const art_meta_conf_t *c,
    const art_meta_facts_t *f, const char *canonical_url,
    int add_canonical_link)
{
    int                      count, has_image;
    size_t                   url_len;
    art_buf_t                image;
    const art_meta_value_t  *title;

    if (f->failed || out->failed) {
        return -1;
    }

    count = 0;
    url_len = art_meta_has(canonical_url) ? strlen(canonical_url) : 0;

    art_buf_init(&image, out->alloc);
    has_image = art_meta_image_url(&image, f, canonical_url);

    if (add_canonical_link && url_len > 0) {
        art_buf_append_str(out, "<link rel=\"canonical\" href=\"");
        art_meta_put_url(out, (const unsigned char *) canonical_url, url_len,
                         art_escape_html_attr);
        art_buf_append_str(out, "\">\n");
        count++;
    }

    if (!f->has_og_url && url_len > 0) {
        art_meta_tag(out, "property", "og:url",
                     (const unsigned char *) canonical_url, url_len, 1);
        count++;
    }

    title = f->title.buf.len > 0 ? &f->title : &f->h1;

    if (!f->has_og_title && title->buf.len > 0) {
        art_meta_tag(out, "property", "og:title", title->buf.data,
                     title->buf.len, 0);
        count++;
    }

    if (!f->has_og_type) {
        art_meta_tag(out, "property", "og:type",
                     (const unsigned char *) "article", 7, 0);
        count++;
    }

    if (!f->has_og_site_name && art_meta_has(c->site_name)) {
        art_meta_tag(out, "property", "og:site_name",
                     (const unsigned char *) c->site_name,
                     strlen(c->site_name), 0);
        count++;
    }

    if (!f->has_og_image && has_image) {
        art_meta_tag(out, "property", "og:image", image.data, image.len, 1);
        count++;
    }

    if (!f->has_twitter_card) {
        /* a page's own og:image counts even where it is unusable here */
        if (has_image || f->has_og_image || f->has_twitter_image) {
            art_meta_tag(out, "name", "twitter:card",
                         (const unsigned char *) "summary_large_image", 19,
                         0);
        } else {
            art_meta_tag(out, "name", "twitter:card",
                         (const unsigned char *) "summary", 7, 0);
        }
        count++;
    }

    if (!f->has_twitter_site && art_meta_has(c->twitter_site)) {
        art_meta_tag(out, "name", "twitter:site",
                     (const unsigned char *) c->twitter_site,
                     strlen(c->twitter_site), 0);
        count++;
    }

    if (image.failed) {
        out->failed = 1;
    }

    art_buf_free(&image);

    return out->failed ? -1 : count;
}


int
art_meta_fix_canonical(art_buf_t *out, const art_meta_conf_t *c,
    const unsigned char *href, size_t len, const char *canonical_url,
    const char *canonical_origin,
    int (*is_mirror_host)(void *ud, const unsigned char *host, size_t len),
    void *ud)
{
    size_t                i, j, hlen, chlen, olen, orig_len;
    int                   rc;
    art_buf_t             clean, res;
    art_meta_uri_t        r, b, o;
    unsigned char         host[256], chost[256];
    const unsigned char  *p;

    if (c->canonical_existing == ART_META_CANONICAL_KEEP
        || !art_meta_has(canonical_url))
    {
        return 0;
    }

    art_meta_uri_parse(&b, (const unsigned char *) canonical_url,
                       strlen(canonical_url));
    if (!art_meta_uri_is_http(&b)) {
        return 0;
    }

    orig_len = len;
    art_buf_init(&res, out->alloc);
    art_buf_init(&clean, out->alloc);

    if (c->canonical_existing == ART_META_CANONICAL_REPLACE) {
        art_buf_append_str(&res, canonical_url);
        goto done;
    }

    /* as a URL parser reads an href: trimmed, without tabs and newlines */
    p = href;
    art_meta_trim(&p, &len);
    for (i = 0; i < len; i = j + 1) {
        /* the run up to the next tab or newline, at once */
        for (j = i; j < len && p[j] != '\t' && p[j] != '\n' && p[j] != '\r';
             j++)
        {
            /* void */
        }

        art_buf_append(&clean, p + i, j - i);
    }

    if (clean.failed) {
        goto done;
    }

    art_meta_uri_parse(&r, clean.data, clean.len);

    if (!r.has_scheme && !r.has_authority) {
        art_meta_uri_resolve(&res, &b, &r);
        goto done;
    }

    if ((r.has_scheme && !art_meta_is_http(r.scheme.p, r.scheme.n))
        || !r.has_authority)
    {
        goto done;
    }

    hlen = art_meta_uri_host(&r.authority, host, sizeof(host));
    chlen = art_meta_uri_host(&b.authority, chost, sizeof(chost));

    if (hlen == 0
        || ((hlen != chlen || memcmp(host, chost, hlen) != 0)
            && (is_mirror_host == NULL || !is_mirror_host(ud, host, hlen))))
    {
        /* some other site's page: the page's own choice */
        goto done;
    }

    if (art_meta_has(canonical_origin)) {
        olen = strlen(canonical_origin);
        while (olen > 0 && canonical_origin[olen - 1] == '/') {
            olen--;
        }
        art_buf_append(&res, canonical_origin, olen);

    } else {
        art_meta_uri_parse(&o, (const unsigned char *) canonical_url,
                           strlen(canonical_url));
        art_meta_append_span(&res, &o.scheme);
        art_buf_append_str(&res, "://");
        art_meta_append_span(&res, &o.authority);
    }

    if (r.path.n == 0) {
        art_buf_append_byte(&res, '/');

    } else {
        art_meta_remove_dots(&res, r.path.p, r.path.n);
    }

    art_meta_append_tail(&res, &r);

done:

    if (res.failed || clean.failed) {
        rc = -1;

    } else if (res.len == 0
               || (res.len == orig_len
                   && memcmp(res.data, href, orig_len) == 0))
    {
        rc = 0;

    } else {
        rc = art_buf_append(out, res.data, res.len) == 0 ? 1 : -1;
    }

    art_buf_free(&res);
    art_buf_free(&clean);

    return rc;
}


/* the start of a JSON member: ,"key":" */
static void
art_meta_json_key(art_buf_t *out, const char *key)
{
    art_buf_append(out, ",\"", 2);
    art_buf_append_str(out, key);
    art_buf_append(out, "\":\"", 3);
}


/* a JSON member: ,"key":"value" */
static void
art_meta_json_member(art_buf_t *out, const char *key,
    const unsigned char *value, size_t n, int url)
{
    art_meta_json_key(out, key);

    if (url) {
        art_meta_put_url(out, value, n, art_escape_json);

    } else {
        art_meta_put_text(out, value, n, art_escape_json);
    }

    art_buf_append_byte(out, '"');
}


/* a JSON member whose value is escaped already */
static void
art_meta_json_escaped(art_buf_t *out, const char *key, const art_buf_t *v)
{
    art_meta_json_key(out, key);
    art_buf_append(out, v->data, v->len);
    art_buf_append_byte(out, '"');
}


/* the bytes of the first max characters, trailing white space dropped */
static size_t
art_meta_cut_chars(const unsigned char *p, size_t n, size_t max)
{
    size_t  i, len, chars;

    i = 0;

    for (chars = 0; chars < max && i < n; chars++) {
        len = art_meta_utf8_len(p + i, n - i);
        i += len > 0 ? len : 1;
    }

    while (i > 0 && p[i - 1] == ' ') {
        i--;
    }

    return i;
}


int
art_meta_render_jsonld(art_buf_t *out, const art_meta_conf_t *c,
    const art_meta_facts_t *f, const char *canonical_url)
{
    size_t                   url_len;
    art_buf_t                image, url;
    const art_meta_value_t  *headline;

    if (f->failed || out->failed) {
        return -1;
    }

    if (f->has_jsonld_article) {
        return 0;
    }

    headline = f->og_title.buf.len > 0 ? &f->og_title
               : f->title.buf.len > 0 ? &f->title : &f->h1;

    url_len = art_meta_has(canonical_url) ? strlen(canonical_url) : 0;

    art_buf_append_str(out, "<script type=\"application/ld+json\">"
                       "{\"@context\":\"https://schema.org\","
                       "\"@type\":\"NewsArticle\"");

    if (headline->buf.len > 0) {
        art_meta_json_member(out, "headline", headline->buf.data,
                             art_meta_cut_chars(headline->buf.data,
                                                headline->buf.len,
                                                ART_META_HEADLINE_MAX),
                             0);
    }

    if (f->description.buf.len > 0) {
        art_meta_json_member(out, "description", f->description.buf.data,
                             f->description.buf.len, 0);
    }

    if (url_len > 0) {
        /* escaped once for both members */
        art_buf_init(&url, out->alloc);
        art_meta_put_url(&url, (const unsigned char *) canonical_url,
                         url_len, art_escape_json);

        if (url.failed) {
            out->failed = 1;
        }

        art_meta_json_escaped(out, "url", &url);
        art_buf_append_str(out, ",\"mainEntityOfPage\":"
                           "{\"@type\":\"WebPage\"");
        art_meta_json_escaped(out, "@id", &url);
        art_buf_append_byte(out, '}');
        art_buf_free(&url);
    }

    art_buf_init(&image, out->alloc);

    if (art_meta_image_url(&image, f, canonical_url)) {
        art_meta_json_member(out, "image", image.data, image.len, 1);
    }

    if (image.failed) {
        out->failed = 1;
    }

    art_buf_free(&image);

    if (f->published.buf.len > 0) {
        art_meta_json_member(out, "datePublished", f->published.buf.data,
                             f->published.buf.len, 0);
    }

    if (f->modified.buf.len > 0) {
        art_meta_json_member(out, "dateModified", f->modified.buf.data,
                             f->modified.buf.len, 0);
    }

    if (art_meta_has(c->site_name) || f->site_name.buf.len > 0) {
        art_buf_append_str(out, ",\"publisher\":{\"@type\":\"Organization\"");

        if (art_meta_has(c->site_name)) {
            art_meta_json_member(out, "name",
                                 (const unsigned char *) c->site_name,
                                 strlen(c->site_name), 0);
        } else {
            art_meta_json_member(out, "name", f->site_name.buf.data,
                                 f->site_name.buf.len, 0);
        }

        if (art_meta_has(c->publisher_logo)) {
            art_buf_append_str(out,
                               ",\"logo\":{\"@type\":\"ImageObject\"");
            art_meta_json_member(out, "url",
                                 (const unsigned char *) c->publisher_logo,
                                 strlen(c->publisher_logo), 1);
            art_buf_append_byte(out, '}');
        }

        art_buf_append_byte(out, '}');
    }

    art_buf_append_str(out, "}</script>\n");

    return out->failed ? -1 : 1;
}


int
art_meta_link_header(art_buf_t *out, const char *canonical_url)
{
    if (!art_meta_has(canonical_url)) {
        return 0;
    }

    art_buf_append_byte(out, '<');
    art_escape_url(out, (const unsigned char *) canonical_url,
                   strlen(canonical_url));
    art_buf_append_str(out, ">; rel=\"canonical\"");

    return out->failed ? -1 : 1;
}
