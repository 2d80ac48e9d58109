import BGP

/// A TABLE_DUMP (version 1) record (RFC 6396 section 4.2): one route of one peer, with
/// 2-byte ASNs. Subtype 1 is IPv4, 2 is IPv6.
public struct TableDumpRecord {
    public var viewNumber: UInt16
    public var sequence: UInt16
    public var prefix: Prefix
    public var status: UInt8
    public var originatedTime: UInt32
    public var peerAddress: IPAddress
    public var peerASN: ASN
    public var attributes: WireAttributes

    init(parsing body: UnsafeRawBufferPointer, subtype: UInt16) throws(DecodeError) {
        let family: AddressFamily
        switch subtype {
        case 1: family = .ipv4
        case 2: family = .ipv6
        default: throw DecodeError("subtype", "TABLE_DUMP subtype \(subtype) is not 1 (IPv4) or 2 (IPv6)", at: 0)
        }
        let addressLength = family.addressLength
        var cursor = ByteCursor(body)
        guard let view = cursor.readUInt16(), let sequence = cursor.readUInt16(),
              let prefixBytes = cursor.readBytes(addressLength), let length = cursor.readUInt8(),
              let status = cursor.readUInt8(), let originated = cursor.readUInt32(),
              let peerBytes = cursor.readBytes(addressLength), let peerAS = cursor.readUInt16(),
              let attributeLength = cursor.readUInt16()
        else { throw DecodeError("TABLE_DUMP header", "cut short (\(body.count) bytes)", at: 0) }
        guard Int(length) <= family.maxPrefixLength else {
            throw DecodeError("prefix length", "\(length) is longer than \(family.maxPrefixLength) for \(family)", at: 4 + addressLength)
        }
        guard let block = cursor.readBytes(Int(attributeLength)) else {
            throw DecodeError("attribute length", "\(attributeLength) bytes claimed, \(cursor.remaining) remain", at: cursor.position - 2)
        }
        do { attributes = try WireAttributes(parsing: block, asnSize: 2, addPath: false) } catch {
            throw error.shifted(by: cursor.position - block.count)
        }
        viewNumber = view
        self.sequence = sequence
        prefix = Prefix(address: PrefixBytes.address(family: family, bytes: prefixBytes, at: 0, count: addressLength), length: Int(length))
        self.status = status
        originatedTime = originated
        peerAddress = PrefixBytes.address(family: family, bytes: peerBytes, at: 0, count: addressLength)
        peerASN = ASN(UInt32(peerAS))
    }
}
