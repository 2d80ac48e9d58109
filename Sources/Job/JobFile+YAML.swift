import BGP
import Foundation

/// The job file format (YAML), read with `YAMLNode`:
///
/// ```yaml
/// ixp:
///   name: SmartHub IX
///   route_servers:                      # at least one; each with ipv4 and/or ipv6
///     - {label: rs1, asn: 8960, ipv4: 185.1.15.8, ipv6: "2001:7f8:7a::8960:1"}
///     - {label: rs2, asn: 8960, ipv4: 185.1.15.9, implementation: openbgpd, evaluate: all}
///       # implementation: bird (default; secondary: true for sorted tables) or openbgpd
///       # (evaluate: default | all); max_prefix: {count: received | accepted, action: ...}
///       # control_communities: strip (default: removed from exported routes) | keep
///       # (RouteServerSettings+YAML.swift)
///   communities:                        # optional; defaults: arouteserver, values from the RS ASN
///     profile: arouteserver             # or ixp-manager
///     standard: {open: "8960:8960", include: "8960:peer", block_all: "0:8960", exclude: "0:peer"}
///     large: {exclude: "8960:0:peer", include: "8960:1:peer", block_all: "8960:0:0", open: "8960:1:0"}
///     reject_tags: arouteserver         # optional: the route servers keep rejected routes tagged
///       # (arouteserver RS:65520:code, ixp-manager RS:1101:code, or {preset, community:
///       # "8960:65520:code", codes: {"8": transit-free-asn, "9": other}}; RejectTags+YAML.swift)
///     # also prepend, blackhole, graceful_shutdown, well_known (CommunityActions+YAML.swift)
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
/// history: history.sqlite               # optional: the history database `report` records nights in
///                                        # (an SQLite file, or postgres://user@host/db)
/// ```
///
/// Every path may use `{date}`, `{yyyy}`, `{mm}`, `{dd}`; relative paths are taken from the
/// job file's directory. Unknown keys are errors (they are usually typos).
extension JobFile {
    /// Loads the job file at `path`. `date` fills the date placeholders of its paths; with
    /// `requireFiles`, every file it names must exist and every update pattern must match.
    public static func load(path: String, date: JobDate? = nil,
                            requireFiles: Bool = false) throws(ConfigurationFileError) -> JobFile {
        let text = try YAMLDocument.text(path: path, kind: "job file")
        let directory = (path as NSString).deletingLastPathComponent
        return try parse(yaml: text, file: path, baseDirectory: directory.isEmpty ? nil : directory,
                         date: date, requireFiles: requireFiles)
    }

    /// Parses job YAML held in memory. `file` is the name messages use; relative paths are
    /// taken from `baseDirectory` (nil: the working directory).
    public static func parse(yaml: String, file: String = "job.yaml", baseDirectory: String? = nil, date: JobDate? = nil,
                             requireFiles: Bool = false) throws(ConfigurationFileError) -> JobFile {
        var reader = JobFileReader()
        let root = try YAMLDocument.root(yaml: yaml, file: file, expected: "a mapping with ixp, policy, members and sources")
        let job = try reader.job(root)
        return try job.resolved(baseDirectory: baseDirectory, date: date, requireFiles: requireFiles, lines: reader.lines)
    }
}

struct JobFileReader {
    /// The line of each path field (`sources[0].updates[1]`), for the messages of path
    /// resolution, which comes after reading.
    var lines: [String: Int] = [:]

    static let topKeys = ["ixp", "policy", "members", "sources", "history"] + OptionalInputs.keys

    mutating func job(_ root: YAMLNode) throws(ConfigurationFileError) -> JobFile {
        let top = try root.mapping(allowed: Self.topKeys, expected: "a mapping with ixp, policy, members and sources")
        let ixp = try ixp(top)
        let policy = try path(top.required("policy", expected: Self.policyExpected), expected: Self.policyExpected)
        let members = try members(top)
        let sources = try sources(top)
        var inputs = OptionalInputs()
        for key in OptionalInputs.keys {
            inputs[key] = try top[key].map { (node) throws(ConfigurationFileError) in try path(node, expected: "a file path") }
        }
        var job = JobFile(ixp: ixp, policy: PolicyReference(policy), members: members, sources: sources, inputs: inputs,
                          file: root.file)
        job.history = try top["history"].map { (node) throws(ConfigurationFileError) in
            try path(node, expected: "the history database: a file path like history.sqlite or a URL like postgres://ixaudit@db.example/ixaudit")
        }
        return job
    }

    static let policyExpected = "a policy preset name (like smarthub-ix) or a policy file path"

    /// A path or pattern; its line is kept for the messages of path resolution.
    mutating func path(_ node: YAMLNode, expected: String) throws(ConfigurationFileError) -> String {
        let text = try node.string(expected: expected)
        lines[node.field] = node.line
        return text
    }

    // MARK: - Sections

