import BGP
import Routing

/// A prefix that receiving sessions get in per-client mode but not in best mode.
public struct HiddenPath: Hashable, Sendable {
    public enum Reason: String, Hashable, Sendable {
        /// The best route's communities keep it from these receivers.
        case bestNotAllowed = "best-route-not-allowed"
        /// The best route came from this session, which never gets it back.
        case bestIsOwnRoute = "best-route-is-own"
    }
    public var prefix: Prefix
    /// The best route, an index into `rib.routes`.
    public var bestRoute: Int
    public var reason: Reason
    /// Which of `universe` are the receivers. A large route server hides paths of hundreds of
    /// thousands of prefixes from hundreds of sessions each: as bits of one shared set (equal
    /// sets share their storage) a hidden path costs tens of bytes, as a list kilobytes.
    let receiverBits: ReceiverBits
    /// The route server's sessions of the prefix's family in bit order, by member then
    /// address, and their members (both shared by every hidden path of the family).
    let universe: [SessionID]
    let members: [ASN]

    init(prefix: Prefix, bestRoute: Int, reason: Reason, receiverBits: ReceiverBits, universe: [SessionID], members: [ASN]) {
        self.prefix = prefix
        self.bestRoute = bestRoute
        self.reason = reason
        self.receiverBits = receiverBits
        self.universe = universe
        self.members = members
    }

    /// The receiving sessions, by member then address.
    public var receivers: [SessionID] {
        var list: [SessionID] = []
        receiverBits.forEach { list.append(universe[$0]) }
        return list
    }

    /// The receiving members, ascending, each once.
    public var receiverASNs: [ASN] {
        var list: [ASN] = []
        receiverBits.forEach { if list.last != members[$0] { list.append(members[$0]) } }
        return list
    }

    /// Appends the receivers as `hidden-paths.csv.gz` writes them, space-separated: a member's
    /// ASN where all its receiving sessions of the prefix's family are receivers
    /// (`countInFamily`: by bit, how many the bit's member has), else each session as
    /// `ASN@address`; as short as a list of members unless a member's routers differ. Walks
    /// the bits once, without a list (hundreds of thousands of rows on a large route server).
    public func appendReceivers(countInFamily: [Int], to out: inout [UInt8]) {
        var written = false
        var runFirst = -1, runLast = -1, runCount = 0
        for (w, word) in receiverBits.words.enumerated() {
            var x = word
            while x != 0 {
                let b = w << 6 | x.trailingZeroBitCount
                x &= x - 1
                if runFirst >= 0 && members[runFirst] != members[b] {
                    appendRun(runFirst, runLast, count: runCount, countInFamily: countInFamily, written: &written, to: &out)
                    runFirst = -1
                }
                if runFirst < 0 { runFirst = b; runCount = 0 }
                runLast = b
                runCount += 1
            }
        }
        if runFirst >= 0 { appendRun(runFirst, runLast, count: runCount, countInFamily: countInFamily, written: &written, to: &out) }
    }

    /// One member's receivers, bits `first...last`.
    private func appendRun(_ first: Int, _ last: Int, count: Int, countInFamily: [Int], written: inout Bool, to out: inout [UInt8]) {
        if count == countInFamily[first] {
            if written { out.append(UInt8(ascii: " ")) }
            written = true
            out.appendDecimal(members[first].rawValue)
            return
        }
        for b in first...last where receiverBits[b] {
            if written { out.append(UInt8(ascii: " ")) }
            written = true
            out.appendDecimal(members[b].rawValue)
            out.append(UInt8(ascii: "@"))
            AddressText.append(universe[b].peerAddress, to: &out)
        }
    }

    /// Receiving sessions.
    public var receiverCount: Int { receiverBits.count }

    public static func == (a: HiddenPath, b: HiddenPath) -> Bool {
        (a.prefix, a.bestRoute, a.reason) == (b.prefix, b.bestRoute, b.reason) && a.receivers == b.receivers
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(prefix)
        hasher.combine(bestRoute)
        hasher.combine(reason)
        hasher.combine(receivers)
    }
}
