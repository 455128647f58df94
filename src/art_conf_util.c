#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "art_conf.h"


int
art_conf_error(art_conf_ctx_t *ctx, const char *fmt, ...)
{
    va_list  ap;

    if (ctx->err != NULL && ctx->errlen > 0) {
        va_start(ap, fmt);
        vsnprintf(ctx->err, ctx->errlen, fmt, ap);
        va_end(ap);
    }

    return ART_CONF_ERROR;
}


int
art_str_eq(const art_str_t *s, const char *lit)
{
    size_t  n;

    n = strlen(lit);

    return s->len == n && memcmp(s->data, lit, n) == 0;
}


int
art_conf_flag(art_conf_ctx_t *ctx, const char *name, const art_str_t *arg,
    int *flag)
{
    if (art_str_eq(arg, "on")) {
        *flag = 1;
        return ART_CONF_OK;
    }

    if (art_str_eq(arg, "off")) {
        *flag = 0;
        return ART_CONF_OK;
    }

    return art_conf_error(ctx, "invalid value \"%.*s\" in \"%s\": "
                          "it must be \"on\" or \"off\"",
                          (int) arg->len, (const char *) arg->data, name);
}


char *
art_conf_strdup(art_conf_ctx_t *ctx, const art_str_t *arg)
{
    char  *p;

    p = art_strndup(ctx->alloc, (const char *) arg->data, arg->len);
    if (p == NULL) {
        art_conf_error(ctx, "out of memory");
    }

    return p;
}


char *
art_conf_path(art_conf_ctx_t *ctx, const art_str_t *name)
{
    size_t  dlen;
    char   *p;

    if (name->len > 0 && name->data[0] == '/') {
        return art_conf_strdup(ctx, name);
    }

    dlen = ctx->base_dir ? strlen(ctx->base_dir) : 0;

    p = art_alloc(ctx->alloc, dlen + 1 + name->len + 1);
    if (p == NULL) {
        art_conf_error(ctx, "out of memory");
        return NULL;
    }

    if (dlen) {
        memcpy(p, ctx->base_dir, dlen);
        p[dlen++] = '/';
    }

    memcpy(p + dlen, name->data, name->len);
    p[dlen + name->len] = '\0';

    return p;
}


long long
art_conf_parse_size(const art_str_t *arg)
{
    size_t     i;
    long long  v, scale;

    if (arg->len == 0) {
        return -1;
    }

    v = 0;
    scale = 1;

    for (i = 0; i < arg->len; i++) {
        unsigned char  c = arg->data[i];

        if (c >= '0' && c <= '9') {
            if (v > (1LL << 40)) {
                return -1;
            }
            v = v * 10 + (c - '0');
            continue;
        }

        if (i != arg->len - 1 || i == 0) {
            return -1;
        }

        switch (c) {
        case 'k': case 'K': scale = 1024; break;
        case 'm': case 'M': scale = 1024 * 1024; break;
        case 'g': case 'G': scale = 1024 * 1024 * 1024; break;
        default: return -1;
        }
    }

    return v * scale;
}
