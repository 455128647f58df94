/*
 * libFuzzer target of the directives: every article_* directive goes
 * through art_conf_set(), for nginx and for article-rewrite alike.  The
 * input is cut at NUL bytes into words; a word ";" ends a directive
 * (its first word is the name, the others its arguments) and a word "{"
 * starts an inner level (a location) that takes the directives after it.
 * File arguments are read in a private directory that holds a rule file
 * (rules.txt, with words.txt), a block page (block.html) and two share
 * templates (share.tpl, bad.tpl).
 *
 * (a) Each directive comes back ART_CONF_OK, ART_CONF_DECLINED (always
 *     for a name that is not article...) or ART_CONF_ERROR with a message.
 * (b) Both levels merge (the outer one with no parent, the inner one into
 *     it); an inner level that sets nothing has its parent's fingerprint;
 *     the same directives on fresh configurations give the same
 *     fingerprints.
 * (c) A page is created for a request under each level, which must work
 *     with whatever the configuration accepted (selectors are checked
 *     when set, not on the first page), and a small article goes through
 *     it; unless it is blocked, its tags come out.
 * Everything is released: the levels with art_conf_free(), their memory
 * with the arena they live in (as an nginx pool); LeakSanitizer checks
 * what lives outside (compiled patterns).
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "art_alloc.h"
#include "art_article.h"
#include "art_buf.h"

#include "fz_common.h"


#define FZ_MAX_WORDS  4096


static const char  fz_rules[] =
    "# sample rules\n"
    "mask /secret\\w*/i\n"
    "replace /(\\d+) ?km/ \"$1 kilometres\"\n"
    "flag /urgent/w\n"
    "block /forbidden/iw\n"
    "words mask words.txt\n";

static const char  fz_words[] = "darn\nheck\n";

static const char  fz_block[] = "<!doctype html><h1>Unavailable</h1>\n";

static const char  fz_share_tpl[] =
    "<nav class=\"s\" aria-label=\"{{label}}\" dir=\"{{dir}}\">{{style}}\n"
    "<ul>{{#items}}<li><a href=\"{{url}}\" target=\"{{target}}\">"
    "{{icon}}{{name}}</a></li>{{/items}}</ul>{{native}}</nav>\n";

static const char  fz_bad_tpl[] = "<nav>\n{{#items}}{{url}}\n";

static const char  fz_article[] =
    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<title>Ferry link reopens - The Post</title>"
    "<link rel=\"canonical\" href=\"https://mirror.example.net/ferry?x=1\">"
    "</head><body><header><a href=\"https://mirror.example.net/\">Home</a>"
    "</header><article><h1>Ferry link reopens</h1>"
    "<p>The secret 12 km route is urgent, darn.</p>"
    "<img src=\"/img/ferry.jpg\" srcset=\"//www.example.com/a.jpg 2x\">"
    "</article><footer id=\"f\">(c)</footer></body></html>\n";


typedef struct {
    const unsigned char  *name;         /* the name word */
    size_t                name_len;
    size_t                first;        /* its arguments in the words */
    size_t                nargs;
    int                   inner;
} fz_directive_t;

typedef struct {
    art_str_t             words[FZ_MAX_WORDS];
    size_t                nwords;
    fz_directive_t        dir[FZ_MAX_WORDS];
    size_t                ndir;
} fz_input_t;


static int  fz_ready;


static void
fz_init(void)
{
    fz_write_file("rules.txt", fz_rules, sizeof(fz_rules) - 1);
    fz_write_file("words.txt", fz_words, sizeof(fz_words) - 1);
    fz_write_file("block.html", fz_block, sizeof(fz_block) - 1);
    fz_write_file("share.tpl", fz_share_tpl, sizeof(fz_share_tpl) - 1);
    fz_write_file("bad.tpl", fz_bad_tpl, sizeof(fz_bad_tpl) - 1);

    fz_ready = 1;
}


