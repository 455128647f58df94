# Canonical metadata (article_metadata): exactly one canonical link, the
# Link header that agrees with it, Open Graph and X card tags only where the
# page lacks them, one JSON-LD NewsArticle that no value can break out of.
use Test::Nginx::Socket 'no_plan';

# The metadata of a page, one element a line, in page order: every
# canonical link, Open Graph and X tag and JSON-LD script, and where </head>
# and </body> are, so that a block states counts, values and places at once.
sub main::meta {
    my $body = shift;
    my @found = $body =~ m{
        ( <link\b[^>]*\brel=["']?canonical\b[^>]*>
        | <meta\b[^>]*\b(?:property|name)=["']?(?:og|twitter):[^>]*>
        | <script\b[^>]*application/ld\+json[^>]*>.*?</script>
        | </head> | </body> )
    }gsix;
    return join("\n", @found) . "\n";
}

no_shuffle();
run_tests();

__DATA__

=== TEST 1: article_metadata is off by default: nothing added, no Link
--- config
    article_canonical https://www.example.org;
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files
>>> a.html
<html><head><title>Ferry</title></head><body><h1>Ferry</h1></body></html>
--- request
GET /s/a.html
--- response_headers
!Link
--- response_body
<html><head><title>Ferry</title></head><body><h1>Ferry</h1></body></html>


=== TEST 2: article_metadata off at a location, on at the server
--- config
    article_canonical https://www.example.org;
    article_metadata on;
    location /s/ {
        article on;
        article_metadata off;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<html><head><title>Ferry</title></head><body><h1>Ferry</h1></body></html>
--- request
GET /s/a.html
--- response_headers
!Link
--- response_body
<html><head><title>Ferry</title></head><body><h1>Ferry</h1></body></html>


=== TEST 3: on: the whole page, each tag once, the Link header agreeing
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_metadata on;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<html><head><title>Ferry link reopens</title></head><body><h1>Ferry</h1></body></html>
--- request
GET /s/a.html?utm_source=x&id=3
--- response_headers
Link: <https://www.example.org/s/a.html?id=3>; rel="canonical"
--- response_body
<html><head><title>Ferry link reopens</title><link rel="canonical" href="https://www.example.org/s/a.html?id=3">
<meta property="og:url" content="https://www.example.org/s/a.html?id=3">
<meta property="og:title" content="Ferry link reopens">
<meta property="og:type" content="article">
<meta name="twitter:card" content="summary">
</head><body><h1>Ferry</h1><script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Ferry link reopens","url":"https://www.example.org/s/a.html?id=3","mainEntityOfPage":{"@type":"WebPage","@id":"https://www.example.org/s/a.html?id=3"}}</script>
</body></html>
--- no_error_log
[error]


=== TEST 4: og:site_name, twitter:site and the JSON-LD publisher
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_metadata on;
        article_site_name "Example News";
        article_twitter_site @examplenews;
        article_publisher_logo https://www.example.org/logo.png;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<html><head><title>Ferry</title></head><body></body></html>
--- request
GET /s/a.html
--- response_body_filters eval
\&main::meta
--- response_body_like eval
qr{\A<link rel="canonical" href="https://www\.example\.org/s/a\.html">
<meta property="og:url" content="https://www\.example\.org/s/a\.html">
<meta property="og:title" content="Ferry">
<meta property="og:type" content="article">
<meta property="og:site_name" content="Example News">
<meta name="twitter:card" content="summary">
<meta name="twitter:site" content="\@examplenews">
</head>
<script type="application/ld\+json">\{[^<]*"publisher":\{"\@type":"Organization","name":"Example News","logo":\{"\@type":"ImageObject","url":"https://www\.example\.org/logo\.png"\}\}[^<]*</script>
</body>
\z}


=== TEST 5: fix: a canonical link to a mirror gets the canonical origin
--- config
    article_canonical https://www.example.org;
    article_mirrors www.example.org mirror.example.net;
    location /s/ {
        article on;
        article_metadata on;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<html><head><link rel="canonical" href="https://Mirror.Example.Net/story?id=1#top"><title>T</title></head><body></body></html>
--- request
GET /s/a.html?fbclid=1
--- more_headers
Host: mirror.example.net
--- response_headers
Link: <https://www.example.org/story?id=1#top>; rel="canonical"
--- response_body_filters eval
\&main::meta
--- response_body_like eval
qr{\A<link rel="canonical" href="https://www\.example\.org/story\?id=1#top">
<meta property="og:url" content="https://www\.example\.org/story\?id=1#top">
<meta property="og:title" content="T">
<meta property="og:type" content="article">
<meta name="twitter:card" content="summary">
</head>
<script type="application/ld\+json">[^<]*"url":"https://www\.example\.org/story\?id=1#top"[^<]*</script>
</body>
\z}


=== TEST 6: fix: a relative canonical link is resolved on the canonical origin
--- config
    article_canonical https://www.example.org;
    article_mirrors www.example.org mirror.example.net;
    location /s/ {
        article on;
        article_metadata on;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<html><head><link rel=canonical href="../news/ferry?p=2"><title>T</title></head><body></body></html>
--- request
GET /s/a.html
--- more_headers
Host: mirror.example.net
--- response_headers
Link: <https://www.example.org/news/ferry?p=2>; rel="canonical"
--- response_body_filters eval
\&main::meta
--- response_body_like eval
qr{\A<link rel=canonical href="https://www\.example\.org/news/ferry\?p=2">
<meta property="og:url" content="https://www\.example\.org/news/ferry\?p=2">
}


=== TEST 7: fix: a canonical link to another site is kept, and is the Link
--- config
    article_canonical https://www.example.org;
    article_mirrors www.example.org mirror.example.net;
    location /s/ {
        article on;
        article_metadata on;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<html><head><link rel="canonical" href="https://wire.example.com/orig/42"><title>T</title></head><body></body></html>
--- request
GET /s/a.html
--- response_headers
Link: <https://wire.example.com/orig/42>; rel="canonical"
--- response_body_filters eval
\&main::meta
--- response_body_like eval
qr{\A<link rel="canonical" href="https://wire\.example\.com/orig/42">
<meta property="og:url" content="https://wire\.example\.com/orig/42">
}


=== TEST 8: keep: a canonical link to a mirror stays, the Link header follows it
--- config
    article_canonical https://www.example.org;
    article_mirrors www.example.org mirror.example.net;
    location /s/ {
        article on;
        article_metadata on;
        article_canonical_existing keep;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<html><head><link rel="canonical" href="https://mirror.example.net/story?id=1"><title>T</title></head><body></body></html>
--- request
GET /s/a.html
--- response_headers
Link: <https://mirror.example.net/story?id=1>; rel="canonical"
--- response_body_filters eval
\&main::meta
--- response_body_like eval
qr{\A<link rel="canonical" href="https://mirror\.example\.net/story\?id=1">
<meta property="og:url" content="https://mirror\.example\.net/story\?id=1">
}


=== TEST 9: keep: a relative canonical link stays, the Link header agrees with it
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_metadata on;
        article_canonical_existing keep;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<html><head><link rel="canonical" href="/news/ferry"><title>T</title></head><body></body></html>
--- request
GET /s/a.html
--- response_headers
Link: <https://www.example.org/news/ferry>; rel="canonical"
--- response_body_filters eval
\&main::meta
--- response_body_like eval
qr{\A<link rel="canonical" href="/news/ferry">
<meta property="og:url" content="https://www\.example\.org/news/ferry">
}


=== TEST 10: replace: the page's canonical link gets the computed URL
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_metadata on;
        article_canonical_existing replace;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<html><head><link rel="canonical" href="https://wire.example.com/orig/42"><title>T</title></head><body></body></html>
--- request
GET /s/a.html?utm_campaign=z&x=1
--- response_headers
Link: <https://www.example.org/s/a.html?x=1>; rel="canonical"
--- response_body_filters eval
\&main::meta
--- response_body_like eval
qr{\A<link rel="canonical" href="https://www\.example\.org/s/a\.html\?x=1">
<meta property="og:url" content="https://www\.example\.org/s/a\.html\?x=1">
}


=== TEST 11: two canonical links: the second goes, the first is the one
--- config
    article_canonical https://www.example.org;
    article_mirrors www.example.org mirror.example.net;
    location /s/ {
        article on;
        article_metadata on;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<html><head><link rel="canonical" href="https://mirror.example.net/one"><meta charset="utf-8"><link rel="alternate canonical" href="https://www.example.org/two"><title>T</title></head><body></body></html>
--- request
GET /s/a.html
--- response_headers
Link: <https://www.example.org/one>; rel="canonical"
--- response_body_like eval
qr{\A<html><head><link rel="canonical" href="https://www\.example\.org/one"><meta charset="utf-8"><title>T</title><meta property="og:url" content="https://www\.example\.org/one">\n}


=== TEST 12: two canonical links under keep: still exactly one
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_metadata on;
        article_canonical_existing keep;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<html><head><link rel="canonical" href="https://www.example.org/one"><link rel="canonical" href="https://www.example.org/two"><title>T</title></head><body></body></html>
--- request
GET /s/a.html
--- response_headers
Link: <https://www.example.org/one>; rel="canonical"
--- response_body_filters eval
\&main::meta
--- response_body_like eval
qr{\A<link rel="canonical" href="https://www\.example\.org/one">
<meta property="og:url" content="https://www\.example\.org/one">
}


=== TEST 13: existing og:url and og:title are not duplicated, og:type added
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_metadata on;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<html><head><title>Page title</title><meta property="og:url" content="https://www.example.org/s/a.html"><meta property="og:title" content="OG title"><meta name="twitter:card" content="summary_large_image"></head><body></body></html>
--- request
GET /s/a.html
--- response_body_filters eval
\&main::meta
--- response_body_like eval
qr{\A<meta property="og:url" content="https://www\.example\.org/s/a\.html">
<meta property="og:title" content="OG title">
<meta name="twitter:card" content="summary_large_image">
<link rel="canonical" href="https://www\.example\.org/s/a\.html">
<meta property="og:type" content="article">
</head>
<script type="application/ld\+json">[^<]*"headline":"OG title"[^<]*</script>
</body>
\z}


=== TEST 14: an image named in the head: og:image and a large card
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_metadata on;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<html><head><title>T</title><meta name="twitter:image" content="/img/ferry.jpg"></head><body></body></html>
--- request
GET /s/a.html
--- response_body_filters eval
\&main::meta
--- response_body_like eval
qr{<meta property="og:image" content="https://www\.example\.org/img/ferry\.jpg">
<meta name="twitter:card" content="summary_large_image">
</head>
<script type="application/ld\+json">[^<]*"image":"https://www\.example\.org/img/ferry\.jpg"}


=== TEST 15: an image in the article body goes into the JSON-LD
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_metadata on;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<html><head><title>T</title></head><body><img src="/logo.png"><article><img src="data:image/gif;base64,R0lG"><img src="/img/ferry.jpg"></article></body></html>
--- request
GET /s/a.html
--- response_body_like eval
qr{<script type="application/ld\+json">[^<]*"image":"https://www\.example\.org/img/ferry\.jpg"[^<]*</script>\n</body>}


=== TEST 16: dates from article:published_time and article:modified_time
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_metadata on;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<html><head><title>T</title><meta property="article:published_time" content="2024-05-01T08:00:00Z"><meta property="article:modified_time" content="2024-05-02T09:30:00Z"></head><body><time datetime="2020-01-01">old</time></body></html>
--- request
GET /s/a.html
--- response_body_like eval
qr{<script type="application/ld\+json">[^<]*"datePublished":"2024-05-01T08:00:00Z","dateModified":"2024-05-02T09:30:00Z"[^<]*</script>}


=== TEST 17: without meta dates, the first <time datetime> is the date
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_metadata on;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<html><head><title>T</title></head><body><p>Posted <time datetime="2024-05-01">1 May</time> <time datetime="2024-06-01">June</time></p></body></html>
--- request
GET /s/a.html
--- response_body_like eval
qr{<script type="application/ld\+json">[^<]*"datePublished":"2024-05-01"[^<]*</script>}


=== TEST 18: a page with its own NewsArticle JSON-LD gets none added
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_metadata on;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<html><head><title>T</title><script type="application/ld+json">{"@context":"https://schema.org","@type":["NewsArticle"],"headline":"Own"}</script></head><body><p>x</p></body></html>
--- request
GET /s/a.html
--- response_body_filters eval
\&main::meta
--- response_body
<script type="application/ld+json">{"@context":"https://schema.org","@type":["NewsArticle"],"headline":"Own"}</script>
<link rel="canonical" href="https://www.example.org/s/a.html">
<meta property="og:url" content="https://www.example.org/s/a.html">
<meta property="og:title" content="T">
<meta property="og:type" content="article">
<meta name="twitter:card" content="summary">
</head>
</body>


=== TEST 19: an Article JSON-LD in the body counts too; other types do not
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_metadata on;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<html><head><title>T</title><script type="application/ld+json">{"@type":"BreadcrumbList","name":"NewsArticle"}</script></head><body><script type="application/ld+json">{"@graph":[{"@type":"Article","headline":"x"}]}</script></body></html>
>>> b.html
<html><head><title>T</title><script type="application/ld+json">{"@type":"BreadcrumbList","name":"NewsArticle"}</script></head><body><p>x</p></body></html>
--- request eval
["GET /s/a.html", "GET /s/b.html"]
--- response_body_like eval
[qr{\A(?!.*"\@type":"NewsArticle").*\{"\@graph":\[\{"\@type":"Article","headline":"x"\}\]\}</script></body></html>\n\z}s,
 qr{<script type="application/ld\+json">\{"\@context":"https://schema\.org","\@type":"NewsArticle","headline":"T"[^<]*</script>\n</body>}]


=== TEST 20: a title with </script><!-- and quotes cannot close the JSON-LD script
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_metadata on;
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["a.html", "<html><head><title>&lt;/script&gt;&lt;!-- \"x\" \\ \xe2\x80\xa8 end</title></head><body></body></html>\n"]]
--- request
GET /s/a.html
--- response_body_filters eval
\&main::meta
--- response_body_like eval
qr{<meta property="og:title" content="&lt;/script&gt;&lt;!-- &quot;x&quot; \\ \xe2\x80\xa8 end">
.*
<script type="application/ld\+json">\{"\@context":"https://schema\.org","\@type":"NewsArticle","headline":"\\u003c/script\\u003e\\u003c!-- \\"x\\" \\\\ \\u2028 end",[^<]*</script>
</body>
\z}s


=== TEST 21: a title with "<>&' and Persian text, escaped for each place
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_metadata on;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<html><head><meta charset="utf-8"><title>"Q" &lt;b&gt; R&amp;D 'n' خبر فوری</title></head><body></body></html>
--- request
GET /s/a.html
--- response_body_filters eval
\&main::meta
--- response_body_like eval
qr{<meta property="og:title" content="&quot;Q&quot; &lt;b&gt; R&amp;D &#39;n&#39; خبر فوری">
.*"headline":"\\"Q\\" \\u003cb\\u003e R\\u0026D 'n' خبر فوری"}s


=== TEST 22: an inline script holding "</head>" does not get the metadata
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_metadata on;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<html><head><title>T</title><script>var s = "</head><body>"; /* </head> */</script></head><body><p>x</p></body></html>
--- request
GET /s/a.html
--- response_body_like eval
qr{\A<html><head><title>T</title><script>var s = "</head><body>"; /\* </head> \*/</script><link rel="canonical" href="https://www\.example\.org/s/a\.html">\n(?:<meta [^\n]*>\n){4}</head><body><p>x</p><script type="application/ld\+json">}


=== TEST 23: a page rewritten twice (two article locations) has one of each
--- config
    article_canonical https://www.example.org;
    article_mirrors www.example.org mirror.example.net;
    article_metadata on;
    article_site_name "Example News";
    article_twitter_site @examplenews;
    location /origin/ {
        article on;
        alias html/;
        default_type text/html;
    }
    location /p/ {
        article on;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
--- user_files
>>> a.html
<html><head><title>Ferry</title><meta property="og:image" content="/f.jpg"></head><body><article><h1>Ferry</h1></article></body></html>
--- request
GET /p/a.html
--- response_headers
Link: <https://www.example.org/origin/a.html>; rel="canonical"
--- response_body_filters eval
\&main::meta
--- response_body_like eval
qr{\A<meta property="og:image" content="/f\.jpg">
<link rel="canonical" href="https://www\.example\.org/origin/a\.html">
<meta property="og:url" content="https://www\.example\.org/origin/a\.html">
<meta property="og:title" content="Ferry">
<meta property="og:type" content="article">
<meta property="og:site_name" content="Example News">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:site" content="\@examplenews">
</head>
<script type="application/ld\+json">[^<]*</script>
</body>
\z}
--- no_error_log
[error]


=== TEST 24: a canonical link in the body is not the page's
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_metadata on;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<html><head><title>T</title></head><body><link rel="canonical" href="https://elsewhere.example/x"></body></html>
--- request
GET /s/a.html
--- response_headers
Link: <https://www.example.org/s/a.html>; rel="canonical"
--- response_body_like eval
qr{<link rel="canonical" href="https://www\.example\.org/s/a\.html">\n.*</head>}s


=== TEST 25: a proxied page split in 1k buffers gets the same metadata
--- config
    article_canonical https://www.example.org;
    location /origin/ { alias html/; default_type text/html; }
    location /p/ {
        article on;
        article_metadata on;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
        proxy_buffer_size 1k;
        proxy_buffers 4 1k;
    }
--- user_files eval
[["a.html", "<html><head><title>Split</title>" . ("<meta name=\"x\" content=\"" . ("y" x 300) . "\">\n" x 20) . "<link rel=\"canonical\" href=\"/split\"></head><body>" . ("<p>para</p>\n" x 500) . "</body></html>\n"]]
--- request
GET /p/a.html
--- response_headers
Link: <https://www.example.org/split>; rel="canonical"
--- response_body_filters eval
\&main::meta
--- response_body_like eval
qr{\A<link rel="canonical" href="https://www\.example\.org/split">
<meta property="og:url" content="https://www\.example\.org/split">
<meta property="og:title" content="Split">
<meta property="og:type" content="article">
<meta name="twitter:card" content="summary">
</head>
<script type="application/ld\+json">[^<]*</script>
</body>
\z}


=== TEST 26: an upstream's own canonical Link header is not sent next to ours
--- config
    article_canonical https://www.example.org;
    article_mirrors www.example.org mirror.example.net;
    location /origin/ {
        alias html/;
        default_type text/html;
        add_header Link '<https://mirror.example.net/story>; rel="canonical"';
    }
    location /p/ {
        article on;
        article_metadata on;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
--- user_files
>>> a.html
<html><head><link rel="canonical" href="https://mirror.example.net/story"><title>T</title></head><body></body></html>
--- request
GET /p/a.html
--- response_headers
Link: <https://www.example.org/story>; rel="canonical"
--- response_body_like: <link rel="canonical" href="https://www.example.org/story">


=== TEST 27: a page whose <head> start tag is omitted still gets its metadata
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_metadata on;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<!DOCTYPE html><html lang="en"><meta charset="utf-8"><title>No head tag</title><body><p>x</p></body></html>
--- request
GET /s/a.html
--- response_headers
Link: <https://www.example.org/s/a.html>; rel="canonical"
--- response_body_like eval
qr{\A<!DOCTYPE html><html lang="en"><meta charset="utf-8"><title>No head tag</title>(?=.*<link rel="canonical" href="https://www\.example\.org/s/a\.html">.*<body>)(?=.*<meta property="og:url" content="https://www\.example\.org/s/a\.html">.*<body>).*<body><p>x</p><script type="application/ld\+json">}s
