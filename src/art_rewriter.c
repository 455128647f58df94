/*
 * The rewriter: the tokenizer's tokens, an open-element stack that
 * simulates as much of the HTML5 tree builder as selectors need (void
 * elements, implied end tags, foreign content, the content-state
 * switches), selector matching, and the output.
 *
 * Output is a run of slices of the input chunk, coalesced while nothing
 * changes, with new bytes where a handler inserted or edited something.
 * Everything held between chunks is bounded: the token being read (the
 * tokenizer's carry), a text run when a text handler needs whole runs,
 * the open-element stack (max_depth) and the markup waiting for an end
 * tag.
 */

#include <stdio.h>
#include <string.h>

#include "art_rewriter.h"
#include "art_selector.h"
#include "art_escape.h"
#include "art_tags.inc"


#define ART_DEFAULT_MAX_DEPTH     512
#define ART_DEFAULT_MAX_TEXT_RUN  (64 * 1024)
#define ART_MAX_ATTR_EDITS        16
#define ART_MAX_CLOSERS           4


typedef struct {
    art_selector_t   *sel;
    art_element_fn    fn;
    void             *ud;
    /*
     * What the subjects of the selector can be: a set of known elements
     * (most selectors name one), else any; tested before any matching.
     */
    uint64_t          tags[2];
    int               any_tag;
    int               has_ancestors;
    /*
     * Every selector of the list is a known tag alone (meta, title), or
     * one of them is "*": being in tags (or any_tag) is a match, with
     * nothing more to compare.
     */
    int               tags_only;
    /*
     * Its ancestor compounds are known tags alone: the bits an element
     * sets for them follow from its tag, whatever its attributes.
     */
    int               tag_ancestors;
    /* the selector is the plan's, not the rewriter's to free */
    int               shared;
} art_el_handler_t;


typedef struct {
    char              *src;
    art_el_handler_t   proto;       /* fn and ud unset */
} art_plan_entry_t;


struct art_rewriter_plan_s {
    const art_allocator_t  *alloc;
    art_plan_entry_t       *entries;
    size_t                  n;
    size_t                  cap;
    int                     next_bit;
};


typedef struct {
    art_text_fn       fn;
    void             *ud;
} art_text_handler_t;


typedef struct {
    art_end_fn        fn;
    void             *ud;
} art_end_handler_t;


/*
 * An open element.  Every field is set when it is pushed (no memset: this
 * runs for every element); bytes together so that they are one store.
 */
typedef struct {
    /* the token's lname as it is, all 32 bytes (see art_rw_name_eq()) */
    char              tag[32];
    unsigned char     tag_len;          /* a name may hold NUL bytes */
    unsigned char     id;               /* ART_TAG_*, 0 when not known */
    unsigned char     foreign;          /* svg or math namespace */
    unsigned char     integration;      /* its content is HTML again */
    /* foreign and not integration: the tokenizer's foreign flag inside */
    unsigned char     foreign_content;
    unsigned char     has_capture;
    unsigned char     nclosers;
    /* markup for before the end tag and after it, in rw->pend */
    size_t            pend_start;
    size_t            append_len;
    size_t            after_len;
} art_open_t;


typedef struct {
    art_text_fn       fn;
    void             *ud;
    size_t            depth;            /* stack index of its element */
    art_buf_t         text;
} art_capture_t;


typedef struct {
    art_position_e    pos;
    art_close_fn      fn;
    void             *ud;
} art_closer_t;


typedef struct {
    char              name[32];
    art_buf_t         value;
    int               removed;
    int               is_new;
    size_t            attr;             /* index in the token, if not new */
} art_attr_edit_t;


struct art_element_s {
    art_rewriter_t       *rw;
    art_token_t          *tok;
    art_buf_t             before;
    art_buf_t             prepend;
    art_buf_t             append;
    art_buf_t             after;
    /*
     * Decoded attribute values, each decoded once and kept until the
     * element's handlers are done: they go into value, which is made
     * large enough for all of them at the first, so that none moves.
     * decoded[i] is attribute i's offset in value + 1 (0: not decoded);
     * the arrays hold decoded_cap entries, ndecoded of them in use.  All
     * of it is kept from element to element.
     */
    art_buf_t             value;
    size_t               *decoded;
    size_t               *decoded_len;
    size_t                decoded_cap;
    size_t                ndecoded;
    art_attr_edit_t       edits[ART_MAX_ATTR_EDITS];
    size_t                nedits;
    int                   removed;
    art_text_fn           capture_fn;
    void                 *capture_ud;
    int                   capture;
    art_closer_t          closers[ART_MAX_CLOSERS];
    size_t                nclosers;
    /*
     * A handler asked for a change (an insertion, an edit, removal, a
     * capture, a close callback).  While it is 0 all of those are empty,
     * and the element goes through as if no handler had matched.
     */
    int                   touched;
};


struct art_text_s {
    art_rewriter_t       *rw;
    const unsigned char  *data;
    size_t                len;
    const char           *parent;
    int                   replaceable;
};


typedef struct {
    size_t            start;            /* decoded offsets */
    size_t            end;
    size_t            off;              /* markup in rw->repl_buf */
    size_t            len;
} art_replacement_t;


struct art_rewriter_s {
    const art_allocator_t  *alloc;
    art_sink_fn             sink;
    void                   *sink_ud;
    size_t                  max_depth;
    size_t                  max_text_run;

    art_tokenizer_t        *tokenizer;

    art_el_handler_t       *el_handlers;
    size_t                  nel_handlers;
    art_text_handler_t     *text_handlers;
    size_t                  ntext_handlers;
    art_end_handler_t      *end_handlers;
    size_t                  nend_handlers;
    int                     next_bit;
    /* selectors parsed once for every page, or NULL */
    const art_rewriter_plan_t  *plan;

    art_open_t             *stack;
    uint64_t               *masks;
    size_t                  depth;
    /* how many elements of each known kind are open: most look-ups end here */
    unsigned int            open_count[ART_TAG_COUNT];

    /*
     * Of the first 64 element handlers, by tag: the handlers that may
     * match it (bit i: el_handlers[i]; any_tag: those of every tag) and
     * the ancestor bits that its tag alone sets, filled in as handlers
     * are added; ancestors has the handlers whose ancestor bits depend on
     * attributes too.
     */
    uint64_t                by_tag[ART_TAG_COUNT];
    uint64_t                anc_by_tag[ART_TAG_COUNT];
    uint64_t                any_tag;
    uint64_t                ancestors;
    size_t                  stack_cap;
    size_t                  overflow_depth; /* elements past max_depth */
    int                     foreign;        /* what the tokenizer was told */
    size_t                  suppress;       /* removed element + 1, or 0 */
    /*
     * An end tag past the token cap closes the top element from its first
     * piece on (what is removed with the element must not take the tag's
     * first pieces along); what goes after the element waits for the last.
     */
    int                     closing_opaque;

    art_buf_t               pend;

    /* captures and close callbacks of open elements: stacks like theirs */
    art_capture_t          *captures;
    size_t                  ncaptures;
    size_t                  captures_cap;

    art_closer_t           *closers;
    size_t                  nclosers;
    size_t                  closers_cap;

    /*
     * A text run waiting for its end: a slice of the chunk while it lies
     * in one (run_in_chunk, from run_off), else copied into run.  run_len
     * is its length either way.
     */
    art_buf_t               run;
    size_t                  run_len;
    size_t                  run_off;
    int                     run_in_chunk;
    art_text_state_e        run_state;
    unsigned                run_parent_id;
    const char             *run_parent;     /* the open element's tag */

    /* scratch for text handlers */
    art_buf_t               decoded;
    art_buf_t               map;
    art_buf_t               repl_buf;
    art_replacement_t      *repls;
    size_t                  nrepls;
    size_t                  repls_cap;
    art_buf_t               scratch;

    art_element_t           el;

    /* the chunk being written, and the slice of it not yet sent */
    const unsigned char    *chunk;
    size_t                  pass_start;
    size_t                  pass_end;

    int                     error;
    int                     ended;
    size_t                  peak;
};


/* the id of a known element name (lower case), or 0 */
static unsigned
art_rw_tag_id(const char *tag, size_t n)
{
    unsigned     k, id;
    size_t       i;
    const char  *name;

    if (n == 0) {
        return 0;
    }

    k = art_tag_hash_of((const unsigned char *) tag, n);

    while ((id = art_tag_hash[k]) != 0) {
        if (art_tag_lens[id] == n) {
            /* names are short: no call for the compare */
            name = art_tag_names[id];

            for (i = 0; i < n && name[i] == tag[i]; i++) {
                /* void */
            }

            if (i == n) {
                return id;
            }
        }

        k = (k + 1) % ART_TAG_HASH_SIZE;
    }

    return 0;
}


/*
 * Two tag names of n bytes, each in a 32-byte array (a token's lname, a
 * stack entry's copy of one): a name of up to 8 bytes, as most are, is
 * compared as one word, the bytes past it masked off whatever they hold.
 */
static inline int
art_rw_name_eq(const char *a, const char *b, size_t n)
{
    static const unsigned char  ones[16] = {
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0, 0, 0, 0, 0, 0, 0, 0
    };
    uint64_t  x, y, m;

    if (n > 8) {
        return memcmp(a, b, n) == 0;
    }

    memcpy(&x, a, 8);
    memcpy(&y, b, 8);
    memcpy(&m, ones + 8 - n, 8);

    return ((x ^ y) & m) == 0;
}


