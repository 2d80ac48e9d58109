import BGP
import Job

extension CommunityIntent {
    /// The intent of a stored set, its communities read in place (`PolicyAttributes`): the
    /// simulation reads the communities of every distinct set of the day, a million on a large
    /// route server, most of them informational, so none is copied out, and those `filter`
    /// (the scheme's) rules out are not read.
    /// A static function rather than an initializer: an initializer takes its arguments owned,
    /// which copied the scheme (and retained each of its lists) once per set read. A set
    /// whose communities the filter rules out altogether is the empty intent, read no further.
    static func of(_ attributes: PolicyAttributes, scheme: CommunityScheme, filter: ControlCommunityFilter) -> CommunityIntent {
        var intent = CommunityIntent()
        guard attributes.containsCommunity(where: filter.mayControl) || attributes.containsLargeCommunity(where: filter.mayControl) else {
            return intent
        }
        attributes.forEachCommunity { if filter.mayControl($0) { intent.read($0, scheme) } }
        attributes.forEachLargeCommunity { if filter.mayControl($0) { intent.read($0, scheme) } }
        intent.finishReading()
        return intent
    }

    /// Whether this is the intent of a route without control communities (`init()`): reading
    /// keeps every community that sets anything, so nothing kept means nothing set.
    var isEmpty: Bool { !hasControlCommunities }
}
