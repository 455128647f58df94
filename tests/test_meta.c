#include <string.h>

#include "art_test.h"
#include "art_meta.h"


#define US(s)  (const unsigned char *) (s), strlen(s)

#define CANON      "https://example.com/news/2024/story?id=7"
#define ORIGIN     "https://example.com"

/* U+2028, U+2029 and "Persian news" in Persian */
#define LS         "\xe2\x80\xa8"
#define PS         "\xe2\x80\xa9"
#define FA         "\xd8\xae\xd8\xa8\xd8\xb1 " \
                   "\xd9\x81\xd8\xa7\xd8\xb1\xd8\xb3\xdb\x8c"


static const char *
str(art_buf_t *b)
{
    art_buf_append_byte(b, '\0');
    ck_assert(!b->failed);
    b->len--;

    return (const char *) b->data;
}


static const char *
val(const art_meta_value_t *v)
{
    static char  s[ART_META_MAX_VALUE + 1];

    memcpy(s, v->buf.data, v->buf.len);
    s[v->buf.len] = '\0';

    return s;
}


static void
meta(art_meta_facts_t *f, const char *key, const char *content)
{
    art_meta_facts_meta_tag(f, US(key), US(content));
}


static void
conf_default(art_meta_conf_t *c)
{
    art_meta_conf_init(c);
    art_meta_conf_merge(c, NULL);
    c->enable = 1;
}


/* a strict JSON (RFC 8259) checker that also decodes strings */

typedef struct {
    const unsigned char  *p;
    size_t                n;
    size_t                i;
} json_t;


static void
json_ws(json_t *j)
{
    while (j->i < j->n && strchr(" \t\r\n", j->p[j->i]) != NULL) {
        j->i++;
    }
}


static int json_value(json_t *j, int depth);


static int
json_hex4(json_t *j, unsigned long *u)
{
    int  k, c;

    *u = 0;
    for (k = 0; k < 4; k++) {
        if (j->i >= j->n) {
            return 0;
        }
        c = j->p[j->i++];
        if (c >= '0' && c <= '9') {
            *u = *u * 16 + (unsigned long) (c - '0');
        } else if (c >= 'a' && c <= 'f') {
            *u = *u * 16 + (unsigned long) (c - 'a' + 10);
        } else if (c >= 'A' && c <= 'F') {
            *u = *u * 16 + (unsigned long) (c - 'A' + 10);
        } else {
            return 0;
        }
    }

    return 1;
}


/* a string at j->i (on its quote); decoded into out if not NULL */
static int
json_string(json_t *j, art_buf_t *out)
{
    unsigned long  u, lo;
    unsigned char  c;
    size_t         len, k;

    if (j->i >= j->n || j->p[j->i] != '"') {
        return 0;
    }
    j->i++;

    while (j->i < j->n) {
        c = j->p[j->i];

        if (c == '"') {
            j->i++;
            return 1;
        }

        if (c < 0x20) {
            return 0;
        }

        if (c == '\\') {
            if (++j->i >= j->n) {
                return 0;
            }
            c = j->p[j->i++];
            switch (c) {
            case '"': case '\\': case '/':
                break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            case 'u':
                if (!json_hex4(j, &u)) {
                    return 0;
                }
                if (u >= 0xd800 && u <= 0xdbff) {
                    if (j->i + 2 > j->n || j->p[j->i] != '\\'
                        || j->p[j->i + 1] != 'u')
                    {
                        return 0;
                    }
                    j->i += 2;
                    if (!json_hex4(j, &lo) || lo < 0xdc00 || lo > 0xdfff) {
                        return 0;
                    }
                    u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
                } else if (u >= 0xdc00 && u <= 0xdfff) {
                    return 0;
                }
                if (out != NULL) {
                    art_buf_append_utf8(out, u);
                }
                continue;
            default:
                return 0;
            }
            if (out != NULL) {
                art_buf_append_byte(out, c);
            }
            continue;
        }

        /* raw bytes must be valid UTF-8 */
        len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3
              : (c & 0xf8) == 0xf0 ? 4 : 0;
        if (len == 0 || j->i + len > j->n) {
            return 0;
        }
        for (k = 1; k < len; k++) {
            if ((j->p[j->i + k] & 0xc0) != 0x80) {
                return 0;
            }
        }
        if (out != NULL) {
            art_buf_append(out, j->p + j->i, len);
        }
        j->i += len;
    }

    return 0;
}


static int
json_value(json_t *j, int depth)
{
    size_t  start;

    if (depth > 64) {
        return 0;
    }

    json_ws(j);
    if (j->i >= j->n) {
        return 0;
    }

    switch (j->p[j->i]) {
    case '"':
        return json_string(j, NULL);

    case '{':
        j->i++;
        json_ws(j);
        if (j->i < j->n && j->p[j->i] == '}') {
            j->i++;
            return 1;
        }
        for ( ;; ) {
            json_ws(j);
            if (!json_string(j, NULL)) {
                return 0;
            }
            json_ws(j);
            if (j->i >= j->n || j->p[j->i++] != ':') {
                return 0;
            }
            if (!json_value(j, depth + 1)) {
                return 0;
            }
            json_ws(j);
            if (j->i >= j->n) {
                return 0;
            }
            if (j->p[j->i] == ',') {
                j->i++;
                continue;
            }
            if (j->p[j->i] == '}') {
                j->i++;
                return 1;
            }
            return 0;
        }

    case '[':
        j->i++;
        json_ws(j);
        if (j->i < j->n && j->p[j->i] == ']') {
            j->i++;
            return 1;
        }
        for ( ;; ) {
            if (!json_value(j, depth + 1)) {
                return 0;
            }
            json_ws(j);
            if (j->i >= j->n) {
                return 0;
            }
            if (j->p[j->i] == ',') {
                j->i++;
                continue;
            }
            if (j->p[j->i] == ']') {
                j->i++;
                return 1;
            }
            return 0;
        }

    default:
        start = j->i;
        while (j->i < j->n && strchr("-+.eE0123456789truefalsn", j->p[j->i])
               != NULL)
        {
            j->i++;
        }
        return j->i > start;
    }
}


static int
json_valid(const unsigned char *p, size_t n)
{
    json_t  j;

    j.p = p;
    j.n = n;
    j.i = 0;

    if (!json_value(&j, 0)) {
        return 0;
    }

    json_ws(&j);

    return j.i == n;
}


/* the decoded value of the first "key":"..." member; NULL when absent */
static const char *
json_member(const char *json, const char *key, art_buf_t *out)
{
    char         pat[64];
    const char  *at;
    json_t       j;

    snprintf(pat, sizeof(pat), "\"%s\":\"", key);
    at = strstr(json, pat);
    if (at == NULL) {
        return NULL;
    }

    j.p = (const unsigned char *) json;
    j.n = strlen(json);
    j.i = (size_t) (at - json) + strlen(pat) - 1;

    out->len = 0;
    if (!json_string(&j, out)) {
        return NULL;
    }

    return str(out);
}


/*
 * The JSON of a rendered script element, checked to be one: the element
 * around it, nothing that could end it early, valid JSON inside.
 */
static const char *
jsonld_body(art_buf_t *out, art_buf_t *body)
{
    static const char  open[] = "<script type=\"application/ld+json\">";
    static const char  close[] = "</script>\n";
    const char        *s;
    size_t             n;

    s = str(out);
    n = out->len;

    ck_assert_uint_gt(n, sizeof(open) + sizeof(close));
    ck_assert(memcmp(s, open, sizeof(open) - 1) == 0);
    ck_assert(memcmp(s + n - (sizeof(close) - 1), close,
                     sizeof(close) - 1) == 0);

    body->len = 0;
    art_buf_append(body, s + sizeof(open) - 1,
                   n - (sizeof(open) - 1) - (sizeof(close) - 1));
    s = str(body);

    ck_assert_msg(strstr(s, "</") == NULL, "\"</\" in %s", s);
    ck_assert_msg(strstr(s, "<!--") == NULL, "\"<!--\" in %s", s);
    ck_assert(strstr(s, LS) == NULL);
    ck_assert(strstr(s, PS) == NULL);
    ck_assert_msg(json_valid(body->data, body->len), "invalid JSON: %s", s);

    return s;
}


static size_t
utf8_chars(const char *s)
{
    size_t  n;

    for (n = 0; *s; s++) {
        if (((unsigned char) *s & 0xc0) != 0x80) {
            n++;
        }
    }

    return n;
}


/* the JSON checker itself must be able to say no */
START_TEST(t_json_checker)
{
    ck_assert(json_valid(US("{\"a\":[1,\"x\\u00e9\",{}],\"b\":null}")));
    ck_assert(!json_valid(US("{\"a\":1,}")));
    ck_assert(!json_valid(US("{\"a\":\"x\ny\"}")));
    ck_assert(!json_valid(US("{\"a\":\"\\x\"}")));
    ck_assert(!json_valid(US("{\"a\":\"\xff\"}")));
    ck_assert(!json_valid(US("{\"a\":1} x")));
}
END_TEST


