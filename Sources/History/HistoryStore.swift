import Audit
import Foundation
import Report

/// The history database, SQLite or PostgreSQL: created and migrated on open. Records nights
/// and answers what changed since the previous one. A class: it holds the connection.
public final class HistoryStore {
    public let location: HistoryLocation
    let connection: any HistoryConnection

    /// Opens and migrates the history at `location`. An SQLite file is created when absent
    /// unless `create` is false; a PostgreSQL database must exist (its tables are created).
    /// Refuses a directory, a file that is not SQLite, and a schema newer than this version knows.
    public init(_ location: HistoryLocation, create: Bool = true) throws(HistoryError) {
        self.location = location
        switch location {
        case let .sqlite(path): connection = try SQLiteConnection(path: path, create: create)
        case let .postgres(url): connection = try PostgresConnection(url: url)
        }
        try migrate()
    }

    public convenience init(path: String) throws(HistoryError) { try self.init(HistoryLocation(path)) }

    /// Applies the migrations the database has not had, all in one transaction.
    private func migrate() throws(HistoryError) {
        let connection = connection
        try connection.transaction(exclusive: true) { () throws(HistoryError) in
            let current = try connection.schemaVersion()
            guard current <= HistorySchema.version else {
                throw HistoryError.newerSchema(path: connection.location, version: current, known: HistorySchema.version)
            }
            for version in current..<HistorySchema.version {
                try connection.migrate(to: version + 1)
            }
        }
    }

    public func schemaVersion() throws(HistoryError) -> Int {
        let connection = connection
        return try connection.transaction(exclusive: false) { () throws(HistoryError) in try connection.schemaVersion() }
    }

    /// The recorded nights, oldest first.
    public func nights() throws(HistoryError) -> [String] {
        try connection.rows("SELECT date FROM night ORDER BY date").compactMap { $0.text(0) }
    }

