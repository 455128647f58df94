/*
 * article-rewrite: the core from the command line.
 *
 *   article-rewrite [-c FILE] [--url URL] [--chunk-size N] [--repeat N]
 *                   < in > out
 *   article-rewrite --tokens [--initial-state NAME] [--last-start-tag TAG]
 *   article-rewrite --bench [-c FILE] [--url URL] PAGE...
 *
 * FILE holds the article_* directives of an nginx location, so that an
 * operator can preview what nginx would send.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "art_article.h"
#include "art_tokdump.h"


#define ART_MAX_ARGS  64


static void
usage(FILE *f)
{
    fprintf(f,
        "usage: article-rewrite [-c FILE] [--url URL] [--chunk-size N]"
        " [--repeat N] < in.html > out.html\n"
        "       article-rewrite --tokens [--initial-state NAME]"
        " [--last-start-tag TAG] < in.html\n"
        "       article-rewrite --bench [-c FILE] [--url URL] PAGE...\n"
        "\n"
        "  -c FILE          the article_* directives of an nginx location\n"
        "  --url URL        the request: scheme, Host and URI (--bench:"
        " http://www.example.org/PAGE\n"
        "                   by default)\n"
        "  --chunk-size N   feed the page in pieces of N bytes\n"
        "  --repeat N       rewrite it N times, as N responses, and write"
        " it once (for\n"
        "                   profilers: see bench/instr.sh)\n"
        "  --bench          MB/s of the core over the PAGEs, CPU time: the"
        " tokenizer (driven\n"
        "                   by the rewriter, with no handler), a rewrite"
        " with no feature,\n"
        "                   each feature of the configuration"
        " alone\n"
        "                   (canonical URL + metadata, mirrors + mirror"
        " links, share bar,\n"
        "                   moderation; the mirrors and the share bar with"
        " the canonical\n"
        "                   URL they need), then all together.  Without -c,"
        " a built-in\n"
        "                   configuration: make bench's without moderation"
        " (for that\n"
        "                   line, give -c FILE with article_moderation"
        " RULES)\n");
}


static int
fail(const char *fmt, const char *a)
{
    fprintf(stderr, "article-rewrite: ");
    fprintf(stderr, fmt, a);
    fprintf(stderr, "\n");
    return 2;
}


static unsigned char *
read_all(FILE *f, size_t *len)
{
    unsigned char  *p, *q;
    size_t          n, cap, got;

    cap = 65536;
    n = 0;
    p = malloc(cap);
    if (p == NULL) {
        return NULL;
    }

    while ((got = fread(p + n, 1, cap - n, f)) > 0) {
        n += got;

        if (n == cap) {
            cap *= 2;
            q = realloc(p, cap);
            if (q == NULL) {
                free(p);
                return NULL;
            }
            p = q;
        }
    }

    if (ferror(f)) {
        free(p);
        return NULL;
    }

    *len = n;
    return p;
}


/*
 * The features of --bench, by directive: what each line of it measures
 * loads only the directives of its features, and those of none (article,
 * article_types, the sizes).
 */
#define F_CANONICAL   0x01
#define F_METADATA    0x02
#define F_MIRRORS     0x04
#define F_SHARE       0x08
#define F_MODERATION  0x10
#define F_ALL         0x1f


static unsigned
directive_feature(const char *name)
{
    static const struct {
        const char  *prefix;
        unsigned     feature;
    } f[] = {
        { "article_canonical", F_CANONICAL },
        { "article_metadata", F_METADATA },
        { "article_site_name", F_METADATA },
        { "article_twitter_site", F_METADATA },
        { "article_publisher_logo", F_METADATA },
        { "article_mirror", F_MIRRORS },
        { "article_share", F_SHARE },
        { "article_moderation", F_MODERATION },
        { NULL, 0 }
    };
    size_t  i;

    for (i = 0; f[i].prefix != NULL; i++) {
        if (strncmp(name, f[i].prefix, strlen(f[i].prefix)) == 0) {
            return f[i].feature;
        }
    }

    return 0;
}


