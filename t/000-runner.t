# Self-test of the Test::Nginx runner in t/lib: plain nginx features only,
# documented sections only, so that this file passes unchanged (and with
# the same count) under openresty's Test::Nginx too.

use Test::Nginx::Socket;

repeat_each(2);

# shutdown_error_log is checked when the next block restarts nginx, and a
# skipped block does not: keep the order fixed so the count is too.
no_shuffle();

# Blocks that say nothing about the error log get a guard on it.
add_block_preprocessor(sub {
    my $block = shift;
    if (!defined $block->error_log && !defined $block->no_error_log
        && !defined $block->must_die)
    {
        $block->set_value('no_error_log', "[alert]\n[crit]");
    }
});

env_to_nginx('TN_RUNNER_ENV=on');

# Assertions per repeat, block by block (see each title), plus the
# shutdown_error_log checks, which run once per block.
plan tests => repeat_each() * (
      4 + 9 + 5 + 4 + 4 + 5 + 3 + 5 + 8 + 8      # TEST 1-10
    + 8 + 4 + 4 + 4 + 5 + 5 + 5 + 4 + 4 + 4      # TEST 11-20
    + 4 + 3 + 4 + 5 + 6 + 4 + 4 + 5 + 2 + 2      # TEST 21-30
    + 4 + 4 + 4 + 2 + 4 + 4 + 4 + 4 + 4 + 4      # TEST 31-40
    + 4 + 4 + 4 + 4 + 0 + 5 + 7 + 5 + 4 + 4      # TEST 41-50
    + 4 + 5                                      # TEST 51-52
) + 2;

run_tests();

__DATA__

=== TEST 1: return a body (status, body, 2 log guards = 4)
--- config
    location = /t { return 200 "hello\n"; }
--- request
GET /t
--- response_body
hello



=== TEST 2: exact, empty and absent response headers (1 + 5 + 1 + 2 = 9)
--- config
    location = /t {
        add_header X-Foo bar;
        add_header X-Twice a;
        add_header X-Twice b;
        return 200 "ok\n";
    }
--- request
GET /t
--- response_headers
X-Foo: bar
X-Twice: a, b
Content-Type: text/plain
X-Missing:
!X-Bar
--- response_body
ok



=== TEST 3: response_headers_like anchors each value (1 + 2 + 2 = 5)
--- config
    location = /t { return 200 "hello\n"; }
--- request
GET /t
--- response_headers_like
Server: nginx(/[\d.]+)?
Content-Length: \d+
--- no_error_log
[error]
[alert]



=== TEST 4: a 404 with error_code and response_body_like (1 + 1 + 2 = 4)
--- config
    location = /t { return 200 "hello\n"; }
--- request
GET /nowhere
--- error_code: 404
--- response_body_like: 404 Not Found



=== TEST 5: error_code_like and $ServerPort in a header (1 + 1 + 2 = 4)
--- config
    location = /t { return 302 /elsewhere; }
--- request
GET /t
--- error_code_like: ^30[12]$
--- response_headers
Location: http://localhost:$ServerPort/elsewhere



=== TEST 6: a request body gets its Content-Length (1 + 1 + 1 + 2 = 5)
--- config
    location = /post {
        add_header X-Body $request_body;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo;
    }
    location = /echo { return 200 "cl=$http_content_length\n"; }
--- request
POST /post
hello world
--- response_headers
X-Body: hello world
--- response_body
cl=11



=== TEST 7: more_headers, comments and blank lines skipped (1 + 1 + 1 = 3)
--- config
    location = /t {
        return 200 "x-test=$http_x_test agent=$http_user_agent\n";
    }
--- more_headers
# a comment line
X-Test: abc

User-Agent: runner
--- request
    # a comment before the request line
    GET /t
--- response_body
x-test=abc agent=runner
--- no_error_log
[error]



=== TEST 8: chomp, and three log guards (1 + 1 + 3 = 5)
--- config
    location = /t { return 200 "no newline"; }
--- request
GET /t
--- response_body chomp
no newline
--- no_error_log
[error]
[alert]
[emerg]



=== TEST 9: request eval array, one connection each (2 x (1 + 1 + 2) = 8)
--- config
    location = /a { return 200 "A\n"; }
    location = /b { return 201 "B\n"; }
--- request eval
["GET /a", "GET /b"]
--- error_code eval
[200, 201]
--- response_body eval
["A\n", "B\n"]



=== TEST 10: more_headers eval array, one header set per request (2 x 4 = 8)
--- config
    location = /h { return 200 "h=$http_x_h\n"; }
--- request eval
["GET /h", "GET /h"]
--- more_headers eval
["X-H: one", "X-H: two"]
--- response_body eval
["h=one\n", "h=two\n"]



