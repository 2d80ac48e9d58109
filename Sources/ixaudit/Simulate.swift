import ArgumentParser
import BGP
import Foundation
import Job
import MRT
import Report
import RouteServer
import Routing

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate what the route servers export to whom under the members' communities.",
        discussion: """
            Reconstructs the routes each member sends to each route server (as `members` does), \
            applies the import policy (every reason a route is rejected, with its rule clause), \
            reads the control communities in the order of the IXP's profile and decides each \
            receiver's routes in the export mode: best (one best route per prefix; hidden paths), \
            per-client (each receiver's best among the routes allowed to it) or add-path (all \
            allowed routes). Writes export-matrix.csv, route-audience.csv, community-sets.csv, \
            hidden-paths.csv and rejected.csv into --out; with --exports also exports.csv, \
            every route each member gets (for small inputs: a lab, a test).
            """)

    @OptionGroup var job: JobOptions

    @Option(name: .long, help: "Export mode: best, per-client or add-path.")
    var mode: String = "best"

    @Option(name: .long, help: "The state at this moment instead of the end (Unix seconds or RFC 3339).")
    var at: TimeArgument?

    @Option(name: .long, help: "Directory of the policy presets (default: data/policies beside the job file, in the working directory or in the project).")
    var policyDirectory: String?

    @Option(name: .long, help: "Write the CSV files into this directory (created if needed).")
    var out: String

    @Flag(name: .long, help: "Also write exports.csv: every route each member gets in --mode (route_server, mode, receiver_asn, prefix, sender_asn, next_hop, as_path), sorted. One row per receiver and route, so meant for small inputs (a lab, a test), not a full day.")
    var exports = false

    @Option(name: .long, help: "A what-if scenario (YAML, see data/scenarios): also write scenario-diff.csv (route by route: sender, prefix, receiver, before, after) and scenario-summary.md (per member: routes gained and lost, as sender and as receiver).")
    var scenario: String?

    @Flag(name: .shortAndLong, help: "Only errors on stderr.")
    var quiet = false

    func run() throws {
        guard let exportMode = ExportMode(rawValue: mode) else {
            throw ValidationError("--mode \(mode): expected best, per-client or add-path")
        }
        let job: JobFile
        let directory: MemberDirectory
        let policy: ImportPolicy
        let whatIf: Scenario?
        do {
            job = try self.job.load()
            directory = try job.memberDirectory()
            policy = try PolicyLookup.load(job, directory: policyDirectory)
            whatIf = try scenario.map { path throws(ConfigurationFileError) in try Scenario.load(path: path) }
        } catch let error as MemberListError {
            printError(error.description); throw ExitCode(2)
        } catch let error as ConfigurationFileError {
            printError(error.description); throw ExitCode(2)
        }
        let clock = ContinuousClock()
        let started = clock.now
        let reconstruction = Reconstruction(until: at?.seconds)
        var issues = 0
        reconstruction.run(job.sources.map { SourceInput(label: $0.label, ribFiles: $0.ribFiles, updateFiles: $0.updateFiles) }) { issue in
            issues += 1
            if !quiet && issues <= 20 { printError(issue.description) }
        }
        let reconstructed = clock.now
        let results = RouteServerSimulation.run(rib: reconstruction.rib, job: job, members: directory, policy: policy)
        let simulated = clock.now
        guard !results.isEmpty else {
            printError("no source of the job is labelled like a route server (\(job.ixp.routeServers.map(\.label).joined(separator: ", "))): nothing to simulate")
            throw ExitCode(2)
        }
        let name = { (asn: ASN) in directory.member(asn: asn)?.name }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        var matrix = try CSVWriter(path: "\(out)/export-matrix.csv", header: SimulationTables.exportMatrixHeader)
        var audience = try CSVWriter(path: "\(out)/route-audience.csv", header: SimulationTables.routeAudienceHeader)
        var sets = try CSVWriter(path: "\(out)/community-sets.csv", header: SimulationTables.communitySetsHeader)
        var hidden = try CSVWriter(path: "\(out)/hidden-paths.csv", header: SimulationTables.hiddenPathsHeader)
        var rejected = try CSVWriter(path: "\(out)/rejected.csv", header: SimulationTables.rejectedHeader)
        for result in results {
            SimulationTables.writeExportMatrix(result, mode: exportMode, name: name, to: &matrix)
            SimulationTables.writeRouteAudience(result, to: &audience)
            SimulationTables.writeCommunitySets(result, to: &sets)
            SimulationTables.writeHiddenPaths(result, to: &hidden)
            SimulationTables.writeRejected(result, to: &rejected)
        }
        for var table in [matrix, audience, sets, hidden, rejected] { try table.finish() }
        if exports {
            var table = try CSVWriter(path: "\(out)/exports.csv", header: SimulationTables.exportsHeader)
            for result in results { SimulationTables.writeExports(result, mode: exportMode, to: &table) }
            try table.finish()
        }
        var written = ["export-matrix", "route-audience", "community-sets", "hidden-paths", "rejected"] + (exports ? ["exports"] : [])
        if let whatIf {
            var table = try CSVWriter(path: "\(out)/scenario-diff.csv", header: ScenarioTable.header)
            var summary = ""
            for result in results {
                let inputs = SimulationInputs(rib: result.rib, scheme: job.ixp.communities, policy: policy,
                                              members: directory, mode: exportMode)
                let diff = whatIf.run(on: inputs)
                ScenarioTable.write(diff, routeServer: result.routeServer, to: &table)
                summary += "<!-- route server \(result.routeServer) -->\n" + diff.markdownSummary() + "\n"
                if !quiet {
                    printError("\(result.routeServer): scenario \(whatIf.name): \(diff.gained) routes gained, \(diff.lost) lost, \(diff.changed) changed")
                    for note in diff.notes { printError("  note: \(note)") }
                }
            }
            try table.finish()
            try TextFile.write(summary, to: "\(out)/scenario-summary.md")
            written.append("scenario-diff")
        }
        if !quiet {
            for line in reconstruction.summary.decode.report { printError(line) }
            for result in results {
                let exported = result.exportMatrix(exportMode).reduce(0) { $0 + $1.routes }
                printError("\(result.routeServer): \(result.rib.routes.count) routes received, \(result.importResult.rejected.count) rejected, "
                    + "\(result.communitySets.count) distinct control-community sets, \(result.hiddenPaths.count) hidden paths; "
                    + "\(exported) routes exported to \(result.receivers.count) members in \(exportMode) mode")
            }
            printError("reconstruction \(seconds(reconstructed - started)) s, simulation \(seconds(simulated - reconstructed)) s, "
                + "writing \(seconds(clock.now - simulated)) s")
        }
        for file in written { print("\(out)/\(file).csv") }
        if whatIf != nil { print("\(out)/scenario-summary.md") }
        if !reconstruction.summary.decode.clean { throw ExitCode(2) }
    }
}
