/// What is wrong inside one record. The record is skipped and reported with its file and
/// offset; `field` names the part of the record, `offset` is relative to the record body.
public struct DecodeError: Error, Hashable, CustomStringConvertible {
    public var field: String
    public var problem: String
    public var offset: Int

    public init(_ field: String, _ problem: String, at offset: Int) {
        self.field = field; self.problem = problem; self.offset = offset
    }

    public var description: String { "\(field): \(problem) (at body byte \(offset))" }

    /// The same error seen from an enclosing structure that starts at `base`.
    func shifted(by base: Int, within context: String? = nil) -> DecodeError {
        DecodeError(context.map { "\($0) \(field)" } ?? field, problem, at: offset + base)
    }
}
