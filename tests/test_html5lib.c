/*
 * The html5lib-tests tokenizer suite, run through art_tokens_dump_json():
 * every (test, initial state) pair is a case; the tokens must match the
 * expected output, and feeding the input one byte at a time must give the
 * very same dump as feeding it whole.
 *
 * Inputs are fed as UTF-8.  A lone surrogate (only in doubleEscaped
 * tests) has no UTF-8 form: it is fed as its 3-byte generalized UTF-8
 * ("WTF-8") form, and the expected output is taken through the WHATWG
 * UTF-8 decoder too, which reads those bytes as U+FFFD U+FFFD U+FFFD.
 *
 * xmlViolation.test ("xmlViolationTests") expects the infoset coercions
 * of a DOM builder, not tokenizer output: it is counted as skipped.
 */

#include <dirent.h>
#include <errno.h>

#include "art_test.h"
#include "art_tokdump.h"


#define JV_MAX_DEPTH  64
#define SHOW_FAILURES 20


typedef enum {
    JV_NULL = 0,
    JV_FALSE,
    JV_TRUE,
    JV_NUM,
    JV_STR,
    JV_ARR,
    JV_OBJ
} jv_type_e;


typedef struct jv_s  jv_t;

struct jv_s {
    jv_type_e   type;
    double      num;
    char       *str;        /* JV_STR: NUL-terminated, len bytes */
    size_t      len;
    jv_t      **items;      /* JV_ARR and JV_OBJ values */
    jv_t      **keys;       /* JV_OBJ keys (strings) */
    size_t      n;
    size_t      cap;
};


typedef struct {
    const unsigned char  *p;
    const unsigned char  *end;
    const char           *err;
} jp_t;


typedef struct {
    size_t   total;
    size_t   passed;
    size_t   skipped;
    size_t   stream_total;
    size_t   stream_mismatch;
    size_t   shown;
    FILE    *fails;
    int      files;
} corpus_t;


/* JSON values */

static jv_t *
jv_new(jv_type_e type)
{
    jv_t  *v;

    v = calloc(1, sizeof(jv_t));
    ck_assert_ptr_nonnull(v);
    v->type = type;

    return v;
}


static void
jv_free(jv_t *v)
{
    size_t  i;

    if (v == NULL) {
        return;
    }

    for (i = 0; i < v->n; i++) {
        jv_free(v->items[i]);

        if (v->keys != NULL) {
            jv_free(v->keys[i]);
        }
    }

    free(v->items);
    free(v->keys);
    free(v->str);
    free(v);
}


static void
jv_push(jv_t *v, jv_t *key, jv_t *item)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 4;
        v->items = realloc(v->items, v->cap * sizeof(jv_t *));
        ck_assert_ptr_nonnull(v->items);

        if (v->type == JV_OBJ) {
            v->keys = realloc(v->keys, v->cap * sizeof(jv_t *));
            ck_assert_ptr_nonnull(v->keys);
        }
    }

    if (v->type == JV_OBJ) {
        v->keys[v->n] = key;
    }

    v->items[v->n++] = item;
}


static jv_t *
jv_str(const void *p, size_t n)
{
    jv_t  *v;

    v = jv_new(JV_STR);
    v->str = malloc(n + 1);
    ck_assert_ptr_nonnull(v->str);
    memcpy(v->str, p, n);
    v->str[n] = '\0';
    v->len = n;

    return v;
}


static jv_t *
jv_get(const jv_t *obj, const char *key)
{
    size_t  i;

    if (obj == NULL || obj->type != JV_OBJ) {
        return NULL;
    }

    for (i = 0; i < obj->n; i++) {
        if (strcmp(obj->keys[i]->str, key) == 0) {
            return obj->items[i];
        }
    }

    return NULL;
}


/*
 * Any code point, surrogates included, in generalized UTF-8: a lone
 * surrogate must survive until it is fed as bytes.
 */
static void
put_cp(art_buf_t *b, unsigned long cp)
{
    unsigned char  u[4];
    size_t         n;

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

    art_buf_append(b, u, n);
}


