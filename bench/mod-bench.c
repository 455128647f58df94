/*
 * Throughput of the moderation scan over the text of real pages: 20 regex
 * rules, then two 10,000-term words lists.  The text is extracted crudely
 * (tags, comments, scripts and styles dropped; a few entities decoded) and
 * scanned run by run, as the rewriter hands it over.  Times are CPU time,
 * in rounds: the best round and the mean are printed, with a reference
 * loop that shows what the machine does at all.
 *
 * Build and run from the project root:
 *   cc -std=c99 -D_POSIX_C_SOURCE=200809L -O2 -Isrc -o /tmp/mod-bench \
 *       bench/mod-bench.c src/art_moderation.c src/art_aho.c src/art_buf.c \
 *       src/art_alloc.c src/art_escape.c src/art_conf_util.c -lpcre2-8
 *   /tmp/mod-bench [CORPUS_DIR] [SECONDS]    (default ../shared/corpus, 2)
 * MOD_BENCH_KEEP=1 keeps the generated rule and term files.
 */

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "art_aho.h"
#include "art_moderation.h"


typedef struct {
    size_t          off;        /* the first occurrence */
    size_t          len;
    size_t          count;
} bench_word_t;

typedef struct {
    unsigned char  *text;
    size_t          len;
    size_t         *run;        /* offsets: run i is [run[i], run[i + 1]) */
    size_t          nruns;
    size_t          cap;
} bench_text_t;


static const char  *bench_rules =
    "# 20 rules of the kinds a site moderates\n"
    "mask    /f+u+c+k+(?:ing|ed|er)?/iw\n"
    "mask    /s+h+i+t+(?:ty|ting)?/iw\n"
    "mask    /bastard|bitch(?:es)?|asshole/iw\n"
    "replace /(\\d{3})[-. ](\\d{3})[-. ](\\d{4})/ \"[phone]\"\n"
    "replace /[\\w.+-]+@[\\w-]+\\.[\\w.-]+/ \"[email]\"\n"
    "flag    /https?:\\/\\/[^\\s<>\"]+/i\n"
    "flag    /\\b(?:viagra|cialis|levitra)\\b/i\n"
    "block   /child\\s+(?:porn|abuse\\s+material)/i\n"
    "flag    /(?:buy|cheap|discount)\\s+(?:pills|meds|pharmacy)/i\n"
    "mask    /\\b\\d{4}[ -]?\\d{4}[ -]?\\d{4}[ -]?\\d{4}\\b/\n"
    "replace /\\b(?:idiot|moron)s?\\b/i \"***\"\n"
    "flag    /bomb\\s+(?:making|recipe)/i\n"
    "flag    /kill\\s+(?:yourself|urself)/iw\n"
    "mask    /n[i1]gg(?:er|a)s?/iw\n"
    "flag    /(?:casino|poker|betting)\\s+online/i\n"
    "replace /(Putin|Trump|Biden)\\s+is\\s+an?\\s+(\\w+)/"
        " \"$1 is [redacted]\"\n"
    "flag    /terror(?:ist|ism)?/iw\n"
    "flag    /covid(?:-19)?/iw\n"
    "mask    /damn|crap|bloody\\s+hell/iw\n"
    "flag    /\\bIBAN\\s*[A-Z]{2}\\d{2}[A-Z0-9 ]{10,30}/\n";


