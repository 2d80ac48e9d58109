import BGP
import Foundation
import Job
import XCTest

/// Paths in job files: date placeholders, relative paths, update globs, required files.
final class JobFilePathTests: XCTestCase {
    static func job(sources: String, extra: String = "") -> String {
        """
        ixp:
          name: Test IX
          route_servers:
            - {label: rs1, asn: 8960, ipv4: 185.1.15.8}
        policy: smarthub-ix
        members:
          ixf: members/ixf-{date}.json
        sources:
        \(sources)
        \(extra)
        """
    }

    /// Writes `text` as `job.yaml` in `directory` and returns its path.
    func write(_ text: String, in directory: String, name: String = "job.yaml") throws -> String {
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    // MARK: - Dates

    func testJobDates() {
        XCTAssertEqual(JobDate("2026-11-21")?.description, "2026-11-21")
        XCTAssertEqual(JobDate("2024-02-29"), JobDate(year: 2024, month: 2, day: 29))
        XCTAssertNil(JobDate("2023-02-29"))
        XCTAssertNil(JobDate("2026-13-01"))
        XCTAssertNil(JobDate("2026-04-31"))
        XCTAssertNil(JobDate("2026-1-05"))
        XCTAssertNil(JobDate("20261121"))
        XCTAssertNil(JobDate("2026-11-21T00:00"))
        XCTAssertEqual(JobDate(year: 2026, month: 1, day: 5)?.placeholders,
                       ["date": "2026-01-05", "yyyy": "2026", "mm": "01", "dd": "05"])
        // 2016-08-11 23:59:59 UTC is still the 11th, whatever the machine's time zone.
        XCTAssertEqual(JobDate(Date(timeIntervalSince1970: 1_470_959_999)), JobDate("2016-08-11"))
        XCTAssertLessThan(JobDate("2026-11-21")!, JobDate("2026-11-22")!)
    }

    func testDatePlaceholdersInEveryPath() throws {
        let text = Self.job(sources: """
              - label: rs1
                rib: ["mrt/{yyyy}.{mm}/bview.{yyyy}{mm}{dd}.0000.gz"]
                updates: ["mrt/{date}/updates.*.gz"]
            """, extra: "flows: flows/{DATE}.csv\nrpki: /abs/vrps.{date}.json\n")
        let job = try JobFile.parse(yaml: text, baseDirectory: "/jobs", date: JobDate("2026-01-05"))
        XCTAssertEqual(job.members, .ixf(path: "/jobs/members/ixf-2026-01-05.json", ixpID: nil))
        XCTAssertEqual(job.sources[0].ribFiles, ["/jobs/mrt/2026.01/bview.20260105.0000.gz"])
        XCTAssertEqual(job.sources[0].updatePatterns, ["/jobs/mrt/2026-01-05/updates.*.gz"])
        XCTAssertEqual(job.inputs.flows, "/jobs/flows/2026-01-05.csv", "placeholders are case-insensitive")
        XCTAssertEqual(job.inputs.rpki, "/abs/vrps.2026-01-05.json", "absolute paths stay")
    }

    func testPlaceholderWithoutADate() {
        let text = Self.job(sources: "  - label: rs1\n    updates: [\"u.*.gz\"]")
        do {
            _ = try JobFile.parse(yaml: text, baseDirectory: nil)
            XCTFail("no error")
        } catch {
            XCTAssertEqual(error, .needsDate(ConfigurationFileError.Location(file: "job.yaml", line: 7, field: "members.ixf"), placeholder: "date"))
            XCTAssertEqual(error.description, "job.yaml:7: members.ixf: uses {date} but no date was given; give the run date "
                + "(YYYY-MM-DD, e.g. with --date) or write the date into the path")
        }
    }

    func testUnknownPlaceholder() {
        let text = Self.job(sources: "  - label: rs1\n    updates:\n      - \"u.{dat}.*.gz\"")
        do {
            _ = try JobFile.parse(yaml: text, baseDirectory: nil, date: JobDate("2026-01-05"))
            XCTFail("no error")
        } catch {
            XCTAssertEqual(error, .unknownPlaceholder(ConfigurationFileError.Location(file: "job.yaml", line: 11, field: "sources[0].updates[0]"),
                                                      placeholder: "dat"))
            XCTAssertEqual(error.description, "job.yaml:11: sources[0].updates[0]: unknown placeholder {dat}; the date "
                + "placeholders are {date} (YYYY-MM-DD), {yyyy}, {mm} and {dd}")
        }
    }

    // MARK: - Relative paths and globs

    func testGlobsExpandSortedRelativeToTheJobFile() throws {
        let dir = try JobFixtures.temporaryDirectory(self)
        for name in ["updates.20260105.0010.gz", "updates.20260105.0000.gz", "updates.20260105.0005.gz",
                     "updates.20260106.0000.gz", "bview.20260105.0000.gz", "notes.txt"] {
            try JobFixtures.touch("mrt/rs1/" + name, in: dir)
        }
        try FileManager.default.createDirectory(atPath: dir + "/mrt/rs1/updates.20260105.dir.gz", withIntermediateDirectories: true)
        try JobFixtures.touch("members/ixf-2026-01-05.json", in: dir)
        let text = Self.job(sources: """
              - label: rs1
                rib: ["mrt/rs1/bview.{yyyy}{mm}{dd}.0000.gz"]
                updates:
                  - mrt/rs1/updates.{yyyy}{mm}{dd}.*.gz
                  - mrt/rs1/updates.{yyyy}{mm}{dd}.000[05].gz
                  - "mrt/rs1/{bview,notes}.*"
            """)
        let path = try write(text, in: dir)
        let job = try JobFile.load(path: path, date: JobDate("2026-01-05"), requireFiles: true)
        let rs1 = dir + "/mrt/rs1/"
        XCTAssertEqual(job.sources[0].ribFiles, [rs1 + "bview.20260105.0000.gz"])
        XCTAssertEqual(job.sources[0].updateFiles, [
            rs1 + "bview.20260105.0000.gz",
            rs1 + "notes.txt",
            rs1 + "updates.20260105.0000.gz",
            rs1 + "updates.20260105.0005.gz",
            rs1 + "updates.20260105.0010.gz",
        ], "sorted, each file once, directories left out, {a,b} alternatives allowed")
        XCTAssertEqual(job.sources[0].updatePatterns.first, rs1 + "updates.20260105.*.gz")
        XCTAssertEqual(job.members, .ixf(path: dir + "/members/ixf-2026-01-05.json", ixpID: nil))
    }

    func testRelativeJobPathGivesRelativeFiles() throws {
        let dir = try JobFixtures.temporaryDirectory(self)
        try JobFixtures.touch("nightly/mrt/u.1.gz", in: dir)
        try JobFixtures.touch("nightly/members/ixf-2026-01-05.json", in: dir)
        _ = try write(Self.job(sources: "  - label: rs1\n    updates: [mrt/u.*.gz]"), in: dir + "/nightly")
        let saved = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(dir))
        defer { _ = FileManager.default.changeCurrentDirectoryPath(saved) }
        let job = try JobFile.load(path: "nightly/job.yaml", date: JobDate("2026-01-05"), requireFiles: true)
        XCTAssertEqual(job.sources[0].updateFiles, ["nightly/mrt/u.1.gz"])
        XCTAssertEqual(job.members, .ixf(path: "nightly/members/ixf-2026-01-05.json", ixpID: nil))
    }

