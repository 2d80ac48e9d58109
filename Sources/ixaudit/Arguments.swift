import ArgumentParser
import Audit
import BGP
import Foundation
import Job
import RouteServer
import Routing

/// `--date`: a day, or `today` / `yesterday` (UTC) for a nightly job.
struct DateArgument: ExpressibleByArgument {
    var date: JobDate

    init?(argument: String) {
        switch argument {
        case "today": date = JobDate(Date())
        case "yesterday": date = JobDate(Date().addingTimeInterval(-86_400))
        default:
            guard let day = JobDate(argument) else { return nil }
            date = day
        }
    }

    static var defaultValueDescription: String { "YYYY-MM-DD, today or yesterday" }
}

/// `LABEL=PATH` of `--rib` and `--updates`.
struct LabelledPath: ExpressibleByArgument {
    var label: String
    var path: String

    init?(argument: String) {
        guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex,
              argument.index(after: equals) != argument.endIndex else { return nil }
        label = String(argument[..<equals])
        path = String(argument[argument.index(after: equals)...])
    }
}

/// `--member ASN,NAME,ADDRESS[,ADDRESS...]`.
struct MemberArgument: ExpressibleByArgument {
    var member: Member

    init?(argument: String) {
        let parts = argument.split(separator: ",").map(String.init)
        guard parts.count >= 3, let asn = ASNArgument(argument: parts[0]) else { return nil }
        var addresses: [IPAddress] = []
        for part in parts.dropFirst(2) {
            guard let address = IPAddress(part) else { return nil }
            addresses.append(address)
        }
        member = Member(asn: asn.asn, name: parts[1], ipv4: addresses.filter { $0.family == .ipv4 },
                        ipv6: addresses.filter { $0.family == .ipv6 })
    }
}

/// `--route-server LABEL=ASN,IPV4,IPV6`.
struct RouteServerArgument: ExpressibleByArgument {
    var server: RouteServerConfig

    init?(argument: String) {
        guard let labelled = LabelledPath(argument: argument) else { return nil }
        let parts = labelled.path.split(separator: ",").map(String.init)
        guard let first = parts.first, let asn = ASNArgument(argument: first) else { return nil }
        server = RouteServerConfig(label: labelled.label, asn: asn.asn)
        for part in parts.dropFirst() {
            guard let address = IPAddress(part) else { return nil }
            if address.family == .ipv4 { server.ipv4 = address } else { server.ipv6 = address }
        }
    }
}

/// An AS number: `AS8359`, `as8359` or `8359`; 1 to 4294967295.
struct ASNArgument: ExpressibleByArgument {
    var asn: ASN

    init(asn: ASN) { self.asn = asn }

    init?(argument: String) {
        guard let asn = try? ASN(parsing: argument) else { return nil }
        self.asn = asn
    }

    static var defaultValueDescription: String { "an AS number such as AS8359" }
}

extension CommunityProfile: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}
extension ExportMode: ExpressibleByArgument {}
