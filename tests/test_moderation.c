#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <stdarg.h>
#include <unistd.h>

#include "art_test.h"
#include "art_moderation.h"


#define MAX_GOT  64

typedef struct {
    size_t    start;
    size_t    end;
    int       action;
    int       apply;
    unsigned  line;
    char      repl[256];
} got_t;

typedef struct {
    got_t     m[MAX_GOT];
    size_t    n;
    int       stop_at;
} gots_t;


static char  tdir[64];
static char  tpaths[16][256];
static int   ntpaths;


/* a fresh directory per test, removed with what it holds after it */
static const char *
dir(void)
{
    if (tdir[0] == '\0') {
        strcpy(tdir, "/tmp/art-mod-test-XXXXXX");
        ck_assert_ptr_nonnull(mkdtemp(tdir));
    }

    return tdir;
}


static void
track(const char *path)
{
    int  i;

    for (i = 0; i < ntpaths; i++) {
        if (strcmp(tpaths[i], path) == 0) {
            return;
        }
    }

    ck_assert_int_lt(ntpaths, 16);
    snprintf(tpaths[ntpaths++], sizeof(tpaths[0]), "%s", path);
}


static void
cleanup(void)
{
    while (ntpaths > 0) {
        remove(tpaths[--ntpaths]);
    }

    if (tdir[0] != '\0') {
        rmdir(tdir);
        tdir[0] = '\0';
    }
}


static void
write_file(const char *name, const char *content, size_t len)
{
    char   path[256];
    FILE  *f;

    snprintf(path, sizeof(path), "%s/%s", dir(), name);
    track(path);
    f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(content, 1, len, f), len);
    fclose(f);
}


static void
ctx_init(art_conf_ctx_t *ctx, char *err, size_t errlen)
{
    ctx->alloc = &art_malloc_allocator;
    ctx->base_dir = dir();
    ctx->err = err;
    ctx->errlen = errlen;
    err[0] = '\0';
}


/* a directive with its arguments (NULL-terminated) */
static int
set(art_mod_conf_t *c, char *err, size_t errlen, const char *name, ...)
{
    va_list         ap;
    size_t          n;
    const char     *a;
    art_str_t       args[8];
    art_conf_ctx_t  ctx;

    ctx_init(&ctx, err, errlen);

    n = 0;
    va_start(ap, name);
    while ((a = va_arg(ap, const char *)) != NULL) {
        args[n].data = (const unsigned char *) a;
        args[n].len = strlen(a);
        n++;
    }
    va_end(ap);

    return art_mod_conf_set(c, &ctx, name, args, n);
}


/* rules from text; ART_CONF_OK or the error in err */
static int
load(art_mod_conf_t *c, const char *rules, char *err, size_t errlen)
{
    int  rc;

    write_file("rules.txt", rules, strlen(rules));
    art_mod_conf_init(c);

    rc = set(c, err, errlen, "article_moderation", "rules.txt", NULL);
    if (rc == ART_CONF_OK) {
        art_mod_conf_merge(c, NULL);
    }

    return rc;
}


static void
load_ok(art_mod_conf_t *c, const char *rules)
{
    char  err[512];

    if (load(c, rules, err, sizeof(err)) != ART_CONF_OK) {
        ck_abort_msg("rules do not load: %s", err);
    }
}


/* the error of rules that must not load, checked for file:line: why */
static void
load_fails(const char *rules, const char *expect)
{
    char            err[512];
    art_mod_conf_t  c;

    if (load(&c, rules, err, sizeof(err)) != ART_CONF_ERROR) {
        ck_abort_msg("rules \"%s\" load", rules);
    }

    if (strstr(err, expect) == NULL) {
        ck_abort_msg("error \"%s\" lacks \"%s\"", err, expect);
    }

    /* the file is named by its path */
    ck_assert_ptr_nonnull(strstr(err, dir()));
    art_mod_conf_free(&c);
}


static int
collect(void *ud, const art_mod_match_t *m)
{
    gots_t  *g = ud;
    got_t   *x;

    ck_assert_uint_lt(g->n, MAX_GOT);
    x = &g->m[g->n++];
    x->start = m->start;
    x->end = m->end;
    x->action = m->action;
    x->apply = m->apply;
    x->line = m->line;
    ck_assert_uint_lt(m->repl_len, sizeof(x->repl));
    memcpy(x->repl, m->repl ? (const char *) m->repl : "", m->repl_len);
    x->repl[m->repl_len] = '\0';

    return g->stop_at && g->n == (size_t) g->stop_at ? 9 : 0;
}


static gots_t *
scan(art_mod_scanner_t *s, const char *text, size_t len)
{
    static gots_t  g;

    memset(&g, 0, sizeof(g));
    ck_assert_int_eq(art_mod_scan(s, (const unsigned char *) text, len,
                                  collect, &g), 0);

    return &g;
}


/* the text with the matches to apply applied */
static char *
apply(const art_mod_conf_t *c, const char *text)
{
    static char         out[4096];
    size_t              i, pos, n, len;
    gots_t             *g;
    art_mod_scanner_t  *s;

    s = art_mod_scanner_create(&art_malloc_allocator, c);
    ck_assert_ptr_nonnull(s);

    len = strlen(text);
    g = scan(s, text, len);

    n = 0;
    pos = 0;

    for (i = 0; i < g->n; i++) {
        if (!g->m[i].apply) {
            continue;
        }

        ck_assert_uint_ge(g->m[i].start, pos);
        memcpy(out + n, text + pos, g->m[i].start - pos);
        n += g->m[i].start - pos;
        memcpy(out + n, g->m[i].repl, strlen(g->m[i].repl));
        n += strlen(g->m[i].repl);
        pos = g->m[i].end;
    }

    memcpy(out + n, text + pos, len - pos);
    out[n + len - pos] = '\0';

    art_mod_scanner_destroy(s);

    return out;
}


static void
expect_apply(const char *rules, const char *text, const char *expect)
{
    art_mod_conf_t  c;

    load_ok(&c, rules);
    ck_assert_str_eq(apply(&c, text), expect);
    art_mod_conf_free(&c);
}


/* the rule parser */

START_TEST(test_parse_ok)
{
    art_mod_conf_t  c;

    load_ok(&c,
            "\xef\xbb\xbf# a comment line\n"
            "\n"
            "   \t\n"
            "mask /a#b/ # a # inside a pattern is not a comment\n"
            "replace /x(\\/)y/iwu \"a \\\"#\\\\ b\"  # comment\r\n"
            "flag\t/f/\n"
            "block /b\\/c/i");

    ck_assert_uint_eq(art_mod_rule_count(&c), 4);
    ck_assert_int_eq(art_mod_has_block_rules(&c), 1);

    ck_assert_str_eq(apply(&c, "a#b x/Y"), "*** a \"#\\ b");
    art_mod_conf_free(&c);

    load_ok(&c, "");
    ck_assert_uint_eq(art_mod_rule_count(&c), 0);
    ck_assert_int_eq(art_mod_has_block_rules(&c), 0);
    ck_assert_str_eq(apply(&c, "anything"), "anything");
    art_mod_conf_free(&c);
}
END_TEST


