import BGP

/// Writes records as the reference decoder's one-line-per-route format (`bgpdump -m`),
/// byte for byte, including its quirks (they are what scripts downstream parse):
/// - a missing NEXT_HOP prints as 255.255.255.255, a missing ORIGIN as INCOMPLETE, a missing
///   MED or LOCAL_PREF as 0;
/// - TABLE_DUMP_V2 routes take the next hop of MP_REACH_NLRI when there is one;
/// - in UPDATEs, MP_REACH IPv4 routes print LOCAL_PREF/MED as signed numbers, and an MP next
///   hop whose length is not 4, 16 or 32 leaves its fields out;
/// - a standard community names no-export, no-advertise and local-AS;
/// - deprecated type-5 (BGP) records print as "BGP|" lines: UPDATEs and state changes only.
/// Beyond the reference: RIB_GENERIC records print like the AFI-specific subtypes (the
/// reference prints nothing for them).
public struct BgpdumpLineWriter {
    public var includeLargeCommunities: Bool
    // Columns shared by the lines of one record, rendered once per record.
    private let withdrawHead = ByteArea()
    private let announceHead = ByteArea()
    private let tail = ByteArea()

    public init(includeLargeCommunities: Bool = false) { self.includeLargeCommunities = includeLargeCommunities }

    /// Writes the lines of one record; returns how many. (This overload is the generic one
    /// specialised for the output buffer, the hot path of `ixaudit dump`.)
    @discardableResult
    public func write(_ record: MRTRecord, header: RecordHeader, to out: inout OutputBuffer) -> Int {
        writeAny(record, header: header, to: &out)
    }

    /// Writes the lines of one record into any sink; returns how many.
    @discardableResult
    public func write<S: ByteSink>(_ record: MRTRecord, header: RecordHeader, to out: inout S) -> Int {
        writeAny(record, header: header, to: &out)
    }

    private func writeAny<S: ByteSink>(_ record: MRTRecord, header: RecordHeader, to out: inout S) -> Int {
        switch record {
        case let .rib(rib): return writeRIB(rib, header: header, to: &out)
        case let .tableDump(route): return writeTableDump(route, header: header, to: &out)
        case let .message(message): return writeMessage(message, header: header, to: &out)
        case let .stateChange(change): writeStateChange(change, header: header, to: &out); return 1
        case .peerIndexTable, .unsupported: return 0
        }
    }

    func timestamp<S: ByteSink>(_ header: RecordHeader, to out: inout S) {
        out.appendDecimal(header.timestamp)
        if let micro = header.microseconds {
            out.append(UInt8(ascii: "."))
            out.appendSixDigits(micro)
        }
    }

    // MARK: TABLE_DUMP_V2 and TABLE_DUMP

    private func writeRIB<S: ByteSink>(_ rib: RIBRecord, header: RecordHeader, to out: inout S) -> Int {
        for entry in rib.entries {
            if rib.addPath { out.append(ascii: "TABLE_DUMP2_AP|") } else { out.append(ascii: "TABLE_DUMP2|") }
            timestamp(header, to: &out)
            out.append(ascii: "|B|")
                AddressText.append(entry.peer.address, to: &out)
            out.append(UInt8(ascii: "|"))
            out.appendDecimal(entry.peer.asn.rawValue)
            out.append(UInt8(ascii: "|"))
            rib.prefix.append(to: &out)
            out.append(UInt8(ascii: "|"))
            if rib.addPath {
                out.appendDecimal(entry.pathID)
                out.append(UInt8(ascii: "|"))
            }
            let a = entry.attributes
            let nextHop: NextHopSource
            if let mp = a.mpReach, mp.isAbbreviated || (mp.afi == 2 && mp.safi == 1) || (mp.afi == 1 && mp.safi == 1) {
                nextHop = .mp(mp.nextHopBytes)
            } else {
                nextHop = .attribute
            }
            writeAttributeTail(a, nextHop: nextHop, signedNumbers: false, to: &out)
        }
        return rib.entries.count
    }

    private func writeTableDump<S: ByteSink>(_ route: TableDumpRecord, header: RecordHeader, to out: inout S) -> Int {
        out.append(ascii: "TABLE_DUMP|")
        timestamp(header, to: &out)
        out.append(ascii: "|B|")
        AddressText.append(route.peerAddress, to: &out)
        out.append(UInt8(ascii: "|"))
        out.appendDecimal(route.peerASN.rawValue)
        out.append(UInt8(ascii: "|"))
        route.prefix.append(to: &out)
        out.append(UInt8(ascii: "|"))
        let a = route.attributes
        let nextHop: NextHopSource
        if let mp = a.mpReach, mp.isAbbreviated || (mp.afi == 2 && mp.safi == 1) {
            nextHop = .mp(mp.nextHopBytes)
        } else if let entry = route.entry, !a.has(AttributeType.nextHop) {
            // BGP4MP_ENTRY carries the next hop in its own field, not in the attributes.
            nextHop = .mp(entry.nextHopBytes)
        } else {
            nextHop = .attribute
        }
        writeAttributeTail(a, nextHop: nextHop, signedNumbers: false, to: &out)
        return 1
    }