/* facts */

START_TEST(t_meta_tags)
{
    art_meta_facts_t  f;

    art_meta_facts_init(&f, &art_malloc_allocator);

    meta(&f, "og:title", "  The   headline\n ");
    meta(&f, "OG:URL", "https://example.com/x");
    meta(&f, "og:type", "");
    meta(&f, "og:site_name", "Example News");
    meta(&f, "twitter:card", "summary");
    meta(&f, " twitter:site ", "@example");
    meta(&f, "og:description", "From OG");
    meta(&f, "description", "From the page");
    meta(&f, "article:published_time", "2024-05-01T10:00:00Z");
    meta(&f, "article:modified_time", "2024-05-02T10:00:00Z");
    meta(&f, "og:updated_time", "2024-05-03T10:00:00Z");
    meta(&f, "keywords", "a, b");

    ck_assert_int_eq(f.has_og_title, 1);
    ck_assert_int_eq(f.has_og_url, 1);
    ck_assert_int_eq(f.has_og_type, 1);
    ck_assert_int_eq(f.has_og_site_name, 1);
    ck_assert_int_eq(f.has_og_image, 0);
    ck_assert_int_eq(f.has_og_description, 1);
    ck_assert_int_eq(f.has_twitter_card, 1);
    ck_assert_int_eq(f.has_twitter_site, 1);
    ck_assert_int_eq(f.has_twitter_image, 0);

    ck_assert_str_eq(val(&f.og_title), "The headline");
    ck_assert_str_eq(val(&f.site_name), "Example News");
    ck_assert_str_eq(val(&f.description), "From the page");
    ck_assert_str_eq(val(&f.published), "2024-05-01T10:00:00Z");
    ck_assert_str_eq(val(&f.modified), "2024-05-02T10:00:00Z");

    /* a <time> comes after the meta tag it would stand in for */
    art_meta_facts_time(&f, US("2020-01-01"));
    ck_assert_str_eq(val(&f.published), "2024-05-01T10:00:00Z");

    art_meta_facts_free(&f);
}
END_TEST


/* what one meta tag set: its flags and the values it filled, in order */
static const char *
meta_effect(const char *key, size_t klen)
{
    static char       out[256];
    art_meta_facts_t  f;

    art_meta_facts_init(&f, &art_malloc_allocator);
    art_meta_facts_meta_tag(&f, (const unsigned char *) key, klen,
                            US("v"));

    snprintf(out, sizeof(out), "%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s",
             f.has_og_title ? "og_title " : "",
             f.has_og_url ? "og_url " : "",
             f.has_og_type ? "og_type " : "",
             f.has_og_site_name ? "og_site_name " : "",
             f.has_og_image ? "og_image " : "",
             f.has_og_description ? "og_description " : "",
             f.has_twitter_card ? "twitter_card " : "",
             f.has_twitter_site ? "twitter_site " : "",
             f.has_twitter_image ? "twitter_image " : "",
             f.og_title.buf.len ? "=og_title " : "",
             f.site_name.buf.len ? "=site_name " : "",
             f.image.buf.len ? "=image " : "",
             f.description.buf.len ? "=description " : "",
             f.published.buf.len ? "=published " : "",
             f.modified.buf.len ? "=modified " : "",
             f.title.buf.len ? "=title " : "",
             f.h1.buf.len ? "=h1 " : "");

    art_meta_facts_free(&f);

    return out;
}


/* every key known, in any case, and keys that come close to one */
START_TEST(t_meta_keys)
{
    static const struct {
        const char  *key;
        const char  *effect;
    } cases[] = {
        { "og:title", "og_title =og_title " },
        { "OG:Title", "og_title =og_title " },
        { "og:url", "og_url " },
        { "og:type", "og_type " },
        { "og:site_name", "og_site_name =site_name " },
        { "OG:SITE_NAME", "og_site_name =site_name " },
        { "og:image", "og_image =image " },
        { "og:image:url", "og_image =image " },
        { "og:description", "og_description =description " },
        { "og:updated_time", "=modified " },
        { "twitter:card", "twitter_card " },
        { "twitter:site", "twitter_site " },
        { "twitter:image", "twitter_image =image " },
        { "Twitter:Image:Src", "twitter_image =image " },
        { "twitter:description", "=description " },
        { "description", "=description " },
        { "DESCRIPTION", "=description " },
        { "article:published_time", "=published " },
        { "datePublished", "=published " },
        { "DATEPUBLISHED", "=published " },
        { "article:modified_time", "=modified " },
        { "datemodified", "=modified " },
        { "\t og:type \n", "og_type " },

        { "", "" },
        { " ", "" },
        { "o", "" },
        { "og:", "" },
        { "og:titl", "" },
        { "og:titles", "" },
        { "og:title:", "" },
        { "og_title", "" },
        { "g:title", "" },
        { "og:image:ur", "" },
        { "og:image:width", "" },
        { "og:image:urls", "" },
        { "twitter:image:sr", "" },
        { "og:tit\xc5\x82" "e", "" },
        { "\xc5\x82og:title", "" },
        { "xdescription", "" },
        { "description:", "" },
        { "datePublishe", "" },
        { "article:published_tim", "" },
        { "article_published_time", "" },
        { "keywords", "" },
        { "viewport", "" },
        { "title", "" },
        { "h1", "" }
    };
    size_t  i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        ck_assert_msg(strcmp(meta_effect(cases[i].key, strlen(cases[i].key)),
                             cases[i].effect) == 0,
                      "\"%s\": \"%s\", not \"%s\"", cases[i].key,
                      meta_effect(cases[i].key, strlen(cases[i].key)),
                      cases[i].effect);

        /* a key is known exactly where it has an effect */
        ck_assert_int_eq(art_meta_is_fact_key(US(cases[i].key)),
                         cases[i].effect[0] != '\0');
    }

    /* a NUL byte is trimmed at the end like any control, kept inside */
    ck_assert_str_eq(meta_effect("og:title\0", 9), "og_title =og_title ");
    ck_assert_str_eq(meta_effect("og:\0itle", 8), "");
    ck_assert_str_eq(meta_effect("og:title\0x", 10), "");
    ck_assert_str_eq(meta_effect("og:title", 8), "og_title =og_title ");
    ck_assert_int_eq(art_meta_is_fact_key((const unsigned char *)
                                          "og:title\0", 9), 1);
    ck_assert_int_eq(art_meta_is_fact_key((const unsigned char *)
                                          "og:title\0x", 10), 0);
}
END_TEST


START_TEST(t_meta_fallbacks)
{
    art_meta_facts_t  f;

    art_meta_facts_init(&f, &art_malloc_allocator);

    /* the first <time datetime>, then article:published_time wins */
    art_meta_facts_time(&f, US(" 2024-01-01T08:00 "));
    art_meta_facts_time(&f, US("2024-01-09"));
    ck_assert_str_eq(val(&f.published), "2024-01-01T08:00");
    meta(&f, "article:published_time", "2024-01-01T08:00:00+03:30");
    ck_assert_str_eq(val(&f.published), "2024-01-01T08:00:00+03:30");

    /* og:updated_time until article:modified_time */
    meta(&f, "og:updated_time", "2024-02-01");
    ck_assert_str_eq(val(&f.modified), "2024-02-01");
    meta(&f, "dateModified", "2024-02-02");
    ck_assert_str_eq(val(&f.modified), "2024-02-02");

    /* descriptions: twitter < og < the page's own; empty ones ignored */
    meta(&f, "twitter:description", "tw");
    ck_assert_str_eq(val(&f.description), "tw");
    meta(&f, "og:description", "og");
    ck_assert_str_eq(val(&f.description), "og");
    meta(&f, "description", "   ");
    ck_assert_str_eq(val(&f.description), "og");
    meta(&f, "twitter:description", "tw2");
    ck_assert_str_eq(val(&f.description), "og");

    art_meta_facts_free(&f);
}
END_TEST


START_TEST(t_image_sources)
{
    art_meta_facts_t  f;

    art_meta_facts_init(&f, &art_malloc_allocator);

    /* lazy-loading placeholders leave the place to the next <img> */
    ck_assert_int_eq(art_meta_facts_image(&f, US("data:image/gif;base64,R0")),
                     0);
    ck_assert_int_eq(art_meta_facts_image(&f, US("  ")), 0);
    ck_assert_int_eq(art_meta_facts_image(&f, US("javascript:x()")), 0);
    ck_assert_int_eq(f.image.buf.len, 0);

    ck_assert_int_eq(art_meta_facts_image(&f, US("/img/a.jpg")), 1);
    ck_assert_int_eq(art_meta_facts_image(&f, US("/img/b.jpg")), 0);
    ck_assert_str_eq(val(&f.image), "/img/a.jpg");

    meta(&f, "twitter:image", "https://cdn.example/tw.jpg");
    ck_assert_str_eq(val(&f.image), "https://cdn.example/tw.jpg");
    ck_assert_int_eq(f.has_twitter_image, 1);

    meta(&f, "og:image", "https://cdn.example/og.jpg");
    ck_assert_str_eq(val(&f.image), "https://cdn.example/og.jpg");
    meta(&f, "og:image", "https://cdn.example/og2.jpg");
    meta(&f, "twitter:image:src", "https://cdn.example/tw2.jpg");
    ck_assert_str_eq(val(&f.image), "https://cdn.example/og.jpg");
    ck_assert_int_eq(f.has_og_image, 1);

    art_meta_facts_free(&f);
}
END_TEST


