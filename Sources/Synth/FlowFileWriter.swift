import BGP
import MRT

/// Sampled frame sizes (bytes of a frame, 64 to 1514): a fixed table of 256 drawn once, small
/// (acknowledgements), middling and full-size frames as on a peering LAN, used in turn by
/// each component of the flows from an offset of its own. Fixed, so that the bytes of n
/// samples are known when the samples are shared (`bytes(_:from:)`) and each pair's ratio is
/// exact, however small.
enum FrameSizes {
    static let table: [UInt32] = {
        var rng = SplitMix64(seed: 0x5EED_F10)
        return (0..<256).map { _ in
            switch rng.weighted([40, 15, 45]) {
            case 0: return UInt32(rng.between(64, 128))
            case 1: return UInt32(rng.between(129, 1399))
            default: return UInt32(rng.between(1400, 1514))
            }
        }
    }()
    /// prefix[n]: bytes of the first n entries.
    static let prefix: [Int] = table.reduce(into: [0]) { $0.append($0.last! + Int($1)) }

    /// Where in the table the samples between two members start, either way: the same, so
    /// that an even split of a pair's samples is an even split of its bytes.
    static func offset(_ sender: Int, _ receiver: Int) -> Int { (min(sender, receiver) &* 97 &+ max(sender, receiver) &* 31) & 255 }

    /// Bytes of `samples` samples taken in turn from `offset` on.
    static func bytes(_ samples: Int, from offset: Int) -> Int {
        let count = table.count, rest = samples % count
        let partial = offset + rest <= count ? prefix[offset + rest] - prefix[offset]
            : prefix[count] - prefix[offset] + prefix[offset + rest - count]
        return samples / count * prefix[count] + partial
    }
}

/// Writes the day's flows as CSV, gzip-compressed: the header, then one sampled packet per
/// line in time order (the day's seconds spread evenly over the samples), the components'
/// samples in a drawn order.
///
///     timestamp,src_mac,dst_mac,src_ip,dst_ip,bytes,packets,sampling_rate
///     1795219201,44:4c:a8:12:34:56,00:1c:73:ab:cd:ef,203.0.113.7,198.51.100.9,1514,1,16384
enum FlowFileWriter {
    static let header = "timestamp,src_mac,dst_mac,src_ip,dst_ip,bytes,packets,sampling_rate\n"

    /// zlib's fastest level: the flows are the day's largest file, and compressing them, on a
    /// thread of its own (`BackgroundFileWriter`), takes as long as making them.
    static let level: Int32 = 1

