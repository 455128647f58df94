#!/usr/bin/env bash
# The demo news site (make demo / make demo-stop).
#
#   tools/demo.sh start   render examples/nginx.conf.in into build/demo/,
#                         (re)start nginx with the module on 127.0.0.1:$PORT
#   tools/demo.sh stop    stop the nginx whose pid is in build/demo/nginx.pid
#
# Environment: PORT (default 8080); DEMO_NGINX (default /usr/sbin/nginx),
# DEMO_MODULE (default build/ngx_http_article_module.so) and DEMO_TEMPLATE
# (default examples/nginx.conf.in) to run another binary, module or config.
set -euo pipefail

PROJECT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PREFIX=${DEMO_PREFIX:-$PROJECT/build/demo}
EXAMPLES=$PROJECT/examples
SITE=$EXAMPLES/site
NGINX_BIN=${DEMO_NGINX:-/usr/sbin/nginx}
MODULE=${DEMO_MODULE:-$PROJECT/build/ngx_http_article_module.so}
TEMPLATE=${DEMO_TEMPLATE:-$EXAMPLES/nginx.conf.in}
PORT=${PORT:-8080}
PIDFILE=$PREFIX/nginx.pid
CONF=$PREFIX/nginx.conf

CANONICAL_HOST=www.meridianpost.example
MIRRORS=(meridianpost-mirror.example mirror2.meridian.example
         meridianpostbbf3n77mxr7hmotgaq32ltociakzdylwtjn2tcv5zlyd.onion)

say() { printf 'demo: %s\n' "$*"; }
die() { printf 'demo: %s\n' "$*" >&2; exit 1; }

# The pid of the demo nginx master, or nothing.  A pid file left behind by a
# crash may name a pid that now belongs to another program: only a process
# that is an nginx counts.
running_pid() {
    local pid comm
    [ -s "$PIDFILE" ] || return 0
    pid=$(tr -dc '0-9' < "$PIDFILE")
    [ -n "$pid" ] || return 0
    kill -0 "$pid" 2>/dev/null || return 0
    comm=$(cat "/proc/$pid/comm" 2>/dev/null || true)
    case $comm in
        nginx*) echo "$pid" ;;
    esac
}

wait_gone() {
    local pid=$1 tries=$2
    while [ "$tries" -gt 0 ] && kill -0 "$pid" 2>/dev/null; do
        sleep 0.1
        tries=$((tries - 1))
    done
    ! kill -0 "$pid" 2>/dev/null
}

# Graceful quit first (finishes open requests), then a fast shutdown.
stop_nginx() {
    local pid
    pid=$(running_pid)
    if [ -z "$pid" ]; then
        if [ -e "$PIDFILE" ]; then
            rm -f "$PIDFILE"
            say "not running (removed a stale $(rel "$PIDFILE"))"
        else
            say "not running"
        fi
        return 0
    fi
    kill -QUIT "$pid" 2>/dev/null || true
    if ! wait_gone "$pid" 100; then
        kill -TERM "$pid" 2>/dev/null || true
        wait_gone "$pid" 50 || die "nginx (pid $pid) did not stop"
    fi
    say "stopped nginx (pid $pid)"
}

rel() {
    case $1 in
        "$PROJECT"/*) printf '%s' "${1#"$PROJECT"/}" ;;
        *)            printf '%s' "$1" ;;
    esac
}

# Escapes a value for the right-hand side of a sed s||| command.
sed_value() {
    printf '%s' "$1" | sed -e 's/[\\|&]/\\&/g'
}

render_conf() {
    local user_line
    if [ "$(id -u)" -eq 0 ]; then
        # as root the workers would otherwise switch to nobody, who may not
        # read the checkout or write build/demo
        user_line='user root;'
    else
        user_line="# not started as root: the workers run as $(id -un)"
    fi
    sed -e "s|@PREFIX@|$(sed_value "$PREFIX")|g" \
        -e "s|@ROOT@|$(sed_value "$SITE")|g" \
        -e "s|@MODULE@|$(sed_value "$MODULE")|g" \
        -e "s|@PORT@|$(sed_value "$PORT")|g" \
        -e "s|@EXAMPLES@|$(sed_value "$EXAMPLES")|g" \
        -e "s|@USER_LINE@|$(sed_value "$user_line")|g" \
        "$TEMPLATE" > "$CONF.new"
    if grep -n '@[A-Z_]*@' "$CONF.new" >&2; then
        rm -f "$CONF.new"
        die "$(rel "$TEMPLATE") has a placeholder that demo.sh does not fill"
    fi
    mv "$CONF.new" "$CONF"
}

http_code() {
    curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$@" || true
}

cache_status() {
    local v
    v=$(curl -s -o /dev/null -D - --max-time 2 "$1" 2>/dev/null \
        | tr -d '\r' | sed -n 's/^[Xx]-[Cc]ache-[Ss]tatus: *//p')
    printf '%s' "${v:-(no header)}"
}

