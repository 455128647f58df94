/*
 * Selectors: the parsed form of every piece of the syntax, the error for
 * every kind of mistake (with nothing leaked), and matching as the
 * rewriter does it, on small documents, for every form.
 */

#include "art_test.h"
#include "art_selector.h"
#include "art_rewriter.h"


/* an allocator that counts what is still held, to catch leaks */

typedef struct {
    long    live;
    size_t  calls;
    size_t  fail_at;        /* fail the n-th allocation (1-based); 0: never */
} count_t;


static void *
count_alloc(void *ctx, size_t size)
{
    count_t  *c = ctx;

    c->calls++;
    if (c->fail_at && c->calls == c->fail_at) {
        return NULL;
    }

    c->live++;
    return malloc(size ? size : 1);
}


static void
count_free(void *ctx, void *p)
{
    count_t  *c = ctx;

    c->live--;
    free(p);
}


static art_allocator_t
count_allocator(count_t *c)
{
    art_allocator_t  a;

    memset(c, 0, sizeof(*c));
    a.alloc = count_alloc;
    a.free = count_free;
    a.ctx = c;

    return a;
}


static art_selector_t *
parse(const char *src, int *next_bit)
{
    art_selector_t  *s;
    char             err[256];
    int              bit;

    bit = 0;
    err[0] = '\0';
    s = art_selector_parse(&art_malloc_allocator, src,
                           next_bit ? next_bit : &bit, err, sizeof(err));
    ck_assert_msg(s != NULL, "\"%s\" did not parse: %s", src, err);

    return s;
}


static void
check_attr(const art_sel_attr_t *a, const char *name, art_sel_attr_op_e op,
    const char *value)
{
    ck_assert_str_eq(a->name, name);
    ck_assert_int_eq(a->op, op);

    if (value == NULL) {
        return;
    }

    ck_assert_ptr_nonnull(a->value);
    ck_assert_uint_eq(a->value_len, strlen(value));
    ck_assert_int_eq(memcmp(a->value, value, a->value_len), 0);
}


/* a selector of one compound */
static const art_sel_compound_t *
single(art_selector_t *s)
{
    ck_assert_uint_eq(s->n, 1);
    ck_assert_uint_eq(s->list[0].nparts, 1);
    ck_assert_int_eq(s->list[0].parts[0].bit, -1);

    return &s->list[0].parts[0];
}


START_TEST(test_parse_tag)
{
    static const char  *forms[] = { "h1", "H1", "  h1", "h1  ", "\th1\n",
                                    NULL };
    art_selector_t      *s;
    size_t               i;

    for (i = 0; forms[i] != NULL; i++) {
        s = parse(forms[i], NULL);
        ck_assert_str_eq(single(s)->tag, "h1");
        ck_assert_uint_eq(single(s)->nattrs, 0);
        art_selector_free(&art_malloc_allocator, s);
    }

    s = parse("my-Element_2", NULL);
    ck_assert_str_eq(single(s)->tag, "my-element_2");
    art_selector_free(&art_malloc_allocator, s);
}
END_TEST


START_TEST(test_parse_universal)
{
    art_selector_t            *s;
    const art_sel_compound_t  *c;

    s = parse("*", NULL);
    c = single(s);
    ck_assert_ptr_null(c->tag);
    ck_assert_uint_eq(c->nattrs, 0);
    art_selector_free(&art_malloc_allocator, s);

    s = parse("*.x", NULL);
    c = single(s);
    ck_assert_ptr_null(c->tag);
    ck_assert_uint_eq(c->nattrs, 1);
    check_attr(&c->attrs[0], "class", ART_SEL_ATTR_INCLUDES, "x");
    art_selector_free(&art_malloc_allocator, s);
}
END_TEST


START_TEST(test_parse_id_class)
{
    art_selector_t            *s;
    const art_sel_compound_t  *c;

    s = parse("#Main-1", NULL);
    c = single(s);
    ck_assert_ptr_null(c->tag);
    ck_assert_uint_eq(c->nattrs, 1);
    /* the value keeps its case: ids are case-sensitive */
    check_attr(&c->attrs[0], "id", ART_SEL_ATTR_EQ, "Main-1");
    art_selector_free(&art_malloc_allocator, s);

    s = parse(".Share_btn", NULL);
    c = single(s);
    ck_assert_ptr_null(c->tag);
    check_attr(&c->attrs[0], "class", ART_SEL_ATTR_INCLUDES, "Share_btn");
    art_selector_free(&art_malloc_allocator, s);

    s = parse("div#a.b.c", NULL);
    c = single(s);
    ck_assert_str_eq(c->tag, "div");
    ck_assert_uint_eq(c->nattrs, 3);
    check_attr(&c->attrs[0], "id", ART_SEL_ATTR_EQ, "a");
    check_attr(&c->attrs[1], "class", ART_SEL_ATTR_INCLUDES, "b");
    check_attr(&c->attrs[2], "class", ART_SEL_ATTR_INCLUDES, "c");
    art_selector_free(&art_malloc_allocator, s);
}
END_TEST


