import BGP

/// A peer of a collector or route server, as listed in its PEER_INDEX_TABLE.
public struct Peer: Hashable, Sendable {
    public var bgpID: UInt32
    public var address: IPAddress
    public var asn: ASN
    public init(bgpID: UInt32, address: IPAddress, asn: ASN) {
        self.bgpID = bgpID; self.address = address; self.asn = asn
    }
}

/// PEER_INDEX_TABLE (RFC 6396 section 4.3.1): the peers that RIB entries name by index.
public struct PeerIndexTable: Hashable, Sendable {
    public var collectorID: UInt32
    public var viewName: String
    public var peers: [Peer]

    public init(collectorID: UInt32, viewName: String, peers: [Peer]) {
        self.collectorID = collectorID; self.viewName = viewName; self.peers = peers
    }

    init(parsing body: UnsafeRawBufferPointer) throws(DecodeError) {
        var cursor = ByteCursor(body)
        guard let collector = cursor.readUInt32(), let nameLength = cursor.readUInt16() else {
            throw DecodeError("PEER_INDEX_TABLE header", "cut short", at: 0)
        }
        guard let name = cursor.readBytes(Int(nameLength)) else {
            throw DecodeError("view name", "length \(nameLength) but \(cursor.remaining) bytes remain", at: 4)
        }
        guard let count = cursor.readUInt16() else { throw DecodeError("peer count", "missing", at: cursor.position) }
        var peers: [Peer] = []
        peers.reserveCapacity(Int(count))
        for index in 0..<Int(count) {
            let start = cursor.position
            guard let peerType = cursor.readUInt8(), let bgpID = cursor.readUInt32() else {
                throw DecodeError("peer \(index)", "cut short (the table lists \(count) peers)", at: start)
            }
            let family: AddressFamily = peerType & 1 != 0 ? .ipv6 : .ipv4
            let asnSize = peerType & 2 != 0 ? 4 : 2
            guard let address = cursor.readBytes(family.addressLength), let asn = cursor.readASN(size: asnSize) else {
                throw DecodeError("peer \(index)", "cut short (the table lists \(count) peers)", at: start)
            }
            peers.append(Peer(bgpID: bgpID,
                              address: PrefixBytes.address(family: family, bytes: address, at: 0, count: family.addressLength),
                              asn: ASN(asn)))
        }
        self.init(collectorID: collector, viewName: String(decoding: name, as: UTF8.self), peers: peers)
    }
}
