import BGP
import Job
import Routing

extension ImportPolicy {
    /// The reasons that depend on the attributes and the sending session (not max-prefix,
    /// which depends on the whole session). `members` names the owner of a foreign next hop
    /// and the addresses of a member whose session is of the other family.
    public func attributeReasons(_ attributes: PathAttributes, family: AddressFamily, session: SessionID,
                                 members: MemberDirectory? = nil) -> [ImportReason] {
        attributeReasons(BuiltAttributes(attributes), family: family, sender: session.peerASN, peerAddress: session.peerAddress,
                         members: members, bogonASNs: bogonASN, transitFreeASNs: transitFreeASN)
    }

    /// The same for a set read either way, from the session's member `sender` at
    /// `peerAddress`; `bogonASNs` and `transitFreeASNs` answer for the rules of the same name
    /// (the rules themselves, or their `ASNRangeIndex`), which are checked only when present.
    func attributeReasons<A: ImportedAttributes, B: ASNMembership, T: ASNMembership>(
        _ attributes: A, family: AddressFamily, sender: ASN, peerAddress: IPAddress, members: MemberDirectory?,
        bogonASNs: B?, transitFreeASNs: T?
    ) -> [ImportReason] {
        var out: [ImportReason] = []
        // One walk of the path for both ASN rules; the transit-free ones are listed after the
        // first-AS and next-hop reasons.
        var transitFree: [ASN] = []
        if bogonASN != nil || transitFreeASN != nil {
            var bogonSeen = Set<ASN>(), transitFreeSeen = Set<ASN>()
            attributes.forEachASN { asn in
                if let rule = bogonASN, let bogonASNs, bogonASNs.contains(asn), bogonSeen.insert(asn).inserted {
                    out.append(ImportReason(.bogonASN(asn), clause: rule.clause))
                }
                // Behind the member: the member itself may be a transit-free network.
                if transitFreeASN != nil, let transitFreeASNs, asn != sender, transitFreeASNs.contains(asn),
                   transitFreeSeen.insert(asn).inserted {
                    transitFree.append(asn)
                }
            }
        }
        if let rule = firstAS, attributes.firstASN != sender {
            out.append(ImportReason(.firstASNotSender(first: attributes.firstASN, sender: sender), clause: rule.clause))
        }
        if let rule = nextHop {
            let hop = attributes.effectiveNextHop(for: family)
            let own: Bool
            if let hop {
                if hop.family == peerAddress.family {
                    own = hop == peerAddress
                } else {
                    // An IPv4 route over an IPv6 session (or the reverse): the member's own
                    // address of that family, as the member list assigns it.
                    own = members?.member(address: hop)?.asn == sender
                }
            } else {
                own = false
            }
            if !own {
                out.append(ImportReason(.nextHopNotSender(nextHop: hop, owner: hop.flatMap { members?.member(address: $0)?.asn }),
                                        clause: rule.clause))
            }
        }
        if let rule = transitFreeASN {
            for asn in transitFree { out.append(ImportReason(.transitFreeASN(asn), clause: rule.clause)) }
        }
        if let rule = asPathLength {
            let length = attributes.pathLength
            if length > rule.max { out.append(ImportReason(.asPathTooLong(length: length, max: rule.max), clause: rule.clause)) }
        }
        return out
    }

    /// `reasons` of one stored set, and whether the set is tagged for blackholing: a tagged
    /// route whose next hop is the IXP's blackhole next hop is not a next-hop violation.
    func blackholeAware(_ reasons: [ImportReason], attributes: PolicyAttributes, family: AddressFamily,
                        blackhole: BlackholeSettings?) -> (reasons: [ImportReason], blackhole: Bool) {
        guard let blackhole else { return (reasons, false) }
        let tagged = attributes.containsCommunity { blackhole.standard.contains($0) }
            || attributes.containsLargeCommunity { blackhole.large.contains($0) }
        guard tagged, let hop = blackhole.nextHop(family) else { return (reasons, tagged) }
        return (reasons.filter { reason in
            if case let .nextHopNotSender(nextHop, _) = reason.problem, nextHop == hop { return false }
            return true
        }, true)
    }
}
