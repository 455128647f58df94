#include <stdint.h>

#include "art_test.h"
#include "art_aho.h"


#define MAX_HITS  65536

typedef struct {
    unsigned  id;
    size_t    start;
    size_t    end;
} hit_t;

typedef struct {
    hit_t     hits[MAX_HITS];
    size_t    n;
    int       stop_after;
} hits_t;


static int
collect(void *ud, unsigned id, size_t start, size_t end)
{
    hits_t  *h = ud;

    ck_assert_uint_lt(h->n, MAX_HITS);
    h->hits[h->n].id = id;
    h->hits[h->n].start = start;
    h->hits[h->n].end = end;
    h->n++;

    if (h->stop_after && h->n == (size_t) h->stop_after) {
        return 7;
    }

    return 0;
}


static art_aho_t *
build(unsigned flags, const char **pats)
{
    art_aho_t  *ac;
    unsigned    i;

    ac = art_aho_create(&art_malloc_allocator, flags);
    ck_assert_ptr_nonnull(ac);

    for (i = 0; pats[i]; i++) {
        ck_assert_int_eq(art_aho_add(ac, (const unsigned char *) pats[i],
                                     strlen(pats[i]), i), 0);
    }

    ck_assert_int_eq(art_aho_compile(ac), 0);

    return ac;
}


static hits_t *
scan(art_aho_t *ac, const char *text, size_t len)
{
    static hits_t  h;
    art_buf_t      scratch;

    memset(&h, 0, sizeof(h));
    art_buf_init(&scratch, &art_malloc_allocator);
    ck_assert_int_eq(art_aho_scan(ac, &scratch, (const unsigned char *) text,
                                  len, collect, &h), 0);
    art_buf_free(&scratch);

    return &h;
}


static void
expect(const hits_t *h, size_t i, unsigned id, size_t start, size_t end)
{
    ck_assert_uint_lt(i, h->n);
    ck_assert_uint_eq(h->hits[i].id, id);
    ck_assert_uint_eq(h->hits[i].start, start);
    ck_assert_uint_eq(h->hits[i].end, end);
}


START_TEST(test_classic)
{
    const char  *pats[] = { "he", "she", "his", "hers", NULL };
    art_aho_t   *ac;
    hits_t      *h;

    ac = build(0, pats);
    h = scan(ac, "ushers", 6);

    /* by end, the longer first at the same end */
    ck_assert_uint_eq(h->n, 3);
    expect(h, 0, 1, 1, 4);
    expect(h, 1, 0, 2, 4);
    expect(h, 2, 3, 2, 6);

    ck_assert_uint_eq(art_aho_patterns(ac), 4);
    ck_assert_uint_gt(art_aho_memory(ac), 0);
    art_aho_destroy(ac);
}
END_TEST


START_TEST(test_prefix_suffix)
{
    const char  *pats[] = { "a", "ab", "abc", "bc", "c", "abcd", NULL };
    art_aho_t   *ac;
    hits_t      *h;

    ac = build(0, pats);
    h = scan(ac, "xabcx", 5);

    ck_assert_uint_eq(h->n, 5);
    expect(h, 0, 0, 1, 2);
    expect(h, 1, 1, 1, 3);
    expect(h, 2, 2, 1, 4);
    expect(h, 3, 3, 2, 4);
    expect(h, 4, 4, 3, 4);

    h = scan(ac, "abcd", 4);
    ck_assert_uint_eq(h->n, 6);
    expect(h, 5, 5, 0, 4);

    art_aho_destroy(ac);
}
END_TEST


START_TEST(test_overlap_and_one_byte)
{
    const char  *pats[] = { "aa", "a", NULL };
    art_aho_t   *ac;
    hits_t      *h;

    ac = build(0, pats);
    h = scan(ac, "aaaa", 4);

    /* a at 0; aa and a ending at 2, 3, 4 */
    ck_assert_uint_eq(h->n, 7);
    expect(h, 0, 1, 0, 1);
    expect(h, 1, 0, 0, 2);
    expect(h, 2, 1, 1, 2);
    expect(h, 5, 0, 2, 4);
    expect(h, 6, 1, 3, 4);

    art_aho_destroy(ac);
}
END_TEST


START_TEST(test_empty)
{
    const char  *none[] = { NULL };
    const char  *pats[] = { "x", NULL };
    art_aho_t   *ac;
    hits_t      *h;

    ac = build(0, pats);
    h = scan(ac, "", 0);
    ck_assert_uint_eq(h->n, 0);
    h = scan(ac, "yyy", 3);
    ck_assert_uint_eq(h->n, 0);

    /* patterns cannot be empty, nor added after compiling */
    ck_assert_int_eq(art_aho_add(ac, (const unsigned char *) "z", 1, 9), -1);
    art_aho_destroy(ac);

    ac = art_aho_create(&art_malloc_allocator, 0);
    ck_assert_int_eq(art_aho_add(ac, (const unsigned char *) "", 0, 1), -1);
    art_aho_destroy(ac);

    ac = build(0, none);
    h = scan(ac, "abc", 3);
    ck_assert_uint_eq(h->n, 0);
    art_aho_destroy(ac);
}
END_TEST


START_TEST(test_duplicates_and_ids)
{
    art_aho_t  *ac;
    hits_t     *h;

    ac = art_aho_create(&art_malloc_allocator, 0);
    ck_assert_int_eq(art_aho_add(ac, (const unsigned char *) "ab", 2, 5), 0);
    ck_assert_int_eq(art_aho_add(ac, (const unsigned char *) "ab", 2, 5), 0);
    ck_assert_int_eq(art_aho_add(ac, (const unsigned char *) "ab", 2, 6), 0);
    ck_assert_int_eq(art_aho_compile(ac), 0);
    ck_assert_uint_eq(art_aho_patterns(ac), 2);

    h = scan(ac, "abab", 4);
    ck_assert_uint_eq(h->n, 4);
    ck_assert_uint_eq(h->hits[0].start, 0);
    ck_assert_uint_eq(h->hits[2].start, 2);
    ck_assert(h->hits[0].id != h->hits[1].id);

    art_aho_destroy(ac);
}
END_TEST


