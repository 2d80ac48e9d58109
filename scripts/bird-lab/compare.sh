#!/usr/bin/env bash
# Compares `ixaudit simulate` on a bird-lab run with what BIRD really did.
#
#   scripts/bird-lab/compare.sh OUTDIR [--mode best|secondary|default|all] [--ixaudit PATH]
#
# OUTDIR is the output of scripts/bird-lab/run.sh. The mode defaults to the one the lab ran in
# (the first line of OUTDIR/job.yaml); BIRD's best mode is compared with `--mode best`, BIRD's
# secondary mode with `--mode per-client`; an OpenBGPD run (run.sh --rs openbgpd) in `rde
# evaluate default` with `--mode default`, in `evaluate all` with `--mode evaluate-all`
# (its job.yaml says implementation: openbgpd). ixaudit is --ixaudit, else $IXAUDIT, else
# .build-cmp/release/ixaudit, .build/release/ixaudit, then `ixaudit` on the PATH.
#
# Runs `ixaudit simulate --config OUTDIR/job.yaml --mode M --exports --out OUTDIR/sim`, then
#  - exports: the set of (receiving session, prefix, sending session) of
#    OUTDIR/sim/exports.csv.gz against OUTDIR/exports.csv (BIRD's Adj-RIB-Out per session; a
#    session only ever gets prefixes of its own family, which is checked), and for the routes
#    in both, what the session received: next hop, AS path (after the route server's
#    prepends; a blackholed route's next hop is the blackhole address), and, where the lab's
#    file has them, MED, communities and large communities (the route server's control
#    communities removed); OUTDIR/sim/export-actions.csv.gz, the exports the route server
#    changes, must agree with exports.csv.gz;
#  - rejections: OUTDIR/sim/rejected.csv.gz against the rows of OUTDIR/imports.csv that BIRD
#    tagged rejected, by (sender_asn, sender_address, prefix), with the simulation's rules
#    mapped to arouteserver's reason codes: bogon-prefix 2, prefix-too-long /
#    prefix-too-short / default-route 13, first-as 6, next-hop 5, transit-free-asn 8 (a rule
#    with no code in the lab, such as bogon-asn or max-prefix, is a difference).
# Prints the counts and every difference; exits 0 when there is none, 1 on a difference,
# 2 when it cannot run.
#
# Known limit: BIRD breaks a tie by the peers' BGP identifiers before their addresses; the
# simulation does not know the identifiers (Routing keeps no PEER_INDEX_TABLE BGP ID) and
# uses the neighbour address. In the lab every member's router id is its IPv4 address and the
# only tie (194.190.0.0/17) is IPv4, so both orders agree; a tie between IPv6 sessions whose
# address order differs from their router ids' (e.g. AS3216 ::c90:1 vs AS8359 ::20a7:1)
# would show as a difference here.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
usage() { echo "usage: $0 OUTDIR [--mode best|secondary] [--ixaudit PATH]" >&2; exit 2; }
NAME=compare HELP_END=31
. "$HERE/checkargs.sh"
check_args yes "$@"
require_files job.yaml exports.csv imports.csv rib.mrt
if [ -z "$MODE" ]; then
    MODE=$(sed -n '1s/.*(\([a-z]*\) mode).*/\1/p' "$OUTDIR/job.yaml")
    [ -n "$MODE" ] || { echo "compare: give --mode (job.yaml does not say the lab's mode)" >&2; exit 2; }
fi
case "$MODE" in
    best) SIMMODE=best ;;
    secondary|per-client) MODE=secondary SIMMODE=per-client ;;
    default) SIMMODE=default ;;
    all|evaluate-all) MODE=all SIMMODE=evaluate-all ;;
    *) echo "compare: --mode must be best, secondary, default or all (not '$MODE')" >&2; exit 2 ;;
esac
SOFTWARE=$(sed -n '1s/.*the lab.s \([A-Za-z]*\) route server.*/\1/p' "$OUTDIR/job.yaml")
find_ixaudit

