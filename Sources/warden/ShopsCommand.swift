import ArgumentParser
import Foundation
import WardenCore
import WardenServer
import WardenStore

/// `warden shop …`: read shops and take staff decisions from the command line.
///
/// Each decision runs through the same service as the API, as the principal named by
/// `--as` (a reviewer or admin id), so it is recorded in the log like any other.
struct ShopsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shop", abstract: "Read shops, apply, and act on them.",
        subcommands: [List.self, Show.self, Standing.self, History.self, Apply.self, Act.self])

    struct List: AsyncParsableCommand, StoreUser {
        static let configuration = CommandConfiguration(abstract: "List shops, optionally by status.")
        @Option(help: "Only shops in this status (applying, underReview, open, …).") var status: String?
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await database.with(self)
        }

        func use<Store: WardenStore>(_ store: Store, options: DatabaseOptions) async throws {
            var query = ShopQuery(limit: 10_000)
            if let status {
                guard let parsed = ShopStatus(rawValue: status) else {
                    throw ValidationError("--status: expected one of \(ShopStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                query.status = parsed
            }
            for shop in try await store.shops(query) {
                print("\(shop.id)\t\(shop.status.rawValue)\t\(shop.status.chineseName)\t\(shop.name)\t\(shop.deposit.balance)")
            }
        }
    }

    struct Show: AsyncParsableCommand, StoreUser {
        static let configuration = CommandConfiguration(abstract: "Print one shop as JSON.")
        @Argument(help: "The shop id.") var id: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await database.with(self)
        }

        func use<Store: WardenStore>(_ store: Store, options: DatabaseOptions) async throws {
            guard let shop = try await store.shop(ShopID(rawValue: id)) else {
                throw ValidationError("no shop \(id)")
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(shop), as: UTF8.self))
        }
    }

    struct Standing: AsyncParsableCommand, StoreUser {
        static let configuration = CommandConfiguration(
            abstract: "Print a shop's standing as JSON: points, deposit, sanctions in force and the rule behind each.")
        @Argument(help: "The shop id.") var id: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await database.with(self)
        }

        func use<Store: WardenStore>(_ store: Store, options: DatabaseOptions) async throws {
            guard let shop = try await store.shop(ShopID(rawValue: id)) else { throw ValidationError("no shop \(id)") }
            let service = try options.rulebookService(store)
            let registry: RulebookRegistry
            do { registry = try await service.registry() } catch { throw ValidationError(describe(error)) }
            print(try StandingDocument.json(for: shop, rulebooks: registry, at: Date()))
        }
    }

    struct History: AsyncParsableCommand, StoreUser {
        static let configuration = CommandConfiguration(abstract: "Print a shop's event history.")
        @Argument(help: "The shop id.") var id: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await database.with(self)
        }

        func use<Store: WardenStore>(_ store: Store, options: DatabaseOptions) async throws {
            for recorded in try await store.history(of: ShopID(rawValue: id)) {
                let reason = recorded.metadata.reason.map { "\t\($0)" } ?? ""
                print(
                    "\(recorded.version)\t\(recorded.recordedAt.formatted(.iso8601))\t\(recorded.event.typeName)\t\(recorded.metadata.principal)\(reason)"
                )
            }
        }
    }

    struct Apply: AsyncParsableCommand, StoreUser {
        static let configuration = CommandConfiguration(
            abstract: "Start an application (入驻申请) from a JSON file, as a merchant.",
            discussion: "The file holds one application object, as POST /api/v1/shops takes it.")
        @Argument(help: "The application JSON file.") var file: String
        @Option(name: .customLong("as"), help: "The merchant's principal id.") var actor: String
        @Option(help: "An idempotency key, so that running the command twice creates one shop.") var key: String?
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try checkNotReserved(key)
            try await database.with(self)
        }

        func use<Store: WardenStore>(_ store: Store, options: DatabaseOptions) async throws {
            let application = try ApplicationFile.read(file)
            let service = try options.shopService(store)
            let principal = try await principal(actor, in: service)
            do {
                let outcome = try await service.draft(application, by: principal.actor, idempotencyKey: key)
                print("\(outcome.shop.id)\t\(outcome.shop.status.rawValue)\t\(outcome.shop.status.chineseName)\t\(outcome.shop.name)")
            } catch {
                throw ValidationError(describe(error))
            }
        }
    }

    struct Act: AsyncParsableCommand, StoreUser {
        static let configuration = CommandConfiguration(
            abstract: "Act on a shop as a principal: the same commands, rules and log as the API.",
            discussion: """
                Merchant actions: submit, sign-contract, pay, rename, close.
                Staff actions: approve, reject, suspend, lift-suspension, restrict, lift-restriction, expel,
                violation (record a violation: --type, --violation-id, --evidence…; the rulebook version in force
                when it occurred decides every consequence).
                """)
        @Argument(help: "The action.") var action: String
        @Argument(help: "The shop id.") var id: String
        @Option(name: .customLong("as"), help: "The acting principal's id.") var actor: String
        @Option(help: "The reason (reject, suspend, restrict, expel) or note (approve).") var reason: String?
        @Option(help: "suspend: the end, as an ISO 8601 instant.") var until: String?
        @Option(help: "restrict: comma-separated rights (publishListings, joinCampaigns, liveSelling, withdrawFunds).")
        var rights: String?
        @Option(help: "pay: the amount in cents (分).") var amountCents: Int64?
        @Option(help: "pay: the payment reference.") var reference: String?
        @Option(help: "rename: the new name.") var name: String?
        @Option(help: "sign-contract: the contract version.") var contractVersion: String = "2026.1"
        @Option(help: "violation: the violation type's code in the rulebook (consumer-harm, fake-transaction, …).") var type: String?
        @Option(help: "violation: the violation's id, unique within the shop.") var violationID: String?
        @Option(help: "violation: when it happened (ISO 8601); now when absent.") var occurredAt: String?
        @Option(help: "violation: an evidence reference; repeat for several.") var evidence: [String] = []
        @Option(help: "violation: the number of offending items (fake orders).") var count: Int?
        @Flag(help: "violation: flagged as deliberate evasion of supervision (故意规避监管).") var deliberate = false
        @Option(help: "violation: the buyers' actual loss in cents.") var lossCents: Int64?
        @Option(help: "violation: a harmed buyer and what they paid, as BUYER:CENTS; repeat for several.") var buyer: [String] = []
        @Flag(help: "violation: a buyer's complaint was upheld.") var complaintUpheld = false
        @Option(help: "An idempotency key, so that running the command twice applies it once.") var key: String?
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try checkNotReserved(key)
            try await database.with(self)
        }

        func use<Store: WardenStore>(_ store: Store, options: DatabaseOptions) async throws {
            let command = try parseCommand()
            let service = try options.shopService(store)
            let principal = try await principal(actor, in: service)
            do {
                let outcome = try await service.execute(command, on: ShopID(rawValue: id), by: principal.actor, idempotencyKey: key)
                print("\(outcome.shop.id)\t\(outcome.shop.status.rawValue)\t\(outcome.shop.status.chineseName)\t\(outcome.shop.deposit.balance)")
            } catch {
                throw ValidationError(describe(error))
            }
        }

        func parseCommand() throws -> WardenCore.ShopCommand {
            let reason = self.reason ?? ""
            switch action {
            case "submit": return .submit
            case "close": return .close
            case "sign-contract": return .signContract(contractVersion: contractVersion)
            case "pay":
                guard let amountCents, let reference else { throw ValidationError("pay needs --amount-cents and --reference") }
                return .payDeposit(amount: Money(cents: amountCents), reference: reference)
            case "rename":
                guard let name else { throw ValidationError("rename needs --name") }
                return .rename(to: name)
            case "approve": return .approve(note: self.reason)
            case "reject": return .reject(reasons: [reason])
            case "lift-suspension": return .liftSuspension(automatic: false)
            case "lift-restriction": return .liftRestriction
            case "expel": return .expel(reason: reason)
            case "suspend":
                guard let until, let date = try? Date(until, strategy: .iso8601) else {
                    throw ValidationError("--until: an ISO 8601 instant such as 2026-12-01T00:00:00Z is required")
                }
                return .suspend(until: date, reason: reason)
            case "violation":
                guard let type, let violationID else { throw ValidationError("violation needs --type and --violation-id") }
                let buyers = try buyer.map { entry -> BuyerPayment in
                    let parts = entry.split(separator: ":")
                    guard parts.count == 2, let cents = Int64(parts[1]) else {
                        throw ValidationError("--buyer: expected BUYER:CENTS, got '\(entry)'")
                    }
                    return BuyerPayment(buyer: String(parts[0]), paid: Money(cents: cents))
                }
                return .recordViolation(
                    ViolationReport(
                        id: violationID, type: type, occurredAt: try occurredAt.map { try instant($0, option: "--occurred-at") },
                        evidence: evidence, count: count, deliberate: deliberate ? true : nil, note: reason.isEmpty ? nil : reason,
                        buyers: buyers.isEmpty ? nil : buyers, complaintUpheld: complaintUpheld ? true : nil,
                        loss: lossCents.map { Money(cents: $0) }))
            case "restrict":
                let names = (rights ?? "").split(separator: ",").map(String.init)
                let parsed = names.compactMap(ShopRight.init(rawValue:))
                guard !names.isEmpty, parsed.count == names.count else {
                    throw ValidationError("--rights: expected \(ShopRight.allCases.map(\.rawValue).joined(separator: ","))")
                }
                return .restrict(rights: parsed, reason: reason)
            default:
                throw ValidationError("unknown action '\(action)'")
            }
        }
    }
}

/// The principal with `id`, or a usage error naming `--as`.
func principal<Store: WardenStore>(_ id: String, in service: ShopService<Store>) async throws -> Principal {
    try await principal(id, in: service.store)
}

/// The principal `--as` names, from `store`.
func principal<Store: WardenStore>(_ id: String, in store: Store) async throws -> Principal {
    guard let principal = try await store.principal(PrincipalID(rawValue: id)) else {
        throw ValidationError("--as: no principal \(id)")
    }
    return principal
}

/// A service error as the CLI prints it: the message, then each field at fault.
func describe(_ error: ServiceError) -> String {
    if case .policy(let refusal) = error { return refusal.message }
    guard case .domain(let refusal) = error else { return "\(error)" }
    let fields = (refusal.invalidFields ?? []).map { violation in "\n  \(violation.field): \(violation.message)" }
    return refusal.message + fields.joined()
}

extension DomainError {
    /// The field violations, when the error is a validation failure.
    var invalidFields: [FieldViolation]? {
        if case .invalid(let fields) = self { return fields }
        return nil
    }
}
