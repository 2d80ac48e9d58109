import BGP

/// A BGP session between two members seen in the sampled flows: TCP port 179 between their
/// peering-LAN addresses (RFC 4271 section 8.2.1), neither end a route server. Such members
/// exchange routes the route servers' data cannot show, so traffic between them is not judged
/// on the route servers' view alone.
public struct BilateralSession: Hashable, Sendable {
    /// The two members, the lower ASN first, and the addresses of the first sample seen.
    public var first: ASN
    public var second: ASN
    public var firstAddress: IPAddress
    public var secondAddress: IPAddress
    /// Sampled packets of the session, both directions (not scaled: a presence, not a volume).
    public var samples: Int

    /// "3 sampled TCP port 179 packets between 185.1.15.21 (AS3216) and 185.1.15.30 (AS8359)".
    public var evidence: String {
        "\(samples) sampled TCP port 179 \(samples == 1 ? "packet" : "packets") between \(firstAddress) (AS\(first)) "
            + "and \(secondAddress) (AS\(second))"
    }
}

/// The BGP samples between member pairs, as the classifier meets them (few: one per sampled
/// BGP packet on the peering LAN), by unordered member pair.
struct BGPSightings {
    struct Entry {
        var low: Int32
        var high: Int32
        var lowAddress: IPAddress
        var highAddress: IPAddress
        var samples: Int
    }

    private var slotOfPair = IntegerMap(capacity: 64)
    private(set) var entries: [Entry] = []

    private static func key(_ a: Int32, _ b: Int32) -> UInt64 {
        let (low, high) = a < b ? (a, b) : (b, a)
        return UInt64(UInt32(low)) << 32 | UInt64(UInt32(high))
    }

    mutating func add(_ sender: Int32, _ receiver: Int32, source: IPAddress, destination: IPAddress) {
        let key = Self.key(sender, receiver)
        let known = slotOfPair.value(key)
        if known >= 0 {
            entries[Int(known)].samples += 1
            return
        }
        let senderIsLow = sender < receiver
        entries.append(Entry(low: senderIsLow ? sender : receiver, high: senderIsLow ? receiver : sender,
                             lowAddress: senderIsLow ? source : destination, highAddress: senderIsLow ? destination : source,
                             samples: 1))
        slotOfPair.insert(key, Int32(entries.count - 1))
    }

    /// The pair's sightings, either direction.
    func between(_ a: Int32, _ b: Int32) -> Entry? {
        let known = slotOfPair.value(Self.key(a, b))
        return known >= 0 ? entries[Int(known)] : nil
    }

    /// Every pair's session, members named by ASN (`asns` ascending, so the lower index is the lower ASN).
    func sessions(_ asns: [ASN]) -> [BilateralSession] {
        entries.map { entry in
            BilateralSession(first: asns[Int(entry.low)], second: asns[Int(entry.high)], firstAddress: entry.lowAddress,
                             secondAddress: entry.highAddress, samples: entry.samples)
        }.sorted { ($0.first, $0.second) < ($1.first, $1.second) }
    }
}
