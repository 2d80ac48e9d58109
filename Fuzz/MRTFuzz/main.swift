import BGP
import MRT

/// libFuzzer entry point: the bytes are an MRT stream (compressed or not) fed through
/// decompression, framing and decoding, and rendered in both output formats. Any trap is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let input = try? MRTInput(bytes: bytes) else { return 0 }
    var summary = DecodeSummary()
    var text: [UInt8] = []
    let lines = BgpdumpLineWriter(includeLargeCommunities: true)
    let json = JSONLineWriter()
    decodeRecords(of: input, summary: &summary) { header, record in
        text.removeAll(keepingCapacity: true)
        lines.write(record, header: header, to: &text)
        json.write(record, header: header, to: &text)
    }
    precondition(summary.recordsRead == summary.recordsDecoded + summary.recordsMalformed + summary.recordsUnsupported)
    return 0
}
