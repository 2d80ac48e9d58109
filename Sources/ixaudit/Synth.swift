import ArgumentParser
import Job
import MRT
import Routing
import Synth

struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Write a realistic synthetic IX day: MRT dumps and updates of two route servers, members, a job file.",
        discussion: """
            SmartHub IX (docs/rules.md): two route servers, members with heavy-tailed route counts \
            and real-looking public prefixes and AS paths over IPv4 and IPv6, the community scheme \
            used the way members use it, RIB dumps at 00:00 and update files over the day with \
            churn, flaps and a session reset; sampled flows (CSV) and the reference files an audit \
            reads (RPKI VRPs, IRR route objects, AS relationships); one anomaly of each kind the \
            audit checks, planted. Also ixf-members.json, job.yaml (ready for \
            `ixaudit members --config DIR/job.yaml --date DATE`) and truth.json (the ground truth: \
            every planted event and anomaly). The same seed and options give byte-identical files.

            With --realistic-paths, a large IXP's day instead: members in tiers of routes sent \
            (at 800 members and 1.5 million routes, about 6 send 50k-180k, 31 send 5k-50k, 159 send \
            100-5k, the rest under 100), prefixes and AS paths of the real routes in the given MRT \
            files behind each member's ASN (almost every route with attributes of its own), 3 to 10 \
            informational communities on every route of the large members, and more than one \
            prefix event per route over the day (path and community changes, flaps, withdrawals, \
            a large member's session reset). The same seed, options and files give the same bytes.
            """)

    @Option(name: .long, help: "Directory to write into (created if needed).")
    var out: String

    @Option(name: .long, help: "Seed of every random choice.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Members in the member list.")
    var members = 40

    @Option(name: .long, help: "Routes each route server holds, about.")
    var routes = 20_000

    @Option(name: .long, help: "The day (YYYY-MM-DD).")
    var date: String = SynthOptions.defaultDate.description

    @Option(name: .long, help: "Seconds covered by each update file (a multiple of 60 that divides the day).")
    var updateInterval = 300

    @Option(name: .long, help: "Compression of the MRT files: gzip, bzip2 or none.")
    var compression = "gzip"

    @Option(name: .long, help: ArgumentHelp("Sampled packets in the flows file (0: no flows).", valueName: "samples"))
    var flows = 100_000

    @Option(name: .long, parsing: .upToNextOption,
            help: ArgumentHelp("MRT RIB dumps or update files whose prefixes and AS paths make a large IXP's day.", valueName: "file"))
    var realisticPaths: [String] = []

    func run() throws {
        guard let day = JobDate(date) else { throw ValidationError("--date \(date): expected YYYY-MM-DD") }
        let format: Compression
        switch compression {
        case "gzip", "gz": format = .gzip
        case "bzip2", "bz2": format = .bzip2
        case "none", "plain": format = .none
        default: throw ValidationError("--compression \(compression): expected gzip, bzip2 or none")
        }
        let options = SynthOptions(seed: seed, members: members, routes: routes, date: day,
                                   updateInterval: updateInterval, compression: format, flowSamples: flows,
                                   realisticPaths: realisticPaths)
        let report: SynthReport
        do {
            report = try SyntheticDay.generate(options, into: out)
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        for line in report.summaryLines { printError(line) }
        print("\(out)/job.yaml")
    }
}