START_TEST(test_stop)
{
    const char  *pats[] = { "a", NULL };
    art_aho_t   *ac;
    art_buf_t    scratch;
    hits_t      *h;

    h = calloc(1, sizeof(hits_t));
    h->stop_after = 2;
    art_buf_init(&scratch, &art_malloc_allocator);

    ac = build(0, pats);
    ck_assert_int_eq(art_aho_scan(ac, &scratch, (const unsigned char *) "aaaa",
                                  4, collect, h), 7);
    ck_assert_uint_eq(h->n, 2);

    art_buf_free(&scratch);
    art_aho_destroy(ac);
    free(h);
}
END_TEST


START_TEST(test_binary_bytes)
{
    art_aho_t            *ac;
    hits_t               *h;
    static const char     text[] = "\x00\xff\x01\x00\xff";

    ac = art_aho_create(&art_malloc_allocator, 0);
    ck_assert_int_eq(art_aho_add(ac, (const unsigned char *) "\x00\xff", 2,
                                 1), 0);
    ck_assert_int_eq(art_aho_compile(ac), 0);

    h = scan(ac, text, 5);
    ck_assert_uint_eq(h->n, 2);
    expect(h, 0, 1, 0, 2);
    expect(h, 1, 1, 3, 5);

    art_aho_destroy(ac);
}
END_TEST


START_TEST(test_fold_cp)
{
    ck_assert_uint_eq(art_aho_fold_cp('A'), 'a');
    ck_assert_uint_eq(art_aho_fold_cp('z'), 'z');
    ck_assert_uint_eq(art_aho_fold_cp('@'), '@');
    ck_assert_uint_eq(art_aho_fold_cp(0xc4), 0xe4);      /* Ä */
    ck_assert_uint_eq(art_aho_fold_cp(0xd7), 0xd7);      /* × */
    ck_assert_uint_eq(art_aho_fold_cp(0xdf), 0xdf);      /* ß stays */
    ck_assert_uint_eq(art_aho_fold_cp(0x1e9e), 0xdf);    /* capital ẞ */
    ck_assert_uint_eq(art_aho_fold_cp(0x100), 0x101);    /* Ā */
    ck_assert_uint_eq(art_aho_fold_cp(0x101), 0x101);
    ck_assert_uint_eq(art_aho_fold_cp(0x130), 0x130);    /* İ: full only */
    ck_assert_uint_eq(art_aho_fold_cp(0x17f), 's');      /* long s */
    ck_assert_uint_eq(art_aho_fold_cp(0x178), 0xff);     /* Ÿ */
    ck_assert_uint_eq(art_aho_fold_cp(0x3a3), 0x3c3);    /* Σ */
    ck_assert_uint_eq(art_aho_fold_cp(0x3c2), 0x3c3);    /* final ς */
    ck_assert_uint_eq(art_aho_fold_cp(0x386), 0x3ac);    /* Ά */
    ck_assert_uint_eq(art_aho_fold_cp(0x410), 0x430);    /* А */
    ck_assert_uint_eq(art_aho_fold_cp(0x401), 0x451);    /* Ё */
    ck_assert_uint_eq(art_aho_fold_cp(0x4c0), 0x4cf);    /* Ӏ */
    ck_assert_uint_eq(art_aho_fold_cp(0x531), 0x561);    /* Armenian Ա */
    ck_assert_uint_eq(art_aho_fold_cp(0x212a), 'k');     /* Kelvin */
    ck_assert_uint_eq(art_aho_fold_cp(0x23a), 0x2c65);   /* grows */
    ck_assert_uint_eq(art_aho_fold_cp(0x627), 0x627);    /* Arabic alef */
    ck_assert_uint_eq(art_aho_fold_cp(0x6cc), 0x6cc);    /* Persian yeh */
    ck_assert_uint_eq(art_aho_fold_cp(0x5d0), 0x5d0);    /* Hebrew */
    ck_assert_uint_eq(art_aho_fold_cp(0x4e2d), 0x4e2d);  /* CJK */
    ck_assert_uint_eq(art_aho_fold_cp(0xff21), 0xff41);  /* fullwidth A */
    ck_assert_uint_eq(art_aho_fold_cp(0x10400), 0x10428);
    ck_assert_uint_eq(art_aho_fold_cp(0x1e900), 0x1e922);
    ck_assert_uint_eq(art_aho_fold_cp(0x1e922), 0x1e922);
    ck_assert_uint_eq(art_aho_fold_cp(0x10ffff), 0x10ffff);
}
END_TEST


START_TEST(test_fold_string)
{
    art_buf_t  b;

    art_buf_init(&b, &art_malloc_allocator);

    /* invalid bytes are kept, the rest folds */
    ck_assert_int_eq(art_aho_fold(&b, (const unsigned char *)
                                  "A\xff\xc3\x84\xd0\x96\xc3", 7), 0);
    ck_assert_uint_eq(b.len, 7);
    ck_assert_int_eq(memcmp(b.data, "a\xff\xc3\xa4\xd0\xb6\xc3", 7), 0);

    art_buf_free(&b);
}
END_TEST