#define art_rw_flag(id, f)  (art_tag_flags[id] & (f))

#if (ART_TAG_COUNT > 128)
#error "the handlers' tag sets hold 128 elements"
#endif


static void
art_rw_peak(art_rewriter_t *rw)
{
    size_t  m;

    m = rw->run.cap + rw->pend.cap + rw->decoded.cap + rw->map.cap
        + rw->repl_buf.cap + rw->scratch.cap + rw->stack_cap
          * (sizeof(art_open_t) + sizeof(uint64_t))
        + art_tokenizer_carry_size(rw->tokenizer);

    if (m > rw->peak) {
        rw->peak = m;
    }
}


/* output */

static void
art_rw_flush_pass(art_rewriter_t *rw)
{
    size_t  s, e;

    s = rw->pass_start;
    e = rw->pass_end;
    rw->pass_start = rw->pass_end;

    if (e > s && rw->error == 0) {
        rw->error = rw->sink(rw->sink_ud, rw->chunk + s, e - s, 1);
    }
}


/* bytes that are not a slice of the chunk, or not in order with it */
static void
art_rw_emit(art_rewriter_t *rw, const unsigned char *p, size_t n)
{
    if (n == 0 || rw->suppress) {
        return;
    }

    art_rw_flush_pass(rw);

    if (rw->error == 0) {
        rw->error = rw->sink(rw->sink_ud, p, n, 0);
    }
}


/* bytes [off, off + n) of the chunk, unchanged */
static void
art_rw_pass_range(art_rewriter_t *rw, size_t off, size_t n)
{
    if (rw->suppress || n == 0) {
        return;
    }

    if (off != rw->pass_end) {
        art_rw_flush_pass(rw);
        rw->pass_start = off;
    }

    rw->pass_end = off + n;
}


/* a token's own bytes, unchanged */
static void
art_rw_pass_token(art_rewriter_t *rw, const art_token_t *tok)
{
    if (rw->suppress || tok->raw_len == 0) {
        return;
    }

    if (!tok->raw_in_chunk) {
        art_rw_emit(rw, tok->raw, tok->raw_len);
        return;
    }

    art_rw_pass_range(rw, (size_t) (tok->raw - rw->chunk), tok->raw_len);
}


/* the same, inline where the token follows the slice being passed */
static inline void
art_rw_pass(art_rewriter_t *rw, const art_token_t *tok)
{
    if (tok->raw_in_chunk && rw->suppress == 0
        && (size_t) (tok->raw - rw->chunk) == rw->pass_end)
    {
        rw->pass_end += tok->raw_len;
        return;
    }

    art_rw_pass_token(rw, tok);
}


/* the open-element stack */

static art_open_t *
art_rw_top(art_rewriter_t *rw)
{
    return rw->depth ? &rw->stack[rw->depth - 1] : NULL;
}


/*
 * The tokenizer is told whether the top element is foreign content (for
 * CDATA sections) when that changes; rw->foreign is what it was told, so
 * it is also what the top element's foreign_content is.
 */
static inline void
art_rw_update_foreign(art_rewriter_t *rw)
{
    int  foreign;

    foreign = rw->depth ? rw->stack[rw->depth - 1].foreign_content : 0;

    if (foreign != rw->foreign) {
        rw->foreign = foreign;
        art_tokenizer_set_foreign(rw->tokenizer, foreign);
    }
}


static void art_rw_flush_run(art_rewriter_t *rw);


static void
art_rw_run_closers(art_rewriter_t *rw, art_open_t *e, art_position_e pos)
{
    size_t         i;
    art_closer_t  *c;

    if (e->nclosers == 0) {
        return;
    }

    for (i = rw->nclosers - e->nclosers; i < rw->nclosers; i++) {
        c = &rw->closers[i];

        if (c->pos == pos && rw->error == 0) {
            rw->error = c->fn(c->ud, rw);
        }
    }
}


/* close the top element; its end tag (if any) is emitted by the caller */
static void
art_rw_pop_begin(art_rewriter_t *rw)
{
    art_open_t  *e;

    e = art_rw_top(rw);

    if (e->append_len) {
        art_rw_emit(rw, rw->pend.data + e->pend_start, e->append_len);
    }

    art_rw_run_closers(rw, e, ART_POS_APPEND);
}


static void
art_rw_pop_end(art_rewriter_t *rw)
{
    art_open_t     *e;
    art_capture_t  *cap;
    art_text_t      text;
    size_t          idx;

    e = art_rw_top(rw);
    idx = rw->depth - 1;

    if (rw->suppress == idx + 1) {
        rw->suppress = 0;
    }

    /* the element's text first: what goes after it may depend on it */
    if (e->has_capture && rw->ncaptures > 0) {
        cap = &rw->captures[rw->ncaptures - 1];

        if (cap->depth == idx) {
            text.rw = rw;
            text.data = cap->text.data ? cap->text.data
                                       : (const unsigned char *) "";
            text.len = cap->text.len;
            text.parent = e->tag;
            text.replaceable = 0;

            if (rw->error == 0) {
                rw->error = cap->fn(cap->ud, &text);
            }

            art_buf_free(&cap->text);
            rw->ncaptures--;
        }
    }

    if (e->after_len) {
        art_rw_emit(rw, rw->pend.data + e->pend_start + e->append_len,
                    e->after_len);
    }

    art_rw_run_closers(rw, e, ART_POS_AFTER);
    rw->nclosers -= e->nclosers;
    rw->pend.len = e->pend_start;

    rw->open_count[e->id]--;
    rw->depth--;
    art_rw_update_foreign(rw);
}


/* close the top element without an end tag of its own (implied) */
static void
art_rw_pop_implied(art_rewriter_t *rw)
{
    art_rw_pop_begin(rw);
    art_rw_pop_end(rw);
}


/*
 * The nearest open element of a known kind, scanning down to a boundary:
 * an element with one of the stop flags or one of the stop ids.
 */
static long
art_rw_find(art_rewriter_t *rw, unsigned id, unsigned stop_flags,
    unsigned stop1, unsigned stop2)
{
    size_t       i;
    art_open_t  *e;

    if (rw->open_count[id] == 0) {
        return -1;
    }

    for (i = rw->depth; i-- > 0; ) {
        e = &rw->stack[i];

        if (e->id == id) {
            return (long) i;
        }

        if (e->foreign || art_rw_flag(e->id, stop_flags)
            || (stop1 && e->id == stop1) || (stop2 && e->id == stop2))
        {
            return -1;
        }
    }

    return -1;
}


static void
art_rw_pop_to(art_rewriter_t *rw, long idx)
{
    while (rw->depth > (size_t) idx) {
        art_rw_pop_implied(rw);
    }
}


static int
art_rw_is_heading(unsigned id)
{
    return id >= ART_TAG_H1 && id <= ART_TAG_H6;
}


/* the end tags that a start tag implies, as the tree builder would */
static void
art_rw_implied_close(art_rewriter_t *rw, unsigned id)
{
    art_open_t  *top;
    long         i;

    top = art_rw_top(rw);

    if (top != NULL && top->id == ART_TAG_HEAD
        && !art_rw_flag(id, ART_TAGF_HEAD_OK))
    {
        art_rw_pop_implied(rw);
    }

    if (art_rw_flag(id, ART_TAGF_CLOSES_P)) {
        i = art_rw_find(rw, ART_TAG_P, ART_TAGF_SCOPE, 0, 0);
        if (i >= 0) {
            art_rw_pop_to(rw, i);
        }
    }

    i = -1;

    switch (id) {

    case ART_TAG_LI:
        i = art_rw_find(rw, ART_TAG_LI, 0, ART_TAG_UL, ART_TAG_OL);
        break;

    case ART_TAG_DD:
    case ART_TAG_DT:
        i = art_rw_find(rw, ART_TAG_DD, 0, ART_TAG_DL, 0);
        if (i < 0) {
            i = art_rw_find(rw, ART_TAG_DT, 0, ART_TAG_DL, 0);
        }
        break;

    case ART_TAG_OPTION:
    case ART_TAG_OPTGROUP:
        top = art_rw_top(rw);
        if (top != NULL && top->id == ART_TAG_OPTION) {
            i = (long) rw->depth - 1;
        }
        break;

    case ART_TAG_TR:
        i = art_rw_find(rw, ART_TAG_TR, 0, ART_TAG_TABLE, 0);
        break;

    case ART_TAG_TD:
    case ART_TAG_TH:
        i = art_rw_find(rw, ART_TAG_TD, 0, ART_TAG_TR, ART_TAG_TABLE);
        if (i < 0) {
            i = art_rw_find(rw, ART_TAG_TH, 0, ART_TAG_TR, ART_TAG_TABLE);
        }
        break;

    case ART_TAG_TBODY:
    case ART_TAG_THEAD:
    case ART_TAG_TFOOT:
        i = art_rw_find(rw, ART_TAG_TBODY, 0, ART_TAG_TABLE, 0);
        if (i < 0) {
            i = art_rw_find(rw, ART_TAG_THEAD, 0, ART_TAG_TABLE, 0);
        }
        if (i < 0) {
            i = art_rw_find(rw, ART_TAG_TFOOT, 0, ART_TAG_TABLE, 0);
        }
        break;

    case ART_TAG_A:
        i = art_rw_find(rw, ART_TAG_A, 0, ART_TAG_TABLE, 0);
        break;

    case ART_TAG_BODY:
        i = art_rw_find(rw, ART_TAG_HEAD, 0, 0, 0);
        break;

    default:
        if (art_rw_is_heading(id)) {
            top = art_rw_top(rw);
            if (top != NULL && art_rw_is_heading(top->id)) {
                i = (long) rw->depth - 1;
            }
        }
        break;
    }

    if (i >= 0) {
        art_rw_pop_to(rw, i);
    }
}


