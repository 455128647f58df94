/*
 * The streaming HTML5 tokenizer: the states of the WHATWG tokenization
 * algorithm that decide where tokens begin and end, resumable at any byte.
 *
 * Character references never move a token boundary, so they are not
 * states here: text and values are delivered raw and decoded on demand
 * (art_decode_text, art_decode_attr).  What is left is a byte-driven state
 * machine; text states skip ahead with memchr().  In the data state, a tag
 * that lies wholly in the chunk is read in one pass (art_tag()), with the
 * results the states would give; the states take over where it stops.
 *
 * Positions inside the token in progress are offsets from its first byte.
 * While a token lies inside one chunk its bytes are never copied; a token
 * that a chunk boundary cuts is copied into the carry buffer, bounded by
 * max_token_size.
 */

#include <stdint.h>
#include <string.h>

#include "art_tokenizer.h"


#define ART_DEFAULT_MAX_TOKEN  (256 * 1024)
#define ART_DEFAULT_MAX_ATTRS  256


typedef enum {
    /* text states: no token in progress */
    S_DATA = 0,
    S_RCDATA,
    S_RAWTEXT,
    S_SCRIPT,
    S_PLAINTEXT,
    S_SCRIPT_ESC_START,
    S_SCRIPT_ESC_START_DASH,
    S_SCRIPT_ESC,
    S_SCRIPT_ESC_DASH,
    S_SCRIPT_ESC_DASH_DASH,
    S_SCRIPT_DESC_START,
    S_SCRIPT_DESC,
    S_SCRIPT_DESC_DASH,
    S_SCRIPT_DESC_DASH_DASH,
    S_SCRIPT_DESC_LT,
    S_SCRIPT_DESC_END,

    /* candidate end tags of the text states: text unless they match */
    S_RCDATA_LT,
    S_RCDATA_END_OPEN,
    S_RCDATA_END_NAME,
    S_RAWTEXT_LT,
    S_RAWTEXT_END_OPEN,
    S_RAWTEXT_END_NAME,
    S_SCRIPT_LT,
    S_SCRIPT_END_OPEN,
    S_SCRIPT_END_NAME,
    S_SCRIPT_ESC_LT,
    S_SCRIPT_ESC_END_OPEN,
    S_SCRIPT_ESC_END_NAME,

    /* tokens */
    S_TAG_OPEN,
    S_END_TAG_OPEN,
    S_TAG_NAME,
    S_BEFORE_ATTR_NAME,
    S_ATTR_NAME,
    S_AFTER_ATTR_NAME,
    S_BEFORE_ATTR_VALUE,
    S_ATTR_VALUE_DQ,
    S_ATTR_VALUE_SQ,
    S_ATTR_VALUE_UNQ,
    S_AFTER_ATTR_VALUE_QUOTED,
    S_SELF_CLOSING,
    S_BOGUS_COMMENT,
    S_MARKUP_DECL,
    S_COMMENT_START,
    S_COMMENT_START_DASH,
    S_COMMENT,
    S_COMMENT_END_DASH,
    S_COMMENT_END,
    S_COMMENT_END_BANG,
    S_DOCTYPE,
    S_BEFORE_DOCTYPE_NAME,
    S_DOCTYPE_NAME,
    S_AFTER_DOCTYPE_NAME,
    S_AFTER_DOCTYPE_PUBLIC_KW,
    S_BEFORE_DOCTYPE_PUBLIC_ID,
    S_DOCTYPE_PUBLIC_ID_DQ,
    S_DOCTYPE_PUBLIC_ID_SQ,
    S_AFTER_DOCTYPE_PUBLIC_ID,
    S_BETWEEN_DOCTYPE_IDS,
    S_AFTER_DOCTYPE_SYSTEM_KW,
    S_BEFORE_DOCTYPE_SYSTEM_ID,
    S_DOCTYPE_SYSTEM_ID_DQ,
    S_DOCTYPE_SYSTEM_ID_SQ,
    S_AFTER_DOCTYPE_SYSTEM_ID,
    S_BOGUS_DOCTYPE,
    S_CDATA,
    S_CDATA_BRACKET,
    S_CDATA_END
} art_state_e;

#define ART_FIRST_CANDIDATE  S_RCDATA_LT
#define ART_FIRST_TOKEN      S_TAG_OPEN


struct art_tokenizer_s {
    const art_allocator_t  *alloc;
    art_token_fn            fn;
    void                   *ud;

    size_t                  max_token;
    size_t                  max_attrs;
    /* attrs has room for this many; it grows up to max_attrs */
    size_t                  attrs_cap;

    art_state_e             state;
    art_text_state_e        text_state;     /* of the text state we're in */
    int                     foreign;

    /* the last start tag, for "appropriate end tag" checks */
    char                    last_tag[32];
    size_t                  last_tag_len;

    /* a keyword being matched: DOCTYPE, PUBLIC, SYSTEM, [CDATA[, "script" */
    const char             *kw;
    size_t                  kw_pos;
    /* the double-escape temporary buffer: how much of "script" matched */
    size_t                  tmp_len;
    int                     tmp_ok;

    /* the token in progress */
    art_token_t             tok;
    art_attr_t             *attrs;
    art_attr_t             *attr;           /* the attribute being read */
    size_t                  end_name_len;   /* candidate end tag name */
    int                     end_name_ok;
    unsigned int            dash_pos;       /* comment data end */
    int                     overflow;       /* past max_token_size */

    art_buf_t               carry;
    size_t                  peak_carry;

    /* text and opaque bytes: only type, raw and state change */
    art_token_t             plain;
};


/* the chunk being fed: what the state machine needs */
typedef struct {
    art_tokenizer_t      *t;
    const unsigned char  *p;
    size_t                n;
    ptrdiff_t             tok_start;    /* chunk offset; < 0 if in carry */
    ptrdiff_t             text_start;   /* chunk offset, or -1 */
    /* the last ">" of the chunk (0 if none) once gt_known: see art_tag() */
    size_t                gt;
    int                   gt_known;
    int                   rc;
} art_feed_t;


