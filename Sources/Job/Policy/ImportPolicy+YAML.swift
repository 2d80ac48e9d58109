import BGP
import Foundation

/// The policy file format (YAML), read with `YAMLNode`:
///
/// ```yaml
/// name: smarthub-ix
/// title: SmartHub IX service schedule
/// rules:                                  # a rule left out is not checked
///   bogon_prefix: {clause: S4, list: bogon-prefixes.txt}   # or prefixes: [10.0.0.0/8, ...]
///   prefix_length: {clause: S3, ipv4: {min: 8, max: 24}, ipv6: {min: 16, max: 48}}
///   default_route: {clause: S4}
///   bogon_asn: {clause: S2, ranges: ["0", "64512-65534"]}  # or list: FILE
///   first_as: {clause: S4}
///   next_hop: {clause: S4}
///   transit_free_asn: {clause: S6, list: transit-free-asns.txt}  # or asns: [174, 3356]
///   as_path_length: {clause: S4, max: 64}
///   max_prefix: {clause: P6, ipv4: 1000, ipv6: 150, action: disable, count: accepted}  # action: disable, restart, block, warn; count: received or accepted
/// ```
///
/// List files hold one entry a line; `#` starts a comment; relative paths are taken from the
/// policy file's directory.
extension ImportPolicy {
    /// The rule keys of the format.
    public static let ruleKeys = PolicyRuleKey.allCases.map(\.rawValue)

    /// Loads the policy file at `path`.
    public static func load(path: String) throws(ConfigurationFileError) -> ImportPolicy {
        let text = try YAMLDocument.text(path: path, kind: "policy file")
        let directory = (path as NSString).deletingLastPathComponent
        return try parse(yaml: text, file: path, baseDirectory: directory.isEmpty ? "." : directory)
    }

    /// The preset `name` (`smarthub-ix`) from `directory` (the project's `data/policies`).
    public static func preset(_ name: String, directory: String) throws(ConfigurationFileError) -> ImportPolicy {
        try load(path: (directory as NSString).appendingPathComponent("\(name).yaml"))
    }

    /// Parses policy YAML held in memory; list files are read from `baseDirectory`.
    public static func parse(yaml: String, file: String = "policy.yaml",
                             baseDirectory: String = ".") throws(ConfigurationFileError) -> ImportPolicy {
        let root = try YAMLDocument.root(yaml: yaml, file: file, expected: "name and rules")
        return try PolicyReader(baseDirectory: baseDirectory).policy(root)
    }
}

struct PolicyReader {
    let baseDirectory: String

    func policy(_ root: YAMLNode) throws(ConfigurationFileError) -> ImportPolicy {
        let top = try root.mapping(allowed: ["name", "title", "rules"], expected: "a mapping with name, title and rules")
        var policy = ImportPolicy(name: try top.string("name", expected: "the policy's name, like smarthub-ix"),
                                  title: try top["title"]?.string(expected: "a title") ?? "", file: root.file)
        let rules = try top.required("rules", expected: "a mapping of rules")
            .mapping(allowed: ImportPolicy.ruleKeys, expected: "a mapping of rules (\(ImportPolicy.ruleKeys.joined(separator: ", ")))")
        for (key, node) in rules.entries {
            switch key {
            case "bogon_prefix": policy.bogonPrefix = try bogonPrefix(node)
            case "prefix_length": policy.prefixLength = try prefixLength(node)
            case "default_route": policy.defaultRoute = try clauseOnly(node)
            case "first_as": policy.firstAS = try clauseOnly(node)
            case "next_hop": policy.nextHop = try clauseOnly(node)
            case "bogon_asn": policy.bogonASN = try asnRanges(node)
            case "transit_free_asn": policy.transitFreeASN = try asnRanges(node)
            case "as_path_length": policy.asPathLength = try pathLength(node)
            case "max_prefix": policy.maxPrefix = try maxPrefix(node)
            default: break
            }
        }
        return policy
    }

    // MARK: - Rules

    func clause(_ rule: YAMLMapping) throws(ConfigurationFileError) -> String {
        try rule.string("clause", expected: "the clause of docs/rules.md the rule enforces, like S4 or P6")
    }

    func clauseOnly(_ node: YAMLNode) throws(ConfigurationFileError) -> ClauseRule {
        ClauseRule(clause: try clause(node.mapping(allowed: ["clause"], expected: "a mapping with clause")))
    }

