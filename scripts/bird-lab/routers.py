"""A member with two routers on the route server: AS13238 (YANDEX) has a second router.

BIRD withholds a route only from the session it came from, so each router of AS13238 gets the
other's routes (the router would drop them as an AS-path loop; they are in BIRD's export table
and on the wire all the same). The lab's BIRD run adds this router (lab.py's ROUTER table); the
OpenBGPD run leaves it out.

Router keys: a member's first router is its ASN (as everywhere in the lab); an extra router is
a string naming its own namespace, exabgp files and BIRD protocols (AS13238b_v4).
"""

# key, member ASN, IPv4, IPv6, MAC
EXTRA_ROUTERS = [
    ("13238b", 13238, "185.1.15.29", "2001:7f8:7a::33b6:2", "f4:b5:2f:33:b6:09"),
]

# Routes of the extra routers, as scenario.ROUTES but with the router key as sender.
EXTRA_ROUTES = [
    # the same prefix from both routers, equal in everything up to the router id: the first
    # router (185.1.15.28) wins, so the second gets the first's route in both modes, and
    # the first gets the second's in secondary mode only (its own is the best)
    ("two routers: second router, same prefix", "13238b", "87.250.224.0/19", [13238], [], [], {}),
    # communities of the member's own (kept on export) beside control communities (removed)
    ("two routers: own communities beside control ones", "13238b", "5.255.192.0/18", [13238],
     ["8960:8960", "13238:100", "0:8732"], ["13238:1:1", "8960:0:8342"], {"med": 20}),
    ("two routers: second router, IPv6", "13238b", "2a02:6b8:b000::/36", [13238],
     ["13238:200"], [], {}),
]


def check(exp_rows, mode, router_table):
    """The two-router self-checks on exports.csv rows (receiver_asn, receiver_address, prefix,
    sender_asn, next_hop, as_path, sender_address, ...): each router of AS13238 gets the
    other's routes, never its own."""
    failures = []
    first, second = router_table[13238], router_table["13238b"]
    def got(receiver, prefix):
        return sorted(x[6] for x in exp_rows if x[1] == receiver and x[2] == prefix)
    if got(second["ipv4"], "5.255.192.0/18") or got(second["ipv4"], "87.250.224.0/19") != [first["ipv4"]]:
        failures.append(f"two routers: {second['ipv4']} got {got(second['ipv4'], '87.250.224.0/19')} for 87.250.224.0/19 "
                        f"(expected the first router's) and {got(second['ipv4'], '5.255.192.0/18')} for its own 5.255.192.0/18")
    if got(first["ipv4"], "5.255.192.0/18") != [second["ipv4"]]:
        failures.append(f"two routers: {first['ipv4']} got {got(first['ipv4'], '5.255.192.0/18')} for 5.255.192.0/18, "
                        "expected the second router's")
    expected_own = [] if mode == "best" else [second["ipv4"]]
    if got(first["ipv4"], "87.250.224.0/19") != expected_own:
        failures.append(f"two routers: {first['ipv4']} got {got(first['ipv4'], '87.250.224.0/19')} for 87.250.224.0/19 "
                        f"in {mode} mode, expected {expected_own}")
    if got(first["ipv6"], "2a02:6b8:b000::/36") != [second["ipv6"]]:
        failures.append(f"two routers: {first['ipv6']} did not get the second router's 2a02:6b8:b000::/36")
    return failures


def strip_function():
    """BIRD's function removing the route server's control communities on export (as
    arouteserver's and IXP Manager's configurations do; ixaudit's `control_communities:
    strip`). BIRD_LAB_KEEP_CONTROL=1 leaves them on, to show that the comparison then fails."""
    import os
    body = [] if os.environ.get("BIRD_LAB_KEEP_CONTROL") == "1" else [
        "  bgp_community.delete([(0, *)]);",
        "  bgp_community.delete([(RS_ASN, *)]);",
        "  bgp_large_community.delete([(RS_ASN, 0, *)]);",
        "  bgp_large_community.delete([(RS_ASN, 1, *)]);",
    ]
    return ["# the route server's control communities (0:peer, RS:peer, RS:0:peer, RS:1:peer) never leave it",
            "function rs_strip_control() {"] + body + ["}", ""]
