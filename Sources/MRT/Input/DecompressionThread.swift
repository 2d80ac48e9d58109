#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decompresses an input on a thread of its own while the caller parses: inflate (or bzip2)
/// and record decoding take about as long each, so on two cores a file is read in about the
/// time of the decompression alone. The decoder (and with it the file and its `ByteTap`,
/// which still sees every byte in order) belongs to the thread from `init` on; the chunks come
/// back through a `ChunkRing`. The thread is joined when this object goes, also when the
/// caller stops before the end (a reader of `dump` that went away).
final class DecompressionThread {
    private let ring: ChunkRing
    private var thread: pthread_t?
    private var chunk: ChunkRing.Chunk?
    private var position = 0
    /// Compressed bytes behind the chunks handed out so far.
    private(set) var compressedOffset: Int64

    /// Sixteen chunks of 256 kB (4 MB, mapped as they fill): enough for either side to run on
    /// while the other waits a scheduler's time slice for a core, which on two cores shared by
    /// three threads (inflating, decoding, applying) is often; a large night was 6% slower with
    /// four. Still small enough to open a few dozen inputs at once.
    static let chunkCount = 16
    static let chunkSize = 1 << 18

    /// Takes `decoder` over; nil when no thread could be started (the caller decodes inline).
    init?(taking decoder: StreamDecoder) {
        ring = ChunkRing(count: Self.chunkCount, size: Self.chunkSize)
        compressedOffset = decoder.compressedOffset
        let job = Unmanaged.passRetained(Producer(decoder: decoder, ring: ring)).toOpaque()
        var id = pthread_t()
        guard pthread_create(&id, nil, { context in
            Unmanaged<Producer>.fromOpaque(context!).takeRetainedValue().run()
            return nil
        }, job) == 0 else {
            Unmanaged<Producer>.fromOpaque(job).release()
            return nil
        }
        thread = id
    }

    deinit {
        ring.cancel()
        if let thread { pthread_join(thread, nil) }
    }

    /// Copies the next decompressed bytes into `buffer`, waiting only when none are ready;
    /// 0 at the end of the data. Throws the decoder's error once the bytes before it are out.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        guard buffer.count > 0 else { return 0 }
        if chunk == nil {
            switch ring.oldest() {
            case nil: return 0
            case let .failure(error)?: throw error
            case let .success(next)?:
                chunk = next
                position = 0
            }
        }
        guard let current = chunk else { return 0 }
        let n = min(buffer.count, current.bytes.count - position)
        buffer.baseAddress!.copyMemory(from: current.bytes.baseAddress! + position, byteCount: n)
        position += n
        if position == current.bytes.count {
            compressedOffset = current.compressedOffset
            chunk = nil
            ring.release()
        }
        return n
    }
}

/// What runs on the decompression thread: fill a chunk, hand it over, until the end, damage,
/// or the consumer leaving.
private final class Producer {
    let decoder: StreamDecoder
    let ring: ChunkRing

    init(decoder: StreamDecoder, ring: ChunkRing) {
        self.decoder = decoder
        self.ring = ring
    }

    func run() {
        while let chunk = ring.chunkToFill() {
            do {
                let n = try decoder.read(into: chunk)
                if n == 0 { return ring.finish(.ended) }
                ring.publish(count: n, compressedOffset: decoder.compressedOffset)
            } catch {
                return ring.finish(.failed(error))
            }
        }
    }
}
