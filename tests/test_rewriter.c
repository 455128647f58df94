/*
 * The rewriter: insertions, attribute edits, removal, text handlers and
 * captures on small documents, each fed whole, a byte at a time and cut
 * in two at every offset (the output must not depend on the cuts); the
 * tree builder's feedback; the depth and token-size caps; malformed
 * input; the output sink; and streaming identity over the corpus.
 */

#include <dirent.h>
#include <stdint.h>

#include "art_test.h"
#include "art_rewriter.h"


#define KB  1024


/* the sink: collects the output and checks the from_input promise */

typedef struct {
    art_buf_t             out;
    size_t                calls;
    size_t                input_calls;
    size_t                outside;      /* from_input slices not in chunk */
    const unsigned char  *chunk;
    size_t                chunk_len;
    size_t                stop_at;      /* return 7 at this call; 0: never */
} sink_t;


static int
sink_fn(void *ud, const unsigned char *p, size_t n, int from_input)
{
    sink_t     *s = ud;
    uintptr_t   a, c;

    s->calls++;

    if (from_input) {
        s->input_calls++;
        a = (uintptr_t) p;
        c = (uintptr_t) s->chunk;

        if (s->chunk == NULL || a < c || a + n > c + s->chunk_len) {
            s->outside++;
        }
    }

    if (s->stop_at && s->calls == s->stop_at) {
        return 7;
    }

    return art_buf_append(&s->out, p, n);
}


typedef void (*setup_fn)(art_rewriter_t *rw, void *ud);

typedef struct {
    const art_rewriter_settings_t  *settings;
    setup_fn                        setup;
    void                           *ud;
    /* results */
    size_t                          peak;
    size_t                          calls;
    size_t                          input_calls;
    int                             rc;
} run_t;


#define NO_CUT  ((size_t) -1)

/*
 * Rewrite in, fed in pieces of piece bytes (0: whole), or cut in two at
 * cut.  Each chunk is a fresh copy, freed when art_rewriter_write()
 * returns, so that a slice kept past its chunk shows.  The output is
 * NUL-terminated, for the caller to free.
 */
static unsigned char *
feed(run_t *r, const unsigned char *in, size_t len, size_t piece, size_t cut,
    size_t *outlen)
{
    art_rewriter_t  *rw;
    sink_t           sk;
    size_t           off, n;
    unsigned char   *chunk;
    int              rc;

    memset(&sk, 0, sizeof(sk));
    art_buf_init(&sk.out, &art_malloc_allocator);

    rw = art_rewriter_create(&art_malloc_allocator, r->settings, sink_fn,
                             &sk);
    ck_assert_ptr_nonnull(rw);

    if (r->setup != NULL) {
        r->setup(rw, r->ud);
    }

    rc = 0;
    off = 0;

    while (off < len && rc == 0) {
        if (cut != NO_CUT) {
            n = off < cut ? cut - off : len - off;

        } else {
            n = piece == 0 || piece > len - off ? len - off : piece;
        }

        /* no ck_assert here: each one that passes costs a write() */
        chunk = malloc(n ? n : 1);
        if (chunk == NULL) {
            ck_abort_msg("out of memory");
        }

        memcpy(chunk, in + off, n);
        sk.chunk = chunk;
        sk.chunk_len = n;

        rc = art_rewriter_write(rw, chunk, n);

        sk.chunk = NULL;
        free(chunk);
        off += n;
    }

    if (rc == 0) {
        rc = art_rewriter_end(rw);
    }

    r->rc = rc;
    r->peak = art_rewriter_peak_memory(rw);
    r->calls = sk.calls;
    r->input_calls = sk.input_calls;
    art_rewriter_destroy(rw);

    ck_assert_msg(sk.outside == 0, "%zu from_input slices outside the chunk",
                  sk.outside);
    ck_assert(!sk.out.failed);

    art_buf_append_byte(&sk.out, '\0');
    *outlen = sk.out.len - 1;

    return sk.out.data;
}


/* printable, for messages */
static const char *
show(const unsigned char *p, size_t n, char *buf, size_t size)
{
    size_t  i, k;

    k = 0;

    for (i = 0; i < n && k + 8 < size; i++) {
        if (p[i] >= 0x20 && p[i] < 0x7f) {
            buf[k++] = (char) p[i];

        } else {
            k += (size_t) snprintf(buf + k, size - k, "\\x%02x", p[i]);
        }
    }

    if (i < n) {
        strcpy(buf + k, "...");
        k += 3;
    }

    buf[k] = '\0';

    return buf;
}


static void
assert_same(const char *what, const unsigned char *got, size_t glen,
    const unsigned char *exp, size_t elen)
{
    char    b1[600], b2[600];
    size_t  i, s;

    if (glen == elen && memcmp(got, exp, glen) == 0) {
        return;
    }

    for (i = 0; i < glen && i < elen && got[i] == exp[i]; i++) {
        /* the first difference */
    }

    s = i > 40 ? i - 40 : 0;

    ck_abort_msg("%s: differs at byte %zu (lengths %zu, %zu)\n got: %s\n"
                 " exp: %s", what, i, glen, elen,
                 show(got + s, glen - s, b1, 240),
                 show(exp + s, elen - s, b2, 240));
}


/*
 * Rewrite in fed a byte at a time and cut in two at every offset: each
 * output must equal the output fed whole, and that must equal expect
 * (when not NULL).  The whole run goes last, so that what handlers
 * recorded is from it.
 */
static void
check_cuts_with(const art_rewriter_settings_t *settings, const char *name,
    const unsigned char *in, size_t len, setup_fn setup, void *ud,
    const unsigned char *expect, size_t explen)
{
    run_t           r;
    unsigned char  *whole, *out;
    size_t          wlen, olen, cut;
    char            what[128];

    memset(&r, 0, sizeof(r));
    r.settings = settings;
    r.setup = setup;
    r.ud = ud;

    whole = feed(&r, in, len, 0, NO_CUT, &wlen);
    ck_assert_msg(r.rc == 0, "%s: rc %d", name, r.rc);

    out = feed(&r, in, len, 1, NO_CUT, &olen);
    snprintf(what, sizeof(what), "%s, a byte at a time", name);
    assert_same(what, out, olen, whole, wlen);
    free(out);

    for (cut = 1; cut < len; cut++) {
        out = feed(&r, in, len, 0, cut, &olen);
        snprintf(what, sizeof(what), "%s, cut at %zu", name, cut);
        assert_same(what, out, olen, whole, wlen);
        free(out);
    }

    free(whole);
    whole = feed(&r, in, len, 0, NO_CUT, &wlen);

    if (expect != NULL) {
        assert_same(name, whole, wlen, expect, explen);
    }

    free(whole);
}


static void
check_cuts(const char *name, const unsigned char *in, size_t len,
    setup_fn setup, void *ud, const unsigned char *expect, size_t explen)
{
    check_cuts_with(NULL, name, in, len, setup, ud, expect, explen);
}


/* handlers described by a table */

enum {
    A_END_OF_LIST = 0,
    A_INSERT,           /* sel, pos, a: markup */
    A_SET,              /* sel, a: name, b: value */
    A_UNSET,            /* sel, a: name */
    A_REMOVE,           /* sel */
    A_CLOSE,            /* sel, pos, a: markup inserted on close */
    A_TEXT,             /* every a in text becomes b */
    A_END,              /* a: markup inserted at the end */
    A_LOOK              /* sel, a: name of an attribute read, no change */
};


typedef struct {
    int              kind;
    const char      *sel;
    art_position_e   pos;
    const char      *a;
    const char      *b;
} act_t;


#define MAX_ACTS  6

typedef struct {
    const char  *in;
    act_t        acts[MAX_ACTS];
    const char  *out;
} rcase_t;


#define INS(s, p, h)    { A_INSERT, s, ART_POS_ ## p, h, NULL }
#define SET(s, n, v)    { A_SET, s, 0, n, v }
#define UNSET(s, n)     { A_UNSET, s, 0, n, NULL }
#define REMOVE(s)       { A_REMOVE, s, 0, NULL, NULL }
#define CLOSE(s, p, h)  { A_CLOSE, s, ART_POS_ ## p, h, NULL }
#define TEXT(f, t)      { A_TEXT, NULL, 0, f, t }
#define END(h)          { A_END, NULL, 0, h, NULL }
#define LOOK(s, n)      { A_LOOK, s, 0, n, NULL }


static int
close_insert(void *ud, art_rewriter_t *rw)
{
    const char  *html = ud;

    return art_rewriter_insert(rw, (const unsigned char *) html,
                               strlen(html));
}


static int
end_insert(void *ud, art_rewriter_t *rw)
{
    const char  *html = ud;

    return art_rewriter_insert(rw, (const unsigned char *) html,
                               strlen(html));
}


static int
act_element(void *ud, art_element_t *el)
{
    const act_t  *a = ud;

    switch (a->kind) {

    case A_INSERT:
        return art_element_insert(el, a->pos, (const unsigned char *) a->a,
                                  strlen(a->a));

    case A_SET:
        return art_element_set_attr(el, a->a, (const unsigned char *) a->b,
                                    strlen(a->b));

    case A_UNSET:
        return art_element_remove_attr(el, a->a);

    case A_REMOVE:
        return art_element_remove(el);

    case A_CLOSE:
        return art_element_on_close(el, a->pos, close_insert, (void *) a->a);

    case A_LOOK:
        (void) art_element_get_attr(el, a->a, NULL);
        return 0;
    }

    return -1;
}


/* every occurrence of a->a in the text becomes a->b */
static int
act_text(void *ud, art_text_t *t)
{
    const act_t          *a = ud;
    const unsigned char  *d;
    size_t                n, i, m;

    d = art_text_data(t, &n);
    m = strlen(a->a);

    for (i = 0; m && i + m <= n; ) {
        if (memcmp(d + i, a->a, m) == 0) {
            if (art_text_replace(t, i, i + m, (const unsigned char *) a->b,
                                 strlen(a->b)) != 0)
            {
                return -1;
            }

            i += m;
            continue;
        }

        i++;
    }

    return 0;
}


static void
setup_acts(art_rewriter_t *rw, void *ud)
{
    act_t  *acts = ud;
    char    err[256];
    size_t  i;

    for (i = 0; i < MAX_ACTS && acts[i].kind != A_END_OF_LIST; i++) {
        switch (acts[i].kind) {

        case A_TEXT:
            ck_assert_int_eq(art_rewriter_on_text(rw, act_text, &acts[i]), 0);
            break;

        case A_END:
            ck_assert_int_eq(art_rewriter_on_end(rw, end_insert,
                                                 (void *) acts[i].a), 0);
            break;

        default:
            ck_assert_msg(art_rewriter_on_element(rw, acts[i].sel,
                                                  act_element, &acts[i],
                                                  err, sizeof(err)) == 0,
                          "%s: %s", acts[i].sel, err);
        }
    }
}


static void
run_case(const rcase_t *c)
{
    check_cuts(c->in, (const unsigned char *) c->in, strlen(c->in),
               setup_acts, (void *) c->acts, (const unsigned char *) c->out,
               strlen(c->out));
}


/* rewrite a string whole with a table of handlers; free the result */
static char *
rewrite(const char *in, act_t *acts)
{
    run_t           r;
    size_t          n;

    unsigned char  *out;

    memset(&r, 0, sizeof(r));
    r.setup = setup_acts;
    r.ud = acts;

    out = feed(&r, (const unsigned char *) in, strlen(in), 0, NO_CUT, &n);
    ck_assert_msg(r.rc == 0, "%s: the rewriter failed: %d", in, r.rc);

    return (char *) out;
}


/* insertion positions, implied ends, nesting, close callbacks, the end */

