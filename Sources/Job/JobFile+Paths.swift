#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

extension JobFile {
    /// The job with every path resolved: date placeholders replaced by `date`, relative paths
    /// taken from `baseDirectory` (nil: left as they are, relative to the working directory),
    /// and the update patterns expanded into `updateFiles` (sorted, each file once).
    ///
    /// With `requireFiles`, every file named must exist and every update pattern must match
    /// at least one file; without it, missing files are not an error (a job can be checked
    /// before the day's dumps are there). Call it once: a resolved relative path would be
    /// prefixed again.
    public func resolvingPaths(relativeTo baseDirectory: String?, date: JobDate?,
                               requireFiles: Bool = false) throws(ConfigurationFileError) -> JobFile {
        try resolved(baseDirectory: baseDirectory, date: date, requireFiles: requireFiles, lines: [:])
    }

    /// `lines` gives the line of each field path (`sources[0].updates[1]`) for the messages.
    func resolved(baseDirectory: String?, date: JobDate?, requireFiles: Bool,
                  lines: [String: Int]) throws(ConfigurationFileError) -> JobFile {
        var job = self
        let resolver = PathResolver(file: file, lines: lines, baseDirectory: baseDirectory, date: date)

        if case let .file(path) = policy {
            let resolved = try resolver.path(path, field: "policy")
            if requireFiles { try resolver.requireFile(resolved, field: "policy") }
            job.policy = .file(resolved)
        }
        if case let .ixf(path, ixpID) = members {
            let resolved = try resolver.path(path, field: "members.ixf")
            if requireFiles { try resolver.requireFile(resolved, field: "members.ixf") }
            job.members = .ixf(path: resolved, ixpID: ixpID)
        }
        for (s, source) in sources.enumerated() {
            var ribs: [String] = []
            for (r, rib) in source.ribFiles.enumerated() {
                let field = "sources[\(s)].rib[\(r)]"
                let resolved = try resolver.path(rib, field: field)
                if requireFiles { try resolver.requireFile(resolved, field: field) }
                ribs.append(resolved)
            }
            var patterns: [String] = []
            var files = Set<String>()
            var unmatched: [String] = []
            for (u, pattern) in source.updatePatterns.enumerated() {
                let field = "sources[\(s)].updates[\(u)]"
                let resolved = try resolver.path(pattern, field: field)
                let matches = PathResolver.glob(resolved)
                if matches.isEmpty {
                    if requireFiles { throw .noMatch(resolver.location(field), pattern: resolved) }
                    unmatched.append(resolved)
                }
                patterns.append(resolved)
                files.formUnion(matches)
            }
            job.sources[s].ribFiles = ribs
            job.sources[s].updatePatterns = patterns
            job.sources[s].updateFiles = files.sorted()
            job.sources[s].unmatchedPatterns = unmatched
        }
        for key in OptionalInputs.keys {
            guard let path = inputs[key] else { continue }
            let resolved = try resolver.path(path, field: key)
            if requireFiles { try resolver.requireFile(resolved, field: key) }
            job.inputs[key] = resolved
        }
        // An output, not an input: it need not exist yet. A PostgreSQL URL is no path.
        if let history {
            let isURL = ["postgres://", "postgresql://"].contains { history.lowercased().hasPrefix($0) }
            job.history = isURL ? history : try resolver.path(history, field: "history")
        }
        return job
    }
}

/// Date placeholders, relative paths, globs and existence checks for one job.
struct PathResolver {
    let file: String?
    let lines: [String: Int]
    let baseDirectory: String?
    let date: JobDate?

    func location(_ field: String) -> ConfigurationFileError.Location {
        ConfigurationFileError.Location(file: file, line: lines[field], field: field)
    }

    /// `text` with its placeholders replaced and, when relative, put under the base directory.
    func path(_ text: String, field: String) throws(ConfigurationFileError) -> String {
        PathResolver.resolve(try substitute(text, field: field), against: baseDirectory)
    }

    /// Replaces `{date}`, `{yyyy}`, `{mm}`, `{dd}`. Any other `{word}` is an error (a typo
    /// would otherwise silently match nothing); braces around anything but a single word,
    /// like `{a,b}`, are left for the glob.
    func substitute(_ text: String, field: String) throws(ConfigurationFileError) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "}") else {
                out += rest[open...]
                rest = ""
                break
            }
            let name = rest[afterOpen..<close]
            if !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "_") }) {
                let key = name.lowercased()
                guard JobDate.placeholderNames.contains(key) else {
                    throw .unknownPlaceholder(location(field), placeholder: String(name))
                }
                guard let date else { throw .needsDate(location(field), placeholder: String(name)) }
                out += date.placeholders[key]!
            } else {
                out += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    func requireFile(_ path: String, field: String) throws(ConfigurationFileError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw .fileNotFound(location(field), path: path)
        }
    }

    /// `path` itself when absolute; under the home directory for `~/`; else under `base`.
    static func resolve(_ path: String, against base: String?) -> String {
        if path.hasPrefix("/") { return path }
        if path == "~" || path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] {
            return home + path.dropFirst()
        }
        guard let base, !base.isEmpty, base != "." else { return path }
        return base.hasSuffix("/") ? base + path : base + "/" + path
    }

    /// The regular files and links to files `pattern` matches (glob(3) with `{a,b}`
    /// alternatives), sorted; directories are left out.
    static func glob(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        #if canImport(Glibc)
        let status = Glibc.glob(pattern, GLOB_BRACE | GLOB_MARK, nil, &result)
        #else
        let status = Darwin.glob(pattern, GLOB_BRACE | GLOB_MARK, nil, &result)
        #endif
        guard status == 0 else { return [] }
        var paths: [String] = []
        for i in 0..<Int(result.gl_pathc) {
            guard let p = result.gl_pathv[i] else { continue }
            let path = String(cString: p)
            if !path.hasSuffix("/") { paths.append(path) }
        }
        return paths.sorted()
    }
}