static int
hex4(const unsigned char *p, const unsigned char *end, unsigned long *cp)
{
    int            i;
    unsigned char  c;

    if (end - p < 4) {
        return -1;
    }

    *cp = 0;

    for (i = 0; i < 4; i++) {
        c = p[i];

        if (c >= '0' && c <= '9') {
            *cp = *cp * 16 + (c - '0');
        } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
            *cp = *cp * 16 + ((c | 0x20) - 'a' + 10);
        } else {
            return -1;
        }
    }

    return 0;
}


/*
 * After "\u" and a first code unit: a high surrogate followed by
 * "\uDC00".."\uDFFF" makes one code point; *p moves past what was used.
 */
static unsigned long
join_surrogates(unsigned long hi, const unsigned char **p,
    const unsigned char *end)
{
    unsigned long  lo;

    if (hi >= 0xd800 && hi <= 0xdbff && end - *p >= 6
        && (*p)[0] == '\\' && (*p)[1] == 'u'
        && hex4(*p + 2, end, &lo) == 0 && lo >= 0xdc00 && lo <= 0xdfff)
    {
        *p += 6;
        return 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
    }

    return hi;
}


/* the JSON parser */

static void
jp_space(jp_t *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\n' || *j->p == '\r'
                             || *j->p == '\t'))
    {
        j->p++;
    }
}


static jv_t *
jp_string(jp_t *j)
{
    art_buf_t             b;
    unsigned long         cp;
    unsigned char         c;
    jv_t                 *v;

    art_buf_init(&b, &art_malloc_allocator);
    j->p++;

    for ( ;; ) {
        if (j->p >= j->end) {
            j->err = "unterminated string";
            art_buf_free(&b);
            return NULL;
        }

        c = *j->p++;

        if (c == '"') {
            break;
        }

        if (c != '\\') {
            art_buf_append_byte(&b, c);
            continue;
        }

        if (j->p >= j->end) {
            continue;
        }

        c = *j->p++;

        switch (c) {
        case 'b': art_buf_append_byte(&b, '\b'); break;
        case 'f': art_buf_append_byte(&b, '\f'); break;
        case 'n': art_buf_append_byte(&b, '\n'); break;
        case 'r': art_buf_append_byte(&b, '\r'); break;
        case 't': art_buf_append_byte(&b, '\t'); break;
        case 'u':
            if (hex4(j->p, j->end, &cp) != 0) {
                j->err = "bad \\u escape";
                art_buf_free(&b);
                return NULL;
            }

            j->p += 4;
            put_cp(&b, join_surrogates(cp, &j->p, j->end));
            break;
        default:
            art_buf_append_byte(&b, c);
        }
    }

    ck_assert_int_eq(b.failed, 0);
    v = jv_str(b.data != NULL ? (const void *) b.data : "", b.len);
    art_buf_free(&b);

    return v;
}


static jv_t *
jp_value(jp_t *j, int depth)
{
    jv_t  *v, *key, *item;
    char  *end;

    jp_space(j);

    if (j->p >= j->end) {
        j->err = "unexpected end";
        return NULL;
    }

    if (depth > JV_MAX_DEPTH) {
        j->err = "too deep";
        return NULL;
    }

    switch (*j->p) {

    case '"':
        return jp_string(j);

    case '[':
    case '{':
        v = jv_new(*j->p == '[' ? JV_ARR : JV_OBJ);
        j->p++;
        jp_space(j);

        if (j->p < j->end && *j->p == (v->type == JV_ARR ? ']' : '}')) {
            j->p++;
            return v;
        }

        for ( ;; ) {
            key = NULL;

            if (v->type == JV_OBJ) {
                jp_space(j);

                if (j->p >= j->end || *j->p != '"') {
                    j->err = "expected a key";
                    break;
                }

                key = jp_string(j);
                if (key == NULL) {
                    break;
                }

                jp_space(j);

                if (j->p >= j->end || *j->p != ':') {
                    jv_free(key);
                    j->err = "expected ':'";
                    break;
                }

                j->p++;
            }

            item = jp_value(j, depth + 1);
            if (item == NULL) {
                jv_free(key);
                break;
            }

            jv_push(v, key, item);
            jp_space(j);

            if (j->p < j->end && *j->p == ',') {
                j->p++;
                continue;
            }

            if (j->p < j->end && *j->p == (v->type == JV_ARR ? ']' : '}')) {
                j->p++;
                return v;
            }

            j->err = "expected ',' or a closing bracket";
            break;
        }

        jv_free(v);
        return NULL;

    case 't':
    case 'f':
    case 'n':
        if (j->end - j->p >= 4 && memcmp(j->p, "true", 4) == 0) {
            j->p += 4;
            return jv_new(JV_TRUE);
        }

        if (j->end - j->p >= 5 && memcmp(j->p, "false", 5) == 0) {
            j->p += 5;
            return jv_new(JV_FALSE);
        }

        if (j->end - j->p >= 4 && memcmp(j->p, "null", 4) == 0) {
            j->p += 4;
            return jv_new(JV_NULL);
        }

        j->err = "bad literal";
        return NULL;

    default:
        if (*j->p == '-' || (*j->p >= '0' && *j->p <= '9')) {
            char  num[64];
            size_t  k = 0;

            while (j->p < j->end && k < sizeof(num) - 1
                   && strchr("+-.eE0123456789", *j->p) != NULL)
            {
                num[k++] = (char) *j->p++;
            }

            num[k] = '\0';
            v = jv_new(JV_NUM);
            v->num = strtod(num, &end);

            if (*end != '\0') {
                jv_free(v);
                j->err = "bad number";
                return NULL;
            }

            return v;
        }

        j->err = "unexpected character";
        return NULL;
    }
}


