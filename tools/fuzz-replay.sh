#!/usr/bin/env bash
# Replays the kept fuzz inputs without libFuzzer, as part of the tests.
#
#   BUILD=build tools/fuzz-replay.sh [NAME ...]
#
# Each fuzz/fuzz_*.c target (or each NAME given) is built with $CC and
# fuzz/replay.c against $BUILD/libarticle.a (made by "make core"), with the
# flags of the ordinary build, plus AddressSanitizer and UBSan when BUILD
# is build/san (as "make SANITIZE=1" builds it), and run on every file of
# tests/fuzz-seeds/NAME/, one process a file: an input passes when the
# process exits 0 (no broken invariant, no sanitizer report, no leak).
#
# Prints one line per target, then exactly one line
#   fuzz-replay: N passed, N failed
# and exits non-zero when an input failed or a target did not build.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-build}
case $build in
    /*) ;;
    *) build=$root/$build ;;
esac

cc=${CC:-cc}
lib=$build/libarticle.a
out=$build/fuzz-replay
seconds=${FUZZ_REPLAY_TIMEOUT:-120}

cflags=(-std=c99 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror
        -Wno-unused-parameter -g -O2 -fPIC -I"$root/src" -I"$root/fuzz")
case $build in
    */san|*/san/)
        cflags+=(-fsanitize=address,undefined -fno-omit-frame-pointer
                 -fno-sanitize-recover=undefined)
        ;;
esac
read -r -a pcre_cflags <<< "$(pkg-config --cflags libpcre2-8 2>/dev/null)"
read -r -a pcre_libs <<< "$(pkg-config --libs libpcre2-8 2>/dev/null \
                            || echo -lpcre2-8)"

if [ ! -f "$lib" ]; then
    echo "fuzz-replay: $lib is missing (make core first)" >&2
    echo "fuzz-replay: 0 passed, 0 failed"
    exit 1
fi

shopt -s nullglob
targets=()
if [ $# -gt 0 ]; then
    for name in "$@"; do
        targets+=("$root/fuzz/$name.c")
    done
else
    targets=("$root"/fuzz/fuzz_*.c)
fi

mkdir -p "$out"

passed=0
failed=0
status=0

for src in "${targets[@]}"; do
    name=$(basename "${src%.c}")
    bin=$out/$name
    files=("$root/tests/fuzz-seeds/$name"/*)

    if [ ! -f "$src" ] \
        || ! "$cc" "${cflags[@]}" "${pcre_cflags[@]}" -o "$bin" "$src" \
             "$root/fuzz/replay.c" "$lib" "${pcre_libs[@]}" -lcrypto -lm \
             2>"$out/$name.build.log"
    then
        echo "fuzz-replay: $name: did not build (see $out/$name.build.log)"
        failed=$((failed + ${#files[@]}))
        status=1
        continue
    fi

    ok=0
    bad=()

    for f in "${files[@]}"; do
        [ -f "$f" ] || continue

        # (the shell's own word on a killed process goes: the log says)
        { UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1} \
          timeout "$seconds" "$bin" -q "$f" >"$out/$name.log" 2>&1; } \
          2>/dev/null
        st=$?

        if [ $st -eq 0 ]; then
            ok=$((ok + 1))
        else
            bad+=("$(basename "$f")")
            echo "exit status $st" >>"$out/$name.log"
            cp "$out/$name.log" "$out/$name.$(basename "$f").log"
        fi
    done

    passed=$((passed + ok))
    failed=$((failed + ${#bad[@]}))

    if [ ${#bad[@]} -eq 0 ]; then
        echo "fuzz-replay: $name: $ok inputs passed"
    else
        status=1
        echo "fuzz-replay: $name: $ok passed, ${#bad[@]} FAILED:" \
             "${bad[*]} (logs: $out/$name.*.log)"
    fi
done

echo "fuzz-replay: $passed passed, $failed failed"

exit $status
