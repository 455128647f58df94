#!/usr/bin/perl
# Reads the valgrind logs that make test-valgrind leaves (one file per
# process) and sorts each report: the module's (a frame in src/art_*.c, in
# ngx_module/ or in ngx_http_article_module.so), those in code made at run
# time (PCRE2's JIT, which memcheck cannot see into: uninitialised-value
# reports there are PCRE2's reading ahead) and nginx's own (chiefly the
# memory nginx leaves to the end of the process).  Prints both counts and
# every report of the module; exits 1 when there is one.
#
#   valgrind-reports.pl DIR
use strict;
use warnings;

my $dir = shift or die "usage: $0 DIR\n";
opendir my $dh, $dir or die "$dir: $!\n";
my @files = sort grep { /^vg\./ } readdir $dh;
closedir $dh;

my ($ours, $theirs, $jit, @show) = (0, 0, 0);
my %kinds;

for my $f (@files) {
    open my $fh, '<', "$dir/$f" or die "$dir/$f: $!\n";
    my @lines = <$fh>;
    close $fh;

    # a report is a run of "==PID== " lines between empty ones
    my @report;
    for my $line (@lines, "==0== \n") {
        if ($line =~ /^==\d+==\s*$/) {
            classify(\@report, $f) if @report;
            @report = ();
        } elsif ($line =~ /^==\d+== (.*)/) {
            push @report, $1;
        }
    }
}

sub classify {
    my ($report, $file) = @_;
    my $head = $report->[0];

    # the header, the summaries and the "HEAP SUMMARY" blocks are no report
    return unless $head =~ /^(?:Invalid|Conditional\ jump|Use\ of\ uninitialised
                               |Syscall\ param|Mismatched|Source\ and\ destination
                               |Argument|Process\ terminating
                               |.*\ definitely\ lost|.*\ indirectly\ lost)/x;

    (my $kind = $head) =~ s/^[\d,]+ (\([^)]*\) )?bytes in [\d,]+ blocks are //;
    $kind =~ s/ in loss record.*//;
    $kind =~ s/ of size \d+//;

    my @frames = grep { /^\s+(at|by) 0x/ } @$report;

    if (grep { /\bart_\w+ \(|ngx_http_article|\/src\/art_|ngx_module\// }
        @$report)
    {
        $ours++;
        push @show, "$file:\n" . join('', map { "    $_\n" } @$report);

    } elsif (@frames && !grep { !/: \?\?\?$/ } @frames) {
        # no frame in any object: code generated at run time, which here is
        # PCRE2's JIT (memcheck cannot follow it; with the JIT off these
        # reports go away)
        $jit++;

    } else {
        $theirs++;
        $kinds{$kind}++;
    }
}

printf "valgrind: %d process logs, %d reports from the module, %d in"
       . " JIT-compiled regular expressions, %d from nginx itself%s\n",
       scalar @files, $ours, $jit, $theirs,
       %kinds ? ' (' . join(', ', map { "$kinds{$_} $_" } sort keys %kinds)
                . ')' : '';
print @show;
exit($ours ? 1 : 0);