START_TEST(test_parse_errors)
{
    load_fails("mask /a/\nmask /b/\nmask /(ab/\n",
               "rules.txt:3: pattern \"/(ab/\" does not compile: "
               "missing closing parenthesis at offset 3");
    /* the offset counts the pattern as written, \/ and all */
    load_fails("mask /a\\/\\/(b/\n",
               "rules.txt:1: pattern \"/a\\/\\/(b/\" does not compile: "
               "missing closing parenthesis at offset 7");
    load_fails("mask /a/\nhide /x/\n", "rules.txt:2: unknown action \"hide\"");
    load_fails("/x/\n", "rules.txt:1: a rule starts with mask, replace");
    load_fails("mask\n", "rules.txt:1: missing /pattern/");
    load_fails("mask # nothing\n", "rules.txt:1: missing /pattern/");
    load_fails("mask abc\n", "rules.txt:1: a pattern is written /like this/");
    load_fails("mask /abc\n", "rules.txt:1: unterminated pattern \"/abc\"");
    load_fails("mask /abc\\/\n", "rules.txt:1: unterminated pattern");
    load_fails("\n\nflag /a/ix\n",
               "rules.txt:3: bad flag \"x\" after \"/a/\": flags are i, w "
               "and u");
    load_fails("replace /a/\n",
               "rules.txt:1: missing \"replacement\" after \"/a/\"");
    load_fails("replace /a/ # c\n", "rules.txt:1: missing \"replacement\"");
    load_fails("replace /a/ b\n",
               "rules.txt:1: the replacement must be a \"quoted string\"");
    load_fails("replace /a/ \"b\n",
               "rules.txt:1: unterminated replacement string");
    load_fails("replace /a/ \"b\\n\"\n",
               "rules.txt:1: unknown escape \"\\n\" in the replacement");
    load_fails("replace /(a)(b)/ \"$3\"\n",
               "rules.txt:1: the replacement refers to $3, but the pattern "
               "has 2 groups");
    load_fails("replace /a/ \"$1\"\n", "has 0 groups");
    load_fails("replace /a/ \"5$ off\"\n",
               "rules.txt:1: \"$\" in the replacement is followed by 1..9, "
               "or by \"$\"");
    load_fails("replace /a/ \"\xff\"\n",
               "rules.txt:1: the replacement is not valid UTF-8");
    load_fails("mask /a*/\n",
               "rules.txt:1: pattern \"/a*/\" can match an empty string");
    load_fails("mask /x?/\n", "can match an empty string");
    load_fails("mask /a/ trailing\n",
               "rules.txt:1: unexpected \"trailing\" after the rule");
    load_fails("replace /a/ \"b\" \"c\" # x\n",
               "rules.txt:1: unexpected \"\"c\"\" after the rule");
    load_fails("mask /\xff/\n", "rules.txt:1: pattern \"/\xff/\" does not "
               "compile: UTF-8 error");
}
END_TEST


START_TEST(test_parse_words_errors)
{
    write_file("empty.txt", "\n  \n\t\n", 6);
    write_file("bad.txt", "good\nfine\nba\xff" "d\n", 15);

    load_fails("words\n",
               "rules.txt:1: missing action after \"words\": mask, flag or "
               "block");
    load_fails("words replace list.txt\n",
               "rules.txt:1: unknown words action \"replace\": use mask, "
               "flag or block");
    load_fails("words hide list.txt\n", "unknown words action \"hide\"");
    load_fails("words mask\n", "rules.txt:1: missing words FILE");
    load_fails("words mask # c\n", "rules.txt:1: missing words FILE");
    load_fails("mask /a/\nwords flag missing.txt\n",
               "rules.txt:2: cannot read words file \"");
    load_fails("words flag missing.txt\n",
               "missing.txt\": No such file or directory");
    load_fails("words block empty.txt\n",
               "rules.txt:1: words list \"");
    load_fails("words block empty.txt\n", "empty.txt\" is empty");
    load_fails("words mask bad.txt\n", "bad.txt:3: term is not valid UTF-8");
    load_fails("words mask empty.txt extra\n",
               "rules.txt:1: unexpected \"extra\" after the rule");
}
END_TEST


START_TEST(test_parse_unreadable)
{
    char            err[256];
    art_mod_conf_t  c;

    art_mod_conf_init(&c);
    ck_assert_int_eq(set(&c, err, sizeof(err), "article_moderation",
                         "nonexistent.rules", NULL), ART_CONF_ERROR);
    ck_assert_ptr_nonnull(strstr(err, "cannot read moderation rules \""));
    ck_assert_ptr_nonnull(strstr(err, "nonexistent.rules\": No such file"));
}
END_TEST


/* directives */

START_TEST(test_directives)
{
    char            err[256];
    art_mod_conf_t  c, child;

    write_file("a.rules", "mask /aa/\n", 10);
    write_file("sub.rules", "block /bb/\n", 11);
    write_file("page.html", "<h1>451</h1>\n", 13);

    art_mod_conf_init(&c);

    ck_assert_int_eq(set(&c, err, sizeof(err), "article_moderation",
                         "a.rules", "sub.rules", NULL), ART_CONF_OK);
    ck_assert_uint_eq(art_mod_rule_count(&c), 2);
    ck_assert_int_eq(set(&c, err, sizeof(err), "article_moderation",
                         "a.rules", NULL), ART_CONF_ERROR);
    ck_assert_str_eq(err, "\"article_moderation\" directive is duplicate");

    ck_assert_int_eq(set(&c, err, sizeof(err), "article_moderation_mode",
                         "audit", NULL), ART_CONF_ERROR);
    ck_assert_str_eq(err, "invalid value \"audit\" in "
                     "\"article_moderation_mode\": it must be \"enforce\" "
                     "or \"report\"");
    ck_assert_int_eq(set(&c, err, sizeof(err), "article_moderation_mode",
                         NULL), ART_CONF_ERROR);
    ck_assert_str_eq(err, "invalid number of arguments in "
                     "\"article_moderation_mode\"");
    ck_assert_int_eq(set(&c, err, sizeof(err), "article_moderation_mode",
                         "report", NULL), ART_CONF_OK);
    ck_assert_int_eq(c.mode, ART_MOD_REPORT);

    ck_assert_int_eq(set(&c, err, sizeof(err), "article_moderation_attrs",
                         "Title", "ALT", "data-x", NULL), ART_CONF_OK);
    ck_assert_uint_eq(c.nattrs, 3);
    ck_assert_str_eq((const char *) c.attrs[0].data, "title");
    ck_assert_str_eq((const char *) c.attrs[1].data, "alt");
    ck_assert_int_eq(set(&c, err, sizeof(err), "article_moderation_attrs",
                         "alt", NULL), ART_CONF_ERROR);

    ck_assert_int_eq(set(&c, err, sizeof(err),
                         "article_moderation_block_page", "missing.html",
                         NULL), ART_CONF_ERROR);
    ck_assert_ptr_nonnull(strstr(err, "cannot read \""));
    ck_assert_ptr_nonnull(strstr(err, "missing.html\" in "
                                 "\"article_moderation_block_page\": No "
                                 "such file"));
    ck_assert_int_eq(set(&c, err, sizeof(err),
                         "article_moderation_block_page", "page.html",
                         NULL), ART_CONF_OK);
    ck_assert_uint_eq(c.block_page_len, 13);
    ck_assert_int_eq(memcmp(c.block_page, "<h1>451</h1>\n", 13), 0);

    ck_assert_int_eq(set(&c, err, sizeof(err),
                         "article_moderation_blocked_by",
                         "https://example.com/why?a=1 2", NULL),
                     ART_CONF_ERROR);
    ck_assert_ptr_nonnull(strstr(err, "invalid URL"));
    ck_assert_int_eq(set(&c, err, sizeof(err),
                         "article_moderation_blocked_by",
                         "https://example.com/<x>", NULL), ART_CONF_ERROR);
    ck_assert_int_eq(set(&c, err, sizeof(err),
                         "article_moderation_blocked_by",
                         "https://example.com/legal", NULL), ART_CONF_OK);
    ck_assert_str_eq(c.blocked_by, "https://example.com/legal");

    ck_assert_int_eq(set(&c, err, sizeof(err), "article_moderation_oversize",
                         "drop", NULL), ART_CONF_ERROR);
    ck_assert_ptr_nonnull(strstr(err, "it must be \"pass\" or \"block\""));
    ck_assert_int_eq(set(&c, err, sizeof(err), "article_moderation_oversize",
                         "block", NULL), ART_CONF_OK);
    ck_assert_int_eq(set(&c, err, sizeof(err), "article_moderation_oversize",
                         "pass", NULL), ART_CONF_ERROR);

    /* other directives are someone else's */
    ck_assert_int_eq(set(&c, err, sizeof(err), "article_share", "x", NULL),
                     ART_CONF_DECLINED);
    ck_assert_int_eq(set(&c, err, sizeof(err), "article_moderation_foo",
                         "x", NULL), ART_CONF_DECLINED);
    ck_assert_int_eq(set(&c, err, sizeof(err), "article_moderations", "x",
                         NULL), ART_CONF_DECLINED);

    art_mod_conf_merge(&c, NULL);

    /* report mode: block rules never block */
    ck_assert_int_eq(art_mod_has_block_rules(&c), 0);

    /* a child level inherits all, and can turn moderation off */
    art_mod_conf_init(&child);
    art_mod_conf_merge(&child, &c);
    ck_assert_ptr_eq(child.rules, c.rules);
    ck_assert_int_eq(child.mode, ART_MOD_REPORT);
    ck_assert_uint_eq(child.nattrs, 3);
    ck_assert_uint_eq(child.block_page_len, 13);
    ck_assert_str_eq(child.blocked_by, "https://example.com/legal");
    ck_assert_int_eq(child.oversize, ART_MOD_OVERSIZE_BLOCK);
    /* what it inherited is not its to free */
    art_mod_conf_free(&child);
    ck_assert_ptr_nonnull(c.rules);

    art_mod_conf_init(&child);
    ck_assert_int_eq(set(&child, err, sizeof(err), "article_moderation",
                         "off", NULL), ART_CONF_OK);
    ck_assert_int_eq(set(&child, err, sizeof(err), "article_moderation_mode",
                         "enforce", NULL), ART_CONF_OK);
    ck_assert_int_eq(set(&child, err, sizeof(err),
                         "article_moderation_attrs", "off", NULL),
                     ART_CONF_OK);
    ck_assert_int_eq(set(&child, err, sizeof(err),
                         "article_moderation_blocked_by", "off", NULL),
                     ART_CONF_OK);
    art_mod_conf_merge(&child, &c);
    ck_assert_ptr_null(child.rules);
    ck_assert_int_eq(child.enabled, 0);
    ck_assert_uint_eq(child.nattrs, 0);
    ck_assert_ptr_null(child.blocked_by);
    ck_assert_uint_eq(art_mod_rule_count(&child), 0);
    art_mod_conf_free(&child);

    art_mod_conf_free(&c);
    ck_assert_ptr_null(c.rules);
}
END_TEST


