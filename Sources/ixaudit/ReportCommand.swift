import ArgumentParser
import Audit
import BGP
import Foundation
import Report
import RouteServer
import Routing

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Run the day's analyses and write the report: findings per analysis, members, routes, exports.",
        discussion: """
            Reconstructs every session (as `members`), simulates the route servers (as \
            `simulate`, best mode) and runs the checks of docs/checks.md: consistency, route \
            leaks, transit abuse, default-pointing suspects (these need flows) and route-server \
            use. Writes into --out: findings.csv (every finding, most severe first), one CSV per \
            analysis, checks.csv (every check: ran, with its count, or not run and why), \
            announcements.csv, sessions.csv, export-matrix.csv and community-sets.csv. The \
            directory is replaced as a whole: a failed run leaves the previous report in place.

            Exit codes: 0 done; 1 done, and --fail-on matched a finding; 2 bad input or \
            configuration (the message names the file and what to do).
            """)

    @OptionGroup var job: JobOptions

    @Option(name: .long, help: "The report directory (replaced as a whole when the report is complete).")
    var out: String

    @Option(name: .long, help: "Exit with 1 when a finding of this severity or above is found: info, notice, warning or error.")
    var failOn: String?

    @Option(name: .long, help: "Directory of the policy presets (default: data/policies beside the job file, in the working directory or in the project).")
    var policyDirectory: String?

    @Flag(name: .shortAndLong, help: "Only errors on stderr.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Every data problem on stderr, not only the first ones.")
    var verbose = false

    func run() throws {
        var threshold: Severity?
        if let failOn {
            guard let severity = Severity(rawValue: failOn) else {
                throw ValidationError("--fail-on \(failOn): expected \(Severity.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            threshold = severity
        }
        let day = try DayRun.run(job: job, policyDirectory: policyDirectory, quiet: quiet, verbose: verbose)
        let staging = ReportDirectory(final: out)
        try staging.prepare()
        do {
            try writeTables(day, into: staging.path)
            try staging.commit()
        } catch {
            staging.discard()
            printError("cannot write the report into \(out): \(error)")
            throw ExitCode(2)
        }
        if !quiet {
            for line in day.reconstruction.summary.decode.report { printError(line) }
            let counts = Severity.allCases.reversed().map { severity in
                "\(day.audit.findings.filter { $0.severity == severity }.count) \(severity)"
            }
            let notRun = day.audit.checks.filter { !$0.ran }
            printError("\(day.audit.findings.count) findings (\(counts.joined(separator: ", "))); "
                + "\(day.audit.checks.count - notRun.count) checks ran, \(notRun.count) not run")
            printError(day.timings.map { "\($0.phase) \(String(format: "%.2f", $0.seconds)) s" }.joined(separator: ", "))
        }
        print(out)
        if !day.reconstruction.summary.decode.clean { throw ExitCode(2) }
        if let threshold, day.audit.findings.contains(where: { $0.severity >= threshold }) { throw ExitCode(1) }
    }

    func writeTables(_ day: DayRun, into directory: String) throws {
        let name = { (asn: ASN) in day.directory.member(asn: asn)?.name ?? "AS\(asn)" }
        var all = try CSVWriter(path: "\(directory)/findings.csv", header: FindingTables.findingsHeader)
        FindingTables.write(day.audit.findings, name: name, to: &all)
        try all.finish()
        for category in Category.allCases {
            var table = try CSVWriter(path: "\(directory)/\(category.rawValue).csv", header: FindingTables.findingsHeader)
            FindingTables.write(day.audit.findings(in: category), name: name, to: &table)
            try table.finish()
        }
        var checks = try CSVWriter(path: "\(directory)/checks.csv", header: FindingTables.checksHeader)
        FindingTables.write(day.audit.checks, to: &checks)
        try checks.finish()

        let owner = { (id: SessionID) -> SessionOwner in
            let match = day.directory.match(peerAddress: id.peerAddress, peerASN: id.peerASN)
            return SessionOwner(asn: match.member?.asn, name: match.member?.name, match: match.label)
        }
        var announcements = try CSVWriter(path: "\(directory)/announcements.csv", header: AnnouncementsTable.header)
        AnnouncementsTable.write(day.reconstruction.rib, owner: owner, to: &announcements)
        try announcements.finish()
        var sessions = try CSVWriter(path: "\(directory)/sessions.csv", header: SessionsTable.header)
        SessionsTable.write(day.reconstruction.rib, owner: owner, to: &sessions)
        try sessions.finish()
        var matrix = try CSVWriter(path: "\(directory)/export-matrix.csv", header: SimulationTables.exportMatrixHeader)
        var sets = try CSVWriter(path: "\(directory)/community-sets.csv", header: SimulationTables.communitySetsHeader)
        for result in day.simulation {
            SimulationTables.writeExportMatrix(result, mode: .best, name: { day.directory.member(asn: $0)?.name }, to: &matrix)
            SimulationTables.writeCommunitySets(result, to: &sets)
        }
        try matrix.finish()
        try sets.finish()
    }
}
