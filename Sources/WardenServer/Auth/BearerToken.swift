import Crypto
import Foundation
import WardenCore

/// Bearer tokens: 160 random bits shown once, stored only as their SHA-256.
///
/// A token carries its own entropy, so a fast hash is the right tool (a password KDF guards
/// low-entropy secrets); a stolen database then yields no usable token.
public enum BearerToken {
    /// A new token: `wdn_` followed by 33 base-32 characters (at least 160 random bits).
    public static func generate() -> String { "wdn_" + randomToken(bytes: 20) }

    /// The hex SHA-256 of `token`, as the principals projection stores it.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// A stable identity derived from `parts`, for creates that must be idempotent.
    static func derivedID(_ parts: String...) -> String {
        String(hash(parts.joined(separator: "\u{1F}")).prefix(24))
    }
}