START_TEST(test_caseless_scripts)
{
    const char  *pats[] = {
        "Hello",                                    /* 0 */
        "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82",
                                                    /* 1 привет */
        "\xcf\x83\xce\xbf\xcf\x86\xce\xb9\xce\xb1", /* 2 σοφια */
        "stra\xc3\x9f" "e",                         /* 3 straße */
        "\xd5\xa2\xd5\xa1\xd6\x80\xd5\xa5\xd6\x82", /* 4 բարեւ */
        NULL
    };
    const char  *text =
        "HeLLo "                                    /* 0..5 */
        "\xd0\x9f\xd0\xa0\xd0\x98\xd0\x92\xd0\x95\xd0\xa2 "
                                                    /* ПРИВЕТ 6..18 */
        "\xce\xa3\xce\x9f\xce\xa6\xce\x99\xce\x91 "  /* ΣΟΦΙΑ 19..29 */
        "STRA\xe1\xba\x9e" "E "                      /* STRAẞE 30..38 */
        "\xd4\xb2\xd4\xb1\xd5\x90\xd4\xb5\xd5\x92";  /* ԲԱՐԵՒ 39..49 */
    art_aho_t   *ac;
    hits_t      *h;

    ac = build(ART_AHO_CASELESS, pats);
    h = scan(ac, text, strlen(text));

    ck_assert_uint_eq(h->n, 5);
    expect(h, 0, 0, 0, 5);
    expect(h, 1, 1, 6, 18);
    expect(h, 2, 2, 19, 29);
    /* ẞ is 3 bytes and ß 2: offsets are the original's */
    expect(h, 3, 3, 30, 38);
    expect(h, 4, 4, 39, 49);

    art_aho_destroy(ac);

    /* without the flag, case matters */
    ac = build(0, pats);
    h = scan(ac, text, strlen(text));
    ck_assert_uint_eq(h->n, 0);
    art_aho_destroy(ac);
}
END_TEST


START_TEST(test_caseless_length_changes)
{
    const char  *pats[] = { "stop", "kelvin", "\xe2\xb1\xa5" "b", NULL };
    /* ſtop, Kelvin sign + "ELVIN", Ⱥb (2 bytes folding to 3) */
    const char  *text = "\xc5\xbftop \xe2\x84\xaa" "ELVIN \xc8\xba" "B stop";
    art_aho_t   *ac;
    hits_t      *h;

    ac = build(ART_AHO_CASELESS, pats);
    h = scan(ac, text, strlen(text));

    ck_assert_uint_eq(h->n, 4);
    expect(h, 0, 0, 0, 5);
    expect(h, 1, 1, 6, 14);
    expect(h, 2, 2, 15, 18);
    expect(h, 3, 0, 19, 23);

    art_aho_destroy(ac);
}
END_TEST


START_TEST(test_caseless_invalid_utf8)
{
    const char  *pats[] = { "\xc3\xa4" "bc", "xyz", NULL };
    /* invalid bytes before, between and after; Ä folds */
    const char  *text = "\xff\xc3\x84" "BC\xc3\xe2\x82 XYZ\xed\xa0\x80xyz\xc3";
    art_aho_t   *ac;
    hits_t      *h;

    ac = build(ART_AHO_CASELESS, pats);
    h = scan(ac, text, strlen(text));

    ck_assert_uint_eq(h->n, 3);
    expect(h, 0, 0, 1, 5);
    expect(h, 1, 1, 9, 12);
    expect(h, 2, 1, 15, 18);

    art_aho_destroy(ac);
}
END_TEST


/*
 * Latin-1 letters: those that fold (É, Ä, µ to Greek mu) are found in
 * either case, those that do not (é, ß, ÿ) are passed over, long runs of
 * them included; offsets are of the text as given.
 */
START_TEST(test_caseless_latin1)
{
    const char  *pats[] = { "\xc3\xa9l\xc3\xa9phant", "\xce\xbc" "m",
                            "stra\xc3\x9f" "e", NULL };
    const char  *text =
        "\xc3\xa9\xc3\xa8\xc3\xbf\xc3\x9f\xc2\xa0 "     /* 0: éèÿß nbsp */
        "\xc3\x89L\xc3\x89PHANT "                     /* 11: ÉLÉPHANT */
        "\xc3\xa9l\xc3\xa9phant "                     /* 22: éléphant */
        "\xc2\xb5M "                                  /* 33: µM */
        "STRA\xc3\x9f" "E "                            /* 37: STRAßE */
        "\xc3\x80\xc3\x96\xc3\x98\xc3\x9e\xc3\xa0";      /* 45: ÀÖØÞà */
    art_aho_t   *ac;
    hits_t      *h;

    ac = build(ART_AHO_CASELESS, pats);
    h = scan(ac, text, strlen(text));

    ck_assert_uint_eq(h->n, 4);
    expect(h, 0, 0, 11, 21);
    expect(h, 1, 0, 22, 32);
    expect(h, 2, 1, 33, 36);
    expect(h, 3, 2, 37, 44);

    art_aho_destroy(ac);
}
END_TEST


/* a reference: every pattern at every position */
static size_t
naive(char **pats, size_t *lens, size_t npats, const char *text, size_t len,
    hit_t *out, size_t max)
{
    size_t  i, e, n;

    n = 0;

    for (e = 1; e <= len; e++) {
        for (i = 0; i < npats; i++) {
            if (lens[i] <= e
                && memcmp(text + e - lens[i], pats[i], lens[i]) == 0)
            {
                ck_assert_uint_lt(n, max);
                out[n].id = (unsigned) i;
                out[n].start = e - lens[i];
                out[n].end = e;
                n++;
            }
        }
    }

    return n;
}


static int
hit_cmp(const void *a, const void *b)
{
    const hit_t  *x = a, *y = b;

    if (x->end != y->end) {
        return x->end < y->end ? -1 : 1;
    }

    return x->id < y->id ? -1 : x->id > y->id;
}


static unsigned
rnd(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned) (*s >> 33);
}