/* words and directives; -1 when the input is not to be run */
static int
fz_parse(const uint8_t *data, size_t size, fz_input_t *in)
{
    size_t           i, start, n, w;
    int              inner;
    fz_directive_t  *d;

    in->nwords = 0;
    in->ndir = 0;
    start = 0;

    for (i = 0; i <= size; i++) {
        if (i < size && data[i] != '\0') {
            continue;
        }

        if (in->nwords == FZ_MAX_WORDS) {
            return -1;
        }

        in->words[in->nwords].data = data + start;
        in->words[in->nwords].len = i - start;
        in->nwords++;
        start = i + 1;
    }

    inner = 0;
    n = 0;

    for (w = 0; w <= in->nwords; w++) {
        if (w < in->nwords) {
            const art_str_t  *s = &in->words[w];

            if (fz_unsafe_path(s->data, s->len)) {
                return -1;
            }

            if (!(s->len == 1 && (s->data[0] == ';' || s->data[0] == '{'))) {
                n++;
                continue;
            }
        }

        /* a directive of the n words before w */
        if (n > 0) {
            d = &in->dir[in->ndir++];
            d->name = in->words[w - n].data;
            d->name_len = in->words[w - n].len;
            d->first = w - n + 1;
            d->nargs = n - 1;
            d->inner = inner;
        }

        n = 0;

        if (w < in->nwords && in->words[w].data[0] == '{') {
            inner = 1;
        }
    }

    return 0;
}


static art_conf_t *
fz_conf_new(const art_allocator_t *a)
{
    art_conf_t  *c;

    c = art_conf_create(a);
    if (c == NULL) {
        abort();
    }

    return c;
}


/*
 * (a), then (b)'s merges.  Stops at the first error, as nginx and
 * article-rewrite do (the levels are then only freed): -1; else the
 * number of directives the inner level took.
 */
static long
fz_configure(const fz_input_t *in, art_conf_t *outer, art_conf_t *inner,
    art_conf_ctx_t *ctx)
{
    int                    rc;
    long                   ninner;
    size_t                 i;
    char                  *name;
    const fz_directive_t  *d;

    ninner = 0;

    for (i = 0; i < in->ndir; i++) {
        d = &in->dir[i];

        /* the arguments: no pointer at all when there are none */
        name = malloc(d->name_len + 1);
        if (name == NULL) {
            abort();
        }

        if (d->name_len > 0) {
            memcpy(name, d->name, d->name_len);
        }
        name[d->name_len] = '\0';

        ctx->err[0] = '\0';

        rc = art_conf_set(d->inner ? inner : outer, ctx, name,
                          d->nargs ? &in->words[d->first] : NULL, d->nargs);

        switch (rc) {

        case ART_CONF_OK:
            ninner += d->inner;
            break;

        case ART_CONF_ERROR:
            if (ctx->err[0] == '\0' || memchr(ctx->err, '\0', ctx->errlen)
                                       == NULL)
            {
                abort();
            }
            break;

        case ART_CONF_DECLINED:
            break;

        default:
            abort();
        }

        if (strncmp(name, "article", 7) != 0 && rc != ART_CONF_DECLINED) {
            abort();
        }

        free(name);

        if (rc == ART_CONF_ERROR) {
            return -1;
        }
    }

    /* a merge may refuse what only the levels together get wrong */
    ctx->err[0] = '\0';
    rc = art_conf_merge(outer, NULL, ctx);
    if (rc == ART_CONF_OK) {
        rc = art_conf_merge(inner, outer, ctx);
    }

    if (rc == ART_CONF_ERROR) {
        if (ctx->err[0] == '\0') {
            abort();
        }

        return -1;
    }

    if (rc != ART_CONF_OK) {
        abort();
    }

    return ninner;
}


typedef struct {
    art_buf_t  out;
} fz_sink_t;


static int
fz_sink(void *ud, const unsigned char *p, size_t n, int from_input)
{
    fz_sink_t  *s = ud;

    return art_buf_append(&s->out, p, n);
}


