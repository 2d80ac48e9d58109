#!/usr/bin/env bash
# make bench: decoder speed as ratios against what the same machine does in the same run —
# the decompression floor (zcat) and the reference decoder (bgpdump -m) — on the two large
# corpus files. Medians of hyperfine runs; the machine is shared, so only ratios mean much.
set -euo pipefail
bin=$(realpath "$1")
corpus=$2
runs=${BENCH_RUNS:-7}
files=(updates.et-header.2015.gz bview.20020722.2337.gz)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for f in "${files[@]}"; do
  [ -f "$corpus/mrt/$f" ] || { echo "bench needs $corpus/mrt/$f (set CORPUS=...)"; exit 1; }
done

echo "ixaudit dump vs bgpdump -m: checking the outputs are identical first"
for f in "${files[@]}"; do
  bgpdump -m "$corpus/mrt/$f" > "$work/ref.txt" 2>/dev/null
  "$bin" dump -q "$corpus/mrt/$f" > "$work/ours.txt"
  if cmp -s "$work/ref.txt" "$work/ours.txt"; then
    echo "  $f: identical ($(wc -l < "$work/ours.txt") lines)"
  else
    echo "  $f: OUTPUTS DIFFER"; exit 1
  fi
done
echo

for f in "${files[@]}"; do
  path="$corpus/mrt/$f"
  hyperfine --style none --warmup 1 --runs "$runs" -N --export-json "$work/$f.json" \
    -n zcat "zcat $path" \
    -n "bgpdump -m" "bgpdump -m $path" \
    -n "ixaudit dump" "$bin dump -q $path" \
    -n "ixaudit dump --count" "$bin dump -q --count $path" > /dev/null
done

python3 - "$work" "${files[@]}" <<'PY'
import json, statistics, sys
work, files = sys.argv[1], sys.argv[2:]
print("| file | zcat (floor) | bgpdump -m | ixaudit dump | ixaudit dump --count | dump vs bgpdump | decode-only vs zcat |")
print("|---|---:|---:|---:|---:|---:|---:|")
verdicts = []
for f in files:
    results = {r["command"]: statistics.median(r["times"]) * 1000 for r in json.load(open(f"{work}/{f}.json"))["results"]}
    z, b, d, c = results["zcat"], results["bgpdump -m"], results["ixaudit dump"], results["ixaudit dump --count"]
    print(f"| {f} | {z:.1f} ms | {b:.1f} ms | {d:.1f} ms | {c:.1f} ms | {b / d:.1f}x faster | {c / z:.2f}x zcat |")
    verdicts.append((f, b / d >= 5, c / z <= 2))
print()
for f, fast, floor in verdicts:
    print(f"{f}: dump at least 5x faster than bgpdump -m: {'met' if fast else 'NOT met'}; "
          f"decode-only within 2x of zcat: {'met' if floor else 'NOT met'}")
PY

# Reconstruction of a large synthetic IX day (800 members, 1.5M routes per route server:
# RIB dumps plus a day of updates), as a ratio to decoding the same files, and the peak
# memory per route kept. The day is generated once and kept in .build/bench-day.
day=.build/bench-day
date=2026-11-21
stamp="synth --members 800 --routes 1500000 --flows 10000000 --seed 1 --date $date"
if [ "$(cat "$day/.stamp" 2>/dev/null)" != "$stamp" ]; then
  rm -rf "$day"
  echo "generating the large synthetic day (once) ..."
  "$bin" synth --out "$day" --members 800 --routes 1500000 --flows 10000000 --seed 1 --date $date > /dev/null
  echo "$stamp" > "$day/.stamp"
fi
mapfile -t dayfiles < <(find "$day/mrt" -type f | sort)
hyperfine --style none --warmup 1 --runs 3 -N --export-json "$work/day.json" \
  -n "decode (dump --count)" "$bin dump -q --count ${dayfiles[*]}" \
  -n "reconstruct (members)" "$bin members -q --config $day/job.yaml --date $date --out $work/members" > /dev/null