START_TEST(t_title_pieces)
{
    art_meta_facts_t  f;

    art_meta_facts_init(&f, &art_malloc_allocator);

    /* decoded by the caller: "Tom &amp; Jerry" arrives as "Tom & Jerry" */
    art_meta_facts_title(&f, US("\n   Tom & "));
    art_meta_facts_title(&f, US("  Jer"));
    art_meta_facts_title(&f, US("ry\t\n"));
    art_meta_facts_title(&f, US("  \"<>'  "));
    art_meta_facts_title_end(&f);
    ck_assert_str_eq(val(&f.title), "Tom & Jerry \"<>'");

    /* an <svg><title> later on is not the document's title */
    art_meta_facts_title(&f, US("Icon"));
    art_meta_facts_title_end(&f);
    ck_assert_str_eq(val(&f.title), "Tom & Jerry \"<>'");

    /* the first <h1> with text */
    art_meta_facts_h1(&f, US("  \n "));
    art_meta_facts_h1_end(&f);
    art_meta_facts_h1(&f, US(" " FA " "));
    art_meta_facts_h1(&f, US("!"));
    art_meta_facts_h1_end(&f);
    art_meta_facts_h1(&f, US("Second"));
    art_meta_facts_h1_end(&f);
    ck_assert_str_eq(val(&f.h1), FA " !");

    art_meta_facts_free(&f);
}
END_TEST


START_TEST(t_value_cap)
{
    art_meta_facts_t  f;
    char              big[3001];
    size_t            i;

    art_meta_facts_init(&f, &art_malloc_allocator);

    /* "a" then two-byte letters: the cap falls inside one of them */
    big[0] = 'a';
    for (i = 1; i + 1 < sizeof(big); i += 2) {
        big[i] = (char) 0xd8;
        big[i + 1] = (char) 0xb3;
    }
    big[sizeof(big) - 1] = '\0';

    art_meta_facts_title(&f, US(big));
    art_meta_facts_title(&f, US(big));
    ck_assert_uint_eq(f.title.buf.len, ART_META_MAX_VALUE - 1);
    ck_assert(memcmp(f.title.buf.data, big, f.title.buf.len) == 0);

    /* a URL past the cap is dropped, not cut */
    memset(big, 'x', sizeof(big) - 1);
    memcpy(big, "https://", 8);
    meta(&f, "og:image", big);
    ck_assert_int_eq(f.has_og_image, 1);
    ck_assert_uint_eq(f.image.buf.len, 0);
    ck_assert_int_eq(f.failed, 0);

    art_meta_facts_free(&f);
}
END_TEST


/*
 * The text of a title as the facts keep it, one byte at a time: white
 * space collapsed, cut at the cap before a character that would not fit
 * (and before a sequence the cap falls in).
 */
typedef struct {
    unsigned char  buf[ART_META_MAX_VALUE];
    size_t         len;
    int            space;
    int            full;
} ref_text_t;


static void
ref_text_add(ref_text_t *r, const unsigned char *p, size_t n)
{
    size_t  i, start;

    for (i = 0; i < n && !r->full; i++) {
        if (p[i] <= 0x20 || p[i] == 0x7f) {
            r->space = r->len > 0;
            continue;
        }

        if (ART_META_MAX_VALUE - r->len < (size_t) (r->space ? 2 : 1)) {
            start = r->len;
            while (start > 0 && r->len - start < 4
                   && (r->buf[start - 1] & 0xc0) == 0x80)
            {
                start--;
            }

            if (start > 0 && r->buf[start - 1] >= 0xc0
                && r->len - (start - 1) < (size_t) (r->buf[start - 1] >= 0xf0
                                                    ? 4
                                                    : r->buf[start - 1]
                                                      >= 0xe0 ? 3 : 2))
            {
                r->len = start - 1;
            }

            r->full = 1;
            break;
        }

        if (r->space) {
            r->buf[r->len++] = ' ';
            r->space = 0;
        }

        r->buf[r->len++] = p[i];
    }
}


/* runs of text near the cap, in pieces, against the byte-by-byte model */
START_TEST(t_value_runs)
{
    static const char   *words[] = {
        "a", "bc", "def", "\xd8\xb3", "\xe2\x82\xac", "\xf0\x9f\x93\xb0",
        " ", "  ", "\t\n", "\x7f", "\x01", "gh ij k", " lm no ", "p \xd8\xb3"
    };
    unsigned char        text[3500];
    unsigned long        seed;
    size_t               len, i, k, piece, w, full;
    art_meta_facts_t     f;
    ref_text_t           r;

    seed = 12345;
    full = 0;

    for (k = 0; k < 400; k++) {
        len = 0;

        while (len + 4 < 2700 + k % 700) {
            seed = seed * 1103515245 + 12345;
            w = (seed >> 16) % (sizeof(words) / sizeof(words[0]));
            memcpy(text + len, words[w], strlen(words[w]));
            len += strlen(words[w]);
        }

        art_meta_facts_init(&f, &art_malloc_allocator);
        memset(&r, 0, sizeof(r));

        piece = 1 + k % 97;

        for (i = 0; i < len; i += piece) {
            w = len - i < piece ? len - i : piece;
            art_meta_facts_title(&f, text + i, w);
            ref_text_add(&r, text + i, w);
        }

        ck_assert_msg(f.title.buf.len == r.len
                      && memcmp(f.title.buf.data, r.buf, r.len) == 0,
                      "case %u: %u bytes, not %u", (unsigned) k,
                      (unsigned) f.title.buf.len, (unsigned) r.len);
        ck_assert_int_eq(f.failed, 0);
        full += r.full;

        art_meta_facts_free(&f);
    }

    /* most of them reach the cap */
    ck_assert_uint_gt(full, 300);
}
END_TEST


START_TEST(t_rel_canonical)
{
    art_meta_facts_t  f;

    art_meta_facts_init(&f, &art_malloc_allocator);

    ck_assert_int_eq(art_meta_rel_is_canonical(US("canonical")), 1);
    ck_assert_int_eq(art_meta_rel_is_canonical(US(" CANONICAL ")), 1);
    ck_assert_int_eq(art_meta_rel_is_canonical(US("alternate\tcanonical")),
                     1);
    ck_assert_int_eq(art_meta_rel_is_canonical(US("canonicalx")), 0);
    ck_assert_int_eq(art_meta_rel_is_canonical(US("alternate")), 0);
    ck_assert_int_eq(art_meta_rel_is_canonical(US("")), 0);
    ck_assert_int_eq(art_meta_rel_is_canonical(US("canonica")), 0);
    ck_assert_int_eq(art_meta_rel_is_canonical(US(" canonica")), 0);
    ck_assert_int_eq(art_meta_rel_is_canonical(US("canonica ")), 0);
    ck_assert_int_eq(art_meta_rel_is_canonical(US("CaNoNiCaL")), 1);
    ck_assert_int_eq(art_meta_rel_is_canonical(US("canonical ")), 1);
    ck_assert_int_eq(art_meta_rel_is_canonical(US("\ncanonical")), 1);
    ck_assert_int_eq(art_meta_rel_is_canonical(US("a canonical")), 1);
    ck_assert_int_eq(art_meta_rel_is_canonical(US("xcanonical")), 0);
    ck_assert_int_eq(art_meta_rel_is_canonical(
                         (const unsigned char *) "canonical\0", 10), 1);
    ck_assert_int_eq(art_meta_rel_is_canonical(
                         (const unsigned char *) "canonica\0l", 10), 0);

    ck_assert_int_eq(art_meta_facts_link(&f, US("stylesheet")), 0);
    ck_assert_int_eq(art_meta_facts_link(&f, US("Canonical")), 1);
    ck_assert_int_eq(art_meta_facts_link(&f, US("canonical")), 1);
    ck_assert_int_eq(f.has_canonical_link, 2);

    art_meta_facts_free(&f);
}
END_TEST


/* JSON-LD detection */

static int
jsonld_is_article(const char *json)
{
    art_meta_facts_t  f;
    int               r;

    art_meta_facts_init(&f, &art_malloc_allocator);
    art_meta_facts_jsonld(&f, US(json));
    art_meta_facts_jsonld_end(&f);
    r = f.has_jsonld_article;
    art_meta_facts_free(&f);

    return r;
}