/* an array of n used items, its room doubled (art_grow) */
static int
art_rw_grow_array(art_rewriter_t *rw, void **arr, size_t *cap, size_t n,
    size_t size)
{
    void  *p;

    p = art_grow(rw->alloc, *arr, n, cap, *cap + 1, size);
    if (p == NULL) {
        return -1;
    }

    *arr = p;

    return 0;
}


static int
art_rw_grow_stack(art_rewriter_t *rw)
{
    size_t       cap;
    art_open_t  *stack;
    uint64_t    *masks;

    cap = rw->stack_cap ? rw->stack_cap * 2 : 32;
    if (cap > rw->max_depth) {
        cap = rw->max_depth;
    }

    stack = art_alloc(rw->alloc, cap * sizeof(art_open_t));
    masks = art_alloc(rw->alloc, cap * sizeof(uint64_t));

    if (stack == NULL || masks == NULL) {
        art_free(rw->alloc, stack);
        art_free(rw->alloc, masks);
        return -1;
    }

    if (rw->depth) {
        memcpy(stack, rw->stack, rw->depth * sizeof(art_open_t));
        memcpy(masks, rw->masks, rw->depth * sizeof(uint64_t));
    }

    art_free(rw->alloc, rw->stack);
    art_free(rw->alloc, rw->masks);
    rw->stack = stack;
    rw->masks = masks;
    rw->stack_cap = cap;

    return 0;
}


/* attributes of the start tag being handled */

static int
art_rw_attr_name_eq(const art_token_t *tok, const art_attr_t *a,
    const char *name)
{
    return art_span_eq(tok->raw, a->name, name);
}


static const unsigned char *
art_rw_decoded_attr(art_element_t *el, size_t idx, size_t *len)
{
    const art_attr_t     *a = &el->tok->attrs[idx];
    const unsigned char  *v;
    size_t                n;

    v = el->tok->raw + a->value.off;

    if (memchr(v, '&', a->value.len) == NULL
        && memchr(v, '\r', a->value.len) == NULL
        && memchr(v, '\0', a->value.len) == NULL)
    {
        *len = a->value.len;
        return a->value.len ? v : (const unsigned char *) "";
    }

    if (el->ndecoded == 0) {
        /* the element's first decoded value */
        n = el->tok->nattrs;

        if (n > el->decoded_cap) {
            art_free(el->rw->alloc, el->decoded);
            art_free(el->rw->alloc, el->decoded_len);

            el->decoded_cap = n < 16 ? 16 : n;
            el->decoded = art_alloc(el->rw->alloc,
                                    el->decoded_cap * sizeof(size_t));
            el->decoded_len = art_alloc(el->rw->alloc,
                                        el->decoded_cap * sizeof(size_t));

            if (el->decoded == NULL || el->decoded_len == NULL) {
                art_free(el->rw->alloc, el->decoded);
                art_free(el->rw->alloc, el->decoded_len);
                el->decoded = NULL;
                el->decoded_len = NULL;
                el->decoded_cap = 0;
                *len = 0;
                return NULL;
            }
        }

        /*
         * Room for every value of the tag: decoding makes at most three
         * bytes of one (a NUL becomes U+FFFD), so nothing moves later.
         */
        el->value.len = 0;

        if (art_buf_reserve(&el->value, 3 * el->tok->raw_len + 4) != 0) {
            el->value.failed = 0;
            *len = 0;
            return NULL;
        }

        memset(el->decoded, 0, n * sizeof(size_t));
        el->ndecoded = n;
    }

    if (el->decoded[idx] == 0) {
        n = el->value.len;

        if (art_decode_attr(&el->value, v, a->value.len) != 0) {
            el->value.len = n;
            el->value.failed = 0;
            *len = 0;
            return NULL;
        }

        el->decoded[idx] = n + 1;
        el->decoded_len[idx] = el->value.len - n;
    }

    *len = el->decoded_len[idx];

    return el->value.data + el->decoded[idx] - 1;
}


static art_attr_edit_t *
art_rw_find_edit(art_element_t *el, const char *name)
{
    size_t  i;

    for (i = 0; i < el->nedits; i++) {
        if (strcmp(el->edits[i].name, name) == 0) {
            return &el->edits[i];
        }
    }

    return NULL;
}


static long
art_rw_find_attr(const art_token_t *tok, const char *name)
{
    size_t  i;

    for (i = 0; i < tok->nattrs; i++) {
        if (!tok->attrs[i].duplicate
            && art_rw_attr_name_eq(tok, &tok->attrs[i], name))
        {
            return (long) i;
        }
    }

    return -1;
}


const unsigned char *
art_element_get_attr(art_element_t *el, const char *name, size_t *len)
{
    art_attr_edit_t  *ed;
    long              i;
    size_t            n;

    if (len == NULL) {
        len = &n;
    }

    ed = art_rw_find_edit(el, name);
    if (ed != NULL) {
        if (ed->removed) {
            return NULL;
        }

        *len = ed->value.len;
        return ed->value.data ? ed->value.data : (const unsigned char *) "";
    }

    i = art_rw_find_attr(el->tok, name);
    if (i < 0) {
        return NULL;
    }

    return art_rw_decoded_attr(el, (size_t) i, len);
}


size_t
art_element_attr_count(const art_element_t *el)
{
    return el->tok->nattrs;
}


const unsigned char *
art_element_attr_name(const art_element_t *el, size_t i, size_t *len)
{
    const art_attr_t  *a;

    if (i >= el->tok->nattrs || el->tok->attrs[i].duplicate) {
        *len = 0;
        return NULL;
    }

    a = &el->tok->attrs[i];
    *len = a->name.len;

    return el->tok->raw + a->name.off;
}


const unsigned char *
art_element_attr_value(art_element_t *el, size_t i, size_t *len)
{
    size_t  k;

    if (i >= el->tok->nattrs || el->tok->attrs[i].duplicate) {
        *len = 0;
        return NULL;
    }

    /* as art_element_get_attr() of its name: a handler's edit first */
    for (k = 0; k < el->nedits; k++) {
        if (!el->edits[k].is_new && el->edits[k].attr == i) {
            if (el->edits[k].removed) {
                *len = 0;
                return NULL;
            }

            *len = el->edits[k].value.len;
            return el->edits[k].value.data ? el->edits[k].value.data
                                           : (const unsigned char *) "";
        }
    }

    return art_rw_decoded_attr(el, i, len);
}


int
art_element_has_attr(art_element_t *el, const char *name)
{
    size_t  n;

    return art_element_get_attr(el, name, &n) != NULL;
}


static const unsigned char *
art_rw_sel_attr(void *ud, const char *name, size_t *len)
{
    return art_element_get_attr(ud, name, len);
}


static art_attr_edit_t *
art_rw_new_edit(art_element_t *el, const char *name)
{
    art_attr_edit_t  *ed;
    size_t            n;
    long              i;

    ed = art_rw_find_edit(el, name);
    if (ed != NULL) {
        ed->value.len = 0;
        return ed;
    }

    n = strlen(name);
    if (el->nedits == ART_MAX_ATTR_EDITS || n >= sizeof(ed->name)) {
        return NULL;
    }

    /* the value's storage is kept from element to element */
    el->touched = 1;
    ed = &el->edits[el->nedits++];
    memcpy(ed->name, name, n + 1);
    ed->value.len = 0;
    ed->value.failed = 0;
    ed->removed = 0;

    i = art_rw_find_attr(el->tok, name);
    ed->is_new = i < 0;
    ed->attr = i < 0 ? 0 : (size_t) i;

    return ed;
}


int
art_element_set_attr(art_element_t *el, const char *name,
    const unsigned char *value, size_t len)
{
    art_attr_edit_t  *ed;

    ed = art_rw_new_edit(el, name);
    if (ed == NULL) {
        return -1;
    }

    ed->removed = 0;

    return art_buf_append(&ed->value, value, len);
}


int
art_element_remove_attr(art_element_t *el, const char *name)
{
    art_attr_edit_t  *ed;

    if (art_rw_find_attr(el->tok, name) < 0
        && art_rw_find_edit(el, name) == NULL)
    {
        return 0;
    }

    ed = art_rw_new_edit(el, name);
    if (ed == NULL) {
        return -1;
    }

    ed->removed = 1;

    return 0;
}


int
art_element_insert(art_element_t *el, art_position_e pos,
    const unsigned char *html, size_t len)
{
    el->touched = 1;

    switch (pos) {
    case ART_POS_BEFORE: return art_buf_append(&el->before, html, len);
    case ART_POS_PREPEND: return art_buf_append(&el->prepend, html, len);
    case ART_POS_APPEND: return art_buf_append(&el->append, html, len);
    default: return art_buf_append(&el->after, html, len);
    }
}


int
art_element_remove(art_element_t *el)
{
    el->removed = 1;
    el->touched = 1;
    return 0;
}


int
art_element_capture_text(art_element_t *el, art_text_fn fn, void *ud)
{
    el->capture = 1;
    el->touched = 1;
    el->capture_fn = fn;
    el->capture_ud = ud;

    return 0;
}


