/*
 * The token dump in the html5lib-tests format.  The tokenizer leaves
 * tokens raw; this applies what the HTML5 tokenizer does to characters on
 * top of that, so that the output can be compared with the test suite:
 * text runs are joined before decoding because a character reference or a
 * CR LF pair may straddle two text pieces.
 */

#include <string.h>

#include "art_tokdump.h"


#define ART_DUMP_LOWER     1    /* ASCII upper case to lower case */
#define ART_DUMP_NEWLINES  2    /* CR LF and CR to LF */


typedef struct {
    art_buf_t         *out;
    art_buf_t          text;        /* raw text of the run in progress */
    art_text_state_e   text_state;
    int                in_text;
    art_buf_t          chars;       /* decoded characters not written yet */
    art_buf_t          tmp;
    size_t             ntokens;
} art_dump_t;


static const char  art_dump_hex[] = "0123456789abcdef";


/*
 * The length of the UTF-8 sequence at p, with *valid set; an invalid one
 * is the longest prefix of a sequence (at least one byte) and stands for
 * one U+FFFD, as the WHATWG UTF-8 decoder has it.
 */
static size_t
art_dump_utf8_seq(const unsigned char *p, size_t n, int *valid)
{
    unsigned char  c, lo, hi;
    size_t         need, k;

    c = p[0];
    *valid = 0;

    if (c < 0x80) {
        *valid = 1;
        return 1;
    }

    lo = 0x80;
    hi = 0xbf;

    if (c >= 0xc2 && c <= 0xdf) {
        need = 1;

    } else if (c >= 0xe0 && c <= 0xef) {
        need = 2;

        if (c == 0xe0) {
            lo = 0xa0;
        } else if (c == 0xed) {
            hi = 0x9f;
        }

    } else if (c >= 0xf0 && c <= 0xf4) {
        need = 3;

        if (c == 0xf0) {
            lo = 0x90;
        } else if (c == 0xf4) {
            hi = 0x8f;
        }

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

    *valid = 1;

    return need + 1;
}


/* a JSON string; invalid UTF-8 becomes U+FFFD so that the JSON is valid */
static int
art_dump_string(art_buf_t *out, const unsigned char *p, size_t n)
{
    size_t         i, len;
    unsigned char  c;
    int            valid;
    char           esc[6];

    art_buf_append_byte(out, '"');

    i = 0;

    while (i < n) {
        c = p[i];

        if (c >= 0x80) {
            len = art_dump_utf8_seq(p + i, n - i, &valid);

            if (valid) {
                art_buf_append(out, p + i, len);
            } else {
                art_buf_append(out, "\xef\xbf\xbd", 3);
            }

            i += len;
            continue;
        }

        switch (c) {
        case '"':
            art_buf_append(out, "\\\"", 2);
            break;
        case '\\':
            art_buf_append(out, "\\\\", 2);
            break;
        case '\n':
            art_buf_append(out, "\\n", 2);
            break;
        case '\r':
            art_buf_append(out, "\\r", 2);
            break;
        case '\t':
            art_buf_append(out, "\\t", 2);
            break;
        case '\b':
            art_buf_append(out, "\\b", 2);
            break;
        case '\f':
            art_buf_append(out, "\\f", 2);
            break;
        default:
            if (c < 0x20 || c == 0x7f) {
                esc[0] = '\\';
                esc[1] = 'u';
                esc[2] = '0';
                esc[3] = '0';
                esc[4] = art_dump_hex[c >> 4];
                esc[5] = art_dump_hex[c & 0xf];
                art_buf_append(out, esc, 6);

            } else {
                art_buf_append_byte(out, c);
            }
        }

        i++;
    }

    return art_buf_append_byte(out, '"');
}


/*
 * A name, comment or identifier as the tokenizer emits it: NUL is U+FFFD,
 * and what the flags say.
 */
static int
art_dump_chars(art_dump_t *d, const unsigned char *p, size_t n, int flags)
{
    size_t         i;
    unsigned char  c;

    d->tmp.len = 0;

    for (i = 0; i < n; i++) {
        c = p[i];

        if (c == '\0') {
            art_buf_append(&d->tmp, "\xef\xbf\xbd", 3);

        } else if (c == '\r' && (flags & ART_DUMP_NEWLINES)) {
            art_buf_append_byte(&d->tmp, '\n');

            if (i + 1 < n && p[i + 1] == '\n') {
                i++;
            }

        } else if (c >= 'A' && c <= 'Z' && (flags & ART_DUMP_LOWER)) {
            art_buf_append_byte(&d->tmp, (unsigned char) (c | 0x20));

        } else {
            art_buf_append_byte(&d->tmp, c);
        }
    }

    return art_dump_string(d->out, d->tmp.data, d->tmp.len);
}


static void
art_dump_open(art_dump_t *d, const char *type)
{
    if (d->ntokens++ > 0) {
        art_buf_append_byte(d->out, ',');
    }

    art_buf_append_str(d->out, "[\"");
    art_buf_append_str(d->out, type);
    art_buf_append_str(d->out, "\",");
}


/* the raw text run in progress becomes characters */
static int
art_dump_flush_text(art_dump_t *d)
{
    int  rc;

    if (!d->in_text) {
        return 0;
    }

    rc = art_decode_text(&d->chars, d->text.data, d->text.len,
                         d->text_state, NULL);
    d->text.len = 0;
    d->in_text = 0;

    return rc;
}


static int
art_dump_flush_chars(art_dump_t *d)
{
    if (d->chars.len == 0) {
        return 0;
    }

    art_dump_open(d, "Character");
    art_dump_string(d->out, d->chars.data, d->chars.len);
    d->chars.len = 0;

    return art_buf_append_byte(d->out, ']');
}


static void
art_dump_tag(art_dump_t *d, art_token_t *tok)
{
    size_t       i, n;
    art_attr_t  *attr;

    if (tok->type == ART_TOK_END_TAG) {
        art_dump_open(d, "EndTag");
        art_dump_chars(d, tok->raw + tok->name.off, tok->name.len,
                       ART_DUMP_LOWER);
        art_buf_append_byte(d->out, ']');
        return;
    }

    art_dump_open(d, "StartTag");
    art_dump_chars(d, tok->raw + tok->name.off, tok->name.len,
                   ART_DUMP_LOWER);
    art_buf_append_str(d->out, ",{");

    n = 0;

    for (i = 0; i < tok->nattrs; i++) {
        attr = &tok->attrs[i];

        /* the HTML5 tokenizer drops a repeated attribute */
        if (attr->duplicate) {
            continue;
        }

        if (n++ > 0) {
            art_buf_append_byte(d->out, ',');
        }

        art_dump_chars(d, tok->raw + attr->name.off, attr->name.len,
                       ART_DUMP_LOWER);
        art_buf_append_byte(d->out, ':');

        d->tmp.len = 0;
        art_decode_attr(&d->tmp, tok->raw + attr->value.off,
                        attr->has_value ? attr->value.len : 0);
        art_dump_string(d->out, d->tmp.data, d->tmp.len);
    }

    art_buf_append_byte(d->out, '}');

    if (tok->self_closing) {
        art_buf_append_str(d->out, ",true");
    }

    art_buf_append_byte(d->out, ']');
}


static void
art_dump_doctype(art_dump_t *d, art_token_t *tok)
{
    art_dump_open(d, "DOCTYPE");

    if (tok->has_name) {
        art_dump_chars(d, tok->raw + tok->name.off, tok->name.len,
                       ART_DUMP_LOWER | ART_DUMP_NEWLINES);
    } else {
        art_buf_append_str(d->out, "null");
    }

    art_buf_append_byte(d->out, ',');

    if (tok->has_public_id) {
        art_dump_chars(d, tok->raw + tok->public_id.off, tok->public_id.len,
                       ART_DUMP_NEWLINES);
    } else {
        art_buf_append_str(d->out, "null");
    }

    art_buf_append_byte(d->out, ',');

    if (tok->has_system_id) {
        art_dump_chars(d, tok->raw + tok->system_id.off, tok->system_id.len,
                       ART_DUMP_NEWLINES);
    } else {
        art_buf_append_str(d->out, "null");
    }

    art_buf_append_str(d->out, tok->force_quirks ? ",false]" : ",true]");
}


static int
art_dump_token(void *ud, art_token_t *tok)
{
    art_dump_t  *d = ud;

    switch (tok->type) {

    case ART_TOK_TEXT:
        if (d->in_text && d->text_state != tok->text_state) {
            art_dump_flush_text(d);
        }

        d->in_text = 1;
        d->text_state = tok->text_state;
        art_buf_append(&d->text, tok->raw, tok->raw_len);
        break;

    case ART_TOK_CDATA:
        art_dump_flush_text(d);
        art_decode_text(&d->chars, tok->raw + tok->data.off, tok->data.len,
                        ART_STATE_CDATA_SECTION, NULL);
        break;

    case ART_TOK_START_TAG:
    case ART_TOK_END_TAG:
    case ART_TOK_COMMENT:
    case ART_TOK_DOCTYPE:
        art_dump_flush_text(d);
        art_dump_flush_chars(d);

        if (tok->type == ART_TOK_COMMENT) {
            art_dump_open(d, "Comment");
            art_dump_chars(d, tok->raw + tok->data.off, tok->data.len,
                           ART_DUMP_NEWLINES);
            art_buf_append_byte(d->out, ']');

        } else if (tok->type == ART_TOK_DOCTYPE) {
            art_dump_doctype(d, tok);

        } else {
            art_dump_tag(d, tok);
        }

        break;

    default:
        /*
         * Opaque bytes make no token; they still end a text run, since a
         * reference cannot reach across them.
         */
        art_dump_flush_text(d);
        break;
    }

    if (d->out->failed || d->text.failed || d->chars.failed
        || d->tmp.failed)
    {
        return -1;
    }

    return 0;
}


int
art_tokens_dump_json(art_buf_t *out, const art_allocator_t *a,
    const unsigned char *in, size_t n, art_text_state_e initial_state,
    const char *last_start_tag, size_t chunk_size)
{
    size_t            start, off, len;
    int               rc;
    art_dump_t        d;
    art_tokenizer_t  *t;

    memset(&d, 0, sizeof(art_dump_t));
    d.out = out;
    art_buf_init(&d.text, a);
    art_buf_init(&d.chars, a);
    art_buf_init(&d.tmp, a);

    start = out->len;
    rc = -1;

    t = art_tokenizer_create(a, NULL, art_dump_token, &d);
    if (t == NULL) {
        goto done;
    }

    art_tokenizer_set_state(t, initial_state, last_start_tag);

    if (chunk_size == 0) {
        chunk_size = n;
    }

    art_buf_append_byte(out, '[');
    rc = 0;

    for (off = 0; off < n && rc == 0; off += len) {
        len = n - off < chunk_size ? n - off : chunk_size;
        rc = art_tokenizer_feed(t, in + off, len);
    }

    if (rc == 0) {
        rc = art_tokenizer_finish(t);
    }

    if (rc == 0) {
        art_dump_flush_text(&d);
        art_dump_flush_chars(&d);
        art_buf_append_byte(out, ']');
    }

    art_tokenizer_destroy(t);

done:

    if (rc == 0 && (out->failed || d.chars.failed || d.text.failed)) {
        rc = -1;
    }

    art_buf_free(&d.text);
    art_buf_free(&d.chars);
    art_buf_free(&d.tmp);

    if (rc != 0) {
        /* no half array: what was appended goes */
        if (out->len > start) {
            out->len = start;
        }

        return -1;
    }

    return 0;
}