static const rcase_t  insert_cases[] = {
    { "<div><p>x</p></div>",
      { INS("p", BEFORE, "[B]"), INS("p", AFTER, "[A]"),
        INS("p", PREPEND, "[P]"), INS("p", APPEND, "[E]") },
      "<div>[B]<p>[P]x[E]</p>[A]</div>" },
    { "<P class=a>x</p >",
      { INS("p", BEFORE, "[B]"), INS("p", APPEND, "[E]"),
        INS("p", AFTER, "[A]") },
      "[B]<P class=a>x[E]</p >[A]" },
    /* void elements: nothing inside, everything right after */
    { "<p><img src=a>b</p>",
      { INS("img", BEFORE, "[B]"), INS("img", AFTER, "[A]") },
      "<p>[B]<img src=a>[A]b</p>" },
    { "<img src=a>b",
      { INS("img", PREPEND, "[P]"), INS("img", APPEND, "[E]"),
        INS("img", AFTER, "[A]") },
      "<img src=a>[P][E][A]b" },
    { "a<br>b<br/>c<BR>d</br>e",
      { INS("br", BEFORE, "[B]"), INS("br", AFTER, "[A]") },
      "a[B]<br>[A]b[B]<br/>[A]c[B]<BR>[A]d</br>e" },
    { "<input type=text><hr><meta charset=utf-8>x",
      { INS("*", AFTER, "|") },
      "<input type=text>|<hr>|<meta charset=utf-8>|x" },
    /* tags the tag table does not know, in selectors and in the page */
    { "<time datetime=1>a</time><x-card>b</x-card><timer>c</timer><p>d</p>",
      { INS("time[datetime]", AFTER, "[T]"), INS("x-card", APPEND, "[X]"),
        INS("p, x-card", BEFORE, "[PX]"), INS("div x-card", AFTER, "[no]") },
      "<time datetime=1>a</time>[T][PX]<x-card>b[X]</x-card><timer>c</timer>"
      "[PX]<p>d</p>" },
    { "<div><x-card><time>t</time></x-card></div>",
      { INS("div x-card", AFTER, "[DX]"), INS("x-card time", BEFORE, "[XT]"),
        INS("x-card > time", APPEND, "[C]") },
      "<div><x-card>[XT]<time>t[C]</time></x-card>[DX]</div>" },
    /* self-closing foreign elements */
    { "<svg><path d=\"M0\"/><path d=\"M1\"></path></svg>x",
      { INS("path", AFTER, "[A]"), INS("path", APPEND, "[E]") },
      "<svg><path d=\"M0\"/>[E][A]<path d=\"M1\">[E]</path>[A]</svg>x" },
    { "<svg/>x<math/>y",
      { INS("svg, math", APPEND, "[E]"), INS("svg, math", AFTER, "[A]") },
      "<svg/>[E][A]x<math/>[E][A]y" },
    { "<svg><g>x<p>y",
      { INS("svg", AFTER, "[S]"), INS("g", AFTER, "[G]") },
      "<svg><g>x[G][S]<p>y" },
    { "<svg><g>x</svg>y",
      { INS("svg", AFTER, "[S]"), INS("g", AFTER, "[G]") },
      "<svg><g>x[G]</svg>[S]y" },
    /* ends implied by the tree builder */
    { "<p>a<p>b",
      { INS("p", APPEND, "[E]"), INS("p", AFTER, "[A]") },
      "<p>a[E][A]<p>b[E][A]" },
    { "<ul><li>a<li>b</ul>",
      { INS("li", APPEND, "[E]"), INS("li", AFTER, "[A]") },
      "<ul><li>a[E][A]<li>b[E][A]</ul>" },
    { "<ul><li>a<ol><li>b</ol></ul>",
      { INS("li", AFTER, "[A]") },
      "<ul><li>a<ol><li>b[A]</ol>[A]</ul>" },
    { "<table><tr><td>a<td>b</table>",
      { INS("td", APPEND, "[E]"), INS("td", AFTER, "[A]") },
      "<table><tr><td>a[E][A]<td>b[E][A]</table>" },
    { "<table><tr><td>a<tr><td>b</table>",
      { INS("tr", AFTER, "[R]"), INS("td", AFTER, "[D]") },
      "<table><tr><td>a[D][R]<tr><td>b[D][R]</table>" },
    { "<dl><dt>a<dd>b<dt>c</dl>",
      { INS("dt, dd", AFTER, "[A]") },
      "<dl><dt>a[A]<dd>b[A]<dt>c[A]</dl>" },
    { "<select><option>a<option>b</select>",
      { INS("option", AFTER, "[A]") },
      "<select><option>a[A]<option>b[A]</select>" },
    { "<html><body><p>x",
      { INS("body", APPEND, "[bE]"), INS("p", AFTER, "[pA]"),
        INS("html", AFTER, "[hA]") },
      "<html><body><p>x[pA][bE][hA]" },
    { "<div>x",
      { INS("div", APPEND, "[E]"), INS("div", AFTER, "[A]") },
      "<div>x[E][A]" },
    { "<p>x<div>y</div>",
      { INS("p", AFTER, "[A]") },
      "<p>x[A]<div>y</div>" },
    { "<div><p>x</div>y",
      { INS("p", AFTER, "[A]") },
      "<div><p>x[A]</div>y" },
    { "<h1>a<h2>b</h2>",
      { INS("h1", AFTER, "[A]") },
      "<h1>a[A]<h2>b</h2>" },
    { "<head><title>t</title><p>x",
      { INS("head", AFTER, "[A]") },
      "<head><title>t</title>[A]<p>x" },
    { "<a href=1>x<a href=2>y</a>",
      { INS("a", AFTER, "[A]") },
      "<a href=1>x[A]<a href=2>y</a>[A]" },
    { "</p>x</div>",
      { INS("p, div", AFTER, "[A]") },
      "</p>x</div>" },
    /* an end tag does not reach past a table or a cell */
    { "<div><table><tr><td>a</div>b</td></tr></table>c</div>",
      { INS("table", AFTER, "[A]") },
      "<div><table><tr><td>a</div>b</td></tr></table>[A]c</div>" },
    { "<table><tr><td>a</tr><tr><td>b</table>",
      { INS("td", AFTER, "[D]") },
      "<table><tr><td>a[D]</tr><tr><td>b[D]</table>" },
    { "<table><tr><td>a</table>b",
      { INS("td, tr, table", AFTER, "|") },
      "<table><tr><td>a||</table>|b" },
    /* nested matches */
    { "<div><div>x</div></div>",
      { INS("div", PREPEND, "[P]"), INS("div", APPEND, "[E]") },
      "<div>[P]<div>[P]x[E]</div>[E]</div>" },
    { "<div><div>x</div></div>",
      { INS("div", BEFORE, "[B]"), INS("div", AFTER, "[A]") },
      "[B]<div>[B]<div>x</div>[A]</div>[A]" },
    { "<article><h1>T</h1></article><h1>U</h1>",
      { INS("article h1", AFTER, "[1]"), INS("article", APPEND, "[2]"),
        INS("h1", PREPEND, "[3]") },
      "<article><h1>[3]T</h1>[1][2]</article><h1>[3]U</h1>" },
    /* insertions in raw text elements */
    { "<script>a</script><title>b</title><style>c</style>",
      { INS("*", PREPEND, "["), INS("*", APPEND, "]") },
      "<script>[a]</script><title>[b]</title><style>[c]</style>" },
    /* close callbacks */
    { "<div>x</div>",
      { CLOSE("div", APPEND, "[cE]"), CLOSE("div", AFTER, "[cA]"),
        INS("div", APPEND, "[E]"), INS("div", AFTER, "[A]") },
      "<div>x[E][cE]</div>[A][cA]" },
    { "<p>a<p>b",
      { CLOSE("p", APPEND, "[cE]"), CLOSE("p", AFTER, "[cA]") },
      "<p>a[cE][cA]<p>b[cE][cA]" },
    { "<div><div>x</div>y",
      { CLOSE("div", APPEND, "[cE]"), CLOSE("div", AFTER, "[cA]") },
      "<div><div>x[cE]</div>[cA]y[cE][cA]" },
    { "a<img>b",
      { CLOSE("img", AFTER, "[cA]") },
      "a<img>[cA]b" },
    { "a<img>b",
      { CLOSE("img", APPEND, "[cE]"), INS("img", AFTER, "[A]") },
      "a<img>[A][cE]b" },
    { "<svg><circle/></svg>",
      { CLOSE("circle", AFTER, "[cA]") },
      "<svg><circle/>[cA]</svg>" },
    /* the end of the document */
    { "<p>x</p>",
      { END("[END]") },
      "<p>x</p>[END]" },
    { "<div><p>x",
      { INS("div", APPEND, "[E]"), END("[END]"), END("[END2]") },
      "<div><p>x[E][END][END2]" },
    { "x<!--y",
      { END("[END]") },
      "x<!--y[END]" },
    { "",
      { END("[END]") },
      "[END]" },
    { NULL, { { 0 } }, NULL }
};


START_TEST(test_insert)
{
    run_case(&insert_cases[_i]);
}
END_TEST


/* attributes */

static const rcase_t  attr_cases[] = {
    /* set: escaped on output */
    { "<a href=\"x\">t</a>",
      { SET("a", "href", "\"<>&'") },
      "<a href=\"&quot;&lt;&gt;&amp;&#39;\">t</a>" },
    { "<a href=x>", { SET("a", "href", "y") }, "<a href=\"y\">" },
    { "<a href='x' >", { SET("a", "href", "y") }, "<a href=\"y\" >" },
    { "<a href=\"\">", { SET("a", "href", "y") }, "<a href=\"y\">" },
    { "<a href=>", { SET("a", "href", "y") }, "<a href=\"y\">" },
    { "<input disabled>", { SET("input", "disabled", "no") },
      "<input disabled=\"no\">" },
    { "<input disabled/>", { SET("input", "disabled", "") },
      "<input disabled=\"\"/>" },
    /* unchanged attributes keep their bytes, the edited one its name */
    { "<A  HREF='x'   Class = \"y\"  data-z>",
      { SET("a", "href", "n") },
      "<A  HREF=\"n\"   Class = \"y\"  data-z>" },
    { "<A  HREF='x'   Class = \"y\"  data-z>",
      { SET("a", "class", "n") },
      "<A  HREF='x'   Class=\"n\"  data-z>" },
    { "<a\nhref=x\tid=1\n>", { SET("a", "href", "y") },
      "<a\nhref=\"y\"\tid=1\n>" },
    { "<a href=x title=\"a&amp;b\">", { SET("a", "href", "y") },
      "<a href=\"y\" title=\"a&amp;b\">" },
    /* removing an attribute that is not there changes nothing */
    { "<a href=x>", { UNSET("a", "title") }, "<a href=x>" },
    /* add */
    { "<a href=x>t</a>", { SET("a", "data-n", "1") },
      "<a href=x data-n=\"1\">t</a>" },
    { "<br/>", { SET("br", "data-n", "1") }, "<br data-n=\"1\"/>" },
    { "<img src=\"a\" />", { SET("img", "alt", "x") },
      "<img src=\"a\" alt=\"x\" />" },
    { "<p>", { SET("p", "title", "a\"b<c") },
      "<p title=\"a&quot;b&lt;c\">" },
    { "<p >", { SET("p", "id", "1"), SET("p", "class", "c") },
      "<p id=\"1\" class=\"c\" >" },
    /* remove, then set; set twice */
    { "<a href=x id=1>", { UNSET("a", "href"), SET("a", "href", "y") },
      "<a href=\"y\" id=1>" },
    { "<a href=x id=1>", { SET("a", "href", "y"), SET("a", "href", "z") },
      "<a href=\"z\" id=1>" },
    { NULL, { { 0 } }, NULL }
};


/*
 * A tag name holding a NUL byte is not the name before the NUL: "</svg\0x>"
 * does not end <svg>, here inside an element being removed, so it goes
 * with that element's content, fed whole or cut anywhere.
 */
START_TEST(test_end_tag_name_with_nul)
{
    static const unsigned char  in[] = "<svg><path>p</svg\0x>q</svg>r";
    static const unsigned char  out[] = "<svg></svg>r";
    static act_t                acts[MAX_ACTS] = { REMOVE("svg path") };

    check_cuts("end tag name with NUL", in, sizeof(in) - 1, setup_acts, acts,
               out, sizeof(out) - 1);
}
END_TEST


/*
 * End tags matched to open elements by name: names of 7, 8 and 9 bytes
 * (8 is compared as one word), differing in their last byte or in length
 * only, after longer names whose bytes stay in the token's buffer, and
 * known elements of 8 and more bytes, names cut to 31 bytes.  "!" goes
 * after each element.
 */
static const rcase_t  end_name_cases[] = {
    { "<abcdefgh>1</abcdefgh>2", { INS("*", AFTER, "!") },
      "<abcdefgh>1</abcdefgh>!2" },
    { "<abcdefgh><abcdefgx>1</abcdefgh>2", { INS("*", AFTER, "!") },
      "<abcdefgh><abcdefgx>1!</abcdefgh>!2" },
    { "<abcdefgx><abcdefgh>1</abcdefgx>2", { INS("*", AFTER, "!") },
      "<abcdefgx><abcdefgh>1!</abcdefgx>!2" },
    { "<abcdefg><abcdefgh>1</abcdefg>2", { INS("*", AFTER, "!") },
      "<abcdefg><abcdefgh>1!</abcdefg>!2" },
    { "<abcdefgh><abcdefg>1</abcdefgh>2", { INS("*", AFTER, "!") },
      "<abcdefgh><abcdefg>1!</abcdefgh>!2" },
    { "<abcdefghi><abcdefghj>1</abcdefghi>2", { INS("*", AFTER, "!") },
      "<abcdefghi><abcdefghj>1!</abcdefghi>!2" },
    { "<abcdefgh><abcdefghi>1</abcdefgh>2", { INS("*", AFTER, "!") },
      "<abcdefgh><abcdefghi>1!</abcdefgh>!2" },
    { "<xbcdefgh><abcdefgh>1</xbcdefgh>2", { INS("*", AFTER, "!") },
      "<xbcdefgh><abcdefgh>1!</xbcdefgh>!2" },
    { "<abcdefghijkl><ab>1</ab>2</abcdefghijkl>3", { INS("*", AFTER, "!") },
      "<abcdefghijkl><ab>1</ab>!2</abcdefghijkl>!3" },
    { "<ab><abcdefghijkl>1</ab>2", { INS("*", AFTER, "!") },
      "<ab><abcdefghijkl>1!</ab>!2" },
    { "<abcdefghijkl></abcdefghijkl><ab>1</abx>2</ab>3",
      { INS("*", AFTER, "!") },
      "<abcdefghijkl></abcdefghijkl>!<ab>1</abx>2</ab>!3" },
    { "<ABCDEFGH>1</abcdefgH>2", { INS("*", AFTER, "!") },
      "<ABCDEFGH>1</abcdefgH>!2" },
    { "<a0123456789012345678901234567890x>1"
      "</a0123456789012345678901234567890y>2",
      { INS("*", AFTER, "!") },
      "<a0123456789012345678901234567890x>1"
      "</a0123456789012345678901234567890y>!2" },
    { "<a012345678901234567890123456789>1"
      "</a01234567890123456789012345678x>2",
      { INS("*", AFTER, "!") },
      "<a012345678901234567890123456789>1"
      "</a01234567890123456789012345678x>2!" },
    { "<noscript><section>1</noscript>2", { INS("*", AFTER, "!") },
      "<noscript><section>1!</noscript>!2" },
    { "<blockquote><figcaption>1</blockquote>2",
      { INS("*", AFTER, "!") },
      "<blockquote><figcaption>1!</blockquote>!2" },
    { "<blockquote><figcaption>1</figcaption>2</blockquote>3",
      { INS("*", AFTER, "!") },
      "<blockquote><figcaption>1</figcaption>!2</blockquote>!3" },
    { "<div><span>1</span><br></br>2</div>3", { INS("*", AFTER, "!") },
      "<div><span>1</span>!<br>!</br>2</div>!3" },
    { "<svg><br></br>1</svg>2", { INS("*", AFTER, "!") },
      "<svg>!<br>!</br>1</svg>2" },
    { NULL, { { 0 } }, NULL }
};


