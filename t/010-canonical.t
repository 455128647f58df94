# The canonical URL of a request ($article_canonical_url): the
# article_canonical origin plus the request's path and arguments, normalized
# as RFC 3986 section 6.2 says, without the tracking arguments, the order of
# the rest kept.
use Test::Nginx::Socket 'no_plan';

no_shuffle();
no_root_location();
run_tests();

__DATA__

=== TEST 1: without article_canonical the variable is empty
--- config
    location /a { return 200 "[$article_canonical_url]\n"; }
--- request
GET /a?utm_source=x
--- response_body
[]
--- no_error_log
[error]


=== TEST 2: the origin is lower-cased and loses its default port
--- config
    article_canonical HTTPS://WWW.Example.ORG:443;
    location /a { return 200 "$article_canonical_url\n"; }
--- request
GET /a/Story
--- response_body
https://www.example.org/a/Story


=== TEST 3: a port that is not the scheme's default stays
--- config
    article_canonical https://www.example.org:8443;
    location /a { return 200 "$article_canonical_url\n"; }
--- request
GET /a
--- response_body
https://www.example.org:8443/a


=== TEST 4: http with :80 and a trailing slash gives the bare origin
--- config
    article_canonical http://News.Example.org:80/;
    location /a { return 200 "$article_canonical_url\n"; }
--- request
GET /a/b
--- response_body
http://news.example.org/a/b


=== TEST 5: dot segments are removed, the path's case is kept
--- config
    article_canonical https://www.example.org;
    location / { return 200 "$article_canonical_url\n"; }
--- request
GET /News/a/b/../c/./d
--- response_body
https://www.example.org/News/a/c/d


=== TEST 6: percent-encoded dot segments are dot segments too
--- config
    article_canonical https://www.example.org;
    location / { return 200 "$article_canonical_url\n"; }
--- request
GET /a/%2e%2E/b
--- response_body
https://www.example.org/b


=== TEST 7: escapes upper-cased, escaped unreserved characters decoded
--- config
    article_canonical https://www.example.org;
    location / { return 200 "$article_canonical_url\n"; }
--- request
GET /A/%7euser/%2fx%c3%a9/c%41d?q=%7e%2f&r=%2d%5f
--- response_body
https://www.example.org/A/~user/%2Fx%C3%A9/cAd?q=~%2F&r=-_


=== TEST 8: bytes that may not stand in a URL come out percent-encoded
--- config
    article_canonical https://www.example.org;
    location / { return 200 "$article_canonical_url\n"; }
--- request
GET /a?x="<>&y=%ZZ
--- response_body
https://www.example.org/a?x=%22%3C%3E&y=%25ZZ


=== TEST 9: the fragment is dropped
--- config
    article_canonical https://www.example.org;
    location / { return 200 "$article_canonical_url\n"; }
--- raw_request eval
"GET /story?b=1#utm_source=x HTTP/1.0\r\nHost: localhost\r\n\r\n"
--- response_body
https://www.example.org/story?b=1


=== TEST 10: an absolute-form request gives its path, never its host
--- config
    article_canonical https://www.example.org;
    location / { return 200 "$article_canonical_url\n"; }
--- raw_request eval
"GET http://Evil.Example:81/abs/../x?utm_source=1&a=1 HTTP/1.0\r\nHost: localhost\r\n\r\n"
--- response_body
https://www.example.org/x?a=1


=== TEST 11: every default tracking argument goes, the rest keep their order
--- config
    article_canonical https://www.example.org;
    location / { return 200 "$article_canonical_url\n"; }
--- request
GET /a?utm_source=x&b=2&fbclid=1&a=1&gclid=2&utm_medium=y&c=3&_ga=1&_gl=2&ref_src=tw&dclid=1&gbraid=1&wbraid=1&msclkid=1&mc_cid=1&mc_eid=1&igshid=1&yclid=1&utm_=z&utm_campaign=q&z=0
--- response_body
https://www.example.org/a?b=2&a=1&c=3&z=0


=== TEST 12: utm_* is a prefix; names are compared exactly
--- config
    article_canonical https://www.example.org;
    location / { return 200 "$article_canonical_url\n"; }
