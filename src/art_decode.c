/*
 * Decoding of raw text and attribute values into the characters that the
 * HTML5 tokenizer emits: character references, newline normalization and
 * NUL replacement.  Only those who need decoded text pay for it.
 */

#include <string.h>

#include "art_tokenizer.h"


typedef struct {
    const char     *name;
    unsigned char   name_len;
    const char     *value;
    unsigned char   value_len;
} art_entity_t;

#include "art_entities.inc"

/* the longest name without ";" in the table */
#define ART_ENTITY_MAX_LEGACY  6


/* where decoded bytes come from: a byte map, spans, or nothing */
typedef struct {
    art_buf_t  *bytes;      /* a size_t for each decoded byte */
    art_buf_t  *spans;      /* art_decode_span_t */
} art_map_t;


/* numeric references in 0x80-0x9F mean windows-1252 */
static const unsigned short  art_c1_table[32] = {
    0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
    0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
    0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
    0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178
};


static int
art_is_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (unsigned char) ((c | 0x20) - 'a') < 26;
}


/*
 * The entity whose name is exactly p[0..n), or NULL.  The names are short
 * and most steps differ in the first byte or two: comparing in line costs
 * less than a call to memcmp() at each step.
 */
static const art_entity_t *
art_entity_find(const unsigned char *p, size_t n)
{
    size_t                lo, hi, mid, m, k;
    int                   cmp;
    const unsigned char  *name;

    if (n == 0) {
        return NULL;
    }

    lo = 0;
    hi = sizeof(art_entities) / sizeof(art_entities[0]);

    while (lo < hi) {
        mid = lo + (hi - lo) / 2;
        name = (const unsigned char *) art_entities[mid].name;
        m = art_entities[mid].name_len;

        for (k = 0; k < m && k < n && name[k] == p[k]; k++) {
            /* void */
        }

        if (k < m && k < n) {
            cmp = (int) name[k] - (int) p[k];

        } else if (m == n) {
            return &art_entities[mid];

        } else {
            cmp = m < n ? -1 : 1;
        }

        if (cmp < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }

    return NULL;
}


/*
 * The references most pages use (as the table has them), tried before the
 * search of the whole table, which takes some ten steps; "&amp;" never
 * gets here, art_decode_ref() takes it first.
 */
static const art_entity_t  art_entities_common[] = {
    { "nbsp;", 5, "\302\240", 2 },
    { "quot;", 5, "\042", 1 },
    { "lt;", 3, "<", 1 },
    { "gt;", 3, ">", 1 },
    { "apos;", 5, "'", 1 }
};


/* the entity named p[0..n), a name that ends in ";", or NULL */
static const art_entity_t *
art_entity_find_full(const unsigned char *p, size_t n)
{
    size_t               k;
    const art_entity_t  *e;

    for (e = art_entities_common;
         e < art_entities_common + sizeof(art_entities_common)
                                   / sizeof(art_entities_common[0]);
         e++)
    {
        if (e->name_len != n) {
            continue;
        }

        for (k = 0; k < n && (unsigned char) e->name[k] == p[k]; k++) {
            /* void */
        }

        if (k == n) {
            return e;
        }
    }

    return art_entity_find(p, n);
}


static int
art_span_push(art_buf_t *spans, size_t dec, size_t raw, size_t len,
    int whole)
{
    art_decode_span_t  sp;

    sp.dec = dec;
    sp.raw = raw;
    sp.len = len;
    sp.whole = whole;

    return art_buf_append(spans, &sp, sizeof(sp));
}


/* decoded bytes [dec, dec + bytes), all from the character at from */
static int
art_map_push(art_map_t *map, size_t dec, size_t from, size_t bytes)
{
    size_t   k;
    size_t  *m;

    if (map == NULL || bytes == 0) {
        return 0;
    }

    if (map->spans != NULL) {
        return art_span_push(map->spans, dec, from, bytes, 1);
    }

    if (art_buf_reserve(map->bytes, bytes * sizeof(size_t)) != 0) {
        return -1;
    }

    m = (size_t *) (void *) (map->bytes->data + map->bytes->len);

    for (k = 0; k < bytes; k++) {
        m[k] = from;
    }

    map->bytes->len += bytes * sizeof(size_t);

    return 0;
}


/* raw[from .. from + n) copied as they are, each byte its own source */
static int
art_put_run(art_buf_t *out, art_map_t *map, const unsigned char *raw,
    size_t from, size_t n)
{
    size_t   k;
    size_t  *m;

    if (n == 0) {
        return 0;
    }

    if (map != NULL && map->spans != NULL) {
        art_span_push(map->spans, out->len, from, n, 0);

    } else if (map != NULL) {
        if (art_buf_reserve(map->bytes, n * sizeof(size_t)) != 0) {
            return -1;
        }

        m = (size_t *) (void *) (map->bytes->data + map->bytes->len);

        for (k = 0; k < n; k++) {
            m[k] = from + k;
        }

        map->bytes->len += n * sizeof(size_t);
    }

    return art_buf_append(out, raw + from, n);
}


static int
art_put(art_buf_t *out, art_map_t *map, size_t from, const void *p,
    size_t n)
{
    art_map_push(map, out->len, from, n);
    return art_buf_append(out, p, n);
}


/* what a character reference stands for */
typedef struct {
    const unsigned char  *p;
    size_t                len;
    unsigned char         utf8[4];      /* a numeric one's bytes */
} art_ref_t;


/* as art_buf_append_utf8() writes cp, which is no surrogate */
static size_t
art_utf8_put(unsigned char *u, unsigned long cp)
{
    if (cp < 0x80) {
        u[0] = (unsigned char) cp;
        return 1;
    }

    if (cp < 0x800) {
        u[0] = (unsigned char) (0xc0 | (cp >> 6));
        u[1] = (unsigned char) (0x80 | (cp & 0x3f));
        return 2;
    }

    if (cp < 0x10000) {
        u[0] = (unsigned char) (0xe0 | (cp >> 12));
        u[1] = (unsigned char) (0x80 | ((cp >> 6) & 0x3f));
        u[2] = (unsigned char) (0x80 | (cp & 0x3f));
        return 3;
    }

    u[0] = (unsigned char) (0xf0 | (cp >> 18));
    u[1] = (unsigned char) (0x80 | ((cp >> 12) & 0x3f));
    u[2] = (unsigned char) (0x80 | ((cp >> 6) & 0x3f));
    u[3] = (unsigned char) (0x80 | (cp & 0x3f));
    return 4;
}


/*
 * A character reference at raw[i] == '&': sets r to what it stands for
 * and returns how many bytes it used; 0 when it is no reference (the '&'
 * is then an ordinary character).  It stands for at most 6 bytes, and
 * uses at least 3 (a numeric one 3 for 1 byte, or for the 3 of U+FFFD).
 */
static size_t
art_decode_ref(art_ref_t *r, const unsigned char *raw, size_t i, size_t n,
    int in_attr)
{
    size_t               j, len, max, run;
    unsigned long        cp;
    int                  hex, digits;
    const art_entity_t  *e;

    /* "&amp;" first: every "&" of a URL in markup is written so */
    if (n - i >= 5 && raw[i + 1] == 'a' && raw[i + 2] == 'm'
        && raw[i + 3] == 'p' && raw[i + 4] == ';')
    {
        r->p = (const unsigned char *) "&";
        r->len = 1;
        return 5;
    }

    j = i + 1;

    if (j < n && raw[j] == '#') {
        j++;
        hex = 0;

        if (j < n && (raw[j] == 'x' || raw[j] == 'X')) {
            hex = 1;
            j++;
        }

        cp = 0;
        digits = 0;

        while (j < n) {
            unsigned char  c = raw[j];
            unsigned int   d;

            if (c >= '0' && c <= '9') {
                d = c - '0';
            } else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
                d = (c | 0x20) - 'a' + 10;
            } else {
                break;
            }

            if (cp <= 0x10ffff) {
                cp = cp * (hex ? 16 : 10) + d;
            }

            digits++;
            j++;
        }

        if (digits == 0) {
            return 0;
        }

        if (j < n && raw[j] == ';') {
            j++;
        }

        if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            cp = 0xfffd;

        } else if (cp >= 0x80 && cp <= 0x9f) {
            cp = art_c1_table[cp - 0x80];
        }

        r->len = art_utf8_put(r->utf8, cp);
        r->p = r->utf8;

        return j - i;
    }

    if (j >= n || !art_is_alnum(raw[j])) {
        return 0;
    }

    /*
     * The longest name that matches: a name with ";" can only be the
     * whole run of letters and digits with the ";" after it; every name
     * without one (the legacy ones) is at most ART_ENTITY_MAX_LEGACY long.
     */
    run = 0;
    while (j + run < n && run < ART_ENTITY_MAX_NAME && art_is_alnum(raw[j + run]))
    {
        run++;
    }

    e = NULL;

    if (j + run < n && raw[j + run] == ';') {
        e = art_entity_find_full(raw + j, run + 1);
    }

    if (e != NULL) {
        r->p = (const unsigned char *) e->value;
        r->len = e->value_len;
        return 2 + run;
    }

    max = run < ART_ENTITY_MAX_LEGACY ? run : ART_ENTITY_MAX_LEGACY;

    for (len = max; len >= 2; len--) {
        e = art_entity_find(raw + j, len);
        if (e == NULL) {
            continue;
        }

        if (in_attr && e->name[len - 1] != ';' && j + len < n
            && (raw[j + len] == '=' || art_is_alnum(raw[j + len])))
        {
            /* legacy references are not recognized before = or alnum */
            return 0;
        }

        r->p = (const unsigned char *) e->value;
        r->len = e->value_len;

        return 1 + len;
    }

    return 0;
}


