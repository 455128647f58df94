# A minimal FastCGI responder for the tests, core Perl modules only.
#
# It answers each request with FCGI_STDOUT records holding a CGI header and
# the page named by the DOCUMENT_URI param, then FCGI_END_REQUEST; one
# request per connection, as nginx asks unless fastcgi_keep_conn is on.
# Params that shape the answer:
#
#   DOCUMENT_URI    which page (see ArticleFcgi::page); an unknown one is 404
#   FCGI_RECORDS    "small": records of a few hundred bytes, the header split
#                   across the first two, pauses between groups so that
#                   nginx reads them apart; default: records of up to 32 KB
#   FCGI_LENGTH     "on": send a Content-Length header too
#
# A .t file loads it with require and calls ArticleFcgi::start(), which
# forks a server on a free loopback port; the server stops on SIGTERM or
# after a bounded time by itself. Run directly, it serves in the
# foreground: perl t/fcgi/responder.pl [PORT [SECONDS]]

package ArticleFcgi;

use strict;
use warnings;

use IO::Socket::INET ();
use POSIX ();
use Socket qw(IPPROTO_TCP TCP_NODELAY);

use constant {
    FCGI_VERSION_1       => 1,
    FCGI_BEGIN_REQUEST   => 1,
    FCGI_ABORT_REQUEST   => 2,
    FCGI_END_REQUEST     => 3,
    FCGI_PARAMS          => 4,
    FCGI_STDIN           => 5,
    FCGI_STDOUT          => 6,
    FCGI_STDERR          => 7,
    FCGI_GET_VALUES      => 9,
    FCGI_UNKNOWN_TYPE    => 11,
    FCGI_RESPONDER       => 1,
    FCGI_REQUEST_COMPLETE => 0,
    FCGI_UNKNOWN_ROLE    => 3,
};

# Sizes of the records of a "small" answer, used in turn; the first is
# shorter than the header so that the header is split too.
my @SMALL = (13, 311, 97, 457, 229, 389, 53, 401, 173, 283, 500, 1);

# The article: ~200 KB of markup that a rewriter can trip on (entities,
# UTF-8, comments and scripts holding tags, attributes holding ">", raw
# text elements, a second h1 outside the article), no canonical link.
sub article_page
{
    my $html = "<!DOCTYPE html>\n"
        . "<html lang=\"en\"><head><meta charset=\"utf-8\">"
        . "<title>Harbour ferry link reopens &amp; more</title>\n"
        . "<style>p > a { color: #a00 }</style>\n"
        . "<script>var t = '</head><body>'; if (a < b) {}</script>\n"
        . "</head>\n<body><header><nav><a href=\"/\">Home</a></nav></header>\n"
        . "<article><h1>Harbour ferry link reopens</h1>\n";

    for my $i (1 .. 1500) {
        $html .= "<p class=\"x\" data-n='$i'>Paragraph $i: caf\xc3\xa9 "
            . "&eacute; &#8212; &lt;not a tag&gt; "
            . "<a href=\"/x?a=$i&amp;b=2\">link</a> "
            . "<img src=\"/i/$i.png\" alt=\"a > b\"></p>\n";
        $html .= "<!-- comment $i <h1>not</h1> <p>not</p> -->\n"
            if $i % 50 == 0;
        $html .= "<script>var s = '</p><h1>x</h1>'; if (a<b && c>d) {}"
            . "</script>\n" if $i % 70 == 0;
        $html .= "<pre>  keep\n\tthe   spaces &amp; <b>tags</b>\n</pre>\n"
            if $i % 90 == 0;
        $html .= "<textarea name=\"t$i\"><h1>raw</h1> &amp; text</textarea>\n"
            if $i % 110 == 0;
    }

    $html .= "</article>\n<aside><h1>Also today</h1><p>More.</p></aside>\n"
        . "<footer><p>&copy; The Post</p></footer></body></html>\n";

    return $html;
}

# The body of a page by its path, or undef.
sub page
{
    my $uri = shift;

    return "<!DOCTYPE html><html><head><title>small</title></head>"
        . "<body><p>a &amp; b</p></body></html>\n" if $uri eq '/small.html';
    return article_page() if $uri eq '/article.html';
    return undef;
}

sub write_all
{
    my ($sock, $data) = @_;
    my $off = 0;

    while ($off < length $data) {
        my $n = syswrite($sock, $data, length($data) - $off, $off);
        return 0 unless defined $n;
        $off += $n;
    }
    return 1;
}

sub read_exactly
{
    my ($sock, $len) = @_;
    my $buf = '';

    while (length $buf < $len) {
        my $n = sysread($sock, $buf, $len - length $buf, length $buf);
        return undef unless $n;
    }
    return $buf;
}

sub record
{
    my ($type, $id, $content, $padding) = @_;
    $padding //= 0;

    return pack('CCnnCC', FCGI_VERSION_1, $type, $id, length $content,
                $padding, 0) . $content . ("\0" x $padding);
}

# Name-value pairs as FCGI_PARAMS carries them: lengths of one byte, or of
# four with the high bit set.
sub parse_params
{
    my $data = shift;
    my %params;
    my $pos = 0;

    while ($pos < length $data) {
        my @len;
        for (1, 2) {
            my $b = ord substr($data, $pos, 1);
            if ($b & 0x80) {
                push @len, unpack('N', substr($data, $pos, 4)) & 0x7fffffff;
                $pos += 4;
            } else {
                push @len, $b;
                $pos += 1;
            }
        }
        my $name = substr($data, $pos, $len[0]);
        my $value = substr($data, $pos + $len[0], $len[1]);
        $pos += $len[0] + $len[1];
        $params{$name} = $value;
    }
    return \%params;
}

