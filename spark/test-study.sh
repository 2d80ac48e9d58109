#!/usr/bin/env bash
# The study on a real Spark, twice: 2 synthetic IXPs x 3 nights (different seeds, one night of
# ix-b without its rs1 RIB dump) and a what-if scenario on every night, run on local[2] and on
# a standalone cluster started here (one master, two workers on localhost, stopped at the
# end). Each run's Parquet tables must equal the same shards run one by one with `ixaudit
# report` and `ixaudit simulate --scenario` (row counts and key sums of every table), and each
# summary must list the failed shards with their reason. In the local run one shard's first
# attempt is killed (a wrapper around the binary): Spark must run it again.
#   bash spark/test-study.sh IXAUDIT_BINARY
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "$1")
if ldd "$bin" | grep -q libswift; then echo "$bin needs Swift's libraries: build it with make build"; exit 1; fi
venv=$(bash spark/setup.sh)
export PYSPARK_PYTHON="$venv/python" SPARK_HOME=$("$venv/python" -c 'import pyspark, os; print(os.path.dirname(pyspark.__file__))')
work=$PWD/.build/study-test
nights=(2026-11-20 2026-11-21 2026-11-22)
bash spark/sample-study.sh "$bin" "$work" ci-study

echo "single runs, one by one:"
for ixp in ix-a ix-b; do
  for night in "${nights[@]}"; do
    [ "$ixp/$night" = ix-b/2026-11-22 ] && continue
    "$bin" report --config "$work/$ixp/job.yaml" --date "$night" --out "$work/single/$ixp/$night" -q \
      --policy-directory "$PWD/data/policies" || [ $? = 1 ]
    "$bin" simulate --config "$work/$ixp/job.yaml" --date "$night" --out "$work/single-scenario/$ixp/$night" -q \
      --policy-directory "$PWD/data/policies" --scenario "$PWD/data/scenarios/rs-openbgpd-evaluate-all.yaml" --mode per-client
  done
done

check() {
  local out=$1
  "$venv/python" spark/compare_with_single_runs.py "$out" "$work/single" "$work/single-scenario"
  grep -q "| ix-b/2026-11-22 | failed | .*bview.20261122.0000.gz" "$out/summary.md" \
    && grep -q "| ix-b/2026-11-22/openbgpd-evaluate-all/per-client | failed | .*bview.20261122.0000.gz" "$out/summary.md" \
    || { echo "$out/summary.md does not list the failed shards with their reason"; exit 1; }
  echo "$out: the failed shard is listed with its reason"
}

echo "Spark local[2], the first attempt of shard ix-a/2026-11-21 killed:"
mkdir -p "$work/flaky"
cat > "$work/flaky/ixaudit" <<SH
#!/usr/bin/env bash
if [ "\$5" = ix-a/2026-11-21 ] && mkdir "$work/flaky/killed" 2>/dev/null; then kill -9 \$\$; fi
exec "$bin" "\$@"
SH
chmod +x "$work/flaky/ixaudit"
"$venv/spark-submit" --master 'local[2,2]' spark/ixaudit_study.py "$work/study.yaml" --ixaudit "$work/flaky/ixaudit" \
  --out "$work/out-local" 2>"$work/local.log"
[ -d "$work/flaky/killed" ] && grep -q "ixaudit exited -9" "$work/local.log" \
  || { echo "the killed attempt was not seen and retried"; exit 1; }
echo "the killed attempt of ix-a/2026-11-21 was run again by Spark"
check "$work/out-local"

echo "Spark standalone cluster, one master and two workers on localhost:"
export SPARK_LOG_DIR=$work/spark-logs SPARK_PID_DIR=$work/spark-pids SPARK_WORKER_DIR=$work/spark-work
mkdir -p "$SPARK_LOG_DIR"
"$venv/spark-class" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 7177 --webui-port 8180 >"$SPARK_LOG_DIR/master.log" 2>&1 &
pids=($!)
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
for n in 1 2; do
  "$venv/spark-class" org.apache.spark.deploy.worker.Worker spark://127.0.0.1:7177 --host 127.0.0.1 --cores 1 --memory 1g \
    --webui-port $((8180 + n)) --work-dir "$SPARK_WORKER_DIR/$n" >"$SPARK_LOG_DIR/worker-$n.log" 2>&1 &
  pids+=($!)
done
for _ in $(seq 60); do
  [ "$(grep -c 'Registering worker' "$SPARK_LOG_DIR/master.log" 2>/dev/null)" -ge 2 ] && break
  sleep 1
done
grep -c 'Registering worker' "$SPARK_LOG_DIR/master.log" | grep -q 2 || { echo "the workers did not register"; cat "$SPARK_LOG_DIR"/*.log; exit 1; }
"$venv/spark-submit" --master spark://127.0.0.1:7177 --conf spark.task.maxFailures=3 spark/ixaudit_study.py "$work/study.yaml" \
  --ixaudit "$bin" --out "$work/out-cluster" 2>"$work/cluster.log"
check "$work/out-cluster"
echo "test-study: local[2] and the standalone cluster agree with the single runs"
