import Audit
import BGP

/// `potential-peers.csv`: per member, the members it exchanges traffic with across the IX but
/// receives no route from on the route servers (each in its export mode), with the traffic both ways, the
/// routes the other way, and whether a bilateral BGP session between them was seen in the
/// flows (docs/flows.md, "Potential peers").
public enum PotentialPeersTable {
    public static let header = [
        "member_asn", "member_name", "peer_asn", "peer_name", "bytes_sent", "bytes_received", "samples_sent",
        "samples_received", "routes_to_peer", "bilateral_session", "bgp_samples",
    ]

    public static func write(_ peers: [PotentialPeer], name: (ASN) -> String, to table: inout CSVWriter) {
        for row in peers {
            table.number(row.member.rawValue)
            table.text(name(row.member))
            table.number(row.peer.rawValue)
            table.text(name(row.peer))
            table.number(row.sent.bytes)
            table.number(row.received.bytes)
            table.number(row.sent.samples)
            table.number(row.received.samples)
            table.number(row.routesToPeer)
            table.text(row.bilateralSamples > 0 ? "seen" : "not seen")
            table.number(row.bilateralSamples)
            table.endRow()
        }
    }
}
