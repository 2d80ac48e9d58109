extension AttributeSets {
    /// The ASNs of set `id`'s AS path, every segment's in path order (`ASPath.allASNs`), read
    /// in place from the compact bytes (`PathAttributes+Compact.swift`) and appended to `out`:
    /// a check that wants only the path builds nothing else of the set. Nothing without an
    /// AS_PATH.
    public func appendPathASNs(of id: Int32, to out: inout [ASN]) {
        withCompact(Int(id)) { bytes in
            var reader = CompactBytes.Reader(bytes)
            let fields = PathAttributes.Field(rawValue: reader.byte())
            guard fields.contains(.asPath) else { return }
            if fields.contains(.origin) { _ = reader.byte() }
            if fields.contains(.nextHop) { _ = reader.address() }
            if fields.contains(.med) { _ = reader.uint32() }
            if fields.contains(.localPref) { _ = reader.uint32() }
            for _ in 0..<reader.count() {
                _ = reader.byte()
                for _ in 0..<reader.count() { out.append(ASN(rawValue: reader.uint32())) }
            }
        }
    }
}
