"""The SmartHub IX lab: route server, members and the routes they announce.

Everything the lab builds comes from this file: run.sh asks lab.py, lab.py reads this.
Reason codes are arouteserver's (65520:<code> in its reject_policy "tag" mode).
"""

RS = {
    "label": "rs1",
    "asn": 8960,
    "ipv4": "185.1.15.8",
    "ipv6": "2001:7f8:7a::8960:1",
    "mac": "02:00:00:89:60:01",
}
LAN4 = 24
LAN6 = 64

# asn, name, IPv4, IPv6, MAC (the first seven as in data/smarthub/ixf-members.json; the
# 4-byte member has no IPv6 address there, so it gets one here).
MEMBERS = [
    (8359, "MTS", "185.1.15.20", "2001:7f8:7a::20a7:1", "00:1c:73:20:a7:00"),
    (8447, "A1 Telekom Austria", "185.1.15.21", "2001:7f8:7a::20ff:1", "28:99:3a:20:ff:01"),
    (8342, "RTComm.RU", "185.1.15.22", "2001:7f8:7a::2096:1", "f4:b5:2f:20:96:02"),
    (8732, "COMCOR", "185.1.15.23", "2001:7f8:7a::221c:1", "3c:fd:fe:22:1c:03"),
    (3216, "PJSC VimpelCom", "185.1.15.24", "2001:7f8:7a::c90:1", "00:05:73:0c:90:04"),
    (20485, "TransTeleCom", "185.1.15.26", "2001:7f8:7a::5005:1", "00:1c:73:50:05:06"),
    (13238, "YANDEX", "185.1.15.28", "2001:7f8:7a::33b6:1", "f4:b5:2f:33:b6:08"),
    (210312, "SmartHub Demo Hosting", "185.1.15.32", "2001:7f8:7a::3:3588:1", "00:1c:73:35:88:0c"),
]

TRANSIT_FREE = [174, 209, 701, 1239, 1299, 2914, 3257, 3320, 3356, 3491, 5511, 6453, 6461, 6762, 6830, 7018, 12956]

BOGONS4 = ["0.0.0.0/8+", "10.0.0.0/8+", "100.64.0.0/10+", "127.0.0.0/8+", "169.254.0.0/16+",
           "172.16.0.0/12+", "192.0.0.0/24+", "192.0.2.0/24+", "192.168.0.0/16+", "198.18.0.0/15+",
           "198.51.100.0/24+", "203.0.113.0/24+", "224.0.0.0/4+", "240.0.0.0/4+"]
BOGONS6 = ["::/8+", "100::/64+", "2001:2::/48+", "2001:10::/28+", "2001:db8::/32+", "2002::/16+",
           "3ffe::/16+", "fc00::/7+", "fe80::/10+", "fec0::/10+", "ff00::/8+"]
# Prefix lengths accepted: IPv4 /8../24, IPv6 /16../48 (a default route is too short).
LEN4 = (8, 24)
LEN6 = (16, 48)

REASONS = {
    2: "Prefix is bogon",
    5: "Invalid NEXT_HOP",
    6: "Invalid left-most ASN",
    8: "Transit-free ASN in AS_PATH",
    13: "Invalid prefix length",
}
REJECT_TAG = 65520  # large community RS:65520:<code>