    func testPatternMatchingNothing() throws {
        let dir = try JobFixtures.temporaryDirectory(self)
        try JobFixtures.touch("members/ixf-2026-01-05.json", in: dir)
        try JobFixtures.touch("mrt/a.gz", in: dir)
        let path = try write(Self.job(sources: "  - label: rs1\n    updates:\n      - mrt/*.gz\n      - mrt/missing.*.gz"), in: dir)
        // Not an error until files are required: the day's dumps may not be there yet.
        let job = try JobFile.load(path: path, date: JobDate("2026-01-05"))
        XCTAssertEqual(job.sources[0].updateFiles, [dir + "/mrt/a.gz"])
        XCTAssertThrowsError(try JobFile.load(path: path, date: JobDate("2026-01-05"), requireFiles: true)) { error in
            let pattern = dir + "/mrt/missing.*.gz"
            XCTAssertEqual(error as? ConfigurationFileError,
                           .noMatch(ConfigurationFileError.Location(file: path, line: 12, field: "sources[0].updates[1]"), pattern: pattern))
            XCTAssertEqual((error as? ConfigurationFileError)?.description, "\(path):12: sources[0].updates[1]: pattern \(pattern) matches no "
                + "file; check the path (relative paths are taken from the job file's directory) and the date")
        }
    }

    func testRequiredFilesOfEveryKind() throws {
        let dir = try JobFixtures.temporaryDirectory(self)
        try JobFixtures.touch("mrt/u.gz", in: dir)
        try JobFixtures.touch("mrt/rib.gz", in: dir)
        let sources = "  - label: rs1\n    rib: [mrt/rib.gz]\n    updates: [mrt/u.gz]"
        func loadError(_ extra: String) throws -> ConfigurationFileError? {
            let path = try write(Self.job(sources: sources, extra: extra), in: dir)
            do {
                _ = try JobFile.load(path: path, date: JobDate("2026-01-05"), requireFiles: true)
                return nil
            } catch {
                return error
            }
        }
        // The member list first.
        XCTAssertEqual(try loadError(""), .fileNotFound(ConfigurationFileError.Location(file: dir + "/job.yaml", line: 7, field: "members.ixf"),
                                                        path: dir + "/members/ixf-2026-01-05.json"))
        try JobFixtures.touch("members/ixf-2026-01-05.json", in: dir)
        XCTAssertNil(try loadError(""))
        // Optional inputs, when given, must exist too; a directory is not a file.
        XCTAssertEqual(try loadError("relationships: rel/as-rel.txt"),
                       .fileNotFound(ConfigurationFileError.Location(file: dir + "/job.yaml", line: 12, field: "relationships"), path: dir + "/rel/as-rel.txt"))
        XCTAssertEqual(try loadError("peeringdb: mrt"),
                       .fileNotFound(ConfigurationFileError.Location(file: dir + "/job.yaml", line: 12, field: "peeringdb"), path: dir + "/mrt"))
        try JobFixtures.touch("rel/as-rel.txt", in: dir)
        XCTAssertNil(try loadError("relationships: rel/as-rel.txt"))
    }

    func testPolicyFileIsResolvedAndRequired() throws {
        let dir = try JobFixtures.temporaryDirectory(self)
        let text = Self.job(sources: "  - label: rs1\n    updates: [u.gz]").replacingOccurrences(of: "policy: smarthub-ix", with: "policy: policies/strict.yaml")
        let path = try write(text, in: dir)
        let job = try JobFile.load(path: path, date: JobDate("2026-01-05"))
        XCTAssertEqual(job.policy, .file(dir + "/policies/strict.yaml"))
        XCTAssertThrowsError(try JobFile.load(path: path, date: JobDate("2026-01-05"), requireFiles: true)) { error in
            XCTAssertEqual(error as? ConfigurationFileError,
                           .fileNotFound(ConfigurationFileError.Location(file: path, line: 5, field: "policy"), path: dir + "/policies/strict.yaml"))
        }
    }
}
