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

extension ASN {
    /// Reads an AS number as operators write it: `AS8359`, `as8359` or `8359` (asplain,
    /// RFC 5396). AS0 names no network (RFC 7607), so it is refused unless `allowingAS0`:
    /// ROAs and bogon lists use it on purpose.
    public init(parsing text: some StringProtocol, allowingAS0: Bool = false) throws(ASNTextError) {
        let written = String(text)
        guard !written.isEmpty else { throw .empty }
        let digits = written.lowercased().hasPrefix("as") ? written.dropFirst(2) : Substring(written)
        guard !digits.isEmpty, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw .notANumber(written)
        }
        guard let value = UInt32(digits) else { throw .tooLarge(written) }
        if value == 0 && !allowingAS0 { throw .reserved(written) }
        self.init(value)
    }
}

/// Why a text is not an AS number; each reads after the name of the field or flag.
public enum ASNTextError: Error, Hashable, Sendable, CustomStringConvertible {
    case empty
    case notANumber(String)
    case tooLarge(String)
    /// AS0 where a network's AS number belongs.
    case reserved(String)

    public var description: String {
        switch self {
        case .empty:
            return "no AS number given; write it like AS8359 or 8359"
        case let .notANumber(text):
            if text.uppercased().hasPrefix("AS-") {
                return "'\(text)' is an AS-SET name, not an AS number; write it like AS8359 or 8359"
            }
            if let plain = Self.asplain(asdot: text) {
                return "'\(text)' is in asdot notation; write the plain number \(plain)"
            }
            return "'\(text)' is not an AS number; write it like AS8359 or 8359 (digits only)"
        case let .tooLarge(text):
            return "'\(text)' is larger than 4294967295, the largest AS number"
        case let .reserved(text):
            return "'\(text)' is AS0, which is reserved (RFC 7607) and never a network's AS number"
        }
    }

    /// `1.10` as the number it stands for (65546), so the message can say what to write.
    private static func asplain(asdot text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.utf8.allSatisfy { (0x30...0x39).contains($0) } }),
              let high = UInt16(parts[0]), let low = UInt16(parts[1]) else { return nil }
        return UInt32(high) << 16 | UInt32(low)
    }
}
