# Every way a configuration of the module can be wrong fails start-up
# ("nginx -t" alike) with an [emerg] line naming the directive, the reason
# and the file and line.  The real Test::Nginx checks --- error_log after a
# --- must_die start.
use Test::Nginx::Socket 'no_plan';

# The [emerg] line nginx writes for a bad directive: MESSAGE, then the
# configuration file and line (by default the generated nginx.conf).
sub main::emerg {
    my ($msg, $where) = @_;
    $where = qr{/conf/nginx\.conf:\d+} unless defined $where;
    return qr{\[emerg\] \d+#\d+: \Q$msg\E in \S*$where$};
}

add_block_preprocessor(sub {
    my $block = shift;
    $block->set_value("request", "GET /t") unless defined $block->request;
    $block->set_value("suppress_stderr", "") unless defined $block->suppress_stderr;
});

no_shuffle();
run_tests();

__DATA__
=== TEST 1: article: a value other than on or off
--- config
    article maybe;
--- must_die
--- error_log eval
main::emerg('invalid value "maybe" in "article": it must be "on" or "off"')


=== TEST 2: article: twice at one level
--- config
    article on;
    article off;
--- must_die
--- error_log eval
main::emerg('"article" directive is duplicate')


=== TEST 3: article: two arguments
--- config
    article on off;
--- must_die
--- error_log eval
main::emerg('invalid number of arguments in "article" directive')


=== TEST 4: article: not allowed at the top level
--- main_config
article on;
--- config
    location /t { return 200; }
--- must_die
--- error_log eval
main::emerg('"article" directive is not allowed here')


=== TEST 5: article_types: a type without a slash
--- config
    article_types text;
--- must_die
--- error_log eval
main::emerg('invalid MIME type "text" in "article_types"')


=== TEST 6: article_types: parameters are not a type
--- config
    article_types "text/html; charset=utf-8";
--- must_die
--- error_log eval
main::emerg('invalid MIME type "text/html; charset=utf-8" in "article_types"')


=== TEST 7: article_types: an empty subtype
--- config
    article_types text/ text/html;
--- must_die
--- error_log eval
main::emerg('invalid MIME type "text/" in "article_types"')


=== TEST 8: article_types: an empty type
--- config
    article_types text/html /html;
--- must_die
--- error_log eval
main::emerg('invalid MIME type "/html" in "article_types"')


=== TEST 9: article_types: twice at one level
--- config
    article_types text/html;
    article_types application/xhtml+xml;
--- must_die
--- error_log eval
main::emerg('"article_types" directive is duplicate')


=== TEST 10: article_max_size: not a size
--- config
    article_max_size 10q;
--- must_die
--- error_log eval
main::emerg('invalid size "10q" in "article_max_size"')


=== TEST 11: article_max_size: negative
--- config
    article_max_size -1;
--- must_die
--- error_log eval
main::emerg('invalid size "-1" in "article_max_size"')


=== TEST 12: article_max_size: no argument
--- config
    article_max_size;
--- must_die
--- error_log eval
main::emerg('invalid number of arguments in "article_max_size" directive')


=== TEST 13: article_max_token_size: under 1k
--- config
    article_max_token_size 512;
--- must_die
--- error_log eval
main::emerg('invalid size "512" in "article_max_token_size": at least 1k')


=== TEST 14: article_max_token_size: twice at one level
--- config
    article_max_token_size 64k;
    article_max_token_size 128k;
--- must_die
--- error_log eval
main::emerg('"article_max_token_size" directive is duplicate')


=== TEST 15: article_last_modified: not on or off
--- config
    article_last_modified yes;
--- must_die
--- error_log eval
main::emerg('invalid value "yes" in "article_last_modified": it must be "on" or "off"')


=== TEST 16: article_canonical: no scheme
--- config
    article_canonical www.example.org;
--- must_die
--- error_log eval
main::emerg('invalid origin "www.example.org" in "article_canonical": it must look like https://host')


=== TEST 17: article_canonical: a scheme other than http or https
--- config
    article_canonical ftp://www.example.org;
--- must_die
--- error_log eval
main::emerg('invalid origin "ftp://www.example.org" in "article_canonical": the scheme must be http or https')


=== TEST 18: article_canonical: a path
--- config
    article_canonical https://www.example.org/news;
--- must_die
--- error_log eval
main::emerg('invalid origin "https://www.example.org/news" in "article_canonical": it may not have a path')


=== TEST 19: article_canonical: a query
--- config
    article_canonical https://www.example.org/?a=1;
--- must_die
--- error_log eval
main::emerg('invalid origin "https://www.example.org/?a=1" in "article_canonical": it may not have a query')


=== TEST 20: article_canonical: a fragment
--- config
    article_canonical https://www.example.org#top;
--- must_die
--- error_log eval
main::emerg('invalid origin "https://www.example.org#top" in "article_canonical": it may not have a fragment')


=== TEST 21: article_canonical: a user name
--- config
    article_canonical https://editor@www.example.org;
--- must_die
--- error_log eval
main::emerg('invalid origin "https://editor@www.example.org" in "article_canonical": it may not hold a user name')


=== TEST 22: article_canonical: port 0
--- config
    article_canonical https://www.example.org:0;
--- must_die
--- error_log eval
main::emerg('invalid origin "https://www.example.org:0" in "article_canonical": the port must be a number from 1 to 65535')


=== TEST 23: article_canonical: port 65536
--- config
    article_canonical https://www.example.org:65536;
--- must_die
--- error_log eval
main::emerg('invalid origin "https://www.example.org:65536" in "article_canonical": the port must be a number from 1 to 65535')


=== TEST 24: article_canonical: a port that is not a number
--- config
    article_canonical https://www.example.org:https;
--- must_die
--- error_log eval
main::emerg('invalid origin "https://www.example.org:https" in "article_canonical": the port must be a number from 1 to 65535')


=== TEST 25: article_canonical: an empty host
--- config
    article_canonical https://;
--- must_die
--- error_log eval
main::emerg('invalid origin "https://" in "article_canonical": it is empty')


=== TEST 26: article_canonical: an underscore in the host
--- config
    article_canonical https://www_example.org;
--- must_die
--- error_log eval
main::emerg('invalid origin "https://www_example.org" in "article_canonical": it may hold only letters, digits, hyphens and dots (an international name in its xn-- form)')


=== TEST 27: article_canonical: an empty label
--- config
    article_canonical https://www..example.org;
--- must_die
--- error_log eval
main::emerg('invalid origin "https://www..example.org" in "article_canonical": it has an empty label')


=== TEST 28: article_canonical: a label that starts with a hyphen
--- config
    article_canonical https://-www.example.org;
--- must_die
--- error_log eval
main::emerg('invalid origin "https://-www.example.org" in "article_canonical": a label starts with a hyphen')


=== TEST 29: article_canonical: a label longer than 63
--- config
    article_canonical https://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.org;
--- must_die
--- error_log eval
main::emerg('invalid origin "https://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.org" in "article_canonical": a label is longer than 63 characters')


=== TEST 30: article_canonical: an IPv6 literal
--- config
    article_canonical "https://[::1]";
--- must_die
--- error_log eval
main::emerg('invalid origin "https://[::1]" in "article_canonical": IPv6 literals are not supported')


=== TEST 31: article_canonical: twice at one level
--- config
    article_canonical https://www.example.org;
    article_canonical https://www.example.net;
--- must_die
--- error_log eval
main::emerg('"article_canonical" directive is duplicate')


=== TEST 32: article_canonical: two origins
--- config
    article_canonical https://www.example.org https://www.example.net;
--- must_die
--- error_log eval
main::emerg('invalid number of arguments in "article_canonical" directive')


=== TEST 33: article_canonical_strip_args: off with names
--- config
    article_canonical_strip_args off utm_*;
--- must_die
--- error_log eval
main::emerg('"off" in "article_canonical_strip_args" must be its only argument')


=== TEST 34: article_canonical_strip_args: a name with "="
--- config
    article_canonical_strip_args a=b;
--- must_die
--- error_log eval
main::emerg('invalid argument name "a=b" in "article_canonical_strip_args": it may not hold spaces, controls, & = # ? or a * other than a last one')


=== TEST 35: article_canonical_strip_args: a "*" that is not last
--- config
    article_canonical_strip_args utm_*x;
--- must_die
--- error_log eval
main::emerg('invalid argument name "utm_*x" in "article_canonical_strip_args": it may not hold spaces, controls, & = # ? or a * other than a last one')


=== TEST 36: article_canonical_strip_args: an empty name
--- config
    article_canonical_strip_args fbclid "";
--- must_die
--- error_log eval
main::emerg('empty argument name in "article_canonical_strip_args"')


=== TEST 37: article_canonical_strip_args: twice at one level
--- config
    article_canonical_strip_args a;
    article_canonical_strip_args b;
--- must_die
--- error_log eval
main::emerg('"article_canonical_strip_args" directive is duplicate')


=== TEST 38: article_metadata: not on or off
--- config
    article_metadata yes;
--- must_die
--- error_log eval
main::emerg('invalid value "yes" in "article_metadata": it must be "on" or "off"')


=== TEST 39: article_metadata: twice at one level
--- config
    article_metadata on;
    article_metadata on;
--- must_die
--- error_log eval
main::emerg('"article_metadata" directive is duplicate')


=== TEST 40: article_canonical_existing: an unknown mode
--- config
    article_canonical_existing merge;
--- must_die
--- error_log eval
main::emerg('invalid value "merge" in "article_canonical_existing": it must be "fix", "keep" or "replace"')


=== TEST 41: article_canonical_existing: two modes
--- config
    article_canonical_existing fix keep;
--- must_die
--- error_log eval
main::emerg('invalid number of arguments in "article_canonical_existing" directive')


=== TEST 42: article_site_name: empty
--- config
    article_site_name "";
--- must_die
--- error_log eval
main::emerg('invalid value in "article_site_name": it must be non-empty UTF-8 text without control characters, at most 2048 bytes')


=== TEST 43: article_site_name: invalid UTF-8
--- config eval
"    article_site_name \"News \xff\";\n"
--- must_die
--- error_log eval
main::emerg('invalid value in "article_site_name": it must be non-empty UTF-8 text without control characters, at most 2048 bytes')


=== TEST 44: article_twitter_site: no "@"
--- config
    article_twitter_site examplenews;
--- must_die
--- error_log eval
main::emerg('invalid value "examplenews" in "article_twitter_site": it must be "@" and 1 to 15 letters, digits or underscores')


=== TEST 45: article_twitter_site: a handle longer than 15
--- config
    article_twitter_site @example_news_desk;
--- must_die
--- error_log eval
main::emerg('invalid value "@example_news_desk" in "article_twitter_site": it must be "@" and 1 to 15 letters, digits or underscores')


=== TEST 46: article_twitter_site: a hyphen
--- config
    article_twitter_site @example-news;
--- must_die
--- error_log eval
main::emerg('invalid value "@example-news" in "article_twitter_site": it must be "@" and 1 to 15 letters, digits or underscores')


=== TEST 47: article_publisher_logo: a relative URL
--- config
    article_publisher_logo /logo.png;
--- must_die
--- error_log eval
main::emerg('invalid value "/logo.png" in "article_publisher_logo": it must be an absolute http or https URL')


=== TEST 48: article_publisher_logo: a javascript: URL
--- config
    article_publisher_logo javascript:alert(1);
--- must_die
--- error_log eval
main::emerg('invalid value "javascript:alert(1)" in "article_publisher_logo": it must be an absolute http or https URL')


=== TEST 49: article_mirrors: a URL, not a host
--- config
    article_mirrors https://mirror.example.net;
--- must_die
--- error_log eval
main::emerg('invalid mirror "https://mirror.example.net" in "article_mirrors": a mirror is a host name, without scheme or port')


=== TEST 50: article_mirrors: a host with a port
--- config
    article_mirrors www.example.org mirror.example.net:8080;
--- must_die
--- error_log eval
main::emerg('invalid mirror "mirror.example.net:8080" in "article_mirrors": a mirror is a host name, without scheme or port')


=== TEST 51: article_mirrors: a host with a path
--- config
    article_mirrors mirror.example.net/news;
--- must_die
--- error_log eval
main::emerg('invalid mirror "mirror.example.net/news" in "article_mirrors": a mirror is a host name, without scheme or path')


=== TEST 52: article_mirrors: the same host twice in any case
--- config
    article_mirrors mirror.example.net Mirror.Example.NET;
--- must_die
--- error_log eval
main::emerg('duplicate mirror "Mirror.Example.NET" in "article_mirrors"')


=== TEST 53: article_mirrors: an underscore
--- config
    article_mirrors mirror_1.example.net;
--- must_die
--- error_log eval
main::emerg('invalid mirror "mirror_1.example.net" in "article_mirrors": it may hold only letters, digits, hyphens and dots (an international name in its xn-- form)')


=== TEST 54: article_mirrors: an onion name that is not base32
--- config
    article_mirrors www.example.org example1.onion;
--- must_die
--- error_log eval
main::emerg('invalid mirror "example1.onion" in "article_mirrors": an onion service name is base32 (a-z, 2-7)')


=== TEST 55: article_mirrors: a version 3 onion name not ending in d
--- config
    article_mirrors aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.onion;
--- must_die
--- error_log eval
main::emerg('invalid mirror "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.onion" in "article_mirrors": a version 3 onion name ends in "d"')


=== TEST 56: article_mirrors: no host
--- config
    article_mirrors;
--- must_die
--- error_log eval
main::emerg('invalid number of arguments in "article_mirrors" directive')


=== TEST 57: article_mirrors: twice at one level
--- config
    article_mirrors www.example.org;
    article_mirrors mirror.example.net;
--- must_die
--- error_log eval
main::emerg('"article_mirrors" directive is duplicate')


=== TEST 58: article_mirror_links: not on or off
--- config
    article_mirror_links yes;
--- must_die
--- error_log eval
main::emerg('invalid value "yes" in "article_mirror_links": it must be "on" or "off"')


=== TEST 59: article_mirror_block: an unknown position
--- config
    article_mirror_block footer inside;
--- must_die
--- error_log eval
main::emerg('invalid position "inside" in "article_mirror_block": it must be before, after, prepend or append')


=== TEST 60: article_mirror_block: a selector without a position
--- config
    article_mirror_block footer;
--- must_die
--- error_log eval
main::emerg('invalid number of arguments in "article_mirror_block" directive: it takes a selector and a position, or "off"')


=== TEST 61: article_mirror_block: three arguments
--- config
    article_mirror_block footer append now;
--- must_die
--- error_log eval
main::emerg('invalid number of arguments in "article_mirror_block" directive')


=== TEST 62: article_mirror_block: an empty selector
--- config
    article_mirror_block "" append;
--- must_die
--- error_log eval
main::emerg('empty selector in "article_mirror_block"')


=== TEST 63: article_mirror_block: a selector that does not parse
--- config
    article_mirror_block "div[" append;
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: .*"div\[.*article_mirror_block.* in \S*/conf/nginx\.conf:\d+$}


=== TEST 64: article_mirror_label: empty
--- config
    article_mirror_label "";
--- must_die
--- error_log eval
main::emerg('empty label in "article_mirror_label"')


=== TEST 65: article_mirror_label: twice at one level
--- config
    article_mirror_label "A";
    article_mirror_label "B";
--- must_die
--- error_log eval
main::emerg('"article_mirror_label" directive is duplicate')


=== TEST 66: article_share: an unknown network
--- config
    article_share x myspace;
--- must_die
--- error_log eval
main::emerg('unknown network "myspace" in "article_share"')


=== TEST 67: article_share: a network twice
--- config
    article_share x facebook x;
--- must_die
--- error_log eval
main::emerg('network "x" is listed twice in "article_share"')


=== TEST 68: article_share: x and its other name twitter
--- config
    article_share x twitter;
--- must_die
--- error_log eval
main::emerg('network "twitter" is listed twice in "article_share"')


=== TEST 69: article_share: off with networks
--- config
    article_share x off;
--- must_die
--- error_log eval
main::emerg('"off" must stand alone in "article_share"')


=== TEST 70: article_share: twice at one level
--- config
    article_share x;
    article_share facebook;
--- must_die
--- error_log eval
main::emerg('"article_share" directive is duplicate')


=== TEST 71: article_share: no network
--- config
    article_share;
--- must_die
--- error_log eval
main::emerg('invalid number of arguments in "article_share" directive')


=== TEST 72: article_share_anchor: an unknown position
--- config
    article_share_anchor h1 beside;
--- must_die
--- error_log eval
main::emerg('invalid position "beside" in "article_share_anchor": it must be "before", "after", "prepend" or "append"')


=== TEST 73: article_share_anchor: an unknown fallback
--- config
    article_share_anchor h1 after fallback=top;
--- must_die
--- error_log eval
main::emerg('invalid parameter "fallback=top" in "article_share_anchor": it must be "fallback=body" or "fallback=none"')


=== TEST 74: article_share_anchor: a selector alone
--- config
    article_share_anchor h1;
--- must_die
--- error_log eval
main::emerg('invalid number of arguments in "article_share_anchor"')


=== TEST 75: article_share_anchor: four arguments
--- config
    article_share_anchor h1 after fallback=body x;
--- must_die
--- error_log eval
main::emerg('invalid number of arguments in "article_share_anchor" directive')


=== TEST 76: article_share_anchor: an empty selector
--- config
    article_share_anchor "" after;
--- must_die
--- error_log eval
main::emerg('empty selector in "article_share_anchor"')


=== TEST 77: article_share_anchor: a selector that does not parse
--- config
    article_share_anchor "article >" after;
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: .*"article >.*article_share_anchor.* in \S*/conf/nginx\.conf:\d+$}


=== TEST 78: article_share_label: empty
--- config
    article_share_label "  ";
--- must_die
--- error_log eval
main::emerg('empty label in "article_share_label"')


=== TEST 79: article_share_utm: not on or off
--- config
    article_share_utm yes;
--- must_die
--- error_log eval
main::emerg('invalid value "yes" in "article_share_utm": it must be "on" or "off"')


=== TEST 80: article_share_style: not on or off
--- config
    article_share_style none;
--- must_die
--- error_log eval
main::emerg('invalid value "none" in "article_share_style": it must be "on" or "off"')


=== TEST 81: article_share_native: not on or off
--- config
    article_share_native true;
--- must_die
--- error_log eval
main::emerg('invalid value "true" in "article_share_native": it must be "on" or "off"')


=== TEST 82: article_share_native: twice at one level
--- config
    article_share_native on;
    article_share_native off;
--- must_die
--- error_log eval
main::emerg('"article_share_native" directive is duplicate')


=== TEST 83: article_share_via: a hyphen
--- config
    article_share_via @example-news;
--- must_die
--- error_log eval
main::emerg('invalid handle "@example-news" in "article_share_via": it must be 1 to 15 letters, digits or "_"')


=== TEST 84: article_share_via: empty
--- config
    article_share_via "";
--- must_die
--- error_log eval
main::emerg('invalid handle "" in "article_share_via": it must be 1 to 15 letters, digits or "_"')


=== TEST 85: article_share_hashtags: a space
--- config
    article_share_hashtags news "ferry link";
--- must_die
--- error_log eval
main::emerg('invalid hashtag "ferry link" in "article_share_hashtags"')


=== TEST 86: article_share_hashtags: a comma
--- config
    article_share_hashtags "news,ferry";
--- must_die
--- error_log eval
main::emerg('invalid hashtag "news,ferry" in "article_share_hashtags"')


=== TEST 87: article_share_hashtags: "#" alone
--- config
    article_share_hashtags "#";
--- must_die
--- error_log eval
main::emerg('invalid hashtag "#" in "article_share_hashtags"')


=== TEST 88: article_share_mastodon: not http(s)
--- config
    article_share_mastodon javascript:alert(1);
--- must_die
--- error_log eval
main::emerg('invalid URL "javascript:alert(1)" in "article_share_mastodon": it must start with https:// or http:// and hold no space, quote or angle bracket')


=== TEST 89: article_share_mastodon: a quote
--- config
    article_share_mastodon 'https://toot.example/?t="';
--- must_die
--- error_log eval
main::emerg('invalid URL "https://toot.example/?t="" in "article_share_mastodon": it must start with https:// or http:// and hold no space, quote or angle bracket')


=== TEST 90: article_share_title_strip: an empty suffix
--- config
    article_share_title_strip "  ";
--- must_die
--- error_log eval
main::emerg('empty suffix in "article_share_title_strip"')


=== TEST 91: article_share_nonce: no argument
--- config
    article_share_nonce;
--- must_die
--- error_log eval
main::emerg('invalid number of arguments in "article_share_nonce" directive')


=== TEST 92: article_share_nonce: twice at one level
--- config
    article_share_nonce $request_id;
    article_share_nonce $request_id;
--- must_die
--- error_log eval
main::emerg('"article_share_nonce" directive is duplicate')


=== TEST 93: article_share_template: no such file
--- config
    article_share_template $TEST_NGINX_SERVER_ROOT/html/none.tpl;
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: \Qcannot open template "\E\S+\Qhtml/none.tpl": No such file or directory\E in \S*/conf/nginx\.conf:\d+$}


