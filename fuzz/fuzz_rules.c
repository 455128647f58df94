/*
 * libFuzzer target of moderation rule files and of the scan of text with
 * them (art_moderation.h).  The first byte picks the mode: bit 0 report
 * (else enforce), bit 1 the kind of input.
 *
 * Rule file inputs: "rules \0 words \0 text".  The rules are written to
 * a rule file, the words to words.txt beside it (for "words ACTION
 * words.txt" lines), and the file is loaded through article_moderation
 * as nginx loads it; refused, it must say why.  Loaded, the text is
 * scanned as text (art_mod_scan) and as an attribute value
 * (art_mod_scan_plain), then as text again.
 *
 * Pattern inputs: "lines \0 text", where each line is a rule: its first
 * byte picks the action (mask, replace, flag, block) and the i and w
 * flags, the rest is the pattern; or, when the byte has bits 0x30, the
 * rule is a words list of the terms that the rest holds between "|".
 * The rule file is made of them, and the matches are checked against
 * PCRE2 run directly, without the literal prefilters, first-byte checks
 * and least lengths that the scan uses to skip work (those may save time,
 * never lose a match), and against a plain search for every term at
 * every character, compared character by character under simple case
 * folding, with the whole-word rule of art_aho.h at both ends.  Whether
 * the file loads is predicted too (a pattern that does not compile or
 * matches an empty string, a term of invalid UTF-8, an empty list).
 *
 * On every scan: matches lie in the text, in the order of their start,
 * with a known action; mask and replace edits do not overlap and are
 * applied exactly in enforce mode; a mask has one "*" per character (an
 * invalid byte is a character); a replacement for markup has no raw < or
 * >, and is the attribute one escaped; the counts grow by the matches
 * reported; the second text scan repeats the first; the rules that fired
 * are those reported.  Everything is freed (LeakSanitizer checks).
 */

#define PCRE2_CODE_UNIT_WIDTH 8

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "art_aho.h"
#include "art_alloc.h"
#include "art_buf.h"
#include "art_escape.h"
#include "art_moderation.h"

#include "fz_common.h"


#define FZ_MAX_RULES    4
#define FZ_MATCH_LIMIT  1000000

/* the w flag as art_moderation.h describes it */
#define FZ_WORDCHAR    "[\\p{L}\\p{N}\\p{M}\\p{Pc}\\x{200C}\\x{200D}]"
#define FZ_STANDALONE                                                       \
    "(?=" FZ_WORDCHAR ")[\\p{Han}\\p{Hiragana}\\p{Katakana}\\p{Thai}"       \
    "\\p{Lao}\\p{Khmer}\\p{Myanmar}]"
#define FZ_INWORD      "(?!" FZ_STANDALONE ")" FZ_WORDCHAR
#define FZ_W_BEFORE    "(?:(?<!" FZ_INWORD ")|(?=" FZ_STANDALONE "))(?:"
#define FZ_W_AFTER     ")(?:(?!" FZ_INWORD ")|(?<=" FZ_STANDALONE "))"


typedef struct {
    size_t         start;
    size_t         end;
    int            action;
    int            apply;
    unsigned       line;
    const char    *file;
    size_t         repl;            /* offset in the log's bytes */
    size_t         repl_len;
} fz_match_t;

typedef struct {
    fz_match_t    *m;
    size_t         n;
    size_t         cap;
    art_buf_t      bytes;
} fz_log_t;

/* one rule of a pattern input, and what PCRE2 makes of it */
typedef struct {
    int            action;
    int            caseless;
    int            word;
    art_buf_t      pat;             /* as PCRE2 gets it */
    art_buf_t      raw;             /* as written between the slashes */
    int            words;           /* a words list: its terms in raw, */
                                    /* one a line */
    pcre2_code    *code;
    int            jit;
    uint32_t       ncap;
} fz_rule_t;

