import BGP

/// A TABLE_DUMP (version 1) record (RFC 6396 section 4.2): one route of one peer, with
/// 2-byte ASNs. Subtype 1 is IPv4, 2 is IPv6. BGP4MP_ENTRY records (`BGP4MPEntry`) are read
/// into this type too: they are the same kind of RIB line with a few more fields.
public struct TableDumpRecord {
    public var viewNumber: UInt16
    public var sequence: UInt16
    public var prefix: Prefix
    public var status: UInt8
    public var originatedTime: UInt32
    public var peerAddress: IPAddress
    public var peerASN: ASN
    public var attributes: WireAttributes
    /// Set for a BGP4MP_ENTRY record: the fields TABLE_DUMP does not have.
    public var entry: BGP4MPEntry?

    init(parsing body: UnsafeRawBufferPointer, subtype: UInt16) throws(DecodeError) {
        try self.init(parsing: body, entryAt: 4, subtype: subtype)
    }

    /// The entry at `entryOffset` of a record that holds several behind its view and sequence
    /// (`TableDumpEntries`); offsets in errors are the record body's.
    init(parsing body: UnsafeRawBufferPointer, entryAt entryOffset: Int, subtype: UInt16) throws(DecodeError) {
        let family: AddressFamily
        switch subtype {
        case 1: family = .ipv4
        case 2: family = .ipv6
        default: throw DecodeError("subtype", "TABLE_DUMP subtype \(subtype) is not 1 (IPv4) or 2 (IPv6)", at: 0)
        }
        let addressLength = family.addressLength
        var header = ByteCursor(body)
        guard let view = header.readUInt16(), let sequence = header.readUInt16() else {
            throw DecodeError("TABLE_DUMP header", "cut short (\(body.count) bytes)", at: 0)
        }
        var cursor = ByteCursor(body, position: entryOffset)
        guard let prefixBytes = cursor.readBytes(addressLength), let length = cursor.readUInt8(),
              let status = cursor.readUInt8(), let originated = cursor.readUInt32(),
              let peerBytes = cursor.readBytes(addressLength), let peerAS = cursor.readUInt16(),
              let attributeLength = cursor.readUInt16()
        else { throw DecodeError("TABLE_DUMP header", "cut short (\(body.count) bytes)", at: 0) }
        guard Int(length) <= family.maxPrefixLength else {
            throw DecodeError("prefix length", "\(length) is longer than \(family.maxPrefixLength) for \(family)", at: entryOffset + addressLength)
        }
        guard let block = cursor.readBytes(Int(attributeLength)) else {
            throw DecodeError("attribute length", "\(attributeLength) bytes claimed, \(cursor.remaining) remain", at: cursor.position - 2)
        }
        let prefix = Prefix(address: PrefixBytes.address(family: family, bytes: prefixBytes, at: 0, count: addressLength), length: Int(length))
        attributes = try Self.attributes(block, at: cursor.position - block.count, asnSize: 2, prefix: prefix)
        viewNumber = view
        self.sequence = sequence
        self.prefix = prefix
        self.status = status
        originatedTime = originated
        peerAddress = PrefixBytes.address(family: family, bytes: peerBytes, at: 0, count: addressLength)
        peerASN = ASN(UInt32(peerAS))
    }

    init(viewNumber: UInt16, prefix: Prefix, status: UInt8, originatedTime: UInt32, peerAddress: IPAddress, peerASN: ASN,
         attributes: WireAttributes, entry: BGP4MPEntry) {
        self.viewNumber = viewNumber; sequence = 0; self.prefix = prefix; self.status = status
        self.originatedTime = originatedTime; self.peerAddress = peerAddress; self.peerASN = peerASN
        self.attributes = attributes; self.entry = entry
    }

    /// The attributes of a one-route record. Where RFC 7606 says treat-as-withdraw, the route
    /// is not in the table: the record is reported with that consequence instead.
    static func attributes(_ block: UnsafeRawBufferPointer, at blockStart: Int, asnSize: Int, prefix: Prefix) throws(DecodeError) -> WireAttributes {
        let attributes: WireAttributes
        do { attributes = try WireAttributes(parsing: block, asnSize: asnSize, context: .ribEntry(prefix: prefix)) } catch {
            throw error.shifted(by: blockStart)
        }
        if let problem = attributes.problem, attributes.treatAsWithdraw { throw problem.shifted(by: blockStart) }
        return attributes
    }
}
