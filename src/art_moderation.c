/*
 * Moderation rules and scanning.  Regex rules are PCRE2 patterns compiled
 * with JIT; the terms of all words lists go into one caseless, whole-words
 * Aho-Corasick automaton.  Most text runs hold nothing a rule looks for,
 * so a scan tries hard not to start PCRE2 at all: a second automaton looks
 * for literals that every match of a pattern holds, and the rest have to
 * pass PCRE2's own first-byte and required-byte knowledge and its minimum
 * length.
 */

#define PCRE2_CODE_UNIT_WIDTH 8

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "art_aho.h"
#include "art_escape.h"
#include "art_moderation.h"


#define ART_MOD_NONE        0xffffffffu
/* art_mod_conf_t.owned */
#define ART_MOD_OWN_RULES   0x1
#define ART_MOD_OWN_ATTRS   0x2
#define ART_MOD_OWN_PAGE    0x4
#define ART_MOD_OWN_URL     0x8
/* $0 and $1..$9: the capture pairs kept for a replacement */
#define ART_MOD_PAIRS       10
/* backtracking bound: a page must not make a rule run away */
#define ART_MOD_MATCH_LIMIT 1000000
/* literal prefilters: literals a set, bytes a literal, nesting */
#define ART_MOD_LIT_MAX     24
#define ART_MOD_LIT_LEN     16
#define ART_MOD_PF_DEPTH    12
/* the longest WORD of a rule \bWORD\b matched without PCRE2 */
#define ART_MOD_WLIT_MAX    32
/* eight bytes at a time: each byte's lowest, each byte's highest bit */
#define ART_MOD_ONES        0x0101010101010101ULL
#define ART_MOD_HIGH        0x8080808080808080ULL

#if defined(__GNUC__)
#define ART_MOD_NOINLINE    __attribute__((noinline))
#else
#define ART_MOD_NOINLINE
#endif

/*
 * The w flag, as words lists have it (see art_aho.h): no word character
 * on either side, but a standalone character (of a script written
 * without spaces) is a word by itself.
 */
#define ART_MOD_WORDCHAR    "[\\p{L}\\p{N}\\p{M}\\p{Pc}\\x{200C}\\x{200D}]"
#define ART_MOD_STANDALONE                                                  \
    "(?=" ART_MOD_WORDCHAR ")[\\p{Han}\\p{Hiragana}\\p{Katakana}\\p{Thai}"  \
    "\\p{Lao}\\p{Khmer}\\p{Myanmar}]"
#define ART_MOD_INWORD      "(?!" ART_MOD_STANDALONE ")" ART_MOD_WORDCHAR
#define ART_MOD_W_BEFORE                                                    \
    "(?:(?<!" ART_MOD_INWORD ")|(?=" ART_MOD_STANDALONE "))(?:"
#define ART_MOD_W_AFTER                                                     \
    ")(?:(?!" ART_MOD_INWORD ")|(?<=" ART_MOD_STANDALONE "))"


typedef struct {
    const unsigned char    *lit;
    size_t                  len;
    int                     group;      /* 1..9, or 0 for a literal */
} art_mod_part_t;

typedef struct {
    int                     action;
    const char             *file;
    unsigned                line;
    /* NULL for a words list */
    pcre2_code             *code;
    int                     jit;
    /* the replacement, and its literals and groups */
    unsigned char          *repl;
    art_mod_part_t         *parts;
    size_t                  nparts;
    /* no literal prefilter: the pattern runs on every text... */
    int                     always;
    /* ...that is long enough, has a byte a match can start with... */
    uint32_t                minlen;
    uint64_t                first[4];
    /* ...and holds this byte (or its other ASCII case), if not -1 */
    int                     last[2];
    /*
     * Every match is one of the rule's literals, as it stands (no \K):
     * a match can only start where the literal automaton found one, and
     * the pattern, compiled again anchored, is tried there alone.
     */
    pcre2_code             *anchored;
    int                     anchored_jit;
    /*
     * A pattern \bWORD\b (ASCII letters, digits and _): where the text
     * around a place is ASCII, whether it matches there is plain to see,
     * without PCRE2 (see art_mod_word_match()).  wlen 0: another pattern.
     */
    unsigned char           wlit[ART_MOD_WLIT_MAX];
    size_t                  wlen;
    int                     wcaseless;
} art_mod_rule_t;

struct art_mod_rules_s {
    const art_allocator_t  *alloc;
    pcre2_general_context  *gctx;
    pcre2_compile_context  *cctx;
    art_mod_rule_t         *rule;
    size_t                  nrules;
    size_t                  cap;
    /* the terms of the words lists, by rule index */
    art_aho_t              *words;
    /* the literals of regex rules, one of which each match holds */
    art_aho_t              *lits;
    /* the regex rules without literals, which every text may need */
    uint32_t               *always;
    size_t                  nalways;
    /* no rule matches fewer characters */
    size_t                  minlen;
    size_t                  nregex;
    size_t                  nterms;
    uint32_t                pairs;
    int                     has_block;
    /*
     * A literal or a term made of white space alone (or a rule that
     * always runs): without one, a text of white space alone (most runs
     * between two tags) has nothing to find.
     */
    int                     space_finds;
};

typedef struct {
    size_t                  start;
    size_t                  end;
    uint32_t                rule;
    /* first of the capture pairs in groups, for a replace */
    uint32_t                groups;
} art_mod_cand_t;

typedef struct {
    uint32_t                rule;
    size_t                  start;
} art_mod_start_t;

struct art_mod_scanner_s {
    const art_allocator_t  *alloc;
    const art_mod_rules_t  *rules;
    int                     report;
    pcre2_general_context  *gctx;
    pcre2_match_context    *mctx;
    pcre2_match_data       *md;
    art_buf_t               scratch;
    art_buf_t               repl;
    art_mod_cand_t         *cands;
    size_t                  ncands;
    size_t                  cands_cap;
    size_t                 *groups;
    size_t                  ngroups;
    size_t                  groups_cap;
    unsigned char          *fired;
    /* the regex rules whose literals the text holds, and a set of them */
    uint32_t               *trig;
    size_t                  ntrig;
    unsigned char          *triggered;
    /* where the literals of anchored rules start, by rule */
    art_mod_start_t        *starts;
    size_t                  nstarts;
    size_t                  starts_cap;
    art_mod_counts_t        counts;
    /* the bytes of the text, when a prefilter needed them */
    uint64_t                present[4];
    int                     present_done;
    /* how many bytes of repl are stars, from the last mask on */
    size_t                  stars;
    /* the text being scanned, for the automaton's callback */
    const unsigned char    *text;
    size_t                  len;
    int                     failed;
};

/* a set of literals, or nothing known (any) */
typedef struct {
    unsigned char           s[ART_MOD_LIT_MAX][ART_MOD_LIT_LEN];
    unsigned char           len[ART_MOD_LIT_MAX];
    size_t                  n;
    int                     any;
} art_mod_lits_t;

/*
 * What a part of a pattern matches: exactly one of a set, else strings
 * that start with one of pre, end with one of suf and hold one of req
 */
typedef struct {
    art_mod_lits_t          exact;
    art_mod_lits_t          pre;
    art_mod_lits_t          suf;
    art_mod_lits_t          req;
} art_mod_info_t;

typedef struct {
    const unsigned char    *p;
    const unsigned char    *end;
    unsigned                depth;
} art_mod_pf_t;

/* what a line of a rule file is being parsed for */
typedef struct {
    art_mod_rules_t        *rules;
    art_conf_ctx_t         *ctx;
    const char             *file;
    const char             *dir;
    unsigned                line;
    const unsigned char    *p;
    const unsigned char    *end;
} art_mod_line_t;


static int art_mod_set_rules(art_mod_conf_t *c, art_conf_ctx_t *ctx,
    const char *name, const art_str_t *args, size_t nargs);
static int art_mod_set_attrs(art_mod_conf_t *c, art_conf_ctx_t *ctx,
    const char *name, const art_str_t *args, size_t nargs);
static int art_mod_set_block_page(art_mod_conf_t *c, art_conf_ctx_t *ctx,
    const char *name, const art_str_t *arg);
static int art_mod_set_blocked_by(art_mod_conf_t *c, art_conf_ctx_t *ctx,
    const char *name, const art_str_t *arg);
static int art_mod_set_enum(art_conf_ctx_t *ctx, const char *name,
    const art_str_t *arg, const char *one, int v1, const char *two, int v2,
    int *field);
static int art_mod_nargs(art_conf_ctx_t *ctx, const char *name);
static int art_mod_duplicate(art_conf_ctx_t *ctx, const char *name);

static art_mod_rules_t *art_mod_rules_create(const art_allocator_t *a);
static void art_mod_rules_free(art_mod_rules_t *rules);
static int art_mod_rules_index(art_mod_rules_t *rules);
static int art_mod_load_file(art_mod_rules_t *rules, art_conf_ctx_t *ctx,
    char *path);
static int art_mod_parse_line(art_mod_line_t *l);
static int art_mod_parse_regex(art_mod_line_t *l, int action);
static int art_mod_parse_words(art_mod_line_t *l);
static int art_mod_parse_string(art_mod_line_t *l, art_buf_t *out,
    const char *what);
static int art_mod_line_end(art_mod_line_t *l);
static int art_mod_compile(art_mod_line_t *l, art_mod_rule_t *r,
    const unsigned char *pat, size_t plen, const unsigned char *raw,
    size_t rawlen, int caseless, int word, uint32_t *ncap);
static size_t art_mod_raw_offset(const unsigned char *raw, size_t rawlen,
    size_t off);
static void art_mod_word_rule(art_mod_rule_t *r, const unsigned char *pat,
    size_t plen, int caseless, const unsigned char *lit, size_t litlen);
static int art_mod_ascii_word(unsigned char c);
static int art_mod_word_match(const art_mod_scanner_t *s,
    const art_mod_rule_t *r, size_t at, size_t end);
static int art_mod_prefilter(art_mod_line_t *l, art_mod_rule_t *r,
    const unsigned char *pat, size_t plen, int *exact, unsigned char *lit,
    size_t *litlen);
static void art_mod_first_bytes(art_mod_rule_t *r);
static void art_mod_lits_none(art_mod_lits_t *set);
static int art_mod_lits_add(art_mod_lits_t *set, const unsigned char *p,
    size_t n, int cut);
static void art_mod_lits_cross(art_mod_lits_t *out, const art_mod_lits_t *a,
    const art_mod_lits_t *b, int cut);
static void art_mod_lits_union(art_mod_lits_t *a, const art_mod_lits_t *b);
static size_t art_mod_lits_score(const art_mod_lits_t *set);
static void art_mod_lits_best(art_mod_lits_t *best,
    const art_mod_lits_t *cand);
static void art_mod_info_any(art_mod_info_t *info);
static void art_mod_info_lit(art_mod_info_t *info, const unsigned char *p,
    size_t n);
static const art_mod_lits_t *art_mod_info_pre(const art_mod_info_t *info);
static const art_mod_lits_t *art_mod_info_suf(const art_mod_info_t *info);
static const art_mod_lits_t *art_mod_info_req(const art_mod_info_t *info);
static void art_mod_info_concat(art_mod_info_t *a, const art_mod_info_t *b);
static void art_mod_info_alt(art_mod_info_t *a, const art_mod_info_t *b);
static int art_mod_pf_alt(art_mod_pf_t *pf, art_mod_info_t *info);
static int art_mod_pf_seq(art_mod_pf_t *pf, art_mod_info_t *info);
static int art_mod_pf_atom(art_mod_pf_t *pf, art_mod_info_t *info);
static int art_mod_pf_group(art_mod_pf_t *pf, art_mod_info_t *info);
static int art_mod_pf_class(art_mod_pf_t *pf, art_mod_info_t *info);
static int art_mod_pf_escape(art_mod_pf_t *pf, art_mod_info_t *info);
static int art_mod_pf_quant(art_mod_pf_t *pf, art_mod_info_t *info);
static int art_mod_parse_repl(art_mod_line_t *l, art_mod_rule_t *r,
    unsigned char *s, size_t n, uint32_t ncap);
static int art_mod_load_terms(art_mod_line_t *l, const char *path,
    uint32_t ri);
static art_mod_rule_t *art_mod_add_rule(art_mod_line_t *l, int action);
static int art_mod_read(const art_allocator_t *a, const char *path,
    unsigned char **data, size_t *len);
static int art_mod_utf8_valid(const unsigned char *p, size_t n);
static void art_mod_skip_space(art_mod_line_t *l);
static int art_mod_space(unsigned char c);

static void *art_mod_pcre_alloc(size_t size, void *data);
static void art_mod_pcre_free(void *p, void *data);

static int art_mod_scan_text(art_mod_scanner_t *s, const unsigned char *text,
    size_t len, art_mod_match_fn cb, void *ud, int escape);
static inline int art_mod_nothing(const art_mod_rules_t *rules,
    const unsigned char *text, size_t len);