START_TEST(test_parse_attr_forms)
{
    static const struct {
        const char         *src;
        const char         *name;
        art_sel_attr_op_e   op;
        const char         *value;
    } cases[] = {
        { "[href]", "href", ART_SEL_ATTR_EXISTS, NULL },
        { "[HREF]", "href", ART_SEL_ATTR_EXISTS, NULL },
        { "[ data-x ]", "data-x", ART_SEL_ATTR_EXISTS, NULL },
        { "[rel=canonical]", "rel", ART_SEL_ATTR_EQ, "canonical" },
        { "[rel=\"canonical\"]", "rel", ART_SEL_ATTR_EQ, "canonical" },
        { "[rel='canonical']", "rel", ART_SEL_ATTR_EQ, "canonical" },
        { "[REL=Canonical]", "rel", ART_SEL_ATTR_EQ, "Canonical" },
        { "[ rel = canonical ]", "rel", ART_SEL_ATTR_EQ, "canonical" },
        { "[title=\"a b]c'd\"]", "title", ART_SEL_ATTR_EQ, "a b]c'd" },
        { "[title='a\"b']", "title", ART_SEL_ATTR_EQ, "a\"b" },
        { "[alt=\"\"]", "alt", ART_SEL_ATTR_EQ, "" },
        { "[class~=share]", "class", ART_SEL_ATTR_INCLUDES, "share" },
        { "[href^=http]", "href", ART_SEL_ATTR_PREFIX, "http" },
        { "[href^=\"https://\"]", "href", ART_SEL_ATTR_PREFIX, "https://" },
        { "[href$=\".pdf\"]", "href", ART_SEL_ATTR_SUFFIX, ".pdf" },
        { "[href$=pdf]", "href", ART_SEL_ATTR_SUFFIX, "pdf" },
        { "[href*=example]", "href", ART_SEL_ATTR_SUBSTRING, "example" },
        { "[href *= 'ex ample' ]", "href", ART_SEL_ATTR_SUBSTRING,
          "ex ample" },
        { NULL, NULL, 0, NULL }
    };
    art_selector_t            *s;
    const art_sel_compound_t  *c;
    size_t                     i;

    for (i = 0; cases[i].src != NULL; i++) {
        s = parse(cases[i].src, NULL);
        c = single(s);
        ck_assert_msg(c->tag == NULL, "%s: tag set", cases[i].src);
        ck_assert_uint_eq(c->nattrs, 1);
        check_attr(&c->attrs[0], cases[i].name, cases[i].op, cases[i].value);
        art_selector_free(&art_malloc_allocator, s);
    }
}
END_TEST


START_TEST(test_parse_compound)
{
    art_selector_t            *s;
    const art_sel_compound_t  *c;

    s = parse("a.share[href]", NULL);
    c = single(s);
    ck_assert_str_eq(c->tag, "a");
    ck_assert_uint_eq(c->nattrs, 2);
    check_attr(&c->attrs[0], "class", ART_SEL_ATTR_INCLUDES, "share");
    check_attr(&c->attrs[1], "href", ART_SEL_ATTR_EXISTS, NULL);
    art_selector_free(&art_malloc_allocator, s);

    s = parse("A[Rel=\"Next\"][href$='/2']#p.x", NULL);
    c = single(s);
    ck_assert_str_eq(c->tag, "a");
    ck_assert_uint_eq(c->nattrs, 4);
    check_attr(&c->attrs[0], "rel", ART_SEL_ATTR_EQ, "Next");
    check_attr(&c->attrs[1], "href", ART_SEL_ATTR_SUFFIX, "/2");
    check_attr(&c->attrs[2], "id", ART_SEL_ATTR_EQ, "p");
    check_attr(&c->attrs[3], "class", ART_SEL_ATTR_INCLUDES, "x");
    art_selector_free(&art_malloc_allocator, s);
}
END_TEST


