import MRT

/// How the tables that grow with the routes are written: announcements, route-audience,
/// hidden-paths, rejected, exports, scenario-diff, potential-peers and the analyses' routes tables. gzip by
/// default (`.csv.gz`, which pandas, DuckDB and Spark read as they are, and `zcat` prints);
/// plain `.csv` when asked (`--uncompressed`).
public struct LargeTables: Sendable {
    public var compressed: Bool

    public init(compressed: Bool = true) {
        self.compressed = compressed
    }

    /// `announcements` -> `announcements.csv.gz` (or `.csv`).
    public func fileName(_ table: String) -> String { compressed ? table + ".csv.gz" : table + ".csv" }

    /// A writer of the table `table` in `directory`.
    public func writer(_ table: String, in directory: String, header: [String]) throws -> CSVWriter {
        try CSVWriter(path: "\(directory)/\(fileName(table))", header: header, compression: compressed ? .gzip : .none)
    }
}
