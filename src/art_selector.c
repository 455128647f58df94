/*
 * Selector parsing and matching.
 */

#include <stdio.h>
#include <string.h>

#include "art_selector.h"


#define ART_SEL_MAX_PARTS  16
#define ART_SEL_MAX_ATTRS  16


typedef struct {
    const art_allocator_t  *alloc;
    const char             *src;
    const char             *p;
    char                   *err;
    size_t                  errlen;
} art_sel_parser_t;


static int
art_sel_fail(art_sel_parser_t *sp, const char *why)
{
    if (sp->err != NULL && sp->errlen > 0) {
        snprintf(sp->err, sp->errlen, "invalid selector \"%s\": %s at "
                 "offset %d", sp->src, why, (int) (sp->p - sp->src));
    }

    return -1;
}


static int
art_sel_is_ident(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
           || (c >= '0' && c <= '9') || c == '-' || c == '_' || c >= 0x80;
}


static void
art_sel_skip_space(art_sel_parser_t *sp)
{
    while (*sp->p == ' ' || *sp->p == '\t' || *sp->p == '\n'
           || *sp->p == '\r' || *sp->p == '\f')
    {
        sp->p++;
    }
}


/* an identifier, copied (lower-cased when asked) */
static char *
art_sel_ident(art_sel_parser_t *sp, int lower)
{
    const char  *start;
    char        *s;
    size_t       i, n;

    start = sp->p;

    while (art_sel_is_ident((unsigned char) *sp->p)) {
        sp->p++;
    }

    n = (size_t) (sp->p - start);
    if (n == 0) {
        art_sel_fail(sp, "a name was expected");
        return NULL;
    }

    s = art_strndup(sp->alloc, start, n);
    if (s == NULL) {
        art_sel_fail(sp, "out of memory");
        return NULL;
    }

    if (lower) {
        for (i = 0; i < n; i++) {
            if (s[i] >= 'A' && s[i] <= 'Z') {
                s[i] = (char) (s[i] | 0x20);
            }
        }
    }

    return s;
}


/* an attribute value: an identifier or a quoted string */
static char *
art_sel_value(art_sel_parser_t *sp, size_t *len)
{
    char         q;
    const char  *start;
    char        *s;

    if (*sp->p != '"' && *sp->p != '\'') {
        s = art_sel_ident(sp, 0);
        if (s != NULL) {
            *len = strlen(s);
        }
        return s;
    }

    q = *sp->p++;
    start = sp->p;

    while (*sp->p != '\0' && *sp->p != q) {
        sp->p++;
    }

    if (*sp->p != q) {
        art_sel_fail(sp, "an unterminated string");
        return NULL;
    }

    *len = (size_t) (sp->p - start);
    s = art_strndup(sp->alloc, start, *len);
    sp->p++;

    if (s == NULL) {
        art_sel_fail(sp, "out of memory");
    }

    return s;
}


static void
art_sel_free_compound(const art_allocator_t *a, art_sel_compound_t *c)
{
    size_t  k;

    for (k = 0; k < c->nattrs; k++) {
        art_free(a, c->attrs[k].name);
        art_free(a, c->attrs[k].value);
    }

    art_free(a, c->attrs);
    art_free(a, c->tag);
    c->attrs = NULL;
    c->nattrs = 0;
    c->tag = NULL;
}


/*
 * One compound.  On failure it leaves in c only what it allocated, for
 * art_sel_free_compound().
 */
