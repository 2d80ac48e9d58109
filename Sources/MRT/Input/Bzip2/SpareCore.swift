#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether the machine has a core no runnable thread is waiting for, right now. Two bzip2
/// decoders on one core (or on a machine whose cores are all taken by other work) take turns
/// and evict each other's 3.6 MB block from the caches at every switch: measured on 2 busy
/// cores, the same file took 1.7 times the CPU time and longer than one decoder alone. So
/// the reader decodes blocks beside the decoder thread only when a core is free for it.
enum SpareCore {
    static let cores = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))

    /// Linux: the runnable threads of the whole system (the fourth field of /proc/loadavg,
    /// "running/total"; the caller is one of them) fit on the cores. Elsewhere: always.
    static func available() -> Bool {
        let fd = open("/proc/loadavg", O_RDONLY)
        guard fd >= 0 else { return true }
        defer { close(fd) }
        var text = [UInt8](repeating: 0, count: 128)
        let n = text.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return true }
        // "0.52 0.58 0.59 3/812 12345": the number after the third space.
        var spaces = 0, running = 0, index = 0
        while index < n && spaces < 3 {
            if text[index] == 0x20 { spaces += 1 }
            index += 1
        }
        while index < n, (0x30...0x39).contains(text[index]) {
            running = running * 10 + Int(text[index] - 0x30)
            index += 1
        }
        return running > 0 && running <= cores
    }
}
