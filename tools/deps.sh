#!/usr/bin/env bash
# The Debian packages that the build, the tests and the demo need.
#   deps.sh --install            install them all (apt-get, by name)
#   deps.sh --check-or-install   install only if something is missing
#   deps.sh --list               print the names
set -euo pipefail

packages=(
    gcc make pkg-config curl perl wrk
    nginx nginx-dev libpcre2-dev libssl-dev zlib1g-dev check
    libtest-base-perl libtest-longstring-perl liblist-moreutils-perl
    libhttp-message-perl liburi-perl libtext-diff-perl
)

missing() {
    local p
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || echo "$p"
    done
}

install() {
    local need=("$@")
    [ ${#need[@]} -gt 0 ] || return 0
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null; then SUDO=sudo; else
            echo "deps: missing packages: ${need[*]}; run 'make deps' as root" >&2
            exit 1
        fi
    else
        SUDO=
    fi
    echo "deps: installing ${need[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
}

case "${1:---check-or-install}" in
    --list) printf '%s\n' "${packages[@]}" ;;
    --install) install "${packages[@]}" ;;
    --check-or-install) mapfile -t need < <(missing); install "${need[@]}" ;;
    *) echo "usage: deps.sh --install|--check-or-install|--list" >&2; exit 2 ;;
esac
