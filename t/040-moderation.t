# Moderation (article_moderation and its directives): rule files that
# mask, replace, flag or block what a reader of the page would see, and
# only that: never tags, attributes (unless chosen), scripts, styles,
# comments or URLs; the title too, and what the share bar and the metadata
# carry of it; a 451 for a blocked page; counts in the log and in
# $article_moderation; start-up errors that name the rule's file and line.
use Test::Nginx::Socket 'no_plan';

# A page of N paragraphs of filler, so that it spans many proxy buffers.
sub main::filler {
    my $n = shift;
    return join('', map { "<p>filler paragraph $_ of the page, plain words only.</p>\n" } 1 .. $n);
}

# The title of a page, the og:title of its metadata and the text the X
# share link would post, decoded: one a line.
sub main::titles {
    my $body = shift;
    my ($title) = $body =~ m{<title>(.*?)</title>}s;
    my ($og) = $body =~ m{<meta property="og:title" content="([^"]*)"};
    my ($x) = $body =~ m{https://x\.com/intent/tweet\?text=([^&"]*)};
    for ($title, $og, $x) { $_ = 'none' unless defined $_ }
    $x =~ s/%([0-9A-F]{2})/chr(hex($1))/ge;
    return "title: $title\nog: $og\nx: $x\n";
}

# The 451 page of the module's own.
our $blocked_page = "<!DOCTYPE html>\r\n<html><head><meta charset=\"utf-8\">"
    . "<title>451 Unavailable For Legal Reasons</title></head>\r\n"
    . "<body><h1>451 Unavailable For Legal Reasons</h1></body></html>\r\n";

# A master and a worker, as in production: the reload block sends the
# master a HUP (a reload without a master is not one nginx supports well)
# and looks for it in the log of the whole block.
master_on();
check_accum_error_log();
no_shuffle();
run_tests();

__DATA__

=== TEST 1: no article_moderation: nothing is moderated, nothing logged
--- config
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files
>>> p.html
<html><body><p>darn it</p></body></html>
--- request
GET /s/p.html
--- response_body
<html><body><p>darn it</p></body></html>
--- no_error_log
article: moderation
[error]



