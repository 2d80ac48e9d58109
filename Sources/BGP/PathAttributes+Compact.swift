#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The compact form an `AttributeSets` store keeps a set in: one run of bytes per set, no
/// heap object. A large route server holds millions of distinct sets, and as owned values
/// each costs several allocations (AS path segments, communities); this form costs its bytes.
///
/// The form is canonical: it is a function of the value alone, so two sets are equal exactly
/// when their compact bytes are, and the store interns by bytes. Layout, integers
/// little-endian, counts as LEB128:
///
///     presence (1 byte: the `Field` bits)
///     origin (1) · next hop (address) · MED (4) · LOCAL_PREF (4)
///     AS path: segment count, then per segment its type (1), ASN count, the ASNs (4 each)
///     communities: count, 4 each · large communities: count, 12 each
///     rare attributes (`RareField` bits, 1 byte, then each one present)
///
/// An address is its family byte and 4 or 16 bytes; a value outside its family's width
/// (never built by the decoders) is kept whole under family byte 0xFF.
extension PathAttributes {
    struct Field: OptionSet {
        let rawValue: UInt8
        static let origin = Field(rawValue: 1 << 0)
        static let asPath = Field(rawValue: 1 << 1)
        static let nextHop = Field(rawValue: 1 << 2)
        static let med = Field(rawValue: 1 << 3)
        static let localPref = Field(rawValue: 1 << 4)
        static let communities = Field(rawValue: 1 << 5)
        static let largeCommunities = Field(rawValue: 1 << 6)
        static let rare = Field(rawValue: 1 << 7)
    }

    struct RareField: OptionSet {
        let rawValue: UInt8
        static let mpNextHop = RareField(rawValue: 1 << 0)
        static let linkLocal = RareField(rawValue: 1 << 1)
        static let atomicAggregate = RareField(rawValue: 1 << 2)
        static let aggregator = RareField(rawValue: 1 << 3)
        static let extendedCommunities = RareField(rawValue: 1 << 4)
        static let onlyToCustomer = RareField(rawValue: 1 << 5)
        static let originatorID = RareField(rawValue: 1 << 6)
        static let clusterListOrUnknown = RareField(rawValue: 1 << 7)
    }

    /// Appends the compact form of this set to `out`.
    public func appendCompact(to out: inout [UInt8]) {
        var bound = CompactWriter.headerBound + 2 * CompactWriter.countBound
            + (CompactWriter.countBound + 4) * communities.count + 12 * largeCommunities.count
        if let asPath {
            bound += CompactWriter.countBound
            for segment in asPath.segments { bound += 1 + CompactWriter.countBound + 4 * segment.asns.count }
        }
        CompactWriter.append(to: &out, bound: bound) { writer in
            writer.header(origin: origin, nextHop: nextHop, med: med, localPref: localPref, hasASPath: asPath != nil,
                          hasCommunities: !communities.isEmpty, hasLargeCommunities: !largeCommunities.isEmpty, hasRare: rare != nil)
            if let asPath {
                writer.count(asPath.segments.count)
                for segment in asPath.segments {
                    writer.segmentHeader(type: segment.type, count: segment.asns.count)
                    for asn in segment.asns { writer.uint32(asn.rawValue) }
                }
            }
            if !communities.isEmpty {
                writer.count(communities.count)
                for community in communities { writer.uint32(community.rawValue) }
            }
            if !largeCommunities.isEmpty {
                writer.count(largeCommunities.count)
                for community in largeCommunities {
                    writer.uint32(community.global)
                    writer.uint32(community.local1)
                    writer.uint32(community.local2)
                }
            }
        }
        if let rare { rare.value.appendCompact(to: &out) }
    }

    /// The set whose compact form `bytes` begins with (as `appendCompact` wrote it).
    public init(compact bytes: UnsafeRawBufferPointer) {
        var reader = CompactBytes.Reader(bytes)
        self.init()
        let fields = Field(rawValue: reader.byte())
        if fields.contains(.origin) { origin = Origin(rawValue: reader.byte()) }
        if fields.contains(.nextHop) { nextHop = reader.address() }
        if fields.contains(.med) { med = reader.uint32() }
        if fields.contains(.localPref) { localPref = reader.uint32() }
        if fields.contains(.asPath) {
            let segmentCount = reader.count()
            var segments: [ASPath.Segment] = []
            segments.reserveCapacity(segmentCount)
            for _ in 0..<segmentCount {
                let type = ASPath.SegmentType(rawValue: reader.byte()) ?? .sequence
                let asns = reader.uint32s(reader.count()).map(ASN.init(rawValue:))
                segments.append(ASPath.Segment(type, asns))
            }
            asPath = ASPath(segments)
        }
        if fields.contains(.communities) {
            communities = reader.uint32s(reader.count()).map(Community.init(rawValue:))
        }
        if fields.contains(.largeCommunities) {
            let values = reader.uint32s(3 * reader.count())
            largeCommunities = stride(from: 0, to: values.count, by: 3).map {
                LargeCommunity(values[$0], values[$0 + 1], values[$0 + 2])
            }
        }
        if fields.contains(.rare) { rare = RareAttributesBox(RareAttributes(compact: &reader)) }
    }
}