START_TEST(test_parse_combinators)
{
    static const char  *desc[] = { "article h1", "article  h1",
                                   " article\th1 ", "article\nh1", NULL };
    static const char  *child[] = { "main > h1", "main>h1", "main >h1",
                                    "main> h1", "main\t>\nh1", NULL };
    art_selector_t     *s;
    size_t              i;
    int                 bit;

    for (i = 0; desc[i] != NULL; i++) {
        bit = 0;
        s = parse(desc[i], &bit);
        ck_assert_uint_eq(s->n, 1);
        ck_assert_uint_eq(s->list[0].nparts, 2);
        ck_assert_str_eq(s->list[0].parts[0].tag, "article");
        ck_assert_str_eq(s->list[0].parts[1].tag, "h1");
        ck_assert_int_eq(s->list[0].parts[1].combinator, ' ');
        ck_assert_int_eq(s->list[0].parts[0].bit, 0);
        ck_assert_int_eq(s->list[0].parts[1].bit, -1);
        ck_assert_int_eq(bit, 1);
        art_selector_free(&art_malloc_allocator, s);
    }

    for (i = 0; child[i] != NULL; i++) {
        bit = 0;
        s = parse(child[i], &bit);
        ck_assert_msg(s->list[0].nparts == 2, "%s", child[i]);
        ck_assert_str_eq(s->list[0].parts[0].tag, "main");
        ck_assert_str_eq(s->list[0].parts[1].tag, "h1");
        ck_assert_int_eq(s->list[0].parts[1].combinator, '>');
        art_selector_free(&art_malloc_allocator, s);
    }

    /* bits continue from *next_bit, one per ancestor compound */
    bit = 5;
    s = parse("body > article .lead p", &bit);
    ck_assert_uint_eq(s->list[0].nparts, 4);
    ck_assert_int_eq(s->list[0].parts[0].bit, 5);
    ck_assert_int_eq(s->list[0].parts[1].bit, 6);
    ck_assert_int_eq(s->list[0].parts[2].bit, 7);
    ck_assert_int_eq(s->list[0].parts[3].bit, -1);
    ck_assert_int_eq(s->list[0].parts[1].combinator, '>');
    ck_assert_int_eq(s->list[0].parts[2].combinator, ' ');
    ck_assert_int_eq(s->list[0].parts[3].combinator, ' ');
    ck_assert_ptr_null(s->list[0].parts[2].tag);
    ck_assert_int_eq(bit, 8);
    art_selector_free(&art_malloc_allocator, s);
}
END_TEST


START_TEST(test_parse_list)
{
    static const char  *forms[] = { "h1,h2,article h1", "h1, h2, article h1",
                                    " h1 ,h2 ,\tarticle h1 ", NULL };
    art_selector_t     *s;
    size_t              i;
    int                 bit;

    for (i = 0; forms[i] != NULL; i++) {
        bit = 0;
        s = parse(forms[i], &bit);
        ck_assert_msg(s->n == 3, "%s: %zu selectors", forms[i], s->n);
        ck_assert_uint_eq(s->list[0].nparts, 1);
        ck_assert_str_eq(s->list[0].parts[0].tag, "h1");
        ck_assert_uint_eq(s->list[1].nparts, 1);
        ck_assert_str_eq(s->list[1].parts[0].tag, "h2");
        ck_assert_uint_eq(s->list[2].nparts, 2);
        ck_assert_str_eq(s->list[2].parts[0].tag, "article");
        ck_assert_int_eq(s->list[2].parts[0].bit, 0);
        ck_assert_int_eq(bit, 1);
        art_selector_free(&art_malloc_allocator, s);
    }
}
END_TEST


/* every syntax error: NULL, a message naming the problem, no leak */

static const struct {
    const char  *src;
    const char  *why;
} bad[] = {
    { "", "a tag, *, #id, .class or [attr] was expected" },
    { "   ", "a tag, *, #id, .class or [attr] was expected" },
    { "a,", "a tag, *, #id, .class or [attr] was expected" },
    { ",a", "a tag, *, #id, .class or [attr] was expected" },
    { "a,,b", "a tag, *, #id, .class or [attr] was expected" },
    { "> a", "a tag, *, #id, .class or [attr] was expected" },
    { "a + b", "a tag, *, #id, .class or [attr] was expected" },
    { "a ~ b", "a tag, *, #id, .class or [attr] was expected" },
    { "a >", "a selector after > was expected" },
    { "a > ,b", "a selector after > was expected" },
    { "a > > b", "a tag, *, #id, .class or [attr] was expected" },
    { "#", "a name was expected" },
    { "div#", "a name was expected" },
    { ".", "a name was expected" },
    { "a. b", "a name was expected" },
    { "[", "a name was expected" },
    { "[]", "a name was expected" },
    { "[=x]", "a name was expected" },
    { "[href", "an operator or ] was expected" },
    { "[href x]", "an operator or ] was expected" },
    { "[href!=x]", "an operator or ] was expected" },
    { "[href|=en]", "an operator or ] was expected" },
    { "[href=", "a name was expected" },
    { "[href=]", "a name was expected" },
    { "[href=x", "] was expected" },
    { "[href=x y]", "] was expected" },
    { "[href=\"x\"y]", "] was expected" },
    { "[href=\"x", "an unterminated string" },
    { "[href='x]", "an unterminated string" },
    { "[href~x]", "= was expected" },
    { "[href^]", "= was expected" },
    { "[href$ =x]", "= was expected" },
    { "a!", "unexpected character" },
    { "a:hover", "unexpected character" },
    { "p::before", "unexpected character" },
    { "a#b#", "a name was expected" },
    { NULL, NULL }
};


START_TEST(test_parse_errors)
{
    art_selector_t  *s;
    char             err[256], expect[300];
    int              bit;

    bit = 0;
    memset(err, 0, sizeof(err));

    s = art_selector_parse(&art_malloc_allocator, bad[_i].src, &bit, err,
                           sizeof(err));

    ck_assert_msg(s == NULL, "\"%s\" was accepted", bad[_i].src);
    snprintf(expect, sizeof(expect), "invalid selector \"%s\": %s at offset",
             bad[_i].src, bad[_i].why);
    ck_assert_msg(strncmp(err, expect, strlen(expect)) == 0,
                  "\"%s\": message \"%s\", expected \"%s ...\"",
                  bad[_i].src, err, expect);
}
END_TEST


