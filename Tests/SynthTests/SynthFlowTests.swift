import BGP
import Foundation
import Job
import MRT
import Routing
import Synth
import XCTest

/// The day's flows file: its format, the planted traffic anomalies in it, and ordinary
/// traffic that keeps to what the route servers give (section C, P8).
final class SynthFlowTests: XCTestCase {
    func day() throws -> PlantedDay { try PlantedDay.shared() }

    func testFlowsFileHasTheHeaderAndOneSampleALine() throws {
        let d = try day()
        XCTAssertEqual(d.flowLines.first, "timestamp,src_mac,dst_mac,src_ip,dst_ip,bytes,packets,sampling_rate")
        XCTAssertEqual(d.flowLines.count - 1, PlantedDay.options.flowSamples)
        XCTAssertEqual(d.samples.count, PlantedDay.options.flowSamples, "every line parses")
        XCTAssertEqual(d.report.flowSamples, PlantedDay.options.flowSamples)
        var previous: UInt32 = 0
        for sample in d.samples {
            XCTAssertTrue((PlantedDay.dayStart..<PlantedDay.dayStart + 86_400).contains(sample.time), "\(sample.time)")
            XCTAssertGreaterThanOrEqual(sample.time, previous, "in time order")
            previous = sample.time
            XCTAssertTrue((64...1514).contains(sample.bytes), "\(sample.bytes)")
            XCTAssertEqual(sample.packets, 1)
            XCTAssertEqual(sample.samplingRate, 16_384)
            XCTAssertEqual(sample.source.family, sample.destination.family)
            XCTAssertNotNil(d.macOwners[sample.sourceMAC], sample.sourceMAC)
            XCTAssertNotNil(d.macOwners[sample.destinationMAC], sample.destinationMAC)
        }
        XCTAssertTrue(d.samples.contains { $0.source.family == .ipv6 }, "some IPv6 traffic")
    }

    /// Bytes per (sender, receiver) and in all.
    func volumes(_ d: PlantedDay) -> (pairs: [Pair: Int], total: Int) {
        var pairs: [Pair: Int] = [:]
        var total = 0
        for s in d.samples {
            pairs[Pair(d.macOwners[s.sourceMAC]!, d.macOwners[s.destinationMAC]!), default: 0] += s.bytes
            total += s.bytes
        }
        return (pairs, total)
    }

    struct Pair: Hashable {
        var from: ASN
        var to: ASN
        init(_ from: ASN, _ to: ASN) { self.from = from; self.to = to }
        var back: Pair { Pair(to, from) }
    }

    /// Each planted traffic anomaly is in the file well above the analyses' floors (10
    /// samples and 1% of the sender's traffic to the receiver; 0.1% of all for a ratio).
    func testPlantedTrafficIsInTheFlows() throws {
        let d = try day()
        let (pairs, total) = volumes(d)
        func samples(_ from: ASN, _ to: ASN?) -> [PlantedDay.Sample] {
            d.samples.filter { d.macOwners[$0.sourceMAC] == from && (to == nil || d.macOwners[$0.destinationMAC] == to) }
        }
        for anomaly in d.anomalies where anomaly.check.hasPrefix("traffic-") {
            let a = anomaly.asn
            switch anomaly.check {
            case "traffic-unannounced":
                let b = try XCTUnwrap(anomaly.otherASN)
                let all = samples(a, b), odd = all.filter { !d.announces(b, $0.destination) }
                XCTAssertGreaterThanOrEqual(odd.count, 10)
                XCTAssertGreaterThanOrEqual(odd.count * 100, all.count, "\(anomaly)")
            case "traffic-filtered":
                let b = try XCTUnwrap(anomaly.otherASN)
                var routes = PrefixTrie<PathAttributes>()
                for (key, record) in try d.session("rs1", b, .ipv4).routes { routes.insert(key.prefix, d.day.rib.attributes[record.attributes]) }
                let all = samples(a, b)
                let kept = all.filter { s in
                    guard let route = routes.longestMatch(s.destination) else { return false }
                    return !Self.reaches(route.value, a)
                }
                XCTAssertGreaterThanOrEqual(kept.count, 10, "\(anomaly)")
                XCTAssertGreaterThanOrEqual(kept.count * 100, all.count)
            case "traffic-source-outside":
                let all = samples(a, nil), outside = all.filter { !d.announces(a, $0.source) }
                XCTAssertGreaterThanOrEqual(outside.count, 10)
                XCTAssertGreaterThanOrEqual(outside.count * 100, all.count, "\(anomaly)")
            case "traffic-few-routes":
                XCTAssertFalse(d.day.rib.sessions.keys.contains { $0.peerASN == a }, "no route-server session")
                let sent = pairs.filter { $0.key.from == a }.values.reduce(0, +)
                XCTAssertGreaterThanOrEqual(sent * 100, 2 * total, "at least 2% of all traffic")
            case "traffic-ratio":
                let b = try XCTUnwrap(anomaly.otherASN)
                let there = pairs[Pair(a, b)] ?? 0, back = pairs[Pair(b, a)] ?? 0
                XCTAssertGreaterThan(there * 10, back * 35, "\(anomaly): \(there) bytes there, \(back) back")
                XCTAssertGreaterThanOrEqual(there * 1000, total)
            default:
                XCTFail("unexpected \(anomaly)")
            }
        }
    }