static inline int art_mod_all_space(const unsigned char *p, size_t n);
static inline int art_mod_space_byte(unsigned char c);
static inline int art_mod_space_word(uint64_t w);
static int art_mod_space_rest(const unsigned char *p, size_t n, size_t i)
    ART_MOD_NOINLINE;
static void art_mod_sort_starts(art_mod_start_t *a, size_t n);
static void art_mod_sort_cands(art_mod_cand_t *a, size_t n);
static int art_mod_word_hit(void *ud, unsigned id, size_t start,
    size_t end);
static int art_mod_lit_hit(void *ud, unsigned id, size_t start, size_t end);
static int art_mod_may_match(art_mod_scanner_t *s, const art_mod_rule_t *r);
static int art_mod_run_regex(art_mod_scanner_t *s, const art_mod_rule_t *r,
    uint32_t ri);
static int art_mod_run_anchored(art_mod_scanner_t *s,
    const art_mod_rule_t *r, uint32_t ri);
static int art_mod_start_cmp(const void *a, const void *b);
static int art_mod_keep_groups(art_mod_scanner_t *s, int rc,
    const PCRE2_SIZE *ov, uint32_t *g);
static int art_mod_add_cand(art_mod_scanner_t *s, size_t start, size_t end,
    uint32_t rule, uint32_t groups);
static int art_mod_cand_cmp(const void *a, const void *b);
static int art_mod_emit(art_mod_scanner_t *s, art_mod_match_fn cb, void *ud,
    int escape);
static int art_mod_build(art_mod_scanner_t *s, const art_mod_rule_t *r,
    const art_mod_cand_t *c, int escape);
static size_t art_mod_next_char(const unsigned char *t, size_t len,
    size_t pos);


void
art_mod_conf_init(art_mod_conf_t *c)
{
    memset(c, 0, sizeof(art_mod_conf_t));

    c->enabled = ART_UNSET;
    c->mode = ART_UNSET;
    c->oversize = ART_UNSET;
}


int
art_mod_conf_set(art_mod_conf_t *c, art_conf_ctx_t *ctx, const char *name,
    const art_str_t *args, size_t nargs)
{
    if (strcmp(name, "article_moderation") == 0) {
        return art_mod_set_rules(c, ctx, name, args, nargs);
    }

    if (strcmp(name, "article_moderation_attrs") == 0) {
        return art_mod_set_attrs(c, ctx, name, args, nargs);
    }

    if (strncmp(name, "article_moderation_", 19) != 0) {
        return ART_CONF_DECLINED;
    }

    if (strcmp(name, "article_moderation_mode") == 0) {
        if (nargs != 1) {
            return art_mod_nargs(ctx, name);
        }

        if (c->mode != ART_UNSET) {
            return art_mod_duplicate(ctx, name);
        }

        return art_mod_set_enum(ctx, name, &args[0], "enforce",
                                ART_MOD_ENFORCE, "report", ART_MOD_REPORT,
                                &c->mode);
    }

    if (strcmp(name, "article_moderation_oversize") == 0) {
        if (nargs != 1) {
            return art_mod_nargs(ctx, name);
        }

        if (c->oversize != ART_UNSET) {
            return art_mod_duplicate(ctx, name);
        }

        return art_mod_set_enum(ctx, name, &args[0], "pass",
                                ART_MOD_OVERSIZE_PASS, "block",
                                ART_MOD_OVERSIZE_BLOCK, &c->oversize);
    }

    if (strcmp(name, "article_moderation_block_page") == 0) {
        if (nargs != 1) {
            return art_mod_nargs(ctx, name);
        }

        if (c->block_page_set) {
            return art_mod_duplicate(ctx, name);
        }

        return art_mod_set_block_page(c, ctx, name, &args[0]);
    }

    if (strcmp(name, "article_moderation_blocked_by") == 0) {
        if (nargs != 1) {
            return art_mod_nargs(ctx, name);
        }

        if (c->blocked_by_set) {
            return art_mod_duplicate(ctx, name);
        }

        return art_mod_set_blocked_by(c, ctx, name, &args[0]);
    }

    return ART_CONF_DECLINED;
}


void
art_mod_conf_merge(art_mod_conf_t *c, const art_mod_conf_t *parent)
{
    if (c->enabled == ART_UNSET) {
        if (parent != NULL && parent->enabled != ART_UNSET) {
            c->enabled = parent->enabled;
            c->rules = parent->rules;

        } else {
            c->enabled = 0;
            c->rules = NULL;
        }
    }

    if (c->mode == ART_UNSET) {
        c->mode = (parent != NULL && parent->mode != ART_UNSET)
                  ? parent->mode : ART_MOD_ENFORCE;
    }

    if (!c->attrs_set) {
        if (parent != NULL && parent->attrs_set) {
            c->attrs = parent->attrs;
            c->nattrs = parent->nattrs;
        }

        c->attrs_set = 1;
    }

    if (!c->block_page_set) {
        if (parent != NULL && parent->block_page_set) {
            c->block_page = parent->block_page;
            c->block_page_len = parent->block_page_len;
        }

        c->block_page_set = 1;
    }

    if (!c->blocked_by_set) {
        if (parent != NULL && parent->blocked_by_set) {
            c->blocked_by = parent->blocked_by;
        }

        c->blocked_by_set = 1;
    }

    if (c->oversize == ART_UNSET) {
        c->oversize = (parent != NULL && parent->oversize != ART_UNSET)
                      ? parent->oversize : ART_MOD_OVERSIZE_PASS;
    }
}


void
art_mod_conf_free(art_mod_conf_t *c)
{
    size_t                  i;
    const art_allocator_t  *a;

    if (c->owned == 0) {
        return;
    }

    a = c->owned_alloc;

    if (c->owned & ART_MOD_OWN_RULES) {
        art_mod_rules_free(c->rules);
        c->rules = NULL;
    }

    if (c->owned & ART_MOD_OWN_ATTRS) {
        for (i = 0; i < c->nattrs; i++) {
            art_free(a, (void *) c->attrs[i].data);
        }

        art_free(a, c->attrs);
        c->attrs = NULL;
        c->nattrs = 0;
    }

    if (c->owned & ART_MOD_OWN_PAGE) {
        art_free(a, c->block_page);
        c->block_page = NULL;
        c->block_page_len = 0;
    }

    if (c->owned & ART_MOD_OWN_URL) {
        art_free(a, c->blocked_by);
        c->blocked_by = NULL;
    }

    c->owned = 0;
}


int
art_mod_has_block_rules(const art_mod_conf_t *c)
{
    return c->rules != NULL && c->rules->has_block
           && c->mode != ART_MOD_REPORT;
}


size_t
art_mod_rule_count(const art_mod_conf_t *c)
{
    return c->rules ? c->rules->nrules : 0;
}


size_t
art_mod_term_count(const art_mod_conf_t *c)
{
    return c->rules ? c->rules->nterms : 0;
}


art_mod_scanner_t *
art_mod_scanner_create(const art_allocator_t *a, const art_mod_conf_t *c)
{
    art_mod_scanner_t  *s;
    size_t              n;

    s = art_calloc(a, sizeof(art_mod_scanner_t));
    if (s == NULL) {
        return NULL;
    }

    s->alloc = a;
    s->rules = c->rules;
    s->report = c->mode == ART_MOD_REPORT;
    art_buf_init(&s->scratch, a);
    art_buf_init(&s->repl, a);

    if (s->rules == NULL) {
        return s;
    }

    n = s->rules->nrules;

    s->fired = art_calloc(a, n + 1);
    s->triggered = art_calloc(a, n + 1);
    s->trig = art_alloc(a, (n + 1) * sizeof(uint32_t));
    if (s->fired == NULL || s->triggered == NULL || s->trig == NULL) {
        goto failed;
    }

    if (s->rules->nregex == 0) {
        return s;
    }

    s->gctx = pcre2_general_context_create(art_mod_pcre_alloc,
                                           art_mod_pcre_free, (void *) a);
    if (s->gctx == NULL) {
        goto failed;
    }

    s->mctx = pcre2_match_context_create(s->gctx);
    s->md = pcre2_match_data_create(s->rules->pairs, s->gctx);
    if (s->mctx == NULL || s->md == NULL) {
        goto failed;
    }

    pcre2_set_match_limit(s->mctx, ART_MOD_MATCH_LIMIT);

    return s;

failed:

    art_mod_scanner_destroy(s);

    return NULL;
}


void
art_mod_scanner_destroy(art_mod_scanner_t *s)
{
    if (s == NULL) {
        return;
    }

    pcre2_match_data_free(s->md);
    pcre2_match_context_free(s->mctx);
    pcre2_general_context_free(s->gctx);

    art_buf_free(&s->scratch);
    art_buf_free(&s->repl);
    art_free(s->alloc, s->cands);
    art_free(s->alloc, s->groups);
    art_free(s->alloc, s->fired);
    art_free(s->alloc, s->triggered);
    art_free(s->alloc, s->trig);
    art_free(s->alloc, s->starts);
    art_free(s->alloc, s);
}


int
art_mod_scan(art_mod_scanner_t *s, const unsigned char *text, size_t len,
    art_mod_match_fn cb, void *ud)
{
    if (art_mod_nothing(s->rules, text, len)) {
        return 0;
    }

    return art_mod_scan_text(s, text, len, cb, ud, 1);
}


int
art_mod_scan_plain(art_mod_scanner_t *s, const unsigned char *text,
    size_t len, art_mod_match_fn cb, void *ud)
{
    if (art_mod_nothing(s->rules, text, len)) {
        return 0;
    }

    return art_mod_scan_text(s, text, len, cb, ud, 0);
}


const art_mod_counts_t *
art_mod_counts(const art_mod_scanner_t *s)
{
    return &s->counts;
}


int
art_mod_blocked(const art_mod_scanner_t *s)
{
    return !s->report && s->counts.block > 0;
}


int
art_mod_fired_rules(const art_mod_scanner_t *s, art_buf_t *out)
{
    size_t                 i, j, n;
    const art_mod_rule_t  *r, *q;

    if (s->rules == NULL) {
        return 0;
    }

    n = 0;

    for (i = 0; i < s->rules->nrules; i++) {
        if (!s->fired[i]) {
            continue;
        }

        r = &s->rules->rule[i];

        /* the same file may be listed twice */
        for (j = 0; j < i; j++) {
            q = &s->rules->rule[j];
            if (s->fired[j] && q->line == r->line
                && strcmp(q->file, r->file) == 0)
            {
                break;
            }
        }

        if (j < i) {
            continue;
        }

        art_buf_printf(out, "%s%s:%u", n++ ? " " : "", r->file, r->line);
    }

    return out->failed ? -1 : 0;
}


int
art_mod_format_counts(art_buf_t *out, const art_mod_counts_t *counts)
{
    return art_buf_printf(out, "mask=%u replace=%u flag=%u block=%u",
                          counts->mask, counts->replace, counts->flag,
                          counts->block);
}


/* directives */

static int
art_mod_set_rules(art_mod_conf_t *c, art_conf_ctx_t *ctx, const char *name,
    const art_str_t *args, size_t nargs)
{
    int               rc;
    char             *path;
    size_t            i;
    art_mod_rules_t  *rules;

    if (nargs == 0) {
        return art_mod_nargs(ctx, name);
    }

    if (c->enabled != ART_UNSET) {
        return art_mod_duplicate(ctx, name);
    }

    if (nargs == 1 && art_str_eq(&args[0], "off")) {
        c->enabled = 0;
        c->rules = NULL;
        return ART_CONF_OK;
    }

    for (i = 0; i < nargs; i++) {
        if (art_str_eq(&args[i], "off")) {
            return art_conf_error(ctx, "\"off\" in \"%s\" must stand "
                                  "alone", name);
        }
    }

    rules = art_mod_rules_create(ctx->alloc);
    if (rules == NULL) {
        return art_conf_error(ctx, "out of memory");
    }

    for (i = 0; i < nargs; i++) {
        path = art_conf_path(ctx, &args[i]);
        if (path == NULL) {
            art_mod_rules_free(rules);
            return ART_CONF_ERROR;
        }

        rc = art_mod_load_file(rules, ctx, path);
        if (rc != ART_CONF_OK) {
            art_mod_rules_free(rules);
            return rc;
        }
    }

    if ((rules->words != NULL && art_aho_compile(rules->words) != 0)
        || (rules->lits != NULL && art_aho_compile(rules->lits) != 0)
        || art_mod_rules_index(rules) != 0)
    {
        art_mod_rules_free(rules);
        return art_conf_error(ctx, "out of memory");
    }

    c->rules = rules;
    c->enabled = 1;
    c->owned |= ART_MOD_OWN_RULES;
    c->owned_alloc = ctx->alloc;

    return ART_CONF_OK;
}


