import BGP
import RouteServer

/// The review page's "Your routes that other members do not receive, and why": per route
/// server and receiver, the member's accepted prefixes the receiver gets no route of it for in
/// the route server's export mode, by reason (an exclude community, a block-all without an include,
/// NO_EXPORT or NO_ADVERTISE,
/// another route won the decision, a closed session); most missed first. `ixaudit explain`
/// gives the route-by-route answer.
enum MissedRoutesSection {
    static let shown = 15

    /// The rows of every member, by sender: one pass per route server (the report writes a
    /// page per member).
    static func rows(day: DayReport, of senders: Set<ASN>? = nil) -> [ASN: [MissedRoutes]] {
        var out: [ASN: [MissedRoutes]] = [:]
        for result in day.simulation {
            for (sender, rows) in result.missedRoutes(mode: result.implementation.configuredMode, senders: senders) {
                out[sender, default: []] += rows
            }
        }
        return out.mapValues { $0.sorted { ($1.missed, $0.routeServer, $0.receiver) < ($0.missed, $1.routeServer, $1.receiver) } }
    }

    /// `rows`: the member's, when the caller computed every member's at once.
    static func render(_ asn: ASN, day: DayReport, rows given: [MissedRoutes]?, into page: inout Page) {
        page.heading(2, "Your routes that other members do not receive")
        guard !day.simulation.isEmpty else {
            page.paragraph("No route-server simulation: not computed.")
            return
        }
        let rows = given ?? Self.rows(day: day, of: [asn])[asn] ?? []
        guard !rows.isEmpty else {
            page.paragraph("None: every member with a session of the family gets a route of this member for each of its accepted prefixes "
                + "(each route server's export mode; routes rejected at import are counted under Routes).")
            return
        }
        let receivers = Set(rows.map(\.receiver)).count
        let total = (excluded: rows.reduce(0) { $0 + $1.excluded }, notIncluded: rows.reduce(0) { $0 + $1.notIncluded },
                     wellKnown: rows.reduce(0) { $0 + $1.wellKnown },
                     other: rows.reduce(0) { $0 + $1.otherRoute }, closed: rows.reduce(0) { $0 + $1.sessionClosed })
        page.paragraph("\(plain: PageText.count(receivers)) members miss some of its accepted prefixes (each route server's export mode; "
            + "a prefix sent by two routers counts once). "
            + "Over all of them: \(plain: PageText.count(total.excluded)) kept by an exclude community, "
            + "\(plain: PageText.count(total.notIncluded)) by a block-all without an include for the member, "
            + "\(plain: PageText.count(total.wellKnown)) by NO_EXPORT or NO_ADVERTISE (to no member), "
            + "\(plain: PageText.count(total.other)) where another route won the decision (in best mode the member then may get nothing: a hidden path), "
            + "\(plain: PageText.count(total.closed)) on sessions closed over max-prefix.")
        page.table(["route server", "member", "its prefixes", "received", "exclude community", "block-all, not included", "NO_EXPORT, NO_ADVERTISE",
                    "another route won", "session closed"],
                   rows.prefix(shown).map { row in
                       [Span(row.routeServer), "AS\(row.receiver) \(day.name(row.receiver))", Span(plain: PageText.count(row.routes)),
                        Span(plain: PageText.count(row.received)), Span(plain: PageText.count(row.excluded)), Span(plain: PageText.count(row.notIncluded)),
                        Span(plain: PageText.count(row.wellKnown)), Span(plain: PageText.count(row.otherRoute)), Span(plain: PageText.count(row.sessionClosed))]
                   }, alignRight: [2, 3, 4, 5, 6, 7, 8], within: 8_000)
        if rows.count > shown { page.paragraph("\(plain: PageText.count(rows.count - shown)) more rows.") }
        page.paragraph("Route by route: \(code: "ixaudit explain PREFIX --from AS\(asn) --to AS<member>").")
    }
}