/* drop tags, comments, script and style; a tag ends a text run */
static void
extract(bench_text_t *t, const unsigned char *p, size_t n)
{
    size_t       i, j, start;
    const char  *close;

    start = t->len;

    for (i = 0; i < n; ) {
        if (p[i] == '<') {
            if (t->len > start) {
                t->run[t->nruns++] = start;
                t->run[t->nruns] = t->len;
                if (t->nruns + 2 > t->cap) {
                    t->cap *= 2;
                    t->run = realloc(t->run, t->cap * sizeof(size_t));
                }
            }

            close = ">";
            if (n - i > 4 && memcmp(p + i, "<!--", 4) == 0) {
                close = "-->";
            } else if (n - i > 7 && strncasecmp((char *) p + i, "<script", 7)
                       == 0)
            {
                close = "</script";
            } else if (n - i > 6 && strncasecmp((char *) p + i, "<style", 6)
                       == 0)
            {
                close = "</style";
            }

            for (j = i + 1; j < n; j++) {
                if (strncasecmp((char *) p + j, close, strlen(close)) == 0) {
                    break;
                }
            }

            i = j + strlen(close);
            if (close[0] == '<') {
                while (i < n && p[i - 1] != '>') {
                    i++;
                }
            }

            start = t->len;
            continue;
        }

        if (p[i] == '&') {
            static const char  *ents[] = { "&amp;", "&", "&lt;", "<",
                "&gt;", ">", "&quot;", "\"", "&#39;", "'", "&nbsp;",
                "\xc2\xa0", NULL };
            int                 k;

            for (k = 0; ents[k]; k += 2) {
                if (strncmp((char *) p + i, ents[k], strlen(ents[k])) == 0) {
                    memcpy(t->text + t->len, ents[k + 1],
                           strlen(ents[k + 1]));
                    t->len += strlen(ents[k + 1]);
                    i += strlen(ents[k]);
                    break;
                }
            }

            if (ents[k]) {
                continue;
            }
        }

        t->text[t->len++] = p[i++];
    }

    if (t->len > start) {
        t->run[t->nruns++] = start;
        t->run[t->nruns] = t->len;
    }
}


static int
count_match(void *ud, const art_mod_match_t *m)
{
    (*(unsigned long *) ud)++;
    return 0;
}


static double
now(void)
{
    struct timespec  ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}


/*
 * Passes over the text in rounds of a quarter second of CPU time: the
 * best round says what the code does, the mean what the machine allowed.
 */
static void
measure(const char *label, art_mod_conf_t *conf, bench_text_t *t,
    double seconds)
{
    size_t              i, passes, total;
    double              t0, t1, el, rate, best, sum;
    unsigned long       matches;
    art_mod_scanner_t  *s;
    art_buf_t           b;

    matches = 0;
    best = 0;
    sum = 0;
    total = 0;
    t0 = now();

    do {
        t1 = now();
        passes = 0;

        do {
            s = art_mod_scanner_create(&art_malloc_allocator, conf);

            for (i = 0; i < t->nruns; i++) {
                if (art_mod_scan(s, t->text + t->run[i],
                                 t->run[i + 1] - t->run[i], count_match,
                                 &matches)
                    != 0)
                {
                    fprintf(stderr, "scan failed\n");
                    exit(1);
                }
            }

            if (total == 0 && passes == 0) {
                art_buf_init(&b, &art_malloc_allocator);
                art_mod_format_counts(&b, art_mod_counts(s));
                art_buf_append_byte(&b, 0);
                printf("%s: %s per pass\n", label, b.data);
                art_buf_free(&b);
            }

            art_mod_scanner_destroy(s);
            passes++;
            el = now() - t1;
        } while (el < 0.25);

        rate = (double) t->len * passes / el / 1e6;
        best = rate > best ? rate : best;
        sum += (double) t->len * passes / 1e6;
        total += passes;
    } while (now() - t0 < seconds);

    printf("%s: best %.1f MB/s, mean %.1f MB/s (%zu passes over %.2f MB "
           "of text in %zu runs)\n", label, best, sum / (now() - t0), total,
           t->len / 1e6, t->nruns);
}


static int
load(art_mod_conf_t *conf, const char *dir, const char *file)
{
    char            err[512];
    art_str_t       arg;
    art_conf_ctx_t  ctx;

    ctx.alloc = &art_malloc_allocator;
    ctx.base_dir = dir;
    ctx.err = err;
    ctx.errlen = sizeof(err);

    arg.data = (const unsigned char *) file;
    arg.len = strlen(file);

    art_mod_conf_init(conf);
    if (art_mod_conf_set(conf, &ctx, "article_moderation", &arg, 1) != 0) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    art_mod_conf_merge(conf, NULL);

    return 0;
}


