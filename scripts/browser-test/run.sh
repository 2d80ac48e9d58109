#!/usr/bin/env bash
# make test-browser: the sample day's report (data/sample) opened in a real browser. Headless
# Chromium, in a network namespace of its own (`unshare -n`: no route anywhere), loads
# index.html and the first member review it links to; check.py then fails the run when a page
# wrote to the console, asked for anything but a file, or has a link to nothing. Screenshots,
# DOMs, logs and net logs stay in OUTDIR. Last, the test shows it can fail: a copy of index.html
# with a link to a missing page, one with an image from the network and one with that image and
# no Content-Security-Policy must each be refused.
#
#   scripts/browser-test/run.sh IXAUDIT OUTDIR
#
# Needs root (unshare -n), chromium and python3 (the Makefile installs them).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
die() { echo "test-browser: $*" >&2; exit 1; }
[ $# -eq 2 ] || die "usage: $0 IXAUDIT OUTDIR"
bin=$1 out=$2
[ "$(id -u)" = 0 ] || die "needs root (unshare -n keeps the browser off the network)"
command -v chromium >/dev/null || die "chromium is not installed (apt-get install chromium)"
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
report=$out/report

status=0
"$bin" report --config data/sample/job.yaml --date 2026-11-21 --out "$report" --fail-on error -q > "$out/report.log" 2>&1 || status=$?
[ "$status" -le 1 ] || { cat "$out/report.log"; die "ixaudit report failed ($status)"; }

# load PAGE NAME: PAGE in headless Chromium without network; NAME.{dom,log,netlog.json,png} in OUTDIR.
load() {
    local page=$1 name=$2
    rm -rf "$out/profile"
    timeout 60 unshare -n chromium --headless --no-sandbox --disable-gpu --no-first-run --no-default-browser-check \
        --disable-background-networking --disable-component-update --disable-sync --disable-default-apps \
        --disable-domain-reliability --disable-features=Translate,OptimizationHints,MediaRouter \
        --user-data-dir="$out/profile" --enable-logging=stderr --v=0 --log-net-log="$out/$name.netlog.json" \
        --window-size=1280,1600 --screenshot="$out/$name.png" --dump-dom "file://$page" \
        > "$out/$name.dom" 2> "$out/$name.log" || die "chromium failed on $page (see $out/$name.log)"
    [ -s "$out/$name.png" ] || die "no screenshot of $page"
}

load "$report/index.html" index
review=$(grep -o 'href="reviews/AS[0-9]*\.html"' "$out/index.dom" | head -n 1 | sed 's/^href="//; s/"$//')
[ -n "$review" ] || die "index.html links to no review page"
load "$report/$review" review
failed=0
python3 "$HERE/check.py" "$report/index.html" "$out/index.dom" "$out/index.log" "$out/index.netlog.json" || failed=1
python3 "$HERE/check.py" "$report/$review" "$out/review.dom" "$out/review.log" "$out/review.netlog.json" || failed=1
[ "$failed" = 0 ] || die "the report's pages failed in the browser"

# The check must be able to fail: a planted broken link; an image from the network, which the
# Content-Security-Policy refuses; the same image on a page without that policy, which the
# browser asks for (and the namespace's missing network fails).
planted() {
    local name=$1 edit=$2 expect=$3
    sed "$edit" "$report/index.html" > "$report/$name.html"
    load "$report/$name.html" "$name"
    if python3 "$HERE/check.py" "$report/$name.html" "$out/$name.dom" "$out/$name.log" "$out/$name.netlog.json" > "$out/$name.check" 2>&1; then
        rm -f "$report/$name.html"
        die "the planted $name page passed: the check cannot see it"
    fi
    rm -f "$report/$name.html"
    grep -q "$expect" "$out/$name.check" || die "the planted $name page failed for another reason: $(cat "$out/$name.check")"
    echo "test-browser: planted $name refused: $(grep "$expect" "$out/$name.check" | head -n 1)"
}
image='<img src="http://192.0.2.1/pixel.png" alt="">'
planted planted-link 's|</main>|<p><a href="reviews/AS0.html">nobody</a></p></main>|' 'does not exist'
planted planted-request "s|</main>|$image</main>|" 'console: .*Content Security Policy'
planted planted-no-policy "/Content-Security-Policy/d; s|</main>|$image</main>|" 'request leaving the file system'
rm -rf "$out/profile"
echo "test-browser: passed; screenshots in $out/index.png and $out/review.png"
