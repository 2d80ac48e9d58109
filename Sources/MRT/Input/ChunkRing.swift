#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bounded handoff between the thread that decompresses an input and the thread that
/// parses it: a fixed ring of chunks, filled in order by the one and emptied in order by the
/// other. All shared state lives here, behind one mutex; a chunk's bytes belong to the
/// producer from `chunkToFill` to `publish` and to the consumer from `oldest` to `release`,
/// so they are touched without the lock. Memory is fixed: `count` chunks of `size` bytes.
final class ChunkRing: @unchecked Sendable {
    /// A filled chunk: its bytes, and how far into the file the decompressor had read when it
    /// was full (for progress and for offsets).
    struct Chunk {
        let bytes: UnsafeRawBufferPointer
        let compressedOffset: Int64
    }

    /// How the producer stopped: at the end of the data, or at damage after the last chunk.
    enum Finish {
        case ended
        case failed(InputError)
    }

    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let filled = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let emptied = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let storage: UnsafeMutableRawBufferPointer
    private let size: Int
    private let slots: Int
    private let isMapped: Bool
    private var lengths: [Int]
    private var offsets: [Int64]
    private var first = 0
    private var full = 0
    private var finish: Finish?
    private var cancelled = false

    init(count: Int, size: Int) {
        slots = count
        self.size = size
        // Mapped, not malloc'd: a night opens hundreds of compressed files one after another,
        // and megabyte blocks freed back to malloc raise its mmap threshold, so the later ones
        // would come from the heap and stay in the process's resident memory after their file.
        // The mapping a finished file left is taken again (`SpareMapping`): each new one costs
        // a page fault per 4 kB the next file fills.
        if let spare = SpareMapping.take(byteCount: count * size) {
            storage = spare
            isMapped = true
        } else if let mapped = mmap(nil, count * size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
                  mapped != MAP_FAILED {
            storage = UnsafeMutableRawBufferPointer(start: mapped, count: count * size)
            isMapped = true
        } else {
            storage = .allocate(byteCount: count * size, alignment: 64)
            isMapped = false
        }
        lengths = Array(repeating: 0, count: count)
        offsets = Array(repeating: 0, count: count)
        pthread_mutex_init(lock, nil)
        pthread_cond_init(filled, nil)
        pthread_cond_init(emptied, nil)
    }

    deinit {
        pthread_cond_destroy(emptied)
        pthread_cond_destroy(filled)
        pthread_mutex_destroy(lock)
        emptied.deallocate()
        filled.deallocate()
        lock.deallocate()
        if isMapped {
            if !SpareMapping.keep(storage) { munmap(storage.baseAddress, storage.count) }
        } else {
            storage.deallocate()
        }
    }

    private func slot(_ index: Int) -> UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(rebasing: storage[(index * size)..<((index + 1) * size)])
    }

    // MARK: producer side

    /// The next chunk to fill, once one is free; nil when the consumer has gone.
    func chunkToFill() -> UnsafeMutableRawBufferPointer? {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        while full == slots && !cancelled { pthread_cond_wait(emptied, lock) }
        return cancelled ? nil : slot((first + full) % slots)
    }

    /// The chunk from `chunkToFill` now holds `count` bytes.
    func publish(count: Int, compressedOffset: Int64) {
        pthread_mutex_lock(lock)
        let index = (first + full) % slots
        lengths[index] = count
        offsets[index] = compressedOffset
        full += 1
        pthread_cond_signal(filled)
        pthread_mutex_unlock(lock)
    }

    /// No chunk follows.
    func finish(_ how: Finish) {
        pthread_mutex_lock(lock)
        finish = how
        pthread_cond_signal(filled)
        pthread_mutex_unlock(lock)
    }

    // MARK: consumer side

    /// The oldest filled chunk, waiting for one; how the producer stopped when none is left.
    func oldest() -> Result<Chunk, InputError>? {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        while full == 0 && finish == nil { pthread_cond_wait(filled, lock) }
        if full > 0 {
            return .success(Chunk(bytes: UnsafeRawBufferPointer(rebasing: slot(first)[0..<lengths[first]]),
                                  compressedOffset: offsets[first]))
        }
        if case let .failed(error) = finish { return .failure(error) }
        return nil
    }

    /// The consumer is done with the chunk `oldest` returned: the producer may fill it again.
    func release() {
        pthread_mutex_lock(lock)
        first = (first + 1) % slots
        full -= 1
        pthread_cond_signal(emptied)
        pthread_mutex_unlock(lock)
    }

    /// The consumer stops early: the producer's next `chunkToFill` returns nil.
    func cancel() {
        pthread_mutex_lock(lock)
        cancelled = true
        pthread_cond_signal(emptied)
        pthread_mutex_unlock(lock)
    }
}

/// One mapping of a ring whose file is done, kept for the next ring of the same size: the
/// files of a night follow each other, and the pages a file touched are then touched again
/// instead of being unmapped and faulted in anew (3% of a large night's reconstruction).
/// Only one is kept, and only its first megabyte stays in memory: what an update file of a
/// five-minute interval fills; the rest is given back as unmapping would.
private enum SpareMapping {
    private static let residentBytes = 1 << 20

    nonisolated(unsafe) private static var spare: UnsafeMutableRawBufferPointer?
    nonisolated(unsafe) private static let lock: UnsafeMutablePointer<pthread_mutex_t> = {
        let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
        return lock
    }()

    static func take(byteCount: Int) -> UnsafeMutableRawBufferPointer? {
        withLock {
            guard let kept = spare, kept.count == byteCount else { return nil }
            spare = nil
            return kept
        }
    }

    /// Keeps `mapping` unless one is kept already; false when the caller must unmap it.
    static func keep(_ mapping: UnsafeMutableRawBufferPointer) -> Bool {
        withLock {
            guard spare == nil else { return false }
            if mapping.count > residentBytes {
                madvise(mapping.baseAddress! + residentBytes, mapping.count - residentBytes, MADV_DONTNEED)
            }
            spare = mapping
            return true
        }
    }

    private static func withLock<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return body()
    }
}
