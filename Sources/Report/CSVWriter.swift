import BGP
import Foundation
import MRT

/// Writes a CSV table per RFC 4180 as it goes: a header row, CRLF line ends, a field quoted
/// when it holds a comma, a quote or a line break (quotes doubled). Text that a spreadsheet
/// would run as a formula (starting with = + - @, tab or CR) is neutralised with a leading
/// apostrophe — member names and communities come from outside. Numbers are written as they
/// are. Fields are checked byte by byte, so tables of millions of routes stream out quickly.
///
/// To a file, the table is written to a temporary name and renamed by `finish()`: a failed
/// run leaves no half-written file; with gzip it goes through zlib on its way (the project's
/// `OutputCompressor`). In memory, `bytes` holds the table.
public struct CSVWriter {
    private var buffer: [UInt8] = []
    private var field: [UInt8] = []
    private var fieldsInRow = 0
    private let columns: Int
    private let path: String?
    private let temporaryPath: String?
    private var handle: FileHandle?
    private var compressor: OutputCompressor?
    /// Set for a compressed table: its bytes are compressed and written on a thread of its own.
    private var background: BackgroundCompression?
    /// Why writing failed (a full disk), reported by `finish()`.
    private var failed: String?

    /// A table kept in memory (`bytes`).
    public init(header: [String]) {
        columns = header.count
        path = nil
        temporaryPath = nil
        writeHeader(header)
    }

    /// A table written to `path` when `finish()` is called; with `.gzip` compressed as it goes.
    public init(path: String, header: [String], compression: Compression = .none) throws {
        columns = header.count
        self.path = path
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        temporaryPath = temporary
        guard FileManager.default.createFile(atPath: temporary, contents: nil) else {
            throw CSVError.cannotWrite(path: path, reason: "cannot create \(temporary)")
        }
        handle = FileHandle(forWritingAtPath: temporary)
        if compression != .none {
            do {
                // igzip's level 1 (`fast`): on a large IXP's announcements (610 MB of CSV) it
                // writes 80 MB in a sixth of the time zlib's fastest level takes for 86 MB.
                compressor = try OutputCompressor(compression, level: 1, fast: true)
            } catch {
                throw CSVError.cannotWrite(path: path, reason: "cannot start \(compression): \(error.detail)")
            }
        }
        if let compressor, let handle { background = BackgroundCompression(compressor, descriptor: handle.fileDescriptor) }
        writeHeader(header)
    }

    private mutating func writeHeader(_ header: [String]) {
        guard !header.isEmpty else { return }
        for name in header { text(name) }
        endRow()
    }

    /// The fields written since the (empty) header, comma-separated, for an in-memory writer
    /// made with `header: []` to pre-render a group of fields for `escapedField(_:fields:)`.
    public var fieldsWithoutRowEnd: [UInt8] { Array(buffer.drop { $0 == 13 || $0 == 10 }) }

    /// The table so far (all of it for an in-memory table).
    public var bytes: [UInt8] { buffer }
    public var string: String { String(decoding: buffer, as: UTF8.self) }

    public mutating func text(_ value: String) {
        var copy = value
        copy.withUTF8 { appendField(UnsafeRawBufferPointer($0)) }
    }

    public mutating func text(_ value: String?) {
        if let value { text(value) } else { empty() }
    }

    public mutating func number<T: BinaryInteger>(_ value: T) {
        separator()
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        if let small = UInt32(exactly: value.magnitude) {
            buffer.appendDecimal(small)
        } else {
            buffer.append(contentsOf: String(value.magnitude).utf8)
        }
    }

    public mutating func number<T: BinaryInteger>(_ value: T?) {
        if let value { number(value) } else { empty() }
    }

    public mutating func empty() { separator() }

    /// A Unix time as RFC 3339 UTC.
    public mutating func time(_ seconds: UInt32) {
        separator()
        appendRFC3339(seconds, to: &buffer)
    }

    public mutating func time(_ seconds: UInt32?) {
        if let seconds { time(seconds) } else { empty() }
    }

