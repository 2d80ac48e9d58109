import BGP

/// One JSON object per route, withdrawal or state change, with everything decoded —
/// including what the pipe format leaves out (large and extended communities, OTC, path ids,
/// originator, cluster list, link-local next hops, unknown attributes as hex).
public struct JSONLineWriter {
    public init() {}

    @discardableResult
    public func write<S: ByteSink>(_ record: MRTRecord, header: RecordHeader, to sink: inout S) -> Int {
        switch record {
        case let .rib(rib):
            for entry in rib.entries {
                var object = JSONObject()
                common(&object, header: header, type: "rib")
                object.string("peer", entry.peer.address.description)
                object.number("peer_asn", UInt64(entry.peer.asn.rawValue))
                object.string("prefix", rib.prefix.description)
                if rib.addPath { object.number("path_id", UInt64(entry.pathID)) }
                object.number("originated", UInt64(entry.originatedTime))
                object.number("safi", UInt64(rib.safi))
                attributes(&object, PathAttributes(entry.attributes))
                rfc7606(&object, entry.attributes)
                object.finish(to: &sink)
            }
            return rib.entries.count
        case let .tableDump(route):
            var object = JSONObject()
            common(&object, header: header, type: "rib")
            object.string("peer", route.peerAddress.description)
            object.number("peer_asn", UInt64(route.peerASN.rawValue))
            object.string("prefix", route.prefix.description)
            object.number("originated", UInt64(route.originatedTime))
            if let entry = route.entry {
                // BGP4MP_ENTRY: the session's local side, and the next hop of its own field.
                object.string("local", entry.localAddress.description)
                object.number("local_asn", UInt64(entry.localASN.rawValue))
                object.number("safi", UInt64(entry.safi))
            }
            attributes(&object, route.pathAttributes)
            rfc7606(&object, route.attributes)
            object.finish(to: &sink)
            return 1
        case let .stateChange(change):
            var object = JSONObject()
            common(&object, header: header, type: "state")
            object.string("peer", change.peerAddress.description)
            object.number("peer_asn", UInt64(change.peerASN.rawValue))
            object.string("local", change.localAddress.description)
            object.number("local_asn", UInt64(change.localASN.rawValue))
            object.number("old_state", UInt64(change.oldState.code))
            object.number("new_state", UInt64(change.newState.code))
            object.finish(to: &sink)
            return 1
        case let .message(message):
            guard case let .update(update) = message.message else { return 0 }
            let owned = PathAttributes(update.attributes)
            var lines = 0
            let a = update.attributes
            let withdrawReason = a.treatAsWithdraw ? a.problem.map { "\($0.field): \($0.problem)" } : nil
            // `treatedFrom`: the index from which the list's routes are announcements treated
            // as withdrawn (after the UPDATE's own withdrawals).
            func emit(_ list: NLRIList, announce: Bool, treatedFrom: Int = .max) {
                for (index, nlri) in list.enumerated() {
                    let treatedAsWithdrawn = index >= treatedFrom
                    var object = JSONObject()
                    common(&object, header: header, type: announce ? "announce" : "withdraw")
                    object.string("peer", message.peerAddress.description)
                    object.number("peer_asn", UInt64(message.peerASN.rawValue))
                    object.string("local", message.localAddress.description)
                    object.number("local_asn", UInt64(message.localASN.rawValue))
                    if message.isLocal { object.bool("sent", true) }
                    object.string("prefix", nlri.prefix.description)
                    if list.addPath { object.number("path_id", UInt64(nlri.pathID)) }
                    if list.addPath && message.pathIDsInferred { object.bool("path_ids_inferred", true) }
                    if treatedAsWithdrawn, let withdrawReason { object.string("treat_as_withdraw", withdrawReason) }
                    if announce {
                        attributes(&object, owned)
                        rfc7606(&object, a)
                    }
                    object.finish(to: &sink)
                    lines += 1
                }
            }
            emit(update.withdrawn, announce: false, treatedFrom: update.withdrawnByTheUpdate)
            if let list = update.attributes.mpUnreach?.nlri { emit(list, announce: false, treatedFrom: update.mpWithdrawnByTheUpdate) }
            emit(update.announced, announce: true)
            if let list = update.attributes.mpReach?.nlri { emit(list, announce: true) }
            return lines
        case .peerIndexTable, .unsupported:
            return 0
        }
    }

