#include <stdlib.h>
#include <string.h>

#include "art_alloc.h"


static void *
art_malloc_alloc(void *ctx, size_t size)
{
    (void) ctx;
    return malloc(size ? size : 1);
}


static void
art_malloc_free(void *ctx, void *p)
{
    (void) ctx;
    free(p);
}


const art_allocator_t  art_malloc_allocator = {
    art_malloc_alloc, art_malloc_free, NULL
};


/* each block starts with the link to the next, aligned for anything */
typedef union art_arena_block_u  art_arena_block_t;

union art_arena_block_u {
    art_arena_block_t  *next;
    long double         align;
};


static void *
art_arena_alloc(void *ctx, size_t size)
{
    art_arena_t        *arena = ctx;
    art_arena_block_t  *b;

    b = malloc(sizeof(art_arena_block_t) + size);
    if (b == NULL) {
        return NULL;
    }

    b->next = arena->blocks;
    arena->blocks = b;

    return b + 1;
}


void
art_arena_init(art_arena_t *arena)
{
    arena->blocks = NULL;
    arena->alloc.alloc = art_arena_alloc;
    arena->alloc.free = NULL;
    arena->alloc.ctx = arena;
}


void
art_arena_empty(art_arena_t *arena)
{
    art_arena_block_t  *b;

    while (arena->blocks != NULL) {
        b = arena->blocks;
        arena->blocks = b->next;
        free(b);
    }
}


void *
art_alloc(const art_allocator_t *a, size_t size)
{
    return a->alloc(a->ctx, size);
}


void *
art_calloc(const art_allocator_t *a, size_t size)
{
    void  *p;

    p = a->alloc(a->ctx, size);
    if (p != NULL) {
        memset(p, 0, size);
    }

    return p;
}


void
art_free(const art_allocator_t *a, void *p)
{
    if (p != NULL && a->free != NULL) {
        a->free(a->ctx, p);
    }
}


char *
art_strndup(const art_allocator_t *a, const char *s, size_t len)
{
    char  *p;

    p = a->alloc(a->ctx, len + 1);
    if (p == NULL) {
        return NULL;
    }

    memcpy(p, s, len);
    p[len] = '\0';

    return p;
}


void *
art_grow(const art_allocator_t *a, void *p, size_t used, size_t *cap,
    size_t need, size_t size)
{
    size_t   ncap;
    void    *q;

    if (need <= *cap) {
        return p;
    }

    ncap = *cap ? *cap * 2 : 64;
    while (ncap < need) {
        ncap *= 2;
    }

    q = art_alloc(a, ncap * size);
    if (q == NULL) {
        return NULL;
    }

    if (used) {
        memcpy(q, p, used * size);
    }

    art_free(a, p);
    *cap = ncap;

    return q;
}