START_TEST(t_jsonld_types)
{
    ck_assert_int_eq(jsonld_is_article("{\"@type\":\"Article\"}"), 1);
    ck_assert_int_eq(jsonld_is_article(
        "{\n  \"@context\": \"https://schema.org\",\n"
        "  \"@type\" : \"NewsArticle\",\n  \"headline\": \"x\"\n}"), 1);
    ck_assert_int_eq(jsonld_is_article(
        "{\"@type\":[\"NewsArticle\"]}"), 1);
    ck_assert_int_eq(jsonld_is_article(
        "{\"@type\": [\"WebPage\", \"ReportageNewsArticle\"]}"), 1);
    ck_assert_int_eq(jsonld_is_article("{\"@type\":\"BlogPosting\"}"), 1);
    ck_assert_int_eq(jsonld_is_article(
        "{\"@type\":\"https://schema.org/NewsArticle\"}"), 1);
    ck_assert_int_eq(jsonld_is_article("{\"@type\":\"schema:Article\"}"), 1);
    ck_assert_int_eq(jsonld_is_article("{\"@type\":\"\\u0041rticle\"}"), 1);

    /* type names are matched without regard to case, the key is not */
    ck_assert_int_eq(jsonld_is_article("{\"@type\":\"newsarticle\"}"), 1);
    ck_assert_int_eq(jsonld_is_article("{\"@TYPE\":\"NewsArticle\"}"), 0);

    ck_assert_int_eq(jsonld_is_article("{\"@type\":\"WebPage\"}"), 0);
    ck_assert_int_eq(jsonld_is_article("{\"@type\":\"Articles\"}"), 0);
    ck_assert_int_eq(jsonld_is_article(""), 0);
}
END_TEST


START_TEST(t_jsonld_graph)
{
    ck_assert_int_eq(jsonld_is_article(
        "{\"@context\":\"https://schema.org\",\"@graph\":["
        "{\"@type\":\"Organization\",\"name\":\"X\"},"
        "{\"@type\":\"WebSite\",\"url\":\"https://x\"},"
        "{\"@type\":[\"Thing\",\"NewsArticle\"],\"headline\":\"h\"}]}"), 1);

    /* a top-level array of nodes */
    ck_assert_int_eq(jsonld_is_article(
        "[{\"@type\":\"BreadcrumbList\",\"itemListElement\":[]},"
        "{\"@type\":\"OpinionNewsArticle\"}]"), 1);

    /* nested in another node */
    ck_assert_int_eq(jsonld_is_article(
        "{\"@type\":\"WebPage\",\"mainEntity\":{\"@type\":\"Article\"}}"), 1);

    ck_assert_int_eq(jsonld_is_article(
        "{\"@graph\":[{\"@type\":\"WebPage\"},{\"@type\":\"Person\"}]}"), 0);
}
END_TEST


START_TEST(t_jsonld_not_types)
{
    /* "Article" as the value of other keys, or as a key */
    ck_assert_int_eq(jsonld_is_article(
        "{\"@type\":\"WebPage\",\"articleSection\":\"Article\","
        "\"name\":\"NewsArticle\",\"keywords\":[\"Article\",\"News\"]}"), 0);
    ck_assert_int_eq(jsonld_is_article(
        "{\"@type\":\"WebPage\",\"about\":{\"@type\":\"Thing\","
        "\"name\":\"Article\"}}"), 0);
    ck_assert_int_eq(jsonld_is_article(
        "{\"name\":\"@type\",\"x\":\"Article\"}"), 0);
    ck_assert_int_eq(jsonld_is_article("{\"Article\":\"@type\"}"), 0);
    ck_assert_int_eq(jsonld_is_article("[\"@type\",\"Article\"]"), 0);

    /* after an @type array has closed, strings are no longer types */
    ck_assert_int_eq(jsonld_is_article(
        "{\"@type\":[\"WebPage\"],\"genre\":\"NewsArticle\"}"), 0);

    /* a key after a value that is no string */
    ck_assert_int_eq(jsonld_is_article(
        "{\"@type\":null,\"NewsArticle\":true}"), 0);
    ck_assert_int_eq(jsonld_is_article(
        "{\"@type\":,\"Article\":1}"), 0);

    /* too long to be a type name, however it ends */
    ck_assert_int_eq(jsonld_is_article(
        "{\"@type\":\"https://schema.example/a/very/long/path/of/types/"
        "that/goes/on/NewsArticle\"}"), 0);
    ck_assert_int_eq(jsonld_is_article(
        "{\"@type\":\"http://schema.org/AdvertiserContentArticle\"}"), 1);

    /* inside a string value, with escaped quotes */
    ck_assert_int_eq(jsonld_is_article(
        "{\"@type\":\"WebPage\",\"text\":\"say \\\"@type\\\":"
        "\\\"Article\\\"\"}"), 0);
}
END_TEST


START_TEST(t_jsonld_malformed)
{
    art_meta_facts_t  f;

    /* found before the JSON breaks down */
    ck_assert_int_eq(jsonld_is_article(
        "{\"@type\":\"NewsArticle\",\"headline\":\"unterminated"), 1);
    ck_assert_int_eq(jsonld_is_article(
        "{\"@type\":\"NewsArticle\" \"headline\": }}}]]"), 1);
    ck_assert_int_eq(jsonld_is_article(
        "<!--\n{\"@type\":\"Article\"}\n-->"), 1);
    ck_assert_int_eq(jsonld_is_article(
        "]]}}{\"a\":[1,2,{\"@type\":\"Article\"]"), 1);
    ck_assert_int_eq(jsonld_is_article("{\"@type\":\"NewsArticle"), 1);

    /* an unclosed string ends at the line break */
    ck_assert_int_eq(jsonld_is_article(
        "{\"name\":\"broken\n,\"@type\":\"NewsArticle\"}"), 1);

    ck_assert_int_eq(jsonld_is_article("{\"@type\":,,,\"\\u00"), 0);
    ck_assert_int_eq(jsonld_is_article("\"\\"), 0);

    /* far deeper than the levels kept */
    {
        char    deep[400];
        size_t  i;

        for (i = 0; i < 100; i++) {
            deep[i] = '[';
        }
        strcpy(deep + 100, "{\"@type\":\"Article\"}");
        ck_assert_int_eq(jsonld_is_article(deep), 0);

        for (i = 0; i < 100; i++) {
            deep[i] = i < 50 ? '[' : ']';
        }
        strcpy(deep + 100, "{\"@type\":\"Article\"}");
        ck_assert_int_eq(jsonld_is_article(deep), 1);
    }

    /* one broken script does not spill into the next */
    art_meta_facts_init(&f, &art_malloc_allocator);
    art_meta_facts_jsonld(&f, US("{\"@type\":[\"WebPage\","));
    art_meta_facts_jsonld_end(&f);
    art_meta_facts_jsonld(&f, US("\"NewsArticle\""));
    art_meta_facts_jsonld_end(&f);
    ck_assert_int_eq(f.has_jsonld_article, 0);
    art_meta_facts_free(&f);
}
END_TEST


/* the same answer however the script is split */
START_TEST(t_jsonld_split)
{
    static const char  *docs[] = {
        "{\"@graph\":[{\"@type\":\"WebPage\",\"name\":\"Article\"},"
        "{\"@type\" : [ \"Thing\" , \"News\\u0041rticle\" ]}]}",
        "{\"@type\":\"WebPage\",\"articleSection\":\"Article\"}",
        NULL
    };
    art_meta_facts_t     f;
    size_t               i, k, n;
    const char          *d;

    for (k = 0; docs[k] != NULL; k++) {
        d = docs[k];
        n = strlen(d);

        for (i = 0; i <= n; i++) {
            art_meta_facts_init(&f, &art_malloc_allocator);
            art_meta_facts_jsonld(&f, (const unsigned char *) d, i);
            art_meta_facts_jsonld(&f, (const unsigned char *) d + i, n - i);
            art_meta_facts_jsonld_end(&f);
            ck_assert_msg(f.has_jsonld_article == (k == 0),
                          "doc %zu split at %zu", k, i);
            art_meta_facts_free(&f);
        }
    }
}
END_TEST


START_TEST(t_jsonld_script_type)
{
    ck_assert_int_eq(art_meta_is_jsonld_type(US("application/ld+json")), 1);
    ck_assert_int_eq(art_meta_is_jsonld_type(
        US(" Application/LD+JSON ; charset=utf-8")), 1);
    ck_assert_int_eq(art_meta_is_jsonld_type(US("application/json")), 0);
    ck_assert_int_eq(art_meta_is_jsonld_type(US("text/javascript")), 0);
    ck_assert_int_eq(art_meta_is_jsonld_type(US("")), 0);
}
END_TEST


/* head */