static int
art_sel_compound(art_sel_parser_t *sp, art_sel_compound_t *c)
{
    art_sel_attr_t  *a;
    int              any;

    memset(c, 0, sizeof(*c));
    any = 0;

    if (*sp->p == '*') {
        sp->p++;
        any = 1;

    } else if (art_sel_is_ident((unsigned char) *sp->p)) {
        c->tag = art_sel_ident(sp, 1);
        if (c->tag == NULL) {
            return -1;
        }
        any = 1;
    }

    for ( ;; ) {
        if (*sp->p != '#' && *sp->p != '.' && *sp->p != '[') {
            break;
        }

        if (c->attrs == NULL) {
            c->attrs = art_calloc(sp->alloc,
                                  ART_SEL_MAX_ATTRS * sizeof(art_sel_attr_t));
            if (c->attrs == NULL) {
                return art_sel_fail(sp, "out of memory");
            }
        }

        if (c->nattrs == ART_SEL_MAX_ATTRS) {
            return art_sel_fail(sp, "too many conditions");
        }

        /* counted before it is filled, so that a failure frees it */
        a = &c->attrs[c->nattrs++];

        if (*sp->p == '#' || *sp->p == '.') {
            a->op = *sp->p == '#' ? ART_SEL_ATTR_EQ : ART_SEL_ATTR_INCLUDES;
            a->name = art_strndup(sp->alloc, *sp->p == '#' ? "id" : "class",
                                  *sp->p == '#' ? 2 : 5);
            if (a->name == NULL) {
                return art_sel_fail(sp, "out of memory");
            }

            sp->p++;
            a->value = art_sel_ident(sp, 0);
            if (a->value == NULL) {
                return -1;
            }

            a->value_len = strlen(a->value);
            any = 1;
            continue;
        }

        /* [attr op value] */
        sp->p++;
        art_sel_skip_space(sp);

        a->name = art_sel_ident(sp, 1);
        if (a->name == NULL) {
            return -1;
        }

        art_sel_skip_space(sp);

        if (*sp->p == ']') {
            sp->p++;
            a->op = ART_SEL_ATTR_EXISTS;
            any = 1;
            continue;
        }

        switch (*sp->p) {
        case '=': a->op = ART_SEL_ATTR_EQ; break;
        case '~': a->op = ART_SEL_ATTR_INCLUDES; break;
        case '^': a->op = ART_SEL_ATTR_PREFIX; break;
        case '$': a->op = ART_SEL_ATTR_SUFFIX; break;
        case '*': a->op = ART_SEL_ATTR_SUBSTRING; break;
        default: return art_sel_fail(sp, "an operator or ] was expected");
        }

        if (a->op != ART_SEL_ATTR_EQ) {
            sp->p++;
            if (*sp->p != '=') {
                return art_sel_fail(sp, "= was expected");
            }
        }

        sp->p++;
        art_sel_skip_space(sp);

        a->value = art_sel_value(sp, &a->value_len);
        if (a->value == NULL) {
            return -1;
        }

        art_sel_skip_space(sp);

        if (*sp->p != ']') {
            return art_sel_fail(sp, "] was expected");
        }

        sp->p++;
        any = 1;
    }

    if (!any) {
        return art_sel_fail(sp, "a tag, *, #id, .class or [attr] was "
                            "expected");
    }

    return 0;
}


art_selector_t *
art_selector_parse(const art_allocator_t *a, const char *src, int *next_bit,
    char *err, size_t errlen)
{
    art_sel_parser_t     sp;
    art_selector_t      *s;
    art_sel_compound_t   parts[ART_SEL_MAX_PARTS];
    art_sel_complex_t    list[ART_SEL_MAX_PARTS];
    size_t               nparts, nlist, i, k;
    char                 comb;

    sp.alloc = a;
    sp.src = src;
    sp.p = src;
    sp.err = err;
    sp.errlen = errlen;

    nlist = 0;
    nparts = 0;
    s = NULL;

    art_sel_skip_space(&sp);

    for ( ;; ) {
        nparts = 0;
        comb = 0;

        for ( ;; ) {
            if (nparts == ART_SEL_MAX_PARTS) {
                art_sel_fail(&sp, "too many parts");
                goto failed;
            }

            /* counted first: a compound that fails is freed with the rest */
            if (art_sel_compound(&sp, &parts[nparts++]) != 0) {
                goto failed;
            }

            parts[nparts - 1].combinator = comb;
            parts[nparts - 1].bit = -1;

            comb = 0;

            if (*sp.p == ' ' || *sp.p == '\t' || *sp.p == '\n') {
                art_sel_skip_space(&sp);
                comb = ' ';
            }

            if (*sp.p == '>') {
                sp.p++;
                art_sel_skip_space(&sp);
                comb = '>';
            }

            if (*sp.p == ',' || *sp.p == '\0') {
                if (comb == '>') {
                    art_sel_fail(&sp, "a selector after > was expected");
                    goto failed;
                }
                break;
            }

            if (comb == 0) {
                art_sel_fail(&sp, "unexpected character");
                goto failed;
            }
        }

        if (nlist == ART_SEL_MAX_PARTS) {
            art_sel_fail(&sp, "too many selectors in the list");
            goto failed;
        }

        for (i = 0; i + 1 < nparts; i++) {
            if (*next_bit >= ART_SEL_MAX_ANCESTOR_BITS) {
                art_sel_fail(&sp, "too many ancestor conditions");
                goto failed;
            }

            parts[i].bit = (*next_bit)++;
        }

        list[nlist].parts = art_alloc(a, nparts * sizeof(art_sel_compound_t));
        if (list[nlist].parts == NULL) {
            art_sel_fail(&sp, "out of memory");
            goto failed;
        }

        memcpy(list[nlist].parts, parts, nparts * sizeof(art_sel_compound_t));
        list[nlist].nparts = nparts;
        nlist++;
        nparts = 0;

        if (*sp.p == '\0') {
            break;
        }

        sp.p++;
        art_sel_skip_space(&sp);
    }

    s = art_alloc(a, sizeof(art_selector_t));
    if (s == NULL) {
        art_sel_fail(&sp, "out of memory");
        goto failed;
    }

    s->list = art_alloc(a, nlist * sizeof(art_sel_complex_t));
    if (s->list == NULL) {
        art_sel_fail(&sp, "out of memory");
        goto failed;
    }

    memcpy(s->list, list, nlist * sizeof(art_sel_complex_t));
    s->n = nlist;

    return s;

failed:

    for (i = 0; i < nparts; i++) {
        art_sel_free_compound(a, &parts[i]);
    }

    for (i = 0; i < nlist; i++) {
        for (k = 0; k < list[i].nparts; k++) {
            art_sel_free_compound(a, &list[i].parts[k]);
        }

        art_free(a, list[i].parts);
    }

    art_free(a, s);

    return NULL;
}


