import Audit
import BGP
import Foundation
import Job
import RouteServer
import Routing

/// `reviews/AS<n>.md` and `ixaudit review`: one member's page for a peering review. Every
/// rule of the chosen policy with pass, fail or not checked and the evidence; then the
/// member's sessions, routes announced and received, reach, and its findings. At most
/// `budget` bytes, the largest member's included: the report's CSV files hold the rest.
public enum ReviewPage {
    public static let budget = 200_000
    static let addressesShown = 20

    /// `findings` and `sessions`: the member's, when the caller has them at hand (the report
    /// writes a page per member); else they are picked from the day's.
    public static func render(_ member: Member, day: DayReport, summary: MemberSummary?, findings: [Finding]? = nil,
                              sessions: [SessionState]? = nil, rejections rejectionLines: [Span]? = nil,
                              potentialPeers: [PotentialPeer]? = nil, missedRoutes: [MissedRoutes]? = nil) -> String {
        page(member, day: day, summary: summary, findings: findings, sessions: sessions, rejections: rejectionLines,
             potentialPeers: potentialPeers, missedRoutes: missedRoutes).markdown
    }

    public static func page(_ member: Member, day: DayReport, summary: MemberSummary?, findings: [Finding]? = nil,
                            sessions: [SessionState]? = nil, rejections rejectionLines: [Span]? = nil,
                            potentialPeers: [PotentialPeer]? = nil, missedRoutes: [MissedRoutes]? = nil) -> Page {
        var page = Page(budget: budget)
        let (rulesTitle, rules) = PolicyRules.forPolicy(day.policy.name)
        page.heading(1, "Peering review: AS\(member.asn) \(member.name)")
        page.paragraph("\(day.ixpName), \(plain: day.date). Rules: \(rulesTitle). Made by ixaudit \(plain: day.toolVersion).")
        let findings = findings ?? day.audit.findings.filter { $0.member == member.asn }
        if let changes = day.changes { ChangesSection.render(changes.about(member: member.asn), findings: findings, into: &page) }

        page.heading(2, "Rules")
        var rows: [[Span]] = []
        var failed = 0
        for rule in rules {
            let (result, evidence) = verdict(rule, findings: findings, checks: day.audit.checks)
            if result == .fail { failed += 1 }
            rows.append([Span(plain: rule.clause), Span(rule.title), result.text, evidence])
        }
        page.table(["rule", "requirement", "result", "evidence"], rows, within: 20_000)
        page.paragraph(failed == 0 ? "No rule failed." : "\(failed) of \(rules.count) rules failed; the findings are listed below.")
        let ruleChecks = Set(rules.flatMap(\.checks).map(\.id))
        let notRun = day.audit.checks.filter { !$0.ran && ruleChecks.contains($0.check.id) }
        if !notRun.isEmpty {
            page.paragraph("Checks of these rules that did not run, so the rules they test are not fully checked:")
            page.table(["check", "why it did not run"], notRun.map { run in
                guard case let .notRun(reason) = run.status else { return [] }
                return [Span(code: run.check.id.description), Span(reason)]
            }, within: 20_000, more: { "\($0) more in the report's checks.csv." })
        }

        page.heading(2, "Sessions")
        let sessions = sessions ?? day.sessions(of: member.asn)
        if sessions.isEmpty {
            page.paragraph("No session of this member in the data.")
        } else {
            page.table(["source", "peer address", "IPv4 routes", "IPv6 routes", "updates", "resets", "state"], count: sessions.count,
                       alignRight: [2, 3, 4, 5], within: 30_000,
                       more: { "\($0) more in the report's sessions.csv (\(code: "peer_asn") \(member.asn))." }) { index in
                let s = sessions[index]
                return [Span(s.id.source), Span(code: s.id.peerAddress.description), Span(plain: PageText.count(s.ipv4Routes)),
                        Span(plain: PageText.count(s.ipv6Routes)), Span(plain: PageText.count(s.updates)), Span(plain: PageText.count(s.resets)),
                        Span(plain: s.isEstablished.map { $0 ? "established" : "down" } ?? (s.partial ? "partial" : "established (from the RIB dump)"))]
            }
        }
        let assigned = member.peeringAddresses.prefix(Self.addressesShown).map { Span(code: $0.address.description) }
        let moreAddresses = member.peeringAddresses.count - assigned.count
        page.paragraph("Addresses the IX assigned: " + (assigned.isEmpty ? "none listed" : Span.joined(assigned, separator: ", "))
            + (moreAddresses > 0 ? " and \(moreAddresses) more in the member list" : .empty)
            + ". Max-prefix: IPv4 \(plain: member.maxPrefixIPv4.map(String.init) ?? "not set"), IPv6 \(plain: member.maxPrefixIPv6.map(String.init) ?? "not set").")

        page.heading(2, "Routes")
        if let summary {
            page.bullets([
                "Announces \(plain: PageText.count(summary.ipv4Prefixes)) IPv4 and \(plain: PageText.count(summary.ipv6Prefixes)) IPv6 prefixes (end of the day, all sessions).",
                "Receives \(plain: PageText.count(summary.routesReceived)) routes from the route servers (each route server's export mode).",
                "Its routes reach \(plain: PageText.count(summary.reach)) members.",
                "Consistency score: \(plain: summary.consistencyScore.map { String(format: "%.3f", $0) } ?? "not scored").",
            ] + (rejectionLines ?? rejections(member.asn, day: day)), within: 15_000)
        }

        MissedRoutesSection.render(member.asn, day: day, rows: missedRoutes, into: &page)
        PotentialPeersSection.render(member.asn, day: day, rows: potentialPeers, into: &page)

        page.heading(2, "Findings")
        if findings.isEmpty {
            page.paragraph("None.")
        } else {
            page.table(PageText.findingHeader, count: findings.count, alignRight: [6], within: 100_000,
                       more: { "\($0) more in the report's findings.csv (\(code: "member_asn") \(member.asn)); the routes behind each are in "
                           + "its analysis's routes table." }) { PageText.findingRow(findings[$0]) }
        }
        return page
    }