START_TEST(test_end_name)
{
    run_case(&end_name_cases[_i]);
}
END_TEST


/*
 * Elements a handler changes next to ones it only looks at: what was
 * asked for one element must not stay for the next.
 */
static const rcase_t  untouched_cases[] = {
    { "<p class=x>a</p><p>b</p><p class=y>c</p>",
      { LOOK("*", "class"), INS("p.x", BEFORE, "[B]"),
        INS("p.x", PREPEND, "[P]"), INS("p.x", APPEND, "[E]"),
        INS("p.x", AFTER, "[A]") },
      "[B]<p class=x>[P]a[E]</p>[A]<p>b</p><p class=y>c</p>" },
    { "<p class=x>a</p><p>b</p>",
      { LOOK("*", "class"), SET("p.x", "title", "t"),
        UNSET("p.x", "class") },
      "<p title=\"t\">a</p><p>b</p>" },
    { "<i class=x>a</i><i>b</i><br class=x><br>c",
      { LOOK("*", "class"), REMOVE(".x") },
      "<i>b</i><br>c" },
    { "<i class=x>a</i><i>b</i><br class=x><br>c",
      { LOOK("*", "class"), CLOSE(".x", AFTER, "[C]"),
        CLOSE(".x", APPEND, "[D]") },
      "<i class=x>a[D]</i>[C]<i>b</i><br class=x>[C][D]<br>c" },
    { "<div class=x><i>a</i></div><div><i>b</i></div>",
      { LOOK("*", "class"), INS(".x i", AFTER, "!"),
        SET(".x", "id", "1") },
      "<div class=x id=\"1\"><i>a</i>!</div><div><i>b</i></div>" },
    { "<p class=x>a</p><p class=z>b</p>",
      { INS("p.x", BEFORE, "[B]"), INS("p.x", PREPEND, "[P]"),
        INS("p.x", APPEND, "[E]"), INS("p.x", AFTER, "[A]"),
        SET("p.z", "id", "2") },
      "[B]<p class=x>[P]a[E]</p>[A]<p class=z id=\"2\">b</p>" },
    { "<p class=x>a</p><p class=z>b</p>",
      { REMOVE("p.x"), INS("p.z", AFTER, "!") },
      "<p class=z>b</p>!" },
    { "<p class=x>a</p><p class=z>b</p>",
      { SET("p.x", "id", "1"), INS("p.z", AFTER, "!") },
      "<p class=x id=\"1\">a</p><p class=z>b</p>!" },
    { "<p class=x>a</p><p class=z>b</p>",
      { CLOSE("p.x", AFTER, "[C]"), INS("p.z", AFTER, "!") },
      "<p class=x>a</p>[C]<p class=z>b</p>!" },
    { NULL, { { 0 } }, NULL }
};


START_TEST(test_untouched)
{
    run_case(&untouched_cases[_i]);
}
END_TEST


START_TEST(test_attr)
{
    run_case(&attr_cases[_i]);
}
END_TEST


/*
 * Removal: where the whitespace around a removed attribute goes is not
 * specified, so runs of it in the output are compared as one space, and
 * none before ">".
 */
static void
squeeze(char *s)
{
    char  *r, *w;

    for (r = s, w = s; *r != '\0'; r++) {
        if (*r == ' ' || *r == '\t' || *r == '\n') {
            if (w == s || w[-1] != ' ') {
                *w++ = ' ';
            }
            continue;
        }

        if (*r == '>' && w != s && w[-1] == ' ') {
            w--;
        }

        *w++ = *r;
    }

    *w = '\0';
}


static const rcase_t  attr_remove_cases[] = {
    { "<a class=x href=\"y\" id=z>", { UNSET("a", "href") },
      "<a class=x id=z>" },
    { "<a href=y class=x>", { UNSET("a", "href") }, "<a class=x>" },
    { "<a class=x href=y>t", { UNSET("a", "href") }, "<a class=x>t" },
    { "<a HREF=y>", { UNSET("a", "href") }, "<a>" },
    { "<input disabled type=text>", { UNSET("input", "disabled") },
      "<input type=text>" },
    { "<a\nhref=y\tid=1>", { UNSET("a", "href") }, "<a id=1>" },
    { "<a href=x id=1>", { SET("a", "title", "t"), UNSET("a", "title") },
      "<a href=x id=1>" },
    { "<a href=http://x rel=a>", { SET("a[href^=http]", "href", "/y"),
                                    UNSET("a[rel]", "rel"),
                                    INS("a[href]", AFTER, "!") },
      "<a href=\"/y\">!" },
    { NULL, { { 0 } }, NULL }
};


START_TEST(test_attr_remove)
{
    const rcase_t  *c = &attr_remove_cases[_i];
    char           *out, exp[256];

    /* the same however cut, and the same as whole */
    check_cuts(c->in, (const unsigned char *) c->in, strlen(c->in),
               setup_acts, (void *) c->acts, NULL, 0);

    out = rewrite(c->in, (act_t *) c->acts);
    squeeze(out);
    snprintf(exp, sizeof(exp), "%s", c->out);
    squeeze(exp);
    ck_assert_msg(strcmp(out, exp) == 0, "%s: \"%s\", expected \"%s\"",
                  c->in, out, exp);
    free(out);
}
END_TEST


/* get: decoded values */

typedef struct {
    char  got[512];
} attr_rec_t;


static int
get_title(void *ud, art_element_t *el)
{
    attr_rec_t           *r = ud;
    const unsigned char  *v;
    size_t                n, len;

    v = art_element_get_attr(el, "title", &n);
    len = strlen(r->got);

    if (v == NULL) {
        snprintf(r->got + len, sizeof(r->got) - len, "(none)|");

    } else {
        snprintf(r->got + len, sizeof(r->got) - len, "%.*s|", (int) n,
                 (const char *) v);
    }

    return 0;
}


static void
setup_get_title(art_rewriter_t *rw, void *ud)
{
    char  err[256];

    memset(ud, 0, sizeof(attr_rec_t));
    ck_assert_int_eq(art_rewriter_on_element(rw, "*", get_title, ud, err,
                                             sizeof(err)), 0);
}


START_TEST(test_attr_get)
{
    static const char  *in =
        "<a title=\"a&amp;b &quot;c&quot; &lt;&#x41;&#66;\">"
        "<b TITLE='x&apos;y'><i title=\"&notit; &amp\">"
        "<u title=a&b><s title><q title=\"\"><em>"
        "<p title=\"l1\r\nl2\rl3\">";
    attr_rec_t          r;

    check_cuts("get", (const unsigned char *) in, strlen(in),
               setup_get_title, &r, (const unsigned char *) in, strlen(in));
    ck_assert_str_eq(r.got, "a&b \"c\" <AB|x'y|&notit; &|a&b|||(none)|"
                     "l1\nl2\nl3|");
}
END_TEST


/* what a handler sees after its own edits */

static int
edit_then_get(void *ud, art_element_t *el)
{
    attr_rec_t           *r = ud;
    const unsigned char  *v;
    size_t                n, len;

    ck_assert_int_eq(art_element_has_attr(el, "href"), 1);
    ck_assert_int_eq(art_element_set_attr(el, "href",
                                          (const unsigned char *) "a&b", 3),
                     0);
    v = art_element_get_attr(el, "href", &n);
    ck_assert_ptr_nonnull(v);
    len = strlen(r->got);
    snprintf(r->got + len, sizeof(r->got) - len, "%.*s|", (int) n,
             (const char *) v);

    ck_assert_int_eq(art_element_remove_attr(el, "href"), 0);
    ck_assert_ptr_null(art_element_get_attr(el, "href", &n));
    ck_assert_int_eq(art_element_has_attr(el, "href"), 0);

    ck_assert_int_eq(art_element_set_attr(el, "data-x",
                                          (const unsigned char *) "1", 1),
                     0);
    ck_assert_int_eq(art_element_has_attr(el, "data-x"), 1);
    ck_assert_ptr_null(art_element_get_attr(el, "data-y", &n));

    return 0;
}


START_TEST(test_attr_own_edits)
{
    art_rewriter_t  *rw;
    attr_rec_t       r;
    sink_t           sk;
    char             err[256];
    const char      *in = "<a href=\"x&amp;y\">t</a>";

    memset(&r, 0, sizeof(r));
    memset(&sk, 0, sizeof(sk));
    art_buf_init(&sk.out, &art_malloc_allocator);
    rw = art_rewriter_create(&art_malloc_allocator, NULL, sink_fn, &sk);
    ck_assert_int_eq(art_rewriter_on_element(rw, "a", edit_then_get, &r,
                                             err, sizeof(err)), 0);
    sk.chunk = (const unsigned char *) in;
    sk.chunk_len = strlen(in);
    ck_assert_int_eq(art_rewriter_write(rw, (const unsigned char *) in,
                                        strlen(in)), 0);
    ck_assert_int_eq(art_rewriter_end(rw), 0);
    art_rewriter_destroy(rw);

    ck_assert_str_eq(r.got, "a&b|");
    art_buf_append_byte(&sk.out, '\0');
    squeeze((char *) sk.out.data);
    ck_assert_str_eq((char *) sk.out.data, "<a data-x=\"1\">t</a>");
    art_buf_free(&sk.out);
}
END_TEST


/* each get of a value with a character reference is right, however many */

static int
get_many(void *ud, art_element_t *el)
{
    size_t               *bad = ud;
    const unsigned char  *v;
    size_t                n, i;

    for (i = 0; i < 20; i++) {
        v = art_element_get_attr(el, "title", &n);

        if (v == NULL || n != 3 || memcmp(v, "a&b", 3) != 0) {
            (*bad)++;
        }
    }

    return 0;
}


START_TEST(test_attr_get_many)
{
    art_rewriter_t  *rw;
    sink_t           sk;
    size_t           bad, i;
    act_t            mark = INS("i", AFTER, "!");
    char             err[256];
    const char      *in = "<i title=\"a&amp;b\"></i>";

    bad = 0;
    memset(&sk, 0, sizeof(sk));
    art_buf_init(&sk.out, &art_malloc_allocator);
    rw = art_rewriter_create(&art_malloc_allocator, NULL, sink_fn, &sk);
    ck_assert_int_eq(art_rewriter_on_element(rw, "i", get_many, &bad, err,
                                             sizeof(err)), 0);

    /* ten more handlers whose selectors each read the value */
    for (i = 0; i < 10; i++) {
        ck_assert_int_eq(art_rewriter_on_element(rw, "i[title=\"a&b\"]",
                                                 act_element, &mark, err,
                                                 sizeof(err)), 0);
    }

    sk.chunk = (const unsigned char *) in;
    sk.chunk_len = strlen(in);
    ck_assert_int_eq(art_rewriter_write(rw, (const unsigned char *) in,
                                        strlen(in)), 0);
    ck_assert_int_eq(art_rewriter_end(rw), 0);
    art_rewriter_destroy(rw);

    art_buf_append_byte(&sk.out, '\0');
    ck_assert_msg(bad == 0, "%zu of 20 reads of title=\"a&amp;b\" were wrong",
                  bad);
    ck_assert_str_eq((char *) sk.out.data,
                     "<i title=\"a&amp;b\"></i>!!!!!!!!!!");
    art_buf_free(&sk.out);
}
END_TEST


/*
 * Decoded values stay where they are while the handler reads others, and
 * from element to element, however much decoding makes them grow (a NUL
 * becomes the three bytes of U+FFFD).
 */

typedef struct {
    size_t  bad;
    size_t  seen;
} stay_t;


static int
get_and_keep(void *ud, art_element_t *el)
{
    stay_t               *st = ud;
    const unsigned char  *a, *b, *c, *a2;
    size_t                na, nb, nc, n, i;

    a = art_element_get_attr(el, "a", &na);
    b = art_element_get_attr(el, "b", &nb);
    c = art_element_get_attr(el, "c", &nc);
    a2 = art_element_get_attr(el, "a", &n);

    st->seen++;

    if (a == NULL || b == NULL || c == NULL || a2 != a || n != na
        || na != 3 || memcmp(a, "x&y", 3) != 0
        || nc != 2 || memcmp(c, "<>", 2) != 0
        || nb % 3 != 0 || nb == 0)
    {
        st->bad++;
        return 0;
    }

    for (i = 0; i < nb; i += 3) {
        if (memcmp(b + i, "\xef\xbf\xbd", 3) != 0) {
            st->bad++;
            return 0;
        }
    }

    return 0;
}


