# Pages from a FastCGI application (fastcgi_pass): a page with nothing to
# change comes out as the application wrote it, however nginx's buffers and
# the application's records cut it, and one with a canonical origin and a
# share bar gets each once, the rest intact. The application is
# t/fcgi/responder.pl, forked here on a free loopback port.
use Test::Nginx::Socket 'no_plan';

use File::Basename ();
use File::Spec ();

require File::Spec->catfile(
    File::Basename::dirname(File::Spec->rel2abs(__FILE__)),
    'fcgi', 'responder.pl');

our $small = ArticleFcgi::page('/small.html');
our $article = ArticleFcgi::page('/article.html');

# The article as it should come back with article_canonical, metadata and
# share x: each added piece as a marker where it belongs.
our $marked = $article;
sub mark_at
{
    my ($at, $with) = @_;
    my $n = () = $marked =~ /\Q$at\E/g;
    die "003-fastcgi.t: '$at' is in the article $n times, not once\n"
        unless $n == 1;
    $marked =~ s/\Q$at\E/$with/;
}
mark_at("</head>\n<body>",
     "[canonical https://www.example.org/article.html][meta]"
     . "</head>\n<body>");
mark_at("<h1>Harbour ferry link reopens</h1>\n",
     "<h1>Harbour ferry link reopens</h1>[bar]\n");
mark_at("</footer></body></html>\n", "</footer>[json-ld]</body></html>\n");

# The added pieces cut to markers: every canonical link, every run of Open
# Graph and X card tags, every share bar and JSON-LD script, so that a
# second one of anything, or a byte of the page changed, shows.
sub main::marks
{
    my $body = shift;
    $body =~ s{<link rel="canonical" href="([^"]*)">\n}{[canonical $1]}g;
    $body =~ s{(?:<meta (?:property|name)="(?:og|twitter):[^>]*>\n)+}{[meta]}g;
    $body =~ s{<nav class="article-share" data-article-share[^>]*>.*?</nav>}
              {[bar]}gs;
    $body =~ s{<script type="application/ld\+json">.*?</script>\n}
              {[json-ld]}gs;
    return $body;
}

my $parent = $$;
my ($fcgi_pid, $fcgi_port) = ArticleFcgi::start(120);
$ENV{TEST_NGINX_FCGI_PORT} = $fcgi_port;

END {
    local $?;
    ArticleFcgi::stop($fcgi_pid) if $fcgi_pid && $$ == $parent;
}

no_shuffle();
no_root_location();
run_tests();

__DATA__

=== TEST 1: a small page: same bytes, chunked, no Content-Length
--- config
    location / {
        article on;
        fastcgi_pass 127.0.0.1:$TEST_NGINX_FCGI_PORT;
        fastcgi_param DOCUMENT_URI $uri;
    }
--- request
GET /small.html
--- response_headers
!Content-Length
Transfer-Encoding: chunked
Content-Type: text/html
--- response_body eval
$::small
--- no_error_log
[error]


=== TEST 2: the 200 KB article in large records: same bytes
--- config
    location / {
        article on;
        fastcgi_pass 127.0.0.1:$TEST_NGINX_FCGI_PORT;
        fastcgi_param DOCUMENT_URI $uri;
    }
--- request
GET /article.html
--- response_body eval
$::article
--- no_error_log
[error]


=== TEST 3: the article in records of a few hundred bytes, tiny buffers
--- config
    location / {
        article on;
        fastcgi_pass 127.0.0.1:$TEST_NGINX_FCGI_PORT;
        fastcgi_param DOCUMENT_URI $uri;
        fastcgi_param FCGI_RECORDS small;
        fastcgi_buffer_size 1k;
        fastcgi_buffers 4 1k;
        output_buffers 1 1k;
    }
--- request
GET /article.html
--- response_headers
!Content-Length
--- response_body eval
$::article
--- no_error_log
[error]


=== TEST 4: the same unbuffered (fastcgi_buffering off)
--- config
    location / {
        article on;
        fastcgi_pass 127.0.0.1:$TEST_NGINX_FCGI_PORT;
        fastcgi_param DOCUMENT_URI $uri;
        fastcgi_param FCGI_RECORDS small;
        fastcgi_buffering off;
        fastcgi_buffer_size 1k;
        output_buffers 1 1k;
    }
--- request
GET /article.html
--- response_body eval
$::article
--- no_error_log
[error]


=== TEST 5: the application's Content-Length goes, the bytes stay
--- config
    location / {
        article on;
        fastcgi_pass 127.0.0.1:$TEST_NGINX_FCGI_PORT;
        fastcgi_param DOCUMENT_URI $uri;
        fastcgi_param FCGI_RECORDS small;
        fastcgi_param FCGI_LENGTH on;
        fastcgi_buffer_size 1k;
        fastcgi_buffers 4 1k;
        output_buffers 1 1k;
    }
--- request
GET /article.html
--- response_headers
!Content-Length
Transfer-Encoding: chunked
--- response_body eval
$::article
--- no_error_log
[error]


=== TEST 6: without article, the application's Content-Length is kept
--- config
    location / {
        fastcgi_pass 127.0.0.1:$TEST_NGINX_FCGI_PORT;
        fastcgi_param DOCUMENT_URI $uri;
        fastcgi_param FCGI_LENGTH on;
    }
--- request
GET /small.html
--- response_headers
Content-Length: 91
--- response_body eval
$::small
--- no_error_log
[error]


=== TEST 7: the application's 404 passes through
--- config
    location / {
        article on;
        fastcgi_pass 127.0.0.1:$TEST_NGINX_FCGI_PORT;
        fastcgi_param DOCUMENT_URI $uri;
    }
--- request
GET /nope.html
--- error_code: 404
--- response_body
no page /nope.html
--- no_error_log
[error]


=== TEST 8: canonical, metadata and share: each once, the rest intact
--- config
    article_canonical https://www.example.org;
    article_metadata on;
    article_share x;
    location / {
        article on;
        fastcgi_pass 127.0.0.1:$TEST_NGINX_FCGI_PORT;
        fastcgi_param DOCUMENT_URI $uri;
    }
--- request
GET /article.html
--- response_headers
Link: <https://www.example.org/article.html>; rel="canonical"
!Content-Length
--- response_body_filters eval
\&main::marks
--- response_body eval
$::marked
--- no_error_log
[error]


=== TEST 9: the same in records of a few hundred bytes, tiny buffers
--- config
    article_canonical https://www.example.org;
    article_metadata on;
    article_share x;
    location / {
        article on;
        fastcgi_pass 127.0.0.1:$TEST_NGINX_FCGI_PORT;
        fastcgi_param DOCUMENT_URI $uri;
        fastcgi_param FCGI_RECORDS small;
        fastcgi_buffer_size 1k;
        fastcgi_buffers 4 1k;
        output_buffers 1 1k;
    }
--- request
GET /article.html
--- response_headers
Link: <https://www.example.org/article.html>; rel="canonical"
!Content-Length
--- response_body_filters eval
\&main::marks
--- response_body eval
$::marked
--- no_error_log
[error]
