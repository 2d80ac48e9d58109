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
        let parts = text.split(separator: "/")
        guard parts.count == 2, let address = IPAddress(String(parts[0])), let length = Int(parts[1]),
              length >= 0, length <= address.family.maxPrefixLength else { return nil }
        self.init(address: address, length: length)
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
