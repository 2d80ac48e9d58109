import Foundation
import GRDB
import XCTest

/// The PostgreSQL server of the end-to-end tests, reached with `psql` as an operator would.
enum Postgres {
    enum Kind { case sqlite, postgres }

    /// A history the tests read and edit in SQL: an SQLite file or a PostgreSQL URL.
    enum History {
        case sqlite(String)
        case postgres(String)

        var location: String {
            switch self {
            case let .sqlite(path): return path
            case let .postgres(url): return url
            }
        }

        func execute(_ sql: String) throws {
            switch self {
            case let .sqlite(path): try DatabaseQueue(path: path).write { try $0.execute(sql: sql) }
            case let .postgres(url): try Postgres.psql(url, sql)
            }
        }

        /// Rows as text, columns in order.
        func query(_ sql: String) throws -> [[String]] {
            switch self {
            case let .sqlite(path):
                return try DatabaseQueue(path: path).read { db in
                    try Row.fetchAll(db, sql: sql).map { row in
                        (0..<row.count).map { column in
                            switch (row[column] as DatabaseValue).storage {
                            case .null: return ""
                            case let .int64(value): return String(value)
                            case let .double(value): return String(value)
                            case let .string(text): return text
                            case let .blob(data): return String(decoding: data, as: UTF8.self)
                            }
                        }
                    }
                }
            case let .postgres(url):
                return try Postgres.psql(url, sql).split(separator: "\n").map { $0.components(separatedBy: "\u{1F}") }
            }
        }
    }

    static let skipReason = "IXAUDIT_POSTGRES_URL is not set: no PostgreSQL server to test against (make test-postgres starts one)"

    static func server() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["IXAUDIT_POSTGRES_URL"], !url.isEmpty else { throw XCTSkip(skipReason) }
        return url
    }

    static func url(_ server: String, database: String) -> String {
        var components = URLComponents(string: server)!
        components.path = "/" + database
        return components.string!
    }

    /// Runs `sql` with psql (stops at the first error), its rows unaligned, fields split by
    /// the unit separator.
    @discardableResult
    static func psql(_ url: String, _ sql: String) throws -> String {
        let psql = ["/usr/bin/psql"] + ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .sorted().reversed().map { "/usr/lib/postgresql/\($0)/bin/psql" }
        guard let executable = psql.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw HarnessError("psql is not installed (apt-get install postgresql-client)")
        }
        let result = try Harness.run(executable: URL(fileURLWithPath: executable),
                                     arguments: [url, "-X", "-q", "-A", "-t", "-F", "\u{1F}", "-v", "ON_ERROR_STOP=1", "-c", sql])
        guard result.status == 0 else { throw HarnessError("psql: \(result.stderr)") }
        return result.stdoutText
    }

    /// A port nothing listens on: the kernel's pick for a socket, closed again.
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
