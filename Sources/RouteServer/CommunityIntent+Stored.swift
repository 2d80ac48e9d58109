import BGP
import Job

extension CommunityIntent {
    /// The intent of a stored set, its communities read in place (`PolicyAttributes`): the
    /// simulation reads the communities of every distinct set of the day, a million on a large
    /// route server, most of them informational, so none is copied out.
    init(_ attributes: PolicyAttributes, scheme: CommunityScheme) {
        var intent = CommunityIntent()
        attributes.forEachCommunity { intent.read($0, scheme) }
        attributes.forEachLargeCommunity { intent.read($0, scheme) }
        intent.finishReading()
        self = intent
    }

    /// Whether this is the intent of a route without control communities (`init()`): reading
    /// keeps every community that sets anything, so nothing kept means nothing set.
    var isEmpty: Bool { !hasControlCommunities }
}
