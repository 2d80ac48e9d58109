import BGP

/// Network byte order (RFC 4271 section 4, RFC 6396 section 2: every multi-octet field is
/// big-endian) for the writer: the mirror image of `ByteCursor`.
extension Array where Element == UInt8 {
    mutating func appendBigEndian(_ value: UInt16) {
        append(UInt8(truncatingIfNeeded: value >> 8))
        append(UInt8(truncatingIfNeeded: value))
    }

    mutating func appendBigEndian(_ value: UInt32) {
        append(UInt8(truncatingIfNeeded: value >> 24))
        append(UInt8(truncatingIfNeeded: value >> 16))
        append(UInt8(truncatingIfNeeded: value >> 8))
        append(UInt8(truncatingIfNeeded: value))
    }

    mutating func appendBigEndian(_ value: UInt64) {
        appendBigEndian(UInt32(truncatingIfNeeded: value >> 32))
        appendBigEndian(UInt32(truncatingIfNeeded: value))
    }

    /// An ASN in `size` octets (2 or 4). A four-octet ASN on a two-octet field becomes
    /// AS_TRANS (RFC 6793 section 4.2.2); the full value travels in AS4_PATH/AS4_AGGREGATOR.
    mutating func appendASN(_ asn: ASN, size: Int) {
        if size == 4 {
            appendBigEndian(asn.rawValue)
        } else {
            appendBigEndian(UInt16(asn.rawValue <= 0xFFFF ? asn.rawValue : ASN.trans.rawValue))
        }
    }

    /// The 4 or 16 octets of an address.
    mutating func appendAddress(_ address: IPAddress) {
        if address.family == .ipv4 {
            appendBigEndian(address.ipv4Value)
        } else {
            appendBigEndian(address.high)
            appendBigEndian(address.low)
        }
    }

    /// An IPv4 address where the protocol allows nothing else (NEXT_HOP, AGGREGATOR,
    /// ORIGINATOR_ID, CLUSTER_LIST, BGP identifiers).
    mutating func appendIPv4(_ address: IPAddress, _ field: StaticString) {
        precondition(address.family == .ipv4, "\(field) must be an IPv4 address, not \(address)")
        appendBigEndian(address.ipv4Value)
    }
}
