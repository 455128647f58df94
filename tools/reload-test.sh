#!/usr/bin/env bash
# Reloads under load: nginx with the module and its cache zone answers wrk
# while `nginx -s reload` runs every 100 ms, then the run is judged: wrk saw
# only 2xx answers and no socket error a graceful reload does not explain,
# the log holds no crash and no [alert], [crit] or [emerg], the zone stayed
# within its size, the old workers went, and the pages served afterwards
# are still the right ones.
#
# Two wrk runs go at once over the same reloads: one on keep-alive
# connections, one with "Connection: close".  A worker told to shut down
# gracefully finishes the requests it has, then closes its idle keep-alive
# connections; a client that has already sent its next request on such a
# connection reads the close instead (wrk counts it as a read or write
# error), and an HTTP client retries it.  Each old worker may do that once
# to each connection, so keep-alive may see at most connections x workers
# such errors per reload; "Connection: close" must see none.
#
# Environment (as tools/run-tests.sh): BUILD (default build), ART_NGINX_MODE
# dynamic (TEST_NGINX_BINARY, default /usr/sbin/nginx, loading
# $BUILD/ngx_http_article_module.so) or static ($BUILD/nginx/sbin/nginx),
# SANITIZE=1 (preload the sanitizer runtimes for a sanitized module);
# RELOAD_PORT (default 18300; it and the next port are used),
# RELOAD_SECONDS (default 10), RELOAD_INTERVAL (default 0.1),
# RELOAD_CONNECTIONS (per wrk run, default 8), WRK (default: wrk in PATH),
# RELOAD_KEEP=1 keeps the temporary directory.
#
# Last line: "reload: N passed, N failed" (one check, one count), exit
# status 1 on a failure; "reload: skipped (...)" and 0 without wrk.
set -u
unset NGINX

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
mode=${ART_NGINX_MODE:-dynamic}
nginx_preload=""
port=${RELOAD_PORT:-18300}
up_port=$((port + 1))
seconds=${RELOAD_SECONDS:-10}
interval=${RELOAD_INTERVAL:-0.1}
conns=${RELOAD_CONNECTIONS:-8}
wrk=${WRK:-$(command -v wrk || true)}

pass=0; fail=0
ok() { pass=$((pass + 1)); echo "reload: ok: $*"; }
ko() { fail=$((fail + 1)); echo "reload: FAIL: $*"; }
finish() {
    echo "reload: $pass passed, $fail failed"
    [ "$fail" -eq 0 ]
    exit
}

if [ -z "$wrk" ] || [ ! -x "$wrk" ]; then
    echo "reload: skipped (wrk is not installed)"
    exit 0
fi

if [ "$mode" = static ]; then
    nginx_bin=$build/nginx/sbin/nginx
    load_module=""
else
    nginx_bin=${TEST_NGINX_BINARY:-/usr/sbin/nginx}
    module=$build/ngx_http_article_module.so
    load_module="load_module $module;"
    if [ ! -f "$module" ]; then
        ko "no module at $module (run make first)"
        finish
    fi
    if [ "${SANITIZE:-}" = 1 ]; then
        # for nginx only: curl and wrk stay as they are
        nginx_preload="$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libubsan.so)"
        export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
    fi
fi
if [ ! -x "$nginx_bin" ]; then
    ko "no nginx at $nginx_bin"
    finish
fi

for p in "$port" "$up_port"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
        ko "port $p is already taken (set RELOAD_PORT)"
        finish
    fi
done

dir=$(mktemp -d "${TMPDIR:-/tmp}/reload-test.XXXXXX")
chmod 755 "$dir"
mkdir -p "$dir/logs" "$dir/site" "$dir/tmp"
user_line=""
[ "$(id -u)" = 0 ] && user_line="user root;"

