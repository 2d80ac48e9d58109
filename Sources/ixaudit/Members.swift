import ArgumentParser
import BGP
import Foundation
import Pipeline
import Routing

struct Members: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reconstruct what every member announces on every session, and when.",
        discussion: """
            Reads each source's RIB dump as the baseline and applies the update files of all \
            sources in time order. Writes announcements.csv.gz (every route present at the end or \
            at --at, with first and last seen and flaps; plain .csv with --uncompressed), sessions.csv (one row per session: \
            member, routes per family, resets, updates, state at the end, whether the state is \
            partial) and route-counts.csv (each session's IPv4/IPv6 route counts over time). \
            Sessions whose address or ASN match no member, or match a member's ASN but not an \
            address the IX assigned to it (rule S7), are listed, not dropped.
            """)

    @OptionGroup var job: JobOptions

    @Option(name: .long, help: "The state at this moment instead of the end (Unix seconds or RFC 3339).")
    var at: TimeArgument?

    @Option(name: .long, help: "Write the CSV files into this directory: new, empty, or an earlier output of `members` (replaced as a whole when complete).")
    var out: String

    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: "Interval of the route-count time series, seconds.")
    var seriesInterval: UInt32 = 300

    @Flag(name: .shortAndLong, help: "Only errors on stderr.")
    var quiet = false

    func run() throws {
        let clock = ContinuousClock()
        let started = clock.now
        let request = job.request(output: OutputRequest(path: out, kind: .members, wait: output.wait))
        let day = try runDay(request, to: .members, quiet: quiet, until: at?.seconds, seriesInterval: seriesInterval)
        let reconstructed = clock.now
        let names = try publish(day) { staging in try MembersOutput.write(day, into: staging, tables: output.tables) }
        if !quiet {
            let summary = day.reconstruction.summary
            let rib = day.reconstruction.rib
            for line in summary.decode.report { printError(line) }
            let sessions = rib.sortedSessions
            let matches = sessions.map { day.inputs.members.match(peerAddress: $0.id.peerAddress, peerASN: $0.id.peerASN) }
            let routes = sessions.reduce(0) { $0 + $1.ipv4Routes + $1.ipv6Routes }
            printError("\(sessions.count) sessions (\(matches.filter { if case .member = $0 { return true }; return false }.count) of members, "
                + "\(matches.filter { $0 == .unknown }.count) of unknown peers, "
                + "\(matches.filter { if case .asnMatchesButNotAddress = $0 { return true }; return false }.count) on addresses the IX did not assign); "
                + "\(routes) routes present \(at.map { "at \(rfc3339($0.seconds))" } ?? "at the end")"
                + (sessions.contains { $0.partial } ? "; state partial for sources without a RIB dump" : ""))
            let stored = sessions.reduce(0) { $0 + $1.routes.count }
            let peak = peakMemoryBytes()
            printError("\(summary.ribEntries) RIB entries and \(summary.updateMessages) UPDATEs applied; \(stored) routes kept "
                + "(with withdrawn ones), \(rib.attributes.count) distinct attribute sets; "
                + "peak memory \(peak / 1_000_000) MB" + (stored > 0 ? ", \(peak / stored) bytes per route kept" : ""))
            printError("reconstruction \(seconds(reconstructed - started)) s, writing the tables \(seconds(clock.now - reconstructed)) s")
        }
        for name in names { try emit("\(out)/\(name)") }
    }
}

func seconds(_ duration: Duration) -> String { String(format: "%.2f", duration.inSeconds) }


/// The process's peak resident memory (getrusage reports kilobytes on Linux).
func peakMemoryBytes() -> Int {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return usage.ru_maxrss * 1024
}
