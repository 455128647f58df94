/*
 * Selectors: parsing and matching of the CSS subset the rewriter takes.
 *
 * A selector list is compiled once.  Matching works on an open-element
 * stack that does not keep attributes: every compound that appears left of
 * a combinator gets a bit, and each stack entry stores which of those bits
 * its element matched when it was opened.
 */

#ifndef ART_SELECTOR_H
#define ART_SELECTOR_H

#include <stddef.h>
#include <stdint.h>

#include "art_alloc.h"


#define ART_SEL_MAX_ANCESTOR_BITS  64


typedef enum {
    ART_SEL_ATTR_EXISTS = 0,
    ART_SEL_ATTR_EQ,            /* [a=v] */
    ART_SEL_ATTR_INCLUDES,      /* [a~=v], .class */
    ART_SEL_ATTR_PREFIX,        /* [a^=v] */
    ART_SEL_ATTR_SUFFIX,        /* [a$=v] */
    ART_SEL_ATTR_SUBSTRING      /* [a*=v] */
} art_sel_attr_op_e;


typedef struct {
    char               *name;       /* lower case */
    char               *value;
    size_t              value_len;
    art_sel_attr_op_e   op;
} art_sel_attr_t;


typedef struct {
    char            *tag;           /* lower case; NULL for any */
    art_sel_attr_t  *attrs;
    size_t           nattrs;
    /* how this compound relates to the one on its left: ' ' or '>' */
    char             combinator;
    /* the ancestor bit of this compound (not used for the subject) */
    int              bit;
} art_sel_compound_t;


typedef struct {
    art_sel_compound_t  *parts;     /* parts[nparts - 1] is the subject */
    size_t               nparts;
} art_sel_complex_t;


typedef struct {
    art_sel_complex_t  *list;
    size_t              n;
} art_selector_t;


/* the element being matched, as the rewriter sees it */
typedef struct art_sel_element_s  art_sel_element_t;

/*
 * Attribute look-up for matching: the decoded value of the attribute
 * (name in lower case), or NULL when absent.
 */
typedef const unsigned char *(*art_sel_attr_fn)(void *ud, const char *name,
    size_t *len);


/*
 * Parses a selector list; ancestor compounds get bits from *next_bit on.
 * Returns NULL with a message in err on a syntax error or when more than
 * ART_SEL_MAX_ANCESTOR_BITS ancestor compounds are needed.
 */
art_selector_t *art_selector_parse(const art_allocator_t *a, const char *src,
    int *next_bit, char *err, size_t errlen);
void art_selector_free(const art_allocator_t *a, art_selector_t *s);

/* does one compound match an element with this tag and attributes? */
int art_sel_compound_match(const art_sel_compound_t *c, const char *tag,
    art_sel_attr_fn attr, void *ud);

/*
 * Does the selector match an element whose ancestors are described by
 * masks[0..depth) (masks[0] the root, masks[depth - 1] the parent)?
 */
int art_selector_match(const art_selector_t *s, const char *tag,
    art_sel_attr_fn attr, void *ud, const uint64_t *masks, size_t depth);

/* the bits an element sets when opened, for every ancestor compound */
uint64_t art_selector_ancestor_bits(const art_selector_t *s, const char *tag,
    art_sel_attr_fn attr, void *ud);


#endif /* ART_SELECTOR_H */