/* the distinct words of the text, of 4 characters or more */
static bench_word_t *
vocabulary(const bench_text_t *t, size_t *nwords)
{
    size_t          i, j, len, chars, cap, n, mask, h, k;
    int             kind;
    uint32_t       *table;
    unsigned long   cp;
    bench_word_t   *w;

    cap = 1 << 20;
    mask = cap - 1;
    table = calloc(cap, sizeof(uint32_t));
    w = malloc(cap / 2 * sizeof(bench_word_t));
    n = 0;

    for (i = 0; i < t->len; ) {
        j = i;
        chars = 0;

        for ( ;; ) {
            len = j < t->len ? art_aho_utf8_decode(t->text + j, t->len - j,
                                                   &cp) : 0;
            kind = len ? art_aho_char_kind(cp) : ART_AHO_NONWORD;

            if (kind == ART_AHO_NONWORD) {
                break;
            }

            j += len;
            chars++;
        }

        if (chars >= 4 && j - i < 64 && n < cap / 2) {
            h = 2166136261u;
            for (k = i; k < j; k++) {
                h = (h ^ t->text[k]) * 16777619u;
            }

            for (h &= mask; table[h] != 0; h = (h + 1) & mask) {
                if (w[table[h] - 1].len == j - i
                    && memcmp(t->text + w[table[h] - 1].off, t->text + i,
                              j - i) == 0)
                {
                    break;
                }
            }

            if (table[h] == 0) {
                w[n].off = i;
                w[n].len = j - i;
                w[n].count = 0;
                table[h] = (uint32_t) ++n;
            }

            w[table[h] - 1].count++;
        }

        i = j > i ? j : i + (len ? len : 1);
    }

    free(table);
    *nwords = n;

    return w;
}


static int
by_count(const void *a, const void *b)
{
    const bench_word_t  *x = a, *y = b;

    return x->count < y->count ? 1 : x->count > y->count ? -1 : 0;
}


/* 6,000 words of the text (0: evenly, 1: the most frequent), 4,000 random */
static void
write_terms(const char *path, const bench_text_t *t, bench_word_t *words,
    size_t nwords, int frequent)
{
    size_t     i, n, nterms, step;
    uint64_t   rnd;
    FILE      *f;

    f = fopen(path, "w");
    nterms = 0;

    if (frequent) {
        qsort(words, nwords, sizeof(bench_word_t), by_count);
    }

    step = !frequent && nwords > 6000 ? nwords / 6000 : 1;

    for (i = 0; i < nwords && nterms < 6000; i += step) {
        fwrite(t->text + words[i].off, 1, words[i].len, f);
        fputc('\n', f);
        nterms++;
    }

    rnd = 12345;

    while (nterms < 10000) {
        n = 4 + (rnd >> 61);
        for (i = 0; i < n; i++) {
            rnd = rnd * 6364136223846793005ULL + 1442695040888963407ULL;
            fputc('a' + (int) ((rnd >> 33) % 26), f);
        }
        fputc('\n', f);
        nterms++;
    }

    fclose(f);
}


/*
 * What this machine does with the simplest byte-at-a-time automaton (a
 * table lookup that depends on the last): the ceiling of any scan that
 * looks at every byte, to read the figures above against.
 */
static void
reference(const bench_text_t *t)
{
    int        r;
    size_t     i;
    double     t0, el, best;
    uint32_t   s, table[16 * 256];

    for (i = 0; i < 16 * 256; i++) {
        table[i] = (uint32_t) ((i * 7 + 3) % 16) * 256;
    }

    best = 0;
    s = 0;

    for (r = 0; r < 20; r++) {
        t0 = now();
        for (i = 0; i < t->len; i++) {
            s = table[s + t->text[i]];
        }
        el = now() - t0;

        if (el > 0 && t->len / el / 1e6 > best) {
            best = t->len / el / 1e6;
        }
    }

    printf("reference: a bare dependent table walk, byte by byte, runs at "
           "%.0f MB/s here (%u)\n", best, s & 1);
}


