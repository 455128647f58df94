# The share bar (article_share and its directives): plain links that carry
# the article's canonical URL and title, where the operator wants them, once
# per page, with nothing taken unescaped from the page or the request.
use Test::Nginx::Socket 'no_plan';

# The share links of a page, one "network href" a line, in page order.
sub main::links {
    my $body = shift;
    my @links;
    while ($body =~ m{<a class="article-share-link article-share-([\w-]+)" href="([^"]*)"}g) {
        push @links, "$1 $2";
    }
    return join("\n", @links) . "\n";
}

# The page with the markup of the bar cut to "[bar]": where it is.
sub main::place {
    my $body = shift;
    $body =~ s{<nav class="article-share"[^>]*>.*?</nav>}{[bar]}gs;
    return $body;
}

# The text of the X link, decoded: what a reader would post.
sub main::x_text {
    my $body = shift;
    my ($t) = $body =~ m{https://x\.com/intent/tweet\?text=([^&"]*)};
    return "none\n" unless defined $t;
    $t =~ s/%([0-9A-F]{2})/chr(hex($1))/ge;
    return "$t\n";
}

our $page = '<html><head><title>Ferry link reopens - The Post</title></head><body><article><h1>Ferry link reopens</h1><p>Text.</p></article></body></html>' . "\n";

no_shuffle();
run_tests();

__DATA__

=== TEST 1: article_share is off by default
--- config
    article_canonical https://www.example.org;
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files eval
[["a.html", $::page]]
--- request
GET /s/a.html
--- response_body eval
$::page


=== TEST 2: the networks in the order given, after the article's h1
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_share telegram x email;
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["a.html", $::page]]
--- request
GET /s/a.html?utm_source=rss&id=7
--- response_body_filters eval
\&main::links
--- response_body
telegram https://t.me/share/url?url=https%3A%2F%2Fwww.example.org%2Fs%2Fa.html%3Fid%3D7&amp;text=Ferry%20link%20reopens%20-%20The%20Post
x https://x.com/intent/tweet?text=Ferry%20link%20reopens%20-%20The%20Post&amp;url=https%3A%2F%2Fwww.example.org%2Fs%2Fa.html%3Fid%3D7
email mailto:?subject=Ferry%20link%20reopens%20-%20The%20Post&amp;body=https%3A%2F%2Fwww.example.org%2Fs%2Fa.html%3Fid%3D7
--- no_error_log
[error]


=== TEST 3: the bar's markup: a labelled nav, links that open apart, email in place
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_share x email;
        article_share_style off;
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["a.html", $::page]]
--- request
GET /s/a.html
--- response_body_like eval
qr{<h1>Ferry link reopens</h1><nav class="article-share" data-article-share aria-label="Share this article"><span class="article-share-label" aria-hidden="true">Share this article</span><ul class="article-share-list"><li><a class="article-share-link article-share-x" href="[^"]+" rel="noopener noreferrer" target="_blank" aria-label="Share on X"><svg [^>]*aria-hidden="true"[^>]*>.*?</svg><span>X</span></a></li><li><a class="article-share-link article-share-email" href="mailto:[^"]+" rel="noopener noreferrer" aria-label="Share by email"><svg [^>]*>.*?</svg><span>Email</span></a></li></ul></nav><p>Text\.</p>}


