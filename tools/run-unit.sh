#!/usr/bin/env bash
# Runs each libcheck program and prints one line "N passed, N failed".
set -u
pass=0; fail=0; rc=0
for t in "$@"; do
    out=$("$t" 2>&1); st=$?
    printf '%s\n' "$out" | sed "s|^|  $(basename "$t"): |" | grep -v '^\s*$' | tail -n 40
    line=$(printf '%s\n' "$out" | grep -E '^[0-9]+%: Checks: ' | tail -n 1)
    if [ -n "$line" ]; then
        n=$(echo "$line" | sed -E 's/.*Checks: ([0-9]+).*/\1/')
        f=$(echo "$line" | sed -E 's/.*Failures: ([0-9]+).*/\1/')
        e=$(echo "$line" | sed -E 's/.*Errors: ([0-9]+).*/\1/')
        pass=$((pass + n - f - e)); fail=$((fail + f + e))
    else
        fail=$((fail + 1))
    fi
    [ $st -eq 0 ] || rc=1
done
echo "unit: $pass passed, $fail failed"
[ $rc -eq 0 ] && [ $fail -eq 0 ]
