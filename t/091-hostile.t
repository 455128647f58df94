# Pages and requests that try to break the module, with every feature on:
# the answer is complete (the page comes out whole once what the module
# added is taken away), nothing is added twice, and no worker dies.
use Test::Nginx::Socket 'no_plan';
use File::Temp ();

# Moderation rules that match nothing in these pages: the text is scanned,
# nothing is changed.  The second set has a block rule, so that pages are
# held whole until scanned.
our $rules = File::Temp->new(SUFFIX => '.rules');
print $rules "mask /zzforbiddenzz/i\nflag /ferry/iw\nreplace /zz(old)zz/ \"new\"\n";
$rules->flush;
$ENV{TEST_NGINX_ARTICLE_RULES} = $rules->filename;

our $block_rules = File::Temp->new(SUFFIX => '.rules');
print $block_rules "block /zzillegalzz/\nmask /zzforbiddenzz/\n";
$block_rules->flush;
$ENV{TEST_NGINX_ARTICLE_BLOCK_RULES} = $block_rules->filename;

# What every block runs with: all features on at the server level.
our $features = <<'CONF';
    article_canonical https://www.example.org;
    article_mirrors www.example.org mirror.example.net;
    article_mirror_links on;
    article_metadata on;
    article_share x email;
    article_moderation $TEST_NGINX_ARTICLE_RULES;
    add_header X-Canonical $article_canonical_url;
    add_header X-Mirror $article_mirror_host;
CONF

# Remove what the module inserts, in whatever place it went.
sub main::strip {
    my $b = shift;
    $b =~ s{<link rel="canonical" href="[^"]*">\n}{}g;
    $b =~ s{<meta (?:property="og:[a-z_:]+"|name="twitter:[a-z_:]+") content="[^"]*">\n}{}g;
    $b =~ s{<script type="application/ld\+json">\{"\@context":"https://schema\.org","\@type":"NewsArticle".*?</script>\n}{}gs;
    $b =~ s{<nav class="article-share" data-article-share.*?</nav>}{}gs;
    $b =~ s{<nav class="article-mirrors" data-article-mirrors.*?</nav>}{}gs;
    return $b;
}

# A response body filter: "whole" when the page came out as it went in
# plus at most one of each insertion (exactly one where asked), else what
# is wrong, short enough to read.
sub main::whole {
    my ($in, %want) = @_;
    return sub {
        my $body = shift;
        my @bad;
        my %n = (
            canonical => scalar(() = $body =~ /<link rel="canonical"/g),
            jsonld => scalar(() = $body =~ /"\@type":"NewsArticle"/g),
            share => scalar(() = $body =~ /<nav class="article-share"/g),
            mirrors => scalar(() = $body =~ /<nav class="article-mirrors"/g),
        );
        for my $k (sort keys %n) {
            my $w = $want{$k};
            if (defined $w ? $n{$k} != $w : $n{$k} > 1) {
                push @bad, "$k=$n{$k}";
            }
        }
        if ($want{head} && $body !~ m{<link rel="canonical" href="[^"]*">\n(?:<meta [^\n]*>\n)*</head>}) {
            push @bad, "metadata not right before </head>";
        }
        my $rest = main::strip($body);
        if ($rest ne $in) {
            my $i = 0;
            $i++ while $i < length($rest) && $i < length($in)
                       && substr($rest, $i, 1) eq substr($in, $i, 1);
            push @bad, sprintf("not whole: %d bytes for %d, first difference at %d",
                               length($rest), length($in), $i);
        }
        return @bad ? join("; ", @bad) . "\n" : "whole\n";
    };
}

my $head = '<!DOCTYPE html><html><head><title>T</title></head><body><article><h1>T</h1>';

our %in = (
    comment => $head . '<p>x</p><!-- never closed </article></body></html>',
    script => $head . '<p>x</p><script>var s = "</article></body></html>',
    tag => $head . '<p>x</p><a href="https://www.example.org/x',
    tagname => $head . '<p>x</p></article></body></html><div',
    bigattr => $head . '<div data-x="' . ('a' x (5 * 1024 * 1024)) . '">y</div></article></body></html>',
    nested => $head . ('<div>' x 100000) . 'deep' . ('</div>' x 100000) . '</article></body></html>',
    nul => "<!DOCTYPE html><html><head><title>a\0b</title></head><body><article><h1>T\0</h1><p\0 class=\"x\0\">x\0y</p><a href=\"/a\0b\">l</a><!-- \0 --></article></body></html>",
    utf8 => "<!DOCTYPE html><html><head><title>\xc0\xaf \xe0\x80\xaf \xed\xa0\x80 \xf8\x88\x80\x80\x80 \xff \xe2\x82</title></head><body><article><h1>\xc1\xbf</h1><p title=\"\xfe\xff\">\xf4\x90\x80\x80</p></article></body></html>",
    bom => "\xef\xbb\xbf<!DOCTYPE html><html><head><title>BOM</title></head><body><article><h1>BOM</h1></article></body></html>",
    plaintext => $head . '<plaintext></article></body></html><script>x</script>',
    scripts => '<!DOCTYPE html><html><head><title>T</title>'
        . join('', map { '<script>var a' . $_ . ' = "' . ('x' x ($_ * 37)) . '</head></scr" + "ipt>";</script>' } 0 .. 60)
        . '</head><body><article><h1>T</h1><script>document.write("</body>")</script></article></body></html>',
    anchors => '<!DOCTYPE html><html><head><title>T</title></head><body>'
        . ('<article><h1>T</h1></article>' x 10000) . '</body></html>',
    page => $head . '<p>x</p></article></body></html>',
);

# A response body filter for the last request of a block: the peak
# resident size (VmHWM) of the worker, read from /proc, against a bound.
sub main::worker_peak_under {
    my $limit_kb = shift;
    return sub {
        my $body = shift;
        return $body unless $body eq "measure\n";
        my $root = $ENV{TEST_NGINX_SERVER_ROOT};
        open my $f, '<', "$root/logs/nginx.pid" or return "no pid file: $!\n";
        chomp(my $master = <$f>);
        close $f;
        my @kb;
        for my $stat (glob "/proc/[0-9]*/stat") {
            open my $s, '<', $stat or next;
            my $line = <$s>;
            close $s;
            next unless defined $line && $line =~ /\)\s+\S+\s+(\d+)/ && $1 == $master;
            (my $status = $stat) =~ s/stat$/status/;
            open my $st, '<', $status or next;
            while (<$st>) { push @kb, $1 if /^VmHWM:\s+(\d+) kB/ }
            close $st;
        }
        return "no worker found\n" unless @kb;
        my @over = grep { $_ >= $limit_kb } @kb;
        return @over ? "peak " . join(", ", @kb) . " kB\n"
                     : "under $limit_kb kB\n";
    };
}

