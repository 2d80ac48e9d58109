import Foundation
import XCTest

/// The notebooks in notebooks-md/ show shell commands and what they print. This test runs
/// every `sh` block of every notebook (from the package root, with the built ixaudit first on
/// PATH) and fails when the `output` block after it differs from what the commands print now.
/// `make notebooks` (NOTEBOOKS_UPDATE=1) writes the new outputs into the notebooks instead.
final class NotebookTests: XCTestCase {
    func testEveryNotebookShowsWhatItsCommandsPrint() throws {
        let folder = Harness.packageRoot.appendingPathComponent("notebooks-md")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".md") && $0 != "README.md" }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, 3, "notebooks-md/ holds the three worked analyses")
        let update = ProcessInfo.processInfo.environment["NOTEBOOKS_UPDATE"] == "1"
        for name in names {
            let path = folder.appendingPathComponent(name).path
            let notebook = try Notebook(text: String(contentsOfFile: path, encoding: .utf8))
            XCTAssertFalse(notebook.cells.isEmpty, "\(name) has no sh block")
            var refreshed = notebook
            for (index, cell) in notebook.cells.enumerated() {
                let output = try run(cell.command)
                refreshed.cells[index].output = output
                if !update {
                    XCTAssertEqual(output, cell.output, "\(name): the output of\n\(cell.command)\nis now\n\(output)\n"
                        + "(run `make notebooks` to refresh the notebooks)")
                }
            }
            if update { try refreshed.text.write(toFile: path, atomically: true, encoding: .utf8) }
        }
    }

    /// Runs a block with bash: stdout and stderr together, and `[exit N]` when it fails.
    func run(_ command: String) throws -> String {
        let binary = try Harness.binary().deletingLastPathComponent().path
        let script = "cd '\(Harness.packageRoot.path)' && export PATH='\(binary)':\"$PATH\" && exec 2>&1\nset -o pipefail\n" + command
        let result = try Harness.run(executable: URL(fileURLWithPath: "/bin/bash"), arguments: ["-c", script], timeout: 600)
        var text = String(decoding: result.stdout, as: UTF8.self)
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        if result.status != 0 { text += (text.isEmpty || text.hasSuffix("\n") ? "" : "\n") + "[exit \(result.status)]\n" }
        return text
    }
}

/// A Markdown notebook: text with ```sh blocks, each followed by an ```output block.
struct Notebook {
    struct Cell {
        var command: String
        var output: String
        /// Line range of the output block's content in `lines`.
        var outputLines: Range<Int>
    }

    var lines: [String]
    var cells: [Cell] = []

    init(text: String) throws {
        lines = text.components(separatedBy: "\n")
        var i = 0
        while i < lines.count {
            guard lines[i] == "```sh" else { i += 1; continue }
            let start = i + 1
            guard let end = lines[start...].firstIndex(of: "```") else { throw HarnessError("unclosed ```sh block at line \(i + 1)") }
            var j = end + 1
            while j < lines.count && lines[j].isEmpty { j += 1 }
            guard j < lines.count, lines[j] == "```output" else {
                throw HarnessError("the ```sh block at line \(i + 1) has no ```output block after it")
            }
            guard let outputEnd = lines[(j + 1)...].firstIndex(of: "```") else { throw HarnessError("unclosed ```output block at line \(j + 1)") }
            let output = lines[(j + 1)..<outputEnd].map { $0 + "\n" }.joined()
            cells.append(Cell(command: lines[start..<end].joined(separator: "\n"), output: output, outputLines: (j + 1)..<outputEnd))
            i = outputEnd + 1
        }
    }

    /// The notebook with each cell's output in place of the old one.
    var text: String {
        var out = lines
        for cell in cells.reversed() {
            var body = cell.output.components(separatedBy: "\n")
            if body.last == "" { body.removeLast() }
            out.replaceSubrange(cell.outputLines, with: body)
        }
        return out.joined(separator: "\n")
    }
}
