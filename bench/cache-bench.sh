#!/usr/bin/env bash
# A page from the cache against the same page as a static file: requests per
# second with wrk, with one and with two workers.
#
# Debian's nginx runs with the module, on loopback ports of its own, in
# build/bench/cache/.  The article is the corpus page closest to 100 KB
# (../shared/corpus), or a generated one; it is rewritten with canonical
# metadata and the share bar, stored, and the stored page is written out as
# the static file, so that both answers carry the same bytes.
#
# The static file and the hit are measured in turns, ROUNDS times each, and
# the median of each is shown, so that a load coming and going elsewhere on
# the machine falls on both alike.
#
# usage: bench/cache-bench.sh [SECONDS]     (of each wrk run; 10)
#   environment: NGINX (/usr/sbin/nginx), MODULE (build/ngx_http_article_module.so),
#                CONNECTIONS (32), THREADS (2), WORKERS ("1 2"), ROUNDS (3),
#                PORT (the first port tried)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-10}
nginx=${NGINX:-/usr/sbin/nginx}
module=${MODULE:-$root/build/ngx_http_article_module.so}
connections=${CONNECTIONS:-32}
threads=${THREADS:-2}
workers_list=${WORKERS:-1 2}
rounds=${ROUNDS:-3}
dir=$root/build/bench/cache

command -v wrk >/dev/null || { echo "cache-bench: wrk is missing (apt-get install wrk)" >&2; exit 1; }
[ -x "$nginx" ] || { echo "cache-bench: no nginx at $nginx" >&2; exit 1; }
[ -f "$module" ] || { echo "cache-bench: no module at $module (make)" >&2; exit 1; }

# a port nothing listens on
free_port() {
    local p=$1
    while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do
        p=$((p + 1))
    done
    echo "$p"
}

port=$(free_port "${PORT:-18480}")

rm -rf "$dir"
mkdir -p "$dir/conf" "$dir/logs" "$dir/html"

# the article: the corpus page nearest to 100 KB, or one made up
corpus=$root/../shared/corpus
article=
if [ -d "$corpus" ]; then
    article=$(for f in "$corpus"/*.html; do
                  s=$(stat -c %s "$f")
                  d=$((s > 102400 ? s - 102400 : 102400 - s))
                  echo "$d $f"
              done | sort -n | head -n 1 | cut -d' ' -f2-)
fi

if [ -n "$article" ]; then
    cp "$article" "$dir/html/article.html"
    source_name=$(basename "$article")
else
    {
        echo '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        echo '<title>A generated article - Bench News</title></head><body>'
        echo '<article><h1>A generated article</h1>'
        for i in $(seq 1 330); do
            echo "<p>Paragraph $i of a long article, with <a href=\"/more/$i\">a link</a> and some words to read through.</p>"
        done
        echo '</article></body></html>'
    } > "$dir/html/article.html"
    source_name="generated"
fi

pid=
stop() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -QUIT "$pid"
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
    fi
    pid=
}
trap stop EXIT

start() {
    local workers=$1
    cat > "$dir/conf/nginx.conf" <<EOF
load_module $module;
worker_processes $workers;
daemon on;
master_process on;
error_log $dir/logs/error.log warn;
pid $dir/logs/nginx.pid;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    default_type text/html;
    article_cache_zone pages 16m;

    server {
        listen 127.0.0.1:$port;

        location = /static.html {
            root $dir/html;
        }

        location /cached/ {
            article on;
            article_canonical https://www.example.org;
            article_metadata on;
            article_share x facebook telegram whatsapp email;
            article_cache pages;
            add_header X-Cache \$article_cache_status always;
            proxy_pass http://127.0.0.1:$port/origin/;
        }

        location /origin/ {
            alias $dir/html/;
        }
    }
}
EOF
    "$nginx" -p "$dir/" -c "$dir/conf/nginx.conf" -e "$dir/logs/error.log"
    for _ in $(seq 1 50); do
        [ -s "$dir/logs/nginx.pid" ] && break
        sleep 0.1
    done
    pid=$(cat "$dir/logs/nginx.pid")
}

rps() {
    wrk -t"$threads" -c"$connections" -d"${seconds}s" "$1" \
        | awk '/^Requests\/sec:/ { print $2 }'
}

median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
        END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

results=()

for workers in $workers_list; do
    start "$workers"

    # store the page, check that it comes from the cache, and write the
    # very bytes of the hit out as the static file
    curl -s -o /dev/null "http://127.0.0.1:$port/cached/article.html"
    status=$(curl -s -D - -o "$dir/html/static.html" \
                  "http://127.0.0.1:$port/cached/article.html" \
             | tr -d '\r' | awk -F': ' 'tolower($1) == "x-cache" { print $2 }')
    if [ "$status" != "HIT" ]; then
        echo "cache-bench: the page does not come from the cache ($status)" >&2
        exit 1
    fi

    statics=() hits=()
    for _ in $(seq 1 "$rounds"); do
        statics+=("$(rps "http://127.0.0.1:$port/static.html")")
        hits+=("$(rps "http://127.0.0.1:$port/cached/article.html")")
    done
    results+=("$workers $(median "${statics[@]}") $(median "${hits[@]}")")

    stop
done

size=$(stat -c %s "$dir/html/static.html")

echo "cache-bench: $source_name rewritten to $size bytes, wrk -t$threads -c$connections -d${seconds}s, median of $rounds, $(nproc) CPUs"
printf '%-8s %14s %14s %8s\n' workers "static req/s" "hit req/s" ratio
for line in "${results[@]}"; do
    set -- $line
    printf '%-8s %14.0f %14.0f %8.3f\n' "$1" "$2" "$3" \
        "$(awk -v a="$3" -v b="$2" 'BEGIN { printf "%.3f", a / b }')"
done

if grep -E '\[(alert|crit|emerg)\]|exited on signal' "$dir/logs/error.log" >&2; then
    echo "cache-bench: errors in $dir/logs/error.log" >&2
    exit 1
fi