--- request
GET /a?utm=1&UTM_SOURCE=2&xutm_source=3&utm_term=4&fbclid2=5&ref=6
--- response_body
https://www.example.org/a?utm=1&UTM_SOURCE=2&xutm_source=3&fbclid2=5&ref=6


=== TEST 13: only tracking arguments: no "?" is left
--- config
    article_canonical https://www.example.org;
    location / { return 200 "$article_canonical_url\n"; }
--- request
GET /a?utm_source=news&fbclid=abc
--- response_body
https://www.example.org/a


=== TEST 14: empty arguments go, an empty value stays
--- config
    article_canonical https://www.example.org;
    location / { return 200 "$article_canonical_url\n"; }
--- request
GET /a?&&b=1&&c=&d&
--- response_body
https://www.example.org/a?b=1&c=&d


=== TEST 15: an escaped tracking name is still a tracking name
--- config
    article_canonical https://www.example.org;
    location / { return 200 "$article_canonical_url\n"; }
--- request
GET /a?%75tm_source=1&b=%41
--- response_body
https://www.example.org/a?b=A


=== TEST 16: a custom list replaces the default; * only at the end is a prefix
--- config
    article_canonical https://www.example.org;
    article_canonical_strip_args sid ref_* x;
    location / { return 200 "$article_canonical_url\n"; }
--- request
GET /a?sid=1&ref_a=2&ref=3&x=4&xy=5&utm_source=6&ref_=7&b
--- response_body
https://www.example.org/a?ref=3&xy=5&utm_source=6&b


=== TEST 17: article_canonical_strip_args off keeps every argument
--- config
    article_canonical https://www.example.org;
    article_canonical_strip_args off;
    location / { return 200 "$article_canonical_url\n"; }
--- request
GET /a?utm_source=1&fbclid=2&b=3
--- response_body
https://www.example.org/a?utm_source=1&fbclid=2&b=3


=== TEST 18: a location inherits the server's list, or sets its own
--- config
    article_canonical https://www.example.org;
    article_canonical_strip_args session;
    location /in/ { return 200 "$article_canonical_url\n"; }
    location /own/ {
        article_canonical_strip_args off;
        return 200 "$article_canonical_url\n";
    }
--- request eval
["GET /in/a?session=1&utm_source=2", "GET /own/a?session=1&utm_source=2"]
--- response_body eval
["https://www.example.org/in/a?utm_source=2\n",
 "https://www.example.org/own/a?session=1&utm_source=2\n"]


=== TEST 19: a location sets its own origin
--- config
    article_canonical https://www.example.org;
    location /a/ { return 200 "$article_canonical_url\n"; }
    location /b/ {
        article_canonical https://other.example.net;
        return 200 "$article_canonical_url\n";
    }
--- request eval
["GET /a/x", "GET /b/x"]
--- response_body eval
["https://www.example.org/a/x\n", "https://other.example.net/b/x\n"]


=== TEST 20: the Host header plays no part
--- config
    article_canonical https://www.example.org;
    location / { return 200 "$article_canonical_url\n"; }
--- request
GET /a?b=1
--- more_headers
Host: evil.example
--- response_body
https://www.example.org/a?b=1


=== TEST 21: the variable in a header of a rewritten page, as in logs
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        alias html/;
        default_type text/html;
        add_header X-Canonical $article_canonical_url always;
    }
--- user_files
>>> page.html
<html><head><title>t</title></head><body><p>x</p></body></html>
--- request
GET /s/page.html?utm_source=rss&id=7&fbclid=x
--- response_headers
X-Canonical: https://www.example.org/s/page.html?id=7
--- response_body
<html><head><title>t</title></head><body><p>x</p></body></html>
--- no_error_log
[error]


=== TEST 22: the variable on a 404 answer (always)
--- config
    article_canonical https://www.example.org;
    location / {
        add_header X-Canonical $article_canonical_url always;
        return 404;
    }
--- request
GET /gone?utm_medium=email&p=2
--- error_code: 404
--- response_headers
X-Canonical: https://www.example.org/gone?p=2
--- response_body_like: 404 Not Found
