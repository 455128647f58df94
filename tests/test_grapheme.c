#include <errno.h>

#include "art_test.h"
#include "art_grapheme.h"


/* the clusters of s, as byte lengths, into lens; returns their number */
static size_t
split(const char *s, size_t *lens, size_t max)
{
    size_t                i, n, k, len;
    const unsigned char  *p;

    p = (const unsigned char *) s;
    n = strlen(s);
    k = 0;

    for (i = 0; i < n; i += len) {
        len = art_grapheme_next(p + i, n - i);
        ck_assert_uint_gt(len, 0);
        ck_assert_uint_lt(k, max);
        lens[k++] = len;
    }

    ck_assert_uint_eq(i, n);

    return k;
}


static void
expect(const char *s, size_t nexp, const size_t *exp)
{
    size_t  lens[64], n, i;

    n = split(s, lens, 64);
    ck_assert_uint_eq(n, nexp);

    for (i = 0; i < n; i++) {
        ck_assert_msg(lens[i] == exp[i], "cluster %zu of \"%s\": %zu bytes, "
                      "expected %zu", i, s, lens[i], exp[i]);
    }

    ck_assert_uint_eq(art_grapheme_count((const unsigned char *) s,
                                         strlen(s)), nexp);
}


START_TEST(test_decode)
{
    uint32_t  cp;

    ck_assert_uint_eq(art_utf8_decode((const unsigned char *) "A", 1, &cp),
                      1);
    ck_assert_uint_eq(cp, 0x41);

    ck_assert_uint_eq(art_utf8_decode((const unsigned char *) "\xd8\xb3", 2,
                                      &cp), 2);
    ck_assert_uint_eq(cp, 0x633);

    ck_assert_uint_eq(art_utf8_decode((const unsigned char *) "\xe2\x80\xa6",
                                      3, &cp), 3);
    ck_assert_uint_eq(cp, 0x2026);

    ck_assert_uint_eq(art_utf8_decode(
                          (const unsigned char *) "\xf0\x9f\x98\x80", 4, &cp),
                      4);
    ck_assert_uint_eq(cp, 0x1f600);
}
END_TEST


START_TEST(test_decode_ill_formed)
{
    uint32_t  cp;

    /* a stray continuation byte, an invalid lead, an overlong lead */
    ck_assert_uint_eq(art_utf8_decode((const unsigned char *) "\x80", 1, &cp),
                      1);
    ck_assert_uint_eq(cp, 0xfffd);
    ck_assert_uint_eq(art_utf8_decode((const unsigned char *) "\xff", 1, &cp),
                      1);
    ck_assert_uint_eq(cp, 0xfffd);
    ck_assert_uint_eq(art_utf8_decode((const unsigned char *) "\xc0\x80", 2,
                                      &cp), 1);
    ck_assert_uint_eq(cp, 0xfffd);

    /* overlong three-byte form, a surrogate, beyond U+10FFFF */
    ck_assert_uint_eq(art_utf8_decode((const unsigned char *) "\xe0\x80\x80",
                                      3, &cp), 1);
    ck_assert_uint_eq(cp, 0xfffd);
    ck_assert_uint_eq(art_utf8_decode((const unsigned char *) "\xed\xa0\x80",
                                      3, &cp), 1);
    ck_assert_uint_eq(cp, 0xfffd);
    ck_assert_uint_eq(art_utf8_decode(
                          (const unsigned char *) "\xf4\x90\x80\x80", 4, &cp),
                      1);
    ck_assert_uint_eq(cp, 0xfffd);

    /* a truncated sequence is one U+FFFD for its maximal subpart */
    ck_assert_uint_eq(art_utf8_decode((const unsigned char *) "\xf0\x9f\x98",
                                      3, &cp), 3);
    ck_assert_uint_eq(cp, 0xfffd);
    ck_assert_uint_eq(art_utf8_decode((const unsigned char *) "\xe2\x82" "A",
                                      3, &cp), 2);
    ck_assert_uint_eq(cp, 0xfffd);
}
END_TEST


