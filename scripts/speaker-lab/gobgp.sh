# GoBGP 3.10 gobgpd (sourced by run.sh): its `[[mrt-dump]]` configuration, `updates` (BGP4MP)
# and `table` (TABLE_DUMP_V2). One member, AS4200000003, with two sessions:
# - over IPv4 (10.0.2.2), ADD-PATH receive for IPv4 unicast: 192.0.2.0/24 twice (path ids 1
#   and 2) and 198.51.100.0/24 with MED 50;
# - over IPv6 (fd00:2::2), ADD-PATH receive for IPv6 unicast: 2001:db8:3::/48 twice (path ids
#   1 and 2; GoBGP writes such RIB entries with the full MP_REACH_NLRI).
# gobgpd raises a table dump interval below 60 s to 60 s and dumps first at its start (an empty
# table), so the table file is complete about a minute after the start: the longest wait of
# the lab (the other speakers run meanwhile). `gobgp global rib -j` has no path ids; the
# text of `gobgp neighbor ... adj-in` has them (column ID). gobgpd formats an MRT file name as
# a Go time layout when it opens it (digits such as 1, 2, 05 are layout fields), so the names
# are relative (gobgpd runs in its work directory) and free of layout fields.

# run_gobgp NAMESPACE WORKDIR OUTDIR
run_gobgp() {
    local ns=$1 dir=$2 out=$3
    cat > "$dir/exabgp.conf" <<CONF
neighbor 10.0.2.1 {
    router-id 10.0.2.2;
    local-address 10.0.2.2;
    local-as 4200000003;
    peer-as 65020;
    family { ipv4 unicast; }
    capability { add-path send; }
    static {
        route 192.0.2.0/24 next-hop 10.0.2.2 as-path [ 4200000003 64496 ] community [ 65020:1 ] path-information 0.0.0.1;
        route 192.0.2.0/24 next-hop 10.0.2.2 as-path [ 4200000003 64497 ] path-information 0.0.0.2;
        route 198.51.100.0/24 next-hop 10.0.2.2 as-path [ 4200000003 ] med 50 path-information 0.0.0.1;
    }
}
neighbor fd00:2::1 {
    router-id 10.0.2.2;
    local-address fd00:2::2;
    local-as 4200000003;
    peer-as 65020;
    family { ipv6 unicast; }
    capability { add-path send; }
    static {
        route 2001:db8:3::/48 next-hop fd00:2::2 as-path [ 4200000003 64502 ] path-information 0.0.0.1;
        route 2001:db8:3::/48 next-hop fd00:2::2 as-path [ 4200000003 64503 64503 ] path-information 0.0.0.2;
    }
}
CONF
    cat > "$dir/gobgpd.toml" <<CONF
[global.config]
  as = 65020
  router-id = "10.0.2.1"
  local-address-list = ["10.0.2.1", "fd00:2::1"]
  [global.apply-policy.config]
    default-import-policy = "accept-route"
    default-export-policy = "accept-route"

[[neighbors]]
  [neighbors.config]
    neighbor-address = "10.0.2.2"
    peer-as = 4200000003
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
    [neighbors.afi-safis.add-paths.config]
      receive = true

[[neighbors]]
  [neighbors.config]
    neighbor-address = "fd00:2::2"
    peer-as = 4200000003
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv6-unicast"
    [neighbors.afi-safis.add-paths.config]
      receive = true

[[mrt-dump]]
  [mrt-dump.config]
    dump-type = "updates"
    file-name = "updates.mrt"
    rotation-interval = 3600

[[mrt-dump]]
  [mrt-dump.config]
    dump-type = "table"
    file-name = "table.mrt"
    dump-interval = 5
CONF
    (cd "$dir" && exec ip netns exec "$ns" gobgpd -f "$dir/gobgpd.toml" --api-hosts "unix://$dir/gobgp.sock" -p >"$WORK/gobgp.log" 2>&1) &
    member gobgp "$dir/exabgp.conf"
    local gobgp=(ip netns exec "$ns" gobgp --target "unix://$dir/gobgp.sock")
    wait_for gobgp "GoBGP did not get the routes" \
        sh -c "${gobgp[*]} global rib -a ipv4 | grep -c '^\*' | grep -q 3 && ${gobgp[*]} global rib -a ipv6 | grep -c 2001:db8:3::/48 | grep -q 2"
    TIMEOUT=$((TIMEOUT + 60)) wait_for gobgp "GoBGP did not write its table dump" test -s "$dir/table.mrt"
    sleep 0.5
    "${gobgp[@]}" global rib -a ipv4 -j > "$out/gobgp-global-rib-ipv4.json"
    "${gobgp[@]}" global rib -a ipv6 -j > "$out/gobgp-global-rib-ipv6.json"
    "${gobgp[@]}" neighbor 10.0.2.2 adj-in -a ipv4 > "$out/gobgp-adj-in-ipv4.txt"
    "${gobgp[@]}" neighbor fd00:2::2 adj-in -a ipv6 > "$out/gobgp-adj-in-ipv6.txt"
    for f in updates table; do cp "$dir/$f.mrt" "$out/gobgp-$f.mrt"; done
    say "GoBGP: MRT in $out"
}
