#!/usr/bin/perl
# Text work for bench/run.sh on the pages it measures.
#
#   pagetool.pl pick TARGET... -- PAGE...
#       for each size TARGET in bytes, the PAGE nearest to it by ratio
#       that has </head>, </h1> and </body> (any case), each PAGE once
#   pagetool.pl injections PAGE REWRITTEN DIR
#       REWRITTEN must be PAGE with insertions only (what article-rewrite
#       made of it); writes DIR/head, DIR/h1 and DIR/body: the bytes it
#       inserted before the first </head>, after the first </h1> and before
#       the first </body>.  Insertions anywhere else are added to DIR/body
#       and counted on stdout ("other N BYTES").
#   pagetool.pl words PAGE N [FILE...]
#       N distinct words (ASCII letters, 5 or more) of the page's visible
#       text, the most frequent first, one a line; none that occurs as a
#       word in FILE (the inserted markup, which the module never masks)
#   pagetool.pl geo NAME FILE
#       nginx "geo" blocks whose variables, concatenated, hold FILE's bytes
#       as they are ($NAME_1, $NAME_2, ...), then on the last line the
#       concatenation to use in a replacement string
#   pagetool.pl count REGEX FILE
#       how many times REGEX (Perl, caseless) matches in FILE
use strict;
use warnings;

sub slurp {
    my ($f) = @_;
    local $/;
    open my $fh, '<:raw', $f or die "pagetool: cannot read $f: $!\n";
    my $s = <$fh>;
    return defined $s ? $s : '';
}

sub spew {
    my ($f, $s) = @_;
    open my $fh, '>:raw', $f or die "pagetool: cannot write $f: $!\n";
    print {$fh} $s;
    close $fh or die "pagetool: cannot write $f: $!\n";
}

# the length of the common run of $a from $i and $b from $j
sub common_run {
    my ($a, $i, $b, $j) = @_;
    my $n = 0;
    my $max = length($a) - $i;
    $max = length($b) - $j if length($b) - $j < $max;

    for my $step (65536, 4096, 256, 16, 1) {
        while ($n + $step <= $max
               && substr($a, $i + $n, $step) eq substr($b, $j + $n, $step))
        {
            $n += $step;
        }
    }
    return $n;
}

sub pick {
    my (@targets, @pages, %size);

    while (@_ && $_[0] ne '--') {
        push @targets, shift;
    }
    shift;

    for my $f (@_) {
        my $s = lc slurp($f);
        next unless index($s, '</head>') >= 0 && index($s, '</h1>') >= 0
                    && index($s, '</body>') >= 0;
        $size{$f} = length $s;
    }

    for my $t (@targets) {
        my ($best, $bestd);
        for my $f (sort keys %size) {
            my $d = abs(log($size{$f} / $t));
            ($best, $bestd) = ($f, $d) if !defined $best || $d < $bestd;
        }
        die "pagetool: no page has </head>, </h1> and </body>\n"
            unless defined $best;
        print "$best\n";
        delete $size{$best};
    }
}

sub injections {
    my ($page, $rewritten, $dir) = @_;
    my $in = slurp($page);
    my $out = slurp($rewritten);
    my ($i, $j) = (0, 0);
    my @ins;

    while (1) {
        my $n = common_run($in, $i, $out, $j);
        $i += $n;
        $j += $n;
        last if $i >= length $in;

        # the insertion ends where the input goes on: unique enough text
        my $probe = substr($in, $i, 64);
        my $at = index($out, $probe, $j);
        if ($at < 0) {
            die "pagetool: the rewritten page changes $page at byte $i"
                . " instead of only inserting\n";
        }
        push @ins, [$i, substr($out, $j, $at - $j)];
        $j = $at;
    }
    push @ins, [$i, substr($out, $j)] if $j < length $out;

    # an insertion is ambiguous by a few bytes ("<" of the next tag):
    # slide it back until it starts a tag, as it was written
    for my $x (@ins) {
        my ($off, $s) = @$x;
        while ($s !~ /^</ && $off > 0
               && substr($in, $off - 1, 1) eq substr($s, -1))
        {
            $s = substr($in, $off - 1, 1) . substr($s, 0, -1);
            $off--;
        }
        @$x = ($off, $s);
    }

    my $lc = lc $in;
    my $head = index($lc, '</head>');
    my $h1 = index($lc, '</h1>');
    my $body = index($lc, '</body>');
    die "pagetool: $page lacks </head>, </h1> or </body>\n"
        if $head < 0 || $h1 < 0 || $body < 0;
    $h1 += 5;

    my %part = (head => '', h1 => '', body => '');
    my ($other, $other_bytes) = (0, 0);

    for my $x (@ins) {
        my ($off, $s) = @$x;
        if ($off == $head) {
            $part{head} .= $s;
        } elsif ($off == $h1) {
            $part{h1} .= $s;
        } elsif ($off == $body) {
            $part{body} .= $s;
        } else {
            $part{body} .= $s;
            $other++;
            $other_bytes += length $s;
        }
    }

    spew("$dir/$_", $part{$_}) for keys %part;
    print "other $other $other_bytes\n";
}

sub words {
    my ($page, $n, @exclude) = @_;
    my $s = slurp($page);
    my $x = join(' ', map { lc slurp($_) } @exclude);
    my %count;

    $s =~ s/<!--.*?-->//gs;
    $s =~ s/<(script|style|template|textarea|title)\b.*?<\/\1\s*>//gsi;
    $s =~ s/<[^>]*>/ /gs;
    $s =~ s/&[#a-zA-Z0-9]+;/ /g;

    # whole words as both PCRE (no UCP) and a Unicode-aware engine see them
    while ($s =~ /(?<![A-Za-z0-9_\x80-\xff])([A-Za-z]{5,})(?![A-Za-z0-9_\x80-\xff])/g)
    {
        $count{lc $1}++;
    }
    for my $w (keys %count) {
        delete $count{$w} if $x =~ /(?<![a-z0-9_])\Q$w\E(?![a-z0-9_])/;
    }

    my @w = sort { $count{$b} <=> $count{$a} || $a cmp $b } keys %count;
    die "pagetool: $page has fewer than $n words to mask\n" if @w < $n;
    print "$_\n" for @w[0 .. $n - 1];
}

# a quoted nginx configuration string
sub quote {
    my ($s) = @_;
    $s =~ s/([\\'])/\\$1/g;
    return "'$s'";
}

sub geo {
    my ($name, $file) = @_;
    my $s = slurp($file);
    my @refs;
    my $k = 0;

    # nginx reads a parameter of at most 4 KB: keep each well below
    for (my $o = 0; $o < length $s; $o += 1500) {
        $k++;
        my $var = "${name}_$k";
        print "geo \$$var {\n    default ", quote(substr($s, $o, 1500)),
              ";\n}\n";
        push @refs, "\${$var}";
    }
    print join('', @refs), "\n";
}

sub count {
    my ($re, $file) = @_;
    my $s = slurp($file);
    my $n = () = $s =~ /$re/gi;
    print "$n\n";
}

my $cmd = shift @ARGV // '';

if ($cmd eq 'pick') {
    pick(@ARGV);
} elsif ($cmd eq 'injections' && @ARGV == 3) {
    injections(@ARGV);
} elsif ($cmd eq 'words' && @ARGV >= 2) {
    words(@ARGV);
} elsif ($cmd eq 'geo' && @ARGV == 2) {
    geo(@ARGV);
} elsif ($cmd eq 'count' && @ARGV == 2) {
    count(@ARGV);
} else {
    die "usage: pagetool.pl pick|injections|words|geo|count ...\n";
}
