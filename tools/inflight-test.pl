#!/usr/bin/env perl
# A cache hit keeps its bytes while they are in flight.
#
# A hit is answered from the zone's memory, and nginx finishes the request
# once the kernel has taken the bytes, long before a slow client has read
# them.  Whatever the send path (a copy into the socket today; a zero-copy
# path such as sendfile would leave references to the zone's pages in the
# socket instead), the entry may then be freed and its memory written
# over.  This test makes that happen on purpose: a client with a tiny
# receive buffer asks for a stored page of 256 KB; nginx queues all of it
# in a 4 MB send buffer and finishes the request; the page is purged and
# the same key stored again with other bytes of the same length (so the
# slab is likely to hand out the same pages); only then does the client
# read.  It must get the first page, byte for byte.
#
# Environment (as tools/reload-test.sh): BUILD (default build),
# ART_NGINX_MODE dynamic (TEST_NGINX_BINARY, default /usr/sbin/nginx,
# loading $BUILD/ngx_http_article_module.so) or static
# ($BUILD/nginx/sbin/nginx), SANITIZE=1 (preload the sanitizer runtimes
# for a sanitized module), INFLIGHT_PORT (default 18330), INFLIGHT_KEEP=1
# keeps the temporary directory.
#
# Last line: "inflight: N passed, N failed", exit status 1 on a failure.
use strict;
use warnings;
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use File::Path qw(remove_tree);
use File::Temp qw(tempdir);
use IO::Socket::INET;
use Socket qw(SOL_SOCKET SO_RCVBUF);
use Time::HiRes qw(sleep);

my $root = abs_path(dirname(__FILE__) . '/..');
my $build = $ENV{BUILD} || 'build';
$build = "$root/$build" unless $build =~ m{^/};
my $mode = $ENV{ART_NGINX_MODE} || 'dynamic';
my $port = $ENV{INFLIGHT_PORT} || 18330;

my ($pass, $fail) = (0, 0);
sub ok { $pass++; print "inflight: ok: @_\n" }
sub ko { $fail++; print "inflight: FAIL: @_\n" }

my ($nginx, $load_module, @preload);
if ($mode eq 'static') {
    $nginx = "$build/nginx/sbin/nginx";
    $load_module = '';
} else {
    $nginx = $ENV{TEST_NGINX_BINARY} || '/usr/sbin/nginx';
    $load_module = "load_module $build/ngx_http_article_module.so;";
    if (($ENV{SANITIZE} || '') eq '1') {
        for my $lib (qw(libasan.so libubsan.so)) {
            chomp(my $path = `gcc -print-file-name=$lib`);
            push @preload, $path;
        }
        $ENV{ASAN_OPTIONS} ||= 'detect_leaks=0:abort_on_error=1';
    }
}
unless (-x $nginx) {
    ko("no nginx at $nginx");
    print "inflight: $pass passed, $fail failed\n";
    exit 1;
}

my $dir = tempdir("inflight-test.XXXXXX", TMPDIR => 1);
chmod 0755, $dir;
mkdir "$dir/$_" for qw(logs site tmp);
my $user = $> == 0 ? 'user root;' : '';

# two pages of the same length that differ in every line
sub page {
    my $mark = shift;
    my $body = join '', map { sprintf "<p>%s-%06d</p>\n", $mark, $_ } 1 .. 16384;
    return "<!DOCTYPE html><html><head><title>T</title></head><body>\n"
           . $body . "</body></html>\n";
}
my ($first, $second) = (page('a'), page('b'));

sub write_page {
    my $text = shift;
    open my $f, '>', "$dir/site/big.html.new" or die "big.html: $!";
    print $f $text;
    close $f;
    rename "$dir/site/big.html.new", "$dir/site/big.html" or die "rename: $!";
}
write_page($first);

open my $conf, '>', "$dir/nginx.conf" or die "nginx.conf: $!";
print $conf <<"CONF";
$load_module
$user
worker_processes 1;
daemon on;
error_log $dir/logs/error.log notice;
pid $dir/logs/nginx.pid;
env LD_PRELOAD;
env ASAN_OPTIONS;

events {
    worker_connections 64;
}

http {
    log_format done '\$request_method \$request_uri \$article_cache_status '
                    '\$status \$body_bytes_sent';
    access_log $dir/logs/access.log done;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    sendfile on;

    article_cache_zone pages 8m max_entry=2m;

    server {
        # room for the whole page in the socket: the request ends while
        # the client has read almost none of it
        listen 127.0.0.1:$port sndbuf=4m;

        location /a/ {
            article on;
            article_cache pages;
            article_cache_purge from 127.0.0.1;
            add_header X-Cache \$article_cache_status always;
            proxy_set_header Accept-Encoding "";
            proxy_pass http://127.0.0.1:$port/origin/;
        }

        location /origin/ {
            alias $dir/site/;
            default_type text/html;
        }
    }
}
CONF
close $conf;