typedef struct {
    size_t         start;
    size_t         end;
    unsigned       rule;
    size_t         g1s;             /* group 1, PCRE2_UNSET if none */
    size_t         g1e;
} fz_cand_t;


static void
fz_log_init(fz_log_t *log)
{
    memset(log, 0, sizeof(fz_log_t));
    art_buf_init(&log->bytes, &art_malloc_allocator);
}


static void
fz_log_free(fz_log_t *log)
{
    free(log->m);
    art_buf_free(&log->bytes);
}


static void
fz_log_add(fz_log_t *log, size_t start, size_t end, int action, int apply,
    unsigned line, const char *file, const unsigned char *repl, size_t n)
{
    fz_match_t  *m;

    if (log->n == log->cap) {
        log->cap = log->cap ? log->cap * 2 : 16;
        log->m = realloc(log->m, log->cap * sizeof(fz_match_t));
        if (log->m == NULL) {
            abort();
        }
    }

    m = &log->m[log->n++];
    m->start = start;
    m->end = end;
    m->action = action;
    m->apply = apply;
    m->line = line;
    m->file = file;
    m->repl = log->bytes.len;
    m->repl_len = n;

    if (art_buf_append(&log->bytes, repl, n) != 0) {
        abort();
    }
}


/* the replacement of a logged match (the log may hold no byte at all) */
static const unsigned char *
fz_repl(const fz_log_t *log, const fz_match_t *m)
{
    return m->repl_len ? log->bytes.data + m->repl
                       : (const unsigned char *) "";
}


static int
fz_on_match(void *ud, const art_mod_match_t *m)
{
    fz_log_add(ud, m->start, m->end, m->action, m->apply, m->line, m->file,
               m->repl, m->repl_len);

    return 0;
}


/* the characters of p: a valid sequence or an invalid byte each */
static size_t
fz_chars(const unsigned char *p, size_t n)
{
    size_t  i, k, len;

    k = 0;

    for (i = 0; i < n; i += len ? len : 1) {
        len = fz_utf8_seq(p + i, n - i);
        k++;
    }

    return k;
}


/* what holds for every scan */
static void
fz_check_log(const fz_log_t *log, const unsigned char *text, size_t len,
    int report, int markup)
{
    size_t               i, k, edit_end;
    int                  edited;
    const fz_match_t    *m;
    const unsigned char *r;

    edited = 0;
    edit_end = 0;

    for (i = 0; i < log->n; i++) {
        m = &log->m[i];
        r = fz_repl(log, m);

        if (m->start >= m->end || m->end > len || m->file == NULL
            || m->line == 0 || m->action < ART_MOD_MASK
            || m->action > ART_MOD_BLOCK)
        {
            abort();
        }

        if (i > 0 && m->start < log->m[i - 1].start) {
            abort();
        }

        if (m->action == ART_MOD_FLAG || m->action == ART_MOD_BLOCK) {
            if (m->apply || m->repl_len != 0) {
                abort();
            }
            continue;
        }

        if (m->apply != !report || (edited && m->start < edit_end)) {
            abort();
        }

        edited = 1;
        edit_end = m->end;

        if (m->action == ART_MOD_MASK) {
            if (m->repl_len != fz_chars(text + m->start, m->end - m->start))
            {
                abort();
            }

            for (k = 0; k < m->repl_len; k++) {
                if (r[k] != '*') {
                    abort();
                }
            }

        } else if (markup) {
            for (k = 0; k < m->repl_len; k++) {
                if (r[k] == '<' || r[k] == '>') {
                    abort();
                }
            }
        }
    }
}


