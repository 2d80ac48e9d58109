/// An autonomous system number (RFC 6793: four octets; two-octet ASNs are the low range).
public struct ASN: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public init(_ value: UInt32) { self.rawValue = value }

    /// AS_TRANS (RFC 6793 section 9): stands in for a four-octet ASN on a two-octet session.
    public static let trans = ASN(23456)

    public var description: String { String(rawValue) }
    public static func < (a: ASN, b: ASN) -> Bool { a.rawValue < b.rawValue }
}
