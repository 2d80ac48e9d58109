# OpenBGPD 7.7 (sourced by run.sh): `dump table`, `table-v2`, `table-mp` and `all in`; one
# member, AS4200000001, ADD-PATH send for IPv4 unicast: 192.0.2.0/24 twice (path ids 1 and 2),
# 198.51.100.0/24 with MED 50, 203.0.113.0/24 with an AGGREGATOR of a 4-byte ASN.

# run_openbgpd NAMESPACE WORKDIR OUTDIR
run_openbgpd() {
    local ns=$1 dir=$2 out=$3
    cat > "$dir/exabgp.conf" <<CONF
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
    ip netns exec "$ns" bgpd -d -f "$dir/bgpd.conf" >"$WORK/openbgpd.log" 2>&1 &
    member openbgpd "$dir/exabgp.conf"
    wait_for openbgpd "OpenBGPD did not get the routes" \
        sh -c "ip netns exec '$ns' bgpctl -s '$dir/bgpd.sock' show rib | grep -q 203.0.113.0/24"
    sleep 7   # one more table dump period, with every route in
    ip netns exec "$ns" bgpctl -s "$dir/bgpd.sock" show rib detail > "$out/openbgpd-show-rib-detail.txt"
    ip netns exec "$ns" bgpctl -s "$dir/bgpd.sock" show rib > "$out/openbgpd-show-rib.txt"
    for f in table table-v2 table-mp all-in; do cp "$dir/$f.mrt" "$out/openbgpd-$f.mrt"; done
    say "OpenBGPD: $(grep -c '/24' "$out/openbgpd-show-rib.txt") routes; MRT in $out"
}
