#!/usr/bin/env bash
# make demo: the nightly report on the shipped sample day (data/sample: a synthetic SmartHub IX
# day with two route servers, about 40 members, a day of updates, sampled flows, reference
# files and planted anomalies listed in truth.json), then where to read it (Markdown and HTML).
set -euo pipefail
bin=$1
job=data/sample/job.yaml
date=2026-11-21
out=reports/sample-$date
echo "== ixaudit report --config $job --date $date --out $out"
# Exit status 1 only says that findings at error level were found (--fail-on error).
status=0
"$bin" report --config "$job" --date "$date" --out "$out" --fail-on error > /dev/null || status=$?
if [ "$status" -gt 1 ]; then exit "$status"; fi
echo
sed -n '/^## At a glance/,/^## Top findings/p' "$out/index.md" | sed '$d'
echo "The report: $out/index.md"
echo "In a browser: $out/index.html (self-contained: open it as a file)"