    static func write(_ flows: FlowPlan, members: [SyntheticMember], plan: RoutePlan, dayStart: UInt32, path: String,
                      rng: inout SplitMix64) throws(SynthError) -> (fileBytes: Int64, uncompressedBytes: Int64, lines: Int) {
        let file = try BackgroundFileWriter(path: path, compression: .gzip, level: level)
        let total = flows.components.reduce(0) { $0 + Int($1.samples) }
        var order = [UInt32](repeating: 0, count: total)
        var next = 0
        for (c, component) in flows.components.enumerated() {
            for _ in 0..<Int(component.samples) {
                order[next] = UInt32(c)
                next += 1
            }
        }
        rng.shuffle(&order)
        let macs = members.map { Array(DayDocuments.macText($0.mac).utf8) }
        var sent = flows.components.map { Int32(FrameSizes.offset(Int($0.sender), Int($0.receiver))) }
        let sizes = FrameSizes.table
        let sources = RoutePool(flows.sources), sources6 = RoutePool(flows.sources6)
        let destinations = RoutePool(flows.destinations), destinations6 = RoutePool(flows.destinations6)
        let routes = plan.routes
        var out: [UInt8] = []
        out.reserveCapacity(TextFileWriter.blockSize + 256)
        out.append(string: header)
        for (i, c) in order.enumerated() {
            let component = flows.components[Int(c)]
            let time = dayStart + UInt32(UInt64(i) * 86_400 / UInt64(total))
            let size = sizes[Int(sent[Int(c)]) & 255]
            sent[Int(c)] &+= 1
            let sender = Int(component.sender), receiver = Int(component.receiver)
            out.appendDecimal(time)
            out.append(UInt8(ascii: ","))
            out.append(contentsOf: macs[sender])
            out.append(UInt8(ascii: ","))
            out.append(contentsOf: macs[receiver])
            out.append(UInt8(ascii: ","))
            switch component.kind {
            case .normal:
                if sources6.has(sender) && destinations6.has(receiver) && rng.chance(0.2) {
                    appendHost(in: routes[sources6.pick(sender, &rng)], to: &out, rng: &rng)
                    out.append(UInt8(ascii: ","))
                    appendHost(in: routes[destinations6.pick(receiver, &rng)], to: &out, rng: &rng)
                } else {
                    appendHost(in: routes[sources.pick(sender, &rng)], to: &out, rng: &rng)
                    out.append(UInt8(ascii: ","))
                    appendHost(in: routes[destinations.pick(receiver, &rng)], to: &out, rng: &rng)
                }
            case .unannounced:
                appendHost(in: routes[sources.pick(sender, &rng)], to: &out, rng: &rng)
                out.append(UInt8(ascii: ","))
                AddressText.appendIPv4(flows.blocks[Int(component.target)] | UInt32(rng.between(1, 254)), to: &out)
            case .filtered:
                appendHost(in: routes[sources.pick(sender, &rng)], to: &out, rng: &rng)
                out.append(UInt8(ascii: ","))
                appendHost(in: routes[Int(component.target)], to: &out, rng: &rng)
            case .outsideSource:
                AddressText.appendIPv4(flows.blocks[Int(component.target)] | UInt32(rng.between(1, 254)), to: &out)
                out.append(UInt8(ascii: ","))
                appendHost(in: routes[destinations.pick(receiver, &rng)], to: &out, rng: &rng)
            }
            out.append(UInt8(ascii: ","))
            out.appendDecimal(size)
            out.append(ascii: ",1,16384\n")
            if out.count >= TextFileWriter.blockSize {
                try file.write(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        try file.write(out)
        let written = try file.finish()
        return (written.fileBytes, written.uncompressedBytes, total)
    }

    /// An address inside the route's prefix: IPv4 any but the network's first and last; IPv6
    /// any interface in the prefix.
    static func appendHost(in route: SynthRoute, to out: inout [UInt8], rng: inout SplitMix64) {
        if route.isIPv6 {
            let free = 64 - Int(route.length)
            let subnet = free == 0 ? 0 : rng.next() & (UInt64.max >> (64 - free))
            AddressText.appendIPv6(high: route.address | subnet, low: rng.next() | 1, to: &out)
        } else {
            let size = UInt64(1) << (32 - UInt64(route.length))
            let host = size <= 2 ? 0 : 1 + UInt64(rng.below(Int(size - 2)))
            AddressText.appendIPv4(UInt32(truncatingIfNeeded: route.address + host), to: &out)
        }
    }
}

/// Each member's routes of one kind (the flows' sources or destinations of one family) in
/// one flat array, for drawing one fast millions of times.
struct RoutePool {
    private let routes: [Int32]
    /// routes[start[m] ..< start[m + 1]] are member m's.
    private let start: [Int]

    init(_ perMember: [[Int32]]) {
        var routes: [Int32] = []
        routes.reserveCapacity(perMember.reduce(0) { $0 + $1.count })
        var start = [0]
        for list in perMember {
            routes += list
            start.append(routes.count)
        }
        self.routes = routes
        self.start = start
    }

    @inline(__always) func has(_ m: Int) -> Bool { start[m + 1] > start[m] }

    /// One of member m's routes (it has some).
    @inline(__always) func pick(_ m: Int, _ rng: inout SplitMix64) -> Int {
        Int(routes[start[m] + rng.below(start[m + 1] - start[m])])
    }
}