START_TEST(test_defaults)
{
    art_mod_conf_t  c;

    art_mod_conf_init(&c);
    art_mod_conf_merge(&c, NULL);

    ck_assert_ptr_null(c.rules);
    ck_assert_int_eq(c.enabled, 0);
    ck_assert_int_eq(c.mode, ART_MOD_ENFORCE);
    ck_assert_uint_eq(c.nattrs, 0);
    ck_assert_ptr_null(c.block_page);
    ck_assert_ptr_null(c.blocked_by);
    ck_assert_int_eq(c.oversize, ART_MOD_OVERSIZE_PASS);
    ck_assert_int_eq(art_mod_has_block_rules(&c), 0);

    /* a scanner over no rules finds nothing */
    ck_assert_str_eq(apply(&c, "text"), "text");
}
END_TEST


/* actions */

START_TEST(test_mask)
{
    /* a star a character: ü is two bytes, one star */
    expect_apply("mask /f\xc3\xbc\x63k/i\n", "F\xc3\x9c\x43K you",
                 "**** you");
    expect_apply("mask /\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82/\n",
                 "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82!",
                 "******!");
    expect_apply("mask /ab/\n", "xabyab", "x**y**");
}
END_TEST


START_TEST(test_replace)
{
    expect_apply("replace /(\\w+)@(\\w+)\\.com/ \"$2 at $1\"\n",
                 "mail bob@example.com now", "mail example at bob now");
    /* the replacement is markup: escaped, captures too */
    expect_apply("replace /<(\\w+)>/ \"<b>$1</b> & co\"\n",
                 "x <tag> y", "x &lt;b&gt;tag&lt;/b&gt; &amp; co y");
    expect_apply("replace /q(.)q/ \"[$1]\"\n", "q<q q&q",
                 "[&lt;] [&amp;]");
    /* $$ is a dollar; an unset group is empty; $1..$9 all work */
    expect_apply("replace /(a)|(b)/ \"$$<$1|$2>\"\n", "ab",
                 "$&lt;a|&gt;$&lt;|b&gt;");
    expect_apply("replace /(1)(2)(3)(4)(5)(6)(7)(8)(9)/ "
                 "\"$9$8$7$6$5$4$3$2$1\"\n", "-123456789-", "-987654321-");
    expect_apply("replace /x/ \"\"\n", "axbx", "ab");
}
END_TEST


START_TEST(test_replace_plain)
{
    art_mod_conf_t      c;
    art_mod_scanner_t  *s;
    gots_t              g;

    /* attribute values get the replacement as plain text */
    load_ok(&c, "replace /(\\w+)!/ \"<$1>\"\n");
    s = art_mod_scanner_create(&art_malloc_allocator, &c);

    memset(&g, 0, sizeof(g));
    ck_assert_int_eq(art_mod_scan_plain(s, (const unsigned char *) "a&b!",
                                        4, collect, &g), 0);
    ck_assert_uint_eq(g.n, 1);
    ck_assert_uint_eq(g.m[0].start, 2);
    ck_assert_str_eq(g.m[0].repl, "<b>");

    art_mod_scanner_destroy(s);
    art_mod_conf_free(&c);
}
END_TEST


START_TEST(test_flag_block_counts)
{
    art_mod_conf_t          c;
    art_mod_scanner_t      *s;
    art_buf_t               b;
    gots_t                 *g;
    const art_mod_counts_t *n;

    load_ok(&c,
            "flag /bad/\n"          /* 1 */
            "block /evil/\n"        /* 2 */
            "mask /bad evil/\n"     /* 3 */
            "flag /never/\n");      /* 4 */

    s = art_mod_scanner_create(&art_malloc_allocator, &c);
    ck_assert_int_eq(art_mod_blocked(s), 0);

    g = scan(s, "bad evil, bad", 13);

    /* the mask applies; flag and block are counted though they overlap */
    ck_assert_uint_eq(g->n, 4);
    ck_assert_int_eq(g->m[0].action, ART_MOD_MASK);
    ck_assert_int_eq(g->m[0].apply, 1);
    ck_assert_int_eq(g->m[1].action, ART_MOD_FLAG);
    ck_assert_int_eq(g->m[1].apply, 0);
    ck_assert_uint_eq(g->m[1].line, 1);
    ck_assert_int_eq(g->m[2].action, ART_MOD_BLOCK);
    ck_assert_uint_eq(g->m[2].start, 4);
    ck_assert_int_eq(g->m[3].action, ART_MOD_FLAG);
    ck_assert_uint_eq(g->m[3].start, 10);

    /* counts add up over the scans of a page */
    scan(s, "bad", 3);
    n = art_mod_counts(s);
    ck_assert_uint_eq(n->mask, 1);
    ck_assert_uint_eq(n->replace, 0);
    ck_assert_uint_eq(n->flag, 3);
    ck_assert_uint_eq(n->block, 1);
    ck_assert_int_eq(art_mod_blocked(s), 1);

    art_buf_init(&b, &art_malloc_allocator);
    ck_assert_int_eq(art_mod_format_counts(&b, n), 0);
    art_buf_append_byte(&b, 0);
    ck_assert_str_eq((char *) b.data, "mask=1 replace=0 flag=3 block=1");

    /* file:line of each rule that fired, once, in file order */
    b.len = 0;
    ck_assert_int_eq(art_mod_fired_rules(s, &b), 0);
    art_buf_append_byte(&b, 0);
    ck_assert_ptr_nonnull(strstr((char *) b.data, "rules.txt:1 "));
    ck_assert_ptr_nonnull(strstr((char *) b.data, "rules.txt:2 "));
    ck_assert_int_eq(strcmp((char *) b.data + strlen((char *) b.data) - 12,
                            " rules.txt:3") == 0
                     || strstr((char *) b.data, "/rules.txt:3") != NULL, 1);
    ck_assert_ptr_null(strstr((char *) b.data, "rules.txt:4"));
    /* never the text */
    ck_assert_ptr_null(strstr((char *) b.data, "bad"));

    art_buf_free(&b);
    art_mod_scanner_destroy(s);
    art_mod_conf_free(&c);
}
END_TEST