START_TEST(test_attr_decoded_stay)
{
    art_rewriter_t  *rw;
    sink_t           sk;
    stay_t           st;
    art_buf_t        in;
    size_t           i, k, nul;
    char             err[256];

    art_buf_init(&in, &art_malloc_allocator);

    /* elements with ever more NULs in b: each is longer than the last */
    for (k = 0, nul = 1; k < 6; k++, nul *= 7) {
        art_buf_append_str(&in, "<i a=\"x&amp;y\" b=\"");
        for (i = 0; i < nul; i++) {
            art_buf_append_byte(&in, '\0');
        }
        art_buf_append_str(&in, "\" c=\"&lt;&gt;\">t</i>");
    }

    memset(&st, 0, sizeof(st));
    memset(&sk, 0, sizeof(sk));
    art_buf_init(&sk.out, &art_malloc_allocator);
    rw = art_rewriter_create(&art_malloc_allocator, NULL, sink_fn, &sk);
    ck_assert_int_eq(art_rewriter_on_element(rw, "i", get_and_keep, &st,
                                             err, sizeof(err)), 0);

    sk.chunk = in.data;
    sk.chunk_len = in.len;
    ck_assert_int_eq(art_rewriter_write(rw, in.data, in.len), 0);
    ck_assert_int_eq(art_rewriter_end(rw), 0);
    art_rewriter_destroy(rw);

    ck_assert_uint_eq(st.seen, 6);
    ck_assert_msg(st.bad == 0, "%zu of 6 elements read wrong values",
                  st.bad);
    ck_assert_uint_eq(sk.out.len, in.len);
    ck_assert(memcmp(sk.out.data, in.data, in.len) == 0);

    art_buf_free(&sk.out);
    art_buf_free(&in);
}
END_TEST


/*
 * Edits judged by what a parser makes of the output: the attribute read
 * back from it.
 */
typedef struct {
    const char  *in;
    act_t        act;
    const char  *name;
    const char  *expect;    /* its value read back, "(none)" if absent */
} reparse_t;


static const reparse_t  reparse_cases[] = {
    /* removal must not glue a "/" onto an unquoted value before it */
    { "<img src=a alt='b'/>", UNSET("img", "alt"), "src", "a|" },
    { "<img src=a alt='b'/>", UNSET("img", "alt"), "alt", "(none)|" },
    /* set: the first of duplicates is the attribute, and stays so */
    { "<a href=1 href=2>", SET("a", "href", "3"), "href", "3|" },
    { "<a href=1 HREF=2 href=3>", SET("a", "href", "4"), "href", "4|" },
    /* nor leave a duplicate that the parser then takes instead */
    { "<a href=1 href=2>", UNSET("a", "href"), "href", "(none)|" },
    { "<a onclick=x ONCLICK=y>", UNSET("a", "onclick"), "onclick",
      "(none)|" },
    /* an empty unquoted value beside an edit */
    { "<a href= >x", SET("a", "title", "t"), "title", "t|" },
    { "<a href= >x", SET("a", "title", "t"), "href", "|" },
    { "<a href=>x", UNSET("a", "href"), "href", "(none)|" },
    { "<a id=1 href=>x", SET("a", "id", "2"), "id", "2|" },
    { NULL, { 0 }, NULL, NULL }
};


static int
get_named(void *ud, art_element_t *el)
{
    attr_rec_t           *r = ud;
    const unsigned char  *v;
    size_t                n, len;
    const char           *name = r->got + 256;

    v = art_element_get_attr(el, name, &n);
    len = strlen(r->got);

    if (v == NULL) {
        snprintf(r->got + len, 256 - len, "(none)|");

    } else {
        snprintf(r->got + len, 256 - len, "%.*s|", (int) n, (const char *) v);
    }

    return 0;
}


START_TEST(test_attr_reparse)
{
    const reparse_t  *c = &reparse_cases[_i];
    act_t             acts[2];
    art_rewriter_t   *rw;
    attr_rec_t        r;
    sink_t            sk;
    char             *out, err[256];

    memset(acts, 0, sizeof(acts));
    acts[0] = c->act;
    out = rewrite(c->in, acts);

    memset(&r, 0, sizeof(r));
    strcpy(r.got + 256, c->name);
    memset(&sk, 0, sizeof(sk));
    art_buf_init(&sk.out, &art_malloc_allocator);
    rw = art_rewriter_create(&art_malloc_allocator, NULL, sink_fn, &sk);
    ck_assert_int_eq(art_rewriter_on_element(rw, c->act.sel, get_named, &r,
                                             err, sizeof(err)), 0);
    sk.chunk = (const unsigned char *) out;
    sk.chunk_len = strlen(out);
    ck_assert_int_eq(art_rewriter_write(rw, (const unsigned char *) out,
                                        strlen(out)), 0);
    ck_assert_int_eq(art_rewriter_end(rw), 0);
    art_rewriter_destroy(rw);
    art_buf_free(&sk.out);

    ck_assert_msg(strcmp(r.got, c->expect) == 0,
                  "%s, edited, gives %s: %s reads \"%s\", expected \"%s\"",
                  c->in, out, c->name, r.got, c->expect);
    free(out);
}
END_TEST


/* removal */

static const rcase_t  remove_cases[] = {
    { "<div><p>x<b>y</b></p>z</div>", { REMOVE("p") }, "<div>z</div>" },
    { "<div><p>x</p>z</div>",
      { REMOVE("p"), INS("p", BEFORE, "[B]"), INS("p", AFTER, "[A]"),
        INS("p", PREPEND, "[P]"), INS("p", APPEND, "[E]") },
      "<div>[B][A]z</div>" },
    { "<p>a<p>b<div>c</div>", { REMOVE("p") }, "<div>c</div>" },
    { "a<img src=x>b<br>c<br/>d", { REMOVE("img"), REMOVE("br") }, "abcd" },
    { "a<img src=x>b", { REMOVE("img"), INS("img", AFTER, "[A]") },
      "a[A]b" },
    { "<svg><path/>x<path></path>y</svg>", { REMOVE("path") },
      "<svg>xy</svg>" },
    { "<div><p>x</p></div>y",
      { REMOVE("div"), INS("p", APPEND, "[E]"), INS("p", AFTER, "[A]") },
      "y" },
    { "<ul><li>a<li>b</ul>", { REMOVE("li") }, "<ul></ul>" },
    { "a<div>b", { REMOVE("div") }, "a" },
    { "a<div>b", { REMOVE("div"), END("[END]") }, "a[END]" },
    { "a<script>x</p></script>b", { REMOVE("script") }, "ab" },
    { "<p>the</p><b>the</b>", { REMOVE("p"), TEXT("the", "THE") },
      "<b>THE</b>" },
    { "<div><!--c--><![CDATA[x]]>x</div>y", { REMOVE("div") }, "y" },
    { "<div><div>x</div>y</div>z", { REMOVE("div") }, "z" },
    { "<div>x</div>y",
      { REMOVE("div"), CLOSE("div", APPEND, "[cE]"),
        CLOSE("div", AFTER, "[cA]") },
      "[cA]y" },
    { "<table><tr><td>a<td>b</table>c", { REMOVE("table") }, "c" },
    { "<div><table class=ad><tr><td>a</div>b</td></tr></table>c</div>",
      { REMOVE(".ad") }, "<div>c</div>" },
    { NULL, { { 0 } }, NULL }
};


START_TEST(test_remove)
{
    run_case(&remove_cases[_i]);
}
END_TEST


/* text */

static const rcase_t  text_cases[] = {
    { "<p>the cat the</p>", { TEXT("the", "THE") }, "<p>THE cat THE</p>" },
    { "thethe", { TEXT("the", "X") }, "XX" },
    { "the", { TEXT("the", "") }, "" },
    { "f&#111;o", { TEXT("foo", "[X]") }, "[X]" },
    { "f&#111;o f&#x6f;o f&#X6F;o", { TEXT("foo", "[X]") }, "[X] [X] [X]" },
    { "a&amp;b", { TEXT("&", "and") }, "aandb" },
    { "f&#111;o", { TEXT("o", "0") }, "f00" },
    { "caf&eacute; caf&#233; caf\xc3\xa9", { TEXT("\xc3\xa9", "E") },
      "cafE cafE cafE" },
    { "a&ampb", { TEXT("&", "+") }, "a+b" },
    { "a&lt;b>the", { TEXT("<b>", "X") }, "aXthe" },
    { "x\r\ny\rz", { TEXT("\n", "|") }, "x|y|z" },
    { "a&amp;b&amp;c", { TEXT("b", "B") }, "a&amp;B&amp;c" },
    { "cat", { TEXT("cat", "<b>cat</b>") }, "<b>cat</b>" },
    /* no match across tags or comments */
    { "a<b>the</b>c", { TEXT("the", "THE") }, "a<b>THE</b>c" },
    { "t<b>h</b>e", { TEXT("the", "X") }, "t<b>h</b>e" },
    { "th<!--x-->e", { TEXT("the", "X") }, "th<!--x-->e" },
    { "th<br>e", { TEXT("the", "X") }, "th<br>e" },
    /* where text goes to handlers and where not */
    { "<title>the &amp; the</title>", { TEXT("the", "THE") },
      "<title>THE &amp; THE</title>" },
    { "<script>the</script><style>the</style><textarea>the</textarea>the",
      { TEXT("the", "THE") },
      "<script>the</script><style>the</style><textarea>the</textarea>THE" },
    { "<xmp>the</xmp><iframe>the</iframe><noembed>the</noembed>"
      "<noframes>the</noframes>",
      { TEXT("the", "THE") },
      "<xmp>the</xmp><iframe>the</iframe><noembed>the</noembed>"
      "<noframes>the</noframes>" },
    { "<plaintext>the</plaintext>", { TEXT("the", "THE") },
      "<plaintext>the</plaintext>" },
    { "<svg><text>the</text><title>the</title></svg>",
      { TEXT("the", "THE") },
      "<svg><text>THE</text><title>THE</title></svg>" },
    { "<svg><![CDATA[the]]></svg>", { TEXT("the", "THE") },
      "<svg><![CDATA[the]]></svg>" },
    { "<noscript>the</noscript><!--the--><a title=the>", 
      { TEXT("the", "THE") },
      "<noscript>THE</noscript><!--the--><a title=the>" },
    { "<script>x</script>the<style>y</style>", { TEXT("the", "THE") },
      "<script>x</script>THE<style>y</style>" },
    /* with other edits around */
    { "<p>the</p>",
      { TEXT("the", "THE"), INS("p", PREPEND, "the"),
        INS("p", APPEND, "the") },
      "<p>theTHEthe</p>" },
    { "<a href=x>the</a>",
      { TEXT("the", "THE"), SET("a", "href", "the") },
      "<a href=\"the\">THE</a>" },
    { NULL, { { 0 } }, NULL }
};


START_TEST(test_text)
{
    run_case(&text_cases[_i]);
}
END_TEST


/*
 * Rewrite in whole and a byte at a time (each run then comes together in
 * the rewriter's own buffer), or, with cuts, cut in two everywhere too.
 */
static void
check_run(const char *name, const char *in, size_t len, act_t *acts,
    const char *exp, size_t explen, int cuts)
{
    run_t           r;
    unsigned char  *out;
    size_t          olen, piece;
    char            what[128];

    if (cuts) {
        check_cuts(name, (const unsigned char *) in, len, setup_acts, acts,
                   (const unsigned char *) exp, explen);
        return;
    }

    for (piece = 0; piece < 2; piece++) {
        memset(&r, 0, sizeof(r));
        r.setup = setup_acts;
        r.ud = acts;
        out = feed(&r, (const unsigned char *) in, len, piece, NO_CUT, &olen);
        snprintf(what, sizeof(what), "%s, in pieces of %zu", name, piece);
        assert_same(what, out, olen, (const unsigned char *) exp, explen);
        free(out);
    }
}


/*
 * Runs of every length up to past the ones looked through a word at a
 * time, with a character reference or a CR at every place (cut
 * everywhere at the first and the last), or neither: a handler sees the
 * decoded text only if the run was found not plain.
 */
START_TEST(test_text_plain_runs)
{
    static act_t   amp[MAX_ACTS] = { TEXT("&", "+") };
    static act_t   cr[MAX_ACTS] = { TEXT("\n", "|") };
    char           in[64], out[64], name[96];
    size_t         n, j;
    int            cuts;

    /* (16 bytes and less are looked through a word at a time) */
    for (n = 0; n <= 24; n++) {
        memset(in, 'a', n);
        in[n] = '\0';
        snprintf(name, sizeof(name), "%zu bytes, plain", n);
        check_run(name, in, n, amp, in, n, 1);

        for (j = 0; j + 1 <= n; j++) {
            cuts = j == 0 || j + 1 == n;

            /* byte j is "&amp;" in the source, "+" out */
            memset(in, 'a', n + 4);
            memcpy(in + j, "&amp;", 5);
            in[n + 4] = '\0';
            memset(out, 'a', n);
            out[j] = '+';
            snprintf(name, sizeof(name), "%zu bytes, & at %zu", n, j);
            check_run(name, in, n + 4, amp, out, n, cuts);

            /* byte j is a CR: a line feed to the handler, "|" out */
            memset(in, 'a', n);
            in[j] = '\r';
            memset(out, 'a', n);
            out[j] = '|';
            snprintf(name, sizeof(name), "%zu bytes, CR at %zu", n, j);
            check_run(name, in, n, cr, out, n, cuts);
        }
    }
}
END_TEST


/* the runs a text handler sees */

typedef struct {
    char  got[1024];
} text_rec_t;


