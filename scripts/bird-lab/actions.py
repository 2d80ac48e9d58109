"""The lab's action communities: prepending, NO_EXPORT / NO_ADVERTISE, blackholing (RFC 7999),
graceful shutdown (RFC 8326), with their large forms, for the BIRD route server only.

lab.py adds ROUTES to the scenario's routes, puts the filter code below into bird.conf and
the community settings into job.yaml, and checks BIRD's exports against `expected_export`.
The values are the arouteserver profile's defaults in ixaudit (Sources/Job/CommunityActions.swift),
written with the lab's RS ASN 8960:

| action | standard | large |
| --- | --- | --- |
| prepend once / twice / thrice to peer | 65511:peer, 65512:peer, 65513:peer | 8960:101:peer, 8960:102:peer, 8960:103:peer |
| prepend once / twice / thrice to all | 65501:8960, 65502:8960, 65503:8960 | 8960:101:0, 8960:102:0, 8960:103:0 |
| blackhole (up to /32, /128; next hop rewritten on export) | 65535:666 | 8960:666:0 |
| graceful shutdown (LOCAL_PREF 0 on import) | 65535:0 | |
| NO_EXPORT, NO_ADVERTISE | 65535:65281, 65535:65282 | |

The route server prepends the route's first AS (the member's), a peer-specific count wins
over one for all, and of several counts for one target the largest wins. NO_EXPORT and
NO_ADVERTISE are left to BIRD's default (`interpret communities` on): the filter has no
code for them.
"""
import scenario as S

RS = S.RS["asn"]
BLACKHOLE_NH4 = "185.1.15.66"
BLACKHOLE_NH6 = "2001:7f8:7a::66"
BLACKHOLE_STD = "65535:666"
BLACKHOLE_LARGE = f"{RS}:666:0"
GSHUT = "65535:0"
NO_EXPORT = {"65535:65281", "65535:65283"}
NO_ADVERTISE = "65535:65282"

# (label, sender ASN, prefix, AS path, standard communities, large communities, options), as
# scenario.ROUTES. exabgp takes no-export / no-advertise by name.
ROUTES = [
    ("prepend once to all (65501:8960)", 8447, "77.247.0.0/16", [8447], ["65501:8960"], [], {}),
    ("prepend twice to 8359 (65512:8359)", 8342, "78.38.0.0/16", [8342], ["65512:8359"], [], {}),
    ("large prepend thrice to all, once to 8732", 3216, "95.26.0.0/16", [3216], [],
     [f"{RS}:103:0", f"{RS}:101:8732"], {}),
    ("large prepend twice to 210312", 13238, "93.158.128.0/18", [13238], [], [f"{RS}:102:210312"], {}),
    ("prepend thrice and once to 8447 (largest wins), restrictive+include 8447 8732", 8359, "91.205.0.0/16",
     [8359, 8359], ["65513:8447", "65511:8447", "0:8960", "8960:8447", "8960:8732"], [], {}),
    ("NO_EXPORT", 8359, "91.204.0.0/16", [8359], ["no-export"], [], {}),
    ("NO_ADVERTISE", 8447, "77.248.0.0/16", [8447], ["no-advertise"], [], {}),
    # the best route carries NO_EXPORT: in best mode no member gets the prefix, in secondary
    # mode every member gets the other route
    ("NO_EXPORT on the best route", 20485, "217.151.0.0/16", [20485], ["no-export"], [], {}),
    ("alternative to a NO_EXPORT route", 3216, "217.151.0.0/16", [3216, 20485], [], [], {}),
    # graceful shutdown: the shorter path loses (LOCAL_PREF 0 before the decision process)
    ("graceful shutdown on the shorter path", 8342, "78.39.0.0/16", [8342], [GSHUT], [], {}),
    ("longer path, preferred over a graceful shutdown", 8732, "78.39.0.0/16", [8732, 8342], [], [], {}),
    ("blackhole /32 (65535:666)", 3216, "95.25.1.1/32", [3216], [BLACKHOLE_STD], [], {}),
    ("blackhole /28, large (8960:666:0), prepend once to all", 8359, "91.200.4.0/28", [8359], ["65501:8960"],
     [BLACKHOLE_LARGE], {}),
    ("violation: /32 without the blackhole community", 8447, "77.244.1.1/32", [8447], [], [], {"expect": [13]}),
    ("IPv6 prepend once to 8447 (65511:8447)", 8359, "2a00:1d39::/32", [8359], ["65511:8447"], [], {}),
    ("IPv6 large prepend twice to all", 210312, "2a0e:fd82::/32", [210312], [], [f"{RS}:102:0"], {}),
    ("IPv6 blackhole /128 (65535:666)", 8447, "2a02:8380::1/128", [8447], [BLACKHOLE_STD], [], {}),
    ("IPv6 NO_EXPORT", 3216, "2a00:1fa1::/32", [3216], ["no-export"], [], {}),
    ("IPv6 violation: /64 without the blackhole community", 13238, "2a02:6b8:1::/64", [13238], [], [], {"expect": [13]}),
]


