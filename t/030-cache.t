# The cache of rewritten pages: what is stored, what is answered from it
# and how, expiry, purging, the LRU, the lock and stale pages.
#
# Every caching location proxies to /origin/ on the same server and answers
# with X-Upstream: $upstream_status, which is empty when the upstream was
# not contacted.  Where requests run at once (through SSI includes, which
# nginx issues in parallel), /origin/ writes "origin: METHOD URI" into the
# error log for each request it gets, and the caching location writes
# "front: STATUS", and the tests count those lines.
use Test::Nginx::Socket 'no_plan';
use Digest::SHA ();

our $Page = "<!DOCTYPE html><html><head><title>T</title></head>"
            . "<body><p>x</p></body></html>\n";

our $Slow = "<p>" . ("s" x 5000) . "</p>\n";

# the strong ETag of a page as stored: its SHA-256, base64url
sub etag_of {
    my $d = Digest::SHA::sha256_base64(shift);
    $d =~ tr{+/}{-_};
    return "\"$d\"";
}

# a page valid 1 s behind an origin that answers 503 to X-Fail, and a
# slow answer to wait for its expiry; $_[0]: the use_stale line, if any
sub failing_origin_config {
    my $use_stale = shift // '';
    return <<"_EOC_" . <<'_EOC_';
    location /a/ {
        article on;
        article_cache pages;
        article_cache_valid 1s;
        $use_stale
_EOC_
        add_header X-Cache $article_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        if ($http_x_fail) {
            return 503;
        }
        alias html/;
        default_type text/html;
    }
    location = /pause {
        limit_rate 1k;
        alias html/pause.txt;
    }
_EOC_
}

# a slow page valid 1 s, fetched again by two subrequests of /drive at
# once; $_[0]: the use_stale conditions
sub updating_config {
    my $conditions = shift;
    return <<"_EOC_" . <<'_EOC_';
    location /a/ {
        article on;
        article_cache pages;
        article_cache_valid 1s;
        article_cache_use_stale $conditions;
_EOC_
        access_log logs/error.log front;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        limit_rate 2k;
        alias html/;
        default_type text/html;
    }
    location = /drive {
        ssi on;
        alias html/drive.html;
        default_type text/html;
    }
    location = /m {
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/a/slow.html;
    }
_EOC_
}

our $HttpConfig = <<'_EOC_';
    article_cache_zone pages 1m;
    log_format origin 'origin: $request_method $request_uri';
    log_format front 'front: $article_cache_status';
_EOC_

add_block_preprocessor(sub {
    my $block = shift;

    if (!defined $block->http_config) {
        $block->set_value('http_config', $HttpConfig);
    }

    if (!defined $block->no_error_log) {
        $block->set_value('no_error_log', "[error]\n[alert]\n[crit]");
    }
});

no_shuffle();
no_long_string();
run_tests();

__DATA__

=== TEST 1: a hit does not reach the upstream; tracking arguments share the page
--- config
    location /a/ {
        article on;
        article_canonical https://www.example.org;
        article_cache pages;
        add_header X-Cache $article_cache_status always;
        add_header X-Upstream $upstream_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["p.html", $::Page]]
--- request eval
["GET /a/p.html", "GET /a/p.html", "GET /a/p.html?utm_source=x&fbclid=y"]
--- response_headers_like eval
["X-Cache: MISS\nX-Upstream: 200\nETag: W/.*\nContent-Length: ",
 "X-Cache: HIT\nX-Upstream: \nETag: " . quotemeta(main::etag_of($::Page))
 . "\nAge: [0-9]+\nContent-Length: " . length($::Page)
 . "\nAccept-Ranges: bytes\nContent-Type: text/html",
 "X-Cache: HIT\nX-Upstream: \nETag: " . quotemeta(main::etag_of($::Page))]
--- response_body eval
[$::Page, $::Page, $::Page]


=== TEST 2: a rewritten page comes back with the headers of the miss, and is not rewritten again
--- config
    location /a/ {
        article on;
        article_canonical https://www.example.org;
        article_metadata on;
        article_cache pages;
        add_header X-Cache $article_cache_status always;
        add_header X-Upstream $upstream_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
        add_header Vary Accept-Language;
    }
    location = /status { article_status; }
--- user_files eval
[["p.html", $::Page]]
--- request eval
["GET /a/p.html", "GET /a/p.html", "GET /status"]
--- response_headers_like eval
["X-Cache: MISS\nX-Upstream: 200\nLink: <https://www.example.org/a/p.html>; rel=\"canonical\"\nVary: Accept-Language",
 "X-Cache: HIT\nX-Upstream: \nLink: <https://www.example.org/a/p.html>; rel=\"canonical\"\nVary: Accept-Language\nContent-Type: text/html",
 "X-Cache: "]
--- response_body_like eval
[qr{^<!DOCTYPE html><html><head><title>T</title><link rel="canonical" href="https://www.example.org/a/p.html">\n.*</html>\n\z}s,
 qr{^<!DOCTYPE html><html><head><title>T</title><link rel="canonical" href="https://www.example.org/a/p.html">\n<meta property="og:url"(?:(?!rel="canonical").)*</html>\n\z}s,
 qr/"pages":1,.*"hits":1,"misses":1,.*"stores":1,/]


