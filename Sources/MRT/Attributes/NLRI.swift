import BGP

/// One reachability entry: a prefix and, on ADD-PATH sessions, its path identifier (RFC 7911).
public struct NLRI: Hashable, Sendable {
    public var pathID: UInt32
    public var prefix: Prefix
    public init(pathID: UInt32 = 0, prefix: Prefix) { self.pathID = pathID; self.prefix = prefix }
}

/// A list of prefixes in the NLRI encoding (RFC 4271 section 4.3: a length in bits, then
/// the fewest octets that hold it; RFC 7911: each preceded by a 4-octet path identifier).
/// Validated on creation; iterating it allocates nothing.
///
/// A list is one run of bytes, or two of the same message (`appending`): RFC 7606
/// treat-as-withdraw turns an UPDATE's announcements into withdrawals, and when the UPDATE
/// withdraws routes of that family itself, its withdrawals are its own list followed by the
/// announced one.
public struct NLRIList: Sequence {
    /// The first run of bytes (the only one unless the list was appended to).
    public let bytes: UnsafeRawBufferPointer
    public var count: Int { Int(prefixCount) }
    public var addPath: Bool { flags & Self.addPathFlag != 0 }

    /// Bytes of an incomplete last prefix, 0 when the list ends cleanly. A collector that
    /// truncates a long message leaves one; the complete prefixes before it are used (as the
    /// reference decoder does) and the cut is reported.
    public var cutOffBytes: Int { Int(flags & Self.cutOffMask) }

    // Narrow, as a record holds four lists and is copied on the hot path (24 bytes, as
    // before lists had a second run). A list lies in one BGP message (at most 65535 bytes),
    // so its count, the second run's length and its distance from the first fit 16 bits (the
    // direction is a flag); a cut-off prefix is at most a path id, a length octet and 16
    // address octets (the low five bits of `flags`).
    private let secondDistance: UInt16
    private let secondCount: UInt16
    private let prefixCount: UInt16
    private let flags: UInt8
    public let family: AddressFamily
    private static let addPathFlag: UInt8 = 0x80
    private static let secondBeforeFlag: UInt8 = 0x40
    private static let cutOffMask: UInt8 = 0x1F

    /// The second run of bytes, empty unless the list was appended to.
    var secondBytes: UnsafeRawBufferPointer {
        guard secondCount > 0, let base = bytes.baseAddress else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        let distance = Int(secondDistance)
        return UnsafeRawBufferPointer(start: flags & Self.secondBeforeFlag != 0 ? base - distance : base + distance, count: Int(secondCount))
    }

    /// The cut-off last prefix as a problem to report, at its offset in `body` (the record
    /// the list was decoded from); nil when the list is complete.
    public func incompleteTail(in body: UnsafeRawBufferPointer) -> DecodeError? {
        guard cutOffBytes > 0 else { return nil }
        var end = 0
        if let list = bytes.baseAddress, let record = body.baseAddress { end = list - record + bytes.count }
        return DecodeError("NLRI", "the last \(cutOffBytes) byte(s) are a cut-off prefix; the \(count) complete prefixes before them were used", at: end)
    }

    public init(bytes: UnsafeRawBufferPointer, family: AddressFamily, addPath: Bool) throws(DecodeError) {
        guard bytes.count <= Int(UInt16.max) else {
            throw DecodeError("NLRI", "\(bytes.count) bytes, more than a BGP message holds", at: 0)
        }
        self.family = family
        var position = 0, n = 0
        let maxLength = family.maxPrefixLength
        while position < bytes.count {
            let start = position
            let lengthAt = addPath ? position + 4 : position
            guard lengthAt < bytes.count else { break }
            let length = Int(bytes[lengthAt])
            guard length <= maxLength else {
                throw DecodeError("NLRI", "prefix length \(length) is longer than \(maxLength) for \(family)", at: lengthAt)
            }
            let next = lengthAt + 1 + (length + 7) / 8
            guard next <= bytes.count else { position = start; break }
            position = next
            n += 1
        }
        // The iterator walks only the complete prefixes.
        self.bytes = UnsafeRawBufferPointer(rebasing: bytes[0..<position])
        prefixCount = UInt16(n)
        flags = (addPath ? Self.addPathFlag : 0) | UInt8(bytes.count - position)
        secondDistance = 0
        secondCount = 0
    }

