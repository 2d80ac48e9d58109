import CBzip2

/// The compressed bits of one bzip2 block as found in the file: from its block magic up to the
/// next marker. `raw` holds the bytes those bits touch; the block starts `firstBit` bits into
/// the first of them.
struct BlockBits {
    let raw: UnsafeRawBufferPointer
    let firstBit: Int
    let bitCount: Int
    /// The stream header's block size digit, 1-9 (hundreds of kB).
    let level: Int
    /// The CRC stored after the block magic.
    let crc: UInt32
}

/// Decodes single bzip2 blocks: first with the project's own decoder (`NativeBlockDecoder`,
/// which takes about 0.8 of libbz2's CPU time), and any block that one refuses with libbz2, so
/// whether a block is damaged is always libbz2's verdict. libbz2 reads whole streams only, so
/// each block is re-wrapped as a stream of its own: the header "BZh" and the level, the block's
/// bits shifted to follow it, then the end-of-stream magic and the stream's combined CRC, which
/// for one block is the block's own CRC (the combined CRC starts at 0 and is rotated left by
/// one and XORed with each block's CRC). libbz2 then checks the block against its CRC. One per
/// thread.
final class BlockDecoder {
    private let native = NativeBlockDecoder()
    private let wrapped = MappedBuffer(capacity: 1 << 20)
    private let stream = UnsafeMutablePointer<bz_stream>.allocate(capacity: 1)
    private let memory = Bzip2Memory()

    deinit { stream.deallocate() }

    /// Decodes `block` into `output` (replacing what it held); returns libbz2's error code
    /// when the bits are not exactly one intact block.
    func decode(_ block: BlockBits, into output: MappedBuffer) -> Int32? {
        if native.decode(block, into: output) { return nil }
        return decodeWithLibbz2(block, into: output)
    }

    /// libbz2's decoding of `block` alone.
    func decodeWithLibbz2(_ block: BlockBits, into output: MappedBuffer) -> Int32? {
        wrap(block)
        output.count = 0
        stream.initialize(to: bz_stream())
        memory.install(in: stream)
        guard BZ2_bzDecompressInit(stream, 0, 0) == BZ_OK else { return BZ_MEM_ERROR }
        defer { BZ2_bzDecompressEnd(stream) }
        output.reserve(block.level * 100_000 * 2)
        stream.pointee.next_in = wrapped.base.assumingMemoryBound(to: CChar.self)
        stream.pointee.avail_in = UInt32(wrapped.count)
        while true {
            // A block of n bytes can grow when its runs are expanded (run-length stage 1);
            // the output grows with it.
            if output.count == output.capacity { output.reserve(output.capacity * 2) }
            stream.pointee.next_out = (output.base + output.count).assumingMemoryBound(to: CChar.self)
            stream.pointee.avail_out = UInt32(output.capacity - output.count)
            let status = BZ2_bzDecompress(stream)
            output.count = output.capacity - Int(stream.pointee.avail_out)
            switch status {
            case BZ_STREAM_END:
                return stream.pointee.avail_in == 0 ? nil : BZ_DATA_ERROR
            case BZ_OK:
                if stream.pointee.avail_in == 0 && stream.pointee.avail_out > 0 { return BZ_UNEXPECTED_EOF }
            default:
                return status
            }
        }
    }

    private func wrap(_ block: BlockBits) {
        let bodyBytes = (block.bitCount + 7) / 8
        wrapped.count = 0
        wrapped.reserve(4 + bodyBytes + 11)
        let out = wrapped.base.assumingMemoryBound(to: UInt8.self)
        out[0] = 0x42; out[1] = 0x5A; out[2] = 0x68; out[3] = 0x30 + UInt8(block.level)
        let raw = block.raw
        let shift = block.firstBit
        if shift == 0 {
            (wrapped.base + 4).copyMemory(from: raw.baseAddress!, byteCount: bodyBytes)
        } else {
            for i in 0..<bodyBytes {
                let next = i + 1 < raw.count ? raw[i + 1] : 0
                out[4 + i] = raw[i] << shift | next >> (8 - shift)
            }
        }
        var bit = 32 + block.bitCount
        let tail = block.bitCount & 7
        if tail != 0 { out[4 + bodyBytes - 1] &= ~(0xFF >> tail) }
        for i in 4 + bodyBytes..<(4 + bodyBytes + 11) { out[i] = 0 }
        func put(_ value: UInt64, _ count: Int) {
            for i in stride(from: count - 1, through: 0, by: -1) {
                if (value >> UInt64(i)) & 1 == 1 { out[bit >> 3] |= 0x80 >> UInt8(bit & 7) }
                bit += 1
            }
        }
        put(Bzip2Magic.streamEndBits, 48)
        put(UInt64(block.crc), 32)
        wrapped.count = (bit + 7) / 8
    }
}

/// libbz2's working memory for one decoder (its state and the block's 4 bytes per symbol, 3.6
/// MB at level 9), kept from block to block: mapped once, not malloc'd and freed per block,
/// which would also raise malloc's mmap threshold for the whole process (see `ChunkRing`).
private final class Bzip2Memory {
    private var buffers: [(buffer: MappedBuffer, inUse: Bool)] = []

    func install(in stream: UnsafeMutablePointer<bz_stream>) {
        stream.pointee.opaque = Unmanaged.passUnretained(self).toOpaque()
        stream.pointee.bzalloc = { opaque, items, size in
            Unmanaged<Bzip2Memory>.fromOpaque(opaque!).takeUnretainedValue().take(Int(items) * Int(size))
        }
        stream.pointee.bzfree = { opaque, pointer in
            Unmanaged<Bzip2Memory>.fromOpaque(opaque!).takeUnretainedValue().give(pointer)
        }
    }

    private func take(_ size: Int) -> UnsafeMutableRawPointer? {
        if let index = buffers.firstIndex(where: { !$0.inUse && $0.buffer.capacity >= size }) {
            buffers[index].inUse = true
            return buffers[index].buffer.base
        }
        let buffer = MappedBuffer(capacity: size)
        buffers.append((buffer, true))
        return buffer.base
    }

    private func give(_ pointer: UnsafeMutableRawPointer?) {
        if let index = buffers.firstIndex(where: { $0.buffer.base == pointer }) { buffers[index].inUse = false }
    }
}
