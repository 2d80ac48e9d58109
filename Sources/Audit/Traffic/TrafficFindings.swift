import BGP

extension TrafficTally {
    /// The findings of the five traffic checks from the sums (docs/checks-traffic.md gives
    /// each rule and threshold). traffic-filtered and traffic-few-routes need the route-server
    /// simulation and are left out without one (Audit reports them as not run).
    public func findings(_ index: TrafficIndex, settings: TrafficSettings) -> [Finding] {
        var out: [Finding] = []
        let pairs = cells
        for cell in pairs {
            if let finding = defaultPointing(.trafficUnannounced, cell, cell.unannounced, cell.unannouncedTop, index, settings) {
                out.append(finding)
            }
            if index.hasSimulation,
               let finding = defaultPointing(.trafficFiltered, cell, cell.filtered, cell.filteredTop, index, settings) {
                out.append(finding)
            }
        }
        if index.hasSimulation { out += fewRoutes(pairs, index, settings) }
        out += sourcesOutside(index, settings)
        out += ratios(pairs, index, settings)
        return out
    }

    /// traffic-unannounced and traffic-filtered: the part of A's traffic to B of one verdict,
    /// when it is at least `minimumSamples` samples and `minimumShare` of A's traffic to B.
    private func defaultPointing(_ check: Check, _ cell: PairCell, _ part: TrafficVolume, _ top: Int32,
                                 _ index: TrafficIndex, _ settings: TrafficSettings) -> Finding? {
        guard part.samples >= settings.minimumSamples, part.samples > 0,
              Self.share(part.bytes, of: cell.total.bytes) >= settings.minimumShare else { return nil }
        let a = index.asns[Int(cell.sender)], b = index.asns[Int(cell.receiver)]
        let listed = tops.top(top, settings.topCount)
        let what = check == .trafficUnannounced
            ? "for destinations AS\(b) announced on none of its sessions during the day"
            : "for destinations AS\(b) announces, but whose communities keep those routes from AS\(a) on every route server"
        var evidence = "\(member(cell.sender, index)) sent \(member(cell.receiver, index)) \(Self.volume(part)) \(what): "
            + "\(Self.percent(Self.share(part.bytes, of: cell.total.bytes))) of its \(Self.bytes(cell.total.bytes)) to AS\(b), "
            + "\(Self.percent(Self.share(part.bytes, of: sent[Int(cell.sender)].bytes))) of all it sent across the IX; "
            + "top destinations: \(Self.describe(listed, index))"
        // With a bilateral session AS b may announce the destinations to AS a directly, which
        // no route server shows: the finding stays, said so, as a notice.
        var severity: Severity?
        if let session = bgp.between(cell.sender, cell.receiver) {
            let asns = index.asns
            evidence += "; but AS\(a) and AS\(b) have a bilateral BGP session ("
                + BilateralSession(first: asns[Int(session.low)], second: asns[Int(session.high)], firstAddress: session.lowAddress,
                                   secondAddress: session.highAddress, samples: session.samples).evidence
                + "): AS\(b) may announce these destinations to AS\(a) over it, which the route servers cannot show, "
                + "so this is a notice, not an error"
            severity = .notice
        }
        return Finding(check, member: a, memberName: index.names[Int(cell.sender)], otherMember: b, evidence: evidence,
                       traffic: figures(part, of: cell.sender, listed.entries), firstSeen: Self.time(part.firstSeen),
                       lastSeen: Self.time(part.lastSeen), count: part.samples, severity: severity)
    }

    /// traffic-few-routes: a member sending at least `fewRoutesTrafficShare` of all
    /// member-to-member traffic while the best route server gives it fewer than `fewRoutesShare`
    /// of the prefixes it carries.
    private func fewRoutes(_ pairs: [PairCell], _ index: TrafficIndex, _ settings: TrafficSettings) -> [Finding] {
        var out: [Finding] = []
        for m in sent.indices {
            let volume = sent[m]
            let trafficShare = Self.share(volume.bytes, of: total.bytes)
            let routes = index.routesReceived[m]
            guard volume.samples > 0, trafficShare >= settings.fewRoutesTrafficShare, routes.share < settings.fewRoutesShare else {
                continue
            }
            let receivers = pairs.filter { $0.sender == Int32(m) }
                .sorted { $0.total.bytes != $1.total.bytes ? $0.total.bytes > $1.total.bytes : $0.receiver < $1.receiver }
                .prefix(settings.topCount)
            let top = receivers.map { (address: "AS\(index.asns[Int($0.receiver)]) \(index.names[Int($0.receiver)])", bytes: $0.total.bytes) }
            let given = routes.routeServer.map { server in
                "\(routes.routes) of the \(routes.prefixesCarried) prefixes the route servers carry "
                    + "(\(Self.percent(routes.share)), best: \(server))"
            } ?? "no routes from the route servers (it has no session with them)"
            let evidence = "\(member(Int32(m), index)) sent \(Self.volume(volume)), \(Self.percent(trafficShare)) of all "
                + "member-to-member traffic seen (\(Self.bytes(total.bytes))), while it receives \(given); "
                + "largest receivers: " + top.map { "\($0.address) \(Self.bytes($0.bytes))" }.joined(separator: ", ")
            out.append(Finding(.trafficFewRoutes, member: index.asns[m], memberName: index.names[m], evidence: evidence,
                               traffic: TrafficFigures(bytes: volume.bytes, packets: volume.packets, shareOfMember: 1, top: top),
                               firstSeen: Self.time(volume.firstSeen), lastSeen: Self.time(volume.lastSeen), count: volume.samples))
        }
        return out
    }

