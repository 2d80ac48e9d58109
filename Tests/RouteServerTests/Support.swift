import BGP
import Foundation
import Job
import Routing
import RouteServer
import XCTest

/// OpenBGPD with `rde evaluate all`: a simulation of it holds every mode (per-client is always
/// simulated, evaluate-all only for OpenBGPD), so tests that go through `ExportMode.allCases`
/// run it.
let everyMode = RouteServerImplementation.openbgpd(evaluateAll: true)

/// Builds small route-server RIBs for hand-worked tests. Members sit on SmartHub's LAN
/// 185.1.15.0/24 and 2001:7f8:7a::/64; the route server is AS8960.
struct RIBBuilder {
    var sessions: [SessionID] = []
    var routes: [ReceivedRoute] = []
    var attributes: [PathAttributes] = []
    let label: String

    init(label: String = "rs1") { self.label = label }

    /// Adds (or finds) the session of `asn` at `address`; returns its index.
    @discardableResult
    mutating func session(_ asn: UInt32, _ address: String) -> Int32 {
        let id = SessionID(source: label, peerAddress: IPAddress(address)!, peerASN: ASN(asn))
        if let i = sessions.firstIndex(of: id) { return Int32(i) }
        sessions.append(id)
        return Int32(sessions.count - 1)
    }

    /// Adds a route; attributes default to what a well-behaved member sends: its own ASN
    /// first, its session address as next hop.
    @discardableResult
    mutating func route(_ session: Int32, _ prefix: String, path: [UInt32]? = nil, nextHop: String? = nil,
                        communities: String = "", localPref: UInt32? = nil, med: UInt32? = nil,
                        origin: Origin = .igp, pathID: UInt32 = 0, firstSeen: UInt32 = 0) -> Int {
        let id = sessions[Int(session)]
        let p = Prefix(prefix)!
        var a = PathAttributes()
        a.origin = origin
        a.asPath = ASPath(sequence: path ?? [id.peerASN.rawValue])
        let hop = nextHop.map { IPAddress($0)! } ?? id.peerAddress
        if p.family == .ipv4 { a.nextHop = hop } else { a.mpNextHop = MPNextHop(address: hop) }
        let parts = communities.split(separator: " ").map(String.init)
        a.communities = parts.filter { $0.split(separator: ":").count == 2 }.compactMap { Community($0) }
        a.largeCommunities = parts.filter { $0.split(separator: ":").count == 3 }.compactMap { LargeCommunity($0) }
        a.localPref = localPref
        a.med = med
        let attributeID: Int32
        if let existing = attributes.firstIndex(of: a) {
            attributeID = Int32(existing)
        } else {
            attributes.append(a)
            attributeID = Int32(attributes.count - 1)
        }
        routes.append(ReceivedRoute(session: session, key: RouteKey(prefix: p, pathID: pathID), attributes: attributeID, firstSeen: firstSeen))
        return routes.count - 1
    }

    var rib: RouteServerRIB { RouteServerRIB(label: label, sessions: sessions, routes: routes, attributes: attributes) }
}

enum Presets {
    /// The project's data/policies directory.
    static var directory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("data/policies").path
    }

    static func load(_ name: String) throws -> ImportPolicy { try ImportPolicy.preset(name, directory: directory) }
}

/// A member list with one IPv4 address each (and max-prefix limits where given).
func directory(_ entries: [(asn: UInt32, ipv4: String, maxPrefix: Int?)]) -> MemberDirectory {
    MemberDirectory(entries.map { Member(asn: ASN($0.asn), ipv4: [IPAddress($0.ipv4)!], maxPrefixIPv4: $0.maxPrefix) })
}

/// The five members of the hand-worked route-server cases, on rs1 (AS8960): A AS3216 .21,
/// B AS8359 .30, C AS8447 .31, D AS8342 .32, E AS196608 .40 (4-byte); smarthub-ix policy.
class FiveMemberTestCase: XCTestCase {
    let a = ASN(3216), b = ASN(8359), c = ASN(8447), d = ASN(8342), e = ASN(196_608)
    var policy: ImportPolicy!

    override func setUpWithError() throws { policy = try Presets.load("smarthub-ix") }

    /// A RIB with the five sessions, and their indexes in the order A-E.
    func builder() -> (RIBBuilder, [Int32]) {
        var rib = RIBBuilder()
        let s = [rib.session(3216, "185.1.15.21"), rib.session(8359, "185.1.15.30"), rib.session(8447, "185.1.15.31"),
                 rib.session(8342, "185.1.15.32"), rib.session(196_608, "185.1.15.40")]
        return (rib, s)
    }
}
