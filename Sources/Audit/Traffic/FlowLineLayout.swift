/// Which comma-separated field of a flow line holds what (the CSV header's columns, or the
/// fixed fields of `sflowtool -l`), and the reading of one line by it: fields found eight
/// bytes at a time, each value parsed where it lies.
struct FlowLineLayout {
    /// The role of each field from the first; fields past the last named one are ignored.
    let roles: [FieldRole]
    /// The roles a line must fill.
    let required: UInt16

    init(roles: [FieldRole]) {
        self.roles = roles
        required = roles.filter(\.isRequired).reduce(0) { $0 | $1.bit }
    }

    /// `sflowtool -l` FLOW lines: FLOW, agent, inputPort, outputPort, srcMAC, dstMAC,
    /// ethernetType, in_vlan, out_vlan, srcIP, dstIP, IPProtocol, ip_tos, ip_ttl, srcPort,
    /// dstPort, tcp_flags, packet_size, IP_size, sampling_rate. The frame size (packet_size) is
    /// the sample's bytes; each line is one sampled packet. IPProtocol, srcPort and dstPort are
    /// decimal (sflowtool prints them with `%d`, 0 when the frame has none); they are read
    /// but not required, so that lines cut after the addresses still fail as "too few fields"
    /// only for what the checks cannot do without.
    static let sflowtool = FlowLineLayout(roles: [
        .ignore, .ignore, .ignore, .ignore, .sourceMAC, .destinationMAC, .ignore, .ignore, .ignore,
        .source, .destination, .ipProtocol, .ignore, .ignore, .sourcePort, .destinationPort, .ignore, .bytes, .ignore, .samplingRate,
    ])

    /// The layout a CSV header names; columns are matched by name (case, spaces and quotes
    /// aside), in any order, and unknown ones ignored.
    init(header: String, file: String, line: Int) throws(FlowReadError) {
        let names = header.split(separator: ",", omittingEmptySubsequences: false).map { name in
            String(name.filter { $0 != "\"" && $0 != " " && $0 != "\t" }).lowercased()
        }
        let missing = FlowReader.requiredColumns.filter { !names.contains($0) }
        if missing.count == FlowReader.requiredColumns.count {
            throw .unknownFormat(file: file, line: line, text: String(header.prefix(120)))
        }
        guard missing.isEmpty else { throw .missingColumns(file: file, line: line, missing: missing) }
        var roles: [FieldRole] = []
        for (index, column) in names.enumerated() {
            guard let role = FieldRole(column: column), !roles.contains(role) else { continue }
            if roles.count < index + 1 { roles += repeatElement(.ignore, count: index + 1 - roles.count) }
            roles[index] = role
        }
        self.init(roles: roles)
    }

