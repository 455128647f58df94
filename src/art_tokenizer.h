/*
 * A streaming HTML5 tokenizer.
 *
 * Input arrives in chunks of any size; tokens come out through a callback
 * with their exact source bytes ("raw"), so that the rewriter can copy the
 * page through without re-serialising it.  The tokenizer is resumable at
 * any byte: the same input split anywhere gives the same tokens, except
 * that text and opaque bytes may be delivered in more pieces.
 *
 * Text is delivered as raw source slices, not decoded: art_decode_text()
 * turns the concatenated raw text of a run into what the HTML5 tokenizer
 * would emit (character references, CR LF, NUL), for whoever needs it.
 *
 * The only state kept between chunks is the token in progress (copied
 * into a carry buffer when a chunk ends inside it), capped by
 * max_token_size: past the cap the token's bytes are passed on as opaque
 * raw text (ART_TOK_OPAQUE) and no tag is reported for it.
 */

#ifndef ART_TOKENIZER_H
#define ART_TOKENIZER_H

#include <stddef.h>

#include "art_alloc.h"
#include "art_buf.h"


typedef enum {
    ART_TOK_TEXT = 1,       /* raw text; see text_state */
    ART_TOK_START_TAG,
    ART_TOK_END_TAG,
    ART_TOK_COMMENT,
    ART_TOK_DOCTYPE,
    ART_TOK_CDATA,          /* <![CDATA[...]]> in foreign content */
    ART_TOK_OPAQUE          /* bytes that form no token (a token past the
                               size cap, or "</>") and pass through */
} art_token_type_e;


/* the content state a text token was read in; it decides its decoding */
typedef enum {
    ART_STATE_DATA = 0,
    ART_STATE_RCDATA,
    ART_STATE_RAWTEXT,
    ART_STATE_SCRIPT_DATA,
    ART_STATE_PLAINTEXT,
    ART_STATE_CDATA_SECTION
} art_text_state_e;


/* offsets into the token's raw bytes */
typedef struct {
    unsigned int  off;
    unsigned int  len;
} art_span_t;


typedef struct {
    art_span_t    name;         /* as written (any case) */
    art_span_t    value;        /* inside the quotes; len 0 when absent */
    unsigned char quote;        /* '"', '\'' or 0 (unquoted or no value) */
    unsigned char has_value;
    unsigned char duplicate;    /* a later attribute of a name already seen */
} art_attr_t;


typedef struct {
    art_token_type_e      type;
    /*
     * ART_TOK_OPAQUE pieces of a token past the cap: the kind of token the
     * bytes are (and lname for a tag) on the first and the last piece,
     * which say so; 0 on bytes that form no token.
     */
    art_token_type_e      opaque_of;
    int                   opaque_first;
    int                   opaque_last;
    const unsigned char  *raw;
    size_t                raw_len;
    /* raw points into the chunk given to art_tokenizer_feed() */
    int                   raw_in_chunk;

    /* ART_TOK_TEXT */
    art_text_state_e      text_state;

    /* tags: name as written, and lower-cased (truncated past 31 bytes) */
    art_span_t            name;
    char                  lname[32];
    size_t                lname_len;
    art_attr_t           *attrs;
    size_t                nattrs;
    int                   self_closing;

    /* comment: its data; doctype: name, public and system ids */
    art_span_t            data;
    art_span_t            public_id;
    art_span_t            system_id;
    int                   has_name;
    int                   has_public_id;
    int                   has_system_id;
    int                   force_quirks;
} art_token_t;


typedef struct art_tokenizer_s  art_tokenizer_t;

/*
 * Called for every token.  Returning nonzero stops the tokenizer, and
 * art_tokenizer_feed() returns that value.
 */
typedef int (*art_token_fn)(void *ud, art_token_t *tok);


typedef struct {
    size_t  max_token_size;     /* 0: default 256 KB */
    size_t  max_attrs;          /* 0: default 256 */
} art_tokenizer_settings_t;


art_tokenizer_t *art_tokenizer_create(const art_allocator_t *a,
    const art_tokenizer_settings_t *settings, art_token_fn fn, void *ud);
void art_tokenizer_destroy(art_tokenizer_t *t);

/* feed one chunk; returns 0, a callback's nonzero value, or -1 (no memory) */
int art_tokenizer_feed(art_tokenizer_t *t, const unsigned char *p, size_t n);
/* end of input: the token in progress is emitted as the spec says */
int art_tokenizer_finish(art_tokenizer_t *t);

/*
 * The tree builder's feedback, set from the token callback after a start
 * tag (the rewriter does this itself): the content state to switch to, and
 * whether CDATA sections are allowed (in svg or math).
 */
void art_tokenizer_set_state(art_tokenizer_t *t, art_text_state_e state,
    const char *last_start_tag);
void art_tokenizer_set_foreign(art_tokenizer_t *t, int foreign);

/* the bytes held between chunks now, and the most ever held */
size_t art_tokenizer_carry_size(const art_tokenizer_t *t);
size_t art_tokenizer_peak_carry(const art_tokenizer_t *t);


/*
 * Decoding.  art_decode_text() appends to out the characters that the HTML5
 * tokenizer emits for raw text read in the given state: character
 * references (in data and RCDATA), CR LF and CR as LF, NUL as U+FFFD (or
 * kept in the data state).  art_decode_attr() does the same for an
 * attribute value (with the attribute rules for references).  If map is
 * not NULL, map->data receives, per output byte, the offset in raw of the
 * start of the source character it came from (as size_t), so that a span of
 * decoded text can be traced back to the source.
 */
int art_decode_text(art_buf_t *out, const unsigned char *raw, size_t n,
    art_text_state_e state, art_buf_t *map);

/*
 * The same map, compact: spans->data receives an art_decode_span_t for
 * each stretch of decoded bytes, in order.  A stretch copies raw bytes
 * one for one (whole 0: decoded byte dec + k comes from raw + k), or is
 * what one source character became (whole 1: a character reference, CR
 * LF, a NUL; all its bytes come from raw).
 */
typedef struct {
    size_t  dec;
    size_t  raw;
    size_t  len;
    int     whole;
} art_decode_span_t;

int art_decode_text_spans(art_buf_t *out, const unsigned char *raw,
    size_t n, art_text_state_e state, art_buf_t *spans);
int art_decode_attr(art_buf_t *out, const unsigned char *raw, size_t n);

/* ASCII case-insensitive compare of a raw span with a C string */
int art_span_eq(const unsigned char *raw, art_span_t s, const char *lit);


#endif /* ART_TOKENIZER_H */
