#!/usr/bin/env bash
# Real route servers writing real MRT: OpenBGPD, FRR, GoBGP and BIRD 2, each in its own network
# namespace with one exabgp member (in a second namespace, over a veth) that announces a few
# routes, some with ADD-PATH path ids, over IPv4 and IPv6 sessions. Writes into OUTDIR/<speaker>/
# each speaker's MRT files and what the speaker itself reported (its CLI), the ground truth for
# the fixtures in Tests/MRTTests/Fixtures/speakers. The four speakers run side by side.
#
#   scripts/speaker-lab/run.sh OUTDIR [--timeout SECONDS] [SPEAKER...]
#
# SPEAKER is openbgpd, frr, gobgp or bird (default: all four). Needs root. Installs openbgpd,
# frr, gobgpd, bird2, exabgp, iproute2 (Debian packages) when missing. Everything it creates
# (namespaces, veths, processes, its work directory) is removed on exit, also on failure or
# Ctrl-C.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
die() { echo "speaker-lab: $*" >&2; exit 1; }
say() { printf 'speaker-lab: %s\n' "$*"; }

OUTDIR="" TIMEOUT=40 SPEAKERS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --timeout) TIMEOUT=$2; shift 2 ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        openbgpd|frr|gobgp|bird) SPEAKERS+=("$1"); shift ;;
        *) [ -z "$OUTDIR" ] || die "one OUTDIR only (speakers: openbgpd frr gobgp bird)"; OUTDIR=$1; shift ;;
    esac
done
[ -n "$OUTDIR" ] || die "usage: $0 OUTDIR [--timeout SECONDS] [openbgpd|frr|gobgp|bird ...]"
[ "$(id -u)" = 0 ] || die "needs root (network namespaces)"
[ ${#SPEAKERS[@]} -gt 0 ] || SPEAKERS=(openbgpd frr gobgp bird)

ID="spklab$$"
PIDS=() NAMESPACES=() WORK="" CHROOT_CREATED=""
cleanup() {
    set +e
    trap - EXIT INT TERM
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    for ns in "${NAMESPACES[@]}"; do
        for p in $(ip netns pids "$ns" 2>/dev/null); do kill -TERM "$p" 2>/dev/null; done
    done
    sleep 0.5
    for ns in "${NAMESPACES[@]}"; do
        for p in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
        ip netns del "$ns" 2>/dev/null
    done
    [ -n "$WORK" ] && rm -rf "$WORK"
    [ -n "$CHROOT_CREATED" ] && rmdir /run/openbgpd 2>/dev/null
    return 0
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

need=()
for s in "${SPEAKERS[@]}"; do
    case $s in
        openbgpd) command -v bgpd >/dev/null || need+=(openbgpd) ;;
        frr) [ -x /usr/lib/frr/bgpd ] && command -v vtysh >/dev/null || need+=(frr) ;;
        gobgp) command -v gobgpd >/dev/null && command -v gobgp >/dev/null || need+=(gobgpd) ;;
        bird) command -v bird >/dev/null && command -v birdc >/dev/null || need+=(bird2) ;;
    esac
done
command -v exabgp >/dev/null || need+=(exabgp)
command -v ip >/dev/null || need+=(iproute2)
if [ ${#need[@]} -gt 0 ]; then
    say "installing ${need[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}" >/dev/null || die "run: apt-get install -y ${need[*]}"
fi

mkdir -p "$OUTDIR"
WORK=$(mktemp -d /tmp/speaker-lab.XXXXXX)
chmod 755 "$WORK"

# link NAME N: namespaces $ID-NAME-rs (the speaker: 10.0.N.1, fd00:N::1) and $ID-NAME-m (its
# member: 10.0.N.2 and 10.0.N.3, fd00:N::2) joined by a veth. IPv6 addresses without duplicate address
# detection, so they are usable at once.
link() {
    local rs="$ID-$1-rs" m="$ID-$1-m" n=$2
    for ns in "$rs" "$m"; do ip netns add "$ns"; NAMESPACES+=("$ns"); ip -n "$ns" link set lo up; done
    ip link add "$ID-$n-a" netns "$rs" type veth peer name "$ID-$n-b" netns "$m"
    ip -n "$rs" link set "$ID-$n-a" name eth0
    ip -n "$m" link set "$ID-$n-b" name eth0
    ip -n "$rs" addr add "10.0.$n.1/24" dev eth0 && ip -n "$rs" addr add "fd00:$n::1/64" dev eth0 nodad
    ip -n "$m" addr add "10.0.$n.2/24" dev eth0 && ip -n "$m" addr add "10.0.$n.3/24" dev eth0
    ip -n "$m" addr add "fd00:$n::2/64" dev eth0 nodad
    ip -n "$rs" link set eth0 up && ip -n "$m" link set eth0 up
}

# member NAME CONF: exabgp with CONF in the member namespace of NAME (it connects, never listens).
member() {
    env exabgp.daemon.user=root exabgp.log.destination="$WORK/$1-exabgp.log" exabgp.tcp.bind='' exabgp.api.cli=false \
        ip netns exec "$ID-$1-m" exabgp "$2" >"$WORK/$1-exabgp.out" 2>&1 &
}

# wait_for NAME WHAT COMMAND...: runs COMMAND each second until it succeeds; dies after TIMEOUT.
wait_for() {
    local name=$1 what=$2 t=0; shift 2
    until "$@" >/dev/null 2>&1; do
        sleep 1; t=$((t + 1))
        if [ $t -ge "$TIMEOUT" ]; then
            for log in "$WORK/$name.log" "$WORK/$name-exabgp.log"; do [ -f "$log" ] && tail -20 "$log" >&2; done
            die "$name: $what within $TIMEOUT s"
        fi
    done
}

# Each speaker has its own subnet, so its addresses (in the fixtures) do not depend on which
# speakers a run includes.
declare -A SUBNET=([openbgpd]=0 [frr]=1 [gobgp]=2 [bird]=3)
for s in "${SPEAKERS[@]}"; do
    # shellcheck source=/dev/null
    source "$HERE/$s.sh"
    link "$s" "${SUBNET[$s]}"
done
# bgpd's processes chroot into the home of its user, which Debian does not create.
if [[ " ${SPEAKERS[*]} " == *" openbgpd "* && ! -d /run/openbgpd ]]; then mkdir -p /run/openbgpd; CHROOT_CREATED=1; fi

# The speakers side by side; the first that fails ends the run (the cleanup stops the others).
declare -A SPEAKER_OF=()
for s in "${SPEAKERS[@]}"; do
    mkdir -p "$OUTDIR/$s" "$WORK/$s" && chmod 777 "$WORK/$s"
    ( "run_$s" "$ID-$s-rs" "$WORK/$s" "$OUTDIR/$s" ) &
    SPEAKER_OF[$!]=$s
    PIDS+=($!)
done
for _ in "${SPEAKERS[@]}"; do
    wait -n -p finished "${!SPEAKER_OF[@]}" || die "${SPEAKER_OF[${finished:-}]:-a speaker} failed"
    unset "SPEAKER_OF[$finished]"
done
