#!/usr/bin/env bash
# make bench: the module beside plain nginx, sub_filter and subs_filter, on
# the same pages, with wrk on loopback.  Prints a table and writes it to
# build/bench/results.md.
#
# Rows, for a ~10 KB, a ~100 KB and a ~1 MB page of ../shared/corpus, with
# 1 and 2 workers:
#   plain          nginx serving the file (the ceiling)
#   sub_filter     the module's own head metadata, share bar and mirror
#                  list (captured with article-rewrite on the same page)
#                  put in with sub_filter before </head>, after the first
#                  </h1> and before </body>
#   subs_filter    the same three plus 20 regex masks \bword\b (caseless)
#   article        this module: canonical, metadata, mirrors and mirror
#                  links, share bar, and the same 20 masks as moderation
#   article cache  the same answered from article_cache (hits)
#   article proxy  the same as "article" through proxy_pass to a second
#                  server of the same nginx serving the files
#   rewritten file plain nginx serving the module's answer (the cache hit's
#                  body) as a file with sendfile: a reference for the hit,
#                  which sends more bytes than the page's file
#
# Every configuration of a worker count runs at once, each its own nginx,
# and the cells are measured in BENCH_ROUNDS rounds, each round every page
# and configuration in turn; the table gives each cell's median.  A load
# that comes and goes elsewhere on the machine then falls on all alike.
#
# Environment: BENCH_SECONDS (per cell and round, default 3),
# BENCH_ROUNDS (3), BENCH_CONNECTIONS (32),
# BENCH_THREADS (2), BENCH_WORKERS ("1 2"), BENCH_PORT (first port, 18081),
# BENCH_CORPUS (default ../shared/corpus from the project root),
# BENCH_NGINX (/usr/sbin/nginx), BENCH_MODULE, BENCH_SUBS_MODULE,
# BENCH_PIN (1: worker k runs on CPU k and wrk on the CPUs left over, the
# default where there are 2 CPUs or more; 0: wherever the kernel puts them).
set -euo pipefail

PROJECT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$PROJECT/bench
OUT=$PROJECT/build/bench
RUN=$OUT/run
REWRITE=$PROJECT/build/article-rewrite
MODULE=${BENCH_MODULE:-$PROJECT/build/ngx_http_article_module.so}
SUBS_MODULE=${BENCH_SUBS_MODULE:-/usr/lib/nginx/modules/ngx_http_subs_filter_module.so}
NGINX_BIN=${BENCH_NGINX:-/usr/sbin/nginx}
DURATION=${BENCH_SECONDS:-3}
ROUNDS=${BENCH_ROUNDS:-3}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
WORKERS_LIST=${BENCH_WORKERS:-1 2}
PORT=${BENCH_PORT:-18081}
HOST=www.example.org
NWORDS=20
NCPU=$(nproc)
if [ "$NCPU" -ge 2 ] && command -v taskset >/dev/null; then
    PIN=${BENCH_PIN:-1}
else
    PIN=${BENCH_PIN:-0}
fi

say() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

case $PIN in
    0|1) ;;
    *) die "BENCH_PIN must be 0 or 1, not '$PIN'" ;;
esac
[ "$PIN" = 0 ] || command -v taskset >/dev/null \
    || die "BENCH_PIN=1 needs taskset (Debian: util-linux)"

for v in DURATION ROUNDS CONNECTIONS THREADS PORT; do
    case ${!v} in
        ''|*[!0-9]*|0) die "$v must be a positive number, not '${!v}'" ;;
    esac
done

if [ -n "${BENCH_CORPUS:-}" ]; then
    CORPUS=$BENCH_CORPUS
else
    CORPUS=$PROJECT/../shared/corpus
fi
if [ ! -d "$CORPUS" ]; then
    echo "bench: skipped: no corpus at $CORPUS (the pages are measured" \
         "from ../shared/corpus beside the checkout)"
    exit 0
fi
CORPUS=$(cd "$CORPUS" && pwd)

for tool in wrk curl perl pgrep; do
    command -v "$tool" >/dev/null || die "$tool not found (Debian: apt-get install $tool)"
done
[ -x "$NGINX_BIN" ] || die "$NGINX_BIN not found"
[ -x "$REWRITE" ] || die "$REWRITE not found: run 'make' first"
[ -f "$MODULE" ] || die "$MODULE not found: run 'make' first"

