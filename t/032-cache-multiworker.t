# The cache with a master and two workers: pages and counters shared by the
# workers under concurrent load, and kept across reloads (HUP), where a
# change of the rewriting settings or of a file they read makes new pages.
#
# The blocks run in order and each reloads the server of the one before
# (use_hup), so the zones and what is in them carry over from block to
# block.
use Test::Nginx::Socket;

if ($ENV{TEST_NGINX_USE_VALGRIND}) {
    plan(skip_all => 'reloads and two workers are not run under valgrind');
} else {
    plan('no_plan');
}

master_on();
workers(2);
# 48 requests at once hold some 200 connections
worker_connections(1024);
use_hup();
no_shuffle();
no_long_string();

our $HttpConfig = <<'_EOC_';
    article_cache_zone load 64k;
    article_cache_zone reload 1m;
    log_format front 'front: $pid $article_cache_status';
    log_format origin 'origin: $request_uri';
_EOC_

# every page of the load: a little over a page of memory each, so that the
# small zone keeps evicting pages while other requests still send them
our @Pages = map { ["p$_.html", "<p>$_" . ("x" x 5000) . "</p>\n"] } 1 .. 8;

our $Drive = join '', map { "<!--# include virtual=\"/m/p" . ($_ % 8 + 1)
                            . ".html\" -->" } 0 .. 47;

# "--- pages_added: I J N": the status answer to request J counts N pages
# rewritten more than the one to request I.
our %Pages;

