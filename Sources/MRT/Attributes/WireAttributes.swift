import BGP

/// A path attribute block (RFC 4271 section 4.3) parsed once into offsets and scalar values,
/// without copying: what the line writers render from and what `PathAttributes(_:)` turns
/// into owned values. Borrowed from the record buffer: valid while the record is.
public struct WireAttributes {
    public let block: UnsafeRawBufferPointer
    /// Width of an ASN in AS_PATH and AGGREGATOR: 2 or 4, fixed by the MRT subtype.
    public let asnSize: Int
    /// Bit `t` set when an attribute of type `t` (below 64) is present.
    public private(set) var present: UInt64 = 0
    public private(set) var origin: UInt8 = 0
    public private(set) var asPath = WireASPath.empty
    public private(set) var as4Path = WireASPath.empty
    public private(set) var nextHop: UInt32 = 0
    public private(set) var med: UInt32 = 0
    public private(set) var localPref: UInt32 = 0
    public private(set) var aggregatorASN: UInt32 = 0
    public private(set) var aggregatorAddress: UInt32 = 0
    public private(set) var as4AggregatorASN: UInt32 = 0
    public private(set) var as4AggregatorAddress: UInt32 = 0
    public private(set) var communities = UnsafeRawBufferPointer(start: nil, count: 0)
    public private(set) var extendedCommunities = UnsafeRawBufferPointer(start: nil, count: 0)
    public private(set) var largeCommunities = UnsafeRawBufferPointer(start: nil, count: 0)
    public private(set) var clusterList = UnsafeRawBufferPointer(start: nil, count: 0)
    public private(set) var onlyToCustomer: UInt32 = 0
    public private(set) var originatorID: UInt32 = 0
    public private(set) var mpReach: MPReach?
    public private(set) var mpUnreach: MPUnreach?
    /// Attributes of types this decoder does not interpret (kept; see `unknownAttributes`).
    public private(set) var unknownCount = 0
    /// Attributes that appeared more than once; the first of each is used (RFC 7606 3(g)).
    public private(set) var duplicateCount = 0

    public func has(_ type: UInt8) -> Bool { type < 64 && present & (1 << UInt64(type)) != 0 }

    /// An empty block (a withdrawal-only UPDATE).
    public init(asnSize: Int) {
        block = UnsafeRawBufferPointer(start: nil, count: 0)
        self.asnSize = asnSize
    }

    /// Parses `block`; `addPath` says whether MP NLRI carry path identifiers (RFC 7911).
    public init(parsing block: UnsafeRawBufferPointer, asnSize: Int, addPath: Bool) throws(DecodeError) {
        self.block = block
        self.asnSize = asnSize
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
            try record(type: type, value: value, at: start, valueAt: cursor.position - length, addPath: addPath)
        }
    }

    /// `offset`: the attribute's first byte in the block; `valueOffset`: its value's, where the
    /// offsets of errors inside the value (AS_PATH segments, MP NLRI) count from.
    private mutating func record(type: UInt8, value: UnsafeRawBufferPointer, at offset: Int, valueAt valueOffset: Int,
                                 addPath: Bool) throws(DecodeError) {
        if type < 64 {
            let bit: UInt64 = 1 << UInt64(type)
            if present & bit != 0 {
                duplicateCount += 1
                return
            }
            present |= bit
        }
        func require(_ condition: Bool, _ expectation: String) throws(DecodeError) {
            if !condition {
                throw DecodeError(AttributeType.name(type), "length \(value.count), expected \(expectation)", at: offset)
            }
        }
        switch type {
        case AttributeType.origin:
            try require(value.count == 1, "1")
            origin = value[0]
        case AttributeType.asPath:
            asPath = try WireASPath.validated(value, asnSize: asnSize).orThrow(at: valueOffset, field: "AS_PATH")
        case AttributeType.nextHop:
            try require(value.count == 4, "4")
            nextHop = value.uint32(at: 0)
        case AttributeType.multiExitDisc:
            try require(value.count == 4, "4")
            med = value.uint32(at: 0)
        case AttributeType.localPref:
            try require(value.count == 4, "4")
            localPref = value.uint32(at: 0)
        case AttributeType.atomicAggregate:
            break
        case AttributeType.aggregator:
            try require(value.count == asnSize + 4, "\(asnSize + 4) (\(asnSize)-byte ASN and an IPv4 address)")
            aggregatorASN = asnSize == 2 ? UInt32(value.uint16(at: 0)) : value.uint32(at: 0)
            aggregatorAddress = value.uint32(at: asnSize)
        case AttributeType.communities:
            try require(value.count % 4 == 0, "a multiple of 4")
            communities = value
        case AttributeType.originatorID:
            try require(value.count == 4, "4")
            originatorID = value.uint32(at: 0)
        case AttributeType.clusterList:
            try require(value.count % 4 == 0, "a multiple of 4")
            clusterList = value
        case AttributeType.mpReachNLRI:
            do { mpReach = try MPReach(parsing: value, addPath: addPath) } catch { throw error.shifted(by: valueOffset, within: "MP_REACH_NLRI") }
        case AttributeType.mpUnreachNLRI:
            do { mpUnreach = try MPUnreach(parsing: value, addPath: addPath) } catch { throw error.shifted(by: valueOffset, within: "MP_UNREACH_NLRI") }
        case AttributeType.extendedCommunities:
            try require(value.count % 8 == 0, "a multiple of 8")
            extendedCommunities = value
        case AttributeType.as4Path:
            as4Path = try WireASPath.validated(value, asnSize: 4).orThrow(at: valueOffset, field: "AS4_PATH")
        case AttributeType.as4Aggregator:
            try require(value.count == 8, "8")
            as4AggregatorASN = value.uint32(at: 0)
            as4AggregatorAddress = value.uint32(at: 4)
        case AttributeType.largeCommunities:
            try require(value.count % 12 == 0, "a multiple of 12")
            largeCommunities = value
        case AttributeType.onlyToCustomer:
            try require(value.count == 4, "4")
            onlyToCustomer = value.uint32(at: 0)
        default:
            unknownCount += 1
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
