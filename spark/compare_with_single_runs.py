"""Checks a study's Parquet tables against the same shards run one by one with `ixaudit
report`: per IXP and night, every table's row count and the sums of its numeric key columns
must be equal, and the data-quality table must list the inputs run.json lists (count, bytes,
digests). Exit 1 with the differences, else 0.

    python3 spark/compare_with_single_runs.py STUDY_OUT SINGLE_RUNS [SINGLE_SCENARIO_RUNS]

SINGLE_RUNS holds one report directory per night, SINGLE_RUNS/IXP/NIGHT;
SINGLE_SCENARIO_RUNS one `ixaudit simulate --scenario` directory per night of the study's
scenario, whose scenario-diff rows are compared per change (gained, lost, changed).
"""

import csv
import gzip
import json
import os
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

# table -> (file of a report, numeric columns summed)
TABLES = {
    "findings": ("findings.csv", ["count", "routes_affected"]),
    "members": ("members.csv", ["routes_received", "ipv4_prefixes", "ipv6_prefixes", "errors", "warnings", "notices"]),
    "community_sets": ("community-sets.csv", ["routes", "members", "audience_size"]),
    "export_reach": ("export-matrix.csv.gz", ["routes"]),
}


def number(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return 0


def single_figures(single_runs):
    figures = {}
    for ixp in sorted(e for e in os.listdir(single_runs) if not e.startswith(".")):
        for night in sorted(e for e in os.listdir(os.path.join(single_runs, ixp)) if not e.startswith(".")):
            for table, (file_name, columns) in TABLES.items():
                path = os.path.join(single_runs, ixp, night, file_name)
                opener = gzip.open if file_name.endswith(".gz") else open
                with opener(path, "rt", newline="", encoding="utf-8") as handle:
                    rows = list(csv.DictReader(handle))
                figures[(table, ixp, night)] = [len(rows)] + [sum(number(r[c]) for r in rows) for c in columns]
    return figures


def single_inputs_figures(single_runs):
    """Per night: the inputs the single report's run.json lists, and their bytes."""
    figures = {}
    for ixp in sorted(e for e in os.listdir(single_runs) if not e.startswith(".")):
        for night in sorted(e for e in os.listdir(os.path.join(single_runs, ixp)) if not e.startswith(".")):
            with open(os.path.join(single_runs, ixp, night, "run.json"), encoding="utf-8") as handle:
                inputs = json.load(handle)["inputs"]
            figures[("data_quality", ixp, night)] = [len(inputs), sum(int(i.get("bytes", 0)) for i in inputs),
                                                     sum(1 for i in inputs if i.get("sha256"))]
    return figures


def study_inputs_figures(spark, study_out):
    frame = (spark.read.parquet(os.path.join(study_out, "tables", "data_quality"))
             .where(~F.col("role").startswith("figure:") & (F.col("scenario") == "")))
    aggregates = [F.count(F.lit(1)).alias("rows"), F.sum(F.col("bytes").cast("long")).alias("bytes"),
                  F.sum((F.col("sha256") != "").cast("long")).alias("digests")]
    return {("data_quality", r.ixp, str(r.night)): [r.rows, r.bytes or 0, r.digests or 0]
            for r in frame.groupBy("ixp", "night").agg(*aggregates).collect()}


def single_scenario_figures(single_scenarios):
    figures = {}
    for ixp in sorted(e for e in os.listdir(single_scenarios) if not e.startswith(".")):
        for night in sorted(e for e in os.listdir(os.path.join(single_scenarios, ixp)) if not e.startswith(".")):
            path = os.path.join(single_scenarios, ixp, night, "scenario-diff.csv.gz")
            with gzip.open(path, "rt", newline="", encoding="utf-8") as handle:
                rows = list(csv.DictReader(handle))
            figures[("scenario_diffs", ixp, night)] = [len(rows)] + [sum(r["change"] == c for r in rows) for c in CHANGES]
    return figures


CHANGES = ["gained", "lost", "changed"]


def study_scenario_figures(spark, study_out):
    frame = spark.read.parquet(os.path.join(study_out, "tables", "scenario_diffs"))
    aggregates = [F.count(F.lit(1)).alias("rows")] + [F.sum((F.col("change") == c).cast("long")).alias(c) for c in CHANGES]
    return {("scenario_diffs", r.ixp, str(r.night)): [r.rows] + [r[c] or 0 for c in CHANGES]
            for r in frame.groupBy("ixp", "night").agg(*aggregates).collect()}


def study_figures(spark, study_out):
    figures = {}
    for table, (_, columns) in TABLES.items():
        frame = spark.read.parquet(os.path.join(study_out, "tables", table))
        aggregates = [F.count(F.lit(1)).alias("rows")] + [F.sum(F.col(c).cast("long")).alias(c) for c in columns]
        for row in frame.groupBy("ixp", "night").agg(*aggregates).collect():
            figures[(table, row.ixp, str(row.night))] = [row.rows] + [row[c] or 0 for c in columns]
    return figures


def main():
    study_out, single_runs = sys.argv[1], sys.argv[2]
    spark = (SparkSession.builder.master("local[1]").appName("compare")
             .config("spark.ui.showConsoleProgress", "false").getOrCreate())
    spark.sparkContext.setLogLevel("WARN")
    ours, singles = study_figures(spark, study_out), single_figures(single_runs)
    ours.update(study_inputs_figures(spark, study_out))
    singles.update(single_inputs_figures(single_runs))
    if len(sys.argv) > 3:
        ours.update(study_scenario_figures(spark, study_out))
        singles.update(single_scenario_figures(sys.argv[3]))
    spark.stop()
    differences = [f"{key}: study {ours.get(key)}, single run {singles.get(key)}"
                   for key in sorted(set(ours) | set(singles)) if ours.get(key) != singles.get(key)]
    for line in differences:
        print("difference:", line)
    print(f"{len(singles)} (table, ixp, night) figures compared, {len(differences)} differences")
    sys.exit(1 if differences or not singles else 0)


if __name__ == "__main__":
    main()