TICKS=$(getconf CLK_TCK)
PAGETOOL=(perl "$BENCH/pagetool.pl")

# --- nginx instances: every master started here is stopped on exit -------

. "$BENCH/nginx.sh"

STARTED=()

cleanup() {
    local p
    for p in "${STARTED[@]}"; do
        stop_nginx "$p"
    done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# user+system ticks of the worker processes of a master
worker_ticks() {
    local master=$1 total=0 pid stat cmd
    local -a fields
    for pid in $(pgrep -P "$master"); do
        read -r stat 2>/dev/null < "/proc/$pid/stat" || continue
        cmd=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null || true)
        case $cmd in
            *'worker process'*) ;;
            *) continue ;;
        esac
        # the fields after "(comm) ": state ppid ... utime stime
        read -r -a fields <<< "${stat##*) }"
        total=$((total + fields[11] + fields[12]))
    done
    echo "$total"
}

# the first port from $1 on where it and the next one are free
free_port() {
    local p=$1
    while port_busy "$p" || port_busy $((p + 1)); do
        p=$((p + 2))
        [ "$p" -lt 65000 ] || die "no free loopback port from $1 on"
    done
    echo "$p"
}

# --- the pages -----------------------------------------------------------

shopt -s nullglob
corpus_pages=("$CORPUS"/*.html)
shopt -u nullglob
[ ${#corpus_pages[@]} -gt 0 ] || die "no .html page in $CORPUS"
mapfile -t PAGES < <("${PAGETOOL[@]}" pick 10240 102400 1048576 -- \
                     "${corpus_pages[@]}")
[ ${#PAGES[@]} -eq 3 ] || die "cannot pick three pages from $CORPUS"

# build/bench/run/ is this script's alone (others keep theirs beside it)
rm -rf "$RUN"
mkdir -p "$RUN" "$RUN/rewritten"

NOTES=()

# moderation: does this build have it?
printf 'mask /\\bprobe\\b/i\n' > "$RUN/probe.rules"
printf 'article on;\narticle_moderation %s;\n' "$RUN/probe.rules" \
    > "$RUN/probe.conf"
if why=$("$REWRITE" -c "$RUN/probe.conf" < /dev/null 2>&1 >/dev/null); then
    MODERATION=1
else
    MODERATION=0
    NOTES+=("article and its cache and proxy rows run WITHOUT the 20 masks:
  this build rejects article_moderation ($why).")
fi

if [ -f "$SUBS_MODULE" ]; then
    SUBS=1
else
    SUBS=0
    NOTES+=("subs_filter: n/a, $SUBS_MODULE not found
  (Debian: libnginx-mod-http-subs-filter).")
fi

# per page: its name, the URL path, the injections, the words, the
# module's configuration and the answer the module must give
for i in "${!PAGES[@]}"; do
    page=${PAGES[$i]}
    name=$(basename "$page")
    d=$RUN/pages/$i
    mkdir -p "$d"

    cp "$BENCH/article.conf.in" "$d/capture.conf"
    "$REWRITE" -c "$d/capture.conf" --url "http://$HOST/$name" \
        < "$page" > "$d/capture.html"
    read -r _ nother nbytes < <("${PAGETOOL[@]}" injections "$page" \
                                 "$d/capture.html" "$d")
    [ -n "${nbytes:-}" ] || die "$name: cannot tell what the module inserts"
    if [ "$nother" != 0 ]; then
        NOTES+=("$name: $nother insertion(s) of the module ($nbytes bytes)
  were at none of the three places; sub_filter adds them before </body>.")
    fi
    grep -q 'data-article-share' "$d/h1" "$d/body" \
        || die "$name: the module put no share bar on the page"
    grep -q 'data-article-mirrors' "$d/h1" "$d/body" \
        || die "$name: the module put no mirror list on the page"

    "${PAGETOOL[@]}" words "$page" "$NWORDS" "$d/head" "$d/h1" "$d/body" \
        > "$d/words"
    : > "$d/moderation.rules"
    : > "$d/subs.conf"
    while read -r w; do
        printf 'mask /\\b%s\\b/i\n' "$w" >> "$d/moderation.rules"
        stars=$(printf '%*s' "${#w}" '' | tr ' ' '*')
        printf "        subs_filter '\\\\b%s\\\\b' '%s' gir;\n" "$w" "$stars" \
            >> "$d/subs.conf"
    done < "$d/words"

    cp "$BENCH/article.conf.in" "$d/article.conf"
    if [ "$MODERATION" = 1 ]; then
        printf 'article_moderation %s;\n' "$d/moderation.rules" \
            >> "$d/article.conf"
    fi
    "$REWRITE" -c "$d/article.conf" --url "http://$HOST/$name" \
        < "$page" > "$d/expected.html"
    cp "$d/expected.html" "$RUN/rewritten/$name"

    # the injections as nginx variables (a parameter holds at most 4 KB)
    : > "$d/geo.conf"
    for part in head h1 body; do
        if [ -s "$d/$part" ]; then
            "${PAGETOOL[@]}" geo "bench_${i}_$part" "$d/$part" > "$d/geo.tmp"
            sed '$d' "$d/geo.tmp" >> "$d/geo.conf"
            tail -n 1 "$d/geo.tmp" > "$d/$part.ref"
        else
            : > "$d/$part.ref"
        fi
    done
    rm -f "$d/geo.tmp"
done

# --- configurations ------------------------------------------------------

ROWS=(plain sub_filter subs_filter article article-cache article-proxy
      rewritten)
declare -A LABEL=(
    [plain]="1 plain nginx"
    [sub_filter]="2 sub_filter"
    [subs_filter]="3 subs_filter + 20 masks"
    [article]="4 article"
    [article-cache]="5 article, cache hit"
    [article-proxy]="6 article via proxy_pass"
    [rewritten]="7 plain nginx, the answer of 4 as a file"
)

# the location of page $1 for configuration $2
page_location() {
    local i=$1 row=$2 d=$RUN/pages/$1 name
    name=$(basename "${PAGES[$i]}")
    printf '        location = /%s {\n' "$name"
    case $row in
        sub_filter|subs_filter)
            local f=sub_filter flags=''
            if [ "$row" = subs_filter ]; then
                f=subs_filter
                flags=' io'
            fi
            printf "            %s '</head>' '%s</head>'%s;\n" \
                "$f" "$(cat "$d/head.ref")" "$flags"
            printf "            %s '</h1>' '</h1>%s'%s;\n" \
                "$f" "$(cat "$d/h1.ref")" "$flags"
            printf "            %s '</body>' '%s</body>'%s;\n" \
                "$f" "$(cat "$d/body.ref")" "$flags"
            if [ "$row" = subs_filter ]; then
                sed 's/^        /    /' "$d/subs.conf"
            fi
            ;;
        article*)
            printf '            include %s;\n' "$d/article.conf"
            if [ "$row" = article-proxy ]; then
                printf '            proxy_pass http://bench_origin;\n'
            fi
            ;;
    esac
    printf '        }\n'
}

# writes modules.conf and http.conf of configuration $1 into $2
render() {
    local row=$1 prefix=$2 port=$3 i
    {
        case $row in
            subs_filter) echo "load_module $SUBS_MODULE;" ;;
            article*)    echo "load_module $MODULE;" ;;
        esac
    } > "$prefix/modules.conf"

    {
        case $row in
            sub_filter|subs_filter)
                for i in "${!PAGES[@]}"; do
                    cat "$RUN/pages/$i/geo.conf"
                done
                ;;
            article-cache)
                # max_entry: room for the 1 MB page as rewritten
                echo "article_cache_zone bench 64m max_entry=4m;"
                ;;
            article-proxy)
                cat <<EOF
upstream bench_origin {
    server 127.0.0.1:$((port + 1));
    keepalive 32;
}
server {
    listen 127.0.0.1:$((port + 1));
    root $CORPUS;
}
EOF
                ;;
        esac

        echo "server {"
        echo "    listen 127.0.0.1:$port;"
        if [ "$row" = rewritten ]; then
            echo "    root $RUN/rewritten;"
        else
            echo "    root $CORPUS;"
        fi
        case $row in
            article-cache)
                echo "    article_cache bench;"
                echo "    add_header X-Bench-Cache \$article_cache_status always;"
                ;;
            article-proxy)
                cat <<EOF
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host \$host;
    proxy_set_header Accept-Encoding "";
    # nginx's own buffer sizes; what does not fit waits for the client
    # rather than going through a temporary file on disk
    proxy_max_temp_file_size 0;
EOF
                ;;
        esac
        echo "    location / {"
        if [ "$row" = article-proxy ]; then
            echo "        proxy_pass http://bench_origin;"
        fi
        echo "    }"
        for i in "${!PAGES[@]}"; do
            page_location "$i" "$row" | sed 's/^    //'
        done
        echo "}"
    } > "$prefix/http.conf"

    local user_line
    if [ "$(id -u)" -eq 0 ]; then
        user_line='user root;'
    else
        user_line="# workers run as $(id -un)"
    fi
    sed -e "s|@PREFIX@|$prefix|g" -e "s|@WORKERS@|$WORKERS|g" \
        -e "s|@USER_LINE@|$user_line|g" \
        -e "s|@AFFINITY_LINE@|$(affinity_line "$WORKERS")|g" \
        "$BENCH/nginx.conf.in" > "$prefix/nginx.conf"
}

# --- one answer, checked -------------------------------------------------

fetch() {
    local url=$1 body=$2 headers=$3
    curl -s --max-time 10 -H "Host: $HOST" -o "$body" -D "$headers" \
        -w '%{http_code}' "$url" || echo 000
}

# checks the answer of configuration $1 to page $2; dies when it is wrong
verify() {
    local row=$1 i=$2 url=$3 prefix=$4 d=$RUN/pages/$2 code page name
    page=${PAGES[$i]}
    name=$(basename "$page")
    code=$(fetch "$url" "$prefix/answer-$i.html" "$prefix/answer-$i.h")
    [ "$code" = 200 ] || die "$row, $name: answered $code instead of 200 (see $prefix/error.log)"
    local a=$prefix/answer-$i.html

    case $row in
        plain)
            cmp -s "$a" "$page" || die "plain, $name: not the file as it is"
            ;;
        rewritten)
            cmp -s "$a" "$d/expected.html" \
                || die "rewritten, $name: not article-rewrite's answer as it is"
            ;;
        sub_filter|subs_filter)
            ! cmp -s "$a" "$page" || die "$row, $name: the page went through unchanged"
            grep -q 'data-article-share' "$a" \
                || die "$row, $name: no share bar (data-article-share) in the answer"
            grep -q 'data-article-mirrors' "$a" \
                || die "$row, $name: no mirror list (data-article-mirrors) in the answer"
            if [ -s "$d/head" ] && ! grep -qF -- "$(head -n 1 "$d/head")" "$a"
            then
                die "$row, $name: no head metadata in the answer"
            fi
            if [ "$row" = subs_filter ]; then
                local before after
                before=$("${PAGETOOL[@]}" count '\*{5,}' "$page")
                after=$("${PAGETOOL[@]}" count '\*{5,}' "$a")
                [ "$after" -gt "$before" ] \
                    || die "subs_filter, $name: no word was masked"
            fi
            ;;
        article*)
            grep -q 'data-article-share' "$a" \
                || die "$row, $name: no share bar (data-article-share) in the answer"
            grep -q 'data-article-mirrors' "$a" \
                || die "$row, $name: no mirror list (data-article-mirrors) in the answer"
            if ! cmp -s "$a" "$d/expected.html"; then
                die "$row, $name: the answer differs from article-rewrite's" \
                    "(diff $a $d/expected.html)"
            fi
            if [ "$row" = article-cache ]; then
                grep -qi '^X-Bench-Cache: HIT' "$prefix/answer-$i.h" \
                    || die "article-cache, $name: the second answer is not a cache hit" \
                           "($(grep -i '^X-Bench-Cache' "$prefix/answer-$i.h" | tr -d '\r' || echo no X-Bench-Cache header))"
            fi
            ;;
    esac
    stat -c %s "$a"
}

# --- measuring -----------------------------------------------------------

# p99 of wrk's latency distribution, in ms
wrk_p99() {
    awk '$1 == "99%" {
             v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
             if (u == "us") v /= 1000; else if (u == "s") v *= 1000
             else if (u == "m") v *= 60000
             printf "%.2f", v }' "$1"
}

declare -A RPS P99 MBS CPU NA SIZE MASTER PREFIX URLS

# Pinning: the CPUs of one machine need not be equally fast (on a virtual
# machine, one may share its core with a neighbour), and a one-worker cell
# measures whichever CPU the kernel gave the worker.  With BENCH_PIN=1
# worker k runs on CPU k (mod the CPUs), and wrk on the CPUs no worker
# has, when there are any: every configuration runs on the same CPUs.

# worker_cpu_affinity for $1 workers, or nothing
affinity_line() {
    local workers=$1 k masks='' mask
    [ "$PIN" = 1 ] || return 0
    for k in $(seq 0 $((workers - 1))); do
        mask=1$(printf '%*s' $((k % NCPU)) '' | tr ' ' 0)
        masks="$masks $mask"
    done
    echo "worker_cpu_affinity$masks;"
}

# one round of a cell: its values are added to the cell's lists
measure() {
    local row=$1 workers=$2 i=$3 url=$4 master=$5 size=$6 prefix=$7 round=$8
    local key="$i $workers $row" log=$prefix/wrk-$i-$round.txt t0 t1 req rps

    if [ "$round" = 1 ]; then
        # warm up: files in the page cache, pools grown, cache filled
        $(wrk_cpus "$workers") wrk -t1 -c4 -d1s -H "Host: $HOST" "$url" \
            > /dev/null
    fi

    t0=$(worker_ticks "$master")
    $(wrk_cpus "$workers") wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency \
        -H "Host: $HOST" "$url" > "$log"
    t1=$(worker_ticks "$master")

    if grep -q 'Non-2xx' "$log"; then
        die "$row, $(basename "${PAGES[$i]}"): wrk saw non-2xx answers ($log)"
    fi
    req=$(awk '/ requests in / { print $1 }' "$log")
    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$log")
    [ -n "$req" ] && [ "$req" -gt 0 ] || die "$row: wrk made no request ($log)"

    RPS[$key]="${RPS[$key]:-} $rps"
    P99[$key]="${P99[$key]:-} $(wrk_p99 "$log")"
    CPU[$key]="${CPU[$key]:-} $(awk -v t="$((t1 - t0))" -v hz="$TICKS" \
                                   -v n="$req" \
                                   'BEGIN { printf "%.1f", t / hz / n * 1e6 }')"
}

# the median of the numbers in $1
median() {
    tr ' ' '\n' <<< "$1" | awk 'NF' | sort -g \
        | awk '{ v[NR] = $1 }
               END { if (NR % 2) print v[(NR + 1) / 2]
                     else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# start the nginx of a configuration and check its answers
start_row() {
    local row=$1 workers=$2 port=$3 prefix out i url master status
    WORKERS=$workers
    prefix=$RUN/$row-w$workers
    mkdir -p "$prefix/tmp"

    if [ "$row" = subs_filter ] && [ "$SUBS" = 0 ]; then
        for i in "${!PAGES[@]}"; do NA["$i $workers $row"]="n/a: subs_filter not installed"; done
        return 0
    fi

    render "$row" "$prefix" "$port"

    if ! out=$("$NGINX_BIN" -t -p "$prefix/" -c "$prefix/nginx.conf" 2>&1); then
        if [ "$row" = article-cache ] && grep -q 'unknown directive "article_cache' <<< "$out"
        then
            for i in "${!PAGES[@]}"; do NA["$i $workers $row"]="n/a: cache not built"; done
            return 0
        fi
        printf '%s\n' "$out" >&2
        die "$row: $prefix/nginx.conf does not pass nginx -t"
    fi

    STARTED+=("$prefix")
    "$NGINX_BIN" -p "$prefix/" -c "$prefix/nginx.conf" \
        || die "$row: nginx did not start (see $prefix/error.log)"
    master=''
    for _ in $(seq 50); do
        master=$(nginx_master "$prefix")
        [ -n "$master" ] && break
        sleep 0.1
    done
    [ -n "$master" ] || die "$row: nginx did not start (see $prefix/error.log)"

    for i in "${!PAGES[@]}"; do
        url=http://127.0.0.1:$port/$(basename "${PAGES[$i]}")
        if [ "$row" = article-cache ]; then
            # the first answer fills the cache; a page it does not keep
            # has no row (the other rows still tell what they measure)
            fetch "$url" /dev/null /dev/null > /dev/null
            fetch "$url" /dev/null "$prefix/hit-$i.h" > /dev/null
            status=$(tr -d '\r' < "$prefix/hit-$i.h" \
                     | sed -n 's/^X-Bench-Cache: *//Ip')
            if [ "$status" != HIT ]; then
                status=${status:-no X-Bench-Cache header}
                say "warning: $(basename "${PAGES[$i]}"): the second answer" \
                    "is not a cache hit ($status)"
                NA["$i $workers $row"]="n/a: no cache hit ($status)"
                NOTES+=("article, cache hit, $(basename "${PAGES[$i]}"), $workers worker(s):
  the second answer was $status, not HIT.")
                continue
            fi
        fi
        SIZE["$i $workers $row"]=$(verify "$row" "$i" "$url" "$prefix")
    done
    MASTER["$workers $row"]=$master
    PREFIX["$workers $row"]=$prefix
    URLS["$workers $row"]=http://127.0.0.1:$port
}

stop_row() {
    local row=$1 workers=$2 prefix=${PREFIX["$2 $1"]:-}
    [ -n "$prefix" ] || return 0
    stop_nginx "$prefix"
    if nginx_errors "$prefix"; then
        die "$row: nginx logged errors ($prefix/error.log)"
    fi
}

say "pages: $(for p in "${PAGES[@]}"; do printf '%s (%s bytes) ' "$(basename "$p")" "$(stat -c %s "$p")"; done)"
say "wrk: $THREADS threads, $CONNECTIONS connections, ${DURATION}s a cell," \
    "$ROUNDS round(s)"
if [ "$PIN" = 1 ]; then
    PINNING="worker k pinned to CPU k, wrk to the CPUs left over (BENCH_PIN=1)"
else
    PINNING="nothing pinned (BENCH_PIN=0)"
fi
say "CPUs: $PINNING"

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
if awk -v l="${LOAD_BEFORE%% *}" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }'
then
    say "warning: load average $LOAD_BEFORE on $(nproc) CPU(s): other work" \
        "will slow and scatter the numbers"
