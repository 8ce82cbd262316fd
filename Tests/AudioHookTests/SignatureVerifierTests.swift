import AudioHook
import Foundation
import Testing

@Suite("AudioHook: API keys and message signatures")
struct SignatureVerifierTests {
    // Genesys' published AudioHook example request.
    static let key = "SGVsbG8sIEkgYW0gdGhlIEFQSSBrZXkh"
    static let secret = "TXlTdXBlclNlY3JldEtleVRlbGxOby0xITJAMyM0JDU="
    static let organization = "d7934305-0972-4844-938e-9060eef73d05"
    static let session = "30b0e395-84d3-4570-ac13-9a62d8f514c0"
    static let correlation = "e160e428-53e2-487c-977d-96989bf5c99d"
    static let created = 1_641_013_200.0

    static func request(
        authorityComponent: String = "@authority", signature: String, created: String = "1641013200",
        expires: String = "3282026430",
        nonce: String = "VGhpc0lzQVVuaXF1ZU5vbmNl", key: String = key, organization: String = organization
    ) -> SignedRequest {
        let input = "sig1=(\"@request-target\" \"\(authorityComponent)\" \"audiohook-organization-id\" \"audiohook-session-id\" "
            + "\"audiohook-correlation-id\" \"x-api-key\");keyid=\"\(key)\";nonce=\"\(nonce)\";alg=\"hmac-sha256\";"
            + "created=\(created);expires=\(expires)"
        return SignedRequest(
            target: "/api/v1/voicebiometrics/ws", authority: "audiohook.example.com",
            headers: [
                ("Host", "audiohook.example.com"), ("Audiohook-Organization-Id", organization),
                ("Audiohook-Session-Id", session), ("Audiohook-Correlation-Id", correlation), ("X-API-KEY", key),
                ("Signature-Input", input), ("Signature", "sig1=:\(signature):"),
            ])
    }

    static var store: APIKeyStore { try! APIKeyStore(text: "\(key) \(secret)\nunsigned-key\n") }

    @Test("Genesys' example request verifies: signature NZBwy… over @authority")
    func genesysExample() {
        let verifier = SignatureVerifier(keys: Self.store)
        let request = Self.request(signature: "NZBwyBHRRyRoeLqy1IzOa9VYBuI8TgMFt2GRDkDuJh4=")
        #expect(verifier.verify(request, now: Self.created + 1) == .success(Self.key))
    }

    @Test("a request sent again while its signature is fresh is refused as replayed; another nonce is not")
    func replay() {
        let verifier = SignatureVerifier(keys: Self.store)
        let request = Self.request(signature: "NZBwyBHRRyRoeLqy1IzOa9VYBuI8TgMFt2GRDkDuJh4=")
        #expect(verifier.verify(request, now: Self.created + 1) == .success(Self.key))
        #expect(verifier.verify(request, now: Self.created + 3) == .failure(.replayed))
        #expect(verifier.verify(request, now: Self.created + 11) == .failure(.stale), "and once stale, stale")
        // The Host-signed vector carries the same nonce; the register is per verifier, so a
        // fresh one accepts it, and a tampered signature never enters the register.
        let other = SignatureVerifier(keys: Self.store)
        let tampered = Self.request(signature: "AAAAyBHRRyRoeLqy1IzOa9VYBuI8TgMFt2GRDkDuJh4=")
        #expect(other.verify(tampered, now: Self.created + 1) == .failure(.badSignature))
        #expect(other.verify(request, now: Self.created + 1) == .success(Self.key))
    }

    @Test("created and expires must be whole seconds: a correctly signed nan, inf, 1e9 or fraction is malformed")
    func timestampsAreIntegers() {
        /// The request with `created` and `expires`, signed over the base the verifier builds.
        func signed(created: String, expires: String) -> SignedRequest {
            let base = [
                "\"@request-target\": /api/v1/voicebiometrics/ws", "\"@authority\": audiohook.example.com",
                "\"audiohook-organization-id\": \(Self.organization)", "\"audiohook-session-id\": \(Self.session)",
                "\"audiohook-correlation-id\": \(Self.correlation)", "\"x-api-key\": \(Self.key)",
                "\"@signature-params\": (\"@request-target\" \"@authority\" \"audiohook-organization-id\" \"audiohook-session-id\" "
                    + "\"audiohook-correlation-id\" \"x-api-key\");keyid=\"\(Self.key)\";nonce=\"VGhpc0lzQVVuaXF1ZU5vbmNl\";"
                    + "alg=\"hmac-sha256\";created=\(created);expires=\(expires)",
            ].joined(separator: "\n")
            let signature = SignatureVerifier.sign(base: base, secret: Array(Data(base64Encoded: Self.secret)!))
            return Self.request(signature: signature, created: created, expires: expires)
        }
        for (created, expires) in [("nan", "nan"), ("1641013200", "inf"), ("1.6410132e9", "3282026430"), ("1641013200.5", "3282026430")] {
            let request = signed(created: created, expires: expires)
            let verifier = SignatureVerifier(keys: Self.store)
            // Before, "nan" passed every time check, and the same request was accepted again and again.
            #expect(verifier.verify(request, now: Self.created + 1) == .failure(.malformedSignature), "\(created) \(expires)")
            #expect(verifier.verify(request, now: Self.created + 2) == .failure(.malformedSignature), "\(created) \(expires)")
        }
        // The same signing with whole seconds verifies: the refusals above are the times', not the signature's.
        let verifier = SignatureVerifier(keys: Self.store)
        #expect(verifier.verify(signed(created: "1641013200", expires: "3282026430"), now: Self.created + 1) == .success(Self.key))
    }

