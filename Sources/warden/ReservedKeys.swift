import ArgumentParser

/// Refuses an idempotency key given with `--key` that starts with a prefix Warden keeps for its
/// own commits (jobs, generated keys, creates, the registry seed, violations in batches), as the
/// HTTP API does (decision 0005).
func checkNotReserved(_ key: String?) throws {
    guard let key else { return }
    if ["job:", "auto:", "create:", "seed", "violation:"].contains(where: key.hasPrefix) {
        throw ValidationError("--key: keys starting with job:, auto:, create:, seed or violation: are reserved for Warden itself")
    }
}
