#!/usr/bin/env bash
# The dynamic module exports only the three names nginx looks up when it
# loads it (ngx_module/exports.map): nginx loads modules RTLD_GLOBAL, so
# any other name of ours would be global for every module loaded after.
#
# usage: tools/exports-test.sh MODULE.so     prints "exports: N passed, N failed"
set -u

so=${1:?usage: exports-test.sh MODULE.so}
pass=0; fail=0

if ! command -v nm >/dev/null; then
    echo "exports: skipped: nm not found (Debian: binutils)"
    echo "exports: 0 passed, 0 failed"
    exit 0
fi

if [ ! -f "$so" ]; then
    echo "not ok - $so not found"
    echo "exports: 0 passed, 1 failed"
    exit 1
fi

want="ngx_module_names ngx_module_order ngx_modules"
got=$(nm -D --defined-only "$so" | awk '{ print $NF }' | sort | tr '\n' ' ')
got=${got% }

if [ "$got" = "$want" ]; then
    echo "ok   the module exports $want"
    pass=$((pass + 1))
else
    echo "not ok - the module exports: $got (want: $want)"
    fail=$((fail + 1))
fi

echo "exports: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
