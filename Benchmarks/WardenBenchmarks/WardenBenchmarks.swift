import Benchmark
import Foundation
import WardenCore
import WardenScreening
import WardenServer
import WardenStore
import WardenStoreSQLite

/// The rulebook engine measured alone (issue 4): violations decided and folded in memory, the
/// same through the SQLite store, and a replay of one million recorded violations across fifty
/// thousand shops. Run with `swift package benchmark --target WardenBenchmarks`.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .peakMemoryResident], maxDuration: .seconds(5))

    Benchmark("Violation decided and folded, in memory", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let world = try EngineWorld(shops: 1_000)
        var shops = world.shops
        benchmark.startMeasurement()
        for iteration in benchmark.scaledIterations {
            let index = iteration % shops.count
            // Ten days between a shop's violations: points expire, as on a real marketplace.
            let now = world.start.addingTimeInterval(Double(iteration / shops.count) * 10 * 86_400 + 60)
            let report = ViolationReport(id: "v\(iteration)", type: "consumer-harm")
            let context = ShopDecisionContext(now: now, actor: world.reviewer, rulebook: world.rulebook, categories: world.categories)
            guard let events = try? shops[index].decide(.recordViolation(report), in: context) else { continue }
            for event in events { shops[index].evolve(event, at: now) }
        }
        benchmark.stopMeasurement()
        blackHole(shops)
    }

    // Each sample opens 1,000 shops first, which takes seconds: without room for several samples
    // a run gives one, and one sample cannot tell a 10 % change from this machine's noise.
    let storeConfiguration = Benchmark.Configuration(warmupIterations: 0, scalingFactor: .kilo, maxDuration: .seconds(60), maxIterations: 5)

    Benchmark("Violation recorded through the SQLite store", configuration: storeConfiguration) { benchmark in
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("bench.sqlite").path)
        try await store.migrate()
        let world = try EngineWorld(shops: 1_000)
        let clock = ManualClock(world.start)
        let service = try ShopService(store: store, clock: clock, rulebook: world.rulebook, categories: world.categories)
        // Opened through the service, so that the store holds real histories.
        var ids: [ShopID] = []
        for index in 0..<world.shops.count {
            ids.append(try await world.openThrough(service, index: index))
        }
        benchmark.startMeasurement()
        for iteration in benchmark.scaledIterations {
            if iteration % ids.count == 0 { clock.advance(by: 10 * 86_400) }
            _ = try await service.execute(
                .recordViolation(ViolationReport(id: "v\(iteration)", type: "consumer-harm")), on: ids[iteration % ids.count], by: world.reviewer,
                idempotencyKey: nil)
        }
        benchmark.stopMeasurement()
    }

    Benchmark("Violations recorded through the SQLite store, 500 per batch", configuration: storeConfiguration) { benchmark in
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("bench.sqlite").path)
        try await store.migrate()
        let world = try EngineWorld(shops: 1_000)
        let clock = ManualClock(world.start)
        let service = try ShopService(store: store, clock: clock, rulebook: world.rulebook, categories: world.categories)
        var ids: [ShopID] = []
        for index in 0..<world.shops.count {
            ids.append(try await world.openThrough(service, index: index))
        }
        var batch: [ShopService<SQLiteStore>.BatchItem] = []
        benchmark.startMeasurement()
        for iteration in benchmark.scaledIterations {
            if iteration % ids.count == 0 { clock.advance(by: 10 * 86_400) }
            batch.append(.init(shop: ids[iteration % ids.count], report: ViolationReport(id: "v\(iteration)", type: "consumer-harm")))
            if batch.count == 500 {
                _ = try await service.recordViolations(batch, by: world.reviewer)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { _ = try await service.recordViolations(batch, by: world.reviewer) }
        benchmark.stopMeasurement()
    }

    // Where the store path's time goes: encoding a violation's commit (events and projection).
    Benchmark("Violation commit encoded (events and projection JSON)", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let world = try EngineWorld(shops: 1)
        var shop = world.shops[0]
        // A shop with a record: ten violations behind it.
        for number in 0..<10 {
            let now = world.start.addingTimeInterval(Double(number + 1) * 10 * 86_400)
            let context = ShopDecisionContext(now: now, actor: world.reviewer, rulebook: world.rulebook, categories: world.categories)
            for event in try shop.decide(.recordViolation(ViolationReport(id: "p\(number)", type: "consumer-harm")), in: context) {
                shop.evolve(event, at: now)
            }
        }
        let now = world.start.addingTimeInterval(200 * 86_400)
        let context = ShopDecisionContext(now: now, actor: world.reviewer, rulebook: world.rulebook, categories: world.categories)
        let events = try shop.decide(.recordViolation(ViolationReport(id: "next", type: "consumer-harm")), in: context)
        var next = shop
        for event in events { next.evolve(event, at: now) }
        let commit = ShopCommit(
            shop: shop.id, expectedVersion: shop.version, events: events, recordedAt: now,
            metadata: EventMetadata(principal: world.reviewer.id, role: .reviewer, idempotencyKey: "k"), resulting: next,
            previousNameClaim: shop.nameClaim, dueActions: [])
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try EncodedShopCommit(commit))
        }
        benchmark.stopMeasurement()
    }

    // Listing screening alone (issue 5): one seller-style title through every normalisation, the
    // dictionary, the sound channel and the brand table. scripts/screening/bench.sh sets the
    // same work beside ahocorasick-rs.
    Benchmark("Listing title screened, every normalisation on", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let screener = Screener(
            dictionary: try ScreeningDictionary.bundled(), tables: try CharacterTables.bundled(), brands: try BrandDictionary.bundled())
        let titles = [
            "2026新款 纯棉短袖T恤 男款 宽松 夏季 XL", "仿 真 槍 合金模型 可拆卸", "儿童水枪 夏天 戏水玩具 大容量", "fang zhen qiang 金属 收藏",
            "NIKE 耐克 运动鞋 男 透气 跑步鞋", "新鲜 苹果 红富士 5斤 包邮", "大码女装 孕妇可用 连衣裙", "木仓支 全新 现货",
        ]
        benchmark.startMeasurement()
        for iteration in benchmark.scaledIterations {
            blackHole(screener.screen(listing: ScreenedListing(title: titles[iteration % titles.count]), authorisedBrands: []))
        }
        benchmark.stopMeasurement()
    }

    Benchmark(
        "Replay of 1,000,000 violations across 50,000 shops",
        configuration: .init(metrics: [.wallClock, .peakMemoryResident], maxDuration: .seconds(120), maxIterations: 1)
    ) { benchmark in
        let world = try EngineWorld(shops: 1)
        let histories = world.histories(shops: 50_000, violationsPerShop: 20)
        benchmark.startMeasurement()
        var replayed = 0
        for (id, commits) in histories {
            if ShopReplay.replay(id, commits: commits, rulebook: world.rulebook, categories: world.categories) != nil { replayed += 1 }
        }
        benchmark.stopMeasurement()
        blackHole(replayed)
    }
}

