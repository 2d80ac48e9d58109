import BGP
import Job

extension Simulator {
    /// The result once every prefix is simulated: each mode's matrices from its counts, and
    /// the community sets with the members that sent them and their problems.
    func finish() -> ExportResult {
        var matrices: [ExportMode: [Int]] = [:], memberMatrices: [ExportMode: [Int]] = [:]
        // The modes' matrices depend on their own counts alone: built side by side.
        let simulated = Self.modes.indices.filter { Self.modes[$0] != .evaluateAll || evaluatesAll }
        let built = inParallel(simulated.map { m in { self.matrices(m) } })
        for (m, (matrix, byMember)) in zip(simulated, built) {
            matrices[Self.modes[m]] = matrix
            memberMatrices[Self.modes[m]] = byMember
        }
        // Community sets: from the add-path counts, which cover every accepted route once.
        var setRoutes = [Int](repeating: 0, count: intents.count)
        var setSenders = [Set<ASN>](repeating: [], count: intents.count)
        // Each (intent, sending session) once: a bit per pair, so that a set's members are
        // gathered from its sessions rather than hashed once per route.
        let words = (rib.sessions.count + 63) / 64
        var sessionSeen = [UInt64](repeating: 0, count: intents.count * words)
        for (i, intent) in routeIntent.enumerated() where intent >= 0 {
            setRoutes[Int(intent)] += 1
            let session = Int(rib.routes[i].session), word = Int(intent) * words + session >> 6, bit: UInt64 = 1 << UInt64(session & 63)
            guard sessionSeen[word] & bit == 0 else { continue }
            sessionSeen[word] |= bit
            setSenders[Int(intent)].insert(rib.sessions[session].peerASN)
        }
        let isMember: ((ASN) -> Bool)? = members.map { d in { d.member(asn: $0) != nil } }
        var communitySets: [CommunitySetSummary] = []
        for (id, intent) in intents.enumerated() {
            var problems: [IntentProblem] = []
            for sender in setSenders[id].sorted() {
                for p in intent.problems(sender: sender, isMember: isMember) where !problems.contains(p) { problems.append(p) }
            }
            communitySets.append(CommunitySetSummary(intent: intent, audience: intent.audience(profile: scheme.profile),
                                                     routes: setRoutes[id], members: setSenders[id].sorted(),
                                                     audienceSize: intentMembers[id], problems: problems))
        }
        return ExportResult(routeServer: rib.label, implementation: implementation, scheme: scheme,
                            controlCommunities: controlCommunities, rib: rib, importResult: importResult,
                            receivers: receivers, sessionMatrices: matrices, matrices: memberMatrices, routeIntent: routeIntent, intents: intents,
                            intentReceivers: intentSets.map { $0.map { sets[Int($0)] } }, receiving: receiving,
                            memberOfSession: memberOfSession, communitySets: communitySets, hiddenPaths: hidden)
    }

    /// The sender-by-session and sender-by-member matrices of mode `m` (an index into `modes`).
    func matrices(_ m: Int) -> (sessions: [Int], members: [Int]) {
        let n = rib.sessions.count, memberCount = receivers.count
        var matrix = [Int](repeating: 0, count: memberCount * n), byMember = [Int](repeating: 0, count: memberCount * memberCount)
        // The members a receiver set reaches, each once (bits are in member order): a route
        // counts once for a member however many of its routers get it.
        var membersOfSet: [Int: [Int]] = [:]
        counts[m].forEach { key, c in
            let session = Int(key.session), sender = memberOfSession[session]
            let columns = receiving.sessions[Int(key.family)]
            let bits = sets[Int(key.set)] & receiving.mask[Int(key.family)]
            bits.forEach { r in if columns[r] != session { matrix[sender * n + columns[r]] += c } }
            let setKey = Int(key.set) * 2 + Int(key.family)
            if membersOfSet[setKey] == nil {
                var list: [Int] = []
                bits.forEach { r in
                    let member = memberOfSession[columns[r]]
                    if list.last != member { list.append(member) }
                }
                membersOfSet[setKey] = list
            }
            for receiver in membersOfSet[setKey]! where receiver != sender { byMember[sender * memberCount + receiver] += c }
        }
        return (matrix, byMember)
    }
}