"$bin" members --config "$day/job.yaml" --date "$date" --out "$work/members" 2> "$work/members.log" > /dev/null
python3 - "$work" <<'PY'
import json, re, statistics, sys
work = sys.argv[1]
r = {x["command"]: statistics.median(x["times"]) for x in json.load(open(f"{work}/day.json"))["results"]}
d, m = r["decode (dump --count)"], r["reconstruct (members)"]
log = open(f"{work}/members.log").read()
entries = re.search(r"(\d+) RIB entries and (\d+) UPDATEs applied; (\d+) routes kept", log)
peak = re.search(r"peak memory (\d+) MB, (\d+) bytes per route kept", log)
phases = re.search(r"reconstruction ([0-9.]+) s, writing the tables ([0-9.]+) s", log)
rec, wri = float(phases.group(1)), float(phases.group(2))
print()
print("| large synthetic day | decode only | members (total) | of which reconstruction | of which CSV | reconstruction vs decode | RIB entries | UPDATEs | peak memory | per route kept |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
print(f"| 800 members, 1.5M routes per RS | {d:.2f} s | {m:.2f} s | {rec:.2f} s | {wri:.2f} s | {rec / d:.2f}x | {entries.group(1)} | "
      f"{entries.group(2)} | {peak.group(1)} MB | {peak.group(2)} bytes |")
print(f"memory target (under 200 bytes per route, attributes included): {'met' if int(peak.group(2)) < 200 else 'NOT met'}")
PY

# The route-server simulation of the same day in each export mode, as a ratio to decoding
# the same files (the phases are timed inside one run of `ixaudit simulate`).
echo
echo "| simulation, large synthetic day | mode | reconstruction | simulation | simulation vs decode | writing the tables |"
echo "|---|---|---:|---:|---:|---:|"
decode=$(python3 -c "import json,statistics; r={x['command']: statistics.median(x['times']) for x in json.load(open('$work/day.json'))['results']}; print(r['decode (dump --count)'])")
for mode in best per-client add-path; do
  "$bin" simulate --config "$day/job.yaml" --date "$date" --mode "$mode" --out "$work/sim-$mode" 2> "$work/sim-$mode.log" > /dev/null
  python3 - "$work/sim-$mode.log" "$mode" "$decode" <<'PY'
import re, sys
log, mode, decode = open(sys.argv[1]).read(), sys.argv[2], float(sys.argv[3])
m = re.search(r"reconstruction ([0-9.]+) s, simulation ([0-9.]+) s, writing ([0-9.]+) s", log)
rec, sim, wri = (float(x) for x in m.groups())
print(f"| 800 members, 1.5M routes per RS | {mode} | {rec:.2f} s | {sim:.2f} s | {sim / decode:.2f}x | {wri:.2f} s |")
PY
done
echo "target: simulating costs less than decoding (simulation vs decode below 1x)"

# The day's report with 10 million sampled flows: flow classification throughput (read,
# decompress, parse, attribute by MAC, longest-prefix match in both members' announcements and
# the export simulation), timed inside the run, against the decompression floor of the same
# file (zcat) measured in this run. Target: at least 2 million samples per second.
echo
flows=$(find "$day/flows" -name '*.csv.gz' | head -n 1)
hyperfine --style none --warmup 1 --runs 3 -N --export-json "$work/flows.json" -n zcat "zcat $flows" > /dev/null
"$bin" report --config "$day/job.yaml" --date "$date" --out "$work/report" 2> "$work/report.log" > /dev/null || true
python3 - "$work" <<'PY'
import json, re, statistics, sys
work = sys.argv[1]
zcat = statistics.median(json.load(open(f"{work}/flows.json"))["results"][0]["times"])
log = open(f"{work}/report.log").read()
m = re.search(r"flows: (\d+) samples; lookup tables ([0-9.]+) s, read and classified in ([0-9.]+) s: (\d+) samples/s", log)
phases = re.search(r"reconstruction ([0-9.]+) s, simulation ([0-9.]+) s, analyses ([0-9.]+) s, writing ([0-9.]+) s", log)
samples, tables, classify, rate = int(m.group(1)), float(m.group(2)), float(m.group(3)), int(m.group(4))
print("| flows, large synthetic day | samples | zcat (floor) | lookup tables | read and classify | samples per second | vs zcat |")
print("|---|---:|---:|---:|---:|---:|---:|")
print(f"| 800 members, 10M samples | {samples} | {zcat:.2f} s | {tables:.2f} s | {classify:.2f} s | {rate / 1e6:.2f} M/s | {classify / zcat:.2f}x |")
print(f"flow classification target (at least 2 million samples per second): {'met' if rate >= 2_000_000 else 'NOT met'}")
if phases:
    print(f"whole report of that day: reconstruction {phases.group(1)} s, simulation {phases.group(2)} s, "
          f"analyses {phases.group(3)} s (flows included), writing {phases.group(4)} s")
PY
