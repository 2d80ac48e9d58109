#!/usr/bin/env bash
# The second half of `make bench` (`make bench-large-day` alone): a large IXP's night on a
# realistic day, `ixaudit synth --realistic-paths` over the corpus's real routes (800
# members, 1.5 million routes per route server, most with attributes of their own, more than
# 2 million prefix events per route server, 10 million flow samples). Every figure is printed
# beside the program it is compared with, timed in the same run: medians of hyperfine runs
# where a repeat is affordable, one /usr/bin/time -v run for the long ones. The machine is
# shared, so the ratios mean more than the seconds. The day is generated once into
# .build/bench-large-day, again when its options, the corpus or the generator change.
set -euo pipefail
bin=$(realpath "$1")
corpus=$2
runs=${BENCH_RUNS_LARGE_DAY:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sources=("$corpus"/mrt/bview.*.gz "$corpus"/mrt/updates.*.gz)
[ -f "${sources[0]}" ] || { echo "the large day needs the MRT corpus in $corpus/mrt (set CORPUS=...)"; exit 1; }
day=.build/bench-large-day
date=2026-11-21
options=(--members 800 --routes 1500000 --flows 10000000 --seed 1 --date "$date")
stamp="synth ${options[*]} --realistic-paths $(for f in "${sources[@]}"; do printf '%s:%s ' "$(basename "$f")" "$(stat -c %s "$f")"; done)"
stamp+="generator $(cat Sources/Synth/*.swift | sha256sum | cut -c1-16)"
if [ "$(cat "$day/.stamp" 2>/dev/null)" != "$stamp" ]; then
  rm -rf "$day"
  echo "generating the realistic large day (once; about a minute) ..."
  "$bin" synth --out "$day" "${options[@]}" --realistic-paths "${sources[@]}" 2> "$work/synth.log" > /dev/null
  mv "$work/synth.log" "$day/.synth.log"
  echo "$stamp" > "$day/.stamp"
fi
# One route server alone: the job without rs2's source.
awk '/^  - label: rs2$/ { skip = 1 } skip && /^$/ { skip = 0 } !skip' "$day/job.yaml" > "$day/job-rs1.yaml"

echo
echo "Realistic large day (ixaudit synth ${options[*]} --realistic-paths <${#sources[@]} corpus files>):"
sed 's/^/  /' "$day/.synth.log" | grep -v "job file:"

# The decompression floor at route-server scale: rs1's RIB dump as synth wrote it (gzip) and
# the same MRT recompressed with bzip2 -9 (made once, kept beside the day in $day/floor).
rib_gz=$(find "$day/mrt/rs1" -name 'bview.*.gz' | sort | head -1)
rib_bz2="$day/floor/$(basename "${rib_gz%.gz}").bz2"
if [ ! -s "$rib_bz2" ]; then
  echo "recompressing $(basename "$rib_gz") with bzip2 -9 (once) ..."
  mkdir -p "$day/floor"
  zcat "$rib_gz" | bzip2 -9 > "$rib_bz2.part" && mv "$rib_bz2.part" "$rib_bz2"
fi

mapfile -t all < <(find "$day/mrt" -type f | sort)
mapfile -t rs1 < <(find "$day/mrt/rs1" -type f | sort)
printf '%s\n' "${all[@]}" > "$work/all.txt"
# bgpdump reads one file a run: a loop over the files (one process start each, about 2 ms).
cat > "$work/bgpdump.sh" <<'SH'
while read -r f; do bgpdump -m "$f" 2> /dev/null; done < "$1"
SH

echo
echo "timing (decode: $runs runs each; members rs1: $runs runs; bgpdump, report, members of both, simulate: one run each; each reconstruction and simulation beside a decode of its files) ..."
hyperfine --style none --warmup 1 --runs "$runs" -N --export-json "$work/decode.json" \
  -n "zcat" "zcat ${all[*]}" \
  -n "ixaudit dump --count" "$bin dump -q --count ${all[*]}" > /dev/null
hyperfine --style none --warmup 1 --runs "$runs" -N --export-json "$work/floor.json" \
  -n "zcat" "zcat $rib_gz" \
  -n "ixaudit dump --count gzip" "$bin dump -q --count $rib_gz" \
  -n "bzcat" "bzcat $rib_bz2" \
  -n "ixaudit dump --count bzip2" "$bin dump -q --count $rib_bz2" > /dev/null
/usr/bin/time -v -o "$work/bgpdump.time" bash "$work/bgpdump.sh" "$work/all.txt" > /dev/null
# The reconstruction and the simulation are compared with a decode of the same files timed
# just before them (NAME.decode, seconds): the machine's speed drifts over minutes, and a
# decode timed at the start of the run made the ratio depend on when each was run.
decode_beside() {
  local name=$1; shift
  /usr/bin/time -f %e -o "$work/$name.decode" "$bin" dump -q --count "$@" > /dev/null
}
decode_beside report "${all[@]}"
/usr/bin/time -v -o "$work/report.time" \
  "$bin" report --config "$day/job.yaml" --date "$date" --out "$work/report" 2> "$work/report.log" > /dev/null
for run in $(seq "$runs"); do
  decode_beside "members-$run" "${rs1[@]}"
  /usr/bin/time -v -o "$work/members-$run.time" \
    "$bin" members --config "$day/job-rs1.yaml" --date "$date" --out "$work/members" 2> "$work/members-$run.log" > /dev/null
  rm -rf "$work/members"
done
decode_beside members-both "${all[@]}"
/usr/bin/time -v -o "$work/members-both.time" \
  "$bin" members --config "$day/job.yaml" --date "$date" --out "$work/members-both" 2> "$work/members-both.log" > /dev/null
for mode in best per-client add-path; do
  decode_beside "simulate-$mode" "${rs1[@]}"
  /usr/bin/time -v -o "$work/simulate-$mode.time" "$bin" simulate --config "$day/job-rs1.yaml" --date "$date" --mode "$mode" \
    --out "$work/simulate-$mode" 2> "$work/simulate-$mode.log" > /dev/null
done

python3 - "$work" "${#all[@]}" "${#rs1[@]}" "$rib_gz" "$rib_bz2" "$runs" <<'PY'
import json, os, re, statistics, sys
work, files_all, files_rs1, rib_gz, rib_bz2, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5], int(sys.argv[6])

