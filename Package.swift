// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ixaudit",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "ixaudit", targets: ["ixaudit"]),
        .library(name: "BGP", targets: ["BGP"]),
        .library(name: "MRT", targets: ["MRT"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CBzip2", path: "Sources/CBzip2",
                       providers: [.apt(["libbz2-dev"])]),
        .target(name: "BGP", swiftSettings: fastPaths),
        .target(name: "MRT", dependencies: ["BGP", "CZlib", "CBzip2"], swiftSettings: fastPaths),
        .executableTarget(
            name: "ixaudit",
            dependencies: ["MRT", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "MRTFuzz", dependencies: ["MRT"], path: "Fuzz/MRTFuzz"),
        .testTarget(name: "MRTTests", dependencies: ["MRT", "BGP", "CZlib", "CBzip2"]),
        .testTarget(name: "BGPTests", dependencies: ["BGP"]),
        .testTarget(name: "ixauditTests", dependencies: ["ixaudit"]),
    ],
    swiftLanguageModes: [.v5]
)


/// The decoder and the line writers touch buffers held by classes millions of times per
/// file; runtime exclusivity checks on them cost more than the work. Bounds checks stay on.
var fastPaths: [SwiftSetting] { [.unsafeFlags(["-enforce-exclusivity=unchecked"])] }
