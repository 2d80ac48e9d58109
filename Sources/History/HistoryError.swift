/// Why the history could not be used. Each ends `report` with exit 2 before the report is
/// published: the previous report stays as it was.
public enum HistoryError: Error, CustomStringConvertible, Equatable {
    /// The path is a directory, or a file that is not an SQLite database.
    case notADatabase(path: String, reason: String)
    /// The database was made by a newer ixaudit, with a schema this one does not know.
    case newerSchema(path: String, version: Int, known: Int)
    /// SQLite refused: cannot open, read or write it.
    case database(path: String, reason: String)

    public var description: String {
        switch self {
        case let .notADatabase(path, reason):
            return "history \(path): \(reason); give --history (or history: in the job file) a new file name "
                + "or an ixaudit history database (the report was not written)"
        case let .newerSchema(path, version, known):
            return "history \(path): schema version \(version) is newer than this ixaudit knows (\(known)); "
                + "use the ixaudit that wrote it or a newer one (the report was not written)"
        case let .database(path, reason):
            return "history \(path): \(reason); check the path, the permissions and the free space (the report was not written)"
        }
    }
}
