import ArgumentParser
import Audit
import Foundation
import History
import Pipeline
import Report

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Run the day's analyses and write the report: findings per analysis, members, routes, exports.",
        discussion: """
            Reconstructs every session (as `members`), simulates the route servers (as \
            `simulate`, best mode) and runs the checks of docs/checks.md: consistency, route \
            leaks, transit abuse, default-pointing suspects (these need flows) and route-server \
            use. Writes into --out: findings.csv (every finding, most severe first), one CSV of \
            findings and one of the routes behind them per analysis (<analysis>-routes.csv.gz), \
            checks.csv (every check: ran, with its count, or not run and why), index.md (the \
            summary to read first), one Markdown page per analysis, members.csv, \
            announcements.csv.gz, sessions.csv, export-matrix.csv.gz, community-sets.csv, with flows \
            potential-peers.csv.gz (members exchanging traffic with no route-server route between them), charts/*.svg, \
            reviews/AS<n>.md (one peering-review page per member) and run.json (inputs with \
            SHA-256, records read and skipped, timings). The tables with a row per route are \
            gzip-compressed (--uncompressed: plain .csv); the pages keep to a size budget \
            whatever the IXP's size. Every page is also written as self-contained HTML beside \
            it (index.html, <analysis>.html, reviews/AS<n>.html: inline style and charts, no \
            request to anywhere). Prints the path of index.md. The directory is replaced as a \
            whole: a failed run leaves the previous report in place.

            With --history FILE (or history: in the job file), the night is also recorded in an \
            SQLite database, or in PostgreSQL with --history postgres://USER@HOST/DATABASE \
            (docs/history.md); index.md and the review pages open with what changed since the \
            previous recorded night, and findings.csv gains status and first_seen_night. \
            Re-running a night replaces its record. `ixaudit history` reads it.

            Exit codes: 0 done; 1 done, and --fail-on matched a finding; 2 bad input or \
            configuration (the message names the file and what to do).
            """)

    @OptionGroup var job: JobOptions

    @Option(name: .long, help: "The report directory: new, empty, or an earlier ixaudit report (replaced as a whole, in one step, when the new report is complete). A symbolic link is kept and its target replaced.")
    var out: String

    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: "Exit with 1 when a finding of this severity or above is found: info, notice, warning or error; new:SEVERITY counts only findings new since the previous night in the history (needs --history).")
    var failOn: FailOnArgument?

    @Option(name: .long, help: "The history database: an SQLite file (created when absent) or a PostgreSQL URL, postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE (the database must exist; its tables are created): records the night and adds what changed since the previous one to index.md, the review pages and findings.csv. Replaces the job's history:.")
    var history: String?

    @Option(name: .long, help: "Directory of the policy presets (default: data/policies beside the job file, in the working directory or in the project).")
    var policyDirectory: String?

    @Flag(name: .shortAndLong, help: "Only errors on stderr.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Every data problem on stderr, not only the first ones.")
    var verbose = false

    func run() throws {
        var request = job.request(output: OutputRequest(path: out, kind: .report, wait: output.wait), policyDirectory: policyDirectory)
        request.overrides.history = history
        // The route table needs only the reconstruction: it is written into the staging
        // directory while the route servers are simulated and the checks run.
        var routeTable: TableWriting?
        let tables = output.tables
        let day = try runDay(request, to: .audit, quiet: quiet, verbose: verbose) { inputs, reconstruction in
            guard let staging = try? inputs.output?.stage() else { return }
            routeTable = AnnouncementsTable.writing(reconstruction.rib, members: inputs.members, into: staging, tables: tables)
        }
        guard var report = day.report(toolVersion: IXAudit.configuration.version), let audit = day.audit else { throw ExitCode(2) }
        if failOn?.onlyNew == true, day.inputs.job.history == nil {
            printError("--fail-on new:\(failOn!.severity) needs a history: give --history FILE or history: in the job file")
            throw ExitCode(2)
        }
        let nightHistory: NightHistory?
        do {
            nightHistory = try day.history(for: report)
        } catch {
            printError(error.description + " (the report was not written)")
            throw ExitCode(2)
        }
        report.changes = nightHistory?.changes
        let started = ContinuousClock.now
        _ = try publish(day) { staging in
            _ = try ReportWriter.write(report, into: staging, tables: output.tables, announcements: routeTable)
            // Recorded before publishing: a night whose record failed is not published either.
            do {
                try nightHistory?.record()
            } catch {
                throw NotWritten(error: error)
            }
        }
        if !quiet {
            for line in day.reconstruction.summary.decode.report { printError(line) }
            let counts = Severity.allCases.reversed().map { severity in
                "\(audit.findings.filter { $0.severity == severity }.count) \(severity)"
            }
            let notRun = audit.checks.filter { !$0.ran }
            printError("\(audit.findings.count) findings (\(counts.joined(separator: ", "))); "
                + "\(audit.checks.count - notRun.count) checks ran, \(notRun.count) not run")
            if let traffic = audit.traffic {
                let rate = traffic.classifySeconds > 0 ? Double(traffic.read.samples) / traffic.classifySeconds : 0
                printError("flows: \(traffic.read.samples) samples; lookup tables \(String(format: "%.2f", traffic.indexSeconds)) s, "
                    + "read and classified in \(String(format: "%.2f", traffic.classifySeconds)) s: \(Int(rate)) samples/s")
            }
            let writing = ContinuousClock.now - started
            printError((day.timings + [("writing", writing.inSeconds)])
                .map { "\($0.0) \(String(format: "%.2f", $0.1)) s" }.joined(separator: ", "))
        }
        try emit(out.hasSuffix("/") && out.count > 1 ? out + "index.md" : out + "/index.md")
        guard let failOn else { return }
        let counted = failOn.onlyNew ? report.changes?.newFindings(audit.findings) ?? [] : audit.findings
        if failOn.onlyNew, !quiet, let changes = report.changes {
            printError(changes.previousNight.map { "\(counted.count) findings new since \($0)" }
                ?? "the first night in the history: no finding counts as new")
        }
        if counted.contains(where: { $0.severity >= failOn.severity }) { throw ExitCode(1) }
    }
}

/// The history could not record the night: the report is not published.
private struct NotWritten: Error, CustomStringConvertible {
    let error: any Error
    var description: String { "\(error) (the report was not written)" }
}
