/*
 * UTF-8 decoding and extended grapheme clusters (Unicode Standard Annex
 * #29, Unicode 15.0: rules GB1 to GB13), for cutting text where a reader
 * sees a character boundary: never inside a flag, an emoji sequence, a
 * letter with its combining marks or a Hangul syllable.
 */

#ifndef ART_GRAPHEME_H
#define ART_GRAPHEME_H

#include <stddef.h>
#include <stdint.h>


/* Grapheme_Cluster_Break values; PICT is Other with Extended_Pictographic */
typedef enum {
    ART_GCB_OTHER = 0,
    ART_GCB_CR,
    ART_GCB_LF,
    ART_GCB_CONTROL,
    ART_GCB_EXTEND,
    ART_GCB_ZWJ,
    ART_GCB_RI,
    ART_GCB_PREPEND,
    ART_GCB_SPACINGMARK,
    ART_GCB_L,
    ART_GCB_V,
    ART_GCB_T,
    ART_GCB_LV,
    ART_GCB_LVT,
    ART_GCB_PICT
} art_gcb_e;


/*
 * Decode the code point at p (n > 0) and return the number of bytes it
 * took.  An ill-formed sequence yields U+FFFD and consumes its maximal
 * subpart (at least one byte), as the Unicode Standard recommends, so
 * that the decoder always moves on.
 */
size_t art_utf8_decode(const unsigned char *p, size_t n, uint32_t *cp);

art_gcb_e art_grapheme_property(uint32_t cp);

/*
 * The length in bytes of the extended grapheme cluster that starts at p,
 * 0 when n is 0.  Ill-formed bytes count as U+FFFD.
 */
size_t art_grapheme_next(const unsigned char *p, size_t n);

/* the number of extended grapheme clusters in p */
size_t art_grapheme_count(const unsigned char *p, size_t n);


#endif /* ART_GRAPHEME_H */