    /// Reads the fields of one line into `sample`; nil when the sample is complete and sound,
    /// else why the line is skipped.
    @inline(__always)
    func parse(_ p: UnsafePointer<UInt8>, _ count: Int, into sample: inout FlowSample) -> FlowSkipReason? {
        var seen: UInt16 = 0
        sample.time = 0
        sample.packets = 1
        sample.ipProtocol = 0
        sample.sourcePort = 0
        sample.destinationPort = 0
        var start = 0
        for role in roles {
            let end = Self.nextComma(p, from: start, count)
            if role == .ignore {
                if end >= count { break }
                start = end + 1
                continue
            }
            var (s, e) = (start, end)
            while s < e && (p[s] == 0x20 || p[s] == 0x22) { s += 1 }
            while e > s && (p[e - 1] == 0x20 || p[e - 1] == 0x22) { e -= 1 }
            switch role {
            case .ignore:
                break
            case .time:
                guard let time = FlowFieldParsing.timestamp(p + s, e - s) else { return .badTimestamp }
                sample.time = time
            case .sourceMAC:
                guard let mac = FlowFieldParsing.mac(p + s, e - s) else { return .badMAC }
                sample.sourceMAC = mac
            case .destinationMAC:
                guard let mac = FlowFieldParsing.mac(p + s, e - s) else { return .badMAC }
                sample.destinationMAC = mac
            case .source:
                guard let address = FlowFieldParsing.address(p + s, e - s) else { return Self.notIP(p + s, e - s) }
                sample.source = address
            case .destination:
                guard let address = FlowFieldParsing.address(p + s, e - s) else { return Self.notIP(p + s, e - s) }
                sample.destination = address
            case .bytes:
                guard let bytes = FlowFieldParsing.decimal(p + s, e - s) else { return .badNumber }
                sample.bytes = bytes
            case .packets:
                guard let packets = FlowFieldParsing.decimal(p + s, e - s) else { return .badNumber }
                sample.packets = packets
            case .samplingRate:
                guard let rate = FlowFieldParsing.decimal(p + s, e - s), rate >= 1, rate <= UInt64(UInt32.max) else {
                    return .badSamplingRate
                }
                sample.samplingRate = UInt32(rate)
            case .ipProtocol:
                guard let number = FlowFieldParsing.decimal(p + s, e - s), number <= 255 else { return .badProtocolOrPort }
                sample.ipProtocol = UInt8(number)
            case .sourcePort:
                guard let port = FlowFieldParsing.decimal(p + s, e - s), port <= 65535 else { return .badProtocolOrPort }
                sample.sourcePort = UInt16(port)
            case .destinationPort:
                guard let port = FlowFieldParsing.decimal(p + s, e - s), port <= 65535 else { return .badProtocolOrPort }
                sample.destinationPort = UInt16(port)
            }
            seen |= role.bit
            if end >= count { break }
            start = end + 1
        }
        guard seen & required == required else { return .tooFewFields }
        guard sample.source.family == sample.destination.family else { return .mixedFamilies }
        return nil
    }

    /// The position of the first comma at or after `start`, or `count`: eight bytes at a time
    /// (a byte-wise equality test within a 64-bit word, exact, with no carry between bytes).
    @inline(__always)
    static func nextComma(_ p: UnsafePointer<UInt8>, from start: Int, _ count: Int) -> Int {
        var i = start
        #if _endian(little)
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        while i + 8 <= count {
            let x = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) ^ 0x2C2C_2C2C_2C2C_2C2C
            let commas = ~(((x & low7) &+ low7) | x | low7)
            if commas != 0 { return i + commas.trailingZeroBitCount >> 3 }
            i += 8
        }
        #endif
        while i < count && p[i] != UInt8(ascii: ",") { i += 1 }
        return i
    }

    /// sflowtool writes `-` for the addresses of a frame that is not IP.
    private static func notIP(_ p: UnsafePointer<UInt8>, _ count: Int) -> FlowSkipReason {
        count == 1 && p[0] == UInt8(ascii: "-") ? .notIP : .badAddress
    }
}

/// What a field of a flow line holds.
enum FieldRole: UInt8, Hashable {
    case ignore, time, sourceMAC, destinationMAC, source, destination, bytes, packets, samplingRate
    case ipProtocol, sourcePort, destinationPort

    var bit: UInt16 { self == .ignore ? 0 : 1 << rawValue }

    /// Whether a line must fill it when the layout has it: time, packets, protocol and ports
    /// are optional in a CSV header, and sflowtool's protocol and ports are read when present.
    var isRequired: Bool {
        switch self {
        case .ipProtocol, .sourcePort, .destinationPort: return false
        default: return true
        }
    }

    init?(column: String) {
        switch column {
        case "timestamp": self = .time
        case "src_mac": self = .sourceMAC
        case "dst_mac": self = .destinationMAC
        case "src_ip": self = .source
        case "dst_ip": self = .destination
        case "bytes": self = .bytes
        case "packets": self = .packets
        case "sampling_rate": self = .samplingRate
        case "protocol": self = .ipProtocol
        case "src_port": self = .sourcePort
        case "dst_port": self = .destinationPort
        default: return nil
        }
    }
}
