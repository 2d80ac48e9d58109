"""The study's summary tables, Markdown summary and SVG charts (spark/README.md)."""

import html
import os

from pyspark.sql import functions as F


def policy_of(audience):
    """A community-set audience as community-sets.csv writes it, as a policy class."""
    if audience == "open":
        return "open"
    if audience.startswith("open except"):
        return "open with exclusions"
    if audience.startswith("only"):
        return "selective"
    if audience == "no one":
        return "blocked"
    return "other"


def summary_tables(written):
    tables = {}
    if "findings" in written:
        tables["findings_per_check_per_night"] = (written["findings"].groupBy("ixp", "night", "check", "severity")
                                                  .agg(F.count("*").alias("findings")).orderBy("ixp", "night", "check"))
    if "community_sets" in written:
        policy = F.udf(policy_of)
        members = (written["community_sets"]
                   .withColumn("policy", policy(F.col("audience")))
                   .withColumn("member_asn", F.explode(F.split(F.col("member_asns"), " ")))
                   .where(F.col("member_asn") != "")
                   .withColumn("year", F.substring("night", 1, 4)))
        tables["members_per_community_policy_per_year"] = (members.groupBy("ixp", "year", "policy")
                                                           .agg(F.countDistinct("member_asn").alias("members"))
                                                           .orderBy("ixp", "year", "policy"))
    if "data_quality" in written:
        tables["hidden_paths_per_night"] = (written["data_quality"]
                                            .where((F.col("role") == "figure:hidden_paths") & (F.col("scenario") == ""))
                                            .select("ixp", "night", F.col("bytes").cast("long").alias("hidden_paths"))
                                            .orderBy("ixp", "night"))
    return tables


def line_chart(title, series, y_label):
    """An SVG line chart: `series` maps a name to [(night, value)], nights as text."""
    nights = sorted({n for points in series.values() for n, _ in points})
    top = max([v for points in series.values() for _, v in points] + [1])
    width, height, left, bottom = 640, 280, 60, 40
    def x(night):
        return left + (width - left - 20) * (nights.index(night) / max(len(nights) - 1, 1))
    def y(value):
        return height - bottom - (height - bottom - 30) * value / top
    colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="11">',
             f'<title>{html.escape(title)}</title>',
             f'<text x="{left}" y="16" font-size="13">{html.escape(title)}</text>',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - 20}" y2="{height - bottom}" stroke="#333"/>',
             f'<line x1="{left}" y1="30" x2="{left}" y2="{height - bottom}" stroke="#333"/>',
             f'<text x="{left - 6}" y="34" text-anchor="end">{top}</text>',
             f'<text x="{left - 6}" y="{height - bottom}" text-anchor="end">0</text>',
             f'<text x="12" y="{(height - bottom) / 2}" transform="rotate(-90 12 {(height - bottom) / 2})">{html.escape(y_label)}</text>']
    for night in nights[:: max(1, len(nights) // 8)]:
        parts.append(f'<text x="{x(night):.1f}" y="{height - bottom + 16}" text-anchor="middle">{html.escape(night)}</text>')
    for i, (name, points) in enumerate(sorted(series.items())):
        colour = colours[i % len(colours)]
        path = " ".join(f"{x(n):.1f},{y(v):.1f}" for n, v in sorted(points))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{path}"/>')
        parts.append(f'<text x="{width - 20}" y="{44 + 14 * i}" text-anchor="end" fill="{colour}">{html.escape(name)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def markdown_table(rows, columns, limit=50):
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows[:limit]:
        lines.append("| " + " | ".join(str(row[c]).replace("|", "\\|") for c in columns) + " |")
    if len(rows) > limit:
        lines.append(f"\n{len(rows) - limit} more rows in the Parquet table.")
    return "\n".join(lines) + "\n"


def write(spark, out, written, shards):
    tables = summary_tables(written)
    summary_dir = os.path.join(out, "tables")
    for name, frame in tables.items():
        frame.write.mode("overwrite").parquet(os.path.join(summary_dir, name))
    charts = os.path.join(out, "charts")
    os.makedirs(charts, exist_ok=True)

    shard_rows = shards.orderBy("shard").collect()
    done = [r for r in shard_rows if r.status == "done"]
    failed = [r for r in shard_rows if r.status != "done"]
    lines = ["# Study summary", "",
             f"{len(shard_rows)} shards: {len(done)} done, {len(failed)} failed.", ""]
    if failed:
        lines += ["## Failed shards", "", markdown_table(failed, ["shard", "status", "reason"], limit=1000)]
    lines += ["## Tables", "", "Parquet, partitioned by ixp and night, in `tables/`:", ""]
    for name, frame in sorted(written.items()):
        lines.append(f"- `{name}`: {frame.count()} rows")
    lines.append("")
    if "findings_per_check_per_night" in tables:
        per_night = (written["findings"].groupBy("ixp", "night").agg(F.count("*").alias("findings")).collect())
        series = {}
        for r in per_night:
            series.setdefault(r.ixp, []).append((r.night, r.findings))
        with open(os.path.join(charts, "findings-per-night.svg"), "w", encoding="utf-8") as handle:
            handle.write(line_chart("Findings per night", series, "findings"))
        lines += ["## Findings per check per night", "", "![Findings per night](charts/findings-per-night.svg)", "",
                  markdown_table(tables["findings_per_check_per_night"].collect(), ["ixp", "night", "check", "severity", "findings"])]
    if "members_per_community_policy_per_year" in tables:
        lines += ["## Members per community policy per year", "",
                  markdown_table(tables["members_per_community_policy_per_year"].collect(), ["ixp", "year", "policy", "members"])]
    if "hidden_paths_per_night" in tables:
        rows = tables["hidden_paths_per_night"].collect()
        series = {}
        for r in rows:
            series.setdefault(r.ixp, []).append((r.night, r.hidden_paths or 0))
        with open(os.path.join(charts, "hidden-paths-per-night.svg"), "w", encoding="utf-8") as handle:
            handle.write(line_chart("Routes hidden by best-path export per night", series, "hidden paths"))
        lines += ["## Routes hidden by best-path export per night", "",
                  "![Hidden paths per night](charts/hidden-paths-per-night.svg)", "",
                  markdown_table(rows, ["ixp", "night", "hidden_paths"])]
    with open(os.path.join(out, "summary.md"), "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines))
