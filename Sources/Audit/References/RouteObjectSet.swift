// Placeholder: the IRR route-object reader is being written.
public struct RouteObjectSet: Sendable {}