sub run_nginx {
    local $ENV{LD_PRELOAD} = join ' ', @preload, ($ENV{LD_PRELOAD} || ())
        if @preload;
    return system($nginx, '-p', "$dir/", '-c', "$dir/nginx.conf",
                  '-e', "$dir/logs/error.log", @_) == 0;
}

my $master;
sub stop {
    return unless $master;
    kill 'QUIT', $master;
    for (1 .. 100) { last unless kill 0, $master; sleep 0.1 }
    kill 'TERM', $master if kill 0, $master;
    $master = undef;
}

sub finish {
    stop();
    if ($fail || $ENV{INFLIGHT_KEEP}) {
        print "inflight: files kept in $dir\n";
    } else {
        remove_tree($dir);
    }
    print "inflight: $pass passed, $fail failed\n";
    exit($fail ? 1 : 0);
}

run_nginx() or do { ko("nginx did not start: " . `tail -n 3 $dir/logs/error.log`); finish() };
for (1 .. 50) { last if -s "$dir/logs/nginx.pid"; sleep 0.1 }
open my $pidf, '<', "$dir/logs/nginx.pid" or do { ko("no pid file"); finish() };
($master) = <$pidf> =~ /(\d+)/;
close $pidf;

# one request on its own connection: (status line and headers, body)
sub request {
    my ($method, $path) = @_;
    my $s;
    for (1 .. 50) {
        $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port)
            and last;
        sleep 0.1;
    }
    $s or return ('', '');
    print $s "$method $path HTTP/1.0\r\nHost: localhost\r\n\r\n";
    my $answer = do { local $/; <$s> };
    close $s;
    return split /\r\n\r\n/, ($answer // ''), 2;
}

sub cache_status { ($_[0] =~ /\r\nX-Cache: (\w+)/)[0] // 'none' }

sub requests_done {
    open my $f, '<', "$dir/logs/access.log" or return 0;
    my @lines = <$f>;
    return scalar @lines;
}

# the page stored, and answered from the zone
my ($h, $b) = request('GET', '/a/big.html');
my ($h2, $b2) = request('GET', '/a/big.html');
if (cache_status($h) eq 'MISS' && cache_status($h2) eq 'HIT'
    && defined $b2 && $b2 eq $b && length($b) > 200000)
{
    ok("a page of " . length($b) . " bytes stored and answered from the zone");
} else {
    ko("the page was not stored and answered: " . cache_status($h) . ", "
       . cache_status($h2));
    finish();
}
my $expected = $b;

# the slow client: asks, and reads nothing yet
my $done = requests_done();
my $slow = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port,
                                 Proto => 'tcp')
    or do { ko("connect: $!"); finish() };
setsockopt($slow, SOL_SOCKET, SO_RCVBUF, pack('i', 4096));
print $slow "GET /a/big.html HTTP/1.0\r\nHost: localhost\r\n\r\n";

# nginx has handed all of it to the kernel when the request is logged
my $logged = 0;
for (1 .. 100) {
    if (requests_done() > $done) { $logged = 1; last }
    sleep 0.05;
}
open my $acc, '<', "$dir/logs/access.log";
my $last = (<$acc>)[-1] // '';
close $acc;
if ($logged && $last =~ /^GET \/a\/big\.html HIT 200 /) {
    ok("the slow client's request ended (a hit) before it read the page");
} else {
    ko("the slow client's request did not end on its own: $last");
    finish();
}

# the entry goes, and the same key is stored again with other bytes
write_page($second);
my ($ph) = request('PURGE', '/a/big.html');
my ($h3, $b3) = request('GET', '/a/big.html');
my ($h4, $b4) = request('GET', '/a/big.html');
if ($ph =~ m{^HTTP/1\.1 204} && cache_status($h3) eq 'MISS'
    && cache_status($h4) eq 'HIT' && defined $b4 && $b4 ne $expected
    && length($b4) == length($expected))
{
    ok("purged, and stored again with other bytes of the same length");
} else {
    ko("purge and store again: " . (split /\r\n/, $ph)[0] . ", "
       . cache_status($h3) . ", " . cache_status($h4));
}

# now the slow client reads
my $answer = do { local $/; <$slow> };
close $slow;
my (undef, $got) = split /\r\n\r\n/, ($answer // ''), 2;
if (defined $got && $got eq $expected) {
    ok("the slow client got the page it asked for, byte for byte");
} else {
    my $n = 0;
    if (defined $got) {
        $n++ while $n < length($got) && $n < length($expected)
                   && substr($got, $n, 1) eq substr($expected, $n, 1);
    }
    ko("the slow client got other bytes: " . length($got // '') . " of "
       . length($expected) . ", the first difference at byte $n");
}

stop();
open my $log, '<', "$dir/logs/error.log";
my @severe = grep { /\[(alert|crit|emerg)\]|exited on signal/ } <$log>;
close $log;
if (@severe) {
    ko("the log: $severe[0]");
} else {
    ok("no [alert], [crit], [emerg] or crash in the log");
}

finish();
