import Report

/// A night about to be recorded, what changed since the previous one, and the database it
/// goes into. The report shows `changes`; `record()` is called once the report is written.
public struct NightHistory {
    public let store: HistoryStore
    public let night: NightRecord
    public let changes: NightChanges

    /// Opens the history at `location` (a file path or a PostgreSQL URL) and compares `day`
    /// with the night before it.
    public init(location: String, day: DayReport) throws(HistoryError) {
        store = try HistoryStore(HistoryLocation(location))
        night = NightRecord(day)
        changes = try store.changes(for: night)
    }

    public func record() throws(HistoryError) { try store.record(night) }
}