static void
cross_check(uint64_t seed, size_t npats, size_t maxlen, unsigned alpha,
    size_t textlen)
{
    size_t     i, j, n, *lens;
    char     **pats, *text;
    uint64_t   s;
    hits_t    *h;
    hit_t     *ref;
    art_aho_t *ac;

    s = seed;
    pats = calloc(npats, sizeof(char *));
    lens = calloc(npats, sizeof(size_t));
    text = malloc(textlen + 1);
    ref = calloc(MAX_HITS, sizeof(hit_t));

    ac = art_aho_create(&art_malloc_allocator, 0);

    /* distinct patterns: a duplicate would be reported once */
    for (i = 0; i < npats; i++) {
        for ( ;; ) {
            lens[i] = 1 + rnd(&s) % maxlen;
            pats[i] = malloc(lens[i]);
            for (j = 0; j < lens[i]; j++) {
                pats[i][j] = (char) ('a' + rnd(&s) % alpha);
            }

            for (j = 0; j < i; j++) {
                if (lens[j] == lens[i]
                    && memcmp(pats[j], pats[i], lens[i]) == 0)
                {
                    break;
                }
            }

            if (j == i) {
                break;
            }
            free(pats[i]);
        }

        ck_assert_int_eq(art_aho_add(ac, (unsigned char *) pats[i], lens[i],
                                     (unsigned) i), 0);
    }

    ck_assert_int_eq(art_aho_compile(ac), 0);

    /* the text: pieces of patterns and random letters */
    for (i = 0; i < textlen; ) {
        if (rnd(&s) % 2) {
            j = rnd(&s) % npats;
            n = lens[j] < textlen - i ? lens[j] : textlen - i;
            memcpy(text + i, pats[j], n);
            i += n;

        } else {
            text[i++] = (char) ('a' + rnd(&s) % (alpha + 1));
        }
    }

    n = naive(pats, lens, npats, text, textlen, ref, MAX_HITS);
    h = scan(ac, text, textlen);

    ck_assert_uint_eq(h->n, n);
    qsort(h->hits, h->n, sizeof(hit_t), hit_cmp);
    qsort(ref, n, sizeof(hit_t), hit_cmp);

    for (i = 0; i < n; i++) {
        ck_assert_uint_eq(h->hits[i].id, ref[i].id);
        ck_assert_uint_eq(h->hits[i].start, ref[i].start);
        ck_assert_uint_eq(h->hits[i].end, ref[i].end);
    }

    for (i = 0; i < npats; i++) {
        free(pats[i]);
    }
    free(pats);
    free(lens);
    free(text);
    free(ref);
    art_aho_destroy(ac);
}


START_TEST(test_random_small_alphabet)
{
    uint64_t  seed;

    /* many overlaps, prefixes and suffixes of one another */
    for (seed = 1; seed <= 40; seed++) {
        cross_check(seed, 1 + seed % 30, 6, 3, 400);
    }
}
END_TEST


START_TEST(test_random_sparse_states)
{
    /*
     * 4000 patterns of up to 60 bytes over 26 letters make about 100,000
     * states, more than the dense rows hold: the deep ones are sparse.
     */
    cross_check(99, 4000, 60, 26, 6000);
}
END_TEST


START_TEST(test_many_states_and_ids)
{
    art_aho_t  *ac;
    char        buf[32];
    unsigned    i;
    hits_t     *h;

    ac = art_aho_create(&art_malloc_allocator, ART_AHO_CASELESS);

    for (i = 0; i < 20000; i++) {
        snprintf(buf, sizeof(buf), "Term%05uX", i);
        ck_assert_int_eq(art_aho_add(ac, (unsigned char *) buf, strlen(buf),
                                     i), 0);
    }

    ck_assert_int_eq(art_aho_compile(ac), 0);
    ck_assert_uint_eq(art_aho_patterns(ac), 20000);
    ck_assert_uint_gt(art_aho_states(ac), 20000);

    h = scan(ac, "..term00000x..TERM19999X..term12345..TeRm12345x", 47);
    ck_assert_uint_eq(h->n, 3);
    expect(h, 0, 0, 2, 12);
    expect(h, 1, 19999, 14, 24);
    expect(h, 2, 12345, 37, 47);

    art_aho_destroy(ac);
}
END_TEST


/*
 * Bytes of the whole range, high ones and NUL included, with patterns of
 * 3 bytes or more: the window shifts are looked up by the last two bytes
 * as the scan reads them.
 */
