/// An IPv4 or IPv6 address as a value: 128 bits plus the family (IPv4 in the low 32 bits).
public struct IPAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var family: AddressFamily
    public var high: UInt64
    public var low: UInt64

    public init(ipv4 value: UInt32) {
        family = .ipv4; high = 0; low = UInt64(value)
    }

    public init(ipv6High high: UInt64, low: UInt64) {
        family = .ipv6; self.high = high; self.low = low
    }

    /// Reads an address of `family` from network-order bytes; missing trailing bytes are zero
    /// (the prefix encoding of RFC 4271 section 4.3 sends only the significant octets).
    public init<C: Collection>(family: AddressFamily, bytes: C) where C.Element == UInt8 {
        var h: UInt64 = 0, l: UInt64 = 0
        var index = 0
        for byte in bytes.prefix(family.addressLength) {
            if family == .ipv4 {
                l |= UInt64(byte) << (24 - 8 * index)
            } else if index < 8 {
                h |= UInt64(byte) << (56 - 8 * index)
            } else {
                l |= UInt64(byte) << (56 - 8 * (index - 8))
            }
            index += 1
        }
        self.family = family; high = h; low = l
    }

    public var ipv4Value: UInt32 { UInt32(truncatingIfNeeded: low) }

    /// The 4 or 16 bytes in network order.
    public var bytes: [UInt8] {
        if family == .ipv4 { return (0..<4).map { UInt8(truncatingIfNeeded: low >> (24 - 8 * $0)) } }
        return (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * $0)) }
            + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * $0)) }
    }

    /// The address with every bit past `length` cleared.
    public func masked(to length: Int) -> IPAddress {
        var copy = self
        if family == .ipv4 {
            let mask: UInt64 = length <= 0 ? 0 : (length >= 32 ? 0xFFFF_FFFF : (0xFFFF_FFFF << (32 - length)) & 0xFFFF_FFFF)
            copy.low &= mask
        } else {
            copy.high &= length <= 0 ? 0 : (length >= 64 ? ~0 : ~0 << (64 - length))
            copy.low &= length <= 64 ? 0 : (length >= 128 ? ~0 : ~0 << (128 - length))
        }
        return copy
    }

    /// Text as the reference decoder prints it (see `AddressText`).
    public var description: String {
        var out: [UInt8] = []
        AddressText.append(self, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    public static func < (a: IPAddress, b: IPAddress) -> Bool {
        (a.family.rawValue, a.high, a.low) < (b.family.rawValue, b.high, b.low)
    }
}

extension IPAddress {
    /// Parses dotted-quad IPv4 or RFC 4291 IPv6 text (including an embedded IPv4 tail).
    public init?(_ text: String) {
        if text.contains(":") {
            guard let words = IPAddress.parseIPv6(Substring(text)) else { return nil }
            var h: UInt64 = 0, l: UInt64 = 0
            for (i, w) in words.enumerated() {
                if i < 4 { h |= UInt64(w) << (48 - 16 * i) } else { l |= UInt64(w) << (48 - 16 * (i - 4)) }
            }
            self.init(ipv6High: h, low: l)
        } else {
            guard let v = IPAddress.parseIPv4(Substring(text)) else { return nil }
            self.init(ipv4: v)
        }
    }

    static func parseIPv4(_ text: Substring) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
                  let octet = UInt32(part), octet <= 255 else { return nil }
            value = value << 8 | octet
        }
        return value
    }

    static func parseIPv6(_ text: Substring) -> [UInt16]? {
        let chars = Array(text.utf8)
        var halves: [String] = []
        var start = 0, i = 0
        while i < chars.count {
            if i + 1 < chars.count, chars[i] == 0x3A, chars[i + 1] == 0x3A {
                halves.append(String(decoding: chars[start..<i], as: UTF8.self))
                i += 2
                start = i
            } else {
                i += 1
            }
        }
        halves.append(String(decoding: chars[start...], as: UTF8.self))
        guard halves.count <= 2 else { return nil }
        func groups(_ s: String) -> [UInt16]? {
            if s.isEmpty { return [] }
            var out: [UInt16] = []
            let items = s.split(separator: ":", omittingEmptySubsequences: false)
            for (i, item) in items.enumerated() {
                if i == items.count - 1, item.contains(".") {
                    guard let v4 = parseIPv4(item) else { return nil }
                    out.append(UInt16(v4 >> 16)); out.append(UInt16(v4 & 0xFFFF))
                } else {
                    guard !item.isEmpty, item.count <= 4, item.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || (($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x66) }),
                          let w = UInt16(item, radix: 16) else { return nil }
                    out.append(w)
                }
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 8 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count <= 7 else { return nil }
        return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    }
}