# Reads one request; returns (id, params) or an error string.
sub read_request
{
    my $sock = shift;
    my ($id, $params, $params_done, $stdin_done) = (undef, '', 0, 0);

    while (!$params_done || !$stdin_done) {
        my $hdr = read_exactly($sock, 8);
        return (undef, 'connection closed before the request was whole')
            unless defined $hdr;

        my ($ver, $type, $rid, $clen, $plen) = unpack('CCnnC', $hdr);
        return (undef, "bad version $ver") unless $ver == FCGI_VERSION_1;

        my $content = read_exactly($sock, $clen + $plen);
        return (undef, 'connection closed inside a record')
            unless defined $content;
        $content = substr($content, 0, $clen);

        if ($type == FCGI_BEGIN_REQUEST) {
            my ($role, $flags) = unpack('nC', $content);
            return (undef, "role $role") unless $role == FCGI_RESPONDER;
            $id = $rid;
        } elsif ($type == FCGI_ABORT_REQUEST) {
            return (undef, 'aborted');
        } elsif (!defined $id || $rid != $id) {
            return (undef, "record of type $type for request $rid");
        } elsif ($type == FCGI_PARAMS) {
            if ($clen == 0) { $params_done = 1 } else { $params .= $content }
        } elsif ($type == FCGI_STDIN) {
            $stdin_done = 1 if $clen == 0;
        } else {
            return (undef, "unexpected record type $type");
        }
    }

    return ($id, parse_params($params));
}

sub answer
{
    my ($sock, $id, $p) = @_;
    my $uri = $p->{DOCUMENT_URI} // '';
    my $body = page($uri);
    my $out;

    if (defined $body) {
        $out = "Content-Type: text/html\r\n";
        $out .= 'Content-Length: ' . length($body) . "\r\n"
            if ($p->{FCGI_LENGTH} // '') eq 'on';
        $out .= "\r\n$body";
    } else {
        $out = "Status: 404 Not Found\r\nContent-Type: text/plain\r\n\r\n"
            . "no page $uri\n";
    }

    my $small = ($p->{FCGI_RECORDS} // '') eq 'small';
    my ($pos, $n) = (0, 0);

    while ($pos < length $out) {
        my $size = $small ? $SMALL[$n % @SMALL] : 32768;
        my $chunk = substr($out, $pos, $size);
        $pos += length $chunk;
        return unless write_all($sock,
            record(FCGI_STDOUT, $id, $chunk, $small ? $n % 8 : 0));
        $n++;
        select(undef, undef, undef, 0.001) if $small && $n % 16 == 0;
    }

    write_all($sock, record(FCGI_STDOUT, $id, '')
                     . record(FCGI_END_REQUEST, $id,
                              pack('NCx3', 0, FCGI_REQUEST_COMPLETE)));
}

sub serve
{
    my ($listen, $seconds) = @_;

    $SIG{ALRM} = sub { POSIX::_exit(0) };
    $SIG{TERM} = sub { POSIX::_exit(0) };
    $SIG{PIPE} = 'IGNORE';
    alarm $seconds;

    while (1) {
        my $sock = $listen->accept;
        next unless $sock;
        setsockopt($sock, IPPROTO_TCP, TCP_NODELAY, 1);

        my ($id, $params) = read_request($sock);
        if (defined $id) {
            answer($sock, $id, $params);
        } elsif (defined $params && $params ne 'aborted') {
            # nginx logs FCGI_STDERR at the error level: a test sees it.
            write_all($sock, record(FCGI_STDERR, 1,
                                    "fcgi responder: $params\n"));
        }
        close $sock;
    }
}

sub listener
{
    my $port = shift // 0;

    my $listen = IO::Socket::INET->new(LocalAddr => '127.0.0.1',
                                       LocalPort => $port,
                                       Proto => 'tcp',
                                       Listen => 16,
                                       ReuseAddr => 1);

    die "fcgi responder: cannot listen on 127.0.0.1:$port: $!\n"
        unless $listen;
    return $listen;
}

# Forks a server on a free loopback port; returns (pid, port). The child
# leaves the test's output alone, so that the harness sees the end of it.
sub start
{
    my $seconds = shift // 120;
    my $listen = listener(0);
    my $port = $listen->sockport;

    my $pid = fork;
    die "fcgi responder: fork: $!\n" unless defined $pid;

    if ($pid == 0) {
        open STDIN, '<', '/dev/null';
        open STDOUT, '>', '/dev/null';
        open STDERR, '>', '/dev/null';
        eval { serve($listen, $seconds) };
        POSIX::_exit(0);
    }

    close $listen;
    return ($pid, $port);
}

sub stop
{
    my $pid = shift;

    return unless $pid;
    kill 'TERM', $pid;
    waitpid($pid, 0);
}

unless (caller) {
    my $port = shift(@ARGV) // 9000;
    my $seconds = shift(@ARGV) // 120;
    print "fcgi responder on 127.0.0.1:$port for ${seconds}s\n";
    serve(listener($port), $seconds);
}

1;
