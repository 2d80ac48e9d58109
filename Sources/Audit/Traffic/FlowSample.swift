import BGP

/// One sampled frame of the peering LAN, as a flow file gives it: who sent it to whom (MACs,
/// then IP addresses), how big the sample is as seen, and the sampling rate that scales it.
/// A plain value with no references: millions of them pass through the classifier.
public struct FlowSample: Hashable, Sendable {
    /// Seconds since 1970; 0 when the format carries no time (`sflowtool -l` lines).
    public var time: UInt32
    /// The 48 bits of each MAC address.
    public var sourceMAC: UInt64
    public var destinationMAC: UInt64
    public var source: IPAddress
    public var destination: IPAddress
    /// Bytes and packets of the sample itself, before scaling.
    public var bytes: UInt64
    public var packets: UInt64
    /// N of a 1:N sampling (at least 1).
    public var samplingRate: UInt32
    /// The IP protocol number (6 TCP, 17 UDP) and the transport ports, when the flows carry
    /// them (`sflowtool -l` does; a CSV may, in its optional columns); 0 when not known, and
    /// sflowtool's 0 ports for a protocol without ports.
    public var ipProtocol: UInt8
    public var sourcePort: UInt16
    public var destinationPort: UInt16

    public init(time: UInt32 = 0, sourceMAC: UInt64, destinationMAC: UInt64, source: IPAddress, destination: IPAddress,
                bytes: UInt64, packets: UInt64 = 1, samplingRate: UInt32 = 1, ipProtocol: UInt8 = 0,
                sourcePort: UInt16 = 0, destinationPort: UInt16 = 0) {
        self.time = time
        self.sourceMAC = sourceMAC
        self.destinationMAC = destinationMAC
        self.source = source
        self.destination = destination
        self.bytes = bytes
        self.packets = packets
        self.samplingRate = samplingRate
        self.ipProtocol = ipProtocol
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
    }

    /// TCP with port 179 at either end (RFC 4271 section 8.2.1: BGP runs over TCP port 179).
    @inline(__always)
    public var isBGP: Bool { ipProtocol == 6 && (sourcePort == 179 || destinationPort == 179) }

    /// An empty sample for a reader to fill.
    public static var blank: FlowSample {
        FlowSample(sourceMAC: 0, destinationMAC: 0, source: IPAddress(ipv4: 0), destination: IPAddress(ipv4: 0), bytes: 0)
    }

    /// Bytes the sample stands for: the sampled bytes times the sampling rate (saturating).
    @inline(__always)
    public var scaledBytes: UInt64 { Self.scale(bytes, samplingRate) }

    /// Packets the sample stands for.
    @inline(__always)
    public var scaledPackets: UInt64 { Self.scale(packets, samplingRate) }

    @inline(__always)
    static func scale(_ value: UInt64, _ rate: UInt32) -> UInt64 {
        let (product, overflow) = value.multipliedReportingOverflow(by: UInt64(rate))
        return overflow ? UInt64.max : product
    }
}

/// The two flow formats a flow file may hold, told apart by its first line.
public enum FlowFormat: String, Hashable, Sendable, CustomStringConvertible {
    /// A header row naming the columns (`timestamp,src_mac,dst_mac,src_ip,dst_ip,bytes,packets,sampling_rate`,
    /// optionally `protocol,src_port,dst_port`, in any order, extra columns ignored), then one
    /// sample per row.
    case csv
    /// `sflowtool -l`: `FLOW,...` lines of 20 fields, one per sampled packet, and `CNTR,...`
    /// counter lines (skipped, counted).
    case sflowtool

    public var description: String { rawValue }
}