START_TEST(t_head_complete_page)
{
    art_meta_conf_t   c;
    art_meta_facts_t  f;
    art_buf_t         out;

    conf_default(&c);
    c.site_name = "Example";
    c.twitter_site = "@example";

    art_meta_facts_init(&f, &art_malloc_allocator);
    art_buf_init(&out, &art_malloc_allocator);

    art_meta_facts_link(&f, US("canonical"));
    meta(&f, "og:title", "T");
    meta(&f, "og:url", "https://example.com/a");
    meta(&f, "og:type", "article");
    meta(&f, "og:site_name", "Example");
    meta(&f, "og:image", "https://example.com/i.jpg");
    meta(&f, "twitter:card", "summary_large_image");
    meta(&f, "twitter:site", "@example");
    art_meta_facts_title(&f, US("Title"));
    art_meta_facts_title_end(&f);

    ck_assert_int_eq(art_meta_render_head(&out, &c, &f, CANON,
                                          f.has_canonical_link == 0), 0);
    ck_assert_uint_eq(out.len, 0);

    art_buf_free(&out);
    art_meta_facts_free(&f);
}
END_TEST


START_TEST(t_head_empty_page)
{
    art_meta_conf_t   c;
    art_meta_facts_t  f;
    art_buf_t         out;

    conf_default(&c);
    c.site_name = "Example \"News\"";
    c.twitter_site = "@example_news";

    art_meta_facts_init(&f, &art_malloc_allocator);
    art_buf_init(&out, &art_malloc_allocator);

    art_meta_facts_title(&f, US("A & B"));
    art_meta_facts_title_end(&f);
    art_meta_facts_image(&f, US("../img/a b.jpg"));

    ck_assert_int_eq(art_meta_render_head(&out, &c, &f, CANON, 1), 8);
    ck_assert_str_eq(str(&out),
        "<link rel=\"canonical\" "
        "href=\"https://example.com/news/2024/story?id=7\">\n"
        "<meta property=\"og:url\" "
        "content=\"https://example.com/news/2024/story?id=7\">\n"
        "<meta property=\"og:title\" content=\"A &amp; B\">\n"
        "<meta property=\"og:type\" content=\"article\">\n"
        "<meta property=\"og:site_name\" "
        "content=\"Example &quot;News&quot;\">\n"
        "<meta property=\"og:image\" "
        "content=\"https://example.com/news/img/a%20b.jpg\">\n"
        "<meta name=\"twitter:card\" content=\"summary_large_image\">\n"
        "<meta name=\"twitter:site\" content=\"@example_news\">\n");

    art_buf_free(&out);
    art_meta_facts_free(&f);
}
END_TEST


START_TEST(t_head_partial)
{
    art_meta_conf_t   c;
    art_meta_facts_t  f;
    art_buf_t         out;

    /* no site name, no handle configured */
    conf_default(&c);

    art_meta_facts_init(&f, &art_malloc_allocator);
    art_buf_init(&out, &art_malloc_allocator);

    art_meta_facts_link(&f, US("canonical"));
    meta(&f, "og:title", "Own");
    meta(&f, "og:type", "website");
    art_meta_facts_h1(&f, US("Heading"));
    art_meta_facts_h1_end(&f);

    ck_assert_int_eq(art_meta_render_head(&out, &c, &f, CANON, 0), 2);
    ck_assert_str_eq(str(&out),
        "<meta property=\"og:url\" "
        "content=\"https://example.com/news/2024/story?id=7\">\n"
        "<meta name=\"twitter:card\" content=\"summary\">\n");

    /* without og:title and <title>, the <h1> is the title */
    art_meta_facts_free(&f);
    art_meta_facts_init(&f, &art_malloc_allocator);
    out.len = 0;
    art_meta_facts_h1(&f, US("Heading"));
    art_meta_facts_h1_end(&f);
    meta(&f, "og:url", "x");
    meta(&f, "og:type", "article");
    meta(&f, "twitter:card", "summary");
    ck_assert_int_eq(art_meta_render_head(&out, &c, &f, NULL, 0), 1);
    ck_assert_str_eq(str(&out),
                     "<meta property=\"og:title\" content=\"Heading\">\n");

    /* a twitter:image only: og:image from it, and a large card */
    art_meta_facts_free(&f);
    art_meta_facts_init(&f, &art_malloc_allocator);
    out.len = 0;
    meta(&f, "og:url", "x");
    meta(&f, "og:type", "article");
    meta(&f, "twitter:image", "//cdn.example/t.jpg");
    ck_assert_int_eq(art_meta_render_head(&out, &c, &f, CANON, 0), 2);
    ck_assert_str_eq(str(&out),
        "<meta property=\"og:image\" content=\"https://cdn.example/t.jpg\">\n"
        "<meta name=\"twitter:card\" content=\"summary_large_image\">\n");

    /* the page's own og:image makes the card large, even one unusable */
    art_meta_facts_free(&f);
    art_meta_facts_init(&f, &art_malloc_allocator);
    out.len = 0;
    meta(&f, "og:url", "x");
    meta(&f, "og:type", "article");
    meta(&f, "og:image", "/rel.jpg");
    ck_assert_int_eq(art_meta_render_head(&out, &c, &f, NULL, 0), 1);
    ck_assert_str_eq(str(&out),
        "<meta name=\"twitter:card\" content=\"summary_large_image\">\n");

    art_buf_free(&out);
    art_meta_facts_free(&f);
}
END_TEST


START_TEST(t_head_escaping)
{
    art_meta_conf_t   c;
    art_meta_facts_t  f;
    art_buf_t         out;
    const char       *s;

    conf_default(&c);

    art_meta_facts_init(&f, &art_malloc_allocator);
    art_buf_init(&out, &art_malloc_allocator);

    art_meta_facts_title(&f, US("\"<b>\" & 'x' " FA));
    art_meta_facts_title_end(&f);
    meta(&f, "og:type", "article");
    meta(&f, "twitter:card", "summary");

    ck_assert_int_eq(art_meta_render_head(&out, &c, &f,
                     "https://example.com/a b/\"x\"<y>?q=1&r='2'", 1), 3);
    s = str(&out);
    ck_assert_str_eq(s,
        "<link rel=\"canonical\" "
        "href=\"https://example.com/a%20b/%22x%22%3Cy%3E?q=1&amp;r=&#39;2&#39;"
        "\">\n"
        "<meta property=\"og:url\" "
        "content=\"https://example.com/a%20b/%22x%22%3Cy%3E?q=1&amp;r=&#39;2"
        "&#39;\">\n"
        "<meta property=\"og:title\" "
        "content=\"&quot;&lt;b&gt;&quot; &amp; &#39;x&#39; " FA "\">\n");

    /* invalid UTF-8 in the page's text does not reach the output */
    art_meta_facts_free(&f);
    art_meta_facts_init(&f, &art_malloc_allocator);
    out.len = 0;
    art_meta_facts_title(&f, US("a\xff" "b\xd8"));
    art_meta_facts_title_end(&f);
    meta(&f, "og:type", "article");
    meta(&f, "twitter:card", "summary");
    meta(&f, "og:url", "x");
    ck_assert_int_eq(art_meta_render_head(&out, &c, &f, CANON, 0), 1);
    ck_assert_str_eq(str(&out), "<meta property=\"og:title\" "
                     "content=\"a\xef\xbf\xbd" "b\xef\xbf\xbd\">\n");

    art_buf_free(&out);
    art_meta_facts_free(&f);
}
END_TEST


/* canonical links */

static int
mirror_host(void *ud, const unsigned char *host, size_t len)
{
    int  *calls = ud;

    (*calls)++;

    return (len == 14 && memcmp(host, "mirror.example", 14) == 0)
           || (len == 15 && memcmp(host, "mirror2.example", 15) == 0);
}


/* fix an href; returns the new one, or NULL when it stays */
static const char *
fix(int mode, const char *href, const char *canonical, const char *origin,
    art_buf_t *out)
{
    art_meta_conf_t  c;
    int              rc, calls;

    conf_default(&c);
    c.canonical_existing = mode;
    calls = 0;
    out->len = 0;

    rc = art_meta_fix_canonical(out, &c, US(href), canonical, origin,
                                mirror_host, &calls);
    ck_assert_int_ge(rc, 0);
    ck_assert_int_eq(rc, out->len > 0);

    return rc ? str(out) : NULL;
}


#define FIX(href)  fix(ART_META_CANONICAL_FIX, href, CANON, ORIGIN, &out)