    func bogonPrefix(_ node: YAMLNode) throws(ConfigurationFileError) -> BogonPrefixRule {
        let rule = try node.mapping(allowed: ["clause", "list", "prefixes"], expected: "a mapping with clause and list or prefixes")
        let expected = "a prefix like 10.0.0.0/8"
        var ranges: [Prefix] = []
        if let list = rule["list"] {
            for entry in try listFile(list) {
                guard let prefix = Prefix(entry.text) else { throw .invalid(entry.location, expected: "\(expected) (not '\(entry.text)')") }
                ranges.append(prefix)
            }
        }
        for item in try rule["prefixes"]?.list(expected: "a list of prefixes like 10.0.0.0/8") ?? [] {
            ranges.append(try item.value(expected: expected) { Prefix($0) })
        }
        guard !ranges.isEmpty else { throw node.invalid("list: FILE or prefixes: [...]") }
        return BogonPrefixRule(clause: try clause(rule), ranges: ranges)
    }

    func prefixLength(_ node: YAMLNode) throws(ConfigurationFileError) -> PrefixLengthRule {
        let rule = try node.mapping(allowed: ["clause", "ipv4", "ipv6"], expected: "a mapping with clause, ipv4 and ipv6")
        var lengths = PrefixLengthRule(clause: try clause(rule))
        for (family, longest) in [("ipv4", 32), ("ipv6", 128)] {
            guard let node = rule[family] else { continue }
            let bounds = try PrefixLengthBounds(node, longest: longest)
            let range = (bounds.min ?? 0)...(bounds.max ?? longest)
            if family == "ipv4" { lengths.ipv4 = range } else { lengths.ipv6 = range }
        }
        return lengths
    }

    func asnRanges(_ node: YAMLNode) throws(ConfigurationFileError) -> ASNRangeRule {
        let rule = try node.mapping(allowed: ["clause", "list", "ranges", "asns"],
                                    expected: "a mapping with clause and list, ranges or asns")
        let expected = "an ASN or a range like 64512-65534"
        var ranges: [ClosedRange<UInt32>] = []
        if let list = rule["list"] {
            for entry in try listFile(list) {
                guard let range = Self.asnRange(entry.text) else { throw .invalid(entry.location, expected: "\(expected) (not '\(entry.text)')") }
                ranges.append(range)
            }
        }
        for key in ["ranges", "asns"] {
            for item in try rule[key]?.list(expected: "a list of ASNs or ranges like 64512-65534") ?? [] {
                ranges.append(try item.value(expected: expected, Self.asnRange))
            }
        }
        guard !ranges.isEmpty else { throw node.invalid("list: FILE, ranges: [...] or asns: [...]") }
        return ASNRangeRule(clause: try clause(rule), ranges: ranges)
    }

    func pathLength(_ node: YAMLNode) throws(ConfigurationFileError) -> PathLengthRule {
        let rule = try node.mapping(allowed: ["clause", "max"], expected: "a mapping with clause and max")
        let max = try rule.required("max", expected: "the longest AS path accepted").integer(1...10_000)
        return PathLengthRule(clause: try clause(rule), max: max)
    }

    func maxPrefix(_ node: YAMLNode) throws(ConfigurationFileError) -> MaxPrefixRule {
        let rule = try node.mapping(allowed: ["clause", "ipv4", "ipv6", "action", "count"],
                                    expected: "a mapping with clause, ipv4, ipv6, action and count")
        let limits = try MaxPrefixLimits(rule)
        return MaxPrefixRule(clause: try clause(rule), ipv4: limits.ipv4, ipv6: limits.ipv6, action: limits.action ?? .disable,
                             counting: limits.counting ?? .accepted)
    }

    /// `64512-65534`, `AS64512-AS65534` or one ASN; AS0 is allowed, as bogon lists name it.
    static func asnRange(_ text: String) -> ClosedRange<UInt32>? {
        let ends = text.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard (1...2).contains(ends.count),
              let low = try? ASN(parsing: ends[0], allowingAS0: true), let high = try? ASN(parsing: ends[ends.count - 1], allowingAS0: true),
              low <= high else { return nil }
        return low.rawValue...high.rawValue
    }

    // MARK: - List files

    /// The entries of a list file, comments and blank lines dropped, each with its place in
    /// that file for the messages.
    func listFile(_ node: YAMLNode) throws(ConfigurationFileError) -> [(text: String, location: ConfigurationFileError.Location)] {
        let name = try node.string(expected: "the path of a list file, one entry a line")
        let path = name.hasPrefix("/") ? name : (baseDirectory as NSString).appendingPathComponent(name)
        let text: String
        do {
            text = try readText(path: path)
        } catch {
            throw node.rejected("cannot read the list file \(path): \(error.reason); check the path "
                                + "(relative paths are taken from the policy file's directory)")
        }
        var entries: [(String, ConfigurationFileError.Location)] = []
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let content = line.prefix { $0 != "#" }.trimmingCharacters(in: .whitespaces)
            if !content.isEmpty { entries.append((content, ConfigurationFileError.Location(file: path, line: index + 1, field: ""))) }
        }
        return entries
    }
}
