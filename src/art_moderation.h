/*
 * Moderation: rule files loaded at configuration time, and the scan of one
 * decoded text run at a time, which returns the spans to replace and
 * counts what fired.
 *
 * A rule file holds one rule a line ("#" outside a pattern or a string
 * starts a comment):
 *
 *     mask     /pattern/flags                 every character becomes "*"
 *     replace  /pattern/flags  "replacement"  $1..$9, $$, \" and \\
 *     flag     /pattern/flags                 counted and logged
 *     block    /pattern/flags                 the page answers 451
 *     words    mask|flag|block  FILE          literal terms, one a line
 *
 * Flags: i caseless, w whole words, u (always on: patterns are UTF-8 with
 * Unicode properties, and invalid UTF-8 in a page never stops matching).
 * A whole word has no letter, number, mark or connector (\p{L} \p{N} \p{M}
 * \p{Pc}) on either side.  ZWNJ and ZWJ join the parts of one word (as in
 * Persian, where a plural suffix follows a ZWNJ), so they count as word
 * characters: a term does not match the stem of a longer word across them.
 * A character of a script written without spaces (Han, Hiragana,
 * Katakana, Thai, Lao, Khmer, Myanmar) is a word by itself, so a term
 * made of them is found inside a run of them.  Terms of a words list are
 * whole words, caseless under Unicode simple case folding (ß is not ss);
 * FILE is relative to the rule file's directory, one term a line, spaces
 * around it dropped.
 */

#ifndef ART_MODERATION_H
#define ART_MODERATION_H

#include <stddef.h>

#include "art_alloc.h"
#include "art_buf.h"
#include "art_conf.h"


/* actions */
#define ART_MOD_MASK            1
#define ART_MOD_REPLACE         2
#define ART_MOD_FLAG            3
#define ART_MOD_BLOCK           4

/* article_moderation_mode */
#define ART_MOD_ENFORCE         1
#define ART_MOD_REPORT          2

/* article_moderation_oversize */
#define ART_MOD_OVERSIZE_PASS   1
#define ART_MOD_OVERSIZE_BLOCK  2


typedef struct art_mod_rules_s    art_mod_rules_t;
typedef struct art_mod_scanner_s  art_mod_scanner_t;


typedef struct {
    /* compiled rules; NULL: no moderation (off, or unset at top level) */
    art_mod_rules_t        *rules;
    int                     enabled;        /* ART_UNSET, 0, 1 */

    int                     mode;           /* ART_UNSET, ART_MOD_ENFORCE */

    /* attributes whose values are moderated too (lower case) */
    art_str_t              *attrs;
    size_t                  nattrs;
    int                     attrs_set;

    /* the body of a 451 answer; NULL: the caller's own */
    unsigned char          *block_page;
    size_t                  block_page_len;
    int                     block_page_set;

    /* for Link: <URL>; rel="blocked-by"; NULL: none */
    char                   *blocked_by;
    int                     blocked_by_set;

    int                     oversize;       /* ART_UNSET, ART_MOD_OVERSIZE */

    /* what was allocated at this level, not inherited: see _free */
    unsigned                owned;
    const art_allocator_t  *owned_alloc;
} art_mod_conf_t;


void art_mod_conf_init(art_mod_conf_t *c);

/*
 * article_moderation FILE ... | off;   (rules are compiled here)
 * article_moderation_mode enforce | report;
 * article_moderation_attrs NAME ... | off;
 * article_moderation_block_page FILE;  (read here)
 * article_moderation_blocked_by URL | off;
 * article_moderation_oversize pass | block;
 * ART_CONF_DECLINED for any other name.
 */
int art_mod_conf_set(art_mod_conf_t *c, art_conf_ctx_t *ctx,
    const char *name, const art_str_t *args, size_t nargs);

/* parent may be NULL (the top level): then only defaults are filled in */
void art_mod_conf_merge(art_mod_conf_t *c, const art_mod_conf_t *parent);

/*
 * Release what was loaded at this level: the rules (compiled patterns
 * hold JIT memory outside any allocator), the block page, the names.
 * Call it once per conf, when the configuration goes away; what a level
 * inherited is left to its owner.
 */
void art_mod_conf_free(art_mod_conf_t *c);

int art_mod_has_block_rules(const art_mod_conf_t *c);
/* the number of rules (a words list is one rule) and of terms */
size_t art_mod_rule_count(const art_mod_conf_t *c);
size_t art_mod_term_count(const art_mod_conf_t *c);


typedef struct {
    size_t                start;        /* [start, end) of the text run */
    size_t                end;
    int                   action;       /* ART_MOD_MASK ... */
    /*
     * 1: replace [start, end) with repl (mask and replace in enforce
     * mode); 0: only counted (flag, block, report mode).
     */
    int                   apply;
    /* a mask's stars or a replace's expansion; valid during the call */
    const unsigned char  *repl;
    size_t                repl_len;
    const char           *file;         /* the rule */
    unsigned              line;
} art_mod_match_t;

typedef int (*art_mod_match_fn)(void *ud, const art_mod_match_t *m);

typedef struct {
    unsigned              mask;
    unsigned              replace;
    unsigned              flag;
    unsigned              block;
} art_mod_counts_t;


/* per page: match data and buffers; c is a merged conf */
art_mod_scanner_t *art_mod_scanner_create(const art_allocator_t *a,
    const art_mod_conf_t *c);
void art_mod_scanner_destroy(art_mod_scanner_t *s);

/*
 * Scan one decoded text run.  Matches come in the order of their start;
 * of overlapping masks and replaces the earliest start wins, then the
 * longest, then the rule that comes first; flags and blocks are all
 * counted.  For mask, repl has one "*" per character (an invalid byte is
 * one character); for replace, the expansion HTML-escaped, for use as
 * markup.  cb may be NULL.  Returns 0, -1 on no memory or a pattern that
 * hit the match limit, or the callback's nonzero value.
 */
int art_mod_scan(art_mod_scanner_t *s, const unsigned char *text,
    size_t len, art_mod_match_fn cb, void *ud);
/* the same for an attribute value: repl is plain text, not escaped */
int art_mod_scan_plain(art_mod_scanner_t *s, const unsigned char *text,
    size_t len, art_mod_match_fn cb, void *ud);

/* the counts of every scan so far */
const art_mod_counts_t *art_mod_counts(const art_mod_scanner_t *s);
/* 1 when a block rule fired in enforce mode: the page answers 451 */
int art_mod_blocked(const art_mod_scanner_t *s);
/*
 * The rules that fired, as "rules.txt:3 rules.txt:7" (file order, each
 * once): safe for logs, it holds no text of the page.  0 or -1.
 */
int art_mod_fired_rules(const art_mod_scanner_t *s, art_buf_t *out);

/* $article_moderation: "mask=3 replace=0 flag=1 block=0"; 0 or -1 */
int art_mod_format_counts(art_buf_t *out, const art_mod_counts_t *counts);


#endif /* ART_MODERATION_H */