static void
fz_same_log(const fz_log_t *a, const fz_log_t *b, int escape_b)
{
    size_t             i;
    art_buf_t          e;
    const fz_match_t  *x, *y;

    if (a->n != b->n) {
        abort();
    }

    art_buf_init(&e, &art_malloc_allocator);

    for (i = 0; i < a->n; i++) {
        x = &a->m[i];
        y = &b->m[i];

        if (x->start != y->start || x->end != y->end
            || x->action != y->action || x->apply != y->apply
            || x->line != y->line)
        {
            abort();
        }

        e.len = 0;

        if (escape_b && y->action == ART_MOD_REPLACE) {
            art_escape_html_text(&e, fz_repl(b, y), y->repl_len);
        } else {
            art_buf_append(&e, fz_repl(b, y), y->repl_len);
        }

        if (e.failed || e.len != x->repl_len
            || (e.len && memcmp(e.data, fz_repl(a, x), e.len)))
        {
            abort();
        }
    }

    art_buf_free(&e);
}


/* counts grown by what was reported */
static void
fz_check_counts(const art_mod_counts_t *before, const art_mod_counts_t *now,
    const fz_log_t *log)
{
    size_t    i;
    unsigned  n[5];

    memset(n, 0, sizeof(n));

    for (i = 0; i < log->n; i++) {
        n[log->m[i].action]++;
    }

    if (now->mask - before->mask != n[ART_MOD_MASK]
        || now->replace - before->replace != n[ART_MOD_REPLACE]
        || now->flag - before->flag != n[ART_MOD_FLAG]
        || now->block - before->block != n[ART_MOD_BLOCK])
    {
        abort();
    }
}


/* "file:line" tokens: exactly the rules reported */
static void
fz_check_fired(const art_mod_scanner_t *s, const fz_log_t *log)
{
    size_t      i, j, distinct, tokens;
    char        tok[512];
    art_buf_t   b;

    art_buf_init(&b, &art_malloc_allocator);

    if (art_mod_fired_rules(s, &b) != 0) {
        abort();
    }

    art_buf_append_byte(&b, '\0');
    if (b.failed) {
        abort();
    }

    distinct = 0;

    for (i = 0; i < log->n; i++) {
        for (j = 0; j < i; j++) {
            if (log->m[j].line == log->m[i].line
                && strcmp(log->m[j].file, log->m[i].file) == 0)
            {
                break;
            }
        }

        if (j < i) {
            continue;
        }

        distinct++;
        snprintf(tok, sizeof(tok), " %s:%u ", log->m[i].file,
                 log->m[i].line);

        /* the list with a space either side */
        {
            art_buf_t  spaced;

            art_buf_init(&spaced, &art_malloc_allocator);
            art_buf_append_byte(&spaced, ' ');
            art_buf_append(&spaced, b.data, b.len - 1);
            art_buf_append(&spaced, " ", 2);

            if (spaced.failed || strstr((char *) spaced.data, tok) == NULL) {
                abort();
            }

            art_buf_free(&spaced);
        }
    }

    tokens = b.len > 1;
    for (i = 0; i + 1 < b.len; i++) {
        tokens += b.data[i] == ' ';
    }

    if (tokens != distinct) {
        abort();
    }

    art_buf_free(&b);
}


/*
 * Scan text three times (markup, attribute, markup) and check; the log
 * of the attribute scan is left in plain.  Returns the scan's result.
 */
static int
fz_scan(art_mod_scanner_t *s, const unsigned char *text, size_t len,
    int report, fz_log_t *plain)
{
    int               rc1, rc2, rc3;
    fz_log_t          a, c;
    art_mod_counts_t  before;

    fz_log_init(&a);
    fz_log_init(&c);

    before = *art_mod_counts(s);
    rc1 = art_mod_scan(s, text, len, fz_on_match, &a);
    if (rc1 != 0 && rc1 != -1) {
        abort();
    }
    fz_check_counts(&before, art_mod_counts(s), &a);
    fz_check_log(&a, text, len, report, 1);

    before = *art_mod_counts(s);
    rc2 = art_mod_scan_plain(s, text, len, fz_on_match, plain);
    fz_check_counts(&before, art_mod_counts(s), plain);
    fz_check_log(plain, text, len, report, 0);

    rc3 = art_mod_scan(s, text, len, fz_on_match, &c);

    if (rc1 != rc2 || rc1 != rc3) {
        abort();
    }

    if (rc1 == 0) {
        fz_same_log(&a, &c, 0);
        fz_same_log(&a, plain, 1);
    }

    if (art_mod_blocked(s) != (!report && art_mod_counts(s)->block > 0)) {
        abort();
    }

    fz_log_free(&a);
    fz_log_free(&c);

    return rc1;
}


