/// A deterministic mix of BGP4MP records of varying kinds and sizes (2- and 4-byte ASN
/// messages, IPv6 MP_REACH, BGP4MP_ET, state changes), for the compression and framing
/// tests, with the number of lines each record prints.
struct SyntheticStream {
    private(set) var records: [[UInt8]] = []
    private(set) var lineCounts: [Int] = []

    var bytes: [UInt8] { records.flatMap { $0 } }
    var totalLines: Int { lineCounts.reduce(0, +) }

    /// Offsets where each record ends, in the concatenated bytes.
    var recordEnds: [Int] {
        var end = 0
        return records.map { end += $0.count; return end }
    }

    init(records count: Int, seed: UInt64 = 0x5EED) {
        var random = Random(state: seed)
        let session = MRTBuilder.Session(peerAS: 64496, localAS: 64511, peer: "192.0.2.1", local: "192.0.2.254")
        for i in 0..<count {
            let timestamp = 1_400_000_000 + UInt32(i)
            if i % 11 == 10 {
                records.append(MRTBuilder.stateChange(as4: true, timestamp: timestamp, session: session,
                                                      old: UInt16(random.next(6) + 1), new: UInt16(random.next(6) + 1)))
                lineCounts.append(1)
                continue
            }
            let subtype: UInt16 = i % 5 == 0 ? 1 : 4
            let asnSize = MRTBuilder.asnSize(subtype: subtype)
            let withdrawn = (0..<random.next(3)).map { _ in "10.\(random.next(256)).\(random.next(256)).0/24" }
            let announced = (0..<(1 + random.next(12))).map { _ in "172.\(16 + random.next(16)).\(random.next(256)).0/24" }
            let path = (0..<(1 + random.next(8))).map { _ in 1 + random.next(asnSize == 2 ? 64000 : 4_000_000_000) }
            var attributes = Attr.origin(UInt8(random.next(3))) + Attr.asPath(path.map(UInt32.init), asnSize: asnSize)
                + Attr.nextHop("192.0.2.1")
            if random.next(2) == 0 { attributes += Attr.med(UInt32(random.next(1000))) }
            let communities = (0..<random.next(5)).map { _ in UInt32(random.next(1 << 32)) }
            if !communities.isEmpty { attributes += Attr.communities(communities) }
            var mpLines = 0
            if i % 3 == 0 {
                let v6 = (0..<(1 + random.next(4))).map { _ in "2001:db8:\(String(random.next(65536), radix: 16))::/48" }
                attributes += Attr.mpReach(afi: 2, nextHops: ["2001:db8::1"], nlri: BGPBuilder.nlri(v6))
                mpLines = v6.count
            }
            let update = BGPBuilder.update(withdrawn: BGPBuilder.nlri(withdrawn), attributes: attributes,
                                           nlri: BGPBuilder.nlri(announced))
            let microseconds: UInt32? = i % 7 == 3 ? UInt32(random.next(1_000_000)) : nil
            records.append(MRTBuilder.message(subtype: subtype, timestamp: timestamp, microseconds: microseconds,
                                              session: session, bgp: update))
            lineCounts.append(withdrawn.count + announced.count + mpLines)
        }
    }

    /// A PEER_INDEX_TABLE of 8 peers and one RIB_IPV4_UNICAST record with `entries` entries
    /// (36 bytes each), which can be made larger than the reader's 1 MiB buffer.
    static func largeRIB(entries: Int) -> (bytes: [UInt8], lines: Int) {
        let peers = (1...8).map { MRTBuilder.Peer(bgpID: "192.0.2.\($0)", address: "192.0.2.\($0)", asn: 64_495 + UInt32($0)) }
        let table = MRTBuilder.peerIndexTable(timestamp: 1_400_000_000, collectorID: "192.0.2.254", peers: peers)
        var list: [MRTBuilder.RIBEntry] = []
        for i in 0..<entries {
            let peer = UInt32(i % 8)
            let attributes: [UInt8] = Attr.origin(0) + Attr.asPath([64_496 + peer, 3356, UInt32(i)]) + Attr.nextHop("192.0.2.\(1 + peer)")
            list.append(MRTBuilder.RIBEntry(peerIndex: UInt16(peer), originated: UInt32(i), attributes: attributes))
        }
        let rib = MRTBuilder.rib(subtype: 2, timestamp: 1_400_000_000, prefix: "203.0.113.0/24", entries: list)
        return (table + rib, entries)
    }
}

/// A small deterministic generator (64-bit LCG, high bits).
struct Random {
    var state: UInt64
    mutating func next(_ bound: UInt64) -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return (state >> 16) % bound
    }
}