=== TEST 3: over https, Onion-Location is kept with the page
--- http_config
    article_cache_zone pages 1m;
    server {
        listen 127.0.0.1:$TEST_NGINX_RAND_PORT_1 ssl;
        server_name localhost;
        ssl_certificate ../html/cert.pem;
        ssl_certificate_key ../html/key.pem;
        location /a/ {
            article on;
            article_canonical https://www.example.org;
            article_mirrors www.example.org abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion;
            article_mirror_block off;
            article_cache pages;
            add_header X-Cache $article_cache_status always;
            add_header X-Upstream $upstream_status always;
            proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
        }
    }
--- config
    location /t/ {
        proxy_pass https://127.0.0.1:$TEST_NGINX_RAND_PORT_1/a/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["p.html", $::Page], ["cert.pem", <<'_EOF_'], ["key.pem", <<'_EOF_']]
-----BEGIN CERTIFICATE-----
MIIBfzCCASWgAwIBAgIUfYxwMpdlkQzAx73FJu1EvOzdn14wCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyNzE5MDQ0MloYDzIxMjYxMTAz
MTkwNDQyWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQ5BRghNfOt3FbYtXhnKs/tDPi2R58Yplj51TwiTLD7TSx969mbbra0
2e//VpLexL8FbOdR2/hivJjsB65eFW0eo1MwUTAdBgNVHQ4EFgQUsMNKvSQRrb7Y
teMfUDumSZmXQPowHwYDVR0jBBgwFoAUsMNKvSQRrb7YteMfUDumSZmXQPowDwYD
VR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiEA96km5F+qEkUkso85hJ+G
yFGaIV4gAqY4mInKJab+S7oCIH8F8WFxvBdn8sevH8nXN21+DJwUIdYoOIfvL1v5
Sns4
-----END CERTIFICATE-----
_EOF_
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgEPw14xNCkItJU1xG
x7BWA9vkJKkgjui/FPdr86pBjtShRANCAAQ5BRghNfOt3FbYtXhnKs/tDPi2R58Y
plj51TwiTLD7TSx969mbbra02e//VpLexL8FbOdR2/hivJjsB65eFW0e
-----END PRIVATE KEY-----
_EOF_
--- request eval
["GET /t/p.html", "GET /t/p.html"]
--- response_headers eval
["X-Cache: MISS\nX-Upstream: 200\nOnion-Location: http://abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion/a/p.html",
 "X-Cache: HIT\nX-Upstream: \nOnion-Location: http://abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion/a/p.html"]
--- response_body eval
[$::Page, $::Page]


=== TEST 4: an unknown Host is the canonical host: it neither splits nor poisons the cache
--- config
    location /a/ {
        article on;
        article_canonical https://www.example.org;
        article_mirrors www.example.org mirror.example.net;
        article_mirror_links on;
        article_mirror_block off;
        article_cache pages;
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
<p><a href="https://www.example.org/next">next</a></p>
--- request eval
["GET /a/p.html", "GET /a/p.html", "GET /a/p.html", "GET /a/p.html"]
--- more_headers eval
["Host: evil.example", "Host: www.example.org", "Host: mirror.example.net",
 "Host: other.example"]
--- response_headers eval
["X-Cache: MISS\nX-Upstream: 200", "X-Cache: HIT\nX-Upstream: ",
 "X-Cache: MISS\nX-Upstream: 200", "X-Cache: HIT\nX-Upstream: "]
--- response_body eval
["<p><a href=\"https://www.example.org/next\">next</a></p>\n",
 "<p><a href=\"https://www.example.org/next\">next</a></p>\n",
 "<p><a href=\"https://mirror.example.net/next\">next</a></p>\n",
 "<p><a href=\"https://www.example.org/next\">next</a></p>\n"]


=== TEST 5: HEAD from a hit: the headers only, with the length
--- config
    location /a/ {
        article on;
        article_cache pages;
        add_header X-Cache $article_cache_status always;
        add_header X-Upstream $upstream_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["p.html", $::Page]]
--- request eval
["GET /a/p.html", "HEAD /a/p.html"]
--- response_headers eval
["X-Cache: MISS\nX-Upstream: 200",
 "X-Cache: HIT\nX-Upstream: \nContent-Length: " . length($::Page)]
--- response_body eval
[$::Page, ""]


=== TEST 6: If-None-Match with the ETag of the stored page: 304, from the cache
--- config
    location /a/ {
        article on;
        article_cache pages;
        add_header X-Cache $article_cache_status always;
        add_header X-Upstream $upstream_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["p.html", $::Page]]
--- request eval
["GET /a/p.html", "GET /a/p.html", "GET /a/p.html"]
--- more_headers eval
["", "If-None-Match: " . main::etag_of($::Page),
 "If-None-Match: \"something-else\""]
--- error_code eval
[200, 304, 200]
--- response_headers eval
["X-Cache: MISS\nX-Upstream: 200",
 "X-Cache: HIT\nX-Upstream: \nETag: " . main::etag_of($::Page),
 "X-Cache: HIT\nX-Upstream: "]
--- response_body eval
[$::Page, "", $::Page]


=== TEST 7: If-Modified-Since with the page's Last-Modified: 304
--- config
    location /a/ {
        article on;
        article_last_modified on;
        article_cache pages;
        add_header X-Cache $article_cache_status always;
        add_header X-Upstream $upstream_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
--- user_files
>>> p.html 201801010000.00
<p>x</p>
--- request eval
["GET /a/p.html", "GET /a/p.html", "GET /a/p.html"]
--- more_headers eval
["", "If-Modified-Since: Mon, 01 Jan 2018 00:00:00 GMT", ""]
--- error_code eval
[200, 304, 200]
--- response_headers eval
["X-Cache: MISS\nX-Upstream: 200\nLast-Modified: Mon, 01 Jan 2018 00:00:00 GMT",
 "X-Cache: HIT\nX-Upstream: ",
 "X-Cache: HIT\nX-Upstream: \nLast-Modified: Mon, 01 Jan 2018 00:00:00 GMT"]
--- response_body eval
["<p>x</p>\n", "", "<p>x</p>\n"]


=== TEST 8: a range of a hit
--- config
    location /a/ {
        article on;
        article_cache pages;
        add_header X-Cache $article_cache_status always;
        add_header X-Upstream $upstream_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["p.html", $::Page]]
--- request eval
["GET /a/p.html", "GET /a/p.html"]
--- more_headers eval
["", "Range: bytes=0-8"]
--- error_code eval
[200, 206]
--- response_headers eval
["X-Cache: MISS",
 "X-Cache: HIT\nX-Upstream: \nContent-Range: bytes 0-8/" . length($::Page)]
--- response_body eval
[$::Page, "<!DOCTYPE"]


=== TEST 9: expiry: article_cache_valid, then the page is fetched again
--- config
    location /a/ {
        article on;
        article_cache pages;
        article_cache_valid 200 2s;
        add_header X-Cache $article_cache_status always;
        add_header X-Upstream $upstream_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
    location = /pause {
        # over three seconds: a kilobyte a second
        limit_rate 1k;
        alias html/pause.txt;
    }
--- user_files eval
[["p.html", $::Page], ["pause.txt", "." x 4000]]
--- request eval
["GET /a/p.html", "GET /a/p.html", "GET /pause", "GET /a/p.html",
 "GET /a/p.html"]
--- response_headers eval
["X-Cache: MISS\nX-Upstream: 200", "X-Cache: HIT\nX-Upstream: ", "",
 "X-Cache: EXPIRED\nX-Upstream: 200", "X-Cache: HIT\nX-Upstream: "]
--- response_body eval
[$::Page, $::Page, "." x 4000, $::Page, $::Page]
--- timeout: 10


=== TEST 10: the upstream's max-age shortens the validity
--- config
    location /a/ {
        article on;
        article_cache pages;
        add_header X-Cache $article_cache_status always;
        add_header X-Upstream $upstream_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
        add_header Cache-Control "public, max-age=2";
    }
    location = /pause {
        limit_rate 1k;
        alias html/pause.txt;
    }
--- user_files eval
[["p.html", $::Page], ["pause.txt", "." x 4000]]
--- request eval
["GET /a/p.html", "GET /a/p.html", "GET /pause", "GET /a/p.html"]
--- response_headers eval
["X-Cache: MISS\nX-Upstream: 200", "X-Cache: HIT\nX-Upstream: ", "",
 "X-Cache: EXPIRED\nX-Upstream: 200"]
--- timeout: 10


=== TEST 11: an Expires in the past, or max-age=0: not stored
--- config
    location /a/ {
        article on;
        article_cache pages;
        add_header X-Cache $article_cache_status always;
        add_header X-Upstream $upstream_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
        add_header Expires "Thu, 01 Jan 1970 00:00:01 GMT";
    }
    location /origin/zero/ {
        alias html/;
        default_type text/html;
        add_header Cache-Control "max-age=0";
    }
--- user_files eval
[["p.html", $::Page]]
--- request eval
["GET /a/p.html", "GET /a/p.html", "GET /a/zero/p.html", "GET /a/zero/p.html"]
--- response_headers eval
[("X-Cache: MISS\nX-Upstream: 200") x 4]


=== TEST 12: article_cache_bypass: fetched, not stored; "0" and "" do not bypass
--- config
    location /a/ {
        article on;
        article_cache pages;
        article_cache_bypass $http_x_bypass;
        add_header X-Cache $article_cache_status always;
        add_header X-Upstream $upstream_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
    location = /status { article_status; }
--- user_files eval
[["p.html", $::Page]]
--- request eval
["GET /a/p.html", "GET /a/p.html", "GET /a/p.html", "GET /a/p.html",
 "GET /a/p.html", "GET /status"]
--- more_headers eval
["X-Bypass: yes", "X-Bypass: 0", "X-Bypass: 1", "", "X-Bypass: 0", ""]
--- response_headers eval
["X-Cache: BYPASS\nX-Upstream: 200", "X-Cache: MISS\nX-Upstream: 200",
 "X-Cache: BYPASS\nX-Upstream: 200", "X-Cache: HIT\nX-Upstream: ",
 "X-Cache: HIT\nX-Upstream: ", ""]
--- response_body_like eval
[qr/<p>x/, qr/<p>x/, qr/<p>x/, qr/<p>x/, qr/<p>x/,
 qr/"hits":2,"misses":1,.*"bypasses":2,"stores":1,/]


=== TEST 13: article_cache_no_store: fetched, not stored
--- config
    location /a/ {
        article on;
        article_cache pages;
        article_cache_no_store $http_x_no_store $arg_nostore;
        add_header X-Cache $article_cache_status always;
        add_header X-Upstream $upstream_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["p.html", $::Page]]
--- request eval
["GET /a/p.html", "GET /a/p.html", "GET /a/p.html"]
--- more_headers eval
["X-No-Store: 1", "", ""]
--- response_headers eval
["X-Cache: MISS\nX-Upstream: 200", "X-Cache: MISS\nX-Upstream: 200",
 "X-Cache: HIT\nX-Upstream: "]


=== TEST 14: Set-Cookie, Cache-Control private, no-store, no-cache: never stored
--- config
    location /a/ {
        article on;
        article_cache pages;
        add_header X-Cache $article_cache_status always;
        add_header X-Upstream $upstream_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/cookie/ {
        alias html/;
        default_type text/html;
        add_header Set-Cookie "session=1";
    }
    location /origin/private/ {
        alias html/;
        default_type text/html;
        add_header Cache-Control "max-age=600, private";
    }
    location /origin/no-store/ {
        alias html/;
        default_type text/html;
        add_header Cache-Control "no-store";
    }
    location /origin/no-cache/ {
        alias html/;
        default_type text/html;
        add_header Cache-Control "no-cache";
    }
--- user_files eval
[["p.html", $::Page]]
--- request eval
["GET /a/cookie/p.html", "GET /a/cookie/p.html",
 "GET /a/private/p.html", "GET /a/private/p.html",
 "GET /a/no-store/p.html", "GET /a/no-store/p.html",
 "GET /a/no-cache/p.html", "GET /a/no-cache/p.html"]
--- response_headers eval
[("X-Cache: MISS\nX-Upstream: 200") x 8]


=== TEST 15: a request with Authorization is neither answered from the cache nor stored
--- config
    location /a/ {
        article on;
        article_cache pages;
        add_header X-Cache $article_cache_status always;
        add_header X-Upstream $upstream_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["p.html", $::Page]]
--- request eval
["GET /a/p.html", "GET /a/p.html", "GET /a/p.html", "GET /a/p.html"]
--- more_headers eval
["Authorization: Basic dXNlcjpwYXNz", "", "Authorization: Basic dXNlcjpwYXNz", ""]
--- response_headers eval
["X-Cache: BYPASS\nX-Upstream: 200", "X-Cache: MISS\nX-Upstream: 200",
 "X-Cache: BYPASS\nX-Upstream: 200", "X-Cache: HIT\nX-Upstream: "]


=== TEST 16: Vary: one variant at a time; Vary: * is never stored; Accept-Encoding does not split
--- config
    location /a/ {
        article on;
        article_cache pages;
        add_header X-Cache $article_cache_status always;
        add_header X-Upstream $upstream_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/lang/ {
        alias html/;
        default_type text/html;
        add_header Vary "Accept-Encoding, X-Lang";
    }
    location /origin/star/ {
        alias html/;
        default_type text/html;
        add_header Vary "*";
    }
--- user_files eval
[["p.html", $::Page]]
--- request eval
["GET /a/lang/p.html", "GET /a/lang/p.html", "GET /a/lang/p.html",
 "GET /a/lang/p.html", "GET /a/lang/p.html", "GET /a/star/p.html",
 "GET /a/star/p.html"]
--- more_headers eval
["X-Lang: en\nAccept-Encoding: gzip", "X-Lang: en\nAccept-Encoding: br",
 "X-Lang: fr", "X-Lang: fr", "X-Lang: en", "", ""]
--- response_headers eval
["X-Cache: MISS", "X-Cache: HIT\nX-Upstream: \nVary: Accept-Encoding, X-Lang",
 "X-Cache: MISS", "X-Cache: HIT", "X-Cache: MISS", "X-Cache: MISS",
 "X-Cache: MISS"]


=== TEST 17: only the statuses of article_cache_valid are stored
--- config
    location /a/ {
        article on;
        article_cache pages;
        article_cache_valid 404 10m;
        add_header X-Cache $article_cache_status always;
        add_header X-Upstream $upstream_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /any/ {
        article on;
        article_cache pages;
        article_cache_valid any 10m;
        add_header X-Cache $article_cache_status always;
        add_header X-Upstream $upstream_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["p.html", $::Page]]
--- request eval
["GET /a/p.html", "GET /a/p.html", "GET /any/p.html", "GET /any/p.html"]
--- response_headers eval
["X-Cache: MISS\nX-Upstream: 200", "X-Cache: MISS\nX-Upstream: 200",
 "X-Cache: MISS\nX-Upstream: 200", "X-Cache: HIT\nX-Upstream: "]


=== TEST 18: a page over max_entry is served, not stored
--- http_config
    article_cache_zone small 64k max_entry=1k;
--- config
    location /a/ {
        article on;
        article_cache small;
        add_header X-Cache $article_cache_status always;
        add_header X-Upstream $upstream_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["big.html", "<p>" . ("b" x 2000) . "</p>\n"], ["p.html", $::Page]]
--- request eval
["GET /a/big.html", "GET /a/big.html", "GET /a/p.html", "GET /a/p.html"]
--- response_headers eval
["X-Cache: MISS\nX-Upstream: 200", "X-Cache: MISS\nX-Upstream: 200",
 "X-Cache: MISS\nX-Upstream: 200", "X-Cache: HIT\nX-Upstream: "]
--- response_body eval
["<p>" . ("b" x 2000) . "</p>\n", "<p>" . ("b" x 2000) . "</p>\n",
 $::Page, $::Page]


=== TEST 19: a full zone lets its least recently used pages go
--- http_config
    # 32k holds five pages of three kilobytes (a page of memory each)
    article_cache_zone tiny 32k;
--- config
    location /a/ {
        article on;
        article_cache tiny;
        add_header X-Cache $article_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
    location = /status { article_status; }
--- user_files eval
[map { ["p$_.html", "<p>$_" . ("x" x 3000) . "</p>\n"] } 1 .. 6]
--- request eval
["GET /a/p1.html", "GET /a/p2.html", "GET /a/p3.html", "GET /a/p4.html",
 "GET /a/p5.html", "GET /a/p1.html", "GET /a/p6.html", "GET /a/p1.html",
 "GET /a/p2.html", "GET /a/p6.html", "GET /status"]
--- response_headers eval
["X-Cache: MISS", "X-Cache: MISS", "X-Cache: MISS", "X-Cache: MISS",
 "X-Cache: MISS", "X-Cache: HIT", "X-Cache: MISS", "X-Cache: HIT",
 "X-Cache: MISS", "X-Cache: HIT", ""]
--- response_body_like eval
[qr/^<p>1x/, qr/^<p>2x/, qr/^<p>3x/, qr/^<p>4x/, qr/^<p>5x/, qr/^<p>1x/,
 qr/^<p>6x/, qr/^<p>1x/, qr/^<p>2x/, qr/^<p>6x/,
 qr/"tiny":\{"size":32768,"used":\d+,"entries":5,"hits":3,"misses":7,.*"stores":7,"evictions":2,/]


=== TEST 20: PURGE removes the page for every mirror host: 204, then 404
--- config
    location /a/ {
        article on;
        article_canonical https://www.example.org;
        article_mirrors www.example.org mirror.example.net;
        article_cache pages;
        article_cache_purge from 127.0.0.1;
        add_header X-Cache $article_cache_status always;
        add_header X-Upstream $upstream_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["p.html", $::Page], ["q.html", $::Page]]
--- request eval
["GET /a/p.html", "GET /a/p.html", "GET /a/q.html", "PURGE /a/p.html?utm_medium=x",
 "PURGE /a/p.html", "GET /a/p.html", "GET /a/p.html", "GET /a/q.html"]
--- more_headers eval
["Host: www.example.org", "Host: mirror.example.net", "",
 "", "", "Host: www.example.org", "Host: mirror.example.net", ""]
--- error_code eval
[200, 200, 200, 204, 404, 200, 200, 200]
--- response_headers eval
["X-Cache: MISS", "X-Cache: MISS", "X-Cache: MISS", "X-Upstream: ",
 "X-Upstream: ", "X-Cache: MISS\nX-Upstream: 200",
 "X-Cache: MISS\nX-Upstream: 200", "X-Cache: HIT\nX-Upstream: "]


=== TEST 21: PURGE /prefix* removes every page under it
--- config
    location /a/ {
        article on;
        article_canonical https://www.example.org;
        article_cache pages;
        article_cache_purge from 10.0.0.0/8 127.0.0.1/32;
        add_header X-Cache $article_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["x/1.html", "<p>1</p>\n"], ["x/2.html", "<p>2</p>\n"], ["y.html", "<p>y</p>\n"]]
--- request eval
["GET /a/x/1.html", "GET /a/x/2.html?page=2", "GET /a/y.html", "PURGE /a/x*",
 "GET /a/x/1.html", "GET /a/x/2.html?page=2", "GET /a/y.html", "PURGE /a/*",
 "GET /a/y.html"]
--- error_code eval
[200, 200, 200, 204, 200, 200, 200, 204, 200]
--- response_headers eval
["X-Cache: MISS", "X-Cache: MISS", "X-Cache: MISS", "", "X-Cache: MISS",
 "X-Cache: MISS", "X-Cache: HIT", "", "X-Cache: MISS"]


=== TEST 22: PURGE from an address not listed: 403, the page stays
--- config
    location /a/ {
        article on;
        article_cache pages;
        article_cache_purge from 192.0.2.1 2001:db8::/32;
        add_header X-Cache $article_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["p.html", $::Page]]
--- request eval
["GET /a/p.html", "PURGE /a/p.html", "GET /a/p.html"]
--- error_code eval
[200, 403, 200]
--- response_headers eval
["X-Cache: MISS", "", "X-Cache: HIT"]


=== TEST 23: article_cache_methods GET: a HEAD is not answered from the cache
--- config
    location /a/ {
        article on;
        article_cache pages;
        article_cache_methods GET;
        add_header X-Cache $article_cache_status always;
        add_header X-Upstream $upstream_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["p.html", $::Page]]
--- request eval
["GET /a/p.html", "HEAD /a/p.html", "GET /a/p.html"]
--- response_headers eval
["X-Cache: MISS\nX-Upstream: 200", "X-Cache: \nX-Upstream: 200",
 "X-Cache: HIT\nX-Upstream: "]


=== TEST 24: a custom article_cache_key
--- config
    location /a/ {
        article on;
        article_cache pages;
        article_cache_key $uri;
        add_header X-Cache $article_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["p.html", $::Page]]
--- request eval
["GET /a/p.html?v=1", "GET /a/p.html?v=2"]
--- response_headers eval
["X-Cache: MISS", "X-Cache: HIT"]


=== TEST 25: access checks come first: a cached page is not given to a client they refuse
--- config
    location /b/ {
        article on;
        article_cache pages;
        article_cache_key "one key";
        add_header X-Cache $article_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /c/ {
        article on;
        article_cache pages;
        article_cache_key "one key";
        auth_basic "closed";
        auth_basic_user_file ../html/htpasswd;
        add_header X-Cache $article_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /d/ {
        article on;
        article_cache pages;
        article_cache_key "one key";
        deny all;
        add_header X-Cache $article_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /e/ {
        article on;
        article_cache pages;
        article_cache_key "one key";
        add_header X-Cache $article_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["p.html", $::Page], ["htpasswd", "nobody:*\n"]]
--- request eval
["GET /b/p.html", "GET /c/p.html", "GET /d/p.html", "GET /e/p.html"]
--- error_code eval
[200, 401, 403, 200]
--- response_headers eval
["X-Cache: MISS", "X-Cache: ", "X-Cache: ", "X-Cache: HIT"]
--- no_error_log
[alert]
[crit]


=== TEST 26: the lock: concurrent misses make one upstream request
--- config
    location /a/ {
        article on;
        article_cache pages;
        article_cache_lock on;
        access_log logs/error.log front;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        access_log logs/error.log origin;
        # a slow upstream: over two seconds for the page
        limit_rate 2k;
        alias html/;
        default_type text/html;
    }
    location = /drive {
        ssi on;
        alias html/drive.html;
        default_type text/html;
    }
    location = /four {
        # four requests for the page at once
        ssi on;
        alias html/four.html;
        default_type text/html;
    }
    location = /m {
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/a/slow.html;
    }
    location = /status { article_status; }
--- user_files eval
[["slow.html", $::Slow],
 ["four.html", '<!--# include virtual="/m" -->' x 4],
 ["drive.html", '<!--# include virtual="/four" wait="yes" -->'
                . '<!--# include virtual="/status" -->']]
--- request
GET /drive
--- response_body_like eval
qr/\A(?:<p>s{5000}<\/p>\n){4}\{.*"hits":3,"misses":1,"expired":0,.*"stores":1,/s
--- grep_error_log eval: qr/origin: \S+ \S+|front: [A-Z]+/
--- grep_error_log_out eval
qr/\A(?=(?:(?:front: (?:MISS|HIT)|origin: GET \/origin\/slow\.html)\n){5}\z)(?=(?:[^\n]*\n)*?origin:)(?!(?:[^\n]*\n)*?origin:[^\n]*\n(?:[^\n]*\n)*?origin:)(?=(?:[^\n]*\n)*?front: MISS)(?!(?:[^\n]*\n)*?front: MISS\n(?:[^\n]*\n)*?front: MISS)/
--- timeout: 15


=== TEST 27: article_cache_lock_timeout: the others go upstream, and do not store
--- config
    location /a/ {
        article on;
        article_cache pages;
        article_cache_lock on;
        article_cache_lock_timeout 200ms;
        access_log logs/error.log front;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        access_log logs/error.log origin;
        limit_rate 2k;
        alias html/;
        default_type text/html;
    }
    location = /drive {
        ssi on;
        alias html/drive.html;
        default_type text/html;
    }
    location = /three {
        ssi on;
        alias html/three.html;
        default_type text/html;
    }
    location = /m {
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/a/slow.html;
    }
    location = /status { article_status; }
--- user_files eval
[["slow.html", $::Slow],
 ["three.html", '<!--# include virtual="/m" -->' x 3],
 ["drive.html", '<!--# include virtual="/three" wait="yes" -->'
                . '<!--# include virtual="/status" -->']]
--- request
GET /drive
--- response_body_like eval
qr/\A(?:<p>s{5000}<\/p>\n){3}\{.*"hits":0,"misses":3,"expired":0,.*"stores":1,/s
--- grep_error_log eval: qr/origin: \S+ \S+/
--- grep_error_log_out
origin: GET /origin/slow.html
origin: GET /origin/slow.html
origin: GET /origin/slow.html
--- timeout: 15


=== TEST 28: use_stale error: the expired page when the upstream fails
--- http_config
    article_cache_zone pages 1m;
    map $http_x_down $origin_port {
        "" $TEST_NGINX_SERVER_PORT;
        # nothing listens there: the connection is refused
        default 1;
    }
--- config
    location /a/ {
        article on;
        article_cache pages;
        article_cache_valid 1s;
        article_cache_use_stale error;
        add_header X-Cache $article_cache_status always;
        add_header X-Upstream $upstream_status always;
        proxy_pass http://127.0.0.1:$origin_port/origin$uri;
    }
    location /origin/ {
        if ($http_x_fail) {
            return 503;
        }
        alias html/;
        default_type text/html;
    }
    location = /pause {
        limit_rate 1k;
        alias html/pause.txt;
    }
--- user_files eval
[["a/p.html", $::Page], ["pause.txt", "." x 3000]]
--- request eval
["GET /a/p.html", "GET /pause", "GET /a/p.html", "GET /a/p.html",
 "GET /a/p.html", "GET /a/p.html"]
--- more_headers eval
["", "", "X-Down: 1", "X-Fail: 1",
 "X-Fail: 1\nIf-None-Match: " . main::etag_of($::Page), ""]
--- error_code eval
[200, 200, 200, 200, 304, 200]
--- response_headers eval
["X-Cache: MISS\nX-Upstream: 200", "",
 "X-Cache: STALE\nX-Upstream: 502\nETag: " . main::etag_of($::Page)
 . "\nContent-Length: " . length($::Page),
 "X-Cache: STALE\nX-Upstream: 503", "X-Cache: STALE\nX-Upstream: 503",
 "X-Cache: EXPIRED\nX-Upstream: 200"]
--- response_body eval
[$::Page, "." x 3000, $::Page, $::Page, "", $::Page]
--- no_error_log
[alert]
[crit]
[emerg]
--- timeout: 10


=== TEST 29: without use_stale the error goes through
--- config eval
main::failing_origin_config()
--- user_files eval
[["p.html", $::Page], ["pause.txt", "." x 3000]]
--- request eval
["GET /a/p.html", "GET /pause", "GET /a/p.html"]
--- more_headers eval
["", "", "X-Fail: 1"]
--- error_code eval
[200, 200, 503]
--- response_headers eval
["X-Cache: MISS", "", "X-Cache: EXPIRED"]
--- timeout: 10


=== TEST 30: use_stale updating: the expired page while one request fetches it again
--- config eval
main::updating_config('updating')
--- user_files eval
[["slow.html", $::Slow], ["drive.html", '<!--# include virtual="/m" -->' x 2]]
--- request eval
["GET /a/slow.html", "GET /drive"]
--- response_body eval
[$::Slow, $::Slow x 2]
--- grep_error_log eval: qr/front: \w+/
--- grep_error_log_out eval
qr/\A(?:front: MISS\n|front: UPDATING\nfront: EXPIRED\n)\z/
--- timeout: 15


=== TEST 31: a location where the filter is off: nothing looked up, nothing stored
--- config
    location /a/ {
        article_cache pages;
        add_header X-Cache $article_cache_status always;
        add_header X-Upstream $upstream_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["p.html", $::Page]]
--- request eval
["GET /a/p.html", "GET /a/p.html"]
--- response_headers eval
["X-Cache: \nX-Upstream: 200", "X-Cache: \nX-Upstream: 200"]


=== TEST 32: an unknown zone fails the configuration
--- config
    location /a/ {
        article on;
        article_cache nosuchzone;
    }
--- must_die
--- error_log
article_cache zone "nosuchzone" is unknown


=== TEST 33: max_entry over half the zone fails the configuration
--- http_config
    article_cache_zone z 1m max_entry=900k;
--- config
    location /a/ { article on; article_cache z; }
--- must_die
--- error_log
max_entry must be at most half of the zone size


=== TEST 34: a page cut short by the upstream is not stored
--- config
    location /a/ {
        article on;
        article_cache pages;
        proxy_read_timeout 300ms;
        add_header X-Cache $article_cache_status always;
        add_header X-Upstream $upstream_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        # asked slowly, the upstream sends two kilobytes, then stalls for
        # longer than the proxy waits
        limit_rate $http_x_slow;
        alias html/;
        default_type text/html;
    }
    location = /drive {
        ssi on;
        alias html/drive.html;
        default_type text/html;
    }
    location = /m {
        proxy_set_header X-Slow 2k;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/a/slow.html;
    }
--- user_files eval
[["slow.html", $::Slow], ["drive.html", '<!--# include virtual="/m" -->']]
--- request eval
["GET /drive", "GET /a/slow.html", "GET /a/slow.html"]
--- response_headers eval
["", "X-Cache: MISS\nX-Upstream: 200", "X-Cache: HIT\nX-Upstream: "]
--- response_body_like eval
[qr/\A(?!<p>s{5000}<\/p>\n\z)/, qr/\A<p>s{5000}<\/p>\n\z/, qr/\A<p>s{5000}<\/p>\n\z/]
--- no_error_log
[alert]
[crit]


=== TEST 35: inactive: a page nobody asked for in that time goes, valid or not
--- http_config
    article_cache_zone pages 1m inactive=2s;
--- config
    location /a/ {
        article on;
        article_cache pages;
        add_header X-Cache $article_cache_status always;
        add_header X-Upstream $upstream_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
    location = /pause {
        # about four seconds: past inactive by more than the one-second
        # granularity of the times the zone keeps
        limit_rate 1k;
        alias html/pause.txt;
    }
    location = /status { article_status; }
--- user_files eval
[["p.html", $::Page], ["pause.txt", "." x 5000]]
--- request eval
["GET /a/p.html", "GET /a/p.html", "GET /pause", "GET /a/p.html", "GET /status"]
--- response_headers eval
["X-Cache: MISS\nX-Upstream: 200", "X-Cache: HIT\nX-Upstream: ", "",
 "X-Cache: MISS\nX-Upstream: 200", ""]
--- response_body_like eval
[qr/<p>x/, qr/<p>x/, qr/^\.+$/, qr/<p>x/,
 qr/"entries":1,"hits":1,"misses":2,"expired":0,.*"stores":2,"evictions":0,/]
--- timeout: 10


=== TEST 36: what the location itself adds neither keeps a page out nor comes twice
--- config
    location /a/ {
        article on;
        article_canonical https://www.example.org;
        article_metadata on;
        article_cache pages;
        add_header X-Cache $article_cache_status always;
        add_header Vary X-Extra;
        add_header Set-Cookie "seen=1";
        add_header Link "</s.css>; rel=preload";
        expires epoch;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
        add_header Vary Accept-Language;
        add_header Link "</u.js>; rel=preload";
    }
--- user_files eval
[["p.html", $::Page]]
--- request eval
["GET /a/p.html", "GET /a/p.html"]
--- response_headers eval
["X-Cache: MISS\nSet-Cookie: seen=1", "X-Cache: HIT\nSet-Cookie: seen=1"]
--- raw_response_headers_like eval
[qr/\A(?=.*\r\nVary: Accept-Language\r\n)(?=.*\r\nVary: X-Extra\r\n)(?!.*Vary: X-Extra.*Vary: X-Extra)(?=.*\r\nLink: <\/u\.js>; rel=preload\r\n)(?=.*\r\nLink: <\/s\.css>; rel=preload\r\n)(?!.*s\.css.*s\.css)(?=.*\r\nLink: <https:\/\/www\.example\.org\/a\/p\.html>; rel="canonical"\r\n)(?!.*rel="canonical".*rel="canonical")/s,
 qr/\A(?=.*\r\nVary: Accept-Language\r\n)(?!.*Accept-Language.*Accept-Language)(?=.*\r\nVary: X-Extra\r\n)(?!.*Vary: X-Extra.*Vary: X-Extra)(?=.*\r\nLink: <\/u\.js>; rel=preload\r\n)(?!.*u\.js.*u\.js)(?=.*\r\nLink: <\/s\.css>; rel=preload\r\n)(?!.*s\.css.*s\.css)(?=.*\r\nLink: <https:\/\/www\.example\.org\/a\/p\.html>; rel="canonical"\r\n)(?!.*rel="canonical".*rel="canonical")/s]


=== TEST 37: with sendfile on, a hit whole, in a range, in several ranges, gzipped and to HEAD
--- config
    location /a/ {
        article on;
        article_cache pages;
        sendfile on;
        gzip on;
        gzip_min_length 1;
        add_header X-Cache $article_cache_status always;
        proxy_set_header Accept-Encoding "";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["p.html", $::Page], ["q.html", "<p>" . ("q" x 3000) . "</p>\n"]]
--- request eval
["GET /a/p.html", "GET /a/q.html", "GET /a/p.html", "GET /a/q.html",
 "GET /a/q.html", "GET /a/p.html", "GET /a/p.html", "HEAD /a/q.html"]
--- more_headers eval
["", "", "", "", "Range: bytes=3-8", "Range: bytes=0-1,4-5",
 "Accept-Encoding: gzip", ""]
--- error_code eval
[200, 200, 200, 200, 206, 206, 200, 200]
--- response_headers eval
["X-Cache: MISS", "X-Cache: MISS",
 "X-Cache: HIT\nContent-Length: " . length($::Page),
 "X-Cache: HIT\nContent-Length: 3008",
 "X-Cache: HIT\nContent-Range: bytes 3-8/3008",
 "X-Cache: HIT",
 "X-Cache: HIT\nContent-Encoding: gzip",
 "X-Cache: HIT\nContent-Length: 3008"]
--- response_body_like eval
["\\A\Q$::Page\E\\z", "\\A<p>q{3000}</p>\n\\z",
 "\\A\Q$::Page\E\\z", "\\A<p>q{3000}</p>\n\\z",
 "\\Aqqqqqq\\z",
 "\\A\r\n--(\\d+)\r\nContent-Type: text/html\r\nContent-Range: bytes 0-1/"
 . length($::Page) . "\r\n\r\n<!\r\n--\\1\r\nContent-Type: text/html\r\n"
 . "Content-Range: bytes 4-5/" . length($::Page) . "\r\n\r\nCT\r\n--\\1--\r\n\\z",
 "\\A\x1f\x8b", "\\A\\z"]


=== TEST 38: use_stale takes several conditions: with "updating error", the expired page when the upstream fails
--- config eval
main::failing_origin_config('article_cache_use_stale updating error;')
--- user_files eval
[["p.html", $::Page], ["pause.txt", "." x 3000]]
--- request eval
["GET /a/p.html", "GET /pause", "GET /a/p.html"]
--- more_headers eval
["", "", "X-Fail: 1"]
--- error_code eval
[200, 200, 200]
--- response_headers eval
["X-Cache: MISS", "", "X-Cache: STALE"]
--- response_body eval
[$::Page, "." x 3000, $::Page]
--- timeout: 10


=== TEST 39: use_stale takes several conditions: with "error updating", the expired page while one request fetches it again
--- config eval
main::updating_config('error updating')
--- user_files eval
[["slow.html", $::Slow], ["drive.html", '<!--# include virtual="/m" -->' x 2]]
--- request eval
["GET /a/slow.html", "GET /drive"]
--- response_body eval
[$::Slow, $::Slow x 2]
--- grep_error_log eval: qr/front: \w+/
--- grep_error_log_out eval
qr/\A(?:front: MISS\n|front: UPDATING\nfront: EXPIRED\n)\z/
--- timeout: 15