    public static func empty(_ family: AddressFamily) -> NLRIList {
        NLRIList(unchecked: UnsafeRawBufferPointer(start: nil, count: 0), family: family, addPath: false, count: 0)
    }

    init(unchecked bytes: UnsafeRawBufferPointer, family: AddressFamily, addPath: Bool, count: Int) {
        self.bytes = bytes; self.family = family; prefixCount = UInt16(count)
        flags = addPath ? Self.addPathFlag : 0
        secondDistance = 0
        secondCount = 0
    }

    private init(_ first: NLRIList, then second: NLRIList, offset: Int) {
        bytes = first.bytes; family = first.family
        flags = first.flags | (offset < 0 ? Self.secondBeforeFlag : 0)
        prefixCount = first.prefixCount + second.prefixCount
        secondDistance = UInt16(abs(offset))
        secondCount = UInt16(second.bytes.count)
    }

    /// This list followed by `other`, both complete single runs of the same family and
    /// encoding within one message; nil otherwise (the caller reports why).
    func appending(_ other: NLRIList) -> NLRIList? {
        guard family == other.family, addPath == other.addPath, cutOffBytes == 0, other.cutOffBytes == 0,
              secondCount == 0, other.secondCount == 0 else { return nil }
        if other.count == 0 { return self }
        if count == 0 { return other }
        guard let base = bytes.baseAddress, let start = other.bytes.baseAddress else { return nil }
        let offset = start - base
        guard abs(offset) <= Int(UInt16.max), count + other.count <= Int(UInt16.max) else { return nil }
        return NLRIList(self, then: other, offset: offset)
    }

    public func makeIterator() -> Iterator { Iterator(list: self) }

    public struct Iterator: IteratorProtocol {
        let list: NLRIList
        var bytes: UnsafeRawBufferPointer
        var position = 0
        var onSecondRun = false

        init(list: NLRIList) { self.list = list; bytes = list.bytes }

        public mutating func next() -> NLRI? {
            if position >= bytes.count {
                guard !onSecondRun, list.secondCount > 0 else { return nil }
                bytes = list.secondBytes
                position = 0
                onSecondRun = true
            }
            var pathID: UInt32 = 0
            if list.addPath {
                pathID = bytes.uint32(at: position)
                position += 4
            }
            let length = Int(bytes[position])
            position += 1
            let octets = (length + 7) / 8
            let address = PrefixBytes.address(family: list.family, bytes: bytes, at: position, count: octets)
            position += octets
            return NLRI(pathID: pathID, prefix: Prefix(address: address, length: length))
        }
    }
}

/// Builds addresses from the leading octets of a prefix without intermediate arrays.
enum PrefixBytes {
    /// A prefix as RIB entries carry it (RFC 6396 section 4.3): its length in bits, then the
    /// fewest octets that hold it.
    static func read(from cursor: inout ByteCursor, family: AddressFamily) throws(DecodeError) -> Prefix {
        let start = cursor.position
        guard let length = cursor.readUInt8() else { throw DecodeError("prefix length", "missing", at: start) }
        guard Int(length) <= family.maxPrefixLength else {
            throw DecodeError("prefix", "length \(length) is longer than \(family.maxPrefixLength) for \(family)", at: start)
        }
        guard let octets = cursor.readBytes((Int(length) + 7) / 8) else {
            throw DecodeError("prefix", "a /\(length) needs \((Int(length) + 7) / 8) bytes", at: start)
        }
        return Prefix(address: address(family: family, bytes: octets, at: 0, count: octets.count), length: Int(length))
    }

    @inline(__always)
    static func address(family: AddressFamily, bytes: UnsafeRawBufferPointer, at offset: Int, count: Int) -> IPAddress {
        if family == .ipv4 {
            var value: UInt32 = 0
            for i in 0..<min(count, 4) { value |= UInt32(bytes[offset + i]) << (24 - 8 * i) }
            return IPAddress(ipv4: value)
        }
        var high: UInt64 = 0, low: UInt64 = 0
        for i in 0..<min(count, 16) {
            if i < 8 { high |= UInt64(bytes[offset + i]) << (56 - 8 * i) } else { low |= UInt64(bytes[offset + i]) << (56 - 8 * (i - 8)) }
        }
        return IPAddress(ipv6High: high, low: low)
    }
}
