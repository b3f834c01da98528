import Logging

extension Logger {
    /// Runs a service call for a route: a ``ServiceError`` becomes its problem, and a store
    /// failure is logged first (its details stay out of the answer).
    func answering<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ServiceError {
            if case .store(let cause) = error { self.error("store failure", metadata: ["error": "\(cause)"]) }
            throw error.problem
        }
    }
}
