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

    func testTheSecondNightHasTwoNewAndOneResolved() throws { try HistoryScenarios.twoNewAndOneResolved(HistoryStore(path: path)) }

    func testRecordingANightAgainReplacesIt() throws {
        try HistoryScenarios.recordingAgainReplaces(HistoryStore(path: path)) { try HistoryStore(path: self.path) }
    }

    func testNightsMayArriveOutOfOrder() throws { try HistoryScenarios.outOfOrder(HistoryStore(path: path)) }

    func testTheFirstNightIsABaselineWithNothingNew() throws { try HistoryScenarios.baseline(HistoryStore(path: path)) }

    func testTheQueriesAnswerPerNight() throws { try HistoryScenarios.queries(HistoryStore(path: path)) }

    func testManyFindingsAndTwinsAreRecordedInOrder() throws { try HistoryScenarios.manyFindingsAndTwins(HistoryStore(path: path)) }

    func testAFailedRecordLeavesTheNightAsItWas() throws {
        try HistoryScenarios.failedRecordRollsBack(HistoryStore(path: path), trigger: """
            CREATE TRIGGER poison BEFORE INSERT ON finding WHEN NEW.finding_key LIKE '%192.0.2.0/24%'
            BEGIN SELECT RAISE(ABORT, 'poisoned row refused'); END
            """)
    }

    func testANewerSchemaIsRefused() throws {
        _ = try HistoryStore(path: path)
        try HistoryStore(path: path).connection.execute("PRAGMA user_version = 99")
        XCTAssertThrowsError(try HistoryStore(path: path)) { error in
            XCTAssertEqual(error as? HistoryError, .newerSchema(path: path, version: 99, known: HistorySchema.version))
        }
    }

    func testHistoryReadsButNeverCreatesAFile() throws {
        XCTAssertThrowsError(try HistoryStore(.sqlite(path: path), create: false)) { error in
            XCTAssertEqual(error as? HistoryError, .missing(path: path))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        XCTAssertThrowsError(try HistoryStore(path: path).memberTimeline(65001)) { error in
            XCTAssertEqual(error as? HistoryError, .empty(location: path))
        }
    }
}

/// The same nights and questions for SQLite and PostgreSQL: each store's tests call these.
enum HistoryScenarios {
    static func leak(_ member: UInt32, _ prefix: String, severity: Severity? = nil) -> Finding {
        Finding(.peerLeak, member: ASN(member), source: "rs1;rs2", prefix: Prefix(prefix)!, otherMember: ASN(64500),
                evidence: "evidence \(prefix)", severity: severity)
    }

    static func night(_ date: String, _ findings: [Finding], routes: Int = 100) -> NightRecord {
        NightRecord(date: date, ixp: "Test IX", job: nil, toolVersion: "test", recordedAt: "\(date)T06:00:00Z",
                    inputs: [InputFile(role: "rib rs1", path: "/data/\(date).mrt", bytes: 10, sha256: "ab")],
                    figures: [("findings", findings.count)], findings: findings,
                    members: [MemberNight(asn: 65001, name: "One", sessions: 2, routes: routes, ipv4Prefixes: routes / 2,
                                          ipv6Prefixes: routes / 2, routesReceived: 900, reach: 12),
                              // An ASN above 2^31: PostgreSQL's INTEGER would not hold it.
                              MemberNight(asn: 4_200_000_001, name: "Private", sessions: 1, routes: 3, ipv4Prefixes: 3,
                                          ipv6Prefixes: 0, routesReceived: 0, reach: nil)])
    }

    static let first = ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"]

    /// Night 1 has a, b, c; night 2 drops c and adds d (error) and e (warning).
    static func twoNights(_ store: HistoryStore) throws -> (NightRecord, NightRecord) {
        let one = night("2026-11-20", first.map { leak(65001, $0) })
        let two = night("2026-11-21", [leak(65001, first[0]), leak(65001, first[1]), leak(65002, "10.9.0.0/24"),
                                       leak(65003, "10.8.0.0/24", severity: .warning)], routes: 120)
        try store.record(one)
        return (one, two)
    }

    static func twoNewAndOneResolved(_ store: HistoryStore) throws {
        let (_, two) = try twoNights(store)
        let changes = try store.changes(for: two)
        XCTAssertEqual(changes.previousNight, "2026-11-20")
        XCTAssertEqual(changes.newFindings(two.findings).map(\.member), [ASN(65002), ASN(65003)])
        XCTAssertEqual(changes.resolved.map(\.identity.key), ["10.0.2.0/24 AS64500"])
        let ongoing = changes.standing[leak(65001, first[0]).identity]
        XCTAssertEqual(ongoing, NightChanges.Standing(isNew: false, firstSeenNight: "2026-11-20", nights: 2))
        XCTAssertEqual(changes.standing[leak(65002, "10.9.0.0/24").identity]?.status, "new")
    }

    static func recordingAgainReplaces(_ store: HistoryStore, reopen: () throws -> HistoryStore) throws {
        let (one, two) = try twoNights(store)
        try store.record(two)
        try store.record(two)
        try store.record(one)
        XCTAssertEqual(try store.nights(), ["2026-11-20", "2026-11-21"])
        let again = try store.changes(for: two)
        XCTAssertEqual(again.newFindings(two.findings).count, 2)
        XCTAssertEqual(again.resolved.count, 1)
        // A reopened store sees the same, and the schema is not applied twice.
        let reopened = try reopen()
        XCTAssertEqual(try reopened.schemaVersion(), HistorySchema.version)
        XCTAssertEqual(try reopened.changes(for: two).standing, again.standing)
    }