int
art_element_on_close(art_element_t *el, art_position_e pos,
    art_close_fn fn, void *ud)
{
    art_closer_t  *c;

    if (el->nclosers == ART_MAX_CLOSERS) {
        return -1;
    }

    el->touched = 1;
    c = &el->closers[el->nclosers++];
    c->pos = pos == ART_POS_APPEND ? ART_POS_APPEND : ART_POS_AFTER;
    c->fn = fn;
    c->ud = ud;

    return 0;
}


int
art_rewriter_insert(art_rewriter_t *rw, const unsigned char *p, size_t n)
{
    art_rw_emit(rw, p, n);
    return rw->error;
}


const char *
art_element_tag(const art_element_t *el)
{
    return el->tok->lname;
}


size_t
art_element_depth(const art_element_t *el)
{
    return el->rw->depth;
}


/* the edit of an attribute of the tag, or of one it duplicates */
static art_attr_edit_t *
art_rw_edit_of(art_element_t *el, size_t i)
{
    art_token_t       *tok = el->tok;
    art_attr_edit_t   *ed;
    size_t             k;

    for (k = 0; k < el->nedits; k++) {
        ed = &el->edits[k];

        if (ed->is_new) {
            continue;
        }

        if (ed->attr == i
            || (tok->attrs[i].duplicate
                && art_span_eq(tok->raw, tok->attrs[i].name, ed->name)))
        {
            return ed;
        }
    }

    return NULL;
}


/* the start tag with the attribute edits applied */
static void
art_rw_emit_edited_tag(art_rewriter_t *rw, art_element_t *el)
{
    art_token_t       *tok = el->tok;
    art_buf_t         *b = &rw->scratch;
    art_attr_edit_t   *ed;
    size_t             i, k, pos, region_end;
    const art_attr_t  *a;

    b->len = 0;
    pos = tok->name.off + tok->name.len;
    art_buf_append(b, tok->raw, pos);

    for (i = 0; i < tok->nattrs; i++) {
        a = &tok->attrs[i];
        region_end = a->has_value ? a->value.off + a->value.len
                                    + (a->quote ? 1 : 0)
                                  : a->name.off + a->name.len;

        if (region_end < a->name.off + a->name.len) {
            region_end = a->name.off + a->name.len;
        }

        ed = art_rw_edit_of(el, i);

        if (ed == NULL && a->has_value && a->quote == 0 && a->value.len == 0)
        {
            /*
             * "name=" with nothing after it: whatever follows would be
             * read as its value, so it is written out as name="".
             */
            art_buf_append(b, tok->raw + pos, a->name.off + a->name.len - pos);
            art_buf_append_str(b, "=\"\"");

        } else if (ed == NULL) {
            art_buf_append(b, tok->raw + pos, region_end - pos);

        } else if (!tok->attrs[i].duplicate && !ed->removed) {
            art_buf_append(b, tok->raw + pos, a->name.off - pos);
            art_buf_append(b, tok->raw + a->name.off, a->name.len);
            art_buf_append_str(b, "=\"");
            art_escape_html_attr(b, ed->value.data, ed->value.len);
            art_buf_append_byte(b, '"');

        }

        /*
         * A removed attribute (or a duplicate of an edited one, which a
         * parser skips but an edit must not bring back) goes with the
         * space before it.
         */

        pos = region_end;
    }

    for (k = 0; k < el->nedits; k++) {
        ed = &el->edits[k];

        if (!ed->is_new || ed->removed) {
            continue;
        }

        art_buf_append_byte(b, ' ');
        art_buf_append_str(b, ed->name);
        art_buf_append_str(b, "=\"");
        art_escape_html_attr(b, ed->value.data, ed->value.len);
        art_buf_append_byte(b, '"');
    }

    if (pos < tok->raw_len && tok->raw[pos] == '/' && b->len
        && b->data[b->len - 1] != '"' && b->data[b->len - 1] != '\''
        && b->data[b->len - 1] != ' ')
    {
        /* "/>" must not join an unquoted value that now comes last */
        art_buf_append_byte(b, ' ');
    }

    art_buf_append(b, tok->raw + pos, tok->raw_len - pos);

    if (b->failed) {
        rw->error = -1;
        return;
    }

    art_rw_emit(rw, b->data, b->len);
}


static void
art_rw_element_reset(art_rewriter_t *rw, art_token_t *tok)
{
    art_element_t  *el = &rw->el;

    el->tok = tok;
    el->ndecoded = 0;

    /* untouched, they are all empty still */
    if (el->touched) {
        el->touched = 0;
        el->before.len = 0;
        el->prepend.len = 0;
        el->append.len = 0;
        el->after.len = 0;
        el->nedits = 0;
        el->removed = 0;
        el->capture = 0;
        el->nclosers = 0;
    }
}


/* the elements whose start tag switches the tokenizer's content state */
#define art_rw_bit(id, w)                                                   \
    ((id) >> 6 == (w) ? (uint64_t) 1 << ((id) & 63) : 0)
#define art_rw_state_set(w)                                                 \
    (art_rw_bit(ART_TAG_SCRIPT, w) | art_rw_bit(ART_TAG_TITLE, w)           \
     | art_rw_bit(ART_TAG_TEXTAREA, w) | art_rw_bit(ART_TAG_STYLE, w)       \
     | art_rw_bit(ART_TAG_XMP, w) | art_rw_bit(ART_TAG_IFRAME, w)           \
     | art_rw_bit(ART_TAG_NOEMBED, w) | art_rw_bit(ART_TAG_NOFRAMES, w)     \
     | art_rw_bit(ART_TAG_PLAINTEXT, w))

static const uint64_t  art_rw_state_tags[2] = {
    art_rw_state_set(0), art_rw_state_set(1)
};


static void
art_rw_content_state(art_rewriter_t *rw, unsigned id)
{
    art_text_state_e  st;

    switch (id) {
    case ART_TAG_SCRIPT:
        st = ART_STATE_SCRIPT_DATA;
        break;

    case ART_TAG_TITLE:
    case ART_TAG_TEXTAREA:
        st = ART_STATE_RCDATA;
        break;

    case ART_TAG_STYLE:
    case ART_TAG_XMP:
    case ART_TAG_IFRAME:
    case ART_TAG_NOEMBED:
    case ART_TAG_NOFRAMES:
        st = ART_STATE_RAWTEXT;
        break;

    case ART_TAG_PLAINTEXT:
        st = ART_STATE_PLAINTEXT;
        break;

    default:
        return;
    }

    art_tokenizer_set_state(rw->tokenizer, st, art_tag_names[id]);
}


static int
art_rw_is_integration(const art_open_t *parent, unsigned id)
{
    if (parent->foreign) {
        return id == ART_TAG_FOREIGNOBJECT || id == ART_TAG_DESC
               || (id == ART_TAG_TITLE && !parent->integration);
    }

    return 0;
}


/* the index of the lowest bit set in v, which is not 0 */
static size_t
art_rw_lowest_bit(uint64_t v)
{
#if defined(__GNUC__) || defined(__clang__)
    return (size_t) __builtin_ctzll(v);
#else
    size_t  i;

    for (i = 0; !(v & 1); i++) {
        v >>= 1;
    }

    return i;
#endif
}


/* one element handler whose tags include this one: called if it matches */
static inline void
art_rw_try_handler(art_rewriter_t *rw, art_el_handler_t *h, const char *tag,
    art_element_t *el)
{
    if (!h->tags_only
        && !art_selector_match(h->sel, tag, art_rw_sel_attr, el, rw->masks,
                               rw->depth))
    {
        return;
    }

    if (rw->error == 0) {
        rw->error = h->fn(h->ud, el);
    }
}


/* what the handlers asked for around a start tag, and the tag */
static void
art_rw_emit_element(art_rewriter_t *rw, art_token_t *tok, int is_void)
{
    art_element_t  *el = &rw->el;
    size_t          i;

    art_rw_emit(rw, el->before.data, el->before.len);

    if (el->removed) {
        /* nothing of it is sent */

    } else if (el->nedits) {
        art_rw_emit_edited_tag(rw, el);

    } else {
        art_rw_pass(rw, tok);
    }

    if (!el->removed) {
        art_rw_emit(rw, el->prepend.data, el->prepend.len);
    }

    if (is_void) {
        if (!el->removed) {
            art_rw_emit(rw, el->append.data, el->append.len);
        }
        art_rw_emit(rw, el->after.data, el->after.len);

        for (i = 0; i < el->nclosers && rw->error == 0; i++) {
            rw->error = el->closers[i].fn(el->closers[i].ud, rw);
        }
    }
}


/*
 * What the handlers left for the end of the element e being pushed; -1
 * when out of memory for it.
 */
static int
art_rw_push_element(art_rewriter_t *rw, art_open_t *e)
{
    art_element_t  *el = &rw->el;
    size_t          i;

    art_buf_append(&rw->pend, el->append.data, el->append.len);
    art_buf_append(&rw->pend, el->after.data, el->after.len);
    e->append_len = el->append.len;
    e->after_len = el->after.len;

    if (el->removed) {
        e->append_len = 0;
        e->after_len = el->after.len;
        rw->pend.len = e->pend_start;
        art_buf_append(&rw->pend, el->after.data, el->after.len);

        if (rw->suppress == 0) {
            rw->suppress = rw->depth + 1;
        }
    }

    if (rw->nclosers + el->nclosers > rw->closers_cap) {
        if (art_rw_grow_array(rw, (void **) &rw->closers,
                              &rw->closers_cap, rw->nclosers,
                              sizeof(art_closer_t)) != 0)
        {
            rw->error = -1;
            return -1;
        }
    }

    for (i = 0; i < el->nclosers; i++) {
        rw->closers[rw->nclosers++] = el->closers[i];
        e->nclosers++;
    }

    if (el->capture && rw->ncaptures == rw->captures_cap
        && art_rw_grow_array(rw, (void **) &rw->captures,
                             &rw->captures_cap, rw->ncaptures,
                             sizeof(art_capture_t)) != 0)
    {
        rw->error = -1;
        return -1;
    }

    if (el->capture) {
        art_capture_t  *cap = &rw->captures[rw->ncaptures++];

        cap->fn = el->capture_fn;
        cap->ud = el->capture_ud;
        cap->depth = rw->depth;
        art_buf_init(&cap->text, rw->alloc);
        e->has_capture = 1;
    }

    if (rw->pend.failed) {
        rw->error = -1;
    }

    return 0;
}