START_TEST(test_properties)
{
    ck_assert_int_eq(art_grapheme_property('a'), ART_GCB_OTHER);
    ck_assert_int_eq(art_grapheme_property('\r'), ART_GCB_CR);
    ck_assert_int_eq(art_grapheme_property('\n'), ART_GCB_LF);
    ck_assert_int_eq(art_grapheme_property(0x0301), ART_GCB_EXTEND);
    ck_assert_int_eq(art_grapheme_property(0x064b), ART_GCB_EXTEND);
    ck_assert_int_eq(art_grapheme_property(0x065f), ART_GCB_EXTEND);
    ck_assert_int_eq(art_grapheme_property(0x0670), ART_GCB_EXTEND);
    ck_assert_int_eq(art_grapheme_property(0x200c), ART_GCB_EXTEND);
    ck_assert_int_eq(art_grapheme_property(0x200d), ART_GCB_ZWJ);
    ck_assert_int_eq(art_grapheme_property(0xfe0f), ART_GCB_EXTEND);
    ck_assert_int_eq(art_grapheme_property(0x1f3fb), ART_GCB_EXTEND);
    ck_assert_int_eq(art_grapheme_property(0xe0067), ART_GCB_EXTEND);
    ck_assert_int_eq(art_grapheme_property(0x1f1eb), ART_GCB_RI);
    ck_assert_int_eq(art_grapheme_property(0x1f468), ART_GCB_PICT);
    ck_assert_int_eq(art_grapheme_property(0x2764), ART_GCB_PICT);
    ck_assert_int_eq(art_grapheme_property(0x0600), ART_GCB_PREPEND);
    ck_assert_int_eq(art_grapheme_property(0x093f), ART_GCB_SPACINGMARK);
    ck_assert_int_eq(art_grapheme_property(0x1100), ART_GCB_L);
    ck_assert_int_eq(art_grapheme_property(0x1161), ART_GCB_V);
    ck_assert_int_eq(art_grapheme_property(0x11a8), ART_GCB_T);
    ck_assert_int_eq(art_grapheme_property(0xac00), ART_GCB_LV);
    ck_assert_int_eq(art_grapheme_property(0xac01), ART_GCB_LVT);
    ck_assert_int_eq(art_grapheme_property(0xd7a3), ART_GCB_LVT);
    ck_assert_int_eq(art_grapheme_property(0x10ffff), ART_GCB_OTHER);
}
END_TEST


/* the ASCII and Latin-1 values, which need no table search */
START_TEST(test_properties_latin)
{
    static const struct {
        uint32_t   cp;
        art_gcb_e  prop;
    } cases[] = {
        { 0x00, ART_GCB_CONTROL }, { 0x09, ART_GCB_CONTROL },
        { 0x0a, ART_GCB_LF }, { 0x0b, ART_GCB_CONTROL },
        { 0x0c, ART_GCB_CONTROL }, { 0x0d, ART_GCB_CR },
        { 0x0e, ART_GCB_CONTROL }, { 0x1f, ART_GCB_CONTROL },
        { 0x20, ART_GCB_OTHER }, { 0x41, ART_GCB_OTHER },
        { 0x7e, ART_GCB_OTHER }, { 0x7f, ART_GCB_CONTROL },
        { 0x85, ART_GCB_CONTROL }, { 0x9f, ART_GCB_CONTROL },
        { 0xa0, ART_GCB_OTHER }, { 0xa8, ART_GCB_OTHER },
        { 0xa9, ART_GCB_PICT }, { 0xaa, ART_GCB_OTHER },
        { 0xac, ART_GCB_OTHER }, { 0xad, ART_GCB_CONTROL },
        { 0xae, ART_GCB_PICT }, { 0xaf, ART_GCB_OTHER },
        { 0xe9, ART_GCB_OTHER }, { 0xff, ART_GCB_OTHER },
        { 0x100, ART_GCB_OTHER }, { 0x2ff, ART_GCB_OTHER },
        { 0x300, ART_GCB_EXTEND }, { 0x36f, ART_GCB_EXTEND },
        { 0x370, ART_GCB_OTHER }
    };

    size_t  i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        ck_assert_msg(art_grapheme_property(cases[i].cp) == cases[i].prop,
                      "U+%04X: %d, expected %d", (unsigned) cases[i].cp,
                      (int) art_grapheme_property(cases[i].cp),
                      (int) cases[i].prop);
    }
}
END_TEST