int
main(int argc, char **argv)
{
    const char      *corpus;
    double           seconds, t0;
    char             path[4096], tmp[] = "/tmp/mod-bench-XXXXXX";
    DIR             *d;
    FILE            *f;
    size_t           n, k, nwords, total;
    const char      *label;
    unsigned char   *p;
    struct dirent   *de;
    bench_word_t    *words;
    bench_text_t     t;
    art_mod_conf_t   conf;

    corpus = argc > 1 ? argv[1] : "../shared/corpus";
    seconds = argc > 2 ? atof(argv[2]) : 2.0;

    memset(&t, 0, sizeof(t));
    t.text = malloc(64 * 1024 * 1024);
    t.cap = 1024;
    t.run = malloc(t.cap * sizeof(size_t));
    t.run[0] = 0;
    total = 0;

    d = opendir(corpus);
    if (d == NULL) {
        perror(corpus);
        return 1;
    }

    while ((de = readdir(d)) != NULL) {
        n = strlen(de->d_name);
        if (n < 5 || strcmp(de->d_name + n - 5, ".html") != 0) {
            continue;
        }

        snprintf(path, sizeof(path), "%s/%s", corpus, de->d_name);
        f = fopen(path, "rb");
        if (f == NULL) {
            continue;
        }

        p = malloc(4 * 1024 * 1024);
        n = fread(p, 1, 4 * 1024 * 1024, f);
        fclose(f);
        total += n;
        extract(&t, p, n);
        free(p);
    }

    closedir(d);
    printf("corpus: %.2f MB of HTML, %.2f MB of text in %zu runs\n",
           total / 1e6, t.len / 1e6, t.nruns);

    if (mkdtemp(tmp) == NULL) {
        perror("mkdtemp");
        return 1;
    }

    snprintf(path, sizeof(path), "%s/regex.rules", tmp);
    f = fopen(path, "w");
    fputs(bench_rules, f);
    fclose(f);

    t0 = now();
    if (load(&conf, tmp, "regex.rules") != 0) {
        return 1;
    }
    printf("regex: %zu rules loaded in %.1f ms\n", art_mod_rule_count(&conf),
           (now() - t0) * 1e3);
    measure("regex", &conf, &t, seconds);
    art_mod_conf_free(&conf);

    /*
     * 10,000 terms: 6,000 words of the text and 4,000 random ones, once
     * picked evenly over the vocabulary (most of them rare, as banned
     * words are), once the 6,000 most frequent (a scan walks about every
     * word of the text deep into the automaton: the worst case).
     */
    words = vocabulary(&t, &nwords);
    printf("vocabulary: %zu distinct words of 4 characters or more\n",
           nwords);

    for (k = 0; k < 2; k++) {
        snprintf(path, sizeof(path), "%s/terms.txt", tmp);
        write_terms(path, &t, words, nwords, k);

        snprintf(path, sizeof(path), "%s/words.rules", tmp);
        f = fopen(path, "w");
        fputs("words mask terms.txt\n", f);
        fclose(f);

        t0 = now();
        if (load(&conf, tmp, "words.rules") != 0) {
            return 1;
        }

        label = k == 0 ? "words (vocabulary)" : "words (most frequent)";
        printf("%s: %zu terms loaded in %.1f ms\n", label,
               art_mod_term_count(&conf), (now() - t0) * 1e3);
        measure(label, &conf, &t, seconds);
        art_mod_conf_free(&conf);
    }

    reference(&t);

    free(words);
    free(t.text);
    free(t.run);

    if (getenv("MOD_BENCH_KEEP") != NULL) {
        printf("rules and terms kept in %s\n", tmp);
        return 0;
    }

    snprintf(path, sizeof(path), "%s/regex.rules", tmp);
    unlink(path);
    snprintf(path, sizeof(path), "%s/terms.txt", tmp);
    unlink(path);
    snprintf(path, sizeof(path), "%s/words.rules", tmp);
    unlink(path);
    rmdir(tmp);

    return 0;
}
