# The filter itself: which responses it takes, what it does to their
# headers, and that a page with nothing to change comes out as it went in.
use Test::Nginx::Socket 'no_plan';

no_shuffle();
run_tests();

__DATA__

=== TEST 1: off by default: headers untouched
--- config
    location /a { default_type text/html; return 200 "<p>hello</p>\n"; }
--- request
GET /a
--- response_headers
Content-Length: 13
--- response_body
<p>hello</p>
--- no_error_log
[error]


=== TEST 2: on with nothing to change: same bytes, chunked, no Content-Length
--- config
    location /a { article on; default_type text/html; return 200 "<p>hello</p>\n"; }
--- request
GET /a
--- response_headers
!Content-Length
Transfer-Encoding: chunked
--- response_body
<p>hello</p>
--- no_error_log
[error]


=== TEST 3: a static file: the strong ETag turns weak, Accept-Ranges goes
--- config
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files
>>> page.html
<!DOCTYPE html><html><head><title>x</title></head><body><p>a &amp; b</p></body></html>
--- request
GET /s/page.html
--- response_headers_like
ETag: W/"[0-9a-f]+-[0-9a-f]+"
Accept-Ranges:
Last-Modified:
--- response_body
<!DOCTYPE html><html><head><title>x</title></head><body><p>a &amp; b</p></body></html>


=== TEST 4: article_last_modified on keeps Last-Modified
--- config
    location /s/ {
        article on;
        article_last_modified on;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> page.html 201801010000.00
<p>x</p>
--- request
GET /s/page.html
--- response_headers
Last-Modified: Mon, 01 Jan 2018 00:00:00 GMT
--- response_body
<p>x</p>


=== TEST 5: types not listed pass through with their Content-Length
--- config
    location /a { article on; default_type text/plain; return 200 "<p>x</p>"; }
--- request
GET /a
--- response_headers
Content-Length: 8
--- response_body chomp
<p>x</p>


=== TEST 6: article_types takes other types, parameters ignored
--- config
    location /a {
        article on;
        article_types application/xhtml+xml text/html;
        default_type "application/xhtml+xml; charset=utf-8";
        return 200 "<p>x</p>";
    }
--- request
GET /a
--- response_headers
!Content-Length
--- response_body chomp
<p>x</p>


=== TEST 7: statuses other than 200 pass through
--- config
    location /a { article on; default_type text/html; return 404 "<p>gone</p>"; }
--- request
GET /a
--- error_code: 404
--- response_headers
Content-Length: 11
--- response_body chomp
<p>gone</p>


=== TEST 8: HEAD is answered as nginx would, with the file's length
--- config
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files
>>> page.html
<p>head</p>
--- request
HEAD /s/page.html
--- response_headers
Content-Length: 12
--- response_body


=== TEST 9: If-Modified-Since gets 304 with no body
--- config
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files
>>> page.html 201801010000.00
<p>x</p>
--- request
GET /s/page.html
--- more_headers
If-Modified-Since: Mon, 01 Jan 2018 00:00:00 GMT
--- error_code: 304
--- response_body


=== TEST 10: a Range request gets the whole rewritten page (200)
--- config
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files
>>> page.html
<p>0123456789</p>
--- request
GET /s/page.html
--- more_headers
Range: bytes=0-3
--- error_code: 200
--- response_body
<p>0123456789</p>


=== TEST 11: without article, the same Range request gets 206
--- config
    location /s/ { alias html/; default_type text/html; }
--- user_files
>>> page.html
<p>0123456789</p>
--- request
GET /s/page.html
--- more_headers
Range: bytes=0-3
--- error_code: 206
--- response_body chomp
<p>0


=== TEST 12: sendfile on and off give the same page
--- config
    location /on/ { article on; sendfile on; alias html/; default_type text/html; }
    location /off/ { article on; sendfile off; alias html/; default_type text/html; }
--- user_files
>>> page.html
<html><body><!-- c --><script>if (a<b) x="</p>";</script><p>t</p></body></html>
--- request eval
["GET /on/page.html", "GET /off/page.html"]
--- response_body eval
["<html><body><!-- c --><script>if (a<b) x=\"</p>\";</script><p>t</p></body></html>\n",
 "<html><body><!-- c --><script>if (a<b) x=\"</p>\";</script><p>t</p></body></html>\n"]


=== TEST 13: a gzip-encoded upstream answer passes through unchanged, logged
--- config
    location /origin/ {
        alias html/;
        default_type text/html;
        gzip on; gzip_min_length 0;
        gzip_http_version 1.0;
    }
    location /p/ {
        article on;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
--- user_files
>>> page.html
<html><head></head><body><p>compressed upstream</p></body></html>
--- request
GET /p/page.html
--- more_headers
Accept-Encoding: gzip
--- response_headers
Content-Encoding: gzip
--- response_body_like: ^\x1f\x8b
--- error_log
encoded response passed through unchanged


=== TEST 14: gzip on still compresses the rewritten page
--- config
    location /s/ {
        article on;
        gzip on; gzip_min_length 0;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> page.html
<html><body><p>to be compressed</p></body></html>
--- request
GET /s/page.html
--- more_headers
Accept-Encoding: gzip
--- response_headers
Content-Encoding: gzip
!Content-Length
--- response_body_like: ^\x1f\x8b


=== TEST 15: an SSI include: the subrequest is not rewritten on its own
--- config
    location /s/ { article on; ssi on; alias html/; default_type text/html; }
--- user_files
>>> page.html
<html><body><p>main</p><!--# include virtual="/s/part.html" --></body></html>
>>> part.html
<p>part</p>
--- request
GET /s/page.html
--- response_body
<html><body><p>main</p><p>part</p>
</body></html>


=== TEST 16: a page over article_max_size (known length) passes untouched
--- config
    location /s/ {
        article on;
        article_max_size 10;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> page.html
<p>longer than ten bytes</p>
--- request
GET /s/page.html
--- response_headers
Content-Length: 29
--- response_body
<p>longer than ten bytes</p>
--- error_log
is over article_max_size, passed through unchanged


=== TEST 17: proxied with tiny buffers, a page split everywhere comes out whole
--- config
    location /origin/ { alias html/; default_type text/html; }
    location /p/ {
        article on;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
        proxy_buffering on;
        proxy_buffer_size 1k;
        proxy_buffers 4 1k;
        output_buffers 1 1k;
    }
--- user_files eval
[["page.html", "<!DOCTYPE html>\n<html><head><title>t &amp; t</title></head><body>\n"
  . ("<p class=\"x\" data-a='1'>para &eacute; <a href=\"/x?a=1&amp;b=2\">link</a></p>\n" x 200)
  . "<script>var s = '</p>'; if (a < b) {}</script></body></html>\n"]]
--- request
GET /p/page.html
--- response_body eval
"<!DOCTYPE html>\n<html><head><title>t &amp; t</title></head><body>\n"
  . ("<p class=\"x\" data-a='1'>para &eacute; <a href=\"/x?a=1&amp;b=2\">link</a></p>\n" x 200)
  . "<script>var s = '</p>'; if (a < b) {}</script></body></html>\n"
--- no_error_log
[error]
