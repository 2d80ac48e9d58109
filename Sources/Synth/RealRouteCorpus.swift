import BGP
import MRT

/// The prefixes and AS paths of real routes, read from MRT files (RIB dumps or update files)
/// through the project's decoder, for the realistic day (`SynthOptions.realisticPaths`).
///
/// A path is kept as the part a member of the IX would send behind its own ASN (its "tail"):
/// the collector's neighbour is dropped (the member takes its place), and so is everything up
/// to the last transit-free network, because a route server rejects a route with one behind
/// the member (rule S6 of docs/rules.md) and no member's customers are behind one. A path with
/// a set, a loop, a bogon ASN or more than `maxTailLength` ASNs gives no tail. A prefix the
/// route servers would refuse (a bogon, the peering LAN, too long or too short for
/// data/policies/smarthub-ix.yaml) is left out, and so is one no path of which gives a tail.
struct RealRouteCorpus {
    /// Every distinct tail: an AS_SEQUENCE, origin last.
    var tails: [[UInt32]] = []
    var ipv4 = PrefixPool()
    var ipv6 = PrefixPool()
    /// Routes read (RIB entries and announced prefixes), whatever became of them.
    var routesRead = 0

    static let maxTailLength = 32

    /// The prefixes of one family in the order the files first give them, each with the
    /// tails its routes gave.
    struct PrefixPool {
        /// IPv4: the address; IPv6: its high 64 bits (every kept prefix is /48 or shorter).
        var addresses: [UInt64] = []
        var lengths: [UInt8] = []
        var tailsOf: [[Int32]] = []
        var count: Int { addresses.count }
    }

    /// Reads `paths` in order; the same files give the same corpus. A file without
    /// announcements (withdrawals only) adds nothing.
    static func read(_ paths: [String]) throws(SynthError) -> RealRouteCorpus {
        var builder = Builder()
        for path in paths {
            let stream = RecordStream(path: path)
            let before = builder.corpus.routesRead
            while let (_, record) = stream.next() {
                builder.add(record)
            }
            // A file that ends early gives what it had; one that gives nothing is not MRT.
            if let stop = stream.summary.stops.first, builder.corpus.routesRead == before {
                throw .corpus(path: path, reason: stop)
            }
        }
        guard builder.corpus.ipv4.count + builder.corpus.ipv6.count > 0 else {
            throw .corpus(path: paths.joined(separator: ", "),
                          reason: "no route a route server would accept (public prefix, a path without a transit-free network behind the neighbour)")
        }
        return builder.corpus
    }

    /// Collects tails and prefixes, each once.
    private struct Builder {
        var corpus = RealRouteCorpus()
        var tailIndex: [[UInt32]: Int32] = [:]
        var ipv4Index: [UInt64: Int] = [:]
        var ipv6Index: [IPv6Key: Int] = [:]

        struct IPv6Key: Hashable {
            var high: UInt64
            var length: UInt8
        }

        mutating func add(_ record: MRTRecord) {
            switch record {
            case let .rib(rib):
                for entry in rib.entries { add(rib.prefix, entry.attributes) }
            case let .tableDump(route):
                add(route.prefix, route.attributes)
            case let .message(message):
                guard case let .update(update) = message.message else { return }
                for nlri in update.announced { add(nlri.prefix, update.attributes) }
                if let list = update.attributes.mpReach?.nlri {
                    for nlri in list { add(nlri.prefix, update.attributes) }
                }
            case .peerIndexTable, .stateChange, .unsupported:
                return
            }
        }

