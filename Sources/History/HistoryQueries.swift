import Audit

/// The questions `ixaudit history` answers without SQL: a member's nights, a check's trend
/// across members, the nights a finding was present. One row per recorded night, oldest
/// first, so that gaps show. The same statements run on SQLite and PostgreSQL.
extension HistoryStore {
    /// Per night: the member's findings by severity, its sessions, routes, routes received
    /// and reach (empty where the night has no record of the member).
    public func memberTimeline(_ asn: UInt32) throws(HistoryError) -> HistoryTable {
        try requireNights()
        let member = HistoryValue(asn)
        let names = try connection.rows("""
            SELECT member_name FROM member_night WHERE member_asn = ?
            UNION SELECT member_name FROM finding WHERE member_asn = ?
            """, member, member)
        guard let name = names.first?.text(0) else { throw .unknownMember(location: connection.location, asn: asn) }
        let rows = try connection.rows("""
            SELECT n.date,
                sum(CASE WHEN f.severity = 'error' THEN 1 ELSE 0 END),
                sum(CASE WHEN f.severity = 'warning' THEN 1 ELSE 0 END),
                sum(CASE WHEN f.severity = 'notice' THEN 1 ELSE 0 END),
                sum(CASE WHEN f.severity = 'info' THEN 1 ELSE 0 END),
                m.sessions, m.routes, m.routes_received, m.reach
            FROM night n
            LEFT JOIN member_night m ON m.night = n.date AND m.member_asn = ?
            LEFT JOIN finding f ON f.night = n.date AND f.member_asn = ?
            GROUP BY n.date, m.sessions, m.routes, m.routes_received, m.reach
            ORDER BY n.date
            """, member, member)
        return HistoryTable(title: "AS\(asn) \(name), night by night",
                            columns: ["night", "errors", "warnings", "notices", "infos", "sessions", "routes", "routes_received", "reach"],
                            rows: rows.map { row in (0..<9).map { row.text($0) ?? "" } })
    }

    /// Per night: the check's findings, the members they are about, and how many of the
    /// findings the previous recorded night did not have.
    public func checkTrend(_ check: String) throws(HistoryError) -> HistoryTable {
        try requireNights()
        let id = HistoryValue.text(check)
        let known = try connection.rows("SELECT DISTINCT check_id FROM finding ORDER BY check_id").compactMap { $0.text(0) }
        guard known.contains(check) || Check.all.contains(where: { $0.id.description == check }) else {
            throw .unknownCheck(location: connection.location, check: check, known: known)
        }
        let rows = try connection.rows("""
            SELECT n.date, count(f.check_id), count(DISTINCT f.member_asn),
                sum(CASE WHEN f.check_id IS NOT NULL AND EXISTS (SELECT 1 FROM night b WHERE b.date < n.date) AND NOT EXISTS (
                    SELECT 1 FROM finding p
                    WHERE p.night = (SELECT max(b.date) FROM night b WHERE b.date < n.date)
                      AND p.check_id = f.check_id AND p.member_asn = f.member_asn AND p.finding_key = f.finding_key)
                    THEN 1 ELSE 0 END)
            FROM night n
            LEFT JOIN finding f ON f.night = n.date AND f.check_id = ?
            GROUP BY n.date
            ORDER BY n.date
            """, id)
        return HistoryTable(title: "\(check), night by night", columns: ["night", "findings", "members", "new"],
                            rows: rows.map { row in (0..<4).map { row.text($0) ?? "" } })
    }

    /// Per night: whether the finding was present, and its severity, count and routes.
    public func findingNights(_ identity: FindingIdentity) throws(HistoryError) -> HistoryTable {
        try requireNights()
        let check = HistoryValue.text(identity.check), member = HistoryValue(identity.member), key = HistoryValue.text(identity.key)
        let rows = try connection.rows("""
            SELECT n.date, f.severity, f.count, f.routes_affected
            FROM night n
            LEFT JOIN finding f ON f.night = n.date AND f.check_id = ? AND f.member_asn = ? AND f.finding_key = ?
            ORDER BY n.date
            """, check, member, key)
        guard rows.contains(where: { $0.text(1) != nil }) else {
            let candidates = try connection.rows("""
                SELECT DISTINCT finding_key FROM finding WHERE check_id = ? AND member_asn = ? ORDER BY finding_key
                """, check, member).prefix(10).compactMap { $0.text(0) }
            throw .unknownFinding(location: connection.location, finding: identity.description, candidates: candidates)
        }
        return HistoryTable(title: "\(identity), night by night", columns: ["night", "present", "severity", "count", "routes_affected"],
                            rows: rows.map { row in
                                [row.text(0) ?? "", row.text(1) == nil ? "no" : "yes", row.text(1) ?? "", row.text(2) ?? "",
                                 row.text(3) ?? ""]
                            })
    }

    private func requireNights() throws(HistoryError) {
        if try connection.rows("SELECT date FROM night LIMIT 1").isEmpty { throw .empty(location: connection.location) }
    }
}
