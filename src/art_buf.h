/*
 * A growable byte buffer.  A failed allocation sets "failed" and turns
 * every later append into a no-op, so callers may check once at the end.
 */

#ifndef ART_BUF_H
#define ART_BUF_H

#include <stddef.h>

#include "art_alloc.h"


typedef struct {
    unsigned char          *data;
    size_t                  len;
    size_t                  cap;
    const art_allocator_t  *alloc;
    int                     failed;
} art_buf_t;


void art_buf_init(art_buf_t *b, const art_allocator_t *a);
void art_buf_free(art_buf_t *b);
/* 0 on success, -1 on allocation failure */
int art_buf_reserve(art_buf_t *b, size_t extra);
int art_buf_append(art_buf_t *b, const void *p, size_t n);
int art_buf_append_str(art_buf_t *b, const char *s);
int art_buf_append_byte(art_buf_t *b, unsigned char c);
int art_buf_printf(art_buf_t *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* append the UTF-8 encoding of a code point */
int art_buf_append_utf8(art_buf_t *b, unsigned long cp);


#endif /* ART_BUF_H */
