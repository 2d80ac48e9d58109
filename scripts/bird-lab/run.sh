#!/usr/bin/env bash
# The SmartHub IX in network namespaces: a BIRD 2 route server (rs1, AS8960) and eight
# exabgp member speakers on one Linux bridge. Writes BIRD's MRT (rib.mrt, updates.mrt) and
# the ground truth (exports.csv, imports.csv) plus a job.yaml for ixaudit into OUTDIR.
#
#   scripts/bird-lab/run.sh OUTDIR [--mode best|secondary] [--timeout SECONDS]
#   scripts/bird-lab/run.sh OUTDIR --rs openbgpd [--mode default|all] [--timeout SECONDS]
#
# best:      BIRD's default tables: one best route per prefix, the export filter may hide it
# secondary: `sorted on` tables and `secondary on` channels: each member gets the first route,
#            in preference order, that its export filter accepts
# --rs openbgpd: OpenBGPD 7.7 as the route server instead (openbgpd.py), `rde evaluate
#            default` or `all`; its Adj-RIB-In dump (TABLE_DUMP_V2) and `dump all in`
#
# Needs root. Installs bird2, exabgp, iproute2 (Debian packages) when missing. Everything it
# creates (namespaces, veths, the bridge, processes, its work directory) is removed on exit,
# also on failure or Ctrl-C. See README.md beside this file.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LAB="python3 $HERE/lab.py"
START=$(date +%s.%N)

usage() { echo "usage: $0 OUTDIR [--rs bird|openbgpd] [--mode best|secondary|default|all] [--timeout SECONDS]" >&2; exit 2; }
die() { echo "bird-lab: $*" >&2; exit 1; }
say() { printf 'bird-lab: %s\n' "$*"; }

OUTDIR="" MODE="" RS=bird TIMEOUT=60
while [ $# -gt 0 ]; do
    case "$1" in
        --mode) [ $# -ge 2 ] || usage; MODE=$2; shift 2 ;;
        --mode=*) MODE=${1#--mode=}; shift ;;
        --rs) [ $# -ge 2 ] || usage; RS=$2; shift 2 ;;
        --rs=*) RS=${1#--rs=}; shift ;;
        --timeout) [ $# -ge 2 ] || usage; TIMEOUT=$2; shift 2 ;;
        --timeout=*) TIMEOUT=${1#--timeout=}; shift ;;
        -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
        -*) usage ;;
        *) [ -z "$OUTDIR" ] || usage; OUTDIR=$1; shift ;;
    esac
done
[ -n "$OUTDIR" ] || usage
case "$RS" in
    bird) MODE=${MODE:-best}; LABRS="" ;
          case "$MODE" in best|secondary) ;; *) die "--mode must be best or secondary for BIRD (not '$MODE')" ;; esac ;;
    openbgpd) MODE=${MODE:-default}; LABRS="--rs openbgpd" ;
          case "$MODE" in default|all) ;; *) die "--mode must be default or all for OpenBGPD (not '$MODE')" ;; esac ;;
    *) die "--rs must be bird or openbgpd (not '$RS')" ;;
esac
[ "$(id -u)" = 0 ] || die "needs root (network namespaces, veths, a bridge)"

# ---------------------------------------------------------------------------------------
# Everything this run creates, removed by cleanup() whatever happens.
ID="birdlab$$"
NAMESPACES=()
PIDS=()
WORK=""
POLICY_RC_CREATED=""
CHROOT_CREATED=""
CHILD=""

# Runs a long step in the background and waits for it, so that a signal to this script is
# handled at once (bash runs traps only between foreground commands).
interruptible() {
    local rc=0
    "$@" &
    CHILD=$!
    wait "$CHILD" || rc=$?
    CHILD=""
    return "$rc"
}