=== TEST 4: every network's documented share address, each value encoded on its own
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_share x facebook linkedin reddit telegram whatsapp vk bluesky mastodon threads pinterest hackernews email line weibo;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<html><head><title>Q&amp;A: "50% off" #1 + more</title></head><body><article><h1>Q</h1></article></body></html>
--- request
GET /s/a.html?id=1&p=2
--- response_body_filters eval
\&main::links
--- response_body
x https://x.com/intent/tweet?text=Q%26A%3A%20%2250%25%20off%22%20%231%20%2B%20more&amp;url=https%3A%2F%2Fwww.example.org%2Fs%2Fa.html%3Fid%3D1%26p%3D2
facebook https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fwww.example.org%2Fs%2Fa.html%3Fid%3D1%26p%3D2
linkedin https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fwww.example.org%2Fs%2Fa.html%3Fid%3D1%26p%3D2
reddit https://www.reddit.com/submit?url=https%3A%2F%2Fwww.example.org%2Fs%2Fa.html%3Fid%3D1%26p%3D2&amp;title=Q%26A%3A%20%2250%25%20off%22%20%231%20%2B%20more
telegram https://t.me/share/url?url=https%3A%2F%2Fwww.example.org%2Fs%2Fa.html%3Fid%3D1%26p%3D2&amp;text=Q%26A%3A%20%2250%25%20off%22%20%231%20%2B%20more
whatsapp https://wa.me/?text=Q%26A%3A%20%2250%25%20off%22%20%231%20%2B%20more%20https%3A%2F%2Fwww.example.org%2Fs%2Fa.html%3Fid%3D1%26p%3D2
vk https://vk.com/share.php?url=https%3A%2F%2Fwww.example.org%2Fs%2Fa.html%3Fid%3D1%26p%3D2&amp;title=Q%26A%3A%20%2250%25%20off%22%20%231%20%2B%20more
bluesky https://bsky.app/intent/compose?text=Q%26A%3A%20%2250%25%20off%22%20%231%20%2B%20more%20https%3A%2F%2Fwww.example.org%2Fs%2Fa.html%3Fid%3D1%26p%3D2
mastodon https://share.joinmastodon.org/#text=Q%26A%3A%20%2250%25%20off%22%20%231%20%2B%20more%20https%3A%2F%2Fwww.example.org%2Fs%2Fa.html%3Fid%3D1%26p%3D2
threads https://www.threads.net/intent/post?text=Q%26A%3A%20%2250%25%20off%22%20%231%20%2B%20more%20https%3A%2F%2Fwww.example.org%2Fs%2Fa.html%3Fid%3D1%26p%3D2
pinterest https://pinterest.com/pin/create/button/?url=https%3A%2F%2Fwww.example.org%2Fs%2Fa.html%3Fid%3D1%26p%3D2&amp;description=Q%26A%3A%20%2250%25%20off%22%20%231%20%2B%20more
hackernews https://news.ycombinator.com/submitlink?u=https%3A%2F%2Fwww.example.org%2Fs%2Fa.html%3Fid%3D1%26p%3D2&amp;t=Q%26A%3A%20%2250%25%20off%22%20%231%20%2B%20more
email mailto:?subject=Q%26A%3A%20%2250%25%20off%22%20%231%20%2B%20more&amp;body=https%3A%2F%2Fwww.example.org%2Fs%2Fa.html%3Fid%3D1%26p%3D2
line https://social-plugins.line.me/lineit/share?url=https%3A%2F%2Fwww.example.org%2Fs%2Fa.html%3Fid%3D1%26p%3D2
weibo https://service.weibo.com/share/share.php?url=https%3A%2F%2Fwww.example.org%2Fs%2Fa.html%3Fid%3D1%26p%3D2&amp;title=Q%26A%3A%20%2250%25%20off%22%20%231%20%2B%20more


=== TEST 5: twitter is another name for x
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_share twitter;
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["a.html", $::page]]
--- request
GET /s/a.html
--- response_body_filters eval
\&main::links
--- response_body
x https://x.com/intent/tweet?text=Ferry%20link%20reopens%20-%20The%20Post&amp;url=https%3A%2F%2Fwww.example.org%2Fs%2Fa.html


=== TEST 6: the shared URL is the canonical one, also through a mirror
--- config
    article_canonical https://www.example.org;
    article_mirrors www.example.org mirror.example.net;
    article_mirror_links on;
    article_mirror_block off;
    location /s/ {
        article on;
        article_share facebook;
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["a.html", $::page]]
--- request
GET /s/a.html?fbclid=abc
--- more_headers
Host: mirror.example.net
--- response_body_filters eval
\&main::links
--- response_body
facebook https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fwww.example.org%2Fs%2Fa.html


=== TEST 7: article_share off at a location turns off the server's bar
--- config
    article_canonical https://www.example.org;
    article_share x;
    location /s/ {
        article on;
        article_share off;
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["a.html", $::page]]
--- request
GET /s/a.html
--- response_body eval
$::page


=== TEST 8: the default anchor: no h1 in an article, the bar goes before </body>
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_share x;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<html><head><title>T</title></head><body><h1>Outside</h1><article><h2>Sub</h2></article><footer>f</footer></body></html>
--- request
GET /s/a.html
--- response_body_filters eval
\&main::place
--- response_body
<html><head><title>T</title></head><body><h1>Outside</h1><article><h2>Sub</h2></article><footer>f</footer>[bar]</body></html>