/* NULL with *err set when p is not one JSON value */
static jv_t *
json_parse(const void *p, size_t n, const char **err)
{
    jp_t   j;
    jv_t  *v;

    j.p = p;
    j.end = j.p + n;
    j.err = NULL;

    v = jp_value(&j, 0);

    if (v != NULL) {
        jp_space(&j);

        if (j.p != j.end) {
            jv_free(v);
            v = NULL;
            j.err = "trailing bytes";
        }
    }

    *err = j.err;

    return v;
}


static jv_t *
json_parse_str(const char *s, const char **err)
{
    return json_parse(s, strlen(s), err);
}


static void
json_write_str(art_buf_t *b, const unsigned char *p, size_t n)
{
    size_t  i;

    art_buf_append_byte(b, '"');

    for (i = 0; i < n; i++) {
        if (p[i] == '"' || p[i] == '\\') {
            art_buf_printf(b, "\\%c", p[i]);
        } else if (p[i] == '\n') {
            art_buf_append_str(b, "\\n");
        } else if (p[i] < 0x20 || p[i] == 0x7f) {
            art_buf_printf(b, "\\u%04x", p[i]);
        } else {
            art_buf_append_byte(b, p[i]);
        }
    }

    art_buf_append_byte(b, '"');
}


static void
json_write(art_buf_t *b, const jv_t *v)
{
    size_t  i;

    switch (v->type) {
    case JV_NULL: art_buf_append_str(b, "null"); break;
    case JV_FALSE: art_buf_append_str(b, "false"); break;
    case JV_TRUE: art_buf_append_str(b, "true"); break;
    case JV_NUM: art_buf_printf(b, "%g", v->num); break;
    case JV_STR:
        json_write_str(b, (const unsigned char *) v->str, v->len);
        break;
    default:
        art_buf_append_byte(b, v->type == JV_ARR ? '[' : '{');

        for (i = 0; i < v->n; i++) {
            if (i > 0) {
                art_buf_append_byte(b, ',');
            }

            if (v->type == JV_OBJ) {
                json_write(b, v->keys[i]);
                art_buf_append_byte(b, ':');
            }

            json_write(b, v->items[i]);
        }

        art_buf_append_byte(b, v->type == JV_ARR ? ']' : '}');
    }
}


