import BGP

extension BgpdumpLineWriter {
    /// The lines of a type-5 (BGP) UPDATE as the reference decoder prints them, which is not
    /// quite as it prints BGP4MP's:
    /// - a withdrawal's prefix column shows the peer's address with the prefix length
    ///   (`BGP|t|W|192.0.2.1|64496|192.0.2.1/24`): it formats both addresses through one
    ///   static buffer in one call, so the second overwrites the first;
    /// - the communities follow the MED without a separator, and with no communities the
    ///   column is missing (`...|pref|med|NAG|aggregator|`);
    /// - no large communities, whatever `-l` says (the format predates them).
    /// The decoded routes themselves are right; only the printing follows the reference.
    func writeLegacyUpdate<S: ByteSink>(_ update: UpdateMessage, _ message: BGP4MPMessage, header: RecordHeader,
                                        to out: inout S) -> Int {
        var lines = 0
        for nlri in update.withdrawn {
            head(message, header: header, kind: "W|", to: &out)
            AddressText.append(message.peerAddress, to: &out)
            out.append(UInt8(ascii: "/"))
            out.appendDecimal(UInt32(nlri.prefix.length))
            out.append(UInt8(ascii: "\n"))
            lines += 1
        }
        let a = update.attributes
        for nlri in update.announced {
            head(message, header: header, kind: "A|", to: &out)
            nlri.prefix.append(to: &out)
            out.append(UInt8(ascii: "|"))
            appendPathAndOrigin(a, to: &out)
            AddressText.appendIPv4(a.has(AttributeType.nextHop) ? a.nextHop : 0xFFFF_FFFF, to: &out)
            out.append(UInt8(ascii: "|"))
            out.appendDecimal(a.has(AttributeType.localPref) ? a.localPref : 0)
            out.append(UInt8(ascii: "|"))
            out.appendDecimal(a.has(AttributeType.multiExitDisc) ? a.med : 0)
            let communities = a.communities
            var offset = 0
            while offset + 4 <= communities.count {
                if offset > 0 { out.append(UInt8(ascii: " ")) }
                Community(rawValue: communities.uint32(at: offset)).append(to: &out)
                offset += 4
            }
            out.append(UInt8(ascii: "|"))
            appendAggregateToEnd(a, to: &out)
            lines += 1
        }
        return lines
    }

    private func head<S: ByteSink>(_ message: BGP4MPMessage, header: RecordHeader, kind: StaticString, to out: inout S) {
        out.append(ascii: "BGP|")
        timestamp(header, to: &out)
        out.append(UInt8(ascii: "|"))
        out.append(ascii: kind)
        AddressText.append(message.peerAddress, to: &out)
        out.append(UInt8(ascii: "|"))
        out.appendDecimal(message.peerASN.rawValue)
        out.append(UInt8(ascii: "|"))
    }
}
