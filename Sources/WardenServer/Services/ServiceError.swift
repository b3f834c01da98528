import HTTPTypes
public import WardenCore
public import WardenStore

/// Why a service call failed: a domain refusal, a lost race, or the store.
public enum ServiceError: Error, Sendable {
    case domain(DomainError)
    /// A rulebook registry command was refused.
    case policy(PolicyError)
    /// The stream kept moving under us; the caller may retry later.
    case conflict(String)
    case store(StoreError)

    /// The problem this error becomes over HTTP.
    var problem: Problem {
        switch self {
        case .domain(let error): Problem(error)
        case .policy(let error): Problem(error)
        case .conflict(let detail): Problem.conflict(detail)
        case .store:
            Problem(
                .serviceUnavailable, code: "store-unavailable", title: "存储暂不可用 / Store unavailable",
                detail: "The store could not complete the request.")
        }
    }
}
