#include <string.h>

#include "art_escape.h"


static const char  art_hex[] = "0123456789ABCDEF";


/*
 * What each byte needs, so that the scans below are one load per byte:
 * ART_ESC_COMPONENT for all but the unreserved bytes (A-Z a-z 0-9 - . _ ~),
 * ART_ESC_URL for what may not appear in a URL (controls, space, non-ASCII,
 * " < > \ ^ ` { | }), ART_ESC_TEXT for & < > and ART_ESC_ATTR for & < > " '.
 */
#define ART_ESC_COMPONENT  0x01
#define ART_ESC_URL        0x02
#define ART_ESC_TEXT       0x04
#define ART_ESC_ATTR       0x08

#define C_  ART_ESC_COMPONENT
#define U_  (ART_ESC_COMPONENT | ART_ESC_URL)
#define Q_  (ART_ESC_COMPONENT | ART_ESC_URL | ART_ESC_ATTR)
#define A_  (ART_ESC_COMPONENT | ART_ESC_ATTR)
#define H_  (ART_ESC_COMPONENT | ART_ESC_TEXT | ART_ESC_ATTR)
#define L_  (ART_ESC_COMPONENT | ART_ESC_URL | ART_ESC_TEXT | ART_ESC_ATTR)

static const unsigned char  art_esc_class[256] = {
    U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_,
    U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_,
    /*   !   "   #   $   %   &   '   (   )   *   +   ,   -   .   /  */
    U_, C_, Q_, C_, C_, C_, H_, A_, C_, C_, C_, C_, C_, 0,  0,  C_,
    /* 0 ... 9                       :   ;   <   =   >   ?  */
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  C_, C_, L_, C_, L_, C_,
    /* @   A ... O */
    C_, 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    /* P ... Z                               [   \   ]   ^   _  */
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  C_, U_, C_, U_, 0,
    /* `   a ... o */
    U_, 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    /* p ... z                               {   |   }   ~   DEL */
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  U_, U_, U_, 0,  U_,
    U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_,
    U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_,
    U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_,
    U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_,
    U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_,
    U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_,
    U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_,
    U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_
};

#undef C_
#undef U_
#undef Q_
#undef A_
#undef H_
#undef L_


/* the character reference of one of & < > " ' */
static const char *
art_html_ref(unsigned char c, size_t *len)
{
    switch (c) {
    case '&': *len = 5; return "&amp;";
    case '<': *len = 4; return "&lt;";
    case '>': *len = 4; return "&gt;";
    case '"': *len = 6; return "&quot;";
    default: *len = 5; return "&#39;";
    }
}


/*
 * The bytes of class mask become character references.  The first pass
 * measures, so that a value with nothing to escape is one copy and any
 * other value one reservation.
 */
static int
art_escape_html(art_buf_t *b, const unsigned char *p, size_t n,
    unsigned mask)
{
    size_t          i, start, extra, len;
    const char     *ref;
    unsigned char  *d;

    if (n == 0) {
        /* p may be NULL: an empty value has no storage */
        return b->failed ? -1 : 0;
    }

    extra = 0;

    for (i = 0; i < n; i++) {
        if (art_esc_class[p[i]] & mask) {
            (void) art_html_ref(p[i], &len);
            extra += len - 1;
        }
    }

    if (extra == 0) {
        return art_buf_append(b, p, n);
    }

    /* extra is at most 5 n: n + extra cannot wrap when n is below this */
    if (n > (size_t) -1 / 8) {
        b->failed = 1;
        return -1;
    }

    if (art_buf_reserve(b, n + extra) != 0) {
        return -1;
    }

    d = b->data + b->len;
    start = 0;

    for (i = 0; i < n; i++) {
        if (!(art_esc_class[p[i]] & mask)) {
            continue;
        }

        memcpy(d, p + start, i - start);
        d += i - start;

        ref = art_html_ref(p[i], &len);
        memcpy(d, ref, len);
        d += len;

        start = i + 1;
    }

    memcpy(d, p + start, n - start);
    d += n - start;

    b->len = (size_t) (d - b->data);

    return 0;
}


int
art_escape_html_text(art_buf_t *b, const unsigned char *p, size_t n)
{
    return art_escape_html(b, p, n, ART_ESC_TEXT);
}


int
art_escape_html_attr(art_buf_t *b, const unsigned char *p, size_t n)
{
    return art_escape_html(b, p, n, ART_ESC_ATTR);
}


/* the bytes of class mask become %XX, counted first as above */
static int
art_escape_pct(art_buf_t *b, const unsigned char *p, size_t n, unsigned mask)
{
    size_t          i, count;
    unsigned char   c, *d;

    if (n == 0) {
        /* p may be NULL: an empty value has no storage */
        return b->failed ? -1 : 0;
    }

    count = 0;

    for (i = 0; i < n; i++) {
        count += (art_esc_class[p[i]] & mask) != 0;
    }

    if (count == 0) {
        return art_buf_append(b, p, n);
    }

    /* count is at most n: n + 2 count cannot wrap when n is below this */
    if (n > (size_t) -1 / 4) {
        b->failed = 1;
        return -1;
    }

    if (art_buf_reserve(b, n + 2 * count) != 0) {
        return -1;
    }

    d = b->data + b->len;

    for (i = 0; i < n; i++) {
        c = p[i];

        if (art_esc_class[c] & mask) {
            d[0] = '%';
            d[1] = (unsigned char) art_hex[c >> 4];
            d[2] = (unsigned char) art_hex[c & 0xf];
            d += 3;

        } else {
            *d++ = c;
        }
    }

    b->len = (size_t) (d - b->data);

    return 0;
}


int
art_escape_url_component(art_buf_t *b, const unsigned char *p, size_t n)
{
    return art_escape_pct(b, p, n, ART_ESC_COMPONENT);
}


int
art_escape_url(art_buf_t *b, const unsigned char *p, size_t n)
{
    return art_escape_pct(b, p, n, ART_ESC_URL);
}


int
art_escape_json(art_buf_t *b, const unsigned char *p, size_t n)
{
    size_t  i, start;
    char    u[7];

    if (n == 0) {
        return b->failed ? -1 : 0;
    }

    start = 0;

    for (i = 0; i < n; i++) {
        unsigned char  c = p[i];
        const char    *rep = NULL;
        size_t         skip = 1;

        switch (c) {
        case '"': rep = "\\\""; break;
        case '\\': rep = "\\\\"; break;
        case '\n': rep = "\\n"; break;
        case '\r': rep = "\\r"; break;
        case '\t': rep = "\\t"; break;
        case '<': rep = "\\u003c"; break;
        case '>': rep = "\\u003e"; break;
        case '&': rep = "\\u0026"; break;

        case 0xe2:
            /* U+2028 and U+2029 end a line in older JavaScript parsers */
            if (i + 2 < n && p[i + 1] == 0x80
                && (p[i + 2] == 0xa8 || p[i + 2] == 0xa9))
            {
                rep = p[i + 2] == 0xa8 ? "\\u2028" : "\\u2029";
                skip = 3;
            }
            break;

        default:
            if (c < 0x20 || c == 0x7f) {
                u[0] = '\\'; u[1] = 'u'; u[2] = '0'; u[3] = '0';
                u[4] = art_hex[c >> 4];
                u[5] = art_hex[c & 0xf];
                u[6] = '\0';
                rep = u;
            }
        }

        if (rep == NULL) {
            continue;
        }

        art_buf_append(b, p + start, i - start);
        art_buf_append_str(b, rep);
        i += skip - 1;
        start = i + 1;
    }

    return art_buf_append(b, p + start, n - start);
}
