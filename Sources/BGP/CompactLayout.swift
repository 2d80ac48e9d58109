/// Where the parts of a stored set's compact form are (`PathAttributes+Compact.swift`), found
/// in one walk over its header, with the fixed fields read on the way: what every reader of a
/// set in place starts from (`StoredAttributes`, `PolicyAttributes`, the ranking and the
/// communities of `AttributeSets`), so the layout is walked in one place.
struct CompactLayout {
    let fields: PathAttributes.Field
    private(set) var origin: Origin?
    private(set) var nextHop: IPAddress?
    private(set) var med: UInt32?
    private(set) var localPref: UInt32?
    /// Where the AS path's segment count is; nil without an AS_PATH.
    private(set) var asPathOffset: Int?
    /// Where the first standard and large community are, and how many there are.
    private(set) var communities = (offset: 0, count: 0)
    private(set) var largeCommunities = (offset: 0, count: 0)
    /// Both community lists as stored, their counts included: equal bytes are equal
    /// communities in the same order.
    private(set) var communityBytes = 0..<0
    /// Where the rare part starts; nil without one.
    private(set) var rareOffset: Int?

    init(_ bytes: UnsafeRawBufferPointer) {
        var reader = CompactBytes.Reader(bytes)
        fields = PathAttributes.Field(rawValue: reader.byte())
        if fields.contains(.origin) { origin = Origin(rawValue: reader.byte()) }
        if fields.contains(.nextHop) { nextHop = reader.address() }
        if fields.contains(.med) { med = reader.uint32() }
        if fields.contains(.localPref) { localPref = reader.uint32() }
        if fields.contains(.asPath) {
            asPathOffset = reader.offset
            for _ in 0..<reader.count() {
                reader.offset += 1
                reader.offset += 4 * reader.count()
            }
        }
        let communitiesStart = reader.offset
        if fields.contains(.communities) {
            let count = reader.count()
            communities = (reader.offset, count)
            reader.offset += 4 * count
        }
        if fields.contains(.largeCommunities) {
            let count = reader.count()
            largeCommunities = (reader.offset, count)
            reader.offset += 12 * count
        }
        communityBytes = communitiesStart..<reader.offset
        if fields.contains(.rare) { rareOffset = reader.offset }
    }

    /// The standard and the large communities as raw values (three per large one), in their
    /// stored order.
    func communityValues(in bytes: UnsafeRawBufferPointer) -> (standard: [UInt32], large: [UInt32]) {
        var reader = CompactBytes.Reader(bytes)
        reader.offset = communities.offset
        let standard = reader.uint32s(communities.count)
        reader.offset = largeCommunities.offset
        return (standard, reader.uint32s(3 * largeCommunities.count))
    }

    /// `ASPath.length` (a set counts one, confederation segments nothing); nil without an
    /// AS_PATH.
    func pathLength(in bytes: UnsafeRawBufferPointer) -> Int? {
        guard let asPathOffset else { return nil }
        var reader = CompactBytes.Reader(bytes)
        reader.offset = asPathOffset
        var length = 0
        for _ in 0..<reader.count() {
            let type = ASPath.SegmentType(rawValue: reader.byte()) ?? .sequence
            let count = reader.count()
            reader.offset += 4 * count
            switch type {
            case .sequence: length += count
            case .set: length += 1
            case .confedSequence, .confedSet: break
            }
        }
        return length
    }

    /// `ASPath.firstASN`: the leftmost AS of a path that begins with an AS_SEQUENCE.
    func firstASN(in bytes: UnsafeRawBufferPointer) -> ASN? {
        guard let asPathOffset else { return nil }
        var reader = CompactBytes.Reader(bytes)
        reader.offset = asPathOffset
        guard reader.count() > 0, (ASPath.SegmentType(rawValue: reader.byte()) ?? .sequence) == .sequence, reader.count() > 0 else {
            return nil
        }
        return ASN(rawValue: reader.uint32())
    }

    /// ORIGINATOR_ID from the rare part, the fields before it skipped: read for every set the
    /// simulation ranks, without decoding the rest of the part.
    func originatorID(in bytes: UnsafeRawBufferPointer) -> IPAddress? {
        typealias F = PathAttributes.RareField
        guard let rareOffset else { return nil }
        var reader = CompactBytes.Reader(bytes)
        reader.offset = rareOffset
        let fields = F(rawValue: reader.byte())
        guard fields.contains(.originatorID) else { return nil }
        if fields.contains(.mpNextHop) {
            _ = reader.address()
            if fields.contains(.linkLocal) { _ = reader.address() }
        }
        if fields.contains(.aggregator) {
            reader.offset += 4
            _ = reader.address()
        }
        if fields.contains(.extendedCommunities) { reader.offset += 8 * reader.count() }
        if fields.contains(.onlyToCustomer) { reader.offset += 4 }
        return reader.address()
    }

    /// The rare part, decoded; nil without one.
    func rare(in bytes: UnsafeRawBufferPointer) -> RareAttributes? {
        guard let rareOffset else { return nil }
        var reader = CompactBytes.Reader(bytes)
        reader.offset = rareOffset
        return RareAttributes(compact: &reader)
    }
}
