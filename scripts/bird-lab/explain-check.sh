#!/usr/bin/env bash
# Checks `ixaudit explain` against what BIRD really did on a bird-lab run.
#
#   scripts/bird-lab/explain-check.sh OUTDIR [--mode best|secondary] [--ixaudit PATH]
#
# OUTDIR is the output of scripts/bird-lab/run.sh (BIRD). For every (sender, prefix) of
# OUTDIR/imports.csv it runs `ixaudit explain PREFIX --from SENDER --rs rs1 --json` once, which
# answers for every receiving session of the prefix's family about the sender's best-ranked
# route (of a member with two routers, one of them), and compares each (receiving session, route):
#  - exported or not, against OUTDIR/exports.csv (BIRD's Adj-RIB-Out), and when exported the
#    AS path and next hop as sent (after prepending, the blackhole next hop);
#  - the reason when not, against BIRD's outcome: a route BIRD tagged rejected must be
#    `import-rejected` with the failed rules mapped to arouteserver's codes (bogon_prefix 2,
#    prefix_length and default_route 13, first_as 6, next_hop 5, transit_free_asn 8) equal
#    to BIRD's reason_codes; the sending session itself `own-route` (the member's other router
#    gets it); a receiver the route's communities
#    exclude in arouteserver's order (0:peer or 8960:0:peer, else 0:8960 or 8960:0:0 without
#    an include for it, read here from imports.csv) `communities`, naming that community;
#    a route with NO_EXPORT or NO_ADVERTISE (BIRD refuses it to every member before the
#    export filters: actions.py's ground truth) `communities`, naming the well-known community;
#    any other receiver `lost-decision`, the route not being BIRD's best (imports.csv `best`)
#    or, in secondary mode, another route coming first.
# Prints the counts and every difference; exits 0 when there is none, 1 on a difference, 2 when
# it cannot run. ixaudit is --ixaudit, else $IXAUDIT, else the project's release build
# (.build-cmp, then .build), else ixaudit on the PATH.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
usage() { echo "usage: $0 OUTDIR [--mode best|secondary] [--ixaudit PATH]" >&2; exit 2; }
NAME=explain-check HELP_END=26
. "$HERE/checkargs.sh"
check_args yes "$@"
require_files job.yaml exports.csv imports.csv
[ -n "$MODE" ] || MODE=$(sed -n '1s/.*(\([a-z]*\) mode).*/\1/p' "$OUTDIR/job.yaml")
case "$MODE" in
    best) SIMMODE=best ;;
    secondary|per-client) MODE=secondary SIMMODE=per-client ;;
    *) echo "explain-check: --mode must be best or secondary (not '$MODE')" >&2; exit 2 ;;
esac
find_ixaudit

exec python3 - "$OUTDIR" "$MODE" "$SIMMODE" "$IX" "$ROOT" "$HERE" <<'PY'
import csv, ipaddress, json, subprocess, sys

outdir, lab_mode, sim_mode, ix, root, here = sys.argv[1:7]
sys.path.insert(0, here)
import actions
RS = 8960
CODES = {"bogon_prefix": 2, "prefix_length": 13, "default_route": 13, "first_as": 6, "next_hop": 5, "transit_free_asn": 8}

def rows(name):
    with open(f"{outdir}/{name}", newline="") as f:
        return list(csv.DictReader(f))
def norm(text):
    return str(ipaddress.ip_network(text, strict=False))

def addr(text):
    return str(ipaddress.ip_address(text.split()[0])) if text.strip() else ""

# per receiving session: (receiver address, prefix, sender address)
sent = {(addr(r["receiver_address"]), norm(r["prefix"]), addr(r["sender_address"])): (r["as_path"].split(), r["next_hop"])
        for r in rows("exports.csv")}
exported = set(sent)
imports = rows("imports.csv")
by_session = {(addr(r["sender_address"]), norm(r["prefix"])): r for r in imports}