/// Open shops and the policy the benchmarks run on.
struct EngineWorld {
    let rulebook: Rulebook
    let categories: CategoryTable
    let start = Date(timeIntervalSince1970: 1_772_323_200)
    let merchant = Actor(id: PrincipalID(rawValue: "usr_bench_merchant"), role: .merchant)
    let reviewer = Actor(id: PrincipalID(rawValue: "usr_bench_reviewer"), role: .reviewer)
    let shops: [Shop]

    init(shops count: Int) throws {
        rulebook = try Rulebook.bundledDefault()
        categories = try CategoryTable.bundledDefault()
        var shops: [Shop] = []
        for index in 0..<count {
            let (first, rest) = try Self.opening(index, rulebook: rulebook, categories: categories, at: start, merchant: merchant, reviewer: reviewer)
            guard var shop = Shop.start(id: ShopID(rawValue: "shop_bench_\(index)"), with: first, at: start) else { continue }
            for event in rest { shop.evolve(event, at: start) }
            shops.append(shop)
        }
        self.shops = shops
    }

    /// A valid credit code of its own for shop `index`, so that no two shops share a subject.
    static func creditCode(_ index: Int) -> String {
        let body = "92330106MA2H" + String(repeating: "0", count: max(0, 5 - String(index).count)) + String(index)
        if case .failure(.checkDigitMismatch(let expected)) = CreditCode.parse(body + "0") { return body + String(expected) }
        return body + "0"
    }