=== TEST 11: pipelined requests on one connection (2 x 4 = 8)
--- config
    location = /a { return 200 "first\n"; }
    location = /b { return 200 "second\n"; }
--- pipelined_requests eval
["GET /a", "GET /b"]
--- response_body eval
["first\n", "second\n"]



=== TEST 12: raw_request sent as is (1 + 1 + 2 = 4)
--- config
    location = /t { return 200 "proto=$server_protocol\n"; }
--- raw_request eval
"GET /t HTTP/1.0\r\nHost: localhost\r\n\r\n"
--- response_body
proto=HTTP/1.0



=== TEST 13: raw_request fragments with a delay between them (1 + 1 + 2 = 4)
--- config
    location = /t { return 200 "host=$host\n"; }
--- raw_request eval
["GET /t HTTP/1.0\r\n", "Host: frag", "ments\r\n\r\n"]
--- raw_request_middle_delay: 0.02
--- response_body
host=fragments



=== TEST 14: request fragments keep the automatic headers (1 + 1 + 2 = 4)
--- config
    location = /post { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo; }
    location = /echo { return 200 "cl=$http_content_length\n"; }
--- request eval
[["POST /post\nhel", {value => "lo", delay_before => 0.02}]]
--- response_body
cl=5



=== TEST 15: a chunked response is decoded (1 + 1 + 1 + 2 = 5)
--- config
    location = /t {
        sub_filter 'foo' 'bar';
        sub_filter_once off;
        sub_filter_types text/plain;
        return 200 "foo and foo\n";
    }
--- request
GET /t
--- raw_response_headers_like: Transfer-Encoding: chunked
--- response_body
bar and bar



=== TEST 16: HEAD gets headers and no body (1 + 1 + 1 + 2 = 5)
--- config
    location = /t { return 200 "hello\n"; }
--- request
HEAD /t
--- response_headers
Content-Length: 6
--- response_body



=== TEST 17: response_body eval with a regex, raw headers unlike (1 + 1 + 1 + 2 = 5)
--- config
    location = /t { return 200 "hello, world\n"; }
--- request
GET /t
--- raw_response_headers_unlike: Transfer-Encoding
--- response_body eval
qr/^hel+o, \w+$/



=== TEST 18: response_body_unlike (1 + 1 + 2 = 4)
--- config
    location = /t { return 200 "all good\n"; }
--- request
GET /t
--- response_body_unlike: error|fail



=== TEST 19: response_body_filters uc (1 + 1 + 2 = 4)
--- config
    location = /t { return 200 "shout\n"; }
--- request
GET /t
--- response_body_filters
uc
--- response_body
SHOUT



=== TEST 20: response_body_filters length, then md5 (1 + 1 + 2 = 4)
--- config
    location = /t { return 200 "12345"; }
--- request
GET /t
--- response_body_filters
length
md5_hex
--- response_body chomp
e4da3b7fbbce2345d7772b0674a318d5



=== TEST 21: error_log with a string and a regex (1 + 2 + 1 = 4)
--- config
    location /missing { root html; }
--- request
GET /missing/none.html
--- error_code: 404
--- error_log eval
["No such file or directory", qr/open\(\) ".*?none\.html" failed/]
--- no_error_log
[alert]



=== TEST 22: grep_error_log on new lines only (1 + 1 + 1 = 3)
--- config
    location /missing { root html; }
--- request
GET /missing/gone.html
--- error_code: 404
--- grep_error_log: No such file or directory
--- grep_error_log_out
No such file or directory
--- no_error_log
[alert]



=== TEST 23: grep_error_log with a regex and a regex result (1 + 1 + 1 + 1 = 4)
--- config
    location /missing { root html; }
--- request
GET /missing/x.html
--- error_code: 404
--- grep_error_log eval: qr/open\(\) "[^"]+"/
--- grep_error_log_out eval
qr/\Aopen\(\) "\S+\/missing\/x\.html"\n\z/
--- error_log
[error]
--- no_error_log
[crit]



=== TEST 24: access_log and no_access_log (1 + 1 + 1 + 1 + 1 = 5)
--- config
    location = /al { return 200 "logged\n"; }
--- request
GET /al?q=1
--- access_log
"GET /al?q=1 HTTP/1.1" 200
--- no_access_log eval
qr/"POST /
--- error_log eval
qr/http request line: "GET \/al\?q=1 HTTP\/1\.1"/
--- response_body
logged



=== TEST 25: user_files with a date and a subdirectory (1 + 1 + 1 + 1 + 2 = 6)
--- config
    location /files/ { alias html/; }
--- user_files
>>> foo.txt 199801171935.33
Hello, file
>>> sub/bar.txt
bar
--- request
GET /files/foo.txt
--- response_headers
Last-Modified: Sat, 17 Jan 1998 19:35:33 GMT
Content-Length: 12
--- response_body
Hello, file



