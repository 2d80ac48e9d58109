import BGP

/// What the attribute rules of the import policy read of a set: one built (`PathAttributes`)
/// or one read in place from the store (`PolicyAttributes`), so that both are checked by the
/// same rules.
protocol ImportedAttributes {
    /// Every ASN of the AS path in order; none without an AS_PATH.
    func forEachASN(_ body: (ASN) -> Void)
    /// `ASPath.firstASN`; nil without an AS_PATH.
    var firstASN: ASN? { get }
    /// `ASPath.length`; 0 without an AS_PATH.
    var pathLength: Int { get }
    func effectiveNextHop(for family: AddressFamily) -> IPAddress?
}

extension PolicyAttributes: ImportedAttributes {}

/// A built set, a missing AS path read as an empty one.
struct BuiltAttributes: ImportedAttributes {
    let attributes: PathAttributes
    let path: ASPath

    init(_ attributes: PathAttributes) {
        self.attributes = attributes
        path = attributes.asPath ?? ASPath()
    }

    func forEachASN(_ body: (ASN) -> Void) {
        for segment in path.segments {
            for asn in segment.asns { body(asn) }
        }
    }

    var firstASN: ASN? { path.firstASN }
    var pathLength: Int { path.length }
    func effectiveNextHop(for family: AddressFamily) -> IPAddress? { attributes.effectiveNextHop(for: family) }
}
