#include <string.h>

#include "art_escape.h"


static const char  art_hex[] = "0123456789ABCDEF";


int
art_escape_html_text(art_buf_t *b, const unsigned char *p, size_t n)
{
    size_t  i, start;

    if (n == 0) {
        /* p may be NULL: an empty value has no storage */
        return b->failed ? -1 : 0;
    }

    start = 0;

    for (i = 0; i < n; i++) {
        const char  *rep;

        switch (p[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        default: continue;
        }

        art_buf_append(b, p + start, i - start);
        art_buf_append_str(b, rep);
        start = i + 1;
    }

    return art_buf_append(b, p + start, n - start);
}


int
art_escape_html_attr(art_buf_t *b, const unsigned char *p, size_t n)
{
    size_t  i, start;

    if (n == 0) {
        /* p may be NULL: an empty value has no storage */
        return b->failed ? -1 : 0;
    }

    start = 0;

    for (i = 0; i < n; i++) {
        const char  *rep;

        switch (p[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }

        art_buf_append(b, p + start, i - start);
        art_buf_append_str(b, rep);
        start = i + 1;
    }

    return art_buf_append(b, p + start, n - start);
}


static int
art_is_unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
           || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'
           || c == '~';
}


static int
art_append_pct(art_buf_t *b, unsigned char c)
{
    unsigned char  e[3];

    e[0] = '%';
    e[1] = (unsigned char) art_hex[c >> 4];
    e[2] = (unsigned char) art_hex[c & 0xf];

    return art_buf_append(b, e, 3);
}


int
art_escape_url_component(art_buf_t *b, const unsigned char *p, size_t n)
{
    size_t  i, start;

    if (n == 0) {
        /* p may be NULL: an empty value has no storage */
        return b->failed ? -1 : 0;
    }

    start = 0;

    for (i = 0; i < n; i++) {
        if (art_is_unreserved(p[i])) {
            continue;
        }

        art_buf_append(b, p + start, i - start);
        art_append_pct(b, p[i]);
        start = i + 1;
    }

    return art_buf_append(b, p + start, n - start);
}


int
art_escape_url(art_buf_t *b, const unsigned char *p, size_t n)
{
    size_t  i, start;

    if (n == 0) {
        /* p may be NULL: an empty value has no storage */
        return b->failed ? -1 : 0;
    }

    start = 0;

    for (i = 0; i < n; i++) {
        unsigned char  c = p[i];

        if (c > 0x20 && c < 0x7f && strchr("\"<>\\^`{|}", c) == NULL) {
            continue;
        }

        art_buf_append(b, p + start, i - start);
        art_append_pct(b, c);
        start = i + 1;
    }

    return art_buf_append(b, p + start, n - start);
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