=== TEST 26: user_files eval and $TEST_NGINX_ expansion (1 + 1 + 2 = 4)
--- config
    location /files/ { alias html/; }
--- user_files eval
[["port.txt", "port=\$TEST_NGINX_SERVER_PORT\n"]]
--- request
GET /files/port.txt
--- response_body
port=$TEST_NGINX_SERVER_PORT



=== TEST 27: http_config, main_config and post_main_config (1 + 1 + 2 = 4)
--- main_config
    worker_rlimit_nofile 1024;
--- http_config
    map $uri $kind {
        default  other;
        /mapped  mapped;
    }
--- post_main_config
    pcre_jit off;
--- config
    location = /mapped { return 200 "$kind\n"; }
--- request
GET /mapped
--- response_body
mapped



=== TEST 28: log_level per block (1 + 1 + 3 = 5)
--- log_level: warn
--- config
    location = /t { return 200 "quiet\n"; }
--- request
GET /t
--- response_body
quiet
--- no_error_log
[debug]
[info]
[notice]



=== TEST 29: must_die on a bad directive (1 + 1 = 2)
--- config
    bogus_runner_directive on;
--- must_die
--- suppress_stderr
--- error_log eval
qr/\[emerg\] .*unknown directive "bogus_runner_directive"/



=== TEST 30: skip_eval skips the stated count (2)
--- skip_eval: 2: 1
--- config
    location = /t { return 500; }
--- request
GET /t
--- response_body
never checked



=== TEST 31: skip_nginx that does not apply (1 + 1 + 2 = 4)
--- skip_nginx: 4: < 1.0.0
--- config
    location = /t { return 200 "modern\n"; }
--- request
GET /t
--- response_body
modern



=== TEST 32: skip_nginx that applies (4)
--- skip_nginx: 4: >= 1.0.0
--- config
    location = /t { return 500; }
--- request
GET /t
--- response_body
never checked



=== TEST 33: todo (4)
--- todo: 4: known to fail
--- config
    location = /t { return 500; }
--- request
GET /t
--- response_body
never checked



=== TEST 34: ignore_response still checks the log (1 + 1 = 2)
--- config
    location = /t { return 200 "x\n"; }
--- request
GET /t
--- ignore_response
--- error_log
http finalize request
--- no_error_log
[alert]



=== TEST 35: a keep-alive request, abort and a short timeout (4)
--- config
    location = /t { return 200 "kept\n"; }
--- more_headers
Connection: keep-alive
--- request
GET /t
--- timeout: 300ms
--- abort
--- response_body
kept



=== TEST 36: wait before the log checks; shutdown_error_log (4, +1 once)
--- config
    location = /t { return 200 "bye\n"; }
--- request
GET /t
--- wait: 0.05
--- response_body
bye
--- shutdown_error_log
(SIGQUIT) received



=== TEST 37: HTTP/0.9 style reply with http09 (1 + 1 + 2 = 4)
--- config
    location = /t { return 200 "simple\n"; }
--- raw_request eval
"GET /t\r\n"
--- http09
--- response_body
simple



=== TEST 38: a chunked request body (1 + 1 + 2 = 4)
--- config
    location = /post { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo; }
    location = /echo { return 200 "cl=$http_content_length\n"; }
--- more_headers
Transfer-Encoding: chunked
--- request eval
"POST /post
5\r\nhello\r\n0\r\n\r\n"
--- response_body
cl=5



=== TEST 39: $ServerPort and $TEST_NGINX_ in expected bodies (1 + 1 + 2 = 4)
--- config
    location = /t { return 200 "$server_port $server_port\n"; }
--- request
GET /t
--- response_body
$ServerPort $TEST_NGINX_SERVER_PORT



=== TEST 40: the default root location serves index.html (1 + 1 + 2 = 4)
--- config
    location = /t { return 404; }
--- request
GET /
--- response_body_like: ^<html><head><title>It works!</title></head>.*</html>$



=== TEST 41: post_setup_server_root runs Perl before start (4)
--- post_setup_server_root
    my $path = html_dir() . "/made.txt";
    open my $out, '>', $path or die "$path: $!";
    print $out "made\n";
    close $out;
--- config
    location /files/ { alias html/; }
--- request
GET /files/made.txt
--- response_body
made



=== TEST 42: shutdown of the write side after the request (4, +1 once)
--- config
    location = /t { return 200 "half closed\n"; }
--- request
GET /t
--- shutdown: 1
--- response_body
half closed
--- no_shutdown_error_log
[alert]



=== TEST 43: server_addr_for_client and an explicit error_code (4)
--- config
    location = /t { return 200 "addr=$server_addr\n"; }
--- server_addr_for_client: 127.0.0.1
--- request
GET /t HTTP/1.0
--- error_code: 200
--- response_body
addr=127.0.0.1