/* load the rule file "name" in the directory; 0 or -1 (refused) */
static int
fz_load(art_mod_conf_t *c, art_conf_ctx_t *ctx, const char *name,
    int report)
{
    art_str_t  arg;

    art_mod_conf_init(c);

    if (report) {
        arg.data = (const unsigned char *) "report";
        arg.len = 6;

        if (art_mod_conf_set(c, ctx, "article_moderation_mode", &arg, 1)
            != ART_CONF_OK)
        {
            abort();
        }
    }

    ctx->err[0] = '\0';
    arg.data = (const unsigned char *) name;
    arg.len = strlen(name);

    switch (art_mod_conf_set(c, ctx, "article_moderation", &arg, 1)) {

    case ART_CONF_OK:
        art_mod_conf_merge(c, NULL);
        return 0;

    case ART_CONF_ERROR:
        if (ctx->err[0] == '\0') {
            abort();
        }
        art_mod_conf_free(c);
        return -1;

    default:
        abort();
    }
}


static void
fz_rule_file(const uint8_t *data, size_t size, int report,
    art_conf_ctx_t *ctx)
{
    size_t              k, len[3];
    const uint8_t      *part[3], *p, *end, *nul;
    fz_log_t            plain;
    art_mod_conf_t      c;
    art_mod_scanner_t  *s;

    p = data;
    end = data + size;

    for (k = 0; k < 3; k++) {
        nul = (k < 2 && p < end) ? memchr(p, '\0', (size_t) (end - p))
                                 : NULL;
        part[k] = p;
        len[k] = nul ? (size_t) (nul - p) : (size_t) (end - p);
        p = nul ? nul + 1 : end;
    }

    /* a words line may name any file: only the directory's */
    if (fz_unsafe_path(part[0], len[0])) {
        return;
    }

    fz_write_file("rules.txt", part[0], len[0]);
    fz_write_file("words.txt", part[1], len[1]);

    if (fz_load(&c, ctx, "rules.txt", report) != 0) {
        return;
    }

    s = art_mod_scanner_create(&art_malloc_allocator, &c);
    if (s == NULL) {
        abort();
    }

    fz_log_init(&plain);
    fz_scan(s, part[2], len[2], report, &plain);
    fz_check_fired(s, &plain);
    fz_log_free(&plain);

    art_mod_scanner_destroy(s);
    art_mod_conf_free(&c);
}


/* pattern inputs */

/* the pattern PCRE2 gets from what is written between the slashes */
static void
fz_unescape(fz_rule_t *r)
{
    size_t                i;
    const unsigned char  *p;

    p = r->raw.data;

    for (i = 0; i < r->raw.len; i++) {
        if (p[i] == '\\' && i + 1 < r->raw.len) {
            if (p[i + 1] != '/') {
                art_buf_append_byte(&r->pat, '\\');
            }
            art_buf_append_byte(&r->pat, p[++i]);
            continue;
        }

        art_buf_append_byte(&r->pat, p[i]);
    }
}


