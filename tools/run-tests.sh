#!/usr/bin/env bash
# make test: the libcheck programs, then the Test::Nginx suites in t/ with
# the module, and one closing line "N passed, N failed" for the whole run.
#
# environment: BUILD (build dir), ART_NGINX_MODE (dynamic|static), SANITIZE (1 or
# empty), TEST_NGINX_USE_VALGRIND; extra prove arguments in PROVE_ARGS.
set -u
# nginx takes NGINX in its environment for inherited sockets
unset NGINX

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build=${BUILD:-build}
mode=${ART_NGINX_MODE:-dynamic}

total_pass=0; total_fail=0

# add_counts LABEL RC OUTPUT: adds the "LABEL: N passed, N failed" line of a
# step's output to the totals; a step that exits non-zero with no failure
# counted counts as one failure
add_counts() {
    local label=$1 rc=$2 out=$3 line p=0 f=0
    line=$(printf '%s\n' "$out" | grep -E "^$label: [0-9]+ passed, [0-9]+ failed" | tail -n 1)
    if [ -n "$line" ]; then
        p=$(echo "$line" | sed -E "s/^$label: ([0-9]+) passed.*/\\1/")
        f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed$/\1/')
    fi
    [ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || f=1
    total_pass=$((total_pass + p)); total_fail=$((total_fail + f))
}

# 1. unit tests
unit_out=$(./tools/run-unit.sh "$@" 2>&1); unit_rc=$?
printf '%s\n' "$unit_out"
add_counts unit $unit_rc "$unit_out"

# 2. the command line tool against the corpus (identity and chunking)
if [ -x tools/cli-test.sh ]; then
    cli_out=$(BUILD="$build" ./tools/cli-test.sh 2>&1); cli_rc=$?
    printf '%s\n' "$cli_out" | tail -n 5
    add_counts cli $cli_rc "$cli_out"
fi

# 2b. every input a fuzz target ever failed on, replayed without libFuzzer
if [ -x tools/fuzz-replay.sh ]; then
    fz_out=$(BUILD="$build" ./tools/fuzz-replay.sh 2>&1); fz_rc=$?
    printf '%s\n' "$fz_out" | tail -n 3
    add_counts fuzz-replay $fz_rc "$fz_out"
fi

# 2c. the dynamic module exports only what nginx looks up
if [ "$mode" = dynamic ] && [ -x tools/exports-test.sh ]; then
    ex_out=$(./tools/exports-test.sh "$build/ngx_http_article_module.so" 2>&1)
    ex_rc=$?
    printf '%s\n' "$ex_out"
    add_counts exports $ex_rc "$ex_out"
fi

# 3. Test::Nginx
if [ "$mode" = static ]; then
    export TEST_NGINX_BINARY="$root/$build/nginx/sbin/nginx"
    export TEST_NGINX_LOAD_MODULES=""
    unset TEST_NGINX_LD_PRELOAD
    if [ "${SANITIZE:-}" = 1 ]; then
        # the whole nginx is sanitized: nginx's own UBSan reports are
        # silenced by file, any other stops the process.  nginx frees its
        # cycle by exiting, and the module allocates from nginx's pools, so
        # leak detection at exit would only list nginx's start-up memory.
        export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1:suppressions=$root/tools/ubsan-nginx.supp}
        export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
    fi
else
    export TEST_NGINX_BINARY=${TEST_NGINX_BINARY:-/usr/sbin/nginx}
    export TEST_NGINX_LOAD_MODULES="$root/$build/ngx_http_article_module.so"
    if [ "${SANITIZE:-}" = 1 ]; then
        # the module is sanitized, Debian's nginx is not: preload the runtime
        asan=$(gcc -print-file-name=libasan.so)
        ubsan=$(gcc -print-file-name=libubsan.so)
        export TEST_NGINX_LD_PRELOAD="$asan $ubsan"
        export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
    fi
fi
export ART_SHARED_DIR=${ART_SHARED_DIR:-$root/../shared}
[ -d "$ART_SHARED_DIR" ] || unset ART_SHARED_DIR
export TEST_NGINX_ARTICLE_ROOT="$root"