rm -rf "$OUTDIR/sim"
if ! (cd "$ROOT" && "$IX" simulate --config "$OUTDIR/job.yaml" --mode "$SIMMODE" --exports --out "$OUTDIR/sim" --quiet >/dev/null); then
    echo "compare: ixaudit simulate failed" >&2; exit 2
fi

exec python3 - "$OUTDIR" "$MODE" "$SIMMODE" "${SOFTWARE:-BIRD}" <<'PY'
import csv, gzip, ipaddress, sys

outdir, lab_mode, sim_mode, rs = sys.argv[1:5]
# the simulation writes the mode it ran, whatever name --mode gave it
sim_mode = {"default": "best"}.get(sim_mode, sim_mode)
def rows(name):
    opener = gzip.open if name.endswith(".gz") else open
    with opener(f"{outdir}/{name}", "rt", newline="") as f:
        return list(csv.DictReader(f))
def family(text):
    return ipaddress.ip_network(text, strict=False).version
def norm_prefix(text):
    return str(ipaddress.ip_network(text, strict=False))
def norm_addr(text):
    return str(ipaddress.ip_address(text)) if text else ""

diffs = []

# --- exports ------------------------------------------------------------------------------
lab_rows = rows("exports.csv")
# The lab's file says which attributes it recorded (the OpenBGPD run: next hop and path only).
ATTRS = ["next_hop", "as_path"] + [c for c in ("med", "communities", "large_communities") if lab_rows and c in lab_rows[0]]
BY_SENDER_SESSION = bool(lab_rows) and "sender_address" in lab_rows[0]
def export_key(r, prefix):
    sender = (int(r["sender_asn"]), norm_addr(r["sender_address"])) if BY_SENDER_SESSION else (int(r["sender_asn"]),)
    return (int(r["receiver_asn"]), norm_addr(r["receiver_address"]), prefix) + sender
def received(r):
    """What the session got: the attributes compared, communities as sorted sets."""
    out = []
    for c in ATTRS:
        v = (r.get(c) or "").strip()
        out.append(norm_addr(v) if c == "next_hop" else " ".join(sorted(v.split())) if "communities" in c else v)
    return tuple(out)
bird = {}
for r in lab_rows:
    prefix = norm_prefix(r["prefix"])
    if family(r["receiver_address"]) != family(prefix):
        diffs.append(f"lab: session {r['receiver_address']} of AS{r['receiver_asn']} got {prefix} of the other family")
    bird.setdefault(export_key(r, prefix), set()).add(received(r))
sim = {}
for r in rows("sim/exports.csv.gz"):
    if r["mode"] != sim_mode:
        diffs.append(f"simulation: row of mode {r['mode']}, expected {sim_mode}")
    sim.setdefault(export_key(r, norm_prefix(r["prefix"])), set()).add(received(r))

# export-actions.csv.gz: the exports the route server changes for their receiver (prepends,
# blackhole next hop); each must be an export of exports.csv.gz with that path and next hop
import os
adjusted = 0
if os.path.exists(f"{outdir}/sim/export-actions.csv.gz"):
    sent = {}
    for k, values in sim.items():
        for v in values:
            sent.setdefault((k[0], k[2], k[3]), set()).add((v[0], v[1]))
    for r in rows("sim/export-actions.csv.gz"):
        key = (int(r["receiver_asn"]), norm_prefix(r["prefix"]), int(r["sender_asn"]))
        if len(r["as_path"].split()) != int(r["exported_path_length"]):
            diffs.append(f"simulation: export-actions.csv path {r['as_path']!r} is not {r['exported_path_length']} long")
        if (norm_addr(r["next_hop"]), r["as_path"].strip()) not in sent.get(key, set()):
            diffs.append(f"simulation: export-actions.csv has AS{key[0]} <- {key[1]} from AS{key[2]} with path "
                         f"{r['as_path']!r} and next hop {r['next_hop']}, exports.csv.gz has {sorted(sent.get(key, set()))}")
        adjusted += 1

