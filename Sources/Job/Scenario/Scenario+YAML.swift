import BGP

/// The scenario file format (YAML), read with `YAMLNode`. `data/scenarios/README.md` documents
/// it with an example of every change kind:
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
///   - export_mode: per-client    # best, per-client or add-path; evaluate-all for OpenBGPD
///   - route_server: {implementation: openbgpd, evaluate: all}   # the job file's route-server settings
///   - policy: {prefix_length: {ipv4: {max: 23}}, max_prefix: {ipv4: 10, action: block}, next_hop: off}
/// ```
///
/// Unknown keys are errors (they are usually typos).
extension Scenario {
    /// Loads the scenario file at `path`.
    public static func load(path: String) throws(ConfigurationFileError) -> Scenario {
        try parse(yaml: YAMLDocument.text(path: path, kind: "scenario file"), file: path)
    }

    /// Parses scenario YAML held in memory; `file` is the name messages use.
    public static func parse(yaml: String, file: String = "scenario.yaml") throws(ConfigurationFileError) -> Scenario {
        try ScenarioReader.scenario(YAMLDocument.root(yaml: yaml, file: file, expected: "name, description and changes"))
    }
}

enum ScenarioReader {
    static func scenario(_ root: YAMLNode) throws(ConfigurationFileError) -> Scenario {
        let top = try root.mapping(allowed: ["name", "description", "changes"], expected: "a mapping with name, description and changes")
        let name = try top.string("name", expected: "the scenario's name, like as3216-restrictive")
        let description = try top["description"]?.string(expected: "text describing the scenario") ?? ""
        let list = try top.required("changes", expected: "a list of changes")
        let items = try list.list(expected: "a list of changes, each one of: \(ScenarioChange.kinds.joined(separator: ", "))")
        guard !items.isEmpty else { throw list.invalid("at least one change") }
        var changes: [ScenarioChange] = []
        for item in items { changes.append(try change(item)) }
        return Scenario(name: name, description: description, changes: changes, file: root.file, changeLines: items.map(\.line))
    }

    /// One change: a mapping with exactly one key, the change kind.
    static func change(_ node: YAMLNode) throws(ConfigurationFileError) -> ScenarioChange {
        let kinds = ScenarioChange.kinds.joined(separator: ", ")
        let expected = "a change: a mapping with one key, one of: \(kinds)"
        guard let change = try? node.mapping(allowed: nil, expected: expected),
              change.entries.count == 1, let (kind, value) = change.entries.first else { throw .invalid(node.location, expected: expected) }
        switch kind {
        case "set_communities", "add_communities", "remove_communities":
            let fields = try value.mapping(allowed: ["member", "communities", "prefixes"],
                                           expected: "a mapping with member, communities and optionally prefixes")
            let member = try fields.required("member", expected: "the member's AS number").asn()
            let list = try communities(fields.required("communities", expected: "a list of communities"))
            let prefixes = try fields["prefixes"]?.items(expected: "a list of prefixes").map { (item) throws(ConfigurationFileError) in
                try prefix(item)
            }
            if kind == "set_communities" { return .setCommunities(member: member, communities: list, prefixes: prefixes) }
            if kind == "add_communities" { return .addCommunities(member: member, communities: list, prefixes: prefixes) }
            return .removeCommunities(member: member, communities: list, prefixes: prefixes)
        case "member_leaves":
            return .memberLeaves(try value.asn())
        case "member_joins":
            return .memberJoins(try joining(value))
        case "export_mode":
            let names = ExportMode.allCases.map(\.rawValue).joined(separator: ", ")
            return .exportMode(try value.value(expected: "an export mode: \(names)") { ExportMode(rawValue: $0) })
        case "policy":
            return .policy(try policy(value))
        case "route_server":
            let fields = try value.mapping(allowed: RouteServerSettingsReader.keys,
                                           expected: "route-server settings: implementation, secondary, evaluate, max_prefix")
            let settings = try RouteServerSettingsReader.read(fields)
            return .routeServer(settings.implementation, maxPrefix: settings.maxPrefix)
        default:
            throw value.rejected("unknown change '\(kind)'; expected one of: \(kinds)")
        }
    }

    static func joining(_ node: YAMLNode) throws(ConfigurationFileError) -> JoiningMember {
        let fields = try node.mapping(allowed: ["asn", "name", "ipv4", "ipv6", "routes"],
                                      expected: "a member: a mapping with asn, name, ipv4 and/or ipv6, routes")
        var member = JoiningMember(asn: try fields.required("asn", expected: "the member's AS number").asn())
        member.name = try fields["name"]?.string(expected: "the member's name")
        for (key, family) in [("ipv4", AddressFamily.ipv4), ("ipv6", .ipv6)] {
            let expected = family == .ipv4 ? "an IPv4 address like 185.1.15.99 or a list of them"
                : "an IPv6 address like \"2001:7f8:7a::99\" or a list of them"
            for item in try fields[key]?.items(expected: expected) ?? [] {
                let address = try item.address(family, expected: expected)
                if family == .ipv4 { member.ipv4.append(address) } else { member.ipv6.append(address) }
            }
        }
        guard !member.ipv4.isEmpty || !member.ipv6.isEmpty else {
            throw fields.missing("ipv4", expected: "the member's peering addresses: ipv4 and/or ipv6")
        }
        for item in try fields["routes"]?.list(expected: "a list of routes, each with prefix, as_path, communities") ?? [] {
            member.routes.append(try route(item, of: member))
        }
        return member
    }