static const struct {
    const char  *name;
    art_gcb_e    prop;
} ucd_names[] = {
    { "CR", ART_GCB_CR }, { "LF", ART_GCB_LF },
    { "Control", ART_GCB_CONTROL }, { "Extend", ART_GCB_EXTEND },
    { "ZWJ", ART_GCB_ZWJ }, { "Regional_Indicator", ART_GCB_RI },
    { "Prepend", ART_GCB_PREPEND }, { "SpacingMark", ART_GCB_SPACINGMARK },
    { "L", ART_GCB_L }, { "V", ART_GCB_V }, { "T", ART_GCB_T },
    { "LV", ART_GCB_LV }, { "LVT", ART_GCB_LVT },
    { "Extended_Pictographic", ART_GCB_PICT }, { NULL, ART_GCB_OTHER }
};


/* set props[lo..hi] for each line of a UCD file; 0 when it is absent */
static int
ucd_load(const char *path, unsigned char *props, int pict)
{
    char          *line, *p, *end, *name;
    size_t         cap, k;
    FILE          *f;
    unsigned long  lo, hi, cp;

    f = fopen(path, "r");
    if (f == NULL) {
        return 0;
    }

    line = NULL;
    cap = 0;

    while (getline(&line, &cap, f) != -1) {
        p = strchr(line, '#');
        if (p != NULL) {
            *p = '\0';
        }

        lo = strtoul(line, &end, 16);
        if (end == line) {
            continue;
        }

        hi = lo;
        if (end[0] == '.' && end[1] == '.') {
            hi = strtoul(end + 2, &end, 16);
        }

        p = strchr(end, ';');
        ck_assert_ptr_nonnull(p);
        name = strtok(p + 1, " \t\r\n");
        ck_assert_ptr_nonnull(name);

        for (k = 0; ucd_names[k].name != NULL; k++) {
            if (strcmp(ucd_names[k].name, name) == 0) {
                break;
            }
        }

        if (ucd_names[k].name == NULL
            || (pict != (ucd_names[k].prop == ART_GCB_PICT)))
        {
            /* emoji-data.txt lists other emoji properties too */
            ck_assert_msg(pict, "unknown value %s in %s", name, path);
            continue;
        }

        ck_assert_uint_le(hi, 0x10ffff);

        for (cp = lo; cp <= hi; cp++) {
            /* Extended_Pictographic only makes a PICT of an Other */
            if (!pict || props[cp] == ART_GCB_OTHER) {
                props[cp] = (unsigned char) ucd_names[k].prop;
            }
        }
    }

    free(line);
    fclose(f);

    return 1;
}


/*
 * Every code point against the Unicode Character Database when the
 * Debian package unicode-data is installed (or ART_UCD_DIR names its
 * directory), so that no shortcut before the table search can disagree
 * with the data; skipped otherwise.
 */
