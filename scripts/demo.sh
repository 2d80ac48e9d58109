#!/usr/bin/env bash
# make demo: decode the shipped sample (15 minutes of BGP updates from a route collector on
# an IXP LAN) and show what each peer on the LAN did. Until `ixaudit report` exists, this is
# the most useful thing the tool does on its own data.
set -euo pipefail
bin=$1
sample=$2
out=reports/demo
mkdir -p "$out"
"$bin" dump "$sample" > "$out/routes.txt" 2> "$out/summary.txt"
"$bin" dump --json --quiet "$sample" > "$out/routes.jsonl"
echo "== decoding $sample"
cat "$out/summary.txt"
echo
echo "== per peer on the IX LAN: announcements, withdrawals, session state changes"
awk -F'|' '
  $3 == "A" { a[$4 "|" $5]++ }
  $3 == "W" { w[$4 "|" $5]++ }
  $3 == "STATE" { s[$4 "|" $5]++ }
  END {
    for (k in a) keys[k] = 1; for (k in w) keys[k] = 1; for (k in s) keys[k] = 1
    for (k in keys) { split(k, p, "|"); printf "%-26s AS%-8s %7d %7d %4d\n", p[1], p[2], a[k], w[k], s[k] }
  }' "$out/routes.txt" | sort -k3,3nr | head -n 15
echo
echo "== the first routes, as bgpdump -m prints them"
head -n 5 "$out/routes.txt"
echo
echo "Full output: $out/routes.txt (bgpdump -m format) and $out/routes.jsonl (JSON lines)."