=== TEST 94: article_share_template: a directory
--- config
    article_share_template $TEST_NGINX_SERVER_ROOT/html;
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: \Qtemplate "\E\S+\Qhtml" is not a regular file\E in \S*/conf/nginx\.conf:\d+$}


=== TEST 95: article_share_template: an unknown placeholder
--- config
    article_share_template $TEST_NGINX_SERVER_ROOT/html/share.tpl;
--- user_files
>>> share.tpl
<nav data-article-share>
{{title_html}}
{{#items}}<a href="{{url}}">{{name}}</a>{{/items}}
</nav>
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: \Qtemplate "\E\S+\Qhtml/share.tpl", line 2: unknown placeholder "{{title_html}}"\E in \S*/conf/nginx\.conf:\d+$}


=== TEST 96: article_share_template: an item placeholder outside the block
--- config
    article_share_template $TEST_NGINX_SERVER_ROOT/html/share.tpl;
--- user_files
>>> share.tpl
<a href="{{url}}">{{label}}</a>
{{#items}}{{name}}{{/items}}
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: \Qtemplate "\E\S+\Qhtml/share.tpl", line 1: "{{url}}" outside "{{#items}}"\E in \S*/conf/nginx\.conf:\d+$}


=== TEST 97: article_share_template: two item blocks
--- config
    article_share_template $TEST_NGINX_SERVER_ROOT/html/share.tpl;
--- user_files
>>> share.tpl
{{#items}}{{url}}{{/items}}

{{#items}}{{name}}{{/items}}
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: \Qtemplate "\E\S+\Qhtml/share.tpl", line 3: a second "{{#items}}" (only one block is allowed, and it does not nest)\E in \S*/conf/nginx\.conf:\d+$}


=== TEST 98: article_share_template: a block closed but not opened
--- config
    article_share_template $TEST_NGINX_SERVER_ROOT/html/share.tpl;
--- user_files
>>> share.tpl
<nav>
{{/items}}
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: \Qtemplate "\E\S+\Qhtml/share.tpl", line 2: "{{/items}}" without "{{#items}}"\E in \S*/conf/nginx\.conf:\d+$}


=== TEST 99: article_share_template: "{{" never closed
--- config
    article_share_template $TEST_NGINX_SERVER_ROOT/html/share.tpl;
--- user_files
>>> share.tpl
{{#items}}{{url}}{{/items}}
<b>{{label</b>
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: \Qtemplate "\E\S+\Qhtml/share.tpl", line 2: "{{" without "}}"\E in \S*/conf/nginx\.conf:\d+$}


=== TEST 100: article_share_template: no item block
--- config
    article_share_template $TEST_NGINX_SERVER_ROOT/html/share.tpl;
--- user_files eval
[["share.tpl", "<nav>{{label}}</nav>"]]
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: \Qtemplate "\E\S+\Qhtml/share.tpl", line 1: no "{{#items}}" ... "{{/items}}" block for the links\E in \S*/conf/nginx\.conf:\d+$}


=== TEST 101: article_share_template: larger than 64k
--- config
    article_share_template $TEST_NGINX_SERVER_ROOT/html/share.tpl;
--- user_files eval
[["share.tpl", "{{#items}}{{url}}{{/items}}" . ("x" x 70000)]]
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: \Qtemplate "\E\S+\Qhtml/share.tpl" is larger than 65536 bytes\E in \S*/conf/nginx\.conf:\d+$}


=== TEST 102: article_cache_zone: no size
--- http_config
    article_cache_zone z;
--- config
    location /t { return 200; }
--- must_die
--- error_log eval
main::emerg('invalid number of arguments in "article_cache_zone" directive')


=== TEST 103: article_cache_zone: a size that is not one
--- http_config
    article_cache_zone z 10q;
--- config
    location /t { return 200; }
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: (?=.*"article_cache_zone")(?=.*"[^"]*\Q10q\E[^"]*").* in \S*/conf/nginx\.conf:\d+$}


=== TEST 104: article_cache_zone: a zone too small to hold anything
--- http_config
    article_cache_zone z 1k;
--- config
    location /t { return 200; }
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: (?=.*"article_cache_zone")(?=.*"[^"]*\Qz\E[^"]*").* in \S*/conf/nginx\.conf:\d+$}


=== TEST 105: article_cache_zone: inactive that is not a time
--- http_config
    article_cache_zone z 1m inactive=forever;
--- config
    location /t { return 200; }
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: (?=.*"article_cache_zone")(?=.*"[^"]*\Qinactive=forever\E[^"]*").* in \S*/conf/nginx\.conf:\d+$}


=== TEST 106: article_cache_zone: max_entry that is not a size
--- http_config
    article_cache_zone z 1m max_entry=abc;
--- config
    location /t { return 200; }
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: (?=.*"article_cache_zone")(?=.*"[^"]*\Qmax_entry=abc\E[^"]*").* in \S*/conf/nginx\.conf:\d+$}


=== TEST 107: article_cache_zone: an unknown parameter
--- http_config
    article_cache_zone z 1m colour=red;
--- config
    location /t { return 200; }
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: (?=.*"article_cache_zone")(?=.*"[^"]*\Qcolour=red\E[^"]*").* in \S*/conf/nginx\.conf:\d+$}


