import Job
import RouteServer
import XCTest

final class ExportModeTests: XCTestCase {
    func testModesAreNamedAsTheCommandLineTakesThem() {
        XCTAssertEqual(ExportMode.allCases.map(\.rawValue), ["best", "per-client", "add-path", "evaluate-all"])
        XCTAssertEqual(ExportMode(rawValue: "per-client"), .perClient)
    }
}
