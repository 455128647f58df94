#!/usr/bin/env bash
# Builds every fuzz/fuzz_*.c target with clang (libFuzzer, ASan, UBSan)
# against the sources in src/, and runs each for SECONDS (default 60).
#
#   tools/fuzz.sh [SECONDS [NAME ...]]
#
# NAMEs (fuzz_url, ...) pick targets; without them every target runs.
# Each target keeps its corpus in build/fuzz/corpus-NAME, seeded from its
# own tests/fuzz-seeds/NAME/.  A crash, leak or timeout leaves its input
# as build/fuzz/NAME-crash-* (or -leak-, -timeout-, -oom-) and makes the
# script exit non-zero.
set -euo pipefail

seconds=${1:-60}
shift || true
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/build/fuzz

case $seconds in
    ''|*[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;;
esac

if ! command -v clang >/dev/null 2>&1; then
    echo "fuzz: clang not found, skipped (apt-get install clang)"
    exit 0
fi

shopt -s nullglob
if [ $# -gt 0 ]; then
    targets=()
    for name in "$@"; do
        if [ ! -f "$root/fuzz/$name.c" ]; then
            echo "fuzz: no target fuzz/$name.c" >&2
            exit 2
        fi
        targets+=("$root/fuzz/$name.c")
    done
else
    targets=("$root"/fuzz/fuzz_*.c)
fi
if [ ${#targets[@]} -eq 0 ]; then
    echo "fuzz: no target in fuzz/"
    exit 0
fi

cflags=(-std=c99 -D_POSIX_C_SOURCE=200809L -g -O1 -fno-omit-frame-pointer
        -I"$root/src")
pcre_cflags=$(pkg-config --cflags libpcre2-8 2>/dev/null || true)
pcre_libs=$(pkg-config --libs libpcre2-8 2>/dev/null || echo -lpcre2-8)

mkdir -p "$out/obj"
# inputs that fail are listed at the end if newer than this
touch "$out/.start"

# the core, instrumented for coverage but without libFuzzer's main
for src in "$root"/src/*.c; do
    obj=$out/obj/$(basename "${src%.c}").o
    # shellcheck disable=SC2086
    clang "${cflags[@]}" $pcre_cflags \
        -fsanitize=fuzzer-no-link,address,undefined \
        -c -o "$obj" "$src"
done

status=0

for src in "${targets[@]}"; do
    name=$(basename "${src%.c}")
    bin=$out/$name
    corpus=$out/corpus-$name
    log=$out/$name.log

    # shellcheck disable=SC2086
    clang "${cflags[@]}" -fsanitize=fuzzer,address,undefined \
        -o "$bin" "$src" "$out"/obj/*.o $pcre_libs -lcrypto -lm

    mkdir -p "$corpus"
    seeds=$root/tests/fuzz-seeds/$name
    if [ -d "$seeds" ]; then
        find "$seeds" -maxdepth 1 -type f -exec cp -n {} "$corpus"/ \;
    fi

    echo "fuzz: $name for $seconds s (corpus $(ls "$corpus" | wc -l) files)"

    st=0
    UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1} \
    "$bin" -max_len=65536 -max_total_time="$seconds" -timeout=30 \
        -print_final_stats=1 -artifact_prefix="$out/$name-" \
        "$corpus" >"$log" 2>&1 || st=$?

    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    echo "fuzz: $name: ${execs:-?} execs, ${rate:-?} exec/s," \
         "corpus $(ls "$corpus" | wc -l) files"

    if [ $st -ne 0 ]; then
        status=1
        echo "fuzz: $name FAILED (exit $st); log: $log" >&2
        grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -20 >&2 || true
    fi
done

mapfile -t crashes < <(find "$out" -maxdepth 1 -type f -newer "$out/.start" \
    \( -name '*-crash-*' -o -name '*-leak-*' -o -name '*-timeout-*' \
       -o -name '*-oom-*' \))
if [ ${#crashes[@]} -gt 0 ]; then
    echo "fuzz: inputs that failed (keep them in tests/fuzz-seeds/NAME/" \
         "once fixed):" >&2
    printf '  %s\n' "${crashes[@]}" >&2
fi

exit $status