/* 1 when the rule compiles as the rule file's reader is to compile it */
static int
fz_compile(fz_rule_t *r)
{
    int          err;
    uint32_t     opts, minlen;
    PCRE2_SIZE   off;
    art_buf_t    w;

    opts = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
    if (r->caseless) {
        opts |= PCRE2_CASELESS;
    }

    r->code = pcre2_compile(r->pat.len ? r->pat.data
                                       : (const unsigned char *) "",
                            r->pat.len, opts, &err, &off, NULL);
    if (r->code == NULL) {
        return 0;
    }

    pcre2_pattern_info(r->code, PCRE2_INFO_MINLENGTH, &minlen);
    pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT, &r->ncap);

    if (minlen == 0) {
        return 0;
    }

    if (r->word) {
        pcre2_code_free(r->code);

        art_buf_init(&w, &art_malloc_allocator);
        art_buf_append_str(&w, FZ_W_BEFORE);
        art_buf_append(&w, r->pat.data, r->pat.len);
        art_buf_append_str(&w, FZ_W_AFTER);

        if (w.failed) {
            abort();
        }

        r->code = pcre2_compile(w.data, w.len, opts, &err, &off, NULL);
        art_buf_free(&w);

        if (r->code == NULL) {
            return 0;
        }
    }

    r->jit = pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE) == 0;

    return 1;
}


static size_t
fz_next_char(const unsigned char *t, size_t len, size_t pos)
{
    size_t  n;

    if (pos >= len) {
        return len;
    }

    n = fz_utf8_seq(t + pos, len - pos);

    return pos + (n ? n : 1);
}


static int
fz_cand_cmp(const void *a, const void *b)
{
    const fz_cand_t  *x = a, *y = b;

    if (x->start != y->start) {
        return x->start < y->start ? -1 : 1;
    }

    if (x->end != y->end) {
        return x->end > y->end ? -1 : 1;
    }

    return x->rule < y->rule ? -1 : x->rule > y->rule;
}


static void
fz_cand_add(fz_cand_t **c, size_t *n, size_t *cap, size_t start,
    size_t end, unsigned rule, size_t g1s, size_t g1e)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *c = realloc(*c, *cap * sizeof(fz_cand_t));
        if (*c == NULL) {
            abort();
        }
    }

    (*c)[*n].start = start;
    (*c)[*n].end = end;
    (*c)[*n].rule = rule;
    (*c)[*n].g1s = g1s;
    (*c)[*n].g1e = g1e;
    (*n)++;
}


/* the kind of the character at p (an invalid byte is no word one) */
static int
fz_kind(const unsigned char *p, size_t n, size_t *len)
{
    unsigned long  cp;

    *len = art_aho_utf8_decode(p, n, &cp);

    if (*len == 0) {
        *len = 1;
        return ART_AHO_NONWORD;
    }

    return art_aho_char_kind(cp);
}


static int
fz_boundary(int outside, int inside)
{
    return outside != ART_AHO_WORD || inside == ART_AHO_STANDALONE;
}


/*
 * Every whole-word occurrence of every term of a words list, found by
 * trying each term at each character of the text.
 */
static void
fz_words_oracle(const fz_rule_t *r, unsigned ri, const unsigned char *text,
    size_t len, fz_cand_t **c, size_t *n, size_t *cap)
{
    int                    prev, first, last, kind;
    size_t                 i, j, k, e, tl, clen, n0, m;
    unsigned long          tc, xc;
    const unsigned char   *t, *te, *tend;

    n0 = *n;
    prev = ART_AHO_NONWORD;

    for (i = 0; i < len; i += clen) {
        first = fz_kind(text + i, len - i, &clen);

        t = r->raw.data;
        tend = r->raw.data + r->raw.len;

        for ( /* void */ ; t < tend; t += tl + 1) {
            /* every term ends with a newline */
            te = memchr(t, '\n', (size_t) (tend - t));
            tl = (size_t) (te - t);

            /* the term's characters against the text's, folded */
            j = i;
            k = 0;
            last = first;

            while (k < tl && j < len) {
                e = art_aho_utf8_decode(t + k, tl - k, &tc);
                m = art_aho_utf8_decode(text + j, len - j, &xc);

                if (e == 0 || m == 0
                    || art_aho_fold_cp(tc) != art_aho_fold_cp(xc))
                {
                    break;
                }

                last = art_aho_char_kind(xc);
                k += e;
                j += m;
            }

            if (tl == 0 || k < tl) {
                continue;
            }

            kind = j < len ? fz_kind(text + j, len - j, &m)
                           : ART_AHO_NONWORD;

            if (fz_boundary(prev, first) && fz_boundary(kind, last)) {
                /* a span found by two terms is one match */
                for (m = n0; m < *n; m++) {
                    if ((*c)[m].start == i && (*c)[m].end == j) {
                        break;
                    }
                }

                if (m == *n) {
                    fz_cand_add(c, n, cap, i, j, ri, PCRE2_UNSET,
                                PCRE2_UNSET);
                }
            }
        }

        prev = first;
    }
}


