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
bash spark/sample-study.sh "$bin" "$work" sample-study
"$venv/spark-submit" --master 'local[2,2]' spark/ixaudit_study.py "$work/study.yaml" --ixaudit "$bin" 2>"$work/spark.log"
echo "the study file: $work/study.yaml"
echo "Parquet tables: $work/out/tables; summary: $work/out/summary.md"
