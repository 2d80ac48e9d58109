import BGP
import Routing

/// The checks on a session's route count over the day (P6): max-prefix (the peak over the
/// session's limit) and prefix-count-jump (a sudden rise, the signature of a full-table leak).
/// Both read the session's 5-minute route-count series (`SessionState.series`, each sample
/// the count at the end of its interval) and the count at the end of the day.
enum RouteCountChecks {
    static let families: [AddressFamily] = [.ipv4, .ipv6]

    /// max-prefix: per session and family, the peak count over the day against
    /// `policy.maxPrefixLimit` (the member list's max_prefix, else the policy default).
    static func maxPrefix(_ inputs: AuditInputs, sessions: [SessionState]) -> [Finding] {
        guard let rule = inputs.policy.maxPrefix else { return [] }
        var out: [Finding] = []
        for session in sessions {
            for family in families {
                guard let limit = inputs.policy.maxPrefixLimit(session: session.id, family: family, members: inputs.members) else { continue }
                let samples = counts(session, family)
                guard let peak = samples.max(by: { $0.count < $1.count }), peak.count > limit else { continue }
                let over = samples.filter { $0.count > limit }
                let atEnd = family == .ipv4 ? session.ipv4Routes : session.ipv6Routes
                let evidence = "peak of \(LeakEvidence.count(peak.count, "\(LeakEvidence.family(family)) route")) over the limit of \(limit)"
                    + " in the \(interval(inputs)) from \(LeakEvidence.time(peak.time))"
                    + "; over the limit in \(LeakEvidence.count(over.count, "interval")) of the day; \(atEnd) at the end of the day"
                out.append(Finding(.maxPrefix, member: session.id.peerASN, memberName: inputs.name(session.id.peerASN),
                                   source: LeakEvidence.session(session.id), evidence: evidence, clause: rule.clause,
                                   firstSeen: over.first?.time, lastSeen: over.last.map { $0.time + inputs.rib.seriesInterval },
                                   count: peak.count, routesAffected: peak.count))
            }
        }
        return out
    }

    /// prefix-count-jump: an interval whose count rises at least max(`jumpMinimum`,
    /// `jumpFraction` x that highest count) above the highest count of the `jumpWindow`
    /// before it. Measuring against the highest count of the previous hour (not the count
    /// just before) keeps a session that comes back after a reset from counting as a jump.
    /// One finding per session and family, showing the largest jump; count = intervals.
    static func jumps(_ inputs: AuditInputs, sessions: [SessionState]) -> [Finding] {
        guard inputs.available.contains(.updates) else { return [] }
        let settings = inputs.settings.leaks
        var out: [Finding] = []
        for session in sessions {
            for family in families {
                let samples = counts(session, family)
                var found: [Jump] = []
                for i in samples.indices.dropFirst() {
                    guard let before = highestBefore(i, samples, window: settings.jumpWindow) else { continue }
                    let needed = max(settings.jumpMinimum, Int((settings.jumpFraction * Double(before.count)).rounded(.up)))
                    if samples[i].count - before.count >= needed { found.append(Jump(from: before, to: samples[i])) }
                }
                guard let largest = found.max(by: { $0.rise < $1.rise }) else { continue }
                let window = settings.jumpWindow == 3600 ? "hour" : LeakEvidence.count(Int(settings.jumpWindow) / 60, "minute")
                let evidence = "\(LeakEvidence.family(family)) routes rose from \(largest.from.count) (the highest of the \(window) before, at"
                    + " \(LeakEvidence.time(largest.from.time))) to \(largest.to.count) in the \(interval(inputs)) from"
                    + " \(LeakEvidence.time(largest.to.time)); threshold max(\(settings.jumpMinimum),"
                    + " \(settings.jumpFraction) x \(largest.from.count)); \(LeakEvidence.count(found.count, "such interval")) in the day"
                out.append(Finding(.prefixCountJump, member: session.id.peerASN, memberName: inputs.name(session.id.peerASN),
                                   source: LeakEvidence.session(session.id), evidence: evidence,
                                   firstSeen: found.first?.to.time, lastSeen: found.last.map { $0.to.time + inputs.rib.seriesInterval },
                                   count: found.count, routesAffected: largest.rise))
            }
        }
        return out
    }

    /// The series interval in words: `5 minutes`.
    static func interval(_ inputs: AuditInputs) -> String {
        let seconds = Int(inputs.rib.seriesInterval)
        return seconds % 60 == 0 ? LeakEvidence.count(seconds / 60, "minute") : LeakEvidence.count(seconds, "second")
    }

    struct Sample {
        var time: UInt32
        var count: Int
    }

    private struct Jump {
        var from: Sample
        var to: Sample
        var rise: Int { to.count - from.count }
    }

    /// The session's counts of `family` through the day, in time order.
    static func counts(_ session: SessionState, _ family: AddressFamily) -> [Sample] {
        session.series.map { Sample(time: $0.time, count: family == .ipv4 ? $0.ipv4 : $0.ipv6) }
    }

    /// The highest count of the window before sample `i`: the samples inside it, and the last
    /// one before it (a count holds until the next sample, so that one is the count the window
    /// began with). Nil when nothing came before.
    static func highestBefore(_ i: Int, _ samples: [Sample], window: UInt32) -> Sample? {
        let start = samples[i].time >= window ? samples[i].time - window : 0
        var best: Sample?
        var j = i - 1
        while j >= 0 {
            if best.map({ samples[j].count > $0.count }) ?? true { best = samples[j] }
            if samples[j].time < start { break }
            j -= 1
        }
        return best
    }
}