extension RareAttributes {
    func appendCompact(to out: inout [UInt8]) {
        typealias F = PathAttributes.RareField
        var fields: F = []
        if mpNextHop != nil { fields.insert(.mpNextHop) }
        if mpNextHop?.linkLocal != nil { fields.insert(.linkLocal) }
        if atomicAggregate { fields.insert(.atomicAggregate) }
        if aggregator != nil { fields.insert(.aggregator) }
        if !extendedCommunities.isEmpty { fields.insert(.extendedCommunities) }
        if onlyToCustomer != nil { fields.insert(.onlyToCustomer) }
        if originatorID != nil { fields.insert(.originatorID) }
        if !clusterList.isEmpty || !unknown.isEmpty { fields.insert(.clusterListOrUnknown) }
        out.append(fields.rawValue)
        if let mpNextHop {
            CompactBytes.append(mpNextHop.address, to: &out)
            if let linkLocal = mpNextHop.linkLocal { CompactBytes.append(linkLocal, to: &out) }
        }
        if let aggregator {
            CompactBytes.append(aggregator.asn.rawValue, to: &out)
            CompactBytes.append(aggregator.address, to: &out)
        }
        if !extendedCommunities.isEmpty {
            CompactBytes.appendCount(extendedCommunities.count, to: &out)
            for community in extendedCommunities {
                CompactBytes.append(UInt32(truncatingIfNeeded: community.rawValue >> 32), to: &out)
                CompactBytes.append(UInt32(truncatingIfNeeded: community.rawValue), to: &out)
            }
        }
        if let onlyToCustomer { CompactBytes.append(onlyToCustomer.rawValue, to: &out) }
        if let originatorID { CompactBytes.append(originatorID, to: &out) }
        if fields.contains(.clusterListOrUnknown) {
            CompactBytes.appendCount(clusterList.count, to: &out)
            for address in clusterList { CompactBytes.append(address, to: &out) }
            CompactBytes.appendCount(unknown.count, to: &out)
            for attribute in unknown {
                out.append(attribute.flags)
                out.append(attribute.type)
                CompactBytes.appendCount(attribute.value.count, to: &out)
                out.append(contentsOf: attribute.value)
            }
        }
    }

    init(compact reader: inout CompactBytes.Reader) {
        typealias F = PathAttributes.RareField
        self.init()
        let fields = F(rawValue: reader.byte())
        if fields.contains(.mpNextHop) {
            let address = reader.address()
            mpNextHop = MPNextHop(address: address, linkLocal: fields.contains(.linkLocal) ? reader.address() : nil)
        }
        atomicAggregate = fields.contains(.atomicAggregate)
        if fields.contains(.aggregator) {
            let asn = ASN(rawValue: reader.uint32())
            aggregator = Aggregator(asn: asn, address: reader.address())
        }
        if fields.contains(.extendedCommunities) {
            let words = reader.uint32s(2 * reader.count())
            extendedCommunities = stride(from: 0, to: words.count, by: 2).map {
                ExtendedCommunity(rawValue: UInt64(words[$0]) << 32 | UInt64(words[$0 + 1]))
            }
        }
        if fields.contains(.onlyToCustomer) { onlyToCustomer = ASN(rawValue: reader.uint32()) }
        if fields.contains(.originatorID) { originatorID = reader.address() }
        if fields.contains(.clusterListOrUnknown) {
            clusterList = (0..<reader.count()).map { _ in reader.address() }
            unknown = (0..<reader.count()).map { _ in
                let flags = reader.byte(), type = reader.byte()
                return UnknownAttribute(flags: flags, type: type, value: reader.byteArray(reader.count()))
            }
        }
    }
}

