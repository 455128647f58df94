# article_status: the counters of the rewriting and of each cache zone, as
# JSON and in the Prometheus text format.
use Test::Nginx::Socket 'no_plan';

our $Page = "<!DOCTYPE html><html><head><title>T</title></head>"
            . "<body><p>x</p></body></html>\n";

# "--- usage: J = I, K > I": the "used" of the cache zone in the status
# answer to request J is the same as in the one to request I, the one to
# request K shows more.
our %Used;

add_response_body_check(sub {
    my ($block, $body, $req_idx, $repeated_req_idx, $dry_run) = @_;

    my $spec = $block->usage;
    return unless defined $spec;

    my $name = $block->name;
    my ($used) = $body =~ /"used":(\d+)/;

    $Used{$name}[$req_idx] = $used;

    for my $cmp (split /\s*,\s*/, $spec) {
        my ($j, $op, $i) = $cmp =~ /^(\d+)\s*([=>])\s*(\d+)$/
            or die "bad usage spec \"$cmp\"";

        next unless $j == $req_idx;

        SKIP: {
            skip "$name - usage - tests skipped due to $dry_run", 1
                if $dry_run;

            if ($op eq '=') {
                is($used, $Used{$name}[$i],
                   "$name - the zone uses what it used at request $i");
            } else {
                cmp_ok($used, '>', $Used{$name}[$i],
                       "$name - the zone uses more than at request $i");
            }
        }
    }
});

# "--- bytes_out_sum: N": the bytes_out of the status answer to request N
# is the length of the pages answered before it.
our %Out;

add_response_body_check(sub {
    my ($block, $body, $req_idx, $repeated_req_idx, $dry_run) = @_;

    my $n = $block->bytes_out_sum;
    return unless defined $n;

    my $name = $block->name;

    if ($req_idx < $n) {
        $Out{$name} += length $body;
        return;
    }

    if ($req_idx == $n) {
        my ($out) = $body =~ /"bytes_out":(\d+)/;

        SKIP: {
            skip "$name - bytes_out_sum - tests skipped due to $dry_run", 1
                if $dry_run;

            is($out, $Out{$name}, "$name - bytes_out counts what was sent");
        }
    }
});

add_block_preprocessor(sub {
    my $block = shift;

    if (!defined $block->no_error_log) {
        $block->set_value('no_error_log', "[error]\n[alert]\n[crit]");
    }
});

no_shuffle();
no_long_string();
run_tests();

__DATA__

=== TEST 1: the counters exist without any cache zone
--- config
    location /a/ {
        article on;
        default_type text/html;
        alias html/;
    }
    location = /status { article_status; }
--- user_files eval
[["p.html", $::Page]]
--- request eval
["GET /status", "GET /a/p.html", "GET /status"]
--- response_headers eval
["Content-Type: application/json", "", "Content-Type: application/json"]
--- response_body eval
["{\"rewriting\":{\"pages\":0,\"cut\":0,\"passed\":{\"type\":0,\"status\":0,\"encoded\":0,\"oversize\":0,\"head\":0},\"oversize_blocked\":0,\"bytes_in\":0,\"bytes_out\":0,\"moderation\":{\"mask\":0,\"replace\":0,\"flag\":0,\"block\":0}},\"zones\":{}}\r\n",
 $::Page,
 "{\"rewriting\":{\"pages\":1,\"cut\":0,\"passed\":{\"type\":0,\"status\":0,\"encoded\":0,\"oversize\":0,\"head\":0},\"oversize_blocked\":0,\"bytes_in\":" . length($::Page) . ",\"bytes_out\":" . length($::Page) . ",\"moderation\":{\"mask\":0,\"replace\":0,\"flag\":0,\"block\":0}},\"zones\":{}}\r\n"]


