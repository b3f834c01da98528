import Hummingbird

extension Request {
    /// The `Idempotency-Key` header, checked: 1–128 printable ASCII characters, and none of the
    /// prefixes Warden keeps for its own commits (jobs, generated keys, creates, the registry seed,
    /// violations recorded in batches).
    func idempotencyKey() throws -> String? {
        guard let value = headers.first(where: { $0.name.canonicalName == "idempotency-key" })?.value else { return nil }
        guard (1...128).contains(value.utf8.count), value.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw Problem.badRequest("The Idempotency-Key header must be 1–128 printable ASCII characters.")
        }
        guard !["job:", "auto:", "create:", "seed", "violation:"].contains(where: value.hasPrefix) else {
            throw Problem.badRequest("Idempotency keys starting with job:, auto:, create:, seed or violation: are reserved for Warden itself.")
        }
        return value
    }
}
