extension Array {
    /// `init(unsafeUninitializedCapacity:initializingWith:)` that makes the empty array without
    /// calling `body` when `capacity` is 0: the standard library's version then writes the count
    /// into the one empty-array storage the whole process shares, a data race (ThreadSanitizer
    /// reports it) when two threads, a route server each, fill an empty array at once.
    public init(filling capacity: Int,
                _ body: (inout UnsafeMutableBufferPointer<Element>, inout Int) throws -> Void) rethrows {
        guard capacity > 0 else {
            self = []
            return
        }
        try self.init(unsafeUninitializedCapacity: capacity, initializingWith: body)
    }
}