static int
record_text(void *ud, art_text_t *t)
{
    text_rec_t           *r = ud;
    const unsigned char  *d;
    size_t                n, len;

    d = art_text_data(t, &n);
    len = strlen(r->got);
    snprintf(r->got + len, sizeof(r->got) - len, "%s:%.*s|",
             art_text_parent(t), (int) n, (const char *) d);

    return 0;
}


static void
setup_record_text(art_rewriter_t *rw, void *ud)
{
    memset(ud, 0, sizeof(text_rec_t));
    ck_assert_int_eq(art_rewriter_on_text(rw, record_text, ud), 0);
}


START_TEST(test_text_runs)
{
    static const struct {
        const char  *in;
        const char  *runs;
    } cases[] = {
        { "f<b>o</b>o", ":f|b:o|:o|" },
        { "f&#111;o", ":foo|" },
        { "<p>a&amp;b &lt;c&gt; &copy;</p>", "p:a&b <c> \xc2\xa9|" },
        { "<title>a&amp;<b></title>", "title:a&<b>|" },
        { "<script>a&amp;</script><style>b</style><textarea>c</textarea>",
          "" },
        { "<svg><title>t</title><desc>d</desc></svg>", "title:t|desc:d|" },
        { "a<!--x-->b<?y>c<!DOCTYPE html>d", ":a|:b|:c|:d|" },
        { "<svg>a<![CDATA[b]]>c</svg>", "svg:a|svg:c|" },
        { "<ul><li>x<li>y</ul>", "li:x|li:y|" },
        { "<p>a<p>b", "p:a|p:b|" },
        { NULL, NULL }
    };
    text_rec_t  r;
    size_t      i;

    for (i = 0; cases[i].in != NULL; i++) {
        check_cuts(cases[i].in, (const unsigned char *) cases[i].in,
                   strlen(cases[i].in), setup_record_text, &r,
                   (const unsigned char *) cases[i].in, strlen(cases[i].in));
        ck_assert_msg(strcmp(r.got, cases[i].runs) == 0,
                      "%s: runs \"%s\", expected \"%s\"", cases[i].in,
                      r.got, cases[i].runs);
    }
}
END_TEST


/* replacements given as decoded spans */

typedef struct {
    size_t       start;
    size_t       end;
    const char  *html;
} span_t;


typedef struct {
    span_t  spans[4];
    size_t  n;
    int     rc[4];
} spans_t;


static int
replace_spans(void *ud, art_text_t *t)
{
    spans_t  *s = ud;
    size_t    i;

    for (i = 0; i < s->n; i++) {
        s->rc[i] = art_text_replace(t, s->spans[i].start, s->spans[i].end,
                                    (const unsigned char *) s->spans[i].html,
                                    strlen(s->spans[i].html));
    }

    return 0;
}


static void
setup_spans(art_rewriter_t *rw, void *ud)
{
    ck_assert_int_eq(art_rewriter_on_text(rw, replace_spans, ud), 0);
}


START_TEST(test_text_spans)
{
    static const struct {
        const char  *in;
        span_t       spans[4];
        size_t       n;
        const char  *out;
    } cases[] = {
        /* start, middle, end */
        { "abcdefghij", { { 0, 2, "[s]" } }, 1, "[s]cdefghij" },
        { "abcdefghij", { { 4, 6, "[m]" } }, 1, "abcd[m]ghij" },
        { "abcdefghij", { { 8, 10, "[e]" } }, 1, "abcdefgh[e]" },
        { "abcdefghij", { { 0, 10, "[all]" } }, 1, "[all]" },
        /* several, in any order */
        { "abcdefghij", { { 8, 10, "[e]" }, { 0, 1, "[s]" },
                          { 4, 5, "[m]" } }, 3, "[s]bcd[m]fgh[e]" },
        /* adjacent, and insertions with nothing replaced */
        { "abcdef", { { 0, 3, "1" }, { 3, 6, "2" } }, 2, "12" },
        { "abcdef", { { 3, 3, "^" }, { 0, 0, "<" }, { 6, 6, ">" } }, 3,
          "<abc^def>" },
        /* overlapping: the later one is dropped, in either order */
        { "abcdefghij", { { 0, 5, "[1]" }, { 3, 8, "[2]" } }, 2,
          "[1]fghij" },
        { "abcdefghij", { { 3, 8, "[2]" }, { 0, 5, "[1]" } }, 2,
          "[1]fghij" },
        { "abcdefghij", { { 2, 4, "[1]" }, { 3, 4, "[2]" },
                          { 6, 7, "[3]" } }, 3, "ab[1]ef[3]hij" },
        /* spans inside a character reference take all of it */
        { "a&eacute;b", { { 2, 3, "[x]" } }, 1, "a[x]b" },
        { "a&eacute;b", { { 1, 2, "[x]" } }, 1, "a[x]b" },
        { "a&amp;&lt;b", { { 1, 2, "[x]" } }, 1, "a[x]&lt;b" },
        { "a&amp;&lt;b", { { 2, 3, "[x]" } }, 1, "a&amp;[x]b" },
        { "a&#128512;b", { { 2, 4, "[x]" } }, 1, "a[x]b" },
        { "x&amp;", { { 1, 2, "[x]" } }, 1, "x[x]" },
        { NULL, { { 0, 0, NULL } }, 0, NULL }
    };
    spans_t  s;
    size_t   i;

    for (i = 0; cases[i].in != NULL; i++) {
        memset(&s, 0, sizeof(s));
        memcpy(s.spans, cases[i].spans, sizeof(s.spans));
        s.n = cases[i].n;
        check_cuts(cases[i].in, (const unsigned char *) cases[i].in,
                   strlen(cases[i].in), setup_spans, &s,
                   (const unsigned char *) cases[i].out,
                   strlen(cases[i].out));
    }

    /* spans out of the text are refused */
    memset(&s, 0, sizeof(s));
    s.spans[0].start = 2;
    s.spans[0].end = 1;
    s.spans[0].html = "x";
    s.spans[1].start = 0;
    s.spans[1].end = 4;
    s.spans[1].html = "y";
    s.n = 2;
    check_cuts("bad spans", (const unsigned char *) "abc", 3, setup_spans,
               &s, (const unsigned char *) "abc", 3);
    ck_assert_int_eq(s.rc[0], -1);
    ck_assert_int_eq(s.rc[1], -1);
}
END_TEST


/* a run longer than max_text_run comes in pieces, each within the limit */

typedef struct {
    size_t      max;
    art_buf_t   all;
} pieces_t;


static int
record_pieces(void *ud, art_text_t *t)
{
    pieces_t             *p = ud;
    const unsigned char  *d;
    size_t                n;

    d = art_text_data(t, &n);
    if (n > p->max) {
        p->max = n;
    }

    art_buf_append(&p->all, d, n);

    return 0;
}


START_TEST(test_text_max_run)
{
    art_rewriter_settings_t   st;
    art_rewriter_t           *rw;
    sink_t                    sk;
    pieces_t                  p;
    char                      in[256];
    size_t                    i;

    memset(&st, 0, sizeof(st));
    st.max_text_run = 16;

    for (i = 0; i < 100; i++) {
        in[i] = (char) ('a' + i % 26);
    }
    strcpy(in + 100, "<b>x</b>");

    memset(&p, 0, sizeof(p));
    art_buf_init(&p.all, &art_malloc_allocator);
    memset(&sk, 0, sizeof(sk));
    art_buf_init(&sk.out, &art_malloc_allocator);
    rw = art_rewriter_create(&art_malloc_allocator, &st, sink_fn, &sk);
    ck_assert_int_eq(art_rewriter_on_text(rw, record_pieces, &p), 0);

    for (i = 0; i < strlen(in); i += 7) {
        sk.chunk = (const unsigned char *) in + i;
        sk.chunk_len = strlen(in) - i < 7 ? strlen(in) - i : 7;
        ck_assert_int_eq(art_rewriter_write(rw, sk.chunk, sk.chunk_len), 0);
    }

    ck_assert_int_eq(art_rewriter_end(rw), 0);
    art_rewriter_destroy(rw);

    ck_assert_uint_le(p.max, 16);
    ck_assert_uint_eq(p.all.len, 101);
    ck_assert_int_eq(memcmp(p.all.data, in, 100), 0);
    ck_assert_int_eq(p.all.data[100], 'x');
    ck_assert_uint_eq(sk.out.len, strlen(in));
    ck_assert_int_eq(memcmp(sk.out.data, in, sk.out.len), 0);
    art_buf_free(&p.all);
    art_buf_free(&sk.out);
}
END_TEST


/* captures */

typedef struct {
    char  got[512];
} cap_rec_t;


static int
record_capture(void *ud, art_text_t *t)
{
    cap_rec_t            *r = ud;
    const unsigned char  *d;
    size_t                n, len;

    d = art_text_data(t, &n);
    len = strlen(r->got);
    snprintf(r->got + len, sizeof(r->got) - len, "%s:%.*s|",
             art_text_parent(t), (int) n, (const char *) d);

    /* the captured text is not for replacing */
    ck_assert_int_eq(art_text_replace(t, 0, 0, (const unsigned char *) "x",
                                      1), -1);

    return 0;
}


static int
start_capture(void *ud, art_element_t *el)
{
    return art_element_capture_text(el, record_capture, ud);
}


typedef struct {
    const char  *sel;
    cap_rec_t    rec;
} cap_setup_t;


static void
setup_capture(art_rewriter_t *rw, void *ud)
{
    cap_setup_t  *c = ud;
    char          err[256];

    memset(&c->rec, 0, sizeof(c->rec));
    ck_assert_int_eq(art_rewriter_on_element(rw, c->sel, start_capture,
                                             &c->rec, err, sizeof(err)), 0);
}


START_TEST(test_capture)
{
    static const struct {
        const char  *sel;
        const char  *in;
        const char  *got;
    } cases[] = {
        { "h1", "<h1>Hello <em>big</em> w&amp;rld<br>!</h1>after",
          "h1:Hello big w&rld!|" },
        { "h1", "<h1>a<span><b>b</b>c</span><!--x-->d</h1><h1></h1>",
          "h1:abcd|h1:|" },
        { "h1", "<h1>open at the end", "h1:open at the end|" },
        { "h1", "<h1>a<h2>b</h2>", "h1:a|" },
        { "script",
          "<script>if (a<b) x=\"&amp;\"; </p></script>",
          "script:if (a<b) x=\"&amp;\"; </p>|" },
        { "title", "<title>a &amp; b</title>", "title:a & b|" },
        { "div", "<div>a<div>b</div>c</div>", "div:b|div:abc|" },
        { "p", "<p>x<script>y</script>z", "p:xyz|" },
        { NULL, NULL, NULL }
    };
    cap_setup_t  c;
    size_t       i;

    for (i = 0; cases[i].sel != NULL; i++) {
        c.sel = cases[i].sel;
        check_cuts(cases[i].in, (const unsigned char *) cases[i].in,
                   strlen(cases[i].in), setup_capture, &c,
                   (const unsigned char *) cases[i].in, strlen(cases[i].in));
        ck_assert_msg(strcmp(c.rec.got, cases[i].got) == 0,
                      "%s on %s: \"%s\", expected \"%s\"", cases[i].sel,
                      cases[i].in, c.rec.got, cases[i].got);
    }
}
END_TEST


/* an element captured, then one only edited: that one is not captured */
START_TEST(test_capture_then_edit)
{
    static const char  *in = "<h1>a</h1><p>b</p><h1>c<p>d</h1>";
    static const char  *out = "<h1>a</h1><p>b</p>!<h1>c<p>d!</h1>";
    static act_t        acts[MAX_ACTS] = { INS("p", AFTER, "!") };
    art_rewriter_t     *rw;
    sink_t              sk;
    cap_rec_t           rec;
    char                err[256];

    memset(&rec, 0, sizeof(rec));
    memset(&sk, 0, sizeof(sk));
    art_buf_init(&sk.out, &art_malloc_allocator);
    rw = art_rewriter_create(&art_malloc_allocator, NULL, sink_fn, &sk);
    ck_assert_int_eq(art_rewriter_on_element(rw, "h1", start_capture, &rec,
                                             err, sizeof(err)), 0);
    setup_acts(rw, acts);
    sk.chunk = (const unsigned char *) in;
    sk.chunk_len = strlen(in);
    ck_assert_int_eq(art_rewriter_write(rw, sk.chunk, sk.chunk_len), 0);
    ck_assert_int_eq(art_rewriter_end(rw), 0);
    art_rewriter_destroy(rw);

    art_buf_append_byte(&sk.out, '\0');
    ck_assert_str_eq((const char *) sk.out.data, out);
    ck_assert_str_eq(rec.got, "h1:a|h1:cd|");
    art_buf_free(&sk.out);
}
END_TEST


