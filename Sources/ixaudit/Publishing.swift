import ArgumentParser
import Pipeline
import Report

/// Writes a command's output into the staging directory of its claimed `--out` and publishes
/// it as a whole; on any failure the staging directory goes and the previous output stays.
func publish<T>(_ day: DayRun, _ write: (String) throws -> T) throws -> T {
    guard let output = day.inputs.output else { throw ExitCode(2) }
    do {
        let staging = try output.stage()
        let result = try write(staging)
        try output.publish(version: IXAudit.configuration.version)
        return result
    } catch {
        output.discard()
        printError("\(error)")
        throw ExitCode(2)
    }
}

/// `--wait` and `--uncompressed`: shared by the commands that write a directory.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "When another ixaudit run is writing the same --out, wait for it instead of refusing.")
    var wait = false

    @Flag(name: .long, help: "Write the tables with a row per route (announcements, route-audience, hidden-paths, rejected, exports, scenario-diff, potential-peers, the analyses' routes tables) as plain .csv instead of gzip-compressed .csv.gz.")
    var uncompressed = false

    var tables: LargeTables { LargeTables(compressed: !uncompressed) }
}
