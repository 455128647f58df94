#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "art_buf.h"


void
art_buf_init(art_buf_t *b, const art_allocator_t *a)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->alloc = a;
    b->failed = 0;
}


void
art_buf_free(art_buf_t *b)
{
    art_free(b->alloc, b->data);
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}


int
art_buf_reserve(art_buf_t *b, size_t extra)
{
    size_t          cap;
    unsigned char  *p;

    if (b->failed) {
        return -1;
    }

    if (b->cap - b->len >= extra) {
        return 0;
    }

    if (extra > (size_t) -1 / 2 - b->len) {
        b->failed = 1;
        return -1;
    }

    cap = b->cap ? b->cap : 64;
    while (cap - b->len < extra) {
        cap *= 2;
    }

    p = art_alloc(b->alloc, cap);
    if (p == NULL) {
        b->failed = 1;
        return -1;
    }

    if (b->len) {
        memcpy(p, b->data, b->len);
    }

    art_free(b->alloc, b->data);
    b->data = p;
    b->cap = cap;

    return 0;
}


int
art_buf_append(art_buf_t *b, const void *p, size_t n)
{
    if (n == 0) {
        return b->failed ? -1 : 0;
    }

    if (art_buf_reserve(b, n) != 0) {
        return -1;
    }

    memcpy(b->data + b->len, p, n);
    b->len += n;

    return 0;
}


int
art_buf_append_str(art_buf_t *b, const char *s)
{
    return art_buf_append(b, s, strlen(s));
}


int
art_buf_append_byte(art_buf_t *b, unsigned char c)
{
    if (art_buf_reserve(b, 1) != 0) {
        return -1;
    }

    b->data[b->len++] = c;

    return 0;
}


int
art_buf_printf(art_buf_t *b, const char *fmt, ...)
{
    int      n;
    va_list  ap;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);

    if (n < 0 || art_buf_reserve(b, (size_t) n + 1) != 0) {
        b->failed = 1;
        return -1;
    }

    va_start(ap, fmt);
    vsnprintf((char *) b->data + b->len, (size_t) n + 1, fmt, ap);
    va_end(ap);

    b->len += (size_t) n;

    return 0;
}


int
art_buf_append_utf8(art_buf_t *b, unsigned long cp)
{
    unsigned char  u[4];
    size_t         n;

    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        cp = 0xfffd;
    }

    if (cp < 0x80) {
        u[0] = (unsigned char) cp;
        n = 1;

    } else if (cp < 0x800) {
        u[0] = (unsigned char) (0xc0 | (cp >> 6));
        u[1] = (unsigned char) (0x80 | (cp & 0x3f));
        n = 2;

    } else if (cp < 0x10000) {
        u[0] = (unsigned char) (0xe0 | (cp >> 12));
        u[1] = (unsigned char) (0x80 | ((cp >> 6) & 0x3f));
        u[2] = (unsigned char) (0x80 | (cp & 0x3f));
        n = 3;

    } else {
        u[0] = (unsigned char) (0xf0 | (cp >> 18));
        u[1] = (unsigned char) (0x80 | ((cp >> 12) & 0x3f));
        u[2] = (unsigned char) (0x80 | ((cp >> 6) & 0x3f));
        u[3] = (unsigned char) (0x80 | (cp & 0x3f));
        n = 4;
    }

    return art_buf_append(b, u, n);
}
