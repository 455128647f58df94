package Test::Nginx::Socket;

# A Test::Nginx::Socket-compatible runner: the same .t files, the same
# sections and the same assertion counts as openresty's Test::Nginx, so that
# a suite's plan holds under both. The block format and its filters come from
# Test::Base, which this class extends.
#
# Spiffy (under Test::Base -Base) rewrites `sub NAME {` and `sub NAME() {`
# in this file, so every named sub below carries an explicit prototype.

use Test::Base -Base;

# The format level this runner follows; some suites compare against it.
our $VERSION = '0.33';

use POSIX qw(:sys_wait_h SIGQUIT SIGTERM SIGKILL SIGHUP EAGAIN EINTR
             EWOULDBLOCK);
use Time::HiRes ();
use Test::LongString ();
use List::Util ();
use IO::Socket::INET ();
use IO::Socket::UNIX ();
use IO::Select ();
use Socket ();
use File::Temp ();
use HTTP::Response ();
use File::Path ();
use File::Spec ();
use Digest::MD5 ();
use Digest::SHA ();
use Encode ();

sub _free_port ($);
sub _value_contains ($$);

our @EXPORT = qw(
    run_tests run_test repeat_each no_shuffle no_long_string
    no_root_location log_level master_on master_off master_process_enabled
    workers worker_connections env_to_nginx add_block_preprocessor
    html_dir server_root server_port server_port_for_client server_name
    server_addr timeout config_preamble check_accum_error_log
    no_nginx_manager use_hup add_response_body_check add_cleanup_handler
    add_test_cleanup_handler bail_out is_str sleep_time verbose
);

# ---------------------------------------------------------------------------
# Settings: environment first, then the harness functions below.

our $RepeatEach       = 1;
our $NoShuffle        = $ENV{TEST_NGINX_NO_SHUFFLE} || 0;
our $NoLongString;
our $NoRootLocation   = 0;
our $LogLevel         = $ENV{TEST_NGINX_LOG_LEVEL} || 'debug';
our $MasterProcess    = $ENV{TEST_NGINX_MASTER_PROCESS} || 'off';
our $Workers          = 1;
our $WorkerConns      = 64;
our $Timeout          = $ENV{TEST_NGINX_TIMEOUT} || 3;
our $SleepTime        = $ENV{TEST_NGINX_SLEEP} || 0.015;
our $Verbose          = $ENV{TEST_NGINX_VERBOSE};
our $ServerAddr       = '127.0.0.1';
our $ServerName       = 'localhost';
our $ServerPort       = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT}
                        || 1984;
our $ClientPort       = $ENV{TEST_NGINX_CLIENT_PORT};
our $NoNginxManager   = $ENV{TEST_NGINX_NO_NGINX_MANAGER} || 0;
our $CheckAccumErrLog = $ENV{TEST_NGINX_CHECK_ACCUM_ERR_LOG};
our $UseValgrind      = $ENV{TEST_NGINX_USE_VALGRIND};
our $UseHup           = $ENV{TEST_NGINX_USE_HUP};
our $NginxBinary      = $ENV{TEST_NGINX_BINARY} || 'nginx';
our $LoadModules      = $ENV{TEST_NGINX_LOAD_MODULES};
our $WorkerUser       = $ENV{TEST_NGINX_WORKER_USER};
our $EventType        = $ENV{TEST_NGINX_EVENT_TYPE};
our $ReusePort        = $ENV{TEST_NGINX_REUSE_PORT};
our $ForceRestart     = defined $ENV{TEST_NGINX_FORCE_RESTART_ON_TEST}
                        ? $ENV{TEST_NGINX_FORCE_RESTART_ON_TEST} : 1;
our $ConfigPreamble   = '';

our (@EnvToNginx, @BlockPreprocessors, @CleanupHandlers,
     @TestCleanupHandlers, @ResponseBodyChecks);

if (defined $WorkerUser && $WorkerUser !~ /^\w[-\w]+(?:\s+\w[-\w]+)?$/) {
    die "Bad value in the env TEST_NGINX_WORKER_USER: $WorkerUser\n";
}

if ($ENV{TEST_NGINX_RANDOMIZE}) {
    $ServerPort = _free_port({});
    die "cannot find a free port for TEST_NGINX_RANDOMIZE\n"
        unless defined $ServerPort;
}

our $ServRoot = $ENV{TEST_NGINX_RANDOMIZE}
                ? File::Spec->rel2abs("t/servroot_$ServerPort")
                : ($ENV{TEST_NGINX_SERVROOT}
                   || File::Spec->rel2abs('t/servroot'));
$ENV{TEST_NGINX_SERVER_ROOT} = $ServRoot;

our $LogDir     = "$ServRoot/logs";
our $ErrLogFile = "$LogDir/error.log";
our $AccLogFile = "$LogDir/access.log";
our $HtmlDir    = "$ServRoot/html";
our $ConfDir    = "$ServRoot/conf";
our $ConfFile   = "$ConfDir/nginx.conf";
our $PidFile    = "$LogDir/nginx.pid";

# Run state.
our ($NginxVersion, $NginxRawVersion, $OpenSSLVersion, $NginxV);
our ($PrevConfig, $PrevBlock, $ChildPid, $RandPorts, $ConfigVersion);
our $TcpServerPid;
our $ErrLogPos = 0;
our $ConnectFailures = 0;
our $InChild = 0;
our $Started = 0;

# ---------------------------------------------------------------------------
# Harness functions a .t file calls.

sub repeat_each (@) {
    $RepeatEach = shift if @_;
    return $RepeatEach;
}

sub no_shuffle () { $NoShuffle = 1 }
sub no_long_string () { $NoLongString = 1 }
sub no_root_location () { $NoRootLocation = 1 }
sub no_nginx_manager () { $NoNginxManager = 1 }
sub check_accum_error_log () { $CheckAccumErrLog = 1 }
sub use_hup () { $UseHup = 1 }
sub master_on () { $MasterProcess = 'on' }
sub master_off () { $MasterProcess = 'off' }
sub html_dir () { return $HtmlDir }
sub server_root () { return $ServRoot }
sub sleep_time () { return $SleepTime }
sub verbose () { return $Verbose }

sub master_process_enabled (@) {
    return $MasterProcess unless @_;
    $MasterProcess = shift() ? 'on' : 'off';
}

sub log_level (@) {
    $LogLevel = shift if @_;
    return $LogLevel;
}

sub workers (@) {
    $Workers = shift if @_;
    return $Workers;
}

sub worker_connections (@) {
    $WorkerConns = shift if @_;
    return $WorkerConns;
}

sub timeout (@) {
    $Timeout = shift if @_;
    return $Timeout;
}

sub server_port (@) {
    $ServerPort = shift if @_;
    return $ServerPort;
}

sub server_port_for_client (@) {
    $ClientPort = shift if @_;
    return defined $ClientPort ? $ClientPort : $ServerPort;
}

sub server_addr (@) {
    $ServerAddr = shift if @_;
    return $ServerAddr;
}

sub server_name (@) {
    $ServerName = shift if @_;
    return $ServerName;
}

sub config_preamble ($) {
    $ConfigPreamble = shift;
}

sub env_to_nginx (@) {
    Carp::croak("env_to_nginx: no arguments specified") unless @_;
    for my $v (@_) {
        Carp::croak("env_to_nginx: bad argument value: $v\n")
            if $v !~ /^[A-Za-z_]/ || $v =~ /\n/;
        push @EnvToNginx, $v;
    }
}

# The latest added preprocessor runs first, as in Test::Nginx.
sub add_block_preprocessor (&) {
    unshift @BlockPreprocessors, shift;
}

sub add_response_body_check ($) {
    push @ResponseBodyChecks, shift;
}

sub add_cleanup_handler ($) {
    unshift @CleanupHandlers, shift;
}

sub add_test_cleanup_handler ($) {
    unshift @TestCleanupHandlers, shift;
}

sub bail_out (@) {
    _cleanup();
    Test::More::BAIL_OUT(join '', @_);
}

sub is_str (@) {
    my ($got, $expected, $desc) = @_;
    local $Test::Builder::Level = $Test::Builder::Level + 1;
    if (ref $expected && ref $expected eq 'Regexp') {
        return Test::More::like($got, $expected, $desc);
    }
    if ($NoLongString) {
        return Test::More::is($got, $expected, $desc);
    }
    return Test::LongString::is_string($got, $expected, $desc);
}

# ---------------------------------------------------------------------------
# Small utilities.

sub _say ($) {
    warn "# $_[0]\n" if $Verbose;
}

# "1.5", "1500ms", "2s" -> seconds.
sub _parse_time ($) {
    my $t = shift;
    return undef unless defined $t;
    $t =~ s/^\s+|\s+$//g;
    if ($t =~ s/([^_a-zA-Z])ms$/$1/) {
        return $t / 1000;
    }
    $t =~ s/([^_a-zA-Z])s$/$1/;
    return $t;
}

sub _trim_summary ($) {
    my $s = shift;
    return '' unless defined $s;
    $s =~ s/^\s+|\s+$//g;
    $s =~ s/\n/ /g;
    $s =~ s/\s{2,}/ /g;
    return $s;
}

sub _fmt_str ($) {
    my $s = shift;
    chomp $s;
    $s =~ s/"/\\"/g;
    $s =~ s/\r/\\r/g;
    $s =~ s/\n/\\n/g;
    return $s;
}

sub _canon_version (@) {
    return sprintf "%d.%03d%03d", @_[0 .. 2];
}

sub _slurp ($) {
    my $path = shift;
    open my $in, '<', $path or return undef;
    binmode $in;
    local $/;
    my $data = <$in>;
    close $in;
    return $data;
}

sub _spew ($$$) {
    my ($path, $data, $name) = @_;
    open my $out, '>', $path
        or bail_out("$name - Cannot open $path for writing: $!\n");
    binmode $out;
    print $out $data;
    close $out;
}

# A port nobody listens on, avoiding the ones in $used.
sub _free_port ($) {
    my $used = shift;
    for (1 .. 1000) {
        my $port = 1988 + int rand 63000;
        next if $used->{$port};
        my $sock = IO::Socket::INET->new(LocalAddr => '127.0.0.1',
                                         LocalPort => $port,
                                         Proto => 'tcp', Listen => 1,
                                         ReuseAddr => 1);
        next unless $sock;
        close $sock;
        return $port;
    }
    return undef;
}

# Replaces $TEST_NGINX_NAME by its environment value; an unset one stops
# the whole run, as a silently empty directive argument would mislead.
sub expand_env_in_text ($$$) {
    my ($text, $name, $rand_ports) = @_;
    return $text if !defined $text || ref $text;
    $rand_ports ||= {};
    $text =~ s{\$(TEST_NGINX_[_A-Z0-9]+)}{
        my $var = $1;
        my $val;
        if ($var =~ /^TEST_NGINX_RAND_PORT_[0-9]+$/) {
            if (!defined $rand_ports->{$var}) {
                my %used = ($ServerPort => 1,
                            map { $_ => 1 } values %$rand_ports);
                my $port = _free_port(\%used);
                bail_out("$name - Cannot find an available listening port "
                         . "number for $var.\n") unless defined $port;
                $rand_ports->{$var} = $port;
            }
            $val = $rand_ports->{$var};
        } else {
            bail_out("$name - No environment $var defined.\n")
                unless defined $ENV{$var};
            $val = $ENV{$var};
        }
        $val;
    }ge;
    return $text;
}

