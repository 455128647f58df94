/*
 * article-rewrite: the core from the command line.
 *
 *   article-rewrite [-c FILE] [--url URL] [--chunk-size N] [--repeat N]
 *                   < in > out
 *   article-rewrite --tokens [--initial-state NAME] [--last-start-tag TAG]
 *   article-rewrite --bench FILE...
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
        "       article-rewrite --bench FILE...\n");
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
 * nginx.conf.  Errors name the file and line.
 */
static int
load_conf(art_conf_t *conf, const art_allocator_t *alloc, const char *file,
    char *err, size_t errlen)
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

                if (!nginx_only(name)) {
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
now(void)
{
    struct timespec  ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);

    return ts.tv_sec + ts.tv_nsec / 1e9;
}


/* the rewriting settings of the benchmark: three insertions, one edit */
static int
bench_insert(void *ud, art_element_t *el)
{
    static const unsigned char  html[] = "<!-- inserted -->";

    return art_element_insert(el, (art_position_e) (size_t) ud, html,
                              sizeof(html) - 1);
}


static int
bench_edit(void *ud, art_element_t *el)
{
    static const unsigned char  v[] = "https://www.example.org/";

    return art_element_set_attr(el, "href", v, sizeof(v) - 1);
}


static int
bench(int argc, char **argv, int first)
{
    int             i, r, rounds, k;
    size_t          len, total, out, peak, maxpeak;
    unsigned char  *in;
    FILE           *f;
    double          t, ttok, trw;
    art_rewriter_t *rw;
    char            err[256];

    total = 0;
    ttok = 0;
    trw = 0;
    maxpeak = 0;

    for (i = first; i < argc; i++) {
        f = fopen(argv[i], "rb");
        if (f == NULL) {
            return fail("cannot open \"%s\"", argv[i]);
        }

        in = read_all(f, &len);
        fclose(f);

        if (in == NULL) {
            return fail("cannot read \"%s\"", argv[i]);
        }

        rounds = len < 100000 ? 200 : 20;

        for (k = 0; k < 2; k++) {
            t = now();

            for (r = 0; r < rounds; r++) {
                out = 0;
                rw = art_rewriter_create(&art_malloc_allocator, NULL,
                                         count_out, &out);
                if (rw == NULL) {
                    return fail("out of memory%s", "");
                }

                if (k == 1) {
                    art_rewriter_on_element(rw, "head", bench_insert,
                                            (void *) (size_t) ART_POS_APPEND,
                                            err, sizeof(err));
                    art_rewriter_on_element(rw, "article h1, h1",
                                            bench_insert,
                                            (void *) (size_t) ART_POS_AFTER,
                                            err, sizeof(err));
                    art_rewriter_on_element(rw, "body", bench_insert,
                                            (void *) (size_t) ART_POS_APPEND,
                                            err, sizeof(err));
                    art_rewriter_on_element(rw, "link[rel=canonical]",
                                            bench_edit, NULL, err,
                                            sizeof(err));
                }

                art_rewriter_write(rw, in, len);
                art_rewriter_end(rw);

                peak = art_rewriter_peak_memory(rw);
                if (peak > maxpeak) {
                    maxpeak = peak;
                }

                art_rewriter_destroy(rw);
            }

            t = now() - t;

            if (k == 0) {
                ttok += t / rounds;
            } else {
                trw += t / rounds;
            }
        }

        total += len;
        free(in);
    }

    printf("files: %d, bytes: %zu\n", argc - first, total);
    printf("tokenize (pass-through): %.0f MB/s\n", total / ttok / 1e6);
    printf("rewrite (3 insertions, 1 attribute edit): %.0f MB/s\n",
           total / trw / 1e6);
    printf("peak rewriter memory: %zu bytes\n", maxpeak);

    return 0;
}


int
main(int argc, char **argv)
{
    int          i, tok, do_bench;
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
            i++;
            break;

        } else if (strcmp(argv[i], "-h") == 0
                   || strcmp(argv[i], "--help") == 0)
        {
            usage(stdout);
            return 0;

        } else {
            usage(stderr);
            return fail("unknown option \"%s\"", argv[i]);
        }
    }

    if (do_bench) {
        if (i >= argc) {
            usage(stderr);
            return fail("--bench needs files%s", "");
        }

        return bench(argc, argv, i);
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
        rc = load_conf(conf, &arena.alloc, conf_file, err, sizeof(err)) == 0
             ? 0 : 2;

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