def timed(name):
    text = open(f"{work}/{name}.time").read()
    clock = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([0-9.]+)", text)
    wall = int(clock.group(1) or 0) * 3600 + int(clock.group(2)) * 60 + float(clock.group(3))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) * 1024
    return wall, rss

def figure(pattern, log):
    m = re.search(pattern, open(f"{work}/{log}.log").read())
    if not m:
        sys.exit(f"bench: '{pattern}' not found in the {log} output")
    return m

def beside(name): return float(open(f"{work}/{name}.decode").read().split()[-1])

def mb(n): return f"{n / 1e6:,.1f} MB"
def kb(n): return f"{n / 1e3:,.1f} kB"
verdicts = []
def target(text, value, limit, shown, limit_shown=None):
    verdicts.append(f"{text}: {shown} (target <= {limit_shown or limit}): {'met' if value <= limit else 'NOT met'}")

decode = {r["command"]: statistics.median(r["times"]) for r in json.load(open(f"{work}/decode.json"))["results"]}
zcat, count = decode["zcat"], decode["ixaudit dump --count"]
bgpdump, bgpdump_rss = timed("bgpdump")
print()
print(f"| both route servers' MRT files ({files_all} files) | zcat (floor) | bgpdump -m (one run) | ixaudit dump --count | dump --count vs bgpdump -m | decode-only vs zcat |")
print("|---|---:|---:|---:|---:|---:|")
print(f"| RIB dumps and update files | {zcat:.2f} s | {bgpdump:.2f} s | {count:.2f} s | {bgpdump / count:.1f}x faster | {count / zcat:.2f}x zcat |")

