import BGP
import XCTest

final class BGPStateTests: XCTestCase {
    func testCodesOfRFC4271() {
        let states: [BGPState] = [.idle, .connect, .active, .openSent, .openConfirm, .established]
        XCTAssertEqual(states.map(\.code), [1, 2, 3, 4, 5, 6])
        XCTAssertEqual((1...6).map { BGPState(code: $0) }, states)
        XCTAssertEqual(states.map(\.description), ["idle", "connect", "active", "opensent", "openconfirm", "established"])
    }

    func testAnUnknownCodeIsKeptAsRead() {
        for code: UInt16 in [0, 7, 65535] {
            let state = BGPState(code: code)
            XCTAssertEqual(state, .unknown(code))
            XCTAssertEqual(state.code, code)
            XCTAssertEqual(state.description, "state \(code)")
            XCTAssertNotEqual(state, .established)
        }
    }
}
