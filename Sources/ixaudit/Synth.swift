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
                                   updateInterval: updateInterval, compression: format, flowSamples: flows)
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
