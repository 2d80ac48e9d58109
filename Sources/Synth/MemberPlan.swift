import BGP

/// How a member uses the route servers' export-control communities (docs/rules.md section A).
enum ControlStyle {
    /// Mostly no control community (open by default), now and then 8960:8960.
    case none
    /// 8960:8960 on most routes, sometimes with an exclude.
    case open
    /// 8960:8960 plus 0:peer (RS:0:peer for a 4-byte peer) for the peers it keeps routes from.
    case exclude
    /// 0:8960 plus 8960:peer (RS:1:peer for a 4-byte peer) for the few peers it announces to.
    case restrictive
}

/// One synthetic member: what the IX-F export says about it and how it behaves.
struct SyntheticMember {
    var asn: UInt32
    var name: String
    /// Lower-case letters and digits, for the URL and the AS macro.
    var slug: String
    var ipv4: UInt32
    /// The IPv6 address on the LAN; nil for the members without IPv6.
    var ipv6: IPAddress?
    /// Sent with the global IPv6 next hop (RFC 2545), when the member's router does that.
    var linkLocal: IPAddress?
    var mac: UInt64
    var routeServer: Bool
    var switchID: Int
    var ports: Int
    var portSpeed: Int
    var portType: String
    var style: ControlStyle = .none
    /// Values of the member's own informational communities (ASN:value, or ASN:1:value for a
    /// 4-byte ASN).
    var informational: [UInt32] = []
    /// Members (indexes) this one names in exclude or include communities.
    var namedPeers: [Int] = []
    var ipv4Routes = 0
    var ipv6Routes = 0
    /// The IPv4 max-prefix limit of the IX-F export when it is not the usual one (a third
    /// above the routes): planted below the routes for the max-prefix anomaly.
    var maxPrefixIPv4: Int?
    var routerID: UInt32 = 0

    var routes: Int { ipv4Routes + ipv6Routes }
    var ipv4Address: IPAddress { IPAddress(ipv4: ipv4) }
    var isFourByte: Bool { asn > 0xFFFF }
}

/// The peering LAN: 185.1.15.0/24 (the route servers at .8 and .9), grown downwards to a
/// /23 ... /20 when there are more members than a /24 holds; 2001:7f8:7a::/64 for IPv6.
struct PeeringLANPlan {
    let ipv4Length: Int
    let ipv4Base: UInt32
    static let top: UInt32 = 0xB901_0F00  // 185.1.15.0
    static let routeServerIPv4: [UInt32] = [0xB901_0F08, 0xB901_0F09]
    static let ipv6High: UInt64 = 0x2001_07F8_007A_0000

    init(members: Int) {
        var length = 24
        var capacity = 245  // 185.1.15.10 - .254
        while capacity < members && length > 20 {
            length -= 1
            capacity = 245 + ((1 << (24 - length)) - 1) * 254
        }
        ipv4Length = length
        ipv4Base = Self.top & ~UInt32((1 << (32 - length)) - 1)
    }

    /// The n-th member address: 185.1.15.10 upwards, then the /24s below, .1 to .254 each.
    func ipv4(_ n: Int) -> UInt32 {
        if n < 245 { return Self.top + 10 + UInt32(n) }
        let rest = n - 245
        return Self.top - UInt32(1 + rest / 254) * 256 + 1 + UInt32(rest % 254)
    }

    var ipv4Prefix: Prefix { Prefix(address: IPAddress(ipv4: ipv4Base), length: ipv4Length) }
    static let ipv6Prefix = Prefix(address: IPAddress(ipv6High: ipv6High, low: 0), length: 64)

    /// The member's IPv6 address with its ASN in decimal digits, four to a group, as many IXPs
    /// write it (AS8359 -> 2001:7f8:7a::8359:1, AS210312 -> 2001:7f8:7a::21:312:1). The route
    /// servers' addresses (::8960:1, ::8960:2) belong to AS8960, which is no member.
    static func ipv6(asn: UInt32) -> IPAddress {
        var low: UInt64 = 1
        var shift: UInt64 = 16
        var rest = asn
        repeat {
            var group = rest % 10_000
            var hex: UInt64 = 0
            var nibble: UInt64 = 0
            repeat {
                hex |= UInt64(group % 10) << (4 * nibble)
                group /= 10
                nibble += 1
            } while group > 0
            low |= hex << shift
            shift += 16
            rest /= 10_000
        } while rest > 0
        return IPAddress(ipv6High: ipv6High, low: low)
    }
}