/*
 * Every match of every rule, as PCRE2 finds them from left to right;
 * -1 when PCRE2 gave up (the match limit).
 */
static int
fz_oracle(fz_rule_t *rules, size_t nrules, const unsigned char *text,
    size_t len, fz_cand_t **out, size_t *nout)
{
    int                    rc;
    size_t                 i, n, cap;
    PCRE2_SIZE             start, *ov;
    fz_cand_t             *c;
    pcre2_match_data      *md;
    pcre2_match_context   *mctx;

    mctx = pcre2_match_context_create(NULL);
    if (mctx == NULL) {
        abort();
    }

    pcre2_set_match_limit(mctx, FZ_MATCH_LIMIT);

    c = NULL;
    n = 0;
    cap = 0;
    rc = 0;

    for (i = 0; i < nrules && rc >= 0; i++) {
        if (rules[i].words) {
            fz_words_oracle(&rules[i], (unsigned) i, text, len, &c, &n,
                            &cap);
            continue;
        }

        /* room for every group, so that rc says which are set */
        md = pcre2_match_data_create_from_pattern(rules[i].code, NULL);
        if (md == NULL) {
            abort();
        }

        start = 0;

        while (start < len) {
            if (rules[i].jit) {
                rc = pcre2_jit_match(rules[i].code, text, len, start, 0, md,
                                     mctx);

                if (rc == PCRE2_ERROR_JIT_STACKLIMIT) {
                    rc = pcre2_match(rules[i].code, text, len, start,
                                     PCRE2_NO_JIT, md, mctx);
                }

            } else {
                rc = pcre2_match(rules[i].code, text, len, start, 0, md,
                                 mctx);
            }

            if (rc == PCRE2_ERROR_NOMATCH) {
                rc = 0;
                break;
            }

            if (rc < 0) {
                break;
            }

            ov = pcre2_get_ovector_pointer(md);

            if (ov[1] <= ov[0]) {
                start = fz_next_char(text, len, ov[1] > start ? ov[1]
                                                              : start);
                continue;
            }

            fz_cand_add(&c, &n, &cap, ov[0], ov[1], (unsigned) i,
                        rc > 1 ? ov[2] : PCRE2_UNSET,
                        rc > 1 ? ov[3] : PCRE2_UNSET);

            start = ov[1];
        }

        pcre2_match_data_free(md);
    }

    pcre2_match_context_free(mctx);

    if (n > 1) {
        qsort(c, n, sizeof(fz_cand_t), fz_cand_cmp);
    }

    *out = c;
    *nout = n;

    return rc < 0 ? -1 : 0;
}