=== TEST 108: article_cache_zone: only at the http level
--- config
    article_cache_zone z 1m;
--- must_die
--- error_log eval
main::emerg('"article_cache_zone" directive is not allowed here')


=== TEST 109: article_cache: twice at one level
--- http_config
    article_cache_zone z 1m;
--- config
    article_cache z;
    article_cache z;
--- must_die
--- error_log eval
main::emerg('"article_cache" directive is duplicate')


=== TEST 110: article_cache_valid: a time that is not one
--- http_config
    article_cache_zone z 1m;
--- config
    article_cache_valid 10x;
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: (?=.*"article_cache_valid")(?=.*"[^"]*\Q10x\E[^"]*").* in \S*/conf/nginx\.conf:\d+$}


=== TEST 111: article_cache_valid: a status that is not one
--- http_config
    article_cache_zone z 1m;
--- config
    article_cache_valid 999 10m;
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: (?=.*"article_cache_valid")(?=.*"[^"]*\Q999\E[^"]*").* in \S*/conf/nginx\.conf:\d+$}


=== TEST 112: article_cache_methods: a method it cannot cache
--- http_config
    article_cache_zone z 1m;
--- config
    article_cache_methods GET POST;
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: (?=.*"article_cache_methods")(?=.*"[^"]*\QPOST\E[^"]*").* in \S*/conf/nginx\.conf:\d+$}