/* --bench without -c: the features of make bench but moderation */
static const char  bench_conf[] =
    "article on;\n"
    "article_canonical https://www.example.org;\n"
    "article_metadata on;\n"
    "article_mirrors www.example.org mirror.example.net;\n"
    "article_mirror_links on;\n"
    "article_share x facebook telegram whatsapp bluesky mastodon reddit "
    "email;\n"
    "article_share_anchor h1 after fallback=body;\n";


/* directives that only nginx acts on: accepted, without effect here */
static int
nginx_only(const char *name)
{
    return strncmp(name, "article_cache", 13) == 0
           || strcmp(name, "article_status") == 0
           || strcmp(name, "article_share_nonce") == 0;
}


/*
 * Reads FILE: "name arg ...;" with # comments and quoted arguments, as in
 * nginx.conf.  Errors name the file and line.  Only the directives of the
 * features in keep are set (F_ALL: every one); *found gets the features
 * that FILE has directives of.
 */
static int
load_conf(art_conf_t *conf, const art_allocator_t *alloc, const char *file,
    unsigned keep, unsigned *found, char *err, size_t errlen)
{
    FILE            *f;
    unsigned char   *text, *p, *end;
    size_t           len, nwords, i;
    unsigned         line, dline;
    art_str_t        words[ART_MAX_ARGS + 1];
    char            *dir, *slash, name[128];
    art_conf_ctx_t   ctx;
    art_buf_t        word;
    int              rc;

    if (file == NULL) {
        /* --bench without -c */
        file = "the built-in configuration";
        len = strlen(bench_conf);
        text = (unsigned char *) strdup(bench_conf);
        dir = strdup(".");

        if (text == NULL) {
            free(dir);
            snprintf(err, errlen, "out of memory");
            return -1;
        }

    } else {
        f = fopen(file, "rb");
        if (f == NULL) {
            snprintf(err, errlen, "cannot open \"%s\": %s", file,
                     strerror(errno));
            return -1;
        }

        text = read_all(f, &len);
        fclose(f);

        if (text == NULL) {
            snprintf(err, errlen, "cannot read \"%s\"", file);
            return -1;
        }

        dir = strdup(file);
        slash = dir ? strrchr(dir, '/') : NULL;

        if (dir != NULL) {
            if (slash == NULL) {
                strcpy(dir, ".");
            } else if (slash == dir) {
                slash[1] = '\0';
            } else {
                *slash = '\0';
            }
        }
    }

    ctx.alloc = alloc;
    ctx.base_dir = dir;
    ctx.err = err;
    ctx.errlen = errlen;

    p = text;
    end = text + len;
    line = 1;
    dline = 1;
    nwords = 0;
    rc = 0;

    /* words are kept in one buffer that only grows: copy offsets at ';' */
    art_buf_init(&word, &art_malloc_allocator);

    {
        size_t  starts[ART_MAX_ARGS + 1], lens[ART_MAX_ARGS + 1];

        while (p < end && rc == 0) {
            unsigned char  c = *p;

            if (c == '\n') {
                line++;
                p++;
                continue;
            }

            if (c == ' ' || c == '\t' || c == '\r') {
                p++;
                continue;
            }

            if (c == '#') {
                while (p < end && *p != '\n') {
                    p++;
                }
                continue;
            }

            if (c == '{' || c == '}') {
                snprintf(err, errlen, "blocks are not supported here "
                         "(only article_* directives) in %s:%u", file, line);
                rc = -1;
                break;
            }

            if (c == ';') {
                p++;

                if (nwords == 0) {
                    snprintf(err, errlen, "unexpected \";\" in %s:%u", file,
                             line);
                    rc = -1;
                    break;
                }

                for (i = 0; i < nwords; i++) {
                    words[i].data = word.data + starts[i];
                    words[i].len = lens[i];
                }

                if (words[0].len >= sizeof(name)) {
                    snprintf(err, errlen, "unknown directive in %s:%u", file,
                             dline);
                    rc = -1;
                    break;
                }

                memcpy(name, words[0].data, words[0].len);
                name[words[0].len] = '\0';

                if (strncmp(name, "article", 7) != 0) {
                    snprintf(err, errlen, "unknown directive \"%s\" in "
                             "%s:%u", name, file, dline);
                    rc = -1;
                    break;
                }

                if (found != NULL) {
                    *found |= directive_feature(name);
                }

                if (!nginx_only(name)
                    && (directive_feature(name) & ~keep) == 0)
                {
                    char  why[512];

                    why[0] = '\0';
                    ctx.err = why;
                    ctx.errlen = sizeof(why);

                    switch (art_conf_set(conf, &ctx, name, words + 1,
                                         nwords - 1))
                    {
                    case ART_CONF_OK:
                        break;

                    case ART_CONF_DECLINED:
                        snprintf(err, errlen, "unknown directive \"%s\" in "
                                 "%s:%u", name, file, dline);
                        rc = -1;
                        break;

                    default:
                        snprintf(err, errlen, "%s in %s:%u", why, file,
                                 dline);
                        rc = -1;
                        break;
                    }
                }

                nwords = 0;
                word.len = 0;
                continue;
            }

            if (nwords == ART_MAX_ARGS) {
                snprintf(err, errlen, "too many arguments in %s:%u", file,
                         line);
                rc = -1;
                break;
            }

            if (nwords == 0) {
                dline = line;
            }

            starts[nwords] = word.len;

            if (c == '"' || c == '\'') {
                unsigned char  q = c;

                p++;

                while (p < end && *p != q) {
                    if (*p == '\\' && p + 1 < end) {
                        p++;
                    }

                    if (*p == '\n') {
                        line++;
                    }

                    art_buf_append_byte(&word, *p++);
                }

                if (p == end) {
                    snprintf(err, errlen, "unterminated string in %s:%u",
                             file, line);
                    rc = -1;
                    break;
                }

                p++;

            } else {
                while (p < end && *p != ' ' && *p != '\t' && *p != '\n'
                       && *p != '\r' && *p != ';' && *p != '#')
                {
                    if (*p == '\\' && p + 1 < end) {
                        p++;
                    }

                    art_buf_append_byte(&word, *p++);
                }
            }

            lens[nwords] = word.len - starts[nwords];
            nwords++;
        }
    }

    if (rc == 0 && nwords) {
        snprintf(err, errlen, "unexpected end of file, expecting \";\" in "
                 "%s:%u", file, line);
        rc = -1;
    }

    art_buf_free(&word);
    free(text);

    if (rc == 0) {
        char  why[512];

        why[0] = '\0';
        ctx.err = why;
        ctx.errlen = sizeof(why);

        if (art_conf_merge(conf, NULL, &ctx) != ART_CONF_OK) {
            snprintf(err, errlen, "%s in %s", why, file);
            rc = -1;
        }
    }

    free(dir);

    return rc;
}