static int
art_mod_set_attrs(art_mod_conf_t *c, art_conf_ctx_t *ctx, const char *name,
    const art_str_t *args, size_t nargs)
{
    size_t          i, k;
    unsigned char  *p, ch;

    if (nargs == 0) {
        return art_mod_nargs(ctx, name);
    }

    if (c->attrs_set) {
        return art_mod_duplicate(ctx, name);
    }

    if (nargs == 1 && art_str_eq(&args[0], "off")) {
        c->attrs_set = 1;
        return ART_CONF_OK;
    }

    for (i = 0; i < nargs; i++) {
        if (art_str_eq(&args[i], "off")) {
            return art_conf_error(ctx, "\"off\" in \"%s\" must stand "
                                  "alone", name);
        }

        if (args[i].len == 0) {
            return art_conf_error(ctx, "empty attribute name in \"%s\"",
                                  name);
        }

        /* the rewriter edits attributes whose names fit in 31 bytes */
        if (args[i].len > 31) {
            return art_conf_error(ctx, "attribute name \"%.*s\" in \"%s\" "
                                  "is longer than 31 bytes",
                                  (int) args[i].len,
                                  (const char *) args[i].data, name);
        }

        for (k = 0; k < args[i].len; k++) {
            ch = args[i].data[k];

            if (ch <= ' ' || ch == '"' || ch == '\'' || ch == '>'
                || ch == '/' || ch == '=' || ch == 0x7f)
            {
                return art_conf_error(ctx, "invalid attribute name "
                                      "\"%.*s\" in \"%s\"",
                                      (int) args[i].len,
                                      (const char *) args[i].data, name);
            }
        }
    }

    c->attrs = art_calloc(ctx->alloc, nargs * sizeof(art_str_t));
    if (c->attrs == NULL) {
        return art_conf_error(ctx, "out of memory");
    }

    c->attrs_set = 1;
    c->nattrs = nargs;
    c->owned |= ART_MOD_OWN_ATTRS;
    c->owned_alloc = ctx->alloc;

    for (i = 0; i < nargs; i++) {
        p = art_alloc(ctx->alloc, args[i].len + 1);
        if (p == NULL) {
            return art_conf_error(ctx, "out of memory");
        }

        /* attribute names reach handlers in lower case */
        for (k = 0; k < args[i].len; k++) {
            ch = args[i].data[k];
            p[k] = (ch >= 'A' && ch <= 'Z') ? ch + 32 : ch;
        }

        p[k] = '\0';
        c->attrs[i].data = p;
        c->attrs[i].len = args[i].len;
    }

    return ART_CONF_OK;
}


static int
art_mod_set_block_page(art_mod_conf_t *c, art_conf_ctx_t *ctx,
    const char *name, const art_str_t *arg)
{
    int    err;
    char  *path;

    path = art_conf_path(ctx, arg);
    if (path == NULL) {
        return ART_CONF_ERROR;
    }

    err = art_mod_read(ctx->alloc, path, &c->block_page, &c->block_page_len);
    if (err != 0) {
        art_conf_error(ctx, "cannot read \"%s\" in \"%s\": %s", path, name,
                       strerror(err));
        art_free(ctx->alloc, path);
        return ART_CONF_ERROR;
    }

    art_free(ctx->alloc, path);
    c->block_page_set = 1;
    c->owned |= ART_MOD_OWN_PAGE;
    c->owned_alloc = ctx->alloc;

    return ART_CONF_OK;
}


static int
art_mod_set_blocked_by(art_mod_conf_t *c, art_conf_ctx_t *ctx,
    const char *name, const art_str_t *arg)
{
    size_t         i;
    unsigned char  ch;

    if (art_str_eq(arg, "off")) {
        c->blocked_by_set = 1;
        return ART_CONF_OK;
    }

    /* it goes into a Link header between < and > */
    for (i = 0; i < arg->len; i++) {
        ch = arg->data[i];

        if (ch <= ' ' || ch >= 0x7f || ch == '<' || ch == '>' || ch == '"') {
            return art_conf_error(ctx, "invalid URL \"%.*s\" in \"%s\": "
                                  "spaces, controls, non-ASCII bytes and "
                                  "< > \" must be percent-encoded",
                                  (int) arg->len, (const char *) arg->data,
                                  name);
        }
    }

    if (arg->len == 0) {
        return art_conf_error(ctx, "empty URL in \"%s\"", name);
    }

    c->blocked_by_set = 1;
    c->blocked_by = art_conf_strdup(ctx, arg);
    if (c->blocked_by == NULL) {
        return ART_CONF_ERROR;
    }

    c->owned |= ART_MOD_OWN_URL;
    c->owned_alloc = ctx->alloc;

    return ART_CONF_OK;
}


static int
art_mod_set_enum(art_conf_ctx_t *ctx, const char *name, const art_str_t *arg,
    const char *one, int v1, const char *two, int v2, int *field)
{
    if (art_str_eq(arg, one)) {
        *field = v1;
        return ART_CONF_OK;
    }

    if (art_str_eq(arg, two)) {
        *field = v2;
        return ART_CONF_OK;
    }

    return art_conf_error(ctx, "invalid value \"%.*s\" in \"%s\": "
                          "it must be \"%s\" or \"%s\"",
                          (int) arg->len, (const char *) arg->data, name,
                          one, two);
}


static int
art_mod_nargs(art_conf_ctx_t *ctx, const char *name)
{
    return art_conf_error(ctx, "invalid number of arguments in \"%s\"",
                          name);
}


static int
art_mod_duplicate(art_conf_ctx_t *ctx, const char *name)
{
    return art_conf_error(ctx, "\"%s\" directive is duplicate", name);
}


/* rule files */

static art_mod_rules_t *
art_mod_rules_create(const art_allocator_t *a)
{
    art_mod_rules_t  *rules;

    rules = art_calloc(a, sizeof(art_mod_rules_t));
    if (rules == NULL) {
        return NULL;
    }

    rules->alloc = a;
    rules->pairs = 1;
    rules->minlen = (size_t) -1;

    rules->gctx = pcre2_general_context_create(art_mod_pcre_alloc,
                                               art_mod_pcre_free, (void *) a);
    if (rules->gctx == NULL) {
        art_free(a, rules);
        return NULL;
    }

    rules->cctx = pcre2_compile_context_create(rules->gctx);
    if (rules->cctx == NULL) {
        pcre2_general_context_free(rules->gctx);
        art_free(a, rules);
        return NULL;
    }

    return rules;
}


static void
art_mod_rules_free(art_mod_rules_t *rules)
{
    size_t                  i;
    const char             *file;
    art_mod_rule_t         *r;
    const art_allocator_t  *a;

    if (rules == NULL) {
        return;
    }

    a = rules->alloc;
    file = NULL;

    for (i = 0; i < rules->nrules; i++) {
        r = &rules->rule[i];

        pcre2_code_free(r->code);
        pcre2_code_free(r->anchored);

        art_free(a, r->repl);
        art_free(a, r->parts);

        /* the rules of one file share its name */
        if (r->file != file) {
            file = r->file;
            art_free(a, (void *) file);
        }
    }

    art_free(a, rules->always);
    art_aho_destroy(rules->words);
    art_aho_destroy(rules->lits);
    art_free(a, rules->rule);
    pcre2_compile_context_free(rules->cctx);
    pcre2_general_context_free(rules->gctx);
    art_free(a, rules);
}


/* what a scan needs at hand: the rules that always run, the least length */
static int
art_mod_rules_index(art_mod_rules_t *rules)
{
    size_t           i;
    art_mod_rule_t  *r;

    rules->always = art_alloc(rules->alloc,
                              (rules->nrules + 1) * sizeof(uint32_t));
    if (rules->always == NULL) {
        return -1;
    }

    rules->nalways = 0;

    if (rules->nrules == 0) {
        rules->minlen = 0;
    }

    for (i = 0; i < rules->nrules; i++) {
        r = &rules->rule[i];

        if (r->code != NULL && r->always) {
            rules->always[rules->nalways++] = (uint32_t) i;
            rules->space_finds = 1;
        }

        if (r->minlen < rules->minlen) {
            rules->minlen = r->minlen;
        }
    }

    return 0;
}


static int
art_mod_load_file(art_mod_rules_t *rules, art_conf_ctx_t *ctx, char *path)
{
    int                     rc, err, used;
    char                   *dir, *slash;
    size_t                  len;
    unsigned char          *data, *p, *end, *nl;
    art_mod_line_t          l;
    const art_allocator_t  *a;

    a = ctx->alloc;

    err = art_mod_read(a, path, &data, &len);
    if (err != 0) {
        art_conf_error(ctx, "cannot read moderation rules \"%s\": %s", path,
                       strerror(err));
        art_free(a, path);
        return ART_CONF_ERROR;
    }

    slash = strrchr(path, '/');
    /* "/x.rules" is in "/" */
    dir = slash ? art_strndup(a, path, (size_t) (slash - path)
                                       + (slash == path))
                : art_strndup(a, ".", 1);
    if (dir == NULL) {
        art_free(a, data);
        art_free(a, path);
        return art_conf_error(ctx, "out of memory");
    }

    l.rules = rules;
    l.ctx = ctx;
    l.file = path;
    l.dir = dir;
    l.line = 0;

    p = data;
    end = data + len;

    if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
        p += 3;
    }

    rc = ART_CONF_OK;

    while (p < end) {
        nl = memchr(p, '\n', (size_t) (end - p));
        l.line++;
        l.p = p;
        l.end = nl ? nl : end;

        if (l.end > l.p && l.end[-1] == '\r') {
            l.end--;
        }

        rc = art_mod_parse_line(&l);
        if (rc != ART_CONF_OK) {
            break;
        }

        p = nl ? nl + 1 : end;
    }

    /* the rules hold the name, or nothing does and it goes */
    used = rules->nrules > 0 && rules->rule[rules->nrules - 1].file == path;

    art_free(a, data);
    art_free(a, dir);
    if (!used) {
        art_free(a, path);
    }

    return rc;
}


static int
art_mod_parse_line(art_mod_line_t *l)
{
    size_t                n;
    const unsigned char  *w;

    art_mod_skip_space(l);

    if (l->p == l->end || *l->p == '#') {
        return ART_CONF_OK;
    }

    w = l->p;
    while (l->p < l->end && !art_mod_space(*l->p) && *l->p != '/'
           && *l->p != '#' && *l->p != '"')
    {
        l->p++;
    }

    n = (size_t) (l->p - w);

    if (n == 0) {
        return art_conf_error(l->ctx, "%s:%u: a rule starts with mask, "
                              "replace, flag, block or words", l->file,
                              l->line);
    }

    if (n == 4 && memcmp(w, "mask", 4) == 0) {
        return art_mod_parse_regex(l, ART_MOD_MASK);
    }

    if (n == 7 && memcmp(w, "replace", 7) == 0) {
        return art_mod_parse_regex(l, ART_MOD_REPLACE);
    }

    if (n == 4 && memcmp(w, "flag", 4) == 0) {
        return art_mod_parse_regex(l, ART_MOD_FLAG);
    }

    if (n == 5 && memcmp(w, "block", 5) == 0) {
        return art_mod_parse_regex(l, ART_MOD_BLOCK);
    }

    if (n == 5 && memcmp(w, "words", 5) == 0) {
        return art_mod_parse_words(l);
    }

    return art_conf_error(l->ctx, "%s:%u: unknown action \"%.*s\"", l->file,
                          l->line, (int) n, (const char *) w);
}


static int
art_mod_parse_regex(art_mod_line_t *l, int action)
{
    int                    rc, caseless, word;
    size_t                 rawlen;
    uint32_t               ncap;
    art_buf_t              pat, repl;
    art_mod_rule_t        *r;
    const unsigned char   *raw;
    const art_allocator_t *a;

    a = l->ctx->alloc;

    art_mod_skip_space(l);

    if (l->p == l->end || *l->p == '#') {
        return art_conf_error(l->ctx, "%s:%u: missing /pattern/", l->file,
                              l->line);
    }

    if (*l->p != '/') {
        return art_conf_error(l->ctx, "%s:%u: a pattern is written "
                              "/like this/", l->file, l->line);
    }

    raw = ++l->p;
    art_buf_init(&pat, a);
    art_buf_init(&repl, a);

    /* \/ is a slash of the pattern; every other escape is PCRE2's */
    while (l->p < l->end && *l->p != '/') {
        if (*l->p == '\\' && l->p + 1 < l->end) {
            if (l->p[1] != '/') {
                art_buf_append_byte(&pat, '\\');
            }
            art_buf_append_byte(&pat, l->p[1]);
            l->p += 2;
            continue;
        }

        art_buf_append_byte(&pat, *l->p++);
    }

    rawlen = (size_t) (l->p - raw);

    if (l->p == l->end) {
        rc = art_conf_error(l->ctx, "%s:%u: unterminated pattern \"/%.*s\"",
                            l->file, l->line, (int) rawlen,
                            (const char *) raw);
        goto done;
    }

    l->p++;
    caseless = 0;
    word = 0;

    while (l->p < l->end && !art_mod_space(*l->p) && *l->p != '#') {
        switch (*l->p) {
        case 'i':
            caseless = 1;
            break;
        case 'w':
            word = 1;
            break;
        case 'u':
            break;
        default:
            rc = art_conf_error(l->ctx, "%s:%u: bad flag \"%c\" after "
                                "\"/%.*s/\": flags are i, w and u",
                                l->file, l->line, *l->p, (int) rawlen,
                                (const char *) raw);
            goto done;
        }

        l->p++;
    }

    if (action == ART_MOD_REPLACE) {
        art_mod_skip_space(l);

        if (l->p == l->end || *l->p == '#') {
            rc = art_conf_error(l->ctx, "%s:%u: missing \"replacement\" "
                                "after \"/%.*s/\"", l->file, l->line,
                                (int) rawlen, (const char *) raw);
            goto done;
        }

        rc = art_mod_parse_string(l, &repl, "replacement");
        if (rc != ART_CONF_OK) {
            goto done;
        }
    }

    rc = art_mod_line_end(l);
    if (rc != ART_CONF_OK) {
        goto done;
    }

    if (pat.failed || repl.failed) {
        rc = art_conf_error(l->ctx, "out of memory");
        goto done;
    }

    r = art_mod_add_rule(l, action);
    if (r == NULL) {
        rc = ART_CONF_ERROR;
        goto done;
    }

    rc = art_mod_compile(l, r, pat.data ? pat.data : (unsigned char *) "",
                         pat.len, raw, rawlen, caseless, word, &ncap);
    if (rc != ART_CONF_OK) {
        goto done;
    }

    if (ncap + 1 > l->rules->pairs) {
        l->rules->pairs = ncap + 1;
    }

    if (action == ART_MOD_REPLACE) {
        /* the rule keeps the buffer: its parts point into it */
        rc = art_mod_parse_repl(l, r, repl.data, repl.len, ncap);
        if (rc == ART_CONF_OK) {
            art_buf_init(&repl, a);
        }
    }

done:

    art_buf_free(&pat);
    art_buf_free(&repl);

    return rc;
}