add_response_body_check(sub {
    my ($block, $body, $req_idx, $repeated_req_idx, $dry_run) = @_;

    my $spec = $block->pages_added;
    return unless defined $spec;

    my ($first, $last, $n) = split ' ', $spec;
    my $name = $block->name;
    my ($pages) = $body =~ /"rewriting":\{"pages":(\d+),/;

    if ($req_idx == $first) {
        $Pages{$name} = $pages;
    }

    if ($req_idx == $last) {
        SKIP: {
            skip "$name - pages_added - tests skipped due to $dry_run", 1
                if $dry_run;

            is($pages - $Pages{$name}, $n,
               "$name - every worker counts in the same counters");
        }
    }
});

add_block_preprocessor(sub {
    my $block = shift;

    if (!defined $block->http_config) {
        $block->set_value('http_config', $HttpConfig);
    }

    if (!defined $block->no_error_log) {
        $block->set_value('no_error_log',
                          "[alert]\n[crit]\n[emerg]\nexited on signal\n[error]");
    }
});

run_tests();

__DATA__

=== TEST 1: concurrent load on two workers: no crash, the counters add up
--- http_config eval
$::HttpConfig . <<'_EOC_'
    # a listener of each worker's own: the kernel spreads the connections
    server {
        listen 127.0.0.1:$TEST_NGINX_RAND_PORT_1 reuseport;
        server_name localhost;
        location /a/ {
            article on;
            article_cache load;
            article_cache_valid 1s;
            article_cache_lock on;
            article_cache_lock_timeout 300ms;
            article_cache_use_stale updating;
            access_log logs/error.log front;
            proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
        }
    }
_EOC_
--- config
    location /origin/ {
        limit_rate 64k;
        alias html/;
        default_type text/html;
    }
    location /m/ {
        proxy_pass http://127.0.0.1:$TEST_NGINX_RAND_PORT_1/a/;
    }
    location = /drive {
        ssi on;
        alias html/drive.html;
        default_type text/html;
    }
    location = /status { article_status; }
--- user_files eval
[@::Pages, ["drive.html", $::Drive]]
--- request eval
["GET /drive", "GET /drive", "GET /drive", "GET /status"]
--- response_body_like eval
[(qr/\A(?:<p>\d x{5000}<\/p>\n){48}\z/x) x 3,
 qr/"load":\{"size":65536,"used":\d+,"entries":\d+,"hits":\d+,"misses":\d+,"expired":\d+,"stale":0,"updating":\d+,"bypasses":0,"stores":[1-9]\d*,"evictions":[1-9]\d*,"purged":0\}/]
--- grep_error_log eval: qr/front: \d+ [A-Z]+/
--- grep_error_log_out eval
qr/\A(?:front: \d+ (?:MISS|HIT|EXPIRED|UPDATING)\n)*\z/
--- timeout: 30


=== TEST 2: the requests are answered by both workers, and counted once in all
--- http_config eval
$::HttpConfig . <<'_EOC_'
    server {
        listen 127.0.0.1:$TEST_NGINX_RAND_PORT_1 reuseport;
        server_name localhost;
        location /a/ {
            article on;
            access_log logs/error.log front;
            proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
        }
    }
_EOC_
--- config
    location /origin/ {
        limit_rate 64k;
        alias html/;
        default_type text/html;
    }
    location /m/ {
        proxy_pass http://127.0.0.1:$TEST_NGINX_RAND_PORT_1/a/;
    }
    location = /drive {
        ssi on;
        alias html/drive.html;
        default_type text/html;
    }
    location = /drive-and-count {
        ssi on;
        alias html/count.html;
        default_type text/html;
    }
    location = /status { article_status; }
--- user_files eval
[@::Pages, ["drive.html", $::Drive],
 ["count.html", '<!--# include virtual="/drive" wait="yes" -->'
                . '<!--# include virtual="/status" -->']]
--- request eval
["GET /status", "GET /drive-and-count"]
--- response_body_like eval
[qr/\A\{"rewriting":\{"pages":\d+,/,
 qr/\A(?:<p>\d x{5000}<\/p>\n){48}\{"rewriting":\{"pages":\d+,/x]
--- pages_added: 0 1 48
--- grep_error_log eval: qr/front: \d+/
--- grep_error_log_out eval
qr/\A(?:|(?=(?:front: \d+\n){48}\z)(?:front: \d+\n)*?front: (\d+)\n(?:front: \d+\n)*?front: (?!\1\n)\d+\n(?:front: \d+\n)*)\z/
--- timeout: 30


=== TEST 3: a page stored before a reload
--- config
    location /b/ {
        article on;
        article_canonical https://www.example.org;
        article_cache reload;
        add_header X-Cache $article_cache_status always;
        add_header X-Upstream $upstream_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
--- user_files
>>> p.html
<html><head><title>T</title></head><body><p>first</p></body></html>
--- request eval
["GET /b/p.html", "GET /b/p.html"]
--- response_headers eval
["X-Cache: MISS\nX-Upstream: 200", "X-Cache: HIT\nX-Upstream: "]
--- response_body eval
["<html><head><title>T</title></head><body><p>first</p></body></html>\n",
 "<html><head><title>T</title></head><body><p>first</p></body></html>\n"]


=== TEST 4: a reload with the same rewriting settings: the page is still there
--- config
    location /b/ {
        article on;
        article_canonical https://www.example.org;
        article_cache reload;
        add_header X-Cache $article_cache_status always;
        add_header X-Upstream $upstream_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
    location = /status { article_status; }
--- user_files
>>> p.html
<html><head><title>T</title></head><body><p>second</p></body></html>
--- request eval
["GET /b/p.html", "GET /status"]
--- response_headers eval
["X-Cache: HIT\nX-Upstream: ", ""]
--- response_body_like eval
[qr{\A<html><head><title>T</title></head><body><p>first</p></body></html>\n\z},
 qr/"reload":\{"size":1048576,"used":\d+,"entries":1,"hits":2,"misses":1,.*"stores":1,/]


=== TEST 5: a reload that changes the rewriting: the page is made again
--- config
    location /b/ {
        article on;
        article_canonical https://www.example.org;
        article_metadata on;
        article_cache reload;
        add_header X-Cache $article_cache_status always;
        add_header X-Upstream $upstream_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
--- user_files
>>> p.html
<html><head><title>T</title></head><body><p>second</p></body></html>
--- request eval
["GET /b/p.html", "GET /b/p.html"]
--- response_headers eval
["X-Cache: MISS\nX-Upstream: 200", "X-Cache: HIT\nX-Upstream: "]
--- response_body_like eval
[qr{\A<html><head><title>T</title><link rel="canonical" href="https://www.example.org/b/p.html">.*<p>second</p>}s,
 qr{\A<html><head><title>T</title><link rel="canonical" href="https://www.example.org/b/p.html">.*<p>second</p>}s]


=== TEST 6: back to the first settings: the first page, kept under them
--- config
    location /b/ {
        article on;
        article_canonical https://www.example.org;
        article_cache reload;
        add_header X-Cache $article_cache_status always;
        add_header X-Upstream $upstream_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
    # the same settings as two reloads ago
--- user_files
>>> p.html
<html><head><title>T</title></head><body><p>third</p></body></html>
--- request eval
["GET /b/p.html"]
--- response_headers eval
["X-Cache: HIT\nX-Upstream: "]
--- response_body eval
["<html><head><title>T</title></head><body><p>first</p></body></html>\n"]


=== TEST 7: a file the settings read: the share bar's template
--- config
    location /c/ {
        article on;
        article_canonical https://www.example.org;
        article_share x;
        article_share_template $TEST_NGINX_SERVER_ROOT/html/share.tpl;
        article_cache reload;
        add_header X-Cache $article_cache_status always;
        add_header X-Upstream $upstream_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<body><article><h1>T</h1></article></body>
>>> share.tpl
<div class="one" data-article-share>{{#items}}{{id}}{{/items}}</div>
--- request eval
["GET /c/a.html", "GET /c/a.html"]
--- response_headers eval
["X-Cache: MISS\nX-Upstream: 200", "X-Cache: HIT\nX-Upstream: "]
--- response_body eval
["<body><article><h1>T</h1><div class=\"one\" data-article-share>x</div>\n</article></body>\n",
 "<body><article><h1>T</h1><div class=\"one\" data-article-share>x</div>\n</article></body>\n"]


=== TEST 8: the same settings, the template changed: the page is made again
--- config
    location /c/ {
        article on;
        article_canonical https://www.example.org;
        article_share x;
        article_share_template $TEST_NGINX_SERVER_ROOT/html/share.tpl;
        article_cache reload;
        add_header X-Cache $article_cache_status always;
        add_header X-Upstream $upstream_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
    # reloaded for the new template
--- user_files
>>> a.html
<body><article><h1>T</h1></article></body>
>>> share.tpl
<div class="two" data-article-share>{{#items}}{{id}}{{/items}}</div>
--- request eval
["GET /c/a.html", "GET /c/a.html"]
--- response_headers eval
["X-Cache: MISS\nX-Upstream: 200", "X-Cache: HIT\nX-Upstream: "]
--- response_body eval
["<body><article><h1>T</h1><div class=\"two\" data-article-share>x</div>\n</article></body>\n",
 "<body><article><h1>T</h1><div class=\"two\" data-article-share>x</div>\n</article></body>\n"]