    /// Records `night`, replacing whatever was recorded for its date, in one transaction.
    public func record(_ night: NightRecord) throws(HistoryError) {
        let connection = connection
        try connection.transaction(exclusive: true) { () throws(HistoryError) in
            let date = HistoryValue.text(night.date)
            try connection.execute("DELETE FROM night WHERE date = ?", date)
            try connection.execute("INSERT INTO night (date, ixp, job, tool_version, recorded_at) VALUES (?, ?, ?, ?, ?)",
                                   date, .text(night.ixp), HistoryValue(night.job), .text(night.toolVersion), .text(night.recordedAt))
            for input in night.inputs {
                try connection.execute("""
                    INSERT INTO night_input (night, role, path, state, bytes, sha256, problem) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, date, .text(input.role), .text(input.path), .text(input.state), HistoryValue(input.bytes),
                    HistoryValue(input.sha256), HistoryValue(input.problem))
            }
            for figure in night.figures {
                try connection.execute("""
                    INSERT INTO night_figure (night, name, value) VALUES (?, ?, ?)
                    ON CONFLICT (night, name) DO UPDATE SET value = excluded.value
                    """, date, .text(figure.name), HistoryValue(figure.value))
            }
            try Self.insert(connection, """
                INSERT INTO member_night (night, member_asn, member_name, sessions, routes, ipv4_prefixes, ipv6_prefixes,
                    routes_received, reach)
                """, night.members.map { member in
                    [date, HistoryValue(member.asn), .text(member.name), HistoryValue(member.sessions), HistoryValue(member.routes),
                     HistoryValue(member.ipv4Prefixes), HistoryValue(member.ipv6Prefixes), HistoryValue(member.routesReceived),
                     HistoryValue(member.reach)]
                }, "ON CONFLICT (night, member_asn) DO NOTHING")
            // Findings arrive in report order, most severe first: when two share an
            // identity, the first (the more severe) is the one kept.
            try Self.insert(connection, """
                INSERT INTO finding (night, check_id, member_asn, finding_key, severity, category, member_name,
                    other_asn, prefix, source, count, routes_affected, evidence)
                """, night.findings.map { finding in
                    let identity = finding.identity
                    return [date, .text(identity.check), HistoryValue(identity.member), .text(identity.key),
                            .text(finding.severity.rawValue), .text(finding.category.rawValue), .text(finding.memberName),
                            HistoryValue(finding.otherMember?.rawValue), HistoryValue(finding.prefix?.description),
                            .text(finding.source), HistoryValue(finding.count), HistoryValue(finding.routesAffected),
                            .text(finding.evidence)]
                }, "ON CONFLICT (night, check_id, member_asn, finding_key) DO NOTHING")
        }
    }

    /// What changed between the latest recorded night before `night.date` and `night`'s
    /// findings. Reads only: `night` need not be recorded yet, and a recorded night of the
    /// same date is ignored (it is the one being replaced).
    public func changes(for night: NightRecord) throws(HistoryError) -> NightChanges {
        let date = HistoryValue.text(night.date)
        let connection = connection
        return try connection.transaction(exclusive: false) { () throws(HistoryError) in
            let previous = try connection.rows("SELECT max(date) FROM night WHERE date < ?", date).first?.text(0)
            var earlier: [FindingIdentity: (first: String, nights: Int)] = [:]
            for row in try connection.rows("""
                SELECT check_id, member_asn, finding_key, min(night), count(*)
                FROM finding WHERE night < ? GROUP BY check_id, member_asn, finding_key
                """, date) {
                earlier[Self.identity(row)] = (row.text(3) ?? "", Int(row.integer(4) ?? 0))
            }
            var last: [FindingIdentity: NightChanges.Resolved] = [:]
            if let previous {
                for row in try connection.rows("""
                    SELECT check_id, member_asn, finding_key, severity, member_name, other_asn, prefix, source
                    FROM finding WHERE night = ?
                    """, .text(previous)) {
                    let identity = Self.identity(row)
                    last[identity] = NightChanges.Resolved(
                        identity: identity, severity: Severity(rawValue: row.text(3) ?? "") ?? .info, memberName: row.text(4) ?? "",
                        prefix: row.text(6), otherMember: row.integer(5).map { UInt32($0) }, source: row.text(7) ?? "")
                }
            }
            var standing: [FindingIdentity: NightChanges.Standing] = [:]
            for finding in night.findings {
                let identity = finding.identity
                let before = earlier[identity]
                standing[identity] = NightChanges.Standing(isNew: last[identity] == nil, firstSeenNight: before?.first ?? night.date,
                                                           nights: (before?.nights ?? 0) + 1)
            }
            let resolved = last.values.filter { standing[$0.identity] == nil }.sorted {
                $0.severity != $1.severity ? $0.severity > $1.severity : $0.identity < $1.identity
            }
            return NightChanges(night: night.date, previousNight: previous, standing: standing, resolved: resolved)
        }
    }

    /// Inserts `rows` with statements of up to 500 rows each, in order: one round trip per
    /// 500 rows to a distant server, and well under SQLite's 32,766 bound values.
    private static func insert(_ connection: any HistoryConnection, _ statement: String, _ rows: [[HistoryValue]],
                               _ conflict: String) throws(HistoryError) {
        for start in stride(from: 0, to: rows.count, by: 500) {
            let chunk = rows[start..<min(start + 500, rows.count)]
            let row = "(" + repeatElement("?", count: chunk.first!.count).joined(separator: ", ") + ")"
            try connection.execute(statement + " VALUES " + repeatElement(row, count: chunk.count).joined(separator: ", ") + " " + conflict,
                                   chunk.flatMap { $0 })
        }
    }

    /// The first three columns of `row`: check_id, member_asn, finding_key.
    static func identity(_ row: HistoryRow) -> FindingIdentity {
        FindingIdentity(check: row.text(0) ?? "", member: UInt32(row.integer(1) ?? 0), key: row.text(2) ?? "")
    }
}
