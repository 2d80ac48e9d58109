import BGP

/// MP_REACH_NLRI (RFC 4760 section 3). In TABLE_DUMP_V2 RIB entries MRT writes an
/// abbreviated form with only the next-hop length and next hop (RFC 6396 section 4.3.4);
/// like the reference decoder, a first octet that is not zero (an AFI's high octet always
/// is) marks that form.
public struct MPReach {
    /// Nil for the abbreviated form, whose family is the RIB record's.
    public let afi: UInt16?
    public let safi: UInt8?
    public let nextHopBytes: UnsafeRawBufferPointer
    public let nlri: NLRIList?

    public var isAbbreviated: Bool { afi == nil }

    /// The family when AFI and SAFI are ones this decoder reads (IPv4/IPv6 x unicast,
    /// multicast and the old "both"); nil otherwise, and then the NLRI stay uninterpreted.
    public var family: AddressFamily? {
        guard let afi, let safi, (1...3).contains(safi) else { return nil }
        return AddressFamily(rawValue: afi)
    }

    init(parsing value: UnsafeRawBufferPointer, addPath: Bool) throws(DecodeError) {
        guard value.count >= 1 else { throw DecodeError("next hop length", "missing", at: 0) }
        if value[0] != 0 {
            let length = Int(value[0])
            guard 1 + length <= value.count else {
                throw DecodeError("next hop", "length \(length) but \(value.count - 1) bytes remain", at: 0)
            }
            afi = nil; safi = nil
            nextHopBytes = UnsafeRawBufferPointer(rebasing: value[1..<(1 + length)])
            nlri = nil
            return
        }
        var cursor = ByteCursor(value)
        guard let afi = cursor.readUInt16(), let safi = cursor.readUInt8(), let nhLength = cursor.readUInt8() else {
            throw DecodeError("AFI/SAFI/next hop length", "cut short", at: 0)
        }
        guard let nextHop = cursor.readBytes(Int(nhLength)) else {
            throw DecodeError("next hop", "length \(nhLength) but \(cursor.remaining) bytes remain", at: 4)
        }
        guard let snpaCount = cursor.readUInt8() else { throw DecodeError("reserved octet", "missing", at: cursor.position) }
        // RFC 2858 SNPAs (obsolete, the octet is reserved since RFC 4760): skip them.
        for _ in 0..<snpaCount {
            guard let semiOctets = cursor.readUInt8(), cursor.skip((Int(semiOctets) + 1) / 2) else {
                throw DecodeError("SNPA", "cut short", at: cursor.position)
            }
        }
        self.afi = afi
        self.safi = safi
        nextHopBytes = nextHop
        let rest = UnsafeRawBufferPointer(rebasing: value[cursor.position...])
        if let family = AddressFamily(rawValue: afi), (1...3).contains(safi) {
            do { nlri = try NLRIList(bytes: rest, family: family, addPath: addPath) } catch { throw error.shifted(by: cursor.position) }
        } else {
            nlri = nil
        }
    }

    /// The next hop as owned values: 4 bytes IPv4, 16 IPv6, 32 IPv6 global plus link-local
    /// (RFC 2545 section 3); nil for any other length.
    public var nextHop: MPNextHop? {
        let b = nextHopBytes
        switch b.count {
        case 4: return MPNextHop(address: PrefixBytes.address(family: .ipv4, bytes: b, at: 0, count: 4))
        case 16: return MPNextHop(address: PrefixBytes.address(family: .ipv6, bytes: b, at: 0, count: 16))
        case 32: return MPNextHop(address: PrefixBytes.address(family: .ipv6, bytes: b, at: 0, count: 16),
                                  linkLocal: PrefixBytes.address(family: .ipv6, bytes: b, at: 16, count: 16))
        default: return nil
        }
    }
}

/// MP_UNREACH_NLRI (RFC 4760 section 4).
public struct MPUnreach {
    public let afi: UInt16
    public let safi: UInt8
    public let nlri: NLRIList?

    public var family: AddressFamily? {
        guard (1...3).contains(safi) else { return nil }
        return AddressFamily(rawValue: afi)
    }

    init(parsing value: UnsafeRawBufferPointer, addPath: Bool) throws(DecodeError) {
        var cursor = ByteCursor(value)
        guard let afi = cursor.readUInt16(), let safi = cursor.readUInt8() else {
            throw DecodeError("AFI/SAFI", "cut short", at: 0)
        }
        self.afi = afi
        self.safi = safi
        let rest = UnsafeRawBufferPointer(rebasing: value[3...])
        if let family = AddressFamily(rawValue: afi), (1...3).contains(safi) {
            do { nlri = try NLRIList(bytes: rest, family: family, addPath: addPath) } catch { throw error.shifted(by: 3) }
        } else {
            nlri = nil
        }
    }
}