=== TEST 2: mask: one * per character; one info line names the rules' files and lines, not the text
--- config
    location /s/ {
        article on;
        article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.rules
# words a reader should not see
mask /darn/i

mask /heck+/
>>> p.html
<html><body><p>Darn it, darn it all to heckkk, darnation.</p></body></html>
--- request
GET /s/p.html
--- response_body
<html><body><p>**** it, **** it all to ******, ****ation.</p></body></html>
--- error_log eval
qr{\[info\] .*article: moderation mask=4 replace=0 flag=0 block=0, rules: \S*/html/a\.rules:2 \S*/html/a\.rules:4 while}
--- grep_error_log: article: moderation
--- grep_error_log_out
article: moderation
--- no_error_log eval
[qr{\[(?:info|notice|warn|error)\].*(?:heckkk|Darn it)}, "[error]"]



=== TEST 3: mask with w: whole Persian and Arabic words, one * per code point
--- config
    location /s/ {
        article on;
        article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.rules
mask /کتاب/w
mask /سيء/w
>>> p.html
<html><body><p>کتاب خوب، کتاب‌ها، کتابخانه، (کتاب)</p><p>هذا سيء جدا، والسيئة، سيء.</p></body></html>
--- request
GET /s/p.html
--- response_body
<html><body><p>**** خوب، کتاب‌ها، کتابخانه، (****)</p><p>هذا *** جدا، والسيئة، ***.</p></body></html>
--- error_log
article: moderation mask=4 replace=0 flag=0 block=0
--- no_error_log
[error]



=== TEST 4: replace: $1 from the match, the replacement escaped as text
--- config
    location /s/ {
        article on;
        article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.rules
replace /(\w+)@example\.org/  "$1 <at> example"
replace /colou?r/i            "hue"
>>> p.html
<html><body><p>Write to anna@example.org about the Colour.</p></body></html>
--- request
GET /s/p.html
--- response_body
<html><body><p>Write to anna &lt;at&gt; example about the hue.</p></body></html>
--- error_log eval
qr{article: moderation mask=0 replace=2 flag=0 block=0, rules: \S*/a\.rules:1 \S*/a\.rules:2 while}
--- no_error_log
[error]



=== TEST 5: flag: the page is unchanged, counted in the info line and $article_moderation
--- http_config
    log_format mod '$request_uri moderation="$article_moderation"';
--- config
    access_log $TEST_NGINX_SERVER_ROOT/logs/access.log mod;
    location /s/ {
        article on;
        article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.rules
flag /lottery/i
mask /darn/
>>> p.html
<html><body><p>Lottery win! The lottery pays.</p></body></html>
--- request
GET /s/p.html
--- response_body
<html><body><p>Lottery win! The lottery pays.</p></body></html>
--- error_log eval
qr{article: moderation mask=0 replace=0 flag=2 block=0, rules: \S*/a\.rules:1 while}
--- access_log
/s/p.html moderation="mask=0 replace=0 flag=2 block=0"
--- no_error_log
[error]



=== TEST 6: $article_moderation counts every action of the page
--- http_config
    log_format mod '$request_uri moderation="$article_moderation"';
--- config
    access_log $TEST_NGINX_SERVER_ROOT/logs/access.log mod;
    location /s/ {
        article on;
        article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.rules
mask /darn/
replace /heck/ "h."
flag /lottery/
>>> p.html
<html><body><p>darn darn darn heck lottery</p></body></html>
--- request
GET /s/p.html
--- response_body
<html><body><p>**** **** **** h. lottery</p></body></html>
--- access_log
/s/p.html moderation="mask=3 replace=1 flag=1 block=0"
--- no_error_log
[error]



=== TEST 7: block: 451 with the built-in page, no Link without blocked_by
--- config
    location /s/ {
        article on;
        article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.rules
block /forbidden secret/i
>>> p.html
<html><body><p>The Forbidden Secret is out.</p></body></html>
--- request
GET /s/p.html
--- error_code: 451
--- response_headers
Content-Type: text/html
!Link
--- response_body eval
$::blocked_page
--- error_log eval
[qr{article: moderation mask=0 replace=0 flag=0 block=1, rules: \S*/a\.rules:1 while},
 "article: page blocked by moderation rules"]
--- no_error_log
[error]



=== TEST 8: block: the operator's page and Link rel=blocked-by
--- config
    location /s/ {
        article on;
        article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
        article_moderation_block_page $TEST_NGINX_SERVER_ROOT/html/blocked.html;
        article_moderation_blocked_by https://authority.example/orders/17;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.rules
block /forbidden secret/i
>>> blocked.html
<html><body><p>Withheld by court order.</p></body></html>
>>> p.html
<html><body><p>The forbidden secret is out.</p></body></html>
--- request
GET /s/p.html
--- error_code: 451
--- response_headers
Content-Type: text/html
Content-Length: 58
Link: <https://authority.example/orders/17>; rel="blocked-by"
--- response_body
<html><body><p>Withheld by court order.</p></body></html>
--- no_error_log
[error]



=== TEST 9: a location with block rules holds the page: a match at the end of a long proxied page
--- config
    location /origin/ { alias html/; default_type text/html; }
    location /p/ {
        article on;
        article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
        article_moderation_blocked_by https://authority.example/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
        proxy_buffer_size 1k;
        proxy_buffers 4 1k;
        output_buffers 1 1k;
    }
--- user_files eval
[["a.rules", "block /forbidden secret/\n"],
 ["p.html", "<html><body>\n" . main::filler(300) . "<p>the forbidden secret</p></body></html>\n"]]
--- request
GET /p/p.html
--- error_code: 451
--- response_headers
Link: <https://authority.example/>; rel="blocked-by"
--- response_body eval
$::blocked_page
--- no_error_log
[error]



=== TEST 10: a location with block rules whose page has no match: 200, the page whole
--- config
    location /origin/ { alias html/; default_type text/html; }
    location /p/ {
        article on;
        article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
        proxy_buffer_size 1k;
        proxy_buffers 4 1k;
        output_buffers 1 1k;
    }
--- user_files eval
[["a.rules", "block /forbidden secret/\nmask /darn/\n"],
 ["p.html", "<html><body>\n" . main::filler(300) . "<p>darn secret</p></body></html>\n"]]
--- request
GET /p/p.html
--- response_headers
!Link
--- response_body eval
"<html><body>\n" . main::filler(300) . "<p>**** secret</p></body></html>\n"
--- no_error_log
[error]
page blocked



=== TEST 11: words lists: mask and flag; whole words, caseless with Unicode case folding
--- config
    location /s/ {
        article on;
        article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.rules
words mask lists/mask.txt
words flag lists/flag.txt
>>> lists/mask.txt
école
  привет  
ΟΔΌΣ
>>> lists/flag.txt
casino
>>> p.html
<html><body><p>ÉCOLE, écoles, Привет мир, приветствие, οδός, Casino!</p></body></html>
--- request
GET /s/p.html
--- response_body
<html><body><p>*****, écoles, ****** мир, приветствие, ****, Casino!</p></body></html>
--- error_log eval
qr{article: moderation mask=3 replace=0 flag=1 block=0, rules: \S*/a\.rules:1 \S*/a\.rules:2 while}
--- no_error_log
[error]



=== TEST 12: words list block: a whole word in any case answers 451, a longer word does not
--- config
    location /s/ {
        article on;
        article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.rules
words block lists/block.txt
>>> lists/block.txt
Verboten
>>> q.html
<html><body><p>Das ist VERBOTEN.</p></body></html>
>>> r.html
<html><body><p>Verbotene Worte.</p></body></html>
--- request eval
["GET /s/q.html", "GET /s/r.html"]
--- error_code eval
[451, 200]
--- response_body eval
[$::blocked_page,
 "<html><body><p>Verbotene Worte.</p></body></html>\n"]
--- no_error_log
[error]



=== TEST 13: a word split across proxy buffers is still masked, all of it
--- config
    location /origin/ { alias html/; default_type text/html; }
    location /p/ {
        article on;
        article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
        proxy_buffering on;
        proxy_buffer_size 1k;
        proxy_buffers 4 1k;
        output_buffers 1 1k;
    }
--- user_files eval
[["a.rules", "mask /abominable/\nmask /مزخرف/w\n"],
 ["p.html", "<html><body><p>" . ("abominable " x 1500) . "</p><p>"
            . ("مزخرف " x 1500) . "</p></body></html>\n"]]
--- request
GET /p/p.html
--- response_body eval
"<html><body><p>" . ("********** " x 1500) . "</p><p>" . ("***** " x 1500) . "</p></body></html>\n"
--- error_log
mask=3000 replace=0 flag=0 block=0
--- no_error_log
[error]



=== TEST 14: character references are decoded; the whole source span is masked
--- config
    location /s/ {
        article on;
        article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.rules
mask /darn/
replace /café/ "tea room"
>>> p.html
<html><body><p>d&#97;rn, &#x64;&#x61;&#x72;&#x6E;, caf&eacute;, d&amp;rn</p></body></html>
--- request
GET /s/p.html
--- response_body
<html><body><p>****, ****, tea room, d&amp;rn</p></body></html>
--- error_log
mask=2 replace=1 flag=0 block=0
--- no_error_log
[error]



=== TEST 15: nothing matches across an element boundary
--- config
    location /s/ {
        article on;
        article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.rules
mask /darn/
mask /bad word/
>>> p.html
<html><body><p>da<b>r</b>n, <i>da</i>rn, bad<br>word, bad <em>word</em></p><p>da</p><p>rn</p></body></html>
--- request
GET /s/p.html
--- response_body
<html><body><p>da<b>r</b>n, <i>da</i>rn, bad<br>word, bad <em>word</em></p><p>da</p><p>rn</p></body></html>
--- no_error_log
article: moderation
[error]



=== TEST 16: scripts, styles, comments, attributes and URLs are left alone
--- config
    location /s/ {
        article on;
        article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.rules
mask /darn/
block /forbidden/
>>> p.html
<html><head><style>.darn::after { content: "forbidden"; }</style><script>var darn = "forbidden";</script></head><body><!-- darn forbidden --><p class="darn" title="darn" data-x="forbidden"><a href="/darn/forbidden?q=darn">link</a> <img alt="darn" src="/forbidden.png"></p><p>darn</p></body></html>
--- request
GET /s/p.html
--- response_body
<html><head><style>.darn::after { content: "forbidden"; }</style><script>var darn = "forbidden";</script></head><body><!-- darn forbidden --><p class="darn" title="darn" data-x="forbidden"><a href="/darn/forbidden?q=darn">link</a> <img alt="darn" src="/forbidden.png"></p><p>****</p></body></html>
--- error_log
mask=1 replace=0 flag=0 block=0
--- no_error_log
page blocked
[error]



=== TEST 17: article_moderation_attrs: the chosen attributes are moderated, no others
--- config
    location /s/ {
        article on;
        article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
        article_moderation_attrs alt title;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.rules
mask /darn/i
replace /(\w+) & co/ "$1 and partners"
>>> p.html
<html><body><img alt="Darn it" src="/darn.png" data-darn="darn"><a title="d&#97;rn Smith &amp; co" href="/darn">x</a><span title='no match'>y</span></body></html>
--- request
GET /s/p.html
--- response_body
<html><body><img alt="**** it" src="/darn.png" data-darn="darn"><a title="**** Smith and partners" href="/darn">x</a><span title='no match'>y</span></body></html>
--- error_log
mask=2 replace=1 flag=0 block=0
--- no_error_log
[error]



=== TEST 18: the title is moderated, and the share bar and metadata carry the moderated title
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_share x;
        article_metadata on;
        article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.rules
mask /darn/i
replace /ferry/i "boat"
>>> p.html
<html><head><title>Darn ferry - The Post</title></head><body><article><h1>Darn ferry</h1><p>Text.</p></article></body></html>
--- request
GET /s/p.html
--- response_body_filters eval
\&main::titles
--- response_body
title: **** boat - The Post
og: **** boat - The Post
x: **** boat - The Post
--- no_error_log
[error]



=== TEST 19: a page whose charset is not UTF-8 is not moderated, with one info line
--- config
    location /latin/ {
        article on;
        article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
        alias html/;
        types { }
        default_type "text/html; charset=iso-8859-1";
    }
    location /origin/ { alias html/; charset iso-8859-1; }
    location /p/ {
        article on;
        article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
--- user_files
>>> a.rules
mask /darn/
>>> p.html
<html><body><p>darn</p></body></html>
--- request eval
["GET /latin/p.html", "GET /p/p.html"]
--- response_headers eval
["Content-Type: text/html; charset=iso-8859-1",
 "Content-Type: text/html; charset=iso-8859-1"]
--- response_body eval
["<html><body><p>darn</p></body></html>\n",
 "<html><body><p>darn</p></body></html>\n"]
--- error_log eval
qr{\[info\] .*article: the page's charset is not UTF-8, moderation skipped}
--- no_error_log
article: moderation mask
[error]



=== TEST 20: a <meta charset> other than UTF-8 stops moderation too, with the info line
--- config
    location /s/ {
        article on;
        article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.rules
mask /darn/
>>> w.html
<html><head><meta charset="windows-1252"></head><body><p>darn</p></body></html>
--- request
GET /s/w.html
--- response_body
<html><head><meta charset="windows-1252"></head><body><p>darn</p></body></html>
--- error_log
article: the page's charset is not UTF-8, moderation skipped
--- no_error_log
article: moderation mask
[error]



=== TEST 21: a <meta http-equiv> naming UTF-8 keeps moderation on
--- config
    location /s/ {
        article on;
        article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.rules
mask /darn/
>>> u.html
<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head><body><p>darn</p></body></html>
--- request
GET /s/u.html
--- response_body
<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head><body><p>****</p></body></html>
--- error_log
article: moderation mask=1 replace=0 flag=0 block=0
--- no_error_log
moderation skipped
[error]



=== TEST 22: invalid UTF-8 in the page does not stop matching
--- config
    location /s/ {
        article on;
        article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["a.rules", "mask /darn/\n"],
 ["p.html", "<html><body><p>\xff darn \xc3 darn\xfe</p></body></html>\n"]]
--- request
GET /s/p.html
--- response_body eval
"<html><body><p>\xff **** \xc3 ****\xfe</p></body></html>\n"
--- no_error_log
[error]



=== TEST 23: article_moderation_mode report: nothing changes, not even a block; all is counted
--- http_config
    log_format mod '$request_uri moderation="$article_moderation"';
--- config
    access_log $TEST_NGINX_SERVER_ROOT/logs/access.log mod;
    location /s/ {
        article on;
        article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
        article_moderation_mode report;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.rules
mask /darn/
replace /heck/ "h."
flag /lottery/
block /forbidden/
>>> p.html
<html><body><p>darn heck lottery forbidden</p></body></html>
--- request
GET /s/p.html
--- response_body
<html><body><p>darn heck lottery forbidden</p></body></html>
--- error_log eval
qr{article: moderation mask=1 replace=1 flag=1 block=1, rules: \S*/a\.rules:1 \S*/a\.rules:2 \S*/a\.rules:3 \S*/a\.rules:4 while}
--- access_log
/s/p.html moderation="mask=1 replace=1 flag=1 block=1"
--- no_error_log
page blocked
[error]



=== TEST 24: article_moderation_mode enforce in a location overrides report at the server
--- config
    article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
    article_moderation_mode report;
    location /report/ { article on; alias html/; default_type text/html; }
    location /enforce/ {
        article on;
        article_moderation_mode enforce;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.rules
mask /darn/
>>> p.html
<html><body><p>darn</p></body></html>
--- request eval
["GET /report/p.html", "GET /enforce/p.html"]
--- response_body eval
["<html><body><p>darn</p></body></html>\n",
 "<html><body><p>****</p></body></html>\n"]
--- error_log
mask=1 replace=0 flag=0 block=0
--- no_error_log
[error]



=== TEST 25: article_moderation with several files: the rules of all of them apply
--- config
    location /s/ {
        article on;
        article_moderation $TEST_NGINX_SERVER_ROOT/html/one.rules $TEST_NGINX_SERVER_ROOT/html/two.rules;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> one.rules
mask /darn/
>>> two.rules
# second file
replace /heck/ "h."
>>> p.html
<html><body><p>darn heck</p></body></html>
--- request
GET /s/p.html
--- response_body
<html><body><p>**** h.</p></body></html>
--- error_log eval
qr{mask=1 replace=1 flag=0 block=0, rules: \S*/one\.rules:1 \S*/two\.rules:2 while}
--- no_error_log
[error]



=== TEST 26: rules set at the server apply in a location, article_moderation off in an inner one
--- config
    article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
    location /s/ {
        article on;
        alias html/;
        default_type text/html;
        location /s/raw/ {
            article on;
            article_moderation off;
            alias html/;
            default_type text/html;
        }
    }
--- user_files
>>> a.rules
mask /darn/
>>> p.html
<html><body><p>darn</p></body></html>
--- request eval
["GET /s/p.html", "GET /s/raw/p.html"]
--- response_body eval
["<html><body><p>****</p></body></html>\n",
 "<html><body><p>darn</p></body></html>\n"]
--- no_error_log
[error]



=== TEST 27: article_moderation_oversize pass (default): an unknown-length page grows past article_max_size; the rest passes as it is
--- config
    location /origin/ { alias html/; default_type text/html; ssi on; }
    location /p/ {
        article on;
        article_max_size 2k;
        article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
        proxy_buffer_size 1k;
        proxy_buffers 4 1k;
        output_buffers 1 1k;
    }
--- user_files eval
[["a.rules", "block /forbidden/\nmask /darn/\n"],
 ["p.html", "<html><body><p>darn</p>\n" . main::filler(100) . "<p>darn forbidden</p></body></html>\n"]]
--- request
GET /p/p.html
--- response_body eval
"<html><body><p>****</p>\n" . main::filler(100) . "<p>darn forbidden</p></body></html>\n"
--- error_log
article: response grew over article_max_size, the rest is passed through unchanged
--- no_error_log
page blocked
[error]



=== TEST 28: article_moderation_oversize block: an unknown-length page past article_max_size answers 451
--- config
    location /origin/ { alias html/; default_type text/html; ssi on; }
    location /p/ {
        article on;
        article_max_size 2k;
        article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
        article_moderation_oversize block;
        article_moderation_blocked_by https://authority.example/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
        proxy_buffer_size 1k;
        proxy_buffers 4 1k;
        output_buffers 1 1k;
        proxy_read_timeout 1s;
    }
--- user_files eval
[["a.rules", "block /forbidden/\nmask /darn/\n"],
 ["p.html", "<html><body><p>darn</p>\n" . main::filler(100) . "<p>nothing to block here</p></body></html>\n"]]
--- request
GET /p/p.html
--- error_code: 451
--- response_headers
Link: <https://authority.example/>; rel="blocked-by"
--- response_body eval
$::blocked_page
--- error_log
article: response grew over article_max_size, the rest is passed through unchanged
article: page blocked by moderation rules
--- no_error_log
[error]



=== TEST 29: oversize pass does not serve a page whose scanned part matched a block rule
--- config
    location /origin/ { alias html/; default_type text/html; ssi on; }
    location /p/ {
        article on;
        article_max_size 2k;
        article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
        proxy_buffer_size 1k;
        proxy_buffers 4 1k;
        output_buffers 1 1k;
        proxy_read_timeout 1s;
    }
--- user_files eval
[["a.rules", "block /forbidden/\n"],
 ["p.html", "<html><body><p>the forbidden secret</p>\n" . main::filler(100) . "</body></html>\n"]]
--- request
GET /p/p.html
--- error_code: 451
--- response_body eval
$::blocked_page
--- error_log
article: page blocked by moderation rules
--- no_error_log
[error]



=== TEST 30: a page of known length past article_max_size: passed with pass, 451 with block
--- config
    location /pass/ {
        article on;
        article_max_size 1k;
        article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
        alias html/;
        default_type text/html;
    }
    location /block/ {
        article on;
        article_max_size 1k;
        article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
        article_moderation_oversize block;
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["a.rules", "block /forbidden/\nmask /darn/\n"],
 ["p.html", "<html><body><p>darn</p>\n" . main::filler(40) . "<p>darn forbidden</p></body></html>\n"]]
--- request eval
["GET /pass/p.html", "GET /block/p.html"]
--- error_code eval
[200, 451]
--- response_headers eval
["Content-Length: " . length("<html><body><p>darn</p>\n" . main::filler(40) . "<p>darn forbidden</p></body></html>\n"),
 "Content-Length: " . length($::blocked_page)]
--- response_body eval
["<html><body><p>darn</p>\n" . main::filler(40) . "<p>darn forbidden</p></body></html>\n",
 $::blocked_page]
--- no_error_log
[error]



=== TEST 31: a rule that does not compile fails start-up: file, line, the PCRE2 message and offset
--- config
    article_moderation $TEST_NGINX_SERVER_ROOT/html/good.rules $TEST_NGINX_SERVER_ROOT/html/bad.rules;
    location /t { return 200; }
--- user_files
>>> good.rules
mask /darn/
>>> bad.rules
# a pattern with an unbalanced group
mask /darn/

replace /(da(rn)/ "x"
--- must_die
--- suppress_stderr
--- error_log eval
qr{\[emerg\] \d+#\d+: \S*/html/bad\.rules:4: pattern "/\(da\(rn\)/" does not compile: missing closing parenthesis at offset 7 in \S*/conf/nginx\.conf:\d+$}



=== TEST 32: a bad flag fails start-up with the file and line
--- config
    article_moderation $TEST_NGINX_SERVER_ROOT/html/bad.rules;
    location /t { return 200; }
--- user_files
>>> bad.rules
mask /darn/x
--- must_die
--- suppress_stderr
--- error_log eval
qr{\[emerg\] \d+#\d+: \S*/html/bad\.rules:1: bad flag "x" after "/darn/": flags are i, w and u in \S*/conf/nginx\.conf:\d+$}



=== TEST 33: an unknown action fails start-up with the file and line
--- config
    article_moderation $TEST_NGINX_SERVER_ROOT/html/bad.rules;
    location /t { return 200; }
--- user_files
>>> bad.rules
mask /darn/
erase /heck/
--- must_die
--- suppress_stderr
--- error_log eval
qr{\[emerg\] \d+#\d+: \S*/html/bad\.rules:2: unknown action "erase" in \S*/conf/nginx\.conf:\d+$}



=== TEST 34: a pattern that can match nothing fails start-up
--- config
    article_moderation $TEST_NGINX_SERVER_ROOT/html/bad.rules;
    location /t { return 200; }
--- user_files
>>> bad.rules
mask /x*/
--- must_die
--- suppress_stderr
--- error_log eval
qr{\[emerg\] \d+#\d+: \S*/html/bad\.rules:1: pattern "/x\*/" can match an empty string in \S*/conf/nginx\.conf:\d+$}



=== TEST 35: a replacement naming a group the pattern lacks fails start-up
--- config
    article_moderation $TEST_NGINX_SERVER_ROOT/html/bad.rules;
    location /t { return 200; }
--- user_files
>>> bad.rules
replace /(da)rn/ "$2"
--- must_die
--- suppress_stderr
--- error_log eval
qr{\[emerg\] \d+#\d+: \S*/html/bad\.rules:1: the replacement refers to \$2, but the pattern has 1 group in \S*/conf/nginx\.conf:\d+$}



=== TEST 36: a words list that cannot be read fails start-up with the rule's file and line
--- config
    article_moderation $TEST_NGINX_SERVER_ROOT/html/bad.rules;
    location /t { return 200; }
--- user_files
>>> bad.rules
words mask lists/none.txt
--- must_die
--- suppress_stderr
--- error_log eval
qr{\[emerg\] \d+#\d+: \S*/html/bad\.rules:1: cannot read words file .*lists/none\.txt.* in \S*/conf/nginx\.conf:\d+$}



=== TEST 37: reload: a changed rule file applies after HUP; a request in flight finishes under the old rules
--- skip_eval: 12: $ENV{TEST_NGINX_USE_VALGRIND}
--- config
    location /s/ {
        article on;
        article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
        alias html/;
        default_type text/html;
        limit_rate 2k;
    }
--- user_files eval
[["a.rules", "mask /darn/\n"],
 ["p.html", "<html><body><p>darn heck</p>\n" . main::filler(100) . "<p>darn heck</p></body></html>\n"]]
--- init
# init runs even where skip_eval skips the block
return if $ENV{TEST_NGINX_USE_VALGRIND};
my $root = $ENV{TEST_NGINX_SERVER_ROOT};
open my $f, '>', "$root/html/a.rules" or die "a.rules: $!";
print $f "mask /heck/\n";
close $f;
open my $p, '<', "$root/logs/nginx.pid" or die "nginx.pid: $!";
my $pid = <$p>;
close $p;
chomp $pid;
# the first request takes about 3 s (limit_rate): HUP half a second in
system("(sleep 0.5; kill -HUP $pid) >/dev/null 2>&1 &") == 0 or die "HUP: $?";
--- request eval
["GET /s/p.html", "GET /s/p.html"]
--- response_body eval
["<html><body><p>**** heck</p>\n" . main::filler(100) . "<p>**** heck</p></body></html>\n",
 "<html><body><p>darn ****</p>\n" . main::filler(100) . "<p>darn ****</p></body></html>\n"]
--- error_log
signal 1 (SIGHUP) received
gracefully shutting down
--- no_error_log
[error]
[alert]
--- timeout: 10



=== TEST 38: reload with a rule file that no longer compiles: the error is logged, the old rules stay
--- skip_eval: 4: $ENV{TEST_NGINX_USE_VALGRIND}
--- config
    location /s/ {
        article on;
        article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.rules
mask /darn/
>>> p.html
<html><body><p>darn heck</p></body></html>
--- init
# init runs even where skip_eval skips the block
return if $ENV{TEST_NGINX_USE_VALGRIND};
my $root = $ENV{TEST_NGINX_SERVER_ROOT};
open my $f, '>', "$root/html/a.rules" or die "a.rules: $!";
print $f "mask /heck/\nmask /he(ck/\n";
close $f;
open my $p, '<', "$root/logs/nginx.pid" or die "nginx.pid: $!";
my $pid = <$p>;
close $p;
chomp $pid;
kill 'HUP', $pid or die "HUP: $!";
select undef, undef, undef, 1;
--- request
GET /s/p.html
--- response_body
<html><body><p>**** heck</p></body></html>
--- error_log eval
qr{\[emerg\] \d+#\d+: \S*/html/a\.rules:2: pattern "/he\(ck/" does not compile: missing closing parenthesis at offset 5 in \S*/conf/nginx\.conf:\d+$}
--- no_error_log
[error]



=== TEST 39: article_moderation_attrs and article_moderation_blocked_by set at the server, off in a location
--- config
    article_moderation $TEST_NGINX_SERVER_ROOT/html/a.rules;
    article_moderation_attrs alt;
    article_moderation_blocked_by https://authority.example/;
    location /s/ { article on; alias html/; default_type text/html; }
    location /off/ {
        article on;
        article_moderation_attrs off;
        article_moderation_blocked_by off;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.rules
mask /darn/
block /forbidden/
>>> p.html
<html><body><img alt="darn"></body></html>
>>> b.html
<html><body><p>forbidden</p></body></html>
--- request eval
["GET /s/p.html", "GET /off/p.html", "GET /s/b.html", "GET /off/b.html"]
--- error_code eval
[200, 200, 451, 451]
--- response_headers eval
["!Link", "!Link", "Link: <https://authority.example/>; rel=\"blocked-by\"", "!Link"]
--- response_body eval
["<html><body><img alt=\"****\"></body></html>\n",
 "<html><body><img alt=\"darn\"></body></html>\n",
 $::blocked_page, $::blocked_page]
--- no_error_log
[error]


=== TEST 40: the u flag is accepted and changes nothing: patterns and text are UTF-8 always, caseless across scripts, . one character
--- config
    location /s/ {
        article on;
        article_moderation $TEST_NGINX_SERVER_ROOT/html/u.rules;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> u.rules
mask /dárn/iu
mask /x.y/u
>>> p.html
<html><body><p>DÁRN it, xéy</p></body></html>
--- request
GET /s/p.html
--- response_body
<html><body><p>**** it, ***</p></body></html>