START_TEST(test_random_bytes_windows)
{
    static const unsigned char  alpha[] = {
        0x00, 0x01, 'a', 'A', 0x7f, 0x80, 0xbf, 0xc3, 0xc5, 0xe2, 0xff
    };
    size_t      i, j, n, npats, len, textlen, *lens;
    char      **pats, text[300];
    uint64_t    s, seed;
    hits_t     *h;
    hit_t      *ref;
    art_aho_t  *ac;

    ref = calloc(MAX_HITS, sizeof(hit_t));

    for (seed = 1; seed <= 60; seed++) {
        s = seed;
        npats = 1 + rnd(&s) % 12;
        pats = calloc(npats, sizeof(char *));
        lens = calloc(npats, sizeof(size_t));
        ac = art_aho_create(&art_malloc_allocator, 0);

        for (i = 0; i < npats; i++) {
            /* distinct: a duplicate would be reported once */
            do {
                len = 3 + rnd(&s) % 5;
                pats[i] = realloc(pats[i], len);
                for (j = 0; j < len; j++) {
                    pats[i][j] = (char) alpha[rnd(&s) % (3 + seed % 9)];
                }

                for (j = 0; j < i; j++) {
                    if (lens[j] == len && memcmp(pats[j], pats[i], len) == 0)
                    {
                        break;
                    }
                }
            } while (j < i);

            lens[i] = len;
            ck_assert_int_eq(art_aho_add(ac, (unsigned char *) pats[i], len,
                                         (unsigned) i), 0);
        }

        ck_assert_int_eq(art_aho_compile(ac), 0);

        textlen = rnd(&s) % sizeof(text);

        for (i = 0; i < textlen; ) {
            if (rnd(&s) % 3 == 0) {
                j = rnd(&s) % npats;
                n = lens[j] < textlen - i ? lens[j] : textlen - i;
                memcpy(text + i, pats[j], n);
                i += n;

            } else {
                text[i++] = (char) alpha[rnd(&s) % sizeof(alpha)];
            }
        }

        n = naive(pats, lens, npats, text, textlen, ref, MAX_HITS);
        h = scan(ac, text, textlen);

        ck_assert_uint_eq(h->n, n);
        qsort(h->hits, h->n, sizeof(hit_t), hit_cmp);
        qsort(ref, n, sizeof(hit_t), hit_cmp);

        for (i = 0; i < n; i++) {
            ck_assert_uint_eq(h->hits[i].id, ref[i].id);
            ck_assert_uint_eq(h->hits[i].start, ref[i].start);
            ck_assert_uint_eq(h->hits[i].end, ref[i].end);
        }

        for (i = 0; i < npats; i++) {
            free(pats[i]);
        }
        free(pats);
        free(lens);
        art_aho_destroy(ac);
    }

    free(ref);
}
END_TEST


/*
 * A reference for caseless scans: the text folded a character at a time
 * (an invalid byte as it is), every pattern tried at every place of it,
 * offsets mapped back to the text.
 */
static size_t
naive_caseless(char **pats, size_t *lens, size_t npats, const char *text,
    size_t len, hit_t *out, size_t max)
{
    size_t          i, e, k, n, clen, *map;
    unsigned long   cp;
    art_buf_t       f;

    art_buf_init(&f, &art_malloc_allocator);
    map = calloc(4 * len + 1, sizeof(size_t));

    for (i = 0; i < len; i += clen) {
        clen = art_aho_utf8_decode((const unsigned char *) text + i,
                                   len - i, &cp);
        if (clen == 0) {
            clen = 1;
        }

        k = f.len;
        ck_assert_int_eq(art_aho_fold(&f, (const unsigned char *) text + i,
                                      clen), 0);

        for ( /* void */ ; k < f.len; k++) {
            map[k] = i;
        }
    }

    map[f.len] = len;
    n = 0;

    for (e = 1; e <= f.len; e++) {
        for (i = 0; i < npats; i++) {
            if (lens[i] <= e
                && memcmp(f.data + e - lens[i], pats[i], lens[i]) == 0)
            {
                ck_assert_uint_lt(n, max);
                out[n].id = (unsigned) i;
                out[n].start = map[e - lens[i]];
                out[n].end = map[e];
                n++;
            }
        }
    }

    art_buf_free(&f);
    free(map);

    return n;
}


/*
 * Caseless scans leave unfolded what cannot change a match (most
 * non-ASCII text when the patterns are ASCII) and fold from the first
 * character that can: ſ and the Kelvin sign fold to ASCII, É, Ω and ẞ
 * to non-ASCII, ’ not at all, among invalid bytes, at every place
 * around the eight-byte words the text is read in, and with patterns
 * that hold non-ASCII too.
 */
START_TEST(test_caseless_fold_skip)
{
    static const char  *pieces[] = {
        "s", "S", "k", "K", "e", "r", "v", " ", "\xc5\xbf", "\xe2\x84\xaa",
        "\xc3\x89", "\xc3\xa9", "\xe2\x80\x99", "\xe2\x84\xa6",
        "\xcf\x89", "\xe1\xba\x9e", "\xc3\x9f", "\xc5", "\x80", "\xe2\x84",
        "\xff", "\xc3"
    };
    static const char  *folded[] = {
        "s", "k", "e", "r", "v", "\xc3\xa9", "\xcf\x89", "\xc3\x9f"
    };
    static const char  *lone[] = { "\x89", NULL };
    size_t      i, j, n, npats, len, textlen, lens[8];
    char       *pats[8], text[400];
    uint64_t    s, seed;
    hits_t     *h;
    hit_t      *ref;
    art_aho_t  *ac;

    ref = calloc(MAX_HITS, sizeof(hit_t));

    for (seed = 1; seed <= 300; seed++) {
        s = seed;
        npats = 1 + rnd(&s) % 6;
        ac = art_aho_create(&art_malloc_allocator, ART_AHO_CASELESS);

        for (i = 0; i < npats; i++) {
            /* ASCII alone in most, so that folding rarely counts */
            do {
                len = 1 + rnd(&s) % 5;
                pats[i] = malloc(4 * len);
                lens[i] = 0;

                for (j = 0; j < len; j++) {
                    n = rnd(&s) % (seed % 3 ? 5 : 8);
                    memcpy(pats[i] + lens[i], folded[n], strlen(folded[n]));
                    lens[i] += strlen(folded[n]);
                }

                for (j = 0; j < i; j++) {
                    if (lens[j] == lens[i]
                        && memcmp(pats[j], pats[i], lens[i]) == 0)
                    {
                        break;
                    }
                }

                if (j < i) {
                    free(pats[i]);
                }
            } while (j < i);

            ck_assert_int_eq(art_aho_add(ac, (unsigned char *) pats[i],
                                         lens[i], (unsigned) i), 0);
        }

        ck_assert_int_eq(art_aho_compile(ac), 0);

        /* plain ASCII up to a place, then anything */
        textlen = 0;
        n = rnd(&s) % 40;

        while (textlen < n) {
            text[textlen++] = 'a' + rnd(&s) % 26;
        }

        n = rnd(&s) % 60;

        for (i = 0; i < n; i++) {
            j = rnd(&s) % (sizeof(pieces) / sizeof(pieces[0]));
            memcpy(text + textlen, pieces[j], strlen(pieces[j]));
            textlen += strlen(pieces[j]);
        }

        n = naive_caseless(pats, lens, npats, text, textlen, ref, MAX_HITS);
        h = scan(ac, text, textlen);

        ck_assert_msg(h->n == n, "seed %u: %zu matches, %zu expected",
                      (unsigned) seed, h->n, n);
        qsort(h->hits, h->n, sizeof(hit_t), hit_cmp);
        qsort(ref, n, sizeof(hit_t), hit_cmp);

        for (i = 0; i < n; i++) {
            ck_assert_uint_eq(h->hits[i].id, ref[i].id);
            ck_assert_uint_eq(h->hits[i].start, ref[i].start);
            ck_assert_uint_eq(h->hits[i].end, ref[i].end);
        }

        for (i = 0; i < npats; i++) {
            free(pats[i]);
        }
        art_aho_destroy(ac);
    }

    free(ref);

    /*
     * A pattern of a byte of É alone (invalid UTF-8): É must be folded,
     * to é, for its own bytes count, not only those of its folding.
     */
    ac = build(ART_AHO_CASELESS, lone);
    h = scan(ac, "\xc3\x89 x\xc3\x89", 6);
    ck_assert_uint_eq(h->n, 0);
    art_aho_destroy(ac);
}
END_TEST