static int
write_out(void *ud, const unsigned char *p, size_t n, int from_input)
{
    FILE  *f = ud;

    return fwrite(p, 1, n, f) == n ? 0 : -1;
}


static int
count_out(void *ud, const unsigned char *p, size_t n, int from_input)
{
    *(size_t *) ud += n;
    return 0;
}


/* split a URL given with --url into host and request URI */
static void
request_from_url(art_request_t *req, const char *url)
{
    const char  *p, *host, *slash;

    memset(req, 0, sizeof(*req));

    req->scheme = (const unsigned char *) "http";
    req->scheme_len = 4;
    req->host = (const unsigned char *) "";
    req->uri = (const unsigned char *) "/";
    req->uri_len = 1;

    if (url == NULL) {
        return;
    }

    p = strstr(url, "://");

    if (p == NULL) {
        req->uri = (const unsigned char *) url;
        req->uri_len = strlen(url);
        return;
    }

    if (p - url == 5 && strncmp(url, "https", 5) == 0) {
        req->scheme = (const unsigned char *) "https";
        req->scheme_len = 5;
    }

    host = p + 3;
    slash = strchr(host, '/');

    req->host = (const unsigned char *) host;
    req->host_len = slash ? (size_t) (slash - host) : strlen(host);

    if (slash != NULL) {
        req->uri = (const unsigned char *) slash;
        req->uri_len = strlen(slash);
    }
}


/*
 * Rewrites the standard input; with repeat > 1 it does so that many times
 * (each time as a new response), and writes the page once: for profilers.
 */