# ---------------------------------------------------------------------------
# The nginx binary.

sub _find_binary () {
    if ($NginxBinary =~ m{/}) {
        return (-f $NginxBinary && -x _) ? $NginxBinary : undef;
    }
    for my $dir (split(/:/, $ENV{PATH} || ''), '.') {
        next if $dir eq '';
        my $path = "$dir/$NginxBinary";
        return $path if -f $path && -x _;
    }
    return undef;
}

sub _nginx_V () {
    return $NginxV if defined $NginxV;
    my $bin = _find_binary();
    bail_out("Cannot find the nginx executable \"$NginxBinary\"")
        unless defined $bin;
    my $out = '';
    if (open my $fh, '-|') {
        local $/;
        $out = <$fh> // '';
        close $fh;
        bail_out("Failed to get the version of nginx ($bin): $out")
            if $? != 0;
    } else {
        open STDERR, '>&', \*STDOUT;
        exec { $bin } $bin, '-V' or POSIX::_exit(127);
    }
    $NginxV = $out;
    return $NginxV;
}

sub _detect_versions () {
    my $out = _nginx_V();
    if ($out =~ m{built with OpenSSL (\d+)\.(\d+)\.(\d+)([a-z])?}) {
        $OpenSSLVersion = sprintf "%d.%03d%03d%03d", $1, $2, $3,
                          defined $4 ? ord($4) - ord('a') : 0;
    }
    if ($out =~ m{(?:nginx|openresty)[^/]*/(\d+)\.(\d+)\.(\d+)}s
        || $out =~ m{\w+/(\d+)\.(\d+)\.(\d+)}s)
    {
        $NginxRawVersion = "$1.$2.$3";
        $NginxVersion = _canon_version($1, $2, $3);
        return;
    }
    bail_out("Failed to parse the output of \"nginx -V\": $out\n");
}

# ---------------------------------------------------------------------------
# Processes.

# kill(0) also succeeds on a zombie, and a daemonized nginx stays one until
# init reaps it; its sockets are closed by then, so it counts as gone.
sub _is_running ($) {
    my $pid = shift;
    return 0 unless defined $pid && $pid =~ /^\d+$/ && $pid > 1;
    waitpid($pid, WNOHANG) if defined $ChildPid && $pid == $ChildPid;
    return 0 unless kill 0, $pid;
    if (open my $st, '<', "/proc/$pid/stat") {
        my $line = <$st>;
        close $st;
        return 0 if defined $line && $line =~ /.*\)\s+([ZXx])\s/s;
    }
    return 1;
}

sub _wait_gone ($$) {
    my ($pid, $secs) = @_;
    my $deadline = Time::HiRes::time() + $secs;
    while (_is_running($pid)) {
        return 0 if Time::HiRes::time() >= $deadline;
        Time::HiRes::sleep(0.005);
    }
    return 1;
}

sub _pid_from_file () {
    my $pid = _slurp($PidFile);
    return undef unless defined $pid;
    $pid =~ s/\s+//g;
    return $pid =~ /^\d+$/ ? $pid : undef;
}

# QUIT (graceful, so shutdown-time log lines are written), then TERM, then
# KILL, each after a bounded wait.
sub _stop_process ($$) {
    my ($pid, $name) = @_;
    return unless _is_running($pid);
    my $sig = $ENV{TEST_NGINX_FAST_SHUTDOWN} ? SIGTERM : SIGQUIT;
    _say("sending signal $sig to $pid");
    kill $sig, $pid;
    return if _wait_gone($pid, $Timeout);
    warn "$name - timeout when waiting for the process $pid to exit\n";
    kill SIGTERM, $pid;
    return if _wait_gone($pid, 1);
    warn "$name - WARNING: killing the process $pid with force...\n";
    my $pgrp = getpgrp($pid);
    kill SIGKILL, (defined $pgrp && $pgrp == $pid) ? -$pid : $pid;
    _wait_gone($pid, 2);
}

sub _stop_child ($) {
    my $name = shift;
    return unless defined $ChildPid;
    my $pid = $ChildPid;
    if (_is_running($pid)) {
        kill SIGQUIT, $pid;
        # valgrind needs time for its leak report after nginx exits.
        my $limit = $Timeout > 10 ? $Timeout : 10;
        if (!_wait_gone($pid, $limit)) {
            warn "$name - WARNING: killing the process $pid with force...\n";
            kill SIGKILL, -$pid;
            kill SIGKILL, $pid;
            _wait_gone($pid, 2);
        }
    }
    waitpid($pid, WNOHANG);
    undef $ChildPid;
    unlink $PidFile;
}

sub _stop_nginx ($) {
    my $name = shift;
    _stop_child($name) if defined $ChildPid;
    my $pid = _pid_from_file();
    if (defined $pid && _is_running($pid)) {
        _stop_process($pid, $name);
    }
}

sub _cleanup () {
    for my $h (@CleanupHandlers) {
        $h->();
    }
    _stop_tcp_server() if defined $TcpServerPid;
    _stop_child('cleanup') if defined $ChildPid;
}

# The environment of a started nginx: TEST_NGINX_LD_PRELOAD goes first in
# LD_PRELOAD (an ASan-built module loaded by a plain nginx needs it).
sub _nginx_env () {
    my %env;
    if (defined $ENV{TEST_NGINX_LD_PRELOAD} && $ENV{TEST_NGINX_LD_PRELOAD} ne '') {
        $env{LD_PRELOAD} = defined $ENV{LD_PRELOAD} && $ENV{LD_PRELOAD} ne ''
                           ? "$ENV{TEST_NGINX_LD_PRELOAD} $ENV{LD_PRELOAD}"
                           : $ENV{TEST_NGINX_LD_PRELOAD};
    }
    return \%env;
}

sub _nginx_args () {
    return ('-e', "$ServRoot/logs/error.log", '-p', "$ServRoot/",
            '-c', $ConfFile);
}

# Runs nginx (which daemonizes) and returns its exit status as $? would.
sub _run_nginx_once ($) {
    my $block = shift;
    my $bin = _find_binary();
    my $env = _nginx_env();
    my $pid = fork;
    if (!defined $pid) {
        return -1;
    }
    if ($pid == 0) {
        $InChild = 1;
        open STDOUT, '>', '/dev/null';
        open STDERR, '>', '/dev/null' if defined $block->suppress_stderr;
        $ENV{$_} = $env->{$_} for keys %$env;
        exec { $bin } $bin, _nginx_args() or POSIX::_exit(127);
    }
    waitpid($pid, 0);
    my $status = $?;
    return ($status >> 8) == 127 ? -1 : $status;
}

sub _valgrind_cmd () {
    my @cmd = ('valgrind');
    if ($UseValgrind =~ /^\d+$/) {
        push @cmd, '--num-callers=100', '-q', '--tool=memcheck',
                   '--leak-check=full', '--show-possibly-lost=no',
                   '--gen-suppressions=all';
        push @cmd, '--suppressions=valgrind.suppress'
            if -f 'valgrind.suppress';
    } else {
        push @cmd, '-q', split(' ', $UseValgrind);
    }
    return @cmd;
}

# Under valgrind nginx runs in the foreground as our child.
sub _spawn_valgrind ($) {
    my $name = shift;
    my $bin = _find_binary();
    my $env = _nginx_env();
    my @cmd = (_valgrind_cmd(), $bin, _nginx_args());
    warn "$name\n";
    my $pid = fork;
    bail_out("$name - fork() failed: $!") unless defined $pid;
    if ($pid == 0) {
        $InChild = 1;
        setpgrp(0, 0);
        open STDOUT, '>', '/dev/null';
        $ENV{$_} = $env->{$_} for keys %$env;
        exec { $cmd[0] } @cmd or POSIX::_exit(127);
    }
    $ChildPid = $pid;
    Time::HiRes::sleep($SleepTime);
}

# ---------------------------------------------------------------------------
# Server root, user files and nginx.conf.

sub _setup_server_root () {
    if (-d $ServRoot) {
        my @doomed = ($ConfDir, "$ServRoot/cache", $HtmlDir, $LogDir);
        if (opendir my $dh, $ServRoot) {
            push @doomed, map { "$ServRoot/$_" }
                          grep { /_(?:cache|temp)$/ } readdir $dh;
            closedir $dh;
        }
        File::Path::remove_tree(grep { -e $_ || -l $_ } @doomed);
        rmdir $ServRoot
            or bail_out("Can't remove $ServRoot (not empty?): $!");
    }
    for my $dir ($ServRoot, $LogDir, $HtmlDir, $ConfDir) {
        mkdir $dir or bail_out("Failed to do mkdir $dir: $!\n");
    }
    _spew("$HtmlDir/index.html",
          '<html><head><title>It works!</title></head>'
          . '<body>It works!</body></html>', 'setup');
}

sub _run_perl_section ($$) {
    my ($block, $section) = @_;
    my $code = $block->$section;
    return unless $code;
    eval $code;
    bail_out($block->name . " - $section failed: $@") if $@;
}

sub _write_user_files ($) {
    my $block = shift;
    my $name = $block->name;
    my $files = $block->user_files;
    return unless $files;

    if (!ref $files) {
        my @list;
        for my $line (split /^/m, $files) {
            if ($line =~ />>> (\S+)(?:\s+(.+))?/) {
                push @list, [$1, undef, $2];
            } elsif (@list) {
                $list[-1][1] .= $line;
            }
        }
        $files = \@list;
    } elsif (ref $files ne 'ARRAY') {
        bail_out("$name - wrong value type: ", ref $files,
                 ", only scalar or ARRAY are accepted");
    }

    for my $file (@$files) {
        my ($fname, $body, $date) = @$file;
        $body = '' unless defined $body;
        my $path = $fname =~ m{^/} ? $fname : "$HtmlDir/$fname";
        if ($path =~ m{^(.*)/[^/]*$} && length $1 && !-d $1) {
            File::Path::make_path($1)
                or bail_out("$name - Cannot create directory $1");
        }
        $body = expand_env_in_text($body, $name, $RandPorts);
        _spew($path, $body, $name);
        if (defined $date && $date =~ /\S/) {
            $date =~ s/^\s+|\s+$//g;
            local $ENV{TZ} = 'GMT';
            system('touch', '-t', $date, $path) == 0
                or bail_out("$name - Failed to run: touch -t $date $path\n");
        }
    }
}