/* a selector refused frees what it had parsed so far */
START_TEST(test_parse_errors_free)
{
    art_allocator_t   a;
    art_selector_t   *s;
    count_t           c;
    char              err[256], src[512];
    size_t            i;
    int               bit;

    for (i = 0; bad[i].src != NULL; i++) {
        a = count_allocator(&c);
        bit = 0;
        s = art_selector_parse(&a, bad[i].src, &bit, err, sizeof(err));
        ck_assert_ptr_null(s);
        ck_assert_msg(c.live == 0, "\"%s\": %ld allocations leaked",
                      bad[i].src, c.live);
    }

    /* past each limit */
    a = count_allocator(&c);
    src[0] = '\0';
    for (i = 0; i < 17; i++) {
        strcat(src, i ? " x" : "x");
    }

    ck_assert_ptr_null(art_selector_parse(&a, src, &bit, err, sizeof(err)));
    ck_assert_msg(c.live == 0, "too many parts: %ld allocations leaked",
                  c.live);

    strcpy(src, "a");
    for (i = 0; i < 17; i++) {
        strcat(src, ".c");
    }

    ck_assert_ptr_null(art_selector_parse(&a, src, &bit, err, sizeof(err)));
    ck_assert_msg(c.live == 0, "too many conditions: %ld allocations leaked",
                  c.live);

    strcpy(src, "a");
    for (i = 0; i < 16; i++) {
        strcat(src, ",a");
    }

    ck_assert_ptr_null(art_selector_parse(&a, src, &bit, err, sizeof(err)));
    ck_assert_msg(c.live == 0, "too many selectors: %ld allocations leaked",
                  c.live);

    bit = 62;
    ck_assert_ptr_null(art_selector_parse(&a, "a > b c d", &bit, err,
                                          sizeof(err)));
    ck_assert_ptr_nonnull(strstr(err, "too many ancestor conditions"));
    ck_assert_msg(c.live == 0, "too many ancestor bits: %ld allocations "
                  "leaked", c.live);
}
END_TEST


START_TEST(test_parse_error_offset)
{
    art_selector_t  *s;
    char             err[256];
    int              bit;

    bit = 0;
    s = art_selector_parse(&art_malloc_allocator, "article > h1!x", &bit,
                           err, sizeof(err));
    ck_assert_ptr_null(s);
    ck_assert_str_eq(err, "invalid selector \"article > h1!x\": unexpected "
                     "character at offset 12");

    s = art_selector_parse(&art_malloc_allocator, "a[href=\"x", &bit,
                           err, sizeof(err));
    ck_assert_ptr_null(s);
    ck_assert_str_eq(err, "invalid selector \"a[href=\"x\": an unterminated "
                     "string at offset 9");

    /* a short or absent message buffer is no problem */
    s = art_selector_parse(&art_malloc_allocator, "a!", &bit, err, 8);
    ck_assert_ptr_null(s);
    ck_assert_uint_eq(strlen(err), 7);
    s = art_selector_parse(&art_malloc_allocator, "a!", &bit, NULL, 0);
    ck_assert_ptr_null(s);
}
END_TEST


START_TEST(test_parse_limits)
{
    art_allocator_t   a;
    art_selector_t   *s;
    count_t           c;
    char              src[512], err[256];
    size_t            i;
    int               bit;

    a = count_allocator(&c);

    /* 16 compounds are the most in one complex selector */
    src[0] = '\0';
    for (i = 0; i < 16; i++) {
        strcat(src, i ? " x" : "x");
    }

    bit = 0;
    s = art_selector_parse(&a, src, &bit, err, sizeof(err));
    ck_assert_msg(s != NULL, "%s", err);
    ck_assert_uint_eq(s->list[0].nparts, 16);
    ck_assert_int_eq(bit, 15);
    art_selector_free(&a, s);
    ck_assert_int_eq(c.live, 0);

    strcat(src, " x");
    bit = 0;
    s = art_selector_parse(&a, src, &bit, err, sizeof(err));
    ck_assert_ptr_null(s);
    ck_assert_ptr_nonnull(strstr(err, "too many parts"));

    /* 16 conditions in one compound, not 17 */
    strcpy(src, "a");
    for (i = 0; i < 16; i++) {
        strcat(src, ".c");
    }

    s = art_selector_parse(&a, src, &bit, err, sizeof(err));
    ck_assert_msg(s != NULL, "%s", err);
    ck_assert_uint_eq(s->list[0].parts[0].nattrs, 16);
    art_selector_free(&a, s);

    strcat(src, "[d]");
    s = art_selector_parse(&a, src, &bit, err, sizeof(err));
    ck_assert_ptr_null(s);
    ck_assert_ptr_nonnull(strstr(err, "too many conditions"));

    /* 16 selectors in a list, not 17 */
    strcpy(src, "a");
    for (i = 0; i < 15; i++) {
        strcat(src, ",a");
    }

    s = art_selector_parse(&a, src, &bit, err, sizeof(err));
    ck_assert_msg(s != NULL, "%s", err);
    ck_assert_uint_eq(s->n, 16);
    art_selector_free(&a, s);

    strcat(src, ",a");
    s = art_selector_parse(&a, src, &bit, err, sizeof(err));
    ck_assert_ptr_null(s);
    ck_assert_ptr_nonnull(strstr(err, "too many selectors"));
}
END_TEST


