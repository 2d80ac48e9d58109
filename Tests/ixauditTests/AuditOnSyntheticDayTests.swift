import Foundation
import XCTest

/// `ixaudit synth` plants every kind of anomaly and lists them in truth.json; `ixaudit report`
/// on that day must find every one (recall 1) and nothing else at warning or above
/// (precision 1). Prints both per category.
final class AuditOnSyntheticDayTests: XCTestCase {
    /// Checks truth.json lists route by route: a finding of one of them stands for the routes
    /// of its analysis's routes table, and each of their prefixes is judged as a finding of
    /// its own (planted, or not). The other checks' truth entries name the finding's example
    /// prefix.
    static let perPrefix: Set<String> = [
        "bogon-prefix", "default-route", "prefix-too-long", "prefix-too-short", "rpki-invalid", "irr-unregistered",
        "rs-prefix-set", "session-prefix-set", "source-prefix-set", "as-path-mismatch", "prepend-mismatch",
        "med-mismatch", "community-mismatch", "route-flapping", "community-churn",
    ]

    struct Planted {
        var check: String
        var asn: String
        var prefix: String?
        var otherASN: String?
    }

    func testEveryPlantedAnomalyIsFoundAndNothingElse() throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let day = directory.appendingPathComponent("day").path
        let synth = try Harness.ixaudit(["synth", "--out", day, "--members", "60", "--routes", "20000", "--seed", "11"])
        XCTAssertEqual(synth.status, 0, synth.stderr)
        let out = directory.appendingPathComponent("report").path
        let report = try Harness.ixaudit(["report", "--config", day + "/job.yaml", "--date", "2026-11-21", "--out", out])
        XCTAssertEqual(report.status, 0, report.stderr)

        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: day + "/truth.json"))) as? [String: Any]
        let planted = (truth?["anomalies"] as? [[String: Any]] ?? []).map { entry in
            Planted(check: entry["check"] as? String ?? "", asn: "\(entry["asn"] ?? "")", prefix: entry["prefix"] as? String,
                    otherASN: entry["other_asn"].map { "\($0)" })
        }
        XCTAssertFalse(planted.isEmpty, "truth.json lists the planted anomalies")
        let checks = try Harness.csv(out + "/checks.csv")
        let categoryOf = Dictionary(uniqueKeysWithValues: checks.map { ($0["check"]!, $0["category"]!) })
        for run in checks where run["status"] != "ran" {
            XCTAssertFalse(planted.contains { $0.check == run["check"] }, "\(run["check"]!) did not run: \(run["reason"]!)")
        }
        let atWarning = try Harness.csv(out + "/findings.csv").filter { $0["severity"] == "warning" || $0["severity"] == "error" }
        var routesOf: [String: [[String: String]]] = [:]
        for category in Set(categoryOf.values) {
            for route in try Harness.csv(out + "/\(category)-routes.csv.gz") { routesOf[route["finding_id"]!, default: []].append(route) }
        }
        let findings = atWarning.flatMap { finding -> [[String: String]] in
            guard Self.perPrefix.contains(finding["check"]!) else { return [finding] }
            let prefixes = Set((routesOf[finding["finding_id"]!] ?? []).map { $0["prefix"]! })
            XCTAssertFalse(prefixes.isEmpty, "a \(finding["check"]!) finding without routes")
            return prefixes.sorted().map { prefix in finding.merging(["prefix": prefix]) { $1 } }
        }

        func matches(_ finding: [String: String], _ anomaly: Planted) -> Bool {
            guard finding["check"] == anomaly.check, finding["member_asn"] == anomaly.asn else { return false }
            if Self.perPrefix.contains(anomaly.check), let prefix = anomaly.prefix, finding["prefix"] != prefix { return false }
            if let other = anomaly.otherASN, let found = finding["other_asn"], !found.isEmpty, found != other { return false }
            return true
        }
        let unexpected = findings.filter { finding in !planted.contains { matches(finding, $0) } }
        let missed = planted.filter { anomaly in !findings.contains { matches($0, anomaly) } }

        var lines = ["category            planted  found  precision  recall"]
        for category in Set(categoryOf.values).sorted() {
            let plantedHere = planted.filter { categoryOf[$0.check] == category }
            let foundHere = findings.filter { $0["category"] == category }
            guard !plantedHere.isEmpty || !foundHere.isEmpty else { continue }
            let truePositives = foundHere.filter { finding in plantedHere.contains { matches(finding, $0) } }.count
            let recalled = plantedHere.filter { anomaly in foundHere.contains { matches($0, anomaly) } }.count
            let precision = foundHere.isEmpty ? 1 : Double(truePositives) / Double(foundHere.count)
            let recall = plantedHere.isEmpty ? 1 : Double(recalled) / Double(plantedHere.count)
            lines.append(category.padding(toLength: 20, withPad: " ", startingAt: 0)
                + String(format: "%7d  %5d  %9.2f  %6.2f", plantedHere.count, foundHere.count, precision, recall))
        }
        print(lines.joined(separator: "\n"))
        XCTAssertTrue(missed.isEmpty, "planted but not found: \(missed.map { "\($0.check) AS\($0.asn) \($0.prefix ?? "")" })")
        XCTAssertTrue(unexpected.isEmpty, "found but not planted: \(unexpected.prefix(20).map { "\($0["check"]!) AS\($0["member_asn"]!) \($0["prefix"]!): \($0["evidence"]!)" })")
    }
}