/* structural equality; object members in any order */
static int
jv_equal(const jv_t *a, const jv_t *b)
{
    size_t  i, k;

    if (a->type != b->type) {
        return 0;
    }

    switch (a->type) {
    case JV_NUM:
        return a->num == b->num;

    case JV_STR:
        return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;

    case JV_ARR:
        if (a->n != b->n) {
            return 0;
        }

        for (i = 0; i < a->n; i++) {
            if (!jv_equal(a->items[i], b->items[i])) {
                return 0;
            }
        }

        return 1;

    case JV_OBJ:
        if (a->n != b->n) {
            return 0;
        }

        for (i = 0; i < a->n; i++) {
            for (k = 0; k < b->n; k++) {
                if (jv_equal(a->keys[i], b->keys[k])) {
                    break;
                }
            }

            if (k == b->n || !jv_equal(a->items[i], b->items[k])) {
                return 0;
            }
        }

        return 1;

    default:
        return 1;
    }
}


/* the test's own transformations */

/* doubleEscaped: "\uHHHH" in the text stands for that code point */
static void
unescape_u(art_buf_t *b, const char *s, size_t n)
{
    const unsigned char  *p, *end;
    unsigned long         cp;

    p = (const unsigned char *) s;
    end = p + n;

    while (p < end) {
        if (end - p >= 6 && p[0] == '\\' && p[1] == 'u'
            && hex4(p + 2, end, &cp) == 0)
        {
            p += 6;
            put_cp(b, join_surrogates(cp, &p, end));
            continue;
        }

        art_buf_append_byte(b, *p++);
    }
}


/*
 * What the WHATWG UTF-8 decoder makes of the bytes: each maximal invalid
 * subpart is one U+FFFD.
 */
static void
utf8_sanitize(art_buf_t *b, const unsigned char *p, size_t n)
{
    size_t         i, k, need;
    unsigned char  c, lo, hi;

    i = 0;

    while (i < n) {
        c = p[i];

        if (c < 0x80) {
            art_buf_append_byte(b, c);
            i++;
            continue;
        }

        lo = 0x80;
        hi = 0xbf;

        if (c >= 0xc2 && c <= 0xdf) {
            need = 1;
        } else if (c >= 0xe0 && c <= 0xef) {
            need = 2;
            lo = c == 0xe0 ? 0xa0 : 0x80;
            hi = c == 0xed ? 0x9f : 0xbf;
        } else if (c >= 0xf0 && c <= 0xf4) {
            need = 3;
            lo = c == 0xf0 ? 0x90 : 0x80;
            hi = c == 0xf4 ? 0x8f : 0xbf;
        } else {
            need = 0;
        }

        for (k = 1; need > 0 && k <= need; k++) {
            if (i + k >= n || p[i + k] < lo || p[i + k] > hi) {
                break;
            }

            lo = 0x80;
            hi = 0xbf;
        }

        if (need > 0 && k > need) {
            art_buf_append(b, p + i, need + 1);
            i += need + 1;

        } else {
            art_buf_append(b, "\xef\xbf\xbd", 3);
            i += need > 0 ? k : 1;
        }
    }
}


/* every string of v (keys too), unescaped if so and sanitized */
static void
normalize_strings(jv_t *v, int double_escaped)
{
    art_buf_t  a, b;
    size_t     i;

    if (v->type == JV_STR) {
        art_buf_init(&a, &art_malloc_allocator);
        art_buf_init(&b, &art_malloc_allocator);

        if (double_escaped) {
            unescape_u(&a, v->str, v->len);
        } else {
            art_buf_append(&a, v->str, v->len);
        }

        utf8_sanitize(&b, a.data, a.len);
        art_buf_append_byte(&b, '\0');
        ck_assert_int_eq(b.failed, 0);

        free(v->str);
        v->str = malloc(b.len);
        ck_assert_ptr_nonnull(v->str);
        memcpy(v->str, b.data, b.len);
        v->len = b.len - 1;

        art_buf_free(&a);
        art_buf_free(&b);
        return;
    }

    for (i = 0; i < v->n; i++) {
        normalize_strings(v->items[i], double_escaped);

        if (v->keys != NULL) {
            normalize_strings(v->keys[i], double_escaped);
        }
    }
}


static int
is_character(const jv_t *tok)
{
    return tok->type == JV_ARR && tok->n == 2
           && tok->items[0]->type == JV_STR
           && strcmp(tok->items[0]->str, "Character") == 0
           && tok->items[1]->type == JV_STR;
}