def excluding(route, receiver):
    """The community that keeps `route` from `receiver` in arouteserver's order, or None."""
    std = route["communities"].split()
    large = route["large_communities"].split()
    for c in (f"0:{receiver}", f"{RS}:0:{receiver}"):
        if c in std or c in large:
            return c
    if f"{RS}:{receiver}" in std or f"{RS}:1:{receiver}" in large:
        return None
    for c in (f"0:{RS}", f"{RS}:0:0"):
        if c in std or c in large:
            return c
    return None

diffs, pairs, runs, asked = [], 0, 0, set()
for row in imports:
    sender, prefix = int(row["sender_asn"]), norm(row["prefix"])
    if (sender, prefix) in asked:
        continue
    asked.add((sender, prefix))
    cmd = [ix, "explain", prefix, "--from", str(sender), "--rs", "rs1", "--mode", sim_mode, "--json", "--quiet",
           "--config", f"{outdir}/job.yaml"]
    done = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
    runs += 1
    if done.returncode != 0:
        diffs.append(f"explain failed for {prefix} from AS{sender}: {done.stderr.strip()}")
        continue
    explanation = json.loads(done.stdout)[0]
    explained = explanation["candidates"][explanation["explained_route"]]
    route_rules = explained["import_rules"]
    from_session = addr(explained["session"])
    route = by_session.get((from_session, prefix))
    if route is None:
        diffs.append(f"{prefix} from AS{sender}: explain explains the route of session {from_session}, which BIRD does not hold")
        continue
    rejected = route["rejected"] == "yes"
    bird_codes = {int(c) for c in route["reason_codes"].split()}
    for r in explanation["receivers"]:
        pairs += 1
        receiver, session = r["receiver"], addr(r["session"])
        label = f"AS{receiver} {session} <- {prefix} from AS{sender} {from_session}"
        key = (session, prefix, from_session)
        bird = key in exported
        if r["exported"] != bird:
            diffs.append(f"{label}: BIRD {'exported' if bird else 'did not export'} it, explain says {r['reason']}: {r['detail']}")
            continue
        if bird:
            path = (r.get("sent_path") or explained["as_path"]).split()
            hop = r.get("sent_next_hop") or explained.get("next_hop") or ""
            want_path, want_hop = sent[key]
            if path != want_path or addr(hop) != addr(want_hop):
                diffs.append(f"{label}: BIRD sent path [{' '.join(want_path)}] next hop {want_hop}, "
                             f"explain says [{' '.join(path)}] next hop {hop}")
            continue
        if session == from_session:
            want = "own-route"
        elif rejected:
            want = "import-rejected"
            codes = {CODES.get(v["rule"], v["rule"]) for v in route_rules if not v["passed"]}
            if codes != bird_codes:
                diffs.append(f"{label}: BIRD's reject codes {sorted(bird_codes)}, explain's rules give {sorted(codes, key=str)}")
        elif actions.no_member_gets(route["communities"].split()):
            want = "communities"
            well_known = sorted(set(route["communities"].split()) & (actions.NO_EXPORT | {actions.NO_ADVERTISE}))
            if not all(c in r["detail"] for c in well_known):
                diffs.append(f"{label}: BIRD refuses it to every member for {' '.join(well_known)}, explain says: {r['detail']}")
        elif excluding(route, receiver):
            want = "communities"
            if excluding(route, receiver) not in r["detail"]:
                diffs.append(f"{label}: BIRD's export filter stops it at {excluding(route, receiver)}, explain says: {r['detail']}")
        else:
            want = "lost-decision"
        if r["reason"] != want:
            diffs.append(f"{label}: expected {want} from BIRD's outcome, explain says {r['reason']}: {r['detail']}")

print(f"explain-check: BIRD {lab_mode} mode vs ixaudit explain --mode {sim_mode} ({outdir})")
print(f"  {runs} routes explained, {pairs} (receiver, route) pairs compared, {len(exported)} exports in BIRD's table")
for d in diffs:
    print("  " + d)
print(f"explain-check: {'OK, no differences' if not diffs else f'{len(diffs)} differences'}")
sys.exit(1 if diffs else 0)
PY