/* capture and text handler together: the text handler's edits stand */
START_TEST(test_capture_with_text_handler)
{
    static const struct {
        const char  *in;
        const char  *from;
        const char  *to;
        const char  *out;
        const char  *got;
    } cases[] = {
        { "<h1>the end</h1>", "the", "THE", "<h1>THE end</h1>",
          "h1:THE end|" },
        /* a run replaced by nothing */
        { "<h1>the</h1>", "the", "", "<h1></h1>", "h1:|" },
        { "<h1>a<b>the</b>c</h1>", "the", "", "<h1>a<b></b>c</h1>",
          "h1:ac|" },
        { NULL, NULL, NULL, NULL, NULL }
    };
    act_t            acts[2];
    cap_rec_t        rec;
    art_rewriter_t  *rw;
    sink_t           sk;
    char             err[256];
    size_t           i;

    for (i = 0; cases[i].in != NULL; i++) {
        memset(acts, 0, sizeof(acts));
        acts[0].kind = A_TEXT;
        acts[0].a = cases[i].from;
        acts[0].b = cases[i].to;

        memset(&rec, 0, sizeof(rec));
        memset(&sk, 0, sizeof(sk));
        art_buf_init(&sk.out, &art_malloc_allocator);
        rw = art_rewriter_create(&art_malloc_allocator, NULL, sink_fn, &sk);
        setup_acts(rw, acts);
        ck_assert_int_eq(art_rewriter_on_element(rw, "h1", start_capture,
                                                 &rec, err, sizeof(err)), 0);
        sk.chunk = (const unsigned char *) cases[i].in;
        sk.chunk_len = strlen(cases[i].in);
        ck_assert_int_eq(art_rewriter_write(rw, sk.chunk, sk.chunk_len), 0);
        ck_assert_int_eq(art_rewriter_end(rw), 0);
        art_rewriter_destroy(rw);
        art_buf_append_byte(&sk.out, '\0');
        ck_assert_str_eq((char *) sk.out.data, cases[i].out);
        ck_assert_str_eq(rec.got, cases[i].got);
        art_buf_free(&sk.out);
    }
}
END_TEST


/* the tree builder's feedback to the tokenizer */

static const rcase_t  state_cases[] = {
    { "<title><p>x</p></title><p>y", { INS("p", BEFORE, "|") },
      "<title><p>x</p></title>|<p>y" },
    { "<textarea><p>x</p></textarea><p>y", { INS("p", BEFORE, "|") },
      "<textarea><p>x</p></textarea>|<p>y" },
    { "<style><p>x</p></style><p>y", { INS("p", BEFORE, "|") },
      "<style><p>x</p></style>|<p>y" },
    { "<script><p>x</p></script><p>y", { INS("p", BEFORE, "|") },
      "<script><p>x</p></script>|<p>y" },
    { "<xmp><p></xmp><iframe><p></iframe><noembed><p></noembed>"
      "<noframes><p></noframes><p>",
      { INS("p", BEFORE, "|") },
      "<xmp><p></xmp><iframe><p></iframe><noembed><p></noembed>"
      "<noframes><p></noframes>|<p>" },
    { "<plaintext><p>x</plaintext><p>y", { INS("p", BEFORE, "|") },
      "<plaintext><p>x</plaintext><p>y" },
    { "<TITLE><p></Title><p>", { INS("p", BEFORE, "|") },
      "<TITLE><p></Title>|<p>" },
    { "<script><!--<script></script><p>--></script><p>",
      { INS("p", BEFORE, "|") },
      "<script><!--<script></script><p>--></script>|<p>" },
    /* in svg these are not raw text: what is inside is markup */
    { "<svg><title><g/></title><style><g/></style></svg>",
      { INS("g", BEFORE, "|") },
      "<svg><title>|<g/></title><style>|<g/></style></svg>" },
    { "<svg><script><g/></script></svg>", { INS("g", BEFORE, "|") },
      "<svg><script>|<g/></script></svg>" },
    /* but HTML again inside foreignObject */
    { "<svg><foreignObject><style><p></style></foreignObject></svg><p>",
      { INS("p", BEFORE, "|") },
      "<svg><foreignObject><style><p></style></foreignObject></svg>|<p>" },
    /* CDATA only in foreign content */
    { "<svg><![CDATA[<p>]]></svg><p>", { INS("p", BEFORE, "|") },
      "<svg><![CDATA[<p>]]></svg>|<p>" },
    { "<math><![CDATA[<p>]]></math><p>", { INS("p", BEFORE, "|") },
      "<math><![CDATA[<p>]]></math>|<p>" },
    { "<![CDATA[<p>]]><p>", { INS("p", BEFORE, "|") },
      "<![CDATA[<p>]]>|<p>" },
    /* noscript is markup */
    { "<noscript><p>x</p></noscript>", { INS("p", BEFORE, "|") },
      "<noscript>|<p>x</p></noscript>" },
    /* a void element does not switch: <img> then <p> */
    { "<img><p>", { INS("p", BEFORE, "|") }, "<img>|<p>" },
    { NULL, { { 0 } }, NULL }
};


START_TEST(test_states)
{
    run_case(&state_cases[_i]);
}
END_TEST


/* depth */

typedef struct {
    size_t  divs;
    size_t  max_depth;
    char    ps[64];
} deep_t;


static int
count_div(void *ud, art_element_t *el)
{
    deep_t  *d = ud;

    d->divs++;
    if (art_element_depth(el) > d->max_depth) {
        d->max_depth = art_element_depth(el);
    }

    return 0;
}


static int
record_p(void *ud, art_element_t *el)
{
    deep_t               *d = ud;
    const unsigned char  *id;
    size_t                n, len;

    id = art_element_get_attr(el, "id", &n);
    len = strlen(d->ps);
    snprintf(d->ps + len, sizeof(d->ps) - len, "%.*s|", (int) n,
             id ? (const char *) id : "?");

    return 0;
}


static void
setup_deep(art_rewriter_t *rw, void *ud)
{
    char  err[256];

    memset(ud, 0, sizeof(deep_t));
    ck_assert_int_eq(art_rewriter_on_element(rw, "div", count_div, ud, err,
                                             sizeof(err)), 0);
    ck_assert_int_eq(art_rewriter_on_element(rw, "p", record_p, ud, err,
                                             sizeof(err)), 0);
}


static act_t  deep_acts[] = {
    INS("div", APPEND, "<!--e-->"), { 0 }
};


static void
setup_deep_insert(art_rewriter_t *rw, void *ud)
{
    setup_deep(rw, ud);
    setup_acts(rw, deep_acts);
}


START_TEST(test_depth_cap)
{
    const size_t    n = 100000;
    art_buf_t       in, exp;
    run_t           r;
    deep_t          d;
    unsigned char  *out;
    size_t          olen, i;
    size_t          pieces[] = { 0, 4096, 7 };
    size_t          k;

    art_buf_init(&in, &art_malloc_allocator);
    art_buf_init(&exp, &art_malloc_allocator);

    for (i = 0; i < n; i++) {
        art_buf_append_str(&in, "<div>");
    }
    art_buf_append_str(&in, "<p id=deep>x</p>");
    for (i = 0; i < n; i++) {
        art_buf_append_str(&in, "</div>");
    }
    art_buf_append_str(&in, "<p id=top>y</p>");
    ck_assert(!in.failed);

    for (k = 0; k < sizeof(pieces) / sizeof(pieces[0]); k++) {
        memset(&r, 0, sizeof(r));
        r.setup = setup_deep;
        r.ud = &d;
        out = feed(&r, in.data, in.len, pieces[k], NO_CUT, &olen);

        printf("depth cap: 100000 nested divs in pieces of %zu: peak %zu "
               "bytes\n", pieces[k], r.peak);
               fflush(stdout);
        ck_assert_int_eq(r.rc, 0);
        assert_same("100000 divs", out, olen, in.data, in.len);
        ck_assert_uint_lt(r.peak, 128 * KB);
        ck_assert_str_eq(d.ps, "top|");
        ck_assert_uint_eq(d.divs, 512);
        ck_assert_uint_eq(d.max_depth, 511);
        free(out);
    }

    /* the insertions of the first 512 go before their own end tags */
    for (i = 0; i < n; i++) {
        art_buf_append_str(&exp, "<div>");
    }
    art_buf_append_str(&exp, "<p id=deep>x</p>");
    for (i = 0; i < n; i++) {
        art_buf_append_str(&exp, i < n - 512 ? "</div>" : "<!--e--></div>");
    }
    art_buf_append_str(&exp, "<p id=top>y</p>");

    memset(&r, 0, sizeof(r));
    r.setup = setup_deep_insert;
    r.ud = &d;
    out = feed(&r, in.data, in.len, 4096, NO_CUT, &olen);
    assert_same("100000 divs, 512 insertions", out, olen, exp.data, exp.len);
    ck_assert_uint_lt(r.peak, 128 * KB);
    free(out);

    art_buf_free(&in);
    art_buf_free(&exp);
}
END_TEST


/* the depth is the number of open ancestors */
START_TEST(test_depth_values)
{
    art_rewriter_t  *rw;
    deep_t           d;
    sink_t           sk;
    const char      *in = "<div><div><div></div></div></div><div>";

    memset(&sk, 0, sizeof(sk));
    art_buf_init(&sk.out, &art_malloc_allocator);
    rw = art_rewriter_create(&art_malloc_allocator, NULL, sink_fn, &sk);
    setup_deep(rw, &d);
    sk.chunk = (const unsigned char *) in;
    sk.chunk_len = strlen(in);
    ck_assert_int_eq(art_rewriter_write(rw, sk.chunk, sk.chunk_len), 0);
    ck_assert_int_eq(art_rewriter_end(rw), 0);
    art_rewriter_destroy(rw);
    art_buf_free(&sk.out);

    ck_assert_uint_eq(d.divs, 4);
    ck_assert_uint_eq(d.max_depth, 2);
}
END_TEST


/* an element past max_depth gets no handler: it could not be followed */
START_TEST(test_depth_past_cap)
{
    static act_t             acts[] = {
        REMOVE("#3"), INS("#4", BEFORE, "[B]"), INS("div", AFTER, "[A]"),
        { 0 }
    };
    art_rewriter_settings_t  st;
    run_t                    r;
    unsigned char           *out;
    size_t                   olen;
    const char              *in = "<div id=1><div id=2><div id=3>x</div>"
                                  "<div id=4>y</div></div></div>z";
    const char              *exp = "<div id=1><div id=2><div id=3>x</div>"
                                   "<div id=4>y</div></div>[A]</div>[A]z";

    memset(&st, 0, sizeof(st));
    st.max_depth = 2;
    memset(&r, 0, sizeof(r));
    r.settings = &st;
    r.setup = setup_acts;
    r.ud = acts;
    out = feed(&r, (const unsigned char *) in, strlen(in), 0, NO_CUT, &olen);
    assert_same("max_depth 2", out, olen, (const unsigned char *) exp,
                strlen(exp));
    free(out);
}
END_TEST


/* a 2 MB attribute value in 4 KB pieces */

static void
setup_cap(art_rewriter_t *rw, void *ud)
{
    char  err[256];

    memset(ud, 0, sizeof(deep_t));
    ck_assert_int_eq(art_rewriter_on_element(rw, "a", count_div, ud, err,
                                             sizeof(err)), 0);
    ck_assert_int_eq(art_rewriter_on_element(rw, "p", record_p, ud, err,
                                             sizeof(err)), 0);
}


START_TEST(test_token_cap)
{
    art_buf_t       in;
    run_t           r;
    deep_t          d;
    unsigned char  *out;
    size_t          olen, i;

    art_buf_init(&in, &art_malloc_allocator);
    art_buf_append_str(&in, "<p id=1>a</p><a href=\"");
    for (i = 0; i < 2 * KB * KB; i++) {
        art_buf_append_byte(&in, (unsigned char) ('a' + i % 26));
    }
    art_buf_append_str(&in, "\">x</a><p id=2>b</p>");
    ck_assert(!in.failed);

    memset(&r, 0, sizeof(r));
    out = feed(&r, in.data, in.len, 4096, NO_CUT, &olen);
    assert_same("2 MB attribute, no handler", out, olen, in.data, in.len);
    printf("token cap: 2 MB attribute in 4 KB pieces, no handler: peak %zu "
           "bytes\n", r.peak);
           fflush(stdout);
    ck_assert_uint_lt(r.peak, 512 * KB);
    free(out);

    memset(&r, 0, sizeof(r));
    r.setup = setup_cap;
    r.ud = &d;
    out = feed(&r, in.data, in.len, 4096, NO_CUT, &olen);
    assert_same("2 MB attribute, handlers", out, olen, in.data, in.len);
    printf("token cap: 2 MB attribute in 4 KB pieces, handlers: peak %zu "
           "bytes\n", r.peak);
           fflush(stdout);
    ck_assert_uint_lt(r.peak, 512 * KB);
    ck_assert_uint_eq(d.divs, 0);
    ck_assert_str_eq(d.ps, "1|2|");
    free(out);

    art_buf_free(&in);
}
END_TEST


/*
 * A tag past the size cap is passed on as opaque bytes, but the element
 * is still there for the parser: the open-element stack must follow it.
 */
START_TEST(test_token_cap_stack)
{
    static act_t              remove1[] = { REMOVE("#1"), { 0 } };
    static act_t              after1[] = { INS("#1", AFTER, "[A]"), { 0 } };
    static act_t              remove2[] = { REMOVE("#2"),
                                            INS("#1", APPEND, "[P]"),
                                            INS("#1", AFTER, "[A]"),
                                            { 0 } };
    static const struct {
        const char  *fmt;
        act_t       *acts;
        const char  *expect;
    } cases[] = {
        { "<div id=1><div title=\"%s\">x</div>y</div>z", remove1, "z" },
        { "<div id=1><div title=\"%s\">x</div>y</div>z", after1,
          "<div id=1><div title=\"%s\">x</div>y</div>[A]z" },
        { "<div id=1>x</div title=\"%s\">y<p>z", after1,
          "<div id=1>x</div title=\"%s\">[A]y<p>z" },
        /*
         * A long end tag that closes a removed element on its way: none of
         * its pieces go with the removed content, however the page is cut.
         */
        { "<div id=1><p id=2>x</div title=\"%s\">y", remove2,
          "<div id=1>[P]</div title=\"%s\">[A]y" },
        { "<div id=1><p id=2>x</div title=\"%s", remove2,
          "<div id=1>[P]</div title=\"%s[A]" },
        { NULL, NULL, NULL }
    };
    art_rewriter_settings_t   st;
    char                      big[101], in[512], exp[512];
    size_t                    i;

    memset(&st, 0, sizeof(st));
    st.max_token_size = 64;
    memset(big, 'x', 100);
    big[100] = '\0';

    for (i = 0; cases[i].fmt != NULL; i++) {
        snprintf(in, sizeof(in), cases[i].fmt, big);
        snprintf(exp, sizeof(exp), cases[i].expect, big);
        check_cuts_with(&st, in, (const unsigned char *) in, strlen(in),
                        setup_acts, cases[i].acts,
                        (const unsigned char *) exp, strlen(exp));
    }
}
END_TEST


