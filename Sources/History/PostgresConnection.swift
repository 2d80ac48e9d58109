import CLibPQ
import Foundation

/// The history in a PostgreSQL database, through libpq: the database must exist, the tool
/// creates and migrates its tables. The schema version is the one row of `ixaudit_schema`.
///
/// libpq rather than postgres-nio: the history is a handful of synchronous statements per
/// run, libpq is Debian's own client library (the server's package pulls it in), reads the
/// same URLs and ~/.pgpass as psql, and adds no event loop or dependency tree to the build.
final class PostgresConnection: HistoryConnection {
    let location: String
    private let connection: OpaquePointer

    /// Connects to `url`. A malformed URL, a server that does not answer and a refused login
    /// are told apart.
    init(url: String) throws(HistoryError) {
        location = HistoryLocation.redacted(url)
        var parseError: UnsafeMutablePointer<CChar>?
        if let options = PQconninfoParse(url, &parseError) {
            PQconninfoFree(options)
        } else {
            let reason = parseError.map { String(cString: $0) } ?? "cannot be parsed"
            if let parseError { PQfreemem(parseError) }
            throw .badURL(url: location, reason: Self.oneLine(reason))
        }
        guard let connection = PQconnectdb(url) else { throw .unreachable(url: location, reason: "libpq could not allocate a connection") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let reason = Self.oneLine(String(cString: PQerrorMessage(connection)))
            let needsPassword = PQconnectionNeedsPassword(connection) != 0
            PQfinish(connection)
            if needsPassword || reason.contains("authentication failed") || reason.contains("no pg_hba.conf entry")
                || reason.contains("role \"") && reason.contains("does not exist") {
                throw .authenticationFailed(url: location, reason: reason)
            }
            // libpq checks a value (a port that is no number) only when it connects.
            if reason.hasPrefix("invalid") && reason.contains("connection option") {
                throw .badURL(url: location, reason: reason)
            }
            if reason.contains("database \"") && reason.contains("does not exist") {
                throw .database(path: location, reason: reason + " (create it first: createdb, or CREATE DATABASE)")
            }
            throw .unreachable(url: location, reason: reason)
        }
        self.connection = connection
        // Notices (CREATE TABLE IF NOT EXISTS on an existing table...) are not for the user.
        _ = try? rows("SET client_min_messages = warning")
    }

    deinit { PQfinish(connection) }

    func execute(_ sql: String, _ arguments: [HistoryValue]) throws(HistoryError) {
        _ = try run(sql, arguments)
    }

    func rows(_ sql: String, _ arguments: [HistoryValue]) throws(HistoryError) -> [HistoryRow] {
        let result = try run(sql, arguments)
        defer { PQclear(result) }
        let count = PQntuples(result), columns = PQnfields(result)
        var rows: [HistoryRow] = []
        rows.reserveCapacity(Int(count))
        for row in 0..<count {
            rows.append(HistoryRow((0..<columns).map { column in
                PQgetisnull(result, row, column) != 0 ? .null : .text(String(cString: PQgetvalue(result, row, column)))
            }))
        }
        return rows
    }

    func transaction<T>(exclusive: Bool, _ body: () throws(HistoryError) -> T) throws(HistoryError) -> T {
        try execute("BEGIN", [])
        do {
            // One advisory lock for the history's writers: two runs recording, or creating
            // the tables, one after the other. Released at COMMIT or ROLLBACK.
            if exclusive { try execute("SELECT pg_advisory_xact_lock(\(Self.writersLock))", []) }
            let result = try body()
            try execute("COMMIT", [])
            return result
        } catch {
            _ = try? execute("ROLLBACK", [])
            throw error
        }
    }

    func schemaVersion() throws(HistoryError) -> Int {
        try execute("CREATE TABLE IF NOT EXISTS ixaudit_schema (version INTEGER NOT NULL)", [])
        return Int(try rows("SELECT max(version) FROM ixaudit_schema").first?.integer(0) ?? 0)
    }

    func migrate(to version: Int) throws(HistoryError) {
        try execute(HistorySchema.postgres[version - 1], [])
        try execute("DELETE FROM ixaudit_schema", [])
        try execute("INSERT INTO ixaudit_schema (version) VALUES (?)", [.integer(Int64(version))])
    }

    /// "ixaudit" in ASCII: the key of the writers' advisory lock.
    private static let writersLock: Int64 = 0x6978_6175_6469_74

    /// Sends `sql` with its `?` placeholders numbered as PostgreSQL's `$1, $2...`, the values
    /// as text (the server casts them to the columns' types). Without arguments the text may
    /// hold several statements (the migrations).
    private func run(_ sql: String, _ arguments: [HistoryValue]) throws(HistoryError) -> OpaquePointer {
        let result: OpaquePointer?
        if arguments.isEmpty {
            result = PQexec(connection, sql)
        } else {
            let texts: [String?] = arguments.map { value in
                switch value {
                case .null: return nil
                case let .integer(number): return String(number)
                // PostgreSQL's text cannot hold NUL, and a C string would end at it: shown
                // as U+FFFD, as the report shows bytes it cannot print.
                case let .text(text): return text.contains("\0") ? text.replacingOccurrences(of: "\0", with: "\u{FFFD}") : text
                }
            }
            result = Self.withCStrings(texts) { pointers in
                PQexecParams(connection, Self.numbered(sql), Int32(pointers.count), nil, pointers, nil, nil, 0)
            }
        }
        guard let result else { throw .unreachable(url: location, reason: Self.oneLine(String(cString: PQerrorMessage(connection)))) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
            return result
        default:
            let reason = Self.oneLine(String(cString: PQresultErrorMessage(result)))
            PQclear(result)
            if PQstatus(connection) != CONNECTION_OK { throw .unreachable(url: location, reason: reason) }
            throw .database(path: location, reason: reason)
        }
    }

    /// `?` as `$1`, `$2`... outside quoted text.
    static func numbered(_ sql: String) -> String {
        var out = "", number = 0, quoted = false
        for character in sql {
            if character == "'" { quoted.toggle() }
            if character == "?", !quoted {
                number += 1
                out += "$\(number)"
            } else {
                out.append(character)
            }
        }
        return out
    }

    private static func withCStrings<R>(_ texts: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        let copies = texts.map { $0.map { strdup($0)! } }
        defer { copies.forEach { free($0) } }
        return body(copies.map { $0.map { UnsafePointer($0) } })
    }

    /// libpq's messages end with a newline and may span lines ("is the server running...").
    private static func oneLine(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: "; ")
    }
}