static int
art_mod_parse_words(art_mod_line_t *l)
{
    int                    rc, action;
    char                  *path;
    size_t                 n, dlen;
    uint32_t               ri;
    art_buf_t              name;
    const unsigned char   *w;
    const art_allocator_t *a;

    a = l->ctx->alloc;

    art_mod_skip_space(l);

    w = l->p;
    while (l->p < l->end && !art_mod_space(*l->p) && *l->p != '#') {
        l->p++;
    }
    n = (size_t) (l->p - w);

    if (n == 4 && memcmp(w, "mask", 4) == 0) {
        action = ART_MOD_MASK;

    } else if (n == 4 && memcmp(w, "flag", 4) == 0) {
        action = ART_MOD_FLAG;

    } else if (n == 5 && memcmp(w, "block", 5) == 0) {
        action = ART_MOD_BLOCK;

    } else if (n == 0) {
        return art_conf_error(l->ctx, "%s:%u: missing action after "
                              "\"words\": mask, flag or block", l->file,
                              l->line);

    } else {
        return art_conf_error(l->ctx, "%s:%u: unknown words action "
                              "\"%.*s\": use mask, flag or block", l->file,
                              l->line, (int) n, (const char *) w);
    }

    art_mod_skip_space(l);
    art_buf_init(&name, a);

    if (l->p < l->end && *l->p == '"') {
        rc = art_mod_parse_string(l, &name, "file name");
        if (rc != ART_CONF_OK) {
            art_buf_free(&name);
            return rc;
        }

    } else {
        w = l->p;
        while (l->p < l->end && !art_mod_space(*l->p) && *l->p != '#') {
            l->p++;
        }
        art_buf_append(&name, w, (size_t) (l->p - w));
    }

    if (name.len == 0) {
        art_buf_free(&name);
        return art_conf_error(l->ctx, "%s:%u: missing words FILE", l->file,
                              l->line);
    }

    rc = art_mod_line_end(l);
    if (rc != ART_CONF_OK) {
        art_buf_free(&name);
        return rc;
    }

    /* relative to the rule file's directory */
    dlen = name.data[0] == '/' ? 0 : strlen(l->dir) + 1;
    path = art_alloc(a, dlen + name.len + 1);
    if (path == NULL || name.failed) {
        art_free(a, path);
        art_buf_free(&name);
        return art_conf_error(l->ctx, "out of memory");
    }

    if (dlen) {
        memcpy(path, l->dir, dlen - 1);
        path[dlen - 1] = '/';
    }
    memcpy(path + dlen, name.data, name.len);
    path[dlen + name.len] = '\0';
    art_buf_free(&name);

    if (art_mod_add_rule(l, action) == NULL) {
        art_free(a, path);
        return ART_CONF_ERROR;
    }

    ri = (uint32_t) (l->rules->nrules - 1);
    rc = art_mod_load_terms(l, path, ri);
    art_free(a, path);

    return rc;
}


static int
art_mod_load_terms(art_mod_line_t *l, const char *path, uint32_t ri)
{
    int                     err;
    size_t                  len, nterms, nchars;
    unsigned                line;
    unsigned char          *data, *p, *q, *e, *end, *nl;
    const art_allocator_t  *a;

    a = l->ctx->alloc;

    err = art_mod_read(a, path, &data, &len);
    if (err != 0) {
        return art_conf_error(l->ctx, "%s:%u: cannot read words file "
                              "\"%s\": %s", l->file, l->line, path,
                              strerror(err));
    }

    if (l->rules->words == NULL) {
        l->rules->words = art_aho_create(a, ART_AHO_CASELESS | ART_AHO_WORDS);
        if (l->rules->words == NULL) {
            art_free(a, data);
            return art_conf_error(l->ctx, "out of memory");
        }
    }

    p = data;
    end = data + len;
    line = 0;
    nterms = 0;

    if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
        p += 3;
    }

    for ( /* void */ ; p < end; p = nl ? nl + 1 : end) {
        nl = memchr(p, '\n', (size_t) (end - p));
        q = nl ? nl : end;
        line++;

        while (p < q && art_mod_space(*p)) {
            p++;
        }

        while (q > p && art_mod_space(q[-1])) {
            q--;
        }

        if (p == q) {
            continue;
        }

        if (!art_mod_utf8_valid(p, (size_t) (q - p))) {
            art_free(a, data);
            return art_conf_error(l->ctx, "%s:%u: term is not valid UTF-8",
                                  path, line);
        }

        if (art_aho_add(l->rules->words, p, (size_t) (q - p), ri) != 0) {
            art_free(a, data);
            return art_conf_error(l->ctx, "out of memory");
        }

        if (art_mod_all_space(p, (size_t) (q - p))) {
            l->rules->space_finds = 1;
        }

        /* a text is at least a byte a character */
        nchars = 0;
        for (e = p; e < q; e++) {
            nchars += (*e & 0xc0) != 0x80;
        }

        if (nterms++ == 0 || nchars < l->rules->rule[ri].minlen) {
            l->rules->rule[ri].minlen = (uint32_t) nchars;
        }
    }

    art_free(a, data);

    if (nterms == 0) {
        return art_conf_error(l->ctx, "%s:%u: words list \"%s\" is empty",
                              l->file, l->line, path);
    }

    l->rules->nterms += nterms;

    return ART_CONF_OK;
}


/* a "quoted string": \" and \\ are its only escapes */
static int
art_mod_parse_string(art_mod_line_t *l, art_buf_t *out, const char *what)
{
    if (*l->p != '"') {
        return art_conf_error(l->ctx, "%s:%u: the %s must be a \"quoted "
                              "string\"", l->file, l->line, what);
    }

    l->p++;

    while (l->p < l->end && *l->p != '"') {
        if (*l->p == '\\') {
            if (l->p + 1 < l->end && (l->p[1] == '"' || l->p[1] == '\\')) {
                art_buf_append_byte(out, l->p[1]);
                l->p += 2;
                continue;
            }

            if (l->p + 1 < l->end) {
                return art_conf_error(l->ctx, "%s:%u: unknown escape "
                                      "\"\\%c\" in the %s: only \\\" and "
                                      "\\\\ are escapes", l->file, l->line,
                                      l->p[1], what);
            }
        }

        art_buf_append_byte(out, *l->p++);
    }

    if (l->p == l->end) {
        return art_conf_error(l->ctx, "%s:%u: unterminated %s string",
                              l->file, l->line, what);
    }

    l->p++;

    return ART_CONF_OK;
}


static int
art_mod_line_end(art_mod_line_t *l)
{
    const unsigned char  *g;

    art_mod_skip_space(l);

    if (l->p == l->end || *l->p == '#') {
        return ART_CONF_OK;
    }

    g = l->p;
    while (l->p < l->end && *l->p != '#') {
        l->p++;
    }

    while (l->p > g && art_mod_space(l->p[-1])) {
        l->p--;
    }

    return art_conf_error(l->ctx, "%s:%u: unexpected \"%.*s\" after the rule",
                          l->file, l->line, (int) (l->p - g),
                          (const char *) g);
}


static int
art_mod_compile(art_mod_line_t *l, art_mod_rule_t *r,
    const unsigned char *pat, size_t plen, const unsigned char *raw,
    size_t rawlen, int caseless, int word, uint32_t *ncap)
{
    int           err, rc, exact;
    size_t        litlen;
    uint32_t      opts, minlen;
    art_buf_t     w;
    unsigned char lit[ART_MOD_LIT_LEN];
    PCRE2_SIZE    off;
    pcre2_code   *code;
    PCRE2_UCHAR   msg[256];

    opts = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
    if (caseless) {
        opts |= PCRE2_CASELESS;
    }

    code = pcre2_compile(pat, plen, opts, &err, &off, l->rules->cctx);
    if (code == NULL) {
        pcre2_get_error_message(err, msg, sizeof(msg));
        return art_conf_error(l->ctx, "%s:%u: pattern \"/%.*s/\" does not "
                              "compile: %s at offset %zu", l->file, l->line,
                              (int) rawlen, (const char *) raw,
                              (const char *) msg,
                              art_mod_raw_offset(raw, rawlen, off));
    }

    pcre2_pattern_info(code, PCRE2_INFO_MINLENGTH, &minlen);
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, ncap);

    if (minlen == 0) {
        pcre2_code_free(code);
        return art_conf_error(l->ctx, "%s:%u: pattern \"/%.*s/\" can match "
                              "an empty string", l->file, l->line,
                              (int) rawlen, (const char *) raw);
    }

    art_buf_init(&w, l->ctx->alloc);

    if (word) {
        pcre2_code_free(code);

        art_buf_append_str(&w, ART_MOD_W_BEFORE);
        art_buf_append(&w, pat, plen);
        art_buf_append_str(&w, ART_MOD_W_AFTER);

        if (w.failed) {
            art_buf_free(&w);
            return art_conf_error(l->ctx, "out of memory");
        }

        code = pcre2_compile(w.data, w.len, opts, &err, &off, l->rules->cctx);

        if (code == NULL) {
            art_buf_free(&w);
            pcre2_get_error_message(err, msg, sizeof(msg));
            return art_conf_error(l->ctx, "%s:%u: pattern \"/%.*s/\" cannot "
                                  "take the w flag: %s", l->file, l->line,
                                  (int) rawlen, (const char *) raw,
                                  (const char *) msg);
        }
    }

    r->code = code;
    r->jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
    l->rules->nregex++;
    r->minlen = minlen;
    art_mod_first_bytes(r);

    rc = art_mod_prefilter(l, r, pat, plen, &exact, lit, &litlen);

    if (rc == ART_CONF_OK && exact && !word) {
        art_mod_word_rule(r, pat, plen, caseless, lit, litlen);
    }

    if (rc == ART_CONF_OK && exact) {
        /* the same pattern, anchored, for the places the literals give */
        if (word) {
            r->anchored = pcre2_compile(w.data, w.len, opts | PCRE2_ANCHORED,
                                        &err, &off, l->rules->cctx);
        } else {
            r->anchored = pcre2_compile(pat, plen, opts | PCRE2_ANCHORED,
                                        &err, &off, l->rules->cctx);
        }

        if (r->anchored != NULL) {
            r->anchored_jit = pcre2_jit_compile(r->anchored,
                                                PCRE2_JIT_COMPLETE) == 0;

        } else {
            /* the rule runs unanchored, on all of a text it is found in */
            r->wlen = 0;
        }
    }

    art_buf_free(&w);

    return rc;
}


/*
 * A pattern \bWORD\b, kept in the rule for art_mod_word_match(), when
 * WORD is its one literal (caselessly), so that each place the literal
 * automaton reports is a place of WORD, and reported once.
 */
static void
art_mod_word_rule(art_mod_rule_t *r, const unsigned char *pat, size_t plen,
    int caseless, const unsigned char *lit, size_t litlen)
{
    size_t  i;

    if (plen < 5 || plen - 4 > ART_MOD_WLIT_MAX || litlen != plen - 4
        || pat[0] != '\\' || pat[1] != 'b'
        || pat[plen - 2] != '\\' || pat[plen - 1] != 'b')
    {
        return;
    }

    for (i = 2; i < plen - 2; i++) {
        if (!art_mod_ascii_word(pat[i])
            || (pat[i] | 0x20) != (lit[i - 2] | 0x20))
        {
            return;
        }
    }

    memcpy(r->wlit, pat + 2, plen - 4);
    r->wlen = plen - 4;
    r->wcaseless = caseless;
}