/*
 * A start tag.  For the first piece of a tag past the token cap (opaque)
 * the element still goes on the stack, without handlers: its attributes
 * were not read.
 */
static void
art_rw_start_tag(art_rewriter_t *rw, art_token_t *tok, int opaque)
{
    art_element_t     *el = &rw->el;
    art_open_t        *top, *e;
    const char        *tag = tok->lname;
    int                foreign, integration, is_void;
    size_t             i;
    unsigned           id;
    uint64_t           mask, may, todo, bit;
    art_el_handler_t  *h;

    id = art_rw_tag_id(tag, tok->lname_len);
    foreign = 0;
    integration = 0;

    /* rw->foreign: the top element is foreign content */
    if (rw->foreign) {
        top = &rw->stack[rw->depth - 1];

        if (art_rw_flag(id, ART_TAGF_BREAKOUT)
            || (id == ART_TAG_FONT
                && (art_rw_find_attr(tok, "color") >= 0
                    || art_rw_find_attr(tok, "face") >= 0
                    || art_rw_find_attr(tok, "size") >= 0)))
        {
            while (rw->foreign) {
                art_rw_pop_implied(rw);
            }

        } else {
            foreign = 1;
            integration = art_rw_is_integration(top, id);
        }
    }

    if (!foreign) {
        if (id == ART_TAG_SVG || id == ART_TAG_MATH) {
            foreign = 1;

        } else {
            art_rw_implied_close(rw, id);
        }
    }

    is_void = foreign ? tok->self_closing
                      : art_rw_flag(id, ART_TAGF_VOID) != 0;

    art_rw_element_reset(rw, tok);
    mask = 0;

    if (rw->nel_handlers && !opaque && rw->overflow_depth == 0
        && rw->suppress == 0 && (is_void || rw->depth < rw->max_depth))
    {
        if (rw->nel_handlers <= 64) {
            /*
             * Only the handlers of the tag's bucket, and those whose
             * ancestor bits need the attributes, in their order: a
             * handler's edits are seen by the ones after it.
             */
            may = rw->by_tag[id] | rw->any_tag;
            mask = rw->anc_by_tag[id];
            todo = may | rw->ancestors;

            while (todo != 0) {
                i = art_rw_lowest_bit(todo);
                bit = (uint64_t) 1 << i;
                todo &= todo - 1;

                if (rw->ancestors & bit) {
                    mask |= art_selector_ancestor_bits(rw->el_handlers[i].sel,
                                                       tag, art_rw_sel_attr,
                                                       el);
                }

                if (may & bit) {
                    art_rw_try_handler(rw, &rw->el_handlers[i], tag, el);
                }
            }

        } else {
            for (i = 0; i < rw->nel_handlers; i++) {
                h = &rw->el_handlers[i];

                if (h->has_ancestors) {
                    mask |= art_selector_ancestor_bits(h->sel, tag,
                                                       art_rw_sel_attr, el);
                }

                if (h->any_tag || ((h->tags[id >> 6] >> (id & 63)) & 1)) {
                    art_rw_try_handler(rw, h, tag, el);
                }
            }
        }
    }

    if (!el->touched) {
        art_rw_pass(rw, tok);

    } else {
        art_rw_emit_element(rw, tok, is_void);
    }

    if (is_void || rw->overflow_depth || rw->depth >= rw->max_depth) {
        if (!is_void) {
            rw->overflow_depth++;
        }

        if (!foreign && !opaque
            && ((art_rw_state_tags[id >> 6] >> (id & 63)) & 1))
        {
            art_rw_content_state(rw, id);
        }
        return;
    }

    if (rw->depth == rw->stack_cap && art_rw_grow_stack(rw) != 0) {
        rw->error = -1;
        return;
    }

    /* every field: the entry is not cleared first */
    e = &rw->stack[rw->depth];
    memcpy(e->tag, tok->lname, sizeof(e->tag));
    e->tag_len = (unsigned char) tok->lname_len;
    e->id = (unsigned char) id;
    e->foreign = (unsigned char) foreign;
    e->integration = (unsigned char) integration;
    e->foreign_content = foreign && !integration;
    e->has_capture = 0;
    e->nclosers = 0;
    e->pend_start = rw->pend.len;
    e->append_len = 0;
    e->after_len = 0;
    rw->open_count[id]++;
    rw->masks[rw->depth] = mask;

    if (el->touched && art_rw_push_element(rw, e) != 0) {
        return;
    }

    rw->depth++;

    if (e->foreign_content != rw->foreign) {
        art_rw_update_foreign(rw);
    }

    /* (an opaque tag's content state is set at its last piece) */
    if (!foreign && !opaque
        && ((art_rw_state_tags[id >> 6] >> (id & 63)) & 1))
    {
        art_rw_content_state(rw, id);
    }
}


/* the end tags whose search passes table cells: they close them */
static int
art_rw_is_table_part(unsigned id)
{
    switch (id) {
    case ART_TAG_TABLE:
    case ART_TAG_TBODY:
    case ART_TAG_THEAD:
    case ART_TAG_TFOOT:
    case ART_TAG_TR:
    case ART_TAG_TD:
    case ART_TAG_TH:
    case ART_TAG_CAPTION:
        return 1;
    default:
        return 0;
    }
}


/*
 * An end tag closes the nearest open element of its name "in scope", as
 * the tree builder says: a stray </div> inside a table cell closes nothing.
 * This is its start: the elements it closes are closed, the last one up to
 * its end tag.  Returns 1 when it closes one, and the caller passes the
 * tag and finishes with art_rw_pop_end(); 0 when the tag went through as
 * it is.
 */
static int
art_rw_end_tag_open(art_rewriter_t *rw, art_token_t *tok)
{
    const char  *tag = tok->lname;
    long         i;
    size_t       k;
    unsigned     id, sid;
    art_open_t  *e;

    if (rw->overflow_depth) {
        /* an end tag past the depth cap closes one of those first */
        rw->overflow_depth--;
        art_rw_pass(rw, tok);
        return 0;
    }

    i = -1;
    e = art_rw_top(rw);

    if (e != NULL && e->tag_len == tok->lname_len
        && art_rw_name_eq(e->tag, tag, tok->lname_len))
    {
        /*
         * Most end tags close the element on top: the search below would
         * stop there at once (</br> aside, which closes nothing).
         */
        if (e->id != ART_TAG_BR) {
            goto found;
        }

        id = e->id;

    } else {
        id = art_rw_tag_id(tag, tok->lname_len);
    }

    if (id != ART_TAG_BR && (id == 0 || rw->open_count[id] != 0)) {
        for (k = rw->depth; k-- > 0; ) {
            e = &rw->stack[k];

            if (id ? e->id == id
                   : e->tag_len == tok->lname_len
                     && art_rw_name_eq(e->tag, tag, tok->lname_len))
            {
                i = (long) k;
                break;
            }

            if (e->foreign) {
                continue;
            }

            sid = e->id;

            if (art_rw_is_table_part(id)) {
                /* table scope */
                if (sid == ART_TAG_HTML || sid == ART_TAG_TABLE
                    || sid == ART_TAG_TEMPLATE)
                {
                    break;
                }

            } else if (art_rw_flag(sid, ART_TAGF_SCOPE)
                       && (sid != ART_TAG_BUTTON || id == ART_TAG_P))
            {
                break;
            }
        }
    }

    if (i < 0) {
        art_rw_pass(rw, tok);
        return 0;
    }

    art_rw_pop_to(rw, i + 1);

found:

    art_rw_pop_begin(rw);

    return 1;
}


static void
art_rw_end_tag(art_rewriter_t *rw, art_token_t *tok)
{
    if (art_rw_end_tag_open(rw, tok)) {
        art_rw_pass(rw, tok);
        art_rw_pop_end(rw);
    }
}


/* text */

static int
art_rw_text_wanted(art_rewriter_t *rw, art_text_state_e state)
{
    art_open_t  *top;

    if (rw->ncaptures) {
        return 1;
    }

    if (rw->ntext_handlers == 0 || rw->suppress) {
        return 0;
    }

    if (state == ART_STATE_DATA) {
        return 1;
    }

    top = art_rw_top(rw);

    return state == ART_STATE_RCDATA && top != NULL
           && top->id == ART_TAG_TITLE;
}


const unsigned char *
art_text_data(const art_text_t *t, size_t *len)
{
    *len = t->len;
    return t->data;
}


const char *
art_text_parent(const art_text_t *t)
{
    return t->parent;
}


