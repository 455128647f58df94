# Mirrors: links that keep a reader on the mirror they came through, the
# list of the same article on the other mirrors, redirects, and
# Onion-Location over https.  A Host that is not a mirror is never
# reflected anywhere.
use Test::Nginx::Socket 'no_plan';

# A self-signed certificate for the https server of the Onion-Location
# blocks (the client of Test::Nginx speaks plain HTTP: a plain location
# proxies to an ssl server on a unix socket).
our $cert = <<'PEM';
-----BEGIN CERTIFICATE-----
MIIBizCCATGgAwIBAgIUMvKiBqA+06FUnwWTh+OYFn0Vz5MwCgYIKoZIzj0EAwIw
GjEYMBYGA1UEAwwPd3d3LmV4YW1wbGUub3JnMCAXDTI2MTEyNzE4NTEyNFoYDzIx
MjYxMTAzMTg1MTI0WjAaMRgwFgYDVQQDDA93d3cuZXhhbXBsZS5vcmcwWTATBgcq
hkjOPQIBBggqhkjOPQMBBwNCAATzo6dtNWeC55Lj9tSDXtQ8psEHG4A0n7b1cj3p
dwh98F+LYW1r+6EPTD8fHyCNVNJaUjTV+Bif30QXE0uzqiido1MwUTAdBgNVHQ4E
FgQUcg2PmZzB8Yghu0y0Zitxic+7dGAwHwYDVR0jBBgwFoAUcg2PmZzB8Yghu0y0
Zitxic+7dGAwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiBc8gEI
i0mp/RmgHU3WSqUm+5VCb56V7j13Q3GhmgxBXAIhALoe1UwabNyzlfbgxaBqWMZi
tDDnSGXyxbaeReG6hweu
-----END CERTIFICATE-----
PEM

our $key = <<'PEM';
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgdaJ77dWjkrpxqRGN
YB94OSk7KvFE3gE37I5bEF2IZfmhRANCAATzo6dtNWeC55Lj9tSDXtQ8psEHG4A0
n7b1cj3pdwh98F+LYW1r+6EPTD8fHyCNVNJaUjTV+Bif30QXE0uzqiid
-----END PRIVATE KEY-----
PEM

our $page = '<html><head><title>Ferry</title></head><body><article><h1>Ferry</h1><p><a href="https://www.example.org/a">a</a> <a href="//mirror.example.net/b">b</a></p></article></body></html>' . "\n";

no_shuffle();
run_tests();

__DATA__

=== TEST 1: through the canonical host: links to mirrors come home, the list names the others
--- config
    article_canonical https://www.example.org;
    article_mirrors www.example.org mirror.example.net abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion;
    article_mirror_links on;
    location /s/ {
        article on;
        alias html/;
        default_type text/html;
        add_header X-Mirror $article_mirror_host;
    }
--- user_files
>>> a.html
<html><body><p><a href="https://mirror.example.net/a">a</a> <a href="//www.example.org/b">b</a></p></body></html>
--- request
GET /s/a.html
--- more_headers
Host: www.example.org
--- response_headers
X-Mirror: www.example.org
!Onion-Location
--- response_body
<html><body><p><a href="https://www.example.org/a">a</a> <a href="//www.example.org/b">b</a></p><nav class="article-mirrors" data-article-mirrors aria-label="Also available at"><p>Also available at</p><ul><li><a href="https://mirror.example.net/s/a.html">mirror.example.net</a></li><li><a href="http://abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion/s/a.html">abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion</a></li></ul></nav></body></html>
--- no_error_log
[error]


=== TEST 2: through a mirror: links move to it, the list starts with the canonical host
--- config
    article_canonical https://www.example.org;
    article_mirrors www.example.org mirror.example.net abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion;
    article_mirror_links on;
    location /s/ {
        article on;
        alias html/;
        default_type text/html;
        add_header X-Mirror $article_mirror_host;
    }
--- user_files eval
[["a.html", $::page]]
--- request
GET /s/a.html?utm_source=x&id=1
--- more_headers
Host: mirror.example.net
--- response_headers
X-Mirror: mirror.example.net
--- response_body
<html><head><title>Ferry</title></head><body><article><h1>Ferry</h1><p><a href="https://mirror.example.net/a">a</a> <a href="//mirror.example.net/b">b</a></p></article><nav class="article-mirrors" data-article-mirrors aria-label="Also available at"><p>Also available at</p><ul><li><a href="https://www.example.org/s/a.html?id=1">www.example.org</a></li><li><a href="http://abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion/s/a.html?id=1">abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion</a></li></ul></nav></body></html>