static int
rewrite(art_conf_t *conf, const char *url, size_t chunk, long repeat)
{
    unsigned char  *in;
    size_t          len, i, n, counted;
    art_request_t   req;
    art_page_t     *pg;
    long            r;
    int             rc;

    in = read_all(stdin, &len);
    if (in == NULL) {
        return fail("cannot read the standard input%s", "");
    }

    request_from_url(&req, url);

    if (chunk == 0) {
        chunk = len ? len : 1;
    }

    rc = 0;
    pg = NULL;

    for (r = 0; r < repeat && rc == 0; r++) {
        art_page_destroy(pg);

        if (r == 0) {
            pg = art_page_create(&art_malloc_allocator, conf, &req,
                                 write_out, stdout);

        } else {
            counted = 0;
            pg = art_page_create(&art_malloc_allocator, conf, &req,
                                 count_out, &counted);
        }

        if (pg == NULL) {
            free(in);
            return fail("out of memory%s", "");
        }

        for (i = 0; i < len && rc == 0; i += n) {
            n = len - i < chunk ? len - i : chunk;
            rc = art_page_write(pg, in + i, n);
        }

        if (rc == 0) {
            rc = art_page_end(pg);
        }
    }

    if (art_page_blocked(pg)) {
        fprintf(stderr, "article-rewrite: the page matches a block rule "
                "(nginx answers 451)\n");
    }

    art_page_destroy(pg);
    free(in);
    fflush(stdout);

    if (rc != 0) {
        return fail("rewriting failed%s", "");
    }

    return 0;
}


static art_text_state_e
state_by_name(const char *name, int *ok)
{
    static const struct {
        const char        *name;
        art_text_state_e   state;
    } states[] = {
        { "Data state", ART_STATE_DATA },
        { "RCDATA state", ART_STATE_RCDATA },
        { "RAWTEXT state", ART_STATE_RAWTEXT },
        { "Script data state", ART_STATE_SCRIPT_DATA },
        { "PLAINTEXT state", ART_STATE_PLAINTEXT },
        { "CDATA section state", ART_STATE_CDATA_SECTION },
        { NULL, ART_STATE_DATA }
    };
    size_t  i;

    for (i = 0; states[i].name != NULL; i++) {
        if (strcmp(states[i].name, name) == 0) {
            *ok = 1;
            return states[i].state;
        }
    }

    *ok = 0;
    return ART_STATE_DATA;
}


static int
tokens(const char *state_name, const char *last_tag)
{
    unsigned char     *in;
    size_t             len;
    art_buf_t          out;
    art_text_state_e   state;
    int                ok;

    state = state_by_name(state_name ? state_name : "Data state", &ok);
    if (!ok) {
        return fail("unknown initial state \"%s\"", state_name);
    }

    in = read_all(stdin, &len);
    if (in == NULL) {
        return fail("cannot read the standard input%s", "");
    }

    art_buf_init(&out, &art_malloc_allocator);

    if (art_tokens_dump_json(&out, &art_malloc_allocator, in, len, state,
                             last_tag, 0) != 0)
    {
        free(in);
        art_buf_free(&out);
        return fail("out of memory%s", "");
    }

    fwrite(out.data, 1, out.len, stdout);
    fputc('\n', stdout);

    art_buf_free(&out);
    free(in);

    return 0;
}


static double
cpu_now(void)
{
    struct timespec  ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);

    return ts.tv_sec + ts.tv_nsec / 1e9;
}


/*
 * One round of a --bench line over one page: with conf NULL the rewriter
 * with no handler (the tokenizer, with the content states that elements
 * switch to), else a page rewritten as nginx would.
 */
static int
bench_round(const art_conf_t *conf, const art_request_t *req,
    const unsigned char *in, size_t len, size_t *peak)
{
    size_t           out;
    art_page_t      *pg;
    art_rewriter_t  *rw;
    int              rc;

    out = 0;

    if (conf == NULL) {
        rw = art_rewriter_create(&art_malloc_allocator, NULL, count_out,
                                 &out);
        if (rw == NULL) {
            return -1;
        }

        rc = art_rewriter_write(rw, in, len);
        if (rc == 0) {
            rc = art_rewriter_end(rw);
        }

        art_rewriter_destroy(rw);

        return rc;
    }

    pg = art_page_create(&art_malloc_allocator, conf, req, count_out, &out);
    if (pg == NULL) {
        return -1;
    }

    rc = art_page_write(pg, in, len);
    if (rc == 0) {
        rc = art_page_end(pg);
    }

    if (art_page_peak_memory(pg) > *peak) {
        *peak = art_page_peak_memory(pg);
    }

    art_page_destroy(pg);

    return rc;
}


