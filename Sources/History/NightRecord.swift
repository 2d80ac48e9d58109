import Audit
import Report

/// One night as the history records it: when and how it was made, what it read, its
/// headline figures and every finding.
public struct NightRecord: Sendable {
    /// The run date, YYYY-MM-DD: the night's key. Recording it again replaces it.
    public var date: String
    public var ixp: String
    public var job: String?
    public var toolVersion: String
    /// When it was recorded, RFC 3339 UTC.
    public var recordedAt: String
    public var inputs: [InputFile]
    /// Headline figures by name (`findings_error`, `routes`, `sessions`...), for dashboards.
    public var figures: [(name: String, value: Int)]
    public var findings: [Finding]
    /// Every member of the member list, its figures of the night.
    public var members: [MemberNight]

    public init(date: String, ixp: String, job: String?, toolVersion: String, recordedAt: String, inputs: [InputFile],
                figures: [(name: String, value: Int)], findings: [Finding], members: [MemberNight] = []) {
        self.date = date
        self.ixp = ixp
        self.job = job
        self.toolVersion = toolVersion
        self.recordedAt = recordedAt
        self.inputs = inputs
        self.figures = figures
        self.findings = findings
        self.members = members
    }
}

/// A member's night in numbers, as the history keeps it (`member_night`).
public struct MemberNight: Hashable, Sendable {
    public var asn: UInt32
    public var name: String
    public var sessions: Int
    /// Routes present at the end of the day on all its sessions.
    public var routes: Int
    public var ipv4Prefixes: Int
    public var ipv6Prefixes: Int
    /// Routes the route servers give it (best mode, the best route server).
    public var routesReceived: Int
    /// Members that get at least one of its routes; nil when no route server was simulated.
    public var reach: Int?

    public init(asn: UInt32, name: String, sessions: Int, routes: Int, ipv4Prefixes: Int, ipv6Prefixes: Int, routesReceived: Int,
                reach: Int?) {
        self.asn = asn
        self.name = name
        self.sessions = sessions
        self.routes = routes
        self.ipv4Prefixes = ipv4Prefixes
        self.ipv6Prefixes = ipv6Prefixes
        self.routesReceived = routesReceived
        self.reach = reach
    }
}