/// Draws the members: ASNs, names, addresses, MACs, ports, and how they use communities.
enum MemberPlan {
    static func members(count: Int, lan: PeeringLANPlan, rng: inout SplitMix64) -> [SyntheticMember] {
        var asns = ASNPool()
        var fourByteWanted = max(count >= 5 ? 2 : 1, count / 6)
        var names = NameMaker(rng: &rng)
        var macs = Set<UInt64>()
        var members: [SyntheticMember] = []
        members.reserveCapacity(count)
        for n in 0..<count {
            // A few 4-byte ASNs spread through the list, the rest 2-byte.
            let fourByte = fourByteWanted > 0 && (rng.chance(0.18) || count - n <= fourByteWanted)
            if fourByte { fourByteWanted -= 1 }
            let asn = asns.draw(fourByte: fourByte, rng: &rng)
            asns.taken.insert(asn)
            let (name, slug) = names.next(rng: &rng)
            var mac: UInt64
            repeat {
                mac = Self.ouis[rng.below(Self.ouis.count)] << 24 | UInt64(rng.below(1 << 24))
            } while !macs.insert(mac).inserted
            let hasIPv6 = n == 0 || rng.chance(0.85)
            let ipv6 = hasIPv6 ? PeeringLANPlan.ipv6(asn: asn) : nil
            let linkLocal = hasIPv6 && rng.chance(0.3) ? Self.linkLocal(mac: mac) : nil
            // The first two members always peer with the route servers; about 1 in 12 others do not.
            let routeServer = n < 2 || !rng.chance(0.08)
            let big = rng.chance(0.2)
            let portSpeed = big ? 100_000 : (rng.chance(0.7) ? 10_000 : 1_000)
            members.append(SyntheticMember(
                asn: asn, name: name, slug: slug, ipv4: lan.ipv4(n), ipv6: ipv6, linkLocal: linkLocal, mac: mac,
                routeServer: routeServer, switchID: 1 + rng.below(2), ports: rng.chance(0.15) ? 2 : 1,
                portSpeed: portSpeed, portType: portSpeed == 100_000 ? "LR4" : (portSpeed == 1_000 ? "LX" : "LR")))
        }
        // A day of six members or more has one that does not peer with the route servers at
        // least (the traffic-few-routes anomaly needs one).
        if count >= 6 && members.allSatisfy(\.routeServer) { members[count - 1].routeServer = false }
        return members
    }

    /// Communities and the peers they name, once the route-server members are known.
    static func assignCommunityHabits(_ members: inout [SyntheticMember], rng: inout SplitMix64) {
        let onRS = members.indices.filter { members[$0].routeServer }
        let fourByte = onRS.filter { members[$0].isFourByte }
        for i in members.indices where members[i].routeServer {
            members[i].style = [ControlStyle.none, .open, .exclude, .restrictive][rng.weighted([50, 25, 15, 10])]
            var values: [UInt32] = []
            for _ in 0..<rng.between(1, 4) {
                let value = Self.informationalValues[rng.below(Self.informationalValues.count)]
                if !values.contains(value) { values.append(value) }
            }
            members[i].informational = values
            // Peers named in exclude/include communities: other route-server members, 4-byte
            // ones favoured so that the large-community forms show up.
            let others = onRS.filter { $0 != i }
            guard !others.isEmpty else { continue }
            var named: [Int] = []
            for _ in 0..<min(others.count, rng.between(2, 6)) {
                let fourByteOthers = fourByte.filter { $0 != i }
                let peer = !fourByteOthers.isEmpty && rng.chance(0.35) ? rng.pick(fourByteOthers) : rng.pick(others)
                if !named.contains(peer) { named.append(peer) }
            }
            members[i].namedPeers = named
        }
    }

    /// fe80:: with the modified EUI-64 of the MAC (RFC 4291 appendix A).
    static func linkLocal(mac: UInt64) -> IPAddress {
        let upper = (mac >> 24) ^ 0x02_0000
        let lower = mac & 0xFF_FFFF
        return IPAddress(ipv6High: 0xFE80_0000_0000_0000, low: upper << 40 | 0xFF_FE00_0000 | lower)
    }

    /// Router vendors' OUIs (Arista, Cisco, Juniper, Nokia, Intel, Mellanox).
    static let ouis: [UInt64] = [0x001C73, 0x28993A, 0x444CA8, 0x000573, 0xE4C722, 0x001B54, 0xF4B52F, 0x3C6104,
                                 0x88E0F3, 0x3CFDFE, 0xB49691, 0x248A07, 0x0C1186, 0xA0F3E4]
    static let informationalValues: [UInt32] = [100, 110, 120, 200, 210, 300, 400, 1000, 1001, 1010, 1020, 2000,
                                                2010, 3000, 3100, 4000, 5000, 9000]
}