/* what the scan is to report, from the oracle's matches */
static void
fz_expect(fz_rule_t *rules, const fz_cand_t *c, size_t n,
    const unsigned char *text, int report, const char *file, fz_log_t *log)
{
    size_t          i, edit_end;
    int             edited, action;
    art_buf_t       r;

    art_buf_init(&r, &art_malloc_allocator);
    edited = 0;
    edit_end = 0;

    for (i = 0; i < n; i++) {
        action = rules[c[i].rule].action;
        r.len = 0;

        if (action == ART_MOD_MASK || action == ART_MOD_REPLACE) {
            if (edited && c[i].start < edit_end) {
                continue;
            }

            edited = 1;
            edit_end = c[i].end;

            if (action == ART_MOD_MASK) {
                size_t  k, chars;

                chars = fz_chars(text + c[i].start, c[i].end - c[i].start);
                for (k = 0; k < chars; k++) {
                    art_buf_append_byte(&r, '*');
                }

            } else if (rules[c[i].rule].ncap == 0) {
                art_buf_append_str(&r, "<&$>");

            } else {
                art_buf_append_byte(&r, '<');

                if (c[i].g1s != PCRE2_UNSET && c[i].g1e > c[i].g1s) {
                    art_buf_append(&r, text + c[i].g1s,
                                   c[i].g1e - c[i].g1s);
                }

                art_buf_append_str(&r, "&>");
            }
        }

        if (r.failed) {
            abort();
        }

        fz_log_add(log, c[i].start, c[i].end, action,
                   !report && (action == ART_MOD_MASK
                               || action == ART_MOD_REPLACE),
                   c[i].rule + 1, file, r.data ? r.data
                                               : (const unsigned char *) "",
                   r.len);
    }

    art_buf_free(&r);
}


static int
fz_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}


/*
 * A words list of the terms between "|" in [p, end): its file, and its
 * line in the rule file.  -1 when the list is to be refused.
 */
static int
fz_words_rule(fz_rule_t *r, const uint8_t *p, const uint8_t *end,
    size_t index, art_buf_t *file)
{
    static const char  *names[] = { "mask", "mask", "flag", "block" };
    int                 rc, valid;
    char                name[16];
    const uint8_t      *q, *e, *t;

    /* a words list masks, flags or blocks */
    if (r->action == ART_MOD_REPLACE) {
        r->action = ART_MOD_MASK;
    }

    /* a first empty line: a term that starts with a BOM keeps it */
    art_buf_append_byte(&r->raw, '\n');
    rc = -1;
    valid = 1;

    for (q = p; q < end; q = e + 1) {
        e = memchr(q, '|', (size_t) (end - q));
        if (e == NULL) {
            e = end - 1;
            t = end;

        } else {
            t = e;
        }

        while (q < t && fz_space(*q)) {
            q++;
        }

        while (t > q && fz_space(t[-1])) {
            t--;
        }

        if (q < t) {
            if (!fz_utf8_valid(q, (size_t) (t - q))) {
                valid = 0;
            }

            art_buf_append(&r->raw, q, (size_t) (t - q));
            art_buf_append_byte(&r->raw, '\n');
            rc = 0;
        }
    }

    if (!valid) {
        rc = -1;
    }

    snprintf(name, sizeof(name), "w%u.txt", (unsigned) index);
    fz_write_file(name, r->raw.data, r->raw.len);

    art_buf_printf(file, "words %s %s\n", names[r->action - 1], name);

    if (r->raw.failed || file->failed) {
        abort();
    }

    return rc;
}