/* adjacent ["Character", ...] tokens become one */
static void
merge_characters(jv_t *list)
{
    size_t   i, n;
    jv_t    *prev, *tok;
    char    *s;

    if (list->type != JV_ARR) {
        return;
    }

    n = 0;
    prev = NULL;

    for (i = 0; i < list->n; i++) {
        tok = list->items[i];

        if (prev != NULL && is_character(prev) && is_character(tok)) {
            s = malloc(prev->items[1]->len + tok->items[1]->len + 1);
            ck_assert_ptr_nonnull(s);
            memcpy(s, prev->items[1]->str, prev->items[1]->len);
            memcpy(s + prev->items[1]->len, tok->items[1]->str,
                   tok->items[1]->len + 1);

            prev->items[1]->len += tok->items[1]->len;
            free(prev->items[1]->str);
            prev->items[1]->str = s;
            jv_free(tok);
            continue;
        }

        list->items[n++] = tok;
        prev = tok;
    }

    list->n = n;
}


static int
state_by_name(const char *name, art_text_state_e *state)
{
    static const struct {
        const char        *name;
        art_text_state_e   state;
    } states[] = {
        { "Data state", ART_STATE_DATA },
        { "PLAINTEXT state", ART_STATE_PLAINTEXT },
        { "RCDATA state", ART_STATE_RCDATA },
        { "RAWTEXT state", ART_STATE_RAWTEXT },
        { "Script data state", ART_STATE_SCRIPT_DATA },
        { "CDATA section state", ART_STATE_CDATA_SECTION },
    };
    size_t  i;

    for (i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
        if (strcmp(states[i].name, name) == 0) {
            *state = states[i].state;
            return 0;
        }
    }

    return -1;
}


static void
report(corpus_t *c, const char *what, const char *file, const jv_t *desc,
    const char *state, const unsigned char *in, size_t n,
    const char *expected, const char *got)
{
    art_buf_t  b;

    art_buf_init(&b, &art_malloc_allocator);
    art_buf_printf(&b, "%s %s: ", what, file);
    if (desc != NULL && desc->type == JV_STR) {
        art_buf_append(&b, desc->str, desc->len);
    }
    art_buf_printf(&b, "\n  state:    %s\n  input:    ", state);
    json_write_str(&b, in, n);
    art_buf_printf(&b, "\n  expected: %s\n  got:      %s\n", expected, got);

    if (c->fails != NULL) {
        fwrite(b.data, 1, b.len, c->fails);
    }

    if (c->shown < SHOW_FAILURES) {
        fwrite(b.data, 1, b.len, stdout);
        c->shown++;
    }

    art_buf_free(&b);
}


/* one (test, initial state) case */
static void
run_case(corpus_t *c, const char *file, const jv_t *test,
    const unsigned char *in, size_t n, const jv_t *expected,
    const char *state_name)
{
    art_text_state_e   state;
    const jv_t        *last;
    const char        *err;
    art_buf_t          whole, bytewise, exp;
    jv_t              *got;

    if (state_by_name(state_name, &state) != 0) {
        printf("html5lib: %s: unknown initial state \"%s\", skipped\n",
               file, state_name);
        c->skipped++;
        return;
    }

    last = jv_get(test, "lastStartTag");

    art_buf_init(&whole, &art_malloc_allocator);
    art_buf_init(&bytewise, &art_malloc_allocator);
    art_buf_init(&exp, &art_malloc_allocator);

    ck_assert_int_eq(art_tokens_dump_json(&whole, &art_malloc_allocator,
                         in, n, state,
                         last != NULL && last->type == JV_STR ? last->str
                                                              : NULL,
                         0), 0);
    art_buf_append_byte(&whole, '\0');
    ck_assert_int_eq(whole.failed, 0);

    json_write(&exp, expected);
    art_buf_append_byte(&exp, '\0');

    c->total++;

    got = json_parse(whole.data, whole.len - 1, &err);

    if (got == NULL) {
        report(c, "FAIL", file, jv_get(test, "description"), state_name,
               in, n, (char *) exp.data, err);

    } else {
        merge_characters(got);

        if (jv_equal(expected, got)) {
            c->passed++;
        } else {
            report(c, "FAIL", file, jv_get(test, "description"),
                   state_name, in, n, (char *) exp.data,
                   (char *) whole.data);
        }

        jv_free(got);
    }

    /* streaming identity: one byte at a time gives the same dump */
    ck_assert_int_eq(art_tokens_dump_json(&bytewise, &art_malloc_allocator,
                         in, n, state,
                         last != NULL && last->type == JV_STR ? last->str
                                                              : NULL,
                         1), 0);
    art_buf_append_byte(&bytewise, '\0');
    ck_assert_int_eq(bytewise.failed, 0);

    c->stream_total++;

    if (bytewise.len != whole.len
        || memcmp(bytewise.data, whole.data, whole.len) != 0)
    {
        c->stream_mismatch++;
        report(c, "STREAMING", file, jv_get(test, "description"),
               state_name, in, n, (char *) whole.data,
               (char *) bytewise.data);
    }

    art_buf_free(&whole);
    art_buf_free(&bytewise);
    art_buf_free(&exp);
}