add_block_preprocessor(sub {
    my $block = shift;
    $block->set_value("config", $main::features . $block->config);
    $block->set_value("no_error_log", "[alert]\n[crit]\nsignal\n")
        unless defined $block->no_error_log;
    $block->set_value("timeout", 30) unless defined $block->timeout;
});

master_on();
no_shuffle();
run_tests();

__DATA__

=== TEST 1: an unterminated comment at the end
--- config
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files eval
[["a.html", $::in{comment}]]
--- request
GET /s/a.html
--- response_body_filters eval
main::whole($::in{comment}, canonical => 1)
--- response_body
whole


=== TEST 2: an unterminated script at the end
--- config
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files eval
[["a.html", $::in{script}]]
--- request
GET /s/a.html
--- response_body_filters eval
main::whole($::in{script}, canonical => 1)
--- response_body
whole


=== TEST 3: an unterminated attribute value at the end
--- config
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files eval
[["a.html", $::in{tag}]]
--- request
GET /s/a.html
--- response_body_filters eval
main::whole($::in{tag}, canonical => 1)
--- response_body
whole


=== TEST 4: a tag name cut by the end, after </html>
--- config
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files eval
[["a.html", $::in{tagname}]]
--- request
GET /s/a.html
--- response_body_filters eval
main::whole($::in{tagname}, canonical => 1, jsonld => 1, share => 1)
--- response_body
whole


=== TEST 5: a 5 MB attribute passes whole, the page still gets its metadata
--- config
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files eval
[["a.html", $::in{bigattr}]]
--- request
GET /s/a.html
--- response_body_filters eval
main::whole($::in{bigattr}, canonical => 1, jsonld => 1, share => 1, head => 1)
--- response_body
whole


=== TEST 6: a 5 MB attribute through proxy_pass with 4k buffers
--- config
    location /origin/ { alias html/; default_type text/html; }
    location /p/ {
        article on;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
        proxy_buffer_size 4k;
        proxy_buffers 8 4k;
    }