=== TEST 3: the Host is taken in any case, without its port or final dot
--- config
    article_canonical https://www.example.org;
    article_mirrors www.example.org mirror.example.net;
    article_mirror_links on;
    location /s/ {
        article on;
        alias html/;
        default_type text/html;
        add_header X-Mirror $article_mirror_host;
    }
--- user_files eval
[["a.html", $::page]]
--- request eval
["GET /s/a.html", "GET /s/a.html"]
--- more_headers eval
["Host: Mirror.Example.NET:8080", "Host: mirror.example.net."]
--- response_headers eval
["X-Mirror: mirror.example.net", "X-Mirror: mirror.example.net"]
--- response_body_like eval
[qr{<a href="https://mirror\.example\.net/a">a</a> <a href="//mirror\.example\.net/b">b</a>},
 qr{<a href="https://mirror\.example\.net/a">a</a> <a href="//mirror\.example\.net/b">b</a>}]


=== TEST 4: an unknown Host is the canonical host and appears nowhere
--- config
    article_canonical https://www.example.org;
    article_mirrors www.example.org mirror.example.net abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion;
    article_mirror_links on;
    article_metadata on;
    location /s/ {
        article on;
        alias html/;
        default_type text/html;
        add_header X-Mirror $article_mirror_host;
        add_header X-Canonical $article_canonical_url;
    }
--- user_files eval
[["a.html", $::page]]
--- request
GET /s/a.html
--- more_headers
Host: evil.example
--- response_headers
X-Mirror: www.example.org
X-Canonical: https://www.example.org/s/a.html
Link: <https://www.example.org/s/a.html>; rel="canonical"
!Onion-Location
--- raw_response_headers_unlike: evil
--- response_body_like eval
qr{\A(?!.*evil)<html><head><title>Ferry</title><link rel="canonical" href="https://www\.example\.org/s/a\.html">.*<a href="https://www\.example\.org/a">a</a> <a href="//www\.example\.org/b">b</a>.*<ul><li><a href="https://mirror\.example\.net/s/a\.html">mirror\.example\.net</a></li><li><a href="http://abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion/s/a\.html">}s


=== TEST 5: X-Forwarded-Host is ignored
--- config
    article_canonical https://www.example.org;
    article_mirrors www.example.org mirror.example.net;
    article_mirror_links on;
    location /s/ {
        article on;
        alias html/;
        default_type text/html;
        add_header X-Mirror $article_mirror_host;
    }
--- user_files eval
[["a.html", $::page]]
--- request
GET /s/a.html
--- more_headers
Host: www.example.org
X-Forwarded-Host: mirror.example.net
--- response_headers
X-Mirror: www.example.org
--- response_body_like eval
qr{<a href="https://www\.example\.org/a">a</a> <a href="//www\.example\.org/b">b</a>.*<li><a href="https://mirror\.example\.net/s/a\.html">}s


=== TEST 6: an X-Forwarded-Host that is not a mirror is not reflected either
--- config
    article_canonical https://www.example.org;
    article_mirrors www.example.org mirror.example.net;
    article_mirror_links on;
    article_metadata on;
    location /s/ {
        article on;
        alias html/;
        default_type text/html;
        add_header X-Mirror $article_mirror_host;
    }
--- user_files eval
[["a.html", $::page]]
--- request
GET /s/a.html
--- more_headers
Host: mirror.example.net
X-Forwarded-Host: evil.example
--- response_headers
X-Mirror: mirror.example.net
--- raw_response_headers_unlike: evil
--- response_body_like eval
qr{\A(?!.*evil).*<a href="https://mirror\.example\.net/a">a</a>}s


