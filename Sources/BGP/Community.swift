/// A standard community (RFC 1997): two 16-bit halves, conventionally ASN:value.
public struct Community: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public init(_ high: UInt16, _ low: UInt16) { rawValue = UInt32(high) << 16 | UInt32(low) }

    public var high: UInt16 { UInt16(truncatingIfNeeded: rawValue >> 16) }
    public var low: UInt16 { UInt16(truncatingIfNeeded: rawValue) }

    public static let noExport = Community(rawValue: 0xFFFF_FF01)
    public static let noAdvertise = Community(rawValue: 0xFFFF_FF02)
    public static let noExportSubconfed = Community(rawValue: 0xFFFF_FF03)

    /// `high:low`, or the well-known name the reference decoder prints.
    public var description: String {
        var out: [UInt8] = []
        append(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @inlinable public func append<S: ByteSink>(to out: inout S) {
        switch rawValue {
        case 0xFFFF_FF01: out.append(ascii: "no-export")
        case 0xFFFF_FF02: out.append(ascii: "no-advertise")
        case 0xFFFF_FF03: out.append(ascii: "local-AS")
        default:
            out.appendDecimal(rawValue >> 16)
            out.append(UInt8(ascii: ":"))
            out.appendDecimal(rawValue & 0xFFFF)
        }
    }

    /// Parses `a:b` or a well-known name.
    public init?(_ text: String) {
        switch text {
        case "no-export": self = .noExport
        case "no-advertise": self = .noAdvertise
        case "local-AS", "no-export-subconfed": self = .noExportSubconfed
        default:
            let parts = text.split(separator: ":")
            guard parts.count == 2, let a = UInt16(parts[0]), let b = UInt16(parts[1]) else { return nil }
            self.init(a, b)
        }
    }

    public static func < (a: Community, b: Community) -> Bool { a.rawValue < b.rawValue }
}

/// A large community (RFC 8092): global administrator and two local data parts, 32 bits each.
public struct LargeCommunity: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var global: UInt32
    public var local1: UInt32
    public var local2: UInt32
    public init(_ global: UInt32, _ local1: UInt32, _ local2: UInt32) {
        self.global = global; self.local1 = local1; self.local2 = local2
    }

    public init?(_ text: String) {
        let parts = text.split(separator: ":")
        guard parts.count == 3, let a = UInt32(parts[0]), let b = UInt32(parts[1]), let c = UInt32(parts[2])
        else { return nil }
        self.init(a, b, c)
    }

    public var description: String { "\(global):\(local1):\(local2)" }

    @_specialize(exported: true, where S == [UInt8])
    public func append<S: ByteSink>(to out: inout S) {
        out.appendDecimal(global)
        out.append(UInt8(ascii: ":"))
        out.appendDecimal(local1)
        out.append(UInt8(ascii: ":"))
        out.appendDecimal(local2)
    }
    public static func < (a: LargeCommunity, b: LargeCommunity) -> Bool {
        (a.global, a.local1, a.local2) < (b.global, b.local1, b.local2)
    }
}

/// An extended community (RFC 4360): eight octets, the first one or two giving the type.
public struct ExtendedCommunity: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public var type: UInt8 { UInt8(truncatingIfNeeded: rawValue >> 56) }
    public var subtype: UInt8 { UInt8(truncatingIfNeeded: rawValue >> 48) }

    /// Route targets and route origins (subtypes 0x02, 0x03) of the two-octet-AS (type 0x00),
    /// IPv4-address (0x01) and four-octet-AS (0x02) types as `rt:admin:value` / `soo:...`;
    /// anything else as the 16 hex digits of the community.
    public var description: String {
        let kind: String
        switch subtype {
        case 0x02: kind = "rt"
        case 0x03: kind = "soo"
        default: return hex
        }
        switch type {
        case 0x00, 0x40:
            return "\(kind):\(rawValue >> 32 & 0xFFFF):\(rawValue & 0xFFFF_FFFF)"
        case 0x01, 0x41:
            let ip = IPAddress(ipv4: UInt32(truncatingIfNeeded: rawValue >> 16))
            return "\(kind):\(ip):\(rawValue & 0xFFFF)"
        case 0x02, 0x42:
            return "\(kind):\(rawValue >> 16 & 0xFFFF_FFFF):\(rawValue & 0xFFFF)"
        default:
            return hex
        }
    }

    private var hex: String {
        let digits = String(rawValue, radix: 16)
        return "0x" + String(repeating: "0", count: 16 - digits.count) + digits
    }
}
