import BGP

/// A path attribute block (RFC 4271 section 4.3) parsed once into offsets and scalar values,
/// without copying: what the line writers render from and what `PathAttributes(_:)` turns
/// into owned values. Borrowed from the record buffer: valid while the record is.
public struct WireAttributes {
    public let block: UnsafeRawBufferPointer
    /// Width of an ASN in AS_PATH and AGGREGATOR: 2 or 4, fixed by the MRT subtype.
    public var asnSize: Int { Int(asnWidth) }
    /// Bit `t` set when an attribute of type `t` (below 64) is present.
    public private(set) var present: UInt64 = 0
    public private(set) var origin: UInt8 = 0
    public var asPath: WireASPath { has(AttributeType.asPath) ? WireASPath(unchecked: view(asPathSpan), asnSize: asnSize) : .empty }
    public var as4Path: WireASPath { has(AttributeType.as4Path) ? WireASPath(unchecked: view(as4PathSpan), asnSize: 4) : .empty }
    public private(set) var nextHop: UInt32 = 0
    public private(set) var med: UInt32 = 0
    public private(set) var localPref: UInt32 = 0
    public private(set) var aggregatorASN: UInt32 = 0
    public private(set) var aggregatorAddress: UInt32 = 0
    public private(set) var as4AggregatorASN: UInt32 = 0
    public private(set) var as4AggregatorAddress: UInt32 = 0
    public var communities: UnsafeRawBufferPointer { view(communitiesSpan) }
    public var extendedCommunities: UnsafeRawBufferPointer { view(extendedCommunitiesSpan) }
    public var largeCommunities: UnsafeRawBufferPointer { view(largeCommunitiesSpan) }
    public var clusterList: UnsafeRawBufferPointer { view(clusterListSpan) }
    public private(set) var onlyToCustomer: UInt32 = 0
    public private(set) var originatorID: UInt32 = 0
    public private(set) var mpReach: MPReach?
    public private(set) var mpUnreach: MPUnreach?
    /// Attributes of types this decoder does not interpret (kept; see `unknownAttributes`).
    public var unknownCount: Int { Int(unknowns) }
    /// Attributes that appeared more than once; the first of each is used (RFC 7606 3(g)).
    public var duplicateCount: Int { Int(duplicates) }
    // The value is copied with every record on the hot path, so what can be is kept narrow:
    // byte ranges of the block instead of buffer pointers, counts and the ASN width in a few
    // bytes (a block has at most 65535 bytes, RFC 4271 section 4.3, so at most 21845 attributes).
    private(set) var asPathSpan = Span.none
    private var as4PathSpan = Span.none
    private(set) var communitiesSpan = Span.none
    private var extendedCommunitiesSpan = Span.none
    private(set) var largeCommunitiesSpan = Span.none
    private var clusterListSpan = Span.none
    private var unknowns: UInt16 = 0
    private var duplicates: UInt16 = 0
    private let asnWidth: UInt8
    /// Bit `t` set when an attribute of type `t` was malformed in a way RFC 7606 answers with
    /// "attribute discard" (section 2): it is left out as if absent, the route is kept.
    public var discarded: UInt64 {
        (discardedBits & 1 != 0 ? 1 << UInt64(AttributeType.atomicAggregate) : 0)
            | (discardedBits & 2 != 0 ? 1 << UInt64(AttributeType.aggregator) : 0)
            | (discardedBits & 4 != 0 ? 1 << UInt64(AttributeType.as4Path) : 0)
            | (discardedBits & 8 != 0 ? 1 << UInt64(AttributeType.as4Aggregator) : 0)
    }
    /// The attributes RFC 7606 and RFC 6793 let be discarded, one bit each (ATOMIC_AGGREGATE,
    /// AGGREGATOR, AS4_PATH, AS4_AGGREGATOR): narrow, as the block is copied on the hot path.
    private var discardedBits: UInt8 = 0
    /// An AGGREGATOR of 8 bytes in a 2-byte-ASN record (OpenBGPD's TABLE_DUMP and
    /// BGP4MP_ENTRY write its 4-byte form there), read as the 4-byte form it is.
    public private(set) var aggregatorReadAsFourByte = false
    /// Where the first problem is: the first byte of the attribute whose fault the block's
    /// routes are answered with (-1: none). Only the offset is kept, so that the type stays
    /// plain bytes to copy on the hot path; `problem` says what is wrong from it.
    private var faultOffset: Int32 = -1
    /// The fault is RFC 7606 "treat-as-withdraw"; otherwise it is a RIB entry's MP_REACH_NLRI
    /// whose NLRI are not the entry's prefix (the entry is kept).
    public private(set) var treatAsWithdraw = false
    /// RFC 7606 section 3(d): the well-known mandatory attributes an UPDATE with NLRI lacks,
    /// one bit each (`Mandatory`); the fault when no attribute is malformed.
    private var missingMandatory: UInt8 = 0