=== TEST 113: article_cache_lock: not on or off
--- http_config
    article_cache_zone z 1m;
--- config
    article_cache_lock maybe;
--- must_die
--- error_log eval
main::emerg('invalid value "maybe" in "article_cache_lock" directive, it must be "on" or "off"')


=== TEST 114: article_cache_lock_timeout: not a time
--- http_config
    article_cache_zone z 1m;
--- config
    article_cache_lock_timeout soon;
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: (?=.*"article_cache_lock_timeout")(?=.*"[^"]*\Qsoon\E[^"]*").* in \S*/conf/nginx\.conf:\d+$}


=== TEST 115: article_cache_use_stale: an unknown condition
--- http_config
    article_cache_zone z 1m;
--- config
    article_cache_use_stale sometimes;
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: (?=.*"article_cache_use_stale")(?=.*"[^"]*\Qsometimes\E[^"]*").* in \S*/conf/nginx\.conf:\d+$}


=== TEST 116: article_cache_purge: addresses without "from"
--- http_config
    article_cache_zone z 1m;
--- config
    article_cache_purge 10.0.0.0/8;
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: (?=.*"article_cache_purge")(?=.*"[^"]*\Q10.0.0.0/8\E[^"]*").* in \S*/conf/nginx\.conf:\d+$}