    static func route(_ node: YAMLNode, of member: JoiningMember) throws(ConfigurationFileError) -> JoiningRoute {
        let fields = try node.mapping(allowed: ["prefix", "as_path", "communities"],
                                      expected: "a route: a mapping with prefix, as_path and communities")
        let prefixNode = try fields.required("prefix", expected: "a prefix like 203.0.113.0/24")
        let p = try prefix(prefixNode)
        let family = p.family == .ipv4 ? "IPv4" : "IPv6"
        guard !(p.family == .ipv4 ? member.ipv4 : member.ipv6).isEmpty else {
            throw prefixNode.rejected("the member has no \(family) address to send \(p) from; add \(family.lowercased())")
        }
        var route = JoiningRoute(prefix: p)
        if let hops = fields["as_path"] {
            var path: [ASN] = []
            for hop in try hops.items(expected: "a list of AS numbers, the member's first") {
                // `as_path: 64500 64501` is one scalar: split it.
                for word in try hop.string(expected: "an AS number").split(separator: " ") {
                    guard let asn = try? ASN(parsing: word) else { throw .invalid(hop.location, expected: "\(ASNTextError.expected) (not '\(word)')") }
                    path.append(asn)
                }
            }
            guard !path.isEmpty else { throw hops.invalid("at least one AS number") }
            route.asPath = path
        }
        if let communities = fields["communities"] { route.communities = try self.communities(communities) }
        return route
    }

    /// Communities as a list (`["0:8960", "8960:1:210312"]`) or one string of words.
    static func communities(_ node: YAMLNode) throws(ConfigurationFileError) -> CommunityList {
        let expected = "a list of communities like \"0:8960\" (standard) or \"8960:1:210312\" (large)"
        var list = CommunityList()
        for item in try node.items(expected: expected) {
            for word in try item.string(expected: expected).split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init) {
                guard list.add(word) else {
                    throw .invalid(item.location, expected: "a community like 0:8960 (two numbers 0-65535) or 8960:1:210312 "
                                   + "(three numbers 0-4294967295), not '\(word)'")
                }
            }
        }
        guard !list.isEmpty || node.node.sequence != nil else { throw node.invalid(expected) }
        return list
    }

    static func prefix(_ node: YAMLNode) throws(ConfigurationFileError) -> Prefix {
        try node.value(expected: "a prefix like 193.0.0.0/24 or 2001:db8::/32") { Prefix($0) }
    }

    static func policy(_ node: YAMLNode) throws(ConfigurationFileError) -> [PolicyChange] {
        let rules = try node.mapping(allowed: ImportPolicy.ruleKeys, expected: "a mapping of policy rules "
                                     + "(\(ImportPolicy.ruleKeys.joined(separator: ", "))) to new parameters or off")
        var out: [PolicyChange] = []
        for (key, value) in rules.entries where !YAMLNode.isNull(value.node) {
            if let text = value.text, ["off", "false", "none"].contains(text), let rule = PolicyRuleKey(rawValue: key) {
                out.append(.disable(rule: rule))
                continue
            }
            switch key {
            case "prefix_length": out.append(try prefixLength(value))
            case "max_prefix": out.append(try maxPrefix(value))
            case "as_path_length":
                let fields = try value.mapping(allowed: ["clause", "max"], expected: "a mapping with max; or off")
                out.append(.asPathLength(clause: try clause(fields),
                                         max: try fields.required("max", expected: "the longest AS path accepted").integer(1...10_000)))
            default:
                throw value.rejected("only off can be given for \(key) in a scenario (parameters can be changed for "
                                     + "prefix_length, max_prefix and as_path_length)")
            }
        }
        guard !out.isEmpty else { throw node.invalid("at least one rule") }
        return out
    }

    static func clause(_ fields: YAMLMapping) throws(ConfigurationFileError) -> String? {
        try fields["clause"]?.string(expected: "a clause like S3 or P6")
    }

    static func prefixLength(_ node: YAMLNode) throws(ConfigurationFileError) -> PolicyChange {
        let fields = try node.mapping(allowed: ["clause", "ipv4", "ipv6"],
                                      expected: "a mapping with ipv4 and/or ipv6, each {min, max}; or off")
        let ipv4 = try fields["ipv4"].map { (n) throws(ConfigurationFileError) in try PrefixLengthBounds(n, longest: 32) }
        let ipv6 = try fields["ipv6"].map { (n) throws(ConfigurationFileError) in try PrefixLengthBounds(n, longest: 128) }
        let bounds = [ipv4?.min, ipv4?.max, ipv6?.min, ipv6?.max]
        guard bounds.contains(where: { $0 != nil }) else { throw node.invalid("ipv4 and/or ipv6 with min and/or max") }
        return .prefixLength(clause: try clause(fields), ipv4Min: bounds[0], ipv4Max: bounds[1], ipv6Min: bounds[2], ipv6Max: bounds[3])
    }

    static func maxPrefix(_ node: YAMLNode) throws(ConfigurationFileError) -> PolicyChange {
        let fields = try node.mapping(allowed: ["clause", "ipv4", "ipv6", "action"],
                                      expected: "a mapping with ipv4, ipv6 and/or action; or off")
        let limits = try MaxPrefixLimits(fields)
        guard limits.ipv4 != nil || limits.ipv6 != nil || limits.action != nil else {
            throw node.invalid("ipv4, ipv6 and/or action")
        }
        return .maxPrefix(clause: try clause(fields), ipv4: limits.ipv4, ipv6: limits.ipv6, action: limits.action)
    }
}
