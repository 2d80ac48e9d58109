// The Job module is ixaudit's configuration: what an operator writes (the job file, a policy,
// a what-if scenario) and the IXP's member list, read into values whose errors name the file,
// the line and the field. Routing and RouteServer depend on it, never the other way. That is
// why the policy and scenario types (ImportPolicy and its rules, Scenario, ScenarioChange,
// PolicyChange, ExportMode) live here beside their readers: a reader has to build its type,
// and a type above the reader could not be built. The behaviour stays above, as extensions of
// these types: RouteServer checks routes against an ImportPolicy, simulates the export modes
// and applies a Scenario.

import BGP

/// A job: which IXP, which policy, who the members are, and which MRT files to read for
/// each source. Loaded from a YAML file (`JobFile.load(path:date:requireFiles:)`, see
/// `JobFile+YAML.swift` for the format) or built from values, so that every field can also
/// come from a command-line flag.
///
/// Paths in a loaded job are already resolved: date placeholders replaced, relative paths
/// taken from the job file's directory, update globs expanded. A job built from values holds
/// whatever it was given; `resolvingPaths(relativeTo:date:requireFiles:)` does the same
/// work for it.
public struct JobFile: Hashable, Sendable {
    public var ixp: IXPConfig
    public var policy: PolicyReference
    public var members: MemberSource
    public var sources: [SourceConfig]
    public var inputs: OptionalInputs
    /// The history database `report` records each night in (`history:`); nil: none.
    public var history: String?
    /// The file the job was loaded from; nil when it was built from values.
    public var file: String?

    public init(ixp: IXPConfig, policy: PolicyReference, members: MemberSource, sources: [SourceConfig],
                inputs: OptionalInputs = OptionalInputs(), file: String? = nil) {
        self.ixp = ixp
        self.policy = policy
        self.members = members
        self.sources = sources
        self.inputs = inputs
        self.file = file
    }

    /// The source with `label` (`rs1`, `rs2`, ...).
    public func source(_ label: String) -> SourceConfig? { sources.first { $0.label == label } }

    /// The member list the job names, as a directory with the route servers' addresses left
    /// out (route servers are not members). Reads the IX-F file when the job names one.
    public func memberDirectory() throws(MemberListError) -> MemberDirectory {
        let routeServerAddresses = Set(ixp.routeServers.flatMap(\.addresses))
        switch members {
        case let .inline(list):
            return MemberDirectory(list, routeServerAddresses: routeServerAddresses)
        case let .ixf(path, ixpID):
            let export = try IXFMemberExport.load(path: path)
            return MemberDirectory(try export.members(ixpID: ixpID, file: path), routeServerAddresses: routeServerAddresses)
        }
    }
}

extension JobFile {
    /// The IXP's peering LANs as the IX-F export gives them (the job's IXP when the export
    /// lists several); none for an inline member list.
    public func peeringLANs() throws(MemberListError) -> [Prefix] {
        guard case let .ixf(path, ixpID) = members else { return [] }
        let export = try IXFMemberExport.load(path: path)
        let exchanges = export.ixps.filter { ixpID == nil || $0.ixpID == ixpID }
        return exchanges.flatMap { $0.peeringLANs.flatMap { [$0.ipv4, $0.ipv6].compactMap { $0 } } }
    }
}

/// The IXP: its name, its route servers and how their export-control communities read.
public struct IXPConfig: Hashable, Sendable {
    public var name: String
    public var routeServers: [RouteServerConfig]
    public var communities: CommunityScheme

    /// `communities` nil means the `arouteserver` profile with the usual values built from
    /// the first route server's ASN (`CommunityScheme.defaults`).
    public init(name: String, routeServers: [RouteServerConfig], communities: CommunityScheme? = nil) {
        self.name = name
        self.routeServers = routeServers
        self.communities = communities
            ?? routeServers.first.map { CommunityScheme.defaults(routeServerASN: $0.asn) }
            ?? CommunityScheme(profile: .arouteserver)
    }

    public func routeServer(_ label: String) -> RouteServerConfig? { routeServers.first { $0.label == label } }

    /// The route server that speaks from `address`, if any.
    public func routeServer(address: IPAddress) -> RouteServerConfig? {
        routeServers.first { $0.ipv4 == address || $0.ipv6 == address }
    }
}

