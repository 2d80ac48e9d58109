import BGP
import Foundation
import Yams

/// Why a policy or scenario file could not be loaded: the file, the line, the field and what
/// was expected (`smarthub-ix.yaml:12: rules.prefix_length.ipv4.max: expected a prefix length
/// 0...32`, `leave.yaml:7: changes[0].member_leaves: expected an AS number like 8960`).
public struct ConfigurationFileError: Error, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var field: String
    public var problem: String

    public init(file: String, line: Int?, field: String, problem: String) {
        self.file = file
        self.line = line
        self.field = field
        self.problem = problem
    }

    public var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): \(field.isEmpty ? "" : "\(field): ")\(problem)"
    }
}

public typealias PolicyError = ConfigurationFileError
public typealias ScenarioError = ConfigurationFileError

/// The policy file format (YAML), read through Yams' node tree so that messages name lines:
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
///   max_prefix: {clause: P6, ipv4: 1000, ipv6: 150, action: disable}  # or block
/// ```
///
/// List files hold one entry a line; `#` starts a comment; relative paths are taken from the
/// policy file's directory.
extension ImportPolicy {
    /// The rule keys of the format.
    public static let ruleKeys = ["bogon_prefix", "prefix_length", "default_route", "bogon_asn", "first_as", "next_hop",
                                  "transit_free_asn", "as_path_length", "max_prefix"]

    /// Loads the policy file at `path`.
    public static func load(path: String) throws(PolicyError) -> ImportPolicy {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw PolicyError(file: path, line: nil, field: "", problem: "cannot read the policy file; check the path")
        }
        let directory = (path as NSString).deletingLastPathComponent
        return try parse(yaml: text, file: path, baseDirectory: directory.isEmpty ? "." : directory)
    }

    /// The preset `name` (`smarthub-ix`) from `directory` (the project's `data/policies`).
    public static func preset(_ name: String, directory: String) throws(PolicyError) -> ImportPolicy {
        try load(path: (directory as NSString).appendingPathComponent("\(name).yaml"))
    }

    /// Parses policy YAML held in memory; list files are read from `baseDirectory`.
    public static func parse(yaml: String, file: String = "policy.yaml", baseDirectory: String = ".") throws(PolicyError) -> ImportPolicy {
        var reader = PolicyYAMLReader(file: file, baseDirectory: baseDirectory)
        return try reader.read(yaml)
    }
}

struct PolicyYAMLReader {
    let file: String
    let baseDirectory: String

    func fail(_ node: Node?, _ field: String, _ problem: String) -> PolicyError {
        PolicyError(file: file, line: node?.mark?.line, field: field, problem: problem)
    }

    /// A mapping's entries by key, refusing keys not in `allowed`.
    func mapping(_ node: Node, _ field: String, allowed: [String]) throws(PolicyError) -> [String: (key: Node, value: Node)] {
        guard case let .mapping(m) = node else { throw fail(node, field, "expected a mapping with \(allowed.joined(separator: ", "))") }
        var out: [String: (key: Node, value: Node)] = [:]
        for (k, v) in m {
            guard let key = k.scalar?.string else { throw fail(k, field, "expected a text key") }
            guard allowed.contains(key) else {
                throw fail(k, field, "unknown key '\(key)'; expected one of: \(allowed.joined(separator: ", "))")
            }
            out[key] = (k, v)
        }
        return out
    }

    func string(_ node: Node, _ field: String) throws(PolicyError) -> String {
        guard let s = node.scalar?.string, !s.isEmpty else { throw fail(node, field, "expected text") }
        return s
    }

    func integer(_ node: Node, _ field: String, _ range: ClosedRange<Int>) throws(PolicyError) -> Int {
        guard let s = node.scalar?.string, let v = Int(s), range.contains(v) else {
            throw fail(node, field, "expected a whole number \(range.lowerBound)...\(range.upperBound)")
        }
        return v
    }

