import BGP

/// How route servers that keep the routes their import filter rejects mark them: a large
/// community `RS:<tag>:<code>` (arouteserver's `reject_policy: tag`, RS:65520:code; IXP
/// Manager's filtered-prefix communities, RS:1101:code), and what each code means in terms
/// of the import policy's rules. Set in the job file's community scheme
/// (`communities.reject_tags`); the audit reads the tags to compare the route server's own
/// verdict with the policy's (check `rs-filter-mismatch`), and a BIRD route server that keeps
/// its rejected routes counts them against its import limit.
public struct RejectTags: Hashable, Sendable, CustomStringConvertible {
    /// The first two fields of the tag; the third is the code.
    public var global: UInt32
    public var local1: UInt32
    /// The policy rules a code stands for. An empty list is a reason the policy has no rule
    /// for (IRR, RPKI, a blacklist) or a code that only says "rejected" (arouteserver's 0);
    /// a code not listed is read the same way, and named in the evidence.
    public var codes: [UInt32: [ImportRule]]
    /// `arouteserver`, `ixp-manager`, or `custom` for values of the job file's own.
    public var name: String

    public init(global: UInt32, local1: UInt32, codes: [UInt32: [ImportRule]], name: String = "custom") {
        self.global = global
        self.local1 = local1
        self.codes = codes
        self.name = name
    }

    /// `8960:65520:code`.
    public var description: String { "\(global):\(local1):code" }

    /// The code of `community` when it is a tag.
    public func code(of community: LargeCommunity) -> UInt32? {
        community.global == global && community.local1 == local1 ? community.local2 : nil
    }

    /// The policy rules `code` stands for (none: a reason outside the policy, or unknown).
    public func rules(_ code: UInt32) -> [ImportRule] { codes[code] ?? [] }

    /// The names `communities.reject_tags` takes.
    public static let presetNames = ["arouteserver", "ixp-manager"]

    /// A shipped scheme by name, for a route server ASN.
    public static func preset(_ name: String, routeServerASN rs: ASN) -> RejectTags? {
        switch name {
        case "arouteserver": return arouteserver(routeServerASN: rs)
        case "ixp-manager": return ixpManager(routeServerASN: rs)
        default: return nil
        }
    }

    /// arouteserver's reject reasons (its `reject_policy: tag`, RS:65520:code). It tags the
    /// generic 0 beside the specific code. 3, 4, 9, 11, 12, 14 and 15 (blacklists, AFI, IRR,
    /// RPKI, never-via-route-servers ASNs) are rules ixaudit's policy does not have; 13 is
    /// any prefix length out of range, a default route included; 10 (IPv6 outside global
    /// unicast) is a bogon prefix to the policy.
    public static func arouteserver(routeServerASN rs: ASN) -> RejectTags {
        RejectTags(global: rs.rawValue, local1: 65520, codes: [
            0: [], 1: [.asPathTooLong], 2: [.bogonPrefix], 5: [.nextHop], 6: [.firstAS], 7: [.bogonASN],
            8: [.transitFreeASN], 10: [.bogonPrefix], 13: [.prefixTooLong, .prefixTooShort, .defaultRoute],
        ], name: "arouteserver")
    }

    /// IXP Manager's filtered-prefix communities (RS:1101:code). 6 is an AS path too short
    /// (empty), which the policy reads as a first AS that is not the member; 9-13 and 15
    /// (IRR, RPKI, too many communities) are rules the policy does not have.
    public static func ixpManager(routeServerASN rs: ASN) -> RejectTags {
        RejectTags(global: rs.rawValue, local1: 1101, codes: [
            1: [.prefixTooLong], 2: [.prefixTooShort, .defaultRoute], 3: [.bogonPrefix], 4: [.bogonASN],
            5: [.asPathTooLong], 6: [.firstAS], 7: [.firstAS], 8: [.nextHop], 14: [.transitFreeASN],
        ], name: "ixp-manager")
    }
}