START_TEST(test_overlaps)
{
    /* the earliest start wins, then the longest, then the first rule */
    expect_apply("mask /bcd/\nreplace /abc/ \"X\"\n", "abcd", "Xd");
    expect_apply("replace /ab/ \"X\"\nreplace /abc/ \"Y\"\n", "abcd", "Yd");
    expect_apply("replace /abc/ \"X\"\nreplace /abc/ \"Y\"\n", "abc", "X");
    expect_apply("replace /b/ \"X\"\nreplace /abc/ \"Y\"\n", "abcb", "YX");
    /* words and patterns together */
    write_file("w.txt", "new york\nyork\n", 14);
    expect_apply("words mask w.txt\nreplace /New/ \"Old\"\n",
                 "New York, york", "********, ****");
}
END_TEST


START_TEST(test_report_mode)
{
    char                err[128];
    art_mod_conf_t      c;
    art_mod_scanner_t  *s;
    gots_t             *g;

    load_ok(&c, "mask /secret/\nblock /forbidden/\n");
    c.mode = ART_UNSET;
    ck_assert_int_eq(set(&c, err, sizeof(err), "article_moderation_mode",
                         "report", NULL), ART_CONF_OK);

    s = art_mod_scanner_create(&art_malloc_allocator, &c);
    g = scan(s, "a secret, forbidden", 19);

    /* counted, nothing applied, never blocked */
    ck_assert_uint_eq(g->n, 2);
    ck_assert_int_eq(g->m[0].apply, 0);
    ck_assert_int_eq(g->m[1].apply, 0);
    ck_assert_uint_eq(art_mod_counts(s)->mask, 1);
    ck_assert_uint_eq(art_mod_counts(s)->block, 1);
    ck_assert_int_eq(art_mod_blocked(s), 0);
    ck_assert_int_eq(art_mod_has_block_rules(&c), 0);
    ck_assert_str_eq(apply(&c, "a secret"), "a secret");

    art_mod_scanner_destroy(s);
    art_mod_conf_free(&c);
}
END_TEST


START_TEST(test_callback_stop)
{
    art_mod_conf_t      c;
    art_mod_scanner_t  *s;
    gots_t              g;

    load_ok(&c, "flag /x/\n");
    s = art_mod_scanner_create(&art_malloc_allocator, &c);

    memset(&g, 0, sizeof(g));
    g.stop_at = 2;
    ck_assert_int_eq(art_mod_scan(s, (const unsigned char *) "xxxx", 4,
                                  collect, &g), 9);
    ck_assert_uint_eq(g.n, 2);

    /* without a callback it only counts */
    ck_assert_int_eq(art_mod_scan(s, (const unsigned char *) "xx", 2, NULL,
                                  NULL), 0);

    art_mod_scanner_destroy(s);
    art_mod_conf_free(&c);
}
END_TEST


START_TEST(test_empty_matches)
{
    art_mod_conf_t      c;
    art_mod_scanner_t  *s;

    /* a match that holds nothing is stepped over, not reported */
    load_ok(&c, "flag /(?=a)/\nflag /b\\K/\nflag /c/\n");
    s = art_mod_scanner_create(&art_malloc_allocator, &c);
    ck_assert_uint_eq(scan(s, "aabbcc", 6)->n, 2);
    ck_assert_uint_eq(art_mod_counts(s)->flag, 2);
    art_mod_scanner_destroy(s);
    art_mod_conf_free(&c);
}
END_TEST


/* flags */

START_TEST(test_flag_i)
{
    expect_apply("mask /hello/\n", "Hello hello", "Hello *****");
    expect_apply("mask /hello/i\n", "HeLLo hello", "***** *****");
    /* caseless is Unicode caseless */
    expect_apply("mask /\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82/i\n",
                 "\xd0\x9f\xd0\xa0\xd0\x98\xd0\x92\xd0\x95\xd0\xa2",
                 "******");
    /* the Kelvin sign is a k */
    expect_apply("mask /kelvin/i\n", "\xe2\x84\xaa" "ELVIN", "******");
}
END_TEST


START_TEST(test_flag_w)
{
    expect_apply("mask /cat/w\n", "cat concatenate cat. (cat) cats _cat",
                 "*** concatenate ***. (***) cats _cat");
    /* letters beyond ASCII are word characters */
    expect_apply("mask /caf/w\n", "caf\xc3\xa9 caf", "caf\xc3\xa9 ***");
    /* a combining mark too */
    expect_apply("mask /cafe/w\n", "cafe\xcc\x81 cafe", "cafe\xcc\x81 ****");
    expect_apply("mask /cat/iw\n", "CAT catalog", "*** catalog");
}
END_TEST


START_TEST(test_invalid_utf8_text)
{
    write_file("w.txt", "bad\n", 4);

    /* matching goes on after invalid bytes, which are no word characters */
    expect_apply("mask /bad/\n", "\xff" "bad \xc3 bad\xed\xa0\x80" "bad",
                 "\xff" "*** \xc3 ***\xed\xa0\x80***");
    expect_apply("words mask w.txt\n",
                 "\xff" "bad \xc3 BAD\xed\xa0\x80" "bad bad\xe2\x82",
                 "\xff" "*** \xc3 ***\xed\xa0\x80*** ***\xe2\x82");
    expect_apply("mask /bad/w\n", "\xfe" "bad\xfe" "xbad",
                 "\xfe" "***\xfe" "xbad");
}
END_TEST


/*
 * Persian and Arabic.  A whole word has no letter or mark beside it;
 * punctuation (، ؟ « ») is a boundary; ZWNJ, which joins the parts of one
 * Persian word (کتاب‌ها, books), is not.
 */
#define KETAB     "\xda\xa9\xd8\xaa\xd8\xa7\xd8\xa8"        /* کتاب */
#define KHANE     "\xd8\xae\xd8\xa7\xd9\x86\xd9\x87"        /* خانه */
#define HA        "\xd9\x87\xd8\xa7"                        /* ها */
#define ZWNJ      "\xe2\x80\x8c"
#define FA_COMMA  "\xd8\x8c"
#define FA_QMARK  "\xd8\x9f"
#define LAQUO     "\xc2\xab"
#define RAQUO     "\xc2\xbb"
#define STAR4     "****"
#define KITAB     "\xd9\x83\xd8\xaa\xd8\xa7\xd8\xa8"        /* كتاب */
#define AL        "\xd8\xa7\xd9\x84"                        /* ال */

START_TEST(test_persian_arabic_words)
{
    const char  *text =
        KETAB " " KETAB KHANE " " KETAB ZWNJ HA " " KETAB FA_COMMA " "
        LAQUO KETAB RAQUO " " KETAB FA_QMARK;
    const char  *expect =
        STAR4 " " KETAB KHANE " " KETAB ZWNJ HA " " STAR4 FA_COMMA " "
        LAQUO STAR4 RAQUO " " STAR4 FA_QMARK;

    write_file("fa.txt", KETAB "\n", sizeof(KETAB));
    expect_apply("words mask fa.txt\n", text, expect);
    expect_apply("mask /" KETAB "/w\n", text, expect);

    /* the Arabic article is part of the word */
    write_file("ar.txt", KITAB "\n", sizeof(KITAB));
    expect_apply("words mask ar.txt\n", KITAB " " AL KITAB ".",
                 STAR4 " " AL KITAB ".");
    expect_apply("mask /" KITAB "/w\n", AL KITAB " " KITAB,
                 AL KITAB " " STAR4);
}
END_TEST


/*
 * Scripts written without spaces: each character stands alone, so a term
 * matches inside a run of them (法轮功 in 我们练法轮功的).
 */
#define FALUN     "\xe6\xb3\x95\xe8\xbd\xae\xe5\x8a\x9f"
#define WOMEN     "\xe6\x88\x91\xe4\xbb\xac"
#define DE        "\xe7\x9a\x84"

START_TEST(test_cjk_words)
{
    write_file("zh.txt", FALUN "\n", sizeof(FALUN));
    expect_apply("words mask zh.txt\n", WOMEN FALUN DE " x" FALUN "y",
                 WOMEN "***" DE " x***y");
    expect_apply("mask /" FALUN "/w\n", WOMEN FALUN DE " x" FALUN "y",
                 WOMEN "***" DE " x***y");
}
END_TEST


