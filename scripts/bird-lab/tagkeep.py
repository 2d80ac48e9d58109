"""Tag-and-keep and max-prefix in the BIRD lab (lab.py calls these; filter-check.sh reads the result).

BIRD keeps every route its import filter tags (arouteserver's reject_policy: tag), so its
`import limit` counts the tagged routes too. Two sessions get an import limit with `action
warn` (the routes stay, so nothing else in the lab changes):

- AS3216 IPv4 sends 4 routes, one of them tagged (87.250.224.0/19, first AS 13238): limit 3.
  BIRD counts 4, over the limit: `Import limit: 3 [HIT]`. Counting only the untagged routes
  (3) would stay within it.
- AS8359 IPv4 sends 5 routes, none tagged: limit 5, not hit (the control).

`collect` writes OUTDIR/limits.csv: protocol, limit, hit (yes/no), BIRD's imported count.

`BIRDLAB_OMIT_TAG=<code>` (run.sh passes the environment on) leaves the tagging of that
reject code out of BIRD's import filters: a route server whose filter lacks a rule of the
policy. The scenario's expected tags then lack the code too (`expected_codes`).
"""
import csv
import os
import re

IMPORT_LIMITS = {(3216, 4): 3, (8359, 4): 5}


def omitted_code():
    text = os.environ.get("BIRDLAB_OMIT_TAG", "")
    return int(text) if text else None


def expected_codes(codes):
    """The reject codes BIRD tags a planted route with, given the omitted code."""
    omit = omitted_code()
    return [c for c in codes if c != omit]


def tag_line(code, line):
    """An import filter line tagging `code`, or a comment where the code is left out."""
    if code == omitted_code():
        return f"  # reject code {code} left out (BIRDLAB_OMIT_TAG): this route server lacks the rule"
    return line


def channel_options(asn, fam):
    """Extra channel options of a member session: its import limit, if it has one."""
    limit = IMPORT_LIMITS.get((asn, fam))
    return f" import limit {limit} action warn;" if limit is not None else ""


def collect_limits(work, outdir, birdc, proto_name):
    """limits.csv from `show protocols all` of each limited session; returns failures."""
    rows, failures = [], []
    for (asn, fam), limit in sorted(IMPORT_LIMITS.items()):
        name = proto_name(asn, fam)
        text = birdc(work, "show", "protocols", "all", name)
        m = re.search(r"Import limit:\s+(\d+)(\s+\[HIT\])?", text)
        routes = re.search(r"Routes:\s+(\d+) imported", text)
        if not m or not routes:
            failures.append(f"{name}: `show protocols all` shows no import limit or route count:\n{text}")
            continue
        if int(m.group(1)) != limit:
            failures.append(f"{name}: import limit {m.group(1)}, configured {limit}")
        rows.append([name, asn, fam, limit, "yes" if m.group(2) else "no", int(routes.group(1))])
    with open(f"{outdir}/limits.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["protocol", "asn", "family", "limit", "hit", "imported"])
        w.writerows(rows)
    return failures