=== TEST 9: article_share_anchor: a selector with each position
--- config
    article_canonical https://www.example.org;
    location /before/ {
        article on;
        article_share x;
        article_share_anchor ".byline" before;
        alias html/;
        default_type text/html;
    }
    location /after/ {
        article on;
        article_share x;
        article_share_anchor ".byline" after;
        alias html/;
        default_type text/html;
    }
    location /prepend/ {
        article on;
        article_share x;
        article_share_anchor "main > article" prepend;
        alias html/;
        default_type text/html;
    }
    location /append/ {
        article on;
        article_share x;
        article_share_anchor "article, footer" append;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<body><main><article><h1>T</h1><p class="byline">By A</p><p>x</p></article></main><footer>f</footer></body>
--- request eval
["GET /before/a.html", "GET /after/a.html", "GET /prepend/a.html", "GET /append/a.html"]
--- response_body_filters eval
\&main::place
--- response_body eval
["<body><main><article><h1>T</h1>[bar]<p class=\"byline\">By A</p><p>x</p></article></main><footer>f</footer></body>\n",
 "<body><main><article><h1>T</h1><p class=\"byline\">By A</p>[bar]<p>x</p></article></main><footer>f</footer></body>\n",
 "<body><main><article>[bar]<h1>T</h1><p class=\"byline\">By A</p><p>x</p></article></main><footer>f</footer></body>\n",
 "<body><main><article><h1>T</h1><p class=\"byline\">By A</p><p>x</p>[bar]</article></main><footer>f</footer></body>\n"]


=== TEST 10: fallback=none: no match, no bar; fallback=body: before </body>
--- config
    article_canonical https://www.example.org;
    location /none/ {
        article on;
        article_share x;
        article_share_anchor "#share" after fallback=none;
        alias html/;
        default_type text/html;
    }
    location /body/ {
        article on;
        article_share x;
        article_share_anchor "#share" after fallback=body;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<body><article><h1>T</h1></article></body>
--- request eval
["GET /none/a.html", "GET /body/a.html"]
--- response_body_filters eval
\&main::place
--- response_body eval
["<body><article><h1>T</h1></article></body>\n",
 "<body><article><h1>T</h1></article>[bar]</body>\n"]


=== TEST 11: several anchors match: one bar, at the first
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_share x;
        article_share_anchor h2 after;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<body><h2>one</h2><h2>two</h2><h2>three</h2></body>
--- request
GET /s/a.html
--- response_body_filters eval
\&main::place
--- response_body
<body><h2>one</h2>[bar]<h2>two</h2><h2>three</h2></body>


=== TEST 12: article_share_label names the bar, escaped
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_share x;
        article_share_label 'SHARE <THIS> & "THAT"';
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["a.html", $::page]]
--- request
GET /s/a.html
--- response_body_like eval
qr{<nav class="article-share" data-article-share aria-label="SHARE &lt;THIS&gt; &amp; &quot;THAT&quot;">.*<span class="article-share-label" aria-hidden="true">SHARE &lt;THIS&gt; &amp; &quot;THAT&quot;</span>}s


=== TEST 13: article_share_utm on tags the shared URL per network
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_share facebook email;
        article_share_utm on;
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["a.html", $::page]]
--- request
GET /s/a.html?id=1&utm_source=old
--- response_body_filters eval
\&main::links
--- response_body
facebook https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fwww.example.org%2Fs%2Fa.html%3Fid%3D1%26utm_source%3Dfacebook%26utm_medium%3Dsocial
email mailto:?subject=Ferry%20link%20reopens%20-%20The%20Post&amp;body=https%3A%2F%2Fwww.example.org%2Fs%2Fa.html%3Fid%3D1%26utm_source%3Demail%26utm_medium%3Dsocial


=== TEST 14: article_share_via and article_share_hashtags go to X only
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_share x telegram;
        article_share_via @examplenews;
        article_share_hashtags news "#ferry" Tromsø;
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["a.html", $::page]]
--- request
GET /s/a.html
--- response_body_filters eval
\&main::links
--- response_body
x https://x.com/intent/tweet?text=Ferry%20link%20reopens%20-%20The%20Post&amp;url=https%3A%2F%2Fwww.example.org%2Fs%2Fa.html&amp;via=examplenews&amp;hashtags=news,ferry,Troms%C3%B8
telegram https://t.me/share/url?url=https%3A%2F%2Fwww.example.org%2Fs%2Fa.html&amp;text=Ferry%20link%20reopens%20-%20The%20Post


