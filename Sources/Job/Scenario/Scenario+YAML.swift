import BGP
import Foundation
import Yams

/// The scenario file format (YAML), read through Yams' node tree so that messages name lines.
/// `data/scenarios/README.md` documents it with an example of every change kind:
///
/// ```yaml
/// name: as3216-restrictive
/// description: AS3216 announces only to AS8359 and AS8447
/// changes:                      # applied in order
///   - set_communities: {member: 3216, communities: ["0:8960", "8960:8359"], prefixes: [193.0.0.0/24]}
///   - add_communities: {member: 3216, communities: ["8960:1:210312"]}
///   - remove_communities: {member: 3216, communities: ["8960:8960"]}
///   - member_leaves: 8359
///   - member_joins: {asn: 64500, name: New, ipv4: 185.1.15.99, ipv6: "2001:7f8:7a::99",
///                    routes: [{prefix: 203.0.113.0/24, as_path: [64500, 64501], communities: ["8960:8960"]}]}
///   - export_mode: per-client    # best, per-client or add-path
///   - policy: {prefix_length: {ipv4: {max: 23}}, max_prefix: {ipv4: 10, action: block}, next_hop: off}
/// ```
///
/// Unknown keys are errors (they are usually typos).
extension Scenario {
    /// Loads the scenario file at `path`.
    public static func load(path: String) throws(ScenarioError) -> Scenario {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ScenarioError(file: path, line: nil, field: "", problem: "cannot read the scenario file; check the path")
        }
        return try parse(yaml: text, file: path)
    }

    /// Parses scenario YAML held in memory; `file` is the name messages use.
    public static func parse(yaml: String, file: String = "scenario.yaml") throws(ScenarioError) -> Scenario {
        try ScenarioYAMLReader(file: file).read(yaml)
    }
}

struct ScenarioYAMLReader {
    let file: String

    typealias Fields = [String: (key: Node, value: Node)]

    func fail(_ node: Node?, _ field: String, _ problem: String) -> ScenarioError {
        ScenarioError(file: file, line: node?.mark?.line, field: field, problem: problem)
    }

    static func isNull(_ node: Node) -> Bool {
        if case let .scalar(s) = node, s.style == .plain, ["", "~", "null", "Null", "NULL"].contains(s.string) { return true }
        return false
    }

    /// A mapping's entries by key, refusing keys not in `allowed`; null values count as absent.
    func mapping(_ node: Node, _ field: String, allowed: [String], expected: String) throws(ScenarioError) -> Fields {
        guard case let .mapping(m) = node else { throw fail(node, field, "expected \(expected)") }
        var out: Fields = [:]
        for (k, v) in m {
            guard let key = k.scalar?.string else { throw fail(k, field, "expected keys that are plain names") }
            guard allowed.contains(key) else {
                throw fail(k, field.isEmpty ? key : "\(field).\(key)",
                           "unknown key '\(key)'; expected one of: \(allowed.joined(separator: ", "))")
            }
            if Self.isNull(v) { continue }
            out[key] = (k, v)
        }
        return out
    }

    func required(_ fields: Fields, _ key: String, _ field: String, in node: Node, expected: String) throws(ScenarioError) -> Node {
        guard let e = fields[key] else { throw fail(node, path(field, key), "missing; expected \(expected)") }
        return e.value
    }

    func path(_ field: String, _ key: String) -> String { field.isEmpty ? key : "\(field).\(key)" }

    func string(_ node: Node, _ field: String, expected: String) throws(ScenarioError) -> String {
        guard let s = node.scalar?.string, !s.isEmpty else { throw fail(node, field, "expected \(expected)") }
        return s
    }

    func integer(_ node: Node, _ field: String, _ range: ClosedRange<Int>) throws(ScenarioError) -> Int {
        guard let s = node.scalar?.string, s.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(s), range.contains(v) else {
            throw fail(node, field, "expected a whole number \(range.lowerBound)...\(range.upperBound)"
                       + (node.scalar.map { " (not '\($0.string)')" } ?? ""))
        }
        return v
    }

    /// `8960` or `AS8960`, 1 to 4294967295.
    func asn(_ node: Node, _ field: String) throws(ScenarioError) -> ASN {
        let expected = "an AS number like 8960 or AS8960 (1 to 4294967295)"
        guard let text = node.scalar?.string else { throw fail(node, field, "expected \(expected)") }
        return try asn(text, node, field)
    }

