import BGP
import MRT

/// The route servers' PEER_INDEX_TABLE: the dummy peer 0 (0.0.0.0, AS0) BIRD always lists,
/// then every member session, IPv4 and IPv6, in member order. The same in both tables.
struct SessionIndex {
    let peers: [Peer]
    /// Index of each member's IPv4 and IPv6 session (0 when it has none).
    let ipv4: [UInt16]
    let ipv6: [UInt16]

    init(members: [SyntheticMember]) {
        var peers = [Peer(bgpID: 0, address: IPAddress(ipv4: 0), asn: ASN(0))]
        var ipv4 = [UInt16](repeating: 0, count: members.count)
        var ipv6 = [UInt16](repeating: 0, count: members.count)
        for (m, member) in members.enumerated() where member.routeServer {
            ipv4[m] = UInt16(peers.count)
            peers.append(Peer(bgpID: member.routerID, address: member.ipv4Address, asn: ASN(member.asn)))
            if let v6 = member.ipv6 {
                ipv6[m] = UInt16(peers.count)
                peers.append(Peer(bgpID: member.routerID, address: v6, asn: ASN(member.asn)))
            }
        }
        self.peers = peers
        self.ipv4 = ipv4
        self.ipv6 = ipv6
    }
}

/// Writes one route server's RIB dump the way BIRD's `mrt dump table "master*"` does: a
/// PEER_INDEX_TABLE and the RIB_IPV4_UNICAST records of master4, then a second
/// PEER_INDEX_TABLE and the RIB_IPV6_UNICAST records of master6, prefixes in address order.
/// Records are built here directly from each attribute set's encoded block (built once per
/// set by `BGPEncoder.pathAttributes`), which keeps the large day fast.
struct RIBDumpWriter {
    let plan: RoutePlan
    let sessions: SessionIndex
    /// Each attribute set's encoded block (RFC 6396 section 4.3.4: AS_PATH with four-octet
    /// ASNs, IPv6 next hop in the abbreviated MP_REACH_NLRI); empty for sets the dumps never use.
    let blocks: [[UInt8]]
    /// Route indexes in prefix order, per family.
    let ipv4Order: [Int32]
    let ipv6Order: [Int32]

    init(plan: RoutePlan, sessions: SessionIndex) {
        self.plan = plan
        self.sessions = sessions
        var used = [Bool](repeating: false, count: plan.book.count)
        for route in plan.routes where route.inRIB {
            used[Int(route.attributes)] = true
            used[Int(route.rs2Attributes)] = true
        }
        blocks = (0..<plan.book.count).map { used[$0] ? BGPEncoder.pathAttributes(plan.book[Int32($0)]) : [] }
        // IPv4: address, length and index packed in one integer (an address is 32 bits, a
        // length 6, indexes < 2^22 — SynthOptions.maxRoutes plus the planted routes).
        var keys: [UInt64] = []
        var ipv6: [(UInt64, UInt8, Int32)] = []
        for (i, route) in plan.routes.enumerated() {
            if route.isIPv6 {
                ipv6.append((route.address, route.length, Int32(i)))
            } else {
                keys.append(route.address << 28 | UInt64(route.length) << 22 | UInt64(i))
            }
        }
        keys.sort()
        ipv4Order = keys.map { Int32(truncatingIfNeeded: $0 & 0x3F_FFFF) }
        ipv6.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
        ipv6Order = ipv6.map(\.2)
    }

    struct Written {
        var ipv4Routes = 0
        var ipv6Routes = 0
        var records = 0
        var fileBytes: Int64 = 0
        var uncompressedBytes: Int64 = 0
    }

    /// `originated`: per route server, when each member's session came up (seconds); routes
    /// were learned then, or some later before midnight.
    func write(routeServer rs: Int, path: String, compression: Compression, dayStart: UInt32,
               sessionUp: [UInt32], rng: inout SplitMix64) throws(SynthError) -> Written {
        let file: MRTFileWriter
        do {
            file = try MRTFileWriter(path: path, compression: compression, level: Self.level(compression))
        } catch {
            throw SynthError.wrap(error, path: path)
        }
        var writer = MRTWriter()
        let collector = PeeringLANPlan.routeServerIPv4[rs]
        var written = Written()
        let bit = UInt8(1 << rs)
        do {
            for isIPv6 in [false, true] {
                let table = PeerIndexTable(collectorID: collector, viewName: isIPv6 ? "master6" : "master4", peers: sessions.peers)
                try file.append(writer.peerIndexTable(table, timestamp: dayStart))
                // One record per prefix, an entry per session that announces it (the peer
                // leaks and the extra session repeat other routes' prefixes).
                var entries: [EncodedRIBRoute] = []
                var current: SynthRoute?
                func writeRecord() throws(MRTWriteError) {
                    guard let route = current, !entries.isEmpty else { return }
                    try file.append(writer.rib(timestamp: dayStart, prefix: route.prefix, encodedEntries: entries))
                    if isIPv6 { written.ipv6Routes += entries.count } else { written.ipv4Routes += entries.count }
                    entries.removeAll(keepingCapacity: true)
                }
                for r in isIPv6 ? ipv6Order : ipv4Order {
                    let route = plan.routes[Int(r)]
                    guard route.inRIB, route.routeServers & bit != 0 else { continue }
                    if let previous = current, previous.address != route.address || previous.length != route.length {
                        try writeRecord()
                    }
                    current = route
                    let m = Int(route.member)
                    let up = sessionUp[m]
                    // Most routes arrived with the session; some later, all before midnight.
                    let originated = rng.chance(0.75) ? up + UInt32(rng.below(20))
                        : up + UInt32(rng.below(Int(dayStart - up)))
                    let block = blocks[Int(rs == 0 ? route.attributes : route.rs2Attributes)]
                    let peerIndex = isIPv6 ? sessions.ipv6[m] : sessions.ipv4[m]
                    entries.append(EncodedRIBRoute(peerIndex: peerIndex, originatedTime: originated, attributes: block))
                }
                try writeRecord()
            }
            try file.finish()
        } catch {
            throw SynthError.wrap(error, path: path)
        }
        written.records = file.recordsWritten
        written.fileBytes = file.fileBytes
        written.uncompressedBytes = file.uncompressedBytes
        return written
    }

    /// zlib level 5 for gzip: on these dumps half the time of the default 6 for 2% more
    /// bytes (compression is most of the large day's time); the libraries' defaults otherwise.
    static func level(_ compression: Compression) -> Int32? { compression == .gzip ? 5 : nil }
}

/// Writes one route server's update files: one per interval, each holding the records whose
/// time falls in it (written even when empty, as collectors do).
enum UpdateFileWriter {
    static func write(_ stream: UpdateStream, paths: [String], interval: Int, compression: Compression)
        throws(SynthError) -> [(records: Int, fileBytes: Int64, uncompressedBytes: Int64)] {
        var results: [(Int, Int64, Int64)] = []
        var next = 0
        let step = UInt64(interval) * 1_000_000
        for (i, path) in paths.enumerated() {
            let end = UInt64(i + 1) * step
            do {
                let file = try MRTFileWriter(path: path, compression: compression, level: RIBDumpWriter.level(compression))
                while next < stream.entries.count && (stream.entries[next].time < end || i == paths.count - 1) {
                    try file.append(stream.entries[next].bytes)
                    next += 1
                }
                try file.finish()
                results.append((file.recordsWritten, file.fileBytes, file.uncompressedBytes))
            } catch {
                throw SynthError.wrap(error, path: path)
            }
        }
        return results
    }
}
