import Audit
import BGP
import Job
import RouteServer
import Routing

/// Everything the report pages show about one day: what was read, what the route servers
/// would export, what the analyses found. Built once by `ixaudit report` (and `review`).
public struct DayReport {
    public var ixpName: String
    /// The run date (YYYY-MM-DD) the job's paths were resolved for.
    public var date: String
    public var jobFile: String?
    public var policy: ImportPolicy
    public var members: MemberDirectory
    public var rib: AdjRIBIn
    public var reconstruction: ReconstructionSummary
    public var simulation: [ExportResult]
    public var audit: AuditResult
    /// The inputs read (MRT files, member list, reference files, flows).
    public var inputFiles: [InputFile]
    public var timings: [(phase: String, seconds: Double)]
    public var toolVersion: String
    /// What changed since the previous night, when the report keeps a history; nil otherwise,
    /// and the pages and findings.csv are as without one.
    public var changes: NightChanges?

    public init(ixpName: String, date: String, jobFile: String?, policy: ImportPolicy, members: MemberDirectory, rib: AdjRIBIn,
                reconstruction: ReconstructionSummary, simulation: [ExportResult], audit: AuditResult, inputFiles: [InputFile],
                timings: [(phase: String, seconds: Double)], toolVersion: String) {
        self.ixpName = ixpName
        self.date = date
        self.jobFile = jobFile
        self.policy = policy
        self.members = members
        self.rib = rib
        self.reconstruction = reconstruction
        self.simulation = simulation
        self.audit = audit
        self.inputFiles = inputFiles
        self.timings = timings
        self.toolVersion = toolVersion
    }

    public func name(_ asn: ASN) -> String { Self.name(asn, in: members) }

    /// A member's name in the member list, or `AS<n>` for an ASN not in it.
    static func name(_ asn: ASN, in members: MemberDirectory) -> String { members.member(asn: asn)?.name ?? "AS\(asn)" }

    /// The sessions the member list attributes to each member (`MemberDirectory.match`), in
    /// session order.
    public var sessionsByMember: [ASN: [SessionState]] {
        var sessionsOf: [ASN: [SessionState]] = [:]
        for session in rib.sortedSessions {
            guard let member = members.match(peerAddress: session.id.peerAddress, peerASN: session.id.peerASN).member else { continue }
            sessionsOf[member.asn, default: []].append(session)
        }
        return sessionsOf
    }

    /// One member's sessions, as `sessionsByMember` has them.
    public func sessions(of asn: ASN) -> [SessionState] {
        rib.sortedSessions.filter { members.match(peerAddress: $0.id.peerAddress, peerASN: $0.id.peerASN).member?.asn == asn }
    }

    /// One row per member of the member list, by ASN.
    public var memberSummaries: [MemberSummary] { MemberSummary.all(self, sessionsOf: sessionsByMember) }
}

/// An input of the run and what became of it, as run.json and Data quality list it.
public struct InputFile: Hashable, Sendable {
    /// What it is: `rib rs1`, `updates rs2`, `members`, `flows`, `rpki`...
    public var role: String
    public var path: String
    /// read, partial, missing, empty, unreadable, malformed or "matched no file".
    public var state: String
    /// Bytes read from the file and their SHA-256, taken as it was read for the analysis.
    public var bytes: Int64?
    public var sha256: String?
    /// What went wrong or was set aside, as one sentence; nil when it was read whole.
    public var problem: String?

    public init(role: String, path: String, state: String = "read", bytes: Int64? = nil, sha256: String? = nil,
                problem: String? = nil) {
        self.role = role
        self.path = path
        self.state = state
        self.bytes = bytes
        self.sha256 = sha256
        self.problem = problem
    }
}

/// A member's day in numbers: its sessions, what it announced, what the route servers give
/// it and how far its routes reach, its consistency score and its findings.
public struct MemberSummary: Hashable, Sendable {
    public var asn: ASN
    public var name: String
    public var sessions: Int
    public var routeServerSessions: Int
    /// Distinct prefixes present at the end on any of its sessions, per family.
    public var ipv4Prefixes: Int
    public var ipv6Prefixes: Int
    /// Routes the route servers give it, each in its export mode (the route server that gives most).
    public var routesReceived: Int
    /// Members that get at least one of its routes (each route server in its export mode).
    public var reach: Int
    public var consistencyScore: Double?
    /// Findings about it, by severity (error, warning, notice, info).
    public var findings: [Severity: Int]
    /// Routes added, withdrawn or changed during the day on all its sessions.
    public var changes: Int

    static func all(_ day: DayReport, sessionsOf: [ASN: [SessionState]]) -> [MemberSummary] {
        let servers = Set(day.simulation.map(\.routeServer))
        var received: [ASN: Int] = [:], reach: [ASN: Int] = [:]
        for result in day.simulation {
            // What each receiver gets is its column of the matrix summed: `routesReceived(by:)`
            // would look every sender up by a linear search, 800 x 800 per receiver.
            var reached: [ASN: Int] = [:], got: [ASN: Int] = [:]
            for entry in result.exportMatrix(result.implementation.configuredMode) {
                reached[entry.sender, default: 0] += 1
                got[entry.receiver, default: 0] += entry.routes
            }
            for (sender, count) in reached { reach[sender] = max(reach[sender] ?? 0, count) }
            for receiver in result.receivers { received[receiver] = max(received[receiver] ?? 0, got[receiver] ?? 0) }
        }
        var findings: [ASN: [Severity: Int]] = [:]
        for finding in day.audit.findings {
            guard let asn = finding.member else { continue }
            findings[asn, default: [:]][finding.severity, default: 0] += 1
        }
        let scores = Dictionary(day.audit.consistencyScores.map { ($0.asn, $0.score) }, uniquingKeysWith: { a, _ in a })
        return day.members.members.map { member in
            let sessions = sessionsOf[member.asn] ?? []
            var prefixes = DistinctPrefixes()
            var changes = 0
            for session in sessions {
                changes += session.announcements + session.withdrawals
                for (key, record) in session.routes where record.isPresent { prefixes.insert(key.prefix) }
            }
            let (ipv4, ipv6) = prefixes.counts()
            return MemberSummary(asn: member.asn, name: member.name, sessions: sessions.count,
                                 routeServerSessions: sessions.filter { servers.contains($0.id.source) }.count,
                                 ipv4Prefixes: ipv4, ipv6Prefixes: ipv6, routesReceived: received[member.asn] ?? 0,
                                 reach: reach[member.asn] ?? 0, consistencyScore: scores[member.asn],
                                 findings: findings[member.asn] ?? [:], changes: changes)
        }
    }
}
