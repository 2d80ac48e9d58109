import BGP

extension AttributeInterner {
    /// The interned id of a decoded attribute block, decoding only blocks not seen before.
    public func intern(_ wire: WireAttributes) -> Int32 {
        // A block that carries NLRI (MP_REACH/MP_UNREACH of an UPDATE, RFC 4760 section 3) is
        // unique to its message: remembering its bytes would only grow memory with the file.
        if wire.mpUnreach != nil || (wire.mpReach?.nlri?.count ?? 0) > 0 {
            return intern(PathAttributes(wire))
        }
        return intern(encoded: wire.block, asnSize: wire.asnSize) { PathAttributes(wire) }
    }
}
