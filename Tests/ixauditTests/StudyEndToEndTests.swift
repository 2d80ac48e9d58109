import Foundation
import XCTest

/// `ixaudit study plan` and `study run-shard` on two synthetic IXPs over two nights with a
/// what-if scenario: a shard is the night's report (or scenario simulation) with a manifest,
/// running it again replaces it whatever ran before, and a shard whose RIB dump is missing
/// fails with its reason in a manifest of its own while the others run.
final class StudyEndToEndTests: XCTestCase {
    func testShardsRunOneByOneAndAFailedShardSaysWhy() throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let root = directory.path
        for (ixp, seed) in [("ix-a", "3"), ("ix-b", "4")] {
            for night in ["2026-11-20", "2026-11-21"] {
                let synth = try Harness.ixaudit(["synth", "--out", "\(root)/\(ixp)", "--members", "10", "--routes", "1000",
                                                 "--update-interval", "3600", "--flows", "0", "--seed", seed, "--date", night])
                XCTAssertEqual(synth.status, 0, synth.stderr)
            }
        }
        try FileManager.default.removeItem(atPath: "\(root)/ix-b/mrt/rs2/2026.11/bview.20261121.0000.gz")
        let policies = Harness.packageRoot.appendingPathComponent("data/policies").path
        try """
            study: e2e
            ixps:
              - {name: ix-a, job: ix-a/job.yaml}
              - {name: ix-b, job: ix-b/job.yaml}
            nights: {from: 2026-11-20, to: 2026-11-21}
            scenarios: [{name: evaluate-all, file: \(Harness.packageRoot.appendingPathComponent("data/scenarios/rs-openbgpd-evaluate-all.yaml").path)}]
            output: out
            policies: \(policies)
            """.write(toFile: "\(root)/study.yaml", atomically: true, encoding: .utf8)

        let plan = try Harness.ixaudit(["study", "plan", "\(root)/study.yaml"])
        XCTAssertEqual(plan.status, 0, plan.stderr)
        let shards = try String(decoding: plan.stdout, as: UTF8.self).split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String])
        }
        XCTAssertEqual(shards.map { $0["id"]! }, ["ix-a/2026-11-20", "ix-a/2026-11-20/evaluate-all/per-client",
                                                  "ix-a/2026-11-21", "ix-a/2026-11-21/evaluate-all/per-client",
                                                  "ix-b/2026-11-20", "ix-b/2026-11-20/evaluate-all/per-client",
                                                  "ix-b/2026-11-21", "ix-b/2026-11-21/evaluate-all/per-client"])
        XCTAssertEqual(shards[6]["directory"], "\(root)/out/shards/ix-b/2026-11-21/report")
        XCTAssertEqual(shards[7]["directory"], "\(root)/out/shards/ix-b/2026-11-21/scenarios/evaluate-all/per-client")
        XCTAssertEqual(shards[7]["output"], "\(root)/out")

        // A night's scenario shard before its report: neither is in the other's way.
        let scenario = try Harness.ixaudit(["study", "run-shard", "\(root)/study.yaml", "--shard", "ix-a/2026-11-20/evaluate-all/per-client"])
        XCTAssertEqual(scenario.status, 0, scenario.stderr)
        let reports = shards.filter { $0["scenario"] == nil }
        for shard in reports.prefix(3) {
            let run = try Harness.ixaudit(["study", "run-shard", "\(root)/study.yaml", "--shard", shard["id"]!])
            XCTAssertEqual(run.status, 0, run.stderr)
            let manifest = try Self.json(shard["directory"]! + "/manifest.json")
            XCTAssertEqual(manifest["status"] as? String, "done")
            XCTAssertEqual(manifest["night"] as? String, shard["night"])
            // The tables are those `ixaudit report` writes for the same night.
            let report = "\(root)/report-\(shard["ixp"]!)-\(shard["night"]!)"
            let single = try Harness.ixaudit(["report", "--config", shard["job"]!, "--date", shard["night"]!, "--out", report,
                                              "--policy-directory", policies, "-q"])
            XCTAssertTrue([0, 1].contains(single.status), single.stderr)
            for table in ["findings.csv", "members.csv", "community-sets.csv"] {
                XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: shard["directory"]! + "/" + table)),
                               try Data(contentsOf: URL(fileURLWithPath: report + "/" + table)), "\(shard["id"]!) \(table)")
            }
            XCTAssertEqual(try Harness.gunzip(URL(fileURLWithPath: shard["directory"]! + "/export-matrix.csv.gz")),
                           try Harness.gunzip(URL(fileURLWithPath: report + "/export-matrix.csv.gz")), "\(shard["id"]!) export matrix")
            let figures = try XCTUnwrap(manifest["figures"] as? [String: Int])
            XCTAssertEqual(figures["findings"], try Harness.csv(report + "/findings.csv").count)
            let inputs = try XCTUnwrap(manifest["inputs"] as? [[String: String]])
            XCTAssertTrue(inputs.contains { $0["role"]?.hasPrefix("rib") == true && $0["sha256"]?.count == 64 })
        }
        // Run again: the same shards, replaced as a whole.
        for id in ["ix-a/2026-11-20", "ix-a/2026-11-20/evaluate-all/per-client"] {
            let again = try Harness.ixaudit(["study", "run-shard", "\(root)/study.yaml", "--shard", id])
            XCTAssertEqual(again.status, 0, again.stderr)
        }
        let diff = try Self.json("\(root)/out/shards/ix-a/2026-11-20/scenarios/evaluate-all/per-client/manifest.json")
        XCTAssertEqual(diff["status"] as? String, "done")
        XCTAssertTrue((diff["tables"] as? [String] ?? []).contains("scenario-diff.csv.gz"), "\(diff)")

        let failed = try Harness.ixaudit(["study", "run-shard", "\(root)/study.yaml", "--shard", "ix-b/2026-11-21"])
        XCTAssertEqual(failed.status, 2)
        XCTAssertTrue(failed.stderr.contains("bview.20261121.0000.gz"), failed.stderr)
        let manifest = try Self.json("\(root)/out/shards/ix-b/2026-11-21/report/manifest.json")
        XCTAssertEqual(manifest["status"] as? String, "failed")
        XCTAssertEqual(manifest["exit_status"] as? Int, 2)
        XCTAssertTrue((manifest["reason"] as? String ?? "").contains("missing"), "\(manifest)")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: "\(root)/out/shards/ix-b/2026-11-21/report")
            .filter { !$0.hasPrefix(".") }, ["manifest.json"])

        let unknown = try Harness.ixaudit(["study", "run-shard", "\(root)/study.yaml", "--shard", "ix-c/2026-11-21"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("no shard ix-c/2026-11-21"), unknown.stderr)
    }

    static func json(_ path: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }
}
