import Foundation
import GRDB

/// The history in one SQLite file (GRDB over the system's SQLite): created when absent,
/// its schema version in `PRAGMA user_version`.
final class SQLiteConnection: HistoryConnection {
    let location: String
    private let queue: DatabaseQueue
    /// The connection of the transaction under way: statements inside `transaction` run on it.
    private var current: Database?

    /// Opens the file, creating it unless `create` is false (then a missing file is refused).
    init(path: String, create: Bool) throws(HistoryError) {
        location = path
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if exists, isDirectory.boolValue { throw .notADatabase(path: path, reason: "is a directory") }
        if !exists, !create { throw .missing(path: path) }
        do {
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            // Another run may be writing the same history (a rerun by hand while cron's runs):
            // wait for its write instead of failing on a locked database.
            configuration.busyMode = .timeout(60)
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    func execute(_ sql: String, _ arguments: [HistoryValue]) throws(HistoryError) {
        try run { db in try db.execute(sql: sql, arguments: Self.arguments(arguments)) }
    }

    func rows(_ sql: String, _ arguments: [HistoryValue]) throws(HistoryError) -> [HistoryRow] {
        try run { db in
            try Row.fetchAll(db, sql: sql, arguments: Self.arguments(arguments)).map { row in
                HistoryRow((0..<row.count).map { column in
                    switch (row[column] as DatabaseValue).storage {
                    case .null: return .null
                    case let .int64(value): return .integer(value)
                    case let .string(text): return .text(text)
                    case let .double(value): return .integer(Int64(value))
                    case let .blob(data): return .text(String(decoding: data, as: UTF8.self))
                    }
                })
            }
        }
    }

    func transaction<T>(exclusive: Bool, _ body: () throws(HistoryError) -> T) throws(HistoryError) -> T {
        let path = location
        do {
            var result: T?
            try queue.writeWithoutTransaction { db in
                // IMMEDIATE takes the write lock at BEGIN: two writers wait for each other
                // instead of failing to upgrade a read lock.
                try db.inTransaction(exclusive ? .immediate : .deferred) {
                    current = db
                    defer { current = nil }
                    result = try body()
                    return .commit
                }
            }
            return result!
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    func schemaVersion() throws(HistoryError) -> Int {
        Int(try rows("PRAGMA user_version").first?.integer(0) ?? 0)
    }

    func migrate(to version: Int) throws(HistoryError) {
        try execute(HistorySchema.sqlite[version - 1], [])
        // PRAGMA takes no bound parameters; the value is our own integer.
        try execute("PRAGMA user_version = \(version)", [])
    }

    private func run<T>(_ body: (Database) throws -> T) throws(HistoryError) -> T {
        do {
            if let current { return try body(current) }
            return try queue.inDatabase(body)
        } catch {
            throw Self.mapped(error, path: location)
        }
    }

    private static func arguments(_ values: [HistoryValue]) -> StatementArguments {
        StatementArguments(values.map { value -> DatabaseValue in
            switch value {
            case .null: return .null
            case let .integer(number): return number.databaseValue
            case let .text(text): return text.databaseValue
            }
        })
    }

    /// SQLite's errors as the history's: "not a database" names what to do.
    static func mapped(_ error: Error, path: String) -> HistoryError {
        if let error = error as? HistoryError { return error }
        if let error = error as? DatabaseError {
            if error.resultCode == .SQLITE_NOTADB { return .notADatabase(path: path, reason: "is not an SQLite database") }
            return .database(path: path, reason: error.message ?? "\(error.resultCode)")
        }
        return .database(path: path, reason: "\(error)")
    }
}