START_TEST(test_parse_ancestor_bits)
{
    const art_allocator_t  *a = &art_malloc_allocator;
    art_selector_t         *s[8], *one;
    char                    err[256];
    size_t                  i;
    int                     bit;

    bit = 0;

    /* 8 selectors of 8 ancestor compounds each: bits 0 to 63 */
    for (i = 0; i < 8; i++) {
        s[i] = art_selector_parse(a, "a b c d e f g h i", &bit, err,
                                  sizeof(err));
        ck_assert_msg(s[i] != NULL, "%s", err);
    }

    ck_assert_int_eq(bit, 64);
    ck_assert_int_eq(s[7]->list[0].parts[7].bit, 63);

    one = art_selector_parse(a, "z", &bit, err, sizeof(err));
    ck_assert_msg(one != NULL, "a selector with no ancestor: %s", err);
    art_selector_free(a, one);

    ck_assert_ptr_null(art_selector_parse(a, "y z", &bit, err,
                                          sizeof(err)));
    ck_assert_ptr_nonnull(strstr(err, "too many ancestor conditions"));

    for (i = 0; i < 8; i++) {
        art_selector_free(a, s[i]);
    }
}
END_TEST


/* out of memory at each allocation of a parse: NULL, nothing leaked */
START_TEST(test_parse_no_memory)
{
    art_allocator_t   a;
    art_selector_t   *s;
    count_t           c;
    size_t            total, k;
    char              err[256];
    int               bit;
    const char       *src = "main > a.share[href^=\"http\"], #x [y], p";

    a = count_allocator(&c);
    bit = 0;
    s = art_selector_parse(&a, src, &bit, err, sizeof(err));
    ck_assert_ptr_nonnull(s);
    art_selector_free(&a, s);
    total = c.calls;

    for (k = 1; k <= total; k++) {
        a = count_allocator(&c);
        c.fail_at = k;
        bit = 0;
        s = art_selector_parse(&a, src, &bit, err, sizeof(err));
        ck_assert_msg(s == NULL, "allocation %zu failed, yet it parsed", k);
        ck_assert_msg(c.live == 0, "allocation %zu failed: %ld leaked", k,
                      c.live);
    }
}
END_TEST


/* art_sel_compound_match and art_selector_match on their own */

typedef struct {
    const char  *names[4];
    const char  *values[4];
} attrs_t;


static const unsigned char *
attr_of(void *ud, const char *name, size_t *len)
{
    attrs_t  *at = ud;
    size_t    i;

    for (i = 0; i < 4 && at->names[i] != NULL; i++) {
        if (strcmp(at->names[i], name) == 0) {
            *len = strlen(at->values[i]);
            return (const unsigned char *) at->values[i];
        }
    }

    return NULL;
}


START_TEST(test_match_api)
{
    attrs_t          at = { { "class", "href", NULL },
                            { "x  btn\tshare", "https://e.com/a.pdf" } };
    attrs_t          none = { { NULL }, { NULL } };
    art_selector_t  *s;
    uint64_t         masks[3];
    int              bit;

    bit = 0;
    s = parse("a.share[href^=https][href$=\".pdf\"][href*=\"e.com\"]", &bit);
    ck_assert_int_eq(art_sel_compound_match(&s->list[0].parts[0], "a",
                                            attr_of, &at), 1);
    ck_assert_int_eq(art_sel_compound_match(&s->list[0].parts[0], "b",
                                            attr_of, &at), 0);
    ck_assert_int_eq(art_sel_compound_match(&s->list[0].parts[0], "a",
                                            attr_of, &none), 0);
    art_selector_free(&art_malloc_allocator, s);

    bit = 3;
    s = parse("div > p span", &bit);
    /* div gets bit 3, p bit 4 */
    ck_assert_uint_eq(art_selector_ancestor_bits(s, "div", attr_of, &none),
                      (uint64_t) 1 << 3);
    ck_assert_uint_eq(art_selector_ancestor_bits(s, "p", attr_of, &none),
                      (uint64_t) 1 << 4);
    ck_assert_uint_eq(art_selector_ancestor_bits(s, "span", attr_of, &none),
                      0);

    masks[0] = (uint64_t) 1 << 3;
    masks[1] = (uint64_t) 1 << 4;
    masks[2] = 0;
    ck_assert_int_eq(art_selector_match(s, "span", attr_of, &none, masks, 3),
                     1);
    ck_assert_int_eq(art_selector_match(s, "span", attr_of, &none, masks, 2),
                     1);
    ck_assert_int_eq(art_selector_match(s, "span", attr_of, &none, masks, 1),
                     0);
    ck_assert_int_eq(art_selector_match(s, "em", attr_of, &none, masks, 3),
                     0);

    /* p at the root: its parent is no div */
    masks[0] = (uint64_t) 1 << 4;
    masks[1] = (uint64_t) 1 << 3;
    ck_assert_int_eq(art_selector_match(s, "span", attr_of, &none, masks, 2),
                     0);
    art_selector_free(&art_malloc_allocator, s);
}
END_TEST


