import Audit
import BGP
import Foundation
import XCTest
@testable import History
import Report

/// Nights built by hand as `Finding` values, recorded and compared.
final class HistoryStoreTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("history-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    var path: String { directory.appendingPathComponent("history.sqlite").path }

    func leak(_ member: UInt32, _ prefix: String, severity: Severity? = nil) -> Finding {
        Finding(.peerLeak, member: ASN(member), source: "rs1;rs2", prefix: Prefix(prefix)!, otherMember: ASN(64500),
                evidence: "evidence \(prefix)", severity: severity)
    }

    func night(_ date: String, _ findings: [Finding]) -> NightRecord {
        NightRecord(date: date, ixp: "Test IX", job: nil, toolVersion: "test", recordedAt: "\(date)T06:00:00Z",
                    inputs: [InputFile(role: "rib rs1", path: "/data/\(date).mrt", bytes: 10, sha256: "ab")],
                    figures: [("findings", findings.count)], findings: findings)
    }

    let first = ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"]

    /// Night 1 has a, b, c; night 2 drops c and adds d (error) and e (warning).
    func twoNights(_ store: HistoryStore) throws -> (NightRecord, NightRecord) {
        let one = night("2026-11-20", first.map { leak(65001, $0) })
        let two = night("2026-11-21", [leak(65001, first[0]), leak(65001, first[1]), leak(65002, "10.9.0.0/24"),
                                       leak(65003, "10.8.0.0/24", severity: .warning)])
        try store.record(one)
        return (one, two)
    }

    func testTheSecondNightHasTwoNewAndOneResolved() throws {
        let store = try HistoryStore(path: path)
        let (_, two) = try twoNights(store)
        let changes = try store.changes(for: two)
        XCTAssertEqual(changes.previousNight, "2026-11-20")
        XCTAssertEqual(changes.newFindings(two.findings).map(\.member), [ASN(65002), ASN(65003)])
        XCTAssertEqual(changes.resolved.map(\.identity.key), ["10.0.2.0/24 AS64500"])
        let ongoing = changes.standing[leak(65001, first[0]).identity]
        XCTAssertEqual(ongoing, NightChanges.Standing(isNew: false, firstSeenNight: "2026-11-20", nights: 2))
        XCTAssertEqual(changes.standing[leak(65002, "10.9.0.0/24").identity]?.status, "new")
    }

    func testRecordingANightAgainReplacesIt() throws {
        let store = try HistoryStore(path: path)
        let (one, two) = try twoNights(store)
        try store.record(two)
        try store.record(two)
        try store.record(one)
        XCTAssertEqual(try store.nights(), ["2026-11-20", "2026-11-21"])
        let again = try store.changes(for: two)
        XCTAssertEqual(again.newFindings(two.findings).count, 2)
        XCTAssertEqual(again.resolved.count, 1)
        // A reopened store sees the same, and the schema is not applied twice.
        let reopened = try HistoryStore(path: path)
        XCTAssertEqual(try reopened.schemaVersion(), HistorySchema.version)
        XCTAssertEqual(try reopened.changes(for: two).standing, again.standing)
    }

    func testNightsMayArriveOutOfOrder() throws {
        let store = try HistoryStore(path: path)
        let (one, two) = try twoNights(store)
        // The later night first, then one between them: the previous night is the latest
        // before the date, not the last recorded.
        try store.record(two)
        let middle = night("2026-11-19", [leak(65001, first[0])])
        try store.record(middle)
        let changesOfOne = try store.changes(for: one)
        XCTAssertEqual(changesOfOne.previousNight, "2026-11-19")
        XCTAssertEqual(changesOfOne.newFindings(one.findings).count, 2)
        XCTAssertEqual(changesOfOne.standing[leak(65001, first[0]).identity]?.firstSeenNight, "2026-11-19")
        let changesOfTwo = try store.changes(for: two)
        XCTAssertEqual(changesOfTwo.previousNight, "2026-11-20")
        XCTAssertEqual(changesOfTwo.standing[leak(65001, first[0]).identity]?.nights, 3)
        XCTAssertEqual(try store.changes(for: middle).previousNight, nil)
    }

    func testTheFirstNightIsABaselineWithNothingNew() throws {
        let store = try HistoryStore(path: path)
        let one = night("2026-11-20", first.map { leak(65001, $0) })
        let changes = try store.changes(for: one)
        XCTAssertNil(changes.previousNight)
        XCTAssertEqual(changes.newFindings(one.findings), [])
        XCTAssertEqual(changes.standing.count, 3)
    }

    func testATextFileOrADirectoryIsRefused() throws {
        let text = directory.appendingPathComponent("notes.txt").path
        try Data(String(repeating: "not a database\n", count: 20).utf8).write(to: URL(fileURLWithPath: text))
        XCTAssertThrowsError(try HistoryStore(path: text)) { error in
            guard case .notADatabase(text, _)? = error as? HistoryError else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains(text))
        }
        XCTAssertThrowsError(try HistoryStore(path: directory.path)) { error in
            XCTAssertEqual(error as? HistoryError, .notADatabase(path: directory.path, reason: "is a directory"))
        }
    }

    func testASessionFindingKeepsItsSessionInItsIdentity() {
        let one = Finding(.peerLeak, member: ASN(65001), source: "rs1 185.1.15.21", prefix: Prefix("10.0.0.0/24")!, evidence: "")
        var two = one
        two.source = "rs2 185.1.15.21"
        XCTAssertNotEqual(one.identity, two.identity)
        var spread = one
        spread.source = "rs1;rs2"
        var other = spread
        other.source = "rs1"
        XCTAssertEqual(spread.identity, other.identity)
    }
}