# under valgrind (make test-valgrind) each nginx writes its report to a file
# of its own; afterwards the reports whose stacks pass through the module
# count as failures, nginx's own (memory it never frees at exit) do not
vgdir=
if [ -n "${TEST_NGINX_USE_VALGRIND:-}" ]; then
    vgdir="$root/$build/valgrind"
    rm -rf "$vgdir"; mkdir -p "$vgdir"
    vgopts="--tool=memcheck --leak-check=full --show-possibly-lost=no"
    vgopts="$vgopts --num-callers=50 --log-file=$vgdir/vg.%p"
    [ -f "$root/tools/valgrind.supp" ] && vgopts="$vgopts --suppressions=$root/tools/valgrind.supp"
    export TEST_NGINX_USE_VALGRIND="$vgopts"
fi

log="$root/$build/prove.log"
mkdir -p "$(dirname "$log")"
if ls t/*.t >/dev/null 2>&1; then
    prove -It/lib ${PROVE_ARGS:-} -r t/ 2>&1 | tee "$log"
    prove_rc=${PIPESTATUS[0]}
    counts=$(perl -ne '
        if (/^Files=\d+, Tests=(\d+)/) { $t = $1 }
        if (/Failed (\d+)\/(\d+) subtests/) { $f += $1 }
        if (/^\S.*\(Wstat: (\d+).*?Tests: (\d+) Failed: (\d+)\)/) { $ff += ($3 == 0 && $1 != 0) ? 1 : 0 }
        END { $f //= 0; $ff //= 0; $t //= 0; print $t - $f, " ", $f + $ff, "\n" }' "$log")
    read -r p f <<<"$counts"
    total_pass=$((total_pass + p)); total_fail=$((total_fail + f))
    if [ "$prove_rc" -ne 0 ] && [ "$f" -eq 0 ]; then total_fail=$((total_fail + 1)); fi
fi

# 3b. reloads every 100 ms under wrk load with the cache on (not under
# valgrind, which cannot keep up with the load)
if [ -z "$vgdir" ] && [ -x tools/reload-test.sh ]; then
    r_out=$(BUILD="$build" ART_NGINX_MODE="$mode" SANITIZE="${SANITIZE:-}" \
            ./tools/reload-test.sh 2>&1); r_rc=$?
    printf '%s\n' "$r_out" | tail -n 4
    add_counts reload $r_rc "$r_out"
fi

# 3c. a hit keeps its bytes while a slow client reads them, though the
# entry is freed and its memory written over meanwhile
if [ -z "$vgdir" ] && [ -x tools/inflight-test.pl ]; then
    i_out=$(BUILD="$build" ART_NGINX_MODE="$mode" SANITIZE="${SANITIZE:-}" \
            ./tools/inflight-test.pl 2>&1); i_rc=$?
    printf '%s\n' "$i_out" | tail -n 2
    add_counts inflight $i_rc "$i_out"
fi

if [ -n "$vgdir" ]; then
    vg_out=$(perl "$root/tools/valgrind-reports.pl" "$vgdir" 2>&1); vg_rc=$?
    printf '%s\n' "$vg_out"
    if [ $vg_rc -eq 0 ]; then
        total_pass=$((total_pass + 1))
    else
        total_fail=$((total_fail + 1))
    fi
fi

# 4. the share bar in a real browser, on the demo site
if [ "$mode" != static ] && [ -z "${SANITIZE:-}" ] && [ -z "$vgdir" ]; then
    if [ -x /usr/bin/chromium ]; then
        bport=${BROWSER_TEST_PORT:-18090}
        export DEMO_PREFIX="$root/$build/browser-demo"
        if PORT=$bport ./tools/demo.sh start > "$root/$build/browser-demo.log" 2>&1; then
            b_out=$(./tools/browser-test.sh "http://127.0.0.1:$bport" 2>&1); b_rc=$?
            printf '%s\n' "$b_out" | tail -n 3
            add_counts browser $b_rc "$b_out"
        else
            echo "browser test: the demo did not start (see $build/browser-demo.log)"
            total_fail=$((total_fail + 1))
        fi
        PORT=$bport ./tools/demo.sh stop >/dev/null 2>&1 || true
    else
        echo "browser test skipped: chromium not installed"
    fi
fi

echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
