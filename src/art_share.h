/*
 * The share bar: plain links to social networks that carry the article's
 * canonical URL and title.  No request goes to any third party before a
 * visitor clicks (icons are inline SVG), and no script runs unless
 * article_share_native is on.
 *
 * Directives (art_share_conf_set):
 *   article_share NETWORK ... | off;          default off
 *       x facebook linkedin reddit telegram whatsapp vk bluesky mastodon
 *       threads pinterest hackernews email line weibo (twitter = x)
 *   article_share_anchor SELECTOR POSITION [fallback=body|none];
 *                                             article h1, after, body
 *   article_share_label TEXT;                 "Share this article"
 *   article_share_utm on | off;               off
 *   article_share_via @handle;                (X only)
 *   article_share_hashtags TAG ...;           (X only)
 *   article_share_template FILE | off;        the built-in markup
 *   article_share_style on | off;             on
 *   article_share_native on | off;            off
 *   article_share_title_strip TEXT ...;       (none)
 *   article_share_mastodon URL;
 *                               https://share.joinmastodon.org/#text=
 *
 * Template syntax (article_share_template): the file is markup written
 * out as is, except for placeholders {{name}}:
 *   anywhere:   {{label}} {{title}} {{page_url}} {{dir}} {{style}}
 *               {{native}}
 *   inside exactly one {{#items}} ... {{/items}} block, repeated for each
 *   network in order:
 *               {{id}} {{name}} {{url}} {{aria_label}} {{icon}} {{target}}
 * Values are escaped for an attribute (which is also safe in text);
 * {{icon}}, {{style}} and {{native}} are markup of the module's own (an
 * inline SVG, the <style> element when article_share_style is on, the
 * navigator.share button and its script when article_share_native is on;
 * each is empty otherwise).  {{target}} is "_self" for email, "_blank"
 * otherwise; {{dir}} is "rtl", "ltr", "auto" or empty.
 */

#ifndef ART_SHARE_H
#define ART_SHARE_H

#include <stddef.h>

#include "art_buf.h"
#include "art_conf.h"
#include "art_rewriter.h"


/* the number of networks known; each may be listed once */
#define ART_SHARE_MAX_NETWORKS   15

#define ART_SHARE_FALLBACK_NONE  0
#define ART_SHARE_FALLBACK_BODY  1


typedef struct art_share_tpl_s  art_share_tpl_t;


/*
 * Settings.  Read after merge: enabled, anchor_* and the rest are then
 * all set.  Allocations live as long as the configuration (the ctx->alloc
 * of art_share_conf_set); a merged level shares its parent's.
 */
typedef struct {
    int                     enabled;        /* 0 or 1; ART_UNSET */
    size_t                  nnetworks;
    unsigned char           networks[ART_SHARE_MAX_NETWORKS];

    const char             *anchor_selector;
    int                     anchor_position;    /* art_position_e */
    int                     anchor_fallback;    /* ART_SHARE_FALLBACK_* */

    const char             *label;
    int                     utm;
    const char             *via;            /* without the "@" */
    const char            **hashtags;       /* without the "#" */
    size_t                  nhashtags;
    const char            **title_strip;    /* whitespace collapsed */
    size_t                  ntitle_strip;
    const char             *mastodon;
    int                     style;
    int                     native;
    int                     template_set;
    const art_share_tpl_t  *template;       /* NULL: the built-in markup */
} art_share_conf_t;


void art_share_conf_init(art_share_conf_t *c);

/*
 * One directive, name without arguments: ART_CONF_OK, ART_CONF_ERROR with
 * the reason in ctx->err, or ART_CONF_DECLINED when the name is not a
 * share directive.  A directive given twice at one level is an error.
 */
int art_share_conf_set(art_share_conf_t *c, art_conf_ctx_t *ctx,
    const char *name, const art_str_t *args, size_t nargs);

/* fill what c leaves unset from parent (may be NULL), then defaults */
void art_share_conf_merge(art_share_conf_t *c, const art_share_conf_t *parent);

/*
 * Append the share bar for one page.  title is decoded text (character
 * references already resolved), in UTF-8; ill-formed bytes become U+FFFD.
 * dir is "rtl", "ltr", "auto" or NULL (no attribute); nonce goes on the
 * inline script of article_share_native (none when NULL or empty).
 * Appends nothing and returns 0 when the bar is off; returns -1 when
 * canonical_url is NULL or empty, or when out failed to grow.
 */
int art_share_render(art_buf_t *out, const art_share_conf_t *c,
    const char *canonical_url, const unsigned char *title, size_t title_len,
    const char *dir, const char *nonce);

/*
 * Append the title as the bar uses it: valid UTF-8 (U+FFFD for ill-formed
 * bytes), whitespace and controls collapsed into single spaces and
 * trimmed, the first matching article_share_title_strip suffix removed
 * (unless nothing would be left).  Plain text: the caller escapes it.
 */
int art_share_clean_title(art_buf_t *out, const art_share_conf_t *c,
    const unsigned char *title, size_t len);

/*
 * Append one network's share URL (plain, not escaped for HTML) for the
 * same inputs as art_share_render, whether or not the network is listed
 * in c.  Returns -1 for an unknown network id or an empty URL.
 */
int art_share_url(art_buf_t *out, const art_share_conf_t *c,
    const char *network, const char *canonical_url,
    const unsigned char *title, size_t title_len);


#endif /* ART_SHARE_H */