START_TEST(test_words_case_folding)
{
    /* Cyrillic, Greek (final sigma), German (ẞ and ß), Armenian */
    write_file("f.txt",
               "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82\n"
               "\xce\xbf\xce\xb4\xce\xbf\xcf\x82\n"
               "stra\xc3\x9f" "e\n"
               "\xc3\xa4rger\n"
               "\xd5\xa2\xd5\xa1\xd6\x80\xd5\xa5\xd6\x82\n", 47);

    expect_apply("words mask f.txt\n",
                 "\xd0\x9f\xd0\xa0\xd0\x98\xd0\x92\xd0\x95\xd0\xa2, "
                 "\xce\x9f\xce\x94\xce\x9f\xce\xa3 "
                 "STRA\xe1\xba\x9e" "E stra\xc3\x9f" "e \xc3\x84RGER "
                 "\xd4\xb2\xd4\xb1\xd5\x90\xd4\xb5\xd5\x92 STRASSE",
                 "******, **** ****** ****** ***** ***** STRASSE");
}
END_TEST


START_TEST(test_words_actions)
{
    char                path[256], err[256];
    art_mod_conf_t      c;
    art_mod_scanner_t  *s;
    gots_t             *g;

    snprintf(path, sizeof(path), "%s/sub", dir());
    ck_assert_int_eq(mkdir(path, 0700), 0);
    track(path);

    /* words FILE is relative to the rule file's directory */
    write_file("a.txt", "alpha\n", 6);
    write_file("sub/b.txt", "beta\r\n  gamma  \n\n", 17);
    write_file("sub/inner.rules",
               "words block b.txt\nwords flag \"../a.txt\" # quoted\n", 48);

    art_mod_conf_init(&c);
    ck_assert_int_eq(set(&c, err, sizeof(err), "article_moderation",
                         "sub/inner.rules", NULL), ART_CONF_OK);
    art_mod_conf_merge(&c, NULL);
    ck_assert_uint_eq(art_mod_rule_count(&c), 2);
    ck_assert_uint_eq(art_mod_term_count(&c), 3);
    ck_assert_int_eq(art_mod_has_block_rules(&c), 1);

    s = art_mod_scanner_create(&art_malloc_allocator, &c);
    g = scan(s, "Alpha, BETA gamma; gammas", 25);

    ck_assert_uint_eq(g->n, 3);
    ck_assert_int_eq(g->m[0].action, ART_MOD_FLAG);
    ck_assert_uint_eq(g->m[0].line, 2);
    ck_assert_uint_eq(g->m[0].start, 0);
    ck_assert_uint_eq(g->m[0].end, 5);
    ck_assert_int_eq(g->m[1].action, ART_MOD_BLOCK);
    ck_assert_uint_eq(g->m[1].line, 1);
    ck_assert_uint_eq(g->m[1].start, 7);
    ck_assert_int_eq(g->m[2].action, ART_MOD_BLOCK);
    ck_assert_uint_eq(g->m[2].start, 12);
    ck_assert_uint_eq(g->m[2].end, 17);
    ck_assert_int_eq(art_mod_blocked(s), 1);

    art_mod_scanner_destroy(s);
    art_mod_conf_free(&c);
}
END_TEST


START_TEST(test_words_shapes)
{
    /*
     * One-letter terms, terms of several words, terms with punctuation:
     * only letters, digits, marks and connectors make a word, so c++ is
     * whole in c+++ too.
     */
    write_file("w.txt", "a\nnew york\nc++\n#tag\n", 20);
    expect_apply("words mask w.txt\n",
                 "a cat, A; new  york new york c++ c+++ #tag x#tag c++x",
                 "* cat, *; new  york ******** *** ***+ **** x#tag c++x");
}
END_TEST


/*
 * 10,000 terms (Latin and Cyrillic, both cases in the text) placed whole,
 * in punctuation, inside longer words and before a connector: every whole
 * one found at its place, no other.
 */
static size_t
gen_term(unsigned i, char *out)
{
    static const char  *cyr[] = {
        "\xd0\xb0", "\xd0\xb1", "\xd0\xb2", "\xd0\xb3", "\xd0\xb4",
        "\xd0\xb5", "\xd0\xb6", "\xd0\xb7", "\xd0\xb8", "\xd0\xba",
        "\xd0\xbb", "\xd0\xbc", "\xd0\xbd", "\xd0\xbe", "\xd0\xbf",
        "\xd1\x80"
    };
    unsigned            v, k;
    size_t              n;

    n = 0;
    v = (i * 7919u + 13) % 11881376u;

    if (i % 5 == 0) {
        /* Cyrillic: ж and five letters of sixteen */
        memcpy(out, "\xd0\xb6", 2);
        n = 2;
        for (k = 0; k < 5; k++) {
            memcpy(out + n, cyr[v % 16], 2);
            n += 2;
            v /= 16;
        }

    } else {
        out[n++] = 'q';
        for (k = 0; k < 5; k++) {
            out[n++] = (char) ('a' + v % 26);
            v /= 26;
        }

        if (i % 3 == 0) {
            out[n++] = 'i';
            out[n++] = 'x';
        }
    }

    out[n] = '\0';
    return n;
}


static size_t
upper(char *p, size_t n)
{
    size_t  i;

    for (i = 0; i < n; i++) {
        if (p[i] >= 'a' && p[i] <= 'z') {
            p[i] -= 32;

        } else if ((unsigned char) p[i] == 0xd0 && i + 1 < n) {
            /* а..п (d0 b0..bf) to А..П (d0 90..9f) */
            if ((unsigned char) p[i + 1] >= 0xb0) {
                p[i + 1] = (char) ((unsigned char) p[i + 1] - 0x20);
            }
            i++;

        } else if ((unsigned char) p[i] == 0xd1 && i + 1 < n) {
            /* р (d1 80) to Р (d0 a0) */
            p[i] = (char) 0xd0;
            p[i + 1] = (char) ((unsigned char) p[i + 1] + 0x20);
            i++;
        }
    }

    return n;
}


typedef struct {
    size_t  *starts;
    size_t  *ends;
    size_t   n;
    size_t   cap;
} many_t;


static int
collect_many(void *ud, const art_mod_match_t *m)
{
    many_t  *g = ud;

    ck_assert_uint_lt(g->n, g->cap);
    g->starts[g->n] = m->start;
    g->ends[g->n] = m->end;
    g->n++;

    return 0;
}


START_TEST(test_words_10000)
{
    char                term[32], *text;
    size_t              i, n, len, tlen, nexp, *exps, *expe;
    unsigned            j;
    FILE               *f;
    char                path[256];
    art_mod_conf_t      c;
    art_mod_scanner_t  *s;
    many_t              g;

    snprintf(path, sizeof(path), "%s/10000.txt", dir());
    track(path);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);

    for (j = 0; j < 10000; j++) {
        gen_term(j, term);
        fprintf(f, "%s\n", term);
    }
    fclose(f);

    load_ok(&c, "words flag 10000.txt\n");
    ck_assert_uint_eq(art_mod_term_count(&c), 10000);

    text = malloc(1 << 20);
    exps = malloc(20000 * sizeof(size_t));
    expe = malloc(20000 * sizeof(size_t));
    len = 0;
    nexp = 0;

    for (i = 0; i < 12000; i++) {
        j = (unsigned) ((i * 37) % 10000);
        tlen = gen_term(j, term);

        switch (i % 5) {

        case 0:
            /* whole, as written */
            text[len++] = ' ';
            exps[nexp] = len;
            memcpy(text + len, term, tlen);
            len += tlen;
            expe[nexp++] = len;
            text[len++] = ' ';
            break;

        case 1:
            /* whole, upper case, in punctuation */
            memcpy(text + len, "(", 1);
            len++;
            exps[nexp] = len;
            memcpy(text + len, term, tlen);
            len += upper(text + len, tlen);
            expe[nexp++] = len;
            memcpy(text + len, "), ", 3);
            len += 3;
            break;

        case 2:
            /* inside a longer word */
            memcpy(text + len, " x", 2);
            len += 2;
            memcpy(text + len, term, tlen);
            len += tlen;
            text[len++] = ' ';
            break;

        case 3:
            /* before a connector and a letter */
            memcpy(text + len, term, tlen);
            len += tlen;
            memcpy(text + len, "_z ", 3);
            len += 3;
            break;

        default:
            /* one letter short */
            text[len++] = ' ';
            memcpy(text + len, term, tlen - 1);
            len += tlen - 1;
            text[len++] = '\n';
        }
    }

    g.cap = 20000;
    g.n = 0;
    g.starts = malloc(g.cap * sizeof(size_t));
    g.ends = malloc(g.cap * sizeof(size_t));

    s = art_mod_scanner_create(&art_malloc_allocator, &c);
    ck_assert_int_eq(art_mod_scan(s, (unsigned char *) text, len,
                                  collect_many, &g), 0);

    ck_assert_uint_eq(g.n, nexp);
    for (n = 0; n < nexp; n++) {
        ck_assert_uint_eq(g.starts[n], exps[n]);
        ck_assert_uint_eq(g.ends[n], expe[n]);
    }
    ck_assert_uint_eq(art_mod_counts(s)->flag, nexp);

    art_mod_scanner_destroy(s);
    art_mod_conf_free(&c);
    free(text);
    free(exps);
    free(expe);
    free(g.starts);
    free(g.ends);
}
END_TEST