START_TEST(test_properties_ucd)
{
    char            path[512];
    const char     *dir;
    unsigned long   cp;
    unsigned char  *props;

    dir = getenv("ART_UCD_DIR");
    if (dir == NULL) {
        dir = "/usr/share/unicode";
    }

    props = calloc(0x110000, 1);
    ck_assert_ptr_nonnull(props);

    snprintf(path, sizeof(path), "%s/auxiliary/GraphemeBreakProperty.txt",
             dir);

    if (!ucd_load(path, props, 0)) {
        fprintf(stderr, "grapheme properties skipped: %s: %s\n", path,
                strerror(errno));
        free(props);
        return;
    }

    snprintf(path, sizeof(path), "%s/emoji/emoji-data.txt", dir);

    if (!ucd_load(path, props, 1)) {
        fprintf(stderr, "grapheme properties skipped: %s: %s\n", path,
                strerror(errno));
        free(props);
        return;
    }

    /* a file that lost its lines must not pass */
    ck_assert_int_eq(props[0x1f600], ART_GCB_PICT);
    ck_assert_int_eq(props[0xac00], ART_GCB_LV);

    for (cp = 0; cp <= 0x10ffff; cp++) {
        if (art_grapheme_property((uint32_t) cp) != props[cp]) {
            ck_abort_msg("U+%04lX: %d, the UCD says %d", cp,
                         (int) art_grapheme_property((uint32_t) cp),
                         (int) props[cp]);
        }
    }

    free(props);
}
END_TEST


START_TEST(test_combining_marks)
{
    static const size_t  e1[] = { 3, 1 };
    static const size_t  e2[] = { 5, 1 };

    /* e + COMBINING ACUTE, then b */
    expect("e\xcc\x81" "b", 2, e1);
    /* a + DIAERESIS + ACUTE, then b */
    expect("a\xcc\x88\xcc\x81" "b", 2, e2);
}
END_TEST


START_TEST(test_arabic_harakat)
{
    /* bismi: BEH KASRA, SEEN SUKUN, MEEM KASRA */
    static const size_t  e1[] = { 4, 4, 4 };
    /* ALEF WITH SUPERSCRIPT ALEF after LAM: LAM + U+0670 */
    static const size_t  e2[] = { 4 };
    /* SHADDA + FATHA stacked on one letter (U+0651 U+064E) */
    static const size_t  e3[] = { 6, 2 };

    expect("\xd8\xa8\xd9\x90\xd8\xb3\xd9\x92\xd9\x85\xd9\x90", 3, e1);
    expect("\xd9\x84\xd9\xb0", 1, e2);
    expect("\xd8\xb1\xd9\x91\xd9\x8e\xd8\xa8", 2, e3);
}
END_TEST


START_TEST(test_persian_zwnj)
{
    /* mi-khaham: MEEM, YEH + ZWNJ, KHAH, WAW, ALEF, HEH, MEEM */
    static const size_t  e[] = { 2, 5, 2, 2, 2, 2, 2 };

    expect("\xd9\x85\xdb\x8c\xe2\x80\x8c\xd8\xae\xd9\x88\xd8\xa7\xd9\x87"
           "\xd9\x85", 7, e);
}
END_TEST


START_TEST(test_emoji_zwj)
{
    /* MAN ZWJ WOMAN ZWJ GIRL ZWJ BOY, then "x" */
    static const size_t  e1[] = { 25, 1 };
    /* RAINBOW FLAG: WAVING WHITE FLAG VS16 ZWJ RAINBOW */
    static const size_t  e2[] = { 14 };
    /* a ZWJ not after a pictograph does not join */
    static const size_t  e3[] = { 4, 4 };

    expect("\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d"
           "\xf0\x9f\x91\xa7\xe2\x80\x8d\xf0\x9f\x91\xa6" "x", 2, e1);
    expect("\xf0\x9f\x8f\xb3\xef\xb8\x8f\xe2\x80\x8d\xf0\x9f\x8c\x88", 1, e2);
    expect("a\xe2\x80\x8d\xf0\x9f\x91\xa8", 2, e3);
}
END_TEST


START_TEST(test_emoji_modifiers_selectors_tags)
{
    /* THUMBS UP + MEDIUM SKIN TONE; HEART + VS16; ENGLAND tag sequence */
    static const size_t  e1[] = { 8, 6 };
    static const size_t  e2[] = { 28 };
    /* WOMAN + DARK SKIN TONE ZWJ LAPTOP */
    static const size_t  e3[] = { 15 };

    expect("\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd\xe2\x9d\xa4\xef\xb8\x8f", 2, e1);
    expect("\xf0\x9f\x8f\xb4\xf3\xa0\x81\xa7\xf3\xa0\x81\xa2\xf3\xa0\x81\xa5"
           "\xf3\xa0\x81\xae\xf3\xa0\x81\xa7\xf3\xa0\x81\xbf", 1, e2);
    expect("\xf0\x9f\x91\xa9\xf0\x9f\x8f\xbf\xe2\x80\x8d\xf0\x9f\x92\xbb", 1,
           e3);
}
END_TEST