    mutating func ixp(_ top: YAMLMapping) throws(ConfigurationFileError) -> IXPConfig {
        let expected = "a mapping with name, route_servers and communities"
        let ixp = try top.required("ixp", expected: expected).mapping(allowed: ["name", "route_servers", "communities"],
                                                                       expected: expected)
        let name = try ixp.string("name", expected: "the IXP's name, like SmartHub IX")
        let listExpected = "a list of route servers, each with label, asn, ipv4 and/or ipv6"
        let items = try ixp.requiredList("route_servers", expected: listExpected)
        var servers: [RouteServerConfig] = []
        var labels = Set<String>()
        var addresses = Set<IPAddress>()
        for item in items {
            let rs = try item.mapping(allowed: ["label", "asn", "ipv4", "ipv6", "control_communities"] + RouteServerSettingsReader.keys,
                                      expected: "a route server: a mapping with label, asn, ipv4 and/or ipv6, and optionally implementation, secondary, evaluate, max_prefix, control_communities")
            let label = try rs.string("label", expected: "a label naming the route server, like rs1")
            guard labels.insert(label).inserted else {
                throw .duplicate(rs["label"]!.location, value: "route server label '\(label)'")
            }
            let asn = try rs.required("asn", expected: ASNTextError.expected).asn()
            let v4 = try rs["ipv4"]?.address(.ipv4, expected: "an IPv4 address like 185.1.15.8")
            let v6 = try rs["ipv6"]?.address(.ipv6, expected: "an IPv6 address like 2001:7f8:7a::8960:1")
            guard v4 != nil || v6 != nil else {
                throw rs.missing("ipv4", expected: "the route server's IPv4 and/or IPv6 address")
            }
            for (key, address) in [("ipv4", v4), ("ipv6", v6)] {
                guard let address else { continue }
                guard addresses.insert(address).inserted else { throw .duplicate(rs[key]!.location, value: "address \(address)") }
            }
            let settings = try RouteServerSettingsReader.read(rs)
            let control = try rs["control_communities"]?.value(expected: ControlCommunityHandling.expected) {
                ControlCommunityHandling(rawValue: $0)
            } ?? .strip
            servers.append(RouteServerConfig(label: label, asn: asn, ipv4: v4, ipv6: v6, implementation: settings.implementation,
                                             maxPrefix: settings.maxPrefix, controlCommunities: control))
        }
        let communities = try communities(ixp, routeServerASN: servers[0].asn)
        if communities.rejectTags != nil {
            for i in servers.indices { servers[i].keepsRejectedTagged = true }
        }
        return IXPConfig(name: name, routeServers: servers, communities: communities)
    }

    func communities(_ ixp: YAMLMapping, routeServerASN rs: ASN) throws(ConfigurationFileError) -> CommunityScheme {
        guard let node = ixp["communities"] else { return .defaults(routeServerASN: rs) }
        let fields = try node.mapping(allowed: ["profile", "standard", "large", "reject_tags"] + Self.actionKeys,
                                      expected: "a mapping with profile, standard, large, reject_tags, prepend, blackhole, graceful_shutdown and well_known")
        let profiles = CommunityProfile.allCases.map(\.rawValue).joined(separator: " or ")
        let profile = try fields["profile"]?.value(expected: "a profile name: \(profiles)") { CommunityProfile(rawValue: $0) }
        let actions = ["open", "include", "block_all", "exclude"]
        func section<P>(_ key: String, example: String, _ make: (String) -> P?,
                        default: ControlCommunities<P>) throws(ConfigurationFileError) -> ControlCommunities<P> {
            guard let node = fields[key] else { return `default` }
            let f = try node.mapping(allowed: actions, expected: "a mapping with open, include, block_all and exclude")
            var values: [String: P] = [:]
            for action in actions {
                values[action] = try f[action]?.value(expected: "a community like \(example), each field a number or peer", make)
            }
            return ControlCommunities(open: values["open"], include: values["include"], blockAll: values["block_all"],
                                      exclude: values["exclude"])
        }
        let standard = try section("standard", example: "8960:peer", { StandardCommunityPattern($0) },
                                   default: CommunityScheme.standardDefaults(routeServerASN: rs))
        let large = try section("large", example: "8960:0:peer", { LargeCommunityPattern($0) },
                                default: CommunityScheme.largeDefaults(routeServerASN: rs))
        let rejectTags = try fields["reject_tags"].map { node throws(ConfigurationFileError) in
            try RejectTagsReader.read(node, routeServerASN: rs)
        }
        let chosen = profile ?? .arouteserver
        return CommunityScheme(profile: chosen, standard: standard, large: large, rejectTags: rejectTags,
                               actions: try actionCommunities(fields, defaults: .defaults(profile: chosen, routeServerASN: rs)))
    }

