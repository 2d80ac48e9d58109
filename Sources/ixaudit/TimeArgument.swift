import ArgumentParser
import Foundation

/// A moment given on the command line: Unix seconds or RFC 3339 (`2026-11-21T06:00:00Z`,
/// `2026-11-21T07:00:00+01:00`).
struct TimeArgument: ExpressibleByArgument {
    var seconds: UInt32

    init?(argument: String) {
        if let value = UInt32(argument) {
            seconds = value
            return
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        var date = formatter.date(from: argument)
        if date == nil {
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            date = formatter.date(from: argument)
        }
        guard let date, date.timeIntervalSince1970 >= 0, date.timeIntervalSince1970 < 4_294_967_296 else { return nil }
        seconds = UInt32(date.timeIntervalSince1970)
    }

    static var defaultValueDescription: String { "Unix seconds or RFC 3339, e.g. 2026-11-21T06:00:00Z" }
}