    func list(_ node: Node, _ field: String) throws(PolicyError) -> [(text: String, node: Node)] {
        guard case let .sequence(seq) = node else { throw fail(node, field, "expected a list") }
        var out: [(String, Node)] = []
        for item in seq {
            guard let s = item.scalar?.string else { throw fail(item, field, "expected a list of values") }
            out.append((s, item))
        }
        return out
    }

    /// The entries of a list file: (text, line), comments and blank lines dropped.
    func listFile(_ node: Node, _ field: String) throws(PolicyError) -> (path: String, entries: [(text: String, line: Int)]) {
        let name = try string(node, field)
        let path = name.hasPrefix("/") ? name : (baseDirectory as NSString).appendingPathComponent(name)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw fail(node, field, "cannot read the list file \(path); check the path (relative to the policy file)")
        }
        var entries: [(String, Int)] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let trimmed = content.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty { entries.append((trimmed, i + 1)) }
        }
        return (path, entries)
    }

    func clause(_ fields: [String: (key: Node, value: Node)], _ field: String, _ ruleNode: Node) throws(PolicyError) -> String {
        guard let c = fields["clause"] else {
            throw fail(ruleNode, field, "missing clause: the rule of ixp-rules.md it enforces, like S4 or P6")
        }
        return try string(c.value, "\(field).clause")
    }

    static func asnRange(_ text: String) -> ClosedRange<UInt32>? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let plain = parts.map { $0.hasPrefix("AS") || $0.hasPrefix("as") ? String($0.dropFirst(2)) : $0 }
        guard (1...2).contains(plain.count), let lo = UInt32(plain[0]), let hi = UInt32(plain.last!), lo <= hi else { return nil }
        return lo...hi
    }

    mutating func read(_ text: String) throws(PolicyError) -> ImportPolicy {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            var line: Int? = nil
            if case let .scanner(_, _, mark, _) = error { line = mark.line }
            if case let .parser(_, _, mark, _) = error { line = mark.line }
            throw PolicyError(file: file, line: line, field: "", problem: "not valid YAML: \(error)")
        } catch {
            throw PolicyError(file: file, line: nil, field: "", problem: "not valid YAML: \(error)")
        }
        guard let root else { throw PolicyError(file: file, line: 1, field: "", problem: "the file is empty; expected name and rules") }
        let top = try mapping(root, "", allowed: ["name", "title", "rules"])
        guard let nameNode = top["name"] else { throw fail(root, "name", "missing; expected the policy's name, like smarthub-ix") }
        var policy = ImportPolicy(name: try string(nameNode.value, "name"), title: try top["title"].map { (e) throws(PolicyError) in try string(e.value, "title") } ?? "", file: file)
        guard let rulesNode = top["rules"] else { throw fail(root, "rules", "missing; expected a mapping of rules") }
        let rules = try mapping(rulesNode.value, "rules", allowed: ImportPolicy.ruleKeys)
        for key in ImportPolicy.ruleKeys {
            guard let (_, node) = rules[key] else { continue }
            let field = "rules.\(key)"
            switch key {
            case "bogon_prefix":
                let f = try mapping(node, field, allowed: ["clause", "list", "prefixes"])
                var ranges: [Prefix] = []
                if let l = f["list"] {
                    let (path, entries) = try listFile(l.value, "\(field).list")
                    for e in entries {
                        guard let p = Prefix(e.text) else {
                            throw PolicyError(file: path, line: e.line, field: "", problem: "expected a prefix like 10.0.0.0/8 (not '\(e.text)')")
                        }
                        ranges.append(p)
                    }
                }
                if let l = f["prefixes"] {
                    for (text, item) in try list(l.value, "\(field).prefixes") {
                        guard let p = Prefix(text) else { throw fail(item, "\(field).prefixes", "expected a prefix like 10.0.0.0/8 (not '\(text)')") }
                        ranges.append(p)
                    }
                }
                guard !ranges.isEmpty else { throw fail(node, field, "expected list: FILE or prefixes: [...]") }
                policy.bogonPrefix = BogonPrefixRule(clause: try clause(f, field, node), ranges: ranges)
            case "prefix_length":
                let f = try mapping(node, field, allowed: ["clause", "ipv4", "ipv6"])
                var rule = PrefixLengthRule(clause: try clause(f, field, node))
                for (family, maxLength) in [("ipv4", 32), ("ipv6", 128)] {
                    guard let n = f[family] else { continue }
                    let g = try mapping(n.value, "\(field).\(family)", allowed: ["min", "max"])
                    let lo = try g["min"].map { (e) throws(PolicyError) in try integer(e.value, "\(field).\(family).min", 0...maxLength) } ?? 0
                    let hi = try g["max"].map { (e) throws(PolicyError) in try integer(e.value, "\(field).\(family).max", 0...maxLength) } ?? maxLength
                    guard lo <= hi else { throw fail(n.value, "\(field).\(family)", "min must not be larger than max") }
                    if family == "ipv4" { rule.ipv4 = lo...hi } else { rule.ipv6 = lo...hi }
                }
                policy.prefixLength = rule
            case "default_route", "first_as", "next_hop":
                let f = try mapping(node, field, allowed: ["clause"])
                let rule = ClauseRule(clause: try clause(f, field, node))
                if key == "default_route" { policy.defaultRoute = rule } else if key == "first_as" { policy.firstAS = rule } else { policy.nextHop = rule }
            case "bogon_asn", "transit_free_asn":
                let f = try mapping(node, field, allowed: ["clause", "list", "ranges", "asns"])
                var ranges: [ClosedRange<UInt32>] = []
                if let l = f["list"] {
                    let (path, entries) = try listFile(l.value, "\(field).list")
                    for e in entries {
                        guard let r = Self.asnRange(e.text) else {
                            throw PolicyError(file: path, line: e.line, field: "", problem: "expected an ASN or a range like 64512-65534 (not '\(e.text)')")
                        }
                        ranges.append(r)
                    }
                }
                for k in ["ranges", "asns"] {
                    guard let l = f[k] else { continue }
                    for (text, item) in try list(l.value, "\(field).\(k)") {
                        guard let r = Self.asnRange(text) else { throw fail(item, "\(field).\(k)", "expected an ASN or a range like 64512-65534 (not '\(text)')") }
                        ranges.append(r)
                    }
                }
                guard !ranges.isEmpty else { throw fail(node, field, "expected list: FILE, ranges: [...] or asns: [...]") }
                let rule = ASNRangeRule(clause: try clause(f, field, node), ranges: ranges)
                if key == "bogon_asn" { policy.bogonASN = rule } else { policy.transitFreeASN = rule }
            case "as_path_length":
                let f = try mapping(node, field, allowed: ["clause", "max"])
                guard let m = f["max"] else { throw fail(node, field, "missing max: the longest AS path accepted") }
                policy.asPathLength = PathLengthRule(clause: try clause(f, field, node), max: try integer(m.value, "\(field).max", 1...10_000))
            case "max_prefix":
                let f = try mapping(node, field, allowed: ["clause", "ipv4", "ipv6", "action"])
                var rule = MaxPrefixRule(clause: try clause(f, field, node))
                rule.ipv4 = try f["ipv4"].map { (e) throws(PolicyError) in try integer(e.value, "\(field).ipv4", 1...100_000_000) }
                rule.ipv6 = try f["ipv6"].map { (e) throws(PolicyError) in try integer(e.value, "\(field).ipv6", 1...100_000_000) }
                if let a = f["action"] {
                    let text = try string(a.value, "\(field).action")
                    guard let action = MaxPrefixRule.Action(rawValue: text) else {
                        throw fail(a.value, "\(field).action", "expected disable or block (not '\(text)')")
                    }
                    rule.action = action
                }
                policy.maxPrefix = rule
            default:
                break
            }
        }
        return policy
    }
}
