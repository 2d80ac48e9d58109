# FRR 8.4 bgpd (sourced by run.sh): `dump bgp all` (every message) and `dump bgp routes-mrt`
# (TABLE_DUMP_V2). One member, AS4200000002, with two sessions:
# - over IPv4 (10.0.1.2), ADD-PATH send for IPv4 and IPv6 unicast: 192.0.2.0/24 twice (path
#   ids 1 and 2), 198.51.100.0/24, and 2001:db8:1::/48 twice (path ids 1 and 2). FRR picks the
#   MRT subtype from the transport, so the IPv6 ADD-PATH updates of this session are plain
#   BGP4MP_MESSAGE_AS4 records with path ids inside.
# - over IPv6 (fd00:1::2), IPv6 unicast without ADD-PATH: 2001:db8:2::/48.
# bgpd runs without zebra (-Z), so every next hop counts as reachable. Without an interval
# `dump bgp routes-mrt` writes the table once, at once: it is configured once the routes are in.
# FRR's `show bgp ... json` of the whole table has no path ids; the per-prefix one has them
# (addpathRxId), so the ground truth is a JSON array of the per-prefix outputs.

# frr_holds_paths NAMESPACE WORKDIR N: FRR's tables hold N paths, both families (the JSON of
# a whole table lists every path).
frr_holds_paths() {
    local afi total=0 n
    for afi in ipv4 ipv6; do
        n=$(ip netns exec "$1" vtysh --vty_socket "$2" -c "show bgp $afi unicast json" |
            python3 -c 'import json, sys; print(sum(len(paths) for paths in json.load(sys.stdin)["routes"].values()))')
        total=$((total + n))
    done
    [ "$total" -eq "$3" ]
}

# run_frr NAMESPACE WORKDIR OUTDIR
run_frr() {
    local ns=$1 dir=$2 out=$3
    cat > "$dir/exabgp.conf" <<CONF
neighbor 10.0.1.1 {
    router-id 10.0.1.2;
    local-address 10.0.1.2;
    local-as 4200000002;
    peer-as 65010;
    family { ipv4 unicast; ipv6 unicast; }
    capability { add-path send; }
    static {
        route 192.0.2.0/24 next-hop 10.0.1.2 as-path [ 4200000002 64496 ] community [ 65010:1 ] path-information 0.0.0.1;
        route 192.0.2.0/24 next-hop 10.0.1.2 as-path [ 4200000002 64497 ] path-information 0.0.0.2;
        route 198.51.100.0/24 next-hop 10.0.1.2 as-path [ 4200000002 ] med 50 path-information 0.0.0.1;
        route 2001:db8:1::/48 next-hop fd00:1::2 as-path [ 4200000002 64499 ] path-information 0.0.0.1;
        route 2001:db8:1::/48 next-hop fd00:1::2 as-path [ 4200000002 64500 64500 ] path-information 0.0.0.2;
    }
}
neighbor 10.0.1.1 {
    router-id 10.0.1.3;
    local-address 10.0.1.3;
    local-as 64510;
    peer-as 65010;
    family { ipv4 unicast; ipv6 unicast; }
    capability { add-path send; }
    add-path { ipv6 unicast; }
    static {
        route 203.0.113.0/24 next-hop 10.0.1.3 as-path [ 64510 64511 ];
        route 2001:db8:5::/48 next-hop fd00:1::2 as-path [ 64510 ] path-information 0.0.0.1;
        route 2001:db8:5::/48 next-hop fd00:1::2 as-path [ 64510 64512 ] path-information 0.0.0.2;
    }
}
neighbor fd00:1::1 {
    router-id 10.0.1.2;
    local-address fd00:1::2;
    local-as 4200000002;
    peer-as 65010;
    family { ipv6 unicast; }
    static {
        route 2001:db8:2::/48 next-hop fd00:1::2 as-path [ 4200000002 64501 ] med 7;
    }
}
CONF
    cat > "$dir/bgpd.conf" <<CONF
frr defaults traditional
hostname frr-rs
log file $dir/bgpd.log
dump bgp all $dir/all.mrt
router bgp 65010
 bgp router-id 10.0.1.1
 no bgp ebgp-requires-policy
 no bgp default ipv4-unicast
 neighbor 10.0.1.2 remote-as 4200000002
 neighbor 10.0.1.3 remote-as 64510
 neighbor fd00:1::2 remote-as 4200000002
 address-family ipv4 unicast
  neighbor 10.0.1.2 activate
  neighbor 10.0.1.3 activate
 exit-address-family
 address-family ipv6 unicast
  neighbor 10.0.1.2 activate
  neighbor 10.0.1.3 activate
  neighbor fd00:1::2 activate
 exit-address-family
CONF
    ip netns exec "$ns" /usr/lib/frr/bgpd -Z -S -f "$dir/bgpd.conf" -i "$dir/bgpd.pid" \
        --vty_socket "$dir" -l 10.0.1.1 -l fd00:1::1 >"$WORK/frr.log" 2>&1 &
    member frr "$dir/exabgp.conf"
    local vtysh=(ip netns exec "$ns" vtysh --vty_socket "$dir")
    # Every path of every member: 3 + 1 IPv4, 4 + 1 IPv6.
    wait_for frr "FRR did not get the routes" frr_holds_paths "$ns" "$dir" 9
    "${vtysh[@]}" -c 'configure terminal' -c "dump bgp routes-mrt $dir/routes.mrt" >/dev/null
    wait_for frr "FRR did not write its table dump" test -s "$dir/routes.mrt"
    sleep 0.5
    local afi prefixes p sep
    for afi in ipv4 ipv6; do
        prefixes=$("${vtysh[@]}" -c "show bgp $afi unicast json" | python3 -c 'import json,sys; print(" ".join(json.load(sys.stdin)["routes"]))')
        sep=""
        { echo "["; for p in $prefixes; do printf '%s' "$sep"; "${vtysh[@]}" -c "show bgp $afi unicast $p json"; sep=","; done; echo "]"; } > "$out/frr-show-bgp-$afi.json"
    done
    cp "$dir/all.mrt" "$out/frr-all.mrt"
    cp "$dir/routes.mrt" "$out/frr-routes-mrt.mrt"
    say "FRR: MRT in $out"
}