START_TEST(test_flags)
{
    /* FR DE: two flags; a third indicator stands alone */
    static const size_t  e1[] = { 8, 8 };
    static const size_t  e2[] = { 8, 4 };

    expect("\xf0\x9f\x87\xab\xf0\x9f\x87\xb7\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa",
           2, e1);
    expect("\xf0\x9f\x87\xab\xf0\x9f\x87\xb7\xf0\x9f\x87\xa9", 2, e2);
}
END_TEST


START_TEST(test_hangul)
{
    /* HAN GUK EO: three precomposed syllables */
    static const size_t  e1[] = { 3, 3, 3 };
    /* conjoining jamo L V T make one cluster; LV + T as well */
    static const size_t  e2[] = { 9, 6 };

    expect("\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4", 3, e1);
    expect("\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8\xea\xb0\x80\xe1\x86\xa8", 2,
           e2);
}
END_TEST


START_TEST(test_controls_prepend_spacing)
{
    static const size_t  e1[] = { 2 };
    static const size_t  e2[] = { 1, 1 };
    static const size_t  e3[] = { 1, 1, 1 };
    static const size_t  e4[] = { 3, 6 };

    expect("\r\n", 1, e1);
    expect("\n\r", 2, e2);
    /* a control never takes a combining mark */
    expect("\t" "a" "\x01", 3, e3);
    /* ARABIC NUMBER SIGN joins what follows; KA + VOWEL SIGN I */
    expect("\xd8\x80" "1" "\xe0\xa4\x95\xe0\xa4\xbf", 2, e4);
}
END_TEST


START_TEST(test_ill_formed_clusters)
{
    static const size_t  e1[] = { 1, 1, 1 };
    static const size_t  e2[] = { 1, 2, 1 };

    expect("\xff" "a" "\x80", 3, e1);
    /* a truncated sequence is one cluster; a mark after U+FFFD joins it */
    expect("a\xe2\x82" "b", 3, e2);
    ck_assert_uint_eq(art_grapheme_next((const unsigned char *) "", 0), 0);
}
END_TEST


/* append the UTF-8 encoding of cp to s at *len */
static void
encode(unsigned char *s, size_t *len, unsigned long cp)
{
    if (cp < 0x80) {
        s[(*len)++] = (unsigned char) cp;

    } else if (cp < 0x800) {
        s[(*len)++] = (unsigned char) (0xc0 | (cp >> 6));
        s[(*len)++] = (unsigned char) (0x80 | (cp & 0x3f));

    } else if (cp < 0x10000) {
        s[(*len)++] = (unsigned char) (0xe0 | (cp >> 12));
        s[(*len)++] = (unsigned char) (0x80 | ((cp >> 6) & 0x3f));
        s[(*len)++] = (unsigned char) (0x80 | (cp & 0x3f));

    } else {
        s[(*len)++] = (unsigned char) (0xf0 | (cp >> 18));
        s[(*len)++] = (unsigned char) (0x80 | ((cp >> 12) & 0x3f));
        s[(*len)++] = (unsigned char) (0x80 | ((cp >> 6) & 0x3f));
        s[(*len)++] = (unsigned char) (0x80 | (cp & 0x3f));
    }
}


/*
 * The cluster at p by the rules of UAX #29 applied one pair of characters
 * at a time, without the shortcuts of art_grapheme_next(), to check them.
 */
