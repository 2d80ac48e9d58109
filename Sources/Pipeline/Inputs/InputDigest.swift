import CCrypto
import MRT

/// SHA-256 and size of the bytes of one input as they are read for the analysis (system
/// libcrypto, the libssl-dev package): what run.json records is what was analysed, also for
/// pipes and for files that change during the run.
public final class InputDigest: ByteTap {
    private let context: OpaquePointer?
    private var finished: String?
    public private(set) var bytes: Int64 = 0

    public init() {
        context = EVP_MD_CTX_new()
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
    }

    deinit { EVP_MD_CTX_free(context) }

    public func consume(_ block: UnsafeRawBufferPointer) {
        guard finished == nil, block.count > 0 else { return }
        EVP_DigestUpdate(context, block.baseAddress, block.count)
        bytes += Int64(block.count)
    }

    /// The digest in lowercase hex; the input must be read to its end first.
    public var hex: String {
        if let finished { return finished }
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        let digits = Array("0123456789abcdef")
        let text = String(digest.prefix(Int(length)).flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
        finished = text
        return text
    }
}
