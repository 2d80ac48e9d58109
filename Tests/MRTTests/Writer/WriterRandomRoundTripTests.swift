import BGP
import MRT
import XCTest

/// Randomized rounds (seeded, so a failure repeats): random attributes, UPDATEs and RIB
/// records through the writer and back through the decoder must come back equal.
final class WriterRandomRoundTripTests: XCTestCase {
    /// xorshift64*: small, seeded, good enough to pick test values.
    struct Dice {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12; state ^= state << 25; state ^= state >> 27
            return state &* 0x2545_F491_4F6C_DD1D
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
        mutating func uint32() -> UInt32 { UInt32(truncatingIfNeeded: next()) }
        mutating func asn() -> ASN { chance(50) ? ASN(UInt32(below(65_536))) : ASN(65_536 + uint32() % (UInt32.max - 65_536)) }
        mutating func ipv4() -> IPAddress { IPAddress(ipv4: uint32()) }
        mutating func ipv6() -> IPAddress { IPAddress(ipv6High: next(), low: next()) }
        mutating func prefix(_ family: AddressFamily) -> Prefix {
            Prefix(address: family == .ipv4 ? ipv4() : ipv6(), length: below(family.maxPrefixLength + 1))
        }
    }

    /// Attributes whose AS path keeps confederation segments in front and with two-octet ASNs
    /// (how RFC 6793 lets them survive a two-octet session) and whose unknown attributes come in type order
    /// with the flags they read back with.
    static func randomAttributes(_ dice: inout Dice, mpNextHop family: AddressFamily?) -> PathAttributes {
        var a = PathAttributes()
        if dice.chance(80) { a.origin = Origin(rawValue: UInt8(dice.below(3))) }
        if dice.chance(90) {
            var segments: [ASPath.Segment] = []
            for _ in 0..<dice.below(2) {
                // Two-octet ASNs only: AS4_PATH cannot carry confederation segments (RFC 6793
                // section 3), so a four-octet member ASN reads back as AS_TRANS on a two-octet session.
                segments.append(ASPath.Segment(dice.chance(50) ? .confedSequence : .confedSet,
                                               (0...dice.below(4)).map { _ in ASN(UInt32(dice.below(65_536))) }))
            }
            for _ in 0..<dice.below(4) {
                segments.append(ASPath.Segment(dice.chance(80) ? .sequence : .set, (0...dice.below(20)).map { _ in dice.asn() }))
            }
            a.asPath = ASPath(segments)
        }
        if dice.chance(70) { a.nextHop = dice.ipv4() }
        if let family {
            a.mpNextHop = family == .ipv4 ? MPNextHop(address: dice.ipv4())
                : MPNextHop(address: dice.ipv6(), linkLocal: dice.chance(50) ? dice.ipv6() : nil)
        }
        if dice.chance(40) { a.med = dice.uint32() }
        if dice.chance(40) { a.localPref = dice.uint32() }
        a.atomicAggregate = dice.chance(20)
        if dice.chance(20) { a.aggregator = Aggregator(asn: dice.asn(), address: dice.ipv4()) }
        if dice.chance(60) { a.communities = (0..<dice.below(80)).map { _ in Community(rawValue: dice.uint32()) } }
        if dice.chance(30) { a.extendedCommunities = (0..<dice.below(10)).map { _ in ExtendedCommunity(rawValue: dice.next()) } }
        if dice.chance(40) { a.largeCommunities = (0..<dice.below(30)).map { _ in LargeCommunity(dice.uint32(), dice.uint32(), dice.uint32()) } }
        if dice.chance(20) { a.onlyToCustomer = dice.asn() }
        if dice.chance(15) { a.originatorID = dice.ipv4() }
        if dice.chance(15) { a.clusterList = (0..<dice.below(5)).map { _ in dice.ipv4() } }
        if dice.chance(20) {
            a.unknown = (0..<dice.below(3)).map { _ in
                let length = dice.chance(20) ? 256 + dice.below(300) : dice.below(40)
                let flags = 0x80 | UInt8(dice.below(2)) << 6 | UInt8(dice.below(2)) << 5 | UInt8(dice.below(2)) << 4
                return UnknownAttribute(flags: length > 255 ? flags | 0x10 : flags, type: UInt8(36 + dice.below(220)),
                                        value: (0..<length).map { _ in UInt8(truncatingIfNeeded: dice.next()) })
            }
            a.unknown = a.unknown.enumerated().sorted { ($0.element.type, $0.offset) < ($1.element.type, $1.offset) }.map(\.element)
        }
        return a
    }

    func testRandomAttributeBlocks() throws {
        var dice = Dice(state: 0x1D_C0FF_EE15)
        for round in 0..<3_000 {
            let family: AddressFamily? = dice.chance(30) ? nil : (dice.chance(50) ? .ipv4 : .ipv6)
            let a = Self.randomAttributes(&dice, mpNextHop: family)
            for asnSize in [2, 4] {
                let decoded = try attributesRoundTrip(a, asnSize: asnSize)
                if decoded != a { return XCTFail("round \(round), \(asnSize)-byte ASNs:\n wrote \(a)\n read  \(decoded)") }
            }
        }
    }

