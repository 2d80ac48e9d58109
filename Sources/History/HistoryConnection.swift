/// A value bound to or read from the history's SQL: the schema holds text and integers only.
public enum HistoryValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case text(String)
}

/// One result row, its columns in the statement's order.
public struct HistoryRow: Sendable {
    public var values: [HistoryValue]

    public init(_ values: [HistoryValue]) { self.values = values }

    public func text(_ column: Int) -> String? {
        switch values[column] {
        case .null: return nil
        case let .text(text): return text
        case let .integer(value): return String(value)
        }
    }

    /// PostgreSQL's text results carry integers as their decimal text.
    public func integer(_ column: Int) -> Int64? {
        switch values[column] {
        case .null: return nil
        case let .integer(value): return value
        case let .text(text): return Int64(text)
        }
    }
}

/// The storage the history's queries run on: SQLite (`SQLiteConnection`) or PostgreSQL
/// (`PostgresConnection`). Statements are written once, with `?` placeholders, in the SQL
/// both accept; the schema's version is kept the way each database keeps it.
protocol HistoryConnection: AnyObject {
    /// The database as messages name it (a URL without its password).
    var location: String { get }
    func execute(_ sql: String, _ arguments: [HistoryValue]) throws(HistoryError)
    func rows(_ sql: String, _ arguments: [HistoryValue]) throws(HistoryError) -> [HistoryRow]
    /// Runs `body` in one transaction: all of it is committed or none of it. `exclusive`
    /// serialises it with the other writers of the same history (two runs recording or
    /// migrating at once).
    func transaction<T>(exclusive: Bool, _ body: () throws(HistoryError) -> T) throws(HistoryError) -> T
    /// The schema version the database is at; 0 for a new one. Inside a transaction.
    func schemaVersion() throws(HistoryError) -> Int
    /// Applies the migration to `version` and records that version. Inside a transaction.
    func migrate(to version: Int) throws(HistoryError)
}

extension HistoryConnection {
    func execute(_ sql: String, _ arguments: HistoryValue...) throws(HistoryError) { try execute(sql, arguments) }
    func rows(_ sql: String, _ arguments: HistoryValue...) throws(HistoryError) -> [HistoryRow] { try rows(sql, arguments) }
}

extension HistoryValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    init(_ text: String?) { self = text.map { .text($0) } ?? .null }
    init(_ value: Int?) { self = value.map { .integer(Int64($0)) } ?? .null }
    init(_ value: Int64?) { self = value.map { .integer($0) } ?? .null }
    init(_ value: UInt32?) { self = value.map { .integer(Int64($0)) } ?? .null }
}