/*
 * The literal prefilter may only skip what cannot match: every pattern
 * finds what PCRE2 alone finds, in texts made to trip it (other cases,
 * other digits, optional parts, lookarounds).
 */
static unsigned
pcre2_count(const char *pat, int caseless, const char *text)
{
    int                  err, rc;
    unsigned             n;
    PCRE2_SIZE           off, start, *ov;
    pcre2_code          *code;
    pcre2_match_data    *md;

    code = pcre2_compile((PCRE2_SPTR) pat, PCRE2_ZERO_TERMINATED,
                         PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF
                         | (caseless ? PCRE2_CASELESS : 0), &err, &off,
                         NULL);
    ck_assert_ptr_nonnull(code);
    md = pcre2_match_data_create_from_pattern(code, NULL);

    n = 0;
    start = 0;

    while (start < strlen(text)) {
        rc = pcre2_match(code, (PCRE2_SPTR) text, strlen(text), start, 0, md,
                         NULL);
        if (rc < 0) {
            break;
        }

        ov = pcre2_get_ovector_pointer(md);
        n++;
        start = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
    }

    pcre2_match_data_free(md);
    pcre2_code_free(code);

    return n;
}


START_TEST(test_prefilter_sound)
{
    static const char  *pats[] = {
        "colou?r", "(?:abc|xyz)+\\d", "a(?:b|c)d", "foo(?=bar)", "kelvin",
        "k+e+l+v+i+n+", "[ck]at", "\\bcat\\b", "(cat|dog)s?", "x{2,3}y",
        "\\d{3}-\\d{4}", "ab|cd|ef", "(?:a|b)(?:c|d)(?:e|f)(?:g|h)",
        "colo(u)?r", "\xc3\xa9+t", "stra\xc3\x9f" "e",
        "\xcf\x83\xce\xbf\xcf\x86",
        "(?<=pre)fix", "(?<!un)do", "a.c", "[^x]yz", "q[a-f]+z",
        "(?#note)lit", "n[i1]gg(?:er|a)s?", "https?://x", "(?i)MiXeD",
        "(?:(?:aa|bb)cc|dd)ee", "z[-. ]?z", "\\w+@\\w+", "(?<n>ab)\\k<n>",
        "\\x{41}bc", "a\\Qb.c\\E", "(?s)a.b", "\\p{Lu}\\p{Ll}+ville",
        "[[:digit:]]x", "(?|(a)|(b))c", "ab{0}c", "ab{1}c", "(ab){2}",
        "end$", "^start", "(?:\\d|x)y", "\xd0\xb6\xd1\x83\xd0\xba",
        "caf\xc3\xa9", "[\xc3\xa9\xc3\xa8]t\xc3\xa9",
        /* ranges that end at an escaped character or a bracket */
        "[\"-\\\\]S", "[%-\\]]q", "[!-[]w", "[a-\\x7a]v", "[ -\\.]u",
        "[]-a]x", NULL
    };
    static const char  *texts[] = {
        "COLOR colour Colr", "abcxyz7 ABC9 xyzXYZ\xd9\xa5",
        "ACD abd aBd", "foobar FOOBAR foo", "\xe2\x84\xaa" "ELVIN kelvin",
        "kkeelvinn KEELVIN", "Cat kat CAT", "cat catalog bobcat",
        "dogs CATS", "xxxy XXY", "555-1234 \xd9\xa5\xd9\xa5\xd9\xa5-"
        "\xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4 \xef\xbc\x95\xef\xbc\x95\xef\xbc\x95"
        "-1234", "ab CD eF", "acegbdfh ADEH", "color COLOUR",
        "\xc3\xa9\xc3\x89t \xc3\x89T", "STRA\xe1\xba\x9e" "E strasse",
        "\xce\xa3\xce\x9f\xce\xa6 \xcf\x82\xce\xbf\xcf\x86", "prefix PREFIX",
        "undo redo REDO", "abc a\xc3\xa9" "c", "ayz xyz", "qabcz QFZ",
        "lit LIT", "N1GGAS nigger", "HTTPS://x http://X", "mixed MIXED",
        "aacceeddee bbccee", "zz z-z Z.Z", "a@b \xc3\xa9@\xc3\xa8",
        "abab ABAB", "Abc ABC", "ab.c abxc", "a\nb A\nB", "Paris Newville",
        "1x \xd9\xa1x", "ac bc", "ac abc", "abc", "ababab", "the end",
        "start here", "7y xy", "\xd0\x96\xd0\xa3\xd0\x9a",
        "CAF\xc3\x89", "\xc3\x88T\xc3\x89", "AS aS \\S", "Zq zq ]q",
        "Mw mw [w", "mv MV", "Ku ku .u -u", "^x _x `x ]x", NULL
    };
    char                rules[256];
    int                 caseless;
    size_t              n;
    unsigned            i, k, got, want;
    const char         *p;
    art_mod_conf_t      c;
    art_mod_scanner_t  *s;

    for (i = 0; pats[i]; i++) {
        for (caseless = 0; caseless <= 1; caseless++) {
            /* a slash is written \/ in a rule file */
            strcpy(rules, "flag /");
            for (p = pats[i], n = strlen(rules); *p; p++) {
                if (*p == '/') {
                    rules[n++] = '\\';
                }
                rules[n++] = *p;
            }
            rules[n] = '\0';
            strcat(rules, caseless ? "/i\n" : "/\n");

            load_ok(&c, rules);
            s = art_mod_scanner_create(&art_malloc_allocator, &c);

            for (k = 0; texts[k]; k++) {
                scan(s, texts[k], strlen(texts[k]));
            }

            got = art_mod_counts(s)->flag;
            want = 0;
            for (k = 0; texts[k]; k++) {
                want += pcre2_count(pats[i], caseless, texts[k]);
            }

            if (got != want) {
                ck_abort_msg("/%s/%s: %u matches, PCRE2 alone %u", pats[i],
                             caseless ? "i" : "", got, want);
            }

            art_mod_scanner_destroy(s);
            art_mod_conf_free(&c);
        }
    }
}
END_TEST


/* PCRE2 alone: where each match of a search from the last one's end is */
static size_t
pcre2_spans(const char *pat, int caseless, const char *text, size_t *spans,
    size_t max)
{
    int                  err, rc;
    size_t               n;
    PCRE2_SIZE           off, start, *ov;
    pcre2_code          *code;
    pcre2_match_data    *md;

    code = pcre2_compile((PCRE2_SPTR) pat, PCRE2_ZERO_TERMINATED,
                         PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF
                         | (caseless ? PCRE2_CASELESS : 0), &err, &off,
                         NULL);
    ck_assert_ptr_nonnull(code);
    md = pcre2_match_data_create_from_pattern(code, NULL);

    n = 0;
    start = 0;

    while (start < strlen(text)) {
        rc = pcre2_match(code, (PCRE2_SPTR) text, strlen(text), start, 0, md,
                         NULL);
        if (rc < 0) {
            break;
        }

        ov = pcre2_get_ovector_pointer(md);
        ck_assert_uint_lt(n, max);
        spans[2 * n] = ov[0];
        spans[2 * n + 1] = ov[1];
        n++;
        start = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
    }

    pcre2_match_data_free(md);
    pcre2_code_free(code);

    return n;
}


