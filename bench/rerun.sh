#!/usr/bin/env bash
# Reruns cells of the last `make bench`: one page, one worker count, some
# of its configurations, in ROUNDS rounds of SECONDS each, every round the
# configurations in turn (the order rotating), and gives each one's ratio
# to the first configuration as the geometric mean of the rounds' ratios
# with its 95% interval.
#
# One make bench cell is the median of three runs of 3 s; on a shared
# machine two such runs of the same cell can differ by a fifth.  Pairing
# each round's runs, taken seconds apart, cancels the load that comes and
# goes, and many rounds tell whether a difference is real.
#
#   bench/rerun.sh [PAGE [CONFIGURATION...]]
#
# PAGE is a page of the last run (default: the ~100 KB one); the
# configurations are those of build/bench/run (default: plain
# article-cache rewritten, i.e. the cache hit against plain nginx and
# against plain nginx sending the same bytes).
# Environment: RERUN_ROUNDS (15), RERUN_SECONDS (3), RERUN_WORKERS (2),
# BENCH_THREADS (2), BENCH_CONNECTIONS (32), BENCH_NGINX (/usr/sbin/nginx).
set -euo pipefail

PROJECT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUN=$PROJECT/build/bench/run
NGINX_BIN=${BENCH_NGINX:-/usr/sbin/nginx}
ROUNDS=${RERUN_ROUNDS:-15}
SECONDS_EACH=${RERUN_SECONDS:-3}
WORKERS=${RERUN_WORKERS:-2}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
HOST=www.example.org

say() { printf 'rerun: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

. "$PROJECT/bench/nginx.sh"

for v in ROUNDS SECONDS_EACH WORKERS THREADS CONNECTIONS; do
    case ${!v} in
        ''|*[!0-9]*|0) die "$v must be a positive number, not '${!v}'" ;;
    esac
done
[ "$ROUNDS" -ge 2 ] || die "RERUN_ROUNDS must be 2 or more for an interval"
command -v wrk >/dev/null || die "wrk not found (Debian: apt-get install wrk)"
[ -d "$RUN/pages" ] || die "no $RUN/pages: run 'make bench' first"

