import BGP
import Job
import RouteServer
import Routing

/// Why `ixaudit explain` cannot answer for a night.
public enum ExplainNightError: Error, CustomStringConvertible {
    case policy(DayInputError)
    case unknownRouteServer(String, known: [String])
    case noRouteServerSource([String])
    case mode(ExportModeError)
    /// Nothing of the night's data is at or before `--at`.
    case beforeTheNight(at: UInt32)
    /// `--at` is after the night's last record.
    case afterTheNight(at: UInt32, last: UInt32)
    /// No route server could explain the query; one error per route server tried, in the
    /// state at `at` (nil: the end of the night).
    case explain([ExplainError], at: UInt32?)

    public var description: String {
        switch self {
        case let .policy(error): return error.description
        case let .unknownRouteServer(label, known):
            return "--rs \(label): not a route server of the job (route servers: \(known.joined(separator: ", ")))"
        case let .noRouteServerSource(known):
            return "no source of the job is labelled like a route server (\(known.joined(separator: ", "))): nothing to explain; "
                + "label the route servers' sources as in ixp.route_servers"
        case let .mode(error): return error.description
        case let .beforeTheNight(at):
            return "--at \(rfc3339(at)): before the night's first record (nothing of the RIB dumps or updates is at or before it); give a time within the night"
        case let .afterTheNight(at, last):
            return "--at \(rfc3339(at)): after the night's last record (\(rfc3339(last))); give a time within the night, or leave --at out for the state at the end"
        case let .explain(errors, at):
            return errors.map(\.description).joined(separator: "\n")
                + (at.map { "\n(in the state at --at \(rfc3339($0)); the routes may differ at another moment of the night)" } ?? "")
        }
    }
}

/// What `ixaudit explain` asks of a night.
public struct NightExplainRequest: Sendable {
    public var query: ExplainQuery
    /// `--mode`, a name of each route server's implementation; nil: the mode of its settings.
    public var modeName: String?
    /// One route server; nil: every route server where the member has a session.
    public var routeServer: String?
    public var at: UInt32?
    public var policyDirectory: String?

    public init(query: ExplainQuery, modeName: String? = nil, routeServer: String? = nil, at: UInt32? = nil, policyDirectory: String? = nil) {
        self.query = query
        self.modeName = modeName
        self.routeServer = routeServer
        self.at = at
        self.policyDirectory = policyDirectory
    }
}

extension DayRun {
    /// The explanation of `request` on each route server of the night (run to the members
    /// stage, until `request.at`): the import check of the whole RIB of each, then the
    /// prefix's decision. `request.query.mode` is replaced by each route server's mode.
    public func explain(_ request: NightExplainRequest) throws(ExplainNightError) -> [Explanation] {
        let job = inputs.job
        let labels = job.ixp.routeServers.map(\.label)
        var servers = job.ixp.routeServers.filter { job.source($0.label) != nil }
        if let label = request.routeServer {
            guard labels.contains(label) else { throw .unknownRouteServer(label, known: labels) }
            servers = servers.filter { $0.label == label }
        }
        guard !servers.isEmpty else { throw .noRouteServerSource(labels) }
        let summary = reconstruction.summary
        if let at = request.at {
            if summary.ribEntries == 0 && summary.updateMessages == 0 && summary.recordsAfterCutoff > 0 { throw .beforeTheNight(at: at) }
            let last = ([summary.baselines.values.max()] + reconstruction.rib.sortedSessions.map(\.lastUpdate)).compactMap { $0 }.max()
            if summary.recordsAfterCutoff == 0, let last, at > last { throw .afterTheNight(at: at, last: last) }
        }
        let policy: ImportPolicy
        if let loaded = inputs.policy {
            policy = loaded
        } else {
            do throws(DayInputError) { policy = try PolicyLookup.load(job, directory: request.policyDirectory) } catch { throw .policy(error) }
        }
        var out: [Explanation] = []
        var errors: [ExplainError] = []
        for server in servers {
            var query = request.query
            do { query.mode = try server.exportMode(named: request.modeName) } catch { throw .mode(error) }
            let rib = RouteServerRIB(rib: reconstruction.rib, source: server.label)
            // Only a route server where the member has a session is asked, unless named.
            guard request.routeServer != nil || rib.sessions.contains(where: { $0.peerASN == query.from }) else {
                errors.append(.unknownMember(query.from, routeServer: server.label, role: "--from"))
                continue
            }
            let effective = server.effectivePolicy(policy)
            do {
                out.append(try Explainer.explain(rib, policy: effective, members: inputs.members, scheme: job.ixp.communities,
                                                 implementation: server.implementation, query: query,
                                                 stateTime: request.at ?? summary.end ?? 0))
            } catch {
                errors.append(error)
            }
        }
        guard !out.isEmpty else { throw .explain(errors, at: request.at) }
        return out
    }
}
