import BGP
import Job

/// Why a route server's decision about a prefix cannot be explained.
public enum ExplainError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The member has no session on the route server.
    case unknownMember(ASN, routeServer: String, role: String)
    /// The receiver has no session of the prefix's family: it cannot receive the prefix.
    case noSessionOfFamily(ASN, routeServer: String, prefix: Prefix)
    /// The member sent no route for the prefix; `senders` are the members that did.
    case nothingAnnounced(prefix: Prefix, from: ASN, routeServer: String, senders: [ASN], fromRoutes: Int)
    /// No session sent a route for the prefix; `covering` are less specific prefixes the
    /// member sent that hold it.
    case unknownPrefix(Prefix, routeServer: String, covering: [Prefix])

    public var description: String {
        switch self {
        case let .unknownMember(asn, rs, role):
            return "\(role) AS\(asn) has no session on route server \(rs): give the ASN of a member of \(rs)"
        case let .noSessionOfFamily(asn, rs, prefix):
            return "--to AS\(asn) has no \(prefix.family == .ipv4 ? "IPv4" : "IPv6") session on route server \(rs), so it cannot receive \(prefix)"
        case let .nothingAnnounced(prefix, from, rs, senders, fromRoutes):
            let others = senders.isEmpty ? "no member sent it"
                : "it was sent by " + senders.prefix(10).map { "AS\($0)" }.joined(separator: ", ") + (senders.count > 10 ? " and \(senders.count - 10) more" : "")
            return "AS\(from) sent no route for \(prefix) to \(rs) (it sent \(fromRoutes) routes in all); \(others)"
        case let .unknownPrefix(prefix, rs, covering):
            let hint = covering.isEmpty ? "" : "; the member sent the covering " + covering.map(\.description).joined(separator: ", ")
            return "no session of route server \(rs) sent a route for \(prefix) (give the prefix exactly as announced)\(hint)"
        }
    }
}

/// What to explain: the prefix, whose route, for whom, in which export mode.
public struct ExplainQuery: Sendable {
    public var prefix: Prefix
    public var from: ASN
    /// One receiver, or every receiver of the prefix's family.
    public var to: ASN?
    public var mode: ExportMode

    public init(prefix: Prefix, from: ASN, to: ASN? = nil, mode: ExportMode) {
        self.prefix = prefix
        self.from = from
        self.to = to
        self.mode = mode
    }
}
