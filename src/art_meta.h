/*
 * Canonical metadata: what a news article page says about itself (the
 * canonical link, Open Graph and X card tags, JSON-LD) and what to add
 * where it says nothing.
 *
 * The rewriter collects facts about the page into an art_meta_facts_t
 * while the page passes through, one token at a time, and asks the
 * functions below what to insert before </head> and before </body>, and
 * how to fix a <link rel=canonical> the page has.  Everything here is
 * pure: no I/O, allocation only through the allocator given.
 *
 * All values in the facts are plain decoded text (character references
 * already resolved), each capped at ART_META_MAX_VALUE bytes.
 */

#ifndef ART_META_H
#define ART_META_H

#include <stddef.h>

#include "art_alloc.h"
#include "art_buf.h"
#include "art_conf.h"


/* the cap of every value collected from the page, in bytes */
#define ART_META_MAX_VALUE      2048

/* the JSON-LD nesting tracked; deeper levels are skipped over */
#define ART_META_JSON_DEPTH     32

/* article_canonical_existing */
#define ART_META_CANONICAL_FIX      0
#define ART_META_CANONICAL_KEEP     1
#define ART_META_CANONICAL_REPLACE  2


typedef struct {
    int    enable;              /* article_metadata: default off */
    int    canonical_existing;  /* article_canonical_existing: default fix */
    char  *site_name;           /* article_site_name, or NULL */
    char  *twitter_site;        /* article_twitter_site ("@handle"), or NULL */
    char  *publisher_logo;      /* article_publisher_logo, or NULL */
} art_meta_conf_t;


/* one value collected from the page */
typedef struct {
    art_buf_t      buf;         /* the text; no NUL terminator */
    int            rank;        /* the rank of its source: a better one
                                   replaces it, an equal one does not */
    int            done;        /* element text: complete, later elements
                                   are ignored */
    int            space;       /* element text: white space pending */
    int            full;        /* cut at the cap: nothing more is added */
} art_meta_value_t;


/* the state of the tolerant JSON-LD scanner between pieces of a script */
typedef struct {
    unsigned char  level[ART_META_JSON_DEPTH];
    size_t         depth;
    int            in_string;
    int            esc;         /* 1 after "\", 2-5 inside "\uXXXX" */
    unsigned long  u;
    unsigned char  s[48];       /* the string being read, if short */
    size_t         slen;        /* > sizeof(s): too long to be a type */
} art_meta_json_t;


typedef struct {
    const art_allocator_t  *alloc;

    /* <link rel=canonical> elements seen */
    int                     has_canonical_link;

    /* tags present in the page (with any content, even empty) */
    int                     has_og_title;
    int                     has_og_url;
    int                     has_og_type;
    int                     has_og_site_name;
    int                     has_og_image;
    int                     has_og_description;
    int                     has_twitter_card;
    int                     has_twitter_site;
    int                     has_twitter_image;

    /* a JSON-LD script whose @type is Article or one of its subtypes */
    int                     has_jsonld_article;

    /* og:title content */
    art_meta_value_t        og_title;
    /* the first <title>, white space collapsed */
    art_meta_value_t        title;
    /* the first non-empty <h1>, white space collapsed */
    art_meta_value_t        h1;
    /* og:site_name content */
    art_meta_value_t        site_name;
    /* og:image, else twitter:image, else the first usable <img src> of the
       article; as written (relative ones are resolved when rendered) */
    art_meta_value_t        image;
    /* meta description, else og:description, else twitter:description */
    art_meta_value_t        description;
    /* article:published_time, else the first <time datetime> */
    art_meta_value_t        published;
    /* article:modified_time, else og:updated_time */
    art_meta_value_t        modified;

    art_meta_json_t         json;

    /* an allocation failed: the renderers return -1 */
    int                     failed;
} art_meta_facts_t;


/* directives */
void art_meta_conf_init(art_meta_conf_t *c);
/*
 * article_metadata on|off; article_canonical_existing fix|keep|replace;
 * article_site_name TEXT; article_twitter_site @handle;
 * article_publisher_logo URL (absolute http or https).
 * ART_CONF_OK, ART_CONF_ERROR (ctx->err says why) or ART_CONF_DECLINED.
 */
int art_meta_conf_set(art_meta_conf_t *c, art_conf_ctx_t *ctx,
    const char *name, const art_str_t *args, size_t nargs);
/* unset fields from parent (may be NULL), then the defaults */
void art_meta_conf_merge(art_meta_conf_t *c, const art_meta_conf_t *parent);


/* collecting facts; none of these fails (see "failed") */
void art_meta_facts_init(art_meta_facts_t *f, const art_allocator_t *a);
void art_meta_facts_free(art_meta_facts_t *f);

/* whether a rel attribute value has the token "canonical" */
int art_meta_rel_is_canonical(const unsigned char *rel, size_t len);
/* a <link rel=...>: counts it if canonical, and returns 1 then */
int art_meta_facts_link(art_meta_facts_t *f, const unsigned char *rel,
    size_t len);