    @Test("the same request covering the Host header instead of @authority signs as zupMJ… (the issue's vector)")
    func hostComponentVector() {
        let base = [
            "\"@request-target\": /api/v1/voicebiometrics/ws", "\"host\": audiohook.example.com",
            "\"audiohook-organization-id\": \(Self.organization)", "\"audiohook-session-id\": \(Self.session)",
            "\"audiohook-correlation-id\": \(Self.correlation)", "\"x-api-key\": \(Self.key)",
            "\"@signature-params\": (\"@request-target\" \"host\" \"audiohook-organization-id\" \"audiohook-session-id\" "
                + "\"audiohook-correlation-id\" \"x-api-key\");keyid=\"\(Self.key)\";nonce=\"VGhpc0lzQVVuaXF1ZU5vbmNl\";"
                + "alg=\"hmac-sha256\";created=1641013200;expires=3282026430",
        ].joined(separator: "\n")
        #expect(SignatureVerifier.sign(base: base, secret: Array(Data(base64Encoded: Self.secret)!))
            == "zupMJUMfd/kMuvKc5zhRyfJPE3jTROuz1S1hn8SCTpE=")
        // Host names the authority as well as @authority does: the server accepts either.
        let verifier = SignatureVerifier(keys: Self.store)
        let request = Self.request(authorityComponent: "host", signature: "zupMJUMfd/kMuvKc5zhRyfJPE3jTROuz1S1hn8SCTpE=")
        #expect(verifier.verify(request, now: Self.created + 1) == .success(Self.key))
    }

    @Test("refused: unknown key, tampered signature, stale, from the future, short nonce, unsigned")
    func refusals() {
        let verifier = SignatureVerifier(keys: Self.store)
        let good = "NZBwyBHRRyRoeLqy1IzOa9VYBuI8TgMFt2GRDkDuJh4="
        #expect(verifier.verify(Self.request(signature: good, key: "someone-else"), now: Self.created) == .failure(.unknownAPIKey))
        #expect(verifier.verify(Self.request(signature: "AAAA" + good.dropFirst(4)), now: Self.created) == .failure(.badSignature))
        #expect(verifier.verify(Self.request(signature: good), now: Self.created + 11) == .failure(.stale))
        #expect(verifier.verify(Self.request(signature: good), now: Self.created - 5) == .failure(.fromTheFuture))
        #expect(verifier.verify(Self.request(signature: good, nonce: "short"), now: Self.created) == .failure(.shortNonce))
        // Any change to a covered header breaks the signature.
        #expect(
            verifier.verify(Self.request(signature: good, organization: "d7934305-0972-4844-938e-9060eef73d06"), now: Self.created)
                == .failure(.badSignature))
        let unsigned = SignedRequest(target: "/x", authority: "h", headers: [("X-API-KEY", Self.key)])
        #expect(verifier.verify(unsigned, now: Self.created) == .failure(.unsigned))
        let allowed = SignedRequest(target: "/x", authority: "h", headers: [("X-API-KEY", "unsigned-key")])
        #expect(verifier.verify(allowed, now: Self.created) == .success("unsigned-key"))
        let none = SignedRequest(target: "/x", authority: "h", headers: [])
        #expect(verifier.verify(none, now: Self.created) == .failure(.noAPIKey))
    }

    @Test("key files: comments and blank lines; errors name the line, never the key")
    func keyFiles() throws {
        let store = try APIKeyStore(text: "# clients\n\nk1 \(Self.secret)\r\nk2\n")
        #expect(store.count == 2)
        #expect(store.secret(for: "k2") == [])
        #expect(throws: APIKeyFileError.malformed(line: 2, reason: "the client secret is not base64")) {
            try APIKeyStore(text: "k1 \(Self.secret)\nk2 not*base64\n")
        }
        #expect(throws: APIKeyFileError.malformed(line: 2, reason: "this API key is listed twice")) {
            try APIKeyStore(text: "k1\nk1\n")
        }
        #expect(throws: APIKeyFileError.empty) { try APIKeyStore(text: "# nothing\n") }
        let error = APIKeyFileError.malformed(line: 3, reason: "x")
        #expect(!error.description.contains("k1"))
    }
}