        mutating func add(_ prefix: Prefix, _ attributes: WireAttributes) {
            corpus.routesRead += 1
            guard RealRouteCorpus.isUsable(prefix) else { return }
            let path = attributes.mergedASPath ?? attributes.asPath.asPath
            guard let tail = RealRouteCorpus.tail(of: path) else { return }
            let t: Int32
            if let known = tailIndex[tail] {
                t = known
            } else {
                t = Int32(corpus.tails.count)
                corpus.tails.append(tail)
                tailIndex[tail] = t
            }
            if prefix.family == .ipv4 {
                let address = UInt64(prefix.address.ipv4Value)
                let key = address << 8 | UInt64(prefix.length)
                if let i = ipv4Index[key] {
                    if !corpus.ipv4.tailsOf[i].contains(t) { corpus.ipv4.tailsOf[i].append(t) }
                } else {
                    ipv4Index[key] = corpus.ipv4.count
                    corpus.ipv4.addresses.append(address)
                    corpus.ipv4.lengths.append(prefix.length)
                    corpus.ipv4.tailsOf.append([t])
                }
            } else {
                let key = IPv6Key(high: prefix.address.high, length: prefix.length)
                if let i = ipv6Index[key] {
                    if !corpus.ipv6.tailsOf[i].contains(t) { corpus.ipv6.tailsOf[i].append(t) }
                } else {
                    ipv6Index[key] = corpus.ipv6.count
                    corpus.ipv6.addresses.append(key.high)
                    corpus.ipv6.lengths.append(key.length)
                    corpus.ipv6.tailsOf.append([t])
                }
            }
        }
    }

    /// What a member would send behind its ASN, or nil (see the type's comment).
    static func tail(of path: ASPath) -> [UInt32]? {
        guard path.segments.count == 1, path.segments[0].type == .sequence, let neighbour = path.segments[0].asns.first else {
            return nil
        }
        var asns = path.segments[0].asns.map(\.rawValue).drop { $0 == neighbour.rawValue }
        if let last = asns.lastIndex(where: ASNPool.transitFree.contains) {
            asns = asns[(last + 1)...]
        }
        guard !asns.isEmpty, asns.count <= maxTailLength, asns.allSatisfy(ASNPool.isUsable) else { return nil }
        // A loop: an ASN again after another one (prepends are runs of one ASN).
        var seen = Set<UInt32>()
        var previous: UInt32?
        for asn in asns where asn != previous {
            guard seen.insert(asn).inserted else { return nil }
            previous = asn
        }
        return Array(asns)
    }

    /// Public, and of a length the policy accepts (IPv4 /8-/24, IPv6 /16-/48).
    static func isUsable(_ prefix: Prefix) -> Bool {
        let length = Int(prefix.length)
        if prefix.family == .ipv4 {
            guard (8...24).contains(length) else { return false }
            return ipv4Blocks(address: prefix.address.ipv4Value, length: length).allSatisfy { IPv4Allocator.isPublic($0 >> 8, $0 & 0xFF) }
        }
        guard (16...48).contains(length) else { return false }
        let high = prefix.address.high
        guard high >> 61 == 1 else { return false }  // global unicast, 2000::/3
        return !ipv6Refused.contains { range in
            let shortest = min(length, range.length)
            let mask: UInt64 = ~0 << (64 - shortest)
            return high & mask == range.high & mask
        }
    }

    /// Inside 2000::/3 but not to be announced: documentation, 6to4, ORCHID, benchmarking, the
    /// 6bone, Teredo, and the IXP peering LANs of 2001:7f8::/32 (the day's own among them).
    static let ipv6Refused: [(high: UInt64, length: Int)] = [
        (0x2001_0DB8_0000_0000, 32), (0x2002_0000_0000_0000, 16), (0x2001_0010_0000_0000, 28),
        (0x2001_0002_0000_0000, 48), (0x3FFE_0000_0000_0000, 16), (0x2001_0000_0000_0000, 32),
        (0x2001_07F8_0000_0000, 32),
    ]

    /// The /16 blocks (a << 8 | b) an IPv4 prefix of /8 to /24 touches.
    static func ipv4Blocks(address: UInt32, length: Int) -> [UInt32] {
        let first = address >> 16
        let count = length >= 16 ? 1 : 1 << (16 - length)
        return (0..<UInt32(count)).map { first + $0 }
    }

    /// Every /16 block a kept IPv4 prefix touches: planted routes and the flows' unannounced
    /// addresses take their fresh blocks elsewhere.
    var ipv4BlocksInUse: Set<UInt32> {
        var blocks = Set<UInt32>()
        for i in 0..<ipv4.count {
            for block in Self.ipv4Blocks(address: UInt32(ipv4.addresses[i]), length: Int(ipv4.lengths[i])) { blocks.insert(block) }
        }
        return blocks
    }
}
