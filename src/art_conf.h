/*
 * Directives.  The same article_* directives are read by nginx (from
 * nginx.conf) and by article-rewrite (from its -c file); both hand each
 * directive to art_conf_set(), so their meaning cannot drift apart.
 *
 * Every feature keeps its own settings struct with three functions:
 *   init   mark every field unset,
 *   set    take one directive (ART_CONF_DECLINED if the name is not its),
 *   merge  fill unset fields from the enclosing level, then defaults.
 */

#ifndef ART_CONF_H
#define ART_CONF_H

#include <stddef.h>

#include "art_alloc.h"


#define ART_CONF_OK         0
#define ART_CONF_ERROR     -1
#define ART_CONF_DECLINED  -2

/* the value of an unset numeric field */
#define ART_UNSET          -1


typedef struct {
    const unsigned char  *data;
    size_t                len;
} art_str_t;


typedef struct {
    /* allocations that live as long as the configuration */
    const art_allocator_t  *alloc;
    /* relative file names in arguments are resolved against this */
    const char             *base_dir;
    /* on ART_CONF_ERROR: why, without file and line (the caller adds them) */
    char                   *err;
    size_t                  errlen;
} art_conf_ctx_t;


/* helpers for feature set functions */
int art_conf_error(art_conf_ctx_t *ctx, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* "on" / "off" into *flag; ART_CONF_ERROR otherwise */
int art_conf_flag(art_conf_ctx_t *ctx, const char *name, const art_str_t *arg,
    int *flag);
/* a NUL-terminated copy (directive arguments may hold no NUL) */
char *art_conf_strdup(art_conf_ctx_t *ctx, const art_str_t *arg);
/* base_dir + "/" + name unless name is absolute; NULL on no memory */
char *art_conf_path(art_conf_ctx_t *ctx, const art_str_t *name);
/* a size with an optional k/m/g suffix; -1 when invalid */
long long art_conf_parse_size(const art_str_t *arg);
int art_str_eq(const art_str_t *s, const char *lit);


#endif /* ART_CONF_H */