/* where the next c is at or after raw[i], or n */
static size_t
art_next_byte(const unsigned char *raw, size_t i, size_t n, int c)
{
    const unsigned char  *p;

    p = memchr(raw + i, c, n - i);

    return p != NULL ? (size_t) (p - raw) : n;
}


/* after a reference or special byte ending before raw[i]: the next ones */
static inline void
art_next_specials(const unsigned char *raw, size_t i, size_t n, size_t *amp,
    size_t *cr, size_t *nul)
{
    if (*amp < i) {
        *amp = art_next_byte(raw, i, n, '&');
    }

    if (*cr < i) {
        *cr = art_next_byte(raw, i, n, '\r');
    }

    if (*nul < i) {
        *nul = art_next_byte(raw, i, n, '\0');
    }
}


static int
art_decode(art_buf_t *out, const unsigned char *raw, size_t n,
    int refs, int in_attr, int nul_to_fffd, art_map_t *map)
{
    size_t         i, start, used, amp, cr, nul;
    unsigned char  c;
    art_ref_t      ref;

    if (n == 0) {
        return 0;
    }

    /*
     * Only "&", CR and NUL need decoding.  memchr() finds the next of
     * each, and is asked again only once that one is passed: each byte is
     * looked at by memchr() at most three times, however many of them
     * there are.
     */
    amp = art_next_byte(raw, 0, n, '&');
    cr = art_next_byte(raw, 0, n, '\r');
    nul = art_next_byte(raw, 0, n, '\0');

    start = 0;

    for ( ;; ) {
        i = amp < cr ? amp : cr;
        i = i < nul ? i : nul;

        if (i == n) {
            break;
        }

        c = raw[i];

        art_put_run(out, map, raw, start, i - start);

        if (c == '&') {
            used = refs ? art_decode_ref(&ref, raw, i, n, in_attr) : 0;

            if (used == 0) {
                art_put(out, map, i, "&", 1);
                used = 1;

            } else {
                art_put(out, map, i, ref.p, ref.len);
            }

            i += used;

        } else if (c == '\r') {
            art_put(out, map, i, "\n", 1);
            i += (i + 1 < n && raw[i + 1] == '\n') ? 2 : 1;

        } else {
            if (nul_to_fffd) {
                art_put(out, map, i, "\xef\xbf\xbd", 3);
            } else {
                art_put(out, map, i, "", 1);
            }

            i++;
        }

        start = i;
        art_next_specials(raw, i, n, &amp, &cr, &nul);
    }

    art_put_run(out, map, raw, start, n - start);

    if (map != NULL
        && ((map->bytes != NULL && map->bytes->failed)
            || (map->spans != NULL && map->spans->failed)))
    {
        return -1;
    }

    return out->failed ? -1 : 0;
}