/*
 * Where few characters count (with ASCII patterns, ſ for s and the
 * Kelvin sign for k), the scan looks for their lead bytes alone, in
 * texts of 16 bytes or more: with one, two or many such lead bytes, in
 * texts on both sides of that length, the one that counts after lead
 * bytes that do not (Ł, ’, é), or first, or none.
 */
START_TEST(test_caseless_fold_leads)
{
    static const char  *sets[][4] = {
        { "sk", "kelvin", NULL },           /* two: ſ and K */
        { "ss", "sus", NULL },              /* one: ſ */
        { "xyz", "abc", NULL },             /* none */
        { "s\xc3\xa9", "k\xcf\x89", NULL }, /* many */
    };
    static const char  *decoys[] = {
        "", "\xc5\x81", "\xe2\x80\x99", "\xc3\xa9\xc5\x81\xe2\x80\x99"
    };
    static const char  *targets[] = {
        "", "\xc5\xbf\xe2\x84\xaa", "\xe2\x84\xaa" "elvin", "s\xc5\xbf",
        "\xc5\xbfu\xc5\xbf", "\xc5\xbf\xc3\x89", "K\xe2\x84\xa6"
    };
    char        text[128];
    size_t      si, pre, di, ti, post, i, n, len, npats, lens[4];
    hits_t     *h;
    hit_t      *ref;
    art_aho_t  *ac;

    ref = calloc(MAX_HITS, sizeof(hit_t));

    for (si = 0; si < sizeof(sets) / sizeof(sets[0]); si++) {
        ac = build(ART_AHO_CASELESS, sets[si]);

        for (npats = 0; sets[si][npats]; npats++) {
            lens[npats] = strlen(sets[si][npats]);
        }

        for (pre = 0; pre < 20; pre++) {
            for (di = 0; di < sizeof(decoys) / sizeof(decoys[0]); di++) {
                for (ti = 0; ti < sizeof(targets) / sizeof(targets[0]);
                     ti++)
                {
                    for (post = 0; post < 3; post++) {
                        memset(text, 'a', pre);
                        len = pre;
                        memcpy(text + len, decoys[di], strlen(decoys[di]));
                        len += strlen(decoys[di]);
                        memcpy(text + len, targets[ti],
                               strlen(targets[ti]));
                        len += strlen(targets[ti]);
                        memset(text + len, 'b', post);
                        len += post;

                        n = naive_caseless((char **) sets[si], lens, npats,
                                           text, len, ref, MAX_HITS);
                        h = scan(ac, text, len);

                        ck_assert_msg(h->n == n, "set %zu, \"%.*s\": %zu "
                                      "matches, %zu expected", si, (int) len,
                                      text, h->n, n);
                        qsort(h->hits, h->n, sizeof(hit_t), hit_cmp);
                        qsort(ref, n, sizeof(hit_t), hit_cmp);

                        for (i = 0; i < n; i++) {
                            ck_assert_uint_eq(h->hits[i].id, ref[i].id);
                            ck_assert_uint_eq(h->hits[i].start,
                                              ref[i].start);
                            ck_assert_uint_eq(h->hits[i].end, ref[i].end);
                        }
                    }
                }
            }
        }

        art_aho_destroy(ac);
    }

    /* the ones that count are found */
    ac = build(ART_AHO_CASELESS, sets[0]);
    h = scan(ac, "aaaaaaaaaaaaaaaa\xc5\x81\xe2\x80\x99\xc5\xbf"
             "\xe2\x84\xaa", 26);
    ck_assert_uint_eq(h->n, 1);
    expect(h, 0, 0, 21, 26);
    art_aho_destroy(ac);

    free(ref);
}
END_TEST


/*
 * What the caseless scans rely on to leave a character unfolded: its
 * folding is of the same kind, so whole words see no difference.
 */
START_TEST(test_fold_keeps_kind)
{
    unsigned long  cp, f;

    for (cp = 0x80; cp <= 0x10ffff; cp++) {
        f = art_aho_fold_cp(cp);

        if (f != cp) {
            ck_assert_msg(art_aho_char_kind(f) == art_aho_char_kind(cp),
                          "U+%04lX folds to U+%04lX of another kind", cp, f);
        }
    }
}
END_TEST