sub _write_config ($$$) {
    my ($block, $config, $daemon) = @_;
    my $name = $block->name;

    my $http_config = expand_env_in_text($block->http_config, $name,
                                         $RandPorts);
    $http_config = '' unless defined $http_config;

    my $main_config = $block->main_config;
    $main_config = '' unless defined $main_config;
    if ($LoadModules) {
        my @mods = map { "load_module $_;" } grep { length } split /\s+/,
                   $LoadModules;
        $main_config = join ' ', @mods, $main_config if @mods;
    }
    $main_config = expand_env_in_text($main_config, $name, $RandPorts);

    my $post_main = expand_env_in_text($block->post_main_config, $name,
                                       $RandPorts);
    $post_main = '' unless defined $post_main;

    my $err_log = $block->error_log_file || $ErrLogFile;
    $err_log = expand_env_in_text($err_log, $name, $RandPorts);

    my $server_name = $block->server_name;
    $server_name = $ServerName unless defined $server_name;
    (my $quoted_name = $server_name) =~ s/(['\\])/\\$1/g;

    my $nginx_V = _nginx_V();
    my @temp_paths;
    push @temp_paths, "client_body_temp_path $ServRoot/client_body_temp;"
        unless $http_config =~ /\bclient_body_temp_path\b/;
    push @temp_paths, "proxy_temp_path $ServRoot/proxy_temp;"
        unless $http_config =~ /\bproxy_temp_path\b/;
    # as in Test::Nginx, only these two may be overridden by http_config
    for my $m (qw(fastcgi scgi uwsgi)) {
        push @temp_paths, "${m}_temp_path $ServRoot/${m}_temp;"
            unless $nginx_V =~ /--without-http_${m}_module/;
    }

    my $listen = $ServerPort . ($ReusePort ? ' reuseport' : '');
    my $env_lines = join '', map { my $v = $_; $v = "'$v'" if $v =~ /\s/;
                                   "env $v;\n" } @EnvToNginx;
    my $temp = join "\n    ", @temp_paths;
    my $root_location = $NoRootLocation ? '' : <<"_EOC_";
        location / {
            root $HtmlDir;
            index index.html index.htm;
        }
_EOC_
    my $hup_server = '';
    if ($UseHup && defined $ConfigVersion) {
        $hup_server = <<"_EOC_";
    server {
        listen          $listen;
        server_name     'Test-Nginx';
        location = /ver {
            return 200 '$ConfigVersion';
        }
    }
_EOC_
    }
    my $events_use = $EventType ? "    use $EventType;\n" : '';
    my $user = '';
    if (defined $WorkerUser) {
        $user = "user $WorkerUser;\n";
    } elsif ($> == 0) {
        $user = "user root;\n";
    }

    # a reload needs a master process
    my $master = ($UseHup && $daemon eq 'on') ? 'on' : $MasterProcess;

    my $conf = <<"_EOC_";
worker_processes  $Workers;
daemon $daemon;
master_process $master;
error_log $err_log $LogLevel;
pid       $PidFile;
env LD_PRELOAD;
env LD_LIBRARY_PATH;
env ASAN_OPTIONS;
env UBSAN_OPTIONS;
$env_lines
$main_config

http {
    access_log $AccLogFile;
    $temp

    default_type text/plain;
    keepalive_timeout  68000ms;

$http_config

    server {
        listen          $listen;
        server_name     '$quoted_name';
        client_max_body_size 30M;

        # Begin preamble config...
$ConfigPreamble
        # End preamble config...

        # Begin test case config...
$config
        # End test case config.

$root_location    }
$hup_server}

$post_main

events {
    accept_mutex off;
    worker_connections  $WorkerConns;
$events_use}

$user
_EOC_
    _spew($ConfFile, $conf, $name);
}

# ---------------------------------------------------------------------------
# Error and access logs.

sub error_log_data () {
    # log-phase lines are written after the response is complete
    Time::HiRes::sleep($SleepTime * 3);
    open my $in, '<', $ErrLogFile or return [];
    seek $in, $ErrLogPos, 0 if !$CheckAccumErrLog && $ErrLogPos > 0;
    my @lines = <$in>;
    $ErrLogPos = tell $in unless $CheckAccumErrLog;
    close $in;
    return \@lines;
}

sub access_log_data () {
    Time::HiRes::sleep($SleepTime * 3);
    open my $in, '<', $AccLogFile or return [];
    my @lines = <$in>;
    close $in;
    return \@lines;
}

sub _value_contains ($$) {
    my ($val, $pat) = @_;
    return 0 unless defined $val;
    if (ref $val eq 'ARRAY') {
        for my $v (@$val) {
            return 1 if _value_contains($v, $pat);
        }
        return 0;
    }
    return index("$val", $pat) >= 0 ? 1 : 0;
}

# A section's patterns as a fresh list: text lines, a qr//, or an array.
sub _patterns ($) {
    my $pats = shift;
    if (!ref $pats) {
        chomp $pats;
        return [split /\n+/, $pats];
    }
    return [$pats] if ref $pats eq 'Regexp';
    return [@$pats];
}

sub _line_matches ($$) {
    my ($line, $pat) = @_;
    return 1 if ref $pat && $line =~ /$pat/;
    return $line =~ /\Q$pat\E/ ? 1 : 0;
}

sub _skippable (&$$) {
    my ($code, $dry_run, $what) = @_;
    SKIP: {
        skip("$what - tests skipped due to $dry_run", 1) if $dry_run;
        $code->();
    }
}

# Positive patterns: one assertion each, passing on the first line that
# holds it.
sub _expect_patterns ($$$$$) {
    my ($pats, $lines, $file, $suffix, $ctx) = @_;
    my ($name, $dry_run, $section) = @$ctx;
    for my $line (@$lines) {
        for my $pat (@$pats) {
            next unless defined $pat;
            next unless _line_matches($line, $pat);
            _skippable {
                Test::More::pass("$name - pattern \"$pat\" matches a line "
                                 . "in $file$suffix");
            } $dry_run, "$name - $section";
            undef $pat;
        }
    }
    for my $pat (@$pats) {
        next unless defined $pat;
        _skippable {
            Test::More::fail("$name - pattern \"$pat\" should match a line "
                             . "in $file$suffix");
        } $dry_run, "$name - $section";
    }
}

# Negative patterns: a failure for every line that holds one, a pass for
# each pattern found nowhere.
sub _forbid_patterns ($$$$$) {
    my ($pats, $lines, $file, $suffix, $ctx) = @_;
    my ($name, $dry_run, $section) = @$ctx;
    my %found;
    for my $i (0 .. $#$lines) {
        my $line = $lines->[$i];
        for my $pat (@$pats) {
            next unless defined $pat;
            next unless _line_matches($line, $pat);
            $found{$pat} = 1;
            my $ln = _fmt_str($line);
            my $p = _fmt_str($pat);
            my $last = $i + 9 < $#$lines ? $i + 9 : $#$lines - 1;
            my $more = join '', @$lines[$i + 1 .. $last];
            _skippable {
                Test::More::fail("$name - pattern \"$p\" should not match any "
                                 . "line in $file but matches line \"$ln\""
                                 . "$suffix\n$more");
            } $dry_run, "$name - $section";
        }
    }
    for my $pat (@$pats) {
        next if !defined $pat || $found{$pat};
        my $p = _fmt_str($pat);
        _skippable {
            Test::More::pass("$name - pattern \"$p\" does not match a line "
                             . "in $file$suffix");
        } $dry_run, "$name - $section";
    }
}

sub check_error_log ($$$$$) {
    my ($block, $res, $dry_run, $rep, $need_array) = @_;
    my $name = $block->name;
    my $lines;
    my %warn_on = ('[alert]' => 1, '[crit]' => 1, '[emerg]' => 1);

    my $grep_pat = $block->grep_error_log;
    if (defined $grep_pat) {
        $grep_pat = $grep_pat->[$rep] if ref $grep_pat eq 'ARRAY';
    } elsif (defined $block->grep_error_log_out) {
        bail_out("$name - No --- grep_error_log defined but "
                 . "--- grep_error_log_out is defined");
    }

    if (defined $grep_pat) {
        my $expected = $block->grep_error_log_out;
        bail_out("$name - No --- grep_error_log_out defined but "
                 . "--- grep_error_log is defined") unless defined $expected;
        $expected = expand_env_in_text($expected, $name, $RandPorts);
        $expected = $expected->[$rep] if ref $expected eq 'ARRAY';
        _skippable {
            $lines ||= error_log_data();
            my $got = '';
            for my $line (@$lines) {
                my $m;
                if (ref $grep_pat && $line =~ /$grep_pat/) {
                    $m = $&;
                } elsif ($line =~ /\Q$grep_pat\E/) {
                    $m = $&;
                }
                $got .= "$m\n" if defined $m && $m !~ /\n/;
            }
            my $desc = "$name - grep_error_log_out (req $rep)";
            if (ref $expected eq 'Regexp') {
                Test::More::like($got, $expected, $desc);
            } elsif ($NoLongString) {
                Test::More::is($got, $expected, $desc);
            } else {
                Test::LongString::is_string($got, $expected, $desc);
            }
        } $dry_run, "$name - error_log";
    }

    for my $section (qw(error_log no_error_log)) {
        my $pats = $block->$section;
        next unless defined $pats;
        for my $level (keys %warn_on) {
            (my $stem = $level) =~ s/\]$//;
            delete $warn_on{$level} if _value_contains($pats, $stem);
        }
        $lines ||= error_log_data();
        my $ctx = [$name, $dry_run, $section];
        if ($section eq 'error_log') {
            _expect_patterns(_patterns($pats), $lines, 'error.log',
                             " (req $rep)", $ctx);
        } else {
            _forbid_patterns(_patterns($pats), $lines, 'error.log',
                             " (req $rep)", $ctx);
        }
    }

    if (!$dry_run && %warn_on) {
        $lines ||= error_log_data();
        for my $line (@$lines) {
            for my $level (keys %warn_on) {
                if (index($line, $level) >= 0) {
                    warn "WARNING: $name - " . _fmt_str($line) . "\n";
                    last;
                }
            }
        }
    }

    for my $line (@{ $lines || [] }) {
        if ($line =~ /\bAssertion .*?failed\b/) {
            (my $l = $line) =~ s/\n\z//;
            Test::More::fail("$name - $l\n");
        }
    }
}

sub check_access_log ($$$) {
    my ($block, $dry_run, $rep) = @_;
    my $name = $block->name;
    my $lines;
    for my $section (qw(access_log no_access_log)) {
        my $pats = $block->$section;
        next unless defined $pats;
        $lines ||= access_log_data();
        my $ctx = [$name, $dry_run, $section];
        if ($section eq 'access_log') {
            _expect_patterns(_patterns($pats), $lines, 'access.log',
                             " (req $rep)", $ctx);
        } else {
            _forbid_patterns(_patterns($pats), $lines, 'access.log',
                             " (req $rep)", $ctx);
        }
    }
}

sub check_shutdown_error_log ($$) {
    my ($block, $dry_run) = @_;
    my $name = $block->name;
    my $lines;
    if (defined(my $pats = $block->shutdown_error_log)) {
        $lines ||= error_log_data();
        _expect_patterns(_patterns($pats), $lines, 'error.log', '',
                         [$name, $dry_run && 'dry_run',
                          'shutdown_error_log']);
        for my $line (@$lines) {
            if ($line =~ /\bAssertion .*? failed\.$/) {
                (my $l = $line) =~ s/\n\z//;
                Test::More::fail("$name - $l");
            }
        }
    }
    if (defined(my $pats = $block->no_shutdown_error_log)) {
        $lines ||= error_log_data();
        _forbid_patterns(_patterns($pats), $lines, 'error.log', '',
                         [$name, $dry_run && 'dry_run',
                          'no_shutdown_error_log']);
    }
}

sub _check_prev_shutdown_error_log () {
    my $block = $PrevBlock;
    return unless defined $block;
    return unless defined $block->shutdown_error_log
                  || defined $block->no_shutdown_error_log;
    # checked once: at the next start or at the end, whichever comes first
    return if $block->{_shutdown_checked}++;
    my $dry_run = ($UseHup || $ENV{TEST_NGINX_NO_CLEAN}) ? 1 : 0;
    check_shutdown_error_log($block, $dry_run);
}

# ---------------------------------------------------------------------------
# Requests.

# "METHOD [URI [PROTO]]\nbody" -> its parts; the request line keeps the
# offset at which the body starts.
sub _parse_request_text ($$) {
    my ($name, $text) = @_;
    bail_out("$name - Request line should be non-empty")
        if !defined $text || $text eq '';
    my ($first) = $text =~ /\A([^\n]*\n?)/;
    bail_out("$name - Request line should be non-empty") if $first eq '';
    if ($first !~ /^(\s*)(\S+)( *)(?:(\S+)( *))?(?:(\S+)( *))?(\s*)$/) {
        bail_out("$name - Request line is not valid. Should be "
                 . "'meth [url [version]]' but got \"$first\".");
    }
    return {
        lead   => length $1,
        method => $2,
        uri    => defined $4 ? $4 : '/',
        proto  => defined $6 ? $6 : 'HTTP/1.1',
        body   => substr($text, length $first),
        line   => length $first,
    };
}

sub _parse_more_headers ($) {
    my $text = shift;
    my ($out, $chunked) = ('', 0);
    for my $h (split /\n+/, defined $text ? $text : '') {
        next if $h =~ /^\s*#/ || $h !~ /\S/;
        my ($key, $val) = split /:\s*/, $h, 2;
        $val = '' unless defined $val;
        $val =~ s/\r$//;
        $chunked = 1 if lc($key) eq 'transfer-encoding' && $val eq 'chunked';
        $out .= "$key: $val\r\n";
    }
    return ($out, $chunked);
}

# Builds the bytes of one request from its fragments (strings), adding the
# headers Test::Nginx adds; fragment boundaries are kept where they fall in
# the request line or body.
sub _build_request ($$$$$) {
    my ($name, $more, $chunked, $conn, $frags) = @_;
    my $text = join '', map { defined $_ ? $_ : '' } @$frags;
    my $p = _parse_request_text($name, $text);

    my $body = $p->{body};
    my $body_skip = 0;
    my $len_hdr = '';
    if (!$chunked && $body ne '' && $more !~ /(?:^|\n)Content-Length:/) {
        ($body_skip) = map { length } $body =~ /\A(\s*)/;
        $body =~ s/^\s+|\s+$//gs;
        $len_hdr = 'Content-Length: ' . length($body) . "\r\n";
    }
    my $line = "$p->{method} $p->{uri} $p->{proto}";
    my $head = "$line\r\n";
    $head .= "Host: $ServerName\r\n" if $more !~ /(?:^|\n)Host:/i;
    $head .= "Connection: $conn\r\n" if $more !~ /(?:^|\n)Connection/i;
    $head .= "$more$len_hdr\r\n";
    my $req = $head . $body;

    my @out;
    my ($orig, $prev) = (0, 0);
    for my $i (0 .. $#$frags) {
        my $f = defined $frags->[$i] ? $frags->[$i] : '';
        $orig += length $f;
        my $pos;
        if ($i == $#$frags) {
            $pos = length $req;
        } elsif ($orig < $p->{line}) {
            $pos = $orig - $p->{lead};
            $pos = 0 if $pos < 0;
            $pos = length $line if $pos > length $line;
        } else {
            $pos = $orig - $p->{line} - $body_skip;
            $pos = 0 if $pos < 0;
            $pos = length $body if $pos > length $body;
            $pos += length $head;
        }
        $pos = $prev if $pos < $prev;
        push @out, substr($req, $prev, $pos - $prev);
        $prev = $pos;
    }
    return \@out;
}

sub _headers_for ($$$) {
    my ($name, $more, $i) = @_;
    if (ref $more eq 'ARRAY') {
        my $h = $more->[$i];
        bail_out("$name - --- more_headers lacks data for request $i")
            unless defined $h;
        return _parse_more_headers($h);
    }
    return _parse_more_headers($more);
}

# The requests of a block: a list of connections, each a list of fragments
# {value, delay_before}, plus, for each response expected, whether it
# answers a HEAD.
sub _requests_from_block ($) {
    my $block = shift;
    my $name = $block->name;
    my (@conns, @head);

    if (defined(my $raw = $block->raw_request)) {
        my @frags = ref $raw eq 'ARRAY' ? map { { value => $_ } } @$raw
                                        : ({ value => $raw });
        push @conns, \@frags;
        my $all = join '', map { defined $_->{value} ? $_->{value} : '' }
                           @frags;
        push @head, $all =~ /^\s*HEAD\s+/ ? 1 : 0;
        return (\@conns, \@head);
    }

    my $request;
    if (defined $block->request_eval) {
        Test::More::diag("$name - request_eval DEPRECATED. Use request eval "
                         . "instead.");
        $request = eval $block->request_eval;
        warn $@ if $@;
    } else {
        $request = $block->request;
        if (defined $request && !ref $request) {
            1 while $request =~ s/^\s*\#[^\n]+\s+|^\s+//gs;
        }
    }
    my $more = $block->more_headers;
    $more = '' unless defined $more;

    if (my $reqs = $block->pipelined_requests) {
        bail_out("$name - invalid entries in --- pipelined_requests")
            unless ref $reqs eq 'ARRAY';
        my $bytes = '';
        for my $i (0 .. $#$reqs) {
            my $r = expand_env_in_text($reqs->[$i], $name, $RandPorts);
            my ($hdr, $chunked) = _headers_for($name, $more, $i);
            my $conn = $i == $#$reqs ? 'close' : 'keep-alive';
            $bytes .= _build_request($name, $hdr, $chunked, $conn, [$r])->[0];
            push @head, (defined $r && $r =~ /^\s*HEAD\s+/) ? 1 : 0;
        }
        push @conns, [{ value => $bytes }];
        return (\@conns, \@head);
    }

    if (!ref $request) {
        my ($hdr, $chunked) = _headers_for($name, $more, 0);
        my $r = _build_request($name, $hdr, $chunked, 'close', [$request]);
        push @conns, [{ value => $r->[0] }];
        push @head, $r->[0] =~ /^\s*HEAD\s+/ ? 1 : 0;
        return (\@conns, \@head);
    }

    bail_out("$name - invalid ---request : MUST be string or array of "
             . "requests") unless ref $request eq 'ARRAY';

    for my $i (0 .. $#$request) {
        my $one = $request->[$i];
        my ($hdr, $chunked) = _headers_for($name, $more, $i);
        if (!ref $one) {
            my $r = _build_request($name, $hdr, $chunked, 'close', [$one]);
            push @conns, [{ value => $r->[0] }];
        } elsif (ref $one eq 'ARRAY') {
            my @parts;
            for my $frag (@$one) {
                if (!ref $frag) {
                    push @parts, $frag;
                } elsif (ref $frag eq 'HASH') {
                    push @parts, $frag->{value};
                } else {
                    bail_out("$name - Invalid syntax. $frag should be a "
                             . "string or hash with value.");
                }
            }
            my $r = _build_request($name, $hdr, $chunked, 'close', \@parts);
            my @frags;
            for my $j (0 .. $#$one) {
                my $orig = $one->[$j];
                my %f = ref $orig ? %$orig : ();
                $f{value} = $r->[$j];
                # "delay" is accepted as a spelling of delay_before
                $f{delay_before} = $f{delay}
                    if !defined $f{delay_before} && defined $f{delay};
                push @frags, \%f;
            }
            push @conns, \@frags;
        } else {
            bail_out("$name - Invalid syntax. $one should be a string or an "
                     . "array of packets.");
        }
        my $all = join '', map { $_->{value} } @{ $conns[-1] };
        push @head, $all =~ /^\s*HEAD\s+/ ? 1 : 0;
    }
    return (\@conns, \@head);
}

sub _connect ($$$) {
    my ($block, $timeout, $name) = @_;
    my $addr = $block->server_addr_for_client;
    $addr = $ServerAddr unless defined $addr;
    my $port = server_port_for_client();
    my $max = $ConnectFailures ? 20 : 50;
    for (my $try = 1; ; $try++) {
        my $sock = IO::Socket::INET->new(PeerAddr => $addr,
                                         PeerPort => $port,
                                         Proto => 'tcp',
                                         Timeout => $timeout);
        return $sock if $sock;
        my $err = "$!";
        if (defined $ChildPid && waitpid($ChildPid, WNOHANG) != 0) {
            warn "WARNING: Child process $ChildPid is already gone.\n";
            undef $ChildPid;
            Test::More::fail("$name - Can't connect to $addr:$port: $err "
                             . "(aborted)\n");
            return undef;
        }
        if ($try >= $max) {
            my $msg = "$name - Can't connect to $addr:$port: $err (aborted)\n";
            bail_out($msg) if ++$ConnectFailures >= 3;
            Test::More::fail($msg);
            return undef;
        }
        my $wait = ($SleepTime + $SleepTime * $try) * $try / 2;
        $wait = 1 if $wait > 1;
        warn "$name - Can't connect to $addr:$port: $err; retrying in "
             . "$wait sec\n" if $wait >= 0.6;
        Time::HiRes::sleep($wait);
    }
}

# Writes every fragment, then reads until the server closes or the block's
# timeout passes without any progress.
sub send_request ($$$$) {
    my ($frags, $middle_delay, $timeout, $block) = @_;
    my $name = $block->name;
    my $sock = _connect($block, $timeout, $name);
    return undef unless $sock;
    $sock->blocking(0);
    local $SIG{PIPE} = 'IGNORE';

    my @queue = @$frags;
    my $cur = shift @queue;
    my $buf = defined $cur->{value} ? $cur->{value} : '';
    my $off = 0;
    my $resp = '';
    my $writing = 1;
    my $sel = IO::Select->new($sock);

    while (1) {
        $! = 0;
        my ($r, $w) = IO::Select->select($sel, $writing ? $sel : undef,
                                         undef, $timeout);
        if (!$r && !$w) {
            next if $! == EINTR;
            close $sock;
            if (!defined $block->abort) {
                Test::More::fail("ERROR: client socket timed out - $name\n");
            } else {
                Time::HiRes::sleep(0.005);
            }
            last;
        }
        if ($w && @$w) {
            while ($writing) {
                if ($off >= length $buf) {
                    $cur = shift @queue;
                    if (!defined $cur) {
                        $writing = 0;
                        if (defined(my $how = $block->shutdown)) {
                            $how = 1 if $how !~ /\S/;
                            shutdown($sock, $how);
                        }
                        last;
                    }
                    my $delay = defined $cur->{delay_before}
                                ? $cur->{delay_before} : $middle_delay;
                    Time::HiRes::sleep($delay) if $delay;
                    $buf = defined $cur->{value} ? $cur->{value} : '';
                    $off = 0;
                    next;
                }
                my $n = syswrite($sock, $buf, length($buf) - $off, $off);
                if (!defined $n) {
                    last if $! == EAGAIN || $! == EWOULDBLOCK || $! == EINTR;
                    warn "write failed: $!\n";
                    $writing = 0;
                    last;
                }
                $off += $n;
            }
        }
        if ($r && @$r) {
            my $closed = 0;
            while (1) {
                my $chunk;
                my $n = sysread($sock, $chunk, 65536);
                if (!defined $n) {
                    last if $! == EAGAIN || $! == EWOULDBLOCK || $! == EINTR;
                    warn "WARNING: $name - HTTP response read failure: $!\n";
                    $closed = 1;
                    last;
                }
                if ($n == 0) {
                    $closed = 1;
                    last;
                }
                $resp .= $chunk;
            }
            if ($closed) {
                close $sock;
                last;
            }
        }
    }
    return $resp;
}

# ---------------------------------------------------------------------------
# Responses.

sub _chunk_fail ($$) {
    my ($name, $why) = @_;
    Test::More::fail("$name - $why");
    return;
}

# Returns the decoded body and the bytes after the last chunk, or nothing
# (after a failed assertion) when the chunking is malformed.
sub _dechunk ($$) {
    my ($name, $raw) = @_;
    my $out = '';
    pos($raw) = 0;
    while (1) {
        if ($raw !~ /\G[ \t]*([0-9A-Fa-f]+)[ \t]*(?:;[^\r\n]*)?\r\n/gc) {
            if ($raw =~ /\G(.+)/gcs) {
                return _chunk_fail($name, "invalid chunked body received: $1");
            }
            return _chunk_fail($name, "no last chunk found - $raw");
        }
        my $size = hex $1;
        if ($size == 0) {
            # trailer fields, then the empty line
            while ($raw =~ /\G([^\r\n]+)\r\n/gc) { }
            if ($raw !~ /\G\r\n/gc) {
                return _chunk_fail($name, "invalid chunked data received "
                                   . "(expected CRLF).");
            }
            last;
        }
        my $at = pos $raw;
        if (length($raw) - $at < $size) {
            return _chunk_fail($name, "invalid chunked data received (not "
                               . "enought octets for the data section)");
        }
        $out .= substr $raw, $at, $size;
        pos($raw) = $at + $size;
        if ($raw !~ /\G\r\n/gc) {
            return _chunk_fail($name, "invalid chunked data received "
                               . "(expected CRLF).");
        }
    }
    my $left = substr $raw, pos $raw;
    return ($out, $left);
}

sub parse_response ($$$) {
    my ($name, $raw, $head_req) = @_;
    my $raw_headers = $raw =~ /^(.*?\r\n)\r\n/s ? $1 : '';
    my $res = HTTP::Response->parse($raw);
    my $code = $res->code;
    if (defined $code && $code !~ /^\d+$/) {
        $res->code(undef);
        $code = undef;
    }
    return ($res, $raw_headers, undef)
        if $code && ($code == 304 || $code == 101);

    my $content = $res->content;
    $content = '' unless defined $content;
    my $left;
    my $te = $res->header('Transfer-Encoding');
    my $len = $res->header('Content-Length');

    if ($head_req && $head_req > 1) {
        # a pipelined HEAD: whatever follows belongs to the next response
        $res->content('');
        $left = $content if length $content;
    } elsif (defined $te && $te eq 'chunked' && !$head_req) {
        my ($body, $rest) = _dechunk($name, $content);
        return (undef, $raw_headers, undef) unless defined $body;
        $res->content($body);
        $left = $rest if length $rest;
    } elsif (defined $len && $len =~ /^\s*\d+\s*$/) {
        if (length $content < $len) {
            warn "WARNING: $name - response body truncated: $len expected, "
                 . "but got " . length($content) . "\n" unless $head_req;
        } elsif (length $content > $len) {
            $res->content(substr $content, 0, $len);
            $left = substr $content, $len;
        }
    }
    return ($res, $raw_headers, $left);
}

sub _indexed ($$$$) {
    my ($name, $value, $idx, $need_array) = @_;
    if ($need_array) {
        return $value->[$idx] if ref $value eq 'ARRAY';
        bail_out("$name - You asked for many requests, the expected "
                 . "results should be arrays as well.");
    }
    if (ref $value eq 'ARRAY') {
        bail_out("$name - SHOULD NOT HAPPEN: idx != 0 and don't need array.")
            if $idx != 0;
        return $value->[0];
    }
    return $value;
}

sub _subst_ports ($) {
    my $s = shift;
    my $cport = server_port_for_client();
    $s =~ s/\$ServerPortForClient\b/$cport/g;
    $s =~ s/\$ServerPort\b/$ServerPort/g;
    return $s;
}

sub check_error_code ($$$$$) {
    my ($block, $res, $dry_run, $idx, $need_array) = @_;
    my $name = $block->name;
    my $got = ($res && $res->code) || '';
    _skippable {
        if (defined $block->error_code_like) {
            my $re = _indexed($name, $block->error_code_like, $idx,
                              $need_array);
            Test::More::like($got, qr/$re/sm, "$name - status code ok");
        } elsif (defined $block->error_code) {
            Test::More::is($got, _indexed($name, $block->error_code, $idx,
                                          $need_array),
                           "$name - status code ok");
        } else {
            Test::More::is($got, 200, "$name - status code ok");
        }
    } $dry_run, $name;
}

sub check_raw_response_headers ($$$$$) {
    my ($block, $raw_headers, $dry_run, $idx, $need_array) = @_;
    my $name = $block->name;
    if (defined $block->raw_response_headers_like) {
        my $re = _indexed($name, $block->raw_response_headers_like, $idx,
                          $need_array);
        _skippable {
            Test::More::like($raw_headers, qr/$re/s,
                             "$name - raw resp headers like");
        } $dry_run, "$name - raw_response_headers_like";
    }
    if (defined $block->raw_response_headers_unlike) {
        my $re = _indexed($name, $block->raw_response_headers_unlike, $idx,
                          $need_array);
        _skippable {
            Test::More::unlike($raw_headers, qr/$re/s,
                               "$name - raw resp headers unlike");
        } $dry_run, "$name - raw_response_headers_unlike";
    }
}

# "Name: value" and "!Name" lines; a repeated name keeps its last line, in
# the place of its first.
sub _expected_headers ($) {
    my $text = shift;
    my (@order, %val);
    for my $line (split /\n/, defined $text ? $text : '') {
        $line =~ s/^\s+|\s+$//g;
        my ($key, $v);
        if ($line =~ s/^!\s*//) {
            $key = $line;
        } else {
            ($key, $v) = split /\s*:\s*/, $line, 2;
            $key = '' unless defined $key;
        }
        push @order, $key unless exists $val{$key};
        $val{$key} = $v;
    }
    return map { [$_, $val{$_}] } @order;
}

sub check_response_headers ($$$$$$) {
    my ($block, $res, $raw_headers, $dry_run, $idx, $need_array) = @_;
    my $name = $block->name;
    if (defined $block->response_headers) {
        my $spec = _indexed($name, $block->response_headers, $idx,
                            $need_array);
        for my $h (_expected_headers($spec)) {
            my ($key, $val) = @$h;
            if (!defined $val) {
                _skippable {
                    Test::More::unlike($raw_headers, qr/^\s*\Q$key\E\s*:/ms,
                        "$name - header $key not present in the raw headers");
                } $dry_run, "$name - response_headers";
                next;
            }
            $val = _subst_ports($val);
            my $got = $res ? scalar $res->header($key) : undef;
            $got = '' unless defined $got;
            _skippable {
                Test::More::is($got, $val, "$name - header $key ok");
            } $dry_run, "$name - response_headers";
        }
    } elsif (defined $block->response_headers_like) {
        my $spec = _indexed($name, $block->response_headers_like, $idx,
                            $need_array);
        for my $h (_expected_headers($spec)) {
            my ($key, $val) = @$h;
            next if $key eq '';
            $val = '' unless defined $val;
            my $got = $res ? scalar $res->header($key) : undef;
            $got = '' unless defined $got;
            _skippable {
                Test::More::like($got, qr/^$val$/,
                                 "$name - header $key like ok");
            } $dry_run, "$name - response_headers_like";
        }
    }
}

sub _apply_body_filter ($$$) {
    my ($name, $filter, $content) = @_;
    return $filter->($content) if ref $filter eq 'CODE';
    bail_out("$name - the --- response_body_filters section only supports "
             . "subroutine reference values and string values") if ref $filter;
    my %builtin = (
        md5_hex  => \&Digest::MD5::md5_hex,
        sha1_hex => \&Digest::SHA::sha1_hex,
        uc       => sub { uc $_[0] },
        lc       => sub { lc $_[0] },
        ucfirst  => sub { ucfirst $_[0] },
        lcfirst  => sub { lcfirst $_[0] },
        length   => sub { length $_[0] },
    );
    my $f = $builtin{$filter};
    bail_out("$name - unknown filter, \"$filter\", specified in the --- "
             . "response_body_filters section") unless $f;
    return $f->($content);
}

sub transform_response_body ($$$) {
    my ($block, $res, $idx) = @_;
    return unless defined $res;
    my $content = $res->content;
    return unless defined $content;
    my $filters = $block->response_body_filters;
    return unless defined $filters;
    my $name = $block->name;

    if (!ref $filters) {
        $filters =~ s/^\s+|\s+$//gs;
        $filters = [split /\s+/, $filters];
    } elsif (ref $filters ne 'ARRAY') {
        $filters = [$filters];
    }
    if (@$filters && ref $filters->[0] eq 'ARRAY') {
        for my $f (@$filters) {
            bail_out("$name - the --- response_body_filters two-dimensional "
                     . "array only be like [[uc], [lc]] not [[uc], lc]")
                if ref $f ne 'ARRAY';
        }
        $filters = $filters->[$idx];
        bail_out("$name - the ---response_body_filters two-dimensional array "
                 . "unmatch the specified request($idx)")
            unless defined $filters;
        $filters = [$filters] unless ref $filters eq 'ARRAY';
    }
    for my $f (@$filters) {
        $content = _apply_body_filter($name, $f, $content);
    }
    $res->content($content);
}

sub check_response_body ($$$$$$) {
    my ($block, $res, $dry_run, $idx, $rep, $need_array) = @_;
    my $name = $block->name;

    if (defined(my $file = $block->write_resp_body_file)) {
        _spew($file, defined $res && defined $res->content ? $res->content
                                                            : '', $name)
            if defined $res;
    }

    my $content = $res ? $res->content : undef;

    if (defined $block->response_body || defined $block->response_body_eval) {
        if (defined $content && defined $block->response_body_json_sort) {
            require JSON::PP;
            my $js = JSON::PP->new->canonical(1)->loose(1);
            my $obj = eval { $js->decode($content) };
            $content = $js->encode($obj) . "\n" unless $@;
        }
        my $expected;
        if ($block->response_body_eval) {
            Test::More::diag("$name - response_body_eval is DEPRECATED. Use "
                             . "response_body eval instead.");
            $expected = eval _indexed($name, $block->response_body_eval, $idx,
                                      $need_array);
            warn $@ if $@;
        } else {
            $expected = _indexed($name, $block->response_body, $idx,
                                 $need_array);
        }
        if ($block->charset && defined $expected && !ref $expected) {
            Encode::from_to($expected, 'UTF-8', $block->charset);
        }
        if (defined $expected && !ref $expected) {
            $expected = expand_env_in_text(_subst_ports($expected), $name,
                                           $RandPorts);
        }
        _skippable {
            my $what = "(repeated req $rep, req $idx)";
            if (ref $expected) {
                Test::More::like($content, $expected,
                                 "$name - response_body - like $what");
            } elsif ($NoLongString) {
                Test::More::is($content, $expected,
                    "$name - response_body - response is expected $what");
            } else {
                Test::LongString::is_string($content, $expected,
                    "$name - response_body - response is expected $what");
            }
        } $dry_run, "$name - response_body";

    } elsif (defined $block->response_body_like
             || defined $block->response_body_unlike)
    {
        my $like = defined $block->response_body_like;
        my $type = $like ? 'like' : 'unlike';
        my $pats = $like ? $block->response_body_like
                         : $block->response_body_unlike;
        my $pat = _indexed($name, $pats, $idx, $need_array);
        $pat = _subst_ports($pat) if defined $pat && !ref $pat;
        my $summary = _trim_summary($content);
        _skippable {
            my $desc = "$name - response_body_$type - response is expected "
                       . "($summary)";
            if ($like) {
                Test::More::like($content, qr/$pat/s, $desc);
            } else {
                Test::More::unlike($content, qr/$pat/s, $desc);
            }
        } $dry_run, "$name - response_body_$type";
    }

    for my $check (@ResponseBodyChecks) {
        $check->($block, $content, $idx, $rep, $dry_run);
    }
}

# Sends the block's request(s) once and runs every check on the replies.
sub _run_requests ($$$) {
    my ($block, $dry_run, $rep) = @_;
    my $name = $block->name;
    my ($conns, $heads) = _requests_from_block($block);
    bail_out("$name - request empty") unless @$conns;

    my $timeout = _parse_time($block->timeout);
    $timeout = $Timeout unless defined $timeout;
    my $pipelined = $block->pipelined_requests;
    my $need_array = $pipelined ? 1 : @$conns > 1;
    my $ignore = defined $block->ignore_response;
    my $wait = _parse_time($block->wait);
    my $idx = 0;
    my $res;

    for my $c (0 .. $#$conns) {
        my $raw;
        if ($dry_run) {
            $raw = "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n";
        } else {
            $raw = send_request($conns->[$c], $block->raw_request_middle_delay,
                                $timeout, $block);
        }
        $raw = '' unless defined $raw;
        my $left_n = $pipelined ? scalar @$pipelined : 0;

        while (1) {
            my ($raw_headers, $left) = ('', undef);
            if (!$ignore) {
                if (defined $block->http09) {
                    $res = HTTP::Response->new(200, 'OK', [], $raw);
                } else {
                    my $head = $pipelined
                               ? ($heads->[$idx] ? 2 : 0)
                               : $heads->[$c];
                    ($res, $raw_headers, $left) =
                        parse_response($name, $raw, $head);
                }
            }
            if ($left_n) {
                $left_n--;
                $raw = defined $left ? $left : '';
            } elsif (defined $left && length $left) {
                (my $show = $left) =~ s/([\0-\037\200-\377])/
                                       sprintf('\x{%02x}', ord $1)/eg;
                warn "WARNING: $name - unexpected extra bytes after last "
                     . "chunk in response: \"$show\"\n";
            }

            if (!$ignore) {
                check_error_code($block, $res, $dry_run, $idx, $need_array);
                check_raw_response_headers($block, $raw_headers, $dry_run,
                                           $idx, $need_array);
                check_response_headers($block, $res, $raw_headers, $dry_run,
                                       $idx, $need_array);
                transform_response_body($block, $res, $idx);
                check_response_body($block, $res, $dry_run, $idx, $rep,
                                    $need_array);
            }

            if ($left_n || $c < $#$conns) {
                Time::HiRes::sleep($wait) if $wait;
                check_error_log($block, $res, $dry_run, $rep, $need_array);
                check_access_log($block, $dry_run, $rep) unless $ignore;
            }
            $idx++;
            last unless $left_n;
        }
    }

    Time::HiRes::sleep($wait) if $wait;
    check_error_log($block, $res, $dry_run, $rep, $need_array);
    check_access_log($block, $dry_run, $rep) unless $ignore;
}

# ---------------------------------------------------------------------------
# The embedded TCP server (tcp_listen and the sections around it).
#
# For each repeat of a block the listening socket is opened here, after
# nginx has started, and a forked child serves exactly one connection: it
# shuts down the side tcp_shutdown names, reads the query (one read, or
# tcp_query_len bytes, or until tcp_query_auto_timeout passes in silence),
# waits tcp_reply_delay, sends tcp_reply (a string, each string of an array
# in turn with no pause between them, or what a sub given the query
# returns), then closes, or holds the connection open with tcp_no_close.
# The child is stopped and the socket closed once the checks have run.

sub _stop_tcp_server () {
    my $pid = $TcpServerPid;
    undef $TcpServerPid;
    return unless defined $pid;
    kill SIGTERM, $pid;
    my $deadline = Time::HiRes::time() + $Timeout;
    while (Time::HiRes::time() < $deadline) {
        return if waitpid($pid, WNOHANG) != 0;
        Time::HiRes::sleep(0.01);
    }
    kill SIGKILL, $pid;
    waitpid($pid, 0);
}

sub _tcp_listen_socket ($$) {
    my ($name, $target) = @_;
    my $err;
    for my $try (1 .. 30) {
        my $sock;
        if ($target =~ /^\d+$/) {
            $sock = IO::Socket::INET->new(LocalHost => '127.0.0.1',
                                          LocalPort => $target,
                                          Proto => 'tcp', ReuseAddr => 1,
                                          Listen => 5,
                                          Timeout => $Timeout);
        } elsif ($target =~ m{\S+\.sock$}) {
            if (-e $target) {
                unlink $target
                    or bail_out("$name - cannot remove $target: $!");
            }
            $sock = IO::Socket::UNIX->new(Local => $target,
                                          Type => Socket::SOCK_STREAM(),
                                          Listen => 5,
                                          Timeout => $Timeout);
        } else {
            bail_out("$name - bad tcp_listen target: $target");
        }
        return $sock if $sock;
        $err = $!;
        last unless $err =~ /address already in use/i;
        warn "WARNING: failed to create the tcp listening socket: $err\n";
        Time::HiRes::sleep(1);
    }
    bail_out("$name - failed to create the tcp listening socket: $err");
}

# The child's whole life; it never returns.
sub _serve_tcp_connection ($$$) {
    my ($block, $listen, $query_file) = @_;
    my $name = $block->name;
    my $reply = $block->tcp_reply;
    my $req_len = $block->tcp_query_len;
    $req_len = length $block->tcp_query
        if !defined $req_len && defined $block->tcp_query;

    my $client;
    while (!($client = $listen->accept())) {
        warn "WARNING: $name - TCP server: failed to accept: $!\n";
        Time::HiRes::sleep($SleepTime);
    }

    my ($no_read, $no_write);
    if (defined(my $how = $block->tcp_shutdown)) {
        $how =~ s/^\s+|\s+$//g;
        shutdown($client, $how);
        if ($how == 0 || $how == 2) {
            $no_read = 1;
        } else {
            $no_write = 1;
        }
    }

    my $buf = '';
    if (!$no_read) {
        my $auto = $block->tcp_query_auto_timeout;
        my $wait = 0.1;
        if (defined $auto) {
            $auto =~ s/^\s+|\s+$//g;
            $wait = $auto + 0 if $auto ne '';
        }
        my $select = IO::Select->new($client);
        while (1) {
            last if defined $auto && !$select->can_read($wait);
            my $got = sysread($client, my $b, 4096);
            die "failed to receive: $!\n" unless defined $got;
            $buf .= $b;
            if (defined $query_file) {
                _spew("$query_file.tmp", $buf, $name);
                # rename is atomic: the parent never sees half a file
                rename "$query_file.tmp", $query_file
                    or die "cannot rename $query_file.tmp: $!\n";
            }
            # the peer has closed: nothing more will come
            last if $got == 0;
            last if !defined $auto && (!$req_len || length $buf >= $req_len);
        }
    }

    my $delay = _parse_time($block->tcp_reply_delay);
    Time::HiRes::sleep($delay) if $delay;

    if (!$no_write && defined $reply) {
        $reply = $reply->($buf) if ref $reply eq 'CODE';
        my @pieces;
        if (ref $reply) {
            bail_out("$name - bad --- tcp_reply value")
                unless ref $reply eq 'ARRAY';
            @pieces = @$reply;
        } else {
            @pieces = ($reply);
        }
        PIECE: for my $piece (@pieces) {
            my $off = 0;
            while ($off < length $piece) {
                my $n = syswrite($client, $piece, length($piece) - $off,
                                 $off);
                if (!defined $n) {
                    next if $! == EINTR;
                    warn "WARNING: tcp server failed to send reply: $!\n";
                    last PIECE;
                }
                $off += $n;
            }
        }
    }

    if (defined $block->tcp_no_close) {
        sleep 1 while 1;
    }
    close $client;
    close $listen;
    POSIX::_exit(0);
}

# Opens the socket and forks the server; returns what the checks need.
sub _start_tcp_server ($) {
    my $block = shift;
    my $name = $block->name;
    my $target = $block->tcp_listen;
    $target =~ s/^\s+|\s+$//g;
    $target = expand_env_in_text($target, $name, $RandPorts);

    bail_out("$name - no --- tcp_reply specified but --- tcp_listen is "
             . "specified")
        if !defined $block->tcp_reply && !defined $block->tcp_shutdown;

    my $query_file;
    if (defined $block->tcp_query || defined $block->tcp_query_len) {
        (my $fh, $query_file) = File::Temp::tempfile('tn-tcp-query-XXXXXX',
                                                     TMPDIR => 1);
        close $fh;
        unlink $query_file;
    }

    my $listen = _tcp_listen_socket($name, $target);
    my $pid = fork;
    bail_out("$name - fork() failed: $!") unless defined $pid;
    if ($pid == 0) {
        $InChild = 1;
        Test::More->builder->no_ending(1);
        eval { _serve_tcp_connection($block, $listen, $query_file) };
        warn "WARNING: $name - TCP server: $@" if $@;
        POSIX::_exit(1);
    }
    $TcpServerPid = $pid;
    return { socket => $listen, query_file => $query_file };
}

sub _check_tcp_server ($$) {
    my ($block, $tcp) = @_;
    my $name = $block->name;
    my $buf = '';
    if (defined $tcp->{query_file}) {
        my $got = _slurp($tcp->{query_file});
        $buf = $got if defined $got;
    }
    if (defined $block->tcp_query) {
        is_str($buf, $block->tcp_query, "$name - tcp_query ok");
    }
    if (defined $block->tcp_query_len) {
        Test::More::is(length($buf), $block->tcp_query_len,
                       "$name - TCP query length ok");
    }
}

sub _finish_tcp_server ($) {
    my $tcp = shift;
    _stop_tcp_server();
    close $tcp->{socket};
    unlink $tcp->{query_file} if defined $tcp->{query_file};
}

# ---------------------------------------------------------------------------
# Per-block driver.

sub _skip_spec ($) {
    my $block = shift;
    my $name = $block->name;
    my ($count, $skip, $reason);

    if (defined(my $spec = $block->skip_eval)) {
        if ($spec =~ /^\s*(\d+)\s*:\s*(.*)/s) {
            ($count, $reason) = ($1, 'skip_eval');
            my $code = $2;
            $skip = eval $code;
            bail_out("$name - skip_eval - failed to eval the Perl code "
                     . "\"$code\": $@") if $@;
        }
    }

    my $ver_test = sub {
        my ($op, @v) = @_;
        my $want = _canon_version(@v);
        return 1 if !defined $NginxVersion && $op =~ /^</;
        return 0 unless defined $NginxVersion;
        return $op eq '<'  ? $NginxVersion <  $want
             : $op eq '<=' ? $NginxVersion <= $want
             : $op eq '>'  ? $NginxVersion >  $want
             :               $NginxVersion >= $want;
    };

    if (defined(my $spec = $block->skip_nginx)) {
        $spec =~ /^\s*(\d+)\s*:\s*([<>]=?)\s*(\d+)\.(\d+)\.(\d+)
                  (?:\s*:\s*(.*))?\s*$/x
            or bail_out("$name - Invalid --- skip_nginx spec: $spec");
        $count = $1;
        $reason = $6 || "nginx version $2 $3.$4.$5";
        $skip = 1 if $ver_test->($2, $3, $4, $5);
    } elsif (defined(my $spec2 = $block->skip_nginx2)) {
        $spec2 =~ /^\s*(\d+)\s*:\s*([<>]=?)\s*(\d+)\.(\d+)\.(\d+)\s*(or|and)
                   \s*([<>]=?)\s*(\d+)\.(\d+)\.(\d+)(?:\s*:\s*(.*))?\s*$/x
            or bail_out("$name - Invalid --- skip_nginx2 spec: $spec2");
        $count = $1;
        $reason = $11;
        my $first = $ver_test->($2, $3, $4, $5);
        my $second = $ver_test->($7, $8, $9, $10);
        $skip = 1 if !defined $NginxVersion
                     || ($6 eq 'or' ? ($first || $second)
                                    : ($first && $second));
    }

    if (defined(my $spec = $block->skip_openssl)) {
        $spec =~ /^\s*(\d+)\s*:\s*([<>]=?)\s*(\d+)\.(\d+)\.(\d+)([a-z])?
                  (?:\s*:\s*(.*))?\s*$/x
            or bail_out("$name - Invalid --- skip_openssl spec: $spec");
        $count = $1;
        my ($op, $want) = ($2, sprintf "%d.%03d%03d%03d", $3, $4, $5,
                           defined $6 ? ord($6) - ord('a') : 0);
        $reason = $7 || (defined $OpenSSLVersion
                         ? "OpenSSL version $op $3.$4.$5" . ($6 // '')
                         : 'Not built with OpenSSL');
        $skip = 1 if !defined $OpenSSLVersion
                     || ($op eq '<'  ? $OpenSSLVersion <  $want
                       : $op eq '<=' ? $OpenSSLVersion <= $want
                       : $op eq '>'  ? $OpenSSLVersion >  $want
                       :               $OpenSSLVersion >= $want);
    }

    my ($todo, $todo_reason);
    if (defined(my $spec = $block->todo_nginx)) {
        $spec =~ /^\s*([<>]=?)\s*(\d+)\.(\d+)\.(\d+)(?:\s*:\s*(.*))?\s*$/
            or bail_out("$name - Invalid --- todo_nginx spec: $spec");
        $todo_reason = $5;
        $todo = 1 if $ver_test->($1, $2, $3, $4);
    }
    if (defined(my $spec = $block->todo)) {
        $spec =~ /^\s*(\d+)\s*:\s*(.*)/s
            or bail_out("$name - Invalid --- todo spec: $spec");
        ($todo, $count, $todo_reason) = (1, $1, $2);
    }

    return {
        count       => $count,
        skip        => $skip,
        reason      => defined $reason ? $reason : 'various reasons',
        todo        => $todo,
        todo_reason => defined $todo_reason ? $todo_reason
                                            : 'various reasons',
    };
}

# must_die: every repeat starts nginx and expects it to fail.
sub _run_must_die ($$) {
    my ($block, $must_die) = @_;
    my $name = $block->name;
    $ErrLogPos = 0;
    for my $i (0 .. $RepeatEach - 1) {
        my $status = _run_nginx_once($block);
        if ($status == -1) {
            Test::More::fail("$name - failed to execute the nginx command "
                             . "line");
        } elsif ($status & 128) {
            Test::More::fail("$name - nginx core dumped");
        } elsif ($must_die =~ /^\s*-?\d+\s*$/) {
            Test::More::is($must_die, $status >> 8,
                           "$name - die with the expected exit code");
        } else {
            Test::More::isnt($status, 0, "$name - die as expected");
        }
        check_error_log($block, undef, 0, $i, 0);
        if ($status == 0) {
            warn "WARNING: $name - nginx must die but it does not; killing "
                 . "it (req $i)\n";
            for (1 .. 15) {
                last if -f $PidFile;
                Time::HiRes::sleep($SleepTime);
            }
            my $pid = _pid_from_file();
            _stop_process($pid, $name) if defined $pid;
        }
    }
}

# Reload mode (use_hup): new files and config, then HUP, then wait until
# the config version answers.
sub _reload_nginx ($$$) {
    my ($block, $config, $pid) = @_;
    my $name = $block->name;
    _setup_server_root_keep_logs();
    _run_perl_section($block, 'post_setup_server_root');
    _write_user_files($block);
    _write_config($block, $config, 'on');
    kill SIGHUP, $pid or return 0;
    if (defined $block->reload_fails) {
        # the previous configuration stays in use
        Time::HiRes::sleep(0.3);
        return 1;
    }
    my $ok = 0;
    for my $try (1 .. 200) {
        my $ver = _fetch_version();
        if (defined $ver && $ver eq $ConfigVersion) {
            # old workers may still answer for a while: want a streak
            last if ++$ok >= 20;
            next;
        }
        $ok = 0;
        my $wait = ($SleepTime + $SleepTime * $try) * $try / 2;
        $wait = 1 if $wait > 1;
        Time::HiRes::sleep($wait);
    }
    Test::More::fail("$name - failed to reload configuration") if $ok < 20;
    return 1;
}

sub _fetch_version () {
    my $sock = IO::Socket::INET->new(PeerAddr => $ServerAddr,
                                     PeerPort => $ServerPort,
                                     Proto => 'tcp', Timeout => 2)
        or return undef;
    print $sock "GET /ver HTTP/1.0\r\nHost: Test-Nginx\r\n\r\n";
    local $/;
    my $resp = <$sock>;
    close $sock;
    return undef unless defined $resp && $resp =~ /\r\n\r\n(.*)\z/s;
    return $1;
}

# The running server keeps its temp directories; its log files are removed
# and recreated by the reload.
sub _setup_server_root_keep_logs () {
    File::Path::remove_tree($ConfDir, $HtmlDir, "$ServRoot/cache");
    unlink $ErrLogFile, $AccLogFile;
    for my $dir ($HtmlDir, $ConfDir) {
        mkdir $dir or bail_out("Failed to do mkdir $dir: $!\n");
    }
    _spew("$HtmlDir/index.html",
          '<html><head><title>It works!</title></head>'
          . '<body>It works!</body></html>', 'setup');
}

# Stops the previous server, prepares the root and starts nginx; returns
# a dry-run reason when the checks are to be skipped, '' otherwise.
sub _start_server ($$$) {
    my ($block, $config, $use_valgrind) = @_;
    my $name = $block->name;

    if ($UseHup && !$use_valgrind && $Started) {
        my $pid = _pid_from_file();
        if (defined $pid && _is_running($pid)) {
            $ConfigVersion = join '', map { ('a' .. 'z')[rand 26] } 1 .. 10;
            _check_prev_shutdown_error_log();
            return '' if _reload_nginx($block, $config, $pid);
        }
    }

    _stop_nginx($name);
    _check_prev_shutdown_error_log();
    $ConfigVersion = join '', map { ('a' .. 'z')[rand 26] } 1 .. 10
        if $UseHup;
    _setup_server_root();
    _run_perl_section($block, 'post_setup_server_root');
    _write_user_files($block);
    _write_config($block, $config, $use_valgrind ? 'off' : 'on');
    bail_out("$name - Cannot find the nginx executable \"$NginxBinary\"")
        unless defined _find_binary();
    $ErrLogPos = 0;
    $Started = 1;

    if ($use_valgrind) {
        _spawn_valgrind($name);
        return '';
    }

    # A port still held by the previous server makes nginx exit at once;
    # retry for a while before giving up on the whole run.
    my $waited = 0;
    for (my $i = 1; ; $i++) {
        my $status = _run_nginx_once($block);
        last if $status == 0;
        if ($ENV{TEST_NGINX_IGNORE_MISSING_DIRECTIVES}) {
            my $log = _slurp($ErrLogFile);
            if (defined $log
                && $log =~ /\[emerg\] \S+?: unknown directive "([^"]+)"/)
            {
                return "the lack of directive $1";
            }
        }
        my $delay = 0.1 * $i;
        $delay = 1 if $delay > 1;
        my $log = _slurp($ErrLogFile);
        $log = '' unless defined $log;
        my @emerg = grep { /\[emerg\]/ } split /^/m, $log;
        # only a port still in use can get better by waiting
        my $busy = !@emerg || $emerg[-1] =~ /Address already in use/;
        if ($waited >= 5 || !$busy) {
            bail_out("$name - Cannot start nginx using command \""
                     . join(' ', _find_binary(), _nginx_args())
                     . "\" (status code $status)."
                     . (@emerg ? " $emerg[-1]" : ''));
        }
        Time::HiRes::sleep($delay);
        $waited += $delay;
    }
    Time::HiRes::sleep($SleepTime);
    return '';
}

sub run_test ($) {
    my $block = shift;
    return if defined $block->SKIP;
    my $name = $block->name;

    local $RandPorts = {};
    my $config = expand_env_in_text($block->config, $name, $RandPorts);
    local $LogLevel = $block->log_level || $LogLevel;
    my $must_die = $block->must_die;
    my $use_valgrind = $UseValgrind && !defined $must_die;
    my $sk = _skip_spec($block);
    my $dry_run = '';

    my $restart = 0;
    if ($NoNginxManager) {
        Test::More::diag("NO_NGINX_MANAGER activated: config for $name "
                         . "ignored") if defined $config;
    } elsif (!defined $config) {
        bail_out("$name - No '--- config' section specified and could not "
                 . "get previous one. Use TEST_NGINX_NO_NGINX_MANAGER ?")
            unless defined $PrevConfig;
    } else {
        $restart = 1 if $ForceRestart || !defined $PrevConfig
                        || $config ne $PrevConfig;
    }

    if ($restart && !$sk->{skip}) {
        $PrevConfig = $config;
        if (defined $must_die) {
            _stop_nginx($name);
            _check_prev_shutdown_error_log();
            _setup_server_root();
            _run_perl_section($block, 'post_setup_server_root');
            _write_user_files($block);
            _write_config($block, $config, 'on');
            $Started = 1;
            _run_must_die($block, $must_die);
            return;
        }
        $dry_run = _start_server($block, $config, $use_valgrind);
    }

    _run_perl_section($block, 'init');

    $ErrLogPos = 0;
    for my $i (1 .. $RepeatEach) {
        _write_user_files($block) if $i > 1;
        if ($sk->{skip} && defined $sk->{count}) {
            SKIP: {
                skip("$name - $sk->{reason}", $sk->{count});
            }
        } elsif ($sk->{todo}) {
            TODO: {
                Test::More::todo_skip("$name - $sk->{todo_reason}",
                                      $sk->{count});
            }
        } else {
            my $tcp = defined $block->tcp_listen
                      ? _start_tcp_server($block) : undef;
            _run_requests($block, $dry_run, $i - 1);
            if ($tcp) {
                _check_tcp_server($block, $tcp);
                _finish_tcp_server($tcp);
            }
        }
    }

    if (my $all = $ENV{TEST_NGINX_ERROR_LOG}) {
        if (-s $ErrLogFile) {
            open my $out, '>>', $all
                or bail_out("Failed to append to $all: $!\n");
            print $out "\n=== $0 $name\n", _slurp($ErrLogFile);
            close $out;
        }
    }

    # Under valgrind each block's nginx is stopped right away, so that its
    # report belongs to this block.
    _stop_child($name) if $use_valgrind && defined $ChildPid;
}

sub run_tests () {
    srand($$ + int(Time::HiRes::time() * 1000000));
    _detect_versions();
    $ENV{TEST_NGINX_SERVER_PORT} = $ServerPort
        unless defined $ENV{TEST_NGINX_SERVER_PORT};

    my @blocks = Test::Base::blocks();
    @blocks = List::Util::shuffle(@blocks) unless $NoShuffle;
    for my $block (@blocks) {
        for my $pre (@BlockPreprocessors) {
            $pre->($block);
        }
        $block->set_value('name', "$0 " . $block->name);
        run_test($block);
        for my $h (@TestCleanupHandlers) {
            $h->($block);
        }
        $PrevBlock = $block;
    }
    _cleanup();
}

END {
    if (!$InChild) {
        local $?;
        _cleanup();
        if ($UseValgrind || !$ENV{TEST_NGINX_NO_CLEAN}) {
            my $pid = -f $PidFile ? _pid_from_file() : undef;
            if (defined $pid && _is_running($pid)) {
                _stop_process($pid, 'END');
            }
        }
        _check_prev_shutdown_error_log();
        if ($ENV{TEST_NGINX_RANDOMIZE} && defined $ServRoot
            && $ServRoot =~ m{/t/servroot_\d+$} && -d $ServRoot)
        {
            File::Path::remove_tree($ServRoot);
        }
    }
}

1;
__END__

=head1 NAME

Test::Nginx::Socket - run Test::Nginx style .t files against nginx

=head1 SYNOPSIS

    # prove -It/lib t/
    use Test::Nginx::Socket 'no_plan';
    repeat_each(2);
    run_tests();

    __DATA__

    === TEST 1: hello
    --- config
        location = /t { return 200 "hello\n"; }
    --- request
    GET /t
    --- response_body
    hello

=head1 DESCRIPTION

A runner for the file format of openresty's Test::Nginx::Socket, written to
produce the same assertions (names and counts) so that a file with an
explicit plan passes under both. Blocks are parsed by Test::Base, which this
class extends: its filters (C<eval>, C<chomp>, ...) and the C<ONLY>,
C<SKIP> and C<LAST> sections work as there.

For every block the previous nginx is stopped (QUIT, then TERM, then KILL; a
zombie counts as stopped), the server root (C<t/servroot> under the current
directory, or C<TEST_NGINX_SERVROOT>) is rebuilt, C<conf/nginx.conf> is
written and nginx is started with C<-p ROOT/ -c ROOT/conf/nginx.conf -e
ROOT/logs/error.log>. A start that fails bails the whole run out, at once
for a configuration error, after about five seconds of retries when the
port is still taken. Requests are sent on a fresh connection each (or one
connection for pipelined requests), with C<Connection: close>, and the
reply is read until the server closes it or the block's timeout passes.

=head2 Functions

run_tests, run_test, repeat_each, no_shuffle, no_long_string,
no_root_location, log_level, master_on, master_off, master_process_enabled,
workers, worker_connections, env_to_nginx, add_block_preprocessor,
html_dir, server_root, server_port, server_port_for_client, server_name,
server_addr, timeout, config_preamble, check_accum_error_log,
no_nginx_manager, use_hup, add_response_body_check, add_cleanup_handler,
add_test_cleanup_handler, bail_out, is_str; and Test::Base's exports
(Test::More's C<plan ok is like ...>, C<blocks>, C<filters>, ...).

=head2 Sections

Server: config, http_config, main_config, post_main_config, server_name,
error_log_file, log_level, user_files (text where a line
C<E<gt>E<gt>E<gt> path [date]> starts each file, or eval'd
C<[path, content, date]> lists), post_setup_server_root,
init, must_die, suppress_stderr.

Requests: request (string, or eval'd array of requests, each a string or an
array of fragments C<< {value => ..., delay_before => secs} >>),
request_eval, more_headers (text or eval'd array), raw_request (string or
fragments), raw_request_middle_delay, pipelined_requests, timeout, abort,
shutdown, server_addr_for_client, http09, ignore_response, wait.

Checks: error_code, error_code_like, response_headers, response_headers_like,
raw_response_headers_like, raw_response_headers_unlike, response_body
(string or qr//), response_body_eval, response_body_like,
response_body_unlike, response_body_filters, response_body_json_sort,
charset, write_resp_body_file, error_log, no_error_log, grep_error_log,
grep_error_log_out, access_log, no_access_log, shutdown_error_log,
no_shutdown_error_log.

Skips: skip_eval, skip_nginx, skip_nginx2, skip_openssl, todo, todo_nginx.

Embedded TCP server: tcp_listen (a port on 127.0.0.1, or a path ending in
C<.sock> for a unix socket), tcp_reply (a string, an eval'd array of
strings sent one after the other with no pause, or a sub given the query
and returning either), tcp_reply_delay, tcp_no_close, tcp_query,
tcp_query_len, tcp_query_auto_timeout, tcp_shutdown (0 read side, 1 write
side, 2 both, right after the connection is accepted). As in Test::Nginx,
each repeat of a block opens the socket once nginx runs and serves one
connection from a forked process, which is stopped after the checks; a
second connection in the same repeat waits in the backlog unanswered.
tcp_query and tcp_query_len each add one assertion per repeat.

C<$TEST_NGINX_NAME> is replaced from the environment in config,
http_config, main_config, post_main_config, user_files contents,
pipelined_requests, string response_body and grep_error_log_out; an unset
one bails out. C<$TEST_NGINX_RAND_PORT_N> is a free port chosen per block.
C<$ServerPort> and C<$ServerPortForClient> are replaced in expected
headers and bodies.

=head2 Environment

TEST_NGINX_BINARY, TEST_NGINX_SERVER_PORT / TEST_NGINX_PORT,
TEST_NGINX_CLIENT_PORT, TEST_NGINX_SERVROOT, TEST_NGINX_LOAD_MODULES,
TEST_NGINX_NO_CLEAN, TEST_NGINX_NO_SHUFFLE, TEST_NGINX_TIMEOUT,
TEST_NGINX_LOG_LEVEL, TEST_NGINX_MASTER_PROCESS, TEST_NGINX_USE_VALGRIND
(nginx runs in the foreground under valgrind, with C<./valgrind.suppress>
when present; a non-numeric value replaces the options),
TEST_NGINX_LD_PRELOAD, TEST_NGINX_RANDOMIZE, TEST_NGINX_USE_HUP,
TEST_NGINX_SLEEP, TEST_NGINX_ERROR_LOG, TEST_NGINX_FAST_SHUTDOWN,
TEST_NGINX_FORCE_RESTART_ON_TEST, TEST_NGINX_IGNORE_MISSING_DIRECTIVES,
TEST_NGINX_NO_NGINX_MANAGER, TEST_NGINX_CHECK_ACCUM_ERR_LOG,
TEST_NGINX_WORKER_USER, TEST_NGINX_EVENT_TYPE, TEST_NGINX_REUSE_PORT,
TEST_NGINX_VERBOSE.

=head2 Differences from Test::Nginx

Not supported: HTTP/2 and HTTP/3 (curl), the embedded UDP server
(udp_listen), tcp_shutdown_delay, systemtap (stap), TEST_NGINX_CHECK_LEAK
and TEST_NGINX_BENCHMARK. The embedded TCP server stops reading a query
when the peer closes, where Test::Nginx would keep waiting for
tcp_query_len bytes. A client timeout or a malformed chunked reply is one
failed assertion, and Test::More still checks the plan afterwards. Request
fragments keep their boundaries where they fall in the original text. The
body of a pipelined HEAD response is empty rather than taken from the next
response.

=cut