static void
run_test(corpus_t *c, const char *file, const jv_t *test)
{
    static const char  *data_state = "Data state";
    const jv_t         *input, *output, *states, *dbl;
    jv_t               *expected;
    art_buf_t           in;
    size_t              i;
    const char         *err;
    int                 double_escaped;

    input = jv_get(test, "input");
    output = jv_get(test, "output");
    states = jv_get(test, "initialStates");
    dbl = jv_get(test, "doubleEscaped");
    double_escaped = dbl != NULL && dbl->type == JV_TRUE;

    ck_assert_msg(input != NULL && input->type == JV_STR
                  && output != NULL && output->type == JV_ARR,
                  "%s: a test without input or output", file);

    art_buf_init(&in, &art_malloc_allocator);

    if (double_escaped) {
        unescape_u(&in, input->str, input->len);
    } else {
        art_buf_append(&in, input->str, input->len);
    }

    art_buf_append_byte(&in, '\0');
    ck_assert_int_eq(in.failed, 0);

    /* a private copy of the expected output, normalized */
    {
        art_buf_t  b;

        art_buf_init(&b, &art_malloc_allocator);
        json_write(&b, output);
        expected = json_parse(b.data, b.len, &err);
        ck_assert_ptr_nonnull(expected);
        art_buf_free(&b);
    }

    normalize_strings(expected, double_escaped);
    merge_characters(expected);

    if (states == NULL || states->type != JV_ARR) {
        run_case(c, file, test, in.data, in.len - 1, expected, data_state);

    } else {
        for (i = 0; i < states->n; i++) {
            ck_assert_int_eq(states->items[i]->type, JV_STR);
            run_case(c, file, test, in.data, in.len - 1, expected,
                     states->items[i]->str);
        }
    }

    jv_free(expected);
    art_buf_free(&in);
}


static int
cmp_names(const void *a, const void *b)
{
    return strcmp(*(char * const *) a, *(char * const *) b);
}


/* all of the suite; returns -1 (and says why) when it is not there */
static int
run_corpus(corpus_t *c)
{
    const char     *shared, *err;
    char            dir[1024], path[2048];
    DIR            *d;
    struct dirent  *e;
    char           *names[256];
    size_t          nnames, i, k, len;
    unsigned char  *text;
    jv_t           *root, *tests, *xml;

    memset(c, 0, sizeof(corpus_t));

    shared = art_test_shared_dir();
    if (shared == NULL) {
        printf("html5lib: no shared directory, skipped\n");
        return -1;
    }

    snprintf(dir, sizeof(dir), "%s/html5lib-tests/tokenizer", shared);

    d = opendir(dir);
    if (d == NULL) {
        printf("html5lib: %s: %s, skipped\n", dir, strerror(errno));
        return -1;
    }

    nnames = 0;

    while ((e = readdir(d)) != NULL && nnames < 256) {
        len = strlen(e->d_name);

        if (len > 5 && strcmp(e->d_name + len - 5, ".test") == 0) {
            names[nnames] = strdup(e->d_name);
            ck_assert_ptr_nonnull(names[nnames]);
            nnames++;
        }
    }

    closedir(d);
    qsort(names, nnames, sizeof(char *), cmp_names);

    mkdir("build", 0777);
    c->fails = fopen("build/html5lib-failures.txt", "w");
    if (c->fails == NULL) {
        printf("html5lib: build/html5lib-failures.txt: %s\n",
               strerror(errno));
    }

    for (i = 0; i < nnames; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);

        text = art_test_read_file(path, &len);
        ck_assert_msg(text != NULL, "cannot read %s", path);

        root = json_parse(text, len, &err);
        ck_assert_msg(root != NULL, "%s: %s", path, err);
        free(text);

        tests = jv_get(root, "tests");
        xml = jv_get(root, "xmlViolationTests");

        if (tests != NULL && tests->type == JV_ARR) {
            for (k = 0; k < tests->n; k++) {
                run_test(c, names[i], tests->items[k]);
            }

            c->files++;

        } else if (xml != NULL && xml->type == JV_ARR) {
            printf("html5lib: %s: %zu DOM-coercion tests skipped\n",
                   names[i], xml->n);
            c->skipped += xml->n;

        } else {
            ck_abort_msg("%s: no \"tests\"", path);
        }

        jv_free(root);
        free(names[i]);
    }

    if (c->fails != NULL) {
        fclose(c->fails);
    }

    return 0;
}


