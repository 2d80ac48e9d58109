/// The history's tables, one migration per schema version, in SQLite's and PostgreSQL's
/// words: the same tables, columns and keys (PostgreSQL's integers are BIGINT: an ASN does
/// not fit its INTEGER). Opening a database applies the migrations it has not had, in one
/// transaction. Never edit a migration that has shipped: add the next one to both lists.
enum HistorySchema {
    static let sqlite: [String] = [
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
        // Version 2: each member's figures per night, for its timeline and dashboards.
        """
        CREATE TABLE member_night (
            night TEXT NOT NULL REFERENCES night(date) ON DELETE CASCADE,
            member_asn INTEGER NOT NULL,
            member_name TEXT NOT NULL,
            sessions INTEGER NOT NULL,
            routes INTEGER NOT NULL,
            ipv4_prefixes INTEGER NOT NULL,
            ipv6_prefixes INTEGER NOT NULL,
            routes_received INTEGER NOT NULL,
            reach INTEGER,
            PRIMARY KEY (night, member_asn)
        );
        CREATE INDEX member_night_member ON member_night(member_asn, night);
        """,
    ]

    static let postgres: [String] = [
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
            bytes BIGINT,
            sha256 TEXT,
            problem TEXT
        );
        CREATE INDEX night_input_night ON night_input(night);
        CREATE TABLE night_figure (
            night TEXT NOT NULL REFERENCES night(date) ON DELETE CASCADE,
            name TEXT NOT NULL,
            value BIGINT NOT NULL,
            PRIMARY KEY (night, name)
        );
        CREATE TABLE finding (
            night TEXT NOT NULL REFERENCES night(date) ON DELETE CASCADE,
            check_id TEXT NOT NULL,
            member_asn BIGINT NOT NULL,
            finding_key TEXT NOT NULL,
            severity TEXT NOT NULL,
            category TEXT NOT NULL,
            member_name TEXT NOT NULL,
            other_asn BIGINT,
            prefix TEXT,
            source TEXT NOT NULL,
            count BIGINT NOT NULL,
            routes_affected BIGINT NOT NULL,
            evidence TEXT NOT NULL,
            PRIMARY KEY (night, check_id, member_asn, finding_key)
        );
        CREATE INDEX finding_identity ON finding(check_id, member_asn, finding_key, night);
        """,
        """
        CREATE TABLE member_night (
            night TEXT NOT NULL REFERENCES night(date) ON DELETE CASCADE,
            member_asn BIGINT NOT NULL,
            member_name TEXT NOT NULL,
            sessions BIGINT NOT NULL,
            routes BIGINT NOT NULL,
            ipv4_prefixes BIGINT NOT NULL,
            ipv6_prefixes BIGINT NOT NULL,
            routes_received BIGINT NOT NULL,
            reach BIGINT,
            PRIMARY KEY (night, member_asn)
        );
        CREATE INDEX member_night_member ON member_night(member_asn, night);
        """,
    ]

    static var version: Int { sqlite.count }
}