    /// Ordinary traffic: from the sender's prefixes to prefixes of the receiver that the
    /// route servers give the sender, and each pair within 0.7 to 1.4 of the other way in bytes.
    func testOrdinaryTrafficKeepsToTheRoutesAndTheRatio() throws {
        let d = try day()
        let traffic = d.anomalies.filter { $0.check.hasPrefix("traffic-") }
        let odd = Set(traffic.filter { $0.otherASN != nil }.flatMap { [Pair($0.asn, $0.otherASN!), Pair($0.otherASN!, $0.asn)] })
        let loud = Set(traffic.filter { $0.check == "traffic-source-outside" || $0.check == "traffic-few-routes" }.map(\.asn))
        var routes: [ASN: PrefixTrie<PathAttributes>] = [:]
        for session in d.day.rib.sessions.values where session.id.source == "rs1" {
            for (key, record) in session.routes {
                routes[session.id.peerASN, default: PrefixTrie()].insert(key.prefix, d.day.rib.attributes[record.attributes])
            }
        }
        var checked = 0
        for s in d.samples {
            let a = d.macOwners[s.sourceMAC]!, b = d.macOwners[s.destinationMAC]!
            guard !odd.contains(Pair(a, b)), !loud.contains(a) else { continue }
            XCTAssertTrue(d.announces(a, s.source), "AS\(a) sends from \(s.source)")
            let route = try XCTUnwrap(routes[b]?.longestMatch(s.destination), "AS\(a) to AS\(b) \(s.destination)")
            XCTAssertTrue(Self.reaches(route.value, a), "AS\(b)'s \(route.prefix) does not reach AS\(a)")
            checked += 1
        }
        XCTAssertGreaterThan(checked, PlantedDay.options.flowSamples * 3 / 4)
        let (pairs, _) = volumes(d)
        for (pair, bytes) in pairs where !odd.contains(pair) && !loud.contains(pair.from) && !loud.contains(pair.to) {
            let back = pairs[pair.back] ?? 0
            XCTAssertTrue(bytes * 10 <= back * 14 && bytes * 10 >= back * 7, "AS\(pair.from) to AS\(pair.to): \(bytes) bytes, \(back) back")
        }
    }

    /// The arouteserver reading of the export-control communities (docs/rules.md section A):
    /// exclude, include, block all, otherwise open.
    static func reaches(_ a: PathAttributes, _ peer: ASN) -> Bool {
        let asn = peer.rawValue
        if asn <= 0xFFFF && a.communities.contains(Community(0, UInt16(asn))) { return false }
        if a.largeCommunities.contains(LargeCommunity(8960, 0, asn)) { return false }
        if asn <= 0xFFFF && a.communities.contains(Community(8960, UInt16(asn))) { return true }
        if a.largeCommunities.contains(LargeCommunity(8960, 1, asn)) { return true }
        return !a.communities.contains(Community(0, 8960)) && !a.largeCommunities.contains(LargeCommunity(8960, 0, 0))
    }

    // MARK: options

    func testNoFlowsWithZeroSamplesAndTooFewAreRefused() throws {
        let directory = SyntheticDayTests.temporaryDirectory("noflows")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let options = SynthOptions(seed: 2, members: 10, routes: 800, updateInterval: 21_600, flowSamples: 0)
        let report = try SyntheticDay.generate(options, into: directory)
        XCTAssertFalse(report.files.contains { $0.path.hasPrefix("flows/") })
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/flows"))
        let job = try JobFile.load(path: directory + "/job.yaml", date: options.date, requireFiles: true)
        XCTAssertNil(job.inputs.flows)
        XCTAssertNotNil(job.inputs.rpki)
        XCTAssertFalse(report.planted.anomalies.contains { $0.check.hasPrefix("traffic-") })
        for bad in [1, 9_999, 100_000_001] {
            XCTAssertThrowsError(try SynthOptions(flowSamples: bad).validate(), "\(bad)")
        }
        XCTAssertNoThrow(try SynthOptions(flowSamples: 10_000).validate())
    }

    /// The same seed writes the same flows, byte for byte (the whole day is compared in
    /// SyntheticDayTests; this one with its own size).
    func testSameSeedWritesTheSameFlows() throws {
        let one = SyntheticDayTests.temporaryDirectory("flows1"), two = SyntheticDayTests.temporaryDirectory("flows2")
        defer {
            try? FileManager.default.removeItem(atPath: one)
            try? FileManager.default.removeItem(atPath: two)
        }
        let options = SynthOptions(seed: 11, members: 20, routes: 1_500, updateInterval: 21_600, flowSamples: 15_000)
        _ = try SyntheticDay.generate(options, into: one)
        _ = try SyntheticDay.generate(options, into: two)
        for file in ["flows/flows.2026-11-21.csv.gz", "truth.json", "rpki/vrps.json", "irr/route-objects.txt", "relationships/as-rel.txt"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: one + "/" + file))
            let b = try Data(contentsOf: URL(fileURLWithPath: two + "/" + file))
            XCTAssertTrue(a == b, "\(file) differs")
        }
    }
}
