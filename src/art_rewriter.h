/*
 * The rewriter: a tokenizer, an open-element stack, selector matching and
 * handlers, with output to a sink as slices of the input plus new bytes.
 *
 * Handlers are registered before the first byte.  Where nothing changes,
 * the output is the input's own bytes, delivered as slices of the chunk
 * being written (zero-copy).
 */

#ifndef ART_REWRITER_H
#define ART_REWRITER_H

#include <stddef.h>

#include "art_alloc.h"
#include "art_buf.h"
#include "art_tokenizer.h"


typedef struct art_rewriter_s  art_rewriter_t;
typedef struct art_element_s   art_element_t;
typedef struct art_text_s      art_text_t;


/*
 * The sink.  from_input says that p points into the chunk passed to the
 * art_rewriter_write() now running (a consumer may keep a reference to the
 * chunk instead of copying); otherwise p is valid only during the call.
 * A nonzero return stops the rewriter with that value.
 */
typedef int (*art_sink_fn)(void *ud, const unsigned char *p, size_t n,
    int from_input);

typedef enum {
    ART_POS_BEFORE = 0,     /* before the start tag */
    ART_POS_AFTER,          /* after the end tag (or the start tag of a
                               void element) */
    ART_POS_PREPEND,        /* after the start tag: first child */
    ART_POS_APPEND          /* before the end tag: last child */
} art_position_e;

/* an element matched by a selector; el is valid during the call only */
typedef int (*art_element_fn)(void *ud, art_element_t *el);

/*
 * A run of data-state text between two tags (and the text of elements
 * asked for with art_element_capture_text()), decoded, complete even when
 * it spans chunks (up to max_text_run bytes; a longer run is handed over
 * in pieces).
 */
typedef int (*art_text_fn)(void *ud, art_text_t *text);

/* end of the document: may insert markup that goes last */
typedef int (*art_end_fn)(void *ud, art_rewriter_t *rw);


/*
 * The least token cap: a tag past the cap is matched to elements by the
 * name it has at its first piece, and past 33 bytes that name is final
 * (names are compared by their first 31 bytes), so whether a page comes
 * whole or cut cannot change what a long tag opens or closes.
 */
#define ART_REWRITER_MIN_TOKEN  64


/*
 * Selectors parsed once for all the rewriters of a configuration: a
 * rewriter created with the plan takes a selector the plan holds (the same
 * string) from it, where it would otherwise parse it for every page.  The
 * plan must outlive its rewriters and is not changed while they run.
 */
typedef struct art_rewriter_plan_s  art_rewriter_plan_t;

art_rewriter_plan_t *art_rewriter_plan_create(const art_allocator_t *a);
/* Returns 0, or -1 with a message in err (see art_rewriter_on_element) */
int art_rewriter_plan_add(art_rewriter_plan_t *plan, const char *selector,
    char *err, size_t errlen);
void art_rewriter_plan_destroy(art_rewriter_plan_t *plan);


typedef struct {
    size_t                      max_token_size;     /* 0: 256 KB; less than
                                                       the least: the least */
    size_t                      max_depth;          /* 0: 512 */
    size_t                      max_text_run;       /* 0: 64 KB */
    const art_rewriter_plan_t  *plan;               /* NULL: none */
} art_rewriter_settings_t;


art_rewriter_t *art_rewriter_create(const art_allocator_t *a,
    const art_rewriter_settings_t *settings, art_sink_fn sink, void *ud);
void art_rewriter_destroy(art_rewriter_t *rw);

/*
 * Selector syntax: tag, *, #id, .class, [attr], [attr=v], [attr~=v],
 * [attr^=v], [attr$=v], [attr*=v] (v bare or quoted), compounds
 * (a.share[href]), descendant (article h1) and child (main > h1)
 * combinators, comma lists.  Returns 0, or -1 with a message in err.
 */
int art_rewriter_on_element(art_rewriter_t *rw, const char *selector,
    art_element_fn fn, void *ud, char *err, size_t errlen);
int art_rewriter_on_text(art_rewriter_t *rw, art_text_fn fn, void *ud);
int art_rewriter_on_end(art_rewriter_t *rw, art_end_fn fn, void *ud);

int art_rewriter_write(art_rewriter_t *rw, const unsigned char *p, size_t n);
int art_rewriter_end(art_rewriter_t *rw);


/* the bytes held between chunks, and the peak of the rewriter's state */
size_t art_rewriter_peak_memory(const art_rewriter_t *rw);


/* elements */
const char *art_element_tag(const art_element_t *el);   /* lower case */
size_t art_element_depth(const art_element_t *el);
/*
 * The decoded value of an attribute (name in lower case), or NULL when
 * absent; valid until the handler returns.
 */
const unsigned char *art_element_get_attr(art_element_t *el,
    const char *name, size_t *len);
int art_element_has_attr(art_element_t *el, const char *name);
/*
 * The attributes as written, in order (duplicates left out): for a
 * handler that looks at all of them in one pass.
 */
size_t art_element_attr_count(const art_element_t *el);
const unsigned char *art_element_attr_name(const art_element_t *el, size_t i,
    size_t *len);
/* the decoded value of attribute i, as art_element_get_attr() of its name */
const unsigned char *art_element_attr_value(art_element_t *el, size_t i,
    size_t *len);
/* value is plain text: it is escaped as an attribute value */
int art_element_set_attr(art_element_t *el, const char *name,
    const unsigned char *value, size_t len);
int art_element_remove_attr(art_element_t *el, const char *name);
/* html is markup, inserted as is */
int art_element_insert(art_element_t *el, art_position_e pos,
    const unsigned char *html, size_t len);
/* drop the element with its content */
int art_element_remove(art_element_t *el);
/* ask for the element's text content through fn (see art_text_fn) */
int art_element_capture_text(art_element_t *el, art_text_fn fn, void *ud);
/*
 * Call fn when the element closes: with ART_POS_APPEND just before its end
 * tag, with ART_POS_AFTER just after it (for a void element: right after
 * the start tag).  fn may insert markup there with art_rewriter_insert().
 * This is for markup that depends on what the element turns out to hold.
 */
typedef int (*art_close_fn)(void *ud, art_rewriter_t *rw);
int art_element_on_close(art_element_t *el, art_position_e pos,
    art_close_fn fn, void *ud);
/* markup at the current point (from an art_close_fn or art_end_fn) */
int art_rewriter_insert(art_rewriter_t *rw, const unsigned char *p,
    size_t n);


/* text */
const unsigned char *art_text_data(const art_text_t *t, size_t *len);
/* the element the text is in, lower case ("" at the top) */
const char *art_text_parent(const art_text_t *t);
/*
 * Replace the decoded bytes [start, end) with html (markup, inserted as
 * is).  The source span replaced covers whole character references.
 * Replacements must not overlap; they may come in any order.
 */
int art_text_replace(art_text_t *t, size_t start, size_t end,
    const unsigned char *html, size_t len);


#endif /* ART_REWRITER_H */