static size_t
ref_next(const unsigned char *p, size_t n)
{
    int        pict, brk;
    size_t     i, len, ri;
    uint32_t   cp;
    art_gcb_e  a, b;

    if (n == 0) {
        return 0;
    }

    i = art_utf8_decode(p, n, &cp);
    a = art_grapheme_property(cp);
    ri = a == ART_GCB_RI;
    pict = a == ART_GCB_PICT;

    for ( ;; ) {
        if (i == n) {
            return i;
        }

        len = art_utf8_decode(p + i, n - i, &cp);
        b = art_grapheme_property(cp);

        if (a == ART_GCB_CR && b == ART_GCB_LF) {
            brk = 0;
        } else if (a == ART_GCB_CR || a == ART_GCB_LF
                   || a == ART_GCB_CONTROL || b == ART_GCB_CR
                   || b == ART_GCB_LF || b == ART_GCB_CONTROL)
        {
            brk = 1;
        } else if (a == ART_GCB_L && (b == ART_GCB_L || b == ART_GCB_V
                                      || b == ART_GCB_LV
                                      || b == ART_GCB_LVT))
        {
            brk = 0;
        } else if ((a == ART_GCB_LV || a == ART_GCB_V)
                   && (b == ART_GCB_V || b == ART_GCB_T))
        {
            brk = 0;
        } else if ((a == ART_GCB_LVT || a == ART_GCB_T) && b == ART_GCB_T) {
            brk = 0;
        } else if (b == ART_GCB_EXTEND || b == ART_GCB_ZWJ
                   || b == ART_GCB_SPACINGMARK || a == ART_GCB_PREPEND)
        {
            brk = 0;
        } else if (a == ART_GCB_ZWJ && b == ART_GCB_PICT && pict == 2) {
            brk = 0;
        } else {
            brk = !(a == ART_GCB_RI && b == ART_GCB_RI && ri % 2 == 1);
        }

        if (brk) {
            return i;
        }

        ri = b == ART_GCB_RI ? ri + 1 : 0;

        if (b == ART_GCB_PICT) {
            pict = 1;
        } else if (pict == 1 && b == ART_GCB_ZWJ) {
            pict = 2;
        } else if (!(pict == 1 && b == ART_GCB_EXTEND)) {
            pict = 0;
        }

        a = b;
        i += len;
    }
}


/*
 * Every sequence of up to four pieces: ASCII beside each kind of
 * character, so that a shortcut for ASCII that fires where it must not
 * (before a combining mark, after a Prepend, inside CR LF) fails.
 */
START_TEST(test_next_reference)
{
    static const char  *pieces[] = {
        "a", " ", "\r", "\n", "\t", "\x7f", "~",
        "\xc3\xa9",                 /* e acute */
        "\xc2\xad",                 /* soft hyphen: Control */
        "\xc2\xa9",                 /* copyright sign: pictograph */
        "\xcc\x81",                 /* combining acute: Extend */
        "\xe2\x80\x8d",             /* ZWJ */
        "\xd8\x80",                 /* Prepend */
        "\xe0\xa4\x83",             /* SpacingMark */
        "\xe1\x84\x80", "\xe1\x85\xa1", "\xe1\x86\xa8",     /* L V T */
        "\xea\xb0\x80", "\xea\xb0\x81",                     /* LV LVT */
        "\xf0\x9f\x87\xab",         /* regional indicator */
        "\xf0\x9f\x91\xa8",         /* pictograph */
        "\xef\xb8\x8f",             /* VS16: Extend */
        "\x80", "\xe2\x82"          /* ill-formed */
    };

    size_t         npieces, idx[4], k, depth, n, i, len, plen;
    unsigned char  s[32];

    npieces = sizeof(pieces) / sizeof(pieces[0]);

    for (depth = 1; depth <= 4; depth++) {
        memset(idx, 0, sizeof(idx));

        for ( ;; ) {
            n = 0;

            for (k = 0; k < depth; k++) {
                plen = strlen(pieces[idx[k]]);
                memcpy(s + n, pieces[idx[k]], plen);
                n += plen;
            }

            for (i = 0; i < n; i++) {
                len = art_grapheme_next(s + i, n - i);

                if (len != ref_next(s + i, n - i)) {
                    ck_abort_msg("pieces %zu %zu %zu %zu from byte %zu: "
                                 "%zu bytes, the rules say %zu", idx[0],
                                 idx[1], idx[2], idx[3], i, len,
                                 ref_next(s + i, n - i));
                }
            }

            for (k = 0; k < depth; k++) {
                if (++idx[k] < npieces) {
                    break;
                }
                idx[k] = 0;
            }

            if (k == depth) {
                break;
            }
        }
    }
}
END_TEST