typedef struct {
    const char     *name;
    unsigned        keep;       /* the features it loads */
    unsigned        need;       /* what the configuration must have */
} bench_line_t;


/*
 * --bench [-c FILE] [--url URL] PAGE...: MB/s of the core over the pages,
 * for each feature of the configuration alone and for all together.  A
 * line loads the directives of its features (the canonical URL's with
 * the mirrors and the share bar, which need it) and those of no feature;
 * times are CPU time, the best of three batches of rounds per page.
 */
static int
bench(const char *conf_file, const char *url, int argc, char **argv,
    int first)
{
    static const bench_line_t  lines[] = {
        { "tokenize only", 0, 0 },
        { "rewrite, no feature", 0, 0 },
        { "canonical URL + metadata", F_CANONICAL | F_METADATA,
          F_CANONICAL | F_METADATA },
        { "mirrors + mirror links", F_CANONICAL | F_MIRRORS, F_MIRRORS },
        { "share bar", F_CANONICAL | F_SHARE, F_SHARE },
        { "moderation", F_MODERATION, F_MODERATION },
        { "everything", F_ALL, 0 },
    };
    size_t           nlines = sizeof(lines) / sizeof(lines[0]);
    int              i, r, k, rounds;
    size_t           l, len, total, peak;
    unsigned         found;
    unsigned char  **in;
    size_t          *lens;
    double           t, best, sum;
    FILE            *f;
    char             err[1024], pageurl[1024];
    const char      *base;
    art_conf_t      *conf;
    art_arena_t      arena;
    art_request_t    req;

    in = calloc((size_t) (argc - first), sizeof(unsigned char *));
    lens = calloc((size_t) (argc - first), sizeof(size_t));
    if (in == NULL || lens == NULL) {
        return fail("out of memory%s", "");
    }

    total = 0;

    for (i = first; i < argc; i++) {
        f = fopen(argv[i], "rb");
        if (f == NULL) {
            return fail("cannot open \"%s\"", argv[i]);
        }

        in[i - first] = read_all(f, &lens[i - first]);
        fclose(f);

        if (in[i - first] == NULL) {
            return fail("cannot read \"%s\"", argv[i]);
        }

        total += lens[i - first];
    }

    /* which features the configuration has */
    found = 0;
    art_arena_init(&arena);
    conf = art_conf_create(&arena.alloc);

    if (conf == NULL
        || load_conf(conf, &arena.alloc, conf_file, 0, &found, err,
                     sizeof(err)) != 0)
    {
        art_arena_empty(&arena);
        return fail("%s", conf ? err : "out of memory");
    }

    art_conf_free(conf);
    art_arena_empty(&arena);

    printf("pages: %d, bytes: %zu, configuration: %s\n", argc - first,
           total, conf_file ? conf_file : "built in (all but moderation)");

    peak = 0;

    for (l = 0; l < nlines; l++) {
        if (lines[l].need && (found & lines[l].need) == 0) {
            printf("%-26s not in the configuration\n", lines[l].name);
            continue;
        }

        conf = NULL;
        art_arena_init(&arena);

        if (l > 0) {
            conf = art_conf_create(&arena.alloc);
            if (conf == NULL
                || load_conf(conf, &arena.alloc, conf_file, lines[l].keep,
                             NULL, err, sizeof(err)) != 0)
            {
                art_arena_empty(&arena);
                return fail("%s", conf ? err : "out of memory");
            }
        }

        sum = 0;

        for (i = first; i < argc; i++) {
            len = lens[i - first];

            if (url != NULL) {
                request_from_url(&req, url);

            } else {
                base = strrchr(argv[i], '/');
                snprintf(pageurl, sizeof(pageurl),
                         "http://www.example.org/%s",
                         base ? base + 1 : argv[i]);
                request_from_url(&req, pageurl);
            }

            /* 20 MB a batch: some 50 ms of a rewrite with every feature */
            rounds = (int) (20000000 / (len + 1)) + 1;
            best = 0;

            for (k = 0; k < 3; k++) {
                t = cpu_now();

                for (r = 0; r < rounds; r++) {
                    if (bench_round(conf, &req, in[i - first], len, &peak)
                        != 0)
                    {
                        return fail("rewriting \"%s\" failed", argv[i]);
                    }
                }

                t = (cpu_now() - t) / rounds;

                if (k == 0 || t < best) {
                    best = t;
                }
            }

            sum += best;
        }

        printf("%-26s %6.0f MB/s\n", lines[l].name,
               sum > 0 ? total / sum / 1e6 : 0.0);

        if (conf != NULL) {
            art_conf_free(conf);
        }

        art_arena_empty(&arena);
    }

    printf("peak rewriter memory: %zu bytes\n", peak);

    for (i = first; i < argc; i++) {
        free(in[i - first]);
    }

    free(in);
    free(lens);

    return 0;
}