/* matching through the rewriter */

typedef struct {
    char  got[1024];
} rec_t;


static int
record(void *ud, art_element_t *el)
{
    rec_t                *r = ud;
    const unsigned char  *id;
    size_t                n, len;

    id = art_element_get_attr(el, "id", &n);
    len = strlen(r->got);

    if (id != NULL) {
        snprintf(r->got + len, sizeof(r->got) - len, "%s%.*s",
                 len ? " " : "", (int) n, (const char *) id);

    } else {
        snprintf(r->got + len, sizeof(r->got) - len, "%s%s",
                 len ? " " : "", art_element_tag(el));
    }

    return 0;
}


static int
discard(void *ud, const unsigned char *p, size_t n, int from_input)
{
    return 0;
}


/* the elements (ids, or tags without one) that sel matches in html */
static const char *
matches(rec_t *r, const char *sel, const char *html)
{
    art_rewriter_t  *rw;
    char             err[256];

    memset(r, 0, sizeof(*r));
    rw = art_rewriter_create(&art_malloc_allocator, NULL, discard, NULL);
    ck_assert_ptr_nonnull(rw);
    ck_assert_msg(art_rewriter_on_element(rw, sel, record, r, err,
                                          sizeof(err)) == 0,
                  "%s: %s", sel, err);
    ck_assert_int_eq(art_rewriter_write(rw, (const unsigned char *) html,
                                        strlen(html)), 0);
    ck_assert_int_eq(art_rewriter_end(rw), 0);
    art_rewriter_destroy(rw);

    return r->got;
}