if [ $# -ge 1 ]; then
    PAGE=$1
    shift
else
    PAGE=$(find "$RUN/rewritten" -name '*.html' -printf '%s %f\n' \
               2>/dev/null | sort -n | sed -n '2{s/^[0-9]* //;p}' || true)
    [ -n "$PAGE" ] || die "cannot tell the pages of the last run: name one"
fi
if [ $# -ge 1 ]; then
    CONFIGS=("$@")
else
    CONFIGS=(plain article-cache rewritten)
fi
[ ${#CONFIGS[@]} -ge 2 ] || die "name two configurations or more"

# stops every nginx started here, and waits for each to exit
STARTED=()
stop_all() {
    local prefix
    for prefix in "${STARTED[@]}"; do
        stop_nginx "$prefix"
    done
    STARTED=()
}
trap stop_all EXIT
trap 'exit 130' INT TERM

declare -A URL
for cfg in "${CONFIGS[@]}"; do
    prefix=$RUN/$cfg-w$WORKERS
    if [ ! -f "$prefix/nginx.conf" ]; then
        known=$(cd "$RUN" && ls -d ./*-w"$WORKERS" 2>/dev/null \
                | sed "s|^\./||; s|-w$WORKERS\$||" | tr '\n' ' ' || true)
        die "no $prefix/nginx.conf (configurations: ${known:-none})"
    fi
    port=$(sed -n 's/^ *listen 127\.0\.0\.1:\([0-9]*\);.*/\1/p' \
           "$prefix/http.conf" | tail -n 1)
    [ -n "$port" ] || die "$cfg: no port in $prefix/http.conf"
    if port_busy "$port"; then
        die "$cfg: port $port is taken (is make bench running?)"
    fi
    "$NGINX_BIN" -p "$prefix/" -c "$prefix/nginx.conf" \
        || die "$cfg: nginx did not start (see $prefix/error.log)"
    STARTED+=("$prefix")
    URL[$cfg]=http://127.0.0.1:$port/$PAGE
done

# wrk where make bench puts it beside these workers
NCPU=$(nproc)
PIN=0
if grep -q '^worker_cpu_affinity' "$RUN/${CONFIGS[0]}-w$WORKERS/nginx.conf"
then
    PIN=1
fi
read -r -a WRK <<< "$(wrk_cpus "$WORKERS") wrk"

for cfg in "${CONFIGS[@]}"; do
    for _ in $(seq 50); do
        code=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $HOST" \
               "${URL[$cfg]}" || true)
        [ "$code" = 000 ] || break
        sleep 0.1
    done
    [ "$code" = 200 ] || die "$cfg: ${URL[$cfg]} answered $code"
    if [ "$cfg" = article-cache ]; then
        status=$(curl -s -o /dev/null -D - -H "Host: $HOST" "${URL[$cfg]}" \
                 | tr -d '\r' | sed -n 's/^X-Bench-Cache: *//Ip')
        [ "$status" = HIT ] \
            || die "article-cache: not a cache hit (${status:-no X-Bench-Cache})"
    fi
    "${WRK[@]}" -t1 -c4 -d1s -H "Host: $HOST" "${URL[$cfg]}" > /dev/null
done

LOG=$(mktemp)
trap 'stop_all; rm -f "$LOG"' EXIT
: > "$LOG"
n=${#CONFIGS[@]}
for round in $(seq "$ROUNDS"); do
    for k in $(seq 0 $((n - 1))); do
        cfg=${CONFIGS[$(((k + round) % n))]}
        out=$("${WRK[@]}" -t"$THREADS" -c"$CONNECTIONS" \
              -d"${SECONDS_EACH}s" -H "Host: $HOST" "${URL[$cfg]}") \
            || die "$cfg: wrk failed on ${URL[$cfg]}"
        if grep -q 'Non-2xx' <<< "$out"; then
            die "$cfg: wrk saw non-2xx answers"
        fi
        rps=$(awk '/^Requests\/sec:/ { print $2 }' <<< "$out")
        [ -n "$rps" ] || die "$cfg: wrk gave no requests/s"
        echo "$round $cfg $rps" >> "$LOG"
        printf 'rerun: round %s of %s: %s %s/s\n' "$round" "$ROUNDS" \
            "$cfg" "$rps" >&2
    done
done

stop_all
for cfg in "${CONFIGS[@]}"; do
    prefix=$RUN/$cfg-w$WORKERS
    if nginx_errors "$prefix"; then
        die "$cfg: nginx logged errors ($prefix/error.log)"
    fi
done

echo "$PAGE, $WORKERS worker(s), $ROUNDS rounds of ${SECONDS_EACH} s," \
     "wrk $THREADS threads, $CONNECTIONS connections, $(nproc) CPU(s)," \
     "$(date -u '+%Y-%m-%d %H:%M UTC')"
awk -v ref="${CONFIGS[0]}" -v order="${CONFIGS[*]}" '
    # two-sided 95% quantiles of Student t by degrees of freedom
    BEGIN {
        split("12.706 4.303 3.182 2.776 2.571 2.447 2.365 2.306 2.262 " \
              "2.228 2.201 2.179 2.160 2.145 2.131 2.120 2.110 2.101 " \
              "2.093 2.086 2.080 2.074 2.069 2.064 2.060 2.056 2.052 " \
              "2.048 2.045 2.042", t, " ")
    }
    { rps[$1, $2] = $3; rounds[$1] = 1 }
    END {
        printf "%-16s %12s %30s %14s\n", "configuration", "median req/s",
               "vs " ref " (95% interval)", "round ratios"
        nc = split(order, cfgs, " ")
        for (c = 1; c <= nc; c++) {
            cfg = cfgs[c]; n = 0; s = 0; ss = 0; lo = ""; hi = ""
            delete v
            for (r in rounds) {
                v[++n] = rps[r, cfg]
                x = log(rps[r, cfg] / rps[r, ref])
                s += x; ss += x * x
                q = rps[r, cfg] / rps[r, ref]
                if (lo == "" || q < lo) lo = q
                if (hi == "" || q > hi) hi = q
            }
            # median of the rounds
            for (i = 2; i <= n; i++)
                for (j = i; j > 1 && v[j - 1] > v[j]; j--) {
                    w = v[j]; v[j] = v[j - 1]; v[j - 1] = w
                }
            med = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
            if (cfg == ref) {
                printf "%-16s %12.0f %30s\n", cfg, med, "1"
                continue
            }
            m = s / n
            var = (ss - n * m * m) / (n - 1)
            sd = var > 0 ? sqrt(var) : 0
            # past 30 degrees of freedom: z + (z^3 + z) / (4 df)
            q = (n - 1 <= 30) ? t[n - 1] : 1.96 + 2.373 / (n - 1)
            half = q * sd / sqrt(n)
            printf "%-16s %12.0f %30s %14s\n", cfg, med,
                   sprintf("%.3f (%.3f-%.3f)", exp(m), exp(m - half),
                           exp(m + half)),
                   sprintf("%.2f-%.2f", lo, hi)
        }
    }' "$LOG"