    /// A field rendered straight into bytes (an address, an AS path, a community list).
    public mutating func rendered(_ body: (inout [UInt8]) -> Void) {
        field.removeAll(keepingCapacity: true)
        body(&field)
        let bytes = field
        bytes.withUnsafeBytes { appendField($0) }
    }

    /// Bytes already escaped by `escaped(_:)`: one field, or `fields` of them already
    /// joined by commas.
    public mutating func escapedField(_ bytes: [UInt8], fields: Int = 1) {
        separator()
        fieldsInRow += fields - 1
        buffer.append(contentsOf: bytes)
    }

    public mutating func endRow() {
        precondition(fieldsInRow == columns, "a CSV row needs \(columns) fields, got \(fieldsInRow)")
        buffer.append(13)
        buffer.append(10)
        fieldsInRow = 0
        if handle != nil && buffer.count > 1 << 20 { flush() }
    }

    /// Writes the rest and moves the file into place.
    public mutating func finish() throws {
        guard let path, let temporaryPath, let handle else { return }
        flush(finish: true)
        try handle.close()
        self.handle = nil
        if let failed {
            unlink(temporaryPath)
            throw CSVError.cannotWrite(path: path, reason: failed)
        }
        guard rename(temporaryPath, path) == 0 else {
            throw CSVError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
    }

    private mutating func flush(finish: Bool = false) {
        if let background {
            if finish {
                if let problem = background.finish(buffer) { failed = failed ?? problem }
                self.background = nil
            } else {
                background.submit(buffer)
            }
            buffer = []
            buffer.reserveCapacity(1 << 20 + 1 << 16)
            return
        }
        if let compressor, failed == nil {
            do {
                buffer = try compressor.compress(buffer, finish: finish)
            } catch {
                failed = "compression failed: \(error.detail)"
                buffer.removeAll()
            }
        }
        if let handle, failed == nil, let problem = CSVWriter.writeAll(buffer, to: handle.fileDescriptor) { failed = problem }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes all of `bytes` to `descriptor`; the reason when it cannot.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> String? {
        bytes.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if n <= 0 {
                    if n < 0 && errno == EINTR { continue }
                    return n == 0 ? "nothing written" : String(cString: strerror(errno))
                }
                offset += n
            }
            return nil
        }
    }

    private mutating func separator() {
        if fieldsInRow > 0 { buffer.append(UInt8(ascii: ",")) }
        fieldsInRow += 1
    }

    private mutating func appendField(_ bytes: UnsafeRawBufferPointer) {
        separator()
        CSVWriter.appendEscaped(bytes, to: &buffer)
    }

    /// A field's bytes as they go into the file (neutralised and quoted as needed), for
    /// callers that write the same field many times.
    public static func escaped(_ body: (inout [UInt8]) -> Void) -> [UInt8] {
        var raw: [UInt8] = []
        body(&raw)
        var out: [UInt8] = []
        raw.withUnsafeBytes { appendEscaped($0, to: &out) }
        return out
    }

    static func appendEscaped(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        // NUL and the other C0 controls but tab, CR and LF break CSV readers: U+FFFD instead.
        if bytes.contains(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) {
            var cleaned: [UInt8] = []
            for byte in bytes {
                if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D { cleaned += [0xEF, 0xBF, 0xBD] } else { cleaned.append(byte) }
            }
            return cleaned.withUnsafeBytes { appendEscaped($0, to: &out) }
        }
        let formula = bytes.first.map { [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D].contains($0) } ?? false
        let quote = bytes.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        if quote { out.append(0x22) }
        if formula { out.append(UInt8(ascii: "'")) }
        if quote {
            for byte in bytes {
                out.append(byte)
                if byte == 0x22 { out.append(0x22) }
            }
            out.append(0x22)
        } else {
            out.append(contentsOf: bytes)
        }
    }
}

public enum CSVError: Error, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotWrite(path, reason): return "cannot write \(path): \(reason); check the --out directory"
        }
    }
}
