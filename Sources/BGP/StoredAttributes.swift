/// A stored set read in place from its compact bytes (`PathAttributes+Compact.swift`), for the
/// writers that turn millions of sets into text: the common attributes are read without
/// building the set, so nothing is allocated for a route's AS path or communities. Valid only
/// inside `AttributeSets.withStored`.
public struct StoredAttributes {
    public private(set) var origin: Origin?
    public private(set) var nextHop: IPAddress?
    public private(set) var med: UInt32?
    public private(set) var localPref: UInt32?
    private let bytes: UnsafeRawBufferPointer
    /// Where the AS path's segment count is; nil without an AS_PATH.
    private var asPathOffset: Int?
    /// Where the first standard and large community are, and how many there are.
    private var communities = (offset: 0, count: 0)
    private var largeCommunities = (offset: 0, count: 0)
    /// Decoded only when the set has one of them (MP next hop, OTC, ...).
    private var rare: RareAttributes?

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        let layout = CompactLayout(bytes)
        origin = layout.origin
        nextHop = layout.nextHop
        med = layout.med
        localPref = layout.localPref
        asPathOffset = layout.asPathOffset
        communities = layout.communities
        largeCommunities = layout.largeCommunities
        rare = layout.rare(in: bytes)
    }

    /// `PathAttributes.effectiveNextHop(for:)`.
    public func effectiveNextHop(for family: AddressFamily) -> IPAddress? {
        if let mp = rare?.mpNextHop, family == .ipv6 || nextHop == nil { return mp.address }
        return nextHop
    }

    public var onlyToCustomer: ASN? { rare?.onlyToCustomer }

    /// The AS path as `ASPath.append(to:)` writes it; nothing without an AS_PATH.
    @_specialize(exported: true, where S == [UInt8])
    public func appendASPath<S: ByteSink>(to out: inout S) {
        guard let asPathOffset else { return }
        var reader = CompactBytes.Reader(bytes)
        reader.offset = asPathOffset
        var writer = ASPathText.Writer()
        for _ in 0..<reader.count() {
            let type = ASPath.SegmentType(rawValue: reader.byte()) ?? .sequence
            writer.beginSegment(type: type.rawValue, into: &out)
            for _ in 0..<reader.count() where !writer.appendASN(reader.uint32(), into: &out) { return }
        }
        writer.finish(into: &out)
    }

    /// `ASPath.originASN`: the last AS of a path whose last segment is an AS_SEQUENCE; nil
    /// without an AS_PATH.
    public var originASN: ASN? {
        guard let asPathOffset else { return nil }
        var reader = CompactBytes.Reader(bytes)
        reader.offset = asPathOffset
        var origin: ASN?
        for _ in 0..<reader.count() {
            let type = ASPath.SegmentType(rawValue: reader.byte()) ?? .sequence
            let count = reader.count()
            reader.offset += 4 * count
            origin = nil
            if type == .sequence && count > 0 {
                reader.offset -= 4
                origin = ASN(rawValue: reader.uint32())
            }
        }
        return origin
    }

    /// The standard communities in stored order, separated by spaces.
    @_specialize(exported: true, where S == [UInt8])
    public func appendCommunities<S: ByteSink>(to out: inout S) {
        var reader = CompactBytes.Reader(bytes)
        reader.offset = communities.offset
        for i in 0..<communities.count {
            if i > 0 { out.append(UInt8(ascii: " ")) }
            Community(rawValue: reader.uint32()).append(to: &out)
        }
    }

    /// The large communities in stored order, separated by spaces.
    @_specialize(exported: true, where S == [UInt8])
    public func appendLargeCommunities<S: ByteSink>(to out: inout S) {
        var reader = CompactBytes.Reader(bytes)
        reader.offset = largeCommunities.offset
        for i in 0..<largeCommunities.count {
            if i > 0 { out.append(UInt8(ascii: " ")) }
            LargeCommunity(reader.uint32(), reader.uint32(), reader.uint32()).append(to: &out)
        }
    }
}

extension AttributeSets {
    /// Calls `body` with the set `id` read in place (`StoredAttributes`).
    public func withStored<R>(_ id: Int32, _ body: (StoredAttributes) throws -> R) rethrows -> R {
        try withCompact(Int(id)) { try body(StoredAttributes($0)) }
    }
}
