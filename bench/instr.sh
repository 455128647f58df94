#!/usr/bin/env bash
# Instructions per request of the core on the pages of make bench, under
# callgrind: the steady count to compare two builds by, where CPU time
# scatters on a shared machine.
#
#   bench/instr.sh [REWRITE]     (default build/article-rewrite)
#
# The pages, the configuration (bench/article.conf.in) and the 20 masks
# are chosen as bench/run.sh chooses them.  Only the work of a request
# is counted (art_page_create, art_page_write, art_page_end and
# art_page_destroy), not loading the configuration or compiling the
# rules, which nginx does once; each page is rewritten BENCH_REPEAT times
# (default 10) in one process and the count divided.  Needs valgrind.
#
# Environment: BENCH_CORPUS (default ../shared/corpus), BENCH_REPEAT.
set -euo pipefail

PROJECT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$PROJECT/bench
REWRITE=${1:-$PROJECT/build/article-rewrite}
OUT=$PROJECT/build/bench/instr
REPEAT=${BENCH_REPEAT:-10}
HOST=www.example.org
PAGETOOL=(perl "$BENCH/pagetool.pl")

die() { printf 'instr: %s\n' "$*" >&2; exit 1; }

case $REPEAT in
    ''|*[!0-9]*|0) die "BENCH_REPEAT must be a positive number" ;;
esac

command -v valgrind >/dev/null || die "valgrind not found (Debian: apt-get install valgrind)"
[ -x "$REWRITE" ] || die "$REWRITE not found: run 'make' first"

CORPUS=${BENCH_CORPUS:-$PROJECT/../shared/corpus}
if [ ! -d "$CORPUS" ]; then
    echo "instr: skipped: no corpus at $CORPUS"
    exit 0
fi
CORPUS=$(cd "$CORPUS" && pwd)

shopt -s nullglob
corpus_pages=("$CORPUS"/*.html)
shopt -u nullglob
[ ${#corpus_pages[@]} -gt 0 ] || die "no .html page in $CORPUS"
mapfile -t PAGES < <("${PAGETOOL[@]}" pick 10240 102400 1048576 -- \
                     "${corpus_pages[@]}")
[ ${#PAGES[@]} -eq 3 ] || die "cannot pick three pages from $CORPUS"

rm -rf "$OUT"
mkdir -p "$OUT"

for i in "${!PAGES[@]}"; do
    page=${PAGES[$i]}
    name=$(basename "$page")
    d=$OUT/$i
    mkdir -p "$d"
    url=http://$HOST/$name

    # the masks: the page's most frequent words, none of the inserted ones
    "$REWRITE" -c "$BENCH/article.conf.in" --url "$url" < "$page" \
        > "$d/capture.html"
    "${PAGETOOL[@]}" injections "$page" "$d/capture.html" "$d" > /dev/null
    "${PAGETOOL[@]}" words "$page" 20 "$d/head" "$d/h1" "$d/body" \
        > "$d/words"
    : > "$d/moderation.rules"
    while read -r w; do
        printf 'mask /\\b%s\\b/i\n' "$w" >> "$d/moderation.rules"
    done < "$d/words"
    cp "$BENCH/article.conf.in" "$d/article.conf"
    printf 'article_moderation %s;\n' "$d/moderation.rules" \
        >> "$d/article.conf"

    valgrind --tool=callgrind --callgrind-out-file="$d/callgrind.out" \
        --toggle-collect=art_page_create --toggle-collect=art_page_write \
        --toggle-collect=art_page_end --toggle-collect=art_page_destroy \
        "$REWRITE" -c "$d/article.conf" --url "$url" --repeat "$REPEAT" \
        < "$page" > "$d/out.html" 2> "$d/valgrind.log" \
        || die "$name: valgrind failed (see $d/valgrind.log)"

    ir=$(sed -n 's/^==[0-9]*== Collected : \([0-9]*\).*/\1/p' \
         "$d/valgrind.log")
    [ -n "$ir" ] || die "$name: no count in $d/valgrind.log"
    printf '%s (%s bytes): %s instructions per request\n' "$name" \
        "$(stat -c %s "$page")" "$((ir / REPEAT))"
done
