/// The history's tables, one migration per schema version. `PRAGMA user_version` holds the
/// version a database is at; opening one applies the migrations it has not had, in one
/// transaction. Never edit a migration that has shipped: add the next one.
enum HistorySchema {
    static let migrations: [String] = [
        // Version 1.
        """
        CREATE TABLE night (
            date TEXT PRIMARY KEY,
            ixp TEXT NOT NULL,
            job TEXT,
            tool_version TEXT NOT NULL,
            recorded_at TEXT NOT NULL
        );
        CREATE TABLE night_input (
            night TEXT NOT NULL REFERENCES night(date) ON DELETE CASCADE,
            role TEXT NOT NULL,
            path TEXT NOT NULL,
            state TEXT NOT NULL,
            bytes INTEGER,
            sha256 TEXT,
            problem TEXT
        );
        CREATE INDEX night_input_night ON night_input(night);
        CREATE TABLE night_figure (
            night TEXT NOT NULL REFERENCES night(date) ON DELETE CASCADE,
            name TEXT NOT NULL,
            value INTEGER NOT NULL,
            PRIMARY KEY (night, name)
        );
        CREATE TABLE finding (
            night TEXT NOT NULL REFERENCES night(date) ON DELETE CASCADE,
            check_id TEXT NOT NULL,
            member_asn INTEGER NOT NULL,
            finding_key TEXT NOT NULL,
            severity TEXT NOT NULL,
            category TEXT NOT NULL,
            member_name TEXT NOT NULL,
            other_asn INTEGER,
            prefix TEXT,
            source TEXT NOT NULL,
            count INTEGER NOT NULL,
            routes_affected INTEGER NOT NULL,
            evidence TEXT NOT NULL,
            PRIMARY KEY (night, check_id, member_asn, finding_key)
        );
        CREATE INDEX finding_identity ON finding(check_id, member_asn, finding_key, night);
        """,
    ]

    static var version: Int { migrations.count }
}
