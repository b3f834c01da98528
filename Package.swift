// swift-tools-version:6.1
import PackageDescription

/// The upcoming-feature settings Hummingbird itself uses: every `public import` is then a decision.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "warden",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "warden", targets: ["warden"]),
        .library(name: "WardenCore", targets: ["WardenCore"]),
        .library(name: "WardenScreening", targets: ["WardenScreening"]),
        .library(name: "WardenStore", targets: ["WardenStore"]),
        .library(name: "WardenServer", targets: ["WardenServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // MARK: - Pure domain (no I/O)
        .target(
            name: "WardenCore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            resources: [.copy("Resources/rulebook.yaml"), .copy("Resources/categories.yaml")],
            swiftSettings: swiftSettings
        ),

        // MARK: - Listing screening (pure, with generated character tables)
        .target(
            name: "WardenScreening",
            dependencies: [.product(name: "Yams", package: "Yams")],
            resources: [.copy("Resources/tables"), .copy("Resources/screening-terms.yaml"), .copy("Resources/brands.yaml")],
            swiftSettings: swiftSettings
        ),

        // MARK: - Storage
        .target(
            name: "WardenStore",
            dependencies: ["WardenCore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "WardenStoreSQLite",
            dependencies: [
                "WardenStore", "WardenCore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "WardenStorePostgres",
            dependencies: [
                "WardenStore", "WardenCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "WardenStoreTesting",
            dependencies: ["WardenStore", "WardenCore"],
            swiftSettings: swiftSettings
        ),

        // MARK: - Server and CLI
        .target(
            name: "WardenServer",
            dependencies: [
                "WardenCore",
                "WardenScreening",
                "WardenStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Resources/openapi.json")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "warden",
            dependencies: [
                "WardenCore",
                "WardenScreening",
                "WardenStore",
                "WardenStoreSQLite",
                "WardenStorePostgres",
                "WardenServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: - Benchmarks
        .executableTarget(
            name: "WardenBenchmarks",
            dependencies: [
                "WardenCore", "WardenScreening", "WardenServer", "WardenStore", "WardenStoreSQLite",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/WardenBenchmarks",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "warden-bare",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            path: "Benchmarks/BareHummingbird",
            swiftSettings: swiftSettings
        ),

        // MARK: - Tests
        .testTarget(
            name: "WardenCoreTests",
            dependencies: ["WardenCore", .product(name: "Yams", package: "Yams")],
            exclude: ["Scenarios"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WardenScreeningTests",
            dependencies: ["WardenScreening"],
            // Read from the source tree by GoldenScreeningTests.
            exclude: ["Golden"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WardenStoreTests",
            dependencies: ["WardenStore", "WardenCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WardenStoreSQLiteTests",
            dependencies: [
                "WardenStoreSQLite", "WardenStoreTesting", "WardenStore", "WardenCore", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WardenStorePostgresTests",
            dependencies: [
                "WardenStorePostgres", "WardenStoreTesting", "WardenStore", "WardenCore",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WardenServerTests",
            dependencies: [
                "WardenServer",
                "WardenStoreSQLite",
                "WardenStorePostgres",
                "WardenStore",
                "WardenCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
