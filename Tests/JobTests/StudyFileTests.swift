import Job
import XCTest

/// The study file: its nights are every day of the range, paths are taken from its
/// directory, and each mistake names its field and line.
final class StudyFileTests: XCTestCase {
    let valid = """
        study: two-ixps
        ixps:
          - {name: ix-a, job: a/job.yaml}
          - {name: ix-b, job: /data/b/job.yaml}
        nights: {from: 2024-02-27, to: 2024-03-01}
        scenarios:
          - {name: no-rs2, file: scenarios/no-rs2.yaml}
        modes: [best, per-client, best]
        output: out
        """

    func testNightsCrossAMonthEndOfALeapYear() throws {
        let study = try StudyFile.parse(yaml: valid, file: "/studies/s.yaml", baseDirectory: "/studies")
        XCTAssertEqual(study.name, "two-ixps")
        // 2024 is a leap year: 27, 28, 29 February and 1 March.
        XCTAssertEqual(study.nights.map(\.description), ["2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01"])
        XCTAssertEqual(study.ixps.map(\.job), ["/studies/a/job.yaml", "/data/b/job.yaml"])
        XCTAssertEqual(study.scenarios.map(\.file), ["/studies/scenarios/no-rs2.yaml"])
        XCTAssertEqual(study.modes, [.best, .perClient], "a mode listed twice counts once")
        XCTAssertEqual(study.output, "/studies/out")
        XCTAssertNil(study.policyDirectory)
    }

    func testOneNightAndTheDefaultMode() throws {
        let study = try StudyFile.parse(yaml: """
            study: one
            ixps: [{name: x, job: j.yaml}]
            nights: {from: 2026-12-31, to: 2026-12-31}
            output: o
            """, baseDirectory: "/s")
        XCTAssertEqual(study.nights.map(\.description), ["2026-12-31"])
        XCTAssertEqual(study.modes, [.perClient])
        XCTAssertTrue(study.scenarios.isEmpty)
    }

    func testMistakesNameTheirField() {
        func error(_ yaml: String) -> String {
            do {
                _ = try StudyFile.parse(yaml: yaml, file: "s.yaml", baseDirectory: "/s")
                return "no error"
            } catch {
                return error.description
            }
        }
        let base = "study: s\nixps: [{name: x, job: j.yaml}]\noutput: o\n"
        XCTAssertTrue(error(base + "nights: {from: 2026-11-22, to: 2026-11-20}\n").contains("before the first"))
        XCTAssertTrue(error(base + "nights: {from: 2026-02-30, to: 2026-03-01}\n").contains("nights.from"))
        XCTAssertTrue(error(base + "nights: {from: 1900-01-01, to: 2026-03-01}\n").contains("at most 100 years"))
        XCTAssertTrue(error(base + "nights: {from: 2026-01-01, to: 2026-01-02}\nextra: 1\n").contains("extra"))
        XCTAssertTrue(error(base + "nights: {from: 2026-01-01, to: 2026-01-02}\nmodes: [fastest]\n").contains("modes"))
        XCTAssertTrue(error("study: s\nixps: [{name: x, job: a}, {name: x, job: b}]\nnights: {from: 2026-01-01, to: 2026-01-01}\noutput: o\n")
            .contains("x"))
        XCTAssertTrue(error("study: ../up\nixps: [{name: x, job: a}]\nnights: {from: 2026-01-01, to: 2026-01-01}\noutput: o\n")
            .contains("study"))
        XCTAssertTrue(error("study: s\nixps: [{name: x, job: a}]\nnights: {from: 2026-01-01, to: 2026-01-01}\noutput: o\n"
            + "scenarios: [{name: baseline, file: f}]\n").contains("baseline"))
        XCTAssertTrue(error("study: s\nixps: []\nnights: {from: 2026-01-01, to: 2026-01-01}\noutput: o\n").contains("ixps"))
    }
}