/*
 * Rules whose matches are their literals are tried only where the
 * literals start: the matches are where PCRE2 alone finds them, with
 * literals that overlap, that are prefixes of one another, and that
 * match in another case or only with the assertions around them.
 */
START_TEST(test_literal_rules)
{
    static const char  *pats[] = {
        "cat|category|ego", "category|cat", "\\b(?:ab|abc|bc)\\b",
        "(?:foo)?bar", "colou?r", "aa", "aba", "(?<=x)ab", "ab(?=c)",
        "\\bservices\\b", "stra\xc3\x9f" "e", "kelvin", "(ab)(c)?",
        "\\bkelvin\\b", "\\bK_9\\b", "\\bSeRvIcEs\\b", "\\Gab|cd",
        "\\Gcat|\\bego", NULL
    };
    static const char  *texts[] = {
        "categoryego category cat catego", "abc ab bc abcbc ABC",
        "foobar bar fooBAR BARfoo", "color colour COLOUR colouur",
        "aaaaa aaa", "abababa ababa", "xab ab xxab", "abc ab abcab",
        "services Services SERVICES self-services servicesX",
        "strasse STRASSE stra\xc3\x9f" "e STRA\xe1\xba\x9e" "E",
        "\xe2\x84\xaa" "ELVIN kelvin KELVINkelvin", "abcab ababc",
        /* \bWORD\b next to non-ASCII, _, digits, the ends of the text */
        "\xc5\xbf" "ervices services\xc3\xa9 \xc3\xa9services _services "
        "services_ 9services services9 \x80services services\x80",
        "services", "KELVIN", "k_9 K_9 k_99 xk_9 k_9\xc2\xa0k_9\xe2\x84\xaa",
        "kelvin\xe2\x84\xaa" "elvin \xe2\x84\xaa" "ELVIN. kelvi\xc3\xb1",
        "-SERVICES-Services-servicez-\tservices\n", NULL
    };
    char                rules[256];
    int                 caseless;
    size_t              i, k, j, n, want[64];
    gots_t             *g;
    art_mod_conf_t      c;
    art_mod_scanner_t  *s;

    for (i = 0; pats[i]; i++) {
        for (caseless = 0; caseless <= 1; caseless++) {
            snprintf(rules, sizeof(rules), "flag /%s/%s\n", pats[i],
                     caseless ? "i" : "");
            load_ok(&c, rules);
            s = art_mod_scanner_create(&art_malloc_allocator, &c);
            ck_assert_ptr_nonnull(s);

            for (k = 0; texts[k]; k++) {
                n = pcre2_spans(pats[i], caseless, texts[k], want, 32);
                g = scan(s, texts[k], strlen(texts[k]));

                ck_assert_msg(g->n == n, "/%s/%s on \"%s\": %zu matches, "
                              "PCRE2 alone %zu", pats[i],
                              caseless ? "i" : "", texts[k], g->n, n);

                for (j = 0; j < n; j++) {
                    ck_assert_msg(g->m[j].start == want[2 * j]
                                  && g->m[j].end == want[2 * j + 1],
                                  "/%s/%s on \"%s\": match %zu at [%zu, "
                                  "%zu), PCRE2 alone [%zu, %zu)", pats[i],
                                  caseless ? "i" : "", texts[k], j,
                                  g->m[j].start, g->m[j].end, want[2 * j],
                                  want[2 * j + 1]);
                }
            }

            art_mod_scanner_destroy(s);
            art_mod_conf_free(&c);
        }
    }

    /* text of white space alone, skipped unless a rule finds some */
    load_ok(&c, "mask /foo/\n");
    ck_assert_str_eq(apply(&c, " \n\t  \r\n "), " \n\t  \r\n ");
    art_mod_conf_free(&c);
    load_ok(&c, "mask /foo/\nreplace /[ ]{2}/ \"_\"\n");
    ck_assert_str_eq(apply(&c, "     "), "__ ");
    art_mod_conf_free(&c);
    load_ok(&c, "mask /foo/\nreplace /\\s{3,}/ \"_\"\n");
    ck_assert_str_eq(apply(&c, "\n\t \n"), "_");
    art_mod_conf_free(&c);

    /* whole words, and a replacement made of the groups */
    load_ok(&c, "mask /cat|category/iw\n"
                "replace /(ab)(c)?/ \"[$2$1]\"\n");
    ck_assert_str_eq(apply(&c, "category cat cats Cat ab abc xabcx"),
                     "******** *** cats *** [ab] [cab] x[cab]x");
    art_mod_conf_free(&c);
}
END_TEST


/*
 * \bWORD\b rules are decided where the literal automaton finds WORD when
 * the text around it is ASCII, and left to PCRE2 elsewhere: with several
 * such rules, places of one rule on both sides of that line in one text,
 * and every action, the matches are those of the same rules written so
 * that PCRE2 decides every place (\b(?:WORD)\b).
 */
START_TEST(test_word_rules_mixed)
{
    static const char  *direct =
        "mask /\\bcat\\b/i\n"
        "flag /\\bcat\\b/\n"
        "replace /\\bdog\\b/i \"[pet]\"\n"
        "block /\\bdogs\\b/i\n"
        "mask /\\bkelvin\\b/i\n"
        "flag /\\bservices\\b/i\n"
        "replace /\\bcat_9\\b/ \"[c9]\"\n";
    static const char  *pcre =
        "mask /\\b(?:cat)\\b/i\n"
        "flag /\\b(?:cat)\\b/\n"
        "replace /\\b(?:dog)\\b/i \"[pet]\"\n"
        "block /\\b(?:dogs)\\b/i\n"
        "mask /\\b(?:kelvin)\\b/i\n"
        "flag /\\b(?:services)\\b/i\n"
        "replace /\\b(?:cat_9)\\b/ \"[c9]\"\n";
    static const char  *texts[] = {
        "cat",
        "cat dog dogs CAT Dog DOGS cats xcat cat_ 9cat cat9",
        "\xc3\xa9" "cat cat\xc3\xa9 cat \xc3\xa9" "cat Cat cat\xc2\xa0",
        "dog\xc3\xa9 dog \xe2\x80\x94" "dog\xe2\x80\x94 DOG dogs\xc3\xa9 dogs",
        "\xe2\x84\xaa" "elvin kelvin KELVIN\xe2\x84\xaa kelvin \xe2\x84\xaa"
        "ELVIN.",
        "\xc5\xbf" "ervices services SERVICES \xc5\xbf" "ervices\xc3\xa9 "
        "-services-",
        "cat_9 cat_9\xc3\xa9 \xc3\xa9" "cat_9 CAT_9 cat_9 cat cat_9",
        "dog-dog dog\xc3\xa9" "dog dog\tdog\ncat", NULL
    };
    size_t              i, j, len;
    gots_t              want, *g;
    art_mod_conf_t      c1, c2;
    art_mod_scanner_t  *s1, *s2;
    art_mod_counts_t    n1;
    const art_mod_counts_t  *n2;

    load_ok(&c1, direct);
    load_ok(&c2, pcre);
    s1 = art_mod_scanner_create(&art_malloc_allocator, &c1);
    s2 = art_mod_scanner_create(&art_malloc_allocator, &c2);
    ck_assert_ptr_nonnull(s1);
    ck_assert_ptr_nonnull(s2);

    for (i = 0; texts[i]; i++) {
        len = strlen(texts[i]);
        want = *scan(s2, texts[i], len);
        g = scan(s1, texts[i], len);

        ck_assert_msg(g->n == want.n, "\"%s\": %zu matches, %zu with PCRE2 "
                      "alone", texts[i], g->n, want.n);

        for (j = 0; j < want.n; j++) {
            ck_assert_msg(g->m[j].start == want.m[j].start
                          && g->m[j].end == want.m[j].end
                          && g->m[j].line == want.m[j].line
                          && g->m[j].apply == want.m[j].apply
                          && strcmp(g->m[j].repl, want.m[j].repl) == 0,
                          "\"%s\": match %zu: [%zu, %zu) line %u \"%s\", "
                          "PCRE2 alone [%zu, %zu) line %u \"%s\"", texts[i],
                          j, g->m[j].start, g->m[j].end, g->m[j].line,
                          g->m[j].repl, want.m[j].start, want.m[j].end,
                          want.m[j].line, want.m[j].repl);
        }
    }

    n1 = *art_mod_counts(s1);
    n2 = art_mod_counts(s2);
    ck_assert_uint_eq(n1.mask, n2->mask);
    ck_assert_uint_eq(n1.replace, n2->replace);
    ck_assert_uint_eq(n1.flag, n2->flag);
    ck_assert_uint_eq(n1.block, n2->block);
    /* the places above are not all of one kind */
    ck_assert_uint_gt(n1.mask, 10);
    ck_assert_uint_gt(n1.block, 2);

    art_mod_scanner_destroy(s1);
    art_mod_scanner_destroy(s2);
    art_mod_conf_free(&c1);
    art_mod_conf_free(&c2);

    /* é is a word character, a no-break space is not */
    expect_apply(direct, "cat \xc3\xa9" "cat dog\xc3\xa9 Dog\xc2\xa0" "cat "
                 "cat_9 \xe2\x84\xaa" "ELVIN",
                 "*** \xc3\xa9" "cat dog\xc3\xa9 [pet]\xc2\xa0*** [c9] "
                 "******");
}
END_TEST


