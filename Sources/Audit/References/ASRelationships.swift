import BGP

/// Business relationships between ASes, from a CAIDA AS-relationship file: serial-1
/// (`a|b|rel`) or serial-2 (`a|b|rel|source`), where rel -1 means a is b's provider
/// (provider-to-customer) and 0 means a and b are peers; `#` starts a comment line.
///
/// The peer-leak check (RFC 7908 type 4) asks whether a member that re-announces another
/// member's routes is that member's provider, directly or through a chain of customers.
public struct ASRelationships: Sendable {
    /// What `a` is to `b`.
    public enum Relation: Hashable, Sendable, CustomStringConvertible {
        case provider
        case customer
        case peer

        public var description: String {
            switch self {
            case .provider: return "provider"
            case .customer: return "customer"
            case .peer: return "peer"
            }
        }
    }

    /// Both directions of every pair: `a << 32 | b` to what a is to b.
    private var relations: [UInt64: Relation] = [:]

    public init() {}

    /// Pairs known.
    public var count: Int { relations.count / 2 }

    /// Reads a serial-1 or serial-2 file (plain, gzip or bzip2).
    public static func load(path: String) throws(ReferenceFileError) -> ASRelationships {
        try ASRelationships(bytes: ReferenceText.bytes(path: path), file: path)
    }

    /// Reads the text of a serial-1 or serial-2 file; `file` names it in errors.
    public init(bytes: [UInt8], file: String) throws(ReferenceFileError) {
        var table = ASRelationships()
        let expected = "\"a|b|rel\" or \"a|b|rel|source\" with two ASNs and rel -1 (a is b's provider) or 0 (peers)"
        try ReferenceText.forEachLine(bytes) { (line, number) throws(ReferenceFileError) in
            let text = ReferenceText.trimmed(line)
            if text.isEmpty || text.hasPrefix("#") { return }
            let fields = text.split(separator: "|", omittingEmptySubsequences: false)
            guard fields.count == 3 || fields.count == 4,
                  let a = ReferenceText.asn(fields[0]), let b = ReferenceText.asn(fields[1]) else {
                throw .malformedLine(file: file, line: number, text: String(text), expected: expected)
            }
            switch ReferenceText.trimmed(fields[2]) {
            case "-1": table.set(a, isProviderOf: b)
            case "0": table.set(a, peersWith: b)
            default: throw .malformedLine(file: file, line: number, text: String(text), expected: expected)
            }
        }
        self = table
    }

    /// Records that `a` is `b`'s provider.
    public mutating func set(_ a: ASN, isProviderOf b: ASN) {
        relations[Self.key(a, b)] = .provider
        relations[Self.key(b, a)] = .customer
    }

    public mutating func set(_ a: ASN, peersWith b: ASN) {
        relations[Self.key(a, b)] = .peer
        relations[Self.key(b, a)] = .peer
    }

    /// What `a` is to `b`; nil when the file does not know the pair.
    public func relation(_ a: ASN, _ b: ASN) -> Relation? { relations[Self.key(a, b)] }

    /// Whether `b` is a customer of `a` (a is b's provider).
    public func isCustomer(_ b: ASN, of a: ASN) -> Bool { relation(a, b) == .provider }

    private static func key(_ a: ASN, _ b: ASN) -> UInt64 { UInt64(a.rawValue) << 32 | UInt64(b.rawValue) }
}
