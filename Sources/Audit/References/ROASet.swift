import BGP
import Foundation

/// RPKI validated ROA payloads (VRPs): which AS may originate which prefix, down to which
/// length. Read from an rpki-client or Routinator JSON export (`{"roas": [{"asn": 13335 or
/// "AS13335", "prefix": "1.1.1.0/24", "maxLength": 24, "ta": "apnic"}]}`) or their CSV
/// export (`ASN,IP Prefix,Max Length,Trust Anchor[,Expires]`).
public struct ROASet: Sendable {
    public struct VRP: Hashable, Sendable, CustomStringConvertible {
        public var asn: ASN
        public var prefix: Prefix
        public var maxLength: Int
        /// The trust anchor (`apnic`, `ripe`); empty when the export gives none.
        public var trustAnchor: String

        public init(asn: ASN, prefix: Prefix, maxLength: Int, trustAnchor: String = "") {
            self.asn = asn
            self.prefix = prefix
            self.maxLength = maxLength
            self.trustAnchor = trustAnchor
        }

        /// `AS13335 1.1.1.0/24-24 (apnic)`.
        public var description: String {
            "AS\(asn) \(prefix)-\(maxLength)" + (trustAnchor.isEmpty ? "" : " (\(trustAnchor))")
        }
    }

    /// Each prefix's first authorization in `authorizations`, whose `next` chains the others
    /// of that prefix in file order: one flat array instead of an array per prefix, so that
    /// reading 768k VRPs allocates nothing per prefix and the lookup done for every route of a
    /// day copies no strings and mostly reads one entry.
    private var slots = PrefixTrie<Int32>()
    private var authorizations: [Authorization] = []
    private var trustAnchors: [String] = []
    private var indexOfTrustAnchor: [String: UInt16] = [:]
    public private(set) var count = 0

    /// More distinct trust anchors than an authorization can name (65,536); a validator's
    /// export has one per RIR, so a file with this many is not a VRP export.
    public struct TooManyTrustAnchors: Error, Hashable {
        public static let limit = Int(UInt16.max) + 1
    }

    /// A VRP without its prefix (the slot's) and with its trust anchor as an index; `next` is
    /// the index of the prefix's next authorization, -1 for its last.
    private struct Authorization {
        var asn: ASN
        var next: Int32
        var trustAnchor: UInt16
        var maxLength: UInt8

        func grantsTheSame(as other: Authorization) -> Bool {
            asn == other.asn && maxLength == other.maxLength && trustAnchor == other.trustAnchor
        }
    }

    public init() {}

    public init(_ vrps: [VRP]) throws(TooManyTrustAnchors) {
        slots.reserveCapacity(vrps.count)
        authorizations.reserveCapacity(vrps.count)
        for vrp in vrps { try insert(vrp) }
    }

    public mutating func insert(_ vrp: VRP) throws(TooManyTrustAnchors) {
        let anchor = try anchorIndex(vrp.trustAnchor)
        let entry = Authorization(asn: vrp.asn, next: -1, trustAnchor: anchor, maxLength: UInt8(clamping: vrp.maxLength))
        let added = Int32(authorizations.count)
        if let first = slots.insertIfAbsent(vrp.prefix, added) {
            var last = Int(first)
            while true {
                if authorizations[last].grantsTheSame(as: entry) { return }
                let next = authorizations[last].next
                if next < 0 { break }
                last = Int(next)
            }
            authorizations[last].next = added
        }
        authorizations.append(entry)
        count += 1
    }

    private mutating func anchorIndex(_ name: String) throws(TooManyTrustAnchors) -> UInt16 {
        if let known = indexOfTrustAnchor[name] { return known }
        guard let index = UInt16(exactly: trustAnchors.count) else { throw TooManyTrustAnchors() }
        trustAnchors.append(name)
        indexOfTrustAnchor[name] = index
        return index
    }

    /// Reads a JSON or CSV export (plain, gzip or bzip2); the format is told from the first
    /// character (`{` is JSON).
    public static func load(path: String) throws(ReferenceFileError) -> ROASet {
        try ROASet(bytes: ReferenceText.bytes(path: path), file: path)
    }