=== TEST 117: article_cache_purge: an address that is not one
--- http_config
    article_cache_zone z 1m;
--- config
    article_cache_purge from 10.0.0.300;
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: (?=.*"article_cache_purge")(?=.*"[^"]*\Q10.0.0.300\E[^"]*").* in \S*/conf/nginx\.conf:\d+$}


=== TEST 118: article_cache_bypass: no argument
--- http_config
    article_cache_zone z 1m;
--- config
    article_cache_bypass;
--- must_die
--- error_log eval
main::emerg('invalid number of arguments in "article_cache_bypass" directive')


=== TEST 119: article_status: only in a location
--- config
    article_status;
--- must_die
--- error_log eval
main::emerg('"article_status" directive is not allowed here')


=== TEST 120: article_status: takes no argument
--- config
    location = /status { article_status on; }
--- must_die
--- error_log eval
main::emerg('invalid number of arguments in "article_status" directive')


=== TEST 121: the error names the included file and the line
--- config
    include $TEST_NGINX_SERVER_ROOT/html/article.conf;
--- user_files
>>> article.conf
article on;
article_canonical https://www.example.org;
article_share x friendster;
article_metadata on;
--- must_die
--- error_log eval
main::emerg('unknown network "friendster" in "article_share"', 'html/article.conf:3')


