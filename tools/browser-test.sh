#!/usr/bin/env bash
# Opens an article page in headless Chromium and checks the share bar the
# module adds: visible, reachable with Tab, named for screen readers, linking
# to each network with the canonical URL.  Saves desktop and phone
# screenshots to build/screenshots/.
#
#   tools/browser-test.sh BASE_URL [ARTICLE_PATH]
#   e.g. tools/browser-test.sh http://127.0.0.1:8080    (after make demo)
#
# Skips, and succeeds, when Chromium is not installed.  playwright-core is
# installed into build/node/ on first use.
set -euo pipefail

PROJECT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
NODE_DIR=$PROJECT/build/node
PLAYWRIGHT_VERSION=1.65.1

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 BASE_URL [ARTICLE_PATH]" >&2
    exit 2
fi

if [ ! -x "$CHROMIUM" ]; then
    echo "browser test skipped: chromium not installed"
    exit 0
fi

for tool in node npm; do
    if ! command -v "$tool" >/dev/null; then
        echo "browser test: $tool is needed (apt-get install -y nodejs npm)" >&2
        exit 1
    fi
done

installed=$(node -p 'require(process.argv[1]
                     + "/node_modules/playwright-core/package.json").version' \
                  "$NODE_DIR" 2>/dev/null || true)
if [ "$installed" != "$PLAYWRIGHT_VERSION" ]; then
    echo "browser test: installing playwright-core $PLAYWRIGHT_VERSION" \
         "into build/node"
    mkdir -p "$NODE_DIR"
    npm install --prefix "$NODE_DIR" --no-audit --no-fund --loglevel=error \
        "playwright-core@$PLAYWRIGHT_VERSION" >&2
fi

BROWSER_NODE_DIR=$NODE_DIR CHROMIUM=$CHROMIUM \
    exec node "$PROJECT/tools/browser-test.mjs" "$@"