/* what \w is among ASCII characters, with Unicode properties or not */
static int
art_mod_ascii_word(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
           || (c >= '0' && c <= '9') || c == '_';
}


/*
 * The literals one of which every match holds, if they can be found;
 * *exact is 1 when every match is one of them, as it is.
 */
static int
art_mod_prefilter(art_mod_line_t *l, art_mod_rule_t *r,
    const unsigned char *pat, size_t plen, int *exact, unsigned char *lit,
    size_t *litlen)
{
    size_t                 i;
    uint32_t               ri;
    art_mod_pf_t           pf;
    art_mod_info_t        *info;
    const art_mod_lits_t  *req;

    r->always = 1;
    *exact = 0;
    *litlen = 0;

    info = art_alloc(l->ctx->alloc, sizeof(art_mod_info_t));
    if (info == NULL) {
        return art_conf_error(l->ctx, "out of memory");
    }

    pf.p = pat;
    pf.end = pat + plen;
    pf.depth = 0;

    if (art_mod_pf_alt(&pf, info) != 0 || pf.p != pf.end) {
        art_free(l->ctx->alloc, info);
        return ART_CONF_OK;
    }

    req = art_mod_info_req(info);

    if (art_mod_lits_score(req) == 0) {
        art_free(l->ctx->alloc, info);
        return ART_CONF_OK;
    }

    if (l->rules->lits == NULL) {
        l->rules->lits = art_aho_create(l->ctx->alloc, ART_AHO_CASELESS);
        if (l->rules->lits == NULL) {
            art_free(l->ctx->alloc, info);
            return art_conf_error(l->ctx, "out of memory");
        }
    }

    ri = (uint32_t) (r - l->rules->rule);

    for (i = 0; i < req->n; i++) {
        if (art_aho_add(l->rules->lits, req->s[i], req->len[i], ri) != 0) {
            art_free(l->ctx->alloc, info);
            return art_conf_error(l->ctx, "out of memory");
        }

        if (art_mod_all_space(req->s[i], req->len[i])) {
            l->rules->space_finds = 1;
        }
    }

    /*
     * \K moves the start of a match off its literal; \G holds where a
     * search starts, so tried anchored at a literal it would hold there
     */
    *exact = !info->exact.any;

    for (i = 0; i + 1 < plen && *exact; i++) {
        if (pat[i] == '\\' && (pat[i + 1] == 'K' || pat[i + 1] == 'G')) {
            *exact = 0;
        }
    }

    if (req->n == 1) {
        memcpy(lit, req->s[0], req->len[0]);
        *litlen = req->len[0];
    }

    art_free(l->ctx->alloc, info);
    r->always = 0;

    return ART_CONF_OK;
}


/*
 * PCRE2's own start-up knowledge: the bytes a match can start with and a
 * byte it must hold, so that a text without them is not searched at all.
 * PCRE2 reports a caseless code unit as written: both ASCII cases count,
 * and a non-ASCII one is not relied on.
 */
static void
art_mod_first_bytes(art_mod_rule_t *r)
{
    int             i;
    uint32_t        type, unit;
    const uint8_t  *map;

    memset(r->first, 0xff, sizeof(r->first));
    r->last[0] = -1;
    r->last[1] = -1;

    pcre2_pattern_info(r->code, PCRE2_INFO_FIRSTCODETYPE, &type);

    if (type == 1) {
        pcre2_pattern_info(r->code, PCRE2_INFO_FIRSTCODEUNIT, &unit);

        if (unit < 0x80) {
            memset(r->first, 0, sizeof(r->first));
            r->first[unit >> 6] |= 1ULL << (unit & 63);

            if ((unit | 0x20) >= 'a' && (unit | 0x20) <= 'z') {
                unit ^= 0x20;
                r->first[unit >> 6] |= 1ULL << (unit & 63);
            }
        }

    } else if (type == 0) {
        pcre2_pattern_info(r->code, PCRE2_INFO_FIRSTBITMAP, &map);

        if (map != NULL) {
            memset(r->first, 0, sizeof(r->first));

            for (i = 0; i < 256; i++) {
                if (map[i >> 3] & (1 << (i & 7))) {
                    r->first[i >> 6] |= 1ULL << (i & 63);
                }
            }
        }
    }

    pcre2_pattern_info(r->code, PCRE2_INFO_LASTCODETYPE, &type);

    if (type == 1) {
        pcre2_pattern_info(r->code, PCRE2_INFO_LASTCODEUNIT, &unit);

        if (unit < 0x80) {
            r->last[0] = (int) unit;
            r->last[1] = (int) unit;

            if ((unit | 0x20) >= 'a' && (unit | 0x20) <= 'z') {
                r->last[1] = (int) (unit ^ 0x20);
            }
        }
    }
}


/* PCRE2's offset in the pattern, counted in the pattern as written */
static size_t
art_mod_raw_offset(const unsigned char *raw, size_t rawlen, size_t off)
{
    size_t  r, u;

    r = 0;
    u = 0;

    while (r < rawlen && u < off) {
        if (raw[r] == '\\' && r + 1 < rawlen) {
            u += raw[r + 1] == '/' ? 1 : 2;
            r += 2;
            continue;
        }

        r++;
        u++;
    }

    return r;
}


static int
art_mod_parse_repl(art_mod_line_t *l, art_mod_rule_t *r, unsigned char *s,
    size_t n, uint32_t ncap)
{
    size_t           i, lit, k;
    unsigned         g;
    art_mod_part_t  *parts;

    if (!art_mod_utf8_valid(s, n)) {
        return art_conf_error(l->ctx, "%s:%u: the replacement is not valid "
                              "UTF-8", l->file, l->line);
    }

    k = 1;
    for (i = 0; i < n; i++) {
        k += s[i] == '$' ? 2 : 0;
    }

    parts = art_alloc(l->ctx->alloc, k * sizeof(art_mod_part_t));
    if (parts == NULL) {
        return art_conf_error(l->ctx, "out of memory");
    }

    k = 0;
    lit = 0;
    i = 0;

    while (i < n) {
        if (s[i] != '$') {
            i++;
            continue;
        }

        if (i + 1 < n && s[i + 1] == '$') {
            /* the literal runs up to and with the first dollar */
            parts[k].lit = s + lit;
            parts[k].len = i + 1 - lit;
            parts[k++].group = 0;
            i += 2;
            lit = i;
            continue;
        }

        if (i + 1 < n && s[i + 1] >= '1' && s[i + 1] <= '9') {
            g = s[i + 1] - '0';

            if (g > ncap) {
                art_free(l->ctx->alloc, parts);
                return art_conf_error(l->ctx, "%s:%u: the replacement "
                                      "refers to $%u, but the pattern has "
                                      "%u group%s", l->file, l->line, g,
                                      (unsigned) ncap, ncap == 1 ? "" : "s");
            }

            if (i > lit) {
                parts[k].lit = s + lit;
                parts[k].len = i - lit;
                parts[k++].group = 0;
            }

            parts[k].lit = NULL;
            parts[k].len = 0;
            parts[k++].group = (int) g;
            i += 2;
            lit = i;
            continue;
        }

        art_free(l->ctx->alloc, parts);
        return art_conf_error(l->ctx, "%s:%u: \"$\" in the replacement is "
                              "followed by 1..9, or by \"$\" for a dollar "
                              "sign", l->file, l->line);
    }

    if (n > lit) {
        parts[k].lit = s + lit;
        parts[k].len = n - lit;
        parts[k++].group = 0;
    }

    r->repl = s;
    r->parts = parts;
    r->nparts = k;

    return ART_CONF_OK;
}


static art_mod_rule_t *
art_mod_add_rule(art_mod_line_t *l, int action)
{
    size_t            cap;
    art_mod_rule_t   *rule, *r;
    art_mod_rules_t  *rules;

    rules = l->rules;

    if (rules->nrules == rules->cap) {
        cap = rules->cap ? rules->cap * 2 : 16;

        rule = art_alloc(rules->alloc, cap * sizeof(art_mod_rule_t));
        if (rule == NULL) {
            art_conf_error(l->ctx, "out of memory");
            return NULL;
        }

        if (rules->nrules) {
            memcpy(rule, rules->rule, rules->nrules * sizeof(art_mod_rule_t));
        }

        art_free(rules->alloc, rules->rule);
        rules->rule = rule;
        rules->cap = cap;
    }

    r = &rules->rule[rules->nrules++];
    memset(r, 0, sizeof(art_mod_rule_t));
    r->action = action;
    r->file = l->file;
    r->line = l->line;

    if (action == ART_MOD_BLOCK) {
        rules->has_block = 1;
    }

    return r;
}


/* 0, or an errno value */
static int
art_mod_read(const art_allocator_t *a, const char *path,
    unsigned char **data, size_t *len)
{
    int        err;
    FILE      *f;
    size_t     n;
    art_buf_t  b;

    f = fopen(path, "rb");
    if (f == NULL) {
        return errno;
    }

    art_buf_init(&b, a);

    for ( ;; ) {
        if (art_buf_reserve(&b, 65536) != 0) {
            fclose(f);
            art_buf_free(&b);
            return ENOMEM;
        }

        n = fread(b.data + b.len, 1, 65536, f);
        b.len += n;

        if (n < 65536) {
            break;
        }
    }

    if (ferror(f)) {
        err = errno ? errno : EIO;
        fclose(f);
        art_buf_free(&b);
        return err;
    }

    fclose(f);
    *data = b.data;
    *len = b.len;

    return 0;
}


static int
art_mod_utf8_valid(const unsigned char *p, size_t n)
{
    size_t         i, len;
    unsigned long  cp;

    for (i = 0; i < n; i += len) {
        len = art_aho_utf8_decode(p + i, n - i, &cp);
        if (len == 0) {
            return 0;
        }
    }

    return 1;
}


static void
art_mod_skip_space(art_mod_line_t *l)
{
    while (l->p < l->end && art_mod_space(*l->p)) {
        l->p++;
    }
}


static int
art_mod_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}


static void *
art_mod_pcre_alloc(size_t size, void *data)
{
    return art_alloc(data, size);
}


static void
art_mod_pcre_free(void *p, void *data)
{
    art_free(data, p);
}


/* scanning */

static int
art_mod_scan_text(art_mod_scanner_t *s, const unsigned char *text,
    size_t len, art_mod_match_fn cb, void *ud, int escape)
{
    int                     rc;
    size_t                  i;
    const art_mod_rule_t   *r;
    const art_mod_rules_t  *rules;

    rules = s->rules;

    /* the set of the last scan is emptied here, whatever ended it */
    for (i = 0; i < s->ntrig; i++) {
        s->triggered[s->trig[i]] = 0;
    }

    s->ncands = 0;
    s->ngroups = 0;
    s->ntrig = 0;
    s->nstarts = 0;
    s->text = text;
    s->len = len;
    s->failed = 0;
    s->present_done = 0;

    if (rules->words != NULL) {
        rc = art_aho_scan(rules->words, &s->scratch, text, len,
                          art_mod_word_hit, s);
        if (rc != 0 || s->failed) {
            return -1;
        }
    }

    if (rules->lits != NULL) {
        rc = art_aho_scan(rules->lits, &s->scratch, text, len,
                          art_mod_lit_hit, s);
        if (rc != 0 || s->failed) {
            return -1;
        }

        if (s->nstarts > 1) {
            art_mod_sort_starts(s->starts, s->nstarts);
        }
    }

    for (i = 0; i < rules->nalways; i++) {
        r = &rules->rule[rules->always[i]];

        if (art_mod_may_match(s, r)
            && art_mod_run_regex(s, r, rules->always[i]) != 0)
        {
            return -1;
        }
    }

    for (i = 0; i < s->ntrig; i++) {
        r = &rules->rule[s->trig[i]];

        if (len < r->minlen) {
            continue;
        }

        rc = r->anchored != NULL ? art_mod_run_anchored(s, r, s->trig[i])
                                 : art_mod_run_regex(s, r, s->trig[i]);
        if (rc != 0) {
            return -1;
        }
    }

    if (s->ncands == 0) {
        return 0;
    }

    /* words alone come in order already */
    for (i = 1; i < s->ncands; i++) {
        if (art_mod_cand_cmp(&s->cands[i - 1], &s->cands[i]) > 0) {
            art_mod_sort_cands(s->cands, s->ncands);
            break;
        }
    }

    return art_mod_emit(s, cb, ud, escape);
}


/*
 * Runs that cannot hold a match: most runs of a page are the white space
 * between two tags, or too short for any rule.  This is checked before
 * art_mod_scan_text() is entered, which is costly to set up.
 */
static inline int
art_mod_nothing(const art_mod_rules_t *rules, const unsigned char *text,
    size_t len)
{
    return rules == NULL || len == 0 || len < rules->minlen
           || (!rules->space_finds && art_mod_all_space(text, len));
}


/*
 * White space as HTML has it (space, \t, \n, \f, \r): the bytes a run
 * between two tags is of.  Eight bytes at a time, the last eight
 * overlapping the ones before them, and a short run in one word too
 * (bytes read twice change nothing), so that no byte is left to a loop.
 * Most runs are indentation, spaces after a line break: they are told
 * here, the others in art_mod_space_rest(), out of line, so that the
 * constants of its test take no registers here (art_mod_scan() would
 * have to save them first).
 */