    static func outOfOrder(_ store: HistoryStore) throws {
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

    static func baseline(_ store: HistoryStore) throws {
        let one = night("2026-11-20", first.map { leak(65001, $0) })
        let changes = try store.changes(for: one)
        XCTAssertNil(changes.previousNight)
        XCTAssertEqual(changes.newFindings(one.findings), [])
        XCTAssertEqual(changes.standing.count, 3)
    }

    /// Night 2 recorded, night 1 recorded after it; the three questions on both nights.
    static func queries(_ store: HistoryStore) throws {
        let (one, two) = try twoNights(store)
        try store.record(two)
        try store.record(one)
        let timeline = try store.memberTimeline(65001)
        XCTAssertEqual(timeline.columns, ["night", "errors", "warnings", "notices", "infos", "sessions", "routes", "routes_received", "reach"])
        XCTAssertEqual(timeline.rows, [["2026-11-20", "3", "0", "0", "0", "2", "100", "900", "12"],
                                       ["2026-11-21", "2", "0", "0", "0", "2", "120", "900", "12"]])
        XCTAssertEqual(try store.memberTimeline(4_200_000_001).rows.map { $0[6] + "/" + $0[8] }, ["3/", "3/"], "no reach recorded")
        // 65003 is in no member_night: its findings alone make it known.
        XCTAssertEqual(try store.memberTimeline(65003).rows.map { $0[2] + " " + $0[5] }, ["0 ", "1 "])
        XCTAssertThrowsError(try store.memberTimeline(64999)) { error in
            XCTAssertEqual(error as? HistoryError, .unknownMember(location: store.location.description, asn: 64999))
        }
        XCTAssertEqual(try store.checkTrend("peer-leak").rows, [["2026-11-20", "3", "1", "0"], ["2026-11-21", "4", "3", "2"]])
        XCTAssertEqual(try store.checkTrend("rpki-invalid").rows, [["2026-11-20", "0", "0", "0"], ["2026-11-21", "0", "0", "0"]],
                       "a check of the catalogue without findings: zeros")
        XCTAssertThrowsError(try store.checkTrend("peer-leek")) { error in
            guard case let .unknownCheck(_, check, known)? = error as? HistoryError else { return XCTFail("\(error)") }
            XCTAssertEqual(check, "peer-leek")
            XCTAssertEqual(known, ["peer-leak"])
        }
        let gone = leak(65001, first[2]).identity
        XCTAssertEqual(try store.findingNights(gone).rows.map { $0[0] + " " + $0[1] }, ["2026-11-20 yes", "2026-11-21 no"])
        XCTAssertThrowsError(try store.findingNights(FindingIdentity(check: "peer-leak", member: 65001, key: "10.0.0.0/24"))) { error in
            guard case let .unknownFinding(_, _, candidates)? = error as? HistoryError else { return XCTFail("\(error)") }
            XCTAssertEqual(candidates, first.map { "\($0) AS64500" })
        }
    }

    /// 1,201 findings (more than one statement's worth of rows), two of them with one
    /// identity: the first, more severe one is the one kept.
    static func manyFindingsAndTwins(_ store: HistoryStore) throws {
        var findings = (0..<1_200).map { leak(65001, "10.\($0 / 256).\($0 % 256).0/24") }
        findings.insert(leak(65001, "10.0.5.0/24", severity: .warning), at: 600)
        XCTAssertEqual(findings[5].identity, findings[600].identity)
        try store.record(night("2026-11-20", findings))
        XCTAssertEqual(try store.checkTrend("peer-leak").rows, [["2026-11-20", "1200", "1", "0"]])
        XCTAssertEqual(try store.findingNights(findings[600].identity).rows.map { $0[2] }, [findings[5].severity.rawValue])
        XCTAssertNotEqual(findings[5].severity, .warning)
        XCTAssertEqual(try store.findingNights(findings[1_200].identity).rows.map { $0[1] }, ["yes"], "the last row is there")
    }

    /// The store refuses one row of the new record (a trigger stands in for any refusal the
    /// database makes): the night keeps the rows it had, none of the new ones.
    static func failedRecordRollsBack(_ store: HistoryStore, trigger: String) throws {
        let (one, _) = try twoNights(store)
        try store.connection.execute(trigger)
        var replacement = one
        replacement.findings = [leak(65001, "10.0.0.0/24"), leak(65009, "192.0.2.0/24")]
        XCTAssertThrowsError(try store.record(replacement)) { error in
            guard case let .database(_, reason)? = error as? HistoryError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("poisoned row refused"), reason)
        }
        XCTAssertEqual(try store.findingNights(leak(65001, first[2]).identity).rows.map { $0[1] }, ["yes"], "the old record stands")
        XCTAssertEqual(try store.checkTrend("peer-leak").rows, [["2026-11-20", "3", "1", "0"]])
    }
}

extension HistoryStoreTests {
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
