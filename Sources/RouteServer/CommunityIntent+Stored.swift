import BGP
import Job

extension CommunityIntent {
    /// The intent of a stored set, its communities read in place (`PolicyAttributes`): the
    /// simulation reads the communities of every distinct set of the day, a million on a large
    /// route server, most of them informational, so none is copied out, and those `filter`
    /// (the scheme's) rules out are not read.
    init(_ attributes: PolicyAttributes, scheme: CommunityScheme, filter: ControlCommunityFilter) {
        var intent = CommunityIntent()
        attributes.forEachCommunity { if filter.mayControl($0) { intent.read($0, scheme) } }
        attributes.forEachLargeCommunity { if filter.mayControl($0) { intent.read($0, scheme) } }
        intent.finishReading()
        self = intent
    }

    /// Whether this is the intent of a route without control communities (`init()`): reading
    /// keeps every community that sets anything, so nothing kept means nothing set.
    var isEmpty: Bool { !hasControlCommunities }
}
