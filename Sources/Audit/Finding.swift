import BGP

/// One thing an analysis found (docs/architecture.md, "Findings"): which check, about whom, where,
/// the evidence a person can verify, and when and how often it was seen.
public struct Finding: Hashable, Sendable {
    public var check: Check
    /// The member the finding is about, and its name from the member list ("AS<n>" if none).
    public var member: ASN?
    public var memberName: String
    /// Where it was seen: a source label (`rs1`), a session (`rs1 185.1.15.21`), or several
    /// joined by `;`. Empty for traffic findings (the flows name no session).
    public var source: String
    public var prefix: Prefix?
    /// The other member, when there is one: whose routes leaked (peer-leak), whose address
    /// the next hop is, who received the traffic (default pointing).
    public var otherMember: ASN?
    /// What a person checks: the AS path, the next hop and whose address it is, the
    /// communities, the counts or the traffic figures, in words and values.
    public var evidence: String
    public var traffic: TrafficFigures?
    /// The clause enforced; the check's own unless the policy file names another.
    public var clause: String
    /// Seconds since 1970, when known.
    public var firstSeen: UInt32?
    public var lastSeen: UInt32?
    /// How many times (routes, events, samples) the finding stands for.
    public var count: Int
    /// The check's severity, unless the finding is judged less sure (peer-leak without
    /// relationship data is a notice).
    public var severity: Severity
    /// The routes behind the finding, each with its own times, count and detail: the
    /// per-route rows of the analysis's routes table. Empty for findings about a session, a
    /// route count or traffic.
    public var routes: [AffectedRoute]
    /// How many routes the finding touches (a session's routes for a reset or a max-prefix,
    /// the prefixes of a leak): what the summary ranks findings of one severity by.
    public var routesAffected: Int

    public init(_ check: Check, member: ASN?, memberName: String? = nil, source: String = "", prefix: Prefix? = nil,
                otherMember: ASN? = nil, evidence: String, traffic: TrafficFigures? = nil, clause: String? = nil,
                firstSeen: UInt32? = nil, lastSeen: UInt32? = nil, count: Int = 1, severity: Severity? = nil,
                routes: [AffectedRoute] = [], routesAffected: Int = 0) {
        self.check = check
        self.member = member
        self.memberName = memberName ?? member.map { "AS\($0)" } ?? ""
        self.source = source
        self.prefix = prefix
        self.otherMember = otherMember
        self.evidence = evidence
        self.traffic = traffic
        self.clause = clause ?? check.clause
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.count = count
        self.severity = severity ?? check.severity
        self.routes = routes
        self.routesAffected = routesAffected
    }

    public var category: Category { check.category }

    /// Report order: most severe first, then by check table order, member, prefix, source.
    public static func reportOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.severity != b.severity { return a.severity > b.severity }
        let ai = Check.all.firstIndex(of: a.check) ?? 0, bi = Check.all.firstIndex(of: b.check) ?? 0
        if ai != bi { return ai < bi }
        if a.member != b.member { return (a.member?.rawValue ?? 0) < (b.member?.rawValue ?? 0) }
        if a.prefix != b.prefix {
            guard let ap = a.prefix else { return true }
            guard let bp = b.prefix else { return false }
            return ap < bp
        }
        if a.otherMember != b.otherMember { return (a.otherMember?.rawValue ?? 0) < (b.otherMember?.rawValue ?? 0) }
        if a.source != b.source { return a.source < b.source }
        return a.evidence < b.evidence
    }
}

/// Traffic behind a flow finding, scaled by the sampling rate.
public struct TrafficFigures: Hashable, Sendable {
    public var bytes: UInt64
    public var packets: UInt64
    /// Share of the member's own traffic sent across the IX (0...1).
    public var shareOfMember: Double
    /// The destinations (or sources) that carry most of it, largest first, with their bytes.
    public var top: [(address: String, bytes: UInt64)]

    public init(bytes: UInt64, packets: UInt64, shareOfMember: Double, top: [(address: String, bytes: UInt64)] = []) {
        self.bytes = bytes
        self.packets = packets
        self.shareOfMember = shareOfMember
        self.top = top
    }

    public static func == (a: TrafficFigures, b: TrafficFigures) -> Bool {
        a.bytes == b.bytes && a.packets == b.packets && a.shareOfMember == b.shareOfMember
            && a.top.map(\.address) == b.top.map(\.address) && a.top.map(\.bytes) == b.top.map(\.bytes)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(bytes)
        hasher.combine(packets)
    }
}

/// Whether a check ran, and if not, why: a check that could not run is never reported clean.
public struct CheckRun: Hashable, Sendable {
    public enum Status: Hashable, Sendable {
        case ran
        /// The input it needs is missing; the reason says which and how to give it.
        case notRun(reason: String)
    }

    public var check: Check
    public var status: Status
    public var findings: Int

    public init(check: Check, status: Status, findings: Int = 0) {
        self.check = check
        self.status = status
        self.findings = findings
    }

    public var ran: Bool { status == .ran }
}