=== TEST 2: what went through unchanged, by reason
--- config
    location /a/ {
        article on;
        article_max_size 1k;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        default_type text/html;
        log_not_found off;
        alias html/;
    }
    location /origin/text/ {
        types { }
        default_type text/plain;
        alias html/;
    }
    location /origin/gz/ {
        default_type text/html;
        add_header Content-Encoding gzip;
        alias html/;
    }
    location = /status { article_status; }
--- user_files eval
[["p.html", $::Page], ["big.html", "<p>" . ("b" x 2000) . "</p>\n"]]
--- request eval
["GET /a/text/p.html", "GET /a/none.html", "GET /a/gz/p.html",
 "GET /a/big.html", "HEAD /a/p.html", "HEAD /a/p.html", "GET /status"]
--- error_code eval
[200, 404, 200, 200, 200, 200, 200]
--- response_body_like eval
[qr/<p>x/, qr/404/, qr/<p>x/, qr/b{2000}/, qr/^$/, qr/^$/,
 qr/^\{"rewriting":\{"pages":0,"cut":0,"passed":\{"type":1,"status":1,"encoded":1,"oversize":1,"head":2\},"oversize_blocked":0,"bytes_in":0,"bytes_out":0,/]


=== TEST 3: bytes in and out of the pages rewritten
--- config
    location /a/ {
        article on;
        article_canonical https://www.example.org;
        article_metadata on;
        default_type text/html;
        alias html/;
    }
    location = /status { article_status; }
--- user_files eval
[["p.html", $::Page]]
--- request eval
["GET /a/p.html", "GET /a/p.html", "GET /status"]
--- response_body_like eval
[qr/^<!DOCTYPE html><html><head><title>T<\/title><link rel="canonical"/,
 qr/^<!DOCTYPE html><html><head><title>T<\/title><link rel="canonical"/,
 qr/^\{"rewriting":\{"pages":2,"cut":0,"passed":\{"type":0,"status":0,"encoded":0,"oversize":0,"head":0\},"oversize_blocked":0,"bytes_in":158,"bytes_out":(\d+),/]
--- bytes_out_sum: 2


=== TEST 4: the moderation actions
--- config
    location /a/ {
        article on;
        article_moderation ../html/rules.txt;
        default_type text/html;
        alias html/;
    }
    location = /status { article_status; }
--- user_files
>>> rules.txt
mask     /darn/i
replace  /glimmer coin/i  "[scheme]"
flag     /miracle/i
>>> p.html
<p>Darn, a miracle: glimmer coin and darn again.</p>
--- request eval
["GET /a/p.html", "GET /status"]
--- response_body eval
["<p>****, a miracle: [scheme] and **** again.</p>\n",
 "{\"rewriting\":{\"pages\":1,\"cut\":0,\"passed\":{\"type\":0,\"status\":0,\"encoded\":0,\"oversize\":0,\"head\":0},\"oversize_blocked\":0,\"bytes_in\":53,\"bytes_out\":49,\"moderation\":{\"mask\":2,\"replace\":1,\"flag\":1,\"block\":0}},\"zones\":{}}\r\n"]


=== TEST 5: a cache zone's counters; purging everything gives its memory back
--- http_config
    article_cache_zone pages 1m;
    article_cache_zone other 2m inactive=1h max_entry=64k;
--- config
    location /a/ {
        article on;
        article_cache pages;
        article_cache_bypass $http_x_bypass;
        article_cache_purge from 127.0.0.1;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        default_type text/html;
        alias html/;
    }
    location = /status { article_status; }
--- user_files eval
[["p.html", $::Page], ["q.html", $::Page]]
--- request eval
["GET /status", "GET /a/p.html", "GET /a/q.html", "GET /a/p.html",
 "GET /a/p.html", "GET /status", "PURGE /a/*", "GET /status"]
--- more_headers eval
["", "", "", "", "X-Bypass: 1", "", "", ""]
--- error_code eval
[200, 200, 200, 200, 200, 200, 204, 200]
--- response_body_like eval
[qr/"zones":\{"pages":\{"size":1048576,"used":\d+,"entries":0,"hits":0,"misses":0,"expired":0,"stale":0,"updating":0,"bypasses":0,"stores":0,"evictions":0,"purged":0\},"other":\{"size":2097152,"used":\d+,"entries":0,/,
 qr/<p>x/, qr/<p>x/, qr/<p>x/, qr/<p>x/,
 qr/"zones":\{"pages":\{"size":1048576,"used":\d+,"entries":2,"hits":1,"misses":2,"expired":0,"stale":0,"updating":0,"bypasses":1,"stores":2,"evictions":0,"purged":0\},"other":\{"size":2097152,"used":\d+,"entries":0,"hits":0,/,
 qr/^$/,
 qr/"zones":\{"pages":\{"size":1048576,"used":\d+,"entries":0,"hits":1,"misses":2,"expired":0,"stale":0,"updating":0,"bypasses":1,"stores":2,"evictions":0,"purged":2\},/]
--- usage: 7 = 0


=== TEST 6: the Prometheus text format
--- http_config
    article_cache_zone pages 1m;
--- config
    location /a/ {
        article on;
        article_cache pages;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        default_type text/html;
        alias html/;
    }
    location = /status { article_status; }
--- user_files eval
[["p.html", $::Page]]
--- request eval
["GET /a/p.html", "GET /a/p.html", "GET /status?format=prometheus"]
--- response_headers eval
["", "", "Content-Type: text/plain; version=0.0.4"]
--- response_body_like eval
[qr/<p>x/, qr/<p>x/,
 qr/\A# HELP article_pages_rewritten_total [^\n]+\n# TYPE article_pages_rewritten_total counter\narticle_pages_rewritten_total 1\n# HELP article_pages_cut_total [^\n]+\n# TYPE article_pages_cut_total counter\narticle_pages_cut_total 0\n# HELP article_pages_passed_total [^\n]+\n# TYPE article_pages_passed_total counter\narticle_pages_passed_total\{reason="type"\} 0\narticle_pages_passed_total\{reason="status"\} 0\narticle_pages_passed_total\{reason="encoded"\} 0\narticle_pages_passed_total\{reason="oversize"\} 0\narticle_pages_passed_total\{reason="head"\} 0\n# HELP article_pages_oversize_blocked_total [^\n]+\n# TYPE article_pages_oversize_blocked_total counter\narticle_pages_oversize_blocked_total 0\n# HELP article_bytes_in_total [^\n]+\n# TYPE article_bytes_in_total counter\narticle_bytes_in_total 79\n.*\narticle_moderation_actions_total\{action="block"\} 0\n.*# TYPE article_cache_size_bytes gauge\narticle_cache_size_bytes\{zone="pages"\} 1048576\n.*# TYPE article_cache_entries gauge\narticle_cache_entries\{zone="pages"\} 1\n# HELP article_cache_hits_total [^\n]+\n# TYPE article_cache_hits_total counter\narticle_cache_hits_total\{zone="pages"\} 1\n.*article_cache_misses_total\{zone="pages"\} 1\n.*article_cache_stores_total\{zone="pages"\} 1\n.*article_cache_purged_total\{zone="pages"\} 0\n\z/s]


=== TEST 7: format=json, a format not known, a method not allowed
--- config
    location = /status { article_status; }
--- request eval
["GET /status?format=json", "GET /status?format=xml", "POST /status"]
--- error_code eval
[200, 400, 405]
--- response_body_like eval
[qr/^\{"rewriting":/, qr/400/, qr/405/]


=== TEST 8: a page purged while it is being sent is freed when it has been sent
--- http_config
    article_cache_zone pages 1m;
    map $http_x_slow $hit_rate {
        "" 0;
        default 1k;
    }
--- config
    location /a/ {
        article on;
        article_cache pages;
        article_cache_purge from 127.0.0.1;
        # a hit sent slowly keeps its entry pinned for a few seconds
        limit_rate $hit_rate;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        default_type text/html;
        alias html/;
    }
    location = /slow-hit {
        proxy_set_header X-Slow 1;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/a/p.html;
    }
    location = /pause {
        limit_rate 1k;
        alias html/pause.txt;
    }
    location = /purge {
        proxy_method PURGE;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/a/p.html;
    }
    location ~ ^/(?:drive|later)$ {
        ssi on;
        root html;
        default_type text/html;
        try_files $uri.html =404;
    }
    location = /status { article_status; }
--- user_files eval
[["p.html", "<p>" . ("s" x 5000) . "</p>\n"], ["pause.txt", "." x 1500],
 ["drive.html", '<!--# include virtual="/later" -->'
                . '<!--# include virtual="/slow-hit" -->'],
 ["later.html", '<!--# include virtual="/pause" wait="yes" -->'
                . '<!--# include virtual="/purge" wait="yes" -->'
                . '<!--# include virtual="/status" -->']]
--- request eval
["GET /status", "GET /a/p.html", "GET /drive", "GET /status"]
--- response_body_like eval
[qr/"entries":0,/, qr/\A<p>s{5000}<\/p>\n\z/,
 qr/\A\.{1500}\{.*"pages":\{"size":1048576,"used":\d+,"entries":0,"hits":1,"misses":1,.*"purged":1\}\}\}\r\n<p>s{5000}<\/p>\n\z/s,
 qr/"pages":\{"size":1048576,"used":\d+,"entries":0,"hits":1,/]
--- usage: 2 > 0, 3 = 0
--- timeout: 15


=== TEST 9: no page blocked or passed through counts as cut: blocked whole, blocked for its length, grown over article_max_size
Only the page blocked whole by its rule is a page rewritten (as before); a
page of a known length over article_max_size is answered 451 unread, and
one that grows over it (no Content-Length: the origin's SSI drops it)
passes through (counted as passed for its size) or is answered 451
unscanned.  All reach their end.  The three pages over article_max_size
answered 451 (for their length, for having grown over it, and for a
block rule in the part scanned before it grew over) are counted in
oversize_blocked.
--- config
    location /origin/ {
        default_type text/html;
        ssi on;
        alias html/;
    }
    location /whole/ {
        article on;
        article_moderation ../html/block.rules;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /known/ {
        article on;
        article_max_size 1k;
        article_moderation ../html/block.rules;
        article_moderation_oversize block;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/static/;
    }
    location /grown/ {
        article on;
        article_max_size 1k;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /grown-block/ {
        article on;
        article_max_size 1k;
        article_moderation ../html/block.rules;
        article_moderation_oversize block;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /grown-rule/ {
        article on;
        article_max_size 1k;
        article_moderation ../html/block.rules;
        # the page comes in pieces of at most 1k: the rule sees the first
        proxy_buffering off;
        proxy_buffer_size 1k;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /static/ {
        default_type text/html;
        alias html/;
    }
    location = /status { article_status; }
--- user_files eval
[["block.rules", "block /forbidden/\n"],
 ["p.html", "<p>forbidden</p>\n"],
 ["big.html", "<p>" . ("b" x 3000) . "</p>\n"],
 ["big-forbidden.html", "<p>forbidden</p><p>" . ("b" x 3000) . "</p>\n"]]
--- request eval
["GET /whole/p.html", "GET /known/big.html", "GET /grown/big.html",
 "GET /grown-block/big.html", "GET /grown-rule/big-forbidden.html",
 "GET /status"]
--- error_code eval
[451, 451, 200, 451, 451, 200]
--- response_body_like eval
[qr/451/, qr/451/, qr/\A<p>b{3000}<\/p>\n\z/, qr/451/, qr/451/,
 qr/\A\{"rewriting":\{"pages":1,"cut":0,"passed":\{"type":0,"status":0,"encoded":0,"oversize":1,"head":0\},"oversize_blocked":3,"bytes_in":17,"bytes_out":17,"moderation":\{"mask":0,"replace":0,"flag":0,"block":1\}\},/]
