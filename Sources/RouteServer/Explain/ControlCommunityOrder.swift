import BGP
import Job

/// A route's control communities as the profile reads them, step by step, and which of them
/// keep a receiver from the route. Follows `CommunityIntent.audience(profile:)` step for step;
/// the explain tests check the two agree on every receiver.
struct ControlCommunityOrder {
    enum Action: String {
        case exclude, include, blockAll = "block-all", open
        /// RFC 1997's well-known communities, when the scheme obeys them: to no member,
        /// before any of the profile's steps.
        case noExport = "no-export", noAdvertise = "no-advertise"

        var wellKnown: Bool { self == .noExport || self == .noAdvertise }
    }
    enum Form: String { case standard, large }

    struct Reading {
        var text: String
        var action: Action
        var peer: ASN?
        var form: Form

        var value: ControlCommunityReading {
            ControlCommunityReading(community: text, action: action.rawValue, peer: peer?.rawValue, form: form.rawValue)
        }
    }

    let profile: CommunityProfile
    /// In the order the profile reads them.
    let readings: [Reading]

    /// Classifies each control community of `intent` as `CommunityIntent` does (patterns
    /// without a peer field first), then orders them by the profile's steps.
    init(_ intent: CommunityIntent, scheme: CommunityScheme) {
        profile = scheme.profile
        var out: [Reading] = []
        let s = scheme.standard, l = scheme.large
        for c in intent.standardCommunities {
            if let p = s.open, p.matches(c) { out.append(Reading(text: c.description, action: .open, form: .standard)) }
            else if let p = s.blockAll, p.matches(c) { out.append(Reading(text: c.description, action: .blockAll, form: .standard)) }
            else if let p = s.exclude, let asn = p.peer(in: c) { out.append(Reading(text: c.description, action: .exclude, peer: asn, form: .standard)) }
            else if let p = s.include, let asn = p.peer(in: c) { out.append(Reading(text: c.description, action: .include, peer: asn, form: .standard)) }
            else if scheme.actions.wellKnown == .interpret, c == .noExport || c == .noExportSubconfed || c == .noAdvertise {
                out.append(Reading(text: Self.text(c), action: c == .noAdvertise ? .noAdvertise : .noExport, form: .standard))
            }
        }
        for c in intent.largeCommunities {
            if let p = l.open, p.matches(c) { out.append(Reading(text: c.description, action: .open, form: .large)) }
            else if let p = l.blockAll, p.matches(c) { out.append(Reading(text: c.description, action: .blockAll, form: .large)) }
            else if let p = l.exclude, let asn = p.peer(in: c) { out.append(Reading(text: c.description, action: .exclude, peer: asn, form: .large)) }
            else if let p = l.include, let asn = p.peer(in: c) { out.append(Reading(text: c.description, action: .include, peer: asn, form: .large)) }
        }
        let profile = self.profile
        readings = out.enumerated().sorted { a, b in
            let ka = Self.step(a.element, profile), kb = Self.step(b.element, profile)
            return ka != kb ? ka < kb : a.offset < b.offset
        }.map(\.element)
    }

    /// `high:low`, also for the well-known communities (`65535:65281`, not `no-export`): the
    /// form the member's configuration and the route server's filters write.
    static func text(_ c: Community) -> String { "\(c.rawValue >> 16):\(c.rawValue & 0xFFFF)" }

    /// The step of the profile that reads `r`: the well-known communities first (the route
    /// server refuses such a route before its filters run), then arouteserver exclude,
    /// include, block-all, open (both forms together); IXP Manager the same four, large forms
    /// first.
    static func step(_ r: Reading, _ profile: CommunityProfile) -> Int {
        if r.action.wellKnown { return -1 }
        let order: [Action] = [.exclude, .include, .blockAll, .open]
        let base = order.firstIndex(of: r.action)!
        switch profile {
        case .arouteserver: return base
        case .ixpManager: return (r.form == .large ? 0 : 4) + base
        }
    }

    /// The communities that keep the route from `receiver`, when its intent does not allow
    /// it: NO_EXPORT or NO_ADVERTISE, else the first step of the profile that decides the
    /// receiver (an exclude naming it, or a block-all it is not included past). Empty when
    /// the route is allowed to it.
    func denying(_ receiver: ASN, intent: CommunityIntent) -> [Reading] {
        guard !intent.allows(receiver, profile: profile) else { return [] }
        let wellKnown = readings.filter(\.action.wellKnown)
        if !wellKnown.isEmpty { return wellKnown }
        func matching(_ action: Action, _ form: Form?, peer: ASN? = nil) -> [Reading] {
            readings.filter { $0.action == action && (form == nil || $0.form == form) && (peer == nil || $0.peer == peer) }
        }
        switch profile {
        case .arouteserver:
            let excludes = matching(.exclude, nil, peer: receiver)
            return excludes.isEmpty ? matching(.blockAll, nil) : excludes
        case .ixpManager:
            let large = matching(.exclude, .large, peer: receiver)
            if !large.isEmpty { return large }
            if intent.blockAllLarge { return matching(.blockAll, .large) }
            let standard = matching(.exclude, .standard, peer: receiver)
            if !intent.blockAllStandard { return standard }
            return standard + matching(.blockAll, .standard)
        }
    }
}