floor = {r["command"]: statistics.median(r["times"]) for r in json.load(open(f"{work}/floor.json"))["results"]}
print()
print(f"| rs1's RIB dump, {os.path.basename(rib_gz)} | file | the floor | ixaudit dump --count | decode-only vs the floor |")
print("|---|---:|---:|---:|---:|")
for kind, tool, path in [("gzip", "zcat", rib_gz), ("bzip2", "bzcat", rib_bz2)]:
    low, ours = floor[tool], floor[f"ixaudit dump --count {kind}"]
    print(f"| {kind} | {mb(os.path.getsize(path))} | {tool} {low:.2f} s | {ours:.2f} s | {ours / low:.2f}x {tool} |")

wall, rss = timed("report")
phases = figure(r"reconstruction ([0-9.]+) s, simulation ([0-9.]+) s, analyses ([0-9.]+) s, writing ([0-9.]+) s", "report")
rec, sim, ana, wri = (float(x) for x in phases.groups())
findings = figure(r"(\d+) findings \((\d+) error, (\d+) warning, (\d+) notice, (\d+) info\)", "report")
report = f"{work}/report"
def size(path): return os.path.getsize(path)
pages = [(size(f"{report}/{p}"), p) for p in os.listdir(report) if p.endswith(".md") and p != "index.md"]
reviews = [(size(f"{report}/reviews/{p}"), f"reviews/{p}") for p in os.listdir(f"{report}/reviews") if p.endswith(".md")]
total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(report) for f in fs)
index = size(f"{report}/index.md")
page, review = max(pages), max(reviews)
print()
print("| ixaudit report, whole day (one run) | wall | peak RSS | the rest (reading the job and reference files) | reconstruction | simulation | analyses (flows included) | writing | findings |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
print(f"| both route servers, 10M flow samples | {wall:.1f} s | {mb(rss)} | {wall - rec - sim - ana - wri:.1f} s | {rec:.1f} s | {sim:.1f} s | "
      f"{ana:.1f} s | {wri:.1f} s | {findings.group(1)} ({findings.group(2)} error, {findings.group(3)} warning, {findings.group(4)} notice) |")
print()
print("| report size | index.md | largest analysis page | largest review page | review pages | report directory |")
print("|---|---:|---:|---:|---:|---:|")
print(f"| bytes | {kb(index)} | {kb(page[0])} ({page[1]}) | {kb(review[0])} ({review[1]}) | {len(reviews)} | {mb(total)} |")

def members(log):
    wall, rss = timed(log)
    kept = figure(r"(\d+) routes kept \(with withdrawn ones\), (\d+) distinct attribute sets; peak memory (\d+) MB, (\d+) bytes per route kept", log)
    rec = float(figure(r"reconstruction ([0-9.]+) s, writing the tables ([0-9.]+) s", log).group(1))
    return wall, rss, int(kept.group(1)), int(kept.group(2)), int(kept.group(4)), rec
rs1_runs = sorted(((*members(f"members-{run}"), beside(f"members-{run}")) for run in range(1, runs + 1)),
                  key=lambda r: r[5] / r[6])
# The run of the median ratio stands for the three; the bytes per route are the most any run used.
m_wall, m_rss, m_kept, m_sets, _, m_rec, m_dec = rs1_runs[len(rs1_runs) // 2]
per_route = max(r[4] for r in rs1_runs)
b_wall, b_rss, b_kept, b_sets, b_per_route, b_rec = members("members-both")
b_dec = beside("members-both")
print()
print(f"| ixaudit members (rs1: {runs} runs, the median ratio's shown) | decode (dump --count, just before) | reconstruction | wall | peak RSS | routes kept | distinct attribute sets | bytes per route kept |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
print(f"| one route server (rs1, {files_rs1} files) | {m_dec:.2f} s | {m_rec:.2f} s ({m_rec / m_dec:.2f}x decode; runs "
      f"{', '.join(f'{r[5]:.2f} / {r[6]:.2f} s' for r in rs1_runs)}) | {m_wall:.1f} s | {mb(m_rss)} | {m_kept:,} | {m_sets:,} | {per_route} (most of the runs) |")
print(f"| both route servers ({files_all} files) | {b_dec:.2f} s | {b_rec:.2f} s ({b_rec / b_dec:.2f}x decode) | {b_wall:.1f} s | {mb(b_rss)} | "
      f"{b_kept:,} | {b_sets:,} | {b_per_route} |")
print()
print("| simulate, rs1 (one run each) | decode (dump --count, just before) | reconstruction | simulation | simulation vs decode | writing | wall | peak RSS |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
simulations = {}
for mode in ["best", "per-client", "add-path"]:
    s = figure(r"reconstruction ([0-9.]+) s, simulation ([0-9.]+) s, writing ([0-9.]+) s", f"simulate-{mode}")
    s_rec, s_sim, s_wri = (float(x) for x in s.groups())
    s_wall, s_rss = timed(f"simulate-{mode}")
    s_dec = beside(f"simulate-{mode}")
    simulations[mode] = (s_sim, s_dec)
    print(f"| {mode} | {s_dec:.2f} s | {s_rec:.2f} s | {s_sim:.2f} s | {s_sim / s_dec:.2f}x | {s_wri:.2f} s | {s_wall:.1f} s | {mb(s_rss)} |")

target("decode-only / zcat (both route servers)", count / zcat, 1.1, f"{count:.2f} s / {zcat:.2f} s = {count / zcat:.2f}")
zg, zo, bg, bo = floor["zcat"], floor["ixaudit dump --count gzip"], floor["bzcat"], floor["ixaudit dump --count bzip2"]
target("decode-only / zcat (rs1's RIB dump, gzip)", zo / zg, 1.1, f"{zo:.2f} s / {zg:.2f} s = {zo / zg:.2f}")
target("decode-only / bzcat (rs1's RIB dump, bzip2 -9)", bo / bg, 0.6, f"{bo:.2f} s / {bg:.2f} s = {bo / bg:.2f}")
target("report time / bgpdump -m time", wall / bgpdump, 0.5, f"{wall:.1f} s / {bgpdump:.1f} s = {wall / bgpdump:.2f}")
target("bytes per route kept (members, rs1)", per_route, 200, f"{per_route}")
target("reconstruction / decode (members, rs1, median of the runs)", m_rec / m_dec, 2, f"{m_rec:.2f} s / {m_dec:.2f} s = {m_rec / m_dec:.2f}")
r_dec = beside("report")
target("reconstruction / decode (report, both route servers)", rec / r_dec, 2, f"{rec:.2f} s / {r_dec:.2f} s = {rec / r_dec:.2f}")
for mode, (s_sim, s_dec) in simulations.items():
    target(f"simulate {mode} / decode (rs1)", s_sim / s_dec, 1, f"{s_sim:.2f} s / {s_dec:.2f} s = {s_sim / s_dec:.2f}")
target("writing share of the report", wri / wall, 0.15, f"{wri:.1f} s of {wall:.1f} s = {100 * wri / wall:.0f}%", "15%")
target("index.md", index / 1e3, 100, kb(index), "100 kB")
target("largest analysis page", page[0] / 1e3, 500, f"{kb(page[0])}, {page[1]}", "500 kB")
target("largest review page", review[0] / 1e3, 200, f"{kb(review[0])}, {review[1]}", "200 kB")
target("report directory", total / 1e6, 150, mb(total), "150 MB")
print()
print("targets of the large IXP's night (issues 13 and 14):")
for line in verdicts:
    print("  " + line)
PY