=== TEST 15: article_share_mastodon sets the server chooser
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_share mastodon;
        article_share_mastodon https://toot.example/share?text=;
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["a.html", $::page]]
--- request
GET /s/a.html
--- response_body_filters eval
\&main::links
--- response_body
mastodon https://toot.example/share?text=Ferry%20link%20reopens%20-%20The%20Post%20https%3A%2F%2Fwww.example.org%2Fs%2Fa.html


=== TEST 16: article_share_template: the operator's markup, values escaped
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_share x email;
        article_share_label "Share <it>";
        article_share_template $TEST_NGINX_SERVER_ROOT/html/share.tpl;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<body><article><h1>A "b" &amp; c</h1></article></body>
>>> share.tpl
<div class="mine" data-article-share><b>{{label}}</b>{{#items}}<a id="s-{{id}}" href="{{url}}" target="{{target}}" title="{{aria_label}}">{{name}}</a>{{/items}}</div>
--- request
GET /s/a.html
--- response_body
<body><article><h1>A "b" &amp; c</h1><div class="mine" data-article-share><b>Share &lt;it&gt;</b><a id="s-x" href="https://x.com/intent/tweet?text=A%20%22b%22%20%26%20c&amp;url=https%3A%2F%2Fwww.example.org%2Fs%2Fa.html" target="_blank" title="Share on X">X</a><a id="s-email" href="mailto:?subject=A%20%22b%22%20%26%20c&amp;body=https%3A%2F%2Fwww.example.org%2Fs%2Fa.html" target="_self" title="Share by email">Email</a></div>
</article></body>


=== TEST 17: article_share_template off at a location: the built-in markup again
--- config
    article_canonical https://www.example.org;
    article_share_template $TEST_NGINX_SERVER_ROOT/html/share.tpl;
    location /s/ {
        article on;
        article_share x;
        article_share_template off;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<body><article><h1>T</h1></article></body>
>>> share.tpl
<div class="mine">{{#items}}{{url}}{{/items}}</div>
--- request
GET /s/a.html
--- response_body_like eval
qr{\A(?!.*class="mine").*<nav class="article-share" data-article-share}s


=== TEST 18: article_share_style: one inline <style> by default, none when off
--- config
    article_canonical https://www.example.org;
    location /on/ {
        article on;
        article_share x;
        alias html/;
        default_type text/html;
    }
    location /off/ {
        article on;
        article_share x;
        article_share_style off;
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["a.html", $::page]]
--- request eval
["GET /on/a.html", "GET /off/a.html"]
--- response_body_like eval
[qr{\A(?!.*<style.*<style)(?=.*<nav class="article-share" data-article-share aria-label="Share this article"><style>\.article-share\{[^<]*</style>)}s,
 qr{\A(?!.*<style)(?=.*<nav class="article-share" data-article-share aria-label="Share this article"><span class="article-share-label")}s]


=== TEST 19: article_share_native on: a Share button whose script carries $request_id
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_share x;
        article_share_style off;
        article_share_native on;
        article_share_nonce $request_id;
        alias html/;
        default_type text/html;
        add_header X-Request-Id $request_id;
    }
--- user_files eval
[["a.html", $::page]]
--- request
GET /s/a.html
--- response_headers_like
X-Request-Id: [0-9a-f]{32}
--- response_body_like eval
qr{<button type="button" class="article-share-link article-share-native" data-url="https://www\.example\.org/s/a\.html" data-title="Ferry link reopens - The Post" hidden>(?:<svg [^>]*>.*?</svg>)?<span>Share</span></button><script nonce="[0-9a-f]{32}">[^<]*navigator\.share[^<]*</script>}


=== TEST 20: the nonce from a set variable, escaped
--- config
    article_canonical https://www.example.org;
    location /s/ {
        set $csp_nonce 'n0nce"><x';
        article on;
        article_share x;
        article_share_native on;
        article_share_nonce $csp_nonce;
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["a.html", $::page]]
--- request
GET /s/a.html
--- response_body_like eval
qr{\A(?!.*<x).*<script nonce="n0nce&quot;&gt;&lt;x">}s


=== TEST 21: without article_share_native there is no script at all
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_share x;
        article_share_nonce $request_id;
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["a.html", $::page]]
--- request
GET /s/a.html
--- response_body_like eval
qr{\A(?!.*<script)(?!.*<button).*data-article-share}s


=== TEST 22: a nonce set at the server level is used by its locations
--- config
    article_canonical https://www.example.org;
    article_share_nonce $request_id;
    location /s/ {
        article on;
        article_share x;
        article_share_native on;
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["a.html", $::page]]
--- request
GET /s/a.html
--- response_body_like eval
qr{<script nonce="[0-9a-f]{32}">}


=== TEST 23: article_share_title_strip removes the site suffix
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_share x;
        article_share_title_strip " - The Post";
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["a.html", $::page]]
--- request
GET /s/a.html
--- response_body_filters eval
\&main::x_text
--- response_body
Ferry link reopens


=== TEST 24: the title: og:title first, else <title>, else the first h1; entities decoded
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_share x;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> og.html
<html><head><title>Title</title><meta property="og:title" content="OG &amp; co"></head><body><h1>H1</h1></body></html>
>>> title.html
<html><head><title>
   Title   with
 space &eacute;
</title></head><body><h1>H1</h1></body></html>
>>> h1.html
<html><head></head><body><h1><span>First</span> heading</h1><h1>Second</h1></body></html>
--- request eval
["GET /s/og.html", "GET /s/title.html", "GET /s/h1.html"]
--- response_body_filters eval
\&main::x_text
--- response_body eval
["OG & co\n", "Title with space \xc3\xa9\n", "First heading\n"]


=== TEST 25: a page with no title at all: the bar is there, with the URL only
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_share x email;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<html><body><p>no title</p></body></html>
--- request
GET /s/a.html
--- response_body_filters eval
\&main::links
--- response_body
x https://x.com/intent/tweet?url=https%3A%2F%2Fwww.example.org%2Fs%2Fa.html
email mailto:?body=https%3A%2F%2Fwww.example.org%2Fs%2Fa.html


=== TEST 26: a hostile title stays text everywhere in the bar
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_share x;
        article_share_native on;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<html><head><title>"&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;</title></head><body></body></html>
--- request
GET /s/a.html
--- response_body_like eval
qr{\A(?!.*<script>alert)(?!.*<img src=x).*href="https://x\.com/intent/tweet\?text=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E%3Cimg%20src%3Dx%20onerror%3Dalert%282%29%3E&amp;url=.*data-title="&quot;&gt;&lt;script&gt;alert\(1\)&lt;/script&gt;&lt;img src=x onerror=alert\(2\)&gt;"}s


=== TEST 27: a right-to-left page gets dir="rtl" on the bar; Persian titles encoded
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_share x;
        article_share_label "هم‌رسانی";
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<html dir="RTL" lang="fa"><head><meta charset="utf-8"><title>خبر فوری</title></head><body><article><h1>خبر</h1></article></body></html>
--- request
GET /s/a.html
--- response_body_like eval
qr{<h1>خبر</h1><nav class="article-share" data-article-share aria-label="هم‌رسانی" dir="rtl">.*href="https://x\.com/intent/tweet\?text=%D8%AE%D8%A8%D8%B1%20%D9%81%D9%88%D8%B1%DB%8C&amp;url=}s


=== TEST 28: a long title is cut for X on a grapheme boundary
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_share x;
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["a.html", "<html><head><meta charset=\"utf-8\"><title>" . ("\xf0\x9f\x87\xae\xf0\x9f\x87\xb7 \xd8\xae\xd8\xa8\xd8\xb1 " x 100) . "</title></head><body></body></html>\n"]]
--- request
GET /s/a.html
--- response_body_filters eval
[\&main::x_text, sub {
    my $t = shift;
    CORE::chomp($t);
    my $ok = utf8::decode($t) ? "utf8" : "broken";
    my $flags = () = $t =~ /[\x{1F1E6}-\x{1F1FF}]/g;
    my $len = length($t);
    return CORE::join(" ", $ok, $flags % 2 ? "split-flag" : "whole-flags",
                $len > 0 && $len <= 280 ? "fits" : "length $len") . "\n";
}]
--- response_body
utf8 whole-flags fits


=== TEST 29: a page rewritten twice has one bar
--- config
    article_canonical https://www.example.org;
    article_share x facebook;
    location /origin/ { article on; alias html/; default_type text/html; }
    location /p/ {
        article on;
        article_share_anchor "p" after;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
--- user_files eval
[["a.html", $::page]]
--- request
GET /p/a.html
--- response_body_filters eval
\&main::place
--- response_body
<html><head><title>Ferry link reopens - The Post</title></head><body><article><h1>Ferry link reopens</h1>[bar]<p>Text.</p></article></body></html>
--- no_error_log
[error]


=== TEST 30: a page with its own data-article-share element gets no bar
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_share x;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<body><div data-article-share>own</div><article><h1>T</h1></article></body>
--- request
GET /s/a.html
--- response_body
<body><div data-article-share>own</div><article><h1>T</h1></article></body>


=== TEST 31: 10,000 anchors: one bar
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_share x;
        article_share_anchor ".share" after;
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["a.html", "<body>" . ("<p class=\"share\">x</p>" x 10000) . "</body>"]]
--- request
GET /s/a.html
--- response_body_filters eval
\&main::place
--- response_body eval
"<body><p class=\"share\">x</p>[bar]" . ("<p class=\"share\">x</p>" x 9999) . "</body>"


=== TEST 33: a bad template fails start-up, naming the file, the line and why
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_share x;
        article_share_template $TEST_NGINX_SERVER_ROOT/html/share.tpl;
    }
--- user_files
>>> share.tpl
<nav data-article-share>
{{#items}}<a href="{{url}}">{{name}}</a>
</nav>
--- request
GET /s/a.html
--- must_die
--- suppress_stderr
--- error_log eval
qr{\[emerg\] .*html/share\.tpl", line 2: "\{\{#items\}\}" without "\{\{/items\}\}" in .*/nginx\.conf:\d+}


=== TEST 34: article_share_title_strip removes the suffix once: a title that ends with it twice keeps one
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_share x;
        article_share_title_strip " - The Post";
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<html><head><title>Ferry link reopens - The Post - The Post</title></head><body><h1>Ferry link reopens</h1></body></html>
--- request
GET /s/a.html
--- response_body_filters eval
\&main::x_text
--- response_body
Ferry link reopens - The Post


=== TEST 35: article_share_template: the page's values ({{title}}, {{page_url}}, {{dir}}), escaped; {{style}} and {{native}} empty when those are off
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_share x email;
        article_share_style off;
        article_share_native off;
        article_share_template $TEST_NGINX_SERVER_ROOT/html/share.tpl;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<html dir="rtl"><head><title>A "b" &amp; c - The Post</title></head><body><article><h1>A "b" &amp; c</h1></article></body></html>
>>> share.tpl
<div data-article-share data-u="{{page_url}}" dir="{{dir}}" title="{{title}}">{{style}}{{native}}{{#items}}{{id}} {{/items}}</div>
--- request
GET /s/a.html
--- response_body
<html dir="rtl"><head><title>A "b" &amp; c - The Post</title></head><body><article><h1>A "b" &amp; c</h1><div data-article-share data-u="https://www.example.org/s/a.html" dir="rtl" title="A &quot;b&quot; &amp; c - The Post">x email </div>
</article></body></html>


=== TEST 36: article_share_template: {{style}} and {{native}} put in the default look and the Web Share button when those are on
--- config
    article_canonical https://www.example.org;
    location /s/ {
        article on;
        article_share x;
        article_share_style on;
        article_share_native on;
        article_share_template $TEST_NGINX_SERVER_ROOT/html/share.tpl;
        alias html/;
        default_type text/html;
    }
--- user_files
>>> a.html
<body><article><h1>T</h1></article></body>
>>> share.tpl
<div data-article-share>[{{style}}][{{native}}]{{#items}}{{id}}{{/items}}</div>
--- request
GET /s/a.html
--- response_body_like eval
qr{<div data-article-share>\[<style>\.article-share\{[^<]*</style>\]\[<button type="button" class="article-share-link article-share-native" data-url="https://www\.example\.org/s/a\.html" data-title="T" hidden>.*</button><script>[^<]*navigator\.share[^<]*</script>\]x</div>}s