fi

port=$PORT
for workers in $WORKERS_LIST; do
    for row in "${ROWS[@]}"; do
        port=$(free_port "$port")
        start_row "$row" "$workers" "$port"
        port=$((port + 2))
    done
    for round in $(seq "$ROUNDS"); do
        for i in "${!PAGES[@]}"; do
            for row in "${ROWS[@]}"; do
                key="$i $workers $row"
                [ -z "${NA[$key]:-}" ] || continue
                say "round $round of $ROUNDS: $(basename "${PAGES[$i]}")," \
                    "$workers worker(s), $row"
                measure "$row" "$workers" "$i" \
                    "${URLS["$workers $row"]}/$(basename "${PAGES[$i]}")" \
                    "${MASTER["$workers $row"]}" "${SIZE[$key]}" \
                    "${PREFIX["$workers $row"]}" "$round"
            done
        done
    done
    for row in "${ROWS[@]}"; do
        stop_row "$row" "$workers"
    done
done

# each cell's median over the rounds
for key in "${!RPS[@]}"; do
    RPS[$key]=$(median "${RPS[$key]}")
    P99[$key]=$(printf '%.2f' "$(median "${P99[$key]}")")
    CPU[$key]=$(median "${CPU[$key]}")
    MBS[$key]=$(awk -v r="${RPS[$key]}" -v s="${SIZE[$key]}" \
                    'BEGIN { printf "%.1f", r * s / 1e6 }')