START_TEST(t_fix_mirror)
{
    art_buf_t  out;

    art_buf_init(&out, &art_malloc_allocator);

    ck_assert_str_eq(FIX("https://mirror.example/news/1?x=2#top"),
                     "https://example.com/news/1?x=2#top");
    ck_assert_str_eq(FIX("HTTP://user@Mirror2.Example.:8443/a/./b/../c"),
                     "https://example.com/a/c");
    ck_assert_str_eq(FIX("https://mirror.example"), "https://example.com/");
    ck_assert_str_eq(FIX("https://mirror.example?p=1"),
                     "https://example.com/?p=1");
    ck_assert_str_eq(FIX("//mirror.example/x"), "https://example.com/x");

    /* the canonical host under another scheme or port */
    ck_assert_str_eq(FIX("http://example.com/a"), "https://example.com/a");
    ck_assert_str_eq(FIX("https://EXAMPLE.com:443/a"),
                     "https://example.com/a");

    /* already right */
    ck_assert_ptr_null(FIX("https://example.com/a?b=1"));

    /* the origin taken from the canonical URL; a trailing slash ignored */
    ck_assert_str_eq(fix(ART_META_CANONICAL_FIX, "https://mirror.example/m",
                         "http://example.org:8080/x", NULL, &out),
                     "http://example.org:8080/m");
    ck_assert_str_eq(fix(ART_META_CANONICAL_FIX, "https://mirror.example/m",
                         CANON, "https://example.com/", &out),
                     "https://example.com/m");

    art_buf_free(&out);
}
END_TEST


START_TEST(t_fix_relative)
{
    art_buf_t  out;

    art_buf_init(&out, &art_malloc_allocator);

    ck_assert_str_eq(FIX("/a/b"), "https://example.com/a/b");
    ck_assert_str_eq(FIX("b"), "https://example.com/news/2024/b");
    ck_assert_str_eq(FIX("../x"), "https://example.com/news/x");
    ck_assert_str_eq(FIX("?q=1"), "https://example.com/news/2024/story?q=1");
    ck_assert_str_eq(FIX(""), CANON);
    /* nothing left once cleaned: an empty buffer, no pointer into it */
    ck_assert_str_eq(FIX(" \t\r\n "), CANON);
    ck_assert_str_eq(FIX("#c"), CANON "#c");
    ck_assert_str_eq(FIX("../../../../up"), "https://example.com/up");
    ck_assert_str_eq(FIX("  /a\n/b\t "), "https://example.com/a/b");

    art_buf_free(&out);
}
END_TEST


/* RFC 3986 5.4.1 and 5.4.2, for the references without a scheme */
START_TEST(t_fix_rfc3986)
{
    static const char  *cases[][2] = {
        { "g", "http://a/b/c/g" },
        { "./g", "http://a/b/c/g" },
        { "g/", "http://a/b/c/g/" },
        { "/g", "http://a/g" },
        { "?y", "http://a/b/c/d;p?y" },
        { "g?y", "http://a/b/c/g?y" },
        { "#s", "http://a/b/c/d;p?q#s" },
        { "g#s", "http://a/b/c/g#s" },
        { "g?y#s", "http://a/b/c/g?y#s" },
        { ";x", "http://a/b/c/;x" },
        { "g;x", "http://a/b/c/g;x" },
        { "g;x?y#s", "http://a/b/c/g;x?y#s" },
        { "", "http://a/b/c/d;p?q" },
        { ".", "http://a/b/c/" },
        { "./", "http://a/b/c/" },
        { "..", "http://a/b/" },
        { "../", "http://a/b/" },
        { "../g", "http://a/b/g" },
        { "../..", "http://a/" },
        { "../../", "http://a/" },
        { "../../g", "http://a/g" },
        { "../../../g", "http://a/g" },
        { "../../../../g", "http://a/g" },
        { "/./g", "http://a/g" },
        { "/../g", "http://a/g" },
        { "g.", "http://a/b/c/g." },
        { ".g", "http://a/b/c/.g" },
        { "g..", "http://a/b/c/g.." },
        { "..g", "http://a/b/c/..g" },
        { "./../g", "http://a/b/g" },
        { "./g/.", "http://a/b/c/g/" },
        { "g/./h", "http://a/b/c/g/h" },
        { "g/../h", "http://a/b/c/h" },
        { "g;x=1/./y", "http://a/b/c/g;x=1/y" },
        { "g;x=1/../y", "http://a/b/c/y" },
        { "g?y/./x", "http://a/b/c/g?y/./x" },
        { "g?y/../x", "http://a/b/c/g?y/../x" },
        { "g#s/./x", "http://a/b/c/g#s/./x" },
        { "g#s/../x", "http://a/b/c/g#s/../x" },
        /* a "?" after the "#" is the fragment's, a "#" ends the query */
        { "g#s?y", "http://a/b/c/g#s?y" },
        { "../g?y#s?z#t", "http://a/b/g?y#s?z#t" },
        { "#?y", "http://a/b/c/d;p?q#?y" },
        { NULL, NULL }
    };
    art_buf_t            out;
    size_t               i;
    const char          *r;

    art_buf_init(&out, &art_malloc_allocator);

    for (i = 0; cases[i][0] != NULL; i++) {
        r = fix(ART_META_CANONICAL_FIX, cases[i][0], "http://a/b/c/d;p?q",
                "http://a", &out);

        ck_assert_msg(r != NULL && strcmp(r, cases[i][1]) == 0,
                      "\"%s\" gave \"%s\", not \"%s\"", cases[i][0],
                      r ? r : "(kept)", cases[i][1]);
    }

    art_buf_free(&out);
}
END_TEST


START_TEST(t_fix_kept)
{
    art_buf_t  out;

    art_buf_init(&out, &art_malloc_allocator);

    /* some other site's page */
    ck_assert_ptr_null(FIX("https://other.example/a"));
    ck_assert_ptr_null(FIX("//other.example/a"));
    ck_assert_ptr_null(FIX("https://mirror.example.evil/a"));
    ck_assert_ptr_null(FIX("https://evilmirror.example/a"));
    /* not a web URL */
    ck_assert_ptr_null(FIX("javascript:alert(1)"));
    ck_assert_ptr_null(FIX("mailto:a@mirror.example"));
    ck_assert_ptr_null(FIX("https:///nohost"));
    /* no canonical URL to resolve against */
    ck_assert_ptr_null(fix(ART_META_CANONICAL_FIX, "/a", NULL, NULL, &out));
    ck_assert_ptr_null(fix(ART_META_CANONICAL_FIX, "/a", "/rel", NULL,
                           &out));

    art_buf_free(&out);
}
END_TEST


START_TEST(t_fix_keep_replace)
{
    art_buf_t  out;

    art_buf_init(&out, &art_malloc_allocator);

    ck_assert_ptr_null(fix(ART_META_CANONICAL_KEEP,
                           "https://mirror.example/a", CANON, ORIGIN, &out));
    ck_assert_ptr_null(fix(ART_META_CANONICAL_KEEP, "../x", CANON, ORIGIN,
                           &out));

    ck_assert_str_eq(fix(ART_META_CANONICAL_REPLACE,
                         "https://mirror.example/a", CANON, ORIGIN, &out),
                     CANON);
    ck_assert_str_eq(fix(ART_META_CANONICAL_REPLACE,
                         "https://other.example/a", CANON, ORIGIN, &out),
                     CANON);
    ck_assert_str_eq(fix(ART_META_CANONICAL_REPLACE, "/x", CANON, ORIGIN,
                         &out), CANON);
    ck_assert_ptr_null(fix(ART_META_CANONICAL_REPLACE, CANON, CANON, ORIGIN,
                           &out));

    art_buf_free(&out);
}
END_TEST


/* JSON-LD */

START_TEST(t_jsonld_full)
{
    art_meta_conf_t   c;
    art_meta_facts_t  f;
    art_buf_t         out, body, tmp;
    const char       *j;

    conf_default(&c);
    c.site_name = "Example News";
    c.publisher_logo = "https://example.com/logo.png";

    art_meta_facts_init(&f, &art_malloc_allocator);
    art_buf_init(&out, &art_malloc_allocator);
    art_buf_init(&body, &art_malloc_allocator);
    art_buf_init(&tmp, &art_malloc_allocator);

    meta(&f, "og:title", "OG headline");
    meta(&f, "description", "What happened");
    meta(&f, "article:published_time", "2024-05-01T10:00:00Z");
    meta(&f, "article:modified_time", "2024-05-02T10:00:00Z");
    art_meta_facts_title(&f, US("Title | Example"));
    art_meta_facts_title_end(&f);
    art_meta_facts_image(&f, US("/i.jpg"));

    ck_assert_int_eq(art_meta_render_jsonld(&out, &c, &f, CANON), 1);
    j = jsonld_body(&out, &body);

    ck_assert_str_eq(j,
        "{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\","
        "\"headline\":\"OG headline\",\"description\":\"What happened\","
        "\"url\":\"" CANON "\","
        "\"mainEntityOfPage\":{\"@type\":\"WebPage\",\"@id\":\"" CANON "\"},"
        "\"image\":\"https://example.com/i.jpg\","
        "\"datePublished\":\"2024-05-01T10:00:00Z\","
        "\"dateModified\":\"2024-05-02T10:00:00Z\","
        "\"publisher\":{\"@type\":\"Organization\",\"name\":\"Example News\","
        "\"logo\":{\"@type\":\"ImageObject\","
        "\"url\":\"https://example.com/logo.png\"}}}");
    ck_assert_str_eq(json_member(j, "headline", &tmp), "OG headline");

    art_buf_free(&tmp);
    art_buf_free(&body);
    art_buf_free(&out);
    art_meta_facts_free(&f);
}
END_TEST