START_TEST(test_conformance)
{
    corpus_t  c;

    if (run_corpus(&c) != 0) {
        return;
    }

    printf("html5lib: %zu/%zu passed (%zu skipped, %d files); "
           "failures in build/html5lib-failures.txt\n",
           c.passed, c.total, c.skipped, c.files);
    printf("html5lib: streaming identity (1-byte chunks): %zu/%zu "
           "mismatched\n", c.stream_mismatch, c.stream_total);

    ck_assert_uint_gt(c.total, 0);
    ck_assert_msg(c.passed * 100 >= c.total * 99,
                  "html5lib: only %zu/%zu passed", c.passed, c.total);
    ck_assert_msg(c.stream_mismatch == 0,
                  "html5lib: %zu cases differ when fed byte by byte",
                  c.stream_mismatch);
}
END_TEST


/* the test's own machinery, so that a pass means something */

START_TEST(test_json_parser)
{
    const char  *err, *json;
    jv_t        *v, *w;
    art_buf_t    b;

    json = "{\"a\": [1, -2.5e1, true, false, null, "
           "\"x\\u00e9\\ud83d\\ude00\\ud800\\n\"]}";
    v = json_parse_str(json, &err);
    ck_assert_ptr_nonnull(v);

    w = jv_get(v, "a");
    ck_assert_ptr_nonnull(w);
    ck_assert_int_eq(w->n, 6);
    ck_assert(w->items[1]->num == -25.0);
    ck_assert_int_eq(w->items[2]->type, JV_TRUE);
    ck_assert_int_eq(w->items[4]->type, JV_NULL);
    ck_assert_uint_eq(w->items[5]->len, 1 + 2 + 4 + 3 + 1);
    ck_assert(memcmp(w->items[5]->str,
                     "x\xc3\xa9\xf0\x9f\x98\x80\xed\xa0\x80\n", 11) == 0);
    jv_free(v);

    ck_assert_ptr_null(json_parse_str("[1,", &err));
    ck_assert_ptr_null(json_parse_str("[1] x", &err));
    ck_assert_ptr_null(json_parse_str("{\"a\" 1}", &err));

    /* doubleEscaped unescaping, and the decoder's view of a surrogate */
    art_buf_init(&b, &art_malloc_allocator);
    unescape_u(&b, "a\\u0041\\uD83D\\uDE00\\uDFFF", 25);
    ck_assert_uint_eq(b.len, 1 + 1 + 4 + 3);
    ck_assert(memcmp(b.data, "aA\xf0\x9f\x98\x80\xed\xbf\xbf", 9) == 0);
    art_buf_free(&b);

    art_buf_init(&b, &art_malloc_allocator);
    utf8_sanitize(&b, (const unsigned char *)
                  "a\xed\xa0\x80\xc3\xa9\xe2\x82", 8);
    ck_assert_uint_eq(b.len, 1 + 9 + 2 + 3);
    ck_assert(memcmp(b.data, "a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
                     "\xc3\xa9\xef\xbf\xbd", 15) == 0);
    art_buf_free(&b);

    /* Character merging and order-free objects */
    v = json_parse_str("[[\"Character\",\"a\"],[\"Character\",\"b\"],"
                   "[\"StartTag\",\"x\",{\"p\":\"1\",\"q\":\"2\"}]]",
                   &err);
    ck_assert_ptr_nonnull(v);
    merge_characters(v);
    w = json_parse_str("[[\"Character\",\"ab\"],"
                   "[\"StartTag\",\"x\",{\"q\":\"2\",\"p\":\"1\"}]]", &err);
    ck_assert_ptr_nonnull(w);
    ck_assert(jv_equal(v, w));
    jv_free(w);

    w = json_parse_str("[[\"Character\",\"ab\"],"
                   "[\"StartTag\",\"x\",{\"q\":\"2\",\"p\":\"3\"}]]", &err);
    ck_assert_ptr_nonnull(w);
    ck_assert(!jv_equal(v, w));
    jv_free(w);
    jv_free(v);
}
END_TEST