/// One route server: a label (`rs1`), its ASN, its addresses on the peering LAN, the software
/// it runs with the settings that matter to its export, and how it applies max-prefix.
public struct RouteServerConfig: Hashable, Sendable {
    public var label: String
    public var asn: ASN
    public var ipv4: IPAddress?
    public var ipv6: IPAddress?
    public var implementation: RouteServerImplementation
    /// Which routes count against max-prefix and what happens over the limit; nil: the
    /// implementation's way (`RouteServerImplementation.defaultMaxPrefix`).
    public var maxPrefix: MaxPrefixRule.Behaviour?
    /// The route server keeps the routes its import filter rejects, tagged (the community
    /// scheme's `reject_tags`): they stay in its table, so BIRD counts them against its
    /// import limit.
    public var keepsRejectedTagged: Bool
    /// Whether it removes its control communities from the routes it exports.
    public var controlCommunities: ControlCommunityHandling

    public init(label: String, asn: ASN, ipv4: IPAddress? = nil, ipv6: IPAddress? = nil,
                implementation: RouteServerImplementation = .standard, maxPrefix: MaxPrefixRule.Behaviour? = nil,
                keepsRejectedTagged: Bool = false, controlCommunities: ControlCommunityHandling = .strip) {
        self.label = label
        self.asn = asn
        self.ipv4 = ipv4
        self.ipv6 = ipv6
        self.implementation = implementation
        self.maxPrefix = maxPrefix
        self.keepsRejectedTagged = keepsRejectedTagged
        self.controlCommunities = controlCommunities
    }

    public var addresses: [IPAddress] { [ipv4, ipv6].compactMap { $0 } }
}

/// The import/export policy to enforce: a preset shipped in `data/policies/` named by its
/// name (`smarthub-ix`), or a policy file.
public enum PolicyReference: Hashable, Sendable, CustomStringConvertible {
    case preset(String)
    case file(String)

    /// A path when the text has a `/` or ends in `.yaml`, `.yml` or `.json`; a preset name
    /// otherwise.
    public init(_ text: String) {
        let lower = text.lowercased()
        if text.contains("/") || lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".json") {
            self = .file(text)
        } else {
            self = .preset(text)
        }
    }

    public var description: String {
        switch self {
        case let .preset(name): return name
        case let .file(path): return path
        }
    }
}

/// Where the member list comes from.
public enum MemberSource: Hashable, Sendable {
    /// An IX-F Member Export file; `ixpID` picks one IXP when the export covers several.
    case ixf(path: String, ixpID: Int?)
    /// Members listed in the job itself.
    case inline([Member])
}

/// One source of MRT data: a route server's dumps (`rs1`), another one's, another IXP's
/// collector (`other-ix`).
public struct SourceConfig: Hashable, Sendable {
    public var label: String
    /// RIB dump files, in the order given.
    public var ribFiles: [String]
    /// Update file patterns (shell globs), as given or as resolved.
    public var updatePatterns: [String]
    /// The files the update patterns match, sorted by path, each once. Filled by loading or
    /// by `JobFile.resolvingPaths`; empty before.
    public var updateFiles: [String]
    /// The update patterns that matched no file when the paths were resolved.
    public var unmatchedPatterns: [String] = []

    public init(label: String, ribFiles: [String] = [], updatePatterns: [String] = [], updateFiles: [String] = []) {
        self.label = label
        self.ribFiles = ribFiles
        self.updatePatterns = updatePatterns
        self.updateFiles = updateFiles
    }
}

/// Inputs some analyses need and the others do without; an analysis whose input is missing
/// is reported as not run.
public struct OptionalInputs: Hashable, Sendable {
    /// Sampled flows (sFlow) of the peering LAN.
    public var flows: String?
    /// AS relationships (customer/provider/peer), e.g. CAIDA's serial-2 file.
    public var relationships: String?
    /// RPKI validated ROA payloads (VRPs).
    public var rpki: String?
    /// IRR route objects.
    public var irr: String?
    /// A PeeringDB dump.
    public var peeringdb: String?

    public init(flows: String? = nil, relationships: String? = nil, rpki: String? = nil, irr: String? = nil,
                peeringdb: String? = nil) {
        self.flows = flows
        self.relationships = relationships
        self.rpki = rpki
        self.irr = irr
        self.peeringdb = peeringdb
    }

    /// The YAML key of each input and its value, in a fixed order.
    public var all: [(key: String, path: String?)] {
        [("flows", flows), ("relationships", relationships), ("rpki", rpki), ("irr", irr), ("peeringdb", peeringdb)]
    }

    static let keys = ["flows", "relationships", "rpki", "irr", "peeringdb"]

    subscript(key: String) -> String? {
        get {
            switch key {
            case "flows": return flows
            case "relationships": return relationships
            case "rpki": return rpki
            case "irr": return irr
            case "peeringdb": return peeringdb
            default: return nil
            }
        }
        set {
            switch key {
            case "flows": flows = newValue
            case "relationships": relationships = newValue
            case "rpki": rpki = newValue
            case "irr": irr = newValue
            case "peeringdb": peeringdb = newValue
            default: break
            }
        }
    }
}