    // MARK: BGP4MP

    private func writeStateChange<S: ByteSink>(_ change: StateChange, header: RecordHeader, to out: inout S) {
        if header.type == MRTType.bgp {
            out.append(ascii: "BGP|")
        } else {
            out.append(ascii: header.microseconds == nil ? "BGP4MP|" : "BGP4MP_ET|")
        }
        timestamp(header, to: &out)
        out.append(ascii: "|STATE|")
        AddressText.append(change.peerAddress, to: &out)
        out.append(UInt8(ascii: "|"))
        out.appendDecimal(change.peerASN.rawValue)
        out.append(UInt8(ascii: "|"))
        out.appendDecimal(UInt32(change.oldState.code))
        out.append(UInt8(ascii: "|"))
        out.appendDecimal(UInt32(change.newState.code))
        out.append(UInt8(ascii: "\n"))
    }

    /// `addPath`: the NLRI of this line carry path ids, from an ADDPATH subtype or (printed the
    /// same way) a plain one whose session negotiated ADD-PATH.
    private func linePrefix<S: ByteSink>(_ message: BGP4MPMessage, header: RecordHeader, kind: StaticString, addPath: Bool,
                                         to out: inout S) {
        // Type 5 (BGP) lines start "BGP|", with the source of the message as the peer.
        out.append(ascii: header.type == MRTType.bgp ? "BGP" : "BGP4MP")
        if header.microseconds != nil { out.append(ascii: "_ET") }
        if message.isLocal { out.append(ascii: "_LOCAL") }
        if addPath { out.append(ascii: "_AP") }
        out.append(UInt8(ascii: "|"))
        timestamp(header, to: &out)
        out.append(UInt8(ascii: "|"))
        out.append(ascii: kind)
        out.append(UInt8(ascii: "|"))
        AddressText.append(message.peerAddress, to: &out)
        out.append(UInt8(ascii: "|"))
        out.appendDecimal(message.peerASN.rawValue)
        out.append(UInt8(ascii: "|"))
    }

    private func writeMessage<S: ByteSink>(_ message: BGP4MPMessage, header: RecordHeader, to out: inout S) -> Int {
        guard case let .update(update) = message.message else { return 0 }
        if header.type == MRTType.bgp { return writeLegacyUpdate(update, message, header: header, to: &out) }
        var lines = 0
        let a = update.attributes
        // Every line of a record starts alike: render that once.
        withdrawHead.reset()
        announceHead.reset()
        var headOut = withdrawHead
        var withdrawHeadAddPath = false
        func withdraw(_ list: NLRIList) {
            if list.count == 0 { return }
            if withdrawHead.isEmpty || withdrawHeadAddPath != list.addPath {
                withdrawHead.reset()
                headOut = withdrawHead
                withdrawHeadAddPath = list.addPath
                linePrefix(message, header: header, kind: "W", addPath: list.addPath, to: &headOut)
            }
            for nlri in list {
                out.append(raw: withdrawHead.bytes)
                nlri.prefix.append(to: &out)
                if list.addPath {
                    out.append(UInt8(ascii: "|"))
                    out.appendDecimal(nlri.pathID)
                }
                out.append(UInt8(ascii: "\n"))
                lines += 1
            }
        }
        withdraw(update.withdrawn)
        if let mp = a.mpUnreach, let list = mp.nlri { withdraw(list) }

        var announceHeadAddPath = false
        func announce(_ list: NLRIList) {
            if announceHead.isEmpty || announceHeadAddPath != list.addPath {
                announceHead.reset()
                headOut = announceHead
                announceHeadAddPath = list.addPath
                linePrefix(message, header: header, kind: "A", addPath: list.addPath, to: &headOut)
            }
            for nlri in list {
                out.append(raw: announceHead.bytes)
                nlri.prefix.append(to: &out)
                out.append(UInt8(ascii: "|"))
                if list.addPath {
                    out.appendDecimal(nlri.pathID)
                    out.append(UInt8(ascii: "|"))
                }
                out.append(raw: tail.bytes)
                lines += 1
            }
        }
        var tailOut = tail
        if update.announced.count > 0 {
            tail.reset()
            appendTail(a, nextHop: .attribute, signedNumbers: false, to: &tailOut)
            announce(update.announced)
        }
        if let mp = a.mpReach, let list = mp.nlri, list.count > 0 {
            // The reference decoder prints IPv4 MP routes with signed LOCAL_PREF/MED, and for
            // IPv6 leaves out AS path and origin too when the next hop length is unusual.
            let ipv6 = mp.afi == 2
            let usual = [4, 16, 32].contains(mp.nextHopBytes.count)
            tail.reset()
            if usual {
                appendTail(a, nextHop: .mp(mp.nextHopBytes), signedNumbers: !ipv6, to: &tailOut)
            } else if ipv6 {
                appendCommunitiesToEnd(a, to: &tailOut)
            } else {
                appendPathAndOrigin(a, to: &tailOut)
                appendCommunitiesToEnd(a, to: &tailOut)
            }
            announce(list)
        }
        return lines
    }

