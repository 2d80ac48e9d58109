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
public struct NLRIList: Sequence {
    public let bytes: UnsafeRawBufferPointer
    public let family: AddressFamily
    public let addPath: Bool
    public let count: Int

    /// Where an incomplete last prefix starts, when the list ends in the middle of one. A
    /// collector that truncates a long message leaves that; the complete prefixes before it
    /// are used (as the reference decoder does) and the cut is reported.
    public let incompleteTail: DecodeError?

    public init(bytes: UnsafeRawBufferPointer, family: AddressFamily, addPath: Bool) throws(DecodeError) {
        self.family = family; self.addPath = addPath
        var position = 0, n = 0
        var tail: DecodeError? = nil
        let maxLength = family.maxPrefixLength
        while position < bytes.count {
            let start = position
            if addPath {
                guard position + 4 <= bytes.count else {
                    tail = DecodeError("NLRI", "the last \(bytes.count - start) bytes are a cut-off path identifier", at: start)
                    break
                }
                position += 4
            }
            guard position < bytes.count else {
                tail = DecodeError("NLRI", "a path identifier without its prefix ends the list", at: start)
                break
            }
            let length = Int(bytes[position])
            guard length <= maxLength else {
                throw DecodeError("NLRI", "prefix length \(length) is longer than \(maxLength) for \(family)", at: position)
            }
            let next = position + 1 + (length + 7) / 8
            guard next <= bytes.count else {
                tail = DecodeError("NLRI", "the last prefix (/\(length), \((length + 7) / 8) bytes) is cut off after \(bytes.count - position - 1) bytes", at: start)
                break
            }
            position = next
            n += 1
        }
        // The iterator walks only the complete prefixes.
        self.bytes = UnsafeRawBufferPointer(rebasing: bytes[0..<(tail?.offset ?? position)])
        count = n
        incompleteTail = tail
    }

    public static func empty(_ family: AddressFamily) -> NLRIList {
        NLRIList(unchecked: UnsafeRawBufferPointer(start: nil, count: 0), family: family, addPath: false, count: 0)
    }

    init(unchecked bytes: UnsafeRawBufferPointer, family: AddressFamily, addPath: Bool, count: Int) {
        self.bytes = bytes; self.family = family; self.addPath = addPath; self.count = count
        incompleteTail = nil
    }

    public func makeIterator() -> Iterator { Iterator(list: self) }

    public struct Iterator: IteratorProtocol {
        let list: NLRIList
        var position = 0

        public mutating func next() -> NLRI? {
            let bytes = list.bytes
            guard position < bytes.count else { return nil }
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
