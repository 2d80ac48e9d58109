import BGP
import Job
import XCTest
@testable import Audit

/// The batched ways of the classifier against the plain ones: the prefix table looked up a
/// batch at a time, samples classified a batch at a time.
final class TrafficBatchTests: XCTestCase {
    func testBatchLookUpAgreesWithOneAtATime() {
        var rng = SplitMix(seed: 11)
        // Nested IPv4 prefixes of every length inside 8 /8s (blocks two levels deep) and IPv6
        // inside 8 /16s (nodes below the root), and a default route of each family.
        var prefixes = Set([Prefix("0.0.0.0/0")!, Prefix("::/0")!])
        while prefixes.count < 4000 {
            if Bool.random(using: &rng) {
                let address = UInt32.random(in: 0...7, using: &rng) << 24 | UInt32.random(in: 0...0xFFFFFF, using: &rng)
                prefixes.insert(Prefix(address: IPAddress(ipv4: address), length: Int.random(in: 1...32, using: &rng)))
            } else {
                let high = (0x2000 | UInt64.random(in: 0...7, using: &rng)) << 48 | UInt64.random(in: 0...0xFFFF_FFFF_FFFF, using: &rng)
                prefixes.insert(Prefix(address: IPAddress(ipv6High: high, low: UInt64.random(in: 0...UInt64.max, using: &rng)),
                                       length: Int.random(in: 1...128, using: &rng)))
            }
        }
        let list = prefixes.sorted()
        let table = PrefixTable(list, values: list.indices.map { UInt64($0) + 1 })
        // An address inside a stored prefix or near one: random low bits, within its /24 half
        // the time (the deepest level of the IPv4 table).
        let addresses = (0..<10_000).map { _ -> IPAddress in
            let base = list.randomElement(using: &rng)!
            let bits: UInt64 = Bool.random(using: &rng) ? 0xFF : 0x3FFFF
            return base.family == .ipv4
                ? IPAddress(ipv4: UInt32(truncatingIfNeeded: base.address.low ^ UInt64.random(in: 0...bits, using: &rng)))
                : IPAddress(ipv6High: base.address.high ^ UInt64.random(in: 0...bits, using: &rng), low: UInt64.random(in: 0...UInt64.max, using: &rng))
        }
        var values = [UInt64](repeating: 0, count: addresses.count)
        var start = 0
        while start < addresses.count {
            // Batches of every size from 1 to 128, as the classifier's vary.
            let end = min(start + Int.random(in: 1...128, using: &rng), addresses.count)
            addresses[start..<end].withUnsafeBufferPointer { batch in
                values[start..<end].withUnsafeMutableBufferPointer { table.lookup(batch, into: $0) }
            }
            start = end
        }
        var trie = PrefixTrie<Int>()
        for (i, prefix) in list.enumerated() { trie.insert(prefix, i) }
        var deep = 0
        for (address, value) in zip(addresses, values) {
            XCTAssertEqual(value, table.lookup(address), "\(address)")
            XCTAssertEqual(Int(value) - 1, trie.longestMatch(address)?.value ?? -1, "\(address)")
            if value > 0 && list[Int(value) - 1].family == .ipv4 && list[Int(value) - 1].length > 24 { deep += 1 }
        }
        XCTAssertGreaterThan(deep, 100, "the addresses reach the deepest level of the IPv4 table")
    }

    func testSamplesClassifiedInBatchesSumAsOneAtATime() throws {
        let day = try TrafficDay()
        let index = TrafficIndex(day.inputs(flows: []))
        var rng = SplitMix(seed: 5)
        let macs = [TrafficDay.macA, TrafficDay.macB, TrafficDay.macC, TrafficDay.macD, TrafficDay.macUnknown].map { MACAddress($0)!.rawValue }
        // Inside and around the members' prefixes, the peering LAN, the filtered /24, elsewhere.
        let v4 = ["81.21.0.0", "82.30.0.0", "82.30.128.0", "83.30.0.0", "84.30.0.0", "85.31.0.0", "86.32.0.0", "87.30.0.0",
                  "88.30.0.0", "89.30.0.0", "185.1.15.0", "9.9.0.0"].map { IPAddress($0)!.low }
        let v6 = ["2a01:3216::", "2001:7f8:7a::", "2a02::"].map { IPAddress($0)!.high }
        let samples = (0..<5_000).map { _ -> FlowSample in
            let ipv6 = Int.random(in: 0..<8, using: &rng) == 0
            func address() -> IPAddress {
                ipv6 ? IPAddress(ipv6High: v6.randomElement(using: &rng)! | UInt64.random(in: 0...0xFFFF, using: &rng), low: 1)
                    : IPAddress(ipv4: UInt32(v4.randomElement(using: &rng)!) | UInt32.random(in: 0...0xFFFF, using: &rng))
            }
            return FlowSample(time: UInt32.random(in: 1000...3000, using: &rng), sourceMAC: macs.randomElement(using: &rng)!,
                              destinationMAC: macs.randomElement(using: &rng)!, source: address(), destination: address(),
                              bytes: UInt64.random(in: 64...1500, using: &rng), samplingRate: 1000,
                              ipProtocol: 6, sourcePort: Bool.random(using: &rng) ? 179 : 443, destinationPort: 80)
        }
        var single = TrafficTally(members: index.asns.count), batched = single
        for sample in samples { index.classify(sample, into: &single) }
        samples.withUnsafeBufferPointer { index.classify($0, into: &batched) }
        let settings = TrafficSettings()
        let one = TrafficAnalysis.result(index: index, tally: single, read: FlowReadSummary(), settings: settings)
        let many = TrafficAnalysis.result(index: index, tally: batched, read: FlowReadSummary(), settings: settings)
        XCTAssertEqual(many.pairs, one.pairs)
        XCTAssertEqual(many.members, one.members)
        XCTAssertEqual(many.unknownMACs, one.unknownMACs)
        XCTAssertEqual(many.bilateralSessions, one.bilateralSessions)
        XCTAssertEqual([many.total, many.ixInternal, many.sameMember, many.unattributed], [one.total, one.ixInternal, one.sameMember, one.unattributed])
        XCTAssertEqual(many.findings, one.findings)
        XCTAssertTrue(one.pairs.contains { $0.unannounced.samples > 0 } && one.pairs.contains { $0.filtered.samples > 0 })
        XCTAssertGreaterThan(one.ixInternal.samples, 0)
        XCTAssertGreaterThan(one.unattributed.samples, 0)
    }
}
