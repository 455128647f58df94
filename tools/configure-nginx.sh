#!/usr/bin/env bash
# Configures Debian's nginx build machinery for our dynamic module, with the
# flags Debian's nginx was built with (so that the ABI matches), into a
# build directory of ours.  Nothing is written under /usr/share/nginx/src.
#
# usage: configure-nginx.sh dynamic PROJECT BUILDDIR "EXTRA_CFLAGS"
set -euo pipefail

mode=$1 project=$2 builddir=$3 extra=${4:-}
src=/usr/share/nginx/src

[ "$mode" = dynamic ] || { echo "configure-nginx: unknown mode $mode" >&2; exit 2; }
[ -f "$src/conf_flags" ] || { echo "configure-nginx: nginx-dev is missing (make deps)" >&2; exit 1; }

# shellcheck disable=SC1091
. "$src/conf_flags"
mkdir -p "$builddir"

cd "$src"
./configure "${NGX_CONF_FLAGS[@]}" \
    --with-cc-opt="-g -O2 -fPIC $extra" \
    --with-ld-opt="$extra" \
    --add-dynamic-module="$project" \
    --builddir="$builddir" > "$builddir/configure.log" 2>&1 || {
        echo "configure-nginx: configure failed, see $builddir/configure.log" >&2
        tail -n 20 "$builddir/configure.log" >&2
        exit 1
    }

# Debian's tree writes a top-level Makefile only where it may: ours is in
# the build directory.
rm -f "$src/Makefile" 2>/dev/null || true