master=""
bg_pids=()
cleanup() {
    local pid
    for pid in "${bg_pids[@]}"; do
        kill "$pid" 2>/dev/null
    done
    if [ -n "$master" ] && kill -0 "$master" 2>/dev/null; then
        kill -QUIT "$master" 2>/dev/null
        for _ in $(seq 50); do
            kill -0 "$master" 2>/dev/null || break
            sleep 0.1
        done
        kill -TERM "$master" 2>/dev/null
    fi
    if [ "${RELOAD_KEEP:-}" = 1 ] || [ "$fail" -gt 0 ]; then
        echo "reload: files kept in $dir"
    else
        rm -rf "$dir"
    fi
}
trap cleanup EXIT

# the demo site's pages, served by the upstream server block
(cd "$root/examples/site" && find . -name '*.html' -print0 |
    xargs -0 -I{} cp --parents {} "$dir/site/")
chmod -R a+rX "$dir/site"
mapfile -t pages < <(cd "$dir/site" && find . -name '*.html' | sed 's|^\.||' | sort)
if [ "${#pages[@]}" -eq 0 ]; then
    ko "no pages found under examples/site"
    finish
fi

zone_size=1048576
workers=2
cat > "$dir/nginx.conf" <<CONF
$load_module
$user_line
worker_processes $workers;
master_process on;
daemon on;
error_log $dir/logs/error.log notice;
pid $dir/logs/nginx.pid;
env LD_PRELOAD;
env ASAN_OPTIONS;

events {
    worker_connections 1024;
}

http {
    access_log off;
    # as in most configurations
    sendfile on;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;

    article_cache_zone pages $zone_size;

    server {
        listen 127.0.0.1:$port;

        location / {
            article on;
            article_canonical https://www.example.org;
            article_metadata on;
            article_share x facebook email;
            article_cache pages;
            # the reference pages are asked with this header: rewritten,
            # never from the cache
            article_cache_bypass \$http_x_no_cache;
            add_header X-Cache \$article_cache_status always;
            proxy_set_header Accept-Encoding "";
            proxy_pass http://127.0.0.1:$up_port;
        }

        location = /status {
            article_status;
        }
    }

    server {
        listen 127.0.0.1:$up_port;
        root $dir/site;
        default_type text/html;
    }
}
CONF

run_nginx() {
    if [ -n "$nginx_preload" ]; then
        LD_PRELOAD="$nginx_preload${LD_PRELOAD:+ $LD_PRELOAD}" \
            "$nginx_bin" -p "$dir/" -c "$dir/nginx.conf" \
            -e "$dir/logs/error.log" "$@"
    else
        "$nginx_bin" -p "$dir/" -c "$dir/nginx.conf" \
            -e "$dir/logs/error.log" "$@"
    fi
}

if ! run_nginx -t > "$dir/logs/t.out" 2>&1; then
    ko "nginx -t: $(tail -n 3 "$dir/logs/t.out")"
    finish
fi
if ! run_nginx; then
    ko "nginx did not start: $(tail -n 3 "$dir/logs/error.log")"
    finish
fi
for _ in $(seq 50); do
    [ -s "$dir/logs/nginx.pid" ] && break
    sleep 0.1
done
master=$(tr -dc '0-9' < "$dir/logs/nginx.pid" 2>/dev/null)
if [ -z "$master" ] || ! kill -0 "$master" 2>/dev/null; then
    ko "no nginx master after start"
    finish
fi
url=http://127.0.0.1:$port

# The reference: each page rewritten, bypassing the cache.
mkdir -p "$dir/ref" "$dir/after"
i=0
for p in "${pages[@]}"; do
    i=$((i + 1))
    code=$(curl -s -m 10 -o "$dir/ref/$i" -w '%{http_code}' -H 'X-No-Cache: 1' "$url$p")
    if [ "$code" != 200 ] || ! grep -q 'data-article-share' "$dir/ref/$i"; then
        ko "reference $p: status $code, or not rewritten"
        finish
    fi
done
ok "${#pages[@]} reference pages, rewritten"

