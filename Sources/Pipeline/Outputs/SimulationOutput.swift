import BGP
import Job
import Report
import RouteServer
import Routing

/// The tables of `ixaudit simulate`, and the what-if comparison when a scenario was given.
public enum SimulationOutput {
    public struct Written {
        /// The files written, by name.
        public var names: [String] = []
        /// Per route server and scenario: routes gained, lost and changed, and the notes.
        public var scenarioLines: [String] = []
    }

    /// Writes export-matrix, route-audience, community-sets, hidden-paths and rejected tables,
    /// exports with `exports`, and scenario-diff and scenario-summary.md for a scenario; the
    /// tables with a row per route are written as `tables` says (gzip unless asked otherwise).
    /// Each route server's tables are of its mode in `modes` (by label; absent: the mode of
    /// its implementation's settings).
    public static func write(_ run: DayRun, modes: [String: ExportMode], exports: Bool, into directory: String,
                             tables: LargeTables = LargeTables()) throws(OutputError) -> Written {
        let job = run.inputs.job
        func mode(_ label: String) -> ExportMode {
            modes[label] ?? job.ixp.routeServer(label)?.implementation.configuredMode ?? .best
        }
        let members = run.inputs.members
        let name = { (asn: ASN) in members.member(asn: asn)?.name }
        try MembersOutput.createDirectory(directory)
        var written = Written()
        do {
            let plain = LargeTables(compressed: false)
            let files: [(String, [String], LargeTables)] = [("export-matrix", SimulationTables.exportMatrixHeader, tables),
                                                            ("route-audience", SimulationTables.routeAudienceHeader, tables),
                                                            ("community-sets", SimulationTables.communitySetsHeader, plain),
                                                            ("hidden-paths", SimulationTables.hiddenPathsHeader, tables),
                                                            ("rejected", SimulationTables.rejectedHeader, tables)]
            var writers = try files.map { name, header, kind in try kind.writer(name, in: directory, header: header) }
            for result in run.simulation {
                SimulationTables.writeExportMatrix(result, mode: mode(result.routeServer), name: name, to: &writers[0])
                SimulationTables.writeRouteAudience(result, to: &writers[1])
                SimulationTables.writeCommunitySets(result, to: &writers[2])
                SimulationTables.writeHiddenPaths(result, to: &writers[3])
                SimulationTables.writeRejected(result, to: &writers[4])
            }
            for index in writers.indices { try writers[index].finish() }
            written.names = files.map { name, _, kind in kind.fileName(name) }
            if exports {
                var table = try tables.writer("exports", in: directory, header: SimulationTables.exportsHeader)
                for result in run.simulation { SimulationTables.writeExports(result, mode: mode(result.routeServer), to: &table) }
                try table.finish()
                written.names.append(tables.fileName("exports"))
                var actions = try tables.writer("export-actions", in: directory, header: ExportActionsTable.header)
                for result in run.simulation {
                    ExportActionsTable.write(result, mode: mode(result.routeServer), actions: job.ixp.communities.actions, to: &actions)
                }
                try actions.finish()
                written.names.append(tables.fileName("export-actions"))
            }
            if let scenario = run.inputs.scenario, let policy = run.inputs.policy {
                var table = try tables.writer("scenario-diff", in: directory, header: ScenarioTable.header)
                var summary = ""
                for result in run.simulation {
                    let server = job.ixp.routeServer(result.routeServer)
                    let inputs = SimulationInputs(rib: result.rib, scheme: job.ixp.communities, policy: policy,
                                                  members: members, mode: mode(result.routeServer),
                                                  implementation: result.implementation, maxPrefix: server?.maxPrefix,
                                                  controlCommunities: server?.controlCommunities ?? .strip)
                    let diff = scenario.run(on: inputs)
                    ScenarioTable.write(diff, routeServer: result.routeServer, to: &table)
                    summary += "<!-- route server \(result.routeServer) -->\n" + diff.markdownSummary() + "\n"
                    written.scenarioLines.append("\(result.routeServer): scenario \(scenario.name): \(diff.gained) routes gained, "
                        + "\(diff.lost) lost, \(diff.changed) changed")
                    written.scenarioLines += diff.notes.map { "  note: \($0)" }
                }
                try table.finish()
                try TextFile.write(summary, to: "\(directory)/scenario-summary.md")
                written.names += [tables.fileName("scenario-diff"), "scenario-summary.md"]
            }
        } catch let error as OutputError {
            throw error
        } catch {
            throw .writer("\(error)")
        }
        return written
    }
}
