import BGP
import MRT
import XCTest
@testable import Routing

/// The two halves of a reconstruction: the changes written by the decoding half, applied on a
/// thread of their own or where they were written, with the compact forms written by either
/// half, give the same RIB, whatever batch an UPDATE's prefixes fall into.
final class RouteChangesTests: XCTestCase {
    private func attributes(_ path: [UInt32], med: UInt32) -> PathAttributes {
        var a = PathAttributes()
        a.origin = .igp
        a.asPath = ASPath(sequence: path)
        a.nextHop = IPAddress("192.0.2.1")
        a.med = med
        return a
    }

    /// One session, two UPDATEs of more prefixes than a batch holds, a withdrawal of half of
    /// them, a reset and a RIB entry. Worked out by hand: the first UPDATE announces 10.0.0.0/24
    /// to 10.23.255.0/24 (6,144 prefixes, set 0); the second announces the first 100 of them
    /// again with another MED (set 1: an attribute change each); the third withdraws every
    /// even one of the first 6,144 and announces nothing. The reset then drops the 3,072 odd
    /// ones left; the RIB entry after it brings 10.0.1.0/24 back with set 0.
    private func replay(aside: Bool, compactFormsByApplier: Bool) -> (rib: AdjRIBIn, session: SessionState) {
        let rib = AdjRIBIn()
        let session = rib.session(SessionID(source: "rs1", peerAddress: IPAddress("192.0.2.9")!, peerASN: ASN(64_500)), partial: false)
        let pipe = RouteChangePipe(rib: rib, aside: aside)
        var changes = RouteChanges(leavingCompactFormsToApplier: compactFormsByApplier)
        changes.introduce(session)
        func key(_ n: Int) -> RouteKey {
            RouteKey(prefix: Prefix(address: IPAddress(ipv4: 0x0A00_0000 | UInt32(n) << 8), length: 24))
        }
        func handOver() {
            if changes.isFull { pipe.send(&changes) }
        }
        /// The attribute block as an UPDATE carries it, parsed; the bytes are only borrowed, as
        /// from a record's buffer.
        func wire(_ attributes: PathAttributes, _ body: (WireAttributes) -> Void) {
            let block = BGPEncoder.pathAttributes(attributes)
            block.withUnsafeBytes { body(try! WireAttributes(parsing: $0, asnSize: 4, addPath: false)) }
        }
        let prefixes = 6144
        wire(attributes([64_500, 3333], med: 0)) { changes.update(session, at: 100, prefixes: prefixes, attributes: $0) }
        for n in 0..<prefixes { changes.announce(key(n)); handOver() }
        wire(attributes([64_500, 3333], med: 5)) { changes.update(session, at: 200, prefixes: 100, attributes: $0) }
        for n in 0..<100 { changes.announce(key(n)); handOver() }
        changes.update(session, at: 300, prefixes: 0, attributes: WireAttributes(asnSize: 4))
        for n in stride(from: 0, to: prefixes, by: 2) { changes.withdraw(key(n)); handOver() }
        changes.reset(session, at: 400)
        wire(attributes([64_500, 3333], med: 0)) { changes.ribEntry(session, key(1), at: 500, firstSeen: 450, attributes: $0) }
        pipe.send(&changes)
        pipe.finish()
        session.updateAttributes.settle()
        return (rib, session)
    }

    func testAppliedAsideOrInPlaceTheRIBIsTheWorkedOne() {
        for aside in [true, false] {
            for byApplier in [true, false] {
                checkTheWorkedRIB(aside: aside, compactFormsByApplier: byApplier)
            }
        }
    }

    private func checkTheWorkedRIB(aside: Bool, compactFormsByApplier: Bool) {
        let (rib, session) = replay(aside: aside, compactFormsByApplier: compactFormsByApplier)
        XCTAssertEqual(rib.attributes.count, 2, "two distinct sets")
        XCTAssertEqual(session.updates, 3)
        XCTAssertEqual(session.announcements, 6144 + 100)
        XCTAssertEqual(session.withdrawals, 3072)
        XCTAssertEqual(session.unknownWithdrawals, 0)
        XCTAssertEqual(session.updateAttributes.counts.map(\.id), [0, 1])
        XCTAssertEqual(session.updateAttributes.counts.map(\.prefixes), [6144, 100])
        XCTAssertEqual(rib.attributes[0].med, 0)
        XCTAssertEqual(rib.attributes[1].med, 5)
        XCTAssertEqual(rib.attributes[1].asPath, ASPath(sequence: [64_500, 3333]))
        XCTAssertEqual(session.resets, 1)
        XCTAssertEqual(session.ipv4Routes, 1, "only the RIB entry after the reset")
        XCTAssertEqual(session.firstUpdate, 100)
        XCTAssertEqual(session.lastUpdate, 300)
        let records = Dictionary(uniqueKeysWithValues: zip(session.routes.keys, session.routes.values))
        XCTAssertEqual(records.count, 6144)
        let first = records[RouteKey(prefix: Prefix("10.0.0.0/24")!)]
        XCTAssertEqual(first?.attributes, 1)
        XCTAssertEqual(first?.attributeChanges, 1)
        XCTAssertEqual(first?.isPresent, false)
        let back = records[RouteKey(prefix: Prefix("10.0.1.0/24")!)]
        XCTAssertEqual(back?.isPresent, true)
        XCTAssertEqual(back?.attributes, 0, "set 0 again, from the RIB entry")
        XCTAssertEqual(back?.flaps, 1, "dropped by the reset and back")
        XCTAssertEqual(back?.withdrawalFlaps, 0, "the member did not withdraw it")
        XCTAssertEqual(records[RouteKey(prefix: Prefix("10.23.255.0/24")!)]?.droppedByReset, true)
    }
}
