/// A query's answer as the `history` command prints it: named columns, one row per night,
/// cells as text (an empty cell: not recorded that night).
public struct HistoryTable: Equatable, Sendable {
    public var title: String
    public var columns: [String]
    public var rows: [[String]]

    public init(title: String, columns: [String], rows: [[String]]) {
        self.title = title
        self.columns = columns
        self.rows = rows
    }
}