/* malformed input and input cut short */

typedef struct {
    const char  *in;
    size_t       len;
} bytes_t;


#define B(s)  { s, sizeof(s) - 1 }

static const bytes_t  malformed[] = {
    B("a<!-- unterminated"),
    B("a<!--"),
    B("a<!-"),
    B("a<!"),
    B("a<"),
    B("a</"),
    B("a</di"),
    B("a<div"),
    B("a<div cl"),
    B("a<div class"),
    B("a<div class="),
    B("a<div class=x"),
    B("a<div class=\"x"),
    B("a<div class='x"),
    B("a<div class=\"x\""),
    B("a<div/"),
    B("<script>var a = \"</scr"),
    B("<script>x</script"),
    B("<script><!--<script>x"),
    B("<script><!--<script></scr"),
    B("<style>x</st"),
    B("<title>x</titl"),
    B("<textarea>x&am"),
    B("<!DOCTYPE"),
    B("<!DOCTYPE "),
    B("<!DOCTYPE html"),
    B("<!DOCTYPE html PUBLIC \"x"),
    B("<!DOCTYPE html SYSTEM 'y"),
    B("<!doctype html><html><body>"),
    B("<?php x"),
    B("</>"),
    B("<svg><![CDATA[x"),
    B("<svg><![CDATA[x]"),
    B("<svg><![CDATA[x]]"),
    B("a&am"),
    B("a&#"),
    B("a&#x"),
    B("a&#x110000;&#0;&#xD800;"),
    B("a\0b<p\0>\0</p\0><a \0=\0>"),
    B("\xff\xfe\xc3(\xe2\x82<p>\x80\xbf</p>\xf0\x9f"),
    B("\xef\xbb\xbfhi<p>x</p>"),
    B("\xef\xbb\xbf"),
    B("\r\n<p>\r</p>\r"),
    B("<plaintext></plaintext><p>"),
    B("<a href=x<b>y</b>"),
    B("<p =x \"y\"='z'>"),
    B("<p a=1 a=2 A=3>"),
    { NULL, 0 }
};


static act_t  nothing_acts[] = {
    INS("blink", AFTER, "!"), INS("p.never", BEFORE, "!"),
    TEXT("zzz", "!"), { 0 }
};


START_TEST(test_malformed)
{
    const bytes_t  *m = &malformed[_i];
    char            name[64];

    snprintf(name, sizeof(name), "malformed %d, no handlers", _i);
    check_cuts(name, (const unsigned char *) m->in, m->len, NULL, NULL,
               (const unsigned char *) m->in, m->len);

    snprintf(name, sizeof(name), "malformed %d, handlers", _i);
    check_cuts(name, (const unsigned char *) m->in, m->len, setup_acts,
               nothing_acts, (const unsigned char *) m->in, m->len);
}
END_TEST


/* the sink */

START_TEST(test_sink_coalesced)
{
    static const char  *page =
        "<!DOCTYPE html>\n<html><head><title>A &amp; B</title>"
        "<meta charset=utf-8><script>var x = 1 < 2;</script></head>\n"
        "<body><p class=a>Hello &amp; bye<br>"
        "<!-- c --></p><svg><![CDATA[x]]></svg></body></html>\n";
    static act_t        none[] = { INS("blink", AFTER, "!"), { 0 } };
    static act_t        after[] = { INS("p", AFTER, "[A]"), { 0 } };
    run_t               r;
    unsigned char      *out;
    size_t              olen;

    memset(&r, 0, sizeof(r));
    out = feed(&r, (const unsigned char *) page, strlen(page), 0, NO_CUT,
               &olen);
    assert_same("page", out, olen, (const unsigned char *) page,
                strlen(page));
    ck_assert_uint_eq(r.calls, 1);
    ck_assert_uint_eq(r.input_calls, 1);
    free(out);

    /* handlers that match nothing change nothing */
    r.setup = setup_acts;
    r.ud = none;
    out = feed(&r, (const unsigned char *) page, strlen(page), 0, NO_CUT,
               &olen);
    ck_assert_uint_eq(r.calls, 1);
    ck_assert_uint_eq(r.input_calls, 1);
    free(out);

    /*
     * In pieces: one slice of each piece at most, and before it the token
     * that was cut by the piece's start, from the carry.
     */
    r.setup = NULL;
    out = feed(&r, (const unsigned char *) page, strlen(page), 64, NO_CUT,
               &olen);
    assert_same("page in 64-byte pieces", out, olen,
                (const unsigned char *) page, strlen(page));
    ck_assert_uint_le(r.input_calls, (strlen(page) + 63) / 64);
    ck_assert_uint_le(r.calls, 2 * ((strlen(page) + 63) / 64));
    free(out);

    /* an insertion: the input before it, the markup, the input after */
    r.setup = setup_acts;
    r.ud = after;
    out = feed(&r, (const unsigned char *) page, strlen(page), 0, NO_CUT,
               &olen);
    ck_assert_uint_eq(r.calls, 3);
    ck_assert_uint_eq(r.input_calls, 2);
    ck_assert_ptr_nonnull(strstr((char *) out, "</p>[A]<svg>"));
    free(out);
}
END_TEST


START_TEST(test_sink_stops)
{
    static act_t     after[] = { INS("p", AFTER, "[A]"), { 0 } };
    art_rewriter_t  *rw;
    sink_t           sk;
    const char      *in = "<p>a</p><p>b</p>";

    memset(&sk, 0, sizeof(sk));
    art_buf_init(&sk.out, &art_malloc_allocator);
    sk.stop_at = 2;
    rw = art_rewriter_create(&art_malloc_allocator, NULL, sink_fn, &sk);
    setup_acts(rw, after);
    sk.chunk = (const unsigned char *) in;
    sk.chunk_len = strlen(in);
    ck_assert_int_eq(art_rewriter_write(rw, sk.chunk, sk.chunk_len), 7);
    ck_assert_int_eq(art_rewriter_write(rw, sk.chunk, sk.chunk_len), 7);
    ck_assert_int_eq(art_rewriter_end(rw), 7);
    ck_assert_uint_eq(sk.calls, 2);
    art_rewriter_destroy(rw);
    art_buf_free(&sk.out);
}
END_TEST


static int
fail_handler(void *ud, art_element_t *el)
{
    return -5;
}


START_TEST(test_handler_stops)
{
    art_rewriter_t  *rw;
    sink_t           sk;
    char             err[256];
    const char      *in = "<p>a</p><b>b</b>";

    memset(&sk, 0, sizeof(sk));
    art_buf_init(&sk.out, &art_malloc_allocator);
    rw = art_rewriter_create(&art_malloc_allocator, NULL, sink_fn, &sk);
    ck_assert_int_eq(art_rewriter_on_element(rw, "b", fail_handler, NULL,
                                             err, sizeof(err)), 0);
    sk.chunk = (const unsigned char *) in;
    sk.chunk_len = strlen(in);
    ck_assert_int_eq(art_rewriter_write(rw, sk.chunk, sk.chunk_len), -5);
    ck_assert_int_eq(art_rewriter_end(rw), -5);
    art_rewriter_destroy(rw);
    art_buf_free(&sk.out);
}
END_TEST


/* limits that must not silently drop what a handler asked for */

START_TEST(test_many_closers)
{
    static act_t    acts[] = { CLOSE("div", APPEND, "."), { 0 } };
    art_buf_t       in, exp;
    char           *out, *p;
    size_t          i, dots;

    art_buf_init(&in, &art_malloc_allocator);
    art_buf_init(&exp, &art_malloc_allocator);

    for (i = 0; i < 100; i++) {
        art_buf_append_str(&in, "<div>");
        art_buf_append_str(&exp, "<div>");
    }
    for (i = 0; i < 100; i++) {
        art_buf_append_str(&in, "</div>");
        art_buf_append_str(&exp, ".</div>");
    }
    art_buf_append_byte(&in, '\0');
    art_buf_append_byte(&exp, '\0');

    out = rewrite((char *) in.data, acts);
    dots = 0;
    for (p = out; *p; p++) {
        dots += *p == '.';
    }

    ck_assert_msg(strcmp(out, (char *) exp.data) == 0,
                  "100 nested divs with a close callback each: %zu of 100 "
                  "ran", dots);
    free(out);
    art_buf_free(&in);
    art_buf_free(&exp);
}
END_TEST


/*
 * Handlers of every kind (a tag, "*", descendant and child ancestors, a
 * class, a list), n of them, below, at and past the 64 that are sorted
 * by tag: each inserts its number before the elements it matches, so the
 * output says which handlers ran for which element, in their order.
 */
typedef struct {
    char   marks[200][16];
    act_t  acts[200];
    size_t n;
} many_t;


static void
setup_many(art_rewriter_t *rw, void *ud)
{
    many_t  *m = ud;
    char     err[256];
    size_t   i;

    for (i = 0; i < m->n; i++) {
        ck_assert_msg(art_rewriter_on_element(rw, m->acts[i].sel,
                                              act_element, &m->acts[i],
                                              err, sizeof(err)) == 0,
                      "%s: %s", m->acts[i].sel, err);
    }
}


START_TEST(test_many_handlers)
{
    static const char  *in =
        "<div><p class=x>t</p></div><section><p>u</p></section><q>v</q>";
    /* the elements in order, and which of the selectors match each */
    static const char  *tags[] = {
        "<div>", "<p class=x>", "t</p></div>", "<section>", "<p>",
        "u</p></section>", "<q>", "v</q>"
    };
    static const char  *sels[] = {
        "p", "*", "div p", "section > p", ".x", "q, section", "div > q"
    };
    static const int    match[][7] = {
        { 0, 1, 0, 0, 0, 0, 0 },        /* div */
        { 1, 1, 1, 0, 1, 0, 0 },        /* p.x */
        { 0 },
        { 0, 1, 0, 0, 0, 1, 0 },        /* section */
        { 1, 1, 0, 1, 0, 0, 0 },        /* p */
        { 0 },
        { 0, 1, 0, 0, 0, 1, 0 },        /* q */
        { 0 }
    };
    static const size_t  counts[] = { 7, 63, 64, 65, 71, 130 };
    many_t               m;
    run_t                r;
    art_buf_t            exp;
    unsigned char       *out;
    size_t               i, k, c, olen;
    int                  is_element;

    for (c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
        memset(&m, 0, sizeof(m));
        m.n = counts[c];

        for (i = 0; i < m.n; i++) {
            snprintf(m.marks[i], sizeof(m.marks[i]), "{%u}", (unsigned) i);
            m.acts[i].kind = A_INSERT;
            m.acts[i].sel = sels[i % 7];
            m.acts[i].pos = ART_POS_BEFORE;
            m.acts[i].a = m.marks[i];
        }

        art_buf_init(&exp, &art_malloc_allocator);

        for (k = 0; k < sizeof(tags) / sizeof(tags[0]); k++) {
            is_element = tags[k][0] == '<';

            for (i = 0; is_element && i < m.n; i++) {
                if (match[k][i % 7]) {
                    art_buf_append_str(&exp, m.marks[i]);
                }
            }

            art_buf_append_str(&exp, tags[k]);
        }

        ck_assert(!exp.failed);

        memset(&r, 0, sizeof(r));
        r.setup = setup_many;
        r.ud = &m;
        out = feed(&r, (const unsigned char *) in, strlen(in), 0, NO_CUT,
                   &olen);
        ck_assert_int_eq(r.rc, 0);
        assert_same(sels[0], out, olen, exp.data, exp.len);
        free(out);
        art_buf_free(&exp);
    }
}
END_TEST


START_TEST(test_many_captures)
{
    cap_setup_t  c;
    art_buf_t    in;
    size_t       i, n;
    const char  *p;

    art_buf_init(&in, &art_malloc_allocator);
    for (i = 0; i < 12; i++) {
        art_buf_append_str(&in, "<div>x");
    }
    for (i = 0; i < 12; i++) {
        art_buf_append_str(&in, "</div>");
    }

    c.sel = "div";
    check_cuts("12 nested captures", in.data, in.len, setup_capture, &c,
               in.data, in.len);

    n = 0;
    for (p = c.rec.got; (p = strstr(p, "div:")) != NULL; p++) {
        n++;
    }

    ck_assert_msg(n == 12, "12 nested captures: %zu callbacks: %s", n,
                  c.rec.got);
    art_buf_free(&in);
}
END_TEST


/* the corpus: streaming identity, and the same output however cut */

static act_t  corpus_acts[] = {
    INS("article h1, h1", AFTER, "<p class=\"share\">share</p>"),
    INS("body", APPEND, "<!-- end of body -->"),
    TEXT("the", "THE"),
    SET("a[href^=http]", "href", "https://mirror.example/?a=1&b=2"),
    { 0 }
};