    static func application(_ index: Int) -> ShopApplication {
        ShopApplication(
            subject: SubjectInfo(
                type: .individualBusiness, name: "压测个体户", idNumber: creditCode(index), legalRepresentative: "王小明",
                legalRepresentativeID: "110101199003074477", phone: "13800138000", address: "浙江省杭州市西湖区文三路100号",
                bankAccount: "6222020200112233445"),
            shopType: .ordinary, shopName: "压测店\(index)", mainCategory: "apparel", channels: [.douyin])
    }

    /// The events that draft and open shop `index`.
    static func opening(
        _ index: Int, rulebook: Rulebook, categories: CategoryTable, at now: Date, merchant: Actor, reviewer: Actor
    ) throws -> (ShopEvent, [ShopEvent]) {
        let context = { (actor: Actor) in ShopDecisionContext(now: now, actor: actor, rulebook: rulebook, categories: categories) }
        let first = try Shop.draft(application(index), in: context(merchant))
        guard var shop = Shop.start(id: ShopID(rawValue: "shop_bench_\(index)"), with: first, at: now) else { return (first, []) }
        var rest: [ShopEvent] = []
        let steps: [(ShopCommand, Actor)] = [
            (.submit, merchant), (.approve(note: nil), reviewer), (.signContract(contractVersion: "1"), merchant),
            (.payDeposit(amount: .yuan(2_000), reference: "open"), .system),
        ]
        for (command, actor) in steps {
            for event in try shop.decide(command, in: context(actor)) {
                shop.evolve(event, at: now)
                rest.append(event)
            }
        }
        return (first, rest)
    }

    /// Opens shop `index` through the service and returns its id.
    func openThrough(_ service: ShopService<SQLiteStore>, index: Int) async throws -> ShopID {
        let shop = try await service.draft(Self.application(index), by: merchant, idempotencyKey: "bench-\(index)").shop
        _ = try await service.execute(.submit, on: shop.id, by: merchant, idempotencyKey: nil)
        _ = try await service.execute(.approve(note: nil), on: shop.id, by: reviewer, idempotencyKey: nil)
        _ = try await service.execute(.signContract(contractVersion: "1"), on: shop.id, by: merchant, idempotencyKey: nil)
        _ = try await service.execute(.payDeposit(amount: .yuan(2_000), reference: "open"), on: shop.id, by: .system, idempotencyKey: nil)
        return shop.id
    }

    /// Recorded histories: each shop opened, then `violationsPerShop` violations ten days apart.
    func histories(shops count: Int, violationsPerShop: Int) -> [(ShopID, [ReplayCommit])] {
        guard let (first, rest) = try? Self.opening(0, rulebook: rulebook, categories: categories, at: start, merchant: merchant, reviewer: reviewer)
        else { return [] }
        return (0..<count).map { index in
            var commits = [ReplayCommit(events: [first] + rest, at: start, actor: merchant)]
            for number in 0..<violationsPerShop {
                let report = ViolationReport(id: "v\(number)", type: number.isMultiple(of: 5) ? "three-no-product" : "consumer-harm")
                let recorded = ViolationRecorded(
                    report: report, ruleVersion: rulebook.version, occurrence: number + 1, points: 4, ledger: "points",
                    appealDeadline: start)
                commits.append(
                    ReplayCommit(
                        events: [.violationRecorded(recorded)], at: start.addingTimeInterval(Double(number + 1) * 10 * 86_400), actor: reviewer))
            }
            return (ShopID(rawValue: "shop_bench_\(index)"), commits)
        }
    }
}