/* the dump itself, on inputs whose html5lib form is known by heart */

static void
check_dump_n(const char *in, size_t n, art_text_state_e state,
    const char *last, const char *expected)
{
    art_buf_t  b;
    size_t     chunk;

    for (chunk = 0; chunk < 4; chunk++) {
        art_buf_init(&b, &art_malloc_allocator);
        ck_assert_int_eq(art_tokens_dump_json(&b, &art_malloc_allocator,
                             (const unsigned char *) in, n, state,
                             last, chunk), 0);
        art_buf_append_byte(&b, '\0');
        ck_assert_msg(strcmp((char *) b.data, expected) == 0,
                      "%s (chunk %zu): got %s, expected %s", in, chunk,
                      (char *) b.data, expected);
        art_buf_free(&b);
    }
}


static void
check_dump(const char *in, art_text_state_e state, const char *last,
    const char *expected)
{
    check_dump_n(in, strlen(in), state, last, expected);
}


START_TEST(test_dump)
{
    check_dump("", ART_STATE_DATA, NULL, "[]");
    check_dump("<A HREF='x&amp;y' b=1 href=2 c/>t&lt;u",
               ART_STATE_DATA, NULL,
               "[[\"StartTag\",\"a\",{\"href\":\"x&y\",\"b\":\"1\","
               "\"c\":\"\"},true],[\"Character\",\"t<u\"]]");
    check_dump("<!DOCTYPE Html PUBLIC \"p\" 's'><!--c\r\nd-->\"\\\x01</P x>",
               ART_STATE_DATA, NULL,
               "[[\"DOCTYPE\",\"html\",\"p\",\"s\",true],"
               "[\"Comment\",\"c\\nd\"],[\"Character\",\"\\\"\\\\\\u0001\"],"
               "[\"EndTag\",\"p\"]]");
    check_dump("<!doctype>a\r\nb</>c", ART_STATE_DATA, NULL,
               "[[\"DOCTYPE\",null,null,null,false],"
               "[\"Character\",\"a\\nbc\"]]");
    check_dump("&amp;</title>&amp;", ART_STATE_RCDATA, "title",
               "[[\"Character\",\"&\"],[\"EndTag\",\"title\"],"
               "[\"Character\",\"&\"]]");
    check_dump("&amp;</title>", ART_STATE_RAWTEXT, "style",
               "[[\"Character\",\"&amp;</title>\"]]");
    check_dump_n("a\xff\xe2\x82" "b\xc3\xa9<x\x00Y a\x00=\x00>", 17,
                 ART_STATE_DATA, NULL,
                 "[[\"Character\",\"a\xef\xbf\xbd\xef\xbf\xbd"
                 "b\xc3\xa9\"],[\"StartTag\",\"x\xef\xbf\xbdy\","
                 "{\"a\xef\xbf\xbd\":\"\xef\xbf\xbd\"}]]");
}
END_TEST


static Suite *
html5lib_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("html5lib");

    tc = tcase_create("machinery");
    tcase_add_test(tc, test_json_parser);
    tcase_add_test(tc, test_dump);
    suite_add_tcase(s, tc);

    tc = tcase_create("tokenizer");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_conformance);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    return art_test_run(html5lib_suite());
}