def blackholed_condition():
    """BIRD: the route is tagged for blackholing."""
    return f"((65535, 666) ~ bgp_community || ({RS}, 666, 0) ~ bgp_large_community)"


def import_lines(fam):
    """Import filter lines, before the reject checks: graceful shutdown."""
    return [f"  if (65535, 0) ~ bgp_community then bgp_local_pref = 0;   # RFC 8326: before the decision process"]


def length_check(lo, hi, fam):
    """The prefix-length check of the import filter, with the longer blackhole prefixes allowed."""
    longest = 32 if fam == 4 else 128
    return (f"  if net.len < {lo} || (net.len > {hi} && !{blackholed_condition()}) || net.len > {longest} then rs_tag(13);"
            "   # tagged blackholes up to /32, /128")


def functions():
    """bird.conf functions: the blackhole next hop."""
    return [
        "# RFC 7999 blackholing: the IXP's blackhole next hop, set on export",
        "function rs_blackhole() {",
        f"  if {blackholed_condition()} then {{",
        f"    if net.type = NET_IP4 then bgp_next_hop = {BLACKHOLE_NH4};",
        f"    else bgp_next_hop = {BLACKHOLE_NH6};",
        "  }",
        "}",
        "",
    ]


def export_lines(a):
    """Lines of the export filter to member `a`, before it decides: prepend, blackhole next hop.
    Standard communities cannot name a 4-byte ASN (BIRD refuses a pair out of range)."""
    def to_peer(n):
        tests = [f"({RS}, {100 + n}, {a}) ~ bgp_large_community"]
        if a < 65536:
            tests.insert(0, f"({65510 + n}, {a}) ~ bgp_community")
        return " || ".join(tests)

    def to_all(n):
        return f"({65500 + n}, {RS}) ~ bgp_community || ({RS}, {100 + n}, 0) ~ bgp_large_community"

    conds = [to_peer(3), to_peer(2), to_peer(1), to_all(3), to_all(2), to_all(1)]
    counts = [3, 2, 1, 3, 2, 1]
    lines = ["  # prepend the member's ASN: to this peer first, else to all; the largest count wins"]
    for n, (cond, count) in enumerate(zip(conds, counts)):
        word = "if" if n == 0 else "else if"
        lines.append(f"  {word} {cond} then {{ " + " ".join(["bgp_path.prepend(bgp_path.first);"] * count) + " }")
    lines.append("  rs_blackhole();")
    return lines


def job_yaml_lines():
    """job.yaml: the blackhole next hops (the rest are the arouteserver profile's defaults)."""
    return [f"    blackhole: {{next_hop_ipv4: {BLACKHOLE_NH4}, next_hop_ipv6: \"{BLACKHOLE_NH6}\"}}"]


def no_member_gets(std):
    """BIRD's `bgp_preexport` with `interpret communities` on: never to an eBGP peer."""
    return bool(set(std) & (NO_EXPORT | {NO_ADVERTISE}))


def prepends(std, large, receiver):
    std, large = set(std), set(large)
    for n in (3, 2, 1):
        if (receiver < 65536 and f"{65510 + n}:{receiver}" in std) or f"{RS}:{100 + n}:{receiver}" in large:
            return n
    for n in (3, 2, 1):
        if f"{65500 + n}:{RS}" in std or f"{RS}:{100 + n}:0" in large:
            return n
    return 0


def expected_export(route, receiver, fam):
    """(next hop, AS path) member `receiver` must get for BIRD's route `route` (a parsed
    `show route all` entry with "std", "large", "attrs")."""
    path = route["attrs"].get("BGP.as_path", "").split()
    n = prepends(route["std"], route["large"], receiver)
    if path and n:
        path = [path[0]] * n + path
    std, large = set(route["std"]), set(route["large"])
    nh = route["nh"]
    if BLACKHOLE_STD in std or BLACKHOLE_LARGE in large:
        nh = BLACKHOLE_NH4 if fam == 4 else BLACKHOLE_NH6
    return nh, " ".join(path)
