/// What a route server's import policy and control communities read of a stored set (the AS
/// path's ASNs, first AS and length, the next hop, the communities), read in place from the compact bytes
/// (`PathAttributes+Compact.swift`): checking a million distinct sets builds none of them and
/// allocates nothing. Valid only inside `AttributeSets.withPolicyAttributes`.
public struct PolicyAttributes {
    private let bytes: UnsafeRawBufferPointer
    private let layout: CompactLayout
    /// MP_REACH_NLRI's next hop (RFC 4760 section 3), the first of the rare attributes.
    private var mpNextHop: IPAddress?
    private var nextHop: IPAddress? { layout.nextHop }
    /// Where the AS path's segment count is; nil without an AS_PATH.
    private var asPathOffset: Int? { layout.asPathOffset }
    /// Where the first standard and large community are, and how many there are.
    private var communities: (offset: Int, count: Int) { layout.communities }
    private var largeCommunities: (offset: Int, count: Int) { layout.largeCommunities }

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        layout = CompactLayout(bytes)
        // MP_REACH_NLRI's next hop is the rare part's first field: read it alone.
        if let rareOffset = layout.rareOffset {
            var reader = CompactBytes.Reader(bytes)
            reader.offset = rareOffset
            if PathAttributes.RareField(rawValue: reader.byte()).contains(.mpNextHop) { mpNextHop = reader.address() }
        }
    }

    /// `PathAttributes.effectiveNextHop(for:)`.
    public func effectiveNextHop(for family: AddressFamily) -> IPAddress? {
        if let mpNextHop, family == .ipv6 || nextHop == nil { return mpNextHop }
        return nextHop
    }

    /// What the decision process ranks the set on (`AttributeSets.ranking(of:)`).
    public var ranking: RankingAttributes { AttributeSets.ranking(bytes, layout: layout) }

    /// Every ASN of the AS path in order (`ASPath.allASNs`); none without an AS_PATH.
    public func forEachASN(_ body: (ASN) -> Void) {
        guard let asPathOffset else { return }
        var reader = CompactBytes.Reader(bytes)
        reader.offset = asPathOffset
        for _ in 0..<reader.count() {
            reader.offset += 1
            for _ in 0..<reader.count() { body(ASN(rawValue: reader.uint32())) }
        }
    }

    /// `ASPath.firstASN`; nil without an AS_PATH.
    public var firstASN: ASN? { layout.firstASN(in: bytes) }

    /// `ASPath.length`; 0 without an AS_PATH.
    public var pathLength: Int { layout.pathLength(in: bytes) ?? 0 }

    /// The standard communities in stored order.
    public func forEachCommunity(_ body: (Community) -> Void) {
        var reader = CompactBytes.Reader(bytes)
        reader.offset = communities.offset
        for _ in 0..<communities.count { body(Community(rawValue: reader.uint32())) }
    }

    /// The large communities in stored order.
    public func forEachLargeCommunity(_ body: (LargeCommunity) -> Void) {
        var reader = CompactBytes.Reader(bytes)
        reader.offset = largeCommunities.offset
        for _ in 0..<largeCommunities.count { body(LargeCommunity(reader.uint32(), reader.uint32(), reader.uint32())) }
    }

    /// Whether a standard community satisfies `predicate`.
    public func containsCommunity(where predicate: (Community) -> Bool) -> Bool {
        var reader = CompactBytes.Reader(bytes)
        reader.offset = communities.offset
        for _ in 0..<communities.count where predicate(Community(rawValue: reader.uint32())) { return true }
        return false
    }

    /// Whether a large community satisfies `predicate`.
    public func containsLargeCommunity(where predicate: (LargeCommunity) -> Bool) -> Bool {
        var reader = CompactBytes.Reader(bytes)
        reader.offset = largeCommunities.offset
        for _ in 0..<largeCommunities.count where predicate(LargeCommunity(reader.uint32(), reader.uint32(), reader.uint32())) {
            return true
        }
        return false
    }
}

extension AttributeSets {
    /// Calls `body` with the set `id` read in place (`PolicyAttributes`).
    public func withPolicyAttributes<R>(_ id: Int32, _ body: (PolicyAttributes) throws -> R) rethrows -> R {
        try withCompact(Int(id)) { try body(PolicyAttributes($0)) }
    }
}
