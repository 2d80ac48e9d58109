import BGP
import Yams

/// A node of a YAML configuration file that knows where it is: the file, its field as a path
/// (`sources[1].updates[0]`) and its line — the key's line when it was reached through a key,
/// so that a block mapping or list is reported where its name stands. Every accessor checks
/// the shape it reads and throws a `ConfigurationFileError` naming all three.
struct YAMLNode {
    let node: Node
    let file: String
    let field: String
    let line: Int?

    init(_ node: Node, file: String, field: String, line: Int?) {
        self.node = node
        self.file = file
        self.field = field
        self.line = line ?? node.mark?.line
    }

    var location: ConfigurationFileError.Location { ConfigurationFileError.Location(file: file, line: line, field: field) }

    /// The field path of `key` under this node.
    func path(_ key: String) -> String { field.isEmpty ? key : "\(field).\(key)" }

    /// The scalar's text; nil for a mapping or a list.
    var text: String? { node.scalar?.string }

    /// `key:` with nothing after it, `~` or `null`: YAML's way of leaving a field out.
    static func isNull(_ node: Node) -> Bool {
        guard case let .scalar(s) = node, s.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    // MARK: - Errors at this node

    /// The node is not what `expected` describes; a scalar is quoted, so that the message
    /// shows what was read.
    func invalid(_ expected: String) -> ConfigurationFileError {
        guard let text, !text.isEmpty else { return .invalid(location, expected: expected) }
        return .invalid(location, expected: "\(expected) (not '\(text)')")
    }

    func rejected(_ reason: String) -> ConfigurationFileError { .rejected(location, reason: reason) }

    // MARK: - Shapes

    /// The node as a mapping whose keys are all in `allowed` (nil: any plain name).
    func mapping(allowed: [String]?, expected: String) throws(ConfigurationFileError) -> YAMLMapping {
        guard case let .mapping(mapping) = node else { throw .invalid(location, expected: expected) }
        var entries: [(key: String, value: YAMLNode)] = []
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                throw .invalid(YAMLNode(key, file: file, field: field, line: nil).location, expected: "keys that are plain names")
            }
            if let allowed, !allowed.contains(name) {
                throw .unknownKey(YAMLNode(key, file: file, field: path(name), line: nil).location, key: name, allowed: allowed)
            }
            entries.append((name, YAMLNode(value, file: file, field: path(name), line: key.mark?.line)))
        }
        return YAMLMapping(node: self, entries: entries)
    }

    /// The items of a list; a scalar or mapping where a list belongs is an error.
    func list(expected: String) throws(ConfigurationFileError) -> [YAMLNode] {
        guard case let .sequence(sequence) = node else { throw .invalid(location, expected: expected) }
        return sequence.enumerated().map { YAMLNode($1, file: file, field: "\(field)[\($0)]", line: nil) }
    }

    /// The items of a list, or the node itself when it is a single scalar (`ipv4: 185.1.15.20`
    /// for `ipv4: [185.1.15.20]`).
    func items(expected: String) throws(ConfigurationFileError) -> [YAMLNode] {
        if case .scalar = node { return [self] }
        return try list(expected: expected)
    }

    // MARK: - Scalars

    /// Non-empty text.
    func string(expected: String) throws(ConfigurationFileError) -> String {
        guard let text, !text.isEmpty else { throw invalid(expected) }
        return text
    }

    /// A scalar `make` accepts; the error quotes the text it refused.
    func value<T>(expected: String, _ make: (String) -> T?) throws(ConfigurationFileError) -> T {
        guard let text, let value = make(text) else { throw invalid(expected) }
        return value
    }

    /// A whole number in `range`, written in decimal digits.
    func integer(_ range: ClosedRange<Int>, expected: String? = nil) throws(ConfigurationFileError) -> Int {
        try value(expected: expected ?? "a whole number \(range.lowerBound)...\(range.upperBound)") { text in
            guard !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let v = Int(text), range.contains(v)
            else { return nil }
            return v
        }
    }

    /// `true` or `false` (also YAML 1.1's `yes`/`no`, `on`/`off`).
    func bool() throws(ConfigurationFileError) -> Bool {
        guard let value = node.bool else { throw invalid("true or false") }
        return value
    }

    /// An address of `family`.
    func address(_ family: AddressFamily, expected: String) throws(ConfigurationFileError) -> IPAddress {
        try value(expected: expected) { text in IPAddress(text).flatMap { $0.family == family ? $0 : nil } }
    }

    /// An AS number, read by `ASN(parsing:)`.
    func asn() throws(ConfigurationFileError) -> ASN {
        try value(expected: ASNTextError.expected) { try? ASN(parsing: $0) }
    }
}

extension ASNTextError {
    /// What a configuration file is told an AS number looks like.
    static let expected = "an AS number like 8960 or AS8960 (1 to 4294967295)"
}
