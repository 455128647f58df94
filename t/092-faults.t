# Faults of the upstream and of the cache: an upstream that closes in the
# middle of the body, one that sends a byte at a time, one that stalls
# before its headers or in the middle of its body, and a cache zone far
# too small for the pages asked.  The module must behave as nginx does
# without it: a cut page reaches the client cut (and stays out of the
# cache), a slow one comes out as if sent in one go, a stalled one times
# out with nginx's own answer and log line.
#
# The faulty upstreams are raw TCP servers the test controls: Test::Nginx's
# embedded one (tcp_listen, tcp_reply, tcp_no_close), which serves one
# connection per repeat and sends its reply with no pause, and, for
# byte-by-byte replies with a pause between the bytes, a small server
# forked here on a free loopback port.
#
# Truncated answers cannot be parsed as HTTP (a chunked body without its
# last chunk), so those blocks read them as HTTP/0.9 (--- http09: the whole
# reply is the body) and main::framing says what the framing was.
use Test::Nginx::Socket 'no_plan';
use IO::Socket::INET ();
use Socket ();
use File::Temp ();
use POSIX ();
use Time::HiRes ();

# ---------------------------------------------------------------------------
# The pages.

# A page with something of everything a tokenizer can be cut inside: a
# script holding "</head>", a style, a comment holding tags, character
# references, UTF-8, attributes in every quoting, a textarea.
our $Page = <<"HTML";
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Ferry link reopens - The Post</title>
<style>p { color: #333 }</style>
<script>var s = "</head> is not the end"; if (1 < 2) { s += "&amp;"; }</script>
</head>
<body><!-- a comment with <b>markup</b> -->
<article><h1>Ferry link reopens</h1>
<p class="lead" data-x='single &quot;quoted&quot;'>The ferry between Varnholm &amp; Ostby runs again: caf&eacute; d&#233;j&#xE0; vu, “quoted” ünïcödé text, and the ferry's timetable.</p>
<p><a href=https://www.example.org/other?x=1&amp;y=2>a link</a> <img src="/i.png" alt="an image"></p>
<textarea>raw <b>text</b> ferry</textarea>
<p>Long text follows. ${\ ('The crossing takes forty minutes. ' x 60)}</p>
</article></body></html>
HTML

sub at
{
    my ($what, $plus) = @_;
    my $i = index $Page, $what;
    die "092-faults.t: '$what' is not in the page\n" if $i < 0;
    return $i + $plus;
}

# Where the upstream stops: in the long text, in the middle of a tag, in
# the middle of a character reference and of a UTF-8 character.
our %Cut = (
    text => at('The crossing takes forty minutes. The crossing', 20),
    tag => at('<a href=https', 12),
    ref => at('caf&eacute;', 6),
    utf8 => at("\xc3\xbcn\xc3\xaf", 1),
);
our $TagStart = at('<a href=https', 0);

sub head_for
{
    my ($len) = @_;
    return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
           . "Content-Length: $len\r\n\r\n";
}

our $Reply = head_for(length $Page) . $Page;

# The page as the byte-by-byte blocks rewrite it, what was added as
# markers: the metadata before </head>, the share bar after the h1, the
# JSON-LD before </body>, "ferry" masked in text (not in the title, a
# script, an attribute or the URL) and the replacement made.
our $Marked = $Page;
sub mark
{
    my ($from, $to, $n) = @_;
    my $got = $Marked =~ s/\Q$from\E/$to/g;
    die "092-faults.t: '$from' is in the page $got times, not $n\n"
        unless $got == $n;
}
mark("<title>Ferry", "<title>*****", 1);
mark("\n</head>\n<body>",
     "\n[canonical https://www.example.org/p.html][meta]</head>\n<body>", 1);
mark("<h1>Ferry link reopens</h1>", "<h1>***** link reopens</h1>[bar]", 1);
mark("The ferry between", "The ***** between", 1);
mark("the ferry's", "the *****'s", 1);
mark("forty minutes", "40 min", 60);
mark("</article></body>", "</article>[json-ld]</body>", 1);

sub cut_reply
{
    my ($cut) = @_;
    return head_for(length $Page) . substr($Page, 0, $cut);
}

# ---------------------------------------------------------------------------
# Reading what came back.

# The raw reply (read with --- http09) as "STATUS FRAMING[, X-Cache: V]"
# then the body: FRAMING is "Content-Length, complete", "Content-Length N,
# M bytes", "chunked, last chunk", "chunked, no last chunk" or "until
# close".
sub main::framing
{
    my $raw = shift;
    my ($head, $body) = $raw =~ /\A(.*?\r\n)\r\n(.*)\z/s
        or return "no end of header in: $raw";
    my ($status) = $head =~ m{\AHTTP/1\.[01] (\d{3}) };
    $status = '?' unless defined $status;
    my $how;
    if ($head =~ /^Transfer-Encoding: chunked\r$/mi) {
        my ($out, $state) = ('', 'no last chunk');
        pos($body) = 0;
        while ($body =~ /\G([0-9a-fA-F]+)\r\n/gc) {
            my $n = hex $1;
            if ($n == 0) {
                $state = $body =~ /\G\r\n\z/gc ? 'last chunk'
                                               : 'bytes after the last chunk';
                last;
            }
            my $at = pos $body;
            if (length($body) < $at + $n + 2
                || substr($body, $at + $n, 2) ne "\r\n")
            {
                $state = 'a broken chunk';
                $out .= substr($body, $at);
                last;
            }
            $out .= substr($body, $at, $n);
            pos($body) = $at + $n + 2;
        }
        if ($state eq 'no last chunk' && pos($body) != length $body) {
            $state = 'bytes that are no chunk';
        }
        ($how, $body) = ("chunked, $state", $out);
    } elsif ($head =~ /^Content-Length: (\d+)\r$/mi) {
        $how = length($body) == $1 ? 'Content-Length, complete'
               : "Content-Length $1, " . length($body) . ' bytes';
    } else {
        $how = 'until close';
    }
    if ($head =~ /^X-Cache: ([^\r]*)\r$/mi) {
        $how .= ", X-Cache: $1";
    }
    return "$status $how\n$body";
}

# nginx's own 504 page, whatever its version
our $GatewayTimeout = qr{\A<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n<hr><center>nginx[^<]*</center>\r\n</body>\r\n</html>\r\n\z};

sub main::exactly
{
    my $s = shift;
    return qr/\A\Q$s\E\z/;
}

# What the module adds, as markers: the canonical link, every run of Open
# Graph and X card tags, the share bar, the JSON-LD script.
sub main::marks
{
    my $body = shift;
    $body =~ s{<link rel="canonical" href="([^"]*)">\n}{[canonical $1]}g;
    $body =~ s{(?:<meta (?:property|name)="(?:og|twitter):[^>]*>\n)+}
              {[meta]}g;
    $body =~ s{<nav class="article-share" data-article-share[^>]*>.*?</nav>}
              {[bar]}gs;
    $body =~ s{<script type="application/ld\+json">.*?</script>\n}
              {[json-ld]}gs;
    return $body;
}

# A body filter for a block that asks a page twice, from a faulty upstream
# and in one go: the first is kept, the second must be the same bytes;
# both then show as markers.
our $First;
sub main::same_as_first
{
    my $body = shift;
    if (!defined $First) {
        $First = $body;
        return main::marks($body);
    }
    my $first = $First;
    undef $First;
    return main::marks($body) if $body eq $first;
    my $i = 0;
    $i++ while $i < length($body) && $i < length($first)
               && substr($body, $i, 1) eq substr($first, $i, 1);
    return sprintf "differs from the first at byte %d (%d bytes for %d):"
                   . "\n%s\n", $i, length $body, length $first, $body;
}

# ---------------------------------------------------------------------------
# The byte-by-byte upstream: GET /NAME answers $Drip{NAME}, status line,
# headers and body, one byte per write with a pause of about a millisecond
# between writes (TCP_NODELAY, so each byte is its own segment).

our %Drip = (
    'p.html' => $Reply,
);

sub drip_start
{
    my $listen = IO::Socket::INET->new(LocalAddr => '127.0.0.1',
                                       LocalPort => 0, Proto => 'tcp',
                                       Listen => 64, ReuseAddr => 1)
        or die "092-faults.t: cannot listen: $!\n";
    my $port = $listen->sockport;
    my $pid = fork;
    die "092-faults.t: fork: $!\n" unless defined $pid;
    if ($pid) {
        close $listen;
        return ($pid, $port);
    }

    $SIG{CHLD} = 'IGNORE';
    $SIG{PIPE} = 'IGNORE';
    while (1) {
        my $c = $listen->accept or next;
        my $kid = fork;
        if (!defined $kid || $kid) {
            close $c;
            next;
        }
        close $listen;
        setsockopt($c, Socket::IPPROTO_TCP(), Socket::TCP_NODELAY(), 1);
        my $req = '';
        while ($req !~ /\r\n\r\n/) {
            my $n = sysread($c, my $b, 4096);
            last unless $n;
            $req .= $b;
        }
        my ($name) = $req =~ m{\AGET /([^ ?]*)};
        my $reply = defined $name ? $Drip{$name} : undef;
        $reply = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
            unless defined $reply;
        for my $i (0 .. length($reply) - 1) {
            last unless defined syswrite($c, $reply, 1, $i);
            Time::HiRes::sleep(0.001);
        }
        close $c;
        POSIX::_exit(0);
    }
}

my $parent = $$;
my ($drip_pid, $drip_port) = drip_start();
$ENV{TEST_NGINX_DRIP_PORT} = $drip_port;

END {
    local $?;
    if ($drip_pid && $$ == $parent) {
        kill 'TERM', $drip_pid;
        waitpid $drip_pid, 0;
    }
}

# ---------------------------------------------------------------------------
# The full zone: many small pages of different sizes, each a few slab
# pages at most, all under max_entry (an eighth of a 64k zone).

sub small_page
{
    my ($n) = @_;
    return "<!DOCTYPE html><html><head><title>Page $n</title>\n</head>"
           . "<body><article><h1>Page $n</h1><p>"
           . ("page $n " x (40 + ($n * 997) % 600))
           . "</p></article></body></html>\n";
}

# as it comes back: canonical and metadata before </head>, JSON-LD before
# </body>
sub small_marked
{
    my ($n) = @_;
    my $m = small_page($n);
    $m =~ s{\n</head>}
           {\n[canonical https://www.example.org/a/p$n.html][meta]</head>};
    $m =~ s{</article></body>}{</article>[json-ld]</body>};
    return $m;
}

our @Small = (1 .. 120);

# The zone's counters from the status page, as the facts that must hold.
sub main::zone_facts
{
    my ($max_entries, $asked) = @_;
    return sub {
        my $body = shift;
        return main::marks($body) unless $body =~ /\A\{"rewriting"/;
        my %z;
        if ($body =~ /"zones":\{"small":\{([^}]*)\}/) {
            %z = $1 =~ /"(\w+)":(\d+)/g;
        }
        for my $k (qw(size used entries hits misses stores evictions)) {
            return "no $k in $body\n" unless defined $z{$k};
        }
        my @facts = (
            "size 65536: " . ($z{size} == 65536 ? 'yes' : "no, $z{size}"),
            "used within the size: "
            . ($z{used} > 0 && $z{used} <= $z{size} ? 'yes' : "no, $z{used}"),
            "between 1 and $max_entries entries: "
            . ($z{entries} >= 1 && $z{entries} <= $max_entries
               ? 'yes' : "no, $z{entries}"),
            "every page looked up: "
            . ($z{hits} + $z{misses} == $asked
               ? 'yes' : "no, $z{hits} hits and $z{misses} misses"),
            "every miss stored: "
            . ($z{stores} == $z{misses}
               ? 'yes' : "no, $z{stores} stores for $z{misses} misses"),
            "every page stored and gone counted as evicted: "
            . ($z{evictions} == $z{stores} - $z{entries}
               ? 'yes' : "no, $z{evictions} evictions, $z{stores} stores, "
                         . "$z{entries} entries"),
        );
        return join '', map { "$_\n" } @facts;
    };
}

our $Facts = join '', map { "$_\n" }
    "size 65536: yes", "used within the size: yes",
    "between 1 and 16 entries: yes", "every page looked up: yes",
    "every miss stored: yes",
    "every page stored and gone counted as evicted: yes";

# ---------------------------------------------------------------------------
# The status page after a cut page.  A page's answer (read with --- http09)
# shows as its framing line, and the length of its body is added to what
# the client got; a status answer, JSON or Prometheus, shows as its framing
# line and the counters it gives, in the same words for both formats, the
# bytes out compared with what the client got of the pages before it.

our ($Got, $AfterStatus) = (0, 0);

sub main::cut_facts
{
    my $raw = shift;

    if ($raw eq '') {
        # a page of which the client got nothing
        ($Got, $AfterStatus) = (0, 0) if $AfterStatus;
        return "no answer\n";
    }

    my $framed = main::framing($raw);
    my ($how, $body) = $framed =~ /\A([^\n]*)\n(.*)\z/s
        or return $framed;
    my %c;

    if ($body =~ /\A\{"rewriting":\{"pages":(\d+),"cut":(\d+),"passed":\{([^}]*)\},"oversize_blocked":\d+,"bytes_in":(\d+),"bytes_out":(\d+),"moderation":\{([^}]*)\}\},"zones":/) {
        @c{qw(pages cut passed in out moderation)} = ($1, $2, $3, $4, $5, $6);
        my $passed = 0;
        $passed += $_ for $c{passed} =~ /:(\d+)/g;
        $c{passed} = $passed;
        $c{moderation} = join ' ', map { s/\A"(\w+)":(\d+)\z/$1 $2/r }
                         split /,/, $c{moderation};
    } elsif ($body =~ /\A# HELP article_pages_rewritten_total /) {
        my %m;
        for my $line (split /\n/, $body) {
            next if $line =~ /^#/;
            my ($k, $v) = $line =~ /^(\S+) (\d+)$/
                or return "$how\na line that is no metric: $line\n";
            $m{$k} = $v;
        }
        return "$how\nno HELP and TYPE for article_pages_cut_total\n"
            unless $body =~ /^# HELP article_pages_cut_total \S[^\n]*\n# TYPE article_pages_cut_total counter\narticle_pages_cut_total \d+$/m;
        @c{qw(pages cut in out)} = @m{qw(article_pages_rewritten_total
                                         article_pages_cut_total
                                         article_bytes_in_total
                                         article_bytes_out_total)};
        my $passed = 0;
        $passed += $m{$_} for grep { /^article_pages_passed_total\{/ } keys %m;
        $c{passed} = $passed;
        $c{moderation} = join ' ', map {
            my $k = "article_moderation_actions_total{action=\"$_\"}";
            "$_ " . (defined $m{$k} ? $m{$k} : '?');
        } qw(mask replace flag block);
    } else {
        # a page: what the client got of it
        ($Got, $AfterStatus) = (0, 0) if $AfterStatus;
        $Got += length $body;
        return "$how\n";
    }

    $AfterStatus = 1;
    for my $k (qw(pages cut in out passed moderation)) {
        return "$how\nno $k in:\n$body" unless defined $c{$k};
    }
    return "$how\npages $c{pages}, cut $c{cut}\nbytes in $c{in}\n"
           . ($c{out} == $Got ? "bytes out: what the client got\n"
                              : "bytes out $c{out}, the client got $Got\n")
           . "passed $c{passed}\nmoderation $c{moderation}\n";
}

# what cut_facts shows of a status answer
sub cut_status
{
    my ($pages, $cut, $in, $moderation) = @_;
    return "200 Content-Length, complete\npages $pages, cut $cut\n"
           . "bytes in $in\nbytes out: what the client got\n"
           . "passed 0\nmoderation $moderation\n";
}

# Moderation rules for the byte-by-byte blocks: a mask and a replacement
# whose words arrive a byte at a time.
our $Rules = File::Temp->new(SUFFIX => '.rules');
print $Rules "mask /ferry/i\nreplace /forty minutes/ \"40 min\"\n";
$Rules->flush;
$ENV{TEST_NGINX_FAULT_RULES} = $Rules->filename;

add_block_preprocessor(sub {
    my $block = shift;
    if (!defined $block->no_error_log) {
        $block->set_value('no_error_log', "[alert]\n[crit]\n[emerg]");
    }
});

# Blocks that ask for several pages look for the upstream's error after
# each: the log as a whole, not only what the last request added.
check_accum_error_log();
# the full zone's parallel block has a hundred and more connections open
worker_connections(1024);
no_shuffle();
no_long_string();
run_tests();

__DATA__

=== TEST 1: nginx alone: an upstream closing in the middle of the body gives a short answer
--- config
    location /off/ {
        proxy_pass http://127.0.0.1:$TEST_NGINX_RAND_PORT_1/;
    }
--- tcp_listen: $TEST_NGINX_RAND_PORT_1
--- tcp_reply eval
main::cut_reply($::Cut{text})
--- request
GET /off/p.html
--- http09
--- response_body_filters eval
\&main::framing
--- response_body eval
"200 Content-Length " . length($::Page) . ", $::Cut{text} bytes\n"
. substr($::Page, 0, $::Cut{text})
--- error_log
upstream prematurely closed connection while reading upstream



=== TEST 2: the module: the same short answer, in chunks with no last chunk, and nothing stored
The location shares its cache key with /b/, whose upstream is whole: had
the cut page been stored, /b/ would answer it as a HIT.
--- http_config
    article_cache_zone pages 1m;
--- config
    location /a/ {
        article on;
        article_cache pages;
        article_cache_key p;
        add_header X-Cache $article_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_RAND_PORT_1/;
    }
    location /b/ {
        article on;
        article_cache pages;
        article_cache_key p;
        add_header X-Cache $article_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
    location = /status { article_status; }
--- user_files eval
[["p.html", $::Page]]
--- tcp_listen: $TEST_NGINX_RAND_PORT_1
--- tcp_reply eval
main::cut_reply($::Cut{text})
--- request eval
["GET /a/p.html", "GET /status", "GET /b/p.html", "GET /b/p.html"]
--- http09
--- response_body_filters eval
\&main::framing
--- response_body_like eval
[main::exactly("200 chunked, no last chunk, X-Cache: MISS\n"
                . substr($::Page, 0, $::Cut{text})),
 qr/\A200 Content-Length, complete\n.*"pages":\{"size":1048576,"used":\d+,"entries":0,"hits":0,"misses":1,"expired":0,"stale":0,"updating":0,"bypasses":0,"stores":0,"evictions":0,/s,
 main::exactly("200 chunked, last chunk, X-Cache: MISS\n$::Page"),
 main::exactly("200 Content-Length, complete, X-Cache: HIT\n$::Page")]
--- error_log
upstream prematurely closed connection while reading upstream



=== TEST 3: a rewritten page cut short: what was rewritten so far, then the cut
--- config
    location /a/ {
        article on;
        article_canonical https://www.example.org;
        article_metadata on;
        article_share x email;
        proxy_pass http://127.0.0.1:$TEST_NGINX_RAND_PORT_1/;
    }
--- tcp_listen: $TEST_NGINX_RAND_PORT_1
--- tcp_reply eval
main::cut_reply($::Cut{text})
--- request
GET /a/p.html
--- http09
--- response_body_filters eval
[\&main::framing, \&main::marks]
--- response_body eval
my $b = "200 chunked, no last chunk\n" . substr($::Page, 0, $::Cut{text});
$b =~ s{\n</head>\n<body>}{\n[canonical https://www.example.org/a/p.html][meta]</head>\n<body>};
$b =~ s{(<h1>Ferry link reopens</h1>)}{$1\[bar]};
$b
--- error_log
upstream prematurely closed connection while reading upstream



=== TEST 4: cut in the middle of a character reference: every byte received goes out
--- config
    location /a/ {
        article on;
        proxy_pass http://127.0.0.1:$TEST_NGINX_RAND_PORT_1/;
    }
--- tcp_listen: $TEST_NGINX_RAND_PORT_1
--- tcp_reply eval
main::cut_reply($::Cut{ref})
--- request
GET /a/p.html
--- http09
--- response_body_filters eval
\&main::framing
--- response_body eval
"200 chunked, no last chunk\n" . substr($::Page, 0, $::Cut{ref})
--- error_log
upstream prematurely closed connection while reading upstream



=== TEST 5: cut in the middle of a UTF-8 character: every byte received goes out
--- config
    location /a/ {
        article on;
        proxy_pass http://127.0.0.1:$TEST_NGINX_RAND_PORT_1/;
    }
--- tcp_listen: $TEST_NGINX_RAND_PORT_1
--- tcp_reply eval
main::cut_reply($::Cut{utf8})
--- request
GET /a/p.html
--- http09
--- response_body_filters eval
\&main::framing
--- response_body eval
"200 chunked, no last chunk\n" . substr($::Page, 0, $::Cut{utf8})
--- error_log
upstream prematurely closed connection while reading upstream



=== TEST 6: nginx alone, cut in the middle of a tag: the tag's first bytes go out
--- config
    location /off/ {
        proxy_pass http://127.0.0.1:$TEST_NGINX_RAND_PORT_1/;
    }
--- tcp_listen: $TEST_NGINX_RAND_PORT_1
--- tcp_reply eval
main::cut_reply($::Cut{tag})
--- request
GET /off/p.html
--- http09
--- response_body_filters eval
\&main::framing
--- response_body eval
"200 Content-Length " . length($::Page) . ", $::Cut{tag} bytes\n"
. substr($::Page, 0, $::Cut{tag})
--- error_log
upstream prematurely closed connection while reading upstream



=== TEST 7: the module, cut in the middle of a tag: everything up to the unfinished tag
A streaming rewriter holds a tag until its end, and no end comes: the
client gets every byte before the tag, cut as nginx cuts it, and a
browser drops an unfinished tag at the end of its input anyway.
--- config
    location /a/ {
        article on;
        proxy_pass http://127.0.0.1:$TEST_NGINX_RAND_PORT_1/;
    }
--- tcp_listen: $TEST_NGINX_RAND_PORT_1
--- tcp_reply eval
main::cut_reply($::Cut{tag})
--- request
GET /a/p.html
--- http09
--- response_body_filters eval
\&main::framing
--- response_body eval
"200 chunked, no last chunk\n" . substr($::Page, 0, $::TagStart)
--- error_log
upstream prematurely closed connection while reading upstream



=== TEST 8: an upstream sending a byte at a time, headers and body: the page as if sent in one go
The page is asked twice: from the byte-by-byte upstream (utm_source=drip,
which is no part of the canonical URL), then from a static file.  The
debug log shows the upstream read a byte at a time.
--- http_config
    map $arg_utm_source $up {
        drip      127.0.0.1:$TEST_NGINX_DRIP_PORT/p.html;
        default   127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/p.html;
    }
--- config
    location = /p.html {
        article on;
        article_canonical https://www.example.org;
        article_metadata on;
        article_share x email;
        article_moderation $TEST_NGINX_FAULT_RULES;
        proxy_pass http://$up;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["p.html", $::Page]]
--- request eval
["GET /p.html?utm_source=drip", "GET /p.html"]
--- response_body_filters eval
\&main::same_as_first
--- response_body eval
[$::Marked, $::Marked]
--- grep_error_log eval
qr/pipe recv chain: 1$/
--- grep_error_log_out eval
qr/\A(?:pipe recv chain: 1\n){1000,}\z/
--- timeout: 20



=== TEST 9: the same, unbuffered (proxy_buffering off): every byte passed on as it comes
--- http_config
    map $arg_utm_source $up {
        drip      127.0.0.1:$TEST_NGINX_DRIP_PORT/p.html;
        default   127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/p.html;
    }
--- config
    location = /p.html {
        article on;
        article_canonical https://www.example.org;
        article_metadata on;
        article_share x email;
        article_moderation $TEST_NGINX_FAULT_RULES;
        proxy_buffering off;
        proxy_pass http://$up;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["p.html", $::Page]]
--- request eval
["GET /p.html?utm_source=drip", "GET /p.html"]
--- response_body_filters eval
\&main::same_as_first
--- response_body eval
[$::Marked, $::Marked]
--- grep_error_log eval
qr/recv: fd:\d+ 1 of \d+$/
--- grep_error_log_out eval
qr/\A(?:recv: fd:\d+ 1 of \d+\n){1000,}\z/
--- timeout: 20



=== TEST 10: tcp_reply in one-byte pieces, sent with no pause: the page as if sent in one go
--- http_config
    map $arg_utm_source $up {
        tcp       127.0.0.1:$TEST_NGINX_RAND_PORT_1/p.html;
        default   127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/p.html;
    }
--- config
    location = /p.html {
        article on;
        article_canonical https://www.example.org;
        article_metadata on;
        article_share x email;
        article_moderation $TEST_NGINX_FAULT_RULES;
        proxy_buffering off;
        proxy_pass http://$up;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
--- user_files eval
[["p.html", $::Page]]
--- tcp_listen: $TEST_NGINX_RAND_PORT_1
--- tcp_reply eval
[split //, $::Reply]
--- request eval
["GET /p.html?utm_source=tcp", "GET /p.html"]
--- response_body_filters eval
\&main::same_as_first
--- response_body eval
[$::Marked, $::Marked]



=== TEST 11: nginx alone: an upstream silent after the request gives 504 at proxy_read_timeout
--- config
    location /off/ {
        proxy_read_timeout 300ms;
        proxy_pass http://127.0.0.1:$TEST_NGINX_RAND_PORT_1/;
    }
--- tcp_listen: $TEST_NGINX_RAND_PORT_1
--- tcp_reply eval
""
--- tcp_no_close
--- request
GET /off/p.html
--- error_code: 504
--- response_body_like eval
$::GatewayTimeout
--- error_log
upstream timed out (110: Connection timed out) while reading response header from upstream



=== TEST 12: the module: the same 504, and nothing stored
--- http_config
    article_cache_zone pages 1m;
--- config
    location /a/ {
        article on;
        article_canonical https://www.example.org;
        article_metadata on;
        article_share x email;
        article_cache pages;
        article_cache_key p;
        proxy_read_timeout 300ms;
        add_header X-Cache $article_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_RAND_PORT_1/;
    }
    location /b/ {
        article on;
        article_canonical https://www.example.org;
        article_metadata on;
        article_share x email;
        article_cache pages;
        article_cache_key p;
        add_header X-Cache $article_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
    location = /status { article_status; }
--- user_files eval
[["p.html", $::Page]]
--- tcp_listen: $TEST_NGINX_RAND_PORT_1
--- tcp_reply eval
""
--- tcp_no_close
--- request eval
["GET /a/p.html", "GET /status", "GET /b/p.html", "GET /b/p.html"]
--- error_code eval
[504, 200, 200, 200]
--- response_headers eval
["X-Cache: MISS", "", "X-Cache: MISS", "X-Cache: HIT"]
--- response_body_like eval
[$::GatewayTimeout,
 qr/"pages":\{"size":1048576,"used":\d+,"entries":0,"hits":0,"misses":1,"expired":0,"stale":0,"updating":0,"bypasses":0,"stores":0,"evictions":0,/,
 qr{\A<!DOCTYPE html>\n.*<nav class="article-share".*</html>\n\z}s,
 qr{\A<!DOCTYPE html>\n.*<nav class="article-share".*</html>\n\z}s]
--- error_log
upstream timed out (110: Connection timed out) while reading response header from upstream



=== TEST 13: nginx alone: an upstream stalling in the middle of the body, buffered: headers, then nothing
What nginx holds in its proxy buffers when the upstream times out is not
sent: the client gets the headers and no byte of the body.
--- config
    location /off/ {
        proxy_read_timeout 300ms;
        proxy_pass http://127.0.0.1:$TEST_NGINX_RAND_PORT_1/;
    }
--- tcp_listen: $TEST_NGINX_RAND_PORT_1
--- tcp_reply eval
main::cut_reply($::Cut{text})
--- tcp_no_close
--- request
GET /off/p.html
--- http09
--- response_body_filters eval
\&main::framing
--- response_body eval
"200 Content-Length " . length($::Page) . ", 0 bytes\n"
--- error_log
upstream timed out (110: Connection timed out) while reading upstream



=== TEST 14: the module, buffered: the same headers and nothing, with no last chunk, and nothing stored
--- http_config
    article_cache_zone pages 1m;
--- config
    location /a/ {
        article on;
        article_cache pages;
        article_cache_key p;
        proxy_read_timeout 300ms;
        add_header X-Cache $article_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_RAND_PORT_1/;
    }
    location /b/ {
        article on;
        article_cache pages;
        article_cache_key p;
        add_header X-Cache $article_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
    location = /status { article_status; }
--- user_files eval
[["p.html", $::Page]]
--- tcp_listen: $TEST_NGINX_RAND_PORT_1
--- tcp_reply eval
main::cut_reply($::Cut{text})
--- tcp_no_close
--- request eval
["GET /a/p.html", "GET /status", "GET /b/p.html", "GET /b/p.html"]
--- http09
--- response_body_filters eval
\&main::framing
--- response_body_like eval
[main::exactly("200 chunked, no last chunk, X-Cache: MISS\n"),
 qr/\A200 Content-Length, complete\n.*"pages":\{"size":1048576,"used":\d+,"entries":0,"hits":0,"misses":1,"expired":0,"stale":0,"updating":0,"bypasses":0,"stores":0,"evictions":0,/s,
 main::exactly("200 chunked, last chunk, X-Cache: MISS\n$::Page"),
 main::exactly("200 Content-Length, complete, X-Cache: HIT\n$::Page")]
--- error_log
upstream timed out (110: Connection timed out) while reading upstream



=== TEST 15: nginx alone, unbuffered (proxy_buffering off): a short answer
--- config
    location /off/ {
        proxy_buffering off;
        proxy_read_timeout 300ms;
        proxy_pass http://127.0.0.1:$TEST_NGINX_RAND_PORT_1/;
    }
--- tcp_listen: $TEST_NGINX_RAND_PORT_1
--- tcp_reply eval
main::cut_reply($::Cut{text})
--- tcp_no_close
--- request
GET /off/p.html
--- http09
--- response_body_filters eval
\&main::framing
--- response_body eval
"200 Content-Length " . length($::Page) . ", $::Cut{text} bytes\n"
. substr($::Page, 0, $::Cut{text})
--- error_log
upstream timed out (110: Connection timed out) while reading upstream



=== TEST 16: the module, unbuffered: the same short answer, with no last chunk, and nothing stored
--- http_config
    article_cache_zone pages 1m;
--- config
    location /a/ {
        article on;
        article_cache pages;
        article_cache_key p;
        proxy_buffering off;
        proxy_read_timeout 300ms;
        add_header X-Cache $article_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_RAND_PORT_1/;
    }
    location /b/ {
        article on;
        article_cache pages;
        article_cache_key p;
        proxy_buffering off;
        add_header X-Cache $article_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
    location = /status { article_status; }
--- user_files eval
[["p.html", $::Page]]
--- tcp_listen: $TEST_NGINX_RAND_PORT_1
--- tcp_reply eval
main::cut_reply($::Cut{text})
--- tcp_no_close
--- request eval
["GET /a/p.html", "GET /status", "GET /b/p.html", "GET /b/p.html"]
--- http09
--- response_body_filters eval
\&main::framing
--- response_body_like eval
[main::exactly("200 chunked, no last chunk, X-Cache: MISS\n"
               . substr($::Page, 0, $::Cut{text})),
 qr/\A200 Content-Length, complete\n.*"pages":\{"size":1048576,"used":\d+,"entries":0,"hits":0,"misses":1,"expired":0,"stale":0,"updating":0,"bypasses":0,"stores":0,"evictions":0,/s,
 main::exactly("200 chunked, last chunk, X-Cache: MISS\n$::Page"),
 main::exactly("200 Content-Length, complete, X-Cache: HIT\n$::Page")]
--- error_log
upstream timed out (110: Connection timed out) while reading upstream



=== TEST 17: use_stale error: an upstream silent before its headers gets the expired page answered
--- http_config
    article_cache_zone pages 1m;
--- config
    location /a/ {
        article on;
        article_cache pages;
        article_cache_key p;
        article_cache_valid 1s;
        article_cache_use_stale error;
        proxy_read_timeout 300ms;
        add_header X-Cache $article_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_RAND_PORT_1/;
    }
    location /b/ {
        article on;
        article_cache pages;
        article_cache_key p;
        article_cache_valid 1s;
        add_header X-Cache $article_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
    location = /status { article_status; }
--- user_files eval
[["p.html", $::Page]]
--- tcp_listen: $TEST_NGINX_RAND_PORT_1
--- tcp_reply eval
""
--- tcp_no_close
--- request eval
["GET /b/p.html", "GET /a/p.html", "GET /status"]
--- wait: 1.1
--- response_headers eval
["X-Cache: MISS", "X-Cache: STALE", ""]
--- response_body_like eval
[main::exactly($::Page), main::exactly($::Page),
 qr/"pages":\{"size":1048576,"used":\d+,"entries":1,"hits":0,"misses":1,"expired":1,"stale":1,"updating":0,"bypasses":0,"stores":1,"evictions":0,/]
--- no_error_log
[alert]
[crit]
[emerg]
--- timeout: 10



=== TEST 18: use_stale error, a stall in the middle of the body: the answer is cut, the expired page stays
--- http_config
    article_cache_zone pages 1m;
--- config
    location /a/ {
        article on;
        article_cache pages;
        article_cache_key p;
        article_cache_valid 1s;
        article_cache_use_stale error;
        proxy_buffering off;
        proxy_read_timeout 300ms;
        add_header X-Cache $article_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_RAND_PORT_1/;
    }
    location /b/ {
        article on;
        article_cache pages;
        article_cache_key p;
        article_cache_valid 1s;
        add_header X-Cache $article_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
    location = /status { article_status; }
--- user_files eval
[["p.html", $::Page]]
--- tcp_listen: $TEST_NGINX_RAND_PORT_1
--- tcp_reply eval
main::cut_reply($::Cut{text})
--- tcp_no_close
--- request eval
["GET /b/p.html", "GET /a/p.html", "GET /status"]
--- wait: 1.1
--- http09
--- response_body_filters eval
\&main::framing
--- response_body_like eval
[main::exactly("200 chunked, last chunk, X-Cache: MISS\n$::Page"),
 main::exactly("200 chunked, no last chunk, X-Cache: EXPIRED\n"
               . substr($::Page, 0, $::Cut{text})),
 qr/"pages":\{"size":1048576,"used":\d+,"entries":1,"hits":0,"misses":1,"expired":1,"stale":0,"updating":0,"bypasses":0,"stores":1,"evictions":0,/]
--- no_error_log
[alert]
[crit]
[emerg]
--- timeout: 10



=== TEST 19: a full zone: 120 pages one after the other into 64k, each answered right, the oldest evicted
--- http_config
    article_cache_zone small 64k;
--- config
    location /a/ {
        article on;
        article_canonical https://www.example.org;
        article_metadata on;
        article_cache small;
        add_header X-Cache $article_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
    location = /status { article_status; }
--- user_files eval
[map { ["p$_.html", main::small_page($_)] } @::Small]
--- request eval
[(map { "GET /a/p$_.html" } @::Small), "GET /a/p$::Small[-1].html",
 "GET /a/p1.html", "GET /status"]
--- response_headers eval
[(map { "X-Cache: MISS" } @::Small), "X-Cache: HIT", "X-Cache: MISS", ""]
--- response_body_filters eval
main::zone_facts(16, @::Small + 2)
--- response_body eval
[(map { main::small_marked($_) } @::Small), main::small_marked($::Small[-1]),
 main::small_marked(1), $::Facts]
--- no_error_log
[alert]
[crit]
[emerg]
ngx_slab_alloc() failed
no room for a page
--- log_level: info
--- timeout: 30



=== TEST 20: a full zone under parallel requests: 60 pages at once, twice, each answered right
nginx issues SSI includes at once: each goes through /m/ to the caching
location as a request of its own, so that pages are stored, sent from the
zone and evicted at the same time.
--- http_config
    article_cache_zone small 64k;
--- config
    location /a/ {
        article on;
        article_canonical https://www.example.org;
        article_metadata on;
        article_cache small;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
    location /m/ {
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/a/;
    }
    location = /drive {
        ssi on;
        alias html/drive.html;
        default_type text/html;
    }
    location = /status { article_status; }
--- user_files eval
[(map { ["p$_.html", main::small_page($_)] } 1 .. 60),
 ["drive.html", CORE::join "", map { "<!--# include virtual=\"/m/p$_.html\" -->" } 1 .. 60]]
--- request eval
["GET /drive", "GET /drive", "GET /status"]
--- response_body_filters eval
main::zone_facts(16, 120)
--- response_body eval
[(CORE::join "", map { main::small_marked($_) } 1 .. 60),
 (CORE::join "", map { main::small_marked($_) } 1 .. 60),
 $::Facts]
--- no_error_log
[alert]
[crit]
[emerg]
ngx_slab_alloc() failed
--- log_level: info
--- timeout: 30



=== TEST 21: the status page: a page cut by its upstream counts as a page, cut, with the bytes it had
The title's "Ferry" was masked before the cut: a cut page adds no
moderation actions.
--- config
    location /a/ {
        article on;
        article_canonical https://www.example.org;
        article_metadata on;
        article_share x email;
        article_moderation $TEST_NGINX_FAULT_RULES;
        proxy_pass http://127.0.0.1:$TEST_NGINX_RAND_PORT_1/;
    }
    location = /status { article_status; }
--- tcp_listen: $TEST_NGINX_RAND_PORT_1
--- tcp_reply eval
main::cut_reply($::Cut{text})
--- request eval
["GET /a/p.html", "GET /status", "GET /status?format=prometheus"]
--- http09
--- response_body_filters eval
\&main::cut_facts
--- response_body eval
["200 chunked, no last chunk\n",
 main::cut_status(1, 1, $::Cut{text}, "mask 0 replace 0 flag 0 block 0"),
 main::cut_status(1, 1, $::Cut{text}, "mask 0 replace 0 flag 0 block 0")]
--- error_log
upstream prematurely closed connection while reading upstream



=== TEST 22: unbuffered, an upstream stalling in the middle of the body: cut at proxy_read_timeout, counted the same
--- config
    location /a/ {
        article on;
        article_canonical https://www.example.org;
        proxy_buffering off;
        proxy_read_timeout 300ms;
        proxy_pass http://127.0.0.1:$TEST_NGINX_RAND_PORT_1/;
    }
    location = /status { article_status; }
--- tcp_listen: $TEST_NGINX_RAND_PORT_1
--- tcp_reply eval
main::cut_reply($::Cut{text})
--- tcp_no_close
--- request eval
["GET /a/p.html", "GET /status", "GET /status?format=prometheus"]
--- http09
--- response_body_filters eval
\&main::cut_facts
--- response_body eval
["200 chunked, no last chunk\n",
 main::cut_status(1, 1, $::Cut{text}, "mask 0 replace 0 flag 0 block 0"),
 main::cut_status(1, 1, $::Cut{text}, "mask 0 replace 0 flag 0 block 0")]
--- error_log
upstream timed out (110: Connection timed out) while reading upstream



=== TEST 23: a client going away in the middle of a page: the page counts as cut
The upstream sends part of the page and then nothing; the client gives up
after a second of silence and closes, long before proxy_read_timeout, and
nginx, which watches the client while it waits for the upstream, ends the
request.  Unbuffered, so that the part sent reaches the client.
--- config
    location /a/ {
        article on;
        article_canonical https://www.example.org;
        proxy_buffering off;
        proxy_read_timeout 30s;
        proxy_pass http://127.0.0.1:$TEST_NGINX_RAND_PORT_1/;
    }
    location = /status { article_status; }
--- tcp_listen: $TEST_NGINX_RAND_PORT_1
--- tcp_reply eval
main::cut_reply($::Cut{text})
--- tcp_no_close
--- request eval
["GET /a/p.html", "GET /status", "GET /status?format=prometheus"]
--- http09
--- response_body_filters eval
\&main::cut_facts
--- response_body eval
["200 chunked, no last chunk\n",
 main::cut_status(1, 1, $::Cut{text}, "mask 0 replace 0 flag 0 block 0"),
 main::cut_status(1, 1, $::Cut{text}, "mask 0 replace 0 flag 0 block 0")]
--- error_log
client prematurely closed connection
--- timeout: 1
--- abort



=== TEST 24: block rules: a whole page blocked counts as before, a held page cut counts as cut, with no block
Block rules hold the page whole until its end.  The page cut by its
upstream never reaches its end: nothing is sent, the connection is closed,
and the block rule that fired in it blocked nothing.  The same page whole,
from the origin, is blocked (451), as before: a page, with the rule's four
matches (the words the byte-by-byte blocks mask) as block actions, and its
bytes out those of the rewritten page, not of the 451.
--- config
    location /a/ {
        article on;
        article_moderation ../html/block.rules;
        proxy_pass http://127.0.0.1:$TEST_NGINX_RAND_PORT_1/;
    }
    location /b/ {
        article on;
        article_moderation ../html/block.rules;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
    }
    location /origin/ {
        alias html/;
        default_type text/html;
    }
    location = /status { article_status; }
--- user_files eval
[["p.html", $::Page], ["block.rules", "block /ferry/i\n"]]
--- tcp_listen: $TEST_NGINX_RAND_PORT_1
--- tcp_reply eval
main::cut_reply($::Cut{text})
--- request eval
["GET /a/p.html", "GET /b/p.html", "GET /status",
 "GET /status?format=prometheus"]
--- http09
--- response_body_filters eval
\&main::cut_facts
--- response_body_like eval
my $facts = "\\A200 Content-Length, complete\\npages 2, cut 1\\nbytes in "
            . (length($::Page) + $::Cut{text})
            . "\\nbytes out \\d+, the client got \\d+\\npassed 0\\n"
            . "moderation mask 0 replace 0 flag 0 block 4\\n\\z";
[qr/\Ano answer\n\z/, qr/\A451 Content-Length, complete\n\z/,
 qr/$facts/, qr/$facts/]
--- error_log
upstream prematurely closed connection while reading upstream



=== TEST 25: a page grown over article_max_size and passed through, then cut: passed (oversize), no page, no cut
The page has no Content-Length (chunked, and no last chunk comes): past
article_max_size the rest passes through as it is, and a page passed
through is counted as passed for its size, not as a page rewritten, cut
or not.
--- config
    location /a/ {
        article on;
        article_max_size 1k;
        proxy_pass http://127.0.0.1:$TEST_NGINX_RAND_PORT_1/;
    }
    location = /status { article_status; }
--- tcp_listen: $TEST_NGINX_RAND_PORT_1
--- tcp_reply eval
"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
. sprintf("%x\r\n", length $::Page) . $::Page . "\r\n"
--- request eval
["GET /a/p.html", "GET /status", "GET /status?format=prometheus"]
--- http09
--- response_body_filters eval
\&main::cut_facts
--- response_body_like eval
my $facts = "\\A200 Content-Length, complete\\npages 0, cut 0\\nbytes in 0\\n"
            . "bytes out 0, the client got " . length($::Page) . "\\n"
            . "passed 1\\nmoderation mask 0 replace 0 flag 0 block 0\\n\\z";
[qr/\A200 chunked, no last chunk\n\z/, qr/$facts/, qr/$facts/]
--- error_log
upstream prematurely closed connection while reading upstream



=== TEST 26: a rewritten location cut in an SSI include: a subrequest is no page, and no cut
A subrequest is not rewritten.  nginx ends the including page whole, the
include cut short in it.
--- config
    location = /ssi {
        ssi on;
        default_type text/html;
        alias html/ssi.html;
    }
    location /a/ {
        article on;
        proxy_pass http://127.0.0.1:$TEST_NGINX_RAND_PORT_1/;
    }
    location = /status { article_status; }
--- user_files eval
[["ssi.html", "<p>before</p>\n<!--# include virtual=\"/a/p.html\" -->\n<p>after</p>\n"]]
--- tcp_listen: $TEST_NGINX_RAND_PORT_1
--- tcp_reply eval
main::cut_reply($::Cut{text})
--- request eval
["GET /ssi", "GET /status", "GET /status?format=prometheus"]
--- http09
--- response_body_filters eval
\&main::cut_facts
--- response_body_like eval
my $facts = "\\A200 Content-Length, complete\\npages 0, cut 0\\nbytes in 0\\n"
            . "bytes out 0, the client got \\d+\\n"
            . "passed 0\\nmoderation mask 0 replace 0 flag 0 block 0\\n\\z";
[qr/\A200 chunked, last chunk\n\z/, qr/$facts/, qr/$facts/]
--- error_log
upstream prematurely closed connection while reading upstream
