import BGP

extension BGPEncoder {
    /// AS_PATH (RFC 4271 section 4.3, type 2): per segment a type octet (1 AS_SET,
    /// 2 AS_SEQUENCE; RFC 5065 section 3: 3 AS_CONFED_SEQUENCE, 4 AS_CONFED_SET), a count
    /// octet and the ASNs in `asnSize` octets. A segment of more than 255 ASNs is written as
    /// several segments of its type (the count is one octet), so it reads back split. On a
    /// two-octet session a four-octet ASN is written as AS_TRANS (RFC 6793 section 4.2.2).
    static func asPathValue(_ path: ASPath, asnSize: Int) -> [UInt8] {
        var out: [UInt8] = []
        for segment in path.segments {
            var rest = segment.asns[...]
            repeat {
                let chunk = rest.prefix(255)
                rest = rest.dropFirst(chunk.count)
                out.append(segment.type.rawValue)
                out.append(UInt8(chunk.count))
                for asn in chunk { out.appendASN(asn, size: asnSize) }
            } while !rest.isEmpty
        }
        return out
    }

    /// AS4_PATH (RFC 6793 sections 3 and 4.2.2): on a two-octet session, the path again with
    /// four-octet ASNs when any ASN needs them, without confederation segments (which AS4_PATH
    /// must not carry). Nil when none is needed. The decoder's merge (section 4.2.3) gives back
    /// the path when its confederation segments lead and hold two-octet ASNs; a four-octet ASN
    /// inside a confederation segment cannot cross a two-octet session and reads back as AS_TRANS.
    static func as4PathValue(_ path: ASPath, asnSize: Int) -> [UInt8]? {
        guard asnSize == 2, path.allASNs.contains(where: { $0.rawValue > 0xFFFF }) else { return nil }
        let segments = path.segments.filter { $0.type == .sequence || $0.type == .set }
        return asPathValue(ASPath(segments), asnSize: 4)
    }
}
