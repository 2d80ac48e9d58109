import ArgumentParser
import BGP
import Foundation
import Job
import Pipeline
import RouteServer

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate what the route servers export to whom under the members' communities.",
        discussion: """
            Reconstructs the routes each member sends to each route server (as `members` does), \
            applies the import policy (every reason a route is rejected, with its rule clause), \
            reads the control communities in the order of the IXP's profile and decides each \
            receiver's routes in the export mode of each route server's implementation (the job \
            file's implementation: bird | openbgpd and its settings), or in --mode. BIRD: best \
            (its default tables: one best route per prefix; hidden paths), per-client or \
            secondary (sorted tables, secondary on: each receiver's best among the routes \
            allowed to it), add-path (all allowed routes). OpenBGPD: default or best (rde \
            evaluate default), evaluate-all (rde evaluate all: like per-client, but nothing when \
            the receiver's own route comes first), add-path. Writes export-matrix.csv.gz, route-audience.csv.gz, community-sets.csv, \
            hidden-paths.csv.gz and rejected.csv.gz into --out; with --exports also \
            exports.csv.gz, every route each receiving session gets with its attributes as sent (for small inputs: a lab, a test), and \
            export-actions.csv.gz, the exports whose path or next hop the route server changes \
            (prepend and blackhole communities). The \
            tables with a row per route are gzip-compressed; --uncompressed writes them as .csv.
            """)

    @OptionGroup var job: JobOptions

    @Option(name: .long, help: "Export mode, a behaviour of each route server's implementation: BIRD best, per-client (= secondary), add-path; OpenBGPD default (= best), evaluate-all, add-path. Default: the mode of the job file's settings (BIRD: best, or per-client with secondary: true; OpenBGPD: default, or evaluate-all with evaluate: all).")
    var mode: String?

    @Option(name: .long, help: "The state at this moment instead of the end (Unix seconds or RFC 3339).")
    var at: TimeArgument?

    @Option(name: .long, help: "Directory of the policy presets (default: data/policies beside the job file, in the working directory or in the project).")
    var policyDirectory: String?

    @Option(name: .long, help: "Write the CSV files into this directory: new, empty, or an earlier output of `simulate` (replaced as a whole when complete).")
    var out: String

    @OptionGroup var output: OutputOptions

    @Flag(name: .long, help: "Also write exports.csv.gz: every route each receiving session gets in --mode, with what it gets (receiver_asn, receiver_address, prefix, sender_asn, sender_address, path_id, next_hop, as_path, med, communities, large_communities with the route server's control communities removed unless it has control_communities: keep, otc; the path after the route server's prepends, a blackholed route's next hop the IXP's blackhole address), sorted. One row per receiving session and route, so meant for small inputs (a lab, a test), not a full day. Also export-actions.csv.gz: the exports the route server changes for their receiver (prepends, blackhole next hop), with the path as sent and its length.")
    var exports = false

    @Option(name: .long, help: "A what-if scenario (YAML, see data/scenarios): also write scenario-diff.csv.gz (route by route: sender, prefix, receiver, before, after) and scenario-summary.md (per member: routes gained and lost, as sender and as receiver).")
    var scenario: String?

    @Flag(name: .shortAndLong, help: "Only errors on stderr.")
    var quiet = false

    func validate() throws {
        let known = Set([RouteServerImplementation.bird(secondary: false), .openbgpd(evaluateAll: false)].flatMap { $0.modeNames.map(\.name) })
        if let mode, !known.contains(mode) {
            throw ValidationError("--mode \(mode): not a mode of BIRD (best, per-client, secondary, add-path) or OpenBGPD (default, evaluate-all, add-path)")
        }
    }

    func run() throws {
        let clock = ContinuousClock()
        let started = clock.now
        let request = job.request(output: OutputRequest(path: out, kind: .simulation, wait: output.wait),
                                  policyDirectory: policyDirectory, scenario: scenario)
        let day = try runDay(request, to: .simulation, quiet: quiet, until: at?.seconds)
        var modes: [String: ExportMode] = [:]
        do {
            for server in day.inputs.job.ixp.routeServers { modes[server.label] = try server.exportMode(named: mode) }
        } catch {
            printError("ixaudit: \(error)")
            throw ExitCode(2)
        }
        let simulated = clock.now
        guard !day.simulation.isEmpty else {
            let servers = day.inputs.job.ixp.routeServers.map(\.label).joined(separator: ", ")
            printError("no source of the job is labelled like a route server (\(servers)): nothing to simulate; "
                + "label the route servers' sources as in ixp.route_servers")
            throw ExitCode(2)
        }
        let written = try publish(day) { staging in try SimulationOutput.write(day, modes: modes, exports: exports, into: staging, tables: output.tables) }
        if !quiet {
            for line in written.scenarioLines { printError(line) }
            for line in day.reconstruction.summary.decode.report { printError(line) }
            for result in day.simulation {
                let mode = modes[result.routeServer] ?? result.implementation.configuredMode
                let exported = result.exportMatrix(mode).reduce(0) { $0 + $1.routes }
                printError("\(result.routeServer): \(result.rib.routes.count) routes received, \(result.importResult.rejected.count) rejected, "
                    + "\(result.communitySets.count) distinct control-community sets, \(result.hiddenPaths.count) hidden paths; "
                    + "\(exported) routes exported to \(result.receivers.count) members in \(mode) mode (\(result.implementation))")
            }
            let phases = day.timings.map { "\($0.phase) \(String(format: "%.2f", $0.seconds)) s" }
            printError((phases + ["writing \(seconds(clock.now - simulated)) s", "total \(seconds(clock.now - started)) s"])
                .joined(separator: ", "))
        }
        for name in written.names { try emit("\(out)/\(name)") }
    }
}