=== TEST 7: every URL attribute moves to the current mirror; text, scripts and comments do not
--- config
    article_canonical https://www.example.org;
    article_mirrors www.example.org mirror.example.net;
    article_mirror_links on;
    article_mirror_block off;
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files
>>> a.html
<html><body><a href="https://www.example.org/a">1</a><img src="http://www.example.org/i.png" srcset="https://www.example.org/s1.jpg 1x,//www.example.org/s2.jpg 2x, /s3.jpg 3x"><object data="https://www.example.org/o.svg"></object><video poster="https://www.example.org/p.jpg" src="//www.example.org/v.mp4"></video><form action="https://www.example.org/f"><button formaction="https://www.example.org/g">g</button></form><p>https://www.example.org/text</p><script>var u="https://www.example.org/js";</script><!-- https://www.example.org/c --><a href="/rel">r</a><a data-x="https://www.example.org/dx">dx</a></body></html>
--- request
GET /s/a.html
--- more_headers
Host: mirror.example.net
--- response_body
<html><body><a href="https://mirror.example.net/a">1</a><img src="http://mirror.example.net/i.png" srcset="https://mirror.example.net/s1.jpg 1x,//mirror.example.net/s2.jpg 2x, /s3.jpg 3x"><object data="https://mirror.example.net/o.svg"></object><video poster="https://mirror.example.net/p.jpg" src="//mirror.example.net/v.mp4"></video><form action="https://mirror.example.net/f"><button formaction="https://mirror.example.net/g">g</button></form><p>https://www.example.org/text</p><script>var u="https://www.example.org/js";</script><!-- https://www.example.org/c --><a href="/rel">r</a><a data-x="https://www.example.org/dx">dx</a></body></html>


=== TEST 8: other services and look-alike hosts are left alone
--- config
    article_canonical https://www.example.org;
    article_mirrors www.example.org mirror.example.net;
    article_mirror_links on;
    article_mirror_block off;
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files
>>> a.html
<a href="https://www.example.org:443/a">1</a><a href="https://www.example.org:8443/b">2</a><a href="HTTPS://WWW.EXAMPLE.ORG/c">3</a><a href="https://www.example.org.evil.com/f">4</a><a href="https://evil.com/?u=https://www.example.org/">5</a><a href="mailto:x@www.example.org">6</a><a href="ftp://www.example.org/x">7</a>
--- request
GET /s/a.html
--- more_headers
Host: mirror.example.net
--- response_body
<a href="https://mirror.example.net/a">1</a><a href="https://www.example.org:8443/b">2</a><a href="HTTPS://mirror.example.net/c">3</a><a href="https://www.example.org.evil.com/f">4</a><a href="https://evil.com/?u=https://www.example.org/">5</a><a href="mailto:x@www.example.org">6</a><a href="ftp://www.example.org/x">7</a>


=== TEST 9: article_mirror_links off leaves links alone; the list is still there
--- config
    article_canonical https://www.example.org;
    article_mirrors www.example.org mirror.example.net;
    article_mirror_links off;
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files eval
[["a.html", $::page]]
--- request
GET /s/a.html
--- more_headers
Host: mirror.example.net
--- response_body
<html><head><title>Ferry</title></head><body><article><h1>Ferry</h1><p><a href="https://www.example.org/a">a</a> <a href="//mirror.example.net/b">b</a></p></article><nav class="article-mirrors" data-article-mirrors aria-label="Also available at"><p>Also available at</p><ul><li><a href="https://www.example.org/s/a.html">www.example.org</a></li></ul></nav></body></html>


=== TEST 10: article_mirror_links is off by default
--- config
    article_canonical https://www.example.org;
    article_mirrors www.example.org mirror.example.net;
    article_mirror_block off;
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files eval
[["a.html", $::page]]
--- request
GET /s/a.html
--- more_headers
Host: mirror.example.net
--- response_body eval
$::page


=== TEST 11: canonical link, og:url and JSON-LD keep the canonical host on a mirror
--- config
    article_canonical https://www.example.org;
    article_mirrors www.example.org mirror.example.net;
    article_mirror_links on;
    article_metadata on;
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files
>>> a.html
<html><head><title>T</title><link rel="canonical" href="https://www.example.org/story"><meta property="og:url" content="https://www.example.org/story"></head><body><a href="https://www.example.org/x">x</a></body></html>
--- request
GET /s/a.html
--- more_headers
Host: mirror.example.net
--- response_headers
Link: <https://www.example.org/story>; rel="canonical"
--- response_body_like eval
qr{\A<html><head><title>T</title><link rel="canonical" href="https://www\.example\.org/story"><meta property="og:url" content="https://www\.example\.org/story">.*<a href="https://mirror\.example\.net/x">x</a><script type="application/ld\+json">[^<]*"url":"https://www\.example\.org/story"}s


