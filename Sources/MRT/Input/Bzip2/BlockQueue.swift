#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One piece of a bzip2 file on its way from the splitter to the reader: a block's compressed
/// bits (and, once a worker has been at it, its decoded bytes), or the end of a stream.
final class Bzip2Piece {
    enum Kind {
        case block
        /// The last bits of a file that ends inside a stream: a block if the file was cut
        /// after it (before the end-of-stream marker), else part of one.
        case tail
        /// The end-of-stream marker; `crc` is the stream's stored combined CRC.
        case streamEnd
    }

    var kind = Kind.block
    let raw = MappedBuffer(capacity: 1 << 18)
    var firstBit = 0
    var bitCount = 0
    var level = 9
    var crc: UInt32 = 0
    /// Where the piece starts in the file (the byte holding its first bit).
    var startOffset: Int64 = 0
    /// Bytes of the file behind the piece once it is read.
    var endOffset: Int64 = 0
    let output = MappedBuffer(capacity: 1 << 20)
    /// libbz2's error code when the bits did not decode as one intact block.
    var failure: Int32?

    var bits: BlockBits {
        BlockBits(raw: raw.bytes, firstBit: firstBit, bitCount: bitCount, level: level, crc: crc)
    }
}

/// The bounded, ordered handoff between the splitter (one thread, in file order), the block
/// decoders (any order) and the reader (file order again): a fixed ring of pieces. A piece's
/// buffers belong to the splitter from `pieceToFill` to `publish`, to one decoder from
/// `nextToDecode` to `decoded`, then to the reader until `release`; all other state is behind
/// the one mutex. Memory is fixed by the ring's size.
final class BlockQueue: @unchecked Sendable {
    enum Finish {
        case ended
        case truncated(compressedOffset: Int64)
        case failed(InputError)
    }

    enum Next {
        case piece(Bzip2Piece)
        case finished(Finish)
    }

    private enum State { case free, ready, decoding, done }

    let pieces: [Bzip2Piece]
    private var states: [State]
    private var produced = 0
    private var consumed = 0
    private var toDecode = 0
    private var finish: Finish?
    private var cancelled = false
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init(count: Int) {
        pieces = (0..<count).map { _ in Bzip2Piece() }
        states = Array(repeating: .free, count: count)
        pthread_mutex_init(lock, nil)
        pthread_cond_init(changed, nil)
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(lock)
        changed.deallocate()
        lock.deallocate()
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return body()
    }

    private func wait() { pthread_cond_wait(changed, lock) }
    private func changedState() { pthread_cond_broadcast(changed) }

    // MARK: splitter

    /// The next piece to fill, once one is free; nil when the reader has gone.
    func pieceToFill() -> Bzip2Piece? {
        locked {
            while produced - consumed == pieces.count && !cancelled { wait() }
            return cancelled ? nil : pieces[produced % pieces.count]
        }
    }

    /// The piece from `pieceToFill` is filled: a block goes to the decoders, an end of
    /// stream straight to the reader.
    func publish() {
        locked {
            let index = produced % pieces.count
            states[index] = pieces[index].kind == .streamEnd ? .done : .ready
            produced += 1
            changedState()
        }
    }

    /// No piece follows.
    func finish(_ how: Finish) {
        locked {
            finish = how
            changedState()
        }
    }

    // MARK: decoders

    /// The oldest piece no decoder has taken; nil once there will be none.
    func nextToDecode() -> Bzip2Piece? {
        locked {
            while true {
                if cancelled { return nil }
                if let index = takeReady() { return pieces[index] }
                if finish != nil && toDecode == produced { return nil }
                wait()
            }
        }
    }

    /// The slot of the oldest piece waiting for a decoder, now marked taken; under the lock.
    private func takeReady() -> Int? {
        while toDecode < produced {
            let index = toDecode % pieces.count
            toDecode += 1
            if states[index] == .ready {
                states[index] = .decoding
                return index
            }
        }
        return nil
    }

    func decoded(_ piece: Bzip2Piece) {
        locked {
            if let index = pieces.firstIndex(where: { $0 === piece }) { states[index] = .done }
            changedState()
        }
    }

    // MARK: reader

    /// Piece number `sequence` (counted from the start of the file), once decoded; how the
    /// splitter stopped when it has no such piece. `sequence` must be below `released + count`.
    /// While it waits, the reader decodes pieces no decoder has taken yet (`help`, when a core
    /// is free for it): parsing takes a fraction of the time decoding does, so the reader
    /// would mostly wait otherwise, and so it counts as one of the decoders (see
    /// `ParallelBzip2.decoderThreads`).
    func piece(_ sequence: Int, help: ((Bzip2Piece) -> Void)?) -> Next {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        while true {
            if sequence < produced {
                let index = sequence % pieces.count
                if states[index] == .done { return .piece(pieces[index]) }
            } else if let finish {
                return .finished(finish)
            }
            if let help, let index = takeReady() {
                pthread_mutex_unlock(lock)
                help(pieces[index])
                pthread_mutex_lock(lock)
                states[index] = .done
                changedState()
                continue
            }
            wait()
        }
    }

    /// The reader is done with every piece before `sequence`.
    func release(before sequence: Int) {
        locked {
            while consumed < sequence {
                states[consumed % pieces.count] = .free
                consumed += 1
            }
            changedState()
        }
    }

    /// The reader stops early: the splitter and the decoders stop at their next call.
    func cancel() {
        locked {
            cancelled = true
            changedState()
        }
    }
}