START_TEST(t_jsonld_minimal)
{
    art_meta_conf_t   c;
    art_meta_facts_t  f;
    art_buf_t         out, body, tmp;
    const char       *j;

    conf_default(&c);

    art_meta_facts_init(&f, &art_malloc_allocator);
    art_buf_init(&out, &art_malloc_allocator);
    art_buf_init(&body, &art_malloc_allocator);
    art_buf_init(&tmp, &art_malloc_allocator);

    /* only what is known: no dates, no image; og:site_name names it */
    art_meta_facts_h1(&f, US("H"));
    art_meta_facts_h1_end(&f);
    meta(&f, "og:site_name", "Site");

    ck_assert_int_eq(art_meta_render_jsonld(&out, &c, &f, NULL), 1);
    j = jsonld_body(&out, &body);
    ck_assert_str_eq(j,
        "{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\","
        "\"headline\":\"H\","
        "\"publisher\":{\"@type\":\"Organization\",\"name\":\"Site\"}}");

    /* no name: no publisher; the <title> before the <h1> */
    art_meta_facts_free(&f);
    art_meta_facts_init(&f, &art_malloc_allocator);
    art_meta_facts_h1(&f, US("H"));
    art_meta_facts_h1_end(&f);
    art_meta_facts_title(&f, US("T"));
    art_meta_facts_title_end(&f);
    art_meta_facts_time(&f, US("2024-01-01"));
    out.len = 0;
    ck_assert_int_eq(art_meta_render_jsonld(&out, &c, &f, CANON), 1);
    j = jsonld_body(&out, &body);
    ck_assert_ptr_null(strstr(j, "publisher"));
    ck_assert_ptr_null(strstr(j, "dateModified"));
    ck_assert_str_eq(json_member(j, "headline", &tmp), "T");
    ck_assert_str_eq(json_member(j, "datePublished", &tmp), "2024-01-01");

    /* the page has its own: nothing */
    art_meta_facts_jsonld(&f, US("{\"@type\":\"NewsArticle\"}"));
    art_meta_facts_jsonld_end(&f);
    out.len = 0;
    ck_assert_int_eq(art_meta_render_jsonld(&out, &c, &f, CANON), 0);
    ck_assert_uint_eq(out.len, 0);

    art_buf_free(&tmp);
    art_buf_free(&body);
    art_buf_free(&out);
    art_meta_facts_free(&f);
}
END_TEST


START_TEST(t_jsonld_escaping)
{
    static const char  title[] = "</script><!-- \"q\" \\back\\ " LS "x" PS
                                 " & </SCRIPT >";
    art_meta_conf_t    c;
    art_meta_facts_t   f;
    art_buf_t          out, body, tmp;
    const char        *j;

    conf_default(&c);
    c.site_name = "A</script>B";

    art_meta_facts_init(&f, &art_malloc_allocator);
    art_buf_init(&out, &art_malloc_allocator);
    art_buf_init(&body, &art_malloc_allocator);
    art_buf_init(&tmp, &art_malloc_allocator);

    art_meta_facts_title(&f, US(title));
    art_meta_facts_title_end(&f);
    meta(&f, "description", "line\x01" "break");
    meta(&f, "og:image", "https://example.com/</script>.jpg");

    ck_assert_int_eq(art_meta_render_jsonld(&out, &c, &f,
                     "https://example.com/a\"b</script>"), 1);
    j = jsonld_body(&out, &body);

    ck_assert_str_eq(json_member(j, "headline", &tmp), title);
    ck_assert_str_eq(json_member(j, "name", &tmp), "A</script>B");
    ck_assert_str_eq(json_member(j, "description", &tmp), "line break");
    ck_assert_str_eq(json_member(j, "url", &tmp),
                     "https://example.com/a%22b%3C/script%3E");
    ck_assert_str_eq(json_member(j, "image", &tmp),
                     "https://example.com/%3C/script%3E.jpg");

    /* and the whole output holds just the one closing tag */
    ck_assert_ptr_eq(strstr(str(&out), "</"),
                     strstr(str(&out), "</script>\n"));

    art_buf_free(&tmp);
    art_buf_free(&body);
    art_buf_free(&out);
    art_meta_facts_free(&f);
}
END_TEST


START_TEST(t_jsonld_headline_cut)
{
    art_meta_conf_t   c;
    art_meta_facts_t  f;
    art_buf_t         out, body, tmp;
    char              title[1000];
    const char       *j, *h;
    size_t            i;

    conf_default(&c);

    art_meta_facts_init(&f, &art_malloc_allocator);
    art_buf_init(&out, &art_malloc_allocator);
    art_buf_init(&body, &art_malloc_allocator);
    art_buf_init(&tmp, &art_malloc_allocator);

    /* "\"<>&' ", two Persian words and a space: 16 characters a round */
    title[0] = '\0';
    for (i = 0; i < 20; i++) {
        strcat(title, "\"<>&' " FA " ");
    }

    art_meta_facts_title(&f, US(title));
    art_meta_facts_title_end(&f);

    ck_assert_int_eq(art_meta_render_jsonld(&out, &c, &f, CANON), 1);
    j = jsonld_body(&out, &body);
    h = json_member(j, "headline", &tmp);
    ck_assert_ptr_nonnull(h);

    /* 110 characters: 6 rounds, then 14 that end in a whole letter */
    ck_assert_uint_eq(utf8_chars(h), 110);
    ck_assert(strncmp(h, title, strlen(h)) == 0);
    ck_assert_str_eq(h + strlen(h) - 17,
                     "' \xd8\xae\xd8\xa8\xd8\xb1 \xd9\x81\xd8\xa7\xd8\xb1"
                     "\xd8\xb3");

    /* a cut that ends on a space loses it */
    art_meta_facts_free(&f);
    art_meta_facts_init(&f, &art_malloc_allocator);
    memset(title, 'a', 109);
    strcpy(title + 109, " bcd");
    art_meta_facts_title(&f, US(title));
    art_meta_facts_title_end(&f);
    out.len = 0;
    ck_assert_int_eq(art_meta_render_jsonld(&out, &c, &f, CANON), 1);
    j = jsonld_body(&out, &body);
    h = json_member(j, "headline", &tmp);
    ck_assert_uint_eq(strlen(h), 109);

    art_buf_free(&tmp);
    art_buf_free(&body);
    art_buf_free(&out);
    art_meta_facts_free(&f);
}
END_TEST


START_TEST(t_jsonld_invalid_utf8)
{
    art_meta_conf_t   c;
    art_meta_facts_t  f;
    art_buf_t         out, body, tmp;
    const char       *j;

    conf_default(&c);

    art_meta_facts_init(&f, &art_malloc_allocator);
    art_buf_init(&out, &art_malloc_allocator);
    art_buf_init(&body, &art_malloc_allocator);
    art_buf_init(&tmp, &art_malloc_allocator);

    /* windows-1256 bytes, an overlong "/", a lone surrogate */
    art_meta_facts_title(&f, US("\xc8\xd1 \xc0\xaf \xed\xa0\x80"));
    art_meta_facts_title_end(&f);

    ck_assert_int_eq(art_meta_render_jsonld(&out, &c, &f, CANON), 1);
    j = jsonld_body(&out, &body);
    ck_assert_str_eq(json_member(j, "headline", &tmp),
                     "\xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd "
                     "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");

    art_buf_free(&tmp);
    art_buf_free(&body);
    art_buf_free(&out);
    art_meta_facts_free(&f);
}
END_TEST


/* the Link header */

START_TEST(t_link_header)
{
    static const char  url[] = "https://example.com/\xd8\xae b/<x>"
                               "?a=1&b=2,3;4";
    art_meta_conf_t    c;
    art_meta_facts_t   f;
    art_buf_t          out, head;

    conf_default(&c);
    art_buf_init(&out, &art_malloc_allocator);

    ck_assert_int_eq(art_meta_link_header(&out, CANON), 1);
    ck_assert_str_eq(str(&out), "<" CANON ">; rel=\"canonical\"");

    out.len = 0;
    ck_assert_int_eq(art_meta_link_header(&out, url), 1);
    ck_assert_str_eq(str(&out), "<https://example.com/%D8%AE%20b/%3Cx%3E"
                     "?a=1&b=2,3;4>; rel=\"canonical\"");

    /* the same URL as the element's, once its & is decoded */
    art_meta_facts_init(&f, &art_malloc_allocator);
    art_buf_init(&head, &art_malloc_allocator);
    meta(&f, "og:url", "x");
    meta(&f, "og:type", "article");
    meta(&f, "twitter:card", "summary");
    ck_assert_int_eq(art_meta_render_head(&head, &c, &f, url, 1), 1);
    ck_assert_str_eq(str(&head), "<link rel=\"canonical\" "
                     "href=\"https://example.com/%D8%AE%20b/%3Cx%3E"
                     "?a=1&amp;b=2,3;4\">\n");

    out.len = 0;
    ck_assert_int_eq(art_meta_link_header(&out, NULL), 0);
    ck_assert_int_eq(art_meta_link_header(&out, ""), 0);
    ck_assert_uint_eq(out.len, 0);

    /* no control byte, space or non-ASCII byte can reach the header */
    out.len = 0;
    art_meta_link_header(&out, "https://e.com/\r\nSet-Cookie: a=b\x7f\x80");
    ck_assert_str_eq(str(&out), "<https://e.com/%0D%0ASet-Cookie:%20a=b"
                     "%7F%80>; rel=\"canonical\"");

    art_buf_free(&head);
    art_meta_facts_free(&f);
    art_buf_free(&out);
}
END_TEST


