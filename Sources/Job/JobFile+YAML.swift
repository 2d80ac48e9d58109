import BGP
import Foundation
import Yams

/// The job file format (YAML). Read through Yams' node tree rather than Codable, so that
/// every message can name the line of the field it is about.
///
/// ```yaml
/// ixp:
///   name: SmartHub IX
///   route_servers:                      # at least one; each with ipv4 and/or ipv6
///     - {label: rs1, asn: 8960, ipv4: 185.1.15.8, ipv6: "2001:7f8:7a::8960:1"}
///   communities:                        # optional; defaults: arouteserver, values from the RS ASN
///     profile: arouteserver             # or ixp-manager
///     standard: {open: "8960:8960", include: "8960:peer", block_all: "0:8960", exclude: "0:peer"}
///     large: {exclude: "8960:0:peer", include: "8960:1:peer", block_all: "8960:0:0", open: "8960:1:0"}
/// policy: smarthub-ix                   # a preset name, or a path to a policy file
/// members:
///   ixf: ixf-members.json               # an IX-F Member Export; ixp_id: N picks one IXP of several
/// # or inline:
/// # members:
/// #   - {asn: 8359, name: MTS, ipv4: 185.1.15.20, ipv6: "2001:7f8:7a::20a7:1"}
/// #     # also: ipv4/ipv6 as lists, routeserver (default true), max_prefix_ipv4,
/// #     # max_prefix_ipv6, as_macro, mac_addresses
/// sources:                              # at least one; each with rib and/or updates
///   - label: rs1
///     rib: [mrt/rs1/rib.{date}.0000.mrt.gz]             # files
///     updates: ["mrt/rs1/updates.{yyyy}{mm}{dd}.*.gz"]   # glob patterns
/// flows: flows/{date}.csv               # optional inputs: flows, relationships, rpki, irr, peeringdb
/// ```
///
/// Every path may use `{date}`, `{yyyy}`, `{mm}`, `{dd}`; relative paths are taken from the
/// job file's directory. Unknown keys are errors (they are usually typos).
extension JobFile {
    /// Loads the job file at `path`. `date` fills the date placeholders of its paths; with
    /// `requireFiles`, every file it names must exist and every update pattern must match.
    public static func load(path: String, date: JobDate? = nil, requireFiles: Bool = false) throws(JobFileError) -> JobFile {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .cannotRead(file: path, reason: readFailure(path: path, error: error))
        }
        let directory = (path as NSString).deletingLastPathComponent
        return try parse(yaml: text, file: path, baseDirectory: directory.isEmpty ? nil : directory,
                         date: date, requireFiles: requireFiles)
    }

    /// Parses job YAML held in memory. `file` is the name messages use; relative paths are
    /// taken from `baseDirectory` (nil: the working directory).
    public static func parse(yaml: String, file: String = "job.yaml", baseDirectory: String? = nil, date: JobDate? = nil,
                             requireFiles: Bool = false) throws(JobFileError) -> JobFile {
        var parser = JobYAMLParser(file: file)
        let job = try parser.parse(yaml)
        return try job.resolved(baseDirectory: baseDirectory, date: date, requireFiles: requireFiles, lines: parser.lines)
    }
}

/// A mapping of the job file: its field path, line, and entries by key.
struct YAMLFields {
    let field: String
    let line: Int?
    let entries: [(key: String, keyLine: Int?, value: Node)]

    func path(_ key: String) -> String { field.isEmpty ? key : "\(field).\(key)" }

    /// The entry for `key`; nil when absent or null (`key:` with nothing, `~`).
    func entry(_ key: String) -> (keyLine: Int?, value: Node)? {
        guard let e = entries.first(where: { $0.key == key }) else { return nil }
        if case let .scalar(s) = e.value, s.style == .plain, ["", "~", "null", "Null", "NULL"].contains(s.string) { return nil }
        return (e.keyLine, e.value)
    }
}

struct JobYAMLParser {
    let file: String
    /// The line of each field path, for the messages of later steps (path resolution).
    var lines: [String: Int] = [:]

    init(file: String) { self.file = file }

    static let topKeys = ["ixp", "policy", "members", "sources"] + OptionalInputs.keys