/* a run of white space: mixed (0), indentation (1), spaces (2) */
static void
space_run(char *text, size_t len, int kind)
{
    static const char  ws[] = " \n\t\r\f";
    size_t             i;

    for (i = 0; i < len; i++) {
        text[i] = kind == 0 ? ws[(i * 7 + len) % 5]
                            : kind == 1 && i == 0 ? '\n' : ' ';
    }
}


/*
 * Runs of white space are passed over without a scan, eight bytes at a
 * time: one byte that is not white space (control characters next to
 * it, a no-break space) anywhere in runs of every length is still found.
 */
START_TEST(test_space_runs)
{
    static const char  *odd[] = {
        "\x01", "\x08", "\x0b", "\x0e", "\x1f", "!", "\x7f", "a",
        "\xc2\xa0", NULL
    };
    char                text[64];
    int                 kind;
    size_t              len, pos, k, n;
    gots_t             *g;
    art_mod_conf_t      c;
    art_mod_scanner_t  *s;

    /* the bytes as they are: literals, which no rule runs without */
    load_ok(&c, "flag /\x01/\nflag /\x08/\nflag /\x0b/\nflag /\x0e/\n"
                "flag /\x1f/\nflag /!/\nflag /\x7f/\nflag /a/\n"
                "flag /\xc2\xa0/\n");
    s = art_mod_scanner_create(&art_malloc_allocator, &c);
    ck_assert_ptr_nonnull(s);

    /* mixed, indentation (told apart more quickly), spaces alone */
    for (kind = 0; kind < 3; kind++) {
        for (len = 1; len <= 40; len++) {
            space_run(text, len, kind);

            g = scan(s, text, len);
            ck_assert_uint_eq(g->n, 0);

            for (k = 0; odd[k]; k++) {
                n = strlen(odd[k]);

                for (pos = 0; pos + n <= len; pos++) {
                    space_run(text, len, kind);
                    memcpy(text + pos, odd[k], n);

                    g = scan(s, text, len);
                    ck_assert_msg(g->n == 1 && g->m[0].start == pos
                                  && g->m[0].end == pos + n
                                  && g->m[0].line == k + 1,
                                  "kind %d, byte %zu of %zu: %zu matches",
                                  kind, pos, len, g->n);
                }
            }
        }
    }

    art_mod_scanner_destroy(s);
    art_mod_conf_free(&c);
}
END_TEST


/*
 * Matches of many rules, and of rules with literals of other lengths,
 * found out of order and sorted: by start, the longest first, then the
 * rule; more than a handful too.
 */
START_TEST(test_match_order)
{
    static const char  *pats[] = {
        "xyzzy|zz", "yz", "y", "abcdef|cde|bcdefg", "c", "abc", NULL
    };
    static const char  *texts[] = {
        "xyzzy", "abcdefg", "zz yz y xyzzy", "bcdefg abcdef cde",
        "xyzzy abcdefg xyzzy abcdefg xyzzy abcdefg",
        "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyzz", NULL
    };
    char                rules[256];
    size_t              i, j, k, n, t, want[128], ref[64][3], tmp[3];
    gots_t             *g;
    art_mod_conf_t      c;
    art_mod_scanner_t  *s;

    rules[0] = '\0';
    for (i = 0; pats[i]; i++) {
        snprintf(rules + strlen(rules), sizeof(rules) - strlen(rules),
                 "flag /%s/\n", pats[i]);
    }

    load_ok(&c, rules);
    s = art_mod_scanner_create(&art_malloc_allocator, &c);
    ck_assert_ptr_nonnull(s);

    for (t = 0; texts[t]; t++) {
        n = 0;

        for (i = 0; pats[i]; i++) {
            k = pcre2_spans(pats[i], 0, texts[t], want, 64);

            for (j = 0; j < k; j++) {
                ck_assert_uint_lt(n, 64);
                ref[n][0] = want[2 * j];
                ref[n][1] = want[2 * j + 1];
                ref[n][2] = i + 1;
                n++;
            }
        }

        /* by start, the longest first, then the rule */
        for (i = 1; i < n; i++) {
            for (j = i; j > 0; j--) {
                if (ref[j - 1][0] < ref[j][0]
                    || (ref[j - 1][0] == ref[j][0]
                        && (ref[j - 1][1] > ref[j][1]
                            || (ref[j - 1][1] == ref[j][1]
                                && ref[j - 1][2] < ref[j][2]))))
                {
                    break;
                }

                memcpy(tmp, ref[j], sizeof(tmp));
                memcpy(ref[j], ref[j - 1], sizeof(tmp));
                memcpy(ref[j - 1], tmp, sizeof(tmp));
            }
        }

        g = scan(s, texts[t], strlen(texts[t]));
        ck_assert_msg(g->n == n, "\"%s\": %zu matches, %zu expected",
                      texts[t], g->n, n);

        for (i = 0; i < n; i++) {
            ck_assert_msg(g->m[i].start == ref[i][0]
                          && g->m[i].end == ref[i][1]
                          && g->m[i].line == ref[i][2],
                          "\"%s\": match %zu [%zu, %zu) rule %u, expected "
                          "[%zu, %zu) rule %zu", texts[t], i, g->m[i].start,
                          g->m[i].end, g->m[i].line, ref[i][0], ref[i][1],
                          ref[i][2]);
        }
    }

    art_mod_scanner_destroy(s);
    art_mod_conf_free(&c);
}
END_TEST


static Suite *
moderation_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("moderation");

    tc = tcase_create("rules");
    tcase_add_checked_fixture(tc, NULL, cleanup);
    tcase_add_test(tc, test_parse_ok);
    tcase_add_test(tc, test_parse_errors);
    tcase_add_test(tc, test_parse_words_errors);
    tcase_add_test(tc, test_parse_unreadable);
    tcase_add_test(tc, test_directives);
    tcase_add_test(tc, test_defaults);
    suite_add_tcase(s, tc);

    tc = tcase_create("scan");
    tcase_add_checked_fixture(tc, NULL, cleanup);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_mask);
    tcase_add_test(tc, test_replace);
    tcase_add_test(tc, test_replace_plain);
    tcase_add_test(tc, test_flag_block_counts);
    tcase_add_test(tc, test_overlaps);
    tcase_add_test(tc, test_report_mode);
    tcase_add_test(tc, test_callback_stop);
    tcase_add_test(tc, test_empty_matches);
    tcase_add_test(tc, test_flag_i);
    tcase_add_test(tc, test_flag_w);
    tcase_add_test(tc, test_literal_rules);
    tcase_add_test(tc, test_word_rules_mixed);
    tcase_add_test(tc, test_space_runs);
    tcase_add_test(tc, test_match_order);
    tcase_add_test(tc, test_invalid_utf8_text);
    tcase_add_test(tc, test_persian_arabic_words);
    tcase_add_test(tc, test_cjk_words);
    tcase_add_test(tc, test_words_case_folding);
    tcase_add_test(tc, test_words_actions);
    tcase_add_test(tc, test_words_shapes);
    tcase_add_test(tc, test_words_10000);
    tcase_add_test(tc, test_prefilter_sound);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    return art_test_run(moderation_suite());
}