done

# --- the table -----------------------------------------------------------

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
nginx_version=$("$NGINX_BIN" -v 2>&1 | sed 's/^nginx version: //')
# how the kernel paces TCP changes what a copied send costs against sendfile
congestion=$(cat /proc/sys/net/ipv4/tcp_congestion_control 2>/dev/null \
             || echo unknown)

# a cache hit against nginx sending the same bytes from a file (row 7)
hit_vs_file=''
for i in "${!PAGES[@]}"; do
    cells=''
    for workers in $WORKERS_LIST; do
        hit=${RPS["$i $workers article-cache"]:-}
        file=${RPS["$i $workers rewritten"]:-}
        [ -n "$hit" ] && [ -n "$file" ] || continue
        cells="$cells${cells:+, }$(awk -v a="$hit" -v b="$file" -v w="$workers" \
            'BEGIN { printf "%.2f with %d worker(s)", a / b, w }')"
    done
    [ -n "$cells" ] || continue
    hit_vs_file="$hit_vs_file${hit_vs_file:+;
  }$(basename "${PAGES[$i]}") $cells"
done

{
    echo "# Benchmarks"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPU(s), ${cpu_model:-unknown CPU}," \
         "$nginx_version; wrk $THREADS threads, $CONNECTIONS connections," \
         "${DURATION} s a cell and round, the median of $ROUNDS round(s)," \
         "on loopback (wrk and nginx share the CPUs)," \
         "TCP congestion control $congestion;" \
         "$PINNING;" \
         "load average $LOAD_BEFORE before, $LOAD_AFTER after."
    echo
    echo "Pages (../shared/corpus): $(for i in "${!PAGES[@]}"; do
        p=${PAGES[$i]}
        printf '%s%s %s bytes' "$([ "$i" -gt 0 ] && echo ', ')" "$(basename "$p")" "$(stat -c %s "$p")"
    done)."
    echo
    echo "| page | workers | configuration | requests/s | vs plain | p99 ms | body MB/s | worker CPU/request |"
    echo "|---|---:|---|---:|---:|---:|---:|---:|"
    for i in "${!PAGES[@]}"; do
        for workers in $WORKERS_LIST; do
            base=${RPS["$i $workers plain"]:-}
            for row in "${ROWS[@]}"; do
                key="$i $workers $row"
                if [ -n "${NA[$key]:-}" ]; then
                    printf '| %s | %s | %s | %s | | | | |\n' \
                        "$(basename "${PAGES[$i]}")" "$workers" "${LABEL[$row]}" "${NA[$key]}"
                    continue
                fi
                ratio=$(awk -v a="${RPS[$key]}" -v b="$base" \
                            'BEGIN { if (b > 0) printf "%.2f", a / b }')
                printf '| %s | %s | %s | %.0f | %s | %s | %s | %.0f us |\n' \
                    "$(basename "${PAGES[$i]}")" "$workers" "${LABEL[$row]}" \
                    "${RPS[$key]}" "$ratio" "${P99[$key]}" "${MBS[$key]}" "${CPU[$key]}"
            done
        done
    done
    echo
    echo "Notes:"
    echo
    echo "- Every answer was checked before timing: plain is the file byte for"
    echo "  byte; sub_filter and subs_filter answers are 200, changed and hold"
    echo "  the share bar and the mirror list; the module's answers (direct,"
    echo "  cached, proxied) equal article-rewrite's on the same page."
    echo "- body MB/s = requests/s x the answer's body length. Worker CPU per"
    echo "  request = user+system time of the worker processes (/proc/PID/stat)"
    echo "  over the run, divided by the requests; for the proxy row it"
    echo "  includes the upstream server block, served by the same workers."
    echo "- sub_filter and subs_filter insert the bytes the module inserts on"
    echo "  that page (captured with article-rewrite -c bench/article.conf.in);"
    echo "  the masks are \\bWORD\\b caseless for the page's 20 most frequent"
    echo "  words of 5 or more letters (none that the inserted markup holds);"
    echo "  pcre_jit is on. Other work on the machine scatters requests/s"
    echo "  more than CPU per request."
    echo "- CPUs: $PINNING. The CPUs of a virtual machine need not be"
    echo "  equally fast; pinned, every configuration of a cell runs on the"
    echo "  same CPUs, so the columns compare the configurations, not the"
    echo "  CPUs the kernel happened to pick."
    echo "- A cache hit sends the module's answer, which is longer than the"
    echo "  page's file, from memory; row 7 is plain nginx sending those bytes"
    echo "  from a file with sendfile. Cache hit against row 7:"
    echo "  ${hit_vs_file:-n/a}."
    for n in "${NOTES[@]}"; do
        echo "- $n"
    done
    echo
    echo "Core alone, build/article-rewrite --bench -c CONF --url URL PAGE"
    echo "(CONF the module's configuration above, moderation included):"
    echo
    echo '```'
    for i in "${!PAGES[@]}"; do
        p=${PAGES[$i]}
        echo "$(basename "$p"):"
        "$REWRITE" --bench -c "$RUN/pages/$i/article.conf" \
            --url "http://$HOST/$(basename "$p")" "$p" | sed 's/^/  /'
    done
    echo '```'
} > "$OUT/results.md"

cat "$OUT/results.md"
