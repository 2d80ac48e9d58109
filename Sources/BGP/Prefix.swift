/// An IP prefix: an address and a length, with every bit past the length cleared
/// (RFC 4271 section 4.3: trailing bits of an NLRI are irrelevant, so they are never kept).
public struct Prefix: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let address: IPAddress
    public let length: UInt8

    public init(address: IPAddress, length: Int) {
        let clamped = max(0, min(length, address.family.maxPrefixLength))
        self.address = address.masked(to: clamped)
        self.length = UInt8(clamped)
    }

    public var family: AddressFamily { address.family }

    public init?(_ text: String) {
        if let prefix = Prefix.ipv4(text.utf8) {
            self = prefix
            return
        }
        let parts = text.split(separator: "/")
        guard parts.count == 2, let address = IPAddress(String(parts[0])), let length = Int(parts[1]),
              length >= 0, length <= address.family.maxPrefixLength else { return nil }
        self.init(address: address, length: length)
    }

    /// The common case of reference files, millions of times a night, read in one pass
    /// without splitting: `a.b.c.d/n`, plain decimal. Anything else is nil and left to the
    /// general reading.
    static func ipv4<Text: Sequence<UInt8>>(_ utf8: Text) -> Prefix? {
        var value: UInt32 = 0, octet: UInt32 = 0, digits = 0, dots = 0
        var length = 0, lengthDigits = 0, inLength = false
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = Int(byte - UInt8(ascii: "0"))
                if inLength {
                    length = length * 10 + digit
                    lengthDigits += 1
                    guard lengthDigits <= 2 else { return nil }
                } else {
                    octet = octet * 10 + UInt32(digit)
                    digits += 1
                    guard digits <= 3, octet <= 255 else { return nil }
                }
            case UInt8(ascii: "."):
                guard !inLength, digits > 0, dots < 3 else { return nil }
                value = value << 8 | octet
                octet = 0
                digits = 0
                dots += 1
            case UInt8(ascii: "/"):
                guard !inLength, digits > 0, dots == 3 else { return nil }
                value = value << 8 | octet
                inLength = true
            default:
                return nil
            }
        }
        guard inLength, lengthDigits > 0, length <= 32 else { return nil }
        return Prefix(address: IPAddress(ipv4: value), length: length)
    }

    /// Whether `other` lies inside this prefix (equal or more specific).
    public func contains(_ other: Prefix) -> Bool {
        other.family == family && other.length >= length && other.address.masked(to: Int(length)) == address
    }

    public var description: String {
        var out: [UInt8] = []
        append(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @inlinable public func append<S: ByteSink>(to out: inout S) {
        AddressText.append(address, to: &out)
        out.append(UInt8(ascii: "/"))
        out.appendDecimal(UInt32(length))
    }

    public static func < (a: Prefix, b: Prefix) -> Bool {
        (a.address, a.length) < (b.address, b.length)
    }
}