/*
 * The Unicode conformance test, when the Debian package unicode-data is
 * installed (or ART_UCD_DIR names a directory that holds the Unicode 15.0
 * auxiliary/GraphemeBreakTest.txt); skipped otherwise.
 */
START_TEST(test_conformance)
{
    char           path[512], *line, *p, *end;
    size_t         cap, len, mark, i, nexp, checked;
    FILE          *f;
    const char    *dir;
    unsigned long  cp;
    size_t         exp[64];
    unsigned char  s[512];

    dir = getenv("ART_UCD_DIR");
    if (dir == NULL) {
        dir = "/usr/share/unicode";
    }

    snprintf(path, sizeof(path), "%s/auxiliary/GraphemeBreakTest.txt", dir);

    f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "grapheme conformance skipped: %s: %s\n", path,
                strerror(errno));
        return;
    }

    line = NULL;
    cap = 0;
    checked = 0;

    while (getline(&line, &cap, f) != -1) {
        p = strchr(line, '#');
        if (p != NULL) {
            *p = '\0';
        }

        len = 0;
        mark = 0;
        nexp = 0;
        p = line;

        while (*p != '\0') {
            if (strncmp(p, "\xc3\xb7", 2) == 0) {           /* a break */
                if (len > mark) {
                    exp[nexp++] = len - mark;
                    mark = len;
                }
                p += 2;

            } else if (strncmp(p, "\xc3\x97", 2) == 0) {    /* no break */
                p += 2;

            } else if (*p == ' ' || *p == '\t' || *p == '\n') {
                p++;

            } else {
                cp = strtoul(p, &end, 16);
                ck_assert_ptr_ne(end, p);
                ck_assert_uint_lt(len + 4, sizeof(s));
                encode(s, &len, cp);
                p = end;
            }
        }

        if (len == 0) {
            continue;
        }

        ck_assert_uint_eq(mark, len);

        for (i = 0, mark = 0; mark < len; i++) {
            ck_assert_uint_lt(i, nexp);
            ck_assert_msg(art_grapheme_next(s + mark, len - mark) == exp[i],
                          "GraphemeBreakTest: %s", line);
            mark += exp[i];
        }

        ck_assert_uint_eq(i, nexp);
        checked++;
    }

    free(line);
    fclose(f);

    /* Unicode 15.0 has 602 cases: a truncated file must not pass */
    ck_assert_uint_ge(checked, 600);
}
END_TEST


static Suite *
grapheme_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("grapheme");
    tc = tcase_create("core");

    tcase_add_test(tc, test_decode);
    tcase_add_test(tc, test_decode_ill_formed);
    tcase_add_test(tc, test_properties);
    tcase_add_test(tc, test_properties_latin);
    tcase_add_test(tc, test_properties_ucd);
    tcase_add_test(tc, test_combining_marks);
    tcase_add_test(tc, test_arabic_harakat);
    tcase_add_test(tc, test_persian_zwnj);
    tcase_add_test(tc, test_emoji_zwj);
    tcase_add_test(tc, test_emoji_modifiers_selectors_tags);
    tcase_add_test(tc, test_flags);
    tcase_add_test(tc, test_hangul);
    tcase_add_test(tc, test_controls_prepend_spacing);
    tcase_add_test(tc, test_ill_formed_clusters);
    tcase_add_test(tc, test_next_reference);
    tcase_add_test(tc, test_conformance);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    return art_test_run(grapheme_suite());
}