    /// traffic-source-outside: traffic from addresses outside everything A announced, at least
    /// `minimumSamples` samples and `minimumShare` of all A sent.
    private func sourcesOutside(_ index: TrafficIndex, _ settings: TrafficSettings) -> [Finding] {
        var out: [Finding] = []
        for m in sourceOutside.indices {
            let part = sourceOutside[m]
            guard part.samples >= settings.minimumSamples, part.samples > 0,
                  Self.share(part.bytes, of: sent[m].bytes) >= settings.minimumShare else { continue }
            let listed = topSources(Int32(m), settings.topCount)
            let evidence = "\(member(Int32(m), index)) sent \(Self.volume(part)) from source addresses outside every prefix it "
                + "announced during the day: \(Self.percent(Self.share(part.bytes, of: sent[m].bytes))) of the "
                + "\(Self.bytes(sent[m].bytes)) it sent across the IX; top sources: \(Self.describe(listed, index))"
            out.append(Finding(.trafficSourceOutside, member: index.asns[m], memberName: index.names[m], evidence: evidence,
                               traffic: figures(part, of: Int32(m), listed.entries), firstSeen: Self.time(part.firstSeen),
                               lastSeen: Self.time(part.lastSeen), count: part.samples))
        }
        return out
    }

    /// traffic-ratio (P8): per pair, the heavier sender's bytes more than `ratio` times what
    /// it received back, when the pair's traffic is at least `ratioMinimumShare` of all
    /// member-to-member traffic.
    private func ratios(_ pairs: [PairCell], _ index: TrafficIndex, _ settings: TrafficSettings) -> [Finding] {
        var out: [Finding] = []
        for forward in pairs {
            let back = total(forward.receiver, forward.sender)
            let (ab, ba) = (forward.total.bytes, back.bytes)
            guard Double(ab) > settings.ratio * Double(ba),
                  Self.share(ab &+ ba, of: total.bytes) >= settings.ratioMinimumShare else { continue }
            let a = index.asns[Int(forward.sender)], b = index.asns[Int(forward.receiver)]
            let returned = ba == 0
                ? "and received nothing back from AS\(b)"
                : "\(Self.ratio(ab, ba)) times the \(Self.bytes(ba)) it received from AS\(b)"
            let evidence = "\(member(forward.sender, index)) sent \(member(forward.receiver, index)) \(Self.volume(forward.total)), "
                + "\(returned) (limit \(Self.ratioLimit(settings.ratio)):1); the pair exchanged "
                + "\(Self.percent(Self.share(ab &+ ba, of: total.bytes))) of all member-to-member traffic seen"
            out.append(Finding(.trafficRatio, member: a, memberName: index.names[Int(forward.sender)], otherMember: b,
                               evidence: evidence, traffic: figures(forward.total, of: forward.sender, []),
                               firstSeen: Self.time(forward.total.firstSeen), lastSeen: Self.time(forward.total.lastSeen),
                               count: forward.total.samples))
        }
        return out
    }

    // MARK: wording

    private func figures(_ part: TrafficVolume, of member: Int32, _ top: [(prefix: Prefix, bytes: UInt64)]) -> TrafficFigures {
        TrafficFigures(bytes: part.bytes, packets: part.packets, shareOfMember: Self.share(part.bytes, of: sent[Int(member)].bytes),
                       top: top.map { (address: $0.prefix.description, bytes: $0.bytes) })
    }

    private func member(_ m: Int32, _ index: TrafficIndex) -> String {
        let name = index.names[Int(m)], asn = index.asns[Int(m)]
        return name == "AS\(asn)" ? name : "AS\(asn) (\(name))"
    }

    /// Prefixes with their bytes and who announces each exactly.
    private static func describe(_ listed: (entries: [(prefix: Prefix, bytes: UInt64)], approximate: Bool),
                                 _ index: TrafficIndex) -> String {
        let items = listed.entries.map { "\($0.prefix) \(bytes($0.bytes)) (\(index.whoAnnounced($0.prefix)))" }
        return items.joined(separator: ", ") + (listed.approximate ? " (approximate: more distinct prefixes than counted)" : "")
    }

    static func share(_ part: UInt64, of whole: UInt64) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }

    static func time(_ seconds: UInt32) -> UInt32? { seconds == 0 ? nil : seconds }

    static func volume(_ v: TrafficVolume) -> String {
        "\(bytes(v.bytes)) (\(v.bytes) bytes, \(v.packets) packets scaled from \(v.samples) samples)"
    }

    /// Bytes in decimal units with two decimals: 1.25 GB.
    static func bytes(_ value: UInt64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]
        var unit = 0
        var scale: UInt64 = 1
        while unit < units.count - 1 && value / scale >= 1000 {
            scale *= 1000
            unit += 1
        }
        if unit == 0 { return "\(value) B" }
        let hundredths = (value % scale) * 100 / scale
        return "\(value / scale).\(hundredths < 10 ? "0" : "")\(hundredths) \(units[unit])"
    }

    /// A share as a percentage with up to two decimals (at least one significant digit).
    static func percent(_ share: Double) -> String {
        var decimals = 2
        while decimals < 6 && share > 0 && share * 100 < 1 / pow10(decimals) { decimals += 1 }
        let scaled = (share * 100 * pow10(decimals)).rounded() / pow10(decimals)
        return "\(scaled)%"
    }

    private static func pow10(_ n: Int) -> Double { (0..<n).reduce(1.0) { r, _ in r * 10 } }

    static func ratio(_ a: UInt64, _ b: UInt64) -> String { "\((Double(a) / Double(b) * 100).rounded() / 100)" }

    static func ratioLimit(_ r: Double) -> String { r == r.rounded() ? String(Int(r)) : String(r) }
}