static void
fz_patterns(const uint8_t *data, size_t size, int report,
    art_conf_ctx_t *ctx)
{
    static const char  *names[] = { "", "mask", "replace", "flag", "block" };
    int                 predicted, rc;
    size_t              i, n, nrules, tlen, ncands;
    const uint8_t      *p, *end, *nl, *text;
    art_buf_t           file;
    fz_rule_t           rules[FZ_MAX_RULES];
    fz_cand_t          *cands;
    fz_log_t            want, got;
    art_mod_conf_t      c;
    art_mod_scanner_t  *s;
    const char         *path;

    end = memchr(data, '\0', size);
    text = end ? end + 1 : data + size;
    tlen = end ? (size_t) (data + size - text) : 0;
    end = end ? end : data + size;

    art_buf_init(&file, &art_malloc_allocator);
    nrules = 0;
    predicted = 1;

    for (p = data; p < end && nrules < FZ_MAX_RULES; p = nl + 1) {
        fz_rule_t  *r;

        nl = memchr(p, '\n', (size_t) (end - p));
        if (nl == NULL) {
            nl = end;
        }

        if (nl == p) {
            continue;
        }

        r = &rules[nrules];
        r->action = 1 + p[0] % 4;
        r->caseless = (p[0] >> 2) & 1;
        r->word = (p[0] >> 3) & 1;
        r->words = (p[0] & 0x30) == 0x30;
        r->code = NULL;
        r->jit = 0;
        r->ncap = 0;
        art_buf_init(&r->pat, &art_malloc_allocator);
        art_buf_init(&r->raw, &art_malloc_allocator);

        if (r->words) {
            if (fz_words_rule(r, p + 1, nl, nrules, &file) != 0) {
                predicted = 0;
            }

            nrules++;
            continue;
        }

        nrules++;

        /* up to a slash that would end it; no backslash left alone */
        for (i = 1; p + i < nl; i++) {
            if (p[i] == '/') {
                break;
            }

            if (p[i] == '\\') {
                if (p + i + 1 == nl) {
                    break;
                }

                art_buf_append_byte(&r->raw, p[i++]);
            }

            art_buf_append_byte(&r->raw, p[i]);
        }

        fz_unescape(r);

        if (r->pat.failed || r->raw.failed) {
            abort();
        }

        if (!fz_compile(r)) {
            predicted = 0;
        }

        art_buf_printf(&file, "%s /", names[r->action]);
        art_buf_append(&file, r->raw.data, r->raw.len);
        art_buf_printf(&file, "/%s%s", r->caseless ? "i" : "",
                       r->word ? "w" : "");

        if (r->action == ART_MOD_REPLACE) {
            art_buf_append_str(&file, r->ncap ? " \"<$1&>\"" : " \"<&$$>\"");
        }

        art_buf_append_byte(&file, '\n');
    }

    if (nrules == 0 || file.failed) {
        art_buf_free(&file);
        return;
    }

    path = fz_write_file("pattern-rules.txt", file.data, file.len);
    art_buf_free(&file);

    rc = fz_load(&c, ctx, "pattern-rules.txt", report);

    if ((rc == 0) != predicted) {
        abort();
    }

    if (rc == 0) {
        s = art_mod_scanner_create(&art_malloc_allocator, &c);
        if (s == NULL) {
            abort();
        }

        fz_log_init(&got);
        rc = fz_scan(s, text, tlen, report, &got);

        if (rc == 0 && fz_oracle(rules, nrules, text, tlen, &cands, &ncands)
                       == 0)
        {
            fz_log_init(&want);
            fz_expect(rules, cands, ncands, text, report, path, &want);

            /* the same matches; the file names are the rules' own */
            for (n = 0; n < got.n; n++) {
                if (strcmp(got.m[n].file, path) != 0) {
                    abort();
                }
            }

            fz_same_log(&want, &got, 0);
            fz_log_free(&want);
            free(cands);

        } else if (rc == 0) {
            free(cands);
        }

        fz_check_fired(s, &got);
        fz_log_free(&got);

        art_mod_scanner_destroy(s);
        art_mod_conf_free(&c);
    }

    for (i = 0; i < nrules; i++) {
        pcre2_code_free(rules[i].code);
        art_buf_free(&rules[i].pat);
        art_buf_free(&rules[i].raw);
    }
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char            err[1024];
    art_arena_t     arena;
    art_conf_ctx_t  ctx;

    if (size < 1) {
        return 0;
    }

    art_arena_init(&arena);

    ctx.alloc = &arena.alloc;
    ctx.base_dir = fz_tmpdir();
    ctx.err = err;
    ctx.errlen = sizeof(err);

    if (data[0] & 2) {
        fz_patterns(data + 1, size - 1, data[0] & 1, &ctx);
    } else {
        fz_rule_file(data + 1, size - 1, data[0] & 1, &ctx);
    }

    art_arena_empty(&arena);

    return 0;
}
