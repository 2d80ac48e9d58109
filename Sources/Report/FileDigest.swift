import CCrypto
import Foundation

/// SHA-256 of a file, for run.json (which inputs a report was made from), computed by the
/// system's OpenSSL libcrypto (the libssl-dev package), streaming in 1 MiB blocks.
public enum FileDigest {
    public static func sha256(path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CSVError.cannotWrite(path: path, reason: "cannot read it") }
        defer { try? handle.close() }
        guard let context = EVP_MD_CTX_new() else { throw CSVError.cannotWrite(path: path, reason: "no digest context") }
        defer { EVP_MD_CTX_free(context) }
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
        while true {
            let block = handle.readData(ofLength: 1 << 20)
            if block.isEmpty { break }
            block.withUnsafeBytes { _ = EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
        }
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        let hex = Array("0123456789abcdef")
        return String(digest.prefix(Int(length)).flatMap { [hex[Int($0 >> 4)], hex[Int($0 & 15)]] })
    }
}
