/// Why the history could not be used. `report` ends with exit 2 before the report is
/// published (the previous report stays as it was); `history` ends with exit 2.
/// `location` is a file path or a connection URL with its password hidden.
public enum HistoryError: Error, CustomStringConvertible, Equatable {
    /// The path is a directory, or a file that is not an SQLite database.
    case notADatabase(path: String, reason: String)
    /// The database was made by a newer ixaudit, with a schema this one does not know.
    case newerSchema(path: String, version: Int, known: Int)
    /// The database refused: cannot open, read or write it.
    case database(path: String, reason: String)
    /// The connection URL cannot be read (libpq's reason).
    case badURL(url: String, reason: String)
    /// No PostgreSQL server answered at the URL's host and port.
    case unreachable(url: String, reason: String)
    /// The server refused the user or the password.
    case authenticationFailed(url: String, reason: String)
    /// `history` reads an existing database only; it never creates one.
    case missing(path: String)
    /// The database has no recorded night.
    case empty(location: String)
    case unknownMember(location: String, asn: UInt32)
    case unknownCheck(location: String, check: String, known: [String])
    /// `candidates`: the keys the check has for the member, when it has any.
    case unknownFinding(location: String, finding: String, candidates: [String])

    public var description: String {
        switch self {
        case let .notADatabase(path, reason):
            return "history \(path): \(reason); give --history (or history: in the job file) a new file name "
                + "or an ixaudit history database"
        case let .newerSchema(path, version, known):
            return "history \(path): schema version \(version) is newer than this ixaudit knows (\(known)); "
                + "use the ixaudit that wrote it or a newer one"
        case let .database(path, reason):
            return "history \(path): \(reason); check the path or URL, the permissions and the free space"
        case let .badURL(url, reason):
            return "history \(url): not a usable PostgreSQL URL (\(reason)); write it as postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE"
        case let .unreachable(url, reason):
            return "history \(url): no PostgreSQL server answers (\(reason)); check that it runs and the URL's host and port"
        case let .authenticationFailed(url, reason):
            return "history \(url): the server refused the login (\(reason)); check the URL's user and password "
                + "(or ~/.pgpass) and the server's pg_hba.conf"
        case let .missing(path):
            return "history \(path): no such file; give the database `report --history` records into "
                + "(history reads it and never creates one)"
        case let .empty(location):
            return "history \(location): no night recorded yet; run `ixaudit report --history \(location)` first"
        case let .unknownMember(location, asn):
            return "history \(location): AS\(asn) is in no recorded night; check the ASN (a member of the member list)"
        case let .unknownCheck(location, check, known):
            return "history \(location): no finding of check \(check) in any recorded night; checks with findings: "
                + (known.isEmpty ? "none" : known.joined(separator: ", "))
        case let .unknownFinding(location, finding, candidates):
            return "history \(location): no finding \(finding) in any recorded night; give CHECK ASN KEY, the key as "
                + "the history's finding_key column has it"
                + (candidates.isEmpty ? "" : "; this check's keys for this member: " + candidates.joined(separator: " | "))
        }
    }
}