    // MARK: the attribute columns

    enum NextHopSource {
        case attribute
        case mp(UnsafeRawBufferPointer)
    }

    private func writeAttributeTail<S: ByteSink>(_ a: WireAttributes, nextHop: NextHopSource, signedNumbers: Bool, to out: inout S) {
        appendTail(a, nextHop: nextHop, signedNumbers: signedNumbers, to: &out)
    }

    /// `aspath|origin|nexthop|localpref|med|communities|[large|]AG|aggregator|\n`
    func appendTail<S: ByteSink>(_ a: WireAttributes, nextHop: NextHopSource, signedNumbers: Bool, to out: inout S) {
        appendPathAndOrigin(a, to: &out)
        switch nextHop {
        case .attribute:
            AddressText.appendIPv4(a.has(AttributeType.nextHop) ? a.nextHop : 0xFFFF_FFFF, to: &out)
        case let .mp(bytes):
            switch bytes.count {
            case 4: AddressText.appendIPv4(bytes.uint32(at: 0), to: &out)
            case 16, 32:
                let address = PrefixBytes.address(family: .ipv6, bytes: bytes, at: 0, count: 16)
                AddressText.appendIPv6(high: address.high, low: address.low, to: &out)
            default: break
            }
        }
        out.append(UInt8(ascii: "|"))
        let localPref = a.has(AttributeType.localPref) ? a.localPref : 0
        let med = a.has(AttributeType.multiExitDisc) ? a.med : 0
        if signedNumbers {
            out.appendSignedDecimal(Int32(bitPattern: localPref))
            out.append(UInt8(ascii: "|"))
            out.appendSignedDecimal(Int32(bitPattern: med))
        } else {
            out.appendDecimal(localPref)
            out.append(UInt8(ascii: "|"))
            out.appendDecimal(med)
        }
        out.append(UInt8(ascii: "|"))
        appendCommunitiesToEnd(a, to: &out)
    }

    func appendPathAndOrigin<S: ByteSink>(_ a: WireAttributes, to out: inout S) {
        if let merged = a.mergedASPath {
            out.append(string: merged.description)
        } else if a.has(AttributeType.asPath) {
            a.asPath.append(to: &out)
        }
        out.append(UInt8(ascii: "|"))
        switch a.has(AttributeType.origin) ? a.origin : 2 {
        case 0: out.append(ascii: "IGP|")
        case 1: out.append(ascii: "EGP|")
        default: out.append(ascii: "INCOMPLETE|")
        }
    }

    /// `communities|[large|]AG|aggregator|\n`
    func appendCommunitiesToEnd<S: ByteSink>(_ a: WireAttributes, to out: inout S) {
        let communities = a.communities
        var offset = 0
        while offset + 4 <= communities.count {
            if offset > 0 { out.append(UInt8(ascii: " ")) }
            Community(rawValue: communities.uint32(at: offset)).append(to: &out)
            offset += 4
        }
        out.append(UInt8(ascii: "|"))
        if includeLargeCommunities {
            let large = a.largeCommunities
            offset = 0
            while offset + 12 <= large.count {
                if offset > 0 { out.append(UInt8(ascii: " ")) }
                out.appendDecimal(large.uint32(at: offset))
                out.append(UInt8(ascii: ":"))
                out.appendDecimal(large.uint32(at: offset + 4))
                out.append(UInt8(ascii: ":"))
                out.appendDecimal(large.uint32(at: offset + 8))
                offset += 12
            }
            out.append(UInt8(ascii: "|"))
        }
        appendAggregateToEnd(a, to: &out)
    }

    /// The line's last columns: atomic aggregate (AG or NAG), the aggregator, the newline.
    func appendAggregateToEnd<S: ByteSink>(_ a: WireAttributes, to out: inout S) {
        out.append(ascii: a.has(AttributeType.atomicAggregate) ? "AG|" : "NAG|")
        if let aggregator = a.effectiveAggregator, aggregator.address != 0xFFFF_FFFF {
            out.appendDecimal(aggregator.asn)
            out.append(UInt8(ascii: " "))
            AddressText.appendIPv4(aggregator.address, to: &out)
        }
        out.append(ascii: "|\n")
    }
}
