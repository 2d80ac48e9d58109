#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable byte buffer whose memory comes from mmap, not malloc: a night opens hundreds of
/// compressed files one after another, and megabyte blocks freed back to malloc raise its mmap
/// threshold, so later ones would stay in the process's resident memory (see `ChunkRing`).
/// Pages are touched only as far as the buffer is used.
final class MappedBuffer {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var capacity: Int
    /// Bytes in use, from `base`.
    var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 4096)
        base = Self.map(self.capacity)
    }

    deinit { munmap(base, capacity) }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Grows to at least `needed` bytes, keeping the `count` bytes in use.
    func reserve(_ needed: Int) {
        guard needed > capacity else { return }
        var grown = capacity
        while grown < needed { grown *= 2 }
        let moved = Self.map(grown)
        moved.copyMemory(from: base, byteCount: count)
        munmap(base, capacity)
        base = moved
        capacity = grown
    }

    private static func map(_ size: Int) -> UnsafeMutableRawPointer {
        guard let mapped = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              mapped != MAP_FAILED else {
            fatalError("out of memory: mmap of \(size) bytes failed")
        }
        return mapped
    }
}