static inline int
art_mod_all_space(const unsigned char *p, size_t n)
{
    size_t    i;
    uint32_t  a, b;
    uint64_t  w, nl;

    if (n == 0) {
        return 1;
    }

    /* text seldom starts or ends with white space: no need to set up */
    if (!art_mod_space_byte(p[0]) || !art_mod_space_byte(p[n - 1])) {
        return 0;
    }

    memcpy(&nl, "\n       ", 8);

    if (n < 8) {
        if (n >= 4) {
            /* in memory order (on little-endian machines), as below */
            memcpy(&a, p, 4);
            memcpy(&b, p + n - 4, 4);
            w = (uint64_t) b << 32 | a;

            if (w == 0x2020202020202020ULL || w == nl) {
                return 1;
            }
        }

        return art_mod_space_rest(p, n, 0);
    }

    for (i = 0; i < n - 8; i += 8) {
        memcpy(&w, p + i, 8);

        if (w != 0x2020202020202020ULL && w != nl) {
            return art_mod_space_rest(p, n, i);
        }
    }

    memcpy(&w, p + n - 8, 8);

    return w == 0x2020202020202020ULL || w == nl
           || art_mod_space_rest(p, n, n - 8);
}


/* the same from i on, for other runs */
static int
art_mod_space_rest(const unsigned char *p, size_t n, size_t i)
{
    uint32_t  a, b;
    uint64_t  w;

    do {
        if (n >= 8) {
            memcpy(&w, p + (i < n - 8 ? i : n - 8), 8);

        } else if (n >= 4) {
            memcpy(&a, p, 4);
            memcpy(&b, p + n - 4, 4);
            w = (uint64_t) b << 32 | a;

        } else {
            /* 1 to 3 bytes, in the low ones; spaces around them */
            w = 0x2020202020000000ULL | p[0] | (uint64_t) p[n / 2] << 8
                | (uint64_t) p[n - 1] << 16;
        }

        if (!art_mod_space_word(w)) {
            return 0;
        }

        i += 8;

    } while (i < n);

    return 1;
}


/* space, \t, \n, \f or \r: a bit each in a word */
static inline int
art_mod_space_byte(unsigned char c)
{
    return c <= ' ' && ((0x100003600ULL >> c) & 1);
}


/*
 * Whether all eight bytes of w are white space.  With the high bits of
 * the bytes clear, adding 0x80 - k to a byte b sets its high bit exactly
 * when b >= k and never carries into the next byte; so the comparisons
 * are made for all eight at once.
 */
static inline int
art_mod_space_word(uint64_t w)
{
    uint64_t  ge9, ge11, ge12, ge14, ge32, ge33, nl;

    /* indentation: spaces alone, or after a line break */
    memcpy(&nl, "\n       ", 8);

    if (w == 0x2020202020202020ULL || w == nl) {
        return 1;
    }

    if (w & ART_MOD_HIGH) {
        return 0;
    }

    ge33 = w + (0x80 - 33) * ART_MOD_ONES;
    if (ge33 & ART_MOD_HIGH) {
        return 0;
    }

    ge9 = w + (0x80 - 9) * ART_MOD_ONES;
    ge11 = w + (0x80 - 11) * ART_MOD_ONES;
    ge12 = w + (0x80 - 12) * ART_MOD_ONES;
    ge14 = w + (0x80 - 14) * ART_MOD_ONES;
    ge32 = w + (0x80 - 32) * ART_MOD_ONES;

    /* 32, or 9 to 13 but 11 (\v) */
    return ((ge32 | (ge9 & ~ge14 & (~ge11 | ge12))) & ART_MOD_HIGH)
           == ART_MOD_HIGH;
}


/*
 * Sorts for the few items of a scan, in place: insertion for a handful,
 * with the comparison inlined (qsort() would call it through a pointer
 * and copy items through a buffer), qsort() past it.  Items come mostly
 * in order already, which insertion passes over with one comparison.
 */
static void
art_mod_sort_starts(art_mod_start_t *a, size_t n)
{
    size_t           i, j;
    art_mod_start_t  t;

    if (n > 16) {
        qsort(a, n, sizeof(art_mod_start_t), art_mod_start_cmp);
        return;
    }

    for (i = 1; i < n; i++) {
        if (art_mod_start_cmp(&a[i - 1], &a[i]) <= 0) {
            continue;
        }

        t = a[i];

        for (j = i; j > 0 && art_mod_start_cmp(&a[j - 1], &t) > 0; j--) {
            a[j] = a[j - 1];
        }

        a[j] = t;
    }
}


static void
art_mod_sort_cands(art_mod_cand_t *a, size_t n)
{
    size_t          i, j;
    art_mod_cand_t  t;

    if (n > 16) {
        qsort(a, n, sizeof(art_mod_cand_t), art_mod_cand_cmp);
        return;
    }

    for (i = 1; i < n; i++) {
        if (art_mod_cand_cmp(&a[i - 1], &a[i]) <= 0) {
            continue;
        }

        t = a[i];

        for (j = i; j > 0 && art_mod_cand_cmp(&a[j - 1], &t) > 0; j--) {
            a[j] = a[j - 1];
        }

        a[j] = t;
    }
}


/* a whole word of a words list */
static int
art_mod_word_hit(void *ud, unsigned id, size_t start, size_t end)
{
    art_mod_scanner_t  *s = ud;

    if (art_mod_add_cand(s, start, end, id, ART_MOD_NONE) != 0) {
        s->failed = 1;
        return 1;
    }

    return 0;
}


/*
 * A literal of a regex rule: the rule has to run, or, for \bWORD\b, it
 * may be decided here.  Matches of \bWORD\b cannot overlap (one starting
 * inside another would start right after a word character), so deciding
 * each place alone finds what the anchored run in order would.
 */
static int
art_mod_lit_hit(void *ud, unsigned id, size_t start, size_t end)
{
    art_mod_scanner_t     *s = ud;
    uint32_t               g;
    PCRE2_SIZE             wov[2];
    art_mod_start_t       *st;
    const art_mod_rule_t  *r;

    r = &s->rules->rule[id];

    if (r->wlen) {
        switch (art_mod_word_match(s, r, start, end)) {

        case 0:
            return 0;

        case 1:
            g = ART_MOD_NONE;
            wov[0] = start;
            wov[1] = start + r->wlen;

            if ((r->action == ART_MOD_REPLACE
                 && art_mod_keep_groups(s, 1, wov, &g) != 0)
                || art_mod_add_cand(s, wov[0], wov[1], id, g) != 0)
            {
                s->failed = 1;
                return 1;
            }

            return 0;

        default:
            /* PCRE2 decides, in art_mod_run_anchored() */
            break;
        }
    }

    if (!s->triggered[id]) {
        s->triggered[id] = 1;
        s->trig[s->ntrig++] = id;
    }

    if (r->anchored == NULL) {
        return 0;
    }

    if (s->nstarts == s->starts_cap) {
        st = art_grow(s->alloc, s->starts, s->nstarts, &s->starts_cap,
                      s->nstarts + 1, sizeof(art_mod_start_t));
        if (st == NULL) {
            s->failed = 1;
            return 1;
        }

        s->starts = st;
    }

    st = &s->starts[s->nstarts++];
    st->rule = id;
    st->start = start;

    return 0;
}


static int
art_mod_start_cmp(const void *a, const void *b)
{
    const art_mod_start_t  *x = a, *y = b;

    if (x->rule != y->rule) {
        return x->rule < y->rule ? -1 : 1;
    }

    return x->start < y->start ? -1 : x->start > y->start;
}


/*
 * One match of code in the text from start: with the JIT where the rule
 * has it, and with the interpreter where the JIT runs out of stack.
 */
static int
art_mod_exec(art_mod_scanner_t *s, const pcre2_code *code, int jit,
    PCRE2_SIZE start)
{
    int  rc;

    if (jit) {
        rc = pcre2_jit_match(code, s->text, s->len, start, 0, s->md,
                             s->mctx);

        if (rc != PCRE2_ERROR_JIT_STACKLIMIT) {
            return rc;
        }

        return pcre2_match(code, s->text, s->len, start, PCRE2_NO_JIT,
                           s->md, s->mctx);
    }

    return pcre2_match(code, s->text, s->len, start, 0, s->md, s->mctx);
}


/*
 * A rule whose matches are its literals as they stand: the leftmost
 * match from a place on can only start where one of them does, so the
 * anchored pattern is tried at those places in order, from the end of
 * the last match on, which finds what a search from each place would.
 * (The places of \bWORD\b here are those art_mod_lit_hit() left open.)
 */
static int
art_mod_run_anchored(art_mod_scanner_t *s, const art_mod_rule_t *r,
    uint32_t ri)
{
    int          rc;
    size_t       i, k, n, lo;
    uint32_t     g;
    PCRE2_SIZE   pos, at, ms, me, *ov;

    /* the places of this rule, sorted with the others by rule */
    lo = 0;
    n = s->nstarts > 0 && s->starts[0].rule < ri ? s->nstarts : 0;

    while (lo < n) {
        k = lo + (n - lo) / 2;

        if (s->starts[k].rule < ri) {
            lo = k + 1;
        } else {
            n = k;
        }
    }

    pos = 0;

    for (i = lo; i < s->nstarts && s->starts[i].rule == ri; i++) {
        at = s->starts[i].start;

        if (at < pos || (i > lo && at == s->starts[i - 1].start)) {
            continue;
        }

        rc = art_mod_exec(s, r->anchored, r->anchored_jit, at);

        if (rc == PCRE2_ERROR_NOMATCH) {
            continue;
        }

        if (rc < 0) {
            return -1;
        }

        ov = pcre2_get_ovector_pointer(s->md);

        ms = ov[0];
        me = ov[1];

        if (me <= ms) {
            continue;
        }

        g = ART_MOD_NONE;

        if (r->action == ART_MOD_REPLACE) {
            if (art_mod_keep_groups(s, rc, ov, &g) != 0) {
                return -1;
            }
        }

        if (art_mod_add_cand(s, ms, me, ri, g) != 0) {
            return -1;
        }

        pos = me;
    }

    return 0;
}


/*
 * Whether \bWORD\b matches where the literal automaton found WORD, at
 * [at, end): 1 or 0 where the text from the character before to the one
 * after is ASCII, which PCRE2 would decide the same way (an ASCII letter
 * is caselessly only its other case among ASCII characters, and \w among
 * them is [A-Za-z0-9_], with Unicode properties or not); -1 elsewhere,
 * for PCRE2 to decide.  The automaton compared the bytes caselessly: a
 * place as long as WORD is of ASCII characters, each WORD's byte or its
 * other case (a character that folds to ASCII is two bytes or more).
 */
static int
art_mod_word_match(const art_mod_scanner_t *s, const art_mod_rule_t *r,
    size_t at, size_t end)
{
    const unsigned char  *t;

    t = s->text;

    if (end - at != r->wlen) {
        return -1;
    }

    if (!r->wcaseless && memcmp(t + at, r->wlit, r->wlen) != 0) {
        return 0;
    }

    /* WORD starts and ends with a word character */
    if (at > 0) {
        if (t[at - 1] >= 0x80) {
            return -1;
        }

        if (art_mod_ascii_word(t[at - 1])) {
            return 0;
        }
    }

    if (end < s->len) {
        if (t[end] >= 0x80) {
            return -1;
        }

        if (art_mod_ascii_word(t[end])) {
            return 0;
        }
    }

    return 1;
}


/* whether the text has what a rule without literals needs */
static int
art_mod_may_match(art_mod_scanner_t *s, const art_mod_rule_t *r)
{
    size_t  i;
    int     c;

    if (s->len < r->minlen) {
        return 0;
    }

    if (!s->present_done) {
        memset(s->present, 0, sizeof(s->present));

        for (i = 0; i < s->len; i++) {
            c = s->text[i];
            s->present[c >> 6] |= 1ULL << (c & 63);
        }

        s->present_done = 1;
    }

    if (((s->present[0] & r->first[0]) | (s->present[1] & r->first[1])
         | (s->present[2] & r->first[2]) | (s->present[3] & r->first[3]))
        == 0)
    {
        return 0;
    }

    if (r->last[0] >= 0) {
        c = r->last[0];
        if (!(s->present[c >> 6] & (1ULL << (c & 63)))) {
            c = r->last[1];
            if (!(s->present[c >> 6] & (1ULL << (c & 63)))) {
                return 0;
            }
        }
    }

    return 1;
}