int
art_text_replace(art_text_t *t, size_t start, size_t end,
    const unsigned char *html, size_t len)
{
    art_rewriter_t     *rw = t->rw;
    art_replacement_t  *r;

    if (!t->replaceable || start > end || end > t->len) {
        return -1;
    }

    if (rw->nrepls == rw->repls_cap) {
        size_t              cap;
        art_replacement_t  *n;

        cap = rw->repls_cap ? rw->repls_cap * 2 : 16;
        n = art_alloc(rw->alloc, cap * sizeof(art_replacement_t));
        if (n == NULL) {
            return -1;
        }

        if (rw->nrepls) {
            memcpy(n, rw->repls, rw->nrepls * sizeof(art_replacement_t));
        }

        art_free(rw->alloc, rw->repls);
        rw->repls = n;
        rw->repls_cap = cap;
    }

    r = &rw->repls[rw->nrepls++];
    r->start = start;
    r->end = end;
    r->off = rw->repl_buf.len;
    r->len = len;

    return art_buf_append(&rw->repl_buf, html, len);
}


static void
art_rw_sort_repls(art_replacement_t *r, size_t n)
{
    size_t             i, j;
    art_replacement_t  x;

    /* insertion sort: handlers mostly report in order */
    for (i = 1; i < n; i++) {
        x = r[i];
        j = i;

        while (j > 0 && (r[j - 1].start > x.start
                         || (r[j - 1].start == x.start
                             && r[j - 1].end < x.end)))
        {
            r[j] = r[j - 1];
            j--;
        }

        r[j] = x;
    }
}


/* the run's output bytes for captures */
static void
art_rw_capture_text(art_rewriter_t *rw, const unsigned char *p, size_t n,
    art_text_state_e state)
{
    size_t          i;
    art_capture_t  *cap;

    if (n == 0) {
        return;
    }

    for (i = 0; i < rw->ncaptures; i++) {
        cap = &rw->captures[i];

        if (cap->text.len < rw->max_text_run) {
            art_decode_text(&cap->text, p, n, state, NULL);

            if (cap->text.len > rw->max_text_run) {
                cap->text.len = rw->max_text_run;
            }
        }
    }
}


/*
 * The peak after a run: the buffers only grow, and the peak is taken
 * again at the end of every chunk, so only the tokenizer's carry (a token
 * begun in an earlier chunk, whole by now) can make a peak here.
 */
static void
art_rw_run_peak(art_rewriter_t *rw)
{
    if (art_tokenizer_carry_size(rw->tokenizer) != 0) {
        art_rw_peak(rw);
    }
}


/* the bytes of the pending run, wherever they are */
static const unsigned char *
art_rw_run_data(art_rewriter_t *rw)
{
    return rw->run_in_chunk ? rw->chunk + rw->run_off : rw->run.data;
}


/* the pending run is copied before its chunk goes away */
static void
art_rw_keep_run(art_rewriter_t *rw)
{
    if (!rw->run_in_chunk) {
        return;
    }

    rw->run_in_chunk = 0;
    rw->run.len = 0;

    if (art_buf_append(&rw->run, rw->chunk + rw->run_off, rw->run_len) != 0)
    {
        rw->error = -1;
    }
}


/* a piece of the run that is not a slice of the chunk next to it */
static void
art_rw_run_copy(art_rewriter_t *rw, const art_token_t *tok)
{
    art_rw_keep_run(rw);

    if (art_buf_append(&rw->run, tok->raw, tok->raw_len) != 0) {
        rw->error = -1;
    }

    rw->run_len += tok->raw_len;
}


static inline void
art_rw_run_add(art_rewriter_t *rw, const art_token_t *tok)
{
    size_t  off;

    if (tok->raw_in_chunk) {
        off = (size_t) (tok->raw - rw->chunk);

        if (rw->run_len == 0) {
            rw->run_in_chunk = 1;
            rw->run_off = off;
            rw->run_len = tok->raw_len;
            return;
        }

        if (rw->run_in_chunk && off == rw->run_off + rw->run_len) {
            rw->run_len += tok->raw_len;
            return;
        }
    }

    art_rw_run_copy(rw, tok);
}


static void
art_rw_run_reset(art_rewriter_t *rw)
{
    rw->run_len = 0;
    rw->run.len = 0;
    rw->run_in_chunk = 0;
}


#define ART_RW_ONES   0x0101010101010101ULL
#define ART_RW_HIGHS  0x8080808080808080ULL

/* a byte of w is 0 (exactly: the borrow can only follow a 0 byte) */
#define art_rw_has_zero(w)  ((((w) - ART_RW_ONES) & ~(w) & ART_RW_HIGHS) != 0)

/*
 * Runs up to this long are looked through once for both '&' and CR, a
 * word at a time: most runs are that short (the white space between
 * tags), where two memchr() calls cost more than the bytes.
 */
#define ART_RW_SHORT_RUN  16


/* an '&' or a CR in p[0, n) */
static int
art_rw_has_amp_cr(const unsigned char *p, size_t n)
{
    size_t    i;
    uint64_t  w, a, c;

    if (n > ART_RW_SHORT_RUN) {
        return memchr(p, '&', n) != NULL || memchr(p, '\r', n) != NULL;
    }

    if (n < 8) {
        for (i = 0; i < n; i++) {
            if (p[i] == '&' || p[i] == '\r') {
                return 1;
            }
        }

        return 0;
    }

    for (i = 0; /* void */; i += 8) {
        if (i > n - 8) {
            /* the last word ends at n, over bytes already seen */
            i = n - 8;
        }

        memcpy(&w, p + i, 8);
        a = w ^ ('&' * ART_RW_ONES);
        c = w ^ ('\r' * ART_RW_ONES);

        if (art_rw_has_zero(a) || art_rw_has_zero(c)) {
            return 1;
        }

        if (i + 8 >= n) {
            return 0;
        }
    }
}


/*
 * Is the raw text what decoding gives (no character reference, no CR,
 * and in RCDATA no NUL)?  Most runs are, and then need no copy.
 */
static int
art_rw_plain_text(const unsigned char *p, size_t n, art_text_state_e state)
{
    if (art_rw_has_amp_cr(p, n)) {
        return 0;
    }

    return state == ART_STATE_DATA || memchr(p, '\0', n) == NULL;
}


/* the span of decoded text that decoded offset d is in */
static const art_decode_span_t *
art_rw_span_of(const art_decode_span_t *sp, size_t n, size_t d)
{
    size_t  lo, hi, mid;

    lo = 0;
    hi = n;

    while (hi - lo > 1) {
        mid = lo + (hi - lo) / 2;

        if (sp[mid].dec <= d) {
            lo = mid;
        } else {
            hi = mid;
        }
    }

    return &sp[lo];
}


/* the source offset of the character that decoded byte d comes from */
static size_t
art_rw_source(const art_decode_span_t *sp, size_t n, size_t d)
{
    sp = art_rw_span_of(sp, n, d);

    return sp->whole ? sp->raw : sp->raw + (d - sp->dec);
}


static void art_rw_run_edits(art_rewriter_t *rw, const unsigned char *raw,
    size_t n, int plain);


static void
art_rw_flush_run(art_rewriter_t *rw)
{
    art_text_t            text;
    const unsigned char  *raw;
    size_t                i, n;
    int                   handlers, plain;

    n = rw->run_len;

    if (n == 0) {
        return;
    }

    raw = art_rw_run_data(rw);

    handlers = rw->ntext_handlers && !rw->suppress
               && (rw->run_state == ART_STATE_DATA
                   || (rw->run_state == ART_STATE_RCDATA
                       && rw->run_parent_id == ART_TAG_TITLE));

    rw->nrepls = 0;
    rw->repl_buf.len = 0;
    plain = 1;

    if (handlers) {
        plain = art_rw_plain_text(raw, n, rw->run_state);

        if (plain) {
            text.data = raw;
            text.len = n;

        } else {
            /* with the map of where the bytes come from, in case of edits */
            rw->decoded.len = 0;
            rw->map.len = 0;

            if (art_decode_text_spans(&rw->decoded, raw, n, rw->run_state,
                                      &rw->map)
                != 0)
            {
                rw->error = -1;
                return;
            }

            text.data = rw->decoded.data;
            text.len = rw->decoded.len;
        }

        text.rw = rw;
        text.parent = rw->run_parent;
        text.replaceable = 1;

        for (i = 0; i < rw->ntext_handlers && rw->error == 0; i++) {
            rw->error = rw->text_handlers[i].fn(rw->text_handlers[i].ud,
                                                &text);
        }
    }

    if (rw->nrepls == 0) {
        if (rw->run_in_chunk) {
            art_rw_pass_range(rw, rw->run_off, n);

        } else {
            art_rw_emit(rw, raw, n);
        }

        if (rw->ncaptures) {
            art_rw_capture_text(rw, raw, n, rw->run_state);
        }

        art_rw_run_reset(rw);
        art_rw_run_peak(rw);
        return;
    }

    art_rw_run_edits(rw, raw, n, plain);
}


