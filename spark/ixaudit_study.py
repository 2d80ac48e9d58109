"""Runs an ixaudit study on Apache Spark.

The study file lists IXPs, nights and what-if scenarios (docs/studies.md). `ixaudit study
plan` turns it into shards; each shard is one Spark task that runs `ixaudit study run-shard`
with the binary shipped to the executors (SparkContext.addFile). The per-shard tables are then
merged into Parquet partitioned by IXP and night, and the study's summary tables, a Markdown
summary and SVG charts are written.

A shard that exits 2 with a manifest saying "failed" failed on its input (a missing RIB dump):
retrying cannot help, so it is listed with its reason. Any other failure (a crash, a killed
executor, a full disk) raises, and Spark runs the task again (spark.task.maxFailures).

    spark-submit spark/ixaudit_study.py STUDY.yaml --ixaudit PATH [--master local[2]]
"""

import argparse
import json
import os
import stat
import subprocess
import sys

from pyspark import SparkFiles
from pyspark.sql import Row, SparkSession
from pyspark.sql import functions as F

import study_summary

# Per-shard CSV tables merged into Parquet: table name -> file in the shard's directory.
REPORT_TABLES = {
    "findings": "findings.csv",
    "members": "members.csv",
    "community_sets": "community-sets.csv",
    "export_reach": "export-matrix.csv.gz",
}
SCENARIO_TABLES = {
    "scenario_diffs": "scenario-diff.csv.gz",
}
PARTITIONS = ["ixp", "night"]