static int
art_decode_state(art_buf_t *out, const unsigned char *raw, size_t n,
    art_text_state_e state, art_map_t *map)
{
    switch (state) {
    case ART_STATE_DATA:
        return art_decode(out, raw, n, 1, 0, 0, map);
    case ART_STATE_RCDATA:
        return art_decode(out, raw, n, 1, 0, 1, map);
    case ART_STATE_CDATA_SECTION:
        return art_decode(out, raw, n, 0, 0, 0, map);
    default:
        return art_decode(out, raw, n, 0, 0, 1, map);
    }
}


int
art_decode_text(art_buf_t *out, const unsigned char *raw, size_t n,
    art_text_state_e state, art_buf_t *map)
{
    art_map_t  m;

    if (map == NULL) {
        return art_decode_state(out, raw, n, state, NULL);
    }

    m.bytes = map;
    m.spans = NULL;

    return art_decode_state(out, raw, n, state, &m);
}


int
art_decode_text_spans(art_buf_t *out, const unsigned char *raw, size_t n,
    art_text_state_e state, art_buf_t *spans)
{
    art_map_t  m;

    m.bytes = NULL;
    m.spans = spans;

    return art_decode_state(out, raw, n, state, &m);
}


/*
 * An attribute value needs no map: it is written straight into room made
 * once for the whole value.  Decoding makes at most three bytes of one (a
 * NUL becomes U+FFFD; a reference makes fewer bytes than it uses, see
 * art_decode_ref()), so 3 * n bytes are enough.
 */
