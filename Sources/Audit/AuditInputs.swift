import BGP
import Job
import RouteServer
import Routing

/// Everything the analyses read: the job, the reconstructed sessions, the route-server
/// simulation and the optional reference files and flows.
public struct AuditInputs {
    public var job: JobFile
    public var members: MemberDirectory
    public var policy: ImportPolicy
    /// The reconstructed Adj-RIB-In of every session of every source, and what it read.
    public var rib: AdjRIBIn
    public var reconstruction: ReconstructionSummary
    /// One export simulation per route server that is a source of the job.
    public var simulation: [ExportResult]
    public var relationships: ASRelationships?
    public var rpki: ROASet?
    public var irr: RouteObjectSet?
    /// Sampled-flow files (CSV or `sflowtool -l`), opened, read by the traffic checks.
    public var flows: [FlowReader]
    /// Inputs that were given but cannot be used, with why (missing, empty, malformed...):
    /// the checks that need them are not run with this reason.
    public var unavailable: [AuditInput: String]
    /// The IXP's peering LANs (from the IX-F export): a next hop inside them that no member
    /// holds is an unassigned IX address, one outside them is "outside the IX LAN".
    public var peeringLANs: [Prefix]
    public var settings: AuditSettings

    public init(job: JobFile, members: MemberDirectory, policy: ImportPolicy, rib: AdjRIBIn,
                reconstruction: ReconstructionSummary, simulation: [ExportResult], relationships: ASRelationships? = nil,
                rpki: ROASet? = nil, irr: RouteObjectSet? = nil, flows: [FlowReader] = [], peeringLANs: [Prefix] = [],
                unavailable: [AuditInput: String] = [:], settings: AuditSettings = AuditSettings()) {
        self.job = job
        self.members = members
        self.policy = policy
        self.rib = rib
        self.reconstruction = reconstruction
        self.simulation = simulation
        self.relationships = relationships
        self.rpki = rpki
        self.irr = irr
        self.flows = flows
        self.unavailable = unavailable
        self.peeringLANs = peeringLANs
        self.settings = settings
    }

    /// Labels of the sources that are route servers of the job, in the job's order.
    public var routeServerSources: [String] {
        job.ixp.routeServers.map(\.label).filter { label in job.source(label) != nil }
    }

    /// Labels of the other sources (another IXP's route servers, a collector's bilateral view).
    public var otherSources: [String] {
        let servers = Set(job.ixp.routeServers.map(\.label))
        return job.sources.map(\.label).filter { !servers.contains($0) }
    }

    /// The inputs at hand, to tell which checks can run.
    public var available: Set<AuditInput> {
        var have: Set<AuditInput> = []
        if !rib.sessions.isEmpty { have.insert(.routes) }
        let servers = Set(routeServerSources)
        let serversSeen = Set(rib.sessions.keys.map(\.source)).intersection(servers)
        if serversSeen.count >= 2 { have.insert(.twoRouteServers) }
        if routeServerGaps.isEmpty { have.insert(.everyRouteServer) }
        if !otherSources.isEmpty { have.insert(.otherSources) }
        if job.sources.contains(where: { !$0.updateFiles.isEmpty }) { have.insert(.updates) }
        if !simulation.isEmpty { have.insert(.simulation) }
        if !flows.isEmpty { have.insert(.flows) }
        if relationships != nil { have.insert(.relationships) }
        if rpki != nil { have.insert(.rpki) }
        if irr != nil { have.insert(.irr) }
        return have.subtracting(unavailable.keys)
    }

    /// Why a route server of the job has no complete night, one text per route server
    /// ("rs2: no RIB dump this night ..."); empty when each is a source with a RIB dump and at
    /// least one session. Without one, a member's missing session there cannot be told apart
    /// from missing data.
    public var routeServerGaps: [String] {
        var sessions: [String: (count: Int, partial: Bool)] = [:]
        for id in rib.sessions.keys { sessions[id.source, default: (0, false)].count += 1 }
        for (id, state) in rib.sessions where state.partial { sessions[id.source, default: (0, false)].partial = true }
        return job.ixp.routeServers.map(\.label).compactMap { label in
            guard job.source(label) != nil else { return "\(label): not a source of the job (no MRT data of it)" }
            guard let seen = sessions[label] else { return "\(label): no session in its data this night (missing or empty files)" }
            if seen.partial {
                return "\(label): no RIB dump this night (updates only), so a session that sent nothing cannot be told from no session"
            }
            return nil
        }
    }

    /// The member name for an ASN, "AS<n>" when it is not a member; at most 256 characters,
    /// as evidence quotes it in every finding (the full name is in members.csv).
    public func name(_ asn: ASN) -> String {
        guard let name = members.member(asn: asn)?.name else { return "AS\(asn)" }
        return name.unicodeScalars.count <= 256 ? name : String(String.UnicodeScalarView(name.unicodeScalars.prefix(255))) + "…"
    }
}

/// Thresholds of the analyses; each analysis keeps its own.
public struct AuditSettings: Hashable, Sendable {
    public var consistency = ConsistencySettings()
    public var leaks = LeakSettings()
    public var traffic = TrafficSettings()

    public init() {}
}

extension AuditInput {
    /// Why a check needing this input could not run, and how to give it.
    var missingReason: String {
        switch self {
        case .routes: return "no routes: give RIB dumps or update files (rib:/updates: in the job, --rib, --updates)"
        case .twoRouteServers: return "fewer than two route servers have data: give a source per route server"
        case .everyRouteServer: return "a route server of the job has no complete night: give each a RIB dump"
        case .otherSources: return "no other IXP or collector given as a source"
        case .updates: return "no update files: give updates: in the job or --updates"
        case .simulation: return "no route server among the sources: nothing to simulate"
        case .flows: return "no flows: give inputs.flows in the job file or --flows FILE"
        case .relationships: return "no AS-relationship file: give inputs.relationships or --relationships FILE"
        case .rpki: return "no RPKI VRP file: give inputs.rpki or --rpki FILE"
        case .irr: return "no IRR route objects: give inputs.irr or --irr FILE"
        }
    }
}
