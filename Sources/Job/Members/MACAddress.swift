/// An IEEE 802 MAC-48 address: how sampled flows name the member that sent or received a
/// frame (the IX-F export lists each member interface's MACs).
public struct MACAddress: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 48 bits in the low bits of the value.
    public var rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue & 0xFFFF_FFFF_FFFF }

    /// Parses the IX-F form `xx:xx:xx:xx:xx:xx` and the other two common spellings,
    /// `xx-xx-xx-xx-xx-xx` and Cisco's `xxxx.xxxx.xxxx`; hex digits in either case.
    public init?(_ text: String) {
        let groups: [Substring]
        if text.contains(":") {
            groups = text.split(separator: ":", omittingEmptySubsequences: false)
        } else if text.contains("-") {
            groups = text.split(separator: "-", omittingEmptySubsequences: false)
        } else {
            groups = text.split(separator: ".", omittingEmptySubsequences: false)
        }
        let width = groups.count == 6 ? 2 : (groups.count == 3 ? 4 : 0)
        guard width > 0 else { return nil }
        var value: UInt64 = 0
        for group in groups {
            guard group.count == width, group.allSatisfy(\.isHexDigit), let part = UInt64(group, radix: 16) else { return nil }
            value = value << (4 * UInt64(width)) | part
        }
        self.init(rawValue: value)
    }

    /// Lowercase `xx:xx:xx:xx:xx:xx`, the IX-F form.
    public var description: String {
        (0..<6).map { i in
            let byte = UInt8(truncatingIfNeeded: rawValue >> (40 - 8 * UInt64(i)))
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined(separator: ":")
    }

    public static func < (a: MACAddress, b: MACAddress) -> Bool { a.rawValue < b.rawValue }
}