/* the run with the text handlers' replacements */
static void
art_rw_run_edits(art_rewriter_t *rw, const unsigned char *raw, size_t n,
    int plain)
{
    art_replacement_t        *r;
    const art_decode_span_t  *spans, *sp;
    const unsigned char      *repl;
    size_t                    i, k, nspans, dlen, pos, s, e, last_end;
    art_buf_t                *out;

    art_rw_sort_repls(rw->repls, rw->nrepls);

    spans = NULL;
    nspans = 0;
    dlen = n;

    if (!plain) {
        spans = (const art_decode_span_t *) (void *) rw->map.data;
        nspans = rw->map.len / sizeof(art_decode_span_t);
        dlen = rw->decoded.len;
    }

    /* the pieces go out as slices of the chunk when they can */
    out = NULL;

    if (!rw->run_in_chunk || rw->ncaptures) {
        out = &rw->scratch;
        out->len = 0;
    }

    pos = 0;
    last_end = 0;

    for (i = 0; i < rw->nrepls; i++) {
        r = &rw->repls[i];

        if (i > 0 && r->start < last_end) {
            continue;           /* overlaps the one before */
        }

        if (spans == NULL) {
            s = r->start < dlen ? r->start : n;
            e = r->end < dlen ? r->end : n;

        } else {
            s = r->start < dlen ? art_rw_source(spans, nspans, r->start) : n;
            e = n;

            if (r->end < dlen) {
                sp = art_rw_span_of(spans, nspans, r->end);

                if (sp->whole && sp->dec < r->end) {
                    /* it ends inside a character reference: take it all */
                    k = sp->dec + sp->len;
                    e = k < dlen ? art_rw_source(spans, nspans, k) : n;

                } else {
                    e = art_rw_source(spans, nspans, r->end);
                }
            }
        }

        if (s < pos) {
            continue;
        }

        /* empty replacements may have left repl_buf without storage */
        repl = r->len ? rw->repl_buf.data + r->off : NULL;

        if (out != NULL) {
            art_buf_append(out, raw + pos, s - pos);
            art_buf_append(out, repl, r->len);

        } else {
            art_rw_pass_range(rw, rw->run_off + pos, s - pos);
            art_rw_emit(rw, repl, r->len);
        }

        pos = e;
        last_end = r->end;
    }

    if (out == NULL) {
        art_rw_pass_range(rw, rw->run_off + pos, n - pos);
        art_rw_run_reset(rw);
        art_rw_run_peak(rw);
        return;
    }

    art_buf_append(out, raw + pos, n - pos);

    if (out->failed) {
        rw->error = -1;
        return;
    }

    art_rw_emit(rw, out->data, out->len);

    if (rw->ncaptures) {
        art_rw_capture_text(rw, out->data, out->len, rw->run_state);
    }

    art_rw_run_reset(rw);
    art_rw_run_peak(rw);
}


/* a run starts: its state and the element it is in */
static void
art_rw_run_begin(art_rewriter_t *rw, const art_token_t *tok)
{
    art_open_t  *top;

    top = art_rw_top(rw);
    rw->run_state = tok->text_state;
    rw->run_parent = top != NULL ? top->tag : "";
    rw->run_parent_id = top != NULL ? top->id : 0;
}


static void
art_rw_text(art_rewriter_t *rw, art_token_t *tok)
{
    if (!art_rw_text_wanted(rw, tok->text_state)) {
        art_rw_flush_run(rw);
        art_rw_pass(rw, tok);
        return;
    }

    if (rw->run_len && rw->run_state != tok->text_state) {
        art_rw_flush_run(rw);
    }

    if (rw->run_len == 0) {
        art_rw_run_begin(rw, tok);
    }

    if (rw->run_len + tok->raw_len > rw->max_text_run) {
        art_rw_flush_run(rw);

        if (tok->raw_len > rw->max_text_run) {
            /* one piece larger than a run: hand it over as it is */
            art_rw_run_add(rw, tok);
            art_rw_flush_run(rw);
            return;
        }

        art_rw_run_begin(rw, tok);
    }

    art_rw_run_add(rw, tok);
}


static int
art_rw_on_token(void *ud, art_token_t *tok)
{
    art_rewriter_t  *rw = ud;

    if (tok->type != ART_TOK_TEXT && rw->run_len) {
        art_rw_flush_run(rw);
    }

    switch (tok->type) {

    case ART_TOK_TEXT:
        art_rw_text(rw, tok);
        break;

    case ART_TOK_START_TAG:
        art_rw_start_tag(rw, tok, 0);
        break;

    case ART_TOK_END_TAG:
        art_rw_end_tag(rw, tok);
        break;

    case ART_TOK_OPAQUE:
        /*
         * A tag past the cap still opens its element (at its first piece)
         * or closes it (at its last), and switches the content state.
         */
        if (tok->opaque_first && tok->lname_len
            && tok->opaque_of == ART_TOK_START_TAG)
        {
            art_rw_start_tag(rw, tok, 1);

        } else if (tok->opaque_first && tok->lname_len
                   && tok->opaque_of == ART_TOK_END_TAG)
        {
            rw->closing_opaque = art_rw_end_tag_open(rw, tok);

            if (rw->closing_opaque) {
                art_rw_pass(rw, tok);
            }

        } else {
            art_rw_pass(rw, tok);
        }

        if (tok->opaque_last && rw->closing_opaque) {
            /* what goes after the element goes after all of the tag */
            rw->closing_opaque = 0;
            art_rw_pop_end(rw);
        }

        if (tok->opaque_last && tok->opaque_of == ART_TOK_START_TAG
            && tok->lname_len)
        {
            art_open_t  *top = art_rw_top(rw);

            if (top == NULL || !top->foreign) {
                art_rw_content_state(rw, art_rw_tag_id(tok->lname,
                                                       tok->lname_len));
            }
        }
        break;

    default:
        art_rw_pass(rw, tok);
        break;
    }

    return rw->error;
}


/* the public interface */

art_rewriter_t *
art_rewriter_create(const art_allocator_t *a,
    const art_rewriter_settings_t *settings, art_sink_fn sink, void *ud)
{
    size_t                     i;
    art_rewriter_t            *rw;
    art_tokenizer_settings_t   ts;

    rw = art_calloc(a, sizeof(art_rewriter_t));
    if (rw == NULL) {
        return NULL;
    }

    rw->alloc = a;
    rw->sink = sink;
    rw->sink_ud = ud;
    rw->max_depth = ART_DEFAULT_MAX_DEPTH;
    rw->max_text_run = ART_DEFAULT_MAX_TEXT_RUN;

    memset(&ts, 0, sizeof(ts));

    if (settings != NULL) {
        if (settings->max_depth) {
            rw->max_depth = settings->max_depth;
        }

        if (settings->max_text_run) {
            rw->max_text_run = settings->max_text_run;
        }

        ts.max_token_size = settings->max_token_size;

        if (settings->plan != NULL) {
            /* the plan's selectors have the first bits */
            rw->plan = settings->plan;
            rw->next_bit = settings->plan->next_bit;
        }

        if (ts.max_token_size && ts.max_token_size < ART_REWRITER_MIN_TOKEN) {
            ts.max_token_size = ART_REWRITER_MIN_TOKEN;
        }
    }

    rw->tokenizer = art_tokenizer_create(a, &ts, art_rw_on_token, rw);
    if (rw->tokenizer == NULL) {
        art_free(a, rw);
        return NULL;
    }

    art_buf_init(&rw->pend, a);
    art_buf_init(&rw->run, a);
    art_buf_init(&rw->decoded, a);
    art_buf_init(&rw->map, a);
    art_buf_init(&rw->repl_buf, a);
    art_buf_init(&rw->scratch, a);

    rw->el.rw = rw;
    art_buf_init(&rw->el.before, a);
    art_buf_init(&rw->el.prepend, a);
    art_buf_init(&rw->el.append, a);
    art_buf_init(&rw->el.after, a);
    art_buf_init(&rw->el.value, a);

    for (i = 0; i < ART_MAX_ATTR_EDITS; i++) {
        art_buf_init(&rw->el.edits[i].value, a);
    }

    return rw;
}


void
art_rewriter_destroy(art_rewriter_t *rw)
{
    size_t  i;

    if (rw == NULL) {
        return;
    }

    for (i = 0; i < rw->nel_handlers; i++) {
        if (!rw->el_handlers[i].shared) {
            art_selector_free(rw->alloc, rw->el_handlers[i].sel);
        }
    }

    for (i = 0; i < rw->ncaptures; i++) {
        art_buf_free(&rw->captures[i].text);
    }

    for (i = 0; i < ART_MAX_ATTR_EDITS; i++) {
        art_buf_free(&rw->el.edits[i].value);
    }

    art_free(rw->alloc, rw->captures);
    art_free(rw->alloc, rw->closers);
    art_free(rw->alloc, rw->el_handlers);
    art_free(rw->alloc, rw->text_handlers);
    art_free(rw->alloc, rw->end_handlers);
    art_free(rw->alloc, rw->stack);
    art_free(rw->alloc, rw->masks);
    art_free(rw->alloc, rw->repls);
    art_buf_free(&rw->pend);
    art_buf_free(&rw->run);
    art_buf_free(&rw->decoded);
    art_buf_free(&rw->map);
    art_buf_free(&rw->repl_buf);
    art_buf_free(&rw->scratch);
    art_buf_free(&rw->el.before);
    art_buf_free(&rw->el.prepend);
    art_buf_free(&rw->el.append);
    art_buf_free(&rw->el.after);
    art_buf_free(&rw->el.value);
    art_free(rw->alloc, rw->el.decoded);
    art_free(rw->alloc, rw->el.decoded_len);

    art_tokenizer_destroy(rw->tokenizer);
    art_free(rw->alloc, rw);
}


/* room for item n of an array that doubles from 8 places */
static void *
art_rw_grow(art_rewriter_t *rw, void *old, size_t n, size_t size)
{
    void  *p;

    if (n > 0 && (n < 8 || (n & (n - 1)) != 0)) {
        return old;
    }

    p = art_alloc(rw->alloc, (n < 8 ? 8 : 2 * n) * size);
    if (p == NULL) {
        return NULL;
    }

    if (n) {
        memcpy(p, old, n * size);
    }

    art_free(rw->alloc, old);

    return p;
}


