import BGP
import Job
import Routing

/// Whether an ASN is one a rule names: the rule itself (`ASNRangeRule`, a scan) or its index.
protocol ASNMembership {
    func contains(_ asn: ASN) -> Bool
}

extension ASNRangeRule: ASNMembership {}

/// An `ASNRangeRule` indexed for the million distinct AS paths of a large route server: a
/// binary search over the ranges sorted by lower bound, beside the highest upper bound of
/// each range and those before it, so that overlapping ranges still answer exactly.
struct ASNRangeIndex: ASNMembership {
    private var lowers: [UInt32] = []
    private var reach: [UInt32] = []

    init(_ rule: ASNRangeRule) {
        var highest: UInt32 = 0
        for range in rule.ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            highest = max(highest, range.upperBound)
            lowers.append(range.lowerBound)
            reach.append(highest)
        }
    }

    func contains(_ asn: ASN) -> Bool {
        // The ranges starting at or below `asn`: the first `low` of them.
        var low = 0, high = lowers.count
        while low < high {
            let middle = (low + high) / 2
            if lowers[middle] <= asn.rawValue { low = middle + 1 } else { high = middle }
        }
        return low > 0 && reach[low - 1] >= asn.rawValue
    }
}

/// A `BogonPrefixRule` indexed for millions of prefixes. A range that contains a prefix
/// contains its address, so the top 16 bits of the address must fall in a range: one bit per
/// value of them and family, set where a range covers it, settles most prefixes without a
/// scan; the others get the rule's own answer (the first range in list order).
struct BogonPrefixIndex {
    let rule: BogonPrefixRule
    /// 2^16 bits for IPv4, then 2^16 for IPv6.
    private var bits = [UInt64](repeating: 0, count: 2 << 10)

    init(_ rule: BogonPrefixRule) {
        self.rule = rule
        for range in rule.ranges {
            let first = Self.bucket(range.address), span = range.length >= 16 ? 1 : 1 << (16 - Int(range.length))
            for bucket in first..<first + span { bits[bucket >> 6] |= 1 << UInt64(bucket & 63) }
        }
    }

    /// The family and top 16 bits of `address`, as one number.
    private static func bucket(_ address: IPAddress) -> Int {
        address.family == .ipv4 ? Int(address.low >> 16 & 0xFFFF) : 1 << 16 | Int(address.high >> 48)
    }

    /// `BogonPrefixRule.range(containing:)`.
    func range(containing prefix: Prefix) -> Prefix? {
        let bucket = Self.bucket(prefix.address)
        guard bits[bucket >> 6] & 1 << UInt64(bucket & 63) != 0 else { return nil }
        return rule.range(containing: prefix)
    }
}

/// What the import check of one route server builds once: the policy's lists indexed, and
/// each session's member and address (`RouteServerRIB.sessions` order).
struct ImportCheckIndex {
    let bogonPrefixes: BogonPrefixIndex?
    let bogonASNs: ASNRangeIndex?
    let transitFreeASNs: ASNRangeIndex?
    let senders: [ASN]
    let addresses: [IPAddress]

    init(policy: ImportPolicy, sessions: [SessionID]) {
        bogonPrefixes = policy.bogonPrefix.map(BogonPrefixIndex.init)
        bogonASNs = policy.bogonASN.map(ASNRangeIndex.init)
        transitFreeASNs = policy.transitFreeASN.map(ASNRangeIndex.init)
        senders = sessions.map(\.peerASN)
        addresses = sessions.map(\.peerAddress)
    }
}
