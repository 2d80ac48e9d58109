#!/usr/bin/env bash
# Writes the sample study into DIR: 2 synthetic IXPs x 3 nights (seeds 11 and 12), one night of
# ix-b without its rs1 RIB dump (a shard that must fail and be listed), the what-if "the route
# servers run OpenBGPD with rde evaluate all" on every night, and DIR/study.yaml.
#   bash spark/sample-study.sh IXAUDIT_BINARY DIR NAME
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$1 work=$2 name=$3
rm -rf "$work"; mkdir -p "$work"
for night in 2026-11-20 2026-11-21 2026-11-22; do
  "$bin" synth --out "$work/ix-a" --seed 11 --members 14 --routes 1500 --update-interval 3600 --flows 0 --date "$night" >/dev/null
  "$bin" synth --out "$work/ix-b" --seed 12 --members 18 --routes 2500 --update-interval 3600 --flows 0 --date "$night" >/dev/null
done
rm "$work/ix-b/mrt/rs1/2026.11/bview.20261122.0000.gz"
cat > "$work/study.yaml" <<YAML
study: $name
ixps:
  - {name: ix-a, job: ix-a/job.yaml}
  - {name: ix-b, job: ix-b/job.yaml}
nights: {from: 2026-11-20, to: 2026-11-22}
scenarios:
  - {name: openbgpd-evaluate-all, file: $PWD/data/scenarios/rs-openbgpd-evaluate-all.yaml}
modes: [per-client]
output: out
policies: $PWD/data/policies
YAML
