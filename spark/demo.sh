#!/usr/bin/env bash
# make study-demo: a sample study (2 synthetic IXPs x 3 nights, one night of ix-b without its
# rs1 RIB dump) run on Spark local[2]; prints where the Parquet tables and the summary are.
#   bash spark/demo.sh IXAUDIT_BINARY
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "$1")
venv=$(bash spark/setup.sh)
export PYSPARK_PYTHON="$venv/python"
work=$PWD/.build/study-demo
rm -rf "$work"; mkdir -p "$work"
for night in 2026-11-20 2026-11-21 2026-11-22; do
  "$bin" synth --out "$work/ix-a" --seed 11 --members 14 --routes 1500 --update-interval 3600 --flows 0 --date "$night" >/dev/null
  "$bin" synth --out "$work/ix-b" --seed 12 --members 18 --routes 2500 --update-interval 3600 --flows 0 --date "$night" >/dev/null
done
rm "$work/ix-b/mrt/rs1/2026.11/bview.20261122.0000.gz"
cat > "$work/study.yaml" <<YAML
study: sample-study
ixps:
  - {name: ix-a, job: ix-a/job.yaml}
  - {name: ix-b, job: ix-b/job.yaml}
nights: {from: 2026-11-20, to: 2026-11-22}
output: out
policies: $PWD/data/policies
YAML
"$venv/spark-submit" --master 'local[2,2]' spark/ixaudit_study.py "$work/study.yaml" --ixaudit "$bin" 2>"$work/spark.log"
echo "the study file: $work/study.yaml"
echo "Parquet tables: $work/out/tables; summary: $work/out/summary.md"
