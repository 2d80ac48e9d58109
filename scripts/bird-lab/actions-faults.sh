#!/usr/bin/env bash
# Shows that the comparison of the action communities can fail: on a copy of a BIRD lab run,
# each planted change to the job's community scheme must make compare.sh report the
# difference it causes, route for route.
#
#   scripts/bird-lab/actions-faults.sh OUTDIR --mode best|secondary --ixaudit PATH
#
#  - well_known: ignore        NO_EXPORT / NO_ADVERTISE routes exported by the simulation only
#  - other prepend community   the paths of 77.247.0.0/16 (65501:8960) one AS shorter
#  - no blackhole next hop     95.25.1.1/32 sent with the member's own next hop
#  - blackhole: off            the tagged /32 and /128 rejected as too long
# Exits 0 when every planted change is found, 1 when one is not, 2 when it cannot run.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUTDIR="" MODE="" IX=""
while [ $# -gt 0 ]; do
    case "$1" in
        --mode) MODE=$2; shift 2 ;;
        --ixaudit) IX=$2; shift 2 ;;
        *) OUTDIR=$1; shift ;;
    esac
done
[ -n "$OUTDIR" ] && [ -n "$MODE" ] && [ -n "$IX" ] || { echo "usage: $0 OUTDIR --mode M --ixaudit PATH" >&2; exit 2; }
[ -f "$OUTDIR/job.yaml" ] || { echo "actions-faults: $OUTDIR/job.yaml is missing" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fails=0
# plant NAME EXPECTED-TEXT PYTHON-EXPRESSION-ON-job.yaml-TEXT
plant() {
    local name=$1 expect=$2 edit=$3 dir="$WORK/$1"
    mkdir -p "$dir"
    cp "$OUTDIR"/{rib.mrt,updates.mrt,exports.csv,imports.csv} "$dir/"
    python3 -c "import sys; t = open(sys.argv[1]).read(); t2 = $edit; assert t2 != t, 'edit changed nothing'; open(sys.argv[2], 'w').write(t2)" \
        "$OUTDIR/job.yaml" "$dir/job.yaml"
    set +e
    bash "$HERE/compare.sh" "$dir" --mode "$MODE" --ixaudit "$IX" > "$dir/compare.out" 2>&1
    local rc=$?
    set -e
    if [ $rc -eq 1 ] && grep -qF -- "$expect" "$dir/compare.out"; then
        echo "actions-faults: $name: found ($(grep -c '^  export\|^  rejected\|^  reasons' "$dir/compare.out") differences, e.g. \"$expect\")"
    else
        echo "actions-faults: $name: NOT found (compare exit $rc, no line with \"$expect\")" >&2
        sed 's/^/    /' "$dir/compare.out" >&2
        fails=$((fails + 1))
    fi
}
BH='    blackhole: {next_hop_ipv4: 185.1.15.66, next_hop_ipv6: "2001:7f8:7a::66"}'
plant well-known-ignored "export only in simulation: AS8447 (185.1.15.21) <- 91.204.0.0/16 from AS8359 (185.1.15.20)" \
    "t.replace('$BH', '$BH\n    well_known: ignore')"
plant other-prepend-community "export attributes differ:  AS8359 (185.1.15.20) <- 77.247.0.0/16 from AS8447 (185.1.15.21)" \
    "t.replace('$BH', '$BH\n    prepend: {standard: {once_to_all: \"65509:8960\"}}')"
plant no-blackhole-next-hop "export attributes differ:  AS8359 (185.1.15.20) <- 95.25.1.1/32 from AS3216 (185.1.15.24)" \
    "t.replace('$BH\n', '')"
plant blackhole-off "rejected only in simulation: 95.25.1.1/32 from AS3216" \
    "t.replace('$BH', '    blackhole: off')"
[ $fails -eq 0 ] || { echo "actions-faults: $fails planted changes not found" >&2; exit 1; }
echo "actions-faults: all 4 planted changes found"