static int
art_mod_run_regex(art_mod_scanner_t *s, const art_mod_rule_t *r, uint32_t ri)
{
    int          rc;
    uint32_t     g;
    PCRE2_SIZE   start, ms, me, *ov;

    start = 0;

    while (start < s->len) {
        rc = art_mod_exec(s, r->code, r->jit, start);

        if (rc == PCRE2_ERROR_NOMATCH) {
            return 0;
        }

        if (rc < 0) {
            return -1;
        }

        ov = pcre2_get_ovector_pointer(s->md);
        ms = ov[0];
        me = ov[1];

        /* \K can leave an empty (or backward) match: step over it */
        if (me <= ms) {
            start = art_mod_next_char(s->text, s->len,
                                      me > start ? me : start);
            continue;
        }

        g = ART_MOD_NONE;

        if (r->action == ART_MOD_REPLACE) {
            if (art_mod_keep_groups(s, rc, ov, &g) != 0) {
                return -1;
            }
        }

        if (art_mod_add_cand(s, ms, me, ri, g) != 0) {
            return -1;
        }

        start = me;
    }

    return 0;
}


/* the capture pairs of a replace's match, for its expansion */
static int
art_mod_keep_groups(art_mod_scanner_t *s, int rc, const PCRE2_SIZE *ov,
    uint32_t *g)
{
    size_t   k, n, *q;

    if (s->ngroups + 2 * ART_MOD_PAIRS > s->groups_cap) {
        q = art_grow(s->alloc, s->groups, s->ngroups, &s->groups_cap,
                     s->ngroups + 2 * ART_MOD_PAIRS, sizeof(size_t));
        if (q == NULL) {
            return -1;
        }

        s->groups = q;
    }

    /* rc is 1 + the highest group set; the others are unset */
    n = rc > 0 && rc < ART_MOD_PAIRS ? (size_t) rc : ART_MOD_PAIRS;
    *g = (uint32_t) s->ngroups;

    for (k = 0; k < ART_MOD_PAIRS; k++) {
        s->groups[*g + 2 * k] = k < n ? ov[2 * k] : PCRE2_UNSET;
        s->groups[*g + 2 * k + 1] = k < n ? ov[2 * k + 1] : PCRE2_UNSET;
    }

    s->ngroups += 2 * ART_MOD_PAIRS;

    return 0;
}


static int
art_mod_add_cand(art_mod_scanner_t *s, size_t start, size_t end,
    uint32_t rule, uint32_t groups)
{
    art_mod_cand_t  *c;

    if (s->ncands == s->cands_cap) {
        c = art_grow(s->alloc, s->cands, s->ncands, &s->cands_cap,
                     s->ncands + 1, sizeof(art_mod_cand_t));
        if (c == NULL) {
            return -1;
        }

        s->cands = c;
    }

    c = &s->cands[s->ncands++];
    c->start = start;
    c->end = end;
    c->rule = rule;
    c->groups = groups;

    return 0;
}


/* the earliest start, then the longest, then the first rule */
static int
art_mod_cand_cmp(const void *a, const void *b)
{
    const art_mod_cand_t  *x = a, *y = b;

    if (x->start != y->start) {
        return x->start < y->start ? -1 : 1;
    }

    if (x->end != y->end) {
        return x->end > y->end ? -1 : 1;
    }

    return x->rule < y->rule ? -1 : x->rule > y->rule;
}


static int
art_mod_emit(art_mod_scanner_t *s, art_mod_match_fn cb, void *ud,
    int escape)
{
    int                    rc, edited;
    size_t                 i, edit_end;
    art_mod_match_t        m;
    const art_mod_cand_t  *c;
    const art_mod_rule_t  *r;

    edited = 0;
    edit_end = 0;

    for (i = 0; i < s->ncands; i++) {
        c = &s->cands[i];
        r = &s->rules->rule[c->rule];

        m.start = c->start;
        m.end = c->end;
        m.action = r->action;
        m.apply = 0;
        m.repl = NULL;
        m.repl_len = 0;
        m.file = r->file;
        m.line = r->line;

        switch (r->action) {

        case ART_MOD_FLAG:
            s->counts.flag++;
            break;

        case ART_MOD_BLOCK:
            s->counts.block++;
            break;

        default:
            /* edits must not overlap: the first in order wins */
            if (edited && c->start < edit_end) {
                continue;
            }

            edited = 1;
            edit_end = c->end;

            if (art_mod_build(s, r, c, escape) != 0) {
                return -1;
            }

            m.repl = s->repl.len ? s->repl.data : (const unsigned char *) "";
            m.repl_len = s->repl.len;
            m.apply = !s->report;

            if (r->action == ART_MOD_MASK) {
                s->counts.mask++;

            } else {
                s->counts.replace++;
            }
        }

        s->fired[c->rule] = 1;

        if (cb != NULL) {
            rc = cb(ud, &m);
            if (rc != 0) {
                return rc;
            }
        }
    }

    return 0;
}


static int
art_mod_build(art_mod_scanner_t *s, const art_mod_rule_t *r,
    const art_mod_cand_t *c, int escape)
{
    size_t                 i, n, gs, ge;
    uint64_t               w;
    const unsigned char   *p;
    const art_mod_part_t  *part;

    s->repl.len = 0;

    if (r->action == ART_MOD_MASK) {
        n = 0;
        i = c->start;

        /* ASCII, a character a byte, eight bytes at a time */
        while (c->end - i >= 8) {
            memcpy(&w, s->text + i, 8);
            if (w & ART_MOD_HIGH) {
                break;
            }

            i += 8;
            n += 8;
        }

        while (i < c->end) {
            i = s->text[i] < 0x80 ? i + 1
                                  : art_mod_next_char(s->text, c->end, i);
            n++;
        }

        /* the stars of the last mask are there still, but a replace's */
        if (n > s->stars) {
            if (art_buf_reserve(&s->repl, n) != 0) {
                return -1;
            }

            memset(s->repl.data, '*', n);
            s->stars = n;
        }

        s->repl.len = n;

        return 0;
    }

    s->stars = 0;

    for (i = 0; i < r->nparts; i++) {
        part = &r->parts[i];

        if (part->group == 0) {
            p = part->lit;
            n = part->len;

        } else {
            gs = s->groups[c->groups + 2 * part->group];
            ge = s->groups[c->groups + 2 * part->group + 1];

            if (gs == PCRE2_UNSET || ge <= gs) {
                continue;
            }

            p = s->text + gs;
            n = ge - gs;
        }

        if (escape) {
            art_escape_html_text(&s->repl, p, n);

        } else {
            art_buf_append(&s->repl, p, n);
        }
    }

    return s->repl.failed ? -1 : 0;
}


/* after the character at pos; an invalid byte is a character */
static size_t
art_mod_next_char(const unsigned char *t, size_t len, size_t pos)
{
    size_t         n;
    unsigned long  cp;

    if (pos >= len) {
        return len;
    }

    n = art_aho_utf8_decode(t + pos, len - pos, &cp);

    return pos + (n ? n : 1);
}


/*
 * Literal prefilters.  From a pattern, find a set of literals one of which
 * every match holds; a scan runs the pattern only on text where the
 * literal automaton found one.  Each part of the pattern is described by
 * what it matches exactly, or else by the literals its matches start
 * with, end with and hold (where two parts meet, the end of one and the
 * start of the next make a literal too).  The analysis is conservative:
 * what it does not understand is "anything", and a pattern that leaves
 * nothing to look for runs on every text.  Literals are compared
 * caselessly whatever the flags, which only finds more, and are cut only
 * between characters, so that folding cannot change them.
 */

static void
art_mod_lits_none(art_mod_lits_t *set)
{
    set->any = 1;
    set->n = 0;
}


/* add p, cut to its first (cut 1) or last (cut 2) bytes if too long */
static int
art_mod_lits_add(art_mod_lits_t *set, const unsigned char *p, size_t n,
    int cut)
{
    size_t  i, start;

    if (set->any) {
        return 0;
    }

    if (n > ART_MOD_LIT_LEN) {
        if (cut == 1) {
            n = ART_MOD_LIT_LEN;
            while (n > 0 && (p[n] & 0xc0) == 0x80) {
                n--;
            }

        } else if (cut == 2) {
            start = n - ART_MOD_LIT_LEN;
            while (start < n && (p[start] & 0xc0) == 0x80) {
                start++;
            }
            p += start;
            n -= start;

        } else {
            art_mod_lits_none(set);
            return -1;
        }
    }

    for (i = 0; i < set->n; i++) {
        if (set->len[i] == n && memcmp(set->s[i], p, n) == 0) {
            return 0;
        }
    }

    if (set->n == ART_MOD_LIT_MAX) {
        art_mod_lits_none(set);
        return -1;
    }

    memcpy(set->s[set->n], p, n);
    set->len[set->n++] = (unsigned char) n;

    return 0;
}


/* out = a x b, each string of a followed by each one of b */
static void
art_mod_lits_cross(art_mod_lits_t *out, const art_mod_lits_t *a,
    const art_mod_lits_t *b, int cut)
{
    size_t          i, j;
    unsigned char   buf[2 * ART_MOD_LIT_LEN];

    out->any = 0;
    out->n = 0;

    if (a->any || b->any || a->n * b->n > ART_MOD_LIT_MAX) {
        art_mod_lits_none(out);
        return;
    }

    for (i = 0; i < a->n; i++) {
        for (j = 0; j < b->n; j++) {
            memcpy(buf, a->s[i], a->len[i]);
            memcpy(buf + a->len[i], b->s[j], b->len[j]);

            if (art_mod_lits_add(out, buf, a->len[i] + b->len[j], cut) != 0) {
                return;
            }
        }
    }
}


/* a = a or b */
static void
art_mod_lits_union(art_mod_lits_t *a, const art_mod_lits_t *b)
{
    size_t  i;

    if (b->any) {
        art_mod_lits_none(a);
        return;
    }

    for (i = 0; i < b->n && !a->any; i++) {
        art_mod_lits_add(a, b->s[i], b->len[i], 0);
    }
}


/*
 * How good a set is as a requirement: its weakest literal's length (in
 * quarters), where a lone space or common punctuation, found in about
 * every text, counts for nothing or half; 0 is useless.
 */
static size_t
art_mod_lits_score(const art_mod_lits_t *set)
{
    size_t  i, min, v;

    if (set->any || set->n == 0) {
        return 0;
    }

    min = 4 * ART_MOD_LIT_LEN;

    for (i = 0; i < set->n; i++) {
        v = 4 * set->len[i];

        if (set->len[i] == 1) {
            if (strchr(" \t\r\n", set->s[i][0]) != NULL) {
                v = 0;

            } else if (strchr(".,;:-'\"", set->s[i][0]) != NULL) {
                v = 2;
            }
        }

        if (v < min) {
            min = v;
        }
    }

    return min;
}


/* keep in best whichever of best and cand is the better requirement */
static void
art_mod_lits_best(art_mod_lits_t *best, const art_mod_lits_t *cand)
{
    size_t  a, b;

    a = art_mod_lits_score(best);
    b = art_mod_lits_score(cand);

    if (b > a || (b == a && b > 0 && cand->n < best->n)) {
        *best = *cand;
    }
}


static void
art_mod_info_any(art_mod_info_t *info)
{
    art_mod_lits_none(&info->exact);
    art_mod_lits_none(&info->pre);
    art_mod_lits_none(&info->suf);
    art_mod_lits_none(&info->req);
}


/* exactly the string p (a zero-width assertion: the empty string) */
static void
art_mod_info_lit(art_mod_info_t *info, const unsigned char *p, size_t n)
{
    art_mod_info_any(info);
    info->exact.any = 0;
    art_mod_lits_add(&info->exact, p, n, 0);
}


/* an exact set stands for all four */
static const art_mod_lits_t *
art_mod_info_pre(const art_mod_info_t *info)
{
    return info->exact.any ? &info->pre : &info->exact;
}


static const art_mod_lits_t *
art_mod_info_suf(const art_mod_info_t *info)
{
    return info->exact.any ? &info->suf : &info->exact;
}


static const art_mod_lits_t *
art_mod_info_req(const art_mod_info_t *info)
{
    return info->exact.any ? &info->req : &info->exact;
}


/* a = a followed by b */
static void
art_mod_info_concat(art_mod_info_t *a, const art_mod_info_t *b)
{
    art_mod_lits_t  t, pre, suf, req;

    if (!a->exact.any && !b->exact.any) {
        art_mod_lits_cross(&t, &a->exact, &b->exact, 0);
        if (!t.any) {
            a->exact = t;
            return;
        }
    }

    if (!a->exact.any) {
        art_mod_lits_cross(&pre, &a->exact, art_mod_info_pre(b), 1);
        if (pre.any) {
            pre = a->exact;
        }

    } else {
        pre = a->pre;
    }

    if (!b->exact.any) {
        art_mod_lits_cross(&suf, art_mod_info_suf(a), &b->exact, 2);
        if (suf.any) {
            suf = b->exact;
        }

    } else {
        suf = b->suf;
    }

    req = *art_mod_info_req(a);
    art_mod_lits_best(&req, art_mod_info_req(b));
    art_mod_lits_cross(&t, art_mod_info_suf(a), art_mod_info_pre(b), 1);
    art_mod_lits_best(&req, &t);

    art_mod_lits_none(&a->exact);
    a->pre = pre;
    a->suf = suf;
    a->req = req;
}