static const struct {
    const char  *sel;
    const char  *html;
    const char  *expect;
} match_cases[] = {
    /* tags, any case */
    { "p", "<p id=1></p><P id=2></P><pp id=3></pp><b><p id=4>", "1 2 4" },
    { "DiV", "<div id=1><DIV id=2></div></DIV>", "1 2" },
    { "*", "<html><body><p>x<br></p></body></html>", "html body p br" },
    /* ids and classes: values are case-sensitive */
    { "#x", "<b id=x></b><b id=X></b><b id=\"x \"></b><i ID=x>", "x x" },
    { ".a", "<b id=1 class=a></b><b id=2 class=\"b a\"></b>"
            "<b id=3 class=\"ab\"></b><b id=4 class=\"A\"></b>"
            "<b id=5 class=\"  b \t\ta\n c \"></b><b id=6 class></b>"
            "<b id=7 class=\"\fa\r\"></b><b id=8 CLASS=a>", "1 2 5 7 8" },
    { ".a.b", "<i id=1 class=\"b a\"><i id=2 class=a><i id=3 class=\"a c b\">",
      "1 3" },
    /* attributes: names of any case, values case-sensitive */
    { "[href]", "<a id=1 href><a id=2 HREF=x><a id=3 hreff=x><a id=4>",
      "1 2" },
    { "[HREF]", "<a id=1 href><a id=2 HrEf=x>", "1 2" },
    { "[rel=next]", "<a id=1 rel=next><a id=2 rel=Next><a id=3 rel=\"next\">"
                    "<a id=4 rel='next '><a id=5 REL=next>", "1 3 5" },
    { "[alt=\"\"]", "<img id=1 alt><img id=2 alt=\"\"><img id=3 alt=x>"
                    "<img id=4>", "1 2" },
    { "[title=\"a&b\"]", "<i id=1 title=\"a&amp;b\"><i id=2 title=a&b>"
                         "<i id=3 title=\"a&amp;amp;b\">", "1 2" },
    { "[title='say \"hi\"']", "<i id=1 title=\"say &quot;hi&quot;\">"
                              "<i id=2 title='say \"hi\"'>", "1 2" },
    { "[class~=b]", "<i id=1 class=\"a b c\"><i id=2 class=\"abc\">"
                    "<i id=3 class=b>", "1 3" },
    { "[href^=http]", "<a id=1 href=http://x><a id=2 href=\"HTTP://x\">"
                      "<a id=3 href=\"/http\"><a id=4 href=http>", "1 4" },
    { "[href^=\"\"]", "<a id=1 href=x><a id=2 href>", "" },
    { "[href$=\".pdf\"]", "<a id=1 href=a.pdf><a id=2 href=a.PDF>"
                          "<a id=3 href=.pdf?x><a id=4 href=.pdf>", "1 4" },
    { "[href*=ample]", "<a id=1 href=example><a id=2 href=amp>"
                       "<a id=3 href=ample><a id=4 href=sAMPLE>", "1 3" },
    { "[href*=\"\"]", "<a id=1 href=x>", "" },
    /* compounds */
    { "a.share[href]", "<a id=1 class=share href=x><a id=2 class=share>"
                       "<a id=3 href=x><b id=4 class=share href=x>"
                       "<A id=5 class=\"x share\" href>", "1 5" },
    /* duplicate attributes: the first one counts */
    { "[rel=a]", "<i id=1 rel=a rel=b><i id=2 rel=b rel=a>", "1" },
    /* descendant and child */
    { "article h1", "<article><div><h1 id=1></h1></div><h1 id=2></h1>"
                    "</article><h1 id=3></h1><div><article></article>"
                    "<h1 id=4></h1></div>", "1 2" },
    { "main > h1", "<main><h1 id=1></h1><div><h1 id=2></h1></div></main>"
                   "<h1 id=3></h1>", "1" },
    { "main>h1", "<main><h1 id=1></h1><div><h1 id=2></h1></div></main>",
      "1" },
    { "ul li a", "<ul><li><a id=1></a><ol><li><a id=2></a></ol></ul>"
                 "<li><a id=3></a></li>", "1 2" },
    { "ul > li > a", "<ul><li><a id=1></a><b><a id=2></a></b></li></ul>",
      "1" },
    { "body p", "<body><p id=1></p></body><p id=2></p>", "1" },
    /* backtracking: the nearest candidate fails, one further up does not */
    { "div > span em", "<div><span><b><span><em id=1></em></span></b></span>"
                       "</div><b><span><em id=2>", "1" },
    { "x > y z", "<x><y><w><y><z id=1></z></y></w></y></x>"
                 "<w><y><z id=2></z></y></w>", "1" },
    { "a b > c", "<a><d><b><c id=1></c></b><e><c id=2></c></e></d></a>"
                 "<b><c id=3></c></b>", "1" },
    { "a b > c", "<b><a><d><b><c id=1></c></b></d></a></b>", "1" },
    { "a > b c", "<a><b><x><b><c id=1></c></b></x></b></a><x><b><c id=2>",
      "1" },
    { "x > y > z", "<x><y><y><z id=1></z></y><z id=2></z></y></x>", "2" },
    { "x y x y", "<x><y><x><y id=1><x><y id=2></y></x></y></x></y></x>"
                 "<x><y><y id=3>", "1 2" },
    /* comma lists: an element matched by two branches is reported once */
    { "h1, h2", "<h1 id=1></h1><h2 id=2></h2><h3 id=3></h3>", "1 2" },
    { "h1, .t", "<h1 id=1 class=t></h1><p id=2 class=t>", "1 2" },
    { "article h1 , h1.x", "<h1 id=1 class=x></h1><article><h1 id=2>"
                           "</h1></article>", "1 2" },
    /* the open-element stack follows the tree builder */
    { "p span", "<p><span id=1></span><div><span id=2></span></div>", "1" },
    { "p > b", "<p>a<p><b id=1>x</b></p>", "1" },
    { "li li", "<ul><li><li id=1>a</ul>", "" },
    { "ul li", "<ul><li id=0>a<li id=1>b</ul><li id=2>", "0 1" },
    { "td td", "<table><tr><td>a<td id=1>b</table>", "" },
    { "tr td", "<table><tr><td id=1>a<td id=2>b</table>", "1 2" },
    { "body img", "<body><img id=1><img id=2></body>", "1 2" },
    { "img b", "<img><b id=1>", "" },
    { "br b", "<br><b id=1>", "" },
    { "svg path", "<svg><path id='1'/><g><path id=2></path></g></svg>"
                  "<path id=3>", "1 2" },
    { "path b", "<svg><path/><b id=1></b></svg>", "" },
    { "svg b", "<svg><b id=1></b></svg>", "" },
    { "svg foreignobject div", "<svg><foreignObject><div id=1>", "1" },
    { "head meta", "<head><meta id=1><link><meta id=2></head>", "1 2" },
    { NULL, NULL, NULL }
};


START_TEST(test_match_forms)
{
    rec_t        r;
    const char  *got;

    got = matches(&r, match_cases[_i].sel, match_cases[_i].html);
    ck_assert_msg(strcmp(got, match_cases[_i].expect) == 0,
                  "%s on %s: got \"%s\", expected \"%s\"",
                  match_cases[_i].sel, match_cases[_i].html, got,
                  match_cases[_i].expect);
}
END_TEST


/* whitespace variants of one selector match the same elements */
START_TEST(test_match_whitespace_variants)
{
    static const char  *forms[] = {
        "main > h1, article h1", "main>h1,article h1",
        "  main\t>\th1 ,\n article\n h1 ", "main >h1 , article   h1", NULL
    };
    static const char  *html = "<main><h1 id=1></h1><article><h1 id=2>"
                               "</h1></article></main><article><div>"
                               "<h1 id=3></h1></div></article>";
    rec_t               r;
    size_t              i;

    for (i = 0; forms[i] != NULL; i++) {
        ck_assert_str_eq(matches(&r, forms[i], html), "1 2 3");
    }
}
END_TEST


/* the 64 ancestor bits of a rewriter: all usable, the 65th refused */

typedef struct {
    rec_t  r[8];
} rec8_t;