    mutating func members(_ top: YAMLMapping) throws(ConfigurationFileError) -> MemberSource {
        let expected = "either ixf: (an IX-F Member Export file) or a list of members, each with asn, name, ipv4, ipv6"
        let node = try top.required("members", expected: expected)
        if case .mapping = node.node {
            let fields = try node.mapping(allowed: ["ixf", "ixp_id"], expected: expected)
            let path = try path(fields.required("ixf", expected: "the path of an IX-F Member Export (JSON) file"),
                                expected: "the path of an IX-F Member Export (JSON) file")
            let ixpID = try fields["ixp_id"]?.integer(0...Int.max, expected: "the ixp_id of one IXP in the export")
            return .ixf(path: path, ixpID: ixpID)
        }
        var members: [Member] = []
        var asns = Set<ASN>()
        var owners: [IPAddress: ASN] = [:]
        for item in try node.list(expected: expected) {
            let member = try member(item, owners: &owners)
            guard asns.insert(member.asn).inserted else {
                throw .duplicate(ConfigurationFileError.Location(file: item.file, line: item.line, field: "\(item.field).asn"),
                                 value: "AS\(member.asn)")
            }
            members.append(member)
        }
        guard !members.isEmpty else { throw .missing(node.location, expected: expected) }
        return .inline(members)
    }

    static let memberKeys = ["asn", "name", "ipv4", "ipv6", "routeserver", "max_prefix_ipv4", "max_prefix_ipv6",
                             "as_macro", "mac_addresses"]

    func member(_ node: YAMLNode, owners: inout [IPAddress: ASN]) throws(ConfigurationFileError) -> Member {
        let fields = try node.mapping(allowed: Self.memberKeys, expected: "a member: a mapping with asn, name, ipv4 and/or ipv6")
        let asn = try fields.required("asn", expected: ASNTextError.expected).asn()
        var assigned: [AddressFamily: [IPAddress]] = [:]
        for (key, family) in [("ipv4", AddressFamily.ipv4), ("ipv6", .ipv6)] {
            guard let entry = fields[key] else { continue }
            let expected = "an \(family == .ipv4 ? "IPv4" : "IPv6") address or a list of them"
            for item in try entry.items(expected: expected) {
                let address = try item.address(family, expected: expected)
                if let owner = owners[address] {
                    throw .duplicate(item.location, value: "address \(address) (also AS\(owner)'s)")
                }
                owners[address] = asn
                assigned[family, default: []].append(address)
            }
        }
        guard assigned.values.contains(where: { !$0.isEmpty }) else {
            throw fields.missing("ipv4", expected: "the member's peering addresses: ipv4 and/or ipv6 (an address or a list)")
        }
        let macExpected = "a list of MAC addresses (xx:xx:xx:xx:xx:xx)"
        let macs = try fields["mac_addresses"]?.list(expected: macExpected).map { (item) throws(ConfigurationFileError) in
            try item.value(expected: "a MAC address (xx:xx:xx:xx:xx:xx)") { MACAddress($0) }
        }
        let count = "a prefix count (0 or more)"
        return Member(asn: asn, name: try fields["name"]?.string(expected: "the member's name"),
                      ipv4: assigned[.ipv4] ?? [], ipv6: assigned[.ipv6] ?? [],
                      routeServer: try fields["routeserver"]?.bool() ?? true,
                      maxPrefixIPv4: try fields["max_prefix_ipv4"]?.integer(0...Int.max, expected: count),
                      maxPrefixIPv6: try fields["max_prefix_ipv6"]?.integer(0...Int.max, expected: count),
                      asMacro: try fields["as_macro"]?.string(expected: "an AS-SET name, like AS-EXAMPLE"),
                      macAddresses: macs ?? [])
    }

    mutating func sources(_ top: YAMLMapping) throws(ConfigurationFileError) -> [SourceConfig] {
        let expected = "a list of sources, each with label, rib (files) and/or updates (file patterns)"
        let items = try top.requiredList("sources", expected: expected)
        var sources: [SourceConfig] = []
        var labels = Set<String>()
        for item in items {
            let fields = try item.mapping(allowed: ["label", "rib", "updates"],
                                          expected: "a source: a mapping with label, rib and/or updates")
            let label = try fields.string("label", expected: "a label naming the source, like rs1, rs2 or other-ix")
            guard labels.insert(label).inserted else {
                throw .duplicate(fields["label"]!.location, value: "source label '\(label)'")
            }
            let ribs = try paths(fields["rib"], expected: "a list of RIB dump files")
            let updates = try paths(fields["updates"], expected: "a list of file patterns")
            guard !ribs.isEmpty || !updates.isEmpty else {
                throw fields.missing("rib", expected: "rib (a list of RIB dump files) and/or updates (a list of file patterns)")
            }
            sources.append(SourceConfig(label: label, ribFiles: ribs, updatePatterns: updates))
        }
        return sources
    }

    /// A list of paths or patterns; none when the field is absent.
    mutating func paths(_ node: YAMLNode?, expected: String) throws(ConfigurationFileError) -> [String] {
        guard let node else { return [] }
        var out: [String] = []
        for item in try node.list(expected: expected) {
            out.append(try path(item, expected: "a file path or pattern (a string)"))
        }
        return out
    }
}
