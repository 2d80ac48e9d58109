# BIRD 2.0.12 (sourced by run.sh): `mrtdump` of every BGP message and its MRT table dumps
# (TABLE_DUMP_V2, one file per table, written once by the CLI command `mrt dump table`, the
# same code as the periodic `protocol mrt` dump). BIRD 2.0.12 writes the UPDATEs of an ADD-PATH
# session with the RFC 8050 ADDPATH subtypes (older versions used the plain ones).
# `birdc show route all` does not show path ids; the member's configuration below gives them. One member, AS4200000004, with two sessions:
# - over IPv4 (10.0.3.2), ADD-PATH (BIRD `add paths rx`) for IPv4 unicast: 192.0.2.0/24 twice
#   (path ids 1 and 2) and 198.51.100.0/24 with MED 50;
# - over IPv6 (fd00:3::2), IPv6 unicast without ADD-PATH: 2001:db8:4::/48.

# run_bird NAMESPACE WORKDIR OUTDIR
run_bird() {
    local ns=$1 dir=$2 out=$3
    cat > "$dir/exabgp.conf" <<CONF
neighbor 10.0.3.1 {
    router-id 10.0.3.2;
    local-address 10.0.3.2;
    local-as 4200000004;
    peer-as 65030;
    family { ipv4 unicast; }
    capability { add-path send; }
    static {
        route 192.0.2.0/24 next-hop 10.0.3.2 as-path [ 4200000004 64496 ] community [ 65030:1 ] path-information 0.0.0.1;
        route 192.0.2.0/24 next-hop 10.0.3.2 as-path [ 4200000004 64497 ] path-information 0.0.0.2;
        route 198.51.100.0/24 next-hop 10.0.3.2 as-path [ 4200000004 ] med 50 path-information 0.0.0.1;
    }
}
neighbor fd00:3::1 {
    router-id 10.0.3.2;
    local-address fd00:3::2;
    local-as 4200000004;
    peer-as 65030;
    family { ipv6 unicast; }
    static {
        route 2001:db8:4::/48 next-hop fd00:3::2 as-path [ 4200000004 64503 ];
    }
}
CONF
    cat > "$dir/bird.conf" <<CONF
router id 10.0.3.1;
mrtdump "$dir/messages.mrt";
mrtdump protocols { messages };
protocol device {}
protocol bgp member4 {
    local 10.0.3.1 as 65030;
    neighbor 10.0.3.2 as 4200000004;
    mrtdump { messages };
    ipv4 { import all; export none; add paths rx; };
}
protocol bgp member6 {
    local fd00:3::1 as 65030;
    neighbor fd00:3::2 as 4200000004;
    ipv6 { import all; export none; };
}
CONF
    ip netns exec "$ns" bird -f -c "$dir/bird.conf" -s "$dir/bird.ctl" >"$WORK/bird.log" 2>&1 &
    member bird "$dir/exabgp.conf"
    local birdc=(birdc -s "$dir/bird.ctl")
    wait_for bird "BIRD did not get the routes" \
        sh -c "${birdc[*]} show route count | grep -q 'Total: 4 of 4 routes'"
    "${birdc[@]}" "mrt dump table \"master4\" to \"$dir/table4.mrt\"" >/dev/null
    "${birdc[@]}" "mrt dump table \"master6\" to \"$dir/table6.mrt\"" >/dev/null
    wait_for bird "BIRD did not write its table dumps" test -s "$dir/table4.mrt" -a -s "$dir/table6.mrt"
    "${birdc[@]}" show route all > "$out/bird-show-route-all.txt"
    for f in messages table4 table6; do cp "$dir/$f.mrt" "$out/bird-$f.mrt"; done
    say "BIRD: MRT in $out"
}
