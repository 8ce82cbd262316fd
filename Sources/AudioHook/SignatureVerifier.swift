import Crypto
import Foundation

/// Checks an AudioHook connection request: a known API key, and an RFC 9421 HTTP message
/// signature (`hmac-sha256` with the key's client secret) that covers the request target, the
/// authority, the three AudioHook ids and the key, made within the last ten seconds, and not
/// seen before (its nonce: a replayed request is refused).
///
/// The reason a check failed is for the server's own log (never with the key or secret in it);
/// the client only ever learns that it was refused.
public struct SignatureVerifier: Sendable {
    /// The components a signature must cover.
    public static let requiredComponents = [
        "@request-target", "@authority", "audiohook-organization-id", "audiohook-session-id",
        "audiohook-correlation-id", "x-api-key",
    ]
    /// The oldest signature accepted, in seconds since its `created` time.
    public static let maximumAgeSeconds = 10.0
    /// How far ahead of this machine's clock a `created` time may be (clock skew between hosts).
    public static let clockSkewSeconds = 2.0
    /// The shortest nonce accepted (characters).
    public static let minimumNonceLength = 22

    private let keys: APIKeyStore
    private let nonces = NonceRegister()

    public init(keys: APIKeyStore) {
        self.keys = keys
    }

    /// The API key the request authenticates as, or why it does not.
    public func verify(_ request: SignedRequest, now: Double) -> Result<String, AuthenticationFailure> {
        guard let key = request.header("x-api-key"), !key.isEmpty else { return .failure(.noAPIKey) }
        guard let secret = keys.secret(for: key) else { return .failure(.unknownAPIKey) }
        let inputHeader = request.header("signature-input")
        let signatureHeader = request.header("signature")
        if secret.isEmpty { return .success(key) }  // this key may connect unsigned
        guard let inputHeader, let signatureHeader else { return .failure(.unsigned) }
        guard let input = SignatureInput.parse(inputHeader), let signatures = SignatureInput.parseSignatures(signatureHeader)
        else { return .failure(.malformedSignature) }
        // The label whose signature we check: the one whose parameters name this key.
        guard let entry = input.first(where: { $0.parameters["keyid"] == key }),
            let mac = signatures[entry.label]
        else { return .failure(.malformedSignature) }
        for component in Self.requiredComponents where !entry.components.contains(component) {
            // The Host header names the authority as well as @authority does (Genesys' own
            // examples sign either).
            if component == "@authority" && entry.components.contains("host") { continue }
            return .failure(.componentNotCovered(component))
        }
        guard entry.parameters["alg"] == "hmac-sha256" else { return .failure(.wrongAlgorithm) }
        guard let nonce = entry.parameters["nonce"], nonce.count >= Self.minimumNonceLength else {
            return .failure(.shortNonce)
        }
        guard let created = entry.parameters["created"].flatMap(Self.timestamp),
            let expires = entry.parameters["expires"].flatMap(Self.timestamp)
        else { return .failure(.malformedSignature) }
        if created > now + Self.clockSkewSeconds { return .failure(.fromTheFuture) }
        if now - created > Self.maximumAgeSeconds || expires < now { return .failure(.stale) }

        var lines: [String] = []
        for component in entry.components {
            let value: String?
            switch component {
            case "@request-target": value = request.target
            case "@authority": value = request.authority
            default: value = component.hasPrefix("@") ? nil : request.header(component)
            }
            guard let value else { return .failure(.componentMissing(component)) }
            lines.append("\"\(component)\": \(value)")
        }
        lines.append("\"@signature-params\": \(entry.serializedParameters)")
        let base = Data(lines.joined(separator: "\n").utf8)
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: base, using: SymmetricKey(data: secret)) else {
            return .failure(.badSignature)
        }
        // Accepted until it goes stale (or expires), whichever comes first.
        let until = min(created + Self.maximumAgeSeconds, expires)
        guard nonces.record(key: key, nonce: nonce, until: until, now: now) else { return .failure(.replayed) }
        return .success(key)
    }

    /// A `created` or `expires` parameter: whole seconds since 1970, as RFC 9421 writes them
    /// (an integer of at most 15 digits). Anything else (`nan`, `inf`, `1e9`, a fraction) is
    /// not a time: "nan" would never go stale, and its nonce would never be kept.
    static func timestamp(_ text: String) -> Double? {
        guard (1...15).contains(text.utf8.count), text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Double(text)
    }

    /// The signature `secret` gives a request's components (for clients and tests).
    public static func sign(base: String, secret: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(base.utf8), using: SymmetricKey(data: secret))
        return Data(mac).base64EncodedString()
    }
}

/// Why a connection was refused. Logged by the server; never told to the client.
public enum AuthenticationFailure: Error, Equatable, CustomStringConvertible {
    case noAPIKey, unknownAPIKey, unsigned, malformedSignature, wrongAlgorithm, shortNonce, fromTheFuture, stale
    case badSignature, replayed
    case componentNotCovered(String)
    case componentMissing(String)

    public var description: String {
        switch self {
        case .noAPIKey: return "no X-API-KEY header"
        case .unknownAPIKey: return "an API key not in the key file"
        case .unsigned: return "no signature, and this key needs one"
        case .malformedSignature: return "Signature-Input or Signature cannot be read"
        case .wrongAlgorithm: return "a signature algorithm other than hmac-sha256"
        case .shortNonce: return "a nonce shorter than \(SignatureVerifier.minimumNonceLength) characters"
        case .fromTheFuture: return "a signature created in the future"
        case .stale: return "a signature older than \(Int(SignatureVerifier.maximumAgeSeconds)) s, or expired"
        case .badSignature: return "a signature that does not match"
        case .replayed: return "a signature already used (the request was replayed)"
        case .componentNotCovered(let name): return "the signature does not cover \(name)"
        case .componentMissing(let name): return "the request lacks the signed component \(name)"
        }
    }
}
