import Foundation
import Report
import Routing

/// The tables of `ixaudit members`: announcements (a large table: `.csv.gz` unless asked
/// otherwise), sessions.csv, route-counts.csv.
public enum MembersOutput {
    /// Writes the tables into `directory` (created if needed); returns their file names.
    public static func write(_ run: DayRun, into directory: String, tables: LargeTables = LargeTables()) throws(OutputError) -> [String] {
        let members = run.inputs.members
        let rib = run.reconstruction.rib
        let owner = { SessionOwner($0, in: members) }
        try createDirectory(directory)
        let names = [tables.fileName("announcements"), "sessions.csv", "route-counts.csv"]
        let paths = names.map { "\(directory)/\($0)" }
        do {
            var announcements = try tables.writer("announcements", in: directory, header: AnnouncementsTable.header)
            AnnouncementsTable.write(rib, owner: owner, to: &announcements)
            try announcements.finish()
            var sessions = try CSVWriter(path: paths[1], header: SessionsTable.header)
            SessionsTable.write(rib, owner: owner, to: &sessions)
            try sessions.finish()
            var counts = try CSVWriter(path: paths[2], header: RouteCountsTable.header)
            RouteCountsTable.write(rib, to: &counts)
            try counts.finish()
        } catch {
            throw .writer("\(error)")
        }
        return names
    }

    static func createDirectory(_ path: String) throws(OutputError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: path, reason: OutputError.reason(error))
        }
    }
}