--- user_files eval
[["a.html", $::in{bigattr}]]
--- request
GET /p/a.html
--- response_body_filters eval
main::whole($::in{bigattr}, canonical => 1, jsonld => 1, share => 1, head => 1)
--- response_body
whole


=== TEST 7: 100,000 nested elements
--- config
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files eval
[["a.html", $::in{nested}]]
--- request
GET /s/a.html
--- response_body_filters eval
main::whole($::in{nested}, canonical => 1, jsonld => 1, share => 1, head => 1)
--- response_body
whole


=== TEST 8: NUL bytes in the title, tags, attributes, text and comments
--- config
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files eval
[["a.html", $::in{nul}]]
--- request
GET /s/a.html
--- response_body_filters eval
main::whole($::in{nul}, canonical => 1, jsonld => 1, share => 1, head => 1)
--- response_body
whole


=== TEST 9: the NUL of a title never reaches the metadata or a share link raw
--- config
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files eval
[["a.html", $::in{nul}]]
--- request
GET /s/a.html
--- response_body_filters eval
sub {
    my $b = shift;
    my @added = $b =~ m{(<meta (?:property|name)="[^"]*" content="[^"]*">|<script type="application/ld\+json">.*?</script>|<nav class="article-share".*?</nav>)}gs;
    my $nul = grep { /\0/ } @added;
    return scalar(@added) . " added, $nul with a NUL\n";
}
--- response_body
6 added, 0 with a NUL


=== TEST 10: invalid and overlong UTF-8 in the title, text and attributes
--- config
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files eval
[["a.html", $::in{utf8}]]
--- request
GET /s/a.html
--- response_body_filters eval
main::whole($::in{utf8}, canonical => 1, jsonld => 1, share => 1, head => 1)
--- response_body
whole