START_TEST(test_corpus)
{
    static const size_t   pieces[] = { 1, 2, 3, 7, 64, 4096 };
    const char           *shared;
    char                  dir[512], path[1024], what[1200];
    DIR                  *d;
    struct dirent        *de;
    unsigned char        *page, *out, *whole;
    size_t                len, olen, wlen, k, n, l;
    size_t                peak_plain, peak_handlers, changed;
    run_t                 r;

    shared = art_test_shared_dir();
    if (shared == NULL) {
        printf("corpus: no shared directory, skipped\n");
        fflush(stdout);
        return;
    }

    snprintf(dir, sizeof(dir), "%s/corpus", shared);
    d = opendir(dir);
    if (d == NULL) {
        printf("corpus: %s absent, skipped\n", dir);
        fflush(stdout);
        return;
    }

    n = 0;
    peak_plain = 0;
    peak_handlers = 0;
    changed = 0;

    while ((de = readdir(d)) != NULL) {
        l = strlen(de->d_name);
        if (l < 5 || strcmp(de->d_name + l - 5, ".html") != 0) {
            continue;
        }

        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        page = art_test_read_file(path, &len);
        ck_assert_msg(page != NULL, "%s unreadable", path);
        n++;

        /* no handlers: the input, however fed */
        memset(&r, 0, sizeof(r));
        out = feed(&r, page, len, 0, NO_CUT, &olen);
        snprintf(what, sizeof(what), "%s whole, no handlers", de->d_name);
        assert_same(what, out, olen, page, len);
        free(out);

        for (k = 0; k < sizeof(pieces) / sizeof(pieces[0]); k++) {
            out = feed(&r, page, len, pieces[k], NO_CUT, &olen);
            snprintf(what, sizeof(what), "%s in %zu-byte pieces, no "
                     "handlers", de->d_name, pieces[k]);
            assert_same(what, out, olen, page, len);
            free(out);

            if (pieces[k] == 4096) {
                ck_assert_msg(r.peak < 64 * KB, "%s: peak %zu with no "
                              "handlers", de->d_name, r.peak);
                if (r.peak > peak_plain) {
                    peak_plain = r.peak;
                }
            }
        }

        /* handlers: the output fed whole, however fed */
        memset(&r, 0, sizeof(r));
        r.setup = setup_acts;
        r.ud = corpus_acts;
        whole = feed(&r, page, len, 0, NO_CUT, &wlen);
        ck_assert_int_eq(r.rc, 0);

        if (wlen != len || memcmp(whole, page, len) != 0) {
            changed++;
        }

        for (k = 0; k < sizeof(pieces) / sizeof(pieces[0]); k++) {
            out = feed(&r, page, len, pieces[k], NO_CUT, &olen);
            snprintf(what, sizeof(what), "%s in %zu-byte pieces, handlers",
                     de->d_name, pieces[k]);
            assert_same(what, out, olen, whole, wlen);
            free(out);

            if (pieces[k] == 4096) {
                if (r.peak > peak_handlers) {
                    peak_handlers = r.peak;
                }

                ck_assert_msg(r.peak < 64 * KB, "%s: peak %zu with "
                              "handlers in 4 KB pieces", de->d_name, r.peak);
            }
        }

        free(whole);
        free(page);
    }

    closedir(d);

    printf("corpus: %zu pages, %zu changed by the handlers; max peak in "
           "4096-byte pieces: %zu bytes with no handlers, %zu with "
           "handlers\n", n, changed, peak_plain, peak_handlers);
           fflush(stdout);
    ck_assert_uint_gt(n, 0);
    ck_assert_uint_eq(changed, n);
}
END_TEST


/*
 * Attribute values by index: what art_element_get_attr() gives for the
 * attribute's name, decoded, after an earlier handler's edits, and NULL
 * for a duplicate or an index past the end.
 */
static int
value_edit(void *ud, art_element_t *el)
{
    ck_assert_int_eq(art_element_set_attr(el, "href",
                                          (const unsigned char *) "new", 3),
                     0);
    ck_assert_int_eq(art_element_remove_attr(el, "title"), 0);

    return 0;
}


static int
value_check(void *ud, art_element_t *el)
{
    char                 *got = ud;
    const unsigned char  *name, *v, *w;
    size_t                i, n, len, wlen;
    char                  lname[32];

    n = art_element_attr_count(el);

    for (i = 0; i <= n; i++) {
        name = art_element_attr_name(el, i, &len);
        v = art_element_attr_value(el, i, &wlen);

        if (name == NULL) {
            ck_assert_ptr_null(v);
            continue;
        }

        ck_assert_uint_lt(len, sizeof(lname));
        lname[len] = '\0';

        while (len-- > 0) {
            lname[len] = (char) (name[len] | 0x20);
        }

        w = art_element_get_attr(el, lname, &len);

        if (w == NULL) {
            ck_assert_ptr_null(v);
            strcat(got, "-|");
            continue;
        }

        ck_assert_ptr_nonnull(v);
        ck_assert_uint_eq(len, wlen);
        ck_assert(memcmp(v, w, len) == 0);
        strncat(got, (const char *) v, wlen);
        strcat(got, "|");
    }

    return 0;
}


START_TEST(test_attr_value_by_index)
{
    static const char  in[] =
        "<a HREF='x&amp;y' title=t href=dup data-v=\"&lt;\r\n\">z</a>";
    art_rewriter_t    *rw;
    sink_t             sk;
    char               err[256], got[256];

    memset(&sk, 0, sizeof(sk));
    art_buf_init(&sk.out, &art_malloc_allocator);
    got[0] = '\0';

    rw = art_rewriter_create(&art_malloc_allocator, NULL, sink_fn, &sk);
    ck_assert_ptr_nonnull(rw);
    ck_assert_int_eq(art_rewriter_on_element(rw, "a", value_check, got, err,
                                             sizeof(err)), 0);
    ck_assert_int_eq(art_rewriter_on_element(rw, "a", value_edit, NULL, err,
                                             sizeof(err)), 0);
    ck_assert_int_eq(art_rewriter_on_element(rw, "a", value_check, got, err,
                                             sizeof(err)), 0);
    ck_assert_int_eq(art_rewriter_write(rw, (const unsigned char *) in,
                                        sizeof(in) - 1), 0);
    ck_assert_int_eq(art_rewriter_end(rw), 0);

    /* before the edit, then after it (the duplicate href is left out) */
    ck_assert_str_eq(got, "x&y|t|<\n|new|-|<\n|");

    art_rewriter_destroy(rw);
    art_buf_free(&sk.out);
}
END_TEST


/*
 * Selectors from a plan parsed once: the same output as selectors parsed
 * per rewriter, with other selectors of the plan taking the first ancestor
 * bits, and a selector the plan lacks still parsed on the spot.
 */
static void
run_case_planned(const rcase_t *c, int leave_out_first)
{
    art_rewriter_plan_t      *plan;
    art_rewriter_settings_t   st;
    char                      err[256], *expect;
    size_t                    i;

    plan = art_rewriter_plan_create(&art_malloc_allocator);
    ck_assert_ptr_nonnull(plan);

    ck_assert_int_eq(art_rewriter_plan_add(plan, "article img[src]", err,
                                           sizeof(err)), 0);
    ck_assert_int_eq(art_rewriter_plan_add(plan, "main > h1, div p.x", err,
                                           sizeof(err)), 0);

    for (i = 0; i < MAX_ACTS && c->acts[i].kind != A_END_OF_LIST; i++) {
        if (c->acts[i].sel == NULL || (leave_out_first && i == 0)) {
            continue;
        }

        ck_assert_msg(art_rewriter_plan_add(plan, c->acts[i].sel, err,
                                            sizeof(err)) == 0,
                      "%s: %s", c->acts[i].sel, err);
    }

    memset(&st, 0, sizeof(st));
    st.plan = plan;

    /* what the same handlers make without a plan */
    expect = rewrite(c->in, (act_t *) c->acts);

    check_cuts_with(&st, c->in, (const unsigned char *) c->in, strlen(c->in),
                    setup_acts, (void *) c->acts,
                    (const unsigned char *) expect, strlen(expect));

    free(expect);
    art_rewriter_plan_destroy(plan);
}


START_TEST(test_plan_same_output)
{
    static const rcase_t  *tables[] = {
        insert_cases, attr_cases, attr_remove_cases, remove_cases,
        text_cases, state_cases, NULL
    };
    size_t                 t, i;

    for (t = 0; tables[t] != NULL; t++) {
        for (i = 0; tables[t][i].in != NULL; i++) {
            run_case_planned(&tables[t][i], 0);
            run_case_planned(&tables[t][i], 1);
        }
    }
}
END_TEST


START_TEST(test_plan_add)
{
    art_rewriter_plan_t  *plan;
    char                  err[256];

    plan = art_rewriter_plan_create(&art_malloc_allocator);
    ck_assert_ptr_nonnull(plan);

    err[0] = '\0';
    ck_assert_int_eq(art_rewriter_plan_add(plan, "a[", err, sizeof(err)), -1);
    ck_assert_msg(err[0] != '\0', "no message for a bad selector");

    /* the same string twice is one entry: its bits are taken once */
    ck_assert_int_eq(art_rewriter_plan_add(plan, "div a", err, sizeof(err)),
                     0);
    ck_assert_int_eq(art_rewriter_plan_add(plan, "div a", err, sizeof(err)),
                     0);

    art_rewriter_plan_destroy(plan);
    art_rewriter_plan_destroy(NULL);
}
END_TEST


static Suite *
rewriter_suite(void)
{
    Suite  *s;
    TCase  *tc;
    int     n;

    s = suite_create("rewriter");

    tc = tcase_create("plan");
    tcase_add_test(tc, test_plan_same_output);
    tcase_add_test(tc, test_plan_add);
    tcase_add_test(tc, test_attr_value_by_index);
    suite_add_tcase(s, tc);

    tc = tcase_create("insert");
    for (n = 0; insert_cases[n].in != NULL; n++) {
        /* count */
    }
    tcase_add_loop_test(tc, test_insert, 0, n);
    suite_add_tcase(s, tc);

    tc = tcase_create("attr");
    for (n = 0; attr_cases[n].in != NULL; n++) {
        /* count */
    }
    tcase_add_loop_test(tc, test_attr, 0, n);
    for (n = 0; attr_remove_cases[n].in != NULL; n++) {
        /* count */
    }
    tcase_add_loop_test(tc, test_attr_remove, 0, n);
    tcase_add_test(tc, test_end_tag_name_with_nul);
    for (n = 0; end_name_cases[n].in != NULL; n++) {
        /* count */
    }
    tcase_add_loop_test(tc, test_end_name, 0, n);
    for (n = 0; untouched_cases[n].in != NULL; n++) {
        /* count */
    }
    tcase_add_loop_test(tc, test_untouched, 0, n);
    tcase_add_test(tc, test_attr_get);
    tcase_add_test(tc, test_attr_own_edits);
    tcase_add_test(tc, test_attr_get_many);
    tcase_add_test(tc, test_attr_decoded_stay);
    for (n = 0; reparse_cases[n].in != NULL; n++) {
        /* count */
    }
    tcase_add_loop_test(tc, test_attr_reparse, 0, n);
    suite_add_tcase(s, tc);

    tc = tcase_create("remove");
    for (n = 0; remove_cases[n].in != NULL; n++) {
        /* count */
    }
    tcase_add_loop_test(tc, test_remove, 0, n);
    suite_add_tcase(s, tc);

    tc = tcase_create("text");
    tcase_set_timeout(tc, 60);
    for (n = 0; text_cases[n].in != NULL; n++) {
        /* count */
    }
    tcase_add_loop_test(tc, test_text, 0, n);
    tcase_add_test(tc, test_text_runs);
    tcase_add_test(tc, test_text_plain_runs);
    tcase_add_test(tc, test_text_spans);
    tcase_add_test(tc, test_text_max_run);
    tcase_add_test(tc, test_capture);
    tcase_add_test(tc, test_capture_with_text_handler);
    tcase_add_test(tc, test_capture_then_edit);
    suite_add_tcase(s, tc);

    tc = tcase_create("states");
    for (n = 0; state_cases[n].in != NULL; n++) {
        /* count */
    }
    tcase_add_loop_test(tc, test_states, 0, n);
    suite_add_tcase(s, tc);

    tc = tcase_create("limits");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_depth_cap);
    tcase_add_test(tc, test_depth_values);
    tcase_add_test(tc, test_depth_past_cap);
    tcase_add_test(tc, test_token_cap);
    tcase_add_test(tc, test_token_cap_stack);
    tcase_add_test(tc, test_many_closers);
    tcase_add_test(tc, test_many_captures);
    tcase_add_test(tc, test_many_handlers);
    suite_add_tcase(s, tc);

    tc = tcase_create("malformed");
    for (n = 0; malformed[n].in != NULL; n++) {
        /* count */
    }
    tcase_add_loop_test(tc, test_malformed, 0, n);
    suite_add_tcase(s, tc);

    tc = tcase_create("sink");
    tcase_add_test(tc, test_sink_coalesced);
    tcase_add_test(tc, test_sink_stops);
    tcase_add_test(tc, test_handler_stops);
    suite_add_tcase(s, tc);

    tc = tcase_create("corpus");
    tcase_set_timeout(tc, 1200);
    tcase_add_test(tc, test_corpus);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    return art_test_run(rewriter_suite());
}
