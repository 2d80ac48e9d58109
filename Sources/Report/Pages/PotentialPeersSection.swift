import Audit
import BGP

/// The review page's "Potential peers": members this one exchanges traffic with across the IX
/// but receives no route from on the route servers, largest traffic first; the report's
/// potential-peers table holds every row.
enum PotentialPeersSection {
    static let shown = 10

    /// `rows`: the member's rows of the table, when the caller grouped them; else picked from the day's.
    static func render(_ asn: ASN, day: DayReport, rows: [PotentialPeer]?, into page: inout Page) {
        page.heading(2, "Potential peers")
        guard let traffic = day.audit.traffic else {
            page.paragraph("No flows given: not computed.")
            return
        }
        guard let all = traffic.potentialPeers else {
            page.paragraph("No route-server simulation: who receives whose routes is unknown, so not computed.")
            return
        }
        let mine = rows ?? all.filter { $0.member == asn }
        guard !mine.isEmpty else {
            page.paragraph("None: the route servers give this member routes of every member it exchanges traffic with.")
            return
        }
        page.paragraph("Members it exchanges traffic with but receives no route from on the route servers (each route server's export mode): "
            + "\(plain: PageText.count(mine.count)) in all; a bilateral session seen in the flows (TCP port 179) may carry their routes.")
        page.table(["member", "sent to it", "received from it", "routes it gets from this member", "bilateral session"],
                   mine.prefix(shown).map { row in
                       ["AS\(row.peer) \(day.name(row.peer))", Span(plain: PageText.bytes(row.sent.bytes)), Span(plain: PageText.bytes(row.received.bytes)),
                        Span(plain: PageText.count(row.routesToPeer)),
                        Span(plain: row.bilateralSamples > 0 ? "seen (\(row.bilateralSamples) samples)" : "not seen")]
                   }, alignRight: [1, 2, 3], within: 6_000)
        if mine.count > shown {
            page.paragraph("\(plain: PageText.count(mine.count - shown)) more in the report's potential-peers table (\(code: "member_asn") \(asn)).")
        }
    }
}