def fmt(k):
    sender = f"AS{k[3]}" + (f" ({k[4]})" if len(k) > 4 else "")
    return f"AS{k[0]} ({k[1]}) <- {k[2]} from {sender}"
only_bird = sorted(set(bird) - set(sim))
only_sim = sorted(set(sim) - set(bird))
for k in only_bird:
    diffs.append(f"export only in {rs}:       {fmt(k)} ({', '.join(ATTRS)}: {sorted(bird[k])})")
for k in only_sim:
    diffs.append(f"export only in simulation: {fmt(k)} ({', '.join(ATTRS)}: {sorted(sim[k])})")
both = sorted(set(bird) & set(sim))
for k in both:
    if bird[k] != sim[k]:
        diffs.append(f"export attributes differ:  {fmt(k)} ({', '.join(ATTRS)}): {rs} {sorted(bird[k])}, "
                     f"simulation {sorted(sim[k])}")
members = {k[0] for k in bird} | {k[0] for k in sim}
sessions = {k[:2] for k in bird} | {k[:2] for k in sim}

# --- rejections ---------------------------------------------------------------------------
CODES = {"bogon-prefix": 2, "prefix-too-long": 13, "prefix-too-short": 13, "default-route": 13,
         "first-as": 6, "next-hop": 5, "transit-free-asn": 8}
lab_rej = {}
for r in rows("imports.csv"):
    if r["rejected"] == "yes":
        key = (int(r["sender_asn"]), norm_addr(r["sender_address"]), norm_prefix(r["prefix"]))
        lab_rej[key] = ({int(c) for c in r["reason_codes"].split()}, r["reasons"], r["scenario"])
sim_rej = {}
for r in rows("sim/rejected.csv.gz"):
    key = (int(r["sender_asn"]), norm_addr(r["peer_address"]), norm_prefix(r["prefix"]))
    rules = [reason.split(" ", 1)[0] for reason in r["reasons"].split("; ") if reason]
    codes = {CODES.get(rule, rule) for rule in rules}
    sim_rej.setdefault(key, (set(), r["reasons"]))[0].update(codes)

def fmtr(k):
    return f"{k[2]} from AS{k[0]} ({k[1]})"
for k in sorted(set(lab_rej) - set(sim_rej)):
    diffs.append(f"rejected only in {rs}:       {fmtr(k)}: codes {sorted(lab_rej[k][0])} ({lab_rej[k][1]}; {lab_rej[k][2]})")
for k in sorted(set(sim_rej) - set(lab_rej)):
    diffs.append(f"rejected only in simulation: {fmtr(k)}: {sim_rej[k][1]}")
for k in sorted(set(lab_rej) & set(sim_rej)):
    if lab_rej[k][0] != sim_rej[k][0]:
        diffs.append(f"reasons differ: {fmtr(k)}: {rs} codes {sorted(lab_rej[k][0])} ({lab_rej[k][1]}), "
                     f"simulation {sorted(sim_rej[k][0], key=str)} ({sim_rej[k][1]})")

print(f"compare: {rs} {lab_mode} mode vs ixaudit simulate --mode {sim_mode} ({outdir})")
print(f"  exports: {len(set(bird) | set(sim))} routes compared ({len(bird)} from {rs}, {len(sim)} simulated, "
      f"{len(both)} in both) to {len(sessions)} sessions of {len(members)} members; attributes compared: {', '.join(ATTRS)}; "
      f"{adjusted} with the route server's prepends or blackhole next hop")
print(f"  rejections: {len(set(lab_rej) | set(sim_rej))} routes compared ({len(lab_rej)} rejected by {rs}, "
      f"{len(sim_rej)} rejected by the simulation)")
for d in diffs:
    print("  " + d)
print(f"compare: {'OK, no differences' if not diffs else f'{len(diffs)} differences'}")
sys.exit(1 if diffs else 0)
PY
