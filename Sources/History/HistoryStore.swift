import Audit
import Foundation
import GRDB
import Report

/// The history database: one SQLite file, created and migrated on open. Records nights and
/// answers what changed since the previous one. A class: it holds the connection.
public final class HistoryStore {
    public let path: String
    private let queue: DatabaseQueue

    /// Opens (creating when absent) and migrates the database at `path`. Refuses a directory,
    /// a file that is not SQLite, and a schema newer than this version knows.
    public init(path: String) throws(HistoryError) {
        self.path = path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw .notADatabase(path: path, reason: "is a directory")
        }
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
        try migrate()
    }

    /// Applies the migrations the database has not had.
    private func migrate() throws(HistoryError) {
        let path = path
        do {
            try queue.write { db in
                let current = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                guard current <= HistorySchema.version else {
                    throw HistoryError.newerSchema(path: path, version: current, known: HistorySchema.version)
                }
                for version in current..<HistorySchema.version {
                    try db.execute(sql: HistorySchema.migrations[version])
                }
                // PRAGMA takes no bound parameters; the value is our own integer.
                try db.execute(sql: "PRAGMA user_version = \(HistorySchema.version)")
            }
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    public func schemaVersion() throws(HistoryError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
    }

    /// The recorded nights, oldest first.
    public func nights() throws(HistoryError) -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT date FROM night ORDER BY date") }
    }

    /// Records `night`, replacing whatever was recorded for its date.
    public func record(_ night: NightRecord) throws(HistoryError) {
        let path = path
        do {
            try queue.write { db in
                try db.execute(sql: "DELETE FROM night WHERE date = ?", arguments: [night.date])
                try db.execute(sql: "INSERT INTO night (date, ixp, job, tool_version, recorded_at) VALUES (?, ?, ?, ?, ?)",
                               arguments: [night.date, night.ixp, night.job, night.toolVersion, night.recordedAt])
                for input in night.inputs {
                    try db.execute(sql: """
                        INSERT INTO night_input (night, role, path, state, bytes, sha256, problem) VALUES (?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [night.date, input.role, input.path, input.state, input.bytes, input.sha256, input.problem])
                }
                for figure in night.figures {
                    try db.execute(sql: "INSERT OR REPLACE INTO night_figure (night, name, value) VALUES (?, ?, ?)",
                                   arguments: [night.date, figure.name, figure.value])
                }
                // Findings arrive in report order, most severe first: when two share an
                // identity, the first (the more severe) is the one kept.
                for finding in night.findings {
                    let identity = finding.identity
                    try db.execute(sql: """
                        INSERT OR IGNORE INTO finding (night, check_id, member_asn, finding_key, severity, category, member_name,
                            other_asn, prefix, source, count, routes_affected, evidence)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [night.date, identity.check, Int64(identity.member), identity.key,
                                         finding.severity.rawValue, finding.category.rawValue, finding.memberName,
                                         finding.otherMember.map { Int64($0.rawValue) }, finding.prefix?.description,
                                         finding.source, finding.count, finding.routesAffected, finding.evidence])
                }
            }
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    /// What changed between the latest recorded night before `night.date` and `night`'s
    /// findings. Reads only: `night` need not be recorded yet, and a recorded night of the
    /// same date is ignored (it is the one being replaced).
    public func changes(for night: NightRecord) throws(HistoryError) -> NightChanges {
        let date = night.date
        return try read { db in
            let previous = try String.fetchOne(db, sql: "SELECT max(date) FROM night WHERE date < ?", arguments: [date])
            var earlier: [FindingIdentity: (first: String, nights: Int)] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT check_id, member_asn, finding_key, min(night) AS first, count(*) AS nights
                FROM finding WHERE night < ? GROUP BY check_id, member_asn, finding_key
                """, arguments: [date]) {
                earlier[Self.identity(row)] = (row["first"], row["nights"])
            }
            var last: [FindingIdentity: NightChanges.Resolved] = [:]
            if let previous {
                for row in try Row.fetchAll(db, sql: """
                    SELECT check_id, member_asn, finding_key, severity, member_name, other_asn, prefix, source
                    FROM finding WHERE night = ?
                    """, arguments: [previous]) {
                    let identity = Self.identity(row)
                    last[identity] = NightChanges.Resolved(
                        identity: identity, severity: Severity(rawValue: row["severity"]) ?? .info, memberName: row["member_name"],
                        prefix: row["prefix"], otherMember: (row["other_asn"] as Int64?).map { UInt32($0) }, source: row["source"])
                }
            }
            var standing: [FindingIdentity: NightChanges.Standing] = [:]
            for finding in night.findings {
                let identity = finding.identity
                let before = earlier[identity]
                standing[identity] = NightChanges.Standing(isNew: last[identity] == nil, firstSeenNight: before?.first ?? date,
                                                           nights: (before?.nights ?? 0) + 1)
            }
            let resolved = last.values.filter { standing[$0.identity] == nil }.sorted {
                $0.severity != $1.severity ? $0.severity > $1.severity : $0.identity < $1.identity
            }
            return NightChanges(night: date, previousNight: previous, standing: standing, resolved: resolved)
        }
    }

    private static func identity(_ row: Row) -> FindingIdentity {
        FindingIdentity(check: row["check_id"], member: UInt32(row["member_asn"] as Int64), key: row["finding_key"])
    }

    private func read<T>(_ body: (Database) throws -> T) throws(HistoryError) -> T {
        do {
            return try queue.read(body)
        } catch {
            throw Self.mapped(error, path: path)
        }
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
