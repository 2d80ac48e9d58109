import BGP
import XCTest
@testable import Routing

/// The direct-mapped cache of UPDATE sessions: a peer found is always the one remembered for
/// that source, address and ASN, never another that shares its place.
final class UpdatePeersTests: XCTestCase {
    /// 20,000 peers over two sources (five times the places, so many share one), each with the
    /// same address and ASN in both sources: after remembering them all, every look-up gives
    /// nil or exactly its own session.
    func testAPeerFoundIsThePeerRemembered() {
        var peers = UpdatePeers()
        var sessions: [SessionState] = []
        var found = 0
        for n in 0..<10_000 {
            for source in 0..<2 {
                let address = n % 2 == 0 ? IPAddress(ipv4: 0xB901_0F00 | UInt32(n)) : IPAddress(ipv6High: 0x2001_07F8_007A_0000, low: UInt64(n))
                let asn = ASN(UInt32(64_512 + n % 700))
                let session = SessionState(id: SessionID(source: "rs\(source + 1)", peerAddress: address, peerASN: asn), partial: false,
                                           ordinal: Int32(sessions.count))
                sessions.append(session)
                peers.remember(session, source: source, address: address, asn: asn)
            }
        }
        for session in sessions {
            let source = session.id.source == "rs1" ? 0 : 1
            if let hit = peers.session(source: source, address: session.id.peerAddress, asn: session.id.peerASN) {
                XCTAssertTrue(hit === session, "\(session.id) found as \(hit.id)")
                found += 1
            }
        }
        XCTAssertGreaterThan(found, 2000, "most recent peers stay found")
        XCTAssertNil(peers.session(source: 2, address: sessions[0].id.peerAddress, asn: sessions[0].id.peerASN), "another source")
        XCTAssertNil(peers.session(source: 0, address: sessions[0].id.peerAddress, asn: ASN(1)), "another ASN")
    }
}
