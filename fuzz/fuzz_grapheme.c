/*
 * libFuzzer target of UTF-8 decoding and grapheme clusters
 * (art_grapheme.h), which cut share titles where a reader sees a
 * character boundary.  The input is any bytes.
 *
 * (a) art_utf8_decode() takes a valid sequence whole, with its code
 *     point; at an ill-formed one it gives U+FFFD and takes the maximal
 *     subpart (the longest start of a valid sequence, at least one byte).
 * (b) art_grapheme_next() takes at least one byte and at most what is
 *     left, and ends where a character ends; the clusters cover the text
 *     and art_grapheme_count() counts them.
 * (c) Within a cluster: CR LF is the only cluster with a CR, LF or other
 *     control and more than one character (GB3-GB5); regional
 *     indicators pair up (GB12, GB13), so a cluster of them alone holds
 *     one or two; a cluster that is not CR LF never ends right before an
 *     Extend or ZWJ that follows it (GB9).
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "art_grapheme.h"

#include "fz_common.h"


/* the longest start of a valid sequence at p (n > 0), at least 1 */
static size_t
fz_subpart(const unsigned char *p, size_t n)
{
    size_t         need, k;
    unsigned char  c, lo, hi;

    c = p[0];
    lo = 0x80;
    hi = 0xbf;

    if (c >= 0xc2 && c <= 0xdf) {
        need = 1;
    } else if (c >= 0xe0 && c <= 0xef) {
        need = 2;
        lo = c == 0xe0 ? 0xa0 : 0x80;
        hi = c == 0xed ? 0x9f : 0xbf;
    } else if (c >= 0xf0 && c <= 0xf4) {
        need = 3;
        lo = c == 0xf0 ? 0x90 : 0x80;
        hi = c == 0xf4 ? 0x8f : 0xbf;
    } else {
        return 1;
    }

    for (k = 1; k <= need; k++) {
        if (k >= n || p[k] < lo || p[k] > hi) {
            return k;
        }
        lo = 0x80;
        hi = 0xbf;
    }

    return need + 1;
}


/* the code point of the valid sequence at p of length len */
static uint32_t
fz_cp(const unsigned char *p, size_t len)
{
    switch (len) {
    case 1:
        return p[0];
    case 2:
        return (uint32_t) (p[0] & 0x1f) << 6 | (p[1] & 0x3f);
    case 3:
        return (uint32_t) (p[0] & 0x0f) << 12 | (uint32_t) (p[1] & 0x3f) << 6
               | (p[2] & 0x3f);
    default:
        return (uint32_t) (p[0] & 0x07) << 18
               | (uint32_t) (p[1] & 0x3f) << 12
               | (uint32_t) (p[2] & 0x3f) << 6 | (p[3] & 0x3f);
    }
}


/* (a); the length of the character at p, and its property */
static size_t
fz_char(const unsigned char *p, size_t n, art_gcb_e *prop)
{
    size_t    len, valid;
    uint32_t  cp;

    len = art_utf8_decode(p, n, &cp);
    valid = fz_utf8_seq(p, n);

    if (valid > 0) {
        if (len != valid || cp != fz_cp(p, valid)) {
            abort();
        }

    } else if (cp != 0xfffd || len != fz_subpart(p, n)) {
        abort();
    }

    *prop = art_grapheme_property(cp);

    if ((int) *prop < ART_GCB_OTHER || *prop > ART_GCB_PICT) {
        abort();
    }

    return len;
}


/* (c) for the cluster [p, p + n); next is the property after it */
static void
fz_cluster(const unsigned char *p, size_t n, int has_next,
    art_gcb_e next)
{
    size_t      i, len, chars, ri, ctl, cr_lf;
    art_gcb_e   prop;

    chars = 0;
    ri = 0;
    ctl = 0;

    for (i = 0; i < n; i += len) {
        len = fz_char(p + i, n - i, &prop);
        chars++;
        ri += prop == ART_GCB_RI;
        ctl += prop == ART_GCB_CR || prop == ART_GCB_LF
               || prop == ART_GCB_CONTROL;
    }

    if (i != n) {
        /* the cluster ends inside a character */
        abort();
    }

    cr_lf = n == 2 && p[0] == '\r' && p[1] == '\n';

    if (ctl > 0 && chars > 1 && !cr_lf) {
        abort();
    }

    if (ri == chars && ri > 2) {
        abort();
    }

    if (has_next && ctl == 0
        && (next == ART_GCB_EXTEND || next == ART_GCB_ZWJ))
    {
        abort();
    }
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t      i, n, count, len;
    art_gcb_e   next;

    /* (a) at every byte */
    for (i = 0; i < size; i++) {
        (void) fz_char(data + i, size - i, &next);
    }

    if (art_grapheme_next(data, 0) != 0) {
        abort();
    }

    /* (b), (c) */
    count = 0;

    for (i = 0; i < size; i += n) {
        n = art_grapheme_next(data + i, size - i);

        if (n == 0 || n > size - i) {
            abort();
        }

        next = ART_GCB_OTHER;
        len = 0;

        if (i + n < size) {
            len = fz_char(data + i + n, size - i - n, &next);
        }

        fz_cluster(data + i, n, len > 0, next);
        count++;
    }

    if (art_grapheme_count(data, size) != count) {
        abort();
    }

    return 0;
}
