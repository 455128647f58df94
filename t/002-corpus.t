# With article on and nothing to inject, every page of the shared corpus,
# proxied with tiny buffers, comes out byte for byte as it went in.
use Test::Nginx::Socket;
use Cwd qw(abs_path);

my $corpus;
for my $dir ($ENV{ART_SHARED_DIR} ? "$ENV{ART_SHARED_DIR}/corpus" : (),
             "../shared/corpus")
{
    if (-d $dir) { $corpus = abs_path($dir); last; }
}

if (!$corpus) {
    plan(skip_all => "the shared corpus is not here");
}

opendir(my $dh, $corpus) or die "$corpus: $!";
our @files = sort grep { /\.html$/ } readdir($dh);
closedir($dh);

sub slurp {
    my $path = shift;
    open(my $fh, '<:raw', $path) or die "$path: $!";
    local $/;
    return scalar <$fh>;
}

our @bodies = map { slurp("$corpus/$_") } @files;

$ENV{TEST_NGINX_CORPUS} = $corpus;

plan(tests => 3 * scalar(@files));

no_shuffle();
run_tests();

__DATA__

=== TEST 1: the corpus through proxy_pass with 1k buffers
--- config
    location /origin/ { alias $TEST_NGINX_CORPUS/; default_type text/html; }
    location /p/ {
        article on;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin/;
        proxy_buffer_size 1k;
        proxy_buffers 4 1k;
        output_buffers 1 1k;
    }
--- request eval
[map { "GET /p/$_" } @main::files]
--- response_body eval
[@main::bodies]
--- no_error_log
[error]
