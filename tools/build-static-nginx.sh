#!/usr/bin/env bash
# make nginx: a whole nginx 1.22.1 from Debian's source package, with the
# module compiled in (--add-module), installed into BUILD/nginx.
#
# usage: build-static-nginx.sh PROJECT BUILD "EXTRA_CFLAGS"
set -euo pipefail

project=$1 build=$2 extra=${3:-}
srcdir="$build/nginx-src"
version=1.22.1
tree="$srcdir/nginx-$version"

if [ ! -f "$tree/configure" ]; then
    mkdir -p "$srcdir"
    if ! ls "$srcdir"/nginx_"$version".orig.tar.gz >/dev/null 2>&1; then
        # Debian's source package: needs a deb-src entry for the archive
        if ! apt-get indextargets --format '$(IDENTIFIER)' 2>/dev/null | grep -qx 'Sources'; then
            echo "nginx: adding a deb-src entry to fetch Debian's nginx source"
            [ "$(id -u)" -eq 0 ] || { echo "nginx: run as root (apt)" >&2; exit 1; }
            for f in /etc/apt/sources.list.d/*.sources; do
                [ -f "$f" ] || continue
                sed 's/^Types: deb$/Types: deb-src/' "$f" > "/etc/apt/sources.list.d/src-$(basename "$f")"
            done
            apt-get update -qq
        fi
        command -v dpkg-source >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dpkg-dev >/dev/null
        # only the upstream tarball is used; a missing Debian diff is fine
        (cd "$srcdir" && apt-get source --download-only -qq nginx >/dev/null 2>&1 || true)
    fi
    tarball=$(ls "$srcdir"/nginx_"$version".orig.tar.gz 2>/dev/null | head -1)
    [ -n "$tarball" ] || { echo "nginx: could not fetch nginx_$version.orig.tar.gz" >&2; exit 1; }
    tar -xzf "$tarball" -C "$srcdir"
fi

# Debian's own flags, with our prefix instead of the system paths
# shellcheck disable=SC1091
. /usr/share/nginx/src/conf_flags
flags=()
for f in "${NGX_CONF_FLAGS[@]}"; do
    case "$f" in
        --prefix=*|--conf-path=*|--http-log-path=*|--error-log-path=*|\
        --lock-path=*|--pid-path=*|--modules-path=*|--http-*-temp-path=*|\
        --with-compat) ;;
        *) flags+=("$f") ;;
    esac
done

prefix="$build/nginx"
cd "$tree"
if [ ! -f objs/Makefile ] || [ "$project/config" -nt objs/Makefile ] \
   || [ "$build/.module-sources" -nt objs/Makefile ] \
   || [ "$(cat objs/.art-flags 2>/dev/null)" != "$extra" ]; then
    ./configure "${flags[@]}" \
        --prefix="$prefix" \
        --http-client-body-temp-path="$prefix/temp/body" \
        --http-proxy-temp-path="$prefix/temp/proxy" \
        --http-fastcgi-temp-path="$prefix/temp/fastcgi" \
        --http-uwsgi-temp-path="$prefix/temp/uwsgi" \
        --http-scgi-temp-path="$prefix/temp/scgi" \
        --with-http_addition_module --with-http_gunzip_module \
        --with-http_sub_module \
        --with-cc-opt="-g -O2 $extra" --with-ld-opt="$extra" \
        --add-module="$project" > "$build/nginx-configure.log" 2>&1 || {
            tail -n 20 "$build/nginx-configure.log" >&2; exit 1; }
    echo "$extra" > objs/.art-flags
fi
make -s -j2 > "$build/nginx-make.log" 2>&1 || { tail -n 30 "$build/nginx-make.log" >&2; exit 1; }
make -s install > /dev/null
mkdir -p "$prefix/temp"
"$prefix/sbin/nginx" -v 2>&1