/*
 * A <meta> tag: key is the value of its property, name or itemprop
 * attribute (call once for each present), content its content.  Keys are
 * compared without regard to ASCII case.  Known keys: og:title, og:url,
 * og:type, og:site_name, og:image, og:image:url, og:description,
 * og:updated_time, twitter:card, twitter:site, twitter:image,
 * twitter:image:src, twitter:description, description,
 * article:published_time, article:modified_time, datePublished,
 * dateModified.  Others are ignored.
 */
void art_meta_facts_meta_tag(art_meta_facts_t *f, const unsigned char *key,
    size_t klen, const unsigned char *content, size_t clen);

/*
 * Is key one of the known keys (art_meta_facts_meta_tag() does nothing
 * with others)?  A <meta> with none needs no content fetched.
 */
int art_meta_is_fact_key(const unsigned char *key, size_t klen);

/*
 * Text of the <title> (and of an <h1>), in as many pieces as it comes;
 * _end at its end tag.  Only the first <title>, and the first <h1> with
 * any text, are kept.
 */
void art_meta_facts_title(art_meta_facts_t *f, const unsigned char *text,
    size_t len);
void art_meta_facts_title_end(art_meta_facts_t *f);
void art_meta_facts_h1(art_meta_facts_t *f, const unsigned char *text,
    size_t len);
void art_meta_facts_h1_end(art_meta_facts_t *f);

/* the datetime attribute of a <time> element */
void art_meta_facts_time(art_meta_facts_t *f, const unsigned char *datetime,
    size_t len);

/*
 * The src of an <img> inside <article>.  Returns 1 when it is taken (an
 * http(s) or relative URL, and no image known yet), else 0: unusable ones
 * (data: placeholders of lazy loading, empty values) leave the place to a
 * later <img>.
 */
int art_meta_facts_image(art_meta_facts_t *f, const unsigned char *src,
    size_t len);

/* whether a <script type> value is application/ld+json */
int art_meta_is_jsonld_type(const unsigned char *type, size_t len);
/*
 * The text of a JSON-LD script, in as many pieces as it comes; _end at
 * </script> (it resets the scanner for the next script).  Malformed JSON
 * is scanned as far as it makes sense; only a string that is the value of
 * an "@type" key (alone or in an array) counts as a type.
 */
void art_meta_facts_jsonld(art_meta_facts_t *f, const unsigned char *p,
    size_t len);
void art_meta_facts_jsonld_end(art_meta_facts_t *f);


/*
 * Rendering.  Each appends to out and returns what it wrote (a count of
 * tags, or 1), 0 when it has nothing to write, -1 when out of memory.
 * None looks at c->enable: the caller does.
 *
 * canonical_url is an absolute http(s) URL, plain (not escaped); NULL
 * when unknown.
 */

/*
 * The tags to insert before </head>: the canonical link when
 * add_canonical_link, then og:url, og:title, og:type, og:site_name,
 * og:image, twitter:card, twitter:site, each only when the page lacks it
 * and a value is known.
 */
int art_meta_render_head(art_buf_t *out, const art_meta_conf_t *c,
    const art_meta_facts_t *f, const char *canonical_url,
    int add_canonical_link);

/*
 * The href of an existing <link rel=canonical>, by c->canonical_existing:
 *   keep     unchanged;
 *   replace  canonical_url;
 *   fix      a relative reference is resolved against canonical_url
 *            (RFC 3986 5.2); an absolute or network-path reference to a
 *            mirror host (is_mirror_host, which may be NULL, is given the
 *            host in lower case without port or user info) or to the
 *            canonical host gets canonical_origin with its own path, query
 *            and fragment; any other is kept.
 * canonical_origin is "scheme://host[:port]"; NULL: taken from
 * canonical_url.  Returns 1 and writes the new href (plain, unescaped)
 * when it differs from href, 0 when it is to stay.
 */
int art_meta_fix_canonical(art_buf_t *out, const art_meta_conf_t *c,
    const unsigned char *href, size_t len, const char *canonical_url,
    const char *canonical_origin,
    int (*is_mirror_host)(void *ud, const unsigned char *host, size_t len),
    void *ud);

/*
 * A <script type="application/ld+json"> NewsArticle to insert before
 * </body>; 0 when the page has a JSON-LD article of its own.  Its
 * headline is og:title, else <title>, else the <h1>, cut to 110
 * characters; the publisher's name is article_site_name, else
 * og:site_name (no publisher without a name).
 */
int art_meta_render_jsonld(art_buf_t *out, const art_meta_conf_t *c,
    const art_meta_facts_t *f, const char *canonical_url);

/*
 * The value of a "Link: <URL>; rel="canonical"" response header, the URL
 * escaped exactly as in the <link> element.
 */
int art_meta_link_header(art_buf_t *out, const char *canonical_url);


#endif /* ART_META_H */
