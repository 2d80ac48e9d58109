import BGP

/// The action keys of a job file's `communities:` (JobFile+YAML.swift), each optional; a key
/// given replaces the profile's default for that action only:
///
/// ```yaml
/// communities:
///   profile: arouteserver
///   prepend:
///     standard: {once_to_peer: "65511:peer", twice_to_peer: "65512:peer", thrice_to_peer: "65513:peer",
///                once_to_all: "65501:8960", twice_to_all: "65502:8960", thrice_to_all: "65503:8960"}
///     large: {once_to_peer: "8960:101:peer", once_to_all: "8960:101:0"}
///   blackhole: {standard: ["65535:666"], large: ["8960:666:0"], max_length_ipv4: 32, max_length_ipv6: 128,
///               next_hop_ipv4: 185.1.15.66, next_hop_ipv6: "2001:7f8:7a::66"}   # or: blackhole: off
///   graceful_shutdown: {standard: ["65535:0"], large: []}
///   well_known: interpret                 # or ignore (NO_EXPORT, NO_ADVERTISE)
/// ```
extension JobFileReader {
    static let actionKeys = ["prepend", "blackhole", "graceful_shutdown", "well_known"]

    func actionCommunities(_ fields: YAMLMapping, defaults: CommunityActions) throws(ConfigurationFileError) -> CommunityActions {
        var actions = defaults
        if let node = fields["prepend"] {
            let f = try node.mapping(allowed: ["standard", "large"], expected: "a mapping with standard and large")
            if let s = f["standard"] {
                actions.prependStandard = try prepends(s, example: "65511:peer", default: defaults.prependStandard) { StandardCommunityPattern($0) }
            }
            if let l = f["large"] {
                actions.prependLarge = try prepends(l, example: "8960:101:peer", default: defaults.prependLarge) { LargeCommunityPattern($0) }
            }
        }
        if let node = fields["blackhole"] {
            actions.blackhole = try blackhole(node, default: defaults.blackhole)
        }
        if let node = fields["graceful_shutdown"] {
            let f = try node.mapping(allowed: ["standard", "large"], expected: "a mapping with standard and large community lists")
            actions.gracefulShutdownStandard = try f["standard"].map { n throws(ConfigurationFileError) in try standardList(n) } ?? []
            actions.gracefulShutdownLarge = try f["large"].map { n throws(ConfigurationFileError) in try largeList(n) } ?? []
        }
        if let node = fields["well_known"] {
            let choices = WellKnownHandling.allCases.map(\.rawValue).joined(separator: " or ")
            actions.wellKnown = try node.value(expected: "\(choices) (what the route server does with NO_EXPORT and NO_ADVERTISE)") {
                WellKnownHandling(rawValue: $0)
            }
        }
        return actions
    }

    private func prepends<P>(_ node: YAMLNode, example: String, default: PrependCommunities<P>,
                             _ make: (String) -> P?) throws(ConfigurationFileError) -> PrependCommunities<P> {
        let counts = ["once", "twice", "thrice"]
        let keys = counts.map { "\($0)_to_peer" } + counts.map { "\($0)_to_all" }
        let f = try node.mapping(allowed: keys, expected: "a mapping with \(keys.joined(separator: ", "))")
        var out = PrependCommunities<P>()
        for (n, key) in keys.enumerated() {
            let value = try f[key]?.value(expected: "a community like \(example), each field a number or peer", make)
            if n < 3 { out.toPeer[n] = value } else { out.toAll[n - 3] = value }
        }
        // A "to peer" community needs the peer's field, a "to all" one must not have it.
        for (n, p) in out.toPeer.enumerated() {
            if let p, !"\(p)".contains("peer") {
                throw f[keys[n]]!.rejected("a prepend-to-peer community needs a peer field, like \(example)")
            }
        }
        for (n, p) in out.toAll.enumerated() {
            if let p, "\(p)".contains("peer") {
                throw f[keys[n + 3]]!.rejected("a prepend-to-all community names no peer (write the number the route server uses)")
            }
        }
        return out
    }

    private func blackhole(_ node: YAMLNode, default: BlackholeSettings?) throws(ConfigurationFileError) -> BlackholeSettings? {
        if case .scalar = node.node, node.node.bool == false { return nil }
        let f = try node.mapping(allowed: ["standard", "large", "max_length_ipv4", "max_length_ipv6", "next_hop_ipv4", "next_hop_ipv6"],
                                 expected: "a mapping with standard, large, max_length_ipv4/6 and next_hop_ipv4/6, or off")
        var b = `default` ?? BlackholeSettings()
        if let n = f["standard"] { b.standard = try standardList(n) }
        if let n = f["large"] { b.large = try largeList(n) }
        if let n = f["max_length_ipv4"] { b.maxLengthIPv4 = UInt8(try n.integer(0...32, expected: "an IPv4 prefix length 0...32")) }
        if let n = f["max_length_ipv6"] { b.maxLengthIPv6 = UInt8(try n.integer(0...128, expected: "an IPv6 prefix length 0...128")) }
        if let n = f["next_hop_ipv4"] { b.nextHopIPv4 = try n.address(.ipv4, expected: "the IXP's IPv4 blackhole next hop, like 185.1.15.66") }
        if let n = f["next_hop_ipv6"] { b.nextHopIPv6 = try n.address(.ipv6, expected: "the IXP's IPv6 blackhole next hop, like 2001:7f8:7a::66") }
        if b.standard.isEmpty && b.large.isEmpty {
            throw node.rejected("blackholing needs at least one community (RFC 7999's is 65535:666); write blackhole: off to turn it off")
        }
        return b
    }

    private func standardList(_ node: YAMLNode) throws(ConfigurationFileError) -> [Community] {
        var out: [Community] = []
        for item in try node.items(expected: "a list of standard communities like 65535:666") {
            out.append(try item.value(expected: "a standard community like 65535:666 (two numbers up to 65535)") { Community($0) })
        }
        return out
    }

    private func largeList(_ node: YAMLNode) throws(ConfigurationFileError) -> [LargeCommunity] {
        var out: [LargeCommunity] = []
        for item in try node.items(expected: "a list of large communities like 8960:666:0") {
            out.append(try item.value(expected: "a large community like 8960:666:0 (three 32-bit numbers)") { LargeCommunity($0) })
        }
        return out
    }
}
