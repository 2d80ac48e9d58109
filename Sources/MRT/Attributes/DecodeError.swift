/// What is wrong inside one record. `field` names the part of the record, `offset` is relative
/// to the record body. `consequence` says what became of the record: skipped whole, or decoded
/// with the damaged part left out, or its routes treated as withdrawn (RFC 7606 section 2).
public struct DecodeError: Error, Hashable, CustomStringConvertible {
    public var field: String
    public var problem: String
    public var offset: Int
    public var consequence: Consequence

    public enum Consequence: Hashable, Sendable {
        /// Nothing of the record could be used.
        case recordSkipped
        /// The record was decoded up to the damage, or around it; the damaged part is reported.
        case partOmitted
        /// RFC 7606 "treat-as-withdraw": the attributes are unusable, so the routes they came
        /// with are withdrawn rather than announced.
        case treatAsWithdraw
    }

    public init(_ field: String, _ problem: String, at offset: Int, consequence: Consequence = .recordSkipped) {
        self.field = field; self.problem = problem; self.offset = offset; self.consequence = consequence
    }

    public var description: String { "\(field): \(problem) (at body byte \(offset))" }

    /// The same error seen from an enclosing structure that starts at `base`.
    func shifted(by base: Int, within context: String? = nil) -> DecodeError {
        DecodeError(context.map { "\($0) \(field)" } ?? field, problem, at: offset + base, consequence: consequence)
    }

    func with(_ consequence: Consequence) -> DecodeError {
        var copy = self
        copy.consequence = consequence
        return copy
    }
}