    mutating func parse(_ text: String) throws(JobFileError) -> JobFile {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxError(error)
        } catch {
            throw .syntax(file: file, line: nil, column: nil, problem: String(describing: error))
        }
        guard let root else {
            throw .missing(JobFileLocation(file: file, line: 1, field: "(the file)"),
                           expected: "a mapping with ixp, policy, members and sources; the file is empty")
        }
        let top = try mapping(root, field: "", line: root.mark?.line, allowed: Self.topKeys,
                              expected: "a mapping with ixp, policy, members and sources")

        let ixp = try parseIXP(top)
        let policyText = try string(top, "policy", expected: "a policy preset name (like smarthub-ix) or a policy file path")!
        let members = try parseMembers(top)
        let sources = try parseSources(top)
        var inputs = OptionalInputs()
        for key in OptionalInputs.keys {
            inputs[key] = try string(top, key, expected: "a file path", required: false)
        }
        return JobFile(ixp: ixp, policy: PolicyReference(policyText), members: members, sources: sources,
                       inputs: inputs, file: file)
    }

    // MARK: - Sections

    mutating func parseIXP(_ top: YAMLFields) throws(JobFileError) -> IXPConfig {
        let node = try require(top, "ixp", expected: "a mapping with name, route_servers and communities")
        let fields = try mapping(node.value, field: "ixp", line: node.keyLine, allowed: ["name", "route_servers", "communities"],
                                 expected: "a mapping with name, route_servers and communities")
        let name = try string(fields, "name", expected: "the IXP's name, like SmartHub IX")!
        let listExpected = "a list of route servers, each with label, asn, ipv4 and/or ipv6"
        let items = try list(fields, "route_servers", expected: listExpected)!
        guard !items.isEmpty else {
            throw .missing(location(fields.path("route_servers"), fields.entry("route_servers")?.keyLine), expected: listExpected)
        }
        var servers: [RouteServer] = []
        var labels = Set<String>()
        var addresses = Set<IPAddress>()
        for (i, item) in items.enumerated() {
            let field = "ixp.route_servers[\(i)]"
            let rs = try mapping(item, field: field, line: item.mark?.line, allowed: ["label", "asn", "ipv4", "ipv6"],
                                 expected: "a route server: a mapping with label, asn, ipv4 and/or ipv6")
            let label = try string(rs, "label", expected: "a label naming the route server, like rs1")!
            guard labels.insert(label).inserted else {
                throw .duplicate(location(rs.path("label"), rs.entry("label")?.keyLine), value: "route server label '\(label)'")
            }
            let asn = try asn(rs, "asn")!
            let v4 = try address(rs, "ipv4", family: .ipv4)
            let v6 = try address(rs, "ipv6", family: .ipv6)
            guard v4 != nil || v6 != nil else {
                throw .missing(location(rs.path("ipv4"), rs.line), expected: "the route server's IPv4 and/or IPv6 address")
            }
            for (key, a) in [("ipv4", v4), ("ipv6", v6)] {
                guard let a else { continue }
                guard addresses.insert(a).inserted else {
                    throw .duplicate(location(rs.path(key), rs.entry(key)?.keyLine), value: "address \(a)")
                }
            }
            servers.append(RouteServer(label: label, asn: asn, ipv4: v4, ipv6: v6))
        }
        let communities = try parseCommunities(fields, routeServerASN: servers[0].asn)
        return IXPConfig(name: name, routeServers: servers, communities: communities)
    }

    mutating func parseCommunities(_ ixp: YAMLFields, routeServerASN rs: ASN) throws(JobFileError) -> CommunityScheme {
        guard let node = ixp.entry("communities") else { return .defaults(routeServerASN: rs) }
        let fields = try mapping(node.value, field: "ixp.communities", line: node.keyLine, allowed: ["profile", "standard", "large"],
                                 expected: "a mapping with profile, standard and large")
        var profile = CommunityProfile.arouteserver
        let profiles = CommunityProfile.allCases.map(\.rawValue).joined(separator: " or ")
        if let text = try string(fields, "profile", expected: "a profile name: \(profiles)", required: false) {
            guard let p = CommunityProfile(rawValue: text) else {
                throw .invalid(location(fields.path("profile"), fields.entry("profile")?.keyLine),
                               expected: "a profile name: \(profiles) (not '\(text)')")
            }
            profile = p
        }
        let actions = ["open", "include", "block_all", "exclude"]
        func section<P>(_ key: String, example: String, _ make: (String) -> P?,
                        default: ControlCommunities<P>) throws(JobFileError) -> ControlCommunities<P> {
            guard let node = fields.entry(key) else { return `default` }
            let f = try mapping(node.value, field: fields.path(key), line: node.keyLine, allowed: actions,
                                expected: "a mapping with open, include, block_all and exclude")
            var values: [String: P] = [:]
            for action in actions {
                guard let text = try string(f, action, expected: "a community like \(example)", required: false) else { continue }
                guard let pattern = make(text) else {
                    throw .invalid(location(f.path(action), f.entry(action)?.keyLine),
                                   expected: "a community like \(example), each field a number or peer (not '\(text)')")
                }
                values[action] = pattern
            }
            return ControlCommunities(open: values["open"], include: values["include"], blockAll: values["block_all"],
                                      exclude: values["exclude"])
        }
        let standard = try section("standard", example: "8960:peer", { StandardCommunityPattern($0) },
                                   default: CommunityScheme.standardDefaults(routeServerASN: rs))
        let large = try section("large", example: "8960:0:peer", { LargeCommunityPattern($0) },
                                default: CommunityScheme.largeDefaults(routeServerASN: rs))
        return CommunityScheme(profile: profile, standard: standard, large: large)
    }

    mutating func parseMembers(_ top: YAMLFields) throws(JobFileError) -> MemberSource {
        let expected = "either ixf: (an IX-F Member Export file) or a list of members, each with asn, name, ipv4, ipv6"
        let node = try require(top, "members", expected: expected)
        switch node.value {
        case .mapping:
            let fields = try mapping(node.value, field: "members", line: node.keyLine, allowed: ["ixf", "ixp_id"], expected: expected)
            let path = try string(fields, "ixf", expected: "the path of an IX-F Member Export (JSON) file")!
            let ixpID = try integer(fields, "ixp_id", expected: "the ixp_id of one IXP in the export")
            return .ixf(path: path, ixpID: ixpID)
        case .sequence(let sequence):
            var members: [Member] = []
            var asns: [ASN: Int] = [:]
            var owners: [IPAddress: ASN] = [:]
            for (i, item) in sequence.enumerated() {
                let member = try parseMember(item, field: "members[\(i)]", owners: &owners)
                if asns[member.asn] != nil {
                    throw .duplicate(location("members[\(i)].asn", item.mark?.line), value: "AS\(member.asn)")
                }
                asns[member.asn] = i
                members.append(member)
            }
            guard !members.isEmpty else { throw .missing(location("members", node.keyLine), expected: expected) }
            return .inline(members)
        default:
            throw .invalid(location("members", node.keyLine), expected: expected)
        }
    }

    static let memberKeys = ["asn", "name", "ipv4", "ipv6", "routeserver", "max_prefix_ipv4", "max_prefix_ipv6",
                             "as_macro", "mac_addresses"]

    mutating func parseMember(_ node: Node, field: String, owners: inout [IPAddress: ASN]) throws(JobFileError) -> Member {
        let fields = try mapping(node, field: field, line: node.mark?.line, allowed: Self.memberKeys,
                                 expected: "a member: a mapping with asn, name, ipv4 and/or ipv6")
        let asn = try asn(fields, "asn")!
        let name = try string(fields, "name", expected: "the member's name", required: false)
        var assigned: [AddressFamily: [IPAddress]] = [:]
        for (key, family) in [("ipv4", AddressFamily.ipv4), ("ipv6", .ipv6)] {
            guard let entry = fields.entry(key) else { continue }
            let items: [Node]
            switch entry.value {
            case .sequence(let s): items = Array(s)
            default: items = [entry.value]
            }
            for (j, item) in items.enumerated() {
                let itemField = items.count == 1 && entry.value.sequence == nil ? fields.path(key) : "\(fields.path(key))[\(j)]"
                let line = item.mark?.line ?? entry.keyLine
                guard let text = item.scalar?.string, let a = IPAddress(text), a.family == family else {
                    throw .invalid(location(itemField, line),
                                   expected: "an \(family == .ipv4 ? "IPv4" : "IPv6") address or a list of them")
                }
                if let owner = owners[a] {
                    throw .duplicate(location(itemField, line), value: "address \(a) (also AS\(owner)'s)")
                }
                owners[a] = asn
                assigned[family, default: []].append(a)
            }
        }
        guard !(assigned[.ipv4] ?? []).isEmpty || !(assigned[.ipv6] ?? []).isEmpty else {
            throw .missing(location(fields.path("ipv4"), fields.line),
                           expected: "the member's peering addresses: ipv4 and/or ipv6 (an address or a list)")
        }
        var routeServer = true
        if let entry = fields.entry("routeserver") {
            guard let b = entry.value.bool else {
                throw .invalid(location(fields.path("routeserver"), entry.keyLine), expected: "true or false")
            }
            routeServer = b
        }
        var macs: [MACAddress] = []
        if let items = try list(fields, "mac_addresses", expected: "a list of MAC addresses (xx:xx:xx:xx:xx:xx)", required: false) {
            for (j, item) in items.enumerated() {
                guard let text = item.scalar?.string, let mac = MACAddress(text) else {
                    throw .invalid(location("\(fields.path("mac_addresses"))[\(j)]", item.mark?.line),
                                   expected: "a MAC address (xx:xx:xx:xx:xx:xx)")
                }
                macs.append(mac)
            }
        }
        return Member(asn: asn, name: name, ipv4: assigned[.ipv4] ?? [], ipv6: assigned[.ipv6] ?? [],
                      routeServer: routeServer,
                      maxPrefixIPv4: try integer(fields, "max_prefix_ipv4", expected: "a prefix count (0 or more)"),
                      maxPrefixIPv6: try integer(fields, "max_prefix_ipv6", expected: "a prefix count (0 or more)"),
                      asMacro: try string(fields, "as_macro", expected: "an AS-SET name, like AS-EXAMPLE", required: false),
                      macAddresses: macs)
    }

    mutating func parseSources(_ top: YAMLFields) throws(JobFileError) -> [SourceConfig] {
        let expected = "a list of sources, each with label, rib (files) and/or updates (file patterns)"
        let items = try list(top, "sources", expected: expected)!
        guard !items.isEmpty else {
            throw .missing(location("sources", top.entry("sources")?.keyLine), expected: expected)
        }
        var sources: [SourceConfig] = []
        var labels = Set<String>()
        for (i, item) in items.enumerated() {
            let field = "sources[\(i)]"
            let fields = try mapping(item, field: field, line: item.mark?.line, allowed: ["label", "rib", "updates"],
                                     expected: "a source: a mapping with label, rib and/or updates")
            let label = try string(fields, "label", expected: "a label naming the source, like rs1, rs2 or other-ix")!
            guard labels.insert(label).inserted else {
                throw .duplicate(location(fields.path("label"), fields.entry("label")?.keyLine), value: "source label '\(label)'")
            }
            let ribs = try paths(fields, "rib", expected: "a list of RIB dump files")
            let updates = try paths(fields, "updates", expected: "a list of file patterns")
            guard !ribs.isEmpty || !updates.isEmpty else {
                throw .missing(location(fields.path("rib"), fields.line),
                               expected: "rib (a list of RIB dump files) and/or updates (a list of file patterns)")
            }
            sources.append(SourceConfig(label: label, ribFiles: ribs, updatePatterns: updates))
        }
        return sources
    }

    /// A list of path strings; each element's line is recorded for later messages.
    mutating func paths(_ fields: YAMLFields, _ key: String, expected: String) throws(JobFileError) -> [String] {
        guard let items = try list(fields, key, expected: expected, required: false) else { return [] }
        var out: [String] = []
        for (j, item) in items.enumerated() {
            let field = "\(fields.path(key))[\(j)]"
            guard let text = item.scalar?.string, !text.isEmpty else {
                throw .invalid(location(field, item.mark?.line), expected: "a file path or pattern (a string)")
            }
            lines[field] = item.mark?.line
            out.append(text)
        }
        return out
    }

    // MARK: - Values

    func location(_ field: String, _ line: Int?) -> JobFileLocation {
        JobFileLocation(file: file, line: line, field: field)
    }

    func mapping(_ node: Node, field: String, line: Int?, allowed: [String], expected: String) throws(JobFileError) -> YAMLFields {
        guard case let .mapping(mapping) = node else {
            throw .invalid(location(field.isEmpty ? "(the file)" : field, line ?? node.mark?.line), expected: expected)
        }
        var entries: [(key: String, keyLine: Int?, value: Node)] = []
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                throw .invalid(location(field.isEmpty ? "(the file)" : field, key.mark?.line), expected: "keys that are plain names")
            }
            let path = field.isEmpty ? name : "\(field).\(name)"
            guard allowed.contains(name) else {
                throw .unknownKey(location(path, key.mark?.line), key: name, allowed: allowed)
            }
            entries.append((name, key.mark?.line, value))
        }
        return YAMLFields(field: field, line: line ?? mapping.mark?.line, entries: entries)
    }

    func require(_ fields: YAMLFields, _ key: String, expected: String) throws(JobFileError) -> (keyLine: Int?, value: Node) {
        guard let entry = fields.entry(key) else { throw .missing(location(fields.path(key), fields.line), expected: expected) }
        return entry
    }

    /// A scalar string; recorded in `lines`. Required fields throw `missing` when absent.
    mutating func string(_ fields: YAMLFields, _ key: String, expected: String,
                         required: Bool = true) throws(JobFileError) -> String? {
        guard let entry = fields.entry(key) else {
            if required { throw .missing(location(fields.path(key), fields.line), expected: expected) }
            return nil
        }
        guard let text = entry.value.scalar?.string, !text.isEmpty else {
            throw .invalid(location(fields.path(key), entry.keyLine), expected: expected)
        }
        lines[fields.path(key)] = entry.keyLine
        return text
    }

    /// A sequence; a scalar or mapping where a list belongs is an error (not a list of one).
    func list(_ fields: YAMLFields, _ key: String, expected: String, required: Bool = true) throws(JobFileError) -> [Node]? {
        guard let entry = fields.entry(key) else {
            if required { throw .missing(location(fields.path(key), fields.line), expected: expected) }
            return nil
        }
        guard case let .sequence(sequence) = entry.value else {
            throw .invalid(location(fields.path(key), entry.keyLine), expected: expected)
        }
        return Array(sequence)
    }

    /// An ASN: `8960` or `AS8960`, 1 to 4294967295.
    mutating func asn(_ fields: YAMLFields, _ key: String) throws(JobFileError) -> ASN? {
        let expected = "an AS number like 8960 or AS8960 (1 to 4294967295)"
        guard let text = try string(fields, key, expected: expected) else { return nil }
        let digits = text.uppercased().hasPrefix("AS") ? String(text.dropFirst(2)) : text
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = UInt32(digits), value > 0 else {
            throw .invalid(location(fields.path(key), fields.entry(key)?.keyLine), expected: "\(expected), not '\(text)'")
        }
        return ASN(value)
    }

    mutating func address(_ fields: YAMLFields, _ key: String, family: AddressFamily) throws(JobFileError) -> IPAddress? {
        let expected = family == .ipv4 ? "an IPv4 address like 185.1.15.8" : "an IPv6 address like 2001:7f8:7a::8960:1"
        guard let text = try string(fields, key, expected: expected, required: false) else { return nil }
        guard let a = IPAddress(text), a.family == family else {
            throw .invalid(location(fields.path(key), fields.entry(key)?.keyLine), expected: "\(expected), not '\(text)'")
        }
        return a
    }

    /// A non-negative integer, or nil when absent.
    mutating func integer(_ fields: YAMLFields, _ key: String, expected: String) throws(JobFileError) -> Int? {
        guard let text = try string(fields, key, expected: expected, required: false) else { return nil }
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text) else {
            throw .invalid(location(fields.path(key), fields.entry(key)?.keyLine), expected: "\(expected), not '\(text)'")
        }
        return value
    }

    func syntaxError(_ error: YamlError) -> JobFileError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let detail = context.map { "\(problem) (\($0.text) at line \($0.mark.line))" } ?? problem
            return .syntax(file: file, line: mark.line, column: mark.column, problem: detail)
        case let .duplicatedKeysInMapping(duplicates, context):
            return .syntax(file: file, line: context.mark.line, column: context.mark.column,
                           problem: "key \(duplicates.joined(separator: ", ")) appears twice in one mapping (first here)")
        case let .reader(problem, _, _, _):
            return .syntax(file: file, line: nil, column: nil, problem: problem)
        default:
            return .syntax(file: file, line: nil, column: nil, problem: String(describing: error))
        }
    }
}