    func testRandomUpdates() throws {
        var dice = Dice(state: 0xBADC_0DE5)
        let writer = MRTWriter()
        for round in 0..<1_500 {
            let addPath = dice.chance(30)
            let asnSize = dice.chance(30) ? 2 : 4
            func entries(_ count: Int) -> [NLRI] {
                (0..<count).map { _ in
                    NLRI(pathID: addPath ? dice.uint32() : 0, prefix: dice.prefix(dice.chance(50) ? .ipv4 : .ipv6))
                }
            }
            let announce = entries(dice.below(30))
            let withdraw = entries(dice.below(30))
            let hasV6 = announce.contains { $0.prefix.family == .ipv6 }
            var attributes = Self.randomAttributes(&dice, mpNextHop: hasV6 ? .ipv6 : nil)
            // An UPDATE that announces routes without ORIGIN or AS_PATH, or IPv4 routes without
            // NEXT_HOP, reads back as withdrawals (RFC 7606 3(d), RFC7606Tests).
            if !announce.isEmpty {
                if attributes.origin == nil { attributes.origin = .igp }
                if attributes.asPath == nil { attributes.asPath = ASPath([]) }
                if attributes.nextHop == nil && announce.contains(where: { $0.prefix.family == .ipv4 }) { attributes.nextHop = dice.ipv4() }
            }
            let session6 = dice.chance(50)
            let peer = BGPSpeaker(asn: asnSize == 4 ? dice.asn() : ASN(UInt32(dice.below(65_536))),
                                  address: session6 ? dice.ipv6() : dice.ipv4())
            let local = BGPSpeaker(asn: ASN(UInt32(dice.below(65_536))), address: session6 ? dice.ipv6() : dice.ipv4())
            let microseconds: UInt32? = dice.chance(50) ? UInt32(dice.below(1_000_000)) : nil
            let timestamp = dice.uint32()
            let record = writer.update(timestamp: timestamp, microseconds: microseconds, peer: peer, local: local,
                                       announce: announce, withdraw: withdraw, attributes: attributes,
                                       asnSize: asnSize, addPath: addPath)
            let read = try readBack(record)
            let v4First: ([NLRI]) -> [NLRI] = { $0.filter { $0.prefix.family == .ipv4 } + $0.filter { $0.prefix.family == .ipv6 } }
            let expected = ReadBackUpdate(peer: peer, local: local, interfaceIndex: 0, asnSize: asnSize, addPath: addPath,
                                          withdrawn: v4First(withdraw), announced: v4First(announce), attributes: attributes)
            guard read.count == 1, read[0].header.timestamp == timestamp, read[0].header.microseconds == microseconds,
                  read[0].record.update == expected else {
                return XCTFail("round \(round):\n wrote \(expected)\n read  \(read.map(\.record))")
            }
        }
    }

    func testRandomRIBDumps() throws {
        var dice = Dice(state: 0x5EED)
        for round in 0..<200 {
            var writer = MRTWriter()
            let peers = (0..<(1 + dice.below(40))).map { _ in
                Peer(bgpID: dice.uint32(), address: dice.chance(50) ? dice.ipv4() : dice.ipv6(), asn: dice.asn())
            }
            let table = PeerIndexTable(collectorID: dice.uint32(), viewName: dice.chance(50) ? "" : "rs\(round)", peers: peers)
            var bytes = writer.peerIndexTable(table, timestamp: 1, compactASNs: dice.chance(50))
            var written: [(Prefix, Bool, [RIBRoute])] = []
            for _ in 0..<(1 + dice.below(20)) {
                let family: AddressFamily = dice.chance(50) ? .ipv4 : .ipv6
                let addPath = dice.chance(30)
                let routes = (0..<dice.below(10)).map { _ in
                    RIBRoute(peerIndex: UInt16(dice.below(peers.count)), originatedTime: dice.uint32(),
                             pathID: addPath ? dice.uint32() : 0,
                             attributes: Self.randomAttributes(&dice, mpNextHop: family == .ipv6 || dice.chance(20) ? family : nil))
                }
                let prefix = dice.prefix(family)
                bytes += writer.rib(timestamp: 1, prefix: prefix, entries: routes, addPath: addPath)
                written.append((prefix, addPath, routes))
            }
            let read = try readBack(bytes)
            XCTAssertEqual(read.first?.record.peerIndexTable, table, "round \(round)")
            let ribs = read.compactMap(\.record.rib)
            guard ribs.map(\.prefix) == written.map(\.0), ribs.map(\.addPath) == written.map(\.1),
                  ribs.map(\.routes) == written.map(\.2), ribs.map(\.sequence) == Array(0..<UInt32(written.count)) else {
                return XCTFail("round \(round): RIB records differ")
            }
        }
    }
}
