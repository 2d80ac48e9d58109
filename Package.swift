// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ixaudit",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "ixaudit", targets: ["ixaudit"]),
        .library(name: "BGP", targets: ["BGP"]),
        .library(name: "MRT", targets: ["MRT"]),
        .library(name: "Job", targets: ["Job"]),
        .library(name: "Routing", targets: ["Routing"]),
        .library(name: "RouteServer", targets: ["RouteServer"]),
        .library(name: "Audit", targets: ["Audit"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
        .library(name: "History", targets: ["History"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CIsal", path: "Sources/CIsal", providers: [.apt(["libisal-dev"])]),
        .systemLibrary(name: "CBzip2", path: "Sources/CBzip2",
                       providers: [.apt(["libbz2-dev"])]),
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto",
                       providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ",
                       providers: [.apt(["libpq-dev"])]),
        .target(name: "CSystem"),
        .target(name: "BGP", dependencies: ["CSystem"], swiftSettings: fastPaths),
        .target(name: "MRT", dependencies: ["BGP", "CZlib", "CBzip2", "CIsal"], swiftSettings: fastPaths),
        .target(name: "Job", dependencies: ["BGP", "Yams"]),
        .target(name: "Routing", dependencies: ["BGP", "MRT", "Job", "CSystem"], swiftSettings: fastPaths),
        .target(name: "RouteServer", dependencies: ["BGP", "Job", "Routing", "CSystem"]),
        .target(name: "Audit", dependencies: ["BGP", "MRT", "Job", "Routing", "RouteServer"]),
        .target(name: "Report", dependencies: ["BGP", "MRT", "Job", "Routing", "RouteServer", "Audit"]),
        .target(name: "History", dependencies: ["BGP", "Audit", "Report", "CLibPQ", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "Pipeline", dependencies: ["BGP", "MRT", "Job", "Routing", "RouteServer", "Audit", "Report", "History", "CCrypto", "CSystem"]),
        .target(name: "Study", dependencies: ["Job", "Audit", "Report", "Pipeline"]),
        .target(name: "Synth", dependencies: ["BGP", "MRT", "Job", "Routing"]),
        .executableTarget(
            name: "ixaudit",
            dependencies: ["MRT", "Job", "Routing", "RouteServer", "Audit", "Report", "History", "Pipeline", "Study", "Synth", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "MRTFuzz", dependencies: ["MRT"], path: "Fuzz/MRTFuzz"),
        .testTarget(name: "MRTTests", dependencies: ["MRT", "BGP", "CZlib", "CBzip2"], exclude: ["Fixtures"]),
        .testTarget(name: "BGPTests", dependencies: ["BGP"]),
        .testTarget(name: "ixauditTests", dependencies: ["ixaudit", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "JobTests", dependencies: ["Job", "BGP"]),
        .testTarget(name: "RoutingTests", dependencies: ["Routing", "Job", "MRT", "BGP"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Audit", "Routing", "Job", "BGP"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Job", "Audit", "Routing", "MRT", "BGP", "Report"]),
        .testTarget(name: "RouteServerTests", dependencies: ["RouteServer", "Job", "Routing", "BGP", "Synth"]),
        .testTarget(name: "AuditTests", dependencies: ["Audit", "RouteServer", "Job", "Routing", "MRT", "BGP"]),
        .testTarget(name: "HistoryTests", dependencies: ["History", "Audit", "Report", "BGP", "CLibPQ"]),
        .testTarget(name: "SynthTests", dependencies: ["Synth", "Job", "Routing", "MRT", "BGP", "Audit", "RouteServer"]),
    ],
    swiftLanguageModes: [.v5]
)


/// The decoder and the line writers touch buffers held by classes millions of times per
/// file, and the reconstruction the routes held by sessions millions of times per night;
/// runtime exclusivity checks on them cost more than the work. Bounds checks stay on.
var fastPaths: [SwiftSetting] { [.unsafeFlags(["-enforce-exclusivity=unchecked"])] }
