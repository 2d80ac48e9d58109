import BGP

/// BGP4MP_ENTRY (BGP4MP subtype 2): one RIB route, from the MRT drafts before RFC 6396
/// (draft-ietf-grow-mrt up to -03, section 5.8.2), as OpenBGPD's `dump table-mp` writes it.
///
/// Layout, as OpenBGPD writes it (usr.sbin/bgpd/mrt.c, mrt_dump_entry_mp):
/// AS (2), AS (2), interface index (2), AFI (2), address, address (4 or 16 each, per that
/// AFI), view (2), status (2), time of last change (4), AFI (2), SAFI (1), next-hop length
/// (1), next hop, prefix length (1), prefix (the fewest octets, as in NLRI), attribute length
/// (2), attributes with 2-byte ASNs (AS4_PATH beside AS_PATH when needed, RFC 6793). The
/// draft names the first AS and address the peer's; OpenBGPD writes its own (the local
/// side's) first and the peer's second, as in its BGP4MP records of messages it sent. The
/// attributes have no next hop: the entry's next-hop field carries it.
public struct BGP4MPEntry {
    /// The record's session fields (local AS to local address), borrowed from the record and
    /// read on demand: a TABLE_DUMP record, which this rides in, is copied on the hot path.
    let session: UnsafeRawBufferPointer
    /// The next hop bytes (4 for IPv4, 16 or 32 for IPv6), borrowed from the record.
    public let nextHopBytes: UnsafeRawBufferPointer
    public let safi: UInt8

    public var localASN: ASN { ASN(UInt32(session.uint16(at: 0))) }
    public var interfaceIndex: UInt16 { session.uint16(at: 4) }
    public var localAddress: IPAddress {
        let family: AddressFamily = session.uint16(at: 6) == 2 ? .ipv6 : .ipv4
        return PrefixBytes.address(family: family, bytes: session, at: 8, count: family.addressLength)
    }

    static func parse(_ body: UnsafeRawBufferPointer) throws(DecodeError) -> TableDumpRecord {
        var cursor = ByteCursor(body)
        guard let localAS = cursor.readUInt16(), let peerAS = cursor.readUInt16(), let interfaceIndex = cursor.readUInt16(),
              let sessionAFI = cursor.readUInt16() else { throw DecodeError("BGP4MP_ENTRY header", "cut short (\(body.count) bytes)", at: 0) }
        guard let sessionFamily = AddressFamily(rawValue: sessionAFI) else {
            throw DecodeError("address family", "AFI \(sessionAFI) is neither IPv4 (1) nor IPv6 (2)", at: 6)
        }
        let n = sessionFamily.addressLength
        guard let local = cursor.readBytes(n), let peer = cursor.readBytes(n) else {
            throw DecodeError("local/peer address", "cut short", at: cursor.position)
        }
        guard let view = cursor.readUInt16(), let status = cursor.readUInt16(), let changed = cursor.readUInt32(),
              let afi = cursor.readUInt16(), let safi = cursor.readUInt8(), let nextHopLength = cursor.readUInt8() else {
            throw DecodeError("BGP4MP_ENTRY view/status/time/AFI/SAFI", "cut short", at: cursor.position)
        }
        guard let family = AddressFamily(rawValue: afi), (1...2).contains(safi) else {
            throw DecodeError("route AFI/SAFI", "AFI \(afi) SAFI \(safi) is not IPv4/IPv6 unicast or multicast; this decoder does not read it", at: cursor.position - 4)
        }
        guard let nextHop = cursor.readBytes(Int(nextHopLength)) else {
            throw DecodeError("next hop", "length \(nextHopLength) but \(cursor.remaining) bytes remain", at: cursor.position - 1)
        }
        let prefix = try PrefixBytes.read(from: &cursor, family: family)
        guard let attributeLength = cursor.readUInt16(), let block = cursor.readBytes(Int(attributeLength)) else {
            throw DecodeError("attribute length", "runs past the end of the record", at: cursor.position)
        }
        guard cursor.isAtEnd else {
            throw DecodeError("BGP4MP_ENTRY", "\(cursor.remaining) unexpected bytes after the attributes", at: cursor.position)
        }
        let attributes = try TableDumpRecord.attributes(block, at: cursor.position - block.count, asnSize: 2, prefix: prefix)
        _ = (localAS, interfaceIndex, local)
        let details = BGP4MPEntry(session: UnsafeRawBufferPointer(rebasing: body[0..<(8 + 2 * n)]), nextHopBytes: nextHop, safi: safi)
        return TableDumpRecord(viewNumber: view, prefix: prefix, status: UInt8(truncatingIfNeeded: status), originatedTime: changed,
                               peerAddress: PrefixBytes.address(family: sessionFamily, bytes: peer, at: 0, count: n),
                               peerASN: ASN(UInt32(peerAS)), attributes: attributes, entry: details)
    }
}

extension TableDumpRecord {
    /// The route's attributes as owned values; for a BGP4MP_ENTRY, whose attributes carry no
    /// next hop, with the next hop of the entry's own field (4 bytes IPv4, 16 IPv6, 32 IPv6
    /// global and link-local, RFC 2545 section 3) where the attributes have none.
    public var pathAttributes: PathAttributes {
        var owned = PathAttributes(attributes)
        guard let entry, owned.nextHop == nil, owned.mpNextHop == nil else { return owned }
        let hop = entry.nextHopBytes
        if hop.count == 4 {
            owned.nextHop = PrefixBytes.address(family: .ipv4, bytes: hop, at: 0, count: 4)
        } else if hop.count == 16 || hop.count == 32 {
            owned.mpNextHop = MPNextHop(address: PrefixBytes.address(family: .ipv6, bytes: hop, at: 0, count: 16),
                                        linkLocal: hop.count == 32 ? PrefixBytes.address(family: .ipv6, bytes: hop, at: 16, count: 16) : nil)
        }
        return owned
    }
}
