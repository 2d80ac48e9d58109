import ArgumentParser
import BGP
import Foundation
import Job
import MRT
import Report
import Routing

struct Members: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reconstruct what every member announces on every session, and when.",
        discussion: """
            Reads each source's RIB dump as the baseline and applies the update files of all \
            sources in time order. Writes announcements.csv (every route present at the end or \
            at --at, with first and last seen and flaps), sessions.csv (one row per session: \
            member, routes per family, resets, updates, state at the end, whether the state is \
            partial) and route-counts.csv (each session's IPv4/IPv6 route counts over time). \
            Sessions whose address or ASN match no member, or match a member's ASN but not an \
            address the IX assigned to it (rule S7), are listed, not dropped.
            """)

    @OptionGroup var job: JobOptions

    @Option(name: .long, help: "The state at this moment instead of the end (Unix seconds or RFC 3339).")
    var at: TimeArgument?

    @Option(name: .long, help: "Write the CSV files into this directory (created if needed).")
    var out: String

    @Option(name: .long, help: "Interval of the route-count time series, seconds.")
    var seriesInterval: UInt32 = 300

    @Flag(name: .shortAndLong, help: "Only errors on stderr.")
    var quiet = false

    func run() throws {
        let job: JobFile
        let directory: MemberDirectory
        do {
            job = try self.job.load()
            directory = try job.memberDirectory()
        } catch let error as ConfigurationFileError {
            printError(error.description)
            throw ExitCode(2)
        } catch let error as MemberListError {
            printError(error.description)
            throw ExitCode(2)
        }
        let clock = ContinuousClock()
        let started = clock.now
        let reconstruction = Reconstruction(seriesInterval: seriesInterval, until: at?.seconds)
        var issues = 0
        reconstruction.run(job.sources.map { SourceInput(label: $0.label, ribFiles: $0.ribFiles, updateFiles: $0.updateFiles) }) { issue in
            issues += 1
            if !quiet && issues <= 20 { printError(issue.description) }
        }
        let owner = { (id: SessionID) -> SessionOwner in
            let match = directory.match(peerAddress: id.peerAddress, peerASN: id.peerASN)
            return SessionOwner(asn: match.member?.asn, name: match.member?.name, match: match.label)
        }
        let reconstructed = clock.now
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        var announcements = try CSVWriter(path: "\(out)/announcements.csv", header: AnnouncementsTable.header)
        AnnouncementsTable.write(reconstruction.rib, owner: owner, to: &announcements)
        try announcements.finish()
        var sessionRows = try CSVWriter(path: "\(out)/sessions.csv", header: SessionsTable.header)
        SessionsTable.write(reconstruction.rib, owner: owner, to: &sessionRows)
        try sessionRows.finish()
        var counts = try CSVWriter(path: "\(out)/route-counts.csv", header: RouteCountsTable.header)
        RouteCountsTable.write(reconstruction.rib, to: &counts)
        try counts.finish()

        let written = clock.now
        let summary = reconstruction.summary
        if !quiet {
            for line in summary.decode.report { printError(line) }
            let sessions = reconstruction.rib.sortedSessions
            let matches = sessions.map { directory.match(peerAddress: $0.id.peerAddress, peerASN: $0.id.peerASN) }
            let routes = sessions.reduce(0) { $0 + $1.ipv4Routes + $1.ipv6Routes }
            printError("\(sessions.count) sessions (\(matches.filter { if case .member = $0 { return true }; return false }.count) of members, "
                + "\(matches.filter { $0 == .unknown }.count) of unknown peers, "
                + "\(matches.filter { if case .asnMatchesButNotAddress = $0 { return true }; return false }.count) on addresses the IX did not assign); "
                + "\(routes) routes present \(at.map { "at \(rfc3339($0.seconds))" } ?? "at the end")"
                + (sessions.contains { $0.partial } ? "; state partial for sources without a RIB dump" : ""))
            let stored = sessions.reduce(0) { $0 + $1.routes.count }
            let peak = peakMemoryBytes()
            printError("\(summary.ribEntries) RIB entries and \(summary.updateMessages) UPDATEs applied; \(stored) routes kept "
                + "(with withdrawn ones), \(reconstruction.rib.attributes.interner.count) distinct attribute sets; "
                + "peak memory \(peak / 1_000_000) MB" + (stored > 0 ? ", \(peak / stored) bytes per route kept" : ""))
            printError("reconstruction \(seconds(reconstructed - started)) s, writing the tables \(seconds(written - reconstructed)) s")
        }
        print("\(out)/announcements.csv")
        print("\(out)/sessions.csv")
        print("\(out)/route-counts.csv")
        if !summary.decode.clean { throw ExitCode(2) }
    }
}

func seconds(_ duration: Duration) -> String { String(format: "%.2f", duration.inSeconds) }

extension Duration {
    var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// The process's peak resident memory (getrusage reports kilobytes on Linux).
func peakMemoryBytes() -> Int {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return usage.ru_maxrss * 1024
}
