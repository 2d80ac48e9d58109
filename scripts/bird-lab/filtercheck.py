#!/usr/bin/env python3
"""The body of filter-check.sh: filtercheck.py OUTDIR ROOT IXAUDIT (see filter-check.sh)."""
import csv
import gzip
import os
import re
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scenario as S  # noqa: E402

outdir, root, ix = sys.argv[1:4]
work = f"{outdir}/filter"
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)


def rows(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", newline="") as f:
        return list(csv.DictReader(f))


base_job = open(f"{outdir}/job.yaml").read()
openbgpd = "OpenBGPD route server" in base_job.splitlines()[0]
conf = "" if openbgpd else open(f"{outdir}/lab/bird.conf").read()
m = re.search(r"reject code (\d+) left out", conf)
omitted = int(m.group(1)) if m else None
imports = rows(f"{outdir}/imports.csv")
codes_of = {(int(r["sender_asn"]), r["prefix"]): {int(c) for c in r["reason_codes"].split()} for r in imports}


def job(variant, reject_tags=("reject_tags: arouteserver",), policy=None, members=None, rs_extra=()):
    """A variant of the lab's job in work/variant/job.yaml; returns its directory."""
    d = f"{work}/{variant}"
    os.makedirs(d)
    text = base_job.replace("rib: [rib.mrt], updates: [updates.mrt]",
                            f"rib: [{outdir}/rib.mrt], updates: [{outdir}/updates.mrt]")
    text = text.replace("    profile: arouteserver\n", "    profile: arouteserver\n" + "".join(f"    {x}\n" for x in reject_tags))
    text = text.replace("      implementation: bird\n", "      implementation: bird\n" + "".join(f"      {x}\n" for x in rs_extra))
    if policy is not None:
        shutil.copy(f"{root}/data/policies/bogon-prefixes.txt", d)
        shutil.copy(f"{root}/data/policies/transit-free-asns.txt", d)
        with open(f"{d}/policy.yaml", "w") as f:
            f.write(policy)
        text = text.replace("policy: smarthub-ix", "policy: policy.yaml")
    for asn, extra in (members or {}).items():
        text = text.replace(f"  - {{asn: {asn}, ", f"  - {{asn: {asn}, {extra}, ")
    with open(f"{d}/job.yaml", "w") as f:
        f.write(text)
    return d


def ixaudit(*args):
    p = subprocess.run([ix, *args, "--quiet"], cwd=root, capture_output=True, text=True)
    if p.returncode != 0:
        print(f"filter-check: ixaudit {' '.join(args)} failed ({p.returncode}): {p.stderr.strip()}", file=sys.stderr)
        sys.exit(2)


def mismatches(d):
    """rs-filter-mismatch as ixaudit reports it: (status, findings, {(asn, prefix, kind)})."""
    ixaudit("report", "--config", f"{d}/job.yaml", "--out", f"{d}/report")
    check = [r for r in rows(f"{d}/report/checks.csv") if r["check"] == "rs-filter-mismatch"]
    routes = {(int(r["member_asn"]), r["prefix"], r["detail"].split(":", 1)[0])
              for r in rows(f"{d}/report/route-server-use-routes.csv.gz") if r["check"] == "rs-filter-mismatch"}
    return check[0]["status"], int(check[0]["findings"] or 0), routes


def policy_text(drop=None, as_path_max=None):
    text = open(f"{root}/data/policies/smarthub-ix.yaml").read()
    if drop:
        text = re.sub(rf"\n  {drop}:.*?(?=\n  \w)", "", text, flags=re.S)
    if as_path_max is not None:
        text = re.sub(r"(as_path_length:.*?max: )\d+", rf"\g<1>{as_path_max}", text, flags=re.S)
    return text


failures = []


def expect(variant, got, want):
    status, findings, routes = got
    print(f"  {variant}: rs-filter-mismatch {status}, {findings} findings, {len(routes)} routes "
          f"(expected {len(want)}: {sorted(want) if want else 'none'})")
    if status != "ran":
        failures.append(f"{variant}: rs-filter-mismatch did not run ({status})")
    for x in sorted(want - routes):
        failures.append(f"{variant}: missing {x}")
    for x in sorted(routes - want):
        failures.append(f"{variant}: unexpected {x}")


if openbgpd:
    # OpenBGPD denies what its filters reject and tags nothing: with reject_tags the check
    # must say not run (the route server's verdict is unknown), never clean
    print(f"filter-check: {outdir} (OpenBGPD: rejected routes denied, not tagged)")
    d = job("untagged")
    status, findings, routes = mismatches(d)
    reason = [r["reason"] for r in rows(f"{d}/report/checks.csv") if r["check"] == "rs-filter-mismatch"][0]
    print(f"  untagged: rs-filter-mismatch {status}: {reason}")
    ok = status == "not run" and "carries a reject tag" in reason and not routes
    print(f"filter-check: {'OK, not run' if ok else 'the check did not say it could not run'}")
    sys.exit(0 if ok else 1)

print(f"filter-check: {outdir} (BIRD's filter {'without code ' + str(omitted) if omitted else 'as the policy'})")

# consistent: nothing, or the planted routes only the omitted code rejects (BIRD accepted
# them; so in every variant whose policy keeps that rule)
omitted_want = {(asn, prefix, "rs-accepted") for _, asn, prefix, _, _, _, opts in S.ROUTES
                if omitted is not None and opts.get("expect") == [omitted]}
expect("consistent", mismatches(job("consistent")), omitted_want)

# the policy lacks the transit-free rule: BIRD's tag-8-only routes are rs-rejected
want = {(a, p, "rs-rejected") for (a, p), c in codes_of.items() if c == {8}}
expect("no-transit-free", mismatches(job("no-transit-free", policy=policy_text(drop="transit_free_asn"))), want)

# the policy allows paths of one ASN: BIRD's untagged routes with longer paths are rs-accepted
want = {(int(r["sender_asn"]), r["prefix"], "rs-accepted") for r in imports
        if not r["reason_codes"].split() and len(r["as_path"].split()) > 1}
expect("short-paths", mismatches(job("short-paths", policy=policy_text(as_path_max=1))), want | omitted_want)

# code 5 read as first-as: BIRD's tag-5-only routes (next hop) are different-reason
want = {(a, p, "different-reason") for (a, p), c in codes_of.items() if c == {5}}
expect("misread-code", mismatches(job("misread-code", reject_tags=(
    "reject_tags: {preset: arouteserver, codes: {\"5\": first-as}}",))), want | omitted_want)


# max-prefix: BIRD's import limit (warn) against ixaudit's count (disable, so the simulation
# rejects the session's routes and says by how many it was over)
def over_limit(d):
    ixaudit("simulate", "--config", f"{d}/job.yaml", "--out", f"{d}/sim")
    out = {}
    for r in rows(f"{d}/sim/rejected.csv.gz"):
        hit = re.search(r"max-prefix \([^)]*\): (\d+) routes over the limit of (\d+)", r["reasons"])
        if hit and ":" not in r["prefix"]:
            out[int(r["sender_asn"])] = int(hit.group(1))
    return out


limits = rows(f"{outdir}/limits.csv")
members = {int(r["asn"]): f"max_prefix_ipv4: {r['limit']}" for r in limits}
bird = {int(r["asn"]): (r["hit"] == "yes", int(r["imported"])) for r in limits}
for variant, tags, must_agree in (("max-prefix", ("reject_tags: arouteserver",), True), ("max-prefix-untagged", (), False)):
    got = over_limit(job(variant, reject_tags=tags, members=members, rs_extra=("max_prefix: {action: disable}",)))
    differ = [f"AS{a}: BIRD {'hit, ' + str(n) + ' routes' if hit else 'not hit'}, ixaudit "
              f"{'over, ' + str(got[a]) + ' routes' if a in got else 'not over'}"
              for a, (hit, n) in sorted(bird.items()) if (a in got) != hit or (hit and got[a] != n)]
    print(f"  {variant}: BIRD import limits {sorted(bird.items())}, ixaudit over the limit {sorted(got.items())}; "
          f"{'; '.join(differ) or 'agree'}")
    if must_agree:
        failures += [f"{variant}: {d}" for d in differ]
    elif [d for d in differ if d.startswith("AS3216")] == []:
        failures.append(f"{variant}: counting only untagged routes should miss AS3216's hit (the tagged route counts in BIRD)")

for x in failures:
    print("  DIFFERENCE: " + x)
print(f"filter-check: {'OK, no differences' if not failures else f'{len(failures)} differences'}")
sys.exit(1 if failures else 0)