/* (c) */
static void
fz_page(const art_conf_t *c, const fz_input_t *in)
{
    size_t               i;
    int                  rc;
    unsigned char        type[] = "text/html";
    art_page_t          *pg;
    art_request_t        req;
    art_request_info_t   info;
    fz_sink_t            sk;
    art_buf_t            b;
    size_t               len;

    /* the questions nginx asks of a configuration */
    (void) art_conf_enabled(c);
    (void) art_conf_max_size(c);
    (void) art_conf_last_modified(c);
    (void) art_conf_type_ok(c, type, sizeof(type) - 1);
    (void) art_conf_page_headers(c);
    (void) art_conf_holds_page(c);
    (void) art_conf_oversize_blocks(c);
    (void) art_conf_block_page(c, &len);
    (void) art_conf_blocked_by(c);

    memset(&req, 0, sizeof(req));
    req.scheme = (const unsigned char *) "https";
    req.scheme_len = 5;
    req.host = (const unsigned char *) "Mirror.Example.NET:443";
    req.host_len = 22;
    req.uri = (const unsigned char *) "/world/ferry.html?utm_source=x&id=7";
    req.uri_len = strlen((const char *) req.uri);
    req.nonce = "n0nce";

    if (art_request_info(&info, &art_malloc_allocator, c, &req) != 0) {
        abort();
    }

    art_buf_init(&b, &art_malloc_allocator);
    (void) art_rewrite_location(&b, c, &info,
                                (const unsigned char *)
                                "https://www.example.com/a", 25, 0);
    art_buf_free(&b);
    art_request_info_free(&info);

    memset(&sk, 0, sizeof(sk));
    art_buf_init(&sk.out, &art_malloc_allocator);

    pg = art_page_create(&art_malloc_allocator, c, &req, fz_sink, &sk);
    if (pg == NULL) {
        /* what the configuration took must make a page */
        abort();
    }

    /* in pieces, as a proxied body comes */
    rc = 0;

    for (i = 0; i < sizeof(fz_article) - 1 && rc == 0; i += 61) {
        len = sizeof(fz_article) - 1 - i;
        rc = art_page_write(pg, (const unsigned char *) fz_article + i,
                            len < 61 ? len : 61);
    }

    if (rc == 0) {
        rc = art_page_end(pg);
    }

    if (rc == 0 && !art_page_blocked(pg)) {
        art_buf_append_byte(&sk.out, '\0');

        if (sk.out.failed || strstr((char *) sk.out.data, "<article>") == NULL
            || strstr((char *) sk.out.data, "</body>") == NULL)
        {
            abort();
        }
    }

    art_buf_init(&b, &art_malloc_allocator);
    (void) art_page_link_header(pg, &b);
    (void) art_page_moderation_string(pg, &b);
    (void) art_page_fired_rules(pg, &b);
    art_buf_free(&b);

    art_page_destroy(pg);
    art_buf_free(&sk.out);
}


static void
fz_run(const fz_input_t *in, unsigned char fp[2][32], int page)
{
    long             ninner;
    char             err[1024];
    art_arena_t      arena;
    art_conf_ctx_t   ctx;
    art_conf_t      *outer, *inner;

    art_arena_init(&arena);

    ctx.alloc = &arena.alloc;
    ctx.base_dir = fz_tmpdir();
    ctx.err = err;
    ctx.errlen = sizeof(err);

    outer = fz_conf_new(&arena.alloc);
    inner = fz_conf_new(&arena.alloc);

    ninner = fz_configure(in, outer, inner, &ctx);
    memset(fp, 0, 2 * 32);

    if (ninner >= 0) {
        art_conf_fingerprint(outer, fp[0]);
        art_conf_fingerprint(inner, fp[1]);

        if (ninner == 0 && memcmp(fp[0], fp[1], 32) != 0) {
            abort();
        }

        if (page) {
            fz_page(outer, in);
            fz_page(inner, in);
        }
    }

    art_conf_free(inner);
    art_conf_free(outer);
    art_arena_empty(&arena);
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static fz_input_t  in;
    unsigned char      a[2][32], b[2][32];

    if (!fz_ready) {
        fz_init();
    }

    if (fz_parse(data, size, &in) != 0) {
        return 0;
    }

    fz_run(&in, a, 1);
    fz_run(&in, b, 0);

    if (memcmp(a, b, sizeof(a)) != 0) {
        abort();
    }

    return 0;
}
