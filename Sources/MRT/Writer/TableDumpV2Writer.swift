import BGP

/// One route of a RIB record as owned values (RFC 6396 section 4.3.4; RFC 8050 section 4 for
/// the path identifier): which peer of the PEER_INDEX_TABLE sent it, when, and its attributes.
public struct RIBRoute: Hashable, Sendable {
    public var peerIndex: UInt16
    /// When the route was received (seconds since the epoch).
    public var originatedTime: UInt32
    /// RFC 8050 path identifier; written only in the ADD-PATH subtypes, and 0 otherwise.
    public var pathID: UInt32
    public var attributes: PathAttributes

    public init(peerIndex: UInt16, originatedTime: UInt32, pathID: UInt32 = 0, attributes: PathAttributes) {
        self.peerIndex = peerIndex; self.originatedTime = originatedTime
        self.pathID = pathID; self.attributes = attributes
    }
}

extension MRTWriter {
    /// TABLE_DUMP_V2 PEER_INDEX_TABLE (RFC 6396 section 4.3.1): collector BGP ID, view name,
    /// then per peer its type octet (bit 0: IPv6 address, bit 1: four-octet ASN), BGP ID,
    /// address and ASN. Peers' ASNs are written in four octets, as BIRD and the big collectors
    /// do; with `compactASNs` an ASN that fits takes two. Starts a dump: RIB records written
    /// after it refer to its peers and are numbered from 0.
    public mutating func peerIndexTable(_ table: PeerIndexTable, timestamp: UInt32, compactASNs: Bool = false) -> [UInt8] {
        let name = Array(table.viewName.utf8)
        precondition(name.count <= 0xFFFF && table.peers.count <= 0xFFFF, "PEER_INDEX_TABLE: view name or peer list too long")
        var body: [UInt8] = []
        body.appendBigEndian(table.collectorID)
        body.appendBigEndian(UInt16(name.count))
        body += name
        body.appendBigEndian(UInt16(table.peers.count))
        for peer in table.peers {
            let fourOctets = !compactASNs || peer.asn.rawValue > 0xFFFF
            body.append((peer.address.family == .ipv6 ? 1 : 0) | (fourOctets ? 2 : 0))
            body.appendBigEndian(peer.bgpID)
            body.appendAddress(peer.address)
            body.appendASN(peer.asn, size: fourOctets ? 4 : 2)
        }
        peerCount = table.peers.count
        nextSequence = 0
        return Self.record(type: MRTType.tableDumpV2, subtype: MRTType.TableDumpV2.peerIndexTable,
                           timestamp: timestamp, body: body)
    }

    /// A RIB record of one prefix (RFC 6396 section 4.3.2): RIB_IPV4_UNICAST or
    /// RIB_IPV6_UNICAST by the prefix's family, or with `addPath` their RFC 8050 subtypes
    /// (RIB_IPV4_UNICAST_ADDPATH, RIB_IPV6_UNICAST_ADDPATH), whose entries carry a path
    /// identifier. Sequence number, prefix, entry count, then per route (section 4.3.4) peer
    /// index, originated time, [path identifier,] attribute length and attributes: AS_PATH
    /// with four-octet ASNs, and `mpNextHop` (an IPv6 next hop, with or without link-local)
    /// in the abbreviated MP_REACH_NLRI. A PEER_INDEX_TABLE naming every peer index must come
    /// first.
    public mutating func rib(timestamp: UInt32, prefix: Prefix, entries: [RIBRoute], addPath: Bool = false) -> [UInt8] {
        rib(timestamp: timestamp, prefix: prefix, addPath: addPath, encodedEntries: entries.map {
            EncodedRIBRoute(peerIndex: $0.peerIndex, originatedTime: $0.originatedTime, pathID: $0.pathID,
                            attributes: BGPEncoder.pathAttributes($0.attributes, asnSize: 4, mpReach: .abbreviated))
        })
    }

    /// `rib(timestamp:prefix:entries:)` for attribute blocks already encoded (with
    /// `BGPEncoder.pathAttributes(_:asnSize: 4, mpReach: .abbreviated)`): a generator that
    /// writes millions of routes with a few thousand distinct attribute sets encodes each once.
    public mutating func rib(timestamp: UInt32, prefix: Prefix, addPath: Bool = false, encodedEntries entries: [EncodedRIBRoute]) -> [UInt8] {
        guard let peerCount else { preconditionFailure("write a PEER_INDEX_TABLE before RIB records") }
        precondition(entries.count <= 0xFFFF, "a RIB record holds at most 65535 entries")
        typealias S = MRTType.TableDumpV2
        let subtype: UInt16
        switch (prefix.family, addPath) {
        case (.ipv4, false): subtype = S.ribIPv4Unicast
        case (.ipv6, false): subtype = S.ribIPv6Unicast
        case (.ipv4, true): subtype = S.ribIPv4UnicastAddPath
        case (.ipv6, true): subtype = S.ribIPv6UnicastAddPath
        }
        var body: [UInt8] = []
        body.appendBigEndian(nextSequence)
        BGPEncoder.appendPrefix(prefix, to: &body)
        body.appendBigEndian(UInt16(entries.count))
        for entry in entries {
            precondition(Int(entry.peerIndex) < peerCount, "peer index \(entry.peerIndex) is not in the PEER_INDEX_TABLE (\(peerCount) peers)")
            precondition(addPath || entry.pathID == 0, "path identifier \(entry.pathID) needs the ADD-PATH subtypes (addPath: true)")
            body.appendBigEndian(entry.peerIndex)
            body.appendBigEndian(entry.originatedTime)
            if addPath { body.appendBigEndian(entry.pathID) }
            precondition(entry.attributes.count <= 0xFFFF, "RIB entry attributes longer than 65535 bytes")
            body.appendBigEndian(UInt16(entry.attributes.count))
            body += entry.attributes
        }
        nextSequence &+= 1
        return Self.record(type: MRTType.tableDumpV2, subtype: subtype, timestamp: timestamp, body: body)
    }
}

/// A RIB route whose attribute block is already encoded.
public struct EncodedRIBRoute: Hashable, Sendable {
    public var peerIndex: UInt16
    public var originatedTime: UInt32
    public var pathID: UInt32
    public var attributes: [UInt8]

    public init(peerIndex: UInt16, originatedTime: UInt32, pathID: UInt32 = 0, attributes: [UInt8]) {
        self.peerIndex = peerIndex; self.originatedTime = originatedTime
        self.pathID = pathID; self.attributes = attributes
    }
}