=== TEST 122: a bad value in a location names the location's line
--- config
    include $TEST_NGINX_SERVER_ROOT/html/article.conf;
--- user_files
>>> article.conf
location /a/ {
    article on;

    article_canonical https://www.example.org/a;
}
--- must_die
--- error_log eval
main::emerg('invalid origin "https://www.example.org/a" in "article_canonical": it may not have a path', 'html/article.conf:4')


=== TEST 123: article_moderation: a rule file that does not exist
--- config
    article_moderation $TEST_NGINX_SERVER_ROOT/html/none.rules;
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: \Qcannot read moderation rules "\E\S+\Qhtml/none.rules": No such file or directory\E in \S*/conf/nginx\.conf:\d+$}


=== TEST 124: article_moderation: an unknown action, with the rule file's line
--- config
    article_moderation $TEST_NGINX_SERVER_ROOT/html/m.rules;
--- user_files
>>> m.rules
# comment
mask /ok/i
zap /x/
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: \Q\E\S+\Qhtml/m.rules:3: unknown action "zap"\E in \S*/conf/nginx\.conf:\d+$}


=== TEST 125: article_moderation: a pattern that does not compile
--- config
    article_moderation $TEST_NGINX_SERVER_ROOT/html/m.rules;
--- user_files
>>> m.rules
mask /a(b/
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: \Q\E\S+\Qhtml/m.rules:1: pattern "/a(b/" does not compile: missing closing parenthesis at offset 3\E in \S*/conf/nginx\.conf:\d+$}


