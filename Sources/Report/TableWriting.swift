import Foundation

/// A large table written on a thread of its own while the night is still being computed.
/// `announcements` needs only the reconstructed routes and the member list, so the report
/// starts it as soon as the reconstruction ends and it is written beside the simulation and
/// the analyses rather than in the writing phase. The file goes into the run's staging
/// directory, so a run that fails later publishes nothing of it.
public final class TableWriting: @unchecked Sendable {
    /// The file name, as the report lists it (`announcements.csv.gz`).
    public let fileName: String
    private let done = DispatchSemaphore(value: 0)
    private var failure: (any Error)?

    /// Starts writing `table` (`header`, then the rows `rows` appends) into `directory`.
    public init(_ table: String, header: [String], in directory: String, tables: LargeTables,
                rows: @escaping (inout CSVWriter) -> Void) {
        fileName = tables.fileName(table)
        // The thread owns `failure` until it signals `done`; `finish` reads it only after.
        Thread { [self] in
            do {
                var writer = try tables.writer(table, in: directory, header: header)
                rows(&writer)
                try writer.finish()
            } catch {
                failure = error
            }
            done.signal()
        }.start()
    }

    /// Waits until the table is written; throws what stopped it (disk full, a directory
    /// that cannot be written).
    public func finish() throws -> String {
        done.wait()
        done.signal()
        if let failure { throw failure }
        return fileName
    }
}
