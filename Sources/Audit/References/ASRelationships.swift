// Placeholder: the CAIDA AS-relationship reader is being written.
public struct ASRelationships: Sendable {}
