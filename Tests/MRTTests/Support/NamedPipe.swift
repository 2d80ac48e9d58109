import Foundation

/// A named pipe in the temporary directory whose bytes a thread writes piece by piece, as a
/// collector's download or a decompressing process would feed a reader.
struct NamedPipe {
    let path: String

    /// Makes the pipe; `feed` then starts writing `bytes` once a reader opens it.
    init(name: String) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("ixaudit-\(name)-\(getpid())").path
        unlink(path)
        guard mkfifo(path, 0o600) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    /// Writes `bytes` on a thread of its own, `piece(n)` bytes at the n-th write, pausing
    /// `pause` microseconds after each, then closes the pipe.
    func feed(_ bytes: [UInt8], piece: @escaping @Sendable (Int) -> Int, pause: UInt32 = 0) {
        let path = path
        Thread {
            let fd = open(path, O_WRONLY)
            var offset = 0, writes = 0
            while offset < bytes.count {
                let end = min(bytes.count, offset + max(1, piece(writes)))
                let n = bytes[offset..<end].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                offset += n
                writes += 1
                if pause > 0 { usleep(pause) }
            }
            close(fd)
        }.start()
    }

    func remove() { unlink(path) }
}