/* the bytes that end an attribute name */
static const unsigned char  art_attr_name_end[256] = {
    ['\t'] = 1, ['\n'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1, ['/'] = 1,
    ['='] = 1, ['>'] = 1
};

/* the bytes that end a tag name, and those that end an unquoted value */
static const unsigned char  art_tag_name_end[256] = {
    ['\t'] = 1, ['\n'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1, ['/'] = 1,
    ['>'] = 1
};

static const unsigned char  art_value_end[256] = {
    ['\t'] = 1, ['\n'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1, ['>'] = 1
};

static const unsigned char  art_space[256] = {
    ['\t'] = 1, ['\n'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1
};


/*
 * Past the white space at p (the tag reader's buffer ends at a ">").  The
 * first test stands apart from the loop: so the compiler reuses the byte
 * it loaded (about 4 thousand instructions fewer on the 87 KB page than
 * a plain while loop).
 */
static const unsigned char *
art_spaces_end(const unsigned char *p)
{
    if (art_space[*p]) {
        do {
            p++;
        } while (art_space[*p]);
    }

    return p;
}


static const char  art_kw_doctype[] = "doctype";
static const char  art_kw_public[] = "public";
static const char  art_kw_system[] = "system";
static const char  art_kw_cdata[] = "[CDATA[";
static const char  art_kw_script[] = "script";


static int
art_is_space(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r';
}


static int
art_is_alpha(unsigned char c)
{
    return (unsigned char) ((c | 0x20) - 'a') < 26;
}


static unsigned char
art_lower(unsigned char c)
{
    return (unsigned char) (c - 'A') < 26 ? (unsigned char) (c | 0x20) : c;
}


art_tokenizer_t *
art_tokenizer_create(const art_allocator_t *a,
    const art_tokenizer_settings_t *settings, art_token_fn fn, void *ud)
{
    art_tokenizer_t  *t;

    t = art_calloc(a, sizeof(art_tokenizer_t));
    if (t == NULL) {
        return NULL;
    }

    t->alloc = a;
    t->fn = fn;
    t->ud = ud;
    t->max_token = ART_DEFAULT_MAX_TOKEN;
    t->max_attrs = ART_DEFAULT_MAX_ATTRS;

    if (settings != NULL) {
        if (settings->max_token_size) {
            t->max_token = settings->max_token_size;
        }

        if (settings->max_attrs) {
            t->max_attrs = settings->max_attrs;
        }
    }

    t->attrs_cap = t->max_attrs < 16 ? t->max_attrs : 16;
    t->attrs = art_alloc(a, t->attrs_cap * sizeof(art_attr_t));
    if (t->attrs == NULL) {
        art_free(a, t);
        return NULL;
    }

    art_buf_init(&t->carry, a);
    t->state = S_DATA;
    t->text_state = ART_STATE_DATA;

    return t;
}


void
art_tokenizer_destroy(art_tokenizer_t *t)
{
    if (t == NULL) {
        return;
    }

    art_buf_free(&t->carry);
    art_free(t->alloc, t->attrs);
    art_free(t->alloc, t);
}


void
art_tokenizer_set_state(art_tokenizer_t *t, art_text_state_e state,
    const char *last_start_tag)
{
    size_t  n;

    t->text_state = state;

    switch (state) {
    case ART_STATE_RCDATA: t->state = S_RCDATA; break;
    case ART_STATE_RAWTEXT: t->state = S_RAWTEXT; break;
    case ART_STATE_SCRIPT_DATA: t->state = S_SCRIPT; break;
    case ART_STATE_PLAINTEXT: t->state = S_PLAINTEXT; break;

    case ART_STATE_CDATA_SECTION:
        /* a CDATA section from the next byte on (for the html5lib tests) */
        memset(&t->tok, 0, sizeof(art_token_t));
        t->tok.type = ART_TOK_CDATA;
        t->tok.attrs = t->attrs;
        t->carry.len = 0;
        t->overflow = 0;
        t->text_state = ART_STATE_DATA;
        t->state = S_CDATA;
        break;

    default: t->state = S_DATA; t->text_state = ART_STATE_DATA; break;
    }

    if (last_start_tag != NULL) {
        n = strlen(last_start_tag);
        if (n >= sizeof(t->last_tag)) {
            n = sizeof(t->last_tag) - 1;
        }

        memcpy(t->last_tag, last_start_tag, n);
        t->last_tag[n] = '\0';
        t->last_tag_len = n;
    }
}


void
art_tokenizer_set_foreign(art_tokenizer_t *t, int foreign)
{
    t->foreign = foreign;
}


size_t
art_tokenizer_carry_size(const art_tokenizer_t *t)
{
    return t->carry.len;
}


size_t
art_tokenizer_peak_carry(const art_tokenizer_t *t)
{
    return t->peak_carry;
}


/* emission */

static int
art_emit(art_feed_t *f, art_token_t *tok)
{
    int  rc;

    rc = f->t->fn(f->t->ud, tok);
    if (rc != 0 && f->rc == 0) {
        f->rc = rc;
    }

    return rc;
}


static int
art_emit_raw(art_feed_t *f, art_token_type_e type, const unsigned char *p,
    size_t n, int in_chunk)
{
    art_token_t  *tok;

    if (n == 0) {
        return 0;
    }

    /* a token with nothing but its bytes, kept ready: no per-call reset */
    tok = &f->t->plain;
    tok->type = type;
    tok->raw = p;
    tok->raw_len = n;
    tok->raw_in_chunk = in_chunk;
    tok->text_state = f->t->text_state;

    return art_emit(f, tok);
}


/* a piece of the token in progress, which is past the cap */
static int
art_emit_piece(art_feed_t *f, const unsigned char *p, size_t n, int in_chunk,
    int first, int last)
{
    art_tokenizer_t  *t = f->t;
    art_token_t       tok;

    if (n == 0 && !first && !last) {
        return 0;
    }

    memset(&tok, 0, sizeof(tok));
    tok.type = ART_TOK_OPAQUE;
    tok.raw = p;
    tok.raw_len = n;
    tok.raw_in_chunk = in_chunk;
    tok.text_state = t->text_state;

    if (first || last) {
        tok.opaque_of = t->tok.type;
        tok.opaque_first = first;
        tok.opaque_last = last;
        memcpy(tok.lname, t->tok.lname, sizeof(tok.lname));
        tok.lname_len = t->tok.lname_len;
    }

    return art_emit(f, &tok);
}


/* pending text of this chunk up to (not including) chunk offset end */
static int
art_flush_text(art_feed_t *f, size_t end)
{
    ptrdiff_t  s;

    s = f->text_start;
    f->text_start = -1;

    if (s < 0 || (size_t) s >= end) {
        return 0;
    }

    return art_emit_raw(f, ART_TOK_TEXT, f->p + s, end - (size_t) s, 1);
}


/* offset of chunk position i in the token in progress */
static unsigned int
art_off(art_feed_t *f, size_t i)
{
    return (unsigned int) ((ptrdiff_t) i - f->tok_start);
}


/* the fields only comments, DOCTYPEs and CDATA set */
static void
art_token_clear_markup(art_token_t *tok)
{
    tok->data.off = 0;
    tok->data.len = 0;
    tok->public_id.off = 0;
    tok->public_id.len = 0;
    tok->system_id.off = 0;
    tok->system_id.len = 0;
    tok->has_name = 0;
    tok->has_public_id = 0;
    tok->has_system_id = 0;
    tok->force_quirks = 0;
}


/* a token (or candidate) starts at chunk offset i */
static int
art_token_begin(art_feed_t *f, size_t i)
{
    art_tokenizer_t  *t = f->t;
    art_token_t      *tok;

    f->tok_start = (ptrdiff_t) i;
    t->overflow = 0;

    /* only what a token of any kind may have set (this runs per tag) */
    tok = &t->tok;
    tok->type = 0;
    tok->opaque_of = 0;
    tok->opaque_first = 0;
    tok->opaque_last = 0;
    tok->name.off = 0;
    tok->name.len = 0;
    tok->lname[0] = '\0';
    tok->lname_len = 0;
    tok->attrs = t->attrs;
    tok->nattrs = 0;
    tok->self_closing = 0;
    art_token_clear_markup(tok);
    t->attr = NULL;

    return 0;
}


/*
 * The whole raw bytes of the token in progress, ending before chunk offset
 * end: a slice of the chunk, or the carry buffer completed.
 */
static const unsigned char *
art_token_raw(art_feed_t *f, size_t end, size_t *len, int *in_chunk)
{
    art_tokenizer_t  *t = f->t;

    if (f->tok_start >= 0) {
        *len = end - (size_t) f->tok_start;
        *in_chunk = 1;
        return f->p + f->tok_start;
    }

    if (art_buf_append(&t->carry, f->p, end) != 0) {
        return NULL;
    }

    *len = t->carry.len;
    *in_chunk = 0;

    return t->carry.data;
}


static void
art_token_done(art_feed_t *f, size_t end)
{
    art_tokenizer_t  *t = f->t;
    art_token_t      *tok;

    if (t->carry.len > t->peak_carry) {
        t->peak_carry = t->carry.len;
    }

    t->carry.len = 0;
    f->tok_start = -1;
    f->text_start = (ptrdiff_t) end;
    t->overflow = 0;

    if (t->tok.type == ART_TOK_COMMENT || t->tok.type == ART_TOK_DOCTYPE
        || t->tok.type == ART_TOK_CDATA)
    {
        /* what art_tag() leaves alone is as art_token_begin() leaves it */
        tok = &t->tok;
        art_token_clear_markup(tok);
    }
}


/* mark duplicate attributes (names compared ASCII case-insensitively) */
static void
art_mark_duplicates(art_token_t *tok)
{
    size_t                i, j, k, n;
    const unsigned char  *a, *b;

    for (i = 1; i < tok->nattrs; i++) {
        n = tok->attrs[i].name.len;
        a = tok->raw + tok->attrs[i].name.off;

        for (j = 0; j < i; j++) {
            if (tok->attrs[j].name.len != n || tok->attrs[j].duplicate) {
                continue;
            }

            b = tok->raw + tok->attrs[j].name.off;

            for (k = 0; k < n; k++) {
                if (art_lower(a[k]) != art_lower(b[k])) {
                    break;
                }
            }

            if (k == n) {
                tok->attrs[i].duplicate = 1;
                break;
            }
        }
    }
}


/*
 * Emit the token in progress, which ends before chunk offset end, as its
 * own type; in overflow its bytes were passed on already and the rest goes
 * as opaque bytes.
 */
static int
art_token_emit(art_feed_t *f, size_t end)
{
    art_tokenizer_t      *t = f->t;
    art_token_t          *tok = &t->tok;
    const unsigned char  *raw;
    size_t                len;
    int                   in_chunk;

    if (f->tok_start < 0 && !t->overflow && t->carry.len + end > t->max_token)
    {
        /*
         * Past the cap with its start in the carry: the two parts go out
         * as they are, never joined, so that the carry stays in the cap.
         */
        art_emit_piece(f, t->carry.data, t->carry.len, 0, 1, 0);

        if (f->rc == 0) {
            art_emit_piece(f, f->p, end, 1, 0, 1);
        }

        art_token_done(f, end);
        return f->rc;
    }

    raw = art_token_raw(f, end, &len, &in_chunk);
    if (raw == NULL) {
        f->rc = -1;
        return -1;
    }

    if (t->overflow || len > t->max_token) {
        /* past the cap, however the input was cut */
        art_emit_piece(f, raw, len, in_chunk, !t->overflow, 1);
        art_token_done(f, end);
        return f->rc;
    }

    tok->raw = raw;
    tok->raw_len = len;
    tok->raw_in_chunk = in_chunk;

    if (tok->type == ART_TOK_START_TAG || tok->type == ART_TOK_END_TAG) {
        tok->attrs = t->attrs;
        if (tok->nattrs > 1) {
            art_mark_duplicates(tok);
        }
    }

    art_emit(f, tok);
    art_token_done(f, end);

    return f->rc;
}


/* the candidate in progress turned out to be text, up to chunk offset end */
static int
art_candidate_to_text(art_feed_t *f, size_t end)
{
    art_tokenizer_t  *t = f->t;

    if (f->tok_start >= 0) {
        /* it started in this chunk: it simply joins the pending text */
        if (f->text_start < 0) {
            f->text_start = f->tok_start;
        }

        f->tok_start = -1;
        return 0;
    }

    /* the part in the carry goes now; this chunk's part joins the text */
    art_emit_raw(f, ART_TOK_TEXT, t->carry.data, t->carry.len, 0);
    art_token_done(f, 0);

    return f->rc;
}


/* bytes that form no token (e.g. "</>"), ending before chunk offset end */
static int
art_token_opaque(art_feed_t *f, size_t end)
{
    art_tokenizer_t  *t = f->t;

    if (f->tok_start >= 0) {
        art_emit_raw(f, ART_TOK_OPAQUE, f->p + f->tok_start,
                     end - (size_t) f->tok_start, 1);

    } else {
        art_emit_raw(f, ART_TOK_OPAQUE, t->carry.data, t->carry.len, 0);

        if (f->rc == 0) {
            art_emit_raw(f, ART_TOK_OPAQUE, f->p, end, 1);
        }
    }

    art_token_done(f, end);

    return f->rc;
}


static void
art_attr_begin(art_feed_t *f, size_t i)
{
    art_tokenizer_t  *t = f->t;

    if (t->overflow || t->tok.nattrs >= t->max_attrs) {
        t->attr = NULL;
        return;
    }

    if (t->tok.nattrs == t->attrs_cap) {
        size_t       cap;
        art_attr_t  *attrs;

        cap = t->attrs_cap * 2 < t->max_attrs ? t->attrs_cap * 2
                                              : t->max_attrs;

        attrs = art_alloc(t->alloc, cap * sizeof(art_attr_t));
        if (attrs == NULL) {
            t->attr = NULL;
            f->rc = -1;
            return;
        }

        memcpy(attrs, t->attrs, t->tok.nattrs * sizeof(art_attr_t));
        art_free(t->alloc, t->attrs);
        t->attrs = attrs;
        t->attrs_cap = cap;
        t->tok.attrs = attrs;
    }

    t->attr = &t->attrs[t->tok.nattrs++];
    memset(t->attr, 0, sizeof(art_attr_t));
    t->attr->name.off = art_off(f, i);
}


static void
art_tag_name_char(art_tokenizer_t *t, unsigned char c)
{
    if (t->tok.lname_len < sizeof(t->tok.lname) - 1) {
        t->tok.lname[t->tok.lname_len++] = (char) art_lower(c);
        t->tok.lname[t->tok.lname_len] = '\0';
    }
}


/* does the candidate end tag name match the last start tag so far? */
static void
art_end_name_char(art_tokenizer_t *t, unsigned char c)
{
    if (t->end_name_len < t->last_tag_len
        && art_lower(c) == (unsigned char) t->last_tag[t->end_name_len])
    {
        t->end_name_len++;
        art_tag_name_char(t, c);
        return;
    }

    t->end_name_ok = 0;
}


/*
 * Attributes one after another, from the first byte of a name (no space,
 * "/" or ">"), as the states from before-attribute-name to after-
 * attribute-value-(quoted) take them, without going back to the state
 * loop for each byte: name, "=", a quoted value, spaces, the next name.
 * Anything else (an unquoted value, a name without a value, the end of
 * the tag or of the chunk) is left to the state loop: the state is set
 * to where it goes on, and the offset returned is that of the last byte
 * taken (the loop goes on after it).
 */
static size_t
art_attrs(art_feed_t *f, size_t i)
{
    art_tokenizer_t      *t = f->t;
    const unsigned char  *p = f->p, *q, *end;
    size_t                n = f->n;
    unsigned char         c;

    end = p + n;

    for ( ;; ) {
        art_attr_begin(f, i);
        if (f->rc != 0) {
            return i;
        }

        /* "=" as the first character is part of the name */
        q = p + i + (p[i] == '=');
        while (q < end && !art_attr_name_end[*q]) {
            q++;
        }

        if (t->attr) {
            t->attr->name.len += (unsigned int) (q - (p + i));
        }

        if (q == end) {
            t->state = S_ATTR_NAME;
            return n - 1;
        }

        i = (size_t) (q - p);

        if (*q != '=') {
            t->state = S_AFTER_ATTR_NAME;
            return i - 1;
        }

        /* before the value */
        do {
            if (++i == n) {
                t->state = S_BEFORE_ATTR_VALUE;
                return n - 1;
            }
        } while (art_is_space(p[i]));

        c = p[i];

        if (c != '"' && c != '\'') {
            t->state = S_BEFORE_ATTR_VALUE;
            return i - 1;
        }

        if (t->attr) {
            t->attr->has_value = 1;
            t->attr->quote = c;
            t->attr->value.off = art_off(f, i + 1);
        }

        q = memchr(p + i + 1, c, n - i - 1);

        if (q == NULL) {
            if (t->attr) {
                t->attr->value.len += (unsigned int) (n - i - 1);
            }

            t->state = c == '"' ? S_ATTR_VALUE_DQ : S_ATTR_VALUE_SQ;
            return n - 1;
        }

        if (t->attr) {
            t->attr->value.len += (unsigned int) (q - (p + i + 1));
        }

        /* after the quoted value */
        i = (size_t) (q - p) + 1;

        if (i == n) {
            t->state = S_AFTER_ATTR_VALUE_QUOTED;
            return n - 1;
        }

        c = p[i];

        if (!art_is_space(c)) {
            if (c == '/' || c == '>') {
                t->state = S_AFTER_ATTR_VALUE_QUOTED;
                return i - 1;
            }

            /* a name right after the quote */
            continue;
        }

        do {
            if (++i == n) {
                t->state = S_BEFORE_ATTR_NAME;
                return n - 1;
            }
        } while (art_is_space(p[i]));

        c = p[i];

        if (c == '/' || c == '>') {
            t->state = S_BEFORE_ATTR_NAME;
            return i - 1;
        }
    }
}


/*
 * Start tags and end tags end here: the state after a start tag is the
 * data state unless the token callback switches it.
 */
static int
art_tag_end(art_feed_t *f, size_t end)
{
    art_tokenizer_t  *t = f->t;

    t->state = S_DATA;
    t->text_state = ART_STATE_DATA;

    return art_token_emit(f, end);
}


/* the text state that the tokenizer is in now, as a state number */
static art_state_e
art_text_home(art_tokenizer_t *t)
{
    switch (t->text_state) {
    case ART_STATE_RCDATA: return S_RCDATA;
    case ART_STATE_RAWTEXT: return S_RAWTEXT;
    case ART_STATE_SCRIPT_DATA: return S_SCRIPT;
    case ART_STATE_PLAINTEXT: return S_PLAINTEXT;
    default: return S_DATA;
    }
}


static void
art_comment_begin(art_feed_t *f, size_t data_off_chunk, art_state_e state)
{
    art_tokenizer_t  *t = f->t;

    t->tok.type = ART_TOK_COMMENT;
    t->tok.data.off = art_off(f, data_off_chunk);
    t->dash_pos = t->tok.data.off;
    t->state = state;
}


static int
art_comment_emit(art_feed_t *f, size_t end, unsigned int data_end)
{
    art_tokenizer_t  *t = f->t;

    t->tok.data.len = data_end - t->tok.data.off;
    t->state = S_DATA;

    return art_token_emit(f, end);
}


/* a quoted public (system 0) or system identifier opens at chunk offset i */
static void
art_doctype_id_open(art_feed_t *f, size_t i, unsigned char quote, int system)
{
    art_tokenizer_t  *t = f->t;

    if (system) {
        t->tok.has_system_id = 1;
        t->tok.system_id.off = art_off(f, i + 1);
        t->state = quote == '"' ? S_DOCTYPE_SYSTEM_ID_DQ
                                : S_DOCTYPE_SYSTEM_ID_SQ;

    } else {
        t->tok.has_public_id = 1;
        t->tok.public_id.off = art_off(f, i + 1);
        t->state = quote == '"' ? S_DOCTYPE_PUBLIC_ID_DQ
                                : S_DOCTYPE_PUBLIC_ID_SQ;
    }
}


/* what the DOCTYPE states call "set force-quirks, bogus DOCTYPE" */
static void
art_doctype_bogus(art_tokenizer_t *t)
{
    t->tok.force_quirks = 1;
    t->state = S_BOGUS_DOCTYPE;
}


static int
art_doctype_emit(art_feed_t *f, size_t end, int quirks)
{
    art_tokenizer_t  *t = f->t;

    if (quirks) {
        t->tok.force_quirks = 1;
    }

    t->state = S_DATA;

    return art_token_emit(f, end);
}


/*
 * The offset of the last ">" of the chunk after offset i, looked for once
 * a feed, from the end (where it is near on a page cut anywhere); 0 when
 * there is none, which turns the fast path off for the rest of the chunk.
 */
static void
art_find_gt(art_feed_t *f, size_t i)
{
    size_t  k;

    f->gt_known = 1;
    f->gt = 0;

    for (k = f->n; k-- > i + 1; ) {
        if (f->p[k] == '>') {
            f->gt = k;
            return;
        }
    }
}


/*
 * A whole start or end tag at once, from its "<" at chunk offset i in the
 * data state, where the token has begun; p[i + 1] is a letter, or "/"
 * and a letter.  The chunk has a ">" at f->gt > i: every scan here that
 * stops at ">" (a name, spaces, an unquoted value) stops at or before it,
 * so none of them needs a bound, and a byte that is not ">" at or before
 * f->gt has a next byte.  Only a quoted value can go past f->gt; there,
 * as at any rare turn (a "/" that does not end the tag, a callback that
 * stops), the state is set to the one that takes the next byte and the
 * state loop goes on.  The states are those of the loop, taken in the
 * same order with the same results.  Returns the offset of the last byte
 * taken.
 */
static size_t
art_tag(art_feed_t *f, size_t i)
{
    art_tokenizer_t      *t = f->t;
    art_token_t          *tok = &t->tok;
    const unsigned char  *p = f->p, *tag, *gt, *s, *q;
    art_attr_t           *a;
    size_t                len, k;
    uint64_t              seen, dup, bit;
    int                   rc;
    unsigned char         c;

    tag = p + i;
    gt = p + f->gt;
    s = tag + 1;

    /*
     * What art_token_begin() does, for a tag: the fields of other tokens
     * are as it leaves them, since art_token_done() resets them after a
     * comment, DOCTYPE or CDATA section.
     */
    f->tok_start = (ptrdiff_t) i;
    t->overflow = 0;
    tok->attrs = t->attrs;
    tok->nattrs = 0;
    tok->self_closing = 0;
    t->attr = NULL;

    if (*s == '/') {
        tok->type = ART_TOK_END_TAG;
        s++;

    } else {
        tok->type = ART_TOK_START_TAG;
    }

    tok->name.off = (unsigned int) (s - tag);
    t->state = S_TAG_NAME;

    /* the name, then its lower-case copy (truncated like the state's) */
    q = s;
    while (!art_tag_name_end[*q]) {
        q++;
    }

    len = (size_t) (q - s);
    tok->name.len = (unsigned int) len;

    if (len > sizeof(tok->lname) - 1) {
        len = sizeof(tok->lname) - 1;
    }

    for (k = 0; k < len; k++) {
        tok->lname[k] = (char) art_lower(s[k]);
    }

    tok->lname[len] = '\0';
    tok->lname_len = len;

    /* the text before it goes first (a stop leaves the name's end next) */
    if (f->text_start >= 0 && (size_t) f->text_start < i) {
        if (art_emit_raw(f, ART_TOK_TEXT, p + f->text_start,
                         i - (size_t) f->text_start, 1)
            != 0)
        {
            f->text_start = -1;
            return (size_t) (q - p) - 1;
        }
    }

    f->text_start = -1;

    /*
     * Duplicate attributes are looked for only if two names may be the
     * same: "seen" has a bit per length and first byte (case folded) of
     * the names so far, which the same name in any case always sets.
     */
    seen = 0;
    dup = 0;

    for ( ;; ) {
        /* before an attribute name: spaces, then "/", ">" or a name */
        q = art_spaces_end(q);
        c = *q;

        if (c == '>') {
            break;
        }

        if (c == '/') {
            if (q[1] == '>') {
                tok->self_closing = 1;
                q++;
                break;
            }

            t->state = S_SELF_CLOSING;
            return (size_t) (q - p);
        }

        /* an attribute; "=" as the first byte of its name is part of it */
        if (tok->nattrs < t->attrs_cap) {
            a = &t->attrs[tok->nattrs++];
            a->name.off = (unsigned int) (q - tag);
            a->value.off = 0;
            a->value.len = 0;
            a->quote = 0;
            a->has_value = 0;
            a->duplicate = 0;
            t->attr = a;

        } else {
            art_attr_begin(f, (size_t) (q - p));
            if (f->rc != 0) {
                t->state = S_BEFORE_ATTR_NAME;
                return (size_t) (q - p) - 1;
            }

            a = t->attr;
        }

        s = q;
        q += (*q == '=');
        while (!art_attr_name_end[*q]) {
            q++;
        }

        if (a) {
            a->name.len = (unsigned int) (q - s);
            bit = (uint64_t) 1 << (((size_t) (q - s) + (*s | 0x20)) & 63);
            dup |= seen & bit;
            seen |= bit;
        }

        /* after the name: spaces, then "=" or what may follow a name */
        q = art_spaces_end(q);
        c = *q;

        if (c != '=') {
            continue;
        }

        do {
            q++;
        } while (art_space[*q]);

        c = *q;

        if (c == '"' || c == '\'') {
            if (a) {
                a->has_value = 1;
                a->quote = c;
                a->value.off = (unsigned int) (q + 1 - tag);
            }

            s = q + 1;
            q = memchr(s, c, (size_t) (p + f->n - s));

            if (q == NULL) {
                t->state = c == '"' ? S_ATTR_VALUE_DQ : S_ATTR_VALUE_SQ;
                return (size_t) (s - p) - 1;
            }

            if (a) {
                a->value.len = (unsigned int) (q - s);
            }

            if (q > gt) {
                t->state = S_AFTER_ATTR_VALUE_QUOTED;
                return (size_t) (q - p);
            }

            /* spaces, "/", ">", or a name right after the quote */
            q++;
            continue;
        }

        if (a) {
            a->has_value = 1;
            a->value.off = (unsigned int) (q - tag);
        }

        if (c == '>') {
            /* an empty value, where it would have begun */
            break;
        }

        s = q;
        while (!art_value_end[*q]) {
            q++;
        }

        if (a) {
            a->value.len = (unsigned int) (q - s);
        }
    }

    /*
     * The ">" at q ends the tag: what art_tag_end() does, for a token that
     * began in this chunk in the data state (nothing carried, no overflow)
     */
    i = (size_t) (q - p);
    len = i + 1 - (size_t) f->tok_start;

    t->state = S_DATA;
    t->text_state = ART_STATE_DATA;

    if (len > t->max_token) {
        /* past the cap: opaque bytes */
        art_token_emit(f, i + 1);
        return i;
    }

    tok->raw = tag;
    tok->raw_len = len;
    tok->raw_in_chunk = 1;

    if (dup) {
        art_mark_duplicates(tok);
    }

    rc = t->fn(t->ud, tok);
    if (rc != 0 && f->rc == 0) {
        f->rc = rc;
    }

    f->tok_start = -1;
    f->text_start = (ptrdiff_t) i + 1;

    return i;
}


int
art_tokenizer_feed(art_tokenizer_t *t, const unsigned char *p, size_t n)
{
    size_t                i;
    unsigned char         c;
    art_feed_t            f;
    const char           *kw;
    const unsigned char  *q;

    f.t = t;
    f.p = p;
    f.n = n;
    f.gt = 0;
    f.gt_known = 0;
    f.rc = 0;

    if (t->state >= ART_FIRST_CANDIDATE) {
        f.tok_start = -(ptrdiff_t) t->carry.len;
        f.text_start = -1;

    } else {
        f.tok_start = -1;
        f.text_start = 0;
    }

    for (i = 0; i < n && f.rc == 0; i++) {

        c = p[i];

        switch (t->state) {

        /* text states */

        case S_DATA:
            /* text, and the tags that lie wholly in the chunk, at once */
            for ( ;; ) {
                q = memchr(p + i, '<', n - i);
                if (q == NULL) {
                    i = n - 1;
                    break;
                }

                i = (size_t) (q - p);

                if (!f.gt_known) {
                    art_find_gt(&f, i);
                }

                if (i >= f.gt
                    || !(art_is_alpha(p[i + 1])
                         || (p[i + 1] == '/' && art_is_alpha(p[i + 2]))))
                {
                    art_token_begin(&f, i);
                    t->state = S_TAG_OPEN;
                    break;
                }

                i = art_tag(&f, i);

                if (t->state != S_DATA || f.rc != 0 || i + 1 == n) {
                    break;
                }

                i++;
            }

            break;

        case S_RCDATA:
        case S_RAWTEXT:
        case S_SCRIPT:
            q = memchr(p + i, '<', n - i);
            if (q == NULL) {
                i = n - 1;
                break;
            }

            i = (size_t) (q - p);
            art_token_begin(&f, i);

            switch (t->state) {
            case S_RCDATA: t->state = S_RCDATA_LT; break;
            case S_RAWTEXT: t->state = S_RAWTEXT_LT; break;
            default: t->state = S_SCRIPT_LT; break;
            }

            break;

        case S_PLAINTEXT:
            i = n - 1;
            break;

        case S_SCRIPT_ESC_START:
            if (c == '-') {
                t->state = S_SCRIPT_ESC_START_DASH;
            } else {
                t->state = S_SCRIPT;
                i--;
            }
            break;

        case S_SCRIPT_ESC_START_DASH:
            if (c == '-') {
                t->state = S_SCRIPT_ESC_DASH_DASH;
            } else {
                t->state = S_SCRIPT;
                i--;
            }
            break;

        case S_SCRIPT_ESC:
            q = p + i;
            while (q < p + n && *q != '-' && *q != '<') {
                q++;
            }

            if (q == p + n) {
                i = n - 1;
                break;
            }

            i = (size_t) (q - p);

            if (*q == '-') {
                t->state = S_SCRIPT_ESC_DASH;

            } else {
                art_token_begin(&f, i);
                t->state = S_SCRIPT_ESC_LT;
            }
            break;

        case S_SCRIPT_ESC_DASH:
            if (c == '-') {
                t->state = S_SCRIPT_ESC_DASH_DASH;

            } else if (c == '<') {
                art_token_begin(&f, i);
                t->state = S_SCRIPT_ESC_LT;

            } else {
                t->state = S_SCRIPT_ESC;
            }
            break;

        case S_SCRIPT_ESC_DASH_DASH:
            if (c == '-') {
                break;
            }

            if (c == '<') {
                art_token_begin(&f, i);
                t->state = S_SCRIPT_ESC_LT;

            } else if (c == '>') {
                t->state = S_SCRIPT;

            } else {
                t->state = S_SCRIPT_ESC;
            }
            break;

        case S_SCRIPT_DESC_START:
            if (art_is_space(c) || c == '/' || c == '>') {
                t->state = (t->tmp_ok && t->tmp_len == 6)
                           ? S_SCRIPT_DESC : S_SCRIPT_ESC;

            } else if (art_is_alpha(c)) {
                if (t->tmp_len < 6
                    && art_lower(c) == (unsigned char) art_kw_script[t->tmp_len])
                {
                    t->tmp_len++;

                } else {
                    t->tmp_ok = 0;
                }

            } else {
                t->state = S_SCRIPT_ESC;
                i--;
            }
            break;

        case S_SCRIPT_DESC:
            if (c == '-') {
                t->state = S_SCRIPT_DESC_DASH;
            } else if (c == '<') {
                t->state = S_SCRIPT_DESC_LT;
            }
            break;

        case S_SCRIPT_DESC_DASH:
            if (c == '-') {
                t->state = S_SCRIPT_DESC_DASH_DASH;
            } else if (c == '<') {
                t->state = S_SCRIPT_DESC_LT;
            } else {
                t->state = S_SCRIPT_DESC;
            }
            break;

        case S_SCRIPT_DESC_DASH_DASH:
            if (c == '-') {
                break;
            }

            if (c == '<') {
                t->state = S_SCRIPT_DESC_LT;
            } else if (c == '>') {
                t->state = S_SCRIPT;
            } else {
                t->state = S_SCRIPT_DESC;
            }
            break;

        case S_SCRIPT_DESC_LT:
            if (c == '/') {
                t->state = S_SCRIPT_DESC_END;
                t->tmp_len = 0;
                t->tmp_ok = 1;

            } else {
                t->state = S_SCRIPT_DESC;
                i--;
            }
            break;

        case S_SCRIPT_DESC_END:
            if (art_is_space(c) || c == '/' || c == '>') {
                t->state = (t->tmp_ok && t->tmp_len == 6)
                           ? S_SCRIPT_ESC : S_SCRIPT_DESC;

            } else if (art_is_alpha(c)) {
                if (t->tmp_len < 6
                    && art_lower(c) == (unsigned char) art_kw_script[t->tmp_len])
                {
                    t->tmp_len++;

                } else {
                    t->tmp_ok = 0;
                }

            } else {
                t->state = S_SCRIPT_DESC;
                i--;
            }
            break;

        /* candidate end tags */

        case S_RCDATA_LT:
        case S_RAWTEXT_LT:
        case S_SCRIPT_LT:
        case S_SCRIPT_ESC_LT:
            if (c == '/') {
                t->end_name_len = 0;
                t->end_name_ok = 1;
                t->state = t->state + 1;
                break;
            }

            if (t->state == S_SCRIPT_LT && c == '!') {
                /* "<!" is text; it may open an escape */
                art_candidate_to_text(&f, i + 1);
                t->state = S_SCRIPT_ESC_START;
                break;
            }

            if (t->state == S_SCRIPT_ESC_LT && art_is_alpha(c)) {
                art_candidate_to_text(&f, i);
                t->state = S_SCRIPT_DESC_START;
                t->tmp_len = 0;
                t->tmp_ok = 1;
                i--;
                break;
            }

            art_candidate_to_text(&f, i);
            t->state = t->state == S_SCRIPT_ESC_LT ? S_SCRIPT_ESC
                                                   : art_text_home(t);
            i--;
            break;

        case S_RCDATA_END_OPEN:
        case S_RAWTEXT_END_OPEN:
        case S_SCRIPT_END_OPEN:
        case S_SCRIPT_ESC_END_OPEN:
            if (art_is_alpha(c)) {
                t->tok.type = ART_TOK_END_TAG;
                t->tok.name.off = art_off(&f, i);
                t->state = t->state + 1;
                i--;
                break;
            }

            art_candidate_to_text(&f, i);
            t->state = t->state == S_SCRIPT_ESC_END_OPEN ? S_SCRIPT_ESC
                                                         : art_text_home(t);
            i--;
            break;

        case S_RCDATA_END_NAME:
        case S_RAWTEXT_END_NAME:
        case S_SCRIPT_END_NAME:
        case S_SCRIPT_ESC_END_NAME:
            if (art_is_alpha(c)) {
                art_end_name_char(t, c);
                t->tok.name.len++;

                if (t->end_name_ok) {
                    break;
                }

                /* it can no longer be the appropriate end tag */

            } else if (t->end_name_ok && t->end_name_len == t->last_tag_len
                       && (art_is_space(c) || c == '/' || c == '>'))
            {
                /* the appropriate end tag: a real token from here */
                art_flush_text(&f, (size_t) (f.tok_start >= 0
                                             ? f.tok_start : 0));
                t->text_state = ART_STATE_DATA;

                if (c == '>') {
                    art_tag_end(&f, i + 1);

                } else {
                    t->state = art_is_space(c) ? S_BEFORE_ATTR_NAME
                                               : S_SELF_CLOSING;
                }
                break;
            }

            art_candidate_to_text(&f, i);
            t->tok.lname_len = 0;
            t->state = t->state == S_SCRIPT_ESC_END_NAME ? S_SCRIPT_ESC
                                                         : art_text_home(t);
            i--;
            break;

        /* tags */

        case S_TAG_OPEN:
            if (art_is_alpha(c)) {
                art_flush_text(&f, (size_t) (f.tok_start >= 0
                                             ? f.tok_start : 0));
                t->tok.type = ART_TOK_START_TAG;
                t->tok.name.off = art_off(&f, i);
                t->state = S_TAG_NAME;
                i--;

            } else if (c == '!') {
                art_flush_text(&f, (size_t) (f.tok_start >= 0
                                             ? f.tok_start : 0));
                t->state = S_MARKUP_DECL;
                t->kw = NULL;
                t->kw_pos = 0;

            } else if (c == '/') {
                t->state = S_END_TAG_OPEN;

            } else if (c == '?') {
                art_flush_text(&f, (size_t) (f.tok_start >= 0
                                             ? f.tok_start : 0));
                art_comment_begin(&f, i, S_BOGUS_COMMENT);

            } else {
                art_candidate_to_text(&f, i);
                t->state = S_DATA;
                i--;
            }
            break;

        case S_END_TAG_OPEN:
            if (art_is_alpha(c)) {
                art_flush_text(&f, (size_t) (f.tok_start >= 0
                                             ? f.tok_start : 0));
                t->tok.type = ART_TOK_END_TAG;
                t->tok.name.off = art_off(&f, i);
                t->state = S_TAG_NAME;
                i--;

            } else if (c == '>') {
                art_flush_text(&f, (size_t) (f.tok_start >= 0
                                             ? f.tok_start : 0));
                t->state = S_DATA;
                art_token_opaque(&f, i + 1);

            } else {
                art_flush_text(&f, (size_t) (f.tok_start >= 0
                                             ? f.tok_start : 0));
                art_comment_begin(&f, i, S_BOGUS_COMMENT);
                i--;
            }
            break;

        case S_TAG_NAME:
            while (!art_is_space(c) && c != '/' && c != '>') {
                art_tag_name_char(t, c);
                t->tok.name.len++;

                if (++i == n) {
                    break;
                }

                c = p[i];
            }

            if (i == n) {
                i = n - 1;
                break;
            }

            if (c == '>') {
                art_tag_end(&f, i + 1);
            } else if (c == '/') {
                t->state = S_SELF_CLOSING;
            } else {
                t->state = S_BEFORE_ATTR_NAME;
            }
            break;

        case S_BEFORE_ATTR_NAME:
            while (art_is_space(c)) {
                if (++i == n) {
                    break;
                }

                c = p[i];
            }

            if (i == n) {
                i = n - 1;
                break;
            }

            if (c == '/' || c == '>') {
                t->state = S_AFTER_ATTR_NAME;
                i--;
                break;
            }

            i = art_attrs(&f, i);
            break;

        case S_ATTR_NAME:
            q = p + i;
            while (q < p + n && !art_attr_name_end[*q]) {
                q++;
            }

            if (t->attr) {
                t->attr->name.len += (unsigned int) (q - (p + i));
            }

            if (q == p + n) {
                i = n - 1;
                break;
            }

            i = (size_t) (q - p);

            if (*q == '=') {
                t->state = S_BEFORE_ATTR_VALUE;

            } else {
                t->state = S_AFTER_ATTR_NAME;
                i--;
            }
            break;

        case S_AFTER_ATTR_NAME:
            if (art_is_space(c)) {
                break;
            }

            if (c == '/') {
                t->state = S_SELF_CLOSING;

            } else if (c == '=') {
                t->state = S_BEFORE_ATTR_VALUE;

            } else if (c == '>') {
                art_tag_end(&f, i + 1);

            } else {
                art_attr_begin(&f, i);
                t->state = S_ATTR_NAME;
                i--;
            }
            break;

        case S_BEFORE_ATTR_VALUE:
            if (art_is_space(c)) {
                break;
            }

            if (c == '"' || c == '\'') {
                if (t->attr) {
                    t->attr->has_value = 1;
                    t->attr->quote = c;
                    t->attr->value.off = art_off(&f, i + 1);
                }

                t->state = c == '"' ? S_ATTR_VALUE_DQ : S_ATTR_VALUE_SQ;

            } else if (c == '>') {
                if (t->attr) {
                    /* an empty value, where it would have begun */
                    t->attr->has_value = 1;
                    t->attr->value.off = art_off(&f, i);
                }

                art_tag_end(&f, i + 1);

            } else {
                if (t->attr) {
                    t->attr->has_value = 1;
                    t->attr->value.off = art_off(&f, i);
                }

                t->state = S_ATTR_VALUE_UNQ;
                i--;
            }
            break;

        case S_ATTR_VALUE_DQ:
        case S_ATTR_VALUE_SQ:
            q = memchr(p + i, t->state == S_ATTR_VALUE_DQ ? '"' : '\'',
                       n - i);
            if (q == NULL) {
                if (t->attr) {
                    t->attr->value.len += (unsigned int) (n - i);
                }

                i = n - 1;
                break;
            }

            if (t->attr) {
                t->attr->value.len += (unsigned int) (q - (p + i));
            }

            i = (size_t) (q - p);
            t->state = S_AFTER_ATTR_VALUE_QUOTED;
            break;

        case S_ATTR_VALUE_UNQ:
            q = p + i;
            while (q < p + n && !art_is_space(*q) && *q != '>') {
                q++;
            }

            if (t->attr) {
                t->attr->value.len += (unsigned int) (q - (p + i));
            }

            if (q == p + n) {
                i = n - 1;
                break;
            }

            i = (size_t) (q - p);

            if (*q == '>') {
                art_tag_end(&f, i + 1);
            } else {
                t->state = S_BEFORE_ATTR_NAME;
            }
            break;

        case S_AFTER_ATTR_VALUE_QUOTED:
            if (art_is_space(c)) {
                t->state = S_BEFORE_ATTR_NAME;
            } else if (c == '/') {
                t->state = S_SELF_CLOSING;
            } else if (c == '>') {
                art_tag_end(&f, i + 1);
            } else {
                t->state = S_BEFORE_ATTR_NAME;
                i--;
            }
            break;

        case S_SELF_CLOSING:
            if (c == '>') {
                t->tok.self_closing = 1;
                art_tag_end(&f, i + 1);

            } else {
                t->state = S_BEFORE_ATTR_NAME;
                i--;
            }
            break;

        /* comments */

        case S_MARKUP_DECL:
            if (t->kw == NULL) {
                if (c == '-') {
                    t->kw = "--";
                } else if (c == 'D' || c == 'd') {
                    t->kw = art_kw_doctype;
                } else if (c == '[' && t->foreign) {
                    t->kw = art_kw_cdata;
                } else {
                    art_comment_begin(&f, i, S_BOGUS_COMMENT);
                    i--;
                    break;
                }

                t->kw_pos = 1;
                break;
            }

            if ((t->kw == art_kw_doctype && art_lower(c) == (unsigned char)
                 t->kw[t->kw_pos])
                || (t->kw != art_kw_doctype && c == (unsigned char)
                    t->kw[t->kw_pos]))
            {
                t->kw_pos++;

                if (t->kw[t->kw_pos] != '\0') {
                    break;
                }

                kw = t->kw;
                t->kw = NULL;

                if (kw == art_kw_doctype) {
                    t->tok.type = ART_TOK_DOCTYPE;
                    t->state = S_DOCTYPE;

                } else if (kw == art_kw_cdata) {
                    t->tok.type = ART_TOK_CDATA;
                    t->tok.data.off = art_off(&f, i + 1);
                    t->state = S_CDATA;

                } else {
                    art_comment_begin(&f, i + 1, S_COMMENT_START);
                }
                break;
            }

            /* not a keyword after all: a bogus comment from after "<!" */
            t->kw = NULL;
            t->tok.type = ART_TOK_COMMENT;
            t->tok.data.off = 2;
            t->dash_pos = 2;
            t->state = S_BOGUS_COMMENT;
            i--;
            break;

        case S_BOGUS_COMMENT:
            q = memchr(p + i, '>', n - i);
            if (q == NULL) {
                i = n - 1;
                break;
            }

            i = (size_t) (q - p);
            art_comment_emit(&f, i + 1, art_off(&f, i));
            break;

        case S_COMMENT_START:
            if (c == '-') {
                t->state = S_COMMENT_START_DASH;
            } else if (c == '>') {
                art_comment_emit(&f, i + 1, t->tok.data.off);
            } else {
                t->state = S_COMMENT;
                i--;
            }
            break;

        case S_COMMENT_START_DASH:
            if (c == '-') {
                t->dash_pos = t->tok.data.off;
                t->state = S_COMMENT_END;
            } else if (c == '>') {
                art_comment_emit(&f, i + 1, t->tok.data.off);
            } else {
                t->state = S_COMMENT;
                i--;
            }
            break;

        case S_COMMENT:
            q = memchr(p + i, '-', n - i);
            if (q == NULL) {
                i = n - 1;
                break;
            }

            i = (size_t) (q - p);
            t->dash_pos = art_off(&f, i);
            t->state = S_COMMENT_END_DASH;
            break;

        case S_COMMENT_END_DASH:
            if (c == '-') {
                t->state = S_COMMENT_END;
            } else {
                t->state = S_COMMENT;
                i--;
            }
            break;

        case S_COMMENT_END:
            if (c == '>') {
                art_comment_emit(&f, i + 1, t->dash_pos);
            } else if (c == '!') {
                t->state = S_COMMENT_END_BANG;
            } else if (c == '-') {
                t->dash_pos++;
            } else {
                t->state = S_COMMENT;
                i--;
            }
            break;

        case S_COMMENT_END_BANG:
            if (c == '-') {
                t->dash_pos = art_off(&f, i);
                t->state = S_COMMENT_END_DASH;
            } else if (c == '>') {
                art_comment_emit(&f, i + 1, t->dash_pos);
            } else {
                t->state = S_COMMENT;
                i--;
            }
            break;

        /* CDATA sections (foreign content) */

        case S_CDATA:
            q = memchr(p + i, ']', n - i);
            if (q == NULL) {
                i = n - 1;
                break;
            }

            i = (size_t) (q - p);
            t->dash_pos = art_off(&f, i);
            t->state = S_CDATA_BRACKET;
            break;

        case S_CDATA_BRACKET:
            if (c == ']') {
                t->state = S_CDATA_END;
            } else {
                t->state = S_CDATA;
                i--;
            }
            break;

        case S_CDATA_END:
            if (c == ']') {
                t->dash_pos++;
            } else if (c == '>') {
                t->tok.data.len = t->dash_pos - t->tok.data.off;
                t->state = S_DATA;
                art_token_emit(&f, i + 1);
            } else {
                t->state = S_CDATA;
                i--;
            }
            break;

        /* DOCTYPE */

        case S_DOCTYPE:
            if (art_is_space(c)) {
                t->state = S_BEFORE_DOCTYPE_NAME;
            } else {
                t->state = S_BEFORE_DOCTYPE_NAME;
                i--;
            }
            break;

        case S_BEFORE_DOCTYPE_NAME:
            if (art_is_space(c)) {
                break;
            }

            if (c == '>') {
                art_doctype_emit(&f, i + 1, 1);
                break;
            }

            t->tok.has_name = 1;
            t->tok.name.off = art_off(&f, i);
            t->tok.name.len = 0;
            t->state = S_DOCTYPE_NAME;
            i--;
            break;

        case S_DOCTYPE_NAME:
            if (art_is_space(c)) {
                t->state = S_AFTER_DOCTYPE_NAME;
            } else if (c == '>') {
                art_doctype_emit(&f, i + 1, 0);
            } else {
                t->tok.name.len++;
            }
            break;

        case S_AFTER_DOCTYPE_NAME:
            if (t->kw != NULL) {
                if (art_lower(c) == (unsigned char) t->kw[t->kw_pos]) {
                    t->kw_pos++;

                    if (t->kw[t->kw_pos] == '\0') {
                        t->state = t->kw == art_kw_public
                                   ? S_AFTER_DOCTYPE_PUBLIC_KW
                                   : S_AFTER_DOCTYPE_SYSTEM_KW;
                        t->kw = NULL;
                    }
                    break;
                }

                t->kw = NULL;
                art_doctype_bogus(t);
                i--;
                break;
            }

            if (art_is_space(c)) {
                break;
            }

            if (c == '>') {
                art_doctype_emit(&f, i + 1, 0);

            } else if (c == 'p' || c == 'P') {
                t->kw = art_kw_public;
                t->kw_pos = 1;

            } else if (c == 's' || c == 'S') {
                t->kw = art_kw_system;
                t->kw_pos = 1;

            } else {
                art_doctype_bogus(t);
            }
            break;

        case S_AFTER_DOCTYPE_PUBLIC_KW:
        case S_BEFORE_DOCTYPE_PUBLIC_ID:
            if (art_is_space(c)) {
                t->state = S_BEFORE_DOCTYPE_PUBLIC_ID;

            } else if (c == '"' || c == '\'') {
                art_doctype_id_open(&f, i, c, 0);

            } else if (c == '>') {
                art_doctype_emit(&f, i + 1, 1);

            } else {
                art_doctype_bogus(t);
            }
            break;

        case S_DOCTYPE_PUBLIC_ID_DQ:
        case S_DOCTYPE_PUBLIC_ID_SQ:
            if (c == (t->state == S_DOCTYPE_PUBLIC_ID_DQ ? '"' : '\'')) {
                t->state = S_AFTER_DOCTYPE_PUBLIC_ID;
            } else if (c == '>') {
                art_doctype_emit(&f, i + 1, 1);
            } else {
                t->tok.public_id.len++;
            }
            break;

        case S_AFTER_DOCTYPE_PUBLIC_ID:
        case S_BETWEEN_DOCTYPE_IDS:
            if (art_is_space(c)) {
                t->state = S_BETWEEN_DOCTYPE_IDS;

            } else if (c == '>') {
                art_doctype_emit(&f, i + 1, 0);

            } else if (c == '"' || c == '\'') {
                art_doctype_id_open(&f, i, c, 1);

            } else {
                art_doctype_bogus(t);
            }
            break;

        case S_AFTER_DOCTYPE_SYSTEM_KW:
        case S_BEFORE_DOCTYPE_SYSTEM_ID:
            if (art_is_space(c)) {
                t->state = S_BEFORE_DOCTYPE_SYSTEM_ID;

            } else if (c == '"' || c == '\'') {
                art_doctype_id_open(&f, i, c, 1);

            } else if (c == '>') {
                art_doctype_emit(&f, i + 1, 1);

            } else {
                art_doctype_bogus(t);
            }
            break;

        case S_DOCTYPE_SYSTEM_ID_DQ:
        case S_DOCTYPE_SYSTEM_ID_SQ:
            if (c == (t->state == S_DOCTYPE_SYSTEM_ID_DQ ? '"' : '\'')) {
                t->state = S_AFTER_DOCTYPE_SYSTEM_ID;
            } else if (c == '>') {
                art_doctype_emit(&f, i + 1, 1);
            } else {
                t->tok.system_id.len++;
            }
            break;

        case S_AFTER_DOCTYPE_SYSTEM_ID:
            if (art_is_space(c)) {
                break;
            }

            if (c == '>') {
                art_doctype_emit(&f, i + 1, 0);
            } else {
                t->state = S_BOGUS_DOCTYPE;
            }
            break;

        case S_BOGUS_DOCTYPE:
            if (c == '>') {
                art_doctype_emit(&f, i + 1, 0);
            }
            break;
        }
    }

    if (f.rc != 0) {
        return f.rc;
    }

    /* the end of the chunk */

    if (t->state < ART_FIRST_CANDIDATE) {
        art_flush_text(&f, n);
        return f.rc;
    }

    /*
     * The cap: a token that would be carried past it passes through as
     * opaque bytes instead, so that the carry never holds more than
     * max_token.  (A token inside one chunk is checked when it ends.)
     */
    if (!t->overflow
        && (f.tok_start >= 0 ? n - (size_t) f.tok_start
                             : t->carry.len + n) > t->max_token)
    {
        if (f.tok_start >= 0) {
            art_flush_text(&f, (size_t) f.tok_start);
            art_emit_piece(&f, p + f.tok_start, n - (size_t) f.tok_start, 1,
                           1, 0);

        } else {
            art_emit_piece(&f, t->carry.data, t->carry.len, 0, 1, 0);
            art_emit_piece(&f, p, n, 1, 0, 0);
        }

        t->carry.len = 0;
        t->overflow = 1;
        t->attr = NULL;

        return f.rc;
    }

    if (f.tok_start >= 0) {
        art_flush_text(&f, (size_t) f.tok_start);

        if (t->overflow) {
            art_emit_piece(&f, p + f.tok_start, n - (size_t) f.tok_start, 1,
                           0, 0);
            return f.rc;
        }

        if (art_buf_append(&t->carry, p + f.tok_start,
                           n - (size_t) f.tok_start) != 0)
        {
            return -1;
        }

    } else {
        art_flush_text(&f, 0);

        if (t->overflow) {
            art_emit_piece(&f, p, n, 1, 0, 0);
            return f.rc;
        }

        if (art_buf_append(&t->carry, p, n) != 0) {
            return -1;
        }
    }

    if (t->carry.len > t->peak_carry) {
        t->peak_carry = t->carry.len;
    }

    return f.rc;
}


int
art_tokenizer_finish(art_tokenizer_t *t)
{
    art_feed_t  f;

    f.t = t;
    f.p = (const unsigned char *) "";
    f.n = 0;
    f.rc = 0;
    f.tok_start = -(ptrdiff_t) t->carry.len;
    f.text_start = -1;

    if (t->state < ART_FIRST_CANDIDATE) {
        return 0;
    }

    if (t->overflow) {
        art_token_done(&f, 0);
        t->state = S_DATA;
        return 0;
    }

    switch (t->state) {

    case S_RCDATA_LT:
    case S_RCDATA_END_OPEN:
    case S_RCDATA_END_NAME:
    case S_RAWTEXT_LT:
    case S_RAWTEXT_END_OPEN:
    case S_RAWTEXT_END_NAME:
    case S_SCRIPT_LT:
    case S_SCRIPT_END_OPEN:
    case S_SCRIPT_END_NAME:
    case S_SCRIPT_ESC_LT:
    case S_SCRIPT_ESC_END_OPEN:
    case S_SCRIPT_ESC_END_NAME:
    case S_TAG_OPEN:
    case S_END_TAG_OPEN:
        art_candidate_to_text(&f, 0);
        break;

    case S_TAG_NAME:
    case S_BEFORE_ATTR_NAME:
    case S_ATTR_NAME:
    case S_AFTER_ATTR_NAME:
    case S_BEFORE_ATTR_VALUE:
    case S_ATTR_VALUE_DQ:
    case S_ATTR_VALUE_SQ:
    case S_ATTR_VALUE_UNQ:
    case S_AFTER_ATTR_VALUE_QUOTED:
    case S_SELF_CLOSING:
        /* end of file in a tag: the tag is dropped, its bytes are not */
        art_token_opaque(&f, 0);
        break;

    case S_MARKUP_DECL:
        art_comment_begin(&f, 0, S_BOGUS_COMMENT);
        t->tok.data.off = 2;
        art_comment_emit(&f, 0, (unsigned int) t->carry.len);
        break;

    case S_BOGUS_COMMENT:
    case S_COMMENT_START:
    case S_COMMENT:
        art_comment_emit(&f, 0, (unsigned int) t->carry.len);
        break;

    case S_COMMENT_START_DASH:
        art_comment_emit(&f, 0, t->tok.data.off);
        break;

    case S_COMMENT_END_DASH:
    case S_COMMENT_END:
    case S_COMMENT_END_BANG:
        art_comment_emit(&f, 0, t->dash_pos);
        break;

    case S_CDATA:
        t->tok.data.len = (unsigned int) t->carry.len - t->tok.data.off;
        art_token_emit(&f, 0);
        break;

    case S_CDATA_BRACKET:
    case S_CDATA_END:
        t->tok.data.len = (unsigned int) t->carry.len - t->tok.data.off;
        art_token_emit(&f, 0);
        break;

    case S_BOGUS_DOCTYPE:
        art_doctype_emit(&f, 0, 0);
        break;

    case S_AFTER_DOCTYPE_NAME:
        if (t->kw != NULL) {
            t->kw = NULL;
        }
        art_doctype_emit(&f, 0, 1);
        break;

    default:
        /* every other DOCTYPE state */
        if (t->state == S_DOCTYPE_NAME) {
            t->tok.name.len = (unsigned int) t->carry.len - t->tok.name.off;
        }
        art_doctype_emit(&f, 0, 1);
        break;
    }

    t->state = S_DATA;

    return f.rc;
}


int
art_span_eq(const unsigned char *raw, art_span_t s, const char *lit)
{
    size_t  i;

    for (i = 0; i < s.len; i++) {
        if (lit[i] == '\0' || art_lower(raw[s.off + i]) != (unsigned char) lit[i])
        {
            return 0;
        }
    }

    return lit[i] == '\0';
}