    /// Where an attribute value lies in `block`.
    struct Span: Sendable {
        var offset: UInt32
        var count: UInt32
        static let none = Span(offset: 0, count: 0)
    }

    func span(of value: UnsafeRawBufferPointer) -> Span {
        guard let start = value.baseAddress, let base = block.baseAddress else { return .none }
        return Span(offset: UInt32(start - base), count: UInt32(value.count))
    }

    private func view(_ span: Span) -> UnsafeRawBufferPointer {
        guard span.count > 0, let base = block.baseAddress else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: base + Int(span.offset), count: Int(span.count))
    }

    public func has(_ type: UInt8) -> Bool { type < 64 && present & (1 << UInt64(type)) != 0 }

    /// An empty block (a withdrawal-only UPDATE).
    public init(asnSize: Int) {
        block = UnsafeRawBufferPointer(start: nil, count: 0)
        asnWidth = UInt8(truncatingIfNeeded: asnSize)
    }

    /// Parses `block`; `addPath` says whether MP NLRI carry path identifiers (RFC 7911).
    public init(parsing block: UnsafeRawBufferPointer, asnSize: Int, addPath: Bool) throws(DecodeError) {
        try self.init(parsing: block, asnSize: asnSize, context: .update(addPath ? .everything : .none))
    }

    /// Where a block is read: in an UPDATE, whose MP NLRI carry path identifiers for the
    /// families given; or in a RIB entry for `prefix`, whose MP_REACH_NLRI may be the
    /// abbreviated form of RFC 6396 section 4.3.4 or the full one (FRR, GoBGP).
    public enum Context {
        case update(AddPathFamilies)
        case ribEntry(prefix: Prefix)
    }

    public init(parsing block: UnsafeRawBufferPointer, asnSize: Int, context: Context) throws(DecodeError) {
        self.block = block
        asnWidth = UInt8(truncatingIfNeeded: asnSize)
        var cursor = ByteCursor(block)
        while !cursor.isAtEnd {
            let start = cursor.position
            guard let flags = cursor.readUInt8(), let type = cursor.readUInt8() else {
                throw DecodeError("path attribute header", "cut short: \(cursor.remaining + 1) byte left", at: start)
            }
            let lengthField = flags & AttributeType.flagExtendedLength != 0 ? cursor.readUInt16().map(Int.init) : cursor.readUInt8().map(Int.init)
            guard let length = lengthField else {
                throw DecodeError(AttributeType.name(type), "attribute length field cut short", at: start)
            }
            guard let value = cursor.readBytes(length) else {
                throw DecodeError(AttributeType.name(type), "claims \(length) bytes but only \(block.count - start - (flags & 0x10 != 0 ? 4 : 3)) remain in the attribute block", at: start)
            }
            try record(flags: flags, type: type, value: value, at: start, valueAt: cursor.position - length, context: context)
        }
    }

    /// RFC 7606 section 2 "treat-as-withdraw": the attribute is unusable and so are the routes.
    private mutating func withdraw(_ type: UInt8, at offset: Int, keepPresent: Bool = false) {
        if !keepPresent { present &= ~(1 << UInt64(type)) }
        if !treatAsWithdraw {
            faultOffset = Int32(offset)
            treatAsWithdraw = true
        }
    }

    /// The problem the block's routes are answered with, told from the attribute at
    /// `faultOffset`: RFC 7606 "treat-as-withdraw" (`consequence`), or in a RIB entry an
    /// MP_REACH_NLRI whose NLRI are not the entry's prefix (`partOmitted`). Offsets count
    /// from the start of the block.
    public var hasProblem: Bool { faultOffset >= 0 || missingMandatory != 0 }

    /// Something about the block goes into the decode summary: a duplicate, a discarded or
    /// widened attribute, or a problem. Checked per record; rarely true.
    var hasFindings: Bool { duplicates != 0 || discardedBits != 0 || aggregatorReadAsFourByte || hasProblem }

    public var problem: DecodeError? {
        guard faultOffset >= 0 else {
            guard missingMandatory != 0 else { return nil }
            let names = Mandatory.all.filter { missingMandatory & $0.bit != 0 }.map { AttributeType.name($0.type) }.joined(separator: ", ")
            return DecodeError("missing \(names)", "an UPDATE that announces routes must carry ORIGIN and AS_PATH, and NEXT_HOP for routes in its NLRI field (RFC 7606 3(d))",
                               at: 0, consequence: .treatAsWithdraw)
        }
        var cursor = ByteCursor(block, position: Int(faultOffset))
        guard let flags = cursor.readUInt8(), let type = cursor.readUInt8(),
              let length = flags & AttributeType.flagExtendedLength != 0 ? cursor.readUInt16().map(Int.init) : cursor.readUInt8().map(Int.init),
              let value = cursor.readBytes(length) else { return nil }
        if treatAsWithdraw {
            let why = Self.flagConflict(flags, type) ?? Self.withdrawal(type, value, asnSize: asnSize) ?? "malformed"
            return DecodeError(AttributeType.name(type), why, at: Int(faultOffset), consequence: .treatAsWithdraw)
        }
        let (why, at) = MPReach.describeRIBNLRI(value)
        return DecodeError("MP_REACH_NLRI NLRI", why, at: cursor.position - length + at, consequence: .partOmitted)
    }

    /// What RFC 7606 section 7 (and RFC 8092 section 6, RFC 9234 section 5) call a malformed
    /// attribute whose routes are treated as withdrawn; nil when the value is fine. Only a
    /// fault builds a string.
    static func withdrawal(_ type: UInt8, _ value: UnsafeRawBufferPointer, asnSize: Int) -> String? {
        func exactly(_ n: Int) -> String? { value.count == n ? nil : "length \(value.count), expected \(n)" }
        func multiple(_ n: Int) -> String? {
            value.count > 0 && value.count % n == 0 ? nil : "length \(value.count), expected a non-zero multiple of \(n)"
        }
        switch type {
        case AttributeType.origin:  // 7.1
            if value.count != 1 { return exactly(1) }
            return value[0] > 2 ? "undefined value \(value[0]) (0 IGP, 1 EGP, 2 INCOMPLETE)" : nil
        case AttributeType.asPath:  // 7.2
            if case let .failure(error) = WireASPath.validated(value, asnSize: asnSize) {
                return "\(error.field): \(error.problem) (at byte \(error.offset) of the path)"
            }
            return nil
        case AttributeType.nextHop, AttributeType.multiExitDisc, AttributeType.localPref,  // 7.3, 7.4, 7.5
             AttributeType.originatorID, AttributeType.onlyToCustomer:                     // 7.9, RFC 9234 5
            return exactly(4)
        case AttributeType.communities, AttributeType.clusterList: return multiple(4)    // 7.8, 7.10
        case AttributeType.extendedCommunities: return multiple(8)                        // 7.14
        case AttributeType.largeCommunities: return multiple(12)                          // RFC 8092 6
        default: return nil
        }
    }

    /// RFC 7606 section 3(c): an attribute whose Optional or Transitive bit conflicts with its
    /// definition is malformed and its routes are treated as withdrawn; nil when the bits are
    /// right or the type is not one this decoder knows. (The Partial and Extended Length bits
    /// are not checked: RFC 7606 names only these two.)
    static func flagConflict(_ flags: UInt8, _ type: UInt8) -> String? {
        guard let expected = AttributeType.optionalTransitiveBits(type), flags & 0xC0 != expected else { return nil }
        func kind(_ bits: UInt8) -> String {
            switch bits {
            case 0x40: return "well-known (optional 0, transitive 1)"
            case 0x80: return "optional non-transitive (optional 1, transitive 0)"
            case 0xC0: return "optional transitive (optional 1, transitive 1)"
            default: return "optional 0, transitive 0"
            }
        }
        return "attribute flags 0x\(String(flags, radix: 16, uppercase: true)) say \(kind(flags & 0xC0)), but it is \(kind(expected)) (RFC 7606 3(c))"
    }

    /// The well-known mandatory attributes of RFC 7606 section 3(d), one bit each.
    struct Mandatory {
        let type: UInt8
        let bit: UInt8
        static let origin = Mandatory(type: AttributeType.origin, bit: 1)
        static let asPath = Mandatory(type: AttributeType.asPath, bit: 2)
        static let nextHop = Mandatory(type: AttributeType.nextHop, bit: 4)
        static let all = [origin, asPath, nextHop]
    }

    /// RFC 7606 section 3(d): an UPDATE that announces routes without ORIGIN or AS_PATH, or
    /// routes in its NLRI field without NEXT_HOP (RFC 4760 makes NEXT_HOP needless for
    /// MP_REACH_NLRI's), is treated as withdrawn. An attribute malformed already is the fault
    /// told; one missing is only checked when none is.
    mutating func requireMandatory(nlriField: Bool, mpNLRI: Bool) {
        guard nlriField || mpNLRI, !treatAsWithdraw else { return }
        var missing: UInt8 = 0
        if !has(AttributeType.origin) { missing |= Mandatory.origin.bit }
        if !has(AttributeType.asPath) { missing |= Mandatory.asPath.bit }
        if nlriField && !has(AttributeType.nextHop) { missing |= Mandatory.nextHop.bit }
        if missing != 0 {
            missingMandatory = missing
            treatAsWithdraw = true
        }
    }

    /// RFC 7606 section 2 "attribute discard": the attribute is left out, the routes kept.
    private mutating func discard(_ type: UInt8) {
        present &= ~(1 << UInt64(type))
        switch type {
        case AttributeType.atomicAggregate: discardedBits |= 1
        case AttributeType.aggregator: discardedBits |= 2
        case AttributeType.as4Path: discardedBits |= 4
        default: discardedBits |= 8
        }
    }

    /// RFC 7606 treat-as-withdraw in an UPDATE: MP_REACH_NLRI's routes become MP_UNREACH_NLRI's,
    /// after those the block withdraws itself. False when the two cannot be joined (another
    /// family, a cut-off prefix).
    mutating func withdrawMPReach() -> Bool {
        guard let reach = mpReach else { return true }
        if let unreach = mpUnreach, (unreach.nlri?.count ?? 0) > 0 || (unreach.nlri?.cutOffBytes ?? 0) > 0 {
            guard unreach.afi == reach.afi, unreach.safi == reach.safi, let own = unreach.nlri, let moved = reach.nlri,
                  let joined = own.appending(moved) else { return false }
            mpUnreach = MPUnreach(afi: unreach.afi, safi: unreach.safi, nlri: joined)
        } else {
            mpUnreach = MPUnreach(withdrawing: reach)
        }
        mpReach = nil
        present = present & ~(1 << UInt64(AttributeType.mpReachNLRI)) | 1 << UInt64(AttributeType.mpUnreachNLRI)
        return true
    }

    /// The names of the discarded attributes.
    public var discardedNames: [String] {
        (0..<64).filter { discarded & (1 << UInt64($0)) != 0 }.map { AttributeType.name(UInt8($0)) }
    }

    /// `offset`: the attribute's first byte in the block; `valueOffset`: its value's, where the
    /// offsets of errors inside the value (AS_PATH segments, MP NLRI) count from.
    private mutating func record(flags: UInt8, type: UInt8, value: UnsafeRawBufferPointer, at offset: Int, valueAt valueOffset: Int,
                                 context: Context) throws(DecodeError) {
        if type < 64 {
            let bit: UInt64 = 1 << UInt64(type)
            if present & bit != 0 {
                duplicates &+= 1
                return
            }
            present |= bit
        }
        // RFC 7606 3(c), in UPDATEs: the flags are the sender's. A RIB entry's are the dumping
        // speaker's rewrite of a route it accepted (BIRD 2.0.12 writes NEXT_HOP with flags 0 in
        // its table dumps), so they are not held against the route. MP_REACH_NLRI and
        // MP_UNREACH_NLRI are read all the same: their routes are what is withdrawn.
        if case .update = context, let expected = AttributeType.optionalTransitiveBits(type), flags & 0xC0 != expected {
            switch type {
            case AttributeType.mpReachNLRI, AttributeType.mpUnreachNLRI: withdraw(type, at: offset, keepPresent: true)
            default: return withdraw(type, at: offset)
            }
        }
        // RFC 7606 section 7 says, attribute by attribute, what a wrong length or value means;
        // the checks here are the cheap form of `withdrawal`, which says it in words.
        switch type {
        case AttributeType.origin:
            guard value.count == 1, value[0] <= 2 else { return withdraw(type, at: offset) }
            origin = value[0]
        case AttributeType.asPath:
            guard case let .success(path) = WireASPath.validated(value, asnSize: asnSize) else { return withdraw(type, at: offset) }
            asPathSpan = span(of: path.bytes)
        case AttributeType.nextHop:
            guard value.count == 4 else { return withdraw(type, at: offset) }
            nextHop = value.uint32(at: 0)
        case AttributeType.multiExitDisc:
            guard value.count == 4 else { return withdraw(type, at: offset) }
            med = value.uint32(at: 0)
        case AttributeType.localPref:
            guard value.count == 4 else { return withdraw(type, at: offset) }
            localPref = value.uint32(at: 0)
        case AttributeType.atomicAggregate:
            if value.count != 0 { discard(type) }  // 7.6
        case AttributeType.aggregator:
            // 7.7: a wrong length is attribute discard. An 8-byte AGGREGATOR where ASNs are 2
            // bytes is the 4-byte form (RFC 6793 section 4.1) written into a 2-byte record.
            if value.count == asnSize + 4 {
                aggregatorASN = asnSize == 2 ? UInt32(value.uint16(at: 0)) : value.uint32(at: 0)
                aggregatorAddress = value.uint32(at: asnSize)
            } else if asnSize == 2 && value.count == 8 {
                aggregatorASN = value.uint32(at: 0)
                aggregatorAddress = value.uint32(at: 4)
                aggregatorReadAsFourByte = true
            } else {
                discard(type)
            }
        case AttributeType.communities:
            guard value.count > 0, value.count % 4 == 0 else { return withdraw(type, at: offset) }
            communitiesSpan = span(of: value)
        case AttributeType.originatorID:
            guard value.count == 4 else { return withdraw(type, at: offset) }
            originatorID = value.uint32(at: 0)
        case AttributeType.clusterList:
            guard value.count > 0, value.count % 4 == 0 else { return withdraw(type, at: offset) }
            clusterListSpan = span(of: value)
        case AttributeType.mpReachNLRI:
            // 7.11: NLRI that cannot be parsed leave nothing to withdraw: the record is skipped
            // and reported (a speaker would reset the session; a decoder reads on).
            do {
                switch context {
                case let .update(families): mpReach = try MPReach(parsing: value, addPath: families)
                case let .ribEntry(prefix): mpReach = try MPReach(ribEntryValue: value, prefix: prefix)
                }
            } catch {
                if error.consequence == .partOmitted {
                    if faultOffset < 0 { faultOffset = Int32(offset) }
                    mpReach = try? MPReach(ribEntryValue: value, prefix: nil)
                    return
                }
                throw error.shifted(by: valueOffset, within: "MP_REACH_NLRI")
            }
        case AttributeType.mpUnreachNLRI:
            let families: AddPathFamilies
            if case let .update(given) = context { families = given } else { families = .none }
            do { mpUnreach = try MPUnreach(parsing: value, addPath: families) } catch { throw error.shifted(by: valueOffset, within: "MP_UNREACH_NLRI") }
        case AttributeType.extendedCommunities:
            guard value.count > 0, value.count % 8 == 0 else { return withdraw(type, at: offset) }
            extendedCommunitiesSpan = span(of: value)
        case AttributeType.as4Path:
            // RFC 6793 section 6 (which RFC 7606 section 7 keeps): a malformed AS4_PATH is discarded.
            switch WireASPath.validated(value, asnSize: 4) {
            case let .success(path): as4PathSpan = span(of: path.bytes)
            case .failure: discard(type)
            }
        case AttributeType.as4Aggregator:
            if value.count != 8 { return discard(type) }  // RFC 6793 section 6
            as4AggregatorASN = value.uint32(at: 0)
            as4AggregatorAddress = value.uint32(at: 4)
        case AttributeType.largeCommunities:
            guard value.count > 0, value.count % 12 == 0 else { return withdraw(type, at: offset) }
            largeCommunitiesSpan = span(of: value)
        case AttributeType.onlyToCustomer:
            guard value.count == 4 else { return withdraw(type, at: offset) }
            onlyToCustomer = value.uint32(at: 0)
        default:
            unknowns &+= 1
        }
    }

    /// The uninterpreted attributes, in wire order.
    public var unknownAttributes: [UnknownAttribute] {
        guard unknownCount > 0 else { return [] }
        var result: [UnknownAttribute] = []
        var cursor = ByteCursor(block)
        while let flags = cursor.readUInt8(), let type = cursor.readUInt8() {
            let length = flags & AttributeType.flagExtendedLength != 0 ? Int(cursor.readUInt16() ?? 0) : Int(cursor.readUInt8() ?? 0)
            guard let value = cursor.readBytes(length) else { break }
            if !Self.interpreted.contains(type) {
                result.append(UnknownAttribute(flags: flags, type: type, value: Array(value)))
            }
        }
        return result
    }

    static let interpreted: Set<UInt8> = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 15, 16, 17, 18, 32, 35]

    /// The AS path to use: AS_PATH, or on a 2-byte-ASN session AS_PATH merged with AS4_PATH
    /// (RFC 6793 section 4.2.3). Nil when the merge does not apply.
    public var mergedASPath: ASPath? {
        guard asnSize == 2, has(AttributeType.as4Path), has(AttributeType.asPath), !as4AggregatorOverrides.ignoreAS4 else { return nil }
        return asPath.asPath.merging(as4Path: as4Path.asPath)
    }

    /// RFC 6793 section 4.2.3: when AGGREGATOR is present and names an AS other than AS_TRANS,
    /// both AS4_AGGREGATOR and AS4_PATH are ignored.
    var as4AggregatorOverrides: (ignoreAS4: Bool, useAS4Aggregator: Bool) {
        guard asnSize == 2, has(AttributeType.aggregator), has(AttributeType.as4Aggregator) else { return (false, false) }
        return aggregatorASN == UInt32(ASN.trans.rawValue) ? (false, true) : (true, false)
    }

    /// AGGREGATOR with AS4_AGGREGATOR applied where RFC 6793 says so.
    public var effectiveAggregator: (asn: UInt32, address: UInt32)? {
        guard has(AttributeType.aggregator) else { return nil }
        if as4AggregatorOverrides.useAS4Aggregator { return (as4AggregatorASN, as4AggregatorAddress) }
        return (aggregatorASN, aggregatorAddress)
    }
}