cat > "$dir/pages.lua" <<LUA
local paths = { $(printf '"%s", ' "${pages[@]}") }
local n = 0
request = function()
    n = n + 1
    return wrk.format("GET", paths[(n % #paths) + 1])
end
LUA

# load: keep-alive and Connection: close, side by side
"$wrk" -t1 -c"$conns" -d"${seconds}s" -s "$dir/pages.lua" "$url/" \
    > "$dir/wrk-keepalive.out" 2>&1 &
wrk_ka=$!
bg_pids+=("$wrk_ka")
"$wrk" -t1 -c"$conns" -d"${seconds}s" -s "$dir/pages.lua" \
    -H 'Connection: close' "$url/" > "$dir/wrk-close.out" 2>&1 &
wrk_close=$!
bg_pids+=("$wrk_close")

# a reload every $interval s (each `nginx -s reload` in the background, so
# that a slow one under load does not stretch the period), and the zone's
# size, use and entries now and then
max_used=0; max_entries=0; zsize=""; status_bad=0; status_polls=0
reload_pids=()
# microseconds, without a fork: the loop keeps time under load
now_us() { local t=${EPOCHREALTIME/./}; now=$((10#$t)); }
step_us=$(awk -v s="$interval" 'BEGIN { printf "%d", s * 1000000 }')
mkfifo "$dir/tick"
exec 9<> "$dir/tick"
now_us
end=$((now + seconds * 1000000))
next=$now
while now_us && [ "$now" -lt "$end" ]; do
    run_nginx -s reload 2>> "$dir/logs/reload.err" &
    reload_pids+=("$!")
    if [ $(( ${#reload_pids[@]} % 5 )) -eq 0 ]; then
        s=$(curl -s -m 2 "$url/status")
        re='"pages":\{"size":([0-9]+),"used":([0-9]+),"entries":([0-9]+)'
        if [[ $s =~ $re ]]; then
            status_polls=$((status_polls + 1))
            zsize=${BASH_REMATCH[1]}
            used=${BASH_REMATCH[2]}
            entries=${BASH_REMATCH[3]}
            [ "$used" -gt "$max_used" ] && max_used=$used
            [ "$entries" -gt "$max_entries" ] && max_entries=$entries
        else
            status_bad=$((status_bad + 1))
        fi
    fi
    # wait for the next tick (read -t on a fifo nobody writes to)
    next=$((next + step_us))
    now_us
    wait_us=$((next - now))
    if [ "$wait_us" -gt 0 ]; then
        printf -v tmo '%d.%06d' $((wait_us / 1000000)) $((wait_us % 1000000))
        read -r -t "$tmo" -u 9 _
    fi
done
exec 9<&-
reloads=${#reload_pids[@]}; reload_errors=0
for pid in "${reload_pids[@]}"; do
    wait "$pid" || reload_errors=$((reload_errors + 1))
done
wait "$wrk_ka"; wait "$wrk_close"
bg_pids=()

# wrk: requests made, every answer 2xx, socket errors
# signals that come while the master reloads count once
applied=$(grep -c ': reconfiguring$' "$dir/logs/error.log")
wrk_check() {
    local name=$1 out=$2 allowed=$3 reqs connect read write timeout non2xx
    reqs=$(sed -nE 's/^ *([0-9]+) requests in .*/\1/p' "$out")
    if [ -z "$reqs" ] || [ "$reqs" -eq 0 ]; then
        ko "wrk $name made no request: $(tr '\n' ' ' < "$out")"
        return
    fi
    ok "wrk $name: $reqs requests"
    non2xx=$(sed -nE 's/^ *Non-2xx or 3xx responses: ([0-9]+).*/\1/p' "$out")
    if [ -z "$non2xx" ]; then
        ok "wrk $name: every answer 2xx"
    else
        ko "wrk $name: $non2xx answers not 2xx or 3xx"
    fi
    read -r connect read write timeout < <(sed -nE \
        's/^ *Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+).*/\1 \2 \3 \4/p' "$out")
    connect=${connect:-0}; read=${read:-0}; write=${write:-0}; timeout=${timeout:-0}
    echo "reload: wrk $name socket errors: connect $connect, read $read, write $write, timeout $timeout"
    if [ "$connect" -eq 0 ] && [ "$timeout" -eq 0 ]; then
        ok "wrk $name: no connect error, no timeout"
    else
        ko "wrk $name: $connect connect errors, $timeout timeouts"
    fi
    if [ $((read + write)) -le "$allowed" ]; then
        ok "wrk $name: $((read + write)) read/write errors (at most $allowed)"
    else
        ko "wrk $name: $((read + write)) read/write errors, more than $allowed"
    fi
}
echo "reload: $reloads reload signals sent ($reload_errors failed), $applied configurations loaded"
wrk_check keep-alive "$dir/wrk-keepalive.out" $((conns * workers * (applied + 1)))
wrk_check close "$dir/wrk-close.out" 0

if [ "$reload_errors" -eq 0 ] && [ "$reloads" -gt 0 ] && [ "$applied" -gt 0 ]; then
    ok "$reloads reloads sent without error, $applied applied"
else
    ko "$reloads reloads sent, $reload_errors failed, $applied applied: $(tail -n 3 "$dir/logs/reload.err")"
fi

# the zone stayed within its size, and held no more pages than there are
echo "reload: zone: $status_polls status pages read, at most $max_used bytes used of ${zsize:-?}, at most $max_entries entries"
if [ "$status_polls" -gt 0 ] && [ "$status_bad" -eq 0 ] \
   && [ "$zsize" = "$zone_size" ] && [ "$max_used" -le "$zone_size" ] \
   && [ "$max_entries" -le "${#pages[@]}" ] && [ "$max_entries" -gt 0 ]
then
    ok "zone within its size and bounded in entries"
else
    ko "zone: $status_polls polls ($status_bad unreadable), size ${zsize:-?}, used up to $max_used, entries up to $max_entries for ${#pages[@]} pages"
fi

# the old workers go: the master keeps only its own
left=""
for _ in $(seq 100); do
    left=$(pgrep -P "$master" | wc -l)
    [ "$left" -le "$workers" ] && break
    sleep 0.1
done
if kill -0 "$master" 2>/dev/null && [ "$left" -eq "$workers" ]; then
    ok "the master runs, with its $workers workers and no old one left"
else
    ko "master alive: $(kill -0 "$master" 2>/dev/null && echo yes || echo no), $left children"
fi

# the pages served now: the same as the reference, from the cache
i=0; bad=""
for p in "${pages[@]}"; do
    i=$((i + 1))
    curl -s -m 10 -o /dev/null "$url$p"
    hdr=$(curl -s -m 10 -D - -o "$dir/after/$i" "$url$p")
    if ! printf '%s' "$hdr" | grep -q '^X-Cache: HIT'; then
        bad="$bad $p(not a HIT)"
    elif ! cmp -s "$dir/ref/$i" "$dir/after/$i"; then
        bad="$bad $p(differs)"
    fi
done
if [ -z "$bad" ]; then
    ok "every page after the run is the reference page, from the cache"
else
    ko "pages after the run:$bad"
fi

# the log, after a graceful stop
kill -QUIT "$master" 2>/dev/null
for _ in $(seq 100); do
    kill -0 "$master" 2>/dev/null || break
    sleep 0.1
done
if kill -0 "$master" 2>/dev/null; then
    ko "nginx did not stop on QUIT within 10 s"
else
    master=""
    ok "nginx stopped on QUIT"
fi
crashes=$(grep -c 'exited on signal' "$dir/logs/error.log")
if [ "$crashes" -eq 0 ]; then
    ok "no process exited on a signal"
else
    ko "$crashes processes exited on a signal: $(grep -m 3 'exited on signal' "$dir/logs/error.log")"
fi
severe=$(grep -cE '\[(alert|crit|emerg)\]' "$dir/logs/error.log")
if [ "$severe" -eq 0 ]; then
    ok "no [alert], [crit] or [emerg] in the log"
else
    ko "$severe [alert]/[crit]/[emerg] lines, first: $(grep -m 3 -E '\[(alert|crit|emerg)\]' "$dir/logs/error.log")"
fi

finish
