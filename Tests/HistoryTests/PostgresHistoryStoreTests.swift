import Foundation
import XCTest
@testable import History

/// The history's scenarios on a real PostgreSQL server: IXAUDIT_POSTGRES_URL names a
/// superuser's connection (`make test-postgres` starts a throwaway cluster and sets it).
/// Each test works in a database of its own, dropped at the end. Without the variable the
/// tests that need a server skip and say why; the ones about an absent server always run.
final class PostgresHistoryStoreTests: XCTestCase {
    var database: TestDatabase?

    override func tearDownWithError() throws { try database?.drop() }

    func store() throws -> HistoryStore {
        if database == nil { database = try TestDatabase.create(prefix: "ixaudit_store") }
        return try HistoryStore(.postgres(url: database!.url))
    }

    func testTheSecondNightHasTwoNewAndOneResolved() throws { try HistoryScenarios.twoNewAndOneResolved(store()) }

    func testRecordingANightAgainReplacesIt() throws {
        try HistoryScenarios.recordingAgainReplaces(store()) { try self.store() }
    }

    func testNightsMayArriveOutOfOrder() throws { try HistoryScenarios.outOfOrder(store()) }

    func testTheFirstNightIsABaselineWithNothingNew() throws { try HistoryScenarios.baseline(store()) }

    func testTheQueriesAnswerPerNight() throws { try HistoryScenarios.queries(store()) }

    func testManyFindingsAndTwinsAreRecordedInOrder() throws { try HistoryScenarios.manyFindingsAndTwins(store()) }

    func testAFailedRecordLeavesTheNightAsItWas() throws {
        let store = try store()
        try store.connection.execute("""
            CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'poisoned row refused'; END $$
            """)
        try HistoryScenarios.failedRecordRollsBack(store, trigger: """
            CREATE TRIGGER poison BEFORE INSERT ON finding FOR EACH ROW
            WHEN (NEW.finding_key LIKE '%192.0.2.0/24%') EXECUTE FUNCTION poison()
            """)
    }

    func testTheSchemaIsSQLitesAndVersioned() throws {
        let store = try store()
        XCTAssertEqual(try store.schemaVersion(), HistorySchema.version)
        let postgres = try store.connection.rows("""
            SELECT table_name, column_name, is_nullable FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name <> 'ixaudit_schema' ORDER BY table_name, ordinal_position
            """).map { "\($0.text(0)!).\($0.text(1)!) \($0.text(2)!)" }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pg-schema-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let sqlite = try HistoryStore(path: directory)
        var columns: [String] = []
        for table in try sqlite.connection.rows("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") {
            for column in try sqlite.connection.rows("SELECT name, \"notnull\", pk FROM pragma_table_info(?)", .text(table.text(0)!)) {
                // SQLite lets a TEXT PRIMARY KEY column hold NULL; PostgreSQL does not.
                let nullable = column.integer(1) == 1 || column.integer(2)! > 0 ? "NO" : "YES"
                columns.append("\(table.text(0)!).\(column.text(0)!) \(nullable)")
            }
        }
        XCTAssertEqual(postgres, columns)
        XCTAssertEqual(postgres.count, 37, "night 5, night_input 7, night_figure 3, finding 13, member_night 9")

        try store.connection.execute("UPDATE ixaudit_schema SET version = 99")
        XCTAssertThrowsError(try self.store()) { error in
            XCTAssertEqual(error as? HistoryError, .newerSchema(path: HistoryLocation.redacted(database!.url), version: 99,
                                                                known: HistorySchema.version))
        }
    }

