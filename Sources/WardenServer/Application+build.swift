public import Foundation
public import Hummingbird
public import Logging
public import Prometheus
public import WardenCore
public import WardenScreening
public import WardenStore

/// What Warden's HTTP application is built from; a missing piece is a compile error.
public struct WardenDependencies<Store: WardenStore>: Sendable {
    public var store: Store
    public var clock: any WardenClock
    /// The rulebook registry, seeded with the configured rulebook when the log holds none.
    public let rulebooks: RulebookService<Store>
    public var categories: CategoryTable
    /// Screens every listing revision on write.
    public var screener: Screener
    public var logger: Logger
    public var registry: PrometheusCollectorRegistry
    /// How often the job runner looks for due work.
    public var jobPollInterval: Duration
    /// How long a claimed job stays claimed before another process may take it over.
    public var jobLease: TimeInterval = 60

    public init(
        store: Store, clock: any WardenClock, rulebook: Rulebook, rulebookText: String? = nil, categories: CategoryTable, logger: Logger,
        registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), jobPollInterval: Duration = .seconds(1),
        screener: Screener? = nil
    ) throws {
        self.store = store
        self.clock = clock
        let text: String
        if let rulebookText { text = rulebookText } else { text = try rulebook.yamlText() }
        self.rulebooks = RulebookService(store: store, clock: clock, seed: rulebook, seedText: text)
        self.categories = categories
        if let screener {
            self.screener = screener
        } else {
            self.screener = try BundledScreener.load()
        }
        self.logger = logger
        self.registry = registry
        self.jobPollInterval = jobPollInterval
    }

    /// The per-shop command lock every shop service of this process shares.
    public let shopLocks = KeyedLock<ShopID>()

    /// The per-listing write lock every listing service of this process shares.
    public let listingLocks = KeyedLock<ListingID>()

    /// The listing service over these dependencies.
    public var listingService: ListingService<Store> {
        ListingService(shops: shopService, screener: screener, locks: listingLocks)
    }

    /// The shop service over these dependencies.
    public var shopService: ShopService<Store> {
        ShopService(store: store, clock: clock, rulebooks: rulebooks, categories: categories, locks: shopLocks)
    }
}

/// Builds Warden's router: the same function serves the executable and the tests.
public func buildRouter<Store: WardenStore>(_ dependencies: WardenDependencies<Store>) -> Router<WardenRequestContext> {
    let router = Router(context: WardenRequestContext.self)
    router.add(middleware: RequestMetricsMiddleware(registry: dependencies.registry))
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: ProblemMiddleware())
    SystemRoutes(store: dependencies.store, registry: dependencies.registry).add(to: router)

    let api = router.group("api/v1").add(middleware: BearerAuthMiddleware(store: dependencies.store))
    AccessRoutes(access: AccessService(store: dependencies.store, clock: dependencies.clock)).add(to: api)
    PolicyRoutes(rulebooks: dependencies.rulebooks, categories: dependencies.categories).add(to: api)
    RulebookRoutes(rulebooks: dependencies.rulebooks).add(to: api)
    ViolationBatchRoutes(service: dependencies.shopService).add(to: api)
    ListingRoutes(service: dependencies.listingService, logger: dependencies.logger).add(to: api)
    ShopRoutes(service: dependencies.shopService, logger: dependencies.logger).add(to: api)
    PolicyBacktestRoutes(backtest: PolicyBacktest(store: dependencies.store, categories: dependencies.categories), clock: dependencies.clock)
        .add(to: api)
    return router
}

/// Builds the whole application: the router on `host:port` plus the background job runner.
public func buildApplication<Store: WardenStore>(
    _ dependencies: WardenDependencies<Store>, host: String = "127.0.0.1", port: Int = 8080
) -> some ApplicationProtocol {
    var jobs = JobRunner(shops: dependencies.shopService, logger: dependencies.logger, pollInterval: dependencies.jobPollInterval)
    jobs.lease = dependencies.jobLease
    return Application(
        router: buildRouter(dependencies),
        configuration: .init(address: .hostname(host, port: port), serverName: "Warden"),
        services: [jobs],
        logger: dependencies.logger)
}

/// The bundled screening dictionary, brand table and character tables, loaded once per process.
enum BundledScreener {
    private static let shared: Screener? = try? build()

    /// The bundled screener; the load is retried (and its error thrown) if it failed before.
    static func load() throws -> Screener {
        if let shared { return shared }
        return try build()
    }

    private static func build() throws -> Screener {
        Screener(dictionary: try ScreeningDictionary.bundled(), tables: try CharacterTables.bundled(), brands: try BrandDictionary.bundled())
    }
}
