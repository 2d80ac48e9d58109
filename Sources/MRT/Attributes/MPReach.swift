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

    /// MP_REACH_NLRI of an UPDATE; `addPath` names the families whose NLRI carry path ids.
    init(parsing value: UnsafeRawBufferPointer, addPath: AddPathFamilies) throws(DecodeError) {
        try self.init(value, addPath: addPath, ribPrefix: nil, inRIB: false)
    }

    /// MP_REACH_NLRI of a RIB entry (TABLE_DUMP_V2, TABLE_DUMP, BGP4MP_ENTRY). RFC 6396
    /// section 4.3.4 abbreviates it to the next-hop length and next hop; FRR and GoBGP write
    /// the full attribute (AFI, SAFI, next hop, reserved octet, NLRI), whose NLRI repeat the
    /// entry's prefix, without a path id (FRR) or with one. The NLRI are checked against
    /// `prefix` and then dropped: the entry's own prefix is the route. A mismatch throws a
    /// `partOmitted` error (the caller keeps the entry and reports it).
    init(ribEntryValue value: UnsafeRawBufferPointer, prefix: Prefix?) throws(DecodeError) {
        try self.init(value, addPath: .none, ribPrefix: prefix, inRIB: true)
    }

    private init(_ value: UnsafeRawBufferPointer, addPath: AddPathFamilies, ribPrefix: Prefix?, inRIB: Bool) throws(DecodeError) {
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
        guard let family = AddressFamily(rawValue: afi), (1...3).contains(safi) else {
            nlri = nil
            return
        }
        if inRIB {
            nlri = nil
            if let ribPrefix, !rest.isEmpty {
                try Self.check(rest, family: family, against: ribPrefix, at: cursor.position)
            }
            return
        }
        do {
            nlri = try NLRIList(bytes: rest, family: family, addPath: addPath.contains(afi: afi, safi: safi))
        } catch {
            throw error.shifted(by: cursor.position)
        }
    }

    /// The NLRI of a RIB entry's full MP_REACH_NLRI must be the entry's prefix, read without
    /// or with a path id (RFC 7911 section 3).
    private static func check(_ bytes: UnsafeRawBufferPointer, family: AddressFamily, against prefix: Prefix,
                              at offset: Int) throws(DecodeError) {
        if onlyPrefix(bytes, family: family, addPath: false) == prefix || onlyPrefix(bytes, family: family, addPath: true) == prefix {
            return
        }
        throw DecodeError("NLRI", "not the RIB entry's prefix", at: offset, consequence: .partOmitted)
    }

    private static func onlyPrefix(_ bytes: UnsafeRawBufferPointer, family: AddressFamily, addPath: Bool) -> Prefix? {
        guard let list = try? NLRIList(bytes: bytes, family: family, addPath: addPath), list.cutOffBytes == 0,
              list.count == 1 else { return nil }
        var iterator = list.makeIterator()
        return iterator.next()?.prefix
    }

    /// What a full MP_REACH_NLRI value of a RIB entry names in its NLRI, and where they start
    /// in the value, for the report of a mismatch.
    static func describeRIBNLRI(_ value: UnsafeRawBufferPointer) -> (String, Int) {
        var cursor = ByteCursor(value)
        guard let afi = cursor.readUInt16(), cursor.skip(1), let hopLength = cursor.readUInt8(), cursor.skip(Int(hopLength) + 1),
              let family = AddressFamily(rawValue: afi) else { return ("unreadable", 0) }
        let rest = UnsafeRawBufferPointer(rebasing: value[cursor.position...])
        let seen = onlyPrefix(rest, family: family, addPath: false) ?? onlyPrefix(rest, family: family, addPath: true)
        let what = seen.map { "names \($0)" } ?? "are not one prefix, with or without a path id"
        return ("\(what), not the prefix of its RIB entry; the entry's prefix is used", cursor.position)
    }

    /// The next hop as owned values: 4 bytes IPv4, 16 IPv6, 32 IPv6 global plus link-local
    /// (RFC 2545 section 3); nil for any other length.
    public var nextHop: MPNextHop? { Self.nextHop(nextHopBytes) }

    static func nextHop(_ b: UnsafeRawBufferPointer) -> MPNextHop? {
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

    init(parsing value: UnsafeRawBufferPointer, addPath: AddPathFamilies) throws(DecodeError) {
        var cursor = ByteCursor(value)
        guard let afi = cursor.readUInt16(), let safi = cursor.readUInt8() else {
            throw DecodeError("AFI/SAFI", "cut short", at: 0)
        }
        self.afi = afi
        self.safi = safi
        let rest = UnsafeRawBufferPointer(rebasing: value[3...])
        if let family = AddressFamily(rawValue: afi), (1...3).contains(safi) {
            do { nlri = try NLRIList(bytes: rest, family: family, addPath: addPath.contains(afi: afi, safi: safi)) } catch { throw error.shifted(by: 3) }
        } else {
            nlri = nil
        }
    }
}

extension MPUnreach {
    init(afi: UInt16, safi: UInt8, nlri: NLRIList?) {
        self.afi = afi
        self.safi = safi
        self.nlri = nlri
    }

    /// The NLRI of an MP_REACH_NLRI as withdrawn (RFC 7606 section 2, treat-as-withdraw).
    init(withdrawing reach: MPReach) {
        afi = reach.afi ?? 0
        safi = reach.safi ?? 0
        nlri = reach.nlri
    }
}
