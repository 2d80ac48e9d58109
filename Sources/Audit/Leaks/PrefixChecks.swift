import BGP
import Job
import RouteServer
import Routing

/// The leak checks that read a route's prefix and origin: the import policy's prefix rules
/// (bogon-prefix, prefix-too-long, prefix-too-short, default-route; clause from the policy),
/// rpki-invalid (RFC 6811, with a VRP file) and irr-unregistered (P7, with an IRR file).
/// One finding per check and member (`PrefixFindingGroups`).
enum PrefixChecks {
    static func findings(_ inputs: AuditInputs, sessions: [SessionState]) -> [Finding] {
        var groups = PrefixFindingGroups()
        let rpki = inputs.rpki, irr = inputs.irr, moreSpecifics = inputs.settings.leaks.irrAcceptsMoreSpecifics
        // Per attribute id: nil until read, then the path's origin (nil inside for an AS_SET end).
        var origins = [ASN??](repeating: nil, count: rpki != nil || irr != nil ? inputs.rib.attributes.count : 0)
        for (order, session) in sessions.enumerated() {
            for (key, record) in session.routes {
                for reason in policyReasons(inputs.policy, key.prefix) {
                    groups.add(.enforcing(reason.problem.rule), clause: reason.clause, detail: reason.problem.description,
                               session: session.id, order: order, key: key, record: record, attributes: inputs.rib.attributes)
                }
                guard rpki != nil || irr != nil else { continue }
                let origin: ASN?
                if let known = origins[Int(record.attributes)] {
                    origin = known
                } else {
                    origin = inputs.rib.attributes.sets.withStored(record.attributes) { $0.originASN }
                    origins[Int(record.attributes)] = .some(origin)
                }
                if let rpki, rpki.isInvalid(prefix: key.prefix, origin: origin) {
                    groups.add(.rpkiInvalid, clause: Check.rpkiInvalid.clause,
                               detail: "RPKI \(rpki.validate(prefix: key.prefix, origin: origin))",
                               session: session.id, order: order, key: key, record: record,
                               attributes: inputs.rib.attributes)
                }
                if let irr, !isRegistered(irr, key.prefix, origin, moreSpecifics) {
                    groups.add(.irrUnregistered, clause: Check.irrUnregistered.clause,
                               detail: irrProblem(irr, key.prefix, origin, moreSpecifics),
                               session: session.id, order: order, key: key, record: record,
                               attributes: inputs.rib.attributes)
                }
            }
        }
        return groups.findings(inputs)
    }

    /// The policy's prefix reasons; for the default route, default-route alone (it is also
    /// shorter than any minimum length, which would only say the same thing twice).
    static func policyReasons(_ policy: ImportPolicy, _ prefix: Prefix) -> [ImportReason] {
        let reasons = policy.prefixReasons(prefix)
        guard reasons.contains(where: { $0.problem == .defaultRoute }) else { return reasons }
        return reasons.filter { if case .prefixTooShort = $0.problem { return false } else { return true } }
    }

    /// Whether a route object registers the route (P7); a path ending in an AS_SET has no
    /// origin, so nothing registers it.
    static func isRegistered(_ irr: RouteObjectSet, _ prefix: Prefix, _ origin: ASN?, _ acceptMoreSpecifics: Bool) -> Bool {
        guard let origin else { return false }
        return irr.isRegistered(prefix, origin: origin, acceptingMoreSpecifics: acceptMoreSpecifics)
    }

    /// Why no route object registers the route, naming the objects there are.
    static func irrProblem(_ irr: RouteObjectSet, _ prefix: Prefix, _ origin: ASN?, _ acceptMoreSpecifics: Bool) -> String {
        let covering = irr.covering(prefix)
        let shown = covering.reversed().prefix(3).map(\.description).joined(separator: ", ")
            + (covering.count > 3 ? " and \(covering.count - 3) more" : "")
        let objects = covering.isEmpty ? "no route object for it or any covering prefix" : "objects for it or covering it: \(shown)"
        guard let origin else { return "the path ends in an AS_SET, so there is no origin AS to look up; \(objects)" }
        let wanted = acceptMoreSpecifics ? "for it or a covering prefix" : "for exactly this prefix"
        return "no route object \(wanted) with origin AS\(origin); \(objects)"
    }
}