start() {
    local out pid code url article articles=() f ask first second

    case $PORT in
        ''|*[!0-9]*) die "PORT must be a number, not '$PORT'" ;;
    esac
    if [ "$PORT" -lt 1 ] || [ "$PORT" -gt 65535 ]; then
        die "PORT must be between 1 and 65535, not $PORT"
    fi
    [ -x "$NGINX_BIN" ] || die "$NGINX_BIN not found: run 'make deps'"
    command -v curl >/dev/null || die "curl not found: run 'make deps'"
    [ -f "$MODULE" ] || die "$(rel "$MODULE") not found: run 'make' first"
    [ -f "$TEMPLATE" ] || die "$(rel "$TEMPLATE") not found"

    mkdir -p "$PREFIX/tmp"

    # nginx reads its configuration only when it starts, so a running demo
    # keeps going on the old one until the new one has passed the test
    render_conf

    if ! out=$("$NGINX_BIN" -t -p "$PREFIX/" -c "$CONF" 2>&1); then
        printf '%s\n' "$out" >&2
        die "the configuration $(rel "$CONF") does not pass 'nginx -t'"
    fi

    pid=$(running_pid)
    if [ -n "$pid" ]; then
        say "a demo nginx is already running (pid $pid): restarting it"
        stop_nginx
    fi

    if ! out=$("$NGINX_BIN" -p "$PREFIX/" -c "$CONF" 2>&1); then
        printf '%s\n' "$out" >&2
        # a failed start can leave an empty pid file behind
        [ -n "$(running_pid)" ] || rm -f "$PIDFILE"
        die "nginx did not start"
    fi

    url=http://127.0.0.1:$PORT
    code=000
    for _ in $(seq 50); do
        code=$(http_code "$url/")
        [ "$code" = 200 ] && break
        sleep 0.1
    done
    if [ "$code" != 200 ]; then
        printf 'demo: %s/ answered %s instead of 200\n' "$url" "$code" >&2
        [ -f "$PREFIX/error.log" ] && tail -n 10 "$PREFIX/error.log" >&2
        stop_nginx >&2
        exit 1
    fi

    while IFS= read -r f; do
        articles+=("${f#"$SITE"}")
    done < <(find "$SITE" -name '*.html' ! -name index.html \
             ! -path "$SITE/static/*" | sort)
    article=/world/europe/varnholm-ferry-link-reopens.html
    [ -f "$SITE$article" ] || article=${articles[0]}

    first=$(cache_status "$url$article")
    second=$(cache_status "$url$article")

    pid=$(running_pid)
    cat <<EOF

The Meridian Post demo is running: nginx pid ${pid:-?}, $(rel "$CONF")

  Open        $url/
EOF
    ask='  Articles   '
    for f in "${articles[@]}"; do
        printf '%s %s%s\n' "$ask" "$url" "$f"
        ask='             '
    done
    cat <<EOF
  Proxied     $url/proxied$article
              (the same page fetched through proxy_pass, rewritten on the way)

  The page as each mirror serves it (links and metadata follow the Host):
EOF
    for ask in "${MIRRORS[@]}"; do
        printf "    curl -H 'Host: %s' %s%s\n" "$ask" "$url" "$article"
    done
    cat <<EOF
  and as the canonical site:
    curl -H 'Host: $CANONICAL_HOST' $url$article

  Status      $url/article-status
  Cache       curl -sI $url$article | grep -i x-cache-status
              (just now: first request $first, second $second)
  Logs        $(rel "$PREFIX")/error.log, $(rel "$PREFIX")/access.log
  Stop        make demo-stop
EOF
}

case ${1:-} in
    start) start ;;
    stop)  stop_nginx ;;
    *)     echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