/* what a selector's handler may match, worked out from the selector alone */
static void
art_rw_handler_init(art_el_handler_t *h, art_selector_t *sel)
{
    int     star;
    size_t  i;

    memset(h, 0, sizeof(art_el_handler_t));
    h->sel = sel;
    h->tags_only = 1;
    star = 0;

    for (i = 0; i < sel->n; i++) {
        const art_sel_complex_t  *cx = &sel->list[i];
        const char               *subject;
        unsigned                  id;

        if (cx->nparts > 1) {
            h->has_ancestors = 1;
        }

        subject = cx->parts[cx->nparts - 1].tag;
        id = subject ? art_rw_tag_id(subject, strlen(subject)) : 0;

        if (subject == NULL) {
            h->any_tag = 1;

        } else {
            /*
             * A tag the table does not know can only be that of an element
             * the table does not know either: id 0, where they all go.
             */
            h->tags[id >> 6] |= (uint64_t) 1 << (id & 63);
        }

        if (cx->nparts == 1 && cx->parts[0].nattrs == 0) {
            star |= subject == NULL;

        } else {
            h->tags_only = 0;
        }

        if (id == 0 && subject != NULL) {
            h->tags_only = 0;
        }
    }

    if (star) {
        h->tags_only = 1;
    }

    h->tag_ancestors = 1;

    for (i = 0; i < sel->n; i++) {
        const art_sel_complex_t  *cx = &sel->list[i];
        size_t                    k;

        for (k = 0; k + 1 < cx->nparts; k++) {
            if (cx->parts[k].tag == NULL || cx->parts[k].nattrs > 0
                || art_rw_tag_id(cx->parts[k].tag,
                                 strlen(cx->parts[k].tag)) == 0)
            {
                h->tag_ancestors = 0;
            }
        }
    }
}


/* the plan's handler of the selector, or NULL */
static const art_el_handler_t *
art_rw_plan_find(const art_rewriter_plan_t *plan, const char *selector)
{
    size_t  i;

    if (plan == NULL) {
        return NULL;
    }

    for (i = 0; i < plan->n; i++) {
        if (strcmp(plan->entries[i].src, selector) == 0) {
            return &plan->entries[i].proto;
        }
    }

    return NULL;
}


/* handler i (one of the first 64) in the buckets of its tags */
static void
art_rw_bucket_add(art_rewriter_t *rw, const art_el_handler_t *h, size_t i)
{
    size_t                     j, k, w;
    unsigned                   id;
    uint64_t                   t;
    const art_sel_compound_t  *c;

    if (h->any_tag) {
        rw->any_tag |= (uint64_t) 1 << i;
    }

    for (w = 0; w < 2; w++) {
        for (t = h->tags[w]; t != 0; t &= t - 1) {
            rw->by_tag[w * 64 + art_rw_lowest_bit(t)] |= (uint64_t) 1 << i;
        }
    }

    if (!h->has_ancestors || !h->tag_ancestors) {
        return;
    }

    for (j = 0; j < h->sel->n; j++) {
        for (k = 0; k + 1 < h->sel->list[j].nparts; k++) {
            c = &h->sel->list[j].parts[k];
            id = art_rw_tag_id(c->tag, strlen(c->tag));

            if (id != 0) {
                rw->anc_by_tag[id] |= (uint64_t) 1 << c->bit;
            }
        }
    }
}


int
art_rewriter_on_element(art_rewriter_t *rw, const char *selector,
    art_element_fn fn, void *ud, char *err, size_t errlen)
{
    art_selector_t          *sel;
    art_el_handler_t        *h;
    const art_el_handler_t  *proto;

    proto = art_rw_plan_find(rw->plan, selector);
    sel = NULL;

    if (proto == NULL) {
        sel = art_selector_parse(rw->alloc, selector, &rw->next_bit, err,
                                 errlen);
        if (sel == NULL) {
            return -1;
        }
    }

    h = art_rw_grow(rw, rw->el_handlers, rw->nel_handlers,
                    sizeof(art_el_handler_t));
    if (h == NULL) {
        art_selector_free(rw->alloc, sel);
        return -1;
    }

    rw->el_handlers = h;
    h += rw->nel_handlers;

    if (proto != NULL) {
        *h = *proto;
        h->shared = 1;

    } else {
        art_rw_handler_init(h, sel);
    }

    h->fn = fn;
    h->ud = ud;

    if (rw->nel_handlers < 64) {
        if (h->has_ancestors && !h->tag_ancestors) {
            rw->ancestors |= (uint64_t) 1 << rw->nel_handlers;
        }

        art_rw_bucket_add(rw, h, rw->nel_handlers);
    }

    rw->nel_handlers++;

    return 0;
}


art_rewriter_plan_t *
art_rewriter_plan_create(const art_allocator_t *a)
{
    art_rewriter_plan_t  *plan;

    plan = art_calloc(a, sizeof(art_rewriter_plan_t));
    if (plan == NULL) {
        return NULL;
    }

    plan->alloc = a;

    return plan;
}


int
art_rewriter_plan_add(art_rewriter_plan_t *plan, const char *selector,
    char *err, size_t errlen)
{
    void              *p;
    size_t             len;
    art_selector_t    *sel;
    art_plan_entry_t  *e;

    if (art_rw_plan_find(plan, selector) != NULL) {
        return 0;
    }

    if (plan->n == plan->cap) {
        p = art_grow(plan->alloc, plan->entries, plan->n, &plan->cap,
                     plan->n + 1, sizeof(art_plan_entry_t));
        if (p == NULL) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }

        plan->entries = p;
    }

    sel = art_selector_parse(plan->alloc, selector, &plan->next_bit, err,
                             errlen);
    if (sel == NULL) {
        return -1;
    }

    e = &plan->entries[plan->n];
    len = strlen(selector);

    e->src = art_alloc(plan->alloc, len + 1);
    if (e->src == NULL) {
        art_selector_free(plan->alloc, sel);
        snprintf(err, errlen, "out of memory");
        return -1;
    }

    memcpy(e->src, selector, len + 1);
    art_rw_handler_init(&e->proto, sel);
    plan->n++;

    return 0;
}


void
art_rewriter_plan_destroy(art_rewriter_plan_t *plan)
{
    size_t  i;

    if (plan == NULL) {
        return;
    }

    for (i = 0; i < plan->n; i++) {
        art_selector_free(plan->alloc, plan->entries[i].proto.sel);
        art_free(plan->alloc, plan->entries[i].src);
    }

    art_free(plan->alloc, plan->entries);
    art_free(plan->alloc, plan);
}


int
art_rewriter_on_text(art_rewriter_t *rw, art_text_fn fn, void *ud)
{
    art_text_handler_t  *h;

    h = art_rw_grow(rw, rw->text_handlers, rw->ntext_handlers,
                    sizeof(art_text_handler_t));
    if (h == NULL) {
        return -1;
    }

    rw->text_handlers = h;
    h[rw->ntext_handlers].fn = fn;
    h[rw->ntext_handlers].ud = ud;
    rw->ntext_handlers++;

    return 0;
}


int
art_rewriter_on_end(art_rewriter_t *rw, art_end_fn fn, void *ud)
{
    art_end_handler_t  *h;

    h = art_rw_grow(rw, rw->end_handlers, rw->nend_handlers,
                    sizeof(art_end_handler_t));
    if (h == NULL) {
        return -1;
    }

    rw->end_handlers = h;
    h[rw->nend_handlers].fn = fn;
    h[rw->nend_handlers].ud = ud;
    rw->nend_handlers++;

    return 0;
}


int
art_rewriter_write(art_rewriter_t *rw, const unsigned char *p, size_t n)
{
    int  rc;

    if (rw->error) {
        return rw->error;
    }

    rw->chunk = p;
    rw->pass_start = 0;
    rw->pass_end = 0;

    rc = art_tokenizer_feed(rw->tokenizer, p, n);
    if (rc != 0 && rw->error == 0) {
        rw->error = rc;
    }

    art_rw_keep_run(rw);
    art_rw_flush_pass(rw);
    rw->chunk = NULL;
    art_rw_peak(rw);

    return rw->error;
}


int
art_rewriter_end(art_rewriter_t *rw)
{
    size_t  i;
    int     rc;

    if (rw->error || rw->ended) {
        return rw->error;
    }

    rw->ended = 1;
    rw->chunk = (const unsigned char *) "";
    rw->pass_start = 0;
    rw->pass_end = 0;

    rc = art_tokenizer_finish(rw->tokenizer);
    if (rc != 0 && rw->error == 0) {
        rw->error = rc;
    }

    art_rw_flush_run(rw);

    if (rw->closing_opaque && rw->error == 0) {
        /* the page ended inside a long end tag that had begun closing */
        rw->closing_opaque = 0;
        art_rw_pop_end(rw);
    }

    while (rw->depth && rw->error == 0) {
        art_rw_pop_implied(rw);
    }

    rw->suppress = 0;

    for (i = 0; i < rw->nend_handlers && rw->error == 0; i++) {
        rw->error = rw->end_handlers[i].fn(rw->end_handlers[i].ud, rw);
    }

    art_rw_flush_pass(rw);
    art_rw_peak(rw);

    return rw->error;
}


size_t
art_rewriter_peak_memory(const art_rewriter_t *rw)
{
    return rw->peak + sizeof(art_rewriter_t);
}