/// The primitives of the compact form.
enum CompactBytes {
    static func append(_ value: UInt32, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    static func appendCount(_ count: Int, to out: inout [UInt8]) {
        CompactWriter.append(to: &out, bound: CompactWriter.countBound) { $0.count(count) }
    }

    static func append(_ address: IPAddress, to out: inout [UInt8]) {
        CompactWriter.append(to: &out, bound: CompactWriter.addressBound) { $0.address(address) }
    }

    /// Reads what the `append` functions wrote; the bytes are the store's own, so a read past
    /// the end is a bug in the store, caught by the buffer's bounds checks in debug builds.
    struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

        mutating func byte() -> UInt8 {
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func uint32() -> UInt32 {
            defer { offset += 4 }
            return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        }

        func peekUInt32() -> UInt32 {
            UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        }

        mutating func uint64() -> UInt64 {
            defer { offset += 8 }
            return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }

        mutating func count() -> Int {
            var value = 0, shift = 0
            while true {
                let b = byte()
                value |= Int(b & 0x7F) << shift
                if b < 0x80 { return value }
                shift += 7
            }
        }

        mutating func uint32s(_ count: Int) -> [UInt32] {
            [UInt32](filling: count) { buffer, initialized in
                for i in 0..<count { buffer[i] = uint32() }
                initialized = count
            }
        }

        mutating func byteArray(_ count: Int) -> [UInt8] {
            defer { offset += count }
            return Array(bytes[offset..<offset + count])
        }

        mutating func address() -> IPAddress {
            switch byte() {
            case 4: return IPAddress(ipv4: uint32())
            case 6:
                let high = uint64()
                return IPAddress(ipv6High: high, low: uint64())
            default:
                var address = IPAddress(ipv4: 0)
                address.high = uint64()
                address.low = uint64()
                return address
            }
        }
    }
}

extension AttributeSets {
    /// Whether two sets carry the same communities, standard and large, compared as sets
    /// (the order on the wire means nothing), read from the compact bytes.
    public func sameCommunities(_ a: Int32, _ b: Int32) -> Bool {
        // Asked whenever a route's set changes (millions of times a night): answered in place,
        // without building a list, unless a set carries more communities than `inPlaceLimit`.
        let answer: Bool? = withCompact(Int(a)) { first in
            withCompact(Int(b)) { second in
                let layoutA = CompactLayout(first), layoutB = CompactLayout(second)
                // Mostly a route's new set keeps its communities as they were, in the same order.
                let both: PathAttributes.Field = [.communities, .largeCommunities]
                let bytesA = UnsafeRawBufferPointer(rebasing: first[layoutA.communityBytes])
                let bytesB = UnsafeRawBufferPointer(rebasing: second[layoutB.communityBytes])
                if layoutA.fields.intersection(both) == layoutB.fields.intersection(both) && bytesA.count == bytesB.count
                    && (bytesA.isEmpty || memcmp(bytesA.baseAddress!, bytesB.baseAddress!, bytesA.count) == 0) {
                    return true
                }
                let standardA = Items(first, layoutA.communities, words: 1), standardB = Items(second, layoutB.communities, words: 1)
                let largeA = Items(first, layoutA.largeCommunities, words: 3), largeB = Items(second, layoutB.largeCommunities, words: 3)
                guard Swift.max(standardA.count, standardB.count, largeA.count, largeB.count) <= Self.inPlaceLimit else { return nil }
                return standardA.sameSet(as: standardB) && largeA.sameSet(as: largeB)
            }
        }
        if let answer { return answer }
        let first = withCompact(Int(a)) { CompactLayout($0).communityValues(in: $0) }
        let second = withCompact(Int(b)) { CompactLayout($0).communityValues(in: $0) }
        if first == second { return true }
        // Compared as sets: sorted, each once.
        func distinct<T: Comparable>(_ values: [T]) -> [T] {
            var sorted = values.sorted()
            sorted.removeConsecutiveDuplicates()
            return sorted
        }
        func triples(_ words: [UInt32]) -> [LargeCommunity] {
            distinct(stride(from: 0, to: words.count, by: 3).map { LargeCommunity(words[$0], words[$0 + 1], words[$0 + 2]) })
        }
        return distinct(first.standard) == distinct(second.standard) && triples(first.large) == triples(second.large)
    }

    /// Up to this many communities of a kind, two sets are compared item by item in place
    /// (each looked for among the other's); beyond, sorted.
    static let inPlaceLimit = 64

    /// A list of communities in a compact set: `count` items of `words` 4-byte words each.
    private struct Items {
        let base: UnsafeRawPointer?
        let count: Int
        let words: Int

        init(_ bytes: UnsafeRawBufferPointer, _ list: (offset: Int, count: Int), words: Int) {
            base = list.count == 0 ? nil : bytes.baseAddress! + list.offset
            count = list.count
            self.words = words
        }

        /// Whether each item of either list is in the other (duplicates count once).
        func sameSet(as other: Items) -> Bool {
            (0..<count).allSatisfy { other.contains(self, item: $0) } && (0..<other.count).allSatisfy { contains(other, item: $0) }
        }

        private func contains(_ list: Items, item: Int) -> Bool {
            let wanted = list.word(item, 0)
            return (0..<count).contains { index in
                word(index, 0) == wanted && (1..<words).allSatisfy { word(index, $0) == list.word(item, $0) }
            }
        }

        private func word(_ item: Int, _ word: Int) -> UInt32 {
            base!.loadUnaligned(fromByteOffset: 4 * (item * words + word), as: UInt32.self)
        }
    }
}

extension Array where Element: Equatable {
    /// Keeps the first of each run of equal neighbours (a sorted array then holds each value once).
    mutating func removeConsecutiveDuplicates() {
        guard count > 1 else { return }
        var kept = 1
        for index in 1..<count where self[index] != self[kept - 1] {
            self[kept] = self[index]
            kept += 1
        }
        removeLast(count - kept)
    }
}
