import Foundation
import WardenCore

/// `POST /shops/{id}/approve`
struct ApproveBody: Codable, Sendable { var note: String? }
/// `POST /shops/{id}/reject`
struct RejectBody: Codable, Sendable { var reasons: [String] }
/// `POST /shops/{id}/contract`
struct ContractBody: Codable, Sendable { var contractVersion: String }
/// `POST /shops/{id}/deposit/payments`
struct DepositPaymentBody: Codable, Sendable {
    var amountCents: Int64
    var reference: String
}
/// `POST /shops/{id}/rename`
struct RenameBody: Codable, Sendable { var name: String }
/// `POST /shops/{id}/restrict`
struct RestrictBody: Codable, Sendable {
    var rights: [ShopRight]
    var reason: String
}
/// `POST /shops/{id}/suspend`
struct SuspendBody: Codable, Sendable {
    var until: Date
    var reason: String
}
/// `POST /shops/{id}/expel`
struct ExpelBody: Codable, Sendable { var reason: String }
/// `POST /principals`
struct CreatePrincipalBody: Codable, Sendable {
    var role: Role
    var name: String
}