    func asn(_ text: String, _ node: Node, _ field: String) throws(ScenarioError) -> ASN {
        let expected = "an AS number like 8960 or AS8960 (1 to 4294967295)"
        let digits = text.uppercased().hasPrefix("AS") ? String(text.dropFirst(2)) : text
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = UInt32(digits), value > 0 else {
            throw fail(node, field, "expected \(expected) (not '\(text)')")
        }
        return ASN(value)
    }

    /// The items of a list; a single scalar counts as a list of one when `scalarIsList`.
    func items(_ node: Node, _ field: String, expected: String, scalarIsList: Bool = false) throws(ScenarioError) -> [(node: Node, field: String)] {
        switch node {
        case let .sequence(seq): return seq.enumerated().map { ($1, "\(field)[\($0)]") }
        case .scalar where scalarIsList: return [(node, field)]
        default: throw fail(node, field, "expected \(expected)")
        }
    }

    /// Communities as a list (`["0:8960", "8960:1:210312"]`) or one string of words.
    func communities(_ node: Node, _ field: String) throws(ScenarioError) -> CommunityList {
        let expected = "a list of communities like \"0:8960\" (standard) or \"8960:1:210312\" (large)"
        var list = CommunityList()
        for (item, itemField) in try items(node, field, expected: expected, scalarIsList: true) {
            guard let text = item.scalar?.string else { throw fail(item, itemField, "expected \(expected)") }
            for word in text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init) {
                guard list.add(word) else {
                    throw fail(item, itemField, "expected a community like 0:8960 (two numbers 0-65535) or 8960:1:210312 "
                               + "(three numbers 0-4294967295), not '\(word)'")
                }
            }
        }
        guard !list.isEmpty || node.sequence != nil else { throw fail(node, field, "expected \(expected)") }
        return list
    }

    func prefix(_ node: Node, _ field: String) throws(ScenarioError) -> Prefix {
        guard let text = node.scalar?.string, let p = Prefix(text) else {
            throw fail(node, field, "expected a prefix like 193.0.0.0/24 or 2001:db8::/32"
                       + (node.scalar.map { " (not '\($0.string)')" } ?? ""))
        }
        return p
    }

    func read(_ text: String) throws(ScenarioError) -> Scenario {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxError(error)
        } catch {
            throw ScenarioError(file: file, line: nil, field: "", problem: "not valid YAML: \(error)")
        }
        guard let root else {
            throw ScenarioError(file: file, line: 1, field: "", problem: "the file is empty; expected name, description and changes")
        }
        let top = try mapping(root, "", allowed: ["name", "description", "changes"],
                              expected: "a mapping with name, description and changes")
        let name = try string(try required(top, "name", "", in: root, expected: "the scenario's name, like as3216-restrictive"),
                              "name", expected: "the scenario's name, like as3216-restrictive")
        let description = try top["description"].map { (e) throws(ScenarioError) in
            try string(e.value, "description", expected: "text describing the scenario")
        } ?? ""
        let changesNode = try required(top, "changes", "", in: root, expected: "a list of changes")
        let list = try items(changesNode, "changes", expected: "a list of changes, each one of: \(ScenarioChange.kinds.joined(separator: ", "))")
        guard !list.isEmpty else { throw fail(changesNode, "changes", "expected at least one change") }
        var changes: [ScenarioChange] = [], lines: [Int?] = []
        for (item, field) in list {
            changes.append(try change(item, field))
            lines.append(item.mark?.line)
        }
        return Scenario(name: name, description: description, changes: changes, file: file, changeLines: lines)
    }

    /// One change: a mapping with exactly one key, the change kind.
    func change(_ node: Node, _ field: String) throws(ScenarioError) -> ScenarioChange {
        let kinds = ScenarioChange.kinds.joined(separator: ", ")
        guard case let .mapping(m) = node, m.count == 1, let (k, value) = m.first, let kind = k.scalar?.string else {
            throw fail(node, field, "expected a change: a mapping with one key, one of: \(kinds)")
        }
        let f = "\(field).\(kind)"
        switch kind {
        case "set_communities", "add_communities", "remove_communities":
            let fields = try mapping(value, f, allowed: ["member", "communities", "prefixes"],
                                     expected: "a mapping with member, communities and optionally prefixes")
            let member = try asn(try required(fields, "member", f, in: value, expected: "the member's AS number"), "\(f).member")
            let list = try communities(try required(fields, "communities", f, in: value, expected: "a list of communities"),
                                       "\(f).communities")
            var prefixes: [Prefix]? = nil
            if let p = fields["prefixes"] {
                prefixes = []
                for (item, itemField) in try items(p.value, "\(f).prefixes", expected: "a list of prefixes", scalarIsList: true) {
                    prefixes!.append(try prefix(item, itemField))
                }
            }
            if kind == "set_communities" { return .setCommunities(member: member, communities: list, prefixes: prefixes) }
            if kind == "add_communities" { return .addCommunities(member: member, communities: list, prefixes: prefixes) }
            return .removeCommunities(member: member, communities: list, prefixes: prefixes)
        case "member_leaves":
            return .memberLeaves(try asn(value, f))
        case "member_joins":
            return .memberJoins(try joining(value, f))
        case "export_mode":
            let names = ExportMode.allCases.map(\.rawValue).joined(separator: ", ")
            guard let text = value.scalar?.string, let mode = ExportMode(rawValue: text) else {
                throw fail(value, f, "expected an export mode: \(names)" + (value.scalar.map { " (not '\($0.string)')" } ?? ""))
            }
            return .exportMode(mode)
        case "policy":
            return .policy(try policy(value, f))
        default:
            throw fail(k, f, "unknown change '\(kind)'; expected one of: \(kinds)")
        }
    }

    func joining(_ node: Node, _ field: String) throws(ScenarioError) -> JoiningMember {
        let fields = try mapping(node, field, allowed: ["asn", "name", "ipv4", "ipv6", "routes"],
                                 expected: "a member: a mapping with asn, name, ipv4 and/or ipv6, routes")
        var member = JoiningMember(asn: try asn(try required(fields, "asn", field, in: node, expected: "the member's AS number"),
                                                "\(field).asn"))
        member.name = try fields["name"].map { (e) throws(ScenarioError) in try string(e.value, "\(field).name", expected: "the member's name") }
        for (key, family) in [("ipv4", AddressFamily.ipv4), ("ipv6", .ipv6)] {
            guard let e = fields[key] else { continue }
            let expected = family == .ipv4 ? "an IPv4 address like 185.1.15.99 or a list of them"
                : "an IPv6 address like \"2001:7f8:7a::99\" or a list of them"
            for (item, itemField) in try items(e.value, "\(field).\(key)", expected: expected, scalarIsList: true) {
                guard let text = item.scalar?.string, let a = IPAddress(text), a.family == family else {
                    throw fail(item, itemField, "expected \(expected)" + (item.scalar.map { " (not '\($0.string)')" } ?? ""))
                }
                if family == .ipv4 { member.ipv4.append(a) } else { member.ipv6.append(a) }
            }
        }
        guard !member.ipv4.isEmpty || !member.ipv6.isEmpty else {
            throw fail(node, "\(field).ipv4", "missing; expected the member's peering addresses: ipv4 and/or ipv6")
        }
        if let r = fields["routes"] {
            for (item, itemField) in try items(r.value, "\(field).routes", expected: "a list of routes, each with prefix, as_path, communities") {
                let rf = try mapping(item, itemField, allowed: ["prefix", "as_path", "communities"],
                                     expected: "a route: a mapping with prefix, as_path and communities")
                let p = try prefix(try required(rf, "prefix", itemField, in: item, expected: "a prefix like 203.0.113.0/24"),
                                   "\(itemField).prefix")
                guard !(p.family == .ipv4 ? member.ipv4 : member.ipv6).isEmpty else {
                    throw fail(item, "\(itemField).prefix",
                               "the member has no \(p.family == .ipv4 ? "IPv4" : "IPv6") address to send \(p) from; add \(p.family == .ipv4 ? "ipv4" : "ipv6")")
                }
                var route = JoiningRoute(prefix: p)
                if let a = rf["as_path"] {
                    var path: [ASN] = []
                    for (hop, hopField) in try items(a.value, "\(itemField).as_path", expected: "a list of AS numbers, the member's first",
                                                     scalarIsList: true) {
                        // `as_path: 64500 64501` is one scalar: split it.
                        guard let text = hop.scalar?.string else { throw fail(hop, hopField, "expected an AS number") }
                        for word in text.split(separator: " ") {
                            path.append(try asn(String(word), hop, hopField))
                        }
                    }
                    guard !path.isEmpty else { throw fail(a.value, "\(itemField).as_path", "expected at least one AS number") }
                    route.asPath = path
                }
                if let c = rf["communities"] { route.communities = try communities(c.value, "\(itemField).communities") }
                member.routes.append(route)
            }
        }
        return member
    }

    func policy(_ node: Node, _ field: String) throws(ScenarioError) -> [PolicyChange] {
        let fields = try mapping(node, field, allowed: ImportPolicy.ruleKeys,
                                 expected: "a mapping of policy rules (\(ImportPolicy.ruleKeys.joined(separator: ", "))) to new parameters or off")
        var out: [PolicyChange] = []
        // In the file's order, so that messages and results follow what was written.
        for (key, (keyNode, value)) in fields.sorted(by: { ($0.value.key.mark?.line ?? 0, $0.key) < ($1.value.key.mark?.line ?? 0, $1.key) }) {
            let f = "\(field).\(key)"
            if let text = value.scalar?.string, ["off", "false", "none"].contains(text) {
                out.append(.disable(rule: key))
                continue
            }
            func clause(_ fields: Fields) throws(ScenarioError) -> String? {
                try fields["clause"].map { (e) throws(ScenarioError) in try string(e.value, "\(f).clause", expected: "a clause like S3 or P6") }
            }
            switch key {
            case "prefix_length":
                let g = try mapping(value, f, allowed: ["clause", "ipv4", "ipv6"],
                                    expected: "a mapping with ipv4 and/or ipv6, each {min, max}; or off")
                var bounds: [String: Int] = [:]
                for (family, maxLength) in [("ipv4", 32), ("ipv6", 128)] {
                    guard let n = g[family] else { continue }
                    let h = try mapping(n.value, "\(f).\(family)", allowed: ["min", "max"], expected: "a mapping with min and/or max")
                    for bound in ["min", "max"] {
                        guard let b = h[bound] else { continue }
                        bounds["\(family).\(bound)"] = try integer(b.value, "\(f).\(family).\(bound)", 0...maxLength)
                    }
                    if let lo = bounds["\(family).min"], let hi = bounds["\(family).max"], lo > hi {
                        throw fail(n.value, "\(f).\(family)", "min must not be larger than max")
                    }
                }
                guard !bounds.isEmpty else { throw fail(value, f, "expected ipv4 and/or ipv6 with min and/or max") }
                out.append(.prefixLength(clause: try clause(g), ipv4Min: bounds["ipv4.min"], ipv4Max: bounds["ipv4.max"],
                                         ipv6Min: bounds["ipv6.min"], ipv6Max: bounds["ipv6.max"]))
            case "max_prefix":
                let g = try mapping(value, f, allowed: ["clause", "ipv4", "ipv6", "action"],
                                    expected: "a mapping with ipv4, ipv6 and/or action; or off")
                let v4 = try g["ipv4"].map { (e) throws(ScenarioError) in try integer(e.value, "\(f).ipv4", 1...100_000_000) }
                let v6 = try g["ipv6"].map { (e) throws(ScenarioError) in try integer(e.value, "\(f).ipv6", 1...100_000_000) }
                var action: MaxPrefixRule.Action? = nil
                if let a = g["action"] {
                    guard let text = a.value.scalar?.string, let act = MaxPrefixRule.Action(rawValue: text) else {
                        throw fail(a.value, "\(f).action", "expected disable or block" + (a.value.scalar.map { " (not '\($0.string)')" } ?? ""))
                    }
                    action = act
                }
                guard v4 != nil || v6 != nil || action != nil else { throw fail(value, f, "expected ipv4, ipv6 and/or action") }
                out.append(.maxPrefix(clause: try clause(g), ipv4: v4, ipv6: v6, action: action))
            case "as_path_length":
                let g = try mapping(value, f, allowed: ["clause", "max"], expected: "a mapping with max; or off")
                let m = try required(g, "max", f, in: value, expected: "the longest AS path accepted")
                out.append(.asPathLength(clause: try clause(g), max: try integer(m, "\(f).max", 1...10_000)))
            default:
                throw fail(keyNode, f, "only off can be given for \(key) in a scenario (parameters can be changed for "
                           + "prefix_length, max_prefix and as_path_length)")
            }
        }
        guard !out.isEmpty else { throw fail(node, field, "expected at least one rule") }
        return out
    }

    func syntaxError(_ error: YamlError) -> ScenarioError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let detail = context.map { "\(problem) (\($0.text) at line \($0.mark.line))" } ?? problem
            return ScenarioError(file: file, line: mark.line, field: "",
                                 problem: "not valid YAML (column \(mark.column)): \(detail); check the indentation and quote "
                                 + "values that contain ': ' or start with a special character")
        case let .duplicatedKeysInMapping(duplicates, context):
            return ScenarioError(file: file, line: context.mark.line, field: "",
                                 problem: "key \(duplicates.joined(separator: ", ")) appears twice in one mapping")
        default:
            return ScenarioError(file: file, line: nil, field: "", problem: "not valid YAML: \(error)")
        }
    }
}
