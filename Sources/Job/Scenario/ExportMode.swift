/// How a route server chooses what each member receives (docs/route-server-semantics.md,
/// "The route server: export"): real route servers differ, so the simulation offers each of
/// them; which names a route server accepts depends on its implementation
/// (`RouteServerImplementation.modeNames`).
public enum ExportMode: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// One best route per prefix for everyone; when a member's communities keep that route
    /// from a receiver, the receiver gets nothing for the prefix (the hidden-path problem;
    /// BIRD's default tables).
    case best
    /// Each receiver gets its best route among those allowed to it (BIRD's `secondary`).
    case perClient = "per-client"
    /// Each receiver gets every route allowed to it (ADD-PATH to the clients).
    case addPath = "add-path"
    /// OpenBGPD's `rde evaluate all`: each receiver walks the routes best first and gets the first
    /// its filter allows, but gets nothing when the walk reaches its own route first, unless
    /// the filter denies that own route to it too.
    case evaluateAll = "evaluate-all"

    public var description: String { rawValue }
}
