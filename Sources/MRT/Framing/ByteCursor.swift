/// A bounds-checked reader over borrowed bytes (network byte order). Every read returns nil
/// when the bytes are short and then leaves the cursor where it was, so a decoder checks once
/// per field and never traps or reads past the end.
public struct ByteCursor {
    public let bytes: UnsafeRawBufferPointer
    public private(set) var position: Int

    public init(_ bytes: UnsafeRawBufferPointer, position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    public var remaining: Int { bytes.count - position }
    public var isAtEnd: Bool { position >= bytes.count }

    public mutating func readUInt8() -> UInt8? {
        guard position < bytes.count else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    public mutating func readUInt16() -> UInt16? {
        guard let v = getUInt16(at: position) else { return nil }
        position += 2
        return v
    }

    public mutating func readUInt32() -> UInt32? {
        guard let v = getUInt32(at: position) else { return nil }
        position += 4
        return v
    }

    /// An AS number of `size` bytes: 2, or 4 where RFC 6793 widened it (the AS4 subtypes).
    public mutating func readASN(size: Int) -> UInt32? {
        size == 4 ? readUInt32() : readUInt16().map(UInt32.init)
    }

    /// The next `count` bytes as a sub-buffer, moving past them.
    public mutating func readBytes(_ count: Int) -> UnsafeRawBufferPointer? {
        guard count >= 0, count <= remaining else { return nil }
        defer { position += count }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<(position + count)])
    }

    public mutating func skip(_ count: Int) -> Bool {
        guard count >= 0, count <= remaining else { return false }
        position += count
        return true
    }

    public func getUInt8(at offset: Int) -> UInt8? {
        guard offset >= 0, offset < bytes.count else { return nil }
        return bytes[offset]
    }

    public func getUInt16(at offset: Int) -> UInt16? {
        guard offset >= 0, offset + 2 <= bytes.count else { return nil }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    public func getUInt32(at offset: Int) -> UInt32? {
        guard offset >= 0, offset + 4 <= bytes.count else { return nil }
        return UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16
            | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }
}

extension UnsafeRawBufferPointer {
    /// Big-endian integer at `offset`; the caller has checked the bounds.
    func uint16(at offset: Int) -> UInt16 {
        UInt16(self[offset]) << 8 | UInt16(self[offset + 1])
    }

    func uint32(at offset: Int) -> UInt32 {
        UInt32(self[offset]) << 24 | UInt32(self[offset + 1]) << 16 | UInt32(self[offset + 2]) << 8 | UInt32(self[offset + 3])
    }
}