/* a = a or b */
static void
art_mod_info_alt(art_mod_info_t *a, const art_mod_info_t *b)
{
    art_mod_lits_t  t;

    if (!a->exact.any && !b->exact.any) {
        t = a->exact;
        art_mod_lits_union(&t, &b->exact);

        if (!t.any) {
            a->exact = t;
            return;
        }
    }

    a->pre = *art_mod_info_pre(a);
    art_mod_lits_union(&a->pre, art_mod_info_pre(b));
    a->suf = *art_mod_info_suf(a);
    art_mod_lits_union(&a->suf, art_mod_info_suf(b));
    a->req = *art_mod_info_req(a);
    art_mod_lits_union(&a->req, art_mod_info_req(b));
    art_mod_lits_none(&a->exact);
}


static int
art_mod_pf_alt(art_mod_pf_t *pf, art_mod_info_t *info)
{
    art_mod_info_t  b;

    if (++pf->depth > ART_MOD_PF_DEPTH) {
        return -1;
    }

    if (art_mod_pf_seq(pf, info) != 0) {
        return -1;
    }

    while (pf->p < pf->end && *pf->p == '|') {
        pf->p++;

        if (art_mod_pf_seq(pf, &b) != 0) {
            return -1;
        }

        art_mod_info_alt(info, &b);
    }

    pf->depth--;

    return 0;
}


static int
art_mod_pf_seq(art_mod_pf_t *pf, art_mod_info_t *info)
{
    art_mod_info_t  a;

    art_mod_info_lit(info, (const unsigned char *) "", 0);

    while (pf->p < pf->end && *pf->p != '|' && *pf->p != ')') {
        if (art_mod_pf_atom(pf, &a) != 0 || art_mod_pf_quant(pf, &a) != 0) {
            return -1;
        }

        art_mod_info_concat(info, &a);
    }

    return 0;
}


static int
art_mod_pf_atom(art_mod_pf_t *pf, art_mod_info_t *info)
{
    size_t         n;
    unsigned long  cp;

    switch (*pf->p) {

    case '(':
        return art_mod_pf_group(pf, info);

    case '[':
        return art_mod_pf_class(pf, info);

    case '.':
        pf->p++;
        art_mod_info_any(info);
        return 0;

    case '^':
    case '$':
        pf->p++;
        art_mod_info_lit(info, (const unsigned char *) "", 0);
        return 0;

    case '*':
    case '+':
    case '?':
    case '{':
        return -1;

    case '\\':
        return art_mod_pf_escape(pf, info);
    }

    /* a literal character, all of it */
    n = art_aho_utf8_decode(pf->p, (size_t) (pf->end - pf->p), &cp);
    if (n == 0) {
        return -1;
    }

    art_mod_info_lit(info, pf->p, n);
    pf->p += n;

    return 0;
}


static int
art_mod_pf_group(art_mod_pf_t *pf, art_mod_info_t *info)
{
    int            zero;
    unsigned char  c;

    pf->p++;
    zero = 0;

    if (pf->p < pf->end && *pf->p == '*') {
        /* (*VERB) */
        return -1;
    }

    if (pf->p < pf->end && *pf->p == '?') {
        pf->p++;
        if (pf->p == pf->end) {
            return -1;
        }

        c = *pf->p;

        if (c == ':' || c == '>' || c == '|') {
            pf->p++;

        } else if (c == '=' || c == '!') {
            pf->p++;
            zero = 1;

        } else if (c == '<' && pf->p + 1 < pf->end
                   && (pf->p[1] == '=' || pf->p[1] == '!'))
        {
            pf->p += 2;
            zero = 1;

        } else if (c == '<' || c == '\'' || c == 'P') {
            /* a named group: (?<name> (?'name' (?P<name> */
            if (c == 'P') {
                if (pf->p + 1 == pf->end || pf->p[1] != '<') {
                    return -1;
                }
                pf->p++;
            }

            c = *pf->p == '\'' ? '\'' : '>';
            pf->p++;

            while (pf->p < pf->end && *pf->p != c) {
                if (!((*pf->p >= 'a' && *pf->p <= 'z')
                      || (*pf->p >= 'A' && *pf->p <= 'Z')
                      || (*pf->p >= '0' && *pf->p <= '9') || *pf->p == '_'))
                {
                    return -1;
                }
                pf->p++;
            }

            if (pf->p == pf->end) {
                return -1;
            }
            pf->p++;

        } else if (c == '#') {
            while (pf->p < pf->end && *pf->p != ')') {
                pf->p++;
            }

            if (pf->p == pf->end) {
                return -1;
            }

            pf->p++;
            art_mod_info_lit(info, (const unsigned char *) "", 0);
            return 0;

        } else {
            /* options: (?i) or (?i:...); x would change the syntax */
            while (pf->p < pf->end && *pf->p != '\0'
                   && strchr("imnsJU-^", *pf->p) != NULL)
            {
                pf->p++;
            }

            if (pf->p == pf->end) {
                return -1;
            }

            if (*pf->p == ')') {
                pf->p++;
                art_mod_info_lit(info, (const unsigned char *) "", 0);
                return 0;
            }

            if (*pf->p != ':') {
                return -1;
            }

            pf->p++;
        }
    }

    if (art_mod_pf_alt(pf, info) != 0) {
        return -1;
    }

    if (pf->p == pf->end || *pf->p != ')') {
        return -1;
    }

    pf->p++;

    if (zero) {
        /* a lookaround consumes nothing */
        art_mod_info_lit(info, (const unsigned char *) "", 0);
    }

    return 0;
}


/* a class of a few ASCII characters is a set; any other is anything */
static int
art_mod_pf_class(art_mod_pf_t *pf, art_mod_info_t *info)
{
    int             simple;
    unsigned        c, last, k;
    unsigned char   ch;

    pf->p++;
    simple = 1;
    art_mod_info_any(info);
    info->exact.any = 0;

    if (pf->p < pf->end && *pf->p == '^') {
        simple = 0;
        pf->p++;
    }

    last = 256;

    /* a ] first is a member, and may start a range: []-a] */
    if (pf->p < pf->end && *pf->p == ']') {
        ch = ']';
        art_mod_lits_add(&info->exact, &ch, 1, 0);
        pf->p++;
        last = ']';
    }

    while (pf->p < pf->end && *pf->p != ']') {
        c = *pf->p;

        if (c == '\\') {
            if (pf->p + 1 == pf->end || pf->p[1] == 'Q' || pf->p[1] == 'E') {
                return -1;
            }

            c = pf->p[1];
            pf->p += 2;

            if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9'))
            {
                /* \d, \x{...} and such: not a plain member */
                simple = 0;
                last = 256;
                continue;
            }

        } else if (c == '[' && pf->p + 1 < pf->end
                   && (pf->p[1] == ':' || pf->p[1] == '.' || pf->p[1] == '='))
        {
            /* [:alpha:] */
            ch = pf->p[1];
            pf->p += 2;

            while (pf->p + 1 < pf->end
                   && !(pf->p[0] == ch && pf->p[1] == ']'))
            {
                pf->p++;
            }

            if (pf->p + 1 >= pf->end) {
                return -1;
            }

            pf->p += 2;
            simple = 0;
            last = 256;
            continue;

        } else if (c == '-' && last < 256 && pf->p + 1 < pf->end
                   && pf->p[1] != ']')
        {
            /*
             * A range from the last member, to a character or to an
             * escaped punctuation character: in ["-\\] it ends at the
             * backslash, in [!-[] at the bracket.  Ends PCRE2 reads
             * otherwise (\x{7a}, a POSIX class) are left to it.
             */
            if (pf->p[1] == '\\') {
                if (pf->p + 2 == pf->end) {
                    return -1;
                }

                c = pf->p[2];

                if (c >= 0x80 || (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
                {
                    return -1;
                }

                pf->p += 3;

            } else if (pf->p[1] == '[' && pf->p + 2 < pf->end
                       && (pf->p[2] == ':' || pf->p[2] == '.'
                           || pf->p[2] == '='))
            {
                return -1;

            } else {
                c = pf->p[1];
                pf->p += 2;
            }

            if (c >= 0x80 || c < last) {
                simple = 0;
                last = 256;
                continue;
            }

            for (k = last + 1; k <= c && simple; k++) {
                ch = (unsigned char) k;
                if (art_mod_lits_add(&info->exact, &ch, 1, 0) != 0) {
                    simple = 0;
                }
            }

            last = 256;
            continue;

        } else {
            pf->p++;
        }

        if (c >= 0x80) {
            /* skip the rest of the character: not a plain member */
            while (pf->p < pf->end && (*pf->p & 0xc0) == 0x80) {
                pf->p++;
            }

            simple = 0;
            last = 256;
            continue;
        }

        ch = (unsigned char) c;
        if (art_mod_lits_add(&info->exact, &ch, 1, 0) != 0) {
            simple = 0;
        }

        last = c;
    }

    if (pf->p == pf->end) {
        return -1;
    }

    pf->p++;

    if (!simple || info->exact.n == 0) {
        art_mod_info_any(info);
    }

    return 0;
}


static int
art_mod_pf_escape(art_mod_pf_t *pf, art_mod_info_t *info)
{
    size_t          n, i;
    unsigned long   cp;
    unsigned char   c;

    /* the first bytes of the UTF-8 of every \p{Nd}, Unicode 14.0 */
    static const unsigned char  digits[] = "0123456789"
                                           "\xd9\xdb\xdf\xe0\xe1\xea\xef\xf0";

    pf->p++;
    if (pf->p == pf->end) {
        return -1;
    }

    c = *pf->p;

    if (c >= 0x80 || !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                       || (c >= '0' && c <= '9')))
    {
        /* an escaped punctuation or non-ASCII character is itself */
        n = art_aho_utf8_decode(pf->p, (size_t) (pf->end - pf->p), &cp);
        if (n == 0) {
            return -1;
        }

        art_mod_info_lit(info, pf->p, n);
        pf->p += n;

        return 0;
    }

    pf->p++;

    switch (c) {

    /* assertions */
    case 'b': case 'B': case 'A': case 'z': case 'Z': case 'G': case 'K':
        art_mod_info_lit(info, (const unsigned char *) "", 0);
        return 0;

    case 'd':
        /* a digit holds one of these bytes */
        art_mod_info_any(info);
        info->req.any = 0;

        for (i = 0; i < sizeof(digits) - 1; i++) {
            art_mod_lits_add(&info->req, &digits[i], 1, 0);
        }

        return 0;

    /* one character of a class */
    case 'D': case 'w': case 'W': case 's': case 'S':
    case 'h': case 'H': case 'v': case 'V': case 'R': case 'X':
    case 'a': case 'e': case 'f': case 'n': case 'r': case 't':
        art_mod_info_any(info);
        return 0;

    case 'p':
    case 'P':
        if (pf->p < pf->end && *pf->p == '{') {
            while (pf->p < pf->end && *pf->p != '}') {
                pf->p++;
            }
        }

        if (pf->p == pf->end) {
            return -1;
        }

        pf->p++;
        art_mod_info_any(info);
        return 0;
    }

    /* back references, code points, \Q...\E and the rest: give up */
    return -1;
}


static int
art_mod_pf_quant(art_mod_pf_t *pf, art_mod_info_t *info)
{
    size_t                 min;
    int                    once, upto1;
    const unsigned char   *q;
    art_mod_lits_t         pre, suf, req;

    if (pf->p == pf->end) {
        return 0;
    }

    /* once: exactly one; upto1: ? */
    once = 0;
    upto1 = 0;

    switch (*pf->p) {

    case '?':
        min = 0;
        upto1 = 1;
        pf->p++;
        break;

    case '*':
        min = 0;
        pf->p++;
        break;

    case '+':
        min = 1;
        pf->p++;
        break;

    case '{':
        /* {n}, {n,}, {n,m}; anything else is given up on */
        q = pf->p + 1;
        min = 0;

        while (q < pf->end && *q >= '0' && *q <= '9') {
            min = min * 10 + (*q++ - '0');
            if (min > 65535) {
                return -1;
            }
        }

        if (q == pf->p + 1 || q == pf->end) {
            return -1;
        }

        once = min == 1 && *q == '}';

        if (*q == ',') {
            q++;
            while (q < pf->end && *q >= '0' && *q <= '9') {
                q++;
            }
        }

        if (q == pf->end || *q != '}') {
            return -1;
        }

        pf->p = q + 1;
        break;

    default:
        return 0;
    }

    /* lazy or possessive */
    if (pf->p < pf->end && (*pf->p == '?' || *pf->p == '+')) {
        pf->p++;
    }

    if (once) {
        return 0;
    }

    if (min == 0) {
        if (upto1 && !info->exact.any
            && art_mod_lits_add(&info->exact, (const unsigned char *) "", 0,
                                0) == 0)
        {
            return 0;
        }

        art_mod_info_any(info);
        return 0;
    }

    /* at least once: it starts, ends and holds what one occurrence does */
    pre = *art_mod_info_pre(info);
    suf = *art_mod_info_suf(info);
    req = *art_mod_info_req(info);

    art_mod_lits_none(&info->exact);
    info->pre = pre;
    info->suf = suf;
    info->req = req;

    return 0;
}
