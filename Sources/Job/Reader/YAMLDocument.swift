import Foundation
import Yams

/// A configuration file in YAML, read through Yams' node tree rather than Codable so that
/// every message can name the line of the field it is about. The job, policy and scenario
/// readers all start here and walk the tree with `YAMLNode`.
enum YAMLDocument {
    /// The text of the file at `path`; `kind` names the file in messages ("job file").
    static func text(path: String, kind: String) throws(ConfigurationFileError) -> String {
        do {
            return try readText(path: path)
        } catch {
            throw .cannotRead(file: path, kind: kind, reason: error.reason)
        }
    }

    /// The top node of `yaml`; `file` is the name messages use, `expected` what the file must
    /// hold (said when it holds nothing).
    static func root(yaml: String, file: String, expected: String) throws(ConfigurationFileError) -> YAMLNode {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw syntaxError(error, text: yaml, file: file)
        } catch {
            throw .syntax(file: file, line: nil, column: nil, problem: String(describing: error))
        }
        guard let root, !YAMLNode.isNull(root) else { throw .empty(file: file, expected: expected) }
        return YAMLNode(root, file: file, field: "", line: root.mark?.line)
    }

    static func syntaxError(_ error: YamlError, text: String, file: String) -> ConfigurationFileError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            if let tabLine = tabIndentedLine(text, near: mark.line) {
                return .syntax(file: file, line: tabLine, column: nil,
                               problem: "the line is indented with a tab; YAML indents with spaces only")
            }
            let detail = context.map { "\(problem) (\($0.text) at line \($0.mark.line))" } ?? problem
            return .syntax(file: file, line: mark.line, column: mark.column,
                           problem: "\(detail); check the indentation and quote values that contain ': ' or start with "
                               + "a special character")
        case let .duplicatedKeysInMapping(duplicates, context):
            return .syntax(file: file, line: context.mark.line, column: context.mark.column,
                           problem: "key \(duplicates.joined(separator: ", ")) appears twice in one mapping (first here); "
                               + "keep one")
        case let .reader(problem, offset, _, _):
            let line = offset.map { offset in text.utf8.prefix(offset).filter { $0 == UInt8(ascii: "\n") }.count + 1 }
            return .syntax(file: file, line: line, column: nil,
                           problem: "\(problem); the file holds bytes that are not text, is it the right file?")
        default:
            return .syntax(file: file, line: nil, column: nil, problem: String(describing: error))
        }
    }

    /// The line, at or before `line`, whose indentation holds a tab: the parser stumbles on
    /// the tab but names the token, which reads as if the text were wrong.
    static func tabIndentedLine(_ text: String, near line: Int) -> Int? {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for number in stride(from: min(line, lines.count), through: max(1, line - 1), by: -1) {
            if lines[number - 1].prefix(while: { $0 == " " || $0 == "\t" }).contains("\t") { return number }
        }
        return nil
    }
}