START_TEST(test_char_kind)
{
    ck_assert_int_eq(art_aho_char_kind('a'), ART_AHO_WORD);
    ck_assert_int_eq(art_aho_char_kind('Z'), ART_AHO_WORD);
    ck_assert_int_eq(art_aho_char_kind('7'), ART_AHO_WORD);
    ck_assert_int_eq(art_aho_char_kind('_'), ART_AHO_WORD);
    ck_assert_int_eq(art_aho_char_kind(' '), ART_AHO_NONWORD);
    ck_assert_int_eq(art_aho_char_kind('-'), ART_AHO_NONWORD);
    ck_assert_int_eq(art_aho_char_kind(0xa0), ART_AHO_NONWORD);   /* nbsp */
    ck_assert_int_eq(art_aho_char_kind(0xe9), ART_AHO_WORD);      /* é */
    ck_assert_int_eq(art_aho_char_kind(0x301), ART_AHO_WORD);     /* mark */
    ck_assert_int_eq(art_aho_char_kind(0x2019), ART_AHO_NONWORD); /* ’ */
    ck_assert_int_eq(art_aho_char_kind(0x203f), ART_AHO_WORD);    /* ‿ Pc */
    ck_assert_int_eq(art_aho_char_kind(0x627), ART_AHO_WORD);     /* ا */
    ck_assert_int_eq(art_aho_char_kind(0x64e), ART_AHO_WORD);     /* fatha */
    ck_assert_int_eq(art_aho_char_kind(0x660), ART_AHO_WORD);     /* ٠ */
    ck_assert_int_eq(art_aho_char_kind(0x60c), ART_AHO_NONWORD);  /* ، */
    ck_assert_int_eq(art_aho_char_kind(0x61f), ART_AHO_NONWORD);  /* ؟ */
    ck_assert_int_eq(art_aho_char_kind(0x200c), ART_AHO_WORD);    /* ZWNJ */
    ck_assert_int_eq(art_aho_char_kind(0x200d), ART_AHO_WORD);    /* ZWJ */
    ck_assert_int_eq(art_aho_char_kind(0x200b), ART_AHO_NONWORD); /* ZWSP */
    ck_assert_int_eq(art_aho_char_kind(0x5d0), ART_AHO_WORD);     /* א */
    ck_assert_int_eq(art_aho_char_kind(0x4e2d), ART_AHO_STANDALONE);
    ck_assert_int_eq(art_aho_char_kind(0x3042), ART_AHO_STANDALONE);
    ck_assert_int_eq(art_aho_char_kind(0x30fc), ART_AHO_STANDALONE);
    ck_assert_int_eq(art_aho_char_kind(0xe01), ART_AHO_STANDALONE); /* ก */
    ck_assert_int_eq(art_aho_char_kind(0x3002), ART_AHO_NONWORD); /* 。 */
    ck_assert_int_eq(art_aho_char_kind(0xac00), ART_AHO_WORD);    /* 가 */
    ck_assert_int_eq(art_aho_char_kind(0x20000), ART_AHO_STANDALONE);
    ck_assert_int_eq(art_aho_char_kind(0x1f600), ART_AHO_NONWORD); /* 😀 */
    ck_assert_int_eq(art_aho_char_kind(0x10ffff), ART_AHO_NONWORD);
}
END_TEST


START_TEST(test_words_mode)
{
    const char  *pats[] = { "cat", "new york", "c++", "a", "#tag", NULL };
    const char  *text = "cat concat cats cat_ (cat) new  york new york "
                        "c++x c+++ a ab #tag x#tag";
    art_aho_t   *ac;
    hits_t      *h;

    ac = build(ART_AHO_CASELESS | ART_AHO_WORDS, pats);
    h = scan(ac, text, strlen(text));

    ck_assert_uint_eq(h->n, 6);
    expect(h, 0, 0, 0, 3);
    expect(h, 1, 0, 22, 25);
    expect(h, 2, 1, 37, 45);
    /* c++ then + is whole: + is no word character */
    expect(h, 3, 2, 51, 54);
    expect(h, 4, 3, 56, 57);
    expect(h, 5, 4, 61, 65);

    art_aho_destroy(ac);
}
END_TEST


START_TEST(test_words_scripts)
{
    /* 法轮功 inside Han text, كتاب as an Arabic word, کتاب before ZWNJ */
    const char  *pats[] = {
        "\xe6\xb3\x95\xe8\xbd\xae\xe5\x8a\x9f",
        "\xd9\x83\xd8\xaa\xd8\xa7\xd8\xa8",
        "\xda\xa9\xd8\xaa\xd8\xa7\xd8\xa8",
        "straSSe", NULL
    };
    const char  *text =
        "\xe6\x88\x91\xe6\xb3\x95\xe8\xbd\xae\xe5\x8a\x9f\xe7\x9a\x84 "
                                                    /* 0..15 */
        "\xd8\xa7\xd9\x84\xd9\x83\xd8\xaa\xd8\xa7\xd8\xa8 "   /* 16..28 */
        "\xd9\x83\xd8\xaa\xd8\xa7\xd8\xa8\xd8\x8c "   /* 29..39 */
        "\xda\xa9\xd8\xaa\xd8\xa7\xd8\xa8\xe2\x80\x8c\xd9\x87\xd8\xa7 "
                                                    /* 40..55 */
        "STRASSE";                                  /* 56..62 */
    art_aho_t   *ac;
    hits_t      *h;

    ac = build(ART_AHO_CASELESS | ART_AHO_WORDS, pats);
    h = scan(ac, text, strlen(text));

    ck_assert_uint_eq(h->n, 3);
    expect(h, 0, 0, 3, 12);
    expect(h, 1, 1, 29, 37);
    expect(h, 2, 3, 56, 63);

    art_aho_destroy(ac);
}
END_TEST