    func testAWrongPasswordIsARefusedLogin() throws {
        let admin = try TestDatabase.admin()
        try admin.execute("DROP ROLE IF EXISTS ixaudit_password")
        try admin.execute("CREATE ROLE ixaudit_password LOGIN PASSWORD 'right-one'")
        defer { try? admin.execute("DROP ROLE IF EXISTS ixaudit_password") }
        let url = TestDatabase.url(try XCTUnwrap(TestDatabase.serverURL()), user: "ixaudit_password:wrong-one", database: "postgres")
        XCTAssertThrowsError(try HistoryStore(.postgres(url: url))) { error in
            guard case let .authenticationFailed(shown, reason)? = error as? HistoryError else { return XCTFail("\(error)") }
            XCTAssertFalse(shown.contains("wrong-one"), "the password is not printed")
            XCTAssertTrue(reason.contains("password authentication failed"), reason)
        }
    }

    func testADatabaseThatDoesNotExistIsNamed() throws {
        guard let server = TestDatabase.serverURL() else { throw XCTSkip(TestDatabase.skipReason) }
        let url = TestDatabase.url(server, database: "ixaudit_absent")
        XCTAssertThrowsError(try HistoryStore(.postgres(url: url))) { error in
            guard case let .database(_, reason)? = error as? HistoryError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("\"ixaudit_absent\" does not exist"), reason)
        }
    }

    /// No server: a port nothing listens on (the kernel's pick, closed again).
    func testNoServerIsUnreachable() throws {
        let url = "postgres://ixaudit:secret@127.0.0.1:\(try TestDatabase.closedPort())/ixaudit"
        XCTAssertThrowsError(try HistoryStore(.postgres(url: url))) { error in
            guard case let .unreachable(shown, reason)? = error as? HistoryError else { return XCTFail("\(error)") }
            XCTAssertTrue(shown.hasPrefix("postgres://ixaudit:***@127.0.0.1:"), shown)
            XCTAssertTrue(reason.contains("Connection refused"), reason)
            XCTAssertTrue("\(error)".contains("check that it runs"))
        }
    }

    func testABadURLIsNamed() {
        for url in ["postgres://host:notaport/db", "postgresql://host/db?nonsense=1"] {
            XCTAssertThrowsError(try HistoryStore(.postgres(url: url))) { error in
                guard case .badURL(url, _)? = error as? HistoryError else { return XCTFail("\(url): \(error)") }
            }
        }
        XCTAssertEqual(HistoryLocation("POSTGRESQL://a@b/c"), .postgres(url: "POSTGRESQL://a@b/c"))
        XCTAssertEqual(HistoryLocation("postgres.sqlite"), .sqlite(path: "postgres.sqlite"))
        XCTAssertEqual(HistoryLocation.redacted("postgres://u:p@h:5/d?x=@"), "postgres://u:***@h:5/d?x=@")
        XCTAssertEqual(HistoryLocation.redacted("postgres://u@h/d"), "postgres://u@h/d")
        XCTAssertEqual(PostgresConnection.numbered("SELECT ?, '?', ?"), "SELECT $1, '?', $2")
    }
}

/// A database of its own on the server IXAUDIT_POSTGRES_URL names.
struct TestDatabase {
    static let skipReason = "IXAUDIT_POSTGRES_URL is not set: no PostgreSQL server to test against (make test-postgres starts one)"

    let url: String
    let name: String

    static func serverURL() -> String? {
        ProcessInfo.processInfo.environment["IXAUDIT_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static func admin() throws -> PostgresConnection {
        guard let url = serverURL() else { throw XCTSkip(skipReason) }
        return try PostgresConnection(url: url)
    }

    static func create(prefix: String) throws -> TestDatabase {
        let admin = try admin()
        let name = "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())"
        try admin.execute("CREATE DATABASE \(name)")
        return TestDatabase(url: url(serverURL()!, database: name), name: name)
    }

    func drop() throws { try Self.admin().execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }

    /// `server` with its user (and password) or database replaced.
    static func url(_ server: String, user: String? = nil, database: String) -> String {
        var components = URLComponents(string: server)!
        if let user {
            let parts = user.split(separator: ":", maxSplits: 1)
            components.user = String(parts[0])
            components.password = parts.count > 1 ? String(parts[1]) : nil
        }
        components.path = "/" + database
        return components.string!
    }

    static func closedPort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