def study_plan(ixaudit, study):
    result = subprocess.run([ixaudit, "study", "plan", study], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"ixaudit study plan {study} failed: {result.stderr.strip()}")
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def read_manifest(directory):
    try:
        with open(os.path.join(directory, "manifest.json"), encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def run_shard(shard, study, binary):
    """One Spark task: runs the shard, returns its outcome. Raises for Spark to retry."""
    executable = SparkFiles.get(binary)
    mode = os.stat(executable).st_mode
    if not mode & stat.S_IXUSR:
        os.chmod(executable, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    result = subprocess.run([executable, "study", "run-shard", study, "--shard", shard["id"], "-q"],
                            capture_output=True, text=True)
    manifest = read_manifest(shard["directory"])
    if result.returncode == 0 and manifest and manifest.get("status") == "done":
        return Row(shard=shard["id"], status="done", reason="", exit_status=0)
    if result.returncode == 2 and manifest and manifest.get("status") == "failed":
        return Row(shard=shard["id"], status="failed", reason=manifest.get("reason", ""), exit_status=2)
    raise RuntimeError(f"shard {shard['id']}: ixaudit exited {result.returncode}: {result.stderr.strip()[-2000:]}")


def shard_frame(spark, shards, outcomes):
    by_id = {o.shard: o for o in outcomes}
    rows = []
    for s in shards:
        o = by_id.get(s["id"])
        rows.append(Row(shard=s["id"], ixp=s["ixp"], night=s["night"], scenario=s.get("scenario") or "",
                        mode=s.get("mode") or "", status=o.status if o else "missing",
                        reason=o.reason if o else "no outcome", directory=s["directory"]))
    return spark.createDataFrame(rows)


def merged_table(spark, shards, file_name):
    """The file `file_name` of every shard that has it, as one DataFrame with the shard's
    ixp, night, scenario and mode; None when no shard has it."""
    paths, origin = [], []
    for s in shards:
        path = os.path.join(s["directory"], file_name)
        if os.path.exists(path):
            paths.append(path)
            origin.append(Row(path=os.path.abspath(path), shard=s["id"], ixp=s["ixp"], night=s["night"],
                              scenario=s.get("scenario") or "", scenario_mode=s.get("mode") or ""))
    if not paths:
        return None
    frame = (spark.read.option("header", True).option("multiLine", True).option("escape", '"').csv(paths)
             .withColumn("path", F.expr("url_decode(regexp_replace(input_file_name(), '^file:(//)?', ''))")))
    return frame.join(F.broadcast(spark.createDataFrame(origin)), "path").drop("path")


def data_quality(spark, shards):
    """Every input of every shard that ran: its state, size, digest and problem."""
    rows = []
    for s in shards:
        manifest = read_manifest(s["directory"]) or {}
        for entry in manifest.get("inputs", []):
            rows.append(Row(shard=s["id"], ixp=s["ixp"], night=s["night"], scenario=s.get("scenario") or "", role=entry.get("role", ""),
                            path=entry.get("path", ""), state=entry.get("state", ""), bytes=entry.get("bytes", ""),
                            sha256=entry.get("sha256", ""), problem=entry.get("problem", "")))
        for name, value in sorted(manifest.get("figures", {}).items()):
            rows.append(Row(shard=s["id"], ixp=s["ixp"], night=s["night"], scenario=s.get("scenario") or "", role="figure:" + name, path="",
                            state="", bytes=str(value), sha256="", problem=""))
    return spark.createDataFrame(rows) if rows else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("study", help="the study file (YAML)")
    parser.add_argument("--ixaudit", required=True, help="the ixaudit binary shipped to the executors")
    parser.add_argument("--master", help="the Spark master (default: what spark-submit was given)")
    parser.add_argument("--out", help="where the Parquet tables and summary go (default: the study's output)")
    args = parser.parse_args()

    study = os.path.abspath(args.study)
    ixaudit = os.path.abspath(args.ixaudit)
    shards = study_plan(ixaudit, study)
    if not shards:
        sys.exit(f"{study}: the study has no shards")
    out = os.path.abspath(args.out) if args.out else shards[0]["output"]

    builder = SparkSession.builder.appName("ixaudit study " + os.path.basename(study)).config("spark.ui.showConsoleProgress", "false")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    spark.sparkContext.addFile(ixaudit)
    spark.sparkContext.addPyFile(study_summary.__file__)
    binary = os.path.basename(ixaudit)

    outcomes = (spark.sparkContext.parallelize(shards, numSlices=len(shards))
                .map(lambda s: run_shard(s, study, binary)).collect())
    shard_table = shard_frame(spark, shards, outcomes)
    done = [s for s, o in zip(shards, outcomes) if o.status == "done"]

    tables_dir = os.path.join(out, "tables")
    written = {}
    shard_table.write.mode("overwrite").parquet(os.path.join(tables_dir, "shards"))
    written["shards"] = shard_table
    report_shards = [s for s in done if not s.get("scenario")]
    scenario_shards = [s for s in done if s.get("scenario")]
    for name, file_name in REPORT_TABLES.items():
        frame = merged_table(spark, report_shards, file_name)
        if frame is not None:
            frame.write.mode("overwrite").partitionBy(*PARTITIONS).parquet(os.path.join(tables_dir, name))
            written[name] = frame
    for name, file_name in SCENARIO_TABLES.items():
        frame = merged_table(spark, scenario_shards, file_name)
        if frame is not None:
            frame.write.mode("overwrite").partitionBy(*PARTITIONS).parquet(os.path.join(tables_dir, name))
            written[name] = frame
    quality = data_quality(spark, done)
    if quality is not None:
        quality.write.mode("overwrite").partitionBy(*PARTITIONS).parquet(os.path.join(tables_dir, "data_quality"))
        written["data_quality"] = quality

    study_summary.write(spark, out, written, shard_table)
    failed = [o for o in outcomes if o.status != "done"]
    print(f"{len(shards)} shards: {len(shards) - len(failed)} done, {len(failed)} failed; tables in {tables_dir}, "
          f"summary in {os.path.join(out, 'summary.md')}")
    for o in failed:
        print(f"failed: {o.shard}: {o.reason}")
    spark.stop()


if __name__ == "__main__":
    main()