=== TEST 44: repeated user_files are rewritten each repeat (4)
--- config
    location /files/ { alias html/; }
--- user_files eval
[["rep.txt", "again\n"]]
--- request
GET /files/rep.txt
--- response_body
again



=== TEST 45: a skipped block is not counted at all
--- SKIP
--- config
    location = /t { return 500; }
--- request
GET /t
--- response_body
never checked



=== TEST 46: proxying keeps the upstream status and headers (1 + 1 + 1 + 2 = 5)
--- config
    location = /t { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/up; }
    location = /up {
        add_header X-Up yes always;
        return 202 "upstream\n";
    }
--- request
GET /t
--- error_code: 202
--- response_headers
X-Up: yes
--- response_body
upstream



=== TEST 47: tcp_listen: what nginx sent, and a reply in one piece (1 + 1 + 1 + 1 + 1 + 2 = 7)
--- config
    location = /t {
        proxy_pass_request_headers off;
        proxy_set_header Host up;
        proxy_pass http://127.0.0.1:$TEST_NGINX_RAND_PORT_1/raw;
    }
--- tcp_listen: $TEST_NGINX_RAND_PORT_1
--- tcp_query eval
"GET /raw HTTP/1.0\r\nHost: up\r\nConnection: close\r\n\r\n"
--- tcp_query_len: 50
--- tcp_reply eval
"HTTP/1.0 200 OK\r\nX-Raw: yes\r\nContent-Length: 4\r\n\r\nraw\n"
--- request
GET /t
--- response_headers
X-Raw: yes
--- response_body
raw



=== TEST 48: tcp_reply pieces after tcp_reply_delay (1 + 1 + 1 + 2 = 5)
--- config
    location = /t {
        add_header X-Wait $upstream_header_time;
        proxy_pass http://127.0.0.1:$TEST_NGINX_RAND_PORT_1/raw;
    }
--- tcp_listen: $TEST_NGINX_RAND_PORT_1
--- tcp_reply_delay: 300ms
--- tcp_reply eval
["HTTP/1.0 200 OK\r\n", "Content-Length: 7\r\n\r\n", "pie", "ces\n"]
--- request
GET /t
--- response_headers_like
X-Wait: (?:0\.[3-9]|[1-9])\d*\.?\d*
--- response_body
pieces



=== TEST 49: a tcp_reply sub answers the query it is given (1 + 1 + 2 = 4)
--- config
    location = /t { proxy_pass http://127.0.0.1:$TEST_NGINX_RAND_PORT_1/raw/sub; }
--- tcp_listen: $TEST_NGINX_RAND_PORT_1
--- tcp_reply eval
sub {
    my $query = shift;
    my ($uri) = $query =~ /^GET (\S+) /;
    my $body = "asked " . (defined $uri ? $uri : '?') . "\n";
    return ["HTTP/1.0 200 OK\r\nContent-Length: " . length($body)
            . "\r\n\r\n", $body];
}
--- request
GET /t
--- response_body
asked /raw/sub



=== TEST 50: tcp_no_close: an upstream that never answers (1 + 1 + 2 = 4)
--- config
    location = /t {
        proxy_read_timeout 200ms;
        proxy_pass http://127.0.0.1:$TEST_NGINX_RAND_PORT_1/raw;
    }
--- tcp_listen: $TEST_NGINX_RAND_PORT_1
--- tcp_reply eval
""
--- tcp_no_close
--- request
GET /t
--- error_code: 504
--- error_log
upstream timed out (110: Connection timed out) while reading response header from upstream
--- no_error_log
[alert]
[crit]



=== TEST 51: tcp_shutdown of the write side: nginx reads an end at once (1 + 1 + 2 = 4)
--- config
    location = /t { proxy_pass http://127.0.0.1:$TEST_NGINX_RAND_PORT_1/raw; }
--- tcp_listen: $TEST_NGINX_RAND_PORT_1
--- tcp_shutdown: 1
--- request
GET /t
--- error_code: 502
--- error_log
upstream prematurely closed connection while reading response header from upstream
--- no_error_log
[alert]
[crit]



=== TEST 52: tcp_listen on a unix socket, the query read until a pause (1 + 1 + 1 + 2 = 5)
--- config
    location = /t {
        proxy_pass_request_headers off;
        proxy_set_header Host up;
        proxy_pass http://unix:$TEST_NGINX_SERVER_ROOT/logs/up.sock:/u;
    }
--- tcp_listen: $TEST_NGINX_SERVER_ROOT/logs/up.sock
--- tcp_query_auto_timeout: 0.2
--- tcp_query eval
"GET /u HTTP/1.0\r\nHost: up\r\nConnection: close\r\n\r\n"
--- tcp_reply eval
"HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nunix\n"
--- request
GET /t
--- response_body
unix