START_TEST(test_match_64_bits)
{
    art_rewriter_t  *rw;
    rec8_t           rr;
    char             sel[128], err[256], html[1024];
    size_t           i, j, len;

    memset(&rr, 0, sizeof(rr));
    rw = art_rewriter_create(&art_malloc_allocator, NULL, discard, NULL);
    ck_assert_ptr_nonnull(rw);

    /* handler i: "xI0 xI1 ... xI7 p", eight ancestor compounds each */
    for (i = 0; i < 8; i++) {
        sel[0] = '\0';
        for (j = 0; j < 8; j++) {
            len = strlen(sel);
            snprintf(sel + len, sizeof(sel) - len, "x%zu%zu ", i, j);
        }
        strcat(sel, "p");

        ck_assert_msg(art_rewriter_on_element(rw, sel, record, &rr.r[i],
                                              err, sizeof(err)) == 0,
                      "%s: %s", sel, err);
    }

    ck_assert_int_eq(art_rewriter_on_element(rw, "q", record, &rr.r[0],
                                             err, sizeof(err)), 0);
    ck_assert_int_eq(art_rewriter_on_element(rw, "y > q", record, &rr.r[0],
                                             err, sizeof(err)), -1);
    ck_assert_ptr_nonnull(strstr(err, "too many ancestor conditions"));

    /* the chain of handler 7 (bits 56 to 63), and of handler 0 cut short */
    html[0] = '\0';
    for (j = 0; j < 8; j++) {
        len = strlen(html);
        snprintf(html + len, sizeof(html) - len, "<x7%zu>", j);
    }
    strcat(html, "<p id=seven></p>");
    for (j = 8; j-- > 0; ) {
        len = strlen(html);
        snprintf(html + len, sizeof(html) - len, "</x7%zu>", j);
    }
    for (j = 0; j < 7; j++) {
        len = strlen(html);
        snprintf(html + len, sizeof(html) - len, "<x0%zu>", j);
    }
    strcat(html, "<p id=none></p>");

    ck_assert_int_eq(art_rewriter_write(rw, (const unsigned char *) html,
                                        strlen(html)), 0);
    ck_assert_int_eq(art_rewriter_end(rw), 0);
    art_rewriter_destroy(rw);

    ck_assert_str_eq(rr.r[7].got, "seven");
    for (i = 0; i < 7; i++) {
        ck_assert_msg(rr.r[i].got[0] == '\0', "handler %zu matched \"%s\"",
                      i, rr.r[i].got);
    }
}
END_TEST


/* an error from art_rewriter_on_element: -1, the message, no leak */
START_TEST(test_on_element_errors)
{
    art_allocator_t   a;
    art_rewriter_t   *rw;
    count_t           c;
    char              err[256], expect[300];
    size_t            i;

    a = count_allocator(&c);
    rw = art_rewriter_create(&a, NULL, discard, NULL);
    ck_assert_ptr_nonnull(rw);

    for (i = 0; bad[i].src != NULL; i++) {
        err[0] = '\0';
        ck_assert_int_eq(art_rewriter_on_element(rw, bad[i].src, record,
                                                 NULL, err, sizeof(err)),
                         -1);
        snprintf(expect, sizeof(expect), "invalid selector \"%s\": %s",
                 bad[i].src, bad[i].why);
        ck_assert_msg(strncmp(err, expect, strlen(expect)) == 0,
                      "message \"%s\", expected \"%s\"", err, expect);
    }

    art_rewriter_destroy(rw);
    ck_assert_msg(c.live == 0, "%ld allocations leaked (see "
                  "test_parse_errors_free)", c.live);
}
END_TEST


static Suite *
selector_suite(void)
{
    Suite  *s;
    TCase  *tc;
    int     n;

    s = suite_create("selector");

    tc = tcase_create("parse");
    tcase_add_test(tc, test_parse_tag);
    tcase_add_test(tc, test_parse_universal);
    tcase_add_test(tc, test_parse_id_class);
    tcase_add_test(tc, test_parse_attr_forms);
    tcase_add_test(tc, test_parse_compound);
    tcase_add_test(tc, test_parse_combinators);
    tcase_add_test(tc, test_parse_list);
    tcase_add_test(tc, test_parse_limits);
    tcase_add_test(tc, test_parse_ancestor_bits);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    for (n = 0; bad[n].src != NULL; n++) {
        /* count */
    }
    tcase_add_loop_test(tc, test_parse_errors, 0, n);
    tcase_add_test(tc, test_parse_error_offset);
    tcase_add_test(tc, test_parse_errors_free);
    tcase_add_test(tc, test_parse_no_memory);
    tcase_add_test(tc, test_on_element_errors);
    suite_add_tcase(s, tc);

    tc = tcase_create("match");
    tcase_add_test(tc, test_match_api);
    for (n = 0; match_cases[n].sel != NULL; n++) {
        /* count */
    }
    tcase_add_loop_test(tc, test_match_forms, 0, n);
    tcase_add_test(tc, test_match_whitespace_variants);
    tcase_add_test(tc, test_match_64_bits);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    return art_test_run(selector_suite());
}