void
art_selector_free(const art_allocator_t *a, art_selector_t *s)
{
    size_t  i, j;

    if (s == NULL) {
        return;
    }

    for (i = 0; i < s->n; i++) {
        for (j = 0; j < s->list[i].nparts; j++) {
            art_sel_free_compound(a, &s->list[i].parts[j]);
        }

        art_free(a, s->list[i].parts);
    }

    art_free(a, s->list);
    art_free(a, s);
}


static int
art_sel_is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}


static int
art_sel_attr_match(const art_sel_attr_t *a, const unsigned char *v,
    size_t n)
{
    size_t  i, start;

    switch (a->op) {

    case ART_SEL_ATTR_EXISTS:
        return 1;

    case ART_SEL_ATTR_EQ:
        return n == a->value_len && memcmp(v, a->value, n) == 0;

    case ART_SEL_ATTR_PREFIX:
        return a->value_len > 0 && n >= a->value_len
               && memcmp(v, a->value, a->value_len) == 0;

    case ART_SEL_ATTR_SUFFIX:
        return a->value_len > 0 && n >= a->value_len
               && memcmp(v + n - a->value_len, a->value, a->value_len) == 0;

    case ART_SEL_ATTR_SUBSTRING:
        if (a->value_len == 0 || n < a->value_len) {
            return 0;
        }

        for (i = 0; i + a->value_len <= n; i++) {
            if (memcmp(v + i, a->value, a->value_len) == 0) {
                return 1;
            }
        }

        return 0;

    case ART_SEL_ATTR_INCLUDES:
        if (a->value_len == 0) {
            return 0;
        }

        i = 0;

        while (i < n) {
            while (i < n && art_sel_is_ws(v[i])) {
                i++;
            }

            start = i;

            while (i < n && !art_sel_is_ws(v[i])) {
                i++;
            }

            if (i - start == a->value_len
                && memcmp(v + start, a->value, a->value_len) == 0)
            {
                return 1;
            }
        }

        return 0;
    }

    return 0;
}


int
art_sel_compound_match(const art_sel_compound_t *c, const char *tag,
    art_sel_attr_fn attr, void *ud)
{
    size_t                i, n;
    const unsigned char  *v;

    if (c->tag != NULL && strcmp(c->tag, tag) != 0) {
        return 0;
    }

    for (i = 0; i < c->nattrs; i++) {
        v = attr(ud, c->attrs[i].name, &n);

        if (v == NULL || !art_sel_attr_match(&c->attrs[i], v, n)) {
            return 0;
        }
    }

    return 1;
}


/* part k matched the element at stack position idx: match its left side */
static int
art_sel_match_left(const art_sel_complex_t *cx, size_t k, size_t idx,
    const uint64_t *masks)
{
    const art_sel_compound_t  *left;
    uint64_t                   bit;
    size_t                     j;

    if (k == 0) {
        return 1;
    }

    left = &cx->parts[k - 1];
    bit = (uint64_t) 1 << left->bit;

    if (cx->parts[k].combinator == '>') {
        if (idx == 0) {
            return 0;
        }

        j = idx - 1;

        return (masks[j] & bit) && art_sel_match_left(cx, k - 1, j, masks);
    }

    for (j = idx; j-- > 0; ) {
        if ((masks[j] & bit) && art_sel_match_left(cx, k - 1, j, masks)) {
            return 1;
        }
    }

    return 0;
}


int
art_selector_match(const art_selector_t *s, const char *tag,
    art_sel_attr_fn attr, void *ud, const uint64_t *masks, size_t depth)
{
    size_t                     i;
    const art_sel_complex_t   *cx;

    for (i = 0; i < s->n; i++) {
        cx = &s->list[i];

        if (!art_sel_compound_match(&cx->parts[cx->nparts - 1], tag, attr,
                                    ud))
        {
            continue;
        }

        if (art_sel_match_left(cx, cx->nparts - 1, depth, masks)) {
            return 1;
        }
    }

    return 0;
}


uint64_t
art_selector_ancestor_bits(const art_selector_t *s, const char *tag,
    art_sel_attr_fn attr, void *ud)
{
    size_t    i, j;
    uint64_t  bits;

    bits = 0;

    for (i = 0; i < s->n; i++) {
        for (j = 0; j + 1 < s->list[i].nparts; j++) {
            const art_sel_compound_t  *c = &s->list[i].parts[j];

            if (art_sel_compound_match(c, tag, attr, ud)) {
                bits |= (uint64_t) 1 << c->bit;
            }
        }
    }

    return bits;
}
