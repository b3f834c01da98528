import Foundation
import Testing

/// The `warden` executable's data commands, run as a user would, on a real SQLite file.
@Suite(.serialized) struct CLITests {
    @Test func onboardingFromTheCommandLine() throws {
        let warden = try #require(WardenProcess.binary(), "the warden executable must be built")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = ["--database", "sqlite:" + directory.appendingPathComponent("w.sqlite").path]
        func run(_ arguments: [String]) throws -> WardenProcess.Finished { try WardenProcess.run(warden, arguments + database) }
        func id(_ output: String) -> String { output.split(separator: "\n").first { $0.hasPrefix("id\t") }.map { String($0.dropFirst(3)) } ?? "" }

        let merchant = id(try run(["user", "add", "--role", "merchant", "--name", "命令行商家"]).output)
        let reviewer = id(try run(["user", "add", "--role", "reviewer", "--name", "命令行审核员"]).output)
        let payments = id(try run(["user", "add", "--role", "system", "--name", "支付系统"]).output)
        #expect(merchant.hasPrefix("usr_") && reviewer.hasPrefix("usr_"))
        let badRole = try run(["user", "add", "--role", "boss", "--name", "x"])
        #expect(badRole.status != 0)
        #expect(badRole.errors.contains("--role"))
        // Commits that wait for fsync (decision 0034) read and write the same file.
        #expect(try run(["shop", "list", "--sqlite-durability", "power"]).status == 0)
        let badDurability = try run(["shop", "list", "--sqlite-durability", "forever"])
        #expect(badDurability.status != 0)
        #expect(badDurability.errors.contains("--sqlite-durability"))

        // A file with a wrong value is refused with its line and field, and nothing is created.
        let application = """
            {
              "subject": {"type": "individual", "name": "李四", "idNumber": "11010519491231002X", "legalRepresentative": "李四",
                          "phone": "13900139000", "address": "北京市西城区金融大街1号", "bankAccount": "6222020200112233445"},
              "shopType": "ordinary",
              "shopName": "命令行杂货店",
              "mainCategory": "home",
              "channels": ["douyin"]
            }
            """
        let bad = directory.appendingPathComponent("bad.json")
        try application.replacingOccurrences(of: #""shopType": "ordinary""#, with: #""shopType": "hypermarket""#)
            .write(to: bad, atomically: true, encoding: .utf8)
        let refused = try run(["shop", "apply", bad.path, "--as", merchant])
        #expect(refused.status != 0)
        #expect(refused.errors.contains("line 4: shopType"), "\(refused.errors)")
        #expect(try run(["shop", "list"]).output.isEmpty)

        let good = directory.appendingPathComponent("good.json")
        try application.write(to: good, atomically: true, encoding: .utf8)
        let applied = try run(["shop", "apply", good.path, "--as", merchant, "--key", "cli-1"])
        #expect(applied.status == 0, "\(applied.errors)")
        let shop = String(applied.output.split(separator: "\t").first ?? "")
        #expect(shop.hasPrefix("shop_"))
        #expect(try run(["shop", "apply", good.path, "--as", merchant, "--key", "cli-1"]).output.hasPrefix(shop))

        #expect(try run(["shop", "act", "submit", shop, "--as", merchant]).status == 0)
        let forbidden = try run(["shop", "act", "approve", shop, "--as", merchant])
        #expect(forbidden.status != 0)
        #expect(try run(["shop", "act", "approve", shop, "--as", reviewer, "--reason", "齐全"]).status == 0)
        #expect(try run(["shop", "act", "sign-contract", shop, "--as", merchant]).status == 0)
        #expect(try run(["shop", "act", "pay", shop, "--as", merchant, "--amount-cents", "200000", "--reference", "bank-1"]).status != 0)
        let paid = try run(["shop", "act", "pay", shop, "--as", payments, "--amount-cents", "200000", "--reference", "bank-1"])
        #expect(paid.output.contains("\topen\t"), "\(paid.output)\(paid.errors)")
        let suspended = try run(["shop", "act", "suspend", shop, "--as", reviewer, "--until", "2099-01-01T00:00:00Z", "--reason", "测试"])
        #expect(suspended.output.contains("\tsuspended\t"))
        #expect(try run(["shop", "list", "--status", "suspended"]).output.contains(shop))
        let history = try run(["shop", "history", shop]).output
        #expect(history.contains("shopSuspended"))
        #expect(try run(["rebuild", "--check"]).output.contains("projections identical to the log"))
        let replay = try run(["replay", "--policy", "Sources/WardenCore/Resources/rulebook.yaml"])
        #expect(replay.output.contains("shops that would change: 0"), "\(replay.output)\(replay.errors)")

        // Violations, the registry of rulebook versions, shadows and promotion, from the command line.
        let admin = id(try run(["user", "add", "--role", "admin", "--name", "规则运营"]).output)
        #expect(try run(["shop", "act", "lift-suspension", shop, "--as", reviewer]).status == 0)
        let recorded = try run([
            "shop", "act", "violation", shop, "--as", reviewer, "--type", "consumer-harm", "--violation-id", "c1", "--evidence", "case-1",
        ])
        #expect(recorded.status == 0, "\(recorded.errors)")
        let unknown = try run(["shop", "act", "violation", shop, "--as", reviewer, "--type", "no-such-type", "--violation-id", "c2"])
        #expect(unknown.status != 0)
        #expect(unknown.errors.contains("type"), "\(unknown.errors)")
        var standing = try run(["shop", "standing", shop]).output
        #expect(standing.contains(#""total":4"#), "\(standing)")
        #expect(try run(["policy", "list"]).output.contains("* douyin-default-2026.1\tlive"))

        let candidate = directory.appendingPathComponent("candidate.yaml")
        let text = try String(contentsOfFile: "Sources/WardenCore/Resources/rulebook.yaml", encoding: .utf8)
            .replacingOccurrences(of: #"version: "douyin-default-2026.1""#, with: #"version: "cli-shadow""#)
            .replacingOccurrences(
                of: "    points: 4\n    deposit: {fixed: {amount: 30000}}", with: "    points: 8\n    deposit: {fixed: {amount: 30000}}")
        try text.write(to: candidate, atomically: true, encoding: .utf8)
        #expect(try run(["policy", "publish", candidate.path, "--shadow", "--as", reviewer]).status != 0)
        let broken = directory.appendingPathComponent("broken.yaml")
        try text.replacingOccurrences(of: "maxLength: 30", with: "maxLength: many").write(to: broken, atomically: true, encoding: .utf8)
        let refusedFile = try run(["policy", "publish", broken.path, "--shadow", "--as", admin])
        #expect(refusedFile.status != 0)
        #expect(refusedFile.errors.contains("naming.maxLength"), "\(refusedFile.errors)")
        let shadow = try run(["policy", "publish", candidate.path, "--shadow", "--as", admin])
        #expect(shadow.output.contains("cli-shadow\tshadow"), "\(shadow.output)\(shadow.errors)")
        #expect(try run(["shop", "act", "violation", shop, "--as", reviewer, "--type", "consumer-harm", "--violation-id", "c3"]).status == 0)
        let report = try run(["policy", "shadow-report", "cli-shadow"]).output
        #expect(report.contains("1 violations seen, 1 decided differently"), "\(report)")
        #expect(report.contains("shadow: points 8"), "\(report)")
        #expect(try run(["policy", "promote", "cli-shadow", "--as", admin]).output.contains("cli-shadow\tlive"))
        Thread.sleep(forTimeInterval: 1.1)
        #expect(try run(["shop", "act", "violation", shop, "--as", reviewer, "--type", "consumer-harm", "--violation-id", "c4"]).status == 0)
        standing = try run(["shop", "standing", shop]).output
        #expect(standing.contains(#""total":16"#), "\(standing)")
        #expect(standing.contains(#""ruleVersion":"cli-shadow""#))
        let registryReplay = try run(["replay"])
        #expect(registryReplay.output.contains("shops that would change: 0"), "\(registryReplay.output)\(registryReplay.errors)")

        // Bulk import: a line that does not parse and a violation the rules refuse are reported by line, the rest recorded once.
        let lines = directory.appendingPathComponent("violations.jsonl")
        try """
        {"shopId": "\(shop)", "violation": {"id": "i1", "type": "consumer-harm", "evidence": ["screening-1"]}}
        {"shopId": "\(shop)", "violation": {"id": "i2", "type": "consumer-harm", "evidence": "not-a-list"}}
        {"shopId": "\(shop)", "violation": {"id": "i3", "type": "made-up", "evidence": []}}
        """.write(to: lines, atomically: true, encoding: .utf8)
        let imported = try run(["violations", "import", lines.path, "--as", payments])
        #expect(imported.output.contains("recorded 1, already recorded 0, refused 1, unreadable lines 1"), "\(imported.output)\(imported.errors)")
        #expect(imported.errors.contains("violations.jsonl:2: violation.evidence"), "\(imported.errors)")
        #expect(imported.errors.contains("violations.jsonl:3: i3"), "\(imported.errors)")
        let reimported = try run(["violations", "import", lines.path, "--as", payments])
        #expect(reimported.output.contains("recorded 0, already recorded 1"), "\(reimported.output)")
    }

    @Test func policyCheckNamesTheLineAndKey() throws {
        let warden = try #require(WardenProcess.binary(), "the warden executable must be built")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rulebook-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        let examples = try FileManager.default.contentsOfDirectory(atPath: "rulebooks").filter { $0.hasSuffix(".yaml") }.map { "rulebooks/\($0)" }
        #expect(examples.count >= 4)
        for file in ["Sources/WardenCore/Resources/rulebook.yaml"] + examples {
            let checked = try WardenProcess.run(warden, ["policy", "check", file])
            #expect(checked.status == 0, "\(file): \(checked.errors)")
        }
        let diff = try WardenProcess.run(warden, ["policy", "diff", "rulebooks/taobao-2015.yaml", "rulebooks/tiktok-shop-ph.yaml"])
        #expect(diff.output.contains("- ledgers.severe.nodes[at 48]: sealAccount"), "\(diff.output)")
        try "version: x\neffectiveFrom: 2026-01-01T00:00:00Z\nnaming:\n  maxLength: many\n".write(to: file, atomically: true, encoding: .utf8)
        let bad = try WardenProcess.run(warden, ["policy", "check", file.path])
        #expect(bad.status != 0)
        #expect(bad.errors.contains("\(file.path):4: naming.maxLength"), "\(bad.errors)")
    }

    @Test func batchScreeningReportsBadLinesAndKeepsGoing() throws {
        let warden = try #require(WardenProcess.binary(), "the warden executable must be built")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-screen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("listings.jsonl")
        let output = directory.appendingPathComponent("results.jsonl")
        try """
        {"id": "l1", "title": "仿 真 槍 模型", "category": "toys"}
        {"id": "l2", "title": 42}
        {"id": "l3", "title": "儿童水枪 夏天", "description": "高仿 原单"}
        {"id": "l4", "title": "纯棉短袖T恤"}
        """.write(to: input, atomically: true, encoding: .utf8)
        let screened = try WardenProcess.run(warden, ["screen", "--input", input.path, "--output", output.path])
        #expect(screened.status == 0, "\(screened.errors)")
        #expect(screened.output.contains("screened 3: pass 1, review 1, reject 1; unreadable lines 1"), "\(screened.output)")
        #expect(screened.errors.contains("listings.jsonl:2: title"), "\(screened.errors)")
        let lines = try String(contentsOf: output, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(
            lines[0].contains(#""decision":"reject""#) && lines[0].contains(#""span":[0,5]"#) && lines[0].contains(#""term":"仿真枪""#), "\(lines[0])")
        #expect(lines[1].contains(#""id":"l3""#) && lines[1].contains(#""decision":"review""#) && lines[1].contains(#""field":"description""#))
        #expect(lines[2].contains(#""decision":"pass","findings":[]"#) || lines[2].contains(#""findings":[]"#))
    }

    @Test func screeningBenchmarkReportsWhatItMeasured() throws {
        let warden = try #require(WardenProcess.binary(), "the warden executable must be built")
        let titles = FileManager.default.temporaryDirectory.appendingPathComponent("warden-titles-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: titles) }
        try "仿 真 槍 模型\n纯棉短袖T恤\n\nfang zhen qiang 金属\n".write(to: titles, atomically: true, encoding: .utf8)
        let run = try WardenProcess.run(warden, ["screen-bench", "--titles", titles.path, "--rounds", "2"])
        #expect(run.status == 0, "\(run.errors)")
        struct Report: Decodable {
            var titles: Int
            var bytes: Int
            var findings: Int
            var megabytesPerSecond: Double
            var buildSeconds: Double
        }
        let report = try JSONDecoder().decode(Report.self, from: Data(run.output.utf8))
        #expect(report.titles == 6)
        #expect(report.bytes == 2 * ("仿 真 槍 模型" + "纯棉短袖T恤" + "fang zhen qiang 金属").utf8.count)
        #expect(report.findings == 4, "two disguised titles found in each of two rounds")
        #expect(report.megabytesPerSecond > 0 && report.buildSeconds > 0)
        let empty = try WardenProcess.run(warden, ["screen-bench", "--titles", "/nonexistent/titles.txt"])
        #expect(empty.status != 0)
    }

    @Test func batchScreeningReportsBrandsTheShopIsNotAuthorisedFor() throws {
        let warden = try #require(WardenProcess.binary(), "the warden executable must be built")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-brands-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("listings.jsonl")
        let output = directory.appendingPathComponent("results.jsonl")
        try """
        {"id": "b1", "title": "NIKE 耐克 运动鞋"}
        {"id": "b2", "title": "NIKE 耐克 运动鞋", "brand": "Nike", "authorisedBrands": ["nike"]}
        {"id": "b3", "title": "新鲜 苹果 红富士 5斤"}
        """.write(to: input, atomically: true, encoding: .utf8)
        let screened = try WardenProcess.run(warden, ["screen", "--input", input.path, "--output", output.path])
        #expect(screened.status == 0, "\(screened.errors)")
        let lines = try String(contentsOf: output, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(
            lines[0].contains(#""decision":"review""#) && lines[0].contains(#""category":"brand:nike""#)
                && lines[0].contains(#""violation":"counterfeit""#), "\(lines[0])")
        #expect(lines[1].contains(#""decision":"pass""#), "\(lines[1])")
        #expect(lines[2].contains(#""decision":"pass""#), "\(lines[2])")
    }

    @Test func reservedIdempotencyKeysAreRefusedBeforeAnythingIsWritten() throws {
        let warden = try #require(WardenProcess.binary(), "the warden executable must be built")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-keys-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = ["--database", "sqlite:\(directory.appendingPathComponent("w.sqlite").path)"]
        for arguments in [
            ["shop", "act", "submit", "shop_x", "--as", "usr_x", "--key", "job:1"],
            ["shop", "apply", "/nonexistent.json", "--as", "usr_x", "--key", "violation:v1"],
        ] {
            let run = try WardenProcess.run(warden, arguments + database)
            #expect(run.status != 0)
            #expect(run.errors.contains("reserved for Warden itself"), "\(run.errors)")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path), "nothing was opened, let alone written")
    }
}