=== TEST 12: 301 and 302 Location headers move to the current mirror
--- config
    article_canonical https://www.example.org;
    article_mirrors www.example.org mirror.example.net abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion;
    article_mirror_links on;
    article on;
    location = /r301 { return 301 https://www.example.org/new?x=1; }
    location = /r302 { return 302 http://mirror.example.net/other; }
--- request eval
["GET /r301", "GET /r302", "GET /r301"]
--- more_headers eval
["Host: mirror.example.net", "Host: www.example.org", "Host: abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion"]
--- error_code eval
[301, 302, 301]
--- response_headers eval
["Location: https://mirror.example.net/new?x=1",
 "Location: http://www.example.org/other",
 "Location: http://abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion/new?x=1"]


=== TEST 13: a Refresh header of a redirect moves too, its delay kept
--- config
    article_canonical https://www.example.org;
    article_mirrors www.example.org mirror.example.net;
    article_mirror_links on;
    location = /r {
        article on;
        add_header Refresh "5; url=https://www.example.org/x";
        return 302 https://www.example.org/y;
    }
--- request
GET /r
--- more_headers
Host: mirror.example.net
--- error_code: 302
--- response_headers
Location: https://mirror.example.net/y
Refresh: 5; url=https://mirror.example.net/x


=== TEST 14: redirects elsewhere, and with article_mirror_links off, are left alone
--- config
    article_canonical https://www.example.org;
    article_mirrors www.example.org mirror.example.net;
    article on;
    location = /away { article_mirror_links on; return 301 https://elsewhere.example/x; }
    location = /off { article_mirror_links off; return 301 https://www.example.org/x; }
--- request eval
["GET /away", "GET /off"]
--- more_headers eval
["Host: mirror.example.net", "Host: mirror.example.net"]
--- error_code eval
[301, 301]
--- response_headers eval
["Location: https://elsewhere.example/x", "Location: https://www.example.org/x"]


=== TEST 15: article_mirror_block with a selector and each position, and the label
--- config
    article_canonical https://www.example.org;
    article_mirrors www.example.org mirror.example.net;
    location /prepend/ {
        article on;
        article_mirror_block footer prepend;
        article_mirror_label 'Lies <das> & "mehr"';
        alias html/;
        default_type text/html;
    }
    location /before/ {
        article on;
        article_mirror_block "article > h1" before;
        alias html/;
        default_type text/html;
    }
    location /after/ {
        article on;
        article_mirror_block "#more" after;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<body><article><h1>M</h1><p id="more">p</p></article><footer><p>f</p></footer></body>
--- request eval
["GET /prepend/a.html", "GET /before/a.html", "GET /after/a.html"]
--- more_headers eval
["Host: mirror.example.net", "Host: mirror.example.net", "Host: mirror.example.net"]
--- response_body eval
['<body><article><h1>M</h1><p id="more">p</p></article><footer><nav class="article-mirrors" data-article-mirrors aria-label="Lies &lt;das&gt; &amp; &quot;mehr&quot;"><p>Lies &lt;das&gt; &amp; "mehr"</p><ul><li><a href="https://www.example.org/prepend/a.html">www.example.org</a></li></ul></nav><p>f</p></footer></body>' . "\n",
 '<body><article><nav class="article-mirrors" data-article-mirrors aria-label="Also available at"><p>Also available at</p><ul><li><a href="https://www.example.org/before/a.html">www.example.org</a></li></ul></nav><h1>M</h1><p id="more">p</p></article><footer><p>f</p></footer></body>' . "\n",
 '<body><article><h1>M</h1><p id="more">p</p><nav class="article-mirrors" data-article-mirrors aria-label="Also available at"><p>Also available at</p><ul><li><a href="https://www.example.org/after/a.html">www.example.org</a></li></ul></nav></article><footer><p>f</p></footer></body>' . "\n"]


=== TEST 16: article_mirror_block off: no list
--- config
    article_canonical https://www.example.org;
    article_mirrors www.example.org mirror.example.net;
    location /s/ {
        article on;
        article_mirror_block off;
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["a.html", $::page]]
--- request
GET /s/a.html
--- more_headers
Host: mirror.example.net
--- response_body eval
$::page


=== TEST 17: a selector that matches nothing: no list, the page whole
--- config
    article_canonical https://www.example.org;
    article_mirrors www.example.org mirror.example.net;
    location /s/ {
        article on;
        article_mirror_block aside append;
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["a.html", $::page]]
--- request
GET /s/a.html
--- response_body eval
$::page


=== TEST 18: the order: canonical first, the others as configured, onions last, the current one out
--- config
    article_canonical https://www.example.org;
    article_mirrors abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion mirror-b.example.com www.example.org mirror.example.net;
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files
>>> a.html
<body></body>
--- request eval
["GET /s/a.html", "GET /s/a.html", "GET /s/a.html"]
--- more_headers eval
["Host: mirror.example.net", "Host: www.example.org", "Host: abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion"]
--- response_body_like eval
[qr{<ul><li><a href="https://www\.example\.org/s/a\.html">www\.example\.org</a></li><li><a href="https://mirror-b\.example\.com/s/a\.html">mirror-b\.example\.com</a></li><li><a href="http://abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion/s/a\.html">abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion</a></li></ul>},
 qr{<ul><li><a href="https://mirror-b\.example\.com/s/a\.html">mirror-b\.example\.com</a></li><li><a href="https://mirror\.example\.net/s/a\.html">mirror\.example\.net</a></li><li><a href="http://abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion/s/a\.html">abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion</a></li></ul>},
 qr{<ul><li><a href="https://www\.example\.org/s/a\.html">www\.example\.org</a></li><li><a href="https://mirror-b\.example\.com/s/a\.html">mirror-b\.example\.com</a></li><li><a href="https://mirror\.example\.net/s/a\.html">mirror\.example\.net</a></li></ul>}]


=== TEST 19: the list's URLs are escaped for the attribute
--- config
    article_canonical https://www.example.org;
    article_mirrors www.example.org mirror.example.net;
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files
>>> a.html
<body></body>
--- request
GET /s/a.html?a=1&b="x"&utm_source=y
--- response_body_like eval
qr{<li><a href="https://mirror\.example\.net/s/a\.html\?a=1&amp;b=%22x%22">mirror\.example\.net</a></li>}


=== TEST 20: one mirror only: no list
--- config
    article_canonical https://www.example.org;
    article_mirrors www.example.org;
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files eval
[["a.html", $::page]]
--- request
GET /s/a.html
--- response_body eval
$::page


=== TEST 21: a page that has its own list of mirrors gets no second one
--- config
    article_canonical https://www.example.org;
    article_mirrors www.example.org mirror.example.net;
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files
>>> a.html
<body><nav data-article-mirrors><a href="https://www.example.org/">home</a></nav><p>x</p></body>
--- request
GET /s/a.html
--- more_headers
Host: mirror.example.net
--- response_body
<body><nav data-article-mirrors><a href="https://www.example.org/">home</a></nav><p>x</p></body>


=== TEST 22: a page rewritten twice has one list of mirrors, its links on the mirror
--- config
    article_canonical https://www.example.org;
    article_mirrors www.example.org mirror.example.net abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion;
    article_mirror_links on;
    location /origin/ { article on; alias html/; default_type text/html; }
    location /p/ {
        article on;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
        proxy_set_header Host $http_host;
    }
--- user_files eval
[["a.html", $::page]]
--- request
GET /p/a.html
--- more_headers
Host: mirror.example.net
--- response_body_like eval
qr{\A(?!.*data-article-mirrors.*data-article-mirrors)<html><head><title>Ferry</title></head><body><article><h1>Ferry</h1><p><a href="https://mirror\.example\.net/a">a</a> <a href="//mirror\.example\.net/b">b</a></p></article><nav class="article-mirrors" data-article-mirrors aria-label="Also available at"><p>Also available at</p><ul><li><a href="https://www\.example\.org/origin/a\.html">www\.example\.org</a></li><li><a href="http://abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion/origin/a\.html">abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion</a></li></ul></nav></body></html>\n\z}s
--- no_error_log
[error]


=== TEST 23: through an onion mirror: links to it are http, no Onion-Location
--- config
    article_canonical https://www.example.org;
    article_mirrors www.example.org mirror.example.net abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion;
    article_mirror_links on;
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files eval
[["a.html", $::page]]
--- request
GET /s/a.html
--- more_headers
Host: abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion
--- response_headers
!Onion-Location
--- response_body_like eval
qr{<a href="http://abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion/a">a</a> <a href="//abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion/b">b</a>.*<ul><li><a href="https://www\.example\.org/s/a\.html">www\.example\.org</a></li><li><a href="https://mirror\.example\.net/s/a\.html">mirror\.example\.net</a></li></ul>}s


=== TEST 24: no Onion-Location over plain http
--- config
    article_canonical https://www.example.org;
    article_mirrors www.example.org abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion;
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files eval
[["a.html", $::page]]
--- request
GET /s/a.html
--- more_headers
Host: www.example.org
--- response_headers
!Onion-Location
--- response_body_like: data-article-mirrors


=== TEST 25: over https, Onion-Location names the article on the onion mirror
--- http_config
    server {
        listen unix:$TEST_NGINX_SERVER_ROOT/logs/tls.sock ssl;
        ssl_certificate $TEST_NGINX_SERVER_ROOT/html/cert.pem;
        ssl_certificate_key $TEST_NGINX_SERVER_ROOT/html/key.pem;
        article_canonical https://www.example.org;
        article_mirrors www.example.org mirror.example.net abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion;
        article_mirror_links on;
        location /s/ {
            article on;
            alias $TEST_NGINX_SERVER_ROOT/html/;
            default_type text/html;
            add_header X-Scheme $scheme;
        }
    }
--- config
    location /tls/ {
        proxy_pass https://unix:$TEST_NGINX_SERVER_ROOT/logs/tls.sock:/s/;
        proxy_set_header Host $http_host;
    }
--- user_files eval
[["cert.pem", $::cert], ["key.pem", $::key], ["a.html", $::page]]
--- request eval
["GET /tls/a.html?utm_source=x&id=1", "GET /tls/a.html?id=1"]
--- more_headers eval
["Host: www.example.org", "Host: mirror.example.net"]
--- response_headers eval
["X-Scheme: https\nOnion-Location: http://abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion/s/a.html?id=1",
 "X-Scheme: https\nOnion-Location: http://abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion/s/a.html?id=1"]
--- response_body_like eval
[qr{<a href="https://www\.example\.org/a">a</a>},
 qr{<a href="https://mirror\.example\.net/a">a</a>}]
--- no_error_log
[error]


=== TEST 26: over https through the onion host, or with no onion mirror: no Onion-Location
--- http_config
    server {
        listen unix:$TEST_NGINX_SERVER_ROOT/logs/tls.sock ssl;
        ssl_certificate $TEST_NGINX_SERVER_ROOT/html/cert.pem;
        ssl_certificate_key $TEST_NGINX_SERVER_ROOT/html/key.pem;
        article_canonical https://www.example.org;
        location /s/ {
            article on;
            article_mirrors www.example.org abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion;
            alias $TEST_NGINX_SERVER_ROOT/html/;
            default_type text/html;
        }
        location /n/ {
            article on;
            article_mirrors www.example.org mirror.example.net;
            alias $TEST_NGINX_SERVER_ROOT/html/;
            default_type text/html;
        }
    }
--- config
    location /tls/ {
        proxy_pass https://unix:$TEST_NGINX_SERVER_ROOT/logs/tls.sock:/;
        proxy_set_header Host $http_host;
    }
--- user_files eval
[["cert.pem", $::cert], ["key.pem", $::key], ["a.html", $::page]]
--- request eval
["GET /tls/s/a.html", "GET /tls/n/a.html"]
--- more_headers eval
["Host: abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwd.onion", "Host: www.example.org"]
--- response_headers eval
["!Onion-Location", "!Onion-Location"]
--- response_body_like eval
[qr{data-article-mirrors}, qr{data-article-mirrors}]


=== TEST 27: without article_canonical nothing moves and there is no list
--- config
    article_mirrors www.example.org mirror.example.net;
    article_mirror_links on;
    location /s/ {
        article on;
        alias html/;
        default_type text/html;
        add_header X-Mirror "[$article_mirror_host]";
    }
--- user_files eval
[["a.html", $::page]]
--- request
GET /s/a.html
--- more_headers
Host: mirror.example.net
--- response_headers
X-Mirror: []
--- response_body eval
$::page