START_TEST(test_words_prefilter)
{
    /* words of four word bytes or more are screened by their first four */
    const char  *pats[] = { "Hello", "abc", "ab_9x", "long word", NULL };
    const char  *text = "HELLO hello, HeLLo hellothere abcd abc AB_9X "
                        "ab_9y LONG WORD long words";
    art_aho_t   *ac;
    hits_t      *h;

    ac = build(ART_AHO_CASELESS | ART_AHO_WORDS, pats);
    h = scan(ac, text, strlen(text));

    ck_assert_uint_eq(h->n, 6);
    expect(h, 0, 0, 0, 5);
    expect(h, 1, 0, 6, 11);
    expect(h, 2, 0, 13, 18);
    expect(h, 3, 1, 35, 38);
    expect(h, 4, 2, 39, 44);
    expect(h, 5, 3, 51, 60);
    art_aho_destroy(ac);

    /* without the caseless flag, case counts again */
    ac = build(ART_AHO_WORDS, pats);
    h = scan(ac, text, strlen(text));
    ck_assert_uint_eq(h->n, 1);
    expect(h, 0, 1, 35, 38);
    art_aho_destroy(ac);
}
END_TEST


/* whole words against a reference: every occurrence, boundaries checked */
static int
same(const char *a, const char *b, size_t n, int caseless)
{
    size_t  i;

    for (i = 0; i < n; i++) {
        if (a[i] != b[i]
            && !(caseless && (a[i] | 0x20) == (b[i] | 0x20)
                 && (a[i] | 0x20) >= 'a' && (a[i] | 0x20) <= 'z'))
        {
            return 0;
        }
    }

    return 1;
}


static void
cross_check_words(uint64_t seed, int caseless)
{
    static const char   alpha[] = "abAB -.";
    size_t              i, j, k, n, npats, lens[12], textlen;
    char                pats[12][8], text[300];
    uint64_t            s;
    hits_t             *h;
    hit_t               ref[4096];
    art_aho_t          *ac;

    s = seed;
    npats = 1 + rnd(&s) % 12;
    ac = art_aho_create(&art_malloc_allocator,
                        ART_AHO_WORDS | (caseless ? ART_AHO_CASELESS : 0));

    for (i = 0; i < npats; i++) {
        lens[i] = 1 + rnd(&s) % 6;
        for (j = 0; j < lens[i]; j++) {
            pats[i][j] = alpha[rnd(&s) % 7];
        }
        ck_assert_int_eq(art_aho_add(ac, (unsigned char *) pats[i], lens[i],
                                     (unsigned) i), 0);
    }

    ck_assert_int_eq(art_aho_compile(ac), 0);

    textlen = 1 + rnd(&s) % 299;
    for (i = 0; i < textlen; i++) {
        text[i] = alpha[rnd(&s) % 7];
    }

    n = 0;
    for (k = 1; k <= textlen; k++) {
        for (i = 0; i < npats; i++) {
            if (lens[i] > k
                || !same(text + k - lens[i], pats[i], lens[i], caseless))
            {
                continue;
            }

            if ((k - lens[i] > 0 && art_aho_char_kind(
                     (unsigned char) text[k - lens[i] - 1]) == ART_AHO_WORD)
                || (k < textlen && art_aho_char_kind(
                        (unsigned char) text[k]) == ART_AHO_WORD))
            {
                continue;
            }

            ref[n].id = (unsigned) i;
            ref[n].start = k - lens[i];
            ref[n].end = k;
            n++;
        }
    }

    h = scan(ac, text, textlen);

    ck_assert_uint_eq(h->n, n);
    qsort(h->hits, h->n, sizeof(hit_t), hit_cmp);
    qsort(ref, n, sizeof(hit_t), hit_cmp);

    for (i = 0; i < n; i++) {
        ck_assert_uint_eq(h->hits[i].id, ref[i].id);
        ck_assert_uint_eq(h->hits[i].start, ref[i].start);
        ck_assert_uint_eq(h->hits[i].end, ref[i].end);
    }

    art_aho_destroy(ac);
}


START_TEST(test_words_random)
{
    uint64_t  seed;

    for (seed = 1; seed <= 300; seed++) {
        cross_check_words(seed, 0);
        cross_check_words(seed, 1);
    }
}
END_TEST


static Suite *
aho_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("aho");
    tc = tcase_create("core");
    tcase_set_timeout(tc, 60);

    tcase_add_test(tc, test_classic);
    tcase_add_test(tc, test_caseless_latin1);
    tcase_add_test(tc, test_prefix_suffix);
    tcase_add_test(tc, test_overlap_and_one_byte);
    tcase_add_test(tc, test_empty);
    tcase_add_test(tc, test_duplicates_and_ids);
    tcase_add_test(tc, test_stop);
    tcase_add_test(tc, test_binary_bytes);
    tcase_add_test(tc, test_fold_cp);
    tcase_add_test(tc, test_fold_string);
    tcase_add_test(tc, test_caseless_scripts);
    tcase_add_test(tc, test_caseless_length_changes);
    tcase_add_test(tc, test_caseless_invalid_utf8);
    tcase_add_test(tc, test_random_small_alphabet);
    tcase_add_test(tc, test_random_sparse_states);
    tcase_add_test(tc, test_many_states_and_ids);
    tcase_add_test(tc, test_random_bytes_windows);
    tcase_add_test(tc, test_caseless_fold_skip);
    tcase_add_test(tc, test_caseless_fold_leads);
    tcase_add_test(tc, test_fold_keeps_kind);
    tcase_add_test(tc, test_char_kind);
    tcase_add_test(tc, test_words_mode);
    tcase_add_test(tc, test_words_scripts);
    tcase_add_test(tc, test_words_prefilter);
    tcase_add_test(tc, test_words_random);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    return art_test_run(aho_suite());
}