=== TEST 11: what the module writes from an ill-formed title is valid UTF-8
--- config
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files eval
[["a.html", $::in{utf8}]]
--- request
GET /s/a.html
--- response_body_filters eval
sub {
    my $b = shift;
    my @added = $b =~ m{(<meta property="og:title" content="[^"]*">|<script type="application/ld\+json">.*?</script>|<nav class="article-share".*?</nav>)}gs;
    my @bad = grep { my $s = $_; !utf8::decode($s) } @added;
    return scalar(@added) . " added, " . scalar(@bad) . " not UTF-8\n";
}
--- response_body
3 added, 0 not UTF-8


=== TEST 12: a byte order mark before the doctype
--- config
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files eval
[["a.html", $::in{bom}]]
--- request
GET /s/a.html
--- response_body_filters eval
main::whole($::in{bom}, canonical => 1, jsonld => 1, share => 1, head => 1)
--- response_body
whole


=== TEST 13: <plaintext>: everything after it is text, the page comes out whole
--- config
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files eval
[["a.html", $::in{plaintext}]]
--- request
GET /s/a.html
--- response_body_filters eval
main::whole($::in{plaintext}, canonical => 1, head => 1)
--- response_body
whole


=== TEST 14: "</script" and "</head" split over 1k buffers: metadata only after the real </head>
--- config
    location /origin/ { alias html/; default_type text/html; }
    location /p/ {
        article on;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
        proxy_buffer_size 1k;
        proxy_buffers 4 1k;
        proxy_busy_buffers_size 1k;
    }
--- user_files eval
[["a.html", $::in{scripts}]]
--- request
GET /p/a.html
--- response_body_filters eval
main::whole($::in{scripts}, canonical => 1, jsonld => 1, share => 1, head => 1)
--- response_body
whole


=== TEST 15: the same page from a slow upstream in 128-byte pieces, unbuffered
--- http_config
    server {
        listen unix:$TEST_NGINX_SERVER_ROOT/logs/slow.sock;
        location / {
            alias $TEST_NGINX_SERVER_ROOT/html/;
            default_type text/html;
            limit_rate 64k;
            sendfile off;
            output_buffers 1 128;
        }
    }
--- config
    location /p/ {
        article on;
        proxy_pass http://unix:$TEST_NGINX_SERVER_ROOT/logs/slow.sock:/;
        proxy_buffering off;
        proxy_buffer_size 1k;
    }
--- user_files eval
[["a.html", $::in{scripts}]]
--- request
GET /p/a.html
--- response_body_filters eval
main::whole($::in{scripts}, canonical => 1, jsonld => 1, share => 1, head => 1)
--- response_body
whole


=== TEST 16: 10,000 share anchors: one bar
--- config
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files eval
[["a.html", $::in{anchors}]]
--- request
GET /s/a.html
--- response_body_filters eval
main::whole($::in{anchors}, canonical => 1, jsonld => 1, share => 1, mirrors => 1, head => 1)
--- response_body
whole


=== TEST 17: a hostile Host is reflected nowhere
--- config
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files eval
[["a.html", $::in{page}]]
--- raw_request eval
"GET /s/a.html HTTP/1.0\r\nHost: evil.example\"'><svg>\r\n\r\n"
--- response_headers
X-Mirror: www.example.org
X-Canonical: https://www.example.org/s/a.html
Link: <https://www.example.org/s/a.html>; rel="canonical"
--- raw_response_headers_unlike: evil|svg
--- response_body_filters eval
[sub { my $b = shift; $b =~ /evil|<svg>/ ? "reflected\n" : $b }, main::whole($::in{page}, canonical => 1, jsonld => 1, share => 1, mirrors => 1)]
--- response_body
whole


=== TEST 18: a Host that only ends like a mirror is not one
--- config
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files eval
[["a.html", $::in{page}]]
--- request
GET /s/a.html
--- more_headers
Host: evil.mirror.example.net
--- response_headers
X-Mirror: www.example.org
--- raw_response_headers_unlike: evil
--- response_body_unlike: evil


=== TEST 19: a hostile X-Forwarded-Host is ignored
--- config
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files eval
[["a.html", $::in{page}]]
--- request
GET /s/a.html
--- more_headers
Host: mirror.example.net
X-Forwarded-Host: evil.example"><script>x</script>
--- response_headers
X-Mirror: mirror.example.net
--- raw_response_headers_unlike: evil
--- response_body_like eval
qr{\A(?!.*evil)(?!.*<script>x).*<nav class="article-mirrors" data-article-mirrors[^>]*><p>Also available at</p><ul><li><a href="https://www\.example\.org/s/a\.html">www\.example\.org</a></li></ul></nav>}s


=== TEST 20: an 8 KB URI: the canonical URL whole in the header, the Link and the page
--- config
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files eval
[["a.html", $::in{page}]]
--- request eval
"GET /s/a.html?q=" . ("a" x 8000) . "&utm_source=x"
--- response_headers eval
"X-Canonical: https://www.example.org/s/a.html?q=" . ("a" x 8000) . "\n"
. "Link: <https://www.example.org/s/a.html?q=" . ("a" x 8000) . ">; rel=\"canonical\""
--- response_body_filters eval
main::whole($::in{page}, canonical => 1, jsonld => 1, share => 1, mirrors => 1)
--- response_body
whole


=== TEST 21: %00 in the arguments stays escaped everywhere
--- config
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files eval
[["a.html", $::in{page}]]
--- request
GET /s/a.html?x=%00&y=a%00b&utm_source=%00
--- response_headers
X-Canonical: https://www.example.org/s/a.html?x=%00&y=a%00b
--- response_body_like eval
qr{\A(?!.*\0)<!DOCTYPE html><html><head><title>T</title><link rel="canonical" href="https://www\.example\.org/s/a\.html\?x=%00&amp;y=a%00b">}s


=== TEST 22: %00 in the path is refused by nginx before the module
--- config
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files eval
[["a.html", $::in{page}]]
--- request
GET /s/a%00.html
--- error_code: 400
--- response_body_like: 400 Bad Request


=== TEST 23: ".." segments, plain and escaped, give the canonical path
--- config
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files eval
[["a.html", $::in{page}]]
--- request eval
["GET /s/x/../a.html", "GET /s/x/%2e%2e/./a.html", "GET /s/x/y/../../a.html?b=1"]
--- response_headers eval
["X-Canonical: https://www.example.org/s/a.html",
 "X-Canonical: https://www.example.org/s/a.html",
 "X-Canonical: https://www.example.org/s/a.html?b=1"]
--- response_body_filters eval
main::whole($::in{page}, canonical => 1, jsonld => 1, share => 1, mirrors => 1)
--- response_body eval
["whole\n", "whole\n", "whole\n"]


=== TEST 24: every tracking argument at once, and five hundred more
--- config
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files eval
[["a.html", $::in{page}]]
--- request eval
"GET /s/a.html?id=1&"
. CORE::join("&", map { "$_=1" } qw(utm_source utm_medium utm_campaign utm_term utm_content fbclid gclid dclid gbraid wbraid msclkid mc_cid mc_eid igshid yclid _ga _gl ref_src))
. "&" . CORE::join("&", map { "utm_x$_=$_" } 1 .. 500)
. "&page=2"
--- response_headers
X-Canonical: https://www.example.org/s/a.html?id=1&page=2
--- response_body_filters eval
main::whole($::in{page}, canonical => 1, jsonld => 1, share => 1, mirrors => 1)
--- response_body
whole


=== TEST 25: thousands of empty and odd arguments
--- config
    location /s/ { article on; alias html/; default_type text/html; }
--- user_files eval
[["a.html", $::in{page}]]
--- request eval
"GET /s/a.html?" . ("&" x 2000) . "=x&==&a==b&%&%%&utm_=1&x"
--- response_headers
X-Canonical: https://www.example.org/s/a.html?=x&==&a==b&%25&%25%25&x
--- response_body_filters eval
main::whole($::in{page}, canonical => 1, jsonld => 1, share => 1, mirrors => 1)
--- response_body
whole


=== TEST 26: pages held whole for block rules: a 5 MB attribute
--- config
    location /s/ {
        article on;
        article_moderation $TEST_NGINX_ARTICLE_BLOCK_RULES;
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["a.html", $::in{bigattr}]]
--- request
GET /s/a.html
--- response_body_filters eval
main::whole($::in{bigattr}, canonical => 1, jsonld => 1, share => 1, head => 1)
--- response_body
whole


=== TEST 27: pages held whole for block rules: 100,000 nested elements
--- config
    location /s/ {
        article on;
        article_moderation $TEST_NGINX_ARTICLE_BLOCK_RULES;
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["a.html", $::in{nested}]]
--- request
GET /s/a.html
--- response_body_filters eval
main::whole($::in{nested}, canonical => 1, jsonld => 1, share => 1, head => 1)
--- response_body
whole


=== TEST 28: pages held whole for block rules: NUL bytes and ill-formed UTF-8
--- config
    location /s/ {
        article on;
        article_moderation $TEST_NGINX_ARTICLE_BLOCK_RULES;
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["a.html", $::in{nul}], ["b.html", $::in{utf8}]]
--- request eval
["GET /s/a.html", "GET /s/b.html"]
--- response_body_filters eval
[[main::whole($::in{nul}, canonical => 1, jsonld => 1, share => 1, head => 1)],
 [main::whole($::in{utf8}, canonical => 1, jsonld => 1, share => 1, head => 1)]]
--- response_body eval
["whole\n", "whole\n"]


=== TEST 29: pages held whole for block rules: split scripts through 1k buffers
--- config
    location /origin/ { alias html/; default_type text/html; }
    location /p/ {
        article on;
        article_moderation $TEST_NGINX_ARTICLE_BLOCK_RULES;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
        proxy_buffer_size 1k;
        proxy_buffers 4 1k;
        proxy_busy_buffers_size 1k;
    }
--- user_files eval
[["a.html", $::in{scripts}]]
--- request
GET /p/a.html
--- response_body_filters eval
main::whole($::in{scripts}, canonical => 1, jsonld => 1, share => 1, head => 1)
--- response_body
whole


=== TEST 30: memory stays bounded (a worker under 10 MB at its peak, 5.4 MB measured): one worker rewrites the 5 MB attribute, 100,000 nested elements and 10,000 anchors through proxy_pass
--- skip_eval: 5: $ENV{TEST_NGINX_USE_VALGRIND} || $ENV{ASAN_OPTIONS} || $ENV{TEST_NGINX_LD_PRELOAD}
--- config
    location /origin/ { alias html/; default_type text/html; }
    location /p/ {
        article on;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
        proxy_buffer_size 4k;
        proxy_buffers 8 4k;
    }
    location = /measure { return 200 "measure\n"; }
--- user_files eval
[["big.html", $::in{bigattr}], ["nested.html", $::in{nested}], ["anchors.html", $::in{anchors}]]
--- request eval
["GET /p/big.html", "GET /p/nested.html", "GET /p/anchors.html", "GET /measure"]
--- response_body_filters eval
main::worker_peak_under(10240)
--- response_body_like eval
[qr{\A<!DOCTYPE html>.*data-x="a+">y</div>}s, qr{deep}, qr{<nav class="article-share"}, qr{\Aunder \d+ kB\n\z}]
