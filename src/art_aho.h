/*
 * An Aho-Corasick automaton: finds every occurrence of many byte strings
 * in one pass over a text.
 *
 * Patterns are added, then the automaton is compiled once and is
 * read-only from then on, so that one automaton built at configuration
 * time serves every scan.  States near the root (the ones a scan visits
 * most) get dense transition rows over byte classes; deeper states keep
 * sparse edges and a failure link, which bounds the memory of large
 * pattern sets.
 *
 * With ART_AHO_CASELESS, patterns and text are compared under Unicode
 * simple case folding (CaseFolding.txt, statuses C and S): the text is
 * folded into a scratch buffer with a map back to the original bytes, and
 * matches are reported in offsets of the original text.  Invalid UTF-8 in
 * the text is passed through byte by byte and never stops a scan.
 *
 * With ART_AHO_WORDS, patterns match as whole words only: no word
 * character (art_aho_char_kind()) right before or after the match.  A
 * standalone character (of a script written without spaces: Han,
 * Hiragana, Katakana, Thai, Lao, Khmer, Myanmar) is a word by itself, so
 * a match may start or end next to one.  An invalid byte is no word
 * character.
 */

#ifndef ART_AHO_H
#define ART_AHO_H

#include <stddef.h>

#include "art_alloc.h"
#include "art_buf.h"


#define ART_AHO_CASELESS    0x1
#define ART_AHO_WORDS       0x2

/* art_aho_char_kind() */
#define ART_AHO_NONWORD     0
/* \p{L} \p{N} \p{M} \p{Pc}, ZWNJ and ZWJ (they join the parts of a word) */
#define ART_AHO_WORD        1
#define ART_AHO_STANDALONE  2


typedef struct art_aho_s  art_aho_t;

/*
 * One occurrence of the pattern added with id, at [start, end) of the
 * text.  A nonzero return stops the scan, which returns that value.
 */
typedef int (*art_aho_match_fn)(void *ud, unsigned id, size_t start,
    size_t end);


art_aho_t *art_aho_create(const art_allocator_t *a, unsigned flags);
void art_aho_destroy(art_aho_t *ac);

/*
 * Add a pattern (n > 0) before art_aho_compile().  The same bytes added
 * again with the same id are kept once; with another id, both ids are
 * reported.  Returns 0, or -1 (no memory, empty pattern, already
 * compiled).
 */
int art_aho_add(art_aho_t *ac, const unsigned char *p, size_t n,
    unsigned id);

/*
 * 0, or -1 on no memory (or, in whole-words mode, patterns using all 256
 * byte values)
 */
int art_aho_compile(art_aho_t *ac);

/*
 * Report every occurrence, overlapping ones included, in the order of
 * their end offset, longer ones first at the same end.  scratch is the
 * caller's buffer for the folded text, reused from scan to scan (its
 * contents are not kept).  Returns 0, -1 on no memory or a text of 4 GB
 * or more, or the callback's nonzero value.
 */
int art_aho_scan(const art_aho_t *ac, art_buf_t *scratch,
    const unsigned char *text, size_t len, art_aho_match_fn cb, void *ud);

size_t art_aho_patterns(const art_aho_t *ac);
size_t art_aho_states(const art_aho_t *ac);
/* the bytes held by the compiled automaton */
size_t art_aho_memory(const art_aho_t *ac);

/*
 * Strict UTF-8 (no overlong forms, surrogates or values past U+10FFFF):
 * the length of the sequence at p (n > 0), or 0 when p starts none.
 */
size_t art_aho_utf8_decode(const unsigned char *p, size_t n,
    unsigned long *cp);

/* ART_AHO_NONWORD, ART_AHO_WORD or ART_AHO_STANDALONE */
int art_aho_char_kind(unsigned long cp);

/* the simple case folding of one code point */
unsigned long art_aho_fold_cp(unsigned long cp);

/*
 * Append the case-folded p to out (invalid UTF-8 is copied as is).
 * 0, or -1 on no memory.
 */
int art_aho_fold(art_buf_t *out, const unsigned char *p, size_t n);


#endif /* ART_AHO_H */