=== TEST 126: article_moderation: a pattern that matches the empty string
--- config
    article_moderation $TEST_NGINX_SERVER_ROOT/html/m.rules;
--- user_files
>>> m.rules
mask /x*/
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: \Q\E\S+\Qhtml/m.rules:1: pattern "/x*/" can match an empty string\E in \S*/conf/nginx\.conf:\d+$}


=== TEST 127: article_moderation: an unknown flag
--- config
    article_moderation $TEST_NGINX_SERVER_ROOT/html/m.rules;
--- user_files
>>> m.rules
mask /x/q
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: \Q\E\S+\Qhtml/m.rules:1: bad flag "q" after "/x/": flags are i, w and u\E in \S*/conf/nginx\.conf:\d+$}


=== TEST 128: article_moderation: a replacement that names a missing group
--- config
    article_moderation $TEST_NGINX_SERVER_ROOT/html/m.rules;
--- user_files
>>> m.rules
replace /x/ "$1"
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: \Q\E\S+\Qhtml/m.rules:1: the replacement refers to \E\$\Q1, but the pattern has 0 groups\E in \S*/conf/nginx\.conf:\d+$}


=== TEST 129: article_moderation: a words file that does not exist
--- config
    article_moderation $TEST_NGINX_SERVER_ROOT/html/m.rules;
