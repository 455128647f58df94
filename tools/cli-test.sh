#!/usr/bin/env bash
# The article-rewrite command: options, directive errors (file and line,
# exit 2), and the corpus through it whole and in pieces.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/${BUILD:-build}/article-rewrite"
pass=0; fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "cli: FAIL: $*"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# a bad option and a bad directive: exit 2 with file and line
"$bin" --frobnicate </dev/null >/dev/null 2>"$tmp/err"; st=$?
[ $st -eq 2 ] && grep -q 'unknown option "--frobnicate"' "$tmp/err" && ok || ko "bad option (exit $st)"
printf 'article on;\n\narticle_share x nosuchnet;\n' > "$tmp/bad.conf"
"$bin" -c "$tmp/bad.conf" </dev/null >/dev/null 2>"$tmp/err"; st=$?
[ $st -eq 2 ] && grep -q "bad.conf:3" "$tmp/err" && grep -q nosuchnet "$tmp/err" && ok || ko "bad directive (exit $st): $(cat "$tmp/err")"
printf 'article_canonical https://www.example.org\n' > "$tmp/semi.conf"
"$bin" -c "$tmp/semi.conf" </dev/null >/dev/null 2>"$tmp/err"; st=$?
[ $st -eq 2 ] && grep -q 'expecting ";"' "$tmp/err" && ok || ko "missing ; (exit $st)"

# --tokens
out=$(printf '<a href=x>t</a>' | "$bin" --tokens)
[ "$out" = '[["StartTag","a",{"href":"x"}],["Character","t"],["EndTag","a"]]' ] && ok || ko "--tokens: $out"

# the corpus: nothing configured is identity, whole and in pieces; with
# every feature on, pieces give what whole gives
shared=${ART_SHARED_DIR:-$root/../shared}
if [ -d "$shared/corpus" ]; then
    cat > "$tmp/all.conf" <<'CONF'
article on;
article_canonical https://www.example.org;
article_mirrors www.example.org m.example.net;
article_mirror_links on;
article_metadata on;
article_share x facebook email;
CONF
    for f in "$shared"/corpus/*.html; do
        for n in 1 7 4096; do
            if "$bin" --chunk-size $n < "$f" | cmp -s - "$f"; then ok; else ko "identity $f chunk $n"; fi
        done
        "$bin" -c "$tmp/all.conf" --url https://m.example.net/a < "$f" > "$tmp/whole"
        for n in 1 3 64; do
            if "$bin" -c "$tmp/all.conf" --url https://m.example.net/a --chunk-size $n < "$f" | cmp -s - "$tmp/whole"; then ok; else ko "features $f chunk $n"; fi
        done
    done
else
    echo "cli: corpus tests skipped: no ../shared/corpus"
fi
echo "cli: $pass passed, $fail failed"
[ $fail -eq 0 ]