int
art_decode_attr(art_buf_t *out, const unsigned char *raw, size_t n)
{
    size_t          i, start, used, amp, cr, nul, k;
    unsigned char  *d;
    art_ref_t       ref;

    if (n == 0) {
        return 0;
    }

    if (n > ((size_t) -1) / 3 || art_buf_reserve(out, 3 * n) != 0) {
        out->failed = 1;
        return -1;
    }

    d = out->data + out->len;

    amp = art_next_byte(raw, 0, n, '&');
    cr = art_next_byte(raw, 0, n, '\r');
    nul = art_next_byte(raw, 0, n, '\0');

    start = 0;

    for ( ;; ) {
        i = amp < cr ? amp : cr;
        i = i < nul ? i : nul;

        if (i == n) {
            break;
        }

        memcpy(d, raw + start, i - start);
        d += i - start;

        if (raw[i] == '&') {
            used = art_decode_ref(&ref, raw, i, n, 1);

            if (used == 0) {
                *d++ = '&';
                used = 1;

            } else {
                for (k = 0; k < ref.len; k++) {
                    *d++ = ref.p[k];
                }
            }

            i += used;

        } else if (raw[i] == '\r') {
            *d++ = '\n';
            i += (i + 1 < n && raw[i + 1] == '\n') ? 2 : 1;

        } else {
            *d++ = 0xef;
            *d++ = 0xbf;
            *d++ = 0xbd;
            i++;
        }

        start = i;
        art_next_specials(raw, i, n, &amp, &cr, &nul);
    }

    memcpy(d, raw + start, n - start);
    d += n - start;

    out->len = (size_t) (d - out->data);

    return 0;
}
