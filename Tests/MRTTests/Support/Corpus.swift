import Foundation
import MRT
import XCTest

/// The real MRT corpus (`../shared/corpus` beside the project, or $IXAUDIT_CORPUS).
enum Corpus {
    static var directory: URL? {
        let environment = ProcessInfo.processInfo.environment["IXAUDIT_CORPUS"]
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let candidate = environment.map { URL(fileURLWithPath: $0) } ?? root.appendingPathComponent("../shared/corpus").standardized
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: candidate.appendingPathComponent("mrt").path, isDirectory: &isDirectory),
              isDirectory.boolValue else { return nil }
        return candidate
    }

    /// The corpus directory, or a skip that says why the test cannot run here.
    static func require() throws -> URL {
        guard let directory else {
            throw XCTSkip("the real MRT corpus is not here: expected ../shared/corpus beside the project "
                + "(or IXAUDIT_CORPUS=/path/to/corpus) with mrt/ and bgpdump-m/ inside")
        }
        return directory
    }

    static func mrtFiles() throws -> [URL] {
        let dir = try require().appendingPathComponent("mrt")
        return try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// The decompressed bytes of a corpus file (through the project's own reader).
    static func uncompressed(_ url: URL) throws -> [UInt8] {
        let input = try MRTInput(path: url.path)
        var result: [UInt8] = []
        var block = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try block.withUnsafeMutableBytes { try input.read(into: $0) }
            if n == 0 { break }
            result += block[0..<n]
        }
        return result
    }
}
