import BGP
#if canImport(Glibc)
import Glibc
#endif

/// A byte buffer that writes itself to a file descriptor in large blocks: the fast path for
/// printing millions of lines. A value passed `inout` (so access needs no runtime
/// exclusivity checks); whoever creates one calls `close()` at the end.
public struct OutputBuffer: ByteSink {
    @usableFromInline var storage: UnsafeMutablePointer<UInt8>
    @usableFromInline var count = 0
    @usableFromInline let capacity: Int
    @usableFromInline let descriptor: Int32
    /// Set when a write failed (a closed pipe, a full disk): further output is dropped.
    public private(set) var failed = false
    /// The errno of that failure.
    public private(set) var failure: Int32 = 0

    public init(descriptor: Int32 = 1, capacity: Int = 1 << 20) {
        self.descriptor = descriptor
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
    }

    @inlinable public mutating func append(_ byte: UInt8) {
        if count == capacity { flush() }
        storage[count] = byte
        count &+= 1
    }

    @inlinable public mutating func append(ascii text: StaticString) {
        text.withUTF8Buffer { append(raw: UnsafeRawBufferPointer($0)) }
    }

    @inlinable public mutating func append(raw bytes: UnsafeRawBufferPointer) {
        if count + bytes.count > capacity { flush() }
        if bytes.count > capacity { return write(bytes) }
        UnsafeMutableRawPointer(storage + count).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        count += bytes.count
    }

    public mutating func flush() {
        guard count > 0 else { return }
        write(UnsafeRawBufferPointer(start: storage, count: count))
        count = 0
    }

    /// Flushes and releases the buffer.
    public mutating func close() {
        flush()
        storage.deallocate()
        storage = .allocate(capacity: 1)
    }

    @usableFromInline mutating func write(_ bytes: UnsafeRawBufferPointer) {
        guard !failed, bytes.count > 0 else { return }
        failure = writeFully(descriptor, bytes)
        failed = failure != 0
    }
}
