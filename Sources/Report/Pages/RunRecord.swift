import Audit
import BGP
import Foundation

/// `run.json`: what a report was made from and how (docs/architecture.md, "Reports"): the tool
/// version, the job file, every input with its size and SHA-256, every record read, used and
/// skipped with the reasons, the findings' counts, the checks that did not run, and timings.
public enum RunRecord {
    public static func render(_ day: DayReport) throws -> String {
        let base = day.jobFile.map { URL(fileURLWithPath: $0).deletingLastPathComponent().standardized.path + "/" }
        func shown(_ path: String) -> String {
            let full = URL(fileURLWithPath: path).standardized.path
            if let base, full.hasPrefix(base) { return String(full.dropFirst(base.count)) }
            return path
        }
        var inputs: [[String: Any]] = []
        for file in day.inputFiles {
            var entry: [String: Any] = ["role": file.role, "path": shown(file.path), "state": file.state]
            if let bytes = file.bytes { entry["bytes"] = bytes }
            if let sha256 = file.sha256 { entry["sha256"] = sha256 }
            if let problem = file.problem { entry["problem"] = problem }
            inputs.append(entry)
        }
        let decode = day.reconstruction.decode
        let summary = day.reconstruction
        var record: [String: Any] = [
            "tool": "ixaudit",
            "version": day.toolVersion,
            "job_file": day.jobFile.map(shown) ?? "",
            "ixp": day.ixpName,
            "date": day.date,
            "policy": day.policy.name,
            "inputs": inputs,
            "records": [
                "files": decode.files, "read": decode.recordsRead, "decoded": decode.recordsDecoded,
                "malformed_skipped": decode.recordsMalformed, "types_not_decoded": decode.recordsUnsupported,
                "malformed_by_field": decode.malformedByField, "not_decoded_by_kind": decode.unsupportedByKind,
                "incomplete_nlri": decode.recordsWithIncompleteNLRI, "stopped_early": decode.stops,
                "uncompressed_bytes": decode.uncompressedBytes,
                "skipped_bytes": decode.skippedRanges.map { range -> [String: Any] in
                    ["file": shown(range.file), "offset": range.offset, "length": range.length, "reason": range.reason]
                },
                "recovered": [
                    "table_dump_short_length": decode.tableDumpShortLengthRecovered,
                    "table_dump_batched_entries": decode.tableDumpBatchedEntries,
                    "short_records": decode.shortRecordsRecovered,
                ] as [String: Any],
            ] as [String: Any],
            "reconstruction": [
                "rib_entries": summary.ribEntries, "update_messages_applied": summary.updateMessages,
                "updates_before_baseline": summary.updatesBeforeBaseline, "local_messages_ignored": summary.localMessagesIgnored,
                "records_in_the_wrong_kind_of_file": summary.recordsInTheWrongKindOfFile,
                "out_of_order_records": summary.outOfOrderRecords, "unmatched_state_changes": summary.unmatchedStateChanges,
                "records_after_cutoff": summary.recordsAfterCutoff,
                "start": summary.start.map { rfc3339($0) } ?? "", "end": summary.end.map { rfc3339($0) } ?? "",
            ] as [String: Any],
            "findings": [
                "total": day.audit.findings.count,
                "by_severity": Dictionary(grouping: day.audit.findings, by: { $0.severity.rawValue }).mapValues(\.count),
                "by_category": Dictionary(grouping: day.audit.findings, by: { $0.category.rawValue }).mapValues(\.count),
            ] as [String: Any],
            "checks_not_run": day.audit.checks.compactMap { run -> [String: String]? in
                guard case let .notRun(reason) = run.status else { return nil }
                return ["check": run.check.id.description, "reason": reason]
            },
            "timings_seconds": Dictionary(day.timings.map { ($0.phase, (($0.seconds * 1000).rounded()) / 1000) }, uniquingKeysWith: { a, _ in a }),
        ]
        if let traffic = day.audit.traffic { record["flows"] = TrafficText.runRecord(traffic) }
        let data = try JSONSerialization.data(withJSONObject: record, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