/// Public ASNs that are no member yet: 2-byte from 1-64495, 4-byte from the ranges the RIRs
/// hand out. Never 0, AS_TRANS, the documentation, private and reserved ranges (RFC 5398,
/// 6996, 7300), the route servers' 8960, nor the big transit-free networks (a route through
/// one of them behind a member is a leak the audit reports).
struct ASNPool {
    var taken: Set<UInt32> = [8960]

    static let fourByteRanges: [(UInt32, UInt32)] = [(131_072, 141_999), (196_608, 216_999), (262_144, 272_999),
                                                     (327_680, 329_299), (393_216, 401_999)]
    static let transitFree: Set<UInt32> = [174, 209, 286, 701, 702, 703, 1239, 1273, 1299, 2828, 2914, 3257, 3320,
                                           3356, 3491, 3549, 3561, 4134, 4637, 4809, 5511, 6453, 6461, 6762, 6830,
                                           6939, 7018, 7473, 9002, 12956, 20485, 31133]

    static func isUsable(_ asn: UInt32) -> Bool {
        if asn == 0 || asn == 23_456 || asn == 8960 || transitFree.contains(asn) { return false }
        if asn >= 64_496 && asn <= 131_071 { return false }  // documentation, private, reserved
        if asn >= 4_200_000_000 { return false }  // private 4-byte and the last ASN
        return true
    }

    mutating func draw(fourByte: Bool, rng: inout SplitMix64) -> UInt32 {
        while true {
            let asn = Self.candidate(fourByte: fourByte, rng: &rng)
            if !taken.contains(asn) { return asn }
        }
    }

    /// Any usable ASN (not necessarily free): customers and origins behind members.
    static func candidate(fourByte: Bool, rng: inout SplitMix64) -> UInt32 {
        while true {
            let asn: UInt32
            if fourByte {
                let range = fourByteRanges[rng.below(fourByteRanges.count)]
                asn = range.0 + UInt32(rng.below(Int(range.1 - range.0) + 1))
            } else {
                asn = UInt32(rng.between(1, 64_495))
            }
            if isUsable(asn) { return asn }
        }
    }
}

/// Plausible network names: a stem and a kind ("Kestrel Networks", "Volga Telecom"), each
/// pair once; past the pairs, a city is added.
struct NameMaker {
    static let stems = ["Kestrel", "Volga", "Amber", "Nordlink", "Baltic", "Granite", "Polar", "Silverline", "Orbita",
                        "Vector", "Meridian", "Sever", "Taiga", "Ural", "Ladoga", "Neva", "Onega", "Altai", "Sayan",
                        "Kama", "Oka", "Svir", "Irtysh", "Lena", "Amur", "Kedr", "Beryoza", "Sokol", "Berkut",
                        "Yastreb", "Zenit", "Quantum", "Photon", "Lumen", "Helix", "Pulsar", "Quasar", "Nimbus",
                        "Cirrus", "Stratus", "Aurora", "Borealis", "Comet", "Nova", "Vega", "Lyra", "Orion", "Draco",
                        "Cygnus", "Fornax", "Tundra", "Steppe", "Delta", "Fjord", "Harbor", "Summit", "Ridge",
                        "Cobalt", "Basalt", "Quartz", "Onyx", "Jasper", "Garnet", "Opal", "Topaz", "Metro", "Citynet",
                        "Skyline", "Bluewave", "Redline", "Greenfield", "Blackstone", "Whitehall", "Ironbridge"]
    static let kinds = ["Telecom", "Networks", "Hosting", "Cloud", "Online", "Communications", "Internet",
                        "Broadband", "Data Centers", "Systems", "Media", "Connect", "Digital", "IT", "Fiber",
                        "Mobile", "Transit", "CDN", "Games", "Bank"]
    static let cities = ["Moscow", "Kazan", "Samara", "Tver", "Perm", "Omsk", "Tula", "Sochi", "Ufa", "Vologda"]

    var order: [Int]
    var used = 0

    init(rng: inout SplitMix64) {
        order = Array(0..<(Self.stems.count * Self.kinds.count))
        rng.shuffle(&order)
    }

    mutating func next(rng: inout SplitMix64) -> (name: String, slug: String) {
        let pair = order[used % order.count]
        let round = used / order.count
        used += 1
        let stem = Self.stems[pair / Self.kinds.count]
        let kind = Self.kinds[pair % Self.kinds.count]
        var name = "\(stem) \(kind)"
        var slug = stem + kind.filter { $0 != " " }
        if round > 0 {
            let city = Self.cities[(round - 1) % Self.cities.count]
            let number = (round - 1) / Self.cities.count
            name += " \(city)" + (number > 0 ? " \(number + 1)" : "")
            slug += city + (number > 0 ? String(number + 1) : "")
        }
        return (name, slug.lowercased())
    }
}
