import BGP

/// A growable scratch buffer for text rendered once and copied many times (the columns a
/// record's lines share). A class so a writer can keep one across records without copying.
public final class ByteArea: ByteSink {
    public private(set) var storage: UnsafeMutablePointer<UInt8>
    public private(set) var count = 0
    private var capacity: Int

    public init(capacity: Int = 4096) {
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
    }

    deinit { storage.deallocate() }

    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage, count: count) }
    public var isEmpty: Bool { count == 0 }
    public func reset() { count = 0 }

    @inline(__always) public func append(_ byte: UInt8) {
        if count == capacity { grow(count + 1) }
        storage[count] = byte
        count &+= 1
    }

    public func append(ascii text: StaticString) {
        text.withUTF8Buffer { append(raw: UnsafeRawBufferPointer($0)) }
    }

    public func append(raw bytes: UnsafeRawBufferPointer) {
        if count + bytes.count > capacity { grow(count + bytes.count) }
        if bytes.count > 0 { UnsafeMutableRawPointer(storage + count).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count) }
        count += bytes.count
    }

    private func grow(_ needed: Int) {
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: max(needed, capacity * 2))
        larger.update(from: storage, count: count)
        storage.deallocate()
        storage = larger
        capacity = max(needed, capacity * 2)
    }
}