    public init(bytes: [UInt8], file: String) throws(ReferenceFileError) {
        let first = bytes.first { ![UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n")].contains($0) }
        let vrps = first == UInt8(ascii: "{") ? try Self.parseJSON(bytes, file: file) : try Self.parseCSV(bytes, file: file)
        do {
            try self.init(vrps)
        } catch {
            throw .tooManyTrustAnchors(file: file, limit: TooManyTrustAnchors.limit)
        }
    }

    /// Route origin validation (RFC 6811 section 2): Valid when a covering VRP has the route's
    /// origin (never AS0) and a max length at least the prefix's; Invalid when VRPs cover the
    /// prefix but none matches (a path ending in an AS_SET has no origin and matches none);
    /// NotFound when no VRP covers it.
    public func validate(prefix: Prefix, origin: ASN?) -> RPKIState {
        let (covered, matched) = match(prefix: prefix, origin: origin)
        if !covered { return .notFound }
        if matched { return .valid }
        let sorted = covering(prefix).sorted { ($0.prefix, $0.asn, $0.maxLength) < ($1.prefix, $1.asn, $1.maxLength) }
        let shown = sorted.prefix(3).map(\.description).joined(separator: ", ") + (sorted.count > 3 ? " and \(sorted.count - 3) more" : "")
        let why: String
        if let origin, sorted.contains(where: { $0.asn == origin }) {
            why = "/\(prefix.length) is longer than the max length the ROAs for origin AS\(origin) allow"
        } else {
            why = "no ROA names origin \(origin.map { "AS\($0)" } ?? "(none: the path ends in an AS_SET)")"
        }
        return .invalid(reason: "\(why); covering VRPs: \(shown)")
    }

    /// Whether Invalid (RFC 6811), without the explanation `validate` writes: the check asks
    /// for every route of the day and explains only the invalid ones.
    public func isInvalid(prefix: Prefix, origin: ASN?) -> Bool {
        let (covered, matched) = match(prefix: prefix, origin: origin)
        return covered && !matched
    }

    /// Whether some VRP covers `prefix`, and whether one of them matches `origin` and length.
    private func match(prefix: Prefix, origin: ASN?) -> (covered: Bool, matched: Bool) {
        var covered = false, matched = false
        slots.forEachMatch(covering: prefix) { _, first in
            covered = true
            guard let origin, origin.rawValue != 0, !matched else { return }
            var index = first
            while index >= 0 {
                let authorization = authorizations[Int(index)]
                if authorization.asn == origin && prefix.length <= authorization.maxLength {
                    matched = true
                    return
                }
                index = authorization.next
            }
        }
        return (covered, matched)
    }

    /// The VRPs for `prefix` or a prefix covering it, least specific first.
    public func covering(_ prefix: Prefix) -> [VRP] {
        var found: [VRP] = []
        slots.forEachMatch(covering: prefix) { covering, first in
            var index = first
            while index >= 0 {
                let authorization = authorizations[Int(index)]
                found.append(VRP(asn: authorization.asn, prefix: covering, maxLength: Int(authorization.maxLength),
                                 trustAnchor: trustAnchors[Int(authorization.trustAnchor)]))
                index = authorization.next
            }
        }
        return found
    }

    // MARK: formats

    private static func parseJSON(_ bytes: [UInt8], file: String) throws(ReferenceFileError) -> [VRP] {
        var reader = VRPJSONReader(bytes: bytes, file: file)
        return try reader.vrps()
    }

    private static func parseCSV(_ bytes: [UInt8], file: String) throws(ReferenceFileError) -> [VRP] {
        var out: [VRP] = []
        let expected = "\"ASN,IP Prefix,Max Length,Trust Anchor\" like \"AS13335,1.1.1.0/24,24,apnic\""
        try ReferenceText.forEachLine(bytes) { (line, number) throws(ReferenceFileError) in
            let text = ReferenceText.trimmed(line)
            if text.isEmpty || text.hasPrefix("#") { return }
            let fields = text.split(separator: ",", omittingEmptySubsequences: false).map { ReferenceText.trimmed($0) }
            if number == 1 || out.isEmpty, fields.first?.lowercased() == "asn" { return }
            guard fields.count >= 3, let asn = ReferenceText.asn(fields[0]), let prefix = Prefix(String(fields[1])),
                  let maxLength = Int(fields[2]), Int(prefix.length)...prefix.family.maxPrefixLength ~= maxLength else {
                throw .malformedLine(file: file, line: number, text: String(text), expected: expected)
            }
            out.append(VRP(asn: asn, prefix: prefix, maxLength: maxLength, trustAnchor: fields.count > 3 ? String(fields[3]) : ""))
        }
        return out
    }
}

/// The outcome of route origin validation (RFC 6811 section 2).
public enum RPKIState: Hashable, Sendable, CustomStringConvertible {
    case valid
    /// Covered by VRPs none of which matches; the reason names the origin and those VRPs.
    case invalid(reason: String)
    case notFound

    public var description: String {
        switch self {
        case .valid: return "valid"
        case let .invalid(reason): return "invalid: \(reason)"
        case .notFound: return "not found"
        }
    }
}
