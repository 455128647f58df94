/*
 * The allocator interface of the core.  nginx backs it with its pool,
 * the command line tool and the tests with malloc.  The core keeps no
 * global mutable state: everything it allocates goes through one of these.
 */

#ifndef ART_ALLOC_H
#define ART_ALLOC_H

#include <stddef.h>


typedef struct art_allocator_s  art_allocator_t;

struct art_allocator_s {
    /* returns NULL on failure */
    void  *(*alloc)(void *ctx, size_t size);
    /* may be NULL: then memory is released with the owner (a pool) */
    void   (*free)(void *ctx, void *p);
    void    *ctx;
};


/* the malloc-backed allocator (immutable) */
extern const art_allocator_t  art_malloc_allocator;


/*
 * An arena: allocations that are freed all at once, as an nginx pool's
 * are (configurations outside nginx live in one).  alloc is its
 * allocator once art_arena_init() has run.
 */
typedef struct {
    void             *blocks;
    art_allocator_t   alloc;
} art_arena_t;

void art_arena_init(art_arena_t *arena);
void art_arena_empty(art_arena_t *arena);


void *art_alloc(const art_allocator_t *a, size_t size);
void *art_calloc(const art_allocator_t *a, size_t size);
void art_free(const art_allocator_t *a, void *p);
char *art_strndup(const art_allocator_t *a, const char *s, size_t len);
/*
 * An array of elements of size bytes, used of them in use, with room for
 * need: p itself when *cap holds need, else a new one, its capacity
 * doubled (from 64) until it does, the used ones copied and p freed, *cap
 * updated.  NULL when out of memory, p then left as it was.
 */
void *art_grow(const art_allocator_t *a, void *p, size_t used, size_t *cap,
    size_t need, size_t size);


#endif /* ART_ALLOC_H */
