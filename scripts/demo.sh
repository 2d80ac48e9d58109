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

# Part two: a synthetic day at SmartHub IX (the project's example IXP), reconstructed.
day=$out/smarthub-day
rm -rf "$day"
"$bin" synth --out "$day" --members 40 --routes 20000 --seed 1 2> "$out/synth.txt" > /dev/null
"$bin" members --config "$day/job.yaml" --date 2026-11-21 --out "$out/members" 2> "$out/members.txt" > /dev/null
echo
echo "== a synthetic day at SmartHub IX (ixaudit synth), reconstructed (ixaudit members)"
cat "$out/synth.txt"
cat "$out/members.txt"
echo
echo "== the members with the most routes on rs1"
awk -F, 'NR > 1 && $1 == "rs1" { routes[$4 " " $5] += $7 + $8; resets[$4 " " $5] += $9 }
  END { for (m in routes) printf "%d\tAS%-40s %7d routes %3d resets\n", routes[m], m, routes[m], resets[m] }' "$out/members/sessions.csv" \
  | sort -t "$(printf '\t')" -k1,1nr | cut -f2 | head -n 8
echo
echo "Per member and session: $out/members/sessions.csv, every route: $out/members/announcements.csv,"
echo "route counts over the day: $out/members/route-counts.csv; what was planted: $day/truth.json."
