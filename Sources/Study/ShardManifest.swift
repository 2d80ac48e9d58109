import Foundation

/// `manifest.json` of a shard's directory: which shard, done or failed and why, the tool's
/// version, the inputs with their digests, the figures a study sums, and the tables written.
/// A failed shard's directory holds only this file, so a study lists it with its reason.
public struct ShardManifest: Sendable {
    public enum Status: String, Sendable {
        case done
        case failed
    }

    public var shard: Shard
    public var status: Status
    /// What `ixaudit study run-shard` exits with: 0 done, 2 failed (bad or missing input).
    public var exitStatus: Int32 { status == .done ? 0 : 2 }
    /// Why it failed, as the run said it.
    public var reason: String?
    public var toolVersion: String
    public var started: Date
    public var finished: Date
    public var inputs: [[String: String]] = []
    /// Whole numbers a study adds up (routes, sessions, findings by severity...).
    public var figures: [String: Int] = [:]
    public var tables: [String] = []

    public static let fileName = "manifest.json"

    public func json() -> String {
        let stamp = ISO8601DateFormatter()
        var record: [String: Any] = [
            "shard": shard.id, "ixp": shard.ixp, "night": shard.night, "job": shard.job,
            "status": status.rawValue, "exit_status": Int(exitStatus),
            "tool": "ixaudit", "version": toolVersion,
            "started": stamp.string(from: started), "finished": stamp.string(from: finished),
            "inputs": inputs, "figures": figures, "tables": tables,
        ]
        if let scenario = shard.scenario { record["scenario"] = scenario }
        if let mode = shard.mode { record["mode"] = mode }
        if let reason { record["reason"] = reason }
        let data = try! JSONSerialization.data(withJSONObject: record, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
