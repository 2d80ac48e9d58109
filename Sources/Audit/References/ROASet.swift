// Placeholder: the RPKI VRP reader is being written.
public struct ROASet: Sendable {}