# Routes: (label, sender ASN, prefix, AS path, standard communities, large communities, options)
# options: next_hop (an address other than the sender's own), med.
# "expect" is the reason codes the import policy must tag (empty: accepted).
ROUTES = [
    # --- IPv4 ---------------------------------------------------------------------------
    ("open", 8359, "91.200.0.0/16", [8359], [], [], {}),
    ("open (8960:8960), prepended", 8359, "91.201.0.0/17", [8359, 8359], ["8960:8960"], [], {}),
    ("open, MED 50", 3216, "95.25.0.0/16", [3216], [], [], {"med": 50}),
    ("open", 8447, "77.244.0.0/16", [8447], [], [], {}),
    ("open+exclude 8342 8732", 8447, "77.245.0.0/16", [8447], ["8960:8960", "0:8342", "0:8732"], [], {}),
    ("restrictive+include 8359 8447", 8342, "78.36.0.0/16", [8342], ["0:8960", "8960:8359", "8960:8447"], [], {}),
    ("restrictive+large include 210312", 8732, "85.21.0.0/16", [8732], ["0:8960"], ["8960:1:210312"], {}),
    ("open+large exclude 210312", 3216, "95.24.0.0/16", [3216], [], ["8960:0:210312"], {}),
    ("open", 210312, "185.250.0.0/22", [210312], [], [], {}),
    ("large block+large include 8359", 210312, "185.250.4.0/22", [210312], [], ["8960:0:0", "8960:1:8359"], {}),
    ("open", 13238, "87.250.224.0/19", [13238], [], [], {}),
    ("open", 20485, "217.150.32.0/20", [20485], [], [], {}),
    # the same prefix from two members, different communities: the best route (shorter
    # path) excludes 8447, so in best mode 8447 gets nothing (a hidden path); in secondary
    # mode it gets the longer one.
    ("hidden path: best, exclude 8447", 20485, "217.150.0.0/19", [20485], ["0:8447"], [], {}),
    ("hidden path: alternative, open", 3216, "217.150.0.0/19", [3216, 20485], [], [], {}),
    # equal path lengths: the lower BGP identifier wins (8359 = 185.1.15.20 < 185.1.15.28)
    ("tie on router id: best, exclude 8732", 8359, "194.190.0.0/17", [8359, 2854], ["0:8732"], [], {}),
    ("tie on router id: loses", 13238, "194.190.0.0/17", [13238, 2854], [], [], {}),
    # the same tie over IPv6, where the neighbour addresses order the other way: 8359 has
    # the lower router id (.20 < .24) but the higher address (::20a7:1 > ::c90:1)
    ("IPv6 tie on router id: best", 8359, "2a00:1450::/32", [8359, 15169], [], [], {}),
    ("IPv6 tie on router id: loses", 3216, "2a00:1450::/32", [3216, 15169], [], [], {}),
    # mixed control communities (findings), read in arouteserver's order
    ("mixed: open+restrictive (block wins)", 13238, "5.45.192.0/18", [13238], ["8960:8960", "0:8960"], [], {}),
    ("mixed: include without restrictive", 8359, "91.202.0.0/16", [8359], ["8960:8447"], [], {}),
    ("mixed: exclude with restrictive", 8447, "77.246.0.0/16", [8447], ["0:8960", "0:8359"], [], {}),
    ("mixed: exclude and include 8359", 8342, "78.37.0.0/16", [8342], ["0:8359", "8960:8359"], [], {}),
    ("mixed: std exclude 8447 + large include 8447", 8732, "85.22.0.0/16", [8732], ["0:8447"], ["8960:1:8447"], {}),
    ("mixed: restrictive+include of a non-member", 8359, "91.203.0.0/16", [8359], ["0:8960", "8960:6939"], [], {}),
    # import violations: tagged 8960:65520:<code>, local pref 1, never exported
    ("violation: bogon", 8447, "10.10.0.0/16", [8447], [], [], {"expect": [2]}),
    ("violation: longer than /24", 8342, "78.36.5.128/25", [8342], [], [], {"expect": [13]}),
    ("violation: default route", 8732, "0.0.0.0/0", [8732], [], [], {"expect": [13]}),
    ("violation: first AS not the peer", 3216, "87.250.224.0/19", [13238], [], [], {"expect": [6]}),
    ("violation: next hop of another member", 20485, "217.150.48.0/20", [20485], [], [],
     {"next_hop": "185.1.15.21", "expect": [5]}),
    ("violation: transit-free ASN in path", 13238, "213.180.192.0/19", [13238, 174, 9002], [], [], {"expect": [8]}),
    # --- IPv6 ---------------------------------------------------------------------------
    ("open", 8359, "2a00:1d38::/32", [8359], [], [], {}),
    ("open", 8447, "2a02:8380::/32", [8447], [], [], {}),
    ("open+exclude 8342 8732", 8447, "2a02:8388::/32", [8447], ["8960:8960", "0:8342", "0:8732"], [], {}),
    ("restrictive+include 8359 8447", 8342, "2a02:2528::/32", [8342], ["0:8960", "8960:8359", "8960:8447"], [], {}),
    ("restrictive+large include 210312", 8732, "2a02:2168::/32", [8732], ["0:8960"], ["8960:1:210312"], {}),
    ("open", 210312, "2a0e:fd80::/32", [210312], [], [], {}),
    ("large block+large include 8447", 210312, "2a0e:fd81::/32", [210312], [], ["8960:0:0", "8960:1:8447"], {}),
    ("open", 13238, "2a02:6b8::/32", [13238], [], [], {}),
    ("open", 3216, "2a00:1fa0::/32", [3216], [], [], {}),
    ("hidden path: best, exclude 8447", 20485, "2a00:1e88::/32", [20485], ["0:8447"], [], {}),
    ("hidden path: alternative, open", 3216, "2a00:1e88::/32", [3216, 20485], [], [], {}),
    ("violation: bogon", 8447, "2001:db8:1::/48", [8447], [], [], {"expect": [2]}),
    ("violation: longer than /48", 8342, "2a02:2528:100::/56", [8342], [], [], {"expect": [13]}),
    ("violation: default route", 8732, "::/0", [8732], [], [], {"expect": [13]}),
    ("violation: first AS not the peer", 3216, "2a02:6b8::/32", [13238], [], [], {"expect": [6]}),
    ("violation: next hop of another member", 20485, "2a00:1e88:100::/40", [20485], [], [],
     {"next_hop": "2001:7f8:7a::20ff:1", "expect": [5]}),
    ("violation: transit-free ASN in path", 13238, "2a02:6b8:c00::/40", [13238, 1299, 9002], [], [], {"expect": [8]}),
]
