/// How far a command takes the day: `members` reconstructs, `simulate` also runs the route
/// servers, `report` and `review` also audit. Each stage loads only the inputs it needs.
public enum DayStage: Int, Comparable, Sendable {
    case members
    case simulation
    case audit

    public static func < (a: DayStage, b: DayStage) -> Bool { a.rawValue < b.rawValue }
}