    /// A byte range skipped after damage: `{"type":"skipped_bytes","file":...,"offset":...,
    /// "length":...,"reason":...}`, where the records around it print.
    public func write<S: ByteSink>(_ range: SkippedRange, to sink: inout S) {
        var object = JSONObject()
        object.string("type", "skipped_bytes")
        object.string("file", range.file)
        object.number("offset", UInt64(range.offset))
        object.number("length", UInt64(range.length))
        object.string("reason", range.reason)
        object.finish(to: &sink)
    }

    private func common(_ object: inout JSONObject, header: RecordHeader, type: String) {
        object.string("type", type)
        if let micro = header.microseconds, micro < 1_000_000 {
            var fraction: [UInt8] = []
            fraction.appendSixDigits(micro)
            object.raw("timestamp", "\(header.timestamp)." + String(decoding: fraction, as: UTF8.self))
        } else if let micro = header.microseconds {
            // Out of range (RFC 6396 section 3 allows 0-999999): keep both as they came.
            object.number("timestamp", UInt64(header.timestamp))
            object.number("microseconds", UInt64(micro))
        } else {
            object.number("timestamp", UInt64(header.timestamp))
        }
    }

    /// What RFC 7606 did to the block: attributes discarded, an 8-byte AGGREGATOR read as a
    /// 4-byte one, and (RIB entries) an MP_REACH_NLRI whose NLRI was not the entry's prefix.
    private func rfc7606(_ object: inout JSONObject, _ a: WireAttributes) {
        if a.discarded != 0 { object.strings("attributes_discarded", a.discardedNames) }
        if a.aggregatorReadAsFourByte { object.bool("aggregator_read_as_4_byte", true) }
        if let problem = a.problem, !a.treatAsWithdraw { object.string("attribute_problem", "\(problem.field): \(problem.problem)") }
    }

    private func attributes(_ object: inout JSONObject, _ a: PathAttributes) {
        if let origin = a.origin { object.string("origin", origin.description) }
        if let path = a.asPath { object.string("as_path", path.description) }
        if let hop = a.nextHop { object.string("next_hop", hop.description) }
        if let mp = a.mpNextHop {
            object.string("mp_next_hop", mp.address.description)
            if let local = mp.linkLocal { object.string("mp_next_hop_link_local", local.description) }
        }
        if let med = a.med { object.number("med", UInt64(med)) }
        if let lp = a.localPref { object.number("local_pref", UInt64(lp)) }
        if a.atomicAggregate { object.bool("atomic_aggregate", true) }
        if let agg = a.aggregator {
            object.raw("aggregator", "{\"asn\":\(agg.asn.rawValue),\"address\":\"\(agg.address)\"}")
        }
        if !a.communities.isEmpty { object.strings("communities", a.communities.map(\.description)) }
        if !a.largeCommunities.isEmpty { object.strings("large_communities", a.largeCommunities.map(\.description)) }
        if !a.extendedCommunities.isEmpty { object.strings("extended_communities", a.extendedCommunities.map(\.description)) }
        if let otc = a.onlyToCustomer { object.number("otc", UInt64(otc.rawValue)) }
        if let id = a.originatorID { object.string("originator_id", id.description) }
        if !a.clusterList.isEmpty { object.strings("cluster_list", a.clusterList.map(\.description)) }
        if !a.unknown.isEmpty {
            let items = a.unknown.map { u in
                "{\"type\":\(u.type),\"flags\":\(u.flags),\"value\":\"\(u.value.map { String(format2: $0) }.joined())\"}"
            }
            object.raw("unknown_attributes", "[" + items.joined(separator: ",") + "]")
        }
    }
}

/// A flat JSON object built field by field.
struct JSONObject {
    private var text = "{"

    mutating func key(_ name: String) {
        if text.count > 1 { text += "," }
        text += "\"\(name)\":"
    }

    mutating func string(_ name: String, _ value: String) { key(name); text += JSONObject.quote(value) }
    mutating func number(_ name: String, _ value: UInt64) { key(name); text += String(value) }
    mutating func bool(_ name: String, _ value: Bool) { key(name); text += value ? "true" : "false" }
    mutating func raw(_ name: String, _ json: String) { key(name); text += json }
    mutating func strings(_ name: String, _ values: [String]) {
        key(name); text += "[" + values.map(JSONObject.quote).joined(separator: ",") + "]"
    }

    mutating func finish<S: ByteSink>(to out: inout S) {
        text += "}\n"
        out.append(string: text)
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension String {
    init(format2 value: UInt8) {
        let hex = String(value, radix: 16)
        self = hex.count == 1 ? "0" + hex : hex
    }
}