cleanup() {
    local rc=$? pid ns p
    set +e
    trap - EXIT INT TERM
    [ -n "$CHILD" ] && kill -TERM "$CHILD" 2>/dev/null
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    for _ in $(seq 20); do
        local alive=""
        for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [ -z "$alive" ] && break
        sleep 0.1
    done
    for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null; done
    # whatever else runs in our namespaces was started by this run (exabgp's helpers)
    for ns in "${NAMESPACES[@]}"; do
        for p in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
    done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
    for ns in "${NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null; done
    if [ -n "$WORK" ] && [ -d "$WORK" ]; then
        if [ -d "$OUTDIR" ]; then
            rm -rf "$OUTDIR/lab"; mkdir -p "$OUTDIR/lab"
            cp "$WORK"/*.conf "$WORK"/*.log "$WORK"/*.jsonl "$OUTDIR/lab/" 2>/dev/null
        fi
        rm -rf "$WORK"
    fi
    [ -n "$POLICY_RC_CREATED" ] && rm -f /usr/sbin/policy-rc.d
    [ -n "$CHROOT_CREATED" ] && rmdir /run/openbgpd 2>/dev/null
    local left
    left=$(ip netns list 2>/dev/null | grep -c "^$ID-")
    [ "$left" = 0 ] || echo "bird-lab: warning: $left namespaces of this run could not be removed" >&2
    if [ "$rc" != 0 ]; then
        if [ -d "$OUTDIR/lab" ]; then echo "bird-lab: FAILED (exit $rc); logs in $OUTDIR/lab/" >&2
        else echo "bird-lab: FAILED (exit $rc)" >&2; fi
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'echo "bird-lab: interrupted" >&2; exit 130' INT
trap 'echo "bird-lab: terminated" >&2; exit 143' TERM

# ---------------------------------------------------------------------------------------
# 1. What it needs. exabgp, not gobgp: it sends the AS_PATH and NEXT_HOP exactly as
# configured (no local AS prepended), which the "first AS not the peer" and "next hop of
# another member" routes need, takes every route with its communities from one static
# file, and hands every received UPDATE to a helper as JSON (what went over the wire).
need=()
if [ "$RS" = bird ]; then command -v bird >/dev/null && command -v birdc >/dev/null || need+=(bird2)
else command -v bgpd >/dev/null && command -v bgpctl >/dev/null || need+=(openbgpd); fi
command -v exabgp >/dev/null || need+=(exabgp)
command -v ip >/dev/null || need+=(iproute2)
command -v python3 >/dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
    say "installing ${need[*]}"
    # never let the packages start their own daemons (bird, exabgp) outside the lab
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
        POLICY_RC_CREATED=1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y "${need[@]}" >/dev/null 2>&1 ||
        { apt-get update >/dev/null && apt-get install -y "${need[@]}" >/dev/null; } ||
        die "could not install ${need[*]}: run 'apt-get update && apt-get install -y ${need[*]}'"
    if [ -n "$POLICY_RC_CREATED" ]; then rm -f /usr/sbin/policy-rc.d; POLICY_RC_CREATED=""; fi
fi
[ "$RS" = bird ] && RSVERSION=$(bird --version 2>&1 | head -1) || RSVERSION="OpenBGPD $(dpkg-query -W -f '${Version}' openbgpd 2>/dev/null)"
say "$RSVERSION, ExaBGP $(exabgp --version 2>/dev/null | awk '/ExaBGP/ {print $3}'), mode $MODE"

# ---------------------------------------------------------------------------------------
# 2. Fresh outputs and work directory; the configurations.
mkdir -p "$OUTDIR"
OUTDIR=$(cd "$OUTDIR" && pwd)
rm -rf "$OUTDIR/lab"
rm -f "$OUTDIR"/{rib.mrt,updates.mrt,exports.csv,imports.csv,job.yaml,limits.csv}
WORK=$(mktemp -d /tmp/bird-lab.XXXXXX)
chmod 755 "$WORK"
$LAB $LABRS gen "$WORK" "$OUTDIR" "$MODE"

# ---------------------------------------------------------------------------------------
# 3. The IX fabric: a bridge in its own namespace; each router in its own namespace with a
# veth (fixed MAC) whose peer is a bridge port. Nothing is created in the caller's namespace.
FAB="$ID-fabric"
newns() {
    ip netns add "$1"
    NAMESPACES+=("$1")
    ip -n "$1" link set lo up
    # no DAD (addresses usable at once), no router solicitations: only BGP, ARP and ND
    ip netns exec "$1" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
        net.ipv6.conf.all.router_solicitations=0 net.ipv6.conf.default.router_solicitations=0 \
        net.ipv6.conf.all.accept_ra=0 net.ipv6.conf.default.accept_ra=0
}
newns "$FAB"
ip netns exec "$FAB" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip -n "$FAB" link add br0 type bridge stp_state 0 mcast_snooping 0
ip -n "$FAB" link set br0 up

router() {  # router NAME MAC IPV4 IPV6
    local ns="$ID-$1"
    newns "$ns"
    ip -n "$ns" link add eth0 address "$2" type veth peer name "$1" netns "$FAB"
    ip -n "$FAB" link set "$1" master br0 up
    ip -n "$ns" addr add "$3/24" dev eth0
    ip -n "$ns" addr add "$4/64" dev eth0 nodad
    ip -n "$ns" link set eth0 up
}
read -r RS4 RS6 RSMAC < <(python3 -c "
import sys; sys.dont_write_bytecode = True; sys.path.insert(0, '$HERE'); import scenario as S
print(S.RS['ipv4'], S.RS['ipv6'], S.RS['mac'])")
router rs1 "$RSMAC" "$RS4" "$RS6"
MEMBERS=()
while read -r asn v4 v6 mac; do
    router "m$asn" "$mac" "$v4" "$v6"
    MEMBERS+=("$asn")
done < <($LAB $LABRS members)
say "fabric up: rs1 and ${#MEMBERS[@]} members (${MEMBERS[*]}) on $FAB/br0"

# ---------------------------------------------------------------------------------------
# 4. The route server, then the members.
if [ "$RS" = bird ]; then
    ip netns exec "$ID-rs1" bird -f -c "$WORK/bird.conf" -s "$WORK/bird.ctl" >"$WORK/bird.stdout.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 100); do
        birdc -s "$WORK/bird.ctl" show status >/dev/null 2>&1 && break
        kill -0 "${PIDS[0]}" 2>/dev/null || die "BIRD exited: $(cat "$WORK/bird.stdout.log")"
        sleep 0.1
    done
    birdc -s "$WORK/bird.ctl" show status >/dev/null 2>&1 || die "BIRD's control socket did not come up"
else
    # bgpd's processes chroot into the home of its user, which Debian does not create.
    if [ ! -d /run/openbgpd ]; then mkdir -p /run/openbgpd; CHROOT_CREATED=1; fi
    bgpd -n -f "$WORK/bgpd.conf" >"$WORK/bgpd.check.log" 2>&1 || die "bgpd.conf does not parse: $(cat "$WORK/bgpd.check.log")"
    ip netns exec "$ID-rs1" bgpd -d -f "$WORK/bgpd.conf" >"$WORK/bgpd.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 100); do
        bgpctl -s "$WORK/bgpd.sock" show summary >/dev/null 2>&1 && break
        kill -0 "${PIDS[0]}" 2>/dev/null || die "bgpd exited: $(cat "$WORK/bgpd.log")"
        sleep 0.1
    done
    bgpctl -s "$WORK/bgpd.sock" show summary >/dev/null 2>&1 || die "OpenBGPD's control socket did not come up"
fi

for asn in "${MEMBERS[@]}"; do
    ip netns exec "$ID-m$asn" env exabgp.daemon.user=root exabgp.daemon.drop=false \
        exabgp.daemon.daemonize=false exabgp.api.cli=false exabgp.log.destination=stdout \
        exabgp "$WORK/exabgp-$asn.conf" >"$WORK/exabgp-$asn.log" 2>&1 &
    PIDS+=($!)
done

# ---------------------------------------------------------------------------------------
# 5. Convergence: every session Established, every member's routes imported, what BIRD
# exports equal to what each member holds, all of it unchanged for a second.
if ! interruptible $LAB $LABRS wait "$WORK" "$TIMEOUT"; then
    if [ "$RS" = bird ]; then
        birdc -s "$WORK/bird.ctl" show protocols >&2 || true
        tail -n 20 "$WORK/bird.log" >&2 || true
    else
        bgpctl -s "$WORK/bgpd.sock" show summary >&2 || true
        tail -n 20 "$WORK/bgpd.log" >&2 || true
    fi
    die "$RS did not converge within $TIMEOUT s"
fi

# ---------------------------------------------------------------------------------------
# 6. MRT: the BGP4MP stream so far, then a TABLE_DUMP_V2 of master4 and master6.
if [ "$RS" = bird ]; then
    cp "$WORK/updates.live.mrt" "$OUTDIR/updates.mrt"
    out=$(birdc -s "$WORK/bird.ctl" "mrt dump table \"master*\" to \"$OUTDIR/rib.mrt\"")
    [ -s "$OUTDIR/rib.mrt" ] || die "mrt dump wrote nothing: $out"
else
    # OpenBGPD writes its Adj-RIB-In every 3 s, each dump a file of its own: take the first
    # one begun after convergence (written whole once a newer one exists).
    marker=$(date +%H%M%S)
    sleep 1
    for _ in $(seq 80); do
        later=$(ls "$WORK"/rib-*.mrt 2>/dev/null | awk -F'rib-|[.]mrt' -v m="$marker" '$2 > m' | sort)
        [ "$(echo "$later" | grep -c .)" -ge 2 ] && break
        sleep 0.25
    done
    rib=$(echo "$later" | head -1)
    [ -n "$rib" ] && [ -s "$rib" ] || die "OpenBGPD wrote no table dump after convergence"
    cp "$rib" "$OUTDIR/rib.mrt"
    cp "$WORK/updates.mrt" "$OUTDIR/updates.mrt"
fi

# ---------------------------------------------------------------------------------------
# 7. Ground truth and the self-checks.
interruptible $LAB $LABRS collect "$WORK" "$OUTDIR" "$MODE" || die "a self-check failed (see above)"

if [ -n "${IXAUDIT:-}" ]; then
    "$IXAUDIT" dump --count "$OUTDIR/rib.mrt" "$OUTDIR/updates.mrt" ||
        die "ixaudit dump reported problems in the MRT files"
fi

END=$(date +%s.%N)
say "done in $(awk -v s="$START" -v e="$END" 'BEGIN { printf "%.1f", e - s }') s: $OUTDIR"
for f in rib.mrt updates.mrt exports.csv imports.csv job.yaml; do
    case "$f" in
        *.csv) say "  $f: $(($(wc -l <"$OUTDIR/$f") - 1)) rows" ;;
        *) say "  $f: $(wc -c <"$OUTDIR/$f") bytes" ;;
    esac
done