int
main(int argc, char **argv)
{
    int          i, tok, do_bench, npages;
    const char  *conf_file, *url, *state, *last_tag;
    long         chunk, repeat;
    char        *end, err[1024];
    int              rc;
    art_conf_t      *conf;
    art_arena_t      arena;
    art_conf_ctx_t   ctx;

    conf_file = NULL;
    url = NULL;
    state = NULL;
    last_tag = NULL;
    chunk = 0;
    repeat = 1;
    tok = 0;
    do_bench = 0;
    npages = 0;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-c") == 0 && i + 1 < argc) {
            conf_file = argv[++i];

        } else if (strcmp(argv[i], "--url") == 0 && i + 1 < argc) {
            url = argv[++i];

        } else if (strcmp(argv[i], "--chunk-size") == 0 && i + 1 < argc) {
            errno = 0;
            chunk = strtol(argv[++i], &end, 10);
            if (errno || *end != '\0' || chunk <= 0) {
                return fail("invalid --chunk-size \"%s\"", argv[i]);
            }

        } else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
            errno = 0;
            repeat = strtol(argv[++i], &end, 10);
            if (errno || *end != '\0' || repeat <= 0) {
                return fail("invalid --repeat \"%s\"", argv[i]);
            }

        } else if (strcmp(argv[i], "--tokens") == 0) {
            tok = 1;

        } else if (strcmp(argv[i], "--initial-state") == 0 && i + 1 < argc) {
            state = argv[++i];

        } else if (strcmp(argv[i], "--last-start-tag") == 0
                   && i + 1 < argc)
        {
            last_tag = argv[++i];

        } else if (strcmp(argv[i], "--bench") == 0) {
            do_bench = 1;

        } else if (strcmp(argv[i], "-h") == 0
                   || strcmp(argv[i], "--help") == 0)
        {
            usage(stdout);
            return 0;

        } else if (do_bench && argv[i][0] != '-') {
            /* the pages of --bench: gathered at the front, in order */
            argv[1 + npages++] = argv[i];

        } else {
            usage(stderr);
            return fail("unknown option \"%s\"", argv[i]);
        }
    }

    if (do_bench) {
        if (npages == 0) {
            usage(stderr);
            return fail("--bench needs pages%s", "");
        }

        return bench(conf_file, url, 1 + npages, argv, 1);
    }

    if (tok) {
        return tokens(state, last_tag);
    }

    /* the configuration lives as long as the process, in an arena */
    art_arena_init(&arena);

    conf = art_conf_create(&arena.alloc);
    if (conf == NULL) {
        return fail("out of memory%s", "");
    }

    if (conf_file != NULL) {
        rc = load_conf(conf, &arena.alloc, conf_file, F_ALL, NULL, err,
                       sizeof(err)) == 0 ? 0 : 2;

    } else {
        ctx.alloc = &arena.alloc;
        ctx.base_dir = ".";
        ctx.err = err;
        ctx.errlen = sizeof(err);

        rc = art_conf_merge(conf, NULL, &ctx) == ART_CONF_OK ? 0 : 2;
    }

    if (rc != 0) {
        fail("%s", err);

    } else {
        rc = rewrite(conf, url, (size_t) chunk, repeat);
    }

    art_conf_free(conf);
    art_arena_empty(&arena);

    return rc;
}