/* directives */

static int
set(art_meta_conf_t *c, char *err, const char *name, const char *arg)
{
    art_conf_ctx_t  ctx;
    art_str_t       a[2];

    ctx.alloc = &art_malloc_allocator;
    ctx.base_dir = NULL;
    ctx.err = err;
    ctx.errlen = 256;
    err[0] = '\0';

    a[0].data = (const unsigned char *) arg;
    a[0].len = strlen(arg);
    a[1] = a[0];

    return art_meta_conf_set(c, &ctx, name, a, 1);
}


static void
conf_free(art_meta_conf_t *c)
{
    free(c->site_name);
    free(c->twitter_site);
    free(c->publisher_logo);
}


START_TEST(t_conf)
{
    art_meta_conf_t  c, p;
    art_conf_ctx_t   ctx;
    art_str_t        a[2];
    char             err[256];

    art_meta_conf_init(&c);
    art_meta_conf_merge(&c, NULL);
    ck_assert_int_eq(c.enable, 0);
    ck_assert_int_eq(c.canonical_existing, ART_META_CANONICAL_FIX);
    ck_assert_ptr_null(c.site_name);
    ck_assert_ptr_null(c.twitter_site);
    ck_assert_ptr_null(c.publisher_logo);

    art_meta_conf_init(&p);
    ck_assert_int_eq(set(&p, err, "article_metadata", "on"), ART_CONF_OK);
    ck_assert_int_eq(set(&p, err, "article_canonical_existing", "replace"),
                     ART_CONF_OK);
    ck_assert_int_eq(set(&p, err, "article_site_name", "Example " FA),
                     ART_CONF_OK);
    ck_assert_int_eq(set(&p, err, "article_twitter_site", "@Example_1"),
                     ART_CONF_OK);
    ck_assert_int_eq(set(&p, err, "article_publisher_logo",
                         "https://example.com/logo.png"), ART_CONF_OK);
    ck_assert_int_eq(set(&p, err, "article_share", "on"), ART_CONF_DECLINED);

    /* an inner level inherits what it does not set */
    art_meta_conf_init(&c);
    ck_assert_int_eq(set(&c, err, "article_canonical_existing", "keep"),
                     ART_CONF_OK);
    art_meta_conf_merge(&p, NULL);
    art_meta_conf_merge(&c, &p);
    ck_assert_int_eq(c.enable, 1);
    ck_assert_int_eq(c.canonical_existing, ART_META_CANONICAL_KEEP);
    ck_assert_str_eq(c.site_name, "Example " FA);
    ck_assert_str_eq(c.twitter_site, "@Example_1");
    ck_assert_str_eq(c.publisher_logo, "https://example.com/logo.png");

    /* duplicates and argument counts */
    ck_assert_int_eq(set(&c, err, "article_canonical_existing", "fix"),
                     ART_CONF_ERROR);
    ck_assert_ptr_nonnull(strstr(err, "duplicate"));

    ctx.alloc = &art_malloc_allocator;
    ctx.base_dir = NULL;
    ctx.err = err;
    ctx.errlen = sizeof(err);
    a[0].data = (const unsigned char *) "on";
    a[0].len = 2;
    a[1] = a[0];
    art_meta_conf_init(&c);
    ck_assert_int_eq(art_meta_conf_set(&c, &ctx, "article_metadata", a, 2),
                     ART_CONF_ERROR);
    ck_assert_int_eq(art_meta_conf_set(&c, &ctx, "article_metadata", a, 0),
                     ART_CONF_ERROR);
    ck_assert_ptr_nonnull(strstr(err, "number of arguments"));

    conf_free(&p);
}
END_TEST


START_TEST(t_conf_invalid)
{
    static const char  *bad[][2] = {
        { "article_metadata", "yes" },
        { "article_canonical_existing", "drop" },
        { "article_canonical_existing", "FIX" },
        { "article_site_name", "" },
        { "article_site_name", "a\tb" },
        { "article_site_name", "bad \xff utf-8" },
        { "article_twitter_site", "example" },
        { "article_twitter_site", "@" },
        { "article_twitter_site", "@bad-handle" },
        { "article_twitter_site", "@sixteen_chars_xx" },
        { "article_twitter_site", "@a b" },
        { "article_publisher_logo", "/logo.png" },
        { "article_publisher_logo", "//example.com/logo.png" },
        { "article_publisher_logo", "ftp://example.com/logo.png" },
        { "article_publisher_logo", "https://" },
        { "article_publisher_logo", "https:///logo.png" },
        { "article_publisher_logo", "https://example.com/a b.png" },
        { "article_publisher_logo", "https://example.com/\"x.png" },
        { "article_publisher_logo", "javascript:alert(1)" },
        { NULL, NULL }
    };
    art_meta_conf_t     c;
    char                err[256];
    size_t              i;

    for (i = 0; bad[i][0] != NULL; i++) {
        art_meta_conf_init(&c);
        ck_assert_msg(set(&c, err, bad[i][0], bad[i][1]) == ART_CONF_ERROR,
                      "%s \"%s\" accepted", bad[i][0], bad[i][1]);
        ck_assert_msg(strstr(err, bad[i][0]) != NULL, "message: %s", err);
        ck_assert_ptr_null(c.site_name);
        ck_assert_ptr_null(c.twitter_site);
        ck_assert_ptr_null(c.publisher_logo);
    }

    art_meta_conf_init(&c);
    ck_assert_int_eq(set(&c, err, "article_twitter_site", "@fifteen_chars_x"),
                     ART_CONF_OK);
    ck_assert_int_eq(set(&c, err, "article_publisher_logo",
                         "HTTP://cdn.example:8080/l.png?v=2"), ART_CONF_OK);
    conf_free(&c);
}
END_TEST


static Suite *
meta_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("meta");

    tc = tcase_create("facts");
    tcase_add_test(tc, t_json_checker);
    tcase_add_test(tc, t_meta_tags);
    tcase_add_test(tc, t_meta_keys);
    tcase_add_test(tc, t_meta_fallbacks);
    tcase_add_test(tc, t_image_sources);
    tcase_add_test(tc, t_title_pieces);
    tcase_add_test(tc, t_value_cap);
    tcase_add_test(tc, t_value_runs);
    tcase_add_test(tc, t_rel_canonical);
    suite_add_tcase(s, tc);

    tc = tcase_create("jsonld_detect");
    tcase_add_test(tc, t_jsonld_types);
    tcase_add_test(tc, t_jsonld_graph);
    tcase_add_test(tc, t_jsonld_not_types);
    tcase_add_test(tc, t_jsonld_malformed);
    tcase_add_test(tc, t_jsonld_split);
    tcase_add_test(tc, t_jsonld_script_type);
    suite_add_tcase(s, tc);

    tc = tcase_create("head");
    tcase_add_test(tc, t_head_complete_page);
    tcase_add_test(tc, t_head_empty_page);
    tcase_add_test(tc, t_head_partial);
    tcase_add_test(tc, t_head_escaping);
    suite_add_tcase(s, tc);

    tc = tcase_create("canonical");
    tcase_add_test(tc, t_fix_mirror);
    tcase_add_test(tc, t_fix_relative);
    tcase_add_test(tc, t_fix_rfc3986);
    tcase_add_test(tc, t_fix_kept);
    tcase_add_test(tc, t_fix_keep_replace);
    tcase_add_test(tc, t_link_header);
    suite_add_tcase(s, tc);

    tc = tcase_create("jsonld_render");
    tcase_add_test(tc, t_jsonld_full);
    tcase_add_test(tc, t_jsonld_minimal);
    tcase_add_test(tc, t_jsonld_escaping);
    tcase_add_test(tc, t_jsonld_headline_cut);
    tcase_add_test(tc, t_jsonld_invalid_utf8);
    suite_add_tcase(s, tc);

    tc = tcase_create("conf");
    tcase_add_test(tc, t_conf);
    tcase_add_test(tc, t_conf_invalid);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    return art_test_run(meta_suite());
}
