#!/usr/bin/env bash
# Real route servers writing real MRT: OpenBGPD (and GoBGP when installed) in a network
# namespace, one exabgp member announcing a few routes to it (IPv4, one with ADD-PATH path
# ids, an AGGREGATOR with a 4-byte ASN). Writes into OUTDIR each speaker's MRT files and what
# the speaker itself reported (its CLI), the ground truth for the fixtures in
# Tests/MRTTests/Fixtures/speakers.
#
#   scripts/speaker-lab/run.sh OUTDIR [--timeout SECONDS]
#
# Needs root. Installs openbgpd, gobgpd, exabgp, iproute2 (Debian packages) when missing.
# Everything it creates (namespaces, the veth, processes, its work directory) is removed on
# exit, also on failure or Ctrl-C.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
die() { echo "speaker-lab: $*" >&2; exit 1; }
say() { printf 'speaker-lab: %s\n' "$*"; }

OUTDIR="" TIMEOUT=40
while [ $# -gt 0 ]; do
    case "$1" in
        --timeout) TIMEOUT=$2; shift 2 ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) [ -z "$OUTDIR" ] || die "one OUTDIR only"; OUTDIR=$1; shift ;;
    esac
done
[ -n "$OUTDIR" ] || die "usage: $0 OUTDIR [--timeout SECONDS]"
[ "$(id -u)" = 0 ] || die "needs root (network namespaces)"

ID="spklab$$"
RS="$ID-rs" MEMBER="$ID-m1"
PIDS=() NAMESPACES=() WORK="" CHROOT_CREATED=""
cleanup() {
    set +e
    trap - EXIT INT TERM
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    sleep 0.5
    for ns in "${NAMESPACES[@]}"; do
        for p in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
        ip netns del "$ns" 2>/dev/null
    done
    [ -n "$WORK" ] && rm -rf "$WORK"
    [ -n "$CHROOT_CREATED" ] && rmdir /run/openbgpd 2>/dev/null
    return 0
}
trap cleanup EXIT INT TERM

need=()
command -v bgpd >/dev/null || need+=(openbgpd)
command -v exabgp >/dev/null || need+=(exabgp)
command -v ip >/dev/null || need+=(iproute2)
if [ ${#need[@]} -gt 0 ]; then
    say "installing ${need[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}" >/dev/null || die "run: apt-get install -y ${need[*]}"
fi

mkdir -p "$OUTDIR"
WORK=$(mktemp -d /tmp/speaker-lab.XXXXXX)
chmod 755 "$WORK"

# Two namespaces and a veth between them: the route server at 10.0.0.1, the member at 10.0.0.2.
for ns in "$RS" "$MEMBER"; do ip netns add "$ns"; NAMESPACES+=("$ns"); ip -n "$ns" link set lo up; done
ip link add "$ID-a" netns "$RS" type veth peer name "$ID-b" netns "$MEMBER"
ip -n "$RS" link set "$ID-a" name eth0
ip -n "$MEMBER" link set "$ID-b" name eth0
ip -n "$RS" addr add 10.0.0.1/24 dev eth0 && ip -n "$RS" link set eth0 up
ip -n "$MEMBER" addr add 10.0.0.2/24 dev eth0 && ip -n "$MEMBER" link set eth0 up

# The member: AS 4200000001 (4-byte), ADD-PATH send for IPv4 unicast; three prefixes, one
# of them twice with path ids 1 and 2, one with AGGREGATOR 4200000001 192.0.2.9.
cat > "$WORK/exabgp.conf" <<CONF
neighbor 10.0.0.1 {
    router-id 10.0.0.2;
    local-address 10.0.0.2;
    local-as 4200000001;
    peer-as 65000;
    family { ipv4 unicast; }
    capability { add-path send/receive; }
    static {
        route 192.0.2.0/24 next-hop 10.0.0.2 as-path [ 4200000001 64496 ] community [ 65000:1 ] path-information 0.0.0.1;
        route 192.0.2.0/24 next-hop 10.0.0.2 as-path [ 4200000001 64497 ] path-information 0.0.0.2;
        route 198.51.100.0/24 next-hop 10.0.0.2 as-path [ 4200000001 ] med 50 path-information 0.0.0.1;
        route 203.0.113.0/24 next-hop 10.0.0.2 as-path [ 4200000001 64498 ] atomic-aggregate aggregator ( 4200000001:192.0.2.9 ) path-information 0.0.0.1;
    }
}
CONF

start_member() {
    env exabgp.daemon.user=root exabgp.log.destination="$WORK/exabgp.log" exabgp.tcp.bind='' \
        ip netns exec "$MEMBER" exabgp "$WORK/exabgp.conf" >"$WORK/exabgp.out" 2>&1 &
    PIDS+=($!)
}

# --- OpenBGPD ---------------------------------------------------------------------------
openbgpd() {
    local dir="$WORK/openbgpd"
    # bgpd's processes chroot into the home of its user, which Debian does not create.
    [ -d /run/openbgpd ] || { mkdir -p /run/openbgpd; CHROOT_CREATED=1; }
    mkdir -p "$dir" && chmod 777 "$dir"
    cat > "$dir/bgpd.conf" <<CONF
AS 65000
router-id 10.0.0.1
listen on 10.0.0.1
socket "$dir/bgpd.sock"
dump table "$dir/table.mrt" 5
dump table-v2 "$dir/table-v2.mrt" 5
dump table-mp "$dir/table-mp.mrt" 5
dump all in "$dir/all-in.mrt"
neighbor 10.0.0.2 {
    remote-as 4200000001
    descr "member"
    announce add-path recv yes
}
allow from any
allow to any
CONF
    chmod 600 "$dir/bgpd.conf"
    ip netns exec "$RS" bgpd -d -f "$dir/bgpd.conf" >"$dir/bgpd.log" 2>&1 &
    PIDS+=($!)
    start_member
    local t=0
    until ip netns exec "$RS" bgpctl -s "$dir/bgpd.sock" show rib 2>/dev/null | grep -q 203.0.113.0/24; do
        sleep 1; t=$((t + 1)); [ $t -lt "$TIMEOUT" ] || { cat "$dir/bgpd.log" >&2; die "OpenBGPD did not get the routes"; }
    done
    sleep 7   # one more table dump period, with every route in
    ip netns exec "$RS" bgpctl -s "$dir/bgpd.sock" show rib detail > "$OUTDIR/openbgpd-show-rib-detail.txt"
    ip netns exec "$RS" bgpctl -s "$dir/bgpd.sock" show rib > "$OUTDIR/openbgpd-show-rib.txt"
    for f in table table-v2 table-mp all-in; do cp "$dir/$f.mrt" "$OUTDIR/openbgpd-$f.mrt"; done
    say "OpenBGPD: $(grep -c '/24' "$OUTDIR/openbgpd-show-rib.txt") routes; MRT in $OUTDIR"
}

openbgpd
