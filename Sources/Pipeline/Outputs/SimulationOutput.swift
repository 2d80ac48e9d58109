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

    /// Writes export-matrix, route-audience, community-sets, hidden-paths and rejected CSVs,
    /// exports.csv with `exports`, and scenario-diff.csv and scenario-summary.md for a scenario.
    public static func write(_ run: DayRun, mode: ExportMode, exports: Bool, into directory: String) throws(OutputError) -> Written {
        let members = run.inputs.members
        let name = { (asn: ASN) in members.member(asn: asn)?.name }
        try MembersOutput.createDirectory(directory)
        var written = Written()
        do {
            let tables: [(String, [String])] = [("export-matrix", SimulationTables.exportMatrixHeader),
                                                ("route-audience", SimulationTables.routeAudienceHeader),
                                                ("community-sets", SimulationTables.communitySetsHeader),
                                                ("hidden-paths", SimulationTables.hiddenPathsHeader),
                                                ("rejected", SimulationTables.rejectedHeader)]
            var writers = try tables.map { try CSVWriter(path: "\(directory)/\($0.0).csv", header: $0.1) }
            for result in run.simulation {
                SimulationTables.writeExportMatrix(result, mode: mode, name: name, to: &writers[0])
                SimulationTables.writeRouteAudience(result, to: &writers[1])
                SimulationTables.writeCommunitySets(result, to: &writers[2])
                SimulationTables.writeHiddenPaths(result, to: &writers[3])
                SimulationTables.writeRejected(result, to: &writers[4])
            }
            for index in writers.indices { try writers[index].finish() }
            written.names = tables.map { "\($0.0).csv" }
            if exports {
                var table = try CSVWriter(path: "\(directory)/exports.csv", header: SimulationTables.exportsHeader)
                for result in run.simulation { SimulationTables.writeExports(result, mode: mode, to: &table) }
                try table.finish()
                written.names.append("exports.csv")
            }
            if let scenario = run.inputs.scenario, let policy = run.inputs.policy {
                var table = try CSVWriter(path: "\(directory)/scenario-diff.csv", header: ScenarioTable.header)
                var summary = ""
                for result in run.simulation {
                    let inputs = SimulationInputs(rib: result.rib, scheme: run.inputs.job.ixp.communities, policy: policy,
                                                  members: members, mode: mode)
                    let diff = scenario.run(on: inputs)
                    ScenarioTable.write(diff, routeServer: result.routeServer, to: &table)
                    summary += "<!-- route server \(result.routeServer) -->\n" + diff.markdownSummary() + "\n"
                    written.scenarioLines.append("\(result.routeServer): scenario \(scenario.name): \(diff.gained) routes gained, "
                        + "\(diff.lost) lost, \(diff.changed) changed")
                    written.scenarioLines += diff.notes.map { "  note: \($0)" }
                }
                try table.finish()
                try TextFile.write(summary, to: "\(directory)/scenario-summary.md")
                written.names += ["scenario-diff.csv", "scenario-summary.md"]
            }
        } catch let error as OutputError {
            throw error
        } catch {
            throw .writer("\(error)")
        }
        return written
    }
}
