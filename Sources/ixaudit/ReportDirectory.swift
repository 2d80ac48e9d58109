import ArgumentParser
import Foundation

/// A report directory written as a whole: files go into a staging directory beside the
/// final one, which replaces the final one only when everything is written (design.md,
/// "Reports": nothing half-written is left if a run fails).
struct ReportDirectory {
    let final: String
    let path: String

    init(final: String) {
        let trimmed = final.count > 1 && final.hasSuffix("/") ? String(final.dropLast()) : final
        self.final = trimmed
        self.path = "\(trimmed).partial-\(getpid())"
    }

    func prepare() throws {
        let manager = FileManager.default
        if manager.fileExists(atPath: path) { try manager.removeItem(atPath: path) }
        do {
            try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            printError("cannot create the report directory \(path): \((error as NSError).localizedDescription)")
            throw ExitCode(2)
        }
    }

    /// Moves the staging directory into place; the previous report, if any, goes only after.
    func commit() throws {
        let manager = FileManager.default
        let previous = "\(final).previous-\(getpid())"
        let hadPrevious = manager.fileExists(atPath: final)
        if hadPrevious { try manager.moveItem(atPath: final, toPath: previous) }
        do {
            try manager.moveItem(atPath: path, toPath: final)
        } catch {
            if hadPrevious { try? manager.moveItem(atPath: previous, toPath: final) }
            throw error
        }
        if hadPrevious { try? manager.removeItem(atPath: previous) }
    }

    func discard() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
