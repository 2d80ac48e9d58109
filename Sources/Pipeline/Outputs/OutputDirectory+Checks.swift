import Foundation

extension OutputDirectory {
    /// The absolute path to replace: `path` made absolute, or the target of a symbolic link
    /// (followed to its end; a link to nothing yet names the directory to create).
    static func target(of path: String) throws(OutputError) -> String {
        guard !path.isEmpty else { throw .refused(path: "\"\"", reason: "the path is empty; give the directory to write") }
        var current = absolute(path)
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return current }
            guard let link = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else {
                throw .refused(path: path, reason: "cannot read the symbolic link \(current)")
            }
            current = link.hasPrefix("/") ? standardized(link) : standardized((current as NSString).deletingLastPathComponent + "/" + link)
        }
        throw .refused(path: path, reason: "too many levels of symbolic links")
    }

    static func absolute(_ path: String) -> String {
        standardized(path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path)
    }

    /// `.` and `..` taken out lexically, no trailing slash.
    static func standardized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." || part.isEmpty { continue }
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The real path of an existing file or directory (links resolved), else the absolute one.
    static func real(_ path: String) -> String {
        guard let resolved = realpath(absolute(path), nil) else { return absolute(path) }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func refuseSpecialPlaces(_ target: String, shown: String, inputs: [String]) throws(OutputError) {
        let resolved = real(target)
        if resolved == "/" { throw .refused(path: shown, reason: "is the root directory") }
        if resolved == real(FileManager.default.currentDirectoryPath) {
            throw .refused(path: shown, reason: "is the working directory; give a directory of its own, e.g. reports/2026-11-21")
        }
        if let home = ProcessInfo.processInfo.environment["HOME"], resolved == real(home) {
            throw .refused(path: shown, reason: "is the home directory")
        }
        for input in inputs {
            let file = real(input)
            if file == resolved || file.hasPrefix(resolved + "/") {
                throw .refused(path: shown, reason: "holds an input of this run (\(input)); ixaudit replaces --out as a whole, "
                    + "so give a directory of its own")
            }
        }
    }

    static func createParent(of target: String, shown: String) throws(OutputError) {
        let parent = (target as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: parent, reason: OutputError.reason(error))
        }
    }

    /// Absent, empty, or an earlier output of the same kind; anything else is refused.
    static func checkOwned(_ target: String, shown: String, kind: OutputRequest.Kind) throws(OutputError) {
        var info = stat()
        guard stat(target, &info) == 0 else {
            if errno == ENOENT { return }
            throw .refused(path: shown, reason: "cannot look at it: \(OutputError.errnoText())")
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw .refused(path: shown, reason: "is a file, not a directory; ixaudit will not replace it (give a directory path)")
        }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: target) else {
            throw .refused(path: shown, reason: "cannot list the directory: \(OutputError.errnoText())")
        }
        if entries.isEmpty { return }
        guard let marker = FileManager.default.contents(atPath: target + "/" + markerName) else {
            throw .refused(path: shown, reason: "is a directory that does not hold an ixaudit output (no \(markerName)); "
                + "ixaudit replaces --out as a whole, so give a new or empty directory, or remove this one yourself")
        }
        let written = String(decoding: marker, as: UTF8.self).split(separator: "\n").dropFirst().first.map(String.init)
        if let written, written != kind.rawValue {
            throw .refused(path: shown, reason: "holds an ixaudit \(written) output, not a \(kind.rawValue) output; give another directory")
        }
    }

    /// An exclusive flock(2) on the lock file; waits for it with `wait`, else refuses.
    static func lock(_ path: String, shown: String, wait: Bool) throws(OutputError) -> Int32 {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .cannotWrite(path: path, reason: OutputError.errnoText()) }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK else {
                close(descriptor)
                throw .cannotWrite(path: path, reason: OutputError.errnoText())
            }
            guard wait else {
                let holder = (try? String(contentsOfFile: path, encoding: .utf8)).map { "pid \($0.trimmingCharacters(in: .whitespacesAndNewlines))" }
                close(descriptor)
                throw .busy(path: shown, holder: holder ?? "unknown pid")
            }
            var status: Int32
            repeat { status = flock(descriptor, LOCK_EX) } while status != 0 && errno == EINTR
        }
        _ = ftruncate(descriptor, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        return descriptor
    }
}