    /// What a review says of a rule.
    enum Verdict: Equatable {
        case fail, pass, partlyChecked, notChecked

        var text: Span {
            switch self {
            case .fail: return "\(strong: "fail")"
            case .pass: return "pass"
            case .partlyChecked: return "pass (partly checked)"
            case .notChecked: return "not checked"
            }
        }
    }

    /// Fail when a check of the rule found something at warning or above; pass when every
    /// check of the rule ran and found nothing that serious; not checked otherwise.
    static func verdict(_ rule: PolicyRule, findings: [Finding], checks: [CheckRun]) -> (Verdict, Span) {
        // By id: comparing whole checks compares their texts.
        let ruleChecks = Set(rule.checks.map(\.id))
        guard !ruleChecks.isEmpty else { return (.notChecked, "no check of this tool tests it") }
        let runs = checks.filter { ruleChecks.contains($0.check.id) }
        let ran = runs.filter(\.ran)
        let relevant = findings.filter { ruleChecks.contains($0.check.id) }
        let serious = relevant.filter { $0.severity >= .warning }
        let notRun = Span.joined(runs.filter { !$0.ran }.map { Span(code: $0.check.id.description) }, separator: ", ")
        if !serious.isEmpty {
            let byCheck = Dictionary(grouping: serious, by: { $0.check.id.description }).sorted { $0.key < $1.key }
            return (.fail, Span.joined(byCheck.map { "\(code: $0.key) ×\($0.value.count)" }, separator: ", "))
        }
        if ran.isEmpty { return (.notChecked, "not run: \(notRun)") }
        var evidence: Span = "checked by \(Span.joined(ran.map { Span(code: $0.check.id.description) }, separator: ", "))"
        if !relevant.isEmpty { evidence += "; \(relevant.count) notices" }
        if !notRun.isEmpty { evidence += "; not run: \(notRun)" }
        return (notRun.isEmpty ? .pass : .partlyChecked, evidence)
    }

    static func rejections(_ asn: ASN, day: DayReport) -> [Span] {
        rejections(day: day, of: [asn])[asn] ?? []
    }

    /// Each member's lines on the routes the route servers reject, in one pass over the
    /// rejected routes (the report writes 800 pages: a pass per page would be 800 passes).
    static func rejections(day: DayReport, of members: Set<ASN>? = nil) -> [ASN: [Span]] {
        var lines: [ASN: [Span]] = [:]
        for result in day.simulation {
            var reasons: [ASN: (total: Int, rules: [ImportRule: Int])] = [:]
            for index in result.importResult.rejected {
                let asn = result.rib.sessions[Int(result.rib.routes[index].session)].peerASN
                if let members, !members.contains(asn) { continue }
                reasons[asn, default: (0, [:])].total += 1
                for reason in result.importResult.reasons[index] { reasons[asn, default: (0, [:])].rules[reason.problem.rule, default: 0] += 1 }
            }
            for (asn, counted) in reasons {
                let rules = counted.rules.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\(code: $0.key.rawValue) ×\($0.value)" as Span }
                lines[asn, default: []].append("\(result.routeServer) rejects \(counted.total) of its routes: \(Span.joined(rules, separator: ", ")).")
            }
        }
        return lines
    }
}
