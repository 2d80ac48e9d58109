import XCTest
@testable import History