--- user_files
>>> m.rules
words mask /nonexistent/words.txt
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: \Q\E\S+\Qhtml/m.rules:1: cannot read words file "/nonexistent/words.txt": No such file or directory\E in \S*/conf/nginx\.conf:\d+$}


=== TEST 130: article_moderation: off among files
--- config
    article_moderation off $TEST_NGINX_SERVER_ROOT/html/m.rules;
--- user_files
>>> m.rules
mask /x/
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: (?=.*"article_moderation")(?=.*"[^"]*\Qoff\E[^"]*").* in \S*/conf/nginx\.conf:\d+$}


=== TEST 131: article_moderation_mode: an unknown mode
--- config
    article_moderation_mode strict;
--- must_die
--- error_log eval
main::emerg('invalid value "strict" in "article_moderation_mode": it must be "enforce" or "report"')


=== TEST 132: article_moderation_mode: twice at one level
--- config
    article_moderation_mode enforce;
    article_moderation_mode report;
--- must_die
--- error_log eval
main::emerg('"article_moderation_mode" directive is duplicate')


=== TEST 133: article_moderation_oversize: an unknown choice
--- config
    article_moderation_oversize drop;
--- must_die
--- error_log eval
main::emerg('invalid value "drop" in "article_moderation_oversize": it must be "pass" or "block"')


=== TEST 134: article_moderation_block_page: no such file
--- config
    article_moderation_block_page $TEST_NGINX_SERVER_ROOT/html/451.html;
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: \Qcannot read "\E\S+\Qhtml/451.html" in "article_moderation_block_page": No such file or directory\E in \S*/conf/nginx\.conf:\d+$}


=== TEST 135: article_moderation_blocked_by: a URL with a space
--- config
    article_moderation_blocked_by "https://example.org/legal notice";
--- must_die
--- error_log eval
main::emerg('invalid URL "https://example.org/legal notice" in "article_moderation_blocked_by": spaces, controls, non-ASCII bytes and < > " must be percent-encoded')


=== TEST 136: article_moderation_attrs: a name with a space
--- config
    article_moderation_attrs alt "data x";
--- must_die
--- error_log eval
main::emerg('invalid attribute name "data x" in "article_moderation_attrs"')


=== TEST 137: article_share_title_strip takes several suffixes (README: TEXT ...)
--- config
    article_share_title_strip " - The Post" " | The Post";
    article_share_label "";
--- must_die
--- error_log eval
main::emerg('empty label in "article_share_label"')
--- no_error_log
article_share_title_strip


=== TEST 138: article_moderation_attrs: a name longer than 31 bytes
--- config
    article_moderation_attrs alt data-thirty-two-bytes-long-name1;
--- must_die
--- error_log eval
main::emerg('attribute name "data-thirty-two-bytes-long-name1" in "article_moderation_attrs" is longer than 31 bytes')


=== TEST 139: article_share_anchor and article_mirror_block, each fine alone, too many ancestor conditions together
--- config
    location /t {
        article on;
        article_canonical https://www.example.org;
        article_mirrors www.example.org mirror.example.net;
        article_share x;
        article_share_anchor "a b c d e f g h i j k l m n o p, a b c d e f g h i j k l m n o p, a b c d e f g h i j k l m n o p" after;
        article_mirror_block "a b c d e f g h i j k l m n o p, a b c d e f g h i j k l m n o p, a b c d e f g h i j k l m n o p" before;
    }
--- must_die
--- error_log eval
main::emerg('invalid selector "a b c d e f g h i j k l m n o p, a b c d e f g h i j k l m n o p, a b c d e f g h i j k l m n o p": too many ancestor conditions at offset 64 in "article_mirror_block" together with "article_share_anchor"')
