import History
import Report

extension DayRun {
    /// The history the job or `--history` names, opened and compared with this night; nil
    /// when there is none. Throws before anything is written when it cannot be used.
    public func history(for report: DayReport) throws(HistoryError) -> NightHistory? {
        guard let path = inputs.job.history else { return nil }
        return try NightHistory(location: path, day: report)
    }
}
