import BGP
import Foundation
import MRT
import Routing
import XCTest

/// Reconstruction of a real IX collector stream (40 peers on an IX LAN, IPv4 and IPv6) must
/// end with exactly the routes that a deliberately simple replay of the reference decoder's
/// lines gives: announce sets the route, withdraw removes it, a state change out of
/// Established clears the peer.
final class RealDataReconstructionTests: XCTestCase {
    func testIXStreamEndsWithTheRoutesOfASimpleReplayOfTheReferenceLines() throws {
        let corpus = try corpusDirectory()
        let mrt = corpus.appendingPathComponent("mrt/updates.20160811.1600.gz").path
        let reference = try gunzip(corpus.appendingPathComponent("bgpdump-m/updates.20160811.1600.gz.txt.gz"))

        // The simple replay: session "peer|asn" -> prefix -> "aspath|nexthop|communities".
        var expected: [String: [String: String]] = [:]
        for line in reference.split(separator: "\n") {
            let f = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let session = f[3] + "|" + f[4]
            switch f[2] {
            case "A": expected[session, default: [:]][f[5]] = f[6] + "|" + f[8] + "|" + f[11]
            case "W": expected[session]?[f[5]] = nil
            case "STATE": if f[5] == "6" && f[6] != "6" { expected[session] = [:] }
            default: XCTFail("unexpected line kind \(f[2])")
            }
        }

        let reconstruction = Reconstruction()
        reconstruction.run([SourceInput(label: "rrc", updateFiles: [mrt])])
        var actual: [String: [String: String]] = [:]
        for session in reconstruction.rib.sortedSessions {
            var routes: [String: String] = [:]
            for (key, record) in session.presentRoutes {
                let a = reconstruction.rib.attributes[record.attributes]
                let nextHop = key.prefix.family == .ipv4 ? a.nextHop : a.mpNextHop?.address
                routes[key.prefix.description] = (a.asPath?.description ?? "") + "|" + (nextHop?.description ?? "")
                    + "|" + a.communities.map(\.description).joined(separator: " ")
            }
            XCTAssertTrue(session.partial, "no RIB dump was given: \(session.id) is partial")
            actual["\(session.id.peerAddress)|\(session.id.peerASN)"] = routes
        }
        let nonEmptyExpected = expected.filter { !$0.value.isEmpty }
        let nonEmptyActual = actual.filter { !$0.value.isEmpty }
        XCTAssertEqual(Set(nonEmptyActual.keys), Set(nonEmptyExpected.keys))
        var routes = 0
        for (session, routesExpected) in nonEmptyExpected {
            let routesActual = nonEmptyActual[session] ?? [:]
            routes += routesExpected.count
            XCTAssertEqual(routesActual.count, routesExpected.count, "\(session): route count")
            for (prefix, attributes) in routesExpected where routesActual[prefix] != attributes {
                XCTFail("\(session) \(prefix): expected \(attributes), reconstructed \(routesActual[prefix] ?? "nothing")")
                break
            }
        }
        XCTAssertGreaterThan(routes, 10_000)
        XCTAssertEqual(reconstruction.summary.decode.recordsMalformed, 0)
        print("real-data reconstruction: \(nonEmptyExpected.count) sessions with routes, \(routes) routes, identical to the replay")
    }

    private func gunzip(_ url: URL) throws -> String {
        let input = try MRTInput(path: url.path)
        var bytes: [UInt8] = []
        var block = [UInt8](repeating: 0, count: 1 << 16)
        while case let n = try block.withUnsafeMutableBytes({ try input.read(into: $0) }), n > 0 { bytes += block[0..<n] }
        return String(decoding: bytes, as: UTF8.self)
    }
}
